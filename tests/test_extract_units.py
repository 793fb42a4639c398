"""Unit tests for crawler.extract: small in-memory HTML snippets with literal expected values."""
import unicodedata

import lxml.html
import pytest

from crawler.extract.article import extract_article
from crawler.extract.bylines import split_authors
from crawler.extract.captions import extract_images
from crawler.extract.counters import extract_counters, parse_count
from replica.faults import to_cp1258  # cp1258 bytes as the replica serves them

URL = "https://tinh.gov.vn/tin-tuc/bai-viet-123.html"


def root(html):
    return lxml.html.document_fromstring(html)


# ---------------------------------------------------------------- counters
@pytest.mark.parametrize("raw,expected", [
    ("1.735.685", 1735685), ("1,735,685", 1735685), ("27 ", 27), ("1 735 685", 1735685), ("abc", None), (None, None),
])
def test_parse_count(raw, expected):
    assert parse_count(raw) == expected


def test_counters_span_pairs():
    html = """<html><body><div class="visitor-tracking-wraper">
      <div><span class="online-lable">Đang truy cập: </span><span>27 </span></div>
      <div><span class="online-lable">Tổng: </span><span>4.798.809 </span></div></div></body></html>"""
    found, rule = extract_counters(root(html))
    assert found == {"online": "27", "total": "4.798.809"}
    assert rule


def test_counters_list_and_table():
    html = """<html><body><div class="box"><h3>Thống kê truy cập</h3><ul>
      <li>Đang online: <b>15</b></li><li>Hôm nay: <b>1.204</b></li><li>Hôm qua: 2,310</li>
      <li>Trong tuần: 9.876</li><li>Trong tháng: 40.001</li><li>Tổng lượt truy cập: 1.735.685</li></ul></div>
      <table><tr><td>Năm nay</td><td>1</td></tr></table></body></html>"""
    found, _ = extract_counters(root(html))
    assert found == {"online": "15", "today": "1.204", "yesterday": "2,310", "week": "9.876",
                     "month": "40.001", "total": "1.735.685"}
    html2 = """<html><body><table class="thongke"><tr><td>Trực tuyến</td><td>3</td></tr>
      <tr><td>Tháng này</td><td>812</td></tr><tr><td>Tất cả</td><td>99.100</td></tr></table></body></html>"""
    assert extract_counters(root(html2))[0] == {"online": "3", "month": "812", "total": "99.100"}


def test_view_count_is_not_a_site_counter():
    html = "<html><body><div class='meta'>Lượt xem: 1.523</div><p>Tổng Bí thư phát biểu.</p></body></html>"
    assert extract_counters(root(html)) == (None, None)


def test_counters_profile_selector():
    html = "<html><body><div id='c'>Online 5 | Total 1,000</div></body></html>"
    assert extract_counters(root(html), ["#c"]) == ({"online": "5", "total": "1,000"}, "profile:#c")


# ---------------------------------------------------------------- bylines
@pytest.mark.parametrize("byline,names", [
    ("Tin, ảnh: P.Y", ["P.Y"]), ("THUẬN VĂN - LÊ ÁNH", ["THUẬN VĂN", "LÊ ÁNH"]),
    ("Bài và ảnh: Minh Anh", ["Minh Anh"]),
    ("Hoàng Phong, Anh Minh", ["Hoàng Phong", "Anh Minh"]), ("", []),
    ("Bài: Minh Anh - Ảnh: Tấn Lập", ["Minh Anh", "Tấn Lập"]),
])
def test_split_authors(byline, names):
    assert split_authors(byline) == names


def _page(body, head="", extra=""):
    return f"""<html><head><title>Tiêu đề bài viết thử nghiệm - Cổng TTĐT tỉnh</title>{head}</head><body>
    <div class="menu"><a href="/">Trang chủ</a></div>
    <div class="news-detail"><h1 class="title-detail">Tiêu đề bài viết thử nghiệm</h1>
    <span class="date">Thứ Ba, 14/06/2022 - 10:30</span>{extra}
    <div class="detail-content">{body}</div></div>
    <div class="footer">Bản quyền thuộc về Cổng TTĐT tỉnh. Giấy phép số 1, cấp ngày 8/7/2015</div></body></html>"""


PARAS = "".join(f"<p>Đoạn văn số {i} của bài viết, có đủ chữ để được coi là nội dung chính của trang.</p>"
                for i in range(1, 5))


