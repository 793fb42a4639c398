"""Accent folding for Vietnamese search (pure functions, no I/O).

``fold("Đà Nẵng")`` -> ``"da nang"``: lower-case, every combining mark removed (so letters with two
marks such as "ưở", "ậ" fold completely), đ/Đ (and the look-alike Ð/ð that legacy encodings produce)
-> d. NFC and NFD input fold to the same string. The archive indexes this folded text beside the
original so that accent-free queries find accented words; SQLite's ``unicode61`` tokenizer cannot do
this by itself (it never folds đ).
"""
from __future__ import annotations

import re
import unicodedata

from crawler.extract.text import nfc

_D_MAP = {"đ": "d", "Đ": "d", "ð": "d", "Ð": "d"}
# a word, as SQLite's unicode61 tokenizer sees it: letters (with their marks), digits, private use
WORD_RE = re.compile(r"[^\W_]+", re.UNICODE)


def fold_char(ch: str) -> str:
    """Fold one (NFC) character; usually returns one character, never more than a few."""
    if ch in _D_MAP:
        return "d"
    if ch.isascii():
        return ch.lower()
    decomposed = unicodedata.normalize("NFD", ch)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return stripped.lower()


def fold(text: str | None) -> str | None:
    """Lower-case, diacritics removed, đ/Đ -> d; NFC- and NFD-safe. ``fold(None)`` is None."""
    if text is None:
        return None
    return nfc(text).translate(_FOLD_TABLE)


class _FoldTable(dict):
    """code point -> ``fold_char`` of it, filled on first use: ``str.translate`` then folds in C."""

    def __missing__(self, code: int) -> str:
        folded = self[code] = fold_char(chr(code))
        return folded


_FOLD_TABLE = _FoldTable()


def fold_with_offsets(text: str) -> tuple[str, list[int] | None]:
    """Fold NFC ``text``; also return, for each folded character, the index of its source character, or
    None when each character folds to exactly one (the usual case: the indexes are the same)."""
    folded = text.translate(_FOLD_TABLE)
    if len(folded) == len(text) and all(len(_FOLD_TABLE[ord(ch)]) == 1 for ch in set(text)):
        return folded, None
    out, offsets, table = [], [], _FOLD_TABLE
    for i, ch in enumerate(text):
        f = table[ord(ch)]
        out.append(f)
        offsets.extend([i] * len(f))
    return "".join(out), offsets


def has_marks(text: str) -> bool:
    """True when ``text`` carries any diacritic or đ (i.e. folding changes it beyond case)."""
    text = nfc(text)
    return fold(text) != text.lower()


def words(text: str | None) -> list[str]:
    """The words of ``text`` (NFC), split like SQLite's unicode61 tokenizer splits them."""
    return WORD_RE.findall(nfc(text or ""))
