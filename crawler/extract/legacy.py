"""Legacy Vietnamese font encodings: TCVN3 (ABC, fonts ".VnTime", ".VnArial"…) and VNI ("VNI-Times"…).

Before Unicode, Vietnamese pages were typed in 8-bit fonts: the bytes are Latin-1 characters that the
font draws as Vietnamese letters. A browser without the font shows "Céng hoµ x· héi chñ nghÜa ViÖt Nam";
the text meant "Cộng hoà xã hội chủ nghĩa Việt Nam". Such text is recognised only when the page's fonts
say so (``font-family``/``face`` naming a TCVN3 or VNI font, in a style attribute, a ``<font>`` tag or
CSS) and only text made of ASCII + Latin-1 characters is converted (real Unicode text is left alone).

- TCVN3 (TCVN 5712:1993, VN3): one byte per letter; the table below is the published chart. Capital
  letters with tone marks live in the "H" fonts (".VnTimeH"), which draw the lower-case codes as capitals.
- VNI: a base letter followed by mark characters (``aù`` = á, ``aâ`` = â, ``aá`` = ấ, ``ô`` = ơ,
  ``ö`` = ư, ``ñ`` = đ); built below from the mark chart and composed to NFC.
"""
from __future__ import annotations

import re
import unicodedata

# ---------------------------------------------------------------- TCVN3 (ABC)
_TCVN3 = "¸µ¶·¹¨¾»¼½Æ©ÊÇÈÉËÐÌÎÏÑªÕÒÓÔÖÝ×ØÜÞãßáâä«èåæçé¬íêëìîóïñòô\xadøõö÷ùýúûüþ®§¡¢£¤¥¦"
_TCVN3_UNI = "áàảãạăắằẳẵặâấầẩẫậéèẻẽẹêếềểễệíìỉĩịóòỏõọôốồổỗộơớờởỡợúùủũụưứừửữựýỳỷỹỵđĐĂÂÊÔƠƯ"
assert len(_TCVN3) == len(_TCVN3_UNI)
TCVN3_TABLE = str.maketrans(_TCVN3, _TCVN3_UNI)

# ---------------------------------------------------------------- VNI
_ACUTE, _GRAVE, _HOOK, _TILDE, _DOT = "\u0301", "\u0300", "\u0309", "\u0303", "\u0323"
_CIRC, _BREVE, _HORN = "\u0302", "\u0306", "\u031b"
_TONES = {"ù": _ACUTE, "ø": _GRAVE, "û": _HOOK, "õ": _TILDE, "ï": _DOT}
_CIRC_MARKS = {"â": "", "á": _ACUTE, "à": _GRAVE, "å": _HOOK, "ã": _TILDE, "ä": _DOT}
_BREVE_MARKS = {"ê": "", "é": _ACUTE, "è": _GRAVE, "ú": _HOOK, "ü": _TILDE, "ë": _DOT}


def _vni_table() -> dict[str, str]:
    t: dict[str, str] = {}

    def add(seq: str, base: str, marks: str):
        for s, b in ((seq, base), (seq.upper(), base.upper())):
            t[s] = unicodedata.normalize("NFC", b + marks)
        if len(seq) == 2:  # a capital with a lower-case mark ("Aù") occurs in capitalised words
            t[seq[0].upper() + seq[1]] = unicodedata.normalize("NFC", base.upper() + marks)

    for v in "aeouy":
        for m, tone in _TONES.items():
            add(v + m, v, tone)
    for v in "aeo":
        for m, marks in _CIRC_MARKS.items():
            add(v + m, v, _CIRC + marks)
    for m, marks in _BREVE_MARKS.items():
        add("a" + m, "a", _BREVE + marks)
    for seq, base in (("ô", "o"), ("ö", "u")):  # ơ, ư and their tones
        add(seq, base, _HORN)
        for m, tone in _TONES.items():
            add(seq + m, base, _HORN + tone)
    for seq, out in (("í", "í"), ("ì", "ì"), ("æ", "ỉ"), ("ó", "ĩ"), ("ò", "ị"), ("î", "ỵ"), ("ñ", "đ")):
        t[seq], t[seq.upper()] = out, out.upper()
    return t


VNI_TABLE = _vni_table()
_VNI_RE = re.compile("|".join(sorted(map(re.escape, VNI_TABLE), key=len, reverse=True)))

