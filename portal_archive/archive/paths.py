"""Where an archive's own files live, derived from its database path: the one rule every command uses.

An archive is its SQLite file plus three folders: ``warc/`` (WARC captures), ``logs/`` (one log per portal and
run) and ``locks/`` (one lock per portal being crawled). They sit in ``files_dir(db)``:

- a database named ``archive.db`` owns its folder: ``data/archive.db`` -> ``data/warc/``, ``data/logs/``,
  ``data/locks/`` (the default archive, ``PORTAL_ARCHIVE_DATA`` folders and cluster shards);
- any other name gets a folder named after it beside it: ``/tmp/try.db`` -> ``/tmp/try.db.files/warc/`` ...,
  so two archives in one folder never mix their files.

Archives made before this rule with another name kept their WARC files in ``warc/`` beside the database;
``adopt_legacy_warcs`` moves the files such an archive names into its own folder (the crawl does it first).
"""
from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import quote

OWNS_FOLDER = "archive.db"  # a database of this name keeps its files beside it


def read_only_uri(db: str | Path) -> str:
    """An SQLite URI that opens the database at ``db`` read-only (``uri=True``; any character of the path quoted)."""
    return f"file:{quote(str(Path(db).resolve()))}?mode=ro"


def legacy_warc_dir(db: str | Path) -> Path:
    """Where archives of another name than ``archive.db`` kept their WARC files before ``files_dir``."""
    return Path(db).resolve().parent / "warc"


def files_dir(db: str | Path) -> Path:
    """The folder holding ``warc/``, ``logs/`` and ``locks/`` of the archive at ``db`` (absolute)."""
    db = Path(db).resolve()
    return db.parent if db.name == OWNS_FOLDER else db.with_name(db.name + ".files")


def warc_dir(db: str | Path) -> Path:
    return files_dir(db) / "warc"


def logs_dir(db: str | Path) -> Path:
    return files_dir(db) / "logs"


def locks_dir(db: str | Path) -> Path:
    return files_dir(db) / "locks"


# <slug>-<UTC 14 digits>-<pid>-<5-digit sequence>.warc.gz, "--<shard>" before the extension once merged
_WARC_NAME = re.compile(r"^(?P<slug>.+)-(?P<at>\d{14})-\d+-\d{5}(--.+)?\.warc\.gz$")


def warc_files(directory: str | Path, portal: str | None = None) -> list[tuple[str, Path]]:
    """``(slug, path)`` of the WARC files in ``directory`` (of ``portal`` only, if given), oldest first."""
    found = []
    for path in Path(directory).glob("*.warc.gz"):
        match = _WARC_NAME.match(path.name)
        if match and path.is_file() and (portal is None or match["slug"] == portal):
            found.append((match["at"], path.name, match["slug"], path))
    return [(slug, path) for _, _, slug, path in sorted(found)]


def adopt_legacy_warcs(db: str | Path) -> list[str]:
    """Move the WARC files that the archive at ``db`` references (articles, article versions, images) from the old
    shared ``warc/`` beside it into ``warc_dir(db)``; return their names. Nothing to do for ``archive.db``,
    a new archive, or one already moved. Files no row names stay (they may belong to another archive)."""
    import sqlite3

    db = Path(db).resolve()
    old, new = legacy_warc_dir(db), warc_dir(db)
    if old == new or not old.is_dir() or not db.is_file():
        return []
    conn = sqlite3.connect(read_only_uri(db), uri=True)
    try:
        names = set()
        for table in ("articles", "article_versions", "images"):
            try:
                names |= {r[0] for r in conn.execute(f"SELECT DISTINCT warc_file FROM {table} "
                                                      "WHERE warc_file IS NOT NULL")}
            except sqlite3.OperationalError:  # an archive without that table
                continue
    finally:
        conn.close()
    moved = []
    for name in sorted(names):
        src = old / Path(name).name
        if src.is_file() and not (new / src.name).exists():
            new.mkdir(parents=True, exist_ok=True)
            src.replace(new / src.name)
            moved.append(src.name)
    return moved
