"""Transcripts of an episode as WebVTT and SRT captions.

One cue per timed segment, showing the article's written text (what the reader
would see in the paper, not the normalized text the voice read), timed from the
assembled audio. Segments without text or without duration make no cue.
"""

from __future__ import annotations

import html

from .manifest import ManifestSegment

VTT_MIME = "text/vtt"
SRT_MIME = "application/x-subrip"


def _cue_text(text: str) -> str:
    # A blank line would end the cue early in both formats: keep one line.
    return " ".join(text.split())


def _cues(segments: list[ManifestSegment]) -> list[tuple[int, int, str]]:
    cues = []
    for seg in segments:
        text = _cue_text(seg.text)
        if text and seg.end_ms > seg.start_ms:
            cues.append((seg.start_ms, seg.end_ms, text))
    return cues


def _clock(ms: int, separator: str) -> str:
    hours, rest = divmod(ms, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    seconds, millis = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{seconds:02d}{separator}{millis:03d}"


def to_webvtt(segments: list[ManifestSegment], language: str | None = None) -> str:
    """Render segments as a WebVTT document.

    Args:
        segments: timed segments with their written text.
        language: optional BCP 47 code, recorded in the header as ``Language:``.

    Returns:
        The document text; ``&``, ``<`` and ``>`` are escaped as WebVTT requires.
    """
    lines = ["WEBVTT"]
    if language:
        lines.append(f"Language: {language}")
    lines.append("")
    for start, end, text in _cues(segments):
        lines += [
            f"{_clock(start, '.')} --> {_clock(end, '.')}",
            html.escape(text, quote=False),
            "",
        ]
    return "\n".join(lines)


def to_srt(segments: list[ManifestSegment]) -> str:
    """Render segments as a SubRip (SRT) document, numbered from 1."""
    blocks = []
    for number, (start, end, text) in enumerate(_cues(segments), start=1):
        blocks.append(f"{number}\n{_clock(start, ',')} --> {_clock(end, ',')}\n{text}\n")
    return "\n".join(blocks)
