"""``nukeviet-replica``: a NukeViet 4 district portal (huyện).

URLs: ``/`` home; ``/news/{alias}/`` listing, ``/news/{alias}/page-N`` pagination;
``/news/{alias}/{slug}-{id}.html`` article; ``/news/print/{slug}-{id}.html`` print view (looks like an
article URL: must be denied); ``/news/tag/{tag}`` tags (404); ``/contact/`` contact; ``/admin/`` forbidden.
"""
from __future__ import annotations

import random
import re

from ..content import ArticleData, Category, Locale
from ..text import WEEKDAYS_LOWER, h, slugify
from .base import FILL_MARK, Family

ARTICLE_RE = re.compile(r"^/news/([a-z0-9-]+)/([a-z0-9-]+)-(\d+)\.html$")
LISTING_RE = re.compile(r"^/news/([a-z0-9-]+)/(?:page-(\d+))?$")


class NukeViet(Family):
    slug = "nukeviet-replica"
    family = "nukeviet"
    name = "Cổng thông tin điện tử huyện Tam Nông (bản mô phỏng)"
    short = "Huyện Tam Nông"
    per_page = 10
    server_header = "Apache"
    thousands_sep = "."
    image_prefixes = ("/uploads/", "/themes/", "/assets/")
    no_image = "/themes/default/images/no_image.jpg"
    doc_prefix = "/uploads/laws/"
    robots_disallow = ("/admin/", "/data/", "/includes/", "/install/", "/seek/", "/users/")
    address = ("Ủy ban nhân dân huyện Tam Nông. Địa chỉ: đường Nguyễn Trãi, khóm 1, thị trấn Tràm Chim, "
               "huyện Tam Nông, tỉnh Đồng Tháp. Điện thoại: 0277.3827.xxx. Email: ubndtamnong@dongthap.gov.vn.test")
    locale = Locale(
        province="tỉnh Đồng Tháp", unit="UBND huyện", unit_body="UBND huyện", party="Huyện ủy", level="huyện",
        districts=("huyện Tam Nông",),
        places=("xã Phú Cường", "xã Phú Đức", "xã Phú Hiệp", "xã Phú Thành A", "xã Phú Thành B", "xã Phú Thọ",
                "xã An Long", "xã An Hòa", "xã Hòa Bình", "xã Tân Công Sính", "xã Phú Ninh", "thị trấn Tràm Chim"),
        hamlets=("ấp K10", "ấp Phú Lợi", "ấp Long Phú", "ấp Tân Hậu", "khóm 2", "ấp 4", "ấp Phú Hòa",
                 "ấp An Phú", "ấp Cây Dông"),
        sources=("Báo Đồng Tháp", "Đài Phát thanh và Truyền hình Đồng Tháp",
                 "Trung tâm Văn hóa - Thể thao và Truyền thanh huyện", "Văn phòng HĐND và UBND huyện"),
    )
    category_specs = (
        ("tin-tuc-su-kien", "Tin tức - Sự kiện", ("hoi-nghi", "chuyen-doi-so")),
        ("kinh-te", "Kinh tế", ("nong-nghiep", "dau-tu")),
        ("nong-thon-moi", "Xây dựng nông thôn mới", ("nong-thon-moi",)),
        ("van-hoa-xa-hoi", "Văn hóa - Xã hội", ("van-hoa", "giao-duc", "y-te", "an-sinh")),
        ("quoc-phong-an-ninh", "Quốc phòng - An ninh", ("quoc-phong",)),
    )
    counter_labels = (("online", "Đang truy cập"), ("today", "Hôm nay"), ("month", "Tháng hiện tại"),
                      ("total", "Tổng lượt truy cập"))

    def assign(self, items: list[ArticleData], rng: random.Random, after: int | None = None) -> None:
        nid = 1200 + rng.randint(0, 300) if after is None else after
        for a in items:
            nid += rng.randint(1, 4)
            a.aid = nid
            a.path = f"/news/{a.category.key}/{a.slug}-{nid}.html"
            d = a.published
            a.published_raw = f"{WEEKDAYS_LOWER[d.weekday()]} - {d:%d/%m/%Y %H:%M}"
            stem = slugify(a.title, 6)
            for k, img in enumerate(a.images, 1):
                img.src = f"/uploads/news/{d:%Y_%m}/{stem}-{k}.jpg"

    def _by_aid(self) -> dict[int, ArticleData]:
        if len(getattr(self, "_aid_index", ())) != len(self.site.items):  # built, or articles published since
            self._aid_index = {a.aid: a for a in self.site.items}
        return self._aid_index

    def listing_path(self, cat: Category, page: int = 1) -> str:
        return f"/news/{cat.key}/" if page <= 1 else f"/news/{cat.key}/page-{page}"

    def print_path(self, a: ArticleData) -> str:
        return f"/news/print/{a.slug}-{a.aid}.html"

    def route(self, path: str, query: dict, raw_query: str):
        if path in ("/", "/index.php"):
            return ("home",)
        if path == "/contact/":
            return ("static", "contact")
        if path.startswith("/admin"):
            return ("forbidden",)
        a = self.site.by_path.get(path)
        if a is not None:
            return ("article", a)
        m = ARTICLE_RE.match(path)
        if m and m.group(1) == "print":
            a = self._by_aid().get(int(m.group(3)))
            return ("print", a) if a is not None and a.slug == m.group(2) else None
        m = LISTING_RE.match(path)
        if m:
            cat = self.category(m.group(1))
            page = int(m.group(2) or 1)
            if cat and 1 <= page <= self.pages(cat) and m.group(2) != "1":
                return ("listing", cat, page)
        return None

    # --- page frame -------------------------------------------------------------------------------
    def frame(self, base, target, counters, title, main, *, description="", active="", og=""):
        rng = self.site.page_rng(target)
        home_cls = ' class="active"' if active == "home" else ""
        menu = [f'<li{home_cls}><a title="Trang nhất" href="/"><em class="fa fa-lg fa-home">&nbsp;</em><span class="visible-xs-inline-block"> Trang nhất</span></a></li>']
        for c in self.site.categories:
            cls = ' class="active"' if active == c.key else ""
            menu.append(f'<li{cls} role="presentation"><a class="dropdown-toggle" href="{self.listing_path(c)}" role="button" aria-expanded="false" title="{h(c.name)}">{h(c.name)}</a></li>')
        menu.append('<li role="presentation"><a href="/contact/" title="Liên hệ">Liên hệ</a></li>')
        canonical = base + target.split("?")[0]
        return self.fill(f"""<!DOCTYPE html>
<html lang="vi" xmlns="http://www.w3.org/1999/xhtml" prefix="og: http://ogp.me/ns#">
<head>
<meta charset="utf-8" />
<title>{h(title)}</title>
<meta name="description" content="{h(description or self.name)}" />
<meta name="keywords" content="tam nông, đồng tháp, tin tức, nông thôn mới" />
<meta name="author" content="{h(self.name)}" />
<meta name="copyright" content="{h(self.name)} [ubndtamnong@dongthap.gov.vn.test]" />
<meta name="generator" content="NukeViet v4.5" />
<meta name="viewport" content="width=device-width, initial-scale=1" />
<meta http-equiv="Content-Type" content="text/html; charset=utf-8" />
<meta property="og:title" content="{h(title)}" />
<meta property="og:type" content="{'article' if og else 'website'}" />
<meta property="og:url" content="{h(canonical)}" />
<meta property="og:site_name" content="{h(self.name)}" />
{og}<link rel="shortcut icon" href="/uploads/favicon.ico" />
<link rel="canonical" href="{h(canonical)}" />
<link rel="alternate" href="/rss/" title="Tin Tức" type="application/rss+xml" />
<link rel="preload" as="script" href="/assets/js/jquery/jquery.min.js?t=1703562915" type="text/javascript" />
<link rel="StyleSheet" href="/assets/css/font-awesome.min.css?t=1703562915" />
<link rel="StyleSheet" href="/themes/default/css/bootstrap.non-responsive.css?t=1703562915" />
<link rel="StyleSheet" href="/themes/default/css/style.css?t=1703562915" />
<link rel="StyleSheet" href="/themes/default/css/style.non-responsive.css?t=1703562915" />
<link rel="StyleSheet" href="/themes/default/css/news.css?t=1703562915" />
<link rel="StyleSheet" href="/assets/css/default.vi.0.css?t=1703562915" />
<style type="text/css">
.header-top{{background:#0a5ea8}}.menu-site-default{{background:#d7282f}}.panel-primary>.panel-heading{{background:#0a5ea8;border-color:#0a5ea8}}
ul.counter li span:first-child{{display:table-cell;width:70%}}ul.counter li span:last-child{{display:table-cell;text-align:right;font-weight:bold}}
</style>
</head>
<body>
<noscript><div class="alert alert-danger">Trình duyệt của bạn đã tắt chức năng hỗ trợ JavaScript.<br />Website chỉ làm việc khi bạn bật nó trở lại.</div></noscript>
<div class="body-bg">
<div class="wraper">
  <header>
    <div class="container">
      <div id="header" class="row">
        <div class="logo col-xs-24 col-sm-24 col-md-8">
          <a title="{h(self.name)}" href="/"><img src="/uploads/logo-tam-nong.jpg" width="120" height="120" alt="{h(self.name)}" /></a>
          <span class="site_name">{h(self.name)}</span><span class="site_description">Thông tin chính thống của UBND huyện Tam Nông</span>
        </div>
        <div class="col-xs-24 col-sm-24 col-md-16"><div class="headerSearch">
          <form action="/seek/" method="get"><input type="text" class="form-control" maxlength="60" placeholder="Tìm kiếm..." name="q" />
          <button type="submit" class="btn btn-info"><em class="fa fa-search fa-lg"></em></button></form>
        </div></div>
      </div>
    </div>
  </header>
  <nav class="second-nav" id="menusite"><div class="container"><div class="row"><div class="bg box-shadow">
    <div class="navbar navbar-default navbar-static-top" role="navigation"><div class="collapse navbar-collapse" id="menu-site-default">
    <ul class="nav navbar-nav">{"".join(menu)}</ul></div></div>
  </div></div></div></nav>
  <section><div class="container" id="body">
    <nav class="third-nav"><div class="row"><div class="bg"><div class="clearfix">
      <div class="col-xs-24 col-sm-18 col-md-18"><div class="breadcrumbs-wrap"><div class="display"><ul class="breadcrumbs list-none"></ul></div>
      <ul class="temp-breadcrumbs hidden"><li itemprop="itemListElement"><a href="/" itemprop="item" title="Trang nhất"><span itemprop="name">Trang nhất</span></a></li></ul></div></div>
      <div class="headerSearch col-xs-24 col-sm-6 col-md-6"><a href="/users/login/" rel="nofollow">Đăng nhập</a></div>
    </div></div></div></nav>
    <div class="row">
      <div class="col-sm-16 col-md-18">
{main}
      </div>
      <div class="col-sm-8 col-md-6">
{self._sidebar(rng, counters)}
      </div>
    </div>
  </div></section>
</div>
<footer id="footer" class="footer-nav">
  <div class="wraper"><div class="container"><div class="row">
    <div class="col-xs-24 col-sm-24 col-md-14">
      <div class="panel-body"><h3 class="footer-title">{h(self.name)}</h3>
      <p>{h(self.address)}</p>
      <p>Chịu trách nhiệm chính: Phó Chủ tịch UBND huyện - Trưởng Ban biên tập.</p></div>
    </div>
    <div class="col-xs-24 col-sm-24 col-md-10"><ul class="company_info">
      {"".join(f'<li><a href="{u}" target="_blank" rel="noopener">{h(t)}</a></li>' for t, u in self._ext())}
      <li><a href="/admin/" rel="nofollow">Quản trị</a></li>
    </ul></div>
  </div></div></div>
  <div class="copyright"><div class="container">© Bản quyền thuộc về UBND huyện Tam Nông. Thiết kế bởi VINADES.,JSC</div></div>
</footer>
</div>
<div id="timeoutsess" class="chromeframe">Bạn đã không sử dụng Site, <a onclick="timeoutsesscancel();" href="#">Bấm vào đây để duy trì trạng thái đăng nhập</a>. Thời gian chờ: <span id="secField"> 60 </span> giây</div>
<script src="/assets/js/jquery/jquery.min.js?t=1703562915"></script>
<script>var nv_base_siteurl="/",nv_lang_data="vi",nv_lang_interface="vi",nv_name_variable="nv",nv_fc_variable="op",nv_lang_variable="language",nv_module_name="news",nv_func_name="main",nv_is_user=0,nv_my_ofs=7,nv_my_abbr="ICT",nv_cookie_prefix="nv4c_Tn4f1",nv_check_pass_mstime=1738000,nv_area_admin=0,nv_safemode=0,theme_responsive=0,nv_recaptcha_ver=2,nv_recaptcha_sitekey="",nv_recaptcha_type="image";</script>
<script src="/assets/js/language/vi.js?t=1703562915"></script>
<script src="/assets/js/global.js?t=1703562915"></script>
<script src="/themes/default/js/news.js?t=1703562915"></script>
<script src="/themes/default/js/main.js?t=1703562915"></script>
<script src="/themes/default/js/bootstrap.min.js?t=1703562915"></script>
</body>
</html>
""", rng)

    def _ext(self):
        from ..wordbank import EXTERNAL_LINKS
        return EXTERNAL_LINKS

    def _sidebar(self, rng: random.Random, counters: dict) -> str:
        latest = "".join(
            f'<li class="clearfix"><a href="{a.path}" title="{h(a.title)}"><img src="{self.thumb(a)}" alt="{h(a.title)}" width="80" class="img-thumbnail pull-left mr-1" /></a>'
            f'<a class="show" href="{a.path}" title="{h(a.title)}">{h(a.title)}</a></li>' for a in self.site.latest(8))
        most = "".join(f'<li><a href="{a.path}" title="{h(a.title)}">{h(a.title)}</a></li>' for a in self.most_read(rng))
        rows = []
        icons = {"online": "fa-bolt", "today": "fa-filter", "month": "fa-calendar-o", "total": "fa-bars"}
        for kind, label in self.counter_labels:
            rows.append(f'<li><span><em class="fa {icons[kind]} fa-lg fa-horizon"></em>{h(label)}</span><span>{self.fmt(counters[kind])}</span></li>')
        return f"""<div class="panel panel-primary"><div class="panel-heading">Tin mới</div><div class="panel-body"><ul class="block_tophits list-none list-items">{latest}</ul></div></div>
<div class="panel panel-primary"><div class="panel-heading">Tin xem nhiều</div><div class="panel-body"><ul class="list-items">{most}</ul></div></div>
<div class="panel panel-primary"><div class="panel-heading">Văn bản mới</div><div class="panel-body"><ul class="list-items laws-list">
{FILL_MARK}</ul></div></div>
<div class="panel panel-primary"><div class="panel-heading">Liên kết website</div><div class="panel-body">
<select class="form-control" onchange="window.open(this.value)"><option value="">-- Chọn liên kết --</option>{"".join(f'<option value="{u}">{h(t)}</option>' for t, u in self._ext())}</select></div></div>
<div class="panel panel-primary"><div class="panel-heading">Thống kê truy cập</div><div class="panel-body">
<ul class="counter list-none display-table">
{"".join(rows)}
</ul></div></div>
"""

    # --- pages ---------------------------------------------------------------------------------------
    def _views(self, a: ArticleData) -> int:
        return 150 + (a.aid * 7919) % 2400

    def _item(self, a: ArticleData) -> str:
        return (f'<div class="news-item clearfix"><div class="panel-body">'
                f'<a href="{a.path}" title="{h(a.title)}"><img alt="{h(a.title)}" src="{self.thumb(a)}" width="183" class="img-thumbnail pull-left imghome" /></a>'
                f'<h3><a href="{a.path}" title="{h(a.title)}">{h(a.title)}</a></h3>'
                f'<div class="text-muted"><ul class="list-unstyled list-inline"><li><em class="fa fa-clock-o">&nbsp;</em> {a.published:%d/%m/%Y %H:%M}</li>'
                f'<li><em class="fa fa-eye">&nbsp;</em> Lượt xem: {self._views(a)}</li></ul></div>'
                f'<div class="text-justify">{h(a.lead)}</div></div></div>\n')

    def render_home(self, base, target, counters):
        latest = self.site.latest(10)
        parts = ['<div class="news_column"><div class="panel panel-default"><div class="panel-heading"><h2>Tin mới nhất</h2></div>',
                 "".join(self._item(a) for a in latest), "</div></div>"]
        for c in self.site.categories:
            items = "".join(f'<li><em class="fa fa-angle-right">&nbsp;</em><a href="{a.path}" title="{h(a.title)}">{h(a.title)}</a></li>' for a in c.articles[:5])
            parts.append(f'<div class="panel panel-default news_column"><div class="panel-heading"><h2><a href="{self.listing_path(c)}" title="{h(c.name)}">{h(c.name)}</a></h2></div>'
                         f'<div class="panel-body"><ul class="related list-items">{items}</ul><a class="pull-right" href="{self.listing_path(c)}">Xem thêm</a></div></div>')
        return self.frame(base, target, counters, self.name, "\n".join(parts), active="home")

    def render_listing(self, base, target, counters, cat: Category, page: int):
        pages = self.pages(cat)
        pager = []
        if page > 1:
            pager.append(f'<li><a href="{self.listing_path(cat, page - 1)}" title="Trang trước">&laquo;</a></li>')
        else:
            pager.append('<li class="disabled"><a href="#">&laquo;</a></li>')
        for p in self.window(page, pages, 3):
            pager.append(f'<li class="active"><a href="#">{p}</a></li>' if p == page
                         else f'<li><a href="{self.listing_path(cat, p)}" title="Trang {p}">{p}</a></li>')
        if page < pages:
            pager.append(f'<li><a href="{self.listing_path(cat, page + 1)}" title="Trang sau">&raquo;</a></li>')
        else:
            pager.append('<li class="disabled"><a href="#">&raquo;</a></li>')
        main = (f'<div class="news_column"><div class="page-header"><h1 class="cat-title">{h(cat.name)}</h1></div>\n'
                + "".join(self._item(a) for a in self.page_items(cat, page))
                + f'<div class="text-center"><ul class="pagination">{"".join(pager)}</ul></div></div>')
        title = f"{cat.name} - Trang {page}" if page > 1 else cat.name
        return self.frame(base, target, counters, f"{title} - {self.short}", main, active=cat.key)

    def body_html(self, a: ArticleData) -> str:
        out = []
        by_after: dict[int, list] = {}
        for img in a.images:
            by_after.setdefault(img.after, []).append(img)
        for i, para in enumerate(a.paragraphs):
            out.append(f'<p style="text-align:justify">{h(para)}</p>')
            for img in by_after.get(i, []):
                tag = f'<img alt="{h(img.caption or a.title)}" height="{img.height}" src="{img.src}" width="{img.width}" />'
                cap = f"<figcaption>{h(img.caption)}</figcaption>" if img.caption else ""
                out.append(f'<figure class="image">{tag}{cap}</figure>')
        return "\n".join(out)

    def render_article(self, base, target, counters, a: ArticleData):
        newer, older = self.related(a, older=5, newer=5)
        url = base + a.path
        iso = a.published.strftime("%Y-%m-%dT%H:%M:00+07:00")
        tags = ", ".join(f'<a title="{h(t)}" href="/news/tag/{slugify(t)}"><em>{h(t)}</em></a>' for t in a.tags)
        extra = ""
        if a.byline:
            extra += f'<div class="author text-right"><strong>{h(a.byline)}</strong></div>\n'
        if a.source:
            extra += f'<p class="source text-right"><em>{h(a.source)}</em></p>\n'
        rel_new = "".join(f'<li><em class="fa fa-angle-right">&nbsp;</em><a href="{r.path}" title="{h(r.title)}">{h(r.title)}</a> <em>({r.published:%d/%m/%Y})</em></li>' for r in newer)
        rel_old = "".join(f'<li><em class="fa fa-angle-right">&nbsp;</em><a href="{r.path}" title="{h(r.title)}">{h(r.title)}</a> <em>({r.published:%d/%m/%Y})</em></li>' for r in older)
        main = f"""<div class="news_column panel panel-default" itemtype="http://schema.org/NewsArticle" itemscope>
<div class="panel-body">
<h1 class="title margin-bottom-lg" itemprop="headline">{h(a.title)}</h1>
<div class="row margin-bottom-lg">
<div class="col-md-12"><span class="h5">{h(a.published_raw)}</span><meta itemprop="datePublished" content="{iso}" /></div>
<div class="col-md-12"><ul class="list-inline text-right send-to-friend">
<li><a class="dimgray" rel="nofollow" title="Gửi bài viết qua email" href="/news/sendmail/{a.slug}-{a.aid}.html"><em class="fa fa-envelope fa-lg">&nbsp;</em></a></li>
<li><a class="dimgray" rel="nofollow" title="In ra" href="{self.print_path(a)}"><em class="fa fa-print fa-lg">&nbsp;</em></a></li>
<li><a class="dimgray" rel="nofollow" title="Lưu bài viết này" href="/news/savefile/{a.slug}-{a.aid}.html"><em class="fa fa-save fa-lg">&nbsp;</em></a></li>
</ul></div>
</div>
<div class="news-body" itemprop="articleBody">
<div class="hometext m-bottom" itemprop="description">{h(a.lead)}</div>
<div id="news-bodyhtml" class="bodytext margin-bottom-lg">
{self.body_html(a)}
</div>
{extra}<div class="news-tags h5"><em class="fa fa-tags">&nbsp;</em><strong>Từ khóa: </strong><span itemprop="keywords">{tags}</span></div>
<div class="socialicon clearfix margin-bottom-lg"><strong>Chia sẻ: </strong><a href="https://www.facebook.com/sharer/sharer.php?u={h(url)}" target="_blank" rel="noopener">Facebook</a> <a href="https://zalo.me/share?url={h(url)}" target="_blank" rel="noopener">Zalo</a> <a href="{self.print_path(a)}" rel="nofollow">In bài</a></div>
</div>
</div>
</div>
<div class="news_column panel panel-default"><div class="panel-body other-news">
{'<p class="h3"><strong>Những tin mới hơn</strong></p><div class="clearfix"><ul class="related list-items">' + rel_new + '</ul></div>' if rel_new else ''}
{'<p class="h3"><strong>Những tin cũ hơn</strong></p><div class="clearfix"><ul class="related list-items">' + rel_old + '</ul></div>' if rel_old else ''}
</div></div>"""
        og = (f'<meta property="og:description" content="{h(a.lead)}" />\n'
              f'<meta property="article:published_time" content="{iso}" />\n'
              f'<meta property="article:section" content="{h(a.category.name)}" />\n')
        if a.images:
            og += f'<meta property="og:image" content="{h(base + a.images[0].src)}" />\n'
        return self.frame(base, target, counters, f"{a.title} - {self.short}", main,
                          description=a.lead, active=a.category.key, og=og)

    def render_print(self, base, target, counters, a: ArticleData):
        return f"""<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8" /><title>{h(a.title)}</title><meta name="robots" content="noindex" /></head>
<body><div id="print"><h1>{h(a.title)}</h1><p>{h(a.published_raw)}</p><div class="hometext">{h(a.lead)}</div>
<div class="bodytext">{self.body_html(a)}</div><p>URL của bản tin này: {h(base + a.path)}</p></div></body></html>
"""

    def render_static(self, base, target, counters, key):
        main = f'<div class="panel panel-default"><div class="panel-body"><h1>Liên hệ</h1><p>{h(self.address)}</p></div></div>'
        return self.frame(base, target, counters, f"Liên hệ - {self.short}", main)

    def render_not_found(self, base, path):
        return ('<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8" /><title>Lỗi 404</title></head><body>'
                '<div class="alert alert-danger"><h1>Lỗi 404</h1><p>Trang bạn yêu cầu không tồn tại.</p>'
                '<p><a href="/">Quay lại trang chủ</a></p></div></body></html>\n')

    def render_forbidden(self, base, path):
        return ('<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8" /><title>Quản trị hệ thống</title></head>'
                '<body><h1>Vui lòng đăng nhập</h1></body></html>\n')
