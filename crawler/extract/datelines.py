"""The publication date of a parsed page: two field stages of ``article.py`` (``stage(page) -> (value, rule)``),
``published`` (where the page prints its date) and ``date_reference`` (what gives a year-less one its year).
"""
from __future__ import annotations

import calendar
import re
from datetime import date
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit

from crawler.extract.bodies import paragraph_block as _paragraph_block
from crawler.extract.dates import (SPACED_DMY_RE, WEEKDAY_RE, date_kind, event_labelled, last_update_line,
                                   parse_date, publish_labelled, update_line)
from crawler.extract.selectors import DATE_EXPRS, DATE_LOOSE_WORDS, META_DATE_KEYS, YEAR_KEYS, find, find_within
from crawler.extract.text import (HEADLINE_LINK_WORDS, TABLE_PARTS, classes, collapse, in_article_element,
                                  in_related, text_of, within)

if TYPE_CHECKING:
    from crawler.extract.article import Page

_DATE_IN_TEXT = re.compile(r"\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*\d{2,4}|\d{1,2}\s+tháng\s+\d{1,2}|\d{4}-\d{2}-\d{2}",
                           re.I)
SPACED_LONGEST = 48  # characters: a spaced date ("25 07 2019") is a date line only in a text this short
_TIME_AFTER = re.compile(r"\s*[,|-]?\s*\d{1,2}\s?[:h]\s?\d{2}(?!\d)")


def _date_like(text: str, named: bool = False) -> bool:
    """Does ``text`` hold something shaped like a date? Day, month and year separated by spaces ("thứ năm,
    25 07 2019 14:21") only in a short text, and only with a weekday before them, a time after them or under a
    class naming a date or time (``named``): numbers in a row are more often a code or a phone number."""
    if _DATE_IN_TEXT.search(text):
        return True
    if len(text) > SPACED_LONGEST:
        return False
    lowered = text.lower()
    return any(named or WEEKDAY_RE.search(lowered, 0, m.start()) or _TIME_AFTER.match(lowered, m.end())
               for m in SPACED_DMY_RE.finditer(lowered))


_URL_COMPACT = re.compile(r"(?<!\d)((?:19|20)\d\d)(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(?:\d{4,10})?(?!\d)")
_URL_YMD = re.compile(r"(?<![\d])((?:19|20)\d\d)[/_.-](0?[1-9]|1[0-2])(?:[/_.-](0?[1-9]|[12]\d|3[01]))?(?![\d])")


def _profile_date(page: Page):
    """``(raw, rule, element)`` of the first match of the profile's ``published`` expressions that reads as a date."""
    for expr in page.exprs("published"):
        try:
            matches = find(page.index, page.root, expr)
        except Exception:
            continue
        for match in matches:
            if isinstance(match, str):
                raw = collapse(match)
            else:
                raw = text_of(match) or match.get("datetime") or match.get("content") or ""
            if raw and parse_date(raw, reference=page.reference, order=page.date_order):
                return raw, f"profile:{expr}", None if isinstance(match, str) else match
    return None, None, None


HEADER_LEVELS = 2  # enclosing blocks searched for a date printed above the headline and body


def _header_row(element) -> bool:
    """A block of one short line, no link, list or clock, not the site's header: an article's header row (a
    folder's name and the date)."""
    return len(text_of(element)) <= WIDEST_LINE and not any(True for _ in element.iter("a", "li", "script")) \
        and not any(_CLOCK.search(names) or _SITE_BOX.search(names)
                    for e in element.iter() if isinstance(e.tag, str) and (names := classes(e)))


