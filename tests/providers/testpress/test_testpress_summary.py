"""`to_summary()` of testpress's attempt models, on the documented examples, and its status
and pass words (its registry entry's ``status_words`` / ``passed_words``)."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest

from attempts_sdk import PROVIDERS, AttemptSummary, SummaryStatus
from attempts_sdk._summary import summarize
from attempts_sdk.testpress import AdminAttempt, Attempt
from conftest import fixture_json
from support.summaries import (
    UTC,
    C,
    P,
    R,
    U,
    assert_missing_values_give_none,
    decode,
    decode_with_bad_dates,
)

# --- Testpress (seeds 001 and 002)


def test_testpress_list_attempt_with_a_username_and_a_broken_date() -> None:
    first, second = fixture_json("testpress", "list_attempts")["results"]
    assert decode_with_bad_dates(Attempt, first).to_summary() == AttemptSummary(
        provider="testpress",
        attempt_id="125894",
        user="testpress",
        assessment_id="3720",
        assessment_title="FORUM IAS RBI DEMO",
        status=R,
        score=Decimal("0.00"),
        max_score=None,
        percentage=Decimal("0"),
        passed=None,
        started_at=None,  # "2.25-11-07T07:12:49.873Z" cannot be read
        ended_at=None,
        duration=timedelta(minutes=49, seconds=57),
    )
    assert decode_with_bad_dates(Attempt, second).to_summary() == AttemptSummary(
        provider="testpress",
        attempt_id="125872",
        user="testpress",
        assessment_id="3625",
        assessment_title="AIIMS Exam",
        status=C,
        score=Decimal("0.00"),
        max_score=None,
        percentage=Decimal("0"),
        passed=None,
        started_at=None,
        ended_at=None,
        duration=timedelta(seconds=1),
    )


def test_testpress_ended_attempt() -> None:
    record = fixture_json("testpress", "end_attempt")
    summary = decode_with_bad_dates(Attempt, record).to_summary()
    assert summary == AttemptSummary(
        provider="testpress",
        attempt_id="125894",
        user="testpress",
        assessment_id="3720",
        assessment_title="FORUM IAS RBI DEMO",
        status=C,
        score=Decimal("2.00"),
        max_score=None,
        percentage=Decimal("1"),
        passed=None,
        started_at=None,
        ended_at=None,
        duration=timedelta(minutes=49, seconds=57),
    )


def test_testpress_created_attempt_with_a_user_object() -> None:
    summary = decode(Attempt, fixture_json("testpress", "create_attempt"), "testpress").to_summary()
    assert summary == AttemptSummary(
        provider="testpress",
        attempt_id="400",
        user="demouser",
        assessment_id="31",
        assessment_title="Dummy Test 7",
        status=R,
        score=Decimal("0"),
        max_score=None,
        percentage=Decimal("0"),
        passed=None,
        started_at=datetime(2017, 5, 24, 7, 32, 9, 891000, tzinfo=UTC),
        ended_at=None,
        duration=timedelta(seconds=1),
    )


def test_testpress_exam_attempt_without_an_exam() -> None:
    records = fixture_json("testpress", "list_exam_attempts")["results"]
    summaries = [decode(Attempt, record, "testpress").to_summary() for record in records]
    assert summaries == [
        AttemptSummary(
            provider="testpress",
            attempt_id="369",
            user="demouser",
            assessment_id=None,
            assessment_title=None,
            status=R,
            score=Decimal("0.00"),
            max_score=None,
            percentage=Decimal("0"),
            passed=None,
            started_at=datetime(2017, 4, 25, 14, 34, 26, 848000, tzinfo=UTC),
            ended_at=None,
            duration=timedelta(hours=1, minutes=50, seconds=29),
        ),
        AttemptSummary(
            provider="testpress",
            attempt_id="12",
            user="demouser",
            assessment_id=None,
            assessment_title=None,
            status=C,
            score=Decimal("3.00"),
            max_score=None,
            percentage=Decimal("12"),
            passed=None,
            started_at=datetime(2017, 1, 24, 6, 33, 9, 230000, tzinfo=UTC),
            ended_at=None,
            duration=timedelta(seconds=43),
        ),
    ]


def test_testpress_admin_attempt() -> None:
    (record,) = fixture_json("testpress", "admin_list_attempts")["results"]
    summary = decode(AdminAttempt, record, "testpress").to_summary()
    assert summary == AttemptSummary(
        provider="testpress",
        attempt_id="68701",
        user="143",  # no username nor email in the list: the user id
        assessment_id="133",
        assessment_title=None,
        status=C,
        score=Decimal("90.00"),
        max_score=None,
        percentage=Decimal("0"),
        passed=None,  # result "Not taken"
        started_at=datetime(2021, 3, 16, 3, 59, 21, 860924, tzinfo=UTC),
        ended_at=None,
        duration=timedelta(0),
    )


@pytest.mark.parametrize(
    ("fields", "user"),
    [
        ({"username": "priya", "email": "p@example.com", "user_id": 7}, "priya"),
        ({"email": "p@example.com", "user_id": 7}, "p@example.com"),
        ({"username": " ", "user_id": 7}, "7"),
        ({}, None),
    ],
)
def test_testpress_admin_user_is_the_best_identifier(fields: dict[str, Any], user: str) -> None:
    assert AdminAttempt(id=1, **fields).to_summary().user == user


@pytest.mark.parametrize(
    ("result", "passed"), [("Pass", True), ("Fail", False), ("Not taken", None)]
)
def test_testpress_admin_result_gives_passed(result: str, passed: bool | None) -> None:
    assert AdminAttempt(id=1, result=result).to_summary().passed is passed


# --- its words


STATUS_CASES = [
    ("Running", R),
    ("Completed", C),
    ("Not Started", P),
    ("started", R),
    ("completed", C),
    ("Pending Evaluation", P),
    ("Evaluation Completed", C),
    ("Paused", U),
]


@pytest.mark.parametrize(("word", "status"), STATUS_CASES)
def test_status_word(word: str, status: SummaryStatus) -> None:
    assert summarize("testpress", attempt_id=1, status=word).status is status


def test_every_status_word_is_tested() -> None:
    tested = {word.strip().casefold() for word, _ in STATUS_CASES}
    assert set(PROVIDERS["testpress"].status_words) <= tested


@pytest.mark.parametrize(("word", "passed"), [("Pass", True), ("FAIL", False), ("Not taken", None)])
def test_passed_word(word: str, passed: bool | None) -> None:
    assert summarize("testpress", attempt_id=1, passed=word).passed is passed


def test_status_of_its_models() -> None:
    assert Attempt(id=1, state="Not Started").to_summary().status is P
    assert AdminAttempt(id=1, state="Running").to_summary().status is R
    assert AdminAttempt(id=1).to_summary().status is U  # no state at all


def test_missing_values_give_none() -> None:
    assert_missing_values_give_none(Attempt(id=5))
    assert_missing_values_give_none(AdminAttempt(id=5))
