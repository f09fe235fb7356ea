"""CleverLMS: the integration API v2 export of test attempts.

CleverLMS does not publish its authentication scheme or paths: the client's ``Bearer`` header
and ``/v2/materials/tests/attempts`` path are defaults, overridable with ``auth=`` and
``attempts_path=``.

>>> from attempts_sdk.cleverlms import CleverLMSClient
>>> client = CleverLMSClient(base_url="https://lms.example.com/api", token="<token>")
>>> client.close()
"""

from typing import TYPE_CHECKING

from .client import AsyncCleverLMSClient, CleverLMSClient, ExportFilters, ExportOptions

if TYPE_CHECKING:
    from .models import TestAttempt, TestAttemptStatus
else:  # imported on first use: creating the model classes is most of the import time
    from .._lazy import lazy_exports

    __getattr__, __dir__ = lazy_exports(__name__, {"models": ("TestAttempt", "TestAttemptStatus")})

__all__ = [
    "AsyncCleverLMSClient",
    "CleverLMSClient",
    "ExportFilters",
    "ExportOptions",
    "TestAttempt",
    "TestAttemptStatus",
]
