"""Vietnamese date strings as printed on portals -> ISO 8601 in +07:00.

``parse_date("Thứ Ba, 14/06/2022 - 10:30")`` -> ``"2022-06-14T10:30:00+07:00"``;
``parse_date("14/06/2022")`` -> ``"2022-06-14"`` (a date alone keeps date precision).

Day-first always (but for "3/25/2024 9:05:10 PM", .NET's en-US form, when day-first cannot be a date, and
for a day and month that could each be the other when the printed weekday is only the month-first reading's).
A fast path of regular expressions handles the numeric forms, the "ngày X tháng Y năm Z" forms,
machine-readable ISO values, relative ("2 giờ trước") and "Hôm nay/Hôm qua" forms, 12-hour clocks
(AM/PM, SA/CH); a line printing both a publication and an update label is read at the publication's;
``dateparser`` is only tried as a last resort (it is slow).

Where a parsed page prints its publication date is ``datelines.py``.
"""
from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, timedelta, timezone
from functools import lru_cache

VN_TZ = timezone(timedelta(hours=7))

_MONTH_WORDS = {
    "giêng": 1, "một": 1, "hai": 2, "ba": 3, "tư": 4, "bốn": 4, "năm": 5, "sáu": 6,
    "bảy": 7, "tám": 8, "chín": 9, "mười": 10, "mười một": 11, "mười hai": 12, "chạp": 12,
}
_MONTH_ALT = "|".join(sorted(map(re.escape, _MONTH_WORDS), key=len, reverse=True))

# 2022-06-14T08:15:00+07:00, 2025-06-17T13:43:02+0700, 2022-06-14 08:15, 2022-06-14
_ISO_RE = re.compile(
    r"(?<!\d)(\d{4})-(\d{1,2})-(\d{1,2})"
    r"(?:[t ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?\s*(z|[+-]\d{2}(?::?\d{2})?)?)?(?!\d)")
# 2022/06/14 (year first, other separators)
_YMD_RE = re.compile(r"(?<!\d)(\d{4})([/.])(\d{1,2})\2(\d{1,2})(?![\d])")
# 14 tháng 06 năm 2022 / 14 Tháng Năm 2022 / ngày 8 tháng 1, 2015
_WORDS_RE = re.compile(
    r"(?<!\d)(\d{1,2})\s*(?:tháng|th\.?)\s*(\d{1,2}|" + _MONTH_ALT + r")(?!\w)\s*(?:[,/-]?\s*năm\s*|,\s*|\s)\s*(\d{4})(?!\d)")
# 14/06/2022, 14-6-2022, 14.06.2022, 14/6/22
_DMY_RE = re.compile(r"(?<![\d/.-])(\d{1,2})\s?([/.-])\s?(\d{1,2})\s?\2\s?(\d{4}|\d{2})(?![\d/]|\.\d)")
# 14 06 2022: day, month and four-digit year separated by single spaces (a SharePoint news webpart's header cell;
# a WordPress theme's "d m, Y" puts a comma before the year),
# not inside a run of numbers (a phone "0290 3862 111", "12 05 2020 4417"); a time may follow, or come first
SPACED_DMY_RE = re.compile(r"(?<![\d/.:,-])(?:(?<!\d )|(?<=:\d\d ))(\d{1,2}) (\d{1,2}),? ((?:19|20)\d\d)(?![\d/.-])"
                           r"(?! \d+(?![\d:h]))")
# year-less: Ngày 14/6, 14-6
_DM_RE = re.compile(r"(?<![\d/.,-])(\d{1,2})([/.-])(\d{1,2})(?![\d/.-]|[.,]\d)")
# month first: "Tháng Sáu 14, 2022", "tháng 6 14 2022" (English-style order with Vietnamese month words), and
# WordPress's abbreviated "Th6 4, 2025" (its "M j, Y" in Vietnamese)
_MONTH_FIRST_RE = re.compile(
    r"(?<!\d)(?:tháng\s*(\d{1,2}|" + _MONTH_ALT + r")|(?<!\w)th(\d{1,2}))\s+(\d{1,2})(?:\s*,\s*|\s+)(\d{4})(?!\d)")
