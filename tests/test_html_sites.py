"""Pages written in the markup of other Vietnamese news sites (tests/fixtures/pages)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import ftfy.bad_codecs  # noqa: F401  (registers "sloppy-windows-1252")
import pytest

from audionews.errors import InputError
from audionews.html import iso_datetime, looks_like_html, parse_html, read_html_article
from audionews.model import Article, SegmentKind

from .legacy_encoding import encode_cp1258

PAGES = Path(__file__).resolve().parent / "fixtures" / "pages"
# Texts of page furniture present in every fixture page that must never be spoken.
FURNITURE = (
    "Tin liên quan", "TIN LIÊN QUAN", "Bình luận", "Chia sẻ", "Quảng cáo", "Xem nhiều",
    "Cơ quan chủ quản", "Đọc thêm", "Tags", "Copy link", "Trang chủ", "A A", "In bài",
)  # fmt: skip


@dataclass
class Expected:
    title: str
    lead: str
    captions: list[str]
    first_body: str
    last_body: str
    published: str
    author: str
    headings: list[str] = field(default_factory=list)
    image_url: str | None = None
    source: str | None = None
    # related headlines and comments on that page
    absent: tuple[str, ...] = ()


EXPECTED = {
    "vnexpress.html": Expected(
        title="Hà Nội mở thêm 12 tuyến buýt điện từ tháng 7",
        lead="Sở Giao thông Vận tải Hà Nội cho biết từ ngày 1/7",
        captions=[
            "Xe buýt điện đón khách tại bến xe Mỹ Đình sáng 19/6. Ảnh: Ngọc Thành",
            "Trạm sạc dành cho xe buýt điện ở Gia Lâm. Ảnh: Giang Huy",
        ],
        first_body="Theo kế hoạch, 12 tuyến mới",
        last_body="Người dân có thể tra cứu lộ trình",
        published="2024-06-20T08:30:00+07:00",
        author="Võ Hải",
        headings=["Giá vé không đổi"],
        image_url="https://i1-vnexpress.vnecdn.net/2024/06/20/bus-dien-1.jpg",
        absent=("Giá vé buýt điện được giữ nguyên", "rất đáng khen", "Giá xăng giảm"),
    ),
    "vnexpress-lazy.html": Expected(
        title="Bệnh viện tuyến tỉnh được trang bị thêm máy chạy thận",
        lead="Bộ Y tế phân bổ 120 máy chạy thận nhân tạo",
        captions=["Bệnh nhân chạy thận tại Bệnh viện đa khoa tỉnh. Ảnh: Thu Anh"],
        first_body="Theo Bộ Y tế, số bệnh nhân suy thận mạn",
        last_body="Các bệnh viện nhận máy sẽ mở thêm ca chạy thận",
        published="2026-03-02T06:15:00+07:00",
        author="Thu Anh",
        image_url="https://i1-vnexpress.vnecdn.net/2026/03/02/anh-dai-dien.jpg",
        absent=("Banner giữa", "Quảng cáo giữa bài", "chạy thận miễn phí", "Dinh dưỡng"),
    ),
    "thanhnien.html": Expected(
        title="Đà Nẵng khởi công cầu vượt nút giao Hòa Cầm",
        lead="Sáng 12.3, UBND TP.Đà Nẵng tổ chức khởi công",
        captions=[
            "Phối cảnh cầu vượt nút giao Hòa Cầm ẢNH: BQL DỰ ÁN",
            "Hiện trường nút giao Hòa Cầm sáng 12.3 - Ảnh: Hoàng Sơn",
        ],
        first_body="Dự án gồm một cầu vượt dài 420 m",
        last_body="Chủ tịch UBND TP.Đà Nẵng yêu cầu nhà thầu",
        published="2024-03-12T10:15:00+07:00",
        author="Hoàng Sơn",
        headings=["Phân luồng trong thời gian thi công"],
        absent=("Đà Nẵng thông xe hầm chui", "Cầu Rồng", "rất cần thiết", "12/03/2024"),
    ),
    "tuoitre-2024.html": Expected(
        title="Sân bay Long Thành hoàn thành nhà ga hành khách vào cuối năm 2025",
        lead="Tổng công ty Cảng hàng không Việt Nam cho biết",
        captions=["Công nhân thi công phần mái nhà ga hành khách - Ảnh: ĐỨC PHÚ"],
        first_body="Nhà ga có diện tích sàn khoảng 373.000 m2",
        last_body="Bộ Giao thông Vận tải yêu cầu các nhà thầu",
        published="2024-11-18T09:00:00+07:00",
        author="Đức Phú",
        absent=("Đường kết nối sân bay", "Mong sớm bay", "GMT+7"),
    ),
    "vietnamnet.html": Expected(
        title="Giá lúa tăng mạnh, nông dân miền Tây phấn khởi",
        lead="Giá lúa tươi tại nhiều tỉnh Đồng bằng sông Cửu Long",
        captions=["Nông dân huyện Cờ Đỏ thu hoạch lúa hè thu. Ảnh: Văn Hải"],
        first_body="Tại Cần Thơ, lúa OM 18",
        last_body="Các doanh nghiệp dự báo nhu cầu nhập khẩu gạo",
        published="2024-08-05T06:00:00+07:00",
        author="Văn Hải",
        headings=["Xuất khẩu thuận lợi"],
        image_url="https://static-images.vnncdn.net/files/2024/08/05/lua-1.jpg",
        absent=("Xuất khẩu gạo đạt kỷ lục", "Mong giá lúa", "giá lúa xuất khẩu gạo"),
    ),
    "znews.html": Expected(
        title="Học sinh TP.HCM nghỉ Tết Nguyên đán 2025 trong 11 ngày",
        lead="Sở Giáo dục và Đào tạo TP.HCM chốt lịch nghỉ Tết",
        captions=["Học sinh một trường tiểu học ở quận 1 trong giờ ra chơi. Ảnh: Quỳnh Danh."],
        first_body="Theo văn bản vừa ban hành",
        last_body="Năm học 2024-2025, TP.HCM có hơn 1,7 triệu học sinh",
        published="2024-12-10T14:20:00+07:00",
        author="Minh Anh",
        absent=("Giáo viên được thưởng Tết", "phụ huynh vất vả", "hinh anh"),
    ),
    "laodong.html": Expected(
        title="Công nhân được hỗ trợ vé xe về quê đón Tết",
        lead="Liên đoàn Lao động tỉnh Bình Dương tổ chức 50 chuyến xe",
        captions=["Công nhân nhận vé xe miễn phí tại nhà văn hóa lao động."],
        first_body="Các chuyến xe khởi hành từ ngày 24",
        last_body="Đối tượng được ưu tiên là công nhân",
        published="2025-01-15T07:45:00",
        author="Nam Dương",
        absent=(
            "Thưởng Tết công nhân năm nay",
            "Doanh nghiệp thưởng Tết bằng vàng",
            "Chuyến xe nghĩa tình",
        ),
    ),
    "nld.html": Expected(
        title="Mưa lớn gây ngập sâu nhiều tuyến đường ở TP Thủ Đức",
        lead="Cơn mưa lớn kéo dài gần hai giờ chiều 2-10",
        captions=[
            "Người dân dắt xe qua đoạn ngập trên đường Kha Vạn Cân",
            "Nước ngập sâu trước chợ Thủ Đức lúc 17 giờ",
        ],
        first_body="Khoảng 15 giờ, mưa bắt đầu nặng hạt",
        last_body="Cơ quan khí tượng dự báo trong những ngày tới",
        published="2024-10-02T17:40:00+07:00",
        author="Ngọc Quý",
        absent=("NGỌC QUÝ", "Triều cường đạt đỉnh", "(NLĐ)"),
    ),
    "baomoi.html": Expected(
        title="Quảng Ninh đón hơn 2 triệu lượt khách dịp nghỉ lễ",
        lead="Trong bốn ngày nghỉ lễ Quốc khánh",
        captions=["Du khách tham quan vịnh Hạ Long ngày 2/9."],
        first_body="Vịnh Hạ Long, Yên Tử và các bãi biển",
        last_body="Tỉnh đặt mục tiêu năm 2024 đón 19 triệu lượt khách",
        published="2024-09-03T20:05:00+07:00",
        author="Thu Hằng",
        source="Theo Báo Quảng Ninh",
        absent=("Hạ Long mở tuyến du lịch đêm", "Cùng chủ đề"),
    ),
}


@pytest.fixture(scope="module", params=sorted(EXPECTED))
def page(request: pytest.FixtureRequest) -> tuple[Article, Expected]:
    return parse_html((PAGES / request.param).read_bytes()), EXPECTED[request.param]


def test_title_and_single_title_segment(page: tuple[Article, Expected]) -> None:
    article, expected = page
    assert article.title == expected.title
    assert [s.kind for s in article.segments].count(SegmentKind.TITLE) == 1


def test_lead_is_one_lead_segment_right_after_title(page: tuple[Article, Expected]) -> None:
    article, expected = page
    assert article.segments[1].kind == SegmentKind.LEAD
    assert article.segments[1].text.startswith(expected.lead)
    assert len(article.of_kind(SegmentKind.LEAD)) == 1


def test_captions(page: tuple[Article, Expected]) -> None:
    article, expected = page
    assert [s.text for s in article.of_kind(SegmentKind.CAPTION)] == expected.captions


def test_body_ends_and_headings(page: tuple[Article, Expected]) -> None:
    article, expected = page
    body = [s.text for s in article.of_kind(SegmentKind.BODY)]
    assert body[0].startswith(expected.first_body)
    assert body[-1].startswith(expected.last_body)
    assert [s.text for s in article.of_kind(SegmentKind.HEADING)] == expected.headings


def test_metadata(page: tuple[Article, Expected]) -> None:
    article, expected = page
    assert article.published == expected.published
    assert article.author == expected.author
    if expected.image_url:
        assert article.image_url == expected.image_url
    assert [s.text for s in article.of_kind(SegmentKind.SOURCE)] == (
        [expected.source] if expected.source else []
    )


def test_no_furniture(page: tuple[Article, Expected]) -> None:
    article, expected = page
    spoken = "\n".join(s.text for s in article.segments[1:])
    for text in (*FURNITURE, *expected.absent):
        assert text not in spoken


def test_relative_image_resolved_against_page_url() -> None:
    html = (PAGES / "laodong.html").read_bytes()
    assert parse_html(html).image_url is None  # a relative link alone is no usable art
    article = parse_html(html, url="https://laodong.vn/cong-doan/ho-tro-ve-xe-123.ldo")
    assert article.image_url == "https://laodong.vn/images/2025/01/15/cong-nhan.jpg"
    assert article.url == "https://laodong.vn/cong-doan/ho-tro-ve-xe-123.ldo"


def test_canonical_url_when_no_url_given() -> None:
    article = parse_html((PAGES / "thanhnien.html").read_bytes())
    assert article.url == (
        "https://thanhnien.vn/da-nang-khoi-cong-cau-vuot-nut-giao-hoa-cam-185240312101500123.htm"
    )


def test_italic_line_under_image_without_credit_is_caption() -> None:
    paragraphs = "".join(
        f"<p>Đoạn văn số {i} kể lại diễn biến của sự việc với đầy đủ chi tiết cần thiết.</p>"
        for i in range(1, 5)
    )
    html = (
        "<html><head><title>Tin thử</title></head><body><article><h1>Lũ về nhanh ở miền núi</h1>"
        f"{paragraphs}<p><img src='https://x.vn/a.jpg'></p><p><i>Nước lũ tràn qua cầu tràn</i></p>"
        f"{paragraphs.replace('số', 'tiếp theo số')}</article></body></html>"
    )
    article = parse_html(html)
    assert [s.text for s in article.of_kind(SegmentKind.CAPTION)] == ["Nước lũ tràn qua cầu tràn"]
    assert len(article.of_kind(SegmentKind.BODY)) == 8


def test_page_charset_from_meta_is_used_for_bytes() -> None:
    html = (
        '<html><head><meta charset="windows-1258"><title>x</title></head><body><article>'
        "<h1>Giá vàng tăng mạnh trong phiên sáng nay</h1>"
        + "<p>Giá vàng miếng trong nước tăng thêm một triệu đồng mỗi lượng so với hôm qua.</p>" * 3
        + "</article></body></html>"
    )
    data = encode_cp1258(html)
    assert b"\xec" in data  # a combining acute: the bytes are not UTF-8
    article = parse_html(data)
    assert article.title == "Giá vàng tăng mạnh trong phiên sáng nay"
    assert article.of_kind(SegmentKind.BODY)[0].text.startswith("Giá vàng miếng trong nước")


@pytest.mark.parametrize(
    ("value", "iso"),
    [
        ("2025-05-09 11:02", "2025-05-09T11:02:00"),
        ("2024-06-20T08:30:00Z", "2024-06-20T08:30:00+00:00"),
        ("23/03/2015 08:06 GMT+7", "2015-03-23T08:06:00"),
        ("Thứ sáu, 09/05/2025 - 11:02", "2025-05-09T11:02:00"),
        ("Thứ năm, 20/6/2024, 08:30 (GMT+7)", "2024-06-20T08:30:00"),
        ("2024-09-03", "2024-09-03"),
        ("Cập nhật lúc nào đó", None),
        ("45/13/2024", None),
    ],
)
def test_iso_datetime(value: str, iso: str | None) -> None:
    assert iso_datetime(value) == iso


def test_looks_like_html() -> None:
    assert looks_like_html((PAGES / "nld.html").read_text(encoding="utf-8"))
    assert looks_like_html(
        (
            Path(__file__).parents[1] / "examples" / "dantri-2025-roi-xuong-vuc-thai-son.html"
        ).read_text("utf-8")
    )
    plain = Path(__file__).parents[1] / "examples" / "baotuyenquang-tap-huan-2024.txt"
    assert not looks_like_html(plain.read_text(encoding="utf-8"))
    assert not looks_like_html(
        "Giá xăng <giảm> mạnh\n\nTheo số liệu, giá giảm 3% so với tuần trước."
    )


def test_related_list_inside_the_article_box_is_skipped_not_the_rest() -> None:
    paragraph = (
        "<p>Đoạn {n}: nhà chức trách cho biết công việc khắc phục hậu quả sau bão đang được "
        "triển khai khẩn trương tại tất cả các xã trong huyện.</p>"
    )
    html = (
        "<html><body><div class='content'><h1>Khắc phục hậu quả bão ở miền Trung</h1>"
        + "".join(paragraph.format(n=n) for n in (1, 2, 3))
        + "<p><strong>Tin liên quan</strong></p><ul><li><a href='/a'>Bão số 4 suy yếu</a></li>"
        "<li><a href='/b'>Mưa lớn kéo dài ở Quảng Trị</a></li></ul>"
        + "".join(paragraph.format(n=n) for n in (4, 5))
        + "</div></body></html>"
    )
    article = parse_html(html)
    body = [s.text for s in article.of_kind(SegmentKind.BODY)]
    assert [b.split(":")[0] for b in body] == ["Đoạn 1", "Đoạn 2", "Đoạn 3", "Đoạn 4", "Đoạn 5"]
    spoken = " ".join(s.text for s in article.segments)
    assert "Bão số 4 suy yếu" not in spoken and "Tin liên quan" not in spoken


def test_mojibake_in_a_page_is_repaired_and_reported() -> None:
    page = (PAGES / "nld.html").read_text(encoding="utf-8")
    damaged = page.encode("utf-8").decode("sloppy-windows-1252")
    article, warnings = read_html_article(damaged)
    assert article.title == "Mưa lớn gây ngập sâu nhiều tuyến đường ở TP Thủ Đức"
    assert article.segments[1:] == parse_html(page).segments[1:]
    assert any("repaired mojibake" in w for w in warnings)
    assert read_html_article(page)[1] == []


def test_author_box_holding_the_source_line_is_not_the_author() -> None:
    html = (PAGES / "baomoi.html").read_text(encoding="utf-8")
    without_ld = html.split("<script")[0] + html.split("</script>")[1]
    article = parse_html(without_ld)
    assert article.author != "Theo Báo Quảng Ninh"
    assert article.source_name == "Báo Quảng Ninh"


@pytest.mark.parametrize(
    ("html", "message"),
    [
        ("   ", "is empty"),
        ("<html><body><div></div></body></html>", "no headline"),
        (
            "<html><head><title>Chỉ có tiêu đề thôi - Báo X</title></head><body></body></html>",
            "no article text",
        ),
    ],
)
def test_pages_without_an_article_are_refused(html: str, message: str) -> None:
    with pytest.raises(InputError, match=message):
        parse_html(html)


def test_headline_from_title_tag_loses_the_site_suffix() -> None:
    body = "".join(
        f"<p>Đoạn {n} của bài viết có đủ chữ để được xem là nội dung chính của trang.</p>"
        for n in range(1, 5)
    )
    head = "<head><title>Giá điện tăng từ hôm nay - Báo X</title></head>"
    html = f"<html>{head}<body>{body}</body></html>"
    assert parse_html(html).title == "Giá điện tăng từ hôm nay"


def test_credit_only_caption_is_dropped_and_prose_dates_are_not_the_date() -> None:
    """cafef style: a PhotoCMS caption that is only ". Ảnh minh họa", no date markup."""
    paragraphs = [
        f"<p>Trong tháng 9/2017, lượng khách quốc tế đạt {n}00.000 lượt, tăng so với cùng kỳ.</p>"
        for n in range(1, 6)
    ]
    html = (
        "<html><body><h1 class='title'>Khách quốc tế đến Việt Nam tăng mạnh</h1>"
        "<h2 class='sapo'>Theo Tổng cục Thống kê, 9 tháng năm 2017 có hơn 9,4 triệu lượt khách "
        "quốc tế đến Việt Nam.</h2><div class='detail-content'>"
        f"{paragraphs[0]}<div class='VCSortableInPreviewMode'><div><img src='a.jpg'></div>"
        "<div class='PhotoCMS_Caption'><p>. Ảnh minh họa</p></div></div>"
        f"{''.join(paragraphs[1:])}</div></body></html>"
    )
    article = parse_html(html)
    assert len(article.of_kind(SegmentKind.BODY)) == 5
    assert article.of_kind(SegmentKind.CAPTION) == ()
    assert "Ảnh minh họa" not in " ".join(s.text for s in article.segments)
    assert article.published is None


def test_old_cms_page_of_text_and_line_breaks() -> None:
    """One <div> of text and <br><br>: bold lead, italic caption and signature survive."""
    article = parse_html((PAGES / "old-cms-br.html").read_bytes())
    assert article.title == "Xã vùng cao có điện lưới quốc gia"
    assert not article.of_kind(SegmentKind.LEAD)  # no sapo marked: the lead stays BODY
    body = [s.text for s in article.of_kind(SegmentKind.BODY)]
    assert body[0].startswith("Sau nhiều năm chờ đợi, 300 hộ dân xã vùng cao")
    assert body[-1].startswith("Dự kiến đến cuối năm, toàn huyện")
    assert len(body) == 4
    assert [s.text for s in article.of_kind(SegmentKind.CAPTION)] == [
        "Công nhân kéo dây điện qua đèo"
    ]
    assert article.author == "Minh Hải"
    assert "Bản quyền" not in " ".join(s.text for s in article.segments)
