"""Searching the archive: filters, prefix expansion, ranked and date-ordered pages of results, snippets.
"""
from __future__ import annotations

import dataclasses
import itertools
import re
import sqlite3

import sqlite_utils

from crawler.extract.text import nfc
from portal_archive.archive.db import FTS_WEIGHTS, transaction
from portal_archive.archive import search_index
from portal_archive.archive.fts import register_search_functions
from portal_archive.search import ranking
from portal_archive.search.query import FOLDED_COLUMNS, SearchError, parse_query, snippet
from portal_archive.search.textfold import fold


def _as_day(value, name: str) -> str | None:
    """``value`` (date, ISO or Vietnamese day-first string) as ``YYYY-MM-DD``; SearchError if unreadable."""
    if value is None or value == "":
        return None
    if hasattr(value, "isoformat"):
        return value.isoformat()[:10]
    from crawler.extract.dates import parse_date

    parsed = parse_date(str(value))
    if not parsed:
        raise SearchError(f"cannot read {name} date {value!r} (use 2024-06-14 or 14/06/2024)")
    return parsed[:10]


MAX_QUERY_CHARS, MAX_QUERY_TERMS = 2000, 64  # longer queries are refused (SearchError), not run


def _search_filters(db: sqlite_utils.Database, query: str, portal=None, since=None, until=None, byline=None):
    """(parsed query, SQL conditions on ``articles a``, params) shared by ``search`` and ``search_count``."""
    if len(query) > MAX_QUERY_CHARS or len(query.split()) > MAX_QUERY_TERMS:  # FTS5 cost grows with terms
        raise SearchError(f"query too long ({len(query)} characters, {len(query.split())} words; at most "
                          f"{MAX_QUERY_CHARS} characters and {MAX_QUERY_TERMS} words)")
    q = _expanded(db, parse_query(query))
    since_day, until_day = _as_day(since, "--since"), _as_day(until, "--until")
    if since_day and until_day and since_day > until_day:
        raise SearchError(f"--since {since_day} is after --until {until_day}")
    portals = [portal] if isinstance(portal, str) else list(portal or [])
    # each named portal is looked up by index; the full list (a scan of articles) only for the error message
    unknown = [p for p in portals if db.execute(
        "SELECT EXISTS (SELECT 1 FROM portals WHERE slug = ?) OR EXISTS (SELECT 1 FROM articles WHERE portal = ?)",
        [p, p]).fetchone()[0] == 0]
    if unknown:
        known = {r[0] for r in db.execute("SELECT slug FROM portals UNION SELECT DISTINCT portal FROM articles")}
        raise SearchError(f"no portal {unknown[0]!r} in this archive (archived: {', '.join(sorted(known)) or 'none'})")
    filters, params = [], {}
    if portals:
        filters.append(f"a.portal IN ({', '.join(f':p{i}' for i in range(len(portals)))})")
        params.update({f"p{i}": p for i, p in enumerate(portals)})
    if since_day:
        filters.append("substr(a.published_at, 1, 10) >= :since")
        params["since"] = since_day
    if until_day:
        filters.append("substr(a.published_at, 1, 10) <= :until")
        params["until"] = until_day
    if byline:
        filters.append("instr(pa_fold(coalesce(a.byline, '') || ' ' || coalesce(a.authors, '')), :byline) > 0")
        params["byline"] = fold(byline.strip())
    return q, filters, params


MAX_PREFIX_WORDS = 64  # a prefix of 4+ letters expanding to more words keeps FTS5's own expansion
_PREFIX_RE = re.compile(r'"([^"]*)" \*')  # a prefix phrase as portal_archive.search.query writes it: "uy ban nhan" *


def _expand_prefixes(db: sqlite_utils.Database, expr: str) -> str:
    """``expr`` with each prefix phrase of 4+ letters (``"chuyen" *``) replaced by the OR of the phrases
    ending in each word of ``search_words`` it starts (``("chuyen" OR "chuyenmon")``): same matches,
    but FTS5 reads the words' postings lazily instead of merging all of them up front. Prefixes of 2-3
    letters have FTS5 prefix indexes of their own and stay as they are, as do those of more than
    ``MAX_PREFIX_WORDS`` words and those of none."""
    def expand(m: re.Match) -> str:
        tokens = m.group(1).split(" ")
        last = tokens[-1].lower()
        if len(last) <= 3:
            return m.group(0)
        words = [r[0] for r in db.execute(
            "SELECT word FROM search_words WHERE word >= ? AND word < ? ORDER BY word LIMIT ?",
            [last, last + "\U0010ffff", MAX_PREFIX_WORDS + 1])]
        if not words or len(words) > MAX_PREFIX_WORDS:
            return m.group(0)
        head = " ".join(tokens[:-1] + [""])
        return "(" + " OR ".join(f'"{head}{w}"' for w in words) + ")"
    return _PREFIX_RE.sub(expand, expr) if '" *' in expr else expr


