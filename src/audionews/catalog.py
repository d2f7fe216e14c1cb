"""The published episodes of an output folder, as the feed and the page list them.

Built from the manifests next to the MP3s, so the folder itself is the database:
no state file to lose. Sizes and durations come from the MP3 files themselves, so
the feed always describes the bytes a listener downloads.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from pathlib import Path
from typing import Any

from mutagen import MutagenError
from mutagen.mp3 import MP3

from .errors import InputError
from .manifest import (
    ManifestSegment,
    episode_date,
    find_manifests,
    manifest_segments,
    parse_timestamp,
)

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class PublishedEpisode:
    """One episode ready to list: identity, dates, files and timing."""

    slug: str
    title: str
    description: str
    guid: str
    published: datetime
    first_built: datetime
    number: int
    mp3_name: str
    mp3_bytes: int
    duration_s: float
    url: str | None
    author: str | None
    vtt_name: str | None
    srt_name: str | None
    chapters_name: str | None
    segments: tuple[ManifestSegment, ...]


def mp3_duration_s(path: Path) -> float:
    """The playing time of an MP3 file, as mutagen measures it.

    Raises:
        OSError: the file cannot be read.
        MutagenError: the file is not an MP3.
    """
    info = MP3(path).info
    if info is None:  # pragma: no cover - mutagen raises for non-MP3 data
        raise MutagenError(f"{path} has no MPEG audio stream")
    return float(info.length)


def _side_file(output_dir: Path, manifest: dict[str, Any], key: str) -> str | None:
    name = (manifest.get("files") or {}).get(key)
    if isinstance(name, str) and name and (output_dir / name).is_file():
        return name
    return None


def _load(
    output_dir: Path, path: Path, manifest: dict[str, Any], default_tz: tzinfo
) -> dict[str, Any] | None:
    mp3_path = output_dir / str(manifest["mp3"])
    try:
        duration_s = mp3_duration_s(mp3_path)
        size = mp3_path.stat().st_size
        published = episode_date(manifest, default_tz)
        segments = tuple(manifest_segments(manifest))
    except (OSError, MutagenError, InputError) as exc:
        logger.warning("skipping episode %s: %s", path.name, exc)
        return None
    slug = str(manifest.get("slug") or path.stem)
    return {
        "slug": slug,
        "title": str(manifest.get("title") or slug),
        "description": str(manifest.get("description") or manifest.get("title") or slug),
        "guid": str(manifest.get("guid") or slug),
        "published": published,
        "first_built": parse_timestamp(manifest.get("first_built"), default_tz) or published,
        "mp3_name": mp3_path.name,
        "mp3_bytes": size,
        "duration_s": duration_s,
        "url": manifest.get("url") or None,
        "author": manifest.get("author") or None,
        "vtt_name": _side_file(output_dir, manifest, "vtt"),
        "srt_name": _side_file(output_dir, manifest, "srt"),
        "chapters_name": _side_file(output_dir, manifest, "chapters"),
        "segments": segments,
    }


def collect_episodes(output_dir: Path, default_tz: tzinfo = UTC) -> list[PublishedEpisode]:
    """All publishable episodes in ``output_dir``, newest first.

    Episodes are numbered 1, 2, ... in the order they were first built, so a new
    episode takes the next number and never renumbers the others. Manifests whose
    MP3 is missing or unreadable are skipped with a logged warning; when two
    manifests share a guid, the one first built is kept.

    Args:
        output_dir: the folder holding ``<slug>.mp3`` and ``<slug>.json`` pairs.
        default_tz: the zone of manifest dates written without a UTC offset.

    Returns:
        The episodes, sorted by publication date, newest first.
    """
    output_dir = Path(output_dir)
    loaded = [
        item
        for path, manifest in find_manifests(output_dir)
        if (item := _load(output_dir, path, manifest, default_tz)) is not None
    ]
    loaded.sort(key=lambda e: (e["first_built"], e["guid"]))
    seen: set[str] = set()
    episodes: list[PublishedEpisode] = []
    for fields in loaded:
        if fields["guid"] in seen:
            logger.warning("skipping %s: guid %s is already used", fields["slug"], fields["guid"])
            continue
        seen.add(fields["guid"])
        episodes.append(PublishedEpisode(number=len(episodes) + 1, **fields))
    episodes.sort(key=lambda e: (e.published, e.first_built, e.guid), reverse=True)
    return episodes
