"""Datasette for the archive: the shipped ``metadata.yml`` and the plugin (``plugin.py``).

``make_datasette(path)`` builds the Datasette 0.65 instance that ``portal-archive serve`` runs and the
tests query in-process. The same files work with the plain ``datasette`` command::

    datasette data/archive.db -m portal_archive/datasette/metadata.yml --plugins-dir portal_archive/datasette \
        --template-dir portal_archive/datasette/templates

(the metadata describes a database named ``archive``; ``load_metadata`` renames it to match the file).
"""
from __future__ import annotations

from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
METADATA = HERE / "metadata.yml"
TEMPLATES = HERE / "templates"  # the reading room's pages (Datasette finds no templates of a plugin module)
SETTINGS = {"default_page_size": 50, "sql_time_limit_ms": 5000, "facet_time_limit_ms": 400,
            "truncate_cells_html": 400, "allow_download": True}


def load_metadata(db_name: str = "archive") -> dict:
    """The shipped metadata, with its database section under ``db_name`` (Datasette names a database
    after its file stem, so ``--db my.db`` is ``my``)."""
    metadata = yaml.safe_load(METADATA.read_text(encoding="utf-8"))
    databases = metadata.get("databases", {})
    if db_name != "archive" and "archive" in databases:
        databases[db_name] = databases.pop("archive")
    return metadata


def register_plugin() -> None:
    """Register ``portal_archive.datasette.plugin`` with Datasette's plugin manager (idempotent)."""
    from datasette.plugins import pm

    from portal_archive.datasette import plugin

    if not pm.is_registered(plugin):
        pm.register(plugin, name="portal_archive")


def make_datasette(db_path, **kwargs):
    """A Datasette serving ``db_path`` with the project's metadata, settings and plugin."""
    from datasette.app import Datasette

    register_plugin()
    db_path = Path(db_path)
    kwargs.setdefault("template_dir", str(TEMPLATES))
    return Datasette([str(db_path)], metadata=load_metadata(db_path.stem),
                     settings={**SETTINGS, **kwargs.pop("settings", {})}, **kwargs)
