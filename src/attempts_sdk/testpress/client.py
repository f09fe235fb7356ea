"""`TestpressClient` and `AsyncTestpressClient`: one short method per endpoint."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

import httpx

from .._base_client import AsyncAPIClient, SyncAPIClient
from .._pagination import AsyncPaginator, Paginator
from . import endpoints as ep
from .admin import AsyncTestpressAdmin, TestpressAdmin

if TYPE_CHECKING:  # the models and sessions are imported on first use (see attempts_sdk._lazy)
    from typing_extensions import Unpack

    from .._base_client import AsyncClientOptions, SyncClientOptions
    from .models import Attempt, AttemptQuestion, Exam, ReviewQuestion, SubjectAnalytics
    from .session import AsyncExamSession, ExamSession

__all__ = ["AsyncTestpressAdmin", "AsyncTestpressClient", "TestpressAdmin", "TestpressClient"]

_T = TypeVar("_T", bound="TestpressClient")
_AT = TypeVar("_AT", bound="AsyncTestpressClient")


class TestpressClient(SyncAPIClient):
    """The Testpress student API v2.2 (and, under ``.admin``, the admin API v2.5 and v3).

    Args:
        base_url: your institute's URL, e.g. ``https://demo.testpress.in``
            (default: ``$TESTPRESS_BASE_URL``).
        token: a JWT from `login` (default: ``$TESTPRESS_TOKEN``); sent as ``Authorization: JWT …``.
        **options: see `attempts_sdk.ClientOptions`: ``timeout``, ``max_retries``, ``headers``,
            ``strict``, ``http_client``, ``transport``, ``retry_policy``, ``auth``, ``cache``
            (default False) and ``rate_limit`` (default None).

    Raises:
        ConfigurationError: no base URL or token was given or found in the environment.
    """

    __test__ = False  # not a pytest test class, despite the name
    _provider = ep.TESTPRESS

    def __init__(
        self,
        *,
        base_url: str | httpx.URL | None = None,
        token: str | None = None,
        **options: Unpack[SyncClientOptions],
    ) -> None:
        self._setup(base_url=base_url, credential=token, options=options)
        self.admin = TestpressAdmin(self)

    @classmethod
    def login(
        cls: type[_T],
        base_url: str,
        username: str,
        password: str,
        **options: Unpack[SyncClientOptions],
    ) -> _T:
        """Get a token with a username and password (``POST /api/v2.5/auth-token/``) and
        return a client that uses it. The password is never logged or shown in errors."""
        with cls._anonymous(base_url, options, secrets=(password,)) as anonymous:
            token = anonymous._call(ep.LOGIN, username=username, password=password).token
        return cls(base_url=base_url, token=token, **options)

    def list_exams(
        self, *, course: str | None = None, state: str | None = None, q: str | None = None
    ) -> Paginator[Exam]:
        """The exams the user can see: by course name, ``state`` (``"available"``,
        ``"upcoming"`` or ``"history"``) and title (``q``). Their slugs are what
        `create_attempt` and `take_exam` take."""
        return self._paginate(ep.LIST_EXAMS, course=course, state=state, q=q)

    def get_exam(self, exam_slug: str) -> Exam:
        """One exam, with the user's ``attempts`` at it. Raises `PermissionDeniedError` for
        an exam not available to the user."""
        return self._call(ep.GET_EXAM, exam_slug=exam_slug)

    def list_attempts(
        self, *, course: str | None = None, q: str | None = None
    ) -> Paginator[Attempt]:
        """The user's attempts, optionally filtered by course name or exam title (``q``)."""
        return self._paginate(ep.LIST_ATTEMPTS, course=course, q=q)

    def list_exam_attempts(self, exam_slug: str) -> Paginator[Attempt]:
        """The user's attempts at one exam."""
        return self._paginate(ep.LIST_EXAM_ATTEMPTS, exam_slug=exam_slug)

    def get_attempt(self, attempt_id: int) -> Attempt:
        """One attempt. Raises `PermissionDeniedError` for another user's attempt."""
        return self._call(ep.GET_ATTEMPT, attempt_id=attempt_id)

    def create_attempt(self, exam_slug: str) -> Attempt:
        """Start a new attempt at an exam. Not retried unless the server was never reached."""
        return self._call(ep.CREATE_ATTEMPT, exam_slug=exam_slug)

    def start_attempt(self, attempt_id: int) -> Attempt:
        """Resume a paused attempt (restarts its timer)."""
        return self._call(ep.START_ATTEMPT, attempt_id=attempt_id)

    def send_heartbeat(self, attempt_id: int) -> Attempt:
        """Tell the server the attempt is alive; call it every minute while it runs."""
        return self._call(ep.SEND_HEARTBEAT, attempt_id=attempt_id)

    def end_attempt(self, attempt_id: int) -> Attempt:
        """End an attempt: it becomes Completed and can be reviewed."""
        return self._call(ep.END_ATTEMPT, attempt_id=attempt_id)

    def list_attempt_questions(self, attempt_id: int) -> Paginator[AttemptQuestion]:
        """The questions of a running attempt (refused once it is Completed)."""
        return self._paginate(ep.LIST_ATTEMPT_QUESTIONS, attempt_id=attempt_id)

    def update_attempt_question(
        self,
        attempt_id: int,
        question_id: int,
        *,
        selected_answers: list[int] | None = None,
        review: bool | None = None,
        essay_text: str | None = None,
        short_text: str | None = None,
    ) -> AttemptQuestion:
        """Answer a question (answer ids), mark it for review, or write an essay/short answer."""
        return self._call(
            ep.UPDATE_ATTEMPT_QUESTION,
            attempt_id=attempt_id,
            question_id=question_id,
            selected_answers=selected_answers,
            review=review,
            essay_text=essay_text,
            short_text=short_text,
        )

    def list_review_questions(self, attempt_id: int) -> Paginator[ReviewQuestion]:
        """The questions of a Completed attempt with correct answers and explanations."""
        return self._paginate(ep.LIST_REVIEW_QUESTIONS, attempt_id=attempt_id)

    def list_subject_analytics(self, attempt_id: int) -> Paginator[SubjectAnalytics]:
        """Per-subject results of a Completed attempt."""
        return self._paginate(ep.LIST_SUBJECT_ANALYTICS, attempt_id=attempt_id)

    def take_exam(self, exam_slug: str, *, heartbeat_interval: float = 60.0) -> ExamSession:
        """Take an exam in a ``with`` block: the attempt is created (or this exam's Running
        attempt resumed), a heartbeat is sent every ``heartbeat_interval`` seconds in a
        background thread, and the attempt is ended when the block is left, also on error.
        The guide "Exam sessions" has a complete example, sync and async.
        """
        from .session import ExamSession

        return ExamSession(self, exam_slug, heartbeat_interval)


