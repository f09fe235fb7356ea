"""Exam sessions against FakeTestpress: in memory and over real HTTP, sync and async."""

from __future__ import annotations

import asyncio
import inspect
import threading
import time
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from decimal import Decimal
from typing import Any

import pytest

import support.faultserver as fs
from attempts_sdk import (
    APIStatusError,
    AuthenticationError,
    ClientClosedError,
    HeartbeatWarning,
    RetryPolicy,
)
from attempts_sdk.testing import FakeTestpress
from attempts_sdk.testpress import (
    AsyncTestpressClient,
    AttemptQuestion,
    AttemptState,
    TestpressClient,
)
from conftest import Harness

EXAM = "sample-exam"
FAST = RetryPolicy(max_retries=1, initial_delay=0.0)


@contextmanager
def connected(harness: Harness, fake: FakeTestpress, served: bool, **options: Any) -> Iterator[Any]:
    """A client of the harness's mode talking to ``fake`` in memory or over HTTP."""
    options.setdefault("retry_policy", FAST)
    options.setdefault("token", fake.token)
    if served:
        with fake.serve() as base_url:
            yield harness.client(
                TestpressClient, AsyncTestpressClient, base_url=base_url, **options
            )
    else:
        yield harness.client(
            TestpressClient,
            AsyncTestpressClient,
            base_url=fake.base_url,
            transport=fake.transport,
            **options,
        )


def answer_half_right(fake: FakeTestpress, question: AttemptQuestion, index: int) -> list[int]:
    """Right on even questions, wrong (another choice) on odd ones."""
    correct = fake.correct_answer_ids(question.question.id or question.id)
    if index % 2 == 0:
        return correct
    wrong = [a.id for a in question.question.answers if a.id not in correct]
    return wrong[:1]


def take_exam(
    harness: Harness, client: Any, fake: FakeTestpress, *, interval: float, hold: float
) -> Any:
    """Take the whole exam; returns the session."""
    if harness.is_async:

        async def run() -> Any:
            async with client.take_exam(EXAM, heartbeat_interval=interval) as session:
                index = 0
                async for question in session.questions():
                    await session.answer(question, answer_half_right(fake, question, index))
                    index += 1
                await asyncio.sleep(hold)
            return session

        return harness.await_(run())
    with client.take_exam(EXAM, heartbeat_interval=interval) as session:
        for index, question in enumerate(session.questions()):
            session.answer(question, answer_half_right(fake, question, index))
        time.sleep(hold)
    return session


@pytest.mark.parametrize("served", [False, True], ids=["in-memory", "http"])
def test_full_exam(harness: Harness, served: bool) -> None:
    fake = FakeTestpress(per_page=4)
    with connected(harness, fake, served) as client:
        session = take_exam(harness, client, fake, interval=0.02, hold=0.15)
        result = session.result
        assert result.state is AttemptState.COMPLETED
        assert session.heartbeats_sent >= 2
        assert session.heartbeat_errors == []
        heartbeats = [call for call in fake.calls if call[1].endswith("/heartbeat/")]
        assert len(heartbeats) >= 2

        reviews = harness.collect(client.list_review_questions(result.id))
        assert len(reviews) >= 10
        right = [
            r
            for r in reviews
            if sorted(r.selected_answers)
            == sorted(a.id for a in r.question.answers if a.is_correct)
        ]
        assert result.correct_count == len(right)
        assert result.correct_count + result.incorrect_count + result.unanswered_count == len(
            reviews
        )
        subjects = harness.collect(client.list_subject_analytics(result.id))
        assert len(subjects) >= 3
        assert sum(s.correct or 0 for s in subjects if s.leaf) == result.correct_count
        assert isinstance(result.score, Decimal)


def test_an_exception_in_the_block_still_ends_the_attempt(harness: Harness) -> None:
    fake = FakeTestpress()
    with connected(harness, fake, served=False) as client:
        session = client.take_exam(EXAM, heartbeat_interval=60.0)
        if harness.is_async:

            async def run() -> None:
                async with session:
                    raise KeyError("user code failed")

            with pytest.raises(KeyError, match="user code failed"):
                harness.await_(run())
        else:
            with pytest.raises(KeyError, match="user code failed"), session:
                raise KeyError("user code failed")
        assert session.result.state is AttemptState.COMPLETED
        assert fake.calls[-1] == ("PUT", f"/api/v2.2/attempts/{session.result.id}/end/")


