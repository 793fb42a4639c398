"""A lead that only its bold style marks, printed in the headline's block above the body; a caption left in the
body without its picture. Pages are invented."""
from __future__ import annotations

from crawler.extract.article import extract_article

URL = "http://so.example.gov.vn/tin-tuc/chi-tiet.aspx?id=12"
HEADLINE = "Khánh thành cầu dân sinh xã Tân Minh"
LEAD = ("Sáng 3/5, UBND huyện Mẫu Sơn tổ chức lễ khánh thành cầu dân sinh xã Tân Minh, "
        "công trình do nhân dân đóng góp xây dựng.")
PARAGRAPHS = [f"Đoạn {n}: cây cầu dài 60 m, rộng 3,5 m, giúp bà con đi lại thuận tiện, nhất là vào mùa mưa lũ, "
              f"khi con đường cũ thường xuyên bị ngập sâu." for n in range(1, 5)]
ORPHAN = "Bà con đi lại trên cây cầu mới. Ảnh minh họa: nguồn Internet"


def page(lead_style="text-align: justify; font-weight: bold", extra=""):
    body = "".join(f"<p>{p}</p>" for p in PARAGRAPHS[:2]) + extra + "".join(f"<p>{p}</p>" for p in PARAGRAPHS[2:])
    return (f"<html><head><title>Sở Xây dựng</title></head><body><div class='khung'><div class='tieu-de-khoi'>"
            f"<div style='text-align: center'><h1>{HEADLINE}</h1></div><br><br>"
            f"<div style='{lead_style}'>{LEAD}</div></div><div></div><div class='noi'>{body}</div></div>"
            f"</body></html>")


def extract(html):
    return extract_article(html, URL, fetched_at="2025-05-04T10:00:00+07:00")


def test_a_bold_block_after_the_headline_in_its_block_is_the_lead():
    assert extract(page()).body_text.split("\n\n")[0] == LEAD


def test_the_lead_after_the_headline_says_where_it_was_found():
    assert extract(page()).rules["lead"] == "generic:div-after-headline"


def test_a_plain_block_after_the_headline_is_no_lead():
    assert LEAD not in extract(page(lead_style="text-align: justify")).body_text


def test_a_caption_left_without_its_picture_is_not_body_text():
    assert ORPHAN not in extract(page(extra=f"<p>{ORPHAN}</p>")).body_text


def test_the_paragraphs_around_an_orphan_caption_stay():
    assert extract(page(extra=f"<p>{ORPHAN}</p>")).body_text.split("\n\n")[1:] == PARAGRAPHS


def test_a_long_paragraph_naming_its_picture_stays_text():
    long = PARAGRAPHS[0] * 3 + " Ảnh: Minh Anh"
    assert long in extract(page(extra=f"<p>{long}</p>")).body_text


def copied(opening):
    """A portal page reprinting a newspaper's article, which opens its body with its own headline."""
    body = opening + "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    return (f"<html><head><title>Sở Tài chính</title></head><body><div class='khung'><h2 class='tieu-de'>{HEADLINE}"
            f"</h2><div class='noi'>{body}</div></div></body></html>")


def test_an_h1_opening_the_body_is_no_body_text():
    art = extract(copied("<h1>Cầu mới nối hai thôn vùng cao của huyện Mẫu Sơn</h1>"))
    assert art.body_text.split("\n\n") == PARAGRAPHS


def test_an_h3_opening_the_body_stays_as_its_first_heading():
    art = extract(copied("<h3>Cầu mới nối hai thôn vùng cao</h3>"))
    assert art.body_text.split("\n\n")[0] == "Cầu mới nối hai thôn vùng cao"
