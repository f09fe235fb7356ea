"""Thought Industries: assessment attempts and the quiz-attempt event feed from the REST API
(``/incoming/v2``); signed webhooks are verified by `attempts_sdk.thoughtindustries.webhooks`.

>>> from attempts_sdk.thoughtindustries import ThoughtIndustriesClient
>>> client = ThoughtIndustriesClient(
...     base_url="https://example.thoughtindustries.com", api_key="<api key>"
... )
>>> client.close()
"""

from typing import TYPE_CHECKING

from .client import AsyncThoughtIndustriesClient, ThoughtIndustriesClient

if TYPE_CHECKING:
    from .models import (
        Assessment,
        AssessmentAttempt,
        AssessmentAttemptStatus,
        AttemptAnswer,
        AttemptQuestion,
        Course,
        QuizAttemptEvent,
        Topic,
        User,
        WebhookEvent,
    )
else:  # imported on first use: creating the model classes is most of the import time
    from .._lazy import lazy_exports

    __getattr__, __dir__ = lazy_exports(
        __name__,
        {
            "models": (
                "Assessment",
                "AssessmentAttempt",
                "AssessmentAttemptStatus",
                "AttemptAnswer",
                "AttemptQuestion",
                "Course",
                "QuizAttemptEvent",
                "Topic",
                "User",
                "WebhookEvent",
            ),
        },
    )

__all__ = [
    "Assessment",
    "AssessmentAttempt",
    "AssessmentAttemptStatus",
    "AsyncThoughtIndustriesClient",
    "AttemptAnswer",
    "AttemptQuestion",
    "Course",
    "QuizAttemptEvent",
    "ThoughtIndustriesClient",
    "Topic",
    "User",
    "WebhookEvent",
]
