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


def cli(*args, input=None, check=False):
    """Run `portal-archive` in this process (click's CliRunner; no crawl, which needs a fresh reactor) and
    return a CompletedProcess with the exit code and text that a user would see. An exception that is not
    one of click's (a bug, which would print a traceback) is raised, not hidden in the result."""
    from click.testing import CliRunner

    from portal_archive.cli.main import main

    result = CliRunner().invoke(main, [str(a) for a in args], input=input)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    if check and result.exit_code != 0:
        raise AssertionError(f"portal-archive {' '.join(map(str, args))} failed:\n{result.stderr[-3000:]}")
    return subprocess.CompletedProcess(args, result.exit_code, result.stdout, result.stderr)


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


@pytest.fixture(scope="session")
def zero_config_db(replica_live, tmp_path_factory):
    """Each replica portal crawled by its URL alone (no profile) into one archive."""
    db = tmp_path_factory.mktemp("zero-config") / "archive.db"
    for base in replica_live.base_urls.values():
        run_cli("crawl", base + "/", "--db", db, "--delay", "0", "--concurrency", "8", check=True)
    return db
