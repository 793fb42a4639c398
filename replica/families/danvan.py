"""``danvan-replica``: a Liferay 6.2 department portal (Ban Dân vận Tỉnh ủy).

URLs: ``/`` home; ``/web/guest/{category}`` listing; pagination through the asset publisher's query
(``?p_p_id=101_INSTANCE_{inst}&...&_101_INSTANCE_{inst}_cur=N``); article
``/web/guest/{category}/-/asset_publisher/{inst}/content/{slug}``; ``...?print=1`` print view;
``/web/guest/lien-he`` contact; ``/admin/`` and ``/c/portal/login`` forbidden.
"""
from __future__ import annotations

import random
import string

from ..content import ArticleData, Category, Locale
from ..text import WEEKDAYS_LOWER, h, slugify
from .base import FILL_MARK, Family

PORTLET_JS = """Liferay.Portlet.onLoad({{canEditTitle: false, columnPos: {col}, isStatic: 'end', namespacedId: 'p_p_id_{pid}_', portletId: '{pid}', refreshURL: '/c/portal/render_portlet?p_l_id=20187&p_p_id={pid}&p_p_lifecycle=0&p_t_lifecycle=0&p_p_state=normal&p_p_mode=view&p_p_col_id=column-{col}&p_p_col_pos={col}&p_p_col_count=3&p_p_isolated=1&currentURL=%2Fweb%2Fguest'}});"""


