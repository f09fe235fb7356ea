"""`CleverLMSClient` and `AsyncCleverLMSClient`: the two exports, one short method each."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING, TypedDict

import httpx

from .._base_client import AsyncAPIClient, SyncAPIClient
from .._pagination import AsyncPaginator, Paginator
from . import endpoints as ep

if TYPE_CHECKING:  # the models are imported on first use (see attempts_sdk._lazy)
    from typing_extensions import Unpack

    from .._base_client import AsyncClientOptions, SyncClientOptions
    from .models import TestAnswer, TestAnswerStatus, TestAttempt, TestQuestionType

__all__ = ["AnswerExportFilters", "AsyncCleverLMSClient", "CleverLMSClient", "ExportFilters"]


class ExportFilters(TypedDict, total=False):
    """The further filters `CleverLMSClient.export_test_attempts` takes as ``**filters``.

    CleverLMS documents them for its sibling export of test answers (``companyId`` and
    ``language`` are required there); that the attempts export takes them too is inferred.
    """

    company_id: int | str
    """Sent as ``companyId`` (an int or a str id)."""
    language: str
    """Sent as ``language``, e.g. ``"en"``."""
    user_status: str
    """Sent as ``userStatus``."""
    material_status: str
    """Sent as ``materialStatus``."""


class AnswerExportFilters(ExportFilters, total=False):
    """The further filters `CleverLMSClient.export_test_answers` takes as ``**filters``: those
    of `ExportFilters`, and the documented ``filters`` object, sent as PHP reads a nested
    array (``filters[question][]=6163&filters[question][]=6164``).

    CleverLMS's error list says ``companyId``, ``language`` and ``filters.question`` are
    required for this export; the client leaves that to the server.
    """

    question: Sequence[int]
    """Question ids, sent as ``filters[question][]``."""
    login: Sequence[str]
    """User logins, sent as ``filters[login][]``."""
    question_type: Sequence[TestQuestionType | str]
    """``mcq``, ``select-image``, ``open-question``; sent as ``filters[question_type][]``."""
    answer_status: Sequence[TestAnswerStatus | str]
    """``success``, ``fail``, ``checking``, ``not_answer``; sent as
    ``filters[answer_status][]``."""
    with_reset: bool
    """Sent as ``filters[with_reset]``, ``1`` or ``0`` (what PHP's validators read as a bool)."""


class CleverLMSClient(SyncAPIClient):
    """The CleverLMS integration API v2: the exports of test attempts and of test answers.

    CleverLMS does not publish its authentication scheme nor its endpoint paths. The client
    sends ``Authorization: Bearer <token>`` to ``{base_url}/v2/materials/tests/attempts`` and
    ``.../answers``: these are defaults; replace them with ``auth=``, ``attempts_path=`` and
    ``answers_path=`` if your integration differs.

    Args:
        base_url: your CleverLMS integration API's URL (default: ``$CLEVERLMS_BASE_URL``).
        token: the integration token (default: ``$CLEVERLMS_TOKEN``); not needed with ``auth=``.
        attempts_path: the attempts export's path under ``base_url``, starting with ``/``
            (default ``/v2/materials/tests/attempts``).
        answers_path: the answers export's path (default ``/v2/materials/tests/answers``).
        **options: see `attempts_sdk.ClientOptions`: ``timeout``, ``max_retries``, ``headers``,
            ``strict``, ``http_client``, ``transport``, ``retry_policy``, ``auth`` (any
            `httpx.Auth`, replacing the Bearer header), ``cache`` (default False) and
            ``rate_limit`` (default None).

    Raises:
        ConfigurationError: no base URL, or neither a token nor ``auth=``, was given or found in
            the environment; or ``attempts_path`` or ``answers_path`` is not a URL path.
    """

    _provider = ep.CLEVERLMS

    def __init__(
        self,
        *,
        base_url: str | httpx.URL | None = None,
        token: str | None = None,
        attempts_path: str | None = None,
        answers_path: str | None = None,
        **options: Unpack[SyncClientOptions],
    ) -> None:
        self._export = ep.attempts_endpoint(attempts_path)
        self._answers = ep.at_path(ep.EXPORT_TEST_ANSWERS, answers_path, "answers_path")
        self._setup(base_url=base_url, credential=token, options=options)

    def export_test_attempts(
        self,
        *,
        after_date: datetime | None = None,
        to_date: datetime | None = None,
        per_page: int | None = None,
        **filters: Unpack[ExportFilters],
    ) -> Paginator[TestAttempt]:
        """Export test attempts, page by page (``page`` and ``perPage``, from page 1).

        Every filter given is sent with every page; a filter left at None is not sent.

        Args:
            after_date / to_date: timezone-aware datetimes, sent as ``afterDate`` / ``toDate``
                in CleverLMS's ``Y-m-d\\TH:i:sP`` form (``2024-01-31T10:00:00+03:00``,
                seconds precision). A naive datetime raises ValueError before any request.
            per_page: rows per page, sent as ``perPage``; 1 to 10000. CleverLMS documents
                100 to 10000 for its v2 exports; smaller values are let through (the server
                may refuse them). Without it the server's page size applies and the export
                ends at the first empty page; with it, also at the first shorter page.
            **filters: only the names of `ExportFilters` (``company_id``, ``language``,
                ``user_status``, ``material_status``), sent under their camelCase wire names.
                They are declared by name, not passed through, so that a misspelt filter
                raises TypeError instead of being silently ignored by the server.

        Raises:
            TypeError / ValueError: an unknown filter or a bad value, before any request.
        """
        return self._paginate(
            self._export, after_date=after_date, to_date=to_date, per_page=per_page, **filters
        )

    def export_test_answers(
        self,
        *,
        after_date: datetime | None = None,
        to_date: datetime | None = None,
        per_page: int | None = None,
        **filters: Unpack[AnswerExportFilters],
    ) -> Paginator[TestAnswer]:
        """Export the answers given to test questions, page by page (``page`` and ``perPage``,
        from page 1), from ``answers_path``.

        Args:
            after_date / to_date: as for `export_test_attempts` (``afterDate`` / ``toDate``).
            per_page: rows per page, sent as ``perPage``; 1 to 10000.
            **filters: only the names of `AnswerExportFilters`: those of `ExportFilters`, and
                ``question``, ``login``, ``question_type``, ``answer_status`` (lists) and
                ``with_reset`` (a bool), sent in the ``filters[...]`` form.

        Raises:
            TypeError / ValueError: an unknown filter or a bad value, before any request.
        """
        return self._paginate(
            self._answers, after_date=after_date, to_date=to_date, per_page=per_page, **filters
        )


class AsyncCleverLMSClient(AsyncAPIClient):
    """The async twin of `CleverLMSClient` (same defaults, same caveats): the export returns
    an `AsyncPaginator` at once (``async for``)."""

    _provider = ep.CLEVERLMS

    def __init__(
        self,
        *,
        base_url: str | httpx.URL | None = None,
        token: str | None = None,
        attempts_path: str | None = None,
        answers_path: str | None = None,
        **options: Unpack[AsyncClientOptions],
    ) -> None:
        self._export = ep.attempts_endpoint(attempts_path)
        self._answers = ep.at_path(ep.EXPORT_TEST_ANSWERS, answers_path, "answers_path")
        self._setup(base_url=base_url, credential=token, options=options)

    def export_test_attempts(
        self,
        *,
        after_date: datetime | None = None,
        to_date: datetime | None = None,
        per_page: int | None = None,
        **filters: Unpack[ExportFilters],
    ) -> AsyncPaginator[TestAttempt]:
        """Export test attempts, page by page (see `CleverLMSClient.export_test_attempts`)."""
        return self._paginate(
            self._export, after_date=after_date, to_date=to_date, per_page=per_page, **filters
        )

    def export_test_answers(
        self,
        *,
        after_date: datetime | None = None,
        to_date: datetime | None = None,
        per_page: int | None = None,
        **filters: Unpack[AnswerExportFilters],
    ) -> AsyncPaginator[TestAnswer]:
        """Export the answers given to test questions, page by page (see
        `CleverLMSClient.export_test_answers`)."""
        return self._paginate(
            self._answers, after_date=after_date, to_date=to_date, per_page=per_page, **filters
        )
