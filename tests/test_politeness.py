"""Politeness: Retry-After honoured on 429/503, the contact in the User-Agent, the explicit robots.txt
override, the hard cap on pages per run. Real crawls (subprocess) of a tiny local server."""
from __future__ import annotations

import json
import sqlite3
import threading
import time
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from crawler.middlewares import retry_after_seconds, user_agent
from crawler.profiles import ProfileError, load_profile
from tests.conftest import run_cli

ARTICLE = ("<html><head><title>{t}</title></head><body><h1>{t}</h1><div class='content'>"
           + "".join(f"<p>Đoạn {i} của bài viết số {{n}}: người dân xã {i} tham gia phong trào xây dựng nông thôn "
                     f"mới, làm đường giao thông và trồng cây xanh dọc các tuyến kênh.</p>" for i in range(1, 7))
           + "</div></body></html>")


class Site:
    """A tiny portal: / lists 30 articles; /robots.txt disallows /a/1.html; the first GET of / answers
    429 with Retry-After: 2 when ``throttle`` is set."""

    def __init__(self, throttle=False):
        self.throttle, self.requests = throttle, []
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802
                site.requests.append((time.monotonic(), self.path, self.headers.get("User-Agent")))
                if self.path == "/robots.txt":
                    return self.send(200, "User-agent: *\nDisallow: /a/1.html\n", "text/plain")
                if self.path == "/":
                    if site.throttle and sum(1 for _, p, _ in site.requests if p == "/") == 1:
                        return self.send(429, "slow down", "text/plain", {"Retry-After": "2"})
                    links = "".join(f'<a href="/a/{n}.html">Bài {n}</a>' for n in range(1, 31))
                    return self.send(200, f"<html><body><h1>Tin tức</h1>{links}</body></html>")
                if self.path.startswith("/a/"):
                    n = self.path[3:].split(".")[0]
                    return self.send(200, ARTICLE.format(t=f"Bài viết {n}", n=n))
                return self.send(404, "not found", "text/plain")

            def send(self, status, body, ctype="text/html", headers=None):
                data = body.encode()
                self.send_response(status)
                self.send_header("Content-Type", f"{ctype}; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                for k, v in (headers or {}).items():
                    self.send_header(k, v)
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def paths(self):
        return [p for _, p, _ in self.requests]


@pytest.fixture
def site():
    s = Site()
    yield s
    s.server.shutdown()


def profile(tmp_path, url, politeness=""):
    path = tmp_path / "polite-test.toml"
    path.write_text(f'''slug = "polite-test"
name = "Politeness test portal"
start_urls = ["{url}"]
[urls]
listing = ['^/$']
article = ['^/a/\\d+\\.html$']
[politeness]
download_delay = 0
concurrency = 4
autothrottle = false
{politeness}
[selectors]
title = ["h1"]
body = ["div.content"]
''', encoding="utf-8")
    return path


def last_run(db):
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    try:
        row = dict(conn.execute("SELECT * FROM crawl_runs ORDER BY id DESC LIMIT 1").fetchone())
    finally:
        conn.close()
    row["stats"] = json.loads(row["stats"])
    return row


def test_retry_after_parsing():
    assert retry_after_seconds(b"2") == 2.0
    assert retry_after_seconds(None) is None
    assert retry_after_seconds("soon") is None
    now = time.time()
    assert 58 <= retry_after_seconds(formatdate(now + 60, usegmt=True), now) <= 60
    assert retry_after_seconds(formatdate(now - 60, usegmt=True), now) == 0.0


def test_user_agent_names_the_contact():
    assert user_agent("archivist@example.org").endswith("(+mailto:archivist@example.org; web archive of "
                                                        "Vietnamese provincial portals)")
    assert "(+https://example.org/archive;" in user_agent("https://example.org/archive")


def test_retry_after_waits_then_retries(tmp_path, monkeypatch):
    site = Site(throttle=True)
    try:
        monkeypatch.setenv("PORTAL_ARCHIVE_CONTACT", "https://archive.example.org/contact")
        db = tmp_path / "a.db"
        run_cli("crawl", profile(tmp_path, site.url), "--db", db, "--max-pages", "4", check=True)
    finally:
        site.server.shutdown()
    home = [(t, ua) for t, p, ua in site.requests if p == "/"]
    assert len(home) == 2
    assert home[1][0] - home[0][0] >= 1.9  # the retry waited for Retry-After: 2
    assert home[1][0] - home[0][0] < 10
    assert all("(+https://archive.example.org/contact; web archive" in ua for _, _, ua in site.requests)
    run = last_run(db)
    assert run["stats"]["retry_after/count"] == 1
    assert run["stats"]["retry_after/seconds"] == 2.0
    assert "HTTP 429 with Retry-After 2: retrying" in open(run["log_path"], encoding="utf-8").read()


def test_robots_obeyed_by_default_and_page_cap(site, tmp_path):
    db = tmp_path / "a.db"
    run_cli("crawl", profile(tmp_path, site.url), "--db", db, "--max-pages", "6", check=True)
    assert "/a/1.html" not in site.paths()
    run = last_run(db)
    assert run["finish_reason"] == "closespider_pagecount"
    assert run["status"] in ("ok", "partial")
    assert run["pages_fetched"] == 6 + 1  # + robots.txt; a hard cap: requests beyond it are dropped, not fetched
    assert run["stats"]["portal/page_cap_dropped"] > 0
    assert run["errors"] == 0  # dropped/robots: no errors
    assert len([p for p in site.paths() if p.startswith("/a/")]) < 30


def test_robots_override_must_be_explicit_and_is_logged(site, tmp_path):
    db = tmp_path / "a.db"
    run_cli("crawl", profile(tmp_path, site.url, "obey_robots = false\nmax_pages = 40"), "--db", db, check=True)
    assert "/a/1.html" in site.paths()
    run = last_run(db)
    assert run["finish_reason"] == "finished"
    assert run["pages_fetched"] == 31  # profile cap 40 not reached
    log = open(run["log_path"], encoding="utf-8").read()
    assert "WARNING: ROBOTS.TXT IGNORED for polite-test: its profile" in log
    bad = profile(tmp_path, site.url, 'obey_robots = "no"')
    with pytest.raises(ProfileError, match=r"obey_robots must be true or false"):
        load_profile(bad)
    proc = run_cli("crawl", bad, "--db", db)
    assert proc.returncode == 1
    assert "obey_robots must be true or false" in proc.stderr


def test_profile_page_cap_and_cli_wins(site, tmp_path):
    db = tmp_path / "a.db"
    path = profile(tmp_path, site.url, "max_pages = 3")
    run_cli("crawl", path, "--db", db, check=True)
    assert last_run(db)["pages_fetched"] == 3 + 1  # + robots.txt
    run_cli("crawl", path, "--db", db, "--max-pages", "12", "--refresh", check=True)
    assert last_run(db)["pages_fetched"] == 12 + 1
