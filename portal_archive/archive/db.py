"""The archive database: open, transactions and the schema's migrations.

Schema changes are migrations (``MIGRATIONS``, applied in order and recorded in ``PRAGMA user_version``).
"""
from __future__ import annotations

import sqlite3
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

import sqlite_utils

from crawler.items import COUNTER_KINDS
from portal_archive.archive import DEFAULT_DB
from portal_archive.archive.fts import refresh_search_index
from portal_archive.errors import PortalArchiveError

CACHE_KB = 16 * 1024  # SQLite page cache per connection (see open_archive)


class ArchiveError(PortalArchiveError):
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
    printed (NFC) and folded (``portal_archive.search.textfold.fold``: no accents, đ -> d) in shadow columns.

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
    holds the body. Idempotent."""
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
    without it scanned the whole table (the cost of storing an article grew with the archive). Idempotent."""
    db.execute("CREATE INDEX IF NOT EXISTS idx_simhash_bands_article_id ON simhash_bands (article_id)")


def _m10_article_source(db: sqlite_utils.Database) -> None:
    """``articles.source``: the article's source line as printed ("Nguồn: …", "Theo VOV"), apart from its
    byline. Idempotent."""
    if "source" not in db["articles"].columns_dict:
        db["articles"].add_column("source", str)


def _m11_run_requests(db: sqlite_utils.Database) -> None:
    """``crawl_runs.requests``: HTTP requests the run made (robots.txt, retries and 304s included), and
    ``crawl_runs.full``: 1 when it was a full sweep (every listing page, every archived article re-validated),
    0 for an incremental run (``crawler.walk``), NULL for runs before this column. Idempotent."""
    columns = db["crawl_runs"].columns_dict
    if "requests" not in columns:
        db["crawl_runs"].add_column("requests", int)
    if "full" not in columns:
        db["crawl_runs"].add_column("full", int)


def _m12_frontier_retry(db: sqlite_utils.Database) -> None:
    """The frontier's retry policy: ``attempts`` (failed fetches), ``next_attempt_at`` (not before: back-off),
    ``last_error`` (error class of the last failure). A URL that keeps failing or fails for good (refused, too
    large, unparseable) is settled ``failed`` instead of staying ``pending`` for every later run. Idempotent."""
    columns = db["frontier"].columns_dict
    for name, kind in (("attempts", int), ("next_attempt_at", str), ("last_error", str)):
        if name not in columns:
            db["frontier"].add_column(name, kind)


def _m13_image_captures(db: sqlite_utils.Database) -> None:
    """Page requisites: where each image's capture is (``images.warc_*``, ``payload_digest``, ``content_type``,
    ``content_length``) and how its fetch went (``capture_status``: ``ok`` or why not); an index by ``src`` (one
    capture per image URL); ``portals.logo_image_id``: the portal's logo, an ``images`` row of no article.
    Idempotent."""
    have = db["images"].columns_dict
    for name, kind in (("warc_file", str), ("warc_record_id", str), ("warc_offset", int), ("payload_digest", str),
                       ("content_type", str), ("content_length", int), ("capture_status", str)):
        if name not in have:
            db["images"].add_column(name, kind)
    db.execute("CREATE INDEX IF NOT EXISTS idx_images_src ON images (src)")
    if "logo_image_id" not in db["portals"].columns_dict:
        db["portals"].add_column("logo_image_id", int)


