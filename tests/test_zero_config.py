"""A portal crawled from its URL alone (no profile): real crawls of the replica portals and of a small site of
this test's own (sitemaps, feeds, a moved start page), compared with what the hand-written profiles give."""
from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

import replica
from crawler.discovery import UrlShapes, shape
from crawler.extract.article import extract_article
from crawler.profiles import load_profile, url_slug
from tests.conftest import rows, run_cli

FIELDS = ("title", "published_at", "body_text")


def _articles(db, portal):
    return {r["url_key"]: r for r in rows(db, "SELECT url_key, title, published_at, body_text FROM articles "
                                              "WHERE portal = ?", [portal])}


@pytest.mark.parametrize("slug", replica.PORTALS)
def test_a_portal_crawled_by_its_url_matches_its_profiled_crawl(slug, replica_live, crawled_db, zero_config_db):
    profiled = _articles(crawled_db, slug)
    found = _articles(zero_config_db, url_slug(replica_live.base_urls[slug]))
    same = [key for key, row in profiled.items() if key in found and all(found[key][f] == row[f] for f in FIELDS)]
    assert len(profiled) > 100
    assert len(same) >= 0.95 * len(profiled)


@pytest.mark.parametrize("slug", replica.PORTALS)
def test_a_portal_crawled_by_its_url_archives_no_page_its_profile_calls_a_listing(slug, replica_live, crawled_db,
                                                                                 zero_config_db):
    profiled = _articles(crawled_db, slug)
    found = _articles(zero_config_db, url_slug(replica_live.base_urls[slug]))
    assert sorted(r["title"] for key, r in found.items() if key not in profiled) == []


@pytest.mark.parametrize("slug", replica.PORTALS)
def test_the_run_records_the_article_pattern_it_learnt(slug, replica_live, zero_config_db):
    portal = url_slug(replica_live.base_urls[slug])
    run = rows(zero_config_db, "SELECT stats FROM crawl_runs WHERE portal = ?", [portal])[0]
    assert json.loads(run["stats"])["portal/learnt/article_patterns"]


def test_a_second_crawl_by_url_starts_from_what_the_first_learnt(replica_live, zero_config_db):
    base = replica_live.base_urls["nukeviet-replica"]
    portal = url_slug(base)
    run_cli("crawl", base + "/", "--db", zero_config_db, "--delay", "0", "--concurrency", "8", check=True)
    first, second = rows(zero_config_db, "SELECT articles_new, pages_fetched, stats FROM crawl_runs WHERE portal = ? "
                                         "ORDER BY id", [portal])[:2]
    learnt = json.loads(first["stats"])["portal/learnt/article_patterns"]
    assert json.loads(second["stats"])["portal/learnt/earlier_patterns"] == len(learnt)
    assert second["articles_new"] == 0
    assert second["pages_fetched"] < first["pages_fetched"] / 2


# ---------------------------------------------------------------- a site of this test's own
PARAGRAPH = ("Sáng nay, Ủy ban nhân dân tỉnh tổ chức hội nghị tổng kết công tác năm và triển khai nhiệm vụ năm "
             "tới, với sự tham dự của lãnh đạo các sở, ban, ngành và địa phương trong tỉnh. ")


def _article(n: int) -> str:
    return (f"<html><head><title>Bài số {n} - Cổng thông tin</title></head><body><div class='menu'>"
            f"<a href='/'>Trang chủ</a></div><div class='detail'><h1 class='title'>Hội nghị số {n} của tỉnh</h1>"
            f"<div class='date'>Thứ Hai, 0{n}/06/2025 08:30</div><div class='content'>"
            + "".join(f"<p>{PARAGRAPH}Đoạn {i}.</p>" for i in range(4)) + "</div></div></body></html>")


# login, search and print views that CMSs name in the query, not the path (VHV, NukeViet, Joomla): never fetched
QUERY_VIEWS = ("/?page=login", "/index.php?language=vi&nv=users&op=login", "/?page=Article.Print.detail&id=5",
               "/index.php?option=com_search&searchword=hoi-nghi", "/?lang=en", "/index.php?language=en&nv=news")
# articles that CMSs without URL rewriting address by the query alone (NukeViet, Joomla): fetched and archived
QUERY_ARTICLES = {7: "/index.php?language=vi&nv=news&op=thoi-su/hoi-nghi-so-7-107",
                  8: "/index.php?option=com_content&view=article&id=108&Itemid=12"}


