"""Bylines as printed ("Tin, ảnh: P.Y", "THUẬN VĂN - LÊ ÁNH", "PV", "(TTXVN)"), and source lines.

Cascade: profile selectors -> author blocks (class author/tacgia/cms-author…) -> a writer's field among the
article's details ("Tác giả: X") -> the trailing right-aligned or bold short paragraph(s) of the body -> a
signature ending the body (names, "Name – role", a labelled credit) -> a credit closing the last paragraph ("…
(Name - role)", "… <strong>Name</strong>") -> a labelled credit opening the body -> a poster's field ("Người
đăng: X") -> JSON-LD/meta author (persons only, never a school).
Never a source line ("Nguồn: …", "Theo VOV", "(Theo VOV)": the ``source`` field, ``sources.is_source_line``), a
photo credit ("Ảnh: …"), a heading ending the body ("MỘT SỐ HÌNH ẢNH CỦA HỘI THI"), an editor's note, a label
with no name after it ("Tác giả:", "Tác giả: Đang cập nhật") or a site's account ("Viết bởi Super User", "admin").
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from crawler.extract.bodies import noise_line
from crawler.extract.selectors import AUTHOR_EXPRS, SOURCE_EXPRS, find
from crawler.extract.sources import SOURCE_LABELS, is_source_line
from crawler.extract.text import classes, collapse, in_related, paragraphs, text_of

if TYPE_CHECKING:
    from crawler.extract.article import Page

# labels of a credit, then the name(s): "Tin, ảnh: P.Y", "Tác giả: …", "Người đăng: …" (longest first)
CREDIT_LABELS = (
    "tin, ảnh, video", "tin và ảnh", "bài và ảnh", "tin, ảnh", "bài, ảnh", "tin/ảnh", "bài/ảnh", "tin - ảnh",
    "bài - ảnh", "tác giả bài viết", "người viết bài", "nhóm phóng viên", "nhóm tác giả", "nhóm pv", "phóng viên",
    "tác giả", "người viết", "bút danh", "thực hiện", "biên soạn", "biên dịch", "lược dịch", "tổng hợp", "sưu tầm",
    "biên tập", "người tổng hợp", "người biên tập", "người thực hiện", "người đăng", "người gửi", "được đăng bởi",
    "được viết bởi", "đăng bởi", "viết bởi", "gửi bởi", "posted by", "written by", "author", "tin", "bài", "ảnh",
    "pv", "ctv", "by",
)
_LABELS = "|".join(re.escape(label) for label in CREDIT_LABELS)
# a label alone: any with its colon; without one, those that are no credit by themselves ("PV" is one)
_LABEL_ONLY = re.compile(rf"^(?:(?:{_LABELS})\s*[:：]|bút danh|tác giả(?: bài viết)?|người viết(?: bài)?|người đăng|"
                         r"người gửi|(?:đăng|viết|gửi)\s+bởi|bởi|(?:posted|written)\s+by|author|by)$", re.I)
_PHOTO_CREDIT = re.compile(r"^\s*(?:ảnh|ảnh minh họa|ảnh minh hoạ|video|đồ họa|đồ hoạ|clip)\s*[:：]", re.I)
_EDITOR_NOTE = re.compile(r"^\s*\(?\s*(?:ghi chú|lời tòa soạn|lời toà soạn|lts|tòa soạn|toà soạn|bbt|"
                          r"ban biên tập)\b", re.I)
_CREDIT_PREFIX = re.compile(rf"^(?:{_LABELS})\s*[:：]\s*", re.I)
# a credit after a name, past a full stop or a dash ("H.V. Ảnh: Misso", "Minh Anh - Ảnh: Hoàng Vũ"): a credit line
_CREDIT_AFTER_NAME = re.compile(rf"(?:[.,]\s*|\s[-–—]\s*)(?:{_LABELS})\s*[:：]\s*\S", re.I)
# "Viết bởi X", "Posted by X": a poster's label printed without a colon
_BY_PREFIX = re.compile(r"^(?:(?:được\s+)?(?:viết|đăng|gửi)\s+bởi|bởi|(?:posted|written)\s+by|by)\s*[:：]?\s+", re.I)
_AGENCY = re.compile(r"^\(?(?:ttxvn|vna|pv|ctv|tttt|vov|vtv|ttxvn/vietnam\+)\)?$", re.I)
_SENTENCE = re.compile(r"[.!?…]\s+\S|[;:]\s+\S.*[.!?]$")
_ORG_WORDS = re.compile(r"(?:báo|tạp chí|cổng|trang|online|\.vn|\.com|news|sở |ubnd|portal|đài|ban |"
                        r"ủy ban|uỷ ban|thông tấn|tòa soạn|toà soạn|website|cổng thông tin)", re.I)
_PUNCT_ONLY = re.compile(r"^[\W_]+$")
# a site's account printed as the author ("Viết bởi Super User", "Đăng bởi admin", "Người đăng: quantri"): nobody's
# credit; a login ("thuha88") after a poster's label is one
_ACCOUNT = re.compile(r"^(?:super\s*user|admin\w*|\w*admin|administrator|quản\s*trị(?:\s*viên)?(?:\s*web)?|"
                      r"quantri\w*|webmaster|root|editor|[a-z][a-z0-9_.]*\d[a-z0-9_.]*)$", re.I)
_LOGIN = re.compile(r"^[a-z][a-z0-9_.]*$")
# what a form prints in an author field left empty ("Tác giả: Đang cập nhật", "Bút danh: N/A")
EMPTY_VALUES = frozenset({"đang cập nhật", "chưa cập nhật", "không rõ", "chưa rõ", "không có", "chưa có",
                          "chưa xác định", "không xác định", "n/a", "na", "none", "null", "unknown", "updating",
                          "no name"})
# another field's label where the author's value should be ("Tác giả: Ngày đăng: …", "Tác giả: | Nguồn: …")
DETAIL_LABELS = ("ngày đăng", "ngày cập nhật", "ngày xuất bản", "ngày", "đăng ngày", "đăng lúc", "cập nhật",
                 "thời gian", "lượt xem", "lượt đọc", "số lượt xem", "chuyên mục", "danh mục", "thể loại", "email",
                 "điện thoại", "đơn vị", "chức vụ", "từ khóa", "từ khoá", "tags", "tag")
_NEXT_LABEL = re.compile(r"^(?:" + "|".join(DETAIL_LABELS) + r")\s*[:：]", re.I)
# separators of a line of details ("Tác giả: Thu Hà | Nguồn: Báo Tuyên Quang", "Thu Hà, 12/03/2024")
_FIELD_SEPARATOR = re.compile(r"\s*[|｜•]\s*|\s+[-–—]\s+|,\s+")
# a date or a time printed after the credit ("Thu Hà - 12/03/2024 10:30", "Thu Hà | Thứ Ba, 12/03/2024")
_DATE_FIELD = re.compile(r"^\(?\s*(?:(?:thứ\s+\w+|chủ nhật|ngày|t[2-7]|cn)\s*,?\s*)?"
                         r"\d{1,2}\s*(?:[/.:h-]|tháng)\s*\d{1,2}", re.I)
# a school named as the author ("Trường THCS …", "Trường Tiểu học …"): the site, not a person
_SCHOOL = re.compile(r"^Trường\s+(?:[A-ZĐ]{2,}\b|(?i:tiểu học|mầm non|mẫu giáo|trung học|đại học|cao đẳng|"
                     r"trung cấp|phổ thông|dân tộc|chuyên|quốc tế))")


def clean_byline(text: str | None) -> str | None:
    """Collapse whitespace, strip decoration, cut a source printed after it ("Tác giả: X | Nguồn: Y"); None for
    source lines, photo credits, notes, empty fields ("Tác giả: Đang cập nhật") and site accounts ("admin")."""
    t = collapse(text)
    t = t.strip(" -–—|,;")
    if not t or _PUNCT_ONLY.match(t):
        return None
    if is_source_line(t) or _PHOTO_CREDIT.match(t) or _EDITOR_NOTE.match(t):
        return None
    t = _without_date(split_source(t)[0])
    if len(t) > 80 or _LABEL_ONLY.match(t):
        return None
    value = _BY_PREFIX.sub("", _CREDIT_PREFIX.sub("", t)).strip(" .:：-–—|,;…")
    if not value or value.lower() in EMPTY_VALUES or (value != t and (_NEXT_LABEL.match(value)
                                                                      or is_source_line(value))):
        return None  # a label with no name after it ("Tác giả:", "Tác giả: Đang cập nhật") is a form's empty field
    if _ACCOUNT.match(value) or (value != t and _LOGIN.match(value) and not _AGENCY.match(value)):
        return None
    return t


def split_source(text: str) -> tuple[str, str | None]:
    """``(text before, source line)`` of a line of details ending in a source line ("Tác giả: Thu Hà | Nguồn: Báo
    Tuyên Quang" -> ``("Tác giả: Thu Hà", "Nguồn: Báo Tuyên Quang")``); ``(text, None)`` without one."""
    for separator in _FIELD_SEPARATOR.finditer(text):
        if separator.group().strip() != "," and is_source_line(text[separator.end():]):
            return text[:separator.start()], text[separator.end():]
    return text, None


def _without_date(text: str) -> str:
    """``text`` cut before a date or a time printed after the credit ("Thu Hà - 12/03/2024 10:30" -> "Thu Hà")."""
    for separator in _FIELD_SEPARATOR.finditer(text):
        if _DATE_FIELD.match(text[separator.end():]):
            return text[:separator.start()]
    return text


_INITIAL_STOP = re.compile(r"(?<![^\W\d_])([^\W\d_])\.\s+(?=[^\W\d_])")
_OUTLET = re.compile(r"^\(\s*([^()]{2,40}?)\s*\)$")
_BRACKETED = re.compile(r"^(?P<name>[^()]{2,50}?)\s*\((?P<note>[^()]{2,60})\)$")


_ABBREVIATION_END = re.compile(r"(?<![^\W\d_])([^\W\d_]{2,6})\.$")


def looks_like_byline(text: str) -> bool:
    """Short, name-like text: a credit prefix, an agency tag, or 1–6 capitalised words."""
    t = clean_byline(text)
    if not t:
        return False
    if _CREDIT_PREFIX.match(t) or _AGENCY.match(t):
        return True
    bracketed = _BRACKETED.match(t)  # "Thu Hà (TTXVN)", "Thu Hà (Trung tâm VH-TT huyện Yên Sơn)": the name before
    if bracketed and not _SENTENCE.search(bracketed.group("note")):
        t = bracketed.group("name")
    t = _NAME_TITLE.sub("", t)  # "ThS. Nguyễn Văn An": a title's full stop ends no sentence
    t = _INITIAL_STOP.sub(r"\1.", t)  # "T. HÀ/TTO": nor does an initial's
    outlet = _OUTLET.match(t)  # "(Chinhphu.vn)": an outlet credited in brackets
    if outlet:
        t = outlet.group(1)
    if len(t) > 50 or _SENTENCE.search(t) or re.search(r"\d{3,}", t):
        return False
    if (abbreviation := _ABBREVIATION_END.search(t)) and abbreviation.group(1).isupper():
        t = t[:-1]  # "Vương Hợp – ĐTT.": a unit's abbreviation's full stop ends no sentence
    words = re.findall(r"[^\s\-–,/&]+", t)
    if not 1 <= len(words) <= 8:
        return False
    if t.endswith((":", "?", "!")):
        return False
    caps = sum(1 for w in words if w[:1].isupper() or w.lower() in ("và", "-", "và"))
    return caps >= max(1, len(words) - 1) and not t.endswith(".") or t.isupper()


# words of headings and sentences that no person's name holds ("MỘT SỐ HÌNH ẢNH CỦA HỘI THI", "KẾT QUẢ HỘI THI");
# words that are also names ("Chương", "Trình", "Thiệu") or start an organisation's ("Hội", "Báo", "Tin") are left out
HEADING_WORDS = frozenset({
    "của", "các", "những", "một", "số", "về", "trong", "tại", "cho", "với", "được", "là", "có", "này", "đó", "khi",
    "để", "nhằm", "đến", "hình", "ảnh", "hoạt", "động", "kết", "quả", "nghị", "buổi", "lễ", "sách", "tức", "bài",
    "mục", "video", "clip", "phần", "giới", "cuộc", "giải", "kỷ", "kỉ", "niệm", "chào", "mừng", "trao", "tặng",
    "khen", "tổng", "tham", "dẫn", "sau", "trước", "đây", "tiếp", "trân", "kính", "xin", "cảm", "ơn", "lời", "phụ",
    "liệu", "đính", "kèm", "lịch", "tác", "khóa", "khoá", "biểu", "xem", "tải", "file", "link",
})
NAME_WORDS = 5  # words of one person's name at most ("Tôn Nữ Thị Minh Hà")
_NAME_SEPARATOR = re.compile(r"\s+[-–—]\s+|\s*[,;/&]\s*|\s+(?:và|VÀ)\s+")


def is_heading(text: str) -> bool:
    """Is the short line ``text`` a heading of the body ("MỘT SỐ HÌNH ẢNH CỦA HỘI THI", "HÌNH ẢNH HOẠT ĐỘNG"), not a
    credit ("QUANG MINH", "PV", "THUẬN VĂN - LÊ ÁNH")? A word of ``HEADING_WORDS`` outside brackets, a trailing
    colon, or more words between separators than a name has."""
    t = re.sub(r"\([^)]*\)", " ", collapse(text)).strip()
    if t.endswith((":", "：")) or any(w in HEADING_WORDS for w in re.findall(r"\w+", t.lower())):
        return True
    return any(len(part.split()) > NAME_WORDS for part in _NAME_SEPARATOR.split(t))


# the start of a unit or a role printed beside a name ("Văn phòng Sở", "Trung tâm VH-TT huyện", "Phó Hiệu trưởng")
_UNIT = re.compile(r"^(?:văn phòng|phòng|sở|ban|ubnd|ủy ban|uỷ ban|trung tâm|hội|đài|báo|công an|bệnh viện|"
                   r"huyện|xã|tỉnh|thành phố|tp\.?|chi bộ|đảng bộ|tổ|phó|hiệu trưởng|hiệu phó|giám đốc|chủ tịch|"
                   r"bí thư|trưởng|giáo viên|cán bộ|chuyên viên|nhân viên|học sinh)(?:\s|$)", re.I)
_ROLE_ONLY = re.compile(r"^(?:nhóm\s+)?(?:pv|ctv|btv|phóng viên|cộng tác viên|biên tập viên|ttxvn|vna|ttxvn/vietnam\+|"
                        r"vov|vtv|tttt|tổng hợp|lược dịch|dịch|nhóm tác giả|nhóm phóng viên)$", re.I)


def split_authors(byline: str | None) -> list[str]:
    """Person names in a byline: "Tin, ảnh: P.Y" -> ["P.Y"]; "THUẬN VĂN - LÊ ÁNH" -> ["THUẬN VĂN", "LÊ ÁNH"];
    "Bài: Minh Anh - Ảnh: Tấn Lập" -> ["Minh Anh", "Tấn Lập"];
    "Nguyễn An (TTXVN)" -> ["Nguyễn An"]; "Tác giả bài viết: X" -> ["X"].

    Wrong is worse than empty: a source line ("Theo TTXVN"), a role or agency alone ("PV", "Nhóm PV",
    "(TTXVN)"), or any part that does not look like a name gives [] (no names known).
    """
    t = collapse(byline)
    if not t or is_source_line(t):
        return []
    t = re.sub(r"\([^)]*\)", " ", t)  # "(TTXVN)", "(tổng hợp)": an agency or a note, not a name
    t = re.sub(r"^(?:tác giả bài viết|người viết bài|bài viết)\s*[:：]\s*", "", t.strip(), flags=re.I)
    t = _BY_PREFIX.sub("", _CREDIT_PREFIX.sub("", t.strip()))
    parts = re.split(r"\s+[-–—]\s+|\s*[,;/&]\s*|\s+và\s+|\s+and\s+", re.sub(r"\b[Đđ]/c\b\s*", "", t))
    out = []
    for p in parts:
        p = _CREDIT_PREFIX.sub("", p.strip(" .-–—")).strip(" .-–—")  # "Bài: A - Ảnh: B": each part's own credit
        p = _NAME_TITLE.sub("", p)  # "ThS. Nguyễn Văn An": the name
        if not p or _PUNCT_ONLY.match(p) or p.lower() in ("và", "and") or _ROLE_ONLY.match(p) \
                or _UNIT.match(p) or _SCHOOL.match(p):
            continue  # "Trần Thị Bình - Văn phòng Sở", "Phạm An – Phó Hiệu trưởng": a unit or a role, not a name
        words = p.split()
        if not 1 <= len(words) <= 6 or not all(w[:1].isupper() and re.fullmatch(r"[\w.'’-]+", w) for w in words):
            return []  # not sure this is a list of names
        if p not in out:
            out.append(p)
    return out


def byline_from_profile(root, exprs, index=None) -> tuple[str | None, str | None, object]:
    for expr in exprs or ():
        try:
            matches = find(index, root, expr)
        except Exception:
            continue
        for m in matches:
            c = clean_byline(m if isinstance(m, str) else text_of(m))
            if c:
                return c, f"profile:{expr}", None if isinstance(m, str) else m
    return None, None, None


def byline_from_blocks(root, article_scope=None, index=None, exprs=None) -> tuple[str | None, str | None, object]:
    """Author blocks by class, preferring ones inside ``article_scope`` (the article container).

    ``index`` (a ``selectors.PageIndex``) answers the expressions when given; ``exprs`` (default
    ``AUTHOR_EXPRS``) is the ordered list tried (a CMS family's own expressions first)."""
    scopes = [s for s in (article_scope, root) if s is not None]
    for scope in scopes:
        for expr in (AUTHOR_EXPRS if exprs is None else exprs):
            for m in find(index, scope, expr):
                if isinstance(m, str) or in_related(m):
                    continue
                t = text_of(m)
                c = clean_byline(t)
                if c and looks_like_byline(c):
                    return c, f"block:{expr}", m
    return None, None, None


def _right_or_bold(el, right_classes=frozenset(), bold_classes=frozenset()) -> bool:
    style = (el.get("style") or "").replace(" ", "").lower()
    if "text-align:right" in style or (el.get("align") or "").lower() == "right":
        return True
    cls = set((el.get("class") or "").split())
    if cls & right_classes or "text-right" in cls or "tr" in cls or "author" in classes(el):
        return True
    for d in el.iter():
        if not isinstance(d.tag, str):
            continue
        if d.tag in ("strong", "b") or set((d.get("class") or "").split()) & bold_classes:
            if len(text_of(d)) >= 0.8 * len(text_of(el)):
                return True
        st = (d.get("style") or "").replace(" ", "").lower()
        if "text-align:right" in st or "font-weight:bold" in st or "font-weight:700" in st:
            if len(text_of(d)) >= 0.8 * len(text_of(el)):
                return True
    return False


def byline_from_tail(blocks, right_classes=frozenset(), bold_classes=frozenset(),
                     styles=None) -> tuple[str | None, object]:
    """The trailing right-aligned/bold short block of the body (``blocks``: [(element, text)] in order).

    ``styles``: optional zero-argument callable returning ``(right_classes, bold_classes)`` from the
    page's CSS, called only when a byline-like block needs it."""
    tail = blocks[-4:]
    for i in range(len(tail) - 1, -1, -1):
        el, text = tail[i]
        if not text:
            continue
        if is_source_line(text) or _PHOTO_CREDIT.match(text) or _EDITOR_NOTE.match(text):
            continue
        above = next((t for _, t in reversed(tail[:i]) if t), "")
        if is_source_line(above) and not _CREDIT_PREFIX.match(text):
            continue  # the source's outlet on a line of its own ("Theo Minh Anh/Vcamp.vn", then "Forbes")
        if looks_like_byline(text) and (_CREDIT_PREFIX.match(text) or _CREDIT_AFTER_NAME.search(text)
                                        or not (is_heading(text) or _over_media(el))):
            if styles is not None:
                (right_classes, bold_classes), styles = styles(), None
            if _right_or_bold(el, right_classes, bold_classes):
                return clean_byline(text), el
        if len(text) > 80:
            break
    return None, None


_MEDIA = ("img", "figure", "video", "iframe", "table")


def _over_media(element) -> bool:
    """Is ``element`` centred, pictures (a table of them, a video) next after it: the heading of a photo section
    ("HỘI THI VĂN NGHỆ" over its pictures), not a credit (printed right-aligned or as the last line)?"""
    if not isinstance(element.tag, str) or not _centred(element):
        return False
    following = next((s for s in element.itersiblings() if isinstance(s.tag, str)), None)
    return following is not None and (following.tag in _MEDIA or any(True for _ in following.iter(*_MEDIA)))


def byline_from_meta(meta_author: str | None, site_name: str | None = None) -> str | None:
    """A JSON-LD/meta author that names a person (organisations and the site name are refused)."""
    c = clean_byline(meta_author)
    if not c or _ORG_WORDS.search(c) or _SCHOOL.match(c) or (site_name and c.lower() in site_name.lower()):
        return None
    return c if looks_like_byline(c) else None


# ---------------------------------------------------------------- unlabelled signatures ending the body
# first words of an organisation, a place or a closing formula, never of a person's name (words that are also
# given names, "Thành", "Liên", "Trung", "Hà", are left out: a pen name may start with one)
_NOT_A_NAME = frozenset({
    "trường", "ban", "sở", "phòng", "hội", "ủy", "uỷ", "ubnd", "bộ", "cục", "viện", "báo", "đài", "tạp", "cổng",
    "huyện", "tỉnh", "xã", "phường", "thị", "quận", "thủ", "tp", "tt", "tổ", "nhà", "bệnh", "việt", "tập", "câu",
    "ngân", "kho", "quỹ", "đảng", "mặt", "tòa", "toà", "học", "lớp", "khoa", "ngành", "cơ", "trang", "tin", "bài",
    "ảnh", "nguồn", "theo", "xem", "tải", "chúc", "trân", "kính", "xin", "tác", "ngày", "lễ", "hình", "video",
    "phóng", "người", "nhóm", "cộng",
})
_DASH = re.compile(r"\s+[-–—]\s+")


def _name_words(words: list[str]) -> bool:
    """2–4 words of letters, each capitalised (or all in capitals), the first not one an organisation, a place or a
    formula starts with: a person's name as signed ("Minh Tâm", "NGUYỄN AN")."""
    if not 2 <= len(words) <= 4 or words[0].lower() in _NOT_A_NAME or not all(w.isalpha() for w in words) \
            or any(w.lower() in HEADING_WORDS for w in words):
        return False
    return all(w[0].isupper() and (len(w) == 1 or w[1:].islower()) for w in words) \
        or all(w.isupper() for w in words)


# a title printed before a name ("ThS. Nguyễn Văn An", "PGS.TS Lê Văn Cường", "BS. Trần Thị Bình", "PV Thu Hà")
NAME_TITLES = ("PGS", "GS", "TSKH", "TS", "ThS", "Ths", "BSCKII", "BSCKI", "BSCK", "BS", "DS", "KS", "CN", "LS",
               "NCS", "NSƯT", "NSND", "NGƯT", "NGND", "Đ/c", "đ/c", "PV", "CTV", "BTV")
_NAME_TITLE = re.compile(r"^(?:(?:" + "|".join(re.escape(title) for title in NAME_TITLES) + r")\.?\s*)+(?=[^\W\d_])")
# initials ("P.Y", "N.V.A", "Đ.Hương", "T.H."): a pen name
_INITIALS = re.compile(r"^(?:[^\W\d_]\.\s?){1,3}(?:[^\W\d_]+\.?)?$")


def _person(text: str) -> bool:
    """A person as signed: a name ("Minh Tâm", "NGUYỄN AN"), initials ("P.Y", "Đ.Hương"), after a title or not
    ("ThS. Nguyễn Văn An")."""
    text = _NAME_TITLE.sub("", text.strip())
    if _INITIALS.match(text):
        return all(run[0].isupper() for run in re.findall(r"[^\W\d_]+", text))
    return _name_words(text.split())


def _name_and_role(text: str) -> bool:
    """"Phạm Văn An – Phó Hiệu trưởng Trường THCS Một": a name, a dash, a capitalised role of a few words."""
    parts = _DASH.split(text, maxsplit=1)
    if len(parts) != 2 or not _person(parts[0]):
        return False
    role = parts[1].strip()
    return 3 <= len(role) <= 80 and role[:1].isupper() and not _SENTENCE.search(role) \
        and not role.endswith((".", "!", "?", ":", ";"))


_ENDS_SENTENCE = (".", "…", "!", "?", '"', "”", ")", "»")


def _centred(el) -> bool:
    for d in el.iter():
        if not isinstance(d.tag, str):
            continue
        style = (d.get("style") or "").replace(" ", "").lower()
        if "text-align:center" in style or (d.get("align") or "").lower() == "center":
            if len(text_of(d)) >= 0.8 * len(text_of(el)):
                return True
    return False


def signature(blocks, skip=lambda text: False) -> tuple[str | None, object]:
    """The unlabelled signature ending the body (``blocks``: [(element, text)] in order; ``skip``: trailing lines
    passed over, such as source lines): a paragraph holding only a person's name after a paragraph that ends a
    sentence ("Minh Tâm"), or a bold, centred or right-aligned "Name – role" line. A last paragraph that is a
    sentence is never one."""
    blocks = [(el, text) for el, text in blocks[-6:] if text]
    while blocks and (skip(blocks[-1][1]) or is_source_line(blocks[-1][1])):
        blocks.pop()
    if len(blocks) < 2:
        return None, None
    (el, text), previous = blocks[-1], blocks[-2][1]
    if not isinstance(el.tag, str) or el.tag not in ("p", "div") or any(True for _ in el.iter("a", "img")):
        return None, None
    if _signed_names(text) and previous.endswith(_ENDS_SENTENCE) and not _over_media(el):
        return text, el
    if _name_and_role(text) and (_right_or_bold(el) or _centred(el)):
        return text, el
    if (_CREDIT_PREFIX.match(text) or _BY_PREFIX.match(text)) and _credited(text):
        return text, el
    return None, None


_CLOSING_CREDIT = re.compile(r"[.!?…\"”]\s*\((?P<credit>[^()]{3,80})\)$")
# a name and an agency in brackets after the last sentence ("… kết thúc tốt đẹp. Minh Anh (TTXVN)")
_CLOSING_SIGNED = re.compile(r"[.!?…\"”]\s+(?P<credit>[^.!?…()]{3,50}\((?:ttxvn|vna|pv|ctv|vov|vtv)\))$", re.I)


def closing_credit(blocks, skip=lambda text: False) -> tuple[str | None, object]:
    """``(credit, element)``: the credit closing the last paragraph of the body, after its last sentence: a name and
    an agency in brackets ("… kết thúc. Minh Anh (TTXVN)"); in brackets names, a name and a role or a labelled
    credit ("… trao 20 suất quà. (Trần Thị Bình - Văn phòng Sở)": the text in the brackets); or such a credit in
    bold or italics ("… kết thúc. <strong>Thu Hà</strong>", with its element; the others have none)."""
    blocks = [(el, text) for el, text in blocks[-6:] if text]
    while blocks and (skip(blocks[-1][1]) or is_source_line(blocks[-1][1])):
        blocks.pop()
    if not blocks:
        return None, None
    element, text = blocks[-1]
    signed = _CLOSING_SIGNED.search(text)
    if signed and _signed_names(signed.group("credit")):
        return signed.group("credit"), None
    match = _CLOSING_CREDIT.search(text)
    credit, run = (match.group("credit").strip(), None) if match else _closing_emphasis(element, text)
    if not credit or _AGENCY.match(credit) or is_source_line(credit) or not clean_byline(credit):
        return None, None
    if _signed_names(credit) or _name_and_role(credit) or (_CREDIT_PREFIX.match(credit) and _credited(credit)):
        return credit, run
    return None, None


def opening_credit(blocks) -> tuple[str | None, object]:
    """``(credit, element)``: a labelled credit opening the body ("Tin, ảnh: Thu Hà", "Tác giả: Thu Hà" as its
    first paragraph); an unlabelled line there is a heading or the lead, never one."""
    for element, text in blocks[:2]:
        if not text:
            continue
        if len(text) <= 80 and (_CREDIT_PREFIX.match(text) or _BY_PREFIX.match(text)) and _credited(text):
            return clean_byline(text), element
        break
    return None, None


_EMPHASIS = ("strong", "b", "em", "i")


def _closing_emphasis(element, text: str) -> tuple[str | None, object]:
    """``(text, element)`` of the bold or italic run closing the paragraph ``element`` (of text ``text``) after its
    last sentence ("… kết thúc. <strong>Thu Hà</strong>"); ``(None, None)`` without one."""
    if not isinstance(element.tag, str):
        return None, None
    last = None
    for last in element.iter(*_EMPHASIS):
        pass
    if last is None or last is element:
        return None, None
    while last.getparent() is not element and last.getparent().tag in _EMPHASIS + ("span",):
        last = last.getparent()
    credit = text_of(last)
    if not credit or credit == text or not text.endswith(credit) \
            or not text[:-len(credit)].rstrip().endswith(_ENDS_SENTENCE):
        return None, None
    return credit, last


_SIGNED_ROLE = re.compile(r"^(?:nhóm\s+(?:pv|ctv|phóng viên|cộng tác viên|tác giả)|pv|ctv)$", re.I)


def _signed_names(text: str) -> bool:
    """Names as signed under an article: "Minh Tâm", "Thu Hà - Minh Trí", "Thu Hà (TTXVN)", "Thu Hà (Trung tâm
    VH-TT huyện Yên Sơn)", "Nhóm PV", "(TTXVN)"."""
    if _AGENCY.match(text) or _SIGNED_ROLE.match(text):
        return True
    bracketed = _BRACKETED.match(text)
    if bracketed:
        if _SENTENCE.search(bracketed.group("note")):
            return False
        text = bracketed.group("name")
    parts = _NAME_SEPARATOR.split(_NAME_TITLE.sub("", text))  # "Thu Hà - Minh Trí", "Thu Hà - TTXVN", "Đ/c Thu Hà"
    return len(parts) <= 4 and _person(parts[0]) and all(_person(part) or _AGENCY.match(part) for part in parts[1:])


def _credited(text: str) -> bool:
    """Is ``text`` a credit label and names ("Tác giả: Minh Anh", "Tin và ảnh: Thu Hà - Minh Trí", "Viết bởi Thu
    Hà"), or an author's label and an office ("Tác giả: Văn phòng UBND xã")? (A label and a date, a sentence or an
    account is none.)"""
    if not clean_byline(text):
        return False
    value = _BY_PREFIX.sub("", _CREDIT_PREFIX.sub("", text)).strip(" .")
    return bool(value) and (_signed_names(value) or _name_and_role(value)
                            or (looks_like_byline(value) and not is_heading(value))
                            or (_UNIT.match(value) is not None and value[0].isupper() and len(value) <= 60
                                and not _SENTENCE.search(value)
                                and (_AUTHOR_FIELD.match(text) or _POSTER_FIELD.match(text)) is not None))


# ---------------------------------------------------------------- the byline of a parsed page
# Two field stages of ``article.py`` (``stage(page) -> (value, rule)``): the cascade above, in order.
_STYLE_RIGHT = re.compile(r"\.([\w-]+)\s*\{[^}]*text-align\s*:\s*right", re.I)
_STYLE_BOLD = re.compile(r"\.([\w-]+)\s*\{[^}]*font-weight\s*:\s*(?:bold|[6-9]00)", re.I)


def _style_classes(root):
    """``(right-aligned classes, bold classes)`` of the page's CSS."""
    right, bold = set(), set()
    for style in root.iter("style"):
        css = style.text or ""
        if len(css) > 100_000:
            continue
        right.update(_STYLE_RIGHT.findall(css))
        bold.update(_STYLE_BOLD.findall(css))
    return frozenset(right), frozenset(bold)


def _after_body(page: Page, skip_pred=None) -> list:
    """The ``(element, text)`` paragraphs of the (short) three elements after the body container (its last
    continuation)."""
    after = []
    last = page.more_bodies[-1] if page.more_bodies else page.body
    for sibling in list(last.itersiblings())[:3]:
        if isinstance(sibling.tag, str) and len(text_of(sibling)) <= 120:
            after += paragraphs(sibling, skip_pred=skip_pred)
    return after


def _byline_at_body_end(page: Page):
    """``(byline, element)``: a right-aligned or bold short paragraph ending the body (or just after it)."""
    return byline_from_tail(page.body_paragraphs() + _after_body(page, page.drop),
                            styles=lambda: _style_classes(page.root))


# ---------------------------------------------------------------- an author field of the article's details
# labels of an author field printed among the article's details, outside the body ("Ngày đăng: … | Tác giả: Thu
# Hà | Lượt xem: …"): the writer's, tried before the end of the body; a poster's, after it (a portal's poster is
# often the clerk who uploaded the article, its credit line the writer's)
AUTHOR_FIELDS = ("tác giả bài viết", "tác giả", "người viết bài", "người viết", "bút danh", "nhóm tác giả")
POSTER_FIELDS = ("người đăng", "người gửi", "được đăng bởi", "được viết bởi", "đăng bởi", "viết bởi", "gửi bởi",
                 "posted by", "written by", "bởi", "by")
FIELD_NODES = 400  # elements of the article's details read for an author field, at most
AROUND_BODY = 3  # elements before the body (without a headline) and after it that hold details


def _field_label(labels) -> re.Pattern:
    """A label of ``labels`` opening a field: after the start, a space or a separator; before a colon or a name."""
    return re.compile(r"(?:^|(?<=[\s|｜•·,;]))(?:" + "|".join(re.escape(label) for label in labels)
                      + r")(?:\s*[:：]|\s+(?=[^\W\d_]))", re.I)


_AUTHOR_FIELD, _POSTER_FIELD = _field_label(AUTHOR_FIELDS), _field_label(POSTER_FIELDS)


def _bare_label(labels) -> re.Pattern:
    """A label of ``labels`` printed alone in its element, the name in the next one ("<span>bởi <span>Thu
    Hà</span></span>", "<div>By</div>")."""
    return re.compile(r"^(?:" + "|".join(re.escape(label) for label in labels) + r")\s*[:：]?$", re.I)


_BARE_LABELS = {_AUTHOR_FIELD: _bare_label(AUTHOR_FIELDS), _POSTER_FIELD: _bare_label(POSTER_FIELDS)}
_SOURCE_FIELD = _field_label(SOURCE_LABELS)
# any field's label: a field of a line of details starts there (the longest label read: "Nguồn tin:", "Được đăng bởi:")
_ANY_FIELD = re.compile(r"(?:^|\s)((?:" + "|".join(re.escape(label) for label in sorted(
    CREDIT_LABELS + DETAIL_LABELS + SOURCE_LABELS, key=len, reverse=True)) + r")\s*[:：])", re.I)
_FIELDS_SPLIT = re.compile(r"\s*[|｜•·]\s*")


def _details(page: Page) -> list:
    """The elements of the article's details: after the headline and before the body (the body's previous siblings
    without a headline), then the few after the body; ``FIELD_NODES`` at most."""
    body, title = page.body, page.title_element
    found = []
    if body is None:
        return found
    if title is not None:  # the header's line above the headline (a WordPress entry-meta)
        for sibling in reversed(list(title.itersiblings(preceding=True))[:AROUND_BODY]):
            found.extend(sibling.iter())
    if title is None or page.scope is None:
        for sibling in reversed(list(body.itersiblings(preceding=True))[:AROUND_BODY]):
            found.extend(sibling.iter())
    else:  # what follows the headline, up the tree to the scope, until the body
        holding_body = set(body.iterancestors())
        node, reached = title, False
        while not reached and node is not None and node is not page.scope and len(found) < FIELD_NODES:
            for sibling in node.itersiblings():
                if sibling is body:
                    reached = True
                    break
                if sibling in holding_body:
                    for element in sibling.iter():
                        if element is body:
                            break
                        found.append(element)
                    reached = True
                    break
                found.extend(sibling.iter())
            node = node.getparent()
    for sibling in list(body.itersiblings())[:AROUND_BODY]:
        found.extend(sibling.iter())
    return found[:FIELD_NODES]


def _fields(page: Page, label: re.Pattern):
    """``(field, element)`` of each field labelled by ``label`` among the article's details, in order."""
    for element in _details(page):
        if not isinstance(element.tag, str) or element.tag in ("script", "style", "a"):
            continue
        own = [text for text in (collapse(part) for part in [element.text] + [child.tail for child in element]
                                 if part) if text]
        labelled = [part for part in own if label.search(part)]
        bare = own and label in _BARE_LABELS and _BARE_LABELS[label].match(own[0])
        if not (labelled or bare) or in_related(element):
            continue
        # the text beside the label ("<i class='icon'></i> Tác giả: Thu Hà <i></i> 120"), else the element's, else
        # its parent's ("<span>Tác giả:</span> <span>Thu Hà</span>") or grandparent's ("<div><span><i></i>
        # <b>Tác giả:</b></span> Thu Hà</div>")
        parent = element.getparent()
        for holder, line in [(element, part) for part in labelled] + [
                (element, None), (parent, None), (parent.getparent() if parent is not None else None, None)]:
            line = line if line is not None else text_of(holder) if holder is not None else ""
            if len(line) > 200:
                break
            for field in _FIELDS_SPLIT.split(_ANY_FIELD.sub(r" | \1", line)):
                if label.match(field):
                    yield field, holder


def byline_from_fields(page: Page, label: re.Pattern) -> tuple[str | None, object]:
    """``(field, element)``: an author field labelled by ``label`` among the article's details, outside the body
    ("Tác giả: Thu Hà", "Người đăng: Thu Hà", "Viết bởi Thu Hà"), as printed; a field with no name (an empty one, an
    account, a date) is none."""
    for field, holder in _fields(page, label):
        field = _without_date(field)  # "Bởi Trần Quốc Huy, T5, 06/05/2025 - 08:30"
        if _credited(field):
            return clean_byline(field), holder
    return None, None


# the path of a site's page of one author ("/author/thanhtam/", "/tac-gia/le-hoang-nam.htm")
_AUTHOR_PAGE = re.compile(r"/(?:authors?|tac-?gia|nguoi-viet)(?=[/_.?-]|$)", re.I)


def _author_page(link) -> bool:
    """Does ``link`` lead to the site's page of an author?"""
    return _AUTHOR_PAGE.search(urlsplit(link.get("href") or "").path) is not None


def _named(text: str) -> bool:
    """A person's name, alone or with a unit or role, as printed in a line of its own."""
    return bool(text) and len(text) <= 80 and (_person(text) or _name_and_role(text))


def byline_from_author_link(page: Page) -> tuple[str | None, object]:
    """``(name, element)``: a link among the article's details to the site's page of an author, with the name as its
    text or, for an avatar, in the element beside it; else ``(None, None)``."""
    for element in _details(page):
        if not isinstance(element.tag, str) or element.tag != "a" or in_related(element):
            continue
        if not _author_page(element):
            continue
        text, holder = text_of(element), element
        if not text and next(element.iter("img"), None) is not None:
            holder = next((s for s in element.itersiblings() if isinstance(s.tag, str)), None)
            text = text_of(holder) if holder is not None else ""
        if looks_like_byline(text) and _named(clean_byline(text) or ""):
            return clean_byline(text), holder
    return None, None


def byline_beside_date(page: Page) -> tuple[str | None, object]:
    """``(name, element)``: a person's name (after an avatar, or with a unit: "Hoàng Minh Tuấn - Văn phòng Sở") printed
    alone in the element beside the date's, linking no page but an author's; else ``(None, None)``."""
    date = page.date_element
    if date is None:
        return None, None
    for element in (date.getnext(), date.getprevious()):
        if element is None or not isinstance(element.tag, str) or in_related(element):
            continue
        if any(not _author_page(a) for a in element.iter("a")):
            continue
        text = text_of(element)
        if _named(text):
            return text, element
    return None, None


def byline(page: Page):
    """The byline as printed: the profile's expressions, author blocks in the article (the family's expressions
    first), a writer's field of the article's details, the end of the body, a poster's field, then a person named by
    JSON-LD or ``<meta>``. Leaves its text and element on the page."""
    text, rule, element = byline_from_profile(page.root, page.exprs("byline"), page.index)
    if not text:
        scope = page.scope if page.scope is not None else page.body
        text, rule, element = byline_from_blocks(scope, index=page.index, exprs=page.vocabulary("byline", AUTHOR_EXPRS))
        expr = (rule or "")[len("block:"):]
        if rule and page.family is not None and expr in page.family.byline:
            rule = f"family:{page.family.name}:{expr}"
    page.byline_element = element
    if not text:
        text, element = byline_from_fields(page, _AUTHOR_FIELD)
        if text:
            rule, page.byline_element = "generic:author-field", element
    if not text:
        text, element = byline_from_author_link(page)
        if text:
            rule, page.byline_element = "generic:author-link", element
    if not text and page.body is not None:
        text, element = _byline_at_body_end(page)
        if text:
            rule, page.byline_element = "generic:body-tail", element
    if not text and page.body is not None:
        text, element = signature(page.body_paragraphs(), skip=noise_line)
        if text:
            rule, page.byline_element = "generic:body-signature", element
    if not text and page.body is not None:
        text, element = closing_credit(page.body_paragraphs(), skip=noise_line)
        if text:
            rule, page.byline_element = "generic:closing-credit", element
    if not text and page.body is not None:
        text, element = opening_credit(page.body_paragraphs())
        if text:
            rule, page.byline_element = "generic:body-opening", element
    if not text:
        text, element = byline_from_fields(page, _POSTER_FIELD)
        if text:
            rule, page.byline_element = "generic:poster-field", element
    if not text:
        text, element = byline_beside_date(page)
        if text:
            rule, page.byline_element = "generic:beside-date", element
    if not text:
        meta = page.meta
        text = byline_from_meta(page.jsonld.get("author") or meta.get("author") or meta.get("article:author"),
                                meta.get("og:site_name"))
        rule = "meta:author"
    if not text:
        return None, None
    page.byline = text
    return text, rule


def authors(page: Page):
    """The person names of the byline."""
    return (split_authors(page.byline), "byline") if page.byline else (None, None)


# ---------------------------------------------------------------- the source line of a parsed page
SOURCE_TAIL = 5  # paragraphs at the end of the body searched for a source line
SOURCE_LINE = 100  # characters of a source line printed among the article's details, at most
# a source line closing the last paragraph, after its last sentence ("… kết thúc. (Theo VOV)", "… Nguồn: Báo X")
_CLOSING_SOURCE = re.compile(r"[.!?…\"”]\s+(?P<source>\(?\s*(?:theo|nguồn|source)\b[^()]{2,120}\)?)$", re.I)


def _profile_source(page: Page):
    """``(text, rule, element)`` of the first match of the profile's ``source`` expressions with text."""
    for expr in page.exprs("source"):
        try:
            matches = find(page.index, page.root, expr)
        except Exception:
            continue
        for match in matches:
            text = collapse(match) if isinstance(match, str) else text_of(match)
            if text and len(text) <= 200:
                return text, f"profile:{expr}", None if isinstance(match, str) else match
    return None, None, None


def _first_source_lines(block) -> str:
    """The text of a source block: its first lines that read as a source line ("Theo X (Vietnamnet)", not the
    rating or the share box the block holds on further lines), else all of it."""
    lines = [text for _, text in paragraphs(block) if text]
    for n in range(1, len(lines)):
        if is_source_line(" ".join(lines[:n])):
            return " ".join(lines[:n])
    return text_of(block)


def source(page: Page):
    """The source line as printed ("Nguồn: Báo Nhân Dân", "(Theo VOV)"): the profile's ``source`` expressions;
    else a source block of the article (``SOURCE_EXPRS``), else a source line among the last paragraphs of the body
    or just after it (and its last ``<p>``s, which a noise box test may have dropped: a line of one link, its URL,
    is one). Leaves its text and element on the page (they are not body text)."""
    text, rule, element = _profile_source(page)
    if text:
        page.source, page.source_element = text, element
        return text, rule
    scope = page.scope if page.scope is not None else page.body
    for expr in SOURCE_EXPRS:
        for match in find(page.index, scope, expr):
            if isinstance(match, str) or in_related(match):
                continue
            text = _first_source_lines(match)
            if 3 <= len(text) <= 200:
                page.source, page.source_element = text, match
                return text, f"generic:{expr}"
    for expr in page.vocabulary("byline", AUTHOR_EXPRS):  # "(Theo TTXVN)" printed in the author's slot
        for match in find(page.index, scope, expr):
            if not isinstance(match, str) and not in_related(match) and is_source_line(text_of(match)):
                page.source, page.source_element = text_of(match), match
                return page.source, f"generic:author-slot:{expr}"
    if page.byline_element is not None:  # "Tác giả: Thu Hà | Nguồn: Báo Tuyên Quang"
        text = split_source(text_of(page.byline_element))[1]
        if text and len(text) <= 200:
            page.source = text
            return text, "generic:byline-line"
    if page.body is None:
        return None, None
    captions = set(page.caption_elements)
    last_ps = [(p, text_of(p)) for p in list(page.body.iter("p"))[-SOURCE_TAIL:] if p not in captions]
    for element, text in reversed(last_ps + page.body_paragraphs()[-SOURCE_TAIL:] + _after_body(page)):
        if len(text) <= 200 and is_source_line(text):
            page.source, page.source_element = text, element
            return text, "generic:body-tail"
    last = [text for _, text in page.body_paragraphs()[-SOURCE_TAIL:] if text and not noise_line(text)]
    closing = _CLOSING_SOURCE.search(last[-1]) if last else None  # "… kết thúc. (Theo VOV)"
    if closing and is_source_line(closing.group("source")):
        page.source = closing.group("source")
        return page.source, "generic:closing-source"
    for text, element in _fields(page, _SOURCE_FIELD):  # "Ngày đăng: 12/03/2024 | Nguồn: Báo Tuyên Quang"
        if is_source_line(text):
            page.source = text
            return text, "generic:details"
    for element in _details(page):  # "<span>Theo Ngoisao</span> | 25/12/2012": a source line of its own
        if isinstance(element.tag, str) and element.tag not in ("script", "style") and not in_related(element):
            text = text_of(element)
            if len(text) <= SOURCE_LINE and is_source_line(text):
                while (inner := next((c for c in element if isinstance(c.tag, str)
                                      and is_source_line(text_of(c))), None)) is not None:
                    element, text = inner, text_of(inner)  # the line's own element, not the date beside it
                page.source, page.source_element = text, element
                return text, "generic:details-line"
    return None, None
