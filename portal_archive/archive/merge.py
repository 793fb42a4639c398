"""Merge shard archives (one per crawl node) into one archive: ``portal-archive merge SHARD... --into ARCHIVE``.

A shard is an archive file written by one machine (``<data dir>/archive.db``) with its WARC files beside it
(``<data dir>/warc/``; ``paths.warc_dir``). Merging copies the WARC files into the target's ``warc/`` directory (identical
files are skipped, a file that grew since the last merge is replaced, a different file under the same name
is stored as ``<name>--<shard>.warc.gz`` and the shard's references follow it), then merges the rows in
one transaction with ``merge_shard``. Merging is idempotent:
the same shard merged twice changes no row and copies no file.

A shard is untrusted input: it is opened read-only (an older schema is migrated in a temporary copy, a newer
one refused), its tables must have this version's columns and indexes (a view, a virtual table or a missing
index is refused), every statement reading it is bounded in time, only regular files directly inside its
``warc/`` are copied (symlinks, FIFOs and devices are skipped) and its name is reduced to a safe file-name part.
"""
from __future__ import annotations

import hashlib
import os
import re
import shutil
import sqlite3
import stat
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

import sqlite_utils

from portal_archive.archive.captures import CAPTURE_COLUMNS, set_logo, store_image_captures
from portal_archive.archive.db import MIGRATIONS, ArchiveError, dicts, migrate, open_archive, transaction
from portal_archive.archive.fts import refresh_search_index, register_search_functions
from portal_archive.archive.paths import adopt_legacy_warcs, files_dir, legacy_warc_dir, read_only_uri, warc_dir
from portal_archive.archive.search_index import sync_candidate_index
from portal_archive.archive.stories import diff_summary, recompute_stories


class MergeError(ArchiveError):
    """A shard cannot be merged (message is one line, fit for a user)."""


QUERY_TIMEOUT = 300.0  # seconds one statement reading a shard may run (`merge --query-timeout`)
_PROGRESS_STEPS = 10_000  # SQLite VM instructions between two looks at the clock
# the shard tables merge reads: each must be a real table with this version's columns and indexes
_READ_TABLES = ("portals", "crawl_runs", "articles", "article_versions", "images", "simhash_bands",
                "article_urls", "frontier", "counter_snapshots")
_UNSAFE_NAME = re.compile(r"[^\w.-]+")


@dataclass
class ShardReport:
    shard: str
    path: Path
    counts: dict[str, int]
    warc: dict[str, int] = field(default_factory=dict)

    def line(self) -> str:
        c, w = self.counts, self.warc
        return (f"{self.shard} ({self.path}): articles {c['articles_new']} new, {c['articles_updated']} updated, "
                f"{c['articles_unchanged']} unchanged; versions +{c['versions_added']}; counter snapshots "
                f"+{c['snapshots_added']}; runs +{c['runs_added']} (updated {c['runs_updated']}); URLs "
                f"+{c['urls_added']}; WARC files {w.get('copied', 0)} copied, {w.get('identical', 0)} identical, "
                f"{w.get('grown', 0)} grown, {w.get('renamed', 0)} renamed"
                + (f", {w['skipped']} skipped (symlinks or not regular files)" if w.get("skipped") else ""))


def safe_name(name: str) -> str:
    """``name`` as a part of a file name: each run of characters other than letters, digits, ``.``, ``_`` and
    ``-`` becomes ``_``, no leading dot, dash or underscore, at most 64 characters; ``shard`` if nothing is left
    (``../../etc`` -> ``etc``)."""
    return _UNSAFE_NAME.sub("_", name).lstrip("._-")[:64] or "shard"


def shard_name(path: Path, nodes: Iterable[str | None] = ()) -> str:
    """The scrapyd node that wrote the shard (when all its runs name one: ``nodes``); else ``node1`` for
    ``.../node1/archive.db`` and the file's stem for any other name (``node1`` for ``node1.db``); always a
    ``safe_name``."""
    path, nodes = Path(path), list(nodes)
    if len(nodes) == 1 and nodes[0]:
        return safe_name(nodes[0])
    return safe_name(path.parent.name if path.stem == "archive" and path.parent.name else path.stem)


def _sha256(fh, limit: int | None = None) -> str:
    """sha256 of the open file ``fh`` from its start (of its first ``limit`` bytes)."""
    digest = hashlib.sha256()
    remaining = limit
    fh.seek(0)
    while remaining is None or remaining > 0:
        chunk = fh.read(1 << 20 if remaining is None else min(1 << 20, remaining))
        if not chunk:
            break
        digest.update(chunk)
        if remaining is not None:
            remaining -= len(chunk)
    return digest.hexdigest()


