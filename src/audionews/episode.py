"""Build one episode: article in, tagged MP3 and manifest out.

This is the pipeline's driver: ``load → normalize → synthesize → assemble → encode
→ tag → write manifest``. Every stage lives in its own module; this one only wires
them, decides file names and keeps rebuilds idempotent (an unchanged article with
unchanged settings is not rebuilt).
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import logging
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .assemble import (
    CAPTION_CUE_WORDS,
    CAPTION_CUES,
    Pauses,
    assemble,
    lay_out,
    order_segments,
)
from .audio import FORMATS, encode_pcm
from .cache import ClipCache
from .config import ShowConfig
from .engines import Engine
from .errors import InputError
from .fsutil import atomic_path, write_json_atomic
from .ingest import LoadedArticle, load_article
from .jingles import Jingles
from .levels import Loudness, parse_loudness
from .lexicon import load_lexicon
from .model import Article, Episode, Segment, SegmentKind, TimedSegment
from .mp3 import check_mp3_settings
from .naming import episode_guid, slugify
from .normalize import normalize_article
from .ratelimit import set_max_rps
from .roles import (
    CastStream,
    RolePauses,
    VoiceCast,
    cast_settings,
    engine_for,
    roles_from_mapping,
)
from .synthesize import synthesize_piece
from .tempo import change_tempo

if TYPE_CHECKING:
    from .tag import EpisodeTags

log = logging.getLogger(__name__)
MANIFEST_SCHEMA = 1
# Sample rate when none is given: speech engines deliver 22-24 kHz, so more is wasted
# in a podcast MP3 (an MP3 is made at the main voice's own rate when it has one, see
# ``plan_episode``); playout systems want 48 kHz WAV.
DEFAULT_SAMPLE_RATES = {"mp3": 24000, "wav": 48000}


@dataclass(frozen=True)
class EpisodeOptions:
    """How to build an episode. Every field here is also a ``build_episode`` keyword."""

    engine: str = "gtts"
    voice: str | None = None
    speed: float = 1.0
    bitrate: str = "64k"
    # None: for an MP3 the main voice's own rate, else the format's default
    # (DEFAULT_SAMPLE_RATES).
    sample_rate: int | None = None
    captions: str = "inline"
    caption_cue: str = "words"
    pauses: Pauses = field(default_factory=Pauses)
    artist: str | None = None  # default: the show's author, else "audionews"
    album: str | None = None  # default: the show's title, else "audionews"
    jobs: int | None = None
    force: bool = False
    input_format: str = "auto"
    # User pronunciation lexicons (TSV), layered over the shipped one; later files win.
    lexicon: tuple[str | Path, ...] = ()
    keep_credits: bool = False
    max_words: int | None = None  # refuse longer articles (a safety limit for batch jobs)
    # Clip cache folder (None: the user cache folder); use_cache=False skips it.
    cache_dir: str | None = None
    use_cache: bool = True
    # Network requests per second for the whole process (None: no limit).
    max_rps: float | None = None
    loudness: str | float = "podcast"  # preset name or a target in LUFS
    audio_format: str = "mp3"
    channels: int = 1
    roles: Mapping[Any, Any] | None = None  # {role: RoleVoice or table} (see roles.py)
    jingles: Jingles | None = None

    @property
    def rate(self) -> int:
        return self.sample_rate or DEFAULT_SAMPLE_RATES[self.audio_format]

    def cast(self) -> VoiceCast:
        return VoiceCast(self.engine, self.voice, self.speed, self.roles or {})

    def sound_settings(self) -> dict[str, Any]:
        """The settings that change the audio (for the rebuild check).

        Lexicon files count by content (see ``settings_hash``), not by name.
        """
        data = dataclasses.asdict(self)
        for key in ("jobs", "force", "input_format", "lexicon", "max_words", "cache_dir",
                    "use_cache", "max_rps"):
            data.pop(key)
        data["sample_rate"] = self.rate  # 24000 given or defaulted is the same sound
        return data


def _options(engine: str, options: dict[str, Any]) -> EpisodeOptions:
    known = {f.name for f in dataclasses.fields(EpisodeOptions)}
    unknown = set(options) - known
    if unknown:
        raise TypeError(f"unknown episode option(s): {', '.join(sorted(unknown))}")
    if "pauses" in options and isinstance(options["pauses"], dict):
        options["pauses"] = Pauses(**options["pauses"])
    if isinstance(options.get("jingles"), dict):
        options["jingles"] = Jingles(**options["jingles"])
    if options.get("roles"):
        options["roles"] = roles_from_mapping(options["roles"])
    opts = EpisodeOptions(engine=engine, **options)
    if opts.audio_format not in FORMATS:
        raise InputError(f"unknown format {opts.audio_format!r}; use one of {FORMATS}")
    if opts.channels not in (1, 2):
        raise InputError(f"channels must be 1 or 2, not {opts.channels}")
    if opts.audio_format == "mp3":
        check_mp3_settings(opts.sample_rate, opts.bitrate)
    parse_loudness(opts.loudness)
    if opts.caption_cue not in CAPTION_CUES:
        raise InputError(f"unknown caption cue {opts.caption_cue!r}; use one of {CAPTION_CUES}")
    if not 0.5 <= opts.speed <= 2.0:
        raise InputError(f"speed {opts.speed} is out of range (0.5 to 2.0)")
    return opts


def settings_hash(
    options: EpisodeOptions, engine_settings: dict[str, Any], lexicon_sha256: str = ""
) -> str:
    payload = json.dumps(
        {"options": options.sound_settings(), "engine": engine_settings,
         "lexicon": lexicon_sha256},
        sort_keys=True, default=str,
    )
    return hashlib.sha256(payload.encode()).hexdigest()


def _read_manifest(path: Path) -> dict[str, Any] | None:
    try:
        data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        return data
    except (OSError, ValueError):
        return None


def _pick_slug(article: Article, guid: str, output_dir: Path) -> str:
    """The title's slug, unless another article already owns that name."""
    slug = slugify(article.title)
    existing = _read_manifest(output_dir / f"{slug}.json")
    if existing and existing.get("guid") not in (None, guid):
        slug = f"{slug}-{guid[:8]}"
    return slug


