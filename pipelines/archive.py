"""The archive: the one module that knows the SQLite tables.

Schema changes are migrations (``MIGRATIONS``, applied in order and recorded in ``PRAGMA user_version``).
Everything else (pipelines, CLI, Datasette metadata) goes through the functions here.
"""
from __future__ import annotations

import dataclasses
import functools
import json
import re
import sqlite3
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterable

import sqlite_utils

from crawler.items import COUNTER_KINDS
from crawler.urls import url_key
from pipelines.dedup import diff_summary, hamming, simhash_bands
from pipelines import ranking
from pipelines.query import EXACT_COLUMNS, FOLDED_COLUMNS, SearchError, parse_query, snippet
from pipelines.textfold import fold, nfc

DEFAULT_DB = Path("data/archive.db")
CACHE_KB = 16 * 1024  # SQLite page cache per connection (see open_archive)


class ArchiveError(Exception):
    """The archive cannot be opened or used (message is one line, fit for a user)."""


def utcnow() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


# --- schema ------------------------------------------------------------------------------------

def _m1_initial(db: sqlite_utils.Database) -> None:
    db["portals"].create({
        "slug": str, "name": str, "kind": str, "family": str, "domains": str, "start_urls": str,
        "first_crawled_at": str, "last_crawled_at": str,
    }, pk="slug")
    db["articles"].create({
        "id": int, "url": str, "portal": str, "title": str, "body_text": str,
        "published_at": str, "published_raw": str, "byline": str, "authors": str,
        "content_hash": str, "http_status": int, "rules": str,
        "first_seen_at": str, "last_seen_at": str, "fetched_at": str,
    }, pk="id", foreign_keys=[("portal", "portals", "slug")])
    db["articles"].create_index(["url"], unique=True)
    db["articles"].create_index(["portal", "published_at"])
    db["articles"].create_index(["content_hash"])
    db["images"].create({
        "id": int, "article_id": int, "position": int, "src": str, "caption": str,
    }, pk="id", foreign_keys=[("article_id", "articles", "id")])
    db["images"].create_index(["article_id", "position"], unique=True)
    db["crawl_runs"].create({
        "id": int, "portal": str, "trigger": str, "started_at": str, "finished_at": str,
        "status": str, "pages_fetched": int, "articles_new": int, "articles_updated": int,
        "articles_unchanged": int, "counter_snapshots": int, "errors": int, "finish_reason": str,
        "log_path": str, "stats": str,
    }, pk="id", foreign_keys=[("portal", "portals", "slug")])
    db["crawl_runs"].create_index(["portal", "started_at"])
    db["counter_snapshots"].create({
        "id": int, "portal": str, "page_url": str, "fetched_at": str, "run_id": int,
        **{kind: int for kind in COUNTER_KINDS}, "counters_raw": str,
    }, pk="id", foreign_keys=[("portal", "portals", "slug"), ("run_id", "crawl_runs", "id")])
    db["counter_snapshots"].create_index(["portal", "fetched_at"])


def _m2_integrity(db: sqlite_utils.Database) -> None:
    """URL identity (``url_key`` + every URL seen), story links, revisions, gone marks, WARC references,
    conditional-request validators, the resumable frontier and counter deltas per day."""
    db.execute("DROP INDEX IF EXISTS idx_articles_url")
    db["articles"].add_column("url_key", str)
    for name, kind in [("story_id", int), ("duplicate_of", int), ("simhash", str), ("gone_at", str),
                       ("gone_reason", str), ("redirected_to", str), ("etag", str), ("last_modified", str),
                       ("warc_file", str), ("warc_record_id", str), ("warc_offset", int),
                       ("payload_digest", str)]:
        db["articles"].add_column(name, kind)
    db.execute("UPDATE articles SET url_key = url, story_id = id")
    db["articles"].create_index(["url_key"], unique=True)
    db["articles"].create_index(["url"])
    db["articles"].create_index(["story_id"])
    # every URL under which an article was seen (variants, redirects, aliases), joined by url_key
    db["article_urls"].create({"url": str, "url_key": str, "first_seen_at": str}, pk="url")
    db.execute("INSERT INTO article_urls SELECT url, url_key, first_seen_at FROM articles")
    db["article_urls"].create_index(["url_key"])
    db["simhash_bands"].create({"band": int, "value": str, "article_id": int}, pk=("band", "value", "article_id"))
    db["article_versions"].create({
        "id": int, "article_id": int, "title": str, "body_text": str, "byline": str, "published_at": str,
        "published_raw": str, "content_hash": str, "fetched_at": str, "replaced_at": str,
        "warc_file": str, "warc_record_id": str, "diff_summary": str,
    }, pk="id", foreign_keys=[("article_id", "articles", "id")])
    db["article_versions"].create_index(["article_id", "fetched_at"])
    db["frontier"].create({"url_key": str, "portal": str, "url": str, "state": str, "discovered_at": str,
                           "done_at": str}, pk="url_key")
    db["frontier"].create_index(["portal", "state"])
    db["crawl_runs"].add_column("pid", int)
    db["crawl_runs"].add_column("host", str)
    db["crawl_runs"].add_column("articles_gone", int)
    db["counter_snapshots"].add_column("article_id", int)
    db.execute("""
        CREATE VIEW counter_daily AS
        WITH last_of_day AS (
            SELECT portal, date(fetched_at, '+7 hours') AS day, max(fetched_at) AS at
            FROM counter_snapshots WHERE total IS NOT NULL GROUP BY portal, day
        ), daily AS (
            SELECT l.portal, l.day, c.total, c.today, c.online
            FROM last_of_day l JOIN counter_snapshots c ON c.portal = l.portal AND c.fetched_at = l.at
            GROUP BY l.portal, l.day
        )
        SELECT portal, day, total, today, online,
               total - lag(total) OVER (PARTITION BY portal ORDER BY day) AS total_delta,
               CASE WHEN total < lag(total) OVER (PARTITION BY portal ORDER BY day) THEN 1 ELSE 0 END AS reset
        FROM daily
    """)


FTS_WEIGHTS = (10.0, 1.0, 2.0, 2.0, 10.0, 1.0, 2.0, 2.0)  # bm25: title, body, captions, byline (exact, folded)


def _m3_search(db: sqlite_utils.Database) -> None:
    """Full-text search: ``articles_fts`` (FTS5) over title, body, joined image captions and byline, as
    printed (NFC) and folded (``pipelines.textfold.fold``: no accents, đ -> d) in shadow columns.

    Triggers on ``articles``/``images`` queue changed article ids in ``search_queue`` (pure SQL, so any
    writer is caught); ``refresh_search_index`` (called by ``store_batch`` and ``open_archive``) re-indexes
    them. Also: ``published_year``/``published_month`` generated columns for facets, the
    ``images_gallery`` view, and a backfill of every existing article."""
    db.execute("""CREATE VIRTUAL TABLE articles_fts USING fts5(
        title, body_text, captions, byline, title_folded, body_folded, captions_folded, byline_folded,
        tokenize = 'unicode61 remove_diacritics 0', prefix = '2 3')""")
    db.execute("CREATE TABLE search_queue (article_id INTEGER PRIMARY KEY)")
    enqueue = "INSERT OR IGNORE INTO search_queue (article_id) VALUES"
    for trigger in (  # one execute each: executescript() would commit the migration half-way
            f"articles_search_insert AFTER INSERT ON articles BEGIN {enqueue} (new.id); END",
            f"articles_search_update AFTER UPDATE OF id, title, body_text, byline ON articles "
            f"BEGIN {enqueue} (old.id); {enqueue} (new.id); END",
            f"articles_search_delete AFTER DELETE ON articles "
            f"BEGIN DELETE FROM articles_fts WHERE rowid = old.id; {enqueue} (old.id); END",
            f"images_search_insert AFTER INSERT ON images BEGIN {enqueue} (new.article_id); END",
            f"images_search_update AFTER UPDATE OF article_id, caption, position ON images "
            f"BEGIN {enqueue} (old.article_id); {enqueue} (new.article_id); END",
            f"images_search_delete AFTER DELETE ON images BEGIN {enqueue} (old.article_id); END"):
        db.execute(f"CREATE TRIGGER {trigger}")
    db.execute("ALTER TABLE articles ADD COLUMN published_year TEXT "
               "GENERATED ALWAYS AS (substr(published_at, 1, 4)) VIRTUAL")
    db.execute("ALTER TABLE articles ADD COLUMN published_month TEXT "
               "GENERATED ALWAYS AS (substr(published_at, 1, 7)) VIRTUAL")
    db.execute("""
        CREATE VIEW images_gallery AS
        SELECT i.id, i.article_id, a.portal, a.published_at, a.title, i.position, i.src, i.caption, a.url
        FROM images i JOIN articles a ON a.id = i.article_id
    """)
    db.execute("INSERT INTO search_queue (article_id) SELECT id FROM articles")
    refresh_search_index(db)


