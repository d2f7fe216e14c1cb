"""The show configuration: ``audionews.toml`` and its ``[show]`` table.

The podcast-level facts (title, owner, where the files are served) live in the
``[show]`` table of ``audionews.toml``. Other tables (``[profile.NAME]``,
``[lexicon]``...) belong to other stages and are ignored here, so one file can
configure the whole tool. ``STARTER_CONFIG`` is what ``audionews init`` writes.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .errors import ConfigError

CONFIG_FILENAME = "audionews.toml"

# Fields without which a feed cannot be valid for Apple Podcasts and others.
REQUIRED_FIELDS = ("title", "description", "author", "owner_email", "base_url")

PODCAST_TYPES = ("episodic", "serial")
DEFAULT_LANGUAGE = "vi"
DEFAULT_TIMEZONE = "Asia/Ho_Chi_Minh"

STARTER_CONFIG = """\
# audionews configuration. Only the [show] table is needed to publish a podcast feed.
# Other tables (for example [profile.NAME] or [lexicon]) configure other stages.

[show]
# Required: the podcast's name, as podcast apps list it.
title = "Tin tức hôm nay"
# Required: a sentence or two about the show (Apple shows up to 4000 characters).
description = "Các bài báo tiếng Việt, đọc thành podcast."
# Required: who makes the show (itunes:author).
author = "Tòa soạn"
# Required: the owner's contact, used by podcast directories (never shown to listeners).
owner_email = "owner@example.com"
# Required: the public URL of the output folder, where feed.xml and the MP3s are served.
base_url = "https://example.com/podcast/"