def _transcript(timeline: list[TimedSegment]) -> str:
    return "\n\n".join(t.text for t in timeline)


def _manifest(
    article: Article, slug: str, guid: str, options: EpisodeOptions, settings: str,
    source_sha256: str, mp3_path: Path, duration_ms: int, timeline: list[TimedSegment],
    first_built: str, sound: dict[str, Any] | None = None,
) -> dict[str, Any]:
    return {
        "schema": MANIFEST_SCHEMA,
        "title": article.title,
        "slug": slug,
        "guid": guid,
        "engine": options.engine,
        "voice": options.voice,
        "duration_s": round(duration_ms / 1000, 3),
        "mp3": mp3_path.name,
        "bytes": mp3_path.stat().st_size,
        "source_sha256": source_sha256,
        "settings_sha256": settings,
        "published": article.published,
        "first_built": first_built,
        "description": article.lead,
        "author": article.author,
        "source_name": article.source_name,
        "url": article.url,
        "image_url": article.image_url,
        "segments": [
            {
                "kind": str(t.kind),
                "text": t.text,
                "spoken_text": t.spoken,
                "start_ms": t.start_ms,
                "end_ms": t.end_ms,
            }
            for t in timeline
        ],
        **(sound or {}),
    }


def sound_manifest(options: EpisodeOptions, path: Path, measured: Loudness,
                   name: str | None = None, *, measured_in_file: bool = False) -> dict[str, Any]:
    """Format and loudness facts of a finished file, as measured in that file.

    A WAV holds exactly the mastered PCM, whose measurement is passed in; an MP3 is
    decoded and measured again (the encoder changes peaks by up to a dB), unless
    ``measured`` already is the file's own (decoded while it was encoded).

    Args:
        options: the episode's options.
        path: the encoded file (possibly still under its temporary name).
        measured: the mastered PCM's measurement, or the file's.
        name: the file's final name (default: ``path``'s).
        measured_in_file: ``measured`` was taken from the encoded file itself.
    """
    if options.audio_format != "wav" and not measured_in_file:
        from .master import measure_file

        measured = measure_file(path, options.audio_format)
    return {
        "audio": name or path.name,
        "format": options.audio_format,
        "sample_rate": options.rate,
        "channels": options.channels,
        "loudness": {
            "target_lufs": parse_loudness(options.loudness), **measured.as_dict(),
        },
    }


