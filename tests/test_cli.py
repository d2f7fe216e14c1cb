"""The CLI in-process: happy paths and every error a user can cause."""

from __future__ import annotations

import json
import re

import pytest
import requests
import responses

from .conftest import EXAMPLES, MAIN_SAMPLE, invoke
from .test_engines import GTTS_URL


def test_segments_json(runner):
    result = invoke(runner, ["segments", str(MAIN_SAMPLE), "--json"])
    assert result.exit_code == 0
    data = json.loads(result.output)
    kinds = [d["kind"] for d in data]
    assert (kinds.count("title"), kinds.count("body"), kinds.count("caption"),
            kinds.count("source")) == (1, 8, 4, 1)
    assert data[0]["text"].startswith("Hơn 1.600 đại biểu")


def test_segments_plain(runner):
    result = invoke(runner, ["segments", str(EXAMPLES / "dantri-2025-roi-xuong-vuc-thai-son.txt")])
    assert result.exit_code == 0
    assert "[caption] Chàng trai kịp giữ chặt" in result.output


def test_episode_prints_mp3_path_last(runner, tmp_path):
    out = tmp_path / "out"
    result = invoke(runner, ["episode", str(MAIN_SAMPLE), "--engine", "fake", "-o", str(out)])
    assert result.exit_code == 0, result.output
    last = result.output.strip().splitlines()[-1]
    assert last.endswith(".mp3") and (out / last.rsplit("/", 1)[-1]).exists()
    mp3 = out / last.rsplit("/", 1)[-1]
    assert mp3.with_suffix(".json").exists()
    assert mp3.with_suffix(".vtt").exists() and mp3.with_name(mp3.stem + ".chapters.json").exists()


def test_engines_command(runner):
    result = invoke(runner, ["engines"])
    assert result.exit_code == 0
    assert re.search(r"^espeak\tusable", result.output, re.M)
    assert re.search(r"^gtts\t", result.output, re.M)


def _assert_clean_failure(result, out, pattern):
    assert result.exit_code != 0
    lines = [line for line in result.output.strip().splitlines() if line.strip()]
    assert "Traceback" not in result.output
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.output
    assert re.search(pattern, lines[0]), result.output
    assert not out.exists() or list(out.iterdir()) == []


@pytest.mark.parametrize(
    ("content", "pattern"),
    [
        (None, r"no such file"),
        (b"", r"empty"),
        (b"  \n\xc2\xa0\n\xe2\x80\x8b \n", r"empty"),
        (bytes(range(256)) * 4, r"not UTF-8|binary"),
        (b"ID3\x04\x00\x00\x00\x00\x00\x00\xff\xfb\x90\x00" + bytes(500), r"binary file"),
        ("Chỉ có tiêu đề".encode(), r"no paragraphs"),
    ],
)
def test_bad_input(runner, tmp_path, content, pattern):
    src = tmp_path / "article.txt"
    if content is not None:
        src.write_bytes(content)
    out = tmp_path / "out"
    result = invoke(runner, ["episode", str(src), "--engine", "fake", "-o", str(out)])
    assert result.exit_code == 2
    _assert_clean_failure(result, out, pattern)


def test_unknown_engine(runner, tmp_path):
    out = tmp_path / "out"
    result = invoke(runner, ["episode", str(MAIN_SAMPLE), "--engine", "nope", "-o", str(out)])
    _assert_clean_failure(result, out, r"unknown engine 'nope'")


@responses.activate
def test_network_failure(runner, tmp_path):
    responses.add(responses.POST, GTTS_URL, body=requests.ConnectionError("offline"))
    out = tmp_path / "out"
    result = invoke(runner, ["episode", str(MAIN_SAMPLE), "--engine", "gtts", "-o", str(out)])
    assert result.exit_code == 1
    _assert_clean_failure(result, out, r"cannot reach Google TTS.*--engine espeak")


@responses.activate
def test_gtts_episode_with_mocked_transport(runner, tmp_path, real_mp3_bytes):
    from .test_engines import gtts_answer, sent_text

    responses.add(responses.POST, GTTS_URL, body=gtts_answer(real_mp3_bytes))
    out = tmp_path / "out"
    result = invoke(runner, ["episode", str(MAIN_SAMPLE), "-o", str(out), "--captions", "skip",
                             "--caption-cue", "none"])
    assert result.exit_code == 0, result.output
    texts = [sent_text(c.request) for c in responses.calls]
    assert all(len(t) <= 100 for t in texts)
    # The headline goes first, to one of the 4 parallel requests (their order is a race).
    assert any(t.startswith("Hơn") for t in texts[:4])
    assert not any("Quang Hòa" in t for t in texts)  # captions skipped
    assert 14 <= len(texts) <= 60


def test_every_command_has_help_and_is_in_readme(runner):
    from pathlib import Path

    from audionews.cli import cli

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    for name, command in cli.commands.items():
        assert command.help, name
        assert f"audionews {name}" in readme, name
        assert invoke(runner, [name, "--help"]).exit_code == 0


def test_episode_from_a_url_on_a_local_server(runner, tmp_path, httpserver):
    page = (EXAMPLES / "dantri-2025-roi-xuong-vuc-thai-son.html").read_bytes()
    httpserver.expect_request("/page.html").respond_with_data(
        page, content_type="text/html; charset=utf-8")
    out = tmp_path / "out"
    result = invoke(runner, ["episode", httpserver.url_for("/page.html"), "--engine", "fake",
                             "-o", str(out)])
    assert result.exit_code == 0, result.output
    manifest = json.loads(next(out.glob("roi-xuong-vuc-*[!s].json")).read_text(encoding="utf-8"))
    assert manifest["url"] == httpserver.url_for("/page.html")
    assert [s["kind"] for s in manifest["segments"]].count("caption") == 3


def test_url_errors_are_one_line(runner, tmp_path, httpserver):
    httpserver.expect_request("/gone.html").respond_with_data("no", status=404)
    out = tmp_path / "out"
    result = invoke(runner, ["episode", httpserver.url_for("/gone.html"), "--engine", "fake",
                             "-o", str(out)])
    assert result.exit_code == 2
    _assert_clean_failure(result, out, r"HTTP 404")


@pytest.mark.parametrize(
    ("options", "pattern"),
    [
        (["--sample-rate", "36000"], r"MP3 cannot be made at 36000 Hz; use one of .*22050"),
        (["--bitrate", "fast"], r"not an MP3 bitrate: 'fast'"),
        (["--bitrate", "999k"], r"out of range"),
    ],
)
def test_mp3_settings_an_mp3_cannot_have_are_refused_before_synthesis(
        runner, tmp_path, options, pattern):
    out = tmp_path / "out"
    result = invoke(runner, ["episode", str(MAIN_SAMPLE), "--engine", "fake", "-o", str(out),
                             *options])
    assert result.exit_code == 2
    _assert_clean_failure(result, out, pattern)
