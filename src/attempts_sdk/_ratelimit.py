"""Client-side rate limiting: one pure schedule of send times, shared by the sync and async shells.

A `RateLimiter` keeps consecutive sends at least ``1 / rate`` seconds apart. Its two decisions
are pure functions of the time, each a few instructions under a `threading.Lock` (never held
across a sleep or an await), so one limiter serves the threads of a sync client and the tasks
of an async one:

- `RateLimiter.reserve` books the next free slot, first come, first served, and returns the
  wait until it;
- `RateLimiter.confirm`, when the wait is over, records the send, or returns how much longer
  to wait if the previous send went out late (a thread descheduled, an event loop busy): the
  gap between two sends never shrinks below the interval.

``_exchange.exchange`` turns these into ``Sleep`` actions before every ``Send``, so each
request that goes out, retries and redirects included, takes a slot; the shells only sleep.

Written by hand rather than taken from a library (aiolimiter, pyrate-limiter): the decisions
had to be pure functions of the time, usable by both shells; those libraries sleep for you,
and each for one kind of concurrency only.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable

__all__ = ["RateLimiter", "check_rate_limit"]


def check_rate_limit(value: object) -> float | None:
    """``value`` as requests per second, or None (no limit).

    Raises:
        ValueError: not None and not a finite number greater than 0 (``True`` is not a number
            here).
    """
    if value is None:
        return None
    if (
        isinstance(value, bool)
        or not isinstance(value, (int, float))
        or not math.isfinite(value)
        or value <= 0
    ):
        raise ValueError(
            "rate_limit must be a finite number of requests per second greater than 0, "
            f"or None for no limit, not {value!r}"
        )
    return float(value)


class RateLimiter:
    """At most ``rate`` requests per second: consecutive sends ``1 / rate`` seconds apart or
    more.

    There is no burst: after a pause the next request goes at once, the one after it waits a
    full interval.

    Args:
        rate: requests per second (checked by `check_rate_limit`).
        clock: the time in seconds, monotonic (`now` reads it).
    """

    def __init__(self, rate: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.rate = rate
        self.interval = 1.0 / rate
        self.now = clock
        self._next = -math.inf  # the first free slot
        self._last = -math.inf  # when the last send went out
        self._lock = threading.Lock()

    def reserve(self, now: float) -> float:
        """Book the first free slot at or after ``now``; return the seconds to wait for it.
        Then call `confirm`."""
        with self._lock:
            slot = max(now, self._next)
            self._next = slot + self.interval
        return slot - now

    def confirm(self, now: float) -> float:
        """Record a send at ``now`` and return 0, if the last one went out an interval ago or
        more; otherwise record nothing and return the seconds left (wait, then ask again)."""
        with self._lock:
            ready = self._last + self.interval
            if now < ready:
                return ready - now
            self._last = now
            self._next = max(self._next, now + self.interval)  # a late send delays the next
        return 0.0

    def __repr__(self) -> str:
        return f"RateLimiter(rate={self.rate!r})"
