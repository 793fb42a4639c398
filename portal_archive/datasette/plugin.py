"""Datasette plugin for the archive: SQL functions for accent-free search and cell rendering.

SQL functions (on every Datasette connection, used by the canned queries in ``metadata.yml``):
``pa_search(q, portal)`` runs ``archive.search`` (ranked ids, exact flags and snippets as JSON);
``pa_fold(text)`` folds accents and đ; ``pa_match(q)`` / ``pa_match_exact(q)`` turn a user query into the
FTS5 expression over the folded / as-typed columns of ``articles_fts`` (a malformed query yields an
expression that matches nothing, and ``pa_query_error(q)`` says why); ``pa_snippet(q, text, ...)`` is the
original text around the hits of the first text that has any, hits wrapped in ⟦ ⟧.

Routes: ``/-/archive/image/<images.id>`` answers the captured bytes of an image (from the WARC, with the content
type recorded at capture), 404 when it was not captured: pages need no hot-link to the portal.

Rendering: image ``src`` cells become thumbnails (the capture when there is one) linked to the image with the
caption beneath; ``url`` and ``src`` cells are links; ⟦ ⟧ in ``snippet`` cells become <mark>; article titles and
ids in the canned search (and ``article_id`` in any query) link to the article's reading page; with a table
search (``_search``) an article's ``body_text`` cell shows the text around the hits, highlighted. Only http(s)
URLs become links or images: a ``javascript:`` or ``data:`` value from a hostile page stays plain (escaped) text.

Pages (``templates/``): the ``articles`` and ``portals`` row pages get their reading view and counter chart
from ``reading.py`` (``extra_template_vars``); table pages fold their column descriptions. The replay link
of an article is ``plugins: portal_archive: replay_url`` in the metadata ({timestamp}, {url}; empty for none).
"""
from __future__ import annotations

import contextvars
import json
from urllib.parse import parse_qs

import sqlite_utils
from datasette import hookimpl
from datasette.utils import urlsafe_components
from markupsafe import Markup, escape

from portal_archive import archive
from portal_archive.archive.db import ArchiveError
from portal_archive.datasette import reading
from portal_archive.search.query import SearchError, parse_query, snippet

NOTHING = "{title_folded} : \"đđđ\""  # folded text never holds đ: an expression matching nothing
MARKS = ("⟦", "⟧")


def _parse(q):
    try:
        return parse_query(q) if q and q.strip() else None
    except SearchError:
        return None


def pa_match(q):
    parsed = _parse(q)
    return parsed.folded if parsed else NOTHING


def pa_match_exact(q):
    """The as-typed expression; one matching nothing when the query has no accents (nothing to prefer)."""
    parsed = _parse(q)
    return parsed.exact if parsed and parsed.exact else NOTHING


def pa_query_error(q):
    if not q or not q.strip():
        return None
    try:
        parse_query(q)
    except SearchError as exc:
        return str(exc)
    return None


def pa_snippet(q, *texts):
    parsed = _parse(q)
    if not parsed:
        return None
    for text in texts:
        found = snippet(text, parsed.highlight, *MARKS)
        if found:
            return found
    return None


SEARCH_LIMIT = 200  # rows of the canned search: a page of results, not the whole match set


def pa_search_function(conn):
    """``pa_search(q, portal)`` on ``conn``: the results of ``archive.search`` (the CLI's ranking and its
    bounded cost on big archives) as a JSON array of ``[id, exact, snippet]``, best first; ``[]`` for an
    empty or malformed query or an unknown portal."""
    db = sqlite_utils.Database(conn, recursive_triggers=False)

    def pa_search(q, portal=None):
        if not _parse(q):
            return "[]"
        try:
            results = archive.search(db, q, portal=portal or None, limit=SEARCH_LIMIT, highlight=MARKS)
        except SearchError:
            return "[]"
        return json.dumps([[r["id"], r["exact"], r["snippet"]] for r in results], ensure_ascii=False)
    return pa_search


@hookimpl
def prepare_connection(conn):
    archive.register_search_functions(conn)
    conn.create_function("pa_search", 2, pa_search_function(conn))
    conn.create_function("pa_match", 1, pa_match, deterministic=True)
    conn.create_function("pa_match_exact", 1, pa_match_exact, deterministic=True)
    conn.create_function("pa_query_error", 1, pa_query_error, deterministic=True)
    conn.create_function("pa_snippet", -1, pa_snippet, deterministic=True)


def _is_web_url(value: str) -> bool:
    """True for an http(s) URL (the only ones rendered as links or images)."""
    return value[:8].lower().startswith(("http://", "https://"))


def _archive_database(datasette):
    """The archive Datasette serves: its first database kept in a file."""
    for db in datasette.databases.values():
        if db.path and not db.is_memory and db.name != "_internal":
            return db
    return None


