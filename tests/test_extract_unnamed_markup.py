"""Articles whose markup names nothing the extractor knows (class names of no vocabulary): the body is found by its
structure alone. Pages are invented; class names are neutral tokens."""
from __future__ import annotations

from crawler.extract.article import extract_article

URL = "http://bao.example.vn/xa-hoi/cau-moi-noi-hai-thon-vung-cao-12345.html"
HEADLINE = "Cầu mới nối hai thôn vùng cao"
PARAGRAPHS = [f"Đoạn {n}: sáng nay, người dân hai thôn Nà Lừa và Khuổi Vài đã đi lại trên cây cầu bê tông mới dài 60 "
              f"mét, thay cho cây cầu tre tạm bợ nhiều năm qua." for n in range(1, 7)]
SIDEBAR = "".join(f"<div class='k7'><a href='/bai-{n}.html'>Tin khác số {n} về đời sống bà con vùng cao</a>"
                  f"<p>Tóm tắt ngắn của tin khác số {n}, vài dòng giới thiệu nội dung.</p></div>" for n in range(1, 4))


def page(body):
    return (f"<html><head><title>{HEADLINE}</title></head><body><div class='q1'><a href='/'>Trang chủ</a></div>"
            f"<div class='q2'><div class='q3'><h1>{HEADLINE}</h1><div class='q4'>Thứ Hai, 02/06/2025 08:30</div>"
            f"<div class='q5'>{body}</div></div><div class='q6'>{SIDEBAR}</div></div></body></html>")


def extract(html):
    return extract_article(html, URL, fetched_at="2025-06-02T10:00:00+07:00")


VIDEO = ("<div class='v1'><p>Video: toàn cảnh lễ khánh thành cây cầu mới nối hai thôn vùng cao, do nhân dân và các "
         "nhà hảo tâm đóng góp xây dựng trong hơn sáu tháng, với sự tham gia của hàng trăm ngày công lao động của bà "
         "con hai thôn, bộ đội biên phòng và đoàn viên thanh niên các xã lân cận cùng góp sức.</p></div>")


def test_a_body_of_one_div_per_paragraph_outweighs_a_paragraph_box_below_it():
    art = extract(page("".join(f"<div>{p}</div>" for p in PARAGRAPHS) + "</div>" + VIDEO + "<div>"))
    assert art.body_text.split("\n\n") == PARAGRAPHS


STEPS = "".join(f"<div class='z9'><figure><img src='/anh/{n}.jpg'><figcaption></figcaption></figure><div class='z8'>"
                f"<p>{p}</p></div></div>" for n, p in enumerate(PARAGRAPHS))


def test_a_photo_story_of_alike_blocks_each_a_picture_and_a_paragraph_is_one_body():
    steps = STEPS
    art = extract(page(steps + "</div>" + VIDEO + "<div>"))
    assert art.body_text.split("\n\n") == PARAGRAPHS


def test_a_photo_story_keeps_its_pictures():
    steps = STEPS
    assert len(extract(page(steps + "</div>" + VIDEO + "<div>")).images) == len(PARAGRAPHS)


def article_page(header, footer=""):
    """An <article> whose <header> (date, share links) stands above the block of headline and body."""
    body = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    return (f"<html><head><title>Trường THCS Tân Lộc</title></head><body><div class='q1'><a href='/'>Trang chủ</a>"
            f"</div><article class='q2'><header class='q3'>{header}</header><div class='q4'><div class='q5'>"
            f"<h1>{HEADLINE}</h1></div><div class='q6'>{body}</div><hr><div class='q7'>{footer}</div></div>"
            f"</article></body></html>")


SHARE = "<div class='q8'><a href='#'>A-</a> <a href='#'>A+</a> <a href='/in'>In</a></div>"


def test_a_date_in_the_articles_header_above_the_headlines_block_is_its_date():
    art = extract(article_page(f"<span>Thứ 6, 22/10/2021 | 07:11</span>{SHARE}"))
    assert art.published_raw == "Thứ 6, 22/10/2021 | 07:11"


def test_an_author_label_in_a_nested_wrapper_after_the_body_names_the_byline():
    footer = "<div class='q9'><span><i class='q0'></i> <b>Tác giả:</b></span> Trường THCS Tân Lộc</div>"
    art = extract(article_page(f"<span>Thứ 6, 22/10/2021 | 07:11</span>{SHARE}", footer))
    assert art.byline == "Tác giả: Trường THCS Tân Lộc"


def photo_story(steps=4):
    """A photo story set one table per picture in the article's container, beside the headline and related boxes."""
    tables = "".join(f"<table class='t1'><tr><td><p><img src='/anh/{n}.jpg'></p></td></tr><tr><td class='t2'>"
                     f"Bức ảnh số {n}: người dân đi lại trên cây cầu mới giữa hai thôn.</td></tr></table>"
                     + ("<p><img src='/anh/le-{n}.jpg'></p>" if n == 1 else "") for n in range(steps))
    related = "".join(f"<div><a href='/tin-{n}.html'>Tin khác số {n} về đời sống bà con vùng cao</a></div>"
                      for n in range(4))
    return (f"<html><head><title>{HEADLINE}</title></head><body><div class='q1'><a href='/'>Trang chủ</a></div>"
            f"<div class='q2'><h1>{HEADLINE}</h1><h2>Cây cầu mới dài 60 mét đã nối liền hai thôn vùng cao, bà con đi "
            f"lại thuận tiện hơn hẳn trong mùa mưa lũ năm nay.</h2>{tables}<p align='right'><strong>H.V.<br></strong>"
            f"<em>Ảnh</em>:<strong> Minh Anh</strong></p><div class='q3'>{related}</div></div></body></html>")


def test_a_photo_story_of_tables_keeps_the_caption_of_every_step():
    captions = [im.caption for im in extract(photo_story()).images if im.caption]
    assert len(captions) == 4


def test_a_photo_story_of_tables_keeps_the_pictures_between_its_steps():
    assert len(extract(photo_story()).images) == 5


def test_a_photo_story_of_tables_reads_the_byline_after_its_last_step():
    assert extract(photo_story()).byline == "H.V. Ảnh: Minh Anh"


def test_the_bodys_continuation_after_an_advertisement_keeps_its_pictures():
    ad = "<div class='qc'><a href='https://qc.example.vn/'><img src='/qc/banner.gif'></a></div>"
    html = page("".join(f"<p>{p}</p>" for p in PARAGRAPHS[:4]) + f"</div>{ad}<div class='q5b'><p><img "
                "src='/anh/cau.jpg'></p><p><em>Cây cầu mới nhìn từ bờ sông</em></p>"
                + "".join(f"<p>{p}</p>" for p in PARAGRAPHS[4:]))
    assert [im.caption for im in extract(html).images] == ["Cây cầu mới nhìn từ bờ sông"]
