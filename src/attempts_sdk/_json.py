"""The JSON edge: the one type for raw JSON values, and the one place bodies are parsed."""

from __future__ import annotations

import json
from typing import TypeAlias

JSONValue: TypeAlias = bool | int | float | str | list["JSONValue"] | dict[str, "JSONValue"] | None
"""Any value a JSON document can hold."""

JSONObject: TypeAlias = dict[str, JSONValue]


def loads(content: bytes | str) -> JSONValue:
    """Parse a JSON document. Raises ValueError when it is not JSON."""
    value: JSONValue = json.loads(content)
    return value
