"""The field parsers: how each field type is read from JSON, every quirk of the providers' values
declared once.

A `FieldParser` is one expression over the raw value, the *shortcut*, that gives the common
cases at once (a str field holding a str, a decimal string seen before) and hands every other
value to its *rest* function (markers such as ``"NA"``, lossless conversions, errors). Both
decoding paths evaluate that same expression: the careful path calls `FieldParser.parse`, a
function compiled from it, and the fast path (``fast.py``) pastes it into the structure
function it compiles for a model. A parser cannot change on one path only: there is nothing
else to change. A shortcut may also fail (``datetime.fromisoformat`` on a form it does not
read): the careful path then asks the rest function, the fast path sends the record to the
careful path.

A parser raises `_Invalid` when a value cannot become the field's type. To add a quirk: change
the rest function of the field type's parser (and its shortcut, if the quirk concerns a value
the shortcut answers); a new field type gets a `FieldParser` here and an entry in `_SCALARS`.
"""

from __future__ import annotations

import enum
import re
import sys
from collections.abc import Callable
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import TypeVar

from .context import _Invalid
from .field_parser import FieldParser, Parser

__all__ = [
    "enum_parser",
    "json_object",
    "json_value",
    "model_or_str_parser",
    "parse_bool",
    "parse_date",
    "parse_datetime",
    "parse_decimal",
    "parse_duration",
    "parse_float",
    "parse_int",
    "parse_str",
    "scalar_parser",
]


# --- helpers of the rest functions ----------------------------------------------------------------

_MISSING_MARKERS = frozenset({"NA", "N/A", "", "null", "None"})
_INT_TEXT = re.compile(r"[+-]?\d+")
_DURATION_TEXT = re.compile(
    r"(?:(?P<days>[+-]?\d+) days?, )?(?P<h>\d+):(?P<m>[0-5]\d):(?P<s>[0-5]\d)(?:\.(?P<f>\d{1,6}))?"
)

# Exports repeat the same few decimal and duration strings ("1.00", "3:00:00") thousands of
# times: each distinct string is parsed once. The values are immutable, so sharing them is safe;
# the caches are bounded (cleared when full) so hostile input cannot grow them.
_CACHE_LIMIT = 4096
_DECIMALS: dict[str, Decimal] = {}
_DURATIONS: dict[str, timedelta] = {}
_V = TypeVar("_V")


def _cached(cache: dict[str, _V], value: str, parse_text: Callable[[str], _V]) -> _V | None:
    """A string field's value: from ``cache``, else ``parse_text`` of its stripped text
    (None for the 'no value' markers, which are not cached)."""
    cached = cache.get(value)
    if cached is not None:
        return cached
    text = _text(value)
    if text is None:
        return None
    parsed = parse_text(text)
    if len(cache) >= _CACHE_LIMIT:
        cache.clear()
    cache[value] = parsed
    return parsed


def _text(value: object) -> str | None:
    """A stripped string, or None for the 'no value' markers. Only for non-str fields."""
    if type(value) is not str:
        raise _Invalid(f"expected a string or number, got {type(value).__name__}")
    text = value.strip()
    return None if text in _MISSING_MARKERS else text


def _finite(number: float, what: str) -> float:
    if number != number or number in (float("inf"), float("-inf")):
        raise _Invalid(f"expected a finite {what}")
    return number


# --- the parsers, each with its shortcut ----------------------------------------------------------


_EXACT_FLOAT_INTS = 2**53
"""Beyond this, a float holding a whole number may be another number rounded (an id sent as
``12345678901234567891.0`` arrives as 12345678901234567168): such a value is invalid, not
silently changed."""


def _whole(number: float) -> int:
    if not number.is_integer():
        raise _Invalid("expected a whole number")
    if abs(number) > _EXACT_FLOAT_INTS:
        raise _Invalid("a whole number sent as a float beyond 2^53, where floats round it")
    return int(number)


