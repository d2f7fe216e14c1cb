"""Audio plumbing shared by the stages: decoding clips, finding ffmpeg, encoding.

Clips are decoded in-process (miniaudio) straight to 16-bit mono PCM at the episode's
sample rate; starting one ffmpeg per clip would cost more than the synthesis. An MP3
episode is encoded in-process too (``mp3``), a WAV one by a single ffmpeg process fed
through a pipe. ffmpeg comes from PATH when present, else from the ``imageio-ffmpeg``
wheel.
"""

from __future__ import annotations

import contextlib
import functools
import os
import queue
import shutil
import subprocess
import threading
import warnings
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import IO, Any, TypeVar

from .errors import AudioError


def __getattr__(name: str) -> Any:
    # pydub is imported only when asked for: it costs import time on every run and
    # the pipeline itself works on raw PCM.
    if name in ("AudioSegment", "detect_leading_silence"):
        with warnings.catch_warnings():
            # pydub looks for ffmpeg on PATH at import and warns; we point it at ours.
            warnings.simplefilter("ignore", RuntimeWarning)
            from pydub import AudioSegment
            from pydub.silence import detect_leading_silence
        return {"AudioSegment": AudioSegment,
                "detect_leading_silence": detect_leading_silence}[name]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

SAMPLE_WIDTH = 2  # bytes: 16-bit PCM throughout
FORMATS = ("mp3", "wav")
_T = TypeVar("_T")
# Chunks (clips and pauses) waiting for the encoder, at most.
_FEED_QUEUE_CHUNKS = 16


@functools.cache
def ffmpeg_exe() -> str:
    """Path of an ffmpeg binary: ``$AUDIONEWS_FFMPEG``, PATH, or the bundled one.

    Raises:
        AudioError: when no ffmpeg can be found.
    """
    explicit = os.environ.get("AUDIONEWS_FFMPEG")
    if explicit:
        return explicit
    on_path = shutil.which("ffmpeg")
    if on_path:
        return on_path
    try:
        import imageio_ffmpeg

        return str(imageio_ffmpeg.get_ffmpeg_exe())
    except (ImportError, RuntimeError) as exc:
        raise AudioError(
            "no ffmpeg found: pip install imageio-ffmpeg, or put ffmpeg on PATH"
        ) from exc


def use_our_ffmpeg_in_pydub() -> None:
    """Point pydub's converter at the ffmpeg we found (it only looks on PATH)."""
    from pydub import AudioSegment

    AudioSegment.converter = ffmpeg_exe()


def decode_to_pcm(data: bytes, sample_rate: int) -> bytes:
    """Decode WAV/MP3/FLAC/OGG bytes to 16-bit mono PCM at ``sample_rate``.

    Raises:
        AudioError: when the bytes are not decodable audio.
    """
    as_is = _plain_wav_pcm(data, sample_rate)
    if as_is is not None:
        return as_is
    import miniaudio  # here, not at import: the CLI starts faster without it

    try:
        decoded = miniaudio.decode(
            data,
            output_format=miniaudio.SampleFormat.SIGNED16,
            nchannels=1,
            sample_rate=sample_rate,
        )
    except miniaudio.DecodeError as exc:
        raise AudioError(f"cannot decode audio clip ({len(data)} bytes): {exc}") from exc
    return decoded.samples.tobytes()


def _plain_wav_pcm(data: bytes, sample_rate: int) -> bytes | None:
    """The samples of a 16-bit mono WAV already at ``sample_rate`` (an offline voice's
    usual answer), read as they are; None for anything that needs a decoder."""
    if data[:4] != b"RIFF" or data[8:12] != b"WAVE":
        return None
    import io
    import wave

    try:
        with wave.open(io.BytesIO(data)) as wav:
            if (wav.getnchannels(), wav.getsampwidth(), wav.getframerate()) != (
                    1, SAMPLE_WIDTH, sample_rate):
                return None
            return wav.readframes(wav.getnframes())
    except (wave.Error, EOFError):
        return None


def decode_file_to_pcm(path: Path, sample_rate: int) -> bytes:
    """Decode any audio file ffmpeg reads to 16-bit mono PCM (for jingles and such)."""
    cmd = [
        ffmpeg_exe(), "-v", "error", "-i", str(path),
        "-f", "s16le", "-ac", "1", "-ar", str(sample_rate), "pipe:1",
    ]
    proc = subprocess.run(cmd, capture_output=True)
    if proc.returncode != 0:
        raise AudioError(f"cannot decode {path}: {_last_line(proc.stderr)}")
    return proc.stdout


