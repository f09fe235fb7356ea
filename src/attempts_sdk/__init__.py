"""attempts_sdk: typed clients for the attempts APIs of Testpress, CleverLMS, Thought Industries
and Indeed Assessments.

Provider clients live in the sub-packages (``attempts_sdk.testpress`` and so on); this module
holds the names they share: errors, pagination types, warnings and the version.
"""

from typing import TYPE_CHECKING

from ._base_client import AsyncClientOptions, ClientOptions, SyncClientOptions
from ._decoding import DataWarning
from ._errors import (
    APIConnectionError,
    APIError,
    APIStatusError,
    APITimeoutError,
    AttemptsSDKError,
    AuthenticationError,
    BadRequestError,
    ClientClosedError,
    ConfigurationError,
    ConflictError,
    DecodeError,
    HeartbeatWarning,
    InternalServerError,
    NotFoundError,
    PaginationError,
    PermissionDeniedError,
    RateLimitError,
    ResponseTooLargeError,
    UnprocessableEntityError,
    WebhookVerificationError,
)
from ._pagination import AsyncPaginator, Page, Paginator, RateLimitInfo
from ._retry import RetryPolicy
from ._version import __version__

if TYPE_CHECKING:
    from collections.abc import Mapping

    from ._registry import Provider
    from ._summary import AttemptSummary, SummaryStatus

    PROVIDERS: Mapping[str, Provider]

__all__ = [
    "APIConnectionError",
    "APIError",
    "APIStatusError",
    "APITimeoutError",
    "AsyncClientOptions",
    "AsyncPaginator",
    "AttemptSummary",
    "AttemptsSDKError",
    "AuthenticationError",
    "BadRequestError",
    "ClientClosedError",
    "ClientOptions",
    "ConfigurationError",
    "ConflictError",
    "DataWarning",
    "DecodeError",
    "HeartbeatWarning",
    "InternalServerError",
    "NotFoundError",
    "Page",
    "PaginationError",
    "Paginator",
    "PROVIDERS",
    "PermissionDeniedError",
    "Provider",
    "RateLimitError",
    "ResponseTooLargeError",
    "RateLimitInfo",
    "RetryPolicy",
    "SummaryStatus",
    "SyncClientOptions",
    "UnprocessableEntityError",
    "WebhookVerificationError",
    "__version__",
]


def __getattr__(name: str) -> object:
    """``AttemptSummary``, ``SummaryStatus``, ``PROVIDERS`` and ``Provider``, imported on first
    use (not at import time: the registry imports every provider package)."""
    if name in ("AttemptSummary", "SummaryStatus"):
        from . import _summary

        return getattr(_summary, name)
    if name in ("PROVIDERS", "Provider"):
        from . import _registry

        return getattr(_registry, name)
    raise AttributeError(f"module 'attempts_sdk' has no attribute {name!r}")