def test_byline_right_aligned_bold_last_paragraph_not_in_body():
    html = _page(PARAS + '<p style="text-align: right;"><strong>Tin, ảnh: P.Y</strong></p>'
                 '<p><strong>Nguồn: baochinhphu.vn</strong></p>')
    art = extract_article(html, URL)
    assert art.byline == "Tin, ảnh: P.Y"
    assert art.authors == ["P.Y"]
    assert "P.Y" not in art.body_text
    assert "Nguồn" not in art.body_text


def test_byline_author_block_and_never_photo_credit():
    html = _page(PARAS + "<p><em>Ảnh: Quốc Thanh</em></p>", extra='<div class="author">THUẬN VĂN - LÊ ÁNH</div>')
    art = extract_article(html, URL)
    assert art.byline == "THUẬN VĂN - LÊ ÁNH"
    html = _page(PARAS + '<p style="text-align:right"><b>Ảnh: Quốc Thanh</b></p>')
    assert extract_article(html, URL).byline is None


def test_byline_meta_author_person_only():
    head = '<meta name="author" content="Báo Điện tử Tỉnh">'
    assert extract_article(_page(PARAS, head), URL).byline is None
    ld = '<script type="application/ld+json">{"@type":"NewsArticle","author":{"@type":"Person","name":"Anh Minh"}}</script>'
    assert extract_article(_page(PARAS, ld), URL).byline == "Anh Minh"


# ---------------------------------------------------------------- captions
def test_caption_markups():
    html = """<html><body><div id="b">
      <figure><img src="/a.jpg" alt="alt only"><figcaption>Ảnh chú thích A. Ảnh: <em> Reuters</em></figcaption></figure>
      <figure><img data-src="//cdn.x.vn/b.jpg" src="data:image/gif;base64,R0lGOD"><figcaption> </figcaption></figure>
      <p style="text-align:center"><img src="c.jpg"></p><p style="text-align: center;"><em>Chú thích C.</em></p>
      <table class="picture"><tr><td><img src="/d.jpg"></td></tr><tr><td class="pCaption">Chú thích D.</td></tr></table>
      <table class="figure"><tr><td><img src="/e.jpg"></td></tr><tr class="figcaption"><td><span>Chú thích E.</span></td></tr></table>
      <div class="img"><img src="/f.jpg"></div><div class="image-caption">Chú thích F.</div>
      <p><img src="/g.jpg" alt="Không phải chú thích"></p><p>Đoạn văn thường, không phải chú thích vì dài và không căn giữa.</p>
    </div></body></html>"""
    r = root(html)
    images, cap_els = extract_images(r.get_element_by_id("b"), "https://x.vn/tin/bai.html")
    got = [(i.src, i.caption) for i in images]
    assert got == [
        ("https://x.vn/a.jpg", "Ảnh chú thích A. Ảnh: Reuters"),
        ("https://cdn.x.vn/b.jpg", None),
        ("https://x.vn/tin/c.jpg", "Chú thích C."),
        ("https://x.vn/d.jpg", "Chú thích D."),
        ("https://x.vn/e.jpg", "Chú thích E."),
        ("https://x.vn/f.jpg", "Chú thích F."),
        ("https://x.vn/g.jpg", None),
    ]
    assert len(cap_els) == 6


def test_images_know_the_paragraphs_before_them():
    body = ('<p>Đoạn mở đầu của bài viết, đủ dài để là một đoạn văn của nội dung chính.</p>'
            '<figure><img src="/a.jpg"><figcaption>Chú thích A.</figcaption></figure>'
            + PARAS +
            '<p><img src="/b.jpg"></p><p style="text-align:center"><em>Chú thích B.</em></p>'
            '<p>Đoạn kết của bài viết, đủ dài để là một đoạn văn của nội dung chính.</p>')
    art = extract_article(_page(body), URL, fetched_at="2022-06-15T12:00:00+07:00", status=200)
    paras = art.body_text.split("\n\n")
    assert [(i.src, i.after_paragraph) for i in art.images] == \
        [("https://tinh.gov.vn/a.jpg", 1), ("https://tinh.gov.vn/b.jpg", len(paras) - 1)]


