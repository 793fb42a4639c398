"""Two failure classes, each pinned by small pages written for the test (never copied from a portal): a numeric date
whose day, month and year are separated by spaces ("thứ hai, 03 02 2020 09:05", a SharePoint news webpart's header
cell), and a portal whose side portlet lists headlines, the article's first, above or beside the article portlet
(with a site-wide web-content portlet above it that a family's body rule matches)."""
from __future__ import annotations

from crawler.extract.article import extract_article
from crawler.extract.dates import parse_date
from pipelines.normalize import normalize_article

URL = "https://xatanloc.gov.vn/tin-tuc/tiem-phong-gia-suc-123.html"
FETCHED = "2024-06-01T10:00:00+07:00"
HEADLINE = "Xã Tân Lộc tiêm phòng cho đàn gia súc vụ xuân"
PARAS = [f"Đoạn văn số {i} kể về đợt tiêm phòng của xã, đủ dài để được coi là nội dung chính của bài viết này."
         for i in range(1, 5)]
BODY = "".join(f"<p>{p}</p>" for p in PARAS)


def extract(html, url=URL):
    return extract_article(html, url, fetched_at=FETCHED, classify=True)


def published(html) -> str | None:
    return normalize_article(extract(html)).published_at


# ---------------------------------------------------------------- C1. day, month and year separated by spaces
def test_spaced_date_with_weekday_and_time_parses():
    assert parse_date("thứ hai, 03 02 2020 09:05", reference=FETCHED) == "2020-02-03T09:05:00+07:00"


def test_spaced_date_with_time_parses():
    assert parse_date("03 02 2020 09:05", reference=FETCHED) == "2020-02-03T09:05:00+07:00"


def test_spaced_date_alone_parses():
    assert parse_date("03 02 2020", reference=FETCHED) == "2020-02-03"


def test_spaced_numbers_of_a_phone_are_no_date():
    assert parse_date("0290 3862 111", reference=FETCHED) is None


def test_spaced_numbers_out_of_range_are_no_date():
    assert parse_date("32 13 2020", reference=FETCHED) is None


def test_spaced_numbers_followed_by_more_numbers_are_no_date():
    assert parse_date("12 05 2020 4417", reference=FETCHED) is None


def news_header(cell, headline=f'<p class="Title">{HEADLINE}</p>', generator=""):
    """A SharePoint-like news webpart: a header row (category, then the date cell), the headline, the body."""
    return f"""<html><head><title>Cổng thông tin xã Tân Lộc</title>{generator}</head><body>
    <div class="menu"><a href="/">Trang chủ</a> <a href="/tin-tuc">Tin tức</a></div>
    <div class="webpart"><div class="news-top"><table><tr class="news-header">
      <td class="FolderTitle">Nông nghiệp</td>{cell}</tr></table></div>
    <div id="part1"><table><tr><td>{headline}</td></tr>
      <tr><td><div class="noi-dung">{BODY}</div></td></tr></table></div></div></body></html>"""


TIME_CELL = '<td class="Time" align="right">thứ hai, 03 02 2020 09:05</td>'


def test_spaced_date_in_a_time_cell_is_the_date():
    assert published(news_header(TIME_CELL)) == "2020-02-03T09:05:00+07:00"


def test_spaced_date_in_a_time_cell_without_weekday_is_the_date():
    assert published(news_header('<td class="Time">03 02 2020 09:05</td>')) == "2020-02-03T09:05:00+07:00"


def test_page_with_a_spaced_date_is_an_article():
    assert extract(news_header(TIME_CELL)).page_kind == "article"


def test_spaced_date_in_a_sharepoint_news_header_is_the_family_date():
    generator = '<meta name="generator" content="Microsoft SharePoint">'
    page = news_header(TIME_CELL, generator=generator).replace('class="news-header"', 'class="ms-news-header"')
    assert extract(page).rules["published"] == "family:sharepoint-tandan:.ms-news-header .Time"


def beside_headline(line):
    return f"""<html><head><title>{HEADLINE}</title></head><body>
    <div class="menu"><a href="/">Trang chủ</a></div>
    <div class="bai"><h1>{HEADLINE}</h1><div>{line}</div><div class="noi-dung">{BODY}</div></div></body></html>"""


def test_spaced_date_with_a_weekday_beside_the_headline_is_the_date():
    assert published(beside_headline("Thứ hai, 03 02 2020")) == "2020-02-03"


def test_spaced_date_with_a_time_beside_the_headline_is_the_date():
    assert published(beside_headline("03 02 2020 09:05")) == "2020-02-03T09:05:00+07:00"


