"""Exam sessions: take a Testpress exam in a ``with`` block.

Entering creates the attempt (or resumes this exam's Running attempt), a heartbeat is sent
every ``heartbeat_interval`` seconds in the background while the block runs, and leaving the
block ends the attempt, also when the block raised. The decisions (which attempt to resume,
what to do with a failed heartbeat) are made once, in `_SessionState`; `ExamSession` and
`AsyncExamSession` only run them with a thread or a task.
"""

from __future__ import annotations

import contextlib
import threading
import warnings
from collections.abc import AsyncIterator, Iterable
from types import TracebackType
from typing import TYPE_CHECKING

from .._errors import APIStatusError, AttemptsSDKError, ClientClosedError, HeartbeatWarning
from .models import Attempt, AttemptQuestion, AttemptState

if TYPE_CHECKING:
    import asyncio

    from .._pagination import Paginator
    from .client import AsyncTestpressClient, TestpressClient

__all__ = ["AsyncExamSession", "ExamSession", "HeartbeatWarning"]


_FINAL_STATUSES = frozenset({404, 409, 410})
"""Heartbeat answers that end the heartbeat loop."""


class _SessionState:
    """What both sessions hold, and the decisions they share."""

    def __init__(self, exam_slug: str, heartbeat_interval: float) -> None:
        if not isinstance(exam_slug, str) or not exam_slug.strip():
            raise ValueError(f"exam_slug must be a non-empty str, not {exam_slug!r}")
        if isinstance(heartbeat_interval, bool) or not heartbeat_interval > 0:
            raise ValueError(f"heartbeat_interval must be > 0 seconds, not {heartbeat_interval!r}")
        self.exam_slug: str = exam_slug
        self.heartbeat_interval: float = float(heartbeat_interval)
        self.heartbeat_errors: list[AttemptsSDKError] = []
        self.heartbeats_sent: int = 0
        self._attempt: Attempt | None = None
        self._result: Attempt | None = None

    @property
    def attempt(self) -> Attempt:
        """The current attempt (refreshed by each heartbeat)."""
        if self._attempt is None:
            raise RuntimeError("the exam session has not started: use it in a with block")
        return self._attempt

    @property
    def result(self) -> Attempt:
        """The ended attempt, once the block is over."""
        if self._result is None:
            raise RuntimeError("the exam session has not ended yet")
        return self._result

    @staticmethod
    def _resumable(attempts: Iterable[Attempt]) -> Attempt | None:
        """This exam's Running attempt, if there is one: it is resumed, not duplicated."""
        for attempt in attempts:
            if attempt.state == AttemptState.RUNNING:
                return attempt
        return None

    def _heartbeat_done(self, attempt: Attempt) -> None:
        self.heartbeats_sent += 1
        self._attempt = attempt

    def _heartbeat_failed(self, error: AttemptsSDKError) -> bool:
        """Record a heartbeat that failed after the client's retries, and warn: never raise.

        Returns whether to keep beating: not once the attempt is gone or over (404, 410), the
        server refuses it for good (409), or the client is closed; those would fail alike at
        every interval until the block ends.
        """
        self.heartbeat_errors.append(error)
        final = isinstance(error, ClientClosedError) or (
            isinstance(error, APIStatusError) and error.status_code in _FINAL_STATUSES
        )
        stop = "; no more heartbeats are sent" if final else ""
        warnings.warn(
            HeartbeatWarning(
                f"testpress: heartbeat for attempt {self.attempt.id} failed: {error}{stop}"
            ),
            stacklevel=2,
        )
        return not final

    def _end_failed(self, error: AttemptsSDKError, block_error: BaseException | None) -> None:
        """Ending failed: raise, unless the block raised first; its own exception matters
        more, so ending is reported beside it as a warning."""
        if block_error is None:
            raise error
        warnings.warn(
            HeartbeatWarning(f"testpress: could not end attempt {self.attempt.id}: {error}"),
            stacklevel=3,
        )

    @staticmethod
    def _question_id(question: AttemptQuestion | int) -> int:
        return question.id if isinstance(question, AttemptQuestion) else question