def _expanded(db: sqlite_utils.Database, q):
    """``q`` with its FTS5 expressions' prefixes expanded (``_expand_prefixes``)."""
    return dataclasses.replace(q, folded=_expand_prefixes(db, q.folded),
                               exact=q.exact and _expand_prefixes(db, q.exact))


SEARCH_FIELDS = ("rank", "id", "portal", "published_at", "published_raw", "title", "byline", "url", "snippet",
                 "captions", "exact", "score", "first_seen_at", "last_seen_at")

RANK_POOL = 250    # order="rank": per exactness class, the best matches by FTS5 bm25 re-ranked by BM25F, in chunks
RANK_CHUNKS = 4    # of RANK_POOL each at most: one more is read while the last changed the top RANK_TOP
RANK_TOP = 20
DF_SAMPLE = 2000   # matches read per query term (in 8 id ranges) to estimate its document frequency
WALK_CHECKS = 400  # newest/oldest: per-article match checks on the date index before reading the match set


def search(db: sqlite_utils.Database, query: str, portal: str | list[str] | None = None, since=None,
           until=None, byline: str | None = None, limit: int | None = 20, offset: int = 0,
           order: str = "rank", highlight: tuple[str, str] = ("[", "]")) -> list[dict]:
    """Search the archive; return up to ``limit`` (None: all) results as dicts, best first.

    ``query`` uses the language of ``portal_archive.search.query`` (words, "phrases", prefix*, AND/OR/NOT, parentheses);
    matching ignores accents and đ, an accented query ranks exact-accent matches first (``exact`` is 1
    for them), then by relevance (``score``: BM25F of ``portal_archive.search.ranking``, negated so that lower is
    better; a title hit weighs 10, captions and byline 2, the body 1). ``order``: ``rank`` (default),
    ``newest`` or ``oldest`` by ``published_at``. Filters: ``portal`` slug(s), ``since``/``until``
    inclusive publication days (dates, ISO or day-first strings such as "14/06/2024"), ``byline``
    (accent-insensitive substring of the byline or authors).
    Each result: ``rank`` (1-based), ``id``, ``portal``, ``published_at``, ``published_raw``, ``title``,
    ``byline``, ``url``, ``snippet`` (original text around the hits, hits wrapped in ``highlight``),
    ``captions``, ``exact``, ``score``, ``first_seen_at``, ``last_seen_at``.
    Raises ``SearchError`` (one-line message) for a malformed query or bad filter, never an SQL error.

    Ranking (``order="rank"``): within each exactness class, the best matches by FTS5's ``bm25()`` (the
    same folded columns, weights and proximity phrases as ``score``, but one length normalisation over
    the whole article instead of one per column) are re-ranked by ``score``: ``RANK_POOL`` of them,
    then ``RANK_POOL`` more while the last ones read changed the top ``RANK_TOP``, up to
    ``RANK_CHUNKS`` times ``RANK_POOL``; the class's other matches follow in ``bm25()`` order. The top
    of the ranking is thus the top by ``score`` unless a document ``score`` ranks there lies outside
    the pool (it must then rank below all the pool by ``bm25()``). Cost: ``bm25()`` is computed for
    every match of the class, so it grows with the number of matches. ``newest``/``oldest`` walk the
    ``published_at`` index and check each article against the query (reading the whole
    match set only when the walk finds too few).
    """
    if order not in ("rank", "newest", "oldest"):
        raise SearchError(f"unknown order {order!r} (use rank, newest or oldest)")
    if limit is not None and limit < 1:
        raise SearchError("--limit must be at least 1")
    register_search_functions(db.conn)
    q, filters, params = _search_filters(db, query, portal, since, until, byline)
    need = None if limit is None else offset + int(limit)
    scorer = _scorer(db, q, query)
    if order == "rank":
        portals = [portal] if isinstance(portal, str) else list(portal or [])
        hits = _candidate_page(db, q, filters, params, query, need, scorer, portals)
        if hits is None:  # no usable candidate index, or a page it cannot answer: FTS5 bm25's pool
            hits = _rank_page(db, q, filters, params, query, need, scorer)
        hits = hits[offset:need]
    else:
        hits = _date_page(db, q, filters, params, query, order, need, scorer)[offset:need]
    if not hits:
        return []
    ids = ", ".join(str(int(h[0])) for h in hits)
    rows = {r[0]: r for r in db.execute(
        f"""SELECT a.id, a.portal, a.published_at, a.published_raw, a.title, a.byline, a.url, a.body_text,
                   f.captions, a.first_seen_at, a.last_seen_at,
                   f.title_folded, f.body_folded, f.captions_folded, f.byline_folded
            FROM articles a JOIN articles_fts f ON f.rowid = a.id WHERE a.id IN ({ids})""")}
    columns = ("id", "portal", "published_at", "published_raw", "title", "byline", "url", "body_text",
               "captions", "first_seen_at", "last_seen_at")
    results = []
    for n, (article_id, exact) in enumerate(hits, start=offset + 1):
        row = rows[article_id]
        rec = dict(zip(columns, row))
        body = rec.pop("body_text")
        candidates = [s for s in (snippet(t, q.highlight, *highlight)
                                  for t in (body, rec["captions"], rec["title"], rec["byline"])) if s]
        rec["snippet"] = max(candidates, key=lambda s: _distinct_hits(s, highlight), default=(body or "")[:180])
        rec.update(exact=int(exact), score=round(-scorer.score(row[-4:]), 4), title=nfc(rec["title"]),
                   byline=nfc(rec["byline"]))
        results.append({"rank": n, **{k: rec[k] for k in SEARCH_FIELDS[1:]}})
    return results


