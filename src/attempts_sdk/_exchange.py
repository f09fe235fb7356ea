"""Answering one request, as one pure generator: retries, redirects, rate limit, deadline,
size limit, and the exception the final outcome becomes.

`exchange` is written once, sans-I/O: it yields ``Send(request, body)`` and ``Sleep(seconds)``
actions and receives each send's outcome (a response whose body the shell read through
``body``, a `BodyReader`, or an httpx error). The shells in ``_transport.py`` carry the actions
out and decide nothing. With a `ResponseCache`, the cache wraps all that (a stored response
may answer without any send).

The limits of a call are read from the `ClientConfig` in one place, `_Call`: the timeouts, the
retry policy, ``deadline`` and ``max_response_size``.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Generator
from functools import partial
from typing import TYPE_CHECKING

import httpx

from ._errors import (
    APIConnectionError,
    APIError,
    APIStatusError,
    APITimeoutError,
    ResponseTooLargeError,
    status_error,
)
from ._json import loads
from ._limits import BodyReader, Deadline, size_text
from ._record import Record
from ._response import RETRIES_TAKEN
from ._retry import parse_retry_after
from ._urls import same_origin

if TYPE_CHECKING:
    from ._cache import ResponseCache
    from ._config import ClientConfig
    from ._ratelimit import RateLimiter

__all__ = ["MAX_REDIRECTS", "Action", "Outcome", "Send", "Sleep", "exchange"]

logger = logging.getLogger("attempts_sdk")

MAX_REDIRECTS = 20


class Send(Record, kw_only=False):
    """Action: send this request, read its body through ``body`` (which decides when to stop
    reading), and give the generator the outcome."""

    request: httpx.Request
    body: BodyReader


class Sleep(Record, kw_only=False):
    """Action: sleep this many seconds, then give the generator None."""

    seconds: float


Action = Send | Sleep
# httpx.InvalidURL: httpx prepares a redirect's next request even when it does not follow it,
# and raises on a Location that is no URL (the response is lost with it)
Outcome = httpx.Response | httpx.RequestError | httpx.InvalidURL | None


def exchange(
    config: ClientConfig,
    request: httpx.Request,
    cache: ResponseCache | None = None,
    limiter: RateLimiter | None = None,
    now: Callable[[], float] = time.monotonic,
) -> Generator[Action, Outcome, httpx.Response]:
    """Answer ``request``: from the client's ``cache`` when it has one and RFC 9111 allows,
    else by sending it until it succeeds, the retry policy gives up or the deadline passes,
    each send waiting for a slot of ``limiter``. Sans-I/O: yields actions (only the cache's
    storage is read and written in place, and the limiter's schedule updated).

    Returns the successful response; raises `APIStatusError` (by status), `APITimeoutError`
    (a timeout, or the deadline), `APIConnectionError` or `ResponseTooLargeError`.
    """
    call = _Call(config, limiter, Deadline.starting(config.deadline, now()), now)
    if cache is None:
        return (yield from call.send(request))
    return (yield from cache.exchange(request, call.send))


class _Call:
    """One call's limits and clock, shared by every request it sends (redirects, the
    cache's revalidations)."""

    def __init__(
        self,
        config: ClientConfig,
        limiter: RateLimiter | None,
        deadline: Deadline,
        now: Callable[[], float],
    ) -> None:
        self.config = config
        self.limiter = limiter
        self.deadline = deadline
        self.now = now
        self.send = partial(_send_with_retries, self)

    def body(self) -> BodyReader:
        return BodyReader(self.config.max_response_size, self.deadline.ends, self.now)

    def timeouts(self) -> dict[str, float | None]:
        return self.deadline.timeouts(self.config.timeout, self.now())

    def past_deadline(self) -> bool:
        return self.deadline.left(self.now()) <= 0


def _send_with_retries(
    call: _Call, request: httpx.Request
) -> Generator[Action, Outcome, httpx.Response]:
    config = call.config
    name = config.provider.name
    url = config.redact(str(request.url))
    attempt = 0
    redirects = 0
    while True:
        yield from _rate_limit(call, request, attempt)
        if call.past_deadline():
            raise _deadline_error(call, request, attempt, "no time was left to send")
        request.extensions["timeout"] = call.timeouts()
        body = call.body()
        outcome = yield Send(request, body)
        if body.too_large:
            raise _too_large(call, request, body)
        if isinstance(outcome, httpx.Response) and body.late:
            raise _deadline_error(call, request, attempt + 1, "the body was still arriving")
        if isinstance(outcome, httpx.Response):
            status = outcome.status_code
            logger.debug(
                "%s %s %s -> %d (attempt %d)", name, request.method, url, status, attempt + 1
            )
            if outcome.has_redirect_location:
                redirects += 1
                request = _redirect(config, request, outcome, redirects)
                url = config.redact(str(request.url))
                continue
            if status < 400:
                outcome.extensions[RETRIES_TAKEN] = attempt
                return outcome
            retry_after = _retry_after(config, outcome)
            decision = config.retry.decide(
                attempt, request, response=outcome, retry_after=retry_after
            )
            if not decision.retry:
                logger.info("%s %s %s -> %d, giving up", name, request.method, url, status)
                raise status_error(
                    outcome,
                    provider=name,
                    read_error=config.provider.read_error,
                    redact=config.redact,
                    retry_after=decision.retry_after,
                )
            reason = f"HTTP {status}"
        elif isinstance(outcome, httpx.RequestError):
            logger.debug(
                "%s %s %s -> %s (attempt %d)",
                name,
                request.method,
                url,
                type(outcome).__name__,
                attempt + 1,
            )
            reason = _cause(config, outcome)
            if call.past_deadline():  # the deadline cut the request short
                raise _deadline_error(call, request, attempt + 1, reason) from outcome
            decision = config.retry.decide(attempt, request, error=outcome)
            if not decision.retry:
                raise _connection_error(config, request, outcome, attempt + 1) from outcome
        elif isinstance(outcome, httpx.InvalidURL):
            raise APIConnectionError(
                f"{name}: {request.method} {url}: the server redirected to an invalid URL; "
                "not followed",
                request=request,
                provider=name,
            )
        else:  # pragma: no cover - a shell bug, not a runtime condition
            raise TypeError(f"exchange expected a response or an httpx error, got {outcome!r}")
        if call.deadline.left(call.now()) <= decision.wait:  # no time left to retry
            if isinstance(outcome, httpx.Response):  # the server's answer says most
                raise status_error(
                    outcome,
                    provider=name,
                    read_error=config.provider.read_error,
                    redact=config.redact,
                    retry_after=decision.retry_after,
                )
            raise _deadline_error(call, request, attempt + 1, reason) from outcome
        logger.info(
            "%s %s %s: %s, retry %d of %d in %.2fs",
            name,
            request.method,
            url,
            reason,
            attempt + 1,
            config.retry.max_retries,
            decision.wait,
        )
        yield Sleep(decision.wait)
        attempt += 1


def _rate_limit(
    call: _Call, request: httpx.Request, attempts: int
) -> Generator[Action, Outcome, None]:
    """Sleep until the client's rate limiter lets one more request go (at once without one);
    give up at once when that wait would pass the deadline."""
    limiter = call.limiter
    if limiter is None:
        return
    wait = limiter.reserve(limiter.now())
    while True:
        if wait > 0:
            if call.deadline.left(call.now()) <= wait:
                raise _deadline_error(call, request, attempts, "waiting for the rate limit")
            logger.debug("%s: rate limit, sending in %.3fs", call.config.provider.name, wait)
            yield Sleep(wait)
        wait = limiter.confirm(limiter.now())
        if wait <= 0:
            return


def _retry_after(config: ClientConfig, response: httpx.Response) -> float | None:
    wait = parse_retry_after(response.headers.get("Retry-After"))
    if wait is None and config.provider.retry_after_from_body is not None:
        try:
            body = loads(response.content)
        except ValueError:
            return None
        wait = config.provider.retry_after_from_body(body)
    return wait


# --- the messages: provider, request, the limit in force, attempts, cause


def _seconds(value: float | None) -> str:
    return "none" if value is None else f"{value:g} s"


_TIMEOUT_KINDS = {
    httpx.ConnectTimeout: "connect",
    httpx.ReadTimeout: "read",
    httpx.WriteTimeout: "write",
    httpx.PoolTimeout: "pool",
}


def _limit_in_force(config: ClientConfig, error: httpx.RequestError) -> str:
    """The timeout that fired, or, for another failure, the timeouts and the deadline."""
    timeouts = config.timeout
    for kind, name in _TIMEOUT_KINDS.items():
        if isinstance(error, kind):
            return f"{name} timeout {_seconds(getattr(timeouts, name))}"
    return (
        f"connect timeout {_seconds(timeouts.connect)}, read timeout {_seconds(timeouts.read)}, "
        f"deadline {_seconds(config.deadline)}"
    )


def _cause(config: ClientConfig, error: httpx.RequestError) -> str:
    detail = str(error)
    kind = type(error).__name__
    return config.redact(f"{kind}: {detail}" if detail else kind)


def _attempts(count: int) -> str:
    return f"{count} attempt{'' if count == 1 else 's'}"


def _connection_error(
    config: ClientConfig, request: httpx.Request, error: httpx.RequestError, attempts: int
) -> APIError:
    name = config.provider.name
    kind = APITimeoutError if isinstance(error, httpx.TimeoutException) else APIConnectionError
    what = "timed out" if kind is APITimeoutError else "failed"
    url = config.redact(str(request.url))
    return kind(
        f"{name}: {request.method} {url} {what} after {_attempts(attempts)} "
        f"({_limit_in_force(config, error)}): {_cause(config, error)}",
        request=request,
        provider=name,
    )


def _deadline_error(call: _Call, request: httpx.Request, attempts: int, cause: str) -> APIError:
    config = call.config
    name = config.provider.name
    url = config.redact(str(request.url))
    return APITimeoutError(
        f"{name}: {request.method} {url} did not complete within its deadline of "
        f"{_seconds(call.deadline.seconds)} ({_attempts(attempts)}; last: {cause})",
        request=request,
        provider=name,
    )


def _too_large(call: _Call, request: httpx.Request, body: BodyReader) -> ResponseTooLargeError:
    config = call.config
    name = config.provider.name
    limit = config.max_response_size
    assert limit is not None  # only a limit makes a body too large
    url = config.redact(str(request.url))
    return ResponseTooLargeError(
        f"{name}: {request.method} {url}: the response body is larger than max_response_size "
        f"({size_text(limit)}, counted after decompression); not read further",
        limit=limit,
        request=request,
        provider=name,
    )


def _redirect(
    config: ClientConfig, request: httpx.Request, response: httpx.Response, count: int
) -> httpx.Request:
    """The request that follows a redirect, within the same origin only.

    A redirect to another origin is not followed at all: with 307/308 httpx would send the
    body (a login's password) there, and the credential is the base URL's, not that host's.
    """
    try:
        target: httpx.URL | None = request.url.join(response.headers["Location"])
    except (httpx.InvalidURL, UnicodeError):
        target = None
    problem = None
    if target is None:
        problem = "a redirect to an invalid URL was not followed"
    elif not same_origin(target, request.url):
        problem = f"a redirect to another origin ({target.scheme}://{target.host}) was not followed"
    elif count > MAX_REDIRECTS:
        problem = f"more than {MAX_REDIRECTS} redirects"
    if problem is not None or target is None:
        raise APIStatusError(
            config.redact(problem or "redirect not followed"),
            response=response,
            body=None,
            provider=config.provider.name,
        )
    method = request.method
    keep_body = response.status_code in (307, 308)
    status = response.status_code
    if (status == 303 and method != "HEAD") or (status in (301, 302) and method == "POST"):
        method = "GET"
    headers = httpx.Headers(request.headers)
    if not keep_body or method == "GET":
        keep_body = False
        for header in ("Content-Length", "Content-Type", "Transfer-Encoding"):
            headers.pop(header, None)
    return httpx.Request(
        method,
        target,
        headers=headers,
        content=request.content if keep_body else None,
        extensions=request.extensions,
    )
