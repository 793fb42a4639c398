"""A replica portal: its generated articles (ground truth), its visitor counter and its HTTP routing.

``build_site(slug, seed, articles)`` is deterministic: the same arguments give the same pages (apart
from the visitor counter, which grows with every page served) and the same ground truth.
"""
from __future__ import annotations

import functools
import random
import threading
from dataclasses import dataclass, field
from datetime import timedelta
from email.utils import formatdate
from typing import Mapping
from urllib.parse import parse_qs, urlsplit

from .content import ArticleData, Category, generate_articles, unique_slugs
from .images import jpeg
from .text import stable_hash, thousands

DEFAULT_SEED = 2025
DEFAULT_ARTICLES = 120

IMAGE_TYPES = {".jpg": "image/jpeg", ".jpeg": "image/jpeg"}


class Counters:
    """The portal's "Thống kê truy cập": every page served adds one visit to each running total."""

    def __init__(self, rng: random.Random):
        self._lock = threading.Lock()
        self.hits = 0
        self.yesterday = rng.randint(1800, 6500)
        self.today = rng.randint(300, 1500)
        self.week = self.today + rng.randint(4, 6) * self.yesterday
        self.month = self.week + rng.randint(40_000, 120_000)
        self.year = self.month + rng.randint(400_000, 1_500_000)
        self.total = self.year + rng.randint(1_000_000, 8_000_000)
        self._online_base = rng.randint(25, 180)

    def _values(self) -> dict[str, int]:
        online = self._online_base + (self.hits * 37) % 29
        return {"online": online, "today": self.today, "yesterday": self.yesterday, "week": self.week,
                "month": self.month, "year": self.year, "total": self.total}

    def hit(self) -> dict[str, int]:
        """Count one page view and return the values to print on that page."""
        with self._lock:
            self.hits += 1
            self.today += 1
            self.week += 1
            self.month += 1
            self.year += 1
            self.total += 1
            return self._values()

    def snapshot(self) -> dict[str, int]:
        with self._lock:
            return self._values()


@dataclass
class Response:
    status: int
    content_type: str
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)


