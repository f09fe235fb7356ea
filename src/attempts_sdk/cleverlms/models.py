"""CleverLMS response models (integration API v2: the exports of test attempts and of the
answers given in them).

Every key of the documented examples is an attribute; keys the SDK does not know are kept in
``.extra``. The attempts example sends ``material_id`` as an int where its table documents a
string: `TestAttempt` reads it as a str, silently (the conversion is lossless). The answers
table and example both say int: `TestAnswer` keeps the int.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

import attrs

from .._models import Model, OpenEnum

if TYPE_CHECKING:
    from .._summary import AttemptSummary

__all__ = [
    "TestAnswer",
    "TestAnswerStatus",
    "TestAttempt",
    "TestAttemptStatus",
    "TestQuestionType",
]


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


class TestAnswerStatus(OpenEnum):
    """The status of one answer, as CleverLMS writes it (the values of its ``answer_status``
    filter)."""

    __test__ = False

    SUCCESS = "success"
    FAIL = "fail"
    CHECKING = "checking"
    NOT_ANSWER = "not_answer"


class TestQuestionType(OpenEnum):
    """The type of a test question (the values of the ``question_type`` filter)."""

    __test__ = False

    MCQ = "mcq"
    SELECT_IMAGE = "select-image"
    OPEN_QUESTION = "open-question"


@attrs.frozen(kw_only=True, eq=False, repr=False)
class TestAnswer(Model):
    """One user's answer to one question of a test attempt.

    Attributes:
        id: the answer's id (a UUID in the documented example).
        attempt_id / attempt_number: the attempt it belongs to (`TestAttempt.id`), and that
            attempt's sequence number (null when CleverLMS has none).
        material_id / question_id: the test material and the question (ints; note that
            `TestAttempt.material_id` is a str).
        question_type: `TestQuestionType`, or the plain string for a type the SDK does not know.
        login: the user's login.
        status: `TestAnswerStatus` (``checking``: an open question waiting for a reviewer), or
            the plain string.
        score: the points the answer earned.
        text: the answer to an open question; null for the others.
        created_at: when the answer was given (timezone-aware).
        answers: the ids of the answer options chosen.
    """

    __test__ = False

    id: str
    attempt_id: str
    attempt_number: int | None = None
    material_id: int
    question_id: int
    question_type: TestQuestionType | str
    login: str
    status: TestAnswerStatus | str
    score: int
    text: str | None = None
    created_at: datetime
    answers: list[int] = attrs.Factory(list)
