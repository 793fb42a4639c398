"""A table of several pictures, each row of a picture followed by a row of its caption; a box of links to other
articles inside the body, each with its picture (a teaser card, not the article's picture); a bare name after the
source line at the body's end (the original outlet, not the author). Pages are invented."""
from __future__ import annotations

import pytest

from crawler.extract.article import extract_article

URL = "http://baotinh.example.vn/xa-hoi/le-hoi-dua-ghe-ngo-a1234.html"
HEADLINE = "Lễ hội đua ghe ngo thu hút đông đảo người dân"
PARAGRAPHS = [f"Đoạn {n}: chiều 15/11, hàng nghìn người dân đổ về hai bên bờ sông để cổ vũ các đội ghe ngo, "
              f"không khí lễ hội sôi động khắp các tuyến đường." for n in range(1, 5)]
CAPTIONS = ["Các đội ghe ngo tranh tài trên sông.", "Người dân cổ vũ hai bên bờ. Ảnh: Minh Anh.",
            "Lễ trao giải cho đội về nhất."]


def picture_table(captions, caption_class="ghi-chu"):
    rows = "".join(f"<tr><td><img src='/anh/ghe-{n}.jpg' width='500'></td></tr>"
                   f"<tr><td class='{caption_class}'>{caption}</td></tr>" for n, caption in enumerate(captions))
    return f"<table align='center'><tbody>{rows}</tbody></table>"


def page(middle, tail=""):
    return (f"<html><head><title>{HEADLINE}</title></head><body><div class='noi-dung'><h1>{HEADLINE}</h1>"
            f"<span class='ngay'>15/11/2024 17:30</span><div class='chi-tiet'>"
            f"<p>{PARAGRAPHS[0]}</p><p>{PARAGRAPHS[1]}</p>{middle}<p>{PARAGRAPHS[2]}</p><p>{PARAGRAPHS[3]}</p>"
            f"{tail}</div></div></body></html>")


def extract(html):
    return extract_article(html, URL, fetched_at="2024-11-16T10:00:00+07:00")


@pytest.mark.parametrize("caption_class", ["ghi-chu", "pCaption"])
def test_each_picture_of_a_table_takes_the_caption_row_below_it(caption_class):
    art = extract(page(picture_table(CAPTIONS, caption_class)))
    assert [image.caption for image in art.images] == CAPTIONS


def test_a_picture_of_a_table_with_no_caption_row_of_its_own_takes_none():
    rows = ("<tr><td><img src='/anh/ghe-0.jpg'></td></tr><tr><td class='pCaption'>Các đội ghe ngo tranh tài.</td></tr>"
            "<tr><td><img src='/anh/ghe-1.jpg'></td></tr>")
    art = extract(page(f"<table><tbody>{rows}</tbody></table>"))
    assert [image.caption for image in art.images] == ["Các đội ghe ngo tranh tài.", None]


def test_the_caption_rows_of_a_picture_table_are_not_body_text():
    art = extract(page(picture_table(CAPTIONS)))
    assert art.body_text.split("\n\n") == PARAGRAPHS


OTHERS = [("/xa-hoi/khanh-thanh-cau-tan-minh-a1200.html", "Khánh thành cầu dân sinh xã Tân Minh sau ba tháng thi công"),
          ("/xa-hoi/hoi-thi-nau-com-dan-toc-a1190.html", "Hội thi nấu cơm dân tộc Khmer tại xã Long Hòa năm nay")]


def teaser_box(box_class="hop"):
    rows = "".join(f"<tr><td><a href='{href}'><img src='/anh/nho-{n}.jpg'></a> <a href='{href}'>{title}</a>"
                   f"<p>Tóm tắt: bài viết kể lại một sự kiện khác của địa phương trong tuần qua.</p></td></tr>"
                   for n, (href, title) in enumerate(OTHERS))
    return f"<div class='{box_class}'><table><tbody>{rows}</tbody></table></div>"


def own_picture():
    return f"<p style='text-align:center'><img src='/anh/ghe-0.jpg'></p><p style='text-align:center'><em>{CAPTIONS[0]}</em></p>"


