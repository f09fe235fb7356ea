"""Sending a request with retries: the decisions as one pure generator, the I/O in two shells.

`exchange` is written once, sans-I/O: it yields ``Send(request)`` and ``Sleep(seconds)`` actions
and receives each send's outcome (a response or an httpx error). It decides retries (through
`RetryPolicy`), waits for a slot of the client's `RateLimiter` before every send, logs, and
turns the final outcome into a response or an exception; with a `ResponseCache`, the cache
wraps all that (a stored response may answer without any send). `SyncShell` and `AsyncShell`
only carry the actions out: ``client.send`` and a sleep.
"""

from __future__ import annotations

import logging
import os
import sys
import time
from collections.abc import Generator
from functools import partial
from typing import TYPE_CHECKING

import httpx

from ._errors import (
    APIConnectionError,
    APIError,
    APIStatusError,
    APITimeoutError,
    ClientClosedError,
    status_error,
)
from ._json import loads
from ._record import Record
from ._retry import parse_retry_after
from ._urls import same_origin

if TYPE_CHECKING:
    from ._cache import ResponseCache
    from ._config import ClientConfig
    from ._ratelimit import RateLimiter

__all__ = ["AsyncShell", "Sleep", "Send", "SyncShell", "exchange", "logger"]

logger = logging.getLogger("attempts_sdk")


def _setup_logging() -> None:
    """``ATTEMPTS_SDK_LOG=debug|info`` switches the ``attempts_sdk`` logger on, to stderr."""
    level = os.environ.get("ATTEMPTS_SDK_LOG", "").strip().lower()
    if level not in ("debug", "info") or logger.handlers:
        return
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(name)s %(levelname)s %(message)s"))
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG if level == "debug" else logging.INFO)


_setup_logging()


class Send(Record, kw_only=False):
    """Action: send this request and give the generator the outcome."""

    request: httpx.Request


class Sleep(Record, kw_only=False):
    """Action: sleep this many seconds, then give the generator None."""

    seconds: float


Action = Send | Sleep
# httpx.InvalidURL: httpx prepares a redirect's next request even when it does not follow it,
# and raises on a Location that is no URL (the response is lost with it)
Outcome = httpx.Response | httpx.RequestError | httpx.InvalidURL | None


def _retry_after(config: ClientConfig, response: httpx.Response) -> float | None:
    wait = parse_retry_after(response.headers.get("Retry-After"))
    if wait is None and config.provider.retry_after_from_body is not None:
        try:
            body = loads(response.content)
        except ValueError:
            return None
        wait = config.provider.retry_after_from_body(body)
    return wait


def _connection_error(
    config: ClientConfig, request: httpx.Request, error: httpx.RequestError
) -> APIError:
    name = config.provider.name
    kind = APITimeoutError if isinstance(error, httpx.TimeoutException) else APIConnectionError
    what = "timed out" if kind is APITimeoutError else "failed"
    detail = config.redact(str(error) or type(error).__name__)
    url = config.redact(str(request.url))
    return kind(f"{request.method} {url} {what}: {detail}", request=request, provider=name)


MAX_REDIRECTS = 20


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


def _rate_limit(
    config: ClientConfig, limiter: RateLimiter | None
) -> Generator[Action, Outcome, None]:
    """Sleep until the client's rate limiter lets one more request go (at once without one)."""
    if limiter is None:
        return
    wait = limiter.reserve(limiter.now())
    while True:
        if wait > 0:
            logger.debug("%s: rate limit, sending in %.3fs", config.provider.name, wait)
            yield Sleep(wait)
        wait = limiter.confirm(limiter.now())
        if wait <= 0:
            return


def exchange(
    config: ClientConfig,
    request: httpx.Request,
    cache: ResponseCache | None = None,
    limiter: RateLimiter | None = None,
) -> Generator[Action, Outcome, httpx.Response]:
    """Answer ``request``: from the client's ``cache`` when it has one and RFC 9111 allows,
    else by sending it until it succeeds or the retry policy gives up, each send waiting for a
    slot of ``limiter``. Sans-I/O: yields actions (only the cache's storage is read and
    written in place, and the limiter's schedule updated).

    Returns the successful response; raises `APIStatusError` (by status), `APITimeoutError` or
    `APIConnectionError`.
    """
    send = partial(_send_with_retries, config, limiter=limiter)
    if cache is None:
        return (yield from send(request))
    return (yield from cache.exchange(request, send))


