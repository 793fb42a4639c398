"""Shared fixtures: the live replica portals on 127.0.0.1 and real crawls of them into SQLite files."""
from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORPUS = Path(os.environ.get("PORTAL_ARCHIVE_CORPUS", ROOT.parent / "shared" / "corpus"))
BIN = Path(sys.executable).parent


def rows(db, sql, params=()):
    """Rows of ``sql`` on the SQLite file ``db`` as dicts (a fresh connection, closed after)."""
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    try:
        return [dict(r) for r in conn.execute(sql, params)]
    finally:
        conn.close()


def run_cli(*args, cwd=ROOT, timeout=300, check=False):
    """Run the installed `portal-archive` console script; return the CompletedProcess."""
    proc = subprocess.run([str(BIN / "portal-archive"), *map(str, args)], cwd=cwd, capture_output=True,
                          text=True, timeout=timeout, env={**os.environ, "PYTHONUNBUFFERED": "1"})
    if check and proc.returncode != 0:
        raise AssertionError(f"portal-archive {' '.join(map(str, args))} failed:\n{proc.stderr[-3000:]}")
    return proc


@pytest.fixture(scope="session")
def replica_live():
    """The three replica portals, each on its own free port, for the whole test session."""
    import replica
    from replica import server

    with server.start(replica.PORTALS) as live:
        yield live


@pytest.fixture(scope="session")
def crawled_db(replica_live, tmp_path_factory):
    """An archive built by crawling every replica portal once with `portal-archive crawl`."""
    db = tmp_path_factory.mktemp("archive") / "archive.db"
    for slug, base in replica_live.base_urls.items():
        run_cli("crawl", slug, "--db", db, "--base-url", base, check=True)
    return db
