"""Writing crawled records: portals, articles (with revisions, images, URLs and story links), URL events.
"""
from __future__ import annotations

import functools
import json
from datetime import datetime, timedelta
from typing import Iterable

import sqlite_utils

from crawler.urls import url_key
from portal_archive.archive.captures import CAPTURE_COLUMNS
from portal_archive.archive.db import transaction, utcnow
from portal_archive.archive.fts import refresh_search_index
from portal_archive.archive.stories import diff_summary, find_story, simhash_bands


def upsert_portal(db: sqlite_utils.Database, profile, crawled_at: str) -> None:
    existing = db["portals"].rows_where("slug = ?", [profile.slug])
    first = next(iter(existing), {}).get("first_crawled_at") or crawled_at
    db["portals"].upsert({
        "slug": profile.slug, "name": profile.name, "kind": profile.kind, "family": profile.family,
        "domains": json.dumps(profile.domains), "start_urls": json.dumps(profile.start_urls),
        "first_crawled_at": first, "last_crawled_at": crawled_at,
    }, pk="slug")


def store_batch(db: sqlite_utils.Database, articles: Iterable[dict], snapshots: Iterable[dict] = (),
                events: Iterable[dict] = (), run_id: int | None = None) -> dict[str, int]:
    """Write normalised records in one transaction (an article and its frontier "done" mark commit together).

    Articles are keyed by ``url_key``: a new key inserts (linked to an earlier story with the same or a
    near-identical text); a known key with the same content hash only updates ``last_seen_at``; a changed
    one keeps the previous text in ``article_versions``. A stored text records ``run_id``, the run that
    stored it. Events: ``discovered`` queues a URL in the
    frontier, ``alias`` records another URL of the same article, ``gone`` marks a known article ``gone_at``,
    ``not_modified`` refreshes ``last_seen_at``, ``disallowed`` (robots.txt) settles a queued URL ``failed``.
    Returns counts ``{"new", "updated", "unchanged", "gone", "snapshots"}``.
    """
    counts = {"new": 0, "updated": 0, "unchanged": 0, "gone": 0, "snapshots": 0}
    with transaction(db):
        for ev in events:
            counts["gone"] += _apply_event(db, ev)
        for rec in articles:
            counts[_upsert_article(db, {**rec, "run_id": run_id})] += 1
        rows = [{**s, "run_id": run_id} for s in snapshots]
        if rows:
            db["counter_snapshots"].insert_all(rows)
            counts["snapshots"] = len(rows)
        refresh_search_index(db)
    return counts


_VERSIONED = ("title", "body_text", "byline", "published_at", "published_raw", "content_hash",
              "fetched_at", "warc_file", "warc_record_id")


_NO_CAPTURE = (None,) * len(CAPTURE_COLUMNS)
_INSERT_IMAGE = (f"INSERT INTO images (article_id, position, src, caption, after_paragraph, "
                 f"{', '.join(CAPTURE_COLUMNS)}) VALUES (?, ?, ?, ?, ?{', ?' * len(CAPTURE_COLUMNS)})")


