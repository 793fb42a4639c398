"""Replay and exchange with the web-archiving tools archivists use: a pywb collection over the archive's WARC
folder (indexed with ``cdxj-indexer``), and WACZ packages (the ``wacz`` package) for ReplayWeb.page and others.

Both need the optional dependencies ``pip install 'portal-archive[replay]'`` (pywb, wacz, cdxj-indexer).
"""
from __future__ import annotations

import contextlib
import io
import json
import tempfile
import zlib
from pathlib import Path

from portal_archive.archive import paths
from portal_archive.archive.paths import files_dir, warc_dir as warc_dir_of
from portal_archive.archive.db import ArchiveError, open_archive

COLLECTION = "archive"  # the pywb collection: http://host:port/archive/<timestamp>/<url>


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
    files = sorted(path for _, path in paths.warc_files(warc_dir, portal))
    if not files:
        raise ArchiveError(f"no WARC files{f' of {portal}' if portal else ''} in {warc_dir}")
    return files


def complete_length(path: Path) -> int:
    """Bytes at the start of the WARC file ``path`` that hold whole gzip members (records): its size, unless a
    crash cut its last record."""
    good = start = fed = 0  # end of the last whole member; where the current one starts; its bytes read so far
    inflate = zlib.decompressobj(zlib.MAX_WBITS + 16)
    with open(path, "rb") as fh:
        while chunk := fh.read(1 << 20):
            while chunk:
                data = chunk
                while data and not inflate.eof:  # bounded output per call: a member may inflate a lot
                    inflate.decompress(data, 1 << 20)
                    data = inflate.unconsumed_tail
                if not inflate.eof:
                    fed += len(chunk)
                    break
                rest = inflate.unused_data
                good = start = start + fed + len(chunk) - len(rest)
                fed, chunk = 0, rest
                inflate = zlib.decompressobj(zlib.MAX_WBITS + 16)
    return good


def whole_records(files: list[Path], scratch: Path) -> list[Path]:
    """``files``, with any whose last record a crash cut replaced by a copy of its whole records in ``scratch``
    (under the same name): what the indexers and WACZ accept."""
    out = []
    for path in files:
        keep = complete_length(path)
        if keep == path.stat().st_size:
            out.append(path)
            continue
        copy = scratch / path.name
        with open(path, "rb") as src, open(copy, "wb") as dst:
            while keep > 0:
                piece = src.read(min(keep, 1 << 20))
                dst.write(piece)
                keep -= len(piece)
        out.append(copy)
    return out


def write_index(files: list[Path], output: Path) -> Path:
    """A sorted CDXJ index of the WARC ``files`` (by file name) at ``output``."""
    indexer = _require("cdxj_indexer.main")
    output.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        whole = whole_records(files, Path(tmp))
        with contextlib.redirect_stdout(io.StringIO()):
            indexer.write_cdx_index(str(output), [str(f) for f in whole], {"sort": True, "post_append": True})
    return output


def replay_collection(db_path: str | Path, root: str | Path | None = None) -> Path:
    """Set up a pywb root (default ``replay/`` in the archive's files folder, ``paths.files_dir``): ``config.yaml`` naming the collection
    ``archive`` over the archive's WARC folder in place (nothing copied) and its fresh CDXJ index. Returns the root."""
    warc_dir = warc_dir_of(db_path).resolve()
    root = Path(root) if root else files_dir(db_path) / "replay"
    files = warc_files(db_path)
    index = write_index(files, root / "indexes" / f"{COLLECTION}.cdxj")
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
        (Path(tmp) / "warc").mkdir()
        files = whole_records(files, Path(tmp) / "warc")
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
