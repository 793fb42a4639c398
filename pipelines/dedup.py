"""Deduplication within a crawl: one item per canonical URL.

Across crawls the archive itself keys articles by canonical URL (see ``pipelines.archive``),
so re-crawling a portal updates rows instead of adding new ones.
"""
from __future__ import annotations

from scrapy.exceptions import DropItem

from crawler.items import Article


class DedupPipeline:
    """Drops a second article item with a canonical URL already seen in this crawl."""

    def __init__(self, stats=None):
        self.seen: set[str] = set()
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler.stats)

    def process_item(self, item, spider=None):
        if isinstance(item, Article):
            if item.canonical_url in self.seen:
                if self.stats:
                    self.stats.inc_value("archive/duplicates_dropped")
                raise DropItem(f"duplicate article URL {item.canonical_url}")
            self.seen.add(item.canonical_url)
        return item
