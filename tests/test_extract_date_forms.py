"""Date forms and date places of Vietnamese portals (docs/evaluation.md, "Date forms"), each pinned by a small text
or page written for the test (never copied from a portal; every date and name invented): the publication date and
time as printed, normalised to ISO 8601 in +07:00, and the dates a page prints that are not its publication date
(the body's events, related news, the header's clock, the last update)."""
from __future__ import annotations

import pytest

from crawler.extract.article import extract_article
from crawler.extract.dates import parse_date
from pipelines.normalize import normalize_article

FETCHED = "2023-06-07T10:00:00+07:00"  # a Wednesday; 05/06/2023 is a Monday, 04/06/2023 a Sunday
URL = "https://xaphuocan.example.gov.vn/tin-tuc/ra-quan-ve-sinh-moi-truong-215.html"
DAY = "2023-06-05"
AT = "2023-06-05T08:30:00+07:00"


# ---------------------------------------------------------------- forms: the printed text
FORMS = [
    # weekday, numeric date, time (NukeViet "l - d/m/Y H:i", Drupal/VNPT "T2, d/m/Y - H:i")
    ("Thứ hai, 05/06/2023 08:30", AT),
    ("Thứ Hai - 05/06/2023 08:30", AT),
    ("T2, 05/06/2023 - 08:30", AT),
    ("Th 2, 05/06/2023 - 08:30", AT),
    ("Thứ 2, ngày 05/06/2023, 08:30", AT),
    ("Chủ nhật, 04/06/2023 - 20:15", "2023-06-04T20:15:00+07:00"),
    # separators and orders
    ("05/06/2023 | 08:30", AT),
    ("08:30 | 05/06/2023", AT),
    ("08:30 - 05/06/2023", AT),
    ("05-06-2023 08:30:15", "2023-06-05T08:30:15+07:00"),
    ("05.06.2023", DAY),
    ("05.06.2023 08:30", AT),
    ("(05/06/2023)", DAY),
    ("[05/06/2023 08:30]", AT),
    ("2023-06-05 08:30", AT),
    ("2023/06/05 08:30", AT),
    ("5/6/2023 8:30", AT),
    ("05/06/23", DAY),
    ("05/06/23 08:30", AT),
    # words
    ("Ngày 05 tháng 06 năm 2023", DAY),
    ("ngày 5 tháng 6 năm 2023, 8:30", AT),
    ("Thứ Hai, ngày 5 tháng 6 năm 2023 lúc 08:30", AT),
    ("5 Tháng Sáu, 2023", DAY),
    ("05 Tháng Sáu 2023 08:30", AT),
    ("Tháng Sáu 5, 2023", DAY),
    ("Tháng Sáu 5, 2023 8:30 sáng", AT),
    ("5 tháng 6, 2023", DAY),
    ("5 thg 6, 2023", DAY),  # CLDR vi medium date
    ("Th6 5, 2023", DAY),  # WordPress "M j, Y" in Vietnamese
    ("Th06 5, 2023", DAY),
    ("5 Th6 2023", DAY),
    # 12-hour clocks
    ("08:30 AM 05/06/2023", AT),
    ("05/06/2023 08:30 AM", AT),
    ("05/06/2023 8:30 PM", "2023-06-05T20:30:00+07:00"),
    ("05/06/2023 12:15 AM", "2023-06-05T00:15:00+07:00"),
    ("05/06/2023 12:15 PM", "2023-06-05T12:15:00+07:00"),
    ("05/06/2023 8:30 SA", AT),
    ("05/06/2023 8:30 CH", "2023-06-05T20:30:00+07:00"),
    ("05/06/2023 12:15 SA", "2023-06-05T00:15:00+07:00"),
    ("Thứ Hai, 05/06/2023, 8:30:00 SA", AT),
    ("08:30:15 5/6/2023", "2023-06-05T08:30:15+07:00"),  # JavaScript toLocaleString("vi-VN")
    # times with "h", "giờ", "lúc"
    ("8h30 05/06/2023", AT),
    ("8h30' ngày 5/6/2023", AT),
    ("05/06/2023 - 8h30", AT),
    ("08 giờ 30, ngày 05/06/2023", AT),
    ("08 giờ 30 phút ngày 05/06/2023", AT),
    ("lúc 08:30 ngày 05/06/2023", AT),
    ("Đăng ngày: 05/06/2023 lúc 08:30", AT),
    # labels
    ("Ngày đăng: 05/06/2023 08:30", AT),
    ("Ngày xuất bản: 05/06/2023", DAY),
    ("Thời gian đăng: 05/06/2023 08:30", AT),
    ("Cập nhật: 08:30 | 05/06/2023", AT),
    ("Ngày đăng: 05/06/2023 08:30 - Cập nhật lần cuối: 07/06/2023 09:00", AT),
    ("Cập nhật lần cuối: 07/06/2023 09:00 | Ngày đăng: 05/06/2023 08:30", AT),
    ("Cập nhật ngày 07/06/2023 09:00 - Đăng ngày 05/06/2023 08:30", AT),
    ("Sửa đổi: 07/06/2023 - Ngày tạo: 05/06/2023 08:30", AT),
    # offsets
    ("05/06/2023 08:30 GMT+7", AT),
    ("05/06/2023 08:30 (GMT+07:00)", AT),
    ("05/06/2023 - 08:30:00 (GMT+7)", AT),
    ("05/06/2023 01:30 GMT", AT),
    ("05/06/2023 08:30 UTC+7", AT),
    ("2023-06-05T01:30:00Z", AT),
    ("2023-06-05T08:30:00+07:00", AT),
    ("2023-06-05T08:30:00+0700", AT),
    ("2023-06-05T08:30:00.000+07:00", AT),
    # 24:00 is the end of the day (the next day's 00:00)
    ("05/06/2023 24:00", "2023-06-06T00:00:00+07:00"),
    # more combinations
    ("05/06/2023 08:30:15 SA", "2023-06-05T08:30:15+07:00"),
    ("5/6/2023 8:30:15 CH", "2023-06-05T20:30:15+07:00"),
    ("08:30 SA, 05/06/2023", AT),
    ("Thứ Hai, 05/06/2023 - 08:30 AM", AT),
    ("Thứ hai, 5/6/2023, 8:30 (GMT+7)", AT),
    ("Đăng lúc: 08:30 05/06/2023", AT),
    ("Cập nhật lúc 08:30, 05/06/2023", AT),
    ("Thứ hai 05/06/2023 - 8 giờ 30", AT),
    ("8:30 ngày 5-6-2023", AT),
    ("Ngày 05 tháng 6, 2023 - 08:30", AT),
    ("Thứ Hai, 05 Tháng 6, 2023 08:30", AT),
    ("05 Th06 2023", DAY),
    ("Tháng 6 05, 2023", DAY),
    ("2023-06-05 08:30:15.123", "2023-06-05T08:30:15+07:00"),
    ("Ngày: 05/06/2023 Giờ: 08:30", AT),
    ("05/06/2023 08:30 - Lượt xem: 1.523", AT),
    ("Lượt xem: 1.523 | 05/06/2023", DAY),
    ("Jun 5, 2023", DAY),
    ("June 5, 2023 8:30 am", AT),
    ("05 Jun 2023 08:30", AT),
    ("Thứ Hai, 5/6 08:30", AT),  # year-less: the year of the fetch
]