def _sha256_file(path: Path, limit: int | None = None) -> str:
    with open(path, "rb") as fh:
        return _sha256(fh, limit)


def _copy(src, dst: Path) -> None:
    """Copy the open file ``src`` to ``dst``."""
    tmp = dst.with_name(f".{dst.name}.part")
    src.seek(0)
    with open(tmp, "wb") as out:
        shutil.copyfileobj(src, out, 1 << 20)
    os.replace(tmp, dst)  # atomic: a reader never sees half a file


def _open_regular(path: Path):
    """``path`` opened for reading if it is a regular file itself (not a symlink, FIFO, socket or device); else None.
    Opened without following a link and checked on the open file, so it cannot be swapped in between."""
    try:
        if not stat.S_ISREG(os.lstat(path).st_mode):
            return None
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError:  # gone meanwhile, or swapped for a symlink (ELOOP)
        return None
    fh = os.fdopen(fd, "rb")
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        fh.close()
        return None
    return fh


def copy_warcs(src_dir: Path, dst_dir: Path, shard: str) -> tuple[dict[str, str], dict[str, int]]:
    """Copy the WARC files of ``src_dir`` into ``dst_dir``; return (renames, counts).

    Only regular files directly inside ``src_dir`` are copied: a symlink (which could point at any file of the
    machine), a FIFO or a device is left out and counted as ``skipped`` (a key present when any was).
    Same name and same bytes: skipped (``identical``); the target's file is a prefix of the shard's (the
    shard's crawl appended records since the last merge; offsets are unchanged): replaced (``grown``);
    otherwise the file is stored as ``<stem>--<shard>.warc.gz`` (``renamed``, ``shard`` made a ``safe_name``)
    and ``renames`` maps its name."""
    counts = {"copied": 0, "identical": 0, "grown": 0, "renamed": 0}
    renames: dict[str, str] = {}
    if not src_dir.is_dir():
        return renames, counts
    if dst_dir.exists() and src_dir.resolve() == dst_dir.resolve():
        counts["identical"] = sum(1 for _ in src_dir.glob("*.warc*"))
        return renames, counts
    dst_dir.mkdir(parents=True, exist_ok=True)
    shard = safe_name(shard)
    for name in sorted(n for n in os.listdir(src_dir) if ".warc" in n and not n.startswith(".")):
        src = _open_regular(src_dir / name)
        if src is None:
            counts["skipped"] = counts.get("skipped", 0) + 1
            continue
        with src:
            _copy_warc(src, name, dst_dir, shard, renames, counts)
    return renames, counts


def _copy_warc(src, name: str, dst_dir: Path, shard: str, renames: dict[str, str], counts: dict[str, int]) -> None:
    dst = dst_dir / name
    for attempt in range(2):
        if not dst.exists():
            _copy(src, dst)
            counts["copied" if attempt == 0 else "renamed"] += 1
            return
        size_src, size_dst = os.fstat(src.fileno()).st_size, dst.stat().st_size
        if size_src == size_dst and _sha256(src) == _sha256_file(dst):
            counts["identical"] += 1
            return
        if size_src > size_dst and _sha256(src, size_dst) == _sha256_file(dst):
            _copy(src, dst)
            counts["grown"] += 1
            return
        if attempt == 0:  # a different file under the same name: keep both
            suffix = "".join(Path(name).suffixes[-2:]) if name.endswith(".warc.gz") else Path(name).suffix
            dst = dst_dir / f"{name[:-len(suffix)]}--{shard}{suffix}"
            renames[name] = dst.name
        else:
            raise MergeError(f"{dst}: a different WARC file is already stored under this name")


def shard_warc_dir(path: Path) -> Path:
    """The WARC folder of the shard at ``path``: ``paths.warc_dir``, or for a shard from before that rule (another
    name than archive.db) the ``warc/`` beside it, read where it is."""
    folder, legacy = warc_dir(path), legacy_warc_dir(path)
    return folder if folder.is_dir() or not legacy.is_dir() else legacy


