"""Operations a scheduler can trust (issue 23): a crawl's exit status by outcome, its own summary, one log per
portal and run, dead runs found at once, broken profiles listed around, the demo and `serve` on busy ports,
and an archive's files in one folder. Real crawls of the replica, in subprocesses where exit codes and
signals matter."""
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

from portal_archive.archive.paths import files_dir, locks_dir, logs_dir, warc_dir
from portal_archive.errors import EXIT_CODES
from tests.conftest import BIN, ROOT, cli, rows, run_cli

SLUG = "nukeviet-replica"
ARTICLES = 10
FAST = ("--delay", "0", "--concurrency", "8", "--set", "RETRY_TIMES=0")


@pytest.fixture(scope="module")
def live():
    from replica import server

    with server.start(["nukeviet-replica", "danvan-replica"], articles=ARTICLES) as rep:
        yield rep


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(predicate, timeout=60, what="condition"):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        value = predicate()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


def running_rows(db):
    try:
        return rows(db, "SELECT * FROM crawl_runs WHERE status = 'running'")
    except sqlite3.OperationalError:  # the schema is not there yet
        return []


def start_crawl(db, base, *extra):
    return subprocess.Popen([str(BIN / "portal-archive"), "crawl", SLUG, "--db", str(db), "--base-url", base,
                             *extra], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "PYTHONUNBUFFERED": "1"})


# --- 1. exit codes by outcome, 3. the run's own summary -----------------------------------------------------

def test_ok_crawl_exits_0_and_prints_its_own_summary(live, tmp_path):
    db = tmp_path / "try.db"
    first = run_cli("crawl", SLUG, "--db", db, "--base-url", live.base_urls[SLUG], *FAST)
    assert first.returncode == EXIT_CODES["ok"], first.stderr
    run = rows(db, "SELECT * FROM crawl_runs")[0]
    assert first.stdout.startswith(f"{SLUG}: ok, {ARTICLES} new, 0 updated, 0 unchanged, 0 errors, 0 gone, "
                                   f"{run['pages_fetched']} requests, in ")
    second = run_cli("crawl", SLUG, "--db", db, "--base-url", live.base_urls[SLUG], *FAST, "--json")
    assert second.returncode == EXIT_CODES["ok"], second.stderr
    summary = json.loads(second.stdout)
    again = rows(db, "SELECT * FROM crawl_runs WHERE id = ?", (summary["run_id"],))[0]
    assert summary["new"] == 0  # this run's counts, not the archive's
    assert summary["status"] == "ok"
    assert again["status"] == "ok"
    assert summary["pages"] == again["pages_fetched"]
    assert summary["requests"] >= summary["pages"]
    assert summary["exit_code"] == 0
    assert summary["log_path"] == again["log_path"]


def test_unreachable_portal_exits_failed(tmp_path):
    db = tmp_path / "try.db"
    proc = run_cli("crawl", SLUG, "--db", db, "--base-url", f"http://127.0.0.1:{free_port()}/")
    assert proc.returncode == EXIT_CODES["failed"]
    assert "Traceback" not in proc.stderr
    assert re.search(r"^Error: crawl failed: nukeviet-replica failed", proc.stderr, re.M), proc.stderr
    assert rows(db, "SELECT status FROM crawl_runs") == [{"status": "failed"}]


def test_errors_above_the_threshold_exit_partial(tmp_path):
    from replica import server

    with server.start([SLUG], articles=ARTICLES) as rep:
        paths = [a.path for a in rep.sites[SLUG].items]
        rep.faults.plan[paths[0]] = "500"  # one error: within the default 20 %
        few = run_cli("crawl", SLUG, "--db", tmp_path / "few.db", "--base-url", rep.base_urls[SLUG], *FAST)
        strict = run_cli("crawl", SLUG, "--db", tmp_path / "strict.db", "--base-url", rep.base_urls[SLUG], *FAST,
                         "--max-error-rate", "0")
        for path in paths[:7]:
            rep.faults.plan[path] = "500"
        many = run_cli("crawl", SLUG, "--db", tmp_path / "many.db", "--base-url", rep.base_urls[SLUG], *FAST)
    assert few.returncode == EXIT_CODES["ok"], few.stderr
    assert rows(tmp_path / "few.db", "SELECT status, errors FROM crawl_runs") == [{"status": "partial", "errors": 1}]
    assert json.loads(cli("runs", "--db", tmp_path / "many.db", "--json").stdout)["outcome"] == "partial"
    assert strict.returncode == EXIT_CODES["partial"], strict.stderr
    assert many.returncode == EXIT_CODES["partial"], many.stderr
    assert "Error: crawl partial: nukeviet-replica partial" in many.stderr


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_a_signal_exits_interrupted(live, tmp_path, sig):
    db = tmp_path / "try.db"
    crawl = start_crawl(db, live.base_urls[SLUG], "--delay", "0.4")
    wait_for(lambda: running_rows(db), what="the crawl to start")
    crawl.send_signal(sig)
    out, err = crawl.communicate(timeout=120)
    assert crawl.returncode == EXIT_CODES["interrupted"], (out, err)
    assert "Interrupted: nukeviet-replica (run 1) recorded interrupted" in err
    assert out.startswith(f"{SLUG}: interrupted, ")
    assert rows(db, "SELECT status, finish_reason FROM crawl_runs") == [
        {"status": "interrupted", "finish_reason": "shutdown"}]


