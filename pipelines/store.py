"""Store pipeline: batched writes of normalised items into the SQLite archive, one crawl_runs row per run.

Settings: ``ARCHIVE_DB`` (path, default ``data/archive.db``), ``ARCHIVE_BATCH_SIZE`` (records per transaction,
default 1000), ``ARCHIVE_FLUSH_INTERVAL`` (seconds: a smaller batch is written once its oldest record has waited
that long, default 30), ``ARCHIVE_TRIGGER`` (``manual`` or ``scheduled``), ``ARCHIVE_LOG_PATH`` (recorded on the
run row).

Page requisites (``crawler.requisites``): after each batch is written, the images of its articles (and the
portal's logo) are queued for capture; when the crawl goes idle the buffer is written and what it adds is
fetched before the crawl ends.
"""
from __future__ import annotations

import json
import logging
import os
import socket
import sqlite3
import time
from dataclasses import asdict

from scrapy import signals
from scrapy.exceptions import DontCloseSpider
from scrapy.utils.defer import deferred_from_coro

from crawler.items import COUNTER_KINDS, Article, CounterSnapshot, FetchError, PortalLogo, UrlEvent, UrlEvents
from crawler.requisites import ImageCapture
from crawler.urls import canonical_url
from pipelines.normalize import normalize_article, normalize_event, normalize_snapshot
from portal_archive import archive
from portal_archive.archive.locks import pid_alive

logger = logging.getLogger(__name__)
BATCH_SIZE = 1000  # records per transaction unless ARCHIVE_BATCH_SIZE says otherwise (see crawler/settings.py)
PENDING_IMAGES = 1000  # image URLs read from the archive ahead of their fetch
SEARCH_MERGE_PAGES = 1000  # FTS5 leaf pages merged when a run ends (bounded work; `optimize` does it all)


def article_record(item: Article) -> dict:
    warc = item.warc or {}
    return {
        "url": item.canonical_url, "url_key": item.url_key, "portal": item.portal, "title": item.title,
        "body_text": item.body_text, "published_at": item.published_at,
        "published_raw": item.published_raw, "byline": item.byline, "source": item.source,
        "authors": json.dumps(item.authors, ensure_ascii=False) if item.authors else None,
        "content_hash": item.content_hash, "http_status": item.status,
        "rules": json.dumps(item.rules, ensure_ascii=False),
        "first_seen_at": item.fetched_at, "last_seen_at": item.fetched_at, "fetched_at": item.fetched_at,
        "simhash": item.simhash, "etag": item.etag, "last_modified": item.last_modified,
        "warc_file": warc.get("file"), "warc_record_id": warc.get("record_id"),
        "warc_offset": warc.get("offset"), "payload_digest": warc.get("digest"),
        "images": [asdict(im) for im in item.images],
        "seen_urls": sorted({item.canonical_url, *(canonical_url(u) for u in item.requested_urls)}),
    }


def snapshot_record(item: CounterSnapshot) -> dict:
    counters = item.counters or {}
    return {
        "portal": item.portal, "page_url": item.page_url, "fetched_at": item.fetched_at,
        **{kind: counters.get(kind) for kind in COUNTER_KINDS},
        "counters_raw": json.dumps(item.counters_raw, ensure_ascii=False),
    }


def event_record(event: UrlEvent) -> dict:
    return {"portal": event.portal, "url": event.url, "url_key": event.url_key, "event": event.event,
            "fetched_at": event.fetched_at, "status": event.status, "target": event.target}


class NormalizePipeline:
    """Fills the normalised fields of Article and CounterSnapshot items."""

    def process_item(self, item, spider=None):
        if isinstance(item, Article):
            return normalize_article(item)
        if isinstance(item, CounterSnapshot):
            return normalize_snapshot(item)
        if isinstance(item, (UrlEvent, UrlEvents)):
            return normalize_event(item)
        return item


