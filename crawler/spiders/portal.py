"""The one generic spider: ``scrapy crawl portal -a portal=<slug> [-a base_url=http://mirror]``.

Start pages -> listing pages (pagination, bounded by the profile) -> article pages. Which links are
listings or articles is decided by the profile's URL patterns; what is extracted by its selectors.
"""
from __future__ import annotations

from datetime import datetime, timezone

import scrapy
from scrapy.exceptions import NotConfigured

from crawler.extract.article import extract_article
from crawler.items import CounterSnapshot
from crawler.profiles import ProfileError, load_profile


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
        self.listing_pages = 0
        self.article_requests = 0

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        spider = super().from_crawler(crawler, *args, **kwargs)
        p, s = spider.profile, crawler.settings
        if not s.getbool("PORTAL_IGNORE_PROFILE_POLITENESS"):
            s.set("DOWNLOAD_DELAY", p.download_delay, priority="spider")
            s.set("CONCURRENT_REQUESTS_PER_DOMAIN", p.concurrency, priority="spider")
            s.set("AUTOTHROTTLE_ENABLED", p.autothrottle, priority="spider")
        return spider

    async def start(self):
        for url in self.profile.start_urls:
            yield scrapy.Request(url, callback=self.parse_listing, errback=self.on_error)

    @staticmethod
    def now() -> str:
        return datetime.now(timezone.utc).isoformat(timespec="seconds")

    def follow_links(self, response):
        """Requests for the listing and article links of a page, as the profile classifies them."""
        for href in response.xpath("//a/@href").getall():
            url = response.urljoin(href.strip())
            kind = self.profile.classify(url)
            if kind == "article":
                if self.profile.max_articles and self.article_requests >= self.profile.max_articles:
                    continue
                self.article_requests += 1
                yield scrapy.Request(url, callback=self.parse_article, errback=self.on_error)
            elif kind == "listing" and self.listing_pages < self.profile.max_listing_pages:
                self.listing_pages += 1
                yield scrapy.Request(url, callback=self.parse_listing, errback=self.on_error)

    def parse_listing(self, response):
        if not hasattr(response, "text"):
            self.count_error("not_html")
            return
        article = extract_article(response.text, response.url, self.profile, fetched_at=self.now(),
                                  status=response.status)
        if article.counters_raw:
            yield CounterSnapshot(self.profile.slug, response.url, article.fetched_at, article.counters_raw)
        yield from self.follow_links(response)

    def parse_article(self, response):
        if not hasattr(response, "text"):
            self.count_error("not_html")
            return
        article = extract_article(response.text, response.url, self.profile, fetched_at=self.now(),
                                  status=response.status)
        article.portal = self.profile.slug
        self.crawler.stats.inc_value("portal/articles_extracted")
        if article.counters_raw:
            yield CounterSnapshot(self.profile.slug, response.url, article.fetched_at, article.counters_raw)
        if article.title and article.body_text:
            yield article
        else:
            self.count_error("no_article")
            self.logger.warning("no article content at %s", response.url)
        yield from self.follow_links(response)

    def count_error(self, kind: str):
        self.crawler.stats.inc_value("portal/errors")
        self.crawler.stats.inc_value(f"portal/errors/{kind}")

    def on_error(self, failure):
        response = getattr(failure.value, "response", None)
        kind = f"http_{response.status}" if response is not None else failure.type.__name__
        self.count_error(kind)
        self.logger.warning("fetch failed (%s): %s", kind, failure.request.url)
