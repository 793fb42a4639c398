"""The long-lived scheduler behind `portal-archive scheduler`: starts each due crawl as its own process.

Rules:
- A portal is due when its cron expression (in the schedule's time zone) fires. Each due crawl runs as
  ``portal-archive crawl SLUG --db DB --trigger scheduled [overrides]`` in a new process (and session, so a
  Ctrl-C on the terminal reaches only the scheduler).
- A crawl's exit status tells its outcome (``portal_archive.errors.EXIT_CODES``: 0 ok, 3 partial, 69 failed,
  75 refused, 130 interrupted); the scheduler logs it beside what the run row records.
- Never two crawls of one portal: a trigger is skipped while the previous crawl of that portal still runs
  (ours, or anyone's: the portal's lock file in the archive's ``locks/`` names a live pid). A lock left by a
  killed crawl (dead pid on this host) is cleared, and that crawl's run row is marked interrupted.
- Catch-up: when the scheduler starts and a portal's latest slot passed since its last recorded run
  (the scheduler was down), it runs once now; missed slots are never replayed one by one. The same holds
  when the loop is late (suspend, slow host): one run, then the next slot after now.
- At most ``max_parallel`` crawls at once; further due portals wait (in order) for a free slot.
- With ``[cluster] nodes`` in the schedule, a due crawl is dispatched to a scrapyd node instead
  (``portal_archive.ops.cluster``: rendezvous assignment, no overlap across nodes, central ``dispatches`` history);
  the "process" is then the remote job (its id in place of the pid; finished when the node lists it so).
- SIGTERM or SIGINT: stop launching; let running crawls finish for ``grace_period`` seconds, then send them
  SIGTERM (Scrapy closes cleanly, the run is recorded ``interrupted``), and SIGKILL after ``kill_after``
  more seconds (the run row is then marked interrupted by the scheduler). A second signal skips the grace.
- A crawl still running ``grace_period`` seconds after its entry's ``max_runtime`` (its own wall-clock limit did not
  stop it: a process blocked on something) is sent SIGTERM, and SIGKILL after ``kill_after`` more seconds, so
  that one stuck crawl never keeps its portal from being archived again.

The clock, the sleep and the process launcher are injectable (tests use a fake clock and fake processes).
"""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from portal_archive import archive
from portal_archive.archive import locks, paths
from portal_archive.errors import outcome_of_exit
from portal_archive.ops.schedule import Entry, Schedule, next_times, parse_age, previous_time


def crawl_command(entry: Entry, db: Path, max_error_rate: float | None = None) -> list[str]:
    """The command line of one scheduled crawl (the console script beside this Python if installed);
    ``max_error_rate``: the schedule's health threshold, above which the crawl exits partial (3)."""
    script = Path(sys.executable).parent / "portal-archive"
    prefix = [str(script)] if script.exists() else [sys.executable, "-c",
                                                     "import sys, portal_archive.cli.main as c; sys.exit((getattr(c, 'run', None) or c.main)())"]
    rate = ["--max-error-rate", str(max_error_rate)] if max_error_rate is not None else []
    return [*prefix, "crawl", entry.slug, "--db", str(db), "--trigger", "scheduled", *rate, *entry.crawl_args()]


def popen_launcher(schedule: Schedule, db: Path):
    env = dict(os.environ)
    if schedule.contact:
        env["PORTAL_ARCHIVE_CONTACT"] = schedule.contact

    def launch(entry: Entry):
        rate = schedule.thresholds(entry.slug).get("max_error_rate")
        return subprocess.Popen(crawl_command(entry, db, rate), stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                env=env, start_new_session=True)
    return launch


@dataclass
class Child:
    entry: Entry
    process: object  # subprocess.Popen-like: pid, poll(), send_signal(), kill()
    started: datetime
    terminated: bool = False
    killed: bool = False


