"""Body and title forms of Vietnamese portals (docs/evaluation.md, "Body and title forms"), each pinned by a small
page written for the test (never copied from a site; all text invented): where the body text starts and ends and
what it leaves out, the headline, and that the page is an article (``page_kind``). The containers carry class names
no vocabulary knows, as on a portal seen for the first time."""
from __future__ import annotations

import pytest

from crawler.extract.article import extract_article

URL = "https://xaphu.example.gov.vn/tin-tuc/hoi-nghi-chuyen-doi-so-2025-451.html"
SITE = "Cổng thông tin điện tử xã Phú Mỹ"
HEADLINE = "Xã Phú Mỹ triển khai kế hoạch chuyển đổi số năm 2025"
DATE = "Thứ Ba, 14/01/2025 08:30"
P1 = ("Sáng 14/1, Ủy ban nhân dân xã Phú Mỹ tổ chức hội nghị triển khai kế hoạch chuyển đổi số năm 2025 với sự tham "
      "dự của cán bộ, công chức và trưởng các ấp trên địa bàn.")
P2 = ("Theo kế hoạch, trong năm nay xã phấn đấu 80% hồ sơ thủ tục hành chính được tiếp nhận trực tuyến, 100% cán bộ "
      "sử dụng chữ ký số và mỗi ấp có ít nhất một tổ công nghệ số cộng đồng hoạt động thường xuyên.")
P3 = ("Kết luận hội nghị, Chủ tịch Ủy ban nhân dân xã đề nghị các ngành, các ấp khẩn trương xây dựng kế hoạch cụ thể, "
      "phân công người phụ trách và báo cáo kết quả thực hiện hằng tháng.")
OTHER = "Hội thi tiếng hát người cao tuổi xã Phú Mỹ lần thứ nhất"  # another page's headline
OTHER2 = "Ra quân dọn vệ sinh môi trường các tuyến đường nông thôn"


def begin(text: str) -> str:
    return text[:40]


def end(text: str) -> str:
    return text[-40:]


def page(article: str, title: str | None = None, header: str = "", sidebar: bool = True) -> str:
    """A page of a CMS no vocabulary knows: a menu, a sidebar of other headlines, ``article`` and a footer."""
    side = (f'<div class="cot-phai"><div class="khoi-tieu-de">Tin mới</div><ul>'
            f'<li><a href="/tin-tuc/a-1.html">{OTHER}</a></li>'
            f'<li><a href="/tin-tuc/b-2.html">{OTHER2}</a></li></ul></div>') if sidebar else ""
    return f"""<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8">
<title>{title if title is not None else HEADLINE + " - " + SITE}</title></head><body>
<div class="dau-trang">{header}<div class="menu-chinh"><a href="/">Trang chủ</a> <a href="/gioi-thieu">Giới thiệu</a>
<a href="/tin-tuc">Tin tức</a></div></div>
<div class="than-trang"><div class="cot-giua">{article}</div>{side}</div>
<div class="chan-trang">Bản quyền thuộc Ủy ban nhân dân xã Phú Mỹ. Địa chỉ: ấp 3, xã Phú Mỹ.</div></body></html>"""


def plain(body: str, head: str = f'<h1 class="td-bai">{HEADLINE}</h1>', title: str | None = None) -> str:
    """An article: ``head``, the date line, then ``body``'s container."""
    return page(f'{head}<div class="ngay-gio">{DATE}</div><div class="khung-bai">{body}</div>', title=title)


PS = f"<p>{P1}</p><p>{P2}</p><p>{P3}</p>"
RELATED_BOX = (f'<div class="hop"><strong>Tin liên quan</strong><ul><li><a href="/tin-tuc/a-1.html">{OTHER}</a></li>'
               f'<li><a href="/tin-tuc/b-2.html">{OTHER2}</a></li></ul></div>')
ATTACHMENTS = ('<p><strong>Tệp đính kèm:</strong></p><ul><li><a href="/upload/ke-hoach-12.pdf">ke-hoach-12-kh-ubnd.pdf'
               '</a></li><li><a href="/upload/phu-luc.docx">phu-luc-kem-theo.docx</a></li></ul>')

