"""Extraction speed: ms/page for the bare ``lxml.html`` parse, our ``extract_article`` and trafilatura's
``bare_extraction``, over the corpus pages and (when ``replica.server`` exists) the replica article pages.

    python bench/extract_bench.py [--repeat N] [--no-replica] [--no-trafilatura]

Each figure is the best of N runs of that page (default 9) in process CPU time (``time.process_time``: a
shared machine's other load does not count against us), so the three columns are measured in the same
process, on the same bytes; the ratios are per page and over the totals.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import lxml.html  # noqa: E402

from crawler.extract.article import extract_article  # noqa: E402
from crawler.evaluate import corpus_dir  # noqa: E402


def best_ms(fn, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.process_time()
        fn()
        best = min(best, time.process_time() - t0)
    return best * 1000


def corpus_pages() -> list[tuple[str, bytes, str, object]]:
    corpus = corpus_dir()
    out = []
    for gold_path in sorted((corpus / "gold").glob("*.json")):
        page = corpus / "pages" / (gold_path.stem + ".html")
        if page.is_file():
            url = json.loads(gold_path.read_text(encoding="utf-8")).get("url") or ""
            out.append((gold_path.stem, page.read_bytes(), url, None))
    return out


def replica_pages(per_portal: int = 5) -> list[tuple[str, bytes, str, object]]:
    """A few article pages of each replica portal, fetched from a locally started replica."""
    try:
        import replica
        from replica import server
        from crawler.profiles import load_profile
    except ImportError:
        return []
    out = []
    for slug in getattr(replica, "PORTALS", ()):
        try:
            profile = load_profile(slug)
        except Exception:
            continue
        live = server.start([slug])
        try:
            base = live.base_urls[slug]
            for art in live.sites[slug].articles[:per_portal]:
                url = base + art["path"]
                with urllib.request.urlopen(url, timeout=10) as resp:
                    out.append((f"{slug}{art['path'][:40]}", resp.read(), url, profile))
        finally:
            stop = getattr(live, "stop", None) or getattr(live, "close", None)
            if stop:
                stop()
    return out


def trafilatura_fn():
    try:
        from trafilatura import bare_extraction
    except ImportError:
        return None

    def run(html: bytes, url: str):
        return bare_extraction(html.decode("utf-8", errors="replace"), url=url, with_metadata=True,
                               include_comments=False, include_tables=True)
    return run


def bench(pages, repeat: int, traf) -> list[tuple[str, float, float, float | None]]:
    """(page, parse, ours, trafilatura) in ms."""
    rows = []
    for name, html, url, profile in pages:
        parse = best_ms(lambda: lxml.html.document_fromstring(html), repeat)
        ours = best_ms(lambda: extract_article(html, url, profile), repeat)
        theirs = best_ms(lambda: traf(html, url), max(1, repeat // 2)) if traf else None
        rows.append((name, parse, ours, theirs))
    return rows


def report(title: str, rows) -> None:
    if not rows:
        return
    print(f"\n{title}")
    head = f"{'page':44} {'parse':>7} {'ours':>7} {'traf':>7} {'ours/parse':>11} {'ours/traf':>10}"
    print(head)
    print("-" * len(head))
    for name, p, o, t in rows:
        ts = f"{t:7.2f}" if t is not None else "      -"
        rt = f"{o / t:10.3f}" if t else "         -"
        print(f"{name[:44]:44} {p:7.2f} {o:7.2f} {ts} {o / p:11.2f} {rt}")
    print("-" * len(head))
    P, O = sum(r[1] for r in rows), sum(r[2] for r in rows)
    T = sum(r[3] for r in rows) if all(r[3] is not None for r in rows) else None
    n = len(rows)
    ts = f"{T / n:7.2f}" if T else "      -"
    rt = f"{O / T:10.3f}" if T else "         -"
    print(f"{'MEAN ms/page (ratios of totals)':44} {P / n:7.2f} {O / n:7.2f} {ts} {O / P:11.2f} {rt}")
    print(f"{'worst page ratio':44} {'':7} {'':7} {'':7} {max(r[2] / r[1] for r in rows):11.2f} "
          + (f"{max(r[2] / r[3] for r in rows):10.3f}" if T else ""))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=9)
    ap.add_argument("--no-replica", action="store_true")
    ap.add_argument("--no-trafilatura", action="store_true")
    args = ap.parse_args(argv)
    traf = None if args.no_trafilatura else trafilatura_fn()
    print(f"python {sys.version.split()[0]}, lxml {'.'.join(map(str, lxml.etree.LXML_VERSION))}, "
          f"{os.cpu_count()} cores; best of {args.repeat} runs per page, CPU ms")
    pages = corpus_pages()
    for _, html, url, profile in pages:  # warm caches (compiled expressions, imports)
        extract_article(html, url, profile)
    report("corpus", bench(pages, args.repeat, traf))
    if not args.no_replica:
        rep = replica_pages()
        if rep:
            for _, html, url, profile in rep:
                extract_article(html, url, profile)
            report("replica", bench(rep, args.repeat, traf))
        else:
            print("\nreplica: not available (replica.server or its profiles missing)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
