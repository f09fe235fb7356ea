"""CleverLMS: the integration API v2 export of test attempts.

CleverLMS does not publish its authentication scheme or paths: the client's ``Bearer`` header
and ``/v2/materials/tests/attempts`` path are defaults, overridable with ``auth=`` and
``attempts_path=``.

>>> from attempts_sdk.cleverlms import CleverLMSClient
>>> client = CleverLMSClient(base_url="https://lms.example.com/api", token="...")  # doctest: +SKIP
"""

from .client import AsyncCleverLMSClient, CleverLMSClient, ExportFilters
from .models import TestAttempt, TestAttemptStatus

__all__ = [
    "AsyncCleverLMSClient",
    "CleverLMSClient",
    "ExportFilters",
    "TestAttempt",
    "TestAttemptStatus",
]
