"""More failure classes of extraction on pages it had never seen, each pinned by small pages written for the test
(never copied from a portal): dates in a CMS's own slot, headlines in table cells and paragraphs, the body of the
headline rather than the first match of a vocabulary, photo posts whose text is their lead, unlabelled trailing
bylines, visitor counters whose labels carry the period, and small leaks into the body."""
from __future__ import annotations

import time

import pytest

from crawler.extract.article import extract_article
from crawler.extract.counters import extract_counters
from crawler.extract.text import load_html
from pipelines.normalize import normalize_article

URL = "https://truong.edu.vn/tin-tuc/hoat-dong-ngoai-khoa-456.html"
HEADLINE = "Học sinh tham gia hoạt động ngoại khóa đầu năm học"
PARAS = [f"Đoạn văn số {i} kể về buổi hoạt động của học sinh, đủ dài để được coi là nội dung chính của bài viết."
         for i in range(1, 5)]
BODY = "".join(f"<p>{p}</p>" for p in PARAS)
NAV = '<div class="menu"><a href="/">Trang chủ</a> <a href="/tin-tuc">Tin tức</a></div>'


def extract(html, url=URL):
    return extract_article(html, url, fetched_at="2024-06-01T10:00:00+07:00", classify=True)


def normalized(html, url=URL):
    return normalize_article(extract(html, url))


# ---------------------------------------------------------------- 3. the body of the headline
INTRO = ("<p>Trường được thành lập theo quyết định của Ủy ban nhân dân huyện, nằm trên địa bàn xã, có khuôn viên "
         "rộng rãi.</p><p>Hiệu trưởng: Nguyễn Văn Một. Phó hiệu trưởng: Trần Thị Hai. Chủ tịch công đoàn: Lê "
         "Văn Ba.</p><p>Chào mừng quý vị đến với trang thông tin điện tử của nhà trường.</p>")


def portlets(article_box):
    """A portal page whose first portlet is an introduction in a vocabulary's class; the article follows."""
    return f"""<html><head><title>Trường THCS Một</title><meta property="og:title" content="{HEADLINE}"></head>
    <body>{NAV}<div class="cot"><div class="portlet"><div class="journal-content-article">{INTRO}</div></div>
    <div class="portlet">{article_box}</div></div></body></html>"""


ARTICLE_BOX = (f'<div class="khung"><div class="tde">{HEADLINE}</div><span class="ngay">07/11/2017</span>'
               f'<div class="bai">{BODY}</div></div>')


def test_body_before_the_headline_is_not_the_article():
    assert PARAS[0] in extract(portlets(ARTICLE_BOX)).body_text


def test_body_before_the_headline_leaves_no_intro_text():
    assert "Chào mừng" not in extract(portlets(ARTICLE_BOX)).body_text


def test_body_below_the_headline_named_by_its_rule():
    assert extract(portlets(ARTICLE_BOX)).rules["body"] == "generic:below-headline"


def test_body_below_the_headline_keeps_the_title():
    assert extract(portlets(ARTICLE_BOX)).title == HEADLINE


def test_body_below_the_headline_gives_the_date():
    assert normalized(portlets(ARTICLE_BOX)).published_at == "2017-11-07"


def test_a_vocabulary_match_below_the_headline_is_preferred():
    box = f'<div class="khung"><div class="tde">{HEADLINE}</div><div class="journal-content-article">{BODY}</div></div>'
    assert extract(portlets(box)).body_text.split("\n\n")[0] == PARAS[0]


LONG_INTRO = INTRO * 4


def test_of_several_matches_the_one_below_the_headline_is_the_body():
    html = f"""<html><head><title>Trường THCS Một</title><meta property="og:title" content="{HEADLINE}"></head>
    <body>{NAV}<div class="cot"><div class="portlet"><div class="tde">{HEADLINE}</div>
    <div class="journal-content-article">{BODY}</div></div><div class="portlet">
    <div class="journal-content-article">{LONG_INTRO}</div></div></div></body></html>"""
    assert extract(html).body_text.split("\n\n")[-1] == PARAS[-1]


