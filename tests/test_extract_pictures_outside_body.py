"""The article's pictures printed outside its body container, with no class naming their caption: a figure whose
caption is a paragraph, a box of the picture and one line of text, between the headline and the body or after
it (a CMS's media files). Pages are invented; every class name is meaningless."""
from __future__ import annotations

from crawler.extract.article import extract_article

URL = "http://phuong.example.gov.vn/tin-tuc/ra-quan-lam-sach-kenh-rach"
HEADLINE = "Đoàn thanh niên phường ra quân làm sạch kênh rạch"
CAPTION = "Đoàn viên dùng ghe vớt rác trên tuyến kênh"
PARAGRAPHS = [f"Đoạn {n}: sáng 3/6, hơn một trăm đoàn viên thanh niên phường ra quân thu gom rác thải, lục bình trên "
              f"các tuyến kênh rạch của địa phương." for n in range(1, 5)]


def page(before="", after=""):
    body = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    return (f"<html><head><title>{HEADLINE}</title></head><body><div class='q1'><h1 class='q2'>{HEADLINE}</h1>"
            f"<div class='q3'>03/06/2025 14:00</div>{before}<div class='q4'>{body}</div>{after}</div></body></html>")


def extract(html):
    return extract_article(html, URL, fetched_at="2025-06-04T10:00:00+07:00")


def captions(html):
    return [(image.src.rsplit("/", 1)[-1], image.caption) for image in extract(html).images]


def test_a_figure_with_a_caption_paragraph_before_the_body_is_the_articles():
    figure = f"<figure class='q5'><img src='/anh/kenh.jpg' alt='kênh'><p>{CAPTION}</p></figure>"
    assert captions(page(before=figure)) == [("kenh.jpg", CAPTION)]


def test_a_picture_box_of_two_blocks_before_the_body_is_the_articles():
    box = (f"<div class='q5'><div class='q6'><div class='q7'><img src='/anh/kenh.jpg'></div></div>"
           f"<div class='q8'>{CAPTION}</div></div>")
    assert captions(page(before=box)) == [("kenh.jpg", CAPTION)]


def test_a_picture_box_after_the_body_is_the_articles():
    box = (f"<div class='q5'><div class='q6'><a href='/anh/kenh-lon.jpg'><img src='/anh/kenh.jpg'></a></div>"
           f"<p class='q7'>{CAPTION}</p></div>")
    assert captions(page(after=box)) == [("kenh.jpg", CAPTION)]


def test_a_picture_after_the_body_linking_another_article_is_not_the_articles():
    box = (f"<div class='q5'><div class='q6'><a href='/tin-tuc/bai-khac'><img src='/anh/khac.jpg'></a></div>"
           f"<p class='q7'>{CAPTION}</p></div>")
    assert captions(page(after=box)) == []


def test_a_picture_after_the_body_with_no_caption_is_not_the_articles():
    assert captions(page(after="<div class='q5'><img src='/anh/bieu-ngu.jpg'></div>")) == []


def test_the_caption_of_a_picture_box_is_not_body_text():
    box = (f"<div class='q5'><div class='q6'><img src='/anh/kenh.jpg'></div><p class='q7'>{CAPTION}</p></div>")
    assert CAPTION not in extract(page(after=box)).body_text


def test_a_picture_box_whose_line_is_in_italics_before_the_body_is_the_articles():
    box = (f"<div class='q5' style='width:200px'><a href='/anh/kenh-lon.jpg'><img src='/anh/kenh.jpg'></a>"
           f"<p><em>{CAPTION}</em></p></div>")
    assert captions(page(before=box)) == [("kenh.jpg", CAPTION)]


LEAD = ("Sáng 3/6, hơn một trăm đoàn viên thanh niên phường ra quân làm sạch các tuyến kênh rạch, thu gom hàng tấn "
        "rác thải và lục bình.")


def lead_box():
    return (f"<div class='q9'><div class='q5' style='width:200px'><a href='/anh/kenh-lon.jpg'><img src='/anh/kenh.jpg'>"
            f"</a><p><em>{CAPTION}</em></p></div> {LEAD} </div>")


def test_the_sentences_beside_the_picture_in_a_box_before_the_body_are_the_lead():
    assert extract(page(before=lead_box())).body_text.split("\n\n")[0] == LEAD


def test_the_picture_of_the_lead_box_keeps_its_caption():
    assert captions(page(before=lead_box())) == [("kenh.jpg", CAPTION)]


def test_a_source_line_beside_the_caption_in_a_figcaption_is_not_the_caption():
    figure = (f"<figure class='q5'><img src='/anh/kenh.jpg'><figcaption class='q6'><p class='q7'>Theo Báo Tỉnh</p>"
              f"<p class='q8'>{CAPTION}</p></figcaption></figure>")
    assert captions(page(before=figure)) == [("kenh.jpg", CAPTION)]
