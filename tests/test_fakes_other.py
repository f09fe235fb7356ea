"""The CleverLMS, Thought Industries and Indeed fakes, driven by the real clients.

Every client test runs four times: sync and async (the ``harness`` fixture), each in memory
(``transport=fake.transport``) and over real HTTP (``fake.serve()``; the ``via`` fixture).
"""

from __future__ import annotations

import re
import time
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest

from attempts_sdk import (
    AuthenticationError,
    NotFoundError,
    RateLimitError,
    RetryPolicy,
    UnprocessableEntityError,
)
from attempts_sdk.cleverlms import AsyncCleverLMSClient, CleverLMSClient, TestAttemptStatus
from attempts_sdk.indeed import AsyncIndeedClient, IndeedClient
from attempts_sdk.testing.cleverlms import FakeCleverLMS
from attempts_sdk.testing.indeed import FakeIndeed
from attempts_sdk.testing.thoughtindustries import FakeThoughtIndustries
from attempts_sdk.thoughtindustries import (
    AssessmentAttemptStatus,
    AsyncThoughtIndustriesClient,
    ThoughtIndustriesClient,
)
from conftest import Harness, fixture_json
from fake_connections import connected, raw_client
from fake_connections import via as via  # a fixture: the fake tests run in memory and over HTTP

CLEVERLMS_PATH = "/v2/materials/tests/attempts"
TI_PATH = "/incoming/v2/assessmentAttempts"
MSK = timezone(timedelta(hours=3))
UTC = timezone.utc
NO_WAIT = RetryPolicy(initial_delay=0.0)


def ids(items: Any) -> list[str]:
    return [item.id for item in items]


# --- CleverLMS ----------------------------------------------------------------------------------


def clever_client(harness: Harness, fake: FakeCleverLMS, conn: dict[str, Any], **kw: Any) -> Any:
    options = {"token": fake.token, **conn, **kw}
    return harness.client(CleverLMSClient, AsyncCleverLMSClient, **options)


def test_cleverlms_export_walks_three_pages_of_the_seeded_rows(harness: Harness, via: str) -> None:
    fake = FakeCleverLMS()
    rows = fake.attempts
    with connected(fake, via) as conn:
        client = clever_client(harness, fake, conn, strict=True)
        pages = harness.pages(client.export_test_attempts(per_page=10))

    assert [len(page) for page in pages] == [10, 10, 7]
    assert [page.has_next for page in pages] == [True, True, False]
    exported = [attempt for page in pages for attempt in page]
    assert ids(exported) == [row["id"] for row in rows]
    assert len(set(ids(exported))) == 27
    assert fake.calls == [("GET", CLEVERLMS_PATH)] * 3
    first, row = exported[0], rows[0]
    assert first.material_id == str(row["material_id"])
    assert first.login == row["login"]
    assert first.status == row["status"]
    assert first.number == row["number"]
    assert (first.points, first.percent) == (row["points"], row["percent"])
    assert first.q_count == first.q_success + first.q_fail + first.q_checking == row["q_count"]
    assert first.started_at == datetime.fromisoformat(row["started_at"])
    assert first.started_at.utcoffset() == timedelta(hours=3)


def test_cleverlms_without_per_page_the_page_size_applies_until_an_empty_page(
    harness: Harness, via: str
) -> None:
    fake = FakeCleverLMS(page_size=10)
    with connected(fake, via) as conn:
        client = clever_client(harness, fake, conn)
        pages = harness.pages(client.export_test_attempts())

    assert [len(page) for page in pages] == [10, 10, 7, 0]
    assert ids(a for page in pages for a in page) == [row["id"] for row in fake.attempts]
    assert len(fake.calls) == 4


