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

import scrapy
from scrapy.exceptions import IgnoreRequest

from crawler.safety import RobotsUnavailable, UnsafeTarget, error_class

logger = logging.getLogger(__name__)

MAX_SIZE = 5 * 1024 * 1024
BUDGET = 256 * 1024 * 1024
PRIORITY = -10  # after the pages queued: articles first, their images when the portal is not busy with them


class ImageCapture:
    """The image fetches of one crawl: which URLs were asked for, the bytes spent, outcomes not yet recorded."""

    def __init__(self, stats, max_size: int = MAX_SIZE, budget: int = BUDGET):
        self.stats, self.max_size, self.budget = stats, max_size, budget
        self.requested: set[str] = set()
        self.after_id = 0  # images rows up to this id have been looked at
        self.spent = 0
        self.in_flight = 0
        self.outcomes: list[dict] = []  # for archive.store_image_captures

    @classmethod
    def from_crawler(cls, crawler) -> "ImageCapture | None":
        s = crawler.settings
        if not (s.getbool("IMAGES_ENABLED", True) and s.getbool("WARC_ENABLED", True)):
            return None
        return cls(crawler.stats, s.getint("IMAGES_MAX_SIZE", MAX_SIZE), s.getint("IMAGES_BUDGET", BUDGET))

    def requests(self, rows: list[tuple[int, str]]) -> list[scrapy.Request]:
        """Requests for image rows ``(id, src)`` (``archive.images_to_capture``) whose URL was not asked for yet."""
        out = []
        for image_id, src in rows:
            self.after_id = max(self.after_id, image_id)
            if src in self.requested or not src.startswith(("http://", "https://")):
                continue
            self.requested.add(src)
            remaining = self.budget - self.spent
            if remaining <= 0:
                self.outcome(src, "budget")
                continue
            self.in_flight += 1
            out.append(scrapy.Request(src, callback=self.on_image, errback=self.on_error, priority=PRIORITY,
                                      meta={"image_src": src, "allow_offsite": True,
                                            "download_maxsize": min(self.max_size, remaining),
                                            "image_budget_bound": remaining < self.max_size}))
        return out

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
        self.in_flight -= 1
        src = response.meta["image_src"]
        content_type = response.headers.get("Content-Type", b"").decode("latin-1").split(";")[0].strip().lower()
        self.spent += len(response.body)
        if not response.meta.get("warc"):
            self.outcome(src, "error: not written to WARC")
        elif not content_type.startswith("image/"):  # a soft 404: the portal's HTML page in its place
            self.outcome(src, "not_image", response, content_type or None)
        else:
            self.outcome(src, "ok", response, content_type)

    def on_error(self, failure):
        self.in_flight -= 1
        request = failure.request
        src = request.meta["image_src"]
        kind, status = error_class(failure)
        if status is not None:
            why = f"http_{status}"
        elif kind == "too_large":
            why = "budget" if request.meta.get("image_budget_bound") else "too_large"
        elif failure.check(RobotsUnavailable) or (failure.check(IgnoreRequest) and "robots.txt" in str(failure.value)):
            why = "robots"
        elif failure.check(UnsafeTarget):
            why = "unsafe_target"
        else:
            why = f"error: {kind}"
        logger.info("image not captured (%s): %s", why, src)
        self.outcome(src, why)
