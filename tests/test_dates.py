import os
import re
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from crawler.extract.dates import parse_date

CORPUS = Path(os.environ.get("PORTAL_ARCHIVE_CORPUS",
                             Path(__file__).resolve().parents[2] / "shared" / "corpus"))
DATES_TSV = CORPUS / "dates.tsv"


def _tsv_rows():
    if not DATES_TSV.is_file():
        return []
    lines = DATES_TSV.read_text(encoding="utf-8").splitlines()
    return [tuple(line.split("\t")[:2]) for line in lines[1:] if line.strip() and "\t" in line]


def _tsv_reference():
    if not DATES_TSV.is_file():
        return None
    header = DATES_TSV.read_text(encoding="utf-8").splitlines()[0]
    m = re.search(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2})?(?:[+-]\d{2}:\d{2})?", header)
    return m.group(0) if m else None


@pytest.mark.skipif(not DATES_TSV.is_file(), reason="corpus dates.tsv absent")
@pytest.mark.parametrize("text,expected", _tsv_rows() or [("", "")])
def test_corpus_dates(text, expected):
    got = parse_date(text, reference=_tsv_reference())
    assert got is not None, text
    if "T" in expected:
        assert got[:16] == expected[:16], (text, got)
        assert got.endswith("+07:00")
    else:
        assert got == expected, (text, got)


REF = datetime(2022, 6, 15, 12, 0, tzinfo=timezone(timedelta(hours=7)))


@pytest.mark.parametrize("text,expected", [
    ("Thứ Ba, 14/06/2022 - 10:30", "2022-06-14T10:30:00+07:00"),
    ("(Thứ bảy, 22/05/2021 11:38)", "2021-05-22T11:38:00+07:00"),
    ("Thứ Tư, 24/12/2025 09:30:00 +07:00", "2025-12-24T09:30:00+07:00"),
    ("17:26 - 18/01/2016", "2016-01-18T17:26:00+07:00"),
    ("Thứ ba, 23/12/2025 09:02 (GMT+7)", "2025-12-23T09:02:00+07:00"),
    ("2025-06-17T13:43:02+0700", "2025-06-17T13:43:02+07:00"),
    ("2023-11-02T19:20:45+07:00", "2023-11-02T19:20:45+07:00"),
    ("2021-05-22T04:38:00Z", "2021-05-22T11:38:00+07:00"),
    ("14/06/2022 01:30 GMT+0", "2022-06-14T08:30:00+07:00"),
    ("14/06/2022 16:30 UTC", "2022-06-14T23:30:00+07:00"),
    ("2022-06-14T20:00:00-05:00", "2022-06-15T08:00:00+07:00"),
    ("14/06/2022 10:30 CH", "2022-06-14T22:30:00+07:00"),
    ("14/06/2022 10:30 SA", "2022-06-14T10:30:00+07:00"),
    ("14/06/2022 12:15 SA", "2022-06-14T00:15:00+07:00"),
    ("Thứ năm, 2/11/2023, 19:20 (GMT+7)", "2023-11-02T19:20:00+07:00"),
    ("08/01/2026 - 18:21", "2026-01-08T18:21:00+07:00"),
    ("17/06/2025 13:43", "2025-06-17T13:43:00+07:00"),
    ("(24/08/2022)", "2022-08-24"),
    ("03/04/2022", "2022-04-03"),
    ("Cập nhật ngày 5 tháng 12 năm 2023", "2023-12-05"),
    ("14 Tháng Mười Hai 2021", "2021-12-14"),
    ("Ngày 14/6", "2022-06-14"),
    ("Ngày 20/12", "2021-12-20"),  # would be in the future: previous year
    ("2 giờ trước", "2022-06-15T10:00:00+07:00"),
    ("3 ngày trước", "2022-06-12"),
    ("Hôm qua, 21:05", "2022-06-14T21:05:00+07:00"),
    ("Thứ Hai, 13/06/2022 | 7h15", "2022-06-13T07:15:00+07:00"),
    ("14/06/2022 - 10:30:15", "2022-06-14T10:30:15+07:00"),
])
def test_parse_date_literals(text, expected):
    assert parse_date(text, reference=REF) == expected


@pytest.mark.parametrize("text", [
    "", None, "Trang chủ", "31/02/2022", "32/01/2022", "Lượt xem: 1.523", "00/00/0000",
    "Tổng: 4.798.809", "abc 99:99",
])
def test_parse_date_rejects(text):
    assert parse_date(text, reference=REF) is None


def test_naive_and_string_reference():
    assert parse_date("30 phút trước", reference="2022-06-15T12:00:00+07:00") == "2022-06-15T11:30:00+07:00"
    assert parse_date("30 phút trước", reference=datetime(2022, 6, 15, 12, 0)) == "2022-06-15T11:30:00+07:00"
    # aware reference in UTC is converted to +07:00 first
    assert parse_date("Hôm nay, 08:00", reference="2022-06-15T02:00:00+00:00") == "2022-06-15T08:00:00+07:00"


def test_month_day_order_option():
    assert parse_date("06/14/2022", order="MDY") == "2022-06-14"
    assert parse_date("06/14/2022") is None  # day-first: month 14 does not exist