_DM_WORDS_RE = re.compile(r"(?<!\d)(\d{1,2})\s*tháng\s*(\d{1,2}|" + _MONTH_ALT + r")(?!\w)")
# times: 10:30, 08:15:00, 10h30, 10g30, 10 giờ 30
_TIME_RE = re.compile(
    r"(?<![\d:])(\d{1,2})\s?(?::\s?(\d{2})(?::(\d{2}))?|h\s?(\d{2})?(?![\w])|g(\d{2})(?!\w)|\s?giờ(?:\s?(\d{1,2})(?:\s?phút)?)?(?!\s*trước))(?![\d])"
    r"(?:\s*(sa|ch|am|pm|a\.m\.|p\.m\.|sáng|trưa|chiều|tối|đêm)(?!\w))?")
_OFFSET_AFTER_RE = re.compile(
    r"\s*\(?\s*(?:(?:gmt|utc)\s*([+-])\s*(\d{1,2})(?::?(\d{2}))?|([+-])(\d{2}):?(\d{2})(?!\d)|(z|gmt|utc)(?!\w))")
# a time with seconds right after a date: the shape of .NET's default (culture-dependent) date and time
_SECONDS_AFTER = re.compile(r"\s*,?\s*\d{1,2}:\d{2}:\d{2}(?!\d)")
# counts spelt out ("một giờ trước", "mười phút trước")
_COUNT_WORDS = {"một": 1, "hai": 2, "ba": 3, "bốn": 4, "năm": 5, "sáu": 6, "bảy": 7, "tám": 8, "chín": 9, "mười": 10}
_COUNT = r"(\d+|" + "|".join(_COUNT_WORDS) + r")\s*(giây|phút|giờ|tiếng|ngày|tuần|tháng|năm)"
# "… trước", "cách đây …"
_RELATIVE_RE = re.compile(r"(?<!\w)(?:" + _COUNT + r"\s*trước|cách\s*đây\s*" + _COUNT + r"(?!\w))")
_TODAY_RE = re.compile(r"\b(hôm nay|hôm qua|hôm kia)\b")
_JUST_NOW_RE = re.compile(r"\b(vừa xong|vừa mới|mới đây)\b")

# labels of a date line, longest first where one holds another: the publication's wins over an update's when a
# line prints both ("Cập nhật lần cuối: … | Ngày đăng: …"); LAST_UPDATE_LABELS name only a later change (a plain
# "Cập nhật:" is many portals' only date line, their publication time)
PUBLISH_LABELS = ["ngày đăng tải", "ngày đăng", "đăng ngày", "đăng lúc", "đăng tải lúc", "đăng tải ngày",
                  "thời gian đăng", "ngày xuất bản", "xuất bản ngày", "xuất bản lúc", "xuất bản", "ngày tạo",
                  "ngày viết", "ngày phát hành", "published on", "published", "posted on", "posted"]
LAST_UPDATE_LABELS = ["cập nhật lần cuối", "lần cập nhật cuối", "cập nhật gần nhất", "ngày cập nhật cuối",
                      "ngày sửa đổi", "ngày sửa", "sửa đổi", "sửa lần cuối", "chỉnh sửa lần cuối", "chỉnh sửa",
                      "last updated", "last modified", "updated on", "modified"]
UPDATE_LABELS = LAST_UPDATE_LABELS + ["ngày cập nhật", "cập nhật lúc", "cập nhật ngày", "cập nhật"]


def _label_re(labels) -> re.Pattern:
    return re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, sorted(labels, key=len, reverse=True))) + r")(?!\w)")


_PUBLISH_RE, _UPDATE_RE, _LAST_UPDATE_RE = map(_label_re, (PUBLISH_LABELS, UPDATE_LABELS, LAST_UPDATE_LABELS))


