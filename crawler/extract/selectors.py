"""Selector expressions kept as data, and the one cascade function that walks them.

An expression is XPath when it starts with ``/``, ``./``, ``(`` or ``xpath:``; otherwise CSS
(``css:`` prefix optional). Expressions are compiled once and cached.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Callable, Iterable, TypeVar

from lxml import etree
from lxml.cssselect import CSSSelector

T = TypeVar("T")


@lru_cache(maxsize=4096)
def compile_expr(expr: str) -> Callable:
    """Compile a selector expression to a callable ``f(element) -> list``."""
    e = expr.strip()
    if e.startswith("xpath:"):
        return etree.XPath(e[6:].strip())
    if e.startswith(("/", "./", "(")):
        return etree.XPath(e)
    if e.startswith("css:"):
        e = e[4:].strip()
    return CSSSelector(e, translator="html")


def select(root, expr: str) -> list:
    """All matches of one expression under ``root``."""
    return compile_expr(expr)(root)


def cascade(root, exprs: Iterable[str], accept: Callable[[list], T | None]) -> tuple[T | None, str | None]:
    """Try ``exprs`` in order; return ``(accept(matches), expr)`` for the first accepted result.

    ``accept`` turns the matches of one expression into a value, or None to try the next one.
    Returns ``(None, None)`` when no expression yields a value.
    """
    for expr in exprs:
        matches = select(root, expr)
        if not matches:
            continue
        value = accept(matches)
        if value is not None and value != "":
            return value, expr
    return None, None
