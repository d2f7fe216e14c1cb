"""Turn written news text into the text a newsreader says (placeholder stage).

The full Vietnamese normalizer (numbers, dates, units, abbreviations, lexicon)
replaces this module; its public functions keep these signatures.
"""

from __future__ import annotations

import re
from dataclasses import replace

from .model import Article, Segment, SegmentKind

_CREDIT_RE = re.compile(
    r"\s*[-–—(]?\s*(?:Ảnh|Video|Clip|Ảnh minh (?:họa|hoạ)|Nguồn ảnh)\s*:"
    r"\s*[^()]{1,80}?\)?\s*\.?\s*$"
)


def normalize_text(text: str, kind: SegmentKind = SegmentKind.BODY) -> str:
    """The spoken form of one segment's text."""
    spoken = text
    if kind == SegmentKind.CAPTION:
        spoken = _CREDIT_RE.sub("", spoken).strip() or spoken
    spoken = re.sub(r"\s+", " ", spoken).strip()
    if spoken and spoken[-1] not in ".!?…":
        spoken += "."
    return spoken


def normalize_segment(segment: Segment) -> Segment:
    return segment.with_spoken(normalize_text(segment.text, segment.kind))


def normalize_article(article: Article) -> Article:
    """Fill ``spoken`` on every segment of the article."""
    return replace(article, segments=tuple(normalize_segment(s) for s in article.segments))
