"""Items passed from the spider to the pipelines.

Extraction fills the ``*_raw`` fields and the text fields exactly as the page shows them;
``pipelines.normalize`` derives the normalised values (NFC, ISO dates, integers, canonical URL).
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Image:
    """An image inside the article body: absolute ``src``, its caption as printed (None if none) and where it sits
    in the text: ``after_paragraph`` paragraphs of ``body_text`` come before it (0: before the first; None: not
    known)."""

    src: str
    caption: str | None = None
    after_paragraph: int | None = None


@dataclass
class Article:
    """One article page as extracted (raw strings); normalised fields are filled by the pipelines."""

    url: str
    portal: str | None = None
    title: str | None = None
    body_text: str | None = None
    published_raw: str | None = None
    byline: str | None = None
    source: str | None = None  # the source line as printed ("Nguồn: …", "Theo VOV"): not a byline
    authors: list[str] = field(default_factory=list)
    images: list[Image] = field(default_factory=list)
    counters_raw: dict[str, str] | None = None  # kind -> number as printed, e.g. {"total": "1.735.685"};
    # the page's counter snapshot travels on its article item (one item less per page through Scrapy)
    canonical_url: str | None = None
    fetched_at: str | None = None  # ISO 8601 (UTC offset included) of the fetch
    date_reference: str | None = None  # ISO moment whose year anchors a year-less published_raw ("Ngày 14/6")
    date_order: str = "DMY"  # numeric date order of the portal (profile ``[dates] order``; "MDY" for M/d/yyyy sites)
    status: int | None = None
    rules: dict[str, str] = field(default_factory=dict)  # field -> which rule of the cascade matched
    requested_urls: list[str] = field(default_factory=list)  # URLs that led here (redirects, variants)
    warc: dict | None = None  # capture location: file, record_id, offset, digest
    etag: str | None = None
    last_modified: str | None = None
    page_kind: str | None = None  # "article" or "listing", when asked for (``crawler.extract.kind``)
    # filled by pipelines.normalize
    published_at: str | None = None
    counters: dict[str, int] | None = None
    content_hash: str | None = None
    url_key: str | None = None
    simhash: str | None = None


@dataclass
class CounterSnapshot:
    """The site's visitor counter block as seen on one fetched page."""

    portal: str
    page_url: str
    fetched_at: str
    counters_raw: dict[str, str]
    counters: dict[str, int] | None = None  # filled by pipelines.normalize

    @classmethod
    def of(cls, article: Article) -> "CounterSnapshot":
        """The counter snapshot of the page ``article`` was extracted from."""
        return cls(article.portal, article.url, article.fetched_at, article.counters_raw, article.counters)


@dataclass
class UrlEvent:
    """Something learnt about a URL without a new article: ``discovered`` (queued, not yet archived),
    ``alias`` (another URL of an article already queued or archived), ``moved`` (redirects to
    ``target``, an article address of the portal already queued or archived), ``gone`` (404/410 or
    redirected away; ``target`` = redirect location), ``not_modified`` (304), ``disallowed`` (robots.txt
    forbids it: settled in the frontier, asked again after ``archive.writes.FAILED_RECHECK``)."""

    portal: str
    url: str
    event: str
    fetched_at: str
    status: int | None = None
    target: str | None = None
    url_key: str | None = None  # the spider's, else filled by pipelines.normalize


@dataclass
class UrlEvents:
    """The ``discovered`` and ``alias`` events of one page's links, in one item rather than one item each:
    every item pays for Scrapy's whole pipeline machinery."""

    events: list[UrlEvent]


@dataclass
class FetchError:
    """A page that could not be fetched or archived: ``error`` is its class (``http_503``, ``timeout``,
    ``truncated``, ``too_large``, ``connection_reset``, ``unsafe_target``, ``robots_unavailable``,
    ``not_html``, ``no_article``, ...), ``attempts`` the requests made (retries included)."""

    portal: str
    url: str
    error: str
    fetched_at: str
    status: int | None = None
    attempts: int = 1
    message: str | None = None


COUNTER_KINDS = ("online", "today", "yesterday", "week", "month", "year", "total")


@dataclass
class PortalLogo:
    """The portal's logo as its start page shows it: absolute ``src`` (captured once, ``portals.logo_image_id``)."""

    portal: str
    src: str
