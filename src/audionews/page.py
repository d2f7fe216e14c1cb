"""The listener page: ``index.html`` listing the episodes with a player each.

A static page next to the feed: title, date, duration, an ``<audio>`` player with
captions, the transcript and a link to subscribe. Everything is local (no CDN),
and every value goes through Jinja2's autoescaping, so titles with ``&``, ``<``
or quotes render as text.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path
from urllib.parse import quote

from jinja2 import Environment, select_autoescape

from .catalog import collect_episodes
from .config import ShowConfig
from .cover import prepare_cover
from .feed import FEED_FILENAME
from .fsutil import write_text_atomic

PAGE_FILENAME = "index.html"
_TEMPLATE = "index.html.j2"


def _clock(seconds: float) -> str:
    total = round(seconds)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def _environment() -> Environment:
    env = Environment(autoescape=select_autoescape(default=True, default_for_string=True))
    env.filters["urlquote"] = quote
    env.filters["clock"] = _clock
    return env


def render_page(config: ShowConfig, output_dir: Path, cover_name: str) -> str:
    """The listener page's HTML for the episodes in ``output_dir``.

    Args:
        config: the show.
        output_dir: the folder with the episodes.
        cover_name: the cover file's name in that folder.
    """
    template_file = files("audionews").joinpath("data").joinpath(_TEMPLATE)
    template_text = template_file.read_text(encoding="utf-8")
    template = _environment().from_string(template_text)
    return template.render(
        show=config,
        language=config.language,
        episodes=collect_episodes(output_dir, config.tzinfo),
        feed_name=FEED_FILENAME,
        cover_name=cover_name,
    )


def build_page(output_dir: Path, config: ShowConfig) -> Path:
    """Write ``output_dir/index.html`` (atomically, only when it changed).

    Args:
        output_dir: the folder with the episodes.
        config: the show.

    Returns:
        The page's path.

    Raises:
        ConfigError: the configured cover image is unusable.
    """
    output_dir = Path(output_dir)
    cover = prepare_cover(config, output_dir)
    target = output_dir / PAGE_FILENAME
    write_text_atomic(target, render_page(config, output_dir, cover.name))
    return target
