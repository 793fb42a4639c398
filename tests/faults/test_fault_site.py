"""Site-wide faults with real crawls: robots.txt answering 5xx, a calendar trap, a listing redirected to a
private address, the per-profile download timeout."""
from __future__ import annotations

import re

from replica import server
from tests.conftest import ROOT
from tests.faults.helpers import crawl, path_of, rows

SLUG = "danvan-replica"


def test_robots_txt_5xx_is_complete_disallow_until_it_recovers(tmp_path):
    with server.start([SLUG], articles=6, faults={"/robots.txt": "503"}) as rep:
        db = tmp_path / "a.db"
        proc = crawl(db, rep.base_urls[SLUG])
        assert proc.returncode == 0, proc.stderr[-3000:]
        assert rows(db, "SELECT count(*) n FROM articles")[0]["n"] == 0
        errors = rows(db, "SELECT error, url FROM fetch_errors")
        assert errors
        assert {e["error"] for e in errors} == {"robots_unavailable"}
        assert rows(db, "SELECT status FROM crawl_runs")[-1]["status"] in ("partial", "failed")
        assert "unavailable (HTTP 503)" in proc.stderr
        del rep.faults.plan["/robots.txt"]  # robots.txt recovers: the next run archives everything
        proc = crawl(db, rep.base_urls[SLUG])
        assert rows(db, "SELECT count(*) n FROM articles")[0]["n"] == 6
        assert rows(db, "SELECT status FROM crawl_runs")[-1]["status"] == "ok"


def test_calendar_trap_is_bounded_by_the_profile(tmp_path):
    text = (ROOT / "crawler/portals/danvan-replica.toml").read_text(encoding="utf-8")
    text = text.replace("listing = [\n", "listing = [\n    '^/\\?cal=\\d+',\n", 1)
    text = re.sub(r"max_listing_pages = \d+", "max_listing_pages = 15", text)
    profile = tmp_path / "danvan-trap.toml"
    profile.write_text(text, encoding="utf-8")
    with server.start([SLUG], articles=6, faults={"/": "trap"}) as rep:
        db = tmp_path / "a.db"
        proc = crawl(db, rep.base_urls[SLUG], str(profile), timeout=120)
        assert proc.returncode == 0, proc.stderr[-3000:]
        assert rows(db, "SELECT count(*) n FROM articles")[0]["n"] == 6
        trap_pages = [t for mode, t in rep.faults.served if mode == "trap" and "cal=" in t]
    # 15 distinct listing pages at most: the 5 categories, so at most 10 trap pages are followed
    assert 1 <= len(trap_pages) <= 10


def test_listing_redirected_to_a_private_address_is_refused_and_recorded(tmp_path):
    with server.start([SLUG], articles=6) as rep:
        site = rep.sites[SLUG]
        listing = "/web/guest/dan-van-kheo"
        assert site.respond(listing).status == 200
        rep.faults.plan[listing] = "metadata"
        db = tmp_path / "a.db"
        proc = crawl(db, rep.base_urls[SLUG])
        assert proc.returncode == 0, proc.stderr[-3000:]
    errors = rows(db, "SELECT error, url, message FROM fetch_errors")
    assert [(e["error"], path_of(e["url"])) for e in errors] == [("unsafe_target", listing)]
    assert "169.254.169.254 is a link-local address" in errors[0]["message"]
    assert "<GET http://169.254.169.254" not in proc.stderr.replace("Redirecting", "")


def test_profile_download_timeout_applies(tmp_path):
    text = (ROOT / "crawler/portals/danvan-replica.toml").read_text(encoding="utf-8")
    text = text.replace("[politeness]\n", "[politeness]\ndownload_timeout = 1\n", 1)
    profile = tmp_path / "danvan-timeout.toml"
    profile.write_text(text, encoding="utf-8")
    with server.start([SLUG], articles=4) as rep:
        rep.faults.plan[rep.sites[SLUG].items[0].path] = "slow:2"
        db = tmp_path / "a.db"
        # no -s DOWNLOAD_TIMEOUT: the profile's 1 s applies (the 2 s answer times out)
        proc = crawl(db, rep.base_urls[SLUG], str(profile), "DOWNLOAD_TIMEOUT=", "RETRY_TIMES=0")
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert [e["error"] for e in rows(db, "SELECT error FROM fetch_errors")] == ["timeout"]
    assert rows(db, "SELECT count(*) n FROM articles")[0]["n"] == 3