def test_of_several_matches_the_longest_stays_without_a_headline_element():
    html = f"""<html><head><title>Trường THCS Một</title></head><body>{NAV}<div class="journal-content-article">
    {BODY}</div><div class="journal-content-article">{LONG_INTRO}</div></body></html>"""
    assert "Chào mừng" in extract(html).body_text


def test_a_list_item_linking_to_the_article_is_not_its_headline():
    items = (f'<div class="ds"><div class="tieude_item"><a href="/a.html">Một tin khác của trường trong tuần</a></div>'
             f'<div class="tieude_item"><a href="{URL}">{HEADLINE}</a></div></div>')
    html = portlets(ARTICLE_BOX).replace("</body>", f"{items}</body>")
    assert extract(html).rules["body"] == "generic:below-headline"


def test_body_after_the_headline_stays():
    html = f"""<html><head><title>{HEADLINE}</title></head><body>{NAV}<h1>{HEADLINE}</h1>
    <div class="journal-content-article">{BODY}</div><div class="khac">{INTRO}</div></body></html>"""
    assert extract(html).body_text.split("\n\n")[0] == PARAS[0]


LEAD = "Sáng nay, học sinh toàn trường đã tham gia buổi hoạt động ngoại khóa đầu tiên của năm học mới."


def test_a_one_paragraph_box_between_headline_and_body_is_the_lead():
    box = (f'<div class="khung"><div class="tde">{HEADLINE}</div><div class="ngan"><p>{LEAD}</p></div>'
           f'<div class="bai">{BODY}</div></div>')
    assert extract(portlets(box)).body_text.split("\n\n")[0] == LEAD


def test_a_box_with_a_link_before_the_body_is_not_the_lead():
    box = (f'<div class="khung"><div class="tde">{HEADLINE}</div><div class="ngan"><p>{LEAD} '
           f'<a href="/x.html">Xem</a></p></div><div class="bai">{BODY}</div></div>')
    assert extract(portlets(box)).body_text.split("\n\n")[0] == PARAS[0]


# ---------------------------------------------------------------- 4. a photo post: its text is its lead
PHOTOS = "".join(f'<p style="text-align:center"><img src="/anh/{i}.jpg"></p><p> </p>' for i in range(1, 4))


def photo_post(lead_markup):
    return f"""<html><head><title>{HEADLINE}</title></head><body>{NAV}<article>
    <h1 itemprop="headline">{HEADLINE}</h1><div class="news-date">Ngày đăng: 26/08/2020 - 21:56</div>
    {lead_markup}<div class="khung"><div class="noi" itemprop="articleBody">{PHOTOS}</div></div>
    </article></body></html>"""


def test_photo_post_body_is_its_lead():
    html = photo_post(f'<div class="brief" itemprop="description"><p>{LEAD}</p></div>')
    assert extract(html).body_text == LEAD


def test_photo_post_lead_by_a_sapo_class():
    assert extract(photo_post(f'<div class="sapo">{LEAD}</div>')).body_text == LEAD


def test_photo_post_keeps_its_images():
    html = photo_post(f'<div class="sapo">{LEAD}</div>')
    assert [im.src for im in extract(html).images] == [f"https://truong.edu.vn/anh/{i}.jpg" for i in range(1, 4)]


def test_photo_post_body_rule_says_media():
    html = photo_post(f'<div class="sapo">{LEAD}</div>')
    assert extract(html).rules["body"] == "generic:[itemprop='articleBody']~media"


def test_photo_post_without_a_lead_has_no_body():
    assert extract(photo_post("")).body_text is None


def test_an_empty_body_block_without_media_is_no_body():
    html = photo_post(f'<div class="sapo">{LEAD}</div>').replace(PHOTOS, "<p> </p>")
    assert extract(html).body_text is None


