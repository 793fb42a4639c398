"""Datasette on the archive, in-process: metadata, accent-free search box, facets, canned queries, rendering."""
from __future__ import annotations

import asyncio
import json

import pytest

from portal_archive.datasette import load_metadata, make_datasette
from portal_archive import archive
from tests.vn_archive import ARTICLES, article_id, build_archive, record


@pytest.fixture(scope="module")
def vn_path(tmp_path_factory):
    path = tmp_path_factory.mktemp("ds") / "archive.db"
    db = build_archive(path)
    changed = {**record("covid"), "title": "Tiêm vắc xin COVID-19 cho trẻ em từ 5 tuổi",
               "content_hash": "changed", "fetched_at": "2024-07-02T03:00:00+00:00",
               "last_seen_at": "2024-07-02T03:00:00+00:00"}
    archive.store_batch(db, [changed])
    db.conn.close()
    return path


@pytest.fixture(scope="module")
def ds(vn_path):
    return make_datasette(vn_path)


def get(ds, path):
    return asyncio.run(ds.client.get(path))


def rows(ds, path):
    response = get(ds, path + ("&" if "?" in path else "?") + "_shape=array")
    assert response.status_code == 200, response.text[:500]
    return response.json()


def urls(result):
    return [r["url"].rsplit("/", 1)[-1].removesuffix(".html") for r in result]


def test_every_visible_table_and_column_is_described(ds, vn_path):
    db = archive.open_archive(vn_path, create=False)
    meta = load_metadata()["databases"]["archive"]["tables"]
    tables = json.loads(get(ds, "/archive.json").text)
    visible = [t["name"] for t in tables["tables"] if not t["hidden"]] + [v["name"] for v in tables["views"]]
    assert {"articles", "images", "portals", "crawl_runs", "counter_snapshots", "counter_daily",
            "images_gallery"} <= set(visible)
    for name in visible:
        assert meta.get(name, {}).get("title"), name
        assert meta[name].get("description"), name
        columns = [r[1] for r in db.execute(f"PRAGMA table_xinfo([{name}])") if r[1]]
        missing = [c for c in columns if c not in meta[name].get("columns", {})]
        assert not missing, f"{name}: no description for {missing}"


def test_internal_tables_are_hidden(ds):
    tables = {t["name"]: t["hidden"] for t in json.loads(get(ds, "/archive.json").text)["tables"]}
    for name in ("articles_fts", "articles_fts_data", "articles_fts_idx", "articles_fts_content",
                 "articles_fts_docsize", "articles_fts_config", "search_queue", "search_words", "search_log",
                 "frontier",
                 "simhash_bands"):
        assert tables[name] is True, name
    assert tables["articles"] is False
    assert tables["images"] is False


def test_metadata_follows_the_database_name():
    assert list(load_metadata("my-archive")["databases"]) == ["my-archive"]


@pytest.mark.parametrize("query, expected", [
    ("da nang", ["dang"]), ("dang", ["dang"]), ("Đảng", ["dang"]), ("tra vinh", ["danvan", "dan_accent"]),
    ("truong", ["danvan"]), ("huong ung", ["nfd"]), ("ghe ngo", ["caption_only"]),
    ("dan van", ["danvan", "nodate"]), ('"dan van', ["danvan"]),  # Datasette closes the quote: a phrase
])
def test_articles_search_box_is_accent_free(ds, query, expected):
    result = rows(ds, f"/archive/articles.json?_search={query}")
    assert sorted(urls(result)) == sorted(expected)


def test_articles_page_has_search_box_facets_and_newest_first(ds):
    page = get(ds, "/archive/articles")
    assert page.status_code == 200
    assert 'name="_search"' in page.text
    data = get(ds, "/archive/articles.json?_size=100").json()
    assert set(data["facet_results"]) == {"portal", "published_year", "published_month", "authors"}
    years = {f["value"]: f["count"] for f in data["facet_results"]["published_year"]["results"]}
    assert years == {"2024": 5, "2023": 1, "2022": 1}
    dated = [r[data["columns"].index("published_at")] for r in data["rows"]]
    assert dated[0] == "2024-06-14T08:15:00+07:00"
    assert [d for d in dated if d] == sorted([d for d in dated if d], reverse=True)


def test_article_urls_are_links(ds):
    page = get(ds, "/archive/articles").text
    assert ('<a href="https://danang.gov.vn/tin-tuc/dang.html" target="_blank" rel="noopener noreferrer">'
            in page)


def test_images_not_captured_show_their_caption_and_are_never_loaded_from_the_portal(ds):
    page = get(ds, "/archive/images").text
    assert '<img src="https://danang.gov.vn/img/nghiquyet.jpg"' not in page
    assert '<a href="https://danang.gov.vn/img/nghiquyet.jpg"' in page
    assert '<span class="pa-not-captured">not in the archive</span>' in page
    assert "Đua ghe Ngo trên sông Maspero</figcaption>" in page
    gallery = get(ds, "/archive/images_gallery").text
    assert '<img src="https://soctrang.gov.vn/img/ghe-ngo.jpg"' not in gallery


