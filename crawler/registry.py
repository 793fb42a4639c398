"""The registry of real portals: ``crawler/portals/registry.toml`` (data only), one ``[[portal]]`` table per site.

A profile (``crawler/portals/<slug>.toml``) says *how* to crawl one portal; the registry says *which* portals
exist: the 34 provincial portals after the merger of 1 July 2025 and, for the seed's region, the legacy
provincial portals, Party committee, Dân vận and newspaper sites, each with the public page or repository its
address was found in. ``resolve(name)`` gives the profile a crawl of ``name`` uses: a hand-written profile, a
registry entry's (the profile it names, else a zero-configuration profile over its domains and start URLs)
or a URL's zero-configuration profile.

``load_registry(path)`` validates every field and raises ``ProfileError`` (one line, naming the file, the line
of the ``[[portal]]`` table and the slug) for the first bad entry. Pure Python: no Scrapy.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Iterable
from urllib.parse import urlsplit

from crawler.profiles import (
    PORTALS_DIR,
    Profile,
    ProfileError,
    is_url,
    list_slugs,
    load_profile,
    profile_for_url,
    read_toml,
)
from portal_archive.search.textfold import fold

REGISTRY_PATH = PORTALS_DIR / "registry.toml"

KINDS = ("province", "party", "danvan", "newspaper", "district", "commune", "department")
STATUSES = ("active", "legacy", "redirected", "gone", "unknown")

# The 34 provincial-level units after Nghị quyết 202/2025/QH15 (in force 1 July 2025): 11 unchanged, 23 merged.
PROVINCES = (
    "Hà Nội", "Huế", "Lai Châu", "Điện Biên", "Sơn La", "Lạng Sơn", "Quảng Ninh", "Thanh Hóa", "Nghệ An",
    "Hà Tĩnh", "Cao Bằng",
    "Tuyên Quang", "Lào Cai", "Thái Nguyên", "Phú Thọ", "Bắc Ninh", "Hưng Yên", "Hải Phòng", "Ninh Bình",
    "Quảng Trị", "Đà Nẵng", "Quảng Ngãi", "Gia Lai", "Khánh Hòa", "Lâm Đồng", "Đắk Lắk", "Hồ Chí Minh",
    "Đồng Nai", "Tây Ninh", "Cần Thơ", "Vĩnh Long", "Đồng Tháp", "Cà Mau", "An Giang",
)

REQUIRED = ("slug", "name", "kind", "province", "domains", "start_urls", "status", "source")
OPTIONAL = ("former_province", "redirects_to", "note", "profile")

_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\Z")
_LABEL = re.compile(r"(?!-)[a-z0-9-]{1,63}(?<!-)\Z")
_REPO_SOURCE = re.compile(r"[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+:[^@\s]+@[0-9a-f]{40}\Z")
_TABLE = re.compile(r"\s*\[\[\s*portal\s*\]\]")
# "tỉnh Vĩnh Long", "TP. Hồ Chí Minh", "thành phố Huế" all name the province itself
_PREFIX = re.compile(r"^(?:tinh|thanh pho|tp\.?)\s+")


@dataclass(frozen=True)
class Entry:
    """One real portal. ``profile`` names the hand-written profile that crawls it, if any."""

    slug: str
    name: str
    kind: str
    province: str
    domains: tuple[str, ...]
    start_urls: tuple[str, ...]
    status: str
    source: str
    former_province: str | None = None
    redirects_to: str | None = None
    note: str | None = None
    profile: str | None = None

    @property
    def has_profile(self) -> bool:
        return self.profile is not None

    def as_dict(self) -> dict:
        out = asdict(self)
        out["domains"], out["start_urls"] = list(self.domains), list(self.start_urls)
        return out


def load_registry(path: str | Path | None = None, profile_slugs: Iterable[str] | None = None) -> list[Entry]:
    """Load and validate the registry at ``path`` (default: the shipped ``crawler/portals/registry.toml``).

    ``profile_slugs``: the hand-written profiles that exist (default: ``crawler.profiles.list_slugs()``)."""
    path = Path(path) if path is not None else REGISTRY_PATH
    if not path.is_file():
        raise ProfileError(f"{path}: no such registry file")
    text, data = read_toml(path)
    extra = sorted(set(data) - {"portal"})
    if extra:
        raise ProfileError(f"{path}: unknown top-level key(s) {', '.join(map(repr, extra))}: "
                           "a registry holds only [[portal]] tables")
    tables = data.get("portal", [])
    if not isinstance(tables, list) or not all(isinstance(t, dict) for t in tables):
        raise ProfileError(f"{path}: 'portal' must be [[portal]] tables")
    lines = [n for n, line in enumerate(text.splitlines(), start=1) if _TABLE.match(line)]
    profiles = set(list_slugs() if profile_slugs is None else profile_slugs)
    entries: list[Entry] = []
    seen: dict[str, int] = {}
    for index, table in enumerate(tables):
        line = lines[index] if index < len(lines) else "?"
        slug = table.get("slug")
        where = f"{path}: line {line}, portal {slug!r}" if isinstance(slug, str) else f"{path}: line {line}"
        entry = _entry(table, where, profiles)
        if entry.slug in seen:
            raise ProfileError(f"{where}: slug already used by the portal at line {seen[entry.slug]}")
        seen[entry.slug] = line
        entries.append(entry)
    return entries


def _entry(table: dict, where: str, profiles: set[str]) -> Entry:
    def fail(message: str):
        raise ProfileError(f"{where}: {message}")

    unknown = sorted(set(table) - set(REQUIRED) - set(OPTIONAL))
    if unknown:
        fail(f"unknown key(s) {', '.join(map(repr, unknown))} (allowed: {', '.join(REQUIRED + OPTIONAL)})")
    for key in REQUIRED:
        if key not in table:
            fail(f"missing required key '{key}'")

    def text(key: str) -> str | None:
        value = table.get(key)
        if value is None:
            return None
        if not isinstance(value, str) or not value.strip():
            fail(f"'{key}' must be a non-empty string, got {value!r}")
        if value != value.strip() or "\n" in value:
            fail(f"'{key}' must be one line without surrounding spaces, got {value!r}")
        if not unicodedata.is_normalized("NFC", value):
            fail(f"'{key}' must be NFC-normalised Unicode (precomposed Vietnamese letters)")
        return value

    def strings(key: str) -> tuple[str, ...]:
        value = table[key]
        if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
            fail(f"'{key}' must be a non-empty list of strings, got {value!r}")
        if len(set(value)) != len(value):
            fail(f"'{key}' lists the same value twice")
        return tuple(value)

    slug, name, kind, status = text("slug"), text("name"), text("kind"), text("status")
    province, former, source = text("province"), text("former_province"), text("source")
    redirects_to, note, profile = text("redirects_to"), text("note"), text("profile")
    if not _SLUG.match(slug):
        fail("slug must be lower-case letters, digits and single hyphens (like 'travinh' or 'bao-dong-khoi')")
    if kind not in KINDS:
        fail(f"kind must be one of {', '.join(KINDS)} (got {kind!r})")
    if status not in STATUSES:
        fail(f"status must be one of {', '.join(STATUSES)} (got {status!r})")
    if province not in PROVINCES:
        fail(f"province must be one of the 34 provinces after 1 July 2025, spelt as in crawler.registry.PROVINCES "
             f"(got {province!r})")
    if former is not None and fold(former) == fold(province):
        fail("former_province is the province itself: leave it out")
    if status == "legacy" and former is None:
        fail("a legacy portal names its former_province")
    domains = strings("domains")
    for domain in domains:
        if not _is_hostname(domain):
            fail(f"domain {domain!r} is not a lower-case hostname (no scheme, port, path or trailing dot)")
    for url in strings("start_urls"):
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            fail(f"start URL {url!r} must be an http(s) URL")
        if not _on_domains(parts.hostname, domains):
            fail(f"start URL {url!r} is not on the portal's domains ({', '.join(domains)})")
    if status == "redirected":
        if redirects_to is None:
            fail("a redirected portal says where it redirects to (redirects_to)")
        target = urlsplit(redirects_to)
        if target.scheme not in ("http", "https") or not target.hostname:
            fail(f"redirects_to {redirects_to!r} must be an http(s) URL")
    elif redirects_to is not None:
        fail(f"redirects_to is only for status 'redirected' (status is {status!r})")
    src = urlsplit(source)
    if not ((src.scheme in ("http", "https") and src.hostname) or _REPO_SOURCE.match(source)):
        fail(f"source {source!r} must be an http(s) URL or owner/repo:path@<40-hex commit>")
    # 'active' and 'legacy' say a page of the site itself was read: a web source is then a page on its domains
    if status in ("active", "legacy") and src.hostname and not _on_domains(src.hostname, domains):
        article = "an" if status == "active" else "a"
        fail(f"{article} {status} portal's source is a page read on the site itself, but {source!r} is not on its "
             f"domains ({', '.join(domains)}): cite that page, or make the status 'unknown' and say in note what "
             "was read")
    if profile is not None and profile not in profiles:
        known = ", ".join(sorted(profiles)) or "none"
        fail(f"profile {profile!r} names no profile in crawler/portals (known: {known})")
    if slug in profiles and profile != slug:
        fail(f"slug {slug!r} is a profile's slug: name it (profile = {slug!r}) or choose another slug")
    return Entry(slug=slug, name=name, kind=kind, province=province, domains=domains,
                 start_urls=strings("start_urls"), status=status, source=source, former_province=former,
                 redirects_to=redirects_to, note=note, profile=profile)


def _on_domains(host: str, domains: Iterable[str]) -> bool:
    return any(host == d or host.endswith("." + d) for d in domains)


def _is_hostname(value: str) -> bool:
    if value != value.lower() or len(value) > 253 or "." not in value:
        return False
    return all(_LABEL.match(label) for label in value.split("."))


def province_key(text: str) -> str:
    """Accent-, case- and prefix-free form of a province name: "TP. Hồ Chí Minh" and "ho chi minh" agree."""
    folded = " ".join(re.sub(r"[-_,]", " ", fold(text)).split())
    return _PREFIX.sub("", folded)


def matches_province(entry: Entry, query: str) -> bool:
    """True when ``query`` names the entry's province or, for a legacy site, its former province."""
    key = province_key(query)
    return key in {province_key(entry.province), province_key(entry.former_province or "")}


