"""`client.admin`: the Testpress admin API (v2.5 attempts, v3 answers and content attempts)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from .._pagination import AsyncPaginator, Paginator
from .endpoints import (
    ADMIN_GET_ATTEMPT,
    ADMIN_LIST_ATTEMPT_ANSWERS,
    ADMIN_LIST_ATTEMPTS,
    ADMIN_LIST_CONTENT_ATTEMPTS,
)

if TYPE_CHECKING:  # the models are imported on first use (see attempts_sdk._lazy)
    from .client import AsyncTestpressClient, TestpressClient
    from .models import (
        AdminAttempt,
        AdminAttemptState,
        ContentAttempt,
        ContentAttemptState,
        ContentType,
        UserAnswer,
    )

__all__ = ["AsyncTestpressAdmin", "TestpressAdmin"]

Ids = int | Sequence[int]


class TestpressAdmin:
    """The admin API (``client.admin``); needs an admin user's token."""

    __test__ = False

    def __init__(self, client: TestpressClient) -> None:
        self._client = client

    def list_attempts(
        self,
        *,
        ordering: str | None = None,
        state: AdminAttemptState | int | None = None,
        started_after: date | None = None,
        started_before: date | None = None,
        user_id: int | None = None,
        exam_id: int | None = None,
        per_page: int | None = None,
    ) -> Paginator[AdminAttempt]:
        """Every attempt in the institute, filtered and ordered (GET /api/v2.5/admin/attempts/).

        Args:
            ordering: a field name, ``-`` in front for descending (several: comma-separated).
                The server decides which fields it sorts on; the documented ones are
                ``date``, ``correct_answers_count``, ``incorrect_answers_count`` and
                ``unanswered_count`` (``id`` works too). Checked by shape before sending.
            state: `AdminAttemptState` (or its code 0, 1, 3).
            started_after / started_before: sent as ``date_0`` / ``date_1`` (``YYYY-MM-DD``).
            user_id / exam_id: sent as ``users`` / ``exams``.
            per_page: the page size, sent as ``page_size`` (not in the docs; the server may cap
                it).
        """
        return self._client._paginate(
            ADMIN_LIST_ATTEMPTS,
            ordering=ordering,
            state=state,
            started_after=started_after,
            started_before=started_before,
            user_id=user_id,
            exam_id=exam_id,
            per_page=per_page,
        )

    def get_attempt(self, attempt_id: int) -> AdminAttempt:
        """One attempt, with ``percentile``, ``username`` and the per-section, per-subject and
        per-difficulty results."""
        return self._client._call(ADMIN_GET_ATTEMPT, attempt_id=attempt_id)

    def list_attempt_answers(self, attempt_id: int) -> Paginator[UserAnswer]:
        """A student's answers to every question of an attempt, each with its ``question``
        (GET /api/v3/admin/attempts/{id}/user_answers/)."""
        return self._client._paginate(ADMIN_LIST_ATTEMPT_ANSWERS, attempt_id=attempt_id)

    def list_content_attempts(
        self,
        *,
        user_ids: Ids | None = None,
        course_ids: Ids | None = None,
        chapter_ids: Ids | None = None,
        chapter_content_ids: Ids | None = None,
        exam_id: int | None = None,
        content_type: ContentType | int | None = None,
        state: ContentAttemptState | str | int | None = None,
        completed_after: date | None = None,
        completed_before: date | None = None,
    ) -> Paginator[ContentAttempt]:
        """Students' attempts at course content (exams, videos, notes, live classes...), each
        with its user, course, chapter content and user exam
        (GET /api/v3/admin/chapter-content-attempts/).

        Args:
            user_ids / course_ids / chapter_ids / chapter_content_ids: an id, or several (sent
                comma-separated).
            exam_id: the exam of the content.
            content_type: `ContentType` (or its code: 1 exam ... 8 live stream).
            state: `ContentAttemptState` (or its word, or its code 0-3).
            completed_after / completed_before: ``YYYY-MM-DD``.
        """
        return self._client._paginate(
            ADMIN_LIST_CONTENT_ATTEMPTS,
            user_ids=user_ids,
            course_ids=course_ids,
            chapter_ids=chapter_ids,
            chapter_content_ids=chapter_content_ids,
            exam_id=exam_id,
            content_type=content_type,
            state=state,
            completed_after=completed_after,
            completed_before=completed_before,
        )


class AsyncTestpressAdmin:
    """The admin API (``client.admin``) for the async client."""

    __test__ = False

    def __init__(self, client: AsyncTestpressClient) -> None:
        self._client = client

    def list_attempts(
        self,
        *,
        ordering: str | None = None,
        state: AdminAttemptState | int | None = None,
        started_after: date | None = None,
        started_before: date | None = None,
        user_id: int | None = None,
        exam_id: int | None = None,
        per_page: int | None = None,
    ) -> AsyncPaginator[AdminAttempt]:
        """Every attempt in the institute, filtered and ordered (see `TestpressAdmin`)."""
        return self._client._paginate(
            ADMIN_LIST_ATTEMPTS,
            ordering=ordering,
            state=state,
            started_after=started_after,
            started_before=started_before,
            user_id=user_id,
            exam_id=exam_id,
            per_page=per_page,
        )

    async def get_attempt(self, attempt_id: int) -> AdminAttempt:
        """One attempt, with its per-section, per-subject and per-difficulty results."""
        return await self._client._call(ADMIN_GET_ATTEMPT, attempt_id=attempt_id)

    def list_attempt_answers(self, attempt_id: int) -> AsyncPaginator[UserAnswer]:
        """A student's answers to every question of an attempt (see `TestpressAdmin`)."""
        return self._client._paginate(ADMIN_LIST_ATTEMPT_ANSWERS, attempt_id=attempt_id)

    def list_content_attempts(
        self,
        *,
        user_ids: Ids | None = None,
        course_ids: Ids | None = None,
        chapter_ids: Ids | None = None,
        chapter_content_ids: Ids | None = None,
        exam_id: int | None = None,
        content_type: ContentType | int | None = None,
        state: ContentAttemptState | str | int | None = None,
        completed_after: date | None = None,
        completed_before: date | None = None,
    ) -> AsyncPaginator[ContentAttempt]:
        """Students' attempts at course content (see `TestpressAdmin`)."""
        return self._client._paginate(
            ADMIN_LIST_CONTENT_ATTEMPTS,
            user_ids=user_ids,
            course_ids=course_ids,
            chapter_ids=chapter_ids,
            chapter_content_ids=chapter_content_ids,
            exam_id=exam_id,
            content_type=content_type,
            state=state,
            completed_after=completed_after,
            completed_before=completed_before,
        )
