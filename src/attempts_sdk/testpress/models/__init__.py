"""Testpress response models (student API v2.2, admin API v2.5).

Every key of the documented examples is an attribute; keys the SDK does not know are kept in
``.extra``. Odd values the docs show (``"NA"`` ranks, ``"2.25-11-07…"`` dates, durations of
``"20 days, 3:58:48.044696"``, scores as strings or ints) are parsed as described in the README.
"""

from __future__ import annotations

import enum
from datetime import datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

import attrs

from .._json import JSONValue
from .._models import Model, OpenEnum

if TYPE_CHECKING:
    from .._summary import AttemptSummary

__all__ = [
    "AdminAttempt",
    "AdminAttemptState",
    "Answer",
    "Attempt",
    "AttemptQuestion",
    "AttemptState",
    "AuthToken",
    "Exam",
    "ExamSection",
    "Question",
    "ReviewQuestion",
    "SubjectAnalytics",
    "User",
]


class AttemptState(OpenEnum):
    """The state of an attempt, as Testpress writes it."""

    RUNNING = "Running"
    COMPLETED = "Completed"
    NOT_STARTED = "Not Started"


class AdminAttemptState(enum.IntEnum):
    """The admin API's ``state`` filter codes."""

    RUNNING = 0
    COMPLETED = 1
    NOT_STARTED = 3


@attrs.frozen(kw_only=True, eq=False, repr=False)
class AuthToken(Model):
    """The answer of ``POST /api/v2.5/auth-token/``."""

    token: str = attrs.field(repr=False)


@attrs.frozen(kw_only=True, eq=False, repr=False)
class User(Model):
    """A Testpress user, as embedded in attempts."""

    id: int | None = None
    url: str | None = None
    username: str | None = None
    display_name: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    photo: str | None = None
    large_image: str | None = None
    medium_image: str | None = None
    medium_small_image: str | None = None
    small_image: str | None = None
    x_small_image: str | None = None
    mini_image: str | None = None


@attrs.frozen(kw_only=True, eq=False, repr=False)
class ExamSection(Model):
    """A section of an exam."""

    order: int | None = None
    name: str | None = None
    duration: timedelta | None = None
    cut_off: Decimal | None = None


@attrs.frozen(kw_only=True, eq=False, repr=False)
class Exam(Model):
    """An exam, as embedded in an attempt. ``duration`` of zero means no time limit."""

    id: int | None = None
    url: str | None = None
    title: str | None = None
    description: str | None = None
    course: str | None = None
    slug: str | None = None
    start_date: datetime | None = None
    end_date: datetime | None = None
    duration: timedelta | None = None
    number_of_questions: int | None = None
    negative_marks: Decimal | None = None
    mark_per_question: Decimal | None = None
    template_type: int | None = None
    allow_retake: bool | None = None
    max_retakes: int | None = None
    enable_ranks: bool | None = None
    rank_publishing_date: datetime | None = None
    allow_pdf: bool | None = None
    allow_question_pdf: bool | None = None
    created: datetime | None = None
    variable_mark_per_question: bool | None = None
    show_answers: bool | None = None
    allow_preemptive_section_ending: bool | None = None
    immediate_feedback: bool | None = None
    sections: list[ExamSection] = attrs.Factory(list)
    categories: list[JSONValue] = attrs.Factory(list)


