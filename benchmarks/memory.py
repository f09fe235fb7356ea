"""Memory: iterating a long list through the paginator holds O(one page), not O(the list).

A mock transport generates each page of 100 attempts when it is asked for (distinct ids and
timestamps, as in a real export: a cache that grows with the list shows here). Items are counted and
dropped as they come. The figure is the tracemalloc peak of the walk over ``large`` items,
against the peak over ``small`` items, both above what was allocated before the walk; the
client is built, and the SDK warmed up (structure functions, lazy imports), before tracing.
"""

from __future__ import annotations

import gc
import time
import tracemalloc

import httpx

from attempts_sdk.testpress import TestpressClient

from . import _data
from ._report import Detail, Result, at_most

__all__ = ["run"]

PER_PAGE = 100


def _client(total: int) -> TestpressClient:
    pages = _data.RecycledPages(total, per_page=PER_PAGE)

    def answer(request: httpx.Request) -> httpx.Response:
        body = pages.page(int(request.url.params.get("page", "1")))
        return httpx.Response(200, content=body, headers={"Content-Type": "application/json"})

    return TestpressClient(
        base_url=_data.BASE_URL, token="bench-token", transport=httpx.MockTransport(answer)
    )


def _walk(total: int) -> tuple[int, float]:
    """The bytes of the tracemalloc peak while walking ``total`` items, and the seconds."""
    with _client(total) as client:
        paginator = client.list_attempts()
        gc.collect()
        tracemalloc.reset_peak()
        before = tracemalloc.get_traced_memory()[0]
        start = time.perf_counter()
        count = sum(1 for _ in paginator)
        elapsed = time.perf_counter() - start
        peak = tracemalloc.get_traced_memory()[1] - before
    if count != total:
        raise AssertionError(f"the paginator yielded {count} items, not {total}")
    return peak, elapsed


def run(*, small: int, large: int) -> list[Result]:
    """Walk ``small`` then ``large`` items under tracemalloc."""
    _walk(2 * PER_PAGE)  # warm up outside the trace
    tracemalloc.start()
    try:
        small_peak, small_seconds = _walk(small)
        large_peak, large_seconds = _walk(large)
    finally:
        tracemalloc.stop()
    details: Detail = {
        "per_page": PER_PAGE,
        "small_items": small,
        "large_items": large,
        "small_peak_bytes": small_peak,
        "large_peak_bytes": large_peak,
        "small_seconds_traced": round(small_seconds, 3),
        "large_seconds_traced": round(large_seconds, 3),
    }
    return [
        Result(
            "memory.small", f"memory: tracemalloc peak, {small:,} items", small_peak / 1024, "KiB"
        ),
        Result(
            "memory.large", f"memory: tracemalloc peak, {large:,} items", large_peak / 1024, "KiB"
        ),
        at_most(
            "memory.ratio",
            f"memory: peak {large:,} / peak {small:,} items",
            large_peak / small_peak,
            "x",
            2.0,
            details,
        ),
    ]
