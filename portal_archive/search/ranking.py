"""Relevance scores for ``archive.search`` (pure functions, no I/O).

BM25F over an article's folded columns (title, body, captions, byline): a term's frequency in each
column is weighted (title 10, body 1, captions 2, byline 2) and normalised by the column's length
against the archive's average length of that column, summed over columns, saturated (k1 = 1.2,
b = 0.75) and multiplied by the term's idf. Scores are only compared within one query.

The archive computes these in Python for the candidates FTS5's ``bm25()`` ranks best (``bm25()`` normalises
length over the whole row, not per column, so it only chooses the candidates). Document frequencies come
from a bounded stratified sample (``estimate_df``), and the column averages from FTS5's own totals record
(``decode_averages``).
"""
from __future__ import annotations

import math
import re

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


SCORE_CHARS = 2_000_000  # characters of one column scored: a longer column's tail is not read (bounded work)


class Scorer:
    """BM25F of one query's positive terms: ``score(columns) -> float`` (higher is better, 0 if no term
    occurs). ``terms``: (folded word, is_prefix); ``idfs``: one per term; ``avg_lengths``: average
    tokens of the four folded columns across the archive.

    Proximity: each of ``near`` (folded word runs, ``Query.near``) counts as one more term, its idf the
    sum of its words' idfs, with its frequency the number of times the words stand adjacent, in order.
    A document where "ca mau" stands together thus scores about twice one where "ca" and "mau" are
    scattered, other things equal."""

    def __init__(self, terms: list[tuple[str, bool]], idfs: list[float], avg_lengths: tuple[float, ...],
                 near: list[tuple[str, ...]] = ()):
        by_word = {word: idf for (word, prefix), idf in zip(terms, idfs) if not prefix}
        near = [run for run in near if all(w in by_word for w in run)]
        self.idfs = list(idfs) + [sum(by_word[w] for w in run) for run in near]
        self.avg = [max(a, 1.0) for a in avg_lengths]
        self.pattern = term_pattern(tuple(terms)) if terms else None
        self.near = [re.compile(r"(?<![^\W_])" + r"[\W_]+".join(map(re.escape, run)) + r"(?![^\W_])")
                     for run in near]
        # folded Vietnamese is ASCII: then words are counted with bytes.count, much faster than the regex
        self.needles = [(b" " + w.encode() + (b"" if prefix else b" ")) for w, prefix in terms] + \
            [b" " + b"  ".join(w.encode() for w in run) + b" " for run in near] \
            if all(w.isascii() and w.isalnum() for w, _ in terms) else None

    def score(self, columns: tuple[str | None, ...]) -> float:
        if self.pattern is None:
            return 0.0
        tf = [0.0] * len(self.idfs)
        for c, text in enumerate(columns):
            if not text:
                continue
            text = text[:SCORE_CHARS]
            length = text.count(" ") + 1  # tokens, near enough: words are space-separated
            weight = COLUMN_WEIGHTS[c] / (1.0 - B + B * length / self.avg[c])
            if self.needles is not None:
                # words joined by two spaces, so " word " finds each whole word once
                words = b" " + b"  ".join(text.encode().translate(_SPACES).split()) + b" "
                for n, needle in enumerate(self.needles):
                    tf[n] += weight * words.count(needle)
            else:
                for m in self.pattern.finditer(text):
                    tf[m.lastindex - 1] += weight
                for n, pattern in enumerate(self.near, start=len(self.idfs) - len(self.near)):
                    tf[n] += weight * sum(1 for _ in pattern.finditer(text))
        return sum(i * t * (K1 + 1.0) / (K1 + t) for i, t in zip(self.idfs, tf) if t)


# bytes that are not ASCII letters or digits -> space (non-ASCII bytes too: only used for ASCII terms)
_SPACES = bytes(b if chr(b).isascii() and chr(b).isalnum() else 32 for b in range(256))
