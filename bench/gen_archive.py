"""Synthetic archive for the search/export/store benchmarks: N articles of realistic Vietnamese text,
written through the archive's own schema and migrations (``portal_archive.archive.open_archive``) and its own
search indexing (``refresh_search_index``: the real FTS5 table with the folded shadow columns).

    python bench/gen_archive.py N [--out bench/out/archive-N.db]

Text: sentences and titles assembled from the replica's word bank (``replica.wordbank``: place names,
organisations, officials, topics, the CMS boilerplate sentences), ~250-word bodies in 4-8 paragraphs,
one captioned image and one counter snapshot per article, 12 portals, dates 2012-2025, bylines from the
bank's pen names. Deterministic (seeded). The search index is then optimized (one FTS5 segment), as
`portal-archive optimize` leaves an archive. The file is cached: an existing complete one is reused.
"""
from __future__ import annotations

import argparse
import hashlib
import random
import re
import sqlite3
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from portal_archive import archive  # noqa: E402
from replica import wordbank as wb  # noqa: E402

PORTALS = ("travinh-replica", "nukeviet-replica", "danvan-replica",
           *(f"tinh-{i:02d}" for i in range(1, 10)))


def _strings(obj):
    if isinstance(obj, str):
        yield obj
    elif isinstance(obj, dict):
        for v in obj.values():
            yield from _strings(v)
    elif isinstance(obj, (list, tuple)):
        for v in obj:
            yield from _strings(v)


class Text:
    def __init__(self, rng: random.Random):
        self.rng = rng
        bank = [s for name in dir(wb) if name.isupper() for s in _strings(getattr(wb, name))]
        self.places = [s for s in bank if len(s) < 40 and "{" not in s] or ["Trà Vinh"]
        templates = [s for s in bank if "{" in s and len(s) > 30]
        self.words = sorted({w for s in bank for w in re.findall(r"[^\W\d_]+", s)})
        fill = re.compile(r"\{[a-z_0-9]+\}")
        sentences = []
        for _ in range(6000):  # templates with their slots filled from the bank
            t = rng.choice(templates)
            sentences.append(fill.sub(lambda m: rng.choice(self.places), t))
        for _ in range(3000):  # and freer sentences for vocabulary spread
            words = rng.choices(self.words, k=rng.randint(8, 22))
            sentences.append(" ".join(words).capitalize() + ".")
        self.sentences = sentences
        self.titles = [s.rstrip(".") for s in sentences if 30 < len(s) < 120] or sentences
        self.pens = list(wb.PEN_NAMES)
        self.tags = list(wb.TAGS)

    def article(self, i: int) -> dict:
        rng = self.rng
        paragraphs = []
        for _ in range(rng.randint(4, 8)):
            paras = rng.choices(self.sentences, k=rng.randint(2, 4))
            if rng.random() < 0.3:
                paras.append(f"Nội dung về {rng.choice(self.tags)} được quan tâm.")
            paragraphs.append(" ".join(paras))
        title = rng.choice(self.titles)
        if rng.random() < 0.5:
            title = f"{rng.choice(self.places)}: {title[:1].lower()}{title[1:]}"
        year = rng.randint(2012, 2025)
        day = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        hh, mm = rng.randint(6, 21), rng.randint(0, 59)
        body = "\n\n".join(paragraphs)
        return {"title": title, "body_text": body, "published_at": f"{day}T{hh:02d}:{mm:02d}:00+07:00",
                "published_raw": f"{day[8:10]}/{day[5:7]}/{year} {hh:02d}:{mm:02d}",
                "byline": rng.choice(self.pens), "caption": rng.choice(self.titles)}


def generate(n: int, out: Path, chunk: int = 20000, log=print) -> Path:
    out = Path(out)
    if out.exists():
        try:
            conn = sqlite3.connect(out)
            have = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
            queued = conn.execute("SELECT count(*) FROM search_queue").fetchone()[0]
            conn.close()
            if have == n and not queued:
                return out
        except sqlite3.DatabaseError:
            pass
        out.unlink()
        for extra in (out.with_name(out.name + "-wal"), out.with_name(out.name + "-shm")):
            extra.unlink(missing_ok=True)
    rng = random.Random(20240614)
    text = Text(rng)
    db = archive.open_archive(out)
    db.conn.execute("PRAGMA cache_size = -200000")
    with archive.transaction(db):
        for slug in PORTALS:
            db["portals"].insert({"slug": slug, "name": f"Cổng thông tin {slug}", "kind": "province",
                                  "family": "synthetic", "domains": "[]", "start_urls": "[]"})
    t0 = time.perf_counter()
    for start in range(0, n, chunk):
        rows, images, snaps = [], [], []
        for i in range(start, min(n, start + chunk)):
            a = text.article(i)
            portal = PORTALS[i % len(PORTALS)]
            url = f"https://{portal}.gov.vn/tin-tuc/{i}.html"
            fetched = a["published_at"][:10] + "T12:00:00+00:00"
            rows.append((i + 1, url, url[8:], portal, a["title"], a["body_text"], a["published_at"],
                         a["published_raw"], a["byline"],
                         hashlib.sha256(a["body_text"].encode()).hexdigest(), 200, fetched, fetched, fetched,
                         i + 1))
            images.append((i + 1, 0, f"https://{portal}.gov.vn/img/{i}.jpg", a["caption"]))
            snaps.append((portal, url, fetched, 3, 120, 4000, 20000, 1000 + i))
        with archive.transaction(db):
            db.conn.executemany(
                "INSERT INTO articles (id, url, url_key, portal, title, body_text, published_at, published_raw, "
                "byline, content_hash, http_status, first_seen_at, last_seen_at, fetched_at, story_id) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
            db.conn.executemany("INSERT INTO images (article_id, position, src, caption) VALUES (?, ?, ?, ?)",
                                images)
            db.conn.executemany("INSERT INTO counter_snapshots (portal, page_url, fetched_at, online, today, "
                                "week, month, total) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", snaps)
            archive.refresh_search_index(db)
        done = min(n, start + chunk)
        log(f"  generated {done}/{n} articles ({done / (time.perf_counter() - t0):.0f}/s)")
    t1 = time.perf_counter()
    archive.optimize_search_index(db)  # what `portal-archive optimize` does to a maintained archive
    log(f"  search index optimized in {time.perf_counter() - t1:.0f}s")
    db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.conn.close()
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("n", type=int)
    ap.add_argument("--out")
    args = ap.parse_args(argv)
    out = Path(args.out or ROOT / "bench" / "out" / f"archive-{args.n}.db")
    out.parent.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    generate(args.n, out)
    print(f"{out}: {args.n} articles in {time.perf_counter() - t0:.1f}s, {out.stat().st_size / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
