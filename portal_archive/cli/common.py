"""What every `portal-archive` command shares: the --db option."""
from __future__ import annotations

from pathlib import Path

import click

from portal_archive.archive import DEFAULT_DB

DB_OPTION = click.option("--db", "db_path", type=click.Path(path_type=Path),
                         default=DEFAULT_DB, show_default=True, help="SQLite archive file.")