def _m4_cluster(db: sqlite_utils.Database) -> None:
    """Scale-out on scrapyd nodes: where a run ran (``crawl_runs.node``, ``scrapyd_job``), which shard a merged
    run came from (``shard``, ``shard_run_id``), and ``dispatches``, the central history of crawls sent to
    nodes (``reassigned_from``: the node that would have had it but was down)."""
    for name, kind in [("node", str), ("scrapyd_job", str), ("shard", str), ("shard_run_id", int)]:
        db["crawl_runs"].add_column(name, kind)
    db["crawl_runs"].create_index(["scrapyd_job"])
    db["dispatches"].create({
        "id": int, "portal": str, "trigger": str, "dispatched_at": str, "status": str, "node": str,
        "node_url": str, "scrapyd_job": str, "preferred_node": str, "reassigned_from": str, "message": str,
        "finished_at": str,
    }, pk="id")
    db["dispatches"].create_index(["portal", "dispatched_at"])
    db["dispatches"].create_index(["scrapyd_job"])


def _m5_fetch_errors(db: sqlite_utils.Database) -> None:
    """``fetch_errors``: one row per page that could not be fetched or archived in a run (url, error class
    such as ``http_503``/``timeout``/``truncated``/``too_large``/``unsafe_target``, HTTP status, attempts
    made, time, run, message)."""
    if "fetch_errors" in db.table_names():
        return
    db["fetch_errors"].create({
        "id": int, "run_id": int, "portal": str, "url": str, "error": str, "status": int, "attempts": int,
        "fetched_at": str, "message": str,
    }, pk="id", foreign_keys=[("run_id", "crawl_runs", "id")])
    db["fetch_errors"].create_index(["run_id"])
    db["fetch_errors"].create_index(["portal", "url"])


def _m6_export_indexes(db: sqlite_utils.Database) -> None:
    """Indexes for ``iter_export``: the latest counter snapshot of each article's page
    (``counter_snapshots(page_url, fetched_at)``; without it every exported article scanned the whole
    snapshot table, quadratic in archive size) and ``articles(published_at)`` so the newest-first export
    streams from the index instead of sorting the whole table first. Idempotent."""
    db.execute("CREATE INDEX IF NOT EXISTS idx_counter_snapshots_page_url_fetched_at "
                "ON counter_snapshots (page_url, fetched_at)")
    db.execute("CREATE INDEX IF NOT EXISTS idx_articles_published_at ON articles (published_at)")


def _m7_search_filter_index(db: sqlite_utils.Database) -> None:
    """A covering index of the columns search filters read (portal, date, byline, authors) by article id:
    ``search`` checks its filters per match through it instead of reading each article's row, which
    holds the body (about 5x faster filtered searches). Idempotent."""
    db.execute("CREATE INDEX IF NOT EXISTS idx_articles_search_filters "
               "ON articles (id, portal, published_at, byline, authors)")


def _m8_search_words(db: sqlite_utils.Database) -> None:
    """``search_words``: every distinct term of the search index, as FTS5 stores it (lower case, as printed
    and folded), kept up to date by ``refresh_search_index``. ``search`` expands a prefix (``chuyen*``)
    into these words, because FTS5 itself reads every posting of every word a prefix starts in each
    statement (``rank`` pools and per-article date-order checks would each pay that). Backfilled from
    the index itself (``fts5vocab``)."""
    db.execute("CREATE TABLE IF NOT EXISTS search_words (word TEXT PRIMARY KEY) WITHOUT ROWID")
    db.execute("CREATE VIRTUAL TABLE temp.articles_fts_terms USING fts5vocab(main, articles_fts, 'row')")
    db.execute("INSERT OR IGNORE INTO search_words (word) SELECT term FROM temp.articles_fts_terms")
    db.execute("DROP TABLE temp.articles_fts_terms")


def _m9_simhash_bands_by_article(db: sqlite_utils.Database) -> None:
    """An index of ``simhash_bands`` by article: storing an article first deletes its old bands, which
    without it scanned the whole table (store cost per article grew with the archive: 2.6 ms/page at 6,500
    pages, 8.3 at 50,000; 13.5 ms of that was this scan at 47,000 articles). Idempotent."""
    db.execute("CREATE INDEX IF NOT EXISTS idx_simhash_bands_article_id ON simhash_bands (article_id)")


MIGRATIONS = [_m1_initial, _m2_integrity, _m3_search, _m4_cluster, _m5_fetch_errors, _m6_export_indexes,
              _m7_search_filter_index, _m8_search_words, _m9_simhash_bands_by_article]


def open_archive(path: str | Path = DEFAULT_DB, create: bool = True, max_size_mb: int | None = None
                 ) -> sqlite_utils.Database:
    """Open (and migrate) the archive at ``path``; WAL mode, foreign keys on.

    ``max_size_mb``: a quota; a write that would grow the file beyond it fails like a full disk
    ("database or disk is full") and rolls back. Raises ArchiveError when the file is missing
    (``create=False``), not a database, or unwritable.
    """
    path = Path(path)
    if path.is_dir():
        raise ArchiveError(f"archive path {path} is a directory, not a database file")
    if not path.exists():
        if not create:
            raise ArchiveError(f"no archive at {path} (run `portal-archive crawl` or `make demo` first)")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ArchiveError(f"cannot create archive directory {path.parent}: {exc.strerror}") from None
    try:
        conn = sqlite3.connect(str(path), timeout=30)
        db = sqlite_utils.Database(conn)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA foreign_keys=ON")
        conn.execute("PRAGMA synchronous=NORMAL")
        # a crawl's batch (~400 articles and their index segments) outgrows SQLite's 2 MB default cache: pages
        # spilled and read back. 16 MB (allocated as used): a 1,094-page crawl made 42,499 -> 21,847 preads and
        # 93,374 -> 78,028 pwrites; 64 MB did a little better but took the 50k crawl's peak RSS past 500 MB
        # (bench/BEFORE_AFTER.md, session 9)
        conn.execute(f"PRAGMA cache_size = -{CACHE_KB}")
        migrate(db)
        if max_size_mb:
            page_size = conn.execute("PRAGMA page_size").fetchone()[0]
            conn.execute(f"PRAGMA max_page_count = {int(max_size_mb * 1024 * 1024 // page_size)}")
        if db.execute("SELECT 1 FROM search_queue LIMIT 1").fetchone():  # a reader takes no write lock
            with transaction(db):
                refresh_search_index(db)  # articles written by other tools since the last store_batch
    except sqlite3.DatabaseError as exc:
        raise ArchiveError(f"cannot use archive {path}: {exc}") from None
    return db


@contextmanager
def transaction(db: sqlite_utils.Database):
    """One SQLite transaction around a block of writes: all of them are kept, or none (rolled back on any
    error, and lost whole if the process dies first). Inside an open transaction it joins that one.

    ``with db.conn:`` is not one: sqlite-utils 4 commits each ``db.execute`` write that finds no
    transaction open, so a crawl killed mid-batch could keep an article without its URLs and frontier mark.
    ``BEGIN IMMEDIATE`` takes the write lock first (waiting up to the connection's timeout), so a batch
    never fails half-way because another writer committed after it had started reading."""
    conn = db.conn
    if conn.in_transaction:
        yield db
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        if conn.in_transaction:
            conn.rollback()
        raise
    conn.commit()


def migrate(db: sqlite_utils.Database) -> int:
    """Apply pending migrations in one transaction each; return the schema version."""
    version = db.execute("PRAGMA user_version").fetchone()[0]
    for number, step in enumerate(MIGRATIONS[version:], start=version + 1):
        with transaction(db):
            step(db)
            db.execute(f"PRAGMA user_version = {number}")
    return len(MIGRATIONS)


# --- writes ------------------------------------------------------------------------------------

def upsert_portal(db: sqlite_utils.Database, profile, crawled_at: str) -> None:
    existing = db["portals"].rows_where("slug = ?", [profile.slug])
    first = next(iter(existing), {}).get("first_crawled_at") or crawled_at
    db["portals"].upsert({
        "slug": profile.slug, "name": profile.name, "kind": profile.kind, "family": profile.family,
        "domains": json.dumps(profile.domains), "start_urls": json.dumps(profile.start_urls),
        "first_crawled_at": first, "last_crawled_at": crawled_at,
    }, pk="slug")


def start_run(db: sqlite_utils.Database, portal: str, trigger: str = "manual", log_path: str | None = None,
              pid: int | None = None, host: str | None = None, node: str | None = None,
              scrapyd_job: str | None = None) -> int:
    """A ``running`` row in ``crawl_runs``; ``node``/``scrapyd_job``: set when the crawl runs under scrapyd."""
    with transaction(db):
        return db["crawl_runs"].insert({
            "portal": portal, "trigger": trigger, "started_at": utcnow(), "status": "running",
            "log_path": log_path, "pid": pid, "host": host, "node": node, "scrapyd_job": scrapyd_job,
        }).last_pk


