"""Client-side rate limiting (``rate_limit=``): the pure schedule with a fake clock, then real
clients hit from several threads (sync) and tasks (async), timed at the transport."""

from __future__ import annotations

import asyncio
import math
import threading
import time
from typing import Any

import httpx
import pytest

from attempts_sdk import PROVIDERS, RetryPolicy
from attempts_sdk._ratelimit import RateLimiter
from attempts_sdk.indeed import AsyncIndeedClient, IndeedClient
from attempts_sdk.testing import FakeIndeed
from attempts_sdk.testing._base import FakeTransport
from conftest import Harness

RATE = 20.0
INTERVAL = 1 / RATE
# The limiter spaces the moments it lets requests go (strictly: see the fake-clock tests); the
# transport sees each one a little later, usually microseconds, but milliseconds when a thread
# waits for the GIL or the machine is busy. The total time of a run is checked strictly.
JITTER = 0.2 * INTERVAL


# --- the schedule, with a fake clock


def test_slots_are_one_interval_apart_in_the_order_asked() -> None:
    limiter = RateLimiter(4.0)

    assert [limiter.reserve(10.0) for _ in range(4)] == [0.0, 0.25, 0.5, 0.75]


def test_a_wait_counts_from_the_time_asked() -> None:
    limiter = RateLimiter(4.0)

    assert limiter.reserve(10.0) == 0.0
    assert limiter.reserve(10.1) == pytest.approx(0.15)
    assert limiter.reserve(10.2) == pytest.approx(0.3)  # the slot at 10.5


def test_an_idle_limiter_lets_one_request_go_at_once_and_saves_up_no_burst() -> None:
    limiter = RateLimiter(4.0)
    limiter.reserve(0.0)

    assert limiter.reserve(100.0) == 0.0
    assert limiter.reserve(100.0) == 0.25


def test_confirm_records_a_send_an_interval_after_the_last_one() -> None:
    limiter = RateLimiter(4.0)

    assert limiter.confirm(10.0) == 0.0
    assert limiter.confirm(10.1) == pytest.approx(0.15)  # too early: nothing recorded
    assert limiter.confirm(10.25) == 0.0
    assert limiter.confirm(10.3) == pytest.approx(0.2)


def test_a_late_send_pushes_the_next_one_back() -> None:
    limiter = RateLimiter(4.0)
    first, second = limiter.reserve(0.0), limiter.reserve(0.0)  # slots at 0 and 0.25
    assert (first, second) == (0.0, 0.25)

    assert limiter.confirm(0.2) == 0.0  # the first went out 0.2 s late
    assert limiter.confirm(0.25) == pytest.approx(0.2)  # the second waits until 0.45
    assert limiter.confirm(0.45) == 0.0
    assert limiter.reserve(0.45) == pytest.approx(0.25)  # new bookings follow the real sends


def test_now_reads_the_clock_it_was_given() -> None:
    ticks = iter([5.0, 5.1])
    limiter = RateLimiter(2.0, clock=lambda: next(ticks))

    assert limiter.reserve(limiter.now()) == 0.0
    assert limiter.reserve(limiter.now()) == pytest.approx(0.4)


