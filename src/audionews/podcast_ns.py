"""A feedgen extension for the Podcasting 2.0 ``podcast:`` namespace.

feedgen ships the ``itunes:`` tags (its ``podcast`` extension) but not the
Podcast Index namespace, so the few tags this project uses are an extension
class, registered with ``FeedGenerator.register_extension``: ``podcast:guid`` and
``podcast:locked`` on the channel, ``podcast:transcript`` and ``podcast:chapters``
on items. The channel extension also writes ``itunes:explicit`` as
``true``/``false``, the values Apple's current spec asks for, which feedgen 1.0
does not accept.
"""

from __future__ import annotations

import re
import uuid
from typing import Any
from urllib.parse import urlsplit

import lxml.etree  # noqa: F401  (feedgen 1.0's util uses lxml.etree without importing it)
from feedgen.ext.base import BaseEntryExtension, BaseExtension
from feedgen.util import xml_elem

PODCAST_NS = "https://podcastindex.org/namespace/1.0"
ITUNES_NS = "http://www.itunes.com/dtds/podcast-1.0.dtd"

# From the podcast:guid spec: UUIDv5 over the feed URL without scheme and trailing slashes.
PODCAST_GUID_NAMESPACE = uuid.UUID("ead4c236-bf58-58c6-a2c6-a6b28d128cb6")


def podcast_guid(feed_url: str) -> str:
    """The ``podcast:guid`` of a feed URL, as the Podcasting 2.0 spec defines it.

    Args:
        feed_url: the public URL of the feed, with or without a scheme.

    Returns:
        The UUIDv5 of the URL with its scheme (``https://``) and any trailing
        slashes removed.
    """
    parts = urlsplit(feed_url if "//" in feed_url else "//" + feed_url)
    bare = parts.netloc + parts.path
    if parts.query:
        bare += "?" + parts.query
    return str(uuid.uuid5(PODCAST_GUID_NAMESPACE, re.sub(r"/+$", "", bare)))


class PodcastIndexExtension(BaseExtension):
    """Channel tags: ``podcast:guid``, ``podcast:locked`` and ``itunes:explicit``."""

    def __init__(self) -> None:
        self._guid: str | None = None
        self._locked: bool | None = None
        self._locked_owner: str | None = None
        self._explicit: bool | None = None

    def extend_ns(self) -> dict[str, str]:
        return {"podcast": PODCAST_NS}

    def extend_rss(self, rss_feed: Any) -> Any:
        channel = rss_feed[0]
        if self._explicit is not None:
            explicit = xml_elem(f"{{{ITUNES_NS}}}explicit", channel)
            explicit.text = "true" if self._explicit else "false"
        if self._locked is not None:
            locked = xml_elem(f"{{{PODCAST_NS}}}locked", channel)
            locked.text = "yes" if self._locked else "no"
            if self._locked_owner:
                locked.attrib["owner"] = self._locked_owner
        if self._guid:
            guid = xml_elem(f"{{{PODCAST_NS}}}guid", channel)
            guid.text = self._guid
        return rss_feed

    def guid(self, value: str) -> None:
        """Set ``podcast:guid`` (see :func:`podcast_guid`)."""
        self._guid = value

    def locked(self, value: bool, owner: str | None = None) -> None:
        """Set ``podcast:locked``; ``owner`` is the email allowed to move the feed."""
        self._locked, self._locked_owner = value, owner

    def explicit(self, value: bool) -> None:
        """Set ``itunes:explicit`` to ``true`` or ``false``."""
        self._explicit = value


class PodcastIndexEntryExtension(BaseEntryExtension):
    """Item tags: ``podcast:transcript`` (repeatable) and ``podcast:chapters``."""

    def __init__(self) -> None:
        self._transcripts: list[dict[str, str]] = []
        self._chapters: dict[str, str] | None = None

    def extend_rss(self, entry: Any) -> Any:
        for transcript in self._transcripts:
            xml_elem(f"{{{PODCAST_NS}}}transcript", entry, **transcript)
        if self._chapters:
            xml_elem(f"{{{PODCAST_NS}}}chapters", entry, **self._chapters)
        return entry

    def transcript(self, url: str, mime_type: str, language: str | None = None,
                   rel: str | None = None) -> None:
        """Add a ``podcast:transcript`` (url, type, optional language and rel)."""
        attrs = {"url": url, "type": mime_type}
        if language:
            attrs["language"] = language
        if rel:
            attrs["rel"] = rel
        self._transcripts.append(attrs)

    def chapters(self, url: str, mime_type: str = "application/json+chapters") -> None:
        """Set ``podcast:chapters`` (url and type)."""
        self._chapters = {"url": url, "type": mime_type}
