"""``paginator.pages(concurrency=N)``: later pages fetched N at a time once the first page tells
how many there are, yielded in order, with the client's retries; sequential otherwise.

A DRF-style server (Testpress: ``count``, ``per_page``, ``next`` = ``?page=N``) and an
Indeed-style one (``meta.pages``) answer from threads (sync) or tasks (async) and record how
many requests were in flight at once.
"""

from __future__ import annotations

import asyncio
import itertools
import threading
import time
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from attempts_sdk import APIStatusError, AsyncPaginator, Page
from attempts_sdk._json import JSONValue
from attempts_sdk._pagination import NextUrl, PageData, PageNumber
from attempts_sdk.testing import FakeIndeed, FakeTestpress
from attempts_sdk.testpress import AsyncTestpressClient, TestpressClient
from conftest import Harness
from support.acme import AcmeClient, AsyncAcmeClient

BASE = "https://demo.testpress.in"
LIST_PATH = "/api/v2.2/attempts/"


def attempt(number: int) -> dict[str, Any]:
    return {"id": number, "score": f"{number}.50", "state": "Completed"}


class DRFServer:
    """``count`` records, ``per_page`` a page, ``?page=N``; holds each answer ``delay`` s."""

    def __init__(self, count: int, per_page: int, *, delay: float = 0.0) -> None:
        self.count = count
        self.per_page = per_page
        self.delay = delay
        self.pages: list[int] = []
        self.in_flight = 0
        self.most_in_flight = 0
        self.fail: dict[int, list[int]] = {}  # page -> statuses to answer first, in turn
        self._lock = threading.Lock()

    def body(self, page: int) -> tuple[int, dict[str, Any]]:
        last = max(1, -(-self.count // self.per_page))
        if page > last:
            return 404, {"detail": "Invalid page."}
        start = (page - 1) * self.per_page
        link = f"{BASE}{LIST_PATH}?page={page + 1}" if page < last else None
        results = [attempt(n) for n in range(start, min(start + self.per_page, self.count))]
        return 200, {
            "count": self.count,
            "next": link,
            "previous": None,
            "per_page": self.per_page,
            "results": results,
        }

    def _enter(self, request: httpx.Request) -> int:
        page = int(request.url.params.get("page", "1"))
        with self._lock:
            self.pages.append(page)
            self.in_flight += 1
            self.most_in_flight = max(self.most_in_flight, self.in_flight)
        return page

    def _leave(self, page: int) -> httpx.Response:
        with self._lock:
            self.in_flight -= 1
            statuses = self.fail.get(page)
            status = statuses.pop(0) if statuses else None
        if status is not None:
            return httpx.Response(status, json={"detail": "try again"})
        status, body = self.body(page)
        return httpx.Response(status, json=body)

    def sync_handler(self, request: httpx.Request) -> httpx.Response:
        page = self._enter(request)
        time.sleep(self.delay)
        return self._leave(page)

    async def async_handler(self, request: httpx.Request) -> httpx.Response:
        page = self._enter(request)
        try:
            await asyncio.sleep(self.delay)
        except asyncio.CancelledError:  # the client gave up on it (a walk left early)
            with self._lock:
                self.in_flight -= 1
            raise
        return self._leave(page)

    def client(self, harness: Harness) -> Any:
        handler: Callable[..., Any] = self.async_handler if harness.is_async else self.sync_handler
        return harness.client(
            TestpressClient,
            AsyncTestpressClient,
            base_url=BASE,
            token="t0ken",
            transport=httpx.MockTransport(handler),
            max_retries=2,
        )


def all_pages(harness: Harness, paginator: Any, concurrency: int) -> list[Page[Any]]:
    if isinstance(paginator, AsyncPaginator):

        async def collect() -> list[Page[Any]]:
            return [page async for page in paginator.pages(concurrency=concurrency)]

        return harness.await_(collect())  # type: ignore[no-any-return]
    return list(paginator.pages(concurrency=concurrency))


def ids(pages: list[Page[Any]]) -> list[int]:
    return [item.id for page in pages for item in page]


@pytest.mark.parametrize("concurrency", [2, 4, 8])
def test_items_come_in_order_and_every_page_is_asked_once(
    harness: Harness, concurrency: int
) -> None:
    server = DRFServer(count=95, per_page=10, delay=0.01)
    pages = all_pages(harness, server.client(harness).list_attempts(), concurrency)
    assert ids(pages) == list(range(95))
    assert [len(page) for page in pages] == [10] * 9 + [5]
    assert [page.has_next for page in pages] == [True] * 9 + [False]
    assert all(page.total == 95 for page in pages)
    assert sorted(server.pages) == list(range(1, 11))
    assert server.pages[0] == 1  # the first page alone tells how many there are
    assert 1 < server.most_in_flight <= concurrency


def test_default_is_one_page_at_a_time(harness: Harness) -> None:
    server = DRFServer(count=50, per_page=10, delay=0.005)
    client = server.client(harness)
    assert ids(harness.pages(client.list_attempts())) == list(range(50))
    assert server.pages == [1, 2, 3, 4, 5]
    assert server.most_in_flight == 1


def test_retries_apply_to_each_concurrent_page(harness: Harness) -> None:
    server = DRFServer(count=60, per_page=10)
    server.fail = {3: [503], 5: [503, 502]}
    pages = all_pages(harness, server.client(harness).list_attempts(), 4)
    assert ids(pages) == list(range(60))
    assert server.pages.count(3) == 2
    assert server.pages.count(5) == 3


def test_a_failed_page_raises_at_its_turn_after_the_pages_before_it(harness: Harness) -> None:
    server = DRFServer(count=80, per_page=10)
    server.fail = {4: [500, 500, 500]}  # more failures than the 2 retries
    paginator = server.client(harness).list_attempts()
    seen: list[int] = []

    async def walk_async() -> None:
        async for page in paginator.pages(concurrency=3):
            seen.extend(item.id for item in page)

    def walk_sync() -> None:
        for page in paginator.pages(concurrency=3):
            seen.extend(item.id for item in page)

    walk = (lambda: harness.await_(walk_async())) if harness.is_async else walk_sync
    with pytest.raises(APIStatusError) as caught:
        walk()
    assert caught.value.status_code == 500
    assert seen == list(range(30))  # pages 1-3, nothing lost before the failure
    assert server.pages.count(8) <= 1  # no page is asked for twice


def test_stopping_early_leaves_no_work_behind(harness: Harness) -> None:
    server = DRFServer(count=200, per_page=10, delay=0.01)
    paginator = server.client(harness).list_attempts()

    if harness.is_async:

        async def two_pages() -> list[int]:
            got: list[int] = []
            pages = paginator.pages(concurrency=4)
            async for page in pages:
                got.extend(item.id for item in page)
                if len(got) >= 20:
                    break
            await pages.aclose()
            return got

        got = harness.await_(two_pages())
    else:
        got = []
        for page in paginator.pages(concurrency=4):
            got.extend(item.id for item in page)
            if len(got) >= 20:
                break
    assert got == list(range(20))
    asked = len(server.pages)
    time.sleep(0.05)
    # the pages taken, then at most 4 in flight and 4 answered but not taken: not the 20 pages
    assert len(server.pages) == asked <= 2 + 4 + 4
    assert server.in_flight == 0


def test_a_shrinking_list_stops_at_the_page_that_says_it_is_last(harness: Harness) -> None:
    server = DRFServer(count=50, per_page=10)
    original = server.body

    def shrunk(page: int) -> tuple[int, dict[str, Any]]:
        if page == 1:
            return original(page)
        server.count = 25  # records were deleted after the first page was read
        return original(page)

    server.body = shrunk  # type: ignore[method-assign]
    pages = all_pages(harness, server.client(harness).list_attempts(), 4)
    assert ids(pages) == list(range(25))
    assert pages[-1].has_next is False


def test_a_growing_list_goes_on_one_page_at_a_time_after_the_plan(harness: Harness) -> None:
    server = DRFServer(count=30, per_page=10)
    original = server.body

    def grown(page: int) -> tuple[int, dict[str, Any]]:
        if page > 1:
            server.count = 45  # records were added after the first page was read
        return original(page)

    server.body = grown  # type: ignore[method-assign]
    pages = all_pages(harness, server.client(harness).list_attempts(), 4)
    assert ids(pages) == list(range(45))
    assert sorted(server.pages) == [1, 2, 3, 4, 5]


@pytest.mark.parametrize("count", [10**12, 10**15])
def test_an_absurd_count_falls_back_to_one_page_at_a_time(harness: Harness, count: int) -> None:
    """A server that reports ``count`` records (far more pages than the walk's limit) but
    whose next links end after page 3: the plan is not believed, nothing is built for it,
    and the walk follows the links as a sequential walk does."""
    server = DRFServer(count=30, per_page=10)
    original = server.body

    def boastful(page: int) -> tuple[int, dict[str, Any]]:
        status, body = original(page)
        return status, {**body, "count": count}

    server.body = boastful  # type: ignore[method-assign]
    pages = all_pages(harness, server.client(harness).list_attempts(), 8)
    assert ids(pages) == list(range(30))
    assert server.pages == [1, 2, 3]
    assert pages[0].total == count


def test_links_that_are_not_page_numbers_are_followed_one_at_a_time(harness: Harness) -> None:
    calls: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(str(request.url))
        offset = int(request.url.params.get("offset", "0"))
        link = f"{BASE}{LIST_PATH}?offset={offset + 2}" if offset < 4 else None
        body = {"count": 6, "per_page": 2, "next": link, "results": [attempt(offset)]}
        return httpx.Response(200, json=body)

    client = harness.client(
        TestpressClient,
        AsyncTestpressClient,
        base_url=BASE,
        token="t",
        transport=httpx.MockTransport(handler),
    )
    pages = all_pages(harness, client.list_attempts(), 8)
    assert ids(pages) == [0, 2, 4]
    assert calls == [f"{BASE}{LIST_PATH}", *(f"{BASE}{LIST_PATH}?offset={n}" for n in (2, 4))]


def test_without_a_reported_total_the_walk_stays_sequential(harness: Harness) -> None:
    pages_asked: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        page = int(request.url.params["page"])
        pages_asked.append(str(page))
        rows = [{"id": page * 10 + n} for n in range(2)] if page <= 3 else []
        return httpx.Response(200, json={"results": rows})

    client = harness.client(
        AcmeClient,
        AsyncAcmeClient,
        base_url="https://acme.test",
        token="t",
        transport=httpx.MockTransport(handler),
    )
    pages = all_pages(harness, client.list_pages(per=2), 8)
    assert [item.id for page in pages for item in page] == [
        page * 10 + n for page in (1, 2, 3) for n in range(2)
    ]
    assert pages_asked == ["1", "2", "3", "4"]


def test_the_testpress_fake_paginates_concurrently(harness: Harness) -> None:
    fake = FakeTestpress(per_page=1)
    client = harness.client(
        TestpressClient,
        AsyncTestpressClient,
        base_url=fake.base_url,
        token=fake.token,
        transport=fake.transport,
    )
    sequential = ids(all_pages(harness, client.list_attempts(), 1))
    assert len(sequential) >= 2  # one per page
    assert ids(all_pages(harness, client.list_attempts(), 3)) == sequential


def test_the_indeed_fake_paginates_concurrently_from_meta_pages() -> None:
    from attempts_sdk.indeed import IndeedClient

    fake = FakeIndeed()
    with IndeedClient(
        api_key=fake.api_key, base_url=fake.base_url, transport=fake.transport, rate_limit=None
    ) as c:
        sequential = [a.id for a in c.list_assignments(per_page=1)]
        assert len(sequential) > 2
        concurrent = [a.id for p in c.list_assignments(per_page=1).pages(concurrency=4) for a in p]
    assert concurrent == sequential


@pytest.mark.parametrize(
    ("value", "error"),
    [(0, ValueError), (-1, ValueError), (65, ValueError), (True, TypeError), (2.0, TypeError)],
)
def test_a_wrong_concurrency_is_refused(harness: Harness, value: Any, error: type) -> None:
    server = DRFServer(count=10, per_page=5)
    paginator = server.client(harness).list_attempts()
    with pytest.raises(error, match="concurrency"):
        all_pages(harness, paginator, value)
    assert server.pages == []


# --- the strategies' plans (pure) -----------------------------------------------------------------


def _request(url: str) -> httpx.Request:
    return httpx.Request("GET", url)


def test_page_number_plans_from_the_page_count() -> None:
    strategy = PageNumber(size_param="per", total_pages=("meta", "pages"))
    request = _request("https://x.test/a?per=5&page=1")
    body: JSONValue = {"meta": {"pages": 4}, "results": []}
    data = PageData(items=[{}], items_path="results", total=None, next_request=request)
    plan = strategy.plan(body, request, data)
    assert plan is not None and len(plan) == 3
    assert [str(r.url) for r in plan] == [f"https://x.test/a?per=5&page={n}" for n in (2, 3, 4)]


def test_page_number_plans_from_the_item_count_and_page_size() -> None:
    strategy = PageNumber(size_param="per", total_count=("meta", "count"))
    request = _request("https://x.test/a?per=5&page=1")
    data = PageData(items=[{}], items_path="results", total=11, next_request=request)
    plan = strategy.plan({"meta": {"count": 11}}, request, data)
    assert plan is not None and [r.url.params["page"] for r in plan] == ["2", "3"]
    no_size = _request("https://x.test/a?page=1")
    assert strategy.plan({}, no_size, data) is None


def test_next_url_plans_only_page_number_links() -> None:
    strategy = NextUrl()
    request = _request("https://x.test/a/?q=x")
    follow = _request("https://x.test/a/?q=x&page=2")
    data = PageData(items=[{}], items_path="results", total=25, next_request=follow)
    plan = strategy.plan({"per_page": 10}, request, data)
    assert plan is not None
    assert [str(r.url) for r in plan] == [
        "https://x.test/a/?q=x&page=2",
        "https://x.test/a/?q=x&page=3",
    ]
    other = PageData(
        items=[{}], items_path="results", total=25, next_request=_request("https://x.test/b/")
    )
    assert strategy.plan({"per_page": 10}, request, other) is None
    assert strategy.plan({"per_page": 0}, request, data) is None
    assert strategy.plan({"per_page": True}, request, data) is None
    assert strategy.plan({}, request, data) is None


def test_not_found_after_the_last_page_is_never_asked_for(harness: Harness) -> None:
    server = DRFServer(count=20, per_page=10)
    pages = all_pages(harness, server.client(harness).list_attempts(), 8)
    assert ids(pages) == list(range(20))
    assert sorted(server.pages) == [1, 2]  # a page 3 would be a 404 (DRF's "Invalid page.")
    assert server.body(3)[0] == 404


# --- the window of a concurrent walk (pure) -------------------------------------------------------


class FakeHandle:
    """A started request whose answer the test gives."""

    def __init__(self) -> None:
        self.callbacks: list[Callable[[Any], object]] = []
        self.cancelled = False

    def add_done_callback(self, fn: Callable[[Any], object], /) -> None:
        self.callbacks.append(fn)

    def cancel(self) -> bool:
        self.cancelled = True
        return True

    def answer(self) -> None:
        for callback in self.callbacks:
            callback(self)


def test_the_window_bounds_requests_in_flight_and_answers_held() -> None:
    from attempts_sdk._pagination import _Window

    started: list[str] = []
    handles: dict[str, FakeHandle] = {}

    def start(request: httpx.Request) -> FakeHandle:
        started.append(request.url.params["page"])
        handles[started[-1]] = FakeHandle()
        return handles[started[-1]]

    requests = iter([_request(f"https://x.test/a?page={n}") for n in range(2, 12)])
    window = _Window(requests, 2, start)
    window.fill()
    assert started == ["2", "3"]  # two in flight
    handles["3"].answer()  # an answer starts the next request at once, out of turn or not
    assert started == ["2", "3", "4"]
    handles["2"].answer()
    handles["4"].answer()
    assert started == ["2", "3", "4", "5"]  # 3 answered and held, 1 in flight: no more
    assert str(window.taken().url).endswith("page=2")  # the consumer takes the oldest
    assert started == ["2", "3", "4", "5", "6"]
    closing = window.close()
    assert [str(r.url)[-1] for r, _ in window.pending] == ["3", "4", "5", "6"]
    assert len(closing) == 4
    handles["5"].answer()  # answers after close start nothing
    assert started == ["2", "3", "4", "5", "6"]


def test_concurrent_pages_keep_the_clients_rate_limit(harness: Harness) -> None:
    sent: list[float] = []
    server = DRFServer(count=60, per_page=10)
    handler = server.async_handler if harness.is_async else server.sync_handler

    def timed(request: httpx.Request) -> Any:
        sent.append(time.monotonic())
        return handler(request)

    client = harness.client(
        TestpressClient,
        AsyncTestpressClient,
        base_url=BASE,
        token="t0ken",
        transport=httpx.MockTransport(timed),
        rate_limit=20.0,  # one request every 50 ms, however many pages are in flight
    )
    pages = all_pages(harness, client.list_attempts(), 6)
    assert ids(pages) == list(range(60))
    gaps = [later - earlier for earlier, later in itertools.pairwise(sent)]
    assert len(sent) == 6
    assert min(gaps) >= 0.05 * 0.8  # the limiter's slots (20% for a late thread's wake-up)
    assert sent[-1] - sent[0] >= 5 * 0.05 * 0.95


def test_a_wrong_concurrency_is_refused_when_pages_is_called(harness: Harness) -> None:
    paginator = DRFServer(count=10, per_page=5).client(harness).list_attempts()
    with pytest.raises(ValueError, match="concurrency must be between 1 and 64, not 0"):
        paginator.pages(concurrency=0)  # before any iteration


def test_leaving_a_sync_walk_early_does_not_wait_for_requests_under_way() -> None:
    server = DRFServer(count=100, per_page=10)
    slow = threading.Event()

    def handler(request: httpx.Request) -> httpx.Response:
        if int(request.url.params.get("page", "1")) > 2:
            slow.wait(2.0)  # pages 3 and on are slow to come
        return server.sync_handler(request)

    with TestpressClient(
        base_url=BASE, token="t", transport=httpx.MockTransport(handler)
    ) as client:
        started = time.monotonic()
        for page in client.list_attempts().pages(concurrency=4):
            if page.items[0].id == 10:  # page 2: leave
                break
        elapsed = time.monotonic() - started
        slow.set()
    assert elapsed < 1.0  # not the 2 s that pages 3-6 would take


def test_concurrency_needs_an_asyncio_loop_else_pages_come_one_at_a_time() -> None:
    from attempts_sdk._pagination import _on_asyncio

    async def inside() -> bool:
        return _on_asyncio()

    assert asyncio.run(inside()) is True
    assert _on_asyncio() is False  # no asyncio loop running (as under trio)
