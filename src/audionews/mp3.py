"""MP3 encoding in-process: LAME (through ``lameenc``), in blocks encoded in parallel.

One LAME encoder is a single thread, and on a long episode the encode is what the
whole build waits for. So the programme is cut into blocks at pauses (runs of digital
silence), each block is encoded by its own LAME encoder on a worker thread (LAME runs
without the GIL), and the blocks' frames are written one after another. Frames of
separate encodes follow each other as a valid MP3 stream (each block's bit reservoir
starts empty), and the joints fall in silence.

Why the timing stays exact: a LAME stream of ``n`` samples decodes to
``ceil((n + 1152) / F) * F`` samples (``F`` samples per frame: 1152 at 32-48 kHz, 576
below), its first sample coming out 1105 samples in (LAME's 576-sample encoder delay
and the decoder's 529). So a joint lengthens the decoded programme by a known number
of samples, and that many are taken out of the silence the cut is made in; the
programme's lead-in silence gives up the first block's 1105. Every segment then plays
at the time the timeline says, in any player (the file carries no gapless header).
"""

from __future__ import annotations

import contextlib
import os
import queue
import threading
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import IO, Any

from .audio import SAMPLE_WIDTH
from .errors import AudioError, InputError

# Samples a decoder puts out before the first input sample (LAME 576 + decoder 529).
START_OFFSET = 1105
# ceil((n + LENGTH_OVERHEAD) / F) * F samples come out of a LAME stream of n samples.
LENGTH_OVERHEAD = 1152
# LAME's default quality, the one ffmpeg's libmp3lame uses too.
LAME_QUALITY = 3
# A block is closed at the first pause after this much audio: short enough to spread
# a one-minute article over the cores, long enough that joints are few. The first is
# closed sooner, so the encoders start while the rest is still being synthesized.
BLOCK_SECONDS = 8.0
FIRST_BLOCK_SECONDS = 1.0


def frame_samples(sample_rate: int) -> int:
    """Samples per MP3 frame: MPEG-1 rates carry 1152, MPEG-2 and 2.5 rates 576."""
    return 1152 if sample_rate >= 32000 else 576


