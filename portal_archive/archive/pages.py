"""What the reading room's pages show beyond their row (``portal_archive.datasette.reading``): read-only."""
from __future__ import annotations

import sqlite_utils

from portal_archive.archive.db import dicts


def article_page(db: sqlite_utils.Database, article_id) -> dict | None:
    """Article ``article_id`` (with its portal's name as ``portal_name``) and what its page lists beside it:
    ``images`` (in order, with their capture status), ``urls`` (every URL it was seen under), ``versions`` (its
    earlier texts, newest first) and ``story`` (other articles of its story, at most 50); None if no such article."""
    rows = dicts(db.execute("SELECT a.*, p.name AS portal_name FROM articles a "
                            "LEFT JOIN portals p ON p.slug = a.portal WHERE a.id = ?", [article_id]))
    if not rows:
        return None
    a = rows[0]
    return {
        "article": a,
        "images": dicts(db.execute("SELECT id, position, src, caption, after_paragraph, capture_status FROM images "
                                   "WHERE article_id = ? ORDER BY position", [article_id])),
        "urls": dicts(db.execute("SELECT url, first_seen_at FROM article_urls WHERE url_key = ? "
                                 "ORDER BY first_seen_at, url", [a["url_key"]])) if a.get("url_key") else [],
        "versions": dicts(db.execute(
            "SELECT id, title, fetched_at, replaced_at, diff_summary, warc_file, warc_record_id FROM article_versions "
            "WHERE article_id = ? ORDER BY replaced_at DESC, id DESC", [article_id])),
        "story": dicts(db.execute(
            "SELECT id, portal, title, published_at FROM articles WHERE story_id = ? AND id != ? "
            "ORDER BY published_at, id LIMIT 50", [a["story_id"], article_id])) if a.get("story_id") is not None else [],
    }


def counter_history(db: sqlite_utils.Database, slug: str) -> tuple[list[dict], int]:
    """A portal's ``counter_daily`` rows in day order, and how many counter readings it has."""
    days = dicts(db.execute("SELECT day, total, total_delta, today, online, reset FROM counter_daily "
                            "WHERE portal = ? ORDER BY day", [slug]))
    return days, db.execute("SELECT count(*) FROM counter_snapshots WHERE portal = ?", [slug]).fetchone()[0]
