"""The site's visitor counter block ("Thống kê truy cập") -> kind -> number as printed.

``extract_counters(root, exprs)`` tries the profile's ``counters`` selectors first, then generic
blocks: elements whose class/id names a counter, then elements whose text carries a counter
heading or label. Inside the block, label/number pairs are read from its text in document order
(lists, tables, span pairs and plain text all flatten to "label: number" sequences; a column of
labels beside a column of counts is read in order). The forms met on portals are listed in
docs/evaluation.md ("Visitor counter forms").
A per-article view count ("Lượt xem: 1.523") is never the site counter, a number of a date or a
time is never a count, and a block that reads one kind twice with two counts reads nothing.
"""
from __future__ import annotations

import itertools
import re
import unicodedata

from lxml import etree

from crawler.items import COUNTER_KINDS
from crawler.extract.selectors import find, trie_pattern
from crawler.extract.text import collapse

# label -> kind, as printed on portals (docs/evaluation.md, "Visitor counter forms"); ``None``: a count the contract
# has no key for (last week, last month, an article's views), read so that its number is never taken for another.
# The trie below always prefers the longest label, so "Tổng lượt truy cập" wins over "Tổng".
_LABELS = [
    # total
    ("tổng lượt truy cập", "total"), ("tổng số lượt truy cập", "total"), ("tổng lượng truy cập", "total"),
    ("tổng truy cập", "total"), ("tổng số truy cập", "total"), ("tổng số người truy cập", "total"),
    ("tổng số lượt", "total"), ("tổng lượt", "total"),
    ("tổng số", "total"), ("tổng cộng", "total"), ("tất cả", "total"), ("tổng", "total"), ("total", "total"),
    ("lượt truy cập", "total"), ("số lượt truy cập", "total"), ("lượt truy nhập", "total"),
    ("số lượng truy cập", "total"), ("lượng truy cập", "total"),
    # the whole site's page views (Blogger's Stats widget, "Total pageviews"), unlike an article's "Lượt xem"
    ("tổng số lượt xem trang", "total"),
    # online now
    ("đang online", "online"), ("đang truy cập", "online"), ("đang trực tuyến", "online"), ("trực tuyến", "online"),
    ("truy cập hiện tại", "online"), ("online", "online"), ("khách online", "online"),
    # periods ("Truy cập tháng: 6.120" is this month's count, as on Laravel/PHP theme counters)
    ("hôm nay", "today"), ("trong ngày", "today"), ("today", "today"),
    ("hôm qua", "yesterday"), ("yesterday", "yesterday"),
    ("trong tuần", "week"), ("tuần này", "week"), ("truy cập tuần", "week"), ("this week", "week"),
    ("trong tháng", "month"), ("tháng hiện tại", "month"), ("tháng này", "month"), ("truy cập tháng", "month"),
    ("this month", "month"),
    ("trong năm", "year"), ("năm nay", "year"), ("năm hiện tại", "year"), ("truy cập năm", "year"),
    ("this year", "year"),
    # counts without a key: past periods, and the members among those online (NukeViet's "Thành viên online" under
    # its "Đang truy cập"), which are not the site's online count
    ("tuần trước", None), ("tháng trước", None), ("năm trước", None),
    ("thành viên online", None), ("thành viên trực tuyến", None), ("thành viên đang online", None),
    ("lượt xem", None), ("lượt đọc", None), ("bình luận", None),
]
_LABEL_ALT = trie_pattern(lbl for lbl, _ in _LABELS)  # longest label first, as a trie
_KIND = dict(_LABELS)
_NUM = r"(\d{1,3}(?:[.,\s]\d{3})+|\d+)"
# a count is no part of a date or a time ("Hôm nay: 12/01/2024", "08:30"): nothing of one may touch it
_NOT_AFTER = r"(?!\d|\s?[/:]\s?\d|-\d)"
_NOT_BEFORE = r"(?<![\d/:])"
_LABEL_RE = r"(?<!\w)(" + _LABEL_ALT + r")(?!\w)"
_PAIR_RE = re.compile(_LABEL_RE + r"[^\d\w]{0,12}?" + _NOT_BEFORE + _NUM + _NOT_AFTER, re.I)
_PAIR_REV_RE = re.compile(_NOT_BEFORE + _NUM + r"[^\d\w]{0,6}(" + _LABEL_ALT + r")(?!\w)(?=\s*(?:$|[|:;,.)\]]|\d))",
                          re.I)