def _header_blocks(scope):
    """``(block, before)`` pairs to search for the printed date: the article's scope (``before`` None: all of it),
    then up to ``HEADER_LEVELS`` enclosing blocks below ``<body>`` (a table's rows and cells not counted), of which
    only the elements before the scope count (``before``: that set): a CMS often prints the date in a header above
    the block that holds the headline and the body, while what follows the article (related lists, sidebars) is not
    its date."""
    yield scope, None
    block, levels = scope, 0
    while levels < HEADER_LEVELS:
        inner, block = block, block.getparent()
        if block is None or block.tag in ("body", "html"):
            return
        # a layout table's rows and cells are one level with it
        levels += block.tag not in TABLE_PARTS and not (block.tag == "table" and inner.tag in TABLE_PARTS)
        before = set()
        for element in block.iter():
            if element is scope:
                break
            before.add(element)
        yield block, before


def _printed_date(page: Page):
    """``(raw, rule, element)`` of the first date printed in the article or in its header (its text, else its
    ``datetime`` or ``abbr title``, which also wins when it gives the text's day a time) by the family's and the generic
    expressions, outside related-article boxes."""
    if page.scope is None:
        return None, None, None
    for block, before in _header_blocks(page.scope):
        update = None  # an update's line ("Cập nhật: …") counts when the block prints no other date
        for expr in page.vocabulary("published", DATE_EXPRS):
            for match in find_within(page.index, page.root, block, expr):
                if isinstance(match, str) or in_related(match) or (before is not None and match not in before) \
                        or _clock(match) or _of_others(match, page):
                    continue
                raw = text_of(match)
                value = parse_date(raw, reference=page.reference, order=page.date_order) \
                    if raw and len(raw) <= 120 and not _an_event(raw, match, page) else None
                machine = _machine_attribute(match)
                timed = parse_date(machine, reference=page.reference, order=page.date_order) if machine else None
                if value and not (timed and "T" in timed and "T" not in value and timed[:10] == value[:10]):
                    found = (*_with_time(raw, value, match, page), page.label(expr, "published"))
                    if update_line(found[0]):
                        update = update or found
                    elif update is None or page.body is None or not within(match, page.body):
                        return found[0], found[2], found[1]  # after an update's line, not a date in the text
                elif timed:  # the text says nothing, or the same day without the time its ``datetime`` gives
                    return collapse(machine), page.label(expr, "published") + "@datetime", match
        if update:
            return update[0], update[2], update[1]
    return None, None, None


def _an_event(text: str, element, page: Page) -> bool:
    """Is ``text`` an event's or a document's date in the article's text ("Thời gian: 08:00 ngày 10/6/2023" in the
    body container), not its date line?"""
    return page.body is not None and element is not None and within(element, page.body) and event_labelled(text)


LINE_LEVELS = 2  # enclosing elements read for the time of a date printed alone in its element


def _with_time(raw: str, value: str, element, page: Page):
    """``(raw, element)``: a date printed without a time, widened to the enclosing line (up to ``LINE_LEVELS``,
    ``WIDEST_LINE``, holding neither the headline nor the body) that gives the same day a time
    ("<span class=date>05/06/2023</span> <span class=time>08:30</span>")."""
    if "T" in value:
        return raw, element
    holder = element
    for _ in range(LINE_LEVELS):
        holder = holder.getparent()
        if holder is None or holder.tag in ("body", "html") or in_related(holder):
            break
        wider = text_of(holder)
        if len(wider) > WIDEST_LINE or any(e is page.title_element or e is page.body for e in holder.iter()):
            break
        timed = parse_date(wider, reference=page.reference, order=page.date_order) or ""
        if timed[:10] == value[:10] and "T" in timed:
            return wider, holder
    return raw, element


def _machine_attribute(element) -> str | None:
    """The machine-readable date an element carries: ``<time datetime>``, or the ``title`` of an ``<abbr>`` (the
    hAtom microformat's "abbr design pattern": Blogger's ``abbr.published title="2025-06-04T08:30:00+07:00"``)."""
    return element.get("datetime") or (element.get("title") if element.tag == "abbr" else None)


