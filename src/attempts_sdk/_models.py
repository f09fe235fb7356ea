"""The base of every response model: unknown keys kept, ``to_dict()`` back to wire shape."""

from __future__ import annotations

import enum
import re
from collections.abc import Mapping
from datetime import date, datetime, timedelta
from decimal import Decimal
from types import MappingProxyType
from typing import Any, ClassVar, SupportsIndex

import attrs

from ._json import JSONValue
from ._record import ByFields

__all__ = ["CamelModel", "Model", "OpenEnum", "id_reference", "references", "wire_names"]

_EMPTY: Mapping[str, JSONValue] = MappingProxyType({})


class OpenEnum(str, enum.Enum):
    """A str-valued enum that compares equal to, and prints as, its wire string.

    Fields typed ``SomeEnum | str`` hold a member for a known value and the plain string for a
    value the SDK does not know yet: an unknown value is never an error.
    """

    def __str__(self) -> str:
        return str(self.value)


class Model(ByFields):
    """Base of the SDK's attrs models.

    Subclasses are frozen, slotted attrs classes whose attribute names are the wire names
    (or, for `CamelModel`, their snake_case form). They are declared with ``eq=False,
    repr=False``: equality, hashing and ``repr`` are `ByFields`' generic ones, with the same
    results as attrs' generated methods (fields compared in order; ``repr=False`` fields left
    out of ``repr``), because generating them for each class at import time costs more than
    the rest of the SDK's import.

    A field declared ``init=False`` is not read from the wire: the decoder fills it (the id of
    an `id_reference` field) or a list endpoint's page join does (a record the same page sends
    apart, see `attempts_sdk._join`); it is left out of ``to_dict()``.
    """

    __slots__ = ("_extra", "_invalid")
    __wire_case__: ClassVar[str] = "snake"
    _extra: Mapping[str, JSONValue]
    _invalid: Mapping[str, JSONValue]

    @classmethod
    def _field_names(cls) -> tuple[tuple[str, ...], tuple[str, ...]]:
        return _shape(cls)[:2]

    def __reduce_ex__(self, protocol: SupportsIndex) -> tuple[object, ...]:
        """Copies and pickles keep ``extra`` and ``invalid`` (attrs' state has fields only)."""
        values = tuple(getattr(self, name) for name in _shape(type(self))[2])
        extra = dict(self.extra) or None
        invalid = dict(self.invalid) or None
        return (_restore, (type(self), values, extra, invalid))

    @property
    def extra(self) -> Mapping[str, JSONValue]:
        """Keys the server sent that this model does not know, with their raw values."""
        try:
            return self._extra
        except AttributeError:
            return _EMPTY

    @property
    def invalid(self) -> Mapping[str, JSONValue]:
        """Raw values of fields that could not be parsed (lenient mode) and were set to None,
        by wire name."""
        try:
            return self._invalid
        except AttributeError:
            return _EMPTY

    def to_dict(self) -> dict[str, JSONValue]:
        """The wire-shaped dict: wire names, JSON-serialisable values, unknown keys included.

        A field that could not be parsed is given back as the raw value the server sent.
        """
        out: dict[str, JSONValue] = {}
        names = wire_names(type(self))
        for name, wire in names.items():
            out[wire] = to_wire(getattr(self, name))
        for name, id_name in references(type(self)).items():
            if getattr(self, name) is None and getattr(self, id_name) is not None:
                out[names[name]] = to_wire(getattr(self, id_name))  # it came as its id
        out.update(self.invalid)
        out.update(self.extra)
        return out


_Shape = tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]
_SHAPES: dict[type, _Shape] = {}


def _shape(cls: type) -> _Shape:
    """A model class's field names: those compared (equality, hashing), those shown by
    ``repr``, and all of them."""
    shape = _SHAPES.get(cls)
    if shape is None:
        attrs_cls: Any = cls
        fields = attrs.fields(attrs_cls)
        shape = _SHAPES[cls] = (
            tuple(field.name for field in fields if field.eq),
            tuple(field.name for field in fields if field.repr),
            tuple(field.name for field in fields),
        )
    return shape


def _restore(
    cls: type[Model],
    values: tuple[object, ...],
    extra: dict[str, JSONValue] | None,
    invalid: dict[str, JSONValue] | None,
) -> Model:
    """A model rebuilt from `Model.__reduce_ex__` (a copy, or an unpickled model)."""
    obj = object.__new__(cls)
    for name, value in zip(_shape(cls)[2], values, strict=True):
        object.__setattr__(obj, name, value)
    if extra:
        object.__setattr__(obj, "_extra", extra)
    if invalid:
        object.__setattr__(obj, "_invalid", invalid)
    return obj


class CamelModel(Model):
    """A model whose wire names are camelCase (attributes stay snake_case)."""

    __slots__ = ()
    __wire_case__: ClassVar[str] = "camel"


_CAMEL_PART = re.compile(r"_([a-z0-9])")


def _camel(name: str) -> str:
    return _CAMEL_PART.sub(lambda m: m.group(1).upper(), name)


_WIRE_NAMES: dict[type[Model], dict[str, str]] = {}


def wire_names(cls: type[Model]) -> dict[str, str]:
    """Attribute name -> wire name, for every init field of a model class.

    The wire name is ``metadata["wire"]`` when a field sets it, else the attribute name
    (camelCased for `CamelModel`).
    """
    names = _WIRE_NAMES.get(cls)
    if names is None:
        camel = cls.__wire_case__ == "camel"
        attrs_cls: Any = cls
        names = {
            field.name: field.metadata.get("wire") or (_camel(field.name) if camel else field.name)
            for field in attrs.fields(attrs_cls)
            if field.init
        }
        _WIRE_NAMES[cls] = names
    return names


_REFERENCES: dict[type[Model], dict[str, str]] = {}


def id_reference(id_field: str) -> Any:
    """Metadata of a field that holds a record a server may send as the record's id alone
    (``"exam": 27`` instead of ``"exam": {...}``): such an id is no error, the field is then
    None and ``id_field`` (a field of the same model declared ``init=False``) holds the id;
    when the record is sent, ``id_field`` holds its ``id``.

    Used as ``exam: Exam | None = attrs.field(default=None, metadata=id_reference("exam_id"))``.
    """
    return {"id_field": id_field}


def references(cls: type[Model]) -> dict[str, str]:
    """Field name -> the name of the field holding its id, for the fields declared with
    `id_reference`."""
    refs = _REFERENCES.get(cls)
    if refs is None:
        attrs_cls: Any = cls
        refs = {
            field.name: field.metadata["id_field"]
            for field in attrs.fields(attrs_cls)
            if "id_field" in field.metadata
        }
        _REFERENCES[cls] = refs
    return refs


def to_wire(value: object) -> JSONValue:
    """A parsed value back in JSON-serialisable wire form."""
    if value is None or isinstance(value, (bool, int, float)):
        return value
    if isinstance(value, str):
        return str(value) if isinstance(value, enum.Enum) else value
    if isinstance(value, Model):
        return value.to_dict()
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, timedelta):
        return str(value)
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (list, tuple)):
        return [to_wire(item) for item in value]
    if isinstance(value, Mapping):
        return {str(key): to_wire(item) for key, item in value.items()}
    if isinstance(value, enum.Enum):
        return to_wire(value.value)
    raise TypeError(f"cannot convert {type(value).__name__} to JSON")
