"""`IndeedClient` and `AsyncIndeedClient`: one short method per endpoint."""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

import httpx

from .._base_client import AsyncAPIClient, SyncAPIClient
from .._pagination import AsyncPaginator, Paginator
from . import endpoints as ep

if TYPE_CHECKING:  # the models are imported on first use (see attempts_sdk._lazy)
    from typing_extensions import Unpack

    from .._base_client import AsyncClientOptions, SyncClientOptions
    from .._options import RequestOptions
    from .models import Assignment, Attempt
    from .raw import AsyncIndeedRawResponses, IndeedRawResponses

__all__ = ["AsyncIndeedClient", "IndeedClient"]


def _attempts_of(assignment: Assignment) -> list[Attempt]:
    return assignment.attempts


class IndeedClient(SyncAPIClient):
    """The Indeed Assessments API v1.

    Args:
        api_key: your API key (default: ``$INDEED_ASSESSMENTS_API_KEY``); sent as
            ``Authorization: token …``.
        base_url: default ``$INDEED_ASSESSMENTS_BASE_URL``, else
            ``https://api.indeedassessments.com/v1``.
        **options: see `attempts_sdk.ClientOptions`: ``timeout``, ``max_retries``, ``headers``,
            ``strict``, ``http_client``, ``transport``, ``retry_policy``, ``auth``, ``cache``
            (default True: Indeed requires ETag / Last-Modified revalidation) and
            ``rate_limit`` (default 1.0: Indeed allows 1 request per second per API key).

    Raises:
        ConfigurationError: no API key was given or found in the environment.
    """

    _provider = ep.INDEED

    def __init__(
        self,
        *,
        api_key: str | None = None,
        base_url: str | httpx.URL | None = None,
        **options: Unpack[SyncClientOptions],
    ) -> None:
        self._setup(base_url=base_url, credential=api_key, options=options)

    @cached_property
    def with_raw_response(self) -> IndeedRawResponses:
        """The single-record methods, returning `attempts_sdk.APIResponse`: status, headers,
        request id, retries taken, and the model on ``.parse()``."""
        from .raw import IndeedRawResponses

        return IndeedRawResponses(self._raw_mode())

    def get_attempt(self, attempt_id: str, **options: Unpack[RequestOptions]) -> Attempt:
        """One attempt (``GET /attempts/{id}.json``)."""
        return self._call(ep.GET_ATTEMPT, attempt_id=attempt_id, **options)

    def list_assignments(
        self, *, per_page: int | None = None, **options: Unpack[RequestOptions]
    ) -> Paginator[Assignment]:
        """Every assignment, newest first, ``per_page`` at a time (sent as ``per``)."""
        return self._paginate(ep.LIST_ASSIGNMENTS, per_page=per_page, **options)

    def get_assignment(self, assignment_id: str, **options: Unpack[RequestOptions]) -> Assignment:
        """One assignment, with its attempts (``GET /assignments/{id}.json``)."""
        return self._call(ep.GET_ASSIGNMENT, assignment_id=assignment_id, **options)

    def iter_attempts(
        self, *, per_page: int | None = None, **options: Unpack[RequestOptions]
    ) -> Paginator[Attempt]:
        """Every attempt of every assignment. Indeed has no list of attempts: this walks
        `list_assignments` and yields the attempts embedded in each, with no extra requests."""
        return self._paginate(ep.LIST_ASSIGNMENTS, per_page=per_page, **options).flat_map(
            _attempts_of
        )


class AsyncIndeedClient(AsyncAPIClient):
    """The async twin of `IndeedClient`: the same methods, as coroutines; list methods
    return an `AsyncPaginator` at once (``async for``)."""

    _provider = ep.INDEED

    def __init__(
        self,
        *,
        api_key: str | None = None,
        base_url: str | httpx.URL | None = None,
        **options: Unpack[AsyncClientOptions],
    ) -> None:
        self._setup(base_url=base_url, credential=api_key, options=options)

    @cached_property
    def with_raw_response(self) -> AsyncIndeedRawResponses:
        """The single-record methods, giving `attempts_sdk.APIResponse`."""
        from .raw import AsyncIndeedRawResponses

        return AsyncIndeedRawResponses(self._raw_mode())

    async def get_attempt(self, attempt_id: str, **options: Unpack[RequestOptions]) -> Attempt:
        """One attempt (``GET /attempts/{id}.json``)."""
        return await self._call(ep.GET_ATTEMPT, attempt_id=attempt_id, **options)

    def list_assignments(
        self, *, per_page: int | None = None, **options: Unpack[RequestOptions]
    ) -> AsyncPaginator[Assignment]:
        """Every assignment, newest first, ``per_page`` at a time (sent as ``per``)."""
        return self._paginate(ep.LIST_ASSIGNMENTS, per_page=per_page, **options)

    async def get_assignment(
        self, assignment_id: str, **options: Unpack[RequestOptions]
    ) -> Assignment:
        """One assignment, with its attempts (``GET /assignments/{id}.json``)."""
        return await self._call(ep.GET_ASSIGNMENT, assignment_id=assignment_id, **options)

    def iter_attempts(
        self, *, per_page: int | None = None, **options: Unpack[RequestOptions]
    ) -> AsyncPaginator[Attempt]:
        """Every attempt of every assignment, from the pages of `list_assignments` (no extra
        requests)."""
        return self._paginate(ep.LIST_ASSIGNMENTS, per_page=per_page, **options).flat_map(
            _attempts_of
        )
