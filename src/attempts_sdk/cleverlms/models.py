"""CleverLMS response models (integration API v2, "Export test user attempts").

Every key of the documented example is an attribute; keys the SDK does not know are kept in
``.extra``. The example sends ``material_id`` as an int where the table documents a string:
it is read as a str, silently (the conversion is lossless).
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

import attrs

from .._models import Model, OpenEnum

if TYPE_CHECKING:
    from .._summary import AttemptSummary

__all__ = ["TestAttempt", "TestAttemptStatus"]


class TestAttemptStatus(OpenEnum):
    """The status of a test attempt, as CleverLMS writes it."""

    __test__ = False  # not a pytest test class, despite the name

    FAIL = "fail"
    COMPLETED = "completed"
    CHECKING = "checking"


@attrs.frozen(kw_only=True, eq=False, repr=False)
class TestAttempt(Model):
    """One user's attempt at a test material.

    Attributes:
        id: the attempt's id (a UUID in the documented example).
        material_id: the test material's id (sent as an int, documented as a string).
        login: the user's login.
        status: `TestAttemptStatus`, or the plain string for a status the SDK does not know.
        number: the attempt's sequence number; null in most of the documented rows.
        points / percent: the score and the success percentage (not derivable from the counts).
        q_count / q_success / q_fail / q_checking: questions in total, answered correctly,
            answered wrongly, and waiting for a reviewer (the docs call them counts of
            attempts; the example's numbers are those of questions).
        started_at / ended_at / created_at / updated_at: timezone-aware timestamps; the
            provider does not keep them in order (``updated_at`` may precede ``ended_at``).
    """

    __test__ = False

    id: str
    material_id: str
    login: str
    status: TestAttemptStatus | str
    number: int | None = None
    points: int
    percent: int
    q_count: int
    q_success: int
    q_fail: int
    q_checking: int
    started_at: datetime
    ended_at: datetime | None = None
    created_at: datetime
    updated_at: datetime

    def to_summary(self) -> AttemptSummary:
        """This attempt as an `AttemptSummary` (see the mapping in docs/summaries.md); the
        duration is ``ended_at - started_at``, CleverLMS sends none."""
        from .._summary import first_identifier, summarize  # here: summaries are optional

        return summarize(
            "cleverlms",
            attempt_id=self.id,
            user=first_identifier(self.login),
            assessment_id=self.material_id,
            status=self.status,
            passed=self.status,
            score=self.points,
            percentage=self.percent,
            started_at=self.started_at,
            ended_at=self.ended_at,
        )
