"""A headline that only the page's address names: a block of no headline tag or class, ``<title>`` the site's
name, the URL's slug its words without accents. Then a date inside another page's link beside it (a list of
documents) is not the article's. Pages are invented."""
from __future__ import annotations

import pytest

from crawler.extract.article import extract_article
from crawler.extract.titles import slug_words

FETCHED = "2025-01-15T10:00:00+07:00"
HEADLINE = "Trao 40 suất quà Tết cho hộ nghèo, trẻ mồ côi tại xã Tân Lộc"
SLUG = "trao-40-suat-qua-tet-cho-ho-ngheo-tre-mo-coi-tai-xa-tan-loc"
PARAGRAPH = "Kinh phí do các câu lạc bộ kêu gọi mạnh thường quân, nhà hảo tâm hỗ trợ."
DOCUMENTS = "".join(
    f"<div class='vb'><a href='/van-ban/{n}'><div class='so'>Số: {n}/BC-UBND</div><div class='ngay'>Ngày: "
    f"<span>1{n}/12/2024</span></div><div class='trich'>Báo cáo kết quả thực hiện nhiệm vụ phát triển kinh tế "
    f"xã hội năm 2024</div></a></div>" for n in range(1, 4))


def page(headline=HEADLINE, body=f"<p>{PARAGRAPH}</p>", before="", after=DOCUMENTS):
    return (f"<html><head><title>Cổng TTĐT xã Tân Lộc</title></head><body><div class='top'><a href='/'>Trang chủ</a>"
            f"</div>{before}<div class='khung'><div class='khoi-a' style='color: #108de5'>{headline}</div><br>"
            f"<div class='khoi-b'>{body}</div></div><div class='ben'>{after}</div></body></html>")


def extract(html, url=f"http://xa.example.gov.vn/{SLUG}/"):
    return extract_article(html, url, fetched_at=FETCHED, classify=True)


@pytest.mark.parametrize("url, words", [
    (f"http://a.vn/{SLUG}/", SLUG.split("-")),
    ("http://a.vn/tin-tuc/cong-an-xa-ra-mat-mo-hinh-camera-1276.html", "cong an xa ra mat mo hinh camera".split()),
    ("http://a.vn/Tin-tuc/Khai-mac-hoi-thi-giao-vien-day-gioi.aspx", "khai mac hoi thi giao vien day gioi".split()),
    ("http://a.vn/hoi-nghi-tong-ket-nam/index.html", "hoi nghi tong ket nam".split()),
    ("http://a.vn/tin-tuc/chi-tiet.aspx?id=5", []),
    ("http://a.vn/2024/06/14/", []),
])
def test_the_words_of_a_url_slug(url, words):
    assert slug_words(url) == words


def test_a_headline_only_the_url_names_is_the_title():
    assert extract(page()).title == HEADLINE


def test_the_title_the_url_names_says_so_in_its_rule():
    assert extract(page()).rules["title"] == "generic:div~url"


def test_a_slug_cut_short_names_the_headline_all_the_same():
    art = extract(page(), url="http://xa.example.gov.vn/tin-tuc/trao-40-suat-qua-tet-cho-ho-ngheo-1276.html")
    assert art.title == HEADLINE


def test_the_headline_repeated_in_the_breadcrumb_is_not_taken_for_it():
    crumb = f"<div class='breadcrumb'><a href='/'>Trang chủ</a> » <span>{HEADLINE}</span></div>"
    art = extract(page(before=crumb))
    assert art.rules["title"] == "generic:div~url"


def test_a_page_whose_address_names_another_text_keeps_the_site_title():
    art = extract(page(), url="http://xa.example.gov.vn/hoi-nghi-tong-ket-cong-tac-dan-van-nam-2024/")
    assert art.title != HEADLINE


def test_one_sentence_below_a_headline_the_url_names_is_the_body():
    assert extract(page()).body_text == PARAGRAPH


def test_one_sentence_below_a_headline_named_otherwise_is_no_body():
    art = extract(page(headline=f"<h1>{HEADLINE}</h1>"), url="http://xa.example.gov.vn/tin-tuc/chi-tiet.aspx?id=5")
    assert art.body_text is None


def test_a_date_in_another_pages_link_beside_the_headline_is_not_the_articles():
    assert extract(page()).published_raw is None


def test_a_date_linked_alone_beside_the_headline_is_the_articles():
    linked = "<div class='ngay-dang'><a href='/2024/12/14/'>14/12/2024</a></div>"
    art = extract(page(headline=HEADLINE + "</div>" + linked + "<div>"))
    assert art.published_raw == "14/12/2024"


def test_a_slug_that_leaves_out_a_quoted_name_names_the_headline_all_the_same():
    headline = "UBMTTQ huyện trao nhà “Đại đoàn kết” tại thôn 7 xã Nam Bình"
    art = extract(page(headline=headline), url="http://xa.example.gov.vn/ubmttq-huyen-trao-nha-tai-thon-7-xa-nam-binh/")
    assert art.title == headline


def test_a_slug_whose_words_stand_far_apart_in_a_text_does_not_name_it():
    text = "UBMTTQ huyện họp bàn việc sửa chữa, xây mới nhà ở cho các hộ nghèo và trao nhà tại thôn 7"
    art = extract(page(headline=text), url="http://xa.example.gov.vn/ubmttq-huyen-trao-nha-tai-thon-7/")
    assert art.title != text


def test_the_address_names_the_headline_over_a_site_name_heading_that_the_title_tag_repeats():
    html = page().replace("<div class='top'>", "<div class='top'><h1>Cổng TTĐT xã Tân Lộc</h1>")
    html = html.replace("<body>", "<body><div class='w'>").replace("</body>", "</div></body>")
    html = html.replace("<title>Cổng TTĐT xã Tân Lộc</title>",
                        "<title>Cổng TTĐT xã Tân Lộc</title><meta property='og:title' content='Cổng TTĐT xã Tân Lộc'>")
    assert extract(html).title == HEADLINE


