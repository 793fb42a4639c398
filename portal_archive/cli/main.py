"""`portal-archive`: a thin click CLI over the library; library errors become one-line messages."""
from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import click

from crawler.profiles import list_slugs, load_profile
from crawler.registry import KINDS, STATUSES, load_registry, resolve, select
from portal_archive import archive
from portal_archive.cli import ops as ops_commands
from portal_archive.cli import search as search_commands
from portal_archive.cli.common import DB_OPTION
from portal_archive.errors import PortalArchiveError
from portal_archive.ops.schedule import age_cutoff


class _Commands(click.Group):
    """The command group: the one place errors become output. A ``PortalArchiveError`` (bad input, a state the
    user can fix) or an ``OSError`` (a file the user named) raised by any command is one line, ``Error: ...``,
    and the exit code of its kind; anything else is a bug and keeps its traceback."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except PortalArchiveError as exc:
            error = click.ClickException(str(exc))
            error.exit_code = exc.exit_code
            raise error from None
        except BrokenPipeError:  # not an error of ours: the reader left (``| head``); run() exits quietly
            raise
        except OSError as exc:
            where = f"{exc.filename}: " if exc.filename else ""
            raise click.ClickException(f"{where}{exc.strerror or exc}") from None


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
    for slug in list_slugs():
        if slug in named or province or status:  # a profile has no province or status of its own
            continue
        p = load_profile(slug)
        if kind is None or p.kind == kind:
            rows.append({"origin": "profile", "slug": p.slug, "name": p.name, "kind": p.kind, "province": None,
                         "domains": list(p.domains), "start_urls": list(p.start_urls), "status": None,
                         "source": f"crawler/portals/{p.slug}.toml", "former_province": None, "redirects_to": None,
                         "note": f"profile family {p.family}", "profile": p.slug})
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    if not rows:
        click.echo("no portals match")
        return
    table = [("SLUG", "KIND", "STATUS", "PROVINCE", "CRAWL", "START URL")]
    for r in rows:
        where = r["province"] or "-"
        if r["former_province"]:
            where += f" (was {r['former_province']})"
        table.append((r["slug"], r["kind"], r["status"] or "-", where, "profile" if r["profile"] else "-",
                      r["start_urls"][0]))
    widths = [max(len(row[i]) for row in table) for i in range(len(table[0]) - 1)]
    for row in table:
        click.echo("  ".join(cell.ljust(w) for cell, w in zip(row, widths)) + "  " + row[-1])
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
              help="Terminal verbosity; the run's log file (<db dir>/logs/) always has INFO.")
@click.option("--max-pages", type=click.IntRange(min=1), help="Hard cap on pages fetched per portal in this run "
              "(default: the profile's [politeness] max_pages, else the PORTAL_MAX_PAGES setting).")
@click.option("--delay", type=click.FloatRange(min=0), help="Seconds between requests (default: the profile's).")
@click.option("--concurrency", type=click.IntRange(min=1), help="Parallel requests per host (default: the profile's).")
@click.option("--trigger", type=click.Choice(["manual", "scheduled"]), default="manual", show_default=True,
              help="Recorded on the run (the scheduler passes 'scheduled').")
def crawl(portal_slugs, db_path, base_url, refresh, refresh_older_than, settings, log_level, max_pages=None,
          delay=None, concurrency=None, trigger="manual", full=False, full_every=None):
    """Crawl PORTAL... into the archive: profile slugs (see `portal-archive portals`) or portal URLs.

    A URL needs no profile: the crawl keeps to its host, reads its sitemaps, feeds and links, archives the pages
    that read as articles and learns their URL shape (recorded on the run, used by the next one); the portal's
    slug is its host (https://www.travinh.gov.vn/ -> travinh-gov-vn).

    Incremental: articles already archived are not fetched again (unless --refresh), and each section's listing
    is read newest-first only until a page brings no new article (and one page more: -s PORTAL_LISTING_MARGIN=N).
    A full sweep (--full, --full-every, the portal's first crawl) reads every listing page and re-validates every
    archived article. Re-running an interrupted crawl resumes it."""
    from crawler.runner import run_crawls

    if base_url and len(portal_slugs) != 1:
        raise PortalArchiveError("--base-url needs exactly one portal")
    base_urls = {portal_slugs[0]: base_url} if base_url else {}
    overrides = {"LOG_LEVEL": log_level, "PORTAL_REFRESH": refresh, "ARCHIVE_TRIGGER": trigger, "PORTAL_FULL": full}
    if full_every:
        overrides["PORTAL_FULL_BEFORE"] = age_cutoff(full_every, "--full-every")
    if refresh_older_than:
        overrides["PORTAL_REFRESH_BEFORE"] = age_cutoff(refresh_older_than, "--refresh-older-than")
    for item in settings:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise PortalArchiveError(f"bad --set {item!r}: use NAME=VALUE, e.g. --set DOWNLOAD_TIMEOUT=60")
        overrides[name.strip()] = value
    for key, value in (("PORTAL_MAX_PAGES", max_pages), ("DOWNLOAD_DELAY", delay),
                       ("CONCURRENT_REQUESTS_PER_DOMAIN", concurrency)):
        if value is not None:
            overrides[key] = value
    # scheduled runs: everything goes to the run's log file, only errors to stderr
    stats = run_crawls(list(portal_slugs), db_path, base_urls, console_level="ERROR" if trigger == "scheduled"
                       else log_level, **overrides)
    failed = {slug: st["archive/write_error"] for slug, st in stats.items() if st.get("archive/write_error")}
    if failed:  # the archive refused writes (disk full, read-only): what was stored before is intact
        slug, message = next(iter(failed.items()))
        raise PortalArchiveError(f"{slug}: archive write failed: {message} ({db_path}); crawl stopped, run recorded failed")
    if trigger != "scheduled":
        print_stats(db_path)



@main.command()
@DB_OPTION
@click.option("--seed", default=2025, show_default=True, help="Replica generator seed.")
@click.option("--articles", type=int, default=None, help="Articles per replica portal (default: the replica's).")
def demo(db_path, seed, articles):
    """Start the bundled offline replica portals, crawl them all into the archive, print a summary."""
    import time

    import replica
    from crawler.runner import run_crawls
    from replica import server

    started = time.monotonic()
    try:  # fixed ports: the archived URLs stay the same from one demo run to the next
        live = server.start(replica.PORTALS, ports=replica.DEFAULT_PORTS, seed=seed, articles=articles)
    except OSError as exc:
        raise PortalArchiveError(f"cannot start the replica on ports {sorted(replica.DEFAULT_PORTS.values())}: "
                       f"{exc.strerror} (is another demo or `python -m replica` running?)") from None
    with live:
        click.echo(f"Replica portals serving: {', '.join(f'{s} {u}' for s, u in live.base_urls.items())}")
        run_crawls(list(replica.PORTALS), db_path, live.base_urls, LOG_LEVEL="WARNING")
    click.echo(f"Crawled in {time.monotonic() - started:.1f} s.\n")
    print_stats(db_path)
    click.echo(f"\nBrowse it:  portal-archive serve --db {db_path}   (Datasette on http://127.0.0.1:8001)")
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
    click.echo(json.dumps(out, ensure_ascii=False, indent=2))


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
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv"]), default="jsonl", show_default=True)
@click.option("--portal", help="Only this portal.")
@click.option("--since", help="Published on or after (ISO or dd/mm/yyyy).")
@click.option("--until", help="Published on or before (ISO or dd/mm/yyyy).")
@click.option("-o", "--output", type=click.File("w", encoding="utf-8"), default="-", help="Output file (default stdout).")
def export(db_path, fmt, portal, since, until, output):
    """Export articles with their images and counters as JSON Lines or CSV (streamed)."""
    import csv

    db = archive.open_archive(db_path, create=False)
    rows = archive.iter_export(db, portal, user_date(since), user_date(until))
    if fmt == "jsonl":
        for rec in rows:
            output.write(json.dumps(rec, ensure_ascii=False) + "\n")
        return
    writer = csv.DictWriter(output, fieldnames=[*archive.EXPORT_COLUMNS, "images", "counters"])
    writer.writeheader()
    for rec in rows:
        writer.writerow({**rec, "authors": "; ".join(rec["authors"]),
                         "images": json.dumps(rec["images"], ensure_ascii=False),
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
              help="WARC directory (default: warc/ beside the archive).")
@click.option("--portal", help="Only captures of this portal.")
def reextract(db_path, warc_dir, portal):
    """Rebuild article rows from the WARC captures with the current extractor (no network)."""
    from crawler.reextract import reextract as run

    counts = run(db_path, warc_dir or db_path.parent / "warc", portal)
    click.echo(", ".join(f"{k} {v}" for k, v in counts.items()))


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
        click.echo("  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip())
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
