"""Safety on the real web: gaps in Scrapy's defaults closed, and fetch failures named.

Components (registered in ``crawler/settings.py``):

- ``RobotsTxtUnavailableMiddleware`` replaces Scrapy's ``RobotsTxtMiddleware``: a robots.txt that answers
  5xx (after the usual retries) or cannot be fetched at all (timeout, reset, refused) means *complete
  disallow* (RFC 9309 §2.3.1.3/2.3.1.4) instead of Scrapy's allow-all; the site is asked again after
  ``ROBOTSTXT_UNAVAILABLE_RECHECK`` seconds (default 600) and crawled normally once robots.txt recovers.
  Requests refused meanwhile fail with :class:`RobotsUnavailable` (counted as errors, run ``partial``).
  A 4xx robots.txt stays "no rules" (allow), as the RFC says; a robots.txt that redirects to a refused target
  (a private address, ``file:``) is unreachable too (complete disallow), like a timeout. Its ``Crawl-delay``
  for our User-Agent (else ``*``) is honoured as the minimum delay between requests to that host
  (``CrawlDelayMiddleware``; Scrapy itself ignores the directive), capped by ``ROBOTSTXT_CRAWL_DELAY_MAX``
  (default 60 s).
- ``SafeTargetMiddleware`` refuses requests (links, redirects, resumed URLs) whose scheme is not HTTP(S),
  or whose host is, or resolves to, a private, loopback, link-local, reserved or multicast address of
  *another class than the portal's own start URL host*: a public portal may not send the crawler to
  10.x, 127.x or 169.254.169.254 (cloud metadata), while a portal that itself lives on 127.0.0.1 (the
  replica, a mirror on the LAN) may fetch its own address class. IP literals are always checked; host
  names of the portal's own domains are resolved once (``SAFETY_RESOLVE_HOSTS``, default True) to catch
  a DNS name pointing inside; other hosts are left to Scrapy's offsite filter. Failure:
  :class:`UnsafeTarget`.

- Pages that would stall the parser (``crawler.extract.bounds.hostile_markup``, checked by ``extract_article``
  before parsing) get a ``hostile_markup`` error row from the spider and are settled in the frontier.

Other gaps are closed by settings: ``DOWNLOAD_MAXSIZE`` (16 MiB) holds for decompressed bodies too
(Scrapy's HttpCompressionMiddleware stops inflating at the cap, so a gzip bomb costs at most the cap);
``DOWNLOAD_TIMEOUT`` 30 s (a profile's ``[politeness] download_timeout`` overrides it); truncated bodies
fail (``DOWNLOAD_FAIL_ON_DATALOSS`` stays True) and are retried, never stored; the telnet console is off.
Bytes are decoded by ``crawler.extract.text.decode_html`` (checked: UTF-8 that does not decode falls back
to windows-1258).

:func:`error_class` names a failure for the ``fetch_errors`` table and the ``portal/errors/<class>`` stats.
"""
from __future__ import annotations

import ipaddress
import logging
import socket
import time
from urllib.parse import urlsplit

from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.exceptions import IgnoreRequest, NotConfigured

logger = logging.getLogger(__name__)


class RobotsUnavailable(IgnoreRequest):
    """robots.txt answered 5xx or could not be fetched: complete disallow until it recovers."""


class UnsafeTarget(IgnoreRequest):
    """A URL with a non-HTTP scheme or on a private/loopback/link-local address the portal does not live on."""


class _DisallowAll:
    def __init__(self, status):
        self.status, self.since = status, time.monotonic()

    def allowed(self, url, user_agent) -> bool:
        return False


