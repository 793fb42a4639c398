"""The headline of a parsed page: the title stage of ``article.py`` (``title(page) -> (value, rule)``).

Cascade: the profile's expressions; the CMS family's; the generic vocabulary (``TITLE_EXPRS``: class names only
headlines carry, not one repeated over a listing); an element of any tag that the metadata's title or ``<title>``
starts with (the longest, so that a headline holding " - " is not cut where ``<title>`` would be), or that starts
with ``<title>`` (a shortened one); the metadata's own title; the headline-like element (``HEADLINE_EXPRS``: h1,
``.title``…) nearest above the body container; ``<title>`` with the site's name cut off. The body container is
found before the title and never needs it.
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

from lxml import etree

from crawler.extract.bodies import body_below
from crawler.extract.selectors import HEADLINE_EXPRS, HEADLINE_LOOSE_EXPRS, TITLE_EXPRS, find
from crawler.extract.text import (BLOCK_TAGS, BOLD_STYLE, TABLE_PARTS, box_classes, classes, collapse, fold,
                                  holds_h1, text_of, within)

if TYPE_CHECKING:
    from crawler.extract.article import Page

_TITLE_SPLIT = re.compile(r"\s+(?:[|\-–—:»]|::|\|\||»»)\s+")
_GENERIC_TITLES = {"trang chủ", "home", "homepage", "trang chu"}
# how a site's name opens ("Cổng thông tin điện tử …", "Trang TTĐT …", "Báo điện tử …"): a <title> part that is not
# the page's headline
_SITE_NAME = re.compile(r"(?:cổng|trang)\s+(?:thông\s+tin|tin\s+tức|tt|ttđt|ttgtđt|dịch\s+vụ\s+công|giao\s+tiếp|web)\b|"
                        r"website\b|web\s+site\b|báo\s+điện\s+tử\b|tạp\s+chí\s+điện\s+tử\b|portal\b", re.I)
# boxes a headline is never in: navigation, the site's own header (not an article's "entry-header"), related
# articles, sidebars, footers
_HEADER_BOX = r"(?:^|\s)(?:header|site-header|top-header|header-top|headertop|main-header)(?:$|\s)"
_HEADER = re.compile(_HEADER_BOX, re.I)
_LIST_BOX = re.compile(r"box-news|list-news|item-news", re.I)  # a news list, or some templates' article block
_ALWAYS_BOX = re.compile(r"breadcrumb|menu|(?:^|[\s_-])nav|banner|logo|marquee|duongdan|relate|lienquan|comment|"
                         r"sidebar|footer|other-news|tinkhac|tin-khac", re.I)
_NOT_HEADLINE_BOX = re.compile("|".join((_ALWAYS_BOX.pattern, _HEADER_BOX, _LIST_BOX.pattern)), re.I)
# a portlet's title bar and its heading (Liferay's "portlet-topper"/"portlet-title"): often the section's name,
# which the page's <title> repeats, so it never counts as matching the metadata (nearest above the body, it may
# still be the headline: a web content portlet shows its article's title there)
_BOX_HEADING = re.compile(r"portlet-topper|portlet-title", re.I)
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_TITLE_CLASS = re.compile(r"title|tieude|tieu-de|tieu_de|headline|tenbai|ten-bai", re.I)
# a class or id naming something else that carries "title" ("subtitle", "box-title", "cate-title", "title-date")
_NOT_HEADLINE_CLASS = re.compile(r"sub|sapo|desc|summary|lead|intro|mota|tomtat|date|time|author|meta|box|cate|"
                                 r"block|module|widget|menu|nav|footer|related|lienquan|other|list|item", re.I)
_NOT_TEXT = frozenset({"body", "html", "head", "title", "script", "style", "noscript", "option", "select",
                       "textarea", "button"})
NEAR_LEVELS = 4  # enclosing blocks of the body container searched for the headline above it
NEAR_NODES = 5000  # elements read before the body container for a headline rewording the metadata's title
HEADLINE_WORDS = 5  # words of a headline-like element above the body that outweighs the metadata's title
_FIRST_WORD = re.compile(r"\S*?\w+")


def _first_text(root, exprs, index, minlen=1, maxlen=400, unique=False):
    """``(text, expr, element)`` of the first match of ``exprs`` whose text length is in bounds; ``unique``: skip an
    expression matching three different texts (the same class on many items: a listing, not the headline)."""
    for expr in exprs:
        try:
            matches = find(index, root, expr)
        except Exception:
            continue
        if unique and len({text_of(m) for m in matches[:10] if not isinstance(m, str)}) >= 3:
            continue
        for match in matches:
            text = collapse(match) if isinstance(match, str) else text_of(match)
            if minlen <= len(text) <= maxlen:
                return text, expr, (None if isinstance(match, str) else match)
    return None, None, None


def _comparable(text: str) -> str:
    return re.sub(r"[^\w]+", " ", collapse(text).lower()).strip()


def _outside_boxes(element, body=None) -> bool:
    """Not (in) a navigation, site header, breadcrumb, related-articles, sidebar or footer box; a box that also
    holds the body container (``body``) is the article's, whatever its name ("content-banner"), and so are a
    "header" box of headline and date beside the body (``_article_header``) and a news list's box holding an
    ``<h1>`` (lists title their items lower: a SharePoint "box-news" holding the article)."""
    holding = set(body.iterancestors()) if body is not None else ()
    for ancestor in (element, *element.iterancestors()):  # (the element itself: a whole site header's text)
        if ancestor in holding:
            return True
        if ancestor is element and _TITLE_CLASS.search(classes(element)):
            continue  # its own name says title ("Title allowMenuPost": a CMS's flag, not a menu)
        if (ancestor.get("class") or ancestor.get("id")) and _NOT_HEADLINE_BOX.search(names := box_classes(ancestor)):
            if _ALWAYS_BOX.search(names) or (_HEADER.search(names) and not _article_header(ancestor, holding)) \
                    or (_LIST_BOX.search(names) and not holds_h1(ancestor)):
                return False
    return True


def _article_header(box, holding) -> bool:
    """Is the "header" ``box`` the article's (headline and date above its body, in a block holding the body below
    ``<body>``; a link at most, no picture), not the site's (logo and menu)?"""
    parent = box.getparent()
    return parent is not None and parent in holding and parent.tag not in ("body", "html") \
        and sum(1 for _ in box.iter("a")) <= 1 and not any(True for _ in box.iter("img"))


