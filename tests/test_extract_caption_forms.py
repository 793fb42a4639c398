"""Image caption forms that editors and CMSs print on Vietnamese portals and newspapers (docs/evaluation.md, "Caption
forms"), each pinned by a small page written for the test (never copied from a site; all text invented): the image
with its caption as printed, the caption out of the body text, and the forms that carry no caption (alt and title
text, a source line, an empty placeholder) pinned to ``None``."""
from __future__ import annotations

import pytest

from crawler.extract.article import extract_article

URL = "https://huyenmau.example.gov.vn/tin-tuc/ra-quan-mua-kho-2025-88.html"
HEADLINE = "Huyện ra quân làm thủy lợi mùa khô năm 2025"
LEAD = "Sáng 9/1, Ủy ban nhân dân huyện tổ chức lễ ra quân làm thủy lợi mùa khô, nạo vét 35 tuyến kênh nội đồng."
MIDDLE = ("<p>Lực lượng tham gia gồm cán bộ, chiến sĩ dân quân, đoàn viên thanh niên và hơn 2.000 người dân các xã, "
          "thị trấn, cùng 40 máy đào và 120 phương tiện vận chuyển.</p>"
          "<p>Phát biểu tại buổi lễ, Chủ tịch Ủy ban nhân dân huyện đề nghị các địa phương huy động tối đa sức dân, "
          "làm đến đâu chắc đến đó, không để xảy ra tình trạng lấn chiếm lòng kênh.</p>")
TAIL = "Dự kiến đến cuối tháng 3, toàn huyện hoàn thành nạo vét, đảm bảo nước tưới cho hơn 12.000 ha lúa đông xuân."
CAP = "Đại biểu tham gia nạo vét kênh Xáng tại xã Tân Lộc."
CAP2 = "Lực lượng đoàn viên ra quân dọn cỏ bờ kênh."
CREDIT = "Ảnh: Minh Anh"


def page(body: str) -> str:
    """An article page of a CMS no vocabulary knows: ``body`` sits between a lead and a closing paragraph."""
    return f"""<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8">
<title>{HEADLINE} - Cổng thông tin điện tử huyện Mẫu</title></head><body>
<div class="menu"><a href="/">Trang chủ</a> <a href="/tin-tuc">Tin tức</a></div>
<div class="cot-trai"><div class="tieu-de-khoi">Tin mới</div><ul>
<li><a href="/tin-tuc/a-1.html">Khánh thành cầu Kênh Xáng nối hai xã</a></li>
<li><a href="/tin-tuc/b-2.html">Hội nghị tổng kết công tác dân vận năm 2024</a></li></ul></div>
<div class="noidung-giua"><h1>{HEADLINE}</h1><div class="ngay">Thứ Năm, 09/01/2025 15:20</div>
<div class="khung-bai"><p>{LEAD}</p>{MIDDLE}
{body}
<p>{TAIL}</p>
<p style="text-align:right"><strong>Hoàng Lan</strong></p></div></div>
<div class="chan-trang">Bản quyền thuộc Ủy ban nhân dân huyện Mẫu.</div></body></html>"""


def article(body: str):
    return extract_article(page(body), URL, fetched_at="2025-01-10T10:00:00+07:00")


def a(path: str) -> str:
    return "https://huyenmau.example.gov.vn" + path


