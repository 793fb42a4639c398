"""The C walks (``crawler/extract/_cwalk.pyx``) give exactly what the Python code they replace gives.

Each walk is compared with its Python reference on hand-made edge cases (comments, PIs, script tails,
``<br><br>``, odd whitespace in class values, very deep trees), on 400 random trees, on every corpus page
and on replica article pages; and whole extractions are compared field by field with the walks on and off.
"""
from __future__ import annotations

import dataclasses
import os
import random
import urllib.request

import lxml.html
import pytest
from lxml import etree

from crawler.extract import accel, article, counters, families, legacy, text
from crawler.extract.article import extract_article
from crawler.evaluate import corpus_dir

CWALK = accel.cwalk


def test_the_c_walks_are_built_and_loaded():
    """CI (and ``make test`` on any machine with a C compiler) runs the accelerated code."""
    if os.environ.get("PORTAL_ARCHIVE_PURE_PYTHON", "").strip() not in ("", "0"):
        pytest.skip("PORTAL_ARCHIVE_PURE_PYTHON is set")
    if CWALK is None and not os.environ.get("CI"):
        pytest.skip("crawler/extract/_cwalk was not built (no C compiler at install?)")
    assert CWALK is not None, "crawler/extract/_cwalk was not built or does not match the installed lxml"
    assert CWALK.LXML_BUILT_FOR == etree.__version__


needs_cwalk = pytest.mark.skipif(CWALK is None, reason="the C walks are not built")


@pytest.fixture
def python_only():
    """Run the Python reference code: ``accel.disabled()`` for the duration of a call."""
    def run(fn, *args, **kwargs):
        with accel.disabled():
            return fn(*args, **kwargs)
    return run


EDGE_CASES = [
    "<html><body>Hôm nay<!-- Thống kê truy cập -->Tổng 12<?php echo 'truy cập 3' ?>tail</body></html>",
    "<html><body><div class='a\u00a0b counter'>x<br><br>y<br> <br>z<br>\u00a0<br>w</div></body></html>",
    "<html><body><p>a<br><!--c--><br>b</p><td>c</td><th>d</th>e<script>Hôm nay 5</script>Hôm qua 4</body></html>",
    "<html><body><div class='x\u3000y\tz\nw  x' id='main'>one<span class='y y'>two</span>three</div>"
    "<div id='main' class=''>again</div><div class>none</div><a rel='author' itemprop='author'>A</a></body></html>",
    "<html><body><noscript>skip me</noscript>after<iframe>no</iframe>tail<select><option>o</option></select>"
    "<table><tr><td>Đang online</td><td>1</td></tr><tr><td>Tổng lượt truy cập</td><td>1.735.685</td></tr></table>"
    "</body></html>",
    "<html><body>" + "<div>" * 260 + "deep Tổng 5" + "</div>" * 260 + "tail</body></html>",
    "<html><body>\n  \n<p>\u00a0</p><p>\u2003Trong tuần 18,852</p><p>x" + "y" * 3100 + " tổng 3</p></body></html>",
    "<html><head><title>t</title><style>.a{}</style></head><body class='news-bodyhtml'><h1>T</h1>"
    "<time datetime='2022-06-14'>14/6</time><p>A &amp; B &lt;c&gt;</p></body></html>",
    "<html><body></body></html>",
    "<html><body><!----><p></p>text</body></html>",
]

_TAGS = ["div", "p", "span", "br", "td", "th", "li", "script", "style", "a", "b", "h1", "noscript", "table"]
_WORDS = ["Hôm nay", "tổng", "TRUY CẬP", "Đang online", "12", "1.234", " ", "\n  ", "\u00a0", "x", "Thống kê",
          "a&amp;b"]
_CLASSES = ["counter", "content", "news-bodyhtml", "entry-content", "a\u00a0entry-content", "title_news",
            "x\u2028news-bodyhtml", "detail", "cms-body\u3000x"]


