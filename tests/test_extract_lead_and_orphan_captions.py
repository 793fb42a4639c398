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


def test_a_plain_block_of_sentences_after_the_headline_is_the_lead_too():
    assert extract(page(lead_style="text-align: justify")).body_text.split("\n\n")[0] == LEAD


def test_a_plain_line_after_the_headline_that_ends_no_sentence_is_no_lead():
    art = extract(page(lead_style="text-align: justify").replace(LEAD, LEAD.rstrip(".") + " và các xã lân cận"))
    assert not art.body_text.startswith("Sáng 3/5")


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


# ---------------------------------------------------------------- a SharePoint news table: headline, lead, body rows
def news_table(lead_row, body_id="content-print", body=None, closing=""):
    body = body or "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    return (f"<html><head><title>Trang chủ - Huyện Mẫu Sơn</title></head><body><table id='bang'><tbody>"
            f"<tr><td><p class='Title'>{HEADLINE}</p></td></tr>{lead_row}"
            f"<tr><td><div class='Ngoai'><p><br></p><div id='{body_id}'>{body}</div>{closing}</div></td></tr>"
            f"</tbody></table></body></html>")


def test_a_bold_lead_in_a_table_row_between_headline_and_body_opens_the_text():
    art = extract(news_table(f"<tr><td><b class='mo-ta'>{LEAD}</b></td></tr>"))
    assert art.body_text.split("\n\n")[0] == LEAD


def test_a_meta_line_between_headline_and_body_is_no_lead():
    meta = "<tr><td><p>Cập nhật lúc 08:30 ngày 03/05/2025 bởi quản trị viên, <a href='/in'>bản in</a>.</p></td></tr>"
    assert "Cập nhật" not in extract(news_table(meta)).body_text


def test_a_body_container_named_for_printing_keeps_its_text():
    art = extract(news_table("", body_id="content-print"))
    assert art.body_text.split("\n\n") == PARAGRAPHS


def test_a_signature_with_a_units_abbreviation_closing_the_body_is_the_byline():
    signed = "<p>&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;<strong>Minh Tâm – ĐTT.</strong></p>"
    assert extract(news_table("", closing=signed)).byline == "Minh Tâm – ĐTT."


def test_a_signature_with_a_units_abbreviation_is_not_body_text():
    signed = "<p>&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;<strong>Minh Tâm – ĐTT.</strong></p>"
    assert "Minh Tâm" not in extract(news_table("", closing=signed)).body_text


# ---------------------------------------------------------------- a caption printed as a plain paragraph
PICTURED = ("<p>{0}</p><p><img src='/anh/cau.jpg'></p><p>Lãnh đạo huyện cắt băng khánh thành cầu dân sinh xã Tân Minh"
            "</p><p>{1}</p>")


def test_a_plain_line_under_a_picture_that_ends_no_sentence_is_its_caption():
    art = extract(news_table("", body=PICTURED.format(*PARAGRAPHS[:2])))
    assert [im.caption for im in art.images] == ["Lãnh đạo huyện cắt băng khánh thành cầu dân sinh xã Tân Minh"]


def test_a_plain_caption_line_is_not_body_text():
    art = extract(news_table("", body=PICTURED.format(*PARAGRAPHS[:2])))
    assert art.body_text.split("\n\n") == PARAGRAPHS[:2]


def test_a_sentence_under_a_picture_is_text_not_its_caption():
    body = PICTURED.replace("Tân Minh</p>", "Tân Minh, sáng 3/5.</p>").format(*PARAGRAPHS[:2])
    assert extract(news_table("", body=body)).images[0].caption is None


def test_a_bold_subheading_under_a_picture_is_not_its_caption():
    body = PICTURED.replace("<p>Lãnh đạo", "<p><strong>Lãnh đạo").replace("Tân Minh</p>", "Tân Minh</strong></p>")
    assert extract(news_table("", body=body.format(*PARAGRAPHS[:2]))).images[0].caption is None

