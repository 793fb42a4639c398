"""Run crawls in this process: the library function behind `portal-archive crawl` and `demo`."""
from __future__ import annotations

import logging
import os
import sys
import time
from pathlib import Path

from crawler.registry import resolve
from portal_archive import archive
from portal_archive.errors import PortalArchiveError


def project_settings(db: str | Path, **overrides):
    """Scrapy settings of this project with the archive path and ``overrides`` applied."""
    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "crawler.settings")
    from scrapy.utils.project import get_project_settings

    settings = get_project_settings()
    settings.set("ARCHIVE_DB", str(db), priority="cmdline")
    for key, value in overrides.items():
        settings.set(key, value, priority="cmdline")
    return settings


def log_file_path(db: str | Path, slug: str) -> Path:
    """``<archive logs>/<portal>-<UTC stamp>.log`` (``portal_archive.archive.paths.logs_dir``): one per portal
    and run."""
    from portal_archive.archive.paths import logs_dir

    stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
    path = logs_dir(db) / f"{slug}-{stamp}.log"
    n = 1
    while path.exists():  # two runs within one second
        n += 1
        path = path.with_name(f"{slug}-{stamp}-{n}.log")
    return path


class PortalLog(logging.FileHandler):
    """One portal's run log: the records of its spider, and those that name no spider (engine, settings)."""

    def __init__(self, path: Path, slug: str | None, level: str, settings):
        super().__init__(path, encoding="utf-8", delay=True)  # no file for a crawl refused at its lock
        self.slug = slug  # None: every portal's records
        self.setLevel(level)
        self.setFormatter(logging.Formatter(settings.get("LOG_FORMAT"), settings.get("LOG_DATEFORMAT")))

    def filter(self, record) -> bool:
        slug = getattr(record, "portal", None) or getattr(getattr(getattr(record, "spider", None), "profile", None),
                                                          "slug", None)
        return (self.slug is None or slug is None or slug == self.slug) and super().filter(record)


def run_crawls(slugs: list[str], db: str | Path = archive.DEFAULT_DB, base_urls: dict[str, str] | None = None,
               log_file: bool | str | Path = True, console_level: str | None = None,
               **overrides) -> dict[str, dict]:
    """Crawl each portal (concurrently, one spider per portal) into the archive at ``db``.

    Validates every profile and the archive path before starting. Returns per-slug Scrapy stats.
    Raises ProfileError / ArchiveError for bad input, ``CrawlNotStarted`` when Scrapy refuses to start (a bad
    setting value), ``portal_archive.archive.locks.LockHeld`` when a portal is being crawled by another live process
    (each portal's lock in the archive's ``locks/`` is held for the run).

    ``log_file``: True (default) writes each portal's log to ``log_file_path(db, slug)`` at INFO (DEBUG when
    ``LOG_LEVEL`` is DEBUG), recorded on its run row; a path: that one file; False: Scrapy's usual logging.
    With a log file, ``console_level`` (default: ``LOG_LEVEL``) is what still goes to stderr.
    """
    from scrapy.crawler import CrawlerProcess

    from portal_archive.archive import locks, paths
    from portal_archive.archive.paths import adopt_legacy_warcs

    base_urls = base_urls or {}
    profiles = []
    for slug in slugs:
        profile = resolve(slug)
        profiles.append(profile)
        if slug in base_urls:
            profile.rebased(base_urls[slug])
    archive.open_archive(db).conn.close()
    adopt_legacy_warcs(db)

    console_level = console_level or overrides.get("LOG_LEVEL", "INFO")
    file_level = "DEBUG" if overrides.get("LOG_LEVEL") == "DEBUG" else "INFO"
    logs: dict[str, Path] = {}
    if log_file:
        logs = {arg: log_file_path(db, p.slug) if log_file is True else Path(log_file)  # by argument (URL or slug)
                for arg, p in zip(slugs, profiles)}
        for path in logs.values():
            path.parent.mkdir(parents=True, exist_ok=True)
        # Scrapy's own root handler goes nowhere: each portal's PortalLog and the console handler below log
        overrides.update(LOG_FILE=os.devnull, LOG_LEVEL=file_level)
    process = CrawlerProcess(project_settings(db, **overrides))  # LOG_INSTALL_ROOT_HANDLER (default True)
    handlers: list[logging.Handler] = []
    if log_file:
        handlers = [PortalLog(logs[arg], p.slug, file_level, process.settings) for arg, p in zip(slugs, profiles)] \
            if log_file is True else [PortalLog(Path(log_file), None, file_level, process.settings)]
        if console_level:
            console = logging.StreamHandler(sys.stderr)
            console.setLevel(console_level)
            console.setFormatter(OneLineFormatter("%(levelname)s: %(message)s"))  # tracebacks: in the log file
            console.addFilter(lambda record: not getattr(record, "file_only", False))
            handlers.append(console)
    for handler in handlers:
        logging.getLogger().addHandler(handler)
    held: list[Path] = []
    try:
        for profile in profiles:
            held.append(locks.acquire(paths.locks_dir(db), profile.slug, logging.getLogger("portal_archive.locks")))
        return _run(process, slugs, base_urls, logs)
    finally:
        for path in held:
            locks.release(path)
        for handler in handlers:
            logging.getLogger().removeHandler(handler)
            handler.close()