# ---------------------------------------------------------------- 7. small leaks into the body
def article_page(body, headline=f"<h1>{HEADLINE}</h1>"):
    return f"""<html><head><title>{HEADLINE}</title></head><body>{NAV}<div class="chitiet">{headline}
    <div class="date">12/03/2024</div><div class="noidung">{body}</div></div></body></html>"""


def test_headline_repeated_as_the_first_paragraph_is_dropped():
    html = article_page(f'<p style="text-align:center"><strong>{HEADLINE.upper()}</strong></p>{BODY}',
                        headline=f"<h1>{HEADLINE.upper()}</h1>")
    assert extract(html).body_text.split("\n\n")[0] == PARAS[0]


def test_headline_repeated_in_another_case_is_dropped():
    html = article_page(f'<p style="text-align:center"><strong>{HEADLINE.upper()}</strong></p>{BODY}')
    assert extract(html).body_text.split("\n\n")[0] == PARAS[0]


def test_a_variant_of_the_headline_opening_the_body_stays():
    variant = "HỌC SINH THAM GIA HOẠT ĐỘNG NGOẠI KHÓA, ĐẦU NĂM HỌC"
    assert extract(article_page(f"<p>{variant}</p>{BODY}")).body_text.split("\n\n")[0] == variant


def test_the_headline_inside_the_body_later_on_stays():
    assert extract(article_page(f"{BODY}<p>{HEADLINE}</p>")).body_text.split("\n\n")[-1] == HEADLINE


@pytest.mark.parametrize("line", ["Xem chi tiết Tại đây", "Xem chi tiết tại đây", "Tải về", "Xem toàn văn tại đây",
                                  "Chi tiết xem tại đây", "Xem chi tiết: https://so.gov.vn/van-ban.pdf"])
def test_a_link_line_to_the_full_text_is_not_body(line):
    html = article_page(f'{BODY}<p>{line.replace("đây", "<a href=/x>đây</a>")}</p>')
    assert extract(html).body_text.split("\n\n")[-1] == PARAS[-1]


def test_a_sentence_starting_with_xem_stays():
    sentence = "Xem xét kỹ các hồ sơ, hội đồng đã thống nhất đề nghị khen thưởng các tập thể."
    assert extract(article_page(f"{BODY}<p>{sentence}</p>")).body_text.split("\n\n")[-1] == sentence


def test_a_source_line_then_a_link_line_leave_the_body():
    html = article_page(f'{BODY}<p>Theo Báo Tỉnh điện tử</p><br><p>Xem chi tiết <a href="/">Tại đây</a></p>')
    assert extract(html).body_text.split("\n\n")[-1] == PARAS[-1]


def test_a_source_line_then_a_link_line_give_the_source():
    html = article_page(f'{BODY}<p>Theo Báo Tỉnh điện tử</p><br><p>Xem chi tiết <a href="/">Tại đây</a></p>')
    assert extract(html).source == "Theo Báo Tỉnh điện tử"


# ---------------------------------------------------------------- 2. headlines in table cells and paragraphs
SITE = "Trang thông tin điện tử Huyện Một"


def table_page(headline_cell, head=""):
    """A print table: the headline in its first row, the body nested a few blocks deep in the next; ``<title>`` is
    the site's name."""
    return f"""<html><head><title>{SITE}</title>{head}</head><body>{NAV}<div class="giua"><div id="in">
    <table id="bang"><tbody><tr>{headline_cell}</tr><tr><td><div class="ngoai"><div><div class="trong">
    <div class="news-content">{BODY}</div></div></div></div></td></tr></tbody></table></div></div></body></html>"""


TABLE_HEADLINES = [f'<td style="text-align:center"><p class="Title">{HEADLINE}</p></td>',
                   f'<td class="title">{HEADLINE}</td>', f'<td><p class="title">{HEADLINE}</p></td>',
                   f'<td class="TieuDe">{HEADLINE}</td>']


@pytest.mark.parametrize("cell", TABLE_HEADLINES)
def test_headline_in_a_table_cell_is_the_title(cell):
    assert extract(table_page(cell)).title == HEADLINE


