"""A hostile site, as an adversary would build one: every page that would stall, flood or fool the crawler gets
a bounded outcome (an error row, a cap, a flag), the crawl ends, and the next run is not stuck on it.
Real crawls of the fault-injecting replica (``replica/faults.py``); pages generated small enough to keep the
tests fast, large enough to show the bound."""
from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import threading
import time
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from crawler.extract.article import extract_article
from crawler.extract.bounds import MAX_ATTRIBUTES, MAX_TITLE, hostile_markup
from crawler.profiles import ProfileError, load_profile
from portal_archive.errors import EXIT_CODES
from portal_archive.ops.schedule import Entry
from replica import server
from tests.conftest import ROOT, run_cli
from tests.faults.helpers import crawl, path_of, rows

SLUG = "danvan-replica"
TV = "travinh-replica"


def stats_of(db) -> dict:
    return json.loads(rows(db, "SELECT stats FROM crawl_runs ORDER BY id DESC LIMIT 1")[0]["stats"])


# --- 1. one tag with many attributes ------------------------------------------------------------------------

def test_a_tag_with_too_many_attributes_is_not_parsed():
    tag = b"<div " + b" ".join(b"a%d=1" % i for i in range(MAX_ATTRIBUTES + 1)) + b"></div>"
    assert "attributes" in hostile_markup(b"<html><body>" + tag + b"</body></html>")


def test_quoted_angle_brackets_do_not_hide_the_attributes():
    tag = b"<div " + b" ".join(b'a%d=">"' % i for i in range(MAX_ATTRIBUTES + 1)) + b"></div>"
    assert hostile_markup(b"<html><body>" + tag + b"</body></html>") is not None


