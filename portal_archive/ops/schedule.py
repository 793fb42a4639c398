"""Schedules: which portals to crawl when, with which overrides, and the health thresholds.

A schedule file is TOML (see ``schedule.example.toml`` at the repository top for a commented example)::

    timezone = "Asia/Ho_Chi_Minh"     # cron times are read in this zone (default Asia/Ho_Chi_Minh)
    db = "data/archive.db"            # archive (``--db`` wins); relative paths: from the schedule file
    contact = "mailto:archive@example.org"   # put in the User-Agent of every scheduled crawl

    [scheduler]
    max_parallel = 4                  # crawls running at once (others wait for a free slot)
    catch_up = true                   # after downtime: one run for the missed slots, not a burst
    grace_period = 600                # on SIGTERM: seconds to let running crawls finish

    [defaults]                        # for every entry below
    cron = "0 3 * * *"
    max_pages = 5000

    [health]                          # thresholds of `portal-archive health` (overridable per portal)
    zero_new_runs = 3                 # unhealthy: no new article in the last N finished runs
    max_error_rate = 0.2              # unhealthy: errors / pages of the last run above this share
    empty_field_share = 0.5           # unhealthy: a field empty on more than this share of the last
    fields = ["published_at", "title", "body_text", "byline"]  # run's articles (when it was not before)
    min_articles = 5                  # ... judged only when the last run fetched at least this many
    counter = true                    # unhealthy: no visitor counter found in the last run
    max_age = "3d"                    # unhealthy: no finished run within this age ("" = off)

    [groups.mekong]                   # a group: its portals share its cron and overrides
    portals = ["travinh", "vinhlong"]
    cron = "30 2 * * *"
    delay = 2.0

    [portals.travinh]                 # one portal: overrides its group and the defaults
    cron = "0 */6 * * *"
    concurrency = 1
    refresh = "30d"                   # re-fetch articles last seen > 30 days ago (or true / false)
    full_every = "7d"                 # a full sweep of every listing page once a week (default 30d; "" = never)
    base_url = "https://mirror.example/"   # crawl a mirror instead of the profile's start URLs
    enabled = true
    health = { counter = false }      # this portal prints no visitor counter

    [cluster]                         # optional: crawl on scrapyd nodes instead of local processes
    project = "portal_archive"        # the scrapyd project (scrapy.cfg [deploy]); default portal_archive
    timeout = 5                       # seconds for each call to a node's HTTP API
    nodes = [                         # each portal goes to one node (rendezvous hashing over nodes up)
      { name = "node1", url = "http://10.0.0.11:6800/" },
      { name = "node2", url = "http://10.0.0.12:6800/", db = "/srv/portal-archive/archive.db" },
    ]                                 # db: ARCHIVE_DB on that node (default: its PORTAL_ARCHIVE_DATA)

Cron expressions have 5 fields (minute hour day month weekday), the ``@hourly``/``@daily``/``@weekly``
aliases, or 6 fields with **seconds first** (``*/20 * * * * *``: every 20 s; for tests and demos).
Per-entry keys: ``cron``, ``delay`` (seconds between requests), ``concurrency`` (per host),
``max_pages`` (hard cap of pages per run), ``max_runtime`` (wall-clock limit of a run, an age like ``2h``: the
run stops then, the next one resumes), ``refresh`` (true, false or an age like ``30d``),
``full_every`` (an age: a full sweep when the portal's latest one is older; default ``30d``, ``""``: never
but the first), ``base_url``, ``enabled``, ``health`` (a table of health thresholds).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from croniter import croniter

from portal_archive.errors import DEFAULT_MAX_ERROR_RATE, PortalArchiveError

DEFAULT_TZ = "Asia/Ho_Chi_Minh"
ENTRY_KEYS = {"cron", "delay", "concurrency", "max_pages", "max_runtime", "refresh", "full_every", "base_url", "enabled",
              "health"}
FULL_EVERY = "30d"  # scheduled crawls: a full sweep when the latest is older than this (crawler.walk)
HEALTH_DEFAULTS = {
    "zero_new_runs": 3, "max_error_rate": DEFAULT_MAX_ERROR_RATE, "empty_field_share": 0.5,
    "fields": ["published_at", "title", "body_text", "byline"], "min_articles": 5, "counter": True,
    "max_age": "",
}
SCHEDULER_DEFAULTS = {"max_parallel": 4, "catch_up": True, "grace_period": 600.0}
CORE_FIELDS = ("published_at", "title", "body_text")  # judged even without an earlier baseline


class ScheduleError(PortalArchiveError):
    """The schedule file is missing or invalid (message is one line, fit for a user)."""


@dataclass
class Entry:
    """One scheduled portal with its resolved settings (defaults < group < portal)."""

    slug: str
    cron: str
    group: str | None = None
    delay: float | None = None
    concurrency: int | None = None
    max_pages: int | None = None
    max_runtime: str | None = None
    refresh: bool | str = False
    full_every: str = FULL_EVERY
    base_url: str | None = None
    enabled: bool = True
    health: dict = field(default_factory=dict)

    def crawl_args(self) -> list[str]:
        """Options of ``portal-archive crawl`` for this entry's overrides."""
        args = []
        if self.base_url:
            args += ["--base-url", self.base_url]
        if self.delay is not None:
            args += ["--delay", str(self.delay)]
        if self.concurrency is not None:
            args += ["--concurrency", str(self.concurrency)]
        if self.max_pages is not None:
            args += ["--max-pages", str(self.max_pages)]
        if self.max_runtime:
            args += ["--max-runtime", self.max_runtime]
        if self.refresh is True:
            args.append("--refresh")
        elif isinstance(self.refresh, str) and self.refresh:
            args += ["--refresh-older-than", self.refresh]
        if self.full_every:
            args += ["--full-every", self.full_every]
        return args

    def overrides(self) -> str:
        parts = [f"{k}={v}" for k, v in (("delay", self.delay), ("concurrency", self.concurrency),
                                         ("max_pages", self.max_pages), ("max_runtime", self.max_runtime),
                                         ("base_url", self.base_url))
                 if v is not None]
        if self.refresh:
            parts.append(f"refresh={self.refresh if self.refresh is not True else 'all'}")
        if self.full_every != FULL_EVERY:
            parts.append(f"full_every={self.full_every or 'never'}")
        return " ".join(parts)


