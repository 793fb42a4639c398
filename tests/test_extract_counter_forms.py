"""Visitor counter forms of real portal families (docs/evaluation.md, "Visitor counter forms"), each pinned by a
small page written for the test (never copied from a portal; every number invented), with the distractors a real
page carries: the article's own "Lượt xem", view counts in a listing, a clock with today's date, phone numbers and
dates beside the block. A counter read wrong is worse than none: several tests pin a ``None``."""
from __future__ import annotations

import unicodedata

import pytest

from crawler.extract.article import extract_article
from pipelines.normalize import normalize_article

URL = "https://huyenmau.example.gov.vn/tin-tuc/hoi-nghi-tong-ket-nam-2024-88.html"


def page(sidebar: str = "", footer: str = "", article_extra: str = "") -> str:
    """A district portal's article page: header clock, article with its own view count, a most-read listing with
    view counts, ``sidebar`` (the counter block under test) and a footer with address and phone."""
    return f"""<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8">
<title>Hội nghị tổng kết năm 2024 - Cổng thông tin điện tử huyện Mẫu</title></head><body>
<div class="header"><div class="clock">Hôm nay: Thứ Sáu, 10/01/2025</div><div class="hotline">Đường dây nóng: 0290 3831 456</div></div>
<div class="main"><div class="article">
<h1 class="title">Hội nghị tổng kết năm 2024</h1><div class="meta">10/01/2025 09:15 | Lượt xem: 1.523</div>
<p>Sáng 9/1, Ủy ban nhân dân huyện tổ chức hội nghị tổng kết công tác năm 2024, triển khai nhiệm vụ năm 2025.</p>
<p>Năm qua, thu ngân sách trên địa bàn đạt 318 tỷ đồng, vượt 12% dự toán; 4 xã đạt chuẩn nông thôn mới nâng cao.</p>
{article_extra}</div>
<div class="most-read"><h3>Tin xem nhiều</h3><ul>
<li><a href="/tin-tuc/a-1.html">Khánh thành cầu Kênh Xáng</a> <span>(Lượt xem: 2.310)</span></li>
<li><a href="/tin-tuc/b-2.html">Ra quân mùa khô 2025</a> <span>(Lượt xem: 874)</span></li></ul></div></div>
<div class="sidebar">{sidebar}</div>
<div class="footer">UBND huyện Mẫu - 05 đường 3/2, thị trấn Mẫu - ĐT: 0290.3831.222 {footer}</div>
</body></html>"""


def counters(sidebar: str = "", footer: str = "", article_extra: str = ""):
    return normalize_article(extract_article(page(sidebar, footer, article_extra), URL)).counters


def digits(number: str, cell: str = "<td class='so'>{}</td>") -> str:
    return "".join(cell.format(d) for d in number)


# ---------------------------------------------------------------- label vocabulary of theme counters
SITE_THEME = """<section class="truy-cap"><h3>Thống kê truy cập</h3>
<p><i class="fa fa-bolt"></i>Truy cập hiện tại: 7</p><p><i class="fa fa-sun-o"></i>Truy cập hôm nay: 215</p>
<p><i class="fa fa-calendar"></i>Truy cập tháng: 6.120</p><p><i class="fa fa-list"></i>Tổng lượng truy cập: 321.456</p>
</section>"""


@pytest.mark.parametrize("kind,count", [("online", 7), ("today", 215), ("month", 6120), ("total", 321456)])
def test_theme_counter_labels(kind, count):
    assert counters(SITE_THEME)[kind] == count


def test_theme_counter_reads_no_other_kind():
    assert set(counters(SITE_THEME)) == {"online", "today", "month", "total"}


def test_total_labelled_tong_truy_cap():
    assert counters("<div id='luottruycap'><p>THỐNG KÊ TRUY CẬP</p><h4>Tổng truy cập: 16.082</h4>"
                    "<h4>Đang online: 3</h4></div>")["total"] == 16082


def test_total_labelled_tong_so_luot():
    assert counters("<div class='titleleft'>THỐNG KÊ TRUY CẬP</div><table><tr><td>Đang online: 4</td></tr>"
                    "<tr><td>Tổng số lượt: 98.765</td></tr></table>")["total"] == 98765


