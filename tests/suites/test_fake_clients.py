"""``fake.client()`` and ``fake.async_client()`` of every registered provider's fake: a client of
the provider's own class, answered by that fake, with no client-side rate limit."""

from __future__ import annotations

import time
from types import SimpleNamespace
from typing import Any

import pytest

from attempts_sdk import InternalServerError, Paginator, _transport
from attempts_sdk.testing import FakeAPI, FakeIndeed, FakeTestpress
from attempts_sdk.testpress import AsyncTestpressClient, TestpressClient
from conftest import Harness
from support.calls import LIST_CALLS, SINGLE_CALLS, Case, case_id, settle

CALLS = [case for case in SINGLE_CALLS + LIST_CALLS if case[1].credential is None]


def _no_sleep(*args: Any) -> None:
    raise AssertionError("a fake's client waited: it has a client-side rate limit")


@pytest.mark.parametrize("case", CALLS, ids=list(map(case_id, CALLS)))
def test_a_fakes_client_answers_its_providers_calls_without_waiting(
    harness: Harness, case: Case, monkeypatch: pytest.MonkeyPatch
) -> None:
    entry, example = case
    fake: FakeAPI = entry.new_fake()
    client = fake.async_client() if harness.is_async else fake.client()
    harness.adopt(client)
    assert type(client) is (entry.async_client if harness.is_async else entry.client)
    # the shells' two ways to wait (only theirs: other threads may sleep meanwhile)
    monkeypatch.setattr(_transport, "time", SimpleNamespace(**{**vars(time), "sleep": _no_sleep}))
    monkeypatch.setattr(_transport, "_async_sleep", _no_sleep)
    for _ in range(3):  # Indeed's default, 1 request a second, would wait here
        value = settle(harness, example.call(client))
        assert value
    assert len(fake.calls) >= 3


def _walked(value: Any) -> Any:
    return list(value) if isinstance(value, Paginator) else value


@pytest.mark.parametrize("case", CALLS, ids=list(map(case_id, CALLS)))
def test_a_fakes_client_takes_the_clients_options(case: Case) -> None:
    entry, example = case
    fake = entry.new_fake()
    fake.fail_next(1, status=503)
    with fake.client(max_retries=0) as client:
        assert str(client.base_url) == fake.base_url
        with pytest.raises(InternalServerError):
            _walked(example.call(client))
        assert _walked(example.call(client))  # the fault is spent: the next call answers


def test_the_clients_are_typed_as_the_providers_own() -> None:
    """(mypy checks the annotations: ``fake.client()`` is a ``TestpressClient``.)"""
    fake = FakeTestpress()
    sync: TestpressClient = fake.client()
    asynchronous: AsyncTestpressClient = fake.async_client()
    assert sync.get_attempt(125002).id == 125002
    sync.close()
    del asynchronous  # never used: an AsyncClient needs no closing before its first request
    assert FakeIndeed().client(rate_limit=2.0).base_url.host == "api.indeedassessments.com"
