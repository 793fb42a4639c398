"""`merge` with hostile shards, each built here: a shard is read-only input that must not reach outside itself
(symlinks in warc/, node names with ``../``), run unbounded (a view in place of a table, a query past the time
limit), change the target when refused, or be changed itself; every refusal is one line, never a traceback."""
from __future__ import annotations

import hashlib
import os
import sqlite3
from pathlib import Path

import pytest
import sqlite_utils

from portal_archive import archive
from portal_archive.archive.merge import MergeError, merge_shards, safe_name, table_checksums
from tests.conftest import rows, run_cli

FETCHED = "2025-01-01T00:00:00+00:00"


def make_shard(path: Path, key: str = "k1", warc: str = "x.warc.gz", node: str | None = None,
               frontier: int = 0) -> Path:
    """An archive at ``path`` with one portal, one run (on scrapyd node ``node``), one article captured in
    ``warc`` and ``frontier`` queued URLs."""
    db = archive.open_archive(path)
    db["portals"].insert({"slug": "p", "name": "P", "first_crawled_at": FETCHED, "last_crawled_at": FETCHED})
    run_id = archive.start_run(db, "p", node=node, pid=int(hashlib.sha256(key.encode()).hexdigest()[:6], 16))
    archive.store_batch(db, [{"url": f"http://p/{key}", "url_key": key, "portal": "p", "title": f"T {key}",
                              "body_text": f"body {key}", "content_hash": f"h-{key}", "first_seen_at": FETCHED,
                              "last_seen_at": FETCHED, "fetched_at": FETCHED, "warc_file": warc,
                              "warc_record_id": f"<urn:{key}>", "images": []}],
                        events=[{"portal": "p", "url": f"http://p/q{n}", "url_key": f"q{n}", "event": "discovered",
                                 "fetched_at": FETCHED} for n in range(frontier)], run_id=run_id)
    db.conn.close()
    return path


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def checksums(path: Path) -> dict[str, str]:
    db = archive.open_archive(path, create=False)
    try:
        return table_checksums(db)
    finally:
        db.conn.close()


@pytest.fixture
def target(tmp_path):
    """A central archive that already holds one merged shard."""
    into = tmp_path / "central" / "archive.db"
    merge_shards([make_shard(tmp_path / "good" / "archive.db", key="good")], into)
    return into


def refused(shard: Path, into: Path, *args) -> str:
    """Merge ``shard`` with the CLI, expecting a refusal; return its stderr (one line, no traceback)."""
    proc = run_cli("merge", shard, "--into", into, *args, timeout=120)
    assert proc.returncode != 0, proc.stdout
    assert "Traceback" not in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1, proc.stderr
    return proc.stderr


# --- the shard's warc/ folder ------------------------------------------------------------------------

def test_merge_copies_no_symlink_or_fifo_from_the_shard_warc_folder(tmp_path, target):
    secret = tmp_path / "secret.txt"
    secret.write_text("root:x:0:0")
    shard = make_shard(tmp_path / "n1" / "archive.db", key="k1")
    warc = shard.parent / "warc"
    warc.mkdir()
    (warc / "x.warc.gz").write_bytes(b"WARC")
    (warc / "passwd.warc.gz").symlink_to(secret)
    (warc / "etc.warc").symlink_to("/etc/passwd")
    os.mkfifo(warc / "fifo.warc.gz")  # opening it to read would wait for a writer forever
    [report] = merge_shards([shard], target)
    copied = sorted(p.name for p in (target.parent / "warc").iterdir())
    assert copied == ["x.warc.gz"]
    assert report.warc == {"copied": 1, "identical": 0, "grown": 0, "renamed": 0, "skipped": 3}
    assert "3 skipped (symlinks or not regular files)" in report.line()


def test_merge_keeps_a_hostile_node_name_inside_the_warc_folder(tmp_path, target):
    first = make_shard(tmp_path / "a" / "archive.db", key="a", warc="x.warc.gz")
    (first.parent / "warc").mkdir()
    (first.parent / "warc" / "x.warc.gz").write_bytes(b"AAAA")
    hostile = make_shard(tmp_path / "b" / "archive.db", key="b", warc="x.warc.gz", node="../../../escaped")
    (hostile.parent / "warc").mkdir()
    (hostile.parent / "warc" / "x.warc.gz").write_bytes(b"BBBB")  # same name, other bytes: stored renamed
    merge_shards([first, hostile], target)
    names = sorted(p.name for p in (target.parent / "warc").iterdir())
    assert names == ["x--escaped.warc.gz", "x.warc.gz"]
    assert list(tmp_path.rglob("*escaped*")) == [target.parent / "warc" / "x--escaped.warc.gz"]
    assert rows(target, "SELECT shard FROM crawl_runs WHERE node = '../../../escaped'") == [{"shard": "escaped"}]


@pytest.mark.parametrize("name, expected", [("../../etc", "etc"), ("node 1/../x", "node_1_.._x"), ("..", "shard"),
                                            ("Nút-1.vn", "Nút-1.vn"), ("a\u202eb\x1b", "a_b_"),
                                            ("a" * 100, "a" * 64)])
def test_safe_name(name, expected):
    assert safe_name(name) == expected


