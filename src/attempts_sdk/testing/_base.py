"""What every fake provider shares: call recording, the auth check, fault injection, latency,
an httpx transport (sync and async) and a real HTTP server on 127.0.0.1.

A provider's fake subclasses `FakeAPI` and writes one method, ``route(request)``: a request
handler over its in-memory store. Everything else is here, once.
"""

from __future__ import annotations

import hashlib
import json
import socket
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from email.utils import format_datetime, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING, Any, ClassVar, Generic

import anyio
import httpx
from typing_extensions import TypeVar

from .._base_client import AsyncAPIClient, SyncAPIClient
from .._request import fmt_iso8601

if TYPE_CHECKING:
    from typing_extensions import Unpack

    from .._base_client import AsyncClientOptions, SyncClientOptions

__all__ = ["FakeAPI", "FakeTransport", "iso_ms", "json_response"]

Handler = Callable[[httpx.Request], httpx.Response]
# defaults (PEP 696): a bare ``FakeAPI`` annotation stays valid under mypy --strict; covariant:
# every fake is a ``FakeAPI``
C = TypeVar("C", bound=SyncAPIClient, default=SyncAPIClient, covariant=True)
AC = TypeVar("AC", bound=AsyncAPIClient, default=AsyncAPIClient, covariant=True)


def iso_ms(moment: datetime) -> str:
    """A timestamp as Testpress, Thought Industries and Indeed write it: UTC, milliseconds,
    ``Z`` (the same form the clients send, `fmt_iso8601`)."""
    return fmt_iso8601("timestamp", moment)


def json_response(
    body: Any, status: int = 200, headers: dict[str, str] | None = None
) -> httpx.Response:
    """A JSON response."""
    return httpx.Response(
        status,
        content=json.dumps(body).encode(),
        headers={"Content-Type": "application/json", **(headers or {})},
    )


class FakeTransport(httpx.BaseTransport, httpx.AsyncBaseTransport):
    """An httpx transport for a fake, usable by both `httpx.Client` and `httpx.AsyncClient`.

    Latency is slept with ``time.sleep`` for sync clients and ``anyio.sleep`` for async ones, so
    an async client's event loop is never blocked.
    """

    def __init__(self, fake: FakeAPI) -> None:
        self._fake = fake

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        request.read()
        if self._fake.latency > 0:
            time.sleep(self._fake.latency)
        return self._fake.handle(request)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        await request.aread()
        if self._fake.latency > 0:
            await anyio.sleep(self._fake.latency)
        return self._fake.handle(request)


