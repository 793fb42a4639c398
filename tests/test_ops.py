"""Crawl operations end to end: a real scheduler process running real crawls of the replica into SQLite;
`runs` and `health` outputs; a stale lock of a killed crawl; SIGTERM; a template change on a portal."""
from __future__ import annotations

import json
import os
import re
import signal
import socket
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest

from portal_archive.ops.health import check_portal
from portal_archive import archive
from portal_archive.errors import EXIT_CODES
from tests.conftest import BIN, ROOT, cli, run_cli

SMALL = 12  # articles per replica portal: fast crawls


@pytest.fixture(scope="module")
def replica_small():
    from replica import server

    with server.start(["travinh-replica", "nukeviet-replica"], articles=SMALL) as live:
        yield live


def rows(db, sql, params=()):
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    try:
        return [dict(r) for r in conn.execute(sql, params)]
    except sqlite3.OperationalError:  # not created yet
        return []
    finally:
        conn.close()


def wait_for(predicate, timeout=60, every=0.1, what="condition"):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        value = predicate()
        if value:
            return value
        time.sleep(every)
    raise AssertionError(f"timed out waiting for {what}")


def start_scheduler(tmp_path, schedule_text, *extra):
    path = tmp_path / "schedule.toml"
    path.write_text(schedule_text, encoding="utf-8")
    out = (tmp_path / "scheduler.out").open("w")
    proc = subprocess.Popen([str(BIN / "portal-archive"), "scheduler", "--schedule", str(path), "--tick", "0.2",
                             *extra], cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, text=True,
                            env={**os.environ, "PYTHONUNBUFFERED": "1"})
    return proc, path, tmp_path / "scheduler.out"


