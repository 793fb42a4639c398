"""Images inside the article body, with absolute ``src`` and their caption as printed.

Caption markups handled (most specific first):
  figure > figcaption;  caption tables (image row above a caption row: td.pCaption, tr.figcaption, the next
  row, the cell under each image of a gallery row; the row above in a two-row table);  image wrapper followed
  by a caption-class element;  a picture box (the picture and one text element);  a centred or italic short
  paragraph, or a line ending in a photo credit, right after a paragraph holding only the image.
Plus the captioned lead picture between the headline and the body container.
An empty caption is None, never ""; the ``alt`` and ``title`` text alone is not a caption.
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING
from urllib.parse import urljoin

from lxml import etree

from crawler.items import Image
from crawler.extract.selectors import find, find_within
from crawler.extract.sources import is_source_line
from crawler.extract.text import (CARD_LEVELS, IMAGE_HREF, classes, collapse, in_related, inside, teaser_hrefs,
                                  text_of)

if TYPE_CHECKING:
    from crawler.extract.article import Page

_SRC_ATTRS = ("data-src", "data-original", "data-lazy-src", "data-lazy", "data-srcset", "data-url", "src",
              "srcset")
# class (or id) words of a caption element, as CMSs and editors print them; "-" stands for "-", "_" or nothing
CAPTION_CLASS_WORDS = (
    "caption", "figcaption", "image-caption", "img-caption", "photo-caption", "fig-caption", "wp-caption-text",
    "pcaption", "photocms-caption", "expnoedit-caption",
    "chu-thich", "chu-thich-anh", "ghi-chu", "ghi-chu-anh",
    "desc-img", "image-desc", "img-desc", "photo-desc", "image-description", "img-description",
    "note-img", "note-image", "image-note", "img-note", "photo-note", "mo-ta-anh",
)
_CAPTION_CLASS = re.compile(r"(?:^|[\s_-])(?:"
                            + "|".join(re.escape(w).replace(r"\-", "[_-]?") for w in CAPTION_CLASS_WORDS)
                            # camel case ending in "Caption" (K2's "itemImageCaption", "newsCaption")
                            + r"|[a-z]\w*caption)(?:$|[\s_-])", re.I)
_PIXEL = re.compile(r"(?:^data:|/pixel|spacer|blank\.(?:gif|png)|1x1|/ads?/|\.svg(?:$|\?)|loading\.gif|"
                    r"icon|logo|avatar)", re.I)
_MAX_CAPTION = 600
# a photo credit ending a line ("Đại biểu dự hội nghị (Ảnh: Minh Anh)"; not "Bài và ảnh: X", a byline)
_CREDIT_END = re.compile(r"(?:\(\s*ảnh(?:\s+minh\s+họa|\s+minh\s+hoạ)?\s*[:：]\s*[^():：]{1,60}\)"
                         # or unbracketed, opening the line or after a sentence ("… Tân Lộc. Ảnh: Minh Anh")
                         r"|(?:^|[.!?…]\s*)ảnh(?:\s+minh\s+họa|\s+minh\s+hoạ)?\s*[:：]\s*[^():：.!?]{1,40}"
                         # or the illustration label alone, bracketed or making the line
                         r"|\(\s*ảnh\s+minh\s+h(?:ọa|oạ)\s*\)|^ảnh\s+minh\s+h(?:ọa|oạ))"
                         r"\s*\.?$", re.I)
# a byline naming the photographer ("Bài: Minh Châu - Ảnh: Công Danh", "Tin, ảnh: X", "Bài và ảnh: X"): no caption
_BYLINE_LINE = re.compile(r"^\(?\s*(?:bài|tin|bài viết|tin bài|nội dung|thực hiện|video|clip)\b[^:：]{0,12}[:：]", re.I)
_CREDIT_START = re.compile(r"^\(?\s*ảnh(?:\s+minh\s+họa|\s+minh\s+hoạ)?\s*[:：]", re.I)


def image_src(img, base_url: str) -> str | None:
    """Absolute URL of an <img>: lazy attributes first, then src/srcset, then the ``<source>`` of its ``<picture>``
    (drawn when the img has no URL of its own); None for data: and pixels."""
    url = _attr_src(img, base_url)
    if url is None:
        # (libxml2 does not know <source> is empty: the <img> may come out inside it)
        picture = next((a for a in img.iterancestors() if a.tag in ("picture", "figure", "p", "div")), None)
        if picture is not None and picture.tag == "picture":
            url = next(filter(None, (_attr_src(s, base_url) for s in picture.iter("source"))), None)
    return url


def _attr_src(img, base_url: str) -> str | None:
    for attr in _SRC_ATTRS:
        v = (img.get(attr) or "").strip()
        if not v:
            continue
        if "srcset" in attr:
            v = v.split(",")[0].strip().split(" ")[0]
        if v.startswith("data:") or not v:
            continue
        try:
            return urljoin(base_url or "", v)
        except ValueError:
            return None
    return None


_NOT_A_PICTURE_CLASS = re.compile(r"avatar|icon|logo", re.I)  # the author's avatar beside the byline, icons


def _is_pixel(img, src: str) -> bool:
    if _PIXEL.search(src) or _NOT_A_PICTURE_CLASS.search(img.get("class") or ""):
        return True
    for a in ("width", "height"):
        v = (img.get(a) or "").strip().rstrip("px")
        if v.isdigit() and int(v) < 40:
            return True
    return False


def _has_img(el) -> bool:
    """``boolean(.//img)``, without compiling an XPath expression on every call."""
    return next(el.iterdescendants("img"), None) is not None


def _only_media(el) -> bool:
    """True when ``el`` holds images but no text of its own."""
    return el is not None and not text_of(el) and _has_img(el)


def credit_line(text: str) -> bool:
    """Does ``text`` end in a photo credit, and is it no byline?"""
    return _CREDIT_END.search(text) is not None and _BYLINE_LINE.match(text) is None


BARE_CAPTION = 200  # characters of a caption printed as a plain paragraph at most
_SENTENCE_END = (".", "!", "?", "…", ":", ";", '"', "”", "»")
_SENTENCES = re.compile(r"[.!?…]\s+[^\W\d_]")


def _bare_line(text: str, element) -> bool:
    """A plain paragraph under a picture that reads as its caption: one line of three words or more that ends no
    sentence (a text's paragraphs do), no heading (all bold), credit or source line."""
    return len(text) <= BARE_CAPTION and len(text.split()) >= 3 and not text.endswith(_SENTENCE_END) \
        and not _SENTENCES.search(text) and not _BYLINE_LINE.match(text) and not is_source_line(text) \
        and not any(e.tag in ("strong", "b", "h2", "h3", "h4") and len(text_of(e)) >= 0.8 * len(text)
                    for e in element.iter())


def _is_empty_block(el) -> bool:
    """An empty paragraph (``<p>&nbsp;</p>``) an editor leaves between an image and its caption."""
    return el.tag in ("p", "div") and not text_of(el) and not _has_img(el)


def _is_centred(element) -> bool:
    style = (element.get("style") or "").replace(" ", "").lower()
    align = (element.get("align") or "").lower()
    return "text-align:center" in style or align == "center" or "center" in classes(element) \
        or element.tag == "center"


def _is_italic(element) -> bool:
    """Is all of ``element``'s text in italics (``<em>``, ``<i>``, ``font-style: italic``), however nested in
    spans and whatever ``<br>`` follows it?"""
    if "font-style:italic" in (element.get("style") or "").replace(" ", "").lower():
        return bool(text_of(element))
    italic, outermost = set(), []  # (the set keeps the proxies, so identity holds)
    for node in element.iterdescendants("em", "i", "span", "font"):
        style = (node.get("style") or "").replace(" ", "").lower()
        if node.tag in ("em", "i") or "font-style:italic" in style:
            if not any(a in italic for a in node.iterancestors()):
                outermost.append(node)
            italic.add(node)
    if not outermost:
        return False
    return bool(text_of(element)) and not _text_outside(element, set(outermost)).strip()


def _text_outside(element, skip: set) -> str:
    """``element``'s text outside the elements ``skip`` (an editor splits one italic line into several runs,
    even inside a word: ``<em>C</em><em>ác em</em>``)."""
    out = [element.text or ""] if isinstance(element.tag, str) else []
    for child in element:
        if child not in skip:
            out.append(_text_outside(child, skip))
        out.append(child.tail or "")
    return "".join(out)


def _is_centred_or_italic(p) -> bool:
    return _is_centred(p) or _is_italic(p)


def _caption_text(el) -> str | None:
    t = collapse(el) if isinstance(el, str) else text_of(el)
    return t if t and len(t) <= _MAX_CAPTION else None


def find_caption(img, stop=None, bare_figure: bool = True):
    """(caption text or None, element holding the caption or None) for one <img>. ``bare_figure``: a figure
    holding the image alone is its wrapper, its caption may follow it (in a body; not in a family's own slot)."""
    # 0. Joomla's caption.js: <img class="caption" title="…"> is drawn with its title as the caption
    if "caption" in (img.get("class") or "").split() and collapse(img.get("title")):
        return _caption_text(img.get("title")), None
    # 1. figure > figcaption
    fig = None
    for anc in img.iterancestors():
        if anc is stop:
            break
        if anc.tag == "figure":
            fig = anc
            break
    if fig is not None:
        caps = list(fig.iterdescendants("figcaption"))  # .//figcaption
        if not caps:
            caps = [e for e in fig.iter() if isinstance(e.tag, str) and _CAPTION_CLASS.search(classes(e))]
        if not caps:  # a figure's own text paragraph (Hugo PaperMod's cover prints its caption in a <p>)
            caps = [e for e in fig.iterdescendants("p") if text_of(e) and not _has_img(e)]
        if caps:
            # a figcaption holding a caption element beside others (a credit, the photographer's name) is that one
            own = next((e for e in caps[0].iterdescendants()
                        if isinstance(e.tag, str) and _CAPTION_CLASS.search(classes(e))), caps[0])
            lines = [text_of(c) for c in own if isinstance(c.tag, str) and c.tag in ("p", "div", "span")]
            kept = [line for line in lines if line and not is_source_line(line)]
            if len(kept) < len([line for line in lines if line]) and kept:  # a source's line beside the caption's
                return _caption_text(" ".join(kept)), own
            return _caption_text(own), own
        nxt = fig.getnext()
        if nxt is not None and (nxt.tag == "figcaption" or _CAPTION_CLASS.search(classes(nxt))):
            return _caption_text(nxt), nxt
        if text_of(fig) or not bare_figure:
            return None, None
        # a figure with no caption of its own is the image's wrapper: the paragraph markups below
    # 2. caption table: the image row, then the caption row
    row = None
    for anc in img.iterancestors():
        if anc is stop or fig is not None:
            break
        if anc.tag == "tr":
            row = anc
            break
        if anc.tag in ("table", "body"):
            break
    if row is not None:
        table = next((a for a in row.iterancestors() if a.tag == "table"), None)
        if table is not None:
            nxt = row.getnext()
            cell = _column_cell(img, row, nxt)
            if cell is not None:
                return _caption_text(cell), cell
            cap = [e for r in _own_rows(row) for e in r.iter("td", "th", "tr", "caption", "p", "div", "span")
                   if _CAPTION_CLASS.search(classes(e))]
            if not cap and not _has_other_img(table, img):
                cap = [e for e in table.iter("td", "th", "tr", "caption", "p", "div", "span")
                       if _CAPTION_CLASS.search(classes(e))]
            if cap:
                return _caption_text(cap[0]), cap[0]
            if nxt is not None and nxt.tag == "tr" and not _has_img(nxt):
                return _caption_text(nxt), nxt
            caption = table.find("caption")
            if caption is not None:
                return _caption_text(caption), caption
            caption, element = _text_after(img, stop)
            if caption:
                return caption, element
            caption, element = _row_above(row, nxt)
            if caption:
                return caption, element
            # a table framing the image paragraph and its caption paragraph: the markups below

    # 3. the image (or its media-only wrapper) followed by a caption element
    caption, element = _text_after(img, stop)
    if caption:
        return caption, element
    node = img
    for _ in range(4):
        parent = node.getparent()
        nxt = node.getnext()
        # skip <br> and empty inline siblings
        while nxt is not None and not (node.tail or "").strip() and (
                not isinstance(nxt.tag, str) or nxt.tag == "br" or (node is not img and _is_empty_block(nxt))):
            nxt = nxt.getnext()
        if nxt is not None and isinstance(nxt.tag, str):
            if _CAPTION_CLASS.search(classes(nxt)):
                return _caption_text(nxt), nxt
            if node is not img and nxt.tag in ("p", "div", "center") and not _has_img(nxt):
                t = _caption_text(nxt)
                if t and len(t) <= 300 and (_is_centred_or_italic(nxt) or credit_line(t) or _bare_line(t, nxt)):
                    return t, nxt
            if node is img and nxt.tag in ("em", "i", "span", "small") and _CAPTION_CLASS.search(classes(nxt)):
                return _caption_text(nxt), nxt
        if parent is None or parent is stop or parent.tag in ("body", "html"):
            break
        if not _only_media(parent) and parent.tag not in ("a", "span", "strong", "b", "center"):
            # image sits inside a text paragraph: a sibling .caption inside that paragraph counts
            for sib in parent:
                if sib is not node and isinstance(sib.tag, str) and _CAPTION_CLASS.search(classes(sib)):
                    return _caption_text(sib), sib
            break
        node = parent
    return None, None


def _own_rows(row) -> list:
    """The image's row and the rows below it up to the next row holding a picture (a table of several pictures,
    each with its caption row below it)."""
    rows = [row]
    for sibling in row.itersiblings():
        if isinstance(sibling.tag, str) and (sibling.tag != "tr" or _has_img(sibling)):
            break
        rows.append(sibling)
    return rows


def _cells(row) -> list:
    return [c for c in row if isinstance(c.tag, str) and c.tag in ("td", "th")]


def _column_cell(img, row, nxt):
    """The cell under the image's in the next row, when a row of several images has a row of as many captions
    below it (a gallery laid out as a table); else None."""
    if nxt is None or nxt.tag != "tr" or _has_img(nxt):
        return None
    cells, below = _cells(row), _cells(nxt)
    if len(cells) < 2 or len(cells) != len(below) or sum(1 for c in cells if _has_img(c)) < 2:
        return None
    index = next((i for i, c in enumerate(cells) if c is img or any(a is c for a in img.iterancestors())), None)
    return below[index] if index is not None and 0 < len(text_of(below[index])) <= 300 else None


def _row_above(row, nxt):
    """``(caption, row)``: the row above the image's, in a table of just these two rows (a caption printed above
    the picture); else ``(None, None)``."""
    above = row.getprevious()
    if nxt is not None or above is None or above.tag != "tr" or above.getprevious() is not None or _has_img(above):
        return None, None
    text = _caption_text(above)
    return (text, above) if text and len(text) <= 300 else (None, None)


_CAPTION_BLOCKS = frozenset({"p", "div", "td", "center"})


def _text_after(img, stop):
    """``(caption, block)``: the text after ``img`` in the block holding it ("<p align=center><img><br><em>Quang
    cảnh hội nghị</em></p>", "<td><img><br>…</td>"; else the pictures' own inline wrapper among the block's
    paragraphs) when the block holds no other image nor text before this one, and that text is a caption: short, and
    the block centred, a table cell, all italics, a picture box or a floated box (the image has no text), or the text
    ending in a photo credit."""
    block = next((a for a in img.iterancestors() if a.tag in _CAPTION_BLOCKS or a is stop or _floated(a)), None)
    if block is None:
        return None, None
    before, after = _split_at(block, img) if block is not stop else ("", "")
    if block is stop or before:  # the pictures' own inline wrapper, set among the block's paragraphs
        wrapper = None
        for a in img.iterancestors():
            if a is block or a.tag not in _INLINE_WRAPPERS + ("a",):
                break
            wrapper = a if a.tag in _INLINE_WRAPPERS else wrapper
        if wrapper is None:
            return None, None
        block = wrapper
        before, after = _split_at(block, img)
    if before:
        return None, None
    if not after or len(after) > 300 or is_source_line(after):
        return None, None
    if _is_centred(block) or block.tag == "td" or _is_italic(block) or credit_line(after) \
            or _picture_box(block, img) or _floated(block):
        return after, block
    return None, None


_INLINE_WRAPPERS = ("span", "em", "i", "font", "strong", "b")


def _picture_box(block, img) -> bool:
    """A ``div`` holding just the (linked) picture and then one text element with no link ("<div><a><img></a>
    <span>Quang cảnh hội nghị</span></div>"): that text is the picture's caption."""
    children = [c for c in block if isinstance(c.tag, str)]
    if block.tag != "div" or len(children) != 2 or collapse(block.text) or any(collapse(c.tail) for c in children):
        return False
    media, text = children
    return (media is img or (_only_media(media) and inside(img, media))) \
        and text.tag in ("span", "em", "i", "small", "p", "div") and not _has_img(text) \
        and next(text.iter("a"), None) is None


def _floated(element) -> bool:
    """An inline box floated beside the text (``<span style="float:left">``), holding a picture and its caption."""
    style = (element.get("style") or "").replace(" ", "").lower()
    return element.tag == "span" and ("float:left" in style or "float:right" in style)


def _split_at(block, img) -> tuple[str, str]:
    """The text of ``block`` before its first image, and the text after ``img`` up to the next image (a block of
    several images, each followed by its caption); collapsed, scripts and styles left out."""
    parts: tuple[list, list] = ([], [])
    side = 0  # 0: before any image; 1: after img, up to the next; None: elsewhere
    for event, node in etree.iterwalk(block, events=("start", "end")):
        if event == "start" and node.tag == "img":
            side = 1 if node is img else None
            continue
        if event == "start" and side is not None and node.text and node.tag not in ("script", "style"):
            parts[side].append(node.text)
        if event == "end" and node is not block and node.tail and side is not None:
            parts[side].append(node.tail)
    return collapse(" ".join(parts[0])), collapse(" ".join(parts[1]))


def _has_other_img(block, img) -> bool:
    return any(other is not img for other in block.iterdescendants("img"))


def _next_caption_line(element, caption: str):
    """``(text, element)`` of the paragraph after a caption paragraph that goes on with it (a caption split in two
    paragraphs): same kind of block, no image, centred or italic or starting in lower case, and either the caption
    does not end a sentence or that paragraph is a photo credit; else ``(None, None)``."""
    nxt = element.getnext()
    if nxt is None or nxt.tag != element.tag or _has_img(nxt):
        return None, None
    more = _caption_text(nxt)
    credit = bool(more) and len(more) <= 60 and _CREDIT_START.match(more) is not None
    # a line starting in lower case goes on with the one above (a caption the editor broke in two paragraphs)
    goes_on = bool(more) and more[:1].islower() and not caption.endswith((".", "!", "?", "…"))
    if not more or len(caption) + len(more) > 300 or is_source_line(more) \
            or not (credit or goes_on or _is_centred_or_italic(nxt)):
        return None, None
    if caption.endswith((".", "!", "?", "…")) and not _CREDIT_START.match(more):
        return None, None
    return more, nxt


def _not_source(caption, element):
    """``(caption, element)``, or ``(None, None)`` for a source line ("Nguồn: …"), which is never a caption."""
    return (None, None) if caption and is_source_line(caption) else (caption, element)


def extract_images(body, base_url: str, elements: list | None = None) -> tuple[list[Image], list]:
    """Images inside ``body`` -> ``([Image], caption elements)``; the elements are to be left out of the text.
    ``elements``: a list the images' <img> elements are appended to, in the same order."""
    images: list[Image] = []
    cap_elements = []
    if body is None:
        return images, cap_elements
    seen = set()
    for img in body.iter("img"):
        src = image_src(img, base_url)
        if not src or src in seen or _is_pixel(img, src) or _teaser_card(img, body):
            continue
        seen.add(src)
        caption, el = _not_source(*find_caption(img, stop=body))
        if el is not None and el not in cap_elements:
            cap_elements.append(el)
            if caption and el.tag in ("p", "div", "center") and not _has_other_img(el, img) \
                    and (_is_centred_or_italic(el) or _bare_line(caption, el)):
                more, nxt = _next_caption_line(el, caption)
                if more:
                    caption = f"{caption} {more}"
                    cap_elements.append(nxt)
        images.append(Image(src=src, caption=caption or None))
        if elements is not None:
            elements.append(img)
    return images, cap_elements


def _images_by_selectors(root, exprs, base_url: str, index=None, elements: list | None = None
                         ) -> tuple[list[Image], list]:
    """The <img> elements a profile's ``images`` expressions match -> ``([Image], caption elements)``, as
    ``extract_images`` (no pixel filter: the profile chose them). ``index``: the page's ``PageIndex``."""
    images: list[Image] = []
    cap_elements = []
    seen = set()
    for expr in exprs:
        for img in find(index, root, expr):
            if isinstance(img, str) or img.tag != "img":
                continue
            src = image_src(img, base_url)
            if src and src not in seen:
                seen.add(src)
                caption, el = _not_source(*find_caption(img))
                if el is not None:
                    cap_elements.append(el)
                images.append(Image(src=src, caption=caption))
                if elements is not None:
                    elements.append(img)
    return images, cap_elements


def _family_images(page: Page, elements: list) -> tuple[list[Image], list, str | None]:
    """The images the page's CMS family prints outside the body container, in the article (``Family.images``):
    ``([Image], caption elements, rule)``; their <img> elements are appended to ``elements``."""
    exprs = page.family.exprs("images") if page.family is not None else ()
    scope, body = page.scope, page.body
    if not exprs or scope is None:
        return [], [], None
    found: list[Image] = []
    cap_elements: list = []
    seen: set[str] = set()
    rule = None
    for expr in exprs:
        for img in find_within(page.index, page.root, scope, expr):
            if isinstance(img, str) or img.tag != "img" or (body is not None and inside(img, body)):
                continue
            src = image_src(img, page.url)
            if not src or src in seen or _is_pixel(img, src):
                continue
            seen.add(src)
            slot = next((a for a in img.iterancestors() if a.tag == "figure"), None)
            if slot is None:  # the picture's box: its outermost wrapper holding the picture alone
                slot = next((a for a in img.iterancestors() if a.tag == "div"), None)
                while slot is not None and slot.getparent() is not None and slot.getparent().tag == "div" \
                        and _only_media(slot.getparent()):
                    slot = slot.getparent()
            caption, el = _not_source(*find_caption(img, stop=slot.getparent() if slot is not None else None,
                                                    bare_figure=False))
            if el is not None:
                cap_elements.append(el)
            found.append(Image(src=src, caption=caption or None))
            elements.append(img)
            rule = rule or page.label(expr, "images")
    return found, cap_elements, rule


def _lead_pictures(page: Page, elements: list, known: set[str]) -> tuple[list[Image], list]:
    """The captioned pictures of the article printed outside the body container: between the headline and the body
    (a lead picture), or after the body (a CMS's media files), each in its own ``figure``, caption box, caption
    table or picture box (``_picture_box``): ``([Image], caption elements)``. A picture there with no caption of
    its own (an icon, an avatar, a banner) is left out, as are pictures of boxes and lists."""
    scope, body, title = page.scope, page.body, page.title_element
    found: list[Image] = []
    cap_elements: list = []
    if scope is None or body is None or title is None or scope is body:
        return found, cap_elements
    after_title, in_body = False, set(body.iter("img"))
    for el in scope.iter("img", title.tag):
        if el is title:
            after_title = True
        elif after_title and el.tag == "img" and el not in in_body and not inside(el, title):
            src = image_src(el, page.url)
            if not src or src in known or _is_pixel(el, src):
                continue
            if _teaser(el, scope) or in_related(el):
                continue
            caption, cap = _not_source(*find_caption(el, stop=scope))
            if not caption or cap is None or any(not inside(el, a) for a in cap.iter("a")) or not (
                    cap.tag in ("figcaption", "caption") or _CAPTION_CLASS.search(classes(cap))
                    or inside(cap, next(el.iterancestors("figure"), cap)) or _in_picture_box(el, cap)):
                continue
            known.add(src)
            found.append(Image(src=src, caption=caption))
            cap_elements.append(cap)
            elements.append(el)
    return found, cap_elements


def _in_picture_box(img, cap) -> bool:
    """Is ``cap`` a picture box (``_picture_box``) holding ``img``, or its text element (or in it)?"""
    box = cap if inside(img, cap) else next((a for a in cap.iterancestors() if inside(img, a)), None)
    return box is not None and _picture_box(box, img)


def _teaser(img, scope) -> bool:
    """A picture of a list, a side box or a link to another page (a teaser card) inside ``scope``, not the
    article's own."""
    for a in img.iterancestors():
        if a is scope:
            break
        if a.tag in ("li", "aside", "nav"):
            return True
        href = (a.get("href") or "").strip() if a.tag == "a" else ""
        if href and not href.startswith(("#", "javascript:")) and not IMAGE_HREF.search(href):
            return True
    return False


def _teaser_card(img, stop) -> bool:
    """Is ``img`` the picture of a teaser card of another article (``teaser_hrefs``) inside ``stop``?"""
    link = next((a for a in img.iterancestors("a")), None)
    href = (link.get("href") or "").strip() if link is not None else ""
    if not href or not inside(link, stop):
        return False
    node = link
    for _ in range(CARD_LEVELS):
        node = node.getparent()
        if node is None or node is stop:
            return False
        if href in teaser_hrefs(node):
            return True
    return False




def images(page: Page):
    """The images with their captions: the profile's ``images`` expressions, else the images the CMS family prints
    beside the lead and every image of the body. Leaves the images, their <img> elements and the caption elements
    and texts on the page (captions are not body text)."""
    page.image_elements = []
    if page.exprs("images"):
        found, caption_elements = _images_by_selectors(page.root, page.exprs("images"), page.url, page.index,
                                                       page.image_elements)
        rule = "profile"
    else:
        lead_elements: list = []
        lead_images, lead_captions, lead_rule = _family_images(page, lead_elements)
        more, more_captions = _lead_pictures(page, lead_elements, {image.src for image in lead_images})
        if more:
            lead_images, lead_captions = lead_images + more, lead_captions + more_captions
            lead_rule = lead_rule or "generic:lead-picture"
        body_elements: list = []
        found, caption_elements = extract_images(page.body, page.url, body_elements)
        for more in page.more_bodies:  # the body's continuation (after an advertisement, a photo story's steps)
            more_found, more_captions = extract_images(more, page.url, body_elements)
            found, caption_elements = found + more_found, caption_elements + more_captions
        known = {image.src for image in lead_images}
        kept = [(image, el) for image, el in zip(found, body_elements) if image.src not in known]
        found = lead_images + [image for image, _ in kept]
        page.image_elements = lead_elements + [el for _, el in kept]
        caption_elements = lead_captions + caption_elements
        rule = "generic:body" if not lead_images else f"{lead_rule}+body"
    page.images = found
    page.caption_elements = caption_elements
    page.captions = {image.caption for image in found if image.caption}
    return found, rule
