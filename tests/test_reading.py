"""The reading room in process: the article_authors view and the authors facet, the table search's highlighted
text, and the reading page's helpers (paragraphs, credits, image places, Vietnamese dates)."""
from __future__ import annotations

import asyncio
import json

import pytest

from crawler.extract.bylines import split_authors
from crawler.items import Article
from portal_archive import archive
from portal_archive.datasette import make_datasette
from pipelines.normalize import normalize_article
from portal_archive.datasette.reading import image_slots, split_credit, vn_datetime
from tests.vn_archive import build_archive


def test_article_authors_keeps_the_credit(tmp_path):
    db = build_archive(tmp_path / "a.db")
    for i, byline in enumerate(["Tin, ảnh: Tấn Lập", "Tấn Lập", "Bài: Minh Anh - Ảnh: Tấn Lập"]):
        url = f"https://travinh.gov.vn/tin/{i}.html"
        archive.store_batch(db, [{"url": url, "url_key": url, "portal": "travinh", "title": f"Bài {i}",
                                  "body_text": f"Nội dung {i}.", "byline": byline, "content_hash": f"h{i}",
                                  "authors": json.dumps(split_authors(byline), ensure_ascii=False),
                                  "fetched_at": "2024-07-01T03:00:00+00:00"}])
    credited = db.execute("SELECT author, credit FROM article_authors WHERE author = 'Tấn Lập' "
                          "ORDER BY article_id").fetchall()
    assert credited == [("Tấn Lập", "Tin, ảnh"), ("Tấn Lập", None), ("Tấn Lập", None)]
    ds = make_datasette(tmp_path / "a.db")
    facet = asyncio.run(ds.client.get("/a/articles.json?_facet_array=authors")).json()
    counts = {r["value"]: r["count"] for r in facet["facet_results"]["authors"]["results"]}
    assert counts["Tấn Lập"] == 3


def test_table_search_shows_the_text_around_the_hits(tmp_path):
    build_archive(tmp_path / "a.db").conn.close()
    ds = make_datasette(tmp_path / "a.db")
    html = asyncio.run(ds.client.get("/a/articles?_search=da+nang")).text
    assert "Đảng bộ thành phố <mark>Đà Nẵng</mark>" in html
    assert '<a href="/a/articles/' in html


def test_reading_helpers():
    assert split_credit("Quang cảnh hội nghị (Ảnh: Tấn Lập)") == ("Quang cảnh hội nghị", "Ảnh: Tấn Lập")
    assert split_credit("Bức ảnh: kỷ niệm") == ("Bức ảnh: kỷ niệm", None)
    assert image_slots(6, 3) == [1, 2, 4]
    assert image_slots(0, 2) == [0, 0]
    assert vn_datetime("2024-06-14T08:15:00+07:00") == "Thứ Sáu, 14/06/2024, 08:15 (GMT+7)"
    assert vn_datetime("2023-12-31") == "Chủ nhật, 31/12/2023"


def test_article_page_lists_its_revisions(tmp_path):
    from tests.vn_archive import article_id, record

    db = build_archive(tmp_path / "a.db")
    changed = {**record("covid"), "title": "Tiêm vắc xin COVID-19 cho trẻ em từ 5 tuổi",
               "content_hash": "changed", "fetched_at": "2024-07-02T03:00:00+00:00",
               "last_seen_at": "2024-07-02T03:00:00+00:00"}
    archive.store_batch(db, [changed])
    covid = article_id(db, "covid")
    summary = db.execute("SELECT diff_summary FROM article_versions WHERE article_id = ?", [covid]).fetchone()[0]
    ds = make_datasette(tmp_path / "a.db")
    html = asyncio.run(ds.client.get(f"/a/articles/{covid}")).text
    assert "The portal changed this article 1 time after it was first archived" in html
    assert f'<div class="pa-diff">{summary}</div>' in html
    assert ">Tiêm vắc xin COVID-19 cho trẻ em</a>" in html  # the earlier headline, linked to that version


