"""The JSON edge: the one type for raw JSON values, and the one place bodies are parsed.

Bodies are parsed by orjson when it is installed (``pip install attempts-sdk[fast]``), by the
standard library otherwise. Both give the same values: a document orjson refuses (NaN/Infinity,
UTF-16, nesting deeper than 1024) is parsed again by the standard library, so the decoders, not
the parser, decide what such values become; and a document with a run of 19 or more digits goes
to the standard library directly, because orjson turns integers beyond 64 bits into floats
(an id of 20 digits must stay exact).
"""

from __future__ import annotations

import contextlib
import gc
import itertools
import json
import threading
from collections.abc import Callable, Iterator
from typing import TypeAlias

JSONValue: TypeAlias = bool | int | float | str | list["JSONValue"] | dict[str, "JSONValue"] | None
"""Any value a JSON document can hold."""

JSONObject: TypeAlias = dict[str, JSONValue]


def _fast_parser() -> Callable[[bytes | str], object] | None:
    try:
        import orjson
    except ImportError:
        return None
    return orjson.loads


_FAST_LOADS = _fast_parser()
_DIGITS = bytes(0x30 if 0x30 <= byte <= 0x39 else 0x20 for byte in range(256))  # digit -> "0"
_LONG_NUMBER = b"0" * 19  # a possible integer beyond 64 bits (-9223372036854775809 has 19)


def _std_loads(content: bytes | str) -> JSONValue:
    try:
        value: JSONValue = json.loads(content)
    except (ValueError, TypeError, RecursionError) as exc:
        raise ValueError(f"not a JSON document: {type(exc).__name__}") from None
    return value


def loads(content: bytes | str) -> JSONValue:
    """Parse a JSON document. Raises ValueError when it is not JSON, whatever the reason
    (bad syntax, an undecodable encoding, nesting too deep for the parser)."""
    if _FAST_LOADS is not None and (
        type(content) is bytes and content.translate(_DIGITS).find(_LONG_NUMBER) < 0
    ):
        try:
            return _FAST_LOADS(content)  # type: ignore[return-value]
        except ValueError:  # orjson.JSONDecodeError: the standard library decides
            pass
    return _std_loads(content)


def safe_text(content: bytes, limit: int = 200) -> str:
    """The start of a body as text, for an error message: never fails on bad encodings."""
    return content[:limit].decode("utf-8", errors="replace")


def brief(value: JSONValue, limit: int = 200, depth: int = 3) -> str:
    """A JSON value as short text for a message: scalars as they are, containers compact,
    ``…`` below ``depth`` levels and past ``limit`` characters (a value nested thousands deep
    costs no more than a flat one)."""
    text = _brief(value, depth)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _brief(value: JSONValue, depth: int) -> str:
    if isinstance(value, str):
        return value
    if value is None or isinstance(value, bool):
        return {None: "null", True: "true", False: "false"}[value]
    if not isinstance(value, (dict, list)):
        return str(value)
    if depth <= 0:
        return "{…}" if isinstance(value, dict) else "[…]"
    if isinstance(value, dict):
        pairs = itertools.islice(value.items(), 20)
        return "{" + ", ".join(f"{key}: {_brief(item, depth - 1)}" for key, item in pairs) + "}"
    return "[" + ", ".join(_brief(item, depth - 1) for item in value[:20]) + "]"


_gc_lock = threading.Lock()
_gc_pauses = 0
_gc_was_enabled = False


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while a big page is parsed and decoded.

    Parsing and decoding a page creates tens of thousands of objects that all survive, and
    none of them in a cycle, so each collection the allocations trigger is pure cost (about
    15-25% of a big page). Reference counting still frees everything as usual. Pauses nest and
    may overlap across threads: the collector is enabled again when the last one ends, and only
    if it was enabled when the first one began.
    """
    global _gc_pauses, _gc_was_enabled
    with _gc_lock:
        if _gc_pauses == 0:
            _gc_was_enabled = gc.isenabled()
            gc.disable()
        _gc_pauses += 1
    try:
        yield
    finally:
        with _gc_lock:
            _gc_pauses -= 1
            if _gc_pauses == 0 and _gc_was_enabled:
                gc.enable()