# issue 3's list, one literal per form (reference REF = 2022-06-15 12:00 +07:00)
@pytest.mark.parametrize("text,expected", [
    # weekday prefixes
    ("Thứ Ba, 14/06/2022", "2022-06-14"),
    ("Thứ 3, 14/06/2022", "2022-06-14"),
    ("T3, 14/06/2022 10:30", "2022-06-14T10:30:00+07:00"),
    ("CN, 12/6/2022", "2022-06-12"),
    # labels
    ("Ngày đăng: 14/06/2022", "2022-06-14"),
    ("Cập nhật lúc: 10:30 14/06/2022", "2022-06-14T10:30:00+07:00"),
    ("Ngày xuất bản: 14/06/2022 08:00", "2022-06-14T08:00:00+07:00"),
    # words
    ("ngày 14 tháng 6 năm 2022", "2022-06-14"),
    ("14 Tháng Sáu 2022", "2022-06-14"),
    ("ngày 14 tháng Mười Hai năm 2021", "2021-12-14"),
    ("Tháng Sáu 14, 2022", "2022-06-14"),  # month first (dateparser alone says 1 July)
    # times
    ("10h30 14/6/2022", "2022-06-14T10:30:00+07:00"),
    ("16g45 ngày 14/6/2022", "2022-06-14T16:45:00+07:00"),
    ("8 giờ 30 phút ngày 14/6/2022", "2022-06-14T08:30:00+07:00"),
    ("lúc 10 giờ 5 phút, ngày 14/6/2022", "2022-06-14T10:05:00+07:00"),
    ("14/06/2022 8:15 PM", "2022-06-14T20:15:00+07:00"),
    ("14/06/2022 12:05 AM", "2022-06-14T00:05:00+07:00"),
    ("08:15 CH 14/06/2022", "2022-06-14T20:15:00+07:00"),
    # offsets
    ("14/06/2022 08:00 GMT+7", "2022-06-14T08:00:00+07:00"),
    ("14/06/2022 08:00 GMT+07", "2022-06-14T08:00:00+07:00"),
    ("14/06/2022 08:00 GMT+0700", "2022-06-14T08:00:00+07:00"),
    ("14/06/2022 08:00 (GMT+07:00)", "2022-06-14T08:00:00+07:00"),
    ("14/06/2022 03:00 GMT+2", "2022-06-14T08:00:00+07:00"),
    # day first always, year-less against the reference
    ("05/06/2022", "2022-06-05"),
    ("Ngày 14/6 lúc 10:30", "2022-06-14T10:30:00+07:00"),
    # relative to the fetch time
    ("Hôm qua", "2022-06-14"),
    ("Hôm kia", "2022-06-13"),
    ("Vừa xong", "2022-06-15T12:00:00+07:00"),
    ("1 tuần trước", "2022-06-08"),
    ("2 tiếng trước", "2022-06-15T10:00:00+07:00"),
    ("1 phút trước", "2022-06-15T11:59:00+07:00"),
    ("Hôm nay lúc 08:00", "2022-06-15T08:00:00+07:00"),
])
def test_issue_forms(text, expected):
    assert parse_date(text, reference=REF) == expected


def test_month_day_order_times():
    assert parse_date("6/14/2022 10:30:00 AM", order="MDY") == "2022-06-14T10:30:00+07:00"
    assert parse_date("6/14/2022 10:30:00 PM", order="MDY") == "2022-06-14T22:30:00+07:00"
    assert parse_date("6/5/2022", order="MDY") == "2022-06-05"
    assert parse_date("6/5/2022") == "2022-05-06"


def test_profile_date_order_reaches_normalize():
    """An ASP.NET M/d/yyyy portal: the profile's ``[dates] order`` travels on the Article to normalize."""
    from types import SimpleNamespace

    from crawler.extract.article import extract_article
    from pipelines.normalize import normalize_article

    html = ("<html><body><h1 class='title-detail'>Hội nghị tổng kết công tác năm 2022</h1>"
            "<span class='date'>6/5/2022 3:15:00 PM</span><div class='detail-content'><p>"
            + "Nội dung bài viết dài đủ để là thân bài. " * 10 + "</p></div></body></html>")
    profile = SimpleNamespace(slug="aspnet", selectors={}, date_order="MDY")
    art = extract_article(html.encode(), "https://x.gov.vn/tin/123.aspx", profile)
    assert art.date_order == "MDY"
    assert normalize_article(art).published_at == "2022-06-05T15:15:00+07:00"
    art = extract_article(html.encode(), "https://x.gov.vn/tin/123.aspx", None)
    assert normalize_article(art).published_at == "2022-05-06T15:15:00+07:00"


def test_dateparser_fallback_refuses_invented_days():
    assert parse_date("June 2022", reference=REF) is None
    assert parse_date("June 14, 2022", reference=REF) == "2022-06-14"


def test_a_date_read_twice_follows_its_reference():
    """Readings are remembered per (text, reference, order): the same relative or year-less text read against
    another reference, or in another order, is read afresh."""
    vn = timezone(timedelta(hours=7))
    for _ in range(2):
        assert parse_date("2 giờ trước", reference="2024-03-01T10:00:00+07:00") == "2024-03-01T08:00:00+07:00"
        assert parse_date("2 giờ trước", reference=datetime(2025, 1, 1, 1, 0, tzinfo=vn)) == "2024-12-31T23:00:00+07:00"
        assert parse_date("Ngày 14/6", reference="2023-07-01T00:00:00+07:00") == "2023-06-14"
        assert parse_date("Ngày 14/6", reference="2021-07-01T00:00:00+07:00") == "2021-06-14"
        assert parse_date("03/04/2022", reference="2023-01-01", order="DMY") == "2022-04-03"
        assert parse_date("03/04/2022", reference="2023-01-01", order="MDY") == "2022-03-04"
