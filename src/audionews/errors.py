"""The one error family of audionews.

Every error the library raises on purpose is an ``AudioNewsError``; each subclass
also inherits the builtin a caller would naturally catch (``ValueError`` for bad
input, ``KeyError`` for an unknown name, ...), so ``except ValueError`` keeps working.
The CLI maps the whole family to a one-line message and a non-zero exit.
"""

from __future__ import annotations


class AudioNewsError(Exception):
    """Base class of every error audionews raises on purpose."""


class InputError(AudioNewsError, ValueError):
    """The article given cannot be used (missing, empty, undecodable)."""


class UnknownEngineError(AudioNewsError, KeyError):
    """No engine is registered under the requested name."""

    def __str__(self) -> str:  # KeyError quotes its argument; we want the plain message
        return str(self.args[0]) if self.args else "unknown engine"


class EngineUnavailableError(AudioNewsError, RuntimeError):
    """The engine exists but cannot run here (missing library, no network)."""


class SynthesisError(AudioNewsError, RuntimeError):
    """The engine ran but did not return usable audio for a piece of text."""


class AudioError(AudioNewsError, RuntimeError):
    """Decoding, assembling or encoding audio failed."""


class ConfigError(AudioNewsError, ValueError):
    """A configuration file or option is missing a field or has a bad value."""


class TargetDurationError(AudioNewsError, RuntimeError):
    """A programme is longer than its planned duration (and the caller asked for strict)."""
