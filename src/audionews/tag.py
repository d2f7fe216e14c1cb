"""Write ID3v2.4 tags into an episode MP3.

One table maps the friendly names the rest of the code uses onto ID3 frame types;
text frames are written UTF-8 (encoding 3), which ID3v2.4 allows and every modern
player reads, so Vietnamese diacritics survive.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from mutagen.id3 import (
    COMM,
    ID3,
    TALB,
    TCON,
    TDRC,
    TIT2,
    TLAN,
    TLEN,
    TPE1,
    TPUB,
    USLT,
    WOAS,
    Encoding,
    Frame,
)

from .errors import AudioError

# friendly key -> text frame type
TEXT_FRAMES: Mapping[str, type[Frame]] = {
    "title": TIT2,
    "artist": TPE1,
    "album": TALB,
    "date": TDRC,
    "language": TLAN,
    "genre": TCON,
    "length_ms": TLEN,
    "publisher": TPUB,
}
UTF8 = Encoding.UTF8


DEFAULT_GENRE = "Podcast"

@dataclass(frozen=True)
class EpisodeTags:
    """What we say about an episode inside its audio file."""

    title: str
    artist: str = "audionews"
    album: str = "audionews"
    date: str | None = None
    language: str = "vie"
    genre: str = DEFAULT_GENRE
    length_ms: int | None = None
    publisher: str | None = None
    transcript: str | None = None
    comment: str | None = None
    url: str | None = None


def tag_frames(tags: EpisodeTags) -> list[Frame]:
    """The ID3 frames for ``tags``."""
    frames: list[Frame] = []
    for key, frame_type in TEXT_FRAMES.items():
        value = getattr(tags, key)
        if value is not None and value != "":
            frames.append(frame_type(encoding=UTF8, text=[str(value)]))
    if tags.transcript:
        frames.append(USLT(encoding=UTF8, lang="vie", desc="", text=tags.transcript))
    if tags.comment:
        frames.append(COMM(encoding=UTF8, lang="vie", desc="", text=[tags.comment]))
    if tags.url:
        frames.append(WOAS(url=tags.url))
    return frames


def write_tags(path: Path, tags: EpisodeTags) -> None:
    """Replace the ID3 tag of ``path`` with ``tags`` (ID3v2.4).

    Raises:
        AudioError: when the file cannot be written.
    """
    id3 = ID3()  # a fresh encode has no tag yet; ID3(path) would raise ID3NoHeaderError
    for frame in tag_frames(tags):
        id3.add(frame)
    try:
        id3.save(path, v2_version=4)
    except OSError as exc:
        raise AudioError(f"cannot write tags to {path}: {exc}") from exc
