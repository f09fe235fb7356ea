"""The two drivers of a walk: `Paginator` and `AsyncPaginator` send, sleep (through the
shell) and loop; every decision is the walk's (`walk.py`) or the strategy's."""

from __future__ import annotations

import contextlib
from collections.abc import (
    AsyncGenerator,
    AsyncIterator,
    Awaitable,
    Callable,
    Generator,
    Iterable,
    Iterator,
)
from typing import Generic, TypeVar

import httpx

from .concurrency import SyncSend, _in_order, _in_order_async, _on_asyncio, _workers
from .page import Page
from .walk import Walk, _FlatMapWalk

__all__ = ["AsyncPaginator", "Paginator"]

T = TypeVar("T")
U = TypeVar("U")


class Paginator(Generic[T]):
    """A lazy iterator over every item of every page; one page in memory at a time.

    ``for item in paginator`` yields items; ``paginator.pages()`` yields `Page` objects;
    ``paginator.first_page()`` fetches only the first page. Each iteration starts afresh.
    """

    def __init__(self, start: Callable[[], Walk[T]], send: SyncSend) -> None:
        self._start = start
        self._send = send

    def flat_map(self, fn: Callable[[T], Iterable[U]]) -> Paginator[U]:
        """A paginator over ``fn(item)`` for every item, e.g. the attempts embedded in each
        assignment. Fetches the same pages, no more."""
        start = self._start
        return Paginator(lambda: _FlatMapWalk(start(), fn), self._send)

    def pages(self, *, concurrency: int = 1) -> Generator[Page[T], None, None]:
        """Yield the pages in order.

        ``concurrency=N`` (1 to 64; N > 1) fetches up to N pages at a time, on threads, once
        the first page tells how many there are (Testpress ``count`` and ``per_page`` with
        ``?page=N`` links, Indeed ``meta.pages``); other lists go one page at a time. Each
        request keeps the client's retries and rate limit. Off by default. Leaving the loop
        early (``break``, an exception, Ctrl-C) returns at once and starts nothing more:
        requests not started are dropped, those under way end without a retry, their answers
        unused, and the process can exit at once.
        """
        return self._pages(_workers(concurrency))

    def _pages(self, workers: int) -> Generator[Page[T], None, None]:
        walk = self._start()
        while (request := walk.next_request()) is not None:
            page = walk.accept(self._send(request))
            yield page
            if workers > 1 and page.has_next:
                fetched = _in_order(walk.take_plan(), self._send, workers)
                with contextlib.closing(fetched):
                    for request, response in fetched:
                        page = walk.accept(response, request)
                        yield page
                        if not page.has_next:
                            return
                workers = 1

    def first_page(self) -> Page[T]:
        walk = self._start()
        request = walk.next_request()
        assert request is not None  # a walk always has a first request
        return walk.accept(self._send(request))

    def __iter__(self) -> Iterator[T]:
        for page in self.pages():
            yield from page


class AsyncPaginator(Generic[T]):
    """The async twin of `Paginator`: ``async for item in paginator``,
    ``async for page in paginator.pages()``, ``await paginator.first_page()``."""

    def __init__(
        self,
        start: Callable[[], Walk[T]],
        send: Callable[[httpx.Request], Awaitable[httpx.Response]],
    ) -> None:
        self._start = start
        self._send = send

    def flat_map(self, fn: Callable[[T], Iterable[U]]) -> AsyncPaginator[U]:
        """An async paginator over ``fn(item)`` for every item (see `Paginator.flat_map`)."""
        start = self._start
        return AsyncPaginator(lambda: _FlatMapWalk(start(), fn), self._send)

    def pages(self, *, concurrency: int = 1) -> AsyncGenerator[Page[T], None]:
        """Yield the pages in order; ``concurrency=N`` fetches up to N pages at a time, as
        asyncio tasks (see `Paginator.pages`; under another event loop, such as trio, one page
        at a time). Leaving the loop (``break``, an exception, a cancellation) cancels the
        requests under way and starts nothing more once the iterator is closed: at once with
        ``aclose()`` or `contextlib.aclosing`, else when the event loop finalizes it (as soon
        as it is unreferenced, in CPython)."""
        return self._pages(_workers(concurrency))

    async def _pages(self, workers: int) -> AsyncGenerator[Page[T], None]:
        if workers > 1 and not _on_asyncio():
            workers = 1
        walk = self._start()
        while (request := walk.next_request()) is not None:
            page = walk.accept(await self._send(request))
            yield page
            if workers > 1 and page.has_next:
                fetched = _in_order_async(walk.take_plan(), self._send, workers)
                try:
                    async for request, response in fetched:
                        page = walk.accept(response, request)
                        yield page
                        if not page.has_next:
                            return
                finally:
                    await fetched.aclose()
                workers = 1

    async def first_page(self) -> Page[T]:
        walk = self._start()
        request = walk.next_request()
        assert request is not None  # a walk always has a first request
        return walk.accept(await self._send(request))

    async def __aiter__(self) -> AsyncIterator[T]:
        async for page in self.pages():
            for item in page:
                yield item
