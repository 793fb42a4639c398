"""Fault injection for the replica portals: the real web's failures, on demand.

A fault is requested in one of three ways (the normal replica output is byte-identical when none is):

- a query parameter: ``/some/page?fault=reset`` (the parameter is removed before the page is built);
- a path prefix: ``/_fault/<mode>/some/page``;
- a plan given to the server: ``server.start([slug], faults={"/some/page": "503@2", ...})`` (exact path,
  query ignored), or ``rep.faults.plan[path] = mode`` on a running replica.

A mode is ``name[:arg][@n]``: ``@n`` limits it to the first *n* requests of that path (then the page is
served normally, e.g. ``503@2`` is a burst of two 503s, ``truncate@1`` a single cut-off body).

Transport: ``slow[:s]`` (answer after *s* seconds, default 5), ``drip[:s]`` (body trickled over *s* s),
``reset`` (connection reset mid-body), ``truncate`` (Content-Length larger than the body).
Status: ``500``, ``502``, ``503``, ``429[:retry_after]``, ``404``, ``410``.
Redirects: ``chain[:n]`` (n hops, then the page), ``loop`` (A → B → A), ``offhost`` (another host),
``private[:ip]`` (default 10.0.0.1), ``metadata`` (169.254.169.254), ``scheme`` (file:///etc/passwd).
Traps and size: ``trap`` (the page plus an ever-changing ``?cal=N`` next link, a calendar trap),
``huge[:mib]`` (page padded past 17 MiB), ``gzipbomb[:mib]`` (gzip expanding to 64 MiB),
``binary`` (random bytes as text/html).
Encodings: ``nocharset``, ``latin1-header`` (UTF-8 body declared ISO-8859-1 in the header),
``cp1258`` (windows-1258, declared), ``cp1258-as-utf8`` (windows-1258 bytes declared UTF-8), ``nfd``,
``bom``, ``mojibake`` (UTF-8 read as cp1252, re-encoded), ``tcvn3`` (legacy TCVN3/ABC font bytes).
Markup: ``malformed`` (unclosed tags, nested forms), ``deep[:n]`` (10,000-deep nesting), ``empty`` (a page
with no article at all).
Hostile pages: ``attrs[:n]`` (one tag with *n* attributes, default 60,000: libxml2 is quadratic in them),
``links[:n]`` (*n* more links of the article URL shape, default 480,000), ``utf16`` (UTF-16-LE without a BOM,
declared UTF-8), ``longtitle[:n]`` (a title of *n* characters, default 1.6 million).
robots.txt: ``crawldelay[:s]`` (the replica's robots.txt with ``Crawl-delay: s``, default 1).
"""
from __future__ import annotations

import gzip
import io
import random
import socket
import struct
import threading
import time
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

PREFIX = "/_fault/"
MODES = ("slow", "drip", "reset", "truncate", "500", "502", "503", "429", "404", "410", "chain", "loop",
         "offhost", "private", "metadata", "scheme", "trap", "huge", "gzipbomb", "binary", "nocharset",
         "latin1-header", "cp1258", "cp1258-as-utf8", "nfd", "bom", "mojibake", "tcvn3", "malformed", "deep",
         "empty", "attrs", "links", "utf16", "longtitle", "crawldelay")


@dataclass
class Fault:
    name: str
    arg: str | None
    target: str  # the page's own target (path + query) without the fault parameter or prefix
    raw_target: str  # as requested


def parse_mode(spec: str) -> tuple[str, str | None, int | None]:
    """``"503@2"`` → ("503", None, 2); ``"slow:3"`` → ("slow", "3", None). ValueError for unknown modes."""
    spec, _, limit = spec.partition("@")
    name, _, arg = spec.partition(":")
    if name not in MODES:
        raise ValueError(f"unknown fault mode {name!r} (known: {', '.join(MODES)})")
    return name, arg or None, int(limit) if limit else None


