"""What every `portal-archive` command shares: the --db option, and archived text made safe to print.

Archived text comes from web pages and shards nobody here controls: every command that prints it passes it
through ``printable`` (text) or ``json_text`` (JSON), so an escape sequence in a title cannot clear the screen,
set the window title or reorder a line of the terminal it is printed on.
"""
from __future__ import annotations

import json
from pathlib import Path

import click

from crawler.extract.text import UNPRINTABLE
from portal_archive.archive import DEFAULT_DB

DB_OPTION = click.option("--db", "db_path", type=click.Path(path_type=Path),
                         default=DEFAULT_DB, show_default=True, help="SQLite archive file.")


def _escape(match) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(value) -> str:
    """``value`` as text (None: "") with each control character a terminal would act on (``UNPRINTABLE``:
    C0 but tab and line feed, DEL, C1, bidi overrides) shown as an escape: ESC as ``\\x1b``, U+202E as
    ``\\u202e``."""
    text = "" if value is None else str(value)
    return UNPRINTABLE.sub(_escape, text) if UNPRINTABLE.search(text) else text


def json_text(obj, **kwargs) -> str:
    """``json.dumps(obj, ensure_ascii=False, **kwargs)`` with the ``UNPRINTABLE`` characters written as ``\\uXXXX``:
    the same JSON value, nothing a terminal acts on (json escapes C0 itself, but neither C1 nor bidi controls)."""
    text = json.dumps(obj, ensure_ascii=False, **kwargs)
    return UNPRINTABLE.sub(lambda m: f"\\u{ord(m.group()):04x}", text) if UNPRINTABLE.search(text) else text
