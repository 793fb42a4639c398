"""The reading room: what the ``articles`` and ``portals`` row pages show beyond the row (templates/row.html).

An article reads as an article: headline, portal, date (Vietnamese style and ISO), byline and credited people,
the body as paragraphs with each image at its place, then provenance (URLs, WARC record, replay link) and
revisions. A portal shows its visitor-counter history as an inline SVG chart (no script, no network).

Where an image goes: after the paragraph it followed on the page (``images.after_paragraph``, recorded by
extraction). An image archived before that was recorded has only its order (``images.position``), so such
images are spread in order over the text: the first after the first paragraph (the lead, where portals put
their main photo), the others at even intervals after it; a text without paragraphs gets them all after the
headline. A caption's trailing photo credit ("(Ảnh: Tấn Lập)", "Ảnh: TTXVN") is shown apart as the
credit.
"""
from __future__ import annotations

import json
import re
from datetime import date, datetime
from urllib.parse import quote

import sqlite_utils
from markupsafe import Markup, escape

from portal_archive import archive

WEEKDAYS = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật")
# {timestamp}: fetched_at as 14 digits (UTC); {url}: the article URL. `portal-archive replay` serves this.
REPLAY_URL = "http://127.0.0.1:8090/archive/{timestamp}/{url}"
_CREDIT = re.compile(r"(?:^|\s*[.\-–—|]\s*|\s*[(\[]\s*)"
                     r"((?:ảnh|ảnh minh họa|ảnh minh hoạ|ảnh tư liệu|nguồn ảnh|photo)\s*[:：][^()\[\]]{1,80})"
                     r"[)\]]?\s*\.?\s*$", re.I)


def paragraphs(body_text: str | None) -> list[str]:
    """The paragraphs of a stored body (separated by blank lines), each with its line breaks kept."""
    return [p.strip() for p in re.split(r"\n\s*\n", body_text or "") if p.strip()]


def split_credit(caption: str | None) -> tuple[str | None, str | None]:
    """``(caption, credit)``: a trailing "Ảnh: …" / "(Ảnh: …)" taken off the caption as its credit."""
    if not caption:
        return None, None
    m = _CREDIT.search(caption)
    if not m:
        return caption, None
    return caption[:m.start()].rstrip(" -–—,.") or None, m.group(1).strip()


