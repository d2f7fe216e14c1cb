"""Read a news site's RSS or Atom feed into the list of its newest articles.

``feedparser`` does the parsing (RSS 0.9x-2.0, Atom, RDF; dates in any of the
formats feeds use); this module only fetches the feed, picks what a batch build
needs from each entry and orders the entries newest first. Building the episodes
from the items is the batch command's job.
"""

from __future__ import annotations

import calendar
import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urljoin

import feedparser

from .errors import InputError
from .fetch import FEED_TYPES, fetch_url
from .ingest import is_url, read_source
from .textclean import clean_text

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class NewsItem:
    """One article announced by a feed.

    Attributes:
        title: the headline as the feed gives it.
        link: the absolute URL of the article page.
        guid: the feed's stable id for the item (the link when the feed has none);
            batch builds use it to skip items already built.
        published: ISO 8601 datetime in UTC, or None when the feed gives no date.
    """

    title: str
    link: str
    guid: str
    published: str | None


def _published(entry: feedparser.FeedParserDict) -> str | None:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    if not parsed:
        return None
    return datetime.fromtimestamp(calendar.timegm(parsed), tz=UTC).isoformat()


def read_news_feed(
    url_or_path: str | Path,
    limit: int | None = None,
    *,
    timeout: float = 20.0,
    max_bytes: int = 5_000_000,
) -> list[NewsItem]:
    """The items of a feed, newest first.

    Args:
        url_or_path: an ``http(s)://`` URL of the feed, or a path to a feed file.
        limit: keep only this many of the newest items.
        timeout: seconds allowed to download the feed.
        max_bytes: the largest feed downloaded.

    Returns:
        The items with a link, newest first (items without a date keep their
        feed order after the dated ones), duplicates (same guid) removed.

    Raises:
        InputError: the feed cannot be fetched or read, or is not a feed.
    """
    if limit is not None and limit < 1:
        raise InputError(f"the feed limit must be a positive number, not {limit}")
    if is_url(url_or_path):
        page = fetch_url(str(url_or_path), timeout=timeout, max_bytes=max_bytes, accept=FEED_TYPES)
        data, origin, base = page.content, page.url, page.url
    else:
        data, origin = read_source(url_or_path)
        base = None
    feed = feedparser.parse(data)
    if not feed.entries:
        reason = feed.get("bozo_exception")
        detail = f": {str(reason).splitlines()[0]}" if reason else " (no items)"
        raise InputError(f"{origin} is not a readable RSS/Atom feed{detail}")
    base = feed.feed.get("link") or base
    items: list[NewsItem] = []
    seen: set[str] = set()
    for entry in feed.entries:
        link = entry.get("link")
        if not link:
            logger.warning("%s: skipping an item without a link (%s)", origin, entry.get("title"))
            continue
        link = urljoin(base, link) if base else link
        guid = entry.get("id") or link
        if guid in seen:
            continue
        seen.add(guid)
        title = " ".join(clean_text(entry.get("title", "")).split())
        items.append(NewsItem(title=title, link=link, guid=guid, published=_published(entry)))
    dated = sorted((i for i in items if i.published), key=lambda i: i.published or "", reverse=True)
    undated = [i for i in items if not i.published]
    newest_first = dated + undated
    return newest_first[:limit] if limit is not None else newest_first
