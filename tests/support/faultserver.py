"""Fault injection over real sockets: a stdlib HTTP server for the faults the fakes cannot
make, the table of provider clients the faults run against, and the fault scenarios.

`FaultServer` listens on 127.0.0.1 (a free port) and answers every request from an upstream
fake (`attempts_sdk.testing`), unless a rule injected with `FaultServer.inject` picks the
request: then it answers with a made-up status, drops the connection (before or after the fake
handled the request), truncates the body, stalls, redirects, or rewrites the fake's answer. It
records every request it receives, faulted or not, in ``requests``.

A scenario builds a fake and its servers, makes one call (or one list walk) through a provider
client, and returns an `Outcome`: what the call returned or raised, how many requests the
servers saw, and ``problems``, the ways the outcome differs from the documented behaviour.
tests/test_faults.py asserts on outcomes; examples/reliability_report.py tallies them.
"""

from __future__ import annotations

import email.utils
import functools
import gzip
import itertools
import json
import socket
import ssl
import sys
import threading
import time
import traceback
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import SimpleNamespace, TracebackType
from typing import Any, Protocol, TypeVar
from unittest import mock

import attrs
import httpx

from attempts_sdk import (
    APIConnectionError,
    APIError,
    APIStatusError,
    APITimeoutError,
    AsyncPaginator,
    AttemptsSDKError,
    AuthenticationError,
    DecodeError,
    InternalServerError,
    Page,
    PaginationError,
    Paginator,
    RateLimitError,
    ResponseTooLargeError,
    RetryPolicy,
)
from attempts_sdk._json import JSONValue
from attempts_sdk.cleverlms import AsyncCleverLMSClient, CleverLMSClient
from attempts_sdk.indeed import AsyncIndeedClient, IndeedClient
from attempts_sdk.testing import (
    FakeAPI,
    FakeCleverLMS,
    FakeIndeed,
    FakeTestpress,
    FakeThoughtIndustries,
)
from attempts_sdk.testpress import AsyncTestpressClient, TestpressClient
from attempts_sdk.thoughtindustries import AsyncThoughtIndustriesClient, ThoughtIndustriesClient

__all__ = [
    "CASES",
    "HTML_PAGES",
    "Drop",
    "FaultServer",
    "Outcome",
    "ProviderCase",
    "Recorded",
    "Redirect",
    "Reply",
    "Rewrite",
    "Runner",
    "Stall",
    "Stream",
    "Truncate",
    "report_plan",
]

T = TypeVar("T")

MAX_RETRIES = 2
MAX_REDIRECTS = 20  # httpx's default, and the SDK's
NO_WAIT = RetryPolicy(max_retries=MAX_RETRIES, initial_delay=0.0)
"""The policy of every client here: 2 retries, no backoff (the tests stay fast)."""
TIMEOUT = 0.2
"""The client timeout of the slow-server scenario; the server stalls `STALL` seconds."""
STALL = 1.0
DRILL_EXAM = "fault-drill"
_TLS = ssl.create_default_context()
DRILL_TIME = 1_717_000_000.0  # the Testpress fake's clock: every attempt has the same date

# --- fault classes (the rows of the reliability report)

F_BURST = "5xx burst within max_retries"
F_BURST_LONG = "error burst beyond max_retries"
F_RETRY_AFTER = "429 Retry-After in seconds"
F_RETRY_DATE = "429 Retry-After as an HTTP date"
F_DROP_GET = "connection dropped before the response (GET)"
F_DROP_POST = "connection dropped after a POST was sent"
F_TRUNCATED = "body truncated mid-response"
F_SLOW = "server slower than the timeout"
F_HTML = "HTML or non-JSON body"
F_REDIRECT_CROSS = "redirect to another origin"
F_REDIRECT_SAME = "same-origin redirect"
F_REDIRECT_LOOP = "redirect loop"
F_LOOP = "looping next link, cursor or page"
F_EXPORT = "every 3rd request fails in a >=100-item export"
F_PERSISTENT = "persistent fault: at most max_retries+1 attempts"
F_REFUSED = "connection refused"
F_RETRY_FLOOR = "Retry-After 0, negative or in the past"
F_OVERSIZED = "body over max_response_size (bomb, endless)"
F_DEADLINE = "server holding a call past its deadline"


# --- the fault server


@attrs.frozen
class Recorded:
    """One request a `FaultServer` received.

    Attributes:
        headers: lower-cased names.
        fault: the name of the fault injected into its answer, or None.
    """

    method: str
    path: str
    query: str
    headers: Mapping[str, str]
    body: bytes
    fault: str | None = None

    def contains(self, secret: str) -> bool:
        """Whether ``secret`` appears anywhere in the request: path, query, headers, body."""
        text = " ".join([self.path, self.query, *self.headers.values()])
        return secret in text or secret.encode() in self.body


@attrs.frozen
class Reply:
    """Answer with this status, body and headers instead of asking the upstream fake,
    ``delay`` seconds after the request arrived."""

    status: int
    body: bytes = b""
    headers: Mapping[str, str] = attrs.field(factory=dict)
    name: str = "reply"
    delay: float = 0.0


@attrs.frozen
class Drop:
    """Close the connection without any response. ``after_upstream``: let the fake handle the
    request first (it took effect; only the answer is lost)."""

    after_upstream: bool = False
    name: str = "drop"


@attrs.frozen
class Truncate:
    """Send the fake's answer with its full ``Content-Length`` but only ``keep`` of the body,
    then close the connection."""

    keep: float = 0.5
    name: str = "truncate"


@attrs.frozen
class Stall:
    """Wait ``seconds`` before answering (cut short when the server stops)."""

    seconds: float
    name: str = "stall"


@attrs.frozen
class Redirect:
    """Answer ``status`` with ``Location: <to><the request's path and query>``; ``to`` is
    another server's origin, or "" for a same-origin (relative) redirect."""

    to: str = ""
    status: int = 302
    name: str = "redirect"


@attrs.frozen
class Rewrite:
    """Ask the fake, then change its JSON answer: ``url`` edits the URL the fake is asked for,
    ``body`` edits the body it answered (given the request's URL as the server saw it)."""

    url: Callable[[httpx.URL], httpx.URL] | None = None
    body: Callable[[httpx.URL, JSONValue], JSONValue] | None = None
    name: str = "rewrite"


@attrs.frozen
class Stream:
    """Answer ``status`` with ``headers`` and the body ``chunks()`` makes, made and written one
    chunk at a time (a body of gigabytes costs the server nothing), ``interval`` seconds
    apart, until the chunks end or the client hangs up. Without a ``Content-Length`` in
    ``headers`` the body ends when the connection closes."""

    chunks: Callable[[], Iterable[bytes]]
    headers: Mapping[str, str] = attrs.field(factory=dict)
    interval: float = 0.0
    status: int = 200
    name: str = "stream"


Fault = Reply | Drop | Truncate | Stall | Redirect | Rewrite | Stream


@attrs.define
class _Rule:
    fault: Fault
    times: int | None
    every: int
    after: int
    match: Callable[[Recorded], bool] | None
    seen: int = 0

    def applies(self, request: Recorded) -> bool:
        if self.times == 0 or (self.match is not None and not self.match(request)):
            return False
        self.seen += 1
        if self.seen <= self.after or (self.seen - self.after) % self.every:
            return False
        if self.times is not None:
            self.times -= 1
        return True


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False  # a stalled handler must not hold up the end of a test

    def __init__(self, owner: FaultServer) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.owner = owner

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that hung up is expected here; anything else is kept for the scenario."""
        error = sys.exc_info()[1]
        if not isinstance(error, (ConnectionError, TimeoutError)):
            self.owner.errors.append(traceback.format_exc())


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True
    server: _Server

    def _answer(self) -> None:
        self.server.owner._serve(self)

    do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = _answer

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: ``FaultServer.requests`` is the log."""


