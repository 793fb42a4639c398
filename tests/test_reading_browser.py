"""The reading room in headless Chromium, the portal stopped: an article's row page, the portal page's counter
chart, the authors facet and search results linking to articles; counter_daily's last reading of a day."""
from __future__ import annotations

import json
import re
from datetime import datetime, timedelta
import shutil
import sqlite3
import urllib.parse

import pytest

from portal_archive import archive
from portal_archive.datasette.reading import paragraphs, split_credit
from tests.conftest import rows, run_cli
from tests.test_browser import ARTIFACTS, browser_page, serving
from tests.vn_archive import snapshot

SLUG = "travinh-replica"
# counter readings on the six days before the crawl, as (days before, total): two in the same second four days
# before, a reset three days before (the crawl's own reading ends the series)
READINGS = [(6, 0.9), (5, 0.92), (4, 0.93), (4, 0.94), (3, 0.0001), (2, 0.5), (1, 0.8)]


def earlier_readings(crawl_total: int, crawled_at: str) -> list[dict]:
    at = datetime.fromisoformat(crawled_at)
    return [{**snapshot(SLUG, (at - timedelta(days=days)).isoformat(timespec="seconds"), int(crawl_total * share), 10),
             "page_url": "http://replica/"} for days, share in READINGS]


@pytest.fixture(scope="module")
def stopped_replica_db(tmp_path_factory):
    """A replica portal crawled, then stopped: (archive path, the portal's ground truth)."""
    from replica import server

    db = tmp_path_factory.mktemp("reading") / "archive.db"
    with server.start([SLUG]) as live:
        run_cli("crawl", SLUG, "--db", db, "--base-url", live.base_urls[SLUG], check=True)
        site = live.sites[SLUG]
    opened = archive.open_archive(db)
    total, crawled_at = opened.execute("SELECT total, fetched_at FROM counter_snapshots WHERE portal = ? "
                                       "ORDER BY fetched_at DESC, id DESC LIMIT 1", [SLUG]).fetchone()
    archive.store_batch(opened, [], earlier_readings(total, crawled_at))
    opened.conn.close()
    return db, site


def article_with_images(db) -> dict:
    return rows(db, "SELECT a.id, a.title, a.body_text, a.byline, a.authors, count(i.id) AS n FROM articles a "
                    "JOIN images i ON i.article_id = a.id GROUP BY a.id HAVING n >= 2 ORDER BY a.id LIMIT 1")[0]


@pytest.fixture(scope="module")
def served(stopped_replica_db, tmp_path_factory):
    """`portal-archive serve` over a copy of the stopped replica's archive (every image captured by the crawl) in
    which the images of one article after its first are marked refused as too large, as a capture size cap does."""
    source, _ = stopped_replica_db
    db = tmp_path_factory.mktemp("served") / "archive.db"
    shutil.copytree(archive.warc_dir(source), archive.warc_dir(db))  # the captures go with the copy
    src, dst = sqlite3.connect(source), sqlite3.connect(db)
    src.backup(dst)
    src.close()
    art = article_with_images(source)
    dst.execute("UPDATE images SET capture_status = 'too_large', warc_file = NULL, warc_offset = NULL "
                "WHERE article_id = ? AND position > 0", [art["id"]])
    dst.commit()
    dst.close()
    with serving(db, tmp_path_factory.getbasetemp() / "serve-reading.log") as url:
        yield url, db


@pytest.fixture(scope="module")
def page():
    with browser_page(1280, 900) as opened:
        yield opened


# ---------------------------------------------------------------- in the browser, the portal stopped

def test_article_reads_as_an_article(served, page):
    url, db = served
    art = article_with_images(db)
    images = rows(db, "SELECT id, position, src, caption FROM images WHERE article_id = ? ORDER BY position",
                  [art["id"]])
    page.goto(f"{url}/archive/articles/{art['id']}")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "reading-article.png"), full_page=True)
    assert page.locator("h1.pa-headline").inner_text() == art["title"]
    assert page.locator(".pa-body > p").all_inner_texts() == paragraphs(art["body_text"])
    assert page.locator(".pa-byline").inner_text() == art["byline"]
    figures = page.locator(".pa-body figure")
    assert figures.count() == len(images)
    assert page.locator(".pa-body figcaption .pa-caption").all_inner_texts() == \
        [split_credit(i["caption"])[0] for i in images if split_credit(i["caption"])[0]]
    # the captured image is served from the archive, the others are placeholders naming their source as text
    assert page.locator(".pa-body img").evaluate_all("els => els.map(e => e.getAttribute('src'))") == \
        [f"/-/archive/image/{images[0]['id']}"]
    assert page.locator(".pa-missing-src").all_inner_texts() == [i["src"] for i in images[1:]]
    assert page.locator(".pa-missing-why").all_inner_texts() == ["larger than the capture size cap"] * (len(images) - 1)
    # the capture loaded from the archive with the portal stopped
    assert page.locator(".pa-body img").evaluate(
        "e => { e.loading = 'eager'; return e.decode().then(() => e.naturalWidth, () => 0); }") > 0
    assert page.locator(f'.pa-body a[href*="{images[1]["src"]}"]').count() == 0  # no hot-linking


