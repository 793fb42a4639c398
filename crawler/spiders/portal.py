"""The one generic spider: ``scrapy crawl portal -a portal=<slug> [-a base_url=http://mirror]``.

Start pages -> listing pages (pagination, bounded by the profile) -> article pages. Which links are
listings or articles is decided by the profile's URL patterns; what is extracted by its selectors.

A portal without URL patterns (``-a portal=https://…``: a profile made from its URL) is discovered: its
robots.txt ``Sitemap:`` lines (else ``/sitemap.xml``), its RSS/Atom feeds and its links lead to pages that the
extractor classifies (``crawler.extract.kind``); the URL shape of the first confirmed articles is learnt
(``crawler.discovery``) so that later links of that shape are articles without a fetch to tell, and the next
run starts from what this one learnt. Pages that turn out not to be articles count against the profile's
``max_listing_pages``. A start page that redirects to another domain (a portal moved after the 2025 merger
of provinces) takes that domain into the portal, and the move is recorded in the run's statistics.

Incremental by default: articles already in the archive are not fetched again, and each section's listing is
walked newest-first only until it stops bringing new article URLs (``crawler.walk``, setting
``PORTAL_LISTING_MARGIN``); sitemaps of a portal without URL patterns are read only where their ``lastmod`` is
not older than the latest finished run. A full sweep fetches every listing page and re-validates every archived
article with a conditional request: setting ``PORTAL_FULL``, or when the latest full sweep started before
``PORTAL_FULL_BEFORE`` (ISO time), or when the portal never had one. ``PORTAL_REFRESH`` re-fetches every archived
article (a full sweep too), ``PORTAL_REFRESH_BEFORE`` = ISO time those last seen before it (conditional
requests). Article URLs queued by an unfinished earlier crawl (the ``frontier`` table) are fetched first, so
re-running an interrupted crawl resumes it.

Bounds on a hostile site: a page's first ``PORTAL_MAX_LINKS_PER_PAGE`` links are followed; at most
``PORTAL_MAX_QUEUED`` article URLs are queued per run (resumed ones first, the rest in later runs); URLs that
failed before wait for their retry time (``archive.crawl_state``'s ``later``); a page ``extract_article`` refused
to parse (``crawler.extract.bounds``) is a ``hostile_markup`` error.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from urllib.parse import urljoin, urlsplit

import scrapy
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.http import TextResponse
from scrapy.spidermiddlewares.httperror import HttpError
from w3lib.url import safe_url_string

from crawler.discovery import DENY, UrlShapes, feed_links, sitemap_entries
from crawler.extract.article import PageLinks, extract_article, read_links
from crawler.extract.logo import find_logo
from crawler.items import Article, CounterSnapshot, FetchError, PortalLogo, UrlEvent, UrlEvents
from crawler.middlewares import apply_politeness
from crawler.profiles import ProfileError
from crawler.registry import resolve
from crawler.safety import RobotsUnavailable, UnsafeTarget, error_class, unsafe_reason
from crawler.urls import canonical_key, canonical_url, path_and_query, path_key, plain_origin, plain_path, url_key
from crawler.walk import ListingWalk, full_reason
from crawler.warc import WarcWriteFailed
from portal_archive import archive

GONE = (404, 410)
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
REDIRECTS = (301, 302, 303, 307, 308)
SITEMAP_URLS = 5000  # URLs taken from one sitemap (newest first where it says)
SITEMAPS = 50  # sitemaps taken from one sitemap index
PARKED = 10000  # links kept waiting for a learnt article shape once the discovery budget is spent
_FEEDS = "//link[@rel='alternate'][contains(@type, 'rss') or contains(@type, 'atom')]/@href"


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


def _is_root(url: str) -> bool:
    """Is ``url`` a site's root page (``/``, no query)? ``/?p=7`` is an article of a WordPress without rewriting."""
    parts = urlsplit(url)
    return parts.path in ("", "/") and not parts.query


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
            profile = resolve(portal)
            self.profile = profile.rebased(base_url) if base_url else profile
        except ProfileError as exc:
            raise NotConfigured(str(exc)) from None
        self.allowed_domains = list(self.profile.domains)
        self.listings: set[str] = set()  # listing URLs requested in this crawl
        self.listing_keys: set[str] = set()  # their url_keys, and those of other pages read as no article
        self.article_requests = 0
        self.queued: set[str] = set()  # url_keys requested in this crawl (variants of one URL count once)
        self.seen_urls: set[str] = set()  # canonical article URLs linked in this crawl
        self.state = {"skip": set(), "validators": {}, "revalidate": [], "pending": [], "later": set()}
        self.walk = ListingWalk(full=True)  # set by start(): a full sweep or an incremental walk
        self.since: str | None = None  # the day before the latest finished run: sitemap entries older are not read
        self._origins: dict[str, Origin] = {}  # "scheme://host[:port]" -> what is kept for it
        self.unmatched: dict[str, set[str]] = {}  # url_key -> canonical URLs of links of no kind, not (yet) aliases
        self._memo_size = 0
        # a portal without URL patterns: pages fetched to see what they are, what was learnt from them
        self.discover = self.profile.discover
        self.shapes = UrlShapes()
        self.pages_requested = 0  # pages requested to classify (an article gives its place back)
        self.parked: dict[str, str] = {}  # url_key -> URL of links waiting for a learnt shape or a free place
        self.fetched_aux: set[str] = set()  # robots.txt, sitemaps and feeds requested
        self._deny = [re.compile(p) for p in DENY] if self.discover else []
        self.logo_tries = 0  # pages looked at for the portal's logo (the start pages, until one shows it)
        self.links_cap = self.queue_cap = 0  # PORTAL_MAX_LINKS_PER_PAGE, PORTAL_MAX_QUEUED (set by from_crawler)

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
        spider.links_cap = s.getint("PORTAL_MAX_LINKS_PER_PAGE")
        spider.queue_cap = s.getint("PORTAL_MAX_QUEUED")
        return spider

    async def start(self):
        s = self.settings
        db = archive.open_archive(s.get("ARCHIVE_DB", str(archive.DEFAULT_DB)))
        try:
            why = full_reason(s.getbool("PORTAL_FULL"), s.getbool("PORTAL_REFRESH"),
                              archive.last_finished_run(db, self.profile.slug, full=True), s.get("PORTAL_FULL_BEFORE"))
            self.state = archive.crawl_state(db, self.profile.slug, s.getbool("PORTAL_REFRESH") or why is not None,
                                             s.get("PORTAL_REFRESH_BEFORE"), limit=self.queue_cap or None)
            last = archive.last_finished_run(db, self.profile.slug) if why is None else None
        finally:
            db.conn.close()
        if last:  # a day's margin: a lastmod may be a date alone, in any time zone
            self.since = (datetime.fromisoformat(last) - timedelta(days=1)).date().isoformat()
        self.walk = ListingWalk(full=why is not None, margin=s.getint("PORTAL_LISTING_MARGIN", 1))
        self.crawler.stats.set_value("portal/full", why or False)
        if why:
            self.logger.info("full sweep (%s): every listing page, every archived article re-validated", why)
        else:
            self.logger.info("incremental run: each listing read until it brings nothing new")
        if self.state["pending"]:
            self.logger.info("resuming: %d article URLs queued by an unfinished crawl", len(self.state["pending"]))
        if self.discover:
            self.shapes = UrlShapes(self.state.get("learnt"))
            if self.shapes.learnt:
                self.logger.info("article URL patterns learnt by earlier runs: %s", self.shapes.learnt)
                self.crawler.stats.set_value("portal/learnt/earlier_patterns", len(self.shapes.learnt))
        for url in self.profile.start_urls:
            if self.discover:  # a move to another domain is followed (see parse_start)
                yield scrapy.Request(url, callback=self.parse_start, errback=self.on_error,
                                     meta={"dont_redirect": True, "handle_httpstatus_list": list(REDIRECTS)})
                yield self.aux_request(urljoin(url, "/robots.txt"), self.parse_robots)
            else:
                yield scrapy.Request(url, callback=self.parse_listing, errback=self.on_error)
        for url in [*self.state["pending"], *self.state["revalidate"]]:
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
        # neither queued nor an alias of anything: failed before (given up, or its retry time has not come), or
        # over the run's cap (later runs take it)
        if key in self.state["later"]:
            self.crawler.stats.inc_value("portal/frontier/not_yet")
            return None
        if self.queue_cap and self.article_requests >= self.queue_cap:
            self.crawler.stats.inc_value("portal/frontier/over_cap")
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

    def follow_links(self, response, listing: bool = False):
        """``follow_hrefs`` for the links of a page (read by ``extract``, else from the response); ``listing``:
        the page is a listing page (its walk goes on from it, see ``crawler.walk``)."""
        links = response.meta.pop("portal_links", None)  # filled by extract() from its parse
        if links is None:
            read_links(response.selector.root, links := PageLinks())
        if self.links_cap and len(links.hrefs) > self.links_cap:  # a listing of 480,000 links: the first ones
            self.crawler.stats.inc_value("portal/links_capped", len(links.hrefs) - self.links_cap)
            self.logger.warning("%s has %d links: following the first %d (PORTAL_MAX_LINKS_PER_PAGE)",
                                response.url, len(links.hrefs), self.links_cap)
            del links.hrefs[self.links_cap:]
        # what Scrapy's get_base_url gives, without decoding the body again to find <base> (response.url is
        # safe_url_string's output already: Scrapy applies it to every request URL)
        base = response.url
        if links.base and links.base.strip():
            base = urljoin(base, safe_url_string(links.base.strip()))
        walk = (response.url, response.meta.get("walk_dry", 0)) if listing else None
        yield from self.follow_hrefs(base, links.hrefs, here=base == response.url, walk=walk)

    def follow_hrefs(self, base: str, hrefs: list[str], here: bool, walk: tuple[str, int] | None = None):
        """Requests for the listing and article links ``hrefs`` of a page at ``base``, as the profile classifies them;
        a ``discovered`` event for each new article URL (the resumable frontier); an ``alias`` event for
        another URL of an article queued or archived (a print or mobile view, a tracking variant), whether
        it is linked after the article or before it. The events come last, in one ``UrlEvents`` item.
        ``here``: ``base`` is the page's own URL ("#top" is the page itself). ``walk``: the URL of the listing page
        these links are on and its ``walk_dry`` (``ListingWalk.follow``), None for other pages."""
        page = self.page_context(base)
        memo, settled, seen, skip = page.known.memo, page.known.settled, self.seen_urls, self.state["skip"]
        # every set is updated before the yield that follows: Scrapy may run other pages' callbacks while this
        # generator waits at a yield, and they must find this link queued, seen or settled already
        events = []  # one item at the end
        listings: list[str] = []  # listing links, followed at the end as the walk says
        fresh = False  # an article URL not seen before: not archived, not linked earlier in this run
        for href in hrefs:
            link = memo.get(href)
            if link is None:
                if here and href[:1] == "#":
                    continue
                link = self.link_info(page, href)
                if link is None:  # settled
                    continue
            url, kind, canonical, key = link.url, link.kind, link.canonical, link.key
            memoised = memo.get(href) is link
            # whatever follows (queued, archived, an alias, requested, over the cap, waiting in ``unmatched``),
            # this link of the origin never asks for anything more: the sets below keep its URL and key. But for a
            # listing link: one the walk does not follow from this page may be the next page of another.
            if memoised and kind != "listing":
                del memo[href]
                settled.add(href)
            if kind == "article":
                if request := self.article_request(url, key):
                    seen.add(canonical)
                    fresh = fresh or key not in self.state["validators"]
                    aliases = self.aliases_of(key)
                    events.append(UrlEvent(self.profile.slug, url, "discovered", self.now(), url_key=key))
                    events += aliases
                    yield request
                elif canonical not in seen and (key in self.queued or key in skip):
                    events.append(self.alias(canonical, key))
            elif kind == "page":  # a portal without URL patterns: what it is, its fetch tells
                if canonical in seen or key in self.queued:
                    pass
                elif key in skip:
                    events.append(self.alias(canonical, key))
                elif self.shapes.is_article(path_and_query(url)):
                    if request := self.article_request(url, key):
                        seen.add(canonical)
                        events.append(UrlEvent(self.profile.slug, url, "discovered", self.now(), url_key=key))
                        yield request
                elif request := self.page_request(url, key):
                    yield request
            elif kind is None:
                if canonical in seen:
                    pass
                elif key in self.queued or key in skip:
                    events.append(self.alias(canonical, key))
                elif memoised:  # kept until an article of its key is queued (a page-relative link: seen again)
                    self.unmatched.setdefault(key, set()).add(canonical)
            elif url not in self.listings:
                listings.append(url)
        on_listing, dry = walk or (None, 0)
        for url, dry in self.walk.follow(listings, on_listing, dry, fresh):
            if url not in self.listings and len(self.listings) < self.profile.max_listing_pages:
                self.listings.add(url)  # the cap counts distinct pages, not repeated menu links
                self.listing_keys.add(url_key(url))
                yield scrapy.Request(url, callback=self.parse_listing, errback=self.on_error, meta={"walk_dry": dry})
        if events:
            yield UrlEvents(events)

    # ------------------------------------------------------------ a portal without URL patterns
    def kind_of(self, url: str) -> str | None:
        """``url``'s kind by the profile; for a portal without URL patterns, a link of its own that is no file, print
        view or search (``DENY``) is an article by a learnt shape, else a "page" to fetch to see what it is."""
        target = self.profile.target_of(url)
        return self.kind_of_target(target) if target is not None else None

    def kind_of_target(self, target: str) -> str | None:
        """``kind_of`` for a URL of the portal, by its path and query."""
        kind = self.profile.classify_target(target)
        if kind is not None or not self.discover:
            return kind
        if any(p.search(target) for p in self._deny):
            return None
        return "article" if self.shapes.is_article(target) else "page"

    def page_request(self, url: str, key: str) -> scrapy.Request | None:
        """A request for a page of unknown kind (``parse_page`` tells), or None when the discovery budget
        (``max_listing_pages`` pages that were not articles) is spent: the link waits in ``parked`` for a learnt
        article shape or a place given back."""
        if self.pages_requested >= self.profile.max_listing_pages:
            if len(self.parked) < PARKED:
                self.parked[key] = url
            return None
        self.queued.add(key)
        self.parked.pop(key, None)
        self.pages_requested += 1
        return scrapy.Request(url, callback=self.parse_page, errback=self.on_error, meta={"requested_urls": [url]})

    def unpark(self, learnt: bool):
        """Requests for parked links: those a shape just ``learnt`` says are articles, then others while places
        last (oldest first)."""
        if learnt:
            for key, url in list(self.parked.items()):
                if self.shapes.is_article(path_and_query(url)):
                    del self.parked[key]
                    if request := self.article_request(url, key):
                        yield request
        while self.parked and self.pages_requested < self.profile.max_listing_pages:
            key = next(iter(self.parked))
            url = self.parked.pop(key)
            if key not in self.queued and key not in self.state["skip"]:
                yield self.page_request(url, key)

    def aux_request(self, url: str, callback) -> scrapy.Request | None:
        """A request for a robots.txt, sitemap or feed of the portal (each once; a missing one is no error)."""
        if url in self.fetched_aux or not self.profile.allows_host(urlsplit(url).hostname or ""):
            return None
        self.fetched_aux.add(url)
        return scrapy.Request(url, callback=callback, errback=self.on_aux_error,
                              meta={"handle_httpstatus_list": [403, 404, 410]})

    def on_aux_error(self, failure):
        self.logger.info("discovery: %s not read (%s)", failure.request.url, failure.value)

    def parse_start(self, response):
        """The start page of a portal without URL patterns: a move to another domain is taken into the portal;
        then it is read as a page of unknown kind (an article, or a listing to follow)."""
        if response.status in REDIRECTS:
            location = response.headers.get("Location", b"").decode("latin-1")
            target = response.urljoin(location) if location else None
            hops = response.meta.get("start_hops", 0)
            if not target or hops >= 5 or unsafe_reason(target, self.profile):
                yield self.count_error("start_redirect", response, message=f"start page redirects to {target}")
                return
            host = urlsplit(target).hostname or ""
            if not self.profile.allows_host(host):
                self.profile.add_host(host)
                self.allowed_domains = list(self.profile.domains)
                self._origins.clear()  # origins judged before the move are judged again
                self.crawler.stats.set_value("portal/moved_to", target)
                self.logger.warning("%s moved to %s: following it there", response.url, target)
                if request := self.aux_request(urljoin(target, "/robots.txt"), self.parse_robots):
                    yield request
            yield response.request.replace(url=target, meta={**response.meta, "start_hops": hops + 1})
            return
        self.pages_requested += 1  # a start page is read as any other: an article URL given is archived
        yield from self.parse_page(response)

    def parse_robots(self, response):
        """robots.txt: its ``Sitemap:`` lines, else ``/sitemap.xml``."""
        from scrapy.utils.sitemap import sitemap_urls_from_robots

        found = list(sitemap_urls_from_robots(response.body, base_url=response.url)) \
            if response.status == 200 and isinstance(response, TextResponse) else []
        for url in found or [urljoin(response.url, "/sitemap.xml")]:
            if request := self.aux_request(url, self.parse_sitemap):
                yield request

    def parse_sitemap(self, response):
        """A sitemap index (its sitemaps) or a sitemap (its pages, newest first)."""
        if response.status != 200:
            return
        kind, entries = sitemap_entries(response.body)
        if self.since:  # an incremental run: what the sitemap says is unchanged since the last run is not read
            changed = [(loc, lastmod) for loc, lastmod in entries if not lastmod or lastmod[:10] >= self.since]
            self.crawler.stats.inc_value("portal/discovery/sitemap_unchanged", len(entries) - len(changed))
            entries = changed
        if kind == "sitemapindex":
            for loc, _ in entries[:SITEMAPS]:
                if request := self.aux_request(loc, self.parse_sitemap):
                    yield request
        elif kind == "urlset":
            self.crawler.stats.inc_value("portal/discovery/sitemap_urls", len(entries))
            if self.since:  # changed since the last run: archived ones are fetched again (an edit)
                self.state["skip"].difference_update(url_key(loc) for loc, lastmod in entries if lastmod)
            yield from self.follow_hrefs(response.url, [loc for loc, _ in entries[:SITEMAP_URLS]], here=False)

    def parse_feed(self, response):
        if response.status == 200:
            links = feed_links(response.body)
            self.crawler.stats.inc_value("portal/discovery/feed_urls", len(links))
            yield from self.follow_hrefs(response.url, links, here=False)

    def feed_requests(self, response):
        """Requests for the RSS/Atom feeds a page of a portal without URL patterns announces."""
        for href in response.xpath(_FEEDS).getall():
            if request := self.aux_request(response.urljoin(href.strip()), self.parse_feed):
                yield request

    def parse_page(self, response):
        """A page of unknown kind: an article is archived and teaches its URL shape; anything else is a listing."""
        if not isinstance(response, TextResponse):
            yield self.count_error("not_html", response)
            return
        article = self.extract(response)
        if refused := self.refused(article, response):
            yield refused
            return
        # the shape is the link's, as pages write it (a static host answers "/slug" with a move to "/slug/")
        linked = response.meta.get("redirect_urls", [response.url])[0]
        if article.page_kind == "article" and article.title and article.body_text:
            self.pages_requested -= 1
            requested = [*response.meta.get("redirect_urls", []), response.url]
            yield self.article_item(article, response, list(dict.fromkeys(requested)))
            # a page without a date may be a portal's static page ("Giới thiệu"): archived, but no teacher
            learnt = self.shapes.add(linked, True) if article.published_raw else None
            if learnt:
                self.logger.info("learnt article URL pattern %s (from %s)", learnt, response.url)
                self.crawler.stats.set_value("portal/learnt/article_patterns", list(self.shapes.learnt))
            yield from self.unpark(bool(learnt))  # and its place is free again
        else:
            self.shapes.add(linked, False)
            self.listing_keys.update((url_key(linked), url_key(response.url)))
            if article.counters_raw:
                yield CounterSnapshot.of(article)
            yield from self.logo(response)
            yield from self.feed_requests(response)
        yield from self.follow_links(response)

    def logo(self, response):
        """The portal's ``PortalLogo``, from the first of its pages (at most three) that shows one."""
        if self.logo_tries >= 3:
            return
        self.logo_tries += 1
        src = find_logo(response.selector.root, response.url)
        if src:
            self.logo_tries = 3
            yield PortalLogo(self.profile.slug, src)

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
            return _link(url, self.kind_of(url))
        if known.http and plain_path(stripped):
            url = page.origin + stripped  # what urljoin gives for such a path: skip urllib
            kind = self.kind_of_target(stripped) if known.allowed else None
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
                link = _link(url, self.kind_of(url))
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
                                  counters_only=counters_only, classify=self.discover)
        if article.rules.get("repaired"):  # mojibake or TCVN3: decoded without errors but unreadably
            self.crawler.stats.inc_value(f"portal/repaired/{article.rules['repaired']}")
            self.logger.info("repaired %s text at %s", article.rules["repaired"], response.url)
        for flag in ("depth_limited", "title_capped"):  # stored, with the flag in rules (crawler.extract.bounds)
            if flag in article.rules:
                self.crawler.stats.inc_value(f"portal/flagged/{flag}")
                self.logger.warning("%s: %s (%s)", response.url, flag, article.rules[flag])
        article.portal = self.profile.slug
        return article

    def parse_listing(self, response):
        if not isinstance(response, TextResponse):
            yield self.count_error("not_html", response)
            return
        article = self.extract(response, counters_only=True)  # a listing: its counters and links
        if refused := self.refused(article, response):
            yield refused
            return
        if article.counters_raw:
            yield CounterSnapshot.of(article)
        yield from self.logo(response)
        if self.discover:
            yield from self.feed_requests(response)
        # a start page (a home page) is no page of a section's listing, unless the profile says it is one
        yield from self.follow_links(response, listing="walk_dry" in response.meta
                                     or self.profile.classify(response.url) == "listing")

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
        if refused := self.refused(article, response):
            yield refused
            return
        self.crawler.stats.inc_value("portal/articles_extracted")
        if self.discover and article.page_kind != "article":  # a learnt shape was wrong for this one
            self.shapes.add(response.url, False)
            if article.counters_raw:
                yield CounterSnapshot.of(article)
        elif article.title and article.body_text:  # the item carries the page's counters too
            yield self.article_item(article, response, requested)
        else:
            if article.counters_raw:
                yield CounterSnapshot.of(article)
            yield self.count_error("no_article", response)
            self.logger.warning("no article content at %s", response.url)
        yield from self.follow_links(response)

    def article_item(self, article: Article, response, requested: list[str]) -> Article:
        """``article`` as the item to archive: the URLs that led to it, its capture, its HTTP validators."""
        article.requested_urls = requested
        if article.canonical_url and not self.own_canonical(article.canonical_url, response.url):
            article.rules["canonical_ignored"] = article.canonical_url
            article.canonical_url = None
        article.warc = response.meta.get("warc")
        article.etag = response.headers.get("ETag", b"").decode("latin-1") or None
        article.last_modified = response.headers.get("Last-Modified", b"").decode("latin-1") or None
        return article

    def own_canonical(self, canonical: str, url: str) -> bool:
        """Can ``canonical`` (a page's ``rel=canonical``) be the address of the article at ``url``? Not when it
        names a site's root or a page this crawl read as a listing (or as no article): templates that print the
        home page (of the portal, or of the site they were copied from) or the section as every page's canonical."""
        if _is_root(canonical) and not _is_root(url):
            return False
        return url_key(canonical) not in self.listing_keys

    def follow_redirect(self, response, requested):
        location = response.headers.get("Location", b"").decode("latin-1")
        target = response.urljoin(location) if location else None
        if target and self.kind_of(target) in ("article", "page") and len(requested) < 5 \
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

    def refused(self, article: Article, response) -> FetchError | None:
        """The ``hostile_markup`` error row of a page ``extract_article`` refused to parse
        (``crawler.extract.bounds``), or None; such a page's links are not followed either."""
        why = article.rules.get("refused")
        if why is None:
            return None
        self.logger.warning("not parsed: %s: %s", response.url, why)
        return self.count_error("hostile_markup", response, message=why)

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
        if failure.check(WarcWriteFailed):  # the archive's failure, not the page's: the crawl is stopping
            return
        decision = failure.check(IgnoreRequest) and not failure.check(HttpError, RobotsUnavailable, UnsafeTarget) \
            and "DOWNLOAD_MAXSIZE" not in str(failure.value)
        if decision:  # robots.txt disallowed, page cap reached: a decision, not an error
            self.crawler.stats.inc_value("portal/ignored")
            self.logger.info("not fetched (%s): %s", failure.value, failure.request.url)
            if "robots.txt" in str(failure.value) and "requested_urls" in failure.request.meta:  # a queued article
                yield UrlEvent(self.profile.slug, failure.request.url, "disallowed", self.now())
            return
        kind, status = error_class(failure)
        self.logger.warning("fetch failed (%s): %s", kind, failure.request.url)
        yield self.count_error(kind, request=failure.request, status=status, message=str(failure.value)[:500])
