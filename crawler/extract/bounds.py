"""Bounds on hostile pages, checked before and after parsing (pure: no Scrapy, no I/O).

- ``hostile_markup``: a tag with more than ``MAX_ATTRIBUTES`` attributes. libxml2's HTML parser is quadratic in
  the attributes of one tag (tens of thousands of them cost minutes of CPU), and a crawl parses on its reactor
  thread, so one such page would stall every request of the process. ``extract_article`` refuses to parse it
  (``rules["refused"]``); the spider records a ``hostile_markup`` error.
- ``utf16_encoding``: UTF-16 without a byte-order mark (whatever the page declares: such a page is all NUL bytes
  and garbage read as UTF-8) is recognised by its NUL bytes and decoded (``rules["repaired"] = "utf-16-le"``).
- ``MAX_DEPTH``: libxml2's HTML parser keeps elements nested at most 2,048 deep (``huge_tree`` does not lift it)
  and drops what is deeper; such a page is flagged (``rules["depth_limited"]``), its deeper text is not in the
  archive (the WARC keeps the page).
- ``cap_title``: a title longer than ``MAX_TITLE`` characters is cut there (``rules["title_capped"]`` = its full
  length); the WARC keeps the page.
"""
from __future__ import annotations

import re

MAX_ATTRIBUTES = 2000  # in one tag (real pages stay under a hundred); also the budget of a page's long tags
LONG_TAG = 512  # bytes: tags shorter than this (at most ~170 attributes each) are not looked into
# a tag to its ">" (quoted values may hold ">"; a quote never closed runs to the end, as libxml2 reads it): it
# cannot fail once "<x" matched, so it never backtracks, and no byte is scanned twice
_TAG = re.compile(rb"""<[A-Za-z][^>"']*(?:(?:"[^"]*"?|'[^']*'?)[^>"']*)*>?""")
_ATTR = re.compile(rb"""[^\s=/>"']+(?:\s*=\s*(?:"[^"]*"?|'[^']*'?|[^\s>"']*))?""")


_TOKEN = re.compile(rb"<!--|<([A-Za-z][A-Za-z0-9]*)")
# elements whose content libxml2 reads as raw text, never as tags: "<" in their scripts is no tag
_RAW_END = {b"script": re.compile(rb"</script", re.I), b"style": re.compile(rb"</style", re.I)}


def hostile_markup(body: bytes) -> str | None:
    """Why ``body`` must not be parsed, or None. libxml2's cost grows with the square of the attributes of each
    tag: a page whose tags over ``LONG_TAG`` bytes hold more than ``MAX_ATTRIBUTES``² of it (one tag with more
    than ``MAX_ATTRIBUTES`` attributes, or many tags with fewer) is refused. Comments and the content of
    <script> and <style> are skipped as libxml2 skips them. One pass over the tags, stopping as soon as the
    budget is spent."""
    budget = MAX_ATTRIBUTES * MAX_ATTRIBUTES
    pos = 0
    while True:
        token = _TOKEN.search(body, pos)
        if token is None:
            return None
        if token.group(1) is None:  # a comment, to its end (an unclosed one to the end of the page)
            end = body.find(b"-->", token.end())
            pos = len(body) if end < 0 else end + 3
            continue
        m = _TAG.match(body, token.start())
        pos = m.end()
        raw_end = _RAW_END.get(token.group(1).lower())
        if raw_end is not None:
            close = raw_end.search(body, pos)
            pos = len(body) if close is None else close.start()
        if m.end() - m.start() < LONG_TAG:
            continue
        n = -1  # the first token is the tag name
        for n, _ in enumerate(_ATTR.finditer(body, m.start() + 1, m.end())):
            if n * n > budget:
                break
        budget -= max(n, 0) ** 2
        if budget < 0:
            name = body[m.start() + 1:m.start() + 33].split(None, 1)[0].split(b">")[0].decode("latin-1")
            many = f"more than {MAX_ATTRIBUTES}" if n > MAX_ATTRIBUTES else str(n)
            return (f"a <{name}> tag at byte {m.start()} with {many} attributes (libxml2's parse time grows with "
                    f"their square; at most {MAX_ATTRIBUTES} in one tag or in all long tags together): not parsed")


MAX_DEPTH = 2048  # libxml2's limit for the HTML parser
MAX_TITLE = 1000  # characters; headlines run to a few hundred at most


def utf16_encoding(body: bytes) -> str | None:
    """``"utf-16-le"`` or ``"utf-16-be"`` for UTF-16 bytes without a byte-order mark (mostly ASCII markup, so one
    byte of each pair is NUL), else None. Looks at the first 4 KiB."""
    head = body[:4096]
    if len(head) < 64 or head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None
    even, odd = head[0::2].count(0), head[1::2].count(0)
    half = len(head) // 2
    if odd > 0.3 * half and even < 0.05 * half:
        return "utf-16-le"
    if even > 0.3 * half and odd < 0.05 * half:
        return "utf-16-be"
    return None


def cap_title(title: str | None) -> tuple[str | None, int | None]:
    """``(title, full length)``: the title cut at ``MAX_TITLE`` characters and its length before, or the title as
    it is and None."""
    if title is None or len(title) <= MAX_TITLE:
        return title, None
    return title[:MAX_TITLE].rstrip() + "…", len(title)