def _m14_reading_room(db: sqlite_utils.Database) -> None:
    """``counter_daily`` takes the last reading of each day deterministically: readings in the same second are
    ordered by ``id`` (the order they were recorded in; ``merge`` copies a shard's in that order).
    ``article_authors``: one row per person credited by an article (``articles.authors``, the names of the
    byline without "Tin, ảnh:"), with the credit as printed before the names ("Tin, ảnh", "Bài") kept; none when
    the byline has several ("Bài: A - Ảnh: B": whose is whose is for the byline to show).
    ``images.after_paragraph``: how many paragraphs of the article's text come before the image on the page
    (NULL for images archived before it was recorded). Idempotent."""
    if "after_paragraph" not in db["images"].columns_dict:
        db["images"].add_column("after_paragraph", int)
    db.execute("DROP VIEW IF EXISTS counter_daily")
    db.execute("""
        CREATE VIEW counter_daily AS
        WITH ranked AS (
            SELECT portal, date(fetched_at, '+7 hours') AS day, total, today, online,
                   row_number() OVER (PARTITION BY portal, date(fetched_at, '+7 hours')
                                      ORDER BY fetched_at DESC, id DESC) AS nth
            FROM counter_snapshots WHERE total IS NOT NULL
        )
        SELECT portal, day, total, today, online,
               total - lag(total) OVER (PARTITION BY portal ORDER BY day) AS total_delta,
               CASE WHEN total < lag(total) OVER (PARTITION BY portal ORDER BY day) THEN 1 ELSE 0 END AS reset
        FROM ranked WHERE nth = 1
    """)
    db.execute("DROP VIEW IF EXISTS article_authors")
    db.execute("""
        CREATE VIEW article_authors AS
        SELECT a.id AS article_id, j.value AS author,
               CASE WHEN instr(a.byline, ':') BETWEEN 2 AND 30
                         AND instr(substr(a.byline, instr(a.byline, ':') + 1), ':') = 0
                    THEN trim(substr(a.byline, 1, instr(a.byline, ':') - 1)) END AS credit,
               a.portal, a.published_at, a.title, a.byline
        FROM articles a, json_each(CASE WHEN NOT json_valid(a.authors) THEN '[]'
                                        WHEN json_type(a.authors) = 'array' THEN a.authors ELSE '[]' END) j
        WHERE j.type = 'text'
    """)


def _m15_search_log(db: sqlite_utils.Database) -> None:
    """``search_log``: every article id re-indexed for search, in order (``seq``), appended by
    ``refresh_search_index`` in the writer's transaction; the candidate index
    (``portal_archive.archive.search_index``) applies the entries after the last one it holds. Pruning
    always keeps the newest entry, so ``seq`` only grows (without AUTOINCREMENT's ``sqlite_sequence``).
    Idempotent."""
    db.execute("CREATE TABLE IF NOT EXISTS search_log (seq INTEGER PRIMARY KEY, article_id INTEGER NOT NULL)")


def _m16_search_on_filter_changes(db: sqlite_utils.Database) -> None:
    """An article re-indexed for search when what search filters on changes too (its portal, publication date
    or authors: the candidate index holds them), not only its searched text."""
    db.execute("DROP TRIGGER IF EXISTS articles_search_update")
    enqueue = "INSERT OR IGNORE INTO search_queue (article_id) VALUES"
    db.execute(f"CREATE TRIGGER articles_search_update AFTER UPDATE OF id, title, body_text, byline, authors, portal, "
               f"published_at ON articles BEGIN {enqueue} (old.id); {enqueue} (new.id); END")


def _m17_article_run(db: sqlite_utils.Database) -> None:
    """``articles.run_id``: the crawl run that stored the article's current text (new or changed); NULL for
    articles stored before this column or outside a run. A run's articles are then those of its id, not
    those fetched within its start and end times, which a run starting in the second the previous one
    ended would share. Idempotent."""
    if "run_id" not in db["articles"].columns_dict:
        db["articles"].add_column("run_id", int)
    db.execute("CREATE INDEX IF NOT EXISTS articles_portal_run ON articles (portal, run_id)")


MIGRATIONS = [_m1_initial, _m2_integrity, _m3_search, _m4_cluster, _m5_fetch_errors, _m6_export_indexes,
              _m7_search_filter_index, _m8_search_words, _m9_simhash_bands_by_article, _m10_article_source,
              _m11_run_requests, _m12_frontier_retry, _m13_image_captures, _m14_reading_room,
              _m15_search_log, _m16_search_on_filter_changes, _m17_article_run]


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
        # a crawl's batch (hundreds of articles and their index segments) outgrows SQLite's 2 MB default cache:
        # pages spilled and were read back. Allocated as used; larger caches cost a long crawl's memory.
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


def count_rows(db: sqlite_utils.Database, table: str) -> int:
    return db[table].count if db[table].exists() else 0


def dicts(cursor) -> list[dict]:
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]
