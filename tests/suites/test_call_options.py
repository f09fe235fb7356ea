"""Per-call control on every registered provider, sync and async, read from
`attempts_sdk.PROVIDERS`: per-call options reach the wire on every page and override the
client's; ``with_options`` shares the connections, cache and rate limiter (closing the copy
leaves the original working); ``with_raw_response`` gives status, headers, request id, retries
taken and the same model as the plain call.

Each provider's documented calls (`attempts_sdk._registry.Example`) run through `Options`, a
stand-in for the client that adds the call's options to every method call.
"""

from __future__ import annotations

import asyncio
import inspect
import sys
from functools import cached_property
from typing import Any

import httpx
import pytest

from attempts_sdk import (
    PROVIDERS,
    APIResponse,
    ClientClosedError,
    InternalServerError,
    Provider,
    RequestOptions,
    RetryPolicy,
)
from attempts_sdk.testing import FakeAPI
from conftest import Harness
from support.calls import LIST_CALLS, SINGLE_CALLS, Case, case_id, settle
from support.fakes import small_pages

CALLS = SINGLE_CALLS + LIST_CALLS
NO_WAIT = RetryPolicy(max_retries=2, initial_delay=0.0, max_delay=0.0)


class Options:
    """The client (or one of its namespaces, such as ``admin``) with ``options`` added to
    every method call."""

    def __init__(self, target: Any, **options: Any) -> None:
        self._target = target
        self._options = options

    def __getattr__(self, name: str) -> Any:
        value = getattr(self._target, name)
        if not callable(value):
            return Options(value, **self._options)
        return lambda *args, **kwargs: value(*args, **kwargs, **self._options)


class Recorder(httpx.BaseTransport, httpx.AsyncBaseTransport):
    """The fake's transport, recording every request sent; the first ``fail`` requests fail
    to connect (never reaching the fake, so that even a POST is retried)."""

    def __init__(self, fake: FakeAPI, fail: int = 0) -> None:
        self.requests: list[httpx.Request] = []
        self.fake = fake
        self.fail = fail

    def _record(self, request: httpx.Request) -> None:
        self.requests.append(request)
        if self.fail:
            self.fail -= 1
            raise httpx.ConnectError("connection refused", request=request)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self._record(request)
        return self.fake.transport.handle_request(request)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self._record(request)
        return await self.fake.transport.handle_async_request(request)


def _client(harness: Harness, case: Case, transport: Recorder, **options: Any) -> Any:
    entry, example = case
    fake = transport.fake
    client = entry.client_for(
        fake,
        asynchronous=harness.is_async,
        credential=example.credential,
        transport=transport,
        **options,
    )
    harness.adopt(client)
    return client


@pytest.mark.parametrize("case", CALLS, ids=list(map(case_id, CALLS)))
def test_per_call_options_reach_every_request_and_override_the_clients(
    harness: Harness, case: Case
) -> None:
    recorder = Recorder(small_pages(case[0].name, 1))
    client = _client(
        harness, case, recorder, headers={"X-Team": "client", "X-Kept": "yes"}, timeout=30.0
    )
    call = Options(
        client,
        timeout=httpx.Timeout(4.5, connect=1.5),
        deadline=3.0,  # shorter than the read timeout: it cuts it
        extra_headers={"x-team": "call", "X-Trace": "t-1"},
        extra_query={"trace": "t-1", "debug": True},
    )

    assert settle(harness, case[1].call(call))
    assert recorder.requests
    for request in recorder.requests:
        assert request.headers["X-Team"] == "call"  # the call's, over the client's
        assert request.headers.get_list("X-Team") == ["call"]
        assert request.headers["X-Trace"] == "t-1"
        assert request.headers["X-Kept"] == "yes"
        assert request.url.params["trace"] == "t-1"
        assert request.url.params["debug"] == "true"
        assert 0 < request.extensions["timeout"]["read"] <= 3.0  # the deadline's cut
        assert request.extensions["timeout"]["connect"] == 1.5  # the call's timeout

    # and the client's own settings are back for the next call
    recorder.requests.clear()
    settle(harness, case[1].call(client))
    assert {r.headers["X-Team"] for r in recorder.requests} == {"client"}
    assert all("trace" not in r.url.params for r in recorder.requests)
    assert {r.extensions["timeout"]["read"] for r in recorder.requests} == {30.0}


LISTING = list({case[0].name: case[0] for case in LIST_CALLS}.values())


@pytest.mark.parametrize("entry", LISTING, ids=lambda entry: entry.name)
def test_every_provider_lists_many_pages_here(entry: Provider) -> None:
    """The test above sees every page of a walk: each provider has a list that spans pages."""
    pages = []
    for case in [case for case in LIST_CALLS if case[0] is entry]:
        fake = small_pages(entry.name, 1)
        with entry.client_for(fake, credential=case[1].credential) as client:
            pages.append(len(list(case[1].call(client).pages())))
    assert max(pages) > 1, pages


@pytest.mark.parametrize("case", CALLS, ids=list(map(case_id, CALLS)))
def test_max_retries_per_call_overrides_the_clients(harness: Harness, case: Case) -> None:
    fake = case[0].new_fake()
    recorder = Recorder(fake)
    client = _client(harness, case, recorder, retry_policy=NO_WAIT)
    fake.fail_next(1, status=503)
    with pytest.raises(InternalServerError):
        settle(harness, case[1].call(Options(client, max_retries=0)))
    assert len(recorder.requests) == 1

    recorder.requests.clear()
    recorder.fail = 1  # refused before the server: retried even for a POST
    assert settle(harness, case[1].call(client))  # the client's 2 retries again
    assert len(recorder.requests) >= 2


