"""Failure classes of extraction on pages it had never seen, each pinned by small pages written for the test
(never copied from a portal): headlines outside h1/h2, titles cut at " - ", dates beside the headline, control
characters, stray early end tags, placeholder and source lines, caption markups, visitor counters."""
from __future__ import annotations

import time

import pytest

from crawler.extract.article import extract_article
from crawler.extract.counters import extract_counters
from crawler.extract.dates import parse_date
from crawler.extract.text import load_html
from pipelines.normalize import contract_json, normalize_article

URL = "https://tinh.gov.vn/tin-tuc/hoi-nghi-tong-ket-123.html"
HEADLINE = "Tỉnh tổ chức hội nghị tổng kết công tác năm 2023"
PARAS = "".join(f"<p>Đoạn văn số {i} của bài viết, có đủ chữ để được coi là nội dung chính của trang này.</p>"
                for i in range(1, 6))
FIRST_PARA = "Đoạn văn số 1 của bài viết, có đủ chữ để được coi là nội dung chính của trang này."
SIDEBAR = """<div class="left"><div class="title">Tin mới</div><ul>
  <li><a href="/a1.html">Một tin khác trên cổng thông tin của tỉnh</a></li>
  <li><a href="/a2.html">Thêm một tin khác nữa trên cổng thông tin</a></li></ul></div>"""


def page(headline, meta_line="", body=PARAS, doc_title="Cổng thông tin điện tử tỉnh", head="", before_body=""):
    """An article page of an unknown CMS: no class of the body is in any vocabulary."""
    return f"""<html><head><title>{doc_title}</title>{head}</head><body>
    <div class="menu"><a href="/">Trang chủ</a> <a href="/tin-tuc">Tin tức</a></div>{SIDEBAR}
    <div class="giua">{headline}{meta_line}{before_body}<div class="khungbai">{body}
    <p style="text-align:right"><strong>Minh Anh</strong></p></div></div>
    <div class="chan">Bản quyền thuộc về Cổng thông tin điện tử tỉnh.</div></body></html>"""


def extract(html, url=URL, **kwargs):
    return extract_article(html, url, fetched_at="2024-06-01T10:00:00+07:00", **kwargs)


def normalized(html, url=URL):
    return normalize_article(extract(html, url))


# ---------------------------------------------------------------- 1. headline outside h1/h2
HEADLINE_MARKUPS = [
    f'<div class="title">{HEADLINE}</div>', f'<p class="news-title">{HEADLINE}</p>',
    f'<span class="tieude">{HEADLINE}</span>', f'<div class="tieu-de">{HEADLINE}</div>',
    f'<div class="title-news">{HEADLINE}</div>', f'<p class="article-title">{HEADLINE}</p>',
    f'<div class="post-title">{HEADLINE}</div>', f'<div class="detail-title">{HEADLINE}</div>',
    f'<div itemprop="headline">{HEADLINE}</div>', f'<div class="title"><a href="{URL}">{HEADLINE}</a></div>',
    f'<div class="TieuDe">{HEADLINE}</div>', f'<p class="newsTitle">{HEADLINE}</p>',
    f'<span id="ctl00_ContentPlaceHolder1_lblTitle">{HEADLINE}</span>', f"<h2>{HEADLINE}</h2>",
]
META_LINE = '<div class="thongtin">Ngày đăng 12/03/2024 | 3:45 PM</div>'
CAPTIONED = PARAS + '<p><img src="/anh/1.jpg"></p><p style="text-align:center"><em>Quang cảnh hội nghị.</em></p>'


@pytest.mark.parametrize("headline", HEADLINE_MARKUPS)
def test_headline_with_a_title_class_is_the_title(headline):
    assert extract(page(headline, META_LINE)).title == HEADLINE


@pytest.mark.parametrize("headline", HEADLINE_MARKUPS)
def test_headline_with_a_title_class_keeps_the_body(headline):
    assert extract(page(headline, META_LINE)).body_text.split("\n\n")[0] == FIRST_PARA


@pytest.mark.parametrize("headline", HEADLINE_MARKUPS)
def test_headline_with_a_title_class_keeps_the_date(headline):
    assert normalized(page(headline, META_LINE)).published_at == "2024-03-12T15:45:00+07:00"


@pytest.mark.parametrize("headline", HEADLINE_MARKUPS)
def test_headline_with_a_title_class_keeps_the_byline(headline):
    assert extract(page(headline, META_LINE)).byline == "Minh Anh"