# ---------------------------------------------------------------- article
def test_article_fields_and_body_cleaning():
    body = ('<p><strong>(TTĐT)</strong> - Đoạn mở đầu của bài viết.</p>'
            '<div class="related"><a href="/x">Tin liên quan 1</a><a href="/y">Tin liên quan 2</a></div>'
            + PARAS +
            '<p><img src="/h.jpg"></p><p style="text-align:center"><em>Chú thích ảnh.</em></p>'
            '<div class="share-buttons">Chia sẻ Facebook</div><script>var a=1;</script>'
            '<p style="text-align:right"><b>PV</b></p>')
    art = extract_article(_page(body), URL, fetched_at="2022-06-15T12:00:00+07:00", status=200)
    assert art.title == "Tiêu đề bài viết thử nghiệm"
    assert art.published_raw == "Thứ Ba, 14/06/2022 - 10:30"
    assert art.byline == "PV"
    assert [(i.src, i.caption) for i in art.images] == [("https://tinh.gov.vn/h.jpg", "Chú thích ảnh.")]
    paras = art.body_text.split("\n\n")
    assert paras[0] == "(TTĐT) - Đoạn mở đầu của bài viết."
    assert len(paras) == 5
    for bad in ("Tin liên quan", "Chia sẻ", "Chú thích ảnh", "var a", "PV", "14/06/2022"):
        assert bad not in art.body_text
    assert art.status == 200
    assert art.fetched_at == "2022-06-15T12:00:00+07:00"
    assert {"title", "published", "body", "byline"} <= set(art.rules)


def test_machine_date_preferred_when_more_precise():
    head = '<meta property="article:published_time" content="2022-06-14T10:30:00+07:00">'
    html = _page(PARAS, head).replace("Thứ Ba, 14/06/2022 - 10:30", "14/06/2022")
    assert extract_article(html, URL).published_raw == "2022-06-14T10:30:00+07:00"


HEADER_DATE_PAGE = """<html><head><meta property="article:published_time" content="2021-10-21T22:48:12+07:00">
<title>Hội nghị viên chức</title></head><body><div class="page"><article>
<header><span class="post-date">Thứ 6, 22/10/2021 <span>|</span> 07:11</span><a href="#">In</a></header>
<div class="article-content"><h1 class="title-detail">Hội nghị viên chức, người lao động năm học mới</h1>
<div class="content-detail">{paras}</div></div></article>
<aside><ul><li><a href="/a.html">Tin khác</a><span class="post-date">Thứ 2, 01/11/2021 | 08:00</span></li></ul></aside>
</div></body></html>"""


def test_date_printed_in_a_header_above_headline_and_body_beats_metadata():
    """A CMS prints the date in the article's header, outside the block holding the headline and body; the
    metadata says another day; a later list carries other dates."""
    art = extract_article(HEADER_DATE_PAGE.format(paras=PARAS), URL)
    assert art.published_raw == "Thứ 6, 22/10/2021 | 07:11"
    assert art.rules["published"] == "generic:.post-date"


def test_a_date_after_the_article_is_not_its_header_date():
    printed = '<span class="post-date">Thứ 6, 22/10/2021 <span>|</span> 07:11</span>'
    html = HEADER_DATE_PAGE.format(paras=PARAS).replace(printed, "")
    assert extract_article(html, URL).published_raw == "2021-10-21T22:48:12+07:00"


def test_bytes_encodings_and_nfd():
    html = _page(PARAS)
    assert extract_article(html.encode("utf-8"), URL).title == "Tiêu đề bài viết thử nghiệm"
    assert extract_article(b"\xef\xbb\xbf" + html.encode("utf-8"), URL).title == "Tiêu đề bài viết thử nghiệm"
    nfd = unicodedata.normalize("NFD", html)
    assert extract_article(nfd, URL).title == "Tiêu đề bài viết thử nghiệm"



@pytest.mark.parametrize("noise", [0, 150])  # 150 parse errors first: libxml2 stops logging after 100
@pytest.mark.parametrize("bad", [b"\xff", b"\xc3", b"\xed\xa0\x80", b"\xc0\x80", b"\xf4\x90\x80\x80"])
def test_invalid_utf8_takes_the_decoding_path(bad, noise):
    """A page that is not valid UTF-8 is parsed from ``decode_html``'s text (as Python's strict decoder
    judges it), whether or not libxml2 reported the bad bytes; valid UTF-8 is parsed from the bytes."""
    from crawler.extract.text import decode_html, load_html, parse_html

    html = _page(PARAS).replace("<head>", "<head>" + "<p></div></span>x</td>" * noise)
    data = html.encode("utf-8").replace("Đoạn văn số 2".encode(), "Đoạn văn số 2".encode() + bad)
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    got, want = load_html(data), parse_html(decode_html(data))
    assert lxml.html.tostring(got, encoding="unicode") == lxml.html.tostring(want, encoding="unicode")
    valid = html.encode("utf-8")
    assert "".join(load_html(valid).itertext()) == "".join(parse_html(html).itertext())