def _upsert_article(db: sqlite_utils.Database, rec: dict) -> str:
    images = rec.pop("images", [])
    carried: dict[str, tuple] = {}
    seen_urls = rec.pop("seen_urls", [rec["url"]])
    row = db.execute("SELECT id, first_seen_at, title, body_text, byline, published_at, published_raw, "
                     "content_hash, fetched_at, warc_file, warc_record_id FROM articles WHERE url_key = ?",
                     [rec["url_key"]]).fetchone()
    if row:
        old = dict(zip(("id", "first_seen_at") + _VERSIONED[:-2] + ("warc_file", "warc_record_id"), row))
        article_id = old["id"]
    if row and old["content_hash"] == rec["content_hash"]:
        db.execute("UPDATE articles SET last_seen_at = ?, gone_at = NULL, gone_reason = NULL, "
                   "etag = coalesce(?, etag), last_modified = coalesce(?, last_modified) WHERE id = ?",
                   [rec["last_seen_at"], rec.get("etag"), rec.get("last_modified"), article_id])
        outcome = "unchanged"
    elif row:
        db["article_versions"].insert({
            "article_id": article_id, **{k: old[k] for k in _VERSIONED}, "replaced_at": rec["fetched_at"],
            "diff_summary": diff_summary(old, rec)})
        rec.update(first_seen_at=old["first_seen_at"], gone_at=None, gone_reason=None)
        db["articles"].update(article_id, {k: v for k, v in rec.items() if k != "url"})
        carried = {r[0]: r[1:] for r in db.execute(  # an image of the old text keeps its capture
            f"SELECT src, {', '.join(CAPTURE_COLUMNS)} FROM images WHERE article_id = ? "
            "AND capture_status IS NOT NULL", [article_id])}
        db.execute("DELETE FROM images WHERE article_id = ?", [article_id])
        outcome = "updated"
    else:  # a prepared INSERT: sqlite-utils' insert() re-reads the schema on every call
        columns = tuple(rec)
        article_id = db.conn.execute(insert_sql("articles", columns), [rec[c] for c in columns]).lastrowid
        story = find_story(db, article_id, rec)
        db.execute("UPDATE articles SET story_id = ?, duplicate_of = ? WHERE id = ?",
                   [story[0] if story else article_id, story[1] if story else None, article_id])
        outcome = "new"
    # executemany rather than sqlite-utils' insert_all, which inspects the table on every call: this runs
    # for every stored article (the search_queue triggers fire all the same)
    if outcome != "unchanged":
        db.conn.executemany(_INSERT_IMAGE, [(article_id, i, im["src"], im["caption"], im.get("after_paragraph"),
                                             *carried.get(im["src"], _NO_CAPTURE)) for i, im in enumerate(images)])
    if rec.get("simhash") and outcome != "unchanged":
        db.execute("DELETE FROM simhash_bands WHERE article_id = ?", [article_id])
        db.conn.executemany("INSERT INTO simhash_bands (band, value, article_id) VALUES (?, ?, ?)",
                            [(b, v, article_id) for b, v in simhash_bands(rec["simhash"])])
    db.conn.executemany("INSERT OR IGNORE INTO article_urls (url, url_key, first_seen_at) VALUES (?, ?, ?)",
                        [(u, rec["url_key"], rec["fetched_at"]) for u in seen_urls])
    # every address it was fetched under (a redirect's start included) is done, not only its own
    db.conn.executemany("UPDATE frontier SET state = 'done', done_at = ? WHERE url_key = ?",
                        [(rec["fetched_at"], key) for key in {rec["url_key"], *map(url_key, seen_urls)}])
    return outcome


@functools.lru_cache(maxsize=16)
def insert_sql(table: str, columns: tuple[str, ...]) -> str:
    names = ", ".join(f'"{c}"' for c in columns)
    return f'INSERT INTO "{table}" ({names}) VALUES ({", ".join("?" * len(columns))})'


def _apply_event(db: sqlite_utils.Database, ev: dict) -> int:
    """Apply one URL event; return 1 when it newly marked an article gone."""
    if ev["event"] == "discovered":
        # order-independent: the article may have been stored before this event reached the archive
        db.execute("INSERT OR IGNORE INTO frontier (url_key, portal, url, state, discovered_at) "
                   "SELECT ?, ?, ?, CASE WHEN EXISTS (SELECT 1 FROM articles WHERE url_key = ?) "
                   "THEN 'done' ELSE 'pending' END, ?",
                   [ev["url_key"], ev["portal"], ev["url"], ev["url_key"], ev["fetched_at"]])
        return 0
    if ev["event"] == "alias":  # another URL of an article (queued or archived) under the same key
        db.execute("INSERT OR IGNORE INTO article_urls (url, url_key, first_seen_at) VALUES (?, ?, ?)",
                   [ev["url"], ev["url_key"], ev["fetched_at"]])
        return 0
    if ev["event"] == "moved":  # redirects to an article address queued or archived already
        db.execute("INSERT OR IGNORE INTO article_urls (url, url_key, first_seen_at) VALUES (?, ?, ?)",
                   [ev["url"], url_key(ev["target"]), ev["fetched_at"]])
        db.execute("UPDATE frontier SET state = 'done', done_at = ? WHERE url_key = ?",
                   [ev["fetched_at"], ev["url_key"]])
        return 0
    if ev["event"] == "disallowed":  # robots.txt forbids it: settled, not fetched again every run
        db.execute("UPDATE frontier SET state = 'failed', last_error = 'robots_disallowed', next_attempt_at = NULL, "
                   "done_at = ? WHERE url_key = ? AND state = 'pending'", [ev["fetched_at"], ev["url_key"]])
        return 0
    if ev["event"] == "not_modified":
        db.execute("UPDATE articles SET last_seen_at = ? WHERE url_key = ?", [ev["fetched_at"], ev["url_key"]])
        return 0
    reason = f"redirected to {ev['target']}" if ev.get("target") else f"HTTP {ev.get('status')}"
    cur = db.execute("UPDATE articles SET gone_at = ?, gone_reason = ?, redirected_to = ? "
                     "WHERE url_key = ? AND gone_at IS NULL", [ev["fetched_at"], reason, ev.get("target"), ev["url_key"]])
    db.execute("UPDATE frontier SET state = 'gone', done_at = ? WHERE url_key = ?", [ev["fetched_at"], ev["url_key"]])
    return cur.rowcount


