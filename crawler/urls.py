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
_HOST_PREFIX = re.compile(r"^(www\d*|m|mobile|amp)\.")
_SAFE = "/%:@!$&'()*+,;=-._~"
# a URL every step below leaves as it is, but for a default port: lower-case http(s) scheme and host, no
# userinfo, query or fragment, a path of characters ``quote`` keeps and no escapes, ``;`` or ``(``
# (session ids). Most links of a portal are such; they skip urllib (the slow part of link following).
_PLAIN_CHARS = r"[A-Za-z0-9_.~/:@!$&'*+,=-]"
_PLAIN = re.compile(r"(https?)://([a-z0-9](?:[a-z0-9.-]*[a-z0-9])?)(?::([1-9][0-9]{0,4}))?"
                    rf"(/{_PLAIN_CHARS}*)?")
# a root-relative path of those characters, without dot segments: urljoin(page, it) is origin + it
_PLAIN_PATH = re.compile(rf"/(?!/){_PLAIN_CHARS}*")
_DOT_SEGMENT = re.compile(r"/\.\.?(?:/|$)")
_DEFAULT_PORT = {"http": "80", "https": "443"}


def path_and_query(url: str) -> str:
    """A URL's path and query (``/tin/1.html?id=2``), as URL patterns read them."""
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


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
    url = url.strip()
    m = _PLAIN.fullmatch(url)
    if m is not None and int(m[3] or 0) <= 65535:
        scheme, host, port, path = m.groups()
        port = f":{port}" if port and port != _DEFAULT_PORT[scheme] else ""
        return f"{scheme}://{host}{port}{path or '/'}"
    return _canonical(url)


def _canonical(url: str) -> str:
    """``canonical_url`` for any URL (the reference for its fast path)."""
    try:
        parts = urlsplit(url)
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
    return canonical_key(canonical_url(url), case_insensitive)


def canonical_key(canonical: str, case_insensitive: bool = False) -> str:
    """``url_key`` of a URL that is ``canonical_url``'s output already (saves canonicalising it twice)."""
    m = _PLAIN.fullmatch(canonical)
    if m is not None:
        return _host_path(m[2] + (f":{m[3]}" if m[3] else ""), m[4] or "", case_insensitive)
    return _key(canonical, case_insensitive)


def _key(canonical: str, case_insensitive: bool) -> str:
    """``canonical_key`` for any URL (the reference for its fast path)."""
    try:
        parts = urlsplit(canonical)
    except ValueError:  # not a URL urllib can split (see canonical_url): the text itself is the key
        return canonical
    query = _query(parts.query, fold=True)
    return _host_path(parts.netloc, parts.path, case_insensitive) + (f"?{query}" if query else "")


def _host_path(netloc: str, path: str, case_insensitive: bool) -> str:
    path = path_key(path)
    return _HOST_PREFIX.sub("", netloc) + (path.lower() if case_insensitive else path)


def path_key(path: str) -> str:
    """The path part of ``url_key``: print segments, default documents and trailing slashes folded away."""
    folded = path.lower()  # the regexes only when they could match (an ASCII path without these has nothing)
    if not path.isascii() or "/print" in folded or "/amp" in folded or "/index." in folded \
            or "/default." in folded:
        path = _DEFAULT_DOC.sub("/", _PRINT_SEGMENT.sub("", path))
    return path.rstrip("/") or "/"


def plain_path(href: str) -> bool:
    """Is ``href`` a root-relative path that ``urljoin`` appends to any page's origin as it is (no ``//``, no
    dot segments, no query or fragment, only characters ``canonical_url`` keeps)? See ``plain_origin``."""
    return _PLAIN_PATH.fullmatch(href) is not None and _DOT_SEGMENT.search(href) is None


def plain_origin(origin: str) -> tuple[str, str] | None:
    """For a plain origin ``scheme://host[:port]`` (see ``_PLAIN``): ``(prefix, key_host)`` such that for every
    plain path P, ``canonical_url(origin + P) == prefix + P`` and ``url_key(origin + P) == key_host +
    path_key(P)`` (a page's links, without parsing its origin again for each); None for other origins."""
    m = _PLAIN.fullmatch(origin)
    if m is None or m[4] is not None or int(m[3] or 0) > 65535:
        return None
    canonical = canonical_url(origin)
    return canonical[:-1], canonical_key(canonical)[:-1]  # both end in the path "/"