def stop(proc, timeout=60):
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
    try:
        return proc.wait(timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        raise


def portal_schedule(base_urls, slow="nukeviet-replica", slow_delay=0.25, grace=60, cron="*/2 * * * * *",
                    extra=""):
    text = f'db = "archive.db"\ncontact = "mailto:archivist@example.org"\n[scheduler]\ngrace_period = {grace}\n' \
           f'[health]\nzero_new_runs = 50\n{extra}\n'
    for slug, url in base_urls.items():
        delay = slow_delay if slug == slow else 0.0
        text += f'[portals.{slug}]\ncron = "{cron}"\nbase_url = "{url}"\ndelay = {delay}\n'
    return text


def test_scheduler_session(replica_small, tmp_path):
    """Two portals crawled on a 2-second schedule; overlapping triggers skipped; SIGTERM lets the running
    crawl finish; every run recorded with its log file; `runs` and `health` report them."""
    db = tmp_path / "archive.db"
    proc, schedule, out = start_scheduler(tmp_path, portal_schedule(replica_small.base_urls))
    try:
        def enough():
            done = rows(db, "SELECT portal, count(*) AS n FROM crawl_runs WHERE status != 'running' GROUP BY portal")
            return len(done) == 2 and all(r["n"] >= 2 for r in done) and "skipped" in out.read_text()
        wait_for(enough, 90, what="two finished runs of each portal and a skipped trigger")
        wait_for(lambda: rows(db, "SELECT id FROM crawl_runs WHERE status = 'running'"), 30, 0.05,
                 what="a running crawl")
        assert stop(proc) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
    log = out.read_text()
    assert "scheduler started" in log
    assert "scheduler stopped" in log
    before, after = log.split("SIGTERM: no new crawls", 1)
    assert "started crawl" not in after  # nothing launched after SIGTERM
    assert re.search(r"\w+-replica: crawl pid \d+ ended ok \(exit status 0\): run ok", after)  # finished in the grace
    assert re.search(r"nukeviet-replica: due, skipped: the previous crawl \(pid \d+, started .*\) is still running",
                     log) or re.search(r"travinh-replica: due, skipped: the previous crawl", log)

    runs = rows(db, "SELECT * FROM crawl_runs ORDER BY id")
    assert {r["portal"] for r in runs} == set(replica_small.base_urls)
    assert all(r["trigger"] == "scheduled" and r["status"] == "ok" for r in runs), runs
    for slug in replica_small.base_urls:
        mine = [r for r in runs if r["portal"] == slug]
        assert sum(r["articles_new"] for r in mine) == SMALL
        for earlier, later in zip(mine, mine[1:]):  # never two crawls of one portal at once
            assert later["started_at"] >= earlier["finished_at"], (earlier, later)
    for r in runs:
        text = Path(r["log_path"]).read_text(encoding="utf-8")
        assert Path(r["log_path"]).parent == tmp_path / "logs"
        assert Path(r["log_path"]).name.startswith(r["portal"])
        assert f"run summary portal={r['portal']} reason=finished" in text
        assert "mailto:archivist@example.org" in text  # the schedule's contact reached the User-Agent
    assert not list((tmp_path / "locks").glob("*.lock"))

    listing = cli("runs", "--db", db)
    assert listing.returncode == 0, listing.stderr
    lines = listing.stdout.splitlines()
    assert lines[0].split() == ["id", "portal", "trigger", "started", "took", "status", "sweep", "requests",
                                "req/new", "pages", "new", "upd", "same", "gone", "errors", "bytes", "log"]
    assert len(lines) == 2 + len(runs)
    last = lines[2].split()
    assert last[0] == str(runs[-1]["id"])
    assert last[2] == "scheduled"
    assert last[-1] == runs[-1]["log_path"]
    first_nv = [r for r in runs if r["portal"] == "nukeviet-replica"][0]
    one = cli("runs", "--db", db, "--portal", "nukeviet-replica", "--json", "--limit", "100").stdout.splitlines()
    assert json.loads(one[-1])["id"] == first_nv["id"]
    assert json.loads(one[-1])["articles_new"] == SMALL
    assert cli("runs", "--db", db, "--failed").stdout.strip() == f"{db}: no failed runs"

    health = cli("health", "--schedule", schedule)
    assert health.returncode == 0, health.stdout + health.stderr
    assert re.search(r"^nukeviet-replica\s+OK\s", health.stdout, re.M)
    assert re.search(r"^travinh-replica\s+OK\s", health.stdout, re.M)
    assert "2 portal(s): 0 unhealthy" in health.stdout


def test_sigterm_after_grace_interrupts_the_crawl(replica_small, tmp_path):
    db = tmp_path / "archive.db"
    urls = {"nukeviet-replica": replica_small.base_urls["nukeviet-replica"]}
    proc, schedule, out = start_scheduler(tmp_path, portal_schedule(urls, slow_delay=0.5, grace=0,
                                                                    cron="*/1 * * * * *"))
    try:
        wait_for(lambda: rows(db, "SELECT id FROM crawl_runs WHERE status = 'running'"), 60, what="a running crawl")
        time.sleep(0.5)
        assert stop(proc) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
    log = out.read_text()
    assert "nukeviet-replica: grace period over, sending SIGTERM to crawl pid" in log
    assert re.search(r"nukeviet-replica: crawl pid \d+ ended interrupted \(exit status 130\): run interrupted", log), log
    run = rows(db, "SELECT * FROM crawl_runs")[0]
    assert (run["status"], run["finish_reason"]) == ("interrupted", "shutdown")
    failed = cli("runs", "--db", db, "--failed")
    assert re.search(rf"^{run['id']}\s+nukeviet-replica\s+scheduled\s.*\sinterrupted\s", failed.stdout, re.M)
    health = cli("health", "--db", db)
    assert health.returncode == 0, health.stdout
    assert re.search(r"^nukeviet-replica\s+WARN\s.*was interrupted \(shutdown\)", health.stdout, re.M), health.stdout
    assert not list((tmp_path / "locks").glob("*.lock"))


def test_stale_lock_of_a_killed_crawl_is_cleared(replica_small, tmp_path):
    db = tmp_path / "archive.db"
    base = replica_small.base_urls["nukeviet-replica"]
    crawl = subprocess.Popen([str(BIN / "portal-archive"), "crawl", "nukeviet-replica", "--db", str(db),
                              "--base-url", base, "--delay", "0.5"], cwd=ROOT, stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL)
    lock = tmp_path / "locks" / "nukeviet-replica.lock"
    wait_for(lambda: rows(db, "SELECT id FROM crawl_runs WHERE status = 'running'") and lock.exists(), 60,
             what="the manual crawl to start")
    crawl.kill()  # SIGKILL: no cleanup at all
    crawl.wait()
    assert json.loads(lock.read_text())["pid"] == crawl.pid
    assert rows(db, "SELECT status FROM crawl_runs")[0]["status"] == "running"

    # while a live process holds the lock, a manual crawl refuses with one line and status 75
    lock.write_text(json.dumps({"pid": os.getpid(), "host": socket.gethostname(), "since": "now"}))
    refused = run_cli("crawl", "nukeviet-replica", "--db", db, "--base-url", base)
    assert refused.returncode == 75
    assert "nukeviet-replica is being crawled already (pid" in refused.stderr
    assert len(refused.stderr.strip().splitlines()) == 1
    lock.write_text(json.dumps({"pid": crawl.pid, "host": socket.gethostname(), "since": "then"}))

    urls = {"nukeviet-replica": base}
    proc, schedule, out = start_scheduler(tmp_path, portal_schedule(urls, slow_delay=0.0))
    try:
        wait_for(lambda: rows(db, "SELECT id FROM crawl_runs WHERE trigger = 'scheduled' AND status = 'ok'"),
                 60, what="a scheduled run")
    finally:
        stop(proc)
    log = out.read_text()
    assert f"nukeviet-replica: cleared stale lock {lock} (pid {crawl.pid} on {socket.gethostname()}" in log
    assert "nukeviet-replica: marked 1 run(s) of a dead crawl process interrupted" in log
    killed = rows(db, "SELECT * FROM crawl_runs ORDER BY id")[0]
    assert (killed["trigger"], killed["status"], killed["finish_reason"]) == ("manual", "interrupted", "process died")
    assert not lock.exists()


# --- health ----------------------------------------------------------------------------------------

DATES = re.compile(rb'<meta[^>]*(datePublished|published_time|pubdate|date)[^>]*>|\d{4}-\d{2}-\d{2}T[\d:.+-]+'
                   rb'|\d{1,2}/\d{1,2}/\d{4}( \d{1,2}:\d{2})?|"datePublished"\s*:\s*"[^"]*",?', re.I)


def drop_dates(site):
    """Serve ``site`` as after a template change that lost the date line (a served variant of the replica)."""
    respond = site.respond

    def broken(*args, **kwargs):
        resp = respond(*args, **kwargs)
        if resp.content_type.startswith("text/html"):
            resp.body = DATES.sub(b"", resp.body)
        return resp
    site.respond = broken
    return site


def test_health_flags_a_template_change(replica_small, tmp_path):
    from replica import server

    db = tmp_path / "archive.db"
    run_cli("crawl", "nukeviet-replica", "--db", db, "--base-url", replica_small.base_urls["nukeviet-replica"],
            check=True)
    healthy = cli("health", "--db", db)
    assert healthy.returncode == 0
    assert re.search(r"^nukeviet-replica\s+OK\s", healthy.stdout, re.M)
    # later: the portal published new articles, but its new template lost the date line
    with server.start(["nukeviet-replica"], seed=7, articles=SMALL) as later:
        drop_dates(later.sites["nukeviet-replica"])
        run_cli("crawl", "nukeviet-replica", "--db", db, "--base-url", later.base_urls["nukeviet-replica"],
                check=True)
    runs = rows(db, "SELECT id, articles_new FROM crawl_runs ORDER BY id")
    assert [r["articles_new"] for r in runs] == [SMALL, SMALL]
    report = cli("health", "--db", db)
    assert report.returncode == 1, report.stdout + report.stderr
    assert re.search(rf"^nukeviet-replica\s+UNHEALTHY\s.*published_at empty on 100% of the {SMALL} articles of "
                     rf"run {runs[1]['id']} \(was 0% before\): template change\?", report.stdout, re.M), report.stdout
    assert "1 portal(s): 1 unhealthy (nukeviet-replica)" in report.stdout
    as_json = json.loads(cli("health", "--db", db, "--json").stdout)
    assert as_json["status"] == "unhealthy"
    assert as_json["last_run"]["id"] == runs[1]["id"]
    # thresholds come from the schedule: an archivist who accepts undated articles on this portal
    schedule = tmp_path / "s.toml"
    schedule.write_text(f'db = "{db}"\n[portals.nukeviet-replica]\ncron = "@daily"\n'
                        'health = {{ fields = ["title", "body_text"] }}\n'.replace("{{", "{").replace("}}", "}"))
    assert cli("health", "--schedule", schedule).returncode == 0


def fake_runs(tmp_path, runs, articles=()):
    db = archive.open_archive(tmp_path / "h.db")
    db["portals"].insert({"slug": "p"})
    for n, r in enumerate(runs):
        run_id = archive.start_run(db, "p", "scheduled")
        archive.finish_run(db, run_id, r.get("status", "ok"), {
            "pages_fetched": r.get("pages", 10), "articles_new": r.get("new", 1), "errors": r.get("errors", 0),
            "counter_snapshots": r.get("snapshots", 5)}, r.get("stats", {}), r.get("reason", "finished"))
        db.execute("UPDATE crawl_runs SET started_at = ?, finished_at = ? WHERE id = ?",
                   [f"2025-06-{10 + n:02d}T01:00:00+00:00", f"2025-06-{10 + n:02d}T01:10:00+00:00", run_id])
    db.conn.commit()
    return db


@pytest.mark.parametrize("runs, thresholds, problem", [
    ([{}, {"errors": 4, "pages": 10, "stats": {"portal/errors/http_503": 3, "portal/errors/TimeoutError": 1}}], {},
     "error rate 40% in run 2 (4 errors / 10 pages: http_503 3, TimeoutError 1)"),
    ([{}, {"new": 0}, {"new": 0}, {"new": 0}], {}, "no new articles in the last 3 runs"),
    ([{}, {"snapshots": 0}], {}, "visitor counter not found in run 2"),
    ([{}, {"status": "failed", "pages": 0, "reason": "finished"}], {"counter": False}, "last run 2 failed (finished)"),
    ([{}], {"max_age": "2d"}, "last successful run 1 is older than 2d"),
])
def test_health_rules(tmp_path, runs, thresholds, problem):
    db = fake_runs(tmp_path, runs)
    h = check_portal(db, "p", thresholds)
    assert h.status == "unhealthy", h.problems
    assert any(p.startswith(problem) for p in h.problems), h.problems
    lenient = check_portal(db, "p", {"counter": False, "zero_new_runs": 0, "max_error_rate": 1.0, "max_age": ""})
    assert lenient.status == ("unhealthy" if runs[-1].get("status") == "failed" else "ok"), lenient.problems


def test_health_judges_a_run_by_its_own_articles_when_runs_share_a_second(tmp_path):
    """Run 2 starts in the second run 1 ended, in which run 1 stored its last articles: run 2's window is its
    own articles (by run id), not run 1's dated ones mixed in (which hid the change below the threshold)."""
    from tests.test_archive import Profile, record

    db = archive.open_archive(tmp_path / "h.db")
    Profile.slug = "p1"
    archive.upsert_portal(db, Profile, "2026-01-01T00:00:00+00:00")
    second = "2026-01-01T00:00:05+00:00"
    for n in range(2):
        run_id = archive.start_run(db, "p1", "manual")
        batch = [record(f"http://a.vn/r{n}/{i}.html", body=f"Bài {n}.{i}: " + "Hội nghị dân vận khéo. " * 20,
                        fetched=second) for i in range(6)]
        if n:
            for rec in batch:
                rec["published_at"] = None  # the new template lost the date line
        archive.store_batch(db, batch, run_id=run_id)
        archive.finish_run(db, run_id, "ok", {"pages_fetched": 7, "articles_new": 6, "errors": 0,
                                              "counter_snapshots": 1}, {}, "finished")
        db.execute("UPDATE crawl_runs SET started_at = ?, finished_at = ? WHERE id = ?", [second, second, run_id])
    db.conn.commit()
    h = check_portal(db, "p1", {})
    assert h.status == "unhealthy", h.problems
    assert "published_at empty on 100% of the 6 articles of run 2 (was 0% before): template change?" in h.problems


def test_runs_and_health_bad_input(tmp_path):
    missing = cli("runs", "--db", tmp_path / "none.db")
    assert missing.returncode == 1
    assert "no archive at" in missing.stderr
    fake_runs(tmp_path, [{}])
    unknown = cli("runs", "--db", tmp_path / "h.db", "--portal", "nope")
    assert unknown.returncode == 1
    assert "no runs of portal 'nope'" in unknown.stderr
    bad = cli("health", "--db", tmp_path / "h.db", "--schedule", tmp_path / "nope.toml")
    assert bad.returncode == 1
    assert "no such schedule file" in bad.stderr
    for proc in (missing, unknown, bad):
        assert "Traceback" not in proc.stderr
        assert len(proc.stderr.strip().splitlines()) == 1


def test_unreachable_portal_is_a_failed_run(tmp_path):
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    db = tmp_path / "archive.db"
    crawl = run_cli("crawl", "nukeviet-replica", "--db", db, "--base-url", f"http://127.0.0.1:{port}/")
    assert crawl.returncode == EXIT_CODES["failed"], crawl.stderr
    assert "Traceback" not in crawl.stderr  # the traceback is in the run's log file only
    run = rows(db, "SELECT * FROM crawl_runs")[0]
    assert (run["status"], run["pages_fetched"]) == ("failed", 0)
    assert "Traceback" in Path(run["log_path"]).read_text(encoding="utf-8")
    report = cli("health", "--db", db)
    assert report.returncode == 1, report.stdout
    assert re.search(rf"^nukeviet-replica\s+UNHEALTHY\s.*last run {run['id']} failed",
                     report.stdout, re.M), report.stdout
