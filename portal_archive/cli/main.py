"""`portal-archive`: a thin click CLI over the library; library errors become one-line messages."""
from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import click

from crawler.profiles import ProfileError, list_slugs, load_profile
from crawler.registry import KINDS, STATUSES, load_registry, resolve, select
from portal_archive import archive
from portal_archive.cli import ops as ops_commands
from portal_archive.cli import search as search_commands
from portal_archive.cli.common import DB_OPTION, json_text, printable
from portal_archive.errors import (DEFAULT_MAX_ERROR_RATE, EXIT_CODES, CrawlFailed, PortalArchiveError,
                                   crawl_outcome, worst)
from portal_archive.ops.schedule import age_cutoff, parse_age


class _Commands(click.Group):
    """The command group: the one place errors become output. A ``PortalArchiveError`` (bad input, a state the
    user can fix) or an ``OSError`` (a file the user named) raised by any command is one line, ``Error: ...``,
    and the exit code of its kind; anything else is a bug and keeps its traceback."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except PortalArchiveError as exc:
            error = click.ClickException(printable(exc))
            error.exit_code = exc.exit_code
            raise error from None
        except BrokenPipeError:  # not an error of ours: the reader left (``| head``); run() exits quietly
            raise
        except OSError as exc:
            where = f"{exc.filename}: " if exc.filename else ""
            raise click.ClickException(printable(f"{where}{exc.strerror or exc}")) from None


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="portal-archive")
def main():
    """Archive Vietnamese provincial news portals into a searchable SQLite archive."""


@main.command()
@click.option("--kind", type=click.Choice(KINDS), help="Only portals of this kind.")
@click.option("--province", metavar="NAME", help="Only portals of this province (after 1 July 2025) or former "
              "province; accents and case are ignored (\"vinh long\" finds Vĩnh Long).")
@click.option("--status", type=click.Choice(STATUSES), help="Only registry entries with this status.")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list instead of the table.")
@click.option("--registry", "registry_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Read this registry file instead of the shipped crawler/portals/registry.toml.")
def portals(kind, province, status, as_json, registry_path):
    """List the portals: the hand-written profiles and the registry of real portals (crawler/portals/
    registry.toml). CRAWL says whether a portal has a hand-written profile; the others are crawled without one
    (`portal-archive crawl SLUG` or `crawl URL`: discovered and learnt as the crawl goes)."""
    entries = load_registry(registry_path)
    named = {e.profile for e in entries if e.profile}
    rows = [{"origin": "registry", **e.as_dict()} for e in select(entries, kind, province, status)]
    broken = []
    for slug in list_slugs():
        if slug in named or province or status:  # a profile has no province or status of its own
            continue
        try:
            p = load_profile(slug)
        except ProfileError as exc:  # one line each; the other portals still list
            click.echo(f"Error: {exc}", err=True)
            broken.append(slug)
            continue
        if kind is None or p.kind == kind:
            rows.append({"origin": "profile", "slug": p.slug, "name": p.name, "kind": p.kind, "province": None,
                         "domains": list(p.domains), "start_urls": list(p.start_urls), "status": None,
                         "source": f"crawler/portals/{p.slug}.toml", "former_province": None, "redirects_to": None,
                         "note": f"profile family {p.family}", "profile": p.slug})
    if as_json:
        click.echo(json_text(rows, indent=2))
    elif not rows:
        click.echo("no portals match")
    else:
        list_portals(rows)
    if broken:
        raise PortalArchiveError(f"{len(broken)} broken profile(s), not listed: {', '.join(broken)}")


def list_portals(rows: list[dict]) -> None:
    table = [("SLUG", "KIND", "STATUS", "PROVINCE", "CRAWL", "START URL")]
    for r in rows:
        where = r["province"] or "-"
        if r["former_province"]:
            where += f" (was {r['former_province']})"
        table.append((r["slug"], r["kind"], r["status"] or "-", where, "profile" if r["profile"] else "-",
                      r["start_urls"][0]))
    widths = [max(len(row[i]) for row in table) for i in range(len(table[0]) - 1)]
    for row in table:
        click.echo(printable("  ".join(cell.ljust(w) for cell, w in zip(row, widths)) + "  " + row[-1]))
    with_profile = sum(1 for r in rows if r["profile"])
    click.echo(f"{len(rows)} portal(s), {with_profile} with a profile; the others are crawled without one")


@main.command()
@click.argument("portal_slugs", nargs=-1, required=True, metavar="PORTAL...")
@DB_OPTION
@click.option("--base-url", help="Crawl a mirror/moved domain: rebase the start URLs onto this URL "
              "(one portal only).")
@click.option("--refresh", is_flag=True, help="Re-fetch articles already archived (conditional requests).")
@click.option("--refresh-older-than", metavar="AGE", help="Re-fetch archived articles last seen more than "
              "AGE ago (e.g. 30d, 12h).")
@click.option("--full", is_flag=True, help="A full sweep: every listing page, every archived article re-validated "
              "(conditional requests), to find edits and deletions deep in the archive.")
@click.option("--full-every", metavar="AGE", help="A full sweep when the portal's latest one is older than AGE "
              "(e.g. 7d); otherwise only after --full or when the portal never had one.")
@click.option("-s", "--set", "settings", multiple=True, metavar="NAME=VALUE",
              help="Override a Scrapy/portal-archive setting for this crawl (repeatable), as `scrapy crawl -s`.")
@click.option("--log-level", default="WARNING", show_default=True,
              type=click.Choice(["DEBUG", "INFO", "WARNING", "ERROR"]),
              help="Terminal verbosity; the run's log file (the archive's logs/) always has INFO.")
@click.option("--max-pages", type=click.IntRange(min=1), help="Hard cap on pages fetched per portal in this run "
              "(default: the profile's [politeness] max_pages, else the PORTAL_MAX_PAGES setting).")
@click.option("--delay", type=click.FloatRange(min=0), help="Seconds between requests (default: the profile's).")
@click.option("--concurrency", type=click.IntRange(min=1), help="Parallel requests per host (default: the profile's).")
@click.option("--trigger", type=click.Choice(["manual", "scheduled"]), default="manual", show_default=True,
              help="Recorded on the run (the scheduler passes 'scheduled').")
@click.option("--image-max-mb", type=click.FloatRange(min=0, min_open=True), help="Largest image captured, in MB "
              "(default: the profile's [politeness] image_max_mb, else the IMAGES_MAX_SIZE setting, 5 MB).")
@click.option("--image-budget-mb", type=click.FloatRange(min=0), help="Image megabytes captured per portal in this "
              "run (default: the profile's [politeness] image_budget_mb, else IMAGES_BUDGET, 256 MB; 0: none).")
@click.option("--no-images", is_flag=True, help="Capture no images or logo in this run.")
@click.option("--max-error-rate", type=click.FloatRange(0, 1), default=DEFAULT_MAX_ERROR_RATE, show_default=True,
              help="Exit 3 (partial) when errors exceed this share of the pages fetched (the scheduler passes the "
                   "schedule's [health] max_error_rate).")
@click.option("--json", "as_json", is_flag=True, help="Print each portal's run summary as one JSON object (a line).")
@click.option("--max-runtime", metavar="AGE", help="Wall-clock limit of the run (90m, 2h, 1d): the crawl then stops "
              "as with --max-pages; what is queued is resumed by the next run.")
def crawl(portal_slugs, db_path, base_url, refresh, refresh_older_than, settings, log_level, max_pages=None,
          delay=None, concurrency=None, trigger="manual", image_max_mb=None, image_budget_mb=None, no_images=False,
          max_error_rate=DEFAULT_MAX_ERROR_RATE, as_json=False, max_runtime=None, full=False,
          full_every=None):
    """Crawl PORTAL... into the archive: profile slugs (see `portal-archive portals`) or portal URLs.

    A URL needs no profile: the crawl keeps to its host, reads its sitemaps, feeds and links, archives the pages
    that read as articles and learns their URL shape (recorded on the run, used by the next one); the portal's
    slug is its host (https://www.travinh.gov.vn/ -> travinh-gov-vn).

    Incremental: articles already archived are not fetched again (unless --refresh), and each section's listing
    is read newest-first only until a page brings no new article (and one page more: -s PORTAL_LISTING_MARGIN=N).
    A full sweep (--full, --full-every, the portal's first crawl) reads every listing page and re-validates every
    archived article. Re-running an interrupted crawl resumes it.

    Files: an archive named archive.db keeps warc/, logs/ (one <portal>-<UTC time>.log per portal and run) and
    locks/ beside it (data/archive.db -> data/warc/); any other --db PATH keeps them in PATH.files/.

    \b
    Exit status (the worst over the portals):
      0    ok: crawled; errors on at most --max-error-rate of the pages
      3    partial: crawled, errors on more than --max-error-rate of the pages
      69   failed: nothing fetched (site, DNS or robots.txt unreachable) or the archive refused writes
      75   refused: a portal is being crawled by another live process; try later
      130  interrupted: SIGINT or SIGTERM; the next crawl resumes the run
      1, 2 bad input or usage: nothing crawled"""
    from crawler.runner import run_crawls

    if base_url and len(portal_slugs) != 1:
        raise PortalArchiveError("--base-url needs exactly one portal")
    base_urls = {portal_slugs[0]: base_url} if base_url else {}
    overrides = {"LOG_LEVEL": log_level, "PORTAL_REFRESH": refresh, "ARCHIVE_TRIGGER": trigger, "PORTAL_FULL": full}
    if full_every:
        overrides["PORTAL_FULL_BEFORE"] = age_cutoff(full_every, "--full-every")
    if refresh_older_than:
        overrides["PORTAL_REFRESH_BEFORE"] = age_cutoff(refresh_older_than, "--refresh-older-than")
    if max_runtime:
        overrides["CLOSESPIDER_TIMEOUT"] = parse_age(max_runtime, "--max-runtime").total_seconds()
    for item in settings:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise PortalArchiveError(f"bad --set {item!r}: use NAME=VALUE, e.g. --set DOWNLOAD_TIMEOUT=60")
        overrides[name.strip()] = value
    if no_images:
        overrides["IMAGES_ENABLED"] = False
    for key, value in (("PORTAL_MAX_PAGES", max_pages), ("DOWNLOAD_DELAY", delay),
                       ("CONCURRENT_REQUESTS_PER_DOMAIN", concurrency),
                       ("IMAGES_MAX_SIZE", None if image_max_mb is None else int(image_max_mb * 1024 * 1024)),
                       ("IMAGES_BUDGET", None if image_budget_mb is None else int(image_budget_mb * 1024 * 1024))):
        if value is not None:
            overrides[key] = value
    # scheduled runs: everything goes to the run's log file, only errors to stderr
    stats = run_crawls(list(portal_slugs), db_path, base_urls, console_level="ERROR" if trigger == "scheduled"
                       else log_level, **overrides)
    summaries = [run_summary(slug, st, max_error_rate) for slug, st in stats.items()]
    for s in summaries:
        click.echo(json_text(s) if as_json else printable(summary_line(s)))
    failed = {slug: st["archive/write_error"] for slug, st in stats.items() if st.get("archive/write_error")}
    if failed:  # the archive refused writes (disk full, read-only): what was stored before is intact
        slug, message = next(iter(failed.items()))
        raise CrawlFailed(f"{slug}: archive write failed: {message} ({db_path}); crawl stopped, run recorded failed")
    failed = {slug: st["warc/write_error"] for slug, st in stats.items() if st.get("warc/write_error")}
    if failed:  # the WARC folder refused a capture: stopped as for a full archive disk
        slug, message = next(iter(failed.items()))
        raise CrawlFailed(f"{slug}: {message}; crawl stopped, run recorded failed")
    outcome = worst(s["outcome"] for s in summaries)
    if outcome == "interrupted":
        click.echo("Interrupted: " + ", ".join(f"{s['portal']} (run {s['run_id']})" for s in summaries
                                               if s["outcome"] == "interrupted")
                   + " recorded interrupted; the next crawl resumes.", err=True)
    elif outcome != "ok":
        from portal_archive.ops.health import error_classes

        click.echo(f"Error: crawl {outcome}: " + "; ".join(
            f"{s['portal']} {s['status']}" + "".join(f" ({why})" for why in (
                s["finish_reason"] if s["finish_reason"] not in (None, "finished") else None,
                error_classes(st)) if why)
            for s, st in zip(summaries, stats.values()) if s["outcome"] != "ok") + " (see `portal-archive runs`)",
            err=True)
    sys.exit(EXIT_CODES[outcome])


def run_summary(slug: str, stats: dict, max_error_rate: float = DEFAULT_MAX_ERROR_RATE) -> dict:
    """One portal's run, as this crawl did it (from its Scrapy stats): counts, outcome and exit code."""
    pages = stats.get("response_received_count", 0)
    errors = stats.get("portal/errors", 0) + stats.get("spider_exceptions/count", 0)
    status = stats.get("archive/run_status") or "interrupted"  # no run recorded: stopped as it started
    outcome = crawl_outcome(status, pages, errors, max_error_rate)
    return {"portal": stats.get("archive/portal") or slug, "run_id": stats.get("archive/run_id"), "status": status, "outcome": outcome,
            "exit_code": EXIT_CODES[outcome], "new": stats.get("archive/articles_new", 0),
            "updated": stats.get("archive/articles_updated", 0),
            "unchanged": stats.get("archive/articles_unchanged", 0), "errors": errors,
            "gone": stats.get("archive/articles_gone", 0), "requests": stats.get("downloader/request_count", 0),
            "pages": pages, "seconds": round(stats.get("elapsed_time_seconds") or 0, 1),
            "finish_reason": stats.get("finish_reason"), "log_path": stats.get("archive/log_path")}


def summary_line(s: dict) -> str:
    return (f"{s['portal']}: {s['status']}, {s['new']} new, {s['updated']} updated, {s['unchanged']} unchanged, "
            f"{s['errors']} errors, {s['gone']} gone, {s['requests']} requests, in {s['seconds']:.1f} s"
            + (f" (run {s['run_id']}, log {s['log_path']})" if s["run_id"] else ""))


@main.command()
@DB_OPTION
@click.option("--seed", default=2025, show_default=True, help="Replica generator seed.")
@click.option("--articles", type=int, default=None, help="Articles per replica portal (default: the replica's).")
@click.option("--port-base", type=click.IntRange(1, 65533), default=None,
              help="Serve the replica portals on this port and the next two (default: 8701-8703 when free, "
                   "else free ports chosen by the system).")
def demo(db_path, seed, articles, port_base):
    """Start the bundled offline replica portals, crawl them all into the archive, print a summary.

    The replica's ports are part of the archived URLs: a demo re-run on the same ports re-crawls the same
    portals (no duplicates); on other ports its articles are archived as other URLs."""
    import time

    import replica
    from crawler.runner import run_crawls
    from replica import server

    started = time.monotonic()
    ports = port_base if port_base is not None else replica.DEFAULT_PORTS
    try:
        live = server.start(replica.PORTALS, ports=ports, seed=seed, articles=articles)
    except OSError as exc:
        if port_base is not None:
            raise PortalArchiveError(f"cannot start the replica on ports {port_base}-{port_base + 2}: "
                                     f"{exc.strerror} (try another --port-base)") from None
        click.echo(f"Ports {min(ports.values())}-{max(ports.values())} are taken ({exc.strerror}): serving the "
                   "replica on free ports instead.", err=True)
        live = server.start(replica.PORTALS, ports=None, seed=seed, articles=articles)
    with live:
        click.echo(f"Replica portals serving: {', '.join(f'{s} {u}' for s, u in live.base_urls.items())}")
        stats = run_crawls(list(replica.PORTALS), db_path, live.base_urls, LOG_LEVEL="WARNING")
    for slug, st in stats.items():
        click.echo(printable(summary_line(run_summary(slug, st))))
    click.echo(f"Crawled in {time.monotonic() - started:.1f} s.\n")
    print_stats(db_path)
    click.echo(f"\nBrowse it:  portal-archive serve --db {db_path}   (Datasette on http://127.0.0.1:8001)")
    click.echo("            an article to read: http://127.0.0.1:8001/archive/articles/1 (images from the archive);"
               " a portal's visitor counter: http://127.0.0.1:8001/archive/portals/travinh-replica")
    click.echo(f"Replay:     portal-archive replay --db {db_path}   (pywb on http://127.0.0.1:8090/archive/)")
    click.echo(f"Or query:   sqlite3 {db_path} 'select portal, published_at, title from articles limit 5'")


@main.command()
@click.argument("page", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--url", required=True, help="The page's own URL (resolves relative links).")
@click.option("--portal", "portal_slug", help="Use this portal profile's selectors first.")
@click.option("--fetched-at", help="Fetch time (ISO 8601) for relative and year-less dates; default now.")
@click.option("--explain", is_flag=True, help="Also print the rule behind each field and what kind of page it is.")
def extract(page, url, portal_slug, fetched_at, explain):
    """Extract one saved PAGE.html and print the article as one JSON object (--explain: with the rule that found
    each field, e.g. "title": "generic:h1.title-detail", and the page's kind, article or listing)."""
    from crawler.extract.article import extract_article
    from pipelines.normalize import contract_json, normalize_article

    if not page.is_file():
        raise PortalArchiveError(f"{page}: no such file")
    profile = resolve(portal_slug) if portal_slug else None
    article = extract_article(page.read_bytes(), url, profile, fetched_at=fetched_at or archive.utcnow(),
                              classify=explain)
    out = contract_json(normalize_article(article))
    if explain:
        out = {**out, "page_kind": article.page_kind, "rules": article.rules}
    click.echo(json_text(out, indent=2))


@main.group()
def profile():
    """Portal profiles: `profile new URL` induces one from sample pages."""


@profile.command("new")
@click.argument("url")
@DB_OPTION
@click.option("--pages", "pages", multiple=True, type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Induce from these saved pages (repeatable) instead of fetching any.")
@click.option("--from-archive", "from_archive", metavar="SLUG", help="Induce from this portal's articles in the "
              "archive (--db): the rule that found each field, the URL patterns its crawls learnt.")
@click.option("--max-pages", type=click.IntRange(min=5), default=60, show_default=True,
              help="Pages fetched by the sample crawl (when neither --pages nor --from-archive is given).")
@click.option("--name", help="The portal's name (default: its host).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the profile here (e.g. crawler/portals/<slug>.toml) instead of printing it.")
def profile_new(url, db_path, pages, from_archive, max_pages, name, output):
    """Induce a profile for the portal at URL from sample pages: a short crawl of it without a profile (into a
    temporary archive), saved pages (--pages) or what the archive holds (--from-archive). The TOML says, for
    each choice, how many samples agreed: review it, then save it as crawler/portals/<slug>.toml."""
    from crawler.induce import Sample, induce
    from crawler.profiles import profile_for_url

    start = profile_for_url(url).start_urls[0]
    learnt: list[str] = []
    if pages:
        from crawler.extract.article import extract_article

        samples = []
        for page in pages:  # a page's own URL: its canonical link, else a name under the start URL
            html = page.read_bytes()
            page_url = extract_article(html, url, None).canonical_url or f"{start.rstrip('/')}/{page.name}"
            article = extract_article(html, page_url, None, classify=True)
            samples.append(Sample(page_url, article.rules, article.page_kind == "article"))
    else:
        if from_archive:
            slug, db = from_archive, archive.open_archive(db_path, create=False)
        else:
            import tempfile

            from crawler.runner import run_crawls

            slug, tmp = profile_for_url(url).slug, Path(tempfile.mkdtemp(prefix="portal-archive-profile-"))
            click.echo(f"Reading up to {max_pages} pages of {start} ...", err=True)
            run_crawls([url], tmp / "sample.db", log_file=tmp / "sample.log", console_level="ERROR",
                       PORTAL_MAX_PAGES=max_pages)
            db = archive.open_archive(tmp / "sample.db", create=False)
        samples = [Sample(u, rules) for u, rules in archive.article_rules(db, slug)]
        learnt = archive.crawl_state(db, slug)["learnt"]
        if not samples:
            raise PortalArchiveError(f"no articles of {slug!r} to learn from"
                                     + (f" in {db_path}" if from_archive else f" in the first {max_pages} pages"))
    text = induce(samples, start, name=name, learnt=learnt, slug=from_archive)
    if output:
        output.write_text(text, encoding="utf-8")
        click.echo(f"wrote {output}", err=True)
    else:
        click.echo(text, nl=False)


@main.command()
@DB_OPTION
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv", "wacz"]), default="jsonl", show_default=True)
@click.option("--portal", help="Only this portal.")
@click.option("--since", help="Published on or after (ISO or dd/mm/yyyy).")
@click.option("--until", help="Published on or before (ISO or dd/mm/yyyy).")
@click.option("-o", "--output", type=click.File("w", encoding="utf-8"), default="-", help="Output file (default stdout).")
def export(db_path, fmt, portal, since, until, output):
    """Export articles with their images and counters as JSON Lines or CSV (streamed), or the captures as WACZ.

    --format wacz --output FILE.wacz packages the WARC files (of --portal only, if given), their CDXJ index and the
    article pages for ReplayWeb.page and other Webrecorder tools (needs `pip install 'portal-archive[replay]'`)."""
    import csv

    if fmt == "wacz":
        from portal_archive.archive.exchange import export_wacz

        if output.name in ("-", "<stdout>") or not isinstance(output, click.utils.LazyFile):
            raise PortalArchiveError("--format wacz needs --output FILE.wacz (a zip file, not stdout)")
        if since or until:
            raise PortalArchiveError("--since/--until do not apply to --format wacz (it packages whole WARC files)")
        archive.open_archive(db_path, create=False).conn.close()
        done = export_wacz(db_path, output.name, portal)
        click.echo(f"wrote {output.name}: {done['warc_files']} WARC files, {done['pages']} pages", err=True)
        return
    db = archive.open_archive(db_path, create=False)
    rows = archive.iter_export(db, portal, user_date(since), user_date(until))
    if fmt == "jsonl":
        for rec in rows:
            output.write(json_text(rec) + "\n")
        return
    writer = csv.DictWriter(output, fieldnames=[*archive.EXPORT_COLUMNS, "images", "counters"])
    writer.writeheader()
    for rec in rows:
        writer.writerow({k: printable(v) if isinstance(v, str) else v for k, v in rec.items()}
                        | {"authors": printable("; ".join(rec["authors"])), "images": json_text(rec["images"]),
                           "counters": json.dumps(rec["counters"]) if rec["counters"] else ""})


def user_date(text: str | None) -> str | None:
    """An ISO date/time from ISO or Vietnamese day-first input; one-line error when unreadable."""
    from crawler.extract.dates import parse_date

    if not text:
        return None
    value = parse_date(text)
    if value is None:
        raise PortalArchiveError(f"cannot read date {text!r} (use 2024-06-14 or 14/06/2024)")
    return value


@main.command()
@DB_OPTION
@click.option("--warc-dir", type=click.Path(file_okay=False, path_type=Path),
              help="WARC directory (default: the archive's warc/, see `crawl --help`).")
@click.option("--portal", help="Only captures of this portal.")
def reextract(db_path, warc_dir, portal):
    """Rebuild article rows from the WARC captures with the current extractor (no network)."""
    from crawler.reextract import reextract as run

    from portal_archive.archive.paths import adopt_legacy_warcs
    from portal_archive.archive.paths import warc_dir as archive_warcs

    if warc_dir is None:
        adopt_legacy_warcs(db_path)
    counts = run(db_path, warc_dir or archive_warcs(db_path), portal)
    click.echo(", ".join(f"{k} {v}" for k, v in counts.items()))


@main.command()
@DB_OPTION
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option("--port", type=click.IntRange(1, 65535), default=8090, show_default=True, help="Port.")
def replay(db_path, host, port):
    """Replay the captures with pywb: a collection `archive` over the archive's WARC folder, freshly indexed
    (cdxj-indexer), served at http://HOST:PORT/archive/<URL> until stopped (needs `pip install
    'portal-archive[replay]'`)."""
    import shutil
    import socket

    from portal_archive.archive.exchange import COLLECTION, replay_collection

    archive.open_archive(db_path, create=False).conn.close()
    wayback = shutil.which("wayback", path=str(Path(sys.executable).parent)) or shutil.which("wayback")
    if not wayback:
        raise PortalArchiveError("pywb is not installed: pip install 'portal-archive[replay]'")
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
        try:
            probe.bind((host, port))
        except OSError as exc:
            raise PortalArchiveError(f"cannot listen on {host}:{port}: {exc.strerror}") from None
    root = replay_collection(db_path).resolve()
    shown = f"[{host}]" if ":" in host else host
    click.echo(f"Replaying {db_path} with pywb on http://{shown}:{port}/{COLLECTION}/ "
               f"(a capture: http://{shown}:{port}/{COLLECTION}/<URL>; Ctrl-C to stop)", err=True)
    sys.stderr.flush()
    os.chdir(root)  # pywb reads config.yaml from its working directory
    # pywb imports pyamf, which warns about pkg_resources on every start: nothing the archivist can act on
    env = {**os.environ, "PYTHONWARNINGS": "ignore:pkg_resources is deprecated:UserWarning"}
    os.execve(wayback, [wayback, "--bind", host, "--port", str(port), "--directory", str(root)], env)


@main.command()
@DB_OPTION
def stats(db_path):
    """Per-portal counts, publication date range and latest visitor counters."""
    print_stats(db_path)


def print_stats(db_path: Path) -> None:
    db = archive.open_archive(db_path, create=False)
    rows = archive.portal_stats(db)
    if not rows:
        click.echo(f"{db_path}: no portals archived yet")
        return
    header = ("portal", "articles", "images", "captions", "earliest", "latest", "snapshots", "counter total", "runs")
    keys = ("portal", "articles", "images", "captions", "earliest", "latest", "snapshots", "counter_total", "runs")
    table = [header] + [tuple("" if r[k] is None else str(r[k])[:10] if k in ("earliest", "latest") else str(r[k])
                              for k in keys) for r in rows]
    widths = [max(len(row[i]) for row in table) for i in range(len(header))]
    for n, row in enumerate(table):
        click.echo(printable("  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip()))
        if n == 0:
            click.echo("  ".join("-" * w for w in widths))
    click.echo(f"\n{db_path}: {sum(r['articles'] for r in rows)} articles, "
               f"{archive.count_rows(db, 'counter_snapshots')} counter snapshots, "
               f"{archive.count_rows(db, 'crawl_runs')} crawl runs")


main.add_command(search_commands.search)
main.add_command(search_commands.serve)
for _command in ops_commands.COMMANDS:  # scheduler, schedule, runs, health
    main.add_command(_command)

from portal_archive.cli import cluster as cluster_commands  # noqa: E402  (cluster, merge: issue 9)

for _command in cluster_commands.COMMANDS:
    main.add_command(_command)


def run() -> None:
    """Console entry point: click's errors (``_Commands`` turns ours into them) are one line on stderr and their
    exit code; Ctrl-C is 130, a closed pipe 141."""
    try:
        main(standalone_mode=False)
    except click.UsageError as exc:
        hint = f" (see `{exc.ctx.command_path} --help`)" if exc.ctx else ""
        click.echo(f"Error: {exc.format_message()}{hint}", err=True)
        sys.exit(exc.exit_code)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except click.Abort:
        click.echo("Aborted.", err=True)
        sys.exit(130)
    except KeyboardInterrupt:
        click.echo("Interrupted.", err=True)
        sys.exit(130)
    except BrokenPipeError:  # the reader left (``| head``): stop quietly, as Unix tools do
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # no second error at exit's flush
        sys.exit(141)


if __name__ == "__main__":
    run()
