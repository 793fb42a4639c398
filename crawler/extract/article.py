"""Article extraction: ``(html, url, profile) -> Article`` with raw strings. Pure, no I/O.

``extract_article`` parses the page; ``_fill`` then runs the field stages in order (``PAGE_STAGES`` …
``BODY_STAGES``). A stage is a small function ``stage(page) -> (value, rule)``: the field's value (None when the page
has none) and the name of the rule that produced it, which ``Article.rules`` records. Stages share a ``Page``; the
title stage is in ``titles.py``, the body container, lead and body text in ``bodies.py`` (the container is found
before the headline, then checked against it), the date, byline and image stages in ``datelines.py``, ``bylines.py``
and ``captions.py``. Each stage is a cascade: the profile's expressions, the CMS family's, the generic vocabularies
(``selectors.py``, most specific first), then machine-readable metadata (JSON-LD, OpenGraph, meta) and heuristics for
Vietnamese CMS markup.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from typing import Callable
from urllib.parse import parse_qsl, urljoin, urlsplit

from lxml import etree

from crawler.extract import families, legacy
from crawler.extract.bounds import MAX_DEPTH, cap_title, hostile_markup, utf16_encoding
from crawler.extract.bodies import body_container, body_near_headline, body_text, image_places, lead
from crawler.extract.bylines import authors, byline, source
from crawler.extract.captions import images
from crawler.extract.counters import extract_counters
from crawler.extract.datelines import date_reference, published
from crawler.extract.kind import page_kind
from crawler.extract.selectors import GENERIC_EXPRS, PageIndex, SelectorSet, find
from crawler.extract.text import (collapse, decode_html, depth_limited, drop_tree, fill_script_slots, load_html,
                                  noise_test, paragraphs, text_memo, text_of)
from crawler.extract.titles import title
from crawler.items import Article


@lru_cache(maxsize=64)
def _selector_set(profile_exprs: tuple[str, ...]) -> SelectorSet:
    """The generic expressions plus a profile's, answered from one walk of the tree (compiled once)."""
    return SelectorSet(GENERIC_EXPRS + families.all_exprs() + list(profile_exprs))


_HOME_PATHS = frozenset({"", "/index.html", "/index.htm", "/index.php", "/index.aspx", "/default.aspx", "/home",
                         "/trang-chu", "/trangchu", "/vi", "/en", "/web/guest", "/web/guest/home", "/portal"})
_LANGUAGE_KEYS = frozenset({"lang", "language", "locale", "hl", "l"})


# ---------------------------------------------------------------- the page the stages share
@dataclass(eq=False)
class Page:
    """One parsed page as the stages see it. The fields up to ``family`` are known before the stages run; the
    others are left by a stage for the later ones (the title element, the body container, the date and byline
    elements and texts)."""

    root: etree._Element
    url: str
    selectors: dict  # the profile's expression lists, by field
    index: PageIndex
    reference: str | None  # the fetch time: anchors relative and year-less dates
    date_order: str  # numeric date order of the portal, "DMY" or "MDY"
    order_given: bool = False  # the profile gave ``date_order`` (else the page's own dates may settle it)
    meta: dict[str, str] = field(default_factory=dict)  # <meta> contents (and itemprop dates) by lower-cased key
    jsonld: dict[str, str] = field(default_factory=dict)  # headline, dates and author from JSON-LD
    family: families.Family | None = None
    text: Callable = text_of  # ``text_of``, remembered per element once the tree is final
    drop: Callable | None = None  # is an element of the body noise (related links, share boxes…)?
    title: str | None = None  # the headline's text
    title_element: etree._Element | None = None
    title_rule: str | None = None
    body: etree._Element | None = None  # the body container
    body_rule: str | None = None
    more_bodies: list = field(default_factory=list)  # the further matches of a profile's body expression
    body_rivals: list = field(default_factory=list)  # the long matches of the body's expression, when several
    scope: etree._Element | None = None  # the article: title and body, with the header between them
    date_element: etree._Element | None = None
    date_text: str = ""  # the date as printed in the article
    year_reference: tuple[str | None, str | None] = (None, None)  # for a year-less date: (reference, rule)
    caption_elements: list = field(default_factory=list)
    images: list = field(default_factory=list)  # the article's ``Image``s and their <img> elements, in order
    image_elements: list = field(default_factory=list)
    text_elements: list = field(default_factory=list)  # the element of each body_text paragraph (None: the lead)
    captions: set[str] = field(default_factory=set)
    byline: str | None = None
    byline_element: etree._Element | None = None
    source: str | None = None
    source_element: etree._Element | None = None
    lead: str | None = None
    paragraphs: list[tuple[etree._Element, str]] | None = None  # ``body_paragraphs``, once computed

    def exprs(self, name: str):
        """The profile's expressions for the field ``name``."""
        return self.selectors.get(name, ())

    def vocabulary(self, name: str, generic: list[str]) -> tuple[str, ...]:
        """The page's family's expressions for the field ``name``, then the ``generic`` ones."""
        return (self.family.exprs(name) if self.family is not None else ()) + tuple(generic)

    def body_paragraphs(self) -> list[tuple[etree._Element, str]]:
        """The ``(block element, text)`` paragraphs of the body container(s), without captions, the date line, the
        byline block found in the markup and noise boxes; computed once (a byline found among them stays in)."""
        if self.paragraphs is None:
            skip = set(self.caption_elements)
            skip.update(el for el in (self.date_element, self.byline_element) if el is not None)
            skip = frozenset(skip)
            self.paragraphs = paragraphs(self.body, skip=skip, skip_pred=self.drop)
            for more in self.more_bodies:
                self.paragraphs += paragraphs(more, skip=skip, skip_pred=self.drop)
        return self.paragraphs

    def label(self, expr: str, name: str) -> str:
        """The rule name of an expression of ``vocabulary(name, …)``: ``family:<family>:<expr>`` or
        ``generic:<expr>``."""
        if self.family is not None and expr in self.family.exprs(name):
            return f"family:{self.family.name}:{expr}"
        return f"generic:{expr}"


