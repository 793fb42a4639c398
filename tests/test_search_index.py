"""The candidate index (tantivy) beside the archive: built by `reindex`, kept in step through stores,
revisions, gone articles, merges, re-extraction and a crawl killed with -9, and never needed: without it
(or when it cannot be used) search takes the FTS5 path with the same results."""
from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import time

import pytest
import sqlite_utils

from portal_archive import archive
from portal_archive.archive import fulltext, search_index
from portal_archive.archive.merge import merge_shards
from portal_archive.search.query import parse_query
from portal_archive.search.textfold import WORD_RE, has_marks
from tests.conftest import cli, run_cli
from tests.test_integrity import SLUG, count, scrapy_crawl
from tests.vn_archive import article_id, build_archive, record

QUERIES = ["dân vận", "dan van", "Đảng", "hội nghị", '"Trà Vinh"', "dan*", "Đà Nẵng OR Sóc Trăng",
           "hội NOT dân", '"uy ban nhan"*', "covid 19"]


def index_words(db) -> tuple[set[str], set[str]]:
    """The folded words and the accented lower-case words of every indexed article (FTS5's own columns)."""
    folded, exact = set(), set()
    for row in db.execute("SELECT title, body_text, captions, byline, title_folded, body_folded, captions_folded, "
                          "byline_folded FROM articles_fts"):
        exact |= {w for t in row[:4] for w in WORD_RE.findall((t or "").lower()) if has_marks(w)}
        folded |= {w for t in row[4:] for w in WORD_RE.findall(t or "")}
    return folded, exact


def out_of_step(db) -> list[str]:
    """The words whose articles differ between the candidate index and FTS5 (folded and exact-accent),
    plus a line when the index cannot be used; empty when they agree on every word of the archive."""
    index = search_index.synced(db)
    if index is None:
        return ["no usable candidate index"]
    folded, exact = index_words(db)
    bad = []
    for words, tier, columns in ((folded, None, "title_folded body_folded captions_folded byline_folded"),
                                 (exact, True, "title body_text captions byline")):
        for w in sorted(words):
            ids, _, _ = index.candidates(parse_query(w), tier, [], limit=100_000)
            fts = {r[0] for r in db.execute("SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?",
                                            [f'{{{columns}}} : "{w}"'])}
            if set(ids) != fts:
                bad.append(w)
    return bad


def by_fts(db, query, **kw):
    """``search`` as without a candidate index (the FTS5 path)."""
    page = fulltext._candidate_page
    fulltext._candidate_page = lambda *a: None
    try:
        return archive.search(db, query, **kw)
    finally:
        fulltext._candidate_page = page


def state_seq(db) -> int:
    return json.loads((search_index.index_dir(db) / search_index.STATE).read_text())["seq"]


def log_top(db) -> int:
    return db.execute("SELECT max(seq) FROM search_log").fetchone()[0]


@pytest.fixture
def vn(tmp_path):
    db = build_archive(tmp_path / "archive.db")
    archive.reindex_candidate_index(db)
    return db


def test_reindex_indexes_every_word_of_every_article(vn):
    assert out_of_step(vn) == []


def test_index_folder_is_beside_the_archive(vn, tmp_path):
    assert search_index.index_dir(vn) == tmp_path / "search-index"


def test_ranked_search_takes_the_index_and_finds_what_fts5_finds(vn):
    for query in QUERIES:
        assert [r["id"] for r in archive.search(vn, query, limit=None)] == \
               [r["id"] for r in by_fts(vn, query, limit=None)], query


@pytest.mark.parametrize("filters", [{"portal": "travinh"}, {"since": "2024-03-01"}, {"until": "2024-01-31"},
                                     {"since": "2024-01-01", "until": "2024-05-31", "portal": ["travinh", "danang"]},
                                     {"byline": "Trâm"}])
def test_filters_give_what_fts5_gives(vn, filters):
    for query in ("dân", "dan", "hội nghị", "Đảng OR lễ"):
        assert [r["id"] for r in archive.search(vn, query, limit=None, **filters)] == \
               [r["id"] for r in by_fts(vn, query, limit=None, **filters)], query