def decoded_length(samples: int, sample_rate: int) -> int:
    """How many samples a LAME stream of ``samples`` input samples decodes to."""
    frame = frame_samples(sample_rate)
    return -(-(samples + LENGTH_OVERHEAD) // frame) * frame


# The rates an MP3 can carry (MPEG-1, MPEG-2 and MPEG-2.5 layer III).
MP3_SAMPLE_RATES = (8000, 11025, 12000, 16000, 22050, 24000, 32000, 44100, 48000)


def check_mp3_settings(sample_rate: int | None, bitrate: str | int) -> None:
    """Refuse a rate or bitrate an MP3 cannot have, before any synthesis is done.

    Raises:
        InputError: with what is allowed.
    """
    if sample_rate is not None and sample_rate not in MP3_SAMPLE_RATES:
        rates = ", ".join(map(str, MP3_SAMPLE_RATES))
        raise InputError(f"an MP3 cannot be made at {sample_rate} Hz; use one of {rates}")
    try:
        bitrate_kbps(bitrate)
    except AudioError as exc:
        raise InputError(str(exc)) from None


def bitrate_kbps(bitrate: str | int) -> int:
    """``"64k"``, ``"64000"`` or ``64`` as kbit/s.

    Raises:
        AudioError: not a bitrate.
    """
    text = str(bitrate).strip().lower().removesuffix("k")
    try:
        value = int(text)
    except ValueError:
        raise AudioError(f"not an MP3 bitrate: {bitrate!r} (e.g. 64k)") from None
    kbps = value // 1000 if value >= 1000 else value
    if not 8 <= kbps <= 320:
        raise AudioError(f"MP3 bitrate {bitrate!r} is out of range (8k to 320k)")
    return kbps


class Blocks:
    """Cuts a stream of mono 16-bit PCM into blocks that encode separately.

    ``add`` takes the next chunk and returns the blocks it completed; ``finish`` the
    last one. A block ends ``frame`` zero samples after the last sound before a cut;
    the next starts as many samples later as the joint adds, so the silence between
    them plays at its own length.
    """

    def __init__(self, sample_rate: int, block_seconds: float = BLOCK_SECONDS,
                 first_block_seconds: float = FIRST_BLOCK_SECONDS) -> None:
        self.sample_rate = sample_rate
        self._frame = frame_samples(sample_rate)
        self._block = int(block_seconds * sample_rate)
        self._min_block = int(min(first_block_seconds, block_seconds) * sample_rate)
        # Silence a cut needs: a frame kept on each side, and room for the joint.
        self._min_run = 3 * self._frame + LENGTH_OVERHEAD
        self._pending = bytearray()
        self._scanned = 0  # samples of _pending already searched for a cut
        self._skip = START_OFFSET  # leading zeros still to drop (the first block's delay)

    def add(self, chunk: bytes) -> list[bytes]:
        done = []
        # A second at a time, so a whole programme given in one piece is searched and
        # cut in linear time (each search covers what came since the last).
        step = self.sample_rate * SAMPLE_WIDTH
        for offset in range(0, len(chunk), step):
            piece = chunk[offset : offset + step]
            if self._skip:
                piece = self._drop_leading_zeros(piece)
            self._pending += piece
            while (block := self._cut()) is not None:
                done.append(block)
        return done

    def finish(self) -> bytes:
        block, self._pending = bytes(self._pending), bytearray()
        return block

    def _drop_leading_zeros(self, chunk: bytes) -> bytes:
        if self._pending:  # sound has started: nothing more to drop
            self._skip = 0
            return chunk
        view = memoryview(chunk).cast("h")
        zeros = 0
        while zeros < min(self._skip, len(view)) and view[zeros] == 0:
            zeros += 1
        if zeros < len(view):
            self._skip = 0  # the lead-in was shorter: the rest of the delay stays
        else:
            self._skip -= zeros
        return chunk[zeros * SAMPLE_WIDTH :]

    def _cut(self) -> bytes | None:
        samples = len(self._pending) // SAMPLE_WIDTH
        if samples < self._min_block + self._min_run:
            return None
        run = self._zero_run(max(self._min_block, self._scanned - self._min_run))
        if run is None:
            self._scanned = samples
            return None
        start, _ = run
        end_of_block = start + self._frame
        block = bytes(self._pending[: end_of_block * SAMPLE_WIDTH])
        joint = decoded_length(end_of_block, self.sample_rate) - end_of_block
        del self._pending[: (end_of_block + joint) * SAMPLE_WIDTH]
        self._scanned = 0
        self._min_block = self._block
        return block

    def _zero_run(self, begin: int) -> tuple[int, int] | None:
        """The first run of at least ``_min_run`` zero samples starting at or after
        ``begin`` (it may go on into samples that have not come yet)."""
        import numpy as np

        samples = np.frombuffer(self._pending, dtype="<i2")[begin:]
        silent = np.concatenate(([False], samples == 0, [False]))
        edges = np.flatnonzero(silent[1:] != silent[:-1])
        starts, ends = edges[::2], edges[1::2]
        long_enough = np.flatnonzero(ends - starts >= self._min_run)
        if long_enough.size == 0:
            return None
        first = long_enough[0]
        return begin + int(starts[first]), begin + int(ends[first])


def _encode_block(pcm: bytes, sample_rate: int, kbps: int, channels: int) -> bytes:
    import lameenc

    encoder = lameenc.Encoder()
    encoder.set_bit_rate(kbps)
    encoder.set_in_sample_rate(sample_rate)
    encoder.set_out_sample_rate(sample_rate)  # LAME would resample at low bitrates
    encoder.set_channels(channels)
    encoder.set_quality(LAME_QUALITY)
    if channels == 2:  # dual mono, at full level in both channels
        import numpy as np

        pcm = np.repeat(np.frombuffer(pcm, dtype="<i2"), 2).tobytes()
    try:
        return bytes(encoder.encode(pcm)) + bytes(encoder.flush())
    except RuntimeError as exc:
        raise AudioError(f"the MP3 encoder failed: {exc}") from exc


class _Reader:
    """Runs ``read(stream)`` in a thread, draining the stream whatever happens."""

    def __init__(self, read: Callable[[IO[bytes]], Any], stream: IO[bytes]) -> None:
        self._read, self._stream = read, stream
        self._value: Any = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="encoded-reader", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            self._value = self._read(self._stream)
        except BaseException as exc:  # handed to the caller in result()
            self._error = exc
        finally:
            # The writer thread must never block on a full pipe nobody reads.
            with contextlib.suppress(OSError, ValueError):
                while self._stream.read(1 << 16):
                    pass
                self._stream.close()

    def close(self) -> None:
        self._thread.join()

    def result(self) -> Any:
        self._thread.join()
        if self._error is not None:
            raise self._error
        return self._value


class _OrderedWriter:
    """Writes the blocks' encodings, in programme order, to the file and a copy stream."""

    def __init__(self, out: IO[bytes], copy: IO[bytes] | None, pending: int) -> None:
        self._out, self._copy = out, copy
        self._queue: queue.Queue[Future[bytes] | None] = queue.Queue(maxsize=pending)
        self.error: BaseException | None = None
        self._aborted = False
        self._thread = threading.Thread(target=self._run, name="mp3-writer", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while (future := self._queue.get()) is not None:
            if self.error is not None or self._aborted:
                future.cancel()
                continue
            try:
                frames = future.result()
                self._out.write(frames)
                if self._copy is not None:
                    with contextlib.suppress(BrokenPipeError):
                        self._copy.write(frames)
            except BaseException as exc:  # handed to the producer in close()
                self.error = exc
        if self._copy is not None:
            with contextlib.suppress(BrokenPipeError):
                self._copy.close()

    def put(self, future: Future[bytes]) -> None:
        self._queue.put(future)  # waits while `pending` blocks are in flight

    def abort(self) -> None:
        """Drop the blocks still queued (the producer failed)."""
        self._aborted = True

    def close(self) -> None:
        self._queue.put(None)
        self._thread.join()


def encode_mp3(
    chunks: Iterable[bytes],
    path: Path,
    *,
    sample_rate: int,
    bitrate: str | int = "64k",
    channels: int = 1,
    read_encoded: Callable[[IO[bytes]], Any] | None = None,
    workers: int | None = None,
    block_seconds: float = BLOCK_SECONDS,
) -> Any:
    """Encode mono 16-bit PCM chunks into a CBR MP3 file, blocks in parallel.

    Args:
        chunks: the PCM in pieces, as they are produced (synthesis and mastering may
            still be running).
        path: the file to write.
        sample_rate: the PCM's rate, which is also the file's.
        bitrate: CBR bitrate (``"64k"``).
        channels: 1, or 2 for the mono PCM as dual-mono stereo.
        read_encoded: run in a thread on a stream of the file's bytes as they are
            written (to decode and measure them); its result is returned.
        workers: encoder threads (default: one per core).
        block_seconds: audio in a block before it is cut at the next pause.

    Returns:
        ``read_encoded``'s result, or None.

    Raises:
        AudioError: the encoder failed, or the file cannot be written. Whatever
            ``chunks`` raises is raised once the encoders have stopped.
    """
    kbps = bitrate_kbps(bitrate)
    count = workers or os.cpu_count() or 1
    blocks = Blocks(sample_rate, block_seconds)
    reader = None
    copy = None
    if read_encoded is not None:
        read_fd, write_fd = os.pipe()
        copy = os.fdopen(write_fd, "wb")
        reader = _Reader(read_encoded, os.fdopen(read_fd, "rb"))
    try:
        out = open(path, "wb")  # noqa: SIM115 (closed in the finally below)
    except OSError as exc:
        if copy is not None:
            copy.close()
        if reader is not None:
            reader.close()
        raise AudioError(f"cannot write {path}: {exc}") from exc
    with ThreadPoolExecutor(count, thread_name_prefix="mp3-encode") as pool:
        writer = _OrderedWriter(out, copy, pending=2 * count + 1)

        def submit(block: bytes) -> None:
            writer.put(pool.submit(_encode_block, block, sample_rate, kbps, channels))

        try:
            for chunk in _checked(chunks, writer):
                for block in blocks.add(chunk):
                    submit(block)
            submit(blocks.finish())
        except BaseException:
            writer.abort()
            raise
        finally:
            writer.close()
            out.close()
            if reader is not None:
                reader.close()
    if writer.error is not None:
        error = writer.error
        if isinstance(error, OSError):
            raise AudioError(f"cannot write {path}: {error}") from error
        raise error
    return reader.result() if reader is not None else None


def _checked(chunks: Iterable[bytes], writer: _OrderedWriter) -> Iterator[bytes]:
    """The chunks, stopping early once the writer has failed (a full disk, say)."""
    iterator = iter(chunks)
    try:
        for chunk in iterator:
            if writer.error is not None:
                return
            yield chunk
    finally:
        close = getattr(iterator, "close", None)
        if close is not None:
            close()  # a generator upstream stops its synthesis now
