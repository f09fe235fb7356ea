"""Decoding JSON into models: one cattrs converter, the providers' odd values parsed in one place,
and the lenient/strict switch.

* ``parsers.py`` -- how each field type is read: each quirk declared once, as the one
  expression both paths evaluate (add a decoding quirk there);
* ``fast.py`` -- the structure function compiled per model for clean records (its docstring
  explains it);
* ``careful.py`` -- the structure function cattrs generates per model, with path bookkeeping;
* ``structure.py`` -- which function decodes which field type; both functions built once per
  model class, cycles in the model graph included;
* ``context.py`` -- the state of one decode call (strict or lenient) and `DataWarning`;
* ``decode.py`` -- `decode_model` and `decode_list`.

A value that cannot be parsed is handled in one place (``context._reject``): in lenient mode
it becomes None and is reported as a `DataWarning`; in strict mode it raises `DecodeError`
with its path. Whether a decode is strict is a property of the call, not of the converter.
"""

from .context import _CONTEXT, DataWarning, _Context
from .decode import decode_list, decode_model
from .parsers import (
    _CACHE_LIMIT,
    _DECIMALS,
    _DURATIONS,
    _parse_datetime_slow,
    parse_decimal,
    parse_duration,
)
from .structure import _cattrs, _structure_function

__all__ = [
    "_CACHE_LIMIT",
    "_CONTEXT",
    "_DECIMALS",
    "_DURATIONS",
    "DataWarning",
    "_Context",
    "_cattrs",
    "_parse_datetime_slow",
    "_structure_function",
    "decode_list",
    "decode_model",
    "parse_decimal",
    "parse_duration",
]
