"""Deduplication within a crawl: one item per canonical URL.

Across crawls the archive keys articles by ``url_key`` (see ``crawler.urls`` and ``portal_archive.archive``),
so re-crawling a portal updates rows instead of adding new ones; near-identical texts are linked as one story
there (``portal_archive.archive.stories``).
"""
from __future__ import annotations

from scrapy.exceptions import DropItem

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
