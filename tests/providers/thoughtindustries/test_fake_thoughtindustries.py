"""The Thought Industries fake, driven by the real clients.

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
    RateLimitError,
    RetryPolicy,
)
from attempts_sdk.testing.thoughtindustries import FakeThoughtIndustries
from attempts_sdk.thoughtindustries import (
    AssessmentAttemptStatus,
    AsyncThoughtIndustriesClient,
    ThoughtIndustriesClient,
)
from conftest import Harness, fixture_json
from support.fakes import connected, ids, raw_client
from support.faultserver import recorded_sleeps

TI_PATH = "/incoming/v2/assessmentAttempts"
UTC = timezone.utc
NO_WAIT = RetryPolicy(initial_delay=0.0)


# --- Thought Industries -------------------------------------------------------------------------


def ti_client(
    harness: Harness, fake: FakeThoughtIndustries, conn: dict[str, Any], **kw: Any
) -> Any:
    # the client's 120 a minute has its own test (test_thoughtindustries_events.py)
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


def test_ti_429_body_retry_after_is_waited_for_when_longer_than_the_backoff(
    harness: Harness, via: str
) -> None:
    fake = FakeThoughtIndustries()
    fake.rate_limit_retry_after = 3
    fake.fail_next(2, status=429)
    # the body's ``retryAfter: 3`` outweighs a backoff of 0.01 s; the backoff is the floor
    short_backoff = RetryPolicy(initial_delay=0.01, max_delay=0.01)
    with recorded_sleeps() as waits, connected(fake, via) as conn:
        client = ti_client(harness, fake, conn, retry_policy=short_backoff)
        listed = harness.collect(client.list_assessment_attempts(per_page=100))

    assert waits == [3.0, 3.0]
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
