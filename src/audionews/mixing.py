"""Mixing jingles into a programme: levelling, fades, crossfades, a ducked bed.

The settings are :class:`~audionews.jingles.Jingles`. Everything works on mono float
samples; the loudness of the result is set after (``master``).
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np

from .audio import decode_file_to_pcm
from .jingles import Jingles
from .loudness import CLIP_REFERENCE_LUFS, integrated_loudness, pcm_to_float


def load_jingle(path: Path, sample_rate: int, level_db: float = 0.0) -> np.ndarray:
    """A jingle file as mono float samples at ``sample_rate``, levelled like speech clips.

    Raises:
        AudioError: the file cannot be decoded.
    """
    samples = pcm_to_float(decode_file_to_pcm(Path(path), sample_rate))
    loudness = integrated_loudness(samples, sample_rate)
    if math.isfinite(loudness):
        samples = samples * 10 ** ((CLIP_REFERENCE_LUFS + level_db - loudness) / 20)
    return samples


def fade(samples: np.ndarray, sample_rate: int, in_ms: int, out_ms: int) -> np.ndarray:
    """``samples`` with a linear fade in over ``in_ms`` and a fade out over ``out_ms``."""
    result = samples.copy()
    n_in = min(result.size, round(in_ms * sample_rate / 1000))
    n_out = min(result.size, round(out_ms * sample_rate / 1000))
    if n_in:
        result[:n_in] *= np.linspace(0.0, 1.0, n_in, endpoint=False)
    if n_out:
        result[result.size - n_out :] *= np.linspace(1.0, 0.0, n_out)
    return result


def overlap_add(first: np.ndarray, second: np.ndarray, overlap: int) -> np.ndarray:
    """``first`` then ``second``, the start of one laid over the end of the other.

    The jingle side is already faded, so its fade and the speech's silent lead-in or
    tail form the crossfade, and no spoken word is faded.
    """
    overlap = max(0, min(overlap, first.size, second.size))
    result = np.zeros(first.size + second.size - overlap)
    result[: first.size] += first
    result[first.size - overlap :] += second
    return result


def duck_gain(speech: np.ndarray, sample_rate: int, duck_db: float,
              attack_ms: int = 80, release_ms: int = 400) -> np.ndarray:
    """Per-sample gain for a bed: ``duck_db`` where ``speech`` is active, 1.0 elsewhere.

    Activity is judged per 10 ms (RMS above -50 dBFS); the gain moves over the attack
    and release times so the bed does not click in and out between words.
    """
    block = max(1, sample_rate // 100)
    blocks = -(-speech.size // block)
    padded = np.pad(speech, (0, blocks * block - speech.size))
    rms = np.sqrt(np.mean(np.square(padded.reshape(blocks, block)), axis=1))
    active = (rms > 10 ** (-50 / 20)).astype(float)
    # Hold through short gaps between words, then smooth the edges.
    hold = max(1, release_ms // 10)
    held = np.convolve(active, np.ones(hold), mode="full")[:blocks] > 0
    smooth = max(1, attack_ms // 10)
    level = np.convolve(held.astype(float), np.ones(smooth) / smooth, mode="same")
    gain = 1.0 + (10 ** (duck_db / 20) - 1.0) * np.clip(level, 0.0, 1.0)
    return np.asarray(np.repeat(gain, block)[: speech.size])


def mix_bed(programme: np.ndarray, bed: np.ndarray, sample_rate: int, until: int,
            jingles: Jingles) -> np.ndarray:
    """Mix ``bed`` (looped as needed) under ``programme[:until + tail]``, ducked and faded."""
    length = min(programme.size, until + round(jingles.bed_tail_ms * sample_rate / 1000))
    if length <= 0 or bed.size == 0:
        return programme
    repeats = -(-length // bed.size)
    under = np.tile(bed, repeats)[:length] * 10 ** (jingles.bed_level_db / 20)
    under = under * duck_gain(programme[:length], sample_rate, jingles.duck_db)
    under = fade(under, sample_rate, jingles.fade_ms, jingles.bed_tail_ms)
    result = programme.copy()
    result[:length] += under
    return result


def apply_jingles(programme: np.ndarray, sample_rate: int, jingles: Jingles,
                  opening_end: int) -> tuple[np.ndarray, int]:
    """Bed under the opening, intro before and outro after the programme.

    Args:
        programme: the spoken programme (mono float).
        sample_rate: its rate.
        jingles: what to add.
        opening_end: sample where the first spoken item ends (the bed's extent).

    Returns:
        The new programme and how many samples the speech moved later (for the timeline).
    """
    overlap = round(jingles.crossfade_ms * sample_rate / 1000)
    result = programme
    if jingles.bed:
        result = mix_bed(result, load_jingle(jingles.bed, sample_rate), sample_rate,
                         opening_end, jingles)
    shift = 0
    if jingles.intro:
        intro = fade(load_jingle(jingles.intro, sample_rate), sample_rate, jingles.fade_ms,
                     jingles.fade_ms)
        overlap_in = min(overlap, intro.size, result.size)
        result = overlap_add(intro, result, overlap_in)
        shift = intro.size - overlap_in
    if jingles.outro:
        outro = fade(load_jingle(jingles.outro, sample_rate), sample_rate, jingles.fade_ms,
                     jingles.fade_ms)
        result = overlap_add(result, outro, min(overlap, outro.size, result.size))
    return result, shift


def transition_sting(jingles: Jingles | None, sample_rate: int) -> np.ndarray | None:
    """The transition jingle ready to lay between stories, or None."""
    if jingles is None or jingles.transition is None:
        return None
    return fade(load_jingle(jingles.transition, sample_rate), sample_rate, jingles.fade_ms // 2,
                jingles.fade_ms)
