"""The pronunciation lexicon: file format, user overrides, context rules."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from audionews.errors import ConfigError
from audionews.lexicon import Context, Lexicon, LexiconEntry, default_lexicon, load_lexicon
from audionews.normalize import normalize_text

SHIPPED = Path(__file__).resolve().parent.parent / "src" / "audionews" / "data" / "lexicon.tsv"


def write(tmp_path: Path, text: str, name: str = "user.tsv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_shipped_lexicon_loads_and_has_the_issue_entries() -> None:
    lexicon = default_lexicon()
    for written in ("HĐND", "UBND", "BCĐ", "MTTQ", "BCH", "TW", "GD&ĐT", "TP.HCM", "THPT",
                    "CSGT", "USD", "VNĐ", "TS.", "ThS.", "PGS.TS", "GS.", "BS.", "HLV",
                    "TP.", "Q.", "P.", "H.", "TX.", "ASEAN", "UNESCO", "COVID"):  # fmt: skip
        assert written in lexicon, written
    title = lexicon.get("TS.")
    assert title is not None
    assert (title.spoken, title.context) == ("tiến sĩ", Context.NAME)
    assert default_lexicon() is lexicon  # read once


def test_shipped_file_has_no_duplicate_forms() -> None:
    written = [
        line.split("\t")[0]
        for line in SHIPPED.read_text("utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    assert len(written) == len(set(written))


@pytest.mark.parametrize("entry", list(default_lexicon()), ids=lambda e: e.written)
def test_shipped_spoken_forms_are_final(entry: LexiconEntry) -> None:
    # A spoken form must survive normalization unchanged, or the stage is not idempotent.
    assert not re.search(r"[0-9]", entry.spoken)
    assert normalize_text(entry.spoken) == entry.spoken


def test_user_entry_wins_and_changes_spoken_text(tmp_path: Path) -> None:
    user = write(
        tmp_path, "# a station's house style\nUBND\tủy ban\nNguyễn Thế Thảo\tNguyễn Thế Thảo ạ\n"
    )
    assert normalize_text("UBND tỉnh") == "Ủy ban nhân dân tỉnh"
    lexicon = load_lexicon(user)
    assert normalize_text("UBND tỉnh", lexicon=lexicon) == "ủy ban tỉnh"
    assert normalize_text("ông Nguyễn Thế Thảo nói", lexicon=lexicon) == "ông Nguyễn Thế Thảo ạ nói"
    # Shipped entries the user did not touch are still there.
    assert normalize_text("HĐND tỉnh", lexicon=lexicon) == "Hội đồng nhân dân tỉnh"


def test_later_user_file_wins(tmp_path: Path) -> None:
    first = write(tmp_path, "VTV\tvê tê vê một\n", "a.tsv")
    second = write(tmp_path, "VTV\tđài truyền hình\n", "b.tsv")
    assert normalize_text("theo VTV", lexicon=load_lexicon(first, second)) == "theo đài truyền hình"


def test_user_context_rule(tmp_path: Path) -> None:
    user = write(tmp_path, "Đ.\tđường\tplace\n")
    lexicon = load_lexicon(user)
    assert normalize_text("Đ.Lê Lợi", lexicon=lexicon) == "đường Lê Lợi"
    assert normalize_text("số 5 Đ.", lexicon=lexicon) == "số năm Đ."


@pytest.mark.parametrize(
    ("content", "line", "words"),
    [
        ("UBND    ủy ban\n", 1, "tabs"),
        ("# ok\nUBND\n", 2, "written<TAB>spoken"),
        ("UBND\tủy ban\tsometimes\n", 1, "unknown context 'sometimes'"),
        ("\tủy ban\n", 1, "written<TAB>spoken"),
        ("A\tb\tname\textra\n", 1, "written<TAB>spoken"),
    ],
)
def test_bad_file_names_file_and_line(tmp_path: Path, content: str, line: int, words: str) -> None:
    path = write(tmp_path, content)
    with pytest.raises(ConfigError) as info:
        load_lexicon(path)
    assert f"{path}:{line}:" in str(info.value)
    assert words in str(info.value)


def test_missing_and_undecodable_files(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="lexicon file not found"):
        load_lexicon(tmp_path / "nope.tsv")
    latin = tmp_path / "latin.tsv"
    latin.write_bytes("Hà\tha\n".encode("cp1258"))
    with pytest.raises(ConfigError, match="not UTF-8"):
        load_lexicon(latin)


def test_name_context_needs_a_capitalised_word() -> None:
    lexicon = Lexicon([LexiconEntry("GS.", "giáo sư", Context.NAME), LexiconEntry("GS", "gê ét")])
    assert lexicon.expand("GS. Ngô Bảo Châu") == "giáo sư Ngô Bảo Châu"
    # "GS." ending a sentence falls back to the dotless entry and keeps the full stop.
    assert lexicon.expand("bằng GS. sau đó") == "bằng gê ét. sau đó"


def test_matching_is_whole_token_and_case_sensitive() -> None:
    lexicon = Lexicon([LexiconEntry("TW", "Trung ương")])
    assert lexicon.expand("TW, TWO, tw, xTW") == "Trung ương, TWO, tw, xTW"


def test_empty_lexicon_changes_nothing() -> None:
    assert Lexicon().expand("UBND tỉnh") == "UBND tỉnh"
    assert len(Lexicon()) == 0


def test_fingerprint_follows_the_readings(tmp_path: Path) -> None:
    base = default_lexicon()
    same = Lexicon(list(base))
    changed = load_lexicon(write(tmp_path, "UBND\tủy ban\n"))
    assert base.fingerprint() == same.fingerprint()
    assert base.fingerprint() != changed.fingerprint()
    assert re.fullmatch(r"[0-9a-f]{64}", base.fingerprint())
