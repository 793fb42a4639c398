"""Scrapy's log messages, minus the per-item "Scraped from" and per-page "Crawled" records when they would be
dropped anyway."""
from __future__ import annotations

import logging

from scrapy.logformatter import LogFormatter


class QuietLogFormatter(LogFormatter):
    """Scrapy's ``LogFormatter``, except that ``scraped`` (a DEBUG record with the item's repr, one per item)
    and ``crawled`` (one per response) return None unless the crawl logs at DEBUG. Scrapy's root logger passes
    every record to the handlers, which drop it by level only after it was built."""

    def __init__(self, log_level: int = logging.DEBUG):
        self.items_logged = log_level <= logging.DEBUG

    @classmethod
    def from_crawler(cls, crawler):
        level = crawler.settings.get("LOG_LEVEL", "DEBUG")
        level = level if isinstance(level, int) else logging.getLevelName(str(level).upper())
        return cls(level if isinstance(level, int) else logging.DEBUG)

    def scraped(self, item, response, spider):
        return super().scraped(item, response, spider) if self.items_logged else None

    def crawled(self, request, response, spider):
        return super().crawled(request, response, spider) if self.items_logged else None
