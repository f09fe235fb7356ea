"""What a hostile server can make a call cost: memory bounded by ``max_response_size``, time
bounded by ``deadline``. Real sockets on 127.0.0.1, sync and async, every test bounded in time.

The size tests run the client in a fresh process (the scenarios of tests/support/hostile.py)
so that its peak RSS is the client's alone; the servers and the bombs they send stay here.
"""

from __future__ import annotations

import time
from typing import Any

import pytest

import support.faultserver as fs
from attempts_sdk import (
    APIConnectionError,
    APITimeoutError,
    InternalServerError,
    RetryPolicy,
)
from attempts_sdk.testing import FakeTestpress
from attempts_sdk.testpress import AsyncTestpressClient, TestpressClient
from conftest import Harness
from support import hostile
from support.hostile import JSON_HEADERS, MIB

DEFAULT_LIMIT = 64 * MIB
PEAK_RSS_MIB = 400
MODES = pytest.mark.parametrize("mode", ["sync", "async"])


@MODES
@pytest.mark.parametrize("body", hostile.BODIES)
def test_an_oversized_body_is_refused_in_bounded_memory(mode: str, body: str) -> None:
    """A compression bomb (1 GiB of "0" in about 1 MiB, or 2 KiB as gzip inside gzip) or a
    plain 2 GiB body, with the default settings: `ResponseTooLargeError` at 64 MiB, counted
    after decompression, never retried, and the process's peak RSS stays under 400 MiB."""
    probed = hostile.oversized_call(body, mode)
    report = probed.report
    assert report["error"] == "ResponseTooLargeError", report
    assert report["limit"] == DEFAULT_LIMIT
    assert (
        "larger than max_response_size (64 MiB, counted after decompression)" in (report["message"])
    )
    assert report["peak_rss_mib"] < PEAK_RSS_MIB, report
    assert probed.requests == 1  # never retried
    if body.startswith("gzip"):
        assert len(hostile.bomb(body.count("gzip"))) < 2 * MIB  # small on the wire
    elif body == "plain, Content-Length":
        assert probed.sent < DEFAULT_LIMIT  # refused on its announced length, before reading
    else:
        assert probed.sent < 2 * DEFAULT_LIMIT  # the client hung up soon after the limit


def test_the_figures_baseline_call_succeeds_in_a_fresh_process() -> None:
    """The probe itself works: a normal answer comes back, no error."""
    probed = hostile.plain_call("sync")
    assert probed.report["error"] is None, probed.report


# --- the deadline


def _client(harness: Harness, server: fs.FaultServer, fake: FakeTestpress, **options: Any) -> Any:
    return harness.client(
        TestpressClient,
        AsyncTestpressClient,
        base_url=server.base_url,
        token=fake.token,
        **options,
    )


def _timed_out(harness: Harness, client: Any) -> tuple[APITimeoutError, float]:
    started = time.monotonic()
    with pytest.raises(APITimeoutError) as caught:
        harness.run(client.get_attempt, 1)
    return caught.value, time.monotonic() - started


@pytest.mark.parametrize("interval", [0.3, 0.8], ids=["every-0.3s", "every-0.8s"])
def test_a_dripping_server_is_cut_at_the_deadline(harness: Harness, interval: float) -> None:
    """One byte every ``interval`` seconds: each read is well within the read timeout (30 s),
    but the call ends at its deadline, also when a read is under way then (0.8 s)."""
    fake = FakeTestpress()
    drip = fs.Stream(lambda: iter([b"{"] + [b" "] * 10_000), JSON_HEADERS, interval=interval)
    with fs.FaultServer(fake) as server:
        server.inject(drip, times=None)
        error, elapsed = _timed_out(harness, _client(harness, server, fake, deadline=1.0))
    assert 1.0 <= elapsed < 1.5, elapsed
    assert "deadline of 1 s" in str(error)
    assert "(1 attempt; last: " in str(error)
    assert str(error).startswith(f"testpress: GET {server.base_url}/api/v2.2/attempts/1/")
    assert len(server.requests) == 1


def test_a_hung_server_is_cut_at_the_deadline(harness: Harness) -> None:
    """A server that never answers, with the default retries and timeouts: the call ends at
    its deadline, not after three read timeouts (90 s)."""
    fake = FakeTestpress()
    with fs.FaultServer(fake) as server:
        server.inject(fs.Stall(30.0), times=None)
        error, elapsed = _timed_out(harness, _client(harness, server, fake, deadline=1.5))
    assert 1.5 <= elapsed < 2.0, elapsed
    assert "did not complete within its deadline of 1.5 s (1 attempt; last: ReadTimeout" in (
        str(error)
    )


