"""Testpress: the student API v2.2 and the admin API v2.5.

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
    from .session import AsyncExamSession, ExamSession
else:  # imported on first use: creating the model classes is most of the import time
    from .._lazy import lazy_exports

    __getattr__, __dir__ = lazy_exports(
        __name__,
        {
            "models": (
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
            ),
            "session": ("AsyncExamSession", "ExamSession"),
        },
    )

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