GONE_RECHECK = timedelta(days=7)  # a URL found gone (404/410, moved away) that pages still link is asked again after
FAILED_RECHECK = timedelta(days=30)  # a URL given up (``runs.settle_frontier``) that pages still link: the same


def crawl_state(db: sqlite_utils.Database, portal: str, refresh: bool = False,
                refresh_before: str | None = None, limit: int | None = None, now: str | None = None) -> dict:
    """What a new crawl of ``portal`` needs: ``skip`` (url_keys of archived articles not to re-fetch),
    ``validators`` (url_key -> (etag, last_modified) for conditional re-fetches of the others: all with
    ``refresh``, those last seen before ``refresh_before``), ``revalidate`` (the URLs of those not marked gone,
    least recently seen first: re-fetched whether or not a page links them), ``pending`` (URLs queued by an
    earlier, unfinished crawl whose retry time has come, oldest first, at most ``limit``: a huge frontier
    resumes in chunks), ``later`` (url_keys not to fetch now, unless ``refresh``: waiting for their retry time,
    see ``runs.settle_frontier``, given up less than ``FAILED_RECHECK`` ago, or found gone less than
    ``GONE_RECHECK`` ago) and ``learnt`` (the article URL patterns its latest run without a profile learnt)."""
    skip, validators, revalidate = set(), {}, []
    for key, url, last_seen, etag, modified, gone in db.execute(
            "SELECT url_key, url, last_seen_at, etag, last_modified, gone_at FROM articles WHERE portal = ? "
            "ORDER BY last_seen_at", [portal]):
        if refresh or (refresh_before and (last_seen or "") < refresh_before):
            validators[key] = (etag, modified)
            if gone is None:
                revalidate.append(url)
        else:
            skip.add(key)
    now = now or utcnow()
    pending = [r[0] for r in db.execute(
        "SELECT url FROM frontier WHERE portal = ? AND state = 'pending' AND coalesce(next_attempt_at, '') <= ? "
        "ORDER BY discovered_at LIMIT ?", [portal, now, -1 if limit is None else limit])]
    gone_since = (datetime.fromisoformat(now) - GONE_RECHECK).isoformat(timespec="seconds")
    failed_since = (datetime.fromisoformat(now) - FAILED_RECHECK).isoformat(timespec="seconds")
    later = set() if refresh else {r[0] for r in db.execute(
        "SELECT url_key FROM frontier WHERE portal = ? AND ((state = 'pending' AND next_attempt_at > ?) "
        "OR (state = 'gone' AND done_at > ?) OR (state = 'failed' AND done_at > ?))",
        [portal, now, gone_since, failed_since])}
    learnt = db.execute("SELECT json_extract(stats, '$.\"portal/learnt/article_patterns\"') FROM crawl_runs "
                        "WHERE portal = ? AND json_extract(stats, '$.\"portal/learnt/article_patterns\"') IS NOT NULL "
                        "ORDER BY id DESC LIMIT 1", [portal]).fetchone()
    return {"skip": skip, "validators": validators, "revalidate": revalidate, "pending": pending, "later": later,
            "learnt": json.loads(learnt[0]) if learnt else []}
