"""Score extraction against a gold corpus: ``python -m crawler.evaluate [CORPUS] [-v]`` (``make eval``).

Corpus path: the argument, ``$PORTAL_ARCHIVE_CORPUS``, or ``<project>/../shared/corpus``. What is scored is
the object ``portal-archive extract PAGE --url URL`` prints (``extract_article`` -> ``normalize_article``
-> ``contract_json``). Scoring per page (see the corpus README): title exact after whitespace/NFC
normalisation; date equal at the shown precision (``day``: the calendar day alone); byline exact (any
acceptable form); captions set F1; counters exact; body token F1.

In the same run, on the same bytes: trafilatura's ``bare_extraction`` on the fields it also extracts
(title, date, author, text), the ms/page of ours, trafilatura's and a bare ``lxml.html`` parse (process
CPU time, best of ``--repeat``), and ``parse_date`` against ``dateparser`` alone on ``dates.tsv``.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
from collections import Counter
from pathlib import Path

from crawler.extract.article import extract_article
from crawler.extract.dates import VN_TZ, parse_date
from crawler.extract.text import collapse

PROJECT = Path(__file__).resolve().parents[1]
FIELDS = ("title", "date", "day", "byline", "captions", "counters", "body")
TRAF_FIELDS = ("title", "date", "day", "byline", "body")


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


def date_match(got_iso: str | None, gold: str | None, day_only: bool = False) -> float:
    """Equal at the gold's precision (a gold time needs the same time); ``day_only``: the day alone."""
    if not gold:
        return 1.0 if not got_iso else 0.0
    if not got_iso:
        return 0.0
    if day_only:
        return float(got_iso[:10] == gold[:10])
    return float(got_iso[:len(gold)] == gold)


def byline_match(got: str | None, gold) -> float:
    forms = [gold] if isinstance(gold, str) else list(gold or [])
    if not forms:
        return float(not got)
    return float(bool(got) and collapse(got) in {collapse(b) for b in forms})


def score_page(out: dict, gold: dict) -> dict[str, float]:
    """Scores of one ``contract_json`` object against its gold."""
    return {
        "title": float(collapse(out.get("title")) == collapse(gold.get("title"))),
        "date": date_match(out.get("published_at"), gold.get("published")),
        "day": date_match(out.get("published_at"), gold.get("published"), day_only=True),
        "byline": byline_match(out.get("byline"), gold.get("byline")),
        "captions": set_f1([im.get("caption") for im in out.get("images") or []], gold.get("captions") or []),
        "counters": float((out.get("counters") or None) == (gold.get("counters") or None)),
        "body": token_f1(out.get("body_text"), gold.get("body_text")),
    }


def best_ms(fn, repeat: int) -> tuple[float, object]:
    """(best process-CPU ms over ``repeat`` calls, the last result)."""
    best, result = float("inf"), None
    for _ in range(max(1, repeat)):
        t0 = time.process_time()
        result = fn()
        best = min(best, time.process_time() - t0)
    return best * 1000, result


def _trafilatura():
    try:
        from trafilatura import bare_extraction
    except ImportError:
        return None
    return bare_extraction


def run_trafilatura(bare_extraction, html: bytes, url: str):
    try:
        return bare_extraction(html.decode("utf-8", errors="replace"), url=url, with_metadata=True,
                               include_comments=False, include_tables=True,
                               date_extraction_params={"extensive_search": True, "original_date": True,
                                                       "outputformat": "%Y-%m-%dT%H:%M"})
    except Exception:
        return None


def score_trafilatura(doc, gold: dict) -> dict[str, float]:
    """trafilatura's result on the fields it also extracts. Its author list ("A; B") is read as "A, B";
    a date it gives without a time (formatted as 00:00) counts as a date alone."""
    if doc is not None and not isinstance(doc, dict):
        doc = doc.as_dict() if hasattr(doc, "as_dict") else vars(doc)
    doc = doc or {}
    text = doc.get("text")
    if text:
        text = "\n\n".join(collapse(line) for line in text.splitlines() if line.strip())
    d = doc.get("date")
    got = None
    if d:
        got = parse_date(d[:10] if d.endswith("T00:00") else d)
    author = doc.get("author")
    return {
        "title": float(collapse(doc.get("title")) == collapse(gold.get("title"))),
        "date": date_match(got, gold.get("published")),
        "day": date_match(got, gold.get("published"), day_only=True),
        "byline": byline_match(author.replace("; ", ", ") if author else None, gold.get("byline")),
        "body": token_f1(text, gold.get("body_text")),
    }


def _lxml_parse(html: bytes):
    import lxml.html
    return lambda: lxml.html.fromstring(html)


_NAMES = ("class", "id", "itemprop", "itemtype", "itemscope", "rel", "role", "name")


