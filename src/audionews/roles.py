"""A voice per role: which engine, voice, speed and pauses each kind of segment gets.

A newsroom reads the headline in one voice, captions in another, and the bulletin's
opening, transitions and closing in the presenter's voice. A :class:`VoiceCast` maps
each :class:`~audionews.model.SegmentKind` to a :class:`RoleVoice`; any field left
``None`` falls back to the episode's engine, voice and speed or to the pause table.
Segments are synthesized in groups of one voice; engines without a rate control of
their own get their speed from a tempo pass (pitch kept); mastering then levels every
clip to one loudness, so voices and engines do not jump in level.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, fields
from typing import Any

from .assemble import Pauses
from .cache import ClipCache
from .engines import Engine, get_engine
from .errors import ConfigError
from .model import Segment, SegmentKind
from .synthesize import ClipStream
from .tempo import change_tempo, check_speed


@dataclass(frozen=True)
class RoleVoice:
    """How one role is spoken; ``None`` means "as the episode"."""

    engine: str | None = None
    voice: str | None = None
    speed: float | None = None
    pause_before: int | None = None  # ms of silence before a segment of this role
    pause_after: int | None = None  # ms of silence after it


@dataclass(frozen=True)
class VoiceCast:
    """The episode's voice and the roles that differ from it."""

    engine: str
    voice: str | None = None
    speed: float = 1.0
    roles: Mapping[SegmentKind, RoleVoice] = field(default_factory=dict)

    def resolve(self, kind: SegmentKind) -> tuple[str, str | None, float]:
        """(engine, voice, speed) for a segment kind."""
        role = self.roles.get(kind, RoleVoice())
        engine = role.engine or self.engine
        # A voice named for the episode's engine means nothing to another engine.
        voice = role.voice if role.voice is not None else (
            self.voice if engine == self.engine else None)
        return engine, voice, role.speed if role.speed is not None else self.speed


def roles_from_mapping(data: Mapping[str, Any]) -> dict[SegmentKind, RoleVoice]:
    """Roles from a TOML-like table: ``{"title": {"voice": "vi-vn-x-south", ...}, ...}``.

    Raises:
        ConfigError: an unknown role or field, or a bad value.
    """
    known = {f.name for f in fields(RoleVoice)}
    roles: dict[SegmentKind, RoleVoice] = {}
    for name, table in data.items():
        try:
            kind = SegmentKind(name)
        except ValueError:
            raise ConfigError(
                f"unknown role {name!r}; use one of {', '.join(k.value for k in SegmentKind)}"
            ) from None
        if isinstance(table, RoleVoice):
            roles[kind] = table
            continue
        if not isinstance(table, Mapping):
            raise ConfigError(f"role {name!r} must be a table of settings")
        unknown = set(table) - known
        if unknown:
            raise ConfigError(f"role {name!r}: unknown setting(s) {', '.join(sorted(unknown))}")
        role = RoleVoice(**table)
        if role.speed is not None:
            check_speed(float(role.speed))
        for pause in (role.pause_before, role.pause_after):
            if pause is not None and not (isinstance(pause, int) and 0 <= pause <= 10000):
                raise ConfigError(f"role {name!r}: pauses are whole milliseconds, 0 to 10000")
        roles[kind] = role
    return roles


@dataclass(frozen=True)
class RolePauses(Pauses):
    """The pause table, with a role's own pause before or after it taking precedence."""

    before_role: Mapping[SegmentKind, int] = field(default_factory=dict)
    after_role: Mapping[SegmentKind, int] = field(default_factory=dict)

    def before(self, kind: SegmentKind, previous: SegmentKind | None) -> int:
        if previous is not None and (kind in self.before_role or previous in self.after_role):
            return max(self.before_role.get(kind, 0), self.after_role.get(previous, 0))
        return super().before(kind, previous)

    @classmethod
    def for_cast(cls, base: Pauses, cast: VoiceCast) -> Pauses:
        """``base`` itself when no role sets a pause, else a RolePauses over it."""
        before = {k: r.pause_before for k, r in cast.roles.items() if r.pause_before is not None}
        after = {k: r.pause_after for k, r in cast.roles.items() if r.pause_after is not None}
        if not before and not after:
            return base
        values = {f.name: getattr(base, f.name) for f in fields(Pauses)}
        return cls(**values, before_role=before, after_role=after)


def engine_for(cast: VoiceCast, kind: SegmentKind) -> Engine:
    """A ready engine instance for a role.

    Raises:
        UnknownEngineError / EngineUnavailableError: as ``get_engine`` and ``check``.
    """
    name, voice, speed = cast.resolve(kind)
    engine = get_engine(name, voice=voice, speed=speed)
    engine.check()
    return engine


class CastStream:
    """Each segment with its PCM, spoken by its role's voice, in reading order, as ready.

    Synthesis starts when it is made: every voice's segments go to that voice's engine
    (one engine instance each, its own parallelism), and clips come out in reading
    order while the later ones are still being made. Engines without ``native_speed``
    get their speed by a tempo pass. Levelling the clips to one loudness is mastering's
    job.

    Iterate it for ``(segment, pcm)`` pairs; close it (or use ``with``) to stop what
    has not started, should the caller give up early.
    """

    def __init__(
        self,
        cast: VoiceCast,
        segments: Sequence[Segment],
        sample_rate: int,
        jobs: int | None = None,
        cache: ClipCache | None = None,
        article: str | None = None,
    ) -> None:
        self._cast, self._segments, self._rate = cast, list(segments), sample_rate
        groups: dict[tuple[str, str | None, float], list[int]] = {}
        for index, segment in enumerate(self._segments):
            groups.setdefault(cast.resolve(segment.kind), []).append(index)
        # segment -> its voice's stream, its position there, whether it needs a tempo pass
        self._where: dict[int, tuple[ClipStream, int, bool]] = {}
        self._streams: list[ClipStream] = []
        try:
            for (name, voice, speed), indexes in groups.items():
                engine = get_engine(name, voice=voice, speed=speed)
                engine.check()
                stream = ClipStream(engine, [self._segments[i] for i in indexes], sample_rate,
                                    jobs, cache=cache, article=article)
                self._streams.append(stream)
                needs_tempo = not getattr(engine, "native_speed", False) and speed != 1.0
                for position, index in enumerate(indexes):
                    self._where[index] = (stream, position, needs_tempo)
        except BaseException:
            self.close()
            raise

    def __iter__(self) -> Iterator[tuple[Segment, bytes]]:
        try:
            for index, segment in enumerate(self._segments):
                stream, position, needs_tempo = self._where[index]
                pcm = stream.clip(position)
                if needs_tempo:
                    pcm = change_tempo(pcm, self._rate, self._cast.resolve(segment.kind)[2])
                yield segment, pcm
        finally:
            self.close()

    def close(self) -> None:
        for stream in self._streams:
            stream.close()

    def __enter__(self) -> CastStream:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def synthesize_cast(
    cast: VoiceCast,
    segments: Sequence[Segment],
    sample_rate: int,
    jobs: int | None = None,
    cache: ClipCache | None = None,
    article: str | None = None,
) -> list[tuple[Segment, bytes]]:
    """All of a :class:`CastStream` at once: each segment with its PCM, in order."""
    return list(CastStream(cast, segments, sample_rate, jobs, cache, article))


def cast_settings(cast: VoiceCast) -> dict[str, Any]:
    """Everything in the cast that changes the sound (for rebuild checks)."""
    return {
        "engine": cast.engine, "voice": cast.voice, "speed": cast.speed,
        "roles": {str(k): vars(r) for k, r in sorted(cast.roles.items())},
    }
