"""Profiles in audionews.toml, and the episode command's sound options."""

from __future__ import annotations

import json
import wave

import pytest

from audionews.assemble import Pauses
from audionews.errors import ConfigError
from audionews.model import SegmentKind
from audionews.profiles import apply_profile, load_profile
from audionews.roles import RoleVoice

from .conftest import MAIN_SAMPLE, invoke
from .soundcheck import ebur128

CONFIG = """
[profile.radio]
channels = 2
loudness = -20

[profile.radio.pauses]
after_title = 1300

[profile.night]
engine = "fake"
format = "mp3"
bitrate = "96k"
loudness = "broadcast"

[profile.night.roles.title]
voice = "slow"
speed = 0.8
pause_after = 1500

[profile.night.jingles]
intro = "intro.wav"
fade_ms = 200
"""


@pytest.fixture
def config(tmp_path):
    path = tmp_path / "audionews.toml"
    path.write_text(CONFIG, encoding="utf-8")
    (tmp_path / "intro.wav").write_bytes(b"")  # only its existence is checked here
    return path


def test_builtin_profile_overlaid_by_the_file(config):
    radio = load_profile("radio", config)
    assert radio["audio_format"] == "wav" and radio["sample_rate"] == 48000  # built in
    assert radio["channels"] == 2 and radio["loudness"] == -20  # from the file
    assert radio["pauses"] == Pauses(after_title=1300)
    assert load_profile("podcast", config) == {"loudness": "podcast", "audio_format": "mp3"}


def test_profile_roles_and_jingles_from_the_file(config):
    night = load_profile("night", config)
    assert night["engine"] == "fake" and night["bitrate"] == "96k"
    assert night["roles"] == {"title": {"voice": "slow", "speed": 0.8, "pause_after": 1500}}
    assert night["jingles"].intro == (config.parent / "intro.wav").resolve()
    from audionews.roles import roles_from_mapping

    assert roles_from_mapping(night["roles"]) == {
        SegmentKind.TITLE: RoleVoice(voice="slow", speed=0.8, pause_after=1500)}


def test_profile_errors_name_the_problem(config, tmp_path):
    with pytest.raises(ConfigError, match="unknown profile 'tv'"):
        load_profile("tv", config)
    config.write_text('[profile.radio]\nvolume = 3\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="unknown setting 'volume'"):
        load_profile("radio", config)
    config.write_text('[profile.radio\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_profile("radio", config)
    with pytest.raises(ConfigError, match="not found"):
        load_profile("radio", tmp_path / "missing.toml")


def test_builtin_profiles_need_no_file(tmp_path):
    assert load_profile("radio", cwd=tmp_path)["loudness"] == "broadcast"


def test_explicit_options_win_over_the_profile(config):
    values = {"engine": "gtts", "audio_format": "mp3", "loudness": "podcast", "channels": 1}
    merged = apply_profile(values, {"audio_format"}, "radio", config)
    assert merged["audio_format"] == "mp3"  # given on the command line
    assert merged["loudness"] == -20 and merged["channels"] == 2  # from the profile
    assert apply_profile(values, set(), None) == values


def test_episode_command_with_profile_and_format(runner, config, tmp_path):
    out = tmp_path / "out"
    result = invoke(runner, ["episode", str(MAIN_SAMPLE), "-e", "fake", "-o", str(out),
                             "--profile", "radio", "--config", str(config)])
    assert result.exit_code == 0, result.output
    path = out / result.output.strip().splitlines()[-1].rsplit("/", 1)[-1]
    assert path.suffix == ".wav"
    with wave.open(str(path)) as wav:
        assert (wav.getframerate(), wav.getsampwidth(), wav.getnchannels()) == (48000, 2, 2)
    integrated, peak = ebur128(path)
    assert abs(integrated - -20.0) <= 1.0 and peak <= -1.0
    manifest = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
    assert manifest["channels"] == 2 and manifest["loudness"]["target_lufs"] == -20.0
    # Pause after the title from the profile's pause table.
    segments = manifest["segments"]
    assert segments[1]["start_ms"] - segments[0]["end_ms"] == 1300


def test_episode_loudness_option(runner, tmp_path):
    result = invoke(runner, ["episode", str(MAIN_SAMPLE), "-e", "fake", "-o", str(tmp_path),
                             "--loudness", "-19", "--format", "mp3"])
    assert result.exit_code == 0
    integrated, _ = ebur128(tmp_path / result.output.strip().rsplit("/", 1)[-1])
    assert abs(integrated - -19.0) <= 1.0
    bad = invoke(runner, ["episode", str(MAIN_SAMPLE), "-e", "fake", "-o", str(tmp_path),
                          "--loudness", "very"])
    assert bad.exit_code != 0 and "unknown loudness" in bad.output