def test_store_revision_and_gone_are_applied_by_the_next_search(vn):
    new = {**record("covid"), "url": "https://soctrang.gov.vn/tin-tuc/moi.html",
           "url_key": "https://soctrang.gov.vn/tin-tuc/moi.html", "title": "Khánh thành cầu Mỹ Thuận mới",
           "body_text": "Cây cầu mới nối đôi bờ.", "content_hash": "hash-moi"}
    revised = {**record("danvan"), "body_text": "Bản sửa: hội nghị chuyên đề về cải cách hành chính.",
               "content_hash": "hash-danvan-2", "fetched_at": "2024-07-02T03:00:00+00:00",
               "last_seen_at": "2024-07-02T03:00:00+00:00"}
    gone = {"event": "gone", "url_key": record("dang")["url_key"], "url": record("dang")["url"], "status": 404,
            "fetched_at": "2024-07-02T03:00:00+00:00"}
    before = state_seq(vn)
    archive.store_batch(vn, [new, revised], events=[gone])
    assert log_top(vn) > before  # the index is behind until a search
    assert out_of_step(vn) == []
    assert state_seq(vn) == log_top(vn)
    assert [r["title"] for r in archive.search(vn, "my thuan")] == ["Khánh thành cầu Mỹ Thuận mới"]
    assert archive.search(vn, '"truong ban phat bieu"') == []  # the revised body no longer says it
    assert [r["id"] for r in archive.search(vn, "cai cach")] == [article_id(vn, "danvan")]


def test_a_deleted_article_leaves_the_index(vn):
    from portal_archive.archive.db import transaction

    gone_id = article_id(vn, "covid")
    with transaction(vn):
        vn.execute("DELETE FROM images WHERE article_id = ?", [gone_id])
        vn.execute("DELETE FROM article_urls WHERE url_key = ?", [record("covid")["url_key"]])
        vn.execute("DELETE FROM articles WHERE id = ?", [gone_id])
        archive.refresh_search_index(vn)
    assert out_of_step(vn) == []
    assert archive.search(vn, "covid") == []


def test_reindex_from_scratch_equals_incremental(vn):
    archive.store_batch(vn, [{**record("nodate"), "title": "Thông báo lịch tiếp công dân tháng 8",
                              "content_hash": "hash-nodate-2"}])
    queries = [*QUERIES, "tiep cong dan", "thang 8"]
    incremental = {q: [r["id"] for r in archive.search(vn, q, limit=None)] for q in queries}
    assert out_of_step(vn) == []
    archive.reindex_candidate_index(vn)
    assert {q: [r["id"] for r in archive.search(vn, q, limit=None)] for q in queries} == incremental
    assert out_of_step(vn) == []


def test_deleted_index_folder_falls_back_to_fts5(vn):
    expected = {q: [r["id"] for r in archive.search(vn, q, limit=None)] for q in QUERIES}
    shutil.rmtree(search_index.index_dir(vn))
    assert search_index.synced(vn) is None
    assert {q: [r["id"] for r in archive.search(vn, q, limit=None)] for q in QUERIES} == expected


def test_too_far_behind_or_locked_falls_back_and_a_later_search_catches_up(vn):
    import tantivy

    archive.store_batch(vn, [{**record("covid"), "body_text": "Đợt tiêm mới.", "content_hash": "hash-covid-2"}])
    assert search_index.synced(vn, bound=0) is None  # more pending changes than the bound
    writer = tantivy.Index.open(str(search_index.index_dir(vn))).writer(15_000_000, 1)  # another writer's lock
    try:
        assert search_index.synced(vn) is None  # cannot apply what is pending: FTS5 path
        assert [r["id"] for r in archive.search(vn, "tiem moi")] == [article_id(vn, "covid")]
    finally:
        writer.rollback()
        del writer
    assert out_of_step(vn) == []


def test_index_ahead_of_the_log_is_not_used(vn):
    (search_index.index_dir(vn) / search_index.STATE).write_text(json.dumps({"format": 1, "seq": 10**9}))
    assert search_index.synced(vn) is None


def test_pages_concatenate_on_the_index(vn):
    full = [r["id"] for r in archive.search(vn, "dan OR hoi OR le", limit=None)]
    paged = [r["id"] for offset in range(0, len(full), 2)
             for r in archive.search(vn, "dan OR hoi OR le", limit=2, offset=offset)]
    assert paged == full


def _shard(path, keys, title_suffix):
    db = build_archive(path)
    archive.store_batch(db, [{**record(k), "title": record(k)["title"] + title_suffix,
                              "content_hash": f"hash-{k}-{title_suffix}", "fetched_at": "2024-08-01T00:00:00+00:00",
                              "last_seen_at": "2024-08-01T00:00:00+00:00"} for k in keys])
    db.conn.close()
    return path


