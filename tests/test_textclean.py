"""Damaged text: legacy encodings, mojibake both ways, NFD, control characters."""

from __future__ import annotations

import subprocess
import sys
import unicodedata
from pathlib import Path

import ftfy.bad_codecs  # noqa: F401  (registers "sloppy-windows-1252")
import pytest

from audionews.errors import InputError
from audionews.textclean import (
    _ftfy,
    clean_text,
    decode_bytes,
    may_be_mojibake,
    repair_mojibake,
    repair_text,
)

from .legacy_encoding import encode_cp1258

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
SAMPLE_LINES = sorted({
    unicodedata.normalize("NFC", line)
    for path in EXAMPLES.iterdir() if path.suffix in (".txt", ".html")
    for line in path.read_text(encoding="utf-8").split("\n")
})
ORIGINAL = unicodedata.normalize(
    "NFC", (EXAMPLES / "baotuyenquang-tap-huan-2024.txt").read_text(encoding="utf-8")
)
HEADLINE = ORIGINAL.split("\n")[0]


def utf8_read_as(text: str, codec: str) -> str:
    """What a program shows when it decodes UTF-8 bytes with the wrong codec."""
    return text.encode("utf-8").decode(codec)


@pytest.mark.parametrize("codec", ["sloppy-windows-1252", "latin-1"])
def test_utf8_read_as_western_is_repaired(codec: str) -> None:
    damaged = utf8_read_as(ORIGINAL, codec)
    assert damaged != ORIGINAL
    repaired, warnings = repair_text(damaged)
    assert repaired == ORIGINAL
    assert any("repaired mojibake" in w for w in warnings)


def test_double_mojibake_is_repaired() -> None:
    twice = utf8_read_as(utf8_read_as(HEADLINE, "sloppy-windows-1252"), "sloppy-windows-1252")
    assert repair_text(twice)[0] == HEADLINE


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.txt")), ids=lambda p: p.name)
def test_clean_vietnamese_is_left_alone(path: Path) -> None:
    """The other direction: correct text must not be 'repaired' into damage."""
    text = unicodedata.normalize("NFC", path.read_text(encoding="utf-8"))
    repaired, warnings = repair_text(text)
    assert repaired == text
    assert warnings == []


def test_nfd_becomes_nfc_silently() -> None:
    nfd = unicodedata.normalize("NFD", ORIGINAL)
    assert nfd != ORIGINAL
    repaired, warnings = repair_text(nfd)
    assert repaired == ORIGINAL
    assert clean_text(nfd) == clean_text(ORIGINAL)
    assert warnings == []  # same text, other code points: nothing to warn about


def test_windows_1258_bytes_decode_with_a_warning() -> None:
    data = encode_cp1258(ORIGINAL)
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    warnings: list[str] = []
    text = decode_bytes(data, name="old.txt", warnings=warnings)
    assert unicodedata.normalize("NFC", text) == ORIGINAL
    assert warnings == ["old.txt is not UTF-8; decoded as cp1258 (detected), check the text"]


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_with_and_without_bom(codec: str) -> None:
    assert decode_bytes(ORIGINAL.encode(codec)) == ORIGINAL


def test_control_characters_removed_and_reported() -> None:
    repaired, warnings = repair_text("Giá vàng\x07 tăng\x00 mạnh\x1b.")
    assert repaired == "Giá vàng tăng mạnh."
    assert warnings == ["input: removed control characters from 1 line(s)"]


def test_undecodable_paragraph_is_dropped_not_spoken() -> None:
    text = "Giá vàng tăng mạnh.\nGi\ufffd v\ufffdng t\ufffdng.\nGiá USD giảm."
    repaired, warnings = repair_text(text, name="a.txt")
    assert repaired == "Giá vàng tăng mạnh.\nGiá USD giảm."
    assert len(warnings) == 1 and warnings[0].startswith("a.txt: dropped an undecodable paragraph")


def test_bytes_fitting_no_encoding_are_refused() -> None:
    with pytest.raises(InputError, match="not UTF-8"):
        decode_bytes(bytes(range(128, 256)) * 4 + b"\x81\x8d\x8f\x90\x9d" * 50, name="x.bin")


def test_lines_without_mojibake_traces_are_ones_ftfy_leaves_alone() -> None:
    """The trace check stands in for ftfy: every line it passes over must be one ftfy
    would neither change nor call damaged (and most lines must pass, or it saves nothing)."""
    fix_text, is_bad = _ftfy()
    passed = [line for line in SAMPLE_LINES if not may_be_mojibake(line)]
    assert len(passed) > 0.9 * len(SAMPLE_LINES)
    assert [line for line in passed if fix_text(line) != line or is_bad(line)] == []


@pytest.mark.parametrize("codec", ["sloppy-windows-1252", "latin-1"])
def test_every_damaged_line_shows_a_trace(codec: str) -> None:
    """Whatever a wrong decoder made of a non-ASCII line (once or twice), the check
    sends it to ftfy; and each Vietnamese letter's damage alone is caught too."""
    letters = "àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ"
    damaged = [line for line in SAMPLE_LINES + list(letters + letters.upper())
               if not line.isascii()]
    missed = [line for line in damaged if not may_be_mojibake(utf8_read_as(line, codec))]
    missed += [line for line in damaged
               if not may_be_mojibake(utf8_read_as(utf8_read_as(line, codec), codec))]
    assert missed == []


def test_zero_width_and_nbsp_after_accented_letters_are_not_traces() -> None:
    assert not may_be_mojibake("\u200bVụ chặt\u00a0cây xanh: phó\u00a0giám đốc Hà\u00a0Nội")
    assert may_be_mojibake("Viá»‡t Nam")  # a 3-byte lead and its two continuations
    assert may_be_mojibake("Äà Nẵng\x90")  # a C1 control
    assert repair_mojibake("Đà Nẵng")[0] == "Đà Nẵng"


def test_clean_text_does_not_load_ftfy() -> None:
    """ftfy is loaded only for text that may be damaged: its import costs more than
    cleaning a whole article, and every command pays it before the first word is spoken."""
    code = ("import sys; from audionews.ingest import load_article; "
            f"load_article({str(EXAMPLES / 'baotuyenquang-tap-huan-2024.txt')!r}); "
            "print('ftfy' in sys.modules, 'charset_normalizer' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]
