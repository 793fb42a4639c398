"""Bylines and source lines in the forms portals print them, each pinned by small pages written for the test (never
copied from a portal): source lines of every form (one test of them for byline, body text and captions), headings
of a photo section that end the body, empty author labels, and credit lines labelled, tagged or plain."""
from __future__ import annotations

import pytest

from crawler.extract.article import extract_article
from crawler.extract.bylines import clean_byline, split_authors
from crawler.extract.sources import is_source_line

URL = "https://huyen.gov.vn/tin-tuc/hoi-thi-van-nghe-789.html"
HEADLINE = "Huyện tổ chức hội thi văn nghệ quần chúng chào mừng ngày thành lập"
PARAS = [f"Đoạn văn số {i} thuật lại diễn biến của hội thi, đủ dài để được coi là nội dung chính của bài viết này."
         for i in range(1, 5)]
BODY = "".join(f"<p>{p}</p>" for p in PARAS)
NAV = '<div class="menu"><a href="/">Trang chủ</a> <a href="/tin-tuc">Tin tức</a></div>'
PHOTO = '<p style="text-align:center"><img src="/anh/1.jpg"></p><p style="text-align:center"><em>Tiết mục múa.</em></p>'


def page(last="", meta="", after=""):
    """An article of an unknown CMS: headline, date line, ``meta`` (a line of the article's details), the body
    (four paragraphs then ``last``), ``after`` it."""
    return f"""<html><head><title>{HEADLINE}</title></head><body>{NAV}<div class="giua"><h1>{HEADLINE}</h1>
    <div class="thongtin">Ngày đăng 12/03/2024 | 3:45 PM</div>{meta}
    <div class="khungbai">{BODY}{last}</div>{after}</div>
    <div class="chan">Bản quyền thuộc về Cổng thông tin điện tử huyện.</div></body></html>"""


def extract(html):
    return extract_article(html, URL, fetched_at="2024-06-01T10:00:00+07:00")


def right_bold(text):
    return f'<p style="text-align:right"><strong>{text}</strong></p>'


# ---------------------------------------------------------------- source lines
@pytest.mark.parametrize("line", ["Nguồn: Báo Nhân Dân", "Nguồn tin: Báo Tuyên Quang", "Theo VOV",
                                  "Theo baochinhphu.vn", "(Theo baochinhphu.vn)", "Theo http://baochinhphu.vn/a-1.html",
                                  "Source: VNA", "Theo: Báo Lào Cai"])
def test_a_source_line_is_one(line):
    assert is_source_line(line)


@pytest.mark.parametrize("line", ["Theo kế hoạch, hội nghị sẽ được tổ chức vào tháng tới",
                                  "Nguồn ảnh: Internet", "Nguồn:", "Minh Anh"])
def test_not_a_source_line(line):
    assert not is_source_line(line)


SOURCE_FORMS = ["Nguồn tin: Báo Tuyên Quang", "Theo baochinhphu.vn", "(Theo baochinhphu.vn)",
                "Theo http://baochinhphu.vn/a-1.html"]


@pytest.mark.parametrize("line", SOURCE_FORMS)
def test_a_right_aligned_source_line_is_the_source(line):
    assert extract(page(right_bold(line))).source == line


@pytest.mark.parametrize("line", SOURCE_FORMS)
def test_a_right_aligned_source_line_is_not_the_byline(line):
    assert extract(page(right_bold(line))).byline is None


@pytest.mark.parametrize("line", SOURCE_FORMS)
def test_a_plain_source_line_is_not_body_text(line):
    assert line not in extract(page(f"<p>{line}</p>")).body_text


def test_a_sentence_starting_with_theo_stays_in_the_body():
    line = "Theo kế hoạch, hội thi sẽ được tổ chức lại vào năm sau"
    assert extract(page(f"<p>{line}</p>")).body_text.endswith(line)


def test_a_theo_line_under_an_image_is_not_its_caption():
    last = ('<p style="text-align:center"><img src="/anh/2.jpg"></p>'
            '<p style="text-align:center"><em>Theo Báo Lào Cai</em></p>')
    assert [im.caption for im in extract(page(last)).images] == [None]