# labels, counts and other words of a block, for a counter printed as a column of labels beside a column of counts
_TOKEN_RE = re.compile(_LABEL_RE + "|" + _NOT_BEFORE + _NUM + _NOT_AFTER + r"|\w+", re.I)
# a label naming the period itself: "Tháng 10 :" (this month, or "Tháng 10/2021"), "Năm 2021 :" (this year)
_PERIOD_RE = re.compile(r"(?<!\w)(?:trong\s+)?(tháng|năm)\s*(\d{1,2}(?:\s*[/.-]\s*\d{4})?|\d{4})\s*[:：]\s*"
                        + _NUM + r"(?![\d])", re.I)
_HEADINGS = ("thống kê truy cập", "lượt truy cập", "lượng truy cập", "đang truy cập", "đang online", "số lượt truy cập",
             "thống kê lượt truy cập", "lượt truy nhập", "thống kê", "truy cập", "tổng số lượt xem trang")
_CLASS_HINTS = ("counter", "visitor", "thongke", "thong-ke", "thong_ke", "statistic", "truycap", "truy-cap",
                "hitcount", "online", "luottruycap", "webstat", "luot-truy-cap")
_DIGIT = re.compile(r"\d")
_ONE_DIGIT = re.compile(r"^\s*\d\s*$")
_LONE_DIGITS = re.compile(r"\0\s*\d\s*\0(?:\s*\0)*\s*\d\s*\0")  # two texts of one digit, only blanks between
_DIGIT_FILE = re.compile(r"^(?:[a-z]{0,8}[_-]?)?(\d)\.(?:gif|png|jpe?g|bmp|webp|svg)$", re.I)
_STR = etree.XPath("string(.)")
_STRING = etree.XPath("string(/)")


# case variants spelled out, factored into a trie: a case-insensitive Unicode alternation is slow
_ANCHOR_WORDS = ["truy cập", "truy nhập", "online", "trực tuyến", "thống kê", "visitor", "counter", "lượt xem trang"]
_LABEL_WORDS = ["truy cập", "truy nhập", "online", "trực tuyến", "thống kê", "hôm nay", "hôm qua", "tổng", "tất cả",
                "trong tuần", "tuần này", "trong tháng", "tháng này", "trong năm", "năm nay"]


def _cases(words):
    """Each word in lower case, capitalised, in capitals and title case, each also typed with combining marks:
    decomposed (NFD) and as Vietnamese "Unicode tổ hợp" (the tone marks alone combining: "ô" + U+0301)."""
    variants = {v for w in words for v in (w, w[:1].upper() + w[1:], w.upper(), w.title())}
    return sorted(variants | {unicodedata.normalize("NFD", v) for v in variants} | {_tones_apart(v) for v in variants})


_TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")


def _tones_apart(word: str) -> str:
    """``word`` with each tone mark a combining character after its letter, the letter keeping its other marks."""
    clusters = []
    for ch in unicodedata.normalize("NFD", word):
        if unicodedata.combining(ch) and clusters:
            clusters[-1].append(ch)
        else:
            clusters.append([ch])
    return "".join(unicodedata.normalize("NFC", "".join(c for c in cluster if c not in _TONE_MARKS))
                   + "".join(c for c in cluster if c in _TONE_MARKS) for cluster in clusters)


_ANCHOR_RE = re.compile(trie_pattern(_cases(_ANCHOR_WORDS)))
_LABEL_TEXT_RE = re.compile(trie_pattern(_cases(_LABEL_WORDS)))


def parse_count(raw) -> int | None:
    """Counter text to int: "1.735.685", "1,735,685", "1 735 685", "27 " -> int; None if no number."""
    if raw is None:
        return None
    s = collapse(str(raw))
    m = re.search(_NUM, s)
    if not m:
        return None
    digits = re.sub(r"\D", "", m.group(1))
    try:
        return int(digits) if digits else None
    except ValueError:
        return None


