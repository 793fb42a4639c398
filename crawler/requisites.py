"""Page requisites: the images of archived articles and the portal's logo, fetched once stored and kept in the WARC.

``ImageCapture`` is driven by the store pipeline: after each batch is written (the article's ``images`` rows exist)
it asks the archive which image rows still need a fetch and queues one request per image URL not asked for in
this run. Those requests take the same road as pages (robots.txt, the safe-target check, politeness delays,
retries, the WARC writer); images on another host than the portal's (a CDN) are allowed. The outcome of each
is recorded on every row of that URL (``capture_status``): a failed image never fails its article, is counted in
the stats (``images/<status>``) and is not a crawl error.

Settings: ``IMAGES_ENABLED`` (default True; nothing is fetched without ``WARC_ENABLED``), ``IMAGES_MAX_SIZE``
(bytes per image, default 5 MiB: a larger one is refused while downloading, ``too_large``), ``IMAGES_BUDGET``
(bytes of images per crawl, default 256 MiB: past it no image is asked for, ``budget``).
"""
from __future__ import annotations

import logging
from collections import deque

import scrapy
from scrapy.exceptions import IgnoreRequest

from crawler.safety import RobotsUnavailable, UnsafeTarget, error_class

logger = logging.getLogger(__name__)

MAX_SIZE = 5 * 1024 * 1024
BUDGET = 256 * 1024 * 1024
PRIORITY = -10  # after the pages queued: articles first, their images when the portal is not busy with them


class ImageCapture:
    """The image fetches of one crawl: URLs asked for, those waiting, bytes spent and reserved, outcomes not yet
    recorded. At most ``limit`` image requests are out at a time, each allowed ``min(max size, budget left)``
    bytes with what the others may still take reserved, so the budget holds however the downloads end."""

    def __init__(self, stats, max_size: int = MAX_SIZE, budget: int = BUDGET, limit: int = 2):
        self.stats, self.max_size, self.budget, self.limit = stats, max_size, budget, max(1, limit)
        self.requested: set[str] = set()
        self.pending: deque[str] = deque()
        self.after_id = 0  # images rows up to this id have been looked at
        self.spent = self.reserved = self.in_flight = 0
        self.outcomes: list[dict] = []  # for archive.store_image_captures

    @classmethod
    def from_crawler(cls, crawler) -> "ImageCapture | None":
        s = crawler.settings
        if not (s.getbool("IMAGES_ENABLED", True) and s.getbool("WARC_ENABLED", True)):
            return None
        return cls(crawler.stats, s.getint("IMAGES_MAX_SIZE", MAX_SIZE), s.getint("IMAGES_BUDGET", BUDGET),
                   s.getint("CONCURRENT_REQUESTS_PER_DOMAIN", 2))

    @property
    def busy(self) -> bool:
        return bool(self.pending) or self.in_flight > 0

    def add(self, rows: list[tuple[int, str]]) -> None:
        """Queue image rows ``(id, src)`` (``archive.images_to_capture``) whose URL was not asked for yet."""
        for image_id, src in rows:
            self.after_id = max(self.after_id, image_id)
            if src not in self.requested and src.startswith(("http://", "https://")):
                self.requested.add(src)
                self.pending.append(src)

    def requests(self) -> list[scrapy.Request]:
        """Requests for waiting images while fewer than ``limit`` are out and the budget has room."""
        out = []
        while self.pending and self.in_flight < self.limit:
            room = self.budget - self.spent - self.reserved
            if room <= 0:
                if self.in_flight:  # what is out may take less than reserved: wait for it
                    break
                while self.pending:
                    self.outcome(self.pending.popleft(), "budget")
                break
            src, allowed = self.pending.popleft(), min(self.max_size, room)
            self.in_flight += 1
            self.reserved += allowed
            out.append(scrapy.Request(src, callback=self.on_image, errback=self.on_error, priority=PRIORITY,
                                      meta={"image_src": src, "allow_offsite": True, "download_maxsize": allowed}))
        return out

    def _done(self, request, size: int = 0) -> None:
        self.in_flight -= 1
        self.reserved -= request.meta["download_maxsize"]
        self.spent += size

    def outcome(self, src: str, status: str, response=None, content_type: str | None = None) -> None:
        warc = (response.meta.get("warc") if response is not None else None) or {}
        self.outcomes.append({
            "src": src, "capture_status": status, "warc_file": warc.get("file"),
            "warc_record_id": warc.get("record_id"), "warc_offset": warc.get("offset"),
            "payload_digest": warc.get("digest"), "content_type": content_type,
            "content_length": len(response.body) if response is not None else None})
        self.stats.inc_value(f"images/{status.split(':')[0]}")

    def take_outcomes(self) -> list[dict]:
        outcomes, self.outcomes = self.outcomes, []
        return outcomes

    def on_image(self, response):
        """Record a downloaded image; return the next requests (Scrapy schedules a callback's requests)."""
        self._done(response.request, len(response.body))
        src = response.meta["image_src"]
        content_type = response.headers.get("Content-Type", b"").decode("latin-1").split(";")[0].strip().lower()
        if not response.meta.get("warc"):
            self.outcome(src, "error: not written to WARC")
        elif not content_type.startswith("image/"):  # a soft 404: the portal's HTML page in its place
            self.outcome(src, "not_image", response, content_type or None)
        else:
            self.outcome(src, "ok", response, content_type)
        return self.requests()

    def on_error(self, failure):
        request = failure.request
        self._done(request)
        src = request.meta["image_src"]
        kind, status = error_class(failure)
        if status is not None:
            why = f"http_{status}"
        elif kind == "too_large":
            why = "budget" if request.meta["download_maxsize"] < self.max_size else "too_large"
        elif failure.check(RobotsUnavailable) or (failure.check(IgnoreRequest) and "robots.txt" in str(failure.value)):
            why = "robots"
        elif failure.check(IgnoreRequest) and "page cap" in str(failure.value):  # images count in PORTAL_MAX_PAGES
            why = "page_cap"
        elif failure.check(UnsafeTarget):
            why = "unsafe_target"
        else:
            why = f"error: {kind}"
        logger.info("image not captured (%s): %s", why, src)
        self.outcome(src, why)
        return self.requests()
