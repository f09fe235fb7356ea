"""Testpress: the student API v2.2, the admin API (v2.5 and v3) and, in `.webhooks`, the
verification of its webhooks.

>>> from attempts_sdk.testpress import TestpressClient
>>> client = TestpressClient(base_url="https://demo.testpress.in", token="<JWT>")
>>> client
TestpressClient(base_url='https://demo.testpress.in')
>>> client.close()
"""

from typing import TYPE_CHECKING

from .._errors import HeartbeatWarning
from .client import AsyncTestpressAdmin, AsyncTestpressClient, TestpressAdmin, TestpressClient

if TYPE_CHECKING:
    from .models import (
        AdminAttempt,
        AdminAttemptSection,
        AdminAttemptState,
        Answer,
        Attempt,
        AttemptQuestion,
        AttemptSection,
        AttemptState,
        AuthToken,
        ChapterContent,
        ContentAttempt,
        ContentAttemptState,
        ContentEvent,
        ContentType,
        Course,
        DifficultyStats,
        Exam,
        ExamEvent,
        ExamEventState,
        ExamQuestion,
        ExamSection,
        LiveStream,
        Question,
        ReviewQuestion,
        SubjectAnalytics,
        SubjectStats,
        UploadedFile,
        User,
        UserAnswer,
        UserExam,
        UserLiveStream,
        UserVideo,
        UserVideoConference,
        VideoConference,
    )
    from .session import AsyncExamSession, ExamSession
else:  # imported on first use: creating the model classes is most of the import time
    from .._lazy import lazy_exports

    __getattr__, __dir__ = lazy_exports(
        __name__,
        {
            "models": (
                "AdminAttempt",
                "AdminAttemptSection",
                "AdminAttemptState",
                "Answer",
                "Attempt",
                "AttemptQuestion",
                "AttemptSection",
                "AttemptState",
                "AuthToken",
                "ChapterContent",
                "ContentAttempt",
                "ContentAttemptState",
                "ContentEvent",
                "ContentType",
                "Course",
                "DifficultyStats",
                "Exam",
                "ExamEvent",
                "ExamEventState",
                "ExamQuestion",
                "ExamSection",
                "LiveStream",
                "Question",
                "ReviewQuestion",
                "SubjectAnalytics",
                "SubjectStats",
                "UploadedFile",
                "User",
                "UserAnswer",
                "UserExam",
                "UserLiveStream",
                "UserVideo",
                "UserVideoConference",
                "VideoConference",
            ),
            "session": ("AsyncExamSession", "ExamSession"),
        },
    )

__all__ = [
    "AdminAttempt",
    "AdminAttemptSection",
    "AdminAttemptState",
    "Answer",
    "AsyncExamSession",
    "AsyncTestpressAdmin",
    "AsyncTestpressClient",
    "Attempt",
    "AttemptQuestion",
    "AttemptSection",
    "AttemptState",
    "AuthToken",
    "ChapterContent",
    "ContentAttempt",
    "ContentAttemptState",
    "ContentEvent",
    "ContentType",
    "Course",
    "DifficultyStats",
    "Exam",
    "ExamEvent",
    "ExamEventState",
    "ExamQuestion",
    "ExamSection",
    "ExamSession",
    "HeartbeatWarning",
    "LiveStream",
    "Question",
    "ReviewQuestion",
    "SubjectAnalytics",
    "SubjectStats",
    "TestpressAdmin",
    "TestpressClient",
    "UploadedFile",
    "User",
    "UserAnswer",
    "UserExam",
    "UserLiveStream",
    "UserVideo",
    "UserVideoConference",
    "VideoConference",
]
