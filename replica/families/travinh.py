"""``travinh-replica``: an ASP.NET (DotNetNuke-style) provincial portal with numeric paths.

URLs: ``/`` home; ``/{catid}/`` listing, ``/{catid}/?page=N`` pagination; ``/{catid}/{id}/{slug}.aspx``
article; ``...aspx?print=1`` print view; ``/lien-he.aspx`` contact; ``/admin/`` forbidden.
"""
from __future__ import annotations

import base64
import random

from ..content import ArticleData, Category, Locale
from ..text import WEEKDAYS_TITLE, h
from .base import FILL_MARK, Family

CSS = ("/Portals/_default/default.css?cdv=184", "/Portals/0/Skins/TVinh/skin.css?cdv=184",
       "/Portals/0/Containers/TVinh/container.css?cdv=184", "/Portals/0/portal.css?cdv=184",
       "/DesktopModules/ArticleDetail/module.css?cdv=184")
JS = ("/Resources/libraries/jQuery/01_09_01/jquery.js?cdv=184",
      "/Resources/libraries/jQuery-UI/01_11_03/jquery-ui.js?cdv=184",
      "/js/dnn.modalpopup.js?cdv=184", "/Resources/Shared/Scripts/jquery/jquery.hoverIntent.min.js?cdv=184",
      "/js/dnncore.js?cdv=184", "/Portals/0/Skins/TVinh/js/menu.js?cdv=184")


