"""How an SDK exception crosses a process boundary (``pickle``: ``multiprocessing``,
``ProcessPoolExecutor``, Celery) without carrying a credential.

`attempts_sdk._errors.AttemptsSDKError.__reduce__` hands its state to `rebuild`, with every
request and response replaced by a scrubbed copy: only harmless request headers, no request
body (a login's password), no cookies, the redacted response body. A body too deeply nested to
pickle is parsed again from its bytes on the other side (`REPARSE`).
"""

from __future__ import annotations

from typing import Any

import httpx

from ._json import JSONValue, loads

__all__ = ["REPARSE", "parse_body", "rebuild", "scrub_request", "scrub_response", "scrubbed"]


REPARSE = "_reparse"
"""The pickled state's key saying that ``body`` (and, when it is ``"errors"``, ``errors``)
is to be parsed again from ``_wire_content``."""


def rebuild(cls: type[BaseException], args: tuple[Any, ...], state: dict[str, Any]) -> Any:
    error = cls.__new__(cls, *args)
    error.args = args
    reparse = state.pop(REPARSE, None)
    if reparse is not None:
        state["body"] = parse_body(state["_wire_content"])
        if reparse == "errors":
            state["errors"] = state["body"]["errors"]
    error.__dict__.update(state)
    return error


_SAFE_HEADERS = frozenset({"accept", "accept-encoding", "content-type", "host", "user-agent"})
"""Request headers a pickled exception keeps: any other one may hold a credential (custom
``headers=``, a custom `httpx.Auth`)."""


def scrub_request(request: httpx.Request) -> httpx.Request:
    """A copy of ``request`` that can leave the process: no body (a login's password), only
    `_SAFE_HEADERS`, no user:password in the URL."""
    url = (
        request.url.copy_with(username=None, password=None) if request.url.userinfo else request.url
    )
    headers = [(k, v) for k, v in request.headers.multi_items() if k.lower() in _SAFE_HEADERS]
    return httpx.Request(request.method, url, headers=headers)


def scrub_response(response: httpx.Response, content: bytes) -> httpx.Response:
    """A copy of ``response`` that can leave the process: no cookies, the redacted body."""
    headers = [
        (k, v)
        for k, v in response.headers.multi_items()
        if k.lower() not in ("set-cookie", "content-encoding", "transfer-encoding")
    ]
    request = scrub_request(response.request) if _has_request(response) else None
    return httpx.Response(response.status_code, headers=headers, content=content, request=request)


def _has_request(response: httpx.Response) -> bool:
    try:
        response.request  # noqa: B018 - the property raises when no request is set
    except RuntimeError:
        return False
    return True


def scrubbed(value: object) -> object:
    if isinstance(value, httpx.Request):
        return scrub_request(value)
    if isinstance(value, httpx.Response):
        return scrub_response(value, b"")
    return value


def parse_body(content: bytes) -> JSONValue:
    """The JSON of an error body, or its text when it is not JSON."""
    try:
        return loads(content)
    except ValueError:
        return content.decode("utf-8", errors="replace")