@pytest.mark.parametrize("cell", TABLE_HEADLINES)
def test_headline_in_a_table_cell_is_an_element(cell):
    assert extract(table_page(cell)).rules["title"].endswith("~body")


@pytest.mark.parametrize("cell", TABLE_HEADLINES)
def test_headline_in_a_table_cell_keeps_the_body(cell):
    assert extract(table_page(cell)).body_text.split("\n\n")[0] == PARAS[0]


def test_a_site_name_title_without_a_headline_stays_the_title():
    assert extract(table_page("<td></td>")).title == SITE


def test_a_box_named_banner_holding_the_body_holds_the_headline():
    html = f"""<html><head><title>{HEADLINE}</title></head><body><div class="top-banner"><img src="/logo.png">
    </div><div class="content-banner"><div class="article"><div class="date">12/03/2024</div>
    <div class="title">{HEADLINE}</div><div class="noidung">{BODY}</div></div></div></body></html>"""
    assert extract(html).page_kind == "article"


def test_a_banner_box_apart_from_the_body_holds_no_headline():
    html = f"""<html><head><title>{HEADLINE}</title></head><body><div class="top-banner"><div class="title">
    {HEADLINE}</div><p>Cổng thông tin của trường</p></div><div class="article"><div class="date">12/03/2024</div>
    <div class="noidung">{BODY}</div>
    </div></body></html>"""
    assert extract(html).rules["title"] == "title"


# ---------------------------------------------------------------- 1. a date in a CMS's own slot
def slot_page(article_box, above=""):
    """The article in a portlet; ``above``: what the portlet prints before it (a folder bar, a clock…)."""
    return f"""<html><head><title>{SITE}</title></head><body>{NAV}<div class="cot"><div class="portlet">{above}
    <div class="khung">{article_box}</div></div></div></body></html>"""


def test_a_startdate_slot_beside_the_headline_is_the_date():
    box = f'<div class="tde">{HEADLINE}</div><span class="bai_startdate"> 07/11/2017 </span><div>{BODY}</div>'
    assert normalized(slot_page(box)).published_at == "2017-11-07"


def test_a_startdate_slot_is_found_by_the_loose_vocabulary():
    box = f'<div class="tde">{HEADLINE}</div><span class="bai_startdate"> 07/11/2017 </span><div>{BODY}</div>'
    assert extract(slot_page(box)).rules["published"] == "generic:[class*='date' i]"


def test_a_postdate_above_the_headline_keeps_its_time():
    box = f'<div class="PostDate">23/03/2021 08:34:00 </div><div class="tde">{HEADLINE}</div><div>{BODY}</div>'
    assert normalized(slot_page(box)).published_at == "2021-03-23T08:34:00+07:00"


FOLDER_BAR = ('<table><tr><td class="FolderTitle">tin nổi bật</td><td class="Time" align="right">11/06/2019</td></tr>'
              '</table>')
PRINT_TABLE = (f'<table id="in"><tbody><tr><td><p class="Title">{HEADLINE}</p></td></tr><tr><td><div><div>'
               f'<div class="news-content">{BODY}</div></div></div></td></tr></tbody></table>')


def test_a_time_cell_beside_the_folder_title_is_the_date():
    assert normalized(slot_page(PRINT_TABLE, above=FOLDER_BAR)).published_at == "2019-06-11"


def test_a_time_cell_is_found_by_the_loose_vocabulary():
    assert extract(slot_page(PRINT_TABLE, above=FOLDER_BAR)).rules["published"] == "generic:[class*='time' i]"


CLOCK = ('<div class="time"><script>document.write(new Date())</script><span id="tP">Thứ sáu, 5/4/2019-14:0 PM'
         '</span></div>')


def test_a_script_clock_is_not_the_date():
    assert extract(slot_page(PRINT_TABLE, above=CLOCK)).published_raw is None


