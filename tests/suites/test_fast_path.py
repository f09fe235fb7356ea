"""The decoders' two paths agree: whenever the compiled fast path accepts a record, the careful
(cattrs, bookkeeping) path gives an equal model, with the same unknown keys, and reports nothing.

Records come from the fuzzing strategies of test_fuzz.py (mutated seed records and random
records built from each model's field types). The caches of repeated decimal and duration
strings are checked here too: a cached value is the value a fresh parse gives.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from attempts_sdk._decoding import (
    _CACHE_LIMIT,
    _CONTEXT,
    _DECIMALS,
    _DURATIONS,
    _Context,
    _structure_function,
    parse_decimal,
    parse_duration,
)
from attempts_sdk._json import JSONValue
from attempts_sdk._models import Model
from test_fuzz import (
    DECODE_SETTINGS,
    MODELS,
    fingerprint,
    model_id,
    mutated_records,
    random_records,
)


def _both_paths(model: type[Model], record: JSONValue) -> None:
    fast = _structure_function(model, fast=True)
    careful = _structure_function(model, fast=False)
    try:
        quick = fast(record)
    except Exception:  # refused: the careful path decides (the fuzz suite checks that)
        return
    if quick is None:
        assert record is None
        return
    context = _Context(strict=True)
    token = _CONTEXT.set(context)
    try:
        slow = careful(record)
    finally:
        _CONTEXT.reset(token)
    assert not context.issues, "the fast path accepted a record the careful path reports"
    assert quick == slow
    assert fingerprint(quick) == fingerprint(slow)
    assert dict(quick.extra) == dict(slow.extra)
    assert dict(quick.invalid) == {}


@pytest.mark.parametrize("model", MODELS, ids=model_id)
@DECODE_SETTINGS
@given(data=st.data())
def test_fast_and_careful_paths_agree_on_mutated_seeds(
    model: type[Model], data: st.DataObject
) -> None:
    _both_paths(model, data.draw(mutated_records(model)))


@pytest.mark.parametrize("model", MODELS, ids=model_id)
@DECODE_SETTINGS
@given(data=st.data())
def test_fast_and_careful_paths_agree_on_random_records(
    model: type[Model], data: st.DataObject
) -> None:
    _both_paths(model, data.draw(random_records(model)))


def test_compiled_function_is_the_converters_hook_and_built_once() -> None:
    from attempts_sdk._decoding import _cattrs
    from attempts_sdk.testpress.models import Attempt

    first = _structure_function(Attempt, fast=True)
    assert _structure_function(Attempt, fast=True) is first
    record = {"id": 7, "score": "1.50", "time_taken": "0:01:02", "user": "ann"}
    assert _cattrs().structure(record, Attempt) == first(record)


@pytest.mark.parametrize(
    ("text", "value"),
    [("87.50", Decimal("87.50")), (" 1.0 ", Decimal("1.0")), ("-0", Decimal("-0"))],
)
def test_decimal_cache_gives_what_a_fresh_parse_gives(text: str, value: Decimal) -> None:
    _DECIMALS.clear()
    first = parse_decimal(text)
    second = parse_decimal(text)
    assert first == second == value
    assert str(second) == str(value)  # the exponent (number of places) is kept
    assert second is first  # parsed once
    assert parse_decimal("NA") is None and "NA" not in _DECIMALS


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("0:49:57", timedelta(minutes=49, seconds=57)),
        ("20 days, 3:58:48.044696", timedelta(days=20, seconds=14328, microseconds=44696)),
        ("-1 day, 23:59:59", timedelta(seconds=-1)),
        ("90", timedelta(seconds=90)),
    ],
)
def test_duration_cache_gives_what_a_fresh_parse_gives(text: str, value: timedelta) -> None:
    _DURATIONS.clear()
    assert parse_duration(text) == value
    assert parse_duration(text) is parse_duration(text) == value


def test_caches_stay_bounded_under_distinct_strings() -> None:
    _DECIMALS.clear()
    for number in range(_CACHE_LIMIT * 3):
        assert parse_decimal(f"{number}.5") == Decimal(number) + Decimal("0.5")
    assert len(_DECIMALS) <= _CACHE_LIMIT
    _DURATIONS.clear()
    for seconds in range(_CACHE_LIMIT * 2):
        assert parse_duration(str(seconds)) == timedelta(seconds=seconds)
    assert len(_DURATIONS) <= _CACHE_LIMIT