def test_a_running_attempt_is_resumed_not_duplicated(harness: Harness) -> None:
    fake = FakeTestpress()
    with connected(harness, fake, served=False) as client:
        first = harness.run(client.create_attempt, EXAM)
        session = client.take_exam(EXAM, heartbeat_interval=60.0)
        if harness.is_async:

            async def run() -> int:
                async with session:
                    return int(session.attempt.id)

            attempt_id = harness.await_(run())
        else:
            with session:
                attempt_id = session.attempt.id
        assert attempt_id == first.id
        creates = [c for c in fake.calls if c[0] == "POST" and c[1].endswith(f"/{EXAM}/attempts/")]
        assert len(creates) == 1
        assert ("PUT", f"/api/v2.2/attempts/{first.id}/start/") in fake.calls


def test_failing_heartbeats_are_recorded_and_warned_never_raised(harness: Harness) -> None:
    fake = FakeTestpress()
    with connected(harness, fake, served=False) as client:
        session = client.take_exam(EXAM, heartbeat_interval=0.02)

        async def run_async() -> None:
            async with session:
                fake.fail_next(4, status=503)  # two heartbeats, each tried twice
                await asyncio.sleep(0.2)

        def run_sync() -> None:
            with session:
                fake.fail_next(4, status=503)
                time.sleep(0.2)

        with pytest.warns(HeartbeatWarning, match="heartbeat for attempt"):
            harness.await_(run_async()) if harness.is_async else run_sync()
        assert len(session.heartbeat_errors) >= 1
        assert all(isinstance(e, APIStatusError) for e in session.heartbeat_errors)
        assert session.result.state is AttemptState.COMPLETED


def test_wrong_token_is_an_authentication_error(harness: Harness) -> None:
    fake = FakeTestpress()
    with (
        connected(harness, fake, served=False, token="not-the-token") as client,
        pytest.raises(AuthenticationError),
    ):
        harness.run(client.get_attempt, 1)


def test_questions_after_completed_are_refused(harness: Harness) -> None:
    fake = FakeTestpress()
    with connected(harness, fake, served=False) as client:
        attempt = harness.run(client.create_attempt, EXAM)
        harness.run(client.end_attempt, attempt.id)
        with pytest.raises(APIStatusError):
            harness.collect(client.list_attempt_questions(attempt.id))


def test_session_arguments_are_checked() -> None:
    fake = FakeTestpress()
    client = TestpressClient(base_url=fake.base_url, token=fake.token, transport=fake.transport)
    with pytest.raises(ValueError, match="heartbeat_interval"):
        client.take_exam(EXAM, heartbeat_interval=0)
    with pytest.raises(ValueError, match="exam_slug"):
        client.take_exam("")
    session = client.take_exam(EXAM)
    with pytest.raises(RuntimeError, match="not started"):
        _ = session.attempt
    with pytest.raises(RuntimeError, match="not ended"):
        _ = session.result
    assert fake.calls == []
    client.close()


# --- heartbeats the server refuses for good, and a client closed under a heartbeat


def _in_block(harness: Harness, session: Any, body: Callable[[], Any]) -> None:
    """Run ``body`` (a plain or async function) inside the session's block."""
    if harness.is_async:

        async def run() -> None:
            async with session:
                result = body()
                if inspect.isawaitable(result):
                    await result

        harness.await_(run())
    else:
        with session:
            body()


def _pause(harness: Harness, seconds: float) -> Callable[[], Any]:
    return (lambda: asyncio.sleep(seconds)) if harness.is_async else (lambda: time.sleep(seconds))


def _heartbeats(server: fs.FaultServer) -> list[fs.Recorded]:
    return [r for r in server.requests if r.path.endswith("/heartbeat/")]


