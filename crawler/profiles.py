"""Portal profiles: one TOML file per portal in ``crawler/portals/<slug>.toml`` (data only).

See ``crawler/portals/TEMPLATE.toml.example`` for every key with its meaning and default.
"""
from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import re2

from crawler.urls import path_and_query
from portal_archive.errors import PortalArchiveError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib



def _portals_dir() -> Path:
    """``crawler/portals``; when imported from a zipped egg (scrapyd), the profiles are package data inside
    the zip: they are copied once to a private temporary directory so they read like files."""
    here = Path(__file__).parent / "portals"
    if here.is_dir():
        return here
    import atexit
    import shutil
    import tempfile
    from importlib.resources import files

    out = Path(tempfile.mkdtemp(prefix="portal-archive-profiles-"))
    atexit.register(shutil.rmtree, out, True)
    for entry in files("crawler").joinpath("portals").iterdir():
        if entry.name.endswith((".toml", ".example")):
            (out / entry.name).write_bytes(entry.read_bytes())
    return out


PORTALS_DIR = _portals_dir()
REGISTRY_FILE = "registry.toml"  # the registry of real portals (crawler/registry.py), not a profile
SELECTOR_FIELDS = ("title", "published", "body", "byline", "source", "counters", "exclude", "images")


class ProfileError(PortalArchiveError):
    """A profile is missing or invalid (message is one line, fit for a user)."""


@dataclass
class Profile:
    """A portal profile. ``selectors`` maps a field to an ordered list of XPath/CSS expressions."""

    slug: str
    name: str
    start_urls: list[str]
    domains: list[str]
    kind: str = "province"
    family: str = "generic"
    replica: str | None = None
    listing_patterns: list[str] = field(default_factory=list)
    article_patterns: list[str] = field(default_factory=list)
    deny_patterns: list[str] = field(default_factory=list)
    max_listing_pages: int = 50
    max_articles: int = 0  # 0 = unlimited
    download_delay: float = 1.0
    concurrency: int = 2
    autothrottle: bool = True
    obey_robots: bool = True  # only an explicit `[politeness] obey_robots = false` turns robots.txt off
    max_pages: int = 0  # hard cap on pages per run (0: the PORTAL_MAX_PAGES setting)
    download_timeout: float = 0  # seconds per request (0: the DOWNLOAD_TIMEOUT setting, 30)
    image_max_mb: float = 0  # largest image captured, MB (0: the IMAGES_MAX_SIZE setting)
    image_budget_mb: float = 0  # image bytes captured per run, MB (0: the IMAGES_BUDGET setting)
    date_order: str = "DMY"
    selectors: dict[str, list[str]] = field(default_factory=dict)
    source: Path | None = None
    subdomains: bool = True  # a domain's subdomains are the portal's too (False: exactly the hosts of ``domains``)
    discover_links: bool = False  # ``[urls] discover``: links of no pattern are fetched to see what they are

    @property
    def discover(self) -> bool:
        """True when links that no pattern names are fetched to see what they are (``crawler.discovery``): the
        profile names no article URLs, or says ``[urls] discover = true`` (an induced profile)."""
        return self.discover_links or not self.article_patterns

    def __post_init__(self) -> None:
        self._listing = _any_of(self.listing_patterns)
        self._article = _any_of(self.article_patterns)
        self._deny = _any_of(self.deny_patterns)

    def classify(self, url: str) -> str | None:
        """Return ``"article"``, ``"listing"`` or None (not followed) for a URL on this portal."""
        target = self.target_of(url)
        return self.classify_target(target) if target is not None else None

    def target_of(self, url: str) -> str | None:
        """The path and query of an http(s) URL on this portal; None for any other URL."""
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not self.allows_host(parts.hostname or ""):
            return None
        return path_and_query(url)

    def classify_path(self, url: str) -> str | None:
        """Like ``classify`` but by path and query alone (any host: mirrors, replays of captures)."""
        return self.classify_target(path_and_query(url))

    def classify_target(self, target: str) -> str | None:
        """Like ``classify_path`` for a URL's path and query (``/tin/1.html?id=2``), already split."""
        for p in self._deny:  # loops, not any(genexpr): this runs for every new link of a crawl
            if p.search(target):
                return None
        for p in self._article:
            if p.search(target):
                return "article"
        for p in self._listing:
            if p.search(target):
                return "listing"
        return None

    def allows_host(self, host: str) -> bool:
        host = host.lower()
        if not self.subdomains:
            return host in self.domains
        return any(host == d or host.endswith("." + d) for d in self.domains)

    def add_host(self, host: str) -> None:
        """Take ``host`` (and its ``www.``/``m.`` forms, without subdomains) into the portal: where it moved to."""
        for variant in host_variants(host):
            if variant not in self.domains:
                self.domains.append(variant)

    def rebased(self, base_url: str) -> "Profile":
        """A copy whose start URLs and domains point at ``base_url`` (a mirror, a moved domain, a replica port)."""
        base = urlsplit(base_url)
        if base.scheme not in ("http", "https") or not base.hostname:
            raise ProfileError(f"base URL must be http(s)://host[:port], got {base_url!r}")
        starts = [urlunsplit((base.scheme, base.netloc, u.path or "/", u.query, ""))
                  for u in map(urlsplit, self.start_urls)]
        fields = {k: v for k, v in self.__dict__.items() if not k.startswith("_")}  # not the compiled patterns
        clone = Profile(**{**fields, "start_urls": starts, "domains": [base.hostname]})
        return clone


