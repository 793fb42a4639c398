"""`portal-archive search` and `portal-archive serve`: thin wrappers over ``archive.search`` and Datasette."""
from __future__ import annotations

import csv
import re
import sys

import click

from portal_archive import archive
from portal_archive.cli.common import DB_OPTION, json_text, printable
from portal_archive.errors import PortalArchiveError


@click.command()
@click.argument("query")
@DB_OPTION
@click.option("--portal", "portals", multiple=True, metavar="SLUG", help="Only this portal (repeatable).")
@click.option("--since", metavar="DATE", help="Published on or after DATE (2024-06-14 or 14/06/2024).")
@click.option("--until", metavar="DATE", help="Published on or before DATE (inclusive).")
@click.option("--byline", metavar="TEXT", help="Byline or author contains TEXT (accents optional).")
@click.option("--limit", type=int, default=20, show_default=True, help="At most N results (0: all).")
@click.option("--sort", "order", type=click.Choice(["rank", "newest", "oldest"]), default="rank",
              show_default=True, help="Relevance (exact-accent matches first) or publication date.")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table",
              show_default=True, help="table for reading; json/csv carry every field, untruncated.")
def search(query, db_path, portals, since, until, byline, limit, order, fmt):
    """Full-text search of the archive for QUERY, best matches first.

    \b
    Accents are optional: "da nang" finds "Đà Nẵng", "dang" finds "Đảng";
    a query typed with accents ranks exact-accent matches first.
    Then by relevance (BM25F: title 10, captions/byline 2, body 1),
    over the best candidates of the archive's candidate index (`reindex`
    builds it) or, without one, of SQLite FTS5's bm25 (see docs/search.md).
    \b
    QUERY syntax:  dân vận       both words (implicit AND); articles where
                                 they stand together rank above scattered ones
                   "đà nẵng"     a phrase
                   dan*          prefix
                   a OR b, a NOT b, a AND (b OR c)
    \b
    Examples:  portal-archive search "dan van" --portal tra-vinh --since 01/01/2024
               portal-archive search 'Đảng NOT "đà nẵng"' --format json
    """
    db = archive.open_archive(db_path, create=False)
    if limit < 0:
        raise PortalArchiveError("--limit must be 0 (all) or more")
    if order == "rank" and archive.outdated(db):
        click.echo(f"note: the candidate index was built by an older version and is not used (slower ranking); "
                   f"rebuild it: portal-archive reindex --db {db_path}", err=True)
    marks = ("\x1b[1;33m", "\x1b[0m") if fmt == "table" and sys.stdout.isatty() else ("[", "]")
    results = archive.search(db, query, portal=list(portals), since=since, until=until, byline=byline,
                             limit=limit or None, order=order, highlight=marks)
    total = None  # json/csv carry no total; a short page is the whole result set: count only otherwise
    if fmt == "table":
        total = len(results) if not limit or len(results) < limit else archive.search_count(
            db, query, portal=list(portals), since=since, until=until, byline=byline)
    if fmt == "json":
        click.echo(json_text(results, indent=2))
    elif fmt == "csv":
        writer = csv.DictWriter(sys.stdout, fieldnames=archive.SEARCH_FIELDS, extrasaction="ignore", lineterminator="\n")
        writer.writeheader()
        writer.writerows({k: printable(v) if isinstance(v, str) else v for k, v in r.items()} for r in results)
    else:
        print_table(query, results, total, marks)


def print_table(query: str, results: list[dict], total: int, marks: tuple[str, str] = ("[", "]")) -> None:
    """Human-readable results: rank, portal, date, title, URL and the snippet with its hits between ``marks``
    (archived text ``printable``, the marks as given)."""
    if not results:
        click.echo(f"No articles match {query!r}.")
        return
    shown = f"{len(results)} of {total}" if total > len(results) else f"{total}"
    click.echo(f"{shown} article{'s match' if total != 1 else ' matches'} {query!r}"
               + (" (exact-accent matches first)" if any(r["exact"] for r in results) else "") + "\n")
    width = len(str(results[-1]["rank"]))
    for r in results:
        date = (r["published_at"] or "")[:10] or "undated"
        title = printable(" ".join((r["title"] or "(untitled)").split()))
        click.echo(f"{r['rank']:>{width}}. {title}")
        pad = " " * (width + 2)
        click.echo(f"{pad}{printable(r['portal'])} · {printable(date)}"
                   + (f" · {printable(r['byline'])}" if r["byline"] else ""))
        click.echo(f"{pad}{printable(r['url'])}")
        if r["snippet"]:
            parts = re.split(f"({re.escape(marks[0])}|{re.escape(marks[1])})", r["snippet"])
            click.echo(pad + "".join(p if p in marks else printable(p) for p in parts))
        click.echo("")


@click.command()
@DB_OPTION
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option("--port", type=click.IntRange(1, 65535), default=8001, show_default=True, help="Port.")
def serve(db_path, host, port):
    """Browse and search the archive in Datasette (http://HOST:PORT) with the project's metadata."""
    import asyncio

    import uvicorn

    from portal_archive.datasette import make_datasette

    archive.open_archive(db_path, create=False)  # migrate, index pending articles, fail cleanly if absent
    sock = listening_socket(host, port)  # before saying it serves: a busy port is one line, not a traceback
    ds = make_datasette(db_path)
    asyncio.run(ds.invoke_startup())
    click.echo(f"Serving {db_path} on http://{host}:{port}/ (Ctrl-C to stop)", err=True)
    server = uvicorn.Server(uvicorn.Config(ds.app(), log_level="warning", lifespan="on"))
    server.run(sockets=[sock])


def listening_socket(host: str, port: int):
    """A socket bound to ``host``:``port`` (uvicorn serves on it); PortalArchiveError when that is taken."""
    import socket

    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
        family, kind, proto, _, address = infos[0]
        sock = socket.socket(family, kind, proto)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
    except OSError as exc:
        raise PortalArchiveError(f"cannot serve on {host}:{port}: {exc.strerror or exc} "
                                 "(another server on that port? try --port)") from None
    sock.listen(128)
    sock.set_inheritable(True)
    return sock
