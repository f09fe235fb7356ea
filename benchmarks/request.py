"""Per-request overhead: ``client.get_attempt(id)`` against raw ``httpx.Client.get`` +
``orjson.loads`` + the same SDK decode (``decode_model(Attempt, ...)``), on a loopback server.

The server runs in a subprocess (`_server`) and answers one attempt to every GET. Both sides
use an `httpx.Client` built the same way (keep-alive, the SDK's default timeout); the SDK is
given its client with ``http_client=``. Rounds of ``calls`` requests alternate between the
two; the figure is the ratio of the median rounds: what the SDK's request building, retry
loop, status handling and error plumbing add to a bare request and the same decode.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import orjson

from attempts_sdk._decoding import decode_model
from attempts_sdk.testpress import Attempt, TestpressClient

from . import _data
from ._report import Detail, Result, at_most, interleave, median

__all__ = ["loopback_server", "run"]

TOKEN = "bench-token"
TIMEOUT = httpx.Timeout(30.0, connect=5.0)  # the SDK's default


@contextmanager
def loopback_server(body: bytes) -> Iterator[str]:
    """Serve ``body`` on 127.0.0.1 from a subprocess; yields its base URL."""
    server = subprocess.Popen(
        [sys.executable, str(Path(__file__).with_name("_server.py"))],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
    )
    try:
        assert server.stdin is not None and server.stdout is not None
        server.stdin.write(body)
        server.stdin.close()
        port = int(server.stdout.readline())
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait(timeout=10)
        if server.stdout is not None:
            server.stdout.close()


def run(*, rounds: int, calls: int) -> list[Result]:
    """``rounds`` interleaved rounds of ``calls`` requests on each side."""
    record = _data.attempt(0)
    attempt_id = record["id"]
    assert isinstance(attempt_id, int)
    body = json.dumps(record, separators=(",", ":")).encode()
    with (
        loopback_server(body) as base_url,
        httpx.Client(timeout=TIMEOUT) as sdk_http,
        httpx.Client(timeout=TIMEOUT) as raw_http,
    ):
        client = TestpressClient(base_url=base_url, token=TOKEN, http_client=sdk_http)
        url = f"{base_url}/api/v2.2/attempts/{attempt_id}/"
        headers = {"Authorization": f"JWT {TOKEN}"}

        def sdk_call() -> Attempt:
            return client.get_attempt(attempt_id)

        def raw_call() -> Attempt:
            response = raw_http.get(url, headers=headers)
            response.raise_for_status()
            return decode_model(
                Attempt, orjson.loads(response.content), provider="testpress", strict=False
            )

        if sdk_call() != raw_call():
            raise AssertionError("the SDK and the raw call decoded different attempts")

        def sdk_round() -> None:
            for _ in range(calls):
                sdk_call()

        def raw_round() -> None:
            for _ in range(calls):
                raw_call()

        timings = interleave({"sdk": sdk_round, "raw": raw_round}, rounds)
    per_call = {name: median(times) / calls * 1e6 for name, times in timings.items()}
    details: Detail = {
        "rounds": rounds,
        "calls_per_round": calls,
        "body_bytes": len(body),
        "median_of_round_ratios": median(
            [sdk / raw for sdk, raw in zip(timings["sdk"], timings["raw"], strict=True)]
        ),
    }
    return [
        Result("request.sdk", "per request: SDK get_attempt()", per_call["sdk"], "µs", None),
        Result(
            "request.raw",
            "per request: httpx get + orjson + decode_model",
            per_call["raw"],
            "µs",
            None,
        ),
        at_most(
            "request.ratio",
            "per request: SDK / raw httpx (same decode)",
            per_call["sdk"] / per_call["raw"],
            "x",
            1.10,
            details,
        ),
    ]
