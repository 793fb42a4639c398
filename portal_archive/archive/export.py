"""Reading the archive out: per-portal summaries and the article export.
"""
from __future__ import annotations

import json

import sqlite_utils

from crawler.items import COUNTER_KINDS


def portal_stats(db: sqlite_utils.Database) -> list[dict]:
    """Per portal: article count, date range, images, captions, latest counter snapshot, last run."""
    sql = """
    SELECT p.slug AS portal,
           (SELECT count(*) FROM articles a WHERE a.portal = p.slug) AS articles,
           (SELECT min(published_at) FROM articles a WHERE a.portal = p.slug) AS earliest,
           (SELECT max(published_at) FROM articles a WHERE a.portal = p.slug) AS latest,
           (SELECT count(*) FROM images i JOIN articles a ON a.id = i.article_id
             WHERE a.portal = p.slug) AS images,
           (SELECT count(*) FROM images i JOIN articles a ON a.id = i.article_id
             WHERE a.portal = p.slug AND i.caption IS NOT NULL) AS captions,
           (SELECT count(*) FROM counter_snapshots c WHERE c.portal = p.slug) AS snapshots,
           (SELECT total FROM counter_snapshots c WHERE c.portal = p.slug
             ORDER BY fetched_at DESC, id DESC LIMIT 1) AS counter_total,
           (SELECT count(*) FROM crawl_runs r WHERE r.portal = p.slug) AS runs
    FROM portals p ORDER BY p.slug
    """
    return [dict(zip([c[0] for c in cur.description], r)) for cur in [db.execute(sql)] for r in cur.fetchall()]


EXPORT_COLUMNS = ("id", "portal", "url", "title", "published_at", "published_raw", "byline", "authors", "source",
                  "body_text", "content_hash", "story_id", "duplicate_of", "first_seen_at", "last_seen_at",
                  "gone_at", "warc_file", "warc_record_id", "payload_digest")


def article_rules(db: sqlite_utils.Database, portal: str, limit: int = 500) -> list[tuple[str, dict]]:
    """``(url, rules)`` of the newest ``limit`` articles of ``portal``: which rule found each field."""
    return [(url, json.loads(rules) if rules else {}) for url, rules in db.execute(
        "SELECT url, rules FROM articles WHERE portal = ? ORDER BY id DESC LIMIT ?", [portal, limit])]


def iter_export(db: sqlite_utils.Database, portal: str | None = None, since: str | None = None,
                until: str | None = None):
    """Yield article dicts (``EXPORT_COLUMNS`` + ``images`` + ``counters``), newest first, one at a time
    (a cursor, not a list: constant memory on any archive size). ``since``/``until`` compare with
    ``published_at`` (inclusive; a bare date covers the whole day)."""
    where, params = [], []
    if portal:
        where.append("a.portal = ?"); params.append(portal)
    if since:
        where.append("a.published_at >= ?"); params.append(since)
    if until:
        where.append("a.published_at <= ?" if "T" in until else "substr(a.published_at, 1, 10) <= ?")
        params.append(until)
    counters = ", ".join(f"'{k}', c.{k}" for k in COUNTER_KINDS)
    columns = ", ".join("a." + c for c in EXPORT_COLUMNS)
    sql = (f"SELECT {columns}, "
           "(SELECT json_group_array(json_object('src', i.src, 'caption', i.caption)) FROM "
           " (SELECT src, caption FROM images WHERE article_id = a.id ORDER BY position) i) AS images, "
           f"(SELECT json_object({counters}) FROM counter_snapshots c "
           " WHERE c.page_url = a.url ORDER BY c.fetched_at DESC LIMIT 1) AS counters "
           f"FROM articles a {'WHERE ' + ' AND '.join(where) if where else ''} "
           "ORDER BY a.published_at DESC, a.id DESC")
    cursor = db.conn.execute(sql, params)
    names = [d[0] for d in cursor.description]
    for row in cursor:
        rec = dict(zip(names, row))
        rec["images"] = json.loads(rec["images"])
        rec["counters"] = json.loads(rec["counters"]) if rec["counters"] else None
        rec["authors"] = json.loads(rec["authors"]) if rec["authors"] else []
        yield rec