class ExamSession(_SessionState):
    """A Testpress exam taken in a ``with`` block (from `TestpressClient.take_exam`)."""

    def __init__(self, client: TestpressClient, exam_slug: str, heartbeat_interval: float) -> None:
        super().__init__(exam_slug, heartbeat_interval)
        self._client = client
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def __enter__(self) -> ExamSession:
        running = self._resumable(self._client.list_exam_attempts(self.exam_slug))
        if running is not None:
            self._attempt = self._client.start_attempt(running.id)
        else:
            self._attempt = self._client.create_attempt(self.exam_slug)
        self._thread = threading.Thread(
            target=self._beat, name=f"testpress-heartbeat-{self._attempt.id}", daemon=True
        )
        self._thread.start()
        return self

    def _beat(self) -> None:
        while not self._stop.wait(self.heartbeat_interval):
            try:
                self._heartbeat_done(self._client.send_heartbeat(self.attempt.id))
            except AttemptsSDKError as error:
                if not self._heartbeat_failed(error):
                    return

    def questions(self) -> Paginator[AttemptQuestion]:
        """The attempt's questions, page by page as you iterate."""
        return self._client.list_attempt_questions(self.attempt.id)

    def answer(
        self, question: AttemptQuestion | int, answer_ids: list[int], *, review: bool | None = None
    ) -> AttemptQuestion:
        """Choose ``answer_ids`` for a question (an `AttemptQuestion` or its id)."""
        return self._client.update_attempt_question(
            self.attempt.id, self._question_id(question), selected_answers=answer_ids, review=review
        )

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
        try:
            self._result = self._client.end_attempt(self.attempt.id)
        except AttemptsSDKError as error:  # ClientClosedError too: closed under the block
            self._end_failed(error, exc)


class AsyncExamSession(_SessionState):
    """The async twin of `ExamSession` (``async with client.take_exam(...) as session``)."""

    def __init__(
        self, client: AsyncTestpressClient, exam_slug: str, heartbeat_interval: float
    ) -> None:
        super().__init__(exam_slug, heartbeat_interval)
        self._client = client
        self._task: asyncio.Task[None] | None = None

    async def __aenter__(self) -> AsyncExamSession:
        attempts = [a async for a in self._client.list_exam_attempts(self.exam_slug)]
        running = self._resumable(attempts)
        if running is not None:
            self._attempt = await self._client.start_attempt(running.id)
        else:
            self._attempt = await self._client.create_attempt(self.exam_slug)
        import asyncio  # imported here, as below: an event loop has it loaded already

        self._task = asyncio.get_running_loop().create_task(self._beat())
        return self

    async def _beat(self) -> None:
        import asyncio

        while True:
            await asyncio.sleep(self.heartbeat_interval)
            try:
                self._heartbeat_done(await self._client.send_heartbeat(self.attempt.id))
            except AttemptsSDKError as error:
                if not self._heartbeat_failed(error):
                    return

    async def questions(self) -> AsyncIterator[AttemptQuestion]:
        """The attempt's questions, page by page as you iterate."""
        async for question in self._client.list_attempt_questions(self.attempt.id):
            yield question

    async def answer(
        self, question: AttemptQuestion | int, answer_ids: list[int], *, review: bool | None = None
    ) -> AttemptQuestion:
        """Choose ``answer_ids`` for a question (an `AttemptQuestion` or its id)."""
        return await self._client.update_attempt_question(
            self.attempt.id, self._question_id(question), selected_answers=answer_ids, review=review
        )

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._task is not None:
            import asyncio

            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        try:
            self._result = await self._client.end_attempt(self.attempt.id)
        except AttemptsSDKError as error:
            self._end_failed(error, exc)
