"""Degraded plain text: merged captions, alt text, widget remnants, glued related news."""

from __future__ import annotations

from pathlib import Path

import pytest

from audionews.degraded import (
    is_alt_text,
    is_related_headline,
    is_widget_remnant,
    split_merged_captions,
)
from audionews.model import SegmentKind
from audionews.parse import parse_article

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def test_caption_merged_into_flattened_text_is_split_at_the_credit() -> None:
    paragraph = (
        "Trận đấu diễn ra trên sân Saitama. Các cầu thủ Nhật Bản ăn mừng bàn thắng trong "
        "trận đấu tối 7/4/2025. Ảnh: Gekisaka Việt Nam hiếm khi giành điểm trước Nhật Bản "
        "trong lịch sử đối đầu."
    )
    assert split_merged_captions(paragraph) == [
        "Trận đấu diễn ra trên sân Saitama.",
        "Các cầu thủ Nhật Bản ăn mừng bàn thắng trong trận đấu tối 7/4/2025. Ảnh: Gekisaka",
        "Việt Nam hiếm khi giành điểm trước Nhật Bản trong lịch sử đối đầu.",
    ]


@pytest.mark.parametrize(
    ("paragraph", "caption", "after"),
    [
        (
            "Hội nghị kéo dài một ngày. Đại biểu dự hội nghị. Ảnh: Quang Hòa Ông Nguyễn Văn An "
            "cho biết tỉnh sẽ tổ chức thêm hai lớp.",
            "Đại biểu dự hội nghị. Ảnh: Quang Hòa",
            "Ông Nguyễn Văn An cho biết tỉnh sẽ tổ chức thêm hai lớp.",
        ),
        (
            "Hội nghị kéo dài một ngày. Học viên trao đổi kinh nghiệm. Ảnh: Quang Hòa Đại biểu "
            "các huyện đều đánh giá cao nội dung.",
            "Học viên trao đổi kinh nghiệm. Ảnh: Quang Hòa",
            "Đại biểu các huyện đều đánh giá cao nội dung.",
        ),
        (
            "Sáng nay trời mưa lớn. Người dân xếp hàng chờ qua phà (Ảnh: TTXVN). Sau đó, lực "
            "lượng chức năng đã phân luồng.",
            "Người dân xếp hàng chờ qua phà (Ảnh: TTXVN).",
            "Sau đó, lực lượng chức năng đã phân luồng.",
        ),
    ],
)
def test_credit_end_is_found(paragraph: str, caption: str, after: str) -> None:
    pieces = split_merged_captions(paragraph)
    assert pieces[1:] == [caption, after]


def test_credit_first_caption_in_flattened_text() -> None:
    paragraph = (
        "Sở đề nghị các cơ quan phối hợp để làm rõ. Ảnh: Sở Tư pháp TP.HCM cung cấp Hình thức "
        "nhận dạng các văn bản công chứng giả. Liên quan đến sự việc trên, công an đã vào cuộc."
    )
    assert split_merged_captions(paragraph) == [
        "Sở đề nghị các cơ quan phối hợp để làm rõ.",
        "Ảnh: Sở Tư pháp TP.HCM cung cấp Hình thức nhận dạng các văn bản công chứng giả.",
        "Liên quan đến sự việc trên, công an đã vào cuộc.",
    ]


@pytest.mark.parametrize(
    "paragraph",
    [
        "Các đại biểu dự tập huấn. Ảnh: Quang Hòa.",
        "Chàng trai kịp giữ chặt lấy đôi chân của cô gái (Ảnh: Chụp màn hình).",
        "Ảnh: Sở Tư pháp TP.HCM cung cấp Hình thức nhận dạng các văn bản giả của VPCC Q.12",
        "Ông Thảo cho biết: Ảnh hưởng của bão rất lớn, nhiều nhà bị tốc mái.",
        "Áp thấp nhiệt đới khả năng mạnh lên thành bão số 4. Ảnh minh họa: Quang Thành",
    ],
)
def test_ordinary_captions_and_prose_stay_whole(paragraph: str) -> None:
    assert split_merged_captions(paragraph) == [paragraph]