# ---------------------------------------------------------------- recognising the fonts
_FONT_RE = re.compile(r"""(?:font-family\s*:|font\s*:[^;"'{}]*?|face\s*=)\s*["']?\s*([^;"'{}>]{1,120})""", re.I)
_TCVN3_FONT = re.compile(r"(?:^|[\s,'\"])\.vn[a-z]+?(h?)\b", re.I)
_VNI_FONT = re.compile(r"(?:^|[\s,'\"])vni[- ][a-z]+", re.I)
_LATIN1_ONLY = re.compile(r"^[\x00-\xff]*$")
_HAS_HIGH = re.compile(r"[\xa1-\xff]")


def tcvn3_to_unicode(text: str, upper: bool = False) -> str:
    """TCVN3 text (bytes read as Latin-1) -> Unicode NFC; ``upper`` for the capital "H" fonts."""
    out = unicodedata.normalize("NFC", text.translate(TCVN3_TABLE))
    return out.upper() if upper else out


def vni_to_unicode(text: str) -> str:
    """VNI text (bytes read as Latin-1) -> Unicode NFC."""
    return unicodedata.normalize("NFC", _VNI_RE.sub(lambda m: VNI_TABLE[m.group(0)], text))


def font_encoding(font: str | None) -> str | None:
    """``"tcvn3"``, ``"tcvn3-upper"`` (".VnTimeH"), ``"vni"`` or None for a font-family value."""
    if not font:
        return None
    f = " " + font
    m = _TCVN3_FONT.search(f)
    if m:
        return "tcvn3-upper" if m.group(1) else "tcvn3"
    if _VNI_FONT.search(f):
        return "vni"
    return None


def convert(text: str | None, encoding: str | None) -> str | None:
    """Convert ``text`` typed for a legacy font; text holding real Unicode letters is returned as is."""
    if not text or not encoding or not _HAS_HIGH.search(text) or not _LATIN1_ONLY.match(text):
        return text
    if encoding == "vni":
        return vni_to_unicode(text)
    return tcvn3_to_unicode(text, upper=encoding == "tcvn3-upper")


_QUICK = (b".Vn", b".VN", b"VNI-", b"VNI ", b"Vni-", b"vni-")


def mentions_legacy_font(html) -> bool:
    """Cheap pre-check on the raw page: does it name a TCVN3/VNI font at all?"""
    if isinstance(html, str):
        return any(q.decode() in html for q in _QUICK)
    if isinstance(html, (bytes, bytearray, memoryview)):
        data = bytes(html)
        # every needle but "vni-" holds a "V": visit the (few) capital Vs with memchr-speed find()
        # instead of six full scans whose last byte ("n", "-", " ") is common
        find = data.find
        i = find(b"V")
        while i >= 0:
            if (i and data[i - 1:i + 2] in (b".Vn", b".VN")) or data[i:i + 4] in (b"VNI-", b"VNI ", b"Vni-"):
                return True
            i = find(b"V", i + 1)
        return _VNI_LOWER.search(data) is not None
    return False


_VNI_LOWER = re.compile(rb"vni-")  # a literal pattern: sre's prefix search beats ``in`` here


def _own_font(el) -> str | None:
    for value in (el.get("style"), el.get("face") if el.tag == "font" else None):
        if value:
            for m in _FONT_RE.finditer(value if el.get("face") != value else "face=" + value):
                enc = font_encoding(m.group(1))
                if enc:
                    return enc
    return None


_TAG_SELECTOR = re.compile(r"^(?:\*|html|body|p|div|span|td|th|tr|table|font|a|li|ul|ol|h[1-6]|b|i|em|strong|center)$",
                           re.I)


def _css_fonts(root) -> tuple[str | None, dict[str, str]]:
    """Legacy fonts set in CSS: ``(page-wide encoding, {class: encoding})``. Page-wide means a rule on
    plain tags (``body``, ``p``, ``td``, ``*``…); ``.class`` rules apply to elements of that class."""
    page, by_class = None, {}
    for st in root.iter("style"):
        css = st.text or ""
        if len(css) > 200_000:
            continue
        for rule in re.finditer(r"([^{}]+)\{([^}]*)\}", css):
            enc = None
            for m in _FONT_RE.finditer(rule.group(2)):
                enc = font_encoding(m.group(1)) or enc
            if not enc:
                continue
            for sel in rule.group(1).split(","):
                last = sel.strip().split()[-1] if sel.strip() else ""
                if _TAG_SELECTOR.match(last):
                    page = page or enc
                for cls in re.findall(r"\.([\w-]+)\s*$", last):
                    by_class.setdefault(cls, enc)
    return page, by_class