def _heading_like(element) -> bool:
    return element.tag in _HEADINGS or bool(_TITLE_CLASS.search(classes(element))) \
        or element.get("itemprop") == "headline"




def _apart(element, body) -> bool:
    """Do ``element`` and the body container share no enclosing block below ``<body>``?"""
    if body is None:
        return False
    ancestors = {a for a in body.iterancestors() if a.tag not in ("body", "html")}  # (the set keeps the proxies)
    return not any(a in ancestors for a in element.iterancestors()) and not within(body, element)


def _doc_title(root) -> str:
    title_tag = root.find(".//title")
    if title_tag is None:
        title_tag = next(iter(root.xpath("//title")), None)  # in a further top-level element of a broken page
    return text_of(title_tag) if title_tag is not None else ""


def _without_site(doc_title: str) -> str:
    """``<title>`` without a leading site's name ("Cổng thông tin điện tử tỉnh X - Headline"; ``_SITE_NAME``)."""
    parts = _TITLE_SPLIT.split(doc_title, maxsplit=1)
    return parts[1].strip() if len(parts) > 1 and _SITE_NAME.match(parts[0].strip()) and len(parts[1]) >= 3 \
        else doc_title


def _cut(doc_title: str) -> str | None:
    """``<title>`` without the site's name: its first part (after a leading site's name), when it has several and
    that one is not "Trang chủ"."""
    rest = _without_site(doc_title)
    if rest != doc_title:
        return _cut(rest) or rest
    parts = _TITLE_SPLIT.split(doc_title)
    if len(parts) > 1 and parts[0].strip().lower() not in _GENERIC_TITLES and len(parts[0]) >= 3:
        return parts[0].strip()
    return None


