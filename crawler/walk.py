"""Which listing pages a crawl fetches: every one (a full sweep) or each section newest-first until it stops
bringing anything new (an incremental run). The stop rule is ``ListingWalk.follow``.

- A listing URL without a page number (``page_number`` None or 1) is the first page of a section: always
  fetched, wherever it is linked (menus, the home page).
- In an incremental run, a listing page with a page number is fetched only as the *next* page of the
  listing page before it (the smallest page number above that page's among its links: "next", not the
  pager's far pages), and only while the walk of that section is not dry: a page is dry when it linked no
  article URL the crawl had not seen (archived before, or linked earlier in this run); the walk goes on for
  ``margin`` dry pages in a row and stops after them.
- A full sweep follows every listing link (up to the profile's ``max_listing_pages``), so articles deep in the archive are re-validated and deletions and edits there found.

A portal whose pagination ``page_number`` cannot read is walked like a full sweep: every listing link is a
first page. ``full_reason`` says why a run is a full sweep.
"""
from __future__ import annotations

import re

# a page number in a listing URL: a query parameter (``page=3``, ``trang=3``, ``_101_INSTANCE_x_cur=3``,
# ``start=40``) or a path segment (``/page-3``, ``/page/3/``, ``/trang-3``); the last one in the URL wins
PAGE_NUMBER = re.compile(
    r"(?i)(?:[?&;](?:[\w.-]*[_-])?(?:page|paged|pg|p|trang|cur|pagenumber|pageindex|currentpage|start|limitstart"
    r"|offset)=|/(?:page|trang|p)[-/_]?)(\d{1,9})(?=$|[&#;/.])")


def page_number(url: str) -> int | None:
    """The page number (or offset) of a listing URL, None when it names none (a section's first page)."""
    found = None
    for found in PAGE_NUMBER.finditer(url):
        pass
    return int(found.group(1)) if found else None


def is_first_page(url: str) -> bool:
    return (page_number(url) or 0) <= 1


class ListingWalk:
    """The listing links a crawl follows from a page (see the module docstring)."""

    def __init__(self, full: bool, margin: int = 1):
        self.full, self.margin = full, margin

    def follow(self, links: list[str], page: str | None = None, dry: int = 0,
               fresh: bool = False) -> list[tuple[str, int]]:
        """``(url, dry)`` for the listing ``links`` of a page to request, ``dry`` to pass on to that request.

        ``page``: the URL of the listing page the links are on (None: another page, e.g. the home page or an
        article); ``dry``: how many dry listing pages in a row led to it; ``fresh``: it linked an article URL
        not seen before."""
        if self.full:
            return [(url, 0) for url in links]
        first_pages = [(url, 0) for url in links if is_first_page(url)]
        if page is None:
            return first_pages
        dry = 0 if fresh else dry + 1
        if dry > self.margin:  # the stop rule: this section brought nothing new for 1 + margin pages
            return first_pages
        here = page_number(page) or 1
        later = [(n, url) for url in links if (n := page_number(url) or 0) > here]
        return first_pages + ([(min(later)[1], dry)] if later else [])


def full_reason(full: bool, refresh: bool, last_full: str | None, full_before: str | None) -> str | None:
    """Why this run is a full sweep, or None for an incremental run. ``full``: asked for; ``refresh``: every
    archived article is re-fetched anyway; ``last_full``: start (ISO) of the portal's latest full sweep that
    ended (None: there was none); ``full_before``: ISO time, a full sweep is due when the last one started
    before it (``full_every``)."""
    if full:
        return "asked"
    if refresh:
        return "refresh"
    if last_full is None:
        return "no full sweep yet"
    if full_before and last_full < full_before:
        return f"last full sweep {last_full}"
    return None