def test_a_name_before_a_source_line_is_the_byline():
    assert extract(page(right_bold("Minh Anh") + "<p>Nguồn tin: Báo Tuyên Quang</p>")).byline == "Minh Anh"


# ---------------------------------------------------------------- a heading ending the body is no credit
HEADINGS = ["MỘT SỐ HÌNH ẢNH CỦA HỘI THI", "HÌNH ẢNH HOẠT ĐỘNG", "KẾT QUẢ HỘI THI", "MỘT SỐ HÌNH ẢNH:",
            "Một Số Hình Ảnh Của Hội Thi", "DANH SÁCH CÁC ĐƠN VỊ ĐẠT GIẢI", "PHỤ LỤC", "TÀI LIỆU ĐÍNH KÈM",
            "LỊCH CÔNG TÁC TUẦN", "THỜI KHÓA BIỂU", "Trân trọng", "LỜI CẢM ƠN"]


@pytest.mark.parametrize("heading", HEADINGS)
def test_a_centred_heading_before_photos_is_not_the_byline(heading):
    last = f'<p style="text-align:center"><strong>{heading}</strong></p>{PHOTO}'
    assert extract(page(last)).byline is None


@pytest.mark.parametrize("heading", HEADINGS)
def test_a_right_aligned_bold_heading_is_not_the_byline(heading):
    assert extract(page(right_bold(heading))).byline is None


@pytest.mark.parametrize("heading", ["HỘI THI VĂN NGHỆ", "Hội Thi Văn Nghệ Quần Chúng", "QUANG MINH"])
def test_any_centred_bold_line_over_pictures_is_not_the_byline(heading):
    last = f'<p style="text-align:center"><strong>{heading}</strong></p>{PHOTO}'
    assert extract(page(last)).byline is None


def test_a_right_aligned_name_over_pictures_stays_the_byline():
    assert extract(page(right_bold("QUANG MINH") + PHOTO)).byline == "QUANG MINH"


@pytest.mark.parametrize("heading", ["MỘT SỐ HÌNH ẢNH", "HÌNH ẢNH HOẠT ĐỘNG"])
def test_a_plain_heading_after_a_sentence_is_not_the_byline(heading):
    assert extract(page(f"<p>{heading}</p>")).byline is None


def test_a_credit_before_a_photo_section_heading_is_the_byline():
    last = right_bold("Minh Anh") + f'<p style="text-align:center"><strong>HÌNH ẢNH HOẠT ĐỘNG</strong></p>{PHOTO}'
    assert extract(page(last)).byline == "Minh Anh"


@pytest.mark.parametrize("name", ["PV", "NGUYỄN VĂN AN", "TTXVN", "QUANG MINH", "THU HÀ - MINH TRÍ",
                                  "TÔN NỮ THỊ MINH HÀ", "Tin, ảnh: QUANG MINH"])
def test_a_short_credit_in_capitals_stays_the_byline(name):
    assert extract(page(right_bold(name))).byline == name


@pytest.mark.parametrize("name", ["QUANG MINH", "NGUYỄN VĂN AN"])
def test_a_bare_name_in_capitals_after_a_sentence_stays_the_byline(name):
    assert extract(page(f"<p>{name}</p>")).byline == name


# ---------------------------------------------------------------- an author label left empty is no credit
EMPTY_FIELDS = ["Tác giả:", "Bút danh:", "Tác giả: Đang cập nhật", "Bút danh: N/A", "Tác giả: ...",
                "Tác giả: Nguồn: Báo Tuyên Quang", "Tác giả: | Nguồn: Báo Tuyên Quang",
                "Tác giả: Ngày đăng: 12/03/2024"]


@pytest.mark.parametrize("field", EMPTY_FIELDS)
def test_an_empty_author_block_is_no_byline(field):
    assert extract(page(meta=f'<div class="author">{field}</div>')).byline is None


@pytest.mark.parametrize("field", EMPTY_FIELDS)
def test_an_empty_author_line_ending_the_body_is_no_byline(field):
    assert extract(page(right_bold(field))).byline is None