def _pairs(text: str) -> dict[str, str]:
    """kind -> number as printed, read from a block's text: labels naming the period ("Tháng 10 : 9.244"), then a
    column of labels beside a column of counts, then "label: count" pairs, or "count label" pairs when the block
    reads that way round (more kinds read so)."""
    found: dict[str, str] = {}
    periods = [(m, kind) for m in _PERIOD_RE.finditer(text) for kind in [_period_kind(m.group(1), m.group(2))] if kind]
    if periods:  # "Trong tháng 10 : 9.244": the month's number is the label's, not its count
        text = _PERIOD_RE.sub(lambda m: " " * len(m.group(0)) if _period_kind(m.group(1), m.group(2)) else m.group(0),
                              text)
    columns, spans = _columns(text)
    for start, end in spans:
        text = text[:start] + " " * (end - start) + text[end:]
    found.update(columns)
    forward = _read(((m.group(1), m.group(2)) for m in _PAIR_RE.finditer(text)))
    reverse = _read(((m.group(2), m.group(1)) for m in _PAIR_REV_RE.finditer(text)))
    if forward is None or reverse is None:
        return {}
    for kind, raw in (reverse if len(reverse) > len(forward) else forward).items():
        found.setdefault(kind, raw)
    for m, kind in periods:
        if kind not in found:
            found[kind] = m.group(3).strip()
    return found


def _read(pairs) -> dict[str, str] | None:
    """kind -> count from (label, count) pairs in order; None when one kind has two different counts (two
    blocks read as one, say "Tổng số: 1.204" of a documents box beside the visitor counter's total)."""
    found: dict[str, str] = {}
    for label, raw in pairs:
        kind = _KIND.get(label.lower())
        if not kind:
            continue
        if kind in found and parse_count(found[kind]) != parse_count(raw):
            return None
        found.setdefault(kind, raw.strip())
    return found


def _columns(text: str) -> tuple[dict[str, str], list[tuple[int, int]]]:
    """A run of labels followed by a run of as many counts ("Hôm nay Hôm qua Tất cả 312 405 876543", a column of
    titles beside a column of numbers, as Vinaora's Joomla counter prints them): kind -> count in order, and the
    spans to leave to no other reading. One more label than counts is a heading ("Lượt truy cập Hôm nay 979").
    Any other shape reads nothing (a count matched to the wrong label is worse than none); a colon after a label
    makes no column (it pairs that label with the count after it)."""
    tokens = [(m.start(), m.end(), "label" if m.group(1) else "number" if m.group(2) else "word",
               m.group(1) or m.group(2)) for m in _TOKEN_RE.finditer(text)]
    found: dict[str, str] = {}
    spans = []
    i = 0
    while i < len(tokens):
        j = i
        while j < len(tokens) and tokens[j][2] == "label":
            j += 1
        k = j
        while k < len(tokens) and tokens[k][2] == "number":
            k += 1
        labels, numbers = tokens[i:j], tokens[j:k]
        # "Hôm nay: 12 | 345" pairs a label with the count after it: no column
        if len(labels) >= 2 and numbers and ":" not in text[labels[0][1]:numbers[0][0]]:
            if len(labels) == len(numbers) + 1 or len(labels) == len(numbers):
                for label, number in zip(labels[len(labels) - len(numbers):], numbers):
                    kind = _KIND.get(label[3].lower())
                    if kind and kind not in found:
                        found[kind] = number[3].strip()
            spans.append((labels[0][0], numbers[-1][1]))  # read or not, never paired label by label
        i = max(k, i + 1)
    return found, spans


def _period_kind(word: str, period: str) -> str | None:
    """``month`` for "tháng" and a month number (with its year or not), ``year`` for "năm" and a year; else None."""
    number = int(re.match(r"\d+", period).group(0))
    if word.lower() == "tháng" and 1 <= number <= 12 and (len(period) <= 2 or re.search(r"\d{4}$", period)):
        return "month"
    if word.lower() == "năm" and len(period) == 4 and 1990 <= number <= 2100:
        return "year"
    return None


def counters_from_element(el, native: str | None = None) -> dict[str, str] | None:
    """Label/number pairs inside one block (None if it holds none). ``native``: ``string(el)`` if known."""
    return _counters_and_text(el, native)[0]


