"""URL identity: the canonical URL of a page and the key under which the archive stores it.

``canonical_url`` keeps a fetchable URL; ``url_key`` folds the variants portals serve for the same
article (http/https, ``www.``/``m.`` hosts, print views, trailing slashes, default documents) so that
every variant maps to one record.
"""
from __future__ import annotations

import re
from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit, urlunsplit

# query parameters that never identify content: trackers and session ids
_TRACKING = re.compile(r"^(utm_.*|fbclid|gclid|zarsrc|_ga|mc_[ce]id|aspxautodetectcookiesupport|"
                       r"sessionid|jsessionid|phpsessid)$", re.IGNORECASE)
# print/mobile switches (``?print=1``, ``?view=print``): the same article, another rendering
_VARIANT = re.compile(r"^(print|in|view|mobile|m|amp)$", re.IGNORECASE)
_PRINT_VALUES = re.compile(r"^(1|true|yes|print|in|mobile|amp)$", re.IGNORECASE)
_SESSION_PATH = re.compile(r";jsessionid=[^/?#]*|/\(S\([a-z0-9]{16,}\)\)", re.IGNORECASE)
_DEFAULT_DOC = re.compile(r"/(index|default)\.(html?|aspx?|php|jsp)$", re.IGNORECASE)
_PRINT_SEGMENT = re.compile(r"/(print|amp)(?=/)", re.IGNORECASE)
_SAFE = "/%:@!$&'()*+,;=-._~"


def _query(query: str, fold: bool) -> str:
    pairs = []
    for key, value in parse_qsl(query, keep_blank_values=True):
        if _TRACKING.match(key):
            continue
        if fold and _VARIANT.match(key) and _PRINT_VALUES.match(value or "1"):
            continue
        pairs.append((key, value))
    return urlencode(sorted(pairs))


def canonical_url(url: str) -> str:
    """Lower-case scheme/host, no default port, no fragment, no tracking or session parameters
    (``utm_*``, ``fbclid``, ``;jsessionid=``, ASP.NET ``(S(...))``), sorted query, normalised escapes."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:  # e.g. an unterminated IPv6 bracket: not a URL we can improve
        return url.strip()
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower().rstrip(".")
    if ":" in host:  # IPv6 literal
        host = f"[{host}]"
    try:
        port = parts.port
    except ValueError:  # a port that is not a number: keep it as written
        port, host = None, parts.netloc.rpartition("@")[2].lower()
    netloc = host if port is None or (scheme, port) in (("http", 80), ("https", 443)) else f"{host}:{port}"
    path = quote(unquote(_SESSION_PATH.sub("", parts.path)), safe=_SAFE) or "/"
    return urlunsplit((scheme, netloc, path, _query(parts.query, fold=False), ""))


def url_key(url: str, case_insensitive: bool = False) -> str:
    """The archive's identity of a page: ``host[:port]/path?query`` with the scheme, ``www.``/``m.``
    prefixes, print/mobile variants, default documents and trailing slashes folded away."""
    try:
        parts = urlsplit(canonical_url(url))
    except ValueError:  # not a URL urllib can split (see canonical_url): the text itself is the key
        return canonical_url(url)
    host = re.sub(r"^(www\d*|m|mobile|amp)\.", "", parts.netloc)
    path = _DEFAULT_DOC.sub("/", _PRINT_SEGMENT.sub("", parts.path))
    path = path.rstrip("/") or "/"
    if case_insensitive:
        path = path.lower()
    query = _query(parts.query, fold=True)
    return host + path + (f"?{query}" if query else "")
