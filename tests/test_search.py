"""Vietnamese full-text search: folding, the query language, ranking, filters, index sync, the search CLI."""
from __future__ import annotations

import csv
import io
import json
import sqlite3
import unicodedata

import pytest
import sqlite_utils

from portal_archive import archive
from portal_archive.archive import db as archive_db
from portal_archive.search.query import SearchError, parse_query, snippet
from portal_archive.search.textfold import fold, has_marks
from tests.conftest import cli
from tests.vn_archive import ARTICLES, article_id, build_archive, nfd, record


@pytest.fixture(scope="module")
def vn_path(tmp_path_factory):
    path = tmp_path_factory.mktemp("vn") / "archive.db"
    build_archive(path).conn.close()
    return path


@pytest.fixture
def db(vn_path):
    return archive.open_archive(vn_path, create=False)


@pytest.fixture
def fresh(tmp_path):
    return build_archive(tmp_path / "fresh.db")


def keys(db, results):
    """The ARTICLES keys of ``results``, in order."""
    by_id = {article_id(db, k): k for k in ARTICLES}
    return [by_id[r["id"]] for r in results]


def found(db, query, **kw):
    return keys(db, archive.search(db, query, limit=None, **kw))


# --- folding -----------------------------------------------------------------------------------

@pytest.mark.parametrize("text, folded", [
    ("Đà Nẵng", "da nang"), ("Đảng", "dang"), ("đ", "d"), ("Ðà Nẵng", "da nang"),  # Ð: legacy look-alike
    ("Dân vận", "dan van"), ("Trà Vinh", "tra vinh"), ("Trưởng", "truong"), ("ưở ậ ặ ễ ữ ỡ", "uo a a e u o"),
    ("TỈNH ỦY", "tinh uy"), ("COVID-19", "covid-19"),
])
def test_fold(text, folded):
    assert fold(text) == folded
    assert fold(nfd(text)) == folded


def test_fold_keeps_length_for_vietnamese():
    text = "Ủy ban nhân dân tỉnh Trà Vinh; Đảng bộ Đà Nẵng; người dân hưởng ứng"
    assert len(fold(text)) == len(text)
    assert has_marks("dân")
    assert has_marks("Đa")
    assert not has_marks("Dan Van")


# --- the query language ------------------------------------------------------------------------

@pytest.mark.parametrize("query, message", [
    ('"dan van', 'unbalanced quotes'),
    ('dan "van', 'unbalanced quotes'),
    ("AND", "AND needs a search term on both sides"),
    ("dan AND", "AND needs a search term on both sides"),
    ("OR van", "OR needs a search term on both sides"),
    ("dan OR OR van", "OR needs a search term on both sides"),
    ("NOT dan", "NOT needs a search term before it"),
    ("dan NOT", "NOT needs a search term after it"),
    ("*", '"*" must follow a word'),
    ("dan *", '"*" must follow a word'),
    ("d*n", '"*" can only end a word'),
    ('"dan* van"', '"*" cannot stand inside a phrase'),
    ("(dan OR van", 'unbalanced parentheses: "(" is never closed'),
    ("dan)", 'unbalanced parentheses: ")" without a matching "("'),
    ("()", "empty parentheses"),
    ('""', "empty phrase"),
    ("", "empty query"),
    ("   ", "empty query"),
    ("!!! ???", "no words to search for"),
])
def test_malformed_queries_raise_search_error(db, query, message):
    with pytest.raises(SearchError) as err:
        parse_query(query)
    assert message in str(err.value)
    assert "\n" not in str(err.value)
    with pytest.raises(SearchError):  # the archive says the same, never an sqlite3 error
        archive.search(db, query)