def _segments(t: str):
    """``(publish, rest)``: the part of a normalised line after its first publication label, up to the next label
    (None without one); the line without its update-labelled parts (None without one)."""
    marks = sorted([(m.start(), m.end(), "p") for m in _PUBLISH_RE.finditer(t)]
                   + [(m.start(), m.end(), "u") for m in _UPDATE_RE.finditer(t)])
    marks = [m for i, m in enumerate(marks) if not (i and m[0] < marks[i - 1][1])]  # "ngày đăng" in "ngày đăng tải"
    publish = rest = None
    kept, last = [], 0
    for i, (start, end, kind) in enumerate(marks):
        stop = marks[i + 1][0] if i + 1 < len(marks) else len(t)
        if kind == "p" and publish is None:
            publish = t[end:stop]
        if kind == "u":
            kept.append(t[last:start])
            last = stop
    if last:
        rest = " ".join(kept) + " " + t[last:]
    return publish, rest


def last_update_line(text: str) -> bool:
    """Does ``text`` print only a later change ("Cập nhật lần cuối: …", "Sửa đổi: …"), no publication label?"""
    t = _normalise(text or "")
    return bool(_LAST_UPDATE_RE.search(t)) and not _PUBLISH_RE.search(t)


# labels of an event's date or of a document's dates, printed in an article's text ("Thời gian: 08:00 ngày 10/6")
EVENT_LABELS = ["thời gian", "địa điểm", "từ ngày", "đến ngày", "hạn chót", "hạn nộp", "thời hạn", "lịch",
                "ngày ban hành", "ngày hiệu lực", "ngày diễn ra", "ngày tổ chức", "khai mạc", "bế mạc"]
_EVENT_RE = _label_re(EVENT_LABELS)


def event_labelled(text: str) -> bool:
    """Does ``text`` open with an event's or a document's date label ("Thời gian: …", "Ngày ban hành: …") and not
    a publication label ("Thời gian đăng: …")?"""
    t = _normalise(text or "").lstrip(" -|:•·([")
    return bool(_EVENT_RE.match(t)) and not _PUBLISH_RE.match(t)


def publish_labelled(text: str) -> bool:
    """Does ``text`` open with a publication label ("Ngày đăng: …", "Đăng lúc …")?"""
    return bool(_PUBLISH_RE.match(_normalise(text or "").lstrip(" -|:•·(["), 0))


def update_line(text: str) -> bool:
    """Does ``text`` print an update's label ("Cập nhật: …") and no publication label?"""
    t = _normalise(text or "")
    return bool(_UPDATE_RE.search(t)) and not _PUBLISH_RE.search(t)


_PM = {"ch", "pm", "p.m.", "chiều", "tối", "đêm"}
_AM = {"sa", "am", "a.m.", "sáng"}


def _as_reference(reference) -> datetime:
    if reference is None:
        return datetime.now(VN_TZ)
    if isinstance(reference, str):
        try:
            reference = datetime.fromisoformat(reference.strip().replace("Z", "+00:00"))
        except ValueError:
            return datetime.now(VN_TZ)
    if isinstance(reference, datetime):
        if reference.tzinfo is None:
            return reference.replace(tzinfo=VN_TZ)
        return reference.astimezone(VN_TZ)
    if isinstance(reference, date):
        return datetime(reference.year, reference.month, reference.day, tzinfo=VN_TZ)
    return datetime.now(VN_TZ)


def _fmt_dt(dt: datetime) -> str:
    return dt.astimezone(VN_TZ).strftime("%Y-%m-%dT%H:%M:%S+07:00")


def _fmt_d(d: date) -> str:
    return d.strftime("%Y-%m-%d")


def _month(token: str) -> int:
    return int(token) if token.isdigit() else _MONTH_WORDS.get(token, 0)


def _valid_date(y: int, m: int, d: int) -> date | None:
    if not (1900 <= y <= 2100):
        return None
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _offset(sign: str, hh: str, mm: str | None) -> timezone | None:
    h, m = int(hh), int(mm or 0)
    if h > 14 or m > 59:
        return None
    delta = timedelta(hours=h, minutes=m)
    return timezone(-delta if sign == "-" else delta)


