"""The plain-text parser on real articles and on the patterns sites use."""

from __future__ import annotations

from collections import Counter

import pytest

from audionews import InputError, SegmentKind, parse_article
from audionews.ingest import load_article
from audionews.parse import is_caption, is_source_line, split_paragraphs
from audionews.textclean import clean_text, decode_bytes

from .conftest import EXAMPLES, MAIN_SAMPLE


def kinds(article):
    return Counter(str(s.kind) for s in article.segments)


def test_main_sample_exact_segments():
    article = parse_article(MAIN_SAMPLE.read_text(encoding="utf-8"))
    assert kinds(article) == {"title": 1, "body": 8, "caption": 4, "source": 1}
    assert article.title == (
        "Hơn 1.600 đại biểu tham gia tập huấn công tác bảo vệ nền tảng tư tưởng của Đảng"
    )
    texts = [s.text for s in article.segments]
    assert texts[1].startswith("Ngày 7-3, Ban Tuyên giáo Tỉnh uỷ tổ chức Hội nghị")
    captions = [s.text for s in article.of_kind(SegmentKind.CAPTION)]
    assert captions[0] == "Các đại biểu dự tập huấn. Ảnh: Quang Hòa."
    assert captions[3] == "Các học viên tham gia buổi tập huấn. Ảnh: Quang Hòa."
    assert captions[2].startswith("TS. Lê Thị Chiên, Giảng viên chính")
    assert [s.text for s in article.of_kind(SegmentKind.SOURCE)] == ["Theo Báo Tuyên Quang"]
    assert article.segments[-1].kind == SegmentKind.SOURCE  # "Tin cùng chuyên mục" dropped
    # The caption follows the paragraph it illustrates.
    order = [str(s.kind) for s in article.segments]
    assert order[:5] == ["title", "body", "body", "caption", "body"]


@pytest.mark.parametrize(
    ("name", "captions", "sources"),
    [
        ("tuoitre-2015-thanh-tra-chat-cay-xanh.txt", 1, 0),
        ("dantri-2025-roi-xuong-vuc-thai-son.txt", 3, 1),
        ("vietnamnet-2024-bao-so-4-canh-bao-lu-quet.txt", 1, 0),
        ("thanhnien-2018-van-phong-cong-chung-gia.txt", 1, 0),
        ("zingnews-2017-tieq-viet-pgs-ts.txt", 2, 0),
    ],
)
def test_every_sample(name, captions, sources):
    text = (EXAMPLES / name).read_text(encoding="utf-8")
    article = parse_article(text)
    assert article.title == text.splitlines()[0].strip()
    counts = kinds(article)
    assert counts["title"] == 1
    assert counts["caption"] == captions
    assert counts["source"] == sources
    assert counts["body"] >= 5
    spoken = " ".join(s.text for s in article.segments)
    for boilerplate in ("Tin liên quan", "Tin cùng chuyên mục", "\u200b"):
        assert boilerplate not in spoken


def test_tuoitre_metadata_and_furniture():
    article = parse_article((EXAMPLES / "tuoitre-2015-thanh-tra-chat-cay-xanh.txt").read_text())
    assert article.published == "2015-03-23T08:06:00"
    assert article.author == "Xuân Long"
    first_body = article.of_kind(SegmentKind.BODY)[0].text
    assert first_body.startswith("Trao đổi với Tuổi Trẻ")  # "TT - " agency tag dropped
    assert "Những câu hỏi chưa trả lời" not in " ".join(s.text for s in article.segments)


@pytest.mark.parametrize(
    "text",
    [
        "Các đại biểu dự tập huấn. Ảnh: Quang Hòa.",
        "Chủ tịch UBND TP giao chánh thanh tra TP chủ trì - Ảnh: V.D",
        "Chàng trai kịp giữ chặt lấy đôi chân của cô gái (Ảnh: Chụp màn hình).",
        "Áp thấp nhiệt đới mạnh lên thành bão. Ảnh minh họa: Quang Thành",
        "Ảnh: Sở Tư pháp TP.HCM cung cấp Hình thức nhận dạng các văn bản",
        "Cặp đôi ngã khi trèo vách đá ở Thái Sơn (Video: CGTN).",
        "Lực lượng chức năng tại hiện trường (Ảnh: TTXVN)",
    ],
)
def test_caption_patterns(text):
    assert is_caption(text)


@pytest.mark.parametrize(
    "text",
    [
        "Ông nói rằng bức ảnh đã được chụp vào buổi sáng.",
        "Theo đó, UBND tỉnh Quảng Trị yêu cầu các cơ quan theo dõi chặt chẽ.",
        "Hình thức nhận dạng các văn bản công chứng rất đa dạng.",
    ],
)
def test_not_captions(text):
    assert not is_caption(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Theo Báo Tuyên Quang", True),
        ("Theo báo Tuổi trẻ", True),
        ("Theo MỘC LAN (VTC News)", True),
        ("Theo South China Morning Post", True),
        ("Theo đó, UBND tỉnh Quảng Trị yêu cầu các cơ quan", False),
        ("Theo số liệu thống kê, chỉ trong 4 ngày đầu kỳ nghỉ lễ", False),
        ("Theo tờ South China Morning Post, trước phản ứng từ dư luận, ban quản lý", False),
    ],
)
def test_source_lines(text, expected):
    assert is_source_line(text) is expected


def test_boilerplate_in_the_middle_and_related_list():
    text = (
        "Tiêu đề bài báo\n\nĐoạn một có nội dung đầy đủ.\n\nĐỌC NGAY\n\n"
        "Đoạn hai có nội dung đầy đủ.\n\nTin liên quan\n\nMột tiêu đề khác\n\nTiêu đề nữa"
    )
    article = parse_article(text)
    assert [s.text for s in article.segments] == [
        "Tiêu đề bài báo", "Đoạn một có nội dung đầy đủ.", "Đoạn hai có nội dung đầy đủ.",
    ]


def test_cleaning_bom_nbsp_zero_width_and_nfd():
    raw = "\ufeffTie\u0302\u0301u đề\u00a0bài\n\nNội\u200b dung  bài\u00a0báo.\r\n"
    article = parse_article(raw)
    assert article.title == "Tiếu đề bài"
    assert article.segments[1].text == "Nội dung bài báo."


def test_hard_wrapped_lines_are_joined():
    assert split_paragraphs(clean_text("Tiêu đề\n\nMột câu dài bị\nxuống dòng giữa chừng.")) == [
        "Tiêu đề", "Một câu dài bị xuống dòng giữa chừng.",
    ]


def test_decode_non_utf8_is_never_silent():
    warnings: list[str] = []
    decode_bytes(b"Tieu de " + b"\xc3\x28\xa0\xa1", name="x.txt", warnings=warnings)
    assert warnings and "not UTF-8" in warnings[0]


@pytest.mark.parametrize("text", ["", "   \n\u00a0\n\u200b  "])
def test_empty_article(text):
    with pytest.raises(InputError):
        parse_article(text)


def test_title_only_article():
    with pytest.raises(InputError, match="no paragraphs"):
        parse_article("Chỉ có tiêu đề")


def test_load_article_bom_and_hash(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes(b"\xef\xbb\xbf" + MAIN_SAMPLE.read_bytes())
    loaded = load_article(path)
    assert loaded.article.title.startswith("Hơn 1.600")
    assert len(loaded.source_sha256) == 64
