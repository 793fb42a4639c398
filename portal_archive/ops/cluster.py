"""Dispatch crawls to scrapyd nodes: the scale-out mode of the scheduler (``[cluster]`` in the schedule file).

Rules:
- Each portal is assigned by **rendezvous hashing** (highest ``sha256(node name / portal)`` wins) over the
  nodes that answer ``daemonstatus.json``: a portal stays on its node from run to run (that node's shard
  has its frontier, validators and WARC history), adding or removing a node moves only the portals that
  hash to it, and a portal whose node is down goes to its next node in the same order ("reassigned").
- No overlap: before dispatching, the ``listjobs.json`` of every node that is up is read; a portal with a
  pending or running job anywhere is not dispatched again (the job ids are ``<portal>.<UTC time>``).
- Every decision is a row of the central ``dispatches`` table (``portal-archive cluster history``):
  dispatched (node, scrapyd job id, and ``reassigned_from`` when the preferred node was down), skipped
  (already running) or failed (no node up, schedule.json refused); ``wait``/``refresh`` mark them finished.
- A job runs ``scrapy crawl portal -a portal=SLUG [-a base_url=...]`` from the deployed egg with the same
  settings and pipelines as ``portal-archive crawl``; its overrides go as ``setting=`` parameters, the
  archive is the node's own shard (``PORTAL_ARCHIVE_DATA`` on the node, or the node's ``db``).

Only the standard library talks HTTP here (scrapyd's JSON API); ``opener`` is injectable for tests.
"""
from __future__ import annotations

import base64
import hashlib
import json
import secrets
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from portal_archive import archive
from portal_archive.errors import PortalArchiveError
from portal_archive.ops import dispatch
from portal_archive.ops.schedule import Entry, Schedule, age_cutoff, parse_age

DEFAULT_PROJECT = "portal_archive"
SPIDER = "portal"


class ClusterError(PortalArchiveError):
    """A node cannot be used (message is one line)."""


@dataclass(frozen=True)
class Node:
    name: str
    url: str
    db: str | None = None  # ARCHIVE_DB on that node (None: its own default / PORTAL_ARCHIVE_DATA)

    @classmethod
    def of(cls, value) -> "Node":
        if isinstance(value, Node):
            return value
        return cls(value["name"], value["url"].rstrip("/") + "/", value.get("db"))


class Scrapyd:
    """A scrapyd node's JSON API (``daemonstatus``, ``listjobs``, ``schedule``, ``cancel``)."""

    def __init__(self, node: Node, timeout: float = 5.0):
        self.node, self.timeout = node, timeout
        parts = urllib.parse.urlsplit(node.url)
        self.auth = None
        if parts.username:  # http://user:pass@host:6800/
            self.auth = base64.b64encode(f"{parts.username}:{parts.password or ''}".encode()).decode()
            netloc = parts.hostname + (f":{parts.port}" if parts.port else "")
            self.base = urllib.parse.urlunsplit((parts.scheme, netloc, parts.path, "", ""))
        else:
            self.base = node.url

    def call(self, endpoint: str, params: dict | list | None = None, post: bool = False,
             timeout: float | None = None) -> dict:
        url = urllib.parse.urljoin(self.base, endpoint)
        data = urllib.parse.urlencode(params or {}, doseq=True).encode() if post else None
        if params and not post:
            url += "?" + urllib.parse.urlencode(params, doseq=True)
        request = urllib.request.Request(url, data=data)
        if self.auth:
            request.add_header("Authorization", f"Basic {self.auth}")
        try:
            with urllib.request.urlopen(request, timeout=timeout or self.timeout) as response:
                answer = json.loads(response.read().decode("utf-8"))
        except (OSError, ValueError) as exc:  # URLError, timeouts, refused, bad JSON
            reason = getattr(exc, "reason", None) or exc
            raise ClusterError(f"{self.node.name} ({self.node.url}): {endpoint}: {reason}") from None
        if answer.get("status") != "ok":
            raise ClusterError(f"{self.node.name}: {endpoint}: {answer.get('message', answer)}")
        return answer

    def daemonstatus(self) -> dict:
        return self.call("daemonstatus.json")

    def listjobs(self, project: str) -> dict:
        return self.call("listjobs.json", {"project": project})

    def schedule(self, project: str, jobid: str, args: dict, settings: dict) -> str:
        params = [("project", project), ("spider", SPIDER), ("jobid", jobid), *args.items(),
                  *(("setting", f"{k}={v}") for k, v in settings.items())]
        # scrapyd lists the egg's spiders (a subprocess) before it queues a job: seconds on a busy node
        return self.call("schedule.json", params, post=True, timeout=max(self.timeout, 60.0))["jobid"]

    def cancel(self, project: str, jobid: str, signal: str | None = None) -> dict:
        params = {"project": project, "job": jobid, **({"signal": signal} if signal else {})}
        return self.call("cancel.json", params, post=True)


