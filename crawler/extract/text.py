"""Text helpers shared by the extractors: decoding, parsing, whitespace and paragraph walking."""
from __future__ import annotations

import codecs
import re
import unicodedata
from html import unescape

from lxml import etree

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


# Control characters that have no place in archived text and act on a terminal or a text display: C0 but tab, line
# feed, vertical tab, form feed and carriage return (whitespace, which normalisation turns into spaces and line
# breaks), DEL, C1 (ESC [2J clears a screen, OSC 0;title BEL sets a window title, U+009B is an 8-bit CSI) and the
# bidi embeddings, overrides and isolates (they reorder what is shown: "Trojan Source"). LRM/RLM marks are kept.
_CONTROLS = "\x00-\x08\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069"
CONTROL_CHARS = re.compile(f"[{_CONTROLS}]")
# what a terminal must not receive raw: the above and the whitespace controls that move the cursor
UNPRINTABLE = re.compile(f"[{_CONTROLS}\x0b\x0c\r]")


def strip_controls(text: str) -> str:
    """``text`` without the ``CONTROL_CHARS``."""
    return CONTROL_CHARS.sub("", text) if CONTROL_CHARS.search(text) else text


def nfc(text: str | None) -> str | None:
    """``text`` in Unicode NFC; None stays None."""
    return unicodedata.normalize("NFC", text) if text is not None else None


_D_MAP = {"đ": "d", "Đ": "d", "ð": "d", "Ð": "d"}


def fold_char(ch: str) -> str:
    """Fold one (NFC) character; usually returns one character, never more than a few."""
    if ch in _D_MAP:
        return "d"
    if ch.isascii():
        return ch.lower()
    decomposed = unicodedata.normalize("NFD", ch)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return stripped.lower()


def fold(text: str | None) -> str | None:
    """Lower-case, diacritics removed, đ/Đ -> d; NFC- and NFD-safe. ``fold(None)`` is None."""
    if text is None:
        return None
    return nfc(text).translate(FOLD_TABLE)


class FoldTable(dict):
    """code point -> ``fold_char`` of it, filled on first use: ``str.translate`` then folds in C."""

    def __missing__(self, code: int) -> str:
        folded = self[code] = fold_char(chr(code))
        return folded


FOLD_TABLE = FoldTable()


# the parts of a table inside it: a layout table's cell, row and body are one level of a page, not three
TABLE_PARTS = frozenset({"td", "th", "tr", "tbody", "thead", "tfoot"})
# a link text of this many words is another page's headline, not a menu entry
HEADLINE_LINK_WORDS = 5
BOLD_STYLE = re.compile(r"font-weight\s*:\s*(?:bold|[6-9]00)", re.I)  # an inline style making its text bold


def collapse(text: str | None) -> str:
    """NFC-normalise and collapse whitespace (NBSP and zero-width space included)."""
    if not text:
        return ""
    if not text.isascii():
        if "\u200b" in text or "\ufeff" in text:
            text = text.replace("\u200b", "").replace("\ufeff", "")
        text = unicodedata.normalize("NFC", text)
    return " ".join(text.split())  # str.split() splits on exactly the characters ``\s`` matches


def _norm_encoding(name: str | None) -> str | None:
    if not name:
        return None
    name = name.strip().lower()
    name = _ENCODING_ALIASES.get(name, name)
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def _meta_charset(html: bytes):
    """``_META_CHARSET.search(html[:8192])``, started near the first "charset": a match holds one, at most
    ~210 bytes after its ``<meta``, so no match starts earlier (the regex alone tries every tag of the head)."""
    head = html[:8192]
    first = head.find(b"charset")  # the first in any case: before the first in lower case, or the first at all
    earlier = (head[:first + 6] if first >= 0 else head).lower().find(b"charset")  # ("charset" cannot overlap itself)
    if earlier >= 0:
        first = earlier
    if first < 0:
        return None
    return _META_CHARSET.search(head, max(0, first - 220))


def _declared_encodings(html: bytes, content_type: str | None) -> list[str | None]:
    candidates = []
    if content_type:
        m = _CT_CHARSET.search(content_type)
        if m:
            candidates.append(_norm_encoding(m.group(1)))
    m = _meta_charset(html)
    if m:
        candidates.append(_norm_encoding(m.group(1).decode("ascii", "ignore")))
    return candidates


