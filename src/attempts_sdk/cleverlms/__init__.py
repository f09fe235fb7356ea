"""CleverLMS: the integration API v2 exports of test attempts and test answers.

CleverLMS does not publish its authentication scheme or paths: the client's ``Bearer`` header
and ``/v2/materials/tests/attempts`` and ``/v2/materials/tests/answers`` paths are defaults,
overridable with ``auth=``, ``attempts_path=`` and ``answers_path=``.

>>> from attempts_sdk.cleverlms import CleverLMSClient
>>> client = CleverLMSClient(base_url="https://lms.example.com/api", token="<token>")
>>> client.close()
"""

from typing import TYPE_CHECKING

from .client import AnswerExportFilters, AsyncCleverLMSClient, CleverLMSClient, ExportFilters

if TYPE_CHECKING:
    from .models import (
        TestAnswer,
        TestAnswerStatus,
        TestAttempt,
        TestAttemptStatus,
        TestQuestionType,
    )
else:  # imported on first use: creating the model classes is most of the import time
    from .._lazy import lazy_exports

    __getattr__, __dir__ = lazy_exports(
        __name__,
        {
            "models": (
                "TestAnswer",
                "TestAnswerStatus",
                "TestAttempt",
                "TestAttemptStatus",
                "TestQuestionType",
            )
        },
    )

__all__ = [
    "AnswerExportFilters",
    "AsyncCleverLMSClient",
    "CleverLMSClient",
    "ExportFilters",
    "TestAnswer",
    "TestAnswerStatus",
    "TestAttempt",
    "TestAttemptStatus",
    "TestQuestionType",
]
