"""Synthetic archive for the search/export/store benchmarks: N articles of realistic Vietnamese text,
written through the archive's own schema and migrations (``portal_archive.archive.open_archive``) and its own
search indexing (``refresh_search_index``: the real FTS5 table with the folded shadow columns).

    python bench/gen_archive.py N [--realistic] [--out bench/out/archive-N.db]

Text: sentences and titles assembled from the replica's word bank (``replica.wordbank``: place names,
organisations, officials, topics, the CMS boilerplate sentences), ~250-word bodies in 4-8 paragraphs,
one captioned image and one counter snapshot per article, 12 portals, dates 2012-2025, bylines from the
bank's pen names. Deterministic (seeded). The search index is then optimized (one FTS5 segment), as
`portal-archive optimize` leaves an archive. The file is cached: an existing complete one is reused.

``--realistic`` (``archive-realistic-N.db``; ``ZipfText``): for relevance, not speed. A vocabulary of
about 40,000 Vietnamese-looking words (syllables of real onsets, rhymes and tones, alone or paired) drawn
with Zipf frequencies, so most words are rare and a few very common; real place and organisation names
(Trà Vinh, Cà Mau, đồng bào Khmer, ...) and phrases (nông thôn mới, ...) each with its own Zipf
frequency; titles assembled freely (no templates); look-alikes that fold together ("cả", "mẫu", "tuần
tra") so that accent-free queries meet scattered and adjacent words; 30,000 rare terms (codes, foreign
names) found in a few articles each. Vietnamese words are syllables to the index: the words' syllables are
about 8,900 of its terms, the rare ones the rest.
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


ONSETS = ("", "b", "c", "ch", "d", "đ", "g", "gi", "h", "k", "kh", "l", "m", "n", "ng", "nh", "ph", "qu", "s",
          "t", "th", "tr", "v", "x")
RHYMES = ("a", "ai", "am", "an", "ang", "anh", "ao", "at", "ay", "ac", "e", "en", "em", "et", "i", "ia", "in",
          "inh", "ich", "o", "oa", "oan", "oanh", "oc", "oi", "on", "ong", "u", "ua", "ui", "un", "ung", "uc",
          "uy", "uyen", "ưa", "ưng", "ươn", "ương", "ươi", "ơ", "ơi", "ơn", "ê", "ên", "ênh", "ô", "ôi", "ông",
          "ôn", "â", "ân", "ât", "ây", "ăn", "ăng", "iên", "iêt", "uôn", "uông")
TONES = ("", "\u0301", "\u0300", "\u0309", "\u0303", "\u0323")
NAMES = ("Trà Vinh", "Cà Mau", "Sóc Trăng", "Bạc Liêu", "Vĩnh Long", "Cần Thơ", "Bến Tre", "Hậu Giang",
         "đồng bào Khmer", "Ok Om Bok", "Chôl Chnăm Thmây", "Sene Dolta", "OCOP", "Mặt trận Tổ quốc",
         "Hội Nông dân", "Đoàn Thanh niên", "Hội Liên hiệp Phụ nữ", "Ủy ban nhân dân tỉnh", "Ban Dân vận",
         "Tỉnh ủy", "Đảng bộ", "nông thôn mới", "chuyển đổi số", "cải cách hành chính", "an ninh trật tự",
         "an sinh xã hội", "dân vận khéo", "xây dựng Đảng", "giáo dục", "y tế", "hội nghị", "Cầu Ngang",
         "Duyên Hải", "Trà Cú", "Tiểu Cần", "Châu Thành", "Càng Long", "Cầu Kè", "Năm Căn", "Đầm Dơi",
         "Ngọc Hiển", "U Minh", "Thới Bình", "tuần tra", "kiểu mẫu", "cả", "mẫu", "mâu", "cá", "mầu", "trà",
         "vinh", "vình", "tra", "Đà Nẵng", "đà", "nắng", "nẵng", "công tác", "người dân", "kinh tế")


class ZipfText:
    """Articles of Zipf-distributed words and names (see the module docstring), deterministic."""

    def __init__(self, rng: random.Random, vocabulary: int = 40000):
        import bisect
        import itertools
        import unicodedata

        self.rng, self._bisect = rng, bisect.bisect
        syllables = []
        for onset in ONSETS:
            for rhyme in RHYMES:
                for tone in TONES:
                    marked = [k for k, ch in enumerate(rhyme) if ch in "ăâêôơư"]
                    vowel = marked[-1] if marked else 1 if rhyme[:2] in ("oa", "oe", "uy") else 0
                    syllables.append(unicodedata.normalize(
                        "NFC", onset + rhyme[:vowel + 1] + tone + rhyme[vowel + 1:]))
        rng.shuffle(syllables)
        words = list(dict.fromkeys(syllables[:3000] + [f"{a} {b}" for a, b in zip(
            rng.choices(syllables, k=vocabulary), rng.choices(syllables, k=vocabulary))]))[:vocabulary]
        self.words = words
        self.word_cum = list(itertools.accumulate(1.0 / (r + 1) ** 1.05 for r in range(len(words))))
        self.names = list(NAMES)
        rng.shuffle(self.names)
        self.name_cum = list(itertools.accumulate(1.0 / (r + 1) ** 1.2 for r in range(len(self.names))))
        self.pens = list(wb.PEN_NAMES)
        letters = "abcdeghiklmnoprstuvxy"  # rare terms (codes, foreign names), a few articles each
        self.rare = list(dict.fromkeys("".join(rng.choices(letters, k=rng.randint(5, 9))) for _ in range(30000)))

    def _pick(self, items, cum):
        return items[min(len(items) - 1, self._bisect(cum, self.rng.random() * cum[-1]))]

    def sentence(self, lo: int, hi: int) -> str:
        rng, out = self.rng, []
        for _ in range(rng.randint(lo, hi)):
            dice = rng.random()
            out.append(self._pick(self.names, self.name_cum) if dice < 0.02
                       else rng.choice(self.rare) if dice < 0.025 else self._pick(self.words, self.word_cum))
        text = " ".join(out)
        return text[:1].upper() + text[1:]

    def article(self, i: int) -> dict:
        rng = self.rng
        body = "\n\n".join(" ".join(self.sentence(8, 20) + "." for _ in range(rng.randint(2, 4)))
                            for _ in range(rng.randint(3, 7)))
        title = self.sentence(5, 14)
        year = rng.randint(2012, 2025)
        day = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        hh, mm = rng.randint(6, 21), rng.randint(0, 59)
        return {"title": title, "body_text": body, "published_at": f"{day}T{hh:02d}:{mm:02d}:00+07:00",
                "published_raw": f"{day[8:10]}/{day[5:7]}/{year} {hh:02d}:{mm:02d}",
                "byline": rng.choice(self.pens), "caption": self.sentence(4, 10)}


def generate(n: int, out: Path, chunk: int = 20000, log=print, realistic: bool = False) -> Path:
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
    text = ZipfText(rng) if realistic else Text(rng)
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
    ap.add_argument("--realistic", action="store_true", help="Zipf vocabulary and real names (ZipfText)")
    ap.add_argument("--out")
    args = ap.parse_args(argv)
    name = f"archive-realistic-{args.n}.db" if args.realistic else f"archive-{args.n}.db"
    out = Path(args.out or ROOT / "bench" / "out" / name)
    out.parent.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    generate(args.n, out, realistic=args.realistic)
    print(f"{out}: {args.n} articles in {time.perf_counter() - t0:.1f}s, {out.stat().st_size / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
