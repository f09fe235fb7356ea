"""The records of `FakeTestpress`'s store (users, exams and their questions, attempts, course
content) and the wire formats of their values.

Scoring: single choice ("R") is right when the one correct answer is the only one selected,
multiple choice ("C") when the selected set equals the correct set; right adds the question's
marks, wrong subtracts its negative marks (per question when the exam has
``variable_mark_per_question``, else the exam's ``mark_per_question``/``negative_marks``).
Essays ("E") await manual evaluation, which the fake never does: they score 0 and count as
unanswered. ``percentage`` is the score over the maximum, rounded to a whole number.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import httpx

from ._base import iso_ms, json_response

Body = dict[str, Any]

RUNNING, COMPLETED = "Running", "Completed"
CENT = Decimal("0.01")
DEFAULT_START = datetime(2024, 1, 1, 9, 0, tzinfo=timezone(timedelta(hours=5, minutes=30)))


class Reply(Exception):
    """Raised by a handler to answer at once (an error, usually)."""

    def __init__(self, response: httpx.Response) -> None:
        super().__init__(response.status_code)
        self.response = response


def error(status: int, detail: str) -> Reply:
    return Reply(json_response({"detail": detail}, status))


@dataclass
class User:
    id: int
    username: str
    password: str
    token: str
    first_name: str = ""
    last_name: str = ""
    email: str | None = None
    phone: str | None = None
    is_admin: bool = False


@dataclass(frozen=True)
class Subject:
    id: int
    name: str
    parent: int | None = None


@dataclass(frozen=True)
class Choice:
    id: int
    text_html: str
    is_correct: bool


@dataclass
class Question:
    id: int
    type: str
    question_html: str
    subject: Subject
    answers: list[Choice]
    explanation_html: str = ""
    direction: str | None = None
    marks: Decimal = Decimal("1.00")
    negative_marks: Decimal = Decimal("0.00")
    difficulty: str = "medium"

    @property
    def correct_ids(self) -> list[int]:
        return [a.id for a in self.answers if a.is_correct]


@dataclass
class Exam:
    id: int
    slug: str
    title: str
    course: str
    questions: list[Question]
    duration: int
    mark_per_question: Decimal
    negative_marks: Decimal
    variable_mark_per_question: bool = False
    allow_retake: bool = True
    max_retakes: int | None = None
    enable_ranks: bool = False
    template_type: int = 1
    pass_percentage: int | None = None
    description: str = ""
    start_date: datetime = DEFAULT_START
    end_date: datetime | None = None
    created: datetime = datetime(2023, 12, 20, 6, 30, 12, 125000, tzinfo=timezone.utc)

    def marks_of(self, question: Question) -> tuple[Decimal, Decimal]:
        if self.variable_mark_per_question:
            return question.marks, question.negative_marks
        return self.mark_per_question, self.negative_marks


@dataclass
class Item:
    """One question of one attempt (its id is the ``question_id`` of the update endpoint)."""

    id: int
    question: Question
    order: int
    selected: list[int] = field(default_factory=list)
    review: bool | None = None
    essay_text: str | None = None
    short_text: str | None = None
    duration: float | None = None

    def outcome(self) -> str:
        if self.question.type not in ("R", "C") or not self.selected:
            return "unanswered"
        correct = self.question.correct_ids
        if self.question.type == "R":
            return "correct" if self.selected == correct[:1] else "incorrect"
        return "correct" if set(self.selected) == set(correct) else "incorrect"


@dataclass
class Tally:
    correct: int = 0
    incorrect: int = 0
    unanswered: int = 0
    score: Decimal = Decimal("0.00")
    max_score: Decimal = Decimal("0.00")

    def add(self, exam: Exam, item: Item) -> None:
        marks, negative = exam.marks_of(item.question)
        self.max_score += marks
        outcome = item.outcome()
        if outcome == "correct":
            self.correct += 1
            self.score += marks
        elif outcome == "incorrect":
            self.incorrect += 1
            self.score -= negative
        else:
            self.unanswered += 1

    @property
    def total(self) -> int:
        return self.correct + self.incorrect + self.unanswered

    @property
    def percentage(self) -> int:
        if not self.max_score:
            return 0
        return int((self.score * 100 / self.max_score).quantize(Decimal(1), ROUND_HALF_UP))


@dataclass
class Attempt:
    id: int
    exam: Exam
    user: User
    date: float
    items: list[Item]
    last_started: float
    content_attempt_id: int  # the same attempt as a chapter-content attempt (admin v3)
    state: str = RUNNING
    taken: float = 0.0
    answer_mark: float = 0.0
    last_answer_at: float | None = None
    ended: float | None = None

    def tally(self, items: Iterable[Item] | None = None) -> Tally:
        tally = Tally()
        for item in self.items if items is None else items:
            tally.add(self.exam, item)
        return tally

    def remaining(self) -> int:
        """Whole seconds left (0 when the exam has no time limit), so that ``time_taken``
        and ``remaining_time`` as sent add up to the exam's duration."""
        return max(self.exam.duration - int(self.taken), 0) if self.exam.duration else 0

    def sort_key(self, field: str) -> float:
        """The admin ``ordering`` fields (an unknown one orders by date)."""
        if field == "id":
            return self.id
        if field == "correct_answers_count":
            return self.tally().correct
        if field == "incorrect_answers_count":
            return self.tally().incorrect
        if field == "unanswered_count":
            return self.tally().unanswered
        return self.date


@dataclass
class Course:
    id: int
    title: str
    slug: str
    order: int
    chapters: dict[str, int] = field(default_factory=dict)  # chapter name -> id


@dataclass
class Content:
    """A chapter content: an exam (``exam`` set) or a video, notes, a live stream..."""

    id: int
    course: Course
    chapter_id: int
    order: int
    content_type: str  # as the admin v3 chapter_contents write it ("Video", "Exam", ...)
    title: str
    exam: Exam | None = None
    minutes: int = 0


@dataclass
class ContentAttempt:
    """An attempt at a content that is not an exam (exam attempts are `Attempt`s)."""

    id: int
    content: Content
    user: User
    created: float
    minutes: float
    completed: bool
    record_id: int  # the user video / video conference / live stream record


def iso(epoch: float) -> str:
    return iso_ms(datetime.fromtimestamp(epoch, tz=timezone.utc))


def hms(seconds: float) -> str:
    return str(timedelta(seconds=int(seconds)))


def money(value: Decimal) -> str:
    return str(value.quantize(CENT, ROUND_HALF_UP))


def seconds(value: float) -> float | int:
    rounded = round(value, 2)
    return int(rounded) if rounded == int(rounded) else rounded


def image(username: str, size: str) -> str:
    digest = hashlib.sha256(f"{username}/{size}".encode()).hexdigest()[:32]
    return f"https://media.testpress.in/i/{digest}.jpeg"


def day(epoch: float) -> date:
    return datetime.fromtimestamp(epoch, tz=timezone.utc).date()


def json_body(request: httpx.Request) -> Body:
    if not request.content:
        return {}
    try:
        body = json.loads(request.content)
    except ValueError as exc:
        raise error(400, f"JSON parse error - {exc}") from None
    if not isinstance(body, dict):
        raise error(400, "Invalid data. Expected a dictionary.")
    return body


def date_param(params: httpx.QueryParams, key: str, errors: dict[str, list[str]]) -> date | None:
    raw = params.get(key)
    if raw is None:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        errors[key] = ["Enter a valid date."]
        return None
