"""Testpress admin API models: attempts (v2.5) and an attempt's answers (v3)."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

import attrs

from ..._models import Model
from .student import Answer, AttemptState

if TYPE_CHECKING:
    from ..._summary import AttemptSummary

__all__ = [
    "AdminAttempt",
    "AdminAttemptSection",
    "DifficultyStats",
    "ExamQuestion",
    "SubjectStats",
    "UserAnswer",
]


@attrs.frozen(kw_only=True, eq=False, repr=False)
class AdminAttemptSection(Model):
    """One section's results in an admin attempt."""

    id: int | None = None
    order: int | None = None
    section_id: int | None = None
    time_taken: timedelta | None = None
    correct_answers_count: int | None = None
    incorrect_answers_count: int | None = None
    unanswered_count: int | None = None
    score: Decimal | None = None


@attrs.frozen(kw_only=True, eq=False, repr=False)
class SubjectStats(Model):
    """One subject's results (admin attempt detail, exam webhook). ``subject_id`` is null for a
    subject of no subject tree in the docs' example."""

    subject_id: int | None = None
    subject_name: str | None = None
    total_count: int | None = None
    answered_count: int | None = None
    correct_answers_count: int | None = None
    incorrect_answers_count: int | None = None
    partial_correct_answers_count: int | None = None
    unanswered_count: int | None = None
    parent_subject_id: int | None = None
    is_leaf: bool | None = None
    score: Decimal | None = None


@attrs.frozen(kw_only=True, eq=False, repr=False)
class DifficultyStats(Model):
    """The results of one difficulty level (the keys of ``difficulty_level_stats``: ``easy``,
    ``medium``, ``uncategorized``, ...)."""

    correct_answers_count: int | None = None
    incorrect_answers_count: int | None = None
    partial_correct_answers_count: int | None = None
    unanswered_count: int | None = None
    total_count: int | None = None


@attrs.frozen(kw_only=True, eq=False, repr=False)
class AdminAttempt(Model):
    """An attempt as the admin API v2.5 lists it (``percentile``, ``username``,
    ``institute_attempt_id`` and the per-section, per-subject and per-difficulty results come
    with the single-attempt view)."""

    id: int
    date: datetime | None = None
    exam_id: int | None = None
    user_id: int | None = None
    email: str | None = None
    name: str | None = None
    phone: str | None = None
    username: str | None = None
    correct_answers_count: int | None = None
    incorrect_answers_count: int | None = None
    unanswered_count: int | None = None
    score: Decimal | None = None
    percentage: Decimal | None = None
    percentile: float | None = None
    time_taken: timedelta | None = None
    remaining_time: timedelta | None = None
    result: str | None = None
    state: AttemptState | str | None = None
    last_started_time: datetime | None = None
    last_answer_updated_time: datetime | None = None
    speed: int | None = None
    exam_url: str | None = None
    user_url: str | None = None
    institute_attempt_id: str | None = None
    sections: list[AdminAttemptSection] = attrs.Factory(list)
    subject_stats: list[SubjectStats] = attrs.Factory(list)
    difficulty_level_stats: dict[str, DifficultyStats] = attrs.Factory(dict)

    def to_summary(self) -> AttemptSummary:
        """This attempt as an `AttemptSummary` (see the mapping in docs/summaries.md)."""
        from ..._summary import first_identifier, summarize  # here: summaries are optional

        return summarize(
            "testpress",
            attempt_id=self.id,
            user=first_identifier(self.username, self.email, self.user_id),
            assessment_id=self.exam_id,
            status=self.state,
            passed=self.result,
            score=self.score,
            percentage=self.percentage,
            started_at=self.date,
            duration=self.time_taken,
        )


@attrs.frozen(kw_only=True, eq=False, repr=False)
class ExamQuestion(Model):
    """A question as placed in an exam (admin v3 ``exam_questions``): ``id`` is the exam
    question's, ``question_id`` the question's own. ``type`` is spelt out (``"MCQ, Single
    Correct"``), unlike the student API's one-letter codes."""

    id: int
    question_id: int | None = None
    section_id: int | None = None
    exam_id: int | None = None
    order: int | None = None
    question_html: str | None = None
    type: str | None = None
    marks: Decimal | None = None
    negative_marks: Decimal | None = None
    partial_marks: Decimal | None = None
    direction: str | None = None
    answers: list[Answer] = attrs.Factory(list)
    difficulty_level: str | None = None
    is_bonus: bool | None = None


@attrs.frozen(kw_only=True, eq=False, repr=False)
class UserAnswer(Model):
    """A student's answer to one question of an attempt (admin v3 ``user_answers``).

    ``question`` is not on the wire: it is the `ExamQuestion` the same page lists under
    ``exam_questions`` with the id ``exam_question_id`` (None when the page lacks it).
    ``duration`` is sent in seconds. ``short_text``, ``essay_text`` and
    ``attempt_section_id`` are what Testpress's apps read on the student twin of this list.
    """

    id: int
    exam_question_id: int | None = None
    selected_answers: list[int] = attrs.Factory(list)
    result: str | None = None
    duration: timedelta | None = None
    review: bool | None = None
    guessed: bool | None = None
    short_text: str | None = None
    essay_text: str | None = None
    attempt_section_id: int | None = None
    question: ExamQuestion | None = attrs.field(default=None, init=False, eq=False)