def test_a_clock_by_its_name_is_not_the_date():
    above = '<div class="clock-time">Thứ sáu, 05/04/2019 14:00</div>'
    assert extract(slot_page(PRINT_TABLE, above=above)).published_raw is None


def test_a_date_in_the_site_header_is_not_the_date():
    html = slot_page(PRINT_TABLE).replace(NAV, f'<div class="header"><span class="date">Thứ hai, 04/10/2021</span>'
                                                f'</div>{NAV}')
    assert extract(html).published_raw is None


def test_a_related_list_date_is_not_the_date():
    above = ('<ul><li><a href="/a.html">Một tin khác của trường trong tuần qua</a> <span class="ShowDate">'
             '(06/06/2019)</span></li></ul>')
    assert extract(slot_page(PRINT_TABLE, above=above)).published_raw is None


def test_a_list_item_date_with_a_headline_link_is_not_the_date():
    above = ('<ul><li><a href="/a.html">Một tin khác của trường trong tuần qua</a> <span class="ngay">'
             '06/06/2019</span></li></ul>')
    assert extract(slot_page(PRINT_TABLE, above=above)).published_raw is None


def test_a_date_class_after_the_body_is_not_the_date():
    box = PRINT_TABLE + '<div class="comment-time">12/06/2019 08:00</div>'
    assert extract(slot_page(box)).published_raw is None


def test_a_long_block_under_a_date_class_is_not_the_date():
    box = (f'<div class="update-time">Cập nhật: hội nghị được tổ chức vào ngày 11/06/2019 tại hội trường lớn của '
           f'tỉnh, với nhiều đại biểu tham dự.</div>{PRINT_TABLE}')
    assert extract(slot_page(box)).published_raw is None


def test_the_date_vocabulary_wins_over_a_loose_match():
    box = f'<div class="ngay-tao">01/01/2019</div><div class="date">11/06/2019</div>{PRINT_TABLE}'
    assert normalized(slot_page(box)).published_at == "2019-06-11"


# ---------------------------------------------------------------- 6. counter labels that carry the period
def counters(rows):
    """A statistics panel of label/count rows (``rows``: ``(label, count)`` pairs)."""
    cells = "".join(f'<div class="row"><span class="nhan">{label}</span><span class="so">{count}</span></div>'
                    for label, count in rows)
    html = (f"<html><body><div class='main'><p>Nội dung trang.</p></div><div class='khung'><div class='tieude'>"
            f"Thống kê truy cập</div><div class='panel'>{cells}</div></div></body></html>")
    return normalize_article(extract_article(html, "https://truong.edu.vn/")).counters


def test_counter_month_label_with_the_month_number():
    assert counters([("Hôm nay :", "425"), ("Tháng  10 :", "9.244")])["month"] == 9244


def test_counter_year_label_with_the_year():
    assert counters([("Hôm nay :", "425"), ("Năm  2021 :", "71.869")])["year"] == 71869


def test_counter_last_month_is_not_this_month():
    assert "month" not in counters([("Hôm nay :", "425"), ("Hôm qua :", "215"), ("Tháng trước :", "15.844")])


def test_counter_labels_with_periods_all_read():
    rows = [("Hôm nay :", "425"), ("Hôm qua :", "215"), ("Tháng  10 :", "9.244"), ("Tháng trước :", "15.844"),
            ("Năm  2021 :", "71.869")]
    assert counters(rows) == {"today": 425, "yesterday": 215, "month": 9244, "year": 71869}


def test_counter_month_label_with_month_and_year():
    assert counters([("Hôm nay :", "12"), ("Tháng 10/2021:", "1.234")])["month"] == 1234


def test_counter_month_label_out_of_range_is_not_a_month():
    assert "month" not in counters([("Hôm nay :", "12"), ("Hôm qua :", "7"), ("Tháng 13 :", "1.234")])


def test_counter_year_label_with_a_short_number_is_not_a_year():
    assert "year" not in counters([("Hôm nay :", "12"), ("Hôm qua :", "7"), ("Năm 21 :", "1.234")])


