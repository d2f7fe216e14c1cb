"""The publish stage: side files and tags for each episode, then the feed and page.

``publish_episode`` runs after every episode build: it writes the chapters (ID3
and JSON), the transcripts (VTT and SRT) and the cover into the MP3, and records
the side files in the manifest. ``update_feed`` then rebuilds ``feed.xml`` and
``index.html`` from everything in the output folder. Both are idempotent.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

from mutagen import MutagenError
from mutagen.id3 import APIC, ID3, ID3NoHeaderError, PictureType

from .catalog import mp3_duration_s
from .chapters import (
    Chapter,
    build_chapters,
    cap_chapters,
    chapters_document,
    order_chap_frames,
    set_id3_chapters,
)
from .config import DEFAULT_LANGUAGE, ShowConfig
from .errors import AudioError
from .fsutil import write_bytes_atomic, write_text_atomic
from .manifest import manifest_segments, read_manifest, write_manifest
from .transcript import to_srt, to_webvtt


def _retag_mp3(mp3_path: Path, chapters: list[Chapter], toc_title: str, cover: Path | None) -> int:
    """Rewrite the MP3's chapter and cover frames; return the file's new size."""
    try:
        data = mp3_path.read_bytes()
    except OSError as exc:
        raise AudioError(f"cannot read {mp3_path}: {exc.strerror}") from None
    buffer = io.BytesIO(data)
    try:
        tags = ID3(buffer)
        version = tags.version[1] if tags.version[1] in (3, 4) else 4
    except ID3NoHeaderError:
        tags, version = ID3(), 4
    except MutagenError as exc:
        raise AudioError(f"cannot read the ID3 tag of {mp3_path}: {exc}") from None
    set_id3_chapters(tags, chapters, toc_title)
    if cover is not None:
        from .cover import embeddable_cover

        mime, image = embeddable_cover(cover)
        tags.delall("APIC")
        tags.add(APIC(encoding=3, mime=mime, type=PictureType.COVER_FRONT, desc="Cover",
                      data=image))
    buffer.seek(0)
    # Save into memory, then swap the file in atomically: a crash never leaves a
    # half-tagged MP3 behind.
    tags.save(buffer, v2_version=version)
    tagged = order_chap_frames(buffer.getvalue())
    write_bytes_atomic(mp3_path, tagged)
    return len(tagged)


def chapters_for(manifest: dict, segments: list, duration_ms: int) -> list[Chapter]:
    """One chapter per story for a bulletin (its manifest lists ``stories``), else one
    per segment group (title, each paragraph, captions)."""
    stories = manifest.get("stories")
    if stories:
        return cap_chapters([
            Chapter(title=str(s["title"]), start_ms=int(s["start_ms"]),
                    end_ms=min(duration_ms, int(s["start_ms"]) + int(s["duration_ms"])))
            for s in stories
        ])
    return cap_chapters(build_chapters(segments, duration_ms))


def publish_episode(manifest_path: Path, config: ShowConfig | None) -> None:
    """Add chapters, transcripts and cover art to one built episode.

    Writes ``<slug>.chapters.json``, ``<slug>.vtt`` and ``<slug>.srt`` next to the
    MP3, writes ID3 ``CHAP``/``CTOC`` (and, with a config, an ``APIC`` cover) into
    the MP3, and records the side files under ``"files"`` in the manifest (and the
    MP3's new size under ``"bytes"``).

    Args:
        manifest_path: the episode's ``<slug>.json``.
        config: the show; without one, no cover is embedded.

    Raises:
        InputError: the manifest is missing or malformed.
        AudioError: the MP3 cannot be read or tagged.
        ConfigError: the configured cover image is unusable.
    """
    manifest_path = Path(manifest_path)
    manifest = read_manifest(manifest_path)
    output_dir = manifest_path.parent
    # Check the cover first: a config error must stop before anything is written.
    cover = None
    if config is not None:
        from .cover import prepare_cover  # Pillow loads only for a show with cover art

        cover = prepare_cover(config, output_dir)
    mp3_path = output_dir / str(manifest["mp3"])
    try:
        duration_ms = round(mp3_duration_s(mp3_path) * 1000)
    except (OSError, MutagenError) as exc:
        raise AudioError(f"cannot read the MP3 {mp3_path}: {exc}") from None
    segments = manifest_segments(manifest)
    title = str(manifest.get("title") or mp3_path.stem)
    stem = mp3_path.stem
    language = config.language if config else DEFAULT_LANGUAGE

    chapters = chapters_for(manifest, segments, duration_ms)
    files = {
        "chapters": f"{stem}.chapters.json",
        "vtt": f"{stem}.vtt",
        "srt": f"{stem}.srt",
    }
    write_text_atomic(
        output_dir / files["chapters"],
        json.dumps(chapters_document(chapters, title), ensure_ascii=False, indent=2) + "\n",
    )
    write_text_atomic(output_dir / files["vtt"], to_webvtt(segments, language))
    write_text_atomic(output_dir / files["srt"], to_srt(segments))

    if cover is not None:
        files["cover"] = cover.name
    size = _retag_mp3(mp3_path, chapters, title, cover)

    manifest["files"] = {**(manifest.get("files") or {}), **files}
    manifest["bytes"] = size
    write_manifest(manifest_path, manifest)


def update_feed(output_dir: Path, config: ShowConfig, max_items: int | None = None) -> Path:
    """Rebuild ``feed.xml`` and ``index.html`` in ``output_dir``.

    Args:
        output_dir: the folder with the episodes.
        config: the show.
        max_items: keep only the newest N items in the feed.

    Returns:
        The feed's path.

    Raises:
        ConfigError: bad ``max_items`` or cover image.
        InputError: the folder holds no episode.
    """
    # feedgen, lxml and jinja2 load only when a feed is written, not for every episode.
    from .feed import build_feed
    from .page import build_page

    feed_path = build_feed(output_dir, config, max_items=max_items)
    build_page(output_dir, config)
    return feed_path