def _re2_options():
    options = re2.Options()
    options.log_errors = False  # RE2 would print its own error line on stderr
    options.never_capture = True  # a search only says whether a URL matches
    return options


def compile_pattern(pattern: str):
    """A profile URL pattern, compiled for linear-time matching (RE2: no catastrophic backtracking, as
    ``(a+)+$`` has in Python's ``re``: a profile is data, and a URL is whatever a page links). ``re.error``
    for a pattern that is not a Python regex, or that needs backtracking (backreferences, lookaround,
    conditionals)."""
    re.compile(pattern)  # Python's syntax errors, as before
    try:
        return re2.compile(pattern, _RE2_OPTIONS)
    except re2.error as exc:
        why = exc.args[0].decode("utf-8", "replace") if exc.args and isinstance(exc.args[0], bytes) else str(exc)
        raise re.error(f"{pattern!r}: {why} (URL patterns run on RE2, in linear time: no backreferences, "
                       f"lookaround or conditionals)") from None


_RE2_OPTIONS = _re2_options()


def _any_of(patterns: list[str]) -> list:
    """The patterns as regexes to try in turn (``compile_pattern``), joined into one alternation when that is the
    same test (a search finds ``a|b`` exactly where it finds ``a`` or ``b``): one search instead of one per
    pattern, as ``classify_target`` runs for every new link of a crawl."""
    compiled = [compile_pattern(p) for p in patterns]  # each must compile on its own (a profile error names it)
    if len(compiled) < 2:
        return compiled
    try:
        return [compile_pattern("|".join(f"(?:{p})" for p in patterns))]
    except re.error:
        return compiled


def _as_list(value, key: str, source: Path) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return value
    raise ProfileError(f"{source.name}: '{key}' must be a string or a list of strings")


DISCOVERY_LISTING_PAGES = 200  # pages a crawl without URL patterns may fetch that turn out not to be articles


def host_variants(host: str) -> list[str]:
    """``host`` with and without ``www.``, and its ``m.`` (mobile) form: one site under the names it answers to."""
    bare = host.lower().removeprefix("www.").removeprefix("m.")
    return [bare, f"www.{bare}", f"m.{bare}"] if not _IP.match(bare) else [bare]


_IP = re.compile(r"^[\d.]+$|^\[?[0-9a-f:]+\]?$")


def url_slug(url: str) -> str:
    """The slug of a portal known only by its URL: its host (without ``www.``/``m.``) and port, dots as dashes
    (``https://www.travinh.gov.vn/`` -> ``travinh-gov-vn``)."""
    parts = urlsplit(url)
    host = (parts.hostname or "").removeprefix("www.").removeprefix("m.")
    return re.sub(r"[^a-z0-9]+", "-", f"{host}-{parts.port}" if parts.port else host).strip("-")