def test_cleverlms_date_filters_select_on_started_at_inclusively(
    harness: Harness, via: str
) -> None:
    fake = FakeCleverLMS()
    by_start = sorted(fake.attempts, key=lambda row: datetime.fromisoformat(row["started_at"]))
    after = datetime.fromisoformat(by_start[5]["started_at"])
    until = datetime.fromisoformat(by_start[15]["started_at"]).astimezone(UTC)
    expected = {row["id"] for row in by_start[5:16]}
    with connected(fake, via) as conn:
        client = clever_client(harness, fake, conn)
        pages = harness.pages(
            client.export_test_attempts(after_date=after, to_date=until, per_page=4)
        )

    exported = [attempt for page in pages for attempt in page]
    assert [len(page) for page in pages] == [4, 4, 3]
    assert set(ids(exported)) == expected
    assert len(exported) == 11
    assert all(after <= attempt.started_at <= until for attempt in exported)
    assert min(a.started_at for a in exported) == after
    assert max(a.started_at for a in exported) == until


def test_cleverlms_wrong_token_is_an_authentication_error(harness: Harness, via: str) -> None:
    fake = FakeCleverLMS()
    with connected(fake, via) as conn:
        client = clever_client(harness, fake, conn, token="not-the-token")
        with pytest.raises(AuthenticationError) as caught:
            harness.collect(client.export_test_attempts())

    assert caught.value.message == "Unauthenticated."
    assert caught.value.errors == [{"code": 401, "field": "token", "message": "Unauthenticated."}]
    assert "not-the-token" not in str(caught.value)
    assert fake.calls == [("GET", CLEVERLMS_PATH)]


def test_cleverlms_per_page_below_the_minimum_is_unprocessable(harness: Harness) -> None:
    fake = FakeCleverLMS(min_per_page=100)
    with connected(fake, "memory") as conn:
        client = clever_client(harness, fake, conn)
        with pytest.raises(UnprocessableEntityError) as caught:
            harness.collect(client.export_test_attempts(per_page=10))

    assert caught.value.message == "The per page must be between 100 and 10000."
    assert caught.value.errors == [
        {"code": 422, "field": "perPage", "message": "The per page must be between 100 and 10000."}
    ]


def test_cleverlms_survives_two_503s(harness: Harness, via: str) -> None:
    fake = FakeCleverLMS()
    fake.fail_next(2, status=503)
    with connected(fake, via) as conn:
        client = clever_client(harness, fake, conn, retry_policy=NO_WAIT)
        exported = harness.collect(client.export_test_attempts(per_page=10))

    assert ids(exported) == [row["id"] for row in fake.attempts]
    assert fake.calls == [("GET", CLEVERLMS_PATH)] * 5


def test_cleverlms_added_attempt_is_exported_with_its_values(harness: Harness) -> None:
    fake = FakeCleverLMS(seed=False)
    started = datetime(2024, 6, 3, 10, 15, 30, tzinfo=MSK)
    row = fake.add_attempt(login="o.ivanova", status="checking", started_at=started, number=None)
    with connected(fake, "memory") as conn:
        client = clever_client(harness, fake, conn, strict=True)
        exported = harness.collect(client.export_test_attempts())

    assert len(exported) == 1
    attempt = exported[0]
    assert attempt.id == row["id"]
    assert attempt.login == "o.ivanova"
    assert attempt.status is TestAttemptStatus.CHECKING
    assert attempt.number is None
    assert attempt.started_at == started
    assert row["started_at"] == "2024-06-03T10:15:30+03:00"
    assert re.fullmatch(
        r"[0-9a-f]{8}-[0-9a-f]{4}-1[0-9a-f]{3}-[89ab][0-9a-f]{3}-0242ac12002b", row["id"]
    )