def test_merge_of_a_shard_keeps_the_index_in_step(vn, tmp_path):
    shard = _shard(tmp_path / "node1" / "archive.db", ["danvan", "caption_only"], " (bản cập nhật Hậu Giang)")
    vn.conn.close()
    merge_shards([shard], tmp_path / "archive.db")
    db = archive.open_archive(tmp_path / "archive.db")
    assert state_seq(db) == log_top(db)  # the merge brought it up to date itself
    assert out_of_step(db) == []
    assert len(archive.search(db, "hau giang")) == 2


def test_reextract_keeps_the_index_in_step(crawled_db, tmp_path):
    db_path = tmp_path / "archive.db"
    archive.open_archive(db_path).conn.close()
    run_cli("reindex", "--db", db_path, check=True)  # an index of the empty archive, before re-extraction
    run_cli("reextract", "--db", db_path, "--warc-dir", crawled_db.parent / "warc", check=True)
    db = archive.open_archive(db_path)
    assert out_of_step(db) == []
    assert state_seq(db) == log_top(db)
    assert search_index.synced(db).index.searcher().num_docs == count(crawled_db)


def test_kill_9_mid_crawl_then_search_finds_every_stored_article(replica_live, tmp_path):
    db_path, base = tmp_path / "archive.db", replica_live.base_urls[SLUG]
    run_cli("crawl", SLUG, "--db", db_path, "--base-url", "http://127.0.0.1:9/")  # creates the schema
    run_cli("reindex", "--db", db_path, check=True)
    proc = scrapy_crawl(db_path, base, "PORTAL_IGNORE_PROFILE_POLITENESS=1", "DOWNLOAD_DELAY=0.1",
                        "CONCURRENT_REQUESTS_PER_DOMAIN=1", "AUTOTHROTTLE_ENABLED=0", "ARCHIVE_BATCH_SIZE=5")
    deadline = time.time() + 180
    while count(db_path) < 15 and time.time() < deadline and proc.poll() is None:
        time.sleep(0.1)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    db = archive.open_archive(db_path)
    assert count(db_path) >= 15
    assert state_seq(db) < log_top(db)  # the killed crawl never brought the index up to date
    assert out_of_step(db) == []
    for article, title in db.execute("SELECT id, title FROM articles").fetchall():
        assert article in [r["id"] for r in archive.search(db, f'"{title}"', limit=None)], title


def test_reindex_and_optimize_commands(vn, tmp_path):
    vn.conn.close()
    shutil.rmtree(tmp_path / "search-index")
    out = cli("reindex", "--db", tmp_path / "archive.db", check=True)
    assert "candidate index of 8 articles built" in out.stdout
    out = cli("optimize", "--db", tmp_path / "archive.db", check=True)
    assert "candidate index rebuilt" in out.stdout
    db = archive.open_archive(tmp_path / "archive.db")
    assert out_of_step(db) == []


def test_reindex_of_a_missing_archive_is_one_line(tmp_path):
    out = cli("reindex", "--db", tmp_path / "none.db")
    assert out.returncode != 0
    assert "no archive at" in out.stderr


def test_store_records_each_reindexed_article_in_the_log(tmp_path):
    db = build_archive(tmp_path / "archive.db")
    logged = [r[0] for r in db.execute("SELECT article_id FROM search_log ORDER BY seq")]
    assert sorted(logged) == sorted(r[0] for r in db.execute("SELECT id FROM articles"))


def test_a_word_longer_than_the_index_holds_is_still_found(tmp_path):
    word = "x" * (search_index.MAX_TOKEN_CHARS + 5)
    db = build_archive(tmp_path / "archive.db")
    archive.store_batch(db, [{**record("covid"), "body_text": f"Mã {word} trong văn bản.", "content_hash": "h-long"}])
    archive.reindex_candidate_index(db)
    assert [r["id"] for r in archive.search(db, word)] == [article_id(db, "covid")]


def test_a_read_only_connection_uses_an_up_to_date_index(vn, tmp_path):
    expected = [r["id"] for r in archive.search(vn, "dan van", limit=None)]
    ro = sqlite_utils.Database(sqlite3.connect(f"file:{tmp_path / 'archive.db'}?mode=ro", uri=True))
    assert search_index.synced(ro) is not None
    assert [r["id"] for r in archive.search(ro, "dan van", limit=None)] == expected


