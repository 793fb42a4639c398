"""Deduplication within a crawl: one item per canonical URL.

Across crawls the archive keys articles by ``url_key`` (see ``crawler.urls`` and ``portal_archive.archive``),
so re-crawling a portal updates rows instead of adding new ones. Content identity (hash, simhash) and
revision summaries are defined here and used by the archive to link syndicated stories.
"""
from __future__ import annotations

import difflib
import hashlib
import re

from scrapy.exceptions import DropItem

from crawler.extract.text import nfc
from crawler.items import Article, CounterSnapshot


class DedupPipeline:
    """Drops a second article item with a canonical URL already seen in this crawl (its page's counters,
    which the article item carries, still go on as a ``CounterSnapshot``)."""

    def __init__(self, stats=None):
        self.seen: set[str] = set()
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler.stats)

    def process_item(self, item, spider=None):
        if isinstance(item, Article):
            if item.url_key in self.seen:
                if self.stats:
                    self.stats.inc_value("archive/duplicates_dropped")
                if item.counters:
                    return CounterSnapshot.of(item)
                raise DropItem(f"duplicate article URL {item.canonical_url}")
            self.seen.add(item.url_key)
        return item


_TOKEN = re.compile(r"\w+", re.UNICODE)


def simhash(text: str | None, shingle: int = 3) -> str | None:
    """64-bit simhash (hex) of word 3-shingles of the NFC, lower-cased text; None for empty text.

    Near-duplicates (the same story republished with small edits) differ in few bits."""
    if not text:
        return None
    text = nfc(text).lower()
    words = _TOKEN.findall(text)
    grams = [" ".join(words[i:i + shingle]) for i in range(max(len(words) - shingle + 1, 1))]
    # bit b of the big-endian 8-byte digests is bit b % 8 of byte 7 - b // 8: count the set bits of each
    # bit position over all grams with bytes.translate/count (C loops) instead of 64 Python steps per gram
    digests = b"".join(hashlib.blake2b(g.encode("utf-8"), digest_size=8).digest() for g in grams)
    value = 0
    for byte in range(8):
        column = digests[byte::8]
        for b in range(8):
            if 2 * column.translate(_BIT_TABLES[b]).count(1) > len(grams):  # weight = set - unset > 0
                value |= 1 << ((7 - byte) * 8 + b)
    return f"{value:016x}"


_BIT_TABLES = [bytes((v >> b) & 1 for v in range(256)) for b in range(8)]


def simhash_bands(value: str) -> list[tuple[int, str]]:
    """The four 16-bit bands of a simhash: two hashes within 3 bits share at least one band."""
    return [(i, value[i * 4:(i + 1) * 4]) for i in range(4)]


def hamming(a: str, b: str) -> int:
    return bin(int(a, 16) ^ int(b, 16)).count("1")


def diff_summary(old: dict, new: dict) -> str:
    """One line saying what changed between two versions of an article (fields and paragraphs)."""
    changed = [f for f in ("title", "byline", "published_at") if old.get(f) != new.get(f)]
    a = (old.get("body_text") or "").split("\n\n")
    b = (new.get("body_text") or "").split("\n\n")
    ops = difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes()
    added = sum(j2 - j1 for tag, i1, i2, j1, j2 in ops if tag in ("insert", "replace"))
    removed = sum(i2 - i1 for tag, i1, i2, j1, j2 in ops if tag in ("delete", "replace"))
    parts = [f"{f} changed" for f in changed]
    if added or removed:
        parts.append(f"body: +{added}/-{removed} paragraphs")
    return "; ".join(parts) or "whitespace or markup only"
