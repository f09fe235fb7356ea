"""HTTP caching (``cache=``), sync and async: revalidation with ``If-None-Match`` /
``If-Modified-Since``, a 304 answered from the cache, what is never stored, and the cache
keeping out of the way of retries, redirects, timeouts and pagination."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import textwrap
import threading
from typing import Any

import hishel
import httpx
import pytest

from attempts_sdk import (
    PROVIDERS,
    APITimeoutError,
    ConfigurationError,
    InternalServerError,
    NotFoundError,
    Provider,
    RetryPolicy,
)
from attempts_sdk._cache import cache_identity
from attempts_sdk.indeed import AsyncIndeedClient, IndeedClient
from attempts_sdk.testing import FakeIndeed
from attempts_sdk.testpress import AsyncTestpressClient, TestpressClient
from conftest import Harness, MockServer, Responder, fixture_json, fixture_text, json_response

BASE_URL = "https://api.indeed.test/v1"
API_KEY = "ia-cache-key-0042"
ATTEMPT_ID = "khbgltqixvvyoxeb"
ATTEMPT_PATH = f"/v1/attempts/{ATTEMPT_ID}.json"
ETAG = '"33a64df551425fcc55e4d42a148795d9"'
OLD_DATE = "Fri, 08 Dec 2017 13:38:17 GMT"  # RFC 9111 would let it be fresh for a week
NO_WAIT = RetryPolicy(max_retries=2, initial_delay=0.0)


def attempt_body(score: float | None = None) -> str:
    body = fixture_json("indeed", "get_attempt")
    if score is None:
        return fixture_text("indeed", "get_attempt")
    body["attempt"]["score"] = score
    return json.dumps(body)


def ok(body: str, **headers: str) -> Responder:
    return json_response(body, headers={name.replace("_", "-"): v for name, v in headers.items()})


def not_modified(**headers: str) -> Responder:
    def respond(request: httpx.Request) -> httpx.Response:
        return httpx.Response(304, headers={k.replace("_", "-"): v for k, v in headers.items()})

    return respond


def indeed(harness: Harness, server: MockServer | FakeIndeed, **options: Any) -> Any:
    """An Indeed client on ``server``, with the default cache unless ``cache=`` says."""
    if isinstance(server, FakeIndeed):
        options.setdefault("api_key", server.api_key)
    options.setdefault("api_key", API_KEY)
    options.setdefault("rate_limit", None)  # 1 request/s is tests/test_rate_limit.py's subject
    return harness.client(
        IndeedClient, AsyncIndeedClient, base_url=BASE_URL, transport=server.transport, **options
    )


# --- revalidation


def test_second_get_sends_if_none_match_and_a_304_returns_the_cached_model(
    harness: Harness,
) -> None:
    server = MockServer().add("GET", ATTEMPT_PATH, ok(attempt_body(), ETag=ETAG), not_modified())
    client = indeed(harness, server)  # caching is on by default for Indeed

    first = harness.run(client.get_attempt, ATTEMPT_ID)
    second = harness.run(client.get_attempt, ATTEMPT_ID)

    assert [r.headers.get("If-None-Match") for r in server.requests] == [None, ETAG]
    assert second == first
    assert second.id == ATTEMPT_ID
    assert second.score == 2.0
    assert second.step_progressions[0].step.name == first.step_progressions[0].step.name


def test_the_304_really_has_no_body(harness: Harness) -> None:
    answers: list[httpx.Response] = []

    def record(responder: Responder) -> Responder:
        def respond(request: httpx.Request) -> httpx.Response:
            answers.append(responder(request))
            return answers[-1]

        return respond

    server = MockServer().add(
        "GET", ATTEMPT_PATH, record(ok(attempt_body(), ETag=ETAG)), record(not_modified(ETag=ETAG))
    )
    client = indeed(harness, server)

    models = [harness.run(client.get_attempt, ATTEMPT_ID) for _ in range(2)]

    assert [a.status_code for a in answers] == [200, 304]
    assert answers[1].content == b""
    assert models[0] == models[1]


def test_last_modified_is_revalidated_with_if_modified_since(harness: Harness) -> None:
    server = MockServer().add(
        "GET", ATTEMPT_PATH, ok(attempt_body(), Last_Modified=OLD_DATE), not_modified()
    )
    client = indeed(harness, server)

    first = harness.run(client.get_attempt, ATTEMPT_ID)
    second = harness.run(client.get_attempt, ATTEMPT_ID)

    # sent, although RFC 9111's heuristic would call a response last changed in 2017 fresh
    assert len(server.requests) == 2
    assert server.requests[1].headers["If-Modified-Since"] == OLD_DATE
    assert "If-None-Match" not in server.requests[1].headers
    assert second == first


def test_a_changed_resource_replaces_the_stored_one(harness: Harness) -> None:
    new_etag = '"v2"'
    server = MockServer().add(
        "GET",
        ATTEMPT_PATH,
        ok(attempt_body(), ETag=ETAG),
        ok(attempt_body(score=1.0), ETag=new_etag),
        not_modified(),
    )
    client = indeed(harness, server)

    scores = [harness.run(client.get_attempt, ATTEMPT_ID).score for _ in range(3)]

    assert scores == [2.0, 1.0, 1.0]
    assert [r.headers.get("If-None-Match") for r in server.requests] == [None, ETAG, new_etag]


def test_a_response_with_a_lifetime_is_served_without_a_request(harness: Harness) -> None:
    server = MockServer().add(
        "GET", ATTEMPT_PATH, ok(attempt_body(), ETag=ETAG, Cache_Control="private, max-age=60")
    )
    client = indeed(harness, server)

    first = harness.run(client.get_attempt, ATTEMPT_ID)
    second = harness.run(client.get_attempt, ATTEMPT_ID)

    assert len(server.requests) == 1
    assert second == first


# --- what is never stored or shared


def test_no_store_is_not_stored(harness: Harness) -> None:
    server = MockServer().add(
        "GET",
        ATTEMPT_PATH,
        ok(attempt_body(), ETag=ETAG, Cache_Control="no-store"),
        ok(attempt_body(score=1.0), ETag=ETAG, Cache_Control="no-store"),
    )
    client = indeed(harness, server)

    scores = [harness.run(client.get_attempt, ATTEMPT_ID).score for _ in range(2)]

    assert scores == [2.0, 1.0]
    assert [r.headers.get("If-None-Match") for r in server.requests] == [None, None]


def test_an_error_is_not_stored(harness: Harness) -> None:
    error = json_response({"error": "Couldn't find Attempt"}, 404, headers={"ETag": ETAG})
    server = MockServer().add("GET", ATTEMPT_PATH, error)
    client = indeed(harness, server)

    for _ in range(2):
        with pytest.raises(NotFoundError):
            harness.run(client.get_attempt, ATTEMPT_ID)

    assert [r.headers.get("If-None-Match") for r in server.requests] == [None, None]


def test_a_failed_revalidation_raises_and_keeps_the_stored_response(harness: Harness) -> None:
    def times_out(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("timed out", request=request)

    server = MockServer().add(
        "GET",
        ATTEMPT_PATH,
        ok(attempt_body(), ETag=ETAG),
        json_response({"error": "boom"}, 500),
        times_out,
        not_modified(),
    )
    client = indeed(harness, server, max_retries=0)

    first = harness.run(client.get_attempt, ATTEMPT_ID)
    with pytest.raises(InternalServerError):
        harness.run(client.get_attempt, ATTEMPT_ID)
    with pytest.raises(APITimeoutError):
        harness.run(client.get_attempt, ATTEMPT_ID)
    last = harness.run(client.get_attempt, ATTEMPT_ID)

    assert last == first
    assert [r.headers.get("If-None-Match") for r in server.requests] == [None, ETAG, ETAG, ETAG]


def test_entries_never_leak_across_credentials_sharing_a_storage(harness: Harness) -> None:
    connection = sqlite3.connect(":memory:", check_same_thread=False)
    storage = hishel.SqliteStorage(connection=connection)
    server = MockServer().add("GET", ATTEMPT_PATH, ok(attempt_body(), ETag=ETAG))
    alice = indeed(harness, server, cache=storage)
    bob = indeed(harness, server, cache=storage, api_key="ia-another-key-7")
    alice_again = indeed(harness, server, cache=storage)

    for client in (alice, bob, alice_again):
        harness.run(client.get_attempt, ATTEMPT_ID)

    assert [r.headers.get("If-None-Match") for r in server.requests] == [None, None, ETAG]
    assert [r.headers["Authorization"] for r in server.requests] == [
        f"token {API_KEY}",
        "token ia-another-key-7",
        f"token {API_KEY}",
    ]
    stored = b"".join(
        bytes(value)
        for row in connection.execute("SELECT * FROM entries")
        for value in row
        if isinstance(value, bytes)
    )
    assert stored != b""
    assert API_KEY.encode() not in stored  # the credential is never written to the storage
    assert b"ia-another-key-7" not in stored
    storage.close()


def test_the_default_cache_is_private_to_each_client(harness: Harness) -> None:
    server = MockServer().add("GET", ATTEMPT_PATH, ok(attempt_body(), ETag=ETAG))
    one, other = indeed(harness, server), indeed(harness, server)

    harness.run(one.get_attempt, ATTEMPT_ID)
    harness.run(other.get_attempt, ATTEMPT_ID)

    assert [r.headers.get("If-None-Match") for r in server.requests] == [None, None]


def test_post_is_not_cached(harness: Harness) -> None:
    path = "/api/v2.2/exams/dummy-test-7-8/attempts/"
    created = ok(fixture_text("testpress", "create_attempt"), ETag=ETAG, Cache_Control="max-age=60")
    server = MockServer().add("POST", path, created)
    client = harness.client(
        TestpressClient,
        AsyncTestpressClient,
        base_url="https://demo.testpress.in",
        token="tp-token-0042",
        transport=server.transport,
        cache=True,
    )

    attempts = [harness.run(client.create_attempt, "dummy-test-7-8") for _ in range(2)]

    assert [r.method for r in server.requests] == ["POST", "POST"]
    assert [r.headers.get("If-None-Match") for r in server.requests] == [None, None]
    assert attempts[0] == attempts[1]


def test_cache_false_sends_no_validators(harness: Harness) -> None:
    fake = FakeIndeed()
    client = indeed(harness, fake, cache=False)
    attempt_id = fake.attempts[0]["id"]

    first = harness.run(client.get_attempt, attempt_id)
    second = harness.run(client.get_attempt, attempt_id)

    assert fake.calls == [("GET", f"/attempts/{attempt_id}.json")] * 2
    assert fake.not_modified == 0
    assert second == first


# --- the honest fake, retries, redirects, pagination, threads


def test_the_indeed_fake_answers_revalidations_with_304(harness: Harness) -> None:
    fake = FakeIndeed()
    client = indeed(harness, fake)
    attempt_id = fake.attempts[0]["id"]

    first = harness.run(client.get_attempt, attempt_id)
    second = harness.run(client.get_attempt, attempt_id)

    assert fake.not_modified == 1
    assert second == first
    assert second.id == attempt_id


def test_pagination_revalidates_every_page(harness: Harness) -> None:
    fake = FakeIndeed()
    client = indeed(harness, fake)

    first = harness.collect(client.list_assignments(per_page=5))
    second = harness.collect(client.list_assignments(per_page=5))

    assert [a.id for a in first] == [a["id"] for a in fake.assignments]
    assert second == first
    assert fake.not_modified == 3  # 13 assignments: three pages, each answered 304


def test_retries_carry_the_validators_and_end_with_the_cached_model(harness: Harness) -> None:
    server = MockServer().add(
        "GET",
        ATTEMPT_PATH,
        ok(attempt_body(), ETag=ETAG),
        json_response({"error": "unavailable"}, 503),
        not_modified(),
    )
    client = indeed(harness, server, retry_policy=NO_WAIT)

    first = harness.run(client.get_attempt, ATTEMPT_ID)
    second = harness.run(client.get_attempt, ATTEMPT_ID)

    assert [r.headers.get("If-None-Match") for r in server.requests] == [None, ETAG, ETAG]
    assert second == first


def test_a_same_origin_redirect_is_followed_with_the_validators(harness: Harness) -> None:
    moved = "/v1/attempts/moved.json"
    redirect = json_response("{}", 302, headers={"Location": moved})
    server = MockServer()
    server.add("GET", ATTEMPT_PATH, redirect)
    server.add("GET", moved, ok(attempt_body(), ETag=ETAG), not_modified())
    client = indeed(harness, server)

    first = harness.run(client.get_attempt, ATTEMPT_ID)
    second = harness.run(client.get_attempt, ATTEMPT_ID)

    assert server.paths() == [ATTEMPT_PATH, moved, ATTEMPT_PATH, moved]
    assert [r.headers.get("If-None-Match") for r in server.requests] == [None, None, ETAG, ETAG]
    assert second == first


def test_threads_share_one_clients_cache() -> None:
    fake = FakeIndeed()
    attempt_id = fake.attempts[0]["id"]
    with IndeedClient(api_key=fake.api_key, transport=fake.transport, rate_limit=None) as client:
        first = client.get_attempt(attempt_id)
        results: list[Any] = []
        threads = [
            threading.Thread(target=lambda: results.append(client.get_attempt(attempt_id)))
            for _ in range(8)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

    assert results == [first] * 8
    assert fake.not_modified == 8


# --- configuration


def test_caching_is_on_by_default_for_indeed_only() -> None:
    assert [name for name, entry in PROVIDERS.items() if entry.spec.default_cache] == ["indeed"]


@pytest.mark.parametrize("entry", PROVIDERS.values(), ids=list(PROVIDERS))
def test_each_provider_caches_by_its_default_unless_told(harness: Harness, entry: Provider) -> None:
    base = {
        "base_url": "https://lms.example.test",
        entry.credential: "secret-0042",
        "transport": httpx.MockTransport(lambda request: httpx.Response(204)),
    }
    sync_cls, async_cls = entry.client, entry.async_client

    default = harness.client(sync_cls, async_cls, **base)
    on = harness.client(sync_cls, async_cls, **base, cache=True)
    off = harness.client(sync_cls, async_cls, **base, cache=False)

    assert (default._cache is not None) is entry.spec.default_cache
    assert on._cache is not None
    assert off._cache is None


@pytest.mark.parametrize("value", ["yes", None, 1, object()])
def test_a_wrong_cache_value_is_refused(harness: Harness, value: object) -> None:
    with pytest.raises(ConfigurationError, match="cache must be True, False or a hishel"):
        harness.client(IndeedClient, AsyncIndeedClient, api_key=API_KEY, cache=value)


def test_an_async_storage_is_refused_with_a_hint(harness: Harness) -> None:
    storage = hishel.AsyncSqliteStorage.__new__(hishel.AsyncSqliteStorage)  # needs no anysqlite

    with pytest.raises(ConfigurationError, match="use a synchronous storage"):
        harness.client(IndeedClient, AsyncIndeedClient, api_key=API_KEY, cache=storage)


def test_closing_the_client_leaves_your_storage_open(harness: Harness) -> None:
    storage = hishel.SqliteStorage(connection=sqlite3.connect(":memory:", check_same_thread=False))
    server = MockServer().add("GET", ATTEMPT_PATH, ok(attempt_body(), ETag=ETAG), not_modified())
    client = indeed(harness, server, cache=storage)
    harness.run(client.get_attempt, ATTEMPT_ID)

    harness.await_(client.aclose() if harness.is_async else client.close())
    again = indeed(harness, server, cache=storage)
    harness.run(again.get_attempt, ATTEMPT_ID)

    assert server.requests[1].headers["If-None-Match"] == ETAG
    storage.close()


def test_hishel_is_imported_only_when_a_request_is_cached() -> None:
    code = textwrap.dedent(
        """
        import sys

        import httpx

        import attempts_sdk.testing
        import attempts_sdk.testpress
        from attempts_sdk.indeed import IndeedClient

        IndeedClient(api_key="k")
        assert "hishel" not in sys.modules, "imported before any request"
        answer = httpx.Response(200, json={"attempt": {"id": "a"}})
        client = IndeedClient(api_key="k", transport=httpx.MockTransport(lambda r: answer))
        assert client.get_attempt("a").id == "a"
        assert "hishel" in sys.modules, "the request was not cached"
        """
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_keys_are_scoped_to_a_hash_of_the_credential() -> None:
    alice, alice_again = cache_identity("alice-key", False), cache_identity("alice-key", False)
    bob = cache_identity("bob-key", False)

    assert alice == alice_again != bob
    assert "alice-key" not in alice
    assert cache_identity(None, False) == "anonymous"
    # a custom auth= hides who it is: each client gets keys of its own
    assert cache_identity("alice-key", True) != cache_identity("alice-key", True)
