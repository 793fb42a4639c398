"""The article's body: its container (found before the headline, checked against it after), the lead and the body
text. ``body_container`` and ``body_near_headline`` are steps of ``article.py``; ``lead`` and ``body_text`` are field
stages (``stage(page) -> (value, rule)``).
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from crawler.extract.captions import credit_line
from crawler.extract.selectors import BODY_EXPRS, LEAD_EXPRS, find
from crawler.extract.sources import is_source_line
from crawler.extract.text import (BOLD_STYLE, HEADLINE_LINK_WORDS, TABLE_PARTS, box_classes, classes, collapse,
                                  paragraphs, text_of, within)

if TYPE_CHECKING:
    from crawler.extract.article import Page

# lines of the body that are not its text (source lines aside): "read more" lines, share and print links, photo credits
_NOISE_LINE = re.compile(r"^(?:xem thêm|đọc thêm|tin liên quan|bài liên quan|"
                         r">>|chia sẻ|tags?\s*[:：]|(?:gắn\s+)?thẻ\s*[:：]|từ khóa\s*[:：]|từ khoá\s*[:：]|in bài|gửi bài|"
                         r"bản in|ảnh\s*[:：][^.]{0,60}$|video\s*[:：][^.]{0,60}$|"
                         # the article's view count ("Lượt xem: 1.024", K2's "Đọc 235 lần")
                         r"(?:số\s+)?lượt\s+(?:xem|đọc)\s*[:：]?\s*[\d.,]+$|đọc\s+[\d.,]+\s+lần$)", re.I)
# a link line to the full text or a file: "Xem chi tiết tại đây", "Tải về", "Chi tiết xem tại đây"
_MORE_LINE = re.compile(r"^(?:chi tiết\s+|toàn văn\s+)?(?:xem|tải|tải về|download)"
                        r"(?:\s+(?:chi tiết|toàn văn|nội dung|văn bản|file|tệp|tập tin))?"
                        r"(?:\s+(?:tại|ở))?(?:\s+(?:đây|link|liên kết|đường dẫn))?\s*(?:[:：.]\s*\S{0,200})?$", re.I)
# the words of a pager and of the tool bar closing a page ("Trang 1/2 1 2 Trang sau", "In bài | Về đầu trang"):
# a line of them alone is no text
_TOOL_WORDS = ("về đầu trang", "lên đầu trang", "đầu trang", "quay lại", "quay về", "trở lại", "trở về", "in trang",
               "in bài", "bản in", "in", "gửi email", "gửi e-mail", "gửi bài", "gửi bạn bè", "gửi cho bạn", "chia sẻ",
               "lưu bài", "lưu", "góp ý", "trang trước", "trang sau", "trang tiếp", "trang đầu", "trang cuối",
               "«", "‹", "»", "›", "<<", "<", ">", r"\d{1,3}", r"\.\.\.")
_TOOL = "(?:" + "|".join(w.replace(" ", r"\s+") for w in _TOOL_WORDS) + ")"
_PAGER_LINE = re.compile(rf"^(?:trang\s+\d+\s*(?:/|của|trên)\s*\d+\b(?:\s+trang)?(?:\s*{_TOOL})*|"
                         rf"{_TOOL}(?:\s*[|/•·-]?\s*{_TOOL})*)\s*[|/•·]?$", re.I)
# an attachment list's label ("Tệp đính kèm:", "File đính kèm: qd-35.pdf"): it and the short lines after it (the
# files) close the body
_ATTACHMENT_LINE = re.compile(r"^(?:các\s+)?(?:tệp|tập\s+tin|file|tài\s+liệu|văn\s+bản|tài\s+liệu)\s+(?:đính|đi)\s+kèm"
                              r"(?:\s+theo)?\b", re.I)
_FILE_LINE = re.compile(r"^\S[^\n]{0,150}\.(?:pdf|docx?|xlsx?|pptx?|rar|zip|7z|odt|ods)\b(?:\s*\(.{0,40}\))?$",
                        re.I)
# the heading of other pages' headlines ("Các tin khác", "Tin cùng chuyên mục", "Xem thêm"): a line of it alone is
# no text; a box it heads after an article is not the article's (``kind``)
OTHER_NEWS = re.compile(r"^\s*(?:các\s+|những\s+)?(?:tin|bài|bài\s+viết|tin\s+bài|văn\s+bản|thông\s+báo)\s+"
                        r"(?:khác|liên\s+quan|cùng\s+(?:chuyên\s+mục|danh\s+mục|loại|lĩnh\s+vực)|"
                        r"mới(?:\s+hơn|\s+nhất)?|cũ\s+hơn|đã\s+đưa|đọc\s+nhiều|xem\s+nhiều)|"
                        r"^\s*xem\s+thêm|^\s*đọc\s+thêm", re.I)
_HEADING_END = re.compile(r"\s*[:：]?\s*(?:[»>]+\s*)?$")
# the heading of a comment box ("Ý kiến bạn đọc", "Gửi bình luận"): a line of it alone is no text, nor is a form
_COMMENTS_LINE = re.compile(r"^\s*(?:ý\s+kiến\s+(?:bạn\s+đọc|của\s+bạn|phản\s+hồi)|gửi\s+ý\s+kiến(?:\s+của\s+bạn)?|"
                            r"(?:viết\s+|gửi\s+)?bình\s+luận|bạn\s+đọc\s+bình\s+luận|góp\s+ý)\s*[:：]?\s*$", re.I)
ATTACHED = 200  # characters: a longer line after an attachment label is the text again
_LABEL_END = re.compile(r"[-–—:]$")
_BOX = re.compile(r"footer|sidebar|comment|relate|tinlienquan")
_MEDIA = ("img", "video", "iframe", "object", "embed")
MIN_TEXT = 80  # characters of body text at least
MIN_PHOTO_TEXT = 20  # … beside two pictures or more (a photo story's text is a line or two)
MIN_BODY = 150  # characters: a vocabulary match with less text is a stub of a body (a photo post's, maybe)
MIN_SENTENCE = 30  # … below a headline that the page's URL names
ORPHAN_CAPTION = 400  # characters: a longer paragraph ending in a photo credit is text that names its picture


def more_line(text: str) -> bool:
    """Is ``text`` a link line to the full text or a file ("Xem chi tiết tại đây", "Tải về")?"""
    return bool(_MORE_LINE.match(text))


def noise_line(text: str) -> bool:
    """Is ``text`` a line of the body that is not its text ("Xem thêm", "Tags: …", "Lượt xem: 120", a link line)?"""
    return bool(_NOISE_LINE.match(text) or _MORE_LINE.match(text))


# ---------------------------------------------------------------- the container
def body_container(page: Page):
    """``(element, rule, further matches)``: the profile's first match; else the family's or a generic
    expression's match with the most text (``MIN_BODY`` characters at least); else the element whose direct ``<p>``
    children hold the most text outside links (whether or not the page has a headline); else the first such
    match holding only media and little text (a photo post: its text is then the lead's)."""
    text = page.text
    for expr in page.exprs("body"):
        try:
            matches = [m for m in find(page.index, page.root, expr) if not isinstance(m, str)]
        except Exception:
            continue
        if matches:
            return matches[0], f"profile:{expr}", matches[1:]
    stub = None
    for expr in page.vocabulary("body", BODY_EXPRS):
        best, best_length, rivals = None, 0, []
        for match in find(page.index, page.root, expr):
            if isinstance(match, str):
                continue
            length = len(text(match))
            if length > best_length:
                best, best_length = match, length
            if length >= MIN_BODY:
                rivals.append(match)
            if stub is None and length < MIN_BODY and not _in_box(match) and any(True for _ in match.iter(*_MEDIA)):
                stub = match, page.label(expr, "body")
        if best is not None and best_length >= MIN_BODY:
            page.body_rivals = rivals if len(rivals) > 1 else []
            return best, page.label(expr, "body"), []
    best, best_score = _densest(_paragraph_parents(
        [*page.root.iter("p"), *(d for d in page.root.iter("div") if text_div(d))]), text)
    if best is not None and best_score >= 300:
        return best, "generic:density", []
    if stub is not None:
        return stub[0], stub[1] + "~media", []
    return None, None, []


def _paragraph_parents(ps) -> set:
    """The elements holding the paragraphs ``ps``, and the blocks holding those of them that are paragraph blocks or
    photo story steps (``_story_step``)."""
    parents = {p.getparent() for p in ps if p.getparent() is not None}
    holders = {block.getparent() for block in parents
               if paragraph_block(block) and block.getparent() is not None}  # scored by ``_densest``
    for parent in parents:
        block = parent
        for _ in range(STORY_DEPTH):
            if block.getparent() is None:
                break
            if _story_step(block):
                holders.add(block.getparent())
                break
            block = block.getparent()
    return parents | holders


_BLOCK_TAGS = frozenset({"div", "section"})


def paragraph_block(element) -> bool:
    """A ``<div>``/``<section>`` of paragraphs alone (no text of its own): a body split into sibling blocks of one
    kind (a StreamField's one block per paragraph) reads as the paragraphs of their parent (``_alike_blocks``)."""
    if element.tag not in _BLOCK_TAGS or (element.text or "").strip():
        return False
    children = [c for c in element if isinstance(c.tag, str)]
    return bool(children) and all(c.tag == "p" and not (c.tail or "").strip() for c in children)


STORY_DEPTH = 3  # levels of a story block's paragraphs below it


def _story_step(element) -> bool:
    """A photo story's step: a block (``<div>``, ``<section>``, a table…) of no text of its own holding a picture
    and text, and no link outside its paragraphs (a listing's item links its picture or its headline to another
    page). A story sets its steps one after another, alike (``_alike_blocks``, ``_continued``)."""
    if element.tag not in _TEXT_BLOCKS or (element.text or "").strip() or not text_of(element):
        return False
    return any(True for _ in element.iter(*_MEDIA)) \
        and not any(text_of(link) and not any(a.tag == "p" for a in link.iterancestors())
                    for link in element.iter("a"))


def _alike_blocks(parent) -> list:
    """The paragraph blocks (or photo story steps: ``_story_step``) among ``parent``'s children that share their tag
    and class with another one (a StreamField's ``div.block-paragraph_block`` each holding a paragraph, a photo
    story's steps); one block alone is the body itself, and blocks of different kinds (a lead box, then the text)
    stay apart."""
    kinds: dict = {}
    for child in parent:
        if paragraph_block(child) or _story_step(child):
            kinds.setdefault((child.tag, child.get("class")), []).append(child)
    return [block for group in kinds.values() if len(group) > 1 for block in group]


_INNER_BLOCKS = frozenset({"div", "p", "table", "ul", "ol", "section", "article", "h1", "h2", "h3", "h4", "h5", "h6",
                           "blockquote", "figure", "form", "iframe", "img", "dl"})


def text_div(element) -> bool:
    """A ``<div>`` written as a paragraph: text of its own and no block inside (CMSs that print one ``<div>`` per
    paragraph, with no ``<p>``)."""
    return element.tag == "div" and bool((element.text or "").strip()) \
        and not any(c.tag in _INNER_BLOCKS for c in element.iterdescendants())


# the labels of a site's imprint (its footer: "Bản quyền thuộc về …", "Giấy phép số …", "Địa chỉ: …", "Điện thoại: …")
_IMPRINT = re.compile(r"(?:^|\s)(bản quyền(?: thuộc về)?|copyright|©|giấy phép(?: số)?|cơ quan chủ quản|"
                      r"chịu trách nhiệm(?: chính| nội dung| xuất bản)?|trưởng ban biên tập|tổng biên tập|"
                      r"địa chỉ|điện thoại|đt|fax|e-?mail)(?=\s*[:：]|\s+(?:thuộc|số|\d))", re.I)
IMPRINT_LABELS = 3  # distinct imprint labels in a short block: the site's footer, not an article
IMPRINT_LONGEST = 1500  # characters: a longer block is text, whatever it quotes


def imprint(text: str) -> bool:
    """Is ``text`` a site's imprint (copyright, licence, address, telephone…), the footer's block?"""
    return len(text) <= IMPRINT_LONGEST and len({m.group(1).lower() for m in _IMPRINT.finditer(text)}) >= IMPRINT_LABELS


def _densest(parents, text, skip_boxes=True):
    """``(element, score)`` of the element among ``parents`` whose direct ``<p>`` children (and the paragraphs of its
    paragraph blocks, ``paragraph_block``) hold the most text outside links (a link's text counts twice against
    it); ``(None, 0)`` for none. The element holding the best one is the body when its own ``<p>`` children hold
    ``AROUND_SHARE`` of that text at least: the article's paragraphs around a block of more of them (a headline or a
    lead printed as a ``<div>`` beside the body does not count)."""
    best, best_score, own = None, 0, {}
    for parent in parents:
        if skip_boxes and (_in_box(parent) or imprint(text(parent))):
            continue
        blocks = _alike_blocks(parent)
        score = in_p = 0
        for child in parent:
            for p in ((child,) if child.tag == "p" or text_div(child)
                      else child.iter("p") if blocks and child in blocks else ()):
                unlinked = max(0, len(text(p)) - 2 * sum(len(text(a)) for a in p.iter("a")))
                score += unlinked
                in_p += unlinked if p is child and p.tag == "p" else 0
        own[parent] = in_p
        if score > best_score:
            best, best_score = parent, score
    while best is not None and own.get(best.getparent(), 0) >= AROUND_SHARE * best_score > 0:
        best = best.getparent()
    return best, best_score


AROUND_SHARE = 0.15  # of the densest block's text, in paragraphs of the block holding it: the body is that one


def _in_box(element) -> bool:
    """Is ``element`` in a footer, sidebar, comments or related-articles box (never the article's body)? The
    classes of ``<body>`` and ``<html>`` describe the whole page ("has-sidebar"), not a box."""
    return any(_BOX.search(box_classes(a)) for a in element.iterancestors()
               if a.tag not in ("body", "html") and (a.get("class") or a.get("id"))) \
        or bool(_BOX.search(box_classes(element)))


# ---------------------------------------------------------------- the container checked against the headline
NEAR_LEVELS = 4  # blocks wrapping the headline searched for the body below it (table rows and cells not counted)
NEAR_NODES = 5000  # elements read below the headline before giving up


def body_near_headline(page: Page) -> None:
    """An article's body never comes before its headline: when the container found without the headline does, the
    block nearest below the headline with the most paragraph text (or a body expression's match there) replaces it
    (the first family match is often another portlet of the page). When the container's expression matched several
    blocks, the one nearest below the headline is the article's, not the longest. Then the body's continuation
    after an advertisement (``_continued``)."""
    _near_headline(page)
    if page.body is not None and not (page.body_rule or "").startswith("profile:") and not page.more_bodies:
        page.more_bodies = _continued(page)


def _continued(page: Page) -> list:
    """The blocks continuing the body after a block without text (an advertisement, a banner) between them: the
    body's next siblings, each past such a block, of paragraphs (``MIN_TEXT`` characters, few links), outside the
    boxes and the noise; when the body is a photo story's step (``_story_step``), the alike steps after it and the
    pictures between them."""
    found, gap = [], False
    step = _story_step(page.body)
    for sibling in page.body.itersiblings():
        if not isinstance(sibling.tag, str) or sibling.tag in ("script", "style", "noscript", "ins"):
            gap = gap or isinstance(sibling.tag, str)
            continue
        length = len(page.text(sibling))
        alike = (sibling.tag, sibling.get("class")) == (page.body.tag, page.body.get("class"))
        if step and ((alike and _story_step(sibling)) or (not length and any(True for _ in sibling.iter(*_MEDIA)))):
            found.append(sibling)  # a photo story's next step (a picture and its text), or a picture alone
            continue
        if not length or (page.drop is not None and page.drop(sibling) and length < MIN_TEXT):
            gap = True  # nothing to read: an advertisement's picture or script
            continue
        if not gap or sibling.tag not in _TEXT_BLOCKS or _in_box(sibling) or (page.drop and page.drop(sibling)) \
                or not any(c.tag == "p" for c in sibling) or length < MIN_TEXT \
                or 5 * sum(len(page.text(a)) for a in sibling.iter("a")) > length:
            break
        found.append(sibling)
        gap = False
    return found


def _near_headline(page: Page) -> None:
    title, body = page.title_element, page.body
    if title is not None and body is None and page.body_rule is None and not page.exprs("body") \
            and not _home(page) and not _known_body(page):
        # no container found without the headline: text without <p>s
        found = _below(page, title, missing=True, shortest=_shortest(page))
        if found is not None:
            page.body, page.body_rule = found
        return
    if title is None or body is None or (page.body_rule or "").startswith("profile:") or within(title, body):
        return
    if _before(body, title):
        found = _below(page, title)
        if found is not None:
            page.body, page.body_rule, page.more_bodies = found[0], found[1], []
    elif page.body_rivals:
        found = _below(page, title, page.body_rivals)
        if found is not None:
            page.body = found[0]


def _known_body(page: Page) -> bool:
    """Does a body expression match an element of the page outside the boxes (a body container known to be all
    but empty, then)?"""
    return any(not isinstance(m, str) and not _in_box(m) for expr in page.vocabulary("body", BODY_EXPRS)
               for m in find(page.index, page.root, expr))


def _home(page: Page) -> bool:
    from crawler.extract.article import _is_home  # (article.py imports this module)
    return _is_home(page.url)


def body_below(page: Page, headline) -> bool:
    """Would ``body_near_headline`` take a block below ``headline`` for the body, the container found without it
    (not a profile's) coming before it? A headline printed apart from a container above it (a site-wide web
    content portlet) is then the article's all the same."""
    body = page.body
    return body is not None and not (page.body_rule or "").startswith("profile:") and _before(body, headline) \
        and _below(page, headline) is not None


def _before(a, b) -> bool:
    """Does ``a`` start before ``b`` in document order (neither inside the other)?"""
    path_a, path_b = _path(a), _path(b)
    return path_a < path_b and path_b[:len(path_a)] != path_a


def _path(element) -> list[int]:
    path, node = [], element
    for parent in element.iterancestors():
        path.append(parent.index(node))
        node = parent
    path.reverse()
    return path


def _below(page: Page, title, rivals=None, missing=False, shortest=MIN_TEXT):
    """``(element, rule)`` of the body below ``title``: in the elements after it (then after each block wrapping it,
    up to ``NEAR_LEVELS``), the densest paragraph block or the longest body expression match (else the block there
    with the most text outside links: a layout table's cell, text with ``<br>``s or in ``<div>``s), ``MIN_BODY``
    characters at least (``rivals``: only the longest of these matches); None when there is none. ``missing``: no
    container was found without the headline; a short text will do (``shortest``: a notice), a block holding a
    video or pictures may have less (``MIN_MEDIA_BODY``), and a block linking other pages' headlines (a listing
    below a section heading) is none."""
    text, budget = page.text, NEAR_NODES
    if rivals is not None:
        matches = [(m, None) for m in rivals]
    else:
        matches = [(m, expr) for expr in page.vocabulary("body", BODY_EXPRS)
                   for m in find(page.index, page.root, expr) if not isinstance(m, str)]
    element, levels = title, 0
    while levels < NEAR_LEVELS:
        region = [s for s in element.itersiblings() if isinstance(s.tag, str)]
        parents, inside = set(), set()
        for top in region:
            for node in top.iter():
                budget -= 1
                inside.add(node)
                if node.tag == "p" and node.getparent() is not None:
                    parents |= _paragraph_parents((node,))
            if budget <= 0:
                break
        best, score = _densest(parents, text) if rivals is None else (None, 0)
        rule = "generic:below-headline"
        for match, expr in matches:
            if match in inside and not _in_box(match):
                length = _unlinked(match, text)
                if length > score:
                    best, score, rule = match, length, expr and page.label(expr, "body")
        if (best is None or score < MIN_BODY) and rivals is None:  # text without <p>s: the block with the most
            for top in region:
                for block in (top, *(c for c in top if c.tag in _CELLS)) if top.tag == "tr" else (top,):
                    if block.tag in _TEXT_BLOCKS and not _in_box(block) and _unlinked(block, text) > score \
                            and not (missing and _links_headlines(block, text)):
                        best, score = block, _unlinked(block, text)
        if best is not None and (score >= MIN_BODY or (missing and score >= shortest) or (
                missing and score >= MIN_MEDIA_BODY and any(True for _ in best.iter(*_MEDIA)))):
            if not (missing and _links_headlines(best, text)):
                return best, rule
        element = element.getparent()
        if element is None or element.tag in ("body", "html") or budget <= 0:
            return None
        levels += element.tag not in TABLE_PARTS
    return None


_TEXT_BLOCKS = frozenset({"div", "td", "section", "article", "font", "table"})
_CELLS = ("td", "th")
MIN_MEDIA_BODY = 60  # characters of text beside a video or pictures


def _links_headlines(element, text) -> bool:
    """Does ``element`` link three other pages' headlines (a list of articles, not an article's text)?"""
    return len({a.get("href") for a in element.iter("a") if len(text(a).split()) >= HEADLINE_LINK_WORDS}) \
        >= 3


def _unlinked(element, text) -> int:
    """The length of ``element``'s text, less twice its links' (a list of links scores below nothing)."""
    return len(text(element)) - 2 * sum(len(text(a)) for a in element.iter("a"))


# ---------------------------------------------------------------- the lead
_LEAD_BLOCK_TAGS = ("h2", "h3", "p", "strong", "b")


def _label_before(element) -> str:
    """A short label ending in a dash or colon just before ``element`` (``<strong>HÀ NỘI -</strong>``), with a space;
    else ""."""
    previous = element.getprevious()
    if previous is not None and isinstance(previous.tag, str) and previous.tag in ("span", "strong", "b"):
        label = text_of(previous)
        if 0 < len(label) <= 30 and _LABEL_END.search(label):
            return label + " "
    return ""


_LEAD_BOX_CHILDREN = ("p", "b", "strong", "em", "i", "span", "h2", "h3", "h4")
_SENTENCE_END = (".", "!", "?", "…", '"', "”", ")")  # how a lead's sentences end
_LEAD_INNER_BLOCKS = frozenset({"p", "div", "table", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6"})


def _lead_block(element, plain: bool = False) -> bool:
    """A heading or paragraph of 60 characters at least; or a ``<div>`` holding one such paragraph (or bold,
    italic text) and nothing else, or text its style makes bold (``plain``: or not) (no links, no images: a sapo box
    without a class name)."""
    if element.tag in _LEAD_BLOCK_TAGS:
        return len(text_of(element)) >= 60
    if element.tag != "div":
        return False
    if (element.text or "").strip():
        return (plain or bool(BOLD_STYLE.search(element.get("style") or ""))) \
            and 60 <= len(text_of(element)) <= 800 \
            and not any(c.tag in _LEAD_INNER_BLOCKS or c.tag in ("a", "img") for c in element.iterdescendants())
    children = [c for c in element if isinstance(c.tag, str)]
    return len(children) == 1 and children[0].tag in _LEAD_BOX_CHILDREN and not (children[0].tail or "").strip() \
        and 60 <= len(text_of(element)) <= 800 and not any(True for _ in element.iter("a", "img"))


def _lead_beside_picture(element, page: Page) -> str | None:
    """The lead of a box holding the article's captioned picture and the lead's sentences beside it (NukeViet 3's
    ``#hometext`` with no class name): its text without the caption, 60 to 800 characters ending like a sentence,
    no link but the picture's own; else None."""
    if element.tag != "div" or not any(within(c, element) for c in page.caption_elements):
        return None
    if any(next(a.iter("img"), None) is None for a in element.iter("a")):
        return None
    text = _text_without_captions(element, page.caption_elements)
    return text if 60 <= len(text) <= 800 and text.endswith(_SENTENCE_END) else None


def _text_without_captions(element, captions) -> str:
    """The text of ``element``; without the captions (and the pictures' boxes) when it holds some: a CMS prints
    the article's picture, with its caption, inside the lead box (NukeViet 3's ``#hometext``)."""
    inside = [c for c in captions if any(a is element for a in c.iterancestors())]
    if not inside:
        return text_of(element)
    skip = set(inside) | {img for img in element.iter("img")}
    return collapse(" ".join(text for _, text in paragraphs(element, skip=frozenset(skip))))


def _lead(page: Page):
    """``(lead, rule)``: see ``lead``."""
    scope, body = (page.scope if page.scope is not None else page.body), page.body
    for expr in page.vocabulary("lead", LEAD_EXPRS):
        for match in find(page.index, scope, expr):
            if isinstance(match, str) or match is body or any(a is body for a in match.iterancestors()) \
                    or any(a is match for a in body.iterancestors()) or _before(body, match):
                continue  # (after the body: another story's teaser, in a list of them below the article)
            text = _text_without_captions(match, page.caption_elements)
            if len(text) >= 30:
                return _label_before(match) + text, page.label(expr, "lead")
    previous = body.getprevious()
    for _ in range(4):  # an h2 right before the body (an inline sapo without a class name)
        if previous is None or previous is page.title_element or previous is page.date_element:
            break
        if isinstance(previous.tag, str) and _lead_block(previous):
            return _label_before(previous) + text_of(previous), f"generic:{previous.tag}-before-body"
        if isinstance(previous.tag, str) and (text := _lead_beside_picture(previous, page)):
            return text, f"generic:{previous.tag}-before-body~picture"
        if page.title_element is not None and within(page.title_element, previous):
            break
        previous = previous.getprevious()
    title = page.title_element
    if title is not None and _before(title, body):  # sentences between the headline and the body
        for element in _between(page.root, title, body):
            if _lead_block(element, plain=True) and _sentence_lead(element, page):
                return text_of(element), f"generic:{element.tag}-after-headline"
    return None, None


LEAD_BETWEEN = 60  # elements read between the headline and the body for the lead


def _between(root, title, body) -> list:
    """The elements after ``title`` (not inside it) and before ``body`` (not holding it), in document order
    (``LEAD_BETWEEN`` at most)."""
    out, seen = [], False
    for node in root.iter():
        if node is title:
            seen = True
        elif node is body or len(out) >= LEAD_BETWEEN:
            break
        elif seen and isinstance(node.tag, str) and not within(node, title) and not within(body, node):
            out.append(node)
    return out


def _sentence_lead(element, page: Page) -> bool:
    """A lead of sentences apart from the headline: text ending like a sentence, no link, not the date or byline
    line (a meta line of date, author and views between headline and body is no lead), no picture's caption, not in
    a block linking another page's headline (a listing's teaser)."""
    for block in element.iterancestors():
        if within(page.body, block) or within(page.title_element, block):
            break  # the block holding the article
        if any(len(text_of(link).split()) >= HEADLINE_LINK_WORDS for link in block.iter("a")):
            return False
    text = text_of(element)
    return text.endswith(_SENTENCE_END) and not any(True for _ in element.iter("a")) \
        and not any(el is not None and (within(el, element) or within(element, el))
                    for el in (page.date_element, page.byline_element, *page.caption_elements)) \
        and not any(a.tag in ("figure", "figcaption") for a in element.iterancestors())


def lead(page: Page):
    """The lead (sapo), outside the body container and not after it: the family's and the generic expressions, else
    a long heading or paragraph (or a box of one paragraph) among the four elements before the body, after the
    headline; else such a block of sentences, or a bold one, anywhere between the headline and the body (a table
    row of its own, the headline's block: ``_between``). Leaves its text on the page (it opens the body text)."""
    page.lead, rule = _lead(page)
    return page.lead, rule


# ---------------------------------------------------------------- the text
def body_text(page: Page):
    """The article's text: the lead, then the body's paragraphs without the byline (a credit in brackets closing a
    paragraph is cut from it), captions, the date line, noise lines ("Nguồn:", "Xem thêm", "Xem chi tiết tại đây",
    "Tags:"…), the headline printed again at its top and repeats; paragraphs joined by a blank line; None when
    shorter than ``_shortest``."""
    lead_text, byline_element, date_text = page.lead, page.byline_element, page.date_text
    headline = collapse(page.title).casefold()
    kept = [lead_text] if lead_text else []
    elements = [None] if lead_text else []  # the lead may stand outside the body: it opens the text all the same
    attachments = False
    for element, text in page.body_paragraphs():
        if _ATTACHMENT_LINE.match(text) or (attachments and len(text) <= ATTACHED):
            attachments = True
            continue
        attachments = False
        if _PAGER_LINE.match(text) or _FILE_LINE.match(text) or _COMMENTS_LINE.match(text) \
                or _heading_of_others(text) or _in_tag(element, page.body, "form"):  # a form's labels
            continue
        if byline_element is not None and (element is byline_element
                                           or any(a is byline_element for a in element.iterancestors())):
            continue
        if text == page.byline or text in page.captions or text == page.source or element is page.source_element:
            continue
        if date_text and (text == date_text or (len(text) <= len(date_text) + 4 and date_text in text)):
            continue
        if noise_line(text) or is_source_line(text) \
                or (kept and text == kept[-1]) or (len(text) <= ORPHAN_CAPTION and credit_line(text)):
            continue  # (a line ending in a photo credit: a caption, its picture taken out or not found)
        if page.byline and text != page.byline:
            inside = byline_element is not None and any(a is element for a in byline_element.iterancestors())
            text = _without_closing_credit(text, page.byline, inside)
        if page.source and text.endswith(f" {page.source}"):  # "… kết thúc. (Theo VOV)"
            text = text[:-len(page.source)].rstrip()
        if lead_text and not kept[1:] and (text == lead_text or lead_text.endswith(text) or text.endswith(lead_text)):
            continue
        if not kept[1 if lead_text else 0:] and ((headline and text.casefold() == headline)
                                                   or _in_tag(element, page.body, "h1")):
            continue  # the headline printed again as the body's first paragraph (a variant of it is a heading), or
            # the headline of an article copied in from a newspaper with it: an <h1> opening the body
        kept.append(text)
        elements.append(element)
    page.text_elements = elements
    text = "\n\n".join(kept).strip()
    return (text, page.body_rule) if len(text) >= _shortest(page) else (None, None)


def _in_tag(element, body, tag: str) -> bool:
    """Is ``element`` a ``tag`` element or inside one, below ``body``?"""
    for node in (element, *element.iterancestors()) if element is not None else ():
        if node is body:
            return False
        if node.tag == tag:
            return True
    return False


def _shortest(page: Page) -> int:
    """Characters of text an article has at least: ``MIN_TEXT``; a photo story's text is a line or two; below a
    headline that the page's URL names (the page is that article's), a sentence will do."""
    if len(page.images) >= 2:
        return MIN_PHOTO_TEXT
    return MIN_SENTENCE if (page.title_rule or "").endswith("~url") else MIN_TEXT


def _heading_of_others(text: str) -> bool:
    """Is ``text`` a heading of other pages' headlines alone ("Các tin khác:", "Tin cùng chuyên mục »")?"""
    match = OTHER_NEWS.match(text)
    return match is not None and len(text) <= 40 and bool(_HEADING_END.fullmatch(text, match.end()))


def _without_closing_credit(text: str, byline: str, inside: bool) -> str:
    """``text`` without the credit closing it: the byline in brackets ("… (Trần Thị Bình - Văn phòng Sở)"), a byline
    ending in brackets ("… Minh Anh (TTXVN)") or, ``inside``: the byline printed at the paragraph's end."""
    if text.endswith(f"({byline})"):
        return text[:-len(byline) - 2].rstrip()
    if (inside or byline.endswith(")")) and text.endswith(f" {byline}"):
        return text[:-len(byline)].rstrip()
    return text


def image_places(page: Page):
    """Set each image's ``after_paragraph``: how many paragraphs of the text come before its <img> in the page (a
    paragraph holding the image comes before it). Nothing to record as a field of its own."""
    if not page.images or not page.text_elements:
        return None, None
    wanted = {id(el) for el in page.text_elements if el is not None} | {id(el) for el in page.image_elements}
    order = {}
    for n, el in enumerate(page.root.iter()):
        if id(el) in wanted:
            order[id(el)] = n
    starts = [-1 if el is None else order.get(id(el)) for el in page.text_elements]
    if None in starts:
        return None, None
    for image, element in zip(page.images, page.image_elements):
        at = order.get(id(element))
        if at is not None:
            image.after_paragraph = sum(1 for s in starts if s < at)
    return None, None
