"""Page requisites: the captures of article images and portal logos (``images`` rows), and reading them back.

An image URL is fetched once: rows of the same ``src`` all point to its one capture (a row added later takes the
capture an earlier row has, ``adopt_captures``). ``capture_status`` is ``ok`` or why not: ``too_large``,
``budget``, ``page_cap``, ``robots``, ``unsafe_target``, ``http_<status>``, ``not_image`` (the portal answered
with a page, not an image), ``error: <class>``. Failures other than ``too_large``
and ``http_4xx`` are tried again by the next crawl.
"""
from __future__ import annotations

from pathlib import Path
from typing import Iterable

import sqlite_utils
from warcio.archiveiterator import ArchiveIterator

from portal_archive.archive.db import ArchiveError, transaction

CAPTURE_COLUMNS = ("warc_file", "warc_record_id", "warc_offset", "payload_digest", "content_type",
                   "content_length", "capture_status")
# not tried again: the capture itself, or an answer that will not change by asking again
_SETTLED = "(capture_status = 'ok' OR capture_status = 'too_large' OR capture_status LIKE 'http_4%')"
MAX_READ = 64 * 1024 * 1024  # the most of one record's payload read back into memory


def adopt_captures(db: sqlite_utils.Database, after_id: int = 0) -> int:
    """Rows (past ``after_id``) without a capture take the ``ok`` capture of another row of the same ``src``;
    returns how many did."""
    cols = ", ".join(CAPTURE_COLUMNS)
    with transaction(db):
        cur = db.execute(
            f"UPDATE images SET ({cols}) = (SELECT {cols} FROM images o WHERE o.src = images.src "
            "AND o.capture_status = 'ok' ORDER BY o.id LIMIT 1) "
            "WHERE id > ? AND (capture_status IS NULL OR capture_status != 'ok') "
            "AND EXISTS (SELECT 1 FROM images o WHERE o.src = images.src AND o.capture_status = 'ok')", [after_id])
    return cur.rowcount


def images_to_capture(db: sqlite_utils.Database, portal: str, after_id: int = 0,
                      limit: int = 5000) -> list[tuple[int, str]]:
    """``(id, src)`` of ``portal``'s image rows (its articles' and its logo) past ``after_id`` that still need a
    fetch (an ``ok`` capture of the same URL is adopted first), in id order."""
    adopt_captures(db, after_id)
    return db.execute(
        "SELECT i.id, i.src FROM images i LEFT JOIN articles a ON a.id = i.article_id "
        f"WHERE i.id > ? AND NOT coalesce({_SETTLED}, 0) AND (a.portal = ? OR (i.article_id IS NULL AND i.id = "
        "(SELECT logo_image_id FROM portals WHERE slug = ?))) ORDER BY i.id LIMIT ?",
        [after_id, portal, portal, limit]).fetchall()


def store_image_captures(db: sqlite_utils.Database, captures: Iterable[dict]) -> int:
    """Record fetch outcomes: each dict has ``src`` and the ``CAPTURE_COLUMNS`` (an outcome other than ``ok`` may
    leave the location ones out). Every row of that ``src`` without an ``ok`` capture takes it; returns rows set."""
    cols = ", ".join(f"{c} = ?" for c in CAPTURE_COLUMNS)
    rows = 0
    with transaction(db):
        for cap in captures:
            cur = db.execute(f"UPDATE images SET {cols} WHERE src = ? AND (capture_status IS NULL "
                             "OR capture_status != 'ok')", [*(cap.get(c) for c in CAPTURE_COLUMNS), cap["src"]])
            rows += cur.rowcount
    return rows


def set_logo(db: sqlite_utils.Database, portal: str, src: str) -> int:
    """Make ``src`` the logo of ``portal`` (an ``images`` row of no article, ``portals.logo_image_id``); a logo
    seen before keeps its row. Returns the row's id."""
    with transaction(db):
        row = db.execute("SELECT i.id, i.src FROM portals p JOIN images i ON i.id = p.logo_image_id "
                         "WHERE p.slug = ?", [portal]).fetchone()
        if row and row[1] == src:
            return row[0]
        image_id = db.execute("INSERT INTO images (article_id, position, src, caption) VALUES (NULL, 0, ?, NULL)",
                              [src]).lastrowid
        db.execute("UPDATE portals SET logo_image_id = ? WHERE slug = ?", [image_id, portal])
    return image_id


def read_record(warc_dir: str | Path, warc_file: str, offset: int) -> tuple[str | None, bytes]:
    """``(content type, payload)`` of the response record at ``offset`` of ``warc_file`` in ``warc_dir``.
    Raises ArchiveError for a name that leaves the folder, a missing file, or no response record there."""
    root = Path(warc_dir).resolve()
    path = (root / warc_file).resolve()
    if Path(warc_file).name != warc_file or not path.is_relative_to(root):
        raise ArchiveError(f"WARC file name {warc_file!r} is outside {root}")
    try:
        with open(path, "rb") as fh:
            fh.seek(int(offset))
            record = next(iter(ArchiveIterator(fh)), None)
            if record is None or record.rec_type != "response":
                raise ArchiveError(f"no response record at {warc_file}:{offset}")
            content_type = record.http_headers.get_header("Content-Type") if record.http_headers else None
            return content_type, record.content_stream().read(MAX_READ)
    except FileNotFoundError:
        raise ArchiveError(f"WARC file {warc_file} is missing from {root}") from None


def image_capture(db: sqlite_utils.Database, image_id: int, warc_dir: str | Path) -> tuple[str, bytes] | None:
    """``(content type, bytes)`` of image row ``image_id``'s capture, or None when it has no ``ok`` capture."""
    row = db.execute("SELECT warc_file, warc_offset, content_type FROM images WHERE id = ? "
                     "AND capture_status = 'ok'", [image_id]).fetchone()
    if row is None or row[0] is None or row[1] is None:
        return None
    recorded_type, body = read_record(warc_dir, row[0], row[1])
    return row[2] or recorded_type or "application/octet-stream", body