@pytest.mark.parametrize("status", [404, 409, 410])
def test_a_heartbeat_refused_for_good_ends_the_heartbeats(harness: Harness, status: int) -> None:
    """A 404, 409 or 410 will answer every later heartbeat too: the loop stops after the
    first, which is recorded and warned once; the block goes on and the attempt is ended."""
    fake = FakeTestpress()
    with fs.FaultServer(fake) as server:
        gone = fs.Reply(status, b'{"detail": "gone"}', {"Content-Type": "application/json"})
        server.inject(gone, times=None, match=lambda r: r.path.endswith("/heartbeat/"))
        client = harness.client(
            TestpressClient,
            AsyncTestpressClient,
            base_url=server.base_url,
            token=fake.token,
            retry_policy=FAST,
        )
        session = client.take_exam(EXAM, heartbeat_interval=0.02)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            _in_block(harness, session, _pause(harness, 0.5))

    assert len(_heartbeats(server)) == 1  # 25 intervals passed: one heartbeat, not 25
    assert [type(e) for e in session.heartbeat_errors] == [type(session.heartbeat_errors[0])]
    assert session.heartbeat_errors[0].status_code == status
    beats = [w for w in caught if issubclass(w.category, HeartbeatWarning)]
    assert len(beats) == 1
    assert "no more heartbeats are sent" in str(beats[0].message)
    assert session.result.state is AttemptState.COMPLETED
    assert server.requests[-1].path.endswith("/end/")


def test_closing_the_client_under_a_heartbeat_raises_only_sdk_errors(harness: Harness) -> None:
    """The client is closed while a heartbeat waits for a stalled server: the heartbeat ends
    with `ClientClosedError` (recorded, loop over), and leaving the block raises
    `ClientClosedError` (the end request could not be sent): never httpx's RuntimeError."""
    fake = FakeTestpress()
    crashed: list[threading.ExceptHookArgs] = []
    with fs.FaultServer(fake) as server, _thread_crashes(crashed):
        server.inject(fs.Stall(1.0), times=None, match=lambda r: r.path.endswith("/heartbeat/"))
        client = harness.client(
            TestpressClient,
            AsyncTestpressClient,
            base_url=server.base_url,
            token=fake.token,
            retry_policy=FAST,
        )
        session = client.take_exam(EXAM, heartbeat_interval=0.05)

        def close_under_heartbeat() -> Any:
            if harness.is_async:

                async def run() -> None:
                    await asyncio.sleep(0.3)  # the first heartbeat is in flight
                    await client.aclose()
                    await asyncio.sleep(0.1)

                return run()
            time.sleep(0.3)
            client.close()
            return None

        started = time.monotonic()
        with warnings.catch_warnings(record=True):
            warnings.simplefilter("always")
            with pytest.raises(ClientClosedError):
                _in_block(harness, session, close_under_heartbeat)
        elapsed = time.monotonic() - started

    # a sync socket read is not woken by close(): the heartbeat ends when the server answers
    assert elapsed < 4.0
    assert crashed == []
    assert len(_heartbeats(server)) == 1
    if not harness.is_async:  # the async heartbeat task is cancelled, not failed
        assert [type(e) for e in session.heartbeat_errors] == [ClientClosedError]
    assert not [r for r in server.requests if r.path.endswith("/end/")]


def test_a_heartbeat_in_flight_when_the_block_ends_still_lets_the_attempt_end(
    harness: Harness,
) -> None:
    """The block ends while a heartbeat waits on a slow server: the attempt is still ended."""
    fake = FakeTestpress()
    with fs.FaultServer(fake) as server:
        server.inject(fs.Stall(0.5), times=1, match=lambda r: r.path.endswith("/heartbeat/"))
        client = harness.client(
            TestpressClient,
            AsyncTestpressClient,
            base_url=server.base_url,
            token=fake.token,
            retry_policy=FAST,
        )
        session = client.take_exam(EXAM, heartbeat_interval=0.05)
        _in_block(harness, session, _pause(harness, 0.2))

    assert session.result.state is AttemptState.COMPLETED
    assert server.requests[-1].path.endswith("/end/")


@contextmanager
def _thread_crashes(into: list[threading.ExceptHookArgs]) -> Iterator[None]:
    """Collect exceptions that end a thread (the sync heartbeat's) instead of printing them."""
    previous = threading.excepthook
    threading.excepthook = into.append
    try:
        yield
    finally:
        threading.excepthook = previous
