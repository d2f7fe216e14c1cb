"""The ``audionews batch`` and ``audionews cache`` commands.

Registered on the main group with ``cli.add_command(batch)`` and
``cli.add_command(cache)``. Exit codes of ``batch``: 0 all built or up to date,
1 some article failed (or another run holds the output folder), 2 usage error.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from .assemble import CAPTION_CUES, CAPTION_POLICIES
from .cache import ClipCache
from .config import config_lexicon_files, load_config
from .errors import AudioNewsError, InputError
from .ingest import INPUT_FORMATS

if TYPE_CHECKING:
    from .batch import ArticleResult


def _human_bytes(size: int) -> str:
    value = float(size)
    for unit in ("B", "KiB", "MiB", "GiB"):
        if value < 1024 or unit == "GiB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{size} B"


class _Progress:
    """A progress bar on a terminal; one plain log line per article otherwise."""

    def __init__(self, total: int, quiet: bool) -> None:
        self.total = total
        self.done = 0
        self.quiet = quiet
        self.bar: Any = None
        if not quiet and sys.stderr.isatty():
            self.bar = click.progressbar(length=total, label="building", file=sys.stderr,
                                         show_pos=True, item_show_func=lambda s: s)
            self.bar.__enter__()

    def __call__(self, result: ArticleResult) -> None:
        self.done += 1
        if self.bar is not None:
            self.bar.update(1, f"{result.status}: {result.source}")
            if result.status == "failed":
                click.echo(f"\nfailed: {result.source}: {result.error}", err=True)
            return
        if self.quiet:
            return
        detail = result.error if result.status == "failed" else (result.mp3 or "")
        click.echo(f"[{self.done}/{self.total}] {result.status} {result.source} {detail}".rstrip(),
                   err=True)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)


@click.command(short_help="Build many articles: files, folders, URLs or a news feed.")
@click.argument("inputs", nargs=-1, required=False)
@click.option("--from-feed", "from_feed", default=None, metavar="URL_OR_FILE",
              help="Also build the newest items of a news site's RSS/Atom feed.")
@click.option("--limit", type=click.IntRange(min=1), default=20, show_default=True,
              help="With --from-feed: how many of the newest items.")
@click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=Path),
              default=None, help="audionews.toml (default: ./audionews.toml when present).")
@click.option("-e", "--engine", default="gtts", show_default=True, help="Voice engine.")
@click.option("-o", "--output-dir", default="output", show_default=True,
              type=click.Path(file_okay=False), help="Where the episodes go.")
@click.option("--voice", default=None, help="Engine voice.")
@click.option("--speed", type=click.FloatRange(0.5, 2.0), default=1.0, show_default=True)
@click.option("--bitrate", default="64k", show_default=True, help="MP3 bitrate (CBR).")
@click.option("--sample-rate", type=int, default=None,
              help="Hz (default: the voice's own rate for MP3, e.g. 22050 for espeak-ng "
                   "and 24000 for Google; 48000 for WAV).")
@click.option("--captions", type=click.Choice(CAPTION_POLICIES), default="inline",
              show_default=True)
@click.option("--caption-cue", type=click.Choice(CAPTION_CUES), default="words",
              show_default=True)
@click.option("--artist", default=None, help="ID3 artist (default: the show's author).")
@click.option("--album", default=None, help="ID3 album (default: the show's title).")
@click.option("-w", "--workers", type=click.IntRange(1, 64), default=None,
              help="Articles built at once, one process each (default: number of cores).")
@click.option("-j", "--jobs", type=click.IntRange(1, 64), default=None,
              help="Parallel synthesis calls within an article (default: the engine's).")
@click.option("--cache-dir", type=click.Path(file_okay=False), default=None,
              help="Clip cache folder (default: the user cache folder).")
@click.option("--cache/--no-cache", "use_cache", default=True, show_default=True,
              help="Reuse and store synthesized clips.")
@click.option("--max-rps", type=click.FloatRange(min=0.01), default=None,
              help="Network requests per second for the whole run (default: no limit).")
@click.option("--input-format", type=click.Choice(INPUT_FORMATS), default="auto",
              show_default=True)
@click.option("--force", is_flag=True, help="Rebuild articles that are up to date.")
@click.option("--dry-run", is_flag=True, help="Only say what would be built.")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON summary on stdout.")
@click.pass_context
def batch(ctx: click.Context, inputs: tuple[str, ...], from_feed: str | None, limit: int,
          config_path: Path | None, engine: str, output_dir: str, workers: int | None,
          dry_run: bool, as_json: bool, **options: Any) -> None:
    """Build every article in INPUTS (files, folders, globs, URLs) or a news feed.

    Articles already built with the same settings are skipped (feed items by their
    link, without fetching them again); a bad article is reported and the others go
    on. Safe from cron: one run per output folder, and a run killed at any point is
    finished by the next.
    """
    if not inputs and not from_feed:
        raise click.UsageError("give article files, folders or URLs, or --from-feed")
    # The batch machinery (process pools) only when a batch runs, not on every start.
    from .batch import feed_sources, find_inputs, run_batch

    try:
        sources = find_inputs(inputs) if inputs else []
        built: list[str] = []
        if from_feed:
            fresh, built = feed_sources(from_feed, output_dir, limit,
                                        force=bool(options.get("force")))
            sources += fresh
        show = load_config(config_path)
        lexicons = tuple(str(p) for p in config_lexicon_files(config_path))
    except AudioNewsError as exc:
        raise click.UsageError(str(exc)) from exc
    progress = _Progress(len(sources) + len(built), quiet=False)
    try:
        report = run_batch(sources, output_dir, engine, workers=workers, dry_run=dry_run,
                           on_result=progress, already_built=built, show=show,
                           lexicon=lexicons, **options)
    except InputError as exc:
        raise click.UsageError(str(exc)) from exc
    except AudioNewsError as exc:
        raise click.ClickException(str(exc)) from exc
    finally:
        progress.close()
    if as_json:
        click.echo(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
    else:
        summary = report.as_dict()
        if dry_run:
            click.echo(f"would build {len(summary['would_build'])}, up to date "
                       f"{len(summary['up_to_date'])}, failed {len(summary['failed'])}")
        else:
            click.echo(f"built {len(summary['built'])}, skipped {len(summary['skipped'])}, "
                       f"failed {len(summary['failed'])}; {summary['total_audio_s']:.0f} s "
                       f"of audio in {summary['wall_s']:.1f} s")
    ctx.exit(report.exit_code)


@click.group()
def cache() -> None:
    """Inspect or empty the clip cache."""


@cache.command("info")
@click.option("--cache-dir", type=click.Path(file_okay=False), default=None)
@click.option("--json", "as_json", is_flag=True)
def cache_info(cache_dir: str | None, as_json: bool) -> None:
    """Where the clip cache is, how many clips it holds and their size."""
    info = ClipCache(cache_dir).info()
    if as_json:
        click.echo(json.dumps({"path": str(info.path), "clips": info.clips, "bytes": info.bytes}))
        return
    click.echo(f"{info.path}\n{info.clips} clips, {_human_bytes(info.bytes)}")


@cache.command("clear")
@click.option("--cache-dir", type=click.Path(file_okay=False), default=None)
def cache_clear(cache_dir: str | None) -> None:
    """Delete every cached clip."""
    store = ClipCache(cache_dir)
    removed = store.clear()
    click.echo(f"removed {removed} clips from {store.root}")
