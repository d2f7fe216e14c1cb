"""News bulletins: several stories as one programme, with an opening, transitions and a close.

The bulletin reads like radio: "Bản tin sáng, thứ Sáu, ngày hai mươi bảy tháng mười
một năm ...", then each story announced by its headline, "Tin tiếp theo." between
stories, and a closing line. It is synthesized, mastered and encoded like an episode
(same voices per role, jingles, loudness and formats), gets one chapter per story (ID3
CHAP/CTOC in an MP3, and a JSON chapters file), and a manifest listing every story's
start and duration, so it becomes a feed item like any episode.
A target duration is checked before anything is written: over it, the result names
the stories to cut (from the end of the running order, the lowest in priority).
"""

from __future__ import annotations

import dataclasses
import hashlib
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from .assemble import assemble, order_segments, silence
from .config import ShowConfig
from .episode import (
    MANIFEST_SCHEMA,
    EpisodeOptions,
    _options,
    caption_cue_pcm,
    pauses_for,
    settings_hash,
    write_audio,
)
from .errors import InputError, TargetDurationError
from .fsutil import atomic_path, write_json_atomic
from .ingest import load_article
from .levels import parse_loudness
from .loudness import float_to_pcm
from .master import master, measure_file
from .mixing import transition_sting
from .model import Article, Segment, SegmentKind, TimedSegment
from .naming import episode_guid, slugify
from .normalize import normalize_article
from .numbers import read_integer
from .publish import publish_episode
from .roles import RoleVoice, cast_settings, synthesize_cast
from .tag import EpisodeTags
from .vidates import spoken_date

log = logging.getLogger(__name__)

NEXT_STORY = "Tin tiếp theo."
CLOSING = "{title} đến đây là kết thúc. Cảm ơn quý vị đã lắng nghe."
# The bulletin's breathing (ms), unless a profile's roles say otherwise: a clear break
# before "Tin tiếp theo" so one story ends before the next is announced, a short one
# after it so the announcement belongs to the headline it introduces.
FRAME_PAUSES = {
    SegmentKind.INTRO: RoleVoice(pause_after=1000),
    SegmentKind.TRANSITION: RoleVoice(pause_before=1200, pause_after=400),
    SegmentKind.CLOSING: RoleVoice(pause_before=1500),
}


def with_frame_pauses(opts: EpisodeOptions) -> EpisodeOptions:
    """``opts`` with the bulletin's default pauses for roles the options leave unset."""
    roles = dict(opts.roles or {})
    for kind, pauses in FRAME_PAUSES.items():
        own = roles.get(kind, RoleVoice())
        roles[kind] = dataclasses.replace(
            own,
            pause_before=own.pause_before if own.pause_before is not None
            else pauses.pause_before,
            pause_after=own.pause_after if own.pause_after is not None else pauses.pause_after,
        )
    return dataclasses.replace(opts, roles=roles)


@dataclass(frozen=True)
class Story:
    """One story's place in the bulletin (ms from the start of the file)."""

    title: str
    start_ms: int
    end_ms: int
    source: str = ""

    @property
    def duration_ms(self) -> int:
        return self.end_ms - self.start_ms


@dataclass
class Bulletin:
    """What ``build_bulletin`` produced (or, when too long and strict, would have)."""

    title: str
    slug: str
    audio_path: Path
    manifest_path: Path
    chapters_path: Path
    duration_s: float
    stories: list[Story] = field(default_factory=list)
    target_s: float | None = None
    cuts: list[Story] = field(default_factory=list)
    loudness: dict[str, Any] = field(default_factory=dict)

    @property
    def over_target_s(self) -> float:
        return max(0.0, self.duration_s - self.target_s) if self.target_s else 0.0


def opening_line(title: str, day: date, story_count: int) -> str:
    """The spoken opening: title, weekday and date in words, and how many stories follow."""
    count = f"Bản tin có {_count_words(story_count)} tin." if story_count > 1 else ""
    return f"{title.strip().rstrip('.')}, {spoken_date(day)}. {count}".strip()


def _count_words(n: int) -> str:
    return read_integer(n)


