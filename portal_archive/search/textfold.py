"""Accent folding for Vietnamese search (pure functions, no I/O).

``fold("Đà Nẵng")`` -> ``"da nang"``: lower-case, every combining mark removed (so letters with two
marks such as "ưở", "ậ" fold completely), đ/Đ (and the look-alike Ð/ð that legacy encodings produce)
-> d. NFC and NFD input fold to the same string. The archive indexes this folded text beside the
original so that accent-free queries find accented words; SQLite's ``unicode61`` tokenizer cannot do
this by itself (it never folds đ).
"""
from __future__ import annotations

import re

from crawler.extract.text import FOLD_TABLE, fold, fold_char, nfc  # noqa: F401 (fold, fold_char: re-exported)

# a word, as SQLite's unicode61 tokenizer sees it: letters (with their marks), digits, private use
WORD_RE = re.compile(r"[^\W_]+", re.UNICODE)


def fold_with_offsets(text: str) -> tuple[str, list[int] | None]:
    """Fold NFC ``text``; also return, for each folded character, the index of its source character, or
    None when each character folds to exactly one (the usual case: the indexes are the same)."""
    folded = text.translate(FOLD_TABLE)
    if len(folded) == len(text) and all(len(FOLD_TABLE[ord(ch)]) == 1 for ch in set(text)):
        return folded, None
    out, offsets, table = [], [], FOLD_TABLE
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
