"""URL identity: the fast paths of ``canonical_url`` / ``canonical_key`` agree with the general code."""
import random

import pytest

from crawler import urls
from crawler.urls import canonical_key, canonical_url, url_key

EDGES = [
    "http://a.vn", "http://a.vn/", "https://a.vn:443/x", "http://a.vn:80/x", "http://a.vn:8080/x",
    "http://a.vn:08080/x", "http://a.vn:65536/x", "http://a.vn:0/x", "HTTP://a.vn/x", "http://A.vn/x",
    "http://a.vn./x", "http://a..vn/x", "http://-a.vn/x", "http://a.vn-/x", "http://u@a.vn/x",
    "http://[::1]:8080/x", "http://a.vn/x%20y", "http://a.vn/x y", "http://a.vn/tin;jsessionid=AB12",
    "http://a.vn/(S(abcdefghijklmnop1234))/tin.aspx", "http://a.vn/x?", "http://a.vn/x#", "http://a.vn/x#top",
    "http://a.vn/x?utm_source=z&id=2", "http://a.vn//x//y/", "http://a.vn/./x/../y", "http://a.vn/x\t/y",
    "  http://a.vn/x  ", "http://www.a.vn/tin/index.html", "http://m.a.vn/print/tin/", "http://www2.a.vn/amp/x/",
    "http://a.vn/Tin/Default.ASPX", "http://a.vn/x/print", "ftp://a.vn/x", "javascript:;", "mailto:a@b.vn",
    "/relative/x", "", "http://", "http://a.vn/ti\u1ebfng-vi\u1ec7t", "http://a.vn/x'y*z+w,v=u!t$s&r@q:p~o",
    "https://a.vn:443", "http://a.vn:80", "http://a.vn:99999", "http://1.2.3.4/x", "http://a.vn/%7Ex",
]
ALPHABET = "abAB09-._~/:@!$&'()*+,;=%?#[] \t\u00e9\u1ebf" + "w" * 4 + "/" * 6
PLAIN_ALPHABET = "abAB09-._~/:@!$&'*+,=" + "/" * 4


def random_url(rng: random.Random) -> str:
    scheme = rng.choice(["http", "https", "HTTP", "ftp", ""])
    host = rng.choice(["a.vn", "www.a.vn", "m.a.vn", "A.VN", "a.vn.", "1.2.3.4", "amp.a-b.vn", "x", "[::1]"])
    port = rng.choice(["", "", ":80", ":443", ":8080", ":0", ":080", ":70000", ":x"])
    alphabet = rng.choice([ALPHABET, PLAIN_ALPHABET])  # half of them plain enough for the fast path
    path = "".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 25)))
    path = rng.choice(["/", "", "/index.html", "/print/"]) + path
    return f"{scheme}://{host}{port}{path}" if scheme else f"{host}{port}{path}"


def test_fast_paths_agree_with_the_general_code():
    rng = random.Random(7)
    cases = EDGES + [random_url(rng) for _ in range(20000)]
    plain = 0
    for url in cases:
        canonical = canonical_url(url)
        assert canonical == urls._canonical(url.strip()), url
        for ci in (False, True):
            assert canonical_key(canonical, ci) == urls._key(canonical, ci), (url, canonical)
        assert url_key(url) == urls._key(urls._canonical(url.strip()), False), url
        plain += urls._PLAIN.fullmatch(url.strip()) is not None
    assert plain > 1500  # the fast path itself was exercised, not only the fallback


@pytest.mark.parametrize("url, canonical, key", [
    ("https://www.a.vn:443/tin/index.html", "https://www.a.vn/tin/index.html", "a.vn/tin"),
    ("http://a.vn:8080/amp/x/", "http://a.vn:8080/amp/x/", "a.vn:8080/x"),
    ("http://m.a.vn", "http://m.a.vn/", "a.vn/"),
])
def test_plain_urls(url, canonical, key):
    assert canonical_url(url) == canonical
    assert url_key(url) == key


def test_plain_origin_prefixes_agree_with_canonical_url():
    rng = random.Random(11)
    checked = 0
    for _ in range(3000):
        origin = random_url(rng)
        origin = origin[:origin.find("/", origin.find("//") + 2)] if "//" in origin else origin
        parts = urls.plain_origin(origin)
        if parts is None:
            continue
        prefix, key_host = parts
        for _ in range(5):
            path = "/" + "".join(rng.choice(PLAIN_ALPHABET) for _ in range(rng.randrange(0, 25)))
            path = rng.choice(["", "/print", "/amp", "/x/index.html"]) + path
            assert canonical_url(origin + path) == prefix + path, origin + path
            assert url_key(origin + path) == key_host + urls.path_key(path), origin + path
            checked += 1
    assert checked > 1000


def test_plain_paths_join_as_origin_plus_path():
    """What the spider relies on to skip urljoin: a ``plain_path`` href resolves to the page's origin + href."""
    from urllib.parse import urljoin

    rng = random.Random(13)
    bases = ["http://a.vn/tin/1.html", "https://a.vn:8443/x/y/?p=2#f", "http://127.0.0.1:8701", "http://a.vn/a;b/c"]
    alphabet = PLAIN_ALPHABET + "...//?#%; "
    plain = 0
    for _ in range(20000):
        href = "/" + "".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 16)))
        if not urls.plain_path(href):
            continue
        plain += 1
        for base in bases:
            origin = base[:base.index("/", base.index("//") + 2)] if base.count("/") > 2 else base
            assert urljoin(base, href) == origin + href, (base, href)
    assert plain > 2000
    assert not any(urls.plain_path(h) for h in ("//a.vn/x", "/a/../b", "/a/./b", "/a/..", "/a?x=1", "/a#f", "a/b"))


def _path_key_regex(path: str) -> str:
    return urls._DEFAULT_DOC.sub("/", urls._PRINT_SEGMENT.sub("", path)).rstrip("/") or "/"


def test_path_key_fast_path_agrees_with_its_regexes():
    """``path_key`` (its regexes only when they could match) against the plain regex code, on random paths of the
    characters at stake."""
    rng = random.Random(17)
    pieces = ["/", ".", "..", "/print", "/PRINT", "/amp", "/Amp/", "/index.", "/default.", "html", "aspx", "php",
              "htm", "jsp", "asp", "x", "\u0131", "\u017f", "\u212a", "?", "#", "%", ";", " ", "é", "//"]
    for _ in range(40000):
        path = "".join(rng.choice(pieces + list(PLAIN_ALPHABET)) for _ in range(rng.randrange(0, 12)))
        if rng.random() < 0.8:
            path = "/" + path
        assert urls.path_key(path) == _path_key_regex(path), path
    for path in ("/x/print/y", "/Print/x", "/amp/", "/a/index.html", "/a/Default.ASPX", "/pr\u0131nt/x", "/x/"):
        assert urls.path_key(path) == _path_key_regex(path)