class RobotsTxtUnavailableMiddleware(RobotsTxtMiddleware):
    """Scrapy's RobotsTxtMiddleware with RFC 9309's rule for an unreachable robots.txt (see module doc)."""

    def __init__(self, crawler):
        super().__init__(crawler)
        self.recheck = crawler.settings.getfloat("ROBOTSTXT_UNAVAILABLE_RECHECK", 600.0)

    async def _parse_robots(self, response, netloc, request):
        if response.status < 500:
            return await super()._parse_robots(response, netloc, request)
        self._stats.inc_value("robotstxt/response_count")
        self._stats.inc_value(f"robotstxt/response_status_count/{response.status}")
        self._unavailable(netloc, f"HTTP {response.status}")

    def _robots_error(self, exc, netloc):
        if isinstance(exc, UnsafeTarget):  # redirected to a refused target: unreachable, as a timeout is
            self._stats.inc_value("robotstxt/exception_count/UnsafeTarget")
            return self._unavailable(netloc, f"UnsafeTarget: {exc}")
        if isinstance(exc, IgnoreRequest):  # e.g. the page cap: nothing known about the site
            return super()._robots_error(exc, netloc)
        self._stats.inc_value(f"robotstxt/exception_count/{type(exc)}")
        self._unavailable(netloc, type(exc).__name__)

    def _unavailable(self, netloc, why):
        logger.warning("robots.txt of %s unavailable (%s): nothing is fetched from it until it recovers "
                       "(RFC 9309: complete disallow)", netloc, why)
        self._stats.inc_value("robotstxt/unavailable")
        parser, pending = _DisallowAll(why), self._parsers[netloc]
        self._parsers[netloc] = parser
        if hasattr(pending, "callback"):
            pending.callback(parser)

    async def robot_parser(self, request):
        netloc = urlsplit(request.url).netloc
        parser = self._parsers.get(netloc)
        if isinstance(parser, _DisallowAll) and time.monotonic() - parser.since >= self.recheck:
            del self._parsers[netloc]  # ask again
        return await super().robot_parser(request)

    def process_request_2(self, rp, request):
        if isinstance(rp, _DisallowAll):
            self._stats.inc_value("robotstxt/forbidden_unavailable")
            raise RobotsUnavailable(f"robots.txt unavailable ({rp.status}): complete disallow")
        return super().process_request_2(rp, request)


def robots_crawl_delay(parser, user_agent: str) -> float | None:
    """The ``Crawl-delay`` a parsed robots.txt (Scrapy's robot parser) sets for ``user_agent`` (else ``*``), or
    None. Protego reads it; other parsers have no such method."""
    rp = getattr(parser, "rp", None)
    for agent in (user_agent, "*"):
        try:
            delay = rp.crawl_delay(agent) if rp is not None and hasattr(rp, "crawl_delay") else None
        except (TypeError, ValueError):
            delay = None
        if delay is not None:
            try:
                delay = float(delay)
            except (TypeError, ValueError):
                return None
            return delay if delay > 0 else None
    return None


class CrawlDelayMiddleware:
    """robots.txt ``Crawl-delay`` as the minimum time between two requests to a host: each request waits for
    its turn (the host's last turn plus the delay), whatever ``DOWNLOAD_DELAY``, its randomisation,
    AutoThrottle or the concurrency say. Runs after ``RobotsTxtUnavailableMiddleware`` (which parsed the
    file). Settings: ``ROBOTSTXT_CRAWL_DELAY_MAX`` (seconds, default 60: a longer delay is capped to it).
    Stats: ``robotstxt/crawl_delay`` (the delay honoured), ``robotstxt/crawl_delay_waits``."""

    def __init__(self, crawler):
        self.crawler = crawler
        self.cap = crawler.settings.getfloat("ROBOTSTXT_CRAWL_DELAY_MAX", 60.0)
        self.turns: dict[str, float] = {}  # host -> monotonic time of its last request's turn

    @classmethod
    def from_crawler(cls, crawler):
        if not crawler.settings.getbool("ROBOTSTXT_OBEY"):
            raise NotConfigured
        return cls(crawler)

    def _robots(self):
        for mw in self.crawler.engine.downloader.middleware.middlewares:
            if isinstance(mw, RobotsTxtMiddleware):
                return mw
        return None

    async def process_request(self, request, spider=None):
        if request.meta.get("dont_obey_robotstxt"):
            return None
        robots = self._robots()
        netloc = urlsplit(request.url).netloc
        parser = robots._parsers.get(netloc) if robots is not None else None
        if parser is None or hasattr(parser, "callback"):  # not parsed (yet): nothing to honour
            return None
        agent = robots._robotstxt_useragent or request.headers.get(b"User-Agent", b"").decode("latin-1")
        delay = robots_crawl_delay(parser, agent)
        if not delay:
            return None
        delay = min(delay, self.cap)
        self.crawler.stats.set_value("robotstxt/crawl_delay", delay)
        now = time.monotonic()
        turn = max(now, self.turns.get(netloc, now - delay) + delay)
        self.turns[netloc] = turn
        if turn > now:
            from scrapy.utils.asyncio import sleep

            self.crawler.stats.inc_value("robotstxt/crawl_delay_waits")
            await sleep(turn - now)
        return None