@pytest.mark.parametrize("text,expected", FORMS)
def test_form(text, expected):
    assert parse_date(text, reference=FETCHED) == expected


# written after the first round's fixes and run blind against them
FORMS2 = [
    ("05/06/2023 08:30:15 +07:00", "2023-06-05T08:30:15+07:00"),
    ("2023-06-05 08:30:00 +0700", AT),
    ("Thứ Hai, ngày 05-06-2023", DAY),
    ("Ngày 05/06/2023 - 08h30", AT),
    ("08H30 05/06/2023", AT),
    ("05/06/2023 08g30", AT),
    ("Thứ hai, 05/06/2023 | 8:30 GMT+7", AT),
    ("5/6/2023 | 8:30:15 AM", "2023-06-05T08:30:15+07:00"),
    ("05 - 06 - 2023", DAY),
    ("05/06/2023 lúc 8 giờ 30 phút", AT),
    ("CN, 04/06/2023 20:15", "2023-06-04T20:15:00+07:00"),
    ("thứ bảy, 10/6/2023 | 14:33", "2023-06-10T14:33:00+07:00"),
    ("05/06/2023 08:30 (giờ Hà Nội)", AT),
    ("Cập nhật: 05/06/2023, 08:30 - Lượt đọc: 12", AT),
    ("05/06/2023 12:00 CH", "2023-06-05T12:00:00+07:00"),
    ("05/06/2023 12:00 SA", "2023-06-05T00:00:00+07:00"),
    ("08:30 chiều 05/06/2023", "2023-06-05T20:30:00+07:00"),
    ("8 giờ sáng ngày 05/06/2023", "2023-06-05T08:00:00+07:00"),
    ("14h ngày 05/06/2023", "2023-06-05T14:00:00+07:00"),
    ("0h15 05/06/2023", "2023-06-05T00:15:00+07:00"),
    ("Thứ Hai, 05/06/2023 08:30 | Lượt xem: 12 | Cập nhật lần cuối: 06/06/2023 10:00", AT),
    ("Ngày 5 tháng Sáu năm 2023", DAY),
    ("ngày 05 tháng 6 năm 2023 | 08:30", AT),
    ("05/6/2023 - 8:30 SA", AT),
    ("5/6/2023 08:30 sáng", AT),
]