class Faults:
    """The faults of one running replica: a plan (path → mode) and per-path request counts."""

    def __init__(self, plan: dict[str, str] | None = None):
        self.plan: dict[str, str] = dict(plan or {})
        for mode in self.plan.values():
            parse_mode(mode)
        self.hits: dict[str, int] = {}  # planned path -> requests seen
        self.served: list[tuple[str, str]] = []  # (mode, target) of every fault answered
        self._lock = threading.Lock()

    def pick(self, target: str) -> Fault | None:
        """The fault requested for ``target``, or None (serve the page normally)."""
        fault = self._pick(target)
        if fault is not None:
            with self._lock:
                self.served.append((fault.name, target))
        return fault

    def _pick(self, target: str) -> Fault | None:
        if target.startswith(PREFIX):
            mode, _, rest = target[len(PREFIX):].partition("/")
            name, arg, _ = parse_mode(mode)
            return Fault(name, arg, "/" + rest, target)
        parts = urlsplit(target)
        if "fault=" in parts.query:
            pairs = parse_qsl(parts.query, keep_blank_values=True)
            modes = [v for k, v in pairs if k == "fault"]
            if modes:
                name, arg, _ = parse_mode(modes[0])
                clean = urlunsplit(("", "", parts.path, urlencode([(k, v) for k, v in pairs if k != "fault"]), ""))
                return Fault(name, arg, clean, target)
        mode = self.plan.get(parts.path)
        if mode is None:
            return None
        name, arg, limit = parse_mode(mode)
        with self._lock:
            n = self.hits[parts.path] = self.hits.get(parts.path, 0) + 1
        if limit is not None and n > limit:
            return None
        return Fault(name, arg, target, target)


# --- serving ---------------------------------------------------------------------------------------

