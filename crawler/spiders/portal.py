"""The one generic spider: ``scrapy crawl portal -a portal=<slug> [-a base_url=http://mirror]``.

Start pages -> listing pages (pagination, bounded by the profile) -> article pages. Which links are
listings or articles is decided by the profile's URL patterns; what is extracted by its selectors.

Incremental by default: listings are always fetched, articles already in the archive are not
(settings ``PORTAL_REFRESH`` re-fetches them all, ``PORTAL_REFRESH_BEFORE`` = ISO time re-fetches those
last seen before it, with conditional requests). Article URLs queued by an unfinished earlier crawl
(the ``frontier`` table) are fetched first, so re-running an interrupted crawl resumes it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timezone
from urllib.parse import urljoin, urlsplit

import scrapy
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.http import TextResponse
from scrapy.spidermiddlewares.httperror import HttpError
from w3lib.url import safe_url_string

from crawler.extract.article import PageLinks, extract_article, read_links
from crawler.items import Article, CounterSnapshot, FetchError, UrlEvent, UrlEvents
from crawler.middlewares import apply_politeness
from crawler.profiles import ProfileError, load_profile
from crawler.safety import RobotsUnavailable, UnsafeTarget, error_class, unsafe_reason
from crawler.urls import canonical_key, canonical_url, path_key, plain_origin, plain_path, url_key
from portal_archive import archive

GONE = (404, 410)
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
REDIRECTS = (301, 302, 303, 307, 308)


@dataclass(frozen=True, slots=True)
class Link:
    """Where a link of the portal leads: its absolute URL, its kind by the profile ("article", "listing" or None),
    and (but for a listing) its canonical URL and ``url_key``."""

    url: str
    kind: str | None
    canonical: str | None = None
    key: str | None = None


@dataclass(frozen=True, slots=True)
class Origin:
    """What the spider keeps for an origin (``scheme://host[:port]``) that pages link from."""

    allowed: bool  # its host is one of the portal's
    http: bool  # http or https
    plain: tuple[str, str] | None  # ``plain_origin``: canonical URL prefix and key host of its plain paths
    memo: dict[str, Link] = field(default_factory=dict)  # href as written -> its Link
    settled: set[str] = field(default_factory=set)  # hrefs as written that never ask for anything more


@dataclass(frozen=True, slots=True)
class PageContext:
    """Where a page's links resolve: ``base`` (the page's URL or its ``<base href>``), the origin of that URL and
    what the spider keeps for the origin."""

    base: str
    origin: str
    known: Origin


def _link(url: str, kind: str | None) -> Link:
    """``link_info``'s answer; listings are followed by URL (without its fragment: "/1347/#top" is "/1347/"
    to the server and the listing cap), so only other links get a canonical URL and key."""
    if kind == "listing":
        return Link(url.partition("#")[0], kind)
    canonical = canonical_url(url)
    return Link(url, kind, canonical, canonical_key(canonical))


class PortalSpider(scrapy.Spider):
    name = "portal"

    def __init__(self, portal: str | None = None, base_url: str | None = None, **kwargs):
        super().__init__(**kwargs)
        if not portal:
            raise NotConfigured("missing -a portal=<slug>")
        try:
            profile = load_profile(portal)
            self.profile = profile.rebased(base_url) if base_url else profile
        except ProfileError as exc:
            raise NotConfigured(str(exc)) from None
        self.allowed_domains = list(self.profile.domains)
        self.listings: set[str] = set()  # listing URLs requested in this crawl
        self.article_requests = 0
        self.queued: set[str] = set()  # url_keys requested in this crawl (variants of one URL count once)
        self.seen_urls: set[str] = set()  # canonical article URLs linked in this crawl
        self.state = {"skip": set(), "validators": {}, "pending": []}
        self._origins: dict[str, Origin] = {}  # "scheme://host[:port]" -> what is kept for it
        self.unmatched: dict[str, set[str]] = {}  # url_key -> canonical URLs of links of no kind, not (yet) aliases
        self._memo_size = 0

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        spider = super().from_crawler(crawler, *args, **kwargs)
        p, s = spider.profile, crawler.settings
        if not s.getbool("PORTAL_IGNORE_PROFILE_POLITENESS"):
            s.set("DOWNLOAD_DELAY", p.download_delay, priority="spider")
            s.set("CONCURRENT_REQUESTS_PER_DOMAIN", p.concurrency, priority="spider")
            s.set("AUTOTHROTTLE_ENABLED", p.autothrottle, priority="spider")
        if getattr(p, "download_timeout", 0):  # the command line (-s DOWNLOAD_TIMEOUT=) still wins
            s.set("DOWNLOAD_TIMEOUT", p.download_timeout, priority="spider")
        apply_politeness(s, p, spider.logger)  # User-Agent contact, robots override, page cap
        return spider

    async def start(self):
        db = archive.open_archive(self.settings.get("ARCHIVE_DB", str(archive.DEFAULT_DB)))
        try:
            self.state = archive.crawl_state(db, self.profile.slug, self.settings.getbool("PORTAL_REFRESH"),
                                             self.settings.get("PORTAL_REFRESH_BEFORE"))
        finally:
            db.conn.close()
        if self.state["pending"]:
            self.logger.info("resuming: %d article URLs queued by an unfinished crawl", len(self.state["pending"]))
        for url in self.profile.start_urls:
            yield scrapy.Request(url, callback=self.parse_listing, errback=self.on_error)
        for url in self.state["pending"]:
            request = self.article_request(url)
            if request:
                yield request

    @staticmethod
    def now() -> str:
        return datetime.now(timezone.utc).isoformat(timespec="seconds")

    def article_request(self, url: str, key: str | None = None) -> scrapy.Request | None:
        """A request for an article URL, or None when it is archived already or over the page cap.
        ``key``: the URL's ``url_key`` when the caller has it already."""
        key = key or url_key(url)
        if key in self.state["skip"] or key in self.queued:
            return None
        self.queued.add(key)
        if self.profile.max_articles and self.article_requests >= self.profile.max_articles:
            return None
        self.article_requests += 1
        headers = {}
        etag, modified = self.state["validators"].get(key, (None, None))
        if etag:
            headers["If-None-Match"] = etag
        if modified:
            headers["If-Modified-Since"] = modified
        # redirects of articles are handled here: a move within the portal is followed, a move away is "gone"
        return scrapy.Request(url, callback=self.parse_article, errback=self.on_error, headers=headers,
                              meta={"dont_redirect": True, "handle_httpstatus_list": [304, *GONE, *REDIRECTS],
                                    "requested_urls": [url]})

    def follow_links(self, response):
        """Requests for the listing and article links of a page, as the profile classifies them;
        a ``discovered`` event for each new article URL (the resumable frontier); an ``alias`` event for
        another URL of an article queued or archived (a print or mobile view, a tracking variant), whether
        it is linked after the article or before it. The events come last, in one ``UrlEvents`` item."""
        links = response.meta.pop("portal_links", None)  # filled by extract() from its parse
        if links is None:
            read_links(response.selector.root, links := PageLinks())
        # what Scrapy's get_base_url gives, without decoding the body again to find <base> (response.url is
        # safe_url_string's output already: Scrapy applies it to every request URL)
        base = response.url
        if links.base and links.base.strip():
            base = urljoin(base, safe_url_string(links.base.strip()))
        page = self.page_context(base)
        memo, settled, seen, skip = page.known.memo, page.known.settled, self.seen_urls, self.state["skip"]
        here = base == response.url  # no <base>: "#top", "#main-content" are this page itself
        # every set is updated before the yield that follows: Scrapy may run other pages' callbacks while this
        # generator waits at a yield, and they must find this link queued, seen or settled already
        events = []  # one item at the end
        for href in links.hrefs:
            link = memo.get(href)
            if link is None:
                if here and href[:1] == "#":
                    continue
                link = self.link_info(page, href)
                if link is None:  # settled
                    continue
            url, kind, canonical, key = link.url, link.kind, link.canonical, link.key
            memoised = memo.get(href) is link
            if memoised:
                # whatever follows (queued, archived, an alias, requested, over the cap, waiting in ``unmatched``),
                # this link of the origin never asks for anything more: the sets below keep its URL and key
                del memo[href]
                settled.add(href)
            if kind == "article":
                if request := self.article_request(url, key):
                    seen.add(canonical)
                    aliases = self.aliases_of(key)
                    events.append(UrlEvent(self.profile.slug, url, "discovered", self.now(), url_key=key))
                    events += aliases
                    yield request
                elif canonical not in seen and (key in self.queued or key in skip):
                    events.append(self.alias(canonical, key))
            elif kind is None:
                if canonical in seen:
                    pass
                elif key in self.queued or key in skip:
                    events.append(self.alias(canonical, key))
                elif memoised:  # kept until an article of its key is queued (a page-relative link: seen again)
                    self.unmatched.setdefault(key, set()).add(canonical)
            elif url not in self.listings and len(self.listings) < self.profile.max_listing_pages:
                self.listings.add(url)  # the cap counts distinct pages, not repeated menu links
                yield scrapy.Request(url, callback=self.parse_listing, errback=self.on_error)
        if events:
            yield UrlEvents(events)

    def alias(self, canonical: str, key: str) -> UrlEvent:
        """The ``alias`` event of another URL of an article queued or archived (now seen: never one again)."""
        self.seen_urls.add(canonical)
        return UrlEvent(self.profile.slug, canonical, "alias", self.now(), url_key=key)

    def aliases_of(self, key: str) -> list[UrlEvent]:
        """``alias`` events for the links seen earlier in the crawl under ``key``, an article just queued."""
        return [self.alias(canonical, key) for canonical in sorted(self.unmatched.pop(key, ()))
                if canonical not in self.seen_urls]

    def page_context(self, base: str) -> PageContext:
        """The context of a page's links for ``link_info``: ``base`` and what is kept for its origin."""
        split = urlsplit(base)
        origin = f"{split.scheme}://{split.netloc}"
        known = self._origins.get(origin)
        if known is None:
            known = self._origins[origin] = Origin(allowed=self.profile.allows_host(split.hostname or ""),
                                                   http=split.scheme in ("http", "https"), plain=plain_origin(origin))
        return PageContext(base, origin, known)

    def link_info(self, page: PageContext, href: str) -> Link | None:
        """The ``Link`` of an href on ``page``, or None for a link that leaves the portal (another site, ``mailto:``,
        not a URL at all); memoised, as a portal's pages repeat the same few hundred links (menus, related lists):
        joining, classifying and canonicalising each of them on every page was most of the crawl's CPU time."""
        known = page.known
        link = known.memo.get(href)
        if link is not None:
            return link
        if href in known.settled:
            return None
        stripped = href.strip()
        # a root-relative or absolute href resolves the same against any page of the origin
        if not (stripped.startswith("/") or _SCHEME.match(stripped)):  # relative to this page: not memoised
            url = urljoin(page.base, stripped)
            return _link(url, self.profile.classify(url))
        if known.http and plain_path(stripped):
            url = page.origin + stripped  # what urljoin gives for such a path: skip urllib
            kind = self.profile.classify_target(stripped) if known.allowed else None
            if known.plain and kind != "listing":  # canonical_url and url_key without parsing the URL again
                prefix, key_host = known.plain
                link = Link(url, kind, prefix + stripped, key_host + path_key(stripped))
            else:
                link = _link(url, kind)
        else:
            try:
                url = urljoin(page.base, stripped)
                split = urlsplit(url)
                split.port  # noqa: B018 (raises on a port that is not one)
            except ValueError:  # "http://[::1", "http://a.vn:x/": not a URL anything can fetch
                split = None
            if split is not None and split.scheme in ("http", "https") \
                    and self.profile.allows_host(split.hostname or ""):
                link = _link(url, self.profile.classify(url))
            else:  # share buttons, mailto:, other sites: never followed, and no URL of this portal's articles
                link = None  # (an allowed host is any subdomain of a portal domain: url_key's folding stays inside)
        self._memo_size += 1
        if self._memo_size > 65536:  # bounded: a huge portal's links are not all kept
            for origin in self._origins.values():
                origin.memo.clear()
                origin.settled.clear()
            self.unmatched.clear()  # with the memo: its links are looked at afresh when next seen
            self._memo_size = 1
        if link is None:
            known.settled.add(href)
        else:
            known.memo[href] = link
        return link

    def extract(self, response, counters_only: bool = False) -> Article:
        """The page's ``Article`` (raw fields, counters included; ``counters_only``: no other field); its links go
        to ``meta["portal_links"]``."""
        # bytes + Content-Type: checked decoding (BOM, header, meta, UTF-8 that must decode, windows-1258)
        content_type = response.headers.get("Content-Type", b"").decode("latin-1") or None
        links = response.meta.setdefault("portal_links", PageLinks())
        article = extract_article(response.body, response.url, self.profile, fetched_at=self.now(),
                                  status=response.status, content_type=content_type, links=links,
                                  counters_only=counters_only)
        if article.rules.get("repaired"):  # mojibake or TCVN3: decoded without errors but unreadably
            self.crawler.stats.inc_value(f"portal/repaired/{article.rules['repaired']}")
            self.logger.info("repaired %s text at %s", article.rules["repaired"], response.url)
        article.portal = self.profile.slug
        return article

    def parse_listing(self, response):
        if not isinstance(response, TextResponse):
            yield self.count_error("not_html", response)
            return
        article = self.extract(response, counters_only=True)  # a listing: its counters and links
        if article.counters_raw:
            yield CounterSnapshot.of(article)
        yield from self.follow_links(response)

    def parse_article(self, response):
        requested = response.meta.get("requested_urls", [response.url])
        if response.status == 304:
            yield UrlEvent(self.profile.slug, response.url, "not_modified", self.now(), 304)
            return
        if response.status in GONE:
            yield UrlEvent(self.profile.slug, requested[0], "gone", self.now(), response.status)
            return
        if response.status in REDIRECTS:
            yield from self.follow_redirect(response, requested)
            return
        if not isinstance(response, TextResponse):
            yield self.count_error("not_html", response)
            return
        article = self.extract(response)
        self.crawler.stats.inc_value("portal/articles_extracted")
        if article.title and article.body_text:  # the item carries the page's counters too
            article.requested_urls = requested
            article.warc = response.meta.get("warc")
            article.etag = response.headers.get("ETag", b"").decode("latin-1") or None
            article.last_modified = response.headers.get("Last-Modified", b"").decode("latin-1") or None
            yield article
        else:
            if article.counters_raw:
                yield CounterSnapshot.of(article)
            yield self.count_error("no_article", response)
            self.logger.warning("no article content at %s", response.url)
        yield from self.follow_links(response)

    def follow_redirect(self, response, requested):
        location = response.headers.get("Location", b"").decode("latin-1")
        target = response.urljoin(location) if location else None
        if target and self.profile.classify(target) == "article" and len(requested) < 5 \
                and target not in requested:
            key = url_key(target)
            if key in {url_key(u) for u in requested}:
                self.queued.discard(key)  # the same article under another form of its address (https, www.)
            request = self.article_request(target, key)
            if request:
                request.meta["requested_urls"] = [*requested, target]
                aliases = self.aliases_of(key)
                yield request
                yield from aliases
            else:  # the new address is archived or queued already: these are more of its URLs
                for url in requested:
                    yield UrlEvent(self.profile.slug, url, "moved", self.now(), response.status, target)
            return
        # moved away (off the portal, to a non-article page, or a loop): the article is gone from here
        unsafe = unsafe_reason(target, self.profile) if target else None
        if unsafe:  # never followed; recorded, as a portal sending us to 10.x/169.254.x/file: is news
            self.logger.warning("refused redirect of %s to %s: %s", requested[0], target, unsafe)
            yield self.count_error("unsafe_target", response, status=response.status, message=f"{target}: {unsafe}")
        yield UrlEvent(self.profile.slug, requested[0], "gone", self.now(), response.status, target)

    def count_error(self, kind: str, response=None, request=None, status=None, message=None) -> FetchError:
        """Count an error in the stats; return the ``FetchError`` item to yield (a ``fetch_errors`` row)."""
        self.crawler.stats.inc_value("portal/errors")
        self.crawler.stats.inc_value(f"portal/errors/{kind}")
        request = request if request is not None else getattr(response, "request", None)
        url = request.url if request is not None else getattr(response, "url", "")
        attempts = (request.meta.get("retry_times", 0) if request is not None else 0) + 1
        if status is None and response is not None:
            status = response.status
        return FetchError(self.profile.slug, url, kind, self.now(), status, attempts, message)

    def on_error(self, failure):
        decision = failure.check(IgnoreRequest) and not failure.check(HttpError, RobotsUnavailable, UnsafeTarget) \
            and "DOWNLOAD_MAXSIZE" not in str(failure.value)
        if decision:  # robots.txt disallowed, page cap reached: a decision, not an error
            self.crawler.stats.inc_value("portal/ignored")
            self.logger.info("not fetched (%s): %s", failure.value, failure.request.url)
            return
        kind, status = error_class(failure)
        self.logger.warning("fetch failed (%s): %s", kind, failure.request.url)
        yield self.count_error(kind, request=failure.request, status=status, message=str(failure.value)[:500])
