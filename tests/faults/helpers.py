"""Shared helpers of the fault suite: a small replica with a fault plan, real crawls, the archive's rows."""
from __future__ import annotations

import subprocess
import sys

from tests.conftest import ROOT
from tests.conftest import rows as conftest_rows

FAST = ("PORTAL_IGNORE_PROFILE_POLITENESS=1", "DOWNLOAD_DELAY=0", "CONCURRENT_REQUESTS_PER_DOMAIN=16",
        "AUTOTHROTTLE_ENABLED=0", "DOWNLOAD_TIMEOUT=2", "RETRY_AFTER_MAX=2", "LOG_LEVEL=INFO")


def crawl(db, base, portal="danvan-replica", *settings, timeout=240):
    """``scrapy crawl portal`` in a subprocess (``-s`` settings allowed); returns the CompletedProcess."""
    args = [sys.executable, "-m", "scrapy", "crawl", "portal", "-a", f"portal={portal}", "-a", f"base_url={base}",
            "-s", f"ARCHIVE_DB={db}"]
    given = {s.split("=", 1)[0] for s in settings}
    for s in (*(f for f in FAST if f.split("=", 1)[0] not in given), *settings):
        if not s.endswith("="):  # "KEY=" drops a default of FAST
            args += ["-s", s]
    return subprocess.run(args, cwd=ROOT, capture_output=True, text=True, timeout=timeout)


def rows(db, sql, *params):
    return conftest_rows(db, sql, params)


def path_of(url: str) -> str:
    return "/" + url.split("/", 3)[3] if url.count("/") >= 3 else "/"
