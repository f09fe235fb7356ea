"""The Indeed fake, driven by the real clients.

Every client test runs four times: sync and async (the ``harness`` fixture), each in memory
(``transport=fake.transport``) and over real HTTP (``fake.serve()``; the ``via`` fixture).
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

import pytest

from attempts_sdk import (
    AuthenticationError,
    NotFoundError,
    RetryPolicy,
)
from attempts_sdk.indeed import AsyncIndeedClient, IndeedClient
from attempts_sdk.testing.indeed import FakeIndeed
from conftest import Harness, fixture_json
from support.fakes import connected, ids, raw_client

UTC = timezone.utc
NO_WAIT = RetryPolicy(initial_delay=0.0)


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
