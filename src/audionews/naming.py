"""File names and stable identities for episodes."""

from __future__ import annotations

import re
import unicodedata
import uuid

_MAX_SLUG = 80
GUID_NAMESPACE = uuid.UUID("6f1f2a9e-6a52-5c3e-9a57-3a8a2b1e7d10")


def slugify(title: str, max_length: int = _MAX_SLUG) -> str:
    """ASCII, lower-case, hyphenated form of a Vietnamese title (``đ`` → ``d``)."""
    # "1.600" is one number: keep its digits together ("hon-1600-...").
    title = re.sub(r"(?<=\d)[.,](?=\d)", "", title)
    text = unicodedata.normalize("NFD", title.replace("đ", "d").replace("Đ", "D"))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = re.sub(r"[^a-zA-Z0-9]+", "-", text).strip("-").lower()
    if len(text) > max_length:
        text = text[: max_length + 1].rsplit("-", 1)[0]
    return text or "episode"


def episode_guid(title: str, url: str | None = None, published: str | None = None) -> str:
    """A stable identity: from the article's URL when known, else its title and date.

    Never from the build time, so rebuilding an article keeps its feed item.
    """
    identity = url or f"{unicodedata.normalize('NFC', title.strip())}|{published or ''}"
    return str(uuid.uuid5(GUID_NAMESPACE, identity))