class FakeAPI(Generic[C, AC]):
    """Base of the fakes of the four providers, generic in the provider's sync and async
    client classes (which `client` and `async_client` return).

    Attributes:
        base_url: where a client should point (the served URL while `serve` runs).
        calls: ``(method, path)`` of every request received, in order.
        latency: seconds added to every response.
        not_modified: how many requests were answered ``304 Not Modified`` (see `conditional`).
    """

    provider: ClassVar[str]
    auth_scheme: ClassVar[str]
    default_host: ClassVar[str]

    def __init__(self, *, credential: str, base_path: str = "") -> None:
        self._credential = credential
        self._base_path = base_path
        self.base_url: str = f"https://{self.default_host}{base_path}"
        self.calls: list[tuple[str, str]] = []
        self.latency: float = 0.0
        self.not_modified: int = 0
        self._faults: deque[tuple[int, float | None]] = deque()
        self._drops = 0
        self._lock = threading.RLock()

    # --- clients

    def client(self, *, credential: str | None = None, **options: Unpack[SyncClientOptions]) -> C:
        """A sync client of this fake's provider, answered in memory by this fake: its base URL,
        its transport and a credential it accepts, with no client-side rate limit (a fake needs
        none). Close it after use.

        Args:
            credential: the credential to send (e.g. ``fake.admin_token``); default: the fake's
                attribute named like the client's keyword (``fake.token``, ``fake.api_key``).
            **options: the client's own options (``max_retries=0``, ``rate_limit=...``).
        """
        client: C = self._client(credential, options, asynchronous=False)
        return client

    def async_client(
        self, *, credential: str | None = None, **options: Unpack[AsyncClientOptions]
    ) -> AC:
        """The async twin of `client`."""
        client: AC = self._client(credential, options, asynchronous=True)
        return client

    def _client(self, credential: str | None, options: Any, *, asynchronous: bool) -> Any:
        from .._registry import provider_of_fake  # here: the registry imports every provider

        entry = provider_of_fake(type(self))
        if credential is not None:
            options[entry.credential] = credential
        return entry.client_for(self, asynchronous=asynchronous, **options)

    # --- fault injection

    def fail_next(self, n: int = 1, *, status: int = 503, retry_after: float | None = None) -> None:
        """Answer the next ``n`` requests with ``status`` (429 and others may carry a
        ``Retry-After`` header of ``retry_after`` seconds)."""
        if n < 0:
            raise ValueError("n must be >= 0")
        with self._lock:
            self._faults.extend([(status, retry_after)] * n)

    def drop_next(self, n: int = 1) -> None:
        """On a served fake, close the next ``n`` connections before any response."""
        if n < 0:
            raise ValueError("n must be >= 0")
        with self._lock:
            self._drops += n

    def _take_drop(self) -> bool:
        with self._lock:
            if self._drops:
                self._drops -= 1
                return True
            return False

    # --- request handling

    @property
    def transport(self) -> FakeTransport:
        """An httpx transport answering from this fake (pass as ``transport=``)."""
        return FakeTransport(self)

    def handle(self, request: httpx.Request) -> httpx.Response:
        """Answer one request: record it, apply faults, check auth, then route it. Every
        answer carries an ``X-Request-Id`` (``req-1``, ``req-2``, ...), as API gateways send."""
        path = request.url.path
        if self._base_path and path.startswith(self._base_path):
            path = path[len(self._base_path) :] or "/"
        with self._lock:
            self.calls.append((request.method, path))
            request_id = f"req-{len(self.calls)}"
            fault = self._faults.popleft() if self._faults else None
        if fault is not None:
            response = self.fault_response(*fault)
        elif not self.authorized(request, path):
            response = json_response(self.error_body(401, "invalid or missing credentials"), 401)
        else:
            with self._lock:
                response = self.route(request, path)
        response.headers.setdefault("X-Request-Id", request_id)
        return response

    def authorized(self, request: httpx.Request, path: str) -> bool:
        """Whether the request carries this fake's credential (override for public paths or
        several users)."""
        expected = f"{self.auth_scheme} {self._credential}"
        return bool(request.headers.get("Authorization") == expected)

    def route(self, request: httpx.Request, path: str) -> httpx.Response:
        """Answer an authenticated request for ``path`` (below the base path)."""
        raise NotImplementedError

    def fault_response(self, status: int, retry_after: float | None) -> httpx.Response:
        """The answer to a request hit by `fail_next` (override for providers that also put
        the wait in the body)."""
        headers = {"Retry-After": f"{retry_after:g}"} if retry_after is not None else None
        return json_response(self.error_body(status, "injected fault"), status, headers)

    def error_body(self, status: int, message: str) -> Any:
        """The provider's error body for ``status``."""
        raise NotImplementedError

    def conditional(
        self,
        request: httpx.Request,
        response: httpx.Response,
        *,
        last_modified: datetime | None = None,
    ) -> httpx.Response:
        """A 200 answer to a GET, made revalidatable as HTTP caches expect (RFC 9110 §13).

        It gets an ``ETag`` (a hash of its body) and, when given, ``Last-Modified``. When the
        request's ``If-None-Match`` names that ETag, or, without ``If-None-Match``, its
        ``If-Modified-Since`` is not before ``last_modified``, the answer is ``304 Not
        Modified`` instead: those two headers, no body (and `not_modified` counts it).
        """
        if request.method != "GET" or response.status_code != 200:
            return response
        headers = {"ETag": f'"{hashlib.sha256(response.read()).hexdigest()[:32]}"'}
        if last_modified is not None:
            last_modified = last_modified.astimezone(timezone.utc).replace(microsecond=0)
            headers["Last-Modified"] = format_datetime(last_modified, usegmt=True)
        if _unchanged(request.headers, headers["ETag"], last_modified):
            with self._lock:
                self.not_modified += 1
            return httpx.Response(304, headers=headers)
        response.headers.update(headers)
        return response

    def not_found(self) -> httpx.Response:
        return json_response(self.error_body(404, "Not found."), 404)

    @staticmethod
    def origin(request: httpx.Request) -> str:
        """``scheme://host[:port]`` of a request: absolute links point back at whoever asked."""
        url = request.url
        port = f":{url.port}" if url.port else ""
        return f"{url.scheme}://{url.host}{port}"

    # --- a real server

    @contextmanager
    def serve(self) -> Iterator[str]:
        """Run this fake as an HTTP server on 127.0.0.1 (a free port) in a thread; yields its
        base URL, which is also ``self.base_url`` until the block ends."""
        server = _QuietServer(("127.0.0.1", 0), _make_handler(self))
        server.daemon_threads = True
        thread = threading.Thread(
            target=server.serve_forever,
            kwargs={"poll_interval": 0.05},  # the default 0.5 s poll slows every shutdown
            name=f"fake-{self.provider}",
        )
        thread.daemon = True
        thread.start()
        previous = self.base_url
        port = server.server_address[1]
        self.base_url = f"http://127.0.0.1:{port}{self._base_path}"
        try:
            yield self.base_url
        finally:
            self.base_url = previous
            server.shutdown()
            server.server_close()
            thread.join(timeout=5)


def _unchanged(headers: httpx.Headers, etag: str, last_modified: datetime | None) -> bool:
    """RFC 9110 §13.2.2: ``If-None-Match`` (weak comparison) decides; without it,
    ``If-Modified-Since``."""
    if_none_match = headers.get("If-None-Match")
    if if_none_match is not None:
        tags = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
        return "*" in tags or etag in tags
    since = headers.get("If-Modified-Since")
    if since is None or last_modified is None:
        return False
    try:
        moment = parsedate_to_datetime(since)
    except (TypeError, ValueError):  # an invalid date is ignored, as the RFC says
        return False
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return last_modified <= moment


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that hung up (a timeout, a deadline, a walk left early) is no error of
        the fake: only the rest is printed, as `socketserver` does."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


def _make_handler(fake: FakeAPI) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        # headers and body are written apart: without this, Nagle's algorithm and delayed ACKs
        # add ~40 ms to every served request
        disable_nagle_algorithm = True

        def _answer(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            if fake._take_drop():
                self.close_connection = True
                self.connection.shutdown(socket.SHUT_RDWR)
                return
            host = self.headers.get("Host") or "127.0.0.1"
            request = httpx.Request(
                self.command,
                f"http://{host}{self.path}",
                headers=list(self.headers.items()),
                content=body,
            )
            if fake.latency > 0:
                time.sleep(fake.latency)
            response = fake.handle(request)
            content = response.read()
            self.send_response(response.status_code)
            for name, value in response.headers.items():
                if name.lower() not in ("content-length", "transfer-encoding", "connection"):
                    self.send_header(name, value)
            self.send_header("Content-Length", str(len(content)))
            self.end_headers()
            self.wfile.write(content)

        do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = _answer

        def log_message(self, format: str, *args: Any) -> None:
            """Quiet: the fake's ``calls`` is its log."""

    return Handler
