"""Change the tempo of a clip without changing its pitch (ffmpeg's ``atempo``).

Used for engines with no speaking-rate control of their own (gTTS): espeak-ng speeds
up natively and never comes here. A clip at speed 1.0 is returned untouched, so the
common case starts no process.
"""

from __future__ import annotations

import subprocess

from .audio import SAMPLE_WIDTH, ffmpeg_exe
from .errors import AudioError, ConfigError

MIN_SPEED = 0.5
MAX_SPEED = 2.0


def check_speed(speed: float) -> float:
    """``speed`` if it is within 0.5-2.0.

    Raises:
        ConfigError: when it is not.
    """
    if not MIN_SPEED <= speed <= MAX_SPEED:
        raise ConfigError(f"speed {speed} is out of range ({MIN_SPEED} to {MAX_SPEED})")
    return speed


def change_tempo(pcm: bytes, sample_rate: int, speed: float) -> bytes:
    """16-bit mono ``pcm`` played ``speed`` times faster, at the same pitch.

    Args:
        pcm: 16-bit mono PCM.
        sample_rate: its rate (kept).
        speed: 0.5 (half as fast) to 2.0 (twice as fast).

    Returns:
        PCM about ``len(pcm) / speed`` long.

    Raises:
        ConfigError: speed out of range. AudioError: ffmpeg failed.
    """
    check_speed(speed)
    if speed == 1.0 or not pcm:
        return pcm
    fmt = ["-f", "s16le", "-ar", str(sample_rate), "-ac", "1"]
    cmd = [ffmpeg_exe(), "-v", "error", *fmt, "-i", "pipe:0",
           "-filter:a", f"atempo={speed:.4f}", *fmt, "pipe:1"]
    proc = subprocess.run(cmd, input=pcm, capture_output=True)
    if proc.returncode != 0:
        message = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        raise AudioError(f"ffmpeg atempo failed: {message[-1] if message else 'unknown error'}")
    out = proc.stdout
    return out[: len(out) - len(out) % SAMPLE_WIDTH]
