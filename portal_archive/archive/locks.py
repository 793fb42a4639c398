"""One crawl per portal at a time: a lock file per portal that survives a crashed run.

The lock is ``<locks dir>/<slug>.lock`` (the archive's ``locks/``, ``paths.locks_dir``: ``data/locks/``),
created atomically (``O_CREAT | O_EXCL``) by the process that crawls, holding JSON
``{"pid", "host", "portal", "since"}``. The crawl process removes it when it ends. A crawl that was
killed (SIGKILL, power cut) leaves its lock behind; the next process that wants the lock finds that the
pid is dead on this host, logs it and clears it ("stale"). A lock held from another host is never
cleared automatically (its pid cannot be checked from here): remove the file by hand.
"""
from __future__ import annotations

import json
import os
import socket
import time
from dataclasses import dataclass
from pathlib import Path

from portal_archive.errors import Busy


class LockHeld(Busy):
    """The portal is being crawled by another live process (message is one line; exit code 75: try later)."""


@dataclass
class Holder:
    pid: int | None
    host: str | None
    since: str | None
    path: Path

    @property
    def local(self) -> bool:
        return self.host == socket.gethostname()

    @property
    def stale(self) -> bool:
        """True when the holder certainly no longer runs (same host, pid dead, or an unreadable file)."""
        if self.pid is None:
            return True
        return self.local and not pid_alive(self.pid)

    def describe(self) -> str:
        return f"pid {self.pid} on {self.host} since {self.since}"


def pid_alive(pid: int | None) -> bool:
    if not pid:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:  # a zombie (exited child not yet reaped) holds nothing
        with open(f"/proc/{pid}/stat", "rb") as fh:
            return fh.read().rsplit(b")", 1)[-1].split()[0] != b"Z"
    except OSError:
        return True


def process_gone(pid: int | None, host: str | None) -> bool:
    """True when the process ``pid`` on ``host`` certainly no longer runs (this host only: another host's
    processes cannot be checked from here). What `runs` and `health` say of a ``running`` run that died."""
    return host == socket.gethostname() and not pid_alive(pid)


def lock_path(directory: str | Path, slug: str) -> Path:
    return Path(directory) / f"{slug}.lock"


def holder(path: Path) -> Holder | None:
    """Who holds the lock at ``path`` (None: nobody)."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except OSError:
        return Holder(None, None, None, path)
    try:
        data = json.loads(text)
        return Holder(int(data["pid"]), data.get("host"), data.get("since"), path)
    except (ValueError, KeyError, TypeError):
        # half-written by a process killed between create and write: stale once it is a few seconds old
        try:
            young = time.time() - path.stat().st_mtime < 5
        except OSError:
            return None
        return Holder(-1 if young else None, socket.gethostname(), None, path)


def clear_if_stale(path: Path) -> Holder | None:
    """Remove the lock at ``path`` when its holder is dead; return that holder (None if not stale)."""
    h = holder(path)
    if h is None or not h.stale:
        return None
    try:
        path.unlink()
    except FileNotFoundError:
        pass
    return h


def acquire(directory: str | Path, slug: str, logger=None, pid: int | None = None) -> Path:
    """Take the lock of ``slug`` for this process (or ``pid``); clear a stale one first.

    Raises LockHeld when a live process holds it."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    path = lock_path(directory, slug)
    for _ in range(3):
        try:
            fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
        except FileExistsError:
            stale = clear_if_stale(path)
            if stale is None:
                h = holder(path)
                if h is None:
                    continue  # released meanwhile
                raise LockHeld(f"portal {slug} is being crawled already ({h.describe()}; lock {path})")
            if logger:
                logger.warning("cleared stale lock of %s: %s is dead (%s)", slug, stale.describe(), path)
            continue
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump({"pid": pid or os.getpid(), "host": socket.gethostname(), "portal": slug,
                       "since": time.strftime("%Y-%m-%dT%H:%M:%S%z")}, fh)
        return path
    raise LockHeld(f"cannot take the lock of portal {slug} ({path}): contended")


def release(path: Path, pid: int | None = None) -> None:
    """Remove the lock at ``path`` if this process (or ``pid``) holds it."""
    h = holder(path)
    if h is not None and h.pid == (pid or os.getpid()):
        try:
            path.unlink()
        except FileNotFoundError:
            pass