@pytest.mark.parametrize("headline", HEADLINE_MARKUPS)
def test_headline_with_a_title_class_keeps_the_captions(headline):
    images = extract(page(headline, META_LINE, body=CAPTIONED)).images
    assert [(im.src, im.caption) for im in images] == [("https://tinh.gov.vn/anh/1.jpg", "Quang cảnh hội nghị.")]


def test_a_box_heading_with_the_title_class_is_not_the_headline():
    """The sidebar's ``div.title`` ("Tin mới") comes first; the headline is the one above the article."""
    assert extract(page(f'<div class="title">{HEADLINE}</div>')).title == HEADLINE


def test_body_found_by_density_without_any_headline():
    art = extract(page("", META_LINE))
    assert art.body_text.split("\n\n")[0] == FIRST_PARA


def test_date_found_without_any_headline():
    assert normalized(page("", META_LINE)).published_at == "2024-03-12T15:45:00+07:00"


def test_byline_found_without_any_headline():
    assert extract(page("", META_LINE)).byline == "Minh Anh"


def test_title_falls_back_to_the_document_title_without_any_headline():
    assert extract(page("", META_LINE)).title == "Cổng thông tin điện tử tỉnh"


def test_a_missing_date_does_not_empty_the_body():
    assert extract(page(f'<div class="title">{HEADLINE}</div>')).body_text.split("\n\n")[0] == FIRST_PARA


# ---------------------------------------------------------------- 2. titles cut at " - "
DASHED = "Hội nghị Ban Chấp hành Đảng bộ tỉnh - khóa XVII lần thứ 15"


@pytest.mark.parametrize("headline", [
    f'<div class="tenbai"><b>{DASHED}</b></div>', f"<strong>{DASHED}</strong>", f"<h3>{DASHED}</h3>",
    f'<td class="x">{DASHED}</td>',
])
def test_a_headline_holding_a_dash_is_kept_whole(headline):
    html = page(f"<table><tr>{headline}</tr></table>" if headline.startswith("<td") else headline,
                doc_title=f"{DASHED} - Cổng TTĐT tỉnh")
    assert extract(html).title == DASHED


def test_title_tag_is_cut_when_no_headline_holds_the_dash():
    assert extract(page("", doc_title=f"{DASHED} - Cổng TTĐT tỉnh")).title == "Hội nghị Ban Chấp hành Đảng bộ tỉnh"


def test_on_page_headline_longer_than_a_truncated_title_tag():
    html = page(f'<div class="tenbai">{DASHED}</div>', doc_title="Hội nghị Ban Chấp hành Đảng bộ tỉnh")
    assert extract(html).title == DASHED


def test_a_body_paragraph_starting_like_the_title_tag_is_not_the_headline():
    body = "<p>Hội nghị Ban Chấp hành Đảng bộ tỉnh đã diễn ra trong hai ngày với nhiều nội dung quan trọng.</p>"
    html = page("", body=body + PARAS, doc_title="Hội nghị Ban Chấp hành Đảng bộ tỉnh")
    assert extract(html).title == "Hội nghị Ban Chấp hành Đảng bộ tỉnh"


def test_a_dashed_h1_matching_the_title_tag_is_kept_whole():
    html = page(f"<h1>{DASHED}</h1>", doc_title=f"{DASHED} - Cổng TTĐT tỉnh")
    assert extract(html).title == DASHED


# ---------------------------------------------------------------- 3. dates beside the headline
@pytest.mark.parametrize("text,expected", [
    ("Ngày đăng 12/03/2024 | 3:45 PM", "2024-03-12T15:45:00+07:00"),
    ("14:05, 12/03/2024", "2024-03-12T14:05:00+07:00"),
    ("12/03/2024 | 12:00 AM", "2024-03-12T00:00:00+07:00"),
    ("12/03/2024 | 12:30 PM", "2024-03-12T12:30:00+07:00"),
    ("Cập nhật lúc: 09:30 - 12/03/2024", "2024-03-12T09:30:00+07:00"),
    ("3/25/2024 9:05:10 PM", "2024-03-25T21:05:10+07:00"),
    ("3/25/2024 9:05:10 AM", "2024-03-25T09:05:10+07:00"),
    ("12/25/2024 12:05:10 AM", "2024-12-25T00:05:10+07:00"),
    ("3/25/2024", None),  # month first only in the shape of .NET's en-US date and time
    ("25/3/2024 9:05:10", "2024-03-25T09:05:10+07:00"),
    ("25/03/2024 9:05 SA", "2024-03-25T09:05:00+07:00"),
    ("25/03/2024 9:05 CH", "2024-03-25T21:05:00+07:00"),
    ("25/03/2024 12:05 SA", "2024-03-25T00:05:00+07:00"),
    ("25/03/2024 12:05 CH", "2024-03-25T12:05:00+07:00"),
    ("12/03/2024 3:45PM", "2024-03-12T15:45:00+07:00"),
    ("Thứ Ba, 12/03/2024, 3:45 CH", "2024-03-12T15:45:00+07:00"),
    ("13/13/2024", None),
])
def test_parse_date_shapes(text, expected):
    assert parse_date(text, reference="2024-06-01T10:00:00+07:00") == expected


