"""audionews: Vietnamese news articles into podcast audio.

The public API is small; everything else lives in the stage modules
(``parse``, ``normalize``, ``synthesize``, ``assemble``, ``tag``, ``publish``).
"""

from __future__ import annotations

from .engines import Engine, engine_names, get_engine, register_engine
from .episode import build_episode
from .errors import (
    AudioNewsError,
    EngineUnavailableError,
    InputError,
    SynthesisError,
    UnknownEngineError,
)
from .model import Article, Episode, Segment, SegmentKind
from .parse import parse_article

__version__ = "0.1.0"

__all__ = [
    "Article",
    "AudioNewsError",
    "Engine",
    "EngineUnavailableError",
    "Episode",
    "InputError",
    "Segment",
    "SegmentKind",
    "SynthesisError",
    "UnknownEngineError",
    "build_episode",
    "engine_names",
    "get_engine",
    "parse_article",
    "register_engine",
]