def _by_reference(page: Page, printed: list[str], references: list[tuple[str, int, bool]], doc_title: str):
    """``(text, element, specific)``: the element of any tag (block or the inline elements around a text) whose
    text a reference title starts with (``(comparable, shortest accepted length, specific)``: specific, a title
    of this page rather than maybe the site's name), the longest; or that starts with ``<title>`` (a shortened
    one; headline-like elements outside the body only). Ties: an element whose class no sibling repeats (a list's
    items share theirs) first, then a heading or title class, then outside a link, then document order. Elements
    in navigation, related or footer boxes are never taken. ``printed``: the reference titles as printed (their
    first words find the texts to look at)."""
    superset = _comparable(_cut(doc_title) or doc_title) if doc_title else ""
    superset = superset if len(superset) >= 20 and superset.count(" ") >= 3 else ""
    words = set()
    for ref in printed:
        match = _FIRST_WORD.match(collapse(ref))
        if match:  # as printed, in capitals, capitalised
            word = match.group(0)
            words.update((word, word.upper(), word[:1].upper() + word[1:].lower()))
    if not words:
        return None, None, False
    starts = re.compile(r"\s*(?:" + "|".join(map(re.escape, sorted(words, key=len, reverse=True))) + ")").match
    headings = [e for expr in HEADLINE_EXPRS for e in find(page.index, page.root, expr) if not isinstance(e, str)]
    found = _best_match(page, headings, starts, references, superset, levels=1)
    if found[0] is not None and _comparable(found[0]) in _whole_titles(printed, doc_title):
        return found  # a heading is the whole title: no other element can be longer
    return _best_match(page, _texts_starting(page.root, starts), starts, references, superset, levels=3)


SLUG_WORDS = 4  # words of an address's last part that name its page's headline ("/trao-qua-tet-cho-ho-ngheo/")
_WORD = re.compile(r"[^\W_]+")
_SLUG_END = re.compile(r"(?:\.[a-z]{2,5})?$", re.I)  # .html, .aspx, .php
_SLUG_ID = re.compile(r"[-_.]\d+$")  # a CMS's numeric id after the slug ("…-an-ninh-1276")
_INDEX_PAGE = re.compile(r"^(?:index|default|home)\.\w+$", re.I)
_IN_NO_HEADLINE = frozenset({"a", "title", "script", "style", "option", "textarea", "button", "head"})
_NO_HEADLINE = _IN_NO_HEADLINE | {"html", "body"}


def slug_words(url: str) -> list[str]:
    """The accent-free words of ``url``'s last path part when it is a slug of ``SLUG_WORDS`` words at least (a CMS
    writes the headline there: "/tin-tuc/trao-59-suat-qua-tet-1276.html" → trao 59 suat qua tet), else []."""
    parts = [p for p in urlsplit(url).path.split("/") if p]
    if parts and _INDEX_PAGE.match(parts[-1]):
        parts.pop()
    if not parts:
        return []
    slug = _SLUG_ID.sub("", _SLUG_END.sub("", unquote(parts[-1])))
    words = _WORD.findall(fold(slug))
    return words if len(words) >= SLUG_WORDS and not all(w.isdigit() for w in words) else []


def _by_slug(page: Page):
    """``(text, element)``: the first element outside navigation, related and footer boxes and outside links whose
    text's accent-free words start with the words of the page's URL slug (a long slug may be cut short; the slug may
    leave out the headline's first ``SLUG_LEADING`` words: "Huyện tổ chức tuyên dương…" for "tuyen-duong-…"), or
    ``(None, None)``."""
    words = slug_words(page.url)
    if not words:
        return None, None
    for node in page.root.iter():
        if not isinstance(node.tag, str) or node.tag in _NO_HEADLINE or not node.text or \
                words[0] not in _WORD.findall(fold(node.text))[:SLUG_LEADING + 1]:
            continue
        if any(a.tag in _IN_NO_HEADLINE for a in node.iterancestors()):
            continue
        text = text_of(node)
        if len(text) <= 400 and _names(words, _WORD.findall(fold(text))) and _outside_boxes(node, page.body):
            return text, node
    return None, None


SLUG_SKIPS = 6  # words of a headline its slug may leave out (a quoted name, "và", a number)
SLUG_LEADING = 3  # of them, words opening the headline (its subject: "Huyện", "UBND tỉnh")


def _names(slug: list[str], words: list[str]) -> bool:
    """Do the ``slug``'s words name the headline of ``words``: they open it, in order, leaving out ``SLUG_SKIPS``
    words at most ("ubmttqvn-huyen-trao-nha-tai-thon-7" for "UBMTTQVN huyện trao nhà “Đại đoàn kết” tại thôn 7")?"""
    at, skipped = 0, 0
    for word in slug:
        while at < len(words) and words[at] != word and skipped <= SLUG_SKIPS:
            at, skipped = at + 1, skipped + 1
        if at >= len(words) or skipped > SLUG_SKIPS:
            return False
        at += 1
    return True