@pytest.mark.parametrize("meta_line,expected", [
    ('<div class="thongtin"><span>Ngày đăng</span> 12/03/2024 | 3:45 PM</div>', "2024-03-12T15:45:00+07:00"),
    ('<p class="meta"><i class="icon"></i> 14:05, 12/03/2024</p>', "2024-03-12T14:05:00+07:00"),
    ('<div class="thongtin"><span>12/03/2024</span> | <span>12:00 AM</span></div>', "2024-03-12T00:00:00+07:00"),
    ('<div class="thongtin"><b>Cập nhật lúc:</b> 09:30 - 12/03/2024</div>', "2024-03-12T09:30:00+07:00"),
    ('<div class="thongtin">3/25/2024 9:05:10 PM</div>', "2024-03-25T21:05:10+07:00"),
    ('<div class="thongtin"><div><span>25/03/2024</span> <span>9:05 CH</span></div></div>',
     "2024-03-25T21:05:00+07:00"),
])
def test_date_printed_after_the_headline(meta_line, expected):
    assert normalized(page(f'<div class="title">{HEADLINE}</div>', meta_line)).published_at == expected


def test_date_printed_after_a_wrapped_headline():
    headline = f'<div class="khung-tieu-de"><div class="title">{HEADLINE}</div></div>'
    meta = '<div class="thongtin"><span>Ngày đăng</span> 12/03/2024 | 3:45 PM</div>'
    assert normalized(page(headline, meta)).published_at == "2024-03-12T15:45:00+07:00"


def test_date_printed_just_above_the_headline():
    headline = f'<div class="thongtin">14:05, 12/03/2024</div><div class="title">{HEADLINE}</div>'
    assert normalized(page(headline)).published_at == "2024-03-12T14:05:00+07:00"


def test_date_beside_the_headline_keeps_the_printed_line():
    meta = '<div class="thongtin"><span>Ngày đăng</span> 12/03/2024 | 3:45 PM</div>'
    assert extract(page(f'<div class="title">{HEADLINE}</div>', meta)).published_raw == \
        "Ngày đăng 12/03/2024 | 3:45 PM"


def test_a_header_clock_above_the_page_is_not_the_date():
    html = page(f'<div class="title">{HEADLINE}</div>').replace(
        '<div class="menu">', '<div class="clock">Thứ Hai, 03/06/2024 - 07:43</div><div class="menu">')
    assert extract(html).published_raw is None


# ---------------------------------------------------------------- 4. C0 control characters
@pytest.mark.parametrize("char", ["\x0b", "\x07", "\x1b", "\x0c", "\x01", "\x1f"])
@pytest.mark.parametrize("as_bytes", [False, True])
def test_a_control_character_does_not_empty_the_extraction(char, as_bytes):
    html = page(f"<h1>{HEADLINE}</h1>", META_LINE).replace("số 3 của", f"số 3{char}của")
    art = extract(html.encode("utf-8") if as_bytes else html)
    assert "Đoạn văn số 3" in art.body_text


@pytest.mark.parametrize("char", ["\x0b", "\x07", "\x1b", "\x0c"])
def test_a_control_character_leaves_no_replacement_character(char):
    html = page(f"<h1>{HEADLINE}</h1>", META_LINE).replace("số 3 của", f"số 3{char}của")
    assert "\ufffd" not in extract(html.encode("utf-8")).body_text


