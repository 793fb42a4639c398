"""Article extraction: ``(html, url, profile) -> Article`` with raw strings. Pure, no I/O.

Each field is a cascade: the profile's selectors, then machine-readable metadata (JSON-LD,
OpenGraph, meta), then generic heuristics for Vietnamese CMS markup (expression lists below,
most specific first). ``article.rules[field]`` records which rule produced the value.
"""
from __future__ import annotations

import calendar
import json
import re
from functools import lru_cache
from urllib.parse import urljoin, urlsplit
from dataclasses import dataclass, field
from datetime import date, datetime

from lxml import etree

from crawler.items import Article
from crawler.extract import bylines as by
from crawler.extract import families, legacy
from crawler.extract.captions import extract_images
from crawler.extract.counters import extract_counters
from crawler.extract.dates import date_kind, parse_date
from crawler.extract.selectors import PageIndex, SelectorSet, find
from crawler.extract.text import classes, collapse, decode_html, drop_tree, load_html, paragraphs, text_memo, text_of

# ---------------------------------------------------------------- expressions kept as data
TITLE_EXPRS = [
    "h1.article__title", "h1.cms-title", "h1.the-article-title", "h1.title-detail", "h1.detail-title",
    "h1.article-title", "h1.news-title", "h1.post-title", "h1.entry-title", "h1[itemprop='headline']",
    "h1.detail__title", "h1.title_detail", "h1.title-news", "h1.titlebaiviet", "h1.tieude",
    ".asset-full-content .asset-title", ".journal-content-article h1", ".news-detail h1", ".detail h1",
    "h2.title-detail", "h2.article-title", ".article-title", ".title-detail", ".news-title",
    ".ArticleTitle", ".tieude", ".title_news", ".post-title", ".entry-title", "[itemprop='headline']",
]
BODY_EXPRS = [
    "[itemprop='articleBody']", ".article__body", ".cms-body", ".the-article-body", "article.fck_detail",
    ".fck_detail", "#content_detail", ".content-fck", ".detail-content", ".detail__content",
    ".news-content", ".content-detail", ".article-content", ".article-body", ".entry-content",
    ".post-content", ".td-post-content", ".single-content", "#ArticleContent", ".ArticleContent",
    ".ms-rtestate-field", ".field-name-body", ".news-detail-content", ".detail-body", ".content-news",
    ".noidung", ".noi-dung", ".chitiet", ".news_content", ".newsContent", ".journal-content-article",
    "#newscontents", ".bodytext", ".node-content", "#main-detail",
]
LEAD_EXPRS = [
    ".article__sapo", ".cms-desc", ".the-article-summary", "h2.sapo", ".sapo", "p.description",
    ".detail-sapo", ".news-sapo", ".article-sapo", ".chapeau", ".article-lead", ".lead", ".summary",
    ".tomtat", ".mota", ".news-lead", ".detail__summary", ".excerpt",
]
DATE_EXPRS = [
    "time[datetime]", ".pubdate", ".publish-date", ".published", ".post-date", ".date-publish",
    ".the-article-publish", ".time-update", ".article__meta time", ".detail-time", ".date-time",
    ".datetime", ".news-date", ".ngaydang", ".ngay-dang", ".text-ngayxam-page", ".reg-date", ".date",
    ".time", ".entry-date", ".post-time", ".article-date", ".meta-date",
]
META_DATE_KEYS = ["article:published_time", "datepublished", "pubdate", "publishdate", "publish-date",
                  "dc.date.issued", "dc.date", "date", "og:article:published_time", "created-date",
                  "sailthru.date", "article.published"]

GENERIC_EXPRS = TITLE_EXPRS + BODY_EXPRS + LEAD_EXPRS + DATE_EXPRS + by.AUTHOR_EXPRS + ["[itemprop]"]


@lru_cache(maxsize=64)
def _selector_set(profile_exprs: tuple[str, ...]) -> SelectorSet:
    """The generic expressions plus a profile's, answered from one walk of the tree (compiled once)."""
    return SelectorSet(GENERIC_EXPRS + families.all_exprs() + list(profile_exprs))