def test_article_page_without_a_date_says_so(tmp_path):
    from tests.vn_archive import article_id

    db = build_archive(tmp_path / "a.db")
    ds = make_datasette(tmp_path / "a.db")
    html = asyncio.run(ds.client.get(f"/a/articles/{article_id(db, 'nodate')}")).text
    assert "no publication date on the page" in html


def test_authors_table_links_to_the_articles(tmp_path):
    db = build_archive(tmp_path / "a.db")
    url = "https://travinh.gov.vn/tin/x.html"
    archive.store_batch(db, [{"url": url, "url_key": url, "portal": "travinh",
                              "title": "Ngày hội đại đoàn kết", "body_text": "Nội dung.",
                              "byline": "Tin, ảnh: Tấn Lập", "content_hash": "hx",
                              "authors": json.dumps(["Tấn Lập"], ensure_ascii=False),
                              "fetched_at": "2024-07-01T03:00:00+00:00"}])
    article = db.execute("SELECT id FROM articles WHERE url = ?", [url]).fetchone()[0]
    html = asyncio.run(make_datasette(tmp_path / "a.db").client.get("/a/article_authors")).text
    assert f'<a href="/a/articles/{article}">Ngày hội đại đoàn kết</a>' in html


@pytest.mark.parametrize("byline, people", [
    ("THUẬN VĂN - LÊ ÁNH", ["Thuận Văn", "Lê Ánh"]),  # capitals: the same people as "Thuận Văn", "Lê Ánh"
    ("Tin, ảnh: TẤN LẬP", ["Tấn Lập"]),
    ("Tin, ảnh: P.Y", ["P.Y"]),  # initials stay
    ("Bài: Tấn Lập - Ảnh: TẤN LẬP", ["Tấn Lập"]),  # one person once
])
def test_authors_are_one_spelling_per_person(byline, people):
    article = Article(url="https://tinh.gov.vn/a.html", byline=byline, authors=split_authors(byline),
                      fetched_at="2024-07-01T03:00:00+00:00")
    normalized = normalize_article(article)
    assert normalized.authors == people
    assert normalized.byline == byline  # as printed


def test_portal_page_charts_each_day_and_says_when_there_is_nothing(tmp_path):
    build_archive(tmp_path / "a.db").conn.close()
    ds = make_datasette(tmp_path / "a.db")
    travinh = asyncio.run(ds.client.get("/a/portals/travinh")).text
    assert travinh.count('<circle class="pa-point"') == 2  # 2024-06-30 and 2024-07-01
    assert '<rect class="pa-bar"' in travinh  # +685 on the second day
    assert "No counter readings for this portal yet." in asyncio.run(ds.client.get("/a/portals/soctrang")).text


def test_article_page_names_the_same_story_elsewhere_and_how_to_cite_it(tmp_path):
    from tests.vn_archive import article_id, record

    db = build_archive(tmp_path / "a.db")
    copy = {**record("dang"), "url": "https://travinh.gov.vn/tin/dang-copy.html", "portal": "travinh"}
    archive.store_batch(db, [{**copy, "url_key": copy["url"]}])
    original = article_id(db, "dang")
    copied = db.execute("SELECT id, story_id FROM articles WHERE url = ?", [copy["url"]]).fetchone()
    assert copied[1] == original  # the archive linked them as one story
    html = asyncio.run(make_datasette(tmp_path / "a.db").client.get(f"/a/articles/{original}")).text
    assert f'<a href="/a/articles/{copied[0]}">Đảng bộ thành phố Đà Nẵng học tập Nghị quyết</a>' in html
    assert ("“Đảng bộ thành phố Đà Nẵng học tập Nghị quyết”. Cổng thông tin danang. 2024-03-20. "
            "https://danang.gov.vn/tin-tuc/dang.html. Archived 2024-07-01.") in html
