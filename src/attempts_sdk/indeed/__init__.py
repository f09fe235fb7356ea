"""Indeed Assessments: the API v1 (attempts, the assignments they are embedded in, and the
roles and assessments a candidate is invited to).

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
        AssessmentSteps,
        Assignment,
        Attempt,
        AudioPrompt,
        AudioRecording,
        Choice,
        PublicationStatus,
        Question,
        Role,
        RoleAssessment,
        Score,
        Step,
        StepProgression,
        StepQuestion,
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
                "AssessmentSteps",
                "Assignment",
                "Attempt",
                "AudioPrompt",
                "AudioRecording",
                "Choice",
                "PublicationStatus",
                "Question",
                "Role",
                "RoleAssessment",
                "Score",
                "Step",
                "StepProgression",
                "StepQuestion",
                "User",
                "VideoPrompt",
                "VideoRecording",
            ),
        },
    )

__all__ = [
    "Answer",
    "Assessment",
    "AssessmentSteps",
    "Assignment",
    "AsyncIndeedClient",
    "Attempt",
    "AudioPrompt",
    "AudioRecording",
    "Choice",
    "IndeedClient",
    "PublicationStatus",
    "Question",
    "Role",
    "RoleAssessment",
    "Score",
    "Step",
    "StepProgression",
    "StepQuestion",
    "User",
    "VideoPrompt",
    "VideoRecording",
]