class FaultServer:
    """An HTTP server on 127.0.0.1 that answers from ``upstream`` and injects faults.

    Args:
        upstream: the fake that answers the requests no fault picks (without one: 404).
        host: the host name clients use for it: ``127.0.0.1`` or ``localhost`` (another
            origin on the same interface).
        anonymous_auth: an ``Authorization`` value to hand the fake for requests that carry
            none: the server then stands for an origin that serves its data to anyone.

    Attributes:
        requests: every request received, in order.
        injected: how many answers were faulted.
        streamed: the body bytes `Stream` answers put on the wire.
        errors: tracebacks of the server's own failures (a scenario treats any as a problem).
    """

    def __init__(
        self,
        upstream: FakeAPI | None = None,
        *,
        host: str = "127.0.0.1",
        anonymous_auth: str | None = None,
    ) -> None:
        self.upstream = upstream
        self.host = host
        self.anonymous_auth = anonymous_auth
        self.requests: list[Recorded] = []
        self.injected = 0
        self.streamed = 0
        self.errors: list[str] = []
        self._rules: list[_Rule] = []
        self._lock = threading.Lock()
        self._closing = threading.Event()
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    def inject(
        self,
        fault: Fault,
        *,
        times: int | None = 1,
        every: int = 1,
        after: int = 0,
        match: Callable[[Recorded], bool] | None = None,
    ) -> FaultServer:
        """Fault the answers to matching requests: skip the first ``after``, then fault every
        ``every``-th one, ``times`` times (None: without end). Rules are tried in order."""
        if every < 1 or after < 0 or (times is not None and times < 0):
            raise ValueError("need every >= 1, after >= 0, times >= 0")
        with self._lock:
            self._rules.append(_Rule(fault, times, every, after, match))
        return self

    # --- lifecycle

    def start(self) -> None:
        self._server = _Server(self)
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.01},
            name=f"fault-server-{self.host}",
            daemon=True,
        )
        self._thread.start()

    def stop(self) -> None:
        self._closing.set()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> FaultServer:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    @property
    def origin(self) -> str:
        """``http://<host>:<port>``."""
        assert self._server is not None, "start the server first"
        return f"http://{self.host}:{self._server.server_address[1]}"

    @property
    def base_url(self) -> str:
        """The origin plus the upstream fake's base path (Indeed's ``/v1``)."""
        path = httpx.URL(self.upstream.base_url).path if self.upstream is not None else ""
        return self.origin + path.rstrip("/")

    # --- answering

    def _choose(self, request: Recorded) -> Fault | None:
        with self._lock:
            for rule in self._rules:
                if rule.applies(request):
                    self.injected += 1
                    return rule.fault
            return None

    def _serve(self, handler: _Handler) -> None:
        length = int(handler.headers.get("Content-Length") or 0)
        body = handler.rfile.read(length) if length else b""
        path, _, query = handler.path.partition("?")
        seen = Recorded(
            method=handler.command,
            path=path,
            query=query,
            headers={name.lower(): value for name, value in handler.headers.items()},
            body=body,
        )
        fault = self._choose(seen)
        with self._lock:
            self.requests.append(attrs.evolve(seen, fault=fault.name if fault else None))
        host = handler.headers.get("Host") or self.host
        url = httpx.URL(f"http://{host}{handler.path}")
        forwarded = httpx.Headers(list(handler.headers.items()))
        if self.anonymous_auth is not None and "Authorization" not in forwarded:
            forwarded["Authorization"] = self.anonymous_auth
        request = httpx.Request(handler.command, url, headers=forwarded, content=body)
        if isinstance(fault, Stall):
            if self._closing.wait(fault.seconds):
                handler.close_connection = True
                return
            fault = None
        if isinstance(fault, Drop):
            if fault.after_upstream:
                self._ask_upstream(request, None)
            _hang_up(handler)
        elif isinstance(fault, Reply):
            if fault.delay and self._closing.wait(fault.delay):
                handler.close_connection = True
                return
            _write(handler, fault.status, fault.headers.items(), fault.body)
        elif isinstance(fault, Redirect):
            location = fault.to + handler.path
            _write(handler, fault.status, [("Location", location)], b"")
        elif isinstance(fault, Stream):
            self._stream(handler, fault)
        else:
            status, headers, content = self._ask_upstream(request, fault)
            if isinstance(fault, Truncate):
                cut = content[: int(len(content) * fault.keep)]
                _write(handler, status, headers, cut, length=len(content))
                _hang_up(handler)
            else:
                _write(handler, status, headers, content)

    def _stream(self, handler: _Handler, fault: Stream) -> None:
        handler.close_connection = True
        handler.send_response(fault.status)
        for name, value in fault.headers.items():
            handler.send_header(name, value)
        handler.send_header("Connection", "close")
        handler.end_headers()
        try:
            handler.wfile.flush()
            for chunk in fault.chunks():
                if self._closing.wait(fault.interval) if fault.interval else self._closing.is_set():
                    return
                handler.wfile.write(chunk)
                handler.wfile.flush()
                with self._lock:
                    self.streamed += len(chunk)
        except OSError:  # the client hung up: what a limit or a deadline is for
            return

    def _ask_upstream(
        self, request: httpx.Request, fault: Rewrite | Truncate | None
    ) -> tuple[int, list[tuple[str, str]], bytes]:
        if self.upstream is None:
            body = json.dumps({"detail": "no upstream"}).encode()
            return 404, [("Content-Type", "application/json")], body
        if isinstance(fault, Rewrite) and fault.url is not None:
            request = httpx.Request(
                request.method,
                fault.url(request.url),
                headers=request.headers,
                content=request.content,
            )
        response = self.upstream.handle(request)
        content = response.read()
        if isinstance(fault, Rewrite) and fault.body is not None:
            content = json.dumps(fault.body(request.url, json.loads(content))).encode()
        return response.status_code, response.headers.multi_items(), content


def _write(
    handler: _Handler,
    status: int,
    headers: Iterable[tuple[str, str]],
    content: bytes,
    *,
    length: int | None = None,
) -> None:
    handler.send_response(status)
    for name, value in headers:
        if name.lower() not in ("content-length", "transfer-encoding", "connection"):
            handler.send_header(name, value)
    handler.send_header("Content-Length", str(len(content) if length is None else length))
    handler.end_headers()
    handler.wfile.write(content)


def _hang_up(handler: _Handler) -> None:
    handler.close_connection = True
    try:
        handler.wfile.flush()
        handler.connection.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass


def free_port() -> int:
    """A port on 127.0.0.1 nothing listens on (bound, then released)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextmanager
def recorded_sleeps() -> Iterator[list[float]]:
    """Record the retry waits of both shells (`attempts_sdk._transport`) instead of sleeping."""
    waits: list[float] = []

    async def async_sleep(seconds: float) -> None:
        waits.append(seconds)

    with (
        mock.patch("attempts_sdk._transport.time", SimpleNamespace(sleep=waits.append)),
        mock.patch("attempts_sdk._transport._async_sleep", async_sleep),
    ):
        yield waits


def error_reply(fake: FakeAPI, status: int, headers: Mapping[str, str] | None = None) -> Reply:
    """The provider's own JSON error body for ``status``, as its fake writes it."""
    body = json.dumps(fake.error_body(status, "injected fault")).encode()
    return Reply(
        status,
        body,
        {"Content-Type": "application/json", **(headers or {})},
        name=f"HTTP {status}",
    )


# --- HTML and broken bodies

NGINX_502 = (
    "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
    "<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n"
    "</body>\r\n</html>\r\n"
)
CDN_502 = (
    '<!DOCTYPE html>\n<html lang="en-US">\n<head>\n<meta charset="UTF-8" />\n'
    "<title>example.com | 502: Bad gateway</title>\n"
    + "<style>body{font-family:system-ui,sans-serif;margin:0;padding:0}</style>\n"
    * 30
    + "</head>\n<body>\n<h1>Bad gateway</h1>\n<p>The web server reported a bad gateway error."
    "</p>\n<p>Ray ID: 8c1f2a3b4d5e6f70</p>\n</body>\n</html>\n"
)
HTML_PAGES = {"nginx": NGINX_502, "cdn": CDN_502}
"""502 pages: a short one (nginx, under 200 characters) and a long one (a CDN's)."""
PORTAL_200 = (
    "<!DOCTYPE html>\n<html><head><title>Sign in to the guest network</title></head>\n"
    '<body><form method="post" action="/portal/login"><input name="email"></form></body>'
    "</html>\n"
)
CUT_JSON_200 = '{"count": 12, "next": null, "results": [{"id": 125001, "state": "Runn'
BROKEN_200 = {"html": PORTAL_200, "cut-json": CUT_JSON_200}
"""200 answers that are not the JSON they claim: a captive portal's sign-in page, and JSON
cut short by a proxy (with a matching Content-Length, so only the JSON is broken)."""


