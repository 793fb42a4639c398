"""Small, deterministic text helpers shared by the generator and the renderers."""
from __future__ import annotations

import re
import unicodedata
import zlib
from html import escape

WEEKDAYS_TITLE = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật")
WEEKDAYS_LOWER = ("Thứ hai", "Thứ ba", "Thứ tư", "Thứ năm", "Thứ sáu", "Thứ bảy", "Chủ nhật")


def stable_hash(text: str) -> int:
    """A process-independent hash (``hash()`` is salted per process)."""
    return zlib.crc32(text.encode("utf-8"))


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def slugify(text: str, max_words: int = 14) -> str:
    """ASCII slug without diacritics: "Huyện Cầu Kè đạt chuẩn" -> "huyen-cau-ke-dat-chuan"."""
    text = nfc(text).replace("đ", "d").replace("Đ", "D")
    text = unicodedata.normalize("NFD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    words = re.findall(r"[a-z0-9]+", text)
    return "-".join(words[:max_words])


def cap(text: str) -> str:
    """Upper-case the first letter only (keeps proper nouns inside the sentence)."""
    return text[:1].upper() + text[1:] if text else text


def thousands(n: int, sep: str) -> str:
    return f"{n:,}".replace(",", sep)


def h(text: str) -> str:
    """HTML-escape text for element content and attribute values."""
    return escape(text, quote=True)
