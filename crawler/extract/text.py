"""Text helpers shared by the extractors: decoding, parsing, whitespace and paragraph walking."""
from __future__ import annotations

import codecs
import re
import unicodedata

from lxml import etree
import lxml.html

_WS = re.compile(r"\s+")
_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([\w:.-]+)""", re.I)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)
_CT_CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w:.-]+)", re.I)
_ENCODING_ALIASES = {"utf8": "utf-8", "unicode": "utf-8", "windows-1258": "cp1258", "x-user-defined": "cp1252",
                     "iso-8859-1": "cp1252", "latin1": "cp1252", "latin-1": "cp1252", "us-ascii": "cp1252"}

BLOCK_TAGS = frozenset({
    "p", "div", "section", "article", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd",
    "blockquote", "table", "tbody", "thead", "tfoot", "tr", "td", "th", "figure", "figcaption", "header",
    "footer", "aside", "nav", "pre", "address", "main", "hr", "center", "form", "caption",
})
SKIP_TAGS = frozenset({"script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "button",
                       "select", "option", "input", "textarea", "video", "audio", "canvas", "map"})


def collapse(text: str | None) -> str:
    """NFC-normalise and collapse whitespace (NBSP and zero-width space included)."""
    if not text:
        return ""
    text = unicodedata.normalize("NFC", text.replace("\u200b", "").replace("\ufeff", ""))
    return _WS.sub(" ", text.replace("\xa0", " ")).strip()


def _norm_encoding(name: str | None) -> str | None:
    if not name:
        return None
    name = name.strip().lower()
    name = _ENCODING_ALIASES.get(name, name)
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def decode_html(html, content_type: str | None = None) -> str:
    """Bytes -> str: BOM, then HTTP Content-Type charset, then <meta charset>, then UTF-8, cp1258."""
    if html is None:
        return ""
    if isinstance(html, str):
        return html.lstrip("\ufeff")
    html = bytes(html)
    for bom, enc in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
                     (codecs.BOM_UTF16_BE, "utf-16-be")):
        if html.startswith(bom):
            return html[len(bom):].decode(enc, errors="replace")
    candidates = []
    if content_type:
        m = _CT_CHARSET.search(content_type)
        if m:
            candidates.append(_norm_encoding(m.group(1)))
    m = _META_CHARSET.search(html[:8192])
    if m:
        candidates.append(_norm_encoding(m.group(1).decode("ascii", "ignore")))
    candidates += ["utf-8"]
    for enc in candidates:
        if not enc:
            continue
        try:
            return html.decode(enc)
        except (UnicodeDecodeError, LookupError):
            continue
    # declared charset lies: UTF-8 with a few bad bytes beats a wrong single-byte codec
    text = html.decode("utf-8", errors="replace")
    if text.count("\ufffd") > max(10, len(text) // 200):
        text = html.decode("cp1258", errors="replace")
    return text


def parse_html(text: str):
    """Parse a decoded page with lxml.html; returns the <html> root or None."""
    text = _XML_DECL.sub("", text, count=1)
    if not text.strip():
        return None
    text = text.replace("\x00", "")
    try:
        root = lxml.html.document_fromstring(text, parser=_PARSER)
    except (etree.ParserError, ValueError, etree.XMLSyntaxError):
        return None
    return root


_PARSER = lxml.html.HTMLParser(remove_comments=True, remove_pis=True, huge_tree=True, recover=True)


def classes(el) -> str:
    """Lower-cased ``class`` + ``id`` attribute string of an element ('' for non-elements)."""
    get = getattr(el, "get", None)
    if get is None:
        return ""
    return f"{el.get('class') or ''} {el.get('id') or ''}".lower()


def text_of(el) -> str:
    """Collapsed visible text of an element (script/style skipped)."""
    if el is None:
        return ""
    if isinstance(el, str):
        return collapse(el)
    parts = []
    _gather(el, parts)
    return collapse("".join(parts))


def _gather(el, parts, depth=0):
    if depth > 200:
        return
    tag = el.tag if isinstance(el.tag, str) else None
    if tag is None:  # comment / PI
        if el.tail:
            parts.append(el.tail)
        return
    if tag in SKIP_TAGS:
        pass
    else:
        if tag == "br":
            parts.append(" ")
        if el.text:
            parts.append(el.text)
        for child in el:
            _gather(child, parts, depth + 1)
        if tag in BLOCK_TAGS:
            parts.append(" ")
    if depth and el.tail:
        parts.append(el.tail)


def paragraphs(el, skip=frozenset(), skip_pred=None) -> list[tuple[object, str]]:
    """Split an element's visible text into ``(block element, text)`` paragraphs.

    Paragraphs break at block-level elements and at ``<br><br>``; ``skip`` is a set of elements
    dropped with their subtree (captions, byline, date line…); ``skip_pred(el)`` may drop more
    (ads, related boxes). The element is the innermost block that held the text.
    """
    out: list[tuple[object, str]] = []
    buf: list[str] = []
    stack = [el]

    def flush():
        if not buf:
            return
        t = collapse("".join(buf))
        buf.clear()
        if t:
            out.append((stack[-1], t))

    def walk(node, depth):
        tag = node.tag if isinstance(node.tag, str) else None
        if tag is None:
            if node.tail:
                buf.append(node.tail)
            return
        dropped = tag in SKIP_TAGS or node in skip or (skip_pred is not None and skip_pred(node)) or depth > 150
        if not dropped:
            block = tag in BLOCK_TAGS
            if block:
                flush()
                stack.append(node)
            if tag == "br":
                nxt = node.getnext()
                if (not (node.tail or "").strip()) and nxt is not None and nxt.tag == "br":
                    flush()
                else:
                    buf.append(" ")
            if node.text:
                buf.append(node.text)
            for child in node:
                walk(child, depth + 1)
            if block:
                flush()
                stack.pop()
            elif tag in ("td", "th"):
                buf.append(" ")
        if depth and node.tail:
            buf.append(node.tail)

    walk(el, 0)
    flush()
    return out