@pytest.mark.parametrize("noise", [0, 150])
def test_windows_1258_page_that_claims_utf8_is_read_as_1258(noise):
    """Bytes that are not UTF-8 in bulk are read as windows-1258 (the usual lie of old portals), even when
    libxml2 had stopped reporting errors before reaching them."""
    html = _page(PARAS).replace("<head>", '<head><meta charset="utf-8">' + "<p></div></span>x</td>" * noise)
    art = extract_article(to_cp1258(html), URL)
    assert art.title == "Tiêu đề bài viết thử nghiệm"
    assert art.published_raw == "Thứ Ba, 14/06/2022 - 10:30"


def test_windows_1258_decodes_to_nfc():
    html = _page(PARAS)
    data = to_cp1258(html)
    assert b"\xcc" in data or b"\xde" in data or b"\xec" in data or b"\xf2" in data  # combining tone bytes
    assert data.decode("cp1258") != unicodedata.normalize("NFC", html)  # the codec alone leaves NFD-like text
    for kwargs in ({"content_type": "text/html; charset=windows-1258"}, {}):
        page = data if kwargs else data.replace(b"<head>", b'<head><meta charset="windows-1258">')
        art = extract_article(page, URL, **kwargs)
        assert art.title == "Tiêu đề bài viết thử nghiệm"
        assert art.published_raw == "Thứ Ba, 14/06/2022 - 10:30"
        assert art.body_text.split("\n\n")[0] == ("Đoạn văn số 1 của bài viết, có đủ chữ để được coi là nội dung "
                                                  "chính của trang.")
        assert unicodedata.is_normalized("NFC", art.body_text)
    from crawler.extract.text import decode_html
    text = decode_html(data, "text/html; charset=windows-1258")
    assert text == unicodedata.normalize("NFC", html)


def test_profile_selectors_win():
    class P:
        slug = "demo"
        selectors = {"title": ["h1.title-detail"], "published": ["span.date"], "body": ["div.detail-content"],
                     "byline": ["//p[@class='tg']"], "exclude": ["div.footer"]}
    html = _page(PARAS + "<p class='tg'>Minh Anh</p>")
    art = extract_article(html, URL, profile=P())
    assert art.rules["title"] == "profile:h1.title-detail"
    assert art.byline == "Minh Anh"
    assert art.rules["byline"].startswith("profile:")
    assert art.portal == "demo"


def test_home_page_has_title_but_no_body():
    html = """<html><head><title>Trang chủ - Cổng TTĐT tỉnh</title></head><body>
      <ul>""" + "".join(f"<li><h3 class='title_news'><a href='/a{i}'>Tin số {i} trên trang chủ</a></h3>"
                        f"<p>Tóm tắt tin số {i}, nội dung ngắn gọn của bản tin trên trang chủ.</p></li>" for i in range(8)) + """
      </ul><div class="counter">Đang online: 12 | Tổng: 1.000</div></body></html>"""
    art = extract_article(html, "https://tinh.gov.vn/")
    assert art.title == "Trang chủ - Cổng TTĐT tỉnh"
    assert art.body_text is None
    assert art.published_raw is None
    assert art.counters_raw == {"online": "12", "total": "1.000"}


@pytest.mark.parametrize("url", ["https://tinh.gov.vn/index.php?language=vi&nv=news&op=thoi-su/hoi-nghi-123",
                                 "https://tinh.gov.vn/index.php?option=com_content&view=article&id=123&Itemid=5",
                                 "https://tinh.gov.vn/?p=123"])
def test_an_article_the_query_of_a_home_path_addresses_has_its_body(url):
    art = extract_article(_page(PARAS), url)
    assert "Đoạn văn số 4" in (art.body_text or "")


def test_the_home_page_named_with_its_language_has_no_body():
    art = extract_article(_page(PARAS), "https://tinh.gov.vn/index.php?language=vi")
    assert art.body_text is None


