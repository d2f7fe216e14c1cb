"""Loudness targets and measurements as plain values, without the signal code.

``loudness`` holds the meters and the limiter (numpy); this module holds what the rest
of the program passes around (a target, a measurement), so that reading options and
writing manifests does not load the numerical code.
"""

from __future__ import annotations

from dataclasses import dataclass

from .errors import ConfigError

LOUDNESS_PRESETS: dict[str, float] = {"podcast": -16.0, "broadcast": -23.0}
TRUE_PEAK_CEILING_DBTP = -1.0


@dataclass(frozen=True)
class Loudness:
    """A measurement: integrated loudness (LUFS) and true peak (dBTP) of a signal."""

    integrated_lufs: float
    true_peak_dbtp: float

    def as_dict(self) -> dict[str, float]:
        return {
            "integrated_lufs": round(self.integrated_lufs, 2),
            "true_peak_dbtp": round(self.true_peak_dbtp, 2),
        }


def parse_loudness(value: str | float | int) -> float:
    """The target in LUFS for a preset name (``podcast``, ``broadcast``) or a number.

    Raises:
        ConfigError: for an unknown name or a number outside -40..-5 LUFS.
    """
    if isinstance(value, str):
        key = value.strip().lower()
        if key in LOUDNESS_PRESETS:
            return LOUDNESS_PRESETS[key]
        try:
            target = float(key.removesuffix("lufs").strip())
        except ValueError:
            raise ConfigError(
                f"unknown loudness {value!r}: use {', '.join(LOUDNESS_PRESETS)} or a number "
                "of LUFS such as -18"
            ) from None
    else:
        target = float(value)
    if not -40.0 <= target <= -5.0:
        raise ConfigError(f"loudness target {target} LUFS is out of range (-40 to -5)")
    return target
