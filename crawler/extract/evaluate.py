"""Score extraction against the gold corpus: ``python -m crawler.extract.evaluate [-v]``.

Corpus path: ``$PORTAL_ARCHIVE_CORPUS`` or ``<project>/../shared/corpus``. Scoring per page (see the
corpus README): title exact after whitespace/NFC normalisation; date equal at the shown precision;
byline exact (any acceptable form); captions set F1; counters exact; body token F1. trafilatura's
``bare_extraction`` is scored on title/date/body beside ours when it is importable.
"""
from __future__ import annotations

import json
import os
import re
import sys
import time
from collections import Counter
from pathlib import Path

from crawler.extract.article import extract_article
from crawler.extract.counters import parse_count
from crawler.extract.dates import parse_date
from crawler.extract.text import collapse

PROJECT = Path(__file__).resolve().parents[2]
FIELDS = ("title", "date", "byline", "captions", "counters", "body")


def corpus_dir() -> Path:
    return Path(os.environ.get("PORTAL_ARCHIVE_CORPUS") or (PROJECT / ".." / "shared" / "corpus")).resolve()


def _tokens(text: str | None) -> list[str]:
    return re.findall(r"\w+", collapse(text).lower()) if text else []


def token_f1(got: str | None, want: str | None) -> float:
    if not want and not got:
        return 1.0
    if not want or not got:
        return 0.0
    g, w = Counter(_tokens(got)), Counter(_tokens(want))
    common = sum((g & w).values())
    if not common:
        return 0.0
    p, r = common / sum(g.values()), common / sum(w.values())
    return 2 * p * r / (p + r)


def set_f1(got, want) -> float:
    g, w = {collapse(x) for x in got if x}, {collapse(x) for x in want if x}
    if not g and not w:
        return 1.0
    if not g or not w:
        return 0.0
    tp = len(g & w)
    if not tp:
        return 0.0
    p, r = tp / len(g), tp / len(w)
    return 2 * p * r / (p + r)


def date_match(got_iso: str | None, gold: str | None) -> float:
    if not gold:
        return 1.0 if not got_iso else 0.0
    if not got_iso:
        return 0.0
    return 1.0 if got_iso[:len(gold)] == gold and (len(gold) > 10 or "T" not in got_iso or True) else 0.0


def score_page(art, gold: dict) -> dict[str, float]:
    byl = gold.get("byline")
    if isinstance(byl, str):
        byl = [byl]
    got_counters = None
    if art.counters_raw:
        got_counters = {k: parse_count(v) for k, v in art.counters_raw.items()}
    published = (parse_date(art.published_raw, reference=art.date_reference or art.fetched_at)
                  if art.published_raw else None)
    return {
        "title": float(collapse(art.title) == collapse(gold.get("title"))),
        "date": date_match(published, gold.get("published")),
        "byline": float((not byl and not art.byline) or bool(byl and collapse(art.byline) in
                                                              {collapse(b) for b in byl})),
        "captions": set_f1([im.caption for im in art.images], gold.get("captions") or []),
        "counters": float((got_counters or None) == (gold.get("counters") or None)),
        "body": token_f1(art.body_text, gold.get("body_text")),
    }


def score_trafilatura(html: bytes, url: str, gold: dict) -> dict[str, float] | None:
    try:
        from trafilatura import bare_extraction
    except ImportError:
        return None
    try:
        doc = bare_extraction(html.decode("utf-8", errors="replace"), url=url, with_metadata=True,
                              include_comments=False, include_tables=True)
    except Exception:
        doc = None
    if doc is None:
        return {"title": 0.0, "date": date_match(None, gold.get("published")), "body": token_f1(None, gold.get("body_text"))}
    if not isinstance(doc, dict):
        doc = doc.as_dict() if hasattr(doc, "as_dict") else vars(doc)
    text = doc.get("text")
    if text:
        text = "\n\n".join(collapse(line) for line in text.splitlines() if line.strip())
    d = doc.get("date")
    return {
        "title": float(collapse(doc.get("title")) == collapse(gold.get("title"))),
        "date": date_match(parse_date(d) if d else None, gold.get("published")),
        "body": token_f1(text, gold.get("body_text")),
    }


def evaluate(corpus: Path | None = None, with_trafilatura: bool = True, verbose: bool = False):
    """Run over the corpus; returns ``(rows, means, trafilatura_means)``; rows: (name, scores, traf, seconds)."""
    corpus = corpus or corpus_dir()
    rows = []
    for gold_path in sorted((corpus / "gold").glob("*.json")):
        page = corpus / "pages" / (gold_path.stem + ".html")
        if not page.is_file():
            continue
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        html = page.read_bytes()
        t0 = time.perf_counter()
        art = extract_article(html, gold.get("url") or "", None)
        dt = time.perf_counter() - t0
        scores = score_page(art, gold)
        traf = score_trafilatura(html, gold.get("url") or "", gold) if with_trafilatura else None
        rows.append((gold_path.stem, scores, traf, dt))
        if verbose:
            print(f"== {gold_path.stem}", {k: v for k, v in scores.items() if v < 1}, art.rules)
            for k in ("title", "published_raw", "byline"):
                print(f"   {k}: {getattr(art, k)!r}")
            print("   captions:", [im.caption for im in art.images if im.caption][:4])
            print("   counters:", art.counters_raw)
            print("   body:", (art.body_text or "")[:200].replace("\n", " ¶ "), "...",
                  (art.body_text or "")[-150:].replace("\n", " ¶ "))
    means = {f: sum(r[1][f] for r in rows) / len(rows) for f in FIELDS} if rows else {}
    traf_rows = [r[2] for r in rows if r[2]]
    traf_means = ({f: sum(t[f] for t in traf_rows) / len(traf_rows) for f in ("title", "date", "body")}
                  if traf_rows else None)
    return rows, means, traf_means


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    corpus = corpus_dir()
    if not (corpus / "gold").is_dir():
        print(f"corpus not found at {corpus} (set PORTAL_ARCHIVE_CORPUS)", file=sys.stderr)
        return 1
    rows, means, traf = evaluate(corpus, with_trafilatura="--no-trafilatura" not in argv, verbose="-v" in argv)
    head = f"{'page':26} " + " ".join(f"{f:>8}" for f in FIELDS) + "   | traf: title   date   body |   ms"
    print(head)
    print("-" * len(head))
    for name, s, t, dt in rows:
        tr = f"{t['title']:>6.2f} {t['date']:>6.2f} {t['body']:>6.2f}" if t else "     -      -      -"
        print(f"{name:26} " + " ".join(f"{s[f]:>8.2f}" for f in FIELDS) + f"   |       {tr} | {dt*1000:5.1f}")
    print("-" * len(head))
    tr = f"{traf['title']:>6.2f} {traf['date']:>6.2f} {traf['body']:>6.2f}" if traf else "     -      -      -"
    print(f"{'MEAN':26} " + " ".join(f"{means[f]:>8.2f}" for f in FIELDS) + f"   |       {tr} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