def _episode_from_manifest(data: dict[str, Any], output_dir: Path) -> Episode:
    return Episode(
        title=data["title"],
        slug=data["slug"],
        mp3_path=output_dir / data["mp3"],
        manifest_path=output_dir / f"{data['slug']}.json",
        duration_s=float(data["duration_s"]),
        segments=[
            TimedSegment(SegmentKind(s["kind"]), s["text"], s.get("spoken_text", s["text"]),
                         int(s["start_ms"]), int(s["end_ms"]))
            for s in data["segments"]
        ],
        engine=data.get("engine", ""),
    )


@dataclass(frozen=True)
class EpisodePlan:
    """What ``build_episode`` would do with an article, worked out without synthesis."""

    opts: EpisodeOptions
    output_dir: Path
    loaded: LoadedArticle
    article: Article
    voice: Engine
    guid: str
    slug: str
    settings: str
    manifest_path: Path
    mp3_path: Path
    previous: dict[str, Any] | None

    @property
    def up_to_date(self) -> bool:
        """True when the episode on disk was built from this source with these settings."""
        return bool(
            self.previous and not self.opts.force and self.mp3_path.exists()
            and self.previous.get("source_sha256") == self.loaded.source_sha256
            and self.previous.get("settings_sha256") == self.settings
            and self.previous.get("files")  # set by the publish step, the build's last write
        )


def plan_episode(
    source: str | Path | bytes,
    output_dir: str | Path = "output",
    engine: str = "gtts",
    show: ShowConfig | None = None,  # accepted like build_episode's; plans don't need it
    **options: Any,
) -> EpisodePlan:
    """Read and check an article and decide its file names, without synthesizing.

    Used by ``build_episode`` and by ``audionews batch --dry-run``.

    Raises:
        AudioNewsError: bad input or an unusable engine.
    """
    opts = _options(engine, options)
    out = Path(output_dir)
    loaded = load_article(source, opts.input_format, max_words=opts.max_words)
    lexicon = load_lexicon(*opts.lexicon)
    article = normalize_article(loaded.article, lexicon, keep_credits=opts.keep_credits)
    cast = opts.cast()
    voice = engine_for(cast, SegmentKind.BODY)  # fail early if the main voice cannot run
    if opts.sample_rate is None and opts.audio_format == "mp3" and voice.native_sample_rate:
        # The main voice's own rate: its clips go to the encoder without resampling.
        opts = dataclasses.replace(opts, sample_rate=voice.native_sample_rate)

    guid = episode_guid(article.title, article.url, article.published)
    slug = _pick_slug(article, guid, out)
    manifest_path = out / f"{slug}.json"
    settings = settings_hash(opts, {**voice.settings(), "cast": cast_settings(cast)},
                             lexicon.fingerprint())
    return EpisodePlan(
        opts=opts, output_dir=out, loaded=loaded, article=article, voice=voice, guid=guid,
        slug=slug, settings=settings, manifest_path=manifest_path,
        mp3_path=out / f"{slug}.{opts.audio_format}", previous=_read_manifest(manifest_path),
    )


