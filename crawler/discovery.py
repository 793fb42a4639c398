"""Crawling a portal that has no URL patterns (a profile made from its URL): what to fetch, what the crawl learns.

- ``DENY``: links no portal's articles live at (files, print and mail views, search, login, tags, by path or by a
  query value), ordered data.
- ``UrlShapes``: a URL's shape is its path segments and query keys with numbers and slugs generalised. A shape of
  which at least ``LEARN_AFTER`` fetched pages were articles, and (almost) none was not, becomes an article
  pattern: later links of that shape are articles without a fetch to tell. Two learnt patterns that differ in
  one literal segment (two sections of a portal) are joined into one that takes any segment there.
- ``sitemap_entries`` and ``feed_links``: the page URLs that a sitemap (or sitemap index) and an RSS/Atom feed list,
  read by Scrapy's sitemap reader and feedparser.
"""
from __future__ import annotations

import re
from urllib.parse import urlsplit

from crawler.urls import path_and_query

DENY = [
    r"(?i)\.(?:jpe?g|png|gif|webp|svg|ico|bmp|tiff?|pdf|docx?|xlsx?|pptx?|odt|zip|rar|7z|mp3|mp4|avi|wmv|flv|swf"
    r"|css|js|xml|json|txt|exe|apk)(?:$|[?#])",
    r"(?i)[?&](?:print|printable|sendmail|share|replytocom|device|mobile|amp)=",
    # another language's copy (a Vietnamese one, as NukeViet's index.php?language=vi&nv=news, is the site itself)
    r"(?i)[?&](?:lang|language|locale|hl)=(?!(?:vi|vn|vi[-_]vn)(?:[&#]|$))",
    # the same views named by a query value (VHV ?page=login, ?page=Article.Print.detail; NukeViet op=login,
    # nv=seek; Joomla option=com_search)
    r"(?i)[?&][^=&#]*=(?:[^&#]*[._/-])?(?:login|logout|register|search|seek|print|sendmail)(?:[._/-][^&#]*)?(?:[&#]|$)",
    r"(?i)/(?:print|sendmail|savefile|in-bai|gui-email|login|logout|dang-nhap|dang-xuat|dang-ky|register|search"
    r"|tim-kiem|seek|wp-admin|wp-login|admin|users?|tags?|rss|feed|atom)(?:$|[/?.])",
    r"(?i)^/(?:portals|uploads?|images?|data|files|documents|media|static|assets|wp-content|wp-includes)/",
]
LEARN_AFTER = 3  # articles of one shape before it is learnt as an article pattern
_EXTENSION = re.compile(r"^(.+?)(\.[A-Za-z0-9]{1,5})$")
_LETTERS_THEN_DIGITS = re.compile(r"^([A-Za-z_]+)(\d+)$")
ANY_SEGMENT = "[^/]+"


def _segment(segment: str) -> str:
    """The pattern of one path segment: numbers as ``\\d+``, slugs (three words or more) as any segment."""
    if not segment:
        return ""
    match = _EXTENSION.match(segment)
    stem, extension = (match.group(1), re.escape(match.group(2))) if match else (segment, "")
    if stem.isdigit():
        return r"\d+" + extension
    if len(re.split(r"[-_.]", stem)) >= 3:
        return ANY_SEGMENT + extension
    match = _LETTERS_THEN_DIGITS.match(stem)
    if match:
        return re.escape(match.group(1)) + r"\d+" + extension
    return re.escape(stem) + extension


def shape(url: str) -> tuple[str, ...]:
    """The shape of ``url`` (absolute, or a path with its query) as its segment patterns, query last."""
    parts = urlsplit(url)
    segments = tuple(_segment(s) for s in parts.path.split("/")[1:]) or ("",)
    if not parts.query:
        return segments
    fields = []
    for pair in parts.query.split("&"):
        key, _, value = pair.partition("=")
        fields.append(re.escape(key) + "=" + (r"\d+" if value.isdigit() else "[^&]*"))
    return segments + ("?" + "&".join(fields),)


