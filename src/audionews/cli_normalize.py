"""The ``audionews normalize`` command: print what the voice would say.

Kept out of ``cli.py`` so the stage can be tried on its own; the main group registers
it with ``cli.add_command(normalize_command)``.
"""

from __future__ import annotations

from pathlib import Path

import click

from .errors import AudioNewsError
from .ingest import load_article
from .lexicon import load_lexicon
from .normalize import normalize_article, normalize_text


@click.command("normalize", short_help="Print what the voice will say for a text or article.")
@click.argument("text", required=False)
@click.option(
    "--file",
    "article_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Read an article file and print each segment's spoken text, one per line.",
)
@click.option(
    "--lexicon",
    "lexicon_files",
    multiple=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="Pronunciation lexicon (TSV) layered over the shipped one; repeatable.",
)
@click.option("--keep-credits", is_flag=True, help="Also read photo credits ('Ảnh: ...').")
def normalize_command(
    text: str | None, article_file: Path | None, lexicon_files: tuple[Path, ...], keep_credits: bool
) -> None:
    """Print the text a newsreader would say for TEXT or an article file."""
    if (text is None) == (article_file is None):
        raise click.UsageError("give either TEXT or --file ARTICLE")
    try:
        lexicon = load_lexicon(*lexicon_files)
        if article_file is not None:
            article = normalize_article(
                load_article(article_file).article, lexicon, keep_credits=keep_credits
            )
            lines = [s.speech for s in article.segments if s.speech]
        else:
            lines = [normalize_text(text or "", lexicon=lexicon, keep_credits=keep_credits)]
    except AudioNewsError as exc:
        raise click.ClickException(str(exc)) from None
    for line in lines:
        click.echo(line)
