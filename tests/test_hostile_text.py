"""Archived text from hostile pages: control characters (terminal escapes, bidi overrides) are stripped when a page
is normalised (its bytes stay in the WARC) and escaped by every command that prints archived text; image sources
that are not http(s) are never rendered as links or images in Datasette."""
from __future__ import annotations

import asyncio
import csv
import io
import json
import os
import pty
import subprocess
from types import SimpleNamespace

import pytest
from warcio.archiveiterator import ArchiveIterator

from portal_archive import archive
from replica import server
from tests.conftest import BIN, ROOT, cli, rows, run_cli
from tests.faults.helpers import crawl
from tests.vn_archive import build_archive, record

SLUG = "danvan-replica"
# ESC [2J clears the screen, OSC 0;… BEL sets the window title, U+009B is an 8-bit CSI, U+202E reverses the line
HOSTILE_TITLE = "Hội thi \x1b[2J\x1b]0;pwned\x07đờn ca tài tử \x9b31m\u202eXylophon trên sông"
HOSTILE_PARAGRAPH = "Đoàn nghệ thuật Xylophon biểu diễn \x1b[5m\x1b]52;c;ZWNobyBo\x07 tại nhà văn hóa."
HOSTILE_PORTAL = "travinh\x1b]0;x\x07"
RAW = ("\x1b", "\x07", "\x9b", "\u202e")


def _no_raw_controls(text: str) -> list[str]:
    """The control characters of ``RAW`` found in ``text`` (expected: none)."""
    return [c for c in RAW if c in text]


@pytest.fixture(scope="module")
def hostile_crawl(tmp_path_factory):
    """A replica portal one of whose articles has escape sequences in its title and text, crawled."""
    db = tmp_path_factory.mktemp("hostile-text") / "archive.db"
    with server.start([SLUG], articles=6) as rep:
        site = rep.sites[SLUG]
        path = site.items[-1].path
        site.edit(path, title=HOSTILE_TITLE, paragraphs=[HOSTILE_PARAGRAPH, *site.by_path[path].paragraphs])
        proc = crawl(db, rep.base_urls[SLUG])
        assert proc.returncode == 0, proc.stderr[-3000:]
    return db


def test_control_characters_are_stripped_from_crawled_text(hostile_crawl):
    [article] = rows(hostile_crawl, "SELECT title, body_text FROM articles WHERE title LIKE '%Xylophon%'")
    assert article["title"] == "Hội thi [2J]0;pwnedđờn ca tài tử 31mXylophon trên sông"
    assert _no_raw_controls(article["body_text"]) == []
    assert "biểu diễn [5m]52;c;ZWNobyBo tại nhà văn hóa." in article["body_text"]


def test_the_warc_keeps_the_page_bytes_with_their_control_characters(hostile_crawl):
    [ref] = rows(hostile_crawl, "SELECT warc_file, warc_offset FROM articles WHERE title LIKE '%Xylophon%'")
    with open(hostile_crawl.parent / "warc" / ref["warc_file"], "rb") as fh:
        fh.seek(ref["warc_offset"])
        capture = next(iter(ArchiveIterator(fh)))
        body = capture.content_stream().read()
    assert "\x1b]0;pwned\x07".encode() in body


@pytest.mark.parametrize("fmt", ["table", "json", "csv"])
def test_search_of_a_hostile_page_prints_no_control_characters(hostile_crawl, fmt):
    proc = run_cli("search", "xylophon", "--db", hostile_crawl, "--format", fmt, check=True)  # stdout is a pipe
    assert "Xylophon" in proc.stdout
    assert _no_raw_controls(proc.stdout) == []


@pytest.fixture(scope="module")
def raw_archive(tmp_path_factory):
    """An archive holding control characters as stored by a version before this normalisation (or merged from
    a shard that did): every printing command must escape them."""
    path = tmp_path_factory.mktemp("raw-controls") / "archive.db"
    db = build_archive(path)
    archive.upsert_portal(db, SimpleNamespace(slug=HOSTILE_PORTAL, name="Cổng \x1b[2J", kind="province", family="test",
                                              domains=[], start_urls=[]), "2024-07-01T03:00:00+00:00")
    archive.store_batch(db, [{**record("danvan"), "url": "https://travinh.gov.vn/tin-tuc/x.html",
                              "url_key": "https://travinh.gov.vn/tin-tuc/x.html", "content_hash": "raw-controls",
                              "title": HOSTILE_TITLE, "body_text": HOSTILE_PARAGRAPH, "byline": "Ngọc\u202e Trâm",
                              "portal": HOSTILE_PORTAL}])
    db.conn.close()
    return path


