"""Testpress webhook events: what `attempts_sdk.testpress.webhooks` gives once a body is
verified."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING

import attrs

from ..._models import Model, OpenEnum
from .admin import DifficultyStats, SubjectStats
from .content import (
    ChapterContent,
    ContentAttemptState,
    Course,
    UserExam,
    UserVideo,
    UserVideoConference,
)
from .student import Exam

if TYPE_CHECKING:
    from ..._summary import AttemptSummary

__all__ = ["ContentEvent", "ExamEvent", "ExamEventState"]


class ExamEventState(OpenEnum):
    """What happened to the attempt an exam event reports."""

    STARTED = "started"
    COMPLETED = "completed"


@attrs.frozen(kw_only=True, eq=False, repr=False)
class ExamEvent(Model):
    """An exam webhook: an attempt started or completed (``attempt_state``).

    ``hash`` is the signature the body was verified with and ``key`` the institute's public key.
    ``total_count`` is in the docs' field table but in neither example.
    """

    attempt_id: int
    attempt_state: ExamEventState | str | None = None
    user_id: int | None = None
    username: str | None = None
    email: str | None = None
    exam: Exam | None = None
    attempt_start_time: datetime | None = None
    completed_on: datetime | None = None
    score: Decimal | None = None
    percentage: Decimal | None = None
    accuracy: int | None = None
    speed: int | None = None
    total_count: int | None = None
    correct_answers_count: int | None = None
    incorrect_answers_count: int | None = None
    partial_correct_answers_count: int | None = None
    unanswered_answers_count: int | None = None
    subject_stats: list[SubjectStats] = attrs.Factory(list)
    difficulty_level_stats: dict[str, DifficultyStats] = attrs.Factory(dict)
    institute_attempt_id: str | None = None
    key: str | None = None
    hash: str | None = None

    def to_summary(self) -> AttemptSummary:
        """This event's attempt as an `AttemptSummary` (status ``running`` once started,
        ``completed`` once completed)."""
        from ..._summary import first_identifier, summarize  # here: summaries are optional

        exam = self.exam
        return summarize(
            "testpress",
            attempt_id=self.attempt_id,
            user=first_identifier(self.username, self.email, self.user_id),
            assessment_id=exam.id if exam else None,
            assessment_title=exam.title if exam else None,
            status=self.attempt_state,
            score=self.score,
            percentage=self.percentage,
            started_at=self.attempt_start_time,
            ended_at=self.completed_on,
        )


@attrs.frozen(kw_only=True, eq=False, repr=False)
class ContentEvent(Model):
    """A chapter-content webhook: a student's attempt at a piece of course content changed
    ``state``. ``assessment`` comes with exams, ``user_video`` with videos and live streams.
    """

    attempt_id: int
    user_id: int | None = None
    state: ContentAttemptState | str | None = None
    chapter_content: ChapterContent | None = None
    course: Course | None = None
    assessment: UserExam | None = None
    user_video: UserVideo | None = None
    user_video_conference: UserVideoConference | None = None
    created: datetime | None = None
    completed_on: datetime | None = None
    key: str | None = None
    hash: str | None = None
