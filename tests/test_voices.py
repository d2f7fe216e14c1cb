"""Voice per role, tempo without pitch change, and jingles."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import ClassVar

import numpy as np
import pytest

from audionews import build_episode
from audionews.assemble import Pauses
from audionews.engines import register_engine, unregister_engine
from audionews.errors import ConfigError
from audionews.jingles import Jingles
from audionews.mixing import duck_gain, fade, overlap_add
from audionews.model import SegmentKind
from audionews.roles import RolePauses, RoleVoice, VoiceCast, roles_from_mapping
from audionews.tempo import change_tempo

from .conftest import MAIN_SAMPLE, FakeEngine, tone_wav
from .soundcheck import ebur128, short_term_loudness

RATE = 24000


def tone_pcm(seconds: float, freq: float, rate: int = RATE, level: float = 0.3) -> bytes:
    t = np.arange(round(seconds * rate)) / rate
    return (level * np.sin(2 * np.pi * freq * t) * 32767).astype("<i2").tobytes()


def dominant_frequency(pcm: bytes, rate: int = RATE) -> float:
    samples = np.frombuffer(pcm, dtype="<i2").astype(float)
    spectrum = np.abs(np.fft.rfft(samples * np.hanning(samples.size)))
    return float(np.argmax(spectrum) * rate / samples.size)


@pytest.mark.parametrize("speed", [1.5, 0.75, 2.0])
def test_tempo_changes_length_not_pitch(speed):
    clip = tone_pcm(4.0, 440.0)
    faster = change_tempo(clip, RATE, speed)
    assert abs(len(faster) / len(clip) - 1 / speed) <= 0.05 / speed
    assert abs(dominant_frequency(faster) - 440.0) / 440.0 <= 0.02


def test_tempo_at_normal_speed_is_untouched_and_range_is_checked():
    clip = tone_pcm(0.5, 300.0)
    assert change_tempo(clip, RATE, 1.0) is clip
    for bad in (0.4, 2.5):
        with pytest.raises(ConfigError):
            change_tempo(clip, RATE, bad)


class VoiceRecorder(FakeEngine):
    """The fake voice, remembering which voice and speed spoke which text."""

    name: ClassVar[str] = "recorder"
    spoken: ClassVar[list[tuple[str | None, float, str]]] = []

    def synthesize(self, text: str) -> bytes:
        VoiceRecorder.spoken.append((self.voice, self.speed, text))
        return tone_wav(20 * len(text), freq=440.0)


@pytest.fixture
def recorder():
    VoiceRecorder.spoken = []
    register_engine(VoiceRecorder)
    try:
        yield VoiceRecorder
    finally:
        unregister_engine("recorder")


def test_each_role_is_spoken_by_its_voice_and_speed(recorder, tmp_path):
    plain = build_episode(MAIN_SAMPLE, output_dir=tmp_path / "plain", engine="recorder")
    recorder.spoken = []
    cast = build_episode(
        MAIN_SAMPLE, output_dir=tmp_path / "cast", engine="recorder", voice="north",
        roles={"title": {"voice": "south", "speed": 1.5, "pause_after": 2000},
               "caption": {"voice": "central"}},
    )
    def voices_of(spoken: str) -> set[tuple[str | None, float]]:
        # Long segments reach the engine in pieces; each piece is part of the segment.
        return {(voice, speed) for voice, speed, text in recorder.spoken if text in spoken}

    title = cast.segments[0]
    assert voices_of(title.spoken) == {("south", 1.5)}
    captions = [s for s in cast.segments if s.kind == SegmentKind.CAPTION]
    assert captions and all(voices_of(c.spoken) == {("central", 1.0)} for c in captions)
    bodies = [s for s in cast.segments if s.kind == SegmentKind.BODY]
    assert bodies and all(voices_of(b.spoken) == {("north", 1.0)} for b in bodies)
    # The fake engine has no rate of its own: the title was sped up by the tempo pass.
    plain_title = plain.segments[0].end_ms - plain.segments[0].start_ms
    assert abs((title.end_ms - title.start_ms) / plain_title - 1 / 1.5) < 0.05
    # Its own pause after it, instead of the table's 900 ms.
    assert cast.segments[1].start_ms - title.end_ms == 2000
    manifest = json.loads(cast.manifest_path.read_text(encoding="utf-8"))
    assert manifest["segments"][0]["kind"] == "title"


def test_roles_table_is_validated():
    assert roles_from_mapping({"title": {"voice": "vi"}}) == {
        SegmentKind.TITLE: RoleVoice(voice="vi")}
    with pytest.raises(ConfigError, match="unknown role"):
        roles_from_mapping({"headline": {}})
    with pytest.raises(ConfigError, match="unknown setting"):
        roles_from_mapping({"title": {"pitch": 2}})
    with pytest.raises(ConfigError, match="speed"):
        roles_from_mapping({"title": {"speed": 3.0}})


def test_cast_falls_back_to_the_episode_voice():
    cast = VoiceCast("espeak", "vi", 1.2, {SegmentKind.CAPTION: RoleVoice(engine="gtts")})
    assert cast.resolve(SegmentKind.BODY) == ("espeak", "vi", 1.2)
    # An espeak voice name means nothing to gTTS: the caption gets gTTS's default.
    assert cast.resolve(SegmentKind.CAPTION) == ("gtts", None, 1.2)


def test_role_pauses_take_precedence_over_the_table():
    base = Pauses()
    pauses = RolePauses.for_cast(base, VoiceCast("fake", roles={
        SegmentKind.SOURCE: RoleVoice(pause_before=1500)}))
    assert pauses.before(SegmentKind.SOURCE, SegmentKind.BODY) == 1500
    assert pauses.before(SegmentKind.BODY, SegmentKind.BODY) == base.between
    assert RolePauses.for_cast(base, VoiceCast("fake")) is base


def test_fades_overlap_and_ducking():
    ones = np.ones(1000)
    faded = fade(ones, 1000, 100, 200)
    assert faded[0] == 0.0 and faded[-1] == 0.0 and faded[500] == 1.0
    joined = overlap_add(np.ones(10), np.ones(10), 4)
    assert joined.size == 16 and joined[7] == 2.0 and joined[0] == 1.0
    speech = np.concatenate([np.zeros(10000), 0.3 * np.ones(10000), np.zeros(20000)])
    gain = duck_gain(speech, 10000, -12.0)
    assert gain[2000] == pytest.approx(1.0)
    assert 20 * math.log10(gain[15000]) == pytest.approx(-12.0, abs=0.5)
    assert gain[-1] == pytest.approx(1.0)


def _write_wav(path: Path, seconds: float, level: float, freq: float) -> Path:
    import io
    import wave

    t = np.arange(round(seconds * 44100)) / 44100
    rng = np.random.default_rng(3)
    noise = rng.standard_normal(t.size) * 0.3 + np.sin(2 * np.pi * freq * t)
    samples = np.clip(noise / np.max(np.abs(noise)) * level, -1, 1)
    buf = io.BytesIO()
    with wave.open(buf, "wb") as out:
        out.setnchannels(2)
        out.setsampwidth(2)
        out.setframerate(44100)
        stereo = np.repeat((samples * 32767).astype("<i2"), 2)
        out.writeframes(stereo.tobytes())
    path.write_bytes(buf.getvalue())
    return path


def test_loud_jingles_are_levelled_and_shift_the_timeline(tmp_path):
    intro = _write_wav(tmp_path / "intro.wav", 3.0, 1.0, 220.0)  # at full scale
    outro = _write_wav(tmp_path / "outro.wav", 2.0, 1.0, 330.0)
    bed = _write_wav(tmp_path / "bed.wav", 1.5, 1.0, 110.0)
    plain = build_episode(MAIN_SAMPLE, output_dir=tmp_path / "plain", engine="fake")
    jingles = Jingles(intro=intro, outro=outro, bed=bed, crossfade_ms=600)
    dressed = build_episode(MAIN_SAMPLE, output_dir=tmp_path / "dressed", engine="fake",
                            jingles=jingles)
    shift = dressed.segments[0].start_ms - plain.segments[0].start_ms
    assert abs(shift - (3000 - 600)) <= 2
    assert [s.end_ms - s.start_ms for s in dressed.segments] == [
        s.end_ms - s.start_ms for s in plain.segments]
    assert abs(dressed.duration_s - plain.duration_s - (3.0 - 0.6) - (2.0 - 0.6)) < 0.05
    integrated, peak = ebur128(dressed.mp3_path)
    assert abs(integrated - -16.0) <= 1.0 and peak <= -1.0
    jingle_level = short_term_loudness(dressed.mp3_path, 0.2, 2.2)
    speech = dressed.segments[2]
    speech_level = short_term_loudness(dressed.mp3_path, speech.start_ms / 1000,
                                       speech.end_ms / 1000)
    assert abs(jingle_level - speech_level) < 3.0
    with pytest.raises(ConfigError, match="does not exist"):
        Jingles(intro=tmp_path / "missing.mp3")