def test_expressions_only_hold_quoted_words():
    q = parse_query('dân vận "Đà Nẵng" dan* OR (a NOT b)')
    assert q.folded == ('(({title_folded body_folded captions_folded byline_folded} : "dan" AND '
                        '{title_folded body_folded captions_folded byline_folded} : "van" AND '
                        '{title_folded body_folded captions_folded byline_folded} : "da nang" AND '
                        '{title_folded body_folded captions_folded byline_folded} : "dan" *) OR '
                        '({title_folded body_folded captions_folded byline_folded} : "a" NOT '
                        '{title_folded body_folded captions_folded byline_folded} : "b"))')
    assert '{title body_text captions byline} : "đà nẵng"' in q.exact
    assert parse_query("dan van").exact is None


@pytest.mark.parametrize("hostile", [
    "'); DROP TABLE articles; --", "title:dang", "NEAR(dan van)", "^dang", "dang + van", "{title}: dang",
    'x" OR 1=1 --"', "dan:* AND body_text:van",
])
def test_fts_syntax_in_queries_is_just_words(db, hostile):
    try:
        archive.search(db, hostile)
    except SearchError:
        pass
    assert db["articles"].count == len(ARTICLES)


def test_snippet_keeps_accents_and_marks_hits():
    text = "Một hai ba. " * 30 + "Lãnh đạo Đảng bộ thành phố Đà Nẵng gặp mặt. " + "Bốn năm sáu. " * 30
    s = snippet(text, parse_query("da nang").highlight)
    assert "[Đà Nẵng]" in s
    assert s.startswith("…")
    assert s.endswith("…")
    assert len(s) < 260
    assert snippet("Ban Dân vận", parse_query("dan*").highlight, "<b>", "</b>") == "Ban <b>Dân</b> vận"
    assert snippet("Ban Dân vận", parse_query("dang").highlight) is None


# --- matching rules on a real archive ----------------------------------------------------------

@pytest.mark.parametrize("query, expected", [
    ("dan van", {"danvan", "nodate"}),            # single marks ("nodate": công dân ... Văn phòng)
    ("Dân vận", {"danvan", "nodate"}),
    ("tra vinh", {"danvan", "dan_accent"}),
    ("dang", {"dang"}),                           # đ -> d
    ("da nang", {"dang"}),
    ("Đà Nẵng", {"dang"}),
    ("DA NANG", {"dang"}),
    ("truong", {"danvan"}),                       # two marks: ưở
    ("huong ung", {"nfd"}),                       # two marks in NFD text
    ("tap huan", {"nfd"}),                        # ậ
    ("son tra", {"nfd"}),
    ("long duc", {"dan_dan"}),
    ("ghe ngo", {"caption_only"}),                # captions
    ("maspero", {"caption_only"}),
    ("anh tuyet", {"nfd"}),                       # byline, NFD
    ("covid-19", {"covid"}),
    ("oóc om bóc", {"caption_only"}),
])
def test_accent_free_and_accented_queries_match(db, query, expected):
    assert set(found(db, query)) == expected


def test_accented_query_puts_the_exact_article_first(db):
    assert found(db, "Dân vận") == ["danvan", "nodate"]
    assert [r["exact"] for r in archive.search(db, "Dân vận")] == [1, 0]


def test_nfd_queries_equal_nfc_queries(db):
    for query in ("Đà Nẵng", "hưởng ứng", "Tập huấn", "dân"):
        assert found(db, nfd(query)) == found(db, query)
        assert found(db, nfd(query))


def test_nfd_text_is_found_by_accented_nfc_query(db):
    assert found(db, "hưởng ứng") == ["nfd"]
    assert archive.search(db, "hưởng ứng")[0]["exact"] == 1
    assert archive.search(db, "tap huan")[0]["title"] == "Tập huấn phòng chống thiên tai"  # NFC out