def test_a_held_lock_exits_refused(live, tmp_path):
    db = tmp_path / "try.db"
    lock = locks_dir(db) / f"{SLUG}.lock"
    lock.parent.mkdir(parents=True)
    lock.write_text(json.dumps({"pid": os.getpid(), "host": socket.gethostname(), "since": "now"}))
    proc = run_cli("crawl", SLUG, "--db", db, "--base-url", live.base_urls[SLUG])
    assert proc.returncode == 75
    assert len(proc.stderr.strip().splitlines()) == 1


def test_crawl_help_documents_the_exit_codes():
    text = cli("crawl", "--help").stdout
    for name, code in EXIT_CODES.items():
        assert re.search(rf"^\s+{code}\s+{name}: ", text, re.M), (name, text)


# --- 2. a killed crawl is found dead at once ----------------------------------------------------------------

def test_killed_crawl_is_dead_at_once_and_the_next_crawl_resumes_it(live, tmp_path):
    db = tmp_path / "try.db"
    crawl = start_crawl(db, live.base_urls[SLUG], "--delay", "0.4")
    wait_for(lambda: running_rows(db) and (locks_dir(db) / f"{SLUG}.lock").exists(), what="the crawl to start")
    crawl.kill()  # SIGKILL: no cleanup at all
    crawl.communicate(timeout=60)
    run = rows(db, "SELECT * FROM crawl_runs")[0]
    assert run["status"] == "running"  # as the killed process left it

    listing = cli("runs", "--db", db)
    assert re.search(rf"^{run['id']}\s+{SLUG}\s+manual\s.*\sinterrupted \(dead\)\s", listing.stdout, re.M), \
        listing.stdout
    as_json = json.loads(cli("runs", "--db", db, "--json").stdout)
    assert as_json["dead"] is True
    assert as_json["exit_code"] == EXIT_CODES["interrupted"]
    assert re.search(rf"^{run['id']}\s", cli("runs", "--db", db, "--failed").stdout, re.M)
    health = cli("health", "--db", db)
    assert health.returncode == 1, health.stdout
    assert re.search(rf"^{SLUG}\s+UNHEALTHY\s.*run {run['id']} died: crawl process pid {crawl.pid} on "
                     rf"{re.escape(socket.gethostname())} is gone, its lock .* is stale; the next crawl resumes it",
                     health.stdout, re.M), health.stdout

    again = run_cli("crawl", SLUG, "--db", db, "--base-url", live.base_urls[SLUG], *FAST)
    assert again.returncode == EXIT_CODES["ok"], again.stderr
    runs = rows(db, "SELECT status, finish_reason FROM crawl_runs ORDER BY id")
    assert runs == [{"status": "interrupted", "finish_reason": "process died"},
                    {"status": "ok", "finish_reason": "finished"}]
    assert rows(db, "SELECT count(*) n FROM articles")[0]["n"] == ARTICLES
    assert cli("health", "--db", db).returncode == 0


# --- 3. one log file per portal and run ----------------------------------------------------------------------

