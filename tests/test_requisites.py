"""Page requisites (images, logos) captured into the WARC and served from it; replay with pywb; WACZ export.

Real crawls of the replica (which serves a generated JPEG per image URL), a real Datasette, a real pywb server
and the real ``wacz validate``; the replica is stopped before anything is read back."""
from __future__ import annotations

import asyncio
import base64
import hashlib
import shutil
import socket
import subprocess
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from warcio.archiveiterator import ArchiveIterator

from portal_archive.archive.exchange import validate_wacz
from replica import server
from replica.images import jpeg
from tests.conftest import BIN, rows, run_cli

SLUG = "nukeviet-replica"
ARTICLES = 12


def sha1_b32(data: bytes) -> str:
    return "sha1:" + base64.b32encode(hashlib.sha1(data).digest()).decode()


def crawl(db, base, *extra):
    return run_cli("crawl", SLUG, "--db", db, "--base-url", base, "--delay", "0", *extra, check=True)


@pytest.fixture(scope="module")
def small_archive(tmp_path_factory):
    """One replica portal crawled with its images, then the replica stopped: (db path, its ground truth, base URL)."""
    db = tmp_path_factory.mktemp("requisites") / "archive.db"
    with server.start([SLUG], articles=ARTICLES) as live:
        crawl(db, live.base_urls[SLUG])
        truth = live.sites[SLUG].articles
        base = live.base_urls[SLUG]
    return db, truth, base


def record_at(warc_dir: Path, warc_file: str, offset: int):
    """(WARC headers, HTTP content type, payload) of the record at ``offset``."""
    with open(warc_dir / warc_file, "rb") as fh:
        fh.seek(offset)
        record = next(iter(ArchiveIterator(fh)))
        return record.rec_headers, record.http_headers.get_header("Content-Type"), record.content_stream().read()


def test_crawl_captures_every_article_image_and_the_logo(crawled_db, replica_live):
    images = rows(crawled_db, "SELECT i.*, a.portal FROM images i LEFT JOIN articles a ON a.id = i.article_id")
    expected = sum(len(a["images"]) for site in replica_live.sites.values() for a in site.articles)
    logos = rows(crawled_db, "SELECT slug, logo_image_id FROM portals")
    assert len([i for i in images if i["article_id"] is not None]) == expected
    assert all(p["logo_image_id"] for p in logos), logos
    assert [i["src"] for i in images if i["capture_status"] != "ok"] == []
    warc_dir = crawled_db.parent / "warc"
    for image in images:
        headers, content_type, body = record_at(warc_dir, image["warc_file"], image["warc_offset"])
        assert headers.get_header("WARC-Type") == "response"
        assert headers.get_header("WARC-Target-URI") == image["src"]
        assert headers.get_header("WARC-Record-ID") == image["warc_record_id"]
        assert content_type == image["content_type"] == "image/jpeg"
        assert sha1_b32(body) == image["payload_digest"] == headers.get_header("WARC-Payload-Digest")
        assert len(body) == image["content_length"]
        assert body == jpeg(urlsplit(image["src"]).path)  # the replica's own bytes for that URL


def test_each_image_url_is_fetched_once_and_every_row_points_at_that_capture(crawled_db):
    warc_dir = crawled_db.parent / "warc"
    image_records: dict[str, int] = {}
    for path in warc_dir.glob("*.warc.gz"):
        with open(path, "rb") as fh:
            for record in ArchiveIterator(fh):
                if record.rec_type == "response" and \
                        (record.http_headers.get_header("Content-Type") or "").startswith("image/"):
                    url = record.rec_headers.get_header("WARC-Target-URI")
                    image_records[url] = image_records.get(url, 0) + 1
    assert image_records
    assert {url: n for url, n in image_records.items() if n > 1} == {}
    per_src = rows(crawled_db, "SELECT src, count(DISTINCT warc_record_id) AS captures FROM images GROUP BY src")
    assert {r["src"] for r in per_src} == set(image_records)
    assert [r for r in per_src if r["captures"] != 1] == []
    digests = rows(crawled_db, "SELECT count(DISTINCT payload_digest) AS n FROM images")[0]["n"]
    assert digests == len(per_src)  # the replica draws a picture of its own for every image URL


