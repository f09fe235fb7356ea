"""Thought Industries: the provider declaration and its endpoints, each declared once.

Thought Industries documents its list envelopes and date parameters in several contradictory
ways; the choices made here, and their evidence, are in docs/provider-notes/thoughtindustries.md.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._config import ProviderSpec
from .._json import JSONValue
from .._lazy import model_ref
from .._pagination import Cursor
from .._request import (
    ListEndpoint,
    Param,
    fmt_id,
    fmt_iso8601,
    fmt_page_size,
    fmt_str,
    fmt_unix_ms,
)

if TYPE_CHECKING:  # the models are imported on first use (see attempts_sdk._lazy)
    from .models import AssessmentAttempt, QuizAttemptEvent

MAX_PER_PAGE = 100
"""The documented maximum of ``perPage``."""

STANDARD_RATE_LIMIT = 120 / 60
"""The documented quota of the Standard plan, 120 requests a minute, per second (Enterprise
keys may send 600 a minute: ``rate_limit=10``)."""


def read_error(body: JSONValue) -> tuple[str | None, list[JSONValue]]:
    """Thought Industries errors: ``{"error": "rate_limit_exceeded", "message": "…"}`` (REST)
    or ``{"errors": [{"message": "…"}, …]}`` (GraphQL-style); the list becomes ``.errors``."""
    if not isinstance(body, dict):
        return None, []
    raw_errors = body.get("errors")
    errors = raw_errors if isinstance(raw_errors, list) else []
    message = body.get("message")
    if isinstance(message, str) and message.strip():
        return message, errors
    for error in errors:
        text = error.get("message") if isinstance(error, dict) else error
        if isinstance(text, str) and text.strip():
            return text, errors
    code = body.get("error")
    if isinstance(code, str) and code.strip():
        return code, errors
    return None, errors


def retry_after_from_body(body: JSONValue) -> float | None:
    """The 429 body's ``retryAfter`` (seconds), used when the ``Retry-After`` header is missing."""
    value = body.get("retryAfter") if isinstance(body, dict) else None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    if value != value or value in (float("inf"), float("-inf")):
        return None
    return max(float(value), 0.0)


THOUGHTINDUSTRIES = ProviderSpec(
    name="thoughtindustries",
    credential_name="api_key",
    base_url_env="THOUGHTINDUSTRIES_BASE_URL",
    credential_env="THOUGHTINDUSTRIES_API_KEY",
    auth_scheme="Bearer",
    read_error=read_error,
    retry_after_from_body=retry_after_from_body,
    default_rate_limit=STANDARD_RATE_LIMIT,
    api_paths=("/incoming/v2/",),
)

# The endpoint page documents the nested envelope; the generic pagination page documents
# ``{"data": [...], "meta": {"nextCursor", ...}}``; production extractors read the top-level
# ``{"assessmentAttempts": [...], "pageInfo": {...}}``. `Cursor` reads all three.
PAGES = Cursor(
    param="cursor",
    container=("data", "AssessmentAttempts"),
    items="assessmentAttempts",
    page_info="pageInfo",
    info_cursor="cursor",
    info_has_more="hasMore",
    info_total="total",
    flat_items="data",
    meta="meta",
    meta_cursor="nextCursor",
    meta_has_more="hasMore",
    meta_total="totalCount",
    top_level=True,
)
# The feed's page documents ``data.APIEvents`` (``pageInfo`` with ``cursor``, ``hasMore``,
# ``total``); the pagination page, the top-level ``events`` + ``pageInfo``.
EVENT_PAGES = Cursor(
    param="cursor",
    container=("data", "APIEvents"),
    items="events",
    page_info="pageInfo",
    info_cursor="cursor",
    info_has_more="hasMore",
    info_total="total",
    flat_items=None,  # no flat form: a ``data`` list is no page of events
    top_level=True,
)

LIST_ASSESSMENT_ATTEMPTS: ListEndpoint[AssessmentAttempt] = ListEndpoint(
    method="GET",
    path="/incoming/v2/assessmentAttempts",
    item=model_ref(__package__, "AssessmentAttempt"),
    paging=PAGES,
    query={
        "start_date": Param("startDate", fmt_iso8601),
        "end_date": Param("endDate", fmt_iso8601),
        "course_id": Param("courseId", fmt_id),
        "user_id": Param("userId", fmt_id),
        "per_page": Param("perPage", fmt_page_size(MAX_PER_PAGE)),
    },
)

# Dates in Unix milliseconds here, ISO 8601 above: see the provider notes.
LIST_QUIZ_ATTEMPT_EVENTS: ListEndpoint[QuizAttemptEvent] = ListEndpoint(
    method="GET",
    path="/incoming/v2/events/quizAttempt",
    item=model_ref(__package__, "QuizAttemptEvent"),
    paging=EVENT_PAGES,
    query={
        "start_date": Param("startDate", fmt_unix_ms),
        "end_date": Param("endDate", fmt_unix_ms),
        "user_id": Param("userId", fmt_id),
        "notifiable_id": Param("notifiableId", fmt_id),
        "kind": Param("kind", fmt_str),
    },
)
