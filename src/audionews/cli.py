"""The ``audionews`` command: a thin layer over the library.

Each command parses its options, calls one library function and turns an
``AudioNewsError`` into a one-line message with a non-zero exit.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

import click
from click.core import ParameterSource

from .assemble import CAPTION_CUES, CAPTION_POLICIES
from .cli_batch import batch, cache
from .cli_bulletin import bulletin, rundown
from .cli_errors import reports_errors
from .cli_normalize import normalize_command
from .cli_publish import feed, init
from .config import config_lexicon_files, load_config
from .engines import engine_names, engine_status
from .episode import build_episode, segments_as_dicts
from .ingest import INPUT_FORMATS, load_article
from .profiles import apply_profile


@click.group()
@click.version_option(package_name="audionews")
@click.option("-v", "--verbose", count=True, help="More log output on stderr (-vv for debug).")
def cli(verbose: int) -> None:
    """Turn Vietnamese news articles into podcast episodes."""
    level = logging.WARNING - 10 * min(verbose, 2)
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s")


@cli.command(short_help="Show how an article splits into title, body, captions.")
@click.argument("article")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list of {kind, text}.")
@click.option("--input-format", type=click.Choice(INPUT_FORMATS), default="auto",
              show_default=True, help="How to read ARTICLE (a file path or an http(s) URL).")
@reports_errors
def segments(article: str, as_json: bool, input_format: str) -> None:
    """Show how ARTICLE (file or URL) splits into title, body, captions and source."""
    loaded = load_article(article, input_format)
    for warning in loaded.warnings:
        click.echo(f"warning: {warning}", err=True)
    parsed = loaded.article
    if as_json:
        click.echo(json.dumps(segments_as_dicts(parsed.segments), ensure_ascii=False, indent=2))
        return
    for segment in parsed.segments:
        click.echo(f"[{segment.kind}] {segment.text}")


@cli.command(short_help="Build an episode (MP3 or WAV) from an article file or URL.")
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
              help="Hz (default: the voice's own rate for MP3, e.g. 22050 for espeak-ng "
                   "and 24000 for Google; 48000 for WAV).")
@click.option("--loudness", default="podcast", show_default=True,
              help="podcast (-16 LUFS), broadcast (-23 LUFS) or a number of LUFS.")
@click.option("--format", "audio_format", type=click.Choice(["mp3", "wav"]), default="mp3",
              show_default=True, help="MP3 for podcasts, WAV (16-bit) for playout systems.")
@click.option("--channels", type=click.IntRange(1, 2), default=1, show_default=True)
@click.option("--profile", default=None, help="Settings from [profile.NAME] in audionews.toml.")
@click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=Path),
              default=None,
              help="audionews.toml to read (default: ./audionews.toml).")
@click.option("--captions", type=click.Choice(CAPTION_POLICIES), default="inline",
              show_default=True, help="Read photo captions in place, at the end, or not at all.")
@click.option("--caption-cue", type=click.Choice(CAPTION_CUES), default="words",
              show_default=True, help="Before a caption: say 'Chú thích ảnh', pause, or nothing.")
@click.option("--artist", default=None, help="ID3 artist (default: the show's author).")
@click.option("--album", default=None, help="ID3 album (default: the show's title).")
@click.option("-j", "--jobs", type=click.IntRange(1, 64), default=None,
              help="Parallel synthesis requests (default: the engine's).")
@click.option("--input-format", type=click.Choice(INPUT_FORMATS), default="auto",
              show_default=True, help="How to read ARTICLE (a file path or an http(s) URL).")
@click.option("--max-words", type=click.IntRange(min=1), default=None,
              help="Refuse articles longer than this (a safety limit).")
@click.option("--cache-dir", type=click.Path(file_okay=False), default=None,
              help="Clip cache folder (default: the user cache folder).")
@click.option("--cache/--no-cache", "use_cache", default=True, show_default=True,
              help="Reuse and store synthesized clips.")
@click.option("--max-rps", type=click.FloatRange(min=0.01), default=None,
              help="Network requests per second (default: no limit).")
@click.option("--force", is_flag=True, help="Rebuild even when the episode is up to date.")
@click.option("--no-feed", is_flag=True, help="Don't update feed.xml and index.html.")
@click.option("--lexicon", multiple=True, type=click.Path(dir_okay=False),
              help="Pronunciation lexicon (TSV) over the shipped one; repeatable; wins over "
                   "[lexicon] files in the config.")
@click.option("--keep-credits", is_flag=True, help="Also read photo credits ('Ảnh: ...').")
@click.pass_context
@reports_errors
def episode(ctx: click.Context, article: str, output_dir: str, profile: str | None,
            config_path: Path | None, no_feed: bool, lexicon: tuple[str, ...],
            **options: Any) -> None:
    """Build an MP3 (or WAV) episode from an article file or URL; print its path."""
    explicit = {k for k in options if ctx.get_parameter_source(k) != ParameterSource.DEFAULT}
    options = apply_profile(options, explicit, profile, config_path)
    engine = options.pop("engine")
    show = load_config(config_path)
    lexicons = (*config_lexicon_files(config_path), *lexicon)
    result = build_episode(article, output_dir=output_dir, engine=engine, show=show,
                           lexicon=lexicons, **options)
    for warning in result.warnings:
        click.echo(f"warning: {warning}", err=True)
    if show is not None and not no_feed:
        from .publish import update_feed

        update_feed(Path(output_dir), show)
    if result.skipped:
        click.echo(f"up to date: {result.title}", err=True)
    click.echo(str(result.mp3_path))


@cli.command()
def engines() -> None:
    """List the voice engines and whether each can run here."""
    for name in engine_names():
        ok, why = engine_status(name)
        click.echo(f"{name}\t{'usable' if ok else 'unusable'}\t{why}")


cli.add_command(init)
cli.add_command(feed)
cli.add_command(normalize_command)
cli.add_command(batch)
cli.add_command(cache)

cli.add_command(bulletin)
cli.add_command(rundown)