@pytest.mark.parametrize("case", CALLS, ids=list(map(case_id, CALLS)))
def test_with_options_shares_the_connections_and_closing_it_leaves_the_original(
    harness: Harness, case: Case
) -> None:
    recorder = Recorder(case[0].new_fake())
    client = _client(harness, case, recorder, headers={"X-Team": "client"})
    copy = client.with_options(headers={"X-Team": "copy"}, timeout=9.0, max_retries=0)

    assert type(copy) is type(client)
    assert copy._shell.client is client._shell.client  # one connection pool
    assert copy._cache is client._cache and copy._rate_limiter is client._rate_limiter
    assert settle(harness, case[1].call(copy))
    assert {r.headers["X-Team"] for r in recorder.requests} == {"copy"}
    assert {r.extensions["timeout"]["read"] for r in recorder.requests} == {9.0}

    harness.await_(copy.aclose() if harness.is_async else copy.close())
    with pytest.raises(ClientClosedError):  # the copy is closed...
        settle(harness, case[1].call(copy))
    recorder.requests.clear()
    assert settle(harness, case[1].call(client))  # ...the original still works
    assert {r.headers["X-Team"] for r in recorder.requests} == {"client"}
    assert not client._shell.client.is_closed


def test_with_options_can_give_the_copy_its_own_cache_and_rate_limit() -> None:
    from attempts_sdk.testing import FakeIndeed

    fake = FakeIndeed()
    with fake.client(rate_limit=None) as client:  # Indeed caches by default
        copy = client.with_options(rate_limit=50.0, cache=False)
        assert copy._cache is None and client._cache is not None
        assert copy._rate_limiter is not None and client._rate_limiter is None
        attempt = copy.get_attempt("e0rklwo68amo6jb4")
        copy.close()
        assert client.get_attempt("e0rklwo68amo6jb4") == attempt


@pytest.mark.parametrize("case", SINGLE_CALLS, ids=list(map(case_id, SINGLE_CALLS)))
def test_with_raw_response_gives_the_response_and_the_same_model(
    harness: Harness, case: Case
) -> None:
    entry, example = case
    recorder = Recorder(entry.new_fake(), fail=1)
    client = _client(harness, case, recorder, retry_policy=NO_WAIT)

    raw = settle(harness, example.call(Options(client.with_raw_response, timeout=5.0)))

    assert isinstance(raw, APIResponse)
    assert raw.status_code in (200, 201)
    assert raw.headers["content-type"].startswith("application/json")
    assert raw.request_id == raw.headers["X-Request-Id"]
    assert raw.retries_taken == 1  # the first attempt could not connect
    assert raw.elapsed.total_seconds() >= 0
    assert raw.http_response.request.extensions["timeout"]["read"] == 5.0
    plain_fake = entry.new_fake()  # the same call, plain, on a fake in the same state
    plain_client = entry.client_for(
        plain_fake, asynchronous=harness.is_async, credential=example.credential
    )
    harness.adopt(plain_client)
    plain = settle(harness, example.call(plain_client))
    assert raw.parse() == plain
    assert raw.parse() is raw.parse()  # decoded once
    assert len(recorder.requests) == 2


def _api_methods(target: object) -> dict[str, Any]:
    """The public methods of ``target`` that call the provider (through ``_call`` or
    ``_paginate``), and its namespaces (``admin``), recursively, by dotted name."""
    found: dict[str, Any] = {}
    for name in dir(type(target)):
        if name.startswith("_") or name == "with_raw_response":
            continue
        static = inspect.getattr_static(target, name)
        if isinstance(static, cached_property):
            inner = getattr(target, name)
            found.update({f"{name}.{key}": value for key, value in _api_methods(inner).items()})
        elif inspect.isfunction(static):
            source = inspect.getsource(static)
            if "._call(" in source or "._paginate(" in source:
                found[name] = static
    return found


def _options_typed_dict(method: Any) -> Any:
    kwargs = [p for p in inspect.signature(method).parameters.values() if p.kind is p.VAR_KEYWORD]
    assert kwargs, f"{method.__qualname__} takes no per-call options"
    annotation = str(kwargs[0].annotation)
    assert annotation.startswith("Unpack["), (method.__qualname__, annotation)
    name = annotation.removeprefix("Unpack[").removesuffix("]")
    return getattr(sys.modules[method.__module__], name, None) or RequestOptions


ENTRIES = list(PROVIDERS.values())


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda entry: entry.name)
@pytest.mark.parametrize("asynchronous", [False, True], ids=["sync", "async"])
def test_every_method_takes_the_options_and_every_single_call_has_a_raw_form(
    entry: Provider, asynchronous: bool
) -> None:
    client = entry.client_for(entry.new_fake(), asynchronous=asynchronous)
    methods = _api_methods(client)
    assert methods
    for name, method in methods.items():
        keys = set(_options_typed_dict(method).__annotations__)
        assert set(RequestOptions.__annotations__) <= keys, name
    singles = {
        name: method for name, method in methods.items() if "._call(" in inspect.getsource(method)
    }
    raw = client.with_raw_response if singles else None
    for name, method in singles.items():
        *path, last = name.split(".")
        view = raw
        for part in path:
            view = getattr(view, part)
        twin = inspect.getattr_static(view, last, None)
        assert twin is not None, f"{entry.name}: with_raw_response has no {name}"
        assert twin.method is method, name  # the client's own method, not a copy
    if asynchronous:
        asyncio.run(client.aclose())
    else:
        client.close()
