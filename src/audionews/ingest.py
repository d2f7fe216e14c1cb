"""Find the article behind what the user gave: a file path, raw bytes or a URL.

``load_article`` is the one door into the pipeline; it reads (or downloads) the
input, decodes and repairs it, decides whether it is an HTML page or plain text,
parses it and returns an :class:`~audionews.model.Article` together with the exact
bytes' hash (which makes rebuilds idempotent) and the repairs it had to make.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass, replace
from pathlib import Path

from .errors import InputError
from .model import Article
from .parse import parse_article
from .sniff import looks_like_html
from .textclean import decode_bytes, repair_text

logger = logging.getLogger(__name__)

INPUT_FORMATS = ("auto", "text", "html")
_URL_PREFIXES = ("http://", "https://")
# A URL may serve a page or a plain-text article (an agency wire, a pasted .txt).
# What a URL may answer with (fetch.HTML_TYPES + plain text). The fetch and HTML
# modules (requests, trafilatura) load only when a URL or a page is read.
_URL_TYPES = ("text/html", "application/xhtml+xml", "text/plain")
# Enough of a file to see its first tags; tags are ASCII in every 8-bit encoding.
_SNIFF_BYTES = 4096


@dataclass(frozen=True)
class LoadedArticle:
    """An article, where it came from and what had to be repaired to read it.

    Attributes:
        article: the parsed article.
        source_sha256: hash of the exact bytes read or downloaded.
        origin: the path, the final URL after redirects, or ``<bytes>``.
        warnings: one line per repair (legacy encoding, mojibake, dropped
            undecodable paragraph); empty when the input was clean.
    """

    article: Article
    source_sha256: str
    origin: str
    warnings: tuple[str, ...] = ()


def is_url(source: object) -> bool:
    """Whether a source is a web address rather than a file path."""
    return isinstance(source, str) and source.strip().lower().startswith(_URL_PREFIXES)


# File signatures of what people pass by mistake: audio, images, documents, archives.
_BINARY_MAGIC = (
    b"ID3", b"\xff\xfb", b"\xff\xf3", b"\xff\xf2", b"RIFF", b"OggS", b"fLaC", b"\x89PNG",
    b"\xff\xd8\xff", b"GIF8", b"%PDF", b"PK\x03\x04", b"\x1f\x8b", b"\x7fELF",
)


def reject_binary(data: bytes, origin: str) -> None:
    """Refuse audio, images and other binary files before they are "repaired" into text.

    Raises:
        InputError: the bytes are a known binary format, or hold NUL bytes without
            being UTF-16 text.
    """
    if data.startswith(_BINARY_MAGIC):
        raise InputError(f"{origin} is a binary file (audio, image or archive), not an article")
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            data.decode("utf-16")
        except UnicodeDecodeError:
            raise InputError(f"{origin} is a binary file, not an article") from None


def read_source(source: str | Path | bytes) -> tuple[bytes, str]:
    """The raw bytes of a local input and a name for messages.

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


def detect_format(data: bytes) -> str:
    """``html`` when the bytes start like a web page, else ``text``."""
    head = data[:_SNIFF_BYTES]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        head = data[: _SNIFF_BYTES * 2].decode("utf-16", errors="ignore").encode("utf-8")
    return "html" if looks_like_html(head.decode("latin-1")) else "text"


def count_words(article: Article) -> int:
    """The number of words the voice would read (all segments)."""
    return sum(len(segment.text.split()) for segment in article.segments)


def load_article(
    source: str | Path | bytes,
    input_format: str = "auto",
    *,
    max_words: int | None = None,
    timeout: float = 20.0,
    max_bytes: int = 5_000_000,
) -> LoadedArticle:
    """Read, decode, repair and parse an article.

    Args:
        source: a path to a text or HTML file, the file's bytes, or an
            ``http(s)://`` URL to download.
        input_format: ``auto`` (HTML or text, detected from the content), ``text``
            or ``html``.
        max_words: refuse articles longer than this many words (a safety limit
            against feeding a whole site or a book into the synthesizer).
        timeout: seconds allowed to download a URL.
        max_bytes: the largest page downloaded.

    Returns:
        The article, the hash of the bytes read, where they came from and the
        repairs made (``warnings``; logged at INFO only, so show them from here).

    Raises:
        InputError: unreadable, undecodable, empty or over-long input, a failed
            download, or an unknown format.
    """
    if input_format not in INPUT_FORMATS:
        raise InputError(f"unknown input format {input_format!r}; use one of {INPUT_FORMATS}")
    if max_words is not None and max_words < 1:
        raise InputError(f"max_words must be a positive number, not {max_words}")
    url: str | None = None
    if is_url(source):
        from .fetch import fetch_url

        page = fetch_url(
            str(source).strip(), timeout=timeout, max_bytes=max_bytes, accept=_URL_TYPES
        )
        data, origin, url = page.content, page.url, page.url
    else:
        data, origin = read_source(source)
    if not data.strip():
        raise InputError(f"{origin} is empty")
    reject_binary(data, origin)
    kind = detect_format(data) if input_format == "auto" else input_format
    warnings: list[str] = []
    if kind == "html":
        from .html import read_html_article

        article, notes = read_html_article(data, url=url)
        warnings.extend(notes)
    else:
        text = decode_bytes(data, name=origin, warnings=warnings)
        text, notes = repair_text(text, name=origin)
        warnings.extend(notes)
        article = parse_article(text)
        if url is not None:
            article = replace(article, url=url)
    if max_words is not None and (words := count_words(article)) > max_words:
        raise InputError(
            f"{origin} has {words:,} words, over the limit of {max_words:,} "
            "(raise --max-words to read it anyway)"
        )
    return LoadedArticle(article, hashlib.sha256(data).hexdigest(), origin, tuple(warnings))
