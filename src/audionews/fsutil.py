"""Atomic file writes: a reader (or a crash) never sees half a file.

Everything goes to a hidden temporary file in the destination folder and is moved
into place with ``os.replace``, which is atomic on POSIX and Windows. Temporary
files are named ``.<name>.<random>.tmp`` so a later run can sweep what a killed one
left behind.
"""

from __future__ import annotations

import contextlib
import json
import os
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any


def _mode_for(path: Path) -> int:
    """The old file's mode, or the umask default (mkstemp's 0600 would hide the file)."""
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


@contextlib.contextmanager
def atomic_path(path: Path) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; move it into place if the block succeeds."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        os.chmod(tmp, _mode_for(path))
        yield tmp
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def write_bytes_atomic(path: Path, data: bytes) -> bool:
    """Write ``data`` to ``path`` atomically, leaving the file alone if already equal.

    Returns:
        True when the file was (re)written, False when it already held ``data``.
    """
    path = Path(path)
    try:
        if path.read_bytes() == data:
            # Unchanged content keeps its mtime, so rebuilds don't look like updates.
            return False
    except OSError:
        pass
    with atomic_path(path) as tmp, open(tmp, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    return True


def write_text_atomic(path: Path, text: str) -> bool:
    """Write UTF-8 text atomically; see :func:`write_bytes_atomic`."""
    return write_bytes_atomic(path, text.encode("utf-8"))


def write_json_atomic(path: Path, data: Any) -> bool:
    """Write pretty UTF-8 JSON (Vietnamese kept readable, not \\u-escaped) atomically."""
    return write_text_atomic(path, json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def remove_stale_temp_files(folder: Path) -> int:
    """Delete temporary files a killed run left behind; return how many."""
    removed = 0
    if folder.is_dir():
        for tmp in folder.glob(".*.tmp"):
            with contextlib.suppress(OSError):
                tmp.unlink()
                removed += 1
    return removed