LOOSE_LONGEST = 80  # characters: a longer text under a date-like class is a block, not the date line
# the site's own header, menus, tickers and clocks (a box holding the body is the article's, whatever its name)
_SITE_BOX = re.compile(r"(?:^|\s)(?:header|site-header|top-header|header-top|headertop|main-header|top|topbar|"
                       r"top-bar)(?:$|\s)|banner|menu|(?:^|[\s_-])nav|marquee|footer", re.I)


_LOOSE_WORD = re.compile("|".join(map(re.escape, DATE_LOOSE_WORDS)), re.I)
LOOSE_NODES = 20000  # elements read for a loose date before giving up (a hostile page holds millions)


def _loose_date(page: Page):
    """``(raw, rule, element)`` of the first date printed under a class or id holding a word of
    ``DATE_LOOSE_WORDS`` in the article or its header (``_header_blocks``), before the body container or at its head
    (before its first paragraph of text), never in a list of other articles, a clock or the site's header."""
    if page.scope is None:
        return None, None, None
    body, budget = page.body, LOOSE_NODES
    holding = set(body.iterancestors()) if body is not None else set()
    for block, before in _header_blocks(page.scope):
        end = body if before is None else page.scope  # what follows is not the article's header
        for element in _up_to(block, end, body):
            budget -= 1
            if budget < 0:
                return None, None, None
            name = element.get("class"), element.get("id")
            if not (name[0] and _LOOSE_WORD.search(name[0]) or name[1] and _LOOSE_WORD.search(name[1])):
                continue
            raw = text_of(element)
            bracketed = raw.startswith("(") and not (element.getparent() is not None  # a list's "(12/03/2024)"
                                                     and _header_row(element.getparent()))  # not a header row's
            if not raw or len(raw) > LOOSE_LONGEST or bracketed or not _date_like(raw, named=True) \
                    or not _a_dateline(element, holding) or _an_event(raw, element, page):
                continue
            value = parse_date(raw, reference=page.reference, order=page.date_order)
            if value:
                raw, element = _with_time(raw, value, element, page)
                return raw, _loose_rule(element), element
    return None, None, None


_COMMENT_BOX = re.compile(r"binh-?luan|y-?kien|phan-?hoi|hoi-?dap|comment", re.I)  # readers' posts, dated too
LABELLED_NODES = 2000  # elements read for a labelled date line before giving up


def _labelled_date(page: Page):
    """``(raw, rule, element)`` of a short line opening with a publication label ("Ngày đăng: 05/06/2023 08:30",
    ``dates.PUBLISH_LABELS``) anywhere in the article (after its body too) or in its header, outside related lists
    and clocks: the label says whose date it is, wherever it is printed."""
    if page.scope is None:
        return None, None, None
    budget = LABELLED_NODES
    for block, before in _header_blocks(page.scope):
        for element in block.iter():
            if before is not None and element not in before:
                if element is page.scope:
                    break
                continue
            budget -= 1
            if budget < 0:
                return None, None, None
            if not isinstance(element.tag, str) or element.tag in ("script", "style"):
                continue
            for text, holder in ((element.text, element), (element.tail, element.getparent())):
                text = collapse(text)
                if not text or len(text) > LOOSE_LONGEST or not publish_labelled(text) or holder is None:
                    continue
                if in_related(element) or _clock(element) or _of_others(element, page) \
                        or any(_COMMENT_BOX.search(classes(a)) for a in element.iterancestors()):
                    continue
                # the label's line: its own text, else its element's ("<b>Ngày đăng:</b> 05/06/2023") or that one's
                for line, at in [(text, None)] + [(text_of(e), e) for e in (holder, holder.getparent())
                                                  if e is not None and e.tag not in ("body", "html")]:
                    if len(line) > WIDEST_LINE or text not in line:
                        break
                    if parse_date(line, reference=page.reference, order=page.date_order):
                        return line, "generic:publish-label", holder if at is None and text_of(holder) == text else at
    return None, None, None


BODY_HEAD = 30  # elements of the body container read before its text for a date line at its top