def rendezvous(slug: str, nodes: list[Node]) -> list[Node]:
    """``nodes`` in the order ``slug`` prefers them (highest random weight first; stable, name-based)."""
    return sorted(nodes, key=lambda n: hashlib.sha256(f"{n.name}/{slug}".encode()).hexdigest(), reverse=True)


def job_id(slug: str) -> str:
    """``<portal>.<UTC time>-<random>``: the portal is readable from the job id in any job list."""
    return f"{slug}.{datetime.now(timezone.utc).strftime('%Y%m%dT%H%M%SZ')}-{secrets.token_hex(2)}"


def job_portal(job: dict) -> str | None:
    """The portal of a scrapyd job (its ``portal`` argument when listed, else from the job id)."""
    if job.get("spider") not in (None, SPIDER):
        return None
    portal = (job.get("args") or {}).get("portal")
    return portal or str(job.get("id", "")).split(".", 1)[0] or None


def job_settings(entry: Entry, node: Node, trigger: str = "scheduled", contact: str | None = None) -> dict:
    """The ``setting=`` parameters of a job: what ``portal-archive crawl`` would set for this entry."""
    settings = {"ARCHIVE_TRIGGER": trigger, "ARCHIVE_NODE": node.name}
    if node.db:
        settings["ARCHIVE_DB"] = node.db
    if contact:
        settings["PORTAL_CONTACT"] = contact
    if entry.delay is not None:
        settings["DOWNLOAD_DELAY"] = entry.delay
    if entry.concurrency is not None:
        settings["CONCURRENT_REQUESTS_PER_DOMAIN"] = entry.concurrency
    if entry.max_pages is not None:
        settings["PORTAL_MAX_PAGES"] = entry.max_pages
    if entry.max_runtime:
        settings["CLOSESPIDER_TIMEOUT"] = int(parse_age(entry.max_runtime).total_seconds())
    if entry.refresh is True:
        settings["PORTAL_REFRESH"] = True
    elif isinstance(entry.refresh, str) and entry.refresh:
        settings["PORTAL_REFRESH_BEFORE"] = age_cutoff(entry.refresh)
    if entry.full_every:
        settings["PORTAL_FULL_BEFORE"] = age_cutoff(entry.full_every)
    return settings


@dataclass
class Dispatch:
    """One decision of ``Cluster.dispatch`` (also a row of the ``dispatches`` table)."""

    portal: str
    status: str                      # dispatched | skipped | failed
    node: str | None = None
    job: str | None = None
    preferred: str | None = None
    reassigned_from: str | None = None
    message: str = ""
    id: int | None = None

    def line(self) -> str:
        where = f" -> {self.node} job {self.job}" if self.job else ""
        return f"{self.portal}: {self.status}{where}{f' ({self.message})' if self.message else ''}"