@pytest.mark.parametrize("junk", [b"", b"\x00\x01\x02\xff" * 100, "<<<>>>", "<html>" + "<div>" * 5000 + "x",
                                  None, "<p>chỉ một đoạn</p>", b"<html><body></body></html>"])
def test_never_crashes(junk):
    art = extract_article(junk, URL)
    assert art.url == URL


# ---------------------------------------------------------------- year-less dates take their year from context
def _yearless_page(head="", extra=""):
    return _page(PARAS, head, extra).replace("Thứ Ba, 14/06/2022 - 10:30", "Ngày 14/6")


@pytest.mark.parametrize("url,head,extra,expected,rule", [
    # the page's own machine-readable date (here a modification date: the article is from before it)
    (URL, '<meta property="article:modified_time" content="2021-07-02T08:00:00+07:00">', "", "2021-06-14",
     "meta:article:modified_time"),
    # a dated line printed in the article
    (URL, "", '<span class="time">Cập nhật: 20/06/2019</span>', "2019-06-14", "page:.time"),
    # the URL: /2020/06/, /2018/06/30/, 20170614 (alone or as the head of a timestamp id)
    ("https://tinh.gov.vn/2020/06/bai-viet.html", "", "", "2020-06-14", "url:y/m"),
    ("https://tinh.gov.vn/tin/2018/06/30/bai-viet.html", "", "", "2018-06-14", "url:y/m/d"),
    ("https://tinh.gov.vn/tin/bai-viet-20170614.html", "", "", "2017-06-14", "url:yyyymmdd"),
    ("https://tinh.gov.vn/tin/bai-viet-20160614103012345.htm", "", "", "2016-06-14", "url:yyyymmdd"),
    # nothing: the fetch time
    (URL, "", "", "2023-06-14", None),
])
def test_yearless_date_year_from_context(url, head, extra, expected, rule):
    from pipelines.normalize import normalize_article
    art = extract_article(_yearless_page(head, extra), url, fetched_at="2023-09-01T10:00:00+07:00")
    assert art.published_raw == "Ngày 14/6"
    assert art.rules.get("date_reference") == rule
    assert normalize_article(art).published_at == expected


def test_yearless_date_page_date_beats_url_and_fetch_time():
    head = '<script type="application/ld+json">{"@type":"NewsArticle","dateModified":"2015-06-20T09:00:00+07:00"}</script>'
    art = extract_article(_yearless_page(head), "https://tinh.gov.vn/2020/06/bai.html", fetched_at="2023-09-01T10:00:00+07:00")
    assert art.rules["date_reference"] == "jsonld:dateModified"
    from pipelines.normalize import normalize_article
    assert normalize_article(art).published_at == "2015-06-14"


def test_relative_dates_stay_on_fetch_time():
    html = _page(PARAS).replace("Thứ Ba, 14/06/2022 - 10:30", "2 giờ trước")
    art = extract_article(html, "https://tinh.gov.vn/2020/06/bai.html", fetched_at="2023-09-01T10:00:00+07:00")
    assert art.date_reference is None
    from pipelines.normalize import normalize_article
    assert normalize_article(art).published_at == "2023-09-01T08:00:00+07:00"


@pytest.mark.parametrize("byline,names", [
    ("Bài và ảnh: Minh Anh - Lê Hà", ["Minh Anh", "Lê Hà"]),
    ("Tin, ảnh: P.Y", ["P.Y"]),
    ("THUẬN VĂN - LÊ ÁNH", ["THUẬN VĂN", "LÊ ÁNH"]),
    ("Tác giả bài viết: Nguyễn Văn A", ["Nguyễn Văn A"]),
    ("Nguyễn An (TTXVN)", ["Nguyễn An"]),
    ("Minh Anh (tổng hợp)", ["Minh Anh"]),
    ("Lương Ý", ["Lương Ý"]),
    # not names: a role or agency alone, a source line, or unsure -> empty
    ("PV", []),
    ("Nhóm PV", []),
    ("(TTXVN)", []),
    ("Theo TTXVN", []),
    ("PV nhóm Kinh tế", []),
    ("Bài và ảnh: anh em trong đoàn công tác", []),
])
def test_split_authors_edge_cases(byline, names):
    from crawler.extract.bylines import split_authors
    assert split_authors(byline) == names