def encode_pcm(
    chunks: Iterable[bytes],
    path: Path,
    *,
    sample_rate: int,
    fmt: str = "mp3",
    bitrate: str = "64k",
    channels: int = 1,
    metadata: Mapping[str, str] | None = None,
    read_encoded: Callable[[IO[bytes]], _T] | None = None,
) -> _T | None:
    """Encode mono 16-bit PCM chunks into one file.

    MP3 is encoded in-process by LAME (see ``mp3``: blocks cut at pauses, encoded in
    parallel); WAV by one ffmpeg process, which also writes ``metadata`` into its INFO
    chunk. MP3 tags are written afterwards with mutagen (see ``tag``).

    Args:
        chunks: the PCM, in pieces, encoded as they come (a generator may still be
            producing them: synthesis and mastering overlap the encode).
        path: the file to write.
        sample_rate: the PCM's rate, which is the file's.
        fmt: ``mp3`` or ``wav``.
        bitrate: the MP3 bitrate.
        channels: 1, or 2 for the mono PCM as dual mono.
        metadata: container metadata (WAV INFO).
        read_encoded: called with a stream of the file's bytes; for an MP3 in a thread,
            as the file is written, so the caller can decode and measure the file
            while it is being encoded. Whatever it returns is returned.

    Returns:
        ``read_encoded``'s result, or None.

    Raises:
        AudioError: when the encoder fails. Whatever ``chunks`` raises is raised after
            the encoder is stopped.
    """
    if fmt not in FORMATS:
        raise AudioError(f"unknown output format {fmt!r}; use one of {FORMATS}")
    if fmt == "mp3":
        from .mp3 import encode_mp3

        return encode_mp3(chunks, path, sample_rate=sample_rate, bitrate=bitrate,
                          channels=channels, read_encoded=read_encoded)
    _encode_wav(chunks, path, sample_rate=sample_rate, channels=channels, metadata=metadata)
    if read_encoded is None:
        return None
    with open(path, "rb") as stream:
        return read_encoded(stream)


def _encode_wav(chunks: Iterable[bytes], path: Path, *, sample_rate: int, channels: int,
                metadata: Mapping[str, str] | None) -> None:
    """16-bit WAV through one ffmpeg process, its INFO chunk holding ``metadata``."""
    cmd = [
        ffmpeg_exe(), "-v", "error", "-y", "-f", "s16le", "-ar", str(sample_rate), "-ac", "1",
        "-i", "pipe:0",
    ]
    if channels == 2:
        # Dual mono at full level: ffmpeg's own mono->stereo upmix treats mono as a centre
        # channel and lowers it 3 dB, which would undo the loudness set in mastering.
        cmd += ["-af", "pan=stereo|c0=c0|c1=c0"]
    else:
        cmd += ["-ac", str(channels)]
    cmd += ["-codec:a", "pcm_s16le"]
    for key, value in (metadata or {}).items():
        cmd += ["-metadata", f"{key}={value}"]
    cmd += ["-f", "wav", str(path)]
    proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdin is not None and proc.stderr is not None
    # A thread feeds the pipe, so producing the next chunks goes on while ffmpeg writes.
    feeder = _PipeFeeder(proc.stdin)
    try:
        for chunk in chunks:
            feeder.put(chunk)
    except BaseException:
        proc.kill()
        feeder.close()
        proc.wait()
        raise
    feeder.close()
    err = proc.stderr.read()
    if proc.wait() != 0:
        raise AudioError(f"ffmpeg could not encode {path.name}: {_last_line(err)}")


class _PipeFeeder:
    """Writes queued chunks to a pipe from its own thread; ``close`` drains and closes."""

    def __init__(self, pipe: IO[bytes]) -> None:
        self._pipe = pipe
        # Bounded: when the encoder is behind, the producer waits instead of piling the
        # rest of a long episode up in memory.
        self._queue: queue.Queue[bytes | None] = queue.Queue(maxsize=_FEED_QUEUE_CHUNKS)
        self._thread = threading.Thread(target=self._run, name="encoder-feed", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        broken = False
        while (chunk := self._queue.get()) is not None:
            if not broken:
                try:
                    self._pipe.write(chunk)
                except (BrokenPipeError, ValueError):
                    broken = True  # ffmpeg stopped: its exit status tells why
        with contextlib.suppress(BrokenPipeError):
            self._pipe.close()

    def put(self, chunk: bytes) -> None:
        self._queue.put(chunk)

    def close(self) -> None:
        self._queue.put(None)
        self._thread.join()


def _last_line(stderr: bytes) -> str:
    lines = stderr.decode("utf-8", "replace").strip().splitlines()
    return lines[-1] if lines else "unknown error"
