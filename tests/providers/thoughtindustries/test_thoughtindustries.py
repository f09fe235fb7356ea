"""Contract tests of `attempts_sdk.thoughtindustries`, each run with the sync and the async client.

Fixtures: ``list_assessment_attempts.json`` is seed 003's example response verbatim, except that
the published example is truncated after ``"topicId": "…",`` and a dangling ``"``: the fixture
is cut right after the ``topicId`` line, that line's trailing comma is removed and the open
braces are closed, so that it is valid JSON. ``list_assessment_attempts_flat.json`` holds the
same attempt in the other documented envelope (``{"data": [...], "meta": {...}}``).
"""

from __future__ import annotations

import copy
import uuid
from datetime import datetime, timedelta, timezone
from typing import Any

import httpx
import pytest

from attempts_sdk import (
    AuthenticationError,
    BadRequestError,
    ConfigurationError,
    DataWarning,
    PaginationError,
    PermissionDeniedError,
    RateLimitError,
    RateLimitInfo,
    RetryPolicy,
)
from attempts_sdk.thoughtindustries import (
    AssessmentAttempt,
    AssessmentAttemptStatus,
    AsyncThoughtIndustriesClient,
    ThoughtIndustriesClient,
)
from conftest import Harness, MockServer, Responder, fixture_json, json_response

BASE_URL = "https://example.thoughtindustries.com"
API_KEY = "ti_test_9f3c2a7e51b84d06"
PATH = "/incoming/v2/assessmentAttempts"
PLACEHOLDER_ID = "00000000-0000-0000-0000-000000000000"
UTC = timezone.utc


def seed_body() -> Any:
    return fixture_json("thoughtindustries", "list_assessment_attempts")


def seed_attempt() -> dict[str, Any]:
    attempt: dict[str, Any] = seed_body()["data"]["AssessmentAttempts"]["assessmentAttempts"][0]
    return attempt


def attempt_id(number: int) -> str:
    return f"00000000-0000-0000-0000-{number:012d}"


def attempts(*numbers: int) -> list[dict[str, Any]]:
    """Copies of the seed attempt with distinct ids."""
    seed = seed_attempt()
    return [{**copy.deepcopy(seed), "id": attempt_id(number)} for number in numbers]


def nested_page(
    items: list[dict[str, Any]], *, cursor: str | None, has_more: bool | None, total: int = 5
) -> dict[str, Any]:
    """The envelope of the list-attempts page: ``data.AssessmentAttempts.pageInfo``."""
    page_info = {"perPage": 2, "cursor": cursor, "total": total, "hasMore": has_more}
    return {"data": {"AssessmentAttempts": {"pageInfo": page_info, "assessmentAttempts": items}}}


def flat_page(
    items: list[dict[str, Any]], *, next_cursor: str | None, total: int = 5
) -> dict[str, Any]:
    """The envelope of the generic pagination page: ``data: [...]`` and ``meta``."""
    meta = {"perPage": 2, "totalCount": total, "totalPages": 3, "nextCursor": next_cursor}
    return {"data": items, "meta": meta}


def page(envelope: str, items: list[dict[str, Any]], next_cursor: str | None) -> dict[str, Any]:
    """A page that goes on to ``next_cursor`` (the last page when it is None)."""
    if envelope == "nested":
        return nested_page(items, cursor=next_cursor, has_more=next_cursor is not None)
    return flat_page(items, next_cursor=next_cursor)


def by_cursor(pages: dict[str | None, dict[str, Any]]) -> Responder:
    """Answers the page registered for the request's ``cursor`` (None: no cursor sent)."""

    def respond(request: httpx.Request) -> httpx.Response:
        cursor = request.url.params.get("cursor")
        if cursor not in pages:
            return httpx.Response(400, json={"message": f"unknown cursor {cursor!r}"})
        return httpx.Response(200, json=pages[cursor])

    return respond


def make_client(harness: Harness, server: MockServer, **options: Any) -> Any:
    options.setdefault("rate_limit", None)  # the default 120 a minute has its own tests
    return harness.client(
        ThoughtIndustriesClient,
        AsyncThoughtIndustriesClient,
        base_url=BASE_URL,
        api_key=API_KEY,
        transport=server.transport,
        **options,
    )


# --- decoding -----------------------------------------------------------------------------------


