"""Click commands for radio staff: ``bulletin`` (build one) and ``rundown`` (time one).

Registered by the main command group (``cli.add_command``). Both take the same sound
options as ``episode``, and ``--profile`` to take them from ``audionews.toml``. The
bulletin machinery (mastering, numpy) is imported when a command runs, not for every
``audionews`` call.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

import click

from .cli_errors import reports_errors
from .config import load_config
from .errors import InputError
from .profiles import apply_profile

F = TypeVar("F", bound=Callable[..., Any])

_DURATION_RE = re.compile(r"^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+(?:\.\d+)?)s?)?$")
_SOUND_KEYS = ("engine", "voice", "speed", "loudness", "audio_format", "sample_rate",
               "bitrate", "channels")


def parse_duration(text: str) -> float:
    """Seconds in "5m", "4m30s", "90", "90s", "1h", or "4:30".

    Raises:
        InputError: for anything else.
    """
    value = text.strip().lower()
    if ":" in value:
        minutes, _, seconds = value.partition(":")
        if minutes.isdigit() and seconds.isdigit():
            return int(minutes) * 60 + int(seconds)
    match = _DURATION_RE.match(value)
    if value and match and any(match.groups()):
        hours, minutes, seconds = match.groups()
        return int(hours or 0) * 3600 + int(minutes or 0) * 60 + float(seconds or 0)
    raise InputError(f"cannot read duration {text!r}: write e.g. 5m, 4m30s, 4:30 or 270s")


def sound_options(func: F) -> F:
    """The options shared by episode-like commands (voice, loudness, format, profile)."""
    options = [
        click.option("-e", "--engine", default="gtts", show_default=True,
                     help="Voice engine (see `audionews engines`)."),
        click.option("--voice", default=None,
                     help="Engine voice (espeak: vi, vi-vn-x-central, vi-vn-x-south)."),
        click.option("--speed", type=click.FloatRange(0.5, 2.0), default=1.0,
                     show_default=True, help="Tempo (pitch kept)."),
        click.option("--loudness", default="podcast", show_default=True,
                     help="podcast (-16 LUFS), broadcast (-23 LUFS) or a number of LUFS."),
        click.option("--format", "audio_format", type=click.Choice(["mp3", "wav"]),
                     default="mp3", show_default=True),
        click.option("--sample-rate", type=int, default=None,
                     help="Hz (default: 24000 for MP3, 48000 for WAV)."),
        click.option("--bitrate", default="64k", show_default=True, help="MP3 bitrate."),
        click.option("--channels", type=click.IntRange(1, 2), default=1, show_default=True),
        click.option("--profile", default=None, help="A [profile.NAME] of audionews.toml."),
        click.option("--config", type=click.Path(dir_okay=False, path_type=Path),
                     default=None, help="audionews.toml to read (default: ./audionews.toml)."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def resolve_sound(ctx: click.Context, values: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """(engine, options): explicit options, then the profile, then defaults."""
    profile = values.pop("profile", None)
    config = values.pop("config", None)
    explicit = {
        key for key in values
        if ctx.get_parameter_source(key) not in (None, click.core.ParameterSource.DEFAULT)
    }
    merged = apply_profile(values, explicit, profile, config)
    return merged.pop("engine"), merged


def _parse_day(text: str | None) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InputError(f"--date {text!r} is not a date like 2026-11-27") from None


@click.command(short_help="Build one news bulletin from several articles.")
@click.argument("articles", nargs=-1, required=True)
@click.option("--title", default="Bản tin", show_default=True, help="Spoken first.")
@click.option("--date", "day", default=None, help="Date read in the opening (YYYY-MM-DD).")
@click.option("-o", "--output-dir", default="output", show_default=True,
              type=click.Path(file_okay=False))
@click.option("--target-duration", default=None,
              help="Planned length (5m, 4:30...): warn when longer, naming stories to cut.")
@click.option("--strict", is_flag=True, help="With --target-duration: fail instead of warning.")
@sound_options
@click.pass_context
@reports_errors
def bulletin(ctx: click.Context, articles: tuple[str, ...], title: str, day: str | None,
             output_dir: str, target_duration: str | None, strict: bool,
             **values: Any) -> None:
    """Build one news bulletin from ARTICLES, in running order; print its path."""
    show = load_config(values.get("config"))
    engine, options = resolve_sound(ctx, values)
    target = parse_duration(target_duration) if target_duration else None
    from .bulletin import build_bulletin, clock, over_target_message

    result = build_bulletin(list(articles), output_dir, title=title, day=_parse_day(day),
                            engine=engine, target_s=target, strict=strict, show=show,
                            **options)
    if show is not None and result.audio_path.suffix == ".mp3":
        from .publish import update_feed

        update_feed(Path(output_dir), show)  # a bulletin is a feed item like any episode
    if result.cuts:
        click.echo(f"warning: {over_target_message(result)}", err=True)
    for number, story in enumerate(result.stories, 1):
        click.echo(f"{number}. {clock(story.start_ms / 1000)} +{clock(story.duration_ms / 1000)}"
                   f"  {story.title}", err=True)
    click.echo(str(result.audio_path))


@click.command(short_help="Estimate story durations before any synthesis.")
@click.argument("articles", nargs=-1, required=True)
@click.option("--title", default="Bản tin", show_default=True)
@click.option("--date", "day", default=None, help="Date read in the opening (YYYY-MM-DD).")
@click.option("--target-duration", default=None, help="Planned length, e.g. 5m.")
@sound_options
@click.pass_context
@reports_errors
def rundown(ctx: click.Context, articles: tuple[str, ...], title: str, day: str | None,
            target_duration: str | None, **values: Any) -> None:
    """Estimate each story's duration and the total, before any synthesis."""
    engine, options = resolve_sound(ctx, values)
    for key in ("loudness", "audio_format", "sample_rate", "bitrate", "channels"):
        options.pop(key, None)  # no effect on timing
    from .bulletin import clock
    from .rundown import estimate_rundown

    result = estimate_rundown(list(articles), title=title, day=_parse_day(day), engine=engine,
                              **options)
    width = max(len(s.title) for s in result.stories)
    for number, story in enumerate(result.stories, 1):
        click.echo(f"{number:>2}. {clock(story.seconds):>6}  {story.words:>5} từ  "
                   f"{story.title:<{width}}")
    click.echo(f"    {clock(result.frame.seconds):>6}  {result.frame.words:>5} từ  "
               f"{result.frame.title}")
    click.echo(f"    {clock(result.total_s):>6}  tổng (ước tính)")
    if target_duration:
        target = parse_duration(target_duration)
        if result.total_s > target:
            click.echo(f"warning: about {clock(result.total_s - target)} over the "
                       f"{clock(target)} target", err=True)