@pytest.mark.parametrize("box_class", ["hop", "VCObjectBoxRelatedNewsContentWrapper"])
def test_a_picture_linked_to_another_article_beside_its_headline_is_not_the_articles(box_class):
    art = extract(page(own_picture() + teaser_box(box_class)))
    assert [image.src for image in art.images] == ["http://baotinh.example.vn/anh/ghe-0.jpg"]


def test_a_picture_linking_to_another_article_alone_stays_the_articles():
    art = extract(page(f"<p><a href='{OTHERS[0][0]}'><img src='/anh/ghe-0.jpg'></a></p>"))
    assert [image.src for image in art.images] == ["http://baotinh.example.vn/anh/ghe-0.jpg"]


def right(text):
    return f"<div style='text-align: right'><i>{text}</i></div>"


def test_a_bare_name_after_the_source_line_is_not_the_byline():
    art = extract(page("", tail=right("Theo Minh Anh/Báo Tỉnh") + right("Reuters")))
    assert art.byline is None


def test_the_source_line_before_a_bare_name_is_the_source():
    art = extract(page("", tail=right("Theo Minh Anh/Báo Tỉnh") + right("Reuters")))
    assert art.source.startswith("Theo Minh Anh/Báo Tỉnh")


def test_a_name_before_the_source_line_is_the_byline():
    art = extract(page("", tail=right("Tấn Lập") + right("Theo Báo Tỉnh")))
    assert art.byline == "Tấn Lập"


def test_a_box_of_teaser_cards_in_the_body_is_not_body_text():
    art = extract(page(teaser_box()))
    assert art.body_text.split("\n\n") == PARAGRAPHS


def test_a_paragraph_with_its_picture_linked_to_another_article_stays_body_text():
    card = f"<p><a href='{OTHERS[0][0]}'><img src='/anh/ghe-0.jpg'></a> {PARAGRAPHS[0]}</p>"
    art = extract(page(card))
    assert art.body_text.split("\n\n").count(PARAGRAPHS[0]) == 2


@pytest.mark.parametrize("arrow", ["&gt;&gt;", "»", "►"])
def test_a_link_marked_by_an_arrow_closing_a_paragraph_is_not_body_text(arrow):
    link = f"<br><a href='{OTHERS[0][0]}'>{arrow} {OTHERS[0][1]}</a>"
    art = extract(page("").replace(f"<p>{PARAGRAPHS[0]}</p>", f"<p>{PARAGRAPHS[0]}{link}</p>"))
    assert art.body_text.split("\n\n")[0] == PARAGRAPHS[0]


def test_a_link_in_a_sentence_stays_body_text():
    sentence = f"Xem lại <a href='{OTHERS[0][0]}'>lễ hội năm ngoái</a> trên trang của báo."
    art = extract(page("").replace(f"<p>{PARAGRAPHS[1]}</p>", f"<p>{PARAGRAPHS[1]} {sentence}</p>"))
    assert art.body_text.split("\n\n")[1] == f"{PARAGRAPHS[1]} Xem lại lễ hội năm ngoái trên trang của báo."


def test_pictures_and_their_lines_in_an_italic_wrapper_set_in_the_body_itself_are_captioned():
    wrapper = (f"<span style='font-style: italic'><img src='/anh/ghe-0.jpg'><br>{CAPTIONS[0]}<br><br>"
               f"<img src='/anh/ghe-1.jpg'><br>{CAPTIONS[2]}</span>")
    art = extract(page(wrapper))
    assert [image.caption for image in art.images] == [CAPTIONS[0], CAPTIONS[2]]


BROKEN = ("Đồng chí Nguyễn Văn An, Phó Chủ tịch UBND huyện thông tin về", "kết quả lễ hội đua ghe ngo năm nay")


def broken_caption():
    return f"<p><img src='/anh/ghe-0.jpg'></p><p>{BROKEN[0]}</p><p>{BROKEN[1]}</p>"


def test_a_plain_caption_line_going_on_in_lower_case_on_the_next_paragraph_is_one_caption():
    assert [image.caption for image in extract(page(broken_caption())).images] == [" ".join(BROKEN)]


def test_the_second_line_of_a_broken_caption_is_not_body_text():
    assert extract(page(broken_caption())).body_text.split("\n\n") == PARAGRAPHS