_DROP_TOKENS = re.compile(
    r"(?:^|[\s_-])(?:relate\w*|related|lienquan|tinlienquan|tin-lien-quan|box-?relate|share\w*|social|"
    r"sharing|tags?|keywords?|comments?|binhluan|ads?|adv\w*|banners?|sponsor\w*|quangcao|print|rating|"
    r"raty|toolbar|breadcrumbs?|pagination|paging|readmore|xemthem|docthem|doc-them|widget|recommend\w*|"
    r"poll|texttospeech|tts|audio\w*|notebox|article__meta|sda\w*|amn\w*|zone|subscribe|newsletter|"
    r"author\w*|byline|source|nguon)(?:$|[\s_-])", re.I)
_NOISE_LINE = re.compile(r"^(?:nguồn\s*[:：]|theo\s+[^.]{2,60}$|xem thêm|đọc thêm|tin liên quan|bài liên quan|"
                         r">>|chia sẻ|tags?\s*[:：]|từ khóa\s*[:：]|từ khoá\s*[:：]|in bài|gửi bài|bản in|"
                         r"ảnh\s*[:：][^.]{0,60}$|video\s*[:：][^.]{0,60}$)", re.I)
_TITLE_SPLIT = re.compile(r"\s+[|\-–—:»]\s+")
_GENERIC_TITLES = {"trang chủ", "home", "homepage", "trang chu"}
_STYLE_RIGHT = re.compile(r"\.([\w-]+)\s*\{[^}]*text-align\s*:\s*right", re.I)
_STYLE_BOLD = re.compile(r"\.([\w-]+)\s*\{[^}]*font-weight\s*:\s*(?:bold|[6-9]00)", re.I)
_DATE_IN_TEXT = re.compile(r"\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*\d{2,4}|\d{1,2}\s+tháng\s+\d{1,2}|\d{4}-\d{2}-\d{2}",
                           re.I)


# ---------------------------------------------------------------- metadata
def _meta(root, index: PageIndex) -> dict[str, str]:
    out: dict[str, str] = {}
    for m in root.iter("meta"):
        key = (m.get("property") or m.get("name") or m.get("itemprop") or "").strip().lower()
        val = m.get("content")
        if key and val and key not in out:
            out[key] = collapse(val)
    for t in index.select("[itemprop]"):
        if t.tag != "meta" and t.get("itemprop") in ("datePublished", "datepublished"):
            v = t.get("datetime") or t.get("content") or text_of(t)
            if v:
                out.setdefault("datepublished", collapse(v))
                break
    return out


def _jsonld(root) -> dict[str, str]:
    """headline / datePublished / author from JSON-LD NewsArticle-like objects."""
    out: dict[str, str] = {}
    for s in root.iter("script"):
        if s.get("type") != "application/ld+json":
            continue
        raw = (s.text or "").strip()
        if not raw or len(raw) > 200_000:
            continue
        try:
            data = json.loads(raw, strict=False)
        except ValueError:
            continue
        stack = [data]
        while stack:
            d = stack.pop()
            if isinstance(d, list):
                stack.extend(d)
                continue
            if not isinstance(d, dict):
                continue
            if "@graph" in d:
                stack.append(d["@graph"])
            typ = d.get("@type")
            typ = " ".join(typ) if isinstance(typ, list) else str(typ or "")
            if "Article" in typ or "Posting" in typ or "Report" in typ:
                for k in ("headline", "datePublished", "dateCreated", "dateModified"):
                    if isinstance(d.get(k), str) and k not in out:
                        out[k] = collapse(d[k])
                a = d.get("author")
                a = a[0] if isinstance(a, list) and a else a
                if isinstance(a, dict) and str(a.get("@type", "Person")) == "Person" and isinstance(a.get("name"), str):
                    out.setdefault("author", collapse(a["name"]))
                elif isinstance(a, str):
                    out.setdefault("author", collapse(a))
    return out


def _norm_cmp(s: str) -> str:
    return re.sub(r"[^\w]+", " ", collapse(s).lower()).strip()


