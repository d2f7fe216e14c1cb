"""The `normalize` command, run in-process."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner, Result

from audionews.cli_normalize import normalize_command

SAMPLE = Path(__file__).resolve().parent.parent / "examples" / "baotuyenquang-tap-huan-2024.txt"


def run(*args: str) -> Result:
    return CliRunner().invoke(normalize_command, list(args))


def test_text_argument() -> None:
    result = run("Ngày 7-3, UBND tỉnh đón 1.600 đại biểu")
    assert result.exit_code == 0
    assert result.output == (
        "Ngày bảy tháng ba, Ủy ban nhân dân tỉnh đón một nghìn sáu trăm đại biểu\n"
    )


def test_file_prints_one_line_per_segment() -> None:
    result = run("--file", str(SAMPLE))
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0] == (
        "Hơn một nghìn sáu trăm đại biểu tham gia tập huấn công tác bảo vệ nền tảng "
        "tư tưởng của Đảng."
    )
    assert "Các đại biểu dự tập huấn." in lines
    assert lines[-1] == "Theo Báo Tuyên Quang."
    assert not any(ch.isdigit() for ch in result.output)
    assert "Ảnh:" not in result.output


def test_keep_credits_flag() -> None:
    result = run("--keep-credits", "--file", str(SAMPLE))
    assert "Các đại biểu dự tập huấn. Ảnh: Quang Hòa." in result.output.splitlines()


def test_user_lexicon_changes_output(tmp_path: Path) -> None:
    lexicon = tmp_path / "house.tsv"
    lexicon.write_text("UBND\tủy ban\n", encoding="utf-8")
    assert run("UBND tỉnh").output == "Ủy ban nhân dân tỉnh\n"
    assert run("--lexicon", str(lexicon), "UBND tỉnh").output == "ủy ban tỉnh\n"


def test_bad_lexicon_is_a_one_line_error(tmp_path: Path) -> None:
    lexicon = tmp_path / "bad.tsv"
    lexicon.write_text("UBND ủy ban\n", encoding="utf-8")
    result = run("--lexicon", str(lexicon), "UBND")
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: {lexicon}:1:")
    assert len(result.output.strip().splitlines()) == 1


def test_missing_article_is_an_error(tmp_path: Path) -> None:
    result = run("--file", str(tmp_path / "missing.txt"))
    assert result.exit_code == 1
    assert "no such file" in result.output


def test_needs_exactly_one_of_text_and_file() -> None:
    assert run().exit_code == 2
    both = run("--file", str(SAMPLE), "chữ")
    assert both.exit_code == 2
    assert "either TEXT or --file" in both.output


def test_has_help() -> None:
    result = run("--help")
    assert result.exit_code == 0
    assert "newsreader would say" in result.output
    assert "--lexicon" in result.output