def test_images_sit_after_the_paragraph_they_followed(stopped_replica_db, served, page):
    from urllib.parse import urlsplit

    url, db = served
    _, site = stopped_replica_db
    art = rows(db, "SELECT id, url FROM articles WHERE id = ?", [article_with_images(db)["id"]])[0]
    truth = next(a for a in site.items if urlsplit(a.path).path == urlsplit(art["url"]).path)
    page.goto(f"{url}/archive/articles/{art['id']}")
    before = page.locator(".pa-body figure").evaluate_all(
        "figs => figs.map(f => { let n = 0, e = f; while ((e = e.previousElementSibling)) "
        "{ if (e.tagName === 'P') n++; } return n; })")
    assert before == [im.after + 2 for im in truth.images]  # the lead, then the paragraphs up to its own


def test_article_shows_its_provenance(served, page):
    url, db = served
    art = rows(db, "SELECT * FROM articles WHERE id = ?", [article_with_images(db)["id"]])[0]
    page.goto(f"{url}/archive/articles/{art['id']}")
    provenance = page.locator(".pa-provenance").inner_text()
    assert art["warc_record_id"] in provenance
    assert art["warc_file"] in provenance
    assert art["first_seen_at"] in provenance
    digits = re.sub(r"\D", "", art["fetched_at"][:19])
    assert page.locator("a.pa-replay").get_attribute("href") == \
        f"http://127.0.0.1:8090/archive/{digits}/{art['url']}"
    assert "None: the text has not changed" in page.locator(".pa-revisions").inner_text()


def test_portal_page_charts_the_visitor_counter(served, page):
    url, db = served
    days = rows(db, "SELECT day, total, reset FROM counter_daily WHERE portal = ? ORDER BY day", [SLUG])
    page.goto(f"{url}/archive/portals/{SLUG}")
    page.locator("svg.pa-chart").scroll_into_view_if_needed()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "reading-portal-counter.png"), full_page=True)
    assert page.locator("svg.pa-chart").count() == 1
    assert page.locator("svg.pa-chart circle.pa-point").count() == len(days)
    assert page.locator("svg.pa-chart line.pa-reset").count() == sum(d["reset"] for d in days)
    assert page.locator("svg.pa-chart rect.pa-bar").count() == len(days) - 1 - sum(d["reset"] for d in days)


def test_authors_facet_counts_a_person_once(served, page):
    url, db = served
    page.goto(f"{url}/archive/articles")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "reading-articles-table.png"))
    facet = page.locator('.facet-info[data-column="authors"]')
    assert facet.count() == 1
    counted = {}
    for authors in rows(db, "SELECT authors FROM articles WHERE authors IS NOT NULL"):
        for name in json.loads(authors["authors"]):
            counted[name] = counted.get(name, 0) + 1
    top = max(counted, key=lambda n: (counted[n], n))
    assert f"{top} {counted[top]}" in facet.inner_text()
    assert not page.locator("dl.column-descriptions").is_visible()  # folded into a <details>
    assert page.locator("details.pa-columns summary").is_visible()


def test_search_results_link_to_the_reading_page(served, page):
    url, db = served
    art = article_with_images(db)
    page.goto(f"{url}/archive/search?q={urllib.parse.quote(art['title'])}&portal=")
    page.locator(f'table.rows-and-columns a[href="/archive/articles/{art["id"]}"]').first.wait_for()
    assert page.locator("table.rows-and-columns mark").count() >= 1
    page.locator(f'table.rows-and-columns td a[href="/archive/articles/{art["id"]}"]').last.click()
    page.wait_for_url(f"**/archive/articles/{art['id']}")
    assert page.locator("h1.pa-headline").inner_text() == art["title"]


# ---------------------------------------------------------------- the archive's view of the readings

def test_counter_daily_takes_the_last_reading_of_each_day(stopped_replica_db):
    db, _ = stopped_replica_db
    days = rows(db, "SELECT * FROM counter_daily WHERE portal = ? ORDER BY day", [SLUG])
    total = days[-1]["total"]
    assert len(days) == 7
    assert days[2]["total"] == int(total * 0.94)  # the later of two readings in the same second
    assert days[2]["total_delta"] == int(total * 0.94) - int(total * 0.92)
    assert [d["reset"] for d in days] == [0, 0, 0, 1, 0, 0, 0]
