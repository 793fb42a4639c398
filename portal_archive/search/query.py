"""The search query language, parsed into safe SQLite FTS5 MATCH expressions (pure, no I/O).

Syntax (what a researcher types)::

    dân vận                 both words, anywhere in the article (implicit AND); ranked higher where they
                            stand together, in order (``Query.near``)
    "đà nẵng"               a phrase: the words adjacent, in order
    dan*   "uy ban nhan*"   prefix: words starting with "dan"; a phrase whose last word is a prefix
    a AND b   a OR b   a NOT b   ( ... )     boolean operators (upper case) and grouping;
                            precedence NOT > AND > OR, as in FTS5

Matching is accent-insensitive (every word is folded with ``portal_archive.search.textfold.fold`` and matched
against the folded shadow columns); a query typed with accents also yields an *exact* expression over
the original columns, which the archive uses to rank exact-accent matches first. NFD queries are
read as NFC. Punctuation inside words splits them like the index does ("covid-19" is the phrase
"covid 19"). Anything the parser cannot read raises ``SearchError`` with a one-line message; the
generated expressions only ever contain quoted words, so user input never reaches FTS5 unescaped.
"""
from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass, field

from portal_archive.errors import PortalArchiveError
from portal_archive.search.textfold import fold, fold_with_offsets, has_marks, words

EXACT_COLUMNS = ("title", "body_text", "captions", "byline")
FOLDED_COLUMNS = ("title_folded", "body_folded", "captions_folded", "byline_folded")
OPERATORS = ("AND", "OR", "NOT")


class SearchError(PortalArchiveError):
    """A query the parser cannot read; the message is one line, fit for a user."""


@dataclass
class Term:
    """One word or phrase (several words); ``prefix`` makes the last word a prefix."""

    tokens: list[str]
    prefix: bool = False


@dataclass
class Op:
    """``AND``/``OR`` over two or more operands, or ``NOT`` (exactly two: left NOT right)."""

    op: str
    args: list = field(default_factory=list)


@dataclass
class Query:
    """A parsed query: ``folded`` and ``exact`` FTS5 expressions plus the words to highlight."""

    text: str
    tree: object
    folded: str
    exact: str | None  # None when the query has no accents: then there is nothing to rank by
    highlight: list[tuple[str, bool]]  # folded (word, is_prefix) of the positive terms
    near: list[tuple[str, ...]] = field(default_factory=list)  # folded runs of ANDed words ranked higher adjacent


# --- lexer -------------------------------------------------------------------------------------

_CHUNK_RE = re.compile(r'[^\s"()]+')


def _lex(text: str) -> list[tuple[str, object]]:
    tokens: list[tuple[str, object]] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch.isspace():
            i += 1
        elif ch in "()":
            tokens.append((ch, None))
            i += 1
        elif ch == '"':
            end = text.find('"', i + 1)
            if end < 0:
                raise SearchError('unbalanced quotes: a phrase opened with " is never closed')
            inner, i = text[i + 1:end], end + 1
            prefix = i < n and text[i] == "*"
            i += prefix
            if "*" in inner:
                raise SearchError(f'"*" cannot stand inside a phrase ("{inner}"); put it after the '
                                  'closing quote, e.g. "uy ban nhan"*')
            toks = words(inner)
            if not toks:
                raise SearchError(f'empty phrase "{inner}": put words between the quotes')
            tokens.append(("TERM", Term(toks, prefix)))
        else:
            chunk = _CHUNK_RE.match(text, i).group()
            i += len(chunk)
            if chunk in OPERATORS:
                tokens.append((chunk, None))
                continue
            prefix = chunk.endswith("*")
            body = chunk.rstrip("*") if prefix else chunk
            if not body.strip("*"):
                raise SearchError('"*" must follow a word, e.g. dan* for words starting with "dan"')
            if "*" in body:
                raise SearchError(f'"*" can only end a word ("{chunk}"), e.g. dan*')
            toks = words(body)
            if toks:
                tokens.append(("TERM", Term(toks, prefix)))
            elif prefix:
                raise SearchError(f'"*" must follow a word ("{chunk}"), e.g. dan*')
            # a chunk of punctuation only carries no word: the index has none either, skip it
    return tokens


# --- parser ------------------------------------------------------------------------------------

