"""Content-addressed cache of synthesized clips.

A clip's key is the SHA-256 of everything that changes its sound (engine, voice,
speed, language: ``Engine.settings()``) plus the exact text spoken. The value is the
engine's answer as it came (WAV or MP3 bytes), so a warm rebuild skips the engine
and a re-run after a failure only asks for what is missing. Entries are written
atomically (temporary file, then ``os.replace``), so concurrent writers, threads or
processes, never leave a half-written clip; the last identical write wins.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# Bump when the stored format changes: old entries then simply stop matching.
CACHE_FORMAT = 1
_CLIP_SUFFIX = ".clip"


def default_cache_dir() -> Path:
    """The per-user cache folder (``$AUDIONEWS_CACHE_DIR`` wins when set)."""
    explicit = os.environ.get("AUDIONEWS_CACHE_DIR")
    if explicit:
        return Path(explicit)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("audionews", appauthor=False))


def clip_key(settings: Mapping[str, Any], text: str) -> str:
    """The cache key of ``text`` spoken with ``settings`` (hex SHA-256)."""
    payload = json.dumps(
        {"format": CACHE_FORMAT, "settings": dict(settings), "text": text},
        sort_keys=True, ensure_ascii=False, default=str,
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class CacheInfo:
    """What a cache folder holds."""

    path: Path
    clips: int
    bytes: int


class ClipCache:
    """Clips stored as ``<root>/clips/<2 hex>/<key>.clip``.

    Args:
        root: the cache folder; created on the first write.
    """

    def __init__(self, root: str | Path | None = None) -> None:
        self.root = Path(root) if root is not None else default_cache_dir()
        self.hits = 0
        self.misses = 0

    def _path(self, key: str) -> Path:
        return self.root / "clips" / key[:2] / f"{key}{_CLIP_SUFFIX}"

    def get(self, key: str) -> bytes | None:
        """The stored clip, or None when there is none (or it cannot be read)."""
        try:
            data = self._path(key).read_bytes()
        except OSError:
            self.misses += 1
            return None
        if not data:
            self.misses += 1
            return None
        self.hits += 1
        return data

    def put(self, key: str, data: bytes) -> None:
        """Store ``data`` under ``key`` atomically. A full disk is not an error for
        the episode: the clip is simply not cached."""
        path = self._path(key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".", suffix=".tmp", dir=path.parent)
            try:
                with os.fdopen(fd, "wb") as out:
                    out.write(data)
                os.replace(tmp, path)
            finally:
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(tmp)
        except OSError:
            return

    def discard(self, key: str) -> None:
        """Forget one entry (e.g. a clip that turned out not to decode)."""
        with contextlib.suppress(OSError):
            self._path(key).unlink()

    def _files(self) -> list[Path]:
        clips = self.root / "clips"
        if not clips.is_dir():
            return []
        return [p for p in clips.glob("*/*") if p.is_file()]

    def info(self) -> CacheInfo:
        """How many clips the cache holds and how many bytes they take."""
        count = size = 0
        for path in self._files():
            if path.suffix == _CLIP_SUFFIX:
                with contextlib.suppress(OSError):
                    size += path.stat().st_size
                    count += 1
        return CacheInfo(self.root, count, size)

    def clear(self) -> int:
        """Delete every clip (and leftover temporary file); return how many clips went."""
        removed = 0
        for path in self._files():
            with contextlib.suppress(OSError):
                path.unlink()
                removed += path.suffix == _CLIP_SUFFIX
        clips = self.root / "clips"
        if clips.is_dir():
            for folder in clips.iterdir():
                with contextlib.suppress(OSError):
                    folder.rmdir()
        return removed
