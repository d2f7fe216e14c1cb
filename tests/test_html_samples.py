"""The two real pages in examples/: title, lead, captions, body ends, date, no furniture."""

from __future__ import annotations

from pathlib import Path

import pytest

from audionews.html import parse_html
from audionews.model import Article, SegmentKind

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def load(name: str) -> Article:
    return parse_html((EXAMPLES / name).read_bytes())


def texts(article: Article, kind: SegmentKind) -> list[str]:
    return [s.text for s in article.of_kind(kind)]


@pytest.fixture(scope="module")
def tuoitre() -> Article:
    return load("tuoitre-2015-thanh-tra-chat-cay-xanh.html")


@pytest.fixture(scope="module")
def dantri() -> Article:
    return load("dantri-2025-roi-xuong-vuc-thai-son.html")


def test_tuoitre_title_date_author(tuoitre: Article) -> None:
    assert tuoitre.title == "Thanh tra vụ chặt cây xanh Hà Nội trong 30 ngày"
    assert tuoitre.segments[0].kind == SegmentKind.TITLE
    assert tuoitre.published == "2015-03-23T08:06:00"
    assert tuoitre.author == "Xuân Long"


def test_tuoitre_lead_loses_agency_tag(tuoitre: Article) -> None:
    assert texts(tuoitre, SegmentKind.LEAD) == [
        "Trao đổi với Tuổi Trẻ, ông Hoàng Nam Sơn, phó giám đốc Sở Xây dựng Hà Nội nói "
        '"chúng tôi sẽ kiểm điểm nghiêm túc".'
    ]


def test_tuoitre_table_caption(tuoitre: Article) -> None:
    assert texts(tuoitre, SegmentKind.CAPTION) == [
        "Chủ tịch UBND TP giao chánh thanh tra TP chủ trì thanh tra vụ chặt cây xanh - Ảnh: V.D"
    ]
    # the caption sits where the photo is: after the lead, before the first paragraph
    kinds = [s.kind for s in tuoitre.segments[:4]]
    assert kinds == [SegmentKind.TITLE, SegmentKind.LEAD, SegmentKind.CAPTION, SegmentKind.BODY]


def test_tuoitre_body(tuoitre: Article) -> None:
    body = texts(tuoitre, SegmentKind.BODY)
    assert len(body) == 10
    assert body[0].startswith("Ngày 22-3, Chủ tịch UBND TP Hà Nội Nguyễn Thế Thảo")
    assert body[-1].endswith("Chậm nhất trong 30 ngày phải báo cáo kết quả cho UBND TP.")
    assert not tuoitre.of_kind(SegmentKind.HEADING)


def test_tuoitre_no_furniture(tuoitre: Article) -> None:
    spoken = " ".join(s.text for s in tuoitre.segments)
    for furniture in ("Tin liên quan", "XUÂN LONG", "Đình chỉ hàng loạt", "Bình Luận",
                      "Từ khóa", "Vui lòng", "23/03/2015", "\u200b"):  # fmt: skip
        assert furniture not in spoken


def test_dantri_title_date_author_image(dantri: Article) -> None:
    assert dantri.title == (
        "Rơi xuống vực vì đi tắt, cô gái thoát chết nhờ chàng trai giữ chặt chân"
    )
    assert dantri.published == "2025-05-09T11:02:00"
    assert dantri.author == "Ái Vy"
    assert dantri.image_url == (
        "https://cdnphoto.dantri.com.vn/Vc8OP68hwGoutjG01OWOuPhcda4=/thumb_w/1020/2025/05/09/"
        "leo-nui-thai-son-1-crop-1746760803411.jpeg"
    )


def test_dantri_lead(dantri: Article) -> None:
    (lead,) = texts(dantri, SegmentKind.LEAD)
    assert lead.startswith("Thay vì chờ đợi trong dòng người đông nghẹt")
    assert lead.endswith("suýt gặp tai nạn chết người.")


def test_dantri_three_captions_including_the_video(dantri: Article) -> None:
    assert texts(dantri, SegmentKind.CAPTION) == [
        "Suýt chết vì đi tắt: Cặp đôi ngã khi trèo vách đá ở Thái Sơn (Video: CGTN).",
        "Chàng trai kịp giữ chặt lấy đôi chân của cô gái (Ảnh: Chụp màn hình).",
        'Núi Thái Sơn được mệnh danh là "đỉnh núi của các vị thần" (Ảnh: Globalgeopark.org).',
    ]


def test_dantri_body_and_source(dantri: Article) -> None:
    body = texts(dantri, SegmentKind.BODY)
    assert len(body) == 12
    assert body[0].startswith("Trong kỳ nghỉ lễ đầu tháng 5, núi Thái Sơn")
    assert body[-1].startswith("Theo số liệu thống kê, chỉ trong 4 ngày đầu kỳ nghỉ lễ 1/5")
    assert body[-1].endswith("áp lực vẫn rất lớn trong những dịp cao điểm.")
    assert texts(dantri, SegmentKind.SOURCE) == ["Theo South China Morning Post"]
    assert dantri.segments[-1].kind == SegmentKind.SOURCE
    assert dantri.source_name == "South China Morning Post"


def test_dantri_no_furniture(dantri: Article) -> None:
    spoken = " ".join(s.text for s in dantri.segments)
    for furniture in ("Trung Quốc:", "Giọng Nam miền Bắc", "Tin liên quan", "Nở rộ dịch vụ",
                      "Hai nhà leo núi", "Advertisement", "Trình phát Video"):  # fmt: skip
        assert furniture not in spoken
    assert [s.kind for s in dantri.segments].count(SegmentKind.TITLE) == 1