FORMS3 = [
    ("Thứ Hai,05/06/2023-08:30", AT),
    ("05/06/2023-08:30", AT),
    ("05/06/2023 08:30:15.123", "2023-06-05T08:30:15+07:00"),
    ("05/06/2023 8:30:00 SA", AT),
    ("Thứ Hai, 5 tháng 6, 2023 lúc 8:30 SA", AT),
    ("5 tháng 6 lúc 08:30", AT),  # year-less: the year of the fetch
    ("Thứ Hai, 05/06/2023 - 08:30 CH", "2023-06-05T20:30:00+07:00"),
    ("05/06/2023 - 20g30", "2023-06-05T20:30:00+07:00"),
    ("Monday, June 5, 2023", DAY),
    ("Mon Jun 05 2023 08:30:15 GMT+0700 (Giờ Đông Dương)", "2023-06-05T08:30:15+07:00"),  # JavaScript Date
    ("2023-06-05T08:30", AT),
    ("05/06/2023 08h30'", AT),
    ("Thứ hai ngày 05 tháng 06 năm 2023, 08 giờ 30", AT),
    ("Thu\u031b\u0301 hai, 05/06/2023 08:30", AT),  # decomposed (NFD) text
    ("05/06/2023\xa008:30", AT),
    ("05/06/2023 08:30 (UTC+07:00)", AT),
]


@pytest.mark.parametrize("text,expected", FORMS3)
def test_form_round4(text, expected):
    assert parse_date(text, reference=FETCHED) == expected


@pytest.mark.parametrize("text,expected", FORMS2)
def test_form_round2(text, expected):
    assert parse_date(text, reference=FETCHED) == expected


RELATIVE = [
    ("2 giờ trước", "2023-06-07T08:00:00+07:00"),
    ("30 phút trước", "2023-06-07T09:30:00+07:00"),
    ("3 ngày trước", "2023-06-04"),
    ("Hôm qua 08:30", "2023-06-06T08:30:00+07:00"),
    ("Hôm qua lúc 8:30 SA", "2023-06-06T08:30:00+07:00"),
    ("08:30 hôm nay", "2023-06-07T08:30:00+07:00"),
    ("Vừa xong", "2023-06-07T10:00:00+07:00"),
    ("2 tiếng trước", "2023-06-07T08:00:00+07:00"),
    ("khoảng 2 giờ trước", "2023-06-07T08:00:00+07:00"),
    ("một giờ trước", "2023-06-07T09:00:00+07:00"),
    ("Hôm nay, 08:30", "2023-06-07T08:30:00+07:00"),
    ("Hôm qua lúc 20:15", "2023-06-06T20:15:00+07:00"),
    ("05/06 08:30", AT),
    ("1 tuần trước", "2023-05-31"),
    ("cách đây 2 giờ", "2023-06-07T08:00:00+07:00"),
    ("Cách đây hai ngày", "2023-06-05"),
]


