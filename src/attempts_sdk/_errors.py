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

Every exception pickles (it crosses ``multiprocessing`` and ``ProcessPoolExecutor``): the copy
has the same class, ``str`` and public attributes, but its ``request`` and ``response`` are
scrubbed copies (`attempts_sdk._pickling`): no credential travels in the pickled bytes.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import httpx

from ._json import JSONValue
from ._pickling import REPARSE, parse_body, rebuild, scrub_response, scrubbed
from ._response import request_id_of

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

    def __reduce__(self) -> tuple[Any, ...]:
        # the default (``cls(*args)``) cannot call keyword-only constructors, and would copy
        # the request's Authorization header into the pickled bytes
        return (rebuild, (type(self), self.args, self._portable_state()))

    def _portable_state(self) -> dict[str, Any]:
        """The attributes a pickled copy carries: requests and responses scrubbed."""
        return {name: scrubbed(value) for name, value in vars(self).items()}


class ConfigurationError(AttemptsSDKError):
    """The client is missing configuration (a base URL or a credential) or has a bad value.
    The message starts with the provider's name."""


class APIError(AttemptsSDKError):
    """A request to a provider failed.

    ``str(error)`` starts with the provider's name (``"testpress: ..."``), whatever raised it.

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

    def __str__(self) -> str:
        prefix = f"{self.provider}: "
        if not self.provider or self.message.startswith(prefix):
            return self.message
        return prefix + self.message


class APIConnectionError(APIError):
    """The server could not be reached, or the connection dropped before a full response."""


class APITimeoutError(APIConnectionError):
    """The request timed out."""


class APIStatusError(APIError):
    """The server answered with a 4xx or 5xx status (or a 3xx redirect the SDK will not
    follow: to another origin, to an unusable URL, or past 20 redirects).

    Attributes:
        status_code: the HTTP status.
        request: the `httpx.Request` the server answered (always set).
        response: the `httpx.Response`.
        request_id: the provider's id of the request, from the first of the ``X-Request-Id``,
            ``X-Amzn-RequestId`` and ``CF-Ray`` response headers it sent (None without one);
            quote it when you report a problem to the provider.
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
        self.request: httpx.Request = response.request
        self.response: httpx.Response = response
        self.status_code: int = response.status_code
        self.body: JSONValue = body
        self.retry_after: float | None = retry_after
        self.errors: list[JSONValue] = errors or []
        # the body as a pickled copy carries it: redacted by `status_error`, else none
        self._wire_content = b""

    def _portable_state(self) -> dict[str, Any]:
        state = super()._portable_state()
        state["response"] = scrub_response(self.response, self._wire_content)
        state["request"] = state["response"].request
        # a body nested thousands deep is more than pickle's recursion allows: the copy
        # parses it again from the (redacted) bytes it came from
        if self._wire_content:  # set by `status_error`, with the body parsed from it
            del state["body"]
            state[REPARSE] = "body"
            if isinstance(self.body, dict) and self.errors is self.body.get("errors"):
                del state["errors"]
                state[REPARSE] = "errors"
        return state

    @property
    def request_id(self) -> str | None:
        """The provider's id of the request (see the class attributes)."""
        return request_id_of(self.response.headers)

    def __str__(self) -> str:
        return f"{self.provider}: HTTP {self.status_code}: {self.message}"


class BadRequestError(APIStatusError):
    """HTTP 400."""


class AuthenticationError(APIStatusError):
    """HTTP 401: the credential is missing, wrong or expired."""


class PermissionDeniedError(APIStatusError):
    """HTTP 403: the credential may not see this resource."""


class NotFoundError(APIStatusError):
    """HTTP 404. ``str(error)`` ends with the method and path that were not found (without
    the query string), so that a wrong base URL shows: ``testpress: HTTP 404: Not found.
    (GET /api/v2.2/attempts/999999/)``."""

    def __str__(self) -> str:
        path = self.request.url.raw_path.split(b"?", 1)[0].decode("ascii")
        return f"{super().__str__()} ({self.request.method} {path})"


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

    def __reduce__(self) -> tuple[Any, ...]:
        # the default (``cls(*args)``) cannot call the keyword-only constructor
        return (rebuild, (type(self), self.args, dict(vars(self))))


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


def _redacted_content(content: bytes, redact: Callable[[str], str]) -> bytes:
    """``content`` with every secret replaced (a server may echo the token in an error body);
    bytes that are not UTF-8 survive the round trip unchanged."""
    text = content.decode("utf-8", errors="surrogateescape")
    clean = redact(text)
    return content if clean == text else clean.encode("utf-8", errors="surrogateescape")


def _read_message(read_error: ErrorReader, body: JSONValue) -> tuple[str | None, list[JSONValue]]:
    """The provider's reader, kept from failing on bodies no provider sends: one nested
    thousands deep exceeds the recursion limit of whatever walks it."""
    if body is None:
        return None, []
    try:
        return read_error(body)
    except RecursionError:
        return None, []


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
    else the HTTP reason phrase. Secrets are removed by ``redact`` from the message and from
    the body before it is read (``.body``, ``.errors``).
    """
    content = _redacted_content(response.content, redact)
    body = parse_body(content)
    message, errors = _read_message(read_error, body)
    if not message:
        message = response.reason_phrase or "error"
        summary = _summarise_text(body) if isinstance(body, str) else ""
        if summary:
            message = f"{message}: {summary}"
    cls = _STATUS_CLASSES.get(response.status_code)
    if cls is None:
        cls = InternalServerError if response.status_code >= 500 else APIStatusError
    error = cls(
        redact(message),
        response=response,
        body=body,
        provider=provider,
        retry_after=retry_after,
        errors=errors,
    )
    error._wire_content = content
    return error
