"""Mastering: the assembled programme to the PCM that is encoded, at a set loudness.

Adds the jingles, normalizes the integrated loudness to the target (podcast -16 LUFS,
broadcast -23 LUFS, or a number) under a -1 dBTP ceiling, and shifts the timeline by
whatever the intro jingle put in front. Also measures a finished file, for the
manifest: the figures recorded are those of the file a listener gets.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import numpy as np

from .assemble import Programme
from .audio import SAMPLE_WIDTH
from .errors import AudioError
from .jingles import Jingles
from .levels import TRUE_PEAK_CEILING_DBTP, Loudness
from .loudness import (
    CEILING_ROOM_DB,
    DUAL_MONO_OFFSET_DB,
    LOSSY_PEAK_MARGIN_DB,
    LoudnessMeter,
    TruePeakMeter,
    block_powers,
    combined_loudness,
    float_to_pcm,
    hop_length,
    level_spans,
    limit_true_peak,
    measure,
    normalize,
    normalize_clip,
    pcm_to_float,
    true_peak,
)
from .mixing import apply_jingles
from .model import TimedSegment

LOSSY_FORMATS = ("mp3",)
# LAME's MP3 plays back 0.45 dB below its input, at every sample rate and bitrate tried
# (16-48 kHz, 64-128 kbps; through ffmpeg's libmp3lame or lameenc, read by ffmpeg's or
# dr_mp3's decoders), so the MP3's PCM is mastered that much hotter to land on the
# target in the file.
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


# Silence either side of a clip while it is mastered, in 100 ms hops: a whole 400 ms
# loudness block.
_CONTEXT_HOPS = 4


class StreamMaster:
    """Masters a programme piece by piece as it is laid out, so it can be encoded on the fly.

    Each speech piece (a clip) is brought to the target loudness on its own, with its
    true peaks limited under the ceiling: the same gain search ``normalize`` makes for
    a whole programme, so every headline, paragraph and caption meets one level. Pauses
    are digital silence, which BS.1770's gate leaves out, so the programme reads the
    target as well; ``loudness`` measures what was actually produced to record it.
    Memory stays at one clip, whatever the article's length. Jingles need the whole
    programme (a bed runs under several clips) and go through ``master`` instead.
    """

    def __init__(
        self,
        sample_rate: int,
        target_lufs: float,
        *,
        audio_format: str = "mp3",
        channels: int = 1,
        ceiling_dbtp: float = TRUE_PEAK_CEILING_DBTP,
        measure: bool = True,
    ) -> None:
        self.sample_rate = sample_rate
        self.samples = 0  # laid so far
        self._codec = CODEC_LEVEL_DB.get(audio_format, 0.0)
        self._target = target_lufs - self._codec
        self._ceiling = ceiling_dbtp - (
            LOSSY_PEAK_MARGIN_DB if audio_format in LOSSY_FORMATS else 0.0)
        self._channels = channels
        self._offset = DUAL_MONO_OFFSET_DB if channels == 2 else 0.0
        # Not needed when the encoded file is measured as it is written (MP3).
        self._meter = LoudnessMeter(sample_rate) if measure else None
        self._hop = hop_length(sample_rate)
        self._peak = -math.inf
        self._gain_db: float | None = None  # the last clip's, for clips too quiet to measure
        self._limiting_db: float | None = None  # what limiting took from the last clip

    def process(self, pieces: Iterable[tuple[bool, bytes]]) -> Iterator[bytes]:
        """Mastered PCM for each ``(is_speech, pcm)`` piece (see ``assemble.lay_out``)."""
        for is_speech, pcm in pieces:
            count = len(pcm) // SAMPLE_WIDTH
            if not is_speech:
                if self._meter:
                    self._meter.add_silence(count)
                self.samples += count
                yield pcm
                continue
            # The clip is mastered inside the silence that surrounds it in the programme,
            # on the programme's 100 ms grid: the 400 ms loudness blocks that straddle
            # its edges are then the programme's own, so a short clip is not read
            # louder alone than it sounds in place (the whole would come out under the
            # target), and the overshoot of an abrupt edge is limited like any peak.
            before = _CONTEXT_HOPS * self._hop + self.samples % self._hop
            padded = np.pad(pcm_to_float(pcm), (before, _CONTEXT_HOPS * self._hop))
            mastered = self._clip(padded)[before : before + count]
            if self._meter:
                self._meter.add(mastered)
            self.samples += count
            yield float_to_pcm(mastered)

    def _clip(self, samples: np.ndarray) -> np.ndarray:
        done = normalize_clip(samples, self.sample_rate, self._target, self._ceiling,
                              self._channels, limiting_hint_db=self._limiting_db)
        if done.limiting_db is not None and math.isfinite(done.loudness.integrated_lufs):
            self._limiting_db = done.limiting_db
            self._gain_db = _gain_db(samples, done.samples)
            self._peak = max(self._peak, done.loudness.true_peak_dbtp)
            return done.samples
        # Too quiet to gate: the last clip's gain, or a plain RMS estimate.
        gain_db = self._gain_db
        if gain_db is None:
            power = float(np.mean(np.square(samples, dtype=np.float64)))
            if power <= 0:
                return samples
            gain_db = self._target - self._offset - (-0.691 + 10 * math.log10(power))
        result = limit_true_peak(samples * np.float32(10 ** (gain_db / 20)),
                                 self._ceiling - CEILING_ROOM_DB, self.sample_rate)
        self._peak = max(self._peak, true_peak(result))
        return result

    @property
    def duration_ms(self) -> int:
        return round(self.samples * 1000 / self.sample_rate)

    def loudness(self) -> Loudness:
        """What the file will read: the programme so far, measured, plus the codec's change."""
        if self._meter is None:
            raise ValueError("this StreamMaster was made with measure=False")
        return Loudness(self._meter.loudness() + self._offset + self._codec,
                        self._peak + self._codec)