def _regex(tokens: tuple[str, ...]) -> str:
    path = "/" + "/".join(t for t in tokens if not t.startswith("?"))
    query = next((t for t in tokens if t.startswith("?")), "")
    return "^" + path + (r"\?" + query[1:] if query else "") + "$"


class UrlShapes:
    """What a crawl without URL patterns has learnt: the shapes of the pages it fetched, by what they were."""

    def __init__(self, learnt: list[str] | None = None):
        self.counts: dict[tuple[str, ...], list[int]] = {}  # shape -> [articles, other pages]
        self.learnt: list[str] = list(learnt or [])  # article patterns, in the order learnt
        self._compiled = [re.compile(p) for p in self.learnt]
        self._learnt_shapes: list[tuple[str, ...]] = []

    def is_article(self, target: str) -> bool:
        """Does ``target`` (a URL's path and query) have a learnt article shape?"""
        return any(p.match(target) for p in self._compiled)

    def add(self, url: str, is_article: bool) -> str | None:
        """Count a fetched page of ``url``; return the article pattern it made the crawl learn, if any."""
        tokens = shape(url)
        counts = self.counts.setdefault(tokens, [0, 0])
        counts[0 if is_article else 1] += 1
        articles, others = counts
        if articles < LEARN_AFTER or others * 10 > articles or self.is_article(path_and_query(url)):
            return None
        for other in self._learnt_shapes:  # two sections of one portal: one pattern for both
            joined = _join(other, tokens)
            if joined is not None:
                self._forget(_regex(other))
                self._learnt_shapes.remove(other)
                tokens = joined
                break
        self._learnt_shapes.append(tokens)
        return self._learn(_regex(tokens))

    def _learn(self, pattern: str) -> str | None:
        if pattern in self.learnt:
            return None
        self.learnt.append(pattern)
        self._compiled.append(re.compile(pattern))
        return pattern

    def _forget(self, pattern: str) -> None:
        if pattern in self.learnt:
            i = self.learnt.index(pattern)
            del self.learnt[i], self._compiled[i]


def _join(a: tuple[str, ...], b: tuple[str, ...]) -> tuple[str, ...] | None:
    """``a`` with any segment where it differs from ``b`` in exactly one segment (a section's name), else None."""
    if len(a) != len(b):
        return None
    differ = [i for i, (x, y) in enumerate(zip(a, b)) if x != y]
    if len(differ) != 1 or a[differ[0]].startswith("?") or b[differ[0]].startswith("?"):
        return None
    i = differ[0]
    return a[:i] + (ANY_SEGMENT,) + a[i + 1:]


def sitemap_entries(body: bytes) -> tuple[str, list[tuple[str, str]]]:
    """``(kind, [(loc, lastmod)])`` of a sitemap document (``kind``: "sitemapindex", "urlset" or "" when it is
    not one), gzip or not, newest first where ``lastmod`` says."""
    from scrapy.utils.gz import gunzip
    from scrapy.utils.sitemap import Sitemap

    if body[:2] == b"\x1f\x8b":
        try:
            body = gunzip(body, max_size=50 * 1024 * 1024)
        except (OSError, ValueError):
            return "", []
    try:
        sitemap = Sitemap(body)
    except Exception:  # not XML at all: a portal's 200 page for a missing /sitemap.xml
        return "", []
    if sitemap.type not in ("sitemapindex", "urlset"):
        return "", []
    entries = [(entry["loc"], entry.get("lastmod", "")) for entry in sitemap if entry.get("loc")]
    entries.sort(key=lambda entry: entry[1], reverse=True)
    return sitemap.type, entries


def feed_links(body: bytes) -> list[str]:
    """The entry links of an RSS or Atom feed (none when ``body`` is not a feed)."""
    import feedparser

    feed = feedparser.parse(body)
    return [entry.link for entry in feed.entries if entry.get("link")]