@dataclass
class Schedule:
    entries: list[Entry]
    timezone: str = DEFAULT_TZ
    db: Path | None = None
    contact: str | None = None
    scheduler: dict = field(default_factory=lambda: dict(SCHEDULER_DEFAULTS))
    health: dict = field(default_factory=lambda: dict(HEALTH_DEFAULTS))
    source: Path | None = None
    cluster: dict = field(default_factory=dict)  # {"project", "timeout", "nodes": [{"name", "url", "db"}]}

    @property
    def nodes(self) -> list[dict]:
        return self.cluster.get("nodes", [])

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def entry(self, slug: str) -> Entry | None:
        return next((e for e in self.entries if e.slug == slug), None)

    def thresholds(self, slug: str | None) -> dict:
        entry = self.entry(slug) if slug else None
        return {**self.health, **(entry.health if entry else {})}


def make_cron(expr: str, start: datetime) -> croniter:
    """A croniter for ``expr`` (5 fields, an @alias, or 6 fields with seconds first) from ``start``."""
    six = len(expr.split()) == 6
    return croniter(expr, start, second_at_beginning=six)


def check_cron(expr, where: str) -> str:
    if not isinstance(expr, str) or not expr.strip():
        raise ScheduleError(f"{where}: 'cron' must be a cron expression string")
    expr = " ".join(expr.split())
    fields = len(expr.split())
    try:
        if fields not in (1, 5, 6) or not croniter.is_valid(expr, second_at_beginning=fields == 6):
            raise ValueError
        make_cron(expr, datetime(2025, 1, 1)).get_next(datetime)
    except Exception:  # croniter raises several types for bad input
        raise ScheduleError(f"{where}: bad cron expression {expr!r} (5 fields 'm h dom mon dow', "
                            f"6 with seconds first, or @hourly/@daily/@weekly)") from None
    return expr


def next_times(expr: str, after: datetime, count: int = 1) -> list[datetime]:
    it = make_cron(expr, after)
    return [it.get_next(datetime) for _ in range(count)]


def previous_time(expr: str, before: datetime) -> datetime:
    return make_cron(expr, before).get_prev(datetime)


