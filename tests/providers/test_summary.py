"""`AttemptSummary`: the rules every provider shares (status and pass words read from the
registry, percentages, durations, identifiers, ``to_dict``). Each provider's own summaries are
tested in its folder (``providers/<name>/test_<name>_summary.py``)."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from decimal import Decimal

import attrs
import pytest

from attempts_sdk import PROVIDERS, AttemptSummary, SummaryStatus
from attempts_sdk._summary import (
    first_identifier,
    percentage_from_fraction,
    progress_status,
    summarize,
)

UTC = timezone.utc
R, C, P, U = (
    SummaryStatus.RUNNING,
    SummaryStatus.COMPLETED,
    SummaryStatus.PENDING,
    SummaryStatus.UNKNOWN,
)


# --- the shared rules


def test_a_provider_that_is_not_registered_has_no_words() -> None:
    summary = summarize("nobody", attempt_id=1, status="completed", passed="pass")
    assert (summary.status, summary.passed) == (U, None)


def test_a_bool_passed_is_kept() -> None:
    assert summarize("nobody", attempt_id=1, passed=False).passed is False


def test_every_registered_provider_maps_its_words_to_summary_statuses() -> None:
    for name, entry in PROVIDERS.items():
        for word, status in entry.status_words.items():
            assert word == word.strip().casefold(), (name, word)  # looked up in this form
            assert summarize(name, attempt_id=1, status=f" {word.upper()} ").status is status
        for word, passed in entry.passed_words.items():
            assert summarize(name, attempt_id=1, passed=word.title()).passed is passed


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
    summary = summarize("nobody", attempt_id=1, score=score, max_score=max_score)
    assert summary.percentage == percentage


def test_the_providers_percentage_wins_over_the_computed_one() -> None:
    summary = summarize("nobody", attempt_id=1, score=1, max_score=4, percentage=30)
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
    summary = summarize("nobody", attempt_id=1, started_at=started, ended_at=ended, duration=given)
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
    values = summarize("nobody", attempt_id="a", duration=60).to_dict()
    assert values["duration"] == 60
    assert isinstance(values["duration"], int)
    assert values["status"] == "unknown"
    assert values["score"] is values["started_at"] is values["passed"] is None


def test_to_dict_never_writes_exponents() -> None:
    summary = summarize("nobody", attempt_id="a", score=Decimal("1E+2"), max_score=Decimal("1E+2"))
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
    summary = summarize("nobody", attempt_id="x")
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        summary.user = "someone"  # type: ignore[misc]