def _up_to(block, end, body):
    """The elements of ``block`` before ``end``; when ``end`` is the body container, then the elements at its head,
    before its first paragraph of text (``BODY_HEAD`` at most)."""
    for element in block.iter():
        if element is end:
            break
        yield element
    else:
        return
    if end is body:
        for count, element in enumerate(body.iterdescendants()):
            if count >= BODY_HEAD or (element.tag == "p" and len(text_of(element)) >= LOOSE_LONGEST):
                return
            yield element


def _loose_rule(element) -> str:
    """The rule naming a loose date match: ``generic:[class*='date' i]`` (the first word and attribute holding it)."""
    for word in DATE_LOOSE_WORDS:
        for attribute in ("class", "id"):
            if word in (element.get(attribute) or "").lower():
                return f"generic:[{attribute}*='{word}' i]"
    return "generic:loose-date"


# a box of other articles by its class or id ("other-news", "tin-khac", "cung-chuyen-muc", "tin-moi")
_OTHERS_BOX = re.compile(r"other|khac(?!h)|cung-?chuyen-?muc|cungchuyenmuc|lien-?quan|xem-?them|xemthem|"
                         r"tin-?moi|tinmoi|doc-?nhieu|docnhieu|xem-?nhieu|xemnhieu|noi-?bat|noibat", re.I)


def _article_blocks(page: Page) -> set:
    """The blocks holding the article's headline or body (never a box of other articles)."""
    blocks = set()
    for element in (page.title_element, page.body):
        if element is not None:
            blocks.add(element)
            blocks.update(element.iterancestors())
    return blocks


def _of_others(element, page: Page) -> bool:
    """Is ``element`` in a box or a list item of other articles: under a class naming one, or in an ``<li>`` holding
    another article's headline (a link of ``HEADLINE_LINK_WORDS`` words), below the blocks holding the article?"""
    article = _article_blocks(page)
    for ancestor in element.iterancestors():
        if ancestor.tag in ("body", "html") or ancestor in article:
            return False
        if _headline_item(ancestor):
            return True
        if (ancestor.get("class") or ancestor.get("id")) and _OTHERS_BOX.search(classes(ancestor)):
            return True
    return False


def _headline_item(element) -> bool:
    """Is ``element`` a list item linking another article's headline (a link of ``HEADLINE_LINK_WORDS`` words)?"""
    return element.tag == "li" and any(len(text_of(a).split()) >= HEADLINE_LINK_WORDS for a in element.iter("a"))


def _a_dateline(element, holding) -> bool:
    """Is ``element`` a date line of the article: not a clock, not in a related list or an item of a list of other
    articles, not in the site's header (``holding``: the blocks that hold the body, searched no further)?"""
    if in_related(element) or _clock(element):
        return False
    for ancestor in element.iterancestors():
        if ancestor in holding or ancestor.tag in ("body", "html"):
            break
        if _headline_item(ancestor):
            return False
        if (ancestor.get("class") or ancestor.get("id")) and _SITE_BOX.search(classes(ancestor)):
            return False
    return not _SITE_BOX.search(classes(element))


_CLOCK = re.compile(r"clock|dongho|dong-ho|dong_ho", re.I)


def _clock(element) -> bool:
    """Is ``element`` a clock: a script in it writes the time, or its class or id says so?"""
    return any(True for _ in element.iter("script")) or bool(_CLOCK.search(classes(element)))


def _machine_date(page: Page):
    """``(raw, rule)`` of the machine-readable publication date: ``<meta>``, then JSON-LD."""
    for key in META_DATE_KEYS:
        value = page.meta.get(key)
        if value and parse_date(value, reference=page.reference):
            return value, f"meta:{key}"
    value = page.jsonld.get("datePublished") or page.jsonld.get("dateCreated")
    if value and parse_date(value, reference=page.reference):
        return value, "jsonld:datePublished"
    return None, None