def test_exact_accent_matches_rank_first(db):
    results = archive.search(db, "dân", limit=None)
    ranked = keys(db, results)
    assert set(ranked) == {"danvan", "dan_dan", "nfd", "nodate", "dan_accent"}
    assert ranked[-1] == "dan_accent"  # "dẫn" only: a folded match, after every "dân"
    assert [r["exact"] for r in results] == [1, 1, 1, 1, 0]
    results = archive.search(db, "dẫn", limit=None)
    assert keys(db, results)[0] == "dan_accent"
    assert results[0]["exact"] == 1
    assert all(r["exact"] == 0 for r in results[1:])


def test_accent_free_query_does_not_prefer_either_spelling(db):
    assert all(r["exact"] == 0 for r in archive.search(db, "dan", limit=None))


def test_mixed_accents_rank_by_the_accented_words(db):
    ranked = found(db, "dẫn khu vuc")
    assert ranked == ["dan_accent"]
    assert archive.search(db, "dẫn khu vuc")[0]["exact"] == 1


def test_phrases(db):
    assert found(db, '"dan van"') == ["danvan"]
    assert found(db, '"van dan"') == []
    assert set(found(db, '"nguoi dan"')) == {"dan_dan", "nfd"}
    assert found(db, '"uy ban nhan"*') == ["nodate"]


def test_prefixes(db):
    assert set(found(db, "nghi*")) == {"danvan", "dang"}  # nghị, nghị quyết
    assert set(found(db, "dan*")) >= {"danvan", "dan_dan", "dan_accent", "nfd", "nodate"}
    assert found(db, "maspe*") == ["caption_only"]


def test_boolean_operators_and_grouping(db):
    assert set(found(db, "dang OR covid")) == {"dang", "covid"}
    assert set(found(db, "dan NOT van")) == {"dan_dan", "nfd", "dan_accent"}  # "nodate": Văn phòng
    assert found(db, "tra AND vinh AND dan AND van") == ["danvan"]
    assert set(found(db, "(dang OR covid) AND (nang OR tre)")) == {"dang", "covid"}
    assert found(db, "dan NOT (van OR nguoi)") == ["dan_accent"]
    assert set(found(db, "hoi nghi NOT dan")) == {"dang"}  # caption "dự hội nghị"


# --- filters and order -------------------------------------------------------------------------

def test_portal_filter(db):
    assert set(found(db, "dan", portal="travinh")) == {"danvan", "dan_dan", "dan_accent"}
    assert set(found(db, "dan", portal=["danang", "soctrang"])) == {"nfd", "nodate"}
    with pytest.raises(SearchError, match="no portal 'nope' in this archive"):
        archive.search(db, "dan", portal="nope")


def test_date_filters_accept_iso_and_day_first(db):
    assert set(found(db, "dan", since="2024-05-03")) == {"danvan", "dan_accent"}
    assert set(found(db, "dan", since="03/05/2024")) == {"danvan", "dan_accent"}  # 3 May, day first
    assert set(found(db, "dan", until="2/5/2024")) == {"dan_dan", "nfd"}           # inclusive
    assert set(found(db, "dan", since="ngày 1 tháng 5 năm 2024", until="2024-05-31")) == {"dan_dan", "dan_accent"}
    with pytest.raises(SearchError, match="cannot read --since date"):
        archive.search(db, "dan", since="soon")
    with pytest.raises(SearchError, match="is after --until"):
        archive.search(db, "dan", since="2024-06-01", until="2024-01-01")


def test_byline_filter_is_accent_insensitive(db):
    assert found(db, "dan", byline="ngoc tram") == ["danvan"]
    assert found(db, "dan", byline="Trần Thị") == ["nfd"]
    assert found(db, "dan", byline="UBND") == ["nodate"]


def test_order_limit_offset_and_count(db):
    newest = archive.search(db, "dan", order="newest", limit=None)
    dates = [r["published_at"] for r in newest]
    assert dates[:-1] == sorted(dates[:-1], reverse=True)
    assert dates[-1] is None  # undated last
    assert [r["rank"] for r in archive.search(db, "dan", limit=2, offset=2)] == [3, 4]
    assert archive.search_count(db, "dan") == 5
    assert archive.search_count(db, "dan", portal="travinh") == 3
    with pytest.raises(SearchError):
        archive.search(db, "dan", order="sideways")