def _random_html(rng: random.Random, depth: int = 0) -> str:
    out = []
    for _ in range(rng.randint(0, 4 if depth < 6 else 1)):
        r = rng.random()
        if r < 0.3:
            out.append(rng.choice(_WORDS))
        elif r < 0.35:
            out.append(f"<![CDATA[{rng.choice(_WORDS)}]]>")  # in XML trees: text nodes side by side
        elif r < 0.45:
            out.append(f"<!--{rng.choice(_WORDS)}-->")
        elif r < 0.5:
            out.append(f"<?pi {rng.choice(_WORDS)}?>")
        else:
            tag = rng.choice(_TAGS)
            attrs = ""
            if rng.random() < 0.5:
                attrs += f" class='{' '.join(rng.sample(_CLASSES, rng.randint(0, 3)))}'"
            if rng.random() < 0.2:
                attrs += f" id='{rng.choice(['main', 'content', 'x'])}'"
            if rng.random() < 0.2:
                attrs += " itemprop='author' rel='author'"
            if rng.random() < 0.3:
                attrs += f" href='{rng.choice(['/a', '', 'x y', '/t?a=1&amp;b=2', 'hà', '&#39;q'])}'"
            out.append(f"<{tag}{attrs}>{_random_html(rng, depth + 1)}</{tag}>")
    return "".join(out)


def _pages():
    """(name, page bytes, parse) triples: our parser (no comments or PIs kept), ``lxml.html`` (keeps them) and
    the XML parser (CDATA sections make text nodes side by side, as ``.text`` joins them)."""
    rng = random.Random(7)
    random_pages = [f"<html><body>{_random_html(rng)}</body></html>".encode() for _ in range(300)]
    edge = [p.encode() for p in EDGE_CASES]
    pages = [(f"ours-{i}", p, text.load_html) for i, p in enumerate(edge + random_pages)]
    pages += [(f"lxml.html-{i}", p, lxml.html.document_fromstring) for i, p in enumerate(edge + random_pages[:100])]
    xml = etree.XMLParser(strip_cdata=False)
    pages += [(f"xml-{i}", p, lambda b: etree.fromstring(b, xml)) for i, p in enumerate(random_pages[:100])]
    corpus = corpus_dir() / "pages"
    if corpus.is_dir():
        pages += [(f"corpus-{p.stem}", p.read_bytes(), text.load_html) for p in sorted(corpus.glob("*.html"))]
    return pages


PAGES = _pages()


def _ids(els):
    return [id(e) for e in els]


@needs_cwalk
@pytest.mark.parametrize("name,raw,parse", PAGES, ids=[p[0] for p in PAGES])
def test_each_walk_equals_its_python_reference(name, raw, parse, python_only):
    root = parse(raw)
    # selector index: the same elements (the same objects: proxies of one tree) under the same keys
    sset = article._selector_set(())
    fast, slow = sset.index(root).hits, python_only(sset.index, root).hits
    assert {k: _ids(v) for k, v in fast.items() if v} == {k: _ids(v) for k, v in slow.items() if v}
    # counter label texts, and the counter block found
    assert counters._label_nodes(root) == python_only(counters._label_nodes, root)
    assert counters.extract_counters(root) == python_only(counters.extract_counters, root)
    # visible text, block text, paragraphs (with a skip set and a skip predicate) of every element
    elements = list(root.iter())
    skip = frozenset(elements[3::7])
    pred = (lambda el: "content" in (el.get("class") or "")) if len(raw) % 2 else None
    for el in elements[:300]:
        assert text.text_of(el) == python_only(text.text_of, el)
        if isinstance(el.tag, str):  # (``itertext`` refuses comments and PIs)
            assert counters._block_text(el) == python_only(counters._block_text, el)
            for kw in ({}, {"skip": skip, "skip_pred": pred}):
                got, want = text.paragraphs(el, **kw), python_only(text.paragraphs, el, **kw)
                assert [(id(e), t) for e, t in got] == [(id(e), t) for e, t in want]
    # family markers in the raw page
    assert families.detect(raw, "", None) == python_only(families.detect, raw, "", None)
    # the links the spider follows (on the document's root element, as extract_article asks)
    top = root.getroottree().getroot()
    hrefs, base = article._HREFS(top), next(iter(article._BASE_HREF(top)), None)
    skip = CWALK.HashSet()
    for h in hrefs[::3]:
        skip.add(h)
    got = CWALK.page_links(top, skip)
    assert got[:2] == ((hrefs, base) if base is not None else ([h for h in hrefs if h not in skip], None))
    assert got[2] is (base is None)
    assert CWALK.page_links(top, None) == (hrefs, base, False)


