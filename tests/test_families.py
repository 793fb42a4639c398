"""CMS family detection from markup (crawler/extract/families.py): one small synthetic page per family."""
import pytest

from crawler.extract import families
from crawler.extract.article import extract_article

BODY = "<p>" + "Nội dung chính của bài viết về hoạt động của địa phương trong tuần qua. " * 4 + "</p>"


def page(head="", body="", html_attrs=""):
    return f"<html {html_attrs}><head><meta charset='utf-8'>{head}</head><body>{body}</body></html>".encode()


CASES = {
    "mcms": page(body="<h1 class='article__title cms-title'>Tỉnh họp bàn kế hoạch năm mới</h1>"
                      "<div class='article__sapo cms-desc'>Sáng nay, lãnh đạo tỉnh họp bàn kế hoạch phát triển.</div>"
                      f"<div class='article__body cms-body zce-content-body'>{BODY}</div>"),
    "aspnet-articledetail": page(
        body="<form id='aspnetForm'><input type='hidden' name='__VIEWSTATE' id='__VIEWSTATE' value='x'/>"
             "<div id='ctl00_ArticleDetailControl1_pnl' class='ArticleDetailControl'>"
             "<div class='Title'>Tỉnh họp bàn kế hoạch năm mới</div><div class='Date'>14/06/2022</div>"
             f"<div class='ArticleContent'>{BODY}</div></div></form>"),
    "sharepoint-tandan": page(
        head="<link href='/_layouts/15/TanDan/style.css' rel='stylesheet'/><script>var _spPageContextInfo={};</script>",
        body=f"<div id='s4-workspace'><h1 class='title'>Tỉnh họp bàn kế hoạch năm mới</h1>"
             f"<div class='ms-rtestate-field'>{BODY}</div></div>"),
    "liferay": page(
        head="<script src='/o/frontend-js-web/liferay/global.bundle.js'></script><script>Liferay.currentURL='/';</script>",
        body="<div class='portlet-boundary portlet-journal-content'><div class='asset-full-content'>"
             "<h3 class='asset-title'>Tỉnh họp bàn kế hoạch năm mới</h3>"
             f"<div class='asset-content'><div class='journal-content-article'>{BODY}</div></div></div></div>"),
    "nukeviet": page(
        head="<meta name='generator' content='NukeViet v4.5'/>",
        body="<div class='news_column'><h1 class='title'>Tỉnh họp bàn kế hoạch năm mới</h1>"
             f"<span class='h5'>14/06/2022 08:15</span><div id='news-bodyhtml' class='bodytext'>{BODY}</div></div>"),
    "wordpress": page(
        head="<link rel='stylesheet' href='https://x.vn/wp-content/themes/t/style.css'/>"
             "<script src='https://x.vn/wp-includes/js/wp-embed.min.js'></script>",
        body="<article class='post hentry'><h1 class='entry-title'>Tỉnh họp bàn kế hoạch năm mới</h1>"
             "<time class='entry-date published' datetime='2022-06-14T08:15:00+07:00'>14/06/2022</time>"
             f"<div class='entry-content'>{BODY}</div></article>"),
    "joomla": page(
        head="<meta name='generator' content='Joomla! - Open Source Content Management'/>",
        body="<div class='item-page'><div class='page-header'><h2 itemprop='headline'>Tỉnh họp bàn kế hoạch năm mới"
             "</h2></div><dl class='article-info'><dd class='published'><time datetime='2022-06-14T08:15:00+07:00'>"
             f"14/06/2022</time></dd></dl><div itemprop='articleBody'>{BODY}</div></div>"),
    "aspnet-numeric": page(
        head="<script src='/WebResource.axd?d=abc'></script>",
        body="<form id='Form'><input type='hidden' name='__VIEWSTATE' value='x'/><div id='dnn_ContentPane'>"
             "<h1 class='tieudetin'>Tỉnh họp bàn kế hoạch năm mới</h1><div class='ngaydang'>14/06/2022</div>"
             f"<div class='noidung'>{BODY}</div></div></form>"),
}
URLS = {"aspnet-numeric": "https://travinh.gov.vn/tin-tuc/12/3456/tinh-hop.aspx"}


@pytest.mark.parametrize("name", sorted(CASES))
def test_detect(name):
    html = CASES[name]
    fam, evidence = families.detect(html, URLS.get(name, "https://x.vn/a.html"))
    assert fam is not None, (name, fam, evidence)
    assert fam.name == name, (name, fam, evidence)


@pytest.mark.parametrize("name", sorted(CASES))
def test_family_rules_used_and_recorded(name):
    art = extract_article(CASES[name], URLS.get(name, "https://x.vn/a.html"))
    assert art.rules["family"] == name
    assert art.title == "Tỉnh họp bàn kế hoạch năm mới"
    assert art.body_text
    assert "Nội dung chính" in art.body_text.split("\n\n")[-1]
    assert art.rules["body"].startswith(f"family:{name}:") or art.rules["body"].startswith("generic:"), art.rules


def test_unknown_site_has_no_family():
    html = page(body=f"<h1>Tỉnh họp bàn kế hoạch năm mới</h1><div class='xyz'>{BODY}</div>")
    assert families.detect(html, "https://x.vn/a.html") == (None, None)
    assert "family" not in extract_article(html, "https://x.vn/a.html").rules


def test_one_marker_is_not_enough():
    html = page(body=f"<p>See /wp-content/ for details</p>{BODY}")
    assert families.detect(html, "https://x.vn/a.html")[0] is None


def test_family_rule_before_generic_and_profile_before_family():
    from types import SimpleNamespace

    html = page(
        head="<meta name='generator' content='NukeViet v4.5'/>",
        body="<div class='news_column'><h1 class='title'>Tiêu đề của NukeViet</h1>"
             f"<div class='bodytext' id='news-bodyhtml'>{BODY}</div>"
             "<div class='news-content'><p>" + "Hộp khác không phải thân bài. " * 20 + "</p></div></div>")
    art = extract_article(html, "https://x.vn/a.html")
    assert art.rules["body"] == "family:nukeviet:#news-bodyhtml"
    assert art.rules["title"] == "family:nukeviet:.news_column h1.title"
    profile = SimpleNamespace(slug="p", selectors={"body": ["div.news-content"]}, date_order="DMY",
                              family="generic")
    art = extract_article(html, "https://x.vn/a.html", profile)
    assert art.rules["body"] == "profile:div.news-content"
    assert art.rules["family"] == "nukeviet"


def test_profile_family_is_taken_as_is():
    from types import SimpleNamespace

    html = page(body=f"<h1 class='tieudetin'>Tỉnh họp bàn kế hoạch năm mới</h1><div class='noidung'>{BODY}</div>")
    profile = SimpleNamespace(slug="p", selectors={}, date_order="DMY", family="aspnet-numeric")
    art = extract_article(html, "https://x.vn/a.html", profile)
    assert (art.rules["family"], art.rules["family_by"]) == ("aspnet-numeric", "profile")
    assert art.rules["title"] == "family:aspnet-numeric:h1.tieudetin"


def test_generator_decides():
    html = page(head="<meta name='generator' content='WordPress 6.4.2'/>", body=BODY)
    assert families.detect(html, "", "WordPress 6.4.2")[1] == "generator"