def _run(db, sql: str, params: dict, query: str):
    """``db.execute`` (a lazy cursor), an FTS5 error turned into a one-line SearchError."""
    try:
        return db.execute(sql, params)
    except sqlite3.OperationalError as exc:  # pragma: no cover - the parser only emits quoted words
        raise SearchError(f"cannot run the query {query!r}: {exc}") from None


FILTERED_ARTICLES = "articles a INDEXED BY idx_articles_search_filters"  # filters read the index, not the rows


def _from_matches(filters: list[str]) -> str:
    """FROM/WHERE of the articles matching ``:m`` and ``filters`` (their ids: ``f.rowid``)."""
    if not filters:  # the FTS matches alone, without visiting the articles
        return "FROM articles_fts f WHERE f.articles_fts MATCH :m"
    # CROSS JOIN keeps FTS5 outside: filters are checked per match through the articles rowid
    return (f"FROM articles_fts f CROSS JOIN {FILTERED_ARTICLES} ON a.id = f.rowid "
            f"WHERE f.articles_fts MATCH :m AND {' AND '.join(filters)}")


def _matches(db, expr: str, filters: list[str], params: dict, query: str, limit: int | None = None):
    """Lazily, the ids of the articles matching FTS5 ``expr`` and ``filters``, most recently archived
    (highest id) first: FTS5 reads its doclists in that order and stops at ``limit``, so the cost is
    bounded by the rows read, not by all matches."""
    sql = f"SELECT f.rowid {_from_matches(filters)} ORDER BY f.rowid DESC LIMIT {-1 if limit is None else int(limit)}"
    return (r[0] for r in _run(db, sql, {**params, "m": expr}, query))


def _scorer(db, q, query: str) -> ranking.Scorer:
    """The query's BM25F scorer: document frequencies estimated from a bounded sample of each positive
    word's matches, column averages from FTS5's totals record."""
    n, totals = ranking.decode_averages(
        (db.execute("SELECT block FROM articles_fts_data WHERE id = 1").fetchone() or [None])[0])
    folded = totals[4:8] if len(totals) >= 8 else []
    avg = tuple(t / n for t in folded) if n and folded else (1.0,) * 4
    max_id = db.execute("SELECT max(id) FROM articles").fetchone()[0] or 0
    terms = list(dict.fromkeys(q.highlight))
    cols = "{" + " ".join(FOLDED_COLUMNS) + "}"
    if len(terms) == 1 or not max_id:  # one word: its idf scales every score alike; no articles: no matches
        return ranking.Scorer(terms, [1.0] * len(terms), avg, q.near)
    idfs = []
    for word, prefix in terms:
        expr = _expand_prefixes(db, f'{cols} : "{word}"' + (" *" if prefix else ""))
        # a prefix is expanded (every posting of every word it starts) by each statement: sample it once
        ranges = [(0, max_id)] if prefix else ranking.strata(max_id)
        per_range = DF_SAMPLE // len(ranges)
        samples = [(lo, hi, [r[0] for r in _run(db, f"""SELECT rowid FROM articles_fts WHERE articles_fts MATCH :m
                                                      AND rowid > {lo} AND rowid <= {hi}
                                                      ORDER BY rowid DESC LIMIT {per_range}""", {"m": expr}, query)])
                   for lo, hi in ranges]
        idfs.append(ranking.idf(ranking.estimate_df(samples, per_range), n))
    return ranking.Scorer(terms, idfs, avg, q.near)


