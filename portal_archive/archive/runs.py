"""Crawl runs: their rows, fetch errors, and the history and health queries over them.
"""
from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Iterable

import sqlite_utils

from crawler.urls import url_key
from portal_archive.archive.db import ArchiveError, dicts, transaction, utcnow

RETRY_BACKOFF = 3600.0  # seconds before the first retry of a frontier URL that failed; then 4x longer each time
RETRY_ATTEMPTS = 5  # failed fetches after which a frontier URL is given up (``failed``)
# errors that fetching again will not change: settled at once
FINAL_ERRORS = frozenset({"hostile_markup", "unsafe_target", "too_large", "not_html", "no_article", "start_redirect"})


def start_run(db: sqlite_utils.Database, portal: str, trigger: str = "manual", log_path: str | None = None,
              pid: int | None = None, host: str | None = None, node: str | None = None,
              scrapyd_job: str | None = None) -> int:
    """A ``running`` row in ``crawl_runs``; ``node``/``scrapyd_job``: set when the crawl runs under scrapyd."""
    with transaction(db):
        return db["crawl_runs"].insert({
            "portal": portal, "trigger": trigger, "started_at": utcnow(), "status": "running",
            "log_path": log_path, "pid": pid, "host": host, "node": node, "scrapyd_job": scrapyd_job,
        }).last_pk


def store_fetch_errors(db: sqlite_utils.Database, errors: Iterable[dict], run_id: int | None = None,
                       backoff: float = RETRY_BACKOFF, max_attempts: int = RETRY_ATTEMPTS) -> int:
    """Record pages that failed (dicts with url, error, status, attempts, fetched_at, portal, message), and settle
    their frontier URLs (``settle_frontier``) in the same transaction."""
    rows = [{"run_id": run_id, **{k: e.get(k) for k in ("portal", "url", "error", "status", "attempts",
                                                           "fetched_at", "message")}} for e in errors]
    if rows:
        with transaction(db):
            db["fetch_errors"].insert_all(rows)
            settle_frontier(db, rows, backoff, max_attempts)
    return len(rows)


def final_error(error: str, status: int | None = None) -> bool:
    """Will fetching again give the same failure? (``FINAL_ERRORS``, and HTTP 4xx but 408 and 429.)"""
    return error in FINAL_ERRORS or (status is not None and 400 <= status < 500 and status not in (408, 429))


def settle_frontier(db: sqlite_utils.Database, errors: list[dict], backoff: float = RETRY_BACKOFF,
                    max_attempts: int = RETRY_ATTEMPTS) -> None:
    """The retry policy of frontier URLs that failed: a final error (``final_error``) or the ``max_attempts``-th
    failure settles the URL ``failed``; any other failure keeps it ``pending`` with ``next_attempt_at`` =
    failure time + ``backoff`` x 4^(attempts - 1) (1 h, 4 h, 16 h, 64 h by default). ``crawl_state`` resumes only
    URLs whose time has come, and tries a ``failed`` one again after ``writes.FAILED_RECHECK`` (a failure then
    starts that wait again). URLs not in the frontier (listings, start pages) are left alone."""
    for e in errors:
        key = url_key(e["url"])
        row = db.execute("SELECT attempts, state FROM frontier WHERE url_key = ? AND state IN ('pending', 'failed')",
                         [key]).fetchone()
        if row is None:
            continue
        attempts = (row[0] or 0) + 1
        if row[1] == "failed" or final_error(e["error"], e.get("status")) or attempts >= max_attempts:
            db.execute("UPDATE frontier SET state = 'failed', attempts = ?, last_error = ?, next_attempt_at = NULL, "
                       "done_at = ? WHERE url_key = ?", [attempts, e["error"], e["fetched_at"], key])
            continue
        try:
            failed_at = datetime.fromisoformat(e["fetched_at"])
        except (TypeError, ValueError):
            failed_at = datetime.fromisoformat(utcnow())
        later = (failed_at + timedelta(seconds=backoff * 4 ** (attempts - 1))).isoformat(timespec="seconds")
        db.execute("UPDATE frontier SET attempts = ?, last_error = ?, next_attempt_at = ? WHERE url_key = ?",
                   [attempts, e["error"], later, key])


def finish_run(db: sqlite_utils.Database, run_id: int, status: str, counts: dict, stats: dict,
               finish_reason: str) -> None:
    with transaction(db):
        db["crawl_runs"].update(run_id, {
            "finished_at": utcnow(), "status": status, "finish_reason": finish_reason,
            "stats": json.dumps(stats, default=str, ensure_ascii=False), **counts,
        })


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


