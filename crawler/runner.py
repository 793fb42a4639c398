"""Run crawls in this process: the library function behind `portal-archive crawl` and `demo`."""
from __future__ import annotations

import os
from pathlib import Path

from crawler.profiles import load_profile
from pipelines import archive


def project_settings(db: str | Path, **overrides):
    """Scrapy settings of this project with the archive path and ``overrides`` applied."""
    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "crawler.settings")
    from scrapy.utils.project import get_project_settings

    settings = get_project_settings()
    settings.set("ARCHIVE_DB", str(db), priority="cmdline")
    for key, value in overrides.items():
        settings.set(key, value, priority="cmdline")
    return settings


def run_crawls(slugs: list[str], db: str | Path = archive.DEFAULT_DB, base_urls: dict[str, str] | None = None,
               **overrides) -> dict[str, dict]:
    """Crawl each portal (concurrently, one spider per portal) into the archive at ``db``.

    Validates every profile and the archive path before starting. Returns per-slug Scrapy stats.
    Raises ProfileError / ArchiveError for bad input.
    """
    from scrapy.crawler import CrawlerProcess

    base_urls = base_urls or {}
    for slug in slugs:
        profile = load_profile(slug)
        if slug in base_urls:
            profile.rebased(base_urls[slug])
    archive.open_archive(db).conn.close()

    process = CrawlerProcess(project_settings(db, **overrides), install_root_handler=True)
    crawlers = {}
    for slug in slugs:
        crawler = process.create_crawler("portal")
        crawlers[slug] = crawler
        kwargs = {"portal": slug}
        if slug in base_urls:
            kwargs["base_url"] = base_urls[slug]
        process.crawl(crawler, **kwargs)
    process.start()
    return {slug: crawler.stats.get_stats() for slug, crawler in crawlers.items()}