def test_the_deadline_spans_the_retries_and_their_waits(harness: Harness) -> None:
    """503 three times, 0.5 s backoff: the second wait would end past the 1 s deadline, so the
    call ends at once with the server's last answer, not a sleep into the deadline."""
    fake = FakeTestpress()
    busy = fs.Reply(503, b'{"detail": "busy"}', JSON_HEADERS)
    with fs.FaultServer(fake) as server:
        server.inject(busy, times=None)
        client = _client(
            harness,
            server,
            fake,
            deadline=1.0,
            retry_policy=RetryPolicy(initial_delay=0.6, jitter=lambda: 0.0),
        )
        started = time.monotonic()
        with pytest.raises(InternalServerError):
            harness.run(client.get_attempt, 1)
        elapsed = time.monotonic() - started
    assert len(server.requests) == 2  # the second retry would wait 1.2 s: past the deadline
    assert 0.6 <= elapsed < 1.0


def test_timeouts_name_the_timeout_and_the_attempts(harness: Harness) -> None:
    fake = FakeTestpress()
    with fs.FaultServer(fake) as server:
        server.inject(fs.Stall(5.0), times=None)
        client = _client(
            harness, server, fake, timeout=0.2, retry_policy=RetryPolicy(initial_delay=0.0)
        )
        error, _ = _timed_out(harness, client)
    assert str(error).startswith(
        f"testpress: GET {server.base_url}/api/v2.2/attempts/1/ timed out after 3 attempts "
        "(read timeout 0.2 s): ReadTimeout"
    )


def test_connection_failures_name_the_limits_and_the_attempts(harness: Harness) -> None:
    fake = FakeTestpress()
    client = harness.client(
        TestpressClient,
        AsyncTestpressClient,
        base_url=f"http://127.0.0.1:{fs.free_port()}",
        token=fake.token,
        retry_policy=RetryPolicy(initial_delay=0.0),
    )
    with pytest.raises(APIConnectionError) as caught:
        harness.run(client.get_attempt, 1)
    message = str(caught.value)
    assert message.startswith("testpress: GET http://127.0.0.1:")
    assert (
        " failed after 3 attempts (connect timeout 5 s, read timeout 30 s, deadline 120 s): "
        "ConnectError: "
    ) in message


def test_without_a_deadline_only_the_timeouts_bound_a_call(harness: Harness) -> None:
    fake = FakeTestpress()
    with fs.FaultServer(fake) as server:
        server.inject(fs.Stall(5.0), times=None)
        client = _client(harness, server, fake, deadline=None, timeout=0.3, max_retries=0)
        error, elapsed = _timed_out(harness, client)
    assert 0.3 <= elapsed < 1.0
    assert "(read timeout 0.3 s)" in str(error)


@pytest.mark.parametrize(
    ("option", "value"),
    [
        ("deadline", 0),
        ("deadline", -1.0),
        ("deadline", float("inf")),
        ("deadline", float("nan")),
        ("deadline", True),
        ("deadline", "60"),
        ("max_response_size", 0),
        ("max_response_size", 1.5),
        ("max_response_size", True),
        ("max_response_size", "64MiB"),
    ],
)
def test_wrong_limits_are_refused_at_construction(
    harness: Harness, option: str, value: Any
) -> None:
    fake = FakeTestpress()
    with pytest.raises(ValueError, match=option):
        harness.client(
            TestpressClient,
            AsyncTestpressClient,
            base_url=fake.base_url,
            token=fake.token,
            **{option: value},
        )


def test_the_limits_are_plain_values_of_the_configuration(harness: Harness) -> None:
    fake = FakeTestpress()
    client = harness.client(
        TestpressClient, AsyncTestpressClient, base_url=fake.base_url, token=fake.token
    )
    assert (client._config.deadline, client._config.max_response_size) == (120.0, 64 * MIB)
    unbounded = harness.client(
        TestpressClient,
        AsyncTestpressClient,
        base_url=fake.base_url,
        token=fake.token,
        deadline=None,
        max_response_size=None,
    )
    assert (unbounded._config.deadline, unbounded._config.max_response_size) == (None, None)