def test_an_author_and_a_source_on_one_line_give_the_byline():
    line = "Tác giả: Thu Hà | Nguồn: Báo Tuyên Quang"
    assert extract(page(meta=f'<div class="author">{line}</div>')).byline == "Tác giả: Thu Hà"


def test_an_author_and_a_source_on_one_line_give_the_source():
    line = "Tác giả: Thu Hà | Nguồn: Báo Tuyên Quang"
    assert extract(page(meta=f'<div class="author">{line}</div>')).source == "Nguồn: Báo Tuyên Quang"


def test_a_name_then_a_theo_source_gives_the_name():
    assert extract(page(right_bold("Thu Hà - Theo Báo Tuyên Quang"))).byline == "Thu Hà"


def test_two_credits_on_one_line_stay_the_byline():
    assert extract(page(right_bold("Bài: Minh Anh - Ảnh: Tấn Lập"))).byline == "Bài: Minh Anh - Ảnh: Tấn Lập"


def test_a_credit_and_a_photo_credit_run_together_stay_the_byline():
    assert extract(page(right_bold("Bài: Thu Hà Ảnh: Tấn Lập"))).byline == "Bài: Thu Hà Ảnh: Tấn Lập"


# ---------------------------------------------------------------- credit lines as printed
@pytest.mark.parametrize("line", ["Tin và ảnh: Minh Anh", "Bài, ảnh: Minh Anh", "Bài và ảnh: Minh Anh",
                                  "Thu Hà - Minh Trí", "Nhóm PV", "Thu Hà (TTXVN)",
                                  "Thu Hà (Trung tâm VH-TT huyện Yên Sơn)"])
def test_a_right_aligned_bold_credit_is_the_byline(line):
    assert extract(page(right_bold(line))).byline == line


@pytest.mark.parametrize("markup", ['<p style="text-align:right"><em>Thu Hà - Minh Trí</em></p>',
                                   '<p align="right"><b>Thu Hà - Minh Trí</b></p>',
                                   "<p><strong>Thu Hà - Minh Trí</strong></p>"])
def test_a_right_aligned_or_bold_pair_of_names_is_the_byline(markup):
    assert extract(page(markup)).byline == "Thu Hà - Minh Trí"


PLAIN_CREDITS = ["Tin và ảnh: Minh Anh", "Bài và ảnh: Minh Anh", "Tác giả: Minh Anh", "Người viết: Minh Anh",
                 "Thu Hà - Minh Trí", "Nhóm PV", "Thu Hà (TTXVN)", "Thu Hà (Trung tâm VH-TT huyện Yên Sơn)"]


@pytest.mark.parametrize("line", PLAIN_CREDITS)
def test_a_plain_credit_ending_the_body_is_the_byline(line):
    assert extract(page(f"<p>{line}</p>")).byline == line


@pytest.mark.parametrize("line", PLAIN_CREDITS)
def test_a_plain_credit_ending_the_body_leaves_the_body(line):
    assert extract(page(f"<p>{line}</p>")).body_text.split("\n\n")[-1] == PARAS[-1]


def test_a_plain_credit_before_a_source_line_is_the_byline():
    assert extract(page("<p>Thu Hà - Minh Trí</p><p>Theo Báo Tuyên Quang</p>")).byline == "Thu Hà - Minh Trí"


@pytest.mark.parametrize("line", ["Ảnh: Minh Anh", "Tác giả: bài viết được cập nhật lúc 10 giờ",
                                  "Người viết: 12/03/2024"])
def test_no_credit_ending_the_body_is_no_byline(line):
    assert extract(page(f"<p>{line}</p>")).byline is None


def test_an_affiliation_that_is_a_sentence_is_no_byline():
    assert extract(page("<p>Thu Hà (Hội thi kết thúc. Ban tổ chức trao giải)</p>")).byline is None


# ---------------------------------------------------------------- author fields among the article's details
DETAILS = '<div class="thongtin-them">{}</div>'


