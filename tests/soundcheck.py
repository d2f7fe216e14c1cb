"""Independent measurements for the sound tests: ffmpeg's own meter and decoders."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from audionews.audio import ffmpeg_exe


def ebur128(path: Path) -> tuple[float, float]:
    """(integrated LUFS, true peak dBTP) of a file by ffmpeg's ebur128 filter."""
    proc = subprocess.run(
        [ffmpeg_exe(), "-nostats", "-i", str(path), "-af", "ebur128=peak=true", "-f", "null", "-"],
        capture_output=True, text=True, errors="replace", check=True,
    )
    summary = proc.stderr[proc.stderr.rindex("Summary:"):]
    integrated = float(re.search(r"I:\s+(-?[\d.]+) LUFS", summary).group(1))
    peak = float(re.search(r"Peak:\s+(-?[\d.]+|-inf) dBFS", summary).group(1))
    return integrated, peak


def ffmpeg_stream_info(path: Path) -> str:
    """ffmpeg's description of the file's streams (what ffprobe would print)."""
    proc = subprocess.run([ffmpeg_exe(), "-hide_banner", "-i", str(path)], capture_output=True,
                          text=True, errors="replace")
    return proc.stderr


def decodes_cleanly(path: Path) -> bool:
    proc = subprocess.run([ffmpeg_exe(), "-v", "error", "-i", str(path), "-f", "null", "-"],
                          capture_output=True)
    return proc.returncode == 0 and proc.stderr == b""


def short_term_loudness(path: Path, start_s: float, end_s: float) -> float:
    """Integrated loudness of a stretch of a file (ffmpeg trims, ebur128 measures)."""
    proc = subprocess.run(
        [ffmpeg_exe(), "-nostats", "-ss", f"{start_s:.3f}", "-to", f"{end_s:.3f}", "-i",
         str(path), "-af", "ebur128", "-f", "null", "-"],
        capture_output=True, text=True, errors="replace", check=True,
    )
    summary = proc.stderr[proc.stderr.rindex("Summary:"):]
    return float(re.search(r"I:\s+(-?[\d.]+) LUFS", summary).group(1))