def test_result_fields(db):
    r = archive.search(db, "ghe ngo")[0]
    assert list(r) == list(archive.SEARCH_FIELDS)
    assert r["url"] == "https://soctrang.gov.vn/tin-tuc/caption_only.html"
    assert r["captions"] == "Đua ghe Ngo trên sông Maspero"
    assert r["snippet"] == "Đua [ghe Ngo] trên sông Maspero"


# --- the index stays in sync -------------------------------------------------------------------

def test_changed_article_is_reindexed(fresh):
    changed = {**record("covid"), "title": "Tiêm vắc xin mũi 3 cho người cao tuổi",
               "body_text": "Sóc Trăng tiêm mũi nhắc lại cho người cao tuổi.", "content_hash": "new",
               "images": [{"src": "https://soctrang.gov.vn/img/tiem.jpg", "caption": "Điểm tiêm ở Mỹ Xuyên"}]}
    assert archive.store_batch(fresh, [changed])["updated"] == 1
    assert found(fresh, "cao tuoi") == ["covid"]
    assert found(fresh, "my xuyen") == ["covid"]
    assert found(fresh, "tre em") == []


def test_unchanged_recrawl_keeps_index(fresh):
    assert archive.store_batch(fresh, [record("dang")])["unchanged"] == 1
    assert found(fresh, "da nang") == ["dang"]


def test_any_writer_is_caught_by_the_triggers(fresh, tmp_path):
    conn = sqlite3.connect(tmp_path / "fresh.db")  # another tool, without the archive's functions
    conn.execute("UPDATE articles SET title = 'Bản tin Đồng Tháp' WHERE url_key LIKE '%/dang.html'")
    conn.execute("UPDATE images SET caption = 'Thuyền rồng' WHERE caption LIKE 'Đua ghe%'")
    conn.execute("DELETE FROM images WHERE article_id = (SELECT id FROM articles WHERE url_key LIKE '%/danvan.html')")
    conn.execute("DELETE FROM articles WHERE url_key LIKE '%/covid.html'")
    conn.commit()
    conn.close()
    db = archive.open_archive(tmp_path / "fresh.db")  # refreshes the queued articles
    assert found(db, "dong thap") == ["dang"]
    assert found(db, "thuyen rong") == ["caption_only"]
    assert found(db, "ghe ngo") == []
    assert found(db, "quang canh") == []
    assert found(db, "covid") == []
    assert db.execute("SELECT count(*) FROM articles_fts").fetchone()[0] == len(ARTICLES) - 1


def test_migration_backfills_an_existing_archive(tmp_path):
    path = tmp_path / "old.db"
    step = archive.MIGRATIONS.index(archive_db._m3_search)
    old = sqlite_utils.Database(path)
    for number, migration in enumerate(archive.MIGRATIONS[:step], start=1):
        migration(old)
        old.execute(f"PRAGMA user_version = {number}")
    old["portals"].insert({"slug": "danang"})
    rec = record("dang")
    images = rec.pop("images")
    old["articles"].insert({k: v for k, v in rec.items() if k in old["articles"].columns_dict}, pk="id")
    old["images"].insert({"article_id": 1, "position": 0, **images[0]})
    old.conn.commit()
    old.conn.close()
    db = archive.open_archive(path)
    assert db.execute("PRAGMA user_version").fetchone()[0] == len(archive.MIGRATIONS)
    assert [r["id"] for r in archive.search(db, "da nang")] == [1]
    assert [r["id"] for r in archive.search(db, "lanh dao")] == [1]
    assert db.execute("SELECT count(*) FROM search_queue").fetchone()[0] == 0