@pytest.mark.parametrize("line,byline", [
    ("Tác giả: Thu Hà", "Tác giả: Thu Hà"),
    ("Ngày đăng: 12/03/2024 | Tác giả: Thu Hà | Lượt xem: 120", "Tác giả: Thu Hà"),
    ("<span>Tác giả:</span> <span>Thu Hà</span>", "Tác giả: Thu Hà"),
    ("Bút danh: Hoài Thu", "Bút danh: Hoài Thu"),
    ("Người đăng: Thu Hà", "Người đăng: Thu Hà"),
    ("Đăng bởi: Thu Hà", "Đăng bởi: Thu Hà"),
    ("Viết bởi Thu Hà", "Viết bởi Thu Hà"),
    ("Posted by Thu Hà", "Posted by Thu Hà"),
])
def test_an_author_field_of_the_details_is_the_byline(line, byline):
    assert extract(page(meta=DETAILS.format(line))).byline == byline


@pytest.mark.parametrize("line", ["Người đăng: admin", "Đăng bởi: quantri", "Posted by admin", "Viết bởi Super User",
                                  "Người đăng: thuha88", "Đăng bởi: Quản trị viên", "Tác giả: 12/03/2024",
                                  "Ngày đăng: 12/03/2024 | Người đăng: admin", "Người đăng ký: 120"])
def test_an_account_or_no_name_in_the_details_is_no_byline(line):
    assert extract(page(meta=DETAILS.format(line))).byline is None


def test_the_credit_ending_the_body_comes_before_the_poster():
    html = page(right_bold("Tin, ảnh: Minh Anh"), meta=DETAILS.format("Người đăng: Lan Phương"))
    assert extract(html).byline == "Tin, ảnh: Minh Anh"


def test_the_writer_field_comes_before_the_end_of_the_body():
    html = page(right_bold("Minh Anh"), meta=DETAILS.format("Tác giả: Lan Phương"))
    assert extract(html).byline == "Tác giả: Lan Phương"


def test_an_author_field_in_a_related_box_is_no_byline():
    related = '<div class="related-news"><div>Người đăng: Lan Phương</div></div>'
    assert extract(page(meta=related)).byline is None


def test_an_author_field_and_a_source_give_the_source():
    html = page(meta=DETAILS.format("<span>Tác giả:</span> <span>Thu Hà</span> | <span>Nguồn:</span> Báo Lào Cai"))
    assert extract(html).source == "Nguồn: Báo Lào Cai"


@pytest.mark.parametrize("line,names", [
    ("Viết bởi Thu Hà", ["Thu Hà"]), ("Posted by Thu Hà", ["Thu Hà"]), ("Người đăng: Thu Hà", ["Thu Hà"]),
    ("Thu Hà (Trung tâm VH-TT huyện Yên Sơn)", ["Thu Hà"]), ("Thu Hà - Minh Trí", ["Thu Hà", "Minh Trí"]),
    ("Nhóm PV", []),
])
def test_the_names_of_a_credit(line, names):
    assert split_authors(line) == names


def test_an_author_field_after_the_body_is_the_byline():
    assert extract(page(after=DETAILS.format("Người đăng: Thu Hà"))).byline == "Người đăng: Thu Hà"


def test_an_author_field_in_the_site_footer_is_no_byline():
    html = page().replace('<div class="chan">', '<div class="chan">Người đăng: Thu Hà. ')
    assert extract(html).byline is None


@pytest.mark.parametrize("line", ["Tác giả", "Phóng viên", "Nhóm"])
def test_a_bare_label_ending_the_body_is_no_byline(line):
    assert extract(page(f"<p>{line}</p>")).byline is None


# ---------------------------------------------------------------- a credit in brackets closing the last paragraph
CLOSING = "Nhân dịp này, đoàn đã trao hai mươi suất quà cho các em học sinh có hoàn cảnh khó khăn."


@pytest.mark.parametrize("credit", ["Trần Thị Bình - Văn phòng Sở", "Thu Hà - Minh Trí", "Tin, ảnh: Thu Hà",
                                    "Thu Hà"])
def test_a_credit_in_brackets_closing_the_body_is_the_byline(credit):
    assert extract(page(f"<p>{CLOSING} ({credit})</p>")).byline == credit


def test_a_credit_in_brackets_closing_the_body_leaves_the_body():
    html = page(f"<p>{CLOSING} (Trần Thị Bình - Văn phòng Sở)</p>")
    assert extract(html).body_text.split("\n\n")[-1] == CLOSING