@needs_cwalk
def test_page_links_leave_out_settled_links_unless_the_page_has_a_base():
    """``page_links`` as ``read_links`` uses it: the hrefs not in the settled set (tested on their bytes: non-ASCII,
    entities, empty and multi-part values included), all of them with a ``<base href>`` (which the XPath
    reference finds only at ``/html/head/base``)."""
    rng = random.Random(3)
    outcomes = set()
    values = ["/tin/1.aspx", "/tin/Đà-Nẵng.aspx", "/a?x=1&amp;y=2", "", "#", "javascript:;", " /sp ace ",
              "https://zalo.me/share?url=/x", "/" + "x" * 3000]
    for i in range(300):
        chosen = [rng.choice(values) + (str(rng.randrange(5)) if rng.random() < 0.5 else "") for _ in range(12)]
        anchors = "".join(f'<a href="{h}">a</a>' if rng.random() < 0.9 else "<a>no href</a>" for h in chosen)
        head = rng.choice(["", '<base href="http://other.vn/">', '<base target="_blank">',
                           '<base target="x"><base href="/b/">'])
        body_base = '<base href="/late/">' if i % 7 == 0 else ""
        top = text.load_html(f"<html><head>{head}</head><body>{body_base}{anchors}</body></html>".encode())
        hrefs, base = article._HREFS(top), next(iter(article._BASE_HREF(top)), None)
        settled = CWALK.HashSet()
        for h in rng.sample(hrefs, len(hrefs) // 2):
            settled.add(h)
        links = article.PageLinks(settled=settled)
        article.read_links(top, links)
        assert links.base == base
        outcomes.add((base is None, len(links.hrefs) < len(hrefs)))
        if base is None:
            assert links.hrefs == [h for h in hrefs if h not in settled]
            assert links.settled is settled
        else:
            assert links.hrefs == hrefs
            assert links.settled is None
    assert outcomes == {(True, True), (False, False)}


@needs_cwalk
def test_present_is_bytes_contains():
    page = b"xx__VIEWSTATE yy /wp-content/ zz"
    needles = {b"__VIEWSTATE", b"/wp-content/", b"NukeViet", b"zz", b"", b"xx"}
    for limit in (0, 1, 2, 5, 16, len(page), 10_000):
        assert CWALK.present(page, limit, needles) == {n for n in needles if n in page[:limit]}
    assert CWALK.present(b"", 100, {b"a", b""}) == {b""}


@needs_cwalk
def test_legacy_byte_checks_equal_their_python_references(python_only):
    """``names_legacy_font`` is ``any(n in page for n in legacy._QUICK)``; ``double_utf8`` is
    ``legacy._DOUBLE_UTF8.search``: on random pages of the letters they look at (at every offset of the 8-byte
    words), and on the replica and corpus pages."""
    rng = random.Random(3)
    alphabet = [b"V", b"v", b".", b"n", b"N", b"I", b"i", b"-", b" ", b"x", "ệ".encode(),
                b"\xc3", b"\xa1", b"\xc2", b"\xba", b"\xbb"]
    pages = [b"".join(rng.choice(alphabet) for _ in range(rng.randint(0, 24))) for _ in range(40000)]
    pages += [b"x" * k + needle + b"y" * j for needle in (*legacy._QUICK, b"\xc3\xa1\xc2\xba", b"\xc3\xa1\xc2\xbb")
              for k in range(10) for j in range(10)]
    pages += [raw for _, raw, parse in PAGES if parse is text.load_html]  # edge cases, corpus pages
    hits = [0, 0]
    for page in pages:
        font = CWALK.names_legacy_font(page)
        assert font == any(n in page for n in legacy._QUICK) == python_only(legacy.mentions_legacy_font, page), page
        double = CWALK.double_utf8(page)
        assert double == (legacy._DOUBLE_UTF8.search(page) is not None), page
        assert legacy.needs_legacy_check(page) == python_only(legacy.needs_legacy_check, page), page
        hits[0] += font
        hits[1] += double
    assert hits[0] > 500  # both answers were exercised
    assert hits[1] > 100
    assert CWALK.names_legacy_font(bytearray(b"a .VnTime b"))
    assert CWALK.names_legacy_font(memoryview(b"font-family: VNI-Times"))
    assert not CWALK.names_legacy_font(b"")
    assert not CWALK.double_utf8(b"\xc2\xba")


@needs_cwalk
def test_blake2b_8_is_hashlib():
    import hashlib

    rng = random.Random(4)
    for size in [*range(0, 300), 1000, 4096]:  # block boundaries at 128, 256
        data = rng.randbytes(size)
        assert CWALK.blake2b_8(data) == int.from_bytes(hashlib.blake2b(data, digest_size=8).digest(), "big"), size


@needs_cwalk
def test_blake2b_8x4_is_hashlib():
    """The four-lane code (the simhash's): each lane hashes its own message, of any length up to one block."""
    import hashlib

    rng = random.Random(8)
    sizes = list(range(0, 129))
    rng.shuffle(sizes)
    for i in range(0, len(sizes) - 3, 2):
        batch = [rng.randbytes(n) for n in sizes[i:i + 4]]
        got = CWALK.blake2b_8x4(batch)
        if got is None:
            pytest.skip("this build has no four-lane BLAKE2b (not x86-64 with GCC or clang)")
        assert got == [int.from_bytes(hashlib.blake2b(m, digest_size=8).digest(), "big") for m in batch]
    with pytest.raises(ValueError):
        CWALK.blake2b_8x4([b"x" * 129, b"", b"", b""])


@needs_cwalk
def test_simhash_in_c_equals_the_python_reference(python_only):
    from pipelines.dedup import simhash

    rng = random.Random(5)
    alphabet = ["a", "b", "ệ", " ", " ", "\n", "!", "Đ", "1", "_", "\u00a0", "x", "\u0301", "😀"]
    texts = ["".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 60))) for _ in range(20000)]
    texts += ["Một hai", "Một hai ba", "Một hai ba bốn", "!!!", " "]
    texts += [" ".join(rng.choice(["ủy", "ban", "tỉnh", "a", "b"]) for _ in range(n))  # 255 grams fill a counter
              for n in (256, 257, 258, 512, 513, 767)]
    texts += ["Ủy ban nhân dân tỉnh " * 200]
    for t in texts:
        assert simhash(t) == python_only(simhash, t), repr(t)
    for shingle in (1, 2, 5):
        assert simhash(texts[-1], shingle) == python_only(simhash, texts[-1], shingle)


