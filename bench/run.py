"""``make bench``: each benchmark beside its reference, measured in one run; writes ``bench/results.json``
(machine, date, git commit, every figure and ratio, each target met or not) and prints a short table.

    python bench/run.py                   # the full run (the first one also generates the synthetic archives)
    python bench/run.py --quick           # a small run that checks the benchmark itself works (figures mean little)
    python bench/run.py --show            # print the table of an existing bench/results.json

Crawls run in their own processes pinned with ``taskset`` to core 0, the replica server (``python -m
replica --large-pages``) to core 1 (when the machine has two cores or more). CPU figures are process CPU
time (``getrusage``), which other load on a shared machine distorts far less than wall time. The speed of
a shared machine still drifts, so the main scale's full-pipeline and Scrapy-alone crawls run
``--crawl-repeat`` times, alternated, and each figure is the median run (all runs are kept in the JSON).
Figures are compared as ratios to a reference measured in the same run; none of this runs in the tests.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
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
            "pinned": PINNED}


def git_commit() -> dict:
    """The checkout measured: commit and whether it had uncommitted changes."""
    def git(*args):
        proc = subprocess.run(["git", *args], capture_output=True, text=True, cwd=ROOT)
        return proc.stdout.strip() if proc.returncode == 0 else None
    return {"commit": git("rev-parse", "HEAD"), "dirty": bool(git("status", "--porcelain", "--untracked-files=no"))}


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
    """Mean ms/page of the ``lxml.html`` parse, ``extract_article`` and trafilatura (``bench/extract_bench.py``)."""
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


def recrawl_bench(articles: int, new: int = 10, slug: str = "travinh-replica") -> dict:
    """HTTP requests of re-crawls of one replica portal of ``articles`` articles (served in this process): after
    the first crawl (a full sweep), unchanged, then after ``new`` articles were published. The reference is what
    a re-crawl fetched when every run read every listing page: robots.txt, the home page and every listing page
    (counted on the replica's ground truth)."""
    from replica import server

    out = OUT / "recrawl"
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    script = Path(PY).with_name("portal-archive")
    with server.start([slug], articles=articles) as rep:
        site = rep.sites[slug]

        def run(*extra) -> dict:
            subprocess.run([str(script), "crawl", slug, "--db", str(out / "archive.db"), "--base-url",
                            rep.base_urls[slug], "--log-level", "ERROR", "--no-images", *extra], check=True, cwd=ROOT,
                           stdout=subprocess.DEVNULL)
            conn = sqlite3.connect(out / "archive.db")
            row = conn.execute("SELECT requests, articles_new, full FROM crawl_runs ORDER BY id DESC LIMIT 1"
                               ).fetchone()
            conn.close()
            return {"requests": row[0], "articles_new": row[1], "full": row[2]}

        first = run()
        unchanged = run()
        site.publish(new)
        after_new = run()
        every_listing = 2 + sum(site.family.pages(c) for c in site.categories)  # before this run's publish: same
    return {"articles": articles, "sections": len(site.categories), "first": first, "unchanged": unchanged,
            "after_new": after_new, "new": new, "every_listing_page": every_listing}


def store_bench(n: int = 5000) -> dict:
    """``archive.store_batch`` of article records (batches of 100: upserts, images, simhash bands, URLs,
    frontier, FTS maintenance) into a fresh archive; on-disk bytes per article."""
    code = r"""
import json, random, sys, time, hashlib
from pathlib import Path
sys.path.insert(0, 'bench')
from gen_archive import Text
from portal_archive import archive
from portal_archive.archive.stories import simhash
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


def quality_bench(n: int) -> dict:
    """Ranking quality on the realistic corpus of ``n`` articles (``bench/search_quality.py``): overlap@10
    with the exact ranking of the project's own score and latency per query (with the candidate index, built
    first), beside the FTS5 path and the former recency pool."""
    log(f"search quality: generating/reusing archive-realistic-{n}.db")
    subprocess.run([PY, "bench/gen_archive.py", str(n), "--realistic"], check=True, cwd=ROOT,
                   stdout=subprocess.DEVNULL)
    if not (OUT / f"archive-realistic-{n}.db.files" / "search-index").is_dir():  # measured with the candidate index
        subprocess.run([PY, "-m", "portal_archive.cli.main", "reindex", "--db", str(OUT / f"archive-realistic-{n}.db")],
                       check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
    cmd = [PY, "bench/search_quality.py", str(OUT / f"archive-realistic-{n}.db")]
    proc = subprocess.run(pin(0, cmd), capture_output=True, text=True, cwd=ROOT)
    if proc.returncode:
        raise RuntimeError(proc.stderr[-2000:])
    return {"n": n, **json.loads(proc.stdout)}


def _p95(values):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(0.95 * (len(values) - 1))))]


def export_bench(n: int) -> dict:
    path = OUT / f"archive-{n}.db"
    cli = str(Path(PY).with_name("portal-archive"))
    rc, cpu, rss, wall = wait4_child(pin(0, [cli, "export", "--db", str(path), "-o", "/dev/null"]))
    return {"n": n, "rc": rc, "cpu_s": cpu, "wall_s": wall, "peak_rss_mb": rss}


# --------------------------------------------------------------------------------------------- summary
def _median_run(runs: list[dict]) -> dict:
    """The run of median CPU time per page (the upper one of an even count)."""
    return sorted(runs, key=lambda r: r["cpu_s"] / (r["pages"] or 1))[len(runs) // 2]


def crawl_row(r: dict) -> dict:
    pages = r["pages"] or 1
    return {"pages": r["pages"], "cpu_ms_per_page": r["cpu_s"] / pages * 1000, "pages_per_s_per_core": pages / r["cpu_s"],
            "pages_per_s_wall": pages / r["wall_s"], "peak_rss_mb": r["peak_rss_mb"]}


def split_ms(r: dict) -> dict:
    """CPU ms per page of the full pipeline by component (download: the process CPU time minus the rest)."""
    s, pages = r["split_cpu_s"], r["pages"] or 1
    parse, extract = s.get("parse", 0.0), s.get("extract", 0.0)
    accounted = parse + s.get("warc", 0.0) + s.get("normalize_dedup", 0.0) + s.get("store", 0.0)
    ms = lambda v: v / pages * 1000  # noqa: E731
    return {"download": ms(r["cpu_s"] - accounted), "warc": ms(s.get("warc", 0.0)), "extract": ms(extract),
            "links": ms(parse - extract), "normalize_dedup": ms(s.get("normalize_dedup", 0.0)),
            "store": ms(s.get("store", 0.0))}


def _target(name: str, value, op: str, limit: float, unit: str = "") -> dict:
    met = None if value is None else (value >= limit if op == ">=" else value < limit if op == "<" else value <= limit)
    return {"name": name, "value": value, "target": f"{op} {limit:g}{unit}", "met": met}


def summarize(res: dict) -> dict:
    """Figures, ratios (each against its reference of the same run) and targets from the raw measurements."""
    fig, ratios, targets = {}, {}, []
    main = res.get("crawl_main")
    if main:
        full, bare = crawl_row(main["full"]), crawl_row(main["bare"])
        fig["crawl_full"], fig["crawl_bare"] = full, bare
        fig["crawl_full_split_cpu_ms_per_page"] = split_ms(main["full"])
        if main.get("fetch"):
            fig["crawl_fetch"] = crawl_row(main["fetch"])
            ratios["crawl_full_over_fetch"] = full["pages_per_s_per_core"] / fig["crawl_fetch"]["pages_per_s_per_core"]
        if main.get("full_runs"):
            fig["crawl_full_runs_cpu_ms_per_page"] = [crawl_row(r)["cpu_ms_per_page"] for r in main["full_runs"]]
            fig["crawl_fetch_runs_cpu_ms_per_page"] = [crawl_row(r)["cpu_ms_per_page"] for r in main["fetch_runs"]]
        ratios["crawl_full_over_bare"] = full["pages_per_s_per_core"] / bare["pages_per_s_per_core"]
        targets.append(_target("crawl: full pipeline / bare Scrapy spider, pages/s per core",
                               ratios["crawl_full_over_bare"], ">=", 0.6))
        targets.append(_target("crawl: full pipeline, pages/s per core", full["pages_per_s_per_core"], ">=", 150))
    if res.get("scrapy_bench"):
        fig["scrapy_bench_pages_per_s"] = res["scrapy_bench"]["pages_per_s"]
    for name in ("corpus", "replica"):
        e = (res.get("extraction") or {}).get(name)
        if e:
            fig[f"extract_{name}_ms"] = {"lxml_parse": e["parse"], "extract_article": e["ours"], "trafilatura": e["traf"]}
            ratios[f"extract_{name}_over_parse"] = e["ours"] / e["parse"]
            targets.append(_target(f"extraction ({name} pages) / lxml.html parse", ratios[f"extract_{name}_over_parse"],
                                   "<=", 4))
            if e["traf"]:
                ratios[f"extract_{name}_over_trafilatura"] = e["ours"] / e["traf"]
                targets.append(_target(f"extraction ({name} pages) / trafilatura",
                                       ratios[f"extract_{name}_over_trafilatura"], "<=", 0.25))
    re_ = res.get("reextract")
    if re_:
        fig["reextract"] = {"records": re_["records"], "records_per_s_per_core": re_["records"] / re_["cpu_s"],
                            "articles_per_s_per_core": re_["new"] / re_["cpu_s"], "peak_rss_mb": re_["peak_rss_mb"]}
        if main:
            ratios["reextract_over_crawl"] = fig["reextract"]["records_per_s_per_core"] / \
                fig["crawl_full"]["pages_per_s_per_core"]
    st = res.get("store")
    if st:
        fig["store"] = {"articles": st["n"], "articles_per_s_per_core": st["n"] / st["cpu_s"],
                        "kb_per_article": st["bytes"] / st["n"] / 1024, "text_kb_per_article": st["text_bytes"] / st["n"] / 1024}
    rc = res.get("recrawl")
    if rc:
        fig["recrawl"] = {"articles": rc["articles"], "sections": rc["sections"],
                          "unchanged_requests": rc["unchanged"]["requests"],
                          "every_listing_page_requests": rc["every_listing_page"],
                          f"after_{rc['new']}_new_requests": rc["after_new"]["requests"]}
        ratios["recrawl_unchanged_over_every_listing_page"] = rc["unchanged"]["requests"] / rc["every_listing_page"]
        targets.append(_target(f"unchanged re-crawl requests, {rc['articles']:,}-article portal (3,000 for the "
                               f"target)", rc["unchanged"]["requests"], "<=", 15))
    d = res.get("crawl_disk")
    if d and d["articles"]:
        fig["crawl_disk"] = {"sqlite_kb_per_article": d["db"] / d["articles"] / 1024,
                             "with_warc_kb_per_article": (d["db"] + d["warc"]) / d["articles"] / 1024,
                             "warc_kb_per_page": d["warc"] / max(d["pages"], 1) / 1024}
    for s in res.get("search") or []:
        fig[f"search_{s['n']}"] = {"db_mb": s["db_mb"], "p50_ms": s["p50"], "p95_ms": s["p95"],
                                   "cpu_p50_ms": s["cpu_p50"], "cpu_p95_ms": s["cpu_p95"],
                                   "fts5_bm25_p50_ms": s["ref_p50"], "fts5_bm25_p95_ms": s["ref_p95"]}
        if s["ref_p95"]:
            ratios[f"search_{s['n']}_p95_over_fts5_bm25_p95"] = s["p95"] / s["ref_p95"]
    if res.get("search"):
        big = res["search"][-1]
        targets.append(_target(f"search p95 on {big['n']:,} articles (1,000,000 in the full run)", big["p95"],
                               "<", 100, " ms"))
    for s in res.get("search_quality") or []:
        fig[f"quality_{s['n']}"] = {k: s.get(k) for k in ("overlap_avg", "overlap_min", "old_overlap_avg", "p50_ms",
                                                           "p95_ms", "cpu_p50_ms", "cpu_p95_ms", "candidate_index",
                                                           "fts_overlap_avg", "fts_cpu_p50_ms", "fts_cpu_p95_ms")}
        targets.append(_target(f"search overlap@10 with the exact ranking, average, {s['n']:,} realistic articles",
                               s["overlap_avg"], ">=", 0.95))
        targets.append(_target(f"search overlap@10 with the exact ranking, worst query, {s['n']:,} realistic "
                               "articles", s["overlap_min"], ">=", 0.8))
    for e in res.get("export") or []:
        fig[f"export_{e['n']}"] = {"peak_rss_mb": e["peak_rss_mb"], "articles_per_s_per_core": e["n"] / e["cpu_s"]}
    if res.get("export"):
        targets.append(_target("export peak RSS, largest archive", max(e["peak_rss_mb"] for e in res["export"]),
                               "<", 200, " MB"))
    scales = res.get("scales") or []
    for sc in scales:
        fig[f"crawl_{sc['full']['pages']}_pages"] = {"full": crawl_row(sc["full"]),
                                                     **({"bare": crawl_row(sc["bare"])} if sc.get("bare") else {}),
                                                     **({"fetch": crawl_row(sc["fetch"])} if sc.get("fetch") else {})}
    if res.get("jobdir"):
        fig["crawl_jobdir"] = crawl_row(res["jobdir"])
    if scales:
        big = max(scales, key=lambda sc: sc["full"]["pages"])
        targets.append(_target(f"crawl peak RSS at {big['full']['pages']:,} pages (50,000 for the target)",
                               big["full"]["peak_rss_mb"], "<", 500, " MB"))
    return {"figures": fig, "ratios": ratios, "targets": targets}


def render_table(doc: dict) -> str:
    """A short Markdown summary of ``bench/results.json``: the headline figures and the targets."""
    m, fig, ratios = doc["machine"], doc["figures"], doc["ratios"]
    commit = (doc.get("git") or {}).get("commit") or "?"
    L = [f"Benchmarks of {commit[:10]}{' (uncommitted changes)' if (doc.get('git') or {}).get('dirty') else ''}, "
         f"{doc['date']}: {m['cpu']}, {m['cores']} cores, Python {m['python']}, Scrapy {m['scrapy']}, "
         f"SQLite {m['sqlite']}" + (" (quick run: figures mean little)" if doc.get("quick") else ""), "",
         "| figure | value |", "|---|---:|"]

    def row(label, value, fmt="{:.2f}"):
        if value is not None:
            L.append(f"| {label} | {fmt.format(value)} |")

    if "crawl_full" in fig:
        f = fig["crawl_full"]
        row(f"crawl, full pipeline: pages/s per core ({f['pages']} pages)", f["pages_per_s_per_core"], "{:.0f}")
        row("crawl, full pipeline: CPU ms/page", f["cpu_ms_per_page"])
        row("crawl, bare Scrapy spider: CPU ms/page", fig["crawl_bare"]["cpu_ms_per_page"])
        if "crawl_fetch" in fig:
            row("crawl, Scrapy alone (fetch only): CPU ms/page", fig["crawl_fetch"]["cpu_ms_per_page"])
    for name in ("corpus", "replica"):
        if f"extract_{name}_ms" in fig:
            row(f"extraction ({name}): ms/page", fig[f"extract_{name}_ms"]["extract_article"])
    if "reextract" in fig:
        row("re-extraction from WARC: records/s per core", fig["reextract"]["records_per_s_per_core"], "{:.0f}")
    if "store" in fig:
        row("store: articles/s per core", fig["store"]["articles_per_s_per_core"], "{:.0f}")
    if "recrawl" in fig:
        r = fig["recrawl"]
        row(f"re-crawl of an unchanged {r['articles']:,}-article portal: requests (every listing page: "
            f"{r['every_listing_page_requests']})", r["unchanged_requests"], "{:d}")
        for key in (k for k in r if k.startswith("after_")):
            row(f"re-crawl after {key.split('_')[1]} new articles: requests", r[key], "{:d}")
    for key in sorted((k for k in fig if k.startswith("search_")), key=lambda k: int(k.split("_")[1])):
        row(f"search p95 ms, {int(key.split('_')[1]):,} articles", fig[key]["p95_ms"], "{:.1f}")
    for key in sorted((k for k in fig if k.startswith("quality_")), key=lambda k: int(k.split("_")[1])):
        q = fig[key]
        L.append(f"| search overlap@10 with the exact ranking, {int(key.split('_')[1]):,} realistic articles "
                 f"(average / worst / former pool) | {q['overlap_avg']:.3f} / {q['overlap_min']:.2f} / "
                 f"{q['old_overlap_avg']:.3f} |")
        row(f"search CPU p95 ms, {int(key.split('_')[1]):,} realistic articles", q["cpu_p95_ms"], "{:.1f}")
    for key, value in ratios.items():
        row(f"ratio {key}", value)
    L += ["", "| target | value | target | met |", "|---|---:|---|---|"]
    for t in doc["targets"]:
        value = "-" if t["value"] is None else f"{t['value']:.2f}"
        L.append(f"| {t['name']} | {value} | {t['target']} | {'-' if t['met'] is None else 'yes' if t['met'] else 'NO'} |")
    return "\n".join(L)


def write_results(res: dict, path: Path, quick: bool = False) -> dict:
    """``path`` (JSON): machine, date, commit, load, figures, ratios, targets and the raw measurements."""
    doc = {"machine": res["machine"], "date": res["machine"]["date"], "git": res.get("git"), "quick": quick,
           "load": {"start": res.get("load_start"), "end": res.get("load_end")},
           **summarize(res), "measurements": res}
    path.write_text(json.dumps(doc, indent=1, ensure_ascii=False, default=str) + "\n", encoding="utf-8")
    return doc


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
    ap.add_argument("--quality", default="100000",
                    help="realistic archive sizes for ranking quality (overlap@10 with the exact ranking; the "
                         "exact reference scores every match: slow)")
    ap.add_argument("--jobdir", action="store_true", help="also crawl the largest scale with JOBDIR")
    ap.add_argument("--extract-repeat", type=int, default=5)
    ap.add_argument("--crawl-repeat", type=int, default=3,
                    help="full-pipeline and Scrapy-alone crawls of the main scale, alternated; the median of each "
                         "is reported")
    ap.add_argument("--store", type=int, default=5000, help="articles written by the store benchmark")
    ap.add_argument("--recrawl", type=int, default=3000, help="articles of the portal whose re-crawls are counted")
    ap.add_argument("--scrapy-bench-seconds", type=int, default=20)
    ap.add_argument("--quick", action="store_true",
                    help="a small run that checks the benchmark works (about a minute): --scales 90 --search 300 "
                         "--crawl-repeat 1 --extract-repeat 1 --store 300 --scrapy-bench-seconds 3 --recrawl 300")
    ap.add_argument("--out", default=str(ROOT / "bench" / "results.json"))
    ap.add_argument("--extra-scale", action="append", default=[], metavar="RESULT.json",
                    help="a full-pipeline-only crawl (the RESULT line of bench/crawl_bench.py, saved as JSON) to "
                         "add to the memory figures, e.g. a 50,000-page crawl run on its own")
    ap.add_argument("--show", action="store_true", help="print the table of an existing --out file (no measurement)")
    args = ap.parse_args(argv)
    if args.quick:
        args.scales, args.search, args.crawl_repeat, args.extract_repeat = "90", "300", 1, 1
        args.quality = "300"
        args.store, args.scrapy_bench_seconds, args.recrawl = 300, 3, 300
    out_path = Path(args.out)
    if args.show:
        print(render_table(json.loads(out_path.read_text(encoding="utf-8"))))
        return 0
    OUT.mkdir(parents=True, exist_ok=True)
    res = {"machine": machine(), "git": git_commit(), "load_start": loadavg(), "scales": []}
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
    res["scrapy_bench"] = scrapy_bench(args.scrapy_bench_seconds)
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
    res["store"] = store_bench(args.store)
    log(f"re-crawl requests, {args.recrawl} articles")
    res["recrawl"] = recrawl_bench(args.recrawl)
    res["search"], res["export"] = [], []
    for n in sorted(int(x) for x in args.search.split(",") if x):
        res["search"].append(search_bench(n))
        log(f"  search {n}: p50 {res['search'][-1]['p50']:.1f} ms p95 {res['search'][-1]['p95']:.1f} ms")
        res["export"].append(export_bench(n))
    res["search_quality"] = [quality_bench(n) for n in sorted(int(x) for x in args.quality.split(",") if x)]
    res["scales"] += _extra_scales(args.extra_scale)
    res["load_end"] = loadavg()
    doc = write_results(res, out_path, quick=args.quick)
    log(f"wrote {out_path}")
    print(render_table(doc))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