@pytest.mark.parametrize("ending", ["(Theo Báo Lào Cai)", "(ảnh minh họa)", "(xem thêm bài trước)",
                                    "(năm 2023 là 15 suất)", "(Ảnh: Thu Hà)"])
def test_other_brackets_closing_the_body_are_no_byline(ending):
    assert extract(page(f"<p>{CLOSING} {ending}</p>")).byline is None


def test_brackets_inside_a_sentence_are_no_byline():
    line = "Ông Trần Văn An (Chủ tịch UBND xã) phát biểu tại buổi lễ trao quà cho các em học sinh."
    assert extract(page(f"<p>{line}</p>")).byline is None


def test_a_byline_block_holding_only_a_date_is_no_byline():
    assert extract(page(meta='<div class="byline">Ngày 04 tháng 6 năm 2025</div>')).byline is None


# ---------------------------------------------------------------- more forms of the details and the signature
@pytest.mark.parametrize("line,byline", [
    ("Tác giả: Thu Hà - Ngày đăng: 12/03/2024", "Tác giả: Thu Hà"),
    ("Được đăng bởi: Thu Hà", "Được đăng bởi: Thu Hà"),
    ('<i class="icon-user"></i> Tác giả: Thu Hà <i class="icon-eye"></i> 120 lượt xem', "Tác giả: Thu Hà"),
    ("<table><tr><td>Người viết:</td><td>Thu Hà</td></tr></table>", "Người viết: Thu Hà"),
    ("TÁC GIẢ: THU HÀ", "TÁC GIẢ: THU HÀ"),
])
def test_an_author_field_beside_other_details_is_the_byline(line, byline):
    assert extract(page(meta=DETAILS.format(line))).byline == byline


@pytest.mark.parametrize("line", ["Thu Hà - TTXVN", "Tin và ảnh: Thu Hà - Trung tâm VH-TT huyện Yên Sơn",
                                  "Thanh Hương (tổng hợp)"])
def test_a_name_with_an_agency_or_unit_ending_the_body_is_the_byline(line):
    assert extract(page(f"<p>{line}</p>")).byline == line


def test_a_name_and_agency_closing_the_body_is_the_byline():
    assert extract(page(f"<p>{CLOSING} Minh Anh (TTXVN)</p>")).byline == "Minh Anh (TTXVN)"


def test_a_name_and_agency_closing_the_body_leaves_the_body():
    assert extract(page(f"<p>{CLOSING} Minh Anh (TTXVN)</p>")).body_text.split("\n\n")[-1] == CLOSING


def test_a_sentence_ending_in_an_agency_is_no_byline():
    line = "Hội thi được đưa tin trên nhiều báo. Tin được phát lại bởi các đài trong cả nước (TTXVN)"
    assert extract(page(f"<p>{line}</p>")).byline is None


@pytest.mark.parametrize("line", ["Biên soạn: Thu Hà", "Tổng hợp: Thu Hà", "Lược dịch: Thu Hà", "Sưu tầm: Thu Hà"])
def test_a_compiler_credit_ending_the_body_is_the_byline(line):
    assert extract(page(f"<p>{line}</p>")).byline == line


@pytest.mark.parametrize("after", ["<p>Từ khóa: hội thi, văn nghệ</p>", "<p>Lượt xem: 120</p>",
                                   "<p>Xem thêm: Hội thi năm trước</p>"])
def test_a_name_before_a_noise_line_is_the_byline(after):
    assert extract(page(f"<p>Thu Hà</p>{after}")).byline == "Thu Hà"


@pytest.mark.parametrize("line,source", [
    ("Ngày đăng: 12/03/2024 | Nguồn: Báo Tuyên Quang", "Nguồn: Báo Tuyên Quang"),
    ("<span>Nguồn:</span> <span>Báo Tuyên Quang</span>", "Nguồn: Báo Tuyên Quang"),
    ("Cập nhật: 12/03/2024 - Nguồn tin: Sở Y tế", "Nguồn tin: Sở Y tế"),
])
def test_a_source_field_of_the_details_is_the_source(line, source):
    assert extract(page(meta=DETAILS.format(line))).source == source


