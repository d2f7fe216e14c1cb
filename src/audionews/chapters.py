"""Chapters of an episode: which parts of the article a listener can jump to.

One chapter per segment group: the title (with any spoken intro), each lead or
body paragraph (a heading opens the chapter that follows it), and each run of
consecutive captions. Chapters tile the whole file, from 0 to its duration, so
players show no gaps. They are written twice: as ID3 ``CHAP`` frames under one
top-level ordered ``CTOC`` (read by most players and by ffmpeg), and as a
Podcasting 2.0 JSON chapters document referenced from the feed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from mutagen.id3 import CHAP, CTOC, ID3, TIT2, CTOCFlags

from .manifest import ManifestSegment

JSON_CHAPTERS_VERSION = "1.2.0"
JSON_CHAPTERS_MIME = "application/json+chapters"
CHAPTER_TITLE_WORDS = 8
TOC_ELEMENT_ID = "toc"
# An ID3 CTOC counts its entries in one byte; a list longer than this is no help to a
# listener anyway, so very long articles get their paragraphs grouped (``cap_chapters``).
MAX_CHAPTERS = 255

# Kinds that open a chapter of their own, and kinds that lead into the next one.
_TITLE_KINDS = ("title", "intro")
_PARAGRAPH_KINDS = ("lead", "body")
_LEADING_KINDS = ("heading", "transition")
_TRAILING_KINDS = ("source", "outro")
_CAPTION = "caption"


@dataclass(frozen=True)
class Chapter:
    """A named span of the episode, in milliseconds."""

    title: str
    start_ms: int
    end_ms: int


def short_title(text: str, max_words: int = CHAPTER_TITLE_WORDS) -> str:
    """The first words of a paragraph, with an ellipsis when cut."""
    words = text.split()
    if len(words) <= max_words:
        return " ".join(words)
    return " ".join(words[:max_words]).rstrip(",;:.!?-–—") + "…"


@dataclass
class _Group:
    role: str  # "title", "paragraph" or "caption"
    segments: list[ManifestSegment]

    @property
    def title(self) -> str:
        headings = [s for s in self.segments if s.kind == "heading" and s.text.strip()]
        if headings:
            return short_title(headings[0].text)
        wanted = {"title": _TITLE_KINDS[:1], "caption": (_CAPTION,)}.get(
            self.role, _PARAGRAPH_KINDS
        )
        for seg in self.segments:
            if seg.kind in wanted and seg.text.strip():
                return short_title(seg.text)
        return short_title(next((s.text for s in self.segments if s.text.strip()), ""))


def _group_segments(segments: list[ManifestSegment]) -> list[_Group]:
    groups: list[_Group] = []
    pending: list[ManifestSegment] = []  # headings/transitions waiting for their paragraph
    for seg in segments:
        last = groups[-1] if groups else None
        if seg.kind in _LEADING_KINDS:
            pending.append(seg)
        elif seg.kind in _TITLE_KINDS:
            if last is not None and last.role == "title" and not pending:
                last.segments.append(seg)
            else:
                groups.append(_Group("title", [*pending, seg]))
                pending = []
        elif seg.kind == _CAPTION:
            if last is not None and last.role == "caption" and not pending:
                last.segments.append(seg)
            else:
                groups.append(_Group("caption", [*pending, seg]))
                pending = []
        elif seg.kind in _TRAILING_KINDS and last is not None and not pending:
            last.segments.append(seg)
        else:  # lead, body, and kinds this version does not know
            groups.append(_Group("paragraph", [*pending, seg]))
            pending = []
    if pending:
        if groups:
            groups[-1].segments.extend(pending)
        else:
            groups.append(_Group("paragraph", pending))
    return groups


def build_chapters(segments: list[ManifestSegment], duration_ms: int) -> list[Chapter]:
    """Group timed segments into chapters that tile ``0 .. duration_ms``.

    Args:
        segments: the episode's timed segments in playback order.
        duration_ms: the length of the audio file.

    Returns:
        Chapters with strictly increasing starts; the first starts at 0 and the
        last ends at ``duration_ms``. Empty when there are no segments.
    """
    groups = _group_segments(segments)
    starts: list[tuple[int, str]] = []
    for group in groups:
        start = 0 if not starts else min(s.start_ms for s in group.segments)
        if starts and start <= starts[-1][0]:
            continue  # a zero-length group: its audio belongs to the previous chapter
        if start >= duration_ms:
            break
        starts.append((start, group.title))
    return [
        Chapter(title=title, start_ms=start, end_ms=starts[i + 1][0] if i + 1 < len(starts)
                else duration_ms)
        for i, (start, title) in enumerate(starts)
    ]


def cap_chapters(chapters: list[Chapter], limit: int = MAX_CHAPTERS) -> list[Chapter]:
    """At most ``limit`` chapters: runs of neighbours merged, evenly, when there are more.

    The first chapter (the headline) stays on its own; every merged chapter keeps the
    title of the first one it swallows, so the list still reads as the article does.

    Args:
        chapters: chapters tiling the file, in order.
        limit: the most wanted (at least 2).
    """
    if len(chapters) <= limit:
        return list(chapters)
    head, rest = chapters[0], chapters[1:]
    groups = limit - 1
    # Spread ``len(rest)`` chapters over ``groups`` runs whose sizes differ by at most one.
    bounds = [round(i * len(rest) / groups) for i in range(groups + 1)]
    merged = [
        Chapter(title=rest[a].title, start_ms=rest[a].start_ms, end_ms=rest[b - 1].end_ms)
        for a, b in zip(bounds, bounds[1:], strict=False)
        if b > a
    ]
    return [head, *merged]


def chapters_document(chapters: list[Chapter], episode_title: str | None = None) -> dict[str, Any]:
    """A Podcasting 2.0 JSON chapters document (version 1.2.0).

    Args:
        chapters: the episode's chapters.
        episode_title: optional title of the whole document.
    """
    doc: dict[str, Any] = {"version": JSON_CHAPTERS_VERSION}
    if episode_title:
        doc["title"] = episode_title
    doc["chapters"] = [
        {"startTime": c.start_ms / 1000, "endTime": c.end_ms / 1000, "title": c.title}
        for c in chapters
    ]
    return doc


def set_id3_chapters(tags: ID3, chapters: list[Chapter], toc_title: str | None = None) -> None:
    """Replace the ID3 chapter frames with ``chapters``: CHAP frames plus one CTOC.

    Args:
        tags: the file's ID3 tag, changed in place (the caller saves it).
        chapters: the chapters, in order.
        toc_title: optional title of the table of contents (e.g. the episode title).
    """
    tags.delall("CHAP")
    tags.delall("CTOC")
    chapters = cap_chapters(chapters)
    if not chapters:
        return
    ids = [f"chp{i}" for i in range(len(chapters))]
    tags.add(
        CTOC(
            element_id=TOC_ELEMENT_ID,
            flags=CTOCFlags.TOP_LEVEL | CTOCFlags.ORDERED,
            child_element_ids=ids,
            sub_frames=[TIT2(encoding=3, text=[toc_title])] if toc_title else [],
        )
    )
    for element_id, chapter in zip(ids, chapters, strict=True):
        tags.add(
            CHAP(
                element_id=element_id,
                start_time=chapter.start_ms,
                end_time=chapter.end_ms,
                # 0xFFFFFFFF: "no byte offset", the times are authoritative.
                start_offset=0xFFFFFFFF,
                end_offset=0xFFFFFFFF,
                sub_frames=[TIT2(encoding=3, text=[chapter.title])],
            )
        )


def _frame_size(raw: bytes, major: int) -> int:
    if major == 4:  # ID3v2.4 frame sizes are syncsafe: 7 bits per byte
        return (raw[0] << 21) | (raw[1] << 14) | (raw[2] << 7) | raw[3]
    return int.from_bytes(raw, "big")


def order_chap_frames(mp3: bytes) -> bytes:
    """Put the ID3 ``CHAP`` frames of a tagged MP3 in playback order.

    mutagen writes frames sorted by size (quodlibet/mutagen#506), so CHAP frames
    land in a random order. The ordered CTOC says the right order, but ffmpeg,
    ffprobe and other readers list chapters in file order, so this swaps the CHAP
    frames among their own positions by start time. Nothing else moves and no
    size changes. Tags it does not expect (no ID3v2.3/2.4 header at the start,
    header flags such as unsynchronisation) are returned untouched.

    Args:
        mp3: the whole file, as mutagen saved it.

    Returns:
        The file with its CHAP frames in playback order.
    """
    if len(mp3) < 10 or mp3[:3] != b"ID3" or mp3[3] not in (3, 4) or mp3[5] != 0:
        return mp3
    major = mp3[3]
    tag_end = 10 + _frame_size(mp3[6:10], 4)  # the tag size is syncsafe in both versions
    frames: list[bytes] = []
    chap_slots: list[int] = []
    chap_frames: list[tuple[int, bytes]] = []
    pos = 10
    while pos + 10 <= tag_end and mp3[pos] != 0:  # a zero byte starts the padding
        size = _frame_size(mp3[pos + 4 : pos + 8], major)
        frame = mp3[pos : pos + 10 + size]
        if len(frame) != 10 + size or pos + 10 + size > tag_end:
            return mp3  # malformed: leave it alone
        if frame[:4] == b"CHAP" and frame[8:10] == b"\x00\x00":
            body = frame[10:]
            id_end = body.find(b"\x00")
            if id_end < 0 or len(body) < id_end + 9:
                return mp3
            start_ms = int.from_bytes(body[id_end + 1 : id_end + 5], "big")
            chap_slots.append(len(frames))
            chap_frames.append((start_ms, frame))
        frames.append(frame)
        pos += 10 + size
    for slot, (_, frame) in zip(chap_slots, sorted(chap_frames, key=lambda c: c[0]),
                                strict=True):
        frames[slot] = frame
    return mp3[:10] + b"".join(frames) + mp3[pos:]