def image_slots(n_paragraphs: int, n_images: int) -> list[int]:
    """For each image in order, how many paragraphs precede it (see the module docstring)."""
    if n_paragraphs == 0:
        return [0] * n_images
    return [min(n_paragraphs, 1 + k * (n_paragraphs - 1) // n_images) for k in range(n_images)]


def vn_datetime(value: str | None) -> str | None:
    """"Thứ Sáu, 14/06/2024, 08:15 (GMT+7)" for an ISO time in Vietnam time; "Chủ nhật, 31/12/2023" for a date;
    the value itself when it is neither."""
    if not value:
        return None
    try:
        if len(value) == 10:
            d = date.fromisoformat(value)
            return f"{WEEKDAYS[d.weekday()]}, {d:%d/%m/%Y}"
        t = datetime.fromisoformat(value)
    except ValueError:
        return value
    offset = t.utcoffset()
    zone = "" if offset is None else " (GMT+7)" if offset.total_seconds() == 7 * 3600 else f" ({t:%z})"
    return f"{WEEKDAYS[t.weekday()]}, {t:%d/%m/%Y}, {t:%H:%M}{zone}"


def replay_link(template: str | None, fetched_at: str | None, url: str | None) -> str | None:
    """The replayed capture of ``url`` fetched at ``fetched_at`` (``template``'s {timestamp} and {url}); None when
    either is unknown or no replay is configured."""
    if not template or not fetched_at or not url:
        return None
    digits = re.sub(r"\D", "", fetched_at[:19])
    return template.format(timestamp=digits, url=url) if len(digits) == 14 else None


def byline_html(byline: str | None, authors: list[str], href: str = "../article_authors?author=") -> Markup | None:
    """The byline as printed, each person it names linked to their articles (``href`` + the name)."""
    if not byline:
        return None
    html, rest = Markup(""), byline
    for name in sorted(authors, key=len, reverse=True):
        if name in rest:
            before, rest_after = rest.split(name, 1)
            html += escape(before) + Markup('<a class="pa-person" href="{}">{}</a>').format(href + quote(name), name)
            rest = rest_after
    return html + escape(rest)


def citation(a: dict) -> str:
    """A reference to the archived copy: headline, portal, publication date, URL, when it was archived."""
    parts = [f"“{a['title']}”" if a.get("title") else "(no headline)", a.get("portal_name") or a.get("portal")]
    if a.get("published_at"):
        parts.append(a["published_at"][:10])
    parts.append(a["url"])
    if a.get("fetched_at"):
        parts.append(f"Archived {a['fetched_at'][:10]}")
    return ". ".join(p for p in parts if p) + "."


async def article_vars(db, article_id, replay_url: str | None = REPLAY_URL) -> dict:
    """Everything the article reading page shows, from the database ``db`` (a Datasette ``Database``)."""
    page = await db.execute_fn(lambda conn: archive.article_page(sqlite_utils.Database(conn), article_id))
    if page is None:
        return {}
    a, images = page["article"], page["images"]
    for im in images:
        im["caption_text"], im["credit"] = split_credit(im["caption"])
        im["captured"] = im["capture_status"] == "ok"
    paras = paragraphs(a["body_text"])
    body = [{"text": p, "images": []} for p in paras]
    before = []  # images shown before any paragraph (a text without paragraphs)
    for im, slot in zip(images, image_slots(len(paras), len(images))):
        if im["after_paragraph"] is not None:  # where the page had it
            slot = min(im["after_paragraph"], len(paras))
        (body[slot - 1]["images"] if slot else before).append(im)
    try:
        authors = [a for a in json.loads(a["authors"] or "[]") if isinstance(a, str)]
    except (TypeError, ValueError):
        authors = []
    return {"pa_article": {
        **a, "published_vn": vn_datetime(a["published_at"]), "paragraphs": body, "images_before": before,
        "images": images, "byline_html": byline_html(a["byline"], authors), "urls": page["urls"],
        "versions": page["versions"], "story": page["story"], "citation": citation(a),
        "replay": replay_link(replay_url, a["fetched_at"], a["url"]) if a.get("warc_record_id") else None,
    }}


# --- the visitor-counter chart --------------------------------------------------------------------------

W, H = 760, 310  # SVG size; the plot areas below leave room for labels
LEFT, RIGHT, TOP, MID, BOTTOM = 78, 16, 30, 190, 278
PAD = 16  # between the axis and the first and last day


def _n(value) -> str:
    return f"{value:,}".replace(",", ".") if isinstance(value, int) else "–"


async def portal_vars(db, slug: str) -> dict:
    """The portal page's counter history: ``pa_counter`` with the daily rows and the chart."""
    rows, readings = await db.execute_fn(lambda conn: archive.counter_history(sqlite_utils.Database(conn), slug))
    return {"pa_counter": {"slug": slug, "days": rows, "readings": readings,
                           "chart": counter_chart(rows) if rows else None}}


def counter_chart(days: list[dict]) -> Markup:
    """An inline SVG of a counter's daily totals (line and points, one per day) over its daily changes (bars),
    resets marked by a red line. ``days``: ``counter_daily`` rows in day order."""
    first, last = date.fromisoformat(days[0]["day"]), date.fromisoformat(days[-1]["day"])
    span = max(1, (last - first).days)

    def x(day: str) -> float:
        offset = (date.fromisoformat(day) - first).days
        return LEFT + PAD + (W - LEFT - RIGHT - 2 * PAD) * (offset / span if len(days) > 1 else 0.5)

    totals = [d["total"] for d in days]
    lo, hi = min(totals), max(totals)

    def y(total: int) -> float:
        return (MID + TOP) / 2 if lo == hi else MID - 12 - (MID - 12 - TOP) * (total - lo) / (hi - lo)

    # a delta below zero is a reset (the counter started again): marked, not drawn as a change
    deltas = {d["day"]: d["total_delta"] for d in days if d["total_delta"] is not None and not d["reset"]}
    top_delta = max([*deltas.values(), 1])
    base, bar_h = BOTTOM - 8, BOTTOM - 8 - (MID + 20)
    bar_w = max(2.0, min(24.0, (W - LEFT - RIGHT) / (span + 1) * 0.7))
    parts = [f'<svg class="pa-chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {W} {H}" width="100%" '
             f'role="img" aria-label="Visitor counter: total per day and daily change">',
             f'<text x="{LEFT}" y="16" class="pa-axis-label">Total visits (last reading of the day)</text>',
             f'<text x="{LEFT}" y="{MID + 8}" class="pa-axis-label">Change since the previous reading day</text>']
    for value in sorted({lo, hi}):
        parts.append(f'<text x="{LEFT - 6}" y="{y(value) + 4:.1f}" class="pa-tick" text-anchor="end">'
                     f'{_n(value)}</text>')
        parts.append(f'<line x1="{LEFT}" x2="{W - RIGHT}" y1="{y(value):.1f}" y2="{y(value):.1f}" class="pa-grid"/>')
    for d in days:
        if d["reset"]:
            parts.append(f'<line class="pa-reset" x1="{x(d["day"]):.1f}" x2="{x(d["day"]):.1f}" y1="{TOP}" '
                         f'y2="{BOTTOM}"><title>{escape(d["day"])}: counter reset</title></line>')
            parts.append(f'<text class="pa-reset-label" x="{x(d["day"]) + 3:.1f}" y="{TOP + 10}">reset</text>')
    segments = [[]]  # the line breaks at each reset
    for d in days:
        if d["reset"]:
            segments.append([])
        segments[-1].append(f"{x(d['day']):.1f},{y(d['total']):.1f}")
    parts += [f'<polyline class="pa-line" points="{" ".join(s)}"/>' for s in segments if len(s) > 1]
    for d in days:
        tip = f"{d['day']}: {_n(d['total'])} total, {_n(d['total_delta'])} since the previous day"
        parts.append(f'<circle class="pa-point" cx="{x(d["day"]):.1f}" cy="{y(d["total"]):.1f}" r="3.5">'
                     f'<title>{escape(tip)}</title></circle>')
    parts.append(f'<line x1="{LEFT}" x2="{W - RIGHT}" y1="{base}" y2="{base}" class="pa-axis"/>')
    parts.append(f'<text x="{LEFT - 6}" y="{base + 4}" class="pa-tick" text-anchor="end">0</text>')
    parts.append(f'<text x="{LEFT - 6}" y="{base - bar_h + 4:.1f}" class="pa-tick" text-anchor="end">'
                 f'+{_n(top_delta)}</text>')
    for day, delta in deltas.items():
        h = max(0.5, bar_h * delta / top_delta)
        parts.append(f'<rect class="pa-bar" x="{x(day) - bar_w / 2:.1f}" y="{base - h:.1f}" width="{bar_w:.1f}" '
                     f'height="{h:.1f}"><title>{escape(day)}: +{_n(delta)}</title></rect>')
    step = max(1, -(-len(days) // 8))  # at most 8 dates under the axis, the last always
    for i, d in enumerate(days):
        if i % step == 0 or i == len(days) - 1:
            label = d["day"][5:] if i and d["day"][:4] == days[i - 1]["day"][:4] else d["day"]
            parts.append(f'<text x="{x(d["day"]):.1f}" y="{H - 6}" class="pa-tick" text-anchor="middle">'
                         f'{escape(label)}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))