def test_a_source_field_of_the_details_is_not_the_byline():
    assert extract(page(meta=DETAILS.format("Cập nhật: 12/03/2024 - Nguồn tin: Sở Y tế"))).byline is None


@pytest.mark.parametrize("markup,credit", [("<strong>Thu Hà</strong>", "Thu Hà"),
                                           ("<em><strong>Tin, ảnh: Thu Hà</strong></em>", "Tin, ảnh: Thu Hà"),
                                           ("<b>Thu Hà - Minh Trí</b>", "Thu Hà - Minh Trí")])
def test_a_bold_credit_closing_the_last_paragraph_is_the_byline(markup, credit):
    assert extract(page(f"<p>{CLOSING} {markup}</p>")).byline == credit


def test_a_bold_credit_closing_the_last_paragraph_leaves_the_body():
    assert extract(page(f"<p>{CLOSING} <strong>Thu Hà</strong></p>")).body_text.split("\n\n")[-1] == CLOSING


@pytest.mark.parametrize("markup", ["<strong>Hội thi văn nghệ</strong>", "chị <strong>Thu Hà</strong>",
                                    "<strong>KẾT QUẢ HỘI THI</strong>"])
def test_a_bold_end_of_a_paragraph_that_is_no_credit_is_no_byline(markup):
    assert extract(page(f"<p>{CLOSING} {markup}</p>")).byline is None


# ---------------------------------------------------------------- titles and initials
@pytest.mark.parametrize("name", ["ThS. Nguyễn Văn An", "BS. Trần Thị Bình", "PGS.TS Lê Văn Cường",
                                  "ThS. Nguyễn Văn An - Trường THCS Tân Phú"])
def test_a_titled_name_right_aligned_is_the_byline(name):
    assert extract(page(right_bold(name))).byline == name


@pytest.mark.parametrize("name", ["ThS. Nguyễn Văn An", "P.Y", "N.V.A", "Đ.Hương", "Minh Anh - T.H", "PV Thu Hà",
                                  "Đ/c Nguyễn Văn An"])
def test_a_titled_name_or_initials_ending_the_body_is_the_byline(name):
    assert extract(page(f"<p>{name}</p>")).byline == name


@pytest.mark.parametrize("line", ["TS.", "p.y", "A. Phần mở đầu của kế hoạch"])
def test_a_title_or_lowercase_initials_alone_is_no_byline(line):
    assert extract(page(f"<p>{line}</p>")).byline is None


@pytest.mark.parametrize("line,names", [
    ("ThS. Nguyễn Văn An - Trường THCS Tân Phú", ["Nguyễn Văn An"]),
    ("Trần Thị Bình - Văn phòng Sở", ["Trần Thị Bình"]),
    ("Thu Hà - Trung tâm VH-TT huyện Yên Sơn", ["Thu Hà"]), ("Đ/c Nguyễn Văn An", ["Nguyễn Văn An"]),
    ("Phạm Văn An – Phó Hiệu trưởng Trường THCS Một", ["Phạm Văn An"]), ("By Thu Hà", ["Thu Hà"]),
    ("Tác giả: Trường THCS Tân Phú", []), ("Trường Giang", ["Trường Giang"]),
])
def test_the_names_of_a_credit_leave_titles_units_and_roles_out(line, names):
    assert split_authors(line) == names


# ---------------------------------------------------------------- a source closing the last paragraph
@pytest.mark.parametrize("source", ["(Theo VOV)", "(Nguồn: Báo Tuyên Quang)", "Theo baochinhphu.vn"])
def test_a_source_closing_the_last_paragraph_is_the_source(source):
    assert extract(page(f"<p>{CLOSING} {source}</p>")).source == source


@pytest.mark.parametrize("source", ["(Theo VOV)", "(Nguồn: Báo Tuyên Quang)", "Theo baochinhphu.vn"])
def test_a_source_closing_the_last_paragraph_leaves_the_body(source):
    assert extract(page(f"<p>{CLOSING} {source}</p>")).body_text.split("\n\n")[-1] == CLOSING


def test_a_last_sentence_starting_with_theo_is_no_source():
    assert extract(page(f"<p>{CLOSING} Theo kế hoạch, năm sau sẽ có thêm nhiều suất quà.</p>")).source is None


