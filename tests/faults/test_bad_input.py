"""Bad input from users and hostile environments: search queries, CLI arguments, profile TOML, unreadable
pages, a read-only archive. Clear one-line errors, nothing executed but the search, nothing corrupted."""
from __future__ import annotations

import os
import sqlite3

import pytest

from tests.conftest import cli, run_cli

QUERIES = ['\'; DROP TABLE articles; --', '"unterminated', "a AND", "(dân vận", "NOT", "OR OR", "*", "dan*van",
           "", "   ", "x" * 10_000, "dân " * 2_500, "\x00\x01\x1b[31m", "\u202e\u200b", "title:abc", "NEAR(a b)",
           "a\"b", "🎉", "đà nẵng\ttab"]


CLI_QUERIES = [QUERIES[i] for i in (0, 1, 8, 11, 12, 13)]  # the library test below takes them all


@pytest.mark.parametrize("query", CLI_QUERIES, ids=range(len(CLI_QUERIES)))
def test_search_survives_any_query(crawled_db, query):
    before = sqlite3.connect(crawled_db).execute("SELECT count(*) FROM articles").fetchone()[0]
    proc = run_cli("search", query.replace("\x00", ""), "--db", crawled_db, "--format", "json", timeout=60)  # argv: no NUL
    assert proc.returncode in (0, 1, 2), proc.stderr
    assert "Traceback" not in proc.stderr
    if proc.returncode:
        assert proc.stderr.startswith("Error:"), proc.stderr
        assert len(proc.stderr.strip().splitlines()) == 1, proc.stderr
    after = sqlite3.connect(crawled_db).execute("SELECT count(*) FROM articles").fetchone()[0]
    assert after == before


def test_library_search_raises_only_search_error(crawled_db):
    from portal_archive import archive

    db = archive.open_archive(crawled_db, create=False)
    for query in [*QUERIES, "dân\x00vận"]:
        try:
            archive.search(db, query, limit=5)
            archive.search_count(db, query)
        except archive.SearchError as exc:
            assert "\n" not in str(exc)
    assert db.execute("SELECT count(*) FROM articles").fetchone()[0] > 0
    with pytest.raises(archive.SearchError, match="query too long"):
        archive.search(db, "dân " * 2_500)


@pytest.mark.parametrize("args, message", [
    (("crawl", "no-such-portal", "--db", "{db}"), "unknown portal"),
    (("export", "--db", "{db}", "--since", "32/13/2024"), "cannot read date"),
    (("export", "--db", "{db}", "--since", "'; DROP TABLE articles; --"), "cannot read date"),
    (("crawl", "danvan-replica", "--db", "{db}", "--refresh-older-than", "soon"), "bad age"),
    (("extract", "{missing}", "--url", "http://x/"), "no such file"),
])
def test_cli_bad_arguments_are_one_line_errors(tmp_path, crawled_db, args, message):
    args = [a.format(db=crawled_db, missing=tmp_path / "missing.html") for a in args]
    proc = cli(*args)
    assert proc.returncode != 0
    assert message in proc.stderr
    assert "Traceback" not in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1, proc.stderr


@pytest.mark.parametrize("body, where", [
    ('slug = "t"\nname = "T"\nstart_urls = ["http://a.vn/"]\n[urls]\nmax_articles = 5 5\n', "line 5, column 18, key 'max_articles'"),
    ('slug = "t"\nname = "T\nstart_urls = ["http://a.vn/"]\n', "line 2, column 10, key 'name'"),
    ('slug = "t"\nname = "T"\nstart_urls = ["http://a.vn/"]\n[politeness]\nconcurrency = "hai"\n', "line 5: [politeness] concurrency"),
    ('slug = "t"\nname = "T"\nstart_urls = [\n  "http://a.vn/",\n  oops\n]\n', "line 5, column 3, key 'start_urls'"),
])
def test_malformed_profile_error_names_file_line_and_key(tmp_path, body, where):
    profile = tmp_path / "broken.toml"
    profile.write_text(body, encoding="utf-8")
    proc = run_cli("crawl", profile, "--db", tmp_path / "a.db", timeout=60)
    assert proc.returncode == 1
    assert str(profile) in proc.stderr, proc.stderr
    assert where in proc.stderr, proc.stderr
    assert "Traceback" not in proc.stderr


@pytest.mark.parametrize("content", [b"", b"\x00" * 5000, bytes(range(256)) * 200, b"\xff\xfe\x00\xd8",
                                     b"<html>" + b"<div>" * 10_000, "Tiêu đề".encode("utf-16"),
                                     b"\x1f\x8b\x08\x00garbage"])
def test_extract_unreadable_pages(tmp_path, content):
    page = tmp_path / "page.html"
    page.write_bytes(content)
    proc = cli("extract", page, "--url", "http://tinh.gov.vn/a.html")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.lstrip().startswith("{")


def test_extract_unreadable_file(tmp_path):
    if os.geteuid() == 0:
        pytest.skip("root reads any file")
    page = tmp_path / "page.html"
    page.write_bytes(b"<html></html>")
    page.chmod(0)
    proc = cli("extract", page, "--url", "http://tinh.gov.vn/a.html")
    assert proc.returncode == 1
    assert "Permission denied" in proc.stderr
