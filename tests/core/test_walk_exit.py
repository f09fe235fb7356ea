"""Leaving a concurrent walk (``pages(concurrency=N)``) starts no new request and no retry, and
lets the process exit at once: after a ``break``, an exception, Ctrl-C or a cancellation.

Real sockets on 127.0.0.1: the fault server of tests/support/faultserver.py in front of the
Testpress fake (105 attempts, 10 a page: 11 pages), the later pages held or failing.
"""

from __future__ import annotations

import asyncio
import time

import pytest

import support.faultserver as fs
from attempts_sdk import RetryPolicy
from attempts_sdk.testpress import AsyncTestpressClient, TestpressClient
from conftest import Harness
from support import hostile


def _later_page(request: fs.Recorded) -> bool:
    return "page=" in request.query


def test_ctrl_c_during_a_concurrent_walk_exits_at_once_and_sends_nothing_more() -> None:
    """A server that answers page 1, then holds every later request: eight are under way when
    SIGINT arrives. The process is gone within seconds (not after its threads' timeouts and
    retries), and the server sees no request after the interrupt."""
    walk = hostile.interrupted_walk(concurrency=8)
    assert walk.before == 1 + 8
    assert walk.stdout.splitlines() == ["page 1"]
    assert "KeyboardInterrupt" in walk.stderr
    assert walk.returncode != 0
    assert walk.exit_seconds < 3.0, f"the process took {walk.exit_seconds:.1f}s to exit"
    assert walk.after == walk.before  # no request, no retry after the interrupt


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
            time.sleep(0.1)  # a request its thread took before the break reaches the server
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