def test_cleverlms_rows_have_the_documented_shape() -> None:
    documented = fixture_json("cleverlms", "attempts")["data"][0]
    fake = FakeCleverLMS()
    with raw_client(fake, fake.token) as http:
        rows = http.get(CLEVERLMS_PATH).json()["data"]

    assert len(rows) == 27
    stamp = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+03:00")
    for row in rows:
        assert list(row) == list(documented)
        assert type(row["material_id"]) is int
        assert row["number"] is None or type(row["number"]) is int
        assert row["status"] in ("fail", "completed", "checking")
        assert row["q_count"] == row["q_success"] + row["q_fail"] + row["q_checking"]
        assert (row["status"] == "checking") == (row["q_checking"] > 0)
        for key in ("started_at", "created_at", "updated_at"):
            assert stamp.fullmatch(row[key])
        assert row["ended_at"] is None or stamp.fullmatch(row["ended_at"])
    assert {row["status"] for row in rows} == {"fail", "completed", "checking"}
    assert any(row["number"] is None for row in rows)
    assert any(row["ended_at"] is None for row in rows)


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ({"afterDate": "2024-02-05 09:00:00"}, "afterDate", "The after date does not match"),
        ({"toDate": "2024-02-05T09:00:00Z"}, "toDate", "The to date does not match"),
        ({"toDate": "2024-02-30T09:00:00+03:00"}, "toDate", "The to date does not match"),
        ({"perPage": "10001"}, "perPage", "The per page must be between 1 and 10000."),
        ({"page": "0"}, "page", "The page must be an integer of at least 1."),
    ],
)
def test_cleverlms_bad_query_is_a_422_naming_the_field(
    query: dict[str, str], field: str, message: str
) -> None:
    fake = FakeCleverLMS()
    with raw_client(fake, fake.token) as http:
        response = http.get(CLEVERLMS_PATH, params=query)

    assert response.status_code == 422
    [error] = response.json()["errors"]
    assert (error["code"], error["field"]) == (422, field)
    assert error["message"].startswith(message)


# --- Thought Industries -------------------------------------------------------------------------


def ti_client(
    harness: Harness, fake: FakeThoughtIndustries, conn: dict[str, Any], **kw: Any
) -> Any:
    # the client's 120 a minute has its own tests (tests/test_ti_events.py)
    options = {"api_key": fake.api_key, "rate_limit": None, **conn, **kw}
    return harness.client(ThoughtIndustriesClient, AsyncThoughtIndustriesClient, **options)


@pytest.mark.parametrize("envelope", ["nested", "flat"])
def test_ti_follows_the_cursor_through_three_pages(
    harness: Harness, via: str, envelope: Any
) -> None:
    fake = FakeThoughtIndustries(envelope=envelope)
    seeded = fake.attempts
    with connected(fake, via) as conn:
        client = ti_client(harness, fake, conn, strict=True)
        pages = harness.pages(client.list_assessment_attempts(per_page=10))

    assert [len(page) for page in pages] == [10, 10, 10]
    assert [page.total for page in pages] == [30, 30, 30]
    assert [page.has_next for page in pages] == [True, True, False]
    listed = [attempt for page in pages for attempt in page]
    assert ids(listed) == [attempt["id"] for attempt in seeded]
    assert len(set(ids(listed))) == 30
    assert fake.calls == [("GET", TI_PATH)] * 3
    limits = [page.rate_limit for page in pages]
    assert [(info.limit, info.remaining) for info in limits if info] == [
        (120, 119),
        (120, 118),
        (120, 117),
    ]
    assert all(info and info.reset and info.reset > time.time() for info in limits)
    first, raw = listed[0], seeded[0]
    assert first.status == raw["status"]
    assert first.assessment.title == raw["assessment"]["title"]
    assert first.assessment.min_passing_percent == raw["assessment"]["minPassingPercent"]
    assert first.course.id == first.course_id == raw["courseId"]
    assert first.user.email == raw["user"]["email"]
    assert first.topic.id == first.topic_id == first.assessment.id
    assert first.created_at == datetime.fromisoformat(raw["createdAt"].replace("Z", "+00:00"))
    assert first.time_elapsed_in_seconds == raw["timeElapsedInSeconds"]
    assert len(first.questions) == len(raw["questions"])


def test_ti_course_and_date_filters_apply_to_every_page(harness: Harness, via: str) -> None:
    fake = FakeThoughtIndustries()
    course = fake.courses[1]
    mine = [a for a in fake.attempts if a["courseId"] == course["id"]]
    start = datetime.fromisoformat(mine[1]["createdAt"].replace("Z", "+00:00"))
    end = datetime.fromisoformat(mine[-2]["createdAt"].replace("Z", "+00:00"))
    expected = [a["id"] for a in mine[1:-1]]
    assert len(expected) == 9
    with connected(fake, via) as conn:
        client = ti_client(harness, fake, conn)
        listed = harness.collect(
            client.list_assessment_attempts(
                course_id=course["id"], start_date=start, end_date=end, per_page=2
            )
        )

    assert ids(listed) == expected
    assert {a.course.title for a in listed} == {"Data Privacy Essentials"}
    assert all(a.course_id == course["id"] and start <= a.created_at <= end for a in listed)
    assert listed[0].created_at == start
    assert listed[-1].created_at == end
    assert fake.calls == [("GET", TI_PATH)] * 5