def parse_age(text: str, where: str = "age") -> timedelta:
    """``30d``, ``12h``, ``2w``, ``90m``, ``45s`` as a timedelta; ScheduleError (naming ``where``) otherwise."""
    match = re.fullmatch(r"\s*(\d+)\s*([wdhms])\s*", str(text))
    if not match:
        raise ScheduleError(f"{where}: bad age {text!r} (use a number and a unit: 30d, 12h, 2w, 90m)")
    unit = {"w": "weeks", "d": "days", "h": "hours", "m": "minutes", "s": "seconds"}[match[2]]
    return timedelta(**{unit: int(match[1])})


def age_cutoff(text: str, where: str = "age") -> str:
    """The ISO time (UTC) ``text`` (an age, see ``parse_age``) ago."""
    return (datetime.now(timezone.utc) - parse_age(text, where)).isoformat(timespec="seconds")


def _number(value, key, where, kind=float, minimum=0):
    if isinstance(value, bool) or not isinstance(value, (int, float)) or (kind is int and not isinstance(value, int)):
        raise ScheduleError(f"{where}: '{key}' must be {'an integer' if kind is int else 'a number'}")
    if value < minimum:
        raise ScheduleError(f"{where}: '{key}' must be at least {minimum}")
    return kind(value)


def _health(table, where: str) -> dict:
    if not isinstance(table, dict):
        raise ScheduleError(f"{where}: 'health' must be a table")
    unknown = set(table) - set(HEALTH_DEFAULTS)
    if unknown:
        raise ScheduleError(f"{where}: unknown health key(s) {sorted(unknown)} (known: {sorted(HEALTH_DEFAULTS)})")
    out = {}
    for key, value in table.items():
        if key in ("zero_new_runs", "min_articles"):
            out[key] = _number(value, key, where, int)
        elif key in ("max_error_rate", "empty_field_share"):
            out[key] = _number(value, key, where)
            if out[key] > 1:
                raise ScheduleError(f"{where}: '{key}' is a share between 0 and 1, got {value}")
        elif key == "fields":
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise ScheduleError(f"{where}: 'fields' must be a list of article column names")
            bad = set(value) - {"published_at", "title", "body_text", "byline", "authors"}
            if bad:
                raise ScheduleError(f"{where}: unknown field(s) {sorted(bad)} in 'fields'")
            out[key] = value
        elif key == "counter":
            if not isinstance(value, bool):
                raise ScheduleError(f"{where}: 'counter' must be true or false")
            out[key] = value
        elif key == "max_age":
            if value not in ("", None):
                parse_age(value, f"{where}: max_age")
            out[key] = value or ""
    return out


def _entry_values(table: dict, where: str) -> dict:
    unknown = set(table) - ENTRY_KEYS - {"portals"}
    if unknown:
        raise ScheduleError(f"{where}: unknown key(s) {sorted(unknown)} (known: {sorted(ENTRY_KEYS)})")
    out = {}
    for key, value in table.items():
        if key == "cron":
            out[key] = check_cron(value, where)
        elif key == "delay":
            out[key] = _number(value, key, where)
        elif key in ("concurrency", "max_pages"):
            out[key] = _number(value, key, where, int, minimum=1)
        elif key == "max_runtime":
            if not isinstance(value, str):
                raise ScheduleError(f"{where}: 'max_runtime' must be an age like \"2h\"")
            parse_age(value, f"{where}: max_runtime")
            out[key] = value
        elif key == "refresh":
            if isinstance(value, str):
                parse_age(value, f"{where}: refresh")
            elif not isinstance(value, bool):
                raise ScheduleError(f"{where}: 'refresh' must be true, false or an age like \"30d\"")
            out[key] = value
        elif key == "full_every":
            if not isinstance(value, str):
                raise ScheduleError(f"{where}: 'full_every' must be an age like \"7d\" (or \"\": never)")
            if value:
                parse_age(value, f"{where}: full_every")
            out[key] = value
        elif key == "base_url":
            if not isinstance(value, str) or not re.match(r"https?://[^/\s]+", value):
                raise ScheduleError(f"{where}: 'base_url' must be an http(s) URL")
            out[key] = value
        elif key == "enabled":
            if not isinstance(value, bool):
                raise ScheduleError(f"{where}: 'enabled' must be true or false")
            out[key] = value
        elif key == "health":
            out[key] = _health(value, where)
    return out