def test_a_run_adopts_earlier_captures_instead_of_fetching_again(small_archive, tmp_path):
    db, truth, _ = small_archive
    copy = tmp_path / "archive.db"
    shutil.copy(db, copy)
    shutil.copytree(db.parent / "warc", tmp_path / "warc")
    from portal_archive import archive

    handle = archive.open_archive(copy)
    src, record = handle.execute("SELECT src, warc_record_id FROM images WHERE article_id IS NOT NULL "
                                 "AND capture_status = 'ok' LIMIT 1").fetchone()
    article = handle.execute("SELECT id FROM articles LIMIT 1").fetchone()[0]
    handle.execute("INSERT INTO images (article_id, position, src) VALUES (?, 99, ?)", [article, src])
    handle.conn.commit()
    assert archive.images_to_capture(handle, SLUG) == []  # nothing left to fetch: the new row took the capture
    assert handle.execute("SELECT warc_record_id, capture_status FROM images WHERE position = 99").fetchone() == \
        (record, "ok")
    handle.conn.close()


def test_a_too_large_image_is_refused_and_its_article_still_stored(tmp_path):
    db = tmp_path / "archive.db"
    with server.start([SLUG], articles=ARTICLES) as live:
        crawl(db, live.base_urls[SLUG], "--image-max-mb", "0.001")  # 1 KiB: every replica image is larger
        truth = live.sites[SLUG].articles
    stored = rows(db, "SELECT url FROM articles")
    statuses = rows(db, "SELECT capture_status, count(*) AS n, count(warc_file) AS located FROM images GROUP BY 1")
    run = rows(db, "SELECT status FROM crawl_runs")
    assert len(stored) == len(truth)
    assert [(s["capture_status"], s["located"]) for s in statuses] == [("too_large", 0)]
    assert statuses[0]["n"] == sum(len(a["images"]) for a in truth) + 1  # and the logo
    assert run == [{"status": "ok"}]  # a refused image is no crawl error


def test_the_image_budget_stops_capture_and_says_so(tmp_path):
    db = tmp_path / "archive.db"
    with server.start([SLUG], articles=ARTICLES) as live:
        crawl(db, live.base_urls[SLUG], "--image-budget-mb", "0.006")  # room for two or three replica images
    statuses = {r["capture_status"]: r["n"] for r in
                rows(db, "SELECT capture_status, count(*) AS n FROM images GROUP BY 1")}
    spent = rows(db, "SELECT sum(content_length) AS bytes FROM images WHERE capture_status = 'ok'")[0]["bytes"]
    assert statuses.get("ok", 0) >= 1
    assert statuses.get("budget", 0) >= 1
    assert set(statuses) <= {"ok", "budget"}
    assert spent <= 0.006 * 1024 * 1024


def test_datasette_serves_the_captured_image_with_the_replica_stopped(small_archive):
    from portal_archive.datasette import make_datasette

    db, _, _ = small_archive
    image = rows(db, "SELECT id, src, payload_digest FROM images WHERE article_id IS NOT NULL "
                     "AND capture_status = 'ok' ORDER BY id LIMIT 1")[0]
    logo = rows(db, "SELECT logo_image_id FROM portals")[0]["logo_image_id"]
    ds = make_datasette(db)

    async def get(path):
        return await ds.client.get(path)

    response = asyncio.run(get(f"/-/archive/image/{image['id']}"))
    assert response.status_code == 200
    assert response.headers["content-type"] == "image/jpeg"
    assert response.content == jpeg(urlsplit(image["src"]).path)
    assert sha1_b32(response.content) == image["payload_digest"]
    assert asyncio.run(get(f"/-/archive/image/{logo}")).status_code == 200
    assert asyncio.run(get("/-/archive/image/987654321")).status_code == 404


def test_the_image_route_stays_inside_the_warc_folder(small_archive, tmp_path):
    from portal_archive import archive
    from portal_archive.datasette import make_datasette

    db, _, _ = small_archive
    copy = tmp_path / "archive.db"
    shutil.copy(db, copy)
    shutil.copytree(db.parent / "warc", tmp_path / "warc")
    (tmp_path / "secret.warc.gz").write_bytes((tmp_path / "warc" / next(iter(
        p.name for p in (tmp_path / "warc").glob("*.warc.gz")))).read_bytes())
    handle = archive.open_archive(copy)
    image_id = handle.execute("SELECT id FROM images WHERE capture_status = 'ok' LIMIT 1").fetchone()[0]
    handle.execute("UPDATE images SET warc_file = '../secret.warc.gz' WHERE id = ?", [image_id])
    handle.conn.commit()
    handle.conn.close()
    response = asyncio.run(make_datasette(copy).client.get(f"/-/archive/image/{image_id}"))
    assert response.status_code == 404
    assert "outside" in response.text


