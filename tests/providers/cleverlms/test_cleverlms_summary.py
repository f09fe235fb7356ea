"""`to_summary()` of cleverlms's attempt models, on the documented examples, and its status
and pass words (its registry entry's ``status_words`` / ``passed_words``)."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal

import pytest

from attempts_sdk import PROVIDERS, AttemptSummary, SummaryStatus
from attempts_sdk._summary import summarize
from attempts_sdk.cleverlms import TestAttempt
from conftest import fixture_json
from support.summaries import (
    MSK,
    C,
    F,
    P,
    U,
    decode,
)

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


# --- its words


STATUS_CASES = [
    ("completed", C),
    ("fail", F),
    ("checking", P),
    ("running", U),
]


@pytest.mark.parametrize(("word", "status"), STATUS_CASES)
def test_status_word(word: str, status: SummaryStatus) -> None:
    assert summarize("cleverlms", attempt_id=1, status=word).status is status


def test_every_status_word_is_tested() -> None:
    tested = {word.strip().casefold() for word, _ in STATUS_CASES}
    assert set(PROVIDERS["cleverlms"].status_words) <= tested


@pytest.mark.parametrize(
    ("word", "passed"), [("completed", True), ("fail", False), ("checking", None)]
)
def test_passed_word(word: str, passed: bool | None) -> None:
    assert summarize("cleverlms", attempt_id=1, passed=word).passed is passed
