"""Property-based tests (hypothesis): the parsers and normalisers never raise on arbitrary text and are
idempotent where they should be."""
from __future__ import annotations

import unicodedata

from hypothesis import HealthCheck, example, given, settings, strategies as st

from crawler.extract.counters import parse_count
from crawler.extract.dates import parse_date
from crawler.extract.legacy import repair_legacy_text
from crawler.urls import canonical_url, url_key
from pipelines.normalize import tidy_text

SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
VI = st.sampled_from(list("aăâbcdđeêghiklmnoôơpqrstuưvxyàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụ"
                          "ừửữứựỳỷỹýỵĐ0123456789/:-., ") + ["tháng", "năm", "Ngày", "Thứ Ba", "giờ trước", "\u0301",
                                                          "\u0323", "\u00a0", "\ufeff", "\x00"])
VI_TEXT = st.lists(VI, max_size=40).map("".join)
ANY_TEXT = st.one_of(st.text(max_size=200), VI_TEXT)
URL_PART = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=30)


@SETTINGS
@given(ANY_TEXT)
@example("Thứ Ba, 14/06/2022 - 10:30")
@example("31/02/2024")
@example("99/99/99999999")
@example("Ngày 14/6")
def test_parse_date_never_raises(text):
    value = parse_date(text, reference="2024-06-20T10:00:00+07:00")
    assert value is None or (isinstance(value, str) and value[:4].isdigit())


@SETTINGS
@given(ANY_TEXT)
@example("1.735.685")
@example("9" * 400)
@example("1,2,3.4.5")
def test_parse_count_never_raises(text):
    value = parse_count(text)
    assert value is None or (isinstance(value, int) and value >= 0)


@SETTINGS
@given(ANY_TEXT)
@example("A\x08\u0300")  # a control between a letter and its combining mark
def test_tidy_text_is_idempotent_and_nfc(text):
    once = tidy_text(text)
    assert tidy_text(once) == once
    assert once is None or unicodedata.is_normalized("NFC", once)


@SETTINGS
@given(st.sampled_from(["http", "https", "HTTP", ""]), st.sampled_from(["tinh.gov.vn", "WWW.Tinh.Gov.Vn", "m.tinh.gov.vn",
                                                                        "127.0.0.1:8080", "tinh.gov.vn:80", "[::1]", "[::1]:8080",
                                                                        "tinh.gov.vn:abc", "[::1"]),
       URL_PART, URL_PART, URL_PART)
@example("https", "tinh.gov.vn", "/tin-tức/bài viết.aspx", "utm_source=x&id=3", "frag")
@example("http", "tinh.gov.vn", "/a;jsessionid=ABC/b", "print=1", "")
def test_canonical_url_is_idempotent_and_url_key_stable(scheme, host, path, query, fragment):
    url = f"{scheme}://{host}/{path.lstrip('/')}" + (f"?{query}" if query else "") + (f"#{fragment}" if fragment else "")
    once = canonical_url(url)
    assert canonical_url(once) == once
    assert url_key(once) == url_key(url) == url_key(once)


@SETTINGS
@given(ANY_TEXT)
def test_legacy_repair_never_raises_and_leaves_vietnamese_alone(text):
    fixed, kind = repair_legacy_text(text)
    assert isinstance(fixed, str)
    if kind is None:
        assert fixed == text


def test_legacy_repair_examples():
    good = "Hội nghị tổng kết công tác dân vận năm 2025 của Đảng bộ tỉnh Sóc Trăng"
    assert repair_legacy_text(good) == (good, None)
    from replica.faults import _as_cp1252, to_tcvn3

    assert repair_legacy_text(_as_cp1252(good.encode("utf-8")))[0] == good
    tcvn = to_tcvn3(good * 2).decode("cp1252")
    assert repair_legacy_text(tcvn)[0].lower() == (good * 2).lower()
