"""The candidate index: a tantivy index beside the archive that proposes, per accent tier, the articles a
ranked search re-scores (``fulltext.search``); SQLite stays the record and the index is rebuilt from it.

Where: ``files_dir(db) / "search-index"``. What: per article its id, portal and the four searched
columns twice, folded (``textfold.fold``) and NFC lower-cased, split into words as FTS5's ``unicode61``
splits them (``textfold.WORD_RE``). A query's candidates are its top ``CANDIDATES`` matches by BM25 over
the folded fields, boosted like ``ranking.COLUMN_WEIGHTS`` (title 10, captions and byline 2, body 1).

In step with the archive: ``refresh_search_index`` appends every re-indexed article id to
``search_log`` (same transaction as the write, so a crash loses both or neither); the index stores the
last log ``seq`` it applied (``state.json``, written after each commit). ``synced`` applies the
entries after it (delete the article, add it back from SQLite if it still exists: replaying is
harmless) before answering. The index is not used (searches take the FTS5 path) when it is missing,
unreadable, locked by another writer while changes are pending, more than ``SYNC_AT_SEARCH`` changes
behind, behind entries already pruned from the log, ahead of the log, or holding another article count
than FTS5. ``reindex_candidate_index`` rebuilds it from SQLite (``optimize_candidate_index``: when there is one).
"""
from __future__ import annotations

import json
import os
import shutil
import sqlite3
from pathlib import Path

import sqlite_utils

from portal_archive.archive.paths import files_dir, read_only_uri
from portal_archive.search.query import Query, Term
from portal_archive.search.ranking import COLUMN_WEIGHTS, decode_averages, idf
from portal_archive.search.textfold import WORD_RE, fold, has_marks

INDEX_DIR = "search-index"
STATE = "state.json"
FORMAT = 2
CANDIDATES = 300        # proposed per accent tier, re-scored by ranking.Scorer
SYNC_AT_SEARCH = 2000   # log entries a search applies itself; further behind, it takes the FTS5 path
MAX_TOKEN_CHARS = 200   # longer "words" are not indexed (tantivy refuses terms of more than 64 KB)
PREFIX_TERMS = 64       # words of a prefix that score candidates, per column (the most frequent)
HEAP = 64_000_000

FOLDED = ("title_f", "body_f", "captions_f", "byline_f")
EXACT = ("title_x", "body_x", "captions_x", "byline_x")
CREDIT = "credit_f"  # the folded words of the byline and authors, for the byline filter (not scored)


def index_dir(db: sqlite_utils.Database) -> Path | None:
    """The candidate index folder of the archive open in ``db`` (None for an in-memory database)."""
    for _, name, file in db.execute("PRAGMA database_list").fetchall():
        if name == "main":
            return files_dir(file) / INDEX_DIR if file else None
    return None


def _schema():
    import tantivy

    sb = tantivy.SchemaBuilder()
    sb.add_unsigned_field("id", stored=True, indexed=True, fast=True)
    sb.add_text_field("portal", tokenizer_name="raw", index_option="basic")
    sb.add_unsigned_field("day", fast=True)  # publication day as YYYYMMDD, 0 when undated
    for name in FOLDED + EXACT:
        sb.add_text_field(name, tokenizer_name="whitespace", index_option="position")
    sb.add_text_field(CREDIT, tokenizer_name="whitespace", index_option="basic")
    return sb.build()


def _words(text: str | None) -> str:
    return " ".join(w for w in WORD_RE.findall(text or "") if len(w) <= MAX_TOKEN_CHARS)


def _rows(conn, where: str = "", params=()):
    """(id, portal, title, body, captions, byline, and their folded forms) of the indexed articles."""
    return conn.execute(f"""SELECT f.rowid, a.portal, a.published_at, f.title, f.body_text, f.captions, f.byline, f.title_folded,
                                   f.body_folded, f.captions_folded, f.byline_folded, a.byline, a.authors
                            FROM articles_fts f JOIN articles a ON a.id = f.rowid {where}""", params)