def test_ti_user_filter(harness: Harness, via: str) -> None:
    fake = FakeThoughtIndustries()
    user = fake.users[3]
    expected = [a["id"] for a in fake.attempts if a["user"]["id"] == user["id"]]
    assert expected
    with connected(fake, via) as conn:
        client = ti_client(harness, fake, conn)
        listed = harness.collect(client.list_assessment_attempts(user_id=user["id"]))

    assert ids(listed) == expected
    assert {a.user.name for a in listed} == {f"{user['firstName']} {user['lastName']}"}


def test_ti_wrong_api_key_is_an_authentication_error(harness: Harness, via: str) -> None:
    fake = FakeThoughtIndustries()
    with connected(fake, via) as conn:
        client = ti_client(harness, fake, conn, api_key="ti_test_wrong")
        with pytest.raises(AuthenticationError) as caught:
            harness.collect(client.list_assessment_attempts())

    assert caught.value.message == "Invalid or missing API key."
    assert caught.value.body == {"error": "unauthorized", "message": "Invalid or missing API key."}
    assert fake.calls == [("GET", TI_PATH)]


def test_ti_survives_two_503s(harness: Harness, via: str) -> None:
    fake = FakeThoughtIndustries()
    fake.fail_next(2, status=503)
    with connected(fake, via) as conn:
        client = ti_client(harness, fake, conn, retry_policy=NO_WAIT)
        listed = harness.collect(client.list_assessment_attempts(per_page=10))

    assert ids(listed) == [a["id"] for a in fake.attempts]
    assert fake.calls == [("GET", TI_PATH)] * 5


def test_ti_429_body_retry_after_is_waited_for_instead_of_the_backoff(
    harness: Harness, via: str
) -> None:
    fake = FakeThoughtIndustries()
    fake.rate_limit_retry_after = 0
    fake.fail_next(2, status=429)
    # Were the body's ``retryAfter: 0`` ignored, the backoff would sleep 30 s per retry.
    slow_backoff = RetryPolicy(initial_delay=30.0, max_delay=30.0)
    began = time.monotonic()
    with connected(fake, via) as conn:
        client = ti_client(harness, fake, conn, retry_policy=slow_backoff)
        listed = harness.collect(client.list_assessment_attempts(per_page=100))

    assert time.monotonic() - began < 10
    assert len(listed) == 30
    assert fake.calls == [("GET", TI_PATH)] * 3


@pytest.mark.parametrize("header", [True, False])
def test_ti_429_longer_than_the_cap_is_raised_at_once(
    harness: Harness, via: str, header: bool
) -> None:
    fake = FakeThoughtIndustries()
    if header:
        fake.fail_next(1, status=429, retry_after=120)
        wait = 120
    else:
        fake.fail_next(1, status=429)  # the body's documented 32 s, no header
        wait = 32
    with connected(fake, via) as conn:
        client = ti_client(harness, fake, conn, retry_policy=RetryPolicy(max_retry_after=10))
        with pytest.raises(RateLimitError) as caught:
            harness.collect(client.list_assessment_attempts())

    error = caught.value
    assert error.retry_after == wait
    assert error.message == f"Rate limit exceeded. Retry after {wait} seconds."
    assert error.body == {
        "error": "rate_limit_exceeded",
        "message": f"Rate limit exceeded. Retry after {wait} seconds.",
        "retryAfter": wait,
    }
    assert error.response.headers.get("Retry-After") == ("120" if header else None)
    assert fake.calls == [("GET", TI_PATH)]


