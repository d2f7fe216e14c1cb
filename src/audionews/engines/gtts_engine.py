"""The online voice: Google Translate's text-to-speech through the ``gtts`` package.

gTTS builds the requests and knows the answer format; we send them ourselves so that
every request verifies TLS certificates, carries a timeout and reuses one pooled
``requests.Session`` (gTTS 2.5.4 opens a new session per request, with
``verify=False`` and no default timeout). The transport stays plain ``requests``, so
tests mock it with ``responses``.

Transient failures (HTTP 429 and 5xx, timeouts, dropped connections, an answer cut
short) are retried by ``tenacity`` with exponential backoff and jitter, waiting at
least as long as a ``Retry-After`` header asks. Every attempt first takes a slot from
the process-wide rate limiter (``--max-rps``).
"""

from __future__ import annotations

import base64
import binascii
import re
import threading
import time
from typing import TYPE_CHECKING, ClassVar

from ..errors import EngineUnavailableError, SynthesisError
from ..ratelimit import current_limiter
from . import Engine

if TYPE_CHECKING:  # requests and tenacity are imported on first use: an offline run
    import requests  # never pays their import time
    from tenacity import RetryCallState

GOOGLE_TTS_MAX_CHARS = 100  # gTTS's own limit per request
_AUDIO_RE = re.compile(r'jQ1olc","\[\\"(.*?)\\"]')
_OFFLINE_HINT = "use --engine espeak to work offline"
# 408 Request Timeout, 425 Too Early, 429 Too Many Requests, and every 5xx.
_RETRY_STATUSES = frozenset({408, 425, 429})
_MAX_RETRY_AFTER_S = 120.0  # a server asking for longer than this is treated as down

_session: requests.Session | None = None
_session_lock = threading.Lock()


def _sleep(seconds: float) -> None:
    """Backoff sleep; a module function so tests can make retries instant."""
    time.sleep(seconds)


def shared_session(pool_size: int = 16) -> requests.Session:
    """One keep-alive session for all requests and threads of this process."""
    global _session
    with _session_lock:
        if _session is None:
            import requests
            from requests.adapters import HTTPAdapter

            session = requests.Session()
            adapter = HTTPAdapter(pool_connections=pool_size, pool_maxsize=pool_size)
            session.mount("https://", adapter)
            session.mount("http://", adapter)
            _session = session
        return _session


def decode_answer(body: str) -> bytes:
    """The MP3 bytes in a batchexecute answer, the way gTTS reads them.

    Raises:
        SynthesisError: the answer holds no (readable) audio.
    """
    audio = b""
    for line in body.splitlines():
        if "jQ1olc" in line:
            match = _AUDIO_RE.search(line)
            if not match:
                raise SynthesisError("Google TTS answered without audio")
            try:
                audio += base64.b64decode(match.group(1).encode("ascii"), validate=True)
            except (binascii.Error, UnicodeEncodeError) as exc:
                raise SynthesisError("Google TTS answered with damaged audio") from exc
    if not audio:
        raise SynthesisError("Google TTS answered without audio")
    return audio


class _TransientError(Exception):
    """A failure worth retrying; ``final`` is the error to raise if retries run out."""

    def __init__(self, final: Exception, retry_after: float | None = None) -> None:
        super().__init__(str(final))
        self.final = final
        self.retry_after = retry_after


def _retry_after_seconds(response: requests.Response) -> float | None:
    value = response.headers.get("Retry-After")
    if not value:
        return None
    from urllib3.util.retry import Retry

    try:
        # urllib3 reads both forms: delta-seconds and an HTTP date.
        return float(Retry().parse_retry_after(value))
    except Exception:  # a malformed header must not turn a retry into a crash
        return None


