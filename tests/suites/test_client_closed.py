"""A closed client raises `ClientClosedError`, an `AttemptsSDKError`, from every call and from
every paginator it made before it was closed: never httpx's ``RuntimeError``.

Over real sockets on 127.0.0.1, for every provider client, sync and async.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from attempts_sdk import AttemptsSDKError, ClientClosedError
from conftest import Harness
from support.faultserver import CASES, ProviderCase

PROVIDERS = pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])


def _close(harness: Harness, client: Any) -> None:
    harness.run(client.aclose if harness.is_async else client.close)


def _next(harness: Harness, walk: Any) -> Any:
    """The next item of a started iteration (an iterator or an async iterator)."""
    if harness.is_async:
        return harness.await_(walk.__anext__())
    return next(walk)


def _rest(harness: Harness, walk: Any) -> list[Any]:
    if harness.is_async:

        async def rest() -> list[Any]:
            return [item async for item in walk]

        return harness.await_(rest())  # type: ignore[no-any-return]
    return list(walk)


@PROVIDERS
def test_calls_and_paginators_made_before_close_raise_client_closed(
    harness: Harness, case: ProviderCase
) -> None:
    fake = case.make_fake(False)
    with fake.serve() as base_url:
        client = case.connect(harness, base_url, case.credential(fake))
        assert case.get(harness, client, fake) == case.get_expected(fake)  # also fills a cache
        untouched = case.listing.call(client)
        started = case.listing.call(client)
        walk = started.__aiter__() if harness.is_async else iter(started)
        _next(harness, walk)  # the first page is fetched, the next ones are not
        _close(harness, client)
        calls = len(fake.calls)

        with pytest.raises(ClientClosedError, match=f"{case.name}: the client is closed"):
            case.get(harness, client, fake)  # Indeed's cached answer does not outlive close()
        with pytest.raises(ClientClosedError):
            harness.collect(untouched)
        with pytest.raises(ClientClosedError):
            harness.first_page(case.listing.call(client))
        with pytest.raises(ClientClosedError):
            _rest(harness, walk)
    assert len(fake.calls) == calls  # nothing was sent after close
    assert issubclass(ClientClosedError, AttemptsSDKError)


@PROVIDERS
def test_an_http_client_closed_by_its_owner_gives_client_closed(
    harness: Harness, case: ProviderCase
) -> None:
    fake = case.make_fake(False)
    with fake.serve() as base_url:
        http: httpx.Client | httpx.AsyncClient = (
            httpx.AsyncClient() if harness.is_async else httpx.Client()
        )
        client = harness.client(
            case.sync_client,
            case.async_client,
            base_url=base_url,
            http_client=http,
            rate_limit=None,
            cache=False,
            **{case.credential_kw: case.credential(fake)},
        )
        if isinstance(http, httpx.AsyncClient):
            harness.await_(http.aclose())
        else:
            http.close()
        with pytest.raises(ClientClosedError):
            case.get(harness, client, fake)
