"""Streaming: clips mastered one by one, the encoded file measured while it is encoded.

The figures must be those of the whole programme and of the finished file.
"""

from __future__ import annotations

import functools

import numpy as np
import pytest

from audionews.assemble import Pauses, lay_out
from audionews.audio import encode_pcm
from audionews.errors import AudioError
from audionews.loudness import (
    LoudnessMeter,
    TruePeakMeter,
    float_to_pcm,
    integrated_loudness,
    pcm_to_float,
    true_peak,
)
from audionews.master import StreamMaster, measure_file, measure_stream
from audionews.model import Segment, SegmentKind

from .soundcheck import ebur128
from .test_loudness import _voice_like

RATE = 24000


def _speech_pcm(seconds: float = 12.0) -> bytes:
    return float_to_pcm(_voice_like(seconds, RATE, -1.5, seed=7).astype(np.float32))


@pytest.mark.parametrize("channels", [1, 2])
def test_streamed_measure_is_the_files_own(tmp_path, channels):
    """Measuring while encoding writes the very bytes of a plain encode, and the
    figures read from the stream match ``measure_file`` on the file and ffmpeg's
    ebur128 on it."""
    pcm = _speech_pcm()
    plain = tmp_path / "plain.mp3"
    encode_pcm([pcm], plain, sample_rate=RATE, channels=channels)
    # A name with shell and ffmpeg separators in it must still land where asked.
    odd_dir = tmp_path / "a:b[c]|d's"
    odd_dir.mkdir()
    teed = odd_dir / "teed.mp3"
    streamed = encode_pcm(
        [pcm[: len(pcm) // 3], pcm[len(pcm) // 3:]], teed, sample_rate=RATE, channels=channels,
        read_encoded=functools.partial(measure_stream, audio_format="mp3", sample_rate=RATE,
                                       channels=channels))
    assert teed.read_bytes() == plain.read_bytes()
    assert streamed is not None
    from_file = measure_file(teed)
    assert abs(streamed.integrated_lufs - from_file.integrated_lufs) <= 0.02
    assert abs(streamed.true_peak_dbtp - from_file.true_peak_dbtp) <= 0.01
    integrated, peak = ebur128(teed)
    assert abs(streamed.integrated_lufs - integrated) <= 0.1
    assert abs(streamed.true_peak_dbtp - peak) <= 0.2


def test_plain_encode_returns_nothing(tmp_path):
    assert encode_pcm([_speech_pcm(1.0)], tmp_path / "x.wav", sample_rate=RATE, fmt="wav") is None


def test_reader_failure_is_raised_and_the_encoder_not_left_blocked(tmp_path):
    def broken(stream):
        stream.read(10)
        raise AudioError("reader gave up")

    with pytest.raises(AudioError, match="reader gave up"):
        encode_pcm([_speech_pcm(30.0)], tmp_path / "x.mp3", sample_rate=RATE,
                   read_encoded=broken)


def test_undecodable_stream_is_an_audio_error(tmp_path):
    path = tmp_path / "junk.mp3"
    path.write_bytes(b"\x00" * 5000)
    with path.open("rb") as stream, pytest.raises(AudioError):
        measure_stream(stream, "mp3", RATE, 1)


def _pieces(samples: np.ndarray, seed: int) -> list[np.ndarray]:
    """``samples`` cut at random places, some pieces shorter than a 100 ms hop."""
    rng = np.random.default_rng(seed)
    cuts = np.sort(rng.choice(np.arange(1, samples.size), size=40, replace=False))
    return np.split(samples, cuts)


def test_meters_fed_in_pieces_read_what_the_whole_reads():
    signal = _voice_like(20, RATE, -6.0, seed=3).astype(np.float32)
    signal[RATE * 5 : RATE * 7] = 0  # a pause, fed as silence below
    meter, peaks = LoudnessMeter(RATE), TruePeakMeter()
    for piece in _pieces(signal, 5):
        if not piece.any():
            meter.add_silence(piece.size)
        else:
            meter.add(piece)
        peaks.add(piece)
    assert abs(meter.loudness() - integrated_loudness(signal, RATE)) < 1e-6
    assert abs(peaks.peak_dbtp - true_peak(signal)) < 1e-6


def test_streamed_mastering_is_lazy_and_on_target():
    """Each clip is mastered and handed on before the next one is asked for, so the
    encoder starts while synthesis goes on; every clip meets the target."""
    pulled: list[int] = []
    levels = [-40.0, -3.0, -20.0, -0.5]

    def clips():
        for i, level in enumerate(levels):
            pulled.append(i)
            pcm = float_to_pcm(_voice_like(3, RATE, level, seed=i).astype(np.float32))
            yield Segment(SegmentKind.BODY, f"đoạn {i}"), pcm

    streaming = StreamMaster(RATE, -16.0, audio_format="wav")
    chunks = []
    for is_speech, pcm in lay_out(clips(), RATE, Pauses(), None):
        before = len(pulled)
        chunks.extend(streaming.process([(is_speech, pcm)]))
        if is_speech:
            assert len(pulled) == before  # mastering this clip pulled no other
    out = pcm_to_float(b"".join(chunks))
    assert streaming.samples == out.size
    assert abs(integrated_loudness(out, RATE) - -16.0) < 0.3
    assert abs(streaming.loudness().integrated_lufs - integrated_loudness(out, RATE)) < 0.01
    assert true_peak(out) <= -1.0 + 0.05
    # Quiet and loud clips alike meet the target (each is levelled on its own).
    timeline: list = []
    list(lay_out(clips(), RATE, Pauses(), None, timeline))
    for timed in timeline:
        span = out[timed.start_ms * RATE // 1000 : timed.end_ms * RATE // 1000]
        assert abs(integrated_loudness(span, RATE) - -16.0) < 0.5


def test_an_abrupt_clip_edge_is_limited_too():
    """A clip that starts at full scale overshoots between its first samples and the
    silence before it; that inter-sample peak stays under the ceiling as well."""
    t = np.arange(RATE * 2) / RATE
    square = np.sign(np.sin(2 * np.pi * 2900 * t + 0.3)).astype(np.float32) * 0.99
    streaming = StreamMaster(RATE, -16.0, audio_format="wav")
    pieces = [(False, bytes(RATE)), (True, float_to_pcm(square)), (False, bytes(RATE))]
    out = pcm_to_float(b"".join(streaming.process(pieces)))
    assert true_peak(out) <= -1.0 + 0.05
    assert abs(streaming.loudness().true_peak_dbtp - true_peak(out)) < 0.05