def _send_with_retries(
    config: ClientConfig, request: httpx.Request, limiter: RateLimiter | None
) -> Generator[Action, Outcome, httpx.Response]:
    name = config.provider.name
    url = config.redact(str(request.url))
    attempt = 0
    redirects = 0
    while True:
        yield from _rate_limit(config, limiter)
        outcome = yield Send(request)
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
            decision = config.retry.decide(attempt, request, error=outcome)
            if not decision.retry:
                raise _connection_error(config, request, outcome) from outcome
            reason = type(outcome).__name__
        elif isinstance(outcome, httpx.InvalidURL):
            raise APIConnectionError(
                f"{request.method} {url}: the server redirected to an invalid URL; not followed",
                request=request,
                provider=name,
            )
        else:  # pragma: no cover - a shell bug, not a runtime condition
            raise TypeError(f"exchange expected a response or an httpx error, got {outcome!r}")
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


async def _async_sleep(seconds: float) -> None:
    """``anyio.sleep`` (asyncio or trio), imported on the first wait, not at import time."""
    import anyio

    await anyio.sleep(seconds)


def _detached(response: httpx.Response) -> httpx.Response:
    """The response with its (fully read) body as its stream.

    httpx 0.28 binds a response's stream to the response (a reference cycle, encode/httpx#3733),
    so every page body stayed in memory until a full garbage collection; a walk over 200 000
    items held dozens of them at once.
    """
    response.stream = httpx.ByteStream(response.content)
    return response


def _closed(config: ClientConfig) -> ClientClosedError:
    return ClientClosedError(f"{config.provider.name}: the client is closed")


class SyncShell:
    """Carries out `exchange` with an `httpx.Client`. No decisions here.

    ``closed`` is set by the client's ``close()``: from then on every send (a paginator's
    included) raises `ClientClosedError`, also for an ``http_client`` you closed yourself.
    """

    def __init__(
        self,
        client: httpx.Client,
        config: ClientConfig,
        cache: ResponseCache | None = None,
        limiter: RateLimiter | None = None,
    ) -> None:
        self.client = client
        self._config = config
        self._cache = cache
        self._limiter = limiter
        self.closed = False

    def send(self, request: httpx.Request) -> httpx.Response:
        if self.closed:  # before the exchange: a cached answer must not outlive close()
            raise _closed(self._config)
        flow = exchange(self._config, request, self._cache, self._limiter)
        outcome: Outcome = None  # the first send starts the generator
        while True:
            try:
                action = flow.send(outcome)
            except StopIteration as done:  # also at once: an answer from the cache
                return done.value  # type: ignore[no-any-return]
            outcome = None
            if isinstance(action, Sleep):
                time.sleep(action.seconds)
            else:
                outcome = self._send(action.request)

    def _send(
        self, request: httpx.Request
    ) -> httpx.Response | httpx.RequestError | httpx.InvalidURL:
        if self.closed or self.client.is_closed:
            raise _closed(self._config)
        try:
            return _detached(
                self.client.send(request, auth=self._config.auth, follow_redirects=False)
            )
        except (httpx.RequestError, httpx.InvalidURL) as exc:
            if self.closed or self.client.is_closed:  # closed under a request in flight
                raise _closed(self._config) from exc
            return exc
        except RuntimeError as exc:  # httpx's "client has been closed", in a race with close()
            if self.client.is_closed:
                raise _closed(self._config) from exc
            raise


class AsyncShell:
    """Carries out `exchange` with an `httpx.AsyncClient`. No decisions here (``closed`` as in
    `SyncShell`)."""

    def __init__(
        self,
        client: httpx.AsyncClient,
        config: ClientConfig,
        cache: ResponseCache | None = None,
        limiter: RateLimiter | None = None,
    ) -> None:
        self.client = client
        self._config = config
        self._cache = cache
        self._limiter = limiter
        self.closed = False

    async def send(self, request: httpx.Request) -> httpx.Response:
        if self.closed:
            raise _closed(self._config)
        flow = exchange(self._config, request, self._cache, self._limiter)
        outcome: Outcome = None  # the first send starts the generator
        while True:
            try:
                action = flow.send(outcome)
            except StopIteration as done:  # also at once: an answer from the cache
                return done.value  # type: ignore[no-any-return]
            outcome = None
            if isinstance(action, Sleep):
                await _async_sleep(action.seconds)
            else:
                outcome = await self._send(action.request)

    async def _send(
        self, request: httpx.Request
    ) -> httpx.Response | httpx.RequestError | httpx.InvalidURL:
        if self.closed or self.client.is_closed:
            raise _closed(self._config)
        try:
            return _detached(
                await self.client.send(request, auth=self._config.auth, follow_redirects=False)
            )
        except (httpx.RequestError, httpx.InvalidURL) as exc:
            if self.closed or self.client.is_closed:
                raise _closed(self._config) from exc
            return exc
        except RuntimeError as exc:
            if self.client.is_closed:
                raise _closed(self._config) from exc
            raise
