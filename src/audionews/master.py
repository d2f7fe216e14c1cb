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
# ffmpeg's libmp3lame path plays back 0.45 dB below its input, at every sample rate and
# bitrate tried (16-48 kHz, 64-128 kbps; same with ffmpeg's and dr_mp3's decoders), so
# the MP3's PCM is mastered that much hotter to land on the target in the file.
CODEC_LEVEL_DB = {"mp3": -0.45, "wav": 0.0}


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
    codec = CODEC_LEVEL_DB.get(audio_format, 0.0)
    normalized, loudness = normalize(samples, rate, target_lufs - codec, ceiling_dbtp - margin,
                                     channels, powers)
    # What the file will read: the codec's level change applied to the encoder's input.
    in_file = Loudness(loudness.integrated_lufs + codec, loudness.true_peak_dbtp + codec)
    return Mastered(float_to_pcm(normalized), timeline, rate, in_file)


_READERS = {"mp3": miniaudio.mp3_read_s16, "wav": miniaudio.wav_read_s16,
            "flac": miniaudio.flac_read_s16}


def measure_file(path: Path, audio_format: str | None = None) -> Loudness:
    """Integrated loudness and true peak of an encoded file, decoded in-process.

    Args:
        path: the file.
        audio_format: ``mp3``, ``wav`` or ``flac``; by default the file's suffix.

    Raises:
        AudioError: the file cannot be decoded.
    """
    fmt = (audio_format or Path(path).suffix.lstrip(".")).lower()
    if fmt not in _READERS:
        raise AudioError(f"cannot measure {path}: unknown format {fmt!r}")
    try:
        # The file's own rate and channels, decoded from memory (a temporary name has
        # no suffix for miniaudio to go by).
        decoded = _READERS[fmt](Path(path).read_bytes())
    except (miniaudio.DecodeError, OSError) as exc:
        raise AudioError(f"cannot decode {path} to measure it: {exc}") from exc
    samples = np.frombuffer(decoded.samples, dtype="<i2").astype(np.float32) / np.float32(32768)
    if decoded.nchannels > 1:
        samples = samples.reshape(-1, decoded.nchannels)
    return measure(samples, decoded.sample_rate)