# (form id, page, [(fact, value)]): facts "starts", "ends", "lacks", "contains", "title", "not-title", "kind"
FORMS = [
    # ---- the body's markup
    ("paragraphs", plain(PS), [("starts", begin(P1)), ("ends", end(P3))]),
    ("bare-text-br-br", plain(f"{P1}<br><br>{P2}<br><br>{P3}"),
     [("starts", begin(P1)), ("ends", end(P3)), ("kind", "article")]),
    ("bare-text-br", plain(f"{P1}<br>{P2}<br>{P3}"), [("starts", begin(P1)), ("ends", end(P3)), ("kind", "article")]),
    ("bare-text-font", plain(f'<font face="Arial" size="2">{P1}<br><br>{P2}<br><br>{P3}</font>'),
     [("starts", begin(P1)), ("ends", end(P3)), ("kind", "article")]),
    ("divs", plain(f"<div>{P1}</div><div>{P2}</div><div>{P3}</div>"),
     [("starts", begin(P1)), ("ends", end(P3)), ("kind", "article")]),
    ("msonormal-divs", plain(f'<div class="MsoNormal">{P1}</div><div class="MsoNormal">{P2}</div>'
                             f'<div class="MsoNormal">{P3}</div>'),
     [("starts", begin(P1)), ("ends", end(P3)), ("kind", "article")]),
    ("table-layout", page(f'<table width="100%"><tr><td class="tieude_tin">{HEADLINE}</td></tr>'
                          f'<tr><td class="ngay_tin">{DATE}</td></tr>'
                          f'<tr><td class="noidung_tin">{P1}<br><br>{P2}<br><br>{P3}</td></tr></table>'),
     [("starts", begin(P1)), ("ends", end(P3)), ("title", HEADLINE), ("kind", "article")]),
    ("table-layout-bare-td", page(f'<table><tr><td><b>{HEADLINE}</b></td></tr><tr><td>{DATE}</td></tr>'
                                  f'<tr><td>{P1}<br><br>{P2}<br><br>{P3}</td></tr></table>'),
     [("starts", begin(P1)), ("ends", end(P3)), ("title", HEADLINE), ("kind", "article")]),
    ("lead-box-then-content", page(f'<h1>{HEADLINE}</h1><div class="ngay-gio">{DATE}</div><div class="hop-dau">'
                                   f'<b>{P1}</b></div><div class="khung-bai"><p>{P2}</p><p>{P3}</p></div>'),
     [("starts", begin(P1)), ("ends", end(P3)), ("kind", "article")]),
    ("pagination", plain(f'{PS}<div class="phan-trang">Trang 1/2 <a href="?p=1">1</a> <a href="?p=2">2</a> '
                         f'<a href="?p=2">Trang sau</a></div>'),
     [("ends", end(P3)), ("lacks", "Trang 1/2"), ("lacks", "Trang sau")]),
    ("related-box-inline", plain(f"<p>{P1}</p>{RELATED_BOX}<p>{P2}</p><p>{P3}</p>"),
     [("starts", begin(P1)), ("ends", end(P3)), ("lacks", OTHER), ("lacks", "Tin liên quan")]),
    ("read-more-line-inline", plain(f'<p>{P1}</p><p><strong>Xem thêm:</strong> <a href="/tin-tuc/a-1.html">{OTHER}'
                                    f'</a></p><p>{P2}</p><p>{P3}</p>'),
     [("ends", end(P3)), ("lacks", OTHER), ("lacks", "Xem thêm")]),
    ("read-more-arrows", plain(f'<p>{P1}</p><p>&gt;&gt; <a href="/tin-tuc/a-1.html">{OTHER}</a></p>'
                               f'<p>{P2}</p><p>{P3}</p>'),
     [("ends", end(P3)), ("lacks", OTHER)]),
    ("ad-inline", plain(f'<p>{P1}</p><div class="qc-giua"><a href="https://quangcao.example.vn/"><img '
                        f'src="/banner/qc.gif"></a></div><script>var qc = "Quảng cáo giữa bài";</script>'
                        f'<p>{P2}</p><p>{P3}</p>'),
     [("ends", end(P3)), ("lacks", "Quảng cáo")]),
    ("list-and-subheadings", plain(f"<p>{P1}</p><h3>1. Mục tiêu</h3><ul><li>Hoàn thành cấp chữ ký số cho toàn bộ "
                                   f"cán bộ, công chức trong quý I.</li><li>Số hóa hồ sơ hộ tịch từ năm 2010 đến "
                                   f"nay.</li></ul><h3>2. Giải pháp</h3><ol><li>Tập huấn kỹ năng số cho tổ công "
                                   f"nghệ số cộng đồng.</li><li>Tuyên truyền trên loa truyền thanh ấp.</li></ol>"
                                   f"<p>{P3}</p>"),
     [("starts", begin(P1)), ("ends", end(P3)), ("contains", "1. Mục tiêu"), ("contains", "Số hóa hồ sơ hộ tịch"),
      ("contains", "2. Giải pháp"), ("kind", "article")]),
    ("attachments-list", plain(f"{PS}{ATTACHMENTS}"),
     [("ends", end(P3)), ("lacks", ".pdf"), ("lacks", "đính kèm"), ("kind", "article")]),
    ("attachment-line", plain(f'{PS}<p>File đính kèm: <a href="/upload/qd-35.pdf">qd-35-2025.pdf</a></p>'),
     [("ends", end(P3)), ("lacks", ".pdf"), ("lacks", "đính kèm")]),
    ("attachment-table", plain(f'{PS}<table class="bang"><tr><td>Tài liệu đính kèm</td></tr><tr><td>'
                               f'<a href="/upload/qd-35.pdf">Quyết định số 35/QĐ-UBND</a></td><td>Tải về</td></tr>'
                               f'</table>'),
     [("ends", end(P3)), ("lacks", "đính kèm"), ("lacks", "Quyết định số 35")]),
    ("share-print-bar", plain(f'{PS}<div class="cong-cu"><a href="#">In bài</a> | <a href="#">Gửi email</a> | '
                              f'<a href="#top">Về đầu trang</a></div>'),
     [("ends", end(P3)), ("lacks", "In bài"), ("lacks", "Về đầu trang")]),
    ("back-to-top-line", plain(f'{PS}<p><a href="javascript:history.back()">Quay lại</a> '
                               f'<a href="#top">Về đầu trang</a></p>'),
     [("ends", end(P3)), ("lacks", "Quay lại"), ("lacks", "Về đầu trang")]),
    ("share-line", plain(f'{PS}<p>Chia sẻ: <a href="https://facebook.com/sharer">Facebook</a> '
                         f'<a href="https://zalo.me/share">Zalo</a></p>'),
     [("ends", end(P3)), ("lacks", "Facebook")]),
    ("noscript-script", plain(f'<p>{P1}</p><noscript>Trình duyệt của bạn không hỗ trợ JavaScript.</noscript>'
                              f'<script>document.write("Đang tải nội dung");</script><p>{P2}</p><p>{P3}</p>'),
     [("ends", end(P3)), ("lacks", "JavaScript"), ("lacks", "Đang tải")]),
    ("one-long-paragraph", plain(f"<p>{P1} {P2} {P3}</p>"),
     [("starts", begin(P1)), ("ends", end(P3)), ("kind", "article")]),
    ("short-notice", plain("<p>Ủy ban nhân dân xã thông báo tạm ngừng tiếp công dân ngày 20/01/2025 để tổng vệ sinh "
                           "trụ sở.</p><p>Lịch tiếp công dân trở lại bình thường từ ngày 21/01/2025.</p>",
                           head="<h1>Thông báo tạm ngừng tiếp công dân ngày 20/01/2025</h1>",
                           title=f"Thông báo tạm ngừng tiếp công dân ngày 20/01/2025 - {SITE}"),
     [("starts", "Ủy ban nhân dân xã thông báo"), ("ends", "từ ngày 21/01/2025."),
      ("title", "Thông báo tạm ngừng tiếp công dân ngày 20/01/2025"), ("kind", "article")]),
    ("photo-story", plain('<p>Một số hình ảnh tại lễ ra quân chuyển đổi số của xã Phú Mỹ.</p>'
                          '<p style="text-align:center"><img src="/anh/1.jpg"></p><p style="text-align:center">'
                          '<em>Cán bộ hướng dẫn người dân cài ứng dụng định danh điện tử.</em></p>'
                          '<p style="text-align:center"><img src="/anh/2.jpg"></p><p style="text-align:center">'
                          '<em>Đoàn viên thanh niên ra quân hỗ trợ người dân ấp 3.</em></p>'
                          '<p style="text-align:center"><img src="/anh/3.jpg"></p><p style="text-align:center">'
                          '<em>Tổ công nghệ số cộng đồng ra mắt tại ấp 5.</em></p>'),
     [("starts", "Một số hình ảnh tại lễ ra quân"), ("lacks", "Tổ công nghệ số cộng đồng ra mắt"),
      ("kind", "article")]),
    ("video-article", plain('<div class="video"><iframe src="https://www.youtube.com/embed/abc123" width="640" '
                            'height="360"></iframe></div><p>Video: Toàn cảnh hội nghị triển khai kế hoạch chuyển đổi '
                            'số năm 2025 của xã Phú Mỹ, do Đài truyền thanh xã thực hiện.</p>'),
     [("title", HEADLINE), ("kind", "article")]),
    ("document-page", page(f'<h1>Kế hoạch số 12/KH-UBND về chuyển đổi số năm 2025</h1>'
                           f'<table class="thuoc-tinh"><tr><td>Số ký hiệu</td><td>12/KH-UBND</td></tr>'
                           f'<tr><td>Ngày ban hành</td><td>14/01/2025</td></tr>'
                           f'<tr><td>Trích yếu</td><td>Kế hoạch triển khai chuyển đổi số năm 2025 trên địa bàn xã '
                           f'Phú Mỹ, nâng cao chất lượng phục vụ người dân và doanh nghiệp.</td></tr>'
                           f'<tr><td>Cơ quan ban hành</td><td>Ủy ban nhân dân xã Phú Mỹ</td></tr>'
                           f'<tr><td>Tệp đính kèm</td><td><a href="/upload/12-kh.pdf">12-kh-ubnd.pdf</a></td></tr>'
                           f'</table>', title=f"Kế hoạch số 12/KH-UBND về chuyển đổi số năm 2025 - {SITE}"),
     [("title", "Kế hoạch số 12/KH-UBND về chuyển đổi số năm 2025"), ("contains", "Trích yếu"),
      ("lacks", ".pdf")]),
    # ---- the headline's markup
    ("title-div-class", plain(PS, head=f'<div class="title">{HEADLINE}</div>'),
     [("title", HEADLINE), ("starts", begin(P1)), ("kind", "article")]),
    ("title-p-class", plain(PS, head=f'<p class="Title">{HEADLINE}</p>'),
     [("title", HEADLINE), ("starts", begin(P1)), ("kind", "article")]),
    ("title-span", plain(PS, head=f'<span class="tenbaiviet">{HEADLINE}</span>'),
     [("title", HEADLINE), ("starts", begin(P1)), ("kind", "article")]),
    ("title-strong-no-class", plain(PS, head=f'<p><strong>{HEADLINE.upper()}</strong></p>'),
     [("title", HEADLINE.upper()), ("starts", begin(P1)), ("kind", "article")]),
    ("title-repeated-in-body", plain(f"<p><b>{HEADLINE}</b></p>{PS}"),
     [("title", HEADLINE), ("starts", begin(P1))]),
    ("doc-title-site-first-dash", page(f'<div class="td-bai">{HEADLINE}</div><div class="ngay-gio">{DATE}</div>'
                                       f'<div class="khung-bai">{PS}</div>', title=f"{SITE} - {HEADLINE}"),
     [("title", HEADLINE), ("kind", "article")]),
    ("doc-title-site-first", page(f'<h2 class="td-bai">{HEADLINE}</h2><div class="ngay-gio">{DATE}</div>'
                                  f'<div class="khung-bai">{PS}</div>', title=f"{SITE} | {HEADLINE}"),
     [("title", HEADLINE), ("kind", "article")]),
    ("doc-title-pipe", page(f'<div class="td">{HEADLINE}</div><div class="ngay-gio">{DATE}</div>'
                            f'<div class="khung-bai">{PS}</div>', title=f"{HEADLINE} | {SITE}"),
     [("title", HEADLINE), ("kind", "article")]),
    ("h1-logo-h2-headline", page(f'<h2>{HEADLINE}</h2><div class="ngay-gio">{DATE}</div><div class="khung-bai">{PS}'
                                 f'</div>', header=f'<h1 class="ten-cong"><a href="/">{SITE.upper()}</a></h1>'),
     [("title", HEADLINE), ("starts", begin(P1)), ("kind", "article")]),
    ("h1-logo-h3-headline", page(f'<h3>{HEADLINE}</h3><div class="ngay-gio">{DATE}</div><div class="khung-bai">{PS}'
                                 f'</div>', header=f'<h1><a href="/">{SITE}</a></h1>', title=SITE),
     [("title", HEADLINE), ("kind", "article")]),
    ("headline-with-dash", page(f'<h1>Phú Mỹ - Điểm sáng chuyển đổi số của huyện</h1><div class="ngay-gio">{DATE}'
                                f'</div><div class="khung-bai">{PS}</div>',
                                title=f"Phú Mỹ - Điểm sáng chuyển đổi số của huyện - {SITE}"),
     [("title", "Phú Mỹ - Điểm sáng chuyển đổi số của huyện"), ("kind", "article")]),
    ("headline-with-dash-no-element-match", page(
        f'<div class="td">Phú Mỹ - Điểm sáng chuyển đổi số của huyện</div><div class="ngay-gio">{DATE}</div>'
        f'<div class="khung-bai">{PS}</div>', title=f"Phú Mỹ - Điểm sáng chuyển đổi số của huyện | {SITE}"),
     [("title", "Phú Mỹ - Điểm sáng chuyển đổi số của huyện"), ("kind", "article")]),
    ("short-notice-other-news-below", page(
        '<h1>Thông báo lịch tiếp công dân tháng 02/2025</h1><div class="ngay-gio">' + DATE + '</div>'
        '<div class="khung-bai"><p>Chủ tịch Ủy ban nhân dân xã tiếp công dân định kỳ vào sáng thứ Năm hằng tuần tại '
        'trụ sở.</p><p>Người dân có nhu cầu liên hệ bộ phận một cửa.</p></div>'
        '<div class="khoi-khac"><div class="tieu-de-khoi">Các tin khác</div><ul>'
        f'<li><a href="/tin-tuc/a-1.html">{OTHER}</a></li><li><a href="/tin-tuc/b-2.html">{OTHER2}</a></li>'
        '<li><a href="/tin-tuc/c-3.html">Hội nghị tổng kết công tác dân vận năm 2024 của xã</a></li></ul></div>',
        title=f"Thông báo lịch tiếp công dân tháng 02/2025 - {SITE}"),
     [("ends", "liên hệ bộ phận một cửa."), ("lacks", OTHER), ("kind", "article")]),
    ("other-news-outweigh-body", page(
        f'<h1>{HEADLINE}</h1><div class="ngay-gio">{DATE}</div><div class="khung-bai"><p>{P1}</p><p>{P2}</p></div>'
        '<div class="khoi-khac"><h3>Tin cùng chuyên mục</h3><ul>' + "".join(
            f'<li><a href="/tin-tuc/{n}.html">Hội nghị tổng kết công tác dân vận năm 2024 của ấp số {n}</a></li>'
            for n in range(1, 9)) + '</ul></div>'),
     [("ends", end(P2)), ("kind", "article")]),
    ("comment-form", plain(f'{PS}<div class="y-kien"><h4>Ý kiến bạn đọc</h4><form>Họ và tên <input name="ten"> '
                           f'Email <input name="email"> Nội dung <textarea></textarea> <button>Gửi ý kiến</button> '
                           f'</form></div>'),
     [("ends", end(P3)), ("lacks", "Ý kiến bạn đọc"), ("lacks", "Họ và tên")]),
    ("bracketed-tools", plain(f'{PS}<div align="right">[<a href="#">In trang</a>] [<a href="#">Quay lại</a>] '
                              f'[<a href="#top">Đầu trang</a>]</div>'),
     [("ends", end(P3)), ("lacks", "Quay lại")]),
    ("other-news-inside-body", plain(f'{PS}<p><b>Các tin khác:</b></p><ul><li><a href="/tin-tuc/a-1.html">{OTHER}'
                                     f'</a> (12/01/2025)</li><li><a href="/tin-tuc/b-2.html">{OTHER2}</a> '
                                     f'(10/01/2025)</li></ul>'),
     [("ends", end(P3)), ("lacks", "Các tin khác"), ("lacks", OTHER)]),
    ("headline-linked-to-itself", plain(PS, head=f'<h1 class="tde"><a href="{URL}">{HEADLINE}</a></h1>'),
     [("title", HEADLINE), ("kind", "article")]),
    ("doc-title-double-colon", page(f'<div class="td-bai">{HEADLINE}</div><div class="ngay-gio">{DATE}</div>'
                                    f'<div class="khung-bai">{PS}</div>', title=f"{HEADLINE} :: {SITE}"),
     [("title", HEADLINE), ("kind", "article")]),
    ("headline-in-article-header-box", page(
        f'<div class="chi-tiet"><div class="header"><h1>{HEADLINE}</h1><div class="ngay-gio">{DATE}</div></div>'
        f'<div class="khung-bai">{PS}</div></div>'),
     [("title", HEADLINE), ("starts", begin(P1)), ("kind", "article")]),
    ("site-header-in-wrapper", page(
        f'<div id="wrapper"><div class="header"><a href="/"><img src="/logo.png"></a><h1>{SITE}</h1></div>'
        f'<div class="chi-tiet"><h2 class="td-bai">{HEADLINE}</h2><div class="ngay-gio">{DATE}</div>'
        f'<div class="khung-bai">{PS}</div></div></div>', title=SITE),
     [("title", HEADLINE)]),
    ("headline-in-top-box", page(
        f'<div class="chi-tiet"><div class="top"><div class="title-news">{HEADLINE}</div></div>'
        f'<div class="ngay-gio">{DATE}</div><div class="khung-bai">{PS}</div></div>'),
     [("title", HEADLINE), ("kind", "article")]),
    ("body-split-by-ad", page(
        f'<h1>{HEADLINE}</h1><div class="ngay-gio">{DATE}</div><div class="khung-bai"><p>{P1}</p><p>{P2}</p></div>'
        f'<div class="qc"><a href="https://quangcao.example.vn/"><img src="/banner/qc.gif"></a></div>'
        f'<div class="khung-bai-tiep"><p>{P3}</p></div>'),
     [("starts", begin(P1)), ("ends", end(P3))]),
    ("teasers-after-ad", page(
        f'<h1>{HEADLINE}</h1><div class="ngay-gio">{DATE}</div><div class="khung-bai">{PS}</div>'
        f'<div class="qc"><a href="https://quangcao.example.vn/"><img src="/banner/qc.gif"></a></div>'
        f'<div class="khoi-duoi"><p><a href="/tin-tuc/a-1.html">{OTHER}</a> Tối 12/1, hội thi thu hút 20 tiết mục '
        f'của các chi hội.</p><p><a href="/tin-tuc/b-2.html">{OTHER2}</a> Sáng 11/1, đoàn viên ra quân.</p></div>'),
     [("ends", end(P3)), ("lacks", "hội thi thu hút")]),
    ("data-table-in-body", plain(f'<p>{P1}</p><table border="1"><tr><td>Ấp</td><td>Số hộ dùng dịch vụ công</td></tr>'
                                 f'<tr><td>Ấp 1</td><td>215</td></tr><tr><td>Ấp 2</td><td>187</td></tr></table>'
                                 f'<p>{P3}</p>'),
     [("contains", "Số hộ dùng dịch vụ công"), ("ends", end(P3))]),
    ("blockquote-and-center", plain(f'<p>{P1}</p><blockquote>{P2}</blockquote><center>{P3}</center>'),
     [("contains", begin(P2)), ("ends", end(P3))]),
    ("teaser-after-body", page(
        f'<article><h1>{HEADLINE}</h1><div class="ngay-gio">{DATE}</div><div class="khung-bai">{PS}</div>'
        f'<nav class="chuyen-muc"><div class="story"><h2><a href="/tin-tuc/a-1.html">{OTHER}</a></h2>'
        f'<div class="excerpt"><p>Tối 12/1, hội thi thu hút 20 tiết mục của các chi hội người cao tuổi.</p></div>'
        f'</div></nav></article>'),
     [("starts", begin(P1)), ("lacks", "hội thi thu hút")]),
    ("stories-nav-after-short-body", page(
        f'<article><h1>{HEADLINE}</h1><div class="ngay-gio">{DATE}</div><div class="khung-bai"><p>{P1}</p><p>{P2}</p>'
        '</div><nav class="chuyen-muc">' + "".join(
            f'<div class="story"><h2><a href="/tin-tuc/{n}.html">Hội nghị tổng kết công tác dân vận năm 2024 của ấp '
            f'số {n}</a></h2><div class="excerpt"><p>Tối 12/1, hội thi thu hút 20 tiết mục.</p></div></div>'
            for n in range(1, 8)) + '</nav></article>'),
     [("ends", end(P2)), ("kind", "article")]),
    # ---- distractors: listings stay listings
    ("listing-teasers-no-p", page('<h1>Tin hoạt động của xã</h1><div class="danh-sach">' + "".join(
        f'<div class="muc"><a href="/tin-tuc/{n}.html">{head}</a><div class="ngay">14/01/2025</div>'
        f'<div class="tom-tat">{P1 if n % 2 else P3}</div></div>'
        for n, head in enumerate((OTHER, OTHER2, HEADLINE, "Hội nghị tổng kết công tác dân vận năm 2024")))
        + '</div>', title=f"Tin hoạt động của xã - {SITE}"),
     [("kind", "listing")]),
    ("listing-teasers-p", page('<h1>Tin hoạt động của xã</h1><div class="danh-sach">' + "".join(
        f'<div class="muc"><h3><a href="/tin-tuc/{n}.html">{head}</a></h3><p class="ngay">14/01/2025</p>'
        f'<p>{P1 if n % 2 else P3}</p></div>'
        for n, head in enumerate((OTHER, OTHER2, HEADLINE, "Hội nghị tổng kết công tác dân vận năm 2024")))
        + '</div>', title=f"Tin hoạt động của xã - {SITE}"),
     [("kind", "listing")]),
    ("listing-documents-table", page('<h1>Văn bản chỉ đạo điều hành</h1><table class="bang-vb"><tr><th>Số hiệu</th>'
                                     '<th>Trích yếu</th><th>Ngày ban hành</th></tr>' + "".join(
        f'<tr><td>{n}/KH-UBND</td><td><a href="/van-ban/{n}.html">Kế hoạch số {n} về việc triển khai nhiệm vụ '
        f'trọng tâm năm 2025 trên địa bàn xã</a></td><td>1{n}/01/2025</td></tr>' for n in range(1, 6))
        + '</table>', title=f"Văn bản chỉ đạo điều hành - {SITE}"),
     [("kind", "listing")]),
    ("listing-one-teaser", page('<h1>Thông báo</h1><div class="danh-sach"><div class="muc">'
                                f'<a href="/tin-tuc/a-1.html">{OTHER}</a><div class="ngay">14/01/2025</div>'
                                f'<div class="tom-tat">{P1}</div></div></div>', title=f"Thông báo - {SITE}"),
     [("kind", "listing")]),
    ("seo-title-differs", page(f'<h1>{HEADLINE}</h1><div class="ngay-gio">{DATE}</div><div class="khung-bai">{PS}'
                               f'</div>', title=f"Phú Mỹ đẩy mạnh chuyển đổi số - {SITE}").replace(
        "<title>", '<meta property="og:title" content="Phú Mỹ đẩy mạnh chuyển đổi số"><title>'),
     [("title", HEADLINE), ("kind", "article")]),
    ("empty-body-h1-in-news-box", page(
        f'<div class="box-news"><div class="bottom-r"><h1 style="font-size:14px">{HEADLINE}</h1><div class="meta">'
        f'<p class="title_date">14/01/2025</p></div><div class="content box-content-news-detail"></div></div></div>',
        title=f"Phổ biến giáo dục pháp luật - {SITE}"),
     [("title", HEADLINE), ("kind", "listing")]),
    ("seo-title-differs-unknown-class", page(
        f'<div class="td-bai">{HEADLINE}</div><div class="ngay-gio">{DATE}</div><div class="khung-bai">{PS}</div>',
        title=f"Xã Phú Mỹ triển khai chuyển đổi số 2025 - {SITE}").replace(
        "<title>", '<meta property="og:title" content="Xã Phú Mỹ triển khai chuyển đổi số 2025"><title>'),
     [("title", HEADLINE), ("kind", "article")]),
    ("seo-title-byline-above-body", page(
        f'<div class="td-bai">{HEADLINE}</div><div class="ngay-gio">{DATE}</div><div class="tac-gia-bai">Phòng Văn '
        f'hóa xã Phú Mỹ</div><div class="khung-bai">{PS}</div>',
        title=f"Phú Mỹ đẩy mạnh chuyển đổi số - {SITE}").replace(
        "<title>", '<meta property="og:title" content="Phú Mỹ đẩy mạnh chuyển đổi số"><title>'),
     [("not-title", "Phòng Văn hóa xã Phú Mỹ")]),
    ("section-heading-and-og-title", page(
        f'<h1>Tin tức - Sự kiện</h1><div class="ngay-gio">{DATE}</div><div class="khung-bai">{PS}</div>',
        title=SITE).replace("<title>", f'<meta property="og:title" content="{HEADLINE}"><title>'),
     [("title", HEADLINE)]),
    # ---- distractors: the site's name printed above the body is no headline
    ("site-name-in-column", page(f'<div class="ten-don-vi">{SITE}</div><div class="td-bai">{HEADLINE}</div>'
                                 f'<div class="ngay-gio">{DATE}</div><div class="khung-bai">{PS}</div>',
                                 title=f"Kế hoạch chuyển đổi số năm 2025 - {SITE}"),
     [("not-title", SITE)]),
    ("site-name-first-and-in-column", page(f'<div class="ten-don-vi">{SITE}</div><div class="td-bai">{HEADLINE}</div>'
                                           f'<div class="ngay-gio">{DATE}</div><div class="khung-bai">{PS}</div>',
                                           title=f"{SITE} - {HEADLINE}"),
     [("title", HEADLINE)]),
    ("generic-doc-title", page(f'<h2 class="tieu-de-bai">{HEADLINE}</h2><div class="ngay-gio">{DATE}</div>'
                               f'<div class="khung-bai">{PS}</div>', title="Tin tức - Sự kiện"),
     [("title", HEADLINE), ("kind", "article")]),
]

CASES = [(form, n, fact, value) for form, _, facts in FORMS for n, (fact, value) in enumerate(facts)]
PAGES = {form: html for form, html, _ in FORMS}


@pytest.fixture(scope="module")
def extracted():
    return {}


def _article(extracted, form):
    if form not in extracted:
        extracted[form] = extract_article(PAGES[form], URL, fetched_at="2025-01-15T10:00:00+07:00", classify=True)
    return extracted[form]


@pytest.mark.parametrize("form,n,fact,value", CASES, ids=[f"{c[0]}-{c[1]}-{c[2]}" for c in CASES])
def test_body_title_form(extracted, form, n, fact, value):
    art = _article(extracted, form)
    body = art.body_text or ""
    if fact == "starts":
        assert body.startswith(value)
    elif fact == "ends":
        assert body.endswith(value)
    elif fact == "lacks":
        assert value not in body
    elif fact == "contains":
        assert value in body
    elif fact == "title":
        assert art.title == value
    elif fact == "not-title":
        assert art.title != value
    elif fact == "kind":
        assert art.page_kind == value, art.rules.get("kind")
