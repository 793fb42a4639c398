"""Search at scale: the bounded candidate pool (the best by FTS5 bm25) for rank order, the date-index walk for
newest/oldest, BM25F scoring, document-frequency estimates and `portal-archive optimize`, on a real SQLite archive.

The pool and walk limits are lowered on the module (``RANK_POOL``, ``WALK_CHECKS``) so that a
60-article archive exercises the same code paths as a million-article one."""
from __future__ import annotations

import random
import sqlite3
from types import SimpleNamespace

import pytest

from portal_archive import archive
from portal_archive.archive import fulltext as archive_search
from portal_archive.search import ranking
from portal_archive.search.query import parse_query
from tests.conftest import cli

FETCHED = "2025-01-01T00:00:00+00:00"
WORDS = "hội nghị tổng kết công tác năm tỉnh huyện xã người dân kinh tế văn hóa giáo dục y tế".split()


def _records(n: int = 60) -> list[dict]:
    rng = random.Random(7)
    out = []
    for i in range(n):
        body = " ".join(rng.choices(WORDS, k=rng.randint(20, 60)))
        title = " ".join(rng.choices(WORDS, k=6))
        if i % 5 == 0:
            title += " dân vận"  # a title hit
        if i % 3 == 0:
            body += " Công tác dân vận được chú trọng."  # a body hit, accented
        if i % 7 == 0:
            body += " Tỉnh dẫn đầu về dân số."  # folded matches only ("dẫn", "dân số" without "vận")
        if i % 4 == 1:
            body += " Ban dan van huyen."  # accent-free text: a folded match, never exact
        published = None if i % 11 == 0 else f"20{10 + i % 15}-{1 + i % 12:02d}-{1 + i % 27:02d}T08:00:00+07:00"
        portal = ("travinh", "danang")[i % 2]
        url = f"https://{portal}.gov.vn/tin/{i}.html"
        out.append({"url": url, "url_key": url, "portal": portal, "title": title, "body_text": body,
                    "published_at": published, "published_raw": published, "byline": ("Tấn Lập", "PV")[i % 2],
                    "content_hash": f"h{i}", "first_seen_at": FETCHED, "last_seen_at": FETCHED,
                    "fetched_at": FETCHED, "images": []})
    return out


def _new_archive(path):
    db = archive.open_archive(path)
    for slug in ("travinh", "danang"):
        archive.upsert_portal(db, SimpleNamespace(slug=slug, name=slug, kind="province", family="test",
                                                  domains=[f"{slug}.gov.vn"], start_urls=[f"https://{slug}.gov.vn/"]),
                              FETCHED)
    return db


@pytest.fixture(scope="module")
def path(tmp_path_factory):
    p = tmp_path_factory.mktemp("scale") / "archive.db"
    db = _new_archive(p)
    records = _records()
    for start in range(0, len(records), 7):  # several batches: several index segments, as a crawl leaves
        archive.store_batch(db, records[start:start + 7])
    db.conn.close()
    return p


@pytest.fixture
def db(path):
    return archive.open_archive(path, create=False)


@pytest.fixture(params=[3, 500], ids=["pool-3", "pool-500"])
def pool(request, monkeypatch):
    monkeypatch.setattr(archive_search, "RANK_POOL", request.param)
    return request.param


def ids(results):
    return [r["id"] for r in results]


def match_ids(db, query, extra="") -> set[int]:
    q = parse_query(query)
    return {r[0] for r in db.execute(f"SELECT f.rowid FROM articles_fts f JOIN articles a ON a.id = f.rowid "
                                     f"WHERE articles_fts MATCH ? {extra}", [q.folded])}


QUERIES = ["dân vận", "dan van", "dân", "dẫn", "hội nghị", "van*", '"dân vận"', "dan OR kinh", "dan NOT van"]


@pytest.mark.parametrize("query", QUERIES)
@pytest.mark.parametrize("order", ["rank", "newest", "oldest"])
def test_pages_concatenate_to_the_whole_result_set(db, pool, query, order):
    full = archive.search(db, query, limit=None, order=order)
    assert len(ids(full)) == len(set(ids(full)))
    assert set(ids(full)) == match_ids(db, query)  # every match exactly once
    assert full
    paged = []
    for offset in range(0, len(full) + 5, 4):
        page = archive.search(db, query, limit=4, offset=offset, order=order)
        assert [r["rank"] for r in page] == list(range(offset + 1, offset + 1 + len(page)))
        paged += ids(page)
    assert paged == ids(full)  # pages never overlap, skip or reorder
    assert archive.search_count(db, query) == len(full)


@pytest.mark.parametrize("query", ["dân vận", "dân", "dẫn", "hội nghị"])
def test_exact_accent_matches_come_first(db, pool, query):
    flags = [r["exact"] for r in archive.search(db, query, limit=None)]
    assert flags == sorted(flags, reverse=True)
    assert flags[0] == 1


