"""``make bench``: every benchmark of issue 7 side by side with its reference, in one run; writes
``bench/RESULTS.md`` (machine, date, load average, figures, ratios).

    python bench/run.py [--scales 1000,6000] [--search 10000,100000] [--crawl-repeat 3]

Crawls run in their own processes pinned with ``taskset`` to core 0, the replica server (``python -m
replica --large-pages``) to core 1 (when the machine has two cores or more). CPU figures are process CPU
time (``getrusage``), which other load on a shared machine distorts far less than wall time; but the speed of
such a machine still drifts 20-40 % within minutes, so the main scale's full-pipeline and Scrapy-alone crawls run
``--crawl-repeat`` times, alternated, and each figure is the median run (all runs are listed).
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import signal
import sqlite3
import statistics
import subprocess
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"
PY = sys.executable
sys.path.insert(0, str(ROOT))

SLUGS = ("travinh-replica", "nukeviet-replica", "danvan-replica")
PINNED = (os.cpu_count() or 1) >= 2 and shutil.which("taskset") is not None


def pin(core: int, cmd: list[str]) -> list[str]:
    return ["taskset", "-c", str(core), *cmd] if PINNED else cmd


def log(msg: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)



def wait4_child(cmd, stdout=subprocess.DEVNULL) -> tuple[int, float, float, float]:
    """(returncode, CPU s, peak RSS MB, wall s) of ``cmd``, measured by ``os.wait4`` on that child alone."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=stdout, stderr=subprocess.DEVNULL, cwd=ROOT)
    _, status, ru = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    return proc.returncode, ru.ru_utime + ru.ru_stime, ru.ru_maxrss / 1024, time.perf_counter() - t0


# --------------------------------------------------------------------------------------------- machine
def machine() -> dict:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram = 0
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                ram = int(line.split()[1]) / 1024 / 1024
    except OSError:
        pass
    import lxml.etree
    import scrapy

    try:
        import trafilatura
        traf = trafilatura.__version__
    except ImportError:
        traf = "-"
    return {"cpu": cpu, "cores": os.cpu_count(), "ram_gb": round(ram, 1), "python": platform.python_version(),
            "scrapy": scrapy.__version__, "sqlite": sqlite3.sqlite_version,
            "lxml": ".".join(map(str, lxml.etree.LXML_VERSION)), "trafilatura": traf,
            "os": platform.platform(), "date": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "pinned": PINNED, "c_walks": _c_walks()}


def _c_walks() -> str:
    """Whether extraction runs the C walks (crawler/extract/_cwalk.pyx) in this environment."""
    from crawler.extract import accel
    return "on" if accel.cwalk is not None else "off (pure Python)"


def loadavg() -> str:
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "?"


# --------------------------------------------------------------------------------------------- crawl
class ReplicaProcess:
    def __init__(self, per_portal: int, port_base: int):
        self.per_portal, self.port_base = per_portal, port_base

    def __enter__(self):
        cmd = pin(1, [PY, "-m", "replica", "--articles", str(self.per_portal), "--large-pages",
                      "--port-base", str(self.port_base)])
        self.proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=ROOT)
        self.base_urls = {}
        while len(self.base_urls) < len(SLUGS):
            line = self.proc.stdout.readline()
            if not line:
                raise RuntimeError("replica did not start")
            parts = line.split()
            if parts and parts[0] in SLUGS:
                self.base_urls[parts[0]] = parts[1].rstrip("/")
        return self

    def __exit__(self, *exc):
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def crawl(mode: str, base_urls: dict, out: Path, jobdir: bool = False, urls: Path | None = None) -> dict:
    if out.exists():
        shutil.rmtree(out)
    cmd = pin(0, [PY, "bench/crawl_bench.py", "--mode", mode, "--base-urls", json.dumps(base_urls),
                  "--out", str(out)] + (["--jobdir"] if jobdir else []) + (["--urls", str(urls)] if urls else []))
    load0 = loadavg()
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
    lines = [l for l in proc.stdout.splitlines() if l.startswith("RESULT ")]
    if not lines:
        raise RuntimeError(f"crawl {mode} failed: {proc.stderr[-2000:]}")
    result = json.loads(lines[-1][7:])
    result["load"] = f"{load0} -> {loadavg()}"
    return result