def _int_rest(value: object) -> int | None:
    if type(value) is float:
        return _whole(value)
    text = _text(value)
    if text is None:
        return None
    if _INT_TEXT.fullmatch(text):
        try:
            return int(text)
        except ValueError:  # longer than Python's int-from-str digit limit
            raise _Invalid("a whole number out of range") from None
    try:
        number = float(text)
    except ValueError:
        raise _Invalid("expected a whole number") from None
    return _whole(number)


parse_int = FieldParser(
    "{v} if type({v}) is int or {v} is None else {rest}({v})", _int_rest, label="int"
)


def _float_rest(value: object) -> float | None:
    if type(value) is int:
        try:
            return float(value)
        except OverflowError:
            raise _Invalid("a number out of range") from None
    if type(value) is float:
        return _finite(value, "number")
    if value is None:
        return None
    text = _text(value)
    if text is None:
        return None
    try:
        number = float(text)
    except ValueError:
        raise _Invalid("expected a number") from None
    return _finite(number, "number")


# a float minus itself is 0.0 exactly when it is finite
parse_float = FieldParser(
    "{v} if type({v}) is float and {v} - {v} == 0.0 else {rest}({v})", _float_rest, label="float"
)


def _decimal_rest(value: object) -> Decimal | None:
    if type(value) is str:
        return _cached(_DECIMALS, value, _decimal_text)
    if value is None:
        return None
    if type(value) is int:
        return Decimal(value)
    if type(value) is float:
        return Decimal(repr(_finite(value, "decimal number")))
    raise _Invalid(f"expected a string or number, got {type(value).__name__}")


def _decimal_text(text: str) -> Decimal:
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise _Invalid("expected a decimal number") from None
    if not number.is_finite():
        raise _Invalid("expected a finite decimal number")
    return number


_CACHED_SHORTCUT = "_c if (_c := {cache}({v})) is not None else {rest}({v})"
parse_decimal = FieldParser(
    _CACHED_SHORTCUT, _decimal_rest, label="decimal", names={"cache": _DECIMALS.get}
)


def _str_rest(value: object) -> str:
    if type(value) is int:  # an int id where a str is documented: lossless
        try:
            return str(value)
        except ValueError:  # longer than Python's int-to-str digit limit
            raise _Invalid("an id out of range") from None
    raise _Invalid(f"expected a string, got {type(value).__name__}")


parse_str = FieldParser(
    "{v} if type({v}) is str or {v} is None else {rest}({v})", _str_rest, label="str"
)


def _bool_rest(value: object) -> bool:
    raise _Invalid(f"expected true or false, got {type(value).__name__}")


parse_bool = FieldParser(
    "{v} if {v} is True or {v} is False or {v} is None else {rest}({v})", _bool_rest, label="bool"
)


def _datetime_rest(value: object) -> datetime | None:
    """None, or a string ``datetime.fromisoformat`` refused: a marker, or a form it does not
    read."""
    if value is None:
        return None
    text = _text(value)
    if text is None:
        return None
    return _parse_datetime_slow(text)


def _parse_datetime_slow(text: str) -> datetime:
    # Indeed's docs write "13: 50: 17.192Z": repair spaces after ':' before giving up.
    repaired = re.sub(r":\s+", ":", text)
    try:
        return datetime.fromisoformat(repaired)
    except ValueError:
        pass
    from dateutil.parser import isoparse  # imported lazily: only odd values need it

    try:
        return isoparse(repaired)
    except (ValueError, OverflowError):
        raise _Invalid("not an ISO 8601 timestamp") from None


# ISO 8601 by ``datetime.fromisoformat``; dateutil only when that fails. Inlined from Python
# 3.11 on, where fromisoformat reads "Z" and any fraction: before, most timestamps would fail
# it and send their record to the careful path.
parse_datetime = FieldParser(
    "{fromisoformat}({v}) if type({v}) is str else {rest}({v})",
    _datetime_rest,
    label="datetime",
    names={"fromisoformat": datetime.fromisoformat},
    inline=sys.version_info >= (3, 11),
)


