"""A portal profile induced from sample pages, for a person to review rather than write.

``induce(samples, …)`` takes ``Sample``s: pages the generic extractor read (their URL, the rule behind each
field, and whether the page read as an article). Per field, the selector written is the expression that
found the field on most article samples, when it did on at least ``AGREEMENT`` of them; each choice carries a
comment with its agreement, and a field with no agreeing expression is left to the generic extraction (the
comment says what found it instead). The article URL pattern is the shape learnt from the articles
(``crawler.discovery``); the profile keeps discovering other links (``discover = true``), so sections and
listings need no pattern of their own.
"""
from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from lxml.html.defs import tags as html_tags

from crawler.discovery import UrlShapes
from crawler.profiles import DISCOVERY_LISTING_PAGES, host_variants, url_slug

AGREEMENT = 0.8  # share of the article samples on which a field's expression must have found it
FIELDS = ("title", "published", "body", "byline", "counters")  # selector fields, named as their rules are
# generic rules that name a way of finding, not a selector (crawler/extract: bylines, counters, dates, body)
_NOT_EXPRESSIONS = ("density", "near-title", "text", "body", "body-tail", "below-headline", "above-body",
                    "body-signature", "loose-date")
_SELECTOR_MARK = re.compile(r"[.#\[\]>:(/*\s,]")  # what a CSS or XPath expression holds and a rule's name does not


@dataclass
class Sample:
    """One page read by the generic extractor."""

    url: str
    rules: dict[str, str] = field(default_factory=dict)
    is_article: bool = True


def expression(rule: str | None) -> str | None:
    """The CSS/XPath expression behind a rule name (``generic:.post-date``, ``family:nukeviet:h1.title``,
    ``block:.tacgia`` (an author block), ``profile:…``, with ``@datetime`` dropped), or None for rules that are no expression (metadata, ``<title>``,
    density, a heading matched to the metadata)."""
    if not rule:
        return None
    kind, _, rest = rule.partition(":")
    if kind == "family":
        rest = rest.partition(":")[2]
    elif kind not in ("generic", "profile", "block"):
        return None
    rest = rest.removesuffix("@datetime")
    if not rest or rest in _NOT_EXPRESSIONS or "~" in rest or rest.endswith("-before-body"):
        return None
    if not _SELECTOR_MARK.search(rest) and rest.lower() not in html_tags:
        return None  # a word naming a way of finding ("author-link", "beside-date", "publish-label"), no element
    return rest


def _choice(samples: list[Sample], rule_key: str) -> tuple[str | None, str]:
    """``(expression or None, comment)`` for one field over the article samples."""
    rules = Counter(s.rules.get(rule_key) for s in samples)
    found = sum(n for rule, n in rules.items() if rule)
    exprs = Counter()
    for rule, n in rules.items():
        expr = expression(rule)
        if expr:
            exprs[expr] += n
    total = len(samples)
    if exprs:
        expr, n = exprs.most_common(1)[0]
        if n >= AGREEMENT * total:
            return expr, f"found by it on {n}/{total} article samples"
    best = ", ".join(f"{rule} {n}/{total}" for rule, n in rules.most_common(3) if rule) or "nothing"
    return None, f"no expression agreed on {AGREEMENT:.0%} of {total} samples (found on {found}: {best})"


def _toml_string(value: str) -> str:
    return "'" + value + "'" if "'" not in value and "\n" not in value else json.dumps(value, ensure_ascii=False)


def induce(samples: list[Sample], start_url: str, name: str | None = None, learnt: list[str] | None = None,
           slug: str | None = None) -> str:
    """The TOML text of a profile for the portal at ``start_url`` from ``samples`` (see the module doc).
    ``learnt``: article URL patterns already learnt (a crawl's), used when the samples teach none."""
    articles = [s for s in samples if s.is_article]
    host = urlsplit(start_url).hostname or ""
    shapes = UrlShapes()
    for sample in samples:
        shapes.add(sample.url, sample.is_article)
    patterns = shapes.learnt or list(learnt or [])
    families = Counter(s.rules.get("family") for s in articles if s.rules.get("family"))
    family = families.most_common(1)[0][0] if families else "generic"
    lines = [
        f"# Induced by `portal-archive profile new` from {len(samples)} sample pages ({len(articles)} read as "
        "articles).",
        "# Review every choice before relying on it; each says how many samples agreed.",
        f"slug = {_toml_string(slug or url_slug(start_url))}",
        f"name = {_toml_string(name or host)}",
        'kind = "unknown"',
        f"family = {_toml_string(family)}"
        + (f"  # on {families[family]}/{len(articles)} articles" if families else ""),
        "domains = [" + ", ".join(_toml_string(d) for d in host_variants(host)) + "]",
        f"start_urls = [{_toml_string(start_url)}]",
        "",
        "[urls]",
        "discover = true  # links that no pattern below names are fetched to see what they are",
        f"max_listing_pages = {DISCOVERY_LISTING_PAGES}  # pages a run may fetch that turn out not to be articles",
        f"# learnt from the URLs of {len(articles)} articles" if patterns else "# no article URL shape was learnt",
        "article = [" + ", ".join(_toml_string(p) for p in patterns) + "]",
        "",
        "[dates]",
        'order = "DMY"',
        "",
        "[selectors]",
    ]
    for field_name in FIELDS:
        expr, comment = _choice(articles, field_name) if articles else (None, "no article samples")
        if expr:
            lines.append(f"{field_name} = [{_toml_string(expr)}]  # {comment}")
        else:
            lines.append(f"# {field_name}: generic extraction; {comment}")
    return "\n".join(lines) + "\n"
