"""The three portal families served by the replica, by slug."""
from __future__ import annotations

from .danvan import DanVan
from .nukeviet import NukeViet
from .travinh import TraVinh

FAMILIES = {cls.slug: cls for cls in (TraVinh, NukeViet, DanVan)}

__all__ = ["FAMILIES", "TraVinh", "NukeViet", "DanVan"]