# --- the runner (tests/conftest.py's Harness)


class Runner(Protocol):
    """Runs a client call sync or async: `conftest.Harness` is one."""

    @property
    def is_async(self) -> bool: ...

    def client(self, sync_cls: type[Any], async_cls: type[Any], **kwargs: Any) -> Any: ...

    def run(self, method: Callable[..., Any], *args: Any, **kwargs: Any) -> Any: ...

    def collect(self, paginator: Paginator[T] | AsyncPaginator[T]) -> list[T]: ...

    def first_page(self, paginator: Paginator[T] | AsyncPaginator[T]) -> Page[T]: ...


# --- the provider table


def _ids(items: Any) -> list[str]:
    return [str(item.id) for item in items]


@attrs.frozen
class Listing:
    """One list method of a provider.

    Attributes:
        label: ``Client.method``, as the report names it.
        call: client -> paginator.
        expected: fake -> the ids the walk must yield, in order, from the fake's store.
        credential: fake -> the credential this listing needs.
    """

    label: str
    call: Callable[[Any], Any]
    expected: Callable[[Any], list[str]]
    credential: Callable[[Any], str]


class DrillTestpress(FakeTestpress):
    """A Testpress fake with one exam, ``fault-drill``, and ``attempts`` attempts of the main
    student at it (created through the client, in memory; ``created`` holds their ids, oldest
    first). The clock stands still, so the newest-first list is by id, descending."""

    def __init__(self, attempts: int, per_page: int) -> None:
        super().__init__(seed=False, per_page=per_page, clock=lambda: DRILL_TIME)
        self.add_exam(DRILL_EXAM, questions=1, duration=timedelta(0))
        with TestpressClient(
            base_url=self.base_url, token=self.token, transport=self.transport
        ) as client:
            self.created = [str(client.create_attempt(DRILL_EXAM).id) for _ in range(attempts)]
        self.calls.clear()

    def listed_ids(self) -> list[str]:
        """Every attempt of the main student, fault-free, in memory."""
        with TestpressClient(
            base_url=self.base_url, token=self.token, transport=self.transport
        ) as client:
            return _ids(client.list_attempts())


def _testpress(bulk: bool) -> DrillTestpress:
    return DrillTestpress(105, per_page=10) if bulk else DrillTestpress(12, per_page=5)


def _cleverlms(bulk: bool) -> FakeCleverLMS:
    fake = FakeCleverLMS()  # 27 rows
    for _ in range(80 if bulk else 0):
        fake.add_attempt()
    return fake


def _thoughtindustries(bulk: bool) -> FakeThoughtIndustries:
    fake = FakeThoughtIndustries()  # 30 attempts
    for _ in range(75 if bulk else 0):
        fake.add_attempt()
    return fake


def _indeed(bulk: bool) -> FakeIndeed:
    fake = FakeIndeed()  # 13 assignments
    for n in range(92 if bulk else 0):
        fake.add_assignment(candidate=f"Candidate {n:03d}")
    return fake


def _testpress_get(runner: Runner, client: Any, fake: Any) -> list[str]:
    return [str(runner.run(client.get_attempt, int(fake.created[0])).id)]


def _cleverlms_get(runner: Runner, client: Any, fake: Any) -> list[str]:
    return _ids(runner.first_page(client.export_test_attempts(per_page=10)))


def _thoughtindustries_get(runner: Runner, client: Any, fake: Any) -> list[str]:
    return _ids(runner.first_page(client.list_assessment_attempts(per_page=10)))


def _indeed_get(runner: Runner, client: Any, fake: Any) -> list[str]:
    return [str(runner.run(client.get_assignment, fake.assignments[0]["id"]).id)]


def _store_ids(records: list[dict[str, Any]]) -> list[str]:
    return [str(record["id"]) for record in records]


@attrs.frozen
class ProviderCase:
    """How to fake a provider, build its client and make one GET or one list walk.

    Attributes:
        make_fake: bulk -> a fake (bulk: at least 100 items in every list).
        get: (runner, client, fake) -> the ids one GET returned.
        get_expected: fake -> the ids that GET must return.
        listing: the main list method (a few pages of the small fake).
        bulk: every list method, for the exports of the bulk fake.
    """

    name: str
    sync_client: type[Any]
    async_client: type[Any]
    credential_kw: str
    make_fake: Callable[[bool], FakeAPI]
    credential: Callable[[Any], str]
    get: Callable[[Runner, Any, Any], list[str]]
    get_expected: Callable[[Any], list[str]]
    listing: Listing
    bulk: tuple[Listing, ...]

    def connect(self, runner: Runner, base_url: str, credential: str, **options: Any) -> Any:
        """The client of the runner's mode, on ``base_url``, retrying per `NO_WAIT`.

        Its transport is httpx's default one, given a TLS context loaded once: loading the CA
        bundle for every client would cost more than most scenarios (all of them are plain
        HTTP on 127.0.0.1 anyway)."""
        transport = (httpx.AsyncHTTPTransport if runner.is_async else httpx.HTTPTransport)(
            verify=_TLS
        )
        kwargs = {
            "base_url": base_url,
            self.credential_kw: credential,
            "retry_policy": NO_WAIT,
            "transport": transport,
            # the scenarios count every sleep: Indeed's default limit (1 request a second)
            # would add its own (tests/test_rate_limit.py tests it); its default cache stays on
            "rate_limit": None,
        }
        return runner.client(self.sync_client, self.async_client, **{**kwargs, **options})

    def auth_header(self, fake: FakeAPI) -> str:
        """The ``Authorization`` value the client must send to the fake."""
        return f"{fake.auth_scheme} {self.credential(fake)}"


def _newest_first(fake: Any) -> list[str]:
    return sorted(fake.created, key=int, reverse=True)


def _admin_order(fake: Any) -> list[str]:
    return sorted(fake.created, key=int)  # -date, and every date is the same: by id


