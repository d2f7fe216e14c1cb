"""Click commands of the publish stage: ``audionews init`` and ``audionews feed``.

Thin wrappers: parse options, call the library, turn ``AudioNewsError`` into a
one-line error. ``cli.py`` registers them with ``cli.add_command``.
"""

from __future__ import annotations

from pathlib import Path

import click

from .config import CONFIG_FILENAME, STARTER_CONFIG, load_config
from .errors import AudioNewsError
from .fsutil import write_text_atomic


@click.command()
@click.option("--force", is_flag=True, help="Overwrite an existing audionews.toml.")
def init(force: bool) -> None:
    """Write a commented starter audionews.toml in the current folder."""
    target = Path.cwd() / CONFIG_FILENAME
    if target.exists() and not force:
        raise click.UsageError(f"{target} already exists (use --force to overwrite)")
    write_text_atomic(target, STARTER_CONFIG)
    click.echo(f"Wrote {target}; edit the [show] table, then run `audionews feed`.")


@click.command(short_help="Write feed.xml and index.html from the episodes.")
@click.option("-o", "--output-dir", type=click.Path(file_okay=False, path_type=Path),
              default=Path("output"), show_default=True, help="Folder with the episodes.")
@click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Config file (default: ./audionews.toml).")
@click.option("--max-items", type=click.IntRange(min=1), help="Keep only the newest N items.")
def feed(output_dir: Path, config_path: Path | None, max_items: int | None) -> None:
    """Write feed.xml and index.html from the episodes in the output folder."""
    try:
        config = load_config(config_path)
        if config is None:
            raise click.UsageError(
                f"no [show] table found in {config_path or CONFIG_FILENAME}; run `audionews init`"
            )
        from .publish import update_feed

        feed_path = update_feed(output_dir, config, max_items=max_items)
    except AudioNewsError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"Wrote {feed_path} and {feed_path.with_name('index.html')}")