def merge_shards(shards: list[str | Path], into: str | Path, names: list[str] | None = None,
                 log=None, query_timeout: float = QUERY_TIMEOUT) -> list[ShardReport]:
    """Merge each shard archive (in order) into the archive ``into`` (created if missing); return one
    report per shard. Raises MergeError / ArchiveError (one-line messages) for a missing or unusable shard
    (see ``_untrusted`` and ``_check_shard``); a shard refused leaves the target as the shards before it made it.

    ``names``: shard names recorded on merged runs (default: ``shard_name(path)``), made ``safe_name``s.
    ``query_timeout``: seconds one statement reading a shard may run."""
    into = Path(into)
    paths = [Path(s) for s in shards]
    for path in paths:
        if not path.is_file():
            raise MergeError(f"{path}: no such shard archive")
        if into.exists() and path.resolve() == into.resolve():
            raise MergeError(f"{path}: cannot merge an archive into itself")
    given = list(names) if names else [None] * len(paths)
    db = open_archive(into)
    reports = []
    try:
        adopt_legacy_warcs(into)  # the target from before paths.files_dir; a shard is never modified
        for path, name in zip(paths, given):
            with _untrusted(db, path, query_timeout, files_dir(into)) as (readable, nodes):
                name = safe_name(name) if name else shard_name(path, nodes)
                renames, warc_counts = copy_warcs(shard_warc_dir(path), warc_dir(into), name)
                counts = merge_shard(db, readable, name, renames)
            report = ShardReport(name, path, counts, warc_counts)
            if log:
                log(report.line())
            reports.append(report)
        sync_candidate_index(db)  # the merged articles, now rather than at the first search
    finally:
        db.conn.close()
    return reports


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


class _Deadline:
    """Bounds the run time of each statement ``db.execute`` runs whose SQL contains ``only`` (all when empty):
    armed as the statement starts, checked every ``_PROGRESS_STEPS`` instructions (progress handler) until the
    next statement starts; past it the statement is interrupted (sqlite3.OperationalError) and ``tripped`` set.

    ``db.execute`` is wrapped rather than SQLite's trace callback used: Python expands every statement's
    parameters for that callback (whole article texts on a merge) and traces a trigger as its statement again."""

    def __init__(self, db: sqlite_utils.Database, seconds: float, only: str = ""):
        self.db, self.seconds, self.only = db, seconds, only
        self.until: float | None = None
        self.tripped = False

    def _execute(self, sql: str, parameters=None):
        self.until = time.monotonic() + self.seconds if self.only in sql else None
        return type(self.db).execute(self.db, sql, parameters)

    def _progress(self) -> int:
        if self.until is not None and time.monotonic() > self.until:
            self.tripped = True
            return 1
        return 0

    def __enter__(self) -> "_Deadline":
        self.db.execute = self._execute  # this Database object only
        self.db.conn.set_progress_handler(self._progress, _PROGRESS_STEPS)
        return self

    def __exit__(self, *exc) -> None:
        del self.db.execute
        self.db.conn.set_progress_handler(None, 0)
        self.until = None


def _attach(db: sqlite_utils.Database, path: Path) -> None:
    """Attach ``path`` read-only as ``shard``: the shard file is never written, whatever runs on it."""
    db.execute("ATTACH DATABASE ? AS shard", [read_only_uri(path)])
    attached = {r[1]: r[2] for r in db.execute("PRAGMA database_list")}
    if Path(attached.get("shard") or "") != Path(path).resolve():  # an SQLite without URI file names
        db.execute("DETACH DATABASE shard")
        raise MergeError(f"{path}: this SQLite cannot open a file read-only (no URI file names); not merged")


def _migrated_copy(path: Path, workdir: Path, seconds: float) -> Path:
    """A copy of the older-schema shard ``path`` in ``workdir``, migrated to this version (the shard itself is left
    as it is); each statement of the migration bounded by ``seconds``."""
    copy = workdir / "shard.db"
    src = sqlite3.connect(read_only_uri(path), uri=True)
    try:
        dst = sqlite3.connect(copy)
        try:
            src.backup(dst)
            copy_db = sqlite_utils.Database(dst)
            with _Deadline(copy_db, seconds):
                migrate(copy_db)
        finally:
            dst.close()
    finally:
        src.close()
    return copy


def _index_shapes(db: sqlite_utils.Database, schema: str, table: str) -> set[tuple]:
    """(columns, unique, partial) of each index of ``schema.table``."""
    shapes = set()
    for _seq, name, unique, _origin, partial in db.execute(f"PRAGMA {schema}.index_list([{table}])").fetchall():
        columns = tuple(r[2] for r in db.execute(f"PRAGMA {schema}.index_info([{name}])").fetchall())
        shapes.add((columns, unique, partial))
    return shapes


