"""Shared fixtures: a fake engine, a CLI runner, and real MP3 bytes for gTTS mocks."""

from __future__ import annotations

import io
import wave
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import pytest
from click.testing import CliRunner, Result

from audionews.engines import Engine, register_engine, unregister_engine

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
MAIN_SAMPLE = EXAMPLES / "baotuyenquang-tap-huan-2024.txt"
FAKE_RATE = 16000
FAKE_MS_PER_CHAR = 20


def tone_wav(ms: int, rate: int = FAKE_RATE, freq: float = 440.0, gain_db: float = -12.0) -> bytes:
    """A sine tone as WAV bytes (stdlib only, so the fake engine shares no code under test)."""
    import math

    n = round(ms * rate / 1000)
    amp = 32767 * 10 ** (gain_db / 20)
    frames = b"".join(
        int(amp * math.sin(2 * math.pi * freq * i / rate)).to_bytes(2, "little", signed=True)
        for i in range(n)
    )
    buf = io.BytesIO()
    with wave.open(buf, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(frames)
    return buf.getvalue()


class FakeEngine(Engine):
    """Answers every text with a tone whose length is proportional to the text."""

    name: ClassVar[str] = "fake"
    max_chars: ClassVar[int] = 400
    calls: ClassVar[list[str]] = []

    def synthesize(self, text: str) -> bytes:
        FakeEngine.calls.append(text)
        return tone_wav(FAKE_MS_PER_CHAR * len(text))


@pytest.fixture(autouse=True)
def fake_engine(monkeypatch: pytest.MonkeyPatch) -> Iterator[type[FakeEngine]]:
    # Only our own engines: nothing installed on the machine leaks into the tests.
    monkeypatch.setenv("AUDIONEWS_ENGINES", "espeak,gtts")
    FakeEngine.calls = []
    register_engine(FakeEngine)
    try:
        yield FakeEngine
    finally:
        unregister_engine("fake")


@pytest.fixture(autouse=True)
def isolated_cache(
    monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
) -> Path:
    """Every test gets its own clip cache, never the user's (and not inside tmp_path)."""
    folder = tmp_path_factory.mktemp("clip-cache")
    monkeypatch.setenv("AUDIONEWS_CACHE_DIR", str(folder))
    return folder


@pytest.fixture(autouse=True)
def retry_sleeps(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Backoff waits are recorded instead of slept (tests assert on them)."""
    from audionews.engines import gtts_engine

    slept: list[float] = []
    monkeypatch.setattr(gtts_engine, "_sleep", slept.append)
    return slept


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def invoke(runner: CliRunner, args: list[str], input: bytes | str | None = None) -> Result:
    from audionews.cli import cli

    return runner.invoke(cli, args, input=input, catch_exceptions=False)


@pytest.fixture(scope="session")
def real_mp3_bytes(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """A real MP3 made in-process: espeak-ng speech encoded by ffmpeg."""
    from audionews.audio import decode_to_pcm, encode_pcm
    from audionews.engines.espeak import EspeakEngine

    pcm = decode_to_pcm(EspeakEngine().synthesize("Xin chào các bạn."), 24000)
    path = tmp_path_factory.mktemp("mp3") / "hello.mp3"
    encode_pcm([pcm], path, sample_rate=24000, bitrate="32k")
    return path.read_bytes()