def store_fetch_errors(db: sqlite_utils.Database, errors: Iterable[dict], run_id: int | None = None) -> int:
    """Record pages that failed (dicts with url, error, status, attempts, fetched_at, portal, message)."""
    rows = [{"run_id": run_id, **{k: e.get(k) for k in ("portal", "url", "error", "status", "attempts",
                                                           "fetched_at", "message")}} for e in errors]
    if rows:
        with transaction(db):
            db["fetch_errors"].insert_all(rows)
    return len(rows)


def finish_run(db: sqlite_utils.Database, run_id: int, status: str, counts: dict, stats: dict,
               finish_reason: str) -> None:
    with transaction(db):
        db["crawl_runs"].update(run_id, {
            "finished_at": utcnow(), "status": status, "finish_reason": finish_reason,
            "stats": json.dumps(stats, default=str, ensure_ascii=False), **counts,
        })


def store_batch(db: sqlite_utils.Database, articles: Iterable[dict], snapshots: Iterable[dict] = (),
                events: Iterable[dict] = (), run_id: int | None = None) -> dict[str, int]:
    """Write normalised records in one transaction (an article and its frontier "done" mark commit together).

    Articles are keyed by ``url_key``: a new key inserts (linked to an earlier story with the same or a
    near-identical text); a known key with the same content hash only updates ``last_seen_at``; a changed
    one keeps the previous text in ``article_versions``. Events: ``discovered`` queues a URL in the
    frontier, ``alias`` records another URL of the same article, ``gone`` marks a known article ``gone_at``,
    ``not_modified`` refreshes ``last_seen_at``.
    Returns counts ``{"new", "updated", "unchanged", "gone", "snapshots"}``.
    """
    counts = {"new": 0, "updated": 0, "unchanged": 0, "gone": 0, "snapshots": 0}
    with transaction(db):
        for ev in events:
            counts["gone"] += _apply_event(db, ev)
        for rec in articles:
            counts[_upsert_article(db, dict(rec))] += 1
        rows = [{**s, "run_id": run_id} for s in snapshots]
        if rows:
            db["counter_snapshots"].insert_all(rows)
            counts["snapshots"] = len(rows)
        refresh_search_index(db)
    return counts


_VERSIONED = ("title", "body_text", "byline", "published_at", "published_raw", "content_hash",
              "fetched_at", "warc_file", "warc_record_id")