# Optional (defaults shown):
# owner_name = "<author>"
# language = "vi"
# category = "News"            # an Apple Podcasts category
# subcategory = "Daily News"   # optional Apple subcategory of `category`
# explicit = false
# link = "<base_url>"          # the show's website
# type = "episodic"            # or "serial"
# locked = true                # podcast:locked: other platforms may not import the feed
# copyright = "© 2025 Tòa soạn"
# timezone = "Asia/Ho_Chi_Minh"  # for article dates that give no UTC offset
# Square JPEG or PNG, 1400-3000 px, relative to this file. Without it a cover is
# generated from the title.
# image = "cover.jpg"
"""


@dataclass(frozen=True)
class ShowConfig:
    """Podcast-level settings read from the ``[show]`` table.

    Attributes:
        title: show title.
        description: show description.
        author: itunes:author of the show.
        owner_email: itunes:owner email (also the podcast:locked owner).
        base_url: public URL of the output folder, always ending in ``/``.
        owner_name: itunes:owner name; defaults to ``author``.
        language: RSS language code.
        category: Apple Podcasts category.
        subcategory: optional Apple Podcasts subcategory.
        explicit: itunes:explicit.
        image: a local cover image, or ``None`` to generate one.
        link: the show's website; defaults to ``base_url``.
        podcast_type: itunes:type, ``episodic`` or ``serial``.
        locked: podcast:locked.
        copyright: optional RSS copyright line.
        timezone: IANA zone for article dates without a UTC offset.
        source: the file this was read from, if any.
    """

    title: str
    description: str
    author: str
    owner_email: str
    base_url: str
    owner_name: str = ""
    language: str = DEFAULT_LANGUAGE
    category: str = "News"
    subcategory: str | None = None
    explicit: bool = False
    image: Path | None = None
    link: str = ""
    podcast_type: str = "episodic"
    locked: bool = True
    copyright: str | None = None
    timezone: str = DEFAULT_TIMEZONE
    source: Path | None = None

    def __post_init__(self) -> None:
        # Derived defaults; frozen, so go through object.__setattr__.
        if not self.base_url.endswith("/"):
            object.__setattr__(self, "base_url", self.base_url + "/")
        if not self.owner_name:
            object.__setattr__(self, "owner_name", self.author)
        if not self.link:
            object.__setattr__(self, "link", self.base_url)

    @property
    def tzinfo(self) -> ZoneInfo:
        """The zone of article dates that carry no UTC offset."""
        return ZoneInfo(self.timezone)

    @property
    def feed_url(self) -> str:
        """Where ``feed.xml`` will be served."""
        return self.base_url + "feed.xml"


def load_config(path: Path | None = None, cwd: Path | None = None) -> ShowConfig | None:
    """Read the show configuration.

    Args:
        path: an explicit config file (``--config``); it must exist.
        cwd: the folder searched for ``audionews.toml`` when ``path`` is not given;
            defaults to the current working directory.

    Returns:
        The show configuration, or ``None`` when no file was found or the file has
        no ``[show]`` table (the tool then runs without a podcast feed).

    Raises:
        ConfigError: the file cannot be read or parsed, a required field is
            missing, or a field has a bad value.
    """
    if path is None:
        candidate = Path(cwd if cwd is not None else Path.cwd()) / CONFIG_FILENAME
        if not candidate.is_file():
            return None
        path = candidate
    path = Path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ConfigError(f"config file not found: {path}") from None
    except OSError as exc:
        raise ConfigError(f"cannot read config file {path}: {exc.strerror}") from None
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise ConfigError(f"{path} is not UTF-8 text") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path} is not valid TOML: {exc}") from None
    show = data.get("show")
    if show is None:
        return None
    if not isinstance(show, dict):
        raise ConfigError(f"{path}: 'show' must be a table ([show])")
    return show_config_from_table(show, source=path)


def show_config_from_table(show: dict[str, Any], source: Path | None = None) -> ShowConfig:
    """Validate a ``[show]`` table and build a :class:`ShowConfig`.

    Args:
        show: the parsed table.
        source: the file it came from; relative image paths are resolved against
            its folder.

    Raises:
        ConfigError: a required field is missing or a field has a bad value.
    """
    where = f"{source}: " if source else ""

    def text(key: str, required: bool = False) -> str | None:
        value = show.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                raise ConfigError(f"{where}[show] is missing the required field '{key}'")
            return None
        if not isinstance(value, str):
            raise ConfigError(f"{where}[show] '{key}' must be a string, got {value!r}")
        return value.strip()

    def flag(key: str, default: bool) -> bool:
        value = show.get(key, default)
        if not isinstance(value, bool):
            raise ConfigError(f"{where}[show] '{key}' must be true or false, got {value!r}")
        return value

    fields = {key: text(key, required=True) for key in REQUIRED_FIELDS}
    base_url = fields["base_url"] or ""
    parts = urlsplit(base_url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ConfigError(
            f"{where}[show] 'base_url' must be an absolute http(s) URL, got {base_url!r}"
        )
    if "@" not in (fields["owner_email"] or ""):
        raise ConfigError(f"{where}[show] 'owner_email' does not look like an email address")
    podcast_type = text("type") or "episodic"
    if podcast_type not in PODCAST_TYPES:
        raise ConfigError(f"{where}[show] 'type' must be one of {PODCAST_TYPES}")
    timezone = text("timezone") or DEFAULT_TIMEZONE
    try:
        ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigError(
            f"{where}[show] 'timezone' {timezone!r} is not a known IANA zone"
        ) from None
    image_text = text("image")
    image: Path | None = None
    if image_text:
        image = Path(image_text).expanduser()
        if not image.is_absolute() and source is not None:
            image = Path(source).parent / image
    return ShowConfig(
        title=fields["title"] or "",
        description=fields["description"] or "",
        author=fields["author"] or "",
        owner_email=fields["owner_email"] or "",
        base_url=base_url,
        owner_name=text("owner_name") or "",
        language=text("language") or DEFAULT_LANGUAGE,
        category=text("category") or "News",
        subcategory=text("subcategory"),
        explicit=flag("explicit", False),
        image=image,
        link=text("link") or "",
        podcast_type=podcast_type,
        locked=flag("locked", True),
        copyright=text("copyright"),
        timezone=timezone,
        source=Path(source) if source is not None else None,
    )


def load_table(name: str, path: Path | None = None, cwd: Path | None = None) -> dict[str, Any]:
    """Another stage's table of ``audionews.toml`` (``{}`` when absent).

    Args:
        name: the table, e.g. ``"lexicon"``.
        path: an explicit config file; else ``audionews.toml`` in ``cwd``.

    Raises:
        ConfigError: the file cannot be read or parsed, or the entry is not a table.
    """
    if path is None:
        path = Path(cwd if cwd is not None else Path.cwd()) / CONFIG_FILENAME
        if not path.is_file():
            return {}
    try:
        data = tomllib.loads(Path(path).read_bytes().decode("utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"cannot read config file {path}: {exc}") from None
    table = data.get(name, {})
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: '{name}' must be a table ([{name}])")
    return table


def config_lexicon_files(path: Path | None = None, cwd: Path | None = None) -> list[Path]:
    """The user lexicons named by ``[lexicon] files = [...]``, relative to the config."""
    table = load_table("lexicon", path, cwd)
    files = table.get("files", [])
    if isinstance(files, str):
        files = [files]
    if not isinstance(files, list) or not all(isinstance(f, str) for f in files):
        raise ConfigError("[lexicon] 'files' must be a list of file names")
    base = Path(path).parent if path else Path(cwd if cwd is not None else Path.cwd())
    return [p if p.is_absolute() else base / p for p in (Path(f).expanduser() for f in files)]