def test_year_and_month_columns(db):
    rows = db.execute("SELECT published_year, published_month FROM articles WHERE url_key LIKE '%/danvan.html'")
    assert rows.fetchall() == [("2024", "2024-06")]


# --- the CLI -----------------------------------------------------------------------------------

def test_cli_table(vn_path):
    proc = cli("search", "da nang", "--db", vn_path, check=True)
    assert proc.stdout.splitlines()[:5] == [
        "1 article matches 'da nang'",
        "",
        "1. Đảng bộ thành phố Đà Nẵng học tập Nghị quyết",
        "   danang · 2024-03-20 · Hoàng Long",
        "   https://danang.gov.vn/tin-tuc/dang.html",
    ]
    assert "[Đà Nẵng]" in proc.stdout.splitlines()[5]


def test_cli_table_says_exact_matches_come_first(vn_path):
    proc = cli("search", "dân", "--db", vn_path, "--limit", "2", check=True)
    assert proc.stdout.startswith("2 of 5 articles match 'dân' (exact-accent matches first)")


def test_cli_json_is_complete(vn_path):
    proc = cli("search", "dan", "--db", vn_path, "--format", "json", "--limit", "0", check=True)
    rows = json.loads(proc.stdout)
    assert len(rows) == 5
    assert [r["rank"] for r in rows] == [1, 2, 3, 4, 5]
    assert all(list(r) == list(archive.SEARCH_FIELDS) for r in rows)
    assert {r["title"] for r in rows} >= {"Hội nghị tổng kết công tác Dân vận năm 2024"}


def test_cli_csv_with_filters(vn_path):
    proc = cli("search", "dan*", "--db", vn_path, "--format", "csv", "--portal", "travinh",
                   "--since", "03/05/2024", "--until", "2024-06-30", "--sort", "oldest", check=True)
    rows = list(csv.DictReader(io.StringIO(proc.stdout)))
    assert list(rows[0]) == list(archive.SEARCH_FIELDS)
    assert [r["url"] for r in rows] == ["https://travinh.gov.vn/tin-tuc/dan_accent.html",
                                        "https://travinh.gov.vn/tin-tuc/danvan.html"]
    assert rows[0]["snippet"] == "Tỉnh [dẫn] đầu khu vực. [Dẫn] chứng cụ thể được nêu tại hội thảo."


def test_cli_byline_and_nfd_query(vn_path):
    proc = cli("search", nfd("hưởng ứng"), "--db", vn_path, "--byline", "anh tuyet", "--format", "json",
                   check=True)
    assert [r["url"] for r in json.loads(proc.stdout)] == ["https://danang.gov.vn/tin-tuc/nfd.html"]


def test_cli_no_results(vn_path):
    proc = cli("search", "khong co gi", "--db", vn_path, check=True)
    assert proc.stdout.strip() == "No articles match 'khong co gi'."
    assert json.loads(cli("search", "khong co gi", "--db", vn_path, "--format", "json").stdout) == []


@pytest.mark.parametrize("args, message", [
    (['"dan van'], 'Error: unbalanced quotes: a phrase opened with " is never closed'),
    (["AND"], "Error: AND needs a search term on both sides, e.g. 'dang AND dan'"),
    (["*"], 'Error: "*" must follow a word, e.g. dan* for words starting with "dan"'),
    (["dan", "--portal", "nope"], "Error: no portal 'nope' in this archive (archived: danang, soctrang, travinh)"),
    (["dan", "--since", "someday"], "Error: cannot read --since date 'someday' (use 2024-06-14 or 14/06/2024)"),
    (["dan", "--limit", "-1"], "Error: --limit must be 0 (all) or more"),
])
def test_cli_errors_are_one_line(vn_path, args, message):
    proc = cli("search", *args, "--db", vn_path)
    assert proc.returncode == 1
    assert proc.stdout == ""
    assert proc.stderr.strip() == message