class Scheduler:
    def __init__(self, schedule: Schedule, db: str | Path, *, clock=None, sleep=time.sleep, launcher=None,
                 tick: float = 1.0, log=None, grace_period: float | None = None, kill_after: float = 30.0):
        self.schedule, self.db = schedule, Path(db)
        self.clock = clock or (lambda: datetime.now(timezone.utc))
        self.sleep, self.tick = sleep, tick
        if launcher is None and schedule.nodes:  # [cluster] nodes: dispatch to scrapyd (portal_archive.ops.cluster)
            from portal_archive.ops.cluster import scheduler_launcher

            launcher = scheduler_launcher(schedule, self.db, log=lambda message: self.log(f"dispatch: {message}"))
        self.launcher = launcher or popen_launcher(schedule, self.db)
        self.log = log or self._print
        self.grace = schedule.scheduler["grace_period"] if grace_period is None else grace_period
        self.kill_after = kill_after
        self.max_parallel = schedule.scheduler["max_parallel"]
        self.entries = [e for e in schedule.entries if e.enabled]
        self.locks_dir = paths.locks_dir(self.db)
        self.next_due: dict[str, datetime] = {}
        self.running: dict[str, Child] = {}
        self.waiting: list[Entry] = []
        self.stop_at: datetime | None = None   # when a stop was requested
        self.signals = 0
        self.launched = 0

    # --- helpers -------------------------------------------------------------------------------

    def now(self) -> datetime:
        return self.clock().astimezone(self.schedule.tz)

    def _print(self, message: str) -> None:
        print(f"{self.now().isoformat(timespec='seconds')} {message}", flush=True)

    def _db(self):
        return archive.open_archive(self.db)

    # --- planning ------------------------------------------------------------------------------

    def plan(self) -> None:
        """First due time of every entry; one catch-up run for a portal whose latest slot was missed."""
        now = self.now()
        db = self._db()
        try:
            last = archive.last_run_started(db)
        finally:
            db.conn.close()
        for e in self.entries:
            due = next_times(e.cron, now)[0]
            started = last.get(e.slug)
            if self.schedule.scheduler["catch_up"] and started:
                missed = previous_time(e.cron, now)
                if datetime.fromisoformat(started) < missed:
                    self.log(f"{e.slug}: missed its slot at {missed.isoformat(timespec='seconds')} "
                             f"(last run {started}); catching up with one run now")
                    due = now
            self.next_due[e.slug] = due
        for e in self.entries:
            self.log(f"{e.slug}: cron '{e.cron}' ({self.schedule.timezone}), next run "
                     f"{self.next_due[e.slug].isoformat(timespec='seconds')}")

    # --- one tick ------------------------------------------------------------------------------

    def step(self) -> None:
        self.reap()
        now = self.now()
        if self.stop_at is None:
            self.watchdog(now)
            for e in self.entries:
                if now >= self.next_due[e.slug]:
                    self.trigger(e)
                    # one run for however many slots passed, then the first slot after now
                    self.next_due[e.slug] = next_times(e.cron, now)[0]
            while self.waiting and len(self.running) < self.max_parallel:
                self.launch(self.waiting.pop(0))
        else:
            self.wind_down(now)

    def trigger(self, e: Entry) -> None:
        if e.slug in self.running:
            child = self.running[e.slug]
            self.log(f"{e.slug}: due, skipped: the previous crawl (pid {child.process.pid}, started "
                     f"{child.started.isoformat(timespec='seconds')}) is still running")
            return
        if any(w.slug == e.slug for w in self.waiting):
            self.log(f"{e.slug}: due, skipped: already waiting for a free slot")
            return
        path = locks.lock_path(self.locks_dir, e.slug)
        holder = locks.holder(path)
        if holder is not None and not holder.stale:
            self.log(f"{e.slug}: due, skipped: being crawled by another process ({holder.describe()})")
            return
        if holder is not None:
            locks.clear_if_stale(path)
            self.log(f"{e.slug}: cleared stale lock {path} ({holder.describe()}: process is gone)")
            self._close_stale(e.slug)
        if len(self.running) >= self.max_parallel:
            self.log(f"{e.slug}: due, waiting for a free slot ({len(self.running)}/{self.max_parallel} running)")
            self.waiting.append(e)
            return
        self.launch(e)

    def launch(self, e: Entry) -> None:
        process = self.launcher(e)
        self.running[e.slug] = Child(e, process, self.now())
        self.launched += 1
        extra = f" [{e.overrides()}]" if e.overrides() else ""
        self.log(f"{e.slug}: started crawl, pid {process.pid}{extra}")

    def reap(self) -> None:
        for slug, child in list(self.running.items()):
            rc = child.process.poll()
            if rc is None:
                continue
            del self.running[slug]
            seconds = (self.now() - child.started).total_seconds()
            outcome = outcome_of_exit(rc)  # the crawl's exit status (portal_archive.errors.EXIT_CODES)
            if outcome == "refused":
                self.log(f"{slug}: crawl pid {child.process.pid} did not start: portal locked by another process")
                continue
            if rc < 0 or child.killed:
                self._close_stale(slug)
                locks.clear_if_stale(locks.lock_path(self.locks_dir, slug))
            run = self._run_of(slug, child.process.pid)
            if run:
                self.log(f"{slug}: crawl pid {child.process.pid} ended {outcome} (exit status {rc}): "
                         f"run {run['status']} in {seconds:.0f} s, "
                         f"{run['pages_fetched'] or 0} pages, {run['articles_new'] or 0} new, "
                         f"{run['errors'] or 0} errors (run {run['id']}, log {run['log_path']})")
            else:
                self.log(f"{slug}: crawl pid {child.process.pid} ended with exit status {rc} after {seconds:.0f} s "
                         f"and recorded no run")

    def _run_of(self, slug: str, pid: int) -> dict | None:
        try:
            db = self._db()
        except archive.ArchiveError:
            return None
        try:
            return archive.run_of_process(db, slug, pid, socket.gethostname())
        finally:
            db.conn.close()

    def _close_stale(self, slug: str) -> None:
        db = self._db()
        try:
            n = archive.close_stale_runs(db, slug, socket.gethostname(), locks.pid_alive)
        finally:
            db.conn.close()
        if n:
            self.log(f"{slug}: marked {n} run(s) of a dead crawl process interrupted")

    # --- stopping ------------------------------------------------------------------------------

    def request_stop(self, signum: int | None = None) -> None:
        self.signals += 1
        name = signal.Signals(signum).name if signum else "stop"
        if self.stop_at is None:
            self.stop_at = self.now()
            self.waiting.clear()
            if self.running:
                self.log(f"{name}: no new crawls; waiting up to {self.grace:.0f} s for {len(self.running)} running "
                         f"crawl(s) to finish: {', '.join(self.running)}")
            else:
                self.log(f"{name}: no crawl running, stopping")
        else:
            self.log(f"{name} again: interrupting running crawls now")

    def wind_down(self, now: datetime) -> None:
        waited = (now - self.stop_at).total_seconds()
        force = self.signals > 1
        for slug, child in self.running.items():
            if not child.terminated and (force or waited >= self.grace):
                self.log(f"{slug}: grace period over, sending SIGTERM to crawl pid {child.process.pid} "
                         f"(run will be recorded interrupted)")
                child.process.send_signal(signal.SIGTERM)
                child.terminated, child.term_at = True, now
            elif child.terminated and not child.killed and \
                    (now - child.term_at).total_seconds() >= self.kill_after:
                self.log(f"{slug}: crawl pid {child.process.pid} ignored SIGTERM, killing it")
                child.process.kill()
                child.killed = True

    def watchdog(self, now: datetime) -> None:
        """Stop crawls overrunning their entry's ``max_runtime`` by more than the grace period (see module doc)."""
        for slug, child in self.running.items():
            if not child.entry.max_runtime:
                continue
            over = (now - child.started).total_seconds() - parse_age(child.entry.max_runtime).total_seconds()
            if not child.terminated and over >= self.grace:
                self.log(f"{slug}: crawl pid {child.process.pid} still running {over:.0f} s after its max_runtime "
                         f"{child.entry.max_runtime}, sending SIGTERM (run will be recorded interrupted)")
                child.process.send_signal(signal.SIGTERM)
                child.terminated, child.term_at = True, now
            elif child.terminated and not child.killed and (now - child.term_at).total_seconds() >= self.kill_after:
                self.log(f"{slug}: crawl pid {child.process.pid} ignored SIGTERM, killing it")
                child.process.kill()
                child.killed = True

    @property
    def done(self) -> bool:
        return self.stop_at is not None and not self.running

    def run(self, install_signals: bool = True) -> int:
        """Loop until stopped; return 0."""
        if install_signals:
            for sig in (signal.SIGTERM, signal.SIGINT):
                signal.signal(sig, lambda signum, frame: self.request_stop(signum))
        self.log(f"scheduler started (pid {os.getpid()}): {len(self.entries)} portal(s), archive {self.db}, "
                 f"max {self.max_parallel} at once, time zone {self.schedule.timezone}")
        self.plan()
        while not self.done:
            self.step()
            if self.done:
                break
            self.sleep(self._pause())
        self.log(f"scheduler stopped ({self.launched} crawl(s) started)")
        return 0

    def _pause(self) -> float:
        if self.running or self.stop_at is not None or not self.next_due:
            return self.tick
        until = min(self.next_due.values()) - self.now()
        return max(0.05, min(self.tick, until.total_seconds()))