def convert_tree(root) -> int:
    """Convert, in place, the text of elements whose font (own, inherited, or the page's CSS) is a
    legacy one. Returns the number of text nodes changed."""
    page, by_class = _css_fonts(root)
    changed = 0

    def walk(el, enc):
        nonlocal changed
        if not isinstance(el.tag, str) or el.tag in ("script", "style"):
            return
        own = _own_font(el)
        if own is None and by_class and el.get("class"):
            own = next((by_class[c] for c in el.get("class").split() if c in by_class), None)
        enc = own or enc
        if enc and el.text:
            new = convert(el.text, enc)
            if new != el.text:
                el.text, changed = new, changed + 1
        for child in el:
            walk(child, enc)
            if enc and child.tail:
                new = convert(child.tail, enc)
                if new != child.tail:
                    child.tail, changed = new, changed + 1

    walk(root, page)
    walk = None  # a recursive closure refers to itself: the cycle would keep the tree until a GC pass
    return changed


# ---------------------------------------------------------------- whole pages read in the wrong encoding
_MOJIBAKE = re.compile("á»|áº|Ã[\u0080-\u00bf]|Ä[\u0080-\u00bf‘’]|Æ[°¡¯ ]|Æ\u00a0")
_VIETNAMESE = re.compile("[ăđơưĂĐƠƯ\u1ea0-\u1ef9]")  # letters outside Latin-1: real Vietnamese
_TCVN3_MARKERS = re.compile("[¬\u00ad®§¸µ×Þ¶·¹»¼½¾ÆÇÈÉÊËÌÎÏÐÑÒÓÔÕÖØÜÝßáâãäåæçèéêëìíîñòóôõö÷øùúûüýþ]")


def _cp1252_byte(ch: str) -> bytes:
    try:
        return ch.encode("cp1252")
    except UnicodeEncodeError:
        return bytes([ord(ch)]) if ord(ch) < 256 else ch.encode("utf-8")


def repair_legacy_text(text: str) -> tuple[str, str | None]:
    """Undo the two legacy encodings that decode without errors but unreadably:

    - ``mojibake``: UTF-8 read as windows-1252 and stored again as UTF-8 ("Huyá»‡n" → "Huyện");
    - ``tcvn3``: a TCVN3 (ABC, .VnTime font) page read as windows-1252 ("Héi nghÞ" → "Hội nghị"; tone-marked
      capitals come out lower case, as TCVN3 writes them with a second font).

    Returns ``(text, kind)``; ``kind`` None when the text was left alone. Only acts on strong evidence:
    many typical sequences and no real Vietnamese letters in the text."""
    if not text or text.isascii():
        return text, None
    hits = len(_MOJIBAKE.findall(text))
    if hits >= 5:
        fixed = b"".join(_cp1252_byte(ch) if not ch.isascii() else ch.encode() for ch in text)
        repaired = fixed.decode("utf-8", errors="replace")
        if repaired.count("\ufffd") <= text.count("\ufffd") + hits // 20 and len(_MOJIBAKE.findall(repaired)) < hits:
            return repaired, "mojibake"
    if not _VIETNAMESE.search(text) and len(_TCVN3_MARKERS.findall(text)) >= 20:
        return text.translate(TCVN3_TABLE), "tcvn3"
    return text, None


_DOUBLE_UTF8 = re.compile(rb"\xc3\xa1\xc2[\xba\xbb]")


def needs_legacy_check(body: bytes) -> bool:
    """Cheap byte test before decoding: double-encoded UTF-8 of Vietnamese letters, or 8-bit text with no
    UTF-8 Vietnamese at all."""
    if _DOUBLE_UTF8.search(body):
        return True
    return b"\xe1\xba" not in body and b"\xe1\xbb" not in body and any(b >= 0xA1 for b in body[:65536])