def test_counter_this_month_label_still_wins():
    assert counters([("Hôm nay :", "12"), ("Trong tháng :", "300"), ("Tháng 10 :", "999")])["month"] == 300


def test_a_period_count_in_article_text_is_no_counter():
    html = ("<html><body><div class='noidung'><p>Trong năm 2021: 120 hồ sơ được giải quyết; tháng 10: 12 hồ sơ."
            "</p></div></body></html>")
    assert extract_counters(load_html(html))[0] is None


# ---------------------------------------------------------------- 5. unlabelled trailing bylines
def signed(last, head=""):
    return f"""<html><head><title>{HEADLINE}</title>{head}</head><body>{NAV}<div class="chitiet"><h1>{HEADLINE}</h1>
    <div class="date">12/03/2024</div><div class="noidung">{BODY}{last}</div></div></body></html>"""


def test_a_bare_name_ending_the_body_is_the_byline():
    assert extract(signed("<p>Minh Tâm</p>")).byline == "Minh Tâm"


def test_a_bare_name_ending_the_body_leaves_the_body():
    assert extract(signed("<p>Minh Tâm</p>")).body_text.split("\n\n")[-1] == PARAS[-1]


def test_a_bare_name_rule():
    assert extract(signed("<p>Minh Tâm</p>")).rules["byline"] == "generic:body-signature"


def test_a_bare_name_in_capitals_is_the_byline():
    assert extract(signed("<p>HOÀNG MAI ANH</p>")).byline == "HOÀNG MAI ANH"


def test_a_bare_name_before_a_source_line_is_the_byline():
    assert extract(signed("<p>Minh Tâm</p><p>Theo Báo Giáo dục</p>")).byline == "Minh Tâm"


def test_a_last_sentence_is_not_a_byline():
    assert extract(signed("<p>Hội nghị kết thúc tốt đẹp.</p>")).byline is None


def test_a_short_capitalised_line_after_a_heading_is_not_a_byline():
    body = f"{BODY}<p>Danh sách khen thưởng</p><p>Minh Tâm</p>"
    assert extract(signed(body)).byline is None


def test_an_organisation_ending_the_body_is_not_a_byline():
    assert extract(signed("<p>Ban Biên Tập</p>")).byline is None


def test_five_capitalised_words_are_not_a_bare_name():
    assert extract(signed("<p>Nguyễn Thị Minh Khai Hoa</p>")).byline is None


def test_a_bare_name_with_a_link_is_not_a_byline():
    assert extract(signed('<p><a href="/tac-gia/minh-tam">Minh Tâm</a></p>')).byline is None


NAME_ROLE = "Phạm Văn An – Phó Hiệu trưởng Trường THCS Một"


def test_a_bold_centred_name_and_role_is_the_byline():
    assert extract(signed(f'<p align="center" style="text-align:center"><strong>{NAME_ROLE}</strong></p>')).byline \
        == NAME_ROLE


def test_a_bold_centred_name_and_role_leaves_the_body():
    html = signed(f'<p align="center" style="text-align:center"><strong>{NAME_ROLE}</strong></p>')
    assert extract(html).body_text.split("\n\n")[-1] == PARAS[-1]


def test_a_centred_name_and_role_is_the_byline():
    assert extract(signed(f'<p style="text-align: center">{NAME_ROLE}</p>')).byline == NAME_ROLE


def test_a_plain_name_and_role_is_not_a_byline():
    assert extract(signed(f"<p>{NAME_ROLE}</p>")).byline is None


def test_a_bold_sentence_with_a_dash_is_not_a_byline():
    line = "Phạm Văn An – Hiệu trưởng nhà trường phát biểu. Hội nghị thống nhất các chỉ tiêu."
    assert extract(signed(f"<p><strong>{line}</strong></p>")).byline is None


def test_a_school_as_meta_author_is_not_a_byline():
    assert extract(signed("", head='<meta name="author" content="Trường THCS Một">')).byline is None


