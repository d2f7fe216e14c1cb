"""Find the article behind what the user gave: a file path, raw bytes or text.

``load_article`` is the one door into the pipeline; it reads and decodes the input,
decides how to parse it and returns an :class:`~audionews.model.Article` together
with the exact bytes it read (their hash makes rebuilds idempotent).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError
from .model import Article
from .parse import parse_article
from .textclean import decode_bytes

INPUT_FORMATS = ("auto", "text", "html")


@dataclass(frozen=True)
class LoadedArticle:
    """An article and where it came from."""

    article: Article
    source_sha256: str
    origin: str


def read_source(source: str | Path | bytes) -> tuple[bytes, str]:
    """The raw bytes of an input and a name for messages.

    Raises:
        InputError: when the path does not exist or is not a readable file.
    """
    if isinstance(source, bytes):
        return source, "<bytes>"
    path = Path(source)
    if not path.exists():
        raise InputError(f"no such file: {path}")
    if not path.is_file():
        raise InputError(f"not a file: {path}")
    try:
        return path.read_bytes(), str(path)
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror}") from None


def load_article(source: str | Path | bytes, input_format: str = "auto") -> LoadedArticle:
    """Read, decode and parse an article.

    Args:
        source: a path to a text file, or the file's bytes.
        input_format: ``auto`` (detect), ``text`` or ``html``.

    Raises:
        InputError: unreadable, undecodable or empty input, or an unknown format.
    """
    if input_format not in INPUT_FORMATS:
        raise InputError(f"unknown input format {input_format!r}; use one of {INPUT_FORMATS}")
    data, origin = read_source(source)
    if not data.strip():
        raise InputError(f"{origin} is empty")
    text = decode_bytes(data, name=origin)
    article = parse_article(text)
    return LoadedArticle(article, hashlib.sha256(data).hexdigest(), origin)