def test_a_vertical_tab_is_a_line_break():
    html = page(f"<h1>{HEADLINE}</h1>", META_LINE).replace("số 3 của", "số 3\x0bcủa")
    assert "Đoạn văn số 3 của bài viết" in extract(html.encode("utf-8")).body_text


def test_a_bell_is_dropped():
    html = page(f"<h1>{HEADLINE}</h1>", META_LINE).replace("số 3 của", "số 3 c\x07ủa")
    assert "Đoạn văn số 3 của bài viết" in extract(html.encode("utf-8")).body_text


def test_control_characters_in_the_head_keep_the_title():
    html = page(f"<h1>{HEADLINE}</h1>", META_LINE).replace("<head>", "<head>\x0b\x1b")
    assert extract(html.encode("utf-8")).title == HEADLINE


def test_control_characters_in_a_windows_1258_page():
    from replica.faults import to_cp1258
    html = page(f"<h1>{HEADLINE}</h1>", META_LINE).replace("số 3 của", "số 3\x0bcủa")
    data = to_cp1258(html.replace("<head>", '<head><meta charset="windows-1258">'))
    assert "Đoạn văn số 3 của bài viết" in extract(data).body_text


# ---------------------------------------------------------------- 5. stray early end tags
STRAY = [
    ("<html>", "<html></html>"), ("<html>", "<html>\n</html>\n"), ("<html>", '<html lang="vi"></html>'),
    ("<html>", "<html></body></html>"), ("<html>", "<html></html></body>"),
    ("<html>", '<!DOCTYPE html><?xml version="1.0"?><html></html>'),
]


@pytest.mark.parametrize("old,new", STRAY)
def test_stray_end_tags_after_html_keep_the_body(old, new):
    html = page(f"<h1>{HEADLINE}</h1>", META_LINE).replace(old, new, 1)
    assert extract(html.encode("utf-8")).body_text.split("\n\n")[0] == FIRST_PARA


@pytest.mark.parametrize("old,new", STRAY)
def test_stray_end_tags_after_html_keep_the_title(old, new):
    html = page(f'<div class="title">{HEADLINE}</div>', META_LINE).replace(old, new, 1)
    assert extract(html.encode("utf-8")).title == HEADLINE


@pytest.mark.parametrize("old,new", STRAY)
def test_stray_end_tags_after_html_keep_the_date(old, new):
    html = page(f"<h1>{HEADLINE}</h1>", META_LINE).replace(old, new, 1)
    assert normalized(html.encode("utf-8")).published_at == "2024-03-12T15:45:00+07:00"


def test_stray_end_tags_parse_to_a_tree_with_the_text():
    html = page(f"<h1>{HEADLINE}</h1>", META_LINE).replace("<html>", "<html></html>", 1)
    assert FIRST_PARA in "".join(load_html(html.encode("utf-8")).itertext())


def test_stray_end_tags_recovery_is_linear_on_a_huge_page():
    """A page of 2 MB whose markup has no text (scripts and empty divs) after a stray ``</html>``."""
    html = "<html></html><head><title>T</title></head><body>" + "<div></div></html>" * 100_000 \
        + "<script>var a = 1;</script>" * 10_000 + "</body>"
    start = time.process_time()
    extract(html.encode("utf-8"))
    assert time.process_time() - start < 5


def test_a_page_with_little_text_is_not_parsed_again():
    """A legitimately empty page (a shell that scripts fill) comes out empty, as before."""
    html = "<html><head><title>Ứng dụng</title></head><body><div id='app'></div>" + \
        "<script>var data = '" + "x" * 50_000 + "';</script></body></html>"
    assert extract(html.encode("utf-8")).body_text is None


# ---------------------------------------------------------------- 6. placeholders and source lines
@pytest.mark.parametrize("label", ["Bút danh:", "Tác giả:", "Tác giả :", "Người viết:", "Phóng viên:"])
def test_an_empty_author_label_is_no_byline(label):
    body = PARAS + f'<div class="author"><b>{label}</b></div>'
    html = page(f"<h1>{HEADLINE}</h1>", META_LINE, body=body).replace(
        '<p style="text-align:right"><strong>Minh Anh</strong></p>', "")
    assert extract(html).byline is None


def test_an_author_label_with_a_name_is_the_byline():
    body = PARAS + '<div class="author"><b>Tác giả:</b> Trường THCS Tân Phú</div>'
    html = page(f"<h1>{HEADLINE}</h1>", META_LINE, body=body).replace(
        '<p style="text-align:right"><strong>Minh Anh</strong></p>', "")
    assert extract(html).byline == "Tác giả: Trường THCS Tân Phú"


