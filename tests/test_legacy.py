"""Legacy TCVN3 (ABC) and VNI font-encoded text -> Unicode NFC (crawler/extract/legacy.py)."""
import unicodedata

import pytest

from crawler.extract import legacy
from crawler.extract.article import extract_article


@pytest.mark.parametrize("raw,expected", [
    ("Céng hoµ x· héi chñ nghÜa ViÖt Nam", "Cộng hoà xã hội chủ nghĩa Việt Nam"),
    ("§éc lËp - Tù do - H¹nh phóc", "Độc lập - Tự do - Hạnh phúc"),
    ("Uû ban nh©n d©n tØnh", "Uỷ ban nhân dân tỉnh"),
    ("¡n uèng, ¢m nh¹c, £, ¤ t«, ¥n, ¦u tiªn", "Ăn uống, Âm nhạc, Ê, Ô tô, Ơn, Ưu tiên"),
])
def test_tcvn3(raw, expected):
    got = legacy.tcvn3_to_unicode(raw)
    assert got == expected
    assert unicodedata.is_normalized("NFC", got)


def test_tcvn3_capital_font():
    assert legacy.tcvn3_to_unicode("céng hoµ", upper=True) == "CỘNG HOÀ"
    assert legacy.font_encoding(".VnTimeH") == "tcvn3-upper"
    assert legacy.font_encoding("'.VnTime', serif") == "tcvn3"
    assert legacy.font_encoding("VNI-Times") == "vni"
    assert legacy.font_encoding("Times New Roman, Arial") is None


@pytest.mark.parametrize("raw,expected", [
    ("Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam", "Cộng hòa xã hội chủ nghĩa Việt Nam"),
    ("Ñoäc laäp - Töï do - Haïnh phuùc", "Độc lập - Tự do - Hạnh phúc"),
    ("COÄNG HOØA XAÕ HOÄI CHUÛ NGHÓA VIEÄT NAM", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
    ("Thaønh phoá Hoà Chí Minh, ngaøy 14 thaùng 6 naêm 2022", "Thành phố Hồ Chí Minh, ngày 14 tháng 6 năm 2022"),
    ("ôû, ôùt, möa, ñaét, aên, ngöôøi, kyõ", "ở, ớt, mưa, đắt, ăn, người, kỹ"),
])
def test_vni(raw, expected):
    got = legacy.vni_to_unicode(raw)
    assert got == expected
    assert unicodedata.is_normalized("NFC", got)


def test_unicode_text_is_left_alone():
    assert legacy.convert("Cộng hoà xã hội", "tcvn3") == "Cộng hoà xã hội"
    assert legacy.convert("Plain ASCII", "vni") == "Plain ASCII"


def test_page_converted_only_where_fonts_say_so():
    html = ("<html><head><meta charset='utf-8'><style>.vn3 { font-family: '.VnTime'; }</style></head>"
            "<body><h1 class='vn3 title-detail'>Céng hoµ x· héi chñ nghÜa ViÖt Nam</h1><div class='content-detail'>"
            "<p><font face='VNI-Times'>Ñoäc laäp - Töï do - Haïnh phuùc. " + "Coäng hoøa xaõ hoäi. " * 8
            + "</font></p><p>Café au lait là một món uống phổ biến ở Hà Nội và nhiều nơi khác nữa.</p>"
            "</div></body></html>").encode("utf-8")
    art = extract_article(html, "https://x.gov.vn/a.html")
    assert art.title == "Cộng hoà xã hội chủ nghĩa Việt Nam"
    assert art.body_text.startswith("Độc lập - Tự do - Hạnh phúc. Cộng hòa xã hội.")
    assert "Café au lait" in art.body_text  # no legacy font there: untouched
    assert art.rules["legacy_font"] == "converted"


def test_no_font_no_conversion():
    html = "<html><body><h1>Céng hoµ x· héi</h1></body></html>".encode("cp1252")
    art = extract_article(html, "https://x.vn/a.html")
    assert "legacy_font" not in art.rules