@dataclass
class Cluster:
    nodes: list[Node]
    project: str = DEFAULT_PROJECT
    timeout: float = 5.0
    clients: dict[str, Scrapyd] = field(default_factory=dict)

    def __post_init__(self):
        self.nodes = [Node.of(n) for n in self.nodes]
        if not self.nodes:
            raise ClusterError("no scrapyd nodes configured ([cluster] nodes in the schedule file)")
        for node in self.nodes:
            self.clients.setdefault(node.name, Scrapyd(node, self.timeout))

    @classmethod
    def from_schedule(cls, schedule: Schedule) -> "Cluster":
        if not schedule.nodes:
            raise ClusterError(f"{schedule.source or 'the schedule'}: no [cluster] nodes")
        return cls([Node.of(n) for n in schedule.nodes], schedule.cluster.get("project", DEFAULT_PROJECT),
                   schedule.cluster.get("timeout", 5.0))

    def status(self) -> dict[str, dict]:
        """node name -> ``{"up": bool, "running", "pending", "finished"}`` or ``{"up": False, "error"}``."""
        out = {}
        for node in self.nodes:
            try:
                answer = self.clients[node.name].daemonstatus()
                out[node.name] = {"up": True, **{k: answer.get(k) for k in ("running", "pending", "finished")}}
            except ClusterError as exc:
                out[node.name] = {"up": False, "error": str(exc)}
        return out

    def active_jobs(self, names: list[str] | None = None) -> dict[str, tuple[str, str, str]]:
        """portal -> (node, job id, "pending"|"running") over the nodes ``names`` (default all); a node
        that does not answer is skipped (raise? no: it cannot be running anything we could reach)."""
        active = {}
        for node in self.nodes:
            if names is not None and node.name not in names:
                continue
            try:
                jobs = self.clients[node.name].listjobs(self.project)
            except ClusterError as exc:
                if "not found" in str(exc):  # nothing deployed yet: no jobs
                    continue
                raise
            for state in ("running", "pending"):
                for job in jobs.get(state, []):
                    portal = job_portal(job)
                    if portal:
                        active.setdefault(portal, (node.name, job["id"], state))
        return active

    def finished_jobs(self) -> dict[str, dict]:
        """job id -> finished job (with ``node``) over the nodes that answer."""
        done = {}
        for node in self.nodes:
            try:
                jobs = self.clients[node.name].listjobs(self.project)
            except ClusterError:
                continue
            for job in jobs.get("finished", []):
                done[job["id"]] = {**job, "node": node.name}
        return done

    def dispatch(self, entries: list[Entry], db, trigger: str = "scheduled", contact: str | None = None,
                 log=None) -> list[Dispatch]:
        """Send one crawl job per entry to its node; record each decision in ``dispatches`` of ``db``
        (an open archive); return the decisions in entry order."""
        status = self.status()
        up = [n for n in self.nodes if status[n.name]["up"]]
        active = self.active_jobs([n.name for n in up]) if up else {}
        results = []
        for entry in entries:
            order = rendezvous(entry.slug, self.nodes)
            decision = Dispatch(entry.slug, "failed", preferred=order[0].name)
            if entry.slug in active:
                node, job, state = active[entry.slug]
                decision.status, decision.node = "skipped", node
                decision.message = f"already {state} on {node} (job {job}): not dispatched twice"
            else:
                down = []
                for node in order:
                    if not status[node.name]["up"]:
                        down.append(node.name)
                        continue
                    args = {"portal": entry.slug, **({"base_url": entry.base_url} if entry.base_url else {})}
                    try:
                        decision.job = self.clients[node.name].schedule(
                            self.project, job_id(entry.slug), args, job_settings(entry, node, trigger, contact))
                    except ClusterError as exc:
                        status[node.name] = {"up": False, "error": str(exc)}
                        down.append(node.name)
                        decision.message = str(exc)
                        continue
                    decision.status, decision.node, decision.message = "dispatched", node.name, ""
                    active[entry.slug] = (node.name, decision.job, "pending")
                    break
                if down and decision.node:
                    decision.reassigned_from = down[0]
                    decision.message = (f"reassigned from {down[0]}: node down "
                                        f"({_short(status[down[0]].get('error', ''))})")
                elif not decision.node:
                    decision.message = "no scrapyd node is up: " + "; ".join(
                        _short(status[n.name].get("error", "")) for n in order)
            node_url = next((n.url for n in self.nodes if n.name == decision.node), None)
            decision.id = dispatch.record_dispatch(
                db, entry.slug, decision.status, trigger=trigger, node=decision.node, node_url=node_url,
                scrapyd_job=decision.job, preferred_node=decision.preferred,
                reassigned_from=decision.reassigned_from, message=decision.message or None)
            if log:
                log(decision.line())
            results.append(decision)
        return results

    def refresh(self, db) -> int:
        """Mark dispatched jobs that their node lists as finished; return how many are still open."""
        open_rows = dispatch.list_dispatches(db, status="dispatched", limit=None)
        if not open_rows:
            return 0
        finished = self.finished_jobs()
        still = 0
        for row in open_rows:
            job = finished.get(row["scrapyd_job"])
            if job:
                dispatch.update_dispatch(db, row["id"], status="finished",
                                        finished_at=_iso(job.get("end_time")) or archive.utcnow())
            else:
                still += 1
        return still

    def wait(self, db, jobs: list[str], timeout: float = 3600.0, poll: float = 1.0) -> dict[str, dict]:
        """Wait until every job id of ``jobs`` is finished on its node; mark them finished in ``dispatches``.
        Raises ClusterError on timeout. Returns job id -> finished job."""
        deadline = time.monotonic() + timeout
        wanted = set(jobs)
        while True:
            finished = self.finished_jobs()
            if wanted <= set(finished):
                self.refresh(db)
                return {j: finished[j] for j in wanted}
            if time.monotonic() > deadline:
                raise ClusterError(f"jobs not finished after {timeout:.0f} s: {', '.join(sorted(wanted - set(finished)))}")
            time.sleep(poll)