def bulletin_segments(title: str, day: date, articles: Sequence[Article],
                      captions: str = "inline") -> list[tuple[int | None, Segment]]:
    """Every spoken segment in order, each with the index of its story (None: the frame)."""
    segments: list[tuple[int | None, Segment]] = [
        (None, Segment(SegmentKind.INTRO, opening_line(title, day, len(articles))))]
    for index, article in enumerate(articles):
        if index:
            segments.append((index, Segment(SegmentKind.TRANSITION, NEXT_STORY)))
        segments.extend((index, s) for s in order_segments(article.segments, captions))
    closing = CLOSING.format(title=title.strip().rstrip("."))
    segments.append((None, Segment(SegmentKind.CLOSING, closing)))
    return segments


STING_GAP_MS = 250  # between the transition sting and "Tin tiếp theo"


def with_transition_sting(clips: list[tuple[Segment, bytes]],
                          opts: EpisodeOptions) -> list[tuple[Segment, bytes]]:
    """Clips with the transition jingle (if any) laid just before each spoken transition."""
    sting = transition_sting(opts.jingles, opts.rate)
    if sting is None:
        return clips
    lead = float_to_pcm(sting) + silence(STING_GAP_MS, opts.rate)
    return [(segment, lead + pcm if segment.kind == SegmentKind.TRANSITION else pcm)
            for segment, pcm in clips]


def story_times(owners: Sequence[int | None], timeline: Sequence[TimedSegment],
                articles: Sequence[Article], end_ms: int) -> list[Story]:
    """Each story from its first segment (its transition or headline) to the next story."""
    starts: dict[int, int] = {}
    for owner, timed in zip(owners, timeline, strict=True):
        if owner is not None and owner not in starts:
            starts[owner] = timed.start_ms
    closing = next((t.start_ms for o, t in zip(owners, timeline, strict=True)
                    if o is None and t.kind == SegmentKind.CLOSING), end_ms)
    stories = []
    for index, article in enumerate(articles):
        following = starts.get(index + 1, closing)
        stories.append(Story(article.title, starts[index], following, article.source_name or ""))
    return stories


def stories_to_cut(stories: Sequence[Story], over_ms: int) -> list[Story]:
    """The fewest stories from the end of the running order whose time covers ``over_ms``."""
    cuts: list[Story] = []
    saved = 0
    for story in reversed(stories[1:]):  # the lead story stays
        if saved >= over_ms:
            break
        cuts.append(story)
        saved += story.duration_ms
    return list(reversed(cuts)) if saved >= over_ms else list(stories[1:])