def _counters_and_text(el, native: str | None = None, memo: dict | None = None) -> tuple[dict | None, str | None]:
    """``counters_from_element`` and the block text it read (None when it read none). ``memo``: block text ->
    pairs, shared by the blocks of one page (a wrapper element often has the same text as its only child)."""
    if not _DIGIT.search(_STR(el) if native is None else native) and not _has_digit_image(el):
        return None, None  # no number, no counter
    text = _block_text(el)
    if not text or len(text) > 1500:
        return None, text
    if memo is None:
        found = _pairs(text)
    else:
        found = memo.get(text)
        if found is None:
            found = memo[text] = _pairs(text)
    # a lone "Lượt truy cập" next to "Tổng" is the heading, not a second total; keep the first total
    return {k: found[k] for k in COUNTER_KINDS if k in found} or None, text


def _has_digit_image(el) -> bool:
    return any(_image_digit(img) is not None for img in el.iter("img"))


def _block_text(el) -> str:
    """The block's text, a space between text nodes ("Hôm nay</td><td>27" stays apart), but a counter printed one
    digit per cell or per image (``alt="1"``, ``src=".../3.gif"``) read as one number ("0001735685")."""
    pieces = list(el.itertext())
    if not _LONE_DIGITS.search("\0" + "\0".join(pieces) + "\0") and not _has_digit_image(el):
        return collapse(_join(pieces))
    out, digits, last = [], False, ""
    for piece, kind in _pieces(el):
        if kind == "digit":
            out.append(piece if digits else _gap(last, piece) + piece)
            digits, last = True, piece
        elif kind == "text":
            out.append(_gap(last, piece) + piece)
            digits, last = False, piece.rstrip()[-1:] or last
        elif not digits:
            out.append(" ")  # whitespace between two lone digits is dropped: they are one number
    return collapse("".join(out))


def _join(pieces: list[str]) -> str:
    out, last = [], ""
    for piece in pieces:
        out.append(_gap(last, piece) + piece)
        last = piece.rstrip()[-1:] or last
    return "".join(out)


def _gap(last: str, piece: str) -> str:
    """What goes between texts of different elements (``last``: the last character before ``piece`` that is not
    blank): a space, but " | " between two numbers ("<td>12</td><td>345</td>" is 12 and 345, never 12345)."""
    return " | " if last.isdigit() and piece.lstrip()[:1].isdigit() else " "


def _pieces(el):
    """``(text, kind)`` of the block in document order: ``"digit"`` (a text or an image that is one digit),
    ``"space"`` or ``"text"``."""
    for event, node in etree.iterwalk(el, events=("start", "end")):
        if event == "start":
            if node.tag == "img":
                digit = _image_digit(node)
                if digit is not None:
                    yield digit, "digit"
            elif isinstance(node.tag, str) and node.tag not in ("script", "style") and node.text:
                yield _piece(node.text)
        elif node is not el and node.tail:
            yield _piece(node.tail)


def _piece(text: str) -> tuple[str, str]:
    if text.isspace():
        return text, "space"
    return (text.strip(), "digit") if _ONE_DIGIT.match(text) else (text, "text")


def _image_digit(img) -> str | None:
    """The digit a counter image shows: its ``alt`` when that is one digit, else a file named after one
    ("3.gif", "so_3.png", "d3.gif")."""
    alt = (img.get("alt") or "").strip()
    if len(alt) == 1 and alt.isdigit():
        return alt
    name = (img.get("src") or "").rsplit("/", 1)[-1].split("?")[0]
    match = _DIGIT_FILE.match(name)
    return match.group(1) if match else None