def scrapy_bench(seconds: int = 20) -> dict:
    """``scrapy bench`` (its own local server and link-following spider), outside this project's settings."""
    env = {k: v for k, v in os.environ.items() if k != "SCRAPY_SETTINGS_MODULE"}
    scrapy_bin = str(Path(PY).with_name("scrapy"))
    cmd = pin(0, [scrapy_bin, "bench", "-s", f"CLOSESPIDER_TIMEOUT={seconds}", "-s", "LOG_LEVEL=INFO"])
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd="/tmp", env=env)
    out, _ = proc.communicate()
    wall = time.perf_counter() - t0
    stats = {}
    for key in ("response_received_count", "elapsed_time_seconds"):
        for line in out.splitlines():
            if f"'{key}':" in line:
                stats[key] = float(line.split(":", 1)[1].strip().rstrip(",}"))
    pages = stats.get("response_received_count", 0)
    elapsed = stats.get("elapsed_time_seconds", wall)
    return {"pages": pages, "wall_s": elapsed, "pages_per_s": pages / elapsed if elapsed else 0,
            "note": "its server runs on the same core (a child of the pinned command)"}


# --------------------------------------------------------------------------------------------- others
def extraction(repeat: int) -> dict:
    proc = subprocess.run(pin(0, [PY, "bench/extract_bench.py", "--repeat", str(repeat)]),
                          capture_output=True, text=True, cwd=ROOT)
    res, section = {"raw": proc.stdout}, None
    for line in proc.stdout.splitlines():
        if line.strip() in ("corpus", "replica"):
            section = line.strip()
        if line.startswith("MEAN") and section:
            nums = line.split()[-5:]
            res[section] = {"parse": float(nums[0]), "ours": float(nums[1]),
                            "traf": float(nums[2]) if nums[2] != "-" else None}
        if line.startswith("PURE PYTHON") and section in res:
            res[section]["py"] = float(line.split()[-2])
    return res


def reextract_bench(crawl_dir: Path) -> dict:
    out = OUT / "reextract"
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    code = ("import json,sys,time,resource;from pathlib import Path;from crawler.reextract import reextract;"
            "t=time.perf_counter();c=reextract(Path(sys.argv[1]),Path(sys.argv[2]));"
            "print(json.dumps({**c,'wall':time.perf_counter()-t}))")
    stdout = (out / "result.json").open("w")
    rc, cpu, rss, wall = wait4_child(pin(0, [PY, "-c", code, str(out / "archive.db"), str(crawl_dir / "warc")]),
                                     stdout=stdout)
    stdout.close()
    counts = json.loads((out / "result.json").read_text())
    return {**counts, "cpu_s": cpu, "wall_s": wall, "peak_rss_mb": rss}


def store_bench(n: int = 5000) -> dict:
    """``archive.store_batch`` of article records (batches of 100: upserts, images, simhash bands, URLs,
    frontier, FTS maintenance) into a fresh archive; on-disk bytes per article."""
    code = r"""
import json, random, sys, time, hashlib
from pathlib import Path
sys.path.insert(0, 'bench')
from gen_archive import Text
from portal_archive import archive
from pipelines.dedup import simhash
n, path = int(sys.argv[1]), Path(sys.argv[2])
text = Text(random.Random(7))
recs = []
for i in range(n):
    a = text.article(i)
    url = f"https://travinh-replica.gov.vn/tin/{i}.aspx"
    recs.append({"url": url, "url_key": url[8:], "portal": "travinh-replica", "title": a["title"],
                 "body_text": a["body_text"], "published_at": a["published_at"], "published_raw": a["published_raw"],
                 "byline": a["byline"], "authors": None, "content_hash": hashlib.sha256(a["body_text"].encode()).hexdigest(),
                 "http_status": 200, "rules": "{}", "first_seen_at": "2025-01-01T00:00:00+00:00",
                 "last_seen_at": "2025-01-01T00:00:00+00:00", "fetched_at": "2025-01-01T00:00:00+00:00",
                 "simhash": simhash(a["body_text"]), "etag": None, "last_modified": None, "warc_file": None,
                 "warc_record_id": None, "warc_offset": None, "payload_digest": None,
                 "images": [{"src": f"https://x/{i}.jpg", "caption": a["caption"]}], "seen_urls": [url]})
db = archive.open_archive(path)
from crawler.profiles import load_profile
archive.upsert_portal(db, load_profile("travinh-replica"), archive.utcnow())
t0, c0 = time.perf_counter(), time.process_time()
for s in range(0, n, 100):
    archive.store_batch(db, recs[s:s + 100])
wall, cpu = time.perf_counter() - t0, time.process_time() - c0
db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
db.conn.close()
print(json.dumps({"n": n, "wall_s": wall, "cpu_s": cpu, "bytes": path.stat().st_size,
                  "text_bytes": sum(len(r["body_text"].encode()) + len(r["title"].encode()) for r in recs)}))
"""
    path = OUT / "store.db"
    for p in (path, path.with_name("store.db-wal"), path.with_name("store.db-shm")):
        p.unlink(missing_ok=True)
    proc = subprocess.run(pin(0, [PY, "-c", code, str(n), str(path)]), capture_output=True, text=True, cwd=ROOT)
    return json.loads(proc.stdout.strip().splitlines()[-1])


