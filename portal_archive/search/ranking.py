"""Relevance scores for ``archive.search`` (pure functions, no I/O).

BM25F over an article's folded columns (title, body, captions, byline): a term's frequency in each
column is weighted (title 10, body 1, captions 2, byline 2) and normalised by the column's length
against the archive's average length of that column, summed over columns, saturated (k1 = 1.2,
b = 0.75) and multiplied by the term's idf. Scores are only compared within one query.

The archive computes these in Python for a bounded candidate set instead of calling FTS5's ``bm25()``,
because ``bm25()`` reads every match of every term to count document frequencies: cost linear in the
number of matches, too slow per query on a large archive. Here document frequencies
come from a bounded stratified sample (``estimate_df``), and the column averages from FTS5's own totals record
(``decode_averages``).
"""
from __future__ import annotations

import math

from portal_archive.search.query import term_pattern

K1, B = 1.2, 0.75
COLUMN_WEIGHTS = (10.0, 1.0, 2.0, 2.0)  # title, body, captions, byline (the folded columns, in this order)


def idf(df: float, n: int) -> float:
    """BM25's inverse document frequency (always positive) of a term in ``df`` of ``n`` documents."""
    df = min(max(df, 0.0), float(n))
    return math.log(1.0 + (n - df + 0.5) / (df + 0.5))


def strata(max_id: int, count: int = 8) -> list[tuple[int, int]]:
    """``count`` equal id ranges ``(lo, hi]`` covering ids 1..``max_id``, for ``estimate_df``."""
    bounds = [max_id * k // count for k in range(count + 1)]
    return [(lo, hi) for lo, hi in zip(bounds, bounds[1:]) if hi > lo]


def estimate_df(samples: list[tuple[int, int, list[int]]], per_stratum: int) -> float:
    """Documents containing a term, from a stratified sample: per id range ``(lo, hi]``, the ids of its
    matches there, highest first, read up to ``per_stratum``. A short sample is that range's exact count;
    a full one is scaled by the share of the range it covered. Sampling every range, not only the newest
    ids, keeps the estimate right for terms that are common only in some years."""
    total = 0.0
    for lo, hi, ids in samples:
        if len(ids) < per_stratum:
            total += len(ids)
        else:
            total += len(ids) * (hi - lo) / max(1, hi - ids[-1] + 1)
    return total


def decode_averages(block: bytes | None) -> tuple[int, list[int]]:
    """(rows, total tokens per column) from FTS5's averages record (``<table>_data`` row id 1): SQLite
    varints, the row count then one total per column. ``(0, [])`` for an empty or missing record."""
    if not block:
        return 0, []
    values, i = [], 0
    while i < len(block):
        value = 0
        for k in range(9):
            byte = block[i + k]
            if k == 8:
                value = (value << 8) | byte
                break
            value = (value << 7) | (byte & 0x7F)
            if byte < 0x80:
                break
        i += k + 1
        values.append(value)
    return values[0], values[1:]


class Scorer:
    """BM25F of one query's positive terms: ``score(columns) -> float`` (higher is better, 0 if no term
    occurs). ``terms``: (folded word, is_prefix); ``idfs``: one per term; ``avg_lengths``: average
    tokens of the four folded columns across the archive."""

    def __init__(self, terms: list[tuple[str, bool]], idfs: list[float], avg_lengths: tuple[float, ...]):
        self.idfs = idfs
        self.avg = [max(a, 1.0) for a in avg_lengths]
        self.pattern = term_pattern(tuple(terms)) if terms else None
        # folded Vietnamese is ASCII: then words are counted with bytes.count, much faster than the regex
        self.needles = [(b" " + w.encode() + (b"" if prefix else b" ")) for w, prefix in terms] \
            if all(w.isascii() and w.isalnum() for w, _ in terms) else None

    def score(self, columns: tuple[str | None, ...]) -> float:
        if self.pattern is None:
            return 0.0
        tf = [0.0] * len(self.idfs)
        for c, text in enumerate(columns):
            if not text:
                continue
            length = text.count(" ") + 1  # tokens, near enough: words are space-separated
            weight = COLUMN_WEIGHTS[c] / (1.0 - B + B * length / self.avg[c])
            if self.needles is not None:
                # every non-word byte becomes two spaces, so " word " finds each whole word once
                words = b" " + text.encode().translate(_SPACES).replace(b" ", b"  ") + b" "
                for n, needle in enumerate(self.needles):
                    tf[n] += weight * words.count(needle)
            else:
                for m in self.pattern.finditer(text):
                    tf[m.lastindex - 1] += weight
        return sum(i * t * (K1 + 1.0) / (K1 + t) for i, t in zip(self.idfs, tf) if t)


# bytes that are not ASCII letters or digits -> space (non-ASCII bytes too: only used for ASCII terms)
_SPACES = bytes(b if chr(b).isascii() and chr(b).isalnum() else 32 for b in range(256))