# ---------------------------------------------------------------- field helpers
def _first_text(root, exprs, index, minlen=1, maxlen=400, unique=False):
    for expr in exprs:
        try:
            matches = find(index, root, expr)
        except Exception:
            continue
        if unique and len({text_of(m) for m in matches[:10] if not isinstance(m, str)}) >= 3:
            continue  # the same class on many items: a listing, not the headline
        for m in matches:
            t = collapse(m) if isinstance(m, str) else text_of(m)
            if minlen <= len(t) <= maxlen:
                return t, expr, (None if isinstance(m, str) else m)
    return None, None, None


def _title(root, profile_exprs, meta, ld, index, fam=None):
    t, expr, el = _first_text(root, profile_exprs, index)
    if t:
        return t, f"profile:{expr}", el
    if fam is not None:
        t, expr, el = _first_text(root, fam.title, index, minlen=5, maxlen=400, unique=True)
        if t:
            return t, f"family:{fam.name}:{expr}", el
    t, expr, el = _first_text(root, TITLE_EXPRS, index, minlen=5, maxlen=400, unique=True)
    if t:
        return t, f"generic:{expr}", el
    doc_title = ""
    te = root.find(".//title")
    if te is not None:
        doc_title = text_of(te)
    refs = [r for r in (ld.get("headline"), meta.get("og:title"), meta.get("twitter:title"), doc_title) if r]
    refs_n = [_norm_cmp(r) for r in refs]
    for h in root.iter("h1", "h2"):
        ht = text_of(h)
        hn = _norm_cmp(ht)
        if len(hn) >= 8 and any(r.startswith(hn) or hn == r for r in refs_n):
            return ht, f"generic:{h.tag}~meta", h
    for key, val in (("jsonld:headline", ld.get("headline")), ("meta:og:title", meta.get("og:title"))):
        if val and len(val) >= 5:
            return val, key, None
    if doc_title:
        parts = _TITLE_SPLIT.split(doc_title)
        if len(parts) > 1 and parts[0].strip().lower() not in _GENERIC_TITLES and len(parts[0]) >= 3:
            return parts[0].strip(), "title:prefix", None
        return doc_title, "title", None
    return None, None, None


def _is_home(url: str) -> bool:
    path = urlsplit(url or "").path.lower().rstrip("/")
    return path in ("", "/index.html", "/index.htm", "/index.php", "/index.aspx", "/default.aspx", "/home",
                    "/trang-chu", "/trangchu", "/vi", "/en", "/web/guest", "/web/guest/home", "/portal")


def _body_container(root, profile_exprs, index, allow_density=True, fam=None, text_of=text_of):
    for expr in profile_exprs:
        try:
            matches = [m for m in find(index, root, expr) if not isinstance(m, str)]
        except Exception:
            continue
        if matches:
            return matches[0], f"profile:{expr}", matches[1:]
    for expr in (fam.body if fam is not None else ()) + tuple(BODY_EXPRS):
        best, best_len = None, 0
        for m in find(index, root, expr):
            if isinstance(m, str):
                continue
            n = len(text_of(m))
            if n > best_len:
                best, best_len = m, n
        if best is not None and best_len >= 150:
            return best, _label(expr, fam, "body"), []
    if not allow_density:
        return None, None, []
    # density fallback: the element whose direct <p> children hold the most text
    best, best_score = None, 0
    for parent in {p.getparent() for p in root.iter("p") if p.getparent() is not None}:
        score = 0
        for p in parent:
            if p.tag == "p":
                t = text_of(p)
                links = sum(len(text_of(a)) for a in p.iter("a"))
                score += max(0, len(t) - 2 * links)
        if score > best_score:
            best, best_score = parent, score
    if best is not None and best_score >= 300:
        return best, "generic:density", []
    return None, None, []


def _label(expr: str, fam, field: str) -> str:
    """The rule name of an expression: ``family:<name>:<expr>`` when it came from the family's list."""
    if fam is not None and expr in fam.exprs(field):
        return f"family:{fam.name}:{expr}"
    return f"generic:{expr}"


def _lca(a, b):
    if a is None or b is None:
        return a if b is None else b
    anc = set(a.iterancestors()) | {a}  # a set holds the proxies alive, so identity is stable
    if b in anc:
        return b
    for x in b.iterancestors():
        if x in anc:
            return x
    return None


