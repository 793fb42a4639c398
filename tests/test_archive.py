"""The archive on a real SQLite file: migrations, upserts, revisions, story links, gone marks, frontier."""
from __future__ import annotations

import sqlite3

import pytest

from crawler.items import Article, Image, UrlEvent
from crawler.urls import canonical_url, url_key
from portal_archive import archive
from pipelines.normalize import normalize_article, normalize_event
from pipelines.store import article_record

BODY = ("Sáng 14/6, Ban Dân vận Tỉnh ủy Trà Vinh tổ chức hội nghị sơ kết công tác dân vận sáu tháng đầu năm.\n\n"
        "Hội nghị đánh giá kết quả thực hiện phong trào thi đua “Dân vận khéo” tại các xã, phường, thị trấn.")


class Profile:
    slug, name, kind, family, domains, start_urls = "p1", "Portal 1", "province", "test", ["a.vn"], ["http://a.vn/"]


def record(url, body=BODY, portal="p1", title="Hội nghị sơ kết công tác dân vận", fetched="2026-01-01T00:00:00+00:00",
           requested=None):
    art = Article(url=url, portal=portal, title=title, body_text=body, published_raw="Thứ Ba, 14/06/2022 - 10:30",
                  byline="Tin, ảnh: Tấn Lập", images=[Image("http://a.vn/1.jpg", "Quang cảnh hội nghị")],
                  fetched_at=fetched, requested_urls=requested or [url])
    return article_record(normalize_article(art))


@pytest.fixture
def db(tmp_path):
    db = archive.open_archive(tmp_path / "a.db")
    for slug in ("p1", "p2"):
        Profile.slug = slug
        archive.upsert_portal(db, Profile, "2026-01-01T00:00:00+00:00")
    yield db
    db.conn.close()


def test_migrations_are_recorded_and_idempotent(tmp_path):
    path = tmp_path / "m.db"
    archive.open_archive(path).conn.close()
    db = archive.open_archive(path)
    assert db.execute("PRAGMA user_version").fetchone()[0] == len(archive.MIGRATIONS)
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert {"articles", "images", "counter_snapshots", "crawl_runs", "article_versions", "frontier"} <= set(db.table_names())


def test_url_variants_are_one_record_with_all_urls_known(db):
    counts = archive.store_batch(db, [record("http://www.a.vn/tin/1.html?utm_source=fb"),
                                      record("https://a.vn/tin/1.html?print=1")])
    assert counts["new"] == 1
    assert counts["unchanged"] == 1
    assert db.execute("SELECT count(*) FROM articles").fetchone()[0] == 1
    urls = [r[0] for r in db.execute("SELECT url FROM article_urls ORDER BY url")]
    assert urls == ["http://www.a.vn/tin/1.html", "https://a.vn/tin/1.html?print=1"]


def test_a_batch_is_written_whole_or_not_at_all(db, tmp_path):
    """A batch that fails part-way (here: its third record cannot be bound) leaves nothing behind, as seen
    from another connection: not the first article, its URLs or images, nor the frontier entries."""
    good = record("http://a.vn/tin/10.html")
    bad = {**record("http://a.vn/tin/11.html"), "title": object()}
    events = [vars(normalize_event(UrlEvent("p1", "http://a.vn/tin/12.html", "discovered",
                                            "2026-01-01T00:00:00+00:00")))]
    with pytest.raises(sqlite3.Error):
        archive.store_batch(db, [good, record("http://a.vn/tin/13.html", body=BODY + " Thêm."), bad], events=events)
    other = sqlite3.connect(tmp_path / "a.db")
    for table in ("articles", "article_urls", "images", "simhash_bands", "frontier", "search_queue"):
        assert other.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 0, table
    assert not db.conn.in_transaction
    archive.store_batch(db, [good], events=events)  # the same connection writes on normally afterwards
    assert other.execute("SELECT count(*) FROM articles").fetchone()[0] == 1
    assert other.execute("SELECT state FROM frontier").fetchone()[0] == "pending"


def test_changed_article_keeps_previous_version(db):
    archive.store_batch(db, [record("http://a.vn/tin/2.html")])
    edited = BODY + "\n\nĐến nay, toàn tỉnh có 120 mô hình dân vận khéo được công nhận."
    counts = archive.store_batch(db, [record("http://a.vn/tin/2.html", body=edited, fetched="2026-02-01T00:00:00+00:00")])
    assert counts == {"new": 0, "updated": 1, "unchanged": 0, "gone": 0, "snapshots": 0}
    row = db.execute("SELECT body_text, first_seen_at, last_seen_at FROM articles").fetchone()
    assert row == (edited, "2026-01-01T00:00:00+00:00", "2026-02-01T00:00:00+00:00")
    version = db.execute("SELECT body_text, fetched_at, replaced_at, diff_summary FROM article_versions").fetchone()
    assert version == (BODY, "2026-01-01T00:00:00+00:00", "2026-02-01T00:00:00+00:00", "body: +1/-0 paragraphs")
    assert db.execute("SELECT count(*) FROM images").fetchone()[0] == 1


def test_syndicated_story_is_kept_per_portal_and_linked(db):
    archive.store_batch(db, [record("http://a.vn/tin/3.html")])
    archive.store_batch(db, [record("http://b.vn/bai/99.html", portal="p2")])
    rows = db.execute("SELECT id, portal, story_id, duplicate_of FROM articles ORDER BY id").fetchall()
    assert [r[1] for r in rows] == ["p1", "p2"]
    assert rows[1][2] == rows[0][0] == rows[0][2]
    assert rows[1][3] == rows[0][0]


