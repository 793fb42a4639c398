"""The full-text index's upkeep: articles queued by triggers are re-indexed as printed (NFC) and folded.
"""
from __future__ import annotations

import sqlite3

import sqlite_utils

from crawler.extract.text import nfc
from portal_archive.search.query import EXACT_COLUMNS, FOLDED_COLUMNS
from portal_archive.search.textfold import fold


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
    if db.execute("SELECT 1 FROM sqlite_master WHERE name = 'search_log'").fetchone():  # migration 15 on
        _log_changes(db)
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


SEARCH_LOG_KEEP = 200_000  # entries kept: a candidate index further behind is rebuilt, not caught up


def _log_changes(db: sqlite_utils.Database) -> None:
    """Append the queued article ids to ``search_log`` (the candidate index replays them), keeping the
    newest ``SEARCH_LOG_KEEP`` entries."""
    db.execute("INSERT INTO search_log (article_id) SELECT article_id FROM search_queue ORDER BY article_id")
    top = db.execute("SELECT max(seq) FROM search_log").fetchone()[0]
    if top > SEARCH_LOG_KEEP:
        db.execute("DELETE FROM search_log WHERE seq <= ?", [top - SEARCH_LOG_KEEP])