def _undated(title: str, paragraphs: int) -> str:
    """A page that prints no date: a portal's static page, or an article of a portal that prints none."""
    return (f"<html><head><title>{title} - Cổng thông tin</title></head><body><div class='menu'><a href='/'>Trang chủ"
            f"</a></div><div class='detail'><h1 class='title'>{title}</h1><div class='content'>"
            + "".join(f"<p>{PARAGRAPH}Đoạn {i}.</p>" for i in range(paragraphs)) + "</div></div></body></html>")


UNDATED = {"/gioi-thieu/lich-su-hinh-thanh.html": ("Lịch sử hình thành và phát triển", 3),
           "/gioi-thieu/lien-he.html": ("Liên hệ", 1)}


def _site(port: int) -> dict[str, tuple[int, str, str]]:
    origin = f"http://127.0.0.1:{port}"
    sitemap = "".join(f"<url><loc>{origin}/bai-viet/hoi-nghi-so-{n}.html</loc><lastmod>2025-06-0{n}</lastmod></url>"
                      for n in (1, 2, 3, 4))
    feed = "".join(f"<item><title>Bài {n}</title><link>{origin}/bai-viet/hoi-nghi-so-{n}.html</link></item>"
                   for n in (5, 6))
    pages = {
        "/": (200, "text/html; charset=utf-8", "<html><head><title>Cổng thông tin</title><link rel='alternate' "
              "type='application/rss+xml' href='/tin-moi.rss'></head><body><p>Trang chủ</p>"
              + "".join(f"<a href='{view}'>{view}</a>" for view in QUERY_VIEWS)
              + "".join(f"<a href='{link.replace('&', '&amp;')}'>Bài {n}</a>" for n, link in QUERY_ARTICLES.items())
              + "".join(f"<a href='{path}'>{title}</a>" for path, (title, _) in UNDATED.items())
              + "</body></html>"),
        "/robots.txt": (200, "text/plain", f"User-agent: *\nDisallow: /admin/\nSitemap: {origin}/sitemap-bai.xml\n"),
        "/sitemap-bai.xml": (200, "application/xml", "<?xml version='1.0' encoding='UTF-8'?><urlset xmlns="
                             f"'http://www.sitemaps.org/schemas/sitemap/0.9'>{sitemap}</urlset>"),
        "/tin-moi.rss": (200, "application/rss+xml", f"<?xml version='1.0'?><rss version='2.0'><channel>"
                         f"<title>Tin mới</title>{feed}</channel></rss>"),
    }
    for n in range(1, 7):
        pages[f"/bai-viet/hoi-nghi-so-{n}.html"] = (200, "text/html; charset=utf-8", _article(n))
    for n, link in QUERY_ARTICLES.items():
        pages[link] = (200, "text/html; charset=utf-8", _article(n))
    for path, (title, paragraphs) in UNDATED.items():
        pages[path] = (200, "text/html; charset=utf-8", _undated(title, paragraphs))
    return pages


@pytest.fixture
def own_site():
    """The site above on 127.0.0.1; ``localhost`` answers every path with a move to it (a merged portal)."""
    site: dict = {}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            if self.headers.get("Host", "").startswith("localhost"):
                self.send_response(301)
                self.send_header("Location", f"http://127.0.0.1:{port}{self.path}")
                self.end_headers()
                return
            status, ctype, body = site.get(self.path, (404, "text/plain", "not found"))
            data = body.encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    port = server.server_address[1]
    site.update(_site(port))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield port
    server.shutdown()


def test_sitemaps_and_feeds_lead_to_articles_no_page_links_to(own_site, tmp_path):
    db = tmp_path / "a.db"
    run_cli("crawl", f"http://127.0.0.1:{own_site}/", "--db", db, "--delay", "0", check=True)
    titles = [r["title"] for r in rows(db, "SELECT title FROM articles ORDER BY title")]
    assert titles[:6] == [f"Hội nghị số {n} của tỉnh" for n in range(1, 7)]


@pytest.mark.parametrize("n", sorted(QUERY_ARTICLES))
def test_an_article_addressed_by_its_query_alone_is_archived(n, own_site, tmp_path):
    db = tmp_path / "a.db"
    run_cli("crawl", f"http://127.0.0.1:{own_site}/", "--db", db, "--delay", "0", check=True)
    titles = [r["title"] for r in rows(db, "SELECT title FROM articles")]
    assert f"Hội nghị số {n} của tỉnh" in titles


