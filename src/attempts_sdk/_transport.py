"""The two I/O shells that carry out `exchange` (``_exchange.py``): `SyncShell` with an
`httpx.Client`, `AsyncShell` with an `httpx.AsyncClient`. They send, read a body through the
exchange's `BodyReader` and sleep; every decision is the exchange's or the reader's.

A body is read as a stream of raw chunks, so that its size is counted as it arrives
(``max_response_size``) and a read can be cut at the call's deadline: the async shell cancels
it, the sync shell has `_watchdog` shut the socket down under it.
"""

from __future__ import annotations

import logging
import os
import sys
import threading
import time
from typing import TYPE_CHECKING

import httpx

from ._errors import ClientClosedError
from ._exchange import Outcome, Send, Sleep, exchange
from ._limits import BodyReader
from ._watchdog import cut_after, socket_of

if TYPE_CHECKING:
    from ._cache import ResponseCache
    from ._config import ClientConfig
    from ._ratelimit import RateLimiter

__all__ = ["Abandoned", "AsyncShell", "SyncShell", "logger"]

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


class Abandoned(Exception):
    """Nobody waits for this request any more (a concurrent walk was left): raised, instead of
    a retry, in a worker thread whose result is dropped."""


async def _async_sleep(seconds: float) -> None:
    """``anyio.sleep`` (asyncio or trio), imported on the first wait, not at import time."""
    import anyio

    await anyio.sleep(seconds)


def _with_body(response: httpx.Response, content: bytes) -> httpx.Response:
    """The response, closed, holding its decoded body as if httpx had read it.

    The body becomes its stream too: httpx 0.28 binds a response's stream to the response (a
    reference cycle, encode/httpx#3733), so every page body stayed in memory until a full
    garbage collection; a walk over 200 000 items held dozens of them at once.
    """
    response._content = content  # what httpx's own read() sets; it has no public setter
    response.stream = httpx.ByteStream(content)
    return response


def _deadline_cut(request: httpx.Request) -> httpx.ReadTimeout:
    return httpx.ReadTimeout("cut at the call's deadline", request=request)


def _closed(config: ClientConfig) -> ClientClosedError:
    return ClientClosedError(f"{config.provider.name}: the client is closed")


Result = httpx.Response | httpx.RequestError | httpx.InvalidURL


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

    def send(
        self,
        request: httpx.Request,
        abandoned: threading.Event | None = None,
        *,
        config: ClientConfig | None = None,
    ) -> httpx.Response:
        """Answer ``request`` (see `exchange`) with the client's configuration, or one call's
        ``config``. Once ``abandoned`` is set, nothing more is sent or waited for: `Abandoned`
        is raised instead."""
        if self.closed:  # before the exchange: a cached answer must not outlive close()
            raise _closed(self._config)
        flow = exchange(config or self._config, request, self._cache, self._limiter)
        outcome: Outcome = None  # the first send starts the generator
        while True:
            try:
                action = flow.send(outcome)
            except StopIteration as done:  # also at once: an answer from the cache
                return done.value  # type: ignore[no-any-return]
            outcome = None
            if isinstance(action, Sleep):
                if abandoned is None:
                    time.sleep(action.seconds)
                elif abandoned.wait(action.seconds):
                    raise Abandoned
            elif abandoned is not None and abandoned.is_set():
                raise Abandoned
            else:
                outcome = self._send(action)

    def _send(self, action: Send) -> Result:
        if self.closed or self.client.is_closed:
            raise _closed(self._config)
        request = action.request
        try:
            response = self.client.send(
                request, auth=self._config.auth, follow_redirects=False, stream=True
            )
        except (httpx.RequestError, httpx.InvalidURL) as exc:
            return self._failed(exc)
        except RuntimeError as exc:  # httpx's "client has been closed", in a race with close()
            if self.client.is_closed:
                raise _closed(self._config) from exc
            raise
        left = action.body.left()
        cut = socket_of(response.extensions) if left is not None else None
        watch = cut_after(left, cut) if left is not None and cut is not None else None
        failure: httpx.RequestError | None = None
        try:
            _read(response, action.body)
        except httpx.RequestError as exc:
            failure = exc
        finally:
            # disarmed before the connection can go back to the pool, never after
            was_cut = watch is not None and watch.cancel()
            response.close()
        if was_cut:  # the cut ends a read like an error, or like the end of the body
            return _deadline_cut(request)
        if failure is not None:
            return failure
        return _with_body(response, action.body.content())

    def _failed(self, error: httpx.RequestError | httpx.InvalidURL) -> Result:
        if self.closed or self.client.is_closed:  # closed under a request in flight
            raise _closed(self._config) from error
        return error


def _read(response: httpx.Response, body: BodyReader) -> None:
    if response.is_stream_consumed:  # an in-memory transport read it already
        body.whole(response.content)
    elif body.open(response):
        for chunk in response.iter_raw():
            if not body.feed(chunk):
                return
        body.finish()


async def _aread(response: httpx.Response, body: BodyReader) -> None:
    if response.is_stream_consumed:
        body.whole(response.content)
    elif body.open(response):
        async for chunk in response.aiter_raw():
            if not body.feed(chunk):
                return
        body.finish()


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

    async def send(
        self, request: httpx.Request, *, config: ClientConfig | None = None
    ) -> httpx.Response:
        """Answer ``request`` (see `exchange`) with the client's configuration, or one call's
        ``config``."""
        if self.closed:
            raise _closed(self._config)
        flow = exchange(config or self._config, request, self._cache, self._limiter)
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
                outcome = await self._send(action)

    async def _send(self, action: Send) -> Result:
        import anyio  # as for sleeping: loaded by any event loop already

        if self.closed or self.client.is_closed:
            raise _closed(self._config)
        request = action.request
        try:
            with anyio.fail_after(action.body.left()):  # the whole send and read
                return await self._send_and_read(request, action.body)
        except TimeoutError:
            return _deadline_cut(request)
        except (httpx.RequestError, httpx.InvalidURL) as exc:
            if self.closed or self.client.is_closed:
                raise _closed(self._config) from exc
            return exc
        except RuntimeError as exc:
            if self.client.is_closed:
                raise _closed(self._config) from exc
            raise

    async def _send_and_read(self, request: httpx.Request, body: BodyReader) -> httpx.Response:
        import anyio

        response = await self.client.send(
            request, auth=self._config.auth, follow_redirects=False, stream=True
        )
        try:
            await _aread(response, body)
        finally:
            with anyio.CancelScope(shield=True):  # closed even when the deadline cut the read
                await response.aclose()
        return _with_body(response, body.content())
