"""Retry decisions (`RetryPolicy`, `parse_retry_after`) and retries end to end through a client.

The client is the tiny provider of tests/acme.py, so the core is tested without any provider
package.
"""

from __future__ import annotations

import email.utils
import time
from datetime import datetime, timezone
from types import SimpleNamespace
from typing import Any

import httpx
import pytest

from attempts_sdk import (
    APIConnectionError,
    APITimeoutError,
    InternalServerError,
    NotFoundError,
    RateLimitError,
    RetryPolicy,
    _retry,
    _transport,
)
from attempts_sdk._retry import parse_retry_after
from conftest import Harness, MockServer, Responder, json_response
from support.acme import AcmeClient, AsyncAcmeClient, Thing

BASE_URL = "https://acme.test"
TOKEN = "acme-s3cret-token"
NOW = 1_700_000_000.0


def acme(harness: Harness, server: MockServer, **options: Any) -> Any:
    return harness.client(
        AcmeClient,
        AsyncAcmeClient,
        base_url=BASE_URL,
        token=TOKEN,
        transport=server.transport,
        **options,
    )


def status(code: int, headers: dict[str, str] | None = None, body: Any = None) -> Responder:
    return json_response(body if body is not None else {"detail": "x"}, code, headers)


def raising(error: type[httpx.TransportError]) -> Responder:
    def respond(request: httpx.Request) -> httpx.Response:
        raise error(f"simulated {error.__name__}", request=request)

    return respond


THING = json_response({"id": 1, "name": "one"})


