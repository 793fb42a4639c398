"""One benchmark crawl of running replica portals, in this process; prints one JSON line of figures.

    python bench/crawl_bench.py --mode full|bare|fetch --base-urls '{"slug": "http://127.0.0.1:PORT", ...}'
                                --out DIR [--jobdir] [--urls FILE|WARC_DIR] [--set KEY=JSON ...]
                                [--root-log-level INFO] [--memwatch SECONDS [--tracemalloc]] [--profile PATH]

``full``: the project's own PortalSpider with every pipeline and the WARC middleware (what
``portal-archive crawl`` runs), politeness off. Its CPU time is split by wrapping the components (main
thread CPU, ``time.thread_time``): callbacks (parse: link following + ``extract_article``, reported apart),
WARC capture, normalise + dedup pipelines, store pipeline; the remainder of the process CPU time is
Scrapy's download side (engine, scheduler, HTTP client, middlewares, Twisted).

``bare``: :class:`BareSpider`: the same start pages, following the same listing/article links (the profile's
URL classifier, the same listing cap), no extraction, no pipelines, no WARC: Scrapy's own cost.

``fetch``: :class:`FetchSpider`: requests a fixed list of page URLs (``--urls``: a JSON file ``{slug: [path,
...]}`` or the ``warc/`` directory of an earlier ``full`` crawl, whose response records give the pages it
fetched, rebased onto ``--base-urls``) and does nothing in its callback: no parsing, no link extraction. With
the same settings as ``bare`` (no pipelines, no WARC, no progress extension), this is Scrapy's own floor per
page: engine, scheduler + dupefilter, default middlewares, Twisted HTTP client.

``--set KEY=VALUE`` (repeatable; VALUE parsed as JSON when it can be, else a string) overrides a Scrapy
setting on top of ``BENCH_SETTINGS``, for setting experiments (e.g. ``--set TELNETCONSOLE_ENABLED=false``,
``--set 'DOWNLOADER_MIDDLEWARES={"scrapy.downloadermiddlewares.cookies.CookiesMiddleware": null}'``).
Dict-valued middleware/extension settings are merged into the mode's own overrides.

``--root-log-level INFO`` raises the root logger's level once the engine starts: Scrapy leaves it NOTSET and
filters at its handler, so the DEBUG records it logs per response and per item ("Crawled (200)", "Scraped
from") are built and then dropped. ``--memwatch N`` writes RSS, pages, scheduler queue length and the spiders'
URL-set sizes every N s to ``OUT/memwatch.jsonl`` (``--tracemalloc``: also the top allocation sites).
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


class FetchSpider(scrapy.Spider):
    """Requests a fixed list of URLs and does nothing with the responses."""

    name = "fetch"

    def __init__(self, portal: str, base_url: str, urls: list[str], **kwargs):
        super().__init__(**kwargs)
        self.portal, self.base_url, self.url_paths = portal, base_url.rstrip("/"), urls

    async def start(self):
        for path in self.url_paths:
            yield scrapy.Request(self.base_url + path)

    def parse(self, response):
        return None


def load_urls(source: str | Path) -> dict[str, list[str]]:
    """``{slug: [path?query, ...]}`` from a JSON file, or from the response records of a ``full`` crawl's
    WARC directory (files ``<slug>-<stamp>-<pid>-<n>.warc.gz``), in capture order, without duplicates."""
    source = Path(source)
    if source.is_file():
        return json.loads(source.read_text(encoding="utf-8"))
    from urllib.parse import urlsplit

    from warcio.archiveiterator import ArchiveIterator

    urls: dict[str, list[str]] = {}
    seen: set[tuple[str, str]] = set()
    for path in sorted(source.glob("*.warc.gz")):
        slug = path.name.rsplit("-", 3)[0]
        with path.open("rb") as fh:
            for rec in ArchiveIterator(fh):
                if rec.rec_type != "response":
                    continue
                parts = urlsplit(rec.rec_headers.get_header("WARC-Target-URI"))
                target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
                if (slug, target) not in seen:
                    seen.add((slug, target))
                    urls.setdefault(slug, []).append(target)
    return urls


def parse_set(items: list[str]) -> dict:
    out = {}
    for item in items:
        key, _, raw = item.partition("=")
        try:
            out[key] = json.loads(raw)
        except ValueError:
            out[key] = raw
    return out


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


class MemoryWatch:
    """Every ``interval`` s: RSS, pages, the scheduler queues' length, the spiders' URL sets; with
    ``tracemalloc`` on, the top allocation sites, to ``path`` (JSON lines). For memory-growth questions."""

    def __init__(self, crawlers, path: Path, interval: float, trace: bool):
        self.crawlers, self.path, self.interval, self.trace = crawlers, path, interval, trace
        self.fh = path.open("w", encoding="utf-8")
        self.t0 = time.perf_counter()

    def start(self):
        from twisted.internet import task
        if self.trace:
            import tracemalloc
            tracemalloc.start(1)
        self.loop = task.LoopingCall(self.sample)
        self.loop.start(self.interval, now=False)

    def sample(self):
        rss_kb = 0
        try:
            for line in Path("/proc/self/status").read_text().splitlines():
                if line.startswith("VmRSS"):
                    rss_kb = int(line.split()[1])
        except OSError:
            pass
        row = {"t": round(time.perf_counter() - self.t0, 1), "rss_mb": rss_kb / 1024,
               "cpu_s": cpu_seconds(), "pages": 0, "queued": 0, "spider_sets": {}}
        for c in self.crawlers:
            row["pages"] += c.stats.get_value("response_received_count", 0)
            sched = c.engine.scheduler if c.engine else None
            row["queued"] += len(sched) if sched is not None else 0
            sp = c.spider
            for name in ("queued", "seen_urls", "listings", "_links"):
                if sp is not None and hasattr(sp, name):
                    row["spider_sets"][name] = row["spider_sets"].get(name, 0) + len(getattr(sp, name))
            df = getattr(sched, "df", None)
            if df is not None and hasattr(df, "fingerprints"):
                row["spider_sets"]["dupefilter"] = row["spider_sets"].get("dupefilter", 0) + len(df.fingerprints)
        if self.trace:
            import tracemalloc
            snap = tracemalloc.take_snapshot()
            stats = snap.statistics("lineno")
            row["traced_mb"] = sum(s.size for s in stats) / 2**20
            row["top"] = [[str(s.traceback[0]), round(s.size / 2**20, 2), s.count] for s in stats[:25]]
        self.fh.write(json.dumps(row) + "\n")
        self.fh.flush()


def cpu_seconds() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


class GcClock:
    """CPU seconds Python's cyclic garbage collector spends, per generation (``gc.callbacks``): it runs inside
    whichever component allocated last, so its share is counted there as well."""

    def __init__(self):
        import gc
        self.count, self.cpu, self._t0 = [0, 0, 0], [0.0, 0.0, 0.0], 0.0
        gc.callbacks.append(self._callback)

    def _callback(self, phase, info):
        if phase == "start":
            self._t0 = time.process_time()
        else:
            g = info["generation"]
            self.count[g] += 1
            self.cpu[g] += time.process_time() - self._t0

    def result(self) -> dict:
        return {"collections": self.count, "cpu_s": [round(c, 3) for c in self.cpu]}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--mode", choices=("full", "bare", "fetch"), required=True)
    ap.add_argument("--base-urls", required=True, help="JSON object slug -> base URL")
    ap.add_argument("--out", required=True, help="directory for the archive, WARCs and logs")
    ap.add_argument("--jobdir", action="store_true", help="persist the request queue on disk (JOBDIR)")
    ap.add_argument("--profile", help="write a pyinstrument HTML/text profile to this path")
    ap.add_argument("--urls", help="fetch mode: JSON {slug: [path, ...]} or a full crawl's warc/ directory")
    ap.add_argument("--save-urls", help="fetch mode: write the URL list used (JSON) to this path")
    ap.add_argument("--set", action="append", default=[], metavar="KEY=VALUE",
                    help="override a Scrapy setting (VALUE as JSON if it parses; repeatable)")
    ap.add_argument("--memwatch", type=float, default=0,
                    help="every N s write RSS, pages, queue length, URL-set sizes to OUT/memwatch.jsonl")
    ap.add_argument("--tracemalloc", action="store_true", help="with --memwatch: also the top allocation sites")
    ap.add_argument("--root-log-level", help="set the root logger's level after Scrapy configured logging (Scrapy "
                    "leaves it NOTSET, so every DEBUG record, e.g. 'Scraped from' per item, is built and then "
                    "dropped by the handler); e.g. INFO")
    args = ap.parse_args(argv)
    if args.mode == "fetch" and not args.urls:
        ap.error("--mode fetch needs --urls")
    base_urls = json.loads(args.base_urls)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)

    from scrapy.crawler import CrawlerProcess

    from crawler.runner import project_settings

    overrides = dict(BENCH_SETTINGS, LOG_FILE=str(out / f"{args.mode}.log"),
                     WARC_DIR=str(out / "warc"))
    clock = Clock()
    if args.mode in ("bare", "fetch"):
        overrides.update(ITEM_PIPELINES={}, DOWNLOADER_MIDDLEWARES={"crawler.warc.WarcCaptureMiddleware": None},
                         EXTENSIONS={"crawler.extensions.Progress": None})
    else:
        instrument(clock)
    extra = parse_set(args.set)
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(overrides.get(key), dict):
            overrides[key] = {**overrides[key], **value}
        elif isinstance(value, dict) and key in ("DOWNLOADER_MIDDLEWARES", "SPIDER_MIDDLEWARES", "EXTENSIONS",
                                                 "ITEM_PIPELINES"):
            from crawler import settings as project  # merge with the project's own dict, not replace it
            overrides[key] = {**getattr(project, key, {}), **value}
        else:
            overrides[key] = value
    url_lists = None
    if args.mode == "fetch":
        url_lists = load_urls(args.urls)
        if args.save_urls:
            Path(args.save_urls).write_text(json.dumps(url_lists), encoding="utf-8")
    settings = project_settings(out / "archive.db", **overrides)
    process = CrawlerProcess(settings)
    crawlers = []
    spider_cls = {"bare": BareSpider, "fetch": FetchSpider}.get(args.mode, "portal")
    for slug, base in base_urls.items():
        c = process.create_crawler(spider_cls)
        crawlers.append(c)
        if args.jobdir:  # one per spider: a shared JOBDIR would mix the spiders' queues
            c.settings.set("JOBDIR", str(out / "jobdir" / slug), priority="cmdline")
        kw = {"urls": url_lists.get(slug, [])} if url_lists is not None else {}
        process.crawl(c, portal=slug, base_url=base, **kw)
        if args.root_log_level:  # after each crawler's own logging set-up (which resets the root level)
            import logging

            from scrapy import signals
            c.signals.connect(lambda: logging.root.setLevel(args.root_log_level), signal=signals.engine_started,
                              weak=False)
    if args.memwatch:
        MemoryWatch(crawlers, out / "memwatch.jsonl", args.memwatch, args.tracemalloc).start()
    profiler = None
    if args.profile:
        from pyinstrument import Profiler
        profiler = Profiler(interval=0.002)
        profiler.start()
    gc_time = GcClock()
    cpu0, wall0 = cpu_seconds(), time.perf_counter()
    process.start()
    wall, cpu = time.perf_counter() - wall0, cpu_seconds() - cpu0
    if profiler:
        profiler.stop()
        Path(args.profile).write_text(profiler.output_text(unicode=True, show_all=False), encoding="utf-8")
    stats = [c.stats.get_stats() for c in crawlers]
    pages = sum(s.get("response_received_count", 0) for s in stats)
    usage = resource.getrusage(resource.RUSAGE_SELF)
    result = {
        "mode": args.mode, "pages": pages, "wall_s": wall, "cpu_s": cpu,
        "articles_new": sum(s.get("archive/articles_new", 0) for s in stats),
        "items": sum(s.get("item_scraped_count", 0) for s in stats),
        "errors": sum(s.get("portal/errors", 0) for s in stats),
        "bytes": sum(s.get("downloader/response_bytes", 0) for s in stats),
        "peak_rss_mb": usage.ru_maxrss / 1024,
        # kernel time and page faults: a heap that the allocator keeps giving back and taking again shows here
        "system_cpu_s": usage.ru_stime,
        "minor_faults": usage.ru_minflt,
        "split_cpu_s": clock.cpu,
        "gc": gc_time.result(),
        "jobdir": args.jobdir,
        "settings": extra,
        "root_log_level": args.root_log_level,
        "requested": sum(len(v) for v in url_lists.values()) if url_lists is not None else None,
        "status_200": sum(s.get("downloader/response_status_count/200", 0) for s in stats),
    }
    print("RESULT " + json.dumps(result), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
