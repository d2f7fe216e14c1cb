"""The rundown: how long each story and the whole bulletin will run, before any synthesis.

Radio staff plan to the second. The estimate counts what drives a voice's timing:
syllables (Vietnamese writes one per space-separated word), clause and sentence pauses,
and digits (read out one by one or as long numbers), with per-engine rates measured on
the sample articles, divided by the speed; then the pauses the assembler will lay
(the same table) and the bulletin's own lines. Its error against the measured
durations is stated in the README and checked by the tests.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from .assemble import CAPTION_CUE_WORDS, Pauses
from .bulletin import bulletin_segments, with_frame_pauses
from .episode import EpisodeOptions, _options, pauses_for
from .ingest import load_article
from .model import Segment, SegmentKind
from .normalize import normalize_article


@dataclass(frozen=True)
class SpeechRate:
    """Seconds per unit of text for one engine at speed 1.0."""

    per_word: float
    per_clause_pause: float  # , ; :
    per_sentence_pause: float  # . ! ? …
    per_digit: float


# Fitted by least squares on every non-caption segment of the six sample articles, on
# the normalized (spoken) text (espeak-ng voice "vi", speed 1.0; 85 segments). gTTS
# cannot be measured offline: its rate is that of a Vietnamese newsreader (about 220
# syllables a minute) and is marked as unmeasured in the README.
RATES: dict[str, SpeechRate] = {
    "espeak": SpeechRate(per_word=0.221, per_clause_pause=0.226, per_sentence_pause=0.105,
                         per_digit=0.147),
    "gtts": SpeechRate(per_word=0.27, per_clause_pause=0.25, per_sentence_pause=0.45,
                       per_digit=0.15),
}
DEFAULT_RATE = RATES["gtts"]

_CLAUSE_RE = re.compile(r"[,;:]")
_SENTENCE_RE = re.compile(r"[.!?…]+(?=\s|$)")
_DIGIT_RE = re.compile(r"\d")
CAPTION_CUE_GAP_MS = 250  # as laid by the assembler after the cue words


def speech_seconds(text: str, engine: str = "espeak", speed: float = 1.0) -> float:
    """Estimated seconds for a voice to read ``text`` (no pauses around it)."""
    rate = RATES.get(engine, DEFAULT_RATE)
    seconds = (len(text.split()) * rate.per_word
               + len(_CLAUSE_RE.findall(text)) * rate.per_clause_pause
               + len(_SENTENCE_RE.findall(text)) * rate.per_sentence_pause
               + len(_DIGIT_RE.findall(text)) * rate.per_digit)
    return seconds / speed


@dataclass
class RundownItem:
    """One story (or the bulletin's frame) in the rundown."""

    title: str
    seconds: float = 0.0
    words: int = 0


@dataclass
class Rundown:
    """Estimated durations: per story, the frame (opening, closing), and the total."""

    stories: list[RundownItem] = field(default_factory=list)
    frame: RundownItem = field(default_factory=lambda: RundownItem("mở đầu và kết thúc"))

    @property
    def total_s(self) -> float:
        return self.frame.seconds + sum(s.seconds for s in self.stories)


def estimate_segments(
    owned: Sequence[tuple[int | None, Segment]],
    titles: Sequence[str],
    options: EpisodeOptions,
    pauses: Pauses,
) -> Rundown:
    """Rundown of a list of (story index or None, segment) as the bulletin lays them."""
    cast = options.cast()
    rundown = Rundown(stories=[RundownItem(t) for t in titles])
    previous: SegmentKind | None = None
    for owner, segment in owned:
        item = rundown.frame if owner is None else rundown.stories[owner]
        engine, _, speed = cast.resolve(segment.kind)
        seconds = pauses.before(segment.kind, previous) / 1000
        seconds += speech_seconds(segment.speech, engine, speed)
        if segment.kind == SegmentKind.CAPTION and options.caption_cue == "words":
            seconds += speech_seconds(CAPTION_CUE_WORDS, engine, speed)
            seconds += CAPTION_CUE_GAP_MS / 1000
        item.seconds += seconds
        item.words += len(segment.speech.split())
        previous = segment.kind
    rundown.frame.seconds += pauses.tail / 1000
    return rundown


def estimate_rundown(
    sources: Sequence[str | Path | bytes],
    *,
    title: str = "Bản tin",
    day: date | None = None,
    engine: str = "gtts",
    **options: Any,
) -> Rundown:
    """Estimate a bulletin's durations from its articles, without synthesizing anything.

    Args:
        sources: the articles in running order.
        title: the bulletin's title (its opening and closing are counted).
        day: the date read in the opening (its words count too).
        engine: the voice engine (its measured rate is used).
        **options: EpisodeOptions fields (speed, roles, pauses, captions...).

    Raises:
        InputError: no article, or one that cannot be read.
    """
    from .errors import InputError

    if not sources:
        raise InputError("a rundown needs at least one article")
    opts = with_frame_pauses(_options(engine, options))
    articles = [normalize_article(load_article(s, opts.input_format).article) for s in sources]
    owned = bulletin_segments(title, day or date.today(), articles, opts.captions)
    return estimate_segments(owned, [a.title for a in articles], opts, pauses_for(opts))