@pytest.mark.parametrize("text,expected", RELATIVE)
def test_relative_form(text, expected):
    assert parse_date(text, reference=FETCHED) == expected


NO_DATE = ["Lượt xem: 1.523", "0290 3831 456", "Số 12/2023/QĐ-UBND", "Mã số: 05.06.2023.01", "08:30"]


@pytest.mark.parametrize("text", NO_DATE)
def test_no_date(text):
    assert parse_date(text, reference=FETCHED) is None


# ---------------------------------------------------------------- places: where a page prints its date
BODY = ("<p>Sáng 4/6, Đoàn thanh niên xã Phước An ra quân vệ sinh môi trường tại các tuyến đường liên ấp, thu gom "
        "hơn hai tấn rác thải.</p><p>Dịp này, xã cũng phát động phong trào trồng cây xanh đến hết ngày 30/6/2023 "
        "với sự tham gia của các hội, đoàn thể trên địa bàn.</p>")
RELATED = ("<div class='tin-khac'><h3>Tin khác</h3><ul>"
           "<li><a href='/tin-tuc/a-1.html'>Hội nghị sơ kết công tác sáu tháng đầu năm</a> <span class='date'>(02/06/2023)</span></li>"
           "<li><a href='/tin-tuc/b-2.html'>Tập huấn phòng chống thiên tai cho cán bộ xã</a> <span>01/06/2023 14:00</span></li>"
           "</ul></div>")
HEADLINE = "Xã Phước An ra quân vệ sinh môi trường"


def page(article: str, head: str = "", header: str = "", after: str = RELATED) -> str:
    """A commune portal's article page: the site header (``header``), the article (``article``: its markup
    holding the headline, the date line and the body) and a related-news list (``after``)."""
    return f"""<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8">
<title>{HEADLINE} - Cổng thông tin điện tử xã Phước An</title>{head}</head><body>
<div class="header"><div class="logo">UBND XÃ PHƯỚC AN</div>{header}</div>
<div class="main"><div class="content">{article}</div>{after}</div>
<div class="footer">UBND xã Phước An - ĐT: 0251.3851.222</div>
</body></html>"""


def published(html: str) -> str | None:
    return normalize_article(extract_article(html, URL, fetched_at=FETCHED)).published_at


def titled(date_line: str, before_body: bool = True) -> str:
    """The article: headline, ``date_line`` and the body (``date_line`` after the body when not ``before_body``)."""
    line = date_line
    return (f"<div class='news-detail'><h1 class='title'>{HEADLINE}</h1>" + (line if before_body else "")
            + f"<div class='news-content'>{BODY}</div>" + ("" if before_body else line) + "</div>")