TESTPRESS = ProviderCase(
    name="testpress",
    sync_client=TestpressClient,
    async_client=AsyncTestpressClient,
    credential_kw="token",
    make_fake=_testpress,
    credential=lambda fake: str(fake.token),
    get=_testpress_get,
    get_expected=lambda fake: [fake.created[0]],
    listing=Listing(
        "TestpressClient.list_attempts",
        lambda client: client.list_attempts(),
        _newest_first,
        lambda fake: str(fake.token),
    ),
    bulk=(
        Listing(
            "TestpressClient.list_attempts",
            lambda client: client.list_attempts(),
            _newest_first,
            lambda fake: str(fake.token),
        ),
        Listing(
            "TestpressClient.admin.list_attempts",
            lambda client: client.admin.list_attempts(),
            _admin_order,
            lambda fake: str(fake.admin_token),
        ),
    ),
)
CLEVERLMS = ProviderCase(
    name="cleverlms",
    sync_client=CleverLMSClient,
    async_client=AsyncCleverLMSClient,
    credential_kw="token",
    make_fake=_cleverlms,
    credential=lambda fake: str(fake.token),
    get=_cleverlms_get,
    get_expected=lambda fake: _store_ids(fake.attempts)[:10],
    listing=Listing(
        "CleverLMSClient.export_test_attempts",
        lambda client: client.export_test_attempts(per_page=10),
        lambda fake: _store_ids(fake.attempts),
        lambda fake: str(fake.token),
    ),
    bulk=(
        Listing(
            "CleverLMSClient.export_test_attempts",
            lambda client: client.export_test_attempts(per_page=10),
            lambda fake: _store_ids(fake.attempts),
            lambda fake: str(fake.token),
        ),
    ),
)
THOUGHTINDUSTRIES = ProviderCase(
    name="thoughtindustries",
    sync_client=ThoughtIndustriesClient,
    async_client=AsyncThoughtIndustriesClient,
    credential_kw="api_key",
    make_fake=_thoughtindustries,
    credential=lambda fake: str(fake.api_key),
    get=_thoughtindustries_get,
    get_expected=lambda fake: _store_ids(fake.attempts)[:10],
    listing=Listing(
        "ThoughtIndustriesClient.list_assessment_attempts",
        lambda client: client.list_assessment_attempts(per_page=10),
        lambda fake: _store_ids(fake.attempts),
        lambda fake: str(fake.api_key),
    ),
    bulk=(
        Listing(
            "ThoughtIndustriesClient.list_assessment_attempts",
            lambda client: client.list_assessment_attempts(per_page=10),
            lambda fake: _store_ids(fake.attempts),
            lambda fake: str(fake.api_key),
        ),
    ),
)
INDEED = ProviderCase(
    name="indeed",
    sync_client=IndeedClient,
    async_client=AsyncIndeedClient,
    credential_kw="api_key",
    make_fake=_indeed,
    credential=lambda fake: str(fake.api_key),
    get=_indeed_get,
    get_expected=lambda fake: [str(fake.assignments[0]["id"])],
    listing=Listing(
        "IndeedClient.list_assignments",
        lambda client: client.list_assignments(per_page=5),
        lambda fake: _store_ids(fake.assignments),
        lambda fake: str(fake.api_key),
    ),
    bulk=(
        Listing(
            "IndeedClient.list_assignments",
            lambda client: client.list_assignments(per_page=10),
            lambda fake: _store_ids(fake.assignments),
            lambda fake: str(fake.api_key),
        ),
        Listing(
            "IndeedClient.iter_attempts",
            lambda client: client.iter_attempts(per_page=10),
            lambda fake: _store_ids(fake.attempts),
            lambda fake: str(fake.api_key),
        ),
    ),
)
CASES = (TESTPRESS, CLEVERLMS, THOUGHTINDUSTRIES, INDEED)
"""Every provider client the faults run against."""


# --- outcomes


def _describe(error: BaseException) -> str:
    return f"{type(error).__name__}: {error}"


def _chain(error: BaseException) -> Iterator[BaseException]:
    """The error and its causes, as a traceback shows them (a suppressed context is not)."""
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        if current.__cause__ is not None or current.__suppress_context__:
            current = current.__cause__
        else:
            current = current.__context__


@attrs.define
class Outcome:
    """What one scenario run came to.

    Attributes:
        fault: the fault class (a row of the report).
        injected: how many faults the servers injected.
        expected: the ids the call must return when it is to recover (else empty).
        received: the ids it returned.
        error: what it raised, if anything.
        attempts: the requests the servers saw for the call.
        waits: the retry waits recorded (when the scenario records them).
        problems: how the outcome differs from the documented behaviour (none: survived).
    """

    fault: str
    provider: str
    mode: str
    injected: int = 0
    expected: list[str] = attrs.Factory(list)
    received: list[str] = attrs.Factory(list)
    error: Exception | None = None
    attempts: int = 0
    waits: list[float] = attrs.Factory(list)
    problems: list[str] = attrs.Factory(list)
    recovers: bool = False

    @property
    def survived(self) -> bool:
        """The client recovered, or raised the documented error."""
        return not self.problems

    @property
    def lost(self) -> int:
        """Items the call should have returned but did not (only when it is to recover)."""
        return len(set(self.expected) - set(self.received)) if self.recovers else 0

    def problem(self, text: str) -> None:
        self.problems.append(f"{self.provider} {self.mode}: {text}")

    def check(self, condition: bool, text: str) -> None:
        if not condition:
            self.problem(text)

    def expect_recovered(self) -> None:
        self.recovers = True
        if self.error is not None:
            self.problem(f"raised {_describe(self.error)} instead of recovering")
            return
        duplicates = len(self.received) - len(set(self.received))
        self.check(duplicates == 0, f"{duplicates} duplicate items")
        missing = [i for i in self.expected if i not in set(self.received)]
        self.check(not missing, f"{len(missing)} items lost, e.g. {missing[:3]}")
        self.check(
            self.received == self.expected,
            f"got {len(self.received)} items, expected {len(self.expected)} in the store's order",
        )

    def expect_error(self, cls: type[APIError], status: int | None = None) -> None:
        if self.error is None:
            self.problem(f"did not raise {cls.__name__} (returned {len(self.received)} items)")
        elif not isinstance(self.error, cls):
            self.problem(f"raised {_describe(self.error)} instead of {cls.__name__}")
        elif status is not None and getattr(self.error, "status_code", None) != status:
            self.problem(f"raised HTTP {getattr(self.error, 'status_code', None)}, not {status}")

    def expect_attempts(self, n: int) -> None:
        self.check(self.attempts == n, f"{self.attempts} requests for one call, expected {n}")

    def finish(self, *servers: FaultServer) -> Outcome:
        """The checks every scenario shares: only the SDK's exceptions escape, never a JSON
        decoding error, and the fault servers did not fail themselves."""
        if self.error is not None:
            self.check(
                isinstance(self.error, AttemptsSDKError),
                f"an exception outside the SDK's tree escaped: {_describe(self.error)}",
            )
            self.check(
                not isinstance(self.error, ValueError),  # json.JSONDecodeError is one
                f"a JSON decoding error escaped: {_describe(self.error)}",
            )
        for server in servers:
            for failure in server.errors:
                self.problem(f"the fault server failed: {failure}")
        return self


def _mode(runner: Runner) -> str:
    return "async" if runner.is_async else "sync"


def _attempt(outcome: Outcome, call: Callable[[], list[str]]) -> None:
    try:
        outcome.received = call()
    except Exception as exc:
        outcome.error = exc


def _get(runner: Runner, case: ProviderCase, client: Any, fake: Any) -> Callable[[], list[str]]:
    return lambda: case.get(runner, client, fake)


def _on(
    runner: Runner, case: ProviderCase, server: FaultServer, fake: FakeAPI, **options: Any
) -> Any:
    return case.connect(runner, server.base_url, case.credential(fake), **options)


# --- scenarios: bursts of errors, Retry-After


def burst_within_retries(runner: Runner, case: ProviderCase, status: int) -> Outcome:
    """Two ``status`` answers (the fake's own ``fail_next``; the fault server in front only
    logs), then the real one: the call recovers on its third attempt."""
    fake = case.make_fake(False)
    fake.fail_next(2, status=status)
    out = Outcome(F_BURST, case.name, _mode(runner), injected=2)
    with FaultServer(fake) as server:
        client = _on(runner, case, server, fake)
        _attempt(out, _get(runner, case, client, fake))
    out.attempts = len(server.requests)
    out.expected = case.get_expected(fake)
    out.expect_recovered()
    out.expect_attempts(MAX_RETRIES + 1)
    return out.finish(server)


def burst_beyond_retries(runner: Runner, case: ProviderCase, status: int) -> Outcome:
    """Three ``status`` answers in a row, one more than max_retries allows: the status's
    error class is raised, with the provider's message and body, after three attempts."""
    fake = case.make_fake(False)
    fake.fail_next(3, status=status, retry_after=0 if status == 429 else None)
    out = Outcome(F_BURST_LONG, case.name, _mode(runner), injected=3)
    with FaultServer(fake) as server:
        client = _on(runner, case, server, fake)
        _attempt(out, _get(runner, case, client, fake))
    out.attempts = len(server.requests)
    out.expect_error(RateLimitError if status == 429 else InternalServerError, status)
    out.expect_attempts(MAX_RETRIES + 1)
    if isinstance(out.error, APIStatusError):
        body = fake.error_body(status, "injected fault")
        if status == 429:
            out.check(out.error.retry_after == 0.0, f"retry_after {out.error.retry_after}")
        else:
            out.check(out.error.message == "injected fault", f"message {out.error.message!r}")
            out.check(out.error.body == body, f"body {out.error.body!r}")
    return out.finish(server)