@pytest.fixture
def sleeps(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Record the waits of both shells instead of sleeping."""
    recorded: list[float] = []

    def sleep(seconds: float) -> None:
        recorded.append(seconds)

    async def async_sleep(seconds: float) -> None:
        recorded.append(seconds)

    monkeypatch.setattr(_transport, "time", SimpleNamespace(sleep=sleep))
    monkeypatch.setattr(_transport, "_async_sleep", async_sleep)
    return recorded


def http_date(timestamp: float) -> str:
    return email.utils.formatdate(timestamp, usegmt=True)


# --- parse_retry_after ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "expected"),
    [("3", 3.0), ("0", 0.0), ("1.5", 1.5), (" 42 ", 42.0), ("3600", 3600.0)],
)
def test_retry_after_seconds(header: str, expected: float) -> None:
    assert parse_retry_after(header) == expected


def test_retry_after_http_date_is_relative_to_now() -> None:
    when = datetime(2015, 10, 21, 7, 28, tzinfo=timezone.utc).timestamp()
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", now=when - 120) == 120.0
    assert parse_retry_after(http_date(NOW + 30), now=NOW) == 30.0


def test_retry_after_date_in_the_past_is_zero() -> None:
    assert parse_retry_after(http_date(NOW - 3600), now=NOW) == 0.0


@pytest.mark.parametrize(
    "header",
    [None, "", "   ", "soon", "nan", "inf", "Wed, 99 Foo", "0_5", "1_000", "1e3", "0x10", "٣"],
)
def test_retry_after_unreadable_is_none(header: str | None) -> None:
    assert parse_retry_after(header, now=NOW) is None


@pytest.mark.parametrize("header", ["-5", "-0.5"])
def test_retry_after_negative_is_zero(header: str) -> None:
    assert parse_retry_after(header) == 0.0


# --- RetryPolicy.decide ---------------------------------------------------------------------------


def request(method: str = "GET") -> httpx.Request:
    return httpx.Request(method, f"{BASE_URL}/things/1")


def response(code: int, method: str = "GET") -> httpx.Response:
    return httpx.Response(code, request=request(method))


NO_JITTER = RetryPolicy(jitter=lambda: 0.0)


@pytest.mark.parametrize("code", [408, 429, 500, 502, 503, 504])
def test_retryable_statuses_are_retried_for_get(code: int) -> None:
    decision = NO_JITTER.decide(0, request(), response=response(code))
    assert decision.retry is True
    assert decision.wait == 0.5
    assert decision.retry_after is None


@pytest.mark.parametrize("code", [400, 401, 403, 404, 409, 422, 501])
def test_other_statuses_are_not_retried(code: int) -> None:
    decision = NO_JITTER.decide(0, request(), response=response(code))
    assert decision.retry is False
    assert decision.retry_after is None


@pytest.mark.parametrize("code", [429, 500, 503])
def test_post_that_reached_the_server_is_not_retried(code: int) -> None:
    decision = NO_JITTER.decide(0, request("POST"), response=response(code, "POST"))
    assert decision.retry is False


def test_post_keeps_retry_after_for_the_error() -> None:
    decision = NO_JITTER.decide(0, request("POST"), response=response(429, "POST"), retry_after=5)
    assert decision == _retry.RetryDecision(False, retry_after=5)


@pytest.mark.parametrize("error", [httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout])
def test_post_is_retried_when_it_never_reached_the_server(
    error: type[httpx.TransportError],
) -> None:
    post = request("POST")
    decision = NO_JITTER.decide(0, post, error=error("down", request=post))
    assert decision.retry is True
    assert decision.wait == 0.5


@pytest.mark.parametrize(
    "error", [httpx.ReadTimeout, httpx.WriteTimeout, httpx.ReadError, httpx.RemoteProtocolError]
)
def test_post_is_not_retried_when_it_may_have_reached_the_server(
    error: type[httpx.TransportError],
) -> None:
    post = request("POST")
    assert NO_JITTER.decide(0, post, error=error("lost", request=post)).retry is False


@pytest.mark.parametrize(
    "error", [httpx.ReadTimeout, httpx.ConnectError, httpx.ReadError, httpx.RemoteProtocolError]
)
def test_get_is_retried_after_transport_errors(error: type[httpx.TransportError]) -> None:
    get = request()
    decision = NO_JITTER.decide(1, get, error=error("lost", request=get))
    assert decision.retry is True
    assert decision.wait == 1.0


def test_too_many_redirects_is_not_retried() -> None:
    get = request()
    error = httpx.TooManyRedirects("loop", request=get)
    assert NO_JITTER.decide(0, get, error=error).retry is False


def test_attempts_stop_at_max_retries() -> None:
    policy = RetryPolicy(max_retries=3, jitter=lambda: 0.0)
    decisions = [policy.decide(n, request(), response=response(503)) for n in range(5)]
    assert [d.retry for d in decisions] == [True, True, True, False, False]
    assert [d.wait for d in decisions[:3]] == [0.5, 1.0, 2.0]


def test_max_retries_zero_never_retries() -> None:
    policy = RetryPolicy(max_retries=0)
    get = request()
    assert policy.decide(0, get, response=response(503)).retry is False
    assert policy.decide(0, get, error=httpx.ConnectError("down", request=get)).retry is False
    assert policy.decide(0, get, response=response(429), retry_after=1.0) == (
        _retry.RetryDecision(False, retry_after=1.0)
    )


@pytest.mark.parametrize("seconds", [2.0, 7.25, 60.0])
def test_retry_after_up_to_the_cap_is_the_wait(seconds: float) -> None:
    decision = NO_JITTER.decide(1, request(), response=response(429), retry_after=seconds)
    assert decision == _retry.RetryDecision(True, wait=seconds, retry_after=seconds)


@pytest.mark.parametrize("seconds", [0.0, 0.3, 0.7])
@pytest.mark.parametrize("jitter", [0.0, 0.9999])
def test_retry_after_shorter_than_the_backoff_waits_the_backoff(
    seconds: float, jitter: float
) -> None:
    policy = RetryPolicy(jitter=lambda: jitter)
    decision = policy.decide(1, request(), response=response(503), retry_after=seconds)
    assert decision.retry is True
    assert decision.wait == policy.backoff(1) >= 0.75
    assert decision.retry_after == seconds


@pytest.mark.parametrize("seconds", [60.5, 3600.0])
def test_retry_after_over_the_cap_gives_up_at_once(seconds: float) -> None:
    decision = NO_JITTER.decide(0, request(), response=response(503), retry_after=seconds)
    assert decision.retry is False
    assert decision.retry_after == seconds


def test_backoff_doubles_up_to_the_maximum() -> None:
    policy = RetryPolicy(max_retries=10, jitter=lambda: 0.0)
    waits = [policy.decide(n, request(), response=response(500)).wait for n in range(7)]
    assert waits == [0.5, 1.0, 2.0, 4.0, 8.0, 8.0, 8.0]
    assert [policy.backoff(n) for n in range(7)] == waits


def test_jitter_shortens_the_backoff_by_up_to_a_quarter() -> None:
    almost_one = 0.9999999
    policy = RetryPolicy(max_retries=10, jitter=lambda: almost_one)
    for n, full in enumerate([0.5, 1.0, 2.0, 4.0, 8.0, 8.0]):
        wait = policy.decide(n, request(), response=response(500)).wait
        assert wait == pytest.approx(full * (1 - 0.25 * almost_one))
        assert full * 0.75 < wait < full


def test_default_jitter_stays_in_range() -> None:
    policy = RetryPolicy()
    waits = [policy.backoff(2) for _ in range(200)]
    assert all(1.5 < wait <= 2.0 for wait in waits)
    assert len(set(waits)) > 1


def test_policy_defaults() -> None:
    policy = RetryPolicy()
    assert (policy.max_retries, policy.initial_delay, policy.max_delay) == (2, 0.5, 8.0)
    assert policy.max_retry_after == 60.0


def test_negative_max_retries_is_refused() -> None:
    with pytest.raises(ValueError, match="max_retries"):
        RetryPolicy(max_retries=-1)


# --- end to end, through a client -----------------------------------------------------------------


def test_503_then_200_succeeds(harness: Harness, sleeps: list[float]) -> None:
    server = MockServer().add("GET", "/things/1", status(503), THING)
    client = acme(harness, server, retry_policy=RetryPolicy(jitter=lambda: 0.0))
    thing = harness.run(client.get_thing, 1)
    assert thing == Thing(id=1, name="one")
    assert server.paths() == ["/things/1", "/things/1"]
    assert sleeps == [0.5]


def test_retries_really_sleep_with_a_tiny_delay(harness: Harness) -> None:
    server = MockServer().add("GET", "/things/1", status(502), status(504), THING)
    client = acme(harness, server, retry_policy=RetryPolicy(initial_delay=0.001))
    assert harness.run(client.get_thing, 1).name == "one"
    assert len(server.requests) == 3


def test_backoff_waits_between_attempts(harness: Harness, sleeps: list[float]) -> None:
    server = MockServer().add("GET", "/things/1", status(500))
    client = acme(harness, server, retry_policy=RetryPolicy(max_retries=3, jitter=lambda: 0.0))
    with pytest.raises(InternalServerError) as info:
        harness.run(client.get_thing, 1)
    assert info.value.status_code == 500
    assert len(server.requests) == 4
    assert sleeps == [0.5, 1.0, 2.0]


def test_long_retry_after_raises_rate_limit_error_at_once(
    harness: Harness, sleeps: list[float]
) -> None:
    server = MockServer().add(
        "GET", "/things/1", status(429, {"Retry-After": "3600"}, {"detail": "slow down"})
    )
    client = acme(harness, server)
    with pytest.raises(RateLimitError) as info:
        harness.run(client.get_thing, 1)
    assert info.value.retry_after == 3600.0
    assert info.value.status_code == 429
    assert info.value.message == "slow down"
    assert len(server.requests) == 1
    assert sleeps == []


def test_short_retry_after_is_slept_exactly(harness: Harness, sleeps: list[float]) -> None:
    server = MockServer().add("GET", "/things/1", status(429, {"Retry-After": "2"}), THING)
    client = acme(harness, server)
    assert harness.run(client.get_thing, 1).id == 1
    assert sleeps == [2.0]
    assert len(server.requests) == 2


def test_retry_after_from_the_body_when_the_header_is_missing(
    harness: Harness, sleeps: list[float]
) -> None:
    server = MockServer().add("GET", "/things/1", status(429, body={"retry_in": 3}), THING)
    client = acme(harness, server)
    assert harness.run(client.get_thing, 1).id == 1
    assert sleeps == [3.0]


def test_exhausted_retries_keep_the_last_retry_after(harness: Harness, sleeps: list[float]) -> None:
    server = MockServer().add("GET", "/things/1", status(429, {"Retry-After": "1"}))
    client = acme(harness, server)
    with pytest.raises(RateLimitError) as info:
        harness.run(client.get_thing, 1)
    assert info.value.retry_after == 1.0
    assert len(server.requests) == 3
    assert sleeps == [1.0, 1.0]


def test_post_with_500_is_sent_once(harness: Harness, sleeps: list[float]) -> None:
    server = MockServer().add("POST", "/things", status(500, body={"detail": "boom"}))
    client = acme(harness, server)
    with pytest.raises(InternalServerError) as info:
        harness.run(client.create_thing, "new")
    assert info.value.status_code == 500
    assert info.value.message == "boom"
    assert str(info.value) == "acme: HTTP 500: boom"
    assert [r.method for r in server.requests] == ["POST"]
    assert sleeps == []


def test_post_is_resent_after_a_connect_error(harness: Harness, sleeps: list[float]) -> None:
    server = MockServer().add(
        "POST", "/things", raising(httpx.ConnectError), json_response({"id": 9, "name": "new"})
    )
    client = acme(harness, server, retry_policy=RetryPolicy(jitter=lambda: 0.0))
    thing = harness.run(client.create_thing, "new")
    assert thing == Thing(id=9, name="new")
    assert [r.content for r in server.requests] == [b'{"name":"new"}'] * 2
    assert sleeps == [0.5]


def test_post_is_not_resent_after_a_read_timeout(harness: Harness, sleeps: list[float]) -> None:
    server = MockServer().add("POST", "/things", raising(httpx.ReadTimeout))
    client = acme(harness, server)
    with pytest.raises(APITimeoutError):
        harness.run(client.create_thing, "new")
    assert len(server.requests) == 1
    assert sleeps == []


def test_connect_errors_give_up_after_three_attempts(harness: Harness, sleeps: list[float]) -> None:
    server = MockServer().add("GET", "/things/1", raising(httpx.ConnectError))
    client = acme(harness, server)
    with pytest.raises(APIConnectionError) as info:
        harness.run(client.get_thing, 1)
    assert type(info.value) is APIConnectionError
    assert isinstance(info.value.__cause__, httpx.ConnectError)
    assert info.value.provider == "acme"
    assert info.value.request is not None
    assert info.value.request.url == f"{BASE_URL}/things/1"
    assert "GET https://acme.test/things/1 failed" in str(info.value)
    assert len(server.requests) == 3
    assert len(sleeps) == 2


def test_get_timeout_is_retried_then_raises_api_timeout_error(
    harness: Harness, sleeps: list[float]
) -> None:
    server = MockServer().add("GET", "/things/1", raising(httpx.ReadTimeout))
    client = acme(harness, server)
    with pytest.raises(APITimeoutError) as info:
        harness.run(client.get_thing, 1)
    assert isinstance(info.value, APIConnectionError)
    assert "timed out" in str(info.value)
    assert len(server.requests) == 3


def test_get_timeout_then_success(harness: Harness, sleeps: list[float]) -> None:
    server = MockServer().add("GET", "/things/1", raising(httpx.ReadTimeout), THING)
    client = acme(harness, server)
    assert harness.run(client.get_thing, 1).name == "one"
    assert len(server.requests) == 2


def test_max_retries_zero_sends_once(harness: Harness, sleeps: list[float]) -> None:
    server = MockServer().add("GET", "/things/1", raising(httpx.ConnectError))
    client = acme(harness, server, max_retries=0)
    with pytest.raises(APIConnectionError):
        harness.run(client.get_thing, 1)
    assert len(server.requests) == 1
    assert sleeps == []


def test_404_is_not_retried(harness: Harness, sleeps: list[float]) -> None:
    server = MockServer().add("GET", "/things/1", status(404, body={"detail": "Not found."}))
    client = acme(harness, server)
    with pytest.raises(NotFoundError) as info:
        harness.run(client.get_thing, 1)
    assert info.value.message == "Not found."
    assert len(server.requests) == 1


def test_retry_after_http_date_is_honoured(
    harness: Harness, sleeps: list[float], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_retry, "time", SimpleNamespace(time=lambda: NOW))
    server = MockServer().add(
        "GET", "/things/1", status(503, {"Retry-After": http_date(NOW + 1)}), THING
    )
    client = acme(harness, server)
    assert harness.run(client.get_thing, 1).id == 1
    assert sleeps == [1.0]
    assert len(server.requests) == 2


def test_far_retry_after_http_date_raises_at_once(
    harness: Harness, sleeps: list[float], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_retry, "time", SimpleNamespace(time=lambda: NOW))
    server = MockServer().add(
        "GET", "/things/1", status(503, {"Retry-After": http_date(NOW + 600)})
    )
    client = acme(harness, server)
    with pytest.raises(InternalServerError) as info:
        harness.run(client.get_thing, 1)
    assert info.value.retry_after == 600.0
    assert len(server.requests) == 1
    assert sleeps == []


@pytest.mark.parametrize("header", ["0", "-3", "past-date", "0_5"])
def test_retry_after_never_shortens_the_backoff(
    harness: Harness, sleeps: list[float], header: str
) -> None:
    """A server answering ``Retry-After: 0`` (or a negative number, a past date, or "0_5", which
    is no number) to every request gets the policy's backoff between attempts, not a burst."""
    value = http_date(time.time() - 3600) if header == "past-date" else header
    server = MockServer().add("GET", "/things/1", status(503, {"Retry-After": value}))
    client = acme(harness, server, retry_policy=RetryPolicy(jitter=lambda: 0.0))
    with pytest.raises(InternalServerError):
        harness.run(client.get_thing, 1)
    assert len(server.requests) == 3
    assert sleeps == [0.5, 1.0]
