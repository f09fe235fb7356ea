"""`Record`, the base of the core's small values: read-only, compared and shown by field."""

from __future__ import annotations

import pytest

from attempts_sdk._pagination import Cursor, NextUrl, PageNumber
from attempts_sdk._request import Param, fmt_int
from attempts_sdk._retry import RetryDecision


def test_records_are_read_only() -> None:
    decision = RetryDecision(True, wait=1.5)
    with pytest.raises(AttributeError, match="read-only: cannot set 'wait'"):
        decision.wait = 3.0  # type: ignore[misc]  # type checkers refuse it too
    with pytest.raises(AttributeError, match="read-only: cannot delete 'retry'"):
        del decision.retry
    assert (decision.retry, decision.wait, decision.retry_after) == (True, 1.5, None)


def test_records_compare_and_hash_by_their_fields_and_class() -> None:
    assert PageNumber(size_param="per") == PageNumber(size_param="per")
    assert PageNumber(size_param="per") != PageNumber(size_param="perPage")
    assert len({RetryDecision(False, retry_after=5), RetryDecision(False, retry_after=5)}) == 1
    assert NextUrl() != Cursor()
    assert Param("page", fmt_int) == Param("page", fmt_int)


def test_records_show_their_fields() -> None:
    assert repr(RetryDecision(False, retry_after=5)) == (
        "RetryDecision(retry=False, wait=0.0, retry_after=5)"
    )
    assert repr(NextUrl()).startswith("NextUrl(items='results', next='next', count='count'")


def test_every_record_annotates_exactly_its_slots() -> None:
    from attempts_sdk._config import ClientConfig, ProviderSpec, Redactor
    from attempts_sdk._exchange import Send, Sleep
    from attempts_sdk._join import Join
    from attempts_sdk._limits import Deadline
    from attempts_sdk._pagination import PageData, PagePlan
    from attempts_sdk._record import Record
    from attempts_sdk._registry import Example, Provider, Window
    from attempts_sdk.export import ExportResult, SyncResult
    from attempts_sdk.export.plan import Plan
    from attempts_sdk.export.store import SyncState, Unsettled
    from attempts_sdk.spark._options import ReadOptions
    from attempts_sdk.spark._plan import Span

    classes: list[type[Record]] = [
        ReadOptions,
        Span,
        ExportResult,
        SyncResult,
        Plan,
        SyncState,
        Unsettled,
        Window,
        Example,
        Provider,
        PageData,
        PagePlan,
        NextUrl,
        PageNumber,
        Cursor,
        Param,
        RetryDecision,
        ProviderSpec,
        ClientConfig,
        Send,
        Sleep,
        Redactor,
        Deadline,
        Join,
    ]
    assert set(Record.__subclasses__()) == set(classes)
    for cls in classes:
        assert set(cls.__annotations__) == set(cls.__slots__), cls


def test_hidden_fields_stay_out_of_repr() -> None:
    from attempts_sdk._retry import RetryPolicy
    from attempts_sdk.testpress import TestpressClient

    assert repr(RetryPolicy(max_retries=1)) == (  # attrs, public: jitter is repr=False
        "RetryPolicy(max_retries=1, initial_delay=0.5, max_delay=8.0, max_retry_after=60.0)"
    )
    client = TestpressClient(base_url="https://demo.testpress.in", token="s3cret-token-value")
    shown = repr(client._config)
    assert "s3cret-token-value" not in shown
    assert shown.startswith("ClientConfig(provider=ProviderSpec(name='testpress'")
    client.close()


def test_records_copy_and_pickle() -> None:
    import copy
    import pickle

    from attempts_sdk import RateLimitInfo, RetryPolicy

    info = RateLimitInfo(limit=120, remaining=7, reset=1.5)
    assert pickle.loads(pickle.dumps(info)) == info
    assert copy.deepcopy(info) == info
    policy = RetryPolicy(max_retries=3)
    copied = copy.copy(policy)
    assert copied == policy and copied is not policy
    assert PageNumber(size_param="per") == pickle.loads(pickle.dumps(PageNumber(size_param="per")))


def test_the_public_values_stay_attrs_classes() -> None:
    import attrs

    from attempts_sdk import RateLimitInfo, RetryPolicy

    assert attrs.evolve(RetryPolicy(), max_retries=5).max_retries == 5
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        RateLimitInfo(limit=1, remaining=0, reset=None).limit = 2  # type: ignore[misc]


def test_a_record_is_built_from_its_annotations() -> None:
    from attempts_sdk._pagination import PagePlan

    cursor = Cursor(param="after")
    assert (cursor.param, cursor.items, cursor.meta_cursor) == ("after", "items", "nextCursor")
    assert Cursor.__slots__ == Cursor._fields_  # one slot per field, no instance dict
    assert not hasattr(cursor, "__dict__")
    assert RetryDecision(True, 2.0) == RetryDecision(retry=True, wait=2.0, retry_after=None)
    with pytest.raises(TypeError, match="takes 0 positional arguments but 1 were given"):
        Cursor("after")  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="missing required argument 'retry'"):
        RetryDecision()  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="unexpected arguments: pages"):
        NextUrl(pages="n")  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="multiple values for 'retry'"):
        RetryDecision(True, retry=False)  # type: ignore[misc]
    with pytest.raises(TypeError, match="takes 4 positional arguments but 5 were given"):
        PagePlan(1, 2, 3, 4, 5)  # type: ignore[call-arg, arg-type]
