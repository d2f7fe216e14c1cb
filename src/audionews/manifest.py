"""Read and update the per-episode JSON manifests the episode stage leaves behind.

The episode stage writes ``<slug>.mp3`` and ``<slug>.json`` side by side; the
publish stage reads the JSON (timings, identity, dates), adds the names of the
side files it wrote under ``"files"``, and never touches keys it does not know.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import UTC, date, datetime, tzinfo
from pathlib import Path
from typing import Any

from .errors import InputError
from .fsutil import write_text_atomic

logger = logging.getLogger(__name__)

MANIFEST_SCHEMA = 1

# Side files that also end in .json but are not manifests.
SIDE_JSON_SUFFIXES = (".chapters.json",)


@dataclass(frozen=True)
class ManifestSegment:
    """One timed segment of an episode, as the manifest records it."""

    kind: str
    text: str
    start_ms: int
    end_ms: int


def read_manifest(path: Path) -> dict[str, Any]:
    """Load one episode manifest.

    Args:
        path: the ``<slug>.json`` file.

    Returns:
        The manifest as a dict (unknown keys kept).

    Raises:
        InputError: the file is missing, not JSON, or not an episode manifest.
    """
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(f"no such manifest: {path}") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(f"cannot read manifest {path}: {exc}") from None
    if not isinstance(data, dict) or "mp3" not in data or "schema" not in data:
        raise InputError(f"{path} is not an episode manifest (no 'schema'/'mp3' keys)")
    if data["schema"] != MANIFEST_SCHEMA:
        raise InputError(
            f"{path} has manifest schema {data['schema']!r}; this version reads {MANIFEST_SCHEMA}"
        )
    return data


def write_manifest(path: Path, manifest: dict[str, Any]) -> None:
    """Write a manifest back atomically (UTF-8, human-readable)."""
    write_text_atomic(Path(path), json.dumps(manifest, ensure_ascii=False, indent=2) + "\n")


def find_manifests(output_dir: Path) -> list[tuple[Path, dict[str, Any]]]:
    """All readable episode manifests in a folder, in file-name order.

    A file that cannot be read as a manifest is skipped with a logged warning, so
    one damaged file never stops the feed of all the others.
    """
    found = []
    for path in sorted(Path(output_dir).glob("*.json")):
        if path.name.endswith(SIDE_JSON_SUFFIXES):
            continue
        try:
            found.append((path, read_manifest(path)))
        except InputError as exc:
            logger.warning("skipping %s", exc)
    return found


def manifest_segments(manifest: dict[str, Any]) -> list[ManifestSegment]:
    """The manifest's timed segments, in order.

    Raises:
        InputError: a segment lacks its text or timing.
    """
    segments = []
    for index, raw in enumerate(manifest.get("segments") or ()):
        try:
            segments.append(
                ManifestSegment(
                    kind=str(raw.get("kind", "body")),
                    text=str(raw["text"]),
                    start_ms=int(raw["start_ms"]),
                    end_ms=int(raw["end_ms"]),
                )
            )
        except (KeyError, TypeError, ValueError, AttributeError):
            raise InputError(
                f"manifest segment {index} lacks text/start_ms/end_ms: {raw!r}"
            ) from None
    return segments


def parse_timestamp(value: str | None, default_tz: tzinfo = UTC) -> datetime | None:
    """An ISO 8601 date or datetime as an aware datetime.

    Values without a UTC offset are taken in ``default_tz``: news sites print local
    time, so "08:06" on a Vietnamese site means 08:06 in Asia/Ho_Chi_Minh.

    Returns ``None`` for ``None``, empty or unparseable values: a bad article date
    must not stop publishing, the caller falls back to the first build time.
    """
    if not value:
        return None
    text = str(value).strip()
    if text.endswith("Z"):
        text = text[:-1] + "+00:00"
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        try:
            day = date.fromisoformat(text[:10])
        except ValueError:
            return None
        moment = datetime(day.year, day.month, day.day)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=default_tz)
    return moment


def episode_date(manifest: dict[str, Any], default_tz: tzinfo = UTC) -> datetime:
    """When an episode counts as published: the article's date, else its first build.

    Args:
        manifest: the episode manifest.
        default_tz: the zone of dates written without a UTC offset.

    Raises:
        InputError: neither date is present or parseable.
    """
    moment = parse_timestamp(manifest.get("published"), default_tz) or parse_timestamp(
        manifest.get("first_built"), default_tz
    )
    if moment is None:
        raise InputError(
            f"manifest for {manifest.get('slug')!r} has neither 'published' nor 'first_built'"
        )
    return moment