def profile_for_url(url: str) -> Profile:
    """A profile for a portal nobody wrote one for (zero configuration): the URL's host with its ``www.`` and
    ``m.`` forms (other subdomains are other portals), the URL as start page, no URL patterns (the crawl
    discovers articles and learns their URL shape), generic extraction, the default politeness."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ProfileError(f"not a portal URL: {url!r} (use http(s)://host/...)")
    try:
        parts.port  # noqa: B018 (raises on a port that is not a number)
    except ValueError:
        raise ProfileError(f"not a portal URL: {url!r} (bad port)") from None
    start = urlunsplit((parts.scheme, parts.netloc.lower(), parts.path or "/", parts.query, ""))
    return Profile(slug=url_slug(start), name=parts.hostname, start_urls=[start], domains=host_variants(parts.hostname),
                   kind="unknown", max_listing_pages=DISCOVERY_LISTING_PAGES, subdomains=False)


def is_url(name) -> bool:
    """Does ``name`` (a slug, a path or a URL) name a portal by its http(s) URL?"""
    return isinstance(name, str) and re.match(r"(?i)\s*https?://", name) is not None


def load_profile(slug_or_path: str | Path) -> Profile:
    """Load a profile by slug (from ``crawler/portals``) or by path to a TOML file; an http(s) URL gives the
    zero-configuration profile of that portal (``profile_for_url``)."""
    if is_url(slug_or_path):
        return profile_for_url(slug_or_path)
    path = Path(slug_or_path)
    if path.suffix != ".toml":
        path = PORTALS_DIR / f"{slug_or_path}.toml"
    if not path.is_file() or path == PORTALS_DIR / REGISTRY_FILE:
        known = ", ".join(list_slugs()) or "none"
        raise ProfileError(f"unknown portal {str(slug_or_path)!r} (known: {known})")
    text, data = read_toml(path)
    for key in ("slug", "name", "start_urls"):
        if key not in data:
            raise ProfileError(f"{path.name}: missing required key '{key}'")
    urls, polite, dates = (_table(data, key, path, text) for key in ("urls", "politeness", "dates"))
    selectors = {k: _as_list(v, f"selectors.{k}", path) for k, v in _table(data, "selectors", path, text).items()}
    unknown = set(selectors) - set(SELECTOR_FIELDS)
    if unknown:
        raise ProfileError(f"{path.name}: unknown selector field(s) {sorted(unknown)}")
    start_urls = _as_list(data["start_urls"], "start_urls", path)
    if not isinstance(urls.get("discover", False), bool):
        raise ProfileError(f"{path.name}: [urls] discover must be true or false (unquoted)")
    if not isinstance(polite.get("obey_robots", True), bool):
        raise ProfileError(f"{path.name}: [politeness] obey_robots must be true or false (unquoted)")
    domains = _as_list(data.get("domains"), "domains", path) or sorted(
        {urlsplit(u).hostname for u in start_urls if urlsplit(u).hostname})

    def number(table: dict, key: str, conv, default, section: str, minimum: float = 0):
        value = table.get(key, default)
        try:
            if isinstance(value, bool) or not isinstance(value, (int, float)) or (conv is int and isinstance(value, float)):
                raise ValueError
            value = conv(value)
            if value != value or value in (float("inf"), float("-inf")):  # nan, inf
                raise ValueError
        except (TypeError, ValueError, OverflowError):
            kind = "a whole number" if conv is int else "a number"
            raise ProfileError(f"{path}: line {_key_line(text, key)}: [{section}] {key} must be {kind}, "
                               f"got {table.get(key, default)!r}") from None
        if value < minimum:
            raise ProfileError(f"{path}: line {_key_line(text, key)}: [{section}] {key} must be at least {minimum}, "
                               f"got {value!r}")
        return value

    max_listing_pages = number(urls, "max_listing_pages", int, 50, "urls")
    max_articles = number(urls, "max_articles", int, 0, "urls")
    download_delay = number(polite, "download_delay", float, 1.0, "politeness")
    concurrency = number(polite, "concurrency", int, 2, "politeness", minimum=1)
    max_pages = number(polite, "max_pages", int, 0, "politeness")
    download_timeout = number(polite, "download_timeout", float, 0, "politeness")
    image_max_mb = number(polite, "image_max_mb", float, 0, "politeness")
    image_budget_mb = number(polite, "image_budget_mb", float, 0, "politeness")
    _check_values(path, text, data, polite, dates, start_urls, domains)
    try:
        return Profile(
            slug=data["slug"], name=data["name"], start_urls=start_urls, domains=domains,
            kind=data.get("kind", "province"), family=data.get("family", "generic"),
            replica=data.get("replica"),
            listing_patterns=_as_list(urls.get("listing"), "urls.listing", path),
            article_patterns=_as_list(urls.get("article"), "urls.article", path),
            deny_patterns=_as_list(urls.get("deny"), "urls.deny", path), discover_links=urls.get("discover", False),
            max_listing_pages=max_listing_pages, max_articles=max_articles,
            download_delay=download_delay, concurrency=concurrency,
            autothrottle=polite.get("autothrottle", True),
            obey_robots=polite.get("obey_robots", True), max_pages=max_pages, download_timeout=download_timeout,
            image_max_mb=image_max_mb, image_budget_mb=image_budget_mb,
            date_order=dates.get("order", "DMY"),
            selectors=selectors, source=path,
        )
    except re.error as exc:
        raise ProfileError(f"{path}: bad URL pattern: {exc}") from None


SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")
DATE_ORDERS = ("DMY", "MDY", "YMD")


def _table(data: dict, key: str, path: Path, text: str) -> dict:
    value = data.get(key, {})
    if not isinstance(value, dict):
        raise ProfileError(f"{path}: line {_key_line(text, key)}: '{key}' must be a [{key}] table")
    return value


def _check_values(path: Path, text: str, data: dict, polite: dict, dates: dict, start_urls: list[str],
                  domains: list[str]) -> None:
    """ProfileError (one line naming the file, the line and the key) for a value the crawl could not use."""
    def fail(key: str, message: str):
        raise ProfileError(f"{path}: line {_key_line(text, key.split('.')[-1])}: {key} {message}")

    slug = data["slug"]
    if not isinstance(slug, str) or not SLUG.match(slug):
        fail("slug", f"must be lowercase ASCII letters, digits and dashes (a quoted string), got {slug!r}")
    if path.parent.resolve() == PORTALS_DIR.resolve() and path.stem != slug:
        fail("slug", f"{slug!r} must be the file's name ({path.stem!r}): another portal's profile is "
                     f"{slug}.toml")
    for key in ("name", "kind", "family"):
        if key in data and (not isinstance(data[key], str) or not data[key].strip()):
            fail(key, f"must be a non-empty string, got {data[key]!r}")
    if data.get("replica") is not None and not isinstance(data["replica"], str):
        fail("replica", f"must be a string, got {data['replica']!r}")
    if not start_urls:
        fail("start_urls", "must name at least one http(s) URL")
    for url in start_urls:
        parts = urlsplit(url.strip())
        try:
            parts.port  # noqa: B018 (raises on a port that is not a number)
        except ValueError:
            fail("start_urls", f"has a URL with a bad port: {url!r}")
        if parts.scheme not in ("http", "https") or not parts.hostname:
            fail("start_urls", f"must be http(s)://host/... URLs, got {url!r}")
    for domain in domains:
        if not domain.strip() or "/" in domain or ":" in domain.strip("[]").replace("::", ""):
            fail("domains", f"must be host names (no scheme, port or path), got {domain!r}")
    probe = Profile(slug="probe", name="probe", start_urls=[], domains=[d.lower() for d in domains],
                    subdomains=True)
    for url in start_urls:
        host = urlsplit(url.strip()).hostname or ""
        if not probe.allows_host(host):
            fail("start_urls", f"{url!r} is not on the profile's domains {domains}: nothing could be fetched")
    if not isinstance(polite.get("autothrottle", True), bool):
        fail("politeness.autothrottle", "must be true or false (unquoted)")
    if dates.get("order", "DMY") not in DATE_ORDERS:
        fail("dates.order", f"must be one of {', '.join(DATE_ORDERS)}, got {dates.get('order')!r}")
    if path.parent.resolve() != PORTALS_DIR.resolve() and (PORTALS_DIR / f"{slug}.toml").is_file():
        own = load_profile(slug)  # a variant of a bundled profile may keep its slug, not take over another portal's
        if not any(own.allows_host(d) or probe.allows_host(o) for d in domains for o in own.domains):
            fail("slug", f"{slug!r} is the portal of {PORTALS_DIR / (slug + '.toml')} (domains {own.domains}), "
                         f"not of this profile's domains {domains}: give this portal its own slug")


def read_toml(path: Path) -> tuple[str, dict]:
    """``(text, data)`` of a TOML file; ProfileError naming the line for text that is not UTF-8 or not TOML."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        line = path.read_bytes()[: exc.start].count(b"\n") + 1
        raise ProfileError(f"{path}: line {line}: not UTF-8 text (byte {exc.object[exc.start]:#04x})") from None
    try:
        return text, tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ProfileError(_toml_error(path, text, exc)) from None