@pytest.mark.parametrize("view", QUERY_VIEWS)
def test_a_login_search_or_print_view_named_in_the_query_is_not_fetched(view, own_site, tmp_path):
    db = tmp_path / "a.db"
    run_cli("crawl", f"http://127.0.0.1:{own_site}/", "--db", db, "--delay", "0", check=True)
    failed = [r["url"] for r in rows(db, "SELECT url FROM fetch_errors")]
    assert f"http://127.0.0.1:{own_site}{view}" not in failed


def test_a_start_page_moved_to_another_domain_is_followed_and_recorded(own_site, tmp_path):
    db = tmp_path / "a.db"
    run_cli("crawl", f"http://localhost:{own_site}/", "--db", db, "--delay", "0", check=True)
    run = rows(db, "SELECT portal, stats FROM crawl_runs")[0]
    assert run["portal"] == f"localhost-{own_site}"
    assert json.loads(run["stats"])["portal/moved_to"] == f"http://127.0.0.1:{own_site}/"
    assert rows(db, "SELECT count(*) AS n FROM articles")[0]["n"] == 6 + len(QUERY_ARTICLES) + 1


def test_a_page_with_a_headline_and_a_body_but_no_date_is_archived_undated(own_site, tmp_path):
    db = tmp_path / "a.db"
    run_cli("crawl", f"http://127.0.0.1:{own_site}/", "--db", db, "--delay", "0", check=True)
    undated = rows(db, "SELECT title, published_at FROM articles WHERE url LIKE '%/gioi-thieu/%'")
    assert undated == [{"title": "Lịch sử hình thành và phát triển", "published_at": None}]


def test_an_undated_page_teaches_no_article_pattern(own_site, tmp_path):
    db = tmp_path / "a.db"
    run_cli("crawl", f"http://127.0.0.1:{own_site}/", "--db", db, "--delay", "0", check=True)
    learnt = json.loads(rows(db, "SELECT stats FROM crawl_runs")[0]["stats"]).get("portal/learnt/article_patterns", [])
    assert not any("gioi" in pattern for pattern in learnt)


# ---------------------------------------------------------------- the parts
def test_a_profile_made_from_a_url_keeps_to_that_host():
    profile = load_profile("https://www.TraVinh.gov.vn/tin-tuc/")
    assert profile.slug == "travinh-gov-vn"
    assert profile.allows_host("m.travinh.gov.vn")
    assert not profile.allows_host("sotnmt.travinh.gov.vn")  # another portal
    assert profile.discover


def test_url_shapes_generalise_numbers_and_slugs():
    assert shape("/1346/38481/trien-khai-ke-hoach.aspx") == (r"\d+", r"\d+", r"[^/]+\.aspx")
    assert shape("/news/kinh-te/") == ("news", r"kinh\-te", "")


def test_an_article_shape_is_learnt_after_three_articles_and_joined_across_sections():
    shapes = UrlShapes()
    for section in ("kinh-te", "xa-hoi"):
        for n in range(3):
            shapes.add(f"/news/{section}/bai-viet-so-{n}.html", True)
    assert shapes.learnt == [r"^/news/[^/]+/[^/]+\.html$"]
    assert shapes.is_article("/news/van-hoa/bai-moi-hom-nay.html")
    assert not shapes.is_article("/news/van-hoa/")


def test_a_shape_seen_on_listings_is_not_learnt():
    shapes = UrlShapes()
    for n in range(3):
        shapes.add(f"/chuyen-muc/tin-tuc-su-kien-{n}", True)
        shapes.add(f"/chuyen-muc/tin-tuc-trang-{n}", False)
    assert shapes.learnt == []


def test_a_listing_with_a_heading_a_date_and_a_teaser_is_not_an_article():
    items = "".join(f"<div class='item'><h3><a href='/tin/{n}.html'>Tiêu đề bài viết thứ {n} về hội nghị của tỉnh"
                    f"</a></h3><span>(0{n}/06/2025 08:30)</span><p>Tóm tắt ngắn của bài {n}.</p></div>"
                    for n in range(1, 9))
    html = (f"<html><head><title>Tin tức - Sự kiện - Cổng TTĐT</title></head><body><div class='list'>"
            f"<h2>Tin tức - Sự kiện</h2>{items}</div></body></html>")
    assert extract_article(html, "http://tinh.gov.vn/tin-tuc/", classify=True).page_kind == "listing"


def test_a_page_with_a_headline_and_a_body_of_real_text_but_no_date_is_an_article():
    page = extract_article(_undated("Lịch sử hình thành và phát triển", 3), "http://tinh.gov.vn/gioi-thieu/",
                           classify=True)
    assert page.page_kind == "article"
    assert page.rules["kind"] == "headline and body, no date printed"