def _lead(scope, body, index, fam=None):
    if scope is None:
        return None, None, None
    for expr in (fam.lead if fam is not None else ()) + tuple(LEAD_EXPRS):
        for m in find(index, scope, expr):
            if isinstance(m, str):
                continue
            if body is not None and (m is body or any(a is body for a in m.iterancestors())):
                continue
            if body is not None and any(a is m for a in body.iterancestors()):
                continue
            t = text_of(m)
            if len(t) < 30:
                continue
            prefix = ""
            prev = m.getprevious()
            if prev is not None and isinstance(prev.tag, str) and prev.tag in ("span", "strong", "b"):
                pt = text_of(prev)
                if 0 < len(pt) <= 30 and re.search(r"[-–—:]$", pt):
                    prefix = pt + " "
            return prefix + t, _label(expr, fam, "lead"), m
    # an h2 right before the body (inline sapo without a class name)
    if body is not None:
        for h in scope.iter("h2", "p"):
            if body in h.iterancestors() or h is body:
                break
        prev = body.getprevious()
        steps = 0
        while prev is not None and steps < 4:
            if isinstance(prev.tag, str) and prev.tag in ("h2", "h3", "p", "strong") and len(text_of(prev)) >= 60:
                t = text_of(prev)
                pp = prev.getprevious()
                prefix = ""
                if pp is not None and isinstance(pp.tag, str) and pp.tag in ("span", "strong", "b"):
                    pt = text_of(pp)
                    if 0 < len(pt) <= 30 and re.search(r"[-–—:]$", pt):
                        prefix = pt + " "
                return prefix + t, f"generic:{prev.tag}-before-body", prev
            prev = prev.getprevious()
            steps += 1
    return None, None, None


_LINK_BOX_TAGS = frozenset({"table", "ul", "ol", "div", "section", "aside", "h6", "nav", "form", "h3", "h4", "p"})


def _drop_pred(text_of=text_of):
    def pred(el):
        c = classes(el)
        if c and _DROP_TOKENS.search(c):
            return True
        tag = el.tag
        if tag in _LINK_BOX_TAGS:
            links = sum(len(text_of(a)) for a in el.iter("a"))
            if not links:
                return False  # no link text: not a link box (and no need to read the element's text)
            t = text_of(el)
            if not t:
                return False
            if tag == "p":
                return links >= len(t) * 0.95 and len(t) < 200 \
                    and el.getparent() is not None and (el.getnext() is None or el.getprevious() is None)
            if links > 0.6 * len(t) and len(t) < 1500:
                return True
        return False
    return pred


def _date_candidates(scope, root, profile_exprs, meta, ld, reference, index, order="DMY", fam=None):
    """(raw, rule, element) for the visible date and for the machine-readable one."""
    visible = (None, None, None)
    for expr in profile_exprs:
        try:
            matches = find(index, root, expr)
        except Exception:
            continue
        for m in matches:
            raw = collapse(m) if isinstance(m, str) else (text_of(m) or (m.get("datetime") or m.get("content") or ""))
            if raw and parse_date(raw, reference=reference, order=order):
                return (raw, f"profile:{expr}", None if isinstance(m, str) else m), (None, None, None)
    scopes = [s for s in (scope,) if s is not None]
    for sc in scopes:
        for expr in (fam.published if fam is not None else ()) + tuple(DATE_EXPRS):
            for m in find(index, sc, expr):
                if isinstance(m, str) or by._in_related(m):
                    continue
                raw = text_of(m)
                if raw and len(raw) <= 120 and parse_date(raw, reference=reference, order=order):
                    visible = (raw, _label(expr, fam, "published"), m)
                    break
                dt = m.get("datetime")
                if dt and parse_date(dt, reference=reference, order=order):
                    visible = (collapse(dt), _label(expr, fam, "published") + "@datetime", m)
                    break
            if visible[0]:
                break
        if visible[0]:
            break
    machine = (None, None, None)
    for key in META_DATE_KEYS:
        v = meta.get(key)
        if v and parse_date(v, reference=reference):
            machine = (v, f"meta:{key}", None)
            break
    if not machine[0]:
        v = ld.get("datePublished") or ld.get("dateCreated")
        if v and parse_date(v, reference=reference):
            machine = (v, "jsonld:datePublished", None)
    return visible, machine


