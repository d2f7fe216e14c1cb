"""The ``audionews`` command: a thin layer over the library.

Each command parses its options, calls one library function and turns an
``AudioNewsError`` into a one-line message with a non-zero exit.
"""

from __future__ import annotations

import functools
import json
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click
from click.core import ParameterSource

from .assemble import CAPTION_CUES, CAPTION_POLICIES
from .engines import engine_names, engine_status
from .episode import build_episode, segments_as_dicts
from .errors import AudioNewsError, InputError
from .ingest import INPUT_FORMATS, load_article
from .profiles import apply_profile

F = TypeVar("F", bound=Callable[..., Any])


def reports_errors(func: F) -> F:
    """Map the library's errors to Click's: bad input is a usage error (exit 2)."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except InputError as exc:
            raise click.UsageError(str(exc)) from exc
        except AudioNewsError as exc:
            raise click.ClickException(str(exc)) from exc

    return wrapper  # type: ignore[return-value]


@click.group()
@click.version_option(package_name="audionews")
@click.option("-v", "--verbose", count=True, help="More log output on stderr (-vv for debug).")
def cli(verbose: int) -> None:
    """Turn Vietnamese news articles into podcast episodes."""
    level = logging.WARNING - 10 * min(verbose, 2)
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s")


@cli.command()
@click.argument("article")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list of {kind, text}.")
@click.option("--input-format", type=click.Choice(INPUT_FORMATS), default="auto",
              show_default=True, help="How to read ARTICLE.")
@reports_errors
def segments(article: str, as_json: bool, input_format: str) -> None:
    """Show how ARTICLE splits into title, body, captions and source."""
    parsed = load_article(article, input_format).article
    if as_json:
        click.echo(json.dumps(segments_as_dicts(parsed.segments), ensure_ascii=False, indent=2))
        return
    for segment in parsed.segments:
        click.echo(f"[{segment.kind}] {segment.text}")


@cli.command()
@click.argument("article")
@click.option("-e", "--engine", default="gtts", show_default=True,
              help="Voice engine (see `audionews engines`).")
@click.option("-o", "--output-dir", default="output", show_default=True,
              type=click.Path(file_okay=False), help="Where the MP3 and manifest go.")
@click.option("--voice", default=None,
              help="Engine voice (espeak: vi, vi-vn-x-central, vi-vn-x-south).")
@click.option("--speed", type=click.FloatRange(0.5, 2.0), default=1.0, show_default=True)
@click.option("--bitrate", default="64k", show_default=True, help="MP3 bitrate (CBR).")
@click.option("--sample-rate", type=int, default=None,
              help="Hz (default: 24000 for MP3, 48000 for WAV).")
@click.option("--loudness", default="podcast", show_default=True,
              help="podcast (-16 LUFS), broadcast (-23 LUFS) or a number of LUFS.")
@click.option("--format", "audio_format", type=click.Choice(["mp3", "wav"]), default="mp3",
              show_default=True, help="MP3 for podcasts, WAV (16-bit) for playout systems.")
@click.option("--channels", type=click.IntRange(1, 2), default=1, show_default=True)
@click.option("--profile", default=None, help="Settings from [profile.NAME] in audionews.toml.")
@click.option("--config", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="audionews.toml to read (default: ./audionews.toml).")
@click.option("--captions", type=click.Choice(CAPTION_POLICIES), default="inline",
              show_default=True, help="Read photo captions in place, at the end, or not at all.")
@click.option("--caption-cue", type=click.Choice(CAPTION_CUES), default="words",
              show_default=True, help="Before a caption: say 'Chú thích ảnh', pause, or nothing.")
@click.option("--artist", default="audionews", show_default=True, help="ID3 artist.")
@click.option("--album", default="audionews", show_default=True, help="ID3 album (show name).")
@click.option("-j", "--jobs", type=click.IntRange(1, 64), default=None,
              help="Parallel synthesis requests (default: the engine's).")
@click.option("--input-format", type=click.Choice(INPUT_FORMATS), default="auto",
              show_default=True)
@click.option("--force", is_flag=True, help="Rebuild even when the episode is up to date.")
@click.pass_context
@reports_errors
def episode(ctx: click.Context, article: str, output_dir: str, profile: str | None,
            config: Path | None, **options: Any) -> None:
    """Build an MP3 (or WAV) episode from ARTICLE; print its path."""
    explicit = {k for k in options if ctx.get_parameter_source(k) != ParameterSource.DEFAULT}
    options = apply_profile(options, explicit, profile, config)
    engine = options.pop("engine")
    result = build_episode(article, output_dir=output_dir, engine=engine, **options)
    if result.skipped:
        click.echo(f"up to date: {result.title}", err=True)
    click.echo(str(result.mp3_path))


@cli.command()
def engines() -> None:
    """List the voice engines and whether each can run here."""
    for name in engine_names():
        ok, why = engine_status(name)
        click.echo(f"{name}\t{'usable' if ok else 'unusable'}\t{why}")