@pytest.mark.parametrize("line", ["Nguồn: Báo Nhân Dân", "Theo VOV", "Theo http://baochinhphu.vn/tin-1.html",
                                  "(Theo VOV)", "Nguồn: baochinhphu.vn", "Theo Báo Tin tức"])
def test_a_source_line_is_the_source(line):
    body = PARAS + f'<p style="text-align:right"><strong>{line}</strong></p>'
    html = page(f"<h1>{HEADLINE}</h1>", META_LINE, body=body).replace(
        '<p style="text-align:right"><strong>Minh Anh</strong></p>', "")
    assert extract(html).source == line


@pytest.mark.parametrize("line", ["Nguồn: Báo Nhân Dân", "Theo VOV", "Theo http://baochinhphu.vn/tin-1.html",
                                  "(Theo VOV)"])
def test_a_source_line_is_not_the_byline(line):
    body = PARAS + f'<p style="text-align:right"><strong>{line}</strong></p>'
    html = page(f"<h1>{HEADLINE}</h1>", META_LINE, body=body).replace(
        '<p style="text-align:right"><strong>Minh Anh</strong></p>', "")
    assert extract(html).byline is None


@pytest.mark.parametrize("line", ["Nguồn: Báo Nhân Dân", "(Theo VOV)"])
def test_a_source_line_is_not_body_text(line):
    body = PARAS + f'<p style="text-align:right"><strong>{line}</strong></p>'
    html = page(f"<h1>{HEADLINE}</h1>", META_LINE, body=body)
    assert line not in extract(html).body_text


def test_byline_and_source_both_kept():
    body = PARAS + '<p style="text-align:right"><strong>Minh Anh</strong></p><p><em>(Theo VOV)</em></p>'
    art = extract(page(f"<h1>{HEADLINE}</h1>", META_LINE, body=body).replace(
        '<p style="text-align:right"><strong>Minh Anh</strong></p></div>', "</div>"))
    assert (art.byline, art.source) == ("Minh Anh", "(Theo VOV)")


def test_source_in_a_source_block():
    body = PARAS + '<div class="nguon">Nguồn: Báo Đồng Tháp</div>'
    assert extract(page(f"<h1>{HEADLINE}</h1>", META_LINE, body=body)).source == "Nguồn: Báo Đồng Tháp"


def test_a_sentence_starting_with_theo_is_not_a_source():
    body = PARAS + "<p>Theo kế hoạch, hội nghị sẽ được tổ chức vào tháng tới tại hội trường lớn của tỉnh.</p>"
    assert extract(page(f"<h1>{HEADLINE}</h1>", META_LINE, body=body)).source is None


def test_source_has_a_rule():
    body = PARAS + "<p><strong>Nguồn: Báo Nhân Dân</strong></p>"
    assert extract(page(f"<h1>{HEADLINE}</h1>", META_LINE, body=body)).rules["source"]


def test_source_is_normalised():
    art = extract(page(f"<h1>{HEADLINE}</h1>", META_LINE))
    art.source = "Nguo\u0302\u0300n:  Báo\u00a0Nhân Dân "
    assert normalize_article(art).source == "Nguồn: Báo Nhân Dân"


def test_source_is_in_the_contract_after_the_byline():
    body = PARAS + "<p><strong>Nguồn: Báo Nhân Dân</strong></p>"
    keys = list(contract_json(normalized(page(f"<h1>{HEADLINE}</h1>", META_LINE, body=body))))
    assert keys[keys.index("byline") + 1] == "source"


def test_a_source_line_under_an_image_is_not_its_caption():
    body = PARAS + '<p><img src="/anh/2.jpg"></p><p style="text-align:center"><em>Nguồn: Internet</em></p>'
    images = extract(page(f"<h1>{HEADLINE}</h1>", META_LINE, body=body)).images
    assert [(im.src, im.caption) for im in images] == [("https://tinh.gov.vn/anh/2.jpg", None)]


# ---------------------------------------------------------------- 7. caption markups
def captions(body):
    art = extract(page(f"<h1>{HEADLINE}</h1>", META_LINE, body=PARAS + body))
    return [im.caption for im in art.images]