def _classes(q) -> list[tuple[int, str]]:
    """(exact flag, FTS5 expression) per exactness class, in rank order."""
    if not q.exact:
        return [(0, q.folded)]
    return [(1, q.exact), (0, f"({q.folded}) NOT ({q.exact})")]


# bm25 counts the folded columns only, as ``ranking.Scorer`` does (an exact-accent match is also a folded one)
BM25 = "bm25(f.articles_fts, " + ", ".join(["0"] * 4 + [str(w) for w in FTS_WEIGHTS[4:]]) + ")"


def _ranked_expr(db, q, expr: str) -> str:
    """``expr`` ANDed with an OR of the query's positive words and proximity phrases over the folded
    columns: the same matches (each match of a query holds one of its positive words), but bm25 then
    counts the folded words and, as one more phrase, the words standing together, like ``ranking.Scorer``."""
    cols = "{" + " ".join(FOLDED_COLUMNS) + "}"
    alternatives = [f'{cols} : "{" ".join(run)}"' for run in q.near]
    alternatives += [f'{cols} : "{word}"' + (" *" if prefix else "") for word, prefix in dict.fromkeys(q.highlight)]
    return f"({expr}) AND ({_expand_prefixes(db, ' OR '.join(alternatives))})"


def _by_bm25(db, expr: str, filters: list[str], params: dict, query: str, limit: int | None):
    """Lazily, the ids of the articles matching FTS5 ``expr`` and ``filters``, best FTS5 ``bm25()`` first
    (ties: most recently archived first). FTS5 computes bm25 for every match before the first row
    comes: the cost is linear in the matches."""
    sql = (f"SELECT f.rowid {_from_matches(filters)} ORDER BY {BM25}, f.rowid DESC "
           f"LIMIT {-1 if limit is None else int(limit)}")
    return (r[0] for r in _run(db, sql, {**params, "m": expr}, query))


def _rank_page(db, q, filters: list[str], params: dict, query: str, need: int | None,
               scorer: ranking.Scorer) -> list[tuple[int, int]]:
    """The first ``need`` (None: all) (id, exact) in rank order (see ``search``: the pool rule)."""
    out: list[tuple[int, int]] = []
    for exact, expr in _classes(q):
        if need is not None and len(out) >= need:
            break
        ranked = _ranked_expr(db, q, expr)
        best = _by_bm25(db, ranked, filters, params, query, RANK_POOL * RANK_CHUNKS)
        pool: list[int] = []
        scored: dict[int, tuple[float, str | None]] = {}
        while len(pool) < RANK_POOL * RANK_CHUNKS:
            chunk = list(itertools.islice(best, RANK_POOL))
            top = sorted((v[0] for v in scored.values()), reverse=True)[:RANK_TOP]
            scored.update(_scored(db, scorer, chunk))
            pool += chunk
            if len(chunk) < RANK_POOL or (top and len(top) == RANK_TOP
                                          and not any(scored[i][0] > top[-1] for i in chunk)):
                break  # the class is read whole, or the last chunk changed nothing in the top
        full = len(pool) >= RANK_POOL and len(pool) % RANK_POOL == 0
        out += [(i, exact) for i in in_rank_order(pool, scored)]
        if full and (need is None or len(out) < need):  # the class's remaining matches, in bm25 order
            seen = set(pool)
            for i in _by_bm25(db, ranked, filters, params, query, None if need is None else need + len(pool)):
                if i not in seen:
                    out.append((i, exact))
                    if need is not None and len(out) >= need:
                        break
    return out


