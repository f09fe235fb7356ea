"""What a hostile server can make a call cost: memory bounded by ``max_response_size``, time
bounded by ``deadline``. Real sockets on 127.0.0.1, sync and async, every test bounded in time.

The size tests run the client in a fresh process (tests/support/limits_probe.py) so that its
peak RSS is the client's alone; the servers, and the bombs they send, stay in this process.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path
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

PROBE = Path(__file__).parents[1] / "support" / "limits_probe.py"
MIB = 1024 * 1024
GIB = 1024 * MIB
DEFAULT_LIMIT = 64 * MIB
PEAK_RSS_MIB = 400
JSON_HEADERS = {"Content-Type": "application/json"}


def _gzip_stream(chunks: Iterable[bytes]) -> Iterator[bytes]:
    packer = zlib.compressobj(9, zlib.DEFLATED, zlib.MAX_WBITS | 16)
    for chunk in chunks:
        packed = packer.compress(chunk)
        if packed:
            yield packed
    yield packer.flush()


def _zeros(total: int, size: int = MIB) -> Iterator[bytes]:
    block = b"0" * size
    for _ in range(total // size):
        yield block


@pytest.fixture(scope="module")
def bombs() -> dict[str, bytes]:
    """1 GiB of "0" as gzip (about 1 MiB on the wire) and as gzip inside gzip (about 2 KiB)."""
    single = b"".join(_gzip_stream(_zeros(GIB)))
    double = b"".join(_gzip_stream([single]))
    return {"gzip": single, "gzip, gzip": double}


def _probe(mode: str, base_url: str, token: str, **options: Any) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, str(PROBE), mode, base_url, token, json.dumps(options)],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    report: dict[str, Any] = json.loads(done.stdout)
    return report


MODES = pytest.mark.parametrize("mode", ["sync", "async"])


@MODES
@pytest.mark.parametrize("encoding", ["gzip", "gzip, gzip"])
def test_a_compression_bomb_is_refused_in_bounded_memory(
    mode: str, encoding: str, bombs: dict[str, bytes]
) -> None:
    fake = FakeTestpress()
    wire = bombs[encoding]
    assert len(wire) < 2 * MIB
    headers = {"Content-Type": "application/json", "Content-Encoding": encoding}
    with fs.FaultServer(fake) as server:
        server.inject(fs.Stream(lambda: [wire], headers), times=None)
        report = _probe(mode, server.base_url, str(fake.token))
    assert report["error"] == "ResponseTooLargeError", report
    assert report["limit"] == DEFAULT_LIMIT
    assert "64 MiB" in report["message"]
    assert report["peak_rss_mib"] < PEAK_RSS_MIB, report
    assert len(server.requests) == 1  # never retried


@MODES
@pytest.mark.parametrize("declared", [True, False], ids=["content-length", "until-close"])
def test_a_2_gib_body_is_refused_in_bounded_memory(mode: str, declared: bool) -> None:
    fake = FakeTestpress()
    headers = {"Content-Type": "application/json"}
    if declared:
        headers["Content-Length"] = str(2 * GIB)
    with fs.FaultServer(fake) as server:
        server.inject(fs.Stream(lambda: _zeros(2 * GIB), headers), times=None)
        report = _probe(mode, server.base_url, str(fake.token))
    assert report["error"] == "ResponseTooLargeError", report
    assert report["limit"] == DEFAULT_LIMIT
    assert report["peak_rss_mib"] < PEAK_RSS_MIB, report
    assert len(server.requests) == 1
    # the client hung up soon after the limit (the socket buffers hold a few MiB more)
    assert server.streamed < (2 * DEFAULT_LIMIT if not declared else DEFAULT_LIMIT)


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
