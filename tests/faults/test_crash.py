"""Unusable archive paths: a clear one-line error, no crawl started, nothing overwritten."""
from __future__ import annotations

from tests.conftest import run_cli


def test_archive_under_a_file_is_a_clear_error(tmp_path):
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("x")
    proc = run_cli("crawl", "danvan-replica", "--db", blocker / "a.db", "--base-url", "http://127.0.0.1:9/", timeout=60)
    assert proc.returncode == 1
    assert "cannot create archive directory" in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1
    assert blocker.read_text() == "x"


def test_a_file_that_is_not_an_archive_is_left_untouched(tmp_path):
    db = tmp_path / "a.db"
    junk = b"this is not a database\n" * 100
    db.write_bytes(junk)
    proc = run_cli("crawl", "danvan-replica", "--db", db, "--base-url", "http://127.0.0.1:9/", timeout=60)
    assert proc.returncode == 1
    assert "cannot use archive" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert db.read_bytes() == junk
    assert run_cli("stats", "--db", db).returncode == 1
    assert db.read_bytes() == junk