def test_seed_example_decodes_into_typed_models(harness: Harness) -> None:
    server = MockServer().add("GET", PATH, json_response(seed_body()))
    client = make_client(harness, server)

    first = harness.first_page(client.list_assessment_attempts())

    assert len(first) == 1
    assert first.total == 0
    assert first.has_next is True  # the placeholder pageInfo says cursor "string", hasMore true
    attempt = first[0]
    assert isinstance(attempt, AssessmentAttempt)
    assert attempt.id == PLACEHOLDER_ID
    assert attempt.course_id == PLACEHOLDER_ID
    assert attempt.topic_id == PLACEHOLDER_ID
    assert attempt.assignment_submission_id == PLACEHOLDER_ID
    assert attempt.created_at == datetime(2024, 1, 1, tzinfo=UTC)
    assert attempt.created_at is not None and attempt.created_at.utcoffset() == timedelta(0)
    assert attempt.updated_at == datetime(2024, 1, 1, tzinfo=UTC)
    assert attempt.status == "started"
    assert attempt.status is AssessmentAttemptStatus.STARTED
    assert attempt.grade == 0
    assert attempt.original_grade == 0
    assert attempt.passed is True
    assert attempt.forgiven is True
    assert attempt.time_elapsed_in_seconds == 0
    assert attempt.topic_type == "ad"

    assert attempt.assessment is not None
    assert attempt.assessment.id == PLACEHOLDER_ID
    assert attempt.assessment.title == "string"
    assert attempt.assessment.min_passing_percent == 0
    assert attempt.answers[0].has_default_grade is True
    assert attempt.answers[0].correct is True
    assert attempt.answers[0].question == "string"

    question = attempt.questions[0]
    assert question.question_id == "string"
    assert question.must_select_all_correct_choices is True
    assert question.display_option == "always"
    assert question.pre_text_display_option2 == "always"
    assert question.selected_choice == {"...": "..."}
    assert question.choices == [{"...": "..."}]
    assert question.should_check_answers is True

    assert attempt.topic is not None
    assert attempt.topic.type == "ad"
    assert attempt.topic.quiz_questions == [PLACEHOLDER_ID]
    assert attempt.topic.updated_at == datetime(2024, 1, 1, tzinfo=UTC)
    assert attempt.topic.allow_to_resume is True

    course = attempt.course
    assert course is not None
    assert course.slug == "example-slug"
    assert course.status == "draft"
    assert course.kind == "microCourse"
    assert course.instructor_emails == ["string"]
    assert course.course_start_date == datetime(2024, 1, 1, tzinfo=UTC)
    assert course.extra["sampleLesson"] == {"...": "..."}
    assert course.extra["sections"] == [{"...": "..."}]
    assert course.extra["alternativePricingType"] == "membership"

    user = attempt.user
    assert user is not None
    assert user.email == "string"
    assert user.first_name == "string"
    assert user.role_key == "string"
    assert user.client_id == PLACEHOLDER_ID
    assert user.disabled is True
    assert user.completed_courses_count == 0
    assert user.last_active_at == datetime(2024, 1, 1, tzinfo=UTC)
    assert user.extra["purchasedCourses"] == [{"...": "..."}]
    assert user.extra["client"] == {"...": "..."}


def test_to_dict_gives_camel_case_back(harness: Harness) -> None:
    server = MockServer().add("GET", PATH, json_response(seed_body()))
    client = make_client(harness, server)
    raw = seed_attempt()

    attempt = harness.first_page(client.list_assessment_attempts())[0]

    assert attempt.assessment is not None
    assert attempt.assessment.to_dict() == raw["assessment"]
    assert attempt.answers[0].to_dict() == raw["answers"][0]
    assert attempt.questions[0].to_dict() == raw["questions"][0]
    assert attempt.course is not None and attempt.user is not None
    # Nothing is dropped: typed fields and .extra together give every key of the wire record.
    assert list(attempt.to_dict()) == list(raw)
    assert set(attempt.course.to_dict()) == set(raw["course"])
    assert set(attempt.user.to_dict()) == set(raw["user"])
    assert attempt.to_dict()["createdAt"] == "2024-01-01T00:00:00+00:00"


def test_flat_envelope_decodes_the_same_attempt(harness: Harness) -> None:
    flat = fixture_json("thoughtindustries", "list_assessment_attempts_flat")
    server = MockServer().add("GET", PATH, json_response(flat))
    client = make_client(harness, server)

    pages = harness.pages(client.list_assessment_attempts())

    assert len(pages) == 1  # meta.nextCursor is null
    assert pages[0].total == 1
    assert pages[0].has_next is False
    attempt = pages[0][0]
    assert attempt.id == PLACEHOLDER_ID
    assert attempt.status is AssessmentAttemptStatus.STARTED
    assert attempt.assessment is not None and attempt.assessment.min_passing_percent == 0
    assert attempt.course is not None and attempt.course.slug == "example-slug"