@needs_cwalk
def test_word_runs_is_join_of_findall_w():
    import re

    rng = random.Random(2)
    alphabet = ["a", "Ệ", "_", " ", "1", "٣", "²", "\u0301", "\u00a0", "-", "😀", "ǅ", "中", "\n", "Ⅻ", "ß"]
    for _ in range(50000):
        s = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12)))
        assert CWALK.word_runs(s) == " ".join(re.findall(r"\w+", s)), repr(s)


@needs_cwalk
def test_collapse_ws_is_split_and_join(python_only):
    rng = random.Random(1)
    alphabet = [" ", "\n", "\t", "\u00a0", "\u3000", "\x1c", "\u2028", "\u200b", "a", "ệ", "😀", "x"]
    for _ in range(50000):
        s = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12)))
        assert CWALK.collapse_ws(s) == " ".join(s.split()), repr(s)
    assert text.collapse(" Hôm  nay\u200b \n") == python_only(text.collapse, " Hôm  nay\u200b \n") == "Hôm nay"


@needs_cwalk
def test_tidy_lines_is_the_python_nfc(python_only):
    """``pipelines.normalize.nfc`` (its C path, ``tidy_lines``) against its regex-and-split Python path, and
    ``content_hash`` (``collapse_ws``) against its own."""
    from pipelines.normalize import content_hash, nfc

    rng = random.Random(6)
    alphabet = [" ", " ", "\n", "\n", "\t", "\r", "\f", "\v", "\u00a0", "\u200b", "\u3000", "\x1c", "\u2028",
                "\x85", "a", "ệ", "e\u0302", "😀", "x"]
    texts = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 16))) for _ in range(60000)]
    texts += ["  Hôm nay\u200b \n\n\n  Tin, ảnh:\u00a0\u00a0Tấn Lập  \n", "\n \n", "a\n\u200b\nb", ""]
    for t in texts:
        assert nfc(t) == python_only(nfc, t), repr(t)
        assert content_hash(t) == python_only(content_hash, t), repr(t)
    assert nfc(None) is None
    assert nfc(" \n\u00a0") is None