def _candidate_page(db, q, filters: list[str], params: dict, query: str, need: int | None,
                    scorer: ranking.Scorer, portals: list[str]) -> list[tuple[int, int]] | None:
    """The first ``need`` (None: all) (id, exact) in rank order from the candidate index
    (``search_index``), or None (the caller then uses ``_rank_page``) without a usable index, for a word longer
    than it indexes or a byline filter without a word.

    Per exactness class, the index ranks the class's matches (portal and publication days applied
    there, the byline as a superset) by its BM25; its first ``CANDIDATES`` (and, for a query with an ``OR``,
    the best ``CANDIDATES`` holding every word: ``co_occurring``) are re-ranked by ``score``, the others
    follow in the index's order. Every row is checked against the filters, and against the query itself
    when the index matched a superset of it (a phrase ending in a prefix). A class with at most
    ``CANDIDATES`` matches is thus ranked whole by ``score``. The order does not depend on ``need``: pages
    concatenate."""
    index = search_index.synced(db)
    byline = params.get("byline")
    if index is None or not index.answers(q, byline):
        return None
    out: list[tuple[int, int]] = []
    since, until = params.get("since"), params.get("until")
    for exact, expr in _classes(q):
        if need is not None and len(out) >= need:
            break
        tier = bool(exact) if q.exact else None
        ids, more, exact_match = index.candidates(q, tier, portals, since, until, byline=byline)
        check = None if exact_match else expr
        listed = set(ids)
        extra = [i for i in index.co_occurring(q, tier, portals, since, until, byline=byline)
                 if i not in listed] if more else []
        head = _checked(db, ids + extra, check, filters, params, query)
        scored = _scored(db, scorer, head)
        out += [(i, exact) for i in in_rank_order(scored, scored)]
        read, proposed = len(ids), set(extra)  # (the tail is read after ``ids``: only the extra can come again)
        while more and (need is None or len(out) < need):  # the class's other matches, in the index's order
            # all: one read (each read ranks from the first match again); a page: what it still needs
            chunk = index.size if need is None else max(need - len(out), search_index.CANDIDATES)
            ids, more, _ = index.candidates(q, tier, portals, since, until, limit=chunk, offset=read, byline=byline)
            read += len(ids)
            out += [(i, exact) for i in _checked(db, [i for i in ids if i not in proposed], check, filters, params,
                                                 query)]
    return out


def _checked(db, ids: list[int], expr: str | None, filters: list[str], params: dict, query: str) -> list[int]:
    """Those of ``ids``, in order, passing ``filters`` and, when given, matching FTS5 ``expr`` (one rowid
    lookup each)."""
    if not ids:
        return []
    if filters:
        kept = {r[0] for r in db.execute(f"SELECT a.id FROM articles a WHERE a.id IN ({', '.join(map(str, ids))}) "
                                         f"AND {' AND '.join(filters)}", params)}
        ids = [i for i in ids if i in kept]
    if expr is None:
        return ids
    check = "SELECT 1 FROM articles_fts WHERE articles_fts MATCH :m AND rowid = :id"
    return [i for i in ids if _run(db, check, {"m": expr, "id": i}, query).fetchone()]


def in_rank_order(ids, scored: dict[int, tuple[float, str | None]]) -> list[int]:
    """``ids`` by score; ties newest published first (undated last), then by id. ``scored``: as ``_scored``."""
    order = sorted(ids)
    order.sort(key=lambda i: scored[i][1] or "", reverse=True)
    order.sort(key=lambda i: scored[i][0], reverse=True)  # stable: the earlier sorts break its ties
    return order


def _scored(db, scorer: ranking.Scorer, ids: list[int]) -> dict[int, tuple[float, str | None]]:
    """id -> (BM25F score, published_at) of the articles ``ids``."""
    return {row[0]: (scorer.score(row[2:]), row[1]) for row in db.execute(
        f"""SELECT f.rowid, a.published_at, f.title_folded, f.body_folded, f.captions_folded, f.byline_folded
            FROM articles_fts f JOIN articles a ON a.id = f.rowid
            WHERE f.rowid IN ({', '.join(str(int(i)) for i in ids) or 'NULL'})""")}


