"""Testpress: the provider declaration and every endpoint, each declared once."""

from __future__ import annotations

import itertools
import re
from typing import TYPE_CHECKING

from .._config import ProviderSpec
from .._json import JSONValue, brief
from .._lazy import model_ref
from .._pagination import NextUrl
from .._request import (
    Endpoint,
    ListEndpoint,
    Param,
    fmt_bool,
    fmt_date,
    fmt_int,
    fmt_int_list,
    fmt_text,
)

if TYPE_CHECKING:  # the models are imported on first use (see attempts_sdk._lazy)
    from .models import (
        AdminAttempt,
        Attempt,
        AttemptQuestion,
        AuthToken,
        ReviewQuestion,
        SubjectAnalytics,
    )

ORDERINGS = frozenset(
    f"{sign}{key}"
    for sign in ("", "-")
    for key in ("date", "correct_answers_count", "incorrect_answers_count", "unanswered_count")
)


def read_error(body: JSONValue) -> tuple[str | None, list[JSONValue]]:
    """Testpress errors: ``{"detail": "…"}``, ``{"detail": {"error_code", "message"}}``,
    ``{"error_code", "message"}``, or DRF field errors ``{"field": ["…"]}``."""
    if not isinstance(body, dict):
        return None, []
    detail = body.get("detail", body)
    if isinstance(detail, str):
        return detail, []
    if isinstance(detail, dict):
        message = detail.get("message")
        if isinstance(message, str):
            code = detail.get("error_code")
            return (f"{message} ({code})" if isinstance(code, str) else message), []
        parts = [
            f"{key}: {_field_messages(value)}"
            for key, value in itertools.islice(detail.items(), 20)
        ]
        return "; ".join(parts) or None, []
    return None, []


def _field_messages(value: JSONValue) -> str:
    """A DRF field's errors (a list of messages) as one line."""
    if isinstance(value, list):
        return " ".join(brief(item) for item in value[:20])
    return brief(value)


_THROTTLE = re.compile(r"in (\d+(?:\.\d+)?) seconds")


def retry_after_from_body(body: JSONValue) -> float | None:
    """DRF throttling says "… Expected available in 37 seconds." in ``detail``."""
    detail = body.get("detail") if isinstance(body, dict) else None
    match = _THROTTLE.search(detail) if isinstance(detail, str) else None
    return float(match.group(1)) if match else None


TESTPRESS = ProviderSpec(
    name="testpress",
    credential_name="token",
    base_url_env="TESTPRESS_BASE_URL",
    credential_env="TESTPRESS_TOKEN",
    auth_scheme="JWT",
    read_error=read_error,
    retry_after_from_body=retry_after_from_body,
)


def fmt_ordering(name: str, value: object) -> str:
    if value not in ORDERINGS:
        raise ValueError(f"{name} must be one of {', '.join(sorted(ORDERINGS))}, not {value!r}")
    return str(value)


def fmt_admin_state(name: str, value: object) -> int:
    from .models import AdminAttemptState  # here: the models load on first use

    try:
        return AdminAttemptState(fmt_int(name, value)).value
    except ValueError:
        codes = ", ".join(f"{s.value} ({s.name})" for s in AdminAttemptState)
        raise ValueError(f"{name} must be one of {codes}, not {value!r}") from None


PAGES = NextUrl()

LOGIN: Endpoint[AuthToken] = Endpoint(
    method="POST",
    path="/api/v2.5/auth-token/",
    model=model_ref(__package__, "AuthToken"),
    body={"username": Param("username"), "password": Param("password", fmt_text)},
)
LIST_ATTEMPTS: ListEndpoint[Attempt] = ListEndpoint(
    method="GET",
    path="/api/v2.2/attempts/",
    item=model_ref(__package__, "Attempt"),
    paging=PAGES,
    query={"course": Param("course"), "q": Param("q")},
)
LIST_EXAM_ATTEMPTS: ListEndpoint[Attempt] = ListEndpoint(
    method="GET",
    path="/api/v2.2/exams/{exam_slug}/attempts/",
    item=model_ref(__package__, "Attempt"),
    paging=PAGES,
)
GET_ATTEMPT: Endpoint[Attempt] = Endpoint(
    method="GET", path="/api/v2.2/attempts/{attempt_id}/", model=model_ref(__package__, "Attempt")
)
CREATE_ATTEMPT: Endpoint[Attempt] = Endpoint(
    method="POST",
    path="/api/v2.2/exams/{exam_slug}/attempts/",
    model=model_ref(__package__, "Attempt"),
)
START_ATTEMPT: Endpoint[Attempt] = Endpoint(
    method="PUT",
    path="/api/v2.2/attempts/{attempt_id}/start/",
    model=model_ref(__package__, "Attempt"),
)
SEND_HEARTBEAT: Endpoint[Attempt] = Endpoint(
    method="PUT",
    path="/api/v2.2/attempts/{attempt_id}/heartbeat/",
    model=model_ref(__package__, "Attempt"),
)
END_ATTEMPT: Endpoint[Attempt] = Endpoint(
    method="PUT",
    path="/api/v2.2/attempts/{attempt_id}/end/",
    model=model_ref(__package__, "Attempt"),
)
LIST_ATTEMPT_QUESTIONS: ListEndpoint[AttemptQuestion] = ListEndpoint(
    method="GET",
    path="/api/v2.2/attempts/{attempt_id}/questions/",
    item=model_ref(__package__, "AttemptQuestion"),
    paging=PAGES,
)
UPDATE_ATTEMPT_QUESTION: Endpoint[AttemptQuestion] = Endpoint(
    method="PUT",
    path="/api/v2.2/attempts/{attempt_id}/questions/{question_id}/",
    model=model_ref(__package__, "AttemptQuestion"),
    body={
        "selected_answers": Param("selected_answers", fmt_int_list),
        "review": Param("review", fmt_bool),
        "essay_text": Param("essay_text", fmt_text),
        "short_text": Param("short_text", fmt_text),
    },
)
LIST_REVIEW_QUESTIONS: ListEndpoint[ReviewQuestion] = ListEndpoint(
    method="GET",
    path="/api/v2.2/attempts/{attempt_id}/review/",
    item=model_ref(__package__, "ReviewQuestion"),
    paging=PAGES,
)
LIST_SUBJECT_ANALYTICS: ListEndpoint[SubjectAnalytics] = ListEndpoint(
    method="GET",
    path="/api/v2.2/attempts/{attempt_id}/review/subjects/",
    item=model_ref(__package__, "SubjectAnalytics"),
    paging=PAGES,
)
ADMIN_LIST_ATTEMPTS: ListEndpoint[AdminAttempt] = ListEndpoint(
    method="GET",
    path="/api/v2.5/admin/attempts/",
    item=model_ref(__package__, "AdminAttempt"),
    paging=PAGES,
    query={
        "ordering": Param("ordering", fmt_ordering),
        "state": Param("state", fmt_admin_state),
        "started_after": Param("date_0", fmt_date),
        "started_before": Param("date_1", fmt_date),
        "user_id": Param("users", fmt_int),
        "exam_id": Param("exams", fmt_int),
    },
)
ADMIN_GET_ATTEMPT: Endpoint[AdminAttempt] = Endpoint(
    method="GET",
    path="/api/v2.5/admin/attempts/{attempt_id}/",
    model=model_ref(__package__, "AdminAttempt"),
)
