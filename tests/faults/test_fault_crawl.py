"""One real crawl of a replica portal whose articles fail in every way the real web fails: each fault gets
the outcome docs/reliability.md promises (stored exactly, or a ``fetch_errors`` row and nothing
stored), every good article is archived, and the run is ``partial``."""
from __future__ import annotations

import pytest

from replica import server
from tests.faults.helpers import crawl, path_of, rows

SLUG = "danvan-replica"
# transient faults and odd-but-readable pages: the article is archived exactly as the ground truth says
RECOVERED = ["503@2", "500@1", "502@1", "429:1@1", "truncate@1", "reset@1", "slow:3@1", "drip:1", "chain:3@1",
             "cp1258", "cp1258-as-utf8", "latin1-header", "nocharset", "nfd", "bom", "mojibake", "tcvn3", "deep"]
# permanent faults: nothing stored, one fetch_errors row with this class
FAILED = {"truncate": "truncated", "reset": "truncated", "503": "http_503", "500": "http_500", "slow:5": "timeout",
          "huge": "too_large", "gzipbomb": "too_large", "binary": "no_article", "empty": "no_article",
          "private": "unsafe_target", "metadata": "unsafe_target", "scheme": "unsafe_target"}
# gone: nothing stored, a frontier/url event (404/410, moved off the portal, redirect loop)
GONE = ["404", "410", "offhost", "loop"]
MODES = RECOVERED + list(FAILED) + GONE + ["malformed"]
N_GOOD = 8


@pytest.fixture(scope="module")
def faulty_crawl(tmp_path_factory):
    with server.start([SLUG], articles=len(MODES) + N_GOOD) as rep:
        site = rep.sites[SLUG]
        plan = {a.path: mode for a, mode in zip(site.items, MODES)}
        rep.faults.plan.update(plan)
        db = tmp_path_factory.mktemp("faults") / "a.db"
        proc = crawl(db, rep.base_urls[SLUG])
        assert proc.returncode == 0, proc.stderr[-3000:]
        assert rows(db, "SELECT count(*) n FROM articles")[0]["n"] >= N_GOOD, proc.stderr[-5000:]
        stored = {path_of(r["url"]): r for r in rows(db, "SELECT url, title, body_text FROM articles")}
        aliases = {path_of(r["url"]) for r in rows(db, "SELECT url FROM article_urls")}
        errors = rows(db, "SELECT * FROM fetch_errors")
        yield {"site": site, "plan": plan, "stored": stored, "aliases": aliases, "errors": errors,
               "run": rows(db, "SELECT * FROM crawl_runs")[-1], "stderr": proc.stderr, "db": db}


def by_mode(data, mode):
    (item,) = [a for a in data["site"].items if data["plan"].get(a.path) == mode]
    return item


@pytest.mark.parametrize("mode", RECOVERED)
def test_recovered_faults_store_the_exact_article(faulty_crawl, mode):
    a = by_mode(faulty_crawl, mode)
    stored = faulty_crawl["stored"].get(a.path)
    if mode.startswith("chain"):  # the redirect chain ends on another address of the same article
        assert {p for p in faulty_crawl["aliases"] if p.split("?")[0] == a.path} >= {a.path, a.path + "?from=chain"}
    assert stored is not None, f"{mode}: article not archived"
    assert stored["title"] == a.title
    assert stored["body_text"] == a.body_text
    assert not [e for e in faulty_crawl["errors"] if path_of(e["url"]) == a.path]


@pytest.mark.parametrize("mode", list(FAILED))
def test_permanent_faults_are_recorded_and_nothing_partial_is_stored(faulty_crawl, mode):
    a = by_mode(faulty_crawl, mode)
    assert a.path not in faulty_crawl["stored"]
    errs = [e for e in faulty_crawl["errors"] if path_of(e["url"]) == a.path]
    assert [e["error"] for e in errs] == [FAILED[mode]]
    e = errs[0]
    assert e["run_id"] == faulty_crawl["run"]["id"]
    assert e["fetched_at"]
    assert e["portal"] == SLUG
    retried = mode in ("truncate", "reset", "503", "500", "slow:5")
    assert e["attempts"] == (3 if retried else 1)  # RETRY_TIMES = 2
    if mode in ("503", "500"):
        assert e["status"] == int(mode)


@pytest.mark.parametrize("mode", GONE)
def test_gone_and_redirected_away_articles_are_not_stored(faulty_crawl, mode):
    a = by_mode(faulty_crawl, mode)
    assert not [p for p in faulty_crawl["stored"] if p.split("?")[0] == a.path]


def test_malformed_html_still_yields_the_article(faulty_crawl):
    a = by_mode(faulty_crawl, "malformed")
    stored = faulty_crawl["stored"][a.path]
    assert stored["title"] == a.title
    assert a.lead.split()[0] in stored["body_text"]
    assert len(stored["body_text"]) > len(a.body_text) // 2


def test_every_good_article_is_archived_and_the_run_is_partial(faulty_crawl):
    site, stored = faulty_crawl["site"], faulty_crawl["stored"]
    good = [a for a in site.items if a.path not in faulty_crawl["plan"]]
    assert len(good) == N_GOOD
    for a in good:
        assert stored[a.path]["title"] == a.title
        assert stored[a.path]["body_text"] == a.body_text
    run = faulty_crawl["run"]
    assert run["status"] == "partial"
    assert run["errors"] == len(faulty_crawl["errors"]) == len(FAILED)
    assert "Traceback" not in faulty_crawl["stderr"]


def test_no_request_left_the_portal(faulty_crawl):
    """The redirects to 10.0.0.1, 169.254.169.254, file: and another host were never fetched."""
    log = faulty_crawl["stderr"]
    assert "refused redirect" in log
    assert "10.0.0.1 is a private address" in log
    assert "169.254.169.254 is a link-local address" in log
    assert "Crawled (200) <GET http://10.0.0.1" not in log
    assert "<GET http://169.254" not in log
