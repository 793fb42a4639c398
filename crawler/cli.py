"""`portal-archive`: a thin click CLI over the library; library errors become one-line messages."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from crawler.profiles import ProfileError, list_slugs, load_profile
from pipelines import archive

DB_OPTION = click.option("--db", "db_path", type=click.Path(dir_okay=False, path_type=Path),
                         default=archive.DEFAULT_DB, show_default=True, help="SQLite archive file.")


class CLIError(click.ClickException):
    """A user-facing error: printed as one line, exit code 1."""


def fail_cleanly(fn):
    """Turn library errors into one-line click errors (no tracebacks for bad input)."""
    import functools

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except (ProfileError, archive.ArchiveError, OSError) as exc:
            message = str(exc) if not isinstance(exc, OSError) or not exc.filename else \
                f"{exc.filename}: {exc.strerror}"
            raise CLIError(message) from None
    return wrapper


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="portal-archive")
def main():
    """Archive Vietnamese provincial news portals into a searchable SQLite archive."""


@main.command()
def portals():
    """List the portal profiles (slug, kind, family, name, start URL)."""
    for slug in list_slugs():
        p = load_profile(slug)
        click.echo(f"{p.slug:<24} {p.kind:<10} {p.family:<16} {p.name}  {p.start_urls[0]}")


@main.command()
@click.argument("portal_slugs", nargs=-1, required=True, metavar="PORTAL...")
@DB_OPTION
@click.option("--base-url", help="Crawl a mirror/moved domain: rebase the start URLs onto this URL "
              "(one portal only).")
@click.option("--log-level", default="WARNING", show_default=True,
              type=click.Choice(["DEBUG", "INFO", "WARNING", "ERROR"]))
@fail_cleanly
def crawl(portal_slugs, db_path, base_url, log_level):
    """Crawl PORTAL... (profile slugs, see `portal-archive portals`) into the archive."""
    from crawler.runner import run_crawls

    if base_url and len(portal_slugs) != 1:
        raise CLIError("--base-url needs exactly one portal")
    base_urls = {portal_slugs[0]: base_url} if base_url else {}
    run_crawls(list(portal_slugs), db_path, base_urls, LOG_LEVEL=log_level)
    print_stats(db_path)


@main.command()
@DB_OPTION
@click.option("--seed", default=2025, show_default=True, help="Replica generator seed.")
@click.option("--articles", type=int, default=None, help="Articles per replica portal (default: the replica's).")
@fail_cleanly
def demo(db_path, seed, articles):
    """Start the bundled offline replica portals, crawl them all into the archive, print a summary."""
    import time

    import replica
    from replica import server
    from crawler.runner import run_crawls

    started = time.monotonic()
    with server.start(replica.PORTALS, seed=seed, articles=articles) as live:
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
@fail_cleanly
def extract(page, url, portal_slug, fetched_at):
    """Extract one saved PAGE.html and print the article as one JSON object."""
    from crawler.extract.article import extract_article
    from pipelines.normalize import contract_json, normalize_article

    if not page.is_file():
        raise CLIError(f"{page}: no such file")
    profile = load_profile(portal_slug) if portal_slug else None
    article = extract_article(page.read_bytes(), url, profile, fetched_at=fetched_at or archive.utcnow())
    click.echo(json.dumps(contract_json(normalize_article(article)), ensure_ascii=False, indent=2))


@main.command()
@DB_OPTION
@fail_cleanly
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


if __name__ == "__main__":
    sys.exit(main())