def _document(row):
    import tantivy

    doc = tantivy.Document()
    doc.add_unsigned("id", int(row[0]))
    doc.add_text("portal", row[1] or "")
    doc.add_unsigned("day", day_number(row[2]))
    for name, text in zip(EXACT, row[3:7]):
        doc.add_text(name, _words((text or "").lower()))
    for name, text in zip(FOLDED, row[7:11]):
        doc.add_text(name, _words(text))
    doc.add_text(CREDIT, _words(fold(f"{row[11] or ''} {row[12] or ''}")))  # as fulltext's byline filter folds them
    return doc


def day_number(value: str | None) -> int:
    """``YYYY-MM-DD...`` as the number YYYYMMDD; 0 for anything else (undated)."""
    day = (value or "")[:10]
    if len(day) == 10 and day[4] == day[7] == "-" and (digits := day[:4] + day[5:7] + day[8:]).isdigit():
        return int(digits)
    return 0


def _state(path: Path) -> dict | None:
    """The index's ``state.json`` (format and last applied log ``seq``), or None when unreadable."""
    try:
        state = json.loads((path / STATE).read_text())
    except (OSError, ValueError):
        return None
    return state if isinstance(state, dict) else None


def _read_state(path: Path) -> int | None:
    """The last log ``seq`` the index applied, or None when unreadable or of another format."""
    state = _state(path)
    try:
        return int(state["seq"]) if state is not None and state.get("format") == FORMAT else None
    except (KeyError, TypeError, ValueError):
        return None


def _write_state(path: Path, seq: int) -> None:
    tmp = path / (STATE + ".tmp")
    tmp.write_text(json.dumps({"format": FORMAT, "seq": seq}))
    os.replace(tmp, path / STATE)


def _log_bounds(conn) -> tuple[int, int | None]:
    """(highest seq given, lowest seq still in the log) of ``search_log`` (pruning keeps the highest)."""
    top = conn.execute("SELECT max(seq) FROM search_log").fetchone()[0]  # one aggregate each: an index seek
    low = conn.execute("SELECT min(seq) FROM search_log").fetchone()[0]
    return top or 0, low


def has_log(db: sqlite_utils.Database) -> bool:
    return db.execute("SELECT 1 FROM sqlite_master WHERE name = 'search_log'").fetchone() is not None