def test_small_classes_are_ranked_in_full_by_score(db, pool):
    """With a pool at least the class size, each exactness class is ordered by score (ties: newest); past
    the pool (chunks of 3, while a chunk changes the top), the rest follows in FTS5 bm25 order."""
    results = archive.search(db, "dan van", limit=None)
    if pool >= len(results):
        scores = [r["score"] for r in results]
        assert scores == sorted(scores)  # lower is better
    else:
        q, _, _ = archive_search._search_filters(db, "dan van")
        bm25 = list(archive_search._by_bm25(db, archive_search._ranked_expr(db, q, q.folded), [], {}, "dan van", None))
        sizes = [n * pool for n in range(1, archive_search.RANK_CHUNKS + 1)
                 if [r["score"] for r in results[:n * pool]] == sorted(r["score"] for r in results[:n * pool])
                 and ids(results[n * pool:]) == [i for i in bm25 if i not in set(ids(results[:n * pool]))]]
        assert sizes  # some pool of whole chunks, ranked by score, then the others in bm25 order
        assert set(ids(results[:sizes[0]])) == set(bm25[:sizes[0]])  # the pool: the best by bm25


def test_a_title_hit_weighs_more_than_body_hits():
    s = ranking.Scorer([("dan", False), ("van", False)], [1.0, 1.0], (8.0, 40.0, 2.0, 2.0))
    body = " ".join(["kinh te"] * 20)
    in_title = s.score(("dan van hoi nghi", body, None, None))
    twice_in_body = s.score(("hoi nghi", body + " dan van, dan van.", None, None))
    assert in_title > twice_in_body > s.score(("hoi nghi", body + " dan van", None, None)) > 0
    assert s.score(("hoi nghi", body, "Quang canh", "PV")) == 0


@pytest.mark.parametrize("order", ["newest", "oldest"])
@pytest.mark.parametrize("walk", [1, 10_000], ids=["match-set", "walk"])
def test_date_order_by_walk_or_match_set(db, monkeypatch, order, walk):
    monkeypatch.setattr(archive_search, "WALK_CHECKS", walk)
    for query, kw in [("dân", {}), ("hội nghị", {"byline": "tan lap"}), ("dẫn", {"portal": "travinh"}),
                      ("kinh", {"since": "2015-01-01", "until": "2020-12-31"})]:
        got = archive.search(db, query, limit=7, order=order, **kw)
        dated = [r["published_at"] for r in got if r["published_at"]]
        assert dated == sorted(dated, reverse=order == "newest")
        # the same first 7 as reading every match and sorting it by date, undated last
        every = archive.search(db, query, limit=None, order=order, **kw)
        assert ids(got) == ids(every)[:7]
        published = [r["published_at"] for r in every]
        dated = [p for p in published if p]
        assert dated == sorted(dated, reverse=order == "newest")
        assert [p is None for p in published] == sorted(p is None for p in published)


def test_filters_apply_inside_the_pool(db, pool):
    got = archive.search(db, "dan van", portal="danang", byline="PV", since="2012-01-01", limit=None)
    assert got
    assert all(r["portal"] == "danang" and r["byline"] == "PV" and r["published_at"] >= "2012" for r in got)
    assert set(ids(got)) == match_ids(db, "dan van", "AND a.portal = 'danang' AND a.published_at >= '2012'")


def test_scorer_counts_words_like_the_index(db):
    """The fast byte counter and the regex give the same scores on every article."""
    rows = db.execute("SELECT title_folded, body_folded, captions_folded, byline_folded FROM articles_fts").fetchall()
    for terms in ([("dan", False), ("van", False)], [("nghi", True)], [("tan", False), ("lap", False)]):
        fast = ranking.Scorer(terms, [1.0] * len(terms), (8, 40, 1, 2))
        slow = ranking.Scorer(terms, [1.0] * len(terms), (8, 40, 1, 2))
        slow.needles = None
        assert fast.needles is not None
        assert [round(fast.score(r), 9) for r in rows] == [round(slow.score(r), 9) for r in rows]
        assert any(fast.score(r) > 0 for r in rows)
    assert ranking.Scorer([("ñandú", False)], [1.0], (1, 1, 1, 1)).needles is None  # non-ASCII: the regex


