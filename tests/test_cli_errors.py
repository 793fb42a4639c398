"""Bad input: one clear line on stderr, a non-zero exit, never a traceback, archived data untouched."""
from __future__ import annotations

import sqlite3

from portal_archive.archive.paths import logs_dir
from tests.conftest import cli, run_cli


def assert_clean_error(proc, *needles):
    assert proc.returncode != 0
    assert "Traceback" not in proc.stderr + proc.stdout
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, proc.stderr
    for needle in needles:
        assert needle in lines[0], lines[0]


def test_unknown_portal(tmp_path):
    assert_clean_error(cli("crawl", "no-such-portal", "--db", tmp_path / "a.db"), "unknown portal", "no-such-portal")
    assert not (tmp_path / "a.db").exists()


def test_missing_page_file(tmp_path):
    assert_clean_error(cli("extract", tmp_path / "missing.html", "--url", "http://x.vn/a"), "missing.html")


def test_archive_path_is_directory(tmp_path):
    assert_clean_error(cli("stats", "--db", tmp_path), "directory")


def test_archive_not_a_database(tmp_path):
    bogus = tmp_path / "notes.db"
    bogus.write_text("these are my notes, not a database\n" * 100)
    assert_clean_error(cli("stats", "--db", bogus), "notes.db")
    assert bogus.read_text().startswith("these are my notes")


def test_missing_archive_for_stats(tmp_path):
    assert_clean_error(cli("stats", "--db", tmp_path / "none.db"), "no archive")


def database_with_a_row(path):
    """A SQLite file holding a row the failing command must leave alone."""
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE keepme (x)")
    conn.execute("INSERT INTO keepme VALUES (42)")
    conn.commit()
    conn.close()
    return path


def test_unknown_portal_does_not_touch_existing_archive(tmp_path):
    db = database_with_a_row(tmp_path / "keep.db")
    assert_clean_error(cli("crawl", "nope", "--db", db), "unknown portal")
    assert sqlite3.connect(db).execute("SELECT x FROM keepme").fetchall() == [(42,)]


def test_scrapy_crawl_with_unknown_portal_is_one_clean_error():
    import subprocess
    import sys

    from tests.conftest import ROOT

    proc = subprocess.run([sys.executable, "-m", "scrapy", "crawl", "portal", "-a", "portal=nope",
                           "-s", "LOG_LEVEL=ERROR"], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    from crawler.profiles import list_slugs

    assert [line for line in proc.stderr.splitlines() if line.startswith("Error:")] == [
        f"Error: unknown portal 'nope' (known: {', '.join(list_slugs())})"]


def test_output_into_a_closed_pipe_stops_quietly(tmp_path):
    """`portal-archive search ... | head -1`: the reader leaves early; no error line, no traceback."""
    import subprocess

    from portal_archive import archive
    from tests.conftest import BIN
    from tests.test_search_scale import _new_archive, _records

    db = tmp_path / "archive.db"
    store = _new_archive(db)
    archive.store_batch(store, _records(400))  # a listing longer than a pipe holds
    store.conn.close()
    proc = subprocess.Popen([str(BIN / "portal-archive"), "search", "dan", "--db", str(db), "--limit", "0"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert b"articles match" in proc.stdout.readline()  # read one line, then leave
    proc.stdout.close()
    _, err = proc.communicate(timeout=60)
    assert err == b""  # before: "Error: [Errno 32] Broken pipe"
    assert db.exists()
    assert sqlite3.connect(db).execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_bad_setting_value_is_one_clean_error(tmp_path):
    """Scrapy refuses to start the crawl (a component's from_crawler raises): one line, exit 1, data kept."""
    db = database_with_a_row(tmp_path / "keep.db")
    for setting, needle in (("WARC_COMPRESSION=best", "WARC_COMPRESSION must be one of fast, small"),
                            ("ARCHIVE_BATCH_SIZE=many", "invalid literal for int()")):
        proc = run_cli("crawl", "travinh-replica", "--db", db, "--base-url", "http://127.0.0.1:9", "--set", setting)
        assert_clean_error(proc, "travinh-replica: crawl not started", needle)
    assert sqlite3.connect(db).execute("SELECT x FROM keepme").fetchall() == [(42,)]
    logs = sorted(logs_dir(db).glob("*.log"))
    assert logs
    assert "Traceback" in logs[-1].read_text()  # the details stay in the run's log file


def test_scrapy_crawl_with_a_bad_setting_value_is_one_clean_error(tmp_path):
    import subprocess
    import sys

    from tests.conftest import ROOT

    proc = subprocess.run([sys.executable, "-m", "scrapy", "crawl", "portal", "-a", "portal=travinh-replica",
                           "-a", "base_url=http://127.0.0.1:9", "-s", "WARC_COMPRESSION=best", "-s", "LOG_LEVEL=ERROR",
                           "-s", f"ARCHIVE_DB={tmp_path / 'a.db'}"], cwd=ROOT, capture_output=True, text=True,
                          timeout=60)
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    assert [line for line in proc.stderr.splitlines() if line.strip()] == [
        "Error: crawl not started: WARC_COMPRESSION must be one of fast, small, not 'best'"]
