"""Leaving a concurrent walk (``pages(concurrency=N)``) starts no new request and no retry, and
lets the process exit at once: after a ``break``, an exception, Ctrl-C or a cancellation.

Real sockets on 127.0.0.1: the fault server of tests/support/faultserver.py in front of the
Testpress fake (105 attempts, 10 a page: 11 pages), the later pages held or failing.
"""

from __future__ import annotations

import asyncio
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

import support.faultserver as fs
from attempts_sdk import RetryPolicy
from attempts_sdk.testpress import AsyncTestpressClient, TestpressClient
from conftest import Harness

PROBE = Path(__file__).parents[1] / "support" / "walk_probe.py"


def _later_page(request: fs.Recorded) -> bool:
    return "page=" in request.query


def _wait_for(condition: Any, seconds: float) -> bool:
    """Poll ``condition()`` for up to ``seconds``."""
    ends = time.monotonic() + seconds
    while time.monotonic() < ends:
        if condition():
            return True
        time.sleep(0.01)
    return bool(condition())


def test_ctrl_c_during_a_concurrent_walk_exits_at_once_and_sends_nothing_more() -> None:
    """A server that answers page 1, then holds every later request: eight are under way when
    SIGINT arrives. The process is gone within seconds (not after its threads' timeouts and
    retries), and the server sees no request after the interrupt."""
    fake = fs._testpress(True)
    with fs.FaultServer(fake) as server:
        server.inject(fs.Stall(60.0), times=None, match=_later_page)
        walk = subprocess.Popen(
            [sys.executable, str(PROBE), server.base_url, str(fake.token), "8"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            assert _wait_for(lambda: len(server.requests) >= 1 + 8, 30.0), server.requests
            time.sleep(0.2)  # no ninth page may start: the window holds eight
            seen = len(server.requests)
            interrupted = time.monotonic()
            walk.send_signal(signal.SIGINT)
            walk.wait(timeout=20)
            exited = time.monotonic() - interrupted
            time.sleep(0.5)  # a request sent on the way out would have arrived by now
        finally:
            walk.kill()
            out, err = walk.communicate()
    assert seen == 1 + 8
    assert out.splitlines() == ["page 1"]
    assert "KeyboardInterrupt" in err
    assert walk.returncode != 0
    assert exited < 3.0, f"the process took {exited:.1f}s to exit"
    assert len(server.requests) == seen  # no request, no retry after the interrupt


def test_leaving_a_concurrent_walk_starts_no_retry(harness: Harness) -> None:
    """Pages 3 on answer 503 (retryable) after a while; the walk is left at page 2, while
    they are under way: their 503s are not retried, and no later page is asked for."""
    fake = fs._testpress(True)
    failing = fs.Reply(503, b'{"detail": "busy"}', {"Content-Type": "application/json"})
    slow_failure = fs.Reply(failing.status, failing.body, failing.headers, delay=0.3)
    with fs.FaultServer(fake) as server:
        server.inject(
            slow_failure,
            times=None,
            match=lambda r: _later_page(r) and "page=2" not in r.query,
        )
        client = harness.client(
            TestpressClient,
            AsyncTestpressClient,
            base_url=server.base_url,
            token=fake.token,
            retry_policy=RetryPolicy(max_retries=2, initial_delay=0.0),
        )
        paginator = client.list_attempts()
        if harness.is_async:

            async def leave() -> int:
                number = 0
                async for _page in paginator.pages(concurrency=4):
                    number += 1
                    if number == 2:
                        break
                await asyncio.sleep(0.1)  # the walk's clean-up runs, in the loop
                sent = len(server.requests)
                await asyncio.sleep(1.0)  # the 503s arrive meanwhile
                return sent

            sent = harness.await_(leave())
        else:
            for number, _page in enumerate(paginator.pages(concurrency=4), 1):
                if number == 2:
                    break
            sent = len(server.requests)
            time.sleep(1.0)
    assert 1 + 1 <= sent <= 1 + 4 + 4  # page 1, page 2, and the window's requests at most
    assert len(server.requests) == sent, [r.query for r in server.requests[sent:]]


@pytest.mark.parametrize("how", ["exception", "cancellation"])
def test_an_async_walk_left_by_an_exception_or_a_cancellation_starts_nothing_more(
    how: str,
) -> None:
    fake = fs._testpress(True)
    failing = fs.Reply(503, b'{"detail": "busy"}', {"Content-Type": "application/json"})
    with fs.FaultServer(fake) as server:
        server.inject(
            fs.Reply(failing.status, failing.body, failing.headers, delay=0.3),
            times=None,
            match=_later_page,
        )

        async def walk(client: AsyncTestpressClient) -> None:
            async for page in client.list_attempts().pages(concurrency=4):
                if how == "exception":
                    raise RuntimeError("the consumer failed")
                del page

        async def main() -> int:
            async with AsyncTestpressClient(
                base_url=server.base_url,
                token=fake.token,
                retry_policy=RetryPolicy(max_retries=2, initial_delay=0.0),
            ) as client:
                task = asyncio.create_task(walk(client))
                if how == "exception":
                    with pytest.raises(RuntimeError):
                        await task
                else:
                    await asyncio.sleep(0.15)  # page 1 in, pages 2-5 under way
                    task.cancel()
                    with pytest.raises(asyncio.CancelledError):
                        await task
                await asyncio.sleep(0.05)
                sent = len(server.requests)
                await asyncio.sleep(1.0)
                assert len(server.requests) == sent
                return sent

        sent = asyncio.run(main())
    assert sent <= 1 + 4