def test_bare_spaced_numbers_beside_the_headline_are_no_date():
    assert published(beside_headline("Mã hồ sơ 03 02 2020")) is None


def test_a_phone_number_beside_the_headline_is_no_date():
    assert published(beside_headline("Điện thoại: 0290 3862 111")) is None


# ---------------------------------------------------------------- C3. portlets: the article's own headline and body
INFO = ("<p>Trường Tiểu học Hòa Bình được thành lập năm 1998 theo quyết định của Ủy ban nhân dân huyện, trên địa "
        "bàn xã Hòa Bình.</p><p>Hiệu trưởng: Lê Văn Cường. Phó hiệu trưởng: Phạm Thị Dung. Chủ tịch công đoàn: "
        "Võ Văn Em.</p><p>Khuôn viên trường rộng rãi, có sân chơi và thư viện cho học sinh.</p>")
SCHOOL_TITLE = "Học sinh tham gia ngày hội đọc sách"
OTHER_TITLE = "Ngày hội thể thao của học sinh toàn trường"
LEAD = ("Sáng 4/3, nhà trường tổ chức ngày hội đọc sách cho học sinh toàn trường, thu hút đông đảo các em "
        "tham gia.")
SCHOOL_URL = "https://thhoabinh.edu.vn/chi-tiet-tin/-/hoc-sinh-tham-gia-ngay-hoi-doc-sach/1234"


def liferay_school(side_list=True):
    """A Liferay school page: a web-content portlet (the school's info box) above the article portlet; a side
    portlet listing headlines, this article's first; a related list under the article."""
    listing = f"""<div class="portlet-boundary Danh_Sach-portlet"><section class="portlet">
      <header class="portlet-topper"><h1 class="portlet-title"><span>Tin mới</span></h1></header>
      <div class="UI_Danhsachtin_tieude"><div class="UI_Danhsachtin_tieude_item"><a href="/chi-tiet-tin/1234">
      {SCHOOL_TITLE}</a></div><div class="UI_Danhsachtin_tieude_item"><a href="/chi-tiet-tin/1230">{OTHER_TITLE}</a>
      </div></div></section></div>""" if side_list else ""
    return f"""<html class="aui"><head><title>{SCHOOL_TITLE}</title>
    <script>Liferay.Portlet.ready(function(){{}});</script></head><body>
    <div class="menu"><a href="/">Trang chủ</a> <a href="/tin-tuc">Tin tức</a></div>
    <div class="portlet-boundary portlet-journal-content"><div class="portlet-body">
      <div class="journal-content-article">{INFO}</div></div></div>
    <div class="columns"><div class="column-left">
    <div class="portlet-boundary Chi_Tiet_Tin-portlet"><section class="portlet">
      <header class="portlet-topper"><h1 class="portlet-title"><span>Chi tiết tin</span></h1></header>
      <div class="UI_Tinbai_chitiet"><div class="CTTDivTittleBaiViet"> {SCHOOL_TITLE} </div>
      <span class="UI_Tinbai_chitiet_startdate"> 05/03/2019 </span>
      <div class="UI_Tinbai_chitiet_noidungngan"><p>{LEAD}</p></div>
      <div class="UI_Tinbai_chitiet_noidung">{BODY}</div></div>
      <div class="UI_Tinbai_chitiet_tlq"><div class="UI_Tinbai_chitiet_tdtlq">Tin liên quan</div>
      <div class="UI_Tinbai_chitiet_dstdtlq"><a href="/chi-tiet-tin/1230">{OTHER_TITLE}</a> - 01/03/2019</div>
      </div></section></div></div>
    <div class="column-right">{listing}</div></div></body></html>"""


def school(side_list=True):
    return extract(liferay_school(side_list), SCHOOL_URL)


def test_a_list_of_headlines_is_not_the_headline():
    assert school().title == SCHOOL_TITLE


def test_the_article_portlet_gives_the_body():
    assert PARAS[0] in school().body_text


def test_the_web_content_portlet_above_is_not_the_body():
    assert "Hiệu trưởng" not in school().body_text


def test_the_article_portlet_gives_the_lead():
    assert school().body_text.startswith(LEAD)


def test_the_article_portlet_gives_the_date():
    assert normalize_article(school()).published_at == "2019-03-05"


def test_the_related_list_stays_out_of_the_body():
    assert OTHER_TITLE not in school().body_text


def test_the_article_portlet_page_is_an_article():
    assert school().page_kind == "article"


def test_without_a_side_list_the_headline_is_the_article_portlets():
    assert school(side_list=False).title == SCHOOL_TITLE


def test_without_a_side_list_the_date_is_the_article_portlets():
    assert normalize_article(school(side_list=False)).published_at == "2019-03-05"
