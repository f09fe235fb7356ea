"""The exception tree, the warnings, and the one function that turns an HTTP response into an
exception (`status_error`).

Exceptions, all importable from ``attempts_sdk`` and ``attempts_sdk.errors``::

    AttemptsSDKError
    ├── ConfigurationError                bad or missing client configuration
    ├── ClientClosedError                 the client was closed before the call
    ├── WebhookVerificationError          a webhook signature is missing or does not match
    └── APIError                          .message .request .provider
        ├── APIConnectionError            could not connect, or the connection dropped
        │   └── APITimeoutError
        ├── APIStatusError                .status_code .response .body .retry_after .errors
        │   ├── BadRequestError           400
        │   ├── AuthenticationError       401
        │   ├── PermissionDeniedError     403
        │   ├── NotFoundError             404
        │   ├── ConflictError             409
        │   ├── UnprocessableEntityError  422
        │   ├── RateLimitError            429
        │   └── InternalServerError       5xx
        ├── DecodeError                   .path .raw: a body not in the documented shape
        ├── PaginationError               a foreign next link, a repeating page, the page limit
        └── ResponseTooLargeError         .limit: a body over max_response_size

Warnings (``UserWarning``), importable from the same two places::

    DataWarning                           a value could not be parsed (lenient mode)
    HeartbeatWarning                      an exam session's heartbeat failed

Other statuses: 5xx -> `InternalServerError`, any other -> `APIStatusError`.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import httpx

from ._json import JSONValue, loads

__all__ = [
    "APIConnectionError",
    "APIError",
    "APIStatusError",
    "APITimeoutError",
    "AttemptsSDKError",
    "AuthenticationError",
    "BadRequestError",
    "ClientClosedError",
    "ConfigurationError",
    "ConflictError",
    "DataWarning",
    "DecodeError",
    "HeartbeatWarning",
    "InternalServerError",
    "NotFoundError",
    "PaginationError",
    "PermissionDeniedError",
    "RateLimitError",
    "ResponseTooLargeError",
    "UnprocessableEntityError",
    "WebhookVerificationError",
    "status_error",
]


class AttemptsSDKError(Exception):
    """Base class of every exception this SDK raises."""


class ConfigurationError(AttemptsSDKError):
    """The client is missing configuration (a base URL or a credential) or has a bad value."""


class APIError(AttemptsSDKError):
    """A request to a provider failed.

    Attributes:
        message: what went wrong, in the provider's own words where it gave any.
        request: the `httpx.Request` that failed (None when none was built).
        provider: the provider's name, e.g. ``"testpress"``.
    """

    def __init__(self, message: str, *, request: httpx.Request | None, provider: str) -> None:
        super().__init__(message)
        self.message = message
        self.request = request
        self.provider = provider


class APIConnectionError(APIError):
    """The server could not be reached, or the connection dropped before a full response."""


class APITimeoutError(APIConnectionError):
    """The request timed out."""


class APIStatusError(APIError):
    """The server answered with a 4xx or 5xx status (or a 3xx redirect the SDK will not
    follow: to another origin, to an unusable URL, or past 20 redirects).

    Attributes:
        status_code: the HTTP status.
        response: the `httpx.Response`.
        body: the parsed JSON body, or the text when it is not JSON.
        retry_after: seconds the server asked to wait (``Retry-After``), when it said.
        errors: the provider's list of structured errors, when it sends one (CleverLMS, Thought
            Industries), else an empty list.
    """

    def __init__(
        self,
        message: str,
        *,
        response: httpx.Response,
        body: JSONValue,
        provider: str,
        retry_after: float | None = None,
        errors: list[JSONValue] | None = None,
    ) -> None:
        super().__init__(message, request=response.request, provider=provider)
        self.response = response
        self.status_code = response.status_code
        self.body = body
        self.retry_after = retry_after
        self.errors: list[JSONValue] = errors or []

    def __str__(self) -> str:
        return f"{self.provider}: HTTP {self.status_code}: {self.message}"


class BadRequestError(APIStatusError):
    """HTTP 400."""


class AuthenticationError(APIStatusError):
    """HTTP 401: the credential is missing, wrong or expired."""


class PermissionDeniedError(APIStatusError):
    """HTTP 403: the credential may not see this resource."""


class NotFoundError(APIStatusError):
    """HTTP 404."""


class ConflictError(APIStatusError):
    """HTTP 409."""


class UnprocessableEntityError(APIStatusError):
    """HTTP 422."""


class RateLimitError(APIStatusError):
    """HTTP 429. ``retry_after`` holds the wait the server asked for, when it said."""


class InternalServerError(APIStatusError):
    """HTTP 5xx."""


class DecodeError(APIError):
    """A response body could not be decoded into the documented shape.

    Attributes:
        path: where in the body the bad value sits, e.g. ``results[3].exam.start_date``
            (empty for the body as a whole).
        raw: the offending raw value (or the start of the body text).
    """

    def __init__(
        self,
        message: str,
        *,
        path: str = "",
        raw: object = None,
        request: httpx.Request | None = None,
        provider: str = "",
    ) -> None:
        super().__init__(message, request=request, provider=provider)
        self.path = path
        self.raw = raw


class PaginationError(APIError):
    """Pagination cannot go on safely: a next link to another origin, a repeating link or cursor,
    or the page limit was hit."""


class ResponseTooLargeError(APIError):
    """A response body was larger than the client's ``max_response_size`` (counted after
    decompression); it was not read further, and the request is not retried.

    Attributes:
        limit: the limit in force, in bytes.
    """

    def __init__(
        self, message: str, *, limit: int, request: httpx.Request | None, provider: str
    ) -> None:
        super().__init__(message, request=request, provider=provider)
        self.limit = limit


class ClientClosedError(AttemptsSDKError):
    """The client (or the client a paginator belongs to) was closed before this call."""


class WebhookVerificationError(AttemptsSDKError):
    """A webhook's signature is missing or does not match its body: do not trust it."""


