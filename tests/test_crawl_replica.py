"""End to end: real Scrapy crawls of the live replica portals into a real SQLite archive."""
from __future__ import annotations

import subprocess
import sys

import pytest

import replica
from tests.conftest import ROOT, rows, run_cli


@pytest.mark.parametrize("slug", replica.PORTALS)
def test_every_replica_article_archived_exactly(crawled_db, replica_live, slug):
    base = replica_live.base_urls[slug]
    truth = {base + a["path"]: a for a in replica_live.sites[slug].articles}
    stored = {r["url"]: r for r in rows(crawled_db, "SELECT * FROM articles WHERE portal = ?", [slug])}
    assert set(stored) == set(truth)
    for url, expected in truth.items():
        got = stored[url]
        assert got["title"] == expected["title"], url
        assert got["body_text"] == expected["body_text"], url
        assert got["published_at"] == expected["published"], url
        assert got["published_raw"] == expected["published_raw"], url
        assert got["byline"] == expected["byline"], url
        images = rows(crawled_db, "SELECT src, caption FROM images WHERE article_id = ? ORDER BY position",
                      [got["id"]])
        assert images == [{"src": base + im["src"], "caption": im["caption"]} for im in expected["images"]], url


def test_counters_and_run_rows(crawled_db):
    snaps = rows(crawled_db, "SELECT portal, count(*) AS n, min(total) AS lo, max(total) AS hi "
                             "FROM counter_snapshots GROUP BY portal")
    assert {s["portal"] for s in snaps} == set(replica.PORTALS)
    for s in snaps:
        assert s["n"] > 10, s
        assert s["hi"] > s["lo"], s  # the replica's counters grow between requests
    # every fetched page showing counters has its snapshot: each article page (carried on the article item) and
    # each listing page (an item of its own)
    missing = rows(crawled_db, "SELECT count(*) AS n FROM articles a WHERE NOT EXISTS (SELECT 1 FROM "
                               "counter_snapshots c WHERE c.page_url = a.url AND c.fetched_at = a.fetched_at)")
    assert missing == [{"n": 0}]
    listing = rows(crawled_db, "SELECT count(*) AS n FROM counter_snapshots c WHERE NOT EXISTS "
                               "(SELECT 1 FROM articles a WHERE a.url = c.page_url)")[0]["n"]
    assert listing >= 3 * len(replica.PORTALS)
    runs = rows(crawled_db, "SELECT * FROM crawl_runs")
    assert len(runs) == len(replica.PORTALS)
    for run in runs:
        assert run["status"] == "ok", run
        assert run["finished_at"] >= run["started_at"]
        assert run["articles_new"] == len(replica.site.build_site(run["portal"]).articles)


def test_recrawl_adds_no_duplicates_but_new_snapshots(replica_live, tmp_path):
    slug = "nukeviet-replica"
    db = tmp_path / "again.db"
    base = replica_live.base_urls[slug]
    # the second crawl runs through Scrapy's own command line
    for n in range(2):
        if n == 0:
            run_cli("crawl", slug, "--db", db, "--base-url", base, check=True)
        else:
            proc = subprocess.run([sys.executable, "-m", "scrapy", "crawl", "portal", "-a", f"portal={slug}",
                                   "-a", f"base_url={base}", "-s", f"ARCHIVE_DB={db}", "-s", "LOG_LEVEL=WARNING"],
                                  cwd=ROOT, capture_output=True, text=True, timeout=300)
            assert proc.returncode == 0, proc.stderr[-2000:]
        if n == 0:
            first = rows(db, "SELECT count(*) AS a, (SELECT count(*) FROM counter_snapshots) AS s FROM articles")[0]
    second = rows(db, "SELECT count(*) AS a, (SELECT count(*) FROM counter_snapshots) AS s FROM articles")[0]
    assert second["a"] == first["a"] == len(replica_live.sites[slug].articles)
    assert second["s"] > first["s"]
    assert rows(db, "SELECT count(DISTINCT url) AS n FROM articles")[0]["n"] == second["a"]
    runs = rows(db, "SELECT articles_new, articles_unchanged, pages_fetched FROM crawl_runs ORDER BY id")
    assert runs[0]["articles_new"] == second["a"]
    assert runs[1]["articles_new"] == 0
    # incremental: the re-crawl fetched the listings again, not the articles already archived
    assert runs[1]["pages_fetched"] < runs[0]["pages_fetched"] - second["a"] + 5

