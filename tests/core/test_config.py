"""Client configuration: env fallbacks, defaults, injection, closing, secrets, logging, path params.

The client is the tiny provider of tests/acme.py, so the core is tested without any provider
package. Tests that use a client run with the sync and the async client.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any
from urllib.parse import quote

import httpx
import pytest

from attempts_sdk import (
    APIConnectionError,
    APIStatusError,
    AuthenticationError,
    ConfigurationError,
    InternalServerError,
    PermissionDeniedError,
    RetryPolicy,
    __version__,
    _transport,
)
from attempts_sdk._config import HeaderAuth
from conftest import Harness, MockServer, json_response
from support.acme import AcmeClient, AsyncAcmeClient

BASE_URL = "https://acme.test"
# A "/" and a "+" so that the URL-escaped form differs from the raw one.
TOKEN = "s3cr3t/t0ken+value"
QUOTED_TOKEN = quote(TOKEN, safe="")


THING = json_response({"id": 1, "name": "one"})


@pytest.fixture(autouse=True)
def _no_acme_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ACME_BASE_URL", raising=False)
    monkeypatch.delenv("ACME_TOKEN", raising=False)


def thing_server() -> MockServer:
    return MockServer().add("GET", "/things/1", THING)


def acme(harness: Harness, server: MockServer | None = None, **kwargs: Any) -> Any:
    options: dict[str, Any] = {"base_url": BASE_URL, "token": TOKEN}
    if server is not None:
        options["transport"] = server.transport
    options.update(kwargs)
    return harness.client(AcmeClient, AsyncAcmeClient, **options)


# --- base URL and credential ----------------------------------------------------------------------


def test_base_url_and_token_from_the_environment(
    harness: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ACME_BASE_URL", "https://env.acme.test/v1")
    monkeypatch.setenv("ACME_TOKEN", "env-t0ken")
    server = MockServer().add("GET", "/v1/things/1", THING)
    client = harness.client(AcmeClient, AsyncAcmeClient, transport=server.transport)
    assert client.base_url == "https://env.acme.test/v1"
    assert harness.run(client.get_thing, 1).id == 1
    request = server.requests[0]
    assert str(request.url) == "https://env.acme.test/v1/things/1"
    assert request.headers["Authorization"] == "Token env-t0ken"


def test_arguments_win_over_the_environment(
    harness: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ACME_BASE_URL", "https://env.acme.test")
    monkeypatch.setenv("ACME_TOKEN", "env-t0ken")
    server = thing_server()
    client = acme(harness, server)
    harness.run(client.get_thing, 1)
    assert server.requests[0].url.host == "acme.test"
    assert server.requests[0].headers["Authorization"] == f"Token {TOKEN}"


def test_missing_base_url_names_the_variable(
    harness: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ACME_TOKEN", "env-t0ken")
    with pytest.raises(ConfigurationError, match="ACME_BASE_URL") as info:
        harness.client(AcmeClient, AsyncAcmeClient)
    assert "base_url=" in str(info.value)


@pytest.mark.parametrize("empty", ["", None])
def test_missing_token_names_the_variable(
    harness: Harness, monkeypatch: pytest.MonkeyPatch, empty: str | None
) -> None:
    if empty is not None:
        monkeypatch.setenv("ACME_TOKEN", empty)
    with pytest.raises(ConfigurationError, match="ACME_TOKEN") as info:
        harness.client(AcmeClient, AsyncAcmeClient, base_url=BASE_URL)
    assert "token=" in str(info.value)


@pytest.mark.parametrize(
    "base_url",
    ["ftp://acme.test", "acme.test/api", "file:///etc/passwd", "http://", "http://acme.test/?x=1"],
)
def test_bad_base_url_is_refused(harness: Harness, base_url: str) -> None:
    with pytest.raises(ConfigurationError, match="base_url"):
        acme(harness, base_url=base_url)


@pytest.mark.parametrize(
    "token", ["   ", "abc\r\nX-Injected: 1", "abc\x00d", "tok\udc80en", "tökén", "ab\tcd"]
)
def test_malformed_token_is_refused_without_echoing_it(harness: Harness, token: str) -> None:
    with pytest.raises(ConfigurationError) as info:
        acme(harness, token=token)
    assert "token is malformed" in str(info.value)
    assert "X-Injected" not in str(info.value)


# --- timeout, retries, headers --------------------------------------------------------------------


def test_default_timeout(harness: Harness) -> None:
    server = thing_server()
    client = acme(harness, server)
    harness.run(client.get_thing, 1)
    expected = httpx.Timeout(30.0, connect=5.0)
    assert client._config.timeout == expected
    assert server.requests[0].extensions["timeout"] == expected.as_dict()
    assert server.requests[0].extensions["timeout"] == {
        "connect": 5.0,
        "read": 30.0,
        "write": 30.0,
        "pool": 30.0,
    }


@pytest.mark.parametrize(
    ("timeout", "expected"),
    [
        (7.5, httpx.Timeout(7.5)),
        (2, httpx.Timeout(2.0)),
        (httpx.Timeout(10.0, read=60.0), httpx.Timeout(10.0, read=60.0)),
    ],
)
def test_timeout_is_applied(
    harness: Harness, timeout: float | httpx.Timeout, expected: httpx.Timeout
) -> None:
    server = thing_server()
    client = acme(harness, server, timeout=timeout)
    harness.run(client.get_thing, 1)
    assert server.requests[0].extensions["timeout"] == expected.as_dict()


@pytest.mark.parametrize(
    ("option", "value"), [("timeout", 0), ("timeout", -1.0), ("max_retries", -1)]
)
def test_out_of_range_numbers_are_refused(harness: Harness, option: str, value: float) -> None:
    with pytest.raises(ValueError, match=option):
        acme(harness, None, **{option: value})


def test_max_retries_defaults_to_two(harness: Harness, monkeypatch: pytest.MonkeyPatch) -> None:
    waits: list[float] = []

    async def async_sleep(seconds: float) -> None:
        waits.append(seconds)

    monkeypatch.setattr(_transport, "time", SimpleNamespace(sleep=waits.append))
    monkeypatch.setattr(_transport, "_async_sleep", async_sleep)
    server = MockServer().add("GET", "/things/1", json_response({"detail": "busy"}, 503))
    client = acme(harness, server)
    assert client._config.retry.max_retries == 2
    with pytest.raises(InternalServerError, match="HTTP 503: busy"):
        harness.run(client.get_thing, 1)
    assert len(server.requests) == 3
    assert len(waits) == 2
    assert 0.375 <= waits[0] <= 0.5
    assert 0.75 <= waits[1] <= 1.0


def test_max_retries_option(harness: Harness) -> None:
    client = acme(harness, max_retries=5)
    assert client._config.retry.max_retries == 5
    assert client._config.retry == RetryPolicy(max_retries=5, jitter=client._config.retry.jitter)


def test_user_agent_and_extra_headers(harness: Harness) -> None:
    server = thing_server()
    client = acme(harness, server, headers={"X-Trace": "abc", "Accept-Language": "en"})
    harness.run(client.get_thing, 1)
    headers = server.requests[0].headers
    assert headers["User-Agent"] == f"attempts-sdk/{__version__}"
    assert headers["Accept"] == "application/json"
    assert headers["X-Trace"] == "abc"
    assert headers["Accept-Language"] == "en"
    assert headers["Authorization"] == f"Token {TOKEN}"


@pytest.mark.parametrize(
    "headers",
    [
        {"X-Trace": "abc\r\nX-Injected: 1"},
        {"X-Trace": "abc\n"},
        {"X-Trace": "abc\rdef"},
        {"X-Trace": "a\x00b"},
        {"X-Bad Name": "abc"},
        {"X-Trace:": "abc"},
        {"X-Bad\r\nName": "abc"},
        {"": "abc"},
        {"X-Count": 3},
    ],
)
def test_headers_that_would_break_the_request_are_refused_at_construction(
    harness: Harness, headers: dict[str, Any]
) -> None:
    """Not later, as a misleading APIConnectionError after the retries of the first call; the
    value (it may be a secret) is not repeated in the message."""
    server = thing_server()
    with pytest.raises(ConfigurationError, match="header") as caught:
        acme(harness, server, headers=headers)
    assert "abc" not in str(caught.value)
    assert server.requests == []


def test_custom_auth_replaces_the_default_header(harness: Harness) -> None:
    server = thing_server()
    client = acme(harness, server, token=None, auth=httpx.BasicAuth("user", "pass"))
    harness.run(client.get_thing, 1)
    assert server.requests[0].headers["Authorization"] == "Basic dXNlcjpwYXNz"


# --- injection and closing ------------------------------------------------------------------------


def test_injected_http_client_is_used_and_not_closed(harness: Harness) -> None:
    server = thing_server()
    http: httpx.Client | httpx.AsyncClient = (
        httpx.AsyncClient(transport=server.transport)
        if harness.is_async
        else httpx.Client(transport=server.transport)
    )
    client = acme(harness, http_client=http)
    assert harness.run(client.get_thing, 1).name == "one"
    assert len(server.requests) == 1
    assert client._shell.client is http
    harness.run(client.close)
    assert http.is_closed is False
    if isinstance(http, httpx.AsyncClient):
        harness.await_(http.aclose())
    else:
        http.close()
    assert http.is_closed is True


def test_injected_http_client_keeps_its_own_timeout(harness: Harness) -> None:
    server = thing_server()
    timeout = httpx.Timeout(99.0, connect=3.0)
    http: httpx.Client | httpx.AsyncClient = (
        httpx.AsyncClient(transport=server.transport, timeout=timeout)
        if harness.is_async
        else httpx.Client(transport=server.transport, timeout=timeout)
    )
    client = acme(harness, http_client=http)
    harness.run(client.get_thing, 1)
    assert server.requests[0].extensions["timeout"] == timeout.as_dict()
    explicit = acme(harness, http_client=http, timeout=7.0)
    harness.run(explicit.get_thing, 1)
    assert server.requests[1].extensions["timeout"] == httpx.Timeout(7.0).as_dict()
    if isinstance(http, httpx.AsyncClient):
        harness.await_(http.aclose())
    else:
        http.close()


def test_transport_injection(harness: Harness) -> None:
    server = thing_server()
    client = acme(harness, server)
    assert harness.run(client.get_thing, 1).id == 1
    assert [str(r.url) for r in server.requests] == [f"{BASE_URL}/things/1"]


def test_http_client_and_transport_together_are_refused(harness: Harness) -> None:
    server = thing_server()
    with httpx.Client() as http, pytest.raises(ConfigurationError, match="not both"):
        acme(harness, server, http_client=http)


def test_close_closes_the_owned_client(harness: Harness) -> None:
    client = acme(harness, thing_server())
    assert client._shell.client.is_closed is False
    harness.run(client.close)
    assert client._shell.client.is_closed is True


def test_context_manager_closes_the_owned_client(harness: Harness) -> None:
    server = thing_server()
    if harness.is_async:

        async def use() -> httpx.AsyncClient:
            async with AsyncAcmeClient(
                base_url=BASE_URL, token=TOKEN, transport=server.transport
            ) as client:
                assert (await client.get_thing(1)).id == 1
                assert client._shell.client.is_closed is False
            return client._shell.client

        http = harness.await_(use())
    else:
        with AcmeClient(base_url=BASE_URL, token=TOKEN, transport=server.transport) as client:
            assert client.get_thing(1).id == 1
            assert client._shell.client.is_closed is False
        http = client._shell.client
    assert http.is_closed is True
    assert len(server.requests) == 1


def test_context_manager_leaves_an_injected_client_open(harness: Harness) -> None:
    server = thing_server()
    if harness.is_async:

        async def use() -> bool:
            async with httpx.AsyncClient(transport=server.transport) as http:
                async with AsyncAcmeClient(base_url=BASE_URL, token=TOKEN, http_client=http):
                    pass
                return http.is_closed

        assert harness.await_(use()) is False
    else:
        with httpx.Client(transport=server.transport) as http:
            with AcmeClient(base_url=BASE_URL, token=TOKEN, http_client=http):
                pass
            assert http.is_closed is False


def test_unknown_keyword_is_a_type_error(harness: Harness) -> None:
    with pytest.raises(TypeError, match="max_retry"):
        acme(harness, max_retry=3)


# --- secrets --------------------------------------------------------------------------------------


def test_token_is_not_in_reprs(harness: Harness) -> None:
    client = acme(harness, thing_server())
    config = client._config
    assert repr(client) == f"{type(client).__name__}(base_url='https://acme.test')"
    for text in (repr(client), repr(config), repr(config.auth), str(config)):
        assert TOKEN not in text
        assert QUOTED_TOKEN not in text
    assert repr(config.auth) == "HeaderAuth(scheme='Token', credential='[REDACTED]')"


def test_header_auth_sends_the_header_and_hides_it() -> None:
    auth = HeaderAuth("Token", TOKEN)
    request = httpx.Request("GET", BASE_URL)
    sent = next(auth.auth_flow(request))
    assert sent.headers["Authorization"] == f"Token {TOKEN}"
    assert TOKEN not in repr(auth)


def test_token_echoed_in_an_error_body_is_redacted(harness: Harness) -> None:
    server = MockServer().add(
        "GET", "/things/1", json_response({"detail": f"Invalid token {TOKEN}."}, 401)
    )
    client = acme(harness, server)
    with pytest.raises(AuthenticationError) as info:
        harness.run(client.get_thing, 1)
    assert str(info.value) == "acme: HTTP 401: Invalid token [REDACTED]."
    assert info.value.message == "Invalid token [REDACTED]."
    assert TOKEN not in repr(info.value)


def test_token_echoed_in_a_text_error_body_is_redacted(harness: Harness) -> None:
    server = MockServer().add("GET", "/things/1", json_response(f"bad token {QUOTED_TOKEN}", 403))
    client = acme(harness, server)
    with pytest.raises(PermissionDeniedError, match="HTTP 403") as info:
        harness.run(client.get_thing, 1)
    assert QUOTED_TOKEN not in str(info.value)
    assert "[REDACTED]" in str(info.value)


def test_token_in_the_url_of_a_connection_error_is_redacted(harness: Harness) -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError(f"cannot reach {request.url}", request=request)

    server = MockServer().add("GET", f"/things/{TOKEN}", refuse)
    client = acme(harness, server, max_retries=0)
    with pytest.raises(APIConnectionError) as info:
        harness.run(client.get_thing, TOKEN)
    text = str(info.value)
    assert TOKEN not in text
    assert QUOTED_TOKEN not in text
    assert "GET https://acme.test/things/[REDACTED] failed" in text


def test_redirects_are_followed_within_the_origin_only(harness: Harness) -> None:
    server = (
        MockServer()
        .add("GET", "/things/1", lambda r: httpx.Response(302, headers={"Location": "/moved/1"}))
        .add(
            "GET",
            "/moved/1",
            lambda r: httpx.Response(302, headers={"Location": "https://other.test/x/1"}),
        )
        .add("GET", "/x/1", THING)
    )
    client = acme(harness, server)
    with pytest.raises(APIStatusError, match="another origin") as caught:
        harness.run(client.get_thing, 1)
    assert caught.value.status_code == 302
    sent = [(r.url.host, r.url.path, r.headers.get("Authorization")) for r in server.requests]
    assert sent == [
        ("acme.test", "/things/1", f"Token {TOKEN}"),
        ("acme.test", "/moved/1", f"Token {TOKEN}"),
    ]


def acme_records(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name.startswith("attempts_sdk")]


def test_log_records_have_method_url_status_attempt_and_no_token(
    harness: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="attempts_sdk")
    server = MockServer().add(
        "GET", "/things/1", json_response({"detail": f"busy {TOKEN}"}, 503), THING
    )
    client = acme(harness, server, retry_policy=RetryPolicy(initial_delay=0.0))
    harness.run(client.get_thing, 1)
    messages = acme_records(caplog)
    assert messages[0] == "acme GET https://acme.test/things/1 -> 503 (attempt 1)"
    assert messages[-1] == "acme GET https://acme.test/things/1 -> 200 (attempt 2)"
    assert any("HTTP 503, retry 1 of 2" in m for m in messages)
    assert all(TOKEN not in m and QUOTED_TOKEN not in m for m in messages)


def test_log_records_redact_a_token_in_the_url(
    harness: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="attempts_sdk")
    server = MockServer().add("GET", f"/things/{TOKEN}", THING)
    client = acme(harness, server)
    harness.run(client.get_thing, TOKEN)
    assert server.requests[0].url.raw_path == f"/things/{QUOTED_TOKEN}".encode()
    messages = acme_records(caplog)
    assert messages == ["acme GET https://acme.test/things/[REDACTED] -> 200 (attempt 1)"]


def test_log_records_of_failures_have_no_token(
    harness: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="attempts_sdk")
    server = MockServer().add("GET", "/search", json_response({"detail": "nope"}, 500))
    client = acme(harness, server, retry_policy=RetryPolicy(max_retries=1, initial_delay=0.0))
    with pytest.raises(InternalServerError, match="HTTP 500"):
        harness.run(client.search, TOKEN)
    messages = acme_records(caplog)
    assert len(messages) == 4
    assert messages[-1].endswith("-> 500, giving up")
    assert "(attempt 2)" in messages[2]
    for message in messages:
        assert TOKEN not in message
        assert QUOTED_TOKEN not in message
        assert "s3cr3t" not in message


# --- ATTEMPTS_SDK_LOG -----------------------------------------------------------------------------


@pytest.fixture
def bare_logger() -> Iterator[logging.Logger]:
    """The ``attempts_sdk`` logger with no handlers; restored afterwards."""
    logger = logging.getLogger("attempts_sdk")
    saved_handlers, saved_level = logger.handlers[:], logger.level
    for handler in saved_handlers:
        logger.removeHandler(handler)
    try:
        yield logger
    finally:
        for handler in logger.handlers[:]:
            logger.removeHandler(handler)
        for handler in saved_handlers:
            logger.addHandler(handler)
        logger.setLevel(saved_level)


@pytest.mark.parametrize(("value", "level"), [("debug", logging.DEBUG), (" INFO ", logging.INFO)])
def test_log_env_switches_logging_on(
    monkeypatch: pytest.MonkeyPatch, bare_logger: logging.Logger, value: str, level: int
) -> None:
    monkeypatch.setenv("ATTEMPTS_SDK_LOG", value)
    _transport._setup_logging()
    assert len(bare_logger.handlers) == 1
    handler = bare_logger.handlers[0]
    assert isinstance(handler, logging.StreamHandler)
    assert handler.stream is sys.stderr
    assert bare_logger.level == level
    _transport._setup_logging()
    assert len(bare_logger.handlers) == 1


@pytest.mark.parametrize("value", ["", "verbose", None])
def test_log_env_unset_or_unknown_adds_nothing(
    monkeypatch: pytest.MonkeyPatch, bare_logger: logging.Logger, value: str | None
) -> None:
    if value is None:
        monkeypatch.delenv("ATTEMPTS_SDK_LOG", raising=False)
    else:
        monkeypatch.setenv("ATTEMPTS_SDK_LOG", value)
    _transport._setup_logging()
    assert bare_logger.handlers == []


# --- path parameters ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "raw_path"),
    [
        ("a/b c", b"/things/a%2Fb%20c"),
        ("x?y#z", b"/things/x%3Fy%23z"),
        ("..a", b"/things/..a"),
        ("%2F", b"/things/%252F"),
        (42, b"/things/42"),
        (0, b"/things/0"),
    ],
)
def test_path_parameters_are_escaped(harness: Harness, value: object, raw_path: bytes) -> None:
    server = MockServer()
    for path in ("/things/a/b c", "/things/x?y#z", "/things/..a", "/things/%2F"):
        server.add("GET", path, THING)
    server.add("GET", "/things/42", THING).add("GET", "/things/0", THING)
    client = acme(harness, server)
    assert harness.run(client.get_thing, value).id == 1
    assert [r.url.raw_path for r in server.requests] == [raw_path]


@pytest.mark.parametrize(
    ("value", "error"),
    [
        (".", ValueError),
        ("..", ValueError),
        ("", ValueError),
        ("  ", ValueError),
        (-1, ValueError),
        (True, TypeError),
        (False, TypeError),
        (1.5, TypeError),
        (None, TypeError),
        (b"1", TypeError),
    ],
)
def test_bad_path_parameters_are_refused_before_sending(
    harness: Harness, value: object, error: type[Exception]
) -> None:
    server = MockServer().add("GET", "/things/1", THING)
    client = acme(harness, server)
    with pytest.raises(error, match="thing_id"):
        harness.run(client.get_thing, value)
    with pytest.raises(error, match="group"):
        client.list_things(value)
    assert server.requests == []


def test_list_path_parameter_is_escaped(harness: Harness) -> None:
    server = MockServer().add(
        "GET", "/groups/a/b/things", json_response({"results": [{"id": 3}], "next": None})
    )
    items = harness.collect(acme(harness, server).list_things("a/b"))
    assert [item.id for item in items] == [3]
    assert server.requests[0].url.raw_path == b"/groups/a%2Fb/things"


@pytest.mark.parametrize(
    ("base_url", "allowed"),
    [
        ("http://acme.test", False),
        ("http://10.0.0.5:8080", False),
        ("https://acme.test", True),
        ("http://127.0.0.1:8000", True),
        ("http://127.5.6.7", True),
        ("http://localhost:9000", True),
        ("http://[::1]:9000", True),
    ],
)
def test_plain_http_is_refused_unless_loopback_or_allowed(
    harness: Harness, base_url: str, allowed: bool
) -> None:
    if allowed:
        assert str(acme(harness, base_url=base_url).base_url).startswith(base_url)
    else:
        with pytest.raises(ConfigurationError, match="clear text"):
            acme(harness, base_url=base_url)
        client = acme(harness, base_url=base_url, allow_insecure_http=True)
        assert str(client.base_url).startswith(base_url)


def test_client_config_is_a_plain_value_and_each_client_builds_its_services() -> None:
    import copy

    from attempts_sdk._cache import ResponseCache
    from attempts_sdk._config import resolve_config
    from attempts_sdk._ratelimit import RateLimiter
    from support.acme import ACME

    def resolve() -> Any:
        return resolve_config(
            ACME, base_url="https://acme.test", credential="acme-token", cache=True, rate_limit=2
        )

    config = resolve()
    values = [getattr(config, name) for name in type(config)._fields_]
    assert not any(isinstance(value, (ResponseCache, RateLimiter)) for value in values)
    assert (config.cache, config.rate_limit) == (True, 2.0)
    assert config == resolve() == copy.deepcopy(config)  # a value: equal when built alike
    assert "acme-token" not in repr(config)
    assert config.redact("url?token=acme-token") == "url?token=[REDACTED]"

    first = AcmeClient(base_url="https://acme.test", token="acme-token", cache=True, rate_limit=2)
    second = AcmeClient(base_url="https://acme.test", token="acme-token", cache=True, rate_limit=2)
    try:
        assert first._config == second._config
        assert isinstance(first._cache, ResponseCache)
        assert isinstance(first._rate_limiter, RateLimiter)
        assert first._rate_limiter.rate == 2.0
        assert first._cache is not second._cache
        assert first._rate_limiter is not second._rate_limiter
    finally:
        first.close()
        second.close()
