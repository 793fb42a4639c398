"""Schedule files, cron times, locks and the scheduler loop driven by a fake clock and fake processes."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from portal_archive.archive import locks
from portal_archive.ops.schedule import ScheduleError, crontab_lines, load_schedule, next_times
from portal_archive.ops.scheduler import Scheduler, crawl_command
from portal_archive import archive
from tests.conftest import cli

SLUGS = ["travinh-replica", "nukeviet-replica", "danvan-replica"]
HCM = ZoneInfo("Asia/Ho_Chi_Minh")


def write(tmp_path, text, name="schedule.toml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


EXAMPLE = """
db = "archive.db"
[defaults]
cron = "0 3 * * *"
max_pages = 500
[health]
zero_new_runs = 2
[groups.mekong]
portals = ["travinh-replica", "nukeviet-replica"]
cron = "30 2 * * *"
delay = 2.0
health = { counter = false }
[portals.nukeviet-replica]
concurrency = 1
refresh = "30d"
[portals.danvan-replica]
enabled = false
"""


def test_resolution_defaults_group_portal(tmp_path):
    s = load_schedule(write(tmp_path, EXAMPLE), SLUGS)
    assert s.timezone == "Asia/Ho_Chi_Minh"
    assert s.db == tmp_path / "archive.db"
    tv, nv, dv = (s.entry(x) for x in SLUGS)
    assert (tv.cron, tv.group, tv.delay, tv.max_pages, tv.concurrency) == ("30 2 * * *", "mekong", 2.0, 500, None)
    assert (nv.cron, nv.delay, nv.concurrency, nv.refresh) == ("30 2 * * *", 2.0, 1, "30d")
    assert (dv.cron, dv.enabled, dv.group) == ("0 3 * * *", False, None)
    assert nv.crawl_args() == ["--delay", "2.0", "--concurrency", "1", "--max-pages", "500",
                               "--refresh-older-than", "30d", "--full-every", "30d"]
    assert s.thresholds("travinh-replica")["counter"] is False
    assert s.thresholds("danvan-replica")["counter"] is True
    assert s.thresholds("danvan-replica")["zero_new_runs"] == 2


@pytest.mark.parametrize("text, message", [
    ('[portals.travinh-replica]\ncron = "61 * * * *"', "bad cron expression '61 * * * *'"),
    ('[portals.nope]\ncron = "@daily"', "unknown portal 'nope'"),
    ('[portals.travinh-replica]\ncron = "@daily"\nspeed = 3', "unknown key(s) ['speed']"),
    ('timezone = "Mars/Olympus"\n[portals.travinh-replica]\ncron = "@daily"', "unknown time zone 'Mars/Olympus'"),
    ('[portals.travinh-replica]\ndelay = 1', "has no 'cron'"),
    ('[portals.travinh-replica]\ncron = "@daily"\nrefresh = "soon"', "bad age 'soon'"),
    ('[health]\nmax_error_rate = 5\n[portals.travinh-replica]\ncron = "@daily"', "share between 0 and 1"),
    ("[portals.travinh-replica\n", "invalid TOML"),
    ("", "no portals scheduled"),
])
def test_bad_schedules_are_one_line_errors(tmp_path, text, message):
    with pytest.raises(ScheduleError) as err:
        load_schedule(write(tmp_path, text), SLUGS)
    assert message in str(err.value)
    assert "\n" not in str(err.value)


def test_cron_in_the_schedule_time_zone_and_seconds_first():
    start = datetime(2025, 6, 14, 1, 0, tzinfo=timezone.utc).astimezone(HCM)   # 08:00 in Hồ Chí Minh
    assert [t.isoformat() for t in next_times("30 2 * * *", start, 2)] == \
        ["2025-06-15T02:30:00+07:00", "2025-06-16T02:30:00+07:00"]
    assert [t.second for t in next_times("*/20 * * * * *", start, 3)] == [20, 40, 0]
    assert next_times("@hourly", start)[0].isoformat() == "2025-06-14T09:00:00+07:00"


def test_crontab_lines(tmp_path):
    s = load_schedule(write(tmp_path, EXAMPLE), SLUGS)
    lines = crontab_lines(s, tmp_path / "archive.db", "/usr/bin/portal-archive")
    assert "CRON_TZ=Asia/Ho_Chi_Minh" in lines
    assert f"30 2 * * * /usr/bin/portal-archive crawl nukeviet-replica --db {tmp_path}/archive.db --trigger " \
           "scheduled --delay 2.0 --concurrency 1 --max-pages 500 --refresh-older-than 30d --full-every 30d " \
           ">/dev/null 2>&1" in lines
    assert "# danvan-replica: disabled" in lines


def test_cli_schedule_show_and_errors(tmp_path):
    path = write(tmp_path, EXAMPLE)
    proc = cli("schedule", "show", "--schedule", path, "-n", "2")
    assert proc.returncode == 0, proc.stderr
    row = next(line for line in proc.stdout.splitlines() if line.startswith("nukeviet-replica"))
    assert "30 2 * * *" in row
    assert "02:30:00" in row
    assert "refresh=30d" in row
    assert "disabled" in next(line for line in proc.stdout.splitlines() if line.startswith("danvan-replica"))
    cron = cli("schedule", "cron", "--schedule", path)
    assert cron.returncode == 0
    assert "CRON_TZ=Asia/Ho_Chi_Minh" in cron.stdout
    for args, message in [(("schedule", "show", "--schedule", tmp_path / "missing.toml"), "no such schedule file"),
                          (("schedule", "show", "--schedule", write(tmp_path, "[portals.x]\ncron='@daily'", "bad.toml")),
                           "unknown portal 'x'"),
                          (("scheduler", "--schedule", write(tmp_path, "[portals.travinh-replica]\ncron='* *'", "c.toml")),
                           "bad cron expression")]:
        proc = cli(*args)
        assert proc.returncode == 1, proc.stderr
        assert message in proc.stderr, proc.stderr
        assert "Traceback" not in proc.stderr
        assert len(proc.stderr.strip().splitlines()) == 1


# --- locks ------------------------------------------------------------------------------------------

def dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_lock_held_then_stale_lock_cleared(tmp_path):
    path = locks.acquire(tmp_path, "travinh-replica")
    assert locks.holder(path).pid == os.getpid()
    with pytest.raises(locks.LockHeld, match=r"being crawled already \(pid \d+ on "):
        locks.acquire(tmp_path, "travinh-replica", pid=12345)
    locks.release(path)
    assert not path.exists()
    path.write_text(f'{{"pid": {dead_pid()}, "host": "{socket.gethostname()}", "since": "x"}}')
    assert locks.holder(path).stale
    messages = []

    class Log:
        def warning(self, fmt, *args):
            messages.append(fmt % args)
    assert locks.acquire(tmp_path, "travinh-replica", Log()) == path
    assert "cleared stale lock of travinh-replica" in messages[0]
    # a lock from another host is never cleared automatically
    path.write_text('{"pid": 1, "host": "elsewhere.example", "since": "x"}')
    with pytest.raises(locks.LockHeld, match="elsewhere.example"):
        locks.acquire(tmp_path, "travinh-replica")


# --- the scheduler loop with a fake clock ------------------------------------------------------

class FakeClock:
    def __init__(self, start):
        self.t = start

    def now(self):
        return self.t

    def sleep(self, seconds):
        self.t += timedelta(seconds=seconds)


class FakeProcess:
    pids = 40000

    def __init__(self, entry, clock, seconds):
        FakeProcess.pids += 1
        self.pid, self.entry, self.clock = FakeProcess.pids, entry, clock
        self.ends = clock.now() + timedelta(seconds=seconds)
        self.signals = []
        self.returncode = None

    def poll(self):
        if self.returncode is None and self.clock.now() >= self.ends:
            self.returncode = 0
        return self.returncode

    def send_signal(self, sig):
        self.signals.append(sig)
        self.ends = self.clock.now() + timedelta(seconds=2)  # closes cleanly soon after SIGTERM

    def kill(self):
        self.returncode = -9


def fake_scheduler(tmp_path, text, durations, start=None, **kwargs):
    clock = FakeClock(start or datetime(2025, 6, 14, 1, 0, 0, tzinfo=timezone.utc))
    launched, log = [], []

    def launcher(entry):
        proc = FakeProcess(entry, clock, durations[entry.slug])
        launched.append((clock.now().astimezone(HCM).strftime("%H:%M:%S"), entry.slug))
        return proc
    schedule = load_schedule(write(tmp_path, text), SLUGS)
    sched = Scheduler(schedule, tmp_path / "archive.db", clock=clock.now, sleep=clock.sleep, launcher=launcher,
                      log=log.append, tick=1.0, **kwargs)
    sched.plan()
    return sched, clock, launched, log


def run_for(sched, clock, seconds):
    end = clock.now() + timedelta(seconds=seconds)
    while clock.now() < end and not sched.done:
        sched.step()
        clock.sleep(sched._pause())


TWO = """
[portals.travinh-replica]
cron = "*/10 * * * * *"
[portals.nukeviet-replica]
cron = "*/15 * * * * *"
"""


def test_two_portals_on_schedule_and_overlap_skipped(tmp_path):
    sched, clock, launched, log = fake_scheduler(tmp_path, TWO, {"travinh-replica": 3, "nukeviet-replica": 20})
    run_for(sched, clock, 46)
    assert launched == [("08:00:10", "travinh-replica"), ("08:00:15", "nukeviet-replica"),
                        ("08:00:20", "travinh-replica"), ("08:00:30", "travinh-replica"),
                        ("08:00:40", "travinh-replica"), ("08:00:45", "nukeviet-replica")]
    skipped = [m for m in log if "skipped" in m]
    assert skipped == [m for m in log if m.startswith("nukeviet-replica: due, skipped: the previous crawl")]
    assert len(skipped) == 1  # 08:00:30, while the 08:00:15 crawl (20 s) still ran


def test_catch_up_after_downtime_is_one_run(tmp_path):
    db = archive.open_archive(tmp_path / "archive.db")
    db["portals"].insert({"slug": "travinh-replica"})
    run = archive.start_run(db, "travinh-replica", "scheduled")
    db.execute("UPDATE crawl_runs SET started_at = '2025-06-10T20:00:00+00:00', status = 'ok' WHERE id = ?", [run])
    db.conn.commit()
    text = '[portals.travinh-replica]\ncron = "0 3 * * *"\n[portals.nukeviet-replica]\ncron = "0 3 * * *"'
    sched, clock, launched, log = fake_scheduler(tmp_path, text, {"travinh-replica": 60, "nukeviet-replica": 60})
    run_for(sched, clock, 3600)
    # four daily slots were missed while down: one run now, nothing more until tomorrow 03:00;
    # nukeviet never ran, so it has nothing to catch up
    assert launched == [("08:00:00", "travinh-replica")]
    assert any("missed its slot at 2025-06-14T03:00:00+07:00" in m for m in log)
    assert sched.next_due["travinh-replica"].isoformat() == "2025-06-15T03:00:00+07:00"


def test_late_loop_runs_once_not_a_burst(tmp_path):
    sched, clock, launched, log = fake_scheduler(tmp_path, '[portals.travinh-replica]\ncron = "*/10 * * * * *"',
                                                 {"travinh-replica": 1})
    clock.sleep(95)  # the host was suspended: nine slots passed
    sched.step()
    clock.sleep(1)
    sched.step()
    assert launched == [("08:01:35", "travinh-replica")]
    assert sched.next_due["travinh-replica"].strftime("%H:%M:%S") == "08:01:40"


def test_sigterm_grace_then_interrupt(tmp_path):
    sched, clock, launched, log = fake_scheduler(
        tmp_path, TWO, {"travinh-replica": 100, "nukeviet-replica": 5}, grace_period=30, kill_after=10)
    run_for(sched, clock, 16)
    assert [s for _, s in launched] == ["travinh-replica", "nukeviet-replica"]
    sched.request_stop(signal.SIGTERM)
    run_for(sched, clock, 120)
    assert sched.done
    assert len(launched) == 2  # nothing launched after SIGTERM
    assert any(m.startswith("SIGTERM: no new crawls; waiting up to 30 s for 2 running crawl(s)") for m in log)
    over = [m for m in log if "grace period over" in m]
    assert len(over) == 1
    assert over[0].startswith("travinh-replica: grace period over, sending SIGTERM")
    assert not any("ignored SIGTERM" in m for m in log)


def test_crawl_command_of_an_entry(tmp_path):
    s = load_schedule(write(tmp_path, EXAMPLE), SLUGS)
    cmd = crawl_command(s.entry("travinh-replica"), tmp_path / "a.db")
    assert cmd[1:] == ["crawl", "travinh-replica", "--db", str(tmp_path / "a.db"), "--trigger", "scheduled",
                       "--delay", "2.0", "--max-pages", "500", "--full-every", "30d"]
