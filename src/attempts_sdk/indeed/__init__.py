"""Indeed Assessments: the API v1 (attempts, and the assignments they are embedded in).

>>> from attempts_sdk.indeed import IndeedClient
>>> client = IndeedClient(api_key="...")  # doctest: +SKIP
"""

from .client import AsyncIndeedClient, IndeedClient
from .models import (
    Answer,
    Assessment,
    Assignment,
    Attempt,
    AudioPrompt,
    AudioRecording,
    Choice,
    Question,
    Role,
    Score,
    Step,
    StepProgression,
    User,
    VideoPrompt,
    VideoRecording,
)

__all__ = [
    "Answer",
    "Assessment",
    "Assignment",
    "AsyncIndeedClient",
    "Attempt",
    "AudioPrompt",
    "AudioRecording",
    "Choice",
    "IndeedClient",
    "Question",
    "Role",
    "Score",
    "Step",
    "StepProgression",
    "User",
    "VideoPrompt",
    "VideoRecording",
]