def test_threads_booking_at_once_get_distinct_slots() -> None:
    limiter = RateLimiter(RATE)
    waits: list[float] = []
    lock = threading.Lock()
    barrier = threading.Barrier(8)

    def book() -> None:
        barrier.wait()
        mine = [limiter.reserve(0.0) for _ in range(50)]
        with lock:
            waits.extend(mine)

    threads = [threading.Thread(target=book) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(waits) == pytest.approx([n * INTERVAL for n in range(400)])


# --- real clients, timed at the transport


class Clocked(httpx.BaseTransport, httpx.AsyncBaseTransport):
    """A fake's transport that records when each request reaches it."""

    def __init__(self, inner: FakeTransport) -> None:
        self.inner = inner
        self.times: list[float] = []
        self._lock = threading.Lock()

    def _arrived(self) -> None:
        with self._lock:
            self.times.append(time.monotonic())

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self._arrived()
        return self.inner.handle_request(request)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self._arrived()
        return await self.inner.handle_async_request(request)


def assert_spaced(times: list[float], count: int, began: float, ended: float) -> None:
    """The k-th request (from 0) reached the server no sooner than k intervals after the start.

    Slots are granted an interval apart; a busy machine may delay a request between its slot
    and its arrival (so two arrivals can come closer than an interval), never advance it.
    """
    assert len(times) == count
    assert ended - began >= (count - 1) * INTERVAL
    offsets = [moment - began for moment in sorted(times)]
    assert all(offset >= k * INTERVAL - JITTER for k, offset in enumerate(offsets)), offsets


def test_a_sync_client_hit_from_threads_keeps_the_rate() -> None:
    fake = FakeIndeed()
    ids = [attempt["id"] for attempt in fake.attempts][:8]
    transport = Clocked(fake.transport)
    with IndeedClient(api_key=fake.api_key, transport=transport, rate_limit=RATE) as client:
        threads = [
            threading.Thread(
                target=lambda pair=ids[n : n + 2]: [client.get_attempt(i) for i in pair]
            )
            for n in range(0, 8, 2)
        ]
        began = time.monotonic()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        ended = time.monotonic()

    assert_spaced(transport.times, 8, began, ended)
    assert sorted(path for _, path in fake.calls) == sorted(f"/attempts/{i}.json" for i in ids)


def test_an_async_client_hit_from_tasks_keeps_the_rate() -> None:
    fake = FakeIndeed()
    ids = [attempt["id"] for attempt in fake.attempts][:8]
    transport = Clocked(fake.transport)

    async def main() -> tuple[float, float, list[str]]:
        async with AsyncIndeedClient(
            api_key=fake.api_key, transport=transport, rate_limit=RATE
        ) as client:
            began = time.monotonic()
            attempts = await asyncio.gather(*(client.get_attempt(i) for i in ids))
            return began, time.monotonic(), [attempt.id for attempt in attempts]

    began, ended, got = asyncio.run(main())

    assert got == ids
    assert_spaced(transport.times, 8, began, ended)


def test_retries_take_a_slot_each(harness: Harness) -> None:
    fake = FakeIndeed()
    fake.fail_next(2, status=503)
    transport = Clocked(fake.transport)
    client = harness.client(
        IndeedClient,
        AsyncIndeedClient,
        api_key=fake.api_key,
        transport=transport,
        rate_limit=RATE,
        retry_policy=RetryPolicy(max_retries=2, initial_delay=0.0),  # retries wait 0 s
    )
    attempt_id = fake.attempts[0]["id"]

    began = time.monotonic()
    attempt = harness.run(client.get_attempt, attempt_id)
    ended = time.monotonic()

    assert attempt.id == attempt_id
    assert_spaced(transport.times, 3, began, ended)


def test_indeed_sends_one_request_per_second_by_default() -> None:
    fake = FakeIndeed()
    transport = Clocked(fake.transport)
    ids = [attempt["id"] for attempt in fake.attempts][:2]
    with IndeedClient(api_key=fake.api_key, transport=transport) as client:
        began = time.monotonic()
        for attempt_id in ids:
            client.get_attempt(attempt_id)
        ended = time.monotonic()

    assert ended - began >= 1.0
    assert transport.times[1] - transport.times[0] >= 1.0 - JITTER


def test_an_answer_from_the_cache_takes_no_slot() -> None:
    def fresh(request: httpx.Request) -> httpx.Response:
        body = {"attempt": {"id": "a1"}}
        return httpx.Response(200, json=body, headers={"Cache-Control": "max-age=60"})

    mock = httpx.MockTransport(fresh)
    with IndeedClient(api_key="ia-key-0042", transport=mock) as client:  # 1 request/s
        client.get_attempt("a1")
        began = time.monotonic()
        again = client.get_attempt("a1")
        elapsed = time.monotonic() - began

    assert again.id == "a1"
    assert elapsed < 0.5


# --- configuration


CLIENTS = [
    (entry.client, entry.async_client, entry.credential, entry.spec.default_rate_limit)
    for entry in PROVIDERS.values()
]


NAMES = list(PROVIDERS)


def test_the_default_is_one_per_second_for_indeed() -> None:
    assert PROVIDERS["indeed"].spec.default_rate_limit == 1.0


@pytest.mark.parametrize(
    ("sync_cls", "async_cls", "credential", "default"), CLIENTS, ids=list(PROVIDERS)
)
def test_each_provider_limits_by_its_default_unless_told(
    harness: Harness, sync_cls: type[Any], async_cls: type[Any], credential: str, default: Any
) -> None:
    base = {
        "base_url": "https://lms.example.test",
        credential: "secret-0042",
        "transport": httpx.MockTransport(lambda request: httpx.Response(204)),
    }

    client = harness.client(sync_cls, async_cls, **base)
    limited = harness.client(sync_cls, async_cls, **base, rate_limit=2)
    unlimited = harness.client(sync_cls, async_cls, **base, rate_limit=None)

    limiter = client._rate_limiter
    assert (limiter.rate if limiter is not None else None) == default
    assert limited._rate_limiter.rate == 2.0
    assert limited._rate_limiter.interval == 0.5
    assert unlimited._rate_limiter is None


@pytest.mark.parametrize("value", [0, 0.0, -1, -0.5, math.nan, math.inf, True, False, "1"])
@pytest.mark.parametrize(
    ("sync_cls", "async_cls", "credential", "default"), CLIENTS, ids=list(PROVIDERS)
)
def test_a_wrong_rate_limit_is_refused_at_construction(
    harness: Harness,
    sync_cls: type[Any],
    async_cls: type[Any],
    credential: str,
    default: Any,
    value: object,
) -> None:
    base = {
        "base_url": "https://lms.example.test",
        credential: "secret-0042",
        "transport": httpx.MockTransport(lambda request: httpx.Response(204)),
    }

    with pytest.raises(ValueError, match=r"rate_limit must be a finite number .* greater than 0"):
        harness.client(sync_cls, async_cls, **base, rate_limit=value)