QUERIES = [  # (label, query, filters)
    ("accented words", "nông thôn mới", {}),
    ("accented words", "chuyển đổi số", {}),
    ("accented words", "dân vận khéo", {}),
    ("accented words", "đồng bào Khmer", {}),
    ("accented words", "an sinh xã hội", {}),
    ("accented, one word", "Trà Vinh", {}),
    ("accent-free", "nong thon moi", {}),
    ("accent-free", "chuyen doi so", {}),
    ("accent-free", "dan van", {}),
    ("accent-free", "cai cach hanh chinh", {}),
    ("accent-free, common", "hoi nghi", {}),
    ("phrase", '"cải cách hành chính"', {}),
    ("phrase", '"nhà đại đoàn kết"', {}),
    ("phrase, accent-free", '"an ninh trat tu"', {}),
    ("prefix", "chuyển*", {}),
    ("boolean", "Khmer OR OCOP", {}),
    ("boolean", "giáo dục NOT y tế", {}),
    ("portal filter", "nông thôn mới", {"portal": "travinh-replica"}),
    ("date range", "dan van", {"since": "2020-01-01", "until": "2021-12-31"}),
    ("byline + newest", "hội nghị", {"byline": "Tấn Lập", "order": "newest"}),
]


def search_bench(n: int, repeat: int = 5) -> dict:
    code = r"""
import json, sys, time
sys.path.insert(0, 'bench')
from run import QUERIES
from portal_archive import archive
from portal_archive.archive import db as archive_db
from portal_archive.search.query import parse_query
db = archive.open_archive(sys.argv[1], create=False)
repeat = int(sys.argv[2])
out = []
# the reference: SQLite's textbook ranked search, FTS5 bm25 over every match, top 20 ids (no filters, no snippets)
weights = ", ".join(map(str, archive_db.FTS_WEIGHTS))
ref_sql = f"SELECT rowid FROM articles_fts WHERE articles_fts MATCH ? ORDER BY bm25(articles_fts, {weights}) LIMIT 20"
for label, q, kw in QUERIES:
    archive.search(db, q, limit=20, **kw)  # warm (page cache, prepared functions)
    walls, cpus, refs = [], [], []
    for _ in range(repeat):
        t0, c0 = time.perf_counter(), time.process_time()
        res = archive.search(db, q, limit=20, **kw)
        walls.append(time.perf_counter() - t0); cpus.append(time.process_time() - c0)
    folded = parse_query(q).folded
    for _ in range(3):
        t0 = time.perf_counter()
        db.execute(ref_sql, [folded]).fetchall()
        refs.append(time.perf_counter() - t0)
    out.append({"label": label, "query": q, "filters": kw, "wall_ms": sorted(walls)[len(walls) // 2] * 1000,
                "cpu_ms": sorted(cpus)[len(cpus) // 2] * 1000, "hits": len(res),
                "ref_ms": sorted(refs)[1] * 1000})
print(json.dumps(out))
"""
    path = OUT / f"archive-{n}.db"
    log(f"search: generating/reusing {path.name}")
    t0 = time.perf_counter()
    subprocess.run([PY, "bench/gen_archive.py", str(n)], check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
    gen = time.perf_counter() - t0
    proc = subprocess.run(pin(0, [PY, "-c", code, str(path), str(repeat)]), capture_output=True, text=True, cwd=ROOT)
    if proc.returncode:
        raise RuntimeError(proc.stderr[-2000:])
    rows = json.loads(proc.stdout.strip().splitlines()[-1])
    walls = sorted(r["wall_ms"] for r in rows)
    cpus = sorted(r["cpu_ms"] for r in rows)
    refs = sorted(r["ref_ms"] for r in rows)
    return {"n": n, "rows": rows, "p50": statistics.median(walls), "p95": _p95(walls),
            "cpu_p50": statistics.median(cpus), "cpu_p95": _p95(cpus), "gen_s": gen,
            "ref_p50": statistics.median(refs), "ref_p95": _p95(refs), "db_mb": path.stat().st_size / 1e6}


def _p95(values):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(0.95 * (len(values) - 1))))]


