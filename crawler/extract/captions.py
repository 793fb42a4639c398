"""Images inside the article body, with absolute ``src`` and their caption as printed.

Caption markups handled (most specific first):
  figure > figcaption;  caption tables (image row above a caption row: td.pCaption, tr.figcaption,
  or simply the next row);  image wrapper followed by a ``.caption``/``.image-caption`` element;
  a centred or italic (em/i) short paragraph right after a paragraph holding only the image.
An empty caption is None, never ""; the ``alt`` text alone is not a caption.
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING
from urllib.parse import urljoin

from lxml import etree

from crawler.items import Image
from crawler.extract.selectors import find, find_within
from crawler.extract.sources import is_source_line
from crawler.extract.text import classes, collapse, text_of

if TYPE_CHECKING:
    from crawler.extract.article import Page

_SRC_ATTRS = ("data-src", "data-original", "data-lazy-src", "data-lazy", "data-srcset", "data-url", "src",
              "srcset")
_CAPTION_CLASS = re.compile(r"(?:^|[\s_-])(?:caption|image-caption|img-caption|figcaption|pcaption|"
                            r"photocms_caption|chuthich|chu-thich|chuthichanh|desc-img|image_desc|img-desc|"
                            r"note-img|expnoedit-caption|fig-caption|imgcaption|photo-caption|wp-caption-text|"
                            # camel case ending in "Caption" (K2's "itemImageCaption", "newsCaption")
                            r"[a-z]\w*caption)"
                            r"(?:$|[\s_-])", re.I)
_PIXEL = re.compile(r"(?:^data:|/pixel|spacer|blank\.(?:gif|png)|1x1|/ads?/|\.svg(?:$|\?)|loading\.gif|"
                    r"icon|logo|avatar)", re.I)
_MAX_CAPTION = 600
# a photo credit in brackets ending a line ("Đại biểu dự hội nghị (Ảnh: Minh Anh)"; not "Bài và ảnh: X", a byline),
# or opening one
_CREDIT_END = re.compile(r"\(\s*ảnh(?:\s+minh\s+họa|\s+minh\s+hoạ)?\s*[:：]\s*[^():：]{1,60}\)\s*\.?$", re.I)
_CREDIT_START = re.compile(r"^\(?\s*ảnh(?:\s+minh\s+họa|\s+minh\s+hoạ)?\s*[:：]", re.I)


def image_src(img, base_url: str) -> str | None:
    """Absolute URL of an <img>: lazy attributes first, then src/srcset; None for data: and pixels."""
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


def _is_centred(element) -> bool:
    style = (element.get("style") or "").replace(" ", "").lower()
    align = (element.get("align") or "").lower()
    return "text-align:center" in style or align == "center" or "center" in classes(element) \
        or element.tag == "center"


def _is_italic(element) -> bool:
    """Is all of ``element``'s text in italics (``<em>``, ``<i>``, ``font-style: italic``), however nested in
    spans and whatever ``<br>`` follows it?"""
    italic, outermost = set(), []  # (the set keeps the proxies, so identity holds)
    for node in element.iterdescendants("em", "i", "span", "font"):
        style = (node.get("style") or "").replace(" ", "").lower()
        if node.tag in ("em", "i") or "font-style:italic" in style:
            if not any(a in italic for a in node.iterancestors()):
                outermost.append(node)
            italic.add(node)
    if not outermost:
        return False
    text = text_of(element)
    return bool(text) and collapse(" ".join(text_of(node) for node in outermost)) == text


def _is_centred_or_italic(p) -> bool:
    return _is_centred(p) or _is_italic(p)


def _caption_text(el) -> str | None:
    t = collapse(el) if isinstance(el, str) else text_of(el)
    return t if t and len(t) <= _MAX_CAPTION else None


def find_caption(img, stop=None):
    """(caption text or None, element holding the caption or None) for one <img>."""
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
            return _caption_text(caps[0]), caps[0]
        nxt = fig.getnext()
        if nxt is not None and (nxt.tag == "figcaption" or _CAPTION_CLASS.search(classes(nxt))):
            return _caption_text(nxt), nxt
        return None, None
    # 2. caption table: the image row, then the caption row
    row = None
    for anc in img.iterancestors():
        if anc is stop:
            break
        if anc.tag == "tr":
            row = anc
            break
        if anc.tag in ("table", "body"):
            break
    if row is not None:
        table = next((a for a in row.iterancestors() if a.tag == "table"), None)
        if table is not None:
            cap = [e for e in table.iter("td", "th", "tr", "caption", "p", "div", "span")
                   if _CAPTION_CLASS.search(classes(e))]
            if cap:
                return _caption_text(cap[0]), cap[0]
            nxt = row.getnext()
            if nxt is not None and nxt.tag == "tr" and not _has_img(nxt):
                return _caption_text(nxt), nxt
            caption = table.find("caption")
            if caption is not None:
                return _caption_text(caption), caption
            return _text_after(img, stop)

    # 3. the image (or its media-only wrapper) followed by a caption element
    caption, element = _text_after(img, stop)
    if caption:
        return caption, element
    node = img
    for _ in range(4):
        parent = node.getparent()
        nxt = node.getnext()
        # skip <br> and empty inline siblings
        while nxt is not None and (not isinstance(nxt.tag, str) or nxt.tag == "br") and not (node.tail or "").strip():
            nxt = nxt.getnext()
        if nxt is not None and isinstance(nxt.tag, str):
            if _CAPTION_CLASS.search(classes(nxt)):
                return _caption_text(nxt), nxt
            if node is not img and nxt.tag in ("p", "div", "center") and not _has_img(nxt):
                t = _caption_text(nxt)
                if t and len(t) <= 300 and (_is_centred_or_italic(nxt) or _CREDIT_END.search(t)):
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


_CAPTION_BLOCKS = frozenset({"p", "div", "td", "center"})


def _text_after(img, stop):
    """``(caption, block)``: the text after ``img`` in the block holding it ("<p align=center><img><br><em>Quang
    cảnh hội nghị</em></p>", "<td><img><br>…</td>") when the block holds no other image nor text before this
    one, and that text is a caption: short, and the block centred, a table cell or all italics (the image has no
    text), or the text ending in a bracketed photo credit."""
    block = next((a for a in img.iterancestors() if a.tag in _CAPTION_BLOCKS or a is stop), None)
    if block is None or block is stop or _has_other_img(block, img):
        return None, None
    before, after = _split_at(block, img)
    if before:
        return None, None
    if not after or len(after) > 300 or is_source_line(after):
        return None, None
    if _is_centred(block) or block.tag == "td" or _is_italic(block) or _CREDIT_END.search(after):
        return after, block
    return None, None


def _split_at(block, img) -> tuple[str, str]:
    """The texts of ``block`` before and after ``img`` (collapsed; scripts and styles left out)."""
    parts: tuple[list, list] = ([], [])
    side = 0
    for event, node in etree.iterwalk(block, events=("start", "end")):
        if node is img:
            side = 1
        elif event == "start" and node.text and node.tag not in ("script", "style"):
            parts[side].append(node.text)
        if event == "end" and node is not block and node.tail:
            parts[side].append(node.tail)
    return collapse(" ".join(parts[0])), collapse(" ".join(parts[1]))


def _has_other_img(block, img) -> bool:
    return any(other is not img for other in block.iterdescendants("img"))


def _next_caption_line(element, caption: str):
    """``(text, element)`` of the paragraph after a caption paragraph that goes on with it (a caption split in two
    centred or italic paragraphs): same kind of block, centred or italic, no image, and either the caption does
    not end a sentence or that paragraph is a photo credit; else ``(None, None)``."""
    nxt = element.getnext()
    if nxt is None or nxt.tag != element.tag or _has_img(nxt):
        return None, None
    more = _caption_text(nxt)
    if not more or len(caption) + len(more) > 300 or is_source_line(more) or not _is_centred_or_italic(nxt):
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
        if not src or src in seen or _is_pixel(img, src):
            continue
        seen.add(src)
        caption, el = _not_source(*find_caption(img, stop=body))
        if el is not None and el not in cap_elements:
            cap_elements.append(el)
            if caption and el.tag in ("p", "div", "center") and _is_centred_or_italic(el):
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
            if isinstance(img, str) or img.tag != "img" or (body is not None and _within(img, body)):
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
            caption, el = _not_source(*find_caption(img, stop=slot.getparent() if slot is not None else None))
            if el is not None:
                cap_elements.append(el)
            found.append(Image(src=src, caption=caption or None))
            elements.append(img)
            rule = rule or page.label(expr, "images")
    return found, cap_elements, rule


def _within(element, ancestor) -> bool:
    return any(a is ancestor for a in element.iterancestors())


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
        body_elements: list = []
        found, caption_elements = extract_images(page.body, page.url, body_elements)
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