BESIDE_LEVELS = 3  # the headline and up to two blocks wrapping it
BESIDE_NODES = 40  # elements read beside the headline before giving up
WIDEST_LINE = 100  # characters: a date line longer than that is a block of text, not the line


def _date_beside(page: Page):
    """``(raw, element, rule)`` of a date printed in plain markup (no date class) beside the headline: in the
    elements after it (after the blocks wrapping it alone, up to ``BESIDE_LEVELS``), up to the body; else in the
    two before it. Without a headline element, in the two elements before the body container."""
    title, body = page.title_element, page.body
    budget = [BESIDE_NODES]
    if title is not None:
        found = _after(title, body, page, budget) or _before(title, body, page, [BESIDE_NODES])  # (each its own)
        rule = "generic:near-title"
    elif body is not None:
        found, rule = _before(body, None, page, budget, levels=2), "generic:above-body"
    else:
        found = None
    return (*found, rule) if found else (None, None, None)


def _after(anchor, body, page: Page, budget):
    """The elements after ``anchor``, then after each block wrapping it (``BESIDE_LEVELS``; a block holding the
    headline alone, a banner's nested wrappers, is not a level), up to the body: in a block holding the body, the
    elements before it."""
    element, levels = anchor, 0
    while levels < BESIDE_LEVELS:
        siblings = [s for s in element.itersiblings() if isinstance(s.tag, str)]
        for sibling in siblings:
            if body is not None and (sibling is body or within(body, sibling)):
                # the article's text: a date further on is not printed beside the headline
                found = None if sibling is body else _date_in(sibling, page, budget, stop=body)
                return found or _date_at_head(body, page, budget)
            found = _date_in(sibling, page, budget)
            if found or budget[0] <= 0:
                return found
        levels += bool(siblings) or any(isinstance(s.tag, str) for s in element.itersiblings(preceding=True))
        element = element.getparent()
        if element is None or element.tag in ("body", "html") or (body is not None and within(body, element)):
            return None
    return None


def _date_at_head(body, page: Page, budget):
    """A date in the body container's children before its text begins: before its second paragraph or its first
    block of paragraphs (a banner's headline, then the intro paragraph and the meta line inside the body's
    column, as Wagtail's blog page prints them)."""
    paragraphs = 0
    for child in body:
        if not isinstance(child.tag, str):
            continue
        paragraphs += child.tag == "p"
        if paragraphs > 1 or _paragraph_block(child):
            return None
        found = _date_in(child, page, budget)
        if found or budget[0] <= 0:
            return found
    return None


def _before(anchor, body, page: Page, budget, levels: int = BESIDE_LEVELS):
    """The two elements before ``anchor``; when there are none, the two before the block wrapping it (up to
    ``levels`` blocks, none holding ``body``)."""
    element, climbed = anchor, 0
    while climbed < levels:
        siblings = [s for s in element.itersiblings(preceding=True) if isinstance(s.tag, str)]
        for sibling in siblings[:2]:
            found = _date_in(sibling, page, budget)
            if found:
                return found
        if siblings:
            return None  # what precedes the block wrapping the anchor and these is no longer beside it
        element = element.getparent()
        if element is None or element.tag in ("body", "html"):
            return None
        climbed += element.tag not in TABLE_PARTS  # a layout table's cell, row and body are one level
        if body is not None and within(body, element):
            # the block holding the body too: only the line right before it (of the wrappers holding that block
            # alone), a breadcrumb (dates stand at its end) or a header row of one short line (the date alone)
            for _ in range(BESIDE_LEVELS + 1):
                previous = next((s for s in element.itersiblings(preceding=True) if isinstance(s.tag, str)), None)
                if previous is not None or element.getparent() is None or element.getparent().tag == "body":
                    break
                element = element.getparent()
            if previous is None or not (_BREADCRUMB.search(classes(previous)) or _header_row(previous)
                                        or (previous.tag == "header" and in_article_element(previous))):
                return None
            return _date_in(previous, page, budget)
    return None


