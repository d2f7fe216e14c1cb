"""Speech engines: one small contract and a registry.

An engine turns a piece of text into audio bytes (a WAV or MP3 file's contents).
Engines are found through the ``audionews.engines`` entry-point group, the built-in
ones included, so a new voice is one module plus one line in its package metadata::

    [project.entry-points."audionews.engines"]
    myvoice = "my_package.voice:MyVoiceEngine"

Entry points are loaded lazily, once, and only when a name is asked for that is not
one of the built-in engines (or when all names are listed): reading every installed
package's metadata costs more start-up time than building a short episode's
mastering. A plugin therefore cannot take over a built-in name. ``AUDIONEWS_ENGINES``
(comma-separated names) restricts which engines load; tests register fakes with
:func:`register_engine`.
"""

from __future__ import annotations

import logging
import os
import threading
from abc import ABC, abstractmethod
from typing import Any, ClassVar

from ..errors import EngineUnavailableError, UnknownEngineError

log = logging.getLogger(__name__)

ENTRY_POINT_GROUP = "audionews.engines"
# Imported directly when asked for by name (no metadata scan), and the fallback when
# the package metadata is missing (a source tree that was never installed); an
# installed audionews also declares these as entry points.
_BUILTIN_ENTRY_POINTS = {
    "espeak": "audionews.engines.espeak:EspeakEngine",
    "gtts": "audionews.engines.gtts_engine:GttsEngine",
}


class Engine(ABC):
    """A text-to-speech voice.

    Subclasses set the capability attributes and implement :meth:`synthesize`.
    Constructor keyword arguments are engine options (voice, speed...); they must
    appear in :meth:`settings` so caches and rebuild checks can tell voices apart.
    """

    name: ClassVar[str]
    needs_network: ClassVar[bool] = False
    max_chars: ClassVar[int] = 5000
    languages: ClassVar[tuple[str, ...]] = ("vi",)
    # Parallel synthesis calls that make sense for this engine by default.
    default_jobs: ClassVar[int] = 1
    # The rate the engine's audio comes at, when it is always the same: an MP3 episode
    # is then made at that rate (resampling would add work and nothing audible).
    native_sample_rate: ClassVar[int | None] = None

    def __init__(self, lang: str = "vi", voice: str | None = None, speed: float = 1.0) -> None:
        self.lang = lang
        self.voice = voice
        self.speed = speed

    @abstractmethod
    def synthesize(self, text: str) -> bytes:
        """Speak ``text``; return the bytes of a WAV or MP3 file.

        Raises:
            SynthesisError: the engine ran but returned no usable audio.
            EngineUnavailableError: the engine cannot run here (library, network).
        """

    def check(self) -> None:  # noqa: B027 - optional hook; most engines need no check
        """Raise EngineUnavailableError when the engine cannot work on this machine."""

    def settings(self) -> dict[str, Any]:
        """Everything that changes the sound of the output, for cache keys."""
        return {"engine": self.name, "lang": self.lang, "voice": self.voice, "speed": self.speed}


_registry: dict[str, type[Engine]] = {}
_loaded = False
_lock = threading.Lock()


def register_engine(cls: type[Engine], name: str | None = None) -> type[Engine]:
    """Make an engine class available under ``name`` (default: ``cls.name``)."""
    _registry[name or cls.name] = cls
    return cls


def unregister_engine(name: str) -> None:
    _registry.pop(name, None)


def _allowed(name: str) -> bool:
    allow = os.environ.get("AUDIONEWS_ENGINES")
    return not allow or name in {n.strip() for n in allow.split(",")}


def load_entry_points() -> None:
    """Load engines declared in the ``audionews.engines`` entry-point group, once."""
    global _loaded
    with _lock:
        if _loaded:
            return
        _loaded = True
        from importlib.metadata import entry_points

        found = {ep.name: ep for ep in entry_points(group=ENTRY_POINT_GROUP)}
        specs: dict[str, Any] = dict(found)
        for name, target in _BUILTIN_ENTRY_POINTS.items():
            specs.setdefault(name, target)
        for name, spec in specs.items():
            if name in _registry or not _allowed(name):
                continue
            try:
                cls = spec.load() if hasattr(spec, "load") else _import_target(spec)
            except Exception as exc:  # a broken plugin must not break the others
                log.warning("engine %s could not be loaded: %s", name, exc)
                continue
            register_engine(cls, name)


def _import_target(target: str) -> type[Engine]:
    import importlib

    module_name, _, attr = target.partition(":")
    cls: type[Engine] = getattr(importlib.import_module(module_name), attr)
    return cls


def engine_names() -> list[str]:
    """Names of every registered engine, sorted."""
    load_entry_points()
    return sorted(_registry)


def get_engine_class(name: str) -> type[Engine]:
    if name not in _registry and name in _BUILTIN_ENTRY_POINTS and _allowed(name):
        try:
            register_engine(_import_target(_BUILTIN_ENTRY_POINTS[name]), name)
        except Exception as exc:  # reported like a broken plugin, below
            log.warning("engine %s could not be loaded: %s", name, exc)
    if name not in _registry:
        load_entry_points()
    try:
        return _registry[name]
    except KeyError:
        known = ", ".join(sorted(_registry)) or "none"
        raise UnknownEngineError(f"unknown engine {name!r} (available: {known})") from None


def get_engine(name: str, **options: Any) -> Engine:
    """An engine instance by registry name.

    Raises:
        UnknownEngineError: no engine has that name.
    """
    return get_engine_class(name)(**options)


def engine_status(name: str) -> tuple[bool, str]:
    """Whether the named engine can run here, and why not."""
    try:
        get_engine(name).check()
    except EngineUnavailableError as exc:
        return False, str(exc)
    return True, "ready"
