"""Per-call options and ``with_options`` in the core, on the toy acme provider: what each
option does to the request, what is refused (before anything is sent), and what a copy made by
``with_options`` shares and owns. (``suites/test_call_options.py`` runs the behaviour on every
registered provider.)"""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from attempts_sdk import ConfigurationError, RetryPolicy
from attempts_sdk.testing import FakeTestpress
from conftest import Harness, MockServer, json_response
from support.acme import AcmeClient, AsyncAcmeClient

BASE_URL = "https://acme.test"


def _client(harness: Harness, server: MockServer, **options: Any) -> Any:
    return harness.client(
        AcmeClient,
        AsyncAcmeClient,
        base_url=BASE_URL,
        token="t0ken",
        transport=server.transport,
        **options,
    )


def test_options_change_only_their_call(harness: Harness) -> None:
    server = MockServer().add("GET", "/search", json_response({"id": 1}))
    client = _client(harness, server, headers={"X-Team": "a"}, timeout=20.0)

    harness.run(
        client.search,
        "x",
        timeout=httpx.Timeout(3.0, connect=1.0),
        extra_headers={"X-TEAM": "b"},
        extra_query={"n": 3, "f": 0.5, "on": False},
    )
    harness.run(client.search, "x")

    with_options, plain = server.requests
    assert with_options.headers.get_list("x-team") == ["b"]
    assert str(with_options.url.params) == "q=x&n=3&f=0.5&on=false"
    assert with_options.extensions["timeout"] == {
        "connect": 1.0,
        "read": 3.0,
        "write": 3.0,
        "pool": 3.0,
    }
    assert plain.headers["X-Team"] == "a" and str(plain.url.params) == "q=x"
    assert plain.extensions["timeout"]["read"] == 20.0


@pytest.mark.parametrize(
    ("options", "error", "match"),
    [
        ({"timeout": "5"}, TypeError, "timeout must be seconds or an httpx.Timeout"),
        ({"timeout": 0}, ValueError, "positive number of seconds"),
        ({"timeout": float("nan")}, ValueError, "positive number of seconds"),
        ({"max_retries": -1}, ValueError, "max_retries must be an int >= 0"),
        ({"max_retries": True}, ValueError, "max_retries must be an int >= 0"),
        ({"extra_headers": {"X-N": 1}}, ConfigurationError, "header X-N must be a str"),
        ({"extra_headers": {"X-N": "a\r\nX-Admin: 1"}}, ConfigurationError, "CR, LF or NUL"),
        ({"deadline": 0}, ValueError, "deadline must be a number of seconds > 0"),
        ({"deadline": float("inf")}, ValueError, "deadline must be"),
        ({"extra_query": {"n": [1, 2]}}, TypeError, "extra_query must map str to"),
        ({"extra_query": {"q": "other"}}, ValueError, "'q' is a parameter this call sends"),
        ({"extra_query": "q=1"}, TypeError, "extra_query must be a mapping"),
        ({"timeot": 5}, TypeError, "unexpected argument"),
    ],
)
def test_bad_options_are_refused_before_anything_is_sent(
    harness: Harness, options: dict[str, Any], error: type[Exception], match: str
) -> None:
    server = MockServer().add("GET", "/search", json_response({"id": 1}))
    client = _client(harness, server)
    with pytest.raises(error, match=match):
        harness.run(client.search, "x", **options)
    with pytest.raises(error, match=match):
        client.list_next(q="x", **options)  # a list refuses them at once, not when iterated
    assert server.requests == []


def test_a_calls_deadline_bounds_its_timeouts_and_can_be_lifted(harness: Harness) -> None:
    server = MockServer().add("GET", "/search", json_response({"id": 1}))
    client = _client(harness, server, timeout=30.0, deadline=60.0)

    harness.run(client.search, "x", deadline=2.0)  # each timeout cut to the time left
    harness.run(client.search, "x", deadline=None)  # no deadline: the timeouts as they are
    harness.run(client.search, "x")

    bounded, unbounded, plain = (r.extensions["timeout"] for r in server.requests)
    assert 1.0 < bounded["read"] <= 2.0 and bounded["connect"] <= 2.0
    assert unbounded["read"] == plain["read"] == 30.0


def test_none_extra_headers_and_query_are_nothing(harness: Harness) -> None:
    server = MockServer().add("GET", "/search", json_response({"id": 1}))
    client = _client(harness, server)
    harness.run(client.search, "x", extra_headers=None, extra_query=None)
    assert str(server.requests[0].url.params) == "q=x"


def test_a_next_link_without_the_extra_query_gets_it_back(harness: Harness) -> None:
    page_two = "https://acme.test/api/items/?page=2"  # the server dropped trace=1
    server = MockServer()
    server.add(
        "GET",
        "/api/items/",
        json_response({"next": page_two, "results": [{"id": 2}]}),
        query_key="trace=1",
    )
    server.add("GET", "/api/items/", json_response({"next": None, "results": [{"id": 3}]}))
    client = _client(harness, server)
    items = harness.collect(client.list_next(extra_query={"trace": 1}))
    assert [item.id for item in items] == [2, 3]
    assert [str(r.url.params) for r in server.requests] == ["trace=1", "page=2&trace=1"]


def test_with_options_refuses_what_it_cannot_change(harness: Harness) -> None:
    client = _client(harness, MockServer())
    for options in ({"auth": None}, {"transport": None}, {"base_url": "https://x.test"}):
        with pytest.raises(TypeError, match="with_options: unexpected keyword"):
            client.with_options(**options)
    with pytest.raises(ValueError, match="max_retries"):
        client.with_options(max_retries=-2)


def test_with_options_keeps_a_custom_retry_policys_delays(harness: Harness) -> None:
    policy = RetryPolicy(max_retries=5, initial_delay=0.25, max_delay=1.0)
    client = _client(harness, MockServer(), retry_policy=policy)
    copy = client.with_options(
        max_retries=1, strict=True, headers={"X-More": "1"}, deadline=5.0, max_response_size=1024
    )
    assert (copy._config.deadline, copy._config.max_response_size) == (5.0, 1024)
    assert client._config.deadline != 5.0
    assert copy._config.retry == RetryPolicy(max_retries=1, initial_delay=0.25, max_delay=1.0)
    assert copy._config.strict and not client._config.strict
    assert copy._config.headers["X-More"] == "1" and "X-More" not in client._config.headers
    assert copy._config.headers["User-Agent"] == client._config.headers["User-Agent"]
    assert copy.with_options(retry_policy=policy)._config.retry is policy


def test_a_copys_namespaces_belong_to_the_copy() -> None:
    fake = FakeTestpress()
    with fake.client() as client:
        copy = client.with_options(headers={"X-Copy": "1"})
        assert copy.admin._client is copy and client.admin._client is client
        assert copy.with_raw_response is not client.with_raw_response
        copy.close()
        assert client.get_attempt(125002).id == 125002


def test_any_credential_text_gets_a_cache_scope() -> None:
    """The scope is computed for every client (``with_options(cache=True)`` needs it), from
    any text; a credential that cannot travel in a header (a lone surrogate, as a fuzzed login
    answered) is refused by the constructor with a clear error, not a crash."""
    from attempts_sdk._cache import cache_identity

    assert cache_identity("\ud800", custom_auth=False).startswith("credential:")
    with pytest.raises(ConfigurationError, match="token is malformed"):
        AcmeClient(base_url=BASE_URL, token="\ud800")
    client = AcmeClient(base_url=BASE_URL, token="t0ken")
    assert client.with_options(cache=True)._cache is not None
    client.close()