class TraVinh(Family):
    slug = "travinh-replica"
    family = "aspnet-numeric"
    name = "Cổng thông tin điện tử tỉnh Trà Vinh (bản mô phỏng)"
    short = "Cổng TTĐT tỉnh Trà Vinh"
    per_page = 15
    server_header = "Microsoft-IIS/10.0"
    thousands_sep = ","
    image_prefixes = ("/Portals/",)
    no_image = "/Portals/_default/Skins/TVinh/images/noimage.jpg"
    doc_prefix = "/Portals/0/VanBan/"
    robots_disallow = ("/admin/", "/tim-kiem", "/dang-nhap")
    address = ("Cơ quan chủ quản: Văn phòng UBND tỉnh Trà Vinh. Địa chỉ: số 1 đường 19/5, Phường 1, "
               "thành phố Trà Vinh, tỉnh Trà Vinh. Điện thoại: 0294.3862.xxx - Email: banbientap@travinh.gov.vn.test")
    locale = Locale(
        province="tỉnh Trà Vinh", unit="UBND tỉnh", unit_body="UBND tỉnh", party="Tỉnh ủy", level="tỉnh",
        districts=("huyện Càng Long", "huyện Cầu Kè", "huyện Tiểu Cần", "huyện Châu Thành", "huyện Cầu Ngang",
                   "huyện Trà Cú", "huyện Duyên Hải", "thị xã Duyên Hải", "thành phố Trà Vinh"),
        places=("xã Long Đức", "xã Nguyệt Hóa", "xã Hòa Thuận", "xã An Quảng Hữu", "xã Phương Thạnh",
                "xã Tân An", "xã Hiệp Mỹ Đông", "xã Long Hữu", "xã Đôn Châu", "xã Ngũ Lạc", "Phường 7",
                "thị trấn Cầu Kè", "xã Tập Sơn", "xã Mỹ Long Nam", "xã Hòa Lợi"),
        hamlets=("ấp Sóc Chuối", "ấp Giồng Lức", "ấp Phú Hòa", "ấp Đa Hòa Nam", "ấp Bến Có", "ấp Chợ",
                 "ấp Nhứt", "khóm 3", "ấp Cây Da", "ấp Kinh Xáng", "ấp Bà Nhì"),
        sources=("Báo Trà Vinh", "Đài Phát thanh và Truyền hình Trà Vinh", "Sở Văn hóa, Thể thao và Du lịch",
                 "Văn phòng UBND tỉnh", "Cổng Thông tin điện tử Chính phủ"),
    )
    category_specs = (
        ("1346", "Tin tức - Sự kiện", ("hoi-nghi", "chuyen-doi-so", "dau-tu")),
        ("1347", "Kinh tế", ("nong-nghiep", "dau-tu", "nong-thon-moi")),
        ("1348", "Văn hóa - Xã hội", ("van-hoa", "giao-duc", "y-te", "an-sinh")),
        ("1350", "Quốc phòng - An ninh", ("quoc-phong",)),
        ("1352", "Dân tộc - Tôn giáo", ("ton-giao", "dan-van")),
    )
    counter_labels = (("online", "Đang online:"), ("today", "Hôm nay:"), ("yesterday", "Hôm qua:"),
                      ("week", "Trong tuần:"), ("total", "Tất cả:"))

    # --- URLs --------------------------------------------------------------------------------
    def make_categories(self, rng):
        cats = super().make_categories(rng)
        for c in cats:
            c.cid = int(c.key)
        return cats

    def assign(self, items: list[ArticleData], rng: random.Random, after: int | None = None) -> None:
        aid = 38000 + rng.randint(0, 400) if after is None else after
        for a in items:
            aid += rng.randint(1, 9)
            a.aid = aid
            a.path = f"/{a.category.cid}/{aid}/{a.slug}.aspx"
            d = a.published
            a.published_raw = f"{WEEKDAYS_TITLE[d.weekday()]}, {d:%d/%m/%Y - %H:%M}"
            for k, img in enumerate(a.images, 1):
                img.src = f"/Portals/0/Images/{d:%Y/%m/%d}/{aid}_{k}.jpg"

    def listing_path(self, cat: Category, page: int = 1) -> str:
        return f"/{cat.cid}/" if page <= 1 else f"/{cat.cid}/?page={page}"

    def route(self, path: str, query: dict, raw_query: str):
        if path == "/" or path.lower() == "/default.aspx":
            return ("home",)
        if path == "/lien-he.aspx":
            return ("static", "lien-he")
        if path.startswith("/admin"):
            return ("forbidden",)
        a = self.site.by_path.get(path)
        if a is not None:
            return ("print", a) if query.get("print") == ["1"] else ("article", a)
        parts = path.strip("/").split("/")
        if path.endswith("/") and len(parts) == 1 and parts[0].isdigit():
            cat = self.category(parts[0])
            page = query.get("page", ["1"])[0]
            if cat and page.isdigit() and 1 <= int(page) <= self.pages(cat):
                return ("listing", cat, int(page))
        return None

    # --- page frame -------------------------------------------------------------------------
    def viewstate(self, rng: random.Random) -> str:
        size = rng.randint(2400, 4200) * (4 if self.large_pages else 1)
        return base64.b64encode(rng.randbytes(size)).decode()

    def frame(self, base: str, target: str, counters: dict, title: str, main: str, *,
              description: str = "", active: str = "") -> str:
        rng = self.site.page_rng(target)
        css = "\n".join(f'<link href="{u}" type="text/css" rel="stylesheet" />' for u in CSS)
        js = "\n".join(f'<script src="{u}" type="text/javascript"></script>' for u in JS)
        menu = [f'<li class="{"active " if active == "home" else ""}root"><a href="/">Trang chủ</a></li>',
                '<li class="root haschild"><a href="javascript:void(0)">Giới thiệu</a><ul class="sub">'
                '<li><a href="/lien-he.aspx">Liên hệ</a></li>'
                '<li><a href="https://travinh.gov.vn.test/gioi-thieu">Tổng quan Trà Vinh</a></li></ul></li>']
        for c in self.site.categories:
            cls = "active root" if active == c.key else "root"
            menu.append(f'<li class="{cls}"><a href="{self.listing_path(c)}">{h(c.name)}</a></li>')
        menu.append('<li class="root"><a href="/lien-he.aspx">Liên hệ</a></li>')
        page = f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml" xml:lang="vi-VN" lang="vi-VN">