def test_ti_added_attempt_carries_its_course_user_and_status(harness: Harness) -> None:
    fake = FakeThoughtIndustries(seed=False)
    course, user = fake.courses[0], fake.users[0]
    created = datetime(2024, 6, 1, 12, 30, tzinfo=UTC)
    fake.add_attempt(course=course, user=user, created_at=created, status="pending")
    fake.add_attempt(course=course, user=user, created_at=created + timedelta(days=1))
    with connected(fake, "memory") as conn:
        client = ti_client(harness, fake, conn, strict=True)
        listed = harness.collect(client.list_assessment_attempts())

    assert len(listed) == 2
    pending = listed[0]
    assert pending.status is AssessmentAttemptStatus.PENDING
    assert pending.created_at == created
    assert (pending.grade, pending.passed) == (None, None)
    assert pending.original_grade is not None
    assert pending.assessment.type == "test"
    assert any(question.is_essay for question in pending.questions)
    assert pending.course.title == course["title"] == "Workplace Safety Fundamentals"
    assert pending.user.email == user["email"] == "ana.ruiz@acme.example"
    assert "_topics" not in pending.course.extra


def test_ti_attempts_have_the_documented_shape() -> None:
    documented = fixture_json("thoughtindustries", "list_assessment_attempts")
    [example] = documented["data"]["AssessmentAttempts"]["assessmentAttempts"]
    fake = FakeThoughtIndustries()
    with raw_client(fake, fake.api_key) as http:
        body = http.get(TI_PATH, params={"perPage": 100}).json()

    attempts = body["data"]["AssessmentAttempts"]["assessmentAttempts"]
    assert body["data"]["AssessmentAttempts"]["pageInfo"] == {
        "perPage": 100,
        "cursor": None,
        "total": 30,
        "hasMore": False,
    }
    assert {a["status"] for a in attempts} == {"started", "finished", "pending"}
    for attempt in attempts:
        assert set(attempt) == set(example)
        for key in ("assessment", "topic"):
            assert set(attempt[key]) == set(example[key])
        assert set(attempt["course"]) <= set(example["course"])
        assert set(attempt["user"]) <= set(example["user"])
        assert all(set(q) == set(example["questions"][0]) for q in attempt["questions"])
        assert all(set(a) == set(example["answers"][0]) for a in attempt["answers"])
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", attempt["createdAt"])
        if attempt["status"] == "finished":
            passing = attempt["assessment"]["minPassingPercent"]
            assert attempt["passed"] is (attempt["grade"] >= passing)
        else:
            assert attempt["grade"] is None and attempt["passed"] is None


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"perPage": "101"}, "perPage must be between 1 and 100."),
        ({"cursor": "not a cursor"}, "Invalid cursor."),
        ({"startDate": "last tuesday"}, "startDate must be an ISO 8601 date or Unix milliseconds."),
        ({"courseId": "42"}, "courseId must be a valid uuid."),
    ],
)
def test_ti_bad_query_is_a_400_with_rate_limit_headers(query: dict[str, str], message: str) -> None:
    fake = FakeThoughtIndustries()
    with raw_client(fake, fake.api_key) as http:
        response = http.get(TI_PATH, params=query)

    assert response.status_code == 400
    assert response.json() == {"error": "bad_request", "message": message}
    assert response.headers["X-RateLimit-Limit"] == "120"


# --- Indeed -------------------------------------------------------------------------------------


def indeed_client(harness: Harness, fake: FakeIndeed, conn: dict[str, Any], **kw: Any) -> Any:
    options = {"api_key": fake.api_key, "rate_limit": None, **conn, **kw}
    return harness.client(IndeedClient, AsyncIndeedClient, **options)


def test_indeed_lists_assignments_newest_first_in_three_pages(harness: Harness, via: str) -> None:
    fake = FakeIndeed()
    seeded = fake.assignments
    with connected(fake, via) as conn:
        assert conn["base_url"].endswith("/v1")
        client = indeed_client(harness, fake, conn, strict=True)
        pages = harness.pages(client.list_assignments(per_page=5))

    assert [len(page) for page in pages] == [5, 5, 3]
    assert [page.total for page in pages] == [13, 13, 13]
    listed = [assignment for page in pages for assignment in page]
    assert ids(listed) == [a["id"] for a in seeded]
    assert len(set(ids(listed))) == 13
    created = [a.created_at for a in listed]
    assert created == sorted(created, reverse=True)
    assert fake.calls == [("GET", "/assignments.json")] * 3
    first, raw = listed[0], seeded[0]
    assert first.user.email == raw["user"]["email"]
    assert first.role.name == raw["role"]["name"]
    assert first.remaining_assessment_count == raw["remaining_assessment_count"]
    assert ids(first.attempts) == [a["id"] for a in raw["attempts"]]


