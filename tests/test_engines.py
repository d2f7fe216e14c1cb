"""Engines: the registry, espeak-ng for real, gTTS through its own code with HTTP mocked."""

from __future__ import annotations

import base64
import json
import re
import urllib.parse

import pytest
import requests
import responses

from audionews import AudioNewsError, UnknownEngineError, get_engine
from audionews.audio import decode_to_pcm
from audionews.engines import engine_names, engine_status
from audionews.engines.gtts_engine import GttsEngine
from audionews.errors import EngineUnavailableError, SynthesisError

GTTS_URL = re.compile(r"https://translate\.google\.[a-z.]+/_/TranslateWebserverUi/data/batchexecute")


def gtts_answer(mp3: bytes) -> str:
    """A batchexecute answer in the exact shape gTTS parses (the jQ1olc line)."""
    payload = base64.b64encode(mp3).decode("ascii")
    return ")]}'\n\n" + f'[["wrb.fr","jQ1olc","[\\"{payload}\\"]",null,null,null,"generic"]]\n'


def sent_text(request) -> str:
    """The text gTTS packed into a request body."""
    body = urllib.parse.unquote(request.body.removeprefix("f.req=").rstrip("&"))
    rpc = json.loads(body)
    return json.loads(rpc[0][0][1])[0]


def test_registry_lists_builtins_and_rejects_unknown():
    assert {"espeak", "gtts", "fake"} <= set(engine_names())
    with pytest.raises(UnknownEngineError) as info:
        get_engine("nope")
    assert isinstance(info.value, KeyError) and isinstance(info.value, AudioNewsError)
    assert "nope" in str(info.value) and "espeak" in str(info.value)


def test_a_builtin_engine_is_found_without_reading_package_metadata(monkeypatch):
    """Asking for espeak imports just its module: scanning every installed package's
    entry points costs start-up time on each run. Unknown names still scan them."""
    import importlib.metadata

    from audionews import engines

    scanned = []
    monkeypatch.setattr(importlib.metadata, "entry_points",
                        lambda **kw: scanned.append(kw) or [])
    monkeypatch.setattr(engines, "_registry", {})
    monkeypatch.setattr(engines, "_loaded", False)
    assert engines.get_engine_class("espeak").name == "espeak"
    assert scanned == []
    with pytest.raises(UnknownEngineError):
        engines.get_engine_class("plugin-voice")
    assert scanned == [{"group": engines.ENTRY_POINT_GROUP}]


def test_espeak_declares_the_rate_its_library_speaks_at():
    from audionews.engines.espeak import EspeakEngine, _get_library

    EspeakEngine().check()
    assert EspeakEngine.native_sample_rate == _get_library().sample_rate
    assert GttsEngine.native_sample_rate == 24000


def test_engine_status():
    assert engine_status("espeak") == (True, "ready")


def test_espeak_speaks_vietnamese():
    wav = get_engine("espeak").synthesize("Hội nghị tập huấn công tác bảo vệ nền tảng tư tưởng.")
    pcm = decode_to_pcm(wav, 24000)
    seconds = len(pcm) / 2 / 24000
    assert 1.5 < seconds < 8
    samples = memoryview(pcm).cast("h")
    assert max(abs(s) for s in samples) > 3000  # not silence


def test_espeak_voices_differ_and_speed_shortens():
    text = "Bão số bốn gây mưa lớn ở miền Trung."
    north = get_engine("espeak").synthesize(text)
    south = get_engine("espeak", voice="vi-vn-x-south").synthesize(text)
    fast = get_engine("espeak", speed=1.5).synthesize(text)
    assert north != south
    assert len(fast) < 0.8 * len(north)


def test_espeak_unknown_voice():
    with pytest.raises(SynthesisError, match="no voice"):
        get_engine("espeak", voice="xx-nope").synthesize("xin chào")


@responses.activate
def test_gtts_through_gtts_code_with_mocked_transport(real_mp3_bytes):
    responses.add(responses.POST, GTTS_URL, body=gtts_answer(real_mp3_bytes), status=200)
    engine = GttsEngine()
    text = "Hơn một nghìn sáu trăm đại biểu tham gia tập huấn."
    audio = engine.synthesize(text)
    assert audio == real_mp3_bytes
    assert len(responses.calls) == 1
    call = responses.calls[0]
    assert sent_text(call.request) == text
    # Certificates verified and a timeout always set (gTTS itself sends verify=False).
    assert call.request.req_kwargs["verify"] is True
    assert call.request.req_kwargs["timeout"] == engine.timeout
    assert len(decode_to_pcm(audio, 24000)) > 0


@responses.activate
def test_gtts_reuses_one_session(real_mp3_bytes):
    responses.add(responses.POST, GTTS_URL, body=gtts_answer(real_mp3_bytes))
    from audionews.engines import gtts_engine

    engine = GttsEngine()
    engine.synthesize("Một.")
    first = gtts_engine.shared_session()
    engine.synthesize("Hai.")
    assert gtts_engine.shared_session() is first
    assert len(responses.calls) == 2


@responses.activate
def test_gtts_network_failure_is_clear():
    responses.add(responses.POST, GTTS_URL, body=requests.ConnectionError("no route"))
    with pytest.raises(EngineUnavailableError, match="cannot reach Google TTS.*--engine espeak"):
        GttsEngine().synthesize("Xin chào.")


@responses.activate
def test_gtts_answer_without_audio():
    responses.add(responses.POST, GTTS_URL, body=')]}\'\n[["wrb.fr","jQ1olc",null]]')
    with pytest.raises(SynthesisError, match="without audio"):
        GttsEngine().synthesize("Xin chào.")


@responses.activate
def test_gtts_http_error():
    responses.add(responses.POST, GTTS_URL, status=500)
    with pytest.raises(SynthesisError, match="HTTP 500"):
        GttsEngine().synthesize("Xin chào.")


def test_a_wav_at_the_wanted_rate_is_read_as_is_and_others_are_resampled():
    from audionews.engines.espeak import pcm_to_wav

    pcm = bytes(range(256)) * 40  # 5120 samples of arbitrary 16-bit values
    assert decode_to_pcm(pcm_to_wav(pcm, 22050), 22050) == pcm
    resampled = decode_to_pcm(pcm_to_wav(pcm, 22050), 44100)
    assert abs(len(resampled) - 2 * len(pcm)) <= 8
    with pytest.raises(AudioNewsError):
        decode_to_pcm(b"RIFF\x00\x00\x00\x00WAVEjunk", 22050)
