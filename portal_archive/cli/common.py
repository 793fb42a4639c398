"""What every `portal-archive` command shares: the --db option and one-line errors."""
from __future__ import annotations

import functools
from pathlib import Path

import click

from crawler.profiles import ProfileError
from portal_archive import archive

DB_OPTION = click.option("--db", "db_path", type=click.Path(path_type=Path),
                         default=archive.DEFAULT_DB, show_default=True, help="SQLite archive file.")


class CLIError(click.ClickException):
    """A user-facing error: printed as one line, exit code 1."""


def fail_cleanly(fn):
    """Turn library errors into one-line click errors (no tracebacks for bad input)."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except BrokenPipeError:  # not an error of ours: the reader left (``| head``); run() exits quietly
            raise
        except (ProfileError, archive.ArchiveError, OSError) as exc:
            message = str(exc) if not isinstance(exc, OSError) or not exc.filename else \
                f"{exc.filename}: {exc.strerror}"
            raise CLIError(message) from None
    return wrapper
