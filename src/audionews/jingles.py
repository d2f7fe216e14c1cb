"""Jingles: intro, outro and transition stings, and a music bed under the opening.

Jingle files may be any format ffmpeg reads (WAV, MP3, FLAC, OGG...). Each is decoded
once to the programme's rate, levelled to the clip reference loudness like speech (so a
loud jingle does not jump out), faded in and out, and overlapped with the speech's
silent lead-in or tail (a crossfade that never fades a spoken word). The bed plays
under the first spoken item (the bulletin's opening or the headline), ducked under the
voice and faded out after it.
This module holds the settings (read with the options); the mixing itself, on mono
float samples, is in ``mixing`` and runs only when jingles are used.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .errors import ConfigError


@dataclass(frozen=True)
class Jingles:
    """Which jingle files to use and how to blend them (times in ms, levels in dB)."""

    intro: Path | None = None
    outro: Path | None = None
    transition: Path | None = None
    bed: Path | None = None
    fade_ms: int = 300
    crossfade_ms: int = 600
    bed_level_db: float = -14.0  # the bed under the voice, relative to speech
    duck_db: float = -10.0  # further down while someone speaks
    bed_tail_ms: int = 1500  # the bed goes on this long after the opening, fading

    def __post_init__(self) -> None:
        for name in ("intro", "outro", "transition", "bed"):
            path = getattr(self, name)
            if path is not None and not Path(path).is_file():
                raise ConfigError(f"{name} jingle {path} does not exist")

    @property
    def any(self) -> bool:
        return any((self.intro, self.outro, self.transition, self.bed))
