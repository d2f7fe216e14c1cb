"""Sound profiles: named sets of settings in ``audionews.toml``, chosen with ``--profile``.

Two profiles exist without any file: ``podcast`` (MP3, -16 LUFS) and ``radio`` (48 kHz
16-bit WAV at EBU R128's -23 LUFS, for playout systems). A ``[profile.NAME]`` table
adds a profile or overrides fields of a built-in one::

    [profile.radio]
    engine = "espeak"
    voice = "vi"
    loudness = "broadcast"      # or "podcast", or a number of LUFS
    format = "wav"
    sample_rate = 48000
    channels = 2

    [profile.radio.pauses]
    after_title = 1200

    [profile.radio.roles.title]
    voice = "vi-vn-x-south"
    speed = 0.9
    pause_after = 1000

    [profile.radio.jingles]
    intro = "jingles/intro.mp3"   # relative to the folder of audionews.toml
    bed = "jingles/bed.ogg"

A profile's values are :class:`~audionews.episode.EpisodeOptions` keyword arguments
(``format`` is the one spelt differently: ``audio_format``). Command-line options
given explicitly win over the profile.
"""

from __future__ import annotations

import dataclasses
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .assemble import Pauses
from .errors import ConfigError
from .jingles import Jingles

CONFIG_FILENAME = "audionews.toml"

BUILTIN_PROFILES: dict[str, dict[str, Any]] = {
    "podcast": {"loudness": "podcast", "audio_format": "mp3"},
    "radio": {"loudness": "broadcast", "audio_format": "wav", "sample_rate": 48000},
}

# TOML key -> EpisodeOptions field, where they differ.
_RENAMED = {"format": "audio_format"}
_ALLOWED = {
    "engine", "voice", "speed", "bitrate", "sample_rate", "captions", "caption_cue",
    "artist", "album", "jobs", "loudness", "audio_format", "channels", "roles", "jingles",
    "pauses",
}
_JINGLE_FILES = ("intro", "outro", "transition", "bed")


def read_config(path: Path | None = None, cwd: Path | None = None) -> tuple[dict[str, Any], Path]:
    """The parsed ``audionews.toml`` and its folder; an empty table when there is none.

    Raises:
        ConfigError: an explicit file is missing, or a file is not valid UTF-8 TOML.
    """
    if path is None:
        folder = Path(cwd) if cwd is not None else Path.cwd()
        candidate = folder / CONFIG_FILENAME
        if not candidate.is_file():
            return {}, folder
        path = candidate
    path = Path(path)
    try:
        data = tomllib.loads(path.read_bytes().decode("utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"config file not found: {path}") from None
    except OSError as exc:
        raise ConfigError(f"cannot read config file {path}: {exc.strerror}") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{path} is not UTF-8 text") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path} is not valid TOML: {exc}") from None
    return data, path.parent


def profile_names(config: Mapping[str, Any]) -> list[str]:
    """Built-in profile names and those defined in the config, sorted."""
    defined = config.get("profile", {})
    return sorted(set(BUILTIN_PROFILES) | set(defined if isinstance(defined, Mapping) else {}))


def load_profile(name: str, path: Path | None = None, cwd: Path | None = None) -> dict[str, Any]:
    """The options of profile ``name``: built-in values overlaid by ``[profile.NAME]``.

    Args:
        name: the profile.
        path: an explicit ``audionews.toml`` (``--config``).
        cwd: where to look for ``audionews.toml`` otherwise (default: the current folder).

    Returns:
        EpisodeOptions keyword arguments (``engine`` included when the profile sets it).

    Raises:
        ConfigError: unknown profile, unknown setting, or a bad value.
    """
    config, folder = read_config(path, cwd)
    tables = config.get("profile", {})
    if not isinstance(tables, Mapping):
        raise ConfigError("'profile' must be a table of profiles ([profile.NAME])")
    if name not in tables and name not in BUILTIN_PROFILES:
        raise ConfigError(f"unknown profile {name!r}; known: {', '.join(profile_names(config))}")
    table = tables.get(name, {})
    if not isinstance(table, Mapping):
        raise ConfigError(f"[profile.{name}] must be a table")
    options = dict(BUILTIN_PROFILES.get(name, {}))
    for key, value in table.items():
        field = _RENAMED.get(key, key)
        if field not in _ALLOWED:
            raise ConfigError(f"[profile.{name}]: unknown setting {key!r}")
        options[field] = value
    if "pauses" in options:
        options["pauses"] = _pauses(name, options["pauses"])
    if "jingles" in options:
        options["jingles"] = _jingles(name, options["jingles"], folder)
    return options


def _pauses(profile: str, table: Any) -> Pauses:
    known = {f.name for f in dataclasses.fields(Pauses)}
    if not isinstance(table, Mapping) or set(table) - known:
        raise ConfigError(f"[profile.{profile}.pauses] takes only {', '.join(sorted(known))}")
    return Pauses(**table)


def _jingles(profile: str, table: Any, folder: Path) -> Jingles:
    known = {f.name for f in dataclasses.fields(Jingles)}
    if not isinstance(table, Mapping) or set(table) - known:
        raise ConfigError(f"[profile.{profile}.jingles] takes only {', '.join(sorted(known))}")
    values = dict(table)
    for key in _JINGLE_FILES:
        if values.get(key):
            values[key] = (folder / str(values[key])).resolve()
    return Jingles(**values)


def apply_profile(
    values: Mapping[str, Any],
    explicit: set[str],
    name: str | None,
    config: Path | None = None,
) -> dict[str, Any]:
    """Command-line values with a profile under them: explicit options win, then the
    profile, then the options' defaults.

    Args:
        values: every option's value (defaults included), by EpisodeOptions name.
        explicit: the names the user actually gave.
        name: the profile, or None for none.
        config: an explicit ``audionews.toml``.

    Raises:
        ConfigError: as :func:`load_profile`.
    """
    if not name:
        return dict(values)
    profile = load_profile(name, config)
    merged = dict(values)
    for key, value in profile.items():
        if key not in explicit:
            merged[key] = value
    return merged
