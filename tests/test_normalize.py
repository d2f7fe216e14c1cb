"""The normalize stage: the case table, properties, the samples, threads and speed."""

from __future__ import annotations

import re
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from audionews.ingest import load_article
from audionews.lexicon import Lexicon, LexiconEntry, default_lexicon
from audionews.model import Article, Segment, SegmentKind
from audionews.normalize import (
    drop_photo_credits,
    normalize_article,
    normalize_segment,
    normalize_text,
    spoken_rules,
)
from audionews.numbers import read_integer, read_number, roman_to_int

HERE = Path(__file__).resolve().parent
EXAMPLES = sorted((HERE.parent / "examples").glob("*.txt"))
CASES_FILE = HERE / "data" / "normalize_cases.tsv"
# Every bullet of the issue has its own topic in the table.
REQUIRED_TOPICS = {
    "number", "decimal", "range", "year", "date", "time", "unit", "roman", "lexicon",
    "title", "address", "doccode", "acronym", "phone", "code", "credit", "headline",
}  # fmt: skip
ASCII_DIGIT_RE = re.compile(r"[0-9]")


def load_cases() -> list[tuple[str, str, str, SegmentKind]]:
    cases = []
    for number, line in enumerate(CASES_FILE.read_text("utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        assert len(fields) in (3, 4), f"{CASES_FILE.name}:{number}: bad line {line!r}"
        kind = SegmentKind(fields[3]) if len(fields) == 4 else SegmentKind.BODY
        cases.append((fields[0], fields[1], fields[2], kind))
    return cases


CASES = load_cases()


@pytest.mark.parametrize(
    ("topic", "written", "spoken", "kind"), CASES, ids=[f"{c[0]}:{c[1][:40]}" for c in CASES]
)
def test_case(topic: str, written: str, spoken: str, kind: SegmentKind) -> None:
    assert normalize_text(written, kind) == spoken


def test_case_table_pass_rate(capsys: pytest.CaptureFixture[str]) -> None:
    """At least 250 cases covering every bullet of the issue, all passing."""
    failures = [
        (written, spoken, got)
        for _topic, written, spoken, kind in CASES
        if (got := normalize_text(written, kind)) != spoken
    ]
    passed = len(CASES) - len(failures)
    with capsys.disabled():
        print(f"\nnormalize case table: {passed}/{len(CASES)} passed ({passed / len(CASES):.1%})")
    assert len(CASES) >= 250
    assert {c[0] for c in CASES} >= REQUIRED_TOPICS
    assert failures == []


# --- number reading ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("n", "words"),
    [
        (0, "không"),
        (5, "năm"),
        (15, "mười lăm"),
        (21, "hai mươi mốt"),
        (24, "hai mươi tư"),
        (105, "một trăm linh năm"),
        (2024, "hai nghìn không trăm hai mươi tư"),
        (1_000_000_000, "một tỷ"),
        (2_000_000_000_005, "hai nghìn tỷ không trăm linh năm"),
        (-7, "âm bảy"),
    ],
)
def test_read_integer(n: int, words: str) -> None:
    assert read_integer(n) == words


@pytest.mark.parametrize(
    ("numeral", "value"), [("I", 1), ("IV", 4), ("XIII", 13), ("XXI", 21), ("IIII", None)]
)
def test_roman_to_int(numeral: str, value: int | None) -> None:
    assert roman_to_int(numeral) == value


def test_long_digit_strings_are_read_digit_by_digit() -> None:
    assert read_number("1234567890123456") == (
        "một hai ba bốn năm sáu bảy tám chín không một hai ba bốn năm sáu"
    )


# --- segments and articles -----------------------------------------------------------------


def test_keep_credits_keeps_the_credit() -> None:
    caption = "Các đại biểu dự tập huấn. Ảnh: Quang Hòa."
    assert normalize_text(caption, SegmentKind.CAPTION, keep_credits=True) == caption
    assert normalize_text(caption, SegmentKind.CAPTION) == "Các đại biểu dự tập huấn."


def test_drop_photo_credits_is_idempotent_on_two_credits() -> None:
    assert drop_photo_credits("Lũ về. Ảnh: A. Ảnh: B.") == "Lũ về."


def test_normalize_segment_fills_spoken_and_keeps_text() -> None:
    segment = Segment(SegmentKind.HEADING, "Quảng Trị")
    result = normalize_segment(segment)
    assert (result.text, result.spoken, result.kind) == ("Quảng Trị", "Quảng Trị.", "heading")


def test_normalize_article_fills_every_segment() -> None:
    article = Article(
        title="Bão số 4",
        segments=(
            Segment(SegmentKind.TITLE, "Bão số 4"),
            Segment(SegmentKind.BODY, "Chiều 17/9, UBND tỉnh họp."),
        ),
    )
    spoken = [s.spoken for s in normalize_article(article).segments]
    assert spoken == ["Bão số bốn.", "Chiều mười bảy tháng chín, Ủy ban nhân dân tỉnh họp."]


def test_explicit_lexicon_replaces_the_default() -> None:
    lexicon = Lexicon([LexiconEntry("UBND", "u bê")])
    assert normalize_text("UBND tỉnh", lexicon=lexicon) == "u bê tỉnh"


def test_rules_compose_to_normalize_text() -> None:
    text = "Chiều 17/9, UBND TP.HCM họp với 1.600 đại biểu"
    spoken = text
    for rule in spoken_rules(default_lexicon()):
        spoken = rule(spoken)
    assert spoken == normalize_text(text)
    assert spoken == (
        "Chiều mười bảy tháng chín, Ủy ban nhân dân Thành phố Hồ Chí Minh họp với "
        "một nghìn sáu trăm đại biểu"
    )


# --- properties --------------------------------------------------------------------------------

ORDINARY_WORDS = (
    "đại", "biểu", "tham", "gia", "tập", "huấn", "tỉnh", "huyện", "người", "dân", "mưa",
    "lũ", "sạt", "lở", "đất", "công", "an", "xã", "thôn", "khách", "du", "lịch", "núi",
    "cao", "giá", "tăng", "giảm", "Hà", "Nội", "Đà", "Nẵng", "Huế", "Quảng", "Trị",
    "Nguyễn", "Văn", "Thảo", "chiều", "sáng", "ngày", "tháng", "năm", "quý", "thứ", "khóa",
)  # fmt: skip
NOISY_TOKENS = (
    "1.600", "2,5", "-5", "7-3", "27.9", "10h30", "100-300mm", "0,5%", "UBND", "HĐND",
    "TP.HCM", "Q.9", "TS.", "PGS.TS", "35-NQ/TW", "XXI", "II", "U23", "VJ356", "Covid-19",
    "0912345678", "1/5", "2024", "GD&ĐT", "VPCC", "$5", "km2", "°C", "/năm", "Ảnh:", "&",
    "(", ")", ",", ".", "…", "-", "–", "/",
)  # fmt: skip
news_like_text = st.lists(
    st.one_of(st.sampled_from(ORDINARY_WORDS), st.sampled_from(NOISY_TOKENS)), max_size=25
).map(" ".join)
any_text = st.one_of(news_like_text, st.text(max_size=80))


@settings(max_examples=300, deadline=None)
@given(any_text)
def test_property_no_ascii_digit_left_and_never_raises(text: str) -> None:
    assert not ASCII_DIGIT_RE.search(normalize_text(text))


@settings(max_examples=300, deadline=None)
@given(any_text, st.sampled_from(list(SegmentKind)))
def test_property_idempotent(text: str, kind: SegmentKind) -> None:
    once = normalize_text(text, kind)
    assert normalize_text(once, kind) == once


# A photo credit is the one thing that is dropped on purpose ("Ảnh: <name>").
noise_without_credits = st.lists(
    st.sampled_from([t for t in NOISY_TOKENS if t != "Ảnh:"]), max_size=30
).map(" ".join)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(ORDINARY_WORDS), min_size=1, max_size=30), noise_without_credits)
def test_property_ordinary_words_kept_in_order(words: list[str], noise: str) -> None:
    # Interleave ordinary words with noisy tokens; every ordinary word must come out,
    # in the same order (other words may be added around them).
    text = " ".join(
        f"{w} {n}" for w, n in zip(words, noise.split() + [""] * len(words), strict=False)
    )
    spoken_words = re.findall(r"\w+", normalize_text(text).lower())
    position = 0
    for word in words:
        assert word.lower() in spoken_words[position:], (word, text)
        position = spoken_words.index(word.lower(), position) + 1