def build_episode(
    source: str | Path | bytes,
    output_dir: str | Path = "output",
    engine: str = "gtts",
    show: ShowConfig | None = None,
    **options: Any,
) -> Episode:
    """Turn one article into ``<slug>.mp3`` and ``<slug>.json`` in ``output_dir``.

    Args:
        source: path of the article (text), or its bytes.
        output_dir: where the files go (created when missing).
        engine: registry name of the voice (``gtts``, ``espeak``, ...).
        show: the podcast's configuration (cover art, artist/album defaults), if any.
        **options: any field of :class:`EpisodeOptions` (bitrate, captions, ...).

    Returns:
        The episode; ``skipped`` is true when an identical build was already there.

    Raises:
        AudioNewsError: bad input, an unusable engine, or a failed synthesis; no
            partial file is left in ``output_dir``.
    """
    plan = plan_episode(source, output_dir, engine, **options)
    opts, out, loaded, article = plan.opts, plan.output_dir, plan.loaded, plan.article
    guid, slug, settings, previous = plan.guid, plan.slug, plan.settings, plan.previous
    mp3_path, manifest_path = plan.mp3_path, plan.manifest_path
    if plan.up_to_date and previous is not None:
        log.info("%s is up to date; skipped", mp3_path)
        return dataclasses.replace(_episode_from_manifest(previous, out), skipped=True,
                                   warnings=list(loaded.warnings))

    segments = order_segments(article.segments, opts.captions)
    artist = opts.artist or (show.author if show else "audionews")
    album = opts.album or (show.title if show else "audionews")
    if opts.max_rps is not None:
        set_max_rps(opts.max_rps)
    cache = ClipCache(opts.cache_dir) if opts.use_cache else None
    rate = opts.rate
    date = (article.published or datetime.now(UTC).date().isoformat())[:10]
    out.mkdir(parents=True, exist_ok=True)
    with CastStream(opts.cast(), segments, rate, opts.jobs, cache=cache,
                    article=str(source) if isinstance(source, str | Path) else article.title
                    ) as clips, ThreadPoolExecutor(1, "caption-cue") as cue_maker, \
            atomic_path(mp3_path) as tmp:
        # The caption cue is made beside the clips (it is needed at the first caption),
        # so the first clips go to the encoder without waiting for it.
        cue = cue_maker.submit(caption_cue_pcm, opts, segments, cache)
        rendered = render_audio(clips, tmp, opts, cue.result, metadata={
            "title": article.title, "artist": artist, "album": album, "date": date})
        if opts.audio_format == "mp3":
            from .tag import EpisodeTags, write_tags

            write_tags(tmp, EpisodeTags(
                title=article.title, artist=artist, album=album, date=date,
                length_ms=rendered.duration_ms, transcript=_transcript(rendered.timeline),
                publisher=article.source_name, url=article.url,
            ))
        sound = sound_manifest(opts, tmp, rendered.loudness, mp3_path.name,
                               measured_in_file=rendered.measured_in_file)
    first_built = (previous or {}).get("first_built") or datetime.now(UTC).isoformat(
        timespec="seconds")
    manifest = _manifest(article, slug, guid, opts, settings, loaded.source_sha256, mp3_path,
                         rendered.duration_ms, rendered.timeline, first_built, sound)
    if isinstance(source, str | Path):
        manifest["input"] = str(source)  # what the user gave: a path or the feed's link
    write_json_atomic(manifest_path, manifest)
    if opts.audio_format == "mp3":
        # Chapters, transcripts and cover; it records its files in the manifest last,
        # which marks the build complete (a run killed before this is redone next time).
        from .publish import publish_episode  # chapters, transcripts, cover: at the end

        publish_episode(manifest_path, show)
        manifest = _read_manifest(manifest_path) or manifest
    log.info("wrote %s (%.1f s, %.1f LUFS)", mp3_path, rendered.duration_ms / 1000,
             sound["loudness"]["integrated_lufs"])
    return dataclasses.replace(_episode_from_manifest(manifest, out),
                               warnings=list(loaded.warnings))


def pauses_for(opts: EpisodeOptions) -> Pauses:
    """The pause table with the roles' own pauses, and no caption pause without a cue."""
    pauses = RolePauses.for_cast(opts.pauses, opts.cast())
    if opts.caption_cue == "none":
        pauses = dataclasses.replace(pauses, before_caption=pauses.between,
                                     after_caption=pauses.between)
    return pauses


def caption_cue_pcm(
    opts: EpisodeOptions, segments: list[Segment], cache: ClipCache | None = None
) -> bytes | None:
    """"Chú thích ảnh." in the caption role's voice, when captions are cued with words."""
    if opts.caption_cue != "words" or not any(s.kind == SegmentKind.CAPTION for s in segments):
        return None
    cast = opts.cast()
    voice = engine_for(cast, SegmentKind.CAPTION)
    cue = synthesize_piece(voice, CAPTION_CUE_WORDS, opts.rate, cache)
    if not getattr(voice, "native_speed", False):
        cue = change_tempo(cue, opts.rate, cast.resolve(SegmentKind.CAPTION)[2])
    return cue


@dataclass(frozen=True)
class Rendered:
    """What was encoded: the segments' timings, the length, and the loudness.

    ``loudness`` is the file's own when ``measured_in_file`` (an MP3 decoded as it was
    encoded), else the mastered PCM's (which is what a WAV holds).
    """

    timeline: list[TimedSegment]
    duration_ms: int
    loudness: Loudness
    measured_in_file: bool = False


