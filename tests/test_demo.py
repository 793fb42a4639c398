"""`portal-archive demo` end to end, twice: no duplicate articles, new counter snapshots."""
from __future__ import annotations

import sqlite3

import replica
from tests.conftest import run_cli


def test_demo_twice_is_idempotent_for_articles(tmp_path):
    db = tmp_path / "demo.db"
    first = run_cli("demo", "--db", db, "--articles", "15", check=True)
    assert "Crawled in" in first.stdout
    assert "portal-archive serve" in first.stdout
    for slug in replica.PORTALS:
        assert slug in first.stdout
    conn = sqlite3.connect(db)
    articles, snaps = conn.execute("SELECT count(*), (SELECT count(*) FROM counter_snapshots) FROM articles").fetchone()
    assert articles == 3 * 15
    assert snaps > 0
    run_cli("demo", "--db", db, "--articles", "15", check=True)
    again, snaps_again = conn.execute("SELECT count(*), (SELECT count(*) FROM counter_snapshots) FROM articles").fetchone()
    assert again == articles
    assert snaps_again > snaps
    assert conn.execute("SELECT count(*) FROM crawl_runs WHERE status = 'ok'").fetchone()[0] == 6