def export_bench(n: int) -> dict:
    path = OUT / f"archive-{n}.db"
    cli = str(Path(PY).with_name("portal-archive"))
    rc, cpu, rss, wall = wait4_child(pin(0, [cli, "export", "--db", str(path), "-o", "/dev/null"]))
    return {"n": n, "rc": rc, "cpu_s": cpu, "wall_s": wall, "peak_rss_mb": rss}


# --------------------------------------------------------------------------------------------- report
def _median_run(runs: list[dict]) -> dict:
    """The run of median CPU time per page (the upper one of an even count)."""
    return sorted(runs, key=lambda r: r["cpu_s"] / (r["pages"] or 1))[len(runs) // 2]


def crawl_row(r: dict) -> dict:
    pages = r["pages"] or 1
    return {**r, "cpu_ms_page": r["cpu_s"] / pages * 1000, "pps_core": pages / r["cpu_s"],
            "pps_wall": pages / r["wall_s"]}


def split_rows(r: dict) -> list[tuple[str, float]]:
    s, pages = r["split_cpu_s"], r["pages"] or 1
    parse, extract = s.get("parse", 0.0), s.get("extract", 0.0)
    accounted = parse + s.get("warc", 0.0) + s.get("normalize_dedup", 0.0) + s.get("store", 0.0)
    ms = lambda v: v / pages * 1000  # noqa: E731
    return [("download (Scrapy engine, HTTP, scheduler, middlewares; the remainder)", ms(r["cpu_s"] - accounted)),
            ("WARC capture", ms(s.get("warc", 0.0))),
            ("parse: extract_article (lxml parse + fields)", ms(extract)),
            ("parse: link following (join, classify, requests, URL events)", ms(parse - extract)),
            ("normalise + dedup pipelines", ms(s.get("normalize_dedup", 0.0))),
            ("store pipeline (batched upserts + FTS)", ms(s.get("store", 0.0)))]


def write_results(res: dict, path: Path) -> None:
    m = res["machine"]
    L = [f"# Benchmarks ({m['date']})", "",
         "Written by `make bench` (`bench/run.py`); every figure is measured in this one run beside its reference.",
         "", "## Machine", "",
         f"- CPU: {m['cpu']}, {m['cores']} cores; RAM {m['ram_gb']} GB; {m['os']}",
         f"- Python {m['python']}, Scrapy {m['scrapy']}, SQLite {m['sqlite']}, lxml {m['lxml']}, "
         f"trafilatura {m['trafilatura']}; extraction's C walks: {m.get('c_walks', '?')}",
         f"- Load average at start: {res['load_start']}; at end: {res['load_end']} (a shared machine: other "
         "sessions run tests concurrently, so CPU time per page is the figure to trust, wall time less so)",
         f"- Pinning: {'crawler on core 0, replica server on core 1 (taskset)' if m['pinned'] else 'none (1 core or no taskset)'}",
         ""]
    # 1. crawl
    main = res.get("crawl_main")
    if main:
        full, bare, sb = crawl_row(main["full"]), crawl_row(main["bare"]), res.get("scrapy_bench") or {}
        ratio = full["pps_core"] / bare["pps_core"]
        L += ["## 1. Crawl throughput", "",
              f"Replica: {main['articles']} articles across the three families, 60-110 KB pages, served by "
              "`python -m replica --large-pages` in its own process; politeness off for the benchmark "
              "(`PORTAL_IGNORE_PROFILE_POLITENESS=1 DOWNLOAD_DELAY=0 AUTOTHROTTLE_ENABLED=0 "
              "CONCURRENT_REQUESTS_PER_DOMAIN=16 ROBOTSTXT_OBEY=0`).", "",
              "| crawler | pages | CPU s | CPU ms/page | pages/s per core (CPU) | pages/s wall | peak RSS MB | load |",
              "|---|---:|---:|---:|---:|---:|---:|---|"]
        rows = [("**full pipeline** (PortalSpider + WARC + normalise/dedup/store)", full),
                ("bare Scrapy spider, same pages and links (`bench/crawl_bench.py --mode bare`)", bare)]
        if main.get("fetch"):
            rows.append(("Scrapy alone: the same page URLs, empty callback (`--mode fetch`)", crawl_row(main["fetch"])))
        for name, r in rows:
            L.append(f"| {name} | {r['pages']} | {r['cpu_s']:.1f} | {r['cpu_ms_page']:.2f} | {r['pps_core']:.0f} | "
                     f"{r['pps_wall']:.0f} | {r['peak_rss_mb']:.0f} | {r['load']} |")
        if sb:
            L.append(f"| `scrapy bench` (its own tiny pages; server on the same core) | {sb['pages']:.0f} | - | - | - | "
                     f"{sb['pages_per_s']:.0f} | - | - |")
        L += ["", f"- full / bare, pages/s per core: **{ratio:.2f}** (target >= 0.60: "
              f"{'met' if ratio >= 0.6 else 'NOT met'})",
              f"- full pipeline pages/s per core: **{full['pps_core']:.0f}** (target >= 150: "
              f"{'met' if full['pps_core'] >= 150 else 'NOT met'})"]
        if main.get("fetch"):
            fe = crawl_row(main["fetch"])
            L.append(f"- Scrapy alone (fetch, no parsing) on this machine: **{fe['pps_core']:.0f} pages/s per core** "
                     f"({fe['cpu_ms_page']:.2f} CPU ms/page); full / fetch: {full['pps_core'] / fe['pps_core']:.2f}")
        if main.get("full_runs"):
            pairs = [(crawl_row(a), crawl_row(b)) for a, b in zip(main["full_runs"], main["fetch_runs"])]
            L.append(f"- {len(pairs)} full-pipeline crawls alternated with Scrapy-alone ones, CPU ms/page (pages/s per "
                     "core; full / fetch): " + "; ".join(
                         f"{a['cpu_ms_page']:.2f} ({a['pps_core']:.0f}; {b['cpu_ms_page'] / a['cpu_ms_page']:.2f})"
                         for a, b in pairs) + ". The table gives the median of each; the bare spider ran once.")
        L += [
              f"- wall-clock: full {full['pps_wall']:.0f} pages/s vs bare {bare['pps_wall']:.0f} pages/s "
              f"({full['pps_wall'] / bare['pps_wall']:.2f}); the replica server (one core, ~3 ms of Python per "
              "100 KB page) bounds both", "",
              "CPU ms per page of the full pipeline, by component (main-thread CPU of each component, wrapped "
              "by the benchmark; download = process CPU minus the rest):", "",
              "| component | CPU ms/page | share |", "|---|---:|---:|"]
        for name, v in split_rows(full):
            L.append(f"| {name} | {v:.2f} | {v / full['cpu_ms_page'] * 100:.0f}% |")
        L += [f"| total | {full['cpu_ms_page']:.2f} | 100% |",
              f"| (bare spider, total) | {bare['cpu_ms_page']:.2f} | |", ""]
    # 2. extraction
    ex = res.get("extraction") or {}
    if ex.get("corpus") or ex.get("replica"):
        L += ["## 2. Extraction", "", "`bench/extract_bench.py` (same process, same bytes, best of N CPU ms):", "",
              "| pages | lxml.html parse ms | extract_article ms | trafilatura ms | ours / parse | ours / trafilatura "
              "| pure Python ms (C walks off) | pure Python / parse |",
              "|---|---:|---:|---:|---:|---:|---:|---:|"]
        for name in ("corpus", "replica"):
            e = ex.get(name)
            if e:
                t, py = e["traf"], e.get("py")
                L.append(f"| {name} | {e['parse']:.2f} | {e['ours']:.2f} | {t if t is not None else '-'} | "
                         f"{e['ours'] / e['parse']:.2f} | {e['ours'] / t if t else float('nan'):.3f} | "
                         + (f"{py:.2f} | {py / e['parse']:.2f} |" if py else "- | - |"))
        L += ["", "Targets: <= 4x parse, <= 0.25x trafilatura (with the C walks, `crawler/extract/_cwalk.pyx`).", ""]
    # 3. reextract
    re_ = res.get("reextract")
    if re_:
        L += ["## 3. Re-extraction from WARC", "",
              f"`reextract` of the main crawl's WARCs into a fresh archive: {re_['records']} response records "
              f"({re_['new']} articles) in {re_['cpu_s']:.1f} CPU s / {re_['wall_s']:.1f} s wall: "
              f"**{re_['records'] / re_['cpu_s']:.0f} records/s per core** "
              f"({re_['new'] / re_['cpu_s']:.0f} articles/s), {re_['records'] / re_['wall_s']:.0f} records/s wall; "
              f"peak RSS {re_['peak_rss_mb']:.0f} MB. Reference: the full crawl of the same pages ran at "
              f"{full['pps_core']:.0f} pages/s per core, i.e. re-extraction is "
              f"{(re_['records'] / re_['cpu_s']) / full['pps_core']:.1f}x faster than re-crawling." if main else "", ""]
    # 4. store
    st = res.get("store")
    if st:
        L += ["## 4. Store", "",
              f"`archive.store_batch` in batches of 100 (upserts, images, simhash bands, URLs, frontier, FTS "
              f"maintenance), {st['n']} new articles into a fresh archive: **{st['n'] / st['cpu_s']:.0f} articles/s "
              f"per core** ({st['n'] / st['wall_s']:.0f}/s wall).", "",
              f"- on disk: {st['bytes'] / st['n'] / 1024:.1f} KB per article without captures "
              f"(text itself: {st['text_bytes'] / st['n'] / 1024:.1f} KB; the rest is FTS with folded shadow "
              "columns and 2/3-letter prefix indexes, images, bands, URLs)"]
        if main and res.get("crawl_disk"):
            d = res["crawl_disk"]
            L.append(f"- main crawl archive: {d['db'] / d['articles'] / 1024:.1f} KB per article in SQLite; with "
                     f"WARC captures (gzip, every page incl. listings): {(d['db'] + d['warc']) / d['articles'] / 1024:.1f} "
                     f"KB per article ({d['warc'] / d['pages'] / 1024:.1f} KB per captured page)")
        L.append("")
    # 5. search
    se = res.get("search") or []
    if se:
        L += ["## 5. Search", "", "20 representative queries (`bench/run.py: QUERIES`), median of 5 runs each, "
              "`archive.search(limit=20)` (ranking, filters, snippets: what `portal-archive search` does), on "
              "synthetic archives from `bench/gen_archive.py` (the archive's own migrations and FTS indexing, then "
              "`optimize`). Reference in the same run: SQLite's textbook ranked search, `MATCH ... ORDER BY "
              "bm25(...) LIMIT 20` (ids only, no filters or snippets; median of 3).", "",
              "| articles | DB MB | p50 ms | p95 ms | p50 CPU ms | p95 CPU ms | FTS5 bm25 p50 / p95 ms | "
              "ours / bm25 (p95) | target p95 < 100 ms |",
              "|---:|---:|---:|---:|---:|---:|---:|---:|---|"]
        for s in se:
            ref = f"{s['ref_p50']:.1f} / {s['ref_p95']:.1f}" if "ref_p95" in s else "-"
            ratio = f"{s['p95'] / s['ref_p95']:.2f}" if s.get("ref_p95") else "-"
            L.append(f"| {s['n']:,} | {s['db_mb']:.0f} | {s['p50']:.1f} | {s['p95']:.1f} | {s['cpu_p50']:.1f} | "
                     f"{s['cpu_p95']:.1f} | {ref} | {ratio} | {'met' if s['p95'] < 100 else 'NOT met'} |")
        big = se[-1]
        L += ["", f"Per query at {big['n']:,} articles:", "",
              "| kind | query | filters | hits | ms | CPU ms | FTS5 bm25 ms |", "|---|---|---|---:|---:|---:|---:|"]
        for r in big["rows"]:
            L.append(f"| {r['label']} | `{r['query']}` | {r['filters'] or ''} | {r['hits']} | {r['wall_ms']:.1f} | "
                     f"{r['cpu_ms']:.1f} | {r.get('ref_ms', float('nan')):.1f} |")
        L.append("")
        if res.get("search_note"):
            L += [res["search_note"], ""]
    # 6. memory
    L += ["## 6. Memory", ""]
    for sc in res.get("scales", []):
        L.append(f"- crawl of {sc['full']['pages']} pages: peak RSS {sc['full']['peak_rss_mb']:.0f} MB"
                 + (f" (bare Scrapy {sc['bare']['peak_rss_mb']:.0f} MB)" if sc.get("bare") else
                    f" ({sc.get('note', 'full pipeline only')})"))
    if res.get("jobdir"):
        j = res["jobdir"]
        L.append(f"- with `JOBDIR` (request queue on disk): {j['pages']} pages, peak RSS {j['peak_rss_mb']:.0f} MB, "
                 f"{j['cpu_s'] / j['pages'] * 1000:.2f} CPU ms/page")
    for e in res.get("export", []):
        L.append(f"- `portal-archive export` of {e['n']:,} articles: peak RSS {e['peak_rss_mb']:.0f} MB, "
                 f"{e['n'] / e['cpu_s']:.0f} articles/s per core ({e['wall_s']:.1f} s wall)")
    L += ["", "Targets: crawl < 500 MB, export constant and < 200 MB.", ""]
    # 7. scaling
    if res.get("scales"):
        L += ["## 7. Scaling", "", "| pages (full) | CPU ms/page full | CPU ms/page bare | CPU ms/page fetch only | "
              "full/bare pages/s per core | peak RSS full MB |", "|---:|---:|---:|---:|---:|---:|"]
        for sc in res["scales"]:
            f = crawl_row(sc["full"])
            b = crawl_row(sc["bare"]) if sc.get("bare") else None
            bare_ms = f"{b['cpu_ms_page']:.2f}" if b else "-"
            ratio = f"{f['pps_core'] / b['pps_core']:.2f}" if b else "-"
            fetch_ms = f"{crawl_row(sc['fetch'])['cpu_ms_page']:.2f}" if sc.get("fetch") else "-"
            L.append(f"| {f['pages']} | {f['cpu_ms_page']:.2f} | {bare_ms} | {fetch_ms} | {ratio} | "
                     f"{f['peak_rss_mb']:.0f} |")
        L.append("")
    if res.get("extra"):
        L += [res["extra"], ""]
    path.write_text("\n".join(L) + "\n", encoding="utf-8")


def _extra_scales(paths: list[str]) -> list[dict]:
    """Full-pipeline-only crawls (``--extra-scale``), as scale entries without bare/fetch runs."""
    out = []
    for p in paths:
        full = json.loads(Path(p).read_text(encoding="utf-8"))
        out.append({"articles": full.get("articles_new"), "full": full,
                    "note": f"full pipeline only, a separate run: {Path(p).parent.name}"})
    return sorted(out, key=lambda sc: sc["full"]["pages"])


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scales", default="1000,6000", help="crawl sizes in articles (the largest is the main one)")
    ap.add_argument("--search", default="10000,100000,1000000",
                    help="synthetic archive sizes for search/export (generated once, then cached in bench/out)")
    ap.add_argument("--jobdir", action="store_true", help="also crawl the largest scale with JOBDIR")
    ap.add_argument("--extract-repeat", type=int, default=5)
    ap.add_argument("--crawl-repeat", type=int, default=3,
                    help="full-pipeline and Scrapy-alone crawls of the main scale, alternated; the median of each "
                         "is reported (this shared machine's speed drifts 20-40 %% within minutes)")
    ap.add_argument("--out", default=str(ROOT / "bench" / "RESULTS.md"))
    ap.add_argument("--extra-scale", action="append", default=[], metavar="RESULT.json",
                    help="a full-pipeline-only crawl (the RESULT line of bench/crawl_bench.py, saved as JSON) to "
                         "add to the memory and scaling tables, e.g. a 50,000-page crawl run on its own")
    ap.add_argument("--rewrite", action="store_true",
                    help="only rewrite RESULTS.md from bench/out/results.json (no measurement)")
    ap.add_argument("--append", default=str(ROOT / "bench" / "BEFORE_AFTER.md"),
                    help="a Markdown file appended to RESULTS.md (default: bench/BEFORE_AFTER.md, the before/after "
                         "record of the optimisations)")
    args = ap.parse_args(argv)
    OUT.mkdir(parents=True, exist_ok=True)
    if args.rewrite:
        res = json.loads((OUT / "results.json").read_text(encoding="utf-8"))
        res["scales"] = [sc for sc in res["scales"] if sc.get("bare")] + _extra_scales(args.extra_scale)
        res["extra"] = Path(args.append).read_text(encoding="utf-8") if args.append and Path(args.append).is_file() else None
        write_results(res, Path(args.out))
        log(f"rewrote {args.out}")
        return 0
    res = {"machine": machine(), "load_start": loadavg(), "scales": []}
    scales = sorted(int(x) for x in args.scales.split(",") if x)
    for i, n in enumerate(scales):
        per = -(-n // len(SLUGS))
        with ReplicaProcess(per, 18701 + 10 * i) as rep:
            log(f"crawl {per * len(SLUGS)} articles: bare spider")
            bare = crawl("bare", rep.base_urls, OUT / f"crawl-{n}-bare")
            log(f"crawl {per * len(SLUGS)} articles: full pipeline")
            full = crawl("full", rep.base_urls, OUT / f"crawl-{n}-full")
            log(f"fetch the same {full['pages']} pages, no parsing (Scrapy's own floor)")
            fetch = crawl("fetch", rep.base_urls, OUT / f"crawl-{n}-fetch", urls=OUT / f"crawl-{n}-full" / "warc")
            sc = {"articles": per * len(SLUGS), "full": full, "bare": bare, "fetch": fetch}
            if n == scales[-1] and args.crawl_repeat > 1:
                fulls, fetches = [full], [fetch]
                for k in range(2, args.crawl_repeat + 1):
                    log(f"repeat {k}/{args.crawl_repeat}: full pipeline, then Scrapy alone")
                    fulls.append(crawl("full", rep.base_urls, OUT / f"crawl-{n}-full-{k}"))
                    fetches.append(crawl("fetch", rep.base_urls, OUT / f"crawl-{n}-fetch-{k}",
                                         urls=OUT / f"crawl-{n}-full" / "warc"))
                sc.update(full_runs=fulls, fetch_runs=fetches, full=_median_run(fulls), fetch=_median_run(fetches))
                full = sc["full"]
            res["scales"].append(sc)
            if n == scales[-1]:
                res["crawl_main"] = sc
                if args.jobdir:
                    log("crawl with JOBDIR")
                    res["jobdir"] = crawl("full", rep.base_urls, OUT / f"crawl-{n}-jobdir", jobdir=True)
        log(f"  full {full['pages']} pages {full['cpu_s']:.1f} CPU s; bare {bare['pages']} pages {bare['cpu_s']:.1f} CPU s")
    log("scrapy bench")
    res["scrapy_bench"] = scrapy_bench()
    if scales:
        main_dir = OUT / f"crawl-{scales[-1]}-full"
        warc = sum(p.stat().st_size for p in (main_dir / "warc").glob("*.warc.gz"))
        dbp = main_dir / "archive.db"
        conn = sqlite3.connect(dbp)
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        articles = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
        conn.close()
        res["crawl_disk"] = {"db": dbp.stat().st_size, "warc": warc, "articles": articles,
                             "pages": res["crawl_main"]["full"]["pages"]}
        log("reextract")
        res["reextract"] = reextract_bench(main_dir)
    log("extraction")
    res["extraction"] = extraction(args.extract_repeat)
    log("store")
    res["store"] = store_bench()
    res["search"], res["export"] = [], []
    for n in sorted(int(x) for x in args.search.split(",") if x):
        res["search"].append(search_bench(n))
        log(f"  search {n}: p50 {res['search'][-1]['p50']:.1f} ms p95 {res['search'][-1]['p95']:.1f} ms")
        res["export"].append(export_bench(n))
    res["scales"] += _extra_scales(args.extra_scale)
    res["load_end"] = loadavg()
    if args.append and Path(args.append).is_file():
        res["extra"] = Path(args.append).read_text(encoding="utf-8")
    (OUT / "results.json").write_text(json.dumps(res, indent=1, default=str), encoding="utf-8")
    write_results(res, Path(args.out))
    log(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
