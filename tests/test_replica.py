"""The bundled replica portals: deterministic content, a well-behaved HTTP server, and profiles that fit."""
from __future__ import annotations

import re
import subprocess
import sys
import unicodedata
import urllib.error
import urllib.request
from collections import Counter
from datetime import datetime
from urllib.parse import urljoin, urlsplit

import pytest
from lxml import html as lxml_html

import replica
from crawler.extract.selectors import select
from crawler.profiles import load_profile
from replica import server
from replica.site import build_site
from tests.conftest import ROOT

TRUTH_KEYS = {"path", "category", "title", "body_text", "published", "published_raw", "byline", "images"}


@pytest.fixture(scope="module")
def live():
    with server.start() as rep:
        yield rep


def fetch(url: str) -> tuple[int, str, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as resp:
            return resp.status, resp.headers["Content-Type"], resp.read()
    except urllib.error.HTTPError as err:
        return err.code, err.headers["Content-Type"], err.read()


def links(base: str, page_url: str, body: bytes) -> set[str]:
    doc = lxml_html.document_fromstring(body)
    out = set()
    for href in doc.xpath("//a/@href"):
        url = urljoin(page_url, href).split("#")[0]
        if urlsplit(url).scheme in ("http", "https"):
            out.add(url)
    return out


def path_of(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


# --- generator ---------------------------------------------------------------------------------

@pytest.mark.parametrize("slug", replica.PORTALS)
def test_same_seed_same_site_other_seed_other_site(slug):
    a, b = build_site(slug), build_site(slug, seed=2025)
    assert a.articles == b.articles
    path = a.articles[len(a.articles) // 2]["path"]
    # fresh sites have the same counter state, so whole pages are byte-identical
    assert a.respond(path, "127.0.0.1:1").body == b.respond(path, "127.0.0.1:1").body
    assert a.respond("/", "127.0.0.1:1").body == b.respond("/", "127.0.0.1:1").body
    other = build_site(slug, seed=7)
    assert [x["title"] for x in other.articles] != [x["title"] for x in a.articles]
    small = build_site(slug, articles=30).articles
    assert len(small) == 30
    assert small == build_site(slug, articles=30).articles


@pytest.mark.parametrize("slug", replica.PORTALS)
def test_ground_truth_shape_and_variety(slug):
    site = build_site(slug)
    arts = site.articles
    assert len(arts) == 120
    assert len({a["path"] for a in arts}) == len(arts)
    assert len({a["category"] for a in arts}) >= 4
    for a in arts:
        assert TRUTH_KEYS <= set(a)
        assert a["path"].startswith("/")
        for text in (a["title"], a["body_text"], a["published_raw"], a["byline"] or "", a["category"]):
            assert unicodedata.is_normalized("NFC", text)
        paragraphs = a["body_text"].split("\n\n")
        assert len(paragraphs) >= 4
        assert all(p.strip() == p and p for p in paragraphs)
        when = datetime.fromisoformat(a["published"])
        assert a["published"].endswith("+07:00")
        assert 2024 <= when.year <= 2025
        assert when.strftime("%d/%m/%Y") in a["published_raw"]
        assert when.strftime("%H:%M") in a["published_raw"]
        for im in a["images"]:
            assert im["src"].startswith("/")
            assert im["src"].endswith(".jpg")
    bylines = Counter(a["byline"] for a in arts)
    assert bylines[None] >= 1
    assert bylines["(TTXVN)"] >= 1
    assert bylines["PV"] >= 1
    assert any((a["byline"] or "").startswith("Tin, ảnh:") for a in arts)
    n_images = Counter(len(a["images"]) for a in arts)
    assert n_images[0]
    assert n_images[1]
    assert n_images[3]
    captions = [im["caption"] for a in arts for im in a["images"]]
    assert None in captions
    assert any(captions)
    assert any(a.get("source") for a in arts)
    dates = sorted(a["published"] for a in arts)
    assert dates[0] < "2024-07-01"
    assert dates[-1] > "2025-07-01"


def test_date_lines_per_family():
    tv, nv, dv = (build_site(s).articles[0]["published_raw"] for s in replica.PORTALS)
    assert re.fullmatch(r"(Thứ (Hai|Ba|Tư|Năm|Sáu|Bảy)|Chủ Nhật), \d\d/\d\d/\d{4} - \d\d:\d\d", tv)
    assert re.fullmatch(r"(Thứ (hai|ba|tư|năm|sáu|bảy)|Chủ nhật) - \d\d/\d\d/\d{4} \d\d:\d\d", nv)
    assert re.fullmatch(r"\((Thứ (hai|ba|tư|năm|sáu|bảy)|Chủ nhật), \d\d/\d\d/\d{4} \d\d:\d\d\)", dv)
    assert any(a["byline"] and a["byline"].startswith("Tác giả: ") for a in build_site("danvan-replica").articles)


def test_scale_and_large_pages():
    site = build_site("nukeviet-replica", articles=1700, large_pages=True)
    assert len(site.articles) == 1700
    for path in ("/", site.articles[0]["path"], site.articles[-1]["path"]):
        size = len(site.respond(path, "127.0.0.1:1").body)
        assert 60 * 1024 <= size <= 110 * 1024, (path, size)


def test_unknown_slug_is_an_error():
    with pytest.raises(ValueError, match="unknown replica portal"):
        build_site("nope-replica")


# --- server ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("slug", replica.PORTALS)
def test_serves_home_listing_article_robots_and_404(live, slug):
    base, site = live.base_urls[slug], live.sites[slug]
    html_type = "text/html; charset=utf-8"
    status, ctype, body = fetch(base + "/")
    assert (status, ctype) == (200, html_type)
    assert b"<html" in body
    assert b'<meta charset="utf-8" />' in body
    assert "Thống kê truy cập".encode() in body
    cat = site.categories[0]
    status, ctype, body = fetch(base + site.family.listing_path(cat))
    assert (status, ctype) == (200, html_type)
    assert cat.articles[0].path.encode() in body  # newest first
    art = site.articles[-1]
    status, ctype, body = fetch(base + art["path"])
    assert (status, ctype) == (200, html_type)
    text = body.decode("utf-8")
    assert art["title"] in text
    assert art["published_raw"] in text
    assert 30 * 1024 <= len(body) <= 60 * 1024
    status, ctype, body = fetch(base + "/robots.txt")
    assert status == 200
    assert ctype.startswith("text/plain")
    assert b"Disallow: /admin/" in body
    for missing in ("/khong-co-trang-nay", art["path"] + "x", site.family.listing_path(cat, 999)):
        status, ctype, _ = fetch(base + missing)
        assert (status, ctype) == (404, html_type), missing
    assert fetch(base + "/admin/")[0] == 403
    for im in (i for a in site.articles for i in a["images"]):
        status, ctype, body = fetch(base + im["src"])
        assert (status, ctype) == (200, "image/jpeg")
        assert body.startswith(b"\xff\xd8")
        break


@pytest.mark.parametrize("slug", replica.PORTALS)
def test_counters_grow_between_requests(live, slug):
    base = live.base_urls[slug]
    profile = load_profile(slug)

    def numbers():
        doc = lxml_html.document_fromstring(fetch(base + "/")[2])
        block = select(doc, profile.selectors["counters"][0])[0]
        return [int(re.sub(r"[.,]", "", n)) for n in re.findall(r"\d[\d.,]*", block.text_content())]

    first, second = numbers(), numbers()
    assert len(first) == len(live.sites[slug].counter_labels)
    assert second[-1] == first[-1] + 1  # total grows by one per page view
    assert second[1] == first[1] + 1    # today
    assert max(first) >= 1_000_000


@pytest.mark.parametrize("slug", replica.PORTALS)
def test_every_article_reachable_from_home_through_listings(live, slug):
    base, site = live.base_urls[slug], live.sites[slug]
    profile = load_profile(slug).rebased(base)
    queue, seen, articles = [base + "/"], {base + "/"}, set()
    while queue:
        url = queue.pop(0)
        status, _, body = fetch(url)
        assert status == 200, url
        for link in links(base, url, body):
            kind = profile.classify(link)
            if kind == "article":
                articles.add(path_of(link))
            elif kind == "listing" and link not in seen:
                seen.add(link)
                queue.append(link)
    assert articles == {a["path"] for a in site.articles}
    listing_pages = sum(site.family.pages(c) for c in site.categories)
    assert len(seen) - 1 == listing_pages  # every pagination page, nothing else


# --- profiles ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("slug", replica.PORTALS)
def test_profile_classifies_replica_urls(live, slug):
    base, site = live.base_urls[slug], live.sites[slug]
    profile = load_profile(slug)
    assert profile.replica == slug
    assert profile.download_delay == 0
    assert profile.autothrottle is False
    rebased = profile.rebased(base)
    for p in (profile, rebased):
        host = "http://127.0.0.1:8701" if p is profile else base
        for a in site.articles:
            assert p.classify(host + a["path"]) == "article", a["path"]
        for cat in site.categories:
            for page in range(1, site.family.pages(cat) + 1):
                assert p.classify(host + site.family.listing_path(cat, page)) == "listing"
        for path in ("/admin/", "/admin/login", site.articles[0]["path"] + "?print=1"):
            assert p.classify(host + path) is None, path
    assert rebased.classify("https://chinhphu.vn/" + site.articles[0]["path"]) is None
    # every link on a live article page is classified as the crawler should treat it
    art = site.articles[3]
    _, _, body = fetch(base + art["path"])
    kinds = {}
    for link in links(base, base + art["path"], body):
        kinds.setdefault(rebased.classify(link), set()).add(link)
    for link in kinds.get("article", ()):
        assert path_of(link) in site.by_path
    for link in kinds.get("listing", ()):
        assert fetch(link)[0] == 200
    denied = kinds.get(None, set())
    assert any("print" in link for link in denied)
    assert any(urlsplit(link).hostname != "127.0.0.1" for link in denied)
    assert any("/admin/" in link for link in denied)


@pytest.mark.parametrize("slug", replica.PORTALS)
def test_profile_selectors_find_every_field(slug):
    """The profile's first selector per field yields the ground truth on every article page."""
    site, profile = build_site(slug), load_profile(slug)

    def norm(text):
        return re.sub(r"\s+", " ", text).strip()

    for a in site.articles:
        doc = lxml_html.document_fromstring(site.respond(a["path"], "127.0.0.1:1").body)
        first = {f: select(doc, exprs[0]) for f, exprs in profile.selectors.items()}
        assert norm(first["title"][0].text_content()) == a["title"]
        assert norm(first["published"][0].text_content()) == a["published_raw"]
        byline = next((norm(m[0].text_content()) for e in profile.selectors["byline"] if (m := select(doc, e))), None)
        assert byline == a["byline"], a["path"]
        assert [img.get("src") for img in first["images"]] == [im["src"] for im in a["images"]]
        assert len(first["counters"]) == 1
        # exclude = noise only: byline and captions survive it and are left out of the text afterwards
        for expr in profile.selectors["exclude"]:
            for el in select(doc, expr):
                el.getparent().remove(el)
        assert "Nguồn:" not in first["body"][0].text_content()
        byline_after = next((norm(m[0].text_content()) for e in profile.selectors["byline"] if (m := select(doc, e))), None)
        assert byline_after == a["byline"], a["path"]
        captions = {im["caption"] for im in a["images"]}
        blocks = [norm(el.text_content()) for el in first["body"][0].iter("p", "div", "figcaption", "td")
                  if el.tag in ("p", "figcaption", "td") or "hometext" in (el.get("class") or "")]
        blocks = [b for b in blocks if b and b != a["byline"] and b not in captions]
        assert "\n\n".join(blocks) == a["body_text"], a["path"]
        for caption in captions - {None}:
            assert caption in first["body"][0].text_content()


def test_template_profile_loads(tmp_path):
    src = ROOT / "crawler" / "portals" / "TEMPLATE.toml.example"
    target = tmp_path / "example.toml"
    target.write_text(src.read_text(encoding="utf-8"), encoding="utf-8")
    p = load_profile(target)
    assert p.download_delay >= 1
    assert p.concurrency <= 2
    assert p.autothrottle
    assert p.classify("https://travinh.gov.vn/1346/38461/tin-moi.aspx") == "article"
    assert p.classify("https://travinh.gov.vn/1346/?page=2") == "listing"
    assert p.classify("https://travinh.gov.vn/1346/38461/tin-moi.aspx?print=1") is None


# --- lifecycle and command line -------------------------------------------------------------------------

def test_start_stop_ports_and_request_count():
    with server.start(["danvan-replica"], ports={"danvan-replica": 0}, articles=15) as rep:
        base = rep.base_urls["danvan-replica"]
        assert re.fullmatch(r"http://127\.0\.0\.1:\d+", base)
        assert len(rep.sites["danvan-replica"].articles) == 15
        before = rep.requests
        fetch(base + "/")
        fetch(base + "/robots.txt")
        assert rep.requests == before + 2
    with pytest.raises(OSError):
        urllib.request.urlopen(base + "/", timeout=2)


def test_python_dash_m_replica_help():
    proc = subprocess.run([sys.executable, "-m", "replica", "--help"], cwd=ROOT, capture_output=True,
                          text=True, timeout=60)
    assert proc.returncode == 0
    assert "--port-base" in proc.stdout
    assert "--articles" in proc.stdout


def test_joined_url_patterns_classify_as_the_patterns_one_by_one():
    """``Profile`` joins each kind's URL patterns into one regex where that is the same test; the kinds of random
    targets agree with trying the patterns in turn, and patterns that set global flags or reuse a group name stay
    apart (a join would change their meaning or not compile); patterns that need backtracking (backreferences,
    conditionals) are refused (URL patterns run on RE2)."""
    import random
    import re

    from crawler.profiles import Profile, _any_of

    def one_by_one(p, target):
        for kind, patterns in ((None, p.deny_patterns), ("article", p.article_patterns),
                               ("listing", p.listing_patterns)):
            if any(re.search(x, target) for x in patterns):
                return kind
        return None

    rng = random.Random(5)
    p = Profile(slug="t", name="t", start_urls=["http://a.vn/"], domains=["a.vn"],
                deny_patterns=["[?&]print=", "^/admin", "^/news/(print|tag)/", r"\.pdf$"],
                article_patterns=[r"^/tin/\d+", r"/(\d+)/[a-z-]+\.aspx$", r"-\d+\.html$"],
                listing_patterns=[r"^/tin/?$", r"[?&]page=\d+", r"^/\d+/$"])
    assert len(p._deny) == len(p._article) == len(p._listing) == 1
    parts = ["/", "tin", "news", "print", "tag", "admin", "12", "7", "x-y", ".aspx", ".html", ".pdf", "?", "&",
             "page=", "print=", "-3", "a"]
    kinds = set()
    for _ in range(20000):
        target = "".join(rng.choice(parts) for _ in range(rng.randrange(1, 8)))
        kind = p.classify_target(target)
        assert kind == one_by_one(p, target), target
        kinds.add(kind)
    assert kinds == {None, "article", "listing"}
    with pytest.raises(re.error):
        _any_of([r"(a)\1", "b"])
    with pytest.raises(re.error):
        _any_of(["(a)?(?(1)b|c)", "b"])
    assert len(_any_of(["(?i)x", "y"])) == 2
    assert len(_any_of(["(?P<n>a)", "(?P<n>b)"])) == 2
    assert [bool(r.search("X")) for r in _any_of(["(?i)x", "y"])] == [True, False]
