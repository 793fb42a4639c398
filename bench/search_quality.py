"""Ranking quality of ``archive.search``: overlap of its top 10 with the exact top 10 of its own scoring.

    python bench/search_quality.py ARCHIVE.db [--pool 250]

For each query, on one archive, in one run: the *exact* ranking (every match of each exactness class
scored with ``ranking.Scorer``, the same scorer and tie-breaks as ``search``: slow, offline), today's
``search`` (candidates from the archive's candidate index when it has one, re-ranked), the FTS5 path
(``fts_*``: ``bm25()`` candidates re-ranked, as without a candidate index) and the former recency pool (the ``RANK_POOL`` most
recently archived matches plus the most recent with a title hit), each with its overlap@10 with the
exact top 10 and its latency: ``ms``/``cpu_ms`` for a whole ``search`` (snippets included; median of 3,
wall and process CPU time: SQLite runs in the process, and a shared machine's load distorts CPU time far
less), ``rank_cpu_ms`` and ``old_cpu_ms`` for choosing and ranking the top 10 only, today's way and the
former one. Prints one JSON document.
"""
from __future__ import annotations

import argparse
import json
import statistics
import sqlite3
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import sqlite_utils  # noqa: E402

from portal_archive import archive  # noqa: E402
from portal_archive.archive import fulltext, search_index  # noqa: E402


def _exact(db, q, filters, params, query, scorer, k):
    """The exact top ``k`` (id, exact): every match of each class scored."""
    out = []
    for exact, expr in fulltext._classes(q):
        ids = list(fulltext._matches(db, expr, filters, params, query))
        scored = {}
        for start in range(0, len(ids), 5000):
            scored.update(fulltext._scored(db, scorer, ids[start:start + 5000]))
        out += [(i, exact) for i in fulltext.in_rank_order(ids, scored)]
        if len(out) >= k:
            break
    return out[:k]


def _recency_pool(db, q, filters, params, query, scorer, k, pool_size):
    """The former rule: the newest ``pool_size`` matches and newest ``pool_size`` title hits, re-ranked."""
    out = []
    for exact, expr in fulltext._classes(q):
        newest = list(fulltext._matches(db, expr, filters, params, query, pool_size))
        heavy = fulltext._expand_prefixes(db, " OR ".join(
            f'{{title_folded captions_folded byline_folded}} : "{w}"' + (" *" if p else "") for w, p in q.highlight))
        titled = list(fulltext._matches(db, f"({expr}) AND ({heavy})", filters, params, query, pool_size)) \
            if len(newest) == pool_size else []
        pool = list(dict.fromkeys(newest + titled))
        scored = fulltext._scored(db, scorer, pool)
        out += [(i, exact) for i in fulltext.in_rank_order(pool, scored)]
        if len(out) >= k:
            break
    return out[:k]


BENCH_QUERIES = [  # (query, filters): the realistic corpus's names and words (bench/gen_archive.py)
    ("nông thôn mới", {}), ("chuyển đổi số", {}), ("đồng bào Khmer", {}), ("Trà Vinh", {}), ("Cà Mau", {}),
    ("ca mau", {}), ("tra vinh", {}), ("dan van", {}), ("Đảng", {}), ("hoi nghi", {}),
    ('"cải cách hành chính"', {}), ('"an ninh trat tu"', {}), ("chuyển*", {}), ("Khmer OR OCOP", {}),
    ("giáo dục NOT y tế", {}), ("nông thôn mới", {"portal": "travinh-replica"}),
    ("dan van", {"since": "2020-01-01", "until": "2021-12-31"}), ("hội nghị", {"byline": "Tấn Lập"}),
    ("Sóc Trăng", {}), ("lễ hội Ok Om Bok", {}), ("an sinh xã hội", {}), ("xay dung dang", {}),
    ('"Trà Vinh" OR "Sóc Trăng"', {}), ("nông thôn mới", {"byline": "Trâm"}),
]


