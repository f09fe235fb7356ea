"""One thread that cuts a sync socket read blocked past its call's deadline.

A sync read waits on the socket for up to the read timeout, and httpx fixes that timeout once
for a whole body: a server that drips a byte just inside it at every read would hold the call
past its deadline. The async shell cancels the read at the deadline instead; a thread blocked
in ``recv`` can only be woken from outside, by shutting the socket down, which this does.

One daemon thread serves every sync client, started on first use; arming costs a heap push.
"""

from __future__ import annotations

import contextlib
import heapq
import itertools
import socket
import threading
import time
from collections.abc import Callable

__all__ = ["Watch", "cut_after", "socket_of"]


class Watch:
    """An armed cut: ``cancel()`` it once the read is over."""

    __slots__ = ("action", "cancelled", "fired")

    def __init__(self, action: Callable[[], None]) -> None:
        self.action = action
        self.cancelled = False
        self.fired = False

    def cancel(self) -> bool:
        """Disarm it; returns whether it had fired already (then the read was cut)."""
        with _lock:
            self.cancelled = True
            return self.fired


_lock = threading.Condition()
_queue: list[tuple[float, int, Watch]] = []
_order = itertools.count()
_thread: threading.Thread | None = None
_PRUNE_AT = 1024


def cut_after(seconds: float, action: Callable[[], None]) -> Watch:
    """Run ``action`` in ``seconds``, unless cancelled first."""
    global _thread
    when = time.monotonic() + seconds
    watch = Watch(action)
    with _lock:
        if len(_queue) >= _PRUNE_AT:  # cancelled watches far in the future pile up otherwise
            _queue[:] = [entry for entry in _queue if not entry[2].cancelled]
            heapq.heapify(_queue)
        heapq.heappush(_queue, (when, next(_order), watch))
        if _thread is None or not _thread.is_alive():
            _thread = threading.Thread(target=_run, name="attempts-sdk-deadlines", daemon=True)
            _thread.start()
        if _queue[0][2] is watch:  # the thread waits for a later cut: it must wait less
            _lock.notify()
    return watch


def _run() -> None:
    while True:
        with _lock:
            while _queue and _queue[0][2].cancelled:
                heapq.heappop(_queue)
            if not _queue:
                _lock.wait()
                continue
            when, _, watch = _queue[0]
            delay = when - time.monotonic()
            if delay > 0:
                _lock.wait(delay)
                continue
            heapq.heappop(_queue)
            watch.fired = True  # under the lock: a cancel either came first or sees it
        with contextlib.suppress(OSError):  # the socket closed on its own meanwhile
            watch.action()


def socket_of(extensions: dict[str, object]) -> Callable[[], None] | None:
    """The action that wakes a read blocked on the response's socket, or None when the
    transport has no socket (an in-memory transport, a mock)."""
    stream = extensions.get("network_stream")
    get_extra_info = getattr(stream, "get_extra_info", None)
    sock = get_extra_info("socket") if get_extra_info is not None else None
    if not isinstance(sock, socket.socket):
        return None

    def shut() -> None:
        # the plain socket's shutdown, also for TLS: an SSLSocket's would drop its TLS state
        # under the reading thread
        socket.socket.shutdown(sock, socket.SHUT_RDWR)

    return shut
