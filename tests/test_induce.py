"""Profiles induced from sample pages (`portal-archive profile new`): a crawl with the induced profile gives what
the hand-written profile gives; `extract --explain` names the rule behind each field."""
from __future__ import annotations

import json
import urllib.request

import pytest

import replica
from crawler.induce import expression
from crawler.profiles import load_profile, url_slug
from tests.conftest import cli, rows, run_cli

FIELDS = ("title", "published_at", "body_text")


@pytest.mark.parametrize("slug", replica.PORTALS)
def test_a_crawl_with_the_induced_profile_matches_the_hand_written_one(slug, replica_live, crawled_db,
                                                                     zero_config_db, tmp_path):
    base = replica_live.base_urls[slug]
    induced = tmp_path / "induced.toml"
    cli("profile", "new", base + "/", "--from-archive", url_slug(base), "--db", zero_config_db, "-o", induced,
        check=True)
    db = tmp_path / "a.db"
    run_cli("crawl", induced, "--db", db, "--delay", "0", "--concurrency", "8", check=True)
    want = {r["url_key"]: r for r in rows(crawled_db, "SELECT * FROM articles WHERE portal = ?", [slug])}
    got = {r["url_key"]: r for r in rows(db, "SELECT * FROM articles")}
    same = [k for k, r in want.items() if k in got and all(got[k][f] == r[f] for f in FIELDS)]
    assert len(same) >= 0.95 * len(want)


def test_the_induced_profile_names_its_selectors_and_their_agreement(replica_live, zero_config_db, tmp_path):
    base = replica_live.base_urls["travinh-replica"]
    path = tmp_path / "p.toml"
    cli("profile", "new", base + "/", "--from-archive", url_slug(base), "--db", zero_config_db, "-o", path,
        check=True)
    text = path.read_text(encoding="utf-8")
    profile = load_profile(path)
    assert profile.selectors["title"] == ["h1.tieudetin"]
    assert profile.article_patterns == [r"^/\d+/\d+/[^/]+\.aspx$"]
    assert profile.discover
    assert "found by it on 120/120 article samples" in text


def test_saved_pages_give_a_profile_offline(replica_live, tmp_path):
    base = replica_live.base_urls["nukeviet-replica"]
    truth = replica_live.sites["nukeviet-replica"].articles[:6]
    pages = []
    for n, article in enumerate(truth):
        page = tmp_path / f"page{n}.html"
        page.write_bytes(urllib.request.urlopen(base + article["path"], timeout=10).read())
        pages += ["--pages", page]
    proc = cli("profile", "new", base + "/", *pages, check=True)
    assert "article = ['^/news/" in proc.stdout
    assert "title = [" in proc.stdout


def test_no_article_to_learn_from_is_one_clear_error(zero_config_db):
    proc = cli("profile", "new", "http://example.org/", "--from-archive", "nothing-here", "--db", zero_config_db)
    assert proc.returncode == 1
    assert proc.stderr.strip() == f"Error: no articles of 'nothing-here' to learn from in {zero_config_db}"


def test_extract_explain_names_the_rule_behind_each_field(tmp_path):
    page = tmp_path / "a.html"
    page.write_text("<html><head><title>T</title></head><body><h1 class='title-detail'>Hội nghị tổng kết năm</h1>"
                    "<span class='post-date'>14/06/2024 08:30</span><div class='content-detail'>"
                    + "".join(f"<p>Đoạn {n}: nội dung bài viết đủ dài để là thân bài của một bài báo thật.</p>"
                              for n in range(6))
                    + "</div></body></html>", encoding="utf-8")
    out = json.loads(cli("extract", page, "--url", "http://tinh.gov.vn/a.html", "--explain", check=True).stdout)
    assert out["rules"]["title"] == "generic:h1.title-detail"
    assert out["rules"]["published"] == "generic:.post-date"
    assert out["page_kind"] == "article"


@pytest.mark.parametrize("rule,expr", [
    ("generic:.post-date", ".post-date"), ("family:nukeviet:h1.title", "h1.title"),
    ("generic:time[datetime]@datetime", "time[datetime]"), ("meta:og:title", None), ("generic:density", None),
    ("generic:h1~meta", None), ("title:prefix", None), ("generic:body-tail", None), (None, None),
    ("generic:h1", "h1"), ("generic:author-link", None), ("generic:beside-date", None), ("generic:author-field", None),
    ("generic:publish-label", None), ("generic:details-line", None),
])
def test_only_rules_that_are_selectors_become_selectors(rule, expr):
    assert expression(rule) == expr


# ---------------------------------------------------------------- real pages of the development corpus
def _corpus_articles():
    from crawler.evaluate import corpus_dir

    gold = corpus_dir() / "gold"
    if not gold.is_dir():
        return []
    return sorted(p.stem for p in gold.glob("*.json")  # articles: dated pages with a body
                  if json.loads(p.read_text(encoding="utf-8")).get("body_text")
                  and json.loads(p.read_text(encoding="utf-8")).get("published"))


@pytest.fixture(scope="module")
def corpus_site():
    """Every article page of the development corpus, served at its own path on 127.0.0.1."""
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
    from urllib.parse import urlsplit

    from crawler.evaluate import corpus_dir

    corpus = corpus_dir()
    pages = {}
    for name in _corpus_articles():
        gold = json.loads((corpus / "gold" / f"{name}.json").read_text(encoding="utf-8"))
        pages[urlsplit(gold["url"]).path] = (corpus / "pages" / f"{name}.html").read_bytes()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            body = pages.get(self.path.partition("?")[0])
            self.send_response(200 if body else 404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(body or b"not found")

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.mark.parametrize("name", _corpus_articles() or [pytest.param("none", marks=pytest.mark.skip("no corpus"))])
def test_a_profile_induced_from_a_real_page_crawls_it_to_its_gold(name, corpus_site, tmp_path):
    from urllib.parse import urlsplit

    from crawler.evaluate import corpus_dir, score_page

    corpus = corpus_dir()
    gold = json.loads((corpus / "gold" / f"{name}.json").read_text(encoding="utf-8"))
    page = corpus / "pages" / f"{name}.html"
    url = corpus_site + urlsplit(gold["url"]).path
    profile = tmp_path / "induced.toml"
    cli("profile", "new", url, "--pages", page, "-o", profile, check=True)
    db = tmp_path / "a.db"
    # the site serves this one page, its other links answer 404: errors above any threshold, yet not a failure
    # --no-images: its images are on the publisher's hosts, and tests never reach the network
    run_cli("crawl", profile, "--db", db, "--delay", "0", "--max-pages", "10", "--max-error-rate", "1", "--no-images",
            check=True)
    exported = [json.loads(line) for line in cli("export", "--db", db, check=True).stdout.splitlines()]
    archived = [r for r in exported if urlsplit(r["url"]).path == urlsplit(url).path]  # its canonical link's host
    assert len(archived) == 1
    scores = score_page(archived[0], {**gold, "counters": None})  # counters: site-wide, not here
    assert min(scores.values()) >= 0.95, scores
