"""The offline voice: espeak-ng's Vietnamese voices through its C library.

The library and its voice data come inside the ``espeakng-loader`` wheel, so nothing
needs to be installed on the system. espeak-ng keeps global state, so one process
talks to it through a lock; parallelism across articles uses processes.
"""

from __future__ import annotations

import ctypes
import io
import threading
import wave
from typing import Any, ClassVar

from ..errors import EngineUnavailableError, SynthesisError
from . import Engine

_AUDIO_OUTPUT_SYNCHRONOUS = 2
_POS_CHARACTER = 1
_CHARS_UTF8 = 1
_PARAM_RATE = 1
_DEFAULT_RATE_WPM = 175  # espeak-ng's own default speaking rate
# Audio handed to the callback at a time: a second rather than espeak-ng's 60 ms default,
# so the callback (which takes the GIL from mastering and encoding) runs 16x less often.
_CALLBACK_BUFFER_MS = 1000
# What espeak-ng's voices are made at (espeak_Initialize returns it; a test checks).
ESPEAK_SAMPLE_RATE = 22050

_SynthCallback = ctypes.CFUNCTYPE(
    ctypes.c_int, ctypes.POINTER(ctypes.c_short), ctypes.c_int, ctypes.c_void_p
)


class _EspeakLibrary:
    """The loaded libespeak-ng, initialized once per process."""

    def __init__(self) -> None:
        try:
            import espeakng_loader
        except ImportError as exc:
            raise EngineUnavailableError(
                "espeak-ng is not installed (pip install espeakng-loader)"
            ) from exc
        try:
            self.lib = ctypes.CDLL(espeakng_loader.get_library_path())
            data_path = espeakng_loader.get_data_path()
        except (OSError, RuntimeError) as exc:
            raise EngineUnavailableError(f"cannot load the espeak-ng library: {exc}") from exc
        self.lib.espeak_Initialize.restype = ctypes.c_int
        self.lib.espeak_Initialize.argtypes = [
            ctypes.c_int, ctypes.c_int, ctypes.c_char_p, ctypes.c_int,
        ]
        self.lib.espeak_SetVoiceByName.argtypes = [ctypes.c_char_p]
        self.lib.espeak_SetParameter.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_int]
        self.lib.espeak_Synth.argtypes = [
            ctypes.c_void_p, ctypes.c_size_t, ctypes.c_uint, ctypes.c_int, ctypes.c_uint,
            ctypes.c_uint, ctypes.c_void_p, ctypes.c_void_p,
        ]
        self.sample_rate = self.lib.espeak_Initialize(
            _AUDIO_OUTPUT_SYNCHRONOUS, _CALLBACK_BUFFER_MS, data_path.encode(), 0
        )
        if self.sample_rate <= 0:
            raise EngineUnavailableError(f"espeak-ng failed to initialize with data at {data_path}")
        self._chunks: list[bytes] = []
        # Keep a reference: ctypes callbacks are freed when collected.
        self._callback = _SynthCallback(self._on_audio)
        self.lib.espeak_SetSynthCallback(self._callback)
        self.lock = threading.Lock()
        self._voice: str | None = None

    def _on_audio(self, wav: Any, numsamples: int, _events: Any) -> int:
        if numsamples > 0:
            self._chunks.append(ctypes.string_at(wav, numsamples * 2))
        return 0  # 0 = go on synthesizing

    def speak(self, text: str, voice: str, rate_wpm: int) -> bytes:
        """16-bit mono PCM at ``self.sample_rate`` for ``text``."""
        encoded = text.encode("utf-8") + b"\0"
        with self.lock:
            # Loading a voice reads its data files: only do it when the voice changes.
            if voice != self._voice:
                self._voice = None
                if self.lib.espeak_SetVoiceByName(voice.encode()) != 0:
                    raise SynthesisError(f"espeak-ng has no voice {voice!r}")
                self._voice = voice
            self.lib.espeak_SetParameter(_PARAM_RATE, rate_wpm, 0)
            self._chunks = []
            status = self.lib.espeak_Synth(
                encoded, len(encoded), 0, _POS_CHARACTER, 0, _CHARS_UTF8, None, None
            )
            if status != 0:
                raise SynthesisError(f"espeak-ng failed (status {status}) on: {text[:60]!r}")
            pcm = b"".join(self._chunks)
            self._chunks = []
        return pcm


_library: _EspeakLibrary | None = None
_library_lock = threading.Lock()


def _get_library() -> _EspeakLibrary:
    global _library
    with _library_lock:
        if _library is None:
            _library = _EspeakLibrary()
        return _library


def pcm_to_wav(pcm: bytes, sample_rate: int) -> bytes:
    """Wrap 16-bit mono PCM in a WAV container."""
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(sample_rate)
        out.writeframes(pcm)
    return buffer.getvalue()


class EspeakEngine(Engine):
    """espeak-ng, offline. Voices: ``vi`` (northern), ``vi-vn-x-central``, ``vi-vn-x-south``."""

    name: ClassVar[str] = "espeak"
    needs_network: ClassVar[bool] = False
    max_chars: ClassVar[int] = 20000
    languages: ClassVar[tuple[str, ...]] = ("vi",)
    default_jobs: ClassVar[int] = 1  # the library is serialized by a lock
    native_speed: ClassVar[bool] = True  # speed is its own rate: no tempo pass afterwards
    native_sample_rate: ClassVar[int | None] = ESPEAK_SAMPLE_RATE

    def __init__(self, lang: str = "vi", voice: str | None = None, speed: float = 1.0) -> None:
        super().__init__(lang=lang, voice=voice or lang, speed=speed)

    def check(self) -> None:
        _get_library()

    def synthesize(self, text: str) -> bytes:
        library = _get_library()
        # espeak's native rate control keeps pitch, so speed maps onto words per minute.
        rate = max(80, min(450, round(_DEFAULT_RATE_WPM * self.speed)))
        pcm = library.speak(text, self.voice or self.lang, rate)
        if not pcm:
            raise SynthesisError(f"espeak-ng produced no audio for: {text[:60]!r}")
        return pcm_to_wav(pcm, library.sample_rate)
