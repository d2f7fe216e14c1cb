"""Speak every segment with an engine, in parallel, and hand back trimmed PCM clips.

Each segment's spoken text is cut into pieces the engine accepts (``chunking``).
Pieces already in the clip cache are not sent again; the others are synthesized
concurrently (bounded by ``jobs``, order kept) and stored in the cache as each one
arrives, so a run that fails half-way leaves the finished clips for the next run.
Clips are decoded in-process to PCM at the episode's sample rate, trimmed, and
rejoined per segment; ``ClipStream`` hands them out in order while the rest are still
being made.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field

from .assemble import trim_silence
from .audio import decode_to_pcm
from .cache import ClipCache, clip_key
from .chunking import chunk_text
from .engines import Engine
from .errors import AudioError, AudioNewsError, SynthesisError
from .model import Segment

log = logging.getLogger(__name__)

# An answer that does not decode is asked for again this many times in all.
_DECODE_ATTEMPTS = 3
# Pieces synthesis may run ahead of the clips handed out, at least.
_MIN_WINDOW = 16


@dataclass
class SynthesisStats:
    """What one synthesis run did: pieces total, from cache, and sent to the engine."""

    pieces: int = 0
    cached: int = 0
    synthesized: int = 0
    texts_sent: list[str] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    def count(self, text: str | None = None) -> None:
        """Count one piece: from the cache (no text) or sent to the engine (its text)."""
        with self._lock:
            if text is None:
                self.cached += 1
            else:
                self.synthesized += 1
                self.texts_sent.append(text)


def default_jobs(engine: Engine) -> int:
    """The engine's own choice: 4 for Google's voice (network-bound), 1 for espeak-ng
    (serialized by a lock inside the process; ``audionews batch`` uses one process
    per core instead)."""
    return max(1, engine.default_jobs)


def synthesize_text(engine: Engine, text: str, sample_rate: int) -> bytes:
    """Untrimmed PCM of one piece of text (at most ``engine.max_chars`` long)."""
    data = engine.synthesize(text)
    try:
        return decode_to_pcm(data, sample_rate)
    except AudioError as exc:
        raise SynthesisError(f"{engine.name} returned audio that does not decode: {exc}") from exc


def synthesize_piece(
    engine: Engine, text: str, sample_rate: int, cache: ClipCache | None = None,
    stats: SynthesisStats | None = None,
) -> bytes:
    """Trimmed PCM of one piece (at most ``engine.max_chars`` long): from the cache
    when it is there, else from the engine (and then stored in the cache).

    Raises:
        SynthesisError: the engine failed, or kept returning audio that does not decode.
        EngineUnavailableError: the engine cannot run (no library, no network).
    """
    stats = stats if stats is not None else SynthesisStats()
    key = clip_key(engine.settings(), text) if cache is not None else ""
    if cache is not None:
        data = cache.get(key)
        if data is not None:
            try:
                pcm = decode_to_pcm(data, sample_rate)
                stats.count()
                return trim_silence(pcm, sample_rate)
            except AudioError:
                cache.discard(key)  # damaged entry: make it again
    for attempt in range(1, _DECODE_ATTEMPTS + 1):
        data = engine.synthesize(text)
        stats.count(text)
        try:
            pcm = decode_to_pcm(data, sample_rate)
        except AudioError as exc:
            if attempt == _DECODE_ATTEMPTS:
                raise SynthesisError(
                    f"{engine.name} returned audio that does not decode "
                    f"({_DECODE_ATTEMPTS} tries): {exc}"
                ) from exc
            log.warning("%s returned undecodable audio; asking again", engine.name)
            continue
        if cache is not None:
            cache.put(key, data)
        return trim_silence(pcm, sample_rate)
    raise AssertionError("unreachable")


class ClipStream:
    """Pieces of some segments synthesized in a thread pool; clips read in order.

    Synthesis runs ahead in the pool's threads (a bounded window of pieces) while the
    caller works on the clips it already has (mastering and encoding them), so the
    engine, the mastering and the encoder overlap, and memory holds only the window.
    ``clip(i)`` waits for segment ``i`` only, but raises as soon as any piece has
    failed. Close it (or use ``with``) to cancel what has not started.
    """

    def __init__(
        self,
        engine: Engine,
        segments: Sequence[Segment],
        sample_rate: int,
        jobs: int | None = None,
        cache: ClipCache | None = None,
        article: str | None = None,
        stats: SynthesisStats | None = None,
    ) -> None:
        self.segments = list(segments)
        self.stats = stats if stats is not None else SynthesisStats()
        pieces = [
            (index, piece)
            for index, segment in enumerate(self.segments)
            for piece in chunk_text(segment.speech, engine.max_chars)
        ]
        self.stats.pieces += len(pieces)
        workers = max(1, min(jobs or default_jobs(engine), len(pieces) or 1))
        log.info("synthesizing %d pieces of %d segments with %s (%d jobs)",
                 len(pieces), len(self.segments), engine.name, workers)

        def run(item: tuple[int, str]) -> bytes:
            index, text = item
            if self._failed is not None:
                # Another piece failed for good: send nothing more (the run will be
                # redone, and what is already made is in the cache).
                raise SynthesisError("not synthesized: an earlier piece failed")
            try:
                return synthesize_piece(engine, text, sample_rate, cache, self.stats)
            except AudioNewsError as exc:
                segment = self.segments[index]
                where = f"{article!r}, " if article else ""
                raise type(exc)(f"{where}segment {index + 1} ({segment.kind}): {exc}") from exc

        self._run = run
        self._changed = threading.Condition()
        self._failed: Future[bytes] | None = None
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="synthesis")
        self._futures: list[list[Future[bytes]]] = [[] for _ in self.segments]
        self._pieces = pieces
        # Per segment, how many pieces up to and including its last one.
        self._ends = [0] * len(self.segments)
        for n, (index, _) in enumerate(pieces):
            self._ends[index] = n + 1
        for index in range(1, len(self._ends)):
            self._ends[index] = max(self._ends[index], self._ends[index - 1])
        self._submitted = 0  # pieces handed to the pool so far
        self._consumed = 0  # pieces whose clips were handed out
        # How far synthesis may run ahead of the caller: enough to keep every worker
        # busy, few enough that a long article's clips do not pile up in memory while
        # the (slower) encoder catches up.
        self._window = max(_MIN_WINDOW, 4 * workers)
        self._submit_through(self._window)

    def _submit_through(self, count: int) -> None:
        """Hand the pool pieces until ``count`` of them have been submitted in all."""
        while self._submitted < min(count, len(self._pieces)):
            item = self._pieces[self._submitted]
            future = self._pool.submit(self._run, item)
            future.add_done_callback(self._on_done)
            self._futures[item[0]].append(future)
            self._submitted += 1

    def _on_done(self, future: Future[bytes]) -> None:
        with self._changed:
            if self._failed is None and not future.cancelled() and future.exception():
                self._failed = future
            self._changed.notify_all()

    def clip(self, index: int) -> bytes:
        """The trimmed PCM of segment ``index`` (its pieces joined).

        Raises:
            SynthesisError / EngineUnavailableError: the first piece that failed, of any
                segment; pieces already running finish (and land in the cache).
        """
        self._submit_through(self._ends[index])
        futures = self._futures[index]
        with self._changed:
            self._changed.wait_for(
                lambda: self._failed is not None or all(f.done() for f in futures))
        if self._failed is not None:
            self.close()
            raise self._failed.exception()  # type: ignore[misc]
        pcm = b"".join(f.result() for f in futures)
        self._futures[index] = []  # handed out: the stream keeps no copy
        self._consumed += len(futures)
        self._submit_through(self._consumed + self._window)
        return pcm

    def close(self) -> None:
        """Cancel the pieces not started and wait for those running."""
        self._pool.shutdown(wait=True, cancel_futures=True)

    def __enter__(self) -> ClipStream:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def synthesize_segments(
    engine: Engine,
    segments: Sequence[Segment],
    sample_rate: int,
    jobs: int | None = None,
    cache: ClipCache | None = None,
    article: str | None = None,
    stats: SynthesisStats | None = None,
) -> list[tuple[Segment, bytes]]:
    """Each segment with its trimmed PCM, in the order given.

    Args:
        engine: the voice.
        segments: what to speak, in reading order.
        sample_rate: the PCM rate wanted.
        jobs: parallel engine calls (default: :func:`default_jobs`).
        cache: where clips are looked up and stored; None to always synthesize.
        article: the article's name, for error messages.
        stats: filled with counts of cached and synthesized pieces when given.

    Returns:
        ``(segment, pcm)`` pairs in the order of ``segments``.

    Raises:
        SynthesisError / EngineUnavailableError: naming the article and segment that
            failed; clips made before the failure are already in the cache.
    """
    with ClipStream(engine, segments, sample_rate, jobs, cache, article, stats) as stream:
        return [(segment, stream.clip(i)) for i, segment in enumerate(stream.segments)]