class _Parser:
    def __init__(self, tokens):
        self.tokens, self.pos = tokens, 0

    def peek(self):
        return self.tokens[self.pos][0] if self.pos < len(self.tokens) else None

    def take(self):
        tok = self.tokens[self.pos]
        self.pos += 1
        return tok

    def starts_operand(self):
        return self.peek() in ("TERM", "(")

    def parse(self):
        if not self.tokens:
            raise SearchError("the query has no words to search for (only punctuation)")
        tree = self.parse_or()
        if self.peek() == ")":
            raise SearchError('unbalanced parentheses: ")" without a matching "("')
        if self.peek() is not None:  # pragma: no cover - parse_or consumes everything else
            raise SearchError(f"cannot read the query near {self.peek()!r}")
        return tree

    def operand(self, after: str | None):
        if self.starts_operand():
            return self.parse_unary()
        if after:
            raise SearchError(f"{after} needs a search term on both sides, e.g. 'dang {after} dan'")
        return self.parse_unary()

    def parse_or(self):
        args = [self.parse_and(None)]
        while self.peek() == "OR":
            self.take()
            args.append(self.parse_and("OR"))
        return args[0] if len(args) == 1 else Op("OR", args)

    def parse_and(self, after):
        args = [self.parse_not(after)]
        while self.peek() == "AND" or self.starts_operand():
            if self.peek() == "AND":
                self.take()
                args.append(self.parse_not("AND"))
            else:
                args.append(self.parse_not(None))
        return args[0] if len(args) == 1 else Op("AND", args)

    def parse_not(self, after):
        left = self.operand(after)
        while self.peek() == "NOT":
            self.take()
            if not self.starts_operand():
                raise SearchError("NOT needs a search term after it, e.g. 'dang NOT dan'")
            left = Op("NOT", [left, self.parse_unary()])
        return left

    def parse_unary(self):
        kind = self.peek()
        if kind == "TERM":
            return self.take()[1]
        if kind == "(":
            self.take()
            if self.peek() == ")":
                raise SearchError("empty parentheses: put search terms between ( and )")
            tree = self.parse_or()
            if self.peek() != ")":
                raise SearchError('unbalanced parentheses: "(" is never closed')
            self.take()
            return tree
        if kind == "NOT":
            raise SearchError("NOT needs a search term before it, e.g. 'dang NOT dan' "
                              "(FTS cannot search for what is absent alone)")
        if kind in ("AND", "OR"):
            raise SearchError(f"{kind} needs a search term on both sides, e.g. 'dang {kind} dan'")
        if kind == ")":
            raise SearchError('unbalanced parentheses: ")" without a matching "("')
        raise SearchError("the query ends too early: a search term is missing at the end")


# --- rendering ---------------------------------------------------------------------------------

def _render(tree, exact: bool) -> str:
    """FTS5 text of ``tree``: folded words against the folded columns; with ``exact``, the words typed
    with accents are matched as typed against the original columns (accent-free words stay folded)."""
    if isinstance(tree, Term):
        as_typed = exact and any(has_marks(t) for t in tree.tokens)
        columns = EXACT_COLUMNS if as_typed else FOLDED_COLUMNS
        toks = [t.lower() if as_typed else fold(t) for t in tree.tokens]
        return "{%s} : \"%s\"%s" % (" ".join(columns), " ".join(toks), " *" if tree.prefix else "")
    joined = f" {tree.op} ".join(_render(a, exact) for a in tree.args)
    return f"({joined})"


def _positive_terms(tree, out: list[tuple[str, bool]]) -> list[tuple[str, bool]]:
    if isinstance(tree, Term):
        for i, tok in enumerate(tree.tokens):
            out.append((fold(tok), tree.prefix and i == len(tree.tokens) - 1))
    elif tree.op == "NOT":
        _positive_terms(tree.args[0], out)
    else:
        for a in tree.args:
            _positive_terms(a, out)
    return out


def parse_query(text: str) -> Query:
    """Parse ``text`` (NFC or NFD) into a ``Query``; raise ``SearchError`` on a malformed query."""
    if text is None or not text.strip():
        raise SearchError("empty query: type one or more words to search for")
    text = unicodedata.normalize("NFC", text.strip())
    tree = _Parser(_lex(text)).parse()
    folded = _render(tree, exact=False)
    exact = _render(tree, exact=True) if has_marks(text) else None
    return Query(text, tree, folded, exact, _positive_terms(tree, []), _near(tree, []))


def _near(tree, out: list[tuple[str, ...]]) -> list[tuple[str, ...]]:
    """The proximity phrases of ``tree``: each run of two or more consecutive terms of an AND (none a
    prefix), their folded words in order. ``ca mau`` -> ``[("ca", "mau")]``; the ranking counts the run
    standing together in a document like an extra term (adjacent words beat scattered ones)."""
    if isinstance(tree, Term):
        return out
    if tree.op == "NOT":
        return _near(tree.args[0], out)
    run: list[str] = []
    terms = 0
    for arg in [*tree.args, None]:
        if tree.op == "AND" and isinstance(arg, Term) and not arg.prefix:
            run += [fold(t) for t in arg.tokens]
            terms += 1
            continue
        if terms >= 2:
            out.append(tuple(run))
        run, terms = [], 0
        if arg is not None and not isinstance(arg, Term):
            _near(arg, out)
    return list(dict.fromkeys(out))