# (form id, article body markup, [(absolute src, caption)])
FORMS = [
    # ---- a figcaption holding the photographer's credit and the caption as two elements
    ("figcaption-credit-then-caption", f'<figure class="figure lead-figure"><img src="/anh/1.jpg" alt="Kênh Xáng">'
                                       f'<figcaption class="figcaption"><p class="credit">Minh Anh</p>'
                                       f'<p class="caption">{CAP}</p></figcaption></figure>',
     [(a("/anh/1.jpg"), CAP)]),
    # ---- an italic caption line the editor split into runs, one of them inside a word
    ("italic-split-runs", '<p><img src="/anh/1.jpg"></p><p><em>Đ</em><em>ại biểu tham gia </em>'
                          '<em>nạo vét kênh Xáng tại xã Tân Lộc.</em></p>',
     [(a("/anh/1.jpg"), CAP)]),
    # ---- editors
    ("ckeditor4-image2", f'<figure class="image" style="display:inline-block"><img alt="" height="400" '
                         f'src="/anh/1.jpg" width="600"><figcaption>{CAP}</figcaption></figure>',
     [(a("/anh/1.jpg"), CAP)]),
    ("ckeditor4-image2-centred", f'<div style="text-align:center"><figure class="image" style="display:inline-block">'
                                 f'<img src="/anh/1.jpg" width="600"><figcaption>{CAP}</figcaption></figure></div>',
     [(a("/anh/1.jpg"), CAP)]),
    ("ckeditor5-resized", f'<figure class="image image_resized" style="width:75%;"><img src="/anh/1.jpg">'
                          f'<figcaption>{CAP} {CREDIT}</figcaption></figure>',
     [(a("/anh/1.jpg"), f"{CAP} {CREDIT}")]),
    ("ckeditor5-picture", f'<figure class="image"><picture><source srcset="/anh/1.webp" type="image/webp">'
                          f'<img src="/anh/1.jpg"></picture><figcaption>{CAP}</figcaption></figure>',
     [(a("/anh/1.jpg"), CAP)]),
    ("tinymce-em-paragraph", f'<p><img src="/anh/1.jpg" width="600" height="400"></p><p><em>{CAP}</em></p>',
     [(a("/anh/1.jpg"), CAP)]),
    ("tinymce-centred-plain", f'<p style="text-align: center;"><img src="/anh/1.jpg"></p>'
                              f'<p style="text-align: center;">{CAP}</p>',
     [(a("/anh/1.jpg"), CAP)]),
    ("tinymce-br-span-em", f'<p style="text-align: center;"><img src="/anh/1.jpg"><br>'
                           f'<span style="font-size: 10pt;"><em>{CAP}</em></span></p>',
     [(a("/anh/1.jpg"), CAP)]),
    ("paragraph-style-italic", f'<p><img src="/anh/1.jpg"></p><p style="font-style: italic;">{CAP}</p>',
     [(a("/anh/1.jpg"), CAP)]),
    ("div-centred-pair", f'<div style="text-align:center"><img src="/anh/1.jpg"></div>'
                         f'<div style="text-align:center"><em>{CAP}</em></div>',
     [(a("/anh/1.jpg"), CAP)]),
    ("center-element", f'<center><img src="/anh/1.jpg"><br><i>{CAP}</i></center>',
     [(a("/anh/1.jpg"), CAP)]),
    ("figure-without-figcaption-then-paragraph", f'<figure class="image"><img src="/anh/1.jpg"></figure>'
                                                 f'<p style="text-align:center"><em>{CAP}</em></p>',
     [(a("/anh/1.jpg"), CAP)]),
    ("floated-span-in-a-paragraph", f'<p><span style="float:left; width:300px; margin-right:10px"><img '
                                    f'src="/anh/1.jpg"><br><em>{CAP}</em></span>Ngay sau lễ ra quân, các xã đồng loạt '
                                    f'huy động máy đào và lực lượng dân quân nạo vét kênh.</p>',
     [(a("/anh/1.jpg"), CAP)]),
    ("floated-div", f'<div style="float:left; width:300px"><img src="/anh/1.jpg"><br><em>{CAP}</em></div>',
     [(a("/anh/1.jpg"), CAP)]),
    ("floated-table", f'<table align="left" width="300"><tr><td><img src="/anh/1.jpg"></td></tr>'
                      f'<tr><td><em>{CAP}</em></td></tr></table>',
     [(a("/anh/1.jpg"), CAP)]),
    # ---- Word pasted
    ("word-table-rows", f'<table border="0" cellpadding="0" cellspacing="0" style="width:100%"><tbody>'
                        f'<tr><td><p align="center"><img src="/anh/1.jpg"></p></td></tr>'
                        f'<tr><td><p align="center"><i><span style="font-size:11.0pt">{CAP}</span></i></p></td></tr>'
                        f'</tbody></table>',
     [(a("/anh/1.jpg"), CAP)]),
    ("word-msonormal", f'<p class="MsoNormal" align="center" style="text-align:center"><span lang="VI">'
                       f'<img src="/anh/1.jpg"></span></p>'
                       f'<p class="MsoNormal" align="center" style="text-align:center"><i><span lang="VI">{CAP}'
                       f'</span></i><o:p>&nbsp;</o:p></p>',
     [(a("/anh/1.jpg"), CAP)]),
    ("table-cell-br", f'<table align="center"><tr><td><img src="/anh/1.jpg"><br>{CAP}</td></tr></table>',
     [(a("/anh/1.jpg"), CAP)]),
    ("table-one-cell-two-paragraphs", f'<table border="1" style="width:100%"><tr><td><p align="center"><img '
                                      f'src="/anh/1.jpg"></p><p align="center"><em>{CAP}</em></p></td></tr></table>',
     [(a("/anh/1.jpg"), CAP)]),
    ("word-msocaption", f'<p class="MsoNormal"><img src="/anh/1.jpg"></p><p class="MsoCaption">{CAP}</p>',
     [(a("/anh/1.jpg"), CAP)]),
    ("table-two-columns", f'<table><tr><td><img src="/anh/1.jpg"></td><td><img src="/anh/2.jpg"></td></tr>'
                          f'<tr><td><em>{CAP}</em></td><td><em>{CAP2}</em></td></tr></table>',
     [(a("/anh/1.jpg"), CAP), (a("/anh/2.jpg"), CAP2)]),
    ("table-caption-row-above", f'<table align="center"><tr><td><em>{CAP}</em></td></tr>'
                                f'<tr><td><img src="/anh/1.jpg"></td></tr></table>',
     [(a("/anh/1.jpg"), CAP)]),
    # ---- newspaper and portal CMS classes
    ("vccorp-photocms", f'<div class="VCSortableInPreviewMode" type="Photo"><div><a href="/anh/1-lon.jpg" '
                        f'data-fancybox-group="img"><img src="/anh/1.jpg" data-original="/anh/1-goc.jpg"></a></div>'
                        f'<div class="PhotoCMS_Caption"><p data-placeholder="[nhập chú thích]">{CAP}</p></div></div>',
     [(a("/anh/1-goc.jpg"), CAP)]),
    ("vccorp-figure", f'<figure class="VCSortableInPreviewMode" type="Photo"><div><img src="/anh/1.jpg"></div>'
                      f'<figcaption class="PhotoCMS_Caption"><p data-placeholder="[nhập chú thích]">{CAP}</p>'
                      f'</figcaption></figure>',
     [(a("/anh/1.jpg"), CAP)]),
    ("vccorp-empty-placeholder", '<div class="VCSortableInPreviewMode" type="Photo"><div><img src="/anh/1.jpg"></div>'
                                 '<div class="PhotoCMS_Caption"><p data-placeholder="[nhập chú thích]" '
                                 'class="NLPlaceholderShow"></p></div></div>',
     [(a("/anh/1.jpg"), None)]),
    ("zing-picture-table", f'<table class="picture" align="center"><tbody><tr><td class="pic"><img src="/anh/1.jpg">'
                           f'</td></tr><tr><td class="pCaption caption">{CAP} Ảnh: <em>Minh Anh.</em></td></tr>'
                           f'</tbody></table>',
     [(a("/anh/1.jpg"), f"{CAP} Ảnh: Minh Anh.")]),
    ("zing-gallery-table", f'<table class="picture"><tr><td class="pic"><img src="/anh/1.jpg"></td><td class="pic">'
                           f'<img src="/anh/2.jpg"></td></tr><tr><td class="pCaption caption">{CAP}</td>'
                           f'<td class="pCaption caption">{CAP2}</td></tr></table>',
     [(a("/anh/1.jpg"), CAP), (a("/anh/2.jpg"), CAP2)]),
    ("zing-two-images-one-caption", f'<table class="picture"><tr><td class="pic"><div class="twentytwenty-container">'
                                    f'<img src="/anh/1.jpg"><img src="/anh/2.jpg"></div></td></tr>'
                                    f'<tr><td class="pCaption caption">{CAP}</td></tr></table>',
     [(a("/anh/1.jpg"), CAP), (a("/anh/2.jpg"), CAP)]),
    ("vnexpress-figure", f'<figure class="tplCaption action_thumb_added" data-size="true"><div class="fig-picture">'
                         f'<picture><source data-srcset="/anh/1.jpg?w=680 1x"><img alt="anh" class="lazy" '
                         f'src="data:image/gif;base64,R0lGOD" data-src="/anh/1.jpg?w=680"></picture></div>'
                         f'<figcaption><p class="Image">{CAP} Ảnh: <em>Minh Anh</em></p></figcaption></figure>',
     [(a("/anh/1.jpg?w=680"), f"{CAP} Ảnh: Minh Anh")]),
    ("vnexpress-table", f'<table align="center" border="0" cellpadding="3" cellspacing="0" class="tplCaption">'
                        f'<tbody><tr><td><img src="/anh/1.jpg"></td></tr><tr><td><p class="Image">{CAP}</p></td></tr>'
                        f'</tbody></table>',
     [(a("/anh/1.jpg"), CAP)]),
    ("dantri-figure", f'<figure class="image align-center"><img data-src="/anh/1.jpg" src="/anh/1-nho.jpg">'
                      f'<figcaption><p>{CAP} ({CREDIT}).</p></figcaption></figure>',
     [(a("/anh/1.jpg"), f"{CAP} ({CREDIT}).")]),
    ("expnoedit-figure", f'<figure class="expNoEdit"><a href="/anh/1.jpg"><img src="/anh/1.jpg"></a>'
                         f'<figcaption class="expEdit"><p>{CAP}</p></figcaption></figure>',
     [(a("/anh/1.jpg"), CAP)]),
    ("wordpress-classic", f'<div id="attachment_12" style="width: 610px" class="wp-caption aligncenter">'
                          f'<a href="/anh/1.jpg"><img class="size-full wp-image-12" src="/anh/1.jpg"></a>'
                          f'<p class="wp-caption-text">{CAP}</p></div>',
     [(a("/anh/1.jpg"), CAP)]),
    ("wordpress-block", f'<figure class="wp-block-image size-large"><img src="/anh/1.jpg">'
                        f'<figcaption class="wp-element-caption">{CAP}</figcaption></figure>',
     [(a("/anh/1.jpg"), CAP)]),
    ("wordpress-old-gallery", f'<div class="gallery galleryid-5"><dl class="gallery-item"><dt class="gallery-icon">'
                              f'<a href="/anh/1.jpg"><img src="/anh/1-150x150.jpg"></a></dt>'
                              f'<dd class="wp-caption-text gallery-caption">{CAP}</dd></dl>'
                              f'<dl class="gallery-item"><dt class="gallery-icon"><a href="/anh/2.jpg">'
                              f'<img src="/anh/2-150x150.jpg"></a></dt>'
                              f'<dd class="wp-caption-text gallery-caption">{CAP2}</dd></dl></div>',
     [(a("/anh/1-150x150.jpg"), CAP), (a("/anh/2-150x150.jpg"), CAP2)]),
    ("class-image-desc", f'<div class="anh"><img src="/anh/1.jpg"></div><div class="image_desc">{CAP}</div>',
     [(a("/anh/1.jpg"), CAP)]),
    ("class-img-desc", f'<div class="anh"><img src="/anh/1.jpg"></div><p class="img_desc">{CAP}</p>',
     [(a("/anh/1.jpg"), CAP)]),
    ("class-chuthich", f'<p style="text-align:center"><img src="/anh/1.jpg"></p><p class="chuthich">{CAP}</p>',
     [(a("/anh/1.jpg"), CAP)]),
    ("class-chu-thich-anh", f'<div class="khung-anh"><img src="/anh/1.jpg"><span class="chu-thich-anh">{CAP}</span>'
                            f'</div>',
     [(a("/anh/1.jpg"), CAP)]),
    ("class-ghichu", f'<p><img src="/anh/1.jpg"></p><p class="ghichu">{CAP}</p>',
     [(a("/anh/1.jpg"), CAP)]),
    ("class-image-description", f'<div class="anh"><img src="/anh/1.jpg"></div><p class="image-description">{CAP}</p>',
     [(a("/anh/1.jpg"), CAP)]),
    ("class-mo-ta-anh", f'<div class="anh"><img src="/anh/1.jpg"></div><div class="mo_ta_anh">{CAP}</div>',
     [(a("/anh/1.jpg"), CAP)]),
    ("class-image-note", f'<p><img src="/anh/1.jpg"></p><p class="image-note">{CAP}</p>',
     [(a("/anh/1.jpg"), CAP)]),
    ("class-fig-caption", f'<div class="fig"><img src="/anh/1.jpg"><div class="fig-caption">{CAP}</div></div>',
     [(a("/anh/1.jpg"), CAP)]),
    ("class-image-caption-span", f'<p><img src="/anh/1.jpg"><br><span class="image-caption">{CAP}</span></p>',
     [(a("/anh/1.jpg"), CAP)]),
    ("picture-box-span", f'<div class="article-photo"><a href="/anh/1-lon.jpg"><img src="/anh/1.jpg"></a>'
                         f'<span>{CAP} (Ảnh: TTXVN)</span></div>',
     [(a("/anh/1.jpg"), f"{CAP} (Ảnh: TTXVN)")]),
    ("picture-box-span-plain", f'<div class="article-photo"><a href="/anh/1-lon.jpg"><img src="/anh/1.jpg"></a>'
                               f'<span>{CAP}</span></div>',
     [(a("/anh/1.jpg"), CAP)]),
    ("picture-source-only", f'<figure class="image"><picture><source srcset="/anh/1.webp 1x, /anh/1@2x.webp 2x">'
                            f'<img src="data:image/gif;base64,R0lGOD" alt=""></picture><figcaption>{CAP}</figcaption>'
                            f'</figure>',
     [(a("/anh/1.webp"), CAP)]),
    # ---- photo credits
    ("credit-after-caption-line", f'<p><img src="/anh/1.jpg"></p><p>{CAP} {CREDIT}</p>',
     [(a("/anh/1.jpg"), f"{CAP} {CREDIT}")]),
    ("credit-bracketed", f'<p><img src="/anh/1.jpg"></p><p>{CAP} ({CREDIT})</p>',
     [(a("/anh/1.jpg"), f"{CAP} ({CREDIT})")]),
    ("credit-only-line", f'<p><img src="/anh/1.jpg"></p><p>{CREDIT}</p>', [(a("/anh/1.jpg"), CREDIT)]),
    ("credit-in-next-paragraph", f'<p style="text-align:center"><img src="/anh/1.jpg"></p>'
                                 f'<p style="text-align:center"><em>{CAP}</em></p>'
                                 f'<p style="text-align:right"><em>{CREDIT}</em></p>',
     [(a("/anh/1.jpg"), f"{CAP} {CREDIT}")]),
    ("credit-right-aligned-plain", f'<p style="text-align:center"><img src="/anh/1.jpg"></p>'
                                   f'<p style="text-align:center"><em>{CAP}</em></p>'
                                   f'<p style="text-align:right">{CREDIT}</p>',
     [(a("/anh/1.jpg"), f"{CAP} {CREDIT}")]),
    ("illustration-label", '<p style="text-align:center"><img src="/anh/1.jpg"></p>'
                           '<p style="text-align:center"><em>Ảnh minh họa</em></p>',
     [(a("/anh/1.jpg"), "Ảnh minh họa")]),
    ("illustration-bracketed-plain", '<p><img src="/anh/1.jpg"></p><p>(Ảnh minh họa)</p>',
     [(a("/anh/1.jpg"), "(Ảnh minh họa)")]),
    # ---- split, before, gallery
    ("split-two-paragraphs", f'<p style="text-align:center"><img src="/anh/1.jpg"></p>'
                             f'<p style="text-align:center"><em>Đại biểu tham gia nạo vét kênh Xáng</em></p>'
                             f'<p style="text-align:center"><em>tại xã Tân Lộc.</em></p>',
     [(a("/anh/1.jpg"), CAP)]),
    ("figcaption-before-image", f'<figure class="image"><figcaption>{CAP}</figcaption><img src="/anh/1.jpg"></figure>',
     [(a("/anh/1.jpg"), CAP)]),
    ("gallery-paragraph-pairs", f'<p style="text-align:center"><img src="/anh/1.jpg"></p>'
                                f'<p style="text-align:center"><em>{CAP}</em></p>'
                                f'<p style="text-align:center"><img src="/anh/2.jpg"></p>'
                                f'<p style="text-align:center"><em>{CAP2}</em></p>',
     [(a("/anh/1.jpg"), CAP), (a("/anh/2.jpg"), CAP2)]),
    ("gallery-one-paragraph", f'<p style="text-align:center"><img src="/anh/1.jpg"><br><em>{CAP}</em><br>'
                              f'<img src="/anh/2.jpg"><br><em>{CAP2}</em></p>',
     [(a("/anh/1.jpg"), CAP), (a("/anh/2.jpg"), CAP2)]),
    ("gallery-one-cell", f'<table><tr><td><img src="/anh/1.jpg"><br>{CAP}<br><img src="/anh/2.jpg"><br>{CAP2}'
                         f'</td></tr></table>',
     [(a("/anh/1.jpg"), CAP), (a("/anh/2.jpg"), CAP2)]),
    ("gallery-figures", f'<div class="gallery"><figure><img src="/anh/1.jpg"><figcaption>{CAP}</figcaption></figure>'
                        f'<figure><img src="/anh/2.jpg"><figcaption>{CAP2}</figcaption></figure></div>',
     [(a("/anh/1.jpg"), CAP), (a("/anh/2.jpg"), CAP2)]),
    # ---- links and lazy loading
    ("linked-image-br", f'<p style="text-align:center"><a href="/anh/1-lon.jpg"><img src="/anh/1.jpg"></a><br>'
                        f'<em>{CAP}</em></p>',
     [(a("/anh/1.jpg"), CAP)]),
    ("linked-image-next-paragraph", f'<p style="text-align:center"><a href="/anh/1-lon.jpg" target="_blank">'
                                    f'<img src="/anh/1.jpg"></a></p><p style="text-align:center"><em>{CAP}</em></p>',
     [(a("/anh/1.jpg"), CAP)]),
    ("lazy-data-original", f'<p style="text-align:center"><img class="lazy" src="/images/grey.gif" '
                           f'data-original="/anh/1.jpg"></p><p style="text-align:center"><em>{CAP}</em></p>',
     [(a("/anh/1.jpg"), CAP)]),
    ("lazy-srcset-only", f'<figure class="image"><img srcset="/anh/1-600.jpg 600w, /anh/1-1200.jpg 1200w" '
                         f'sizes="100vw"><figcaption>{CAP}</figcaption></figure>',
     [(a("/anh/1-600.jpg"), CAP)]),
    ("lazy-noscript-copy", f'<p style="text-align:center"><img class="lazyload" data-src="/anh/1.jpg">'
                           f'<noscript><img src="/anh/1.jpg"></noscript></p>'
                           f'<p style="text-align:center"><em>{CAP}</em></p>',
     [(a("/anh/1.jpg"), CAP)]),
    ("image-paragraph-nbsp", f'<p style="text-align:center">&nbsp;<img src="/anh/1.jpg">&nbsp;</p>'
                             f'<p style="text-align:center"><em>{CAP}</em></p>',
     [(a("/anh/1.jpg"), CAP)]),
    ("empty-paragraph-between", f'<p style="text-align:center"><img src="/anh/1.jpg"></p><p>&nbsp;</p>'
                                f'<p style="text-align:center"><em>{CAP}</em></p>',
     [(a("/anh/1.jpg"), CAP)]),
    ("small-after-br", f'<p style="text-align:center"><img src="/anh/1.jpg"><br><small>{CAP}</small></p>',
     [(a("/anh/1.jpg"), CAP)]),
    ("joomla25-img-caption", f'<div class="img_caption center" style="width: 600px;"><img src="/anh/1.jpg" '
                             f'title="{CAP}"><p class="img_caption">{CAP}</p></div>',
     [(a("/anh/1.jpg"), CAP)]),
    ("nukeviet-figure-article", f'<figure class="article center"><img src="/anh/1.jpg" class="img-thumbnail">'
                                f'<figcaption>{CAP}</figcaption></figure>',
     [(a("/anh/1.jpg"), CAP)]),
    ("figcaption-with-author", f'<figure class="picture"><div><img src="/anh/1.jpg"></div>'
                               f'<figcaption class="PhotoCMS_Caption"><p>{CAP}</p>'
                               f'<p class="PhotoCMS_Author">{CREDIT}</p></figcaption></figure>',
     [(a("/anh/1.jpg"), f"{CAP} {CREDIT}")]),
    ("one-caption-two-images", f'<p style="text-align:center"><img src="/anh/1.jpg"> <img src="/anh/2.jpg"></p>'
                               f'<p style="text-align:center"><em>{CAP}</em></p>',
     [(a("/anh/1.jpg"), CAP), (a("/anh/2.jpg"), CAP)]),
    # ---- no caption
    ("alt-equal-to-title", f'<p><img src="/anh/1.jpg" alt="{HEADLINE}"></p>', [(a("/anh/1.jpg"), None)]),
    ("title-attribute-only", f'<p><img src="/anh/1.jpg" title="{CAP}" alt="{CAP}"></p>', [(a("/anh/1.jpg"), None)]),
    ("lightbox-title-only", f'<p><a href="/anh/1.jpg" class="fancybox" title="{CAP}"><img src="/anh/1.jpg"></a></p>',
     [(a("/anh/1.jpg"), None)]),
    ("source-line", '<p style="text-align:center"><img src="/anh/1.jpg"></p>'
                    '<p style="text-align:center"><em>Nguồn: Internet</em></p>', [(a("/anh/1.jpg"), None)]),
    ("body-paragraph-after-image", '<p><img src="/anh/1.jpg"></p><p>Ngay sau lễ ra quân, các xã đồng loạt huy động '
                                   'máy đào và lực lượng dân quân nạo vét kênh, khơi thông dòng chảy.</p>',
     [(a("/anh/1.jpg"), None)]),
    ("byline-with-photo-credit", '<p><img src="/anh/1.jpg"></p><p>Tin, ảnh: Minh Anh</p>', [(a("/anh/1.jpg"), None)]),
    ("byline-dash-photo", '<p style="text-align:center"><img src="/anh/1.jpg"></p>'
                          '<p style="text-align:right"><strong>Bài: Minh Châu - Ảnh: Công Danh</strong></p>',
     [(a("/anh/1.jpg"), None)]),
    ("byline-sentence-photo", '<p><img src="/anh/1.jpg"></p><p>Bài: Minh Châu. Ảnh: Công Danh</p>',
     [(a("/anh/1.jpg"), None)]),
    ("byline-text-and-photo", '<p><img src="/anh/1.jpg"></p><p>Bài và ảnh: Minh Anh</p>', [(a("/anh/1.jpg"), None)]),
    ("body-sentence-naming-a-photo", '<p><img src="/anh/1.jpg"></p><p>Ảnh: cán bộ, chiến sĩ dân quân huyện tham gia '
                                     'nạo vét kênh mương nội đồng trong ngày ra quân đầu năm, khơi thông dòng chảy '
                                     'cho hơn 12.000 ha lúa.</p>', [(a("/anh/1.jpg"), None)]),
    ("related-link-box", '<div class="tin-lien-quan"><a href="/tin-tuc/c-3.html"><img src="/anh/9.jpg"></a>'
                         '<a href="/tin-tuc/c-3.html">Huyện khánh thành trạm bơm điện Tân Lộc</a></div>',
     []),  # another article's teaser card: neither its headline a caption nor its picture the article's
    ("subheading-after-image", '<p><img src="/anh/1.jpg"></p><p><strong>Huy động sức dân</strong></p>',
     [(a("/anh/1.jpg"), None)]),
]
IDS = [form[0] for form in FORMS]


