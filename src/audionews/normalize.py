"""Turn written Vietnamese news text into the text a newsreader says.

The stage sits between parsing and synthesis and is engine-independent. It is an
ordered pipeline of small ``str -> str`` rules from :mod:`audionews.readers` (see
:func:`spoken_rules`). Rules that need context run before the generic ones: a date
before a range, a range before a plain number, the lexicon before the letter-by-letter
speller. The last number rule reads every digit left, so the output never holds a digit.

Word tables live in :mod:`audionews.readings`, number reading in
:mod:`audionews.numbers`, abbreviations in :mod:`audionews.lexicon`. Nothing keeps
state, so the functions are safe to call from several threads.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from functools import partial

from .lexicon import Lexicon, default_lexicon
from .model import Article, Segment, SegmentKind
from .readers import (
    drop_photo_credits,
    end_sentence,
    read_codes,
    read_dates,
    read_document_codes,
    read_numbers,
    read_ordinals,
    read_phone_numbers,
    read_quantities,
    read_ranges,
    read_roman_numerals,
    read_symbols,
    read_times,
    read_web_addresses,
    spell_acronyms,
    tidy_spaces,
    unify_characters,
)

__all__ = [
    "Rule",
    "drop_photo_credits",
    "normalize_article",
    "normalize_segment",
    "normalize_text",
    "spoken_rules",
]

Rule = Callable[[str], str]

# Kinds that are lines rather than prose: they need a closing stop to get a pause.
_LINE_KINDS = frozenset(
    {SegmentKind.TITLE, SegmentKind.HEADING, SegmentKind.CAPTION, SegmentKind.SOURCE}
)


def spoken_rules(lexicon: Lexicon) -> tuple[Rule, ...]:
    """The ordered rules that turn written text into spoken text.

    Args:
        lexicon: the abbreviations and names to apply.

    Returns:
        Rules to apply left to right; each is a pure ``str -> str`` function.
    """
    return (
        unify_characters,
        read_web_addresses,
        read_phone_numbers,
        read_document_codes,
        lexicon.expand,
        read_dates,
        read_times,
        read_roman_numerals,
        read_ordinals,
        read_quantities,
        read_ranges,
        partial(read_codes, lexicon=lexicon),
        read_numbers,
        spell_acronyms,
        read_symbols,
        tidy_spaces,
    )


def normalize_text(
    text: str,
    kind: SegmentKind = SegmentKind.BODY,
    lexicon: Lexicon | None = None,
    *,
    keep_credits: bool = False,
) -> str:
    """The spoken form of one segment's text.

    Args:
        text: the written text.
        kind: the segment's role; titles, headings, captions and source lines get a
            closing full stop so the voice pauses after them.
        lexicon: abbreviations and names; the shipped lexicon when None.
        keep_credits: keep photo credits ("Ảnh: Quang Hòa") in the spoken text.

    Returns:
        Text with no digits, symbols or unexpanded abbreviations left; empty when the
        text was only a photo credit.
    """
    lexicon = lexicon if lexicon is not None else default_lexicon()
    spoken = unify_characters(text)
    if not keep_credits:
        spoken = drop_photo_credits(spoken)
    for rule in spoken_rules(lexicon):
        spoken = rule(spoken)
    finish = end_sentence if kind in _LINE_KINDS else str.strip
    spoken = finish(spoken)
    # Closing a line can complete a credit ("Ảnh: X" + "."); drop until nothing changes
    # so that normalizing spoken text again is a no-op.
    while not keep_credits and (dropped := drop_photo_credits(spoken)) != spoken:
        spoken = finish(dropped)
    return spoken


def normalize_segment(
    segment: Segment, lexicon: Lexicon | None = None, *, keep_credits: bool = False
) -> Segment:
    """The segment with ``spoken`` filled in (see :func:`normalize_text`)."""
    spoken = normalize_text(segment.text, segment.kind, lexicon, keep_credits=keep_credits)
    return segment.with_spoken(spoken)


def normalize_article(
    article: Article, lexicon: Lexicon | None = None, *, keep_credits: bool = False
) -> Article:
    """Fill ``spoken`` on every segment of the article.

    Args:
        article: the parsed article.
        lexicon: abbreviations and names; the shipped lexicon when None.
        keep_credits: keep photo credits in captions.

    Returns:
        A new article whose segments carry their spoken text.
    """
    lexicon = lexicon if lexicon is not None else default_lexicon()
    segments = tuple(
        normalize_segment(s, lexicon, keep_credits=keep_credits) for s in article.segments
    )
    return replace(article, segments=segments)