async def archive_image(request, datasette):
    """The captured bytes of image row ``image_id``, read from its WARC record; 404 when it has no capture."""
    from datasette.utils.asgi import Response

    image_id, db = int(request.url_vars["image_id"]), _archive_database(datasette)
    if db is None:
        return Response.text("no archive", status=404)
    warc_dir = archive.warc_dir(db.path)

    def read(conn):
        return archive.image_capture(sqlite_utils.Database(conn), image_id, warc_dir)

    try:
        found = await db.execute_fn(read)
    except ArchiveError as exc:  # the WARC file is gone or the row points outside the WARC folder
        return Response.text(f"image {image_id}: {exc}", status=404)
    if found is None:
        return Response.text(f"image {image_id} was not captured", status=404)
    content_type, body = found
    return Response(body, content_type=content_type,
                    headers={"Cache-Control": "public, max-age=86400", "X-Content-Type-Options": "nosniff"})


@hookimpl
def register_routes():
    return [(r"^/-/archive/image/(?P<image_id>[0-9]{1,18})$", archive_image)]


def _link(url: str, text: str | None = None) -> Markup:
    return Markup('<a href="{}" target="_blank" rel="noopener noreferrer">{}</a>').format(url, text or url)


# the request's table search (``_search``), for render_cell, which Datasette 0.65 does not give the request
_TABLE_SEARCH: contextvars.ContextVar[str | None] = contextvars.ContextVar("pa_table_search", default=None)


@hookimpl
def asgi_wrapper(datasette):
    def wrap(app):
        async def with_search(scope, receive, send):
            query = scope.get("query_string", b"").decode("ascii", "replace") if scope.get("type") == "http" else ""
            token = _TABLE_SEARCH.set((parse_qs(query).get("_search") or [None])[0])
            try:
                await app(scope, receive, send)
            finally:
                _TABLE_SEARCH.reset(token)
        return with_search
    return wrap


@hookimpl
def extra_template_vars(view_name, table, database, request, datasette):
    if view_name != "row" or table not in ("articles", "portals") or request is None:
        return {}
    key = urlsafe_components(request.url_vars["pks"])[0]

    async def inner():
        db = datasette.get_database(database)
        if table == "portals":
            return await reading.portal_vars(db, key)
        config = datasette.plugin_config("portal_archive") or {}
        return await reading.article_vars(db, key, config.get("replay_url", reading.REPLAY_URL))
    return inner


def _article_link(datasette, database, article_id, text) -> Markup:
    return Markup('<a href="{}">{}</a>').format(datasette.urls.row(database, "articles", article_id), text)


@hookimpl
def render_cell(row, value, column, table, database, datasette):
    keys = row.keys() if hasattr(row, "keys") else ()
    search_result = table is None and "snippet" in keys and "id" in keys
    if search_result and column == "exact" and value is not None:
        return Markup('<span title="1: the text has the accents as typed; 0: it matches once accents are ignored">'
                      '{}</span>').format("accents as typed" if value else "accents ignored")
    if value is None or value == "":
        return None
    if table == "portals" and column == "logo_image_id":  # the portal's logo, as captured
        return Markup('<img src="/-/archive/image/{}" alt="logo" style="max-height:60px">').format(int(value))
    if table in (None, "article_authors") and (column == "article_id" or search_result and column == "id"):
        return _article_link(datasette, database, value, value)
    if not isinstance(value, str):
        return None
    if column == "title" and (table == "articles" or search_result and row["id"] is not None):
        return _article_link(datasette, database, row["id"], value)
    if column == "title" and table == "article_authors":
        return _article_link(datasette, database, row["article_id"], value)
    if column == "body_text" and table == "articles" and _TABLE_SEARCH.get():
        found = pa_snippet(_TABLE_SEARCH.get(), value)
        if found:
            return Markup(str(escape(found)).replace(MARKS[0], "<mark>").replace(MARKS[1], "</mark>"))
    if column == "src" and table in ("images", "images_gallery") and _is_web_url(value):
        caption = row["caption"] if "caption" in row.keys() else None
        captured = "capture_status" in row.keys() and row["capture_status"] == "ok"
        if captured:  # shown from the archive; an image not captured is never loaded from the portal
            shown = Markup('<img src="/-/archive/image/{}" alt="{}" loading="lazy" '
                           'style="max-width:180px;max-height:135px">').format(row["id"], caption or "")
        else:
            shown = Markup('<span class="pa-not-captured">not in the archive{}</span>').format(
                f" ({row['capture_status']})" if "capture_status" in row.keys() and row["capture_status"] else "")
        figure = Markup('<figure style="margin:0">{}').format(_link(value, shown))
        if caption:
            figure += Markup('<figcaption style="font-size:0.85em;max-width:220px">{}</figcaption>'
                             ).format(caption)
        return figure + Markup("</figure>")
    if column in ("url", "src", "page_url", "redirected_to") and _is_web_url(value):
        return _link(value)
    if column == "snippet" and MARKS[0] in value:
        html = str(escape(value)).replace(MARKS[0], "<mark>").replace(MARKS[1], "</mark>")
        return Markup(html)
    return None