def unnamed(html: bytes) -> str:
    """``html`` with every class, id and other naming attribute replaced by a neutral token of its value (equal
    values, equal tokens): what extraction finds on markup none of whose names it knows, as on a new CMS."""
    import hashlib

    import lxml.html
    from lxml import etree

    from crawler.extract.text import decode_html

    root = lxml.html.fromstring(decode_html(html))
    for element in root.iter():
        if not isinstance(element.tag, str) or element.tag == "meta":
            continue
        for name in _NAMES:
            value = element.get(name)
            if value is not None:
                element.set(name, "n" + hashlib.blake2s(value.encode(), digest_size=4).hexdigest())
    return etree.tostring(root, encoding="unicode", method="html")


def evaluate(corpus: Path | None = None, with_trafilatura: bool = True, verbose: bool = False, repeat: int = 1,
             names: bool = True):
    """Run over the corpus; returns ``(rows, means, trafilatura_means)``. ``names=False``: on the pages with their
    names replaced (``unnamed``).

    rows: ``(name, scores, traf, seconds)``: ``traf`` is trafilatura's scores (None when not run) and
    ``seconds`` our extraction time; timings (ms) of ours, trafilatura and the lxml parse are in
    ``scores["_ms"]``."""
    from pipelines.normalize import contract_json, normalize_article

    corpus = corpus or corpus_dir()
    bare = _trafilatura() if with_trafilatura else None
    rows = []
    for gold_path in sorted((corpus / "gold").glob("*.json")):
        page = corpus / "pages" / (gold_path.stem + ".html")
        if not page.is_file():
            continue
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        html = page.read_bytes() if names else unnamed(page.read_bytes())
        url = gold.get("url") or ""
        ms, art = best_ms(lambda: extract_article(html, url, None), repeat)
        out = contract_json(normalize_article(art))
        scores = score_page(out, gold)
        timing = {"ours": ms, "lxml": best_ms(_lxml_parse(html), repeat)[0]}
        traf = None
        if bare is not None:
            timing["trafilatura"], doc = best_ms(lambda: run_trafilatura(bare, html, url), repeat)
            traf = score_trafilatura(doc, gold)
        scores["_ms"] = timing
        rows.append((gold_path.stem, scores, traf, ms / 1000))
        if verbose:
            print(f"== {gold_path.stem}", {k: v for k, v in scores.items() if k != "_ms" and v < 1}, art.rules)
            for k in ("title", "published_raw", "published_at", "byline", "authors"):
                print(f"   {k}: {out.get(k)!r}")
            print("   captions:", [im["caption"] for im in out["images"] if im["caption"]][:4])
            print("   counters:", out["counters"])
            print("   body:", (art.body_text or "")[:200].replace("\n", " ¶ "), "...",
                  (art.body_text or "")[-150:].replace("\n", " ¶ "))
    means = {f: sum(r[1][f] for r in rows) / len(rows) for f in FIELDS} if rows else {}
    traf_rows = [r[2] for r in rows if r[2]]
    traf_means = ({f: sum(t[f] for t in traf_rows) / len(traf_rows) for f in TRAF_FIELDS}
                  if traf_rows else None)
    return rows, means, traf_means


