"""Testpress course content: the admin v3 chapter-content attempts and what they refer to
(also the records the chapter-content webhook embeds)."""

from __future__ import annotations

import enum
from datetime import datetime, timedelta
from decimal import Decimal

import attrs

from ..._models import Model, OpenEnum
from .student import Exam, User

__all__ = [
    "ChapterContent",
    "ContentAttempt",
    "ContentAttemptState",
    "ContentType",
    "Course",
    "LiveStream",
    "UserExam",
    "UserLiveStream",
    "UserVideo",
    "UserVideoConference",
    "VideoConference",
]


class ContentAttemptState(OpenEnum):
    """The state of a chapter-content attempt."""

    STARTED = "Started"
    COMPLETED = "Completed"
    PENDING_EVALUATION = "Pending Evaluation"
    EVALUATION_COMPLETED = "Evaluation Completed"


class ContentType(enum.IntEnum):
    """The chapter-content attempts' ``content_type`` filter codes."""

    EXAM = 1
    QUIZ = 2
    VIDEO = 3
    ATTACHMENT = 4
    NOTES = 5
    VIDEO_CONFERENCE = 7
    LIVE_STREAM = 8


@attrs.frozen(kw_only=True, eq=False, repr=False)
class Course(Model):
    """A course (the webhook sends only ``id`` and ``title``)."""

    id: int
    title: str | None = None
    description: str | None = None
    image: str | None = None
    slug: str | None = None
    order: int | None = None
    created_by: int | None = None
    created: datetime | None = None
    modified: datetime | None = None
    chapters_count: int | None = None
    contents_count: int | None = None
    exams_count: int | None = None
    videos_count: int | None = None
    attachments_count: int | None = None
    html_contents_count: int | None = None
    max_allowed_views_per_video: int | None = None
    max_allowed_watch_minutes: int | None = None


@attrs.frozen(kw_only=True, eq=False, repr=False)
class ChapterContent(Model):
    """A piece of a course chapter: an exam, a video, notes, an attachment, a live stream...
    ``content_type`` is a word (``"Video"``, ``"Exam"``, ``"Live Stream"``). The webhook sends
    ``id``, ``title``, ``content_type`` and the ``exam`` (for exams)."""

    id: int
    title: str | None = None
    content_type: str | None = None
    order: int | None = None
    chapter_id: int | None = None
    course_id: int | None = None
    free_preview: bool | None = None
    exam_id: int | None = None
    content_id: int | None = None
    video_id: int | None = None
    attachment_id: int | None = None
    start: datetime | None = None
    end: datetime | None = None
    description: str | None = None
    exam: Exam | None = None


@attrs.frozen(kw_only=True, eq=False, repr=False)
class UserExam(Model):
    """A student's exam attempt inside a course (``user_exams``; the webhook's
    ``assessment``). ``rank`` and ``result`` may be ``"NA"``."""

    id: int
    exam_id: int | None = None
    user_id: int | None = None
    total_score: Decimal | None = None
    percentage: Decimal | None = None
    rank: int | None = None
    result: str | None = None
    total_questions: int | None = None
    number_of_correct_answers: int | None = None
    number_of_incorrect_answers: int | None = None
    number_of_unanswered_questions: int | None = None
    number_of_answered_questions: int | None = None


@attrs.frozen(kw_only=True, eq=False, repr=False)
class UserVideo(Model):
    """A student's progress through a video (``remaining_duration`` in seconds)."""

    id: int
    video_id: int | None = None
    created: datetime | None = None
    watched_percentage: Decimal | None = None
    remaining_duration: timedelta | None = None
    state: str | None = None
    is_live_class_recording: bool | None = None


@attrs.frozen(kw_only=True, eq=False, repr=False)
class VideoConference(Model):
    """A video conference (Zoom...). ``duration`` is as sent: the docs do not say its unit
    (minutes, by the example's 15). The join ``password`` and ``access_token`` are credentials:
    kept out of ``repr``."""

    id: int
    title: str | None = None
    conference_id: str | None = None
    start: datetime | None = None
    duration: int | None = None
    provider: str | None = None
    join_url: str | None = None
    password: str | None = attrs.field(default=None, repr=False)
    access_token: str | None = attrs.field(default=None, repr=False)
    show_recorded_video: bool | None = None
    state: str | None = None
    has_recording_expired: bool | None = None


@attrs.frozen(kw_only=True, eq=False, repr=False)
class UserVideoConference(Model):
    """A student's attendance of a video conference (``duration`` in seconds)."""

    id: int
    user_id: int | None = None
    duration: timedelta | None = None
    join_time: datetime | None = None
    leave_time: datetime | None = None
    video_conference: VideoConference | None = None


@attrs.frozen(kw_only=True, eq=False, repr=False)
class LiveStream(Model):
    """A live stream (``duration`` as sent: its unit is not documented)."""

    id: int
    title: str | None = None
    stream_url: str | None = None
    duration: int | None = None
    show_recorded_video: bool | None = None
    status: str | None = None
    chat_embed_url: str | None = None


@attrs.frozen(kw_only=True, eq=False, repr=False)
class UserLiveStream(Model):
    """A student's attendance of a live stream."""

    id: int
    user_id: int | None = None
    live_stream: LiveStream | None = None


@attrs.frozen(kw_only=True, eq=False, repr=False)
class ContentAttempt(Model):
    """A student's attempt at a piece of course content (admin v3
    ``chapter-content-attempts``). ``content_type`` is a word (``"video"``, ``"assessment"``,
    ``"videoConference"``, ``"live_stream"``); the answer counts come with assessments.

    ``user``, ``course``, ``chapter_content``, ``user_exam``, ``user_video``,
    ``user_video_conference`` and ``user_live_stream`` are not on the wire: they are the
    records the same page lists apart (``users``, ``courses``, ...), found by the ids
    ``user_id``, ``course_id``, ``chapter_content_id``, ``assessment_id``, ``user_video_id``,
    ``user_video_conference_id`` and ``user_live_stream_id`` (None when the page lacks one).
    """

    id: int
    user_id: int | None = None
    course_id: int | None = None
    chapter_id: int | None = None
    chapter_content_id: int | None = None
    content_type: str | None = None
    state: ContentAttemptState | str | None = None
    remaining_time: timedelta | None = None
    assessment_id: int | None = None
    user_video_id: int | None = None
    user_video_conference_id: int | None = None
    user_live_stream_id: int | None = None
    user_content_id: int | None = None
    user_attachment_id: int | None = None
    correct_answers_count: int | None = None
    incorrect_answers_count: int | None = None
    created: datetime | None = None
    completed_on: datetime | None = None
    user: User | None = attrs.field(default=None, init=False, eq=False)
    course: Course | None = attrs.field(default=None, init=False, eq=False)
    chapter_content: ChapterContent | None = attrs.field(default=None, init=False, eq=False)
    user_exam: UserExam | None = attrs.field(default=None, init=False, eq=False)
    user_video: UserVideo | None = attrs.field(default=None, init=False, eq=False)
    user_video_conference: UserVideoConference | None = attrs.field(
        default=None, init=False, eq=False
    )
    user_live_stream: UserLiveStream | None = attrs.field(default=None, init=False, eq=False)