def test_search_table_escapes_archived_control_characters(raw_archive):
    out = run_cli("search", "xylophon", "--db", raw_archive, check=True).stdout
    assert _no_raw_controls(out) == []
    assert "Hội thi \\x1b[2J\\x1b]0;pwned\\x07đờn ca tài tử \\x9b31m\\u202eXylophon" in out  # shown, not lost


def test_search_json_is_lossless_and_escaped(raw_archive):
    out = run_cli("search", "xylophon", "--db", raw_archive, "--format", "json", check=True).stdout
    assert _no_raw_controls(out) == []
    assert json.loads(out)[0]["title"] == HOSTILE_TITLE


def test_search_csv_escapes_archived_control_characters(raw_archive):
    out = run_cli("search", "xylophon", "--db", raw_archive, "--format", "csv", check=True).stdout
    assert _no_raw_controls(out) == []
    assert next(csv.DictReader(io.StringIO(out)))["byline"] == "Ngọc\\u202e Trâm"


@pytest.mark.parametrize("args", [("export",), ("export", "--format", "csv"), ("stats",)])
def test_export_and_stats_escape_archived_control_characters(raw_archive, args):
    out = cli(*args, "--db", raw_archive, check=True).stdout
    assert "travinh" in out
    assert _no_raw_controls(out) == []


def test_search_on_a_terminal_prints_only_its_own_highlighting(raw_archive):
    """On a terminal the hits are highlighted with SGR codes: those are the only escape sequences printed."""
    master, slave = pty.openpty()
    proc = subprocess.Popen([str(BIN / "portal-archive"), "search", "xylophon", "--db", str(raw_archive)],
                            cwd=ROOT, stdin=subprocess.DEVNULL, stdout=slave, stderr=subprocess.PIPE)
    os.close(slave)
    out = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # EIO: the other side closed
            break
        if not chunk:
            break
        out += chunk
    os.close(master)
    assert proc.wait(timeout=60) == 0, proc.stderr.read()
    assert b"\x1b[1;33m" in out
    assert _no_raw_controls(out.replace(b"\x1b[1;33m", b"").replace(b"\x1b[0m", b"").decode("utf-8")) == []


# --- Datasette: only http(s) image sources become images and links ----------------------------------

HOSTILE_SOURCES = ("javascript:alert(document.cookie)", "JavaScript:alert(1)",
                   "data:text/html,<script>alert(2)</script>", "vbscript:msgbox(3)")


@pytest.fixture(scope="module")
def ds_hostile(tmp_path_factory):
    from portal_archive.datasette import make_datasette

    path = tmp_path_factory.mktemp("ds-hostile") / "archive.db"
    db = build_archive(path)
    archive.store_batch(db, [{**record("caption_only"), "url": "https://soctrang.gov.vn/tin-tuc/js.html",
                              "url_key": "https://soctrang.gov.vn/tin-tuc/js.html", "content_hash": "js",
                              "images": [{"src": src, "caption": "Ảnh độc"} for src in HOSTILE_SOURCES]}])
    db.conn.close()
    return make_datasette(path)


@pytest.mark.parametrize("page", ["/archive/images", "/archive/images_gallery"])
def test_datasette_renders_no_link_or_image_for_non_http_sources(ds_hostile, page):
    html = asyncio.run(ds_hostile.client.get(page + "?_size=max")).text.lower()
    for scheme in ("javascript:", "data:", "vbscript:"):
        assert f'href="{scheme}' not in html
        assert f'src="{scheme}' not in html
    assert "javascript:alert(document.cookie)" in html  # shown as text
    assert '<a href="https://soctrang.gov.vn/img/ghe-ngo.jpg"' in html  # an http(s) image is still a link


def test_extract_prints_the_normalised_title_without_control_characters(tmp_path):
    page = tmp_path / "page.html"
    page.write_text(f"<html><head><title>{HOSTILE_TITLE}</title></head><body><h1>{HOSTILE_TITLE}</h1>"
                    f"<div class='content'><p>{HOSTILE_PARAGRAPH}</p><p>{HOSTILE_PARAGRAPH}</p></div></body></html>",
                    encoding="utf-8")
    out = cli("extract", page, "--url", "https://travinh.gov.vn/tin-tuc/x.html", check=True).stdout
    assert _no_raw_controls(out) == []
    assert json.loads(out)["title"] == "Hội thi [2J]0;pwnedđờn ca tài tử 31mXylophon trên sông"