class CandidateIndex:
    """An open, synced candidate index: ``candidates(query, limit) -> (ids, complete)``."""

    def __init__(self, index):
        self.index = index
        self.schema = index.schema
        self.size = index.searcher().num_docs

    def candidates(self, q: Query, exact_tier: bool | None, portals: list[str], since: str | None = None,
                   until: str | None = None, limit: int | None = None, offset: int = 0, byline: str | None = None
                   ) -> tuple[list[int], bool, bool]:
        """(ids best first, whether more match, whether the match test was exact) of the best
        ``offset`` to ``offset + limit`` (default ``CANDIDATES``) of the
        articles matching ``q`` in one tier (``exact_tier`` True: the exact-accent matches; False: the
        other matches of an accented query; None: an accent-free query) in ``portals`` (all if empty),
        published from ``since`` to ``until`` (``YYYY-MM-DD``, inclusive; either given: dated ones only),
        credited to ``byline`` (folded; a superset: those whose byline or authors hold a word holding each of
        its words, which the caller narrows to those holding it whole).

        Where the translation is not exact (a phrase ending in a prefix; a NOT of one), the matches are a
        superset of the query's: the caller checks them."""
        must, is_exact = self._must(q, exact_tier, portals, since, until, byline)
        limit = CANDIDATES if limit is None else limit
        # one more than asked tells whether more match; counting them all would visit every match
        ids = self._best(q, must, limit + 1, offset)
        return ids[:limit], len(ids) > limit, is_exact

    def co_occurring(self, q: Query, exact_tier: bool | None, portals: list[str], since: str | None = None,
                     until: str | None = None, byline: str | None = None) -> list[int]:
        """For a query with an ``OR``: the best ``CANDIDATES`` of the ``candidates`` matches that hold every positive
        word (``[]`` otherwise). The score adds up the words an article holds, so one holding both sides of
        an ``OR`` can outrank the best one-sided matches, which the index's per-column scores propose first."""
        import tantivy

        if not _has_or(q.tree) or len(set(q.highlight)) < 2:
            return []
        words = [self._term(Term([w], p), False)[0] for w, p in dict.fromkeys(q.highlight)]
        must, _ = self._must(q, exact_tier, portals, since, until, byline)
        return self._best(q, must + [tantivy.Query.boolean_query([(tantivy.Occur.Must, w) for w in words])],
                          CANDIDATES, 0)

    def _must(self, q: Query, exact_tier: bool | None, portals: list[str], since: str | None, until: str | None,
              byline: str | None = None):
        """(queries all to be matched, whether they test the query exactly): ``q`` in its tier, the portals, the
        publication days, the byline (see ``candidates``)."""
        import tantivy

        Occur = tantivy.Occur
        match, is_exact = self._tree(q.tree, exact_tier is True)
        must = [match]
        if exact_tier is False:
            excluded, ok = self._tree(q.tree, True)
            if ok:
                must = [tantivy.Query.boolean_query([(Occur.Must, match), (Occur.MustNot, excluded)])]
            else:
                is_exact = False
        if portals:
            must.append(self._any([tantivy.Query.term_query(self.schema, "portal", p) for p in portals]))
        if since or until:
            must.append(tantivy.Query.range_query(self.schema, "day", tantivy.FieldType.Unsigned,
                                                  day_number(since) if since else 1,
                                                  day_number(until) if until else 99_999_999))
        for word in WORD_RE.findall(byline or ""):  # the filter's words within the credit's words
            must.append(tantivy.Query.regex_query(self.schema, CREDIT, f".*{_regex_literal(word)}.*"))
        return must, is_exact

    def _best(self, q: Query, must: list, limit: int, offset: int) -> list[int]:
        """The ids of the best ``offset`` to ``offset + limit`` documents matching all of ``must``, by the query's
        BM25 (``_scoring``)."""
        import tantivy

        Occur = tantivy.Occur
        clauses = [(Occur.Must, tantivy.Query.const_score_query(m, 0.0)) for m in must]
        searcher = self.index.searcher()
        clauses += [(Occur.Should, s) for s in self._scoring(q, searcher)]
        result = searcher.search(tantivy.Query.boolean_query(clauses), limit, count=False, offset=offset)
        addresses = [address for _, address in result.hits]
        return [int(i) for i in searcher.fast_field_values("id", addresses)] if addresses else []

    @staticmethod
    def answers(q: Query, byline: str | None = None) -> bool:
        """Whether the index can propose candidates for ``q`` (and a ``byline`` filter, folded): not when a word is
        longer than it indexes, nor for a byline filter without a word."""
        if byline is not None and not WORD_RE.search(byline):
            return False
        return all(len(w) <= MAX_TOKEN_CHARS for w, _ in q.highlight) and \
            all(len(w) <= MAX_TOKEN_CHARS for w in q.text.split())

    def _any(self, queries):
        import tantivy

        if len(queries) == 1:
            return queries[0]
        return tantivy.Query.boolean_query([(tantivy.Occur.Should, x) for x in queries])

    def _term(self, term: Term, exact: bool):
        """(query, exact) of one word or phrase, in any of the four columns (as FTS5's column filter)."""
        import tantivy

        Q = tantivy.Query
        as_typed = exact and any(has_marks(t) for t in term.tokens)
        fields = EXACT if as_typed else FOLDED
        toks = [w for t in term.tokens for w in WORD_RE.findall(t.lower() if as_typed else fold(t))]
        if not toks or any(len(t) > MAX_TOKEN_CHARS for t in toks):  # (``answers`` refuses such queries)
            return Q.all_query(), False
        per_field, is_exact = [], True
        for f in fields:
            if term.prefix:
                last = Q.regex_query(self.schema, f, _regex_literal(toks[-1]) + ".*")
                if len(toks) == 1:
                    per_field.append(last)
                else:  # the words, the last a prefix, anywhere in the column: a superset of the phrase
                    is_exact = False
                    per_field.append(Q.boolean_query(
                        [(tantivy.Occur.Must, Q.term_query(self.schema, f, t)) for t in toks[:-1]]
                        + [(tantivy.Occur.Must, last)]))
            elif len(toks) == 1:
                per_field.append(Q.term_query(self.schema, f, toks[0]))
            else:
                per_field.append(Q.phrase_query(self.schema, f, toks))
        return self._any(per_field), is_exact

    def _tree(self, tree, exact: bool):
        """(query, exact) of a parsed query tree: the same matches as its FTS5 rendering when exact, a
        superset otherwise."""
        import tantivy

        Occur = tantivy.Occur
        if isinstance(tree, Term):
            return self._term(tree, exact)
        parts = [self._tree(a, exact) for a in tree.args]
        ok = all(p[1] for p in parts)
        if tree.op == "AND":
            return tantivy.Query.boolean_query([(Occur.Must, p[0]) for p in parts]), ok
        if tree.op == "OR":
            return tantivy.Query.boolean_query([(Occur.Should, p[0]) for p in parts]), ok
        (left, left_ok), (right, right_ok) = parts  # NOT
        if not right_ok:  # dropping an inexact exclusion keeps a superset
            return left, False
        return tantivy.Query.boolean_query([(Occur.Must, left), (Occur.MustNot, right)]), ok

    def _scoring(self, q: Query, searcher):
        """The query's positive words and proximity runs over the folded fields, boosted per column; a
        prefix counts as its ``PREFIX_TERMS`` most frequent words in each column."""
        import tantivy

        Q = tantivy.Query
        out = []
        for word, prefix in dict.fromkeys(q.highlight):
            if len(word) > MAX_TOKEN_CHARS or not WORD_RE.fullmatch(word):
                continue
            for f, w in zip(FOLDED, COLUMN_WEIGHTS):
                if not prefix:
                    out.append(Q.boost_query(Q.term_query(self.schema, f, word), w))
                    continue
                # the Scorer counts a prefix's words as one term: each word's own idf is divided out
                out += [Q.boost_query(Q.term_query(self.schema, f, t), w / idf(df, searcher.num_docs))
                        for t, df in searcher.terms_with_prefix(f, word, limit=PREFIX_TERMS)]
        for run in q.near:
            for f, w in zip(FOLDED, COLUMN_WEIGHTS):
                out.append(Q.boost_query(Q.phrase_query(self.schema, f, list(run)), w))
        return out


