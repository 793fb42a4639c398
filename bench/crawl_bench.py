"""One benchmark crawl of running replica portals, in this process; prints one JSON line of figures.

    python bench/crawl_bench.py --mode full|bare --base-urls '{"slug": "http://127.0.0.1:PORT", ...}'
                                --out DIR [--jobdir]

``full``: the project's own PortalSpider with every pipeline and the WARC middleware (what
``portal-archive crawl`` runs), politeness off. Its CPU time is split by wrapping the components (main
thread CPU, ``time.thread_time``): callbacks (parse: link following + ``extract_article``, reported apart),
WARC capture, normalise + dedup pipelines, store pipeline; the remainder of the process CPU time is
Scrapy's download side (engine, scheduler, HTTP client, middlewares, Twisted).

``bare``: :class:`BareSpider`: the same start pages, following the same listing/article links (the profile's
URL classifier, the same listing cap), no extraction, no pipelines, no WARC: Scrapy's own cost.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.chdir(ROOT)

import scrapy  # noqa: E402

BENCH_SETTINGS = {  # politeness off, for the benchmark only
    "PORTAL_IGNORE_PROFILE_POLITENESS": True, "DOWNLOAD_DELAY": 0, "AUTOTHROTTLE_ENABLED": False,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 16, "CONCURRENT_REQUESTS": 48, "ROBOTSTXT_OBEY": False,
    "PORTAL_MAX_PAGES": 0, "PROGRESS_ENABLED": False, "LOG_LEVEL": "INFO", "RETRY_TIMES": 0,
}


class BareSpider(scrapy.Spider):
    """Fetches the start pages and follows the links the portal profile calls listings or articles."""

    name = "bare"

    def __init__(self, portal: str, base_url: str | None = None, **kwargs):
        super().__init__(**kwargs)
        from crawler.profiles import load_profile

        profile = load_profile(portal)
        self.profile = profile.rebased(base_url) if base_url else profile
        self.allowed_domains = list(self.profile.domains)
        self.listings: set[str] = set()  # the cap counts distinct listing pages, as PortalSpider does

    async def start(self):
        for url in self.profile.start_urls:
            yield scrapy.Request(url)

    def parse(self, response):
        for href in response.xpath("//a/@href").getall():
            url = response.urljoin(href.strip())
            kind = self.profile.classify(url)
            if kind == "article":
                yield scrapy.Request(url)
            elif kind == "listing" and url not in self.listings \
                    and len(self.listings) < self.profile.max_listing_pages:
                self.listings.add(url)
                yield scrapy.Request(url)


class Clock:
    """Main-thread CPU seconds per bucket."""

    def __init__(self):
        self.cpu: dict[str, float] = {}
        self.active: set[str] = set()  # a bucket's nested calls (flush inside process_item) count once

    def add(self, bucket, dt):
        self.cpu[bucket] = self.cpu.get(bucket, 0.0) + dt

    def wrap(self, owner, name, bucket):
        fn = getattr(owner, name)
        clock = self

        def timed(*a, **kw):
            if bucket in clock.active:
                return fn(*a, **kw)
            clock.active.add(bucket)
            t0 = time.thread_time()
            try:
                return fn(*a, **kw)
            finally:
                clock.add(bucket, time.thread_time() - t0)
                clock.active.discard(bucket)
        setattr(owner, name, timed)

    def wrap_gen(self, owner, name, bucket):
        """Time a generator callback's own steps, not what its consumer does with each yielded value."""
        fn = getattr(owner, name)
        clock = self

        def timed(*a, **kw):
            t0 = time.thread_time()
            gen = fn(*a, **kw)
            clock.add(bucket, time.thread_time() - t0)
            while True:
                t0 = time.thread_time()
                try:
                    value = next(gen)
                except StopIteration as stop:
                    clock.add(bucket, time.thread_time() - t0)
                    return stop.value
                clock.add(bucket, time.thread_time() - t0)
                yield value
        setattr(owner, name, timed)


def instrument(clock: Clock):
    import crawler.spiders.portal as portal
    from crawler.warc import WarcCaptureMiddleware
    from pipelines.dedup import DedupPipeline
    from pipelines.store import NormalizePipeline, StorePipeline

    clock.wrap(portal, "extract_article", "extract")
    clock.wrap_gen(portal.PortalSpider, "parse_listing", "parse")
    clock.wrap_gen(portal.PortalSpider, "parse_article", "parse")
    clock.wrap(WarcCaptureMiddleware, "process_response", "warc")
    clock.wrap(NormalizePipeline, "process_item", "normalize_dedup")
    clock.wrap(DedupPipeline, "process_item", "normalize_dedup")
    clock.wrap(StorePipeline, "process_item", "store")
    clock.wrap(StorePipeline, "flush", "store")  # (signal handlers cannot be wrapped: pydispatch reads signatures)


def cpu_seconds() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--mode", choices=("full", "bare"), required=True)
    ap.add_argument("--base-urls", required=True, help="JSON object slug -> base URL")
    ap.add_argument("--out", required=True, help="directory for the archive, WARCs and logs")
    ap.add_argument("--jobdir", action="store_true", help="persist the request queue on disk (JOBDIR)")
    ap.add_argument("--profile", help="write a pyinstrument HTML/text profile to this path")
    args = ap.parse_args(argv)
    base_urls = json.loads(args.base_urls)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)

    from scrapy.crawler import CrawlerProcess

    from crawler.runner import project_settings

    overrides = dict(BENCH_SETTINGS, LOG_FILE=str(out / f"{args.mode}.log"),
                     WARC_DIR=str(out / "warc"))
    clock = Clock()
    if args.mode == "bare":
        overrides.update(ITEM_PIPELINES={}, DOWNLOADER_MIDDLEWARES={"crawler.warc.WarcCaptureMiddleware": None},
                         EXTENSIONS={"crawler.extensions.Progress": None})
    else:
        instrument(clock)
    settings = project_settings(out / "archive.db", **overrides)
    process = CrawlerProcess(settings)
    crawlers = []
    for slug, base in base_urls.items():
        c = process.create_crawler(BareSpider if args.mode == "bare" else "portal")
        crawlers.append(c)
        if args.jobdir:  # one per spider: a shared JOBDIR would mix the spiders' queues
            c.settings.set("JOBDIR", str(out / "jobdir" / slug), priority="cmdline")
        process.crawl(c, portal=slug, base_url=base)
    profiler = None
    if args.profile:
        from pyinstrument import Profiler
        profiler = Profiler(interval=0.002)
        profiler.start()
    cpu0, wall0 = cpu_seconds(), time.perf_counter()
    process.start()
    wall, cpu = time.perf_counter() - wall0, cpu_seconds() - cpu0
    if profiler:
        profiler.stop()
        Path(args.profile).write_text(profiler.output_text(unicode=True, show_all=False), encoding="utf-8")
    stats = [c.stats.get_stats() for c in crawlers]
    pages = sum(s.get("response_received_count", 0) for s in stats)
    result = {
        "mode": args.mode, "pages": pages, "wall_s": wall, "cpu_s": cpu,
        "articles_new": sum(s.get("archive/articles_new", 0) for s in stats),
        "items": sum(s.get("item_scraped_count", 0) for s in stats),
        "errors": sum(s.get("portal/errors", 0) for s in stats),
        "bytes": sum(s.get("downloader/response_bytes", 0) for s in stats),
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "split_cpu_s": clock.cpu,
        "jobdir": args.jobdir,
    }
    print("RESULT " + json.dumps(result), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