def _check_shard(db: sqlite_utils.Database, path: Path) -> None:
    """Raise MergeError unless each table merge reads is, in the attached shard, a table (not a view or a
    virtual table, whose reading could run any query) with this version's stored columns and indexes (a
    missing index would make merging it quadratic), and its WARC references are plain file names."""
    for table in _READ_TABLES:
        found = db.execute("SELECT type, sql FROM shard.sqlite_master WHERE lower(name) = ?", [table]).fetchone()
        if found is None:
            raise MergeError(f"{path}: not an archive of this version (no table {table}); not merged")
        if found[0] != "table" or (found[1] or "").lstrip().upper().startswith("CREATE VIRTUAL"):
            kind = found[0] if found[0] != "table" else "virtual table"
            raise MergeError(f"{path}: {table} is a {kind} in this shard, not a table; not merged")
        stored = {r[1] for r in db.execute(f"PRAGMA shard.table_xinfo([{table}])") if r[6] == 0}
        missing = [c for c in _columns(db, table) if c not in stored]
        if missing:
            raise MergeError(f"{path}: not an archive of this version ({table} has no stored column "
                             f"{missing[0]}); not merged")
        if not _index_shapes(db, "main", table) <= _index_shapes(db, "shard", table):
            raise MergeError(f"{path}: not an archive of this version (an index of {table} is missing); not merged")
    for table in ("articles", "article_versions", "images"):
        bad = db.execute(f"SELECT warc_file FROM shard.{table} WHERE warc_file GLOB '*[/\\]*' "
                         "OR warc_file GLOB '.*' LIMIT 1").fetchone()
        if bad:
            raise MergeError(f"{path}: {table} refers to WARC file {bad[0]!r}, not a file name; not merged")


def _shard_version(db: sqlite_utils.Database, path: Path) -> int:
    """The schema version of the attached shard; MergeError for a newer or an unknown one."""
    version = db.execute("PRAGMA shard.user_version").fetchone()[0]
    if version > len(MIGRATIONS):
        raise MergeError(f"{path}: schema version {version} is newer than this portal-archive's "
                         f"({len(MIGRATIONS)}): upgrade portal-archive to merge it; not merged")
    if version < 1:
        raise MergeError(f"{path}: not a portal-archive archive (schema version {version}); not merged")
    return version


@contextmanager
def _untrusted(db: sqlite_utils.Database, path: Path, timeout: float, workdir: Path):
    """For the block: the shard at ``path`` as a readable archive of this version, yielded as (path to merge,
    node names of its runs): ``path`` itself, or for an older schema a copy migrated in ``workdir`` (removed
    after). Every statement on it is interrupted after ``timeout`` seconds; any SQLite error is one MergeError."""
    tmpdir = None
    deadline = _Deadline(db, timeout, "shard.")
    try:
        with deadline:
            readable = path
            _attach(db, path)
            try:
                if _shard_version(db, path) < len(MIGRATIONS):
                    db.execute("DETACH DATABASE shard")
                    tmpdir = Path(tempfile.mkdtemp(prefix=".merge-", dir=workdir))
                    readable = _migrated_copy(path, tmpdir, timeout)
                    _attach(db, readable)
                _check_shard(db, path)
                nodes = [r[0] for r in db.execute("SELECT DISTINCT node FROM shard.crawl_runs LIMIT 2")]
            finally:
                if any(r[1] == "shard" for r in db.execute("PRAGMA database_list")):
                    db.execute("DETACH DATABASE shard")
            yield readable, nodes
    except sqlite3.Error as exc:
        if deadline.tripped:
            raise MergeError(f"{path}: a query on this shard ran past {timeout:g} s; not merged") from None
        raise MergeError(f"{path}: not merged: {exc}") from None
    finally:
        if tmpdir is not None:
            shutil.rmtree(tmpdir, ignore_errors=True)


def merge_shard(db: sqlite_utils.Database, shard_path: str | Path, shard: str,
                warc_renames: dict[str, str] | None = None, node: str | None = None) -> dict[str, int]:
    """Merge the archive at ``shard_path`` (same schema version; attached read-only and checked first, see
    ``_check_shard``) into ``db`` in one transaction; return counts.

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
    ``warc_renames``: WARC file names of the shard stored under another name here (see portal_archive.archive.merge).
    """
    renames = warc_renames or {}
    counts = {k: 0 for k in ("articles_new", "articles_updated", "articles_unchanged", "versions_added",
                             "snapshots_added", "runs_added", "runs_updated", "urls_added", "portals_added")}
    _attach(db, Path(shard_path))
    try:
        if _shard_version(db, shard_path) != len(MIGRATIONS):
            raise MergeError(f"{shard_path}: an older schema than this archive's (merge_shards migrates a copy)")
        _check_shard(db, shard_path)
        register_search_functions(db.conn)
        with transaction(db):
            db.execute("CREATE TEMP TABLE IF NOT EXISTS warc_renames (old TEXT PRIMARY KEY, new TEXT)")
            db.execute("DELETE FROM temp.warc_renames")
            db.conn.executemany("INSERT INTO temp.warc_renames VALUES (?, ?)", list(renames.items()))
            _merge_portals(db, counts)
            run_map = _merge_runs(db, shard, node, counts)
            changed, article_map = _merge_articles(db, renames, run_map, counts)
            _merge_urls_frontier(db, counts)
            _merge_snapshots(db, run_map, article_map, counts)
            _merge_image_captures(db)
            if changed:
                recompute_stories(db, min(changed))
            refresh_search_index(db)
    finally:
        db.execute("DETACH DATABASE shard")
    return counts