def build_bulletin(
    sources: Sequence[str | Path | bytes],
    output_dir: str | Path = "output",
    *,
    title: str = "Bản tin",
    day: date | None = None,
    engine: str = "gtts",
    target_s: float | None = None,
    strict: bool = False,
    show: ShowConfig | None = None,
    **options: Any,
) -> Bulletin:
    """Build one bulletin from several articles: audio, chapters and manifest.

    Args:
        sources: the articles in running order (paths or bytes).
        output_dir: where the files go.
        title: the bulletin's name, spoken first ("Bản tin sáng").
        day: the date read in the opening (default: today, UTC).
        engine: voice engine, as for an episode.
        target_s: planned duration in seconds, or None.
        strict: when over ``target_s``, raise instead of writing.
        **options: any :class:`~audionews.episode.EpisodeOptions` field.

    Returns:
        The bulletin; ``cuts`` names the stories to drop when it is over ``target_s``.

    Raises:
        InputError: no article, or one that cannot be read.
        TargetDurationError: ``strict`` and the bulletin is longer than ``target_s``.
        AudioNewsError: synthesis or encoding failed; nothing is left half-written.
    """
    if not sources:
        raise InputError("a bulletin needs at least one article")
    opts = with_frame_pauses(_options(engine, options))
    day = day or datetime.now(UTC).date()
    loaded = [load_article(source, opts.input_format) for source in sources]
    articles = [normalize_article(item.article) for item in loaded]
    owned = bulletin_segments(title, day, articles, opts.captions)
    owners = [owner for owner, _ in owned]
    segments = [segment for _, segment in owned]

    cast = opts.cast()
    rate = opts.rate
    clips = with_transition_sting(synthesize_cast(cast, segments, rate, opts.jobs), opts)
    programme = assemble(clips, rate, pauses_for(opts), caption_cue_pcm(opts, segments))
    mastered = master(programme, parse_loudness(opts.loudness), audio_format=opts.audio_format,
                      channels=opts.channels, jingles=opts.jingles)
    stories = story_times(owners, mastered.timeline, articles, mastered.duration_ms)

    slug = f"{slugify(title)}-{day.isoformat()}"
    out = Path(output_dir)
    audio_path = out / f"{slug}.{opts.audio_format}"
    bulletin = Bulletin(title=title, slug=slug, audio_path=audio_path,
                        manifest_path=out / f"{slug}.json",
                        chapters_path=out / f"{slug}.chapters.json",
                        duration_s=mastered.duration_ms / 1000, stories=stories,
                        target_s=target_s)
    if target_s and bulletin.duration_s > target_s:
        bulletin.cuts = stories_to_cut(stories, round((bulletin.duration_s - target_s) * 1000))
        if strict:
            raise TargetDurationError(over_target_message(bulletin))

    identity = hashlib.sha256("|".join(item.source_sha256 for item in loaded).encode()).hexdigest()
    guid = episode_guid(f"{title} {day.isoformat()}", None, identity)
    transcript = "\n\n".join(t.text for t in mastered.timeline)
    out.mkdir(parents=True, exist_ok=True)
    with atomic_path(audio_path) as tmp:
        write_audio(tmp, mastered.pcm, opts, EpisodeTags(
            title=f"{title} {day.strftime('%d/%m/%Y')}",
            artist=opts.artist or (show.author if show else "audionews"),
            album=opts.album or (show.title if show else "audionews"),
            date=day.isoformat(), length_ms=mastered.duration_ms, transcript=transcript,
        ))
        is_mp3 = opts.audio_format == "mp3"
        measured = measure_file(tmp, "mp3") if is_mp3 else mastered.loudness
    bulletin.loudness = {"target_lufs": parse_loudness(opts.loudness), **measured.as_dict()}
    manifest = {
        "schema": MANIFEST_SCHEMA,
        "kind": "bulletin",
        "title": title,
        "date": day.isoformat(),
        "slug": slug,
        "guid": guid,
        "engine": opts.engine,
        "voice": opts.voice,
        "duration_s": bulletin.duration_s,
        "mp3": audio_path.name,
        "audio": audio_path.name,
        "format": opts.audio_format,
        "sample_rate": rate,
        "channels": opts.channels,
        "bytes": audio_path.stat().st_size,
        "loudness": bulletin.loudness,
        "settings_sha256": settings_hash(opts, cast_settings(cast)),
        "source_sha256": [item.source_sha256 for item in loaded],
        "published": day.isoformat(),
        "description": " / ".join(a.title for a in articles),
        "target_duration_s": target_s,
        "stories": [
            {"title": s.title, "source_name": s.source, "start_ms": s.start_ms,
             "duration_ms": s.duration_ms}
            for s in stories
        ],
        "segments": [
            {"kind": str(t.kind), "story": owner, "text": t.text, "spoken_text": t.spoken,
             "start_ms": t.start_ms, "end_ms": t.end_ms}
            for owner, t in zip(owners, mastered.timeline, strict=True)
        ],
    }
    write_json_atomic(bulletin.manifest_path, manifest)
    if opts.audio_format == "mp3":
        # Chapters (one per story, ID3 and JSON), transcripts and cover, as for any episode.
        publish_episode(bulletin.manifest_path, show)
    log.info("wrote %s (%.1f s, %d stories)", audio_path, bulletin.duration_s, len(stories))
    return bulletin


def clock(seconds: float) -> str:
    """``m:ss`` for a duration."""
    total = round(seconds)
    return f"{total // 60}:{total % 60:02d}"


def over_target_message(bulletin: Bulletin) -> str:
    """What an editor needs when the bulletin is too long: by how much, and what to cut."""
    target = bulletin.target_s or 0.0
    cuts = "; ".join(
        f"story {bulletin.stories.index(s) + 1} \"{s.title}\" ({clock(s.duration_ms / 1000)})"
        for s in bulletin.cuts
    )
    return (f"the bulletin runs {clock(bulletin.duration_s)}, {clock(bulletin.over_target_s)} "
            f"over the {clock(target)} target; cut {cuts} to fit")


__all__ = [
    "Bulletin", "Story", "build_bulletin", "bulletin_segments", "clock",
    "opening_line", "over_target_message", "stories_to_cut",
]