def test_caption_in_a_centred_em_paragraph_after_the_image_paragraph():
    assert captions('<p style="text-align: center;"><img src="/a.jpg"></p><p><em>Quang cảnh hội nghị.</em></p>') \
        == ["Quang cảnh hội nghị."]


def test_caption_in_a_centred_italic_paragraph_with_a_span():
    assert captions('<p style="text-align:center"><span><img src="/a.jpg"></span></p>'
                    '<p style="text-align:center"><span><i>Quang cảnh hội nghị.</i></span></p>') \
        == ["Quang cảnh hội nghị."]


def test_caption_after_a_line_break_in_the_image_paragraph():
    assert captions('<p style="text-align:center"><img src="/a.jpg"><br><em>Quang cảnh hội nghị.</em></p>') \
        == ["Quang cảnh hội nghị."]


def test_caption_as_a_photo_credit_line():
    assert captions('<p><img src="/a.jpg"></p><p>Đại biểu dự hội nghị (Ảnh: Minh Anh)</p>') \
        == ["Đại biểu dự hội nghị (Ảnh: Minh Anh)"]


def test_caption_as_a_bare_photo_credit():
    assert captions('<p><img src="/a.jpg"></p><p>(Ảnh: Minh Anh)</p>') == ["(Ảnh: Minh Anh)"]


def test_caption_in_the_next_table_row():
    assert captions('<table><tbody><tr><td><p><img src="/a.jpg"></p></td></tr>'
                    '<tr><td><p><em>Quang cảnh hội nghị.</em></p></td></tr></tbody></table>') \
        == ["Quang cảnh hội nghị."]


def test_caption_in_the_next_table_row_of_a_centred_table():
    assert captions('<table align="center" border="0"><tr><td align="center"><img src="/a.jpg" width="500"></td></tr>'
                    '<tr><td align="center">Quang cảnh hội nghị.</td></tr></table>') == ["Quang cảnh hội nghị."]


def test_caption_split_over_two_centred_paragraphs():
    assert captions('<p style="text-align:center"><img src="/a.jpg"></p>'
                    '<p style="text-align:center"><em>Đồng chí Bí thư Tỉnh ủy phát biểu</em></p>'
                    '<p style="text-align:center"><em>tại hội nghị.</em></p>') \
        == ["Đồng chí Bí thư Tỉnh ủy phát biểu tại hội nghị."]


def test_a_split_caption_is_not_body_text():
    body = ('<p style="text-align:center"><img src="/a.jpg"></p>'
            '<p style="text-align:center"><em>Đồng chí Bí thư Tỉnh ủy phát biểu</em></p>'
            '<p style="text-align:center"><em>tại hội nghị.</em></p>')
    assert "tại hội nghị" not in extract(page(f"<h1>{HEADLINE}</h1>", META_LINE, body=PARAS + body)).body_text


def test_a_body_paragraph_after_a_caption_is_not_joined():
    assert captions('<p style="text-align:center"><img src="/a.jpg"></p>'
                    '<p style="text-align:center"><em>Quang cảnh hội nghị.</em></p>'
                    '<p>Sau đó, hội nghị đã thảo luận về phương hướng nhiệm vụ năm 2024 của toàn tỉnh.</p>') \
        == ["Quang cảnh hội nghị."]


def test_a_long_body_paragraph_after_an_image_is_not_a_caption():
    assert captions('<p><img src="/a.jpg"></p><p>Sau đó, hội nghị đã thảo luận về phương hướng nhiệm vụ năm 2024 '
                    'của toàn tỉnh (ảnh bên), với nhiều ý kiến đóng góp của các đại biểu.</p>') == [None]


# ---------------------------------------------------------------- 8. visitor counters
def counters(block):
    html = f"<html><body><div class='main'><p>Nội dung trang.</p></div>{block}</body></html>"
    art = normalize_article(extract_article(html, "https://tinh.gov.vn/"))
    return art.counters


def test_counter_one_digit_per_cell():
    cells = "".join(f"<td>{d}</td>" for d in "0001735685")
    assert counters(f"<table><tr><td>Tổng lượt truy cập:</td>{cells}</tr></table>") == {"total": 1735685}


def test_counter_one_digit_per_cell_with_indentation():
    cells = "\n  ".join(f"<td> {d} </td>" for d in "0001735685")
    assert counters(f"<table><tr>\n  <td>Tổng lượt truy cập:</td>\n  {cells}\n</tr></table>") == {"total": 1735685}


