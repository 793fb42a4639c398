"""The archive: the only code that writes SQL. Its public API, one module per concern:

- ``db``: open (``open_archive``), ``transaction``, the schema's ``MIGRATIONS``;
- ``writes``: crawled records (``store_batch``, ``upsert_portal``) and what a crawl resumes from (``crawl_state``);
- ``runs``: crawl runs, fetch errors, history and health queries;
- ``export``: per-portal summaries and the article export;
- ``fts`` and ``fulltext``: the full-text index's upkeep, and searching it;
- ``search_index``: the candidate index beside the archive (tantivy) that ranked searches take candidates from;
- ``captures``: image and logo captures (page requisites) and reading a WARC record back;
- ``merge``: shard archives merged into one (rows and WARC files together);
- ``locks``: one crawl per portal at a time, across processes;
- ``pages``: what the reading room's article and portal pages show;
- ``paths``: where an archive's WARC, log and lock folders are, from its database path.

The names below are read from their module when first used, so that importing the package (the CLI does, for
``--help`` too) loads neither SQLite helpers nor search code.
"""
from __future__ import annotations

import importlib
from pathlib import Path

DEFAULT_DB = Path("data/archive.db")  # the archive a command uses without --db

_MODULES = {
    "captures": ("image_capture", "images_to_capture", "set_logo", "store_image_captures"),
    "db": ("MIGRATIONS", "ArchiveError", "count_rows", "migrate", "open_archive", "transaction", "utcnow"),
    "export": ("EXPORT_COLUMNS", "article_rules", "iter_export", "portal_stats"),
    "fts": ("refresh_search_index", "register_search_functions"),
    "pages": ("article_page", "counter_history"),
    "paths": ("warc_dir",),
    "fulltext": ("SEARCH_FIELDS", "optimize_search_index", "search", "search_count"),
    "search_index": ("optimize_candidate_index", "outdated", "reindex_candidate_index", "sync_candidate_index"),
    "runs": ("HEALTH_FIELDS", "RUN_COLUMNS", "close_stale_runs", "field_gaps", "finish_run", "last_finished_run",
             "last_run_started",
             "list_runs", "run_of_process", "run_portals", "start_run", "store_fetch_errors"),
    "writes": ("crawl_state", "store_batch", "upsert_portal"),
}
_WHERE = {name: module for module, names in _MODULES.items() for name in names}
__all__ = ["DEFAULT_DB", "SearchError", *_WHERE]


def __getattr__(name: str):
    if name == "SearchError":
        from portal_archive.search.query import SearchError

        value = SearchError
    elif name in _WHERE:
        value = getattr(importlib.import_module(f"{__name__}.{_WHERE[name]}"), name)
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value
    return value