PLACES = [
    # a date class
    ("date class", titled("<div class='date'>Thứ hai, 05/06/2023 08:30</div>"), AT),
    # the date and the time in two elements
    ("split date and time", titled("<div class='meta'><span class='date'>05/06/2023</span> "
                                   "<span class='time'>08:30</span></div>"), AT),
    ("split time first", titled("<div class='meta'><span class='time'>08:30</span> "
                                "<span class='date'>05/06/2023</span></div>"), AT),
    ("split plain spans", titled("<div class='info'><span>05/06/2023</span> | <span>08:30</span></div>"), AT),
    # an icon element and no date class
    ("split unnamed time", titled("<div class='meta'><span class='ngay'>05/06/2023</span> "
                                  "<span class='gio'>08:30</span></div>"), AT),
    ("icon clock", titled("<div class='info'><i class='fa fa-clock-o'></i> 08:30 05/06/2023</div>"), AT),
    ("icon calendar", titled("<p class='text-muted'><i class='fa fa-calendar'></i> 05/06/2023 "
                             "<i class='fa fa-clock-o'></i> 08:30</p>"), AT),
    ("em after title", titled("<em>Thứ Hai - 05/06/2023 08:30</em>"), AT),
    # labels
    ("label ngay dang", titled("<div class='info'>Ngày đăng: 05/06/2023 | 08:30</div>"), AT),
    ("update then publish", titled("<div class='info'><span class='date'>Cập nhật: 07/06/2023 09:00</span> "
                                   "<span class='date'>Ngày đăng: 05/06/2023 08:30</span></div>"), AT),
    ("update then publish in one line", titled("<div class='date'>Cập nhật lần cuối: 07/06/2023 09:00 - "
                                               "Ngày đăng: 05/06/2023 08:30</div>"), AT),
    # after the body
    ("after the body", titled("<p class='ngay-dang'>Ngày đăng: 05/06/2023 08:30</p>", before_body=False), AT),
    ("after the body plain", titled("<div style='text-align:right'>Ngày đăng: 05/06/2023 08:30</div>",
                                    before_body=False), AT),
    ("label in bold after the body", titled("<p><b>Ngày đăng:</b> 05/06/2023 08:30</p>", before_body=False), AT),
    ("readers' comments are not the date", titled("<div class='binh-luan'><p><b>Trần Văn Bình</b></p>"
                                                  "<p>Đăng lúc: 06/06/2023 09:15</p><p>Rất hay.</p></div>",
                                                  before_body=False), None),
    # a breadcrumb line above the headline
    ("breadcrumb", "<div class='breadcrumb'><a href='/'>Trang chủ</a> &gt; <a href='/tin-tuc'>Tin tức</a>"
                   "<span class='pull-right'>05/06/2023 08:30</span></div>" + titled(""), AT),
    # a table cell
    ("table cell", f"<table class='tbl-news'><tr><td class='tieude'>{HEADLINE}</td></tr>"
                   "<tr><td>Thứ hai, 05/06/2023 08:30</td></tr>"
                   f"<tr><td class='noidung'>{BODY}</td></tr></table>", AT),
    # machine-readable values
    ("datetime in UTC", titled("<time datetime='2023-06-05T01:30:00Z'>05/06/2023</time>"), AT),
    ("printed over json-ld", titled("<div class='date'>05/06/2023 08:30</div>"), AT),
    ("relative", titled("<span class='time'>2 giờ trước</span>"), "2023-06-07T08:00:00+07:00"),
    ("yesterday", titled("<span class='date'>Hôm qua 08:30</span>"), "2023-06-06T08:30:00+07:00"),
    # the body's dates, the related news, the header's clock are not the publication date
    ("body dates only", titled(""), None),
    ("header clock only", titled(""), None),
]
HEADS = {"printed over json-ld": '<script type="application/ld+json">{"@type": "NewsArticle", '
                                 '"datePublished": "2023-06-06T10:00:00+07:00"}</script>'}
HEADERS = {"header clock only": "<div class='today'>Thứ Tư, 07/06/2023</div>"}


@pytest.mark.parametrize("name,article,expected", PLACES, ids=[p[0] for p in PLACES])
def test_place(name, article, expected):
    assert published(page(article, HEADS.get(name, ""), HEADERS.get(name, ""))) == expected


PLACES2 = [
    ("small after the title", titled("<small>Thứ hai, 05/06/2023 08:30</small>"), AT),
    ("h5 after the title", titled("<span class='h5'>Thứ hai - 05/06/2023 08:30</span>"), AT),
    ("category line before the title", "<div class='news-detail'><div class='cat'>Tin tức - Sự kiện | "
                                       f"05/06/2023 08:30</div><h1>{HEADLINE}</h1><div class='news-content'>{BODY}</div></div>", AT),
    ("time without datetime", titled("<time>05/06/2023 08:30</time>"), AT),
    ("microdata time", titled("<meta itemprop='datePublished' content='2023-06-05T08:30:00+07:00'>"
                              "<span class='date'>05/06/2023</span>"), AT),
    ("dnn label id", titled("<span id='dnn_ctr512_ViewNews_lblNgayDang'>05/06/2023 08:30</span>"), AT),
    ("date at the body's head", f"<div class='news-detail'><h1>{HEADLINE}</h1><div class='news-content'>"
                                f"<p><em>Ngày 05/06/2023 08:30</em></p>{BODY}</div></div>", AT),
    ("schedule table in the body", titled("<div class='date'>05/06/2023 08:30</div>").replace(
        BODY, BODY + "<table><tr><td>Thứ Ba, 06/06/2023</td><td>Họp giao ban</td></tr></table>"), AT),
    ("table header cell update", f"<table><tr><td class='title'>{HEADLINE}</td></tr>"
                                 "<tr><td align='right'><i>Cập nhật: 05/06/2023 08:30</i></td></tr>"
                                 f"<tr><td>{BODY}</td></tr></table>", AT),
    ("ticker above the title", "<div class='tin-moi marquee'>Tin mới: <a href='/a'>Họp báo quý II</a> (06/06/2023)</div>"
                               + titled("<div class='date'>05/06/2023 08:30</div>"), AT),
]


