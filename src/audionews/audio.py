"""Audio plumbing shared by the stages: decoding clips, finding ffmpeg, encoding.

Clips are decoded in-process (miniaudio) straight to 16-bit mono PCM at the episode's
sample rate; starting one ffmpeg per clip would cost more than the synthesis. The
episode is encoded by a single ffmpeg process fed through a pipe. ffmpeg comes from
PATH when present, else from the ``imageio-ffmpeg`` wheel.
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import warnings
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import miniaudio

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
    out_sample_rate: int | None = None,
    channels: int = 1,
    metadata: Mapping[str, str] | None = None,
) -> None:
    """Encode mono 16-bit PCM chunks into one file with a single ffmpeg process.

    ``metadata`` goes into the container where ffmpeg can put it (a WAV's INFO chunk);
    MP3 tags are written afterwards with mutagen (see ``tag``).

    Raises:
        AudioError: when ffmpeg fails.
    """
    if fmt not in FORMATS:
        raise AudioError(f"unknown output format {fmt!r}; use one of {FORMATS}")
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
    if out_sample_rate and out_sample_rate != sample_rate:
        cmd += ["-ar", str(out_sample_rate)]
    if fmt == "mp3":
        cmd += ["-codec:a", "libmp3lame", "-b:a", bitrate, "-write_xing", "1",
                "-id3v2_version", "0", "-f", "mp3"]
    else:
        cmd += ["-codec:a", "pcm_s16le", "-f", "wav"]
    for key, value in (metadata or {}).items():
        cmd += ["-metadata", f"{key}={value}"]
    cmd.append(str(path))
    proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdin is not None and proc.stderr is not None
    try:
        for chunk in chunks:
            proc.stdin.write(chunk)
        proc.stdin.close()
    except BrokenPipeError:
        pass
    err = proc.stderr.read()
    if proc.wait() != 0:
        raise AudioError(f"ffmpeg could not encode {path.name}: {_last_line(err)}")


def _last_line(stderr: bytes) -> str:
    lines = stderr.decode("utf-8", "replace").strip().splitlines()
    return lines[-1] if lines else "unknown error"