def _has_or(tree) -> bool:
    """Whether a query tree holds an ``OR`` among its positive parts (the right of a ``NOT`` excludes)."""
    if isinstance(tree, Term):
        return False
    if tree.op == "OR":
        return True
    return any(_has_or(a) for a in (tree.args[:1] if tree.op == "NOT" else tree.args))


def _regex_literal(word: str) -> str:
    return "".join(c if c.isalnum() else "\\" + c for c in word)


def outdated(db: sqlite_utils.Database) -> bool:
    """Whether the archive has a candidate index written by another version of this format (unused until
    ``reindex_candidate_index`` rebuilds it)."""
    path = index_dir(db)
    state = _state(path) if path is not None else None
    return state is not None and state.get("format") != FORMAT


def synced(db: sqlite_utils.Database, bound: int | None = SYNC_AT_SEARCH) -> CandidateIndex | None:
    """The archive's candidate index with every logged change applied, or None when it cannot be used
    (see the module docstring): the caller then searches without it."""
    path = index_dir(db)
    if path is None or not (path / STATE).is_file() or not has_log(db):
        return None
    try:
        import tantivy

        seq = _read_state(path)
        if seq is None:
            return None
        folder = os.stat(path).st_ino  # a reindex may swap another folder in meanwhile
        index = tantivy.Index.open(str(path))
        top, low = _log_bounds(db.conn)
        if seq > top or (top > seq and (low is None or low > seq + 1)):
            return None  # ahead of the log (another archive's index) or behind pruned entries
        if top > seq:
            pending = [r[0] for r in db.execute(
                "SELECT DISTINCT article_id FROM search_log WHERE seq > ? AND seq <= ?", [seq, top])]
            if bound is not None and len(pending) > bound:
                return None
            _apply(db.conn, index, path, pending, top, folder)
        index.reload()
        block = db.execute("SELECT block FROM articles_fts_data WHERE id = 1").fetchone()
        if index.searcher().num_docs != decode_averages(block[0] if block else None)[0]:
            return None  # FTS5's own row count (its totals record): not the same articles
        return CandidateIndex(index)
    except (ImportError, OSError, ValueError, RuntimeError, sqlite3.Error):
        return None  # unreadable, locked by another writer, or read-only with changes pending


