"""Health of each portal from its run history (`portal-archive health`); thresholds from the schedule file.

A portal is **unhealthy** when any of these holds (thresholds: ``portal_archive.ops.schedule.HEALTH_DEFAULTS``):
- its last finished run failed;
- the last run's error rate (errors / pages fetched) is above ``max_error_rate``;
- none of its last ``zero_new_runs`` finished runs archived a new article;
- a field (``fields``) is empty on more than ``empty_field_share`` of the articles the last run archived
  (new or changed; at least ``min_articles`` of them) while it was not before (earlier articles of the
  portal; with no earlier articles, only published_at/title/body_text are judged): a template change;
- ``counter`` is on and the last run that fetched pages stored no visitor-counter snapshot;
- ``max_age`` is set and its last successful run is older than that;
- a run recorded ``running`` whose process is gone from this host (killed with SIGKILL, a power cut): shown
  as interrupted (dead) at once, not only when the next crawl of the portal starts (which resumes it).
It is **warn** when its last run was interrupted or it has never run although scheduled.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone

from portal_archive import archive
from portal_archive.archive import locks, paths
from portal_archive.ops.schedule import CORE_FIELDS, HEALTH_DEFAULTS, Schedule, parse_age

FINISHED = ("ok", "partial", "failed", "interrupted")


@dataclass
class PortalHealth:
    portal: str
    status: str = "ok"          # ok, warn, unhealthy
    last: dict | None = None    # the last finished run
    running: bool = False
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def problem(self, text: str) -> None:
        self.problems.append(text)
        self.status = "unhealthy"

    def warn(self, text: str) -> None:
        self.notes.append(text)
        if self.status == "ok":
            self.status = "warn"


def error_classes(stats: dict) -> str:
    """``http_503 10, TimeoutError 2`` from a run's Scrapy stats."""
    prefix = "portal/errors/"
    items = sorted(((k[len(prefix):], v) for k, v in stats.items() if k.startswith(prefix)), key=lambda kv: -kv[1])
    return ", ".join(f"{k} {v}" for k, v in items)


def check_portal(db, portal: str, thresholds: dict, now: datetime | None = None, scheduled: bool = False,
                 db_path=None) -> PortalHealth:
    t = {**HEALTH_DEFAULTS, **thresholds}
    now = now or datetime.now(timezone.utc)
    h = PortalHealth(portal)
    runs = archive.list_runs(db, portal, limit=max(50, t["zero_new_runs"] + 5))
    for run in runs:
        if run["status"] == "running" and locks.process_gone(run["pid"], run["host"]):
            lock = locks.holder(locks.lock_path(paths.locks_dir(db_path), portal)) if db_path else None
            h.problem(f"run {run['id']} died: crawl process pid {run['pid']} on {run['host']} is gone"
                      + (f", its lock {lock.path} is stale" if lock and lock.pid == run["pid"] else "")
                      + "; the next crawl resumes it")
        elif run["status"] == "running":
            h.running = True
    finished = [r for r in runs if r["status"] in FINISHED]
    if not finished:
        if scheduled:
            h.warn("never crawled" + (" (a crawl is running)" if h.running else ""))
        return h
    last = h.last = finished[0]
    if last["status"] == "failed":
        h.problem(f"last run {last['id']} failed ({last['finish_reason'] or 'no pages fetched'})")
    elif last["status"] == "interrupted":
        h.warn(f"last run {last['id']} was interrupted ({last['finish_reason']})")

    pages, errors = last["pages_fetched"] or 0, last["errors"] or 0
    if errors and errors / max(pages, 1) > t["max_error_rate"]:
        classes = error_classes(last["stats"])
        h.problem(f"error rate {errors / max(pages, 1):.0%} in run {last['id']} ({errors} errors / {pages} pages"
                  f"{': ' + classes if classes else ''})")

    n = t["zero_new_runs"]
    judged = [r for r in finished if r["status"] in ("ok", "partial")][:n]
    if n and len(judged) >= n and not any(r["articles_new"] for r in judged):
        h.problem(f"no new articles in the last {n} runs")

    if last["status"] in ("ok", "partial") and t["fields"]:
        total, gaps = archive.field_gaps(db, portal, t["fields"], last["id"])
        if total >= t["min_articles"]:
            share = t["empty_field_share"]
            over = {f: n for f, n in gaps.items() if n / total > share}
            if over:
                base_total, base_gaps = archive.field_gaps(db, portal, list(over), last["id"], before=True)
                for f, empty in over.items():
                    if base_total >= t["min_articles"]:
                        before = base_gaps[f] / base_total
                        if before > share:
                            continue  # always empty on this portal: not a change
                        h.problem(f"{f} empty on {empty / total:.0%} of the {total} articles of run {last['id']} "
                                  f"(was {before:.0%} before): template change?")
                    elif f in CORE_FIELDS:
                        h.problem(f"{f} empty on {empty / total:.0%} of the {total} articles of run {last['id']}")

    if t["counter"]:
        with_pages = next((r for r in finished if r["pages_fetched"]), None)
        if with_pages and not with_pages["counter_snapshots"]:
            h.problem(f"visitor counter not found in run {with_pages['id']}")

    if t["max_age"]:
        good = next((r for r in finished if r["status"] in ("ok", "partial")), None)
        limit = parse_age(t["max_age"], "max_age")
        if good is None:
            h.problem("no successful run yet")
        elif now - datetime.fromisoformat(good["finished_at"] or good["started_at"]) > limit:
            h.problem(f"last successful run {good['id']} is older than {t['max_age']} ({good['started_at']})")
    return h


def check_all(db, schedule: Schedule | None = None, portal: str | None = None,
              now: datetime | None = None, db_path=None) -> list[PortalHealth]:
    """Health of the scheduled portals (with a schedule) plus every portal with runs in the archive."""
    slugs = set(archive.run_portals(db))
    scheduled = {e.slug for e in schedule.entries if e.enabled} if schedule else set()
    slugs |= scheduled
    if portal:
        slugs = {portal}
    out = []
    for slug in sorted(slugs):
        thresholds = schedule.thresholds(slug) if schedule else {}
        out.append(check_portal(db, slug, thresholds, now, scheduled=slug in scheduled or bool(portal),
                                db_path=db_path))
    return out