def select(entries: Iterable[Entry], kind: str | None = None, province: str | None = None,
           status: str | None = None) -> list[Entry]:
    """The entries of that kind, in that province (accent-insensitive) and with that status (None: any)."""
    return [e for e in entries
            if (kind is None or e.kind == kind) and (status is None or e.status == status)
            and (province is None or matches_province(e, province))]


def _not_another_portal(profile: Profile, path: str | Path | None = None) -> None:
    """ProfileError when a profile file takes the slug of a registry portal it does not crawl (none of that
    portal's hosts is the profile's): it would write its articles into that portal's rows."""
    entry = next((e for e in load_registry(path) if e.slug == profile.slug), None)
    if entry is None:
        return
    hosts = [*entry.domains, *(urlsplit(url).hostname or "" for url in entry.start_urls)]
    if not any(profile.allows_host(h) for h in hosts):
        raise ProfileError(f"{profile.source}: slug {profile.slug!r} is the registry's portal {entry.name!r} "
                           f"({', '.join(entry.domains)}), not this profile's domains {profile.domains}: give this "
                           f"portal its own slug")


def resolve(name: str, path: str | Path | None = None) -> Profile:
    """The profile to crawl ``name`` with: a profile's slug or TOML path, or a URL (``load_profile``); else the
    registry entry of that slug (at ``path``; default the shipped one): the profile it names, or a
    zero-configuration profile over its domains, its start URLs and its name and kind."""
    if name in list_slugs() or name.endswith(".toml") or is_url(name):
        profile = load_profile(name)
        if name.endswith(".toml"):
            _not_another_portal(profile, path)
        return profile
    entry = next((e for e in load_registry(path) if e.slug == name), None)
    if entry is None:
        return load_profile(name)  # the "unknown portal" error, naming the profiles there are
    if entry.profile:
        return load_profile(entry.profile)
    profile = profile_for_url(entry.start_urls[0])
    profile.slug, profile.name, profile.kind = entry.slug, entry.name, entry.kind
    profile.start_urls = list(entry.start_urls)
    for host in [*entry.domains, *(urlsplit(url).hostname or "" for url in entry.start_urls)]:
        profile.add_host(host)
    return profile