def _find_time(text: str):
    """First plausible time in ``text``: (hour, minute, second, tz or None) or None."""
    for m in _TIME_RE.finditer(text):
        hh = int(m.group(1))
        mm = m.group(2) or m.group(4) or m.group(5) or m.group(6) or "0"
        ss = m.group(3) or "0"
        mm, ss = int(mm), int(ss)
        marker = m.group(7)
        if marker in _PM and hh < 12:
            hh += 12
        elif marker in _AM and hh == 12:
            hh = 0
        if (hh > 23 and (hh, mm, ss) != (24, 0, 0)) or mm > 59 or ss > 59:  # 24:00 is the day's end
            continue
        tz = None
        o = _OFFSET_AFTER_RE.match(text, m.end())
        if o:
            if o.group(1):
                tz = _offset(o.group(1), o.group(2), o.group(3))
            elif o.group(4):
                tz = _offset(o.group(4), o.group(5), o.group(6))
            else:
                tz = timezone.utc
        return hh, mm, ss, tz
    return None


# the weekday printed beside a date ("Thứ năm", "Thứ 5", "T5", "CN", "Chủ nhật"), Monday = 0
# ("Thứ Bẩy" is a common misspelling, printed by templates too)
_WEEKDAY_WORDS = {"hai": 0, "ba": 1, "tư": 2, "bốn": 2, "năm": 3, "sáu": 4, "bảy": 5, "bẩy": 5}
WEEKDAY_RE = re.compile(r"(?<!\w)(?:thứ\s*(hai|ba|tư|bốn|năm|sáu|bảy|bẩy|[2-7])|t([2-7])|(cn|chủ\s*nhật))(?!\w)")


def _by_weekday(t: str, d: date, other: date | None) -> date:
    """``d``, or ``other`` (the same numbers read in the other order) when the weekday printed in ``t`` is
    ``other``'s and not ``d``'s: a printed weekday settles a day and month that could each be the other
    (Drupal's default "T5, 06/05/2025 - 08:30" is month first)."""
    if other is None:
        return d
    m = WEEKDAY_RE.search(t)
    if m is None:
        return d
    word, digit, sunday = m.groups()
    weekday = 6 if sunday else int(digit) - 2 if digit else int(word) - 2 if word.isdigit() else _WEEKDAY_WORDS[word]
    return other if other.weekday() == weekday != d.weekday() else d


def _day_month(t: str, a: int, b: int, year: int, order: str, end: int) -> date | None:
    """The date of the numbers ``a`` and ``b`` (day and month in the portal's ``order``) of ``year``, printed in
    ``t`` up to ``end``; month first when day first cannot be a date and the portal says so or a time with seconds
    follows (.NET's en-US "3/25/2024 9:05:10 PM"); the printed weekday settles a day and month that could each be
    the other."""
    month_first = order.upper().startswith("MD")
    day, month = (b, a) if month_first else (a, b)
    d = _valid_date(year, month, day)
    if d is None and month > 12 >= day and (month_first or _SECONDS_AFTER.match(t, end)):
        return _valid_date(year, day, month)
    if d is not None and a != b and a <= 12 and b <= 12:
        return _by_weekday(t, d, _valid_date(year, day, month))
    return d


def _combine(d: date, text_wo_date: str) -> str:
    t = _find_time(text_wo_date)
    if t is None:
        return _fmt_d(d)
    hh, mm, ss, tz = t
    if hh == 24:
        d, hh = d + timedelta(days=1), 0
    dt = datetime(d.year, d.month, d.day, hh, mm, ss, tzinfo=tz if tz is not None else VN_TZ)
    return _fmt_dt(dt)


def _blank(text: str, m: re.Match) -> str:
    return text[:m.start()] + " " * (m.end() - m.start()) + text[m.end():]


def _normalise(text: str) -> str:
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\xa0", " ").replace("\u200b", "").replace("–", "-").replace("—", "-")
    return re.sub(r"\s+", " ", text).strip().lower()