def _whole_titles(printed: list[str], doc_title: str) -> set[str]:
    """The comparable forms of the reference titles and of ``<title>`` without its last part (the site's name)."""
    whole = {_comparable(ref) for ref in printed}
    parts = _TITLE_SPLIT.split(doc_title) if doc_title else []
    if len(parts) > 1:
        whole.add(_comparable(" ".join(parts[:-1])))
    return whole


_STRING = etree.XPath("string()")
_LONGEST_HEADLINE = 400  # characters


def _best_match(page: Page, hits: list, starts, references, superset: str, levels: int):
    """``(text, element, specific)`` of the best element among ``hits`` and the blocks around each, up to
    ``levels`` in all (see ``_by_reference``); ``starts``: matches a text opening with a reference's first word."""
    best, best_key, seen = None, None, set()
    for position, element in enumerate(hits):
        for _ in range(levels):
            if element is None or element.tag in _NOT_TEXT or element in seen or len(element) > 12:
                break  # (a headline's block holds a few inline elements, not a page's worth of them)
            seen.add(element)
            raw = _STRING(element)  # built by libxml2: a cheap look before any Python text work
            if len(raw) > 4 * _LONGEST_HEADLINE or not starts(raw):
                break
            text = page.text(element)
            if len(text) > _LONGEST_HEADLINE:
                break
            score, specific = _match_length(_comparable(text), references, element.tag in ("h1", "h2"))
            if not score and superset and _comparable(text).startswith(superset + " ") and _heading_like(element) \
                    and not text.endswith(".") and not within(element, page.body) \
                    and not _links_elsewhere(element, superset):
                score = len(_comparable(text))
            if score and _outside_boxes(element, page.body) and not _box_heading(element):
                key = (score, not _repeated(element), _heading_like(element),
                       not any(a.tag == "a" for a in element.iterancestors()), -position)
                if best_key is None or key > best_key:
                    best, best_key = (text, element, specific), key
            element = element.getparent()
    return best if best is not None else (None, None, False)


def _links_elsewhere(element, title: str) -> bool:
    """Does ``element`` hold a link whose text is not part of ``title`` (comparable): a list of headlines, this
    page's first, or a headline followed by a related article's link, which is more than the headline?"""
    return any(_comparable(text_of(a)) not in title for a in element.iter("a") if text_of(a))


def _box_heading(element) -> bool:
    """Is ``element`` a portlet's title bar or inside one (``_BOX_HEADING``)?"""
    return any(_BOX_HEADING.search(classes(e)) for e in (element, *element.iterancestors()) if e.get("class"))


def _repeated(element) -> bool:
    """Does a sibling near ``element`` (three on each side) have its tag and class (an item of a list)?"""
    name = element.get("class")
    if not name:
        return False
    for siblings in (element.itersiblings(element.tag), element.itersiblings(element.tag, preceding=True)):
        for _, sibling in zip(range(3), siblings):
            if sibling.get("class") == name:
                return True
    return False


def _texts_starting(root, starts, limit: int = 200) -> list:
    """The elements (at most ``limit``, in document order) holding a text that ``starts`` matches (for a tail,
    the element holding it); scripts, styles and ``<title>`` left out."""
    found = []
    for element in root.iter():
        tag = element.tag
        if not isinstance(tag, str):
            continue
        text = element.text
        if text and tag not in _NOT_TEXT and starts(text):
            found.append(element)
        text = element.tail
        if text and starts(text):
            parent = element.getparent()
            if parent is not None and parent.tag not in _NOT_TEXT:
                found.append(parent)
        if len(found) >= limit:
            break
    return found


def _match_length(comparable: str, references, loose: bool) -> tuple[int, bool]:
    """``(length, specific)``: the length of ``comparable`` when a reference starts with it (at a word's end) and
    it is at least that reference's shortest accepted length (``loose``: eight characters will do, as for a
    heading), and whether that reference is specific; else ``(0, False)``."""
    for reference, shortest, specific in references:
        if reference == comparable or (reference.startswith(comparable) and reference[len(comparable)] == " "):
            if len(comparable) >= (8 if loose else max(8, shortest)):
                return len(comparable), specific
    return 0, False