# ---------------------------------------------------------------- metadata
def _meta(root, index: PageIndex) -> dict[str, str]:
    """``<meta>`` contents by lower-cased property/name/itemprop (the first of each), and ``datepublished`` from a
    visible ``itemprop`` element when no ``<meta>`` gives it."""
    found: dict[str, str] = {}
    for meta in root.iter("meta"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").strip().lower()
        content = meta.get("content")
        if key and content and key not in found:
            found[key] = collapse(content)
    for element in index.select("[itemprop]"):
        if element.tag != "meta" and element.get("itemprop") in ("datePublished", "datepublished"):
            value = element.get("datetime") or element.get("content") or text_of(element)
            if value:
                found.setdefault("datepublished", collapse(value))
                break
    return found


def _jsonld(root) -> dict[str, str]:
    """headline / datePublished / dateCreated / dateModified / author from JSON-LD NewsArticle-like objects."""
    found: dict[str, str] = {}
    for script in root.iter("script"):
        if script.get("type") != "application/ld+json":
            continue
        raw = (script.text or "").strip()
        if not raw or len(raw) > 200_000:
            continue
        try:
            data = json.loads(raw, strict=False)
        except ValueError:
            continue
        stack = [data]
        while stack:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(item)
                continue
            if not isinstance(item, dict):
                continue
            if "@graph" in item:
                stack.append(item["@graph"])
            kind = item.get("@type")
            kind = " ".join(kind) if isinstance(kind, list) else str(kind or "")
            if "Article" in kind or "Posting" in kind or "Report" in kind:
                for key in ("headline", "datePublished", "dateCreated", "dateModified"):
                    if isinstance(item.get(key), str) and key not in found:
                        found[key] = collapse(item[key])
                author = item.get("author")
                author = author[0] if isinstance(author, list) and author else author
                if isinstance(author, dict) and str(author.get("@type", "Person")) == "Person" \
                        and isinstance(author.get("name"), str):
                    found.setdefault("author", collapse(author["name"]))
                elif isinstance(author, str):
                    found.setdefault("author", collapse(author))
    return found


def _family(profile, html, url: str, meta: dict[str, str], index: PageIndex):
    """``(family, evidence)``: the profile's ``family`` when it names one, else the one recognised from the markup
    (``(None, None)`` for an unknown CMS)."""
    family = families.family_named(getattr(profile, "family", None))
    if family is not None:
        return family, "profile"
    return families.detect(html, url, meta.get("generator"), index)


# ---------------------------------------------------------------- stages: the page as fetched
def canonical_link(page: Page):
    """The ``<link rel="canonical">`` URL, absolute."""
    for link in page.root.iter("link"):
        if (link.get("rel") or "").lower() == "canonical" and link.get("href"):
            return urljoin(page.url, link.get("href").strip()), "link:canonical"
    return None, None


def visitor_counters(page: Page):
    """The page-wide visitor counters, kind -> number as printed (read before any ``exclude`` expression drops
    their block)."""
    return extract_counters(page.root, page.exprs("counters"), page.index)


def _drop_excluded(page: Page) -> None:
    """Drop the elements of the profile's ``exclude`` expressions (and forget them in the page index)."""
    removed = set()
    for expr in page.exprs("exclude"):
        try:
            for match in find(page.index, page.root, expr):
                if not isinstance(match, str) and match.getparent() is not None:
                    removed.update(match.iter())
                    drop_tree(match)
        except Exception:
            continue
    if removed:
        page.index.prune(removed)


# ---------------------------------------------------------------- the article: body container and scope
def _common_ancestor(a, b):
    ancestors = set(a.iterancestors()) | {a}  # a set holds the proxies alive, so identity is stable
    if b in ancestors:
        return b
    for ancestor in b.iterancestors():
        if ancestor in ancestors:
            return ancestor
    return None


def _article_scope(title_element, body):
    """The smallest element holding the title and the body (the body when that is ``<html>``); without a title,
    the body's parent, so that the header above the body (date, author) is inside."""
    if title_element is None:
        parent = body.getparent() if body is not None else None
        return parent if parent is not None else body
    scope = _common_ancestor(title_element, body) if body is not None else title_element
    return body if scope is not None and scope.tag == "html" else scope


def _locate_body(page: Page) -> None:
    """Find the body container, before and without the title (the tree is final now)."""
    page.text = text_memo()
    page.drop = noise_test(page.text)
    page.body, page.body_rule, page.more_bodies = body_container(page)
    if page.body is not None and _home_without_body(page) and not page.exprs("title"):
        page.body = None  # a home page: the title may come out, the body does not


def _home_without_body(page: Page) -> bool:
    return not page.exprs("body") and _is_home(page.url)


def _locate_article(page: Page) -> None:
    """The body container checked against the headline, then the article's scope (title, body and the header
    between them), for the stages after the title."""
    if page.body is not None and _home_without_body(page) and not (page.title_rule or "").startswith("profile"):
        page.body = None
    body_near_headline(page)
    page.scope = _article_scope(page.title_element, page.body)


def _is_home(url: str) -> bool:
    """A site's front page: a home path whose query, if any, names no more than a language (``index.php?language=vi``
    is the home page; ``index.php?nv=news&op=…`` or ``?option=com_content&id=…`` is a page the query addresses)."""
    split = urlsplit(url or "")
    if split.path.lower().rstrip("/") not in _HOME_PATHS:
        return False
    return all(name.lower() in _LANGUAGE_KEYS for name, _ in parse_qsl(split.query, keep_blank_values=True))


# ---------------------------------------------------------------- the stages in order
@dataclass(frozen=True, slots=True)
class Stage:
    """A field stage and where its result goes: ``attribute`` of the Article (None: the value stays on the page, as
    the lead does: it opens the body text) and ``rule_key`` of ``Article.rules`` (None: no rule is recorded).
    ``needs``: ``"body"``, run only with a body container; ``"article"``, with a body container or a headline
    element (the byline needs one of them, not both)."""

    attribute: str | None
    rule_key: str | None
    run: Callable[[Page], tuple]
    needs: str | None = None


COUNTERS = Stage("counters_raw", "counters", visitor_counters)
PAGE_STAGES = (Stage("canonical_url", None, canonical_link), COUNTERS)  # on the page as fetched
TITLE_STAGES = (Stage("title", "title", title),)  # after the profile's ``exclude`` expressions
DATE_STAGES = (
    Stage("published_raw", "published", published),
    Stage("date_reference", "date_reference", date_reference),
)
BODY_STAGES = (
    Stage("images", "images", images, "body"),
    Stage("byline", "byline", byline, "article"),
    Stage("authors", None, authors, "article"),
    Stage("source", "source", source, "article"),
    Stage(None, "lead", lead, "body"),
    Stage("body_text", "body", body_text, "body"),
    Stage(None, None, image_places, "body"),
)


def _run(article: Article, page: Page, stages: tuple[Stage, ...]) -> None:
    """Run ``stages`` in order: each value that is not None goes to its attribute of ``article``, its rule to
    ``article.rules``."""
    for stage in stages:
        if stage.needs is not None and page.body is None \
                and (stage.needs == "body" or page.title_element is None):
            continue
        value, rule = stage.run(page)
        if value is None:
            continue
        if stage.attribute is not None:
            setattr(article, stage.attribute, value)
        if stage.rule_key is not None:
            article.rules[stage.rule_key] = rule


def _fill(article: Article, root, url: str, profile, reference, html=None, counters_only=False,
          classify=False) -> None:
    """Fill ``article`` from the parsed page ``root`` (``html``: the raw page, for the CMS family's markers)."""
    selectors = getattr(profile, "selectors", None) or {}
    index = _selector_set(tuple(e for exprs in selectors.values() for e in exprs)).index(root)
    page = Page(root, url, selectors, index, reference, article.date_order,
                order_given=bool(getattr(profile, "date_order", None)))
    if counters_only:
        _run(article, page, (COUNTERS,))
        return
    page.meta, page.jsonld = _meta(root, index), _jsonld(root)
    page.family, evidence = _family(profile, html, url, page.meta, index)
    if page.family is not None:
        article.rules["family"], article.rules["family_by"] = page.family.name, evidence
    _run(article, page, PAGE_STAGES)
    _drop_excluded(page)
    _locate_body(page)
    _run(article, page, TITLE_STAGES)
    _locate_article(page)
    _run(article, page, DATE_STAGES)
    if page.date_order != article.date_order:  # settled by the page's other dates (``datelines.page_order``)
        article.date_order, article.rules["date_order"] = page.date_order, "page:other-dates"
    _run(article, page, BODY_STAGES)
    if classify:
        article.page_kind, article.rules["kind"] = page_kind(page, article)


# ---------------------------------------------------------------- entry point
_HREFS = etree.XPath("//a/@href", smart_strings=False)
_BASE_HREF = etree.XPath("/html/head/base[@href][1]/@href", smart_strings=False)  # where <base> is honoured


@dataclass
class PageLinks:
    """A page's links as written, taken from ``extract_article``'s parse before anything is dropped, so the
    spider follows them without parsing the page again."""

    hrefs: list[str] = field(default_factory=list)  # the href of every <a>, in document order
    base: str | None = None  # the first <base href> (relative links resolve against it), as written


def read_links(root, links: PageLinks) -> None:
    """Add the links of the page whose root element is ``root`` to ``links``."""
    links.hrefs.extend(_HREFS(root))
    links.base = next(iter(_BASE_HREF(root)), None)


def extract_article(html, url: str, profile=None, fetched_at=None, status=None,
                    content_type: str | None = None, links: PageLinks | None = None,
                    counters_only: bool = False, classify: bool = False) -> Article:
    """Extract one page. ``html`` is bytes (encoding detected: BOM, ``content_type`` header, meta) or str.

    ``fetched_at`` (ISO string or datetime) anchors relative/year-less dates. Never raises on bad input:
    a page that cannot be parsed yields an Article with only ``url``/``fetched_at``/``status``.
    ``links``: a ``PageLinks`` to fill with the page's links. ``counters_only``: of the fields, only the visitor
    counters (a listing page, of which a crawl keeps nothing else). ``classify``: also say what kind of page it
    is (``Article.page_kind``, "article" or "listing", and ``rules["kind"]`` why: ``crawler.extract.kind``).
    Bytes that would stall the parser (``crawler.extract.bounds.hostile_markup``) are not parsed: the Article
    says why in ``rules["refused"]``.
    """
    fetched = fetched_at.isoformat() if isinstance(fetched_at, datetime) else fetched_at
    article = Article(url=url, portal=getattr(profile, "slug", None), fetched_at=fetched, status=status,
                      date_order=getattr(profile, "date_order", None) or "DMY")
    if isinstance(html, (bytes, bytearray)) and (why := hostile_markup(html)):
        article.rules["refused"] = why  # never parsed: libxml2 would take minutes over it
        return article
    if isinstance(html, (bytes, bytearray)) and (wide := utf16_encoding(html)):
        html, article.rules["repaired"] = bytes(html).decode(wide, errors="replace"), wide
    if isinstance(html, (bytes, bytearray)) and legacy.needs_legacy_check(html):
        text, repaired = legacy.repair_legacy_text(decode_html(html, content_type))
        if repaired:  # mojibake or a TCVN3 page: decodes without errors, but unreadably
            html, article.rules["repaired"] = text, repaired
    try:
        root = load_html(html, content_type)
    except Exception:
        return article
    if root is None:
        return article
    if depth_limited():
        article.rules["depth_limited"] = MAX_DEPTH  # libxml2 dropped what is nested deeper (see bounds)
    if legacy.mentions_legacy_font(html) and legacy.convert_tree(root):
        article.rules["legacy_font"] = "converted"  # TCVN3/VNI text typed for the page's fonts, now Unicode
    if filled := fill_script_slots(root):
        article.rules["script_slots"] = filled  # elements the page's own scripts write their text into
    if links is not None:
        read_links(root, links)
    try:
        _fill(article, root, url, profile, fetched, html, counters_only, classify)
    except RecursionError:
        pass
    article.title, capped = cap_title(article.title)
    if capped:
        article.rules["title_capped"] = capped
    return article
