"""The plain data that flows between the stages.

``parse`` makes an :class:`Article` of :class:`Segment` objects; ``normalize`` fills
``Segment.spoken``; ``synthesize`` and ``assemble`` turn segments into timed audio;
``tag`` and ``publish`` read the resulting :class:`Episode`. Nothing here does work.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from enum import StrEnum
from pathlib import Path


class SegmentKind(StrEnum):
    """What role a piece of an article plays; pauses, voices and chapters key on it."""

    TITLE = "title"
    LEAD = "lead"
    HEADING = "heading"
    BODY = "body"
    CAPTION = "caption"
    SOURCE = "source"
    # Spoken by the bulletin around the stories, never found in an article.
    INTRO = "intro"
    TRANSITION = "transition"
    CLOSING = "closing"


@dataclass(frozen=True)
class Segment:
    """One unit of an article that is spoken as one clip.

    Attributes:
        kind: the role of the text (title, body, caption, source...).
        text: the written text, as published (cleaned of whitespace damage only).
        spoken: the text the voice reads; ``None`` until the normalize stage ran.
    """

    kind: SegmentKind
    text: str
    spoken: str | None = None

    @property
    def speech(self) -> str:
        """The text to synthesize: the normalized form when there is one."""
        return self.spoken if self.spoken is not None else self.text

    def with_spoken(self, spoken: str) -> Segment:
        return replace(self, spoken=spoken)


@dataclass(frozen=True)
class Article:
    """A parsed article: its title and its segments in reading order.

    ``segments`` starts with the title segment. ``published`` is an ISO 8601 date or
    datetime string when the source says when it was published.
    """

    title: str
    segments: tuple[Segment, ...]
    published: str | None = None
    author: str | None = None
    url: str | None = None
    image_url: str | None = None
    source_name: str | None = None

    def of_kind(self, kind: SegmentKind) -> tuple[Segment, ...]:
        return tuple(s for s in self.segments if s.kind == kind)

    @property
    def lead(self) -> str:
        """The first paragraph after the title: the episode's description."""
        for seg in self.segments:
            if seg.kind in (SegmentKind.LEAD, SegmentKind.BODY):
                return seg.text
        return self.title


@dataclass(frozen=True)
class TimedSegment:
    """A segment placed in the assembled audio (milliseconds from the start)."""

    kind: SegmentKind
    text: str
    spoken: str
    start_ms: int
    end_ms: int


@dataclass
class Episode:
    """What ``build_episode`` produced: files on disk and their timing."""

    title: str
    slug: str
    mp3_path: Path
    manifest_path: Path
    duration_s: float
    segments: list[TimedSegment] = field(default_factory=list)
    engine: str = ""
    skipped: bool = False
    # Repairs made to the input (mojibake, legacy encoding, dropped lines), for the user.
    warnings: list[str] = field(default_factory=list)