def test_unknown_status_is_kept_and_bad_value_warns(harness: Harness) -> None:
    item = {**seed_attempt(), "status": "archived", "createdAt": "yesterday"}
    server = MockServer().add(
        "GET", PATH, json_response(nested_page([item], cursor=None, has_more=False))
    )
    client = make_client(harness, server)

    with pytest.warns(DataWarning, match=r"createdAt") as caught:
        attempt = harness.collect(client.list_assessment_attempts())[0]

    assert attempt.status == "archived"
    assert not isinstance(attempt.status, AssessmentAttemptStatus)
    assert attempt.created_at is None
    assert attempt.invalid == {"createdAt": "yesterday"}
    warning = caught[0].message
    assert isinstance(warning, DataWarning)
    assert warning.path == "data.AssessmentAttempts.assessmentAttempts[0].createdAt"


# --- pagination ---------------------------------------------------------------------------------


@pytest.mark.parametrize("envelope", ["nested", "flat"])
def test_follows_cursors_and_keeps_filters_on_every_page(harness: Harness, envelope: str) -> None:
    server = MockServer().add(
        "GET",
        PATH,
        by_cursor(
            {
                None: page(envelope, attempts(1, 2), "c2"),
                "c2": page(envelope, attempts(3, 4), "c3"),
                "c3": page(envelope, attempts(5), None),
            }
        ),
    )
    client = make_client(harness, server)

    pages = harness.pages(
        client.list_assessment_attempts(
            start_date=datetime(2024, 1, 1, tzinfo=UTC),
            end_date=datetime(2024, 1, 31, 23, 59, 59, tzinfo=timezone(timedelta(hours=2))),
            course_id="6b7f1c9e-0a43-4b8e-9f52-1d2c3b4a5e6f",
            user_id="0d9e8f7a-6b5c-4d3e-2f1a-0b9c8d7e6f5a",
            per_page=2,
        )
    )

    assert [[a.id for a in p] for p in pages] == [
        [attempt_id(1), attempt_id(2)],
        [attempt_id(3), attempt_id(4)],
        [attempt_id(5)],
    ]
    assert [p.has_next for p in pages] == [True, True, False]
    assert [p.total for p in pages] == [5, 5, 5]
    assert [r.url.params.get("cursor") for r in server.requests] == [None, "c2", "c3"]
    for request in server.requests:
        assert request.url.path == PATH
        assert request.url.params["startDate"] == "2024-01-01T00:00:00.000Z"
        assert request.url.params["endDate"] == "2024-01-31T21:59:59.000Z"
        assert request.url.params["courseId"] == "6b7f1c9e-0a43-4b8e-9f52-1d2c3b4a5e6f"
        assert request.url.params["userId"] == "0d9e8f7a-6b5c-4d3e-2f1a-0b9c8d7e6f5a"
        assert request.url.params["perPage"] == "2"
        assert request.headers["Authorization"] == f"Bearer {API_KEY}"


@pytest.mark.parametrize("envelope", ["nested", "flat"])
def test_empty_page_with_a_cursor_goes_on(harness: Harness, envelope: str) -> None:
    server = MockServer().add(
        "GET",
        PATH,
        by_cursor(
            {
                None: page(envelope, attempts(1), "c2"),
                "c2": page(envelope, [], "c3"),
                "c3": page(envelope, attempts(2), None),
            }
        ),
    )
    client = make_client(harness, server)

    items = harness.collect(client.list_assessment_attempts())

    assert [a.id for a in items] == [attempt_id(1), attempt_id(2)]
    assert len(server.requests) == 3


def test_nested_has_more_false_stops_despite_a_cursor(harness: Harness) -> None:
    server = MockServer().add(
        "GET",
        PATH,
        by_cursor({None: nested_page(attempts(1, 2), cursor="c2", has_more=False, total=2)}),
    )
    client = make_client(harness, server)

    pages = harness.pages(client.list_assessment_attempts())

    assert len(pages) == 1
    assert [a.id for a in pages[0]] == [attempt_id(1), attempt_id(2)]
    assert pages[0].has_next is False
    assert len(server.requests) == 1


