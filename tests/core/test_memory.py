"""A walk holds one page at a time: a page and its response are freed by reference counting
as soon as the walk moves on (no reference cycle waits for the garbage collector)."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from attempts_sdk.testpress import AsyncTestpressClient, TestpressClient
from conftest import Harness

BASE = "https://demo.testpress.in"


def drf(request: httpx.Request) -> httpx.Response:
    page = int(request.url.params.get("page", "1"))
    link = f"{BASE}/api/v2.2/attempts/?page={page + 1}" if page < 20 else None
    results = [{"id": page * 100 + n, "score": "1.00"} for n in range(50)]
    return httpx.Response(200, json={"count": 1000, "next": link, "results": results})


@pytest.fixture
def no_gc() -> Iterator[None]:
    was = gc.isenabled()
    gc.collect()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


@pytest.mark.usefixtures("no_gc")
def test_pages_and_responses_are_freed_without_the_garbage_collector(harness: Harness) -> None:
    client = harness.client(
        TestpressClient,
        AsyncTestpressClient,
        base_url=BASE,
        token="t",
        transport=httpx.MockTransport(drf),
    )
    alive: list[weakref.ref[Any]] = []
    seen = 0

    def visit(page: Any) -> None:
        nonlocal seen
        assert isinstance(page.response.stream, httpx.ByteStream)
        alive.append(weakref.ref(page.response))
        seen += len(page)
        # every earlier page's response is gone already, the GC being off
        assert sum(ref() is not None for ref in alive) <= 2

    if harness.is_async:

        async def walk() -> None:
            async for page in client.list_attempts().pages():
                visit(page)
                del page

        harness.await_(walk())
    else:
        for page in client.list_attempts().pages():
            visit(page)
            del page
    assert seen == 1000
    assert sum(ref() is not None for ref in alive) == 0
