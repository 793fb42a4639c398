"""Re-crawls that cost what changed: a replica portal that publishes new articles (and edits an old one) between
real crawls into a real SQLite file, with the HTTP requests of each run counted by the crawl and by the server.
An incremental run walks each section newest-first until it brings nothing new (``crawler.walk``); a full sweep
reads every listing page and re-validates every archived article."""
from __future__ import annotations

import json
import math
import sqlite3

import pytest

from crawler.walk import page_number
from portal_archive.ops.schedule import ScheduleError, load_schedule
from replica import server
from tests.conftest import run_cli
from tests.test_recrawl import last_run

SLUG = "travinh-replica"
MARGIN = 1  # PORTAL_LISTING_MARGIN's default: one listing page more after the first that brings nothing new


@pytest.fixture
def live():
    """A fresh replica of 300 articles (function scope: these tests publish and edit)."""
    with server.start([SLUG], articles=300) as rep:
        yield rep


def crawl(db, live, *extra, images=False):
    """A crawl; without ``images``, no image captures: these tests count the pages a walk costs (an image is
    captured once ever: ``test_an_unchanged_portal_fetches_no_image_again``)."""
    before = live.requests
    run_cli("crawl", SLUG, "--db", db, "--base-url", live.base_urls[SLUG], *extra,
            *(() if images else ("--no-images",)), check=True)
    run = last_run(db)
    run["served"] = live.requests - before  # what the portal saw
    return run


def body_of(db, path):
    conn = sqlite3.connect(db)
    try:
        return conn.execute("SELECT body_text FROM articles WHERE url LIKE ?", ["%" + path]).fetchone()[0]
    finally:
        conn.close()


def incremental_cost(site, new: int) -> int:
    """robots.txt, the home page, each section's first page and ``MARGIN`` more, and the new articles (all of
    them on the home page, which is read first, so no section page brings one the crawl had not seen)."""
    return 2 + len(site.categories) * (1 + MARGIN) + new


def full_cost(site) -> int:
    """robots.txt, the home page, every listing page, every article (archived ones answer 304)."""
    return 2 + sum(site.family.pages(c) for c in site.categories) + len(site.articles)


def test_an_unchanged_portal_fetches_no_image_again(live, tmp_path):
    db, site = tmp_path / "a.db", live.sites[SLUG]
    first = crawl(db, live, images=True)
    assert first["requests"] > full_cost(site)  # the images and the logo
    again = crawl(db, live, images=True)
    assert again["requests"] == incremental_cost(site, 0)


def test_the_first_crawl_is_a_full_sweep_and_an_unchanged_portal_costs_its_sections(live, tmp_path):
    db, site = tmp_path / "a.db", live.sites[SLUG]
    first = crawl(db, live)
    assert (first["full"], first["stats"]["portal/full"]) == (1, "no full sweep yet")
    assert first["requests"] == full_cost(site)
    again = crawl(db, live)
    assert again["full"] == 0
    assert again["requests"] == incremental_cost(site, 0)
    assert again["served"] == again["requests"]
    assert again["articles_new"] == 0
    # the visitor counters of every page fetched: the home page and the listing pages
    assert again["counter_snapshots"] == 1 + len(site.categories) * (1 + MARGIN)
    no_margin = crawl(db, live, "-s", "PORTAL_LISTING_MARGIN=0")
    assert no_margin["requests"] == 2 + len(site.categories)


def test_new_articles_cost_what_changed_and_the_full_sweep_finds_an_edit_and_a_deletion(live, tmp_path):
    db, site = tmp_path / "b.db", live.sites[SLUG]
    crawl(db, live)
    oldest = site.articles[0]["path"]  # on the last page of its section
    before = body_of(db, oldest)
    new = site.publish(3)
    edited = site.edit(oldest, paragraphs=[*site.by_path[oldest].paragraphs, "Bài viết được cập nhật số liệu mới."])
    deleted = site.articles[1]["path"]
    site.remove(deleted, 404)
    run = crawl(db, live)
    assert run["articles_new"] == len(new)
    assert run["requests"] == incremental_cost(site, len(new))
    assert run["articles_updated"] == 0  # the edit and the deletion are deep in the archive: not looked at
    assert run["articles_gone"] == 0
    assert body_of(db, oldest) == before
    sweep = crawl(db, live, "--full")
    assert (sweep["full"], sweep["stats"]["portal/full"]) == (1, "asked")
    assert sweep["articles_updated"] == 1
    assert body_of(db, oldest) == edited["body_text"]
    assert sweep["articles_gone"] == 1
    assert sweep["requests"] == full_cost(site)
    assert sweep["stats"]["downloader/response_status_count/304"] == len(site.articles) - 2