def test_meta_charset_search_started_near_charset_finds_what_the_whole_head_search_finds():
    """``_meta_charset`` starts the regex ~220 bytes before the first "charset"; same match as a search of the
    whole 8 KB head, on 20,000 random heads of meta tags, long attributes and mixed case."""
    import random

    from crawler.extract import text as T
    rng = random.Random(3)
    parts = [b"<meta ", b"<META ", b"charset", b"CharSet", b"=", b'"', b"'", b"utf-8", b">", b" ", b"x" * 50,
             b"x" * 150, b'name="a"', b"<", b"http-equiv", b'content="text/html; ', b"windows-1258", b"\n"]
    for _ in range(20000):
        head = b"".join(rng.choice(parts) for _ in range(rng.randint(0, 30)))
        if rng.random() < 0.1:
            head = b"y" * rng.randint(7900, 8300) + head
        want, got = T._META_CHARSET.search(head[:8192]), T._meta_charset(head)
        assert (want and (want.start(), want.group(1))) == (got and (got.start(), got.group(1))), head


def test_excluded_elements_are_never_answers():
    """A profile's ``exclude`` drops elements before any field is read: an indexed selector that matched one
    of them (here the title inside a related-articles box that comes first) must not return it."""
    from crawler.profiles import Profile

    profile = Profile(slug="t", name="t", start_urls=["http://a.vn/"], domains=["a.vn"], selectors={
        "title": ["h1.t"], "body": ["div.noidung"], "byline": ["p.tacgia"], "exclude": ["div.lienquan"]})
    html = ("<html><body><div class='lienquan'><h1 class='t'>Tin liên quan</h1><p class='tacgia'>Sai</p></div>"
            "<h1 class='t'>Tiêu đề thật của bài</h1><div class='noidung'><p>Nội dung bài viết đủ dài để là "
            "thân bài của một bài báo.</p><p class='tacgia'>Tấn Lập</p></div></body></html>")
    art = extract_article(html.encode(), "http://a.vn/tin/1.html", profile)
    assert art.title == "Tiêu đề thật của bài"
    assert art.byline == "Tấn Lập"
    assert "Tin liên quan" not in (art.body_text or "")


def test_tidy_text_collapses_every_run_of_blanks_to_one_space():
    """``pipelines.normalize.tidy_text``: NFC, each run of spaces/tabs/NBSP/ZWSP one space, lines stripped, at most one
    blank line; compared with a plain reference on random texts."""
    import random
    import re

    from pipelines.normalize import tidy_text

    def reference(t):
        t = re.sub(r"[ \t\r\f\v\u00a0\u200b]+", " ", unicodedata.normalize("NFC", t))
        t = re.sub(r"\n\s*\n+", "\n\n", "\n".join(line.strip() for line in t.split("\n"))).strip()
        return t or None

    rng = random.Random(4)
    parts = ["a", "ệ", " ", "  ", "\t", "\u00a0", "\u200b", "\n", "\n\n\n", " \u00a0 ", "x ", "e\u0301", "\r", "\v"]
    for _ in range(20000):
        t = "".join(rng.choice(parts) for _ in range(rng.randint(0, 15)))
        assert tidy_text(t) == reference(t), repr(t)
    assert tidy_text(" Hôm\u00a0 nay \t\u200bđẹp \n\n\n trời ") == "Hôm nay đẹp\n\ntrời"


def test_extraction_leaves_no_reference_cycles():
    """A cycle through a closure would keep the page's whole lxml tree (C memory the collector does not see)
    alive until a full collection: a crawl's memory then grows with the pages it parsed."""
    import gc

    html = _page(PARAS)
    gc.collect()
    gc.disable()
    try:
        extract_article(html, URL)
        unreachable = gc.collect()
    finally:
        gc.enable()
    assert unreachable == 0