def retry_after_seconds(
    runner: Runner, case: ProviderCase, seconds: float, *, real_time: bool = False
) -> Outcome:
    """A 429 with ``Retry-After: <seconds>``, then the real answer: the client waits that long
    (recorded, or measured on the clock with ``real_time``) and recovers."""
    fake = case.make_fake(False)
    fake.fail_next(1, status=429, retry_after=seconds)
    out = Outcome(F_RETRY_AFTER, case.name, _mode(runner), injected=1)
    with FaultServer(fake) as server:
        client = _on(runner, case, server, fake)
        if real_time:
            began = time.monotonic()
            _attempt(out, _get(runner, case, client, fake))
            out.waits = [time.monotonic() - began]
        else:
            with recorded_sleeps() as waits:
                _attempt(out, _get(runner, case, client, fake))
            out.waits = waits
    out.attempts = len(server.requests)
    out.expected = case.get_expected(fake)
    out.expect_recovered()
    out.expect_attempts(2)
    if real_time:
        elapsed = out.waits[0]
        out.check(seconds * 0.9 <= elapsed < seconds + 2, f"took {elapsed:.2f}s for {seconds}s")
    else:
        out.check(out.waits == [seconds], f"waited {out.waits}, not [{seconds}]")
    return out.finish(server)


def retry_after_date(runner: Runner, case: ProviderCase, offset: float) -> Outcome:
    """A 429 whose ``Retry-After`` is an HTTP date ``offset`` seconds from now (negative: in
    the past): the client waits until then (0 for a past date) and recovers."""
    fake = case.make_fake(False)
    out = Outcome(F_RETRY_DATE, case.name, _mode(runner), injected=1)
    with FaultServer(fake) as server, recorded_sleeps() as waits:
        when = email.utils.formatdate(time.time() + offset, usegmt=True)
        server.inject(error_reply(fake, 429, {"Retry-After": when}))
        client = _on(runner, case, server, fake)
        _attempt(out, _get(runner, case, client, fake))
    out.waits = waits
    out.attempts = len(server.requests)
    out.expected = case.get_expected(fake)
    out.expect_recovered()
    out.expect_attempts(2)
    out.check(len(waits) == 1, f"waits {waits}")
    if waits:
        # the date has whole seconds: the wait is within the second before ``offset``, less
        # the time the client took to get the 429
        low, high = (offset - 2.0, offset) if offset > 0 else (0.0, 0.0)
        out.check(low <= waits[0] <= high, f"waited {waits[0]:.2f}s for {when}")
    return out.finish(server)


# --- scenarios: dropped connections, truncated bodies, slow servers


def dropped_get(runner: Runner, case: ProviderCase) -> Outcome:
    """The served fake closes the connection before answering (``drop_next``): the GET is
    sent again, once, and recovers."""
    fake = case.make_fake(False)
    fake.drop_next(1)
    out = Outcome(F_DROP_GET, case.name, _mode(runner), injected=1)
    with fake.serve() as base_url, recorded_sleeps() as waits:
        client = case.connect(runner, base_url, case.credential(fake))
        _attempt(out, _get(runner, case, client, fake))
    out.waits = waits
    out.attempts = len(waits) + 1  # the fake's ``calls`` never sees a dropped request
    out.expected = case.get_expected(fake)
    out.expect_recovered()
    out.expect_attempts(2)
    out.check(len(fake.calls) == 1, f"the fake answered {len(fake.calls)} requests, not 1")
    return out.finish()


def dropped_post(runner: Runner, *, after_upstream: bool) -> Outcome:
    """Testpress ``create_attempt`` (a POST) loses its connection after the request was sent
    (``after_upstream``: after the server created the attempt): it is not sent again
    (`APIConnectionError`), so no second attempt is ever created."""
    fake = DrillTestpress(2, per_page=10)
    out = Outcome(F_DROP_POST, TESTPRESS.name, _mode(runner), injected=1)
    with FaultServer(fake) as server:
        server.inject(Drop(after_upstream=after_upstream), match=lambda r: r.method == "POST")
        client = _on(runner, TESTPRESS, server, fake)
        _attempt(out, lambda: [str(runner.run(client.create_attempt, DRILL_EXAM).id)])
    out.attempts = len(server.requests)
    out.expect_error(APIConnectionError)
    out.check(not isinstance(out.error, APITimeoutError), "a drop is not a timeout")
    out.expect_attempts(1)
    out.check(all(r.method == "POST" for r in server.requests), "not only the POST was sent")
    stored = fake.listed_ids()
    out.check(
        len(stored) == 2 + after_upstream,
        f"{len(stored)} attempts stored, expected {2 + after_upstream}",
    )
    return out.finish(server)


def truncated(runner: Runner, case: ProviderCase, *, persistent: bool) -> Outcome:
    """The body stops halfway through its ``Content-Length`` and the connection closes: the GET
    is sent again and recovers; when every answer is cut, `APIConnectionError` after three
    attempts, caused by httpx's transport error (never a JSON error)."""
    fake = case.make_fake(False)
    out = Outcome(F_TRUNCATED, case.name, _mode(runner))
    with FaultServer(fake) as server:
        server.inject(Truncate(), times=None if persistent else 1)
        client = _on(runner, case, server, fake)
        _attempt(out, _get(runner, case, client, fake))
    out.injected = server.injected
    out.attempts = len(server.requests)
    if persistent:
        out.expect_error(APIConnectionError)
        out.expect_attempts(MAX_RETRIES + 1)
        out.check(
            out.error is not None
            and any(isinstance(e, httpx.TransportError) for e in _chain(out.error)),
            "not caused by an httpx transport error",
        )
    else:
        out.expected = case.get_expected(fake)
        out.expect_recovered()
        out.expect_attempts(2)
    return out.finish(server)


def slow_server(runner: Runner, case: ProviderCase) -> Outcome:
    """The server stalls `STALL` seconds on every request, the client's timeout is `TIMEOUT`:
    `APITimeoutError` after exactly three attempts, in about three timeouts."""
    fake = case.make_fake(False)
    out = Outcome(F_SLOW, case.name, _mode(runner))
    with FaultServer(fake) as server:
        server.inject(Stall(STALL), times=None)
        client = _on(runner, case, server, fake, timeout=TIMEOUT)
        began = time.monotonic()
        _attempt(out, _get(runner, case, client, fake))
        elapsed = time.monotonic() - began
    out.injected = server.injected
    out.attempts = len(server.requests)
    out.expect_error(APITimeoutError)
    out.expect_attempts(MAX_RETRIES + 1)
    out.check(elapsed < STALL + 1, f"gave up after {elapsed:.2f}s")
    return out.finish(server)


def refused(runner: Runner, case: ProviderCase) -> Outcome:
    """Nothing listens on the port: `APIConnectionError` after three attempts (two waits)."""
    fake = case.make_fake(False)
    base_path = httpx.URL(fake.base_url).path.rstrip("/")
    out = Outcome(F_REFUSED, case.name, _mode(runner), injected=MAX_RETRIES + 1)
    with recorded_sleeps() as waits:
        client = case.connect(
            runner, f"http://127.0.0.1:{free_port()}{base_path}", case.credential(fake)
        )
        _attempt(out, _get(runner, case, client, fake))
    out.waits = waits
    out.attempts = len(waits) + 1
    out.expect_error(APIConnectionError)
    out.check(not isinstance(out.error, APITimeoutError), "a refused connection is no timeout")
    out.expect_attempts(MAX_RETRIES + 1)
    out.check(
        out.error is not None and any(isinstance(e, httpx.ConnectError) for e in _chain(out.error)),
        "not caused by httpx.ConnectError",
    )
    return out.finish()


# --- scenarios: HTML and other bodies that are not JSON


def readable(message: str) -> bool:
    """One short line of text: no markup, no line breaks."""
    return bool(message.strip()) and len(message) <= 240 and not any(c in message for c in "<\r\n")


