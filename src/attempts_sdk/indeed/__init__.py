"""Indeed Assessments: the API v1 (attempts, and the assignments they are embedded in).

>>> from attempts_sdk.indeed import IndeedClient
>>> client = IndeedClient(api_key="<api key>")  # https://api.indeedassessments.com/v1
>>> client.close()
"""

from typing import TYPE_CHECKING

from .client import AsyncIndeedClient, IndeedClient

if TYPE_CHECKING:
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
else:  # imported on first use: creating the model classes is most of the import time
    from .._lazy import lazy_exports

    __getattr__, __dir__ = lazy_exports(
        __name__,
        {
            "models": (
                "Answer",
                "Assessment",
                "Assignment",
                "Attempt",
                "AudioPrompt",
                "AudioRecording",
                "Choice",
                "Question",
                "Role",
                "Score",
                "Step",
                "StepProgression",
                "User",
                "VideoPrompt",
                "VideoRecording",
            ),
        },
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
