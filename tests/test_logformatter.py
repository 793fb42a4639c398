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