def test_many_long_tags_share_one_budget():
    tag = b"<p " + b" ".join(b"a%d=1" % i for i in range(MAX_ATTRIBUTES // 2)) + b">x</p>"
    assert hostile_markup(b"<html><body>" + tag * 5 + b"</body></html>") is not None


def test_scripts_and_comments_are_not_read_as_tags():
    """Minified JavaScript compares with "<" ("for(o=2;o<n;o++)r[o-2]=arguments[o]"): libxml2 reads a script's
    content as text, and so does the pre-scan, however many "a=b" follow."""
    js = b"for(o=2;o<n;o++)" + b"".join(b"r%d=arguments[%d];" % (i, i) for i in range(3 * MAX_ATTRIBUTES))
    page = (b"<html><head><script>" + js + b"</script><style>a<b " + b"x=1 " * 3 * MAX_ATTRIBUTES
            + b"</style><!-- <b " + b"y=2 " * 3 * MAX_ATTRIBUTES + b"--></head><body><p>Tin</p></body></html>")
    assert hostile_markup(page) is None


def test_a_flood_after_a_script_is_still_refused():
    tag = b"<div " + b" ".join(b"a%d=1" % i for i in range(MAX_ATTRIBUTES + 1)) + b"></div>"
    assert hostile_markup(b"<html><script>if(a<b)c()</script><body>" + tag + b"</body></html>") is not None


def test_long_tags_with_few_attributes_are_parsed():
    image = b'<img src="data:image/png;base64,' + b"QUJD" * 200_000 + '" alt="Ảnh">'.encode()
    links = b"".join(b'<a href="/tin/%d.html" class="x">Tin %d</a>' % (i, i) for i in range(20_000))
    assert hostile_markup(b"<html><body>" + image + links + b"</body></html>") is None


def test_an_unclosed_quote_ends_the_scan_at_the_end_of_the_page():
    assert hostile_markup(b"<a '" * 200_000) is not None


def test_extract_refuses_the_page_with_a_reason():
    page = b"<html><body><h1>T</h1><div " + b" ".join(b"a%d" % i for i in range(60_000)) + b"></div></body></html>"
    article = extract_article(page, "http://a.vn/1.html")
    assert "attributes" in article.rules["refused"]


def test_attribute_flood_page_becomes_an_error_row_and_leaves_the_frontier(tmp_path):
    """60,000 attributes on one article page: the crawl does not stall on it (every other article is stored),
    the page gets a ``hostile_markup`` row, its frontier URL is settled ``failed``, and the next run does not
    fetch it again."""
    db = tmp_path / "a.db"
    with server.start([SLUG], articles=8) as rep:
        site = rep.sites[SLUG]
        bad = site.items[0].path
        rep.faults.plan[bad] = "attrs"
        proc = crawl(db, rep.base_urls[SLUG], timeout=120)
        assert proc.returncode == 0, proc.stderr[-3000:]
        first_hits = rep.faults.hits[bad]
        crawl(db, rep.base_urls[SLUG], timeout=120)
        second_hits = rep.faults.hits[bad]
    stored = {path_of(r["url"]) for r in rows(db, "SELECT url FROM articles")}
    assert stored == {a.path for a in site.items[1:]}
    errors = rows(db, "SELECT url, error FROM fetch_errors")
    assert [path_of(e["url"]) for e in errors if e["error"] == "hostile_markup"] == [bad]
    assert rows(db, "SELECT state, last_error FROM frontier WHERE url LIKE ?", "%" + bad) == [
        {"state": "failed", "last_error": "hostile_markup"}]
    assert second_hits == first_hits


def test_max_runtime_stops_the_run_and_the_next_one_resumes(tmp_path):
    """``crawl --max-runtime 3s`` against 40 articles that each take 2 s: the run stops at its wall-clock limit,
    recorded with reason ``closespider_timeout``; what it did not fetch stays queued, and the next run archives
    it."""
    db = tmp_path / "a.db"
    with server.start([SLUG], articles=40) as rep:
        for item in rep.sites[SLUG].items:
            rep.faults.plan[item.path] = "slow:2"
        proc = run_cli("crawl", SLUG, "--db", db, "--base-url", rep.base_urls[SLUG], "--max-runtime", "3s",
                       "--concurrency", "1", "--set", "DOWNLOAD_TIMEOUT=10", timeout=120)
        assert proc.returncode == 0, proc.stderr
        queued = rows(db, "SELECT count(*) n FROM frontier WHERE state = 'pending'")[0]["n"]
        rep.faults.plan.clear()
        run_cli("crawl", SLUG, "--db", db, "--base-url", rep.base_urls[SLUG], check=True)
    run = rows(db, "SELECT status, finish_reason FROM crawl_runs")[0]
    assert run["finish_reason"] == "closespider_timeout"
    assert run["status"] == "ok"
    assert queued > 0
    assert rows(db, "SELECT count(*) n FROM articles")[0]["n"] == 40


def test_schedule_max_runtime_reaches_the_crawl():
    entry = Entry(slug=SLUG, cron="@daily", max_runtime="2h")
    args = entry.crawl_args()
    assert args[args.index("--max-runtime") + 1] == "2h"


def test_scheduler_stops_a_crawl_stuck_past_its_max_runtime(tmp_path):
    """A crawl blocked past its schedule's ``max_runtime`` and the grace period (its own limit could not fire) is
    sent SIGTERM by the scheduler, so the portal's next slot is not skipped forever."""
    from tests.test_schedule import fake_scheduler, run_for

    text = '[portals.travinh-replica]\ncron = "*/10 * * * * *"\nmax_runtime = "20s"\n'
    sched, clock, launched, log = fake_scheduler(tmp_path, text, {"travinh-replica": 10_000}, grace_period=5)
    run_for(sched, clock, 60)
    assert [m for m in log if "after its max_runtime 20s, sending SIGTERM" in m]
    assert len(launched) >= 2  # the next slot after the stuck crawl was stopped


def test_schedule_max_runtime_reaches_cluster_jobs():
    from portal_archive.ops.cluster import Node, job_settings

    settings = job_settings(Entry(slug=SLUG, cron="@daily", max_runtime="90m"), Node("n1", "http://127.0.0.1:6800/"))
    assert settings["CLOSESPIDER_TIMEOUT"] == 5400


def test_max_runtime_must_be_an_age(tmp_path):
    proc = run_cli("crawl", SLUG, "--db", tmp_path / "a.db", "--max-runtime", "soon", timeout=60)
    assert proc.returncode != 0
    assert "--max-runtime: bad age 'soon'" in proc.stderr


# --- 3. a listing page with a flood of links ----------------------------------------------------------------

def test_link_flood_is_capped_per_page_and_per_run(tmp_path):
    """A home page with 20,000 extra article links: only ``PORTAL_MAX_LINKS_PER_PAGE`` of its links are read, at
    most ``PORTAL_MAX_QUEUED`` article URLs are queued (frontier rows) per run."""
    db = tmp_path / "a.db"
    with server.start([TV], articles=30) as rep:
        rep.faults.plan["/"] = "links:20000"
        proc = crawl(db, rep.base_urls[TV], TV, "PORTAL_MAX_LINKS_PER_PAGE=2000", "PORTAL_MAX_QUEUED=300",
                     "FRONTIER_RETRY_BACKOFF=0", timeout=180)
    assert proc.returncode == 0, proc.stderr[-3000:]
    stats = stats_of(db)
    assert stats["portal/links_capped"] >= 18_000
    assert rows(db, "SELECT count(*) n FROM frontier")[0]["n"] <= 300
    assert stats["portal/frontier/over_cap"] > 0


def test_a_big_frontier_resumes_in_bounded_chunks(tmp_path):
    """40 articles, at most 15 queued per run: each run archives its chunk, and three runs archive them all."""
    db = tmp_path / "a.db"
    counts = []
    with server.start([TV], articles=40) as rep:
        for _ in range(3):
            proc = crawl(db, rep.base_urls[TV], TV, "PORTAL_MAX_QUEUED=15", timeout=120)
            assert proc.returncode == 0, proc.stderr[-3000:]
            counts.append(rows(db, "SELECT count(*) n FROM articles")[0]["n"])
    assert counts == [15, 30, 40]


# --- 4. profile values ----------------------------------------------------------------------------------------

GOOD = 'slug = "{slug}"\nname = "T"\nstart_urls = ["http://a.vn/"]\n'


@pytest.mark.parametrize("body, message", [
    (GOOD + "[politeness]\nconcurrency = 0\n", "line 5: [politeness] concurrency must be at least 1"),
    (GOOD + "[politeness]\nconcurrency = -3\n", "line 5: [politeness] concurrency must be at least 1"),
    (GOOD + "[politeness]\nconcurrency = 1.5\n", "line 5: [politeness] concurrency must be a whole number"),
    (GOOD + "[politeness]\ndownload_delay = -1\n", "line 5: [politeness] download_delay must be at least 0"),
    (GOOD + "[politeness]\ndownload_delay = nan\n", "line 5: [politeness] download_delay must be a number"),
    (GOOD + "[politeness]\nautothrottle = \"no\"\n", "line 5: politeness.autothrottle must be true or false"),
    (GOOD + "[urls]\nmax_articles = -1\n", "line 5: [urls] max_articles must be at least 0"),
    (GOOD + "[dates]\norder = \"DDMMYY\"\n", "line 5: dates.order must be one of DMY, MDY, YMD"),
    (GOOD + "urls = 5\n", "line 4: 'urls' must be a [urls] table"),
    ('slug = 5\nname = "T"\nstart_urls = ["http://a.vn/"]\n', "line 1: slug must be lowercase ASCII"),
    ('slug = "T t"\nname = "T"\nstart_urls = ["http://a.vn/"]\n', "line 1: slug must be lowercase ASCII"),
    ('slug = "{slug}"\nname = "T"\nstart_urls = []\n', "line 3: start_urls must name at least one http(s) URL"),
    ('slug = "{slug}"\nname = "T"\nstart_urls = ["ftp://a.vn/"]\n', "line 3: start_urls must be http(s)://host"),
    ('slug = "{slug}"\nname = "T"\nstart_urls = ["http://a.vn:x/"]\n', "line 3: start_urls has a URL with a bad port"),
    ('slug = "{slug}"\nname = 7\nstart_urls = ["http://a.vn/"]\n', "line 2: name must be a non-empty string"),
    ('slug = "{slug}"\nname = "T"\nstart_urls = ["http://b.vn/"]\ndomains = ["a.vn"]\n',
     "line 3: start_urls 'http://b.vn/' is not on the profile's domains"),
    ('slug = "travinh-replica"\nname = "T"\nstart_urls = ["http://a.vn/"]\n',
     "line 1: slug 'travinh-replica' is the portal of"),
    (GOOD + "[urls]\narticle = ['(a)\\1']\n", "bad URL pattern"),
])
def test_bad_profile_values_are_one_line_errors_naming_file_and_key(tmp_path, body, message):
    path = tmp_path / "hostile-profile.toml"
    path.write_text(body.format(slug="hostile-profile"), encoding="utf-8")
    with pytest.raises(ProfileError) as err:
        load_profile(path)
    assert str(path) in str(err.value)
    assert message in str(err.value)


def test_a_bad_profile_value_stops_the_crawl_with_one_line(tmp_path):
    path = tmp_path / "zero.toml"
    path.write_text(GOOD.format(slug="zero") + "[politeness]\nconcurrency = 0\n", encoding="utf-8")
    proc = run_cli("crawl", path, "--db", tmp_path / "a.db", timeout=60)
    assert proc.returncode == 1
    assert len(proc.stderr.strip().splitlines()) == 1, proc.stderr
    assert "concurrency must be at least 1" in proc.stderr


def test_a_profile_cannot_take_over_a_registry_portal(tmp_path):
    from crawler.registry import resolve

    path = tmp_path / "thanhhoa.toml"
    path.write_text(GOOD.format(slug="thanhhoa"), encoding="utf-8")
    with pytest.raises(ProfileError, match="slug 'thanhhoa' is the registry's portal"):
        resolve(str(path))


def test_a_variant_of_a_bundled_profile_may_keep_its_slug(tmp_path):
    path = tmp_path / "danvan-variant.toml"
    path.write_text((ROOT / "crawler/portals/danvan-replica.toml").read_text(encoding="utf-8"), encoding="utf-8")
    assert load_profile(path).slug == "danvan-replica"


# --- 7. the WARC folder full ----------------------------------------------------------------------------------

def test_warc_folder_full_stops_the_crawl_with_one_line(tmp_path):
    """The WARC folder's disk below ``WARC_MIN_FREE_MB`` (here: more than any disk has) fails like a full disk:
    the crawl stops, one line on stderr, exit 69 (failed), run ``failed`` with reason ``warc_write_failed``, and no
    article is stored without its capture."""
    db = tmp_path / "a.db"
    with server.start([SLUG], articles=10) as rep:
        proc = run_cli("crawl", SLUG, "--db", db, "--base-url", rep.base_urls[SLUG],
                       "--set", "WARC_MIN_FREE_MB=1000000000", timeout=120)
    assert proc.returncode == EXIT_CODES["failed"], proc.stderr
    assert "Traceback" not in proc.stderr
    assert proc.stderr.count("WARC write failed") == 2, proc.stderr  # the log line and the exit line
    assert len(proc.stderr.strip().splitlines()) == 2, proc.stderr
    assert rows(db, "SELECT status, finish_reason FROM crawl_runs") == [
        {"status": "failed", "finish_reason": "warc_write_failed"}]
    assert rows(db, "SELECT count(*) n FROM articles WHERE warc_record_id IS NULL")[0]["n"] == 0


def test_an_unusable_warc_folder_stops_the_crawl_before_anything_is_stored(tmp_path):
    (tmp_path / "file").write_text("not a folder")
    db = tmp_path / "a.db"
    with server.start([SLUG], articles=4) as rep:
        proc = run_cli("crawl", SLUG, "--db", db, "--base-url", rep.base_urls[SLUG],
                       "--set", f"WARC_DIR={tmp_path / 'file' / 'warc'}", timeout=120)
    assert proc.returncode == EXIT_CODES["failed"], proc.stderr
    assert "Traceback" not in proc.stderr
    assert rows(db, "SELECT count(*) n FROM articles")[0]["n"] == 0


def test_scrapy_crawl_exits_non_zero_when_the_warc_folder_is_full(tmp_path):
    with server.start([SLUG], articles=4) as rep:
        proc = crawl(tmp_path / "a.db", rep.base_urls[SLUG], SLUG, "WARC_MIN_FREE_MB=1000000000", timeout=120)
    assert proc.returncode == 1
    assert "Error: crawl stopped: WARC write failed" in proc.stderr


def test_a_real_write_error_cuts_the_half_written_record(tmp_path):
    """A file size limit (``RLIMIT_FSIZE``: the kernel refuses the write, as on a full disk) hit in the middle of a
    record: ``WarcFileWriter`` raises OSError and the file ends at its last whole record."""
    script = f"""
import os, resource
from crawler.warc import WarcFileWriter
writer = WarcFileWriter({str(tmp_path)!r}, "t", 1 << 30)
writer.write("http://a.vn/1", [], "GET", 200, "OK", [], b"<html>ok</html>", None)
whole = writer.path.stat().st_size
resource.setrlimit(resource.RLIMIT_FSIZE, (whole + 4096, resource.RLIM_INFINITY))
try:
    writer.write("http://a.vn/2", [], "GET", 200, "OK", [], os.urandom(200_000), None)
except OSError as exc:
    print("raised", whole, writer.path.stat().st_size)
"""
    proc = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=60)
    word, whole, size = proc.stdout.split()
    assert word == "raised", proc.stderr
    assert size == whole


# --- 8. the frontier's retry policy -----------------------------------------------------------------------------

def test_failed_frontier_urls_are_settled_with_a_retry_policy(tmp_path):
    """Articles that redirect away (off the portal, to a private address), are too large, are no HTML page, or
    always time out do not stay plainly ``pending``: moved ones are ``gone``, final failures ``failed``, a timeout
    waits for its back-off (``next_attempt_at``), and the next run fetches none of them."""
    db = tmp_path / "a.db"
    modes = {"private": "gone", "huge": "failed", "slow:5": "pending", "offhost": "gone", "binary": "failed"}
    with server.start([SLUG], articles=len(modes) + 2) as rep:
        plan = {item.path: mode for item, mode in zip(rep.sites[SLUG].items, modes)}
        rep.faults.plan.update(plan)
        crawl(db, rep.base_urls[SLUG], SLUG, "RETRY_TIMES=0", timeout=120)
        first = dict(rep.faults.hits)
        crawl(db, rep.base_urls[SLUG], SLUG, "RETRY_TIMES=0", timeout=120)
        second = dict(rep.faults.hits)
    frontier = {path_of(r["url"]): r for r in rows(db, "SELECT * FROM frontier")}
    now = datetime.now(timezone.utc).isoformat(timespec="seconds")
    for path, mode in plan.items():
        assert frontier[path]["state"] == modes[mode], mode
    timed_out = frontier[next(p for p, m in plan.items() if m == "slow:5")]
    assert timed_out["attempts"] == 1
    assert timed_out["next_attempt_at"] > now
    assert timed_out["last_error"] == "timeout"
    assert {p: second[p] for p in plan} == {p: first[p] for p in plan}


def test_settle_frontier_gives_up_after_the_last_attempt(tmp_path):
    from crawler.urls import url_key
    from portal_archive import archive

    db = archive.open_archive(tmp_path / "a.db")
    url, at = "http://a.vn/1.html", "2026-01-01T00:00:00+00:00"
    archive.store_batch(db, [], events=[{"portal": "p", "url": url, "url_key": url_key(url), "event": "discovered",
                                         "fetched_at": at}])
    error = {"portal": "p", "url": url, "error": "timeout", "fetched_at": at}
    states = []
    for _ in range(3):
        archive.store_fetch_errors(db, [error], backoff=60, max_attempts=3)
        states.append(db.execute("SELECT state, attempts, next_attempt_at FROM frontier").fetchone())
    assert states == [("pending", 1, "2026-01-01T00:01:00+00:00"), ("pending", 2, "2026-01-01T00:04:00+00:00"),
                      ("failed", 3, None)]


def test_a_given_up_url_is_tried_again_a_month_later(tmp_path):
    from crawler.urls import url_key
    from portal_archive import archive

    db = archive.open_archive(tmp_path / "a.db")
    url, at = "http://a.vn/1.html", "2026-01-01T00:00:00+00:00"
    archive.store_batch(db, [], events=[{"portal": "p", "url": url, "url_key": url_key(url), "event": "discovered",
                                         "fetched_at": at}])
    archive.store_fetch_errors(db, [{"portal": "p", "url": url, "error": "too_large", "fetched_at": at}])
    assert url_key(url) in archive.crawl_state(db, "p", now="2026-01-20T00:00:00+00:00")["later"]
    assert url_key(url) not in archive.crawl_state(db, "p", now="2026-02-01T00:00:00+00:00")["later"]


# --- 9. robots.txt ------------------------------------------------------------------------------------------------

class DelaySite:
    """A tiny portal whose robots.txt says ``Crawl-delay: 1`` and disallows one of its four articles; it records
    when each page was asked for."""

    def __init__(self):
        self.times: list[tuple[float, str]] = []
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802
                site.times.append((time.monotonic(), self.path))
                if self.path == "/robots.txt":
                    body = "User-agent: *\nCrawl-delay: 1\nDisallow: /a/3.html\n"
                elif self.path == "/":
                    body = "<html><body>" + "".join(f'<a href="/a/{n}.html">Bài {n}</a>' for n in range(4)) + \
                        "</body></html>"
                else:
                    body = (f"<html><head><title>Bài {self.path}</title></head><body><h1>Bài {self.path}</h1>"
                            "<div class='content'><p>Người dân xã tham gia phong trào xây dựng nông thôn mới, "
                            "làm đường giao thông và trồng cây xanh dọc các tuyến kênh nội đồng.</p></div>"
                            "</body></html>")
                data = body.encode()
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/"

    def __enter__(self):
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


def test_robots_crawl_delay_is_the_minimum_delay(tmp_path):
    """No download delay and 16 requests at once asked for, but robots.txt says ``Crawl-delay: 1``: the pages
    are requested at least a second apart."""
    profile = tmp_path / "delay-test.toml"
    with DelaySite() as site:
        profile.write_text(f'slug = "delay-test"\nname = "D"\nstart_urls = ["{site.url}"]\n[urls]\n'
                           "article = ['^/a/']\n", encoding="utf-8")
        proc = crawl(tmp_path / "a.db", site.url.rstrip("/"), str(profile), timeout=120)
        assert proc.returncode == 0, proc.stderr[-3000:]
    pages = [t for t, path in site.times if path != "/robots.txt"]
    assert len(pages) == 4  # the home page and the three articles robots.txt allows
    gaps = [b - a for a, b in zip(pages, pages[1:])]
    assert min(gaps) >= 0.95, gaps
    assert stats_of(tmp_path / "a.db")["robotstxt/crawl_delay"] == 1.0


def test_a_queued_url_robots_txt_disallows_is_settled(tmp_path):
    profile = tmp_path / "disallow-test.toml"
    db = tmp_path / "a.db"
    with DelaySite() as site:
        profile.write_text(f'slug = "disallow-test"\nname = "D"\nstart_urls = ["{site.url}"]\n[urls]\n'
                           "article = ['^/a/']\n", encoding="utf-8")
        proc = crawl(db, site.url.rstrip("/"), str(profile), timeout=120)
        assert proc.returncode == 0, proc.stderr[-3000:]
    assert rows(db, "SELECT state, last_error FROM frontier WHERE url LIKE '%/a/3.html'") == [
        {"state": "failed", "last_error": "robots_disallowed"}]


def test_robots_redirect_to_a_refused_target_means_disallow(tmp_path):
    """robots.txt redirecting to the cloud metadata address is unreachable, as a timeout is: nothing is fetched,
    each refused page is a ``robots_unavailable`` row."""
    db = tmp_path / "a.db"
    with server.start([SLUG], articles=4, faults={"/robots.txt": "metadata"}) as rep:
        proc = crawl(db, rep.base_urls[SLUG], SLUG, "ROBOTSTXT_OBEY=True", timeout=120)
        served = [target for _, target in rep.faults.served]
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert served == ["/robots.txt"]
    assert rows(db, "SELECT count(*) n FROM articles")[0]["n"] == 0
    assert {e["error"] for e in rows(db, "SELECT error FROM fetch_errors")} == {"robots_unavailable"}


# --- 10. smaller ---------------------------------------------------------------------------------------------------

def test_a_catastrophic_profile_pattern_runs_in_linear_time(tmp_path):
    """``(a+)+$`` takes exponential time in Python's ``re`` on "aaa…b"; profile patterns run on RE2."""
    path = tmp_path / "redos.toml"
    path.write_text(GOOD.format(slug="redos") + "[urls]\narticle = ['(a+)+$']\n", encoding="utf-8")
    profile = load_profile(path)
    assert profile.classify("http://a.vn/" + "a" * 100_000 + "b") is None


def test_deep_nesting_is_flagged(tmp_path):
    db = tmp_path / "a.db"
    with server.start([SLUG], articles=3) as rep:
        item = rep.sites[SLUG].items[0]
        rep.faults.plan[item.path] = "deep:3000"
        crawl(db, rep.base_urls[SLUG], timeout=120)
    stored = {path_of(r["url"]): json.loads(r["rules"]) for r in rows(db, "SELECT url, rules FROM articles")}
    assert stored[item.path]["depth_limited"] == 2048


def test_utf16_without_bom_is_decoded_and_flagged(tmp_path):
    db = tmp_path / "a.db"
    with server.start([SLUG], articles=3) as rep:
        item = rep.sites[SLUG].items[0]
        rep.faults.plan[item.path] = "utf16"
        crawl(db, rep.base_urls[SLUG], timeout=120)
    stored = {path_of(r["url"]): r for r in rows(db, "SELECT url, title, body_text, rules FROM articles")}
    assert stored[item.path]["title"] == item.title
    assert stored[item.path]["body_text"] == item.body_text
    assert json.loads(stored[item.path]["rules"])["repaired"] == "utf-16-le"


def test_a_huge_title_is_capped_and_flagged(tmp_path):
    db = tmp_path / "a.db"
    with server.start([SLUG], articles=3) as rep:
        item = rep.sites[SLUG].items[0]
        rep.faults.plan[item.path] = "longtitle:200000"
        crawl(db, rep.base_urls[SLUG], timeout=120)
    stored = {path_of(r["url"]): r for r in rows(db, "SELECT url, title, rules FROM articles")}
    assert len(stored[item.path]["title"]) <= MAX_TITLE + 1  # and the ellipsis
    assert stored[item.path]["title"].endswith("…")
    assert json.loads(stored[item.path]["rules"])["title_capped"] > 100_000  # its full length


def test_archive_integrity_after_hostile_pages(tmp_path):
    """Every hostile page of this file in one crawl: the archive passes SQLite's integrity check."""
    db = tmp_path / "a.db"
    with server.start([SLUG], articles=8) as rep:
        for item, mode in zip(rep.sites[SLUG].items, ("attrs", "utf16", "longtitle:5000", "deep:3000", "links:500")):
            rep.faults.plan[item.path] = mode
        proc = crawl(db, rep.base_urls[SLUG], timeout=180)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert sqlite3.connect(db).execute("PRAGMA integrity_check").fetchone() == ("ok",)