# ---------------------------------------------------------------- a news-list class on the article's own block
BOX_NEWS = """<html><head><title>Cổng thông tin Sở Tư pháp</title></head><body><div class="menu"><a href="/">Trang chủ</a></div>
<div class="box-news"><h1>Tuyên truyền pháp luật cho đồng bào dân tộc thiểu số năm 2020</h1>
<div class="meta"><p class="title_date">17/04/2020</p></div>
<div class="content box-content-news-detail"><p>Sáng 16/4, Sở Tư pháp phối hợp với Ban Dân tộc tỉnh tổ chức hội nghị
tuyên truyền pháp luật cho đồng bào dân tộc thiểu số tại huyện.</p>
<p>Hội nghị đã phổ biến các quy định mới về đất đai, hôn nhân và gia đình, phòng chống tệ nạn xã hội.</p>
<p>Dịp này, đoàn đã trao tặng tài liệu pháp luật cho các thôn, buôn trên địa bàn huyện.</p></div></div>
<div class="box-news other"><h2>Tin khác</h2><ul><li><a href="/a">Tập huấn hòa giải cơ sở 2020</a> (10/04/2020)</li>
</ul></div></body></html>"""


def test_an_article_block_with_a_news_list_class_holding_the_headline_gives_the_date():
    art = extract_article(BOX_NEWS, "https://stp.example.gov.vn/tin-tuc/tuyen-truyen-123")
    assert art.published_raw == "17/04/2020"


def test_an_article_block_with_a_news_list_class_holding_the_headline_is_an_article():
    art = extract_article(BOX_NEWS, "https://stp.example.gov.vn/tin-tuc/tuyen-truyen-123", classify=True)
    assert art.page_kind == "article"


def test_a_news_list_box_without_the_headline_stays_a_list():
    art = extract_article(BOX_NEWS, "https://stp.example.gov.vn/tin-tuc/tuyen-truyen-123")
    assert "Tập huấn hòa giải" not in (art.body_text or "")


# ---------------------------------------------------------------- a layout wrapper named after its sidebar
LAYOUT_WITH_SIDEBAR = """<html><head><title>Tin tức - Trang tin điện tử</title></head><body>
<section class="theme-container theme-wrap-container theme-sidebar-right"><div class="theme-content col-9">
<article class="post type-post"><h2 class="article-title">Xã Tân Lộc khánh thành cầu bê tông nối hai ấp</h2>
<div class="article-data"><i class="icon-calendar"></i>thứ năm, 29 06, 2017</div>
<div class="post-text"><p>Sáng 28/6, Ủy ban nhân dân xã Tân Lộc tổ chức lễ khánh thành cầu bê tông dài 40 mét nối ấp
Tân Lập với ấp Tân Hòa, tổng vốn đầu tư hơn 2 tỷ đồng.</p><p>Cây cầu giúp hơn 500 hộ dân đi lại thuận tiện, nhất là
vào mùa mưa, khi con đường cũ thường bị ngập sâu.</p><p>Theo TTO</p></div></article></div>
<aside class="theme-sidebar col-3"><h3>Tin mới</h3><ul><li><a href="/a">Hội nghị tổng kết năm 2017 của xã</a></li>
</ul></aside></section></body></html>"""


def test_a_layout_container_named_after_its_sidebar_holds_the_body():
    art = extract_article(LAYOUT_WITH_SIDEBAR, "https://tanloc.example.vn/khanh-thanh-cau/")
    assert (art.body_text or "").startswith("Sáng 28/6")


def test_a_date_with_a_comma_before_the_year_beside_the_headline():
    art = extract_article(LAYOUT_WITH_SIDEBAR, "https://tanloc.example.vn/khanh-thanh-cau/")
    assert art.published_raw == "thứ năm, 29 06, 2017"


def test_the_real_sidebar_beside_a_layout_container_stays_out_of_the_body():
    art = extract_article(LAYOUT_WITH_SIDEBAR, "https://tanloc.example.vn/khanh-thanh-cau/")
    assert "Hội nghị tổng kết" not in (art.body_text or "")


def test_an_empty_slot_printed_inside_the_headline_is_not_the_title():
    html = _page(PARAS).replace('<h1 class="title-detail">Tiêu đề bài viết thử nghiệm</h1>',
                                '<h1 class="title-detail">Tiêu đề bài viết thử nghiệm <span>( )</span></h1>')
    assert extract_article(html, URL).title == "Tiêu đề bài viết thử nghiệm"


