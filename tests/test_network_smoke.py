"""Opt-in smoke test against a real portal (`make test-network`; deselected from `make test`).

Fetches one live page politely (one request, the archive's User-Agent) and extracts it, so a change in the
extractor can be checked against today's web. Set PORTAL_ARCHIVE_SMOKE_URL to try another page."""
from __future__ import annotations

import os
import urllib.request

import pytest

from crawler import settings
from crawler.extract.article import extract_article
from pipelines.normalize import normalize_article

URL = os.environ.get("PORTAL_ARCHIVE_SMOKE_URL", "https://baocantho.com.vn/")


@pytest.mark.network
def test_live_page_extracts_without_error():
    request = urllib.request.Request(URL, headers={"User-Agent": settings.USER_AGENT})
    with urllib.request.urlopen(request, timeout=30) as response:
        body, content_type = response.read(), response.headers.get("Content-Type")
    article = normalize_article(extract_article(body, URL, content_type=content_type))
    assert article.title, f"no title extracted from {URL}"


SMOKE_PORTALS = os.environ.get("PORTAL_ARCHIVE_SMOKE_PORTALS", "vinhlong,travinh,baotravinh").split(",")


@pytest.mark.network
@pytest.mark.parametrize("slug", SMOKE_PORTALS)
def test_registry_portal_crawls_without_a_profile(slug, tmp_path):
    """A few pages of a real portal of the registry, crawled without a profile as an archivist would."""
    from tests.conftest import rows, run_cli

    db = tmp_path / "smoke.db"
    proc = run_cli("crawl", slug, "--db", db, "--max-pages", "12", "--log-level", "ERROR", timeout=600)
    assert proc.returncode == 0, proc.stderr
    run = rows(db, "SELECT status, pages_fetched FROM crawl_runs")[0]
    assert run["pages_fetched"] > 0
