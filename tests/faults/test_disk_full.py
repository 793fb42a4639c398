"""A full disk (simulated by the archive's size quota, which fails writes with SQLite's own "database or
disk is full"): the crawl stops with a clear error, the run is recorded failed, nothing is corrupted,
and the next run completes the archive without duplicates."""
from __future__ import annotations

import sqlite3

from portal_archive.errors import EXIT_CODES
from replica import server
from tests.conftest import rows, run_cli

SLUG = "travinh-replica"


def test_disk_full_stops_the_crawl_cleanly_and_the_next_run_completes(tmp_path):
    db = tmp_path / "full.db"
    with server.start([SLUG], articles=60) as rep:
        base = rep.base_urls[SLUG]
        # ~1 MB over the empty schema: room for some articles, not for 60 with their FTS entries
        proc = run_cli("crawl", SLUG, "--db", db, "--base-url", base, "--set", "ARCHIVE_MAX_SIZE_MB=1",
                       "--set", "ARCHIVE_BATCH_SIZE=5")
        assert proc.returncode == EXIT_CODES["failed"], proc.stderr
        assert "Traceback" not in proc.stderr
        assert "archive write failed: database or disk is full" in proc.stderr
        stored = rows(db, "SELECT count(*) AS n FROM articles")[0]["n"]
        assert 0 < stored < 60
        assert sqlite3.connect(db).execute("PRAGMA integrity_check").fetchone() == ("ok",)
        run = rows(db, "SELECT status, finish_reason FROM crawl_runs")
        assert run == [{"status": "failed", "finish_reason": "archive_write_failed"}]
        # every stored article is whole (the batch that hit the quota rolled back entirely)
        truth = {base + a["path"]: a for a in rep.sites[SLUG].articles}
        for art in rows(db, "SELECT a.url, a.body_text, (SELECT count(*) FROM images i WHERE i.article_id = a.id)"
                            " AS images FROM articles a"):
            assert art["body_text"] == truth[art["url"]]["body_text"]
            assert art["images"] == len(truth[art["url"]]["images"])

        run_cli("crawl", SLUG, "--db", db, "--base-url", base, check=True)
    assert rows(db, "SELECT count(*) AS n, count(DISTINCT url_key) AS k FROM articles")[0] == {"n": 60, "k": 60}
    assert [r["status"] for r in rows(db, "SELECT status FROM crawl_runs ORDER BY id")] == ["failed", "ok"]