_YEAR_KEYS = META_DATE_KEYS + ["article:modified_time", "og:updated_time", "datemodified", "dc.date.modified",
                               "last-modified", "lastmod"]
_URL_YMD = re.compile(r"(?<![\d])((?:19|20)\d\d)[/_.-](0?[1-9]|1[0-2])(?:[/_.-](0?[1-9]|[12]\d|3[01]))?(?![\d])")
_URL_COMPACT = re.compile(r"(?<!\d)((?:19|20)\d\d)(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(?:\d{4,10})?(?!\d)")


def _year_reference(meta, ld, scope, index, url, order="DMY") -> tuple[str | None, str | None]:
    """``(reference, rule)`` for a year-less date: the end of a day the page itself names with its year.

    Order (ARCHITECTURE.md): the page's own dates (machine-readable ones, then dates printed in the
    article), then the URL (``/2022/06/14/``, ``/2022/06/``, ``20220614`` in the path); None means the
    fetch time. The reference is the last moment of that day (or month, or year for a URL that says
    no more), so ``parse_date`` keeps a day/month on or before it in its year.
    """
    found = [(meta.get(k), f"meta:{k}") for k in _YEAR_KEYS]
    found += [(ld.get(k), f"jsonld:{k}") for k in ("datePublished", "dateCreated", "dateModified")]
    for raw, rule in found:
        if raw and date_kind(raw) == "absolute":
            return parse_date(raw)[:10] + "T23:59:59+07:00", rule
    if scope is not None:
        for expr in DATE_EXPRS:
            for m in index.select(expr, scope):
                raw = text_of(m) or m.get("datetime") or ""
                if raw and len(raw) <= 120 and date_kind(raw, order) == "absolute":
                    return parse_date(raw, order=order)[:10] + "T23:59:59+07:00", f"page:{expr}"
    path = urlsplit(url or "").path
    m = _URL_COMPACT.search(path)
    if m:
        y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
        return f"{y:04d}-{mo:02d}-{d:02d}T23:59:59+07:00", "url:yyyymmdd"
    m = _URL_YMD.search(path)
    if m:
        y, mo = int(m.group(1)), int(m.group(2))
        d = int(m.group(3)) if m.group(3) else calendar.monthrange(y, mo)[1]
        try:
            return date(y, mo, d).isoformat() + "T23:59:59+07:00", "url:y/m" + ("/d" if m.group(3) else "")
        except ValueError:
            pass
    return None, None


def _date_near(title_el, reference, limit=40, order="DMY"):
    """A date string in the first text nodes after the title (pages without any date markup)."""
    if title_el is None:
        return None, None
    n = 0
    for t in title_el.itersiblings():
        for node in t.iter():
            if not isinstance(node.tag, str) or node.tag in ("script", "style"):
                continue
            s = collapse(node.text)
            if s and len(s) <= 80 and _DATE_IN_TEXT.search(s):
                p = parse_date(s, reference=reference, order=order)
                if p:
                    return s, node
            n += 1
            if n > limit:
                return None, None
    return None, None