def _upsert_article(db: sqlite_utils.Database, rec: dict) -> str:
    images = rec.pop("images", [])
    seen_urls = rec.pop("seen_urls", [rec["url"]])
    row = db.execute(f"SELECT id, first_seen_at, title, body_text, byline, published_at, published_raw, "
                     f"content_hash, fetched_at, warc_file, warc_record_id FROM articles WHERE url_key = ?",
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
        db.execute("DELETE FROM images WHERE article_id = ?", [article_id])
        outcome = "updated"
    else:  # a prepared INSERT: sqlite-utils' insert() re-reads the schema on every call
        columns = tuple(rec)
        article_id = db.conn.execute(_insert_sql("articles", columns), [rec[c] for c in columns]).lastrowid
        story = _find_story(db, article_id, rec)
        db.execute("UPDATE articles SET story_id = ?, duplicate_of = ? WHERE id = ?",
                   [story[0] if story else article_id, story[1] if story else None, article_id])
        outcome = "new"
    # executemany rather than sqlite-utils' insert_all, which inspects the table on every call: this runs
    # for every stored article (the search_queue triggers fire all the same)
    if outcome != "unchanged":
        db.conn.executemany("INSERT INTO images (article_id, position, src, caption) VALUES (?, ?, ?, ?)",
                            [(article_id, i, im["src"], im["caption"]) for i, im in enumerate(images)])
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
def _insert_sql(table: str, columns: tuple[str, ...]) -> str:
    names = ", ".join(f'"{c}"' for c in columns)
    return f'INSERT INTO "{table}" ({names}) VALUES ({", ".join("?" * len(columns))})'


def _find_story(db: sqlite_utils.Database, article_id: int, rec: dict, before: bool = False) -> tuple[int, int] | None:
    """(story_id, duplicate_of) of an earlier article with the same or a near-identical body
    (``before``: only among articles with a smaller id)."""
    other = "<" if before else "!="
    if rec.get("content_hash"):
        hit = db.execute(f"SELECT story_id, id FROM articles WHERE content_hash = ? AND id {other} ? "
                         "ORDER BY id LIMIT 1", [rec["content_hash"], article_id]).fetchone()
        if hit:
            return hit
    if rec.get("simhash"):
        bands = simhash_bands(rec["simhash"])
        where = " OR ".join("(b.band = ? AND b.value = ?)" for _ in bands)
        candidates = db.execute(
            f"SELECT DISTINCT a.story_id, a.id, a.simhash FROM simhash_bands b JOIN articles a "
            f"ON a.id = b.article_id WHERE ({where}) AND a.id {other} ? ORDER BY a.id",
            [x for band in bands for x in band] + [article_id]).fetchall()
        for story_id, other_id, other_hash in candidates:
            if hamming(other_hash, rec["simhash"]) <= 3:
                return story_id, other_id
    return None


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
    if ev["event"] == "not_modified":
        db.execute("UPDATE articles SET last_seen_at = ? WHERE url_key = ?", [ev["fetched_at"], ev["url_key"]])
        return 0
    reason = f"redirected to {ev['target']}" if ev.get("target") else f"HTTP {ev.get('status')}"
    cur = db.execute("UPDATE articles SET gone_at = ?, gone_reason = ?, redirected_to = ? "
                     "WHERE url_key = ? AND gone_at IS NULL", [ev["fetched_at"], reason, ev.get("target"), ev["url_key"]])
    db.execute("UPDATE frontier SET state = 'gone', done_at = ? WHERE url_key = ?", [ev["fetched_at"], ev["url_key"]])
    return cur.rowcount


def crawl_state(db: sqlite_utils.Database, portal: str, refresh: bool = False,
                refresh_before: str | None = None) -> dict:
    """What a new crawl of ``portal`` needs: ``skip`` (url_keys of archived articles not to re-fetch),
    ``validators`` (url_key -> (etag, last_modified) for conditional re-fetches) and ``pending``
    (URLs queued by an earlier, unfinished crawl)."""
    skip, validators = set(), {}
    for key, last_seen, etag, modified in db.execute(
            "SELECT url_key, last_seen_at, etag, last_modified FROM articles WHERE portal = ?", [portal]):
        if refresh or (refresh_before and (last_seen or "") < refresh_before):
            validators[key] = (etag, modified)
        else:
            skip.add(key)
    pending = [r[0] for r in db.execute("SELECT url FROM frontier WHERE portal = ? AND state = 'pending' "
                                        "ORDER BY discovered_at", [portal])]
    return {"skip": skip, "validators": validators, "pending": pending}


def close_stale_runs(db: sqlite_utils.Database, portal: str, host: str, alive) -> int:
    """Mark ``running`` runs of ``portal`` on ``host`` whose process is gone (``alive(pid)`` False) as
    interrupted; return how many."""
    stale = [r[0] for r in db.execute("SELECT id, pid FROM crawl_runs WHERE portal = ? AND status = 'running' "
                                      "AND host = ?", [portal, host]) if not alive(r[1])]
    with transaction(db):
        for run_id in stale:
            db["crawl_runs"].update(run_id, {"status": "interrupted", "finish_reason": "process died"})
    return len(stale)


# --- reads -------------------------------------------------------------------------------------

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


def count_rows(db: sqlite_utils.Database, table: str) -> int:
    return db[table].count if db[table].exists() else 0


EXPORT_COLUMNS = ("id", "portal", "url", "title", "published_at", "published_raw", "byline", "authors",
                  "body_text", "content_hash", "story_id", "duplicate_of", "first_seen_at", "last_seen_at",
                  "gone_at", "warc_file", "warc_record_id", "payload_digest")


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


# --- run history and health (`portal-archive runs`, `health`, the scheduler) ---------------------

RUN_COLUMNS = ("id", "portal", "trigger", "started_at", "finished_at", "status", "pages_fetched",
               "articles_new", "articles_updated", "articles_unchanged", "articles_gone", "counter_snapshots",
               "errors", "finish_reason", "log_path", "pid", "host", "node", "scrapyd_job", "shard", "stats")
HEALTH_FIELDS = ("published_at", "title", "body_text", "byline", "authors")  # columns health may judge


def _dicts(cursor) -> list[dict]:
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


def list_runs(db: sqlite_utils.Database, portal: str | None = None, failed: bool = False,
              limit: int | None = 20) -> list[dict]:
    """Crawl runs, newest first (``RUN_COLUMNS``; ``stats`` parsed). ``failed``: only runs that did not end
    ``ok`` (failed, partial, interrupted). ``limit`` None: all."""
    where, params = [], []
    if portal:
        where.append("portal = ?"); params.append(portal)
    if failed:
        where.append("status NOT IN ('ok', 'running')")
    sql = (f"SELECT {', '.join(RUN_COLUMNS)} FROM crawl_runs {'WHERE ' + ' AND '.join(where) if where else ''} "
           f"ORDER BY started_at DESC, id DESC LIMIT {int(limit) if limit else -1}")
    rows = _dicts(db.execute(sql, params))
    for row in rows:
        row["stats"] = json.loads(row["stats"]) if row["stats"] else {}
    return rows


def run_portals(db: sqlite_utils.Database) -> list[str]:
    """Slugs of the portals with at least one run, sorted."""
    return [r[0] for r in db.execute("SELECT DISTINCT portal FROM crawl_runs ORDER BY portal")]


def last_run_started(db: sqlite_utils.Database) -> dict[str, str]:
    """portal -> start time (ISO, UTC) of its latest run of any trigger."""
    return dict(db.execute("SELECT portal, max(started_at) FROM crawl_runs GROUP BY portal").fetchall())


def run_of_process(db: sqlite_utils.Database, portal: str, pid: int, host: str) -> dict | None:
    """The latest run of ``portal`` recorded by process ``pid`` on ``host`` (None if it recorded none)."""
    rows = _dicts(db.execute(f"SELECT {', '.join(RUN_COLUMNS[:-1])} FROM crawl_runs WHERE portal = ? AND pid = ? "
                             "AND host = ? ORDER BY id DESC LIMIT 1", [portal, pid, host]))
    return rows[0] if rows else None


def field_gaps(db: sqlite_utils.Database, portal: str, fields: Iterable[str], since: str | None = None,
               until: str | None = None, before: str | None = None) -> tuple[int, dict[str, int]]:
    """(articles, {field: how many of them have it empty}) among the articles of ``portal`` fetched in
    [``since``, ``until``] (a run's window: its new and changed articles) or, with ``before``, fetched
    before that time (the baseline). Empty: NULL, blank, or ``[]`` for authors."""
    fields = list(fields)
    bad = [f for f in fields if f not in HEALTH_FIELDS]
    if bad:
        raise ArchiveError(f"cannot judge field(s) {bad} (known: {', '.join(HEALTH_FIELDS)})")
    where, params = ["portal = ?"], [portal]
    if since:
        where.append("fetched_at >= ?"); params.append(since)
    if until:
        where.append("fetched_at <= ?"); params.append(until)
    if before:
        where.append("fetched_at < ?"); params.append(before)
    empty = ", ".join(f"sum(CASE WHEN nullif(trim(coalesce({f}, '')), '') IS NULL OR {f} = '[]' THEN 1 ELSE 0 END)"
                      for f in fields)
    row = db.execute(f"SELECT count(*){', ' + empty if fields else ''} FROM articles WHERE {' AND '.join(where)}",
                     params).fetchone()
    return row[0], {f: row[i + 1] or 0 for i, f in enumerate(fields)}


# --- search ------------------------------------------------------------------------------------

def register_search_functions(conn: sqlite3.Connection) -> None:
    """SQL functions ``pa_fold(text)`` and ``pa_nfc(text)`` on ``conn`` (used by the search index).

    A no-op when they are there already: SQLite refuses to redefine a function while a statement runs,
    which is the case when ``search`` is called from inside a query (Datasette's ``pa_search``)."""
    try:
        conn.execute("SELECT pa_fold(''), pa_nfc('')").fetchone()
        return
    except sqlite3.OperationalError:
        pass
    conn.create_function("pa_fold", 1, fold, deterministic=True)
    conn.create_function("pa_nfc", 1, nfc, deterministic=True)


def refresh_search_index(db: sqlite_utils.Database) -> int:
    """Re-index the articles queued in ``search_queue`` (run inside the caller's transaction).

    Returns how many articles were re-indexed (articles that no longer exist are only removed)."""
    register_search_functions(db.conn)
    queued = db.execute("SELECT count(*) FROM search_queue").fetchone()[0]
    if not queued:
        return 0
    db.execute("DELETE FROM articles_fts WHERE rowid IN (SELECT article_id FROM search_queue)")
    db.execute("""
        INSERT INTO articles_fts (rowid, title, body_text, captions, byline,
                                  title_folded, body_folded, captions_folded, byline_folded)
        SELECT id, pa_nfc(title), pa_nfc(body_text), pa_nfc(captions), pa_nfc(byline),
               pa_fold(title), pa_fold(body_text), pa_fold(captions), pa_fold(byline)
        FROM (SELECT a.id, a.title, a.body_text, a.byline,
                     (SELECT group_concat(caption, ' | ') FROM (
                         SELECT caption FROM images WHERE article_id = a.id AND caption IS NOT NULL
                         ORDER BY position)) AS captions
              FROM articles a WHERE a.id IN (SELECT article_id FROM search_queue))
    """)
    if db.execute("SELECT 1 FROM sqlite_master WHERE name = 'search_words'").fetchone():  # migration 8 on
        _add_search_words(db)
    db.execute("DELETE FROM search_queue")
    return queued


def _add_search_words(db: sqlite_utils.Database) -> None:
    """Add the terms of the articles queued in ``search_queue`` (just indexed) to ``search_words``. They are tokenized
    by FTS5 itself (a temporary contentless table with the index's tokenizer), so the words are exactly
    the index's terms."""
    db.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_words_tok USING fts5(t, content = '', "
               "detail = 'none', tokenize = 'unicode61 remove_diacritics 0')")
    db.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_words_tok_terms "
               "USING fts5vocab(temp, search_words_tok, 'row')")
    columns = " || ' ' || ".join(f"coalesce({c}, '')" for c in (*EXACT_COLUMNS, *FOLDED_COLUMNS))
    db.execute(f"INSERT INTO temp.search_words_tok (t) SELECT {columns} FROM articles_fts "
               "WHERE rowid IN (SELECT article_id FROM search_queue)")
    db.execute("INSERT OR IGNORE INTO search_words (word) SELECT term FROM temp.search_words_tok_terms")
    db.execute("INSERT INTO temp.search_words_tok (search_words_tok) VALUES ('delete-all')")


def _as_day(value, name: str) -> str | None:
    """``value`` (date, ISO or Vietnamese day-first string) as ``YYYY-MM-DD``; SearchError if unreadable."""
    if value is None or value == "":
        return None
    if hasattr(value, "isoformat"):
        return value.isoformat()[:10]
    from crawler.extract.dates import parse_date

    parsed = parse_date(str(value))
    if not parsed:
        raise SearchError(f"cannot read {name} date {value!r} (use 2024-06-14 or 14/06/2024)")
    return parsed[:10]


MAX_QUERY_CHARS, MAX_QUERY_TERMS = 2000, 64  # longer queries are refused (SearchError), not run


def _search_filters(db: sqlite_utils.Database, query: str, portal=None, since=None, until=None, byline=None):
    """(parsed query, SQL conditions on ``articles a``, params) shared by ``search`` and ``search_count``."""
    if len(query) > MAX_QUERY_CHARS or len(query.split()) > MAX_QUERY_TERMS:  # FTS5 cost grows with terms
        raise SearchError(f"query too long ({len(query)} characters, {len(query.split())} words; at most "
                          f"{MAX_QUERY_CHARS} characters and {MAX_QUERY_TERMS} words)")
    q = _expanded(db, parse_query(query))
    since_day, until_day = _as_day(since, "--since"), _as_day(until, "--until")
    if since_day and until_day and since_day > until_day:
        raise SearchError(f"--since {since_day} is after --until {until_day}")
    portals = [portal] if isinstance(portal, str) else list(portal or [])
    # each named portal is looked up by index; the full list (a scan of articles) only for the error message
    unknown = [p for p in portals if db.execute(
        "SELECT EXISTS (SELECT 1 FROM portals WHERE slug = ?) OR EXISTS (SELECT 1 FROM articles WHERE portal = ?)",
        [p, p]).fetchone()[0] == 0]
    if unknown:
        known = {r[0] for r in db.execute("SELECT slug FROM portals UNION SELECT DISTINCT portal FROM articles")}
        raise SearchError(f"no portal {unknown[0]!r} in this archive (archived: {', '.join(sorted(known)) or 'none'})")
    filters, params = [], {}
    if portals:
        filters.append(f"a.portal IN ({', '.join(f':p{i}' for i in range(len(portals)))})")
        params.update({f"p{i}": p for i, p in enumerate(portals)})
    if since_day:
        filters.append("substr(a.published_at, 1, 10) >= :since")
        params["since"] = since_day
    if until_day:
        filters.append("substr(a.published_at, 1, 10) <= :until")
        params["until"] = until_day
    if byline:
        filters.append("instr(pa_fold(coalesce(a.byline, '') || ' ' || coalesce(a.authors, '')), :byline) > 0")
        params["byline"] = fold(byline.strip())
    return q, filters, params