# --- snippets ----------------------------------------------------------------------------------

_WORD_CHAR = r"[^\W_]"  # as in textfold.WORD_RE: what SQLite's unicode61 tokenizer keeps in a word


@functools.lru_cache(maxsize=256)
def term_pattern(terms: tuple[tuple[str, bool], ...]) -> re.Pattern:
    """A regex finding, in folded text, each whole word equal to a term (or starting with it, for a
    prefix term); group n + 1 is set when the word matched ``terms[n]`` (the first that fits)."""
    alternatives = "|".join(f"({re.escape(w)}{_WORD_CHAR + '*' if prefix else ''})" for w, prefix in terms)
    return re.compile(f"(?<!{_WORD_CHAR})(?:{alternatives})(?!{_WORD_CHAR})")


SNIPPET_SCAN_CHARS = 1_000_000  # text considered for a snippet: a longer article's hits beyond it are not looked at
SNIPPET_MAX_HITS = 1000  # hits considered for the window: the densest cluster among the first ones
_SPACE_RE = re.compile(r"\s+")


def snippet_hits(text: str, terms: list[tuple[str, bool]]) -> tuple[str, list[tuple[int, int]], list[int]]:
    """(the text a snippet is cut from, the spans of the hits in it, the term each hit matched): the
    text's first ``SNIPPET_SCAN_CHARS`` characters, NFC, runs of white space made one space; at most
    ``SNIPPET_MAX_HITS`` hits."""
    text = _SPACE_RE.sub(" ", unicodedata.normalize("NFC", text[:SNIPPET_SCAN_CHARS])).strip()
    folded, offsets = fold_with_offsets(text)
    hits, matched = [], []
    for m in term_pattern(tuple(terms)).finditer(folded):
        s, e = m.span()
        hits.append((offsets[s], offsets[e - 1] + 1) if offsets is not None else (s, e))
        matched.append(m.lastindex - 1)
        if len(hits) >= SNIPPET_MAX_HITS:
            break
    return text, hits, matched


def snippet(text: str | None, terms: list[tuple[str, bool]], before: str = "[", after: str = "]",
            size: int = 180) -> str | None:
    """A window of about ``size`` characters of ``text`` around the densest cluster of ``terms``
    (folded ``(word, is_prefix)`` pairs, as in ``Query.highlight``), each hit wrapped in
    ``before``/``after``; the original accents are kept. None when no term occurs in ``text``.

    Work is linear and bounded whatever the text: only its first ``SNIPPET_SCAN_CHARS`` characters and
    their first ``SNIPPET_MAX_HITS`` hits are considered (a 20 MB article costs what its first
    megabyte costs)."""
    if not text or not terms:
        return None
    text, hits, matched = snippet_hits(text, terms)
    if not hits:
        return None
    best, best_key, j, counts, span = 0, None, 0, {}, size * 2 // 3
    for i in range(len(hits)):  # two pointers: the hits inside [hits[i] start, + span]
        while j < len(hits) and hits[j][1] <= hits[i][0] + span:
            counts[matched[j]] = counts.get(matched[j], 0) + 1
            j += 1
        key = (len(counts), j - i)  # most distinct terms, then most hits; the earliest wins ties
        if best_key is None or key > best_key:
            best, best_key = i, key
        if j > i:
            counts[matched[i]] -= 1
            if not counts[matched[i]]:
                del counts[matched[i]]
        else:
            j = i + 1
    start = max(0, hits[best][0] - size // 3)
    if start > 0:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < hits[best][0] else hits[best][0]
    end = min(len(text), start + size)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > hits[best][1] else max(end, hits[best][1])
    merged: list[tuple[int, int]] = []
    for s, e in hits:  # "[Dân vận]" rather than "[Dân] [vận]"
        if e <= start or s >= end:
            continue
        if merged and not text[merged[-1][1]:s].strip():
            merged[-1] = (merged[-1][0], e)
        else:
            merged.append((s, e))
    out, pos = [], start
    for s, e in merged:
        if s >= start and e <= end:
            out += [text[pos:s], before, text[s:e], after]
            pos = e
    out.append(text[pos:end])
    return ("…" if start > 0 else "") + "".join(out) + ("…" if end < len(text) else "")
