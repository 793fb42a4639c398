"""A LacViet-style article block: a header row printing the section's name and a bracketed date above the block of
the headline (a paragraph whose class names it a title beside a CMS flag) and the text. Pages are invented."""
from __future__ import annotations

from crawler.extract.article import extract_article

URL = "http://huyen.example.gov.vn/dai-hoi-dai-bieu-cac-dan-toc-thieu-so-huyen-lan-thu-iii/"
HEADLINE = "Đại hội đại biểu các dân tộc thiểu số huyện lần thứ III"
PARAGRAPHS = [f"Đoạn {n}: đại hội đã đánh giá kết quả thực hiện các chương trình, chính sách dân tộc giai đoạn "
              f"2014 - 2019 và đề ra phương hướng cho giai đoạn tới." for n in range(1, 5)]


def page(row_date="(28.06.2019 13:49)", list_item=False):
    header = (f"<div class='c1'><table><tr><td>tin nổi bật</td><td class='Time'>{row_date}</td></tr></table></div>"
              if not list_item else
              f"<ul class='c1'><li><a href='/tin-khac/'>Hội nghị tổng kết công tác dân tộc năm nay của huyện</a> "
              f"<span class='Time'>{row_date}</span></li></ul>")
    body = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    return (f"<html><head><title>Trang thông tin điện tử huyện</title></head><body><h1 class='s1'>Trang thông tin "
            f"điện tử huyện</h1>{header}<div class='c2'><p class='Title allowMenuPost'>{HEADLINE}</p>"
            f"<table><tr><td>{body}</td></tr></table></div></body></html>")


def extract(html):
    return extract_article(html, URL, fetched_at="2019-06-29T10:00:00+07:00")


def test_a_title_classed_paragraph_with_a_menu_flag_in_its_class_is_the_headline():
    assert extract(page()).title == HEADLINE


def test_a_bracketed_date_in_a_header_row_beside_the_sections_name_is_the_date():
    assert extract(page()).published_raw == "(28.06.2019 13:49)"


def test_a_bracketed_date_beside_another_articles_headline_is_not_the_date():
    assert extract(page(list_item=True)).published_raw is None