def _merge_portals(db, counts) -> None:
    cols = [c for c in _columns(db, "portals") if c != "logo_image_id"]  # an images id of the shard: see below
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
    for row in dicts(db.execute(f"SELECT id, {', '.join(c for c in cols if c in shard_cols)} FROM shard.crawl_runs "
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
        mine = dicts(db.execute("SELECT * FROM main.crawl_runs WHERE id = ?", [hit[0]]))[0]
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
    versions = dicts(db.execute(f"SELECT {', '.join(_STATE_FIELDS)}, replaced_at, diff_summary "
                                 f"FROM {schema}.article_versions WHERE article_id = ? ORDER BY fetched_at, id",
                                 [article_id]))
    return versions


def _merge_articles(db, renames: dict[str, str], run_map: dict[int, int],
                    counts) -> tuple[list[int], dict[int, int]]:
    cols = _columns(db, "articles")
    copy_cols = [c for c in cols if c not in ("id", "story_id", "duplicate_of")]
    changed, article_map = [], {}
    rename = (lambda name: renames.get(name, name)) if renames else (lambda name: name)
    for srow in _by_id(db, f"SELECT {', '.join(cols)} FROM shard.articles"):
        sid = srow["id"]
        srow["warc_file"] = rename(srow["warc_file"]) if srow["warc_file"] else None
        srow["run_id"] = run_map.get(srow["run_id"])  # the shard's run, under its id here
        sversions = _states(db, "shard", sid)
        for v in sversions:
            v["warc_file"] = rename(v["warc_file"]) if v["warc_file"] else None
        mrow = dicts(db.execute(f"SELECT {', '.join(cols)} FROM main.articles WHERE url_key = ?",
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


def _by_id(db, select: str, size: int = 500):
    """The rows of ``select`` (a SELECT with no WHERE of a table with an integer ``id`` key) in id order, read
    ``size`` at a time: a shard's table need not fit in memory."""
    last = -(1 << 63)
    while True:
        batch = dicts(db.execute(f"{select} WHERE id > ? ORDER BY id LIMIT ?", [last, size]))
        yield from batch
        if len(batch) < size:
            return
        last = batch[-1]["id"]


_RENAMED = "coalesce((SELECT new FROM temp.warc_renames WHERE old = {0}.warc_file), {0}.warc_file)"


def _copy_images_bands(db, shard_id: int, main_id: int) -> None:
    cols = [c for c in CAPTURE_COLUMNS if c != "warc_file"]
    db.execute(f"INSERT INTO main.images (article_id, position, src, caption, after_paragraph, warc_file, "
               f"{', '.join(cols)}) "
               f"SELECT ?, position, src, caption, after_paragraph, {_RENAMED.format('i')}, {', '.join(cols)} "
               "FROM shard.images i WHERE article_id = ? ORDER BY position", [main_id, shard_id])
    db.execute("INSERT OR IGNORE INTO main.simhash_bands (band, value, article_id) "
               "SELECT band, value, ? FROM shard.simhash_bands WHERE article_id = ?", [main_id, shard_id])


def _merge_image_captures(db) -> None:
    """The shard's image captures (WARC files as stored here): a portal without a logo here takes the shard's, and
    rows here without an ``ok`` capture take the shard's capture of their URL."""
    for slug, src in db.execute("SELECT p.slug, i.src FROM shard.portals p JOIN shard.images i "
                                "ON i.id = p.logo_image_id").fetchall():
        if db.execute("SELECT logo_image_id FROM main.portals WHERE slug = ?", [slug]).fetchone()[0] is None:
            set_logo(db, slug, src)
    cols = [c for c in CAPTURE_COLUMNS if c != "warc_file"]
    captures = dicts(db.execute(f"SELECT src, {_RENAMED.format('i')} AS warc_file, {', '.join(cols)} "
                                "FROM shard.images i WHERE capture_status = 'ok' AND src IN (SELECT src FROM "
                                "main.images WHERE capture_status IS NULL OR capture_status != 'ok') "
                                "GROUP BY src"))
    store_image_captures(db, captures)


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
