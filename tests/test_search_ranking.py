"""Ranking quality on a real SQLite archive whose right answer is known by construction: candidates chosen
by relevance (FTS5 bm25), not recency; proximity of the query words; snippet and scoring work bounded on
hostile text (a huge article with tens of thousands of hits)."""
from __future__ import annotations

import json
from types import SimpleNamespace

import pytest

from portal_archive import archive
from portal_archive.archive import fulltext as archive_search
from portal_archive.datasette import plugin
from portal_archive.search import query as search_query
from portal_archive.search import ranking
from portal_archive.search.query import parse_query, snippet, snippet_hits
from tests.conftest import cli

FETCHED = "2025-01-01T00:00:00+00:00"
FILLER = "hội nghị tổng kết công tác năm tỉnh huyện xã người dân kinh tế giáo dục y tế".split()


def _record(i: int, title: str, body: str, published: str = "2024-05-01T08:00:00+07:00") -> dict:
    url = f"https://travinh.gov.vn/tin/{i}.html"
    return {"url": url, "url_key": url, "portal": "travinh", "title": title, "body_text": body,
            "published_at": published, "published_raw": published, "byline": "PV", "content_hash": f"h{i}",
            "first_seen_at": FETCHED, "last_seen_at": FETCHED, "fetched_at": FETCHED, "images": []}


def _archive(path, records):
    db = archive.open_archive(path)
    archive.upsert_portal(db, SimpleNamespace(slug="travinh", name="travinh", kind="province", family="test",
                                              domains=["travinh.gov.vn"], start_urls=["https://travinh.gov.vn/"]),
                          FETCHED)
    for start in range(0, len(records), 10):  # several batches, as crawls leave them
        archive.store_batch(db, records[start:start + 10])
    return db


def _filler(n: int, k: int) -> str:
    return " ".join(FILLER[(n + j) % len(FILLER)] for j in range(k))


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    records = [  # archived first (lowest id), published long ago: the one article about "dân vận"
        _record(0, "Công tác dân vận khéo ở Trà Vinh",
                "Dân vận khéo. " * 6 + "Phong trào dân vận khéo được nhân rộng. " + _filler(0, 40),
                "2012-03-01T08:00:00+07:00")]
    for i in range(1, 61):  # then many recent articles that mention the words once each, far apart
        body = f"Người dân {_filler(i, 60)} nghe văn nghệ. {_filler(i, 20)}"
        records.append(_record(i, f"Tin tổng hợp số {i}", body))
    records.append(_record(61, "Tin tỉnh Cà Mau", f"{_filler(1, 30)} Đoàn công tác đến Cà Mau. {_filler(2, 30)}"))
    records.append(_record(62, "Tin tổng hợp", f"{_filler(1, 30)} Đoàn cả tháng. {_filler(3, 14)} "
                                              f"kiểu mẫu {_filler(2, 15)}"))
    records.append(_record(63, "Về Cà Mau", f"{_filler(4, 30)} Áo màu xanh. {_filler(5, 30)}"))
    return _archive(tmp_path_factory.mktemp("rank") / "archive.db", records)


def _exact_top(db, query: str, k: int) -> list[int]:
    """The exact ranking: every match of each exactness class scored by the search's own scorer."""
    q, filters, params = archive_search._search_filters(db, query)
    scorer = archive_search._scorer(db, q, query)
    out = []
    for _, expr in archive_search._classes(q):
        ids = list(archive_search._matches(db, expr, filters, params, query))
        scored = archive_search._scored(db, scorer, ids)
        ids.sort()
        ids.sort(key=lambda i: scored[i][1] or "", reverse=True)
        ids.sort(key=lambda i: scored[i][0], reverse=True)
        out += ids
    return out[:k]


@pytest.mark.parametrize("pool", [3, 300])
def test_a_highly_relevant_old_article_beats_many_recent_weak_ones(db, monkeypatch, pool):
    """The old article is the one match of the 61 whose title and body are about "dân vận": with a pool
    far smaller than the matches (3 of 61) it is still found and ranked first."""
    monkeypatch.setattr(archive_search, "RANK_POOL", pool)
    got = archive.search(db, "dan van", limit=5)
    assert archive.search_count(db, "dan van") == 61
    assert got[0]["id"] == 1
    assert "[Dân vận] khéo" in got[0]["snippet"]


@pytest.mark.parametrize("query", ["dan van", "dân vận", "Dân vận khéo", "dan* van", "dan OR kheo",
                                   "dan NOT kheo", '"dan van"'])
def test_the_top_of_the_ranking_is_the_exact_top(db, monkeypatch, query):
    monkeypatch.setattr(archive_search, "RANK_POOL", 20)
    got = [r["id"] for r in archive.search(db, query, limit=3)]
    assert got == _exact_top(db, query, 3)


@pytest.mark.parametrize("query", ["dân NOT vận", "dan NOT van", "dân vận OR khéo", "dân* NOT (vận OR khéo)"])
def test_ranking_keeps_every_match_of_each_accent_class(db, monkeypatch, query):
    """"dân NOT vận" holds "dân ... văn" (exact: no "vận"), which the folded "dan NOT van" does not:
    choosing candidates by bm25 neither drops nor adds a match of either class."""
    monkeypatch.setattr(archive_search, "RANK_POOL", 4)
    q, filters, params = archive_search._search_filters(db, query)
    expected = set()
    for _, expr in archive_search._classes(q):
        expected |= set(archive_search._matches(db, expr, filters, params, query))
    got = [r["id"] for r in archive.search(db, query, limit=None)]
    assert expected
    assert sorted(got) == sorted(expected)