def test_averages_record_and_document_frequencies(db):
    n, totals = ranking.decode_averages(db.execute("SELECT block FROM articles_fts_data WHERE id = 1").fetchone()[0])
    assert n == db.execute("SELECT count(*) FROM articles").fetchone()[0] == 60
    assert len(totals) == 8
    assert totals[0] > 0
    assert totals[1] > totals[0]  # body longer than titles
    # a sample shorter than its size is the exact count; a full one is scaled by the id range covered
    assert ranking.strata(100, 4) == [(0, 25), (25, 50), (50, 75), (75, 100)]
    assert ranking.estimate_df([(0, 50, [9, 5, 2]), (50, 100, [])], 10) == 3
    assert ranking.estimate_df([(0, 50, list(range(50, 40, -1))), (50, 100, list(range(100, 90, -1)))], 10) == 100
    assert ranking.estimate_df([(0, 100, list(range(100, 80, -2)))], 10) == pytest.approx(52.6, abs=0.1)  # 10 in 19 ids
    # a word common only in recent years is not taken for a word common everywhere
    recent = [(lo, hi, list(range(hi, hi - 10, -1)) if lo >= 75 else []) for lo, hi in ranking.strata(100, 4)]
    assert ranking.estimate_df(recent, 10) == 25
    # on the archive: exact below the sample size
    query = "dan nghi* kinh"
    scorer = archive_search._scorer(db, parse_query(query), query)
    for word, idf in zip(["dan", "nghi*", "kinh"], scorer.idfs):
        exact = db.execute("SELECT count(*) FROM articles_fts WHERE articles_fts MATCH ?",
                           [parse_query(word).folded]).fetchone()[0]
        assert idf == pytest.approx(ranking.idf(exact, 60))
    assert archive_search._scorer(db, parse_query("dan"), "dan").idfs == [1.0]  # one word: no idf needed
    assert ranking.idf(1, 100) > ranking.idf(50, 100) > 0


def test_optimize_keeps_results_and_integrity(tmp_path, path):
    copy = tmp_path / "copy.db"
    src = sqlite3.connect(path)
    src.backup(sqlite3.connect(copy))
    src.close()
    db = archive.open_archive(copy, create=False)
    before = {q: archive.search(db, q, limit=None) for q in QUERIES}
    db.conn.close()
    proc = cli("optimize", "--db", str(copy))
    assert proc.returncode == 0
    assert "search index of 60 articles optimized" in proc.stdout
    db = archive.open_archive(copy, create=False)
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    db.execute("INSERT INTO articles_fts (articles_fts, rank) VALUES ('integrity-check', 1)")
    assert {q: archive.search(db, q, limit=None) for q in QUERIES} == before


def test_search_words_are_exactly_the_index_terms(tmp_path):
    """Kept by refresh_search_index with FTS5's own tokenizer: after new, changed and captioned articles the
    table holds every term of the index (deleted articles may leave words behind: harmless)."""
    db = _new_archive(tmp_path / "w.db")
    records = _records(12)
    records[3]["images"] = [{"src": "https://x.gov.vn/a.jpg", "caption": "Đua ghe Ngo trên sông Maspero"}]
    archive.store_batch(db, records[:6])
    archive.store_batch(db, records[6:])
    archive.store_batch(db, [{**records[0], "body_text": "Nội dung mới: chuyển đổi số", "content_hash": "new"}])
    db.execute("CREATE VIRTUAL TABLE temp.terms USING fts5vocab(main, articles_fts, 'row')")
    terms = {r[0] for r in db.execute("SELECT term FROM temp.terms")}
    words = {r[0] for r in db.execute("SELECT word FROM search_words")}
    assert terms
    assert terms <= words
    assert {"maspero", "chuyển", "chuyen", "ngo"} <= words


@pytest.mark.parametrize("query", ["nghi*", "kinh*", "chuyen*", '"dan van"*', "cong* AND van*", "dan NOT kinh*",
                                   "xyzq*", "hoi*"])
@pytest.mark.parametrize("order", ["rank", "newest"])
def test_prefix_expansion_matches_fts5_prefixes(db, monkeypatch, query, order):
    """Expanded into search_words (default) or left to FTS5 (MAX_PREFIX_WORDS = 0): the same results."""
    expanded = archive.search(db, query, limit=None, order=order)
    count = archive.search_count(db, query)
    monkeypatch.setattr(archive_search, "MAX_PREFIX_WORDS", 0)
    native = archive.search(db, query, limit=None, order=order)
    assert [(r["id"], r["exact"], r["score"]) for r in expanded] == [(r["id"], r["exact"], r["score"]) for r in native]
    assert count == archive.search_count(db, query) == len(native)


def test_prefixes_expand_into_words_fts5_reads_lazily(db):
    q = archive_search._expanded(db, parse_query('"van huyen"* OR nghi* OR ho* OR "tong ket"*'))
    assert ': ("van huyen")' in q.folded  # the one word each prefix starts
    assert ': ("nghi")' in q.folded
    assert ': "ho" *' in q.folded  # 2-3 letters: FTS5's prefix indexes
    assert ': "tong ket" *' in q.folded


def test_an_empty_archive_finds_nothing_in_any_order(tmp_path):
    db = archive.open_archive(tmp_path / "empty.db")
    for query in ["dan van", "chuyen*", '"dan van"*', "a*", "Đà Nẵng", "x NOT y"]:
        for order in ("rank", "newest", "oldest"):
            assert archive.search(db, query, order=order) == [] == archive.search(db, query, order=order, limit=None)
        assert archive.search_count(db, query) == 0