def test_gone_and_frontier_events(db):
    archive.store_batch(db, [record("http://a.vn/tin/4.html")])
    found = normalize_event(UrlEvent("p1", "http://a.vn/tin/5.html", "discovered", "2026-01-02T00:00:00+00:00"))
    gone = normalize_event(UrlEvent("p1", "http://a.vn/tin/4.html", "gone", "2026-01-03T00:00:00+00:00", 404))
    counts = archive.store_batch(db, [], events=[vars(found), vars(gone)])
    assert counts["gone"] == 1
    assert db.execute("SELECT gone_at, gone_reason FROM articles").fetchone() == ("2026-01-03T00:00:00+00:00", "HTTP 404")
    state = archive.crawl_state(db, "p1")
    assert state["pending"] == ["http://a.vn/tin/5.html"]
    assert url_key("http://a.vn/tin/4.html") in state["skip"]
    archive.store_batch(db, [record("http://a.vn/tin/5.html")])
    assert archive.crawl_state(db, "p1")["pending"] == []


def test_an_address_that_redirects_is_done_with_the_article_it_leads_to(db):
    """A queued address answered by a redirect is done once the article it led to is stored (it is one of the
    addresses that article was fetched under), or once a ``moved`` event says it leads to an article address
    queued or archived already; either way it is known as one of that article's URLs."""
    def event(url, kind, target=None):
        return vars(normalize_event(UrlEvent("p1", url, kind, "2026-01-02T00:00:00+00:00", 301, target)))
    archive.store_batch(db, [], events=[event("http://a.vn/cu/6.html", "discovered"),
                                        event("http://a.vn/cu/7.html", "discovered")])
    assert len(archive.crawl_state(db, "p1")["pending"]) == 2
    archive.store_batch(db, [record("http://a.vn/tin/6.html", requested=["http://a.vn/cu/6.html", "http://a.vn/tin/6.html"])])
    assert archive.crawl_state(db, "p1")["pending"] == ["http://a.vn/cu/7.html"]
    archive.store_batch(db, [], events=[event("http://a.vn/cu/7.html", "moved", target="http://a.vn/tin/6.html")])
    assert archive.crawl_state(db, "p1")["pending"] == []
    urls = db.execute("SELECT u.url FROM article_urls u JOIN articles a USING (url_key) ORDER BY u.url").fetchall()
    assert [u for (u,) in urls] == ["http://a.vn/cu/6.html", "http://a.vn/cu/7.html", "http://a.vn/tin/6.html"]


def test_url_identity():
    assert canonical_url("HTTP://WWW.A.VN:80/x/?utm_medium=a&id=2&b=1#top") == "http://www.a.vn/x/?b=1&id=2"
    assert canonical_url("http://a.vn/Tin/1.aspx;jsessionid=ABC123") == "http://a.vn/Tin/1.aspx"
    assert url_key("https://m.a.vn/print/tin/index.html") == url_key("http://www.a.vn/tin/") == "a.vn/tin"
    assert url_key("http://a.vn/Tin/1.ASPX", case_insensitive=True) == "a.vn/tin/1.aspx"
    assert url_key("http://a.vn/tin?id=1&print=1") == "a.vn/tin?id=1"


def test_counter_daily_view_flags_resets(db):
    snaps = [{"portal": "p1", "page_url": "http://a.vn/", "fetched_at": at, "total": total, "today": 1,
              "counters_raw": "{}"} for at, total in [("2026-01-01T10:00:00+00:00", 1000),
                                                        ("2026-01-02T10:00:00+00:00", 1500),
                                                        ("2026-01-03T10:00:00+00:00", 20)]]
    archive.store_batch(db, [], snaps)
    rows = db.execute("SELECT day, total, total_delta, reset FROM counter_daily ORDER BY day").fetchall()
    assert rows == [("2026-01-01", 1000, None, 0), ("2026-01-02", 1500, 500, 0), ("2026-01-03", 20, -1480, 1)]


def test_a_duplicate_article_still_gives_its_pages_counters():
    """The article item carries its page's counter snapshot: dropping a duplicate article keeps the snapshot."""
    import pytest
    from scrapy.exceptions import DropItem

    from crawler.items import Article, CounterSnapshot
    from pipelines.dedup import DedupPipeline
    from pipelines.normalize import normalize_article

    def article(url, counters):
        return normalize_article(Article(url=url, portal="p", title="Tiêu đề", body_text="Nội dung",
                                         counters_raw=counters, fetched_at="2026-11-27T10:00:00+00:00"))
    dedup = DedupPipeline()
    first = article("http://a.vn/tin/1.html", {"total": "1.234"})
    assert dedup.process_item(first) is first
    again = dedup.process_item(article("http://www.a.vn/tin/1.html", {"total": "1.240"}))
    assert isinstance(again, CounterSnapshot)
    assert (again.page_url, again.counters, again.fetched_at) == (
        "http://www.a.vn/tin/1.html", {"total": 1240}, "2026-11-27T10:00:00+00:00")
    with pytest.raises(DropItem):
        dedup.process_item(article("http://a.vn/tin/1.html?utm_source=x", None))
