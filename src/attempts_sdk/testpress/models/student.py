"""Testpress response models of the student API v2.2 (the admin API's are in `.admin`, course
content's in `.content`, the webhooks' events in `.events`; the package serves them all).

Every key of the documented examples is an attribute; keys the SDK does not know are kept in
``.extra``. Odd values the docs show (``"NA"`` ranks, ``"2.25-11-07…"`` dates, durations of
``"20 days, 3:58:48.044696"``, scores as strings or ints) are parsed as described in the README.
Fields Testpress's own apps read (the Android SDK and the Flutter app, see
docs/provider-notes/testpress.md) are typed too, although no documented example shows them.
"""

from __future__ import annotations

import enum
from datetime import datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

import attrs

from ..._json import JSONValue
from ..._models import Model, OpenEnum, id_reference

if TYPE_CHECKING:
    from ..._summary import AttemptSummary

__all__ = [
    "AdminAttemptState",
    "Answer",
    "Attempt",
    "AttemptQuestion",
    "AttemptSection",
    "AttemptState",
    "AuthToken",
    "Exam",
    "ExamSection",
    "Question",
    "ReviewQuestion",
    "SubjectAnalytics",
    "UploadedFile",
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
    """A Testpress user, as embedded in attempts (and, with ``email`` and ``phone``, as the admin
    chapter-content attempts list them)."""

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
    email: str | None = None
    phone: str | None = None


@attrs.frozen(kw_only=True, eq=False, repr=False)
class ExamSection(Model):
    """A section of an exam (``id``, ``instructions`` and ``questions_count`` as the apps read
    a section's ``info``)."""

    order: int | None = None
    name: str | None = None
    duration: timedelta | None = None
    cut_off: Decimal | None = None
    id: int | None = None
    instructions: str | None = None
    questions_count: int | None = None


@attrs.frozen(kw_only=True, eq=False, repr=False)
class Exam(Model):
    """An exam: as listed (``list_exams``), with its ``attempts`` (``get_exam``), or embedded in
    an attempt or a webhook event. ``duration`` of zero means no time limit.

    The embedded attempts do not repeat their exam: their ``exam`` is None.
    """

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
    attempts_url: str | None = None
    attempts: list[Attempt] = attrs.Factory(list)
    comments_count: int | None = None


@attrs.frozen(kw_only=True, eq=False, repr=False)
class AttemptSection(Model):
    """A section of an attempt, as the apps read it (sectional exams; the endpoints that start
    and end a section are not documented, see the provider notes)."""

    id: int | None = None
    attempt_section_id: int | None = None
    state: AttemptState | str | None = None
    questions_url: str | None = None
    start_url: str | None = None
    end_url: str | None = None
    remaining_time: timedelta | None = None
    name: str | None = None
    duration: timedelta | None = None
    order: int | None = None
    instructions: str | None = None
    attempt_id: int | None = None
    info: ExamSection | None = None


@attrs.frozen(kw_only=True, eq=False, repr=False)
class Attempt(Model):
    """A student's attempt at an exam.

    ``user`` is the username (a str) in ``/attempts/`` lists and a `User` elsewhere.
    ``remaining_time`` of zero means the exam has no time limit. ``exam`` may come as the
    exam's id alone (as Testpress's iOS app reads it): ``exam`` is then None, with no warning,
    and ``exam_id`` holds the id (``exam_id`` is ``exam.id`` when the exam is sent).
    """

    id: int
    url: str | None = None
    exam: Exam | None = attrs.field(default=None, metadata=id_reference("exam_id"))
    exam_id: int | None = attrs.field(default=None, init=False)
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
    sections: list[AttemptSection] = attrs.Factory(list)
    attempt_type: int | None = None
    last_viewed_question_id: int | None = None
    external_review_url: str | None = None
    review_pdf: str | None = None

    def to_summary(self) -> AttemptSummary:
        """This attempt as an `AttemptSummary` (see the mapping in docs/summaries.md)."""
        from ..._summary import first_identifier, summarize  # here: summaries are optional

        user = self.user  # a username in /attempts/ lists, a User elsewhere
        names = (user.username, user.id) if isinstance(user, User) else (user,)
        return summarize(
            "testpress",
            attempt_id=self.id,
            user=first_identifier(*names),
            assessment_id=self.exam_id,
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
class UploadedFile(Model):
    """A file a student uploaded as an answer."""

    id: int | None = None
    url: str | None = None
    path: str | None = None


@attrs.frozen(kw_only=True, eq=False, repr=False)
class Question(Model):
    """A question. ``type`` is Testpress's one-letter code (``"R"`` single, ``"C"`` multiple
    choice, ``"E"`` essay, ...). ``translations`` are the same question in other languages
    (``language`` names each), as the apps read them."""

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
    language: str | None = None
    translations: list[Question] = attrs.Factory(list)


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
    files: list[UploadedFile] = attrs.Factory(list)
    attempt_section: AttemptSection | None = None


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
    result: str | None = None
    marks: Decimal | None = None
    short_text: str | None = None
    bookmark_id: int | None = None
    files: list[UploadedFile] = attrs.Factory(list)


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
    correct_percentage: float | None = None
    unanswered_percentage: float | None = None
    incorrect_percentage: float | None = None
