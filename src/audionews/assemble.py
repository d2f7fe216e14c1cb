"""Stitch synthesized clips into one programme, with pauses that follow the story.

Works on 16-bit mono PCM at one sample rate. Clips are trimmed of the silence that
engines put around speech, then laid end to end with pauses chosen by segment kind
(a longer breath after the headline, a cue before a photo caption). The programme is
kept as a list of byte strings and joined once by the encoder: growing one buffer
clip by clip would copy it every time (quadratic in the article's length).
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from .audio import SAMPLE_WIDTH
from .model import Segment, SegmentKind, TimedSegment

with warnings.catch_warnings():
    # audioop's C code is the fast path on 3.11/3.12; the audioop-lts wheel provides
    # it from 3.13 on (a declared dependency).
    warnings.simplefilter("ignore", DeprecationWarning)
    import audioop

CAPTION_POLICIES = ("inline", "end", "skip")
CAPTION_CUES = ("words", "pause", "none")
CAPTION_CUE_WORDS = "Chú thích ảnh."
_TRIM_FRAME_MS = 5  # silence detection resolution
_TRIM_KEEP_MS = 20  # fade kept on each side of the speech


@dataclass(frozen=True)
class Pauses:
    """Silence (ms) placed around segments by kind; radio staff tune these."""

    lead_in: int = 200
    after_title: int = 900
    between: int = 450
    before_heading: int = 700
    before_caption: int = 500
    after_caption: int = 500
    before_source: int = 700
    tail: int = 800

    def before(self, kind: SegmentKind, previous: SegmentKind | None) -> int:
        if previous is None:
            return self.lead_in
        if previous == SegmentKind.TITLE:
            return self.after_title
        if kind == SegmentKind.CAPTION:
            return self.before_caption
        if previous == SegmentKind.CAPTION:
            return self.after_caption
        if kind == SegmentKind.HEADING:
            return self.before_heading
        if kind == SegmentKind.SOURCE:
            return self.before_source
        return self.between


@dataclass
class Programme:
    """Assembled PCM (as parts, joined once by the encoder) and its timeline."""

    parts: list[bytes]
    timeline: list[TimedSegment]
    sample_rate: int
    samples: int = 0
    clip_samples: int = 0
    pause_samples: int = 0
    extra: dict[str, int] = field(default_factory=dict)

    @property
    def duration_ms(self) -> int:
        return round(self.samples * 1000 / self.sample_rate)


def order_segments(segments: Sequence[Segment], captions: str = "inline") -> list[Segment]:
    """Apply the caption policy: read captions in place, after the story, or not at all."""
    if captions not in CAPTION_POLICIES:
        raise ValueError(f"unknown caption policy {captions!r}; use one of {CAPTION_POLICIES}")
    if captions == "inline":
        return list(segments)
    kept = [s for s in segments if s.kind != SegmentKind.CAPTION]
    if captions == "skip":
        return kept
    moved = [s for s in segments if s.kind == SegmentKind.CAPTION]
    # "end": captions after the story but before the source line, which closes the piece.
    cut = next((i for i, s in enumerate(kept) if s.kind == SegmentKind.SOURCE), len(kept))
    return kept[:cut] + moved + kept[cut:]


def trim_silence(pcm: bytes, sample_rate: int, threshold_dbfs: float = -45.0) -> bytes:
    """Drop the leading and trailing silence an engine leaves around speech.

    Scans 5 ms frames inward from each end until one is louder (RMS) than
    ``threshold_dbfs``, or than 35 dB below the clip's own peak if that is lower (a
    voice that comes out quiet is levelled later and must not be taken for silence).
    Only the silent edges are visited, so the cost does not grow with the length of
    the speech. Returns a copy of the kept span.
    """
    frame = max(1, sample_rate * _TRIM_FRAME_MS // 1000) * SAMPLE_WIDTH
    usable = len(pcm) - len(pcm) % SAMPLE_WIDTH
    view = memoryview(pcm)[:usable]
    peak = audioop.max(view, SAMPLE_WIDTH) if usable else 0
    if peak == 0:  # digital silence: nothing to keep
        return b""
    limit = min(32768 * 10 ** (threshold_dbfs / 20), peak * 10 ** (-35 / 20))

    start = 0
    while start < usable and audioop.rms(view[start : start + frame], SAMPLE_WIDTH) < limit:
        start += frame
    if start >= usable:
        return b""
    end = usable
    while end > start and audioop.rms(view[max(start, end - frame) : end], SAMPLE_WIDTH) < limit:
        end -= frame
    # Keep a little of the fade so consonants are not clipped.
    keep = sample_rate * _TRIM_KEEP_MS // 1000 * SAMPLE_WIDTH
    start = max(0, start - keep)
    end = min(usable, max(end, start) + keep)
    return bytes(view[start:end])


def silence(ms: int, sample_rate: int) -> bytes:
    """``ms`` milliseconds of digital silence at ``sample_rate``."""
    return bytes(round(ms * sample_rate / 1000) * SAMPLE_WIDTH)


def lay_out(
    clips: Iterable[tuple[Segment, bytes]],
    sample_rate: int,
    pauses: Pauses | None = None,
    caption_cue: bytes | Callable[[], bytes | None] | None = None,
    timeline: list[TimedSegment] | None = None,
) -> Iterator[tuple[bool, bytes]]:
    """The programme as it is laid, piece by piece: ``(is_speech, pcm)`` in playing order.

    Clips are taken one at a time (they may still be in synthesis), so the caller can
    master and encode the start while the rest is made. Every segment's timing is
    appended to ``timeline`` once its clip has been laid.

    Args:
        clips: each segment with its trimmed PCM, in reading order.
        sample_rate: the PCM's rate.
        pauses: the pause table.
        caption_cue: PCM spoken before each caption (e.g. "Chú thích ảnh"), or None; or
            a function making it, called when the first caption is laid (an article
            without captions never pays for it, and the start is not held up).
        timeline: filled with a :class:`TimedSegment` per segment laid.
    """
    pauses = pauses or Pauses()
    timeline = timeline if timeline is not None else []
    laid = 0  # samples so far

    def now_ms() -> int:
        return round(laid * 1000 / sample_rate)

    previous: SegmentKind | None = None
    for segment, pcm in clips:
        if not pcm:
            continue
        pieces = [(False, silence(pauses.before(segment.kind, previous), sample_rate))]
        if segment.kind == SegmentKind.CAPTION and callable(caption_cue):
            caption_cue = caption_cue()
        if segment.kind == SegmentKind.CAPTION and isinstance(caption_cue, bytes) and caption_cue:
            pieces += [(True, caption_cue), (False, silence(250, sample_rate))]
        pieces.append((True, pcm))
        start = None
        for is_speech, piece in pieces:
            if is_speech and start is None:
                start = now_ms()
            if piece:
                yield is_speech, piece
                laid += len(piece) // SAMPLE_WIDTH
        timeline.append(TimedSegment(segment.kind, segment.text, segment.speech,
                                     start if start is not None else now_ms(), now_ms()))
        previous = segment.kind
    yield False, silence(pauses.tail, sample_rate)


def assemble(
    clips: Iterable[tuple[Segment, bytes]],
    sample_rate: int,
    pauses: Pauses | None = None,
    caption_cue: bytes | Callable[[], bytes | None] | None = None,
) -> Programme:
    """Lay clips end to end with pauses; time every segment from the samples laid.

    Args:
        clips: each segment with its trimmed PCM, in reading order.
        sample_rate: the PCM's rate.
        pauses: the pause table.
        caption_cue: PCM spoken before each caption (e.g. "Chú thích ảnh"), or None.
    """
    programme = Programme(parts=[], timeline=[], sample_rate=sample_rate)
    for is_speech, pcm in lay_out(clips, sample_rate, pauses, caption_cue, programme.timeline):
        if not pcm:
            continue
        programme.parts.append(pcm)
        n = len(pcm) // SAMPLE_WIDTH
        programme.samples += n
        if is_speech:
            programme.clip_samples += n
        else:
            programme.pause_samples += n
    return programme
