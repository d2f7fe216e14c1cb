"""Split spoken text into pieces an engine accepts, cutting where a reader pauses.

Engines declare ``max_chars``. Google's voice takes 100 characters a request and
inserts a break at every cut, so the cuts should fall where a newsreader breathes:
first at sentence ends, then at clause punctuation, and only as a last resort at a
space (the idea of gTTS's ``_minimize``). Pieces are packed greedily up to the limit,
so a paragraph needs as few requests as its punctuation allows.
"""

from __future__ import annotations

import re

# Split points, strongest first; the punctuation stays with the text before it.
_SENTENCE_RE = re.compile(r"(?<=[.!?…])\s+")
_CLAUSE_RE = re.compile(r"(?<=[,;:])\s+|\s+(?=[-–—]\s)")


def _split_to_fit(text: str, limit: int) -> list[str]:
    """Break one piece so that every part is at most ``limit`` characters."""
    if len(text) <= limit:
        return [text]
    for pattern in (_SENTENCE_RE, _CLAUSE_RE):
        parts = [p for p in pattern.split(text) if p.strip()]
        if len(parts) > 1:
            return [fit for part in parts for fit in _split_to_fit(part.strip(), limit)]
    return _minimize(text, limit)


def _minimize(text: str, limit: int) -> list[str]:
    """Cut at the last space before the limit; a word longer than it is cut hard."""
    pieces = []
    while len(text) > limit:
        cut = text.rfind(" ", 0, limit + 1)
        if cut <= 0:
            cut = limit
        pieces.append(text[:cut].strip())
        text = text[cut:].strip()
    if text:
        pieces.append(text)
    return pieces


def chunk_text(text: str, max_chars: int) -> list[str]:
    """Pieces of ``text``, each at most ``max_chars`` long, packed greedily.

    Adjacent pieces are rejoined while they fit, so short clauses travel together
    and the number of engine calls stays near ``len(text) / max_chars``.
    """
    text = " ".join(text.split())
    if not text:
        return []
    packed: list[str] = []
    for piece in _split_to_fit(text, max_chars):
        if packed and len(packed[-1]) + 1 + len(piece) <= max_chars:
            packed[-1] = f"{packed[-1]} {piece}"
        else:
            packed.append(piece)
    return packed
