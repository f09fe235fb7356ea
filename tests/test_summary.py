"""`AttemptSummary`: ``to_summary()`` of every provider's attempt model, on the seed examples,
and the shared rules (status tables, percentages, durations, identifiers, ``to_dict``)."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from typing import Any, TypeVar

import attrs
import pytest

from attempts_sdk import PROVIDERS, AttemptSummary, DataWarning, SummaryStatus
from attempts_sdk._decoding import decode_model
from attempts_sdk._models import Model
from attempts_sdk._summary import (
    first_identifier,
    percentage_from_fraction,
    progress_status,
    summarize,
)
from attempts_sdk.cleverlms import TestAttempt
from attempts_sdk.indeed import Assignment
from attempts_sdk.indeed import Attempt as IndeedAttempt
from attempts_sdk.indeed import User as IndeedUser
from attempts_sdk.testpress import AdminAttempt, Attempt
from attempts_sdk.thoughtindustries import AssessmentAttempt
from conftest import fixture_json

M = TypeVar("M", bound=Model)
UTC = timezone.utc
MSK = timezone(timedelta(hours=3))
R, C, F, P, U = (
    SummaryStatus.RUNNING,
    SummaryStatus.COMPLETED,
    SummaryStatus.FAILED,
    SummaryStatus.PENDING,
    SummaryStatus.UNKNOWN,
)


def decode(model: type[M], record: Any, provider: str) -> M:
    return decode_model(model, record, provider=provider, strict=False)


def decode_with_bad_dates(model: type[M], record: Any) -> M:
    """Testpress records whose dates are the docs' ``"2.25-11-07…"`` artefact."""
    with pytest.warns(DataWarning):
        return decode(model, record, "testpress")


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


# --- CleverLMS (seed 000)


def test_cleverlms_documented_rows() -> None:
    records = fixture_json("cleverlms", "attempts")["data"]
    summaries = [decode(TestAttempt, record, "cleverlms").to_summary() for record in records]
    assert summaries == [
        AttemptSummary(
            provider="cleverlms",
            attempt_id="000b0530-2925-11ed-94c0-0242ac12002b",
            user="qweewq",
            assessment_id="742",
            assessment_title=None,
            status=F,
            score=Decimal(0),
            max_score=None,
            percentage=Decimal(0),
            passed=False,
            started_at=datetime(2022, 8, 31, 15, 3, 45, tzinfo=MSK),
            ended_at=datetime(2022, 8, 31, 15, 4, 1, tzinfo=MSK),
            duration=timedelta(seconds=16),  # computed: CleverLMS sends no duration
        ),
        AttemptSummary(
            provider="cleverlms",
            attempt_id="000d2148-5ef7-11eb-8101-0242ac120017",
            user="licenz",
            assessment_id="1052",
            assessment_title=None,
            status=C,
            score=Decimal(20),
            max_score=None,
            percentage=Decimal(90),
            passed=True,
            started_at=datetime(2021, 1, 25, 13, 19, 21, tzinfo=MSK),
            ended_at=datetime(2021, 1, 25, 13, 20, 57, tzinfo=MSK),
            duration=timedelta(minutes=1, seconds=36),
        ),
        AttemptSummary(
            provider="cleverlms",
            attempt_id="001bfeea-b6f7-11eb-b7f3-02420a0002a5",
            user="newguy",
            assessment_id="1940",
            assessment_title=None,
            status=C,
            score=Decimal(6),
            max_score=None,
            percentage=Decimal(100),
            passed=True,
            started_at=datetime(2021, 5, 17, 13, 2, 10, tzinfo=MSK),
            ended_at=datetime(2021, 5, 17, 13, 2, 15, tzinfo=MSK),
            duration=timedelta(seconds=5),
        ),
    ]