def _near_body(page: Page):
    """``(text, expr, element)`` of the headline-like element (``HEADLINE_EXPRS``, then ``HEADLINE_LOOSE_EXPRS``)
    nearest above the body container, searched in its enclosing blocks from the nearest out (``NEAR_LEVELS``, the
    rows and cells of a table not counted, ``<body>`` at most)."""
    body = page.body
    if body is None:
        return None, None, None
    candidates, opening = {}, None
    for expr in HEADLINE_EXPRS + HEADLINE_LOOSE_EXPRS:
        for element in find(page.index, page.root, expr):
            if isinstance(element, str) or element in candidates or within(body, element):
                continue  # (a block holding the body)
            inside = within(element, body)
            if inside and (opening is not None or not _opens(body, element)):
                continue
            if not expr.startswith(("h1", "h2", "h3")) and _NOT_HEADLINE_CLASS.search(classes(element)):
                continue
            text = text_of(element)
            if 10 <= len(text) <= 250 and text.count(" ") >= 2 and not (text.endswith(".") and
                                                                          not text.endswith("..")):
                if inside:
                    opening = (text, expr, element)
                else:
                    candidates[element] = (text, expr)
    for element in _styled_headings(page.root, body):  # a paragraph an editor made a heading by its style
        if element not in candidates and not within(body, element) and not within(element, body):
            text = text_of(element)
            if 10 <= len(text) <= 250 and text.count(" ") >= 2 and not text.endswith("."):
                candidates[element] = (text, "styled-heading")
    above = _nearest_above(body, candidates)
    # the headline printed as the container's first line (a content block holding its title, then the text)
    return above if above[0] or opening is None else opening


# an inline style of a heading: a font of 16 px or more (or 1.2 em, 12 pt), bold
_HEADING_SIZE = re.compile(r"font-size\s*:\s*(\d+(?:\.\d+)?)\s*(px|pt|em|rem)", re.I)


def _styled_headings(root, body, limit: int = 2000):
    """Blocks (``p``, ``div``, ``span``) whose inline style makes them a heading, big and bold (the block's own style,
    or a bold child holding all its text), among the first ``limit`` elements with a style."""
    seen = 0
    for element in root.iter("p", "div", "span"):
        style = element.get("style")
        if not style:
            continue
        seen += 1
        if seen > limit:
            return
        size = _HEADING_SIZE.search(style)
        if size is None:
            continue
        value, unit = float(size.group(1)), size.group(2).lower()
        big = value >= {"px": 16, "pt": 12, "em": 1.2, "rem": 1.2}[unit]
        bold = BOLD_STYLE.search(style) or any(
            child.tag in ("b", "strong") and text_of(child) == text_of(element) for child in element)
        if big and bold:
            yield element


def _opens(body, element) -> bool:
    """Is ``element`` the first thing in ``body`` with text (no text before it), holding no paragraph?"""
    if any(True for _ in element.iter("p")):
        return False
    for node in body.iter():
        if node is element:
            return True
        if isinstance(node.tag, str) and node is not body and collapse(node.text or ""):
            return False
        if node is not body and collapse(node.tail or "") and not within(element, node):
            return False
    return False


def _nearest_above(body, candidates: dict):
    """``(text, expr, element)`` of the element of ``candidates`` (element -> ``(text, expr)``) nearest above the
    body container, searched in its enclosing blocks from the nearest out (see ``_near_body``)."""
    if not candidates:
        return None, None, None
    block, levels = body, 0
    while levels < NEAR_LEVELS:
        if block.tag == "body":
            break
        block = block.getparent()
        if block is None or block.tag == "html":
            break
        levels += block.tag not in TABLE_PARTS  # a layout table's rows and cells are one level with it
        last = None
        for element in block.iter():
            if element is body:
                break
            if element in candidates and _outside_boxes(element, body):
                last = element
        if last is not None:
            text, expr = candidates[last]
            return text, expr, last
    return None, None, None