def html_error_page(runner: Runner, case: ProviderCase, page: str) -> Outcome:
    """A 502 with an HTML page (a proxy's): retried, then `InternalServerError` whose message
    is one readable line and whose body is the page's text."""
    fake = case.make_fake(False)
    html = HTML_PAGES[page]
    out = Outcome(F_HTML, case.name, _mode(runner))
    with FaultServer(fake) as server:
        headers = {"Content-Type": "text/html; charset=utf-8"}
        server.inject(Reply(502, html.encode(), headers, name="HTML 502"), times=None)
        client = _on(runner, case, server, fake)
        _attempt(out, _get(runner, case, client, fake))
    out.injected = server.injected
    out.attempts = len(server.requests)
    out.expect_error(InternalServerError, 502)
    out.expect_attempts(MAX_RETRIES + 1)
    if isinstance(out.error, APIStatusError):
        message = out.error.message
        out.check(readable(message), f"message is not one readable line: {message!r}")
        out.check("bad gateway" in message.lower(), f"message {message!r}")
        out.check(out.error.body == html, "the body is not the page's text")
    return out.finish(server)


def broken_200(runner: Runner, case: ProviderCase, kind: str) -> Outcome:
    """A 200 whose body is not JSON (`BROKEN_200`): `DecodeError` holding the start of the
    body, at once (a 200 is not retried)."""
    fake = case.make_fake(False)
    text = BROKEN_200[kind]
    content_type = "text/html" if kind == "html" else "application/json"
    out = Outcome(F_HTML, case.name, _mode(runner))
    with FaultServer(fake) as server:
        server.inject(Reply(200, text.encode(), {"Content-Type": content_type}, name=kind))
        client = _on(runner, case, server, fake)
        _attempt(out, _get(runner, case, client, fake))
    out.injected = server.injected
    out.attempts = len(server.requests)
    out.expect_error(DecodeError)
    out.expect_attempts(1)
    if isinstance(out.error, DecodeError):
        out.check("not JSON" in out.error.message, f"message {out.error.message!r}")
        out.check(out.error.raw == text[:200], f"raw {out.error.raw!r}")
    return out.finish(server)


# --- scenarios: redirects


def redirect_cross_origin(runner: Runner, case: ProviderCase, target: str) -> Outcome:
    """The server answers 302 to the same path on another origin, a second server
    (``target``: ``localhost``, another host name, or ``port``, another port): the credential
    never reaches it. The call fails with an `APIError`, whether the client refuses the
    redirect or follows it without the credential (the other origin then answers 401)."""
    fake = case.make_fake(False)
    secret = case.credential(fake)
    out = Outcome(F_REDIRECT_CROSS, case.name, _mode(runner), injected=1)
    host = "localhost" if target == "localhost" else "127.0.0.1"
    with FaultServer(fake) as server, FaultServer(fake, host=host) as other:
        server.inject(Redirect(other.origin))
        client = _on(runner, case, server, fake)
        _attempt(out, _get(runner, case, client, fake))
    out.attempts = len(server.requests)
    out.expect_error(APIError)
    if other.requests:
        out.expect_error(AuthenticationError, 401)
    out.expect_attempts(1)
    out.check(
        [r.headers.get("authorization") for r in server.requests] == [case.auth_header(fake)],
        "the first origin did not get the credential",
    )
    out.check(len(other.requests) <= 1, f"the other origin saw {len(other.requests)} requests")
    out.check(
        not any("authorization" in r.headers or r.contains(secret) for r in other.requests),
        "the other origin got the credential",
    )
    return out.finish(server, other)


def login_redirect_cross_origin(runner: Runner, status: int) -> Outcome:
    """Testpress ``login`` (a POST of the username and password) answered 307/308 to another
    origin: the password must never reach it; the login fails with an `APIError`."""
    fake = DrillTestpress(0, per_page=10)
    out = Outcome(F_REDIRECT_CROSS, TESTPRESS.name, _mode(runner), injected=1)
    cls = AsyncTestpressClient if runner.is_async else TestpressClient
    with FaultServer(fake) as server, FaultServer(fake, host="localhost") as other:
        server.inject(Redirect(other.origin, status=status), match=lambda r: r.method == "POST")

        def login() -> list[str]:
            client = runner.run(
                cls.login, server.base_url, fake.username, fake.password, retry_policy=NO_WAIT
            )
            runner.run(client.close)
            return [str(client.base_url)]

        _attempt(out, login)
    out.attempts = len(server.requests)
    out.check(
        any(r.contains(fake.password) for r in server.requests),
        "the login did not send the password to its own origin",
    )
    leaked = [r for r in other.requests if r.contains(fake.password)]
    out.check(not leaked, f"the password was sent to the other origin ({other.origin})")
    out.expect_error(APIError)
    return out.finish(server, other)


def redirect_same_origin(runner: Runner, case: ProviderCase) -> Outcome:
    """The server answers 302 to the same URL on its own origin: followed, with the
    credential, and the call recovers."""
    fake = case.make_fake(False)
    out = Outcome(F_REDIRECT_SAME, case.name, _mode(runner), injected=1)
    with FaultServer(fake) as server:
        server.inject(Redirect(""))
        client = _on(runner, case, server, fake)
        _attempt(out, _get(runner, case, client, fake))
    out.attempts = len(server.requests)
    out.expected = case.get_expected(fake)
    out.expect_recovered()
    out.expect_attempts(2)
    out.check(
        [r.headers.get("authorization") for r in server.requests] == [case.auth_header(fake)] * 2,
        "the credential was not sent to the redirect's target on the same origin",
    )
    out.check(
        len({(r.path, r.query) for r in server.requests}) == 1, "the redirect changed the URL"
    )
    return out.finish(server)


def redirect_same_origin_walk(runner: Runner, case: ProviderCase) -> Outcome:
    """Page 2 of a list walk is answered 302 to itself: followed, and the walk goes on to the
    last page with every item once."""
    fake = case.make_fake(False)
    out = Outcome(F_REDIRECT_SAME, case.name, _mode(runner), injected=1)
    out.expected = case.listing.expected(fake)
    with FaultServer(fake) as server:
        server.inject(Redirect(""), after=1)
        client = _on(runner, case, server, fake)
        _attempt(out, lambda: _ids(runner.collect(case.listing.call(client))))
    out.attempts = len(server.requests)
    out.expect_recovered()
    pages = len({(r.path, r.query) for r in server.requests})
    out.check(out.attempts == pages + 1, f"{out.attempts} requests for {pages} pages")
    return out.finish(server)


def redirect_cross_origin_walk(runner: Runner, case: ProviderCase) -> Outcome:
    """Page 1 of a list walk is answered 302 to another origin that serves the same data to
    anyone: whatever the walk does next, that origin never gets the credential, and the walk
    either yields every item once or raises an `APIError`."""
    fake = case.make_fake(False)
    secret = case.credential(fake)
    out = Outcome(F_REDIRECT_CROSS, case.name, _mode(runner), injected=1)
    out.expected = case.listing.expected(fake)
    with (
        FaultServer(fake) as server,
        FaultServer(fake, host="localhost", anonymous_auth=case.auth_header(fake)) as other,
    ):
        server.inject(Redirect(other.origin))
        client = _on(runner, case, server, fake)
        _attempt(out, lambda: _ids(runner.collect(case.listing.call(client))))
    out.attempts = len(server.requests) + len(other.requests)
    out.check(
        not any("authorization" in r.headers or r.contains(secret) for r in other.requests),
        f"the other origin got the credential ({len(other.requests)} requests)",
    )
    if out.error is None:
        out.expect_recovered()
    else:
        out.expect_error(APIError)
    return out.finish(server, other)