# ---------------------------------------------------------------- a date printed after the credit
@pytest.mark.parametrize("block", ["Thu Hà - 12/03/2024 10:30", "Thu Hà | 12/03/2024", "Thu Hà, 12/03/2024",
                                   "Thu Hà | Thứ Ba, 12/03/2024", "Thu Hà - 10:30 12/03/2024"])
def test_an_author_block_with_a_date_gives_the_name(block):
    assert extract(page(meta=f'<div class="author">{block}</div>')).byline == "Thu Hà"


def test_a_credit_line_with_a_date_ending_the_body_gives_the_name():
    assert extract(page('<p style="text-align:right"><strong>Thu Hà</strong> - <em>12/03/2024</em></p>')).byline \
        == "Thu Hà"


def test_a_labelled_compiler_in_an_author_block_is_the_byline():
    assert extract(page(meta='<div class="author">Người tổng hợp: Thu Hà</div>')).byline == "Người tổng hợp: Thu Hà"


def test_a_class_number_after_a_name_is_no_date():
    assert clean_byline("Nguyễn An, lớp 9/1") == "Nguyễn An, lớp 9/1"


# ---------------------------------------------------------------- a labelled credit opening the body
def opening(first):
    return page().replace('<div class="khungbai">', f'<div class="khungbai">{first}')


@pytest.mark.parametrize("line", ["Tin, ảnh: Thu Hà", "Tác giả: Thu Hà", "Bài và ảnh: Thu Hà - Minh Trí"])
def test_a_labelled_credit_opening_the_body_is_the_byline(line):
    assert extract(opening(f"<p><strong>{line}</strong></p>")).byline == line


def test_a_labelled_credit_opening_the_body_leaves_the_body():
    assert extract(opening("<p>Tin, ảnh: Thu Hà</p>")).body_text.split("\n\n")[0] == PARAS[0]


@pytest.mark.parametrize("line", ["Thu Hà", "Ảnh: Thu Hà", "Tin: hội thi sẽ diễn ra vào tuần tới"])
def test_an_unlabelled_or_photo_line_opening_the_body_is_no_byline(line):
    assert extract(opening(f"<p>{line}</p>")).byline is None


# ---------------------------------------------------------------- the author's slot: outlets and sources
def slot(name):
    return page(meta=f'<div class="byline"><b class="author" itemprop="author"><a rel="author">'
                     f'<span itemprop="name">{name}</span></a></b></div>')


@pytest.mark.parametrize("name", ["T. HÀ/TTO", "(Chinhphu.vn)", "N. Trinh", "N.Trinh"])
def test_a_name_or_outlet_in_the_author_slot_is_the_byline(name):
    assert extract(slot(name)).byline == name


def test_a_source_in_the_author_slot_is_not_the_byline():
    assert extract(slot("(Theo TTXVN)")).byline is None


def test_a_source_in_the_author_slot_is_the_source():
    assert extract(slot("(Theo TTXVN)")).source == "(Theo TTXVN)"


@pytest.mark.parametrize("line", ["(tổng hợp)", "Hội thi kết thúc. Ban tổ chức trao giải"])
def test_a_note_or_sentences_in_the_author_slot_are_no_byline(line):
    assert extract(slot(line)).byline is None


def test_a_source_block_holding_a_rating_on_a_line_of_its_own_gives_the_source_line_alone():
    from crawler.extract.article import extract_article

    body = "".join(f"<p>Đoạn văn số {n} của bài viết, kể về kỳ thi tuyển công chức năm nay tại thủ đô.</p>"
                   for n in range(6))
    html = (f"<html><head><title>Tin</title></head><body><div class='detail'><h1>Lò luyện thi công chức</h1>"
            f"<div class='content'>{body}</div><div class='nguontin'>Theo Sầm Hoa (Vietnamnet/Reuters)<div "
            f"itemprop='aggregateRating'><span>(6816 bình chọn, 9/10 điểm)</span></div></div></div></body></html>")
    assert extract_article(html, "http://bao.example.vn/tin/lo-luyen-thi.html").source == \
        "Theo Sầm Hoa (Vietnamnet/Reuters)"
