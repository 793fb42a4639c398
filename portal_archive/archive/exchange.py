"""Replay and exchange with the web-archiving tools archivists use: a pywb collection over the archive's WARC
folder (indexed with ``cdxj-indexer``), and WACZ packages (the ``wacz`` package) for ReplayWeb.page and others.

Both need the optional dependencies ``pip install 'portal-archive[replay]'`` (pywb, wacz, cdxj-indexer).
"""
from __future__ import annotations

import contextlib
import io
import json
import re
import tempfile
from pathlib import Path

from portal_archive.archive.captures import warc_dir_of
from portal_archive.archive.db import ArchiveError, open_archive

COLLECTION = "archive"  # the pywb collection: http://host:port/archive/<timestamp>/<url>
_NAME = re.compile(r"^(?P<slug>.+)-\d{14}-\d+-\d{5}(--.+)?\.warc\.gz$")


def _require(module: str):
    import importlib
    import warnings

    try:
        with warnings.catch_warnings():  # pyamf (a wacz dependency) warns about pkg_resources on import
            warnings.simplefilter("ignore")
            return importlib.import_module(module)
    except ImportError:
        raise ArchiveError(f"{module.split('.')[0]} is not installed: pip install 'portal-archive[replay]'") from None


def warc_files(db_path: str | Path, portal: str | None = None) -> list[Path]:
    """The archive's WARC files (of ``portal`` only, if given), by name; ArchiveError when there are none."""
    warc_dir = warc_dir_of(db_path)
    files = sorted(p for p in warc_dir.glob("*.warc.gz") if p.is_file()
                   and (portal is None or ((m := _NAME.match(p.name)) and m["slug"] == portal)))
    if not files:
        raise ArchiveError(f"no WARC files{f' of {portal}' if portal else ''} in {warc_dir}")
    return files


def write_index(files: list[Path], output: Path, root: Path) -> Path:
    """A sorted CDXJ index of ``files`` (file names relative to ``root``) at ``output``."""
    indexer = _require("cdxj_indexer.main")
    output.parent.mkdir(parents=True, exist_ok=True)
    with contextlib.redirect_stdout(io.StringIO()):
        indexer.write_cdx_index(str(output), [str(f) for f in files],
                                {"sort": True, "post_append": True, "dir_root": str(root)})
    return output


def replay_collection(db_path: str | Path, root: str | Path | None = None) -> Path:
    """Set up a pywb root (default ``replay/`` beside the archive): ``config.yaml`` naming the collection
    ``archive`` over the archive's WARC folder in place (nothing copied) and its fresh CDXJ index. Returns the root."""
    warc_dir = warc_dir_of(db_path).resolve()
    root = Path(root) if root else Path(db_path).parent / "replay"
    files = warc_files(db_path)
    index = write_index(files, root / "indexes" / f"{COLLECTION}.cdxj", warc_dir)
    config = {"collections": {COLLECTION: {"index_paths": str(index.resolve()),
                                           "archive_paths": str(warc_dir) + "/"}},
              "framed_replay": False}
    (root / "config.yaml").write_text(json.dumps(config, indent=2) + "\n", encoding="utf-8")  # JSON is YAML
    return root


def page_list(db_path: str | Path, portal: str | None = None) -> list[dict]:
    """The archived articles as WACZ pages (``url``, ``title``), newest capture first."""
    db = open_archive(db_path, create=False)
    try:
        where, params = ("WHERE portal = ?", [portal]) if portal else ("", [])
        return [{"url": url, "title": title} for url, title in db.execute(
            f"SELECT url, title FROM articles {where} ORDER BY fetched_at DESC, id", params)]
    finally:
        db.conn.close()


def export_wacz(db_path: str | Path, output: str | Path, portal: str | None = None) -> dict:
    """Package the archive's WARC files (``portal``'s only, if given), their CDXJ index and the article pages as
    the WACZ file ``output``. Returns ``{"warc_files", "pages"}``; ArchiveError when ``wacz`` fails."""
    wacz = _require("wacz.main")
    files, pages = warc_files(db_path, portal), page_list(db_path, portal)
    output = Path(output)
    if output.suffix.lower() != ".wacz":
        raise ArchiveError(f"{output}: a WACZ file name ends in .wacz")
    with tempfile.TemporaryDirectory() as tmp:
        pages_file = Path(tmp) / "pages.jsonl"
        with open(pages_file, "w", encoding="utf-8") as fh:
            fh.write(json.dumps({"format": "json-pages-1.0", "id": "pages", "title": "Articles"}) + "\n")
            for page in pages:
                fh.write(json.dumps(page, ensure_ascii=False) + "\n")
        title = f"portal-archive: {portal}" if portal else "portal-archive"
        log = io.StringIO()
        with contextlib.redirect_stdout(log):
            code = wacz.main(["create", "-o", str(output), "-p", str(pages_file), "--title", title,
                              "--desc", "Vietnamese provincial portal articles archived by portal-archive",
                              *map(str, files)])
    if code not in (0, None):
        raise ArchiveError(f"wacz could not package {output}: {log.getvalue().strip().splitlines()[-1:]}")
    return {"warc_files": len(files), "pages": len(pages)}


def validate_wacz(path: str | Path) -> tuple[bool, str]:
    """``wacz validate`` on ``path``: (valid, its output)."""
    wacz = _require("wacz.main")
    log = io.StringIO()
    with contextlib.redirect_stdout(log):
        code = wacz.main(["validate", "-f", str(path)])
    return code == 0, log.getvalue()
