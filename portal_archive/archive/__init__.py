"""The archive: the only code that writes SQL. Its public API, one module per concern:

- ``db``: open (``open_archive``), ``transaction``, the schema's ``MIGRATIONS``;
- ``writes``: crawled records (``store_batch``, ``upsert_portal``) and what a crawl resumes from (``crawl_state``);
- ``runs``: crawl runs, fetch errors, history and health queries;
- ``export``: per-portal summaries and the article export;
- ``fts`` and ``fulltext``: the full-text index's upkeep, and searching it;
- ``merge``: shard archives merged into one (rows and WARC files together);
- ``locks``: one crawl per portal at a time, across processes.
"""
from portal_archive.archive.db import (
                                       DEFAULT_DB,
                                       MIGRATIONS,
                                       ArchiveError,
                                       count_rows,
                                       migrate,
                                       open_archive,
                                       transaction,
                                       utcnow,
)
from portal_archive.archive.export import EXPORT_COLUMNS, article_rules, iter_export, portal_stats
from portal_archive.archive.fts import refresh_search_index, register_search_functions
from portal_archive.archive.fulltext import SEARCH_FIELDS, optimize_search_index, search, search_count
from portal_archive.archive.runs import (
                                       HEALTH_FIELDS,
                                       RUN_COLUMNS,
                                       close_stale_runs,
                                       field_gaps,
                                       finish_run,
                                       last_run_started,
                                       list_runs,
                                       run_of_process,
                                       run_portals,
                                       start_run,
                                       store_fetch_errors,
)
from portal_archive.archive.writes import crawl_state, store_batch, upsert_portal
from portal_archive.search.query import SearchError

__all__ = [
    "DEFAULT_DB", "MIGRATIONS", "ArchiveError", "count_rows", "migrate", "open_archive", "transaction", "utcnow",
    "EXPORT_COLUMNS", "article_rules", "iter_export", "portal_stats", "refresh_search_index", "register_search_functions",
    "HEALTH_FIELDS", "RUN_COLUMNS", "close_stale_runs", "field_gaps", "finish_run", "last_run_started",
    "list_runs", "run_of_process", "run_portals", "start_run", "store_fetch_errors", "SEARCH_FIELDS",
    "optimize_search_index", "search", "search_count", "crawl_state", "store_batch", "upsert_portal",
    "SearchError",
]