def test_merge_refuses_warc_references_outside_the_warc_folder(tmp_path, target):
    shard = make_shard(tmp_path / "n1" / "archive.db", warc="../../../etc/passwd")
    before = checksums(target)
    assert "refers to WARC file '../../../etc/passwd', not a file name" in refused(shard, target)
    assert checksums(target) == before


# --- the shard's schema -------------------------------------------------------------------------------

def test_merge_refuses_a_newer_schema_version(tmp_path, target):
    shard = make_shard(tmp_path / "n1" / "archive.db")
    conn = sqlite3.connect(shard)
    conn.execute("PRAGMA user_version = 99")
    conn.close()
    before = checksums(target)
    assert "schema version 99 is newer than this portal-archive's" in refused(shard, target)
    assert checksums(target) == before


@pytest.mark.parametrize("damage, message", [
    ("DROP TABLE article_versions", "no table article_versions"),
    ("ALTER TABLE articles DROP COLUMN etag", "articles has no stored column etag"),
    ("DROP INDEX idx_article_versions_article_id_fetched_at", "an index of article_versions is missing"),
    ("DROP TABLE frontier; CREATE VIRTUAL TABLE frontier USING fts5(url_key, portal, url, state, discovered_at, "
     "done_at)", "frontier is a virtual table in this shard"),
])
def test_merge_refuses_a_shard_of_another_schema_in_one_line(tmp_path, target, damage, message):
    shard = make_shard(tmp_path / "n1" / "archive.db")
    conn = sqlite3.connect(shard)
    conn.executescript(damage)
    conn.close()
    before = checksums(target)
    assert message in refused(shard, target)
    assert checksums(target) == before


def test_merge_refuses_a_file_that_is_not_a_database(tmp_path, target):
    shard = tmp_path / "n1" / "archive.db"
    shard.parent.mkdir()
    shard.write_bytes(os.urandom(8192))
    assert "not merged: file is not a database" in refused(shard, target)


def test_merge_never_runs_a_view_in_place_of_a_table(tmp_path, target):
    """A shard whose ``articles`` is a view that never ends (an infinite recursive query): refused unread."""
    shard = make_shard(tmp_path / "n1" / "archive.db")
    conn = sqlite3.connect(shard)
    columns = [r[1] for r in conn.execute("PRAGMA table_info(articles)")]
    conn.executescript("DROP TABLE articles; CREATE VIEW articles AS WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL "
                       f"SELECT n + 1 FROM r) SELECT {', '.join(f'n AS {c}' for c in columns)} FROM r")
    conn.close()
    assert "articles is a view in this shard, not a table" in refused(shard, target)


def test_each_query_on_a_shard_is_bounded_in_time(tmp_path, target):
    """A statement on the shard running past --query-timeout is interrupted; the target is left unchanged."""
    shard = make_shard(tmp_path / "n1" / "archive.db", frontier=3000)
    before = checksums(target)
    assert "a query on this shard ran past 1e-06 s; not merged" in refused(shard, target, "--query-timeout", "1e-6")
    assert checksums(target) == before
    with pytest.raises(MergeError, match="ran past"):
        merge_shards([shard], target, query_timeout=1e-6)
    assert checksums(target) == before
    merge_shards([shard], target)  # with the default limit it merges
    assert rows(target, "SELECT count(*) AS n FROM frontier WHERE url_key LIKE 'q%'") == [{"n": 3000}]


# --- the shard itself is never changed -------------------------------------------------------------------

def test_merge_leaves_the_shard_file_untouched(tmp_path, target):
    shard = make_shard(tmp_path / "n1" / "archive.db")
    conn = sqlite3.connect(shard)
    conn.execute("PRAGMA journal_mode = DELETE")  # as copied from a node: no -wal beside it
    conn.execute("INSERT INTO search_queue (article_id) SELECT id FROM articles")  # an index update pending
    conn.commit()
    conn.close()
    digest, listing = sha256(shard), sorted(os.listdir(shard.parent))
    merge_shards([shard], target)
    assert rows(target, "SELECT count(*) AS n FROM articles WHERE url_key = 'k1'") == [{"n": 1}]
    assert sha256(shard) == digest
    assert sorted(os.listdir(shard.parent)) == listing


def test_merge_migrates_an_older_shard_in_a_copy(tmp_path, target):
    path = tmp_path / "old" / "archive.db"
    path.parent.mkdir()
    db = sqlite_utils.Database(sqlite3.connect(path))
    old = len(archive.MIGRATIONS) - 1
    for step in archive.MIGRATIONS[:old]:
        with archive.transaction(db):
            step(db)
    db.execute(f"PRAGMA user_version = {old}")
    db["portals"].insert({"slug": "p", "name": "P", "first_crawled_at": FETCHED, "last_crawled_at": FETCHED})
    db["articles"].insert({"url": "http://p/old", "url_key": "old", "portal": "p", "title": "T old",
                           "body_text": "body old", "content_hash": "h-old", "first_seen_at": FETCHED,
                           "last_seen_at": FETCHED, "fetched_at": FETCHED})
    db.conn.commit()
    db.conn.close()
    digest = sha256(path)
    merge_shards([path], target)
    assert rows(target, "SELECT title FROM articles WHERE url_key = 'old'") == [{"title": "T old"}]
    assert sha256(path) == digest
    assert rows(path, "PRAGMA user_version") == [{"user_version": old}]
    assert [p.name for p in target.parent.iterdir() if p.name.startswith(".merge-")] == []
