"""A site's imprint (its footer: copyright, licence, the office responsible, address, telephone) is never an
article's body, even when no class names it a footer; the article's paragraphs around a block of more of them are
its body too. Pages are invented."""
from __future__ import annotations

from crawler.extract.article import extract_article

URL = "http://xa.example.gov.vn/web/guest/trang-chu"
IMPRINT = ("<div class='f1'><p>Bản quyền thuộc về Ủy ban nhân dân xã Tân Phú</p><p>Giấy phép số 12/GP-STTTT cấp ngày "
           "3 tháng 5 năm 2021. Chịu trách nhiệm chính: Nguyễn Văn An, Chủ tịch UBND xã</p><p>Địa chỉ: ấp Tân Thành, "
           "xã Tân Phú, huyện Mỏ Cày, tỉnh Vĩnh Long. Điện thoại: 0275 3861 234. Fax: 0275 3861 235. Email: "
           "tanphu@example.gov.vn</p><p>Cơ quan chủ quản: Ủy ban nhân dân xã Tân Phú. Ghi rõ nguồn Trang thông tin "
           "điện tử xã Tân Phú khi phát hành lại thông tin từ trang này.</p></div>")
TEASERS = "".join(f"<li><a href='/tin/{n}'>Tin số {n} của xã trong tuần</a></li>" for n in range(6))


def home():
    return (f"<html><head><title>Trang chủ</title></head><body><div class='m1'><ul>{TEASERS}</ul></div>{IMPRINT}"
            f"</body></html>")


def test_the_imprint_of_a_home_page_is_no_body():
    assert extract_article(home(), URL, fetched_at="2025-06-05T10:00:00+07:00").body_text is None


def test_an_article_giving_an_address_keeps_its_body():
    paragraphs = [f"Đoạn {n}: xã Tân Phú tổ chức ngày hội việc làm, thu hút hơn ba trăm lao động tìm hiểu thông tin "
                  f"tuyển dụng của các doanh nghiệp trong tỉnh." for n in range(3)]
    paragraphs.append("Mọi thông tin xin liên hệ Địa chỉ: ấp Tân Thành. Điện thoại: 0275 3861 234.")
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    html = (f"<html><head><title>Ngày hội việc làm xã Tân Phú</title></head><body><div class='a1'>"
            f"<h1>Ngày hội việc làm xã Tân Phú</h1><div class='a2'>05/06/2025</div><div class='a3'>{body}</div></div>"
            f"{IMPRINT}</body></html>")
    art = extract_article(html, "http://xa.example.gov.vn/tin/ngay-hoi-viec-lam", fetched_at="2025-06-05T10:00:00+07:00")
    assert art.body_text.split("\n\n") == paragraphs


ARTICLE_URL = "http://xa.example.gov.vn/tin/ngay-hoi-viec-lam"
OPENING = [f"Mở đầu {n}: xã Tân Phú tổ chức ngày hội việc làm cho hơn ba trăm lao động, với hai mươi doanh nghiệp "
           f"tham gia tuyển dụng tại hội trường." for n in range(2)]
MORE = [f"Tiếp theo {n}: các doanh nghiệp đã phỏng vấn trực tiếp, nhiều lao động được nhận việc ngay trong ngày, "
        f"với mức lương từ sáu đến tám triệu đồng mỗi tháng, kèm các chế độ bảo hiểm đầy đủ." for n in range(6)]


def nested(outer_extra=""):
    inner = "".join(f"<p>{p}</p>" for p in MORE)
    outer = "".join(f"<p>{p}</p>" for p in OPENING)
    return (f"<html><head><title>Ngày hội việc làm xã Tân Phú</title></head><body><div class='a1'>"
            f"<h1>Ngày hội việc làm xã Tân Phú</h1><div class='a2'>05/06/2025</div><div class='a3'>{outer}"
            f"<div class='a4'>{inner}</div>{outer_extra}</div></div></body></html>")


def test_paragraphs_around_a_block_of_more_paragraphs_are_the_body_too():
    art = extract_article(nested(), ARTICLE_URL, fetched_at="2025-06-05T10:00:00+07:00")
    assert art.body_text.split("\n\n") == OPENING + MORE


def test_a_short_line_beside_the_body_block_does_not_widen_the_body():
    page = nested().replace("".join(f"<p>{p}</p>" for p in OPENING), "<p>Ghi rõ nguồn khi phát hành lại.</p>", 1)
    art = extract_article(page, ARTICLE_URL, fetched_at="2025-06-05T10:00:00+07:00")
    assert art.body_text.split("\n\n") == MORE