def serve(handler, fault: Fault, with_body: bool = True) -> None:
    """Answer the request on ``handler`` (a ``BaseHTTPRequestHandler``) with ``fault``."""
    site = handler.site
    host = handler.headers.get("Host")
    name, arg = fault.name, fault.arg
    path = urlsplit(fault.target).path

    if name in ("500", "502", "503", "404", "410"):
        return _send(handler, int(name), f"<html><body><h1>HTTP {name}</h1></body></html>".encode(), with_body=with_body)
    if name == "429":
        return _send(handler, 429, b"Too many requests", "text/plain", {"Retry-After": arg or "1"}, with_body)
    if name == "chain":
        hops = int(arg or 3)
        # the last hop lands on another URL of the same page (``?from=chain``): a move, not a loop
        location = _with_param(fault.target, "from", "chain") if hops <= 1 else \
            _with_fault(fault.target, f"chain:{hops - 1}")
        return _send(handler, 302, b"", headers={"Location": location}, with_body=with_body)
    if name == "loop":  # A -> B -> A: B carries how A was asked for (prefix, query, plan)
        if arg in ("p", "q", "back"):
            location = {"p": PREFIX + "loop" + fault.target, "q": _with_fault(fault.target, "loop"),
                        "back": fault.target}[arg]
        else:
            how = "p" if fault.raw_target.startswith(PREFIX) else "q" if fault.raw_target != fault.target else "back"
            location = _with_fault(fault.target, f"loop:{how}")
        return _send(handler, 302, b"", headers={"Location": location}, with_body=with_body)
    if name in ("offhost", "private", "metadata", "scheme"):
        location = {"offhost": f"http://portal-moved.example.org{fault.target}",
                    "private": f"http://{arg or '10.0.0.1'}{fault.target}",
                    "metadata": "http://169.254.169.254/latest/meta-data/iam/security-credentials/",
                    "scheme": "file:///etc/passwd"}[name]
        return _send(handler, 301, b"", headers={"Location": location}, with_body=with_body)
    if name == "binary":
        rng = random.Random(path)
        return _send(handler, 200, bytes(rng.randrange(256) for _ in range(50_000)), "text/html", with_body=with_body)
    if name == "gzipbomb":
        return _send(handler, 200, gzip_bomb(int(arg or 64)), "text/html; charset=utf-8",
                     {"Content-Encoding": "gzip"}, with_body)
    if name == "slow":
        time.sleep(float(arg or 5))

    resp = site.respond(fault.target, host=host, headers=handler.headers)
    body, ctype, headers = resp.body, resp.content_type, dict(resp.headers)
    if resp.status != 200 or name == "slow":
        return _send(handler, resp.status, body, ctype, headers, with_body)
    if name == "reset":
        return _reset(handler, resp.status, body, ctype, headers)
    if name == "truncate":
        return _send(handler, 200, body, ctype, headers, with_body, length=len(body) + 4096, close=True)
    if name == "drip":
        return _send(handler, 200, body, ctype, headers, with_body, drip=float(arg or 3))
    if name == "trap":
        n = int(dict(parse_qsl(urlsplit(fault.target).query)).get("cal", 0))
        link = f'<a href="{path}?cal={n + 1}&amp;t={random.randrange(10**9)}&amp;fault=trap">Tháng sau</a>'
        body = body.replace(b"</body>", link.encode() + b"</body>", 1)
        return _send(handler, 200, body, ctype, headers, with_body)
    if name == "huge":
        pad = b"<!-- " + b"x" * (int(arg or 17) * 1024 * 1024) + b" -->"
        return _send(handler, 200, body.replace(b"</body>", pad + b"</body>", 1), ctype, headers, with_body)
    if name == "crawldelay":
        return _send(handler, 200, body + f"\nCrawl-delay: {arg or 1}\n".encode(), ctype, headers, with_body)
    text = body.decode("utf-8")
    if name == "attrs":
        tag = "<div " + " ".join(f"a{i}=1" for i in range(int(arg or 60_000))) + "></div>"
        return _send(handler, 200, text.replace("</body>", tag + "</body>", 1).encode(), ctype, headers, with_body)
    if name == "links":
        shape = site.articles[0]["path"] if getattr(site, "articles", None) else path
        links = "".join(f'<a href="{_article_like(shape, i)}">{i}</a>' for i in range(int(arg or 480_000)))
        return _send(handler, 200, text.replace("</body>", links + "</body>", 1).encode(), ctype, headers, with_body)
    if name == "utf16":
        return _send(handler, 200, text.encode("utf-16-le"), "text/html; charset=utf-8", headers, with_body)
    if name == "longtitle":  # the article's title, wherever the page prints it
        long = ("Tiêu đề " * (int(arg or 1_600_000) // 8 + 1))[: int(arg or 1_600_000)]
        titles = [a["title"] for a in getattr(site, "articles", []) if a["path"] == path]
        page = text.replace(titles[0], long) if titles else text
        return _send(handler, 200, page.encode(), ctype, headers, with_body)
    if name == "nocharset":
        return _send(handler, 200, _strip_meta_charset(text).encode(), "text/html", headers, with_body)
    if name == "latin1-header":
        return _send(handler, 200, body, "text/html; charset=iso-8859-1", headers, with_body)
    if name == "cp1258":
        page = _strip_meta_charset(text).replace("<head>", '<head><meta charset="windows-1258">', 1)
        return _send(handler, 200, to_cp1258(page), "text/html; charset=windows-1258", headers, with_body)
    if name == "cp1258-as-utf8":
        return _send(handler, 200, to_cp1258(text), "text/html; charset=utf-8", headers, with_body)
    if name == "nfd":
        return _send(handler, 200, unicodedata.normalize("NFD", text).encode(), ctype, headers, with_body)
    if name == "bom":
        return _send(handler, 200, b"\xef\xbb\xbf" + body, ctype, headers, with_body)
    if name == "mojibake":
        double = _as_cp1252(body).encode("utf-8")
        return _send(handler, 200, double, ctype, headers, with_body)
    if name == "tcvn3":
        page = _strip_meta_charset(text).replace("<head>", '<head><meta charset="windows-1252">', 1)
        return _send(handler, 200, to_tcvn3(page), "text/html", headers, with_body)
    if name == "malformed":
        return _send(handler, 200, malformed(text).encode(), ctype, headers, with_body)
    if name == "deep":
        depth = int(arg or 10_000)
        deep = "<div>" * depth + "<p>Lồng sâu</p>" + "</div>" * (depth // 2)
        return _send(handler, 200, text.replace("</body>", deep + "</body>", 1).encode(), ctype, headers, with_body)
    if name == "empty":
        page = ('<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>Trang chủ</title></head>'
                '<body><div id="menu"><a href="/">Trang chủ</a></div><div class="footer">Bản quyền © Cổng '
                'thông tin điện tử</div></body></html>')
        return _send(handler, 200, page.encode(), ctype, headers, with_body)
    return _send(handler, resp.status, body, ctype, headers, with_body)  # pragma: no cover


def _article_like(path: str, i: int) -> str:
    """A link for the ``links`` fault: ``path`` (an article's) with its last number replaced by a large one: the
    portal's article URL shape, a page that does not exist."""
    import re

    numbers = list(re.finditer(r"\d+", path))
    if not numbers:
        return f"{path.rstrip('/')}/{9_000_000 + i}"
    last = numbers[-1]
    return path[:last.start()] + str(9_000_000 + i) + path[last.end():]


def _with_fault(target: str, mode: str) -> str:
    return _with_param(target, "fault", mode)


def _with_param(target: str, key: str, value: str) -> str:
    parts = urlsplit(target)
    query = parse_qsl(parts.query, keep_blank_values=True) + [(key, value)]
    return urlunsplit(("", "", parts.path, urlencode(query), ""))


def _send(handler, status: int, body: bytes, ctype: str = "text/html; charset=utf-8", headers=None,
          with_body: bool = True, length: int | None = None, close: bool = False, drip: float = 0) -> None:
    handler.send_response(status)
    handler.send_header("Content-Type", ctype)
    handler.send_header("Content-Length", str(len(body) if length is None else length))
    handler.send_header("Cache-Control", "private, no-cache")
    for key, value in (headers or {}).items():
        handler.send_header(key, value)
    if close:
        handler.send_header("Connection", "close")
        handler.close_connection = True
    handler.end_headers()
    if not with_body:
        return
    if drip:
        step = max(1, len(body) // 10)
        for i in range(0, len(body), step):
            handler.wfile.write(body[i:i + step])
            handler.wfile.flush()
            time.sleep(drip / 10)
        return
    handler.wfile.write(body)
    if close:
        handler.wfile.flush()
        try:
            handler.connection.shutdown(socket.SHUT_WR)
        except OSError:
            pass


def _reset(handler, status, body, ctype, headers) -> None:
    """Headers and half the body, then a TCP reset (SO_LINGER 0)."""
    handler.send_response(status)
    handler.send_header("Content-Type", ctype)
    handler.send_header("Content-Length", str(len(body)))
    for key, value in headers.items():
        handler.send_header(key, value)
    handler.end_headers()
    handler.wfile.write(body[: len(body) // 2])
    handler.wfile.flush()
    handler.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    handler.close_connection = True
    handler.connection.close()


# --- content transforms --------------------------------------------------------------------------------

@lru_cache(maxsize=4)
def gzip_bomb(mib: int = 64) -> bytes:
    """A valid gzip stream of a small HTML page followed by ``mib`` MiB of spaces (~1000:1)."""
    buf = io.BytesIO()
    with gzip.GzipFile(fileobj=buf, mode="wb", compresslevel=9, mtime=0) as gz:
        gz.write(b"<html><head><title>Bom</title></head><body><p>")
        chunk = b" " * (1024 * 1024)
        for _ in range(mib):
            gz.write(chunk)
        gz.write(b"</p></body></html>")
    return buf.getvalue()


def _as_cp1252(data: bytes) -> str:
    """Bytes read as windows-1252 the way browsers and MySQL's latin1 do: undefined bytes become U+0081 etc."""
    return "".join(bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in data)


def _strip_meta_charset(text: str) -> str:
    import re

    text = re.sub(r"<meta\s+charset=[^>]*>", "", text, flags=re.I)
    return re.sub(r"<meta\s+content=\"text/html;\s*charset=[^\"]*\"[^>]*>", "", text, flags=re.I)


_TONES = "\u0300\u0301\u0303\u0309\u0323"


def to_cp1258(text: str) -> bytes:
    """Encode as windows-1258 does: base letters (â ê ô ă ơ ư đ) as single bytes, tone marks combining."""
    out = []
    for ch in unicodedata.normalize("NFC", text):
        try:
            out.append(ch.encode("cp1258"))
            continue
        except UnicodeEncodeError:
            pass
        parts = unicodedata.normalize("NFD", ch)
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in _TONES))
        try:
            out.append(base.encode("cp1258") + "".join(c for c in parts if c in _TONES).encode("cp1258"))
        except UnicodeEncodeError:
            out.append(f"&#{ord(ch)};".encode())
    return b"".join(out)


# TCVN3 (ABC): Vietnamese letters in the upper half of an 8-bit font (.VnTime); capitals with tone marks
# use a separate "H" font, so only lower-case and the plain capitals are mapped here.
_TCVN3_LOWER = ("àảãáạ" "ằẳẵắặ" "ầẩẫấậ" "èẻẽéẹ" "ềểễếệ" "ìỉĩíị" "òỏõóọ" "ồổỗốộ" "ờởỡớợ" "ùủũúụ" "ừửữứự"
                "ỳỷỹýỵ")
_TCVN3_LOWER_BYTES = bytes.fromhex(
    "b5b6b7b8b9" "bbbcbdbec6" "c7c8c9cacb" "cccecfd0d1" "d2d3d4d5d6" "d7d8dcddde" "dfe1e2e3e4" "e5e6e7e8e9"
    "eaebecedee" "eff1f2f3f4" "f5f6f7f8f9" "fafbfcfdfe")
_TCVN3 = {**{c: bytes([b]) for c, b in zip(_TCVN3_LOWER, _TCVN3_LOWER_BYTES)},
          "ă": b"\xa8", "â": b"\xa9", "ê": b"\xaa", "ô": b"\xab", "ơ": b"\xac", "ư": b"\xad", "đ": b"\xae",
          "Ă": b"\xa1", "Â": b"\xa2", "Ê": b"\xa3", "Ô": b"\xa4", "Ơ": b"\xa5", "Ư": b"\xa6", "Đ": b"\xa7"}


def to_tcvn3(text: str) -> bytes:
    """Text as a TCVN3 (.VnTime) page stores it: one byte per letter, meaningless without the font."""
    out = []
    for ch in unicodedata.normalize("NFC", text):
        if ch in _TCVN3:
            out.append(_TCVN3[ch])
        elif ch.isascii():
            out.append(ch.encode())
        elif ch.lower() in _TCVN3:  # a capital with a tone mark: the "H" font writes it as the lower-case byte
            out.append(_TCVN3[ch.lower()])
        else:  # quotes, dashes: the page writes entities
            out.append(f"&#{ord(ch)};".encode())
    return b"".join(out)


def malformed(text: str) -> str:
    """Unclosed tags, a form nested in a form, stray end tags, an unterminated comment at the very end."""
    text = text.replace("</p>", "", 5).replace("</div>", "</div></span></td>", 3)
    form = '<form action="/a"><form action="/b"><input name="q"><table><tr><td>ô</form>'
    text = text.replace("<body>", "<body>" + form, 1) if "<body>" in text else form + text
    return text.replace("</html>", "") + "<!-- unterminated <b><i>"