<head id="Head">
<meta charset="utf-8" />
<meta content="text/html; charset=UTF-8" http-equiv="Content-Type" />
<meta content="{h(description or self.name)}" name="DESCRIPTION" />
<meta content="Trà Vinh, cổng thông tin, tin tức, chính quyền điện tử" name="KEYWORDS" />
<meta content="DotNetNuke " name="GENERATOR" />
<meta content="INDEX, FOLLOW" name="ROBOTS" />
<title>{h(title)}</title>
<link rel="canonical" href="{h(base + target.split("?")[0])}" />
{css}
{js}
<link id="favicon" rel="SHORTCUT ICON" href="/Portals/0/favicon.ico?ver=2019-11-21" type="image/x-icon" />
</head>
<body id="Body">
<form method="post" action="{h(target)}" id="Form" enctype="multipart/form-data">
<div class="aspNetHidden">
<input type="hidden" name="StylesheetManager_TSSM" id="StylesheetManager_TSSM" value="" />
<input type="hidden" name="ScriptManager_TSM" id="ScriptManager_TSM" value="" />
<input type="hidden" name="__EVENTTARGET" id="__EVENTTARGET" value="" />
<input type="hidden" name="__EVENTARGUMENT" id="__EVENTARGUMENT" value="" />
<input type="hidden" name="__VIEWSTATE" id="__VIEWSTATE" value="{self.viewstate(rng)}" />
</div>
<script type="text/javascript">
//<![CDATA[
var theForm = document.forms['Form'];
if (!theForm) {{ theForm = document.Form; }}
function __doPostBack(eventTarget, eventArgument) {{
    if (!theForm.onsubmit || (theForm.onsubmit() != false)) {{
        theForm.__EVENTTARGET.value = eventTarget;
        theForm.__EVENTARGUMENT.value = eventArgument;
        theForm.submit();
    }}
}}
//]]>
</script>
<div id="wrapper">
  <div id="header">
    <div class="topbar">
      <div class="topbar-left"><a href="/">Trang chủ</a> | <a href="/lien-he.aspx">Liên hệ</a> | <a href="https://en.travinh.gov.vn.test/" target="_blank">English</a></div>
      <div class="topbar-right">
        <div class="search-box"><input name="txtSearch" type="text" id="txtSearch" class="NormalTextBox" placeholder="Nhập từ khóa tìm kiếm..." />
        <a id="btnSearch" href="/tim-kiem?q=" class="btnsearch">Tìm kiếm</a></div>
      </div>
    </div>
    <div class="banner"><a href="/" title="{h(self.name)}"><img src="/Portals/0/Skins/TVinh/images/banner.jpg" alt="{h(self.name)}" width="1000" height="160" /></a></div>
    <div id="menu"><ul class="dnnmenu topLevel">
      {"".join(menu)}
    </ul></div>
    <div class="marquee-news"><marquee scrollamount="3" onmouseover="this.stop()" onmouseout="this.start()">{self._marquee()}</marquee></div>
  </div>
  <div id="content" class="clearfix">
    <div id="dnn_LeftPane" class="leftpane">
{main}
    </div>
    <div id="dnn_RightPane" class="rightpane">
{self._sidebar(rng, counters)}
    </div>
  </div>
  <div id="footer">
    <div class="footer-links">{self._links()}</div>
    <div class="footer-info">
      <p><strong>{h(self.name.upper())}</strong></p>
      <p>{h(self.address)}</p>
      <p>Giấy phép số 27/GP-TTĐT do Cục Phát thanh, truyền hình và thông tin điện tử cấp. Trưởng Ban biên tập: Nguyễn Văn Minh.</p>
      <p>Ghi rõ nguồn “Cổng thông tin điện tử tỉnh Trà Vinh” khi phát hành lại thông tin từ website này.</p>
      <p class="login"><a href="/admin/" rel="nofollow">Quản trị</a> | <a href="/dang-nhap?returnurl=%2f" rel="nofollow">Đăng nhập</a></p>
    </div>
  </div>
</div>
<script type="text/javascript">
//<![CDATA[
$(document).ready(function () {{ $('.dnnmenu li.haschild').hoverIntent(function () {{ $(this).children('ul').slideDown(150); }}, function () {{ $(this).children('ul').slideUp(150); }}); }});
//]]>
</script>
</form>
</body>
</html>
"""
        return self.fill(page, rng)

    def _marquee(self) -> str:
        return " &nbsp;&nbsp;•&nbsp;&nbsp; ".join(
            f'<a href="{a.path}">{h(a.title)}</a>' for a in self.site.latest(5))

    def _links(self) -> str:
        from ..wordbank import EXTERNAL_LINKS
        return " | ".join(f'<a href="{u}" target="_blank">{h(t)}</a>' for t, u in EXTERNAL_LINKS)

    def _sidebar(self, rng: random.Random, counters: dict) -> str:
        latest = "".join(f'<li><a href="{a.path}">{h(a.title)}</a> <span class="date">({a.published:%d/%m/%Y})</span></li>'
                         for a in self.site.latest(8))
        most = "".join(f'<li><a href="{a.path}">{h(a.title)}</a></li>' for a in self.most_read(rng))
        rows = "".join(
            f'<tr><td class="label"><img src="/Portals/0/Skins/TVinh/images/tk_{kind}.gif" alt="" /> {h(label)}</td>'
            f'<td class="value" align="right">{self.fmt(counters[kind])}</td></tr>'
            for kind, label in self.counter_labels)
        return f"""<div class="box box-latest"><div class="box-title">Tin mới nhất</div><div class="box-content"><ul class="list-news">{latest}</ul></div></div>
