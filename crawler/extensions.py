"""Crawl extensions: a progress line on a terminal (``Progress``), and the garbage collector set for a long
crawl (``CollectorTuning``).

Setting ``PROGRESS_ENABLED``: True/False, or None (default) to show it only when stderr is a terminal.
"""
from __future__ import annotations

import sys
import time

from scrapy import signals
from scrapy.exceptions import NotConfigured
from twisted.internet import task


class Progress:
    def __init__(self, crawler, stream=sys.stderr):
        self.crawler, self.stream = crawler, stream
        self.started = time.monotonic()

    @classmethod
    def from_crawler(cls, crawler):
        enabled = crawler.settings.get("PROGRESS_ENABLED")
        if enabled is None:
            enabled = sys.stderr.isatty()
        if not enabled or str(enabled).lower() in ("0", "false"):
            raise NotConfigured
        ext = cls(crawler)
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    def spider_opened(self, spider):
        self.spider = spider
        self.loop = task.LoopingCall(self.show)
        self.loop.start(1.0, now=False)

    def line(self) -> str:
        st = self.crawler.stats
        pages = st.get_value("response_received_count", 0)
        rate = pages / max(time.monotonic() - self.started, 1e-6)
        return (f"[{self.spider.profile.slug}] pages {pages} · articles "
                f"{st.get_value('portal/articles_extracted', 0)} · errors {st.get_value('portal/errors', 0)}"
                f" · {rate:.1f} pages/s")

    def show(self):
        self.stream.write("\r" + self.line() + "\033[K")
        self.stream.flush()

    def spider_closed(self, spider):
        if self.loop.running:
            self.loop.stop()
        self.stream.write("\r" + self.line() + "\033[K\n")
        self.stream.flush()


class CollectorTuning:
    """Python's cyclic garbage collector set for a long crawl (settings ``GC_THRESHOLD``, ``GC_FREEZE``).

    A crawl keeps tens of thousands of queued requests alive for a while; they survive into the oldest
    generation and die there, so with Python's default thresholds (700, 10, 10) full collections of the
    whole heap run every few hundred pages and take a large share of a long crawl's CPU.
    ``GC_THRESHOLD`` (``gc.set_threshold`` values; empty: Python's own) makes collections rarer;
    ``GC_FREEZE`` moves what is alive at engine start (Scrapy, lxml, dateparser's tables: they live as long
    as the process) out of every later collection (``gc.freeze``). Both are process-wide, set once.
    """

    done = False

    @classmethod
    def from_crawler(cls, crawler):
        ext = cls()
        ext.freeze = crawler.settings.getbool("GC_FREEZE")
        ext.threshold = [int(x) for x in crawler.settings.getlist("GC_THRESHOLD") if str(x).strip()]
        if not ext.freeze and not ext.threshold:
            raise NotConfigured
        crawler.signals.connect(ext.engine_started, signal=signals.engine_started)
        return ext

    def engine_started(self):
        import gc
        if CollectorTuning.done:  # several crawlers in one process: the first one sets it
            return
        CollectorTuning.done = True
        if self.threshold:
            gc.set_threshold(*self.threshold)
        if self.freeze:
            gc.collect()  # what is garbage now must not be frozen with the rest
            gc.freeze()
