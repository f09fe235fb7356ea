"""What a server can make a call cost: the response-size limit and the call's deadline.

`BodyReader` is the decision half of reading a body: the shells pull raw chunks off the socket
and hand each to `BodyReader.feed`, which decodes it (every ``Content-Encoding``, stacked ones
too), counts the decoded bytes against ``max_response_size`` and watches the deadline; it says
when to stop reading. It decodes by hand, with zlib, instead of letting httpx do it, because
httpx inflates a whole network chunk at once: 64 KiB of gzip inside gzip becomes gigabytes
before anything can count them. Here no step of any decoder yields more than `STEP` bytes.

`Deadline` is the clock of one call: the time left, and the timeouts of the next send cut to
fit in it.
"""

from __future__ import annotations

import time
import zlib
from collections.abc import Callable

import httpx

from ._record import Record

__all__ = [
    "ACCEPT_ENCODING",
    "check_deadline",
    "check_max_response_size",
    "DEFAULT_DEADLINE",
    "DEFAULT_MAX_RESPONSE_SIZE",
    "STEP",
    "BodyReader",
    "Deadline",
    "size_text",
]

DEFAULT_MAX_RESPONSE_SIZE = 64 * 1024 * 1024
"""64 MiB: the largest page any provider documents is a few MiB."""
DEFAULT_DEADLINE = 120.0
"""Seconds one call may take in all: attempts, backoff waits and body reads."""
STEP = 64 * 1024
"""The most bytes one decoding step yields."""
MAX_ENCODINGS = 4
"""Stacked content-encodings beyond this are refused (no server needs more than two)."""

ACCEPT_ENCODING = "gzip, deflate"
"""What the SDK asks for: the encodings `BodyReader` decodes with bounded steps."""