def test_many_new_articles_in_one_section_are_all_found_by_walking_it_deeper(live, tmp_path):
    db, site = tmp_path / "c.db", live.sites[SLUG]
    crawl(db, live)
    section = site.categories[1]
    n = 40  # more than the home page and the section's first two pages show
    site.publish(n, category=section.key)
    # one request at a time: which page links a new article first (the pages' "most read" boxes link some at
    # random) is then the same on every run, and so is the walk's cost
    run = crawl(db, live, "--concurrency", "1")
    assert run["articles_new"] == n
    # at most: the unchanged cost, the new articles, and every page of the section that holds new ones
    assert run["requests"] <= incremental_cost(site, n) + math.ceil(n / site.family.per_page)
    conn = sqlite3.connect(db)
    archived = {u for (u,) in conn.execute("SELECT url FROM articles")}
    conn.close()
    assert {live.base_urls[SLUG] + a["path"] for a in site.articles} == archived


def test_full_every_sweeps_when_the_last_full_sweep_is_older(live, tmp_path):
    db, site = tmp_path / "d.db", live.sites[SLUG]
    crawl(db, live)
    conn = sqlite3.connect(db)
    with conn:  # the first crawl, a full sweep, as if it had run two weeks ago
        conn.execute("UPDATE crawl_runs SET started_at = '2026-01-01T02:15:00+00:00'")
    conn.close()
    swept = crawl(db, live, "--full-every", "7d")
    assert swept["stats"]["portal/full"] == "last full sweep 2026-01-01T02:15:00+00:00"
    assert swept["requests"] == full_cost(site)
    after = crawl(db, live, "--full-every", "7d")
    assert after["full"] == 0
    assert after["requests"] == incremental_cost(site, 0)


def test_runs_shows_requests_and_the_kind_of_sweep(live, tmp_path):
    db, site = tmp_path / "e.db", live.sites[SLUG]
    crawl(db, live)
    site.publish(2)
    crawl(db, live)
    listed = run_cli("runs", "--db", db, "--json", check=True).stdout.splitlines()
    latest = json.loads(listed[0])
    assert (latest["requests"], latest["full"]) == (incremental_cost(site, 2), 0)
    assert latest["requests_per_new"] == incremental_cost(site, 2) / 2
    header, _, newest = run_cli("runs", "--db", db, check=True).stdout.splitlines()[:3]
    assert header.split()[6:9] == ["sweep", "requests", "req/new"]
    assert newest.split()[7:10] == ["incr", str(incremental_cost(site, 2)), str(incremental_cost(site, 2) / 2)]


def test_page_numbers_of_the_replica_families_listings():
    from replica.site import build_site

    for slug in ("travinh-replica", "nukeviet-replica", "danvan-replica"):
        site = build_site(slug, articles=200)
        family, section = site.family, site.categories[0]
        assert [page_number(family.listing_path(section, p)) for p in (1, 2, 3, 12)] == [None, 2, 3, 12]


def test_full_every_in_a_schedule(tmp_path):
    path = tmp_path / "schedule.toml"
    path.write_text('[portals.travinh-replica]\ncron = "@daily"\nfull_every = "7d"\n'
                    '[portals.nukeviet-replica]\ncron = "@daily"\n', encoding="utf-8")
    schedule = load_schedule(path, ["travinh-replica", "nukeviet-replica"])
    assert schedule.entry("travinh-replica").crawl_args() == ["--full-every", "7d"]
    assert schedule.entry("nukeviet-replica").crawl_args() == ["--full-every", "30d"]
    path.write_text('[portals.travinh-replica]\ncron = "@daily"\nfull_every = "weekly"\n', encoding="utf-8")
    with pytest.raises(ScheduleError, match=r"full_every: bad age 'weekly'"):
        load_schedule(path, ["travinh-replica"])


