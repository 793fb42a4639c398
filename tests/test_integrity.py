"""Archive integrity with real crawls of the replica: resume after kill -9, a reader during a crawl,
WARC captures that validate, and re-extraction from WARC that reproduces the rows."""
from __future__ import annotations

import base64
import hashlib
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time

import pytest
from warcio.archiveiterator import ArchiveIterator

from tests.conftest import ROOT, run_cli

SLUG = "danvan-replica"


def scrapy_crawl(db, base, *settings):
    args = [sys.executable, "-m", "scrapy", "crawl", "portal", "-a", f"portal={SLUG}", "-a", f"base_url={base}",
            "-s", f"ARCHIVE_DB={db}", "-s", "LOG_LEVEL=WARNING"]
    for s in settings:
        args += ["-s", s]
    return subprocess.Popen(args, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def count(db, sql="SELECT count(*) FROM articles"):
    conn = sqlite3.connect(db, timeout=30)
    try:
        return conn.execute(sql).fetchone()[0]
    except sqlite3.OperationalError:
        return 0
    finally:
        conn.close()


ARTICLE_FIELDS = "url, title, body_text, published_at, published_raw, byline, content_hash"


def article_rows(db):
    conn = sqlite3.connect(db)
    try:
        rows = conn.execute(f"SELECT {ARTICLE_FIELDS}, (SELECT group_concat(src || '|' || coalesce(caption, ''), '\n') "
                            "FROM images i WHERE i.article_id = a.id ORDER BY position) FROM articles a ORDER BY url")
        return rows.fetchall()
    finally:
        conn.close()


def test_kill_9_mid_crawl_then_resume_loses_nothing_and_stores_nothing_twice(replica_live, tmp_path):
    db, base = tmp_path / "resume.db", replica_live.base_urls[SLUG]
    total = len(replica_live.sites[SLUG].articles)
    slow = ("PORTAL_IGNORE_PROFILE_POLITENESS=1", "DOWNLOAD_DELAY=0.1", "CONCURRENT_REQUESTS_PER_DOMAIN=1",
            "AUTOTHROTTLE_ENABLED=0", "ARCHIVE_BATCH_SIZE=5")
    proc = scrapy_crawl(db, base, *slow)
    deadline = time.time() + 180
    while count(db) < 20 and time.time() < deadline and proc.poll() is None:
        time.sleep(0.1)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    partial = count(db)
    assert 20 <= partial < total
    assert count(db, "PRAGMA integrity_check") == "ok"
    assert count(db, "SELECT count(*) FROM frontier WHERE state = 'pending'") > 0

    proc = scrapy_crawl(db, base)
    _, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err[-2000:]
    assert count(db) == total
    assert count(db, "SELECT count(DISTINCT url_key) FROM articles") == total
    assert count(db, "SELECT count(*) FROM frontier WHERE state = 'pending'") == 0
    conn = sqlite3.connect(db)
    statuses = [r[0] for r in conn.execute("SELECT status FROM crawl_runs ORDER BY id")]
    assert statuses == ["interrupted", "ok"]
    new_first, new_second = [r[0] for r in conn.execute("SELECT articles_new FROM crawl_runs ORDER BY id")]
    assert new_second == total - partial  # the resumed run fetched only what was missing
    # WARC files are readable up to the last complete record, including the one cut by the kill
    for path in (db.parent / "warc").glob("*.warc.gz"):
        with open(path, "rb") as fh:
            try:
                for _ in ArchiveIterator(fh):
                    pass
            except Exception as exc:  # only a truncated tail is acceptable
                assert "incomplete" in str(exc).lower() or isinstance(exc, (EOFError, OSError)), exc


@pytest.mark.parametrize("settings", [("ARCHIVE_BATCH_SIZE=3",),
                                      ("ARCHIVE_BATCH_SIZE=100000", "ARCHIVE_FLUSH_INTERVAL=0")],
                         ids=["by-size", "by-time"])
def test_reader_can_query_while_a_crawl_writes(replica_live, tmp_path, settings):
    """Batches are written while the crawl runs, when full or when their oldest record has waited
    ``ARCHIVE_FLUSH_INTERVAL`` seconds, and a reader meanwhile always sees a consistent, growing archive."""
    db, base = tmp_path / "busy.db", replica_live.base_urls[SLUG]
    run_cli("crawl", SLUG, "--db", db, "--base-url", "http://127.0.0.1:9/", check=False)  # creates the schema
    errors, seen = [], []
    stop = threading.Event()

    def reader():
        conn = sqlite3.connect(db, timeout=10)
        while not stop.is_set():
            try:
                seen.append(conn.execute("SELECT count(*) FROM articles").fetchone()[0])
            except sqlite3.Error as exc:
                errors.append(exc)
            time.sleep(0.01)
        conn.close()

    thread = threading.Thread(target=reader)
    thread.start()
    proc = scrapy_crawl(db, base, *settings)
    _, err = proc.communicate(timeout=300)
    stop.set()
    thread.join()
    assert proc.returncode == 0, err[-2000:]
    assert errors == []
    assert len(seen) > 50
    assert seen == sorted(seen)
    assert seen[-1] == len(replica_live.sites[SLUG].articles)
    assert len(set(seen)) > 10  # written in many batches during the crawl, not all at its end


def test_warc_captures_validate_and_reextract_reproduces_rows(crawled_db, tmp_path):
    warc_dir = crawled_db.parent / "warc"
    files = sorted(warc_dir.glob("*.warc.gz"))
    assert files
    responses = 0
    for path in files:
        with open(path, "rb") as fh:
            for record in ArchiveIterator(fh):
                if record.rec_type != "response":
                    continue
                body = record.content_stream().read()
                algo, digest = record.rec_headers.get_header("WARC-Payload-Digest").split(":", 1)
                assert algo == "sha1"
                assert base64.b32encode(hashlib.sha1(body).digest()).decode() == digest
                responses += 1
    conn = sqlite3.connect(crawled_db)
    pages = conn.execute("SELECT sum(pages_fetched) FROM crawl_runs").fetchone()[0]
    assert responses == pages
    assert conn.execute("SELECT count(*) FROM articles WHERE warc_file IS NULL OR payload_digest IS NULL").fetchone()[0] == 0

    rebuilt = tmp_path / "rebuilt.db"
    out = run_cli("reextract", "--db", rebuilt, "--warc-dir", warc_dir, check=True)
    assert f"new {len(article_rows(crawled_db))}" in out.stdout
    assert article_rows(rebuilt) == article_rows(crawled_db)


def test_each_article_row_points_at_its_own_gzip_member(crawled_db):
    """``warc_offset`` is a random-access address: the response record starts there, as its own gzip member
    (what WARC readers and replay tools rely on), holding the body whose digest the row stores."""
    import gzip
    import zlib

    warc_dir = crawled_db.parent / "warc"
    conn = sqlite3.connect(crawled_db)
    rows = conn.execute("SELECT url, warc_file, warc_offset, warc_record_id, payload_digest FROM articles").fetchall()
    assert rows
    for url, warc_file, offset, record_id, digest in rows:
        with open(warc_dir / warc_file, "rb") as fh:
            fh.seek(offset)
            assert fh.read(2) == b"\x1f\x8b", f"{url}: no gzip member at {offset}"
            fh.seek(offset)
            record = next(iter(ArchiveIterator(fh)))
            assert record.rec_type == "response"
            assert record.rec_headers.get_header("WARC-Record-ID") == record_id
            assert record.rec_headers.get_header("WARC-Payload-Digest") == digest
            fh.seek(offset)
            member = zlib.decompressobj(zlib.MAX_WBITS + 16)
            member.decompress(fh.read())
            assert member.eof  # the member ends where the record ends: the request record is the next member
    with gzip.open(warc_dir / rows[0][1]) as whole:  # and the file is a valid multi-member gzip stream
        head = whole.read(4096)
    assert head.startswith(b"WARC/1.0\r\nWARC-Type: warcinfo")
    assert b"format: WARC File Format 1.0" in head  # the warcinfo names the version the records carry


def test_both_warc_compressions_write_standard_gzip_members(replica_live, tmp_path):
    """``WARC_COMPRESSION`` fast (ISA-L) and small (zlib): each record its own gzip member that Python's own
    gzip and warcio read back byte for byte, at the offset the writer reports."""
    import gzip
    import urllib.request

    from crawler import warc

    pages = []
    for truth in replica_live.sites[SLUG].articles[:5]:
        url = replica_live.base_urls[SLUG] + truth["path"]
        with urllib.request.urlopen(url, timeout=10) as resp:
            pages.append((url, resp.read()))
    sizes = {}
    for compression in warc.COMPRESSION:
        writer = warc.WarcFileWriter(tmp_path / compression, SLUG, 1 << 30, compression)
        spots = [writer.write(url, [("User-Agent", "t")], "GET", 200, "OK", [("Content-Type", "text/html")],
                              body, "127.0.0.1") for url, body in pages]
        writer.close()
        path = writer.path
        sizes[compression] = path.stat().st_size
        with open(path, "rb") as fh:
            for (url, body), spot in zip(pages, spots):
                fh.seek(spot["offset"])
                record = next(iter(ArchiveIterator(fh)))
                assert record.rec_headers.get_header("WARC-Target-URI") == url
                assert record.content_stream().read() == body
        assert gzip.decompress(path.read_bytes()).count(b"WARC/1.0\r\n") == 1 + 2 * len(pages)
    assert sizes["fast"] < 1.5 * sizes["small"]  # faster, not much bigger


def test_warc_records_are_the_ones_warcio_writes(tmp_path):
    """The writer formats records itself (for speed); they are byte for byte what warcio's ``WARCWriter`` writes
    for the same exchange, record ids and dates aside, non-ASCII header values (percent-encoded) included."""
    import gzip
    import io
    import re

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    from crawler import warc

    exchanges = [
        ("http://127.0.0.1:8/a%20b?x=%C3%A9", 200, "OK", [("Content-Type", "text/html; charset=utf-8")], b"<p>x</p>"),
        ("http://127.0.0.1:8/", 404, "Not Found", [("Server", "IIS"), ("Set-Cookie", "a=b; path=/")], b""),
        ("http://127.0.0.1:8/t.aspx", 599, "", [("Content-Disposition", "attachment; filename=b\xe1o.pdf"),
                                                ("X-Title", "Tin t\xe1c")], bytes(range(256)) * 40),
    ]
    request_headers = [("User-Agent", "portal-archive/0.1"), ("Accept", "text/html"), ("Referer", "http://127.0.0.1:8/")]
    writer = warc.WarcFileWriter(tmp_path / "ours", "t", 1 << 30)
    for url, status, reason, headers, body in exchanges:
        writer.write(url, request_headers, "GET", status, reason, headers, body, "127.0.0.1")
    writer.close()
    ours = gzip.decompress(writer.path.read_bytes())

    out = io.BytesIO()
    ref = WARCWriter(out, gzip=False)
    ref.write_record(ref.create_warcinfo_record(writer.path.name, {
        "software": "portal-archive (warcio)", "hostname": __import__("socket").gethostname(),
        "format": "WARC File Format 1.0"}))
    for url, status, reason, headers, body in exchanges:
        http = StatusAndHeaders(f"{status} {reason}".strip(), headers + [("Content-Length", str(len(body)))],
                                protocol="HTTP/1.1")
        response = ref.create_warc_record(url, "response", payload=io.BytesIO(body), length=len(body),
                                          http_headers=http, warc_headers_dict={"WARC-IP-Address": "127.0.0.1"})
        ref.write_record(response)
        record_id = response.rec_headers.get_header("WARC-Record-ID")
        ref.write_record(ref.create_warc_record(
            url, "request", payload=io.BytesIO(b""), length=0,
            http_headers=StatusAndHeaders(f"GET {url.split('8', 1)[1]} HTTP/1.1", request_headers, is_http_request=True),
            warc_headers_dict={"WARC-Concurrent-To": record_id}))

    def masked(data: bytes) -> bytes:
        data = re.sub(rb"<urn:uuid:[0-9a-f-]+>", b"<id>", data)
        return re.sub(rb"WARC-Date: [0-9TZ:-]+", b"WARC-Date: D", data)

    assert b"filename*=UTF-8''" in ours  # the non-ASCII value went through warcio's rule
    assert masked(ours) == masked(out.getvalue())