def test_counter_one_digit_per_image_alt():
    imgs = "".join(f'<img src="/so/{d}.png" alt="{d}">' for d in "0001735685")
    assert counters(f"<div class='thongke'>Số lượt truy cập: {imgs}</div>") == {"total": 1735685}


def test_counter_one_digit_per_image_src():
    imgs = "".join(f'<img src="/images/counter/{d}.gif">' for d in "0012345")
    assert counters(f"<div>Lượt truy cập <span>{imgs}</span></div>") == {"total": 12345}


def test_counter_digit_images_on_separate_lines():
    imgs = "\n".join(f'<img src="/images/counter/so_{d}.png">' for d in "00123")
    assert counters(f"<div class='counter'>Tổng lượt truy cập:\n{imgs}\n</div>") == {"total": 123}


def test_counter_digit_images_with_other_keys():
    imgs = "".join(f'<img src="/c/{d}.gif">' for d in "0098765")
    assert counters(f"<div class='counter'><p>Đang online: 15</p><p>Hôm nay: 230</p><p>Tổng: {imgs}</p></div>") \
        == {"online": 15, "today": 230, "total": 98765}


def test_counter_nfd_labels():
    import unicodedata
    block = unicodedata.normalize("NFD", "<div><div>Đang truy cập: 27</div>"
                                         "<div>Tổng lượt truy cập: 4.798.809</div></div>")
    assert counters(block) == {"online": 27, "total": 4798809}


def test_counter_labels_typed_with_combining_tone_marks():
    """Vietnamese "Unicode tổ hợp": the tone mark combining after a letter that keeps its other marks."""
    from crawler.extract.counters import _tones_apart
    block = "<div><div>" + _tones_apart("Đang truy cập") + ": 27</div><div>" + _tones_apart("Tổng lượt truy cập") + \
        ": 4.798.809</div></div>"
    assert counters(block) == {"online": 27, "total": 4798809}


def test_counter_total_only():
    assert counters("<div class='box'><h4>Thống kê</h4><span>Tổng lượt truy cập:</span><span>15545250</span></div>") \
        == {"total": 15545250}


def test_counter_label_alone():
    assert counters("<div class='box'>Lượt truy cập: 1.234.567</div>") == {"total": 1234567}


def test_article_views_beside_the_counter_are_not_the_counter():
    assert counters("<div class='box'>Lượt xem: 321 | Lượt truy cập: 1.234.567</div>") == {"total": 1234567}


@pytest.mark.parametrize("label", ["Lượt xem", "Số lượt người xem", "Lượt đọc"])
def test_article_views_alone_are_no_counter(label):
    assert counters(f"<div class='box'>{label}: 321</div>") is None


def test_digit_images_without_the_digits_are_no_stray_total():
    """A counter of images whose digits cannot be read: nothing, never the 2 of a nearby text."""
    imgs = "".join(f'<img src="/c/{name}.gif">' for name in ("a8f3", "b2c1", "e9d0", "f4a7"))
    assert counters(f"<div class='counter'>Tổng lượt truy cập: {imgs}<br>Trang 2</div>") is None


def test_a_total_below_another_count_is_no_counter():
    assert counters("<div class='counter'>Hôm nay: 1.523<br>Tổng: 2</div>") is None


def test_extract_counters_reads_digit_cells_from_the_tree():
    import lxml.html
    cells = "".join(f"<td>{d}</td>" for d in "0042")
    found, _ = extract_counters(lxml.html.document_fromstring(
        f"<html><body><table><tr><td>Lượt truy cập</td>{cells}</tr></table></body></html>"))
    assert found == {"total": "0042"}


# ---------------------------------------------------------------- the source line in the archive
class _Portal:
    slug, name, kind, family, domains, start_urls = "p1", "Portal 1", "province", "test", ["a.vn"], ["http://a.vn/"]


def test_source_is_stored_with_the_article(tmp_path):
    from pipelines.store import article_record
    from portal_archive import archive
    body = PARAS + "<p><strong>Nguồn: Báo Nhân Dân</strong></p>"
    art = extract_article(page(f"<h1>{HEADLINE}</h1>", META_LINE, body=body), "http://a.vn/tin/1.html",
                          fetched_at="2026-01-01T00:00:00+00:00")
    art.portal = "p1"
    db = archive.open_archive(tmp_path / "a.db")
    archive.upsert_portal(db, _Portal, "2026-01-01T00:00:00+00:00")
    archive.store_batch(db, [article_record(normalize_article(art))])
    assert db.execute("SELECT source FROM articles").fetchone()[0] == "Nguồn: Báo Nhân Dân"