class DataWarning(UserWarning):
    """A value in a response could not be parsed (lenient mode): it was set to None (a list
    field: left empty; a list item: left out), and its raw value kept in ``model.invalid``.

    Attributes: ``provider``, ``model`` (the model class name), ``path`` (e.g.
    ``results[0].exam.start_date``), ``raw`` (the value as sent) and ``reason``.
    """

    def __init__(
        self, *, provider: str, model: str, path: str, raw: object, reason: str, outcome: str = ""
    ) -> None:
        shown = repr(raw)
        if len(shown) > 200:
            shown = shown[:197] + "..."
        tail = f"; {outcome}" if outcome else ""
        super().__init__(f"{provider}: {model} field {path}: {reason}: {shown}{tail}")
        self.provider = provider
        self.model = model
        self.path = path
        self.raw = raw
        self.reason = reason


class HeartbeatWarning(UserWarning):
    """An exam session's heartbeat failed after the client's retries (it is also kept in
    ``session.heartbeat_errors``); the exam block goes on."""


_STATUS_CLASSES: dict[int, type[APIStatusError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    422: UnprocessableEntityError,
    429: RateLimitError,
}

ErrorReader = Callable[[JSONValue], "tuple[str | None, list[JSONValue]]"]
"""Reads a provider's error body: returns (message, structured errors)."""


def _parse_body(response: httpx.Response) -> JSONValue:
    try:
        return loads(response.content)
    except ValueError:
        return response.content.decode("utf-8", errors="replace")


_TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"<[^>]+>")


def _summarise_text(text: str) -> str:
    """A non-JSON error body as one readable line: an HTML page's title (or its text without
    tags), whitespace collapsed, at most 200 characters."""
    if "<" in text and ">" in text:
        title = _TITLE.search(text)
        text = title.group(1) if title else _TAG.sub(" ", text)
    line = " ".join(text.split())
    return line if len(line) <= 200 else line[:197] + "..."


def status_error(
    response: httpx.Response,
    *,
    provider: str,
    read_error: ErrorReader,
    redact: Callable[[str], str],
    retry_after: float | None = None,
) -> APIStatusError:
    """Build the exception for a 4xx/5xx response.

    The message is the provider's own text when its body has one (read by ``read_error``),
    else the HTTP reason phrase. Secrets are removed from it by ``redact``.
    """
    body = _parse_body(response)
    message, errors = read_error(body) if body is not None else (None, [])
    if not message:
        message = response.reason_phrase or "error"
        summary = _summarise_text(body) if isinstance(body, str) else ""
        if summary:
            message = f"{message}: {summary}"
    cls = _STATUS_CLASSES.get(response.status_code)
    if cls is None:
        cls = InternalServerError if response.status_code >= 500 else APIStatusError
    return cls(
        redact(message),
        response=response,
        body=body,
        provider=provider,
        retry_after=retry_after,
        errors=errors,
    )
