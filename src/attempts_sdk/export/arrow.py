"""Arrow types for exports: the summary columns, and whole records as typed nested columns.

Shared by the Parquet writer and the DuckDB store. pyarrow is imported by `load_pyarrow`
(it is in the ``attempts-sdk[export]`` extra).

- Summaries: strings, ``decimal128(38, 9)`` for score / max_score / percentage (29 digits
  before the point, 9 after), UTC ``timestamp[us]`` for the times (a time without an offset
  is taken as UTC), ``duration[us]``, a bool for ``passed``.
- Whole records: each model field typed by its annotation, nested models as structs, lists as
  lists, the keys the model does not know and the raw values it could not parse in a JSON
  string column ``_extra`` on each struct (so nothing the server sent is lost). A field whose
  annotation is free-form (``dict``, a JSON value, a union of different kinds such as
  Testpress's ``user``: a name or an object) is a JSON string.
- A value that does not fit its column (a decimal with more than 9 places or 29 digits, an
  integer beyond 64 bits, a duration beyond 292 000 years) is written empty, with a
  `DataWarning`; in whole records its raw value goes to ``_extra``.
"""

from __future__ import annotations

import enum
import types
import typing
import warnings
from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime, time, timedelta, timezone
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import attrs

from .._decoding import DataWarning
from .._models import Model, to_wire, wire_names
from .._summary import AttemptSummary
from .errors import MissingExtraError
from .jsontext import dumps, escape_surrogates

if TYPE_CHECKING:
    import pyarrow as pa

__all__ = ["EXTRA", "RecordColumns", "load_pyarrow", "summary_arrays", "summary_fields"]

EXTRA = "_extra"
"""The JSON column of each struct: unknown keys and unparsed raw values."""
_PRECISION, _SCALE = 38, 9
_MAX_DURATION = timedelta(microseconds=2**63 - 1)


def load_pyarrow(needed_for: str) -> Any:
    """The ``pyarrow`` module. Raises `MissingExtraError` naming the extra when missing."""
    try:
        import pyarrow
    except ImportError:
        raise MissingExtraError("pyarrow", needed_for) from None
    return pyarrow


class _Unfit(Exception):
    """This value cannot be held by its column."""


def _text(value: str) -> str:
    if value.isascii():
        return value
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate: Arrow strings are UTF-8
        return escape_surrogates(value)
    return value


def _decimal(value: Decimal) -> Decimal:
    if not value.is_finite():
        raise _Unfit
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -_SCALE:
        raise _Unfit
    if value.adjusted() >= _PRECISION - _SCALE:
        raise _Unfit
    return value


def _moment(value: date) -> datetime:
    if not isinstance(value, datetime):  # a plain date where a timestamp is documented
        return datetime.combine(value, time(), tzinfo=timezone.utc)
    return value if value.utcoffset() is not None else value.replace(tzinfo=timezone.utc)


def _duration(value: timedelta) -> timedelta:
    if abs(value) > _MAX_DURATION:
        raise _Unfit
    return value


def _int(value: int) -> int:
    if not -(2**63) <= value < 2**63:
        raise _Unfit
    return value


def summary_fields(pa: Any) -> list[Any]:
    """The Arrow fields of the summary columns, in `AttemptSummary` order."""
    money = pa.decimal128(_PRECISION, _SCALE)
    utc = pa.timestamp("us", tz="UTC")
    types_ = {
        "score": money,
        "max_score": money,
        "percentage": money,
        "passed": pa.bool_(),
        "started_at": utc,
        "ended_at": utc,
        "duration": pa.duration("us"),
    }
    return [pa.field(f.name, types_.get(f.name, pa.string())) for f in attrs.fields(AttemptSummary)]


def _warn(summary: AttemptSummary, column: str, value: object) -> None:
    warnings.warn(
        DataWarning(
            provider=summary.provider,
            model="AttemptSummary",
            path=f"{summary.attempt_id}.{column}",
            raw=value,
            reason="does not fit its column",
            outcome="written empty",
        ),
        stacklevel=3,
    )


_SUMMARY_CONVERT: dict[str, Callable[[Any], Any]] = {
    "status": lambda status: status.value,
    "score": _decimal,
    "max_score": _decimal,
    "percentage": _decimal,
    "started_at": _moment,
    "ended_at": _moment,
    "duration": _duration,
}


def summary_arrays(pa: Any, summaries: Sequence[AttemptSummary]) -> list[Any]:
    """One Arrow array per summary column."""
    arrays = []
    for field in summary_fields(pa):
        convert = _SUMMARY_CONVERT.get(field.name)
        values = []
        for summary in summaries:
            value = getattr(summary, field.name)
            if value is None or convert is None:
                values.append(_text(value) if isinstance(value, str) else value)
                continue
            try:
                values.append(convert(value))
            except _Unfit:
                _warn(summary, field.name, value)
                values.append(None)
        arrays.append(pa.array(values, field.type))
    return arrays


