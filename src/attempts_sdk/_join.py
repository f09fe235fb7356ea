"""Page joins: records a list page sends apart from its items, attached to the items.

Some list envelopes send the items' related records once per page, in lists of their own,
instead of inside each item (Testpress admin v3: ``{"results": {"user_answers": [...],
"exam_questions": [...]}}``, each user answer naming its question by ``exam_question_id``). A
`Join` declares one such relation on the `ListEndpoint`; `apply_joins` is the one place it is
carried out, for every provider: the related records are decoded (their paths as they are in
the page, for warnings and errors), indexed by id, and each item's field set to its record.

The field that receives the record is declared ``init=False, eq=False`` on the item's model: it
is never read from the wire, stays out of ``to_dict()`` and of the item's equality (it belongs
to the page, not to the record); an item whose record the page lacks keeps None.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from ._errors import DecodeError
from ._json import JSONValue
from ._lazy import ModelRef, resolve_model
from ._models import Model
from ._record import Record

__all__ = ["DecodeRelated", "Join", "apply_joins"]

DecodeRelated = Callable[[type[Model], list[JSONValue], str], Sequence[Model]]
"""Decodes related records: (model, raw records, the path of their list) -> models."""


class Join(Record, kw_only=False):
    """Attach to each item the record of ``model`` whose ``id`` is the item's ``key`` field,
    found in the page body's list at ``source``.

    Attributes:
        attr: the item's field that receives the record (declared ``init=False, eq=False``).
        key: the item's field holding the related record's id.
        source: the path of the related records' list in the page body (not empty).
        model: their model (a class, or a `ModelRef` resolved on first use).
    """

    attr: str
    key: str
    source: tuple[str, ...]
    model: type[Model] | ModelRef[Any]

    def __init__(self, *args: Any, **values: Any) -> None:
        super().__init__(*args, **values)
        if not self.source:
            raise ValueError("a join needs the path of its records in the page")


def _records_at(body: JSONValue, path: tuple[str, ...], provider: str) -> list[JSONValue]:
    value = body
    for key in path:
        value = value.get(key) if isinstance(value, dict) else None
    if value is None:
        return []
    if not isinstance(value, list):
        raise DecodeError(
            f"{provider}: the response is not the documented list envelope: "
            f"{'.'.join(path)} is not a list",
            provider=provider,
        )
    return value


def apply_joins(
    items: Sequence[Model],
    body: JSONValue,
    joins: Sequence[Join],
    decode: DecodeRelated,
    *,
    provider: str,
) -> None:
    """Set each join's field on every item, from the records of the same page. Raises
    `DecodeError` when a related list is not a list or holds an undecodable record."""
    indexes: dict[tuple[tuple[str, ...], type[Model]], dict[object, Model]] = {}
    for join in joins:
        model: type[Model] = resolve_model(join.model)
        index = indexes.get((join.source, model))
        if index is None:
            raw = _records_at(body, join.source, provider)
            index = {}
            for record in decode(model, raw, ".".join(join.source)):
                index.setdefault(getattr(record, "id", None), record)  # the first one wins
            index.pop(None, None)
            indexes[join.source, model] = index
        for item in items:
            key = getattr(item, join.key)
            # the item was made by this page's decode and is not shared yet
            object.__setattr__(item, join.attr, None if key is None else index.get(key))
