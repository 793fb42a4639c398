"""A date printed short (a time, a day without its year) in an ``<abbr>`` whose ``title`` holds the whole date
(the hAtom microformat's pattern, Blogger's post footer), with no class naming it; a date slot left empty in the
markup that the page's own script fills with a string. Pages are invented."""
from __future__ import annotations

from crawler.extract.article import extract_article

URL = "http://thcs.example.edu.vn/2025/06/hoc-sinh-tham-quan-khu-di-tich.html"
HEADLINE = "Học sinh tham quan khu di tích lịch sử của huyện"
PARAGRAPHS = [f"Đoạn {n}: sáng 4/6, liên đội tổ chức cho hơn hai trăm học sinh tham quan khu di tích, nghe thuyết "
              f"minh về truyền thống cách mạng của quê hương." for n in range(1, 5)]


def page(abbr="", slot="", script=""):
    """An article whose date is in its footer's ``abbr``, or in an empty ``slot`` after the headline that ``script``
    fills."""
    body = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    return (f"<html><head><title>{HEADLINE}</title></head><body><div class='z1'><h3 class='z2'>{HEADLINE}</h3>{slot}"
            f"<div class='z3'>{body}</div><div class='z4'><span class='z5'>Đăng bởi Minh Hoa</span> "
            f"<span class='z6'>lúc <a href='{URL}'>{abbr}</a></span></div></div>"
            f"<script type='text/javascript'>{script}</script></body></html>")


def test_a_time_in_an_abbr_whose_title_holds_the_date_gives_the_date_and_time():
    art = extract_article(page("<abbr class='z7' title='2025-06-04T08:30:00+07:00'>08:30</abbr>"), URL,
                          fetched_at="2025-06-05T10:00:00+07:00")
    assert art.published_raw == "2025-06-04T08:30:00+07:00"


def test_an_abbreviation_in_an_abbr_is_no_date():
    art = extract_article(page("<abbr title='Ủy ban nhân dân'>UBND</abbr>"), URL, fetched_at="2025-06-05T10:00:00+07:00")
    assert art.published_raw is None


def slot_page(script):
    return page(slot="<span id='pDateTime' class='z7'></span>", script=script)


def test_a_date_the_pages_own_script_writes_into_an_empty_slot_is_read():
    html = slot_page('document.getElementById("pDateTime").innerHTML="Thứ năm, 05/06/2025, 16:10 GMT+7";')
    assert extract_article(html, URL, fetched_at="2025-06-06T10:00:00+07:00").published_raw == \
        "Thứ năm, 05/06/2025, 16:10 GMT+7"


def test_a_slot_a_script_fills_with_the_clock_stays_empty():
    html = slot_page('document.getElementById("pDateTime").innerHTML = new Date().toLocaleString();')
    assert extract_article(html, URL, fetched_at="2025-06-06T10:00:00+07:00").published_raw is None
