"""Thought Industries: assessment attempts from the REST API (``/incoming/v2``).

>>> from attempts_sdk.thoughtindustries import ThoughtIndustriesClient
>>> client = ThoughtIndustriesClient(
...     base_url="https://example.thoughtindustries.com", api_key="..."
... )  # doctest: +SKIP
"""

from .client import AsyncThoughtIndustriesClient, ThoughtIndustriesClient
from .models import (
    Assessment,
    AssessmentAttempt,
    AssessmentAttemptStatus,
    AttemptAnswer,
    AttemptQuestion,
    Course,
    Topic,
    User,
)

__all__ = [
    "Assessment",
    "AssessmentAttempt",
    "AssessmentAttemptStatus",
    "AsyncThoughtIndustriesClient",
    "AttemptAnswer",
    "AttemptQuestion",
    "Course",
    "ThoughtIndustriesClient",
    "Topic",
    "User",
]