def test_nested_null_cursor_stops_despite_has_more(harness: Harness) -> None:
    server = MockServer().add(
        "GET", PATH, by_cursor({None: nested_page(attempts(1), cursor=None, has_more=True)})
    )
    client = make_client(harness, server)

    items = harness.collect(client.list_assessment_attempts())

    assert [a.id for a in items] == [attempt_id(1)]
    assert len(server.requests) == 1


@pytest.mark.parametrize("envelope", ["nested", "flat"])
def test_repeating_cursor_is_refused(harness: Harness, envelope: str) -> None:
    server = MockServer().add(
        "GET",
        PATH,
        by_cursor(
            {
                None: page(envelope, attempts(1), "c2"),
                "c2": page(envelope, attempts(2), "c2"),
            }
        ),
    )
    client = make_client(harness, server)

    with pytest.raises(PaginationError, match="same next link or cursor"):
        harness.collect(client.list_assessment_attempts())

    assert [r.url.params.get("cursor") for r in server.requests] == [None, "c2"]


# --- arguments ----------------------------------------------------------------------------------


def test_per_page_over_100_is_refused_before_any_request(harness: Harness) -> None:
    server = MockServer().add("GET", PATH, json_response(seed_body()))
    client = make_client(harness, server)

    with pytest.raises(ValueError, match=r"per_page must be between 1 and 100, not 101"):
        client.list_assessment_attempts(per_page=101)
    with pytest.raises(ValueError, match=r"per_page must be between 1 and 100, not 0"):
        client.list_assessment_attempts(per_page=0)

    assert server.requests == []
    harness.first_page(client.list_assessment_attempts(per_page=100))
    assert server.requests[0].url.params["perPage"] == "100"


def test_naive_datetime_is_refused_before_any_request(harness: Harness) -> None:
    server = MockServer().add("GET", PATH, json_response(seed_body()))
    client = make_client(harness, server)

    with pytest.raises(ValueError, match="start_date must be timezone-aware"):
        client.list_assessment_attempts(start_date=datetime(2024, 1, 1))
    with pytest.raises(ValueError, match="end_date must be timezone-aware"):
        client.list_assessment_attempts(end_date=datetime(2024, 1, 31, 12, 0))

    assert server.requests == []


# --- errors, retries, rate limits ---------------------------------------------------------------

RATE_LIMITED = {
    "error": "rate_limit_exceeded",
    "message": "Rate limit exceeded. Retry after 32 seconds.",
    "retryAfter": 32,
}


def test_body_retry_after_over_the_cap_raises_at_once(harness: Harness) -> None:
    server = MockServer().add("GET", PATH, json_response(RATE_LIMITED, status=429))
    client = make_client(
        harness, server, retry_policy=RetryPolicy(max_retries=1, max_retry_after=10)
    )

    with pytest.raises(RateLimitError) as caught:
        harness.collect(client.list_assessment_attempts())

    assert caught.value.retry_after == 32
    assert caught.value.status_code == 429
    assert caught.value.message == "Rate limit exceeded. Retry after 32 seconds."
    assert caught.value.body == RATE_LIMITED
    assert len(server.requests) == 1


def test_body_retry_after_within_the_cap_is_waited_for(harness: Harness) -> None:
    server = MockServer().add(
        "GET",
        PATH,
        json_response({**RATE_LIMITED, "retryAfter": 0}, status=429),
        json_response(nested_page(attempts(7), cursor=None, has_more=False)),
    )
    client = make_client(
        harness, server, retry_policy=RetryPolicy(max_retries=1, max_retry_after=10)
    )

    items = harness.collect(client.list_assessment_attempts(per_page=5))

    assert [a.id for a in items] == [attempt_id(7)]
    assert len(server.requests) == 2
    assert [r.url.params["perPage"] for r in server.requests] == ["5", "5"]


def test_retry_after_header_wins_over_the_body(harness: Harness) -> None:
    server = MockServer().add(
        "GET",
        PATH,
        json_response({**RATE_LIMITED, "retryAfter": 0}, status=429, headers={"Retry-After": "45"}),
    )
    client = make_client(
        harness, server, retry_policy=RetryPolicy(max_retries=1, max_retry_after=10)
    )

    with pytest.raises(RateLimitError) as caught:
        harness.collect(client.list_assessment_attempts())

    assert caught.value.retry_after == 45
    assert len(server.requests) == 1


