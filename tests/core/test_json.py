"""The JSON edge gives the same values with orjson (the ``fast`` extra) and without it."""

from __future__ import annotations

import json
import math

import pytest

from attempts_sdk import _json
from attempts_sdk._json import JSONValue, loads

DOCUMENTS = [
    b'{"id": 7, "score": "87.50", "ok": true, "none": null, "list": [1, 2.5, "x"]}',
    b"[18446744073709551615, 18446744073709551616, -9223372036854775809]",  # beyond 64 bits
    b'{"id": 123456789012345678901234567890}',
    b'{"token": "abc1234567890123456789def"}',  # a long digit run inside a string
    b"[NaN, Infinity, -Infinity]",  # not JSON, but Python's json reads it: decoders decide
    '{"text": "caf\u00e9"}'.encode("utf-16"),  # UTF-16 with a BOM (RFC 8259 allows detection)
    b'"\\ud800"',  # a lone surrogate escape: valid JSON, not valid UTF-8 text
]
BAD = [b"", b"{", b"<html>oops</html>", b"\xff\xfe\x00", b"[" * 2000 + b"]" * 2000, b"[" * 100_000]


def _same(a: object, b: object) -> bool:
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a):
        return math.isnan(b)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    return type(a) is type(b) and a == b


@pytest.mark.parametrize("document", DOCUMENTS)
def test_fast_and_standard_parsers_agree(document: bytes, monkeypatch: pytest.MonkeyPatch) -> None:
    assert _json._FAST_LOADS is not None, "the dev environment installs orjson"
    fast = loads(document)
    monkeypatch.setattr(_json, "_FAST_LOADS", None)
    standard = loads(document)
    assert _same(fast, standard)
    expected: JSONValue = json.loads(document)
    assert _same(standard, expected)


def test_integers_beyond_64_bits_stay_exact() -> None:
    body = loads(b'{"id": 123456789012345678901234567890, "n": -9223372036854775809}')
    assert body == {"id": 123456789012345678901234567890, "n": -9223372036854775809}
    assert isinstance(body, dict) and type(body["id"]) is int


@pytest.mark.parametrize("document", BAD)
@pytest.mark.parametrize("fast", [True, False])
def test_not_json_is_one_value_error(
    document: bytes, fast: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    if not fast:
        monkeypatch.setattr(_json, "_FAST_LOADS", None)
    with pytest.raises(ValueError, match="not a JSON document"):
        loads(document)