def _key_line(text: str, key: str) -> int | str:
    """Line number of the first ``key = ...`` in a TOML text ("?" when not found)."""
    for n, line in enumerate(text.splitlines(), start=1):
        if re.match(rf"\s*{re.escape(key)}\s*=", line):
            return n
    return "?"


def _toml_error(path: Path, text: str, exc) -> str:
    """``<file>: line N, column C, key 'k': <what tomllib says>`` for a TOML syntax error."""
    line = getattr(exc, "lineno", None)
    col = getattr(exc, "colno", None)
    msg = getattr(exc, "msg", None) or str(exc)
    if line is None:
        m = re.search(r"\(at line (\d+), column (\d+)\)", str(exc))
        line, col = (int(m[1]), int(m[2])) if m else (None, None)
    msg = re.sub(r"\s*\(at line \d+, column \d+\)|\s*\(at end of document\)", "", msg)
    where = f"line {line}, column {col}" if line else "end of file"
    key = None
    if line:
        lines = text.splitlines()
        for n in range(min(line, len(lines)) - 1, -1, -1):  # the key on that line, or of the value it continues
            m = re.match(r"\s*([A-Za-z0-9_.\"'-]+)\s*=", lines[n]) or re.match(r"\s*\[+\s*([^\]]+?)\s*\]+", lines[n])
            if m:
                key = m[1].strip("\"'")
                break
    return f"{path}: {where}" + (f", key '{key}'" if key else "") + f": invalid TOML: {msg}"


def list_slugs() -> list[str]:
    return sorted(p.stem for p in PORTALS_DIR.glob("*.toml") if p.name != REGISTRY_FILE)