_BREADCRUMB = re.compile(r"breadcrumb|crumb|duong-?dan|duongdan|pathway|navigation-path", re.I)




def _date_in(top, page: Page, budget, stop=None):
    """``(raw, element)`` of the first short text under ``top`` (texts and tails, in document order; before ``stop``
    when given) that reads as a date, widened to its line (``_widen``); ``budget``: a one-item list of the elements
    left to read."""
    if not isinstance(top.tag, str) or top.tag in ("script", "style") or in_related(top):
        return None
    for node in top.iter():
        if node is stop:
            return None
        if not isinstance(node.tag, str) or node.tag in ("script", "style"):
            continue
        budget[0] -= 1
        if budget[0] < 0:
            return None
        tail = node is not top and (stop is None or not within(stop, node))
        texts = [(node.text, node)] + ([(node.tail, node.getparent())] if tail else [])
        for text, holder in texts:
            text = collapse(text)
            if text and len(text) <= 80 and _date_like(text) and not _an_event(text, holder, page) \
                    and not _in_item_link(text, holder, page):
                value = parse_date(text, reference=page.reference, order=page.date_order)
                if value:
                    return _widen(text, value, holder, top, page)
    return None


def _in_item_link(text: str, holder, page: Page) -> bool:
    """Is the date ``text`` in a link to another page that says more than the date (``HEADLINE_LINK_WORDS``
    words): an item of a list beside the article ("Số: 35/BC-UBND · Ngày: 18/12/2017 · Báo cáo …"), not a date
    linked to its day's archive?"""
    for ancestor in (holder, *holder.iterancestors()):
        if ancestor.tag == "a":
            href = (ancestor.get("href") or "").strip()
            if not href or href.startswith("#") or urljoin(page.url, href) == page.url:
                return False
            return len(text_of(ancestor).replace(text, " ", 1).split()) >= HEADLINE_LINK_WORDS
    return False


def _widen(text: str, value: str, holder, top, page: Page):
    """``(raw, element)``: the element holding the date's text, as printed, when that is a line
    (``WIDEST_LINE``); when the date has no time there, the nearest enclosing line (up to ``top``) that gives
    it one ("<span>12/03/2024</span> | <span>3:45 PM</span>"). A text in a long block, or in one whose first date
    is another, is taken alone."""
    line = text_of(holder)
    if len(line) > WIDEST_LINE or (parse_date(line, reference=page.reference, order=page.date_order)
                                   or "")[:10] != value[:10]:
        return text, None
    element = holder
    while "T" not in value and element is not top:
        element = element.getparent()
        wider = text_of(element) if element is not None else ""
        if not wider or len(wider) > WIDEST_LINE:
            break
        timed = parse_date(wider, reference=page.reference, order=page.date_order) or ""
        if timed[:10] == value[:10] and "T" in timed:
            return wider, element
    return line, holder


def _end_of_day(day: str) -> str:
    return day + "T23:59:59+07:00"


