"""A field parser is declared once (attempts_sdk/_decoding/parsers.py): a change to it reaches the
fast path and the careful path alike.

Each test changes a declaration the way a contributor would edit it, then decodes a toy model
that nothing else decodes (structure functions are built once per class, on first use) on both
paths.
"""

from __future__ import annotations

import attrs
import pytest

from attempts_sdk._decoding import _CONTEXT, _Context, _structure_function, decode_model, parsers
from attempts_sdk._decoding.context import _Invalid
from attempts_sdk._decoding.field_parser import FieldParser
from attempts_sdk._json import JSONValue
from attempts_sdk._models import Model


@attrs.frozen(kw_only=True, eq=False, repr=False)
class Padded(Model):
    """Decoded only by `test_a_changed_shortcut_reaches_both_paths`."""

    id: int
    name: str | None = None
    tags: list[str] = attrs.Factory(list)


@attrs.frozen(kw_only=True, eq=False, repr=False)
class Numbered(Model):
    """Decoded only by `test_a_changed_rest_function_reaches_both_paths`."""

    id: int
    ref: str | None = None


def both_paths(cls: type[Model], record: JSONValue) -> tuple[object, object]:
    """(the fast path's model, the careful path's model), asserting the careful path reports
    nothing."""
    fast = _structure_function(cls, fast=True)(record)
    context = _Context(strict=True)
    token = _CONTEXT.set(context)
    try:
        careful = _structure_function(cls, fast=False)(record)
    finally:
        _CONTEXT.reset(token)
    assert not context.issues
    return fast, careful


def test_a_changed_shortcut_reaches_both_paths(monkeypatch: pytest.MonkeyPatch) -> None:
    # the change: str fields are stripped of surrounding blanks
    stripping = FieldParser(
        "{v}.strip() if type({v}) is str else {v} if {v} is None else {rest}({v})",
        parsers.parse_str.rest,
        label="str, stripped",
    )
    monkeypatch.setitem(parsers._SCALARS, str, stripping)
    record: JSONValue = {"id": 1, "name": "  Ann ", "tags": [" a", "b "]}
    fast, careful = both_paths(Padded, record)
    assert fast == careful == Padded(id=1, name="Ann", tags=["a", "b"])
    assert decode_model(Padded, record, provider="acme", strict=True) == fast


def test_a_changed_rest_function_reaches_both_paths(monkeypatch: pytest.MonkeyPatch) -> None:
    # the change: an int id where a str is documented becomes "#<id>"
    def hashed(value: object) -> str:
        if type(value) is int:
            return f"#{value}"
        raise _Invalid(f"expected a string, got {type(value).__name__}")

    monkeypatch.setitem(parsers._SCALARS, str, parsers.parse_str.with_rest(hashed, label="str"))
    fast, careful = both_paths(Numbered, {"id": 1, "ref": 42})
    assert fast == careful == Numbered(id=1, ref="#42")
    assert both_paths(Numbered, {"id": 2, "ref": "x"}) == (Numbered(id=2, ref="x"),) * 2
