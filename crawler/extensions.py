"""Progress line on a terminal: pages, articles, errors and rate, refreshed every second.

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