# ---------------------------------------------------------------- dates.tsv
def date_rows(path: Path) -> tuple[list[tuple[str, str]], str | None]:
    """``([(text, expected)], reference)`` from a dates.tsv (reference: the ISO time in its header)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    m = re.search(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2})?(?:[+-]\d{2}:?\d{2})?", lines[0] if lines else "")
    rows = [tuple(line.split("\t")[:2]) for line in lines[1:] if "\t" in line and not line.startswith("#")]
    return rows, (m.group(0) if m else None)


def _dateparser_alone(reference: str | None, tuned: bool = True):
    """``dateparser.parse`` with the reference as its relative base; ``tuned``: told the language is
    Vietnamese and the order day-first (otherwise its defaults: language detection, its own order)."""
    import dateparser
    from datetime import datetime

    base = datetime.fromisoformat(reference).astimezone(VN_TZ).replace(tzinfo=None) if reference else None
    settings = {"DATE_ORDER": "DMY", "PREFER_DATES_FROM": "past"} if tuned else {}
    settings.update({"TIMEZONE": "+0700", "TO_TIMEZONE": "+0700", "RETURN_AS_TIMEZONE_AWARE": False})
    if base:
        settings["RELATIVE_BASE"] = base
    languages = ["vi"] if tuned else None

    def parse(text: str) -> str | None:
        try:
            dt = dateparser.parse(text, languages=languages, settings=settings)
        except Exception:
            return None
        return dt.strftime("%Y-%m-%dT%H:%M") if dt else None
    return parse


def date_ok(got: str | None, expected: str) -> bool:
    """A date alone matches on the day; a time must match to the minute."""
    return bool(got) and got[:len(expected[:16])] == expected[:16]


def score_dates(path: Path, with_dateparser: bool = True):
    """``(rows, reference, with_dateparser)``; rows: (text, expected, ours, dateparser tuned, dateparser
    defaults) (None when not run)."""
    rows, ref = date_rows(path)
    dp = dp0 = None
    if with_dateparser:
        try:
            dp, dp0 = _dateparser_alone(ref), _dateparser_alone(ref, tuned=False)
        except ImportError:
            dp = dp0 = None
    out = [(text, exp, parse_date(text, reference=ref), dp(text) if dp else None, dp0(text) if dp0 else None)
           for text, exp in rows]
    return out, ref, dp is not None


# ---------------------------------------------------------------- report
def _fmt_row(name, scores, fields, ms):
    cells = " ".join(f"{scores[f]:>8.2f}" if f in scores else f"{'-':>8}" for f in fields)
    return f"{name:26} {cells} {ms:>8}"


def print_report(rows, means, traf, dates, with_dateparser) -> None:
    fields = FIELDS
    head = f"{'page':26} " + " ".join(f"{f:>8}" for f in fields) + f" {'ms/page':>8}"
    line = "-" * len(head)
    total = lambda key: sum(r[1]["_ms"].get(key, 0) for r in rows) / max(1, len(rows))  # noqa: E731
    print("portal-archive extract (ours)")
    print(head)
    print(line)
    for name, s, _, _ in rows:
        print(_fmt_row(name, s, fields, f"{s['_ms']['ours']:.1f}"))
    print(line)
    print(_fmt_row("MEAN", means, fields, f"{total('ours'):.1f}"))
    if traf is not None:
        print()
        print("trafilatura (bare_extraction, same pages, same run; '-' = field it does not extract)")
        print(head)
        print(line)
        for name, s, t, _ in rows:
            print(_fmt_row(name, t or {}, fields, f"{s['_ms'].get('trafilatura', 0):.1f}"))
        print(line)
        print(_fmt_row("MEAN", traf, fields, f"{total('trafilatura'):.1f}"))
        worse = [f for f in traf if means[f] < traf[f]]
        print(f"ours better or equal on every shared field: {'yes' if not worse else 'NO: ' + ', '.join(worse)}")
    print()
    speed = f"speed (ms/page, process CPU, best of repeats): ours {total('ours'):.1f}"
    if traf is not None:
        speed += f" | trafilatura {total('trafilatura'):.1f}"
    speed += f" | lxml.html parse alone {total('lxml'):.1f}"
    if total("lxml"):
        speed += f" | ours = {total('ours') / total('lxml'):.1f}x parse"
    print(speed)
    if dates is None:
        return
    drows, ref, _ = dates
    ours = sum(date_ok(r[2], r[1]) for r in drows)
    print()
    print(f"dates.tsv ({len(drows)} strings, reference {ref})")
    print(f"  parse_date:       {ours}/{len(drows)} = {ours / max(1, len(drows)):.2f}")
    if with_dateparser:
        for col, label in ((3, "dateparser alone, languages=['vi'] + DATE_ORDER=DMY"),
                           (4, "dateparser alone, its defaults")):
            ok = sum(date_ok(r[col], r[1]) for r in drows)
            wrong = sum(1 for r in drows if r[col] and not date_ok(r[col], r[1]))
            print(f"  {label}: {ok}/{len(drows)} = {ok / max(1, len(drows)):.2f} "
                  f"({wrong} silently wrong, {sum(1 for r in drows if not r[col])} unparsed)")
    print(f"  {'misses (text)':42} {'expected':17} {'parse_date':17} {'dp vi+DMY':17} dp defaults")
    for text, exp, o, d, d0 in drows:
        if not date_ok(o, exp) or (with_dateparser and not (date_ok(d, exp) and date_ok(d0, exp))):
            print(f"  {text!r:42} {exp:17} {str(o)[:16]:17} {str(d)[:16]:17} {str(d0)[:16]}")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m crawler.evaluate", description=__doc__.splitlines()[0])
    ap.add_argument("corpus", nargs="?", help="corpus folder (gold/, pages/, dates.tsv); default ../shared/corpus")
    ap.add_argument("-v", "--verbose", action="store_true")
    ap.add_argument("--no-trafilatura", action="store_true")
    ap.add_argument("--repeat", type=int, default=3, help="timing runs per page, best kept (default 3)")
    ap.add_argument("--unnamed", action="store_true",
                    help="replace every class, id and itemprop by a neutral token first: what rests on names")
    args = ap.parse_args(sys.argv[1:] if argv is None else argv)
    corpus = Path(args.corpus).resolve() if args.corpus else corpus_dir()
    if not (corpus / "gold").is_dir() and not (corpus / "dates.tsv").is_file():
        print(f"corpus not found at {corpus} (give a folder or set PORTAL_ARCHIVE_CORPUS)", file=sys.stderr)
        return 1
    with_traf = not args.no_trafilatura
    if with_traf and _trafilatura() is None:
        print("trafilatura not installed (pip install -e '.[dev]'): its table is skipped", file=sys.stderr)
    print(f"corpus: {corpus}\n")
    rows, means, traf = evaluate(corpus, with_trafilatura=with_traf, verbose=args.verbose, repeat=args.repeat,
                                 names=not args.unnamed)
    dates_tsv = corpus / "dates.tsv"
    if not dates_tsv.is_file():
        dates_tsv = corpus_dir() / "dates.tsv"
    dates = score_dates(dates_tsv) if dates_tsv.is_file() else None
    if rows:
        print_report(rows, means, traf, dates, dates is not None and dates[2])
    elif dates is not None:
        print_report([], {}, None, dates, dates[2])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