def load_schedule(path: str | Path, known_slugs: list[str] | None = None) -> Schedule:
    """Read and validate a schedule file. Raises ScheduleError with a one-line message.

    ``known_slugs``: the portal profiles that exist (default: ``crawler.profiles.list_slugs()``)."""
    path = Path(path)
    if not path.is_file():
        raise ScheduleError(f"{path}: no such schedule file (see schedule.example.toml)")
    from crawler.profiles import ProfileError, read_toml

    try:  # one line naming the file, line and column
        data = read_toml(path)[1]
    except ProfileError as exc:
        raise ScheduleError(str(exc)) from None
    if known_slugs is None:
        from crawler.profiles import list_slugs
        known_slugs = list_slugs()
    unknown = set(data) - {"timezone", "db", "contact", "scheduler", "defaults", "health", "groups", "portals",
                           "cluster"}
    if unknown:
        raise ScheduleError(f"{path.name}: unknown top-level key(s) {sorted(unknown)}")
    for key in ("scheduler", "health", "defaults", "groups", "portals"):  # a table written as a value
        if not isinstance(data.get(key, {}), dict):
            raise ScheduleError(f"{path.name}: '{key}' must be a table ([{key}])")
    for kind in ("groups", "portals"):
        for name, table in data.get(kind, {}).items():
            if not isinstance(table, dict):
                raise ScheduleError(f"{path.name}: [{kind}] {name} must be a table ([{kind}.{name}])")
    tz = data.get("timezone", DEFAULT_TZ)
    try:
        ZoneInfo(str(tz))
    except (ZoneInfoNotFoundError, ValueError):
        raise ScheduleError(f"{path.name}: unknown time zone {tz!r} (e.g. Asia/Ho_Chi_Minh, UTC)") from None
    db = data.get("db")
    if db is not None and not isinstance(db, str):
        raise ScheduleError(f"{path.name}: 'db' must be a path (a string), got {db!r}")
    if db is not None:
        db = Path(db) if Path(db).is_absolute() else (path.parent / db)
    contact = data.get("contact")
    if contact is not None and (not isinstance(contact, str) or not re.match(r"(https?://|mailto:)?\S+$", contact)):
        raise ScheduleError(f"{path.name}: 'contact' must be a URL or an e-mail address")
    scheduler = dict(SCHEDULER_DEFAULTS)
    for key, value in data.get("scheduler", {}).items():
        if key == "max_parallel":
            scheduler[key] = _number(value, key, f"{path.name} [scheduler]", int, 1)
        elif key == "catch_up":
            if not isinstance(value, bool):
                raise ScheduleError(f"{path.name} [scheduler]: 'catch_up' must be true or false")
            scheduler[key] = value
        elif key == "grace_period":
            scheduler[key] = _number(value, key, f"{path.name} [scheduler]")
        else:
            raise ScheduleError(f"{path.name} [scheduler]: unknown key {key!r}")
    health = {**HEALTH_DEFAULTS, **_health(data.get("health", {}), f"{path.name} [health]")}
    defaults = _entry_values(data.get("defaults", {}), f"{path.name} [defaults]")

    resolved: dict[str, dict] = {}
    for name, table in data.get("groups", {}).items():
        where = f"{path.name} [groups.{name}]"
        if not isinstance(table, dict) or not isinstance(table.get("portals"), list) or not table["portals"]:
            raise ScheduleError(f"{where}: a group needs 'portals = [\"slug\", ...]'")
        values = _entry_values(table, where)
        for slug in table["portals"]:
            if slug in resolved:
                raise ScheduleError(f"{where}: portal {slug!r} is in two groups")
            resolved[slug] = {**defaults, **values, "group": name,
                              "health": {**defaults.get("health", {}), **values.get("health", {})}}
    for slug, table in data.get("portals", {}).items():
        where = f"{path.name} [portals.{slug}]"
        if not isinstance(table, dict):
            raise ScheduleError(f"{where}: must be a table")
        if "portals" in table:
            raise ScheduleError(f"{where}: 'portals' belongs in a [groups.NAME] table")
        values = _entry_values(table, where)
        base = resolved.get(slug, {**defaults, "health": dict(defaults.get("health", {}))})
        resolved[slug] = {**base, **values, "health": {**base.get("health", {}), **values.get("health", {})}}
    if not resolved:
        raise ScheduleError(f"{path.name}: no portals scheduled (add [portals.SLUG] or [groups.NAME] tables)")
    entries = []
    for slug, values in resolved.items():
        if slug not in known_slugs:
            raise ScheduleError(f"{path.name}: unknown portal {slug!r} (known: {', '.join(known_slugs) or 'none'})")
        if "cron" not in values:
            raise ScheduleError(f"{path.name}: portal {slug!r} has no 'cron' (set it, its group's or [defaults])")
        entries.append(Entry(slug=slug, **values))
    return Schedule(entries, str(tz), db, contact, scheduler, health, path.resolve(),
                    _cluster(data.get("cluster"), f"{path.name} [cluster]"))