def check_max_response_size(value: object) -> int | None:
    """``max_response_size=`` checked: a whole number of bytes > 0, or None (no limit)."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise ValueError(f"max_response_size must be an int > 0 or None, not {value!r}")
    return value


def check_deadline(value: object) -> float | None:
    """``deadline=`` checked: a finite number of seconds > 0, or None (no deadline)."""
    if value is None:
        return None
    if (
        isinstance(value, bool)
        or not isinstance(value, (int, float))
        or not 0 < value < float("inf")
    ):
        raise ValueError(f"deadline must be a number of seconds > 0 or None, not {value!r}")
    return float(value)


def size_text(size: int) -> str:
    """A byte count for a message: ``64 MiB``, ``1.5 KiB``, ``900 bytes``."""
    for unit, scale in (("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)):
        if size >= scale:
            return f"{size / scale:.4g} {unit}"
    return f"{size} bytes"


class _Inflater:
    """One zlib stream (gzip or deflate), inflated at most `STEP` bytes per step."""

    def __init__(self, encoding: str) -> None:
        self._deflate = encoding == "deflate"
        self._started = False
        wbits = zlib.MAX_WBITS if self._deflate else zlib.MAX_WBITS | 16
        self._zlib = zlib.decompressobj(wbits)

    def inflate(self, data: bytes) -> bytes:
        """At most `STEP` bytes of output; the input not consumed yet is in `tail`."""
        try:
            out = self._zlib.decompress(data, STEP)
        except zlib.error:
            if not (self._deflate and not self._started):
                raise
            # "deflate" is often sent raw, without the zlib header it names (as httpx allows)
            self._zlib = zlib.decompressobj(-zlib.MAX_WBITS)
            out = self._zlib.decompress(data, STEP)
        self._started = True
        return out

    @property
    def tail(self) -> bytes:
        return self._zlib.unconsumed_tail

    @property
    def ended(self) -> bool:
        return self._zlib.eof


class BodyReader:
    """Decodes and counts one response body as its raw chunks arrive; decides when to stop.

    Args:
        limit: the most decoded bytes to accept (None: no limit).
        ends: the ``now()`` time at which the call's deadline passes (None: no deadline).
        now: the clock ``ends`` is on.

    After the shell stops (``feed`` returned False, or the body ended and ``finish`` ran),
    ``too_large`` or ``late`` says why it stopped early, and ``content()`` is the body.
    """

    def __init__(
        self,
        limit: int | None,
        ends: float | None = None,
        now: Callable[[], float] = time.monotonic,
    ) -> None:
        self.limit = limit
        self.ends = ends
        self.too_large = False
        self.late = False
        self.received = 0
        self._now = now
        self._chunks: list[bytes] = []
        self._stages: list[_Inflater] = []

    def open(self, response: httpx.Response) -> bool:
        """Set up the decoders the response's headers name. False: do not read the body at
        all (its ``Content-Length`` alone is over the limit).

        Raises:
            httpx.DecodingError: an encoding the SDK did not ask for, or too many of them.
        """
        names = [
            value.strip().lower()
            for value in response.headers.get_list("content-encoding", split_commas=True)
        ]
        names = [name for name in names if name not in ("", "identity")]
        if len(names) > MAX_ENCODINGS:
            raise httpx.DecodingError(
                f"{len(names)} stacked content-encodings refused", request=response.request
            )
        for name in reversed(names):  # the last encoding applied is undone first
            if name not in ("gzip", "x-gzip", "deflate"):
                raise httpx.DecodingError(
                    f"content-encoding {name!r} was not asked for", request=response.request
                )
            self._stages.append(_Inflater("deflate" if name == "deflate" else "gzip"))
        declared = response.headers.get("content-length", "")
        if (
            not names
            and declared.isdigit()
            and self.limit is not None
            and int(declared) > self.limit
        ):
            self.too_large = True
            return False
        return True

    def left(self) -> float | None:
        """Seconds until the deadline (None without one): when the shell must cut the read."""
        return None if self.ends is None else max(self.ends - self._now(), 0.0)

    def whole(self, content: bytes) -> None:
        """Take a body an in-memory transport read and decoded already: only counted."""
        self._keep(content)

    def feed(self, raw: bytes) -> bool:
        """Take the next raw chunk. False: stop reading (over the limit, or past the deadline).

        Raises:
            httpx.DecodingError: the body is not valid for its encoding.
        """
        try:
            kept = self._pump(raw, 0)
        except zlib.error as exc:
            raise httpx.DecodingError(f"the body is not valid for its encoding: {exc}") from None
        if kept and self.ends is not None and self._now() >= self.ends:
            self.late = True
            return False
        return kept

    def finish(self) -> bool:
        """The body ended: flush every decoder. False: over the limit."""
        try:
            for index, stage in enumerate(self._stages):
                while True:  # output zlib still holds, a step at a time
                    out = stage.inflate(b"")
                    if not out:
                        break
                    if not self._pump(out, index + 1):
                        return False
        except zlib.error as exc:
            raise httpx.DecodingError(f"the body is not valid for its encoding: {exc}") from None
        return True

    def content(self) -> bytes:
        """The decoded body (what was read of it, when reading stopped early)."""
        # one chunk (a small body, or one an in-memory transport read) is not copied
        return self._chunks[0] if len(self._chunks) == 1 else b"".join(self._chunks)

    def _pump(self, data: bytes, index: int) -> bool:
        """Push ``data`` through the decoders from ``index`` on; False once over the limit."""
        if index == len(self._stages):
            return self._keep(data)
        stage = self._stages[index]
        while data and not stage.ended:
            out = stage.inflate(data)
            data = stage.tail
            if out and not self._pump(out, index + 1):
                return False
            while len(out) == STEP and not data:  # zlib may hold more output for this input
                out = stage.inflate(b"")
                if out and not self._pump(out, index + 1):
                    return False
        return True

    def _keep(self, data: bytes) -> bool:
        self.received += len(data)
        if self.limit is not None and self.received > self.limit:
            self.too_large = True
            return False
        if data:
            self._chunks.append(data)
        return True


class Deadline(Record, kw_only=False):
    """The clock of one call: its ``deadline`` in ``seconds``, which ``ends`` at that time of
    the call's clock (both None without a deadline)."""

    seconds: float | None
    ends: float | None

    @classmethod
    def starting(cls, seconds: float | None, now: float) -> Deadline:
        """The deadline of a call that starts ``now``."""
        return cls(seconds, None if seconds is None else now + seconds)

    def left(self, now: float) -> float:
        """Seconds left (infinite without a deadline; 0 or less once it passed)."""
        return float("inf") if self.ends is None else self.ends - now

    def timeouts(self, timeout: httpx.Timeout, now: float) -> dict[str, float | None]:
        """The request's timeouts, each cut to the time left, for httpx's ``timeout``
        request extension."""
        left = self.left(now)
        parts = timeout.as_dict()
        if left == float("inf"):
            return parts
        return {name: left if value is None else min(value, left) for name, value in parts.items()}
