"""Work grows linearly with the article, and parallel synthesis keeps the order."""

from __future__ import annotations

import gc
import random
import time

from audionews.assemble import assemble, trim_silence
from audionews.model import Segment, SegmentKind
from audionews.synthesize import ClipStream, SynthesisStats, synthesize_segments

from .conftest import FakeEngine

RATE = 16000


def speech(ms: int, lead_ms: int = 150) -> bytes:
    """A clip with silence around a loud middle, like an engine's."""
    quiet = bytes(lead_ms * RATE // 1000 * 2)
    loud = (b"\x00\x40\x00\xc0" * (ms * RATE // 1000 // 2))
    return quiet + loud + quiet


def best_of(runs: int, func) -> float:
    best = float("inf")
    for _ in range(runs):
        started = time.perf_counter()
        func()
        best = min(best, time.perf_counter() - started)
    return best


def test_assembly_of_twice_the_segments_takes_at_most_2_5_times_as_long():
    # A low rate keeps every buffer small, so the timing measures the algorithm and
    # not the CPU cache filling up; identity below checks the same thing by count.
    rate = 1000
    clip = b"\x00\x40" * 2000

    def clips(n: int) -> list[tuple[Segment, bytes]]:
        # Distinct objects, so that identity below proves nothing was copied.
        return [(Segment(SegmentKind.BODY, f"đoạn {i}"), bytes(bytearray(clip)))
                for i in range(n)]

    small_clips, large_clips = clips(1000), clips(2000)
    assemble(clips(50), rate)  # warm up
    gc.disable()
    try:
        small = best_of(7, lambda: assemble(small_clips, rate))
        large = best_of(7, lambda: assemble(large_clips, rate))
    finally:
        gc.enable()
    assert large <= 2.5 * small, (small, large)
    # Counted work: the programme holds the clips themselves (no copy, no growing
    # buffer); the encoder joins them once.
    programme = assemble(large_clips, rate)
    laid = {id(part) for part in programme.parts}
    assert all(id(pcm) in laid for _, pcm in large_clips)
    assert programme.clip_samples == sum(len(pcm) for _, pcm in large_clips) // 2


def test_trim_only_visits_the_silent_edges():
    short, long_ = speech(1000), speech(60000)
    assert len(trim_silence(long_, RATE)) > 50 * len(trim_silence(short, RATE))
    t_short = best_of(5, lambda: trim_silence(short, RATE))
    t_long = best_of(5, lambda: trim_silence(long_, RATE))
    # 60x more speech; the scan cost is the same, only the final copy grows.
    assert t_long < 20 * t_short + 0.005


def test_trim_keeps_speech_and_a_little_fade():
    clip = speech(500, lead_ms=300)
    trimmed = trim_silence(clip, RATE)
    kept_ms = len(trimmed) / 2 / RATE * 1000
    assert 500 <= kept_ms <= 500 + 2 * 20 + 10
    assert trim_silence(bytes(RATE * 2), RATE) == b""


def test_parallel_synthesis_keeps_the_reading_order(monkeypatch):
    original = FakeEngine.synthesize
    rng = random.Random(7)

    def slow(self, text):
        time.sleep(rng.random() * 0.01)
        return original(self, text)

    monkeypatch.setattr(FakeEngine, "synthesize", slow)
    segments = [Segment(SegmentKind.BODY, "chữ " * (i % 7 + 1)) for i in range(40)]
    stats = SynthesisStats()
    clips = synthesize_segments(FakeEngine(), segments, RATE, jobs=8, stats=stats)
    assert [s for s, _ in clips] == segments
    lengths = [len(pcm) for _, pcm in clips]
    # Longer text, longer tone: the clip lengths follow the texts, in order.
    assert [round(n / 2 / RATE * 1000 / 20 / 4) for n in lengths] == [i % 7 + 1 for i in range(40)]
    assert stats.synthesized == 40 and stats.cached == 0


def test_synthesis_runs_only_a_window_ahead_of_the_clips_taken():
    """A long article's clips must not pile up in memory while the encoder is behind:
    synthesis stays a bounded number of pieces ahead of what has been handed out."""
    segments = [Segment(SegmentKind.BODY, f"đoạn số {i}") for i in range(200)]
    stats = SynthesisStats()

    def settled(expected: int) -> int:
        deadline = time.monotonic() + 5
        while stats.synthesized < expected and time.monotonic() < deadline:
            time.sleep(0.01)
        time.sleep(0.05)  # anything beyond the window would show up by now
        return stats.synthesized

    with ClipStream(FakeEngine(), segments, RATE, jobs=4, stats=stats) as stream:
        window = settled(16)
        assert 16 <= window < 200
        assert settled(window) == window
        for index in range(10):
            assert stream.clip(index)
        assert settled(window + 10) == window + 10
        # Asking far ahead still works: the pieces it needs are sent at once.
        assert stream.clip(150)
    assert stats.synthesized < 200