def test_a_page_with_a_headline_and_a_short_text_but_no_date_is_not_an_article():
    page = extract_article(_undated("Liên hệ", 1), "http://tinh.gov.vn/lien-he/", classify=True)
    assert page.page_kind == "listing"


def test_an_article_page_is_an_article():
    article = extract_article(_article(1), "http://tinh.gov.vn/bai-viet/hoi-nghi-so-1.html", classify=True)
    assert article.page_kind == "article"


def test_scrapy_crawl_takes_a_url_too(own_site, tmp_path):
    import subprocess
    import sys

    from tests.conftest import ROOT

    db = tmp_path / "s.db"
    proc = subprocess.run([sys.executable, "-m", "scrapy", "crawl", "portal", "-a",
                           f"portal=http://127.0.0.1:{own_site}/", "-s", f"ARCHIVE_DB={db}", "-s", "LOG_LEVEL=ERROR",
                           "-s", "DOWNLOAD_DELAY=0"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert rows(db, "SELECT count(*) AS n FROM articles")[0]["n"] == 6 + len(QUERY_ARTICLES) + 1


def test_a_listing_under_a_site_title_with_a_heading_line_stays_a_listing():
    from tests.test_extract_url_headline import DNN_URL, dnn_page

    art = extract_article(dnn_page(listing=True), DNN_URL, fetched_at="2025-06-09T10:00:00+07:00", classify=True)
    assert art.page_kind == "listing"


def test_an_article_under_a_site_title_whose_headline_is_a_plain_line_is_an_article():
    from tests.test_extract_url_headline import DNN_URL, dnn_page

    art = extract_article(dnn_page(), DNN_URL, fetched_at="2025-06-09T10:00:00+07:00", classify=True)
    assert art.page_kind == "article"


def _photo_story(extra_body="", others=3):
    pictures = "".join(f"<p style='text-align:center'><img src='/anh/{n}.jpg'></p><p style='text-align:center'><em>"
                       f"Ảnh {n}: các đội ghe ngo tranh tài trên sông trong ngày hội truyền thống.</em></p>"
                       for n in range(4))
    links = "".join(f"<li><a href='/tin/{n}.html'>Tin khác số {n} về các hoạt động văn hóa của tỉnh</a></li>"
                    for n in range(others))
    return (f"<html><head><title>Đua ghe ngo</title></head><body><div class='k1'><h1>Ngày hội đua ghe ngo</h1>"
            f"<span class='k2'>15/11/2024 10:00</span><div class='k3'><p>Chiều 15/11, hàng nghìn người dân cổ vũ "
            f"các đội ghe ngo.{extra_body}</p>{pictures}</div><ul class='k4'>{links}</ul></div></body></html>")


def test_a_photo_story_beside_a_few_linked_headlines_is_an_article():
    page = extract_article(_photo_story(), "http://tinh.gov.vn/tin/dua-ghe-ngo.html", classify=True)
    assert page.page_kind == "article"


def test_a_photo_story_with_a_see_also_link_and_a_contact_link_is_an_article():
    extra = ("<br><a href='/tin/nam-truoc.html'>&gt;&gt; Ngày hội đua ghe ngo năm trước thu hút hàng vạn người</a>"
             " Gửi ảnh của bạn <a href='/lien-he/'>tại đây</a>")
    page = extract_article(_photo_story(extra, others=0), "http://tinh.gov.vn/tin/dua-ghe-ngo.html", classify=True)
    assert page.page_kind == "article"


def _section_of_cards():
    cards = "".join(
        f"<div class='s1'><h2 class='s2'><a href='/bai-{n}'><i><img src='/anh/{n}.jpg'></i><span>Bài số {n} kể về "
        f"lịch sử vùng đất và con người</span></a></h2><div class='s3'><p>Tóm tắt bài {n}: " + "những câu chuyện về "
        f"vùng đất phương Nam qua nhiều thế hệ, " * 6 + "kể lại từ đầu.</p></div></div>" for n in range(3))
    return (f"<html><head><title>Thời báo Phương Nam</title></head><body><div class='m'>{cards}</div></body></html>")


def test_a_section_of_teaser_cards_whose_summary_reads_as_a_body_is_a_listing():
    page = extract_article(_section_of_cards(), "http://baophuongnam.example.vn/hoc-hanh/", classify=True)
    assert page.page_kind == "listing"


def test_an_article_holding_a_box_of_teaser_cards_stays_an_article():
    from tests.test_extract_picture_tables_and_teasers import URL, page, teaser_box

    assert extract_article(page(teaser_box()), URL, classify=True).page_kind == "article"
