"""Speak every segment with an engine, in parallel, and return trimmed PCM clips.

Each segment's spoken text is cut into pieces the engine accepts (``chunking``);
pieces are synthesized concurrently (order kept), decoded in-process to PCM at the
episode's sample rate and rejoined per segment.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor

from .assemble import trim_silence
from .audio import decode_to_pcm
from .chunking import chunk_text
from .engines import Engine
from .errors import AudioError, AudioNewsError, SynthesisError
from .model import Segment

log = logging.getLogger(__name__)


def synthesize_text(engine: Engine, text: str, sample_rate: int) -> bytes:
    """Untrimmed PCM of one piece of text (at most ``engine.max_chars`` long)."""
    data = engine.synthesize(text)
    try:
        return decode_to_pcm(data, sample_rate)
    except AudioError as exc:
        raise SynthesisError(f"{engine.name} returned audio that does not decode: {exc}") from exc


def synthesize_segments(
    engine: Engine,
    segments: Sequence[Segment],
    sample_rate: int,
    jobs: int | None = None,
) -> list[tuple[Segment, bytes]]:
    """Each segment with its trimmed PCM, in the order given.

    Raises:
        SynthesisError / EngineUnavailableError: naming the segment that failed.
    """
    pieces: list[tuple[int, str]] = [
        (index, piece)
        for index, segment in enumerate(segments)
        for piece in chunk_text(segment.speech, engine.max_chars)
    ]
    workers = max(1, jobs or engine.default_jobs)
    log.info("synthesizing %d pieces of %d segments with %s (%d jobs)",
             len(pieces), len(segments), engine.name, workers)

    def run(item: tuple[int, str]) -> bytes:
        index, text = item
        try:
            return synthesize_text(engine, text, sample_rate)
        except AudioNewsError as exc:
            segment = segments[index]
            raise type(exc)(f"segment {index + 1} ({segment.kind}): {exc}") from exc

    if workers == 1:
        pcms = [run(item) for item in pieces]
    else:
        with ThreadPoolExecutor(max_workers=workers) as pool:
            pcms = list(pool.map(run, pieces))
    per_segment: list[list[bytes]] = [[] for _ in segments]
    for (index, _), pcm in zip(pieces, pcms, strict=True):
        per_segment[index].append(trim_silence(pcm, sample_rate))
    return [
        (segment, b"".join(parts)) for segment, parts in zip(segments, per_segment, strict=True)
    ]
