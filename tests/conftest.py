"""Shared test helpers: seed fixtures, a scripted mock server, and the sync/async harness.

Every contract test takes the ``harness`` fixture and runs once with the sync client and once
with the async client; `Harness` hides the difference (awaiting, async iteration).
"""

from __future__ import annotations

import asyncio
import inspect
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import attrs
import httpx
import pytest

from attempts_sdk import AsyncPaginator, Page, Paginator

FIXTURES = Path(__file__).parent / "fixtures"
T = TypeVar("T")

Responder = Callable[[httpx.Request], httpx.Response]


def fixture_text(provider: str, name: str) -> str:
    """A seed example, verbatim, from ``tests/fixtures/<provider>/<name>.json``."""
    return (FIXTURES / provider / f"{name}.json").read_text(encoding="utf-8")


def fixture_json(provider: str, name: str) -> Any:
    return json.loads(fixture_text(provider, name))


def json_response(body: Any, status: int = 200, headers: dict[str, str] | None = None) -> Responder:
    """A responder that always answers ``body`` (a str is sent verbatim)."""
    content = body if isinstance(body, str) else json.dumps(body)

    def respond(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            status,
            content=content.encode(),
            headers={"Content-Type": "application/json", **(headers or {})},
        )

    return respond


@attrs.define
class MockServer:
    """Routes ``(method, path)`` to responders and records every request it receives.

    A route may hold several responders: they answer in turn, the last one repeating.
    ``page`` routes by the ``page`` query parameter too, when given.
    """

    routes: dict[tuple[str, str, str | None], list[Responder]] = attrs.Factory(dict)
    requests: list[httpx.Request] = attrs.Factory(list)

    def add(
        self,
        method: str,
        path: str,
        *responders: Responder,
        query_key: str | None = None,
    ) -> MockServer:
        self.routes[(method, path, query_key)] = list(responders)
        return self

    def __call__(self, request: httpx.Request) -> httpx.Response:
        request.read()
        self.requests.append(request)
        candidates = [
            key
            for key in self.routes
            if key[0] == request.method
            and key[1] in (request.url.path, _raw_path(request))
            and (key[2] is None or key[2] == str(request.url.params))
        ]
        if not candidates:
            return httpx.Response(404, json={"detail": f"no route for {request.url.path}"})
        key = max(candidates, key=lambda k: k[2] is not None)
        responders = self.routes[key]
        responder = responders.pop(0) if len(responders) > 1 else responders[0]
        return responder(request)

    @property
    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self)

    def paths(self) -> list[str]:
        return [request.url.path for request in self.requests]


def _raw_path(request: httpx.Request) -> str:
    return request.url.raw_path.split(b"?")[0].decode("ascii")


class Harness:
    """Runs the same test against a sync or an async client."""

    def __init__(self, mode: str) -> None:
        self.mode = mode
        self._loop = asyncio.new_event_loop() if mode == "async" else None
        self._clients: list[Any] = []

    @property
    def is_async(self) -> bool:
        return self._loop is not None

    def client(self, sync_cls: type[Any], async_cls: type[Any], **kwargs: Any) -> Any:
        """Build the client of this run's mode; it is closed at the end of the test."""
        client = (async_cls if self.is_async else sync_cls)(**kwargs)
        self._clients.append(client)
        return client

    def adopt(self, client: Any) -> None:
        """Close ``client`` (built elsewhere) at the end of the test too."""
        self._clients.append(client)

    def await_(self, value: Any) -> Any:
        if inspect.isawaitable(value):
            assert self._loop is not None, "a sync client returned an awaitable"
            return self._loop.run_until_complete(_wrap(value))
        assert not self.is_async or not inspect.iscoroutinefunction(value)
        return value

    def run(self, method: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        """Call a client method; await it for the async client."""
        return self.await_(method(*args, **kwargs))

    def collect(self, paginator: Paginator[T] | AsyncPaginator[T]) -> list[T]:
        """Every item of a paginator."""
        if isinstance(paginator, AsyncPaginator):
            assert self.is_async
            return self.await_(_alist(paginator))  # type: ignore[no-any-return]
        assert isinstance(paginator, Paginator)
        assert not self.is_async
        return list(paginator)

    def pages(self, paginator: Paginator[T] | AsyncPaginator[T]) -> list[Page[T]]:
        if isinstance(paginator, AsyncPaginator):
            return self.await_(_alist(paginator.pages()))  # type: ignore[no-any-return]
        return list(paginator.pages())

    def first_page(self, paginator: Paginator[T] | AsyncPaginator[T]) -> Page[T]:
        return self.await_(paginator.first_page())  # type: ignore[no-any-return]

    def close(self) -> None:
        for client in self._clients:
            if self.is_async:
                self.await_(client.aclose())
            else:
                client.close()
        if self._loop is not None:
            # as asyncio.run does: async generators left early (a body read stopped at the
            # size limit, a walk left) are finalized, not destroyed pending with the loop
            self._loop.run_until_complete(self._loop.shutdown_asyncgens())
            self._loop.close()


async def _wrap(value: Any) -> Any:
    return await value


async def _alist(iterable: Any) -> list[Any]:
    return [item async for item in iterable]


@pytest.fixture(params=["sync", "async"])
def harness(request: pytest.FixtureRequest) -> Iterator[Harness]:
    runner = Harness(request.param)
    yield runner
    runner.close()


@pytest.fixture(params=["memory", "http"])
def via(request: pytest.FixtureRequest) -> str:
    """How the client reaches the fake: its transport, or its real HTTP server."""
    return str(request.param)


def _provider_env() -> dict[str, tuple[str, str]]:
    from attempts_sdk import PROVIDERS

    return {name: entry.environment for name, entry in PROVIDERS.items()}


PROVIDER_ENV = _provider_env()
"""Each provider's environment variables: name -> (base URL variable, credential variable)."""


@pytest.fixture(autouse=True)
def _clean_provider_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests never pick up a developer's real credentials from the environment."""
    for names in PROVIDER_ENV.values():
        for name in names:
            monkeypatch.delenv(name, raising=False)
