"""Atomic file writes: readers never see a half-written file.

Every file the publish stage produces (feed, page, side files, rewritten MP3s) goes
through here: the data lands in a temporary file in the same folder, then
``os.replace`` swaps it in, which is atomic on POSIX and Windows.
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path


def write_bytes_atomic(path: Path, data: bytes) -> bool:
    """Write ``data`` to ``path`` atomically, leaving the file alone if already equal.

    Args:
        path: the destination file; its folder must exist.
        data: the complete new content.

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
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        # mkstemp makes the file private (0600); published files must stay readable
        # by the web server, so keep the old file's mode or use the umask default.
        os.chmod(tmp, _mode_for(path))
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return True


def _mode_for(path: Path) -> int:
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def write_text_atomic(path: Path, text: str) -> bool:
    """Write UTF-8 text atomically; see :func:`write_bytes_atomic`."""
    return write_bytes_atomic(path, text.encode("utf-8"))