def redirect_loop(runner: Runner, case: ProviderCase) -> Outcome:
    """Every answer redirects to itself: an `APIError` naming the redirects once 20 of them
    are used up, and the call is not retried (21 requests, not 63)."""
    fake = case.make_fake(False)
    out = Outcome(F_REDIRECT_LOOP, case.name, _mode(runner))
    with FaultServer(fake) as server:
        server.inject(Redirect(""), times=None)
        client = _on(runner, case, server, fake)
        _attempt(out, _get(runner, case, client, fake))
    out.injected = server.injected
    out.attempts = len(server.requests)
    out.expect_error(APIError)
    out.check("redirects" in str(out.error), f"the error does not say why: {out.error}")
    out.expect_attempts(1 + MAX_REDIRECTS)
    return out.finish(server)


# --- scenarios: pagination loops


def _testpress_loop(spelling: str) -> Rewrite:
    def back_to_page_one(url: httpx.URL, body: JSONValue) -> JSONValue:
        assert isinstance(body, dict)
        first = url.copy_remove_param("page")
        return {
            **body,
            "next": str(first if spelling == "same" else first.copy_set_param("page", 1)),
        }

    return Rewrite(body=back_to_page_one, name=f"next link to page 1 ({spelling})")


def _repeat_cursor(url: httpx.URL, body: JSONValue) -> JSONValue:
    """The page answers with the cursor it was asked with."""
    cursor = url.params["cursor"]
    assert isinstance(body, dict)
    if isinstance(body.get("meta"), dict):
        return {**body, "meta": {**body["meta"], "nextCursor": cursor}}  # type: ignore[dict-item]
    data = body["data"]
    assert isinstance(data, dict)
    container = data["AssessmentAttempts"]
    assert isinstance(container, dict)
    info = container["pageInfo"]
    assert isinstance(info, dict)
    looped = {**container, "pageInfo": {**info, "cursor": cursor}}
    return {**body, "data": {**data, "AssessmentAttempts": looped}}


def _loop_fault(case: ProviderCase, variant: str) -> tuple[Rewrite, Callable[[Recorded], bool]]:
    """The looping answer for each kind of pagination, and the requests it applies to."""
    if case is TESTPRESS:
        return _testpress_loop(variant), lambda r: "page=2" in r.query
    if case is THOUGHTINDUSTRIES:
        return Rewrite(body=_repeat_cursor, name="cursor repeated"), lambda r: "cursor=" in r.query
    # page numbers: a server that ignores ``page`` answers page 1 every time
    return Rewrite(url=lambda url: url.copy_remove_param("page"), name="page ignored"), (
        lambda r: True
    )


def looping_pages(runner: Runner, case: ProviderCase, variant: str = "same") -> Outcome:
    """A next link back to page 1 (Testpress; ``variant`` ``same`` repeats the first URL,
    ``page=1`` spells it differently), a cursor that repeats (Thought Industries; ``variant``
    ``nested`` or ``flat`` envelope), or a page number the server ignores (CleverLMS, Indeed):
    `PaginationError`, after at most three pages."""
    if case is THOUGHTINDUSTRIES:
        fake: FakeAPI = FakeThoughtIndustries(envelope="flat" if variant == "flat" else "nested")
    else:
        fake = case.make_fake(False)
    fault, match = _loop_fault(case, variant)
    out = Outcome(F_LOOP, case.name, _mode(runner))
    with FaultServer(fake) as server:
        server.inject(fault, times=None, match=match)
        client = _on(runner, case, server, fake)
        _attempt(out, lambda: _ids(runner.collect(case.listing.call(client))))
    out.injected = server.injected
    out.attempts = len(server.requests)
    out.expect_error(PaginationError)
    limit = 3 if variant == "page=1" else 2
    out.check(out.attempts <= limit, f"{out.attempts} pages asked for before stopping")
    if out.error is not None:
        out.check("pagination stopped" in str(out.error), f"message {out.error}")
    return out.finish(server)


# --- scenarios: exports under faults, and attempts per call


