"""Portal profiles: one TOML file per portal in ``crawler/portals/<slug>.toml`` (data only).

See ``crawler/portals/TEMPLATE.toml.example`` for every key with its meaning and default.
"""
from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

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


_BACKREF = re.compile(r"\\[1-9]|\(\?P=|\(\?\(")  # \1, (?P=name), (?(1)yes|no)


def _any_of(patterns: list[str]) -> list[re.Pattern]:
    """The patterns as regexes to try in turn, joined into one alternation when that is the same test (a search
    finds ``a|b`` exactly where it finds ``a`` or ``b``): one search instead of one per pattern, as
    ``classify_target`` runs for every new link of a crawl. Patterns that refer to groups (backreferences,
    conditionals: the join would shift their numbers) or set inline global flags (which must start a regex)
    stay apart."""
    compiled = [re.compile(p) for p in patterns]  # each must compile on its own (a profile error names it)
    if len(compiled) < 2 or any(_BACKREF.search(p) for p in patterns):
        return compiled
    try:
        return [re.compile("|".join(f"(?:{p})" for p in patterns))]
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
    for key in ("urls", "politeness", "dates", "selectors"):  # a table written as a value
        if not isinstance(data.get(key, {}), dict):
            raise ProfileError(f"{path}: line {_key_line(text, key)}: '{key}' must be a table ([{key}])")
    for key in ("slug", "name", "kind", "family"):
        if key in data and not isinstance(data[key], str):
            raise ProfileError(f"{path}: line {_key_line(text, key)}: '{key}' must be a string, got {data[key]!r}")
    urls, polite, dates = data.get("urls", {}), data.get("politeness", {}), data.get("dates", {})
    selectors = {k: _as_list(v, f"selectors.{k}", path) for k, v in data.get("selectors", {}).items()}
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
    def number(table: dict, key: str, conv, default, section: str):
        value = table.get(key, default)
        try:
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                raise ValueError
            return conv(value)
        except (TypeError, ValueError, OverflowError):
            raise ProfileError(f"{path}: line {_key_line(text, key)}: [{section}] {key} must be a number, "
                               f"got {value!r}") from None

    max_listing_pages = number(urls, "max_listing_pages", int, 50, "urls")
    max_articles = number(urls, "max_articles", int, 0, "urls")
    download_delay = number(polite, "download_delay", float, 1.0, "politeness")
    concurrency = number(polite, "concurrency", int, 2, "politeness")
    max_pages = number(polite, "max_pages", int, 0, "politeness")
    download_timeout = number(polite, "download_timeout", float, 0, "politeness")
    image_max_mb = number(polite, "image_max_mb", float, 0, "politeness")
    image_budget_mb = number(polite, "image_budget_mb", float, 0, "politeness")
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
            autothrottle=bool(polite.get("autothrottle", True)),
            obey_robots=polite.get("obey_robots", True), max_pages=max_pages, download_timeout=download_timeout,
            image_max_mb=image_max_mb, image_budget_mb=image_budget_mb,
            date_order=dates.get("order", "DMY"),
            selectors=selectors, source=path,
        )
    except re.error as exc:
        raise ProfileError(f"{path.name}: bad URL pattern: {exc}") from None


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