def decode_html(html, content_type: str | None = None) -> str:
    """Bytes -> str: BOM, then HTTP Content-Type charset, then <meta charset>, then UTF-8, cp1258.

    windows-1258 writes most Vietnamese letters as a base letter plus a combining tone mark; text
    decoded from it is recomposed to NFC.
    """
    if html is None:
        return ""
    if isinstance(html, str):
        return html.lstrip("\ufeff")
    html = bytes(html)
    for bom, enc in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
                     (codecs.BOM_UTF16_BE, "utf-16-be")):
        if html.startswith(bom):
            return html[len(bom):].decode(enc, errors="replace")
    for enc in _declared_encodings(html, content_type) + ["utf-8"]:
        if not enc:
            continue
        try:
            text = html.decode(enc)
        except (UnicodeDecodeError, LookupError):
            continue
        return nfc(text) if enc == "cp1258" else text
    # declared charset lies: UTF-8 with a few bad bytes beats a wrong single-byte codec
    text = html.decode("utf-8", errors="replace")
    if text.count("\ufffd") > max(10, len(text) // 200):
        text = nfc(html.decode("cp1258", errors="replace"))
    return text


def load_html(html, content_type: str | None = None):
    """Bytes or str -> the parsed page's <html> root, or None when there is nothing to parse.

    UTF-8 bytes (the common case: declared so, or undeclared and valid) go to libxml2 as they are,
    which is faster than decoding to str and parsing that; everything else goes through
    ``decode_html``. C0 control characters are dropped first (``clean_controls``), and a parse that lost
    the page to stray end tags is redone without them (``_recovered``).
    """
    if isinstance(html, (bytes, bytearray, memoryview)):
        data = bytes(html)
        if data.startswith(codecs.BOM_UTF8):
            data = data[3:]
        elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return parse_html(decode_html(data, content_type))
        declared = [e for e in _declared_encodings(data, content_type) if e]
        if not declared or declared[0] == "utf-8":
            root, valid = _parse_checked(data)
            if valid:
                return root
        return parse_html(decode_html(html, content_type))
    return parse_html(decode_html(html, content_type))


def parse_html(text: str):
    """Parse a decoded page; returns the <html> root or None."""
    text = _XML_DECL.sub("", text, count=1)
    if not text.strip():
        return None
    return _parse_utf8(clean_controls(text.encode("utf-8", errors="replace")))


# C0 controls but tab, line feed and carriage return: libxml2 refuses them (older releases drop the rest of the
# page, newer ones put U+FFFD in the text). A vertical tab is Word's soft line break, a form feed HTML whitespace.
_C0_MAP = bytes.maketrans(b"\x0b\x0c", b"\n ")
_C0_DROP = bytes(c for c in range(32) if c not in (9, 10, 11, 12, 13))


def clean_controls(data: bytes) -> bytes:
    """``data`` (UTF-8 or ASCII-compatible bytes) without C0 control characters: U+000B becomes a line feed,
    U+000C a space, the others (NUL included) are dropped; tab, line feed and carriage return stay."""
    return data.translate(_C0_MAP, _C0_DROP)


def _parse_utf8(data: bytes):
    """Parse UTF-8 bytes already passed through ``clean_controls``; the <html> root or None."""
    if not data or data.isspace():  # ``strip()`` would copy the page to say the same
        return None
    try:
        root = etree.fromstring(data, parser=_PARSER)
    except (etree.ParserError, ValueError, etree.XMLSyntaxError):
        return None
    if root is None or not isinstance(root.tag, str):
        return None
    if _lost_text(root, data):
        again = _recovered(data)
        if again is not None and len(_STRING(again)) > len(_STRING(root)):
            return again
    return root


def _parse_checked(data: bytes):
    """``(root, valid)``: the parse of bytes taken as UTF-8, and whether they are UTF-8 as Python's strict
    decoder judges them. libxml2 logs invalid bytes as one ERR_INVALID_ENCODING, agreeing with that decoder on
    every case we fuzzed, which spares a second pass over the page; but it stops logging after 100 errors,
    and ``clean_controls`` drops control bytes (which could join the halves of a bad sequence), so such pages
    are decoded to check. (Empty or blank bytes are valid, whatever the log of an earlier page says.)"""
    cleaned = clean_controls(data)
    root = _parse_utf8(cleaned)
    if not data or data.isspace():
        return root, True
    log = _PARSER.error_log
    if len(log) >= 100 or len(cleaned) != len(data):
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            return root, False
        return root, True
    return root, not log.filter_types(_ENCODING_ERRORS)


_ENCODING_ERRORS = (etree.ErrorTypes.ERR_INVALID_ENCODING,)


def depth_limited() -> bool:
    """Did the last parse drop elements nested deeper than libxml2's limit (``bounds.MAX_DEPTH``)?"""
    return any(e.type == etree.ErrorTypes.ERR_RESOURCE_LIMIT and "depth" in e.message
               for e in _PARSER.error_log.filter_types((etree.ErrorTypes.ERR_RESOURCE_LIMIT,)))

# plain lxml elements: lxml.html's element classes cost a Python-level lookup for every element touched
_PARSER = etree.HTMLParser(remove_comments=True, remove_pis=True, huge_tree=True, recover=True, encoding="utf-8")

# ---------------------------------------------------------------- recovering a page lost to stray end tags
_STRAY_END = re.compile(rb"</\s*(?:html|body)\s*>", re.I)
_TAG = re.compile(rb"<[^<>]*>")
_STRING = etree.XPath("string()")
LOST_TEXT = 200  # characters: a parse with fewer under <html>, of a page with much more, lost it


def _lost_text(root, data: bytes) -> bool:
    """Did the parse lose the page? ``<html></html>`` at the start leaves libxml2 an empty root and the page in
    further top-level elements; otherwise a root without a filled ``<body>`` whose raw page holds text."""
    if any(isinstance(sibling.tag, str) for sibling in root.itersiblings()):
        return True
    body = root.find("body")
    if body is not None and len(body):
        return False
    if len(data) < 2 * LOST_TEXT or len(_STRING(root)) >= LOST_TEXT:
        return False
    return len(_TAG.sub(b"", data).strip()) >= 2 * LOST_TEXT


def _recovered(data: bytes):
    """The page parsed again without its ``</html>`` and ``</body>`` end tags (optional in HTML: the parser
    closes them at the end), any further top-level elements moved under the root; None if it does not parse."""
    try:
        root = etree.fromstring(_STRAY_END.sub(b"", data), parser=_PARSER)
    except (etree.ParserError, ValueError, etree.XMLSyntaxError):
        return None
    if root is None or not isinstance(root.tag, str):
        return None
    for sibling in list(root.itersiblings()):
        if isinstance(sibling.tag, str):
            root.extend(list(sibling) if sibling.tag == "html" else [sibling])
    return root


# a page's own script writing a string into an element by its id ("document.getElementById('pDateTime').innerHTML =
# 'Thứ năm, 20/12/2012, 16:10 GMT+7'"): what a browser shows there
_SLOT_SCRIPT = re.compile(r"""getElementById\(\s*(["'])([\w:.-]{1,100})\1\s*\)\s*\."""
                          r"""\s*(?:innerHTML|innerText|textContent)\s*=\s*(["'])((?:\\.|(?!\3)[^\\\n]){1,500})\3""")
SLOT_SCRIPTS = 200  # scripts read for slots, at most (a hostile page holds thousands)
SLOT_SCRIPT_CHARS = 200_000  # a longer script is a library, not a page's slot filler
_TAG = re.compile(r"<[^>]{0,500}>")


def fill_script_slots(root) -> int:
    """Write into each empty element the string the page's own script sets as its content by its id, as a browser
    shows it (a date slot filled at the end of the page); returns how many were filled."""
    filled = 0
    for n, script in enumerate(root.iter("script")):
        if n >= SLOT_SCRIPTS:
            break
        code = script.text or ""
        if len(code) > SLOT_SCRIPT_CHARS or "getElementById" not in code:
            continue
        for match in _SLOT_SCRIPT.finditer(code):
            targets = _BY_ID(root, id=match.group(2))
            if len(targets) != 1 or len(targets[0]) or collapse(targets[0].text):
                continue
            value = re.sub(r"\\(.)", r"\1", match.group(4))
            targets[0].text = collapse(unescape(_TAG.sub(" ", value)))
            filled += 1
    return filled


_BY_ID = etree.XPath("//*[@id=$id]")


def within(element, ancestor) -> bool:
    """Is ``element`` ``ancestor`` or inside it (``ancestor`` None: no)?"""
    return ancestor is not None and (element is ancestor or any(a is ancestor for a in element.iterancestors()))


def inside(element, ancestor) -> bool:
    """Is ``element`` below ``ancestor`` (not ``ancestor`` itself)?"""
    return any(a is ancestor for a in element.iterancestors())


def drop_tree(el) -> None:
    """Remove ``el`` with its subtree, keeping its tail text (``lxml.html``'s ``drop_tree``)."""
    parent = el.getparent()
    if parent is None:
        return
    if el.tail:
        prev = el.getprevious()
        if prev is None:
            parent.text = (parent.text or "") + el.tail
        else:
            prev.tail = (prev.tail or "") + el.tail
    parent.remove(el)


def in_related(el) -> bool:
    """Is ``el`` inside a box of related articles, comments, a sidebar or a footer (by its ancestors' classes)?

    ``<body>`` and ``<html>`` are not boxes: their classes describe the whole page (WordPress writes
    "has-sidebar", "comments-open" there); nor is the article's own footer (``_OWN_FOOTER``, or any footer inside
    the article's element not named as the site's: TYPO3's news detail prints its date and author in a
    ``div.footer`` there)."""
    for anc in el.iterancestors():
        if anc.tag in ("body", "html"):
            break
        c = box_classes(anc)
        if any(w in c for w in _BOX_WORDS) or ("footer" in c and "footer" in _OWN_FOOTER.sub("", c)
                                               and (_SITE_FOOTER.search(c) or not in_article_element(anc))):
            return True
        if any(w in c for w in _LIST_WORDS) and not holds_h1(anc):
            return True
    return False


_BOX_WORDS = ("relate", "comment", "sidebar", "tinlienquan")
# the classes of news lists and their items, which some templates give the article's own block too (a SharePoint
# "box-news" holding the article): such a block holding an <h1> is the article's, as lists title their items lower
_LIST_WORDS = ("box-news", "list-news", "item-news", "story")
# (root, the elements holding an <h1>) of the last tree asked about: lxml's elements take no weak reference
_H1_HOLDERS: list = [None, frozenset()]


def holds_h1(el) -> bool:
    """Does ``el`` hold an ``<h1>``? (The holders are found once per tree, not once per question.)"""
    root = el.getroottree().getroot()
    if _H1_HOLDERS[0] is not root:
        _H1_HOLDERS[:] = [root, frozenset(a for h1 in root.iter("h1") for a in h1.iterancestors())]
    return el in _H1_HOLDERS[1]


def in_article_element(el) -> bool:
    """Is ``el`` inside an ``<article>`` or a schema.org Article (``itemtype="…/Article"``, ``NewsArticle``…)?"""
    return any(a.tag == "article" or "Article" in (a.get("itemtype") or "") for a in el.iterancestors())


# the article's own footer (Blogger's "post-footer" with its author and time, WordPress's "entry-footer"): not
# the site's
_OWN_FOOTER = re.compile(r"(?:post|entry|article|node|news)(?:[-_]full)?[-_]?footer", re.I)
_SITE_FOOTER = re.compile(r"(?:site|page|main|global)[-_]?footer", re.I)  # the site's, wherever it is


def classes(el) -> str:
    """Lower-cased ``class`` + ``id`` attribute string of an element ('' for non-elements)."""
    get = getattr(el, "get", None)
    if get is None:
        return ""
    return f"{el.get('class') or ''} {el.get('id') or ''}".lower()


# a layout's modifier naming the sidebar beside its content ("flownews-sidebar-right", "has-sidebar"), on a block
# that another of its names calls a layout container: the block holds the content, it is no sidebar
_SIDEBAR_MODIFIER = re.compile(r"^(?:[\w-]*[-_])?(?:(?:has|with|no)[-_]sidebar|sidebar[-_](?:left|right|none)|"
                               r"(?:left|right)[-_]sidebar)$")
_LAYOUT_NAME = re.compile(r"container|wrap|layout|(?:^|[-_])(?:main|page|site|row)(?:$|[-_])")


def box_classes(el) -> str:
    """``classes(el)`` as the box tests read them: without a sidebar modifier of a layout container."""
    names = classes(el)
    if "sidebar" not in names:
        return names
    tokens = names.split()
    if not any(_LAYOUT_NAME.search(t) for t in tokens if not _SIDEBAR_MODIFIER.match(t)):
        return names
    return " ".join(t for t in tokens if not _SIDEBAR_MODIFIER.match(t))


def text_of(el) -> str:
    """Collapsed visible text of an element (script/style skipped)."""
    if el is None:
        return ""
    if isinstance(el, str):
        return collapse(el)
    parts = []
    _gather(el, parts)
    return collapse("".join(parts))


def text_memo():
    """A ``text_of`` that remembers each element's text: for one tree that is no longer modified, whose
    elements (the body, its link boxes and their links) are asked for again by later steps."""
    memo: dict = {}

    def text(el) -> str:
        t = memo.get(el)
        if t is None:
            t = memo[el] = text_of(el)
        return t
    return text


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
    dropped with their subtree (captions, byline, date line…); ``skip_pred(element)`` may drop more of the
    elements below ``el`` (ads, related boxes). The element is the innermost block that held the text.
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
        # (``el`` itself is never a box to drop: its name may say "print" or "content-print" all the same)
        dropped = tag in SKIP_TAGS or node in skip or (depth and skip_pred is not None and skip_pred(node)) \
            or depth > 150
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
    walk = None  # the recursive closure refers to itself: a cycle that would keep the whole tree until a GC pass
    return out


# tokens of class names and ids of boxes that are not article text (related articles, sharing, tags, ads…)
_DROP_TOKENS = re.compile(
    r"(?:^|[\s_-])(?:relate\w*|related|lienquan|tinlienquan|tin-lien-quan|box-?relate|share\w*|social|"
    r"sharing|tags?|keywords?|comments?|binhluan|ads?|adv\w*|banners?|sponsor\w*|quangcao|print|rating|"
    r"raty|toolbar|breadcrumbs?|pagination|paging|readmore|xemthem|docthem|doc-them|widget|recommend\w*|"
    r"poll|texttospeech|tts|audio\w*|notebox|article__meta|sda\w*|amn\w*|zone|subscribe|newsletter|"
    r"author\w*|byline|source|nguon|article-info)(?:$|[\s_-])", re.I)
_LINK_BOX_TAGS = frozenset({"table", "ul", "ol", "div", "section", "aside", "h6", "nav", "form", "h3", "h4", "p"})
_CARD_TAGS = _LINK_BOX_TAGS | {"td", "li", "tr", "tbody"}
_ARROW_LINK = re.compile(r"^(?:>>|»|≫|→|⇒|►|▶|▸)\s*\w")  # a link marked as one to another page, by an arrow
TEASER_TEXT = 300  # characters a teaser card prints besides its headline link, at most (its summary)
CARD_LEVELS = 3  # blocks around a picture or a summary searched for the teaser card holding it
IMAGE_HREF = re.compile(r"\.(?:jpe?g|png|gif|webp|bmp)(?:$|[?#])", re.I)  # a link to a picture file


def teaser_hrefs(element) -> set[str]:
    """The addresses of other pages that ``element`` links both from a picture and from a headline (a link of
    ``HEADLINE_LINK_WORDS`` words or more): its teaser cards of other articles."""
    pictured, named = set(), set()
    for a in element.iter("a"):
        href = (a.get("href") or "").strip()
        if not href or href.startswith(("#", "javascript:")) or IMAGE_HREF.search(href):
            continue
        if next(a.iter("img"), None) is not None:
            pictured.add(href)
        if len(text_of(a).split()) >= HEADLINE_LINK_WORDS:  # (a card may link picture and headline at once)
            named.add(href)
    return pictured & named


def card_headlines(element, hrefs: set[str], text=text_of) -> int:
    """Characters of ``element``'s links to ``hrefs`` (the headlines of its teaser cards)."""
    return sum(len(text(a)) for a in element.iter("a") if (a.get("href") or "").strip() in hrefs)


def noise_test(text=text_of):
    """A ``skip_pred`` for ``paragraphs``: ``test(element)`` is true for a box that is not article text (related
    articles, sharing, tags, ads… by its class or id; a box mostly of links). ``text``: the ``text_of`` to use."""
    def test(element):
        names = classes(element)
        if names and _DROP_TOKENS.search(names):
            return True
        tag = element.tag
        if tag == "a" and _ARROW_LINK.match(text(element)) \
                and not (element.get("href") or "#").strip().startswith(("#", "javascript:")):
            return True  # ">> Xả rác – sự hồn nhiên độc ác": another article's link set in a paragraph
        if tag in _CARD_TAGS and next(element.iter("img"), None) is not None:
            cards = teaser_hrefs(element)
            if cards and len(text(element)) - card_headlines(element, cards, text) <= TEASER_TEXT * len(cards):
                return True
        if tag in _LINK_BOX_TAGS:
            link_text = sum(len(text(a)) for a in element.iter("a"))
            if not link_text:
                return False  # no link text: not a link box (and no need to read the element's text)
            own = text(element)
            if not own:
                return False
            if tag == "p":
                return link_text >= len(own) * 0.95 and len(own) < 200 and element.getparent() is not None \
                    and (element.getnext() is None or element.getprevious() is None)
            if link_text > 0.6 * len(own) and len(own) < 1500:
                return True
        return False
    return test