def export_every_third_fails(runner: Runner, case: ProviderCase, listing: Listing) -> Outcome:
    """A walk over at least 100 items in which every third request is a 503: every item
    arrives exactly once, in the store's order."""
    fake = case.make_fake(True)
    out = Outcome(F_EXPORT, case.name, _mode(runner))
    out.expected = listing.expected(fake)
    with FaultServer(fake) as server:
        server.inject(error_reply(fake, 503), times=None, every=3)
        client = case.connect(runner, server.base_url, listing.credential(fake))
        _attempt(out, lambda: _ids(runner.collect(listing.call(client))))
    out.injected = server.injected
    out.attempts = len(server.requests)
    out.expect_recovered()
    out.check(len(out.expected) >= 100, f"the store holds only {len(out.expected)} items")
    faulted = [r for r in server.requests if r.fault is not None]
    out.check(out.injected == len(server.requests) // 3 > 0, f"{out.injected} faults injected")
    for retry in (server.requests[i + 1] for i, r in enumerate(server.requests) if r.fault):
        out.check(
            any((r.path, r.query) == (retry.path, retry.query) for r in faulted),
            f"the request after a 503 was not its retry: {retry.path}?{retry.query}",
        )
    return out.finish(server)


def persistent_fault(runner: Runner, case: ProviderCase, kind: str) -> Outcome:
    """Every answer faulted (``kind``: ``503``, ``drop`` or ``truncate``; a persistent
    timeout is `slow_server`): the documented error after exactly max_retries + 1 attempts,
    as the server's log shows."""
    fake = case.make_fake(False)
    faults: dict[str, tuple[Fault, type[APIError]]] = {
        "503": (error_reply(fake, 503), InternalServerError),
        "drop": (Drop(), APIConnectionError),
        "truncate": (Truncate(), APIConnectionError),
    }
    fault, expected = faults[kind]
    out = Outcome(F_PERSISTENT, case.name, _mode(runner))
    with FaultServer(fake) as server:
        server.inject(fault, times=None)
        client = _on(runner, case, server, fake)
        _attempt(out, _get(runner, case, client, fake))
    out.injected = server.injected
    out.attempts = len(server.requests)
    out.expect_error(expected, 503 if kind == "503" else None)
    out.check(not isinstance(out.error, APITimeoutError), f"a {kind} is not a timeout")
    out.expect_attempts(MAX_RETRIES + 1)
    return out.finish(server)


def persistent_fault_mid_walk(runner: Runner, case: ProviderCase) -> Outcome:
    """Page 1 arrives, then every request is a 503: one attempt for page 1 and exactly
    max_retries + 1 for page 2, then `InternalServerError`."""
    fake = case.make_fake(False)
    out = Outcome(F_PERSISTENT, case.name, _mode(runner))
    with FaultServer(fake) as server:
        server.inject(error_reply(fake, 503), times=None, after=1)
        client = _on(runner, case, server, fake)
        _attempt(out, lambda: _ids(runner.collect(case.listing.call(client))))
    out.injected = server.injected
    out.attempts = len(server.requests)
    out.expect_error(InternalServerError, 503)
    out.expect_attempts(1 + MAX_RETRIES + 1)
    pages = {(r.path, r.query) for r in server.requests}
    out.check(len(pages) == 2, f"{len(pages)} different pages asked for, expected 2")
    return out.finish(server)


# --- scenarios: Retry-After that would remove the backoff, oversized bodies, deadlines

FLOOR_POLICY = RetryPolicy(max_retries=MAX_RETRIES, initial_delay=0.05, jitter=lambda: 0.0)
"""The policy of `retry_after_floor`: backoffs of 0.05 s and 0.1 s, no jitter."""
RETRY_AFTER_NO_WAIT = ("0", "-5", "past date")
"""The ``Retry-After`` values of `retry_after_floor`."""


def retry_after_floor(runner: Runner, case: ProviderCase, value: str) -> Outcome:
    """Two 503s with ``Retry-After`` 0, negative or a date in the past: the client still
    waits its backoff (0.05 s, then 0.1 s) before each retry, and recovers."""
    fake = case.make_fake(False)
    header = (
        email.utils.formatdate(time.time() - 60, usegmt=True) if value == "past date" else value
    )
    out = Outcome(F_RETRY_FLOOR, case.name, _mode(runner), injected=2)
    with FaultServer(fake) as server, recorded_sleeps() as waits:
        server.inject(error_reply(fake, 503, {"Retry-After": header}), times=2)
        client = _on(runner, case, server, fake, retry_policy=FLOOR_POLICY)
        _attempt(out, _get(runner, case, client, fake))
    out.waits = waits
    out.attempts = len(server.requests)
    out.expected = case.get_expected(fake)
    out.expect_recovered()
    out.expect_attempts(3)
    out.check(waits == [0.05, 0.1], f"waited {waits} with Retry-After: {header}")
    return out.finish(server)


SMALL_LIMIT = 256 * 1024
"""The ``max_response_size`` of `oversized_body` (the default, 64 MiB, is tested in
tests/core/test_limits.py, in a process of its own)."""
OVERSIZED_KINDS = ("gzip, gzip", "deflate", "endless")
"""The bodies of `oversized_body`."""


@functools.cache
def _packed(kind: str) -> bytes:
    zeros = b"0" * (16 * 1024 * 1024)
    if kind == "deflate":
        return zlib.compress(zeros, 6)
    return gzip.compress(gzip.compress(zeros, 6), 6)


def _oversized(kind: str) -> Stream:
    json_type = {"Content-Type": "application/json"}
    if kind == "endless":
        return Stream(lambda: itertools.repeat(b"0" * 65536), json_type)
    body = _packed(kind)
    return Stream(lambda: [body], {**json_type, "Content-Encoding": kind})


def oversized_body(runner: Runner, case: ProviderCase, kind: str) -> Outcome:
    """A 200 whose body is larger than ``max_response_size`` (256 KiB here) once decoded: 16 MiB
    of "0" gzipped twice (a few KiB on the wire) or deflated, or a body without end:
    `ResponseTooLargeError` with ``.limit``, after one attempt (never retried)."""
    fake = case.make_fake(False)
    out = Outcome(F_OVERSIZED, case.name, _mode(runner), injected=1)
    with FaultServer(fake) as server:
        server.inject(_oversized(kind), times=None)
        client = _on(runner, case, server, fake, max_response_size=SMALL_LIMIT)
        _attempt(out, _get(runner, case, client, fake))
    out.attempts = len(server.requests)
    out.expect_error(ResponseTooLargeError)
    out.expect_attempts(1)
    if isinstance(out.error, ResponseTooLargeError):
        out.check(out.error.limit == SMALL_LIMIT, f"limit {out.error.limit}")
        out.check("256 KiB" in str(out.error), f"message {out.error}")
    return out.finish(server)


DEADLINE = 0.5
"""The ``deadline`` of `past_deadline`."""
DEADLINE_KINDS = ("drip", "hung")
"""The servers of `past_deadline`."""


def past_deadline(runner: Runner, case: ProviderCase, kind: str) -> Outcome:
    """A server that drips its body a byte every 0.15 s, or never answers, against a client
    whose ``deadline`` is 0.5 s (and whose timeouts are the default 30 s): `APITimeoutError`
    at the deadline, after one attempt, and its message names the deadline."""
    fake = case.make_fake(False)
    out = Outcome(F_DEADLINE, case.name, _mode(runner), injected=1)
    fault: Fault = (
        Stream(lambda: iter([b"{"] + [b" "] * 1000), interval=0.15)
        if kind == "drip"
        else Stall(5.0)
    )
    with FaultServer(fake) as server:
        server.inject(fault, times=None)
        client = _on(runner, case, server, fake, deadline=DEADLINE)
        began = time.monotonic()
        _attempt(out, _get(runner, case, client, fake))
        elapsed = time.monotonic() - began
    out.attempts = len(server.requests)
    out.expect_error(APITimeoutError)
    out.expect_attempts(1)
    out.check(DEADLINE <= elapsed < DEADLINE + 0.5, f"gave up after {elapsed:.2f}s")
    if out.error is not None:
        out.check("deadline of 0.5 s" in str(out.error), f"message {out.error}")
    return out.finish(server)


# --- the report's plan


@attrs.frozen
class PlannedRun:
    """One scenario run of the report: a fault class, a label, and the call to make."""

    fault: str
    label: str
    run: Callable[[Runner], Outcome]


def report_plan() -> list[PlannedRun]:
    """Every scenario, for every provider it applies to, as the report runs them (each once
    sync and once async). Real-time waits are measured only by the tests."""
    plan: list[PlannedRun] = []

    def add(fault: str, label: str, run: Callable[[Runner], Outcome]) -> None:
        plan.append(PlannedRun(fault, label, run))

    for case in CASES:
        for status in (500, 502, 503, 504):
            add(F_BURST, f"{case.name} {status} x2", _bind(burst_within_retries, case, status))
        for status in (503, 429):
            add(F_BURST_LONG, f"{case.name} {status} x3", _bind(burst_beyond_retries, case, status))
        add(F_RETRY_AFTER, f"{case.name} 1 s", _bind(retry_after_seconds, case, 1.0))
        for offset in (3.0, -30.0):
            add(F_RETRY_DATE, f"{case.name} {offset:+g} s", _bind(retry_after_date, case, offset))
        add(F_DROP_GET, case.name, _bind(dropped_get, case))
        add(F_TRUNCATED, f"{case.name} once", _bind(truncated, case, persistent=False))
        add(F_TRUNCATED, f"{case.name} always", _bind(truncated, case, persistent=True))
        add(F_SLOW, case.name, _bind(slow_server, case))
        for page in HTML_PAGES:
            add(F_HTML, f"{case.name} 502 {page}", _bind(html_error_page, case, page))
        for kind in BROKEN_200:
            add(F_HTML, f"{case.name} 200 {kind}", _bind(broken_200, case, kind))
        for target in ("localhost", "port"):
            add(
                F_REDIRECT_CROSS,
                f"{case.name} {target}",
                _bind(redirect_cross_origin, case, target),
            )
        add(F_REDIRECT_CROSS, f"{case.name} list walk", _bind(redirect_cross_origin_walk, case))
        add(F_REDIRECT_SAME, case.name, _bind(redirect_same_origin, case))
        add(F_REDIRECT_SAME, f"{case.name} list walk", _bind(redirect_same_origin_walk, case))
        add(F_REDIRECT_LOOP, case.name, _bind(redirect_loop, case))
        for variant in LOOP_VARIANTS[case.name]:
            add(F_LOOP, f"{case.name} {variant}", _bind(looping_pages, case, variant))
        for listing in case.bulk:
            add(F_EXPORT, listing.label, _bind(export_every_third_fails, case, listing))
        for kind in PERSISTENT_KINDS:
            add(F_PERSISTENT, f"{case.name} {kind}", _bind(persistent_fault, case, kind))
        add(F_PERSISTENT, f"{case.name} mid-walk", _bind(persistent_fault_mid_walk, case))
        add(F_REFUSED, case.name, _bind(refused, case))
        for value in RETRY_AFTER_NO_WAIT:
            add(F_RETRY_FLOOR, f"{case.name} {value}", _bind(retry_after_floor, case, value))
        for kind in OVERSIZED_KINDS:
            add(F_OVERSIZED, f"{case.name} {kind}", _bind(oversized_body, case, kind))
        for kind in DEADLINE_KINDS:
            add(F_DEADLINE, f"{case.name} {kind}", _bind(past_deadline, case, kind))
    for after in (False, True):
        add(F_DROP_POST, f"testpress after={after}", _bind(dropped_post, after_upstream=after))
    for status in (307, 308):
        add(
            F_REDIRECT_CROSS,
            f"testpress login {status}",
            _bind(login_redirect_cross_origin, status),
        )
    return plan


PERSISTENT_KINDS = ("503", "drop", "truncate")
"""The kinds of `persistent_fault`."""
LOOP_VARIANTS = {
    "testpress": ("same", "page=1"),
    "cleverlms": ("page",),
    "thoughtindustries": ("nested", "flat"),
    "indeed": ("page",),
}
"""The loop variants of `looping_pages` per provider."""


def _bind(fn: Callable[..., Outcome], *args: Any, **kwargs: Any) -> Callable[[Runner], Outcome]:
    return lambda runner: fn(runner, *args, **kwargs)