class Site:
    """One replica portal. ``articles`` is the ground truth (list of dicts, oldest first)."""

    def __init__(self, slug: str, seed: int, family, categories: list[Category], items: list[ArticleData],
                 counter_rng: random.Random):
        self.slug = slug
        self.seed = seed
        self.family = family
        self.categories = categories
        self.items = items  # oldest first
        self.articles = [a.truth() for a in items]
        self.by_path = {a.path: a for a in items}
        self.counters = Counters(counter_rng)
        self.counter_labels = dict(family.counter_labels)
        self.revisions: dict[str, int] = {}
        self.removed: dict[str, int] = {}
        self.moved: dict[str, str] = {}
        self.extra_links: list[tuple[str, str]] = []  # (href, text) added to the home page

    @property
    def name(self) -> str:
        return self.family.name

    def latest(self, n: int) -> list[ArticleData]:
        return self.items[::-1][:n]

    def page_rng(self, path: str) -> random.Random:
        return random.Random(self.seed * 1_000_003 + stable_hash(f"{self.slug}|{path}"))

    def format_count(self, n: int) -> str:
        return thousands(n, self.family.thousands_sep)

    # --- scenario controls (tests): change the portal between two crawls, as real portals do --------
    def edit(self, path: str, *, title: str | None = None, lead: str | None = None,
             paragraphs: list[str] | None = None, byline: str | None = None) -> dict:
        """Change an article in place (the CMS "sửa bài"); returns its new ground truth."""
        a = self.by_path[path]
        a.title = title if title is not None else a.title
        a.lead = lead if lead is not None else a.lead
        a.paragraphs = list(paragraphs) if paragraphs is not None else a.paragraphs
        a.byline = byline if byline is not None else a.byline
        self.revisions[path] = self.revisions.get(path, 0) + 1
        self.articles[a.idx] = a.truth()
        return self.articles[a.idx]

    def publish(self, n: int, category: str | None = None) -> list[dict]:
        """Publish ``n`` new articles (in ``category``, a category key; default: any), newer than every article
        so far, one hour apart; the same calls give the same articles. Returns their ground truth."""
        rng = random.Random(self.seed * 1_000_003 + len(self.items))
        categories = [c for c in self.categories if category in (None, c.key)]
        if not categories:
            raise ValueError(f"unknown category {category!r}")
        new = generate_articles(rng, self.family.locale, categories, n)
        for i, a in enumerate(new):
            a.idx = len(self.items) + i
            a.published = self.items[-1].published + timedelta(hours=i + 1)
        unique_slugs(self.items + new)  # the slugs of earlier articles stay as they are
        self.family.assign(new, rng, after=max(a.aid for a in self.items))
        for a in new:
            self.items.append(a)
            self.articles.append(a.truth())
            self.by_path[a.path] = a
            a.category.articles.insert(0, a)  # newest first
        return self.articles[-n:] if n else []

    def remove(self, path: str, status: int = 410) -> None:
        """Take an article down: it answers ``status`` (404 or 410) from now on."""
        self.removed[path] = status

    def move(self, path: str, location: str) -> None:
        """Redirect an article permanently to ``location`` (e.g. the merged province's new portal)."""
        self.moved[path] = location

    def validators(self, a: ArticleData) -> dict[str, str]:
        """ETag / Last-Modified of an article: they change only when the article is edited."""
        rev = self.revisions.get(a.path, 0)
        tag = stable_hash(f"{a.title}|{a.body_text}|{a.byline}|{rev}")
        modified = a.published.timestamp() + rev * 3600
        return {"ETag": f'"{tag:08x}-{rev}"', "Last-Modified": formatdate(modified, usegmt=True)}

    def respond(self, target: str, host: str | None = None, headers: Mapping[str, str] | None = None) -> Response:
        """Answer a GET for ``target`` (path + optional query), as the portal would. ``headers``: the
        request's, for conditional requests (If-None-Match / If-Modified-Since on articles)."""
        parts = urlsplit(target)
        path, query = parts.path or "/", parse_qs(parts.query, keep_blank_values=True)
        base = f"http://{host}" if host else "http://127.0.0.1"
        if path in self.removed:
            html = self.family.render_not_found(base, path)
            return Response(self.removed[path], "text/html; charset=utf-8", html.encode())
        if path in self.moved:
            return Response(301, "text/html; charset=utf-8", b"", {"Location": self.moved[path]})
        if path == "/robots.txt":
            return Response(200, "text/plain; charset=utf-8", self.family.robots().encode())
        ext = path[path.rfind("."):].lower() if "." in path.rsplit("/", 1)[-1] else ""
        if path.startswith(self.family.image_prefixes) and (ext in IMAGE_TYPES or "logo" in path):
            return Response(200, "image/jpeg", _image(path))  # a picture of its own per URL, the logo too
        route = self.family.route(path, query, parts.query)
        if route is None:
            html = self.family.render_not_found(base, path)
            return Response(404, "text/html; charset=utf-8", html.encode())
        kind, *args = route
        if kind == "redirect":
            return Response(301, "text/html; charset=utf-8", b"", {"Location": args[0]})
        if kind == "forbidden":
            html = self.family.render_forbidden(base, path)
            return Response(403, "text/html; charset=utf-8", html.encode())
        extra = {}
        if kind == "article":
            extra = self.validators(args[0])
            headers = headers or {}
            if headers.get("If-None-Match") == extra["ETag"] or headers.get("If-Modified-Since") == extra["Last-Modified"]:
                return Response(304, "text/html; charset=utf-8", b"", extra)
        counters = self.counters.hit()
        html = getattr(self.family, f"render_{kind}")(base, target, counters, *args)
        if self.extra_links and kind == "home":
            links = "".join(f'<a href="{href}">{text}</a>' for href, text in self.extra_links)
            html = html.replace("</body>", f"<div class=\"extra\">{links}</div></body>", 1)
        return Response(200, "text/html; charset=utf-8", html.encode(), extra)


@functools.lru_cache(maxsize=2048)
def _image(path: str) -> bytes:
    return jpeg(path)


def build_site(slug: str, seed: int = DEFAULT_SEED, articles: int | None = None,
               large_pages: bool = False) -> Site:
    """Build the replica portal ``slug`` (one of :data:`replica.PORTALS`).

    ``articles``: number of articles (default 120). ``large_pages``: pad pages to 60–110 KB instead of
    30–60 KB (benchmarks). Same arguments → identical site and ground truth.
    """
    from .families import FAMILIES

    if slug not in FAMILIES:
        raise ValueError(f"unknown replica portal {slug!r} (known: {', '.join(FAMILIES)})")
    n = DEFAULT_ARTICLES if articles is None else int(articles)
    if n < 1:
        raise ValueError("articles must be at least 1")
    rng = random.Random(seed + stable_hash(slug))
    family = FAMILIES[slug](seed=seed, large_pages=large_pages)
    categories, items = family.build(rng, n)
    site = Site(slug, seed, family, categories, items, random.Random(rng.randrange(2**32)))
    family.site = site
    return site