MAX_PREFIX_WORDS = 64  # a prefix of 4+ letters expanding to more words keeps FTS5's own expansion
_PREFIX_RE = re.compile(r'"([^"]*)" \*')  # a prefix phrase as pipelines.query writes it: "uy ban nhan" *


def _expand_prefixes(db: sqlite_utils.Database, expr: str) -> str:
    """``expr`` with each prefix phrase of 4+ letters (``"chuyen" *``) replaced by the OR of the phrases
    ending in each word of ``search_words`` it starts (``("chuyen" OR "chuyenmon")``): same matches,
    but FTS5 reads the words' postings lazily instead of merging all of them up front. Prefixes of 2-3
    letters have FTS5 prefix indexes of their own and stay as they are, as do those of more than
    ``MAX_PREFIX_WORDS`` words and those of none."""
    def expand(m: re.Match) -> str:
        tokens = m.group(1).split(" ")
        last = tokens[-1].lower()
        if len(last) <= 3:
            return m.group(0)
        words = [r[0] for r in db.execute(
            "SELECT word FROM search_words WHERE word >= ? AND word < ? ORDER BY word LIMIT ?",
            [last, last + "\U0010ffff", MAX_PREFIX_WORDS + 1])]
        if not words or len(words) > MAX_PREFIX_WORDS:
            return m.group(0)
        head = " ".join(tokens[:-1] + [""])
        return "(" + " OR ".join(f'"{head}{w}"' for w in words) + ")"
    return _PREFIX_RE.sub(expand, expr) if '" *' in expr else expr


def _expanded(db: sqlite_utils.Database, q):
    """``q`` with its FTS5 expressions' prefixes expanded (``_expand_prefixes``)."""
    return dataclasses.replace(q, folded=_expand_prefixes(db, q.folded),
                               exact=q.exact and _expand_prefixes(db, q.exact),
                               heavy=q.heavy and _expand_prefixes(db, q.heavy))


SEARCH_FIELDS = ("rank", "id", "portal", "published_at", "published_raw", "title", "byline", "url", "snippet",
                 "captions", "exact", "score", "first_seen_at", "last_seen_at")

RANK_POOL = 300    # order="rank": per exactness class, the newest matches scored (and the newest with a title hit)
DF_SAMPLE = 2000   # matches read per query term (in 8 id ranges) to estimate its document frequency
WALK_CHECKS = 400  # newest/oldest: per-article match checks on the date index before reading the match set


def search(db: sqlite_utils.Database, query: str, portal: str | list[str] | None = None, since=None,
           until=None, byline: str | None = None, limit: int | None = 20, offset: int = 0,
           order: str = "rank", highlight: tuple[str, str] = ("[", "]")) -> list[dict]:
    """Search the archive; return up to ``limit`` (None: all) results as dicts, best first.

    ``query`` uses the language of ``pipelines.query`` (words, "phrases", prefix*, AND/OR/NOT, parentheses);
    matching ignores accents and đ, an accented query ranks exact-accent matches first (``exact`` is 1
    for them), then by relevance (``score``: BM25F of ``pipelines.ranking``, negated so that lower is
    better; a title hit weighs 10, captions and byline 2, the body 1). ``order``: ``rank`` (default),
    ``newest`` or ``oldest`` by ``published_at``. Filters: ``portal`` slug(s), ``since``/``until``
    inclusive publication days (dates, ISO or day-first strings such as "14/06/2024"), ``byline``
    (accent-insensitive substring of the byline or authors).
    Each result: ``rank`` (1-based), ``id``, ``portal``, ``published_at``, ``published_raw``, ``title``,
    ``byline``, ``url``, ``snippet`` (original text around the hits, hits wrapped in ``highlight``),
    ``captions``, ``exact``, ``score``, ``first_seen_at``, ``last_seen_at``.
    Raises ``SearchError`` (one-line message) for a malformed query or bad filter, never an SQL error.

    Scale (bounded work per page, whatever the number of matches): with ``order="rank"``, each
    exactness class is ranked by score over its candidate pool: its ``RANK_POOL`` most recently
    archived matches plus its ``RANK_POOL`` most recent matches with a query word in the title,
    captions or byline. A class with at most ``RANK_POOL`` matches is therefore ranked in full; beyond
    its pool, a class's remaining matches follow, most recently archived first. ``newest``/``oldest``
    walk the ``published_at`` index and check each article against the query (reading the whole
    match set only when the walk finds too few).
    """
    if order not in ("rank", "newest", "oldest"):
        raise SearchError(f"unknown order {order!r} (use rank, newest or oldest)")
    if limit is not None and limit < 1:
        raise SearchError("--limit must be at least 1")
    register_search_functions(db.conn)
    q, filters, params = _search_filters(db, query, portal, since, until, byline)
    need = None if limit is None else offset + int(limit)
    scorer = _scorer(db, q, query)
    if order == "rank":
        hits = _rank_page(db, q, filters, params, query, need, scorer)[offset:need]
    else:
        hits = _date_page(db, q, filters, params, query, order, need, scorer)[offset:need]
    if not hits:
        return []
    ids = ", ".join(str(int(h[0])) for h in hits)
    rows = {r[0]: r for r in db.execute(
        f"""SELECT a.id, a.portal, a.published_at, a.published_raw, a.title, a.byline, a.url, a.body_text,
                   f.captions, a.first_seen_at, a.last_seen_at,
                   f.title_folded, f.body_folded, f.captions_folded, f.byline_folded
            FROM articles a JOIN articles_fts f ON f.rowid = a.id WHERE a.id IN ({ids})""")}
    columns = ("id", "portal", "published_at", "published_raw", "title", "byline", "url", "body_text",
               "captions", "first_seen_at", "last_seen_at")
    results = []
    for n, (article_id, exact) in enumerate(hits, start=offset + 1):
        row = rows[article_id]
        rec = dict(zip(columns, row))
        body = rec.pop("body_text")
        candidates = [s for s in (snippet(t, q.highlight, *highlight)
                                  for t in (body, rec["captions"], rec["title"], rec["byline"])) if s]
        rec["snippet"] = max(candidates, key=lambda s: _distinct_hits(s, highlight), default=(body or "")[:180])
        rec.update(exact=int(exact), score=round(-scorer.score(row[-4:]), 4), title=nfc(rec["title"]),
                   byline=nfc(rec["byline"]))
        results.append({"rank": n, **{k: rec[k] for k in SEARCH_FIELDS[1:]}})
    return results


def _run(db, sql: str, params: dict, query: str):
    """``db.execute`` (a lazy cursor), an FTS5 error turned into a one-line SearchError."""
    try:
        return db.execute(sql, params)
    except sqlite3.OperationalError as exc:  # pragma: no cover - the parser only emits quoted words
        raise SearchError(f"cannot run the query {query!r}: {exc}") from None


FILTERED_ARTICLES = "articles a INDEXED BY idx_articles_search_filters"  # filters read the index, not the rows


def _from_matches(filters: list[str]) -> str:
    """FROM/WHERE of the articles matching ``:m`` and ``filters`` (their ids: ``f.rowid``)."""
    if not filters:  # the FTS matches alone, without visiting the articles
        return "FROM articles_fts f WHERE f.articles_fts MATCH :m"
    # CROSS JOIN keeps FTS5 outside: filters are checked per match through the articles rowid
    return (f"FROM articles_fts f CROSS JOIN {FILTERED_ARTICLES} ON a.id = f.rowid "
            f"WHERE f.articles_fts MATCH :m AND {' AND '.join(filters)}")


def _matches(db, expr: str, filters: list[str], params: dict, query: str, limit: int | None = None):
    """Lazily, the ids of the articles matching FTS5 ``expr`` and ``filters``, most recently archived
    (highest id) first: FTS5 reads its doclists in that order and stops at ``limit``, so the cost is
    bounded by the rows read, not by all matches."""
    sql = f"SELECT f.rowid {_from_matches(filters)} ORDER BY f.rowid DESC LIMIT {-1 if limit is None else int(limit)}"
    return (r[0] for r in _run(db, sql, {**params, "m": expr}, query))