class AsyncTestpressClient(AsyncAPIClient):
    """The async twin of `TestpressClient`: the same methods, as coroutines; list methods
    return an `AsyncPaginator` at once (``async for``)."""

    __test__ = False
    _provider = ep.TESTPRESS

    def __init__(
        self,
        *,
        base_url: str | httpx.URL | None = None,
        token: str | None = None,
        **options: Unpack[AsyncClientOptions],
    ) -> None:
        self._setup(base_url=base_url, credential=token, options=options)
        self.admin = AsyncTestpressAdmin(self)

    @classmethod
    async def login(
        cls: type[_AT],
        base_url: str,
        username: str,
        password: str,
        **options: Unpack[AsyncClientOptions],
    ) -> _AT:
        """Get a token with a username and password and return a client that uses it."""
        async with cls._anonymous(base_url, options, secrets=(password,)) as anonymous:
            token = (await anonymous._call(ep.LOGIN, username=username, password=password)).token
        return cls(base_url=base_url, token=token, **options)

    def list_exams(
        self, *, course: str | None = None, state: str | None = None, q: str | None = None
    ) -> AsyncPaginator[Exam]:
        """The exams the user can see (see `TestpressClient.list_exams`)."""
        return self._paginate(ep.LIST_EXAMS, course=course, state=state, q=q)

    async def get_exam(self, exam_slug: str) -> Exam:
        """One exam, with the user's ``attempts`` at it."""
        return await self._call(ep.GET_EXAM, exam_slug=exam_slug)

    def list_attempts(
        self, *, course: str | None = None, q: str | None = None
    ) -> AsyncPaginator[Attempt]:
        """The user's attempts, optionally filtered by course name or exam title (``q``)."""
        return self._paginate(ep.LIST_ATTEMPTS, course=course, q=q)

    def list_exam_attempts(self, exam_slug: str) -> AsyncPaginator[Attempt]:
        """The user's attempts at one exam."""
        return self._paginate(ep.LIST_EXAM_ATTEMPTS, exam_slug=exam_slug)

    async def get_attempt(self, attempt_id: int) -> Attempt:
        """One attempt. Raises `PermissionDeniedError` for another user's attempt."""
        return await self._call(ep.GET_ATTEMPT, attempt_id=attempt_id)

    async def create_attempt(self, exam_slug: str) -> Attempt:
        """Start a new attempt at an exam. Not retried unless the server was never reached."""
        return await self._call(ep.CREATE_ATTEMPT, exam_slug=exam_slug)

    async def start_attempt(self, attempt_id: int) -> Attempt:
        """Resume a paused attempt (restarts its timer)."""
        return await self._call(ep.START_ATTEMPT, attempt_id=attempt_id)

    async def send_heartbeat(self, attempt_id: int) -> Attempt:
        """Tell the server the attempt is alive; call it every minute while it runs."""
        return await self._call(ep.SEND_HEARTBEAT, attempt_id=attempt_id)

    async def end_attempt(self, attempt_id: int) -> Attempt:
        """End an attempt: it becomes Completed and can be reviewed."""
        return await self._call(ep.END_ATTEMPT, attempt_id=attempt_id)

    def list_attempt_questions(self, attempt_id: int) -> AsyncPaginator[AttemptQuestion]:
        """The questions of a running attempt (refused once it is Completed)."""
        return self._paginate(ep.LIST_ATTEMPT_QUESTIONS, attempt_id=attempt_id)

    async def update_attempt_question(
        self,
        attempt_id: int,
        question_id: int,
        *,
        selected_answers: list[int] | None = None,
        review: bool | None = None,
        essay_text: str | None = None,
        short_text: str | None = None,
    ) -> AttemptQuestion:
        """Answer a question (answer ids), mark it for review, or write an essay/short answer."""
        return await self._call(
            ep.UPDATE_ATTEMPT_QUESTION,
            attempt_id=attempt_id,
            question_id=question_id,
            selected_answers=selected_answers,
            review=review,
            essay_text=essay_text,
            short_text=short_text,
        )

    def list_review_questions(self, attempt_id: int) -> AsyncPaginator[ReviewQuestion]:
        """The questions of a Completed attempt with correct answers and explanations."""
        return self._paginate(ep.LIST_REVIEW_QUESTIONS, attempt_id=attempt_id)

    def list_subject_analytics(self, attempt_id: int) -> AsyncPaginator[SubjectAnalytics]:
        """Per-subject results of a Completed attempt."""
        return self._paginate(ep.LIST_SUBJECT_ANALYTICS, attempt_id=attempt_id)

    def take_exam(self, exam_slug: str, *, heartbeat_interval: float = 60.0) -> AsyncExamSession:
        """Take an exam in an ``async with`` block (see `TestpressClient.take_exam`); the
        heartbeat runs as a task."""
        from .session import AsyncExamSession

        return AsyncExamSession(self, exam_slug, heartbeat_interval)