def test_error_message_from_a_rest_body(harness: Harness) -> None:
    body = {"error": "forbidden", "message": "Your API key's role cannot read assessment attempts."}
    server = MockServer().add("GET", PATH, json_response(body, status=403))
    client = make_client(harness, server)

    with pytest.raises(PermissionDeniedError) as caught:
        harness.collect(client.list_assessment_attempts())

    assert caught.value.message == "Your API key's role cannot read assessment attempts."
    assert caught.value.errors == []
    assert str(caught.value) == (
        "thoughtindustries: HTTP 403: Your API key's role cannot read assessment attempts."
    )


def test_error_message_from_a_graphql_style_body(harness: Harness) -> None:
    errors: list[Any] = [
        {"message": "courseId must be a valid uuid", "path": ["assessmentAttempts"]},
        {"message": "userId must be a valid uuid"},
    ]
    server = MockServer().add("GET", PATH, json_response({"errors": errors}, status=400))
    client = make_client(harness, server)

    with pytest.raises(BadRequestError) as caught:
        harness.collect(client.list_assessment_attempts(course_id="nope", user_id="nope"))

    assert caught.value.message == "courseId must be a valid uuid"
    assert caught.value.errors == errors
    assert len(server.requests) == 1


def test_page_reports_rate_limit_headers(harness: Harness) -> None:
    headers = {
        "X-RateLimit-Limit": "120",
        "X-RateLimit-Remaining": "117",
        "X-RateLimit-Reset": "1704067260",
    }
    body = nested_page(attempts(1), cursor=None, has_more=False)
    server = MockServer().add("GET", PATH, json_response(body, headers=headers))
    client = make_client(harness, server)

    first = harness.first_page(client.list_assessment_attempts())

    assert first.rate_limit == RateLimitInfo(limit=120, remaining=117, reset=1704067260.0)
    assert first[0].id == attempt_id(1)


# --- configuration and secrets ------------------------------------------------------------------


def test_missing_api_key_names_the_variable(harness: Harness) -> None:
    with pytest.raises(ConfigurationError, match="THOUGHTINDUSTRIES_API_KEY"):
        harness.client(ThoughtIndustriesClient, AsyncThoughtIndustriesClient, base_url=BASE_URL)
    with pytest.raises(ConfigurationError, match="THOUGHTINDUSTRIES_BASE_URL"):
        harness.client(ThoughtIndustriesClient, AsyncThoughtIndustriesClient, api_key=API_KEY)


def test_environment_configures_the_client(
    harness: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("THOUGHTINDUSTRIES_BASE_URL", "https://acme.thoughtindustries.com/")
    monkeypatch.setenv("THOUGHTINDUSTRIES_API_KEY", API_KEY)
    server = MockServer().add(
        "GET", PATH, json_response(nested_page(attempts(1), cursor=None, has_more=False))
    )
    client = harness.client(
        ThoughtIndustriesClient, AsyncThoughtIndustriesClient, transport=server.transport
    )

    items = harness.collect(client.list_assessment_attempts())

    assert [a.id for a in items] == [attempt_id(1)]
    request = server.requests[0]
    assert str(request.url) == "https://acme.thoughtindustries.com/incoming/v2/assessmentAttempts"
    assert request.headers["Authorization"] == f"Bearer {API_KEY}"


def test_api_key_never_shown(harness: Harness) -> None:
    echo = {"error": "unauthorized", "message": f"Invalid API key: {API_KEY}"}
    server = MockServer().add("GET", PATH, json_response(echo, status=401))
    client = make_client(harness, server)

    with pytest.raises(AuthenticationError) as caught:
        harness.collect(client.list_assessment_attempts())

    assert API_KEY not in str(caught.value)
    assert API_KEY not in caught.value.message
    assert caught.value.message == "Invalid API key: [REDACTED]"
    assert API_KEY not in repr(client)
    assert repr(client).endswith(f"(base_url='{BASE_URL}')")


def test_course_and_user_ids_may_be_uuids(harness: Harness) -> None:
    course, user = uuid.UUID(int=1), uuid.UUID(int=2)
    empty = {
        "data": {"AssessmentAttempts": {"pageInfo": {"hasMore": False}, "assessmentAttempts": []}}
    }
    server = MockServer().add("GET", PATH, json_response(empty))
    client = make_client(harness, server)
    assert harness.collect(client.list_assessment_attempts(course_id=course, user_id=user)) == []
    params = server.requests[0].url.params
    assert params["courseId"] == "00000000-0000-0000-0000-000000000001"
    assert params["userId"] == "00000000-0000-0000-0000-000000000002"
