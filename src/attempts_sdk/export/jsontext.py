"""JSON text that is always valid UTF-8 and valid JSON, whatever a record holds.

Records keep the raw values a server sent (``.extra``, ``.invalid``), so an export meets what
JSON cannot say: NaN and Infinity (Python's parser accepts them) are written as ``null``, as
orjson writes them and as the summaries read them ("no number"); a lone surrogate (a string
decoded from ``"\\udc80"``) is written as that escape, so the text stays UTF-8 and a JSON
parser gives the same string back. orjson writes when it is installed; the standard library
writes what orjson refuses (integers beyond 64 bits, lone surrogates).
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable

from .._json import JSONValue

__all__ = ["dumps", "escape_surrogates"]

_SURROGATE = re.compile("[\ud800-\udfff]")


def _fast() -> Callable[[object], bytes] | None:
    try:
        import orjson
    except ImportError:
        return None
    return orjson.dumps


_ORJSON = _fast()


def escape_surrogates(text: str) -> str:
    """``text`` with each lone surrogate written as its ``\\uXXXX`` escape (a Python str
    holds no surrogate pairs: any surrogate in it is lone)."""
    return _SURROGATE.sub(lambda match: f"\\u{ord(match.group()):04x}", text)


def _finite(value: JSONValue) -> JSONValue:
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, list):
        return [_finite(item) for item in value]
    if isinstance(value, dict):
        return {key: _finite(item) for key, item in value.items()}
    return value


def dumps(value: JSONValue) -> bytes:
    """``value`` as compact JSON in UTF-8 (no newline)."""
    if _ORJSON is not None:
        try:
            return _ORJSON(value)
        except (TypeError, ValueError):  # orjson.JSONEncodeError: the standard library decides
            pass
    try:
        text = json.dumps(value, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    except ValueError:  # NaN or Infinity somewhere
        text = json.dumps(_finite(value), ensure_ascii=False, separators=(",", ":"))
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:
        return escape_surrogates(text).encode("utf-8")