<div class="box box-mostread"><div class="box-title">Tin đọc nhiều</div><div class="box-content"><ul class="list-news">{most}</ul></div></div>
<div class="box box-banner"><a href="https://dichvucong.gov.vn/" target="_blank"><img src="/Portals/0/Banner/dichvucong.jpg" alt="Cổng dịch vụ công quốc gia" /></a>
<a href="https://chinhphu.vn/" target="_blank"><img src="/Portals/0/Banner/chinhphu.jpg" alt="Cổng TTĐT Chính phủ" /></a></div>
<div class="box box-vanban"><div class="box-title">Văn bản chỉ đạo điều hành</div><div class="box-content"><ul class="list-docs">
{FILL_MARK}</ul></div></div>
<div class="box thongke"><div class="box-title">Thống kê truy cập</div><div class="box-content">
<table class="tblThongKe" cellpadding="2" cellspacing="0" width="100%"><tbody>{rows}</tbody></table></div></div>
"""

    # --- pages ---------------------------------------------------------------------------------
    def _item(self, a: ArticleData, lead: bool = True) -> str:
        teaser = f'<p class="tomtat">{h(a.lead)}</p>' if lead else ""
        return (f'<div class="tin-item clearfix"><a href="{a.path}"><img class="anhdaidien" src="{self.thumb(a)}" alt="{h(a.title)}" width="160" height="107" /></a>'
                f'<h3 class="tieude"><a href="{a.path}">{h(a.title)}</a></h3><span class="ngay">({a.published:%d/%m/%Y %H:%M})</span>{teaser}</div>\n')

    def render_home(self, base, target, counters):
        latest = self.site.latest(10)
        top = latest[0] if latest else None
        feature = ""
        if top:
            feature = (f'<div class="tinnoibat"><a href="{top.path}"><img src="{self.thumb(top)}" alt="{h(top.title)}" width="420" height="280" /></a>'
                       f'<h2><a href="{top.path}">{h(top.title)}</a></h2><p>{h(top.lead)}</p></div>')
        others = "".join(self._item(a, lead=False) for a in latest[1:])
        blocks = []
        for c in self.site.categories:
            items = "".join(f'<li><a href="{a.path}">{h(a.title)}</a></li>' for a in c.articles[:5])
            blocks.append(f'<div class="home-cat"><div class="home-cat-title"><a href="{self.listing_path(c)}">{h(c.name)}</a></div><ul>{items}</ul>'
                          f'<a class="xemtiep" href="{self.listing_path(c)}">Xem tiếp »</a></div>')
        main = f'<div class="home-top">{feature}<div class="tinkhac">{others}</div></div>\n' + "\n".join(blocks)
        return self.frame(base, target, counters, self.name, main, active="home")

    def render_listing(self, base, target, counters, cat: Category, page: int):
        pages = self.pages(cat)
        items = "".join(self._item(a) for a in self.page_items(cat, page))
        links = []
        if page > 1:
            links.append(f'<a href="{self.listing_path(cat, 1)}" class="first">Trang đầu</a>')
            links.append(f'<a href="{self.listing_path(cat, page - 1)}" class="prev">‹ Trang trước</a>')
        for p in self.window(page, pages):
            links.append(f'<span class="current">{p}</span>' if p == page else f'<a href="{self.listing_path(cat, p)}">{p}</a>')
        if page < pages:
            links.append(f'<a href="{self.listing_path(cat, page + 1)}" class="next">Trang sau ›</a>')
            links.append(f'<a href="{self.listing_path(cat, pages)}" class="last">Trang cuối »</a>')
        main = (f'<div class="breadcrumb"><a href="/">Trang chủ</a> » <a href="{self.listing_path(cat)}">{h(cat.name)}</a></div>\n'
                f'<div class="danhsachtin"><h2 class="tieudechuyenmuc">{h(cat.name)}</h2>\n{items}'
                f'<div class="phantrang"><span>Trang:</span> {" ".join(links)}</div></div>')
        title = f"{cat.name} - Trang {page} - {self.short}" if page > 1 else f"{cat.name} - {self.short}"
        return self.frame(base, target, counters, title, main, active=cat.key)

    def body_html(self, a: ArticleData) -> str:
        out = [f'<p style="text-align: justify;"><strong>{h(a.lead)}</strong></p>']
        by_after: dict[int, list] = {}
        for img in a.images:
            by_after.setdefault(img.after, []).append(img)
        for i, para in enumerate(a.paragraphs):
            out.append(f'<p style="text-align: justify;">{h(para)}</p>')
            for img in by_after.get(i, []):
                style = f"width: {img.width}px; height: {img.height}px;"
                if img.caption:
                    out.append(f'<table align="center" border="0" cellpadding="3" cellspacing="0" style="width: {img.width}px;"><tbody>'
                               f'<tr><td><img alt="" src="{img.src}" style="{style}" /></td></tr>'
                               f'<tr><td style="text-align: center;"><em>{h(img.caption)}</em></td></tr></tbody></table>')
                else:
                    out.append(f'<p style="text-align: center;"><img alt="" src="{img.src}" style="{style}" /></p>')
        if a.byline:
            out.append(f'<p style="text-align: right;"><strong>{h(a.byline)}</strong></p>')
        if a.source:
            out.append(f'<p style="text-align: right;"><em>{h(a.source)}</em></p>')
        return "\n".join(out)

    def render_article(self, base, target, counters, a: ArticleData):
        _, older = self.related(a, older=8)
        rel = "".join(f'<li><a href="{r.path}">{h(r.title)}</a> <span class="date">({r.published:%d/%m/%Y})</span></li>' for r in older)
        url = base + a.path
        main = f"""<div class="breadcrumb"><a href="/">Trang chủ</a> » <a href="{self.listing_path(a.category)}">{h(a.category.name)}</a></div>