def test_reextract_keeps_the_image_captures(small_archive, tmp_path):
    db, _, _ = small_archive
    rebuilt = tmp_path / "rebuilt.db"
    run_cli("reextract", "--db", rebuilt, "--warc-dir", db.parent / "warc", check=True)
    query = ("SELECT a.url, i.position, i.src, i.warc_file, i.warc_offset, i.payload_digest, i.content_type, "
             "i.content_length, i.capture_status FROM images i JOIN articles a ON a.id = i.article_id "
             "ORDER BY a.url, i.position")
    assert rows(rebuilt, query) == rows(db, query)
    logo = "SELECT i.src, i.warc_record_id, i.capture_status FROM portals p JOIN images i ON i.id = p.logo_image_id"
    assert rows(rebuilt, logo) == rows(db, logo)
    run_cli("reextract", "--db", db, "--warc-dir", db.parent / "warc", check=True)  # over itself: rows rewritten
    assert rows(db, "SELECT count(*) AS n FROM images WHERE capture_status IS NOT 'ok'") == [{"n": 0}]


def test_merge_carries_image_captures_and_their_warc_files(small_archive, tmp_path):
    db, _, _ = small_archive
    target = tmp_path / "central" / "archive.db"
    run_cli("merge", db, "--into", target, check=True)
    images = rows(target, "SELECT i.src, i.warc_file, i.warc_offset, i.payload_digest, i.capture_status "
                          "FROM images i JOIN articles a ON a.id = i.article_id ORDER BY i.src")
    assert images == rows(db, "SELECT i.src, i.warc_file, i.warc_offset, i.payload_digest, i.capture_status "
                              "FROM images i JOIN articles a ON a.id = i.article_id ORDER BY i.src")
    for image in images:
        _, _, body = record_at(target.parent / "warc", image["warc_file"], image["warc_offset"])
        assert sha1_b32(body) == image["payload_digest"]
    logo = rows(target, "SELECT i.src, i.capture_status FROM portals p JOIN images i ON i.id = p.logo_image_id")
    assert logo == rows(db, "SELECT i.src, i.capture_status FROM portals p JOIN images i ON i.id = p.logo_image_id")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_replay_serves_an_archived_page_through_pywb(small_archive):
    db, truth, base = small_archive
    article = rows(db, "SELECT url, title, warc_file, warc_offset FROM articles ORDER BY id LIMIT 1")[0]
    _, _, captured = record_at(db.parent / "warc", article["warc_file"], article["warc_offset"])
    image = rows(db, "SELECT src FROM images WHERE capture_status = 'ok' AND article_id IS NOT NULL LIMIT 1")[0]
    port = free_port()
    proc = subprocess.Popen([str(BIN / "portal-archive"), "replay", "--db", str(db), "--port", str(port)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        for _ in range(600):  # pywb starting (no timing asserted: it answers, or the test fails below)
            if proc.poll() is not None:
                break
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                time.sleep(0.1)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/archive/20991231000000id_/{article['url']}",
                                    timeout=30) as response:
            page = response.read()
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/archive/20991231000000id_/{image['src']}",
                                    timeout=30) as response:
            picture = response.read()
    finally:
        proc.terminate()
        _, err = proc.communicate(timeout=30)
    assert page == captured
    assert article["title"].encode() in page
    assert picture == jpeg(urlsplit(image["src"]).path)
    assert f"http://127.0.0.1:{port}/archive/" in err


def test_replay_refuses_a_port_in_use(small_archive):
    db, _, _ = small_archive
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        out = run_cli("replay", "--db", db, "--port", busy.getsockname()[1])
    assert out.returncode != 0
    assert out.stderr.strip().startswith("Error: cannot listen on 127.0.0.1:")
    assert "Traceback" not in out.stderr


