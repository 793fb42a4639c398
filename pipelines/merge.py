"""Merge shard archives (one per crawl node) into one archive: ``portal-archive merge SHARD... --into ARCHIVE``.

A shard is an archive file written by one machine (``<data dir>/archive.db``) with its WARC files beside it
(``<data dir>/warc/``). Merging copies the WARC files into the target's ``warc/`` directory (identical
files are skipped, a file that grew since the last merge is replaced, a different file under the same name
is stored as ``<name>--<shard>.warc.gz`` and the shard's references follow it), then merges the rows in
one transaction with ``pipelines.archive.merge_shard`` (the SQL lives there). Merging is idempotent:
the same shard merged twice changes no row and copies no file.
"""
from __future__ import annotations

import hashlib
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from pipelines import archive


class MergeError(archive.ArchiveError):
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
    nodes = archive.shard_nodes(path)
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
    db = archive.open_archive(into)
    reports = []
    try:
        for path, name in zip(paths, names):
            archive.open_archive(path, create=False).conn.close()  # same schema version as the target
            renames, warc_counts = copy_warcs(path.parent / "warc", into.parent / "warc", name)
            counts = archive.merge_shard(db, path, name, renames)
            report = ShardReport(name, path, counts, warc_counts)
            if log:
                log(report.line())
            reports.append(report)
    finally:
        db.conn.close()
    return reports
