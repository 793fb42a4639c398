"""Crawl runs: their rows, fetch errors, and the history and health queries over them.
"""
from __future__ import annotations

import json
from typing import Iterable

import sqlite_utils

from portal_archive.archive.db import ArchiveError, dicts, transaction, utcnow


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


def last_full_sweep(db: sqlite_utils.Database, portal: str) -> str | None:
    """Start time (ISO, UTC) of ``portal``'s latest full sweep that ran to its end (ok or partial, not stopped by
    a page cap), or None."""
    return db.execute("SELECT max(started_at) FROM crawl_runs WHERE portal = ? AND full = 1 "
                      "AND status IN ('ok', 'partial') AND finish_reason = 'finished'", [portal]).fetchone()[0]


def last_finished_run(db: sqlite_utils.Database, portal: str) -> str | None:
    """Start time (ISO, UTC) of ``portal``'s latest run that ran to its end (ok or partial, not stopped by a page
    cap), or None."""
    return db.execute("SELECT max(started_at) FROM crawl_runs WHERE portal = ? AND status IN ('ok', 'partial') "
                      "AND finish_reason = 'finished'", [portal]).fetchone()[0]


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