# ---------------------------------------------------------------- the headline as the content block's first line
OPENING_HEADLINE = """<html><head><title>Cổng TTĐT xã Mẫu</title></head><body><div class="menu"><a href="/">Trang chủ</a>
<a href="/tin">Tin tức</a></div><div class="noi-dung"><div class="khoi-gioi-thieu-title">Trao 40 suất quà tết cho hộ
nghèo xã Tân Lộc</div><br><div class="khoi-gioi-thieu-noi-dung"><p>Sáng 20/1, Hội Chữ thập đỏ xã Tân Lộc phối hợp với
các nhà hảo tâm trao 40 suất quà tết cho hộ nghèo, trẻ mồ côi trên địa bàn xã.</p><p>Mỗi suất quà gồm tiền mặt và nhu
yếu phẩm trị giá 500 nghìn đồng, do các mạnh thường quân hỗ trợ.</p></div></div>
<div class="footer">Bản quyền thuộc Ủy ban nhân dân xã Mẫu</div></body></html>"""


def test_a_title_classed_first_line_of_the_content_block_is_the_headline():
    art = extract_article(OPENING_HEADLINE, "http://xamau.example.gov.vn/Pages/tin.aspx?ItemID=12")
    assert art.title == "Trao 40 suất quà tết cho hộ nghèo xã Tân Lộc"


def test_the_headline_opening_the_content_block_is_not_body_text():
    art = extract_article(OPENING_HEADLINE, "http://xamau.example.gov.vn/Pages/tin.aspx?ItemID=12")
    assert (art.body_text or "").startswith("Sáng 20/1")


# ---------------------------------------------------------------- a summary cell above the content cell
SUMMARY_CELL = """<html><head><title>Xã Hòa Bình khánh thành cầu treo</title></head><body><table>
<tr><td class="NewsTitle1"><h2 class="detail-title">Xã Hòa Bình khánh thành cầu treo</h2>
<span class="create">Ngày đăng tin: 03.05.2021 09:15</span></td></tr>
<tr><td class="NewsIntro"><i>Sáng nay, xã Hòa Bình đưa vào sử dụng cây cầu treo dài 80 mét nối hai thôn.</i></td></tr>
<tr><td class="NewsContent"><div class="div_content_article"><p>Cây cầu do người dân góp công xây dựng trong sáu tháng,
với tổng kinh phí gần 900 triệu đồng từ ngân sách và xã hội hóa.</p><p>Chính quyền xã cho biết cầu giúp hơn 300 hộ dân
đi lại, vận chuyển nông sản thuận tiện hơn trong mùa mưa lũ.</p></div></td></tr></table></body></html>"""


def test_a_summary_cell_above_the_content_cell_is_the_lead_of_the_body():
    art = extract_article(SUMMARY_CELL, "https://hoabinh.example.gov.vn/tin-tuc/cau-treo-12.aspx")
    assert (art.body_text or "").startswith("Sáng nay, xã Hòa Bình")


# ---------------------------------------------------------------- a paragraph made a heading by its inline style
STYLED_HEADING = """<html><head><title>Trang chủ - Sở Xây dựng tỉnh Mẫu</title></head><body>
<div class="menu"><a href="/">Trang chủ</a> <a href="/tin">Tin tức</a></div>
<div class="title-gt"><p><strong>Tin hoạt động</strong></p></div>
<div class="gthieu"><div class="gtTitle"><div style="text-align: center">
<p style="font-size: 18px; font-weight: bold">Khánh thành cầu dân sinh xã Tân Minh</p></div>
<div class="img"><p>Sáng 3/5, Ủy ban nhân dân huyện tổ chức lễ khánh thành cây cầu dân sinh nối hai thôn của xã Tân
Minh, dài 60 mét, rộng 3 mét.</p><p>Cây cầu được xây dựng trong bốn tháng, tổng kinh phí hơn 2 tỷ đồng từ ngân sách
và đóng góp của người dân.</p><p>Phát biểu tại buổi lễ, Chủ tịch Ủy ban nhân dân huyện đề nghị chính quyền xã phối hợp
với người dân giữ gìn, bảo vệ công trình, bảo đảm an toàn cho người và phương tiện qua lại.</p></div></div></div>
</body></html>"""


def test_a_big_bold_paragraph_above_the_body_is_the_headline():
    art = extract_article(STYLED_HEADING, "https://sxd.example.gov.vn/Pages/tin-tuc.aspx?ItemID=33")
    assert art.title == "Khánh thành cầu dân sinh xã Tân Minh"


def test_a_bold_line_of_ordinary_size_does_not_displace_the_headline():
    html = _page(PARAS, extra='<div style="font-weight: bold">Tỉnh đẩy mạnh cải cách hành chính trong năm nay</div>')
    assert extract_article(html, URL).title == "Tiêu đề bài viết thử nghiệm"
