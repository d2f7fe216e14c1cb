"""Cutting spoken text to an engine's limit at the places a reader pauses."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from audionews.chunking import chunk_text

from .conftest import MAIN_SAMPLE


def test_short_text_is_one_piece():
    assert chunk_text("Xin chào các bạn.", 100) == ["Xin chào các bạn."]


def test_cuts_at_sentence_then_clause():
    text = ("Hội nghị được tổ chức trực tiếp tại điểm cầu cấp tỉnh. "
            "Các đại biểu trao đổi, thảo luận về tin giả, cách xử lý tin giả và giải pháp.")
    pieces = chunk_text(text, 60)
    assert pieces[0] == "Hội nghị được tổ chức trực tiếp tại điểm cầu cấp tỉnh."
    assert all(len(p) <= 60 for p in pieces)
    assert pieces[1].endswith(",")


def test_sample_needs_about_half_of_gtts_requests():
    from audionews.parse import parse_article

    article = parse_article(MAIN_SAMPLE.read_text(encoding="utf-8"))
    pieces = [p for s in article.segments for p in chunk_text(s.text, 100)]
    assert all(len(p) <= 100 for p in pieces)
    assert len(pieces) <= 60  # gTTS's own tokenizer makes 103 for this article


@given(st.text(alphabet="abcđêôư ,.;!?-áà", min_size=0, max_size=600), st.integers(10, 200))
def test_pieces_fit_and_keep_every_word(text, limit):
    pieces = chunk_text(text, limit)
    assert all(0 < len(p) <= limit for p in pieces)
    assert "".join("".join(pieces).split()) == "".join(text.split())
