"""`to_summary()` of thoughtindustries's attempt models, on the documented examples, and its status
and pass words (its registry entry's ``status_words`` / ``passed_words``)."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal

import pytest

from attempts_sdk import PROVIDERS, AttemptSummary, SummaryStatus
from attempts_sdk._summary import summarize
from attempts_sdk.thoughtindustries import AssessmentAttempt
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

# --- Thought Industries (seed 003: placeholder values)


@pytest.mark.parametrize(
    ("name", "path"),
    [
        ("list_assessment_attempts", ("data", "AssessmentAttempts", "assessmentAttempts")),
        ("list_assessment_attempts_flat", ("data",)),
    ],
)
def test_thoughtindustries_documented_attempt(name: str, path: tuple[str, ...]) -> None:
    body = fixture_json("thoughtindustries", name)
    for key in path:
        body = body[key]
    (record,) = body
    summary = decode(AssessmentAttempt, record, "thoughtindustries").to_summary()
    assert summary == AttemptSummary(
        provider="thoughtindustries",
        attempt_id="00000000-0000-0000-0000-000000000000",
        user="string",  # the user's email, a placeholder in the docs
        assessment_id="00000000-0000-0000-0000-000000000000",
        assessment_title="string",
        status=R,
        score=None,
        max_score=None,
        percentage=Decimal(0),  # the grade
        passed=True,
        started_at=datetime(2024, 1, 1, tzinfo=UTC),
        ended_at=None,
        duration=timedelta(0),  # timeElapsedInSeconds
    )


def test_thoughtindustries_user_without_email_is_its_id() -> None:
    attempt = decode(
        AssessmentAttempt,
        {"id": "a1", "user": {"id": "u-7"}, "status": "finished", "grade": 85},
        "thoughtindustries",
    )
    summary = attempt.to_summary()
    assert (summary.user, summary.status, summary.percentage) == ("u-7", C, Decimal(85))


# --- its words


STATUS_CASES = [
    ("started", R),
    ("finished", C),
    ("pending", P),
    ("  FINISHED ", C),
    ("", U),
]


@pytest.mark.parametrize(("word", "status"), STATUS_CASES)
def test_status_word(word: str, status: SummaryStatus) -> None:
    assert summarize("thoughtindustries", attempt_id=1, status=word).status is status


def test_every_status_word_is_tested() -> None:
    tested = {word.strip().casefold() for word, _ in STATUS_CASES}
    assert set(PROVIDERS["thoughtindustries"].status_words) <= tested


def test_status_of_its_models() -> None:
    assert AssessmentAttempt(id="a", status="archived").to_summary().status is U


def test_missing_values_give_none() -> None:
    assert_missing_values_give_none(AssessmentAttempt(id="5"))