def test_one_log_per_portal_and_run(live, tmp_path):
    db = tmp_path / "archive.db"
    profiles = []
    for slug in ("nukeviet-replica", "danvan-replica"):  # two portals in one crawl, each on its replica port
        text = (ROOT / "crawler" / "portals" / f"{slug}.toml").read_text(encoding="utf-8")
        path = tmp_path / f"{slug}.toml"
        path.write_text(re.sub(r'start_urls = \["[^"]*"\]', f'start_urls = ["{live.base_urls[slug]}/"]', text),
                        encoding="utf-8")
        profiles.append(path)
    proc = run_cli("crawl", *profiles, "--db", db, *FAST)
    assert proc.returncode == EXIT_CODES["ok"], proc.stderr
    assert [line.split(":")[0] for line in proc.stdout.splitlines()] == ["nukeviet-replica", "danvan-replica"]
    runs = rows(db, "SELECT portal, log_path FROM crawl_runs ORDER BY id")
    assert sorted(r["portal"] for r in runs) == ["danvan-replica", "nukeviet-replica"]
    for r in runs:
        path = Path(r["log_path"])
        assert path.parent == logs_dir(db) == tmp_path / "logs"
        assert re.fullmatch(rf"{re.escape(r['portal'])}-\d{{8}}T\d{{6}}Z\.log", path.name), path.name
        text = path.read_text(encoding="utf-8")
        assert re.findall(r"run summary portal=(\S+)", text) == [r["portal"]]
        assert text.count("[portal] INFO: politeness:") == 1  # its own spider's lines, not the other's


# --- 4. a broken profile among good ones ---------------------------------------------------------------------

def test_portals_lists_around_a_broken_profile(tmp_path, monkeypatch):
    import shutil

    from crawler import profiles

    from crawler import registry

    named = [f"{e.profile}.toml" for e in registry.load_registry() if e.profile]  # the registry needs them
    for name in ("nukeviet-replica.toml", "danvan-replica.toml", "registry.toml", *named):
        shutil.copy(profiles.PORTALS_DIR / name, tmp_path / name)
    (tmp_path / "broken.toml").write_text('slug = "broken"\nname = "x\nstart_urls = []\n', encoding="utf-8")
    monkeypatch.setattr(profiles, "PORTALS_DIR", tmp_path)
    monkeypatch.setattr(registry, "REGISTRY_PATH", tmp_path / "registry.toml")
    proc = cli("portals")
    assert proc.returncode == 1
    errors = proc.stderr.strip().splitlines()
    assert errors[0].startswith(f"Error: {tmp_path / 'broken.toml'}: line 2, column ")
    assert errors[1] == "Error: 1 broken profile(s), not listed: broken"
    assert re.search(r"^nukeviet-replica\s", proc.stdout, re.M)
    assert re.search(r"^danvan-replica\s", proc.stdout, re.M)


def test_a_table_written_as_a_value_is_one_line(tmp_path, monkeypatch):
    from crawler import profiles

    text = (profiles.PORTALS_DIR / "danvan-replica.toml").read_text(encoding="utf-8")
    (tmp_path / "danvan-replica.toml").write_text('urls = "x"\n' + text.replace("[urls]", "[old_urls]"),
                                                  encoding="utf-8")
    (tmp_path / "registry.toml").write_text("", encoding="utf-8")
    from crawler import registry

    monkeypatch.setattr(profiles, "PORTALS_DIR", tmp_path)
    monkeypatch.setattr(registry, "REGISTRY_PATH", tmp_path / "registry.toml")
    proc = cli("portals")
    assert proc.returncode == 1
    assert f"Error: {tmp_path / 'danvan-replica.toml'}: line 1: 'urls' must be a [urls] table" in proc.stderr


def test_schedule_syntax_error_names_line_and_column(tmp_path):
    path = tmp_path / "s.toml"
    path.write_text('timezone = "UTC"\n[portals.nukeviet-replica]\ncron = "@daily\n', encoding="utf-8")
    proc = cli("schedule", "show", "--schedule", path)
    assert proc.returncode == 1
    assert re.fullmatch(rf"Error: {re.escape(str(path))}: line 3, column \d+, key 'cron': invalid TOML: .*\n",
                        proc.stderr), proc.stderr


# --- 5. the demo and serve on busy ports ---------------------------------------------------------------------

def test_demo_takes_free_ports_when_8701_is_held(tmp_path):
    with socket.socket() as held:
        held.bind(("127.0.0.1", 8701))
        held.listen()
        proc = run_cli("demo", "--db", tmp_path / "demo.db", "--articles", "3")
    assert proc.returncode == 0, proc.stderr
    assert "Ports 8701-8703 are taken" in proc.stderr
    ports = {int(p) for p in re.findall(r"http://127\.0\.0\.1:(\d+)", proc.stdout.splitlines()[0])}
    assert len(ports) == 3
    assert 8701 not in ports
    assert rows(tmp_path / "demo.db", "SELECT count(*) n FROM articles")[0]["n"] == 9


