"""CMS families of Vietnamese portals, recognised from the markup, with their expression lists.

Everything here is data. ``FAMILIES`` is ordered most specific first; each family has

- ``generator``: a regular expression on ``<meta name="generator">`` (a match decides at once);
- ``markers``: substrings of the first 16 KB of the raw page (script and stylesheet paths, JS globals,
  hidden inputs the CMS always writes), ``deep``: substrings searched in the whole page (kept few:
  each costs a scan), ``tokens``: class names or ids the CMS always writes (answered from the page
  index, no scan); each one found counts 1; ``url``: a regular expression on the URL path, counting 1;
- ``need``: how many of those are needed to call the page that family (without a generator);
- per-field ordered expression lists (``title``, ``body``, ``lead``, ``published``, ``byline``),
  tried after a profile's selectors and before the generic lists of ``selectors.py``;
- ``images``: the images the CMS prints outside the body container (the article's picture beside its lead),
  which are the article's as much as those in the body.

``detect(html, url, generator)`` returns the best family (or None for an unknown CMS);
``article.rules["family"]`` records it. A profile's ``family`` (when it names one of these)
is taken as is.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urlsplit


FIELDS = ("title", "body", "lead", "published", "byline", "images")


@dataclass(frozen=True)
class Family:
    name: str
    generator: str | None = None
    markers: tuple[str, ...] = ()
    tokens: tuple[str, ...] = ()
    deep: tuple[str, ...] = ()
    url: str | None = None
    need: int = 2
    title: tuple[str, ...] = ()
    body: tuple[str, ...] = ()
    lead: tuple[str, ...] = ()
    published: tuple[str, ...] = ()
    byline: tuple[str, ...] = ()
    images: tuple[str, ...] = ()

    def exprs(self, field: str) -> tuple[str, ...]:
        return getattr(self, field, ()) if field in FIELDS else ()


FAMILIES: tuple[Family, ...] = (
    # the "mcms" newspaper CMS (baolaocai.vn, plo.vn …): BEM classes doubled with cms-* hooks
    Family(
        name="mcms",
        tokens=("cms-body", "cms-title", "zce-content-body", "cms-desc", "cms-author", "article__sapo"),
        need=2,
        title=("h1.article__title", "h1.cms-title"),
        body=(".article__body", ".cms-body"),
        lead=(".article__sapo", ".cms-desc"),
        published=(".article__meta time", "time[datetime]"),
        byline=(".article__author .name", ".cms-author"),
    ),
    # .NET portals whose article is a user control named ArticleDetailControl (ids carry its name)
    Family(
        name="aspnet-articledetail",
        markers=("__VIEWSTATE", "WebResource.axd", "ctl00_"),
        deep=("ArticleDetailControl",),
        tokens=("ArticleDetailControl",),
        need=2,
        title=(".ArticleDetailControl .Title", ".ArticleTitle",
               "[id*='ArticleDetailControl'][id*='Title']"),
        body=(".ArticleDetailControl .ArticleContent", ".ArticleContent",
              "[id*='ArticleDetailControl'][id*='Content'], [id*='ArticleDetailControl'][id*='Body']"),
        lead=(".ArticleDetailControl .Summary", ".ArticleSummary", ".ArticleLead",
              "[id*='ArticleDetailControl'][id*='Summary'], [id*='ArticleDetailControl'][id*='Lead']"),
        published=(".ArticleDetailControl .Date", ".ArticleDate",
                   "[id*='ArticleDetailControl'][id*='Date']"),
        byline=(".ArticleDetailControl .Author", ".ArticleAuthor",
                "[id*='ArticleDetailControl'][id*='Author']"),
    ),
    # SharePoint portals of the Tân Dân vendor (many provincial/ministry portals): /_layouts/, ms-rte
    Family(
        name="sharepoint-tandan",
        generator=r"microsoft sharepoint",
        markers=("/_layouts/", "_spPageContextInfo", "MSOWebPartPage", "tandan", "TanDan",
                 "/Style%20Library/", "/Style Library/"),
        tokens=("ms-rtestate-field", "s4-workspace", "ms-webpart-zone"),
        need=2,
        # the publishing page layouts' (ArticleLeft/Right, Seattle master) title area, date and by lines, and
        # the page image with its caption field beside the content field; a news webpart's header row (category
        # cell, then the date cell "thứ năm, 25 07 2019 14:21") above its headline
        title=(".tandan-title", ".title-news", ".news-title", "h1.title", "h1.ms-core-pageTitle"),
        body=(".article-content .ms-rtestate-field", ".ms-rtestate-field", ".tandan-content", ".news-content",
              ".content-news"),
        lead=(".tandan-summary", ".news-summary", ".sapo"),
        published=(".tandan-date", ".news-date", ".date", ".article-header .date-line", ".ms-news-header .Time"),
        byline=(".tandan-author", ".news-author", ".author", ".article-header .by-line"),
        images=(".captioned-image .image img",),
    ),
    # Liferay 6.2 ("aui" html class, /html/js/) and 7.x DXP (/o/ modules): journal articles, asset publisher
    Family(
        name="liferay",
        generator=r"liferay",
        markers=("Liferay.", "/html/js/liferay", "/o/frontend-", 'class="aui', "/html/themes/"),
        tokens=("portlet-boundary", "journal-content-article", "asset-full-content", "portlet-journal-content",
                "lfr-spa-loading-bar"),
        url=r"^/(?:web/|-/|[a-z]{2}/-/|c/portal/)",
        need=2,
        title=(".asset-full-content .asset-title", ".asset-full-content .header-title", ".asset-title",
               ".asset_publisher_view_full_content .asset_title", ".journal-content-article h1"),
        body=(".asset-full-content .asset-content", ".asset-full-content .journal-content-article",
              ".journal-content-article"),
        lead=(".asset-full-content .asset-summary", ".asset-summary", ".asset-abstract .assetdesc", ".asset-abstract"),
        published=(".asset-full-content .metadata-publish-date", ".metadata-publish-date", ".text-ngayxam-page",
                   ".asset-metadata .date"),
        byline=(".asset-author .tac-gia", ".asset-author", ".metadata-author"),
    ),
    # NukeViet 3/4 (VINADES): nv_* globals, /themes/<theme>/, the news module's #news-bodyhtml
    Family(
        name="nukeviet",
        generator=r"nukeviet",
        markers=("nv_base_siteurl", "nv_module_name", "/themes/default/", "nv_lang_data",
                 "/assets/js/global.js", "NukeViet"),
        tokens=("news-bodyhtml", "news_column"),
        need=2,
        title=(".news_column h1.title", "h1[itemprop='headline']", ".news_column h1"),
        body=("#news-bodyhtml", ".news-body", ".bodytext"),
        lead=(".news_column .hometext", ".hometext", "#news_detail #hometext", "#hometext"),
        published=(".news_column span.h5", ".news_column .text-muted", ".news_column time", "#news_detail span.time"),
        byline=(".news_column .author", ".news-body .author", "p.h5.text-right strong"),
        # detail.tpl's home image: NukeViet 4 "figure.article" beside .hometext, NukeViet 3 "#imghome" in #hometext
        images=(".news_column figure.article img", "#news_detail #imghome img", "#hometext img"),
    ),
    # Blogger (Blogspot): its hAtom classes (hentry, entry-content) are WordPress's too, so it comes first; the time
    # is in the post's footer (abbr.published title="ISO"), the day in the date header above the post
    Family(
        name="blogger",
        generator=r"^blogger$",
        markers=("www.blogger.com/static", "_WidgetManager", "blogger.com/profile", "blogger.googleusercontent.com"),
        tokens=("post-body", "post-outer", "date-header", "blog-posts", "post-timestamp"),
        need=2,
        title=(".post-outer h3.post-title", "h3.post-title", ".post-title.entry-title"),
        body=(".post-body.entry-content", ".post-body"),
        published=(".post-timestamp abbr.published", ".post-timestamp .published", ".date-header"),
        byline=(".post-author .fn [itemprop='name']", ".post-author .fn"),
    ),
    # TYPO3 with the news extension (tx_news): the detail view's date and author in a ``div.footer`` under the
    # headline, its media block (each picture with a ``p.news-img-caption``) between the teaser and the text
    Family(
        name="typo3",
        generator=r"typo3",
        markers=("/typo3conf/", "/typo3temp/", "/fileadmin/", "This website is powered by TYPO3"),
        tokens=("news-single", "news-text-wrap", "news-img-wrap", "news-list-date"),
        need=2,
        title=(".news-single .header [itemprop='headline']", ".news-single .header h3", ".news-single h1"),
        body=(".news-single .news-text-wrap", ".news-text-wrap"),
        lead=(".news-single .teaser-text",),
        published=(".news-single .news-list-date time", ".news-single .news-list-date"),
        byline=(".news-single .news-list-author [itemprop='name']", ".news-single .news-list-author"),
        images=(".news-single .news-img-wrap img",),
    ),
    # WordPress (themes vary; the post markup and wp-content paths do not)
    Family(
        name="wordpress",
        generator=r"wordpress",
        markers=("/wp-content/", "/wp-includes/", "wp-json", "wp-embed"),
        tokens=("entry-content", "wp-block-image", "hentry"),
        need=2,
        title=("h1.entry-title", "h1.post-title", "h1.tdb-title-text", "h1.wp-block-post-title", ".single-post h1"),
        body=(".entry-content", ".post-content", ".td-post-content", ".tdb-block-inner.td-fix-index",
              ".single-content", "article .content"),
        lead=(".entry-summary", ".post-excerpt"),
        published=("time.entry-date", ".posted-on time", ".entry-date", ".post-date", ".wp-block-post-date time",
                   "time[datetime]"),
        # classic themes' "by <span.author.vcard>", block themes' post-author-name and post-author blocks
        byline=(".author.vcard .fn", ".byline .author", ".author-name", ".entry-author",
                ".wp-block-post-author-name", ".wp-block-post-author__name"),
        # the featured image above the post (classic themes' post-thumbnail, the block theme's featured-image block)
        images=(".post-thumbnail img", ".wp-block-post-featured-image img"),
    ),
    # Joomla 1.5–4 (com_content article view)
    Family(
        name="joomla",
        generator=r"joomla",
        markers=("/media/jui/", "/media/system/js/", "option=com_", "/templates/"),
        tokens=("item-page", "com_content", "article-info", "k2Container", "itemView"),
        need=2,
        # then the K2 component's item view (``#k2Container.itemView``: intro and full text in two blocks, the
        # picture with its caption above them)
        title=(".item-page h2[itemprop='headline']", ".item-page h1", ".item-page .page-header h2",
               "h2.contentheading", ".contentheading", ".itemView .itemTitle"),
        body=(".item-page [itemprop='articleBody']", ".item-page", ".article-content", ".itemView .itemFullText"),
        lead=(".item-page .introtext", ".itemView .itemIntroText"),
        published=(".article-info .published time", ".article-info .published", ".article-info .create",
                   ".createdate", ".itemView .itemDateCreated"),
        byline=(".article-info .createdby [itemprop='name']", ".article-info .createdby", ".createby",
                ".itemView .itemAuthor a", ".itemView .itemAuthor"),
        images=(".itemView .itemImageBlock img",),
    ),
    # Drupal 7 (node.tpl.php: "submitted" line, field-name-body) and 8–11 (node.html.twig: node__meta,
    # field--name-body; the page title block prints the headline); the default date format "D, m/d/Y - H:i" is
    # month first, which the printed weekday settles (``dates.py``)
    Family(
        name="drupal",
        generator=r"drupal",
        markers=("/sites/default/files/", "/misc/drupal.js", "/core/misc/drupal", "Drupal.settings", "drupalSettings",
                 "data-drupal-"),
        tokens=("node__content", "node__meta", "field--name-body", "field-name-body", "node-article",
                "node--type-article"),
        need=2,
        title=("h1.page-title .field--name-title", "h1.page-title", "h1#page-title", "h1.node__title"),
        body=(".node__content .field--name-body", ".field--name-body", ".field-name-body .field-item",
              ".field-name-body"),
        published=(".node__meta", ".node .submitted", ".submitted"),
        byline=(".node__author",),
        # the article's image field, printed before its body field
        images=(".field--name-field-image img", ".field-name-field-image img"),
    ),
    # Odoo's website_blog: the post's body is a run of snippet sections in one field container, each section as
    # dense as the next, so the container is named (Odoo 8 ``#blog_content``, later ``o_wblog_post_content_field``)
    Family(
        name="odoo",
        generator=r"^odoo",
        markers=("/web/css/", "/web/content/", "/website/image/", "data-oe-", "website.assets_frontend",
                 "/website_blog/static/"),
        tokens=("wrapwrap", "blog_content", "o_wblog_post_content_field", "blog_post_name"),
        need=2,
        title=("h1#blog_post_name", "#o_wblog_post_name", ".o_wblog_post_name"),
        body=(".o_wblog_post_content_field", "#blog_content"),
        published=("#title .post-meta .oe_date", ".o_wblog_post_date"),
        byline=("#blog_author", "#title .post-meta .fa-user"),
    ),
    # Hugo (PaperMod and its kin): the cover picture is printed in a figure between the header and the body
    Family(
        name="hugo",
        generator=r"^hugo\b",
        markers=("/assets/css/stylesheet.", "gohugo.io"),
        tokens=("post-single", "entry-cover", "post-content", "post-meta"),
        need=3,
        images=("figure.entry-cover img", ".post-single .featured-image img"),
    ),
    # ASP.NET WebForms / DotNetNuke portals with numeric article paths (/tin-tuc/123/45678.aspx)
    Family(
        name="aspnet-numeric",
        generator=r"dotnetnuke|dnn platform",
        markers=("__VIEWSTATE", "WebResource.axd", "ScriptResource.axd", "ctl00_", "DotNetNuke", "dnn_", ".aspx"),
        tokens=("Form", "dnn_ContentPane", "aspnetForm"),
        url=r"(?:/\d+){1,3}(?:/[\w-]+)?\.aspx$|\.aspx\?.*\b(?:id|newsid|ItemID)=\d+",
        need=3,
        # the EasyDNNnews module's article view (``article.edn_articleDetails``: no wrapper of its own for the text)
        title=("h1.tieudetin", ".chitiettin h1", "h1.title", ".news-detail h1",
               "[id*='lblTitle'], [id*='lblTieuDe']", ".edn_articleDetails .edn_articleTitle"),
        body=(".chitiettin .noidung", ".noidung", ".news-detail .content",
              "[id*='lblContent'], [id*='divContent'], [id*='lblNoiDung']"),
        lead=(".chitiettin .tomtat", ".tomtat", "[id*='lblSummary'], [id*='lblTomTat']",
              ".edn_articleDetails .edn_articleSummary"),
        published=(".chitiettin .ngaydang", ".ngaydang",
                   "[id*='lblDate'], [id*='lblNgay']", ".edn_articleDetails .edn_metaDetails time"),
        byline=(".chitiettin .tacgia", ".tacgia", "[id*='lblAuthor'], [id*='lblTacGia']",
                ".edn_articleDetails .edn_author a", ".edn_articleDetails .edn_author"),
    ),
)

BY_NAME = {f.name: f for f in FAMILIES}


@lru_cache(maxsize=1)
def _compiled():
    gens = [(f, re.compile(f.generator, re.I)) for f in FAMILIES if f.generator]
    urls = {f.name: re.compile(f.url, re.I) for f in FAMILIES if f.url}
    return gens, urls


def _searched(as_searched):
    """(family, ((marker, marker as searched), ...), (deep marker pairs)) for every family."""
    return tuple((f, tuple((m, as_searched(m)) for m in f.markers), tuple((m, as_searched(m)) for m in f.deep))
                 for f in FAMILIES)


_PLAIN, _ENCODED = _searched(str), _searched(str.encode)  # bytes pages search markers encoded once, here

HEAD = 16384  # markers live in <head> scripts and the first lines of <body>


@lru_cache(maxsize=1)
def all_exprs() -> list[str]:
    """Every family expression and token (for the page index: answered from its one walk)."""
    out: list[str] = []
    for f in FAMILIES:
        for field in FIELDS:
            out += [e for e in f.exprs(field) if e not in out]
        for tok in f.tokens:
            out += [e for e in (f".{tok}", f"#{tok}") if e not in out]
    return out


def detect(html, url: str = "", generator: str | None = None, index=None) -> tuple[Family | None, str | None]:
    """``(family, evidence)`` for a page, or ``(None, None)`` when no family is recognised.

    ``html`` is the raw page (bytes or str; only marker substrings are searched), ``generator`` the
    content of ``<meta name="generator">`` when there is one, ``index`` the page's ``PageIndex`` built
    with ``all_exprs()`` among its expressions (tokens are read from it; without it they are searched
    in the raw page).
    """
    gens, urls = _compiled()
    if generator:
        for fam, rx in gens:
            if rx.search(generator):
                return fam, "generator"
    if html is None:
        return None, None
    is_bytes = isinstance(html, (bytes, bytearray, memoryview))
    if isinstance(html, memoryview):
        html = bytes(html)
    path = urlsplit(url or "").path
    query = urlsplit(url or "").query
    in_head = html[:HEAD].__contains__
    hits_of = getattr(index, "hits", None)
    best, best_score, best_hits = None, 0, ()
    for fam, markers, deep in (_ENCODED if is_bytes else _PLAIN):
        hits = tuple(m for m, raw in markers if in_head(raw))
        hits += tuple(m for m, raw in deep if raw in html)
        if hits_of is not None:
            hits += tuple(t for t in fam.tokens if hits_of.get(("class", t)) or hits_of.get(("id", t)))
        else:
            hits += tuple(t for t in fam.tokens if (t.encode() if is_bytes else t) in html)
        score = len(hits)
        rx = urls.get(fam.name)
        if rx is not None and rx.search(path + ("?" + query if query else "")):
            score += 1
        if score >= fam.need and score > best_score:
            best, best_score, best_hits = fam, score, hits
    if best is None:
        return None, None
    return best, "markers:" + ",".join(best_hits[:4])


def family_named(name: str | None) -> Family | None:
    """The family a profile names (``family = "nukeviet"``), or None for "generic"/unknown names."""
    return BY_NAME.get((name or "").strip().lower())
