"""A small literal Vietnamese archive for the search and Datasette tests, built through ``archive.store_batch``.

Every matching rule has an article that only it can find: đ/Đ ("Đảng", "Đà Nẵng"), two-mark letters
("Trưởng", "hưởng ứng", "Tập huấn"), NFD text, "dân" beside "dẫn", captions and bylines.
"""
from __future__ import annotations

import unicodedata
from types import SimpleNamespace

import sqlite_utils

from portal_archive import archive

FETCHED = "2024-07-01T03:00:00+00:00"
PORTALS = ("travinh", "danang", "soctrang")


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


# key -> (portal, published_at, title, body, byline, images)
ARTICLES = {
    "danvan": ("travinh", "2024-06-14T08:15:00+07:00", "Hội nghị tổng kết công tác Dân vận năm 2024",
               "Ban Dân vận Tỉnh ủy Trà Vinh tổ chức hội nghị tổng kết công tác dân vận. "
               "Đồng chí Trưởng ban phát biểu chỉ đạo.", "Ngọc Trâm",
               [("https://travinh.gov.vn/img/hoinghi.jpg", "Quang cảnh hội nghị Dân vận")]),
    "dan_dan": ("travinh", "2024-05-02T10:00:00+07:00", "Người dân xã Long Đức được hỗ trợ",
                "Người dân được hỗ trợ vốn. Người dân phấn khởi.", "Thanh Hòa", []),
    "dan_accent": ("travinh", "2024-05-03T10:00:00+07:00", "Trà Vinh dẫn đầu khu vực về chuyển đổi số",
                   "Tỉnh dẫn đầu khu vực. Dẫn chứng cụ thể được nêu tại hội thảo.", "Minh Khôi", []),
    "dang": ("danang", "2024-03-20T09:00:00+07:00", "Đảng bộ thành phố Đà Nẵng học tập Nghị quyết",
             "Đảng bộ thành phố Đà Nẵng tổ chức học tập, quán triệt Nghị quyết của Đảng.", "Hoàng Long",
             [("https://danang.gov.vn/img/nghiquyet.jpg", "Lãnh đạo thành phố dự hội nghị")]),
    "nfd": ("danang", "2023-12-31", nfd("Tập huấn phòng chống thiên tai"),
            nfd("Người dân hưởng ứng tích cực đợt tập huấn ở Sơn Trà."), nfd("Trần Thị Ánh Tuyết"), []),
    "caption_only": ("soctrang", "2024-01-15T14:00:00+07:00", "Lễ hội Oóc Om Bóc",
                     "Lễ hội diễn ra sôi nổi tại thành phố.", None,
                     [("https://soctrang.gov.vn/img/ghe-ngo.jpg", "Đua ghe Ngo trên sông Maspero")]),
    "nodate": ("soctrang", None, "Thông báo lịch tiếp công dân",
               "Lịch tiếp công dân của Ủy ban nhân dân tỉnh.", "Văn phòng UBND tỉnh", []),
    "covid": ("soctrang", "2022-02-10T07:00:00+07:00", "Tiêm vắc xin COVID-19 cho trẻ em",
              "Sóc Trăng triển khai tiêm vắc xin phòng COVID-19 cho trẻ từ 5 đến 11 tuổi.",
              "PV", []),
}


def record(key: str) -> dict:
    portal, published, title, body, byline, images = ARTICLES[key]
    url = f"https://{portal}.gov.vn/tin-tuc/{key}.html"
    return {"url": url, "url_key": url, "portal": portal, "title": title, "body_text": body,
            "published_at": published, "published_raw": published, "byline": byline,
            "content_hash": f"hash-{key}-{len(body)}", "first_seen_at": FETCHED, "last_seen_at": FETCHED,
            "fetched_at": FETCHED, "images": [{"src": s, "caption": c} for s, c in images]}


def build_archive(path) -> sqlite_utils.Database:
    """Create the archive at ``path`` with every article above; return the open database."""
    db = archive.open_archive(path)
    for slug in PORTALS:
        archive.upsert_portal(db, SimpleNamespace(slug=slug, name=f"Cổng thông tin {slug}", kind="province",
                                                  family="test", domains=[f"{slug}.gov.vn"],
                                                  start_urls=[f"https://{slug}.gov.vn/"]), FETCHED)
    archive.store_batch(db, [record(k) for k in ARTICLES], SNAPSHOTS)
    return db


def snapshot(portal: str, fetched_at: str, total: int, today: int) -> dict:
    return {"portal": portal, "page_url": f"https://{portal}.gov.vn/", "fetched_at": fetched_at,
            "online": 12, "today": today, "yesterday": None, "week": None, "month": None, "year": None,
            "total": total, "counters_raw": f'{{"total": "{total:,}"}}'.replace(",", ".")}


SNAPSHOTS = [snapshot("travinh", "2024-06-30T03:00:00+00:00", 1735000, 410),
             snapshot("travinh", "2024-07-01T03:00:00+00:00", 1735685, 385),
             snapshot("danang", "2024-07-01T03:00:00+00:00", 98000, 77)]


def article_id(db, key: str) -> int | None:
    row = db.execute("SELECT id FROM articles WHERE url_key = ?", [record(key)["url"]]).fetchone()
    return row[0] if row else None