@pytest.mark.parametrize("form,body,expected", FORMS, ids=IDS)
def test_caption_form_images(form, body, expected):
    assert [(im.src, im.caption) for im in article(body).images] == expected


@pytest.mark.parametrize("form,body,expected", [f for f in FORMS if any(c for _, c in f[2])], ids=
                         [f[0] for f in FORMS if any(c for _, c in f[2])])
def test_caption_form_not_in_body(form, body, expected):
    text = article(body).body_text
    assert [c for _, c in expected if c and c.split(" Ảnh:")[0].split(" (Ảnh")[0] in text] == []


@pytest.mark.parametrize("form,body,expected", FORMS, ids=IDS)
def test_caption_form_keeps_the_body(form, body, expected):
    text = article(body).body_text
    assert (LEAD in text, TAIL in text) == (True, True)


# ---- the lead picture printed between the headline and the body container
def lead_page(picture: str) -> str:
    return page("").replace('<div class="khung-bai">', picture + '<div class="khung-bai">')


LEAD_PICTURES = [
    ("figure", f'<figure class="anh-dai-dien"><img src="/anh/0.jpg"><figcaption>{CAP}</figcaption></figure>'),
    ("caption-class", f'<div class="anh-bai"><img src="/anh/0.jpg"></div><div class="anh-caption">{CAP}</div>'),
    ("linked-figure", f'<figure class="anh-dai-dien"><a href="/anh/0-lon.jpg" class="lightbox"><img src="/anh/0.jpg">'
                      f'</a><figcaption>{CAP}</figcaption></figure>'),
    ("lightbox-link", f'<div class="anh-bai"><a href="javascript:void(0)"><img src="/anh/0.jpg"></a></div>'
                      f'<p class="anh-caption">{CAP}</p>'),
    ("caption-table", f'<table class="anh"><tr><td><img src="/anh/0.jpg"></td></tr><tr><td class="chuthich">{CAP}'
                      f'</td></tr></table>'),
]