# ---------------------------------------------------------------- NukeViet: the online count and its breakdown
NUKEVIET = """<div class="panel"><div class="panel-heading">Thống kê</div><ul class="counter">
<li><span>Đang truy cập</span><span>42</span></li><li><span>Thành viên online</span><span>2</span></li>
<li><span>Máy chủ tìm kiếm</span><span>5</span></li><li><span>Khách viếng thăm</span><span>35</span></li>
<li><span>Hôm nay</span><span>3.104</span></li><li><span>Tháng hiện tại</span><span>71.250</span></li>
<li><span>Tổng lượt truy cập</span><span>4.012.877</span></li></ul></div>"""


def test_nukeviet_online_is_all_visitors_not_members():
    assert counters(NUKEVIET)["online"] == 42


def test_nukeviet_total():
    assert counters(NUKEVIET)["total"] == 4012877


# ---------------------------------------------------------------- a column of labels beside a column of counts
VINAORA = f"""<div class="moduletable"><h3>Thống kê truy cập</h3><div class="vvisit_counter">
<div class="vdigit_counter">{digits("0918273", "<span class='vdigit-{0}'>{0}</span>")}</div>
<div class="vstats_counter"><div class="vstats_title"><div class="vrow">Hôm nay</div><div class="vrow">Hôm qua</div>
<div class="vrow">Tuần này</div><div class="vrow">Tháng trước</div><div class="vrow">Tất cả</div></div>
<div class="vstats_number"><div class="vrow">318</div><div class="vrow">402</div><div class="vrow">2150</div>
<div class="vrow">9804</div><div class="vrow">918273</div></div></div>
<div>IP của bạn: 14.161.20.7</div><div>2025-01-10 09:20</div></div></div>"""


@pytest.mark.parametrize("kind,count", [("today", 318), ("yesterday", 402), ("week", 2150), ("total", 918273)])
def test_label_column_beside_count_column(kind, count):
    assert counters(VINAORA)[kind] == count


def test_label_column_last_month_has_no_key():
    assert "month" not in counters(VINAORA)


TABLE_HEADER_ROW = """<table class="thongke"><caption>Thống kê truy cập</caption>
<tr><th>Hôm nay</th><th>Hôm qua</th><th>Tổng cộng</th></tr><tr><td>154</td><td>233</td><td>1.020.304</td></tr></table>"""


@pytest.mark.parametrize("kind,count", [("today", 154), ("yesterday", 233), ("total", 1020304)])
def test_header_row_of_labels_over_a_row_of_counts(kind, count):
    assert counters(TABLE_HEADER_ROW)[kind] == count


def test_heading_label_before_a_column_is_a_heading():
    assert counters("<div class='tk'><h3>Thống kê</h3><div>Lượt truy cập</div><div>Hôm nay</div><div>Tất cả</div>"
                    "<div>88</div><div>40.312</div></div>") == {"today": 88, "total": 40312}


def test_columns_of_unequal_length_read_nothing():
    """Four labels and two counts: which count is whose cannot be told."""
    assert counters("<div class='tk'><h3>Thống kê truy cập</h3><div>Hôm nay Hôm qua Tuần này Tất cả</div>"
                    "<div><span>154</span><span>233</span></div></div>") is None


# ---------------------------------------------------------------- counts of different cells stay apart
def test_two_counts_in_two_cells_are_not_one_number():
    """WP-Statistics' summary prints visitors and visits side by side: never 12 345 read as 12345."""
    block = ("<table class='stats'><tr><th>Trực tuyến:</th><th><span>3</span></th></tr>"
             "<tr><th>Hôm nay:</th><th><span>12</span></th><th><span>345</span></th></tr>"
             "<tr><th>Tổng cộng:</th><th><span>8.000</span></th><th><span>95.000</span></th></tr></table>")
    assert counters(block)["today"] == 12


def test_space_thousands_inside_one_text_still_read():
    assert counters("<div class='counter'>Đang online:&nbsp;12<br>Tổng:&nbsp;1&nbsp;735&nbsp;685</div>")["total"] \
        == 1735685


# ---------------------------------------------------------------- digits one per element
def test_digit_per_list_item_under_its_heading():
    block = (f"<div class='wd-boxs'><h2>Tổng số lượt truy cập</h2><ul>{digits('00123456', '<li><span>{}</span></li>')}"
             f"</ul></div><div class='wd-boxs'><h2>Khách trực tuyến</h2><ul>"
             f"{digits('00000012', '<li><span>{}</span></li>')}</ul></div>")
    assert counters(block) == {"online": 12, "total": 123456}