def extract_counters(root, exprs=(), index=None) -> tuple[dict[str, str] | None, str | None]:
    """Find the visitor counter block: ``(kind -> number as printed, rule)`` or ``(None, None)``.

    ``index`` (a ``selectors.PageIndex``) answers the profile's expressions when given."""
    if root is None:
        return None, None
    for expr in exprs or ():
        try:
            matches = find(index, root, expr)
        except Exception:
            continue
        for el in matches:
            if isinstance(el, str):
                found = _pairs(collapse(el))
                found = {k: found[k] for k in COUNTER_KINDS if k in found} or None
            else:
                found = counters_from_element(el)
            if found:
                return found, f"profile:{expr}"
    # label text nodes, climbing to the block that holds the most label/number pairs
    labels = _label_nodes(root)
    if not labels:
        return None, None
    if not any(_ANCHOR_RE.search(t) for _, t in labels) and not _ANCHOR_RE.search(_STRING(root)) \
            and not any(_counter_class(el) for el, _ in labels):
        return None, None  # no counter vocabulary anywhere on the page, nor a counter's class around a label
    cache: dict = {}
    memo: dict = {}
    too_long: set = set()  # labels often share an ancestor too long to be a counter: measure it once
    best = None
    for el, _ in labels:
        if not isinstance(el.tag, str):  # the tail of a comment or PI: its parent holds the text
            el = el.getparent()
        local = None
        for _ in range(6):
            if el is None or el.tag in ("html", "body", "script", "style", "head", "title") or el in too_long:
                break
            if el in cache:
                found = cache[el]
            else:
                native = _STR(el)  # the string value, built by libxml2: a cheap look before any Python text work
                if len(native) > 3000:
                    too_long.add(el)
                    break
                found, text = _counters_and_text(el, native, memo)
                found = found if found and _plausible(found, el, text) else None
                cache[el] = found
            if found and (local is None or len(found) > len(local)):
                local = found
            el = el.getparent()
        if local and (best is None or len(local) > len(best)):
            best = local
    if best:
        return best, "generic:text"
    return None, None


def _counter_class(el) -> bool:
    """Whether ``el`` or one of its five nearest ancestors has a class or id naming a counter ("thongke",
    "vvisit_counter"): a block with no heading ("Hôm nay: 300 | Tổng: 45.000") is still known by its markup."""
    for node in itertools.chain((el,), itertools.islice(el.iterancestors(), 5)):  # never the whole ancestry
        if not isinstance(node.tag, str):
            continue
        cls = f"{node.get('class') or ''} {node.get('id') or ''}".lower()
        if any(h in cls for h in _CLASS_HINTS if h != "online"):
            return True
    return False


_NOT_TEXT = ("script", "style", etree.Comment, etree.ProcessingInstruction)  # comments' tails are text


def _label_nodes(root) -> list[tuple[object, str]]:
    """``(element, text)`` for the texts of <body> (script/style, comments and PIs left out) holding a counter
    label word, in document order; the element is the one holding the text, or the one whose tail it is."""
    body = root.find("body")
    if body is None:
        return []
    search = _LABEL_TEXT_RE.search
    found = []
    # a text over 3000 characters makes every block around it too long to be a counter
    # most texts of a page are indentation: ``isspace`` turns them away for less than a regex call costs
    for el in body.iter():
        t = el.text
        if t and not t.isspace() and len(t) <= 3000 and el.tag not in _NOT_TEXT and search(t):
            found.append((el, t, False))
        t = el.tail
        if t and not t.isspace() and len(t) <= 3000 and el is not body and search(t):
            found.append((el, t, True))
    if len(found) > 1:  # iter() sees a tail before the texts inside its element: restore document order
        found.sort(key=lambda f: _text_position(f[0], f[2]))
    return [(el, t) for el, t, _ in found]


def _text_position(el, tail: bool) -> tuple:
    """Sort key in document order for an element's text (before its children) or tail (after them)."""
    path = []
    node = el
    for parent in el.iterancestors():
        path.append(parent.index(node))
        node = parent
    path.reverse()
    path.append(float("inf") if tail else -1)
    return tuple(path)


MIN_TOTAL = 10  # a site's total below this is a stray number read as the counter


def _plausible(found: dict[str, str], el, text: str | None = None) -> bool:
    """A counter block has >= 2 kinds, or one kind whose count ends its clause, under a counter heading/class; its
    total, if any, is at least ``MIN_TOTAL`` and no other count exceeds it (a count read wrong is worse than
    none). ``text``: ``_block_text(el)`` if known."""
    values = {kind: parse_count(raw) for kind, raw in found.items()}
    total = values.get("total")
    if total is not None and (total < MIN_TOTAL or any(v is not None and v > total for v in values.values())):
        return False
    if len(found) >= 2:
        return True
    text = (_block_text(el) if text is None else text).lower()
    if len(text) > 200:
        return False
    raw = next(iter(found.values()))
    if not re.search(r"(?<![\w.,])" + re.escape(raw) + r"(?!\s*\w)", text):
        return False  # "… riêng hôm nay 500 lượt, theo …": a count a sentence goes on after is no counter's
    cls = f"{el.get('class') or ''} {el.get('id') or ''}".lower()
    return any(h in text for h in _HEADINGS) or any(h in cls for h in _CLASS_HINTS if h != "online")