def _style_classes(root):
    right, bold = set(), set()
    for st in root.iter("style"):
        css = st.text or ""
        if len(css) > 100_000:
            continue
        right.update(_STYLE_RIGHT.findall(css))
        bold.update(_STYLE_BOLD.findall(css))
    return frozenset(right), frozenset(bold)


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
                    counters_only: bool = False) -> Article:
    """Extract one page. ``html`` is bytes (encoding detected: BOM, ``content_type`` header, meta) or str.

    ``fetched_at`` (ISO string or datetime) anchors relative/year-less dates. Never raises on bad input:
    a page that cannot be parsed yields an Article with only ``url``/``fetched_at``/``status``.
    ``links``: a ``PageLinks`` to fill with the page's links. ``counters_only``: of the fields, only the visitor
    counters (a listing page, of which a crawl keeps nothing else).
    """
    fetched = fetched_at.isoformat() if isinstance(fetched_at, datetime) else fetched_at
    art = Article(url=url, portal=getattr(profile, "slug", None), fetched_at=fetched, status=status,
                  date_order=getattr(profile, "date_order", None) or "DMY")
    if isinstance(html, (bytes, bytearray)) and legacy.needs_legacy_check(html):
        text, repaired = legacy.repair_legacy_text(decode_html(html, content_type))
        if repaired:  # mojibake or a TCVN3 page: decodes without errors, but unreadably
            html, art.rules["repaired"] = text, repaired
    try:
        root = load_html(html, content_type)
    except Exception:
        return art
    if root is None:
        return art
    if legacy.mentions_legacy_font(html) and legacy.convert_tree(root):
        art.rules["legacy_font"] = "converted"  # TCVN3/VNI text typed for the page's fonts, now Unicode
    if links is not None:
        read_links(root, links)
    try:
        _fill(art, root, url, profile, fetched, html, counters_only)
    except RecursionError:
        pass
    return art


def _fill_counters(art: Article, root, sel: dict, index: PageIndex) -> None:
    """The page-wide visitor counters (before any ``exclude`` selector drops their block)."""
    counters, rule = extract_counters(root, sel.get("counters", ()), index)
    if counters:
        art.counters_raw, art.rules["counters"] = counters, rule


