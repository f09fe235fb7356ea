"""The DataFrame's columns: the Spark schema, and one attempt as one row of it.

Types: timestamps are Spark ``TIMESTAMP`` (UTC instants; a naive time from a provider is taken
as UTC); ``score``, ``max_score`` and ``percentage`` are ``DECIMAL(38,6)`` (rounded half-even
to 6 places; a number of more than 32 integer digits is null); ``duration`` is ``DOUBLE``
seconds, not an interval, because Delta and most lakehouse tables cannot store Spark's interval
types. ``data_warnings`` counts the values of the attempt's record that lenient decoding could
not parse (each a `DataWarning`; the raw values are kept in ``record``). ``record``, with
``columns=full``, is the record as JSON, in the provider's own shape.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime, timezone
from decimal import Context, Decimal, InvalidOperation
from typing import Any

import attrs

from .._models import Model
from .._summary import AttemptSummary

__all__ = ["SUMMARY_TYPES", "column_names", "invalid_values", "spark_schema", "to_row"]

SUMMARY_TYPES: tuple[tuple[str, str], ...] = (
    ("provider", "STRING"),
    ("attempt_id", "STRING"),
    ("user", "STRING"),
    ("assessment_id", "STRING"),
    ("assessment_title", "STRING"),
    ("status", "STRING"),
    ("score", "DECIMAL(38,6)"),
    ("max_score", "DECIMAL(38,6)"),
    ("percentage", "DECIMAL(38,6)"),
    ("passed", "BOOLEAN"),
    ("started_at", "TIMESTAMP"),
    ("ended_at", "TIMESTAMP"),
    ("duration", "DOUBLE"),
    ("data_warnings", "INT"),
)
"""The columns of ``columns=summary``, in order, with their Spark SQL types: the
`AttemptSummary` fields, then ``data_warnings``. ``columns=full`` adds ``record STRING``."""

_PLACES = Decimal("0.000001")
_LIMIT = Decimal(10) ** 32  # DECIMAL(38,6) holds 32 integer digits
_CONTEXT = Context(prec=60)  # room for a quantized value of any size short of the limit


def column_names(*, full: bool) -> tuple[str, ...]:
    """The column names, in order."""
    names = tuple(name for name, _ in SUMMARY_TYPES)
    return (*names, "record") if full else names


def spark_schema(*, full: bool) -> str:
    """The schema as a Spark DDL string (what `DataSource.schema` may return)."""
    columns = [*SUMMARY_TYPES, ("record", "STRING")] if full else SUMMARY_TYPES
    return ", ".join(f"`{name}` {kind}" for name, kind in columns)


def to_row(record: Model, summary: AttemptSummary, *, full: bool) -> tuple[Any, ...]:
    """One attempt as a row of the schema."""
    duration = summary.duration
    row = (
        summary.provider,
        summary.attempt_id,
        summary.user,
        summary.assessment_id,
        summary.assessment_title,
        summary.status.value,
        _decimal(summary.score),
        _decimal(summary.max_score),
        _decimal(summary.percentage),
        summary.passed,
        _instant(summary.started_at),
        _instant(summary.ended_at),
        None if duration is None else duration.total_seconds(),
        invalid_values(record),
    )
    if full:
        return (*row, json.dumps(record.to_dict(), ensure_ascii=False))
    return row


def invalid_values(record: Model) -> int:
    """How many values of ``record`` and of the models inside it could not be parsed
    (the entries of their ``invalid``: one for each `DataWarning` about them)."""
    count = 0
    seen: set[int] = set()
    pending: list[object] = [record]
    while pending:
        value = pending.pop()
        if isinstance(value, Model):
            if id(value) in seen:  # model graphs may have cycles
                continue
            seen.add(id(value))
            count += len(value.invalid)
            pending.extend(_children(value))
        elif isinstance(value, (list, tuple)):
            pending.extend(value)
    return count


def _children(model: Model) -> Iterator[object]:
    cls: Any = type(model)  # an attrs class (Model's subclasses are)
    for field in attrs.fields(cls):
        value = getattr(model, field.name)
        if isinstance(value, (Model, list, tuple)):
            yield value


def _decimal(value: Decimal | None) -> Decimal | None:
    if value is None or not value.is_finite() or abs(value) >= _LIMIT:
        return None
    try:
        return value.quantize(_PLACES, context=_CONTEXT)
    except InvalidOperation:
        return None


def _instant(moment: datetime | None) -> datetime | None:
    if moment is None:
        return None
    if moment.utcoffset() is None:
        return moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc)
