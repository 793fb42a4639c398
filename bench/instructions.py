"""Instructions per page of a whole benchmark crawl, counted by valgrind's cachegrind: an A/B measure that the
speed drift of a shared machine (20-40 % within minutes) cannot blur.

    python bench/instructions.py [--articles 334] [--code DIR ...]      (make bench-instructions)

Starts one replica (``--articles`` per portal), then under cachegrind: the full pipeline of each ``--code``
checkout (default: this one; give an older clone to compare, e.g. ``git worktree add /tmp/old REV``, with the
built ``_cwalk`` module copied in), Scrapy alone on the same page URLs (``--mode fetch``), and a crawl of no page
(startup and shutdown, subtracted from the others). Prints per-page instructions and their ratio to Scrapy alone.
Counts are user-space only (the download path's kernel time is not in them) and run ~50x slower than a normal
crawl: ~5 minutes for the default ~1,100 pages. Needs ``valgrind`` (``apt-get install valgrind``).
"""
from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import PY, ROOT, ReplicaProcess  # noqa: E402

# the crawler runs ~50x slower under valgrind: fewer pages in flight, so that none waits for its timeout
SLOW_SETTINGS = ["--set", "CONCURRENT_REQUESTS=8", "--set", "CONCURRENT_REQUESTS_PER_DOMAIN=4",
                 "--set", "DOWNLOAD_TIMEOUT=900"]
_REFS = re.compile(r"I\s+refs:\s+([\d,]+)")


def counted_crawl(code: Path, mode: str, base_urls: dict, out: Path, extra: list[str]) -> tuple[int, int]:
    """(instructions, pages) of one ``bench/crawl_bench.py`` run of the checkout ``code`` under cachegrind."""
    shutil.rmtree(out, ignore_errors=True)
    cmd = ["valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null",
           PY, "bench/crawl_bench.py", "--mode", mode, "--base-urls", json.dumps(base_urls), "--out", str(out),
           *SLOW_SETTINGS, *extra]
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=code)
    refs = _REFS.search(proc.stderr)
    results = [line for line in proc.stdout.splitlines() if line.startswith("RESULT ")]
    if refs is None or not results:
        raise SystemExit(f"error: the {mode} crawl of {code} failed: {proc.stderr.strip()[-500:]}")
    return int(refs.group(1).replace(",", "")), json.loads(results[-1][7:])["pages"]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=334, help="articles per replica portal (default 334)")
    ap.add_argument("--code", action="append", type=Path, metavar="DIR",
                    help="a checkout whose full pipeline to count (repeatable; default: this one)")
    args = ap.parse_args(argv)
    if shutil.which("valgrind") is None:
        print("error: valgrind is not installed (apt-get install valgrind)", file=sys.stderr)
        return 2
    codes = [c.resolve() for c in args.code or [ROOT]]
    for code in codes:
        if not (code / "bench" / "crawl_bench.py").is_file():
            print(f"error: {code} is not a portal-archive checkout", file=sys.stderr)
            return 2
    with tempfile.TemporaryDirectory(prefix="pa-instr-") as tmp, ReplicaProcess(args.articles, 19901) as rep:
        tmp = Path(tmp)
        with ThreadPoolExecutor(max_workers=2) as pool:  # valgrind runs one thread: two crawls at once
            fulls = list(pool.map(lambda ic: counted_crawl(ic[1], "full", rep.base_urls, tmp / f"full{ic[0]}", []),
                                  enumerate(codes)))
            (tmp / "none.json").write_text("{}", encoding="utf-8")
            fetch, empty = pool.map(lambda a: counted_crawl(ROOT, "fetch", rep.base_urls, tmp / a[0], a[1]),
                                    [("fetch", ["--urls", str(tmp / "full0" / "warc")]),
                                     ("empty", ["--urls", str(tmp / "none.json")])])
    base = empty[0]
    floor = (fetch[0] - base) / fetch[1]
    print(f"{'crawl':<48} {'pages':>6} {'instructions':>16} {'per page':>12} {'/ Scrapy alone':>15}")
    print(f"{'no page (startup + shutdown)':<48} {0:>6} {base:>16,}")
    print(f"{'Scrapy alone (--mode fetch, same URLs)':<48} {fetch[1]:>6} {fetch[0]:>16,} {floor:>12,.0f} {1:>15.2f}")
    for code, (refs, pages) in zip(codes, fulls):
        per = (refs - base) / pages
        print(f"{'full pipeline: ' + str(code):<48} {pages:>6} {refs:>16,} {per:>12,.0f} {per / floor:>15.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
