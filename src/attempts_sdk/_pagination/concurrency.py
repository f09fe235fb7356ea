"""Fetching the planned pages of a walk concurrently, answers handed out in order: the window
both drivers share (`_Window`), threads for the sync driver, asyncio tasks for the async one.

Leaving a walk (a ``break``, an exception, Ctrl-C, a cancellation) starts nothing more: the
window closes, the requests not started are dropped, and those under way are told so (the
async ones are cancelled; the sync ones see their ``abandoned`` event and neither retry nor
wait). The sync walk's threads are daemon threads of its own (`_Threads`), not a
``ThreadPoolExecutor``'s, which the interpreter waits for at exit: after Ctrl-C the process
exits at once, not when the requests under way time out.
"""

from __future__ import annotations

import queue
import threading
from collections import deque
from collections.abc import AsyncGenerator, Awaitable, Callable, Generator, Iterator
from concurrent.futures import Future
from typing import Any, Generic, Protocol, TypeVar

import httpx

__all__ = ["MAX_CONCURRENCY", "SyncSend"]


class SyncSend(Protocol):
    """The sync shell's send: answer a request; once ``abandoned`` is set, stop (no retry, no
    wait) by raising."""

    def __call__(
        self, request: httpx.Request, /, abandoned: threading.Event | None = None
    ) -> httpx.Response: ...


MAX_CONCURRENCY = 64


def _workers(concurrency: int) -> int:
    if isinstance(concurrency, bool) or not isinstance(concurrency, int):
        raise TypeError(f"concurrency must be an int, not {type(concurrency).__name__}")
    if not 1 <= concurrency <= MAX_CONCURRENCY:
        raise ValueError(f"concurrency must be between 1 and {MAX_CONCURRENCY}, not {concurrency}")
    return concurrency


class _Handle(Protocol):
    """A started request: a `concurrent.futures.Future` or an `asyncio` task."""

    def add_done_callback(self, fn: Callable[[Any], object], /) -> None: ...

    def cancel(self) -> bool: ...


H = TypeVar("H", bound=_Handle)


class _Window(Generic[H]):
    """Which page requests of a concurrent walk may start, in order: at most ``workers`` in
    flight, and at most ``workers`` answered but not yet yielded, so memory stays bounded
    however slowly the pages are consumed. A new request starts as soon as one is answered,
    without waiting for the consumer. Shared by both drivers; thread-safe (the sync driver's
    answers arrive on its worker threads).
    """

    def __init__(
        self, requests: Iterator[httpx.Request], workers: int, start: Callable[[httpx.Request], H]
    ) -> None:
        self._requests = requests
        self._workers = workers
        self._start = start
        self._in_flight = 0
        self._answered = 0
        self._closed = False
        self.pending: deque[tuple[httpx.Request, H]] = deque()  # in request order
        self._lock = threading.RLock()

    def fill(self) -> None:
        """Start what may start now."""
        with self._lock:
            while (
                not self._closed
                and self._in_flight < self._workers
                and self._in_flight + self._answered < 2 * self._workers
            ):
                request = next(self._requests, None)
                if request is None:
                    return
                self._in_flight += 1
                handle = self._start(request)
                self.pending.append((request, handle))
                # after the append: an answer already in may start the next request at once
                handle.add_done_callback(self._on_answer)

    def _on_answer(self, _handle: object) -> None:
        with self._lock:
            self._in_flight -= 1
            self._answered += 1
        self.fill()

    def taken(self) -> httpx.Request:
        """Hand the oldest request (answered) to the consumer."""
        with self._lock:
            self._answered -= 1
            request, _ = self.pending.popleft()
        self.fill()
        return request

    def close(self) -> list[H]:
        """Start nothing more; the requests not yet handed out, to cancel."""
        with self._lock:
            self._closed = True
            return [handle for _, handle in self.pending]


class _Threads:
    """Daemon worker threads for one walk's requests (see the module docstring)."""

    def __init__(self, workers: int) -> None:
        self._jobs: queue.SimpleQueue[tuple[Future[httpx.Response], Callable[[], Any]] | None]
        self._jobs = queue.SimpleQueue()
        self._workers = workers
        for number in range(workers):
            name = f"attempts-sdk-pages-{number}"
            threading.Thread(target=self._work, name=name, daemon=True).start()

    def submit(self, job: Callable[[], httpx.Response]) -> Future[httpx.Response]:
        future: Future[httpx.Response] = Future()
        self._jobs.put((future, job))
        return future

    def shutdown(self) -> None:
        """Let the threads end once their job is done; jobs not started are skipped."""
        for _ in range(self._workers):
            self._jobs.put(None)

    def _work(self) -> None:
        while (item := self._jobs.get()) is not None:
            future, job = item
            if not future.set_running_or_notify_cancel():
                continue
            try:
                future.set_result(job())
            except BaseException as exc:  # delivered to whoever waits on the future
                future.set_exception(exc)


def _in_order(
    requests: Iterator[httpx.Request],
    send: SyncSend,
    workers: int,
) -> Generator[tuple[httpx.Request, httpx.Response], None, None]:
    """Send ``requests`` on up to ``workers`` threads; yield (request, response) in request
    order. A failure is raised at its turn, and the requests not yet started are then
    dropped."""
    abandoned = threading.Event()
    threads = _Threads(workers)
    window = _Window(
        requests,
        workers,
        lambda request: threads.submit(lambda: send(request, abandoned)),
    )
    try:
        window.fill()
        while window.pending:
            response = window.pending[0][1].result()
            yield window.taken(), response
    finally:
        # not waiting: a walk left early returns at once; requests under way end on their
        # threads without a retry or a wait, their answers unused, and nothing new starts
        abandoned.set()
        for future in window.close():
            future.cancel()
        threads.shutdown()


def _on_asyncio() -> bool:
    """Whether the running event loop is asyncio's (the async driver's tasks need it)."""
    import asyncio

    try:
        asyncio.get_running_loop()
    except RuntimeError:  # another loop (trio, through anyio)
        return False
    return True


async def _in_order_async(
    requests: Iterator[httpx.Request],
    send: Callable[[httpx.Request], Awaitable[httpx.Response]],
    workers: int,
) -> AsyncGenerator[tuple[httpx.Request, httpx.Response], None]:
    """The async twin of `_in_order`, with asyncio tasks."""
    import asyncio  # here: importing asyncio costs more than the rest of this module

    loop = asyncio.get_running_loop()
    window = _Window(
        requests, workers, lambda request: asyncio.ensure_future(send(request), loop=loop)
    )
    try:
        window.fill()
        while window.pending:
            response = await window.pending[0][1]
            request = window.taken()
            # awaiting a task that is done does not yield to the loop: let the requests just
            # started begin now, not after the consumer has worked through every page in
            await asyncio.sleep(0)
            yield request, response
    finally:
        tasks = window.close()
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
