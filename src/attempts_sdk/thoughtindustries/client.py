"""`ThoughtIndustriesClient` and `AsyncThoughtIndustriesClient`: one short method per endpoint."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING
from uuid import UUID

import httpx

from .._base_client import AsyncAPIClient, SyncAPIClient
from .._pagination import AsyncPaginator, Paginator
from . import endpoints as ep

if TYPE_CHECKING:  # the models are imported on first use (see attempts_sdk._lazy)
    from typing_extensions import Unpack

    from .._base_client import AsyncClientOptions, SyncClientOptions
    from .models import AssessmentAttempt, QuizAttemptEvent

__all__ = ["AsyncThoughtIndustriesClient", "ThoughtIndustriesClient"]


class ThoughtIndustriesClient(SyncAPIClient):
    """The Thought Industries REST API (``/incoming/v2``).

    Args:
        base_url: your instance's URL, e.g. ``https://example.thoughtindustries.com``
            (default: ``$THOUGHTINDUSTRIES_BASE_URL``).
        api_key: an API key from Settings -> API Keys (default: ``$THOUGHTINDUSTRIES_API_KEY``);
            sent as ``Authorization: Bearer …``.
        **options: see `attempts_sdk.ClientOptions`: ``timeout``, ``max_retries``, ``headers``,
            ``strict``, ``http_client``, ``transport``, ``retry_policy``, ``auth``, ``cache``
            (default False) and ``rate_limit`` (default 2 requests a second: the Standard
            plan's documented 120 a minute; Enterprise keys may pass 10).

    Raises:
        ConfigurationError: no base URL or API key was given or found in the environment.
    """

    _provider = ep.THOUGHTINDUSTRIES

    def __init__(
        self,
        *,
        base_url: str | httpx.URL | None = None,
        api_key: str | None = None,
        **options: Unpack[SyncClientOptions],
    ) -> None:
        self._setup(base_url=base_url, credential=api_key, options=options)

    def list_assessment_attempts(
        self,
        *,
        start_date: datetime | date | None = None,
        end_date: datetime | date | None = None,
        course_id: str | UUID | None = None,
        user_id: str | UUID | None = None,
        per_page: int | None = None,
    ) -> Paginator[AssessmentAttempt]:
        """Assessment attempts across the platform, following the cursor from page to page.

        Args:
            start_date / end_date: attempts created at or after / at or before this moment
                (timezone-aware; a plain date means midnight UTC), sent in ISO 8601.
            course_id / user_id: only the attempts of this course / user (uuids).
            per_page: attempts per page, 1 to 100.

        Raises:
            ValueError: ``per_page`` is out of range, or a datetime is naive (before any request).
        """
        return self._paginate(
            ep.LIST_ASSESSMENT_ATTEMPTS,
            start_date=start_date,
            end_date=end_date,
            course_id=course_id,
            user_id=user_id,
            per_page=per_page,
        )

    def list_quiz_attempt_events(
        self,
        *,
        start_date: datetime | date | None = None,
        end_date: datetime | date | None = None,
        user_id: str | UUID | None = None,
        kind: str | None = None,
        notifiable_id: str | UUID | None = None,
    ) -> Paginator[QuizAttemptEvent]:
        """The quiz-attempt event feed (``GET /incoming/v2/events/quizAttempt``), latest
        first, following the cursor from page to page.

        Args:
            start_date / end_date: events that happened at or after / at or before this moment
                (timezone-aware; a plain date means midnight UTC), sent as Unix milliseconds.
            user_id: only the events of this learner (a uuid).
            kind: only the events of this kind (subtype).
            notifiable_id: only the events about this resource (a uuid).

        Raises:
            ValueError: a datetime is naive (before any request).
        """
        return self._paginate(
            ep.LIST_QUIZ_ATTEMPT_EVENTS,
            start_date=start_date,
            end_date=end_date,
            user_id=user_id,
            kind=kind,
            notifiable_id=notifiable_id,
        )


class AsyncThoughtIndustriesClient(AsyncAPIClient):
    """The async twin of `ThoughtIndustriesClient`; list methods return an `AsyncPaginator`
    at once (``async for``)."""

    _provider = ep.THOUGHTINDUSTRIES

    def __init__(
        self,
        *,
        base_url: str | httpx.URL | None = None,
        api_key: str | None = None,
        **options: Unpack[AsyncClientOptions],
    ) -> None:
        self._setup(base_url=base_url, credential=api_key, options=options)

    def list_assessment_attempts(
        self,
        *,
        start_date: datetime | date | None = None,
        end_date: datetime | date | None = None,
        course_id: str | UUID | None = None,
        user_id: str | UUID | None = None,
        per_page: int | None = None,
    ) -> AsyncPaginator[AssessmentAttempt]:
        """Assessment attempts across the platform (see
        `ThoughtIndustriesClient.list_assessment_attempts`)."""
        return self._paginate(
            ep.LIST_ASSESSMENT_ATTEMPTS,
            start_date=start_date,
            end_date=end_date,
            course_id=course_id,
            user_id=user_id,
            per_page=per_page,
        )

    def list_quiz_attempt_events(
        self,
        *,
        start_date: datetime | date | None = None,
        end_date: datetime | date | None = None,
        user_id: str | UUID | None = None,
        kind: str | None = None,
        notifiable_id: str | UUID | None = None,
    ) -> AsyncPaginator[QuizAttemptEvent]:
        """The quiz-attempt event feed, latest first (see
        `ThoughtIndustriesClient.list_quiz_attempt_events`)."""
        return self._paginate(
            ep.LIST_QUIZ_ATTEMPT_EVENTS,
            start_date=start_date,
            end_date=end_date,
            user_id=user_id,
            kind=kind,
            notifiable_id=notifiable_id,
        )