def parse_date(text, reference=None, order: str = "DMY") -> str | None:
    """Parse a Vietnamese date string to ``YYYY-MM-DDTHH:MM:SS+07:00`` or ``YYYY-MM-DD``.

    ``reference`` (datetime, aware or naive meaning +07:00, or ISO string; default now) anchors
    relative ("2 giờ trước", "Hôm nay, 08:00") and year-less ("Ngày 14/6") dates. ``order`` is the
    numeric date order ("DMY" default; "MDY"/"YMD" for the rare portal that needs it).
    Returns None when the text holds no valid date.
    """
    if reference is None or not isinstance(text, str):
        return _parse(text, reference, order)[0]
    return _parse_at(text, _as_reference(reference), order)[0]


@lru_cache(maxsize=512)
def _parse_at(text: str, reference: datetime, order: str) -> tuple[str | None, str | None]:
    """``_parse`` with the reference resolved (so pure): a page's date is read by extraction, then again by
    normalisation with the same reference, and each reading costs 10-30 us."""
    return _parse(text, reference, order)


_KIND_REFERENCE = datetime(2000, 6, 15, 12, 0, tzinfo=VN_TZ)


def date_kind(text, order: str = "DMY") -> str | None:
    """How ``parse_date`` reads ``text``: ``"absolute"`` (a full date), ``"relative"`` ("2 giờ trước",
    "Hôm qua": anchored on the fetch time), ``"yearless"`` ("Ngày 14/6": the year comes from context),
    ``"fallback"`` (dateparser), or None (no date)."""
    value, kind = _parse_at(text, _KIND_REFERENCE, order) if isinstance(text, str) else (None, None)
    return kind if value is not None else None


def _parse(text, reference, order: str, labelled: bool = True) -> tuple[str | None, str | None]:
    if not text or not isinstance(text, str):
        return None, None
    if len(text) > 400:
        text = text[:400]
    t = _normalise(text)
    if not t:
        return None, None
    if labelled:  # a line printing the publication and an update: the publication's part, else the unlabelled one
        for part in _segments(t):
            if part and part.strip():
                found = _parse(part, reference, order, labelled=False)
                if found[0] is not None:
                    return found
    ref = _as_reference(reference) if reference is not None else None

    # 1. machine-readable ISO
    m = _ISO_RE.search(t)
    if m:
        d = _valid_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        if d is not None:
            if m.group(4) is None:
                rest = _blank(t, m)
                return _combine(d, rest) if _find_time(rest) else _fmt_d(d), "absolute"
            hh, mi, ss = int(m.group(4)), int(m.group(5)), int(m.group(6) or 0)
            if hh <= 23 and mi <= 59 and ss <= 59:
                tz = VN_TZ
                z = m.group(7)
                if z == "z":
                    tz = timezone.utc
                elif z:
                    zz = z.replace(":", "")
                    tz = _offset(zz[0], zz[1:3], zz[3:5] or None)
                    tz = VN_TZ if tz is None else tz
                return _fmt_dt(datetime(d.year, d.month, d.day, hh, mi, ss, tzinfo=tz)), "absolute"

    # 2. "14 tháng 06 năm 2022"
    m = _WORDS_RE.search(t)
    if m:
        d = _valid_date(int(m.group(3)), _month(m.group(2)), int(m.group(1)))
        if d is not None:
            return _combine(d, _blank(t, m)), "absolute"

    m = _MONTH_FIRST_RE.search(t)
    if m:
        d = _valid_date(int(m.group(4)), _month(m.group(1) or m.group(2)), int(m.group(3)))
        if d is not None:
            return _combine(d, _blank(t, m)), "absolute"

    # 3. numeric with year
    for m in _YMD_RE.finditer(t):
        d = _valid_date(int(m.group(1)), int(m.group(3)), int(m.group(4)))
        if d is not None:
            return _combine(d, _blank(t, m)), "absolute"
    for m in _DMY_RE.finditer(t):
        y = m.group(4)
        d = _day_month(t, int(m.group(1)), int(m.group(3)), int(y) if len(y) == 4 else 2000 + int(y), order, m.end())
        if d is not None:
            return _combine(d, _blank(t, m)), "absolute"
    for m in SPACED_DMY_RE.finditer(t):
        d = _day_month(t, int(m.group(1)), int(m.group(2)), int(m.group(3)), order, m.end())
        if d is not None:
            return _combine(d, _blank(t, m)), "absolute"

    # 4. relative to the reference
    m = _RELATIVE_RE.search(t)
    if m:
        r = ref or _as_reference(None)
        count, unit = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
        n = int(count) if count.isdigit() else _COUNT_WORDS[count]
        if unit == "giây":
            return _fmt_dt(r - timedelta(seconds=n)), "relative"
        if unit == "phút":
            return _fmt_dt(r - timedelta(minutes=n)), "relative"
        if unit in ("giờ", "tiếng"):
            return _fmt_dt(r - timedelta(hours=n)), "relative"
        if unit == "ngày":
            return _fmt_d((r - timedelta(days=n)).date()), "relative"
        if unit == "tuần":
            return _fmt_d((r - timedelta(weeks=n)).date()), "relative"
        if unit == "tháng":
            y, mo = divmod(r.year * 12 + r.month - 1 - n, 12)
            d = _valid_date(y, mo + 1, min(r.day, 28))
            return _fmt_d(d) if d else None, "relative"
        if unit == "năm":
            d = _valid_date(r.year - n, r.month, min(r.day, 28))
            return _fmt_d(d) if d else None, "relative"
    m = _TODAY_RE.search(t)
    if m:
        r = ref or _as_reference(None)
        back = {"hôm nay": 0, "hôm qua": 1, "hôm kia": 2}[m.group(1)]
        return _combine((r - timedelta(days=back)).date(), _blank(t, m)), "relative"
    if _JUST_NOW_RE.search(t):
        return _fmt_dt(ref or _as_reference(None)), "relative"

    # 5. year-less: take the year from the reference (previous year if that lands in the future)
    m = _DM_WORDS_RE.search(t) or _DM_RE.search(t)
    if m:
        r = ref or _as_reference(None)
        if m.re is _DM_WORDS_RE:
            a, b = int(m.group(1)), _month(m.group(2))
        else:
            a, b = int(m.group(1)), int(m.group(3))
        day, month = (b, a) if order.upper().startswith("MD") else (a, b)
        d = _valid_date(r.year, month, day)
        if d is not None and d > r.date() + timedelta(days=2):
            d = _valid_date(r.year - 1, month, day)
        if d is not None:
            return _combine(d, _blank(t, m)), "yearless"

    return _dateparser_fallback(t, ref, order), "fallback"