def test_cli_missing_archive(tmp_path):
    proc = cli("search", "dan", "--db", tmp_path / "none.db")
    assert proc.returncode == 1
    assert "no archive at" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert not (tmp_path / "none.db").exists()


# --- on the archive crawled from the replica portals --------------------------------------------

def _crawled(crawled_db, replica_live):
    """(open archive, [(slug, truth article, archived row id)]) for replica articles the crawl archived."""
    from urllib.parse import urlsplit

    db = archive.open_archive(crawled_db, create=False)
    ids = {(portal, urlsplit(url).path): i for i, portal, url in db.execute("SELECT id, portal, url FROM articles")}
    pairs = [(slug, truth, ids[(slug, urlsplit(truth["path"]).path)])
             for slug, site in replica_live.sites.items() for truth in site.articles
             if (slug, urlsplit(truth["path"]).path) in ids]
    assert len(pairs) >= 0.8 * sum(len(s.articles) for s in replica_live.sites.values()), "crawl archived too little"
    return db, pairs


def test_replica_titles_are_found_accent_free(crawled_db, replica_live):
    db, pairs = _crawled(crawled_db, replica_live)
    for slug, truth, row_id in pairs[::7]:
        query = f'"{fold(truth["title"])}"'
        hits = [r["id"] for r in archive.search(db, query, portal=slug, limit=None)]
        assert row_id in hits, (query, truth["path"])
        assert archive.search(db, unicodedata.normalize("NFD", truth["title"]), portal=slug, limit=None)


def test_replica_d_and_two_mark_words_fold(crawled_db, replica_live):
    db, pairs = _crawled(crawled_db, replica_live)
    with_d = [(t, i) for _, t, i in pairs if "đ" in t["title"].lower()]
    two_marks = [(t, i) for _, t, i in pairs
                 if any(len([c for c in unicodedata.normalize("NFD", ch) if unicodedata.combining(c)]) == 2
                        for ch in t["title"])]
    assert with_d
    assert two_marks
    for truth, row_id in with_d[:10] + two_marks[:10]:
        word = next(w for w in truth["title"].split()
                    if "đ" in w.lower() or any(len(unicodedata.normalize("NFD", c)) == 3 for c in w))
        hits = [r["id"] for r in archive.search(db, f'"{fold(truth["title"])}" {fold(word)}', limit=None)]
        assert row_id in hits, (word, truth["title"])


def test_replica_exact_accent_matches_rank_first(crawled_db, replica_live):
    from portal_archive.search.textfold import words

    db, pairs = _crawled(crawled_db, replica_live)
    checked = 0
    for _, truth, _ in pairs[::11]:
        for word in [w for w in words(truth["title"]) if has_marks(w)][:2]:
            results = archive.search(db, word, limit=None)
            flags = [r["exact"] for r in results]
            assert flags == sorted(flags, reverse=True), word  # every exact match before any folded one
            for r in results:
                text = " ".join(filter(None, (r["title"], r["byline"], r["captions"],
                                              db.execute("SELECT body_text FROM articles WHERE id = ?",
                                                         [r["id"]]).fetchone()[0])))
                assert (word.lower() in {w.lower() for w in words(text)}) == bool(r["exact"]), (word, r["url"])
            checked += 1
    assert checked >= 10


def test_replica_cli_filters(crawled_db, replica_live):
    db, pairs = _crawled(crawled_db, replica_live)
    slug, truth, row_id = pairs[len(pairs) // 2]
    day = truth["published"][:10]
    vn_day = f"{day[8:10]}/{day[5:7]}/{day[:4]}"
    proc = cli("search", f'"{fold(truth["title"])}"', "--db", crawled_db, "--portal", slug,
                   "--since", vn_day, "--until", vn_day, "--format", "json", check=True)
    rows = json.loads(proc.stdout)
    assert row_id in [r["id"] for r in rows]
    assert all(r["portal"] == slug and r["published_at"].startswith(day) for r in rows)
