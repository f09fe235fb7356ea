"""Testpress: the provider declaration and every endpoint, each declared once."""

from __future__ import annotations

import itertools
import re
from typing import TYPE_CHECKING

from .._config import ProviderSpec
from .._join import Join
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
    fmt_positive_int,
    fmt_text,
)

if TYPE_CHECKING:  # the models are imported on first use (see attempts_sdk._lazy)
    from .models import (
        AdminAttempt,
        Attempt,
        AttemptQuestion,
        AuthToken,
        ContentAttempt,
        Exam,
        ReviewQuestion,
        SubjectAnalytics,
        UserAnswer,
    )

# DRF's OrderingFilter: field names (lookups with "__" included), each with an optional "-",
# separated by commas. Which fields a server sorts on is its own business.
ORDERING = re.compile(r"-?[A-Za-z_]\w*(?:,-?[A-Za-z_]\w*)*", re.ASCII)
EXAM_STATES = ("available", "upcoming", "history")


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
    api_paths=("/api/v2.2/", "/api/v2.5/", "/api/v3/"),
)


def fmt_ordering(name: str, value: object) -> str:
    """``[-]field_name``, or several, comma-separated."""
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a str, not {type(value).__name__}")
    if not ORDERING.fullmatch(value):
        raise ValueError(
            f"{name} must be a field name with an optional '-' in front (e.g. '-date'), "
            f"or several separated by commas, not {value!r}"
        )
    return value


def fmt_exam_state(name: str, value: object) -> str:
    if value not in EXAM_STATES:
        raise ValueError(f"{name} must be one of {', '.join(EXAM_STATES)}, not {value!r}")
    return str(value)


def fmt_ids(name: str, value: object) -> JSONValue:
    """One id, or several (sent comma-separated)."""
    if isinstance(value, (list, tuple)):
        if not value:
            raise ValueError(f"{name} must not be an empty list")
        return fmt_int_list(name, value)
    return fmt_int(name, value)


def fmt_content_type(name: str, value: object) -> int:
    from .models import ContentType  # here: the models load on first use

    try:
        return ContentType(fmt_int(name, value)).value
    except ValueError:
        codes = ", ".join(f"{t.value} ({t.name})" for t in ContentType)
        raise ValueError(f"{name} must be one of {codes}, not {value!r}") from None


# the chapter-content attempts' ``state`` filter: the words of `ContentAttemptState` -> codes
CONTENT_STATE_CODES = {
    "Started": 0,
    "Completed": 1,
    "Pending Evaluation": 2,
    "Evaluation Completed": 3,
}


def fmt_content_state(name: str, value: object) -> int:
    """A `ContentAttemptState` (or its word) or the wire code it stands for."""
    if isinstance(value, str):
        code = CONTENT_STATE_CODES.get(value)
        if code is None:
            words = ", ".join(repr(str(word)) for word in CONTENT_STATE_CODES)
            raise ValueError(f"{name} must be one of {words}, not {value!r}")
        return code
    code = fmt_int(name, value)
    if code not in CONTENT_STATE_CODES.values():
        codes = ", ".join(str(code) for code in CONTENT_STATE_CODES.values())
        raise ValueError(f"{name} must be one of {codes}, not {value!r}")
    return code


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
LIST_EXAMS: ListEndpoint[Exam] = ListEndpoint(
    method="GET",
    path="/api/v2.2/exams/",
    item=model_ref(__package__, "Exam"),
    paging=PAGES,
    query={"course": Param("course"), "state": Param("state", fmt_exam_state), "q": Param("q")},
)
GET_EXAM: Endpoint[Exam] = Endpoint(
    method="GET", path="/api/v2.2/exams/{exam_slug}/", model=model_ref(__package__, "Exam")
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
        "per_page": Param("page_size", fmt_positive_int),
    },
)
ADMIN_GET_ATTEMPT: Endpoint[AdminAttempt] = Endpoint(
    method="GET",
    path="/api/v2.5/admin/attempts/{attempt_id}/",
    model=model_ref(__package__, "AdminAttempt"),
)


def _v3_page(items: str) -> NextUrl:
    """The admin v3 lists: ``{"count", "next", "per_page", "results": {items: [...], ...}}``,
    the items' related records in lists beside them."""
    return NextUrl(items=("results", items))


def _joined(attr: str, key: str, source: str, model: str) -> Join:
    return Join(attr, key=key, source=("results", source), model=model_ref(__package__, model))


ADMIN_LIST_ATTEMPT_ANSWERS: ListEndpoint[UserAnswer] = ListEndpoint(
    method="GET",
    path="/api/v3/admin/attempts/{attempt_id}/user_answers/",
    item=model_ref(__package__, "UserAnswer"),
    paging=_v3_page("user_answers"),
    joins=(_joined("question", "exam_question_id", "exam_questions", "ExamQuestion"),),
)
ADMIN_LIST_CONTENT_ATTEMPTS: ListEndpoint[ContentAttempt] = ListEndpoint(
    method="GET",
    path="/api/v3/admin/chapter-content-attempts/",
    item=model_ref(__package__, "ContentAttempt"),
    paging=_v3_page("content_attempts"),
    query={
        "user_ids": Param("user_ids", fmt_ids),
        "course_ids": Param("course_ids", fmt_ids),
        "chapter_ids": Param("chapter_ids", fmt_ids),
        "chapter_content_ids": Param("chapter_content_ids", fmt_ids),
        "exam_id": Param("exam_id", fmt_int),
        "content_type": Param("content_type", fmt_content_type),
        "state": Param("state", fmt_content_state),
        "completed_after": Param("completed_after", fmt_date),
        "completed_before": Param("completed_before", fmt_date),
    },
    joins=(
        _joined("user", "user_id", "users", "User"),
        _joined("course", "course_id", "courses", "Course"),
        _joined("chapter_content", "chapter_content_id", "chapter_contents", "ChapterContent"),
        # an assessment is a user exam: the chapter-content webhook sends the same record
        # under "assessment" (provider notes)
        _joined("user_exam", "assessment_id", "user_exams", "UserExam"),
        _joined("user_video", "user_video_id", "user_videos", "UserVideo"),
        _joined(
            "user_video_conference",
            "user_video_conference_id",
            "user_video_conferences",
            "UserVideoConference",
        ),
        _joined("user_live_stream", "user_live_stream_id", "user_live_streams", "UserLiveStream"),
    ),
)