def _date_page(db, q, filters: list[str], params: dict, query: str, order: str,
               need: int | None, scorer: ranking.Scorer) -> list[tuple[int, int]]:
    """The first ``need`` (None: all) (id, exact) in ``newest``/``oldest`` order (undated last; exact
    matches, then score, break ties of the same date).

    Walks the ``published_at`` index, checking each article that passes the filters against the query
    (an FTS5 rowid lookup each); after ``WALK_CHECKS`` checks without a full page (the matches are rare
    among the articles walked), reads the match set once instead. Rows tied with the page's last date
    are all kept, so their tie-break order is complete."""
    direction = "DESC" if order == "newest" else ""
    where = " AND ".join(["a.published_at IS NOT NULL", *filters])
    page: list[tuple[int, str]] = []
    # a prefix FTS5 must expand itself (see _expand_prefixes) would be expanded by every per-article
    # check: such a query reads its match set once instead
    prefix = any(len(m.group(1).rsplit(" ", 1)[-1]) > 3 for m in _PREFIX_RE.finditer(q.folded))
    if need is not None and not prefix:
        check = "SELECT 1 FROM articles_fts WHERE articles_fts MATCH :folded AND rowid = :id"
        checks = 0
        for article_id, published in db.execute(
                f"""SELECT a.id, a.published_at FROM articles a INDEXED BY idx_articles_published_at
                    WHERE {where} ORDER BY a.published_at {direction}""", params):
            if len(page) >= need and published != page[-1][1]:
                break
            if checks >= WALK_CHECKS and len(page) < need:
                page = None
                break
            checks += 1
            if _run(db, check, {"folded": q.folded, "id": article_id}, query).fetchone():
                page.append((article_id, published))
    if need is None or prefix or page is None:  # all, a prefix, or matches too rare to walk: the match set
        page = []
        match_set = "(SELECT rowid FROM articles_fts WHERE articles_fts MATCH :folded)"
        for article_id, published in _run(db, f"""
                SELECT a.id, a.published_at FROM articles a INDEXED BY idx_articles_published_at
                WHERE {where} AND a.id IN {match_set} ORDER BY a.published_at {direction}""",
                                          {**params, "folded": q.folded}, query):
            if need is not None and len(page) >= need and published != page[-1][1]:
                break
            page.append((article_id, published))
    if need is None or len(page) < need:  # undated matches last, most recently archived first
        page += [(i, None) for i in _matches(db, q.folded, [*filters, "a.published_at IS NULL"], params, query,
                                             None if need is None else need - len(page))]
    exact = set()
    if q.exact:  # rowid lookups, one per page row
        ids = ", ".join(str(int(a)) for a, _ in page) or "NULL"
        exact = {r[0] for r in _run(db, f"SELECT rowid FROM articles_fts WHERE articles_fts MATCH :exact "
                                        f"AND rowid IN ({ids})", {"exact": q.exact}, query)}
    scored = _scored(db, scorer, [a for a, _ in page])
    rows = [(a, int(a in exact), scored[a][0], published) for a, published in page]
    dated = sorted((r for r in rows if r[3] is not None), key=lambda r: (-r[1], -r[2]))
    dated.sort(key=lambda r: r[3], reverse=order == "newest")  # stable: exact, then score, break date ties
    return [r[:2] for r in dated + [r for r in rows if r[3] is None]]


def _distinct_hits(text: str, highlight: tuple[str, str]) -> int:
    """How many different (folded) words ``text`` highlights: picks the snippet that shows most of the query."""
    parts = text.split(highlight[0])[1:]  # "[Cà Mau]" (adjacent hits marked as one) holds two words
    return len({word for p in parts for word in fold(p.split(highlight[1])[0]).split()})


def search_count(db: sqlite_utils.Database, query: str, portal=None, since=None, until=None,
                 byline=None) -> int:
    """How many articles ``search`` would return without a limit (same arguments, same errors)."""
    register_search_functions(db.conn)
    q, filters, params = _search_filters(db, query, portal, since, until, byline)
    return _run(db, f"SELECT count(*) {_from_matches(filters)}", {**params, "m": q.folded}, query).fetchone()[0]


def optimize_search_index(db: sqlite_utils.Database, pages: int | None = None) -> None:
    """Merge the full-text index's segments: all of them into one (``pages=None``: FTS5 ``optimize``, then
    ``PRAGMA optimize``), or about ``pages`` leaf pages of that work (FTS5 incremental ``merge``).

    Incremental writes leave the index in many segments, and every rowid lookup (exactness and
    date-order checks in ``search``) visits each of them: lookups slow down on an archive built in many
    batches. A crawl does a bounded merge when it ends; ``portal-archive optimize`` does the full one (it
    rewrites the whole index: minutes on a large archive)."""
    with transaction(db):
        if pages is None:
            db.execute("INSERT INTO articles_fts (articles_fts) VALUES ('optimize')")
        else:
            db.execute("INSERT INTO articles_fts (articles_fts, rank) VALUES ('merge', ?)", [-abs(int(pages))])
    if pages is None:
        db.execute("PRAGMA optimize")