# --- whole records

_Convert = Callable[[Any], Any]


def _json(value: object) -> str:
    return dumps(to_wire(value)).decode("utf-8")


class RecordColumns:
    """The Arrow schema of a model class's records, and each record's row for it.

    Built once per class from the attrs fields and their annotations (see the module's
    docstring); ``row(record)`` gives a dict ready for ``pa.Table.from_pylist``.
    """

    def __init__(self, pa: Any, model: type[Model]) -> None:
        self._pa = pa
        struct_type, self._convert = self._struct(model, ())
        self.schema: pa.Schema = pa.schema(list(struct_type))

    def row(self, record: Model) -> dict[str, Any]:
        """The record's values, typed for the schema."""
        row: dict[str, Any] = self._convert(record)
        return row

    def _struct(self, model: type[Model], seen: tuple[type, ...]) -> tuple[Any, _Convert]:
        pa = self._pa
        hints = typing.get_type_hints(model)
        names = wire_names(model)
        fields, plan = [], []
        for attribute, wire in names.items():
            if wire == EXTRA:
                raise ValueError(f"{model.__name__} has a field named {EXTRA!r}")
            arrow_type, convert = self._type(hints[attribute], (*seen, model))
            fields.append(pa.field(wire, arrow_type))
            plan.append((attribute, wire, convert))
        fields.append(pa.field(EXTRA, pa.string()))

        def convert_record(record: Model) -> dict[str, Any]:
            out: dict[str, Any] = {}
            raw = {**record.invalid, **record.extra}
            for attribute, wire, convert in plan:
                value = getattr(record, attribute)
                try:
                    out[wire] = None if value is None else convert(value)
                except _Unfit:
                    out[wire] = None
                    raw[wire] = to_wire(value)
            out[EXTRA] = dumps(raw).decode("utf-8") if raw else None
            return out

        return pa.struct(fields), convert_record

    def _type(self, hint: Any, seen: tuple[type, ...]) -> tuple[Any, _Convert]:
        pa = self._pa
        kinds = [arg for arg in _union_args(hint) if arg is not type(None)]
        if len(kinds) > 1 and all(_is_text(kind) for kind in kinds):
            return pa.string(), lambda value: _text(str(value))
        if len(kinds) != 1:
            return pa.string(), _json  # a union of different kinds: free-form
        kind = kinds[0]
        origin = typing.get_origin(kind)
        if origin is list:
            (item,) = typing.get_args(kind) or (Any,)
            item_type, convert_item = self._type(item, seen)
            if item_type == pa.string() and convert_item is _json:
                return pa.string(), _json
            return pa.list_(item_type), lambda value: [
                None if v is None else convert_item(v) for v in value
            ]
        if isinstance(kind, type) and issubclass(kind, Model):
            if kind in seen:  # a cycle (an exam naming its attempts): JSON from here on
                return pa.string(), _json
            return self._struct(kind, seen)
        simple = _SIMPLE.get(kind) if isinstance(kind, type) else None
        if simple is not None:
            return simple(pa)
        if isinstance(kind, type) and issubclass(kind, enum.Enum):
            if issubclass(kind, str):
                return pa.string(), lambda value: _text(str(value))
            if issubclass(kind, int):
                return pa.int64(), lambda value: _int(int(value))
        return pa.string(), _json


def _union_args(hint: Any) -> tuple[Any, ...]:
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        return typing.get_args(hint)
    return (hint,)


def _is_text(kind: Any) -> bool:
    return kind is str or (isinstance(kind, type) and issubclass(kind, str))


def _float(value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise _Unfit
    return float(value)


def _checked_int(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise _Unfit
    return _int(value)


_SIMPLE: Mapping[type, Callable[[Any], tuple[Any, _Convert]]] = {
    bool: lambda pa: (pa.bool_(), bool),
    int: lambda pa: (pa.int64(), _checked_int),
    float: lambda pa: (pa.float64(), _float),
    str: lambda pa: (pa.string(), lambda value: _text(str(value))),
    Decimal: lambda pa: (pa.decimal128(_PRECISION, _SCALE), _decimal),
    datetime: lambda pa: (pa.timestamp("us", tz="UTC"), _moment),
    date: lambda pa: (pa.date32(), lambda value: value if type(value) is date else value.date()),
    timedelta: lambda pa: (pa.duration("us"), _duration),
}
