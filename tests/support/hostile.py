"""Hostile servers and what they cost a client, measured: the scenarios behind
tests/core/test_limits.py and tests/core/test_walk_exit.py, and the figures of
examples/limits_report.py (docs/reliability.md).

Each scenario runs its servers here, on 127.0.0.1, and, where memory or exiting is measured,
the client in a fresh process (tests/support/limits_probe.py, walk_probe.py), so that the
figures are the client's alone.
"""

from __future__ import annotations

import functools
import json
import signal
import subprocess
import sys
import time
import zlib
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import attrs

from attempts_sdk.testing import FakeTestpress
from support import faultserver as fs

SUPPORT = Path(__file__).parent
MIB = 1024 * 1024
GIB = 1024 * MIB
JSON_HEADERS = {"Content-Type": "application/json"}
SEEDED_ATTEMPT = 125001
"""An attempt the Testpress fake is seeded with."""
BODIES = ("gzip", "gzip, gzip", "plain, Content-Length", "plain, until close")
"""The oversized bodies: 1 GiB of "0" gzipped once or twice, and 2 GiB plain, announced by its
``Content-Length`` or not."""


def zeros(total: int, size: int = MIB) -> Iterator[bytes]:
    """``total`` bytes of ``"0"``, ``size`` at a time."""
    block = b"0" * size
    for _ in range(total // size):
        yield block


def gzip_stream(chunks: Iterable[bytes]) -> Iterator[bytes]:
    packer = zlib.compressobj(6, zlib.DEFLATED, zlib.MAX_WBITS | 16)  # 9: no smaller, slower
    for chunk in chunks:
        packed = packer.compress(chunk)
        if packed:
            yield packed
    yield packer.flush()


@functools.cache
def bomb(layers: int) -> bytes:
    """1 GiB of ``"0"``, gzipped ``layers`` times: about 1 MiB once, 2 KiB twice."""
    if layers == 1:
        return b"".join(gzip_stream(zeros(GIB)))
    return b"".join(gzip_stream([bomb(layers - 1)]))


def oversized(kind: str) -> fs.Stream:
    """The fault server's answer for one of `BODIES`."""
    if kind.startswith("gzip"):
        wire = bomb(kind.count("gzip"))
        return fs.Stream(lambda: [wire], {**JSON_HEADERS, "Content-Encoding": kind})
    headers = dict(JSON_HEADERS)
    if kind == "plain, Content-Length":
        headers["Content-Length"] = str(2 * GIB)
    return fs.Stream(lambda: zeros(2 * GIB), headers)


@attrs.frozen
class Probed:
    """One call made in a fresh process (tests/support/limits_probe.py) against a server that
    answered with ``body``.

    Attributes:
        report: the probe's report: ``error`` (its class name), ``message``, ``limit``,
            ``seconds``, ``peak_rss_mib``.
        requests: how many requests the server received.
        sent: the body bytes the server put on the wire before the client hung up.
    """

    body: str
    mode: str
    report: dict[str, Any]
    requests: int
    sent: int


def probe(
    mode: str, base_url: str, token: str, attempt_id: int = 1, **options: Any
) -> dict[str, Any]:
    """Run limits_probe.py: one ``get_attempt`` with the default settings and ``options``."""
    script = str(SUPPORT / "limits_probe.py")
    done = subprocess.run(
        [sys.executable, script, mode, base_url, token, json.dumps(options), str(attempt_id)],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    report: dict[str, Any] = json.loads(done.stdout)
    return report


def oversized_call(kind: str, mode: str) -> Probed:
    """A call whose answer is the oversized body ``kind``, with the default settings."""
    fake = FakeTestpress()
    with fs.FaultServer(fake) as server:
        server.inject(oversized(kind), times=None)
        report = probe(mode, server.base_url, str(fake.token))
    return Probed(kind, mode, report, len(server.requests), server.streamed)


def plain_call(mode: str) -> Probed:
    """A call answered normally (a seeded attempt): the baseline of the figures."""
    fake = FakeTestpress()
    with fake.serve() as base_url:
        report = probe(mode, base_url, str(fake.token), attempt_id=SEEDED_ATTEMPT)
    return Probed("a normal answer", mode, report, 1, 0)


def dripping(interval: float) -> fs.Stream:
    """A 200 whose body comes one byte every ``interval`` seconds, without end."""
    return fs.Stream(lambda: iter([b"{"] + [b" "] * 100_000), JSON_HEADERS, interval=interval)


@attrs.frozen
class Interrupted:
    """Ctrl-C during a concurrent walk (tests/support/walk_probe.py) over a server that holds
    every page after the first.

    Attributes:
        before: requests the server had received when SIGINT was sent.
        after: requests it had received half a second after the process ended.
        exit_seconds: from SIGINT to the end of the process.
    """

    before: int
    after: int
    exit_seconds: float
    returncode: int
    stdout: str
    stderr: str


def interrupted_walk(concurrency: int = 8) -> Interrupted:
    fake = fs._testpress(True)  # 105 attempts, 10 a page
    with fs.FaultServer(fake) as server:
        server.inject(fs.Stall(60.0), times=None, match=lambda r: "page=" in r.query)
        script = str(SUPPORT / "walk_probe.py")
        walk = subprocess.Popen(
            [sys.executable, script, server.base_url, str(fake.token), str(concurrency)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            if not _wait_for(lambda: len(server.requests) >= 1 + concurrency, 30.0):
                raise AssertionError(f"the walk did not start: {server.requests}")
            time.sleep(0.2)  # a request beyond the window's would arrive meanwhile
            before = len(server.requests)
            interrupted = time.monotonic()
            walk.send_signal(signal.SIGINT)
            walk.wait(timeout=20)
            exit_seconds = time.monotonic() - interrupted
            time.sleep(0.5)  # a request sent on the way out would have arrived by now
        finally:
            walk.kill()
            out, err = walk.communicate()
        after = len(server.requests)
    return Interrupted(before, after, exit_seconds, walk.returncode, out, err)


def _wait_for(condition: Callable[[], bool], seconds: float) -> bool:
    ends = time.monotonic() + seconds
    while time.monotonic() < ends:
        if condition():
            return True
        time.sleep(0.01)
    return condition()