@needs_cwalk
def test_translator_is_str_translate(python_only):
    """``Translator(table)(s) == s.translate(table)``: one-character, empty, multi-character, int, None and
    missing entries, code points above the cached span, and textfold's self-filling table (``fold``)."""
    from portal_archive.search.textfold import fold

    table = {ord("a"): "xy", ord("b"): None, ord("c"): 100, ord("d"): "", ord("e"): "é", 0x1EA1: "a", 0x10001: "z"}
    rng = random.Random(9)
    alphabet = ["a", "b", "c", "d", "e", "f", "ạ", "Ạ", "Đ", "\u0301", "“", "–", "\u00a0", "😀", "\U00010001", "中"]
    translate = CWALK.Translator(table)
    for _ in range(30000):
        s = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 10)))
        assert translate(s) == s.translate(table), repr(s)
        assert fold(s) == python_only(fold, s), repr(s)
    every = "".join(map(chr, range(0x20, 0x2FFF))) + "😀Ꭰ\U0001d400"
    assert fold(every) == python_only(fold, every)
    assert fold("Đà Nẵng “Ủy ban”") == "da nang “uy ban”"


def _fields(art) -> dict:
    return dataclasses.asdict(art)


@needs_cwalk
def test_whole_extractions_are_identical_on_corpus_and_replica(python_only):
    pages = [(raw, "https://example.gov.vn/a.html", None) for _, raw, parse in PAGES if parse is text.load_html]
    replica = pytest.importorskip("replica")
    from replica import server
    from crawler.profiles import load_profile
    live = server.start(replica.PORTALS)
    try:
        for slug in replica.PORTALS:
            profile = load_profile(slug)
            for truth in live.sites[slug].articles[:40]:
                url = live.base_urls[slug] + truth["path"]
                with urllib.request.urlopen(url, timeout=10) as resp:
                    pages.append((resp.read(), url, profile))
    finally:
        live.stop()
    assert len(pages) >= 120
    hrefs = 0
    for html, url, profile in pages:
        links_fast, links_slow = article.PageLinks(), article.PageLinks()
        fast = extract_article(html, url, profile, fetched_at="2026-11-27T00:00:00+07:00", links=links_fast)
        slow = python_only(extract_article, html, url, profile, fetched_at="2026-11-27T00:00:00+07:00",
                           links=links_slow)
        assert _fields(fast) == _fields(slow), url
        assert links_fast == links_slow
        hrefs += len(links_fast.hrefs)
    assert hrefs > 20 * len(pages)  # the links were compared, not two empty lists


@needs_cwalk
def test_hash_set_is_the_spiders_set_of_settled_links():
    """``HashSet`` (the spider's settled links) answers as ``crawler.spiders.portal._Settled`` (a Python set) does,
    through its growth from 1,024 slots to many times that, and after ``clear``."""
    from crawler.spiders.portal import _Settled

    rng = random.Random(5)
    links = [f"/{rng.choice(['tin', 'news', 'web/guest'])}/{i}-{rng.random():.6f}.aspx" for i in range(20000)]
    links += ["", "#", "/", "javascript:void(0)", "/tin/Đà-Nẵng.aspx", "x" * 5000]
    c, py = CWALK.HashSet(), _Settled()
    for round_ in range(2):
        for i, link in enumerate(links):
            if i % 3 != round_:
                c.add(link)
                py.add(link)
            if i % 997 == 0:
                page = rng.sample(links, 300) + ["/never/added", link]
                assert c.without(page) == py.without(page)
        assert len(c) == len(py)
        assert all((link in c) == (link in py) for link in links)
        c.clear()
        py.clear()
        assert len(c) == 0
        assert c.without(links[:50]) == links[:50]
    with pytest.raises(TypeError):
        c.add(b"/bytes/are/no/link")