def test_flattened_article_parses_into_body_and_captions() -> None:
    text = (
        "Việt Nam thua Nhật Bản ở vòng loại\n\n"
        "Đội tuyển Việt Nam thua 0-3 trên sân Saitama. Các cầu thủ Nhật Bản ăn mừng bàn "
        "thắng tối 7/4/2025. Ảnh: Gekisaka Việt Nam hiếm khi giành điểm trước Nhật Bản. "
        "Huấn luyện viên trưởng nhận trách nhiệm. Ông Kim trả lời báo chí sau trận (Ảnh: VFF). "
        "Đội sẽ về nước vào sáng mai.\n"
    )
    article = parse_article(text)
    assert [s.text for s in article.of_kind(SegmentKind.CAPTION)] == [
        "Các cầu thủ Nhật Bản ăn mừng bàn thắng tối 7/4/2025. Ảnh: Gekisaka",
        "Ông Kim trả lời báo chí sau trận (Ảnh: VFF).",
    ]
    assert [s.text for s in article.of_kind(SegmentKind.BODY)] == [
        "Đội tuyển Việt Nam thua 0-3 trên sân Saitama.",
        "Việt Nam hiếm khi giành điểm trước Nhật Bản. Huấn luyện viên trưởng nhận trách nhiệm.",
        "Đội sẽ về nước vào sáng mai.",
    ]


def test_alt_text_and_widget_lines_are_dropped() -> None:
    assert is_alt_text("Nghi Tet hoc sinh TP.HCM hinh anh 1")
    assert not is_alt_text("Học sinh xem hình ảnh 1 của triển lãm")
    for widget in ("A A", "A- A+", "A A A", "-A +A"):
        assert is_widget_remnant(widget)
    assert not is_widget_remnant("A Lưới")
    text = (
        "Học sinh nghỉ Tết 11 ngày\n\nA A\n\n"
        "Sở Giáo dục chốt lịch nghỉ Tết cho học sinh.\n\n"
        "hoc sinh nghi Tet hinh anh 1\n\n"
        "Học sinh trở lại trường ngày 5/2.\n"
    )
    article = parse_article(text)
    assert [s.text for s in article.segments[1:]] == [
        "Sở Giáo dục chốt lịch nghỉ Tết cho học sinh.",
        "Học sinh trở lại trường ngày 5/2.",
    ]


def test_related_headline_glued_to_summary() -> None:
    assert is_related_headline(
        "Giá xăng giảm lần thứ ba liên tiếp trong tháng Giá xăng giảm lần thứ ba liên tiếp "
        "sau khi giá dầu thế giới hạ nhiệt, theo liên bộ Công Thương - Tài chính."
    )
    # Vietnamese prose capitalises institutions mid-sentence; that is no glued headline
    assert not is_related_headline(
        "Ban Tuyên giáo Tỉnh uỷ tổ chức Hội nghị tập huấn công tác bảo vệ nền tảng tư tưởng "
        "của Đảng. Hội nghị tập huấn diễn ra trong một ngày."
    )
    assert not is_related_headline(
        "Trong chuyến thăm lần này Thủ tướng đã gặp gỡ cộng đồng người Việt tại Nhật Bản."
    )


def test_zing_sample_loses_its_two_related_boxes() -> None:
    text = (EXAMPLES / "zingnews-2017-tieq-viet-pgs-ts.txt").read_text(encoding="utf-8")
    article = parse_article(text)
    spoken = "\n".join(s.text for s in article.segments)
    assert "đến chuyện tiếp nhận ý tưởng mới" not in spoken
    assert "Chữ cải tiến sẽ tiết kiệm 8% giấy" not in spoken
    assert len(article.of_kind(SegmentKind.BODY)) == 12
    assert len(article.of_kind(SegmentKind.CAPTION)) == 2


def test_baotuyenquang_counts_unchanged() -> None:
    text = (EXAMPLES / "baotuyenquang-tap-huan-2024.txt").read_text(encoding="utf-8")
    article = parse_article(text)
    counts = {kind: len(article.of_kind(kind)) for kind in SegmentKind}
    assert counts[SegmentKind.TITLE] == 1
    assert counts[SegmentKind.BODY] == 8
    assert counts[SegmentKind.CAPTION] == 4
    assert counts[SegmentKind.SOURCE] == 1


def test_caption_glued_to_the_end_of_a_long_paragraph() -> None:
    body = (
        "Cơn bão đổ bộ vào đất liền lúc 3 giờ sáng, gây mưa lớn trên diện rộng ở các tỉnh "
        "ven biển. Hàng nghìn ngôi nhà bị tốc mái, nhiều tuyến đường bị ngập sâu và chia cắt. "
        "Lực lượng cứu hộ đã sơ tán hơn 20.000 người dân đến nơi an toàn trước khi bão vào."
    )
    caption = "Người dân gia cố nhà cửa trước bão. Ảnh: Ngọc Tú"
    assert split_merged_captions(f"{body} {caption}") == [body, caption]
    bracketed = "Xe cứu hộ tiếp cận vùng ngập (Ảnh: TTXVN)."
    assert split_merged_captions(f"{body} {bracketed}") == [body, bracketed]
    # a two-sentence caption stays whole
    short = "Hiện trường vụ tai nạn. Chiếc xe bị biến dạng hoàn toàn. Ảnh: Minh Khang"
    assert split_merged_captions(short) == [short]