class DanVan(Family):
    slug = "danvan-replica"
    family = "liferay"
    name = "Ban Dân vận Tỉnh ủy Sóc Trăng (bản mô phỏng)"
    short = "Ban Dân vận Tỉnh ủy Sóc Trăng"
    per_page = 12
    server_header = "Apache-Coyote/1.1"
    thousands_sep = "."
    image_prefixes = ("/documents/", "/image/", "/o/")
    no_image = "/o/danvan-theme/images/no-image.jpg"
    robots_disallow = ("/admin/", "/c/", "/group/", "/web/guest/tim-kiem")
    address = ("Ban Dân vận Tỉnh ủy Sóc Trăng. Địa chỉ: số 2 đường Trần Hưng Đạo, Phường 2, thành phố Sóc Trăng. "
               "Điện thoại: 0299.3822.xxx. Email: bandanvan@soctrang.gov.vn.test")
    locale = Locale(
        province="tỉnh Sóc Trăng", unit="Ban Dân vận Tỉnh ủy", unit_body="UBND tỉnh", party="Tỉnh ủy",
        level="tỉnh",
        districts=("thành phố Sóc Trăng", "huyện Mỹ Tú", "huyện Châu Thành", "huyện Kế Sách", "huyện Long Phú",
                   "huyện Cù Lao Dung", "huyện Trần Đề", "huyện Mỹ Xuyên", "thị xã Vĩnh Châu", "thị xã Ngã Năm",
                   "huyện Thạnh Trị"),
        places=("xã Phú Tâm", "xã Thuận Hòa", "xã An Ninh", "xã Hồ Đắc Kiện", "xã Lịch Hội Thượng", "xã Viên An",
                "xã Gia Hòa 1", "phường Vĩnh Phước", "xã Long Bình", "xã Đại Ân 2", "xã Tham Đôn", "xã Ba Trinh"),
        hamlets=("ấp Phước Bình", "ấp Sóc Vồ", "ấp Tân Lập", "ấp Prey Chóp", "ấp Bưng Tróp", "ấp Trà Canh",
                 "khóm 5", "ấp Kinh Mới"),
        sources=("Báo Sóc Trăng", "Tạp chí Dân vận", "Ban Dân vận Trung ương",
                 "Đài Phát thanh và Truyền hình Sóc Trăng"),
    )
    category_specs = (
        ("tin-tuc-su-kien", "Tin tức - Sự kiện", ("hoi-nghi", "dan-van")),
        ("dan-van-kheo", "Dân vận khéo", ("dan-van", "nong-thon-moi")),
        ("dan-toc-ton-giao", "Dân tộc - Tôn giáo", ("ton-giao",)),
        ("mat-tran-doan-the", "Mặt trận - Đoàn thể", ("an-sinh", "van-hoa")),
        ("dan-van-chinh-quyen", "Dân vận chính quyền", ("chuyen-doi-so", "dau-tu", "y-te", "giao-duc")),
    )
    counter_labels = (("online", "Đang truy cập:"), ("today", "Hôm nay:"), ("month", "Trong tháng:"),
                      ("year", "Trong năm:"), ("total", "Tổng số:"))

    def make_categories(self, rng):
        cats = super().make_categories(rng)
        alphabet = string.ascii_letters + string.digits
        for i, c in enumerate(cats):
            c.cid = 10000 + i
            c.inst = "".join(rng.choice(alphabet) for _ in range(12))
        return cats

    def assign(self, items: list[ArticleData], rng: random.Random, after: int | None = None) -> None:
        article_id = 60000 + rng.randint(0, 900) if after is None else after
        for a in items:
            article_id += rng.randint(2, 30)
            a.aid = article_id
            a.path = f"/web/guest/{a.category.key}/-/asset_publisher/{a.category.inst}/content/{a.slug}"
            d = a.published
            a.published_raw = f"({WEEKDAYS_LOWER[d.weekday()]}, {d:%d/%m/%Y %H:%M})"
            folder = 20300 + (d.year - 2024) * 12 + d.month
            stem = slugify(a.title, 5)
            for k, img in enumerate(a.images, 1):
                img.src = f"/documents/20182/{folder}/{stem}-{k}.jpg"
            # Some editors sign with the asset's "Tác giả:" field instead of a closing paragraph.
            if a.byline and " " in a.byline and ":" not in a.byline and not a.byline.startswith("(") \
                    and rng.random() < 0.4:
                a.byline = f"Tác giả: {a.byline}"
                a.byline_style = "author-field"

    def pid(self, cat: Category) -> str:
        return f"101_INSTANCE_{cat.inst}"

    def listing_path(self, cat: Category, page: int = 1) -> str:
        base = f"/web/guest/{cat.key}"
        if page <= 1:
            return base
        pid = self.pid(cat)
        return (f"{base}?p_p_id={pid}&p_p_lifecycle=0&p_p_state=normal&p_p_mode=view&p_p_col_id=column-2"
                f"&p_p_col_count=1&_{pid}_delta={self.per_page}&_{pid}_keywords=&_{pid}_advancedSearch=false"
                f"&_{pid}_andOperator=true&p_r_p_564233524_resetCur=false&_{pid}_cur={page}")

    def route(self, path: str, query: dict, raw_query: str):
        if path in ("/", "/web/guest", "/web/guest/", "/web/guest/trang-chu"):
            return ("home",)
        if path == "/web/guest/lien-he":
            return ("static", "lien-he")
        if path.startswith(("/admin", "/c/portal/login", "/group/")):
            return ("forbidden",)
        a = self.site.by_path.get(path)
        if a is not None:
            return ("print", a) if query.get("print") == ["1"] else ("article", a)
        parts = path.split("/")
        if len(parts) == 4 and parts[1:3] == ["web", "guest"]:
            cat = self.category(parts[3])
            if cat:
                page = next((v[0] for k, v in query.items() if k.endswith("_cur")), "1")
                if page.isdigit() and 1 <= int(page) <= self.pages(cat):
                    return ("listing", cat, int(page))
        return None

    # --- page frame -------------------------------------------------------------------------------
    def frame(self, base, target, counters, title, main, *, description="", active="", pid="56_INSTANCE_x"):
        rng = self.site.page_rng(target)
        nav = [f'<li class="{"selected " if active == "home" else ""}lfr-nav-item" role="presentation"><a href="/" role="menuitem"><span>Trang chủ</span></a></li>',
               '<li class="lfr-nav-item dropdown" role="presentation"><a href="javascript:;" role="menuitem" aria-haspopup="true"><span>Giới thiệu</span></a>'
               '<ul class="child-menu dropdown-menu" role="menu"><li class="lfr-nav-item"><a href="/web/guest/lien-he" role="menuitem">Liên hệ</a></li></ul></li>']
        for c in self.site.categories:
            sel = "selected " if active == c.key else ""
            nav.append(f'<li class="{sel}lfr-nav-item" role="presentation"><a href="{self.listing_path(c)}" role="menuitem"><span>{h(c.name)}</span></a></li>')
        scripts = "\n".join(PORTLET_JS.format(col=i % 3 + 1, pid=p) for i, p in enumerate(
            ["56_INSTANCE_menu", pid, "56_INSTANCE_thongke", "3", "101_INSTANCE_tinmoi", "56_INSTANCE_vanban",
             "56_INSTANCE_lienket", "73_INSTANCE_banner"]))
        canonical = base + target.split("?")[0]
        return self.fill(f"""<!DOCTYPE html>
<html class="aui ltr" dir="ltr" lang="vi-VN">
<head>
<meta charset="utf-8" />
<title>{h(title)}</title>
<meta content="initial-scale=1.0, width=device-width" name="viewport" />
<meta content="text/html; charset=UTF-8" http-equiv="content-type" />
<meta content="{h(description or self.name)}" lang="vi-VN" name="description" />
<link href="/o/danvan-theme/images/favicon.ico" rel="Shortcut Icon" />
<link href="{h(canonical)}" rel="canonical" />
<link class="lfr-css-file" href="/o/danvan-theme/css/aui.css?browserId=other&amp;themeId=danvan_WAR_danvantheme&amp;languageId=vi_VN&amp;b=6210&amp;t=1713402110000" rel="stylesheet" type="text/css" />
<link href="/html/css/main.css?browserId=other&amp;themeId=danvan_WAR_danvantheme&amp;languageId=vi_VN&amp;b=6210&amp;t=1713402110000" rel="stylesheet" type="text/css" />
<link href="/html/portlet/asset_publisher/css/main.css?browserId=other&amp;themeId=danvan_WAR_danvantheme&amp;languageId=vi_VN&amp;b=6210&amp;t=1713402110000" rel="stylesheet" type="text/css" />
<link href="/html/portlet/journal_content/css/main.css?browserId=other&amp;themeId=danvan_WAR_danvantheme&amp;languageId=vi_VN&amp;b=6210&amp;t=1713402110000" rel="stylesheet" type="text/css" />
<script type="text/javascript">
var themeDisplay = Liferay.ThemeDisplay = {{getCompanyId: function() {{ return '20155'; }}, getCompanyGroupId: function() {{ return '20195'; }}, getUserId: function() {{ return '20159'; }}, getDoAsUserIdEncoded: function() {{ return ''; }}, getCDNBaseURL: function() {{ return '{h(base)}'; }}, getPortalURL: function() {{ return '{h(base)}'; }}, getPathMain: function() {{ return '/c'; }}, getPathImage: function() {{ return '/image'; }}, getPathThemeImages: function() {{ return '/o/danvan-theme/images'; }}, getLanguageId: function() {{ return 'vi_VN'; }}, getScopeGroupId: function() {{ return '20182'; }}, isSignedIn: function() {{ return false; }}, getSessionId: function() {{ return ''; }}}};
var Liferay = Liferay || {{}}; Liferay.authToken = 'AbCdEf12'; Liferay.currentURL = '{h(target.split("?")[0])}';
</script>
<script src="/html/js/barebone.jsp?browserId=other&amp;themeId=danvan_WAR_danvantheme&amp;colorSchemeId=01&amp;minifierType=js&amp;minifierBundleId=javascript.barebone.files&amp;languageId=vi_VN&amp;b=6210&amp;t=1713402110000" type="text/javascript"></script>
</head>
<body class="yui3-skin-sam controls-visible guest-site signed-out public-page site">
<a href="#main-content" id="skip-to-content">Bỏ qua nội dung</a>
<div class="container-fluid" id="wrapper">
<header id="banner" role="banner">
  <div id="heading"><h1 class="site-title"><a class="logo custom-logo" href="/" title="{h(self.name)}"><img alt="{h(self.name)}" height="110" src="/image/layout_set_logo?img_id=30412&amp;t=1713402110000" width="980" /></a></h1></div>
  <nav class="sort-pages modify-pages" id="navigation" role="navigation"><ul aria-label="Trang web" role="menubar">{"".join(nav)}</ul></nav>
  <div class="search-bar"><form action="/web/guest/tim-kiem" method="get"><input name="q" placeholder="Tìm kiếm" type="text" /><button type="submit">Tìm</button></form></div>
</header>
<div id="content">
<div class="columns-2-r" id="main-content" role="main">
<div class="portlet-layout row-fluid">
<div class="portlet-column portlet-column-first span8" id="column-2"><div class="portlet-dropzone portlet-column-content portlet-column-content-first" id="layout-column_column-2">
{main}
</div></div>
<div class="portlet-column portlet-column-last span4" id="column-3"><div class="portlet-dropzone portlet-column-content portlet-column-content-last" id="layout-column_column-3">
{self._sidebar(rng, counters)}
</div></div>
</div>
</div>
</div>
<footer id="footer" role="contentinfo">
  <div class="footer-links">{" | ".join(f'<a href="{u}" target="_blank">{h(t)}</a>' for t, u in self._ext())} | <a href="/c/portal/login" rel="nofollow">Đăng nhập</a> | <a href="/admin/" rel="nofollow">Quản trị</a></div>
  <p class="powered-by"><strong>{h(self.name.upper())}</strong><br />{h(self.address)}<br />Chịu trách nhiệm chính: Phó Trưởng Ban Thường trực Ban Dân vận Tỉnh ủy.</p>
</footer>
</div>
<script type="text/javascript">
// <![CDATA[
{scripts}
AUI().use('aui-base', 'liferay-menu', 'liferay-notice', 'liferay-poller', function(A) {{ (function() {{ Liferay.Util.addInputType(); Liferay.Portlet.ready(function(portletId, node) {{ Liferay.Util.addInputType(node); }}); }})(); }});
// ]]>
</script>
</body>
</html>
""", rng)

    def _ext(self):
        from ..wordbank import EXTERNAL_LINKS
        return EXTERNAL_LINKS

    def _portlet(self, pid: str, title: str, content: str, extra_cls: str = "") -> str:
        return (f'<div class="portlet-boundary portlet-boundary_{pid.split("_")[0]}_ portlet-static portlet-static-end {extra_cls}" id="p_p_id_{pid}_">'
                f'<span id="p_{pid}"></span><section class="portlet" id="portlet_{pid}">'
                f'<header class="portlet-topper"><span class="portlet-title-text">{h(title)}</span></header>'
                f'<div class="portlet-content"><div class="portlet-content-container"><div class="portlet-body">{content}</div></div></div></section></div>\n')

    def _sidebar(self, rng: random.Random, counters: dict) -> str:
        latest = "".join(f'<li class="title-list"><a href="{a.path}">{h(a.title)}</a> <span class="date">{a.published:%d/%m/%Y}</span></li>'
                         for a in self.site.latest(8))
        most = "".join(f'<li><a href="{a.path}">{h(a.title)}</a></li>' for a in self.most_read(rng))
        rows = "".join(f'<div class="counter-row"><span class="counter-label">{h(label)}</span> '
                       f'<span class="counter-number">{self.fmt(counters[kind])}</span></div>'
                       for kind, label in self.counter_labels)
        return (self._portlet("101_INSTANCE_tinmoi", "Tin mới", f'<ul class="title-list">{latest}</ul>')
                + self._portlet("101_INSTANCE_docnhieu", "Đọc nhiều", f'<ul class="title-list">{most}</ul>')
                + self._portlet("56_INSTANCE_vanban", "Văn bản mới", f'<div class="journal-content-article"><ul class="van-ban">\n{FILL_MARK}</ul></div>')
                + self._portlet("56_INSTANCE_thongke", "Thống kê truy cập",
                                f'<div class="thong-ke-truy-cap"><div class="title-block">Thống kê truy cập</div>{rows}</div>'))

    def filler_item(self, rng: random.Random) -> str:
        from ..content import doc_item
        number, kind, subject = doc_item(rng, rng.choice((2024, 2025)))
        number = number.replace("UBND", "BDVTU").replace("HĐND", "TU")
        return (f'<li><a href="/documents/20182/0/{slugify(kind + " " + number)}.pdf" target="_blank">'
                f'<strong>{h(kind)} {h(number)}</strong></a> <span>{h(subject)}</span></li>\n')

    # --- pages ---------------------------------------------------------------------------------------
    def _abstract(self, a: ArticleData) -> str:
        return (f'<div class="asset-abstract"><div class="asset-small-image"><a href="{a.path}"><img alt="" class="asset-small-image" src="{self.thumb(a)}" width="150" /></a></div>'
                f'<h3 class="asset-title"><a href="{a.path}">{h(a.title)}</a></h3>'
                f'<div class="asset-metadata"><span class="metadata-entry metadata-publish-date">{a.published:%d/%m/%Y}</span></div>'
                f'<div class="asset-summary">{h(a.lead)}</div>'
                f'<div class="asset-more"><a href="{a.path}">Xem chi tiết <span class="hide-accessible">về {h(a.title)}</span> »</a></div></div>\n')

    def render_home(self, base, target, counters):
        latest = self.site.latest(10)
        blocks = [self._portlet("101_INSTANCE_home", "Tin nổi bật", "".join(self._abstract(a) for a in latest), "portlet-asset-publisher")]
        for c in self.site.categories:
            items = "".join(f'<li class="title-list"><a href="{a.path}">{h(a.title)}</a></li>' for a in c.articles[:5])
            blocks.append(self._portlet(f"101_INSTANCE_{c.inst}", c.name,
                                        f'<ul class="title-list">{items}</ul><div class="asset-more"><a href="{self.listing_path(c)}">Xem thêm »</a></div>',
                                        "portlet-asset-publisher"))
        return self.frame(base, target, counters, f"Trang chủ - {self.short}", "".join(blocks), active="home")

    def render_listing(self, base, target, counters, cat: Category, page: int):
        pages = self.pages(cat)
        total = len(cat.articles)
        first, last = (page - 1) * self.per_page + 1, min(page * self.per_page, total)
        nav = []
        if page > 1:
            nav += [f'<li class="first"><a href="{h(self.listing_path(cat, 1))}">Đầu</a></li>',
                    f'<li><a href="{h(self.listing_path(cat, page - 1))}">← Trước</a></li>']
        else:
            nav += ['<li class="disabled first"><a href="javascript:;">Đầu</a></li>', '<li class="disabled"><a href="javascript:;">← Trước</a></li>']
        if page < pages:
            nav += [f'<li><a href="{h(self.listing_path(cat, page + 1))}">Sau →</a></li>',
                    f'<li class="last"><a href="{h(self.listing_path(cat, pages))}">Cuối</a></li>']
        else:
            nav += ['<li class="disabled"><a href="javascript:;">Sau →</a></li>', '<li class="disabled last"><a href="javascript:;">Cuối</a></li>']
        options = "".join(f'<option{" selected" if p == page else ""} value="{p}">{p}</option>' for p in range(1, pages + 1))
        content = ("".join(self._abstract(a) for a in self.page_items(cat, page))
                   + f'<div class="taglib-page-iterator"><div class="clearfix lfr-pagination"><div class="lfr-pagination-config">'
                   f'<div class="lfr-pagination-page-selector">Trang <select class="page-selector">{options}</select> của {pages}</div>'
                   f'<small class="search-results">Hiển thị {first} - {last} của {total} kết quả.</small></div>'
                   f'<ul class="lfr-pagination-buttons pager">{"".join(nav)}</ul></div></div>')
        title = f"{cat.name} - Trang {page}" if page > 1 else cat.name
        return self.frame(base, target, counters, f"{title} - {self.short}",
                          self._portlet(self.pid(cat), cat.name, content, "portlet-asset-publisher"),
                          active=cat.key, pid=self.pid(cat))

    def body_html(self, a: ArticleData) -> str:
        out = [f'<p style="text-align: justify;"><strong>{h(a.lead)}</strong></p>']
        by_after: dict[int, list] = {}
        for img in a.images:
            by_after.setdefault(img.after, []).append(img)
        for i, para in enumerate(a.paragraphs):
            out.append(f'<p style="text-align: justify;">{h(para)}</p>')
            for img in by_after.get(i, []):
                out.append(f'<p style="text-align: center;"><img alt="" src="{img.src}" style="width: {img.width}px; height: {img.height}px;" /></p>')
                if img.caption:
                    out.append(f'<p style="text-align: center;"><em>{h(img.caption)}</em></p>')
        if a.byline and a.byline_style == "para":
            out.append(f'<p style="text-align: right;"><strong>{h(a.byline)}</strong></p>')
        if a.source:
            out.append(f'<p style="text-align: right;"><em>{h(a.source)}</em></p>')
        return "\n".join(out)

    def render_article(self, base, target, counters, a: ArticleData):
        _, older = self.related(a, older=6)
        url = base + a.path
        pid = self.pid(a.category)
        author = ""
        if a.byline and a.byline_style == "author-field":
            author = f'<div class="asset-author"><span class="tac-gia">{h(a.byline)}</span></div>\n'
        tags = " ".join(f'<a class="tag" href="/web/guest/tim-kiem?tag={h(slugify(t))}">{h(t)}</a>' for t in a.tags)
        links = "".join(f'<li><a href="{r.path}">{h(r.title)}</a> <span class="date">({r.published:%d/%m/%Y})</span></li>' for r in older)
        content = f"""<div class="asset-full-content default-asset-publisher show-asset-title">
<div class="taglib-header"><span class="header-back-to"><a class="icon-circle-arrow-left previous-level" href="{self.listing_path(a.category)}" title="Quay lại"><span class="helper-hidden-accessible">Quay lại</span></a></span>
<h2 class="header-title"><span>{h(a.title)}</span></h2></div>
<div class="asset-metadata"><span class="metadata-entry metadata-publish-date">{h(a.published_raw)}</span></div>
<div class="asset-content" id="_{pid}_{a.aid}">
<div class="journal-content-article">
{self.body_html(a)}
</div>
{author}<div class="taglib-social-bookmarks"><ul class="unstyled"><li class="taglib-social-bookmark-facebook"><a href="https://www.facebook.com/sharer.php?u={h(url)}" target="_blank">Facebook</a></li><li class="taglib-social-bookmark-twitter"><a href="https://twitter.com/intent/tweet?url={h(url)}" target="_blank">Twitter</a></li></ul></div>
<div class="asset-print"><a href="{a.path}?print=1" rel="nofollow" target="_blank"><i class="icon-print"></i> In bài viết</a></div>
<div class="asset-tags"><span class="taglib-asset-tags-summary">Từ khóa: {tags}</span></div>
</div>
<div class="asset-links"><h4 class="asset-links-title">Các tin khác</h4><ul class="asset-links-list">{links}</ul></div>
</div>"""
        return self.frame(base, target, counters, f"{a.title} - {self.short}",
                          self._portlet(pid, a.category.name, content, "portlet-asset-publisher"),
                          description=a.lead, active=a.category.key, pid=pid)

    def render_print(self, base, target, counters, a: ArticleData):
        return f"""<!DOCTYPE html>
<html lang="vi-VN"><head><meta charset="utf-8" /><title>{h(a.title)}</title></head>
<body class="portal-popup"><h2>{h(a.title)}</h2><p>{h(a.published_raw)}</p>
<div class="journal-content-article">{self.body_html(a)}</div></body></html>
"""

    def render_static(self, base, target, counters, key):
        return self.frame(base, target, counters, f"Liên hệ - {self.short}",
                          self._portlet("56_INSTANCE_lienhe", "Liên hệ", f'<div class="journal-content-article"><p>{h(self.address)}</p></div>'))

    def render_not_found(self, base, path):
        return ('<!DOCTYPE html><html lang="vi-VN"><head><meta charset="utf-8" /><title>Không tìm thấy trang</title></head>'
                f'<body><div class="alert alert-error">Không tìm thấy trang yêu cầu: {h(path)}</div></body></html>\n')

    def render_forbidden(self, base, path):
        return ('<!DOCTYPE html><html lang="vi-VN"><head><meta charset="utf-8" /><title>Đăng nhập</title></head>'
                '<body><div class="alert alert-error">Bạn không có quyền truy cập trang này.</div></body></html>\n')
