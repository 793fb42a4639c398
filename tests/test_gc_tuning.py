"""The crawl's garbage-collector settings (crawler.extensions.CollectorTuning) take effect on a real crawler."""
from __future__ import annotations

import gc

import pytest
from scrapy.exceptions import NotConfigured
from scrapy.utils.test import get_crawler

from crawler import settings as project_settings
from crawler.extensions import CollectorTuning
from crawler.spiders.portal import PortalSpider


def _settings(**over):
    values = {k: getattr(project_settings, k) for k in dir(project_settings) if k.isupper()}
    values.update(over)
    return values


def test_engine_start_sets_the_thresholds_and_freezes_what_lives_then():
    saved = gc.get_threshold()
    CollectorTuning.done = False
    try:
        crawler = get_crawler(PortalSpider, _settings())
        ext = CollectorTuning.from_crawler(crawler)
        ext.engine_started()
        assert gc.get_threshold() == tuple(project_settings.GC_THRESHOLD) == (50000, 20, 10)
        assert gc.get_freeze_count() > 10000  # Scrapy, lxml, dateparser...: out of every later collection
        # a second crawler in the same process changes nothing
        gc.set_threshold(*saved)
        CollectorTuning.from_crawler(get_crawler(PortalSpider, _settings())).engine_started()
        assert gc.get_threshold() == saved
    finally:
        gc.unfreeze()
        gc.set_threshold(*saved)
        CollectorTuning.done = False


def test_it_can_be_turned_off():
    with pytest.raises(NotConfigured):
        CollectorTuning.from_crawler(get_crawler(PortalSpider, _settings(GC_THRESHOLD=[], GC_FREEZE=False)))