def _short(text: str) -> str:
    return text.split(": ", 1)[-1] if text else "no answer"


def _iso(value: str | None) -> str | None:
    """scrapyd's ``2025-01-01 12:00:00.123456`` (local time of the node) as ISO in UTC."""
    if not value:
        return None
    try:
        return datetime.fromisoformat(value).astimezone(timezone.utc).isoformat(timespec="seconds")
    except ValueError:
        return None


class RemoteJob:
    """A dispatched scrapyd job seen by the Scheduler like a process: ``pid`` (the job id), ``poll()``
    (None while pending/running, 0 when finished, 75 when skipped as already running, 1 when it could
    not be dispatched), ``send_signal``/``kill`` (cancel.json)."""

    def __init__(self, cluster: Cluster, dispatch: Dispatch, db_path: Path, every: float = 2.0):
        self.cluster, self.dispatch, self.db_path, self.every = cluster, dispatch, db_path, every
        self.pid = dispatch.job or dispatch.portal
        self.returncode = {"skipped": 75, "failed": 1}.get(dispatch.status)
        self._checked = 0.0

    def poll(self):
        if self.returncode is not None or time.monotonic() - self._checked < self.every:
            return self.returncode
        self._checked = time.monotonic()
        try:
            if self.dispatch.job in self.cluster.finished_jobs():
                self.returncode = 0
                db = archive.open_archive(self.db_path)
                try:
                    self.cluster.refresh(db)
                finally:
                    db.conn.close()
        except ClusterError:
            pass
        return self.returncode

    def _cancel(self, signal: str | None = None):
        try:
            self.cluster.clients[self.dispatch.node].cancel(self.cluster.project, self.dispatch.job, signal)
        except (ClusterError, KeyError):
            pass

    def send_signal(self, signum) -> None:
        self._cancel()

    def kill(self) -> None:
        self._cancel("KILL")


def scheduler_launcher(schedule: Schedule, db_path: Path, log=None):
    """A Scheduler launcher that dispatches each due crawl to the cluster instead of starting a process."""
    cluster = Cluster.from_schedule(schedule)

    def launch(entry: Entry) -> RemoteJob:
        db = archive.open_archive(db_path)
        try:
            decision = cluster.dispatch([entry], db, "scheduled", schedule.contact, log=log)[0]
        finally:
            db.conn.close()
        return RemoteJob(cluster, decision, db_path)
    return launch
