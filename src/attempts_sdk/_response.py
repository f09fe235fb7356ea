"""A response as the caller sees it with ``with_raw_response``, and the provider's request id.

`APIResponse` wraps the final `httpx.Response` of a call (after retries and redirects) and
decodes its body only when asked (`APIResponse.parse`), once.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Generic, TypeVar

import httpx

__all__ = ["REQUEST_ID_HEADERS", "APIResponse", "request_id_of"]

T = TypeVar("T")

REQUEST_ID_HEADERS = ("X-Request-Id", "X-Amzn-RequestId", "CF-Ray")
"""The headers a provider's request id is read from, in this order: the first one sent wins
(``X-Amzn-RequestId`` is AWS API Gateway's, ``CF-Ray`` Cloudflare's)."""

RETRIES_TAKEN = "attempts_sdk.retries_taken"
"""The key of ``httpx.Response.extensions`` under which the transport records how many retries
a call took before this response."""


def request_id_of(headers: httpx.Headers) -> str | None:
    """The provider's id of a request, from the first of `REQUEST_ID_HEADERS` present."""
    for name in REQUEST_ID_HEADERS:
        value: str | None = headers.get(name)
        if value:
            return value
    return None


class APIResponse(Generic[T]):
    """The raw response of one call (``client.with_raw_response.get_attempt(...)``).

    Attributes:
        http_response: the final `httpx.Response` (after retries and redirects).
        retries_taken: how many times the request was retried before this response (0 when
            the first attempt answered, or the client's cache did).
    """

    __slots__ = ("_parse", "_parsed", "http_response", "retries_taken")

    def __init__(self, http_response: httpx.Response, parse: Callable[[httpx.Response], T]) -> None:
        self.http_response: httpx.Response = http_response
        self.retries_taken: int = int(http_response.extensions.get(RETRIES_TAKEN, 0))
        self._parse = parse
        self._parsed: list[T] = []  # the model, once parsed (a list: T may be None)

    @property
    def status_code(self) -> int:
        """The HTTP status."""
        return self.http_response.status_code

    @property
    def headers(self) -> httpx.Headers:
        """The response headers."""
        return self.http_response.headers

    @property
    def request_id(self) -> str | None:
        """The provider's id of the request (``X-Request-Id``, ``X-Amzn-RequestId`` or
        ``CF-Ray``), or None when it sent none."""
        return request_id_of(self.http_response.headers)

    @property
    def elapsed(self) -> timedelta:
        """The time from sending the final request to reading its whole response (zero for an
        answer from the client's cache, which sent nothing)."""
        try:
            return self.http_response.elapsed
        except RuntimeError:  # httpx measures only what it sent and read
            return timedelta(0)

    def parse(self) -> T:
        """The model the plain call returns, decoded from the body on the first call (lenient
        or strict as the client is; a `DataWarning` is issued then)."""
        if not self._parsed:
            self._parsed.append(self._parse(self.http_response))
        return self._parsed[0]

    def __repr__(self) -> str:
        request = self.http_response.request
        return f"<APIResponse [{self.status_code}] {request.method} {request.url.path}>"