def test_indeed_iter_attempts_yields_every_embedded_attempt_with_no_extra_request(
    harness: Harness, via: str
) -> None:
    fake = FakeIndeed()
    expected = [a["id"] for a in fake.attempts]
    with connected(fake, via) as conn:
        client = indeed_client(harness, fake, conn)
        attempts = harness.collect(client.iter_attempts(per_page=5))

    assert ids(attempts) == expected
    assert len(expected) == len(set(expected)) == 26
    assert fake.calls == [("GET", "/assignments.json")] * 3


def test_indeed_get_attempt_and_assignment(harness: Harness, via: str) -> None:
    fake = FakeIndeed()
    assignment = next(a for a in fake.assignments if len(a["attempts"]) >= 2)
    raw = next(a for a in assignment["attempts"] if a["scoring_completed"])
    with connected(fake, via) as conn:
        client = indeed_client(harness, fake, conn, strict=True)
        attempt = harness.run(client.get_attempt, raw["id"])
        fetched = harness.run(client.get_assignment, assignment["id"])

    assert fake.calls == [
        ("GET", f"/attempts/{raw['id']}.json"),
        ("GET", f"/assignments/{assignment['id']}.json"),
    ]
    assert attempt.id == raw["id"]
    assert attempt.assessment.name == raw["assessment"]["name"]
    assert attempt.score == raw["score"]
    assert attempt.possible_score == 3.0
    assert 0.0 <= attempt.percentage_score <= 1.0
    assert attempt.percentage_score == pytest.approx(attempt.score / attempt.possible_score)
    scores = [
        score.score
        for step in attempt.step_progressions
        for answer in step.answers
        for score in answer.scores
    ]
    assert sum(scores) == attempt.score
    assert [step.step.sequence for step in attempt.step_progressions] == [1, 2]
    answer = attempt.step_progressions[0].answers[0]
    assert answer.value == answer.select_choices[0].value
    assert answer.select_choices[0].id in {choice.id for choice in answer.question.choices}
    assert fetched.id == assignment["id"]
    assert ids(fetched.attempts) == [a["id"] for a in assignment["attempts"]]
    assert fetched.score == sum(a.score for a in fetched.attempts if a.scoring_completed)


def test_indeed_unknown_attempt_is_not_found(harness: Harness, via: str) -> None:
    fake = FakeIndeed()
    with connected(fake, via) as conn:
        client = indeed_client(harness, fake, conn)
        with pytest.raises(NotFoundError) as caught:
            harness.run(client.get_attempt, "nosuchattempt")

    assert caught.value.message == "Couldn't find Attempt with 'id'=nosuchattempt"
    assert fake.calls == [("GET", "/attempts/nosuchattempt.json")]


def test_indeed_wrong_api_key_is_an_authentication_error(harness: Harness, via: str) -> None:
    fake = FakeIndeed()
    with connected(fake, via) as conn:
        client = indeed_client(harness, fake, conn, api_key="wrong-key")
        with pytest.raises(AuthenticationError) as caught:
            harness.collect(client.list_assignments())

    assert caught.value.message == "HTTP Token: Access denied."
    assert caught.value.body == {"error": "HTTP Token: Access denied."}
    assert fake.calls == [("GET", "/assignments.json")]


def test_indeed_survives_two_503s(harness: Harness, via: str) -> None:
    fake = FakeIndeed()
    fake.fail_next(2, status=503)
    with connected(fake, via) as conn:
        client = indeed_client(harness, fake, conn, retry_policy=NO_WAIT)
        attempts = harness.collect(client.iter_attempts(per_page=5))

    assert ids(attempts) == [a["id"] for a in fake.attempts]
    assert fake.calls == [("GET", "/assignments.json")] * 5


