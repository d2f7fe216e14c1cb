"""MP3 encoding in blocks: valid streams, exact timing, parallel = serial, clean failures.

The block encoder is only worth having if a listener cannot tell: every sound must
come out of the decoder at the sample the timeline gives it, as from one encode.
"""

from __future__ import annotations

import math

import miniaudio
import numpy as np
import pytest

from audionews.errors import AudioError
from audionews.mp3 import (
    START_OFFSET,
    Blocks,
    bitrate_kbps,
    decoded_length,
    encode_mp3,
    frame_samples,
)


def _decode(path, rate: int, channels: int = 1) -> np.ndarray:
    decoded = miniaudio.decode(path.read_bytes(), output_format=miniaudio.SampleFormat.SIGNED16,
                               nchannels=channels, sample_rate=rate)
    samples = np.frombuffer(decoded.samples, dtype="<i2").astype(np.float64)
    return samples.reshape(-1, channels) if channels > 1 else samples


def _programme(rate: int, bursts: list[tuple[float, float]], total_s: float,
               seed: int = 3) -> tuple[bytes, list[int]]:
    """Noise bursts (start s, length s) in digital silence; the PCM and burst onsets."""
    rng = np.random.default_rng(seed)
    pcm = np.zeros(int(total_s * rate))
    onsets = []
    for start, length in bursts:
        first = int(start * rate)
        n = int(length * rate)
        envelope = np.hanning(n) ** 0.25
        pcm[first : first + n] = rng.standard_normal(n) * 4000 * envelope
        onsets.append(first)
    return np.clip(pcm, -32000, 32000).astype("<i2").tobytes(), onsets


def _lag(decoded: np.ndarray, source: np.ndarray, start: int, reach: int = 3000) -> int:
    """Where the burst at ``start`` in ``source`` sits in ``decoded``, in samples late."""
    burst = source[start : start + 4000]
    window = decoded[start - reach : start + reach + burst.size]
    scores = np.correlate(window, burst, mode="valid")
    return int(np.argmax(scores)) - reach


@pytest.mark.parametrize("rate", [16000, 22050, 24000, 44100, 48000])
@pytest.mark.parametrize("samples", [1, 4000, 10415, 10416, 33333])
def test_decoded_length_is_what_lame_and_a_decoder_give(tmp_path, rate, samples):
    pcm = (np.sin(np.arange(1, samples + 1) / 7) * 3000).astype("<i2").tobytes()
    path = tmp_path / "x.mp3"
    encode_mp3([pcm], path, sample_rate=rate, bitrate="64k", block_seconds=1e6)
    assert _decode(path, rate).size == decoded_length(samples, rate)
    assert decoded_length(samples, rate) % frame_samples(rate) == 0


@pytest.mark.parametrize("rate", [22050, 48000])
def test_blocks_play_every_sound_at_its_timeline_sample(tmp_path, rate):
    bursts = [(0.2, 0.7), (1.3, 0.5), (2.1, 1.2), (3.7, 0.4), (4.5, 0.9), (5.8, 0.6)]
    pcm, onsets = _programme(rate, bursts, 6.45)
    # Cut after every half second of audio: one joint in each gap between bursts.
    cut = Blocks(rate, block_seconds=0.5)
    pieces = cut.add(pcm) + [cut.finish()]
    assert len(pieces) == len(bursts)
    whole, blocked = tmp_path / "whole.mp3", tmp_path / "blocked.mp3"
    encode_mp3([pcm], whole, sample_rate=rate, block_seconds=1e6)
    # Fed in odd-sized pieces, so cuts are found across chunk edges too.
    step = 9999 * 2
    encode_mp3([pcm[i : i + step] for i in range(0, len(pcm), step)], blocked,
               sample_rate=rate, block_seconds=0.5, workers=3)
    one, many = _decode(whole, rate), _decode(blocked, rate)
    source = np.frombuffer(pcm, dtype="<i2").astype(np.float64)
    for onset in onsets:
        # The lead-in absorbed the encoder's delay: on time to the sample, as in one piece.
        assert _lag(many, source, onset) == 0
        assert _lag(one, source, onset) == 0
    # As long as the programme, give or take the last frames' padding; as long as one piece.
    assert 0 <= many.size - len(pcm) // 2 < 2 * frame_samples(rate)
    assert many.size == one.size
    # And it sounds like the single encode: only coding noise between them.
    snr = 10 * math.log10(np.mean(one**2) / np.mean((one - many) ** 2))
    assert snr > 15