def test_an_index_behind_pruned_log_entries_is_not_used_until_reindexed(vn, monkeypatch):
    from portal_archive.archive import fts

    monkeypatch.setattr(fts, "SEARCH_LOG_KEEP", 2)
    archive.store_batch(vn, [{**record(k), "body_text": record(k)["body_text"] + " Cập nhật.",
                              "content_hash": f"hash-{k}-3"} for k in ("danvan", "dang", "covid", "nodate")])
    assert vn.execute("SELECT count(*) FROM search_log").fetchone()[0] == 2
    assert search_index.synced(vn) is None  # it never saw the entries pruned
    assert [r["id"] for r in archive.search(vn, "cap nhat", limit=None)] == \
           [r["id"] for r in by_fts(vn, "cap nhat", limit=None)]
    archive.reindex_candidate_index(vn)
    assert out_of_step(vn) == []


def _candidate_page(db, query: str, **kw):
    """The candidate index's answer for ``query`` (None: it cannot answer, search takes the FTS5 path)."""
    q, filters, params = fulltext._search_filters(db, query, **kw)
    portals = [kw["portal"]] if isinstance(kw.get("portal"), str) else list(kw.get("portal") or [])
    return fulltext._candidate_page(db, q, filters, params, query, None, fulltext._scorer(db, q, query), portals)


@pytest.mark.parametrize("byline", ["Trâm", "tram", "râm", "Ngọc Tr", "c Trâm", "PV"])
def test_a_byline_filter_is_applied_by_the_index(vn, byline):
    assert _candidate_page(vn, "dân OR Đảng OR vắc", byline=byline) is not None


@pytest.mark.parametrize("byline", ["râm", "Ngọc Tr", "c Trâm", "tuyet", "Văn phòng", "PV", "Hòa"])
def test_a_byline_filter_by_the_index_gives_what_fts5_gives(vn, byline):
    for query in ("dân", "dan", "hội nghị", "Đảng OR lễ OR vắc OR tập"):
        assert [r["id"] for r in archive.search(vn, query, limit=None, byline=byline)] == \
               [r["id"] for r in by_fts(vn, query, limit=None, byline=byline)], query


def test_a_byline_filter_without_a_word_takes_the_fts5_path(vn):
    assert _candidate_page(vn, "dân", byline="-") is None


def test_an_article_holding_both_sides_of_an_or_is_proposed_when_one_sided_ones_fill_the_candidates(tmp_path,
                                                                                                    monkeypatch):
    db = build_archive(tmp_path / "archive.db")
    short = [{**record("covid"), "url": f"https://soctrang.gov.vn/khmer-{i}.html",
              "url_key": f"https://soctrang.gov.vn/khmer-{i}.html", "title": f"Đồng bào Khmer {i}",
              "body_text": f"Tin số {i} về sản xuất nông nghiệp.", "content_hash": f"h-khmer-{i}"} for i in range(12)]
    both = {**record("covid"), "url": "https://soctrang.gov.vn/ca-hai.html", "url_key": "https://soctrang.gov.vn/ca-hai.html",
            "title": "Đồng bào Khmer vùng ven biển tỉnh Sóc Trăng làm nhiều sản phẩm mới trong năm nay",
            "body_text": "Sản phẩm OCOP của bà con được công nhận.", "content_hash": "h-both"}
    archive.store_batch(db, short + [both])
    archive.reindex_candidate_index(db)
    monkeypatch.setattr(search_index, "CANDIDATES", 3)
    first = archive.search(db, "Khmer OR OCOP", limit=1)[0]
    assert first["title"] == both["title"]


def test_a_changed_publication_date_reaches_the_index(vn):
    vn.execute("UPDATE articles SET published_at = '2019-01-05T08:00:00+07:00' WHERE id = ?",
               [article_id(vn, "danvan")])
    archive.store_batch(vn, [])  # the next write re-indexes what changed
    ids = [r["id"] for r in archive.search(vn, "dân vận", limit=None, until="2019-12-31")]
    assert ids == [article_id(vn, "danvan")]


def test_an_index_of_an_older_format_is_named_with_the_command_that_rebuilds_it(vn, tmp_path):
    state = search_index.index_dir(vn) / search_index.STATE
    state.write_text(json.dumps({**json.loads(state.read_text()), "format": search_index.FORMAT - 1}))
    vn.conn.close()
    out = cli("search", "dân", "--db", tmp_path / "archive.db", check=True)
    assert "portal-archive reindex" in out.stderr


def test_an_index_of_an_older_format_still_finds_what_fts5_finds(vn):
    state = search_index.index_dir(vn) / search_index.STATE
    state.write_text(json.dumps({**json.loads(state.read_text()), "format": search_index.FORMAT - 1}))
    assert [r["id"] for r in archive.search(vn, "hội nghị", limit=None)] == \
           [r["id"] for r in by_fts(vn, "hội nghị", limit=None)]
