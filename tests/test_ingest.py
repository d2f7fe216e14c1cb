"""load_article: paths, bytes and URLs; HTML or text detected; limits; repairs reported."""

from __future__ import annotations

import hashlib
import unicodedata
from pathlib import Path

import ftfy.bad_codecs  # noqa: F401  (registers "sloppy-windows-1252")
import pytest
from pytest_httpserver import HTTPServer

from audionews.errors import InputError
from audionews.ingest import count_words, detect_format, load_article
from audionews.model import SegmentKind

from .legacy_encoding import encode_cp1258

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
PAGES = Path(__file__).resolve().parent / "fixtures" / "pages"
DANTRI_HTML = EXAMPLES / "dantri-2025-roi-xuong-vuc-thai-son.html"
BTQ_TEXT = EXAMPLES / "baotuyenquang-tap-huan-2024.txt"


def test_html_file_detected_from_content(tmp_path: Path) -> None:
    # no .html suffix: detection looks at the content, not the name
    copy = tmp_path / "article"
    copy.write_bytes(DANTRI_HTML.read_bytes())
    loaded = load_article(copy)
    assert loaded.article.title.startswith("Rơi xuống vực vì đi tắt")
    assert len(loaded.article.of_kind(SegmentKind.CAPTION)) == 3
    assert loaded.source_sha256 == hashlib.sha256(DANTRI_HTML.read_bytes()).hexdigest()
    assert loaded.origin == str(copy)


def test_text_file_keeps_its_counts() -> None:
    loaded = load_article(BTQ_TEXT)
    counts = {kind: len(loaded.article.of_kind(kind)) for kind in SegmentKind}
    assert (counts["title"], counts["body"], counts["caption"], counts["source"]) == (1, 8, 4, 1)
    assert loaded.warnings == ()


def test_bytes_and_forced_format() -> None:
    data = DANTRI_HTML.read_bytes()
    assert load_article(data).article.of_kind(SegmentKind.LEAD)
    # forced to text, the markup is read as text: the title line is the HTML comment
    assert load_article(data, input_format="text").article.title.startswith("<!--")
    with pytest.raises(InputError, match="unknown input format"):
        load_article(data, input_format="pdf")


def test_detect_format() -> None:
    assert detect_format(DANTRI_HTML.read_bytes()) == "html"
    assert detect_format((PAGES / "vnexpress.html").read_bytes()) == "html"
    assert detect_format(BTQ_TEXT.read_bytes()) == "text"
    assert detect_format((PAGES / "nld.html").read_text("utf-8").encode("utf-16")) == "html"


def test_url_source(httpserver: HTTPServer) -> None:
    body = (PAGES / "znews.html").read_bytes()
    httpserver.expect_request("/page.html").respond_with_data(
        body, content_type="text/html; charset=utf-8"
    )
    url = httpserver.url_for("/page.html")
    loaded = load_article(url)
    assert loaded.origin == url
    assert loaded.article.url == url
    assert loaded.article.title == "Học sinh TP.HCM nghỉ Tết Nguyên đán 2025 trong 11 ngày"
    assert loaded.source_sha256 == hashlib.sha256(body).hexdigest()


def test_url_failure_is_an_input_error(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/gone").respond_with_data("", status=404)
    with pytest.raises(InputError, match="HTTP 404"):
        load_article(httpserver.url_for("/gone"))


def test_legacy_encoded_text_file_reports_the_repair(tmp_path: Path) -> None:
    path = tmp_path / "cu.txt"
    path.write_bytes(encode_cp1258(BTQ_TEXT.read_text(encoding="utf-8")))
    loaded = load_article(path)
    assert loaded.article.title == (
        "Hơn 1.600 đại biểu tham gia tập huấn công tác bảo vệ nền tảng tư tưởng của Đảng"
    )
    assert len(loaded.article.of_kind(SegmentKind.CAPTION)) == 4
    assert any("cp1258" in w for w in loaded.warnings)


def test_mojibake_text_file_is_repaired(tmp_path: Path) -> None:
    original = BTQ_TEXT.read_text(encoding="utf-8")
    path = tmp_path / "hong.txt"
    path.write_text(original.encode("utf-8").decode("sloppy-windows-1252"), encoding="utf-8")
    loaded = load_article(path)
    assert loaded.article == load_article(BTQ_TEXT).article
    assert any("mojibake" in w for w in loaded.warnings)


def test_nfd_text_gives_nfc_article(tmp_path: Path) -> None:
    path = tmp_path / "nfd.txt"
    path.write_text(unicodedata.normalize("NFD", BTQ_TEXT.read_text("utf-8")), encoding="utf-8")
    assert load_article(path).article == load_article(BTQ_TEXT).article


def test_max_words() -> None:
    words = count_words(load_article(BTQ_TEXT).article)
    assert load_article(BTQ_TEXT, max_words=words).article
    with pytest.raises(InputError, match=f"has {words:,} words, over the limit of {words - 1:,}"):
        load_article(BTQ_TEXT, max_words=words - 1)


def test_very_long_article_is_accepted_and_limit_refuses_it() -> None:
    paragraph = (
        "Ngày 7-3, Ban Tuyên giáo Tỉnh uỷ tổ chức Hội nghị tập huấn công tác bảo vệ nền tảng "
        "tư tưởng của Đảng cho hơn 1.600 đại biểu ở các điểm cầu trong tỉnh."
    )
    text = "Bài rất dài\n\n" + "\n\n".join([paragraph] * 900)  # about 27,000 words
    loaded = load_article(text.encode("utf-8"))
    assert count_words(loaded.article) > 25_000
    assert len(loaded.article.of_kind(SegmentKind.BODY)) == 900
    with pytest.raises(InputError, match="over the limit of 20,000"):
        load_article(text.encode("utf-8"), max_words=20_000)


def test_missing_and_empty_inputs(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        load_article(tmp_path / "none.txt")
    empty = tmp_path / "empty.html"
    empty.write_text("  \n")
    with pytest.raises(InputError, match="is empty"):
        load_article(empty)
    with pytest.raises(InputError, match="only http:// and https://"):
        load_article("https://")


def test_plain_text_url_is_read_as_text(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/wire.txt").respond_with_data(
        BTQ_TEXT.read_bytes(), content_type="text/plain; charset=utf-8"
    )
    loaded = load_article(httpserver.url_for("/wire.txt"))
    assert loaded.article.url == httpserver.url_for("/wire.txt")
    assert len(loaded.article.of_kind(SegmentKind.CAPTION)) == 4
    assert loaded.article.of_kind(SegmentKind.SOURCE)[0].text == "Theo Báo Tuyên Quang"