# --- the samples -------------------------------------------------------------------------------


def unknown_caps(spoken: str) -> list[str]:
    """All-caps tokens left in spoken text (words of a capitalised line are title-cased)."""
    return [t for t in re.findall(r"\w{2,}", spoken) if t.isalpha() and t.isupper()]


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_samples_leave_no_digit_and_no_unknown_acronym(path: Path) -> None:
    article = normalize_article(load_article(path).article)
    leftovers = [
        (segment.text[:60], token)
        for segment in article.segments
        for token in ASCII_DIGIT_RE.findall(segment.speech) + unknown_caps(segment.speech)
    ]
    assert leftovers == []
    assert all(segment.spoken is not None for segment in article.segments)


def test_sample_credits_are_not_spoken() -> None:
    article = normalize_article(load_article(EXAMPLES[0]).article)
    captions = [s for s in article.segments if s.kind == SegmentKind.CAPTION]
    assert len(captions) == 4
    assert not any("Ảnh" in s.speech or "Quang Hòa" in s.speech for s in captions)


# --- threads and speed -----------------------------------------------------------------------


def sample_paragraphs() -> list[str]:
    return [s.text for path in EXAMPLES for s in load_article(path).article.segments]


def test_thread_safe_same_results_as_serial() -> None:
    paragraphs = sample_paragraphs() * 3
    serial = [normalize_text(p) for p in paragraphs]
    with ThreadPoolExecutor(max_workers=4) as pool:
        parallel = list(pool.map(normalize_text, paragraphs))
    assert parallel == serial


def test_fast_enough_for_a_whole_article() -> None:
    paragraphs = sample_paragraphs()
    normalize_text("warm up")  # the shipped lexicon is read once
    start = time.perf_counter()
    for paragraph in paragraphs:
        normalize_text(paragraph)
    elapsed = time.perf_counter() - start
    # All six samples (~100 paragraphs) take a few tens of milliseconds here.
    assert elapsed < 1.0, f"{len(paragraphs)} paragraphs took {elapsed:.3f}s"