def test_wacz_export_validates_and_holds_captures_index_and_pages(small_archive, tmp_path):
    import json
    import zipfile

    db, truth, _ = small_archive
    out = tmp_path / "archive.wacz"
    result = run_cli("export", "--db", db, "--format", "wacz", "--output", out, check=True)
    valid, log = validate_wacz(out)
    assert valid, log
    check = subprocess.run([str(BIN / "wacz"), "validate", "-f", str(out)], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
    with zipfile.ZipFile(out) as wacz:
        names = wacz.namelist()
        pages = [json.loads(line) for line in wacz.read("pages/pages.jsonl").decode().splitlines()[1:]]
    warcs = sorted(p.name for p in (db.parent / "warc").glob("*.warc.gz"))
    assert sorted(n.removeprefix("archive/") for n in names if n.startswith("archive/")) == warcs
    assert "indexes/index.cdx.gz" in names
    assert sorted(p["url"] for p in pages) == sorted(r["url"] for r in rows(db, "SELECT url FROM articles"))
    assert all(p["ts"] for p in pages)
    assert f"{len(truth)} pages" in result.stderr


def test_wacz_export_needs_an_output_file(small_archive):
    db, _, _ = small_archive
    out = run_cli("export", "--db", db, "--format", "wacz")
    assert out.returncode != 0
    assert out.stderr.strip() == "Error: --format wacz needs --output FILE.wacz (a zip file, not stdout)"


def test_the_images_table_shows_captured_thumbnails_from_the_archive(small_archive):
    from portal_archive.datasette import make_datasette

    db, _, _ = small_archive
    image = rows(db, "SELECT id FROM images WHERE capture_status = 'ok' AND article_id IS NOT NULL LIMIT 1")[0]
    page = asyncio.run(make_datasette(db).client.get(f"/{db.stem}/images/{image['id']}")).text
    assert f'<img src="/-/archive/image/{image["id"]}"' in page


def test_the_portal_page_shows_its_logo_from_the_archive(small_archive):
    from portal_archive.datasette import make_datasette

    db, _, _ = small_archive
    logo = rows(db, "SELECT logo_image_id FROM portals WHERE slug = ?", [SLUG])[0]["logo_image_id"]
    page = asyncio.run(make_datasette(db).client.get(f"/{db.stem}/portals/{SLUG}")).text
    assert f'<img src="/-/archive/image/{logo}" alt="logo"' in page


def test_images_refused_by_robots_or_missing_are_recorded_and_the_articles_kept(tmp_path):
    db = tmp_path / "archive.db"
    with server.start([SLUG], articles=ARTICLES) as live:
        site = live.sites[SLUG]
        with_images = [a for a in site.articles if a["images"]]
        missing = with_images[0]["images"][0]["src"]
        site.remove(missing, 404)
        forbidden = with_images[1]["images"][0]["src"]
        site.family.robots_disallow = (*site.family.robots_disallow, forbidden)
        crawl(db, live.base_urls[SLUG])
        base = live.base_urls[SLUG]
    status = {r["src"]: r["capture_status"] for r in rows(db, "SELECT src, capture_status FROM images")}
    assert status.pop(base + missing) == "http_404"
    assert status.pop(base + forbidden) == "robots"
    assert set(status.values()) == {"ok"}
    assert len(rows(db, "SELECT id FROM articles")) == ARTICLES
    assert rows(db, "SELECT status FROM crawl_runs") == [{"status": "ok"}]


def test_a_revised_article_keeps_its_image_captures_without_fetching_them_again(tmp_path):
    db = tmp_path / "archive.db"
    with server.start([SLUG], articles=ARTICLES) as live:
        site = live.sites[SLUG]
        crawl(db, live.base_urls[SLUG])
        article = next(a for a in site.articles if a["images"])
        url = live.base_urls[SLUG] + article["path"]
        query = ("SELECT i.src, i.warc_record_id, i.capture_status FROM images i JOIN articles a "
                 "ON a.id = i.article_id WHERE a.url = ? ORDER BY i.position")
        before = rows(db, query, [url])
        site.edit(article["path"], paragraphs=[*site.by_path[article["path"]].paragraphs, "Bài viết đã được cập nhật."])
        crawl(db, live.base_urls[SLUG], "--refresh")
    assert rows(db, "SELECT count(*) AS n FROM article_versions") == [{"n": 1}]  # the row was rewritten
    assert rows(db, query, [url]) == before
    assert {r["capture_status"] for r in before} == {"ok"}
    runs = rows(db, "SELECT json_extract(stats, '$.\"images/ok\"') AS fetched FROM crawl_runs ORDER BY id")
    assert runs[1]["fetched"] is None  # the second run fetched no image: every one was captured already


def test_a_warc_file_cut_by_a_crash_still_gives_a_valid_wacz(small_archive, tmp_path):
    db, _, _ = small_archive
    shutil.copy(db, tmp_path / "archive.db")
    shutil.copytree(db.parent / "warc", tmp_path / "warc")
    cut = max((tmp_path / "warc").glob("*.warc.gz"), key=lambda p: p.stat().st_size)
    cut.write_bytes(cut.read_bytes()[:-3000])  # the last record(s) half written, as a killed crawl leaves them
    out = tmp_path / "cut.wacz"
    run_cli("export", "--db", tmp_path / "archive.db", "--format", "wacz", "--output", out, check=True)
    check = subprocess.run([str(BIN / "wacz"), "validate", "-f", str(out)], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
