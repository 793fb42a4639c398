"""Crawl operations for archivists: `scheduler`, `schedule show|cron`, `runs`, `health` (issue 6), `optimize`,
`reindex`."""
from __future__ import annotations

import shutil
import sys
from datetime import datetime, timezone
from pathlib import Path

import click

from portal_archive import archive
from portal_archive.archive import locks
from portal_archive.cli.common import DB_OPTION, json_text, printable
from portal_archive.errors import EXIT_CODES, PortalArchiveError, crawl_outcome
from portal_archive.ops.schedule import DEFAULT_TZ, load_schedule, next_times

SCHEDULE_OPTION = click.option("--schedule", "schedule_path", type=click.Path(dir_okay=False, path_type=Path),
                               default=Path("schedule.toml"), show_default=True,
                               help="Schedule file (TOML; see schedule.example.toml).")


def resolve_db(db_path: Path, schedule) -> Path:
    """``--db`` when given on the command line, else the schedule's ``db``, else the default."""
    ctx = click.get_current_context()
    given = ctx.get_parameter_source("db_path") not in (None, click.core.ParameterSource.DEFAULT)
    if not given and schedule is not None and schedule.db is not None:
        return schedule.db
    return db_path


def table(header: tuple, rows: list[tuple]) -> None:
    """Print ``rows`` under ``header`` in aligned columns (cells ``printable``)."""
    cells = [tuple(map(printable, header))] + [tuple(printable(c) for c in r) for r in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(header))]
    for n, row in enumerate(cells):
        click.echo("  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip())
        if n == 0:
            click.echo("  ".join("-" * w for w in widths))


def local(iso: str | None, tz) -> str:
    if not iso:
        return ""
    return datetime.fromisoformat(iso).astimezone(tz).strftime("%Y-%m-%d %H:%M:%S")


# --- scheduler ---------------------------------------------------------------------------------

@click.command()
@SCHEDULE_OPTION
@DB_OPTION
@click.option("--tick", type=click.FloatRange(min=0.05), default=1.0, show_default=True,
              help="Seconds between checks of the clock and of running crawls.")
@click.option("--grace", type=click.FloatRange(min=0), default=None,
              help="Seconds running crawls may finish after SIGTERM (default: the schedule's grace_period).")
def scheduler(schedule_path, db_path, tick, grace):
    """Run the schedule: start each due crawl as its own process, until SIGTERM/SIGINT.

    One crawl per portal at a time (a trigger that overlaps a running crawl is skipped), one catch-up run
    after downtime, stale locks of killed crawls cleared; on SIGTERM no new crawls start and running ones
    get the grace period to finish, then are interrupted."""
    from portal_archive.ops.scheduler import Scheduler

    schedule = load_schedule(schedule_path)
    db = resolve_db(db_path, schedule)
    archive.open_archive(db).conn.close()
    sys.exit(Scheduler(schedule, db, tick=tick, grace_period=grace).run())


# --- schedule show | cron ------------------------------------------------------------------------

@click.group()
def schedule():
    """Inspect a schedule file: next run times, equivalent crontab lines."""


@schedule.command("show")
@SCHEDULE_OPTION
@click.option("-n", "--count", type=click.IntRange(1, 100), default=3, show_default=True,
              help="Next run times per portal.")
def schedule_show(schedule_path, count):
    """Print every scheduled portal with its cron, overrides and next run times (schedule's time zone)."""
    sched = load_schedule(schedule_path)
    now = datetime.now(timezone.utc).astimezone(sched.tz)
    click.echo(f"{sched.source}: {len(sched.entries)} portal(s), time zone {sched.timezone}, "
               f"now {now.strftime('%Y-%m-%d %H:%M:%S %z')}")
    rows = []
    for e in sched.entries:
        times = ", ".join(t.strftime("%Y-%m-%d %H:%M:%S") for t in next_times(e.cron, now, count)) \
            if e.enabled else "disabled"
        rows.append((e.slug, e.group or "", e.cron, times, e.overrides()))
    table(("portal", "group", "cron", f"next {count} run(s)", "overrides"), rows)


@schedule.command("cron")
@SCHEDULE_OPTION
@DB_OPTION
def schedule_cron(schedule_path, db_path):
    """Print crontab lines equivalent to the schedule (for cron users; systemd: see the README)."""
    from portal_archive.ops.schedule import crontab_lines

    sched = load_schedule(schedule_path)
    db = resolve_db(db_path, sched).resolve()
    script = Path(sys.executable).parent / "portal-archive"
    command = str(script) if script.exists() else (shutil.which("portal-archive") or "portal-archive")
    for line in crontab_lines(sched, db, command, Path.cwd()):
        click.echo(line)


# --- runs ----------------------------------------------------------------------------------------

def _duration(run: dict) -> str:
    if not run["finished_at"]:
        return ""
    seconds = (datetime.fromisoformat(run["finished_at"]) - datetime.fromisoformat(run["started_at"])).total_seconds()
    return f"{seconds:.0f}s" if seconds < 600 else f"{seconds / 60:.0f}m"


def _size(n) -> str:
    n = n or 0
    for unit in ("B", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n:.0f}{unit}" if unit == "B" else f"{n:.1f}{unit}"
        n /= 1024


@click.command()
@DB_OPTION
@click.option("--portal", help="Only this portal.")
@click.option("--failed", is_flag=True, help="Only runs that did not end ok (failed, partial, interrupted, "
              "and running ones whose process died).")
@click.option("--limit", type=click.IntRange(min=1), default=20, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="One JSON object per run (every column and Scrapy stats; "
              "`dead`, and the `outcome` and `exit_code` of a finished run as `crawl --help` lists them).")
@click.option("--tz", "tz_name", default=DEFAULT_TZ, show_default=True, help="Time zone of the printed times.")
def runs(db_path, portal, failed, limit, as_json, tz_name):
    """Crawl run history, newest first: trigger, times, status, full sweep or incremental, HTTP requests (and per
    new article), pages, articles, errors, bytes, log file.

    A run recorded ``running`` whose process is gone from this host (killed, power cut) shows as
    ``interrupted (dead)``; the next crawl of its portal records it so and resumes it."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    from portal_archive.ops.health import error_classes

    try:
        tz = ZoneInfo(tz_name)
    except (ZoneInfoNotFoundError, ValueError):
        raise PortalArchiveError(f"unknown time zone {tz_name!r}") from None
    db = archive.open_archive(db_path, create=False)
    if portal and portal not in archive.run_portals(db):
        raise PortalArchiveError(f"no runs of portal {portal!r} in {db_path} "
                       f"(portals with runs: {', '.join(archive.run_portals(db)) or 'none'})")
    rows = archive.list_runs(db, portal, False, None if failed else limit)
    for r in rows:  # a run whose process is gone is interrupted now, whatever its row says until the next crawl
        r["dead"] = r["status"] == "running" and locks.process_gone(r["pid"], r["host"])
        if r["dead"]:
            r["status"], r["finish_reason"] = "interrupted", "process died"
        if r["status"] != "running":  # what its crawl exited with (the default --max-error-rate)
            r["outcome"] = crawl_outcome(r["status"], r["pages_fetched"], r["errors"])
            r["exit_code"] = EXIT_CODES[r["outcome"]]
    if failed:
        rows = [r for r in rows if r["status"] not in ("ok", "running")][:limit]
    if as_json:
        for r in rows:
            click.echo(json_text(r, default=str))
        return
    if not rows:
        click.echo(f"{db_path}: no {'failed ' if failed else ''}runs")
        return
    table(("id", "portal", "trigger", "started", "took", "status", "sweep", "requests", "req/new", "pages", "new",
           "upd", "same", "gone", "errors", "bytes", "log"),
          [(r["id"], r["portal"], r["trigger"], local(r["started_at"], tz), _duration(r),
            r["status"] + (" (dead)" if r["dead"] else ""),
            {1: "full", 0: "incr"}.get(r["full"], ""), "" if r["requests"] is None else r["requests"],
            "" if r["requests_per_new"] is None else r["requests_per_new"],
            r["pages_fetched"], r["articles_new"], r["articles_updated"], r["articles_unchanged"],
            r["articles_gone"], f"{r['errors'] or 0}" + (f" ({error_classes(r['stats'])})" if r["errors"] else ""),
            _size(r["stats"].get("downloader/response_bytes")), r["log_path"] or "") for r in rows])


# --- health --------------------------------------------------------------------------------------

@click.command()
@click.option("--schedule", "schedule_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Schedule file: its portals and [health] thresholds (default: every portal with runs, "
                   "default thresholds).")
@DB_OPTION
@click.option("--portal", help="Only this portal.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per portal.")
def health(schedule_path, db_path, portal, as_json):
    """Per-portal health from the run history; exit status 1 when any portal is unhealthy.

    Unhealthy: last run failed, error rate above max_error_rate, no new articles for zero_new_runs runs,
    a field suddenly empty on most new articles (template change), no visitor counter found, no
    successful run within max_age, a run whose crawl process died (still recorded running)."""
    from portal_archive.ops.health import check_all

    sched = load_schedule(schedule_path) if schedule_path else None
    db_path = resolve_db(db_path, sched)
    db = archive.open_archive(db_path, create=False)
    results = check_all(db, sched, portal, db_path=db_path)
    tz = sched.tz if sched else __import__("zoneinfo").ZoneInfo(DEFAULT_TZ)
    if as_json:
        for h in results:
            click.echo(json_text({"portal": h.portal, "status": h.status, "running": h.running,
                                  "last_run": h.last and {k: v for k, v in h.last.items() if k != "stats"},
                                  "problems": h.problems, "notes": h.notes}))
    elif not results:
        click.echo(f"{db_path}: no runs yet")
    else:
        table(("portal", "health", "last run", "status", "new", "errors", "problems"),
              [(h.portal, h.status.upper() + (" (running)" if h.running else ""),
                local(h.last["started_at"], tz) if h.last else "never", h.last["status"] if h.last else "",
                h.last["articles_new"] if h.last else "", h.last["errors"] if h.last else "",
                "; ".join(h.problems + h.notes)) for h in results])
        bad = [h.portal for h in results if h.status == "unhealthy"]
        click.echo(f"\n{len(results)} portal(s): {len(bad)} unhealthy"
                   + (f" ({printable(', '.join(bad))})" if bad else ""))
    if any(h.status == "unhealthy" for h in results):
        sys.exit(1)


@click.command()
@DB_OPTION
def optimize(db_path):
    """Merge the search index into one segment, rebuild the candidate index (if the archive has one, see
    `reindex`) and refresh SQLite's planner statistics.

    Worth running after a large crawl, backfill or merge: searches that check articles one by one
    (accent-exact ranking, --sort newest/oldest) get faster. It rewrites the whole index (minutes on a large
    archive); searches and Datasette keep reading meanwhile, but run it when no crawl is
    running: it holds the write lock longer than a crawl waits for it (30 s)."""
    import time

    db = archive.open_archive(db_path, create=False)
    articles = archive.count_rows(db, "articles")
    t0 = time.perf_counter()
    archive.optimize_search_index(db)
    rebuilt = archive.optimize_candidate_index(db)
    click.echo(f"{db_path}: search index of {articles} articles optimized"
               + ("" if rebuilt is None else ", candidate index rebuilt") + f" in {time.perf_counter() - t0:.1f}s")


@click.command()
@DB_OPTION
def reindex(db_path):
    """Build (or rebuild) the candidate index of ranked search from the archive.

    The index (tantivy, in the archive's folder: search-index/) proposes the best few hundred matches of
    each query by BM25, which search then re-ranks; without it ranked search reads every match (slower on
    large archives, same results). Crawls, merges and reextracts keep it up to date, and each search first
    applies what changed since; run this once to create it, or after restoring the database from a backup.
    Searches keep working meanwhile (without it)."""
    import time

    db = archive.open_archive(db_path, create=False)
    t0 = time.perf_counter()
    count = archive.reindex_candidate_index(db)
    click.echo(f"{db_path}: candidate index of {count} articles built in {time.perf_counter() - t0:.1f}s")


COMMANDS = (scheduler, schedule, runs, health, optimize, reindex)