def _dateparser_fallback(t: str, ref: datetime | None, order: str) -> str | None:
    """Last resort for forms the regexes do not know (e.g. English month names)."""
    if len(t) > 120 or not re.search(r"\d", t):
        return None
    if not re.search(r"[a-zà-ỹđ]{3,}", t):
        return None
    try:
        import dateparser
    except ImportError:  # pragma: no cover
        return None
    r = ref or _as_reference(None)
    settings = {
        "DATE_ORDER": order.upper() if order else "DMY",
        "PREFER_DAY_OF_MONTH": "first",
        "RELATIVE_BASE": r.replace(tzinfo=None),
        "TIMEZONE": "+0700",
        "TO_TIMEZONE": "+0700",
        "RETURN_AS_TIMEZONE_AWARE": False,
        "REQUIRE_PARTS": ["day", "month", "year"],
        "STRICT_PARSING": False,
    }
    try:
        dt = dateparser.parse(t, languages=["vi", "en"], settings=settings)
    except Exception:  # dateparser raises a zoo of errors on odd input
        return None
    if dt is None or not (1900 <= dt.year <= 2100):
        return None
    # dateparser fills missing parts silently ("Tháng Sáu 14, 2022" -> 1 July): keep its answer only when
    # the day and the year it found are printed in the text
    numbers = {int(n) for n in re.findall(r"\d+", t)}
    if dt.day not in numbers or (dt.year not in numbers and dt.year % 100 not in numbers):
        return None
    if _find_time(t) is None:
        return _fmt_d(dt.date())
    return _fmt_dt(dt.replace(tzinfo=VN_TZ))
