"""A process-wide request rate limit (``--max-rps``) for the online engines.

Requests from every thread of the process are spaced at least ``1 / max_rps``
seconds apart (start to start); waiting threads sleep without holding the lock
long. ``audionews batch`` divides the limit between its worker processes, so the
whole run stays under it.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable


class RateLimiter:
    """Spaces calls to :meth:`acquire` so that at most ``max_rps`` start per second.

    Args:
        max_rps: calls per second; ``None`` or ``0`` means no limit.
        clock / sleep: injectable for tests.
    """

    def __init__(
        self,
        max_rps: float | None = None,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if max_rps is not None and max_rps < 0:
            raise ValueError(f"max_rps must be positive, not {max_rps}")
        self.max_rps = max_rps or None
        self._clock = clock
        self._sleep = sleep
        self._next_slot = 0.0
        self._lock = threading.Lock()

    def acquire(self) -> float:
        """Wait for this caller's slot; return how long it waited (seconds)."""
        if not self.max_rps:
            return 0.0
        interval = 1.0 / self.max_rps
        with self._lock:
            now = self._clock()
            slot = max(now, self._next_slot)
            self._next_slot = slot + interval
        delay = slot - now
        if delay > 0:
            self._sleep(delay)
        return delay


_limiter = RateLimiter()


def set_max_rps(max_rps: float | None) -> None:
    """Set this process's limit for network requests (``None``: unlimited)."""
    global _limiter
    _limiter = RateLimiter(max_rps)


def current_limiter() -> RateLimiter:
    """The process-wide limiter that engines call before each request."""
    return _limiter