@pytest.mark.parametrize("form,picture", LEAD_PICTURES, ids=[f for f, _ in LEAD_PICTURES])
def test_captioned_lead_picture_before_the_body(form, picture):
    art = extract_article(lead_page(picture), URL, fetched_at="2025-01-10T10:00:00+07:00")
    assert [(im.src, im.caption) for im in art.images] == [(a("/anh/0.jpg"), CAP)]


@pytest.mark.parametrize("form,picture", LEAD_PICTURES, ids=[f for f, _ in LEAD_PICTURES])
def test_a_lead_picture_caption_is_not_body_text(form, picture):
    art = extract_article(lead_page(picture), URL, fetched_at="2025-01-10T10:00:00+07:00")
    assert CAP not in (art.body_text or "")


NOT_A_LEAD_PICTURE = [
    ("banner", '<div class="quang-cao"><a href="/qc"><img src="/qc/banner-tet.jpg"></a></div>'),
    ("share-icons", '<div class="chia-se"><a href="/fb"><img src="/images/fb.png" width="24"></a></div>'),
    ("author-photo", '<div class="tac-gia"><img src="/anh/tac-gia.jpg"> Hoàng Lan</div>'),
    ("teaser-card", '<div class="tin-noi-bat"><figure><a href="/tin-tuc/c-3.html"><img src="/anh/9.jpg"></a>'
                    '<figcaption class="caption">Huyện khánh thành trạm bơm điện Tân Lộc</figcaption></figure></div>'),
    ("list-of-pictures", '<ul class="anh-dep"><li><figure><img src="/anh/8.jpg"><figcaption>Cánh đồng lúa mùa '
                         'nước nổi</figcaption></figure></li></ul>'),
    ("caption-with-link", '<figure><img src="/anh/7.jpg"><figcaption><a href="/tin-tuc/d-4.html">Xem thêm: mùa '
                          'khô năm trước</a></figcaption></figure>'),
]