@pytest.mark.parametrize("name,article,expected", PLACES2, ids=[p[0] for p in PLACES2])
def test_place_round2(name, article, expected):
    assert published(page(article)) == expected


OTHER_NEWS = ("<div class='other-news'><h4>Các tin khác</h4><ul>"
              "<li><a href='/tin-tuc/c-3.html'>Ra mắt mô hình dân vận khéo ở ấp Phước Lộc</a> "
              "<span class='date'>02/06/2023</span></li>"
              "<li><a href='/tin-tuc/d-4.html'>Xã tổ chức lễ ra quân nhập ngũ năm 2023</a> "
              "<span class='date'>01/06/2023</span></li></ul></div>")
PLACES3 = [
    ("update line, then an event time in the body", titled("<div class='date'>Cập nhật: 05/06/2023 08:30</div>").replace(
        BODY, BODY + "<p><span class='time'>Thời gian: 14:00 ngày 10/06/2023</span></p>"), AT),
    ("other news inside the article, a time class", titled("<div class='time'>05/06/2023 08:30</div>").replace(
        "</div></div>", "</div>" + OTHER_NEWS + "</div>"), AT),
    ("other news inside the article, no date", titled("").replace("</div></div>", "</div>" + OTHER_NEWS + "</div>"),
     None),
    ("three-level split", titled("<div class='meta'><div class='d'><span class='date'>05/06/2023</span></div>"
                                 "<div class='t'><span>08:30</span></div></div>"), AT),
]


PLACES4 = [
    ("bracketed date after the title", titled("<p>(05/06/2023)</p>"), DAY),
    ("bracketed date in a date class", titled("<span class='date'>(05/06/2023 08:30)</span>"), AT),
    ("author and date in one line", titled("<div class='author'>Minh Anh - 05/06/2023 08:30</div>"), AT),
    ("dateline in the lead paragraph", f"<div class='news-detail'><h1>{HEADLINE}</h1><div class='news-content'>"
                                       "<p><strong>(Ngày 05/06/2023)</strong> Sáng 4/6, Đoàn thanh niên xã ra quân "
                                       "vệ sinh môi trường tại các tuyến đường liên ấp, thu gom hơn hai tấn rác.</p>"
                                       f"{BODY}</div></div>", DAY),
    ("views and date", titled("<div>Lượt xem: 123 | 05/06/2023 08:30</div>"), AT),
    ("old table layout, font", f"<table width='100%'><tr><td><b><font size='3'>{HEADLINE}</font></b></td></tr>"
                               "<tr><td><font color='gray' size='1'>Cập nhật: 05/06/2023 08:30</font></td></tr>"
                               f"<tr><td>{BODY}</td></tr></table>", AT),
    ("asp.net label id", titled("<span id='ctl00_ContentPlaceHolder1_lblNgayDang'>05/06/2023 08:30</span>"), AT),
]