def _year_reference(page: Page) -> tuple[str | None, str | None]:
    """``(reference, rule)`` for a year-less date: the end of a day the page itself names with its year.

    Order (ARCHITECTURE.md): the page's own dates (machine-readable ones, then dates printed in the
    article), then the URL (``/2022/06/14/``, ``/2022/06/``, ``20220614`` in the path); None means the
    fetch time. The reference is the last moment of that day (or month, or year for a URL that says
    no more), so ``parse_date`` keeps a day/month on or before it in its year.
    """
    found = [(page.meta.get(key), f"meta:{key}") for key in YEAR_KEYS]
    found += [(page.jsonld.get(key), f"jsonld:{key}") for key in ("datePublished", "dateCreated", "dateModified")]
    for raw, rule in found:
        if raw and date_kind(raw) == "absolute":
            return _end_of_day(parse_date(raw)[:10]), rule
    if page.scope is not None:
        for expr in DATE_EXPRS:
            for match in page.index.select(expr, page.scope):
                raw = text_of(match) or match.get("datetime") or ""
                if raw and len(raw) <= 120 and date_kind(raw, page.date_order) == "absolute":
                    return _end_of_day(parse_date(raw, order=page.date_order)[:10]), f"page:{expr}"
    path = urlsplit(page.url or "").path
    match = _URL_COMPACT.search(path)
    if match:
        year, month, day = int(match.group(1)), int(match.group(2)), int(match.group(3))
        return _end_of_day(f"{year:04d}-{month:02d}-{day:02d}"), "url:yyyymmdd"
    match = _URL_YMD.search(path)
    if match:
        year, month = int(match.group(1)), int(match.group(2))
        day = int(match.group(3)) if match.group(3) else calendar.monthrange(year, month)[1]
        try:
            return _end_of_day(date(year, month, day).isoformat()), "url:y/m" + ("/d" if match.group(3) else "")
        except ValueError:
            pass
    return None, None


def published(page: Page):
    """The publication date as printed: the profile's expressions; else the date printed in the article (by the
    date vocabulary, then by any class naming a date or time, then plain text near the title), replaced by the
    machine-readable one when that says the same day with a time; else (on an article page) the machine-readable
    one. Leaves the printed date (text, element) and a year-less date's year reference
    on the page."""
    raw, rule, element = _profile_date(page)
    machine_raw = machine_rule = None
    if raw is None:
        raw, rule, element = _printed_date(page)
        machine_raw, machine_rule = _machine_date(page)
        if raw is None:
            raw, rule, element = _loose_date(page)
        if raw is None:
            raw, rule, element = _labelled_date(page)
        if raw is None:
            raw, element, rule = _date_beside(page)
    page.date_element, page.date_text = element, raw or ""
    if raw and not page.order_given:
        page.date_order = page_order(page.root, raw, page.date_order)
    if raw:
        if date_kind(raw, page.date_order) == "yearless":  # "Ngày 14/6": the year from the page, the URL or the fetch
            page.year_reference = _year_reference(page)
        printed = parse_date(raw, reference=page.year_reference[0] or page.reference, order=page.date_order) or ""
        machine = parse_date(machine_raw, reference=page.reference) if machine_raw else None
        if machine and "T" not in printed and "T" in machine and machine[:10] == printed[:10] or \
                machine and last_update_line(raw) and machine[:10] < printed[:10]:
            # the same day with its time; or the page prints only its last change, the metadata its publication
            raw, rule, page.year_reference = machine_raw, machine_rule, (None, None)
    elif machine_raw and (page.body is not None or page.title_element is not None):
        raw, rule = machine_raw, machine_rule
    return (raw, rule) if raw else (None, None)


_NUMERIC_DATE = re.compile(r"(?<![\d/.-])(\d{1,2})([/.-])(\d{1,2})\2(\d{4})(?![\d/.-])")


def page_order(root, raw: str, order: str) -> str:
    """The numeric date order of the page, for a date ``raw`` that reads either way ("03-08-2011"): month first when
    other dates printed on the page with the same separator can only be read month first ("12-27-2012": a CMS set
    to the US format) and none only day first; else ``order``."""
    match = _NUMERIC_DATE.search(raw)
    if match is None or int(match.group(1)) > 12 or int(match.group(3)) > 12 or match.group(1) == match.group(3):
        return order
    separator, day_first, month_first = match.group(2), False, False
    for other in _NUMERIC_DATE.finditer(" ".join(root.itertext())):
        if other.group(2) == separator:
            first, second = int(other.group(1)), int(other.group(3))
            day_first |= 12 < first <= 31 and second <= 12
            month_first |= first <= 12 < second <= 31
    return "MDY" if month_first and not day_first else order


def date_reference(page: Page):
    """The moment whose year anchors a year-less publication date (see ``_year_reference``)."""
    return page.year_reference
