"""The podcast RSS feed: ``feed.xml`` built from the episodes in the output folder.

RSS 2.0 with the ``itunes:`` tags (feedgen's podcast extension) and the Podcasting
2.0 ``podcast:`` tags (:mod:`audionews.podcast_ns`). The feed is a pure function
of the folder's manifests, MP3s and the show config: every date comes from the
manifests (never the clock), so rebuilding with nothing new gives the same bytes,
and a new episode adds one item without touching the others.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

from feedgen.feed import FeedGenerator
from lxml import etree

from .catalog import PublishedEpisode, collect_episodes
from .chapters import JSON_CHAPTERS_MIME
from .config import ShowConfig
from .cover import prepare_cover
from .errors import AudioNewsError, ConfigError, InputError
from .fsutil import write_bytes_atomic
from .podcast_ns import PodcastIndexEntryExtension, PodcastIndexExtension, podcast_guid
from .transcript import SRT_MIME, VTT_MIME

FEED_FILENAME = "feed.xml"
GENERATOR = "audionews"


def file_url(config: ShowConfig, name: str) -> str:
    """The public URL of a file in the output folder (name percent-encoded)."""
    return config.base_url + quote(name)


def _add_item(fg: FeedGenerator, config: ShowConfig, episode: PublishedEpisode) -> None:
    entry = fg.add_entry(order="append")  # we add in our own newest-first order
    entry.title(episode.title)
    entry.description(episode.description)
    entry.guid(episode.guid, permalink=False)
    entry.pubDate(episode.published)
    if episode.url:
        entry.link(href=episode.url)
    entry.enclosure(file_url(config, episode.mp3_name), str(episode.mp3_bytes), "audio/mpeg")
    entry.podcast.itunes_duration(round(episode.duration_s))
    entry.podcast.itunes_episode(episode.number)
    entry.podcast.itunes_episode_type("full")
    if episode.vtt_name:
        entry.podcastindex.transcript(
            file_url(config, episode.vtt_name), VTT_MIME, config.language, "captions"
        )
    if episode.srt_name:
        entry.podcastindex.transcript(
            file_url(config, episode.srt_name), SRT_MIME, config.language, "captions"
        )
    if episode.chapters_name:
        entry.podcastindex.chapters(file_url(config, episode.chapters_name), JSON_CHAPTERS_MIME)


def render_feed(config: ShowConfig, episodes: list[PublishedEpisode], cover_name: str) -> bytes:
    """The feed document for ``episodes`` (already in feed order).

    Args:
        config: the show.
        episodes: the items, newest first; at least one.
        cover_name: the cover file's name in the output folder.

    Returns:
        The RSS document as UTF-8 bytes.
    """
    fg = FeedGenerator()
    fg.load_extension("podcast", atom=False)
    fg.register_extension(
        "podcastindex", PodcastIndexExtension, PodcastIndexEntryExtension, atom=False
    )
    fg.title(config.title)
    fg.description(config.description)
    # feedgen uses the last link as the RSS <link>: self first, the website last.
    fg.link(href=config.feed_url, rel="self", type="application/rss+xml")
    fg.link(href=config.link, rel="alternate")
    fg.language(config.language)
    fg.generator(GENERATOR)
    if config.copyright:
        fg.copyright(config.copyright)
    cover_url = file_url(config, cover_name)
    fg.image(url=cover_url, title=config.title, link=config.link)
    # Never the clock: the newest episode date keeps rebuilds byte-identical.
    fg.lastBuildDate(max(d for e in episodes for d in (e.published, e.first_built)))
    fg.podcast.itunes_author(config.author)
    fg.podcast.itunes_owner(name=config.owner_name, email=config.owner_email)
    fg.podcast.itunes_image(cover_url)
    category = {"cat": config.category}
    if config.subcategory:
        category["sub"] = config.subcategory
    fg.podcast.itunes_category(category)
    fg.podcast.itunes_type(config.podcast_type)
    fg.podcast.itunes_summary(config.description)
    fg.podcastindex.explicit(config.explicit)
    fg.podcastindex.guid(podcast_guid(config.feed_url))
    fg.podcastindex.locked(config.locked, config.owner_email)
    for episode in episodes:
        _add_item(fg, config, episode)
    return fg.rss_str(pretty=True, encoding="UTF-8", xml_declaration=True)


def build_feed(output_dir: Path, config: ShowConfig, max_items: int | None = None) -> Path:
    """Write ``output_dir/feed.xml`` from the episodes in ``output_dir``.

    Idempotent: with nothing new, the file keeps the same bytes (and is not
    rewritten). The new feed is checked to parse before it atomically replaces
    the old one, so a failure never leaves a broken or half-written feed.

    Args:
        output_dir: the folder with the episodes; served at ``config.base_url``.
        config: the show.
        max_items: keep only the newest N items (``None``: all).

    Returns:
        The feed's path.

    Raises:
        ConfigError: bad ``max_items`` or an unusable cover image.
        InputError: the folder holds no episode.
        AudioNewsError: the generated feed did not parse (a bug; the old feed is kept).
    """
    if max_items is not None and max_items < 1:
        raise ConfigError(f"max_items must be at least 1, got {max_items}")
    output_dir = Path(output_dir)
    cover = prepare_cover(config, output_dir)
    episodes = collect_episodes(output_dir, config.tzinfo)
    if not episodes:
        # Podcast directories reject a feed without items; say why instead.
        raise InputError(f"no published episodes in {output_dir} (no <slug>.json + .mp3 pairs)")
    if max_items is not None:
        episodes = episodes[:max_items]
    document = render_feed(config, episodes, cover.name)
    try:
        etree.fromstring(document)
    except etree.XMLSyntaxError as exc:  # pragma: no cover - lxml wrote it
        raise AudioNewsError(f"generated feed is not well-formed XML: {exc}") from None
    target = output_dir / FEED_FILENAME
    write_bytes_atomic(target, document)
    return target