def test_demo_port_base(tmp_path):
    base = free_port()
    with socket.socket() as held:  # a --port-base that is taken is one line, not a fallback
        held.bind(("127.0.0.1", base))
        held.listen()
        proc = run_cli("demo", "--db", tmp_path / "demo.db", "--articles", "3", "--port-base", base)
    assert proc.returncode == 1
    assert proc.stderr.startswith(f"Error: cannot start the replica on ports {base}-{base + 2}: ")


def test_serve_on_a_busy_port_says_so_before_serving(crawled_db):
    with socket.socket() as held:
        held.bind(("127.0.0.1", 0))
        held.listen()
        port = held.getsockname()[1]
        proc = run_cli("serve", "--db", crawled_db, "--port", port, timeout=60)
    assert proc.returncode == 1
    assert "Serving" not in proc.stderr
    assert proc.stderr == f"Error: cannot serve on 127.0.0.1:{port}: Address already in use " \
                          "(another server on that port? try --port)\n"


# --- 6. an archive's files in one folder ---------------------------------------------------------------------

def test_files_of_an_archive_sit_together(live, tmp_path):
    db = tmp_path / "try.db"
    run_cli("crawl", SLUG, "--db", db, "--base-url", live.base_urls[SLUG], *FAST, check=True)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["try.db", "try.db.files"]
    assert files_dir(db) == tmp_path / "try.db.files"
    assert list(warc_dir(db).glob(f"{SLUG}-*.warc.gz"))
    assert [Path(r["log_path"]).parent for r in rows(db, "SELECT log_path FROM crawl_runs")] == [logs_dir(db)]
    assert locks_dir(db).is_dir()
    assert files_dir(tmp_path / "data" / "archive.db") == tmp_path / "data"  # archive.db owns its folder


def test_an_archive_with_warcs_in_the_old_place_is_moved(live, tmp_path):
    db = tmp_path / "old.db"
    old = tmp_path / "warc"  # where archives of any name kept their WARC files before
    run_cli("crawl", SLUG, "--db", db, "--base-url", live.base_urls[SLUG], *FAST, "--set", f"WARC_DIR={old}",
            check=True)
    other = old / "danvan-replica-20240101000000-1-00001.warc.gz"  # another archive's file: not moved
    other.write_bytes(b"")
    named = {r["warc_file"] for r in rows(db, "SELECT DISTINCT warc_file FROM articles")}
    assert named
    moved = run_cli("reextract", "--db", db)
    assert moved.returncode == 0, moved.stderr
    assert {p.name for p in warc_dir(db).glob("*.warc.gz")} >= named
    assert [p.name for p in old.iterdir()] == [other.name]
    assert rows(db, "SELECT count(*) n FROM articles")[0]["n"] == ARTICLES


def test_a_shard_with_warcs_in_the_old_place_merges_them(live, tmp_path):
    shard = tmp_path / "node1.db"
    run_cli("crawl", SLUG, "--db", shard, "--base-url", live.base_urls[SLUG], *FAST, "--set",
            f"WARC_DIR={tmp_path / 'warc'}", check=True)
    named = {r["warc_file"] for r in rows(shard, "SELECT DISTINCT warc_file FROM articles")}
    target = tmp_path / "central" / "archive.db"
    run_cli("merge", shard, "--into", target, check=True)
    assert {p.name for p in (tmp_path / "central" / "warc").glob("*.warc.gz")} == named


def test_scheduled_crawls_get_the_schedules_error_threshold(tmp_path):
    from portal_archive.ops.schedule import load_schedule
    from portal_archive.ops.scheduler import crawl_command

    path = tmp_path / "s.toml"
    path.write_text('[health]\nmax_error_rate = 0.05\n[portals.nukeviet-replica]\ncron = "@daily"\n'
                    'health = { max_error_rate = 0.5 }\n[portals.danvan-replica]\ncron = "@daily"\n', encoding="utf-8")
    schedule = load_schedule(path)
    for slug, rate in (("nukeviet-replica", "0.5"), ("danvan-replica", "0.05")):
        command = crawl_command(schedule.entry(slug), tmp_path / "a.db",
                                schedule.thresholds(slug)["max_error_rate"])
        assert command[command.index("--max-error-rate") + 1] == rate