PLACES5 = [
    ("document page, labels in their own cells", f"<div class='news-detail'><h1>{HEADLINE}</h1><table class='thuoc-tinh'>"
     "<tr><td>Số hiệu</td><td>12/2023/QĐ-UBND</td></tr><tr><td>Ngày ban hành</td><td>01/06/2023</td></tr>"
     "<tr><td>Ngày đăng</td><td>05/06/2023 08:30</td></tr></table>"
     f"<div class='news-content'>{BODY}</div></div>", AT),
    ("an event's time class in the body, the date in plain text", titled("<div>05/06/2023 08:30</div>").replace(
        BODY, BODY + "<p><span class='time'>Thời gian: 08:00 ngày 10/06/2023</span></p>"), AT),
    ("an event's date class in the body, no date line", titled("").replace(
        BODY, BODY + "<p><span class='date'>Thời gian: 08:00 ngày 10/06/2023</span></p>"), None),
    # written with the fix of the two above
    ("an announcement's event line at the body's head", f"<div class='news-detail'><h1>{HEADLINE}</h1>"
     "<div class='date'>05/06/2023 08:30</div><div class='news-content'><p>Thời gian: 08:00 ngày 10/06/2023</p>"
     f"{BODY}</div></div>", AT),
    ("an announcement's event line alone at the body's head", f"<div class='news-detail'><h1>{HEADLINE}</h1>"
     f"<div class='news-content'><p>Thời gian: 08:00 ngày 10/06/2023</p>{BODY}</div></div>", None),
    ("'Thời gian' labelling the date line above the body", titled("<div class='info'>Thời gian: 05/06/2023 08:30</div>"),
     AT),
]


@pytest.mark.parametrize("name,article,expected", PLACES5, ids=[p[0] for p in PLACES5])
def test_place_round5(name, article, expected):
    assert published(page(article)) == expected


@pytest.mark.parametrize("name,article,expected", PLACES4, ids=[p[0] for p in PLACES4])
def test_place_round4(name, article, expected):
    assert published(page(article)) == expected


@pytest.mark.parametrize("name,article,expected", PLACES3, ids=[p[0] for p in PLACES3])
def test_place_round3(name, article, expected):
    assert published(page(article, after="")) == expected


def test_jsonld_in_utc_alone():
    head = ('<script type="application/ld+json">{"@context": "https://schema.org", "@graph": [{"@type": "WebPage"}, '
            '{"@type": "NewsArticle", "headline": "x", "datePublished": "2023-06-05T01:30:00Z"}]}</script>')
    assert published(page(titled(""), head)) == AT


def test_meta_time_completes_a_printed_day():
    head = '<meta property="article:published_time" content="2023-06-05T08:30:00+07:00">'
    assert published(page(titled("<div class='date'>05/06/2023</div>"), head)) == AT


def test_meta_alone_when_nothing_printed():
    head = '<meta property="article:published_time" content="2023-06-05T01:30:00Z">'
    assert published(page(titled(""), head)) == AT


def test_printed_update_is_not_the_publication_date():
    head = '<meta property="article:published_time" content="2023-06-05T08:30:00+07:00">'
    assert published(page(titled("<div class='date'>Cập nhật lần cuối: 07/06/2023 09:00</div>"), head)) == AT


def test_related_dates_are_not_the_date_when_the_article_prints_one_after_them():
    related_first = RELATED + titled("<div class='date'>05/06/2023 08:30</div>")
    assert published(page(related_first, after="")) == AT


# ---------------------------------------------------------------- the page's own dates settle an ambiguous one
def _forum(date_line: str, sidebar: str) -> str:
    return page(titled(f"<div class='info'>{date_line}</div>"), after=f"<div class='recent'>{sidebar}</div>")


def test_an_ambiguous_date_is_month_first_when_the_pages_other_dates_can_only_be():
    html = _forum("Published on 03-08-2011 01:00 AM", "<p>Bài mới: 12-27-2012</p><p>12-24-2012</p>")
    assert published(html) == "2011-03-08T01:00:00+07:00"


def test_an_ambiguous_date_stays_day_first_when_the_pages_other_dates_read_both_ways():
    html = _forum("Đăng ngày 03-08-2011 01:00", "<p>12-27-2012</p><p>27-12-2012</p>")
    assert published(html) == "2011-08-03T01:00:00+07:00"


def test_other_dates_with_another_separator_settle_nothing():
    html = _forum("Đăng ngày 03-08-2011 01:00", "<p>12/27/2012</p>")
    assert published(html) == "2011-08-03T01:00:00+07:00"