def test_indeed_added_assignment_has_its_attempts_and_totals(harness: Harness) -> None:
    fake = FakeIndeed(seed=False)
    created = datetime(2024, 6, 10, 9, 0, tzinfo=UTC)
    added = fake.add_assignment(
        candidate="Jane Roe", role="Warehouse Associate", created_at=created, completed=2
    )
    with connected(fake, "memory") as conn:
        client = indeed_client(harness, fake, conn, strict=True)
        [assignment] = harness.collect(client.list_assignments())

    assert assignment.id == added["id"]
    assert assignment.created_at == created
    assert assignment.user.name == "Jane Roe"
    assert assignment.user.email == "jane.roe@example.com"
    assert assignment.role.name == "Warehouse Associate"
    assert [a.assessment.name for a in assignment.attempts] == ["Attention to Detail", "Basic Math"]
    assert all(a.scoring_completed and a.completed_at for a in assignment.attempts)
    assert assignment.remaining_assessment_count == 0
    assert assignment.possible_score == 6.0
    assert assignment.score == sum(a.score for a in assignment.attempts)
    assert assignment.weighted_percentage_score == pytest.approx(assignment.score / 6.0)


def test_indeed_add_assignment_refuses_an_unknown_role_or_too_many_completions() -> None:
    fake = FakeIndeed(seed=False)
    with pytest.raises(ValueError, match="role must be one of"):
        fake.add_assignment(role="Astronaut")
    with pytest.raises(ValueError, match="has 2 assessments"):
        fake.add_assignment(role="Warehouse Associate", completed=3)
    assert fake.assignments == []


def test_indeed_records_have_the_documented_shape() -> None:
    documented = fixture_json("indeed", "list_assignments")
    example = documented["results"][0]["assignment"]
    fake = FakeIndeed()
    with raw_client(fake, fake.api_key) as http:
        body = http.get("/assignments", params={"per": 100}).json()

    assert body["meta"] == {"total_count": 13, "count": 13, "pages": 1}
    attempts = [a for item in body["results"] for a in item["assignment"]["attempts"]]
    assert [set(item) for item in body["results"]] == [{"assignment"}] * 13
    assert all(set(item["assignment"]) == set(example) for item in body["results"])
    example_attempt = example["attempts"][0]
    example_step = example_attempt["step_progressions"][0]
    for attempt in attempts:
        assert set(attempt) == set(example_attempt)
        assert isinstance(attempt["id"], str)
        for step in attempt["step_progressions"]:
            assert set(step) == set(example_step)
            assert all(set(a) == set(example_step["answers"][0]) for a in step["answers"])
        if attempt["scoring_completed"]:
            assert isinstance(attempt["score"], float)
            assert 0.0 <= attempt["percentage_score"] <= 1.0
    assert {a["scoring_completed"] for a in attempts} == {True, False}


@pytest.mark.parametrize(
    ("method", "path", "status", "error"),
    [
        ("GET", "/assignments.json?per=0", 400, "per must be at least 1"),
        ("GET", "/assignments.json?page=x", 400, "page must be at least 1"),
        ("PUT", "/assignments.json", 405, "Method not allowed"),
        ("DELETE", "/roles/pgrnovpmee0qkljd.json", 405, "Method not allowed"),
        ("POST", "/assignments.json", 400, "The body must be a JSON object"),
        ("GET", "/candidates.json", 404, "Not found."),
        ("GET", "/roles/nope.json", 404, "Couldn't find Role with 'id'=nope"),
        ("GET", "/assessments/nope", 404, "Couldn't find Assessment with 'id'=nope"),
        ("GET", "/assignments/nope", 404, "Couldn't find Assignment with 'id'=nope"),
    ],
)
def test_indeed_errors_are_error_bodies(method: str, path: str, status: int, error: str) -> None:
    fake = FakeIndeed()
    with raw_client(fake, fake.api_key) as http:
        response = http.request(method, path)

    assert response.status_code == status
    assert response.json() == {"error": error}