class StorePipeline:
    """Buffers records and writes them in batches; records the run in ``crawl_runs``."""

    def __init__(self, db_path, batch_size=BATCH_SIZE, trigger="manual", log_path=None, crawler=None, flush_interval=30.0):
        self.db_path, self.batch_size, self.flush_interval = db_path, batch_size, flush_interval
        self.oldest: float | None = None  # monotonic time of the first record buffered since the last write
        self.trigger, self.log_path, self.crawler = trigger, log_path, crawler
        self.articles: list[dict] = []
        self.snapshots: list[dict] = []
        self.events: list[dict] = []
        self.fetch_errors: list[dict] = []
        self.counts = {"new": 0, "updated": 0, "unchanged": 0, "gone": 0, "snapshots": 0}
        self.write_error: str | None = None
        self.logo: str | None = None
        self.images: ImageCapture | None = ImageCapture.from_crawler(crawler) if crawler is not None else None

    @classmethod
    def from_crawler(cls, crawler):
        s = crawler.settings
        pipeline = cls(s.get("ARCHIVE_DB", str(archive.DEFAULT_DB)), s.getint("ARCHIVE_BATCH_SIZE", BATCH_SIZE),
                       s.get("ARCHIVE_TRIGGER", "manual"), s.get("ARCHIVE_LOG_PATH"), crawler,
                       s.getfloat("ARCHIVE_FLUSH_INTERVAL", 30.0))
        crawler.signals.connect(pipeline.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(pipeline.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(pipeline.spider_idle, signal=signals.spider_idle)
        return pipeline

    def spider_opened(self, spider):
        self.spider = spider
        self.db = archive.open_archive(self.db_path, max_size_mb=self.crawler.settings.getint("ARCHIVE_MAX_SIZE_MB"))
        self.profile = spider.profile
        archive.upsert_portal(self.db, self.profile, archive.utcnow())
        archive.close_stale_runs(self.db, self.profile.slug, socket.gethostname(), pid_alive)
        # under scrapyd: the job id arrives as the spider argument ``_job``, the node name as a setting
        self.run_id = archive.start_run(self.db, self.profile.slug, self.trigger, self.log_path,
                                        os.getpid(), socket.gethostname(),
                                        node=self.crawler.settings.get("ARCHIVE_NODE"),
                                        scrapyd_job=getattr(spider, "_job", None))
        spider.run_id = self.run_id

    def process_item(self, item, spider=None):
        if isinstance(item, Article):
            self.articles.append(article_record(item))
            if item.counters:
                self.snapshots.append(snapshot_record(CounterSnapshot.of(item)))
        elif isinstance(item, CounterSnapshot) and item.counters:
            self.snapshots.append(snapshot_record(item))
        elif isinstance(item, UrlEvents):
            self.events += [event_record(event) for event in item.events]
        elif isinstance(item, UrlEvent):
            self.events.append(event_record(item))
        elif isinstance(item, FetchError):
            self.fetch_errors.append(asdict(item))
        elif isinstance(item, PortalLogo):
            self.logo = item.src
        now = time.monotonic()
        if self.oldest is None:
            self.oldest = now
        if len(self.articles) + len(self.snapshots) + len(self.events) + len(self.fetch_errors) >= self.batch_size \
                or now - self.oldest >= self.flush_interval:  # a polite crawl's articles reach the archive soon
            self.flush()
        return item

    def flush(self):
        self.oldest = None
        if self.write_error:  # the archive refused a write: nothing more is written in this run
            self.articles, self.snapshots, self.events, self.fetch_errors = [], [], [], []
            return
        try:
            written: dict = {}
            if self.articles or self.snapshots or self.events:
                written = archive.store_batch(self.db, self.articles, self.snapshots, self.events, self.run_id)
                self.articles, self.snapshots, self.events = [], [], []
            if self.fetch_errors:  # after the batch: a URL discovered in it is in the frontier, to be settled
                settings = self.crawler.settings
                archive.store_fetch_errors(self.db, self.fetch_errors, self.run_id,
                                           settings.getfloat("FRONTIER_RETRY_BACKOFF", 3600.0),
                                           settings.getint("FRONTIER_RETRY_ATTEMPTS", 5))
                self.fetch_errors = []
            if self.images is not None and self.images.outcomes:
                archive.store_image_captures(self.db, self.images.take_outcomes())
            if self.logo:
                archive.set_logo(self.db, self.profile.slug, self.logo)
                self.logo = None
        except sqlite3.DatabaseError as exc:  # disk full, read-only file, quota: the batch rolled back whole
            self.stop_on_write_error(exc)
            return
        for key, value in written.items():
            self.counts[key] += value
            self.crawler.stats.inc_value(f"archive/articles_{key}" if key != "snapshots"
                                         else "archive/counter_snapshots", value)
        if written:
            self.queue_images()

    def queue_images(self) -> int:
        """Queue the capture of the image rows written since the last call; returns the requests sent."""
        if self.images is None or self.write_error:
            return 0
        while len(self.images.pending) < PENDING_IMAGES:
            rows = archive.images_to_capture(self.db, self.profile.slug, self.images.after_id,
                                             limit=PENDING_IMAGES - len(self.images.pending))
            if not rows:
                break
            self.images.add(rows)
        requests = self.images.requests()
        for request in requests:
            self.crawler.engine.crawl(request)
        return len(requests)

    def spider_idle(self, spider):
        """Nothing left to fetch: write what is buffered, then fetch the images it adds (the crawl goes on)."""
        self.flush()
        if self.images is not None and (self.queue_images() or self.images.busy):
            raise DontCloseSpider

    def stop_on_write_error(self, exc: Exception) -> None:
        """Stop the crawl: fetching on without being able to store would lose what it fetches. Articles of
        the rolled-back batch stay queued in the frontier, so the next run fetches them again."""
        self.write_error = f"archive write failed: {exc}"
        self.articles, self.snapshots, self.events, self.fetch_errors = [], [], [], []
        logger.error("%s (%s); stopping the crawl", self.write_error, self.db_path)
        self.crawler.stats.set_value("archive/write_error", str(exc))
        engine = self.crawler.engine
        if hasattr(engine, "close_spider_async"):  # Scrapy >= 2.14
            deferred_from_coro(engine.close_spider_async(reason="archive_write_failed"))
        else:  # pragma: no cover
            engine.close_spider(self.spider, "archive_write_failed")

    def spider_closed(self, spider, reason):
        self.flush()
        stats = self.crawler.stats.get_stats()
        errors = stats.get("portal/errors", 0) + stats.get("spider_exceptions/count", 0)
        status = ("interrupted" if reason == "shutdown" else "failed" if reason not in (
                      "finished", "closespider_itemcount", "closespider_pagecount", "closespider_timeout")
                  else "partial" if errors else "ok")
        if status in ("ok", "partial") and not stats.get("response_received_count"):  # nothing fetched at all
            status = "failed"
        self.crawler.stats.set_value("archive/run_id", self.run_id)  # the CLI's summary and exit code read these
        self.crawler.stats.set_value("archive/portal", self.profile.slug)
        self.crawler.stats.set_value("archive/run_status", status)
        self.crawler.stats.set_value("archive/log_path", self.log_path)
        try:  # a write error closed the spider with reason "archive_write_failed": status "failed"
            self.finish(status, errors, stats, reason)
        except sqlite3.DatabaseError as exc:  # even the run row cannot be written: say so in the log
            logger.error("cannot record the end of run %s in %s: %s", self.run_id, self.db_path, exc)
        self.db.conn.close()

    def finish(self, status: str, errors: int, stats: dict, reason: str) -> None:
        archive.finish_run(self.db, self.run_id, status, {
            "pages_fetched": stats.get("response_received_count", 0),
            "articles_new": self.counts["new"], "articles_updated": self.counts["updated"],
            "articles_unchanged": self.counts["unchanged"], "articles_gone": self.counts["gone"],
            "counter_snapshots": self.counts["snapshots"],
            "errors": errors, "requests": stats.get("downloader/request_count", 0),
            "full": int(bool(stats.get("portal/full"))),
        }, stats, reason)
        try:  # bounded: keeps the search index from fragmenting run after run (see optimize_search_index)
            archive.optimize_search_index(self.db, pages=SEARCH_MERGE_PAGES)
        except sqlite3.DatabaseError as exc:
            logger.warning("search index merge skipped (%s): %s", self.db_path, exc)
        try:  # the candidate index takes this run's changes now, not the first search after it
            archive.sync_candidate_index(self.db)
        except (sqlite3.DatabaseError, OSError) as exc:
            logger.warning("candidate index not brought up to date (%s): %s", self.db_path, exc)

