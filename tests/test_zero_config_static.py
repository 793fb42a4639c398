"""A portal published as a static copy (a folder with an ``index.html`` per page, as site builders and mirrors
write it), crawled from its URL alone: links name ``/slug`` and the host answers with a move to ``/slug/``;
the template prints a canonical link that is no page's own address."""
from __future__ import annotations

import json
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

import pytest

from tests.conftest import rows, run_cli

PARAGRAPH = ("Chiều qua, Sở Giáo dục và Đào tạo tỉnh tổ chức hội nghị triển khai nhiệm vụ năm học mới với sự tham "
             "dự của hiệu trưởng các trường trung học phổ thông trên địa bàn. ")
SECTION = "/tin-tuc"
FOREIGN_HOME = "https://mau-giao-dien.example.com/"  # the home page of the site the template was copied from


def _slug(n: int) -> str:
    return f"/so-giao-duc-trien-khai-nam-hoc-moi-so-{n}"


def _article(n: int) -> str:
    canonical = FOREIGN_HOME if n <= 4 else SECTION  # the template's home page, or the section
    return (f"<html><head><title>Báo Tin Tỉnh</title><link rel='canonical' href='{canonical}'></head><body>"
            f"<div class='menu'><a href='/'>Trang chủ</a> <a href='{SECTION}'>Tin tức</a></div>"
            f"<article><h1 class='main-hed'>Sở Giáo dục triển khai năm học mới, bài {n}</h1>"
            f"<div class='date'>Thứ Hai, 0{n}/09/2025 08:30</div><div class='article-text'>"
            + "".join(f"<p>{PARAGRAPH}Đoạn {i}.</p>" for i in range(4)) + "</div></article></body></html>")


def _site() -> dict[str, str]:
    links = "".join(f"<li><a href='{_slug(n)}'>Bài {n}</a></li>" for n in range(1, 7))
    return {
        "/index.html": f"<html><head><title>Báo Tin Tỉnh</title></head><body><a href='{SECTION}'>Tin tức</a>"
                       "</body></html>",
        f"{SECTION}/index.html": f"<html><head><title>Tin tức - Báo Tin Tỉnh</title></head><body><h2>Tin tức</h2>"
                                 f"<ul>{links}</ul></body></html>",
        **{f"{_slug(n)}/index.html": _article(n) for n in range(1, 7)},
    }


@pytest.fixture(scope="module")
def static_site():
    """The site on 127.0.0.1, served as a static host serves folders."""
    site = _site()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            path = urlsplit(self.path).path
            if not path.endswith("/") and f"{path}/index.html" in site:
                self.send_response(301)
                self.send_header("Location", f"{path}/")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            body = site.get(path + "index.html" if path.endswith("/") else path)
            data = (body or "not found").encode("utf-8")
            self.send_response(200 if body else 404)
            self.send_header("Content-Type", "text/html; charset=utf-8" if body else "text/plain")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture(scope="module")
def crawled(static_site, tmp_path_factory):
    db = tmp_path_factory.mktemp("static") / "a.db"
    run_cli("crawl", static_site + "/", "--db", db, "--delay", "0", check=True)
    return db


def _paths(db) -> set[str]:
    return {urlsplit(r["url"]).path for r in rows(db, "SELECT url FROM articles")}


def test_every_article_of_a_static_copy_is_archived(crawled):
    assert rows(crawled, "SELECT count(*) AS n FROM articles")[0]["n"] == 6


def test_a_canonical_naming_another_sites_home_is_not_the_articles_address(crawled):
    assert {f"{_slug(n)}/" for n in range(1, 5)} <= _paths(crawled)


def test_a_canonical_naming_the_section_is_not_the_articles_address(crawled):
    assert {f"{_slug(n)}/" for n in (5, 6)} <= _paths(crawled)


def test_the_pattern_learnt_takes_the_links_as_pages_write_them(crawled):
    learnt = json.loads(rows(crawled, "SELECT stats FROM crawl_runs")[0]["stats"])["portal/learnt/article_patterns"]
    assert any(re.match(p, _slug(9)) for p in learnt)


# ---------------------------------------------------------------- the part
def test_a_root_canonical_is_not_the_address_of_an_article_a_query_names():
    from crawler.spiders.portal import PortalSpider

    spider = PortalSpider(portal="http://tinh.gov.vn/")
    assert not spider.own_canonical("http://tinh.gov.vn/", "http://tinh.gov.vn/?p=7")


def test_an_articles_own_query_address_is_its_canonical():
    from crawler.spiders.portal import PortalSpider

    spider = PortalSpider(portal="http://tinh.gov.vn/")
    assert spider.own_canonical("http://tinh.gov.vn/?p=7", "http://tinh.gov.vn/?p=7")
