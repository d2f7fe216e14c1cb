"""Mastering: the assembled programme to the PCM that is encoded, at a set loudness.

Adds the jingles, normalizes the integrated loudness to the target (podcast -16 LUFS,
broadcast -23 LUFS, or a number) under a -1 dBTP ceiling, and shifts the timeline by
whatever the intro jingle put in front. Also measures a finished file, for the
manifest: the figures recorded are those of the file a listener gets.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path

import miniaudio
import numpy as np

from .assemble import Programme
from .errors import AudioError
from .jingles import Jingles, apply_jingles
from .loudness import (
    LOSSY_PEAK_MARGIN_DB,
    TRUE_PEAK_CEILING_DBTP,
    Loudness,
    block_powers,
    float_to_pcm,
    level_spans,
    measure,
    normalize,
    pcm_to_float,
)
from .model import TimedSegment

LOSSY_FORMATS = ("mp3",)


@dataclass
class Mastered:
    """The programme ready to encode: PCM, its timeline, and its measured loudness."""

    pcm: bytes
    timeline: list[TimedSegment]
    sample_rate: int
    loudness: Loudness

    @property
    def duration_ms(self) -> int:
        return round(len(self.pcm) // 2 * 1000 / self.sample_rate)


def master(
    programme: Programme,
    target_lufs: float,
    *,
    audio_format: str = "mp3",
    channels: int = 1,
    jingles: Jingles | None = None,
    ceiling_dbtp: float = TRUE_PEAK_CEILING_DBTP,
) -> Mastered:
    """Jingles, loudness and true-peak limiting for an assembled programme.

    Args:
        programme: the assembled speech.
        target_lufs: integrated loudness of the output file.
        audio_format: the format it will be encoded to (a lossy one gets peak margin).
        channels: output channels (2 = the mono programme twice).
        jingles: intro/outro/bed to add, or None.
        ceiling_dbtp: true-peak ceiling of the output file.
    """
    rate = programme.sample_rate
    samples = pcm_to_float(b"".join(programme.parts))
    timeline = list(programme.timeline)
    powers = block_powers(samples, rate)
    # Clips are levelled to one reference before anything else, so voices, engines and
    # segments meet at one level; the whole is then brought to the target.
    level_spans(samples, powers, rate, [
        (round(t.start_ms * rate / 1000), round(t.end_ms * rate / 1000)) for t in timeline])
    if jingles is not None and jingles.any:
        opening_end = round(timeline[0].end_ms * rate / 1000) if timeline else 0
        samples, shift = apply_jingles(samples, rate, jingles, opening_end)
        shift_ms = round(shift * 1000 / rate)
        timeline = [dataclasses.replace(t, start_ms=t.start_ms + shift_ms,
                                        end_ms=t.end_ms + shift_ms) for t in timeline]
        powers = block_powers(samples, rate)
    margin = LOSSY_PEAK_MARGIN_DB if audio_format in LOSSY_FORMATS else 0.0
    normalized, loudness = normalize(samples, rate, target_lufs, ceiling_dbtp - margin, channels,
                                     powers)
    return Mastered(float_to_pcm(normalized), timeline, rate, loudness)


def measure_file(path: Path) -> Loudness:
    """Integrated loudness and true peak of an encoded file (MP3, WAV, FLAC), decoded in-process.

    Raises:
        AudioError: the file cannot be decoded.
    """
    try:
        decoded = miniaudio.decode_file(str(path), output_format=miniaudio.SampleFormat.SIGNED16)
    except miniaudio.DecodeError as exc:
        raise AudioError(f"cannot decode {path} to measure it: {exc}") from exc
    samples = np.frombuffer(decoded.samples, dtype="<i2").astype(np.float64) / 32768.0
    if decoded.nchannels > 1:
        samples = samples.reshape(-1, decoded.nchannels)
    return measure(samples, decoded.sample_rate)
