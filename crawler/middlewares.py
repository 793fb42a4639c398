"""Politeness: Retry-After on 429/503, the User-Agent with the archive's contact, robots.txt override and
the hard page cap per run.

Settings (one prefix per concern):
- ``PORTAL_CONTACT``: URL or e-mail of whoever runs this archive; composed into ``USER_AGENT`` as
  ``portal-archive/<version> (+<contact>; web archive of Vietnamese provincial portals)`` unless
  ``USER_AGENT`` itself is set on the command line. Default from the environment variable
  ``PORTAL_ARCHIVE_CONTACT`` (the schedule file's ``contact`` sets it for scheduled crawls).
- ``PORTAL_MAX_PAGES``: hard cap on pages fetched per portal and run (Scrapy's ``CLOSESPIDER_PAGECOUNT``);
  precedence: command line (``crawl --max-pages``, schedule ``max_pages``) > profile
  ``[politeness] max_pages`` > this setting (default 20000). 0 = no cap.
- ``IMAGES_MAX_SIZE`` / ``IMAGES_BUDGET`` (``crawler.requisites``): a profile's ``[politeness] image_max_mb`` /
  ``image_budget_mb`` set them for its crawls unless the command line does.
- ``RETRY_AFTER_MAX``: longest wait honoured from a ``Retry-After`` header, in seconds (default 120);
  a longer one is capped to it.
- robots.txt is obeyed (``ROBOTSTXT_OBEY = True``) unless the profile says exactly
  ``[politeness] obey_robots = false``; that is logged as a warning at the start of every run.
"""
from __future__ import annotations

import email.utils
import logging
import time
from datetime import datetime, timezone

from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.utils.response import response_status_message

logger = logging.getLogger(__name__)

CMDLINE = 40  # scrapy.settings.SETTINGS_PRIORITIES["cmdline"]
UA_TEMPLATE = "portal-archive/{version} (+{contact}; web archive of Vietnamese provincial portals)"


def user_agent(contact: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        v = version("portal-archive")
    except PackageNotFoundError:  # pragma: no cover
        v = "0"
    contact = contact.strip()
    if "@" in contact and not contact.startswith(("mailto:", "http://", "https://")):
        contact = "mailto:" + contact
    return UA_TEMPLATE.format(version=v, contact=contact)


def apply_politeness(settings, profile, spider_logger=None) -> None:
    """Per-run politeness settings from the profile (called from the spider's ``from_crawler``)."""
    log = spider_logger or logger
    if settings.getpriority("USER_AGENT") < CMDLINE and settings.get("PORTAL_CONTACT"):
        settings.set("USER_AGENT", user_agent(settings.get("PORTAL_CONTACT")), priority="spider")
    if getattr(profile, "obey_robots", True) is False and settings.getpriority("ROBOTSTXT_OBEY") < CMDLINE:
        settings.set("ROBOTSTXT_OBEY", False, priority="spider")
        log.warning("ROBOTS.TXT IGNORED for %s: its profile %s sets [politeness] obey_robots = false",
                    profile.slug, getattr(profile, "source", None) or "")
    if settings.getpriority("PORTAL_MAX_PAGES") < CMDLINE and getattr(profile, "max_pages", 0):
        settings.set("PORTAL_MAX_PAGES", profile.max_pages, priority="spider")
    for name, mb in (("IMAGES_MAX_SIZE", getattr(profile, "image_max_mb", 0)),
                     ("IMAGES_BUDGET", getattr(profile, "image_budget_mb", 0))):
        if mb and settings.getpriority(name) < CMDLINE:
            settings.set(name, int(mb * 1024 * 1024), priority="spider")
    cap = settings.getint("PORTAL_MAX_PAGES")
    if cap > 0:
        settings.set("CLOSESPIDER_PAGECOUNT", cap, priority="spider")
    log.info("politeness: user_agent=%r robots=%s delay=%s concurrency=%s max_pages=%s images=%s (max %s, budget %s)",
             settings.get("USER_AGENT"), settings.getbool("ROBOTSTXT_OBEY"), settings.getfloat("DOWNLOAD_DELAY"),
             settings.getint("CONCURRENT_REQUESTS_PER_DOMAIN"), cap or "none", settings.getbool("IMAGES_ENABLED", True),
             settings.getint("IMAGES_MAX_SIZE"), settings.getint("IMAGES_BUDGET"))


def retry_after_seconds(value: bytes | str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or an HTTP date); None if absent/unreadable."""
    if not value:
        return None
    text = value.decode("latin-1") if isinstance(value, bytes) else value
    text = text.strip()
    if text.isdigit():
        return float(text)
    try:
        when = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    if when is None:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    now_dt = datetime.fromtimestamp(now if now is not None else time.time(), timezone.utc)
    return max(0.0, (when - now_dt).total_seconds())


class RetryAfterMiddleware(RetryMiddleware):
    """Scrapy's RetryMiddleware, but a 429 or 503 with a ``Retry-After`` header is retried only after that
    delay (capped by ``RETRY_AFTER_MAX``). Without the header, Scrapy's retry behaviour is unchanged.
    Stats: ``retry_after/count``, ``retry_after/seconds``."""

    STATUSES = (429, 503)

    def __init__(self, settings):
        super().__init__(settings)
        self.max_wait = settings.getfloat("RETRY_AFTER_MAX", 120.0)

    async def process_response(self, request, response, spider=None):
        if request.meta.get("dont_retry", False) or response.status not in self.retry_http_codes \
                or response.status not in self.STATUSES:
            return super().process_response(request, response)
        wait = retry_after_seconds(response.headers.get("Retry-After"))
        if wait is None:
            return super().process_response(request, response)
        retry = self._retry(request, response_status_message(response.status))
        if retry is None:
            return response
        capped = min(wait, self.max_wait)
        logger.info("HTTP %s with Retry-After %s: retrying %s in %.1f s%s", response.status,
                    response.headers.get("Retry-After", b"").decode("latin-1"), request.url, capped,
                    f" (capped from {wait:.0f} s)" if capped < wait else "")
        stats = self.crawler.stats
        stats.inc_value("retry_after/count")
        stats.inc_value("retry_after/seconds", capped)
        from scrapy.utils.asyncio import sleep

        await sleep(capped)
        return retry


class PageCapMiddleware:
    """The hard cap of ``PORTAL_MAX_PAGES`` requests per run (retries included, robots.txt not): requests
    beyond it are dropped (IgnoreRequest) instead of being fetched while the spider closes
    (``CLOSESPIDER_PAGECOUNT`` alone lets queued requests through). Stat: ``portal/page_cap_dropped``."""

    def __init__(self, crawler, cap: int):
        self.crawler, self.cap, self.sent = crawler, cap, 0

    @classmethod
    def from_crawler(cls, crawler):
        cap = crawler.settings.getint("PORTAL_MAX_PAGES")
        if cap <= 0:
            raise NotConfigured
        return cls(crawler, cap)

    def process_request(self, request, spider=None):
        if request.meta.get("dont_obey_robotstxt") and request.url.endswith("/robots.txt"):
            return None
        if self.sent >= self.cap:
            self.crawler.stats.inc_value("portal/page_cap_dropped")
            raise IgnoreRequest(f"page cap of {self.cap} reached")
        self.sent += 1
        return None
