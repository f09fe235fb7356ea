"""`to_summary()` of indeed's attempt models, on the documented examples, and its status
and pass words (its registry entry's ``status_words`` / ``passed_words``)."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

import attrs
import pytest

from attempts_sdk import PROVIDERS, AttemptSummary, SummaryStatus
from attempts_sdk._summary import summarize
from attempts_sdk.indeed import Assignment
from attempts_sdk.indeed import Attempt as IndeedAttempt
from attempts_sdk.indeed import User as IndeedUser
from conftest import fixture_json
from support.summaries import (
    UTC,
    C,
    P,
    R,
    U,
    assert_missing_values_give_none,
    decode,
)

# --- Indeed (seed 004 and the older docs)


def test_indeed_documented_attempt() -> None:
    record = fixture_json("indeed", "get_attempt")["attempt"]
    moment = datetime(2017, 12, 8, 13, 38, 17, 434000, tzinfo=UTC)
    assert decode(IndeedAttempt, record, "indeed").to_summary() == AttemptSummary(
        provider="indeed",
        attempt_id="khbgltqixvvyoxeb",
        user=None,  # the current docs embed no user in an attempt
        assessment_id="pjpmahbioyqufxos",
        assessment_title="Philosopher Assessment 1",
        status=C,
        score=Decimal("2.0"),
        max_score=Decimal("2.0"),
        percentage=Decimal(100),  # percentage_score 1.0
        passed=None,
        started_at=moment,
        ended_at=moment,
        # completed_at - started_at; completion_time_in_seconds holds a Unix time here
        duration=timedelta(0),
    )


def test_indeed_older_docs_attempt_on_the_0_100_scale() -> None:
    record = fixture_json("indeed", "get_attempt_v0")["attempt"]
    moment = datetime(2017, 9, 29, 21, 7, 36, 407000, tzinfo=UTC)
    assert decode(IndeedAttempt, record, "indeed").to_summary() == AttemptSummary(
        provider="indeed",
        attempt_id="123",
        user="john.doe@example.com",
        assessment_id="are-you-a-human",
        assessment_title="Are You a Human",
        status=C,
        score=Decimal("19.0"),
        max_score=Decimal("100.0"),
        percentage=Decimal("19.0"),  # percentage_score 19: already a percentage
        passed=None,
        started_at=moment,
        ended_at=moment,
        duration=timedelta(0),
    )


@pytest.mark.parametrize("name", ["get_assignment", "list_assignments"])
def test_indeed_attempt_of_an_assignment_takes_its_candidate(name: str) -> None:
    body = fixture_json("indeed", name)
    record = body["assignment"] if "assignment" in body else body["results"][0]["assignment"]
    assignment = decode(Assignment, record, "indeed")
    (attempt,) = assignment.attempts
    summary = attempt.to_summary(user=assignment.user)
    assert summary.user == "some-user0@example.com"
    assert attrs.evolve(summary, user=None) == attempt.to_summary()


def test_indeed_own_user_wins_over_the_assignments() -> None:
    record = fixture_json("indeed", "get_attempt_v0")["attempt"]
    attempt = decode(IndeedAttempt, record, "indeed")
    other = IndeedUser(id="x", email="someone.else@example.com")
    assert attempt.to_summary(user=other).user == "john.doe@example.com"


@pytest.mark.parametrize(
    ("fields", "status"),
    [
        ({}, P),
        ({"started_at": "2024-04-02T10:00:00Z"}, R),
        ({"started_at": "2024-04-02T10:00:00Z", "completed_at": "2024-04-02T10:30:00Z"}, C),
        (
            {
                "started_at": "2024-04-02T10:00:00Z",
                "completed_at": "2024-04-02T10:30:00Z",
                "scoring_completed": False,
            },
            P,
        ),
        ({"completed_at": "2024-04-02T10:30:00Z", "scoring_completed": True}, C),
    ],
)
def test_indeed_status_comes_from_its_timestamps(fields: dict[str, Any], status: str) -> None:
    assert decode(IndeedAttempt, {"id": "a", **fields}, "indeed").to_summary().status == status


def test_indeed_percentage_from_the_scores_when_it_is_missing() -> None:
    attempt = decode(IndeedAttempt, {"id": "a", "score": 2, "possible_score": 3}, "indeed")
    assert attempt.to_summary().percentage == Decimal("66.67")


# --- its words


STATUS_CASES = [
    ("completed", U),
]


@pytest.mark.parametrize(("word", "status"), STATUS_CASES)
def test_status_word(word: str, status: SummaryStatus) -> None:
    assert summarize("indeed", attempt_id=1, status=word).status is status


def test_every_status_word_is_tested() -> None:
    tested = {word.strip().casefold() for word, _ in STATUS_CASES}
    assert set(PROVIDERS["indeed"].status_words) <= tested


@pytest.mark.parametrize(("word", "passed"), [("pass", None)])
def test_passed_word(word: str, passed: bool | None) -> None:
    assert summarize("indeed", attempt_id=1, passed=word).passed is passed


def test_missing_values_give_none() -> None:
    assert_missing_values_give_none(IndeedAttempt(id="5"))
