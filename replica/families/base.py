"""What the three portal families share: building the article set, page padding, pagination maths.

A family subclass supplies its URL scheme (``listing_path``, ``assign``, ``route``), its date format
and its markup (``render_home``, ``render_listing``, ``render_article``, ``render_print``,
``render_static``, ``render_not_found``, ``render_forbidden``).
"""
from __future__ import annotations

import random
from typing import TYPE_CHECKING

from ..content import ArticleData, Category, Locale, doc_item, generate_articles, unique_slugs
from ..text import h, slugify

if TYPE_CHECKING:  # pragma: no cover
    from ..site import Site

FILL_MARK = "<!--replica:fill-->"


class Family:
    slug: str = ""
    family: str = ""
    name: str = ""
    per_page: int = 10
    thousands_sep: str = "."
    locale: Locale
    category_specs: tuple[tuple[str, str, tuple[str, ...]], ...] = ()
    counter_labels: tuple[tuple[str, str], ...] = ()  # (kind, label as printed), in page order
    image_prefixes: tuple[str, ...] = ("/images/",)
    address: str = ""
    robots_disallow: tuple[str, ...] = ("/admin/",)
    server_header: str = "nginx"

    def __init__(self, seed: int, large_pages: bool = False):
        self.seed = seed
        self.large_pages = large_pages
        self.site: Site | None = None

    # --- building -------------------------------------------------------------------------
    def build(self, rng: random.Random, n: int) -> tuple[list[Category], list[ArticleData]]:
        categories = self.make_categories(rng)
        items = generate_articles(rng, self.locale, categories, n)
        unique_slugs(items)
        self.assign(items, rng)
        for cat in categories:
            cat.articles = [a for a in reversed(items) if a.category is cat]
        return categories, items

    def make_categories(self, rng: random.Random) -> list[Category]:
        return [Category(key=k, name=name, topics=topics) for k, name, topics in self.category_specs]

    def assign(self, items: list[ArticleData], rng: random.Random, after: int | None = None) -> None:
        """Give every article its id, path, image sources and printed date line; ``after``: the ids start above
        it (articles published later)."""
        raise NotImplementedError

    # --- URLs -------------------------------------------------------------------------------
    def listing_path(self, cat: Category, page: int = 1) -> str:
        raise NotImplementedError

    def pages(self, cat: Category) -> int:
        return max(1, -(-len(cat.articles) // self.per_page))

    def page_items(self, cat: Category, page: int) -> list[ArticleData]:
        return cat.articles[(page - 1) * self.per_page: page * self.per_page]

    def category(self, key: str) -> Category | None:
        return next((c for c in self.site.categories if c.key == key), None)

    def robots(self) -> str:
        lines = ["User-agent: *", *(f"Disallow: {p}" for p in self.robots_disallow), "Allow: /", ""]
        return "\n".join(lines)

    # --- shared page pieces ---------------------------------------------------------------------
    def related(self, a: ArticleData, older: int = 6, newer: int = 0) -> tuple[list[ArticleData], list[ArticleData]]:
        arts = a.category.articles  # newest first
        i = arts.index(a)
        return arts[max(0, i - newer):i], arts[i + 1:i + 1 + older]

    def most_read(self, rng: random.Random, n: int = 6) -> list[ArticleData]:
        items = self.site.items
        return rng.sample(items, min(n, len(items)))

    def thumb(self, a: ArticleData) -> str:
        return a.images[0].src if a.images else self.no_image

    no_image = "/images/no-image.jpg"
    doc_prefix = "/van-ban/"

    def window(self, page: int, pages: int, size: int = 5) -> range:
        lo = max(1, page - size)
        return range(lo, min(pages, lo + 2 * size) + 1)

    def target_size(self, rng: random.Random) -> int:
        lo, hi = (64, 106) if self.large_pages else (33, 56)
        return rng.randint(lo, hi) * 1024

    def filler_item(self, rng: random.Random) -> str:
        """One padding item (a legal document in the "Văn bản mới" sidebar)."""
        number, kind, subject = doc_item(rng, rng.choice((2024, 2025)))
        return (f'<li><a href="{self.doc_prefix}{slugify(number)}.pdf" title="{h(kind)} số {h(number)}">'
                f'{h(kind)} số {h(number)} {h(subject)}</a></li>\n')

    def fill(self, html: str, rng: random.Random) -> str:
        """Pad the page at :data:`FILL_MARK` to a realistic size (30–60 KB, or 60–110 KB when large)."""
        target = self.target_size(rng)
        size = len(html.encode("utf-8"))
        items = []
        while size < target:
            item = self.filler_item(rng)
            items.append(item)
            size += len(item.encode("utf-8"))
        return html.replace(FILL_MARK, "".join(items), 1)

    def fmt(self, n: int) -> str:
        return self.site.format_count(n)