def _scorer(db, q, query: str) -> ranking.Scorer:
    """The query's BM25F scorer: document frequencies estimated from a bounded sample of each positive
    word's matches, column averages from FTS5's totals record."""
    n, totals = ranking.decode_averages(
        (db.execute("SELECT block FROM articles_fts_data WHERE id = 1").fetchone() or [None])[0])
    folded = totals[4:8] if len(totals) >= 8 else []
    avg = tuple(t / n for t in folded) if n and folded else (1.0,) * 4
    max_id = db.execute("SELECT max(id) FROM articles").fetchone()[0] or 0
    terms = list(dict.fromkeys(q.highlight))
    cols = "{" + " ".join(FOLDED_COLUMNS) + "}"
    if len(terms) == 1 or not max_id:  # one word: its idf scales every score alike; no articles: no matches
        return ranking.Scorer(terms, [1.0] * len(terms), avg)
    idfs = []
    for word, prefix in terms:
        expr = _expand_prefixes(db, f'{cols} : "{word}"' + (" *" if prefix else ""))
        # a prefix is expanded (every posting of every word it starts) by each statement: sample it once
        ranges = [(0, max_id)] if prefix else ranking.strata(max_id)
        per_range = DF_SAMPLE // len(ranges)
        samples = [(lo, hi, [r[0] for r in _run(db, f"""SELECT rowid FROM articles_fts WHERE articles_fts MATCH :m
                                                      AND rowid > {lo} AND rowid <= {hi}
                                                      ORDER BY rowid DESC LIMIT {per_range}""", {"m": expr}, query)])
                   for lo, hi in ranges]
        idfs.append(ranking.idf(ranking.estimate_df(samples, per_range), n))
    return ranking.Scorer(terms, idfs, avg)


def _classes(q) -> list[tuple[int, str]]:
    """(exact flag, FTS5 expression) per exactness class, in rank order."""
    if not q.exact:
        return [(0, q.folded)]
    return [(1, q.exact), (0, f"({q.folded}) NOT ({q.exact})")]


def _rank_page(db, q, filters: list[str], params: dict, query: str, need: int | None,
               scorer: ranking.Scorer) -> list[tuple[int, int]]:
    """The first ``need`` (None: all) (id, exact) in rank order (see ``search``: the pool rule)."""
    out: list[tuple[int, int]] = []
    for exact, expr in _classes(q):
        if need is not None and len(out) >= need:
            break
        newest = list(_matches(db, expr, filters, params, query, RANK_POOL))
        titled = list(_matches(db, f"({expr}) AND ({q.heavy})", filters, params, query, RANK_POOL)) \
            if q.heavy and len(newest) == RANK_POOL else []
        pool = list(dict.fromkeys(newest + titled))
        scored = _scored(db, scorer, pool)
        pool.sort()
        pool.sort(key=lambda i: scored[i][1] or "", reverse=True)
        pool.sort(key=lambda i: scored[i][0], reverse=True)  # stable: ties stay newest published first, then id
        out += [(i, exact) for i in pool]
        if len(newest) == RANK_POOL and (need is None or len(out) < need):  # the class's remaining matches
            seen = set(pool)
            for i in _matches(db, expr, filters, params, query):
                if i not in seen:
                    out.append((i, exact))
                    if need is not None and len(out) >= need:
                        break
    return out


def _scored(db, scorer: ranking.Scorer, ids: list[int]) -> dict[int, tuple[float, str | None]]:
    """id -> (BM25F score, published_at) of the articles ``ids``."""
    return {row[0]: (scorer.score(row[2:]), row[1]) for row in db.execute(
        f"""SELECT f.rowid, a.published_at, f.title_folded, f.body_folded, f.captions_folded, f.byline_folded
            FROM articles_fts f JOIN articles a ON a.id = f.rowid
            WHERE f.rowid IN ({', '.join(str(int(i)) for i in ids) or 'NULL'})""")}


def _date_page(db, q, filters: list[str], params: dict, query: str, order: str,
               need: int | None, scorer: ranking.Scorer) -> list[tuple[int, int]]:
    """The first ``need`` (None: all) (id, exact) in ``newest``/``oldest`` order (undated last; exact
    matches, then score, break ties of the same date).

    Walks the ``published_at`` index, checking each article that passes the filters against the query
    (an FTS5 rowid lookup each); after ``WALK_CHECKS`` checks without a full page (the matches are rare
    among the articles walked), reads the match set once instead. Rows tied with the page's last date
    are all kept, so their tie-break order is complete."""
    direction = "DESC" if order == "newest" else ""
    where = " AND ".join(["a.published_at IS NOT NULL", *filters])
    page: list[tuple[int, str]] = []
    # a prefix FTS5 must expand itself (see _expand_prefixes) would be expanded by every per-article
    # check: such a query reads its match set once instead
    prefix = any(len(m.group(1).rsplit(" ", 1)[-1]) > 3 for m in _PREFIX_RE.finditer(q.folded))
    if need is not None and not prefix:
        check = "SELECT 1 FROM articles_fts WHERE articles_fts MATCH :folded AND rowid = :id"
        checks = 0
        for article_id, published in db.execute(
                f"""SELECT a.id, a.published_at FROM articles a INDEXED BY idx_articles_published_at
                    WHERE {where} ORDER BY a.published_at {direction}""", params):
            if len(page) >= need and published != page[-1][1]:
                break
            if checks >= WALK_CHECKS and len(page) < need:
                page = None
                break
            checks += 1
            if _run(db, check, {"folded": q.folded, "id": article_id}, query).fetchone():
                page.append((article_id, published))
    if need is None or prefix or page is None:  # all, a prefix, or matches too rare to walk: the match set
        page = []
        match_set = "(SELECT rowid FROM articles_fts WHERE articles_fts MATCH :folded)"
        for article_id, published in _run(db, f"""
                SELECT a.id, a.published_at FROM articles a INDEXED BY idx_articles_published_at
                WHERE {where} AND a.id IN {match_set} ORDER BY a.published_at {direction}""",
                                          {**params, "folded": q.folded}, query):
            if need is not None and len(page) >= need and published != page[-1][1]:
                break
            page.append((article_id, published))
    if need is None or len(page) < need:  # undated matches last, most recently archived first
        page += [(i, None) for i in _matches(db, q.folded, [*filters, "a.published_at IS NULL"], params, query,
                                             None if need is None else need - len(page))]
    exact = set()
    if q.exact:  # rowid lookups, one per page row
        ids = ", ".join(str(int(a)) for a, _ in page) or "NULL"
        exact = {r[0] for r in _run(db, f"SELECT rowid FROM articles_fts WHERE articles_fts MATCH :exact "
                                        f"AND rowid IN ({ids})", {"exact": q.exact}, query)}
    scored = _scored(db, scorer, [a for a, _ in page])
    rows = [(a, int(a in exact), scored[a][0], published) for a, published in page]
    dated = sorted((r for r in rows if r[3] is not None), key=lambda r: (-r[1], -r[2]))
    dated.sort(key=lambda r: r[3], reverse=order == "newest")  # stable: exact, then score, break date ties
    return [r[:2] for r in dated + [r for r in rows if r[3] is None]]


def _distinct_hits(text: str, highlight: tuple[str, str]) -> int:
    """How many different (folded) words ``text`` highlights: picks the snippet that shows most of the query."""
    parts = text.split(highlight[0])[1:]
    return len({fold(p.split(highlight[1])[0]) for p in parts})


def search_count(db: sqlite_utils.Database, query: str, portal=None, since=None, until=None,
                 byline=None) -> int:
    """How many articles ``search`` would return without a limit (same arguments, same errors)."""
    register_search_functions(db.conn)
    q, filters, params = _search_filters(db, query, portal, since, until, byline)
    return _run(db, f"SELECT count(*) {_from_matches(filters)}", {**params, "m": q.folded}, query).fetchone()[0]


def optimize_search_index(db: sqlite_utils.Database, pages: int | None = None) -> None:
    """Merge the full-text index's segments: all of them into one (``pages=None``: FTS5 ``optimize``, then
    ``PRAGMA optimize``), or about ``pages`` leaf pages of that work (FTS5 incremental ``merge``).

    Incremental writes leave the index in many segments, and every rowid lookup (exactness and
    date-order checks in ``search``) visits each of them: ~10x slower lookups on a 100,000-article
    archive built in batches. A crawl does a bounded merge when it ends (~0.1 s); ``portal-archive
    optimize`` does the full one (it rewrites the index: 19 s for 100,000 articles, 281 s for 1,000,000)."""
    with transaction(db):
        if pages is None:
            db.execute("INSERT INTO articles_fts (articles_fts) VALUES ('optimize')")
        else:
            db.execute("INSERT INTO articles_fts (articles_fts, rank) VALUES ('merge', ?)", [-abs(int(pages))])
    if pages is None:
        db.execute("PRAGMA optimize")


# --- scale-out: dispatch history and shard merge (`portal-archive cluster`, `merge`) -------------

DISPATCH_COLUMNS = ("id", "portal", "trigger", "dispatched_at", "status", "node", "node_url", "scrapyd_job",
                    "preferred_node", "reassigned_from", "message", "finished_at")