# --- addresses -----------------------------------------------------------------------------------------

def address_class(ip: str) -> str:
    """``public``, ``loopback``, ``private``, ``link-local``, ``reserved`` (also multicast, unspecified)."""
    addr = ipaddress.ip_address(ip)
    if getattr(addr, "ipv4_mapped", None):
        addr = addr.ipv4_mapped
    if addr.is_loopback:
        return "loopback"
    if addr.is_link_local:
        return "link-local"
    if addr.is_multicast or addr.is_unspecified or addr.is_reserved:
        return "reserved"
    if addr.is_private or getattr(addr, "is_shared", False) or not addr.is_global:
        return "private"
    return "public"


def host_class(host: str, resolve: bool = False) -> str | None:
    """Address class of a URL host: IP literals and ``localhost`` directly, other names by resolving them
    when ``resolve`` (the least public of their addresses); None when unknown."""
    host = (host or "").strip("[]").lower().rstrip(".")
    if not host:
        return None
    try:
        return address_class(host)
    except ValueError:
        pass
    if host == "localhost" or host.endswith(".localhost"):
        return "loopback"
    if not resolve:
        return None
    try:
        infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except (OSError, UnicodeError):
        return None
    classes = {address_class(info[4][0].split("%")[0]) for info in infos}
    for kind in ("loopback", "link-local", "private", "reserved"):
        if kind in classes:
            return kind
    return "public" if classes else None