<div class="DnnModule DnnModule-ArticleDetail DnnModule-{a.category.cid}"><a name="{a.aid}"></a>
<div id="dnn_ctr{a.category.cid}_ArticleDetail" class="chitiettin">
<h1 class="tieudetin">{h(a.title)}</h1>
<div class="ngaydang">{h(a.published_raw)}</div>
<div class="congcu-top"><a href="{a.path}?print=1" rel="nofollow" target="_blank"><img src="/Portals/_default/Skins/TVinh/images/print.gif" alt="" /> In bài</a> | <a href="mailto:?subject={h(a.title)}&amp;body={h(url)}">Gửi email</a> | <a href="javascript:changeFont(1)">A+</a> <a href="javascript:changeFont(-1)">A-</a></div>
<div class="noidung">
{self.body_html(a)}
<div class="tinlienquan"><div class="title">Các tin khác</div><ul>{rel}</ul></div>
<div class="share">Chia sẻ: <a href="https://www.facebook.com/sharer/sharer.php?u={h(url)}" target="_blank">Facebook</a> <a href="https://twitter.com/intent/tweet?url={h(url)}" target="_blank">Twitter</a> <a href="{a.path}?print=1" rel="nofollow">In trang</a> <a href="javascript:window.scrollTo(0,0)">Về đầu trang</a></div>
</div>
</div>
</div>"""
        return self.frame(base, target, counters, f"{a.title} - {self.short}", main,
                          description=a.lead, active=a.category.key)

    def render_print(self, base, target, counters, a: ArticleData):
        return f"""<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8" /><title>{h(a.title)}</title><meta name="robots" content="noindex, nofollow" /></head>
<body onload="window.print()"><div class="print-page"><h1>{h(a.title)}</h1><p class="date">{h(a.published_raw)}</p>
<div class="noidung">{self.body_html(a)}</div><p class="url">{h(base + a.path)}</p></div></body></html>
"""

    def render_static(self, base, target, counters, key):
        main = (f'<div class="breadcrumb"><a href="/">Trang chủ</a> » Liên hệ</div><div class="lienhe"><h2>Liên hệ</h2>'
                f'<p>{h(self.address)}</p><p>Mọi ý kiến đóng góp xin gửi về Ban Biên tập.</p></div>')
        return self.frame(base, target, counters, f"Liên hệ - {self.short}", main)

    def render_not_found(self, base, path):
        return ('<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8" /><title>404 - Không tìm thấy trang</title></head>'
                f'<body><h1>Không tìm thấy trang</h1><p>Đường dẫn {h(path)} không tồn tại.</p><p><a href="/">Về trang chủ</a></p></body></html>\n')

    def render_forbidden(self, base, path):
        return ('<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8" /><title>403 - Truy cập bị từ chối</title></head>'
                '<body><h1>Truy cập bị từ chối</h1><p>Bạn cần đăng nhập để truy cập trang quản trị.</p></body></html>\n')