def _title_part_near_body(page: Page, doc_title: str):
    """``(text, rule, element)`` of an element printing, whole, a part of ``<title>`` after its first (the site's
    name first: "Cổng thông tin … - Headline"), nearest above the body container in the body's column (not in a
    link, not sharing only ``<body>`` with the body: a logo)."""
    parts = _TITLE_SPLIT.split(doc_title) if doc_title else []
    wanted = {_comparable(" ".join(parts[k:j])) for k in range(1, len(parts)) for j in range(k + 1, len(parts) + 1)}
    wanted = {w for w in wanted if len(w) >= 10 and w.count(" ") >= 2 and not _SITE_NAME.match(w)}
    if page.body is None or not wanted:
        return None, None, None
    words = {m.group(0) for w in wanted if (m := _FIRST_WORD.match(w))}
    words |= {w.upper() for w in words} | {w[:1].upper() + w[1:] for w in words}
    starts = re.compile(r"\s*(?:" + "|".join(map(re.escape, sorted(words, key=len, reverse=True))) + ")",
                        re.I).match
    candidates = {}
    for element in _texts_starting(page.root, starts):
        for _ in range(2):
            if element is None or element.tag in _NOT_TEXT or within(page.body, element):
                break
            text = page.text(element)
            if _comparable(text) in wanted and not within(element, page.body) \
                    and not any(a.tag == "a" for a in element.iterancestors()) \
                    and not any(True for _ in element.iter("a")) and not _apart(element, page.body):
                candidates.setdefault(element, (text, element.tag))
                break
            element = element.getparent()
    text, tag, element = _nearest_above(page.body, candidates)
    return (text, f"generic:{tag}~title-part", element) if text else (None, None, None)


SHARED_WORDS = 0.6  # of the words of the metadata's title and of the element's, at least, for a reworded headline


def _like_metadata(page: Page, titles: list[str]):
    """``(text, element)`` of the element nearest above the body container (``_nearest_above``) that prints the
    headline the metadata's titles reword (an SEO title): a short text of its own (no links, not a sentence) whose
    words and a title's are mostly shared (``SHARED_WORDS`` of each); ``(None, None)`` for none."""
    body = page.body
    refs = [set(_comparable(t).split()) for t in titles]
    refs = [r for r in refs if len(r) >= 3]
    if body is None or not refs:
        return None, None
    candidates, budget = {}, NEAR_NODES
    for element in page.root.iter():
        if element is body or budget <= 0:
            break
        budget -= 1
        if not isinstance(element.tag, str) or element.tag in _NOT_TEXT or not (element.text or "").strip():
            continue
        text = page.text(element)
        if not 10 <= len(text) <= 250 or text.endswith(".") or any(True for _ in element.iter("a")) \
                or any(a.tag == "a" for a in element.iterancestors()):
            continue
        words = set(_comparable(text).split())
        if any(len(words & ref) >= SHARED_WORDS * max(len(ref), len(words)) for ref in refs):
            candidates[element] = (text, element.tag)
    text, _, element = _nearest_above(body, candidates)
    return text, element


def _only_h1(page: Page):
    """The page's one ``<h1>``, when it has one: outside the boxes and links, 5 to ``_LONGEST_HEADLINE``
    characters; else None."""
    h1s = list(page.root.iter("h1"))
    if len(h1s) != 1 or not _outside_boxes(h1s[0]) or any(a.tag == "a" for a in h1s[0].iterancestors()) \
            or any(True for _ in h1s[0].iter("a")):
        return None
    return h1s[0] if 5 <= len(page.text(h1s[0])) <= _LONGEST_HEADLINE else None


