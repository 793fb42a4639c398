"""The author printed among the article's details with no class or id that names it (a CMS never seen): after a
bare "bởi"/"By" label, as a link to the site's author page, or as a name standing beside the date. Pages are
invented; every class name is meaningless."""
from __future__ import annotations

import pytest

from crawler.extract.article import extract_article

URL = "http://xa.example.gov.vn/tin-tuc/hop-tac-xa-rau-an-toan-khai-truong-diem-ban-moi"
HEADLINE = "Hợp tác xã rau an toàn khai trương điểm bán mới"
PARAGRAPHS = [f"Đoạn {n}: hợp tác xã vừa khai trương điểm bán thứ năm tại chợ trung tâm huyện, đưa rau có truy xuất "
              f"nguồn gốc đến gần hơn với người tiêu dùng trong vùng." for n in range(1, 5)]


def page(details, above="", below=""):
    body = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    return (f"<html><head><title>{HEADLINE}</title></head><body><div class='k1'><div class='k2'>{above}"
            f"<h1 class='k3'>{HEADLINE}</h1>{details}</div><div class='k4'>{body}</div>{below}</div></body></html>")


def extract(html):
    return extract_article(html, URL, fetched_at="2025-06-05T10:00:00+07:00")


@pytest.mark.parametrize("label", ["bởi", "By", "Bởi"])
def test_a_name_after_a_bare_by_label_is_the_author(label):
    details = f"<p class='k5'><span class='k6'>04/06/2025</span> <span class='k7'> {label} <span>Trần Thu Hà</span></span></p>"
    assert extract(page(details)).authors == ["Trần Thu Hà"]


def test_a_link_to_the_authors_page_above_the_headline_names_the_author():
    above = ("<div class='k8'><span><time datetime='2025-06-04T16:20:00+07:00'>04/06/2025</time></span> "
             "<span class='k9'><a class='k10' href='/author/thanhtam/'>Thanh Tâm</a></span></div>")
    assert extract(page("", above=above)).authors == ["Thanh Tâm"]


def test_an_author_avatar_linked_to_the_authors_page_names_the_author_beside_it():
    details = ("<div class='k5'><a href='/tac-gia/le-hoang-nam.htm'><img src='/avatar/nam.jpg' alt=''></a>"
               "<p class='k6'>LÊ HOÀNG NAM</p></div><div class='k7'>04/06/2025 08:00</div>")
    assert extract(page(details)).byline == "LÊ HOÀNG NAM"


def test_a_name_and_unit_beside_the_date_is_the_byline():
    details = "<div class='k5'><div class='k6'> 04/06/2025 </div><div class='k7'> Hoàng Minh Tuấn - Văn phòng Sở </div></div>"
    assert extract(page(details)).byline == "Hoàng Minh Tuấn - Văn phòng Sở"


def test_a_name_with_an_avatar_beside_the_date_is_the_byline():
    details = ("<div class='k5'><div class='k6'><img src='/media/mai.jpg' width='50'> Lê Thị Mai</div>"
               "<div class='k7'> Ngày 04 tháng 6 năm 2025 </div></div>")
    assert extract(page(details)).byline == "Lê Thị Mai"


def test_a_category_link_beside_the_date_is_no_byline():
    details = "<div class='k5'><span class='k6'>04/06/2025</span> <a class='k7' href='/chuyen-muc/van-hoa'>Văn Hóa</a></div>"
    assert extract(page(details)).byline is None


def test_by_inside_a_sentence_of_the_details_is_no_byline():
    details = ("<div class='k5'><span class='k6'>04/06/2025</span></div><p class='k7'>Chương trình được tổ chức bởi "
               "Hội Nông Dân xã, kéo dài đến hết tháng.</p>")
    assert extract(page(details)).byline is None


def test_a_bare_by_label_with_spaces_around_its_name_element_names_the_author():
    details = "<p class='k5'><span>04/06/2025 09:15</span> <span class='k7'> By <span>Phạm Minh Đức</span> </span></p>"
    assert extract(page(details)).authors == ["Phạm Minh Đức"]


def test_a_by_label_opening_the_details_line_names_the_author_before_the_date():
    details = "<div class='k5'><span> Bởi <span class='k6'><span>Trần Quốc Huy</span></span>, T5, 06/05/2025 - 08:30 </span></div>"
    assert extract(page(details)).authors == ["Trần Quốc Huy"]


def test_a_name_beside_the_date_inside_the_bodys_wrapper_is_the_byline():
    details = ("<div class='k5'><div class='k6'><img src='/media/mai.jpg' width='50'> Lê Thị Mai</div>"
               "<div class='k7'> Ngày 04 tháng 6 năm 2025 </div></div>")
    body = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    html = (f"<html><head><title>{HEADLINE}</title></head><body><div class='k1'><h1 class='k3'>{HEADLINE}</h1>"
            f"<div class='k4'><p class='k8'>{PARAGRAPHS[0]}</p>{details}<div class='k9'>{body}</div></div></div>"
            f"</body></html>")
    assert extract(html).byline == "Lê Thị Mai"


DATE = "<div class='k7'>04/06/2025</div>"


@pytest.mark.parametrize("unit", ["Văn phòng UBND xã", "Phòng Văn hóa - Thông tin"])
def test_an_office_after_an_author_label_below_the_body_is_the_byline(unit):
    below = (f"<div class='k5'><a href='/tep/ke-hoach.pdf'>Tải về: Kế hoạch số 45</a></div>"
             f"<div class='k6'><p><strong>Tác giả: </strong>{unit}</p></div>")
    assert extract(page(DATE, below=below)).byline == f"Tác giả: {unit}"


def test_an_office_without_a_label_below_the_body_is_no_byline():
    assert extract(page(DATE, below="<div class='k6'><p>Văn phòng UBND xã</p></div>")).byline is None


SOURCE_BESIDE_DATE = ("<span class='k5'><span class='k6'> Theo Báo Tỉnh </span> | <span class='k7'> 04/06/2025 10:25"
                      "</span></span>")


def test_a_source_line_beside_the_date_in_the_details_is_the_source():
    assert extract(page(SOURCE_BESIDE_DATE)).source == "Theo Báo Tỉnh"


def test_a_source_line_beside_the_date_is_no_byline():
    assert extract(page(SOURCE_BESIDE_DATE)).byline is None
