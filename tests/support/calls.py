"""The documented calls of every registered provider (`attempts_sdk._registry.Example`), sorted
into single-record calls and list calls, and run through the `conftest.Harness`.

The provider-wide suites use them to test a behaviour of the core on every provider's real
methods without naming one.
"""

from __future__ import annotations

import asyncio
import inspect
from typing import Any

import httpx

from attempts_sdk import PROVIDERS, AsyncPaginator, Paginator, Provider
from attempts_sdk._registry import Example
from conftest import Harness

Case = tuple[Provider, Example]


def _is_list_call(entry: Provider, example: Example) -> bool:
    """Whether the call gives a paginator. Asked of an async client, which sends nothing until
    awaited or iterated: a coroutine is a single call, a paginator a list."""
    client = entry.client_for(entry.new_fake(), asynchronous=True)
    value = example.call(client)
    if inspect.iscoroutine(value):
        value.close()
    asyncio.run(client.aclose())
    return isinstance(value, AsyncPaginator)


def _cases() -> tuple[list[Case], list[Case]]:
    single: list[Case] = []
    lists: list[Case] = []
    for entry in PROVIDERS.values():
        for example in entry.examples:
            (lists if _is_list_call(entry, example) else single).append((entry, example))
    return single, lists


SINGLE_CALLS, LIST_CALLS = _cases()
"""(provider, documented call) of every single-record call, and of every list call."""


def case_id(case: Case) -> str:
    return f"{case[0].name}.{case[1].name}"


def settle(harness: Harness, value: Any) -> Any:
    """A call's result, awaited, with every page of a paginator walked into a list."""
    if isinstance(value, (Paginator, AsyncPaginator)):
        return harness.collect(value)
    return harness.await_(value)


def open_client(
    harness: Harness,
    case: Case,
    transport: httpx.MockTransport | None = None,
    **options: Any,
) -> Any:
    """A client of the harness's kind for the provider of ``case``, with the credential its
    call needs: answered by a fresh fake, or by ``transport`` at the fake's base URL. Closed
    with the harness."""
    entry, example = case
    if transport is not None:
        options["transport"] = transport
    client = entry.client_for(
        entry.new_fake(), asynchronous=harness.is_async, credential=example.credential, **options
    )
    harness.adopt(client)
    return client
