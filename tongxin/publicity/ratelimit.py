"""A token bucket: at most ``rate`` messages per second, burst of one."""

from __future__ import annotations

import time
from collections.abc import Callable


class RateLimiter:
    """Space calls ``1/rate`` seconds apart; ``waits`` counts the pauses taken.

    The clock and the sleep are injectable so that a test counts pauses
    instead of measuring time.
    """

    def __init__(
        self,
        rate: float,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ):
        self.interval = 1.0 / rate if rate > 0 else 0.0
        self.clock, self.sleep = clock, sleep
        self.next_at: float | None = None
        self.waits = 0

    def wait(self) -> None:
        """Return when the next message may go, pausing if it is too early."""
        now = self.clock()
        if self.next_at is not None and now < self.next_at:
            self.waits += 1
            self.sleep(self.next_at - now)
            now = self.next_at
        self.next_at = now + self.interval