def _title(page: Page):
    """``(title, rule, element)``: see ``title``."""
    root, index = page.root, page.index
    text, expr, element = _first_text(root, page.exprs("title"), index)
    if text:
        return text, f"profile:{expr}", element
    if page.family is not None:
        text, expr, element = _first_text(root, page.family.title, index, minlen=5, unique=True)
        if text:
            return text, f"family:{page.family.name}:{expr}", element
    text, expr, element = _first_text(root, TITLE_EXPRS, index, minlen=5, unique=True)
    if text:
        return text, f"generic:{expr}", element
    doc_title = _doc_title(root)
    headline, og_title = page.jsonld.get("headline"), page.meta.get("og:title")
    printed = [ref for ref in (headline, og_title, page.meta.get("twitter:title")) if ref]
    references = [(_comparable(ref), len(_comparable(ref)), collapse(ref) != doc_title) for ref in printed]
    shown = _without_site(doc_title) if doc_title else doc_title  # (a leading site's name never matches)
    if shown:
        cut = _cut(shown)
        printed.append(shown)
        references.append((_comparable(shown), len(_comparable(cut or shown)), cut is not None or shown != doc_title))
    text, element, specific = _by_reference(page, printed, [r for r in references if len(r[0]) >= 8], shown)
    # apart from the body, it is not the scope's element, unless the body found without it is another block above
    # it and the article's body lies below it
    apart = text is not None and _apart(element, page.body) and not body_below(page, element)
    slug = slug_words(page.url)
    if text and specific and (not slug or _names(slug[:SLUG_WORDS], _WORD.findall(fold(text)))):
        slugged, named = None, None  # the metadata's headline is the one the address names
    else:
        slugged, named = _by_slug(page)
    if text and (not apart or specific) and not slugged:
        return text, f"generic:{element.tag}~meta", None if apart else element
    if slugged:  # (over a <title> that may be the site's name: the address names this page's headline)
        return slugged, f"generic:{named.tag}~url", named
    matched = (text, f"generic:{element.tag}~meta", None) if text else None
    near = _near_body(page)
    if near[0] and len(_comparable(near[0]).split()) >= HEADLINE_WORDS:  # printed, over the metadata's (an SEO title)
        return near[0], f"generic:{near[1]}~body", near[2]
    if not near[0]:
        text, element = _like_metadata(page, [v for v in (headline, og_title, _cut(doc_title) if doc_title else None)
                                              if v])
        if text:
            return text, f"generic:{element.tag}~like-meta", element
    for rule, value in (("jsonld:headline", headline), ("meta:og:title", og_title)):
        if value and len(value) >= 5 and collapse(value) != doc_title:
            return value, rule, None
    text, expr, element = near
    if text:
        return text, f"generic:{expr}~body", element
    text, rule, element = _title_part_near_body(page, doc_title)
    if text:
        return text, rule, element
    if matched:  # the <title>'s whole text printed apart from the article: maybe the site's name
        return matched
    for rule, value in (("jsonld:headline", headline), ("meta:og:title", og_title)):
        if value and len(value) >= 5:
            return value, rule, None
    if page.body is None and (only := _only_h1(page)) is not None:  # an article without a body container
        return page.text(only), "generic:h1~only", only
    if not doc_title or _SITE_NAME.search(doc_title) or _comparable(doc_title) in _GENERIC_TITLES:
        line = _line_above_body(page)  # a <title> that is the site's: the headline is the line above the text
        if line is not None:
            return page.text(line), f"generic:{line.tag}~line-above", line
    if doc_title:
        cut = _cut(doc_title)
        return (cut, "title:prefix", None) if cut else (doc_title, "title", None)
    return None, None, None


LINE_ABOVE = 5  # texts read above the body container (a lead, a line of details) for the headline line
# a date or a time ("08/06/2025", "2:20"), a labelled field ("Lượt xem: 120"): a line of details
_DETAILS_LINE = re.compile(r"\d+[/.:-]\d+|^[^:]{1,30}[:：]\s")


def _line_above_body(page: Page):
    """The headline printed as a plain line above the body container, when nothing names it (no headline tag or
    class, no metadata, no slug, the ``<title>`` the site's): among the ``LINE_ABOVE`` lines of text nearest above
    the body in its enclosing blocks, the nearest that reads as a headline (5 to 250 characters of three words or
    more, ending no sentence, no date, time or labelled field, in no link and linking nothing, outside boxes);
    else None."""
    body = page.body
    if body is None:
        return None
    seen, block = 0, body
    for _ in range(NEAR_LEVELS):
        for sibling in block.itersiblings(preceding=True):
            if not isinstance(sibling.tag, str):
                continue
            for element in reversed([e for e in sibling.iter() if isinstance(e.tag, str)]):
                if element.tag in _NOT_TEXT or not collapse(element.text or "") \
                        or any(c.tag in BLOCK_TAGS for c in element.iterdescendants()):
                    continue
                text = page.text(element)
                seen += 1
                if 5 <= len(text) <= 250 and len(text.split()) >= 3 and not text.endswith((".", ":", "!", "?")) \
                        and not _DETAILS_LINE.search(text) and not any(True for _ in element.iter("a")) \
                        and not any(a.tag == "a" for a in element.iterancestors()) and _outside_boxes(element, body):
                    return element
                if seen >= LINE_ABOVE:
                    return None
        block = block.getparent()
        if block is None or block.tag in ("body", "html"):
            return None
    return None


# a slot the template prints empty inside the headline ("Tiêu đề <span>( )</span>": a date or a count left out)
_EMPTY_SLOT = re.compile(r"\s*(?:\(\s*\)|\[\s*\])")


def title(page: Page):
    """The headline (see the module's docstring). Leaves the title element on the page."""
    text, rule, element = _title(page)
    if text and _EMPTY_SLOT.search(text):
        text = collapse(_EMPTY_SLOT.sub(" ", text)) or text
    page.title, page.title_element, page.title_rule = text, element, rule
    return text, rule