# ---------------------------------------------------------------- sitemaps' lastmod (a portal without a profile)
PARAGRAPH = ("Chiều nay, Ủy ban nhân dân tỉnh họp phiên thường kỳ tháng, đánh giá tình hình kinh tế - xã hội và "
             "bàn giải pháp thực hiện các nhiệm vụ trọng tâm của những tháng cuối năm. ")


def _article(n: int, extra: str = "") -> str:
    return (f"<html><head><title>Tin số {n} - Cổng thông tin</title></head><body><div class='detail'>"
            f"<h1 class='title'>Phiên họp thường kỳ số {n}</h1><div class='date'>Thứ Ba, 0{n}/06/2025 14:00</div>"
            "<div class='content'>" + "".join(f"<p>{PARAGRAPH}Đoạn {i}.</p>" for i in range(4)) + extra
            + "</div></div></body></html>")


@pytest.fixture
def sitemap_site():
    """A portal of six articles known only from its sitemaps: an index of an old sitemap (articles 1-3, last
    changed in 2024) and a current one (4-6; 6 changed today). ``pages`` can be changed; ``paths`` logs requests."""
    import threading
    from datetime import datetime, timezone
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    pages: dict[str, str] = {}
    paths: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            paths.append(self.path)
            body = pages.get(self.path)
            data = (body or "not found").encode("utf-8")
            self.send_response(200 if body else 404)
            xml = self.path.endswith(".xml")
            self.send_header("Content-Type", "application/xml" if xml else "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    origin = f"http://127.0.0.1:{server.server_address[1]}"
    today = datetime.now(timezone.utc).date().isoformat()
    ns = "xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'"

    def urlset(entries):
        return f"<?xml version='1.0'?><urlset {ns}>" + "".join(
            f"<url><loc>{origin}/tin/phien-hop-so-{n}.html</loc><lastmod>{day}</lastmod></url>"
            for n, day in entries) + "</urlset>"

    pages.update({
        "/": "<html><head><title>Cổng thông tin</title></head><body><p>Trang chủ</p></body></html>",
        "/robots.txt": f"User-agent: *\nSitemap: {origin}/sitemap.xml\n",
        "/sitemap.xml": f"<?xml version='1.0'?><sitemapindex {ns}>"
                        f"<sitemap><loc>{origin}/sitemap-2024.xml</loc><lastmod>2024-12-31</lastmod></sitemap>"
                        f"<sitemap><loc>{origin}/sitemap-moi.xml</loc><lastmod>{today}</lastmod></sitemap>"
                        "</sitemapindex>",
        "/sitemap-2024.xml": urlset([(1, "2024-03-01"), (2, "2024-05-01"), (3, "2024-07-01")]),
        "/sitemap-moi.xml": urlset([(4, "2025-06-04"), (5, "2025-06-05"), (6, today)]),
        **{f"/tin/phien-hop-so-{n}.html": _article(n) for n in range(1, 7)},
    })
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield origin, pages, paths
    server.shutdown()


def test_sitemaps_unchanged_since_the_last_run_are_not_read(sitemap_site, tmp_path):
    origin, pages, paths = sitemap_site
    db = tmp_path / "s.db"
    run_cli("crawl", origin + "/", "--db", db, "--delay", "0", check=True)
    assert last_run(db)["articles_new"] == 6
    pages["/tin/phien-hop-so-6.html"] = _article(6, "<p>Cập nhật: phiên họp kéo dài sang ngày hôm sau.</p>")
    del paths[:]
    run_cli("crawl", origin + "/", "--db", db, "--delay", "0", check=True)
    run = last_run(db)
    # robots.txt (for the rules, then for its Sitemap: lines), the index, the sitemap it says changed and the
    # article that sitemap says changed; not the 2024 sitemap, not articles 4 and 5
    assert sorted(paths) == sorted(["/robots.txt", "/robots.txt", "/", "/sitemap.xml", "/sitemap-moi.xml",
                                    "/tin/phien-hop-so-6.html"])
    assert run["requests"] == len(paths)
    assert run["articles_updated"] == 1
    assert run["stats"]["portal/discovery/sitemap_unchanged"] == 3  # the 2024 sitemap, articles 4 and 5
