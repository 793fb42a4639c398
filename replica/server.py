"""Serve replica portals over HTTP on 127.0.0.1, one ``ThreadingHTTPServer`` per portal.

    with replica.server.start() as rep:
        rep.base_urls["travinh-replica"]   # "http://127.0.0.1:PORT"
        rep.sites["travinh-replica"].articles  # ground truth
"""
from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Iterable, Mapping

from . import DEFAULT_PORTS, PORTALS
from . import faults as faults_mod
from .site import DEFAULT_SEED, Site, build_site


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    site: Site
    replica: "Replica"

    def _serve(self, with_body: bool) -> None:
        self.replica._count()
        fault = self.replica.faults.pick(self.path)
        if fault is not None:  # only when asked for: ?fault=, /_fault/<mode>/, or the server's plan
            return faults_mod.serve(self, fault, with_body)
        resp = self.site.respond(self.path, host=self.headers.get("Host"), headers=self.headers)
        self.send_response(resp.status)
        self.send_header("Content-Type", resp.content_type)
        self.send_header("Content-Length", str(len(resp.body)))
        self.send_header("Cache-Control", "private, no-cache")
        for key, value in resp.headers.items():
            self.send_header(key, value)
        self.end_headers()
        if with_body:
            self.wfile.write(resp.body)

    def version_string(self) -> str:
        return self.site.family.server_header

    def do_GET(self) -> None:  # noqa: N802 (http.server API)
        self._serve(True)

    def do_HEAD(self) -> None:  # noqa: N802
        self._serve(False)

    def log_message(self, format, *args) -> None:  # quiet
        pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128

    def handle_error(self, request, client_address) -> None:  # a client hanging up is not news
        pass


class Replica:
    """Running replica portals: ``base_urls``, ``sites``, ``requests`` (HTTP requests served), ``stop()``."""

    def __init__(self) -> None:
        self.base_urls: dict[str, str] = {}
        self.sites: dict[str, Site] = {}
        self._servers: list[tuple[_Server, threading.Thread]] = []
        self._lock = threading.Lock()
        self._requests = 0
        self.faults = faults_mod.Faults()  # fault injection on request only (replica.faults)

    @property
    def requests(self) -> int:
        return self._requests

    def _count(self) -> None:
        with self._lock:
            self._requests += 1

    def stop(self) -> None:
        for server, thread in self._servers:
            server.shutdown()
            server.server_close()
            thread.join(timeout=5)
        self._servers.clear()

    def __enter__(self) -> "Replica":
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


def start(slugs: Iterable[str] = PORTALS, host: str = "127.0.0.1", ports: Mapping[str, int] | int | None = None,
          seed: int = DEFAULT_SEED, articles: int | None = None, large_pages: bool = False,
          faults: Mapping[str, str] | None = None) -> Replica:
    """Start one background HTTP server per portal and return the running :class:`Replica`.

    ``ports``: None → free ports chosen by the OS; a dict slug → port; or an int base port
    (portal *i* of ``slugs`` gets ``base + i``). ``articles``: per portal (default 120).
    ``faults``: a fault plan ``{path: mode}`` (``replica.faults``; ``rep.faults.plan`` can be changed while
    running). ``?fault=<mode>`` and ``/_fault/<mode>/...`` requests are answered with faults in any case.
    """
    slugs = list(slugs)
    rep = Replica()
    rep.faults = faults_mod.Faults(faults)
    try:
        for i, slug in enumerate(slugs):
            site = build_site(slug, seed=seed, articles=articles, large_pages=large_pages)
            if ports is None:
                port = 0
            elif isinstance(ports, int):
                port = ports + i
            else:
                port = ports.get(slug, 0)
            handler = type(f"Handler_{slug.replace('-', '_')}", (_Handler,), {"site": site, "replica": rep})
            server = _Server((host, port), handler)
            thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1},
                                      name=f"replica-{slug}", daemon=True)
            thread.start()
            rep._servers.append((server, thread))
            rep.sites[slug] = site
            rep.base_urls[slug] = f"http://{host}:{server.server_address[1]}"
    except Exception:
        rep.stop()
        raise
    return rep


__all__ = ["Replica", "start", "DEFAULT_PORTS"]
