"""Re-crawls of a changing replica portal: revisions, gone articles, redirects away, conditional
requests, URL variants and a story syndicated on two portals — real crawls into a real SQLite file."""
from __future__ import annotations

import json
import sqlite3

import pytest

from replica import server
from tests.conftest import run_cli

SLUG = "travinh-replica"


@pytest.fixture
def live():
    """A fresh, small replica (function scope: these tests change it)."""
    with server.start([SLUG, "nukeviet-replica"], articles=12) as rep:
        yield rep


def crawl(db, live, *extra, slug=SLUG):
    return run_cli("crawl", slug, "--db", db, "--base-url", live.base_urls[slug], *extra, check=True)


def q(db, sql, params=()):
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def last_run(db):
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    row = dict(conn.execute("SELECT * FROM crawl_runs ORDER BY id DESC LIMIT 1").fetchone())
    conn.close()
    row["stats"] = json.loads(row["stats"])
    return row


def test_edit_keeps_previous_version_and_unchanged_articles_answer_304(live, tmp_path):
    db, site = tmp_path / "a.db", live.sites[SLUG]
    crawl(db, live)
    target = site.articles[3]
    before = q(db, "SELECT body_text FROM articles WHERE url LIKE ?", ["%" + target["path"]])[0][0]
    new = site.edit(target["path"], paragraphs=[*site.by_path[target["path"]].paragraphs,
                                                "Đến nay, toàn tỉnh đã hoàn thành 95% kế hoạch năm."])
    crawl(db, live, "--refresh")
    run = last_run(db)
    assert (run["articles_new"], run["articles_updated"]) == (0, 1)
    # every other article answered 304 Not Modified to the conditional request
    assert run["stats"].get("downloader/response_status_count/304") == len(site.articles) - 1
    assert q(db, "SELECT count(*) FROM articles") == [(len(site.articles),)]
    row = q(db, "SELECT id, body_text FROM articles WHERE url LIKE ?", ["%" + target["path"]])[0]
    assert row[1] == new["body_text"]
    versions = q(db, "SELECT body_text, diff_summary FROM article_versions WHERE article_id = ?", [row[0]])
    assert versions == [(before, "body: +1/-0 paragraphs")]


def test_removed_and_moved_articles_are_marked_gone_never_deleted(live, tmp_path):
    db, site = tmp_path / "b.db", live.sites[SLUG]
    crawl(db, live)
    removed, moved = site.articles[0]["path"], site.articles[1]["path"]
    site.remove(removed, 410)
    site.move(moved, "https://cong-thong-tin-moi.example.vn/tin-tuc/bai-viet-1.html")
    crawl(db, live, "--refresh")
    assert q(db, "SELECT count(*) FROM articles") == [(len(site.articles),)]
    gone = dict(q(db, "SELECT url, gone_reason FROM articles WHERE gone_at IS NOT NULL"))
    base = live.base_urls[SLUG]
    assert gone == {base + removed: "HTTP 410",
                    base + moved: "redirected to https://cong-thong-tin-moi.example.vn/tin-tuc/bai-viet-1.html"}
    assert last_run(db)["articles_gone"] == 2
    assert q(db, "SELECT body_text IS NOT NULL FROM articles WHERE url = ?", [base + removed]) == [(1,)]


def test_article_moved_within_the_portal_is_one_of_its_urls_and_not_left_pending(live, tmp_path):
    """An address that redirects to another article address of the portal is recorded as one of that
    article's URLs and leaves no pending frontier entry (which every later run would fetch again as
    unfinished work): whether the crawl met the new address first, or followed the redirect to it, or
    (second crawl) finds it archived already."""
    db, site = tmp_path / "m.db", live.sites[SLUG]
    base = live.base_urls[SLUG]
    old, new = site.articles[0]["path"], site.articles[1]["path"]
    site.move(old, base + new)
    for _ in range(2):
        crawl(db, live)
        assert q(db, "SELECT url FROM frontier WHERE state = 'pending'") == []
        assert q(db, "SELECT a.url FROM article_urls u JOIN articles a ON a.url_key = u.url_key WHERE u.url = ?",
                 [base + old]) == [(base + new,)]
    assert q(db, "SELECT count(*) FROM articles") == [(len(site.articles) - 1,)]


def test_url_variants_are_one_article_with_every_url_known(live, tmp_path):
    db, site = tmp_path / "c.db", live.sites[SLUG]
    path = site.articles[5]["path"]
    # a tracking-parameter link (same canonical URL) and a mobile-view link (same article, other URL)
    site.extra_links = [(path + "?utm_source=zalo&utm_medium=social", "Chia sẻ"), (path + "?m=1", "Di động")]
    crawl(db, live)
    base = live.base_urls[SLUG]
    assert q(db, "SELECT count(*) FROM articles WHERE url = ?", [base + path]) == [(1,)]
    assert q(db, "SELECT count(*) FROM articles") == [(len(site.articles),)]
    urls = {u for (u,) in q(db, "SELECT u.url FROM article_urls u JOIN articles a ON a.url_key = u.url_key "
                               "WHERE a.url = ?", [base + path])}
    # the article page itself links its print view: a third URL of the same article
    assert urls == {base + path, base + path + "?m=1", base + path + "?print=1"}


def test_story_syndicated_on_two_portals_is_kept_per_portal_and_linked(live, tmp_path):
    db = tmp_path / "d.db"
    original = live.sites[SLUG].by_path[live.sites[SLUG].articles[2]["path"]]
    copy_path = live.sites["nukeviet-replica"].articles[4]["path"]
    live.sites["nukeviet-replica"].edit(copy_path, title=original.title, lead=original.lead,
                                       paragraphs=original.paragraphs)
    crawl(db, live)
    crawl(db, live, slug="nukeviet-replica")
    rows = q(db, "SELECT portal, id, story_id, duplicate_of FROM articles WHERE title = ? ORDER BY id", [original.title])
    assert [r[0] for r in rows] == [SLUG, "nukeviet-replica"]
    (_, first_id, first_story, _), (_, _, story, dup) = rows
    assert story == first_story == first_id
    assert dup == first_id
