"""Link following: which requests and URL events a page's links give (PortalSpider.follow_links)."""
from __future__ import annotations

import scrapy
from scrapy.http import HtmlResponse, Request

from crawler.items import UrlEvents
from crawler.spiders.portal import PortalSpider

SITE = "http://127.0.0.1:8701"
PAGE = """<html><head><base href="/1346/"><title>t</title></head><body>
<a href="38462/bai-b.aspx">relative to the base</a> <a href="?page=2">listing page 2</a>
<a href="/1347/">a listing</a> <a href="/1/2/./c.aspx">dot segment</a> <a href="/1/2/../3/d.aspx">dot-dot</a>
<a href="HTTP://127.0.0.1:8701/5/6/e.aspx">upper-case scheme</a> <a href=" /7/8/f.aspx ">spaces</a>
<a href="/7/8/f.aspx#top">the same with a fragment</a> <a href="//127.0.0.1:8701/9/10/g.aspx">scheme-relative</a>
<a href="/admin/1/2/x.aspx">denied</a> <a href="https://chinhphu.vn/1/2/y.aspx">another site</a>
<a href="/7/8/f.aspx?print=1">print view of f</a> <a href="/1347/">the listing again</a>
<a href="javascript:;">script</a> <a href="/11/12/h%C3%A0.aspx">escaped</a> <a href="/11/12/hà.aspx">not escaped</a>
</body></html>"""


def flat(outputs) -> list[tuple[str, str]]:
    """(URL, "request" or the event) of a page's requests, then of its events: those come last, in one item."""
    got, containers = [], 0
    for o in outputs:
        assert not containers, "the URL events item is the page's last output"
        if isinstance(o, scrapy.Request):
            got.append((o.url, "request"))
        elif isinstance(o, UrlEvents):
            assert o.events
            containers += 1
            got += [(e.url, e.event) for e in o.events]
    return got


def outputs(spider, url, body):
    response = HtmlResponse(url, body=body.encode("utf-8"), encoding="utf-8", request=Request(url))
    return flat(spider.parse_listing(response))


def test_links_resolve_against_base_href_and_are_followed_once():
    spider = PortalSpider(portal="travinh-replica", base_url=SITE)
    got = outputs(spider, f"{SITE}/1346/38461/bai-a.aspx", PAGE)
    articles = ["/1346/38462/bai-b.aspx", "/1/2/c.aspx", "/1/3/d.aspx", "/5/6/e.aspx", "/7/8/f.aspx", "/9/10/g.aspx"]
    # the page's article links first, then its listing links (followed once the page is read: crawler.walk)
    expected = [(SITE + path, "request") for path in articles]
    expected += [(f"{SITE}/1346/?page=2", "request"), (f"{SITE}/1347/", "request")]
    expected += [(SITE + path, "discovered") for path in articles] + [(f"{SITE}/7/8/f.aspx?print=1", "alias")]
    assert got == expected
    # a second page of the same site repeating those links: nothing new (memoised, already queued)
    assert outputs(spider, f"{SITE}/1346/38462/bai-b.aspx", PAGE) == []
    # without <base href>, relative links resolve against the page itself
    got = outputs(spider, f"{SITE}/20/21/k.aspx", '<a href="22/m.aspx">x</a><a href="../23/n.aspx">y</a>')
    assert got == [(f"{SITE}/20/23/n.aspx", "request"), (f"{SITE}/20/23/n.aspx", "discovered")]  # not /20/21/22/m
    got = outputs(spider, f"{SITE}/20/", '<a href="21/p.aspx">x</a>')
    assert got == [(f"{SITE}/20/21/p.aspx", "request"), (f"{SITE}/20/21/p.aspx", "discovered")]


def test_follow_links_without_extraction_reads_the_page_itself():
    """A response that extract() did not see (no ``portal_links``) gives the same requests and events."""
    url = f"{SITE}/1346/38461/bai-a.aspx"
    via_extract = outputs(PortalSpider(portal="travinh-replica", base_url=SITE), url, PAGE)
    response = HtmlResponse(url, body=PAGE.encode("utf-8"), encoding="utf-8", request=Request(url))
    spider = PortalSpider(portal="travinh-replica", base_url=SITE)
    direct = flat(spider.follow_links(response))
    assert direct == via_extract
    assert len(direct) > 10


