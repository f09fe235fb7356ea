"""Testpress: the student API v2.2 and the admin API v2.5.

>>> from attempts_sdk.testpress import TestpressClient
>>> client = TestpressClient(base_url="https://demo.testpress.in", token="...")  # doctest: +SKIP
"""

from .client import AsyncTestpressAdmin, AsyncTestpressClient, TestpressAdmin, TestpressClient
from .models import (
    AdminAttempt,
    AdminAttemptState,
    Answer,
    Attempt,
    AttemptQuestion,
    AttemptState,
    AuthToken,
    Exam,
    ExamSection,
    Question,
    ReviewQuestion,
    SubjectAnalytics,
    User,
)
from .session import AsyncExamSession, ExamSession, HeartbeatWarning

__all__ = [
    "AdminAttempt",
    "AdminAttemptState",
    "Answer",
    "AsyncExamSession",
    "AsyncTestpressAdmin",
    "AsyncTestpressClient",
    "Attempt",
    "AttemptQuestion",
    "AttemptState",
    "AuthToken",
    "Exam",
    "ExamSession",
    "ExamSection",
    "HeartbeatWarning",
    "Question",
    "ReviewQuestion",
    "SubjectAnalytics",
    "TestpressAdmin",
    "TestpressClient",
    "User",
]