def _cluster(table, where: str) -> dict:
    """The ``[cluster]`` table: ``project``, ``timeout`` and ``nodes`` (name, url, optional db)."""
    if table is None:
        return {}
    if not isinstance(table, dict):
        raise ScheduleError(f"{where}: must be a table")
    unknown = set(table) - {"project", "timeout", "nodes"}
    if unknown:
        raise ScheduleError(f"{where}: unknown key(s) {sorted(unknown)} (known: nodes, project, timeout)")
    project = table.get("project", "portal_archive")
    if not isinstance(project, str) or not re.fullmatch(r"[\w.-]+", project):
        raise ScheduleError(f"{where}: 'project' must be a scrapyd project name")
    nodes = table.get("nodes")
    if not isinstance(nodes, list) or not nodes:
        raise ScheduleError(f"{where}: 'nodes' must be a list like [{{name = \"node1\", url = \"http://host:6800/\"}}]")
    out, names = [], set()
    for n, node in enumerate(nodes, start=1):
        if not isinstance(node, dict) or set(node) - {"name", "url", "db"}:
            raise ScheduleError(f"{where}: node {n} must be a table with name, url and optionally db")
        name, url = node.get("name"), node.get("url")
        if not isinstance(name, str) or not re.fullmatch(r"[\w.-]+", name):
            raise ScheduleError(f"{where}: node {n} needs a 'name' (letters, digits, '.', '-', '_')")
        if name in names:
            raise ScheduleError(f"{where}: node name {name!r} is used twice")
        if not isinstance(url, str) or not re.match(r"https?://[^/\s]+", url):
            raise ScheduleError(f"{where}: node {name!r} needs an http(s) 'url' (its scrapyd, e.g. http://host:6800/)")
        if "db" in node and not isinstance(node["db"], str):
            raise ScheduleError(f"{where}: node {name!r}: 'db' must be a path on that node")
        names.add(name)
        out.append({"name": name, "url": url.rstrip("/") + "/", "db": node.get("db")})
    return {"project": project, "timeout": _number(table.get("timeout", 5), "timeout", where), "nodes": out}


def crontab_lines(schedule: Schedule, db: Path, command: str, workdir: Path | None = None) -> list[str]:
    """Equivalent crontab lines (``CRON_TZ`` for the zone; 6-field expressions cannot be expressed)."""
    lines = [f"# portal-archive schedule {schedule.source or ''}".rstrip(),
             "# cron has no per-portal lock of its own: `crawl` takes data/locks/<portal>.lock, so an",
             "# overlapping run exits with status 75 instead of crawling twice.",
             f"CRON_TZ={schedule.timezone}"]
    for e in schedule.entries:
        if not e.enabled:
            lines.append(f"# {e.slug}: disabled")
            continue
        expr = e.cron
        if len(expr.split()) == 6:
            lines.append(f"# {e.slug}: '{expr}' has a seconds field, which cron cannot express; "
                         f"using its minutes")
            expr = " ".join(expr.split()[1:])
        args = " ".join(_quote(a) for a in ["crawl", e.slug, "--db", str(db), "--trigger", "scheduled",
                                            *e.crawl_args()])
        cd = f"cd {_quote(str(workdir))} && " if workdir else ""
        lines.append(f"{expr} {cd}{command} {args} >/dev/null 2>&1")
    return lines


def _quote(text: str) -> str:
    import shlex

    return shlex.quote(text).replace("%", "\\%")  # % is a newline in crontab