def test_a_variant_linked_before_its_article_is_recorded_when_the_article_comes():
    """A print view linked on an earlier page than its article is an alias all the same (links of no kind are
    looked at once per crawl, and remembered by key until an article of that key is queued)."""
    spider = PortalSpider(portal="travinh-replica", base_url=SITE)
    first = outputs(spider, f"{SITE}/1347/", '<a href="/7/8/f.aspx?print=1">in</a> <a href="/9/9/x.pdf">pdf</a>')
    assert first == []
    second = outputs(spider, f"{SITE}/1348/", '<a href="/9/9/x.pdf">pdf</a> <a href="/7/8/f.aspx">f</a>')
    assert second == [(f"{SITE}/7/8/f.aspx", "request"), (f"{SITE}/7/8/f.aspx", "discovered"),
                      (f"{SITE}/7/8/f.aspx?print=1", "alias")]
    # and once only, however often the variant is linked again
    assert outputs(spider, f"{SITE}/1349/", '<a href="/7/8/f.aspx?print=1">in</a>') == []


def test_a_variant_of_an_archived_article_is_an_alias_at_once():
    spider = PortalSpider(portal="travinh-replica", base_url=SITE)
    spider.state["skip"].add(spider.link_info(spider.page_context(SITE + "/"), "/7/8/f.aspx").key)
    got = outputs(spider, f"{SITE}/1347/", '<a href="/7/8/f.aspx?print=1">in</a> <a href="/7/8/f.aspx">f</a>')
    assert got == [(f"{SITE}/7/8/f.aspx?print=1", "alias"), (f"{SITE}/7/8/f.aspx", "alias")]  # not re-fetched


def test_links_off_the_portal_are_settled_at_first_sight():
    """Share buttons carrying the article's URL, mailto:, other sites, unparseable URLs: never requested, never an
    alias (a host the profile does not allow cannot fold into one of its keys), and not kept for later."""
    spider = PortalSpider(portal="travinh-replica", base_url=SITE)
    share = [f"https://www.facebook.com/sharer.php?u={SITE}/7/8/f.aspx", f"mailto:?body={SITE}/7/8/f.aspx",
             "https://chinhphu.vn/7/8/f.aspx", "http://[::1/7/8/f.aspx", "https://zalo.me/share?url=/7/8/f.aspx"]
    body = "".join(f'<a href="{h}">s</a>' for h in share)
    assert outputs(spider, f"{SITE}/1347/", body) == []
    settled = spider.page_context(SITE + "/").known.settled
    assert all(h in settled for h in share)
    assert spider.unmatched == {}
    # the article itself then comes with no alias from those links
    assert outputs(spider, f"{SITE}/1348/", body + '<a href="/7/8/f.aspx">f</a>') == [
        (f"{SITE}/7/8/f.aspx", "request"), (f"{SITE}/7/8/f.aspx", "discovered")]


def test_fragment_links_are_the_page_or_listing_they_point_into():
    """"#main-content" is the page itself; "/1347/#top" and "/1347/" are one listing, requested once and counted
    once against the listing cap."""
    spider = PortalSpider(portal="travinh-replica", base_url=SITE)
    got = outputs(spider, f"{SITE}/", '<a href="#main-content">skip</a> <a href="/1347/#top">a</a> '
                                       '<a href="/1347/">b</a> <a href="/1347/#bottom">c</a>')
    assert got == [(f"{SITE}/1347/", "request")]
    assert spider.listings == {f"{SITE}/1347/"}
    # on an article page, its own fragment links are neither requests nor aliases of itself
    got = outputs(spider, f"{SITE}/1/2/a.aspx", '<a href="#top">top</a> <a href="#">#</a>')
    assert got == []
