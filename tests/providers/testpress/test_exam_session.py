"""Exam sessions against FakeTestpress: in memory and over real HTTP, sync and async."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from typing import Any

import pytest

from attempts_sdk import (
    APIStatusError,
    AuthenticationError,
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