class OneLineFormatter(logging.Formatter):
    """Terminal log lines without tracebacks (the run's log file keeps them)."""

    def format(self, record):
        import copy

        record = copy.copy(record)
        record.exc_info = record.exc_text = record.stack_info = None
        return super().format(record)


class CrawlNotStarted(PortalArchiveError):
    """A crawl could not start (a bad setting such as ``--set WARC_COMPRESSION=best``); one line for the user."""


def on_start_failure(started, handle) -> None:
    """Call ``handle(exception, traceback)`` if the crawl ``started`` (what ``process.crawl`` returns: a Twisted
    Deferred or an asyncio Task) fails; handled so, Twisted or asyncio does not print it with a traceback."""
    if hasattr(started, "addErrback"):
        started.addErrback(lambda failure: handle(failure.value, failure.getTracebackObject()))
    else:
        started.add_done_callback(lambda task: task.cancelled() or task.exception() is None
                                  or handle(task.exception(), task.exception().__traceback__))


def _run(process, slugs: list[str], base_urls: dict[str, str], logs: dict[str, Path]) -> dict[str, dict]:
    crawlers, failed = {}, {}
    for slug in slugs:
        crawler = process.create_crawler("portal")
        crawlers[slug] = crawler
        if slug in logs:  # recorded on this portal's run row
            crawler.settings.set("ARCHIVE_LOG_PATH", str(logs[slug]), priority="cmdline")
        kwargs = {"portal": slug}
        if slug in base_urls:
            kwargs["base_url"] = base_urls[slug]
        on_start_failure(process.crawl(crawler, **kwargs),
                         lambda exc, tb, slug=slug: failed.update({slug: (exc, tb)}))
    process.start()
    if failed:
        slug, (exc, tb) = next(iter(failed.items()))
        logging.getLogger("portal_archive.run").error("crawl of %s not started", slug, exc_info=(type(exc), exc, tb),
                                                      extra={"file_only": True})
        raise CrawlNotStarted(f"{slug}: crawl not started: {exc}")
    stats = {slug: crawler.stats.get_stats() for slug, crawler in crawlers.items()}
    for slug, crawler in crawlers.items():
        run_id = getattr(getattr(crawler, "spider", None), "run_id", None)
        if run_id and not stats[slug].get("archive/run_status"):  # a signal stopped it before its engine ran:
            db = archive.open_archive(crawler.settings.get("ARCHIVE_DB"))  # its pipeline never closed the run
            try:
                archive.finish_run(db, run_id, "interrupted", {"pages_fetched": 0, "errors": 0}, stats[slug],
                                   "shutdown")
            finally:
                db.conn.close()
            stats[slug].update({"archive/run_id": run_id, "archive/run_status": "interrupted",
                                "archive/portal": crawler.spider.profile.slug, "finish_reason": "shutdown"})
    for slug, st in stats.items():  # one greppable line per portal at the end of the log
        portal = getattr(getattr(crawlers[slug].spider, "profile", None), "slug", slug)
        logging.getLogger("portal_archive.run").info(
            "run summary portal=%s reason=%s pages=%s new=%s updated=%s unchanged=%s gone=%s errors=%s bytes=%s",
            portal, st.get("finish_reason"), st.get("response_received_count", 0),
            st.get("archive/articles_new", 0), st.get("archive/articles_updated", 0),
            st.get("archive/articles_unchanged", 0), st.get("archive/articles_gone", 0),
            st.get("portal/errors", 0), st.get("downloader/response_bytes", 0),
            extra={"portal": portal})
    return stats