def measure(path: Path, pool_size: int, queries, k: int = 10) -> dict:
    conn = sqlite3.connect(f"file:{path}?immutable=1", uri=True)  # read only: a shared archive is not touched
    db = sqlite_utils.Database(conn)
    archive.register_search_functions(conn)
    fulltext.RANK_POOL = pool_size
    rows = []
    for query, kw in queries:
        q, filters, params = fulltext._search_filters(db, query, **kw)
        scorer = fulltext._scorer(db, q, query)
        count = archive.search_count(db, query, **kw)
        t0 = time.perf_counter()
        exact = [i for i, _ in _exact(db, q, filters, params, query, scorer, k)]
        exact_ms = (time.perf_counter() - t0) * 1000
        archive.search(db, query, limit=20, **kw)  # warm
        walls, cpus = [], []
        for _ in range(3):
            t0, c0 = time.perf_counter(), time.process_time()
            got = [r["id"] for r in archive.search(db, query, limit=20, **kw)][:k]
            walls.append((time.perf_counter() - t0) * 1000)
            cpus.append((time.process_time() - c0) * 1000)
        candidate_page = fulltext._candidate_page
        fulltext._candidate_page = lambda *a: None  # the FTS5 bm25 path, as without a candidate index
        try:
            fts = [r["id"] for r in archive.search(db, query, limit=20, **kw)][:k]
            fts_walls, fts_cpus = [], []
            for _ in range(3):
                t0, c0 = time.perf_counter(), time.process_time()
                archive.search(db, query, limit=20, **kw)
                fts_walls.append((time.perf_counter() - t0) * 1000)
                fts_cpus.append((time.process_time() - c0) * 1000)
        finally:
            fulltext._candidate_page = candidate_page
        t0 = time.process_time()
        fulltext._rank_page(db, q, filters, params, query, k, scorer)
        rank_cpu_ms = (time.process_time() - t0) * 1000
        t0 = time.process_time()
        old = [i for i, _ in _recency_pool(db, q, filters, params, query, scorer, k, pool_size)]
        old_cpu_ms = (time.process_time() - t0) * 1000
        denom = min(k, len(exact))
        rows.append({"query": query, "filters": kw, "matches": count, "ms": round(statistics.median(walls), 1),
                     "cpu_ms": round(statistics.median(cpus), 1),
                     "overlap": round(len(set(got) & set(exact)) / denom, 2) if denom else float(not got),
                     "fts_ms": round(statistics.median(fts_walls), 1),
                     "fts_cpu_ms": round(statistics.median(fts_cpus), 1),
                     "fts_overlap": round(len(set(fts) & set(exact)) / denom, 2) if denom else float(not fts),
                     "old_overlap": round(len(set(old) & set(exact)) / denom, 2) if denom else float(not old),
                     "rank_cpu_ms": round(rank_cpu_ms, 1), "old_cpu_ms": round(old_cpu_ms, 1),
                     "exact_ms": round(exact_ms)})
        print(json.dumps(rows[-1], ensure_ascii=False), file=sys.stderr)
    ms, cpu = sorted(r["ms"] for r in rows), sorted(r["cpu_ms"] for r in rows)
    fts_ms, fts_cpu = sorted(r["fts_ms"] for r in rows), sorted(r["fts_cpu_ms"] for r in rows)
    return {"archive": str(path), "articles": conn.execute("SELECT count(*) FROM articles").fetchone()[0],
            "pool": pool_size, "rows": rows,
            "overlap_avg": round(statistics.mean(r["overlap"] for r in rows), 3),
            "overlap_min": min(r["overlap"] for r in rows),
            "old_overlap_avg": round(statistics.mean(r["old_overlap"] for r in rows), 3),
            "p50_ms": statistics.median(ms), "p95_ms": _p95(ms), "cpu_p50_ms": statistics.median(cpu),
            "cpu_p95_ms": _p95(cpu), "candidate_index": search_index.synced(db) is not None,
            "fts_overlap_avg": round(statistics.mean(r["fts_overlap"] for r in rows), 3),
            "fts_overlap_min": min(r["fts_overlap"] for r in rows),
            "fts_p50_ms": statistics.median(fts_ms), "fts_p95_ms": _p95(fts_ms),
            "fts_cpu_p50_ms": statistics.median(fts_cpu), "fts_cpu_p95_ms": _p95(fts_cpu)}


def _p95(values: list[float]) -> float:
    return values[min(len(values) - 1, round(0.95 * (len(values) - 1)))]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("archive")
    ap.add_argument("--pool", type=int, default=fulltext.RANK_POOL)
    args = ap.parse_args(argv)
    print(json.dumps(measure(Path(args.archive), args.pool, BENCH_QUERIES), ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