def test_cleverlms_checking_attempt_without_an_end() -> None:
    record = fixture_json("cleverlms", "attempts")["data"][1] | {
        "status": "checking",
        "ended_at": None,
    }
    summary = decode(TestAttempt, record, "cleverlms").to_summary()
    assert (summary.status, summary.passed, summary.ended_at, summary.duration) == (
        P,
        None,
        None,
        None,
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


# --- the shared rules


STATUS_CASES = [
    ("testpress", "Running", R),
    ("testpress", "Completed", C),
    ("testpress", "Not Started", P),
    ("testpress", "started", R),
    ("testpress", "completed", C),
    ("testpress", "Pending Evaluation", P),
    ("testpress", "Evaluation Completed", C),
    ("cleverlms", "completed", C),
    ("cleverlms", "fail", F),
    ("cleverlms", "checking", P),
    ("thoughtindustries", "started", R),
    ("thoughtindustries", "finished", C),
    ("thoughtindustries", "pending", P),
    ("thoughtindustries", "  FINISHED ", C),
    ("testpress", "Paused", U),
    ("cleverlms", "running", U),
    ("thoughtindustries", "", U),
    ("indeed", "completed", U),
    ("nobody", "completed", U),
]


@pytest.mark.parametrize(("provider", "word", "status"), STATUS_CASES)
def test_status_table(provider: str, word: str, status: SummaryStatus) -> None:
    assert summarize(provider, attempt_id=1, status=word).status is status


def test_every_table_row_is_tested() -> None:
    tested = {(provider, word.strip().casefold()) for provider, word, _ in STATUS_CASES}
    rows = {(name, word) for name, entry in PROVIDERS.items() for word in entry.status_words}
    assert rows <= tested


def test_status_of_each_provider_model() -> None:
    assert Attempt(id=1, state="Not Started").to_summary().status is P
    assert AdminAttempt(id=1, state="Running").to_summary().status is R
    assert AdminAttempt(id=1).to_summary().status is U  # no state at all
    assert AssessmentAttempt(id="a", status="archived").to_summary().status is U


@pytest.mark.parametrize(
    ("provider", "word", "passed"),
    [
        ("testpress", "Pass", True),
        ("testpress", "FAIL", False),
        ("testpress", "Not taken", None),
        ("cleverlms", "completed", True),
        ("cleverlms", "fail", False),
        ("cleverlms", "checking", None),
        ("indeed", "pass", None),
    ],
)
def test_passed_table(provider: str, word: str, passed: bool | None) -> None:
    assert summarize(provider, attempt_id=1, passed=word).passed is passed
    assert {name for name, entry in PROVIDERS.items() if entry.passed_words} == {
        "testpress",
        "cleverlms",
    }


def test_a_bool_passed_is_kept() -> None:
    assert summarize("cleverlms", attempt_id=1, passed=False).passed is False


def test_missing_values_give_none() -> None:
    for model in (
        Attempt(id=5),
        AdminAttempt(id=5),
        AssessmentAttempt(id="5"),
        IndeedAttempt(id="5"),
    ):
        summary = model.to_summary()
        assert summary.attempt_id == "5"
        assert summary.status in (U, P)  # Indeed: not started is pending
        assert [
            summary.user,
            summary.assessment_id,
            summary.assessment_title,
            summary.score,
            summary.max_score,
            summary.percentage,
            summary.passed,
            summary.started_at,
            summary.ended_at,
            summary.duration,
        ] == [None] * 10


@pytest.mark.parametrize(
    ("value", "percentage"),
    [
        (1.0, Decimal(100)),
        (0.5, Decimal(50)),
        (2 / 3, Decimal("66.67")),
        (0, Decimal(0)),
        (19, Decimal(19)),
        (None, None),
        (float("nan"), None),
    ],
)
def test_percentage_from_fraction(value: float | None, percentage: Decimal | None) -> None:
    assert percentage_from_fraction(value) == percentage


@pytest.mark.parametrize(
    ("score", "max_score", "percentage"),
    [(3, 4, Decimal(75)), (1, 3, Decimal("33.33")), (1, 0, None), (None, 4, None), (1, -2, None)],
)
def test_percentage_from_score(
    score: int | None, max_score: int, percentage: Decimal | None
) -> None:
    summary = summarize("indeed", attempt_id=1, score=score, max_score=max_score)
    assert summary.percentage == percentage


def test_the_providers_percentage_wins_over_the_computed_one() -> None:
    summary = summarize("indeed", attempt_id=1, score=1, max_score=4, percentage=30)
    assert summary.percentage == Decimal(30)


START = datetime(2024, 3, 1, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("started", "ended", "given", "duration"),
    [
        (START, START + timedelta(minutes=5), None, timedelta(minutes=5)),
        (START, START + timedelta(minutes=5), 42, timedelta(seconds=42)),  # the provider's
        (START, START + timedelta(minutes=5), timedelta(seconds=7), timedelta(seconds=7)),
        (START, START - timedelta(seconds=1), None, None),  # ends before it starts
        (START, datetime(2024, 3, 1, 9, 5), None, None),  # one naive, one aware
        (START, None, None, None),
        (None, START, None, None),
        (None, None, -5, None),
        (None, None, 1e30, None),  # beyond timedelta
    ],
)
def test_duration(
    started: datetime | None,
    ended: datetime | None,
    given: timedelta | float | None,
    duration: timedelta | None,
) -> None:
    summary = summarize(
        "cleverlms", attempt_id=1, started_at=started, ended_at=ended, duration=given
    )
    assert summary.duration == duration


def test_first_identifier() -> None:
    assert first_identifier(None, "", "  ", "ana@example.com", 5) == "ana@example.com"
    assert first_identifier(None, 143) == "143"
    assert first_identifier(True, None) is None
    assert first_identifier() is None


def test_progress_status() -> None:
    assert progress_status(started_at=None, ended_at=None, scored=None) is P
    assert progress_status(started_at=START, ended_at=None, scored=None) is R
    assert progress_status(started_at=START, ended_at=START, scored=False) is P
    assert progress_status(started_at=START, ended_at=START, scored=None) is C


def test_to_dict_is_json_ready() -> None:
    summary = summarize(
        "testpress",
        attempt_id=68701,
        user="priya",
        assessment_id=133,
        assessment_title="Physics Mock Test 1",
        status="Completed",
        passed="Pass",
        score=Decimal("11.00"),
        max_score=Decimal("16.00"),
        started_at=START,
        ended_at=START + timedelta(minutes=58, seconds=1, milliseconds=500),
    )
    expected = {
        "provider": "testpress",
        "attempt_id": "68701",
        "user": "priya",
        "assessment_id": "133",
        "assessment_title": "Physics Mock Test 1",
        "status": "completed",
        "score": "11.00",
        "max_score": "16.00",
        "percentage": "68.75",
        "passed": True,
        "started_at": "2024-03-01T09:00:00+00:00",
        "ended_at": "2024-03-01T09:58:01.500000+00:00",
        "duration": 3481.5,
    }
    assert summary.to_dict() == expected
    assert list(summary.to_dict()) == [field.name for field in attrs.fields(AttemptSummary)]
    assert json.loads(json.dumps(summary.to_dict())) == expected


def test_to_dict_of_missing_values_and_whole_seconds() -> None:
    values = summarize("indeed", attempt_id="a", duration=60).to_dict()
    assert values["duration"] == 60
    assert isinstance(values["duration"], int)
    assert values["status"] == "unknown"
    assert values["score"] is values["started_at"] is values["passed"] is None


def test_to_dict_never_writes_exponents() -> None:
    summary = summarize("indeed", attempt_id="a", score=Decimal("1E+2"), max_score=Decimal("1E+2"))
    values = summary.to_dict()
    assert (values["score"], values["max_score"], values["percentage"]) == ("100", "100", "100")


def test_summary_status_is_a_str_enum() -> None:
    assert isinstance(SummaryStatus.FAILED, str)
    assert SummaryStatus("failed") is SummaryStatus.FAILED
    assert str(SummaryStatus.PENDING) == "pending"
    assert [status.value for status in SummaryStatus] == [
        "running",
        "completed",
        "failed",
        "pending",
        "unknown",
    ]


def test_summary_is_read_only() -> None:
    summary = summarize("cleverlms", attempt_id="x")
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        summary.user = "someone"  # type: ignore[misc]