def render_audio(
    clips: Iterable[tuple[Segment, bytes]],
    path: Path,
    opts: EpisodeOptions,
    caption_cue: bytes | Callable[[], bytes | None] | None = None,
    metadata: Mapping[str, str] | None = None,
) -> Rendered:
    """Lay out, master and encode the clips into ``path`` (untagged).

    Without jingles the programme streams: each clip is mastered as it comes out of
    synthesis and goes straight to the running encoder, so synthesis, mastering and
    encoding overlap and memory holds only what is in flight. Jingles (a bed under
    the opening, stings overlapping pauses) need the whole programme at once.

    Args:
        clips: each segment with its PCM, in reading order (may still be synthesizing).
        path: the file to write.
        opts: the episode's options (format, loudness, rate, pauses, jingles).
        caption_cue: PCM spoken before each caption, a function making it, or None.
        metadata: title, artist, album, date: written into a WAV's INFO chunk.
    """
    # The signal code (numpy) is imported here, while the first clips are synthesized.
    from .master import StreamMaster, master, measure_stream

    target = parse_loudness(opts.loudness)
    info = None
    if opts.audio_format == "wav":
        from .tag import DEFAULT_GENRE

        info = dict(metadata or {}, genre=DEFAULT_GENRE)

    # A lossy file is decoded and measured as it is written, so the manifest's figures
    # are the file's, at no extra pass.
    read_encoded = None if opts.audio_format == "wav" else functools.partial(
        measure_stream, audio_format=opts.audio_format, sample_rate=opts.rate,
        channels=opts.channels)

    def encode(chunks: Iterable[bytes]) -> Loudness | None:
        return encode_pcm(chunks, path, sample_rate=opts.rate, fmt=opts.audio_format,
                          bitrate=opts.bitrate, channels=opts.channels, metadata=info,
                          read_encoded=read_encoded)

    if opts.jingles is not None and opts.jingles.any:
        programme = assemble(clips, opts.rate, pauses_for(opts), caption_cue)
        mastered = master(programme, target, audio_format=opts.audio_format,
                          channels=opts.channels, jingles=opts.jingles)
        in_file = encode([mastered.pcm])
        return Rendered(mastered.timeline, mastered.duration_ms,
                        in_file or mastered.loudness, in_file is not None)
    timeline: list[TimedSegment] = []
    streaming = StreamMaster(opts.rate, target, audio_format=opts.audio_format,
                             channels=opts.channels, measure=read_encoded is None)
    produced = streaming.process(lay_out(clips, opts.rate, pauses_for(opts), caption_cue,
                                         timeline))
    in_file = encode(_then(produced, _import_finishing_code))
    return Rendered(timeline, streaming.duration_ms, in_file or streaming.loudness(),
                    in_file is not None)


def _then(chunks: Iterable[bytes], done: Callable[[], object]) -> Iterator[bytes]:
    """The chunks, then a call to ``done`` once the last has been produced."""
    yield from chunks
    done()


def _import_finishing_code() -> None:
    """Import the tagging and publishing code in a thread while the last blocks encode:
    the build ends with them, and their import was most of that tail."""

    def load() -> None:
        from . import publish, tag  # noqa: F401

    threading.Thread(target=load, name="import-finish", daemon=True).start()


def write_audio(path: Path, pcm: bytes, options: EpisodeOptions, tags: EpisodeTags) -> None:
    """Encode mastered PCM in the episode's format and tag it (ID3 for MP3, INFO for WAV)."""
    metadata = None
    if options.audio_format == "wav":
        metadata = {"title": tags.title, "artist": tags.artist, "album": tags.album,
                    "date": tags.date or "", "genre": tags.genre}
    encode_pcm([pcm], path, sample_rate=options.rate, fmt=options.audio_format,
               bitrate=options.bitrate, channels=options.channels, metadata=metadata)
    if options.audio_format == "mp3":
        from .tag import write_tags

        write_tags(path, tags)


def segments_as_dicts(segments: tuple[Segment, ...]) -> list[dict[str, str]]:
    return [{"kind": str(s.kind), "text": s.text} for s in segments]
