"""The peers the SDK's decoding is measured against: the same records as a pydantic v2 model
and as msgspec structs.

Both have the SDK's field names, types and Optional-ness (`attempts_sdk.testpress.Attempt`
and `Exam`): ``datetime``, ``timedelta``, ``Decimal``, ``int``, ``float``, ``str``, a nested
exam, ``user`` as a username or a user object. The pydantic models keep unknown keys
(``extra="allow"``, as openai-python's models do) and parse ``H:MM:SS`` durations natively.
msgspec only parses ISO 8601 durations (``PT49M57S``), so its duration fields have a
`timedelta` subclass of their own, which msgspec hands to a ``dec_hook`` (the documented way
to add a type); it cannot express an open enum (``AttemptState | str``), so ``state`` is a
``str`` there, and it drops unknown keys rather than keeping them.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

import msgspec
import pydantic

from attempts_sdk.testpress import AttemptState

__all__ = [
    "MsgspecAttempt",
    "MsgspecDuration",
    "MsgspecExam",
    "MsgspecPage",
    "PydanticAttempt",
    "PydanticExam",
    "PydanticPage",
    "msgspec_decoder",
]

# --- pydantic v2 ---------------------------------------------------------------------------


class _PydanticModel(pydantic.BaseModel):
    model_config = pydantic.ConfigDict(extra="allow")


class PydanticUser(_PydanticModel):
    """`attempts_sdk.testpress.User` as a pydantic model."""

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


class PydanticExamSection(_PydanticModel):
    """`attempts_sdk.testpress.ExamSection` as a pydantic model."""

    order: int | None = None
    name: str | None = None
    duration: timedelta | None = None
    cut_off: Decimal | None = None
    id: int | None = None
    instructions: str | None = None
    questions_count: int | None = None


class PydanticExam(_PydanticModel):
    """`attempts_sdk.testpress.Exam` as a pydantic model."""

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
    sections: list[PydanticExamSection] = []
    categories: list[pydantic.JsonValue] = []
    attempts_url: str | None = None
    attempts: list[PydanticAttempt] = []
    comments_count: int | None = None


class PydanticAttemptSection(_PydanticModel):
    """`attempts_sdk.testpress.AttemptSection` as a pydantic model."""

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
    info: PydanticExamSection | None = None


class PydanticAttempt(_PydanticModel):
    """`attempts_sdk.testpress.Attempt` as a pydantic model."""

    id: int
    url: str | None = None
    exam: PydanticExam | None = None
    exam_url: str | None = None
    user: str | PydanticUser | None = None
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
    sections: list[PydanticAttemptSection] = []
    attempt_type: int | None = None
    last_viewed_question_id: int | None = None
    external_review_url: str | None = None
    review_pdf: str | None = None


PydanticExam.model_rebuild()  # its attempts name `PydanticAttempt`, declared after it


class PydanticPage(_PydanticModel):
    """The DRF list envelope around the attempts."""

    count: int | None = None
    next: str | None = None
    previous: str | None = None
    per_page: int | None = None
    results: list[PydanticAttempt] = []


# --- msgspec -------------------------------------------------------------------------------


class MsgspecDuration(timedelta):
    """A Testpress duration (``H:MM:SS``): msgspec calls `_dec_hook` for it."""


class MsgspecUser(msgspec.Struct, kw_only=True):
    """`attempts_sdk.testpress.User` as a msgspec struct."""

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


class MsgspecExamSection(msgspec.Struct, kw_only=True):
    """`attempts_sdk.testpress.ExamSection` as a msgspec struct."""

    order: int | None = None
    name: str | None = None
    duration: MsgspecDuration | None = None
    cut_off: Decimal | None = None
    id: int | None = None
    instructions: str | None = None
    questions_count: int | None = None


class MsgspecExam(msgspec.Struct, kw_only=True):
    """`attempts_sdk.testpress.Exam` as a msgspec struct."""

    id: int | None = None
    url: str | None = None
    title: str | None = None
    description: str | None = None
    course: str | None = None
    slug: str | None = None
    start_date: datetime | None = None
    end_date: datetime | None = None
    duration: MsgspecDuration | None = None
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
    sections: list[MsgspecExamSection] = []
    categories: list[Any] = []  # any JSON value: msgspec's spelling of it
    attempts_url: str | None = None
    attempts: list[MsgspecAttempt] = []
    comments_count: int | None = None


class MsgspecAttemptSection(msgspec.Struct, kw_only=True):
    """`attempts_sdk.testpress.AttemptSection` as a msgspec struct."""

    id: int | None = None
    attempt_section_id: int | None = None
    state: str | None = None
    questions_url: str | None = None
    start_url: str | None = None
    end_url: str | None = None
    remaining_time: MsgspecDuration | None = None
    name: str | None = None
    duration: MsgspecDuration | None = None
    order: int | None = None
    instructions: str | None = None
    attempt_id: int | None = None
    info: MsgspecExamSection | None = None


class MsgspecAttempt(msgspec.Struct, kw_only=True):
    """`attempts_sdk.testpress.Attempt` as a msgspec struct."""

    id: int
    url: str | None = None
    exam: MsgspecExam | None = None
    exam_url: str | None = None
    user: str | MsgspecUser | None = None
    date: datetime | None = None
    last_started_time: datetime | None = None
    state: str | None = None
    total_questions: int | None = None
    score: Decimal | None = None
    percentage: Decimal | None = None
    percentile: float | None = None
    rank: int | None = None
    max_rank: int | None = None
    rank_enabled: bool | None = None
    remaining_time: MsgspecDuration | None = None
    time_taken: MsgspecDuration | None = None
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
    sections: list[MsgspecAttemptSection] = []
    attempt_type: int | None = None
    last_viewed_question_id: int | None = None
    external_review_url: str | None = None
    review_pdf: str | None = None


class MsgspecPage(msgspec.Struct, kw_only=True):
    """The DRF list envelope around the attempts."""

    count: int | None = None
    next: str | None = None
    previous: str | None = None
    per_page: int | None = None
    results: list[MsgspecAttempt] = []


# the same grammar as the SDK's parser: Python's str(timedelta)
_DURATION = re.compile(
    r"(?:(?P<days>[+-]?\d+) days?, )?(?P<h>\d+):(?P<m>[0-5]\d):(?P<s>[0-5]\d)(?:\.(?P<f>\d{1,6}))?"
)


def _dec_hook(tp: type, value: object) -> object:
    if tp is MsgspecDuration and type(value) is str:
        match = _DURATION.fullmatch(value)
        if match is not None:
            days, hours, minutes, seconds, fraction = match.groups()
            return MsgspecDuration(
                int(days) if days else 0,
                int(hours) * 3600 + int(minutes) * 60 + int(seconds),
                int(fraction.ljust(6, "0")) if fraction else 0,
            )
        raise ValueError(f"not a duration: {value!r}")
    raise NotImplementedError(f"no decoder for {tp!r}")


def msgspec_decoder() -> msgspec.json.Decoder[MsgspecPage]:
    """A reusable msgspec decoder of a page of attempts."""
    return msgspec.json.Decoder(MsgspecPage, dec_hook=_dec_hook)