def test_the_joints_are_silent(tmp_path):
    rate = 22050
    pcm, _ = _programme(rate, [(0.2, 1.0), (1.6, 1.0), (3.0, 1.0)], 4.0)
    blocked, whole = tmp_path / "blocked.mp3", tmp_path / "whole.mp3"
    encode_mp3([pcm], blocked, sample_rate=rate, block_seconds=0.5)
    encode_mp3([pcm], whole, sample_rate=rate, block_seconds=1e6)
    cut, one = _decode(blocked, rate), _decode(whole, rate)
    for gap_start, gap_end in ((1.2, 1.6), (2.6, 3.0)):
        # Past the bursts' own coding spread (about two frames) on either side.
        first, last = int(gap_start * rate) + 1200, int(gap_end * rate) - 1200
        assert not np.any(cut[first:last])  # digital silence, as in the single encode
        assert not np.any(one[first:last])


def test_parallel_encoders_write_the_bytes_of_a_serial_run(tmp_path):
    rate = 24000
    pcm, _ = _programme(rate, [(0.3 + 0.8 * i, 0.5) for i in range(12)], 10.0, seed=11)
    serial, parallel = tmp_path / "serial.mp3", tmp_path / "parallel.mp3"
    encode_mp3([pcm], serial, sample_rate=rate, block_seconds=0.4, workers=1)
    encode_mp3([pcm], parallel, sample_rate=rate, block_seconds=0.4, workers=4)
    assert parallel.read_bytes() == serial.read_bytes()


def test_no_cut_without_a_long_enough_silence():
    rate = 22050
    # Gaps of 60 ms: shorter than a joint needs, so the programme stays one block.
    pcm, _ = _programme(rate, [(0.1 + 0.56 * i, 0.5) for i in range(10)], 5.65)
    cut = Blocks(rate, block_seconds=0.5)
    assert cut.add(pcm) == []
    assert len(cut.finish()) == len(pcm) - 2 * START_OFFSET  # less the encoder's delay


def test_dual_mono_carries_the_same_signal_in_both_channels(tmp_path):
    rate = 24000
    pcm, _ = _programme(rate, [(0.2, 1.5)], 2.0)
    mono, stereo = tmp_path / "mono.mp3", tmp_path / "stereo.mp3"
    encode_mp3([pcm], mono, sample_rate=rate, bitrate="64k")
    encode_mp3([pcm], stereo, sample_rate=rate, bitrate="128k", channels=2)
    both = _decode(stereo, rate, channels=2)
    assert np.allclose(both[:, 0], both[:, 1], atol=64)
    level = np.sqrt(np.mean(both[:, 0] ** 2) / np.mean(_decode(mono, rate) ** 2))
    assert abs(20 * math.log10(level)) < 0.5


def test_a_failing_producer_stops_the_encoders_and_is_raised(tmp_path):
    rate = 22050
    pcm, _ = _programme(rate, [(0.2 + i, 0.5) for i in range(5)], 5.5)

    def chunks():
        yield pcm
        raise RuntimeError("synthesis broke")

    with pytest.raises(RuntimeError, match="synthesis broke"):
        encode_mp3(chunks(), tmp_path / "x.mp3", sample_rate=rate, block_seconds=0.5)


def test_an_unwritable_file_is_an_audio_error(tmp_path):
    with pytest.raises(AudioError, match="cannot write"):
        encode_mp3([b"\0\0" * 100], tmp_path / "missing" / "x.mp3", sample_rate=22050)


@pytest.mark.parametrize(("text", "kbps"), [("64k", 64), ("128K", 128), ("96000", 96), (48, 48)])
def test_bitrates(text, kbps):
    assert bitrate_kbps(text) == kbps


@pytest.mark.parametrize("text", ["fast", "1k", "999k", ""])
def test_bad_bitrates_are_audio_errors(text):
    with pytest.raises(AudioError):
        bitrate_kbps(text)


def test_a_programme_given_in_one_piece_is_cut_in_linear_time(monkeypatch):
    """Counted work: the samples searched for pauses grow with the programme, not its square."""
    searched = []
    search = Blocks._zero_run

    def counting(self, begin):
        searched.append(len(self._pending) // 2 - begin)
        return search(self, begin)

    monkeypatch.setattr(Blocks, "_zero_run", counting)
    rate = 8000
    work = []
    for minutes in (2, 8):
        bursts = [(0.3 + 1.5 * i, 1.0) for i in range(minutes * 40)]
        pcm, _ = _programme(rate, bursts, minutes * 60.0)
        searched.clear()
        cut = Blocks(rate, block_seconds=4.0)
        blocks = cut.add(pcm) + [cut.finish()]
        assert sum(map(len, blocks)) < len(pcm)  # joints took their samples out
        work.append(sum(searched))
    assert work[1] <= 5 * work[0]  # 4x the audio; quadratic would be 16x