def test_a_person_as_meta_author_stays_the_byline():
    assert extract(signed("", head='<meta name="author" content="Trường Giang">')).byline == "Trường Giang"


def test_photo_post_is_an_article():
    assert extract(photo_post(f'<div class="sapo">{LEAD}</div>')).page_kind == "article"


def test_a_block_of_linked_thumbnails_is_a_listing():
    thumbs = "".join(f'<p><a href="/tin-{i}.html"><img src="/anh/{i}.jpg"></a></p>' for i in range(1, 4))
    html = photo_post(f'<div class="sapo">{LEAD}</div>').replace(PHOTOS, thumbs)
    assert extract(html).page_kind == "listing"


def test_photo_post_without_a_lead_is_a_listing():
    assert extract(photo_post("")).page_kind == "listing"


def test_counter_in_the_month_label_with_the_month_number():
    assert counters([("Hôm nay :", "12"), ("Trong tháng 10 :", "9.244")])["month"] == 9244


def test_counter_in_the_year_label_with_the_year():
    assert counters([("Hôm nay :", "12"), ("Trong năm 2021 :", "71.869")])["year"] == 71869


# ---------------------------------------------------------------- bounded time on hostile pages
def test_many_date_named_elements_before_the_body_take_bounded_time():
    noise = '<span class="ngay-date-time">không phải ngày</span>' * 100_000
    html = (f"<html><head><title>{HEADLINE}</title></head><body><div class='khung'><h1>{HEADLINE}</h1>{noise}"
            f"<div class='noidung'>{BODY}</div></div></body></html>")
    start = time.process_time()
    extract(html.encode("utf-8"))
    assert time.process_time() - start < 5


def test_a_body_before_a_headline_with_a_huge_region_below_takes_bounded_time():
    region = "<div><span>chữ</span></div>" * 100_000
    html = (f"<html><head><title>x</title><meta property='og:title' content='{HEADLINE}'></head><body>"
            f"<div class='journal-content-article'>{INTRO}</div><div><div class='tde'>{HEADLINE}</div>{region}"
            f"</div></body></html>")
    start = time.process_time()
    extract(html.encode("utf-8"))
    assert time.process_time() - start < 5


def test_many_long_matches_of_the_body_expression_take_bounded_time():
    blocks = f'<div class="journal-content-article">{BODY}</div>' * 5_000
    html = (f"<html><head><title>x</title><meta property='og:title' content='{HEADLINE}'></head><body>"
            f"<div class='tde'>{HEADLINE}</div>{blocks}</body></html>")
    start = time.process_time()
    extract(html.encode("utf-8"))
    assert time.process_time() - start < 5


def test_a_date_slot_at_the_head_of_the_body_is_the_date():
    box = (f'<div class="tde">{HEADLINE}</div><div class="noidung"><div class="ngaydang-tin">Cập nhật ngày 07/11/2017'
           f'</div>{BODY}</div>')
    assert normalized(slot_page(box)).published_at == "2017-11-07"


def test_a_date_slot_after_the_body_text_starts_is_not_the_date():
    box = (f'<div class="tde">{HEADLINE}</div><div class="noidung">{BODY}<div class="ngaydang-tin">07/11/2017</div>'
           f'</div>')
    assert extract(slot_page(box)).published_raw is None


def test_body_below_the_headline_without_paragraphs():
    text = "<br><br>".join(PARAS)
    box = f'<div class="khung"><div class="tde">{HEADLINE}</div><div class="bai">{text}</div></div>'
    assert extract(portlets(box)).body_text.split("\n\n")[0] == PARAS[0]


def test_a_list_of_links_below_the_headline_is_not_the_body():
    links = "".join(f'<div><a href="/tin-{i}.html">{p}</a></div>' for i, p in enumerate(PARAS))
    box = f'<div class="khung"><div class="tde">{HEADLINE}</div><div class="ds">{links}</div></div>'
    assert "Chào mừng" in extract(portlets(box)).body_text
