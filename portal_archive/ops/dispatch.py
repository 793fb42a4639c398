"""The central history of crawls dispatched to scrapyd nodes (``dispatches`` rows).
"""
from __future__ import annotations

import sqlite_utils

from portal_archive.archive.db import dicts, transaction, utcnow

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
    return dicts(db.execute(
        f"SELECT {', '.join(DISPATCH_COLUMNS)} FROM dispatches {'WHERE ' + ' AND '.join(where) if where else ''} "
        f"ORDER BY dispatched_at DESC, id DESC LIMIT {int(limit) if limit else -1}", params))
