"""Normalisation: NFC text, ISO 8601 dates in +07:00 beside the raw string, integer counters,
canonical URL and url_key, content hash and simhash. Pure functions on items; no HTML here."""
from __future__ import annotations

import hashlib
import re
from dataclasses import asdict
from urllib.parse import quote

from crawler.extract.counters import parse_count
from crawler.extract.dates import parse_date
from crawler.extract.text import CONTROL_CHARS, nfc, strip_controls
from crawler.items import Article, CounterSnapshot, UrlEvent, UrlEvents
from crawler.urls import canonical_url, url_key
from portal_archive.archive.stories import simhash

# a run of spaces and tabs, NBSP, ZWSP to one space; a lone space (most of them) is not matched: it would be
# replaced by itself, at the cost of a match object each
_WS = re.compile(r"[ \t\r\f\v\u00a0\u200b]{2,}|[\t\r\f\v\u00a0\u200b]")
_BLANKS = re.compile(r"\n\s*\n+")


def tidy_text(text: str | None) -> str | None:
    """``nfc`` of ``text`` without control characters (``CONTROL_CHARS``: terminal escapes, bidi overrides; the
    page's bytes stay in the WARC), each run of spaces collapsed and lines stripped (newlines kept, at most one
    blank line in a row); None stays None, blank becomes None."""
    if text is None:
        return None
    text = _WS.sub(" ", nfc(strip_controls(text)))  # (a control between a letter and its mark: out before NFC)
    text = "\n".join(line.strip() for line in text.split("\n"))
    text = _BLANKS.sub("\n\n", text).strip()
    return text or None


def _url_controls(url: str) -> str:
    """``url`` with its control characters percent-encoded, as a browser sends them."""
    return CONTROL_CHARS.sub(lambda m: quote(m.group()), url) if CONTROL_CHARS.search(url) else url


def person_name(name: str | None) -> str | None:
    """A person's name as one spelling: ``tidy_text``, and a name in capitals ("TẤN LẬP") in title case ("Tấn
    Lập"), as the same person is printed elsewhere; initials ("P.Y") stay. The byline keeps the name as printed."""
    name = tidy_text(name)
    words = name.split() if name else []
    if name and name.isupper() and all(w.replace("-", "").isalpha() for w in words) \
            and (len(words) > 1 or len(name) > 2):
        return name.title()
    return name


def content_hash(body: str | None) -> str | None:
    """sha256 of the NFC body with all whitespace collapsed to single spaces."""
    if not body:
        return None
    flat = " ".join(nfc(body).split())
    return hashlib.sha256(flat.encode("utf-8")).hexdigest()


def normalize_counters(raw: dict[str, str] | None) -> dict[str, int] | None:
    if not raw:
        return None
    values = {kind: parse_count(text) for kind, text in raw.items()}
    values = {k: v for k, v in values.items() if v is not None}
    return values or None


def normalize_article(article: Article) -> Article:
    """Fill the normalised fields of ``article`` in place (and return it)."""
    article.title = tidy_text(article.title)
    article.body_text = tidy_text(article.body_text)
    article.byline = tidy_text(article.byline)
    article.source = tidy_text(article.source)
    article.published_raw = tidy_text(article.published_raw)
    article.authors = list(dict.fromkeys(a for a in (person_name(x) for x in article.authors) if a))
    for image in article.images:
        image.caption = tidy_text(image.caption)
        image.src = _url_controls(image.src)
    article.canonical_url = canonical_url(article.canonical_url or article.url)
    article.published_at = (parse_date(article.published_raw, reference=article.date_reference or article.fetched_at,
                                       order=article.date_order)
                            if article.published_raw else None)
    article.counters = normalize_counters(article.counters_raw)
    article.url_key = url_key(article.canonical_url)
    article.content_hash = content_hash(article.body_text)
    article.simhash = simhash(article.body_text)
    return article


def normalize_snapshot(snapshot: CounterSnapshot) -> CounterSnapshot:
    snapshot.counters = normalize_counters(snapshot.counters_raw)
    return snapshot


def normalize_event(event: UrlEvent | UrlEvents) -> UrlEvent | UrlEvents:
    if isinstance(event, UrlEvents):
        for one in event.events:
            normalize_event(one)
    elif event.url_key is None:  # the spider passes the key it has computed already
        event.url_key = url_key(event.url)
    return event


def contract_json(article: Article) -> dict:
    """The ``portal-archive extract`` output object (see shared/corpus/README.md)."""
    return {
        "url": article.url,
        "title": article.title,
        "published_at": article.published_at,
        "published_raw": article.published_raw,
        "byline": article.byline,
        "source": article.source,
        "authors": article.authors,
        "images": [asdict(im) for im in article.images],
        "counters": article.counters,
        "body_text": article.body_text,
    }
