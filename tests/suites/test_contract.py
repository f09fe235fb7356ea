"""The contract every registered provider keeps, sync and async, read from `attempts_sdk.PROVIDERS`.

Nothing here names a provider: a provider added to the registry (a new package, or a test's toy
provider, see ``support/acme_plugin.py``) is run here because it is registered. Each documented
call of an entry (`attempts_sdk._registry.Example`) is answered by a fresh fake of the provider,
once with the sync client and once with the async one: both must send the same requests and
give equal models, which decode back from their own ``to_dict()``.
"""

from __future__ import annotations

import asyncio
import inspect
import warnings
from typing import Any

import pytest

from attempts_sdk import PROVIDERS, AsyncPaginator, DataWarning, Paginator, Provider
from attempts_sdk._decoding import decode_model
from attempts_sdk._models import Model
from attempts_sdk._registry import Example, Window

ENTRIES = list(PROVIDERS.values())
CASES = [(entry, example) for entry in ENTRIES for example in entry.examples]


def _entry_id(entry: Provider) -> str:
    return entry.name


def _case_id(case: tuple[Provider, Example]) -> str:
    return f"{case[0].name}.{case[1].name}"


async def _settle(value: Any) -> Any:
    """The example's result with everything awaited and every page walked."""
    if inspect.isawaitable(value):
        value = await value
    if isinstance(value, AsyncPaginator):
        return [item async for item in value]
    return value


def answer(entry: Provider, example: Example, *, asynchronous: bool) -> tuple[Any, list[Any]]:
    """(the result of the example on a fresh fake, the fake's recorded calls)."""
    fake = entry.new_fake()
    client = entry.client_for(fake, asynchronous=asynchronous, credential=example.credential)
    if asynchronous:

        async def run() -> Any:
            try:
                return await _settle(example.call(client))
            finally:
                await client.aclose()

        value = asyncio.run(run())
    else:
        with client:
            value = example.call(client)
            if isinstance(value, Paginator):
                value = list(value)
    return value, list(fake.calls)


def as_models(value: Any) -> list[Model]:
    items = value if isinstance(value, list) else [value]
    assert items, "the example gave no item: it proves nothing"
    assert all(isinstance(item, Model) for item in items), items
    return items


@pytest.mark.parametrize("entry", ENTRIES, ids=_entry_id)
def test_every_provider_declares_examples_models_and_clients_of_the_same_shape(
    entry: Provider,
) -> None:
    assert entry.examples, f"{entry.name} declares no example: nothing would test its contract"
    assert entry.models(), f"{entry.name} has no model"
    sync_methods = {name for name in dir(entry.client) if not name.startswith("_")}
    async_methods = {name for name in dir(entry.async_client) if not name.startswith("_")}
    assert sync_methods - {"__enter__", "__exit__"} == async_methods - {"aclose"}
    for name in sync_methods - {"close", "base_url", "login"}:
        sync_attr = getattr(entry.client, name)
        if callable(sync_attr) and not isinstance(sync_attr, type):
            assert inspect.signature(sync_attr).parameters.keys() == (
                inspect.signature(getattr(entry.async_client, name)).parameters.keys()
            ), name


@pytest.mark.parametrize(("entry", "example"), CASES, ids=list(map(_case_id, CASES)))
def test_sync_and_async_clients_send_the_same_requests_and_give_the_same_models(
    entry: Provider, example: Example
) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error", DataWarning)  # a fake's data decodes cleanly
        sync_value, sync_calls = answer(entry, example, asynchronous=False)
        async_value, async_calls = answer(entry, example, asynchronous=True)
    assert sync_calls == async_calls
    assert sync_calls, "the example sent no request"
    sync_models, async_models = as_models(sync_value), as_models(async_value)
    assert sync_models == async_models
    assert [model.to_dict() for model in sync_models] == [m.to_dict() for m in async_models]


@pytest.mark.parametrize(("entry", "example"), CASES, ids=list(map(_case_id, CASES)))
def test_models_decode_back_from_their_wire_shape(entry: Provider, example: Example) -> None:
    value, _ = answer(entry, example, asynchronous=False)
    owned = set(entry.models())
    for model in as_models(value):
        assert type(model) in owned, f"{type(model).__name__} is not one of {entry.name}'s models"
        again = decode_model(type(model), model.to_dict(), provider=entry.name, strict=True)
        assert again == model


@pytest.mark.parametrize("entry", ENTRIES, ids=_entry_id)
def test_the_export_walk_reads_every_attempt_of_the_fake_once(entry: Provider) -> None:
    fake = entry.new_fake()
    with entry.client_for(fake, credential=entry.fake_credential) as client:
        rows = [row for page in entry.walk(client, Window()) for row in page]
    assert rows, f"{entry.name}'s fake holds no attempt"
    ids = [summary.attempt_id for _, summary in rows]
    assert len(ids) == len(set(ids))
    assert {summary.provider for _, summary in rows} == {entry.name}
