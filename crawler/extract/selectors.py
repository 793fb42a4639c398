"""Selector expressions kept as data, and the machinery that answers them.

An expression is XPath when it starts with ``/``, ``./``, ``(`` or ``xpath:``; otherwise CSS
(``css:`` prefix optional). Expressions are compiled once and cached.

Speed: libxml2 evaluates a CSS class test (``contains(concat(' ', normalize-space(@class), ' '), ' x ')``)
on every element of the page, so sixty generic selectors used to cost sixty walks of the tree. Instead,
``SelectorSet`` parses the *simple* CSS expressions of a set of ordered lists (compounds of tag, ``#id``,
``.class`` and ``[attr]``/``[attr='v']`` (or ``*=``, ``^=``, ``$=``, ``~=``, ``|=``), joined by descendant or
``>`` combinators; also a group ``a, b`` of such whose last compounds share their indexed property) and
``SelectorSet.index(root)`` walks the tree once, keeping only the elements that carry one of the wanted
class tokens, ids, attributes or tags. ``PageIndex.select(expr, scope)`` then answers any expression of
the set from that short list, with the same results and order as ``select(scope, expr)``; expressions
that are not simple (pseudo-classes, XPath) fall back to ``select``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import Callable, Iterable, TypeVar

from lxml import etree
from lxml.cssselect import CSSSelector

from crawler.extract.text import within

T = TypeVar("T")

# ================================================================ vocabularies
# The generic expressions of each field, tried after a profile's and a CMS family's (``families.py``): ordered
# lists, most specific first. The first one that gives a value names the rule (``generic:<expression>``).

# 1. title
TITLE_EXPRS = [
    "h1.article__title", "h1.cms-title", "h1.the-article-title", "h1.title-detail", "h1.detail-title",
    "h1.article-title", "h1.news-title", "h1.post-title", "h1.entry-title", "h1[itemprop='headline']",
    "h1.detail__title", "h1.title_detail", "h1.title-news", "h1.titlebaiviet", "h1.tieude",
    ".asset-full-content .asset-title", ".journal-content-article h1", ".news-detail h1", ".detail h1",
    "h2.title-detail", "h2.article-title", ".article-title", ".title-detail", ".news-title",
    ".ArticleTitle", ".tieude", ".title_news", ".post-title", ".entry-title", "[itemprop='headline']",
]

# 1b. headline-like elements: a headline only when nearest above the body container (box headings share them);
# then any class or id holding "title"/"tieude" ("title_tintuc", "TieuDe", ASP.NET's "…_lblTitle")
HEADLINE_EXPRS = [
    "h1", ".title", ".tieude", ".tieu-de", ".tieu_de", ".title-news", ".news-title", ".detail-title",
    ".article-title", ".post-title", ".headline", ".tenbai", ".ten-bai", "[itemprop='headline']", "h2", "h3",
]
HEADLINE_LOOSE_EXPRS = [
    "[class*='title']", "[class*='Title']", "[id*='Title']", "[id*='title']", "[class*='tieude']",
    "[class*='TieuDe']", "[class*='Tieude']", "[class*='tieu-de']",
]

# 2. body container
BODY_EXPRS = [
    "[itemprop='articleBody']", ".article__body", ".cms-body", ".the-article-body", "article.fck_detail",
    ".fck_detail", "#content_detail", ".content-fck", ".detail-content", ".detail__content",
    ".news-content", ".content-detail", ".article-content", ".article-body", ".entry-content",
    ".post-content", ".td-post-content", ".single-content", "#ArticleContent", ".ArticleContent",
    ".ms-rtestate-field", ".field-name-body", ".news-detail-content", ".detail-body", ".content-news",
    ".noidung", ".noi-dung", ".chitiet", ".news_content", ".newsContent", ".journal-content-article",
    "#newscontents", ".bodytext", ".node-content", "#main-detail",
]

# 3. lead (sapo)
LEAD_EXPRS = [
    ".article__sapo", ".cms-desc", ".the-article-summary", "h2.sapo", ".sapo", "p.description",
    ".detail-sapo", ".news-sapo", ".article-sapo", ".chapeau", ".article-lead", ".lead", ".summary",
    ".tomtat", ".mota", ".news-lead", ".detail__summary", ".excerpt", "[itemprop='description']",
    # then any class or id holding "tomtat"/"sapo" (ASP.NET modules' "TomTatNewsDetail", "…_pnTomTat")
    "[class*='TomTat']", "[class*='tomtat']", "[id*='TomTat']", "[id*='tomtat']", "[class*='sapo']",
    "[class*='Sapo']",
    # an ASP.NET news module's summary cell or panel ("NewsIntro" above "NewsContent")
    ".NewsIntro", ".news-intro", ".newsintro", ".article-intro", "[class*='NewsIntro']",
]

# 4. publication date: printed in the article, then machine-readable (<meta> keys, lower-cased)
DATE_EXPRS = [
    "time[datetime]", "abbr[title]", ".pubdate", ".publish-date", ".published", ".post-date", ".date-publish",
    ".the-article-publish", ".time-update", ".article__meta time", ".detail-time", ".date-time",
    ".datetime", ".news-date", ".ngaydang", ".ngay-dang", ".text-ngayxam-page", ".reg-date", ".date",
    ".time", ".entry-date", ".post-time", ".article-date", ".meta-date",
]
# 4b. words a class or id naming a date or time holds, in any case ("news_startdate", "PostDate", "td.Time",
# "lblNgayDang"): a date only before the body and outside lists, clocks and the site's header (``datelines.py``)
DATE_LOOSE_WORDS = ["date", "time", "ngay", "publish"]
META_DATE_KEYS = ["article:published_time", "datepublished", "pubdate", "publishdate", "publish-date",
                  "dc.date.issued", "dc.date", "date", "og:article:published_time", "created-date",
                  "sailthru.date", "article.published"]
# the page's own dates that can give a year-less date its year
YEAR_KEYS = META_DATE_KEYS + ["article:modified_time", "og:updated_time", "datemodified", "dc.date.modified",
                             "last-modified", "lastmod"]

# 5. byline: author blocks
AUTHOR_EXPRS = [
    ".the-article-credit .author", ".article__author .name", ".cms-author", "p.author_mail", ".author-make",
    "[itemprop='author'] [itemprop='name']", "[itemprop='author']", "a[rel='author']", ".author-name",
    ".article-author", ".post-author", ".news-author", ".detail-author", ".tacgia", ".tac-gia", ".tac_gia",
    ".TacGia", ".author", ".byline", ".by-line", ".tg", ".nguoiviet", ".signature", ".author-card-name",
]

# 6. source line ("Nguồn: …", "Theo VOV") blocks
SOURCE_EXPRS = [
    ".article-source", ".news-source", ".detail-source", ".source-news", ".nguontin", ".nguon-tin", ".nguon_tin",
    ".nguon", ".source",
]

# every generic expression, for the page index (``[itemprop]``: the metadata reads it)
GENERIC_EXPRS = TITLE_EXPRS + HEADLINE_EXPRS + BODY_EXPRS + LEAD_EXPRS + DATE_EXPRS + AUTHOR_EXPRS + SOURCE_EXPRS + [
    "[itemprop]"]


@lru_cache(maxsize=4096)
def compile_expr(expr: str) -> Callable:
    """Compile a selector expression to a callable ``f(element) -> list``."""
    e = expr.strip()
    if e.startswith("xpath:"):
        return etree.XPath(e[6:].strip())
    if e.startswith(("/", "./", "(")):
        return etree.XPath(e)
    if e.startswith("css:"):
        e = e[4:].strip()
    return CSSSelector(e, translator="html")


def select(root, expr: str) -> list:
    """All matches of one expression under ``root`` (``root`` itself included when it matches)."""
    return compile_expr(expr)(root)


def cascade(root, exprs: Iterable[str], accept: Callable[[list], T | None]) -> tuple[T | None, str | None]:
    """Try ``exprs`` in order; return ``(accept(matches), expr)`` for the first accepted result.

    ``accept`` turns the matches of one expression into a value, or None to try the next one.
    Returns ``(None, None)`` when no expression yields a value.
    """
    for expr in exprs:
        matches = select(root, expr)
        if not matches:
            continue
        value = accept(matches)
        if value is not None and value != "":
            return value, expr
    return None, None


# ---------------------------------------------------------------- simple CSS, answered from one walk
_COMPOUND = re.compile(r"""([a-zA-Z][\w-]*|\*)?((?:[.#][\w-]+|\[\s*[\w-]+\s*(?:[*^$~|]?=\s*(?:'[^']*'|"[^"]*"|[\w-]+)\s*)?\])*)$""")
_PART = re.compile(r"""([.#])([\w-]+)|\[\s*([\w-]+)\s*(?:([*^$~|]?=)\s*(?:'([^']*)'|"([^"]*)"|([\w-]+))\s*)?\]""")
_CSS_WS = re.compile(r"[ \t\r\n\f]")
_XML_WS = re.compile(r"[ \t\n\r]+")


@dataclass(frozen=True)
class Compound:
    """``tag#id.class1.class2[attr][attr='v'][attr*='v']``; ``key`` is the one property the walk indexes it by.
    ``attrs``: (name, operator or None for presence, value) triples."""

    tag: str | None
    id: str | None
    classes: tuple[str, ...]
    attrs: tuple[tuple[str, str | None, str | None], ...]

    @cached_property  # asked for every time an expression is answered
    def key(self) -> tuple[str, str]:
        if self.id:
            return ("id", self.id)
        if self.classes:
            return ("class", self.classes[0])
        for name, _, _ in self.attrs:  # before the tag: fewer elements carry ``rel`` than are ``<a>``
            # (not ``class``: most elements carry one, and lxml tests them all faster than Python would)
            if name != "class" and re.fullmatch(r"[a-z][\w-]*", name):
                return ("attr", name)
        if self.tag:
            return ("tag", self.tag)
        return ("tag", "*")

    def matches(self, el) -> bool:
        if self.tag and el.tag != self.tag:
            return False
        get = el.get
        if self.id is not None and get("id") != self.id:
            return False
        if self.classes:
            value = get("class")
            if value is None:
                return False
            for c in self.classes:  # a substring test first: most elements tested fail it, without a split
                if c not in value:
                    return False
            tokens = _XML_WS.split(value)
            if not all(c in tokens for c in self.classes):
                return False
        for name, op, value in self.attrs:
            v = get(name)
            if v is None or (op is not None and not _ATTR_OPS[op](v, value)):
                return False
        return True


# CSS attribute operators as cssselect translates them (an empty value never matches but for ``=``; ``~=``
# splits on XPath's normalize-space whitespace and refuses a value holding any CSS whitespace)
_ATTR_OPS = {
    "=": lambda v, value: v == value,
    "*=": lambda v, value: bool(value) and value in v,
    "^=": lambda v, value: bool(value) and v.startswith(value),
    "$=": lambda v, value: bool(value) and v.endswith(value),
    "~=": lambda v, value: bool(value) and not _CSS_WS.search(value) and value in _XML_WS.split(v),
    "|=": lambda v, value: v == value or v.startswith(value + "-"),
}


def parse_simple(expr: str) -> tuple[tuple[str, Compound], ...] | None:
    """A simple CSS expression as ``((combinator, Compound), ...)`` (first combinator ''), else None."""
    e = expr.strip()
    if e.startswith("css:"):
        e = e[4:].strip()
    if not e or e.startswith(("/", "./", "(", "xpath:")):
        return None
    tokens = re.split(r"\s*(>)\s*|\s+", e)
    out, comb = [], ""
    for tok in tokens:
        if tok is None or tok == "":
            continue
        if tok == ">":
            if comb or not out:
                return None
            comb = ">"
            continue
        m = _COMPOUND.match(tok)
        if not m or not (m.group(1) or m.group(2)):
            return None
        tag = m.group(1).lower() if m.group(1) and m.group(1) != "*" else None
        ident, classes, attrs = None, [], []
        for pm in _PART.finditer(m.group(2) or ""):
            if pm.group(1) == "#":
                if ident is not None:
                    return None
                ident = pm.group(2)
            elif pm.group(1) == ".":
                classes.append(pm.group(2))
            else:
                val = next((g for g in pm.group(5, 6, 7) if g is not None), None)
                attrs.append((pm.group(3).lower(), pm.group(4), val))
        out.append((comb or (" " if out else ""), Compound(tag, ident, tuple(classes), tuple(attrs))))
        comb = ""
    return tuple(out) if out and not comb else None


def parse_group(expr: str) -> tuple[tuple[tuple[str, Compound], ...], ...] | None:
    """A simple CSS expression or group (``a, b``) as a tuple of ``parse_simple`` chains, else None.
    (A comma inside a quoted value leaves an unclosed quote on each side, which ``parse_simple`` refuses.)"""
    e = expr.strip()
    if e.startswith("css:"):
        e = e[4:].strip()
    chains = tuple(parse_simple(part) for part in e.split(","))
    return None if not chains or None in chains else chains




def _match_chain(el, chain, i, scope) -> bool:
    """Do the compounds ``chain[:i]`` match ancestors of ``el`` (inside ``scope``, which may match one)
    per their combinators?"""
    if el is scope:  # what matched before is the scope itself: nothing above it counts
        return False
    comb = chain[i][0]
    compound = chain[i - 1][1]
    if comb == ">":  # the parent alone (no ancestor iterator: this runs for every hit of a common tag)
        anc = el.getparent()
        return anc is not None and compound.matches(anc) and (i == 1 or _match_chain(anc, chain, i - 1, scope))
    for anc in el.iterancestors():
        if compound.matches(anc) and (i == 1 or _match_chain(anc, chain, i - 1, scope)):
            return True
        if comb == ">" or anc is scope:
            return False
    return False


class SelectorSet:
    """A set of expressions (ordered lists, kept as data) answered from one walk of the tree."""

    def __init__(self, exprs: Iterable[str]):
        self.chains: dict[str, tuple] = {}
        self.keys: dict[str, set[str]] = {"id": set(), "class": set(), "attr": set(), "tag": set()}
        self.top_down: set[str] = set()  # answered from the hits of their first compound, see ``_select_down``
        for expr in exprs:
            chains = parse_group(expr)
            if chains is None or expr in self.chains:
                continue
            if len(chains) == 1 and _goes_down(chains[0]):
                kind, value = chains[0][0][1].key
                self.chains[expr] = chains
                self.keys[kind].add(value)
                self.top_down.add(expr)
                continue
            keys = {chain[-1][1].key for chain in chains}
            if len(keys) > 1:
                continue  # a group over several properties: one list of hits would not be in document order
            kind, value = keys.pop()
            if value == "*":
                continue  # matches every element: not worth indexing, ``select`` answers it
            self.chains[expr] = chains
            self.keys[kind].add(value)

    def index(self, root) -> "PageIndex":
        """Collect the elements that carry a wanted class token, id, attribute or tag, in document order.

        Attribute values come from ``//@class``-like paths (libxml2 visits only attribute nodes, and
        Python sees only elements that have the attribute); tags from ``root.iter(*tags)``.
        """
        hits: dict[tuple[str, str], list] = {}
        classes = self.keys["class"]
        if classes:
            disjoint = classes.isdisjoint
            for v in _ALL_CLASSES(root):
                toks = v.split()  # a superset of the XML-whitespace tokens; ``matches`` decides
                if disjoint(toks):  # most class values hold no wanted token: one C-level test
                    continue
                for tok in toks:
                    if tok in classes:
                        lst = hits.setdefault(("class", tok), [])
                        el = v.getparent()
                        if not lst or lst[-1] is not el:
                            lst.append(el)
        ids = self.keys["id"]
        if ids:
            for v in _ALL_IDS(root):
                if v in ids:
                    hits.setdefault(("id", str(v)), []).append(v.getparent())
        for name in self.keys["attr"]:
            hits[("attr", name)] = [v.getparent() for v in _attr_path(name)(root)]
        if self.keys["tag"]:
            for el in root.iter(*self.keys["tag"]):
                hits.setdefault(("tag", el.tag), []).append(el)
        return PageIndex(self, hits, root)


_ALL_CLASSES = etree.XPath("//@class")
_ALL_IDS = etree.XPath("//@id")


@lru_cache(maxsize=64)
def _attr_path(name: str):
    return etree.XPath(f"//@{name}")


class PageIndex:
    """The elements of one page that the expressions of a ``SelectorSet`` can match."""

    def __init__(self, sset: SelectorSet, hits, root):
        self.sset, self.hits, self.root = sset, hits, root

    def prune(self, removed: set) -> None:
        """Forget the elements of ``removed`` (the subtrees just taken out of the tree with ``drop_tree``).
        The hits are the same proxy objects that iterating those subtrees gives (lxml keeps one per node
        while it is referenced), so a set lookup tells them apart."""
        for key, els in self.hits.items():
            self.hits[key] = [el for el in els if el not in removed]

    def select(self, expr: str, scope=None) -> list:
        """Same result as ``select(scope or root, expr)``."""
        chains = self.sset.chains.get(expr)
        if chains is None:
            return select(self.root if scope is None else scope, expr)
        if expr in self.sset.top_down:
            return self._select_down(chains[0], scope)
        hits = self.hits.get(chains[0][-1][1].key)
        if not hits:
            return []
        scoped = scope is not None and scope is not self.root
        top = scope if scoped else None
        out = []
        for el in hits:  # document order; an element matching several chains of a group once
            for chain in chains:
                if not chain[-1][1].matches(el):
                    continue
                if scoped:
                    if len(chain) == 1:
                        if not within(el, scope):
                            continue
                    elif el is scope or not within(el, scope):
                        continue
                if len(chain) > 1 and not _match_chain(el, chain, len(chain) - 1, top):
                    continue
                out.append(el)
                break
        return out

    def _select_down(self, chain, scope) -> list:
        """``select`` for a chain that ``_goes_down``: the elements of its last tag under the hits of its first
        compound (every match lies under one), each checked against the whole chain. Hits nested in an earlier
        hit are skipped (their subtree was walked with it), so the matches come once each, in document order.
        A chain of ``>`` only, when no hit is nested in another, goes down child by child instead."""
        anchors = self.hits.get(chain[0][1].key)
        if not anchors:
            return []
        scoped = scope is not None and scope is not self.root
        top = scope if scoped else None
        tops, nested = [], False
        for anchor in anchors:
            if tops and within(anchor, tops[-1]):
                nested = True
                continue
            if scoped and not within(anchor, scope):  # lxml starts from the scope: hits above it do not count
                continue
            tops.append(anchor)
        if not nested and all(comb == ">" for comb, _ in chain[1:]):
            # ``a.x > p > strong``: child by child, never looking at the other <strong>s of the page
            level = [el for el in tops if chain[0][1].matches(el)]
            for _, compound in chain[1:]:
                level = [ch for el in level for ch in el.iterchildren(compound.tag) if compound.matches(ch)]
            return level
        last, n = chain[-1][1], len(chain) - 1
        return [el for anchor in tops for el in anchor.iter(last.tag)
                if (not scoped or el is not scope) and last.matches(el) and _match_chain(el, chain, n, top)]


def _goes_down(chain) -> bool:
    """Is ``chain`` answered faster from its first compound down? Yes when its last compound is known by its tag
    alone (``strong``, ``img``: many per page) and its first by a class or id (``div.noidung img``: one)."""
    return len(chain) > 1 and chain[-1][1].key[0] == "tag" and chain[-1][1].tag is not None \
        and chain[0][1].key[0] in ("class", "id")


def find(index: "PageIndex | None", scope, expr: str) -> list:
    """``select(scope, expr)``, answered from the page index when there is one."""
    return index.select(expr, scope) if index is not None else select(scope, expr)


def find_within(index: "PageIndex | None", root, scope, expr: str) -> list:
    """The matches of ``expr`` on the whole page (``root``) that are ``scope`` or inside it: unlike ``find``, an
    expression's leading compounds may name blocks above the scope (a family's ``.news_column span.h5`` when the
    article's scope is a panel inside ``.news_column``)."""
    if scope is None or scope is root:
        return find(index, root, expr)
    inside = []
    for match in find(index, root, expr):
        if isinstance(match, str) or match is scope or any(a is scope for a in match.iterancestors()):
            inside.append(match)
    return inside


def trie_pattern(words: Iterable[str]) -> str:
    """One regular expression for a word list, factored by common prefixes.

    Python's ``re`` tries the branches of ``a|b|c`` one after the other at every position; a trie
    (``T(?:ổng|ất cả|rong …)``) fails after one character almost everywhere, several times faster.
    """
    trie: dict = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node) -> str:
        optional = "" in node
        alts, singles = [], []
        for ch in sorted(k for k in node if k):
            sub = emit(node[ch])
            (alts.append(re.escape(ch) + sub) if sub else singles.append(re.escape(ch)))
        if singles:
            alts.append(singles[0] if len(singles) == 1 else "[" + "".join(singles) + "]")
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 and (not optional or len(alts[0]) == 1 or alts[0].startswith("[")) \
            else "(?:" + "|".join(alts) + ")"
        return body + ("?" if optional else "")

    return emit(trie)
