"""`IndeedClient` and `AsyncIndeedClient`: one short method per endpoint."""

from __future__ import annotations

from typing import TYPE_CHECKING

import httpx

from .._base_client import AsyncAPIClient, SyncAPIClient
from .._pagination import AsyncPaginator, Paginator
from . import endpoints as ep

if TYPE_CHECKING:  # the models are imported on first use (see attempts_sdk._lazy)
    from typing_extensions import Unpack

    from .._base_client import AsyncClientOptions, SyncClientOptions
    from .models import Assessment, Assignment, Attempt, Role

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

    def get_attempt(self, attempt_id: str) -> Attempt:
        """One attempt (``GET /attempts/{id}.json``)."""
        return self._call(ep.GET_ATTEMPT, attempt_id=attempt_id)

    def list_assignments(self, *, per_page: int | None = None) -> Paginator[Assignment]:
        """Every assignment, newest first, ``per_page`` at a time (sent as ``per``)."""
        return self._paginate(ep.LIST_ASSIGNMENTS, per_page=per_page)

    def get_assignment(self, assignment_id: str) -> Assignment:
        """One assignment, with its attempts (``GET /assignments/{id}.json``)."""
        return self._call(ep.GET_ASSIGNMENT, assignment_id=assignment_id)

    def iter_attempts(self, *, per_page: int | None = None) -> Paginator[Attempt]:
        """Every attempt of every assignment. Indeed has no list of attempts: this walks
        `list_assignments` and yields the attempts embedded in each, with no extra requests."""
        return self._paginate(ep.LIST_ASSIGNMENTS, per_page=per_page).flat_map(_attempts_of)

    def create_assignment(
        self,
        *,
        email: str,
        role_id: str,
        completion_webhook_url: str | None = None,
        completion_webhook_name: str | None = None,
        skip_email: bool | None = None,
    ) -> Assignment:
        """Invite a candidate to take a role's assessments (``POST /assignments.json``).

        Args:
            email: the candidate's e-mail address.
            role_id: the role to take (see `list_roles`).
            completion_webhook_url: Indeed POSTs to this URL when the assignment is completed
                (its payload and signature are not documented); not blank.
            completion_webhook_name: a label for the webhook, shown to admins.
            skip_email: True: Indeed sends no invitation e-mail (send ``invitation_url``
                yourself).

        Returns:
            The new `Assignment` (``201 Created``), with its ``invitation_url``.

        Raises:
            TypeError / ValueError: a missing, empty or mistyped argument (before sending).
            UnprocessableEntityError / NotFoundError: Indeed refused it (``.message`` says why).

        Not retried once the request may have reached Indeed, so that a candidate is never
        invited twice; a connection that failed before that is retried.
        """
        return self._call(
            ep.CREATE_ASSIGNMENT,
            email=email,
            role_id=role_id,
            completion_webhook_url=completion_webhook_url,
            completion_webhook_name=completion_webhook_name,
            skip_email=skip_email,
        )

    def list_roles(self, *, per_page: int | None = None) -> Paginator[Role]:
        """The active roles (yours and the public library's), by name, each with its
        assessments (``GET /roles.json``)."""
        return self._paginate(ep.LIST_ROLES, per_page=per_page)

    def get_role(self, role_id: str) -> Role:
        """One role, with its assessments (``GET /roles/{id}.json``)."""
        return self._call(ep.GET_ROLE, role_id=role_id)

    def list_assessments(self, *, per_page: int | None = None) -> Paginator[Assessment]:
        """The assessments you can use (``GET /assessments.json``); custom ones with their
        steps."""
        return self._paginate(ep.LIST_ASSESSMENTS, per_page=per_page)

    def get_assessment(self, assessment_id: str) -> Assessment:
        """One assessment (``GET /assessments/{id}.json``)."""
        return self._call(ep.GET_ASSESSMENT, assessment_id=assessment_id)


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

    async def get_attempt(self, attempt_id: str) -> Attempt:
        """One attempt (``GET /attempts/{id}.json``)."""
        return await self._call(ep.GET_ATTEMPT, attempt_id=attempt_id)

    def list_assignments(self, *, per_page: int | None = None) -> AsyncPaginator[Assignment]:
        """Every assignment, newest first, ``per_page`` at a time (sent as ``per``)."""
        return self._paginate(ep.LIST_ASSIGNMENTS, per_page=per_page)

    async def get_assignment(self, assignment_id: str) -> Assignment:
        """One assignment, with its attempts (``GET /assignments/{id}.json``)."""
        return await self._call(ep.GET_ASSIGNMENT, assignment_id=assignment_id)

    def iter_attempts(self, *, per_page: int | None = None) -> AsyncPaginator[Attempt]:
        """Every attempt of every assignment, from the pages of `list_assignments` (no extra
        requests)."""
        return self._paginate(ep.LIST_ASSIGNMENTS, per_page=per_page).flat_map(_attempts_of)

    async def create_assignment(
        self,
        *,
        email: str,
        role_id: str,
        completion_webhook_url: str | None = None,
        completion_webhook_name: str | None = None,
        skip_email: bool | None = None,
    ) -> Assignment:
        """Invite a candidate to take a role's assessments (see
        `IndeedClient.create_assignment`)."""
        return await self._call(
            ep.CREATE_ASSIGNMENT,
            email=email,
            role_id=role_id,
            completion_webhook_url=completion_webhook_url,
            completion_webhook_name=completion_webhook_name,
            skip_email=skip_email,
        )

    def list_roles(self, *, per_page: int | None = None) -> AsyncPaginator[Role]:
        """The active roles, by name, each with its assessments (``GET /roles.json``)."""
        return self._paginate(ep.LIST_ROLES, per_page=per_page)

    async def get_role(self, role_id: str) -> Role:
        """One role, with its assessments (``GET /roles/{id}.json``)."""
        return await self._call(ep.GET_ROLE, role_id=role_id)

    def list_assessments(self, *, per_page: int | None = None) -> AsyncPaginator[Assessment]:
        """The assessments you can use (``GET /assessments.json``)."""
        return self._paginate(ep.LIST_ASSESSMENTS, per_page=per_page)

    async def get_assessment(self, assessment_id: str) -> Assessment:
        """One assessment (``GET /assessments/{id}.json``)."""
        return await self._call(ep.GET_ASSESSMENT, assessment_id=assessment_id)