def test_digit_images_without_labels_under_a_counter_heading():
    imgs = digits("0240335", '<img src="/modules/mod_vvisit_counter/images/mechanical/{}.gif" alt="mod_vvisit_counter">')
    assert counters(f"<div class='module'><h3>Lượt truy cập</h3><div>{imgs}</div></div>") == {"total": 240335}


# ---------------------------------------------------------------- distractors
def test_two_blocks_one_of_documents_give_the_visitor_total():
    block = ("<div class='vb'><h3>Thống kê văn bản</h3>Tổng số: 1.204 văn bản</div>"
             "<div class='tk'><h3>Thống kê truy cập</h3>Đang truy cập: 12<br>Hôm nay: 845<br>"
             "Tổng lượt truy cập: 2.345.678</div>")
    assert counters(block)["total"] == 2345678


def test_date_printed_after_today_label_is_no_count():
    block = ("<div class='thongke'><h3>Thống kê truy cập</h3><p>Hôm nay: 12/01/2025</p><p>Đang online: 9</p>"
             "<p>Tổng lượt truy cập: 77.001</p></div>")
    assert "today" not in counters(block)


def test_clock_and_listing_views_alone_are_no_counter():
    assert counters() is None


def test_article_sentence_about_visits_is_no_counter():
    sentence = "<p>Trang đã có hơn 2 triệu lượt truy cập từ năm 2015, riêng hôm nay 500 lượt, theo Ban biên tập.</p>"
    assert counters(article_extra=sentence) is None


def test_counter_in_the_footer_only():
    assert counters(footer="<p class='luot'>Lượt truy cập: 1.234.567</p>") == {"total": 1234567}


def test_footer_counter_beside_a_phone_number():
    footer = "<p>Điện thoại: 0290.3831.333</p><p>Lượt truy cập: 1.234.567 | Đang online: 21</p>"
    assert counters(footer=footer) == {"online": 21, "total": 1234567}


def test_counter_filled_by_script_is_none():
    block = ("<div class='thongke'><h3>Thống kê truy cập</h3><p>Đang online: <span id='online'></span></p>"
             "<p>Tổng: <span id='total'></span></p><script>loadCounter()</script></div>")
    assert counters(block) is None


def test_nfd_theme_labels():
    block = unicodedata.normalize("NFD", "<div class='tk'><h3>Thống kê truy cập</h3>Tổng lượng truy cập: 411.321"
                                         "<br>Truy cập hiện tại: 5</div>")
    assert counters(block) == {"online": 5, "total": 411321}


@pytest.mark.parametrize("label", ["Tổng Số Truy cập", "Tổng số người truy cập"])
def test_total_labels_of_aspnet_and_laravel_footers(label):
    block = (f"<div class='title-statistic'><h2>THỐNG KÊ TRUY CẬP</h2><ul><li>Truy cập trong ngày<span>11,193</span></li>"
             f"<li>Truy cập trong Tháng <span>556,901</span></li><li>{label}<span>25,822,474</span></li></ul></div>")
    assert counters(block)["total"] == 25822474


def test_total_at_the_end_of_a_long_copyright_line():
    footer = ("<p>© Bản quyền thuộc Ủy ban nhân dân huyện Mẫu. Giấy phép số 45/GP-TTĐT ngày 02/3/2020. "
              "Chịu trách nhiệm chính: Chánh Văn phòng HĐND và UBND huyện. Lượt truy cập: 1.234.567</p>")
    assert counters(footer=footer) == {"total": 1234567}


def test_block_without_heading_known_by_its_class():
    block = "<ul class='thongke'><li>Hôm nay: 300</li><li>Hôm qua: 412</li><li>Tất cả: 45.000</li></ul>"
    assert counters(block) == {"today": 300, "yesterday": 412, "total": 45000}


# ---------------------------------------------------------------- "Số lượng truy cập" under a "Lượng truy cập" column
QUANTITY_TABLE = """<table class="bordered_online"><thead><tr><th>Thống kê</th><th>Lượng truy cập</th></tr></thead>
<tr><td>Đang online</td><td>5</td></tr><tr><td>Hôm nay</td><td>140</td></tr>
<tr><td>Số lượng truy cập</td><td>204517</td></tr></table>"""


@pytest.mark.parametrize("kind,count", [("online", 5), ("today", 140), ("total", 204517)])
def test_total_labelled_so_luong_truy_cap(kind, count):
    assert counters(QUANTITY_TABLE)[kind] == count


def test_a_luong_truy_cap_column_reads_no_other_kind():
    assert set(counters(QUANTITY_TABLE)) == {"online", "today", "total"}