def record_dispatch(db: sqlite_utils.Database, portal: str, status: str, **fields) -> int:
    """A row of the central dispatch history (``DISPATCH_COLUMNS``); returns its id."""
    with transaction(db):
        return db["dispatches"].insert({"portal": portal, "status": status, "dispatched_at": utcnow(),
                                        **fields}).last_pk


def update_dispatch(db: sqlite_utils.Database, dispatch_id: int, **fields) -> None:
    with transaction(db):
        db["dispatches"].update(dispatch_id, fields)


def list_dispatches(db: sqlite_utils.Database, portal: str | None = None, limit: int | None = 20,
                    status: str | None = None) -> list[dict]:
    """The dispatch history, newest first."""
    where, params = [], []
    if portal:
        where.append("portal = ?"); params.append(portal)
    if status:
        where.append("status = ?"); params.append(status)
    return _dicts(db.execute(
        f"SELECT {', '.join(DISPATCH_COLUMNS)} FROM dispatches {'WHERE ' + ' AND '.join(where) if where else ''} "
        f"ORDER BY dispatched_at DESC, id DESC LIMIT {int(limit) if limit else -1}", params))


MERGED_TABLES = ("portals", "articles", "images", "article_urls", "article_versions", "counter_snapshots",
                 "crawl_runs", "frontier", "simhash_bands", "articles_fts")


def table_checksums(db: sqlite_utils.Database, tables: Iterable[str] = MERGED_TABLES) -> dict[str, str]:
    """table -> sha256 of its rows in rowid order (what a merge may change; equal sums: nothing changed)."""
    import hashlib

    out = {}
    for table in tables:
        digest = hashlib.sha256()
        for row in db.execute(f"SELECT rowid, * FROM [{table}] ORDER BY rowid"):
            digest.update(repr(row).encode("utf-8"))
        out[table] = digest.hexdigest()
    return out


def _columns(db: sqlite_utils.Database, table: str, schema: str = "main") -> list[str]:
    """Stored (not generated) columns of ``table``."""
    return [r[1] for r in db.execute(f"PRAGMA {schema}.table_xinfo([{table}])") if r[6] == 0]


def _state_key(state: dict) -> tuple:
    return (state["fetched_at"] or "", state["content_hash"] or "")


def shard_nodes(path: str | Path) -> list[str]:
    """The distinct scrapyd node names on the runs of a shard archive (read-only; [] if unreadable)."""
    try:
        conn = sqlite3.connect(f"file:{Path(path)}?mode=ro", uri=True)
        try:
            return [r[0] for r in conn.execute("SELECT DISTINCT node FROM crawl_runs")]
        finally:
            conn.close()
    except sqlite3.Error:
        return []


def merge_shard(db: sqlite_utils.Database, shard_path: str | Path, shard: str,
                warc_renames: dict[str, str] | None = None, node: str | None = None) -> dict[str, int]:
    """Merge the archive at ``shard_path`` (same schema version) into ``db`` in one transaction; return counts.

    Idempotent: merging a shard again (or a shard whose rows are already in ``db``) changes no row.
    - articles are matched by ``url_key``: one row per article; ``first_seen_at`` is the earliest and
      ``last_seen_at`` the latest capture of either side; every distinct text (current rows and
      ``article_versions`` of both sides) is kept, interleaved by fetch time: the current row is the latest
      text (captured first at its earliest fetch), earlier texts are versions; ``gone_at`` stands only when
      no later capture saw the article; images, simhash bands follow the current text;
    - ``article_urls``, ``frontier``: union (earliest first-seen; a pending URL becomes done/gone);
    - ``counter_snapshots``: union, one per (portal, page_url, fetched_at);
    - ``crawl_runs``: union by (portal, started_at, host, pid), tagged ``shard`` and ``shard_run_id``;
    - ``portals``: union, earliest first and latest last crawl;
    - story links (``story_id``, ``duplicate_of``) recomputed from the first changed article on; the FTS
      index is refreshed in the same transaction.
    ``warc_renames``: WARC file names of the shard stored under another name here (see pipelines.merge).
    """
    renames = warc_renames or {}
    counts = {k: 0 for k in ("articles_new", "articles_updated", "articles_unchanged", "versions_added",
                             "snapshots_added", "runs_added", "runs_updated", "urls_added", "portals_added")}
    db.execute("ATTACH DATABASE ? AS shard", [str(shard_path)])
    try:
        register_search_functions(db.conn)
        with transaction(db):
            _merge_portals(db, counts)
            run_map = _merge_runs(db, shard, node, counts)
            changed, article_map = _merge_articles(db, renames, counts)
            _merge_urls_frontier(db, counts)
            _merge_snapshots(db, run_map, article_map, counts)
            if changed:
                recompute_stories(db, min(changed))
            refresh_search_index(db)
    finally:
        db.execute("DETACH DATABASE shard")
    return counts


def _merge_portals(db, counts) -> None:
    cols = _columns(db, "portals")
    before = db.execute("SELECT count(*) FROM main.portals").fetchone()[0]
    db.execute(f"INSERT INTO main.portals ({', '.join(cols)}) SELECT {', '.join(cols)} FROM shard.portals "
               "WHERE slug NOT IN (SELECT slug FROM main.portals)")
    counts["portals_added"] = db.execute("SELECT count(*) FROM main.portals").fetchone()[0] - before
    desc = [c for c in cols if c not in ("slug", "first_crawled_at", "last_crawled_at")]
    newer = " AND ".join(f"p.{c} IS s.{c}" for c in desc)
    # description from the side crawled last; first/last crawl times: the widest span
    db.execute(f"""UPDATE main.portals AS p SET {', '.join(f'{c} = s.{c}' for c in desc)}
                   FROM shard.portals AS s WHERE s.slug = p.slug AND s.last_crawled_at > p.last_crawled_at
                   AND NOT ({newer})""")
    db.execute("""UPDATE main.portals AS p SET first_crawled_at = min(p.first_crawled_at, s.first_crawled_at),
                  last_crawled_at = max(p.last_crawled_at, s.last_crawled_at)
                  FROM shard.portals AS s WHERE s.slug = p.slug AND (s.first_crawled_at < p.first_crawled_at
                  OR s.last_crawled_at > p.last_crawled_at)""")


def _merge_runs(db, shard: str, node: str | None, counts) -> dict[int, int]:
    cols = [c for c in _columns(db, "crawl_runs") if c != "id"]
    run_map = {}
    shard_cols = _columns(db, "crawl_runs", "shard")
    for row in _dicts(db.execute(f"SELECT id, {', '.join(c for c in cols if c in shard_cols)} FROM shard.crawl_runs "
                                 "ORDER BY id")):
        shard_id = row.pop("id")
        hit = db.execute("SELECT id FROM main.crawl_runs WHERE portal = ? AND started_at = ? AND host IS ? "
                         "AND pid IS ?", [row["portal"], row["started_at"], row.get("host"), row.get("pid")]).fetchone()
        if hit is None:
            row.update(shard=row.get("shard") or shard, shard_run_id=row.get("shard_run_id") or shard_id,
                       node=row.get("node") or node)
            run_map[shard_id] = db["crawl_runs"].insert(row).last_pk
            counts["runs_added"] += 1
            continue
        run_map[shard_id] = hit[0]
        mine = _dicts(db.execute("SELECT * FROM main.crawl_runs WHERE id = ?", [hit[0]]))[0]
        # a run that was still running at an earlier merge: take its final state
        fresh = {k: v for k, v in row.items() if k not in ("shard", "shard_run_id", "node") and mine.get(k) != v
                 and v is not None}
        if fresh and (mine["status"] == "running" or not mine["finished_at"]):
            db["crawl_runs"].update(hit[0], fresh)
            counts["runs_updated"] += 1
    return run_map


_STATE_FIELDS = ("title", "body_text", "byline", "published_at", "published_raw", "content_hash", "fetched_at",
                 "warc_file", "warc_record_id")


def _states(db, schema: str, article_id: int) -> list[dict]:
    """The stored texts of one article, oldest first: its versions (with ``replaced_at``), then its row."""
    versions = _dicts(db.execute(f"SELECT {', '.join(_STATE_FIELDS)}, replaced_at, diff_summary "
                                 f"FROM {schema}.article_versions WHERE article_id = ? ORDER BY fetched_at, id",
                                 [article_id]))
    return versions


