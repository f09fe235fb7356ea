"""What a hostile server can make a call cost: memory bounded by ``max_response_size``, time
bounded by ``deadline``. Real sockets on 127.0.0.1, sync and async, every test bounded in time.

The size tests run the client in a fresh process (tests/support/limits_probe.py) so that its
peak RSS is the client's alone; the servers, and the bombs they send, stay in this process.
"""

from __future__ import annotations

import json
import subprocess
import sys
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest

import support.faultserver as fs
from attempts_sdk.testing import FakeTestpress

PROBE = Path(__file__).parents[1] / "support" / "limits_probe.py"
MIB = 1024 * 1024
GIB = 1024 * MIB
DEFAULT_LIMIT = 64 * MIB
PEAK_RSS_MIB = 400


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
