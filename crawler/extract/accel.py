"""The optional C walks (``_cwalk``, compiled from ``_cwalk.pyx`` at install when a C compiler is there).

``cwalk`` is the module, or None: then each caller runs its Python code, which gives the same results
(``tests/test_cwalk.py`` compares both on edge cases, random trees and texts, the corpus and replica pages).
It is None when the module was not built, was built against another lxml version than the one imported (its
walks read lxml's C structures), or ``PORTAL_ARCHIVE_PURE_PYTHON=1`` is set.
"""
from __future__ import annotations

import os
from contextlib import contextmanager

from lxml import etree


def _load():
    if os.environ.get("PORTAL_ARCHIVE_PURE_PYTHON", "").strip() not in ("", "0"):
        return None
    try:
        from crawler.extract import _cwalk
    except ImportError:
        return None
    if _cwalk.LXML_BUILT_FOR != etree.__version__:
        return None
    return _cwalk


cwalk = _load()


@contextmanager
def disabled():
    """Run extraction's Python reference code inside the block (``cwalk`` None), e.g. to compare or time it."""
    global cwalk
    saved, cwalk = cwalk, None
    try:
        yield
    finally:
        cwalk = saved
