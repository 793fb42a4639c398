"""Scale-out commands (issue 9): `cluster status|dispatch|history` (scrapyd nodes) and `merge` (shards)."""
from __future__ import annotations

from pathlib import Path

import click

from portal_archive import archive
from portal_archive.cli.common import DB_OPTION, json_text, printable
from portal_archive.cli.ops import SCHEDULE_OPTION, resolve_db, table
from portal_archive.errors import PortalArchiveError
from portal_archive.ops.schedule import load_schedule


@click.group()
def cluster():
    """Crawl on scrapyd nodes: the schedule file's [cluster] nodes (deploy first: `scrapyd-deploy NODE`)."""


@cluster.command("status")
@SCHEDULE_OPTION
def cluster_status(schedule_path):
    """Each node: up or down, and its running/pending/finished job counts."""
    from portal_archive.ops.cluster import Cluster

    c = Cluster.from_schedule(load_schedule(schedule_path))
    status = c.status()
    table(("node", "url", "state", "running", "pending", "finished"),
          [(n.name, n.url, "up" if status[n.name]["up"] else f"DOWN: {status[n.name]['error']}",
            status[n.name].get("running"), status[n.name].get("pending"), status[n.name].get("finished"))
           for n in c.nodes])


@cluster.command("dispatch")
@click.argument("portal_slugs", nargs=-1, metavar="[PORTAL...]")
@SCHEDULE_OPTION
@DB_OPTION
@click.option("--wait", is_flag=True, help="Wait until the dispatched jobs have finished.")
@click.option("--timeout", type=click.FloatRange(min=1), default=3600, show_default=True,
              help="Seconds --wait waits at most.")
@click.option("--trigger", type=click.Choice(["manual", "scheduled"]), default="manual", show_default=True)
def cluster_dispatch(portal_slugs, schedule_path, db_path, wait, timeout, trigger):
    """Dispatch a crawl of PORTAL... (default: every enabled portal of the schedule) to the scrapyd nodes now.

    Each portal goes to its node (rendezvous hashing over the nodes that are up), never to a second node
    while a job of it is pending or running anywhere; decisions go to the central history in --db."""
    from portal_archive.ops.cluster import Cluster

    schedule = load_schedule(schedule_path)
    db_path = resolve_db(db_path, schedule)
    entries = [e for e in schedule.entries if e.enabled] if not portal_slugs else []
    for slug in portal_slugs:
        entry = schedule.entry(slug)
        if entry is None:
            raise PortalArchiveError(f"portal {slug!r} is not in {schedule_path}")
        entries.append(entry)
    c = Cluster.from_schedule(schedule)
    db = archive.open_archive(db_path)
    try:
        decisions = c.dispatch(entries, db, trigger, schedule.contact, log=lambda line: click.echo(printable(line)))
        jobs = [d.job for d in decisions if d.job]
        if wait and jobs:
            click.echo(f"waiting for {len(jobs)} job(s)...")
            for job, info in sorted(c.wait(db, jobs, timeout).items()):
                click.echo(printable(f"{job}: finished on {info['node']} ({info.get('start_time')} - "
                                     f"{info.get('end_time')})"))
    finally:
        db.conn.close()
    if any(d.status == "failed" for d in decisions):
        raise PortalArchiveError("some portals could not be dispatched (see above)")


@cluster.command("history")
@DB_OPTION
@click.option("--portal", help="Only this portal.")
@click.option("--limit", type=click.IntRange(min=1), default=20, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="One JSON object per dispatch.")
def cluster_history(db_path, portal, limit, as_json):
    """The dispatch history, newest first: node, scrapyd job, and why a portal left its node."""
    db = archive.open_archive(db_path, create=False)
    from portal_archive.ops import dispatch

    rows = dispatch.list_dispatches(db, portal, limit)
    if as_json:
        for row in rows:
            click.echo(json_text(row))
        return
    table(("id", "dispatched", "portal", "status", "node", "job", "note"),
          [(r["id"], r["dispatched_at"], r["portal"], r["status"], r["node"], r["scrapyd_job"], r["message"])
           for r in rows])


@click.command()
@click.argument("shards", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path),
                metavar="SHARD...")
@click.option("--into", "into", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The archive to merge into (created if missing); WARC files go to its warc/ (see `crawl --help`).")
@click.option("--name", "names", multiple=True, help="Shard name recorded on its runs (repeat per shard; "
              "default: the shard's directory, e.g. node1 for node1/archive.db).")
@click.option("--query-timeout", type=click.FloatRange(min=0, min_open=True), default=300, show_default=True,
              help="Seconds one query on a shard may run before the shard is refused.")
def merge(shards, into, names, query_timeout):
    """Merge SHARD... (archives written by crawl nodes, WARC files beside them) into one archive.

    Idempotent and lossless: an article in two shards is stored once with its earliest and latest capture
    times and every distinct text as revisions in fetch order; counter snapshots and runs are unioned;
    WARC files are copied (identical ones skipped) so every reference stays valid; search index and story
    links are brought up to date. Merging the same shard again changes nothing.

    A shard is not trusted: it is opened read-only and never changed (an older schema is migrated in a
    temporary copy; a newer one is refused), its tables must be this version's, each query on it is
    bounded by --query-timeout, only regular files of its warc/ are copied (not symlinks)."""
    from portal_archive.archive.merge import merge_shards

    if names and len(names) != len(shards):
        raise PortalArchiveError(f"--name given {len(names)} time(s) for {len(shards)} shard(s)")
    before = _counts(into)
    merge_shards(list(shards), into, list(names) or None, log=lambda line: click.echo(printable(line)),
                 query_timeout=query_timeout)
    after = _counts(into)
    click.echo(f"{into}: " + ", ".join(f"{t} {before.get(t, 0)} -> {after[t]}" for t in after))


def _counts(path: Path) -> dict[str, int]:
    if not path.exists():
        return {}
    db = archive.open_archive(path)
    try:
        return {t: archive.count_rows(db, t) for t in ("articles", "article_versions", "counter_snapshots",
                                                       "crawl_runs")}
    finally:
        db.conn.close()


COMMANDS = (cluster, merge)
