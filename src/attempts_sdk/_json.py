"""The JSON edge: the one type for raw JSON values, and the one place bodies are parsed."""

from __future__ import annotations

import json
from typing import TypeAlias

JSONValue: TypeAlias = bool | int | float | str | list["JSONValue"] | dict[str, "JSONValue"] | None
"""Any value a JSON document can hold."""

JSONObject: TypeAlias = dict[str, JSONValue]


def loads(content: bytes | str) -> JSONValue:
    """Parse a JSON document. Raises ValueError when it is not JSON, whatever the reason
    (bad syntax, an undecodable encoding, nesting too deep for the parser)."""
    try:
        value: JSONValue = json.loads(content)
    except (ValueError, TypeError, RecursionError) as exc:
        raise ValueError(f"not a JSON document: {type(exc).__name__}") from None
    return value


def safe_text(content: bytes, limit: int = 200) -> str:
    """The start of a body as text, for an error message: never fails on bad encodings."""
    return content[:limit].decode("utf-8", errors="replace")
