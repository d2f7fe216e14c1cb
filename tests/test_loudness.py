"""Loudness: our meter against pyloudnorm and ffmpeg, and outputs on target for both presets."""

from __future__ import annotations

import io
import json
import math
import wave
from typing import ClassVar

import numpy as np
import pyloudnorm
import pytest
from scipy.signal import resample_poly

from audionews import build_episode
from audionews.engines import Engine, register_engine, unregister_engine
from audionews.errors import ConfigError
from audionews.levels import LOUDNESS_PRESETS, parse_loudness
from audionews.loudness import (
    integrated_loudness,
    limit_true_peak,
    normalize,
    running_min,
    true_peak,
)

from .conftest import MAIN_SAMPLE
from .soundcheck import ebur128, short_term_loudness

RATE = 24000


def _wav(samples: np.ndarray, rate: int) -> bytes:
    buf = io.BytesIO()
    with wave.open(buf, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes((np.clip(samples, -1, 1) * 32767).astype("<i2").tobytes())
    return buf.getvalue()


def _voice_like(seconds: float, rate: int, level_db: float, seed: int) -> np.ndarray:
    """Syllable-like bursts of a harmonic-rich buzz (peaky, like synthetic speech)."""
    rng = np.random.default_rng(seed)
    t = np.arange(round(seconds * rate)) / rate
    buzz = sum(np.sin(2 * np.pi * 140 * k * t + rng.uniform(0, 6)) / k for k in range(1, 30))
    syllables = (np.sin(2 * np.pi * 4 * t) > -0.2).astype(float)
    signal = buzz * syllables
    return signal / np.max(np.abs(signal)) * 10 ** (level_db / 20)


class LoudQuietEngine(Engine):
    """Headlines come out near full scale, everything else 45 dB down."""

    name: ClassVar[str] = "loudquiet"

    def synthesize(self, text: str) -> bytes:
        level = -0.1 if self.voice == "loud" else -45.0
        return _wav(_voice_like(0.06 * len(text), 22050, level, len(text)), 22050)


@pytest.fixture
def loudquiet():
    register_engine(LoudQuietEngine)
    try:
        yield LoudQuietEngine
    finally:
        unregister_engine("loudquiet")


@pytest.mark.parametrize("rate", [16000, 24000, 44100, 48000])
def test_meter_agrees_with_pyloudnorm(rate):
    rng = np.random.default_rng(7)
    t = np.arange(rate * 6) / rate
    signals = {
        "voice": _voice_like(6, rate, -3, 1),
        "noise": rng.standard_normal(t.size) * 0.05,
        "low tone": 0.3 * np.sin(2 * np.pi * 100 * t),
        "high tone": 0.3 * np.sin(2 * np.pi * 5000 * t),
    }
    for name, signal in signals.items():
        reference = pyloudnorm.Meter(rate).integrated_loudness(signal)
        assert abs(integrated_loudness(signal, rate) - reference) < 0.15, name


def test_silence_and_short_clips_have_no_loudness():
    assert integrated_loudness(np.zeros(RATE * 2), RATE) == -math.inf
    assert integrated_loudness(np.ones(RATE // 10) * 0.5, RATE) == -math.inf


def test_true_peak_agrees_with_4x_resampling():
    signal = _voice_like(4, RATE, -1, 3)
    reference = 20 * math.log10(np.max(np.abs(resample_poly(signal, 4, 1))))
    assert abs(true_peak(signal) - reference) < 0.1
    # A sine at a quarter of the rate, sampled off its crests: the sample peak reads
    # 3 dB low, the true peak must not.
    t = np.arange(RATE) / RATE
    offbeat = 0.5 * np.sin(2 * np.pi * (RATE / 4) * t + math.pi / 4)
    assert 20 * math.log10(np.max(np.abs(offbeat))) < -8.9
    assert abs(true_peak(offbeat) - 20 * math.log10(0.5)) < 0.2


def test_limiter_keeps_the_ceiling_and_leaves_quiet_audio_alone():
    loud = _voice_like(3, RATE, 6, 5)  # 6 dB over full scale
    limited = limit_true_peak(loud, -1.0, RATE)
    assert true_peak(limited) <= -1.0 + 0.01
    quiet = _voice_like(3, RATE, -20, 5)
    assert np.array_equal(limit_true_peak(quiet, -1.0, RATE), quiet)


@pytest.mark.parametrize("target", [-16.0, -23.0])
@pytest.mark.parametrize("level_db", [-40.0, -0.1])
def test_normalize_reaches_target_from_loud_and_quiet(target, level_db):
    signal = _voice_like(20, RATE, level_db, 11)
    result, measured = normalize(signal, RATE, target, -1.0)
    reference = pyloudnorm.Meter(RATE).integrated_loudness(result)
    assert abs(reference - target) < 0.3
    assert abs(measured.integrated_lufs - target) < 0.15
    # What normalize reports (predicted, when its search converged) is what the result
    # measures.
    assert abs(integrated_loudness(result, RATE) - measured.integrated_lufs) < 0.05
    assert 20 * math.log10(np.max(np.abs(resample_poly(result, 4, 1)))) <= -1.0 + 0.05


def test_dual_mono_is_3_db_quieter_per_channel():
    signal = _voice_like(10, RATE, -10, 2)
    mono, _ = normalize(signal, RATE, -16.0)
    stereo, measured = normalize(signal, RATE, -16.0, output_channels=2)
    both = np.stack([stereo, stereo], axis=1)
    assert abs(pyloudnorm.Meter(RATE).integrated_loudness(both) - -16.0) < 0.3
    assert abs(integrated_loudness(mono, RATE) - integrated_loudness(stereo, RATE) - 3.01) < 0.2
    assert abs(measured.integrated_lufs - -16.0) < 0.2


def test_loudness_presets_and_numbers():
    assert parse_loudness("podcast") == LOUDNESS_PRESETS["podcast"] == -16.0
    assert parse_loudness("broadcast") == -23.0
    assert parse_loudness("-18") == -18.0
    assert parse_loudness(-20) == -20.0
    for bad in ("loud", "-80", "0"):
        with pytest.raises(ConfigError):
            parse_loudness(bad)


@pytest.mark.parametrize(("preset", "fmt"), [("podcast", "mp3"), ("broadcast", "mp3"),
                                            ("podcast", "wav"), ("broadcast", "wav")])
def test_episode_output_on_target_with_loud_and_quiet_clips(loudquiet, tmp_path, preset, fmt):
    """Headline clips near 0 dBFS and body clips at -45 dBFS: the file is on target,
    under -1 dBTP, and headline and body end up at the same level."""
    episode = build_episode(
        MAIN_SAMPLE, output_dir=tmp_path, engine="loudquiet", loudness=preset, audio_format=fmt,
        roles={"title": {"voice": "loud"}},
    )
    integrated, peak = ebur128(episode.mp3_path)
    target = LOUDNESS_PRESETS[preset]
    assert abs(integrated - target) <= 1.0
    assert peak <= -1.0
    manifest = json.loads(episode.manifest_path.read_text(encoding="utf-8"))
    assert abs(manifest["loudness"]["integrated_lufs"] - integrated) <= 0.3
    assert abs(manifest["loudness"]["true_peak_dbtp"] - peak) <= 0.3
    title, body = episode.segments[0], episode.segments[1]
    assert title.kind == "title" and body.kind != "title"
    title_level = short_term_loudness(episode.mp3_path, title.start_ms / 1000,
                                      title.end_ms / 1000)
    body_level = short_term_loudness(episode.mp3_path, body.start_ms / 1000,
                                     body.end_ms / 1000)
    assert abs(title_level - body_level) < 3.0


@pytest.mark.parametrize("width", [1, 3, 7, 43])
def test_running_min_matches_the_plain_definition(width):
    values = np.random.default_rng(width).standard_normal(500)
    expected = [values[i : i + width].min() for i in range(values.size - width + 1)]
    assert np.array_equal(running_min(values, width), np.array(expected))