def test_pages_past_the_pool_concatenate(db, monkeypatch):
    monkeypatch.setattr(archive_search, "RANK_POOL", 4)
    full = [r["id"] for r in archive.search(db, "dan van", limit=None)]
    paged = [r["id"] for offset in range(0, 70, 6) for r in archive.search(db, "dan van", limit=6, offset=offset)]
    assert paged == full
    assert sorted(full) == sorted(set(full))
    assert len(full) == 61


@pytest.mark.parametrize("query", ["ca mau", "Cà Mau", "cà mau"])
def test_adjacent_words_rank_above_scattered_ones(db, query):
    """"ca mau": "Cà Mau" in the body beats "cả … kiểu mẫu" (the words apart), the articles otherwise alike."""
    got = [r["id"] for r in archive.search(db, query, limit=None)]
    assert got.index(62) < got.index(63)


def test_the_snippet_shows_the_words_together(db):
    """The title's "[Cà Mau]" (two query words, marked as one) is the snippet, not a body line with one."""
    got = {r["id"]: r for r in archive.search(db, "ca mau", limit=None)}
    assert got[64]["snippet"] == "Về [Cà Mau]"


def test_the_scorer_counts_adjacent_words_as_one_more_term():
    near = ranking.Scorer([("ca", False), ("mau", False)], [1.0, 1.0], (8, 40, 1, 2), [("ca", "mau")])
    scattered = near.score(("tin", "ca thang kieu mau nam", None, None))
    together = near.score(("tin", "ca mau thang kieu nam", None, None))
    assert together > 1.9 * scattered
    slow = ranking.Scorer([("ca", False), ("mau", False)], [1.0, 1.0], (8, 40, 1, 2), [("ca", "mau")])
    slow.needles = None  # the regex path counts the same
    text = ("tin", "ca, mau thang ca mau", None, None)
    assert slow.score(text) == near.score(text)


def test_search_help_says_adjacent_words_rank_first():
    proc = cli("search", "--help")
    assert "stand together rank above scattered ones" in proc.stdout


# --- bounded work on hostile text ------------------------------------------------------------------

def test_snippet_of_an_article_with_40k_hits_considers_a_bounded_number():
    text = "Đảng bộ tỉnh. " * 40_000  # about 560 KB, 40,000 hits of "dang"
    terms = parse_query("dang").highlight
    _, hits, _ = snippet_hits(text, terms)
    assert len(hits) == search_query.SNIPPET_MAX_HITS
    s = snippet(text, terms)
    assert s.startswith("[Đảng] bộ tỉnh. [Đảng]")
    assert len(s) < 260


def test_snippet_reads_a_bounded_prefix_of_a_huge_text():
    text = "x" * (search_query.SNIPPET_SCAN_CHARS + 10) + " Đảng"
    assert snippet(text, parse_query("dang").highlight) is None  # the hit lies past the text considered
    shorter = "x" * (search_query.SNIPPET_SCAN_CHARS - 10) + " Đảng"
    assert snippet(shorter, parse_query("dang").highlight).endswith("[Đảng]")


def test_snippet_window_is_the_densest_cluster():
    text = "dân " + _filler(0, 80) + " dân vận khéo dân vận " + _filler(1, 80) + " vận"
    s = snippet(text, parse_query("dan van kheo").highlight)
    assert "[dân vận khéo dân vận]" in s


def test_datasette_snippet_function_is_bounded_on_a_20mb_string():
    huge = "Đảng " * 4_000_000  # 20 MB, 4 million hits
    s = plugin.pa_snippet("dang", huge)
    assert s.startswith("⟦Đảng Đảng")
    assert len(s) < 260


def test_scorer_reads_a_bounded_prefix_of_a_column():
    s = ranking.Scorer([("dang", False)], [1.0], (8, 40, 1, 2))
    huge = "dang bo " * (ranking.SCORE_CHARS // 4)
    assert s.score((None, huge, None, None)) == s.score((None, huge[:ranking.SCORE_CHARS], None, None))


def test_search_on_an_archive_with_a_huge_many_hit_article(tmp_path):
    big = _record(1, "Văn kiện", "Đảng bộ tỉnh. " * 50_000)
    small = _record(2, "Đảng bộ tỉnh Trà Vinh", "Đại hội Đảng bộ tỉnh.")
    db = _archive(tmp_path / "big.db", [big, small])
    got = archive.search(db, "dang", limit=None)
    assert {r["id"] for r in got} == {1, 2}
    assert all(len(r["snippet"]) < 260 for r in got)


def test_datasette_search_function_on_a_huge_many_hit_article(tmp_path):
    """Datasette's canned search (``pa_search``) over an article of 50,000 hits: every result, short snippets."""
    db = _archive(tmp_path / "big.db", [_record(1, "Văn kiện", "Đảng bộ tỉnh. " * 50_000),
                                        _record(2, "Đảng bộ tỉnh Trà Vinh", "Đại hội Đảng bộ tỉnh.")])
    plugin.prepare_connection(db.conn)
    rows = json.loads(db.execute("SELECT pa_search('dang', NULL)").fetchone()[0])
    assert sorted(r[0] for r in rows) == [1, 2]
    assert max(len(r[2]) for r in rows) < 260