def unsafe_reason(url: str, profile, resolve: bool = False) -> str | None:
    """Why ``url`` must not be fetched for the portal of ``profile`` (non-HTTP scheme, or an address class
    other than that of the portal's start URL host), or None. No DNS lookups unless ``resolve``."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        return f"scheme {parts.scheme or '(none)'}: is not HTTP(S)"
    kind = host_class(parts.hostname or "", resolve)
    if kind is None or kind == "public":
        return None
    starts = getattr(profile, "start_urls", None) or []
    own = (host_class(urlsplit(starts[0]).hostname or "", resolve) if starts else None) or "public"
    return None if kind == own else f"{parts.hostname} is a {kind} address (the portal's own host is {own})"


class SafeTargetMiddleware:
    """Refuses non-HTTP(S) URLs and hosts in another address class than the portal's (see module doc).
    Settings: ``SAFETY_TARGETS_ENABLED`` (default True), ``SAFETY_RESOLVE_HOSTS`` (default True).
    Stat: ``safety/refused``."""

    def __init__(self, crawler):
        self.crawler = crawler
        self.resolve = crawler.settings.getbool("SAFETY_RESOLVE_HOSTS", True)
        self._classes: dict[str, str | None] = {}
        self._own: str | None = None

    @classmethod
    def from_crawler(cls, crawler):
        if not crawler.settings.getbool("SAFETY_TARGETS_ENABLED", True):
            raise NotConfigured
        return cls(crawler)

    def _class(self, host: str, resolve: bool) -> str | None:
        key = f"{host}|{resolve}"
        if key not in self._classes:
            self._classes[key] = host_class(host, resolve)
        return self._classes[key]

    def own_class(self, spider) -> str:
        if self._own is None:
            profile = getattr(spider, "profile", None)
            starts = getattr(profile, "start_urls", None) or getattr(spider, "start_urls", None) or []
            host = urlsplit(starts[0]).hostname if starts else None
            self._own = (self._class(host, self.resolve) if host else None) or "public"
        return self._own

    def process_request(self, request, spider=None):
        spider = spider or self.crawler.spider
        parts = urlsplit(request.url)
        if parts.scheme not in ("http", "https"):
            return self._refuse(request, f"scheme {parts.scheme or '(none)'}: is not HTTP(S)")
        host = parts.hostname or ""
        profile = getattr(spider, "profile", None)
        allowed = profile.allows_host(host) if profile is not None else True
        kind = self._class(host, self.resolve and allowed)
        if kind is None or kind == "public":
            return None
        own = self.own_class(spider)
        if kind != own:
            return self._refuse(request, f"{host} is a {kind} address (the portal's own host is {own})")
        return None

    def process_response(self, request, response, spider=None):
        """A redirect to an unsafe target fails the request here (recorded by the spider's errback), before
        RedirectMiddleware would schedule it (Scrapy's offsite filter would then drop it silently)."""
        if response.status not in (301, 302, 303, 307, 308) or request.meta.get("dont_redirect") \
                or b"Location" not in response.headers:
            return response
        location = response.headers["Location"].decode("latin-1")
        target = response.urljoin(location)
        profile = getattr(spider or self.crawler.spider, "profile", None)
        why = unsafe_reason(target, profile) if profile is not None else None
        if why:
            self._refuse(request, f"redirect to {target}: {why}")
        return response

    def _refuse(self, request, why):
        self.crawler.stats.inc_value("safety/refused")
        logger.warning("refused %s: %s", request.url, why)
        raise UnsafeTarget(f"unsafe target: {why}")


# --- naming failures -----------------------------------------------------------------------------------

_CLASSES = (
    ("DownloadTimeoutError", "timeout"), ("TimeoutError", "timeout"), ("TCPTimedOutError", "timeout"),
    ("ResponseDataLossError", "truncated"), ("PotentialDataLoss", "truncated"), ("_DataLoss", "truncated"),
    ("DownloadCancelledError", "too_large"),
    ("ConnectionResetError", "connection_reset"), ("ConnectionLost", "connection_lost"),
    ("ConnectionDone", "connection_lost"), ("ResponseFailed", "connection_lost"),
    ("DownloadFailedError", "connection_lost"),
    ("DownloadConnectionRefusedError", "connection_refused"), ("ConnectionRefusedError", "connection_refused"),
    ("CannotResolveHostError", "dns"), ("DNSLookupError", "dns"),
    ("UnsupportedURLSchemeError", "unsafe_target"), ("WarcWriteFailed", "warc_write_failed"),
)


def error_class(failure) -> tuple[str, int | None]:
    """(error class, HTTP status or None) for a Scrapy errback failure. Classes: ``http_<status>``,
    ``timeout``, ``truncated``, ``too_large``, ``connection_reset``, ``connection_lost``,
    ``connection_refused``, ``dns``, ``unsafe_target``, ``robots_unavailable``, else the exception's name."""
    exc = failure.value
    response = getattr(exc, "response", None)
    if response is not None:
        return f"http_{response.status}", response.status
    if isinstance(exc, RobotsUnavailable):
        return "robots_unavailable", None
    if isinstance(exc, UnsafeTarget):
        return "unsafe_target", None
    text = str(exc)
    if isinstance(exc, IgnoreRequest) and "DOWNLOAD_MAXSIZE" in text:
        return "too_large", None
    names = [type(exc).__name__]
    for reason in getattr(exc, "reasons", None) or []:  # twisted ResponseFailed wraps the real cause
        names.append(type(getattr(reason, "value", reason)).__name__)
    if "maxsize" in text.lower() or "larger than download max size" in text.lower():
        return "too_large", None
    if "data loss" in text.lower() or "dataloss" in text.lower():
        return "truncated", None
    for name in reversed(names):
        for pattern, kind in _CLASSES:
            if name == pattern:
                return kind, None
    if "reset" in text.lower():
        return "connection_reset", None
    return names[0], None