def _date_rest(value: object) -> date | None:
    if value is None:
        return None
    text = _text(value)
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        pass
    try:
        return _parse_datetime_slow(text).date()
    except _Invalid:
        raise _Invalid("not an ISO 8601 date") from None


parse_date = FieldParser("{rest}({v})", _date_rest, label="date")


def _duration_rest(value: object) -> timedelta | None:
    if type(value) is str:
        return _cached(_DURATIONS, value, _duration_text)
    if value is None:
        return None
    if type(value) is int or type(value) is float:
        try:
            return timedelta(0, value)
        except (OverflowError, ValueError):
            raise _Invalid("a duration out of range") from None
    raise _Invalid(f"expected a string or number, got {type(value).__name__}")


def _duration_text(text: str) -> timedelta:
    match = _DURATION_TEXT.fullmatch(text)
    try:
        if match is not None:
            days, hours, minutes, seconds, fraction = match.groups()
            return timedelta(  # positional: measurably cheaper than keywords
                int(days) if days else 0,
                int(hours) * 3600 + int(minutes) * 60 + int(seconds),
                int(fraction.ljust(6, "0")) if fraction else 0,
            )
        try:
            seconds_value = float(text)
        except ValueError:
            raise _Invalid("not a duration") from None
        if seconds_value != seconds_value or abs(seconds_value) == float("inf"):
            raise _Invalid("not a finite duration")
        return timedelta(0, seconds_value)
    except _Invalid:
        raise
    except (OverflowError, ValueError):  # beyond timedelta, or beyond int-from-str digits
        raise _Invalid("a duration out of range") from None


# Testpress durations: ``H:MM:SS[.ffffff]``, ``N day(s), H:MM:SS[.ffffff]`` (Python's
# ``str(timedelta)``, negative days included) and bare numbers of seconds.
parse_duration = FieldParser(
    _CACHED_SHORTCUT, _duration_rest, label="duration", names={"cache": _DURATIONS.get}
)

# JSONValue and object fields keep the value as sent.
json_value = FieldParser("{v}", None, label="json")


def _object_rest(value: object) -> object:
    raise _Invalid(f"expected an object, got {type(value).__name__}")


json_object = FieldParser(
    "{v} if {v} is None or type({v}) is dict else {rest}({v})", _object_rest, label="object"
)

_SCALARS: dict[object, FieldParser] = {
    int: parse_int,
    float: parse_float,
    Decimal: parse_decimal,
    str: parse_str,
    bool: parse_bool,
    datetime: parse_datetime,
    date: parse_date,
    timedelta: parse_duration,
}


def scalar_parser(tp: object) -> Parser | None:
    """The parser of a scalar field type, or None when ``tp`` is not one."""
    declared = _SCALARS.get(tp)
    return None if declared is None else declared.parse


def _enum_rest(value: object) -> None:
    if value is None:
        return None
    raise _Invalid(f"expected a string, got {type(value).__name__}")


_ENUMS: dict[type[enum.Enum], Parser] = {}


def enum_parser(enum_cls: type[enum.Enum]) -> Parser:
    """An open enum's parser: a known wire value becomes its member, any other string stays a
    plain string."""
    parse = _ENUMS.get(enum_cls)
    if parse is None:
        members = {member.value: member for member in enum_cls}
        parse = _ENUMS[enum_cls] = FieldParser(
            "{members}({v}, {v}) if type({v}) is str else {rest}({v})",
            _enum_rest,
            label=enum_cls.__qualname__,
            names={"members": members.get},
        ).parse
    return parse


def model_or_str_parser(model: Parser) -> Parser:
    """A field sent either as an object (``model`` decodes it) or as a string: `parse_str`'s
    shortcut, with objects given to ``model``."""
    str_rest = parse_str.rest
    assert str_rest is not None

    def rest(value: object) -> object:
        if type(value) is dict:
            return model(value)
        return str_rest(value)

    return parse_str.with_rest(rest, label="model or str").parse
