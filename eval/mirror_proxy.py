"""Serve saved mirrors of real sites as their own hosts, offline: a small HTTP proxy for evaluation runs.

    python eval/mirror_proxy.py ROOT [--port 8899]

``ROOT/<host>/<path>`` is what ``http://<host>/<path>`` answers: a request in absolute form
(``GET http://host/path HTTP/1.1``, as a client sends it through ``http_proxy``) or in origin form with a
``Host`` header. The query is ignored (an HTTrack mirror saves ``page.html?x=1`` links as ``page.html``); a path
ending in ``/`` is its ``index.html``, and a path naming such a folder without the ``/`` answers a 301 to it, as
static hosts (GitHub Pages, Apache, nginx) do for a saved ``slug/index.html``. Anything else (another host, a
missing file, ``robots.txt`` or ``sitemap.xml`` the mirror lacks, ``CONNECT``) answers 404 or 405. Nothing is
fetched from the network.
The mirrors themselves stay outside the project (they belong to their publishers); see docs/evaluation.md.
"""
from __future__ import annotations

import argparse
import mimetypes
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit


def mirror_folder(root: Path, host: str, path: str) -> bool:
    """Whether ``http://host/path`` (no trailing ``/``) names a saved folder with an ``index.html``."""
    return not (path or "/").endswith("/") and mirror_file(root, host, path + "/") is not None


def mirror_file(root: Path, host: str, path: str) -> Path | None:
    """The file of ``root`` that answers ``http://host/path``, or None."""
    host = host.lower().split(":")[0]
    if not host or "/" in host or host.startswith("."):
        return None
    relative = unquote(path or "/")
    if relative.endswith("/"):
        relative += "index.html"
    base = (root / host).resolve()
    target = (base / relative.lstrip("/")).resolve()
    if base not in target.parents or not target.is_file():
        return None
    return target


class MirrorHandler(BaseHTTPRequestHandler):
    root: Path

    def _answer(self, head_only: bool):
        parts = urlsplit(self.path)
        host = parts.hostname if parts.scheme in ("http", "https") else self.headers.get("Host", "")
        found = mirror_file(self.root, host or "", parts.path)
        if found is None and mirror_folder(self.root, host or "", parts.path):
            location = f"http://{parts.netloc or host}{parts.path}/" + (f"?{parts.query}" if parts.query else "")
            self.send_response(301)
            self.send_header("Location", location)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if found is None:
            self.send_error(404, "not in the mirror")
            return
        body = found.read_bytes()
        kind = mimetypes.guess_type(found.name)[0] or "application/octet-stream"
        if kind.startswith("text/"):
            kind += "; charset=utf-8"
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if not head_only:
            self.wfile.write(body)

    def do_GET(self):  # noqa: N802 (http.server's naming)
        self._answer(head_only=False)

    def do_HEAD(self):  # noqa: N802
        self._answer(head_only=True)

    def do_CONNECT(self):  # noqa: N802
        self.send_error(405, "https is not served")

    def log_message(self, fmt, *args):
        sys.stderr.write("%s %s\n" % (self.command, fmt % args))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", type=Path, help="folder holding one folder per host")
    parser.add_argument("--port", type=int, default=8899)
    args = parser.parse_args(argv)
    if not args.root.is_dir():
        print(f"mirror_proxy: {args.root} is not a folder", file=sys.stderr)
        return 2
    MirrorHandler.root = args.root.resolve()
    server = ThreadingHTTPServer(("127.0.0.1", args.port), MirrorHandler)
    print(f"serving {args.root} on http://127.0.0.1:{args.port} (use as http_proxy)", file=sys.stderr)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
