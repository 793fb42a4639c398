"""The per-item "Scraped from" and per-page "Crawled" records are only built when the crawl logs at DEBUG (a real Scrapy crawler)."""
from __future__ import annotations

import logging

from scrapy.crawler import Crawler
from scrapy.http import HtmlResponse
from scrapy.spiders import Spider

from crawler.logformatter import QuietLogFormatter
from crawler.runner import project_settings


def _formatter(tmp_path, level):
    crawler = Crawler(Spider, project_settings(tmp_path / "a.db", LOG_LEVEL=level))
    return QuietLogFormatter.from_crawler(crawler)


def test_items_are_not_logged_above_debug(tmp_path):
    response = HtmlResponse("https://example.gov.vn/a.html", body=b"<html></html>")
    item = {"url": response.url}
    assert _formatter(tmp_path, "INFO").scraped(item, response, Spider("x")) is None
    assert _formatter(tmp_path, logging.WARNING).scraped(item, response, Spider("x")) is None
    debug = _formatter(tmp_path, "DEBUG").scraped(item, response, Spider("x"))
    assert debug["level"] == logging.DEBUG
    assert debug["args"]["item"] is item
    request = response.request = response.follow("/b.html")
    assert _formatter(tmp_path, "INFO").crawled(request, response, Spider("x")) is None
    crawled = _formatter(tmp_path, "DEBUG").crawled(request, response, Spider("x"))
    assert crawled["level"] == logging.DEBUG
    assert crawled["args"]["request"] is request


def test_the_crawl_stats_collector_keeps_scrapys_behaviour(tmp_path):
    """``crawler.stats.StatsCollector`` (the project's STATS_CLASS) answers every call as Scrapy's
    ``MemoryStatsCollector`` does, the deprecated ``spider`` argument included, without its access shim."""
    from scrapy.statscollectors import MemoryStatsCollector

    from crawler.stats import StatsCollector

    crawler = Crawler(Spider, project_settings(tmp_path / "a.db"))
    assert crawler.settings["STATS_CLASS"] == "crawler.stats.StatsCollector"
    results = []
    for cls in (MemoryStatsCollector, StatsCollector):
        stats = cls(crawler)
        stats.open_spider()
        stats.inc_value("pages")
        stats.inc_value("pages", 4)
        stats.inc_value("bytes", 10, start=100)
        stats.max_value("peak", 3)
        stats.max_value("peak", 2)
        stats.min_value("low", 5)
        stats.min_value("low", 7)
        stats.set_value("reason", "x")
        results.append((stats.get_stats(), stats.get_value("pages"), stats.get_value("none", 0)))
    assert results[0] == results[1] == ({"pages": 5, "bytes": 110, "peak": 3, "low": 5, "reason": "x"}, 5, 0)
    assert "__getattribute__" in vars(StatsCollector)  # the shim is bypassed, not inherited