def _merge_articles(db, renames: dict[str, str], counts) -> tuple[list[int], dict[int, int]]:
    cols = _columns(db, "articles")
    copy_cols = [c for c in cols if c not in ("id", "story_id", "duplicate_of")]
    changed, article_map = [], {}
    rename = (lambda name: renames.get(name, name)) if renames else (lambda name: name)
    for srow in _dicts(db.execute(f"SELECT {', '.join(cols)} FROM shard.articles ORDER BY id")):
        sid = srow["id"]
        srow["warc_file"] = rename(srow["warc_file"]) if srow["warc_file"] else None
        sversions = _states(db, "shard", sid)
        for v in sversions:
            v["warc_file"] = rename(v["warc_file"]) if v["warc_file"] else None
        mrow = _dicts(db.execute(f"SELECT {', '.join(cols)} FROM main.articles WHERE url_key = ?",
                                 [srow["url_key"]]))
        if not mrow:  # new here: the row, its versions, images and simhash bands as they are
            new_id = db["articles"].insert({c: srow[c] for c in copy_cols}).last_pk
            article_map[sid] = new_id
            for v in sversions:
                db["article_versions"].insert({"article_id": new_id, **v})
            counts["versions_added"] += len(sversions)
            _copy_images_bands(db, sid, new_id)
            changed.append(new_id)
            counts["articles_new"] += 1
            continue
        mrow = mrow[0]
        mid = article_map[sid] = mrow["id"]
        mversions = _states(db, "main", mid)
        # every distinct capture (fetch time, text) of both sides, in fetch order; runs of one text collapse
        # into their first capture. Within one archive a version is always followed by a different, later
        # text, so the last run holds only current rows: its first one (this side's on a tie) is the row.
        captures = {}
        for origin, states in (("main", [*mversions, mrow]), ("shard", [*sversions, srow])):
            for n, state in enumerate(states):
                captures.setdefault(_state_key(state), (origin, n == len(states) - 1, state))
        ordered = [captures[k] for k in sorted(captures)]
        runs: list[list] = []
        for item in ordered:
            if runs and runs[-1][0][2]["content_hash"] == item[2]["content_hash"]:
                runs[-1].append(item)
            else:
                runs.append([item])
        current = next((i for i in runs[-1] if i[1]), None)  # the earliest current row in the last run
        if current is None:  # (a shard's row equal to a version here: cannot end a run in practice)
            current = ("shard", True, srow) if _state_key(srow) > _state_key(mrow) else ("main", True, mrow)
        versions = []
        for run, following in zip(runs, runs[1:]):
            first = run[0][2]
            versions.append({**{k: first[k] for k in _STATE_FIELDS}, "replaced_at": following[0][2]["fetched_at"],
                             "diff_summary": first.get("diff_summary") if first.get("replaced_at") ==
                             following[0][2]["fetched_at"] else diff_summary(first, following[0][2])})
        key = lambda vs: [(v["fetched_at"], v["content_hash"], v["replaced_at"]) for v in vs]  # noqa: E731
        if key(versions) != key(mversions):
            db.execute("DELETE FROM article_versions WHERE article_id = ?", [mid])
            for v in versions:
                db["article_versions"].insert({"article_id": mid, **v})
            counts["versions_added"] += max(0, len(versions) - len(mversions))
        row = dict(mrow) if current[0] == "main" else {**srow, "id": mid, "url": mrow["url"],
                                                         "story_id": mrow["story_id"],
                                                         "duplicate_of": mrow["duplicate_of"]}
        seen = [mrow, srow]
        row["first_seen_at"] = min(r["first_seen_at"] for r in seen if r["first_seen_at"])
        row["last_seen_at"] = max(r["last_seen_at"] for r in seen if r["last_seen_at"])
        latest = max(seen, key=lambda r: (r["last_seen_at"] or "", r is mrow))
        row["etag"], row["last_modified"] = latest["etag"], latest["last_modified"]
        gone = max((r for r in seen if r["gone_at"]), key=lambda r: r["gone_at"], default=None)
        if gone and gone["gone_at"] > row["last_seen_at"]:
            row.update(gone_at=gone["gone_at"], gone_reason=gone["gone_reason"], redirected_to=gone["redirected_to"])
        else:
            row.update(gone_at=None, gone_reason=None, redirected_to=None)
        diff = {c: row[c] for c in copy_cols if row[c] != mrow[c]}
        if diff:
            db["articles"].update(mid, diff)
        if current[0] == "shard":
            db.execute("DELETE FROM images WHERE article_id = ?", [mid])
            db.execute("DELETE FROM simhash_bands WHERE article_id = ?", [mid])
            _copy_images_bands(db, sid, mid)
        if diff or key(versions) != key(mversions):
            changed.append(mid)
            counts["articles_updated"] += 1
        else:
            counts["articles_unchanged"] += 1
    return changed, article_map


def _copy_images_bands(db, shard_id: int, main_id: int) -> None:
    db.execute("INSERT INTO main.images (article_id, position, src, caption) "
               "SELECT ?, position, src, caption FROM shard.images WHERE article_id = ? ORDER BY position",
               [main_id, shard_id])
    db.execute("INSERT OR IGNORE INTO main.simhash_bands (band, value, article_id) "
               "SELECT band, value, ? FROM shard.simhash_bands WHERE article_id = ?", [main_id, shard_id])


def _merge_urls_frontier(db, counts) -> None:
    before = db.execute("SELECT count(*) FROM main.article_urls").fetchone()[0]
    db.execute("""INSERT INTO main.article_urls (url, url_key, first_seen_at)
                  SELECT url, url_key, first_seen_at FROM shard.article_urls WHERE true
                  ON CONFLICT (url) DO UPDATE SET first_seen_at = excluded.first_seen_at
                  WHERE excluded.first_seen_at < article_urls.first_seen_at""")
    counts["urls_added"] = db.execute("SELECT count(*) FROM main.article_urls").fetchone()[0] - before
    db.execute("""INSERT INTO main.frontier (url_key, portal, url, state, discovered_at, done_at)
                  SELECT url_key, portal, url, state, discovered_at, done_at FROM shard.frontier WHERE true
                  ON CONFLICT (url_key) DO UPDATE SET
                      state = CASE WHEN frontier.state = 'pending' THEN excluded.state ELSE frontier.state END,
                      done_at = CASE WHEN frontier.state = 'pending' THEN excluded.done_at ELSE frontier.done_at END,
                      discovered_at = min(frontier.discovered_at, excluded.discovered_at)
                  WHERE (frontier.state = 'pending' AND excluded.state != 'pending')
                     OR excluded.discovered_at < frontier.discovered_at""")
    # queued on one node, archived by another: done
    db.execute("UPDATE main.frontier SET state = 'done', done_at = (SELECT fetched_at FROM main.articles a "
               "WHERE a.url_key = frontier.url_key) WHERE state = 'pending' "
               "AND url_key IN (SELECT url_key FROM main.articles)")


def _merge_snapshots(db, run_map: dict[int, int], article_map: dict[int, int], counts) -> None:
    db.execute("CREATE TEMP TABLE IF NOT EXISTS merge_map (kind TEXT, shard_id INTEGER, main_id INTEGER, "
               "PRIMARY KEY (kind, shard_id))")
    db.execute("DELETE FROM temp.merge_map")
    db.conn.executemany("INSERT INTO temp.merge_map VALUES (?, ?, ?)",
                        [("run", k, v) for k, v in run_map.items()] + [("article", k, v) for k, v in article_map.items()])
    cols = [c for c in _columns(db, "counter_snapshots") if c not in ("id", "run_id", "article_id")]
    before = db.execute("SELECT count(*) FROM main.counter_snapshots").fetchone()[0]
    db.execute(f"""INSERT INTO main.counter_snapshots ({', '.join(cols)}, run_id, article_id)
                   SELECT {', '.join('s.' + c for c in cols)},
                          (SELECT main_id FROM temp.merge_map WHERE kind = 'run' AND shard_id = s.run_id),
                          (SELECT main_id FROM temp.merge_map WHERE kind = 'article' AND shard_id = s.article_id)
                   FROM shard.counter_snapshots s
                   WHERE NOT EXISTS (SELECT 1 FROM main.counter_snapshots m WHERE m.portal = s.portal
                                     AND m.fetched_at = s.fetched_at AND m.page_url = s.page_url)
                   ORDER BY s.fetched_at, s.id""")
    counts["snapshots_added"] = db.execute("SELECT count(*) FROM main.counter_snapshots").fetchone()[0] - before


def recompute_stories(db: sqlite_utils.Database, from_id: int = 0) -> int:
    """Re-link ``story_id``/``duplicate_of`` of articles with ``id >= from_id``, in id order, to the first
    earlier article with the same or a near-identical text (as a single crawl links them); return changes."""
    changed = 0
    rows = db.execute("SELECT id, content_hash, simhash, story_id, duplicate_of FROM articles WHERE id >= ? "
                      "ORDER BY id", [from_id]).fetchall()
    for article_id, content_hash, simhash, story_id, duplicate_of in rows:
        story = _find_story(db, article_id, {"content_hash": content_hash, "simhash": simhash}, before=True)
        want = (story[0], story[1]) if story else (article_id, None)
        if (story_id, duplicate_of) != want:
            db.execute("UPDATE articles SET story_id = ?, duplicate_of = ? WHERE id = ?", [*want, article_id])
            changed += 1
    return changed