RUN_COLUMNS = ("id", "portal", "trigger", "started_at", "finished_at", "status", "pages_fetched",
               "articles_new", "articles_updated", "articles_unchanged", "articles_gone", "counter_snapshots",
               "errors", "finish_reason", "log_path", "pid", "host", "node", "scrapyd_job", "shard", "requests", "full",
               "stats")
HEALTH_FIELDS = ("published_at", "title", "body_text", "byline", "authors")  # columns health may judge


def list_runs(db: sqlite_utils.Database, portal: str | None = None, failed: bool = False,
              limit: int | None = 20) -> list[dict]:
    """Crawl runs, newest first (``RUN_COLUMNS``; ``stats`` parsed; ``requests_per_new``: requests per new
    article, None when none was new). ``failed``: only runs that did not end ``ok`` (failed, partial,
    interrupted). ``limit`` None: all."""
    where, params = [], []
    if portal:
        where.append("portal = ?"); params.append(portal)
    if failed:
        where.append("status NOT IN ('ok', 'running')")
    sql = (f"SELECT {', '.join(RUN_COLUMNS)} FROM crawl_runs {'WHERE ' + ' AND '.join(where) if where else ''} "
           f"ORDER BY started_at DESC, id DESC LIMIT {int(limit) if limit else -1}")
    rows = dicts(db.execute(sql, params))
    for row in rows:
        row["stats"] = json.loads(row["stats"]) if row["stats"] else {}
        row["requests_per_new"] = round(row["requests"] / row["articles_new"], 1) \
            if row["requests"] is not None and row["articles_new"] else None
    return rows


def last_finished_run(db: sqlite_utils.Database, portal: str, full: bool = False) -> str | None:
    """Start time (ISO, UTC) of ``portal``'s latest run (with ``full``: full sweep) that ran to its end (ok or
    partial, not stopped by a page cap), or None."""
    return db.execute("SELECT max(started_at) FROM crawl_runs WHERE portal = ? AND status IN ('ok', 'partial') "
                      f"AND finish_reason = 'finished'{' AND full = 1' if full else ''}", [portal]).fetchone()[0]


def run_portals(db: sqlite_utils.Database) -> list[str]:
    """Slugs of the portals with at least one run, sorted."""
    return [r[0] for r in db.execute("SELECT DISTINCT portal FROM crawl_runs ORDER BY portal")]


def last_run_started(db: sqlite_utils.Database) -> dict[str, str]:
    """portal -> start time (ISO, UTC) of its latest run of any trigger."""
    return dict(db.execute("SELECT portal, max(started_at) FROM crawl_runs GROUP BY portal").fetchall())


def run_of_process(db: sqlite_utils.Database, portal: str, pid: int, host: str) -> dict | None:
    """The latest run of ``portal`` recorded by process ``pid`` on ``host`` (None if it recorded none)."""
    rows = dicts(db.execute(f"SELECT {', '.join(RUN_COLUMNS[:-1])} FROM crawl_runs WHERE portal = ? AND pid = ? "
                             "AND host = ? ORDER BY id DESC LIMIT 1", [portal, pid, host]))
    return rows[0] if rows else None


def field_gaps(db: sqlite_utils.Database, portal: str, fields: Iterable[str], run_id: int,
               before: bool = False) -> tuple[int, dict[str, int]]:
    """(articles, {field: how many of them have it empty}) among the articles of ``portal`` whose current
    text run ``run_id`` stored (its new and changed articles) or, with ``before``, stored earlier (the
    baseline: earlier runs, and articles from before runs were recorded on them). Empty: NULL, blank, or
    ``[]`` for authors."""
    fields = list(fields)
    bad = [f for f in fields if f not in HEALTH_FIELDS]
    if bad:
        raise ArchiveError(f"cannot judge field(s) {bad} (known: {', '.join(HEALTH_FIELDS)})")
    where = "portal = ? AND " + ("(run_id < ? OR run_id IS NULL)" if before else "run_id = ?")
    empty = ", ".join(f"sum(CASE WHEN nullif(trim(coalesce({f}, '')), '') IS NULL OR {f} = '[]' THEN 1 ELSE 0 END)"
                      for f in fields)
    row = db.execute(f"SELECT count(*){', ' + empty if fields else ''} FROM articles WHERE {where}",
                     [portal, run_id]).fetchone()
    return row[0], {f: row[i + 1] or 0 for i, f in enumerate(fields)}