def test_an_archive_of_the_previous_schema_gains_the_source_column(tmp_path):
    import sqlite3

    import sqlite_utils

    from portal_archive import archive
    old = sqlite_utils.Database(sqlite3.connect(str(tmp_path / "old.db")))
    for number, migration in enumerate(archive.MIGRATIONS[:-1], start=1):
        migration(old)
        old.execute(f"PRAGMA user_version = {number}")
    old.conn.commit()
    old.conn.close()
    db = archive.open_archive(tmp_path / "old.db")
    assert "source" in db["articles"].columns_dict


def test_the_site_name_printed_as_the_title_tag_is_not_the_headline():
    """``<title>`` is the site's name alone, printed in the page's header: the headline above the body wins."""
    html = page(f'<div class="title">{HEADLINE}</div>', META_LINE).replace(
        '<div class="menu">',
        '<div class="top"><div class="ten">Cổng thông tin điện tử tỉnh</div></div><div class="menu">')
    assert extract(html).title == HEADLINE


def test_a_header_clock_beside_the_site_name_is_not_the_date():
    html = page(f'<div class="title">{HEADLINE}</div>').replace(
        '<div class="menu">', '<div class="top"><div class="ten">Cổng thông tin điện tử tỉnh</div>'
                              '<span>Thứ Hai, 03/06/2024 - 07:43</span></div><div class="menu">')
    assert extract(html).published_raw is None


def test_headline_and_body_side_by_side_under_body():
    html = f"""<html><head><title>Cổng thông tin</title></head><body><div class="title">{HEADLINE}</div>
    <div class="khungbai">{PARAS}</div></body></html>"""
    assert extract(html).title == HEADLINE


def test_a_subtitle_between_headline_and_body_is_not_the_headline():
    headline = (f'<div class="title">{HEADLINE}</div><div class="subtitle">Chiều nay, tại trụ sở Ủy ban nhân dân '
                f'tỉnh, đã diễn ra hội nghị</div>')
    assert extract(page(headline, META_LINE)).title == HEADLINE


def test_headline_in_a_table_layout():
    html = f"""<html><head><title>Cổng thông tin</title></head><body><table><tr><td>{SIDEBAR}</td><td><table>
    <tr><td class="title_tintuc">{HEADLINE}</td></tr><tr><td>(Cập nhật lúc: 09:30 - 12/03/2024)</td></tr>
    <tr><td>{PARAS}</td></tr></table></td></tr></table></body></html>"""
    assert extract(html).title == HEADLINE


def test_date_in_a_table_layout():
    html = f"""<html><head><title>Cổng thông tin</title></head><body><table><tr><td>{SIDEBAR}</td><td><table>
    <tr><td class="title_tintuc">{HEADLINE}</td></tr><tr><td>(Cập nhật lúc: 09:30 - 12/03/2024)</td></tr>
    <tr><td>{PARAS}</td></tr></table></td></tr></table></body></html>"""
    assert normalized(html).published_at == "2024-03-12T09:30:00+07:00"


def test_headline_in_an_article_header():
    html = page(f'<header class="entry-header"><h1>{HEADLINE}</h1></header>', META_LINE,
                doc_title=f"{HEADLINE} - Cổng TTĐT tỉnh")
    assert extract(html).title == HEADLINE


def test_headline_in_an_article_header_is_its_element():
    html = page(f'<header class="entry-header"><h1>{HEADLINE}</h1></header>', META_LINE,
                doc_title=f"{HEADLINE} - Cổng TTĐT tỉnh")
    assert extract(html).rules["title"] == "generic:h1~meta"


def test_a_time_element_gives_its_printed_day_a_time():
    meta = '<div class="meta"><time datetime="2024-03-12T15:45:00+07:00">12/03/2024</time></div>'
    assert normalized(page(f"<h1>{HEADLINE}</h1>", meta)).published_at == "2024-03-12T15:45:00+07:00"


def test_a_time_element_of_another_day_does_not_replace_the_printed_date():
    meta = '<div class="meta"><time datetime="2024-03-14T15:45:00+07:00">12/03/2024</time></div>'
    assert normalized(page(f"<h1>{HEADLINE}</h1>", meta)).published_at == "2024-03-12"