@attrs.frozen(kw_only=True, eq=False, repr=False)
class Attempt(Model):
    """A student's attempt at an exam.

    ``user`` is the username (a str) in ``/attempts/`` lists and a `User` elsewhere.
    ``remaining_time`` of zero means the exam has no time limit.
    """

    id: int
    url: str | None = None
    exam: Exam | None = None
    exam_url: str | None = None
    user: str | User | None = None
    date: datetime | None = None
    last_started_time: datetime | None = None
    state: AttemptState | str | None = None
    total_questions: int | None = None
    score: Decimal | None = None
    percentage: Decimal | None = None
    percentile: float | None = None
    rank: int | None = None
    max_rank: int | None = None
    rank_enabled: bool | None = None
    remaining_time: timedelta | None = None
    time_taken: timedelta | None = None
    correct_count: int | None = None
    incorrect_count: int | None = None
    unanswered_count: int | None = None
    commented_questions_count: int | None = None
    comments_count: int | None = None
    allow_retake: bool | None = None
    remaining_attempts: int | None = None
    total_bonus: Decimal | None = None
    speed: int | None = None
    accuracy: int | None = None
    review_url: str | None = None
    questions_url: str | None = None
    review_pdf_url: str | None = None
    institute_attempt_id: str | None = None
    sections: list[dict[str, JSONValue]] = attrs.Factory(list)

    def to_summary(self) -> AttemptSummary:
        """This attempt as an `AttemptSummary` (see the mapping in docs/summaries.md)."""
        from .._summary import first_identifier, summarize  # here: summaries are optional

        user = self.user  # a username in /attempts/ lists, a User elsewhere
        names = (user.username, user.id) if isinstance(user, User) else (user,)
        return summarize(
            "testpress",
            attempt_id=self.id,
            user=first_identifier(*names),
            assessment_id=self.exam.id if self.exam else None,
            assessment_title=self.exam.title if self.exam else None,
            status=self.state,
            score=self.score,
            percentage=self.percentage,
            started_at=self.date,
            duration=self.time_taken,
        )


@attrs.frozen(kw_only=True, eq=False, repr=False)
class Answer(Model):
    """One answer choice of a question. ``is_correct`` is only sent in reviews."""

    id: int
    text_html: str | None = None
    is_correct: bool | None = None


@attrs.frozen(kw_only=True, eq=False, repr=False)
class Question(Model):
    """A question. ``type`` is Testpress's one-letter code (``"R"`` single, ``"C"`` multiple
    choice, ``"E"`` essay, ...)."""

    id: int | None = None
    url: str | None = None
    question_html: str | None = None
    direction: str | None = None
    answers: list[Answer] = attrs.Factory(list)
    essay_topics: list[JSONValue] = attrs.Factory(list)
    subject: str | None = None
    type: str | None = None
    explanation_html: str | None = None
    comments_url: str | None = None
    marks: Decimal | None = None
    negative_marks: Decimal | None = None


@attrs.frozen(kw_only=True, eq=False, repr=False)
class AttemptQuestion(Model):
    """A question of a running attempt, with the student's answer so far."""

    id: int
    question: Question
    url: str | None = None
    duration: timedelta | None = None
    selected_answers: list[int] = attrs.Factory(list)
    review: bool | None = None
    essay_text: str | None = None
    essay_topic: str | None = None
    short_text: str | None = None


@attrs.frozen(kw_only=True, eq=False, repr=False)
class ReviewQuestion(Model):
    """A question of a completed attempt, with the correct answers and timing statistics."""

    id: int
    question: Question
    url: str | None = None
    order: int | None = None
    duration: timedelta | None = None
    best_duration: timedelta | None = None
    average_duration: timedelta | None = None
    selected_answers: list[int] = attrs.Factory(list)
    review: bool | None = None
    essay_text: str | None = None
    essay_topic: str | None = None
    comments_count: int | None = None
    correct_percentage: float | None = None


@attrs.frozen(kw_only=True, eq=False, repr=False)
class SubjectAnalytics(Model):
    """Per-subject results of a completed attempt."""

    id: int
    name: str | None = None
    total: int | None = None
    correct: int | None = None
    unanswered: int | None = None
    incorrect: int | None = None
    parent: int | None = None
    leaf: bool | None = None
    score: Decimal | None = None


@attrs.frozen(kw_only=True, eq=False, repr=False)
class AdminAttempt(Model):
    """An attempt as the admin API v2.5 lists it (``percentile``, ``username`` and
    ``institute_attempt_id`` come with the single-attempt view)."""

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

    def to_summary(self) -> AttemptSummary:
        """This attempt as an `AttemptSummary` (see the mapping in docs/summaries.md)."""
        from .._summary import first_identifier, summarize  # here: summaries are optional

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