def _fill(art: Article, root, url: str, profile, reference, html=None, counters_only=False):
    sel = getattr(profile, "selectors", None) or {}
    index = _selector_set(tuple(e for exprs in sel.values() for e in exprs)).index(root)
    if counters_only:
        _fill_counters(art, root, sel, index)
        return
    meta = _meta(root, index)
    ld = _jsonld(root)

    # CMS family: the profile's ``family`` when it names one, else recognised from the markup
    fam, evidence = families.family_named(getattr(profile, "family", None)), "profile"
    if fam is None:
        fam, evidence = families.detect(html, url, meta.get("generator"), index)
    if fam is not None:
        art.rules["family"], art.rules["family_by"] = fam.name, evidence

    # canonical
    for link in root.iter("link"):
        if (link.get("rel") or "").lower() == "canonical" and link.get("href"):
            from urllib.parse import urljoin
            art.canonical_url = urljoin(url, link.get("href").strip())
            break

    _fill_counters(art, root, sel, index)

    # profile "exclude" selectors: drop those elements before anything else reads the tree
    removed = set()
    for expr in sel.get("exclude", ()):
        try:
            for m in find(index, root, expr):
                if not isinstance(m, str) and m.getparent() is not None:
                    removed.update(m.iter())
                    drop_tree(m)
        except Exception:
            continue
    if removed:
        index.prune(removed)

    title, rule, title_el = _title(root, sel.get("title", ()), meta, ld, index, fam)
    if title:
        art.title, art.rules["title"] = title, rule

    headline = title_el is not None or bool(sel.get("title"))
    text = text_memo()  # the tree is final from here on
    body, body_rule, extra_bodies = _body_container(root, sel.get("body", ()), index, allow_density=headline,
                                                    fam=fam, text_of=text)
    if body is not None and not sel.get("body") and _is_home(url) and not (rule or "").startswith("profile"):
        body = None  # a home page: the title may come out, the body does not
    scope = _lca(title_el, body) if title_el is not None else body
    if scope is not None and scope.tag in ("html",):
        scope = body
    # the article scope: go up a little so the header (date, author) is inside
    if scope is not None and title_el is None and body is not None:
        scope = body.getparent() if body.getparent() is not None else body

    # dates
    order = art.date_order
    visible, machine = _date_candidates(scope, root, sel.get("published", ()), meta, ld, reference, index, order, fam)
    if not visible[0] and title_el is not None:
        raw, el = _date_near(title_el, reference, order=order)
        if raw:
            visible = (raw, "generic:near-title", el)
    pub_raw, pub_rule = visible[0], visible[1]
    year_ref = (None, None)
    if pub_raw:
        if date_kind(pub_raw, order) == "yearless":  # "Ngày 14/6": the year comes from the page, the URL or the fetch
            year_ref = _year_reference(meta, ld, scope, index, url, order)
        pv = parse_date(pub_raw, reference=year_ref[0] or reference, order=order) or ""
        mv = parse_date(machine[0], reference=reference) if machine[0] else None
        if mv and "T" not in pv and "T" in mv and mv[:10] == pv[:10]:
            pub_raw, pub_rule, year_ref = machine[0], machine[1], (None, None)
    elif machine[0] and (body is not None or title_el is not None):
        pub_raw, pub_rule = machine[0], machine[1]
    if pub_raw:
        art.published_raw, art.rules["published"] = pub_raw, pub_rule
    if year_ref[0]:
        art.date_reference, art.rules["date_reference"] = year_ref
    date_el = visible[2]

    if body is None:
        return


    # images and captions
    images, cap_els = [], []
    img_exprs = sel.get("images", ())
    if img_exprs:
        from crawler.extract.captions import find_caption, image_src
        from crawler.items import Image
        seen = set()
        for expr in img_exprs:
            for m in find(index, root, expr):
                if isinstance(m, str) or m.tag != "img":
                    continue
                src = image_src(m, url)
                if src and src not in seen:
                    seen.add(src)
                    cap, el = find_caption(m)
                    if el is not None:
                        cap_els.append(el)
                    images.append(Image(src=src, caption=cap))
        art.rules["images"] = "profile"
    else:
        images, cap_els = extract_images(body, url)
        art.rules["images"] = "generic:body"
    art.images = images

    # byline: profile -> author blocks in the article -> trailing right/bold paragraph -> JSON-LD/meta
    byline, brule, bel = by.byline_from_profile(root, sel.get("byline", ()), index)
    if not byline:
        byline, brule, bel = by.byline_from_blocks(scope if scope is not None else body, index=index,
                                                   exprs=(fam.byline if fam is not None else ()) + tuple(by.AUTHOR_EXPRS))
        if brule and fam is not None and brule[len("block:"):] in fam.byline:
            brule = f"family:{fam.name}:{brule[len('block:'):]}"

    lead, lead_rule, lead_el = _lead(scope if scope is not None else body, body, index, fam)

    skip = set(cap_els)
    if date_el is not None:
        skip.add(date_el)
    if bel is not None:
        skip.add(bel)
    pred = _drop_pred(text)
    blocks = paragraphs(body, skip=frozenset(skip), skip_pred=pred)
    for extra in extra_bodies:
        blocks += paragraphs(extra, skip=frozenset(skip), skip_pred=pred)

    if not byline:
        after = []
        for sib in list(body.itersiblings())[:3]:
            if isinstance(sib.tag, str) and len(text_of(sib)) <= 120:
                after += paragraphs(sib, skip_pred=pred)
        tb, tel = by.byline_from_tail(blocks + after, styles=lambda: _style_classes(root))
        if tb:
            byline, brule, bel = tb, "generic:body-tail", tel
    if not byline:
        mb = by.byline_from_meta(ld.get("author") or meta.get("author") or meta.get("article:author"),
                                 meta.get("og:site_name"))
        if mb:
            byline, brule = mb, "meta:author"
    if byline:
        art.byline, art.rules["byline"] = byline, brule
        art.authors = by.split_authors(byline)

    captions = {im.caption for im in images if im.caption}
    date_text = visible[0] or ""
    out = []
    if lead:
        out.append(lead)
        art.rules["lead"] = lead_rule
    for el, t in blocks:
        if bel is not None and (el is bel or any(a is bel for a in el.iterancestors())):
            continue
        if t == byline or t in captions:
            continue
        if date_text and (t == date_text or (len(t) <= len(date_text) + 4 and date_text in t)):
            continue
        if _NOISE_LINE.match(t):
            continue
        if out and t == out[-1]:
            continue
        if lead and not out[1:] and (t == lead or lead.endswith(t) or t.endswith(lead)):
            continue
        out.append(t)
    body_text = "\n\n".join(out).strip()
    if body_text and len(body_text) >= 80:
        art.body_text = body_text
        art.rules["body"] = body_rule