def test_canned_search_ranks_and_highlights(ds):
    result = rows(ds, "/archive/search.json?q=dân&portal=")
    assert urls(result)[-1] == "dan_accent"
    assert [r["exact"] for r in result] == [1, 1, 1, 1, 0]
    assert rows(ds, "/archive/search.json?q=da+nang&portal=")[0]["snippet"] == \
        "Đảng bộ thành phố ⟦Đà Nẵng⟧ tổ chức học tập, quán triệt Nghị quyết của Đảng."
    travinh = rows(ds, "/archive/search.json?q=dan&portal=travinh")
    assert set(urls(travinh)) == {"danvan", "dan_accent", "dan_dan"}
    assert {r["exact"] for r in travinh} == {0}  # typed without accents: no spelling preferred
    page = get(ds, "/archive/search?q=da+nang&portal=").text
    assert "<mark>Đà Nẵng</mark>" in page


@pytest.mark.parametrize("query, portal", [("dân", ""), ("dan", "travinh"), ("hoi nghi OR covid", ""),
                                           ('"da nang"', "danang"), ("nope-zzz", ""), ("dan", "nope")])
def test_canned_search_is_the_cli_ranking(ds, vn_path, query, portal):
    """The canned query runs archive.search itself (pa_search): same order, exact flags and snippets."""
    db = archive.open_archive(vn_path, create=False)
    try:
        expected = archive.search(db, query, portal=portal or None, limit=200, highlight=("⟦", "⟧"))
    except archive.SearchError:  # an unknown portal: no rows, as for a query that matches nothing
        expected = []
    got = rows(ds, f"/archive/search.json?q={query}&portal={portal}")
    assert [(r["id"], r["exact"], r["snippet"]) for r in got] == \
        [(r["id"], r["exact"], r["snippet"]) for r in expected]


def test_canned_search_explains_a_malformed_query(ds):
    result = rows(ds, "/archive/search.json?q=%22dan+van&portal=")
    assert result == [{"id": None, "published_at": None, "portal": None,
                       "title": 'Cannot search: unbalanced quotes: a phrase opened with " is never closed',
                       "snippet": None, "byline": None, "url": None, "exact": None}]
    assert rows(ds, "/archive/search.json?q=&portal=") == []


def test_canned_articles_per_month(ds):
    result = rows(ds, "/archive/articles_per_month.json")
    assert {"portal": "travinh", "month": "2024-05", "articles": 2} in result
    assert result[0]["month"] == "2024-06"


def test_canned_counter_series(ds):
    assert rows(ds, "/archive/counter_series.json?portal=travinh") == [
        {"portal": "travinh", "day": "2024-06-30", "total": 1735000, "total_delta": None, "today": 410,
         "online": 12, "reset": 0},
        {"portal": "travinh", "day": "2024-07-01", "total": 1735685, "total_delta": 685, "today": 385,
         "online": 12, "reset": 0},
    ]
    assert {r["portal"] for r in rows(ds, "/archive/counter_series.json?portal=")} == {"travinh", "danang"}


def test_canned_recently_changed(ds, vn_path):
    result = rows(ds, "/archive/recently_changed.json")
    assert len(result) == 1
    assert result[0]["title"] == "Tiêm vắc xin COVID-19 cho trẻ em từ 5 tuổi"
    assert result[0]["previous_title"] == "Tiêm vắc xin COVID-19 cho trẻ em"
    assert result[0]["article_id"] == article_id(archive.open_archive(vn_path, create=False), "covid")


def test_every_canned_query_runs(ds):
    queries = load_metadata()["databases"]["archive"]["queries"]
    for name in queries:
        response = get(ds, f"/archive/{name}.json?q=dan&portal=")
        assert response.status_code == 200, (name, response.text[:300])
        assert response.json().get("ok", True), name
    assert len(ARTICLES) == rows(ds, "/archive.json?sql=select+count(*)+as+n+from+articles")[0]["n"]


def test_search_box_on_the_crawled_replica(crawled_db, replica_live):
    from urllib.parse import quote, urlsplit

    from portal_archive.search.textfold import fold

    replica_ds = make_datasette(crawled_db)
    for slug, site in replica_live.sites.items():
        truth = site.articles[len(site.articles) // 2]
        result = rows(replica_ds, f"/archive/articles.json?portal={slug}&_search={quote(fold(truth['title']))}")
        assert urlsplit(truth["path"]).path in [urlsplit(r["url"]).path for r in result], truth["title"]
        canned = rows(replica_ds, f"/archive/search.json?q={quote(fold(truth['title']))}&portal={slug}")
        assert urlsplit(truth["path"]).path in [urlsplit(r["url"]).path for r in canned[:3]]  # titles repeat


def test_serve_without_an_archive_is_one_clean_line(tmp_path):
    from tests.conftest import cli

    proc = cli("serve", "--db", tmp_path / "none.db", "--port", "8999")
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    assert proc.stderr.strip().startswith("Error: no archive at")
    assert not (tmp_path / "none.db").exists()