def _apply(conn, index, path: Path, ids: list[int], seq: int, folder: int) -> None:
    """Re-index ``ids`` from SQLite (each deleted, then added back if still indexed), commit, record ``seq``."""
    import tantivy

    writer = index.writer(HEAP, 1)
    try:
        for i in range(0, len(ids), 500):
            chunk = ids[i:i + 500]
            for article_id in chunk:  # by query: delete_documents_by_term misses u64 fields in tantivy-py 0.27
                writer.delete_documents_by_query(tantivy.Query.term_query(index.schema, "id", int(article_id)))
            marks = ", ".join("?" * len(chunk))
            for row in _rows(conn, f"WHERE f.rowid IN ({marks})", chunk):
                writer.add_document(_document(row))
        writer.commit()
        writer.wait_merging_threads()
    except BaseException:
        writer.rollback()
        raise
    if os.stat(path).st_ino == folder:  # else the index just updated was replaced by a rebuild: leave its state
        _write_state(path, seq)


def sync_candidate_index(db: sqlite_utils.Database) -> bool:
    """Apply every pending change to the archive's candidate index, however many (a crawl does this when
    it ends); prune the log entries it holds. False when there is no usable index."""
    index = synced(db, bound=None)
    path = index_dir(db)
    if index is None or path is None:
        return False
    _prune(db, _read_state(path))
    return True


def _prune(db, seq: int | None) -> None:
    if seq is None:
        return
    from portal_archive.archive.db import transaction

    try:
        with transaction(db):
            db.execute("DELETE FROM search_log WHERE seq <= ? AND seq < (SELECT max(seq) FROM search_log)", [seq])
    except sqlite3.Error:  # read-only or busy: the entries stay, harmlessly
        pass


def reindex_candidate_index(db: sqlite_utils.Database) -> int:
    """Rebuild the archive's candidate index from SQLite (a new folder swapped in when complete); return
    the articles indexed. Changes committed meanwhile are logged and applied by the next search."""
    import tantivy

    path = index_dir(db)
    if path is None:
        return 0
    from portal_archive.archive.db import ArchiveError

    new = path.with_name(INDEX_DIR + ".new")
    shutil.rmtree(new, ignore_errors=True)
    try:
        new.mkdir(parents=True)
    except OSError as exc:
        raise ArchiveError(f"cannot create the search index folder {new}: {exc.strerror}") from None
    file = db.execute("PRAGMA database_list").fetchone()[2]
    conn = sqlite3.connect(read_only_uri(file), uri=True)
    try:
        conn.execute("BEGIN")  # one snapshot: the log position and the rows read agree
        top, _ = _log_bounds(conn) if conn.execute(
            "SELECT 1 FROM sqlite_master WHERE name = 'search_log'").fetchone() else (0, None)
        index = tantivy.Index(_schema(), path=str(new), reuse=False)
        writer = index.writer(HEAP * 2, 1)
        count = 0
        for row in _rows(conn):
            writer.add_document(_document(row))
            count += 1
        writer.commit()
        writer.wait_merging_threads()
        conn.execute("COMMIT")
    finally:
        conn.close()
    _write_state(new, top)
    old = path.with_name(INDEX_DIR + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if path.exists():
        path.rename(old)
    new.rename(path)
    shutil.rmtree(old, ignore_errors=True)
    _prune(db, top)
    return count


def optimize_candidate_index(db: sqlite_utils.Database) -> int | None:
    """Rebuild the candidate index compactly (one pass over SQLite; deleted documents dropped) when the
    archive has one; return the articles indexed, or None when it has none."""
    path = index_dir(db)
    if path is None or not path.exists():
        return None
    return reindex_candidate_index(db)
