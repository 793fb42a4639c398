"""End to end in a real browser: `portal-archive serve` + headless Chromium, an accent-free search in the UI.

Needs Debian's ``chromium`` (``apt-get install -y chromium``) at /usr/bin/chromium. Skipped without it on
a developer machine; under CI (env ``CI`` set) a missing browser is a failure. Screenshots are saved in
``test-artifacts/`` at the project root.
"""
from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import BIN, ROOT
from tests.vn_archive import build_archive

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
ARTIFACTS = ROOT / "test-artifacts"

if not CHROMIUM.exists() and not os.environ.get("CI"):
    pytest.skip("no /usr/bin/chromium (apt-get install -y chromium); required when CI is set",
                allow_module_level=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def serving(db, log_path):
    """`portal-archive serve --db DB` on a free port until the block ends: yields its base URL."""
    port = free_port()
    log = open(log_path, "w+")
    proc = subprocess.Popen([str(BIN / "portal-archive"), "serve", "--db", str(db), "--port", str(port)],
                            cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(url + "/-/versions.json", timeout=2)
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    log.seek(0)
                    pytest.fail(f"portal-archive serve did not start:\n{log.read()[-3000:]}")
                time.sleep(0.2)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """`portal-archive serve` on a free 127.0.0.1 port over the literal Vietnamese archive; yields its URL."""
    db = tmp_path_factory.mktemp("browser") / "archive.db"
    build_archive(db).conn.close()
    with serving(db, tmp_path_factory.getbasetemp() / "serve.log") as url:
        yield url


@contextlib.contextmanager
def browser_page(width: int, height: int):
    """A page of headless Chromium with a ``width`` x ``height`` viewport (fails when Chromium is missing)."""
    if not CHROMIUM.exists():
        pytest.fail("/usr/bin/chromium is missing (CI needs: apt-get install -y chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        try:
            yield browser.new_page(viewport={"width": width, "height": height})
        finally:
            browser.close()


@pytest.fixture(scope="module")
def page():
    with browser_page(1400, 1000) as opened:
        yield opened


def test_accent_free_search_in_the_articles_search_box(served, page):
    page.goto(served + "/archive/articles")
    page.fill('input[name="_search"]', "da nang")
    page.press('input[name="_search"]', "Enter")
    page.wait_for_url("**_search=da+nang**")
    table = page.locator("table.rows-and-columns")
    table.wait_for()
    assert "Đảng bộ thành phố Đà Nẵng học tập Nghị quyết" in table.inner_text()
    assert "Hội nghị tổng kết công tác Dân vận" not in table.inner_text()
    assert page.locator('a[href="https://danang.gov.vn/tin-tuc/dang.html"]').count() >= 1
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "datasette-search-da-nang.png"), full_page=True)


def test_ranked_search_form_highlights_hits(served, page):
    page.goto(served + "/archive/search")
    page.fill('input[name="q"]', "dan van")
    page.press('input[name="q"]', "Enter")
    page.wait_for_url("**q=dan+van**")
    first_mark = page.locator("table.rows-and-columns mark").first
    first_mark.wait_for()
    assert first_mark.inner_text() == "Dân vận"
    assert "Hội nghị tổng kết công tác Dân vận năm 2024" in page.locator("table.rows-and-columns").inner_text()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "datasette-ranked-search-dan-van.png"), full_page=True)


def test_images_not_captured_are_placeholders_with_captions(served, page):
    page.goto(served + "/archive/images")
    assert page.locator('img[src="https://soctrang.gov.vn/img/ghe-ngo.jpg"]').count() == 0  # no hot-linking
    assert page.locator('a[href="https://soctrang.gov.vn/img/ghe-ngo.jpg"] .pa-not-captured').count() == 1
    assert "Đua ghe Ngo trên sông Maspero" in page.locator("figcaption").all_inner_texts()
