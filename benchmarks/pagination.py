"""Pagination under latency: every page of a Testpress list, sequential ``pages()`` against
``pages(concurrency=8)``, with the server's latency injected by the mock transport.

Testpress pages by number with a known total (``count`` and ``per_page``, ``?page=N``), so
the concurrent walk can ask for pages 2..last at once after the first. The transport sleeps
``latency`` seconds per request (``time.sleep`` for the sync client, ``asyncio.sleep`` for the
async one) and answers pages generated beforehand. Testpress has no client-side rate limit,
so nothing else paces the requests. Both walks must yield the same attempts in the same order.
"""

from __future__ import annotations

import asyncio
import gc
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import httpx

from attempts_sdk.testpress import AsyncTestpressClient, TestpressClient

from . import _data
from ._report import Detail, Result, Timings, at_least, interleave, median

__all__ = ["run"]

CONCURRENCY = 8
PER_PAGE = 20  # Testpress's page size
TOKEN = "bench-token"
JSON = {"Content-Type": "application/json"}

Pages = dict[int, bytes]


def _pages(count: int) -> Pages:
    total = count * PER_PAGE
    return {
        page: _data.page_bytes(page, per_page=PER_PAGE, count=total) for page in range(1, count + 1)
    }


def _answer(pages: Pages, request: httpx.Request) -> httpx.Response:
    page = int(request.url.params.get("page", "1"))
    if page not in pages:
        return httpx.Response(404, json={"detail": "Invalid page."})
    return httpx.Response(200, content=pages[page], headers=JSON)


@dataclass
class Outcome:
    """The seconds of each walk's rounds, and the attempt ids each yielded and the requests
    it sent (from an untimed first walk)."""

    timings: Timings
    seen: dict[str, list[int]]
    requests: dict[str, int]


def _sync(pages: Pages, latency: float, rounds: int) -> Outcome:
    sent: list[int] = []

    def answer(request: httpx.Request) -> httpx.Response:
        sent.append(1)
        time.sleep(latency)
        return _answer(pages, request)

    with TestpressClient(
        base_url=_data.BASE_URL, token=TOKEN, transport=httpx.MockTransport(answer)
    ) as client:

        def sequential() -> list[int]:
            return [item.id for page in client.list_attempts().pages() for item in page]

        def concurrent() -> list[int]:
            walk = client.list_attempts().pages(concurrency=CONCURRENCY)
            return [item.id for page in walk for item in page]

        walks = {"sequential": sequential, "concurrent": concurrent}
        seen: dict[str, list[int]] = {}
        requests: dict[str, int] = {}
        for name, walk in walks.items():
            sent.clear()
            seen[name] = walk()
            requests[name] = len(sent)
        timings = interleave(walks, rounds, warmup=0)
    return Outcome(timings, seen, requests)


async def _async(pages: Pages, latency: float, rounds: int) -> Outcome:
    sent: list[int] = []

    async def answer(request: httpx.Request) -> httpx.Response:
        sent.append(1)
        await asyncio.sleep(latency)
        return _answer(pages, request)

    async with AsyncTestpressClient(
        base_url=_data.BASE_URL, token=TOKEN, transport=httpx.MockTransport(answer)
    ) as client:

        async def sequential() -> list[int]:
            return [item.id async for page in client.list_attempts().pages() for item in page]

        async def concurrent() -> list[int]:
            walk = client.list_attempts().pages(concurrency=CONCURRENCY)
            return [item.id async for page in walk for item in page]

        walks: dict[str, Callable[[], Awaitable[list[int]]]] = {
            "sequential": sequential,
            "concurrent": concurrent,
        }
        seen: dict[str, list[int]] = {}
        requests: dict[str, int] = {}
        for name, walk in walks.items():
            sent.clear()
            seen[name] = await walk()
            requests[name] = len(sent)
        timings: Timings = {name: [] for name in walks}
        for _ in range(rounds):  # interleaved, as `interleave` does for the sync walks
            for name, walk in walks.items():
                gc.collect()
                start = time.perf_counter()
                await walk()
                timings[name].append(time.perf_counter() - start)
    return Outcome(timings, seen, requests)


def _rows(driver: str, outcome: Outcome, pages: int, latency: float) -> list[Result]:
    expected = [_data.BASE_ID - index for index in range(pages * PER_PAGE)]
    for name, ids in outcome.seen.items():
        if ids != expected:
            raise AssertionError(f"{driver} {name} walk: wrong attempts or order")
    sequential = median(outcome.timings["sequential"])
    concurrent = median(outcome.timings["concurrent"])
    label = f"pagination {driver}, {pages} pages at {latency * 1000:g} ms"
    details: Detail = {
        "pages": pages,
        "per_page": PER_PAGE,
        "latency_s": latency,
        "concurrency": CONCURRENCY,
        "rounds": len(outcome.timings["sequential"]),
        "requests_sequential": outcome.requests["sequential"],
        "requests_concurrent": outcome.requests["concurrent"],
        "ideal_speedup": pages / (1 + -(-(pages - 1) // CONCURRENCY)),
    }
    return [
        Result(f"pagination.{driver}.sequential", f"{label}: sequential", sequential, "s"),
        Result(
            f"pagination.{driver}.concurrent",
            f"{label}: concurrency={CONCURRENCY}",
            concurrent,
            "s",
        ),
        at_least(
            f"pagination.{driver}.speedup",
            f"{label}: speed-up",
            sequential / concurrent,
            "x",
            5.0,
            details,
        ),
    ]


def run(*, pages: int, latency: float, rounds: int) -> list[Result]:
    """Both drivers, ``rounds`` interleaved rounds each."""
    bodies = _pages(pages)
    return [
        *_rows("sync", _sync(bodies, latency, rounds), pages, latency),
        *_rows("async", asyncio.run(_async(bodies, latency, rounds)), pages, latency),
    ]