def test_a_date_alone_in_a_header_row_above_the_table_of_headline_and_body_is_the_articles():
    html = (f"<html><head><title>Cổng TTĐT xã Tân Lộc</title></head><body><div class='top'><a href='/'>Trang chủ</a>"
            f"</div><div class='k'><div class='h'><table><tr><td></td><td align='right'>(15.04.2019 14:43)</td></tr>"
            f"</table></div><div class='p'><table><tr><td><p class='x'>{HEADLINE}</p></td></tr><tr><td><div class='n'>"
            + "".join(f"<p>{PARAGRAPH} Đoạn {n}.</p>" for n in range(5)) + "</div></td></tr></table></div></div>"
            f"</body></html>")
    assert extract(html).published_raw == "(15.04.2019 14:43)"


def test_a_block_of_text_above_the_table_of_headline_and_body_gives_no_date():
    html = (f"<html><head><title>Cổng TTĐT xã Tân Lộc</title></head><body><div class='k'><div class='h'><p>Ngày "
            f"15/04/2019, xã tổ chức hội nghị; đây là đoạn giới thiệu dài về lịch sử hình thành của xã Tân Lộc, "
            f"vùng đất nhiều truyền thống.</p></div><div class='p'><table><tr><td><p class='x'>{HEADLINE}</p></td></tr>"
            f"<tr><td><div class='n'>" + "".join(f"<p>{PARAGRAPH} Đoạn {n}.</p>" for n in range(5))
            + "</div></td></tr></table></div></div></body></html>")
    assert extract(html).published_raw is None


def test_a_sentence_under_a_headline_the_url_names_with_nothing_linked_is_an_article_undated():
    art = extract(page(after=""))
    assert art.page_kind == "article"
    assert art.rules["kind"] == "a headline its address names and a short text, no date printed"


def test_a_sentence_under_a_headline_named_otherwise_with_no_date_is_no_article():
    art = extract(page(headline=f"<h1>{HEADLINE}</h1>", after=""),
                  url="http://xa.example.gov.vn/tin/chi-tiet.aspx?id=5")
    assert art.page_kind == "listing"


def test_a_slug_leaving_out_the_headlines_first_words_names_it_over_a_title_naming_the_section():
    html = ("<html><head><title>Tin hoạt động - Cổng thông tin điện tử huyện</title></head><body><section>"
            "<header><h1><span>Tin hoạt động</span></h1></header><div><div><span>Huyện tổ chức tuyên dương gương "
            "điển hình tiên tiến giai đoạn 2020 - 2025</span></div><div>07/06/2025 09:05</div><div>"
            + "".join(f"<p>Đoạn {n}: sáng 7/6, huyện tổ chức hội nghị tuyên dương hai mươi tập thể và ba mươi cá "
                      f"nhân điển hình tiên tiến.</p>" for n in range(4))
            + "</div></div></section></body></html>")
    art = extract_article(html, "https://huyen.example.gov.vn/web/huyen/tin-hoat-dong/-/asset_publisher/Xk2/"
                                "content/tuyen-duong-dien-hinh-tien-tien", fetched_at="2025-06-08T10:00:00+07:00")
    assert art.title == "Huyện tổ chức tuyên dương gương điển hình tiên tiến giai đoạn 2020 - 2025"


DNN_URL = "https://huyen.example.gov.vn/tin-tuc/ctl/detail/mid/512/id/2231/Default.aspx"
DNN_HEADLINE = "Hội nghị triển khai nhiệm vụ chuyển đổi số năm 2025 - giai đoạn 2"


def dnn_page(listing=False):
    if listing:
        main = "<div class='k9'>" + "".join(
            f"<div class='k10'><a href='/tin-tuc/ctl/detail/mid/512/id/{n}/Default.aspx'>Tin số {n}: hội nghị của "
            f"huyện trong tuần qua</a><p>Tóm tắt tin số {n}: các xã, thị trấn báo cáo kết quả thực hiện nhiệm vụ "
            f"trong tháng.</p></div>" for n in range(8)) + "</div>"
        head = "<div class='k1'>Tin tức sự kiện của huyện</div>"
    else:
        main = ("<div class='k4'><b>Chiều ngày 6/6, Ủy ban nhân dân huyện tổ chức hội nghị triển khai nhiệm vụ chuyển "
                "đổi số giai đoạn 2.</b></div><div class='k5'>" + "".join(
                    f"<p>Đoạn {n}: lãnh đạo phòng trình bày kế hoạch số hóa hồ sơ thủ tục hành chính và tập huấn kỹ "
                    f"năng số cho người dân.</p>" for n in range(4)) + "</div>")
        head = (f"<div class='k1'>{DNN_HEADLINE}</div><div class='k2'><span class='k3'>Ngày đăng 08/06/2025 | 2:20 PM"
                f"</span> <span class='k6'>Lượt xem: 120</span></div>")
    return (f"<html><head><title>Cổng thông tin điện tử huyện Châu Thành</title></head><body><table><tr><td>"
            f"<div class='k0'>{head}{main}</div></td></tr></table></body></html>")


def test_a_plain_line_above_the_details_and_text_is_the_headline_under_a_site_title():
    assert extract_article(dnn_page(), DNN_URL, fetched_at="2025-06-09T10:00:00+07:00").title == DNN_HEADLINE


def test_the_line_above_the_text_is_a_headline_element():
    art = extract_article(dnn_page(), DNN_URL, fetched_at="2025-06-09T10:00:00+07:00")
    assert art.rules["title"] == "generic:div~line-above"