@pytest.mark.parametrize("form,markup", NOT_A_LEAD_PICTURE, ids=[f for f, _ in NOT_A_LEAD_PICTURE])
def test_no_lead_picture_but_a_captioned_one_of_the_article(form, markup):
    art = extract_article(lead_page(markup), URL, fetched_at="2025-01-10T10:00:00+07:00")
    assert art.images == []


def test_a_family_lead_figure_takes_no_italic_paragraph_after_it_as_caption():
    html = f"""<html><head><meta charset="utf-8"><meta name="generator" content="WordPress 6.4.2">
<title>{HEADLINE}</title></head><body class="single wp-site-blocks">
<main><h1 class="wp-block-post-title">{HEADLINE}</h1>
<div class="wp-block-post-date"><time datetime="2025-01-09T15:20:00+07:00">09/01/2025</time></div>
<figure class="wp-block-post-featured-image"><img src="/wp-content/uploads/2025/01/anh-0.jpg"></figure>
<p class="wp-block-post-excerpt__excerpt"><em>Toàn huyện ra quân nạo vét 35 tuyến kênh nội đồng.</em></p>
<div class="entry-content wp-block-post-content"><p>{LEAD}</p>{MIDDLE}<p>{TAIL}</p></div></main></body></html>"""
    art = extract_article(html, URL, fetched_at="2025-01-10T10:00:00+07:00")
    assert [(im.src, im.caption) for im in art.images][:1] == [(a("/wp-content/uploads/2025/01/anh-0.jpg"), None)]
