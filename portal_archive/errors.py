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