class GttsEngine(Engine):
    """Google Translate TTS (online). Voice = top-level domain accent, e.g. ``com.vn``.

    Args:
        timeout: seconds for each HTTP request (connect and read).
        attempts: tries per request before giving up on transient failures.
        backoff_s / backoff_max_s: first and longest wait between tries (jittered).
    """

    name: ClassVar[str] = "gtts"
    needs_network: ClassVar[bool] = True
    max_chars: ClassVar[int] = GOOGLE_TTS_MAX_CHARS
    languages: ClassVar[tuple[str, ...]] = ("vi",)
    default_jobs: ClassVar[int] = 4
    native_sample_rate: ClassVar[int | None] = 24000  # Google's MP3s: 24 kHz mono

    def __init__(
        self,
        lang: str = "vi",
        voice: str | None = None,
        speed: float = 1.0,
        timeout: float = 15.0,
        attempts: int = 6,
        backoff_s: float = 0.5,
        backoff_max_s: float = 30.0,
    ) -> None:
        super().__init__(lang=lang, voice=voice or "com", speed=speed)
        self.timeout = timeout
        self.attempts = max(1, attempts)
        self.backoff_s = backoff_s
        self.backoff_max_s = backoff_max_s

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

    def _send_once(self, request: requests.PreparedRequest) -> bytes:
        import requests

        current_limiter().acquire()
        try:
            response = shared_session().send(request, timeout=self.timeout, verify=True)
        except (requests.exceptions.ConnectionError, requests.exceptions.Timeout,
                requests.exceptions.ChunkedEncodingError) as exc:
            raise _TransientError(EngineUnavailableError(
                f"cannot reach Google TTS ({type(exc).__name__}); {_OFFLINE_HINT}"
            )) from exc
        except requests.exceptions.RequestException as exc:
            raise EngineUnavailableError(
                f"cannot reach Google TTS ({type(exc).__name__}); {_OFFLINE_HINT}"
            ) from exc
        status = response.status_code
        if status != 200:
            refused = SynthesisError(
                f"Google TTS refused the request (HTTP {status}); {_OFFLINE_HINT}"
            )
            if status in _RETRY_STATUSES or status >= 500:
                raise _TransientError(refused, _retry_after_seconds(response))
            raise refused
        try:
            return decode_answer(response.text)
        except SynthesisError as exc:  # cut short or garbled on the way: ask again
            raise _TransientError(exc) from exc

    def _wait(self, state: RetryCallState) -> float:
        from tenacity import wait_exponential, wait_random

        # Exponential backoff plus random jitter, so parallel clients do not retry in step.
        backoff = (wait_exponential(multiplier=self.backoff_s, max=self.backoff_max_s)
                   + wait_random(0, self.backoff_s))(state)
        outcome = state.outcome
        error = outcome.exception() if outcome else None
        asked = getattr(error, "retry_after", None)
        if asked is not None:
            if asked > _MAX_RETRY_AFTER_S:
                raise (error.final if isinstance(error, _TransientError) else SynthesisError(
                    f"Google TTS asks to wait {asked:.0f} s"))
            return max(backoff, asked)
        return backoff

    def send(self, request: requests.PreparedRequest) -> bytes:
        """Send one prepared request, retrying transient failures; return its MP3 bytes.

        Raises:
            EngineUnavailableError: Google could not be reached after every attempt.
            SynthesisError: Google refused the request, or kept answering badly.
        """
        from tenacity import RetryError, Retrying, retry_if_exception_type, stop_after_attempt

        retrying = Retrying(
            retry=retry_if_exception_type(_TransientError),
            stop=stop_after_attempt(self.attempts),
            wait=self._wait,
            sleep=lambda seconds: _sleep(seconds),
            reraise=False,
        )
        try:
            return retrying(self._send_once, request)
        except RetryError as exc:
            last = exc.last_attempt.exception()
            final = last.final if isinstance(last, _TransientError) else SynthesisError(str(last))
            raise type(final)(f"{final} (gave up after {self.attempts} attempts)") from last

    def synthesize(self, text: str) -> bytes:
        return b"".join(self.send(request) for request in self.prepare(text))
