"""The one root of every error a user can cause, and the exit code of each kind.

Library code raises a subclass with a one-line message fit for a user; the CLI's entry point catches
``PortalArchiveError`` once, prints the message and exits with ``exit_code``. Anything else is a bug.
"""
from __future__ import annotations


class PortalArchiveError(Exception):
    """Bad input or a state the user can fix (one-line message). Exit code 1 unless a kind says otherwise."""

    exit_code = 1


class UsageError(PortalArchiveError):
    """A command was given arguments that cannot work together (exit code 2, as click's usage errors)."""

    exit_code = 2


class Busy(PortalArchiveError):
    """Someone else holds what this needs (a portal's lock): try again later (EX_TEMPFAIL, 75)."""

    exit_code = 75


class CrawlFailed(PortalArchiveError):
    """A crawl ran and failed as a whole (the archive refused writes): exit code of a failed crawl (69)."""

    exit_code = 69


# --- exit codes of a crawl, by outcome ------------------------------------------------------------------------
# `portal-archive crawl` (and the scheduler's child crawls, as their run rows record them) exits with one of these;
# several portals in one crawl: the worst outcome, in the order of OUTCOMES. Documented in `crawl --help` and
# the README (Operations). cron, systemd and shell scripts can tell them apart without reading the archive.
EXIT_CODES = {
    "ok": 0,            # every portal crawled; errors, if any, at most max_error_rate of the pages fetched
    "partial": 3,       # crawled, but errors on more than max_error_rate of the pages fetched
    "refused": 75,      # not started: the portal is being crawled by another live process (EX_TEMPFAIL)
    "failed": 69,       # nothing fetched or stored (site, DNS or robots.txt unreachable) or a fatal error such as
                        # a full disk (EX_UNAVAILABLE); what was archived before is intact
    "interrupted": 130,  # stopped by SIGINT or SIGTERM (Ctrl-C, the scheduler's grace period); resumes next run
}
OUTCOMES = ("interrupted", "failed", "refused", "partial", "ok")  # worst first
DEFAULT_MAX_ERROR_RATE = 0.2  # the health check's default threshold (portal_archive.ops.schedule.HEALTH_DEFAULTS)


def crawl_outcome(status: str, pages: int | None, errors: int | None,
                  max_error_rate: float = DEFAULT_MAX_ERROR_RATE) -> str:
    """The outcome (a key of ``EXIT_CODES``) of a run recorded with ``status`` (crawl_runs.status), pages
    fetched and errors: a ``partial`` run whose errors stay within ``max_error_rate`` of its pages is ``ok``."""
    if status in ("interrupted", "running"):
        return "interrupted"
    if status == "failed":
        return "failed"
    if errors and errors / max(pages or 0, 1) > max_error_rate:
        return "partial"
    return "ok"


def worst(outcomes) -> str:
    """The worst of several outcomes (``ok`` for none)."""
    return min(outcomes, key=OUTCOMES.index, default="ok")


def outcome_of_exit(code: int | None) -> str:
    """The outcome a crawl process's exit status stands for (a signal's negative status: interrupted)."""
    if code is not None and code < 0:
        return "interrupted"
    for name, value in EXIT_CODES.items():
        if value == code:
            return name
    return "failed"
