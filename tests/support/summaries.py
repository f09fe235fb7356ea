"""What the summary tests of every provider share: status shorthands, decoding helpers and
the check that a record with nothing but its id gives an empty summary."""

from __future__ import annotations

from datetime import timedelta, timezone
from typing import Any, TypeVar

import pytest

from attempts_sdk import DataWarning, SummaryStatus
from attempts_sdk._decoding import decode_model
from attempts_sdk._models import Model

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


def assert_missing_values_give_none(model: Any) -> None:
    """A record with only its id (5) summarises to that id and nothing else."""
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
