"""Retry decisions, as pure functions of (attempt number, request, outcome).

Nothing here sleeps or sends: the I/O shells ask ``RetryPolicy.decide`` what to do and do it.
The defaults follow openai-python: 2 retries, backoff ``min(0.5 * 2**n, 8)`` seconds with
jitter, and a server's ``Retry-After`` honoured up to a cap (60 s here); the backoff is the
least a retry waits, whatever ``Retry-After`` says.
"""

from __future__ import annotations

import email.utils
import random
import re
import time
from collections.abc import Callable
from datetime import timezone

import attrs
import httpx

from ._record import Record

__all__ = ["RetryDecision", "RetryPolicy", "parse_retry_after"]

RETRYABLE_STATUSES = frozenset({408, 429, 500, 502, 503, 504})
IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE", "TRACE"})
# Failures that prove the request never reached the server.
_NOT_SENT_ERRORS = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)


# digits, as RFC 9110 writes delta-seconds (a fraction and a sign tolerated): not whatever
# float() reads, which takes "0_5" for 5, "1e3" and "nan"
_DELTA_SECONDS = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")


def parse_retry_after(value: str | None, *, now: float | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header: delta-seconds or an HTTP date.

    Returns None when the header is missing or unreadable; never a negative number.
    """
    if value is None:
        return None
    value = value.strip()
    if not value:
        return None
    if _DELTA_SECONDS.fullmatch(value):
        seconds = float(value)
        return None if seconds == float("inf") else max(seconds, 0.0)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    current = time.time() if now is None else now
    return max(when.timestamp() - current, 0.0)


class RetryDecision(Record, kw_only=False):
    """What to do after an attempt.

    ``retry`` says whether to send again; ``wait`` is how long to sleep first. When the server
    asked for a wait longer than the policy allows, ``retry`` is False and ``retry_after`` holds
    that demand so the raised error can carry it.
    """

    retry: bool
    wait: float = 0.0
    retry_after: float | None = None


@attrs.frozen(kw_only=True)
class RetryPolicy:
    """When and how long to retry.

    Args:
        max_retries: retries after the first attempt (0 turns retries off).
        initial_delay: the first backoff, doubled on each retry.
        max_delay: the backoff never exceeds this.
        max_retry_after: the longest server-requested wait the client will sleep through;
            a longer one raises at once.
        jitter: returns a number in [0, 1); the backoff is shortened by up to 25% of it.
    """

    max_retries: int = 2
    initial_delay: float = 0.5
    max_delay: float = 8.0
    max_retry_after: float = 60.0
    jitter: Callable[[], float] = attrs.field(default=random.random, repr=False)

    def __attrs_post_init__(self) -> None:
        if self.max_retries < 0:
            raise ValueError(f"max_retries must be >= 0, not {self.max_retries}")

    def backoff(self, retry_number: int) -> float:
        """The wait before retry ``retry_number`` (0-based), with jitter."""
        delay = min(self.initial_delay * 2.0**retry_number, self.max_delay)
        return delay * (1.0 - 0.25 * self.jitter())

    def decide(
        self,
        attempt: int,
        request: httpx.Request,
        *,
        response: httpx.Response | None = None,
        error: httpx.RequestError | None = None,
        retry_after: float | None = None,
    ) -> RetryDecision:
        """Decide whether attempt number ``attempt`` (0-based) should be followed by another.

        Exactly one of ``response`` / ``error`` is given. ``retry_after`` is the wait the server
        asked for (from ``Retry-After`` or the provider's body), if any.
        """
        if response is not None:
            if response.status_code not in RETRYABLE_STATUSES:
                return RetryDecision(False)
            if retry_after is not None and retry_after > self.max_retry_after:
                return RetryDecision(False, retry_after=retry_after)
            # A non-idempotent request that reached the server is never sent twice.
            if request.method not in IDEMPOTENT_METHODS:
                return RetryDecision(False, retry_after=retry_after)
        elif error is not None:
            if not isinstance(error, httpx.TransportError):
                return RetryDecision(False)  # e.g. too many redirects: sending again won't help
            reached_server = not isinstance(error, _NOT_SENT_ERRORS)
            if reached_server and request.method not in IDEMPOTENT_METHODS:
                return RetryDecision(False)
        if attempt >= self.max_retries:
            return RetryDecision(False, retry_after=retry_after)
        # the backoff is a floor: a server answering "Retry-After: 0" (or a date in the past)
        # to every request would otherwise be hammered with no pause at all
        wait = self.backoff(attempt)
        if retry_after is not None and retry_after > wait:
            wait = retry_after
        return RetryDecision(True, wait=wait, retry_after=retry_after)
