"""Extraction is exact on the replica portals: every ground-truth article of all three CMS families,
fetched over HTTP from a locally started replica, extracted with its profile and normalised."""
from __future__ import annotations

import urllib.request
from datetime import datetime, timedelta, timezone

import pytest

replica = pytest.importorskip("replica")
server = pytest.importorskip("replica.server")

from crawler.extract.article import extract_article  # noqa: E402
from crawler.profiles import load_profile  # noqa: E402
from pipelines.normalize import normalize_article  # noqa: E402

VN = timezone(timedelta(hours=7))


@pytest.fixture(scope="module")
def live():
    rep = server.start(replica.PORTALS)
    yield rep
    rep.stop()


def _fetch(url: str) -> tuple[bytes, str | None]:
    with urllib.request.urlopen(url, timeout=10) as resp:
        return resp.read(), resp.headers.get("Content-Type")


def mismatches(live, slug: str) -> dict[str, list[str]]:
    """path -> the fields that differ from the ground truth (empty when every article is exact)."""
    profile = load_profile(slug)
    base = live.base_urls[slug]
    bad: dict[str, list[str]] = {}
    for truth in live.sites[slug].articles:
        url = base + truth["path"]
        html, ctype = _fetch(url)
        art = extract_article(html, url, profile, fetched_at=datetime.now(VN), status=200, content_type=ctype)
        normalize_article(art)
        got = {
            "title": art.title,
            "body_text": art.body_text,
            "published": art.published_at,
            "published_raw": art.published_raw,
            "byline": art.byline,
            "images": [{"src": im.src, "caption": im.caption} for im in art.images],
        }
        want = {k: truth[k] for k in got}
        want["images"] = [{"src": base + im["src"], "caption": im["caption"]} for im in truth["images"]]
        diff = [k for k in got if got[k] != want[k]]
        if diff:
            bad[truth["path"]] = diff
    return bad


@pytest.mark.parametrize("slug", replica.PORTALS)
def test_replica_extraction_exact(live, slug):
    bad = mismatches(live, slug)
    assert not bad, f"{len(bad)} of {len(live.sites[slug].articles)} articles differ: {dict(list(bad.items())[:5])}"


@pytest.mark.parametrize("slug", replica.PORTALS)
def test_counters_only_gives_a_listings_counters_and_links(live, slug):
    """What the spider extracts of a listing page (``counters_only``): the same counters and links as a full
    extraction gives, and no other field."""
    from crawler.extract.article import PageLinks

    profile = load_profile(slug)
    base = live.base_urls[slug]
    for url in (base + "/", base + live.sites[slug].articles[0]["path"]):
        html, ctype = _fetch(url)
        got, full = [], []
        for only, out in ((True, got), (False, full)):
            links = PageLinks()
            art = extract_article(html, url, profile, fetched_at=datetime.now(VN), status=200, content_type=ctype,
                                  links=links, counters_only=only)
            out += [art, links]
        assert got[0].counters_raw
        assert got[0].counters_raw == full[0].counters_raw
        assert got[0].rules["counters"] == full[0].rules["counters"]
        assert got[1] == full[1]
        assert len(got[1].hrefs) > 10
        assert (got[0].title, got[0].body_text, got[0].published_raw, got[0].byline, got[0].images) == \
            (None, None, None, None, [])
