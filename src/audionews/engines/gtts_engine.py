"""The online voice: Google Translate's text-to-speech through the ``gtts`` package.

gTTS builds the requests and knows the answer format; we send them ourselves so that
every request verifies TLS certificates, carries a timeout and reuses one pooled
``requests.Session`` (gTTS 2.5.4 opens a new session per request, with
``verify=False`` and no default timeout). The transport stays plain ``requests``, so
tests mock it with ``responses``.
"""

from __future__ import annotations

import base64
import re
import threading
from typing import ClassVar

import requests
from requests.adapters import HTTPAdapter

from ..errors import EngineUnavailableError, SynthesisError
from . import Engine

GOOGLE_TTS_MAX_CHARS = 100  # gTTS's own limit per request
_AUDIO_RE = re.compile(r'jQ1olc","\[\\"(.*?)\\"]')
_OFFLINE_HINT = "use --engine espeak to work offline"

_session: requests.Session | None = None
_session_lock = threading.Lock()


def shared_session(pool_size: int = 16) -> requests.Session:
    """One keep-alive session for all requests and threads of this process."""
    global _session
    with _session_lock:
        if _session is None:
            session = requests.Session()
            adapter = HTTPAdapter(pool_connections=pool_size, pool_maxsize=pool_size)
            session.mount("https://", adapter)
            session.mount("http://", adapter)
            _session = session
        return _session


def decode_answer(body: str) -> bytes:
    """The MP3 bytes in a batchexecute answer, the way gTTS reads them."""
    audio = b""
    for line in body.splitlines():
        if "jQ1olc" in line:
            match = _AUDIO_RE.search(line)
            if not match:
                raise SynthesisError("Google TTS answered without audio")
            audio += base64.b64decode(match.group(1).encode("ascii"))
    if not audio:
        raise SynthesisError("Google TTS answered without audio")
    return audio


class GttsEngine(Engine):
    """Google Translate TTS (online). Voice = top-level domain accent, e.g. ``com.vn``."""

    name: ClassVar[str] = "gtts"
    needs_network: ClassVar[bool] = True
    max_chars: ClassVar[int] = GOOGLE_TTS_MAX_CHARS
    languages: ClassVar[tuple[str, ...]] = ("vi",)
    default_jobs: ClassVar[int] = 4

    def __init__(
        self, lang: str = "vi", voice: str | None = None, speed: float = 1.0, timeout: float = 15.0
    ) -> None:
        super().__init__(lang=lang, voice=voice or "com", speed=speed)
        self.timeout = timeout

    def check(self) -> None:
        try:
            import gtts  # noqa: F401
        except ImportError as exc:
            raise EngineUnavailableError("gTTS is not installed (pip install gtts)") from exc

    def prepare(self, text: str) -> list[requests.PreparedRequest]:
        """gTTS's own requests for ``text``, one per piece it decides to send."""
        from gtts import gTTS

        tts = gTTS(text, lang=self.lang, tld=self.voice or "com", lang_check=False)
        return tts._prepare_requests()  # the public API would also send them, unsafely

    def synthesize(self, text: str) -> bytes:
        session = shared_session()
        audio = b""
        for request in self.prepare(text):
            try:
                response = session.send(request, timeout=self.timeout, verify=True)
            except requests.exceptions.RequestException as exc:
                raise EngineUnavailableError(
                    f"cannot reach Google TTS ({type(exc).__name__}); {_OFFLINE_HINT}"
                ) from exc
            if response.status_code != 200:
                raise SynthesisError(
                    f"Google TTS refused the request (HTTP {response.status_code}); {_OFFLINE_HINT}"
                )
            audio += decode_answer(response.text)
        return audio