def _gain_db(before: np.ndarray, after: np.ndarray) -> float:
    """The overall gain from ``before`` to ``after``, by their energies."""
    # einsum rather than np.dot, which would wake OpenBLAS threads (see hop_powers).
    energy = float(np.einsum("i,i->", before, before))
    return 10 * math.log10(float(np.einsum("i,i->", after, after)) / energy) if energy > 0 else 0.0


_MEASURABLE = ("mp3", "wav", "flac")


def measure_file(path: Path, audio_format: str | None = None) -> Loudness:
    """Integrated loudness and true peak of an encoded file, decoded in-process.

    Args:
        path: the file.
        audio_format: ``mp3``, ``wav`` or ``flac``; by default the file's suffix.

    Raises:
        AudioError: the file cannot be decoded.
    """
    import miniaudio  # here: it is a decoder, and its import pulls in urllib and ssl

    fmt = (audio_format or Path(path).suffix.lstrip(".")).lower()
    if fmt not in _MEASURABLE:
        raise AudioError(f"cannot measure {path}: unknown format {fmt!r}")
    read = {"mp3": miniaudio.mp3_read_s16, "wav": miniaudio.wav_read_s16,
            "flac": miniaudio.flac_read_s16}[fmt]
    try:
        # The file's own rate and channels, decoded from memory (a temporary name has
        # no suffix for miniaudio to go by).
        decoded = read(Path(path).read_bytes())
    except (miniaudio.DecodeError, OSError) as exc:
        raise AudioError(f"cannot decode {path} to measure it: {exc}") from exc
    samples = np.frombuffer(decoded.samples, dtype="<i2").astype(np.float32) / np.float32(32768)
    if decoded.nchannels > 1:
        samples = samples.reshape(-1, decoded.nchannels)
    return measure(samples, decoded.sample_rate)


def _pipe_source(stream: IO[bytes]) -> Any:
    """A byte stream (a pipe) as miniaudio's decoder input; it is never seeked."""
    import miniaudio

    class PipeSource(miniaudio.StreamableSource):
        def read(self, num_bytes: int) -> bytes:
            return stream.read(num_bytes)

    return PipeSource()


_SECONDS_PER_READ = 2


def measure_stream(stream: IO[bytes], audio_format: str, sample_rate: int,
                   channels: int) -> Loudness:
    """Integrated loudness and true peak of an encoded stream, decoded as it arrives.

    This is ``measure_file`` for the encoder's output while it is being written (see
    ``encode_pcm(read_encoded=...)``): the same bytes as the file, so the figures
    are the file's; the decoding overlaps the encoding, and only a couple of seconds
    of audio are held at a time (the meters keep ten numbers a second).

    Args:
        stream: the encoded bytes (read to the end).
        audio_format: ``mp3``, ``wav`` or ``flac``.
        sample_rate: the stream's sample rate.
        channels: its channels.

    Raises:
        AudioError: the stream cannot be decoded.
    """
    import miniaudio

    if audio_format not in _MEASURABLE:
        raise AudioError(f"cannot measure a {audio_format!r} stream")
    file_format = {"mp3": miniaudio.FileFormat.MP3, "wav": miniaudio.FileFormat.WAV,
                   "flac": miniaudio.FileFormat.FLAC}[audio_format]
    meters = [LoudnessMeter(sample_rate) for _ in range(channels)]
    peaks = [TruePeakMeter() for _ in range(channels)]
    try:
        frames = miniaudio.stream_any(
            _pipe_source(stream), file_format, miniaudio.SampleFormat.SIGNED16,
            channels, sample_rate, sample_rate * _SECONDS_PER_READ)
        for piece in frames:
            samples = pcm_to_float(piece.tobytes())
            for channel in range(channels):
                mono = samples[channel::channels] if channels > 1 else samples
                meters[channel].add(mono)
                peaks[channel].add(mono)
    except miniaudio.DecodeError as exc:
        raise AudioError(f"cannot decode the encoder's output to measure it: {exc}") from exc
    return Loudness(combined_loudness(meters), max(p.peak_dbtp for p in peaks))
