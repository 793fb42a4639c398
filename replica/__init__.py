"""Offline, deterministic replicas of Vietnamese government news portals, served on 127.0.0.1.

Three CMS families: ``travinh-replica`` (ASP.NET numeric paths), ``nukeviet-replica`` (NukeViet district
site) and ``danvan-replica`` (Liferay department portal). ``replica.site.build_site`` builds a portal and
its ground truth; ``replica.server.start`` serves them; ``python -m replica`` serves in the foreground.
"""
from __future__ import annotations

PORTALS = ("travinh-replica", "nukeviet-replica", "danvan-replica")
DEFAULT_PORTS = {"travinh-replica": 8701, "nukeviet-replica": 8702, "danvan-replica": 8703}

__all__ = ["PORTALS", "DEFAULT_PORTS"]
