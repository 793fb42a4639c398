"""Merge shard archives (one per crawl node) into one archive: ``portal-archive merge SHARD... --into ARCHIVE``.

A shard is an archive file written by one machine (``<data dir>/archive.db``) with its WARC files beside it
(``<data dir>/warc/``; ``paths.warc_dir``). Merging copies the WARC files into the target's ``warc/`` directory (identical
files are skipped, a file that grew since the last merge is replaced, a different file under the same name
is stored as ``<name>--<shard>.warc.gz`` and the shard's references follow it), then merges the rows in
one transaction with ``merge_shard``. Merging is idempotent:
the same shard merged twice changes no row and copies no file.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

import sqlite_utils

from portal_archive.archive.db import ArchiveError, dicts, open_archive, transaction
from portal_archive.archive.fts import refresh_search_index, register_search_functions
from portal_archive.archive.paths import adopt_legacy_warcs, warc_dir
from portal_archive.archive.stories import diff_summary, recompute_stories


class MergeError(ArchiveError):
    """A shard cannot be merged (message is one line, fit for a user)."""


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
                f"{w.get('grown', 0)} grown, {w.get('renamed', 0)} renamed")


def shard_name(path: Path) -> str:
    """The scrapyd node that wrote the shard (when all its runs name one); else ``node1`` for
    ``.../node1/archive.db`` and the file's stem for any other name (``node1`` for ``node1.db``)."""
    path = Path(path)
    nodes = shard_nodes(path)
    if len(nodes) == 1 and nodes[0]:
        return nodes[0]
    return path.parent.name if path.stem == "archive" and path.parent.name else path.stem


def _sha256(path: Path, limit: int | None = None) -> str:
    digest = hashlib.sha256()
    remaining = limit
    with open(path, "rb") as fh:
        while remaining is None or remaining > 0:
            chunk = fh.read(1 << 20 if remaining is None else min(1 << 20, remaining))
            if not chunk:
                break
            digest.update(chunk)
            if remaining is not None:
                remaining -= len(chunk)
    return digest.hexdigest()


def _copy(src: Path, dst: Path) -> None:
    tmp = dst.with_name(f".{dst.name}.part")
    shutil.copyfile(src, tmp)
    os.replace(tmp, dst)  # atomic: a reader never sees half a file


def copy_warcs(src_dir: Path, dst_dir: Path, shard: str) -> tuple[dict[str, str], dict[str, int]]:
    """Copy the WARC files of ``src_dir`` into ``dst_dir``; return (renames, counts).

    Same name and same bytes: skipped (``identical``); the target's file is a prefix of the shard's (the
    shard's crawl appended records since the last merge; offsets are unchanged): replaced (``grown``);
    otherwise the file is stored as ``<stem>--<shard>.warc.gz`` (``renamed``) and ``renames`` maps its name."""
    counts = {"copied": 0, "identical": 0, "grown": 0, "renamed": 0}
    renames: dict[str, str] = {}
    if not src_dir.is_dir():
        return renames, counts
    if dst_dir.exists() and src_dir.resolve() == dst_dir.resolve():
        counts["identical"] = sum(1 for _ in src_dir.glob("*.warc*"))
        return renames, counts
    dst_dir.mkdir(parents=True, exist_ok=True)
    for src in sorted(p for p in src_dir.iterdir() if p.is_file() and ".warc" in p.name
                      and not p.name.startswith(".")):
        dst = dst_dir / src.name
        for attempt in range(2):
            if not dst.exists():
                _copy(src, dst)
                counts["copied" if attempt == 0 else "renamed"] += 1
                break
            size_src, size_dst = src.stat().st_size, dst.stat().st_size
            if size_src == size_dst and _sha256(src) == _sha256(dst):
                counts["identical"] += 1
                break
            if size_src > size_dst and _sha256(src, size_dst) == _sha256(dst):
                _copy(src, dst)
                counts["grown"] += 1
                break
            if attempt == 0:  # a different file under the same name: keep both
                suffix = "".join(src.suffixes[-2:]) if src.name.endswith(".warc.gz") else src.suffix
                dst = dst_dir / f"{src.name[:-len(suffix)]}--{shard}{suffix}"
                renames[src.name] = dst.name
            else:
                raise MergeError(f"{dst}: a different WARC file is already stored under this name")
    return renames, counts


def merge_shards(shards: list[str | Path], into: str | Path, names: list[str] | None = None,
                 log=None) -> list[ShardReport]:
    """Merge each shard archive (in order) into the archive ``into`` (created if missing); return one
    report per shard. Raises MergeError / ArchiveError (one-line messages) for a missing or unusable shard.

    ``names``: shard names recorded on merged runs (default: ``shard_name(path)``)."""
    into = Path(into)
    paths = [Path(s) for s in shards]
    for path in paths:
        if not path.is_file():
            raise MergeError(f"{path}: no such shard archive")
        if into.exists() and path.resolve() == into.resolve():
            raise MergeError(f"{path}: cannot merge an archive into itself")
    names = list(names) if names else [shard_name(p) for p in paths]
    db = open_archive(into)
    reports = []
    try:
        for path, name in zip(paths, names):
            open_archive(path, create=False).conn.close()  # same schema version as the target
            adopt_legacy_warcs(path)  # a shard of another name than archive.db from before paths.files_dir
            renames, warc_counts = copy_warcs(warc_dir(path), warc_dir(into), name)
            counts = merge_shard(db, path, name, renames)
            report = ShardReport(name, path, counts, warc_counts)
            if log:
                log(report.line())
            reports.append(report)
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
    ``warc_renames``: WARC file names of the shard stored under another name here (see portal_archive.archive.merge).
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


def _merge_articles(db, renames: dict[str, str], counts) -> tuple[list[int], dict[int, int]]:
    cols = _columns(db, "articles")
    copy_cols = [c for c in cols if c not in ("id", "story_id", "duplicate_of")]
    changed, article_map = [], {}
    rename = (lambda name: renames.get(name, name)) if renames else (lambda name: name)
    for srow in dicts(db.execute(f"SELECT {', '.join(cols)} FROM shard.articles ORDER BY id")):
        sid = srow["id"]
        srow["warc_file"] = rename(srow["warc_file"]) if srow["warc_file"] else None
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
