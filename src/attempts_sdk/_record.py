"""`Record`: the base of the core's small read-only values (page data, paging strategies,
parameters, retry decisions, provider declarations, the client configuration, the exchange's
actions).

A record class declares its fields as annotations, with defaults as plain class attributes::

    class Param(Record, kw_only=False):
        wire: str
        format: Formatter = fmt_str

and gets, from `Record` itself: ``__slots__`` (one per field), a generic ``__init__`` (keyword
arguments, or positional ones too with ``kw_only=False``), equality, hashing and ``repr`` by
field in declaration order, and read-only attributes. Type checkers see the same ``__init__``
(``dataclass_transform``). Unlike an attrs class, nothing is generated or compiled when the
module is imported (attrs' code generation was most of the SDK's import time).

attrs stays where a value is public and users copy it with ``attrs.evolve`` (`RetryPolicy`,
`RateLimitInfo`, the endpoint declarations) and for the response models.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar, NoReturn

if TYPE_CHECKING:
    from typing_extensions import dataclass_transform
else:

    def dataclass_transform(**_options: object) -> Any:
        return lambda cls: cls


__all__ = ["ByFields", "Record"]

_NAMES: dict[type, tuple[tuple[str, ...], tuple[str, ...]]] = {}


class ByFields:
    """Equality, hashing and ``repr`` from a class's fields: the names compared and the names
    shown, which `_field_names` gives and which are read once per class. The base of the
    response models and of `Record`: written once, not generated for each class at import."""

    __slots__ = ()

    @classmethod
    def _field_names(cls) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """(the fields compared and hashed, the fields shown by ``repr``), in order."""
        raise NotImplementedError

    @classmethod
    def _names(cls) -> tuple[tuple[str, ...], tuple[str, ...]]:
        names = _NAMES.get(cls)
        if names is None:
            names = _NAMES[cls] = cls._field_names()
        return names

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return all(getattr(self, name) == getattr(other, name) for name in self._names()[0])

    def __hash__(self) -> int:
        return hash((type(self), *(getattr(self, name) for name in self._names()[0])))

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._names()[1])
        return f"{type(self).__qualname__}({shown})"


_NO_DEFAULT: Any = object()


@dataclass_transform(kw_only_default=True, frozen_default=True)
class _RecordType(type):
    """Makes a record class from its annotations: slots, and what the generic ``__init__``
    needs (field names in order, defaults, keyword-only or not)."""

    def __new__(
        mcs,
        name: str,
        bases: tuple[type, ...],
        namespace: dict[str, Any],
        *,
        kw_only: bool = True,
    ) -> _RecordType:
        inherited: tuple[str, ...] = ()
        defaults: dict[str, object] = {}
        for base in reversed(bases):
            spec = getattr(base, "_fields_", None)
            if spec is not None:
                inherited += tuple(field for field in spec if field not in inherited)
                defaults.update(base._defaults_)  # type: ignore[attr-defined]
        annotations: dict[str, str] = namespace.get("__annotations__", {})
        own = tuple(
            field
            for field, annotation in annotations.items()
            if not str(annotation).startswith(("ClassVar", "typing.ClassVar"))
        )
        for field in own:
            value = namespace.pop(field, _NO_DEFAULT)
            if value is not _NO_DEFAULT:
                defaults[field] = value
        namespace["__slots__"] = own
        namespace["_fields_"] = inherited + own
        namespace["_defaults_"] = defaults
        namespace["_kw_only_"] = kw_only
        return super().__new__(mcs, name, bases, namespace)


class Record(ByFields, metaclass=_RecordType):
    """A read-only value: built from its fields (annotations), compared, hashed and shown by
    them."""

    _fields_: ClassVar[tuple[str, ...]]
    _defaults_: ClassVar[dict[str, object]]
    _kw_only_: ClassVar[bool]
    _hidden: ClassVar[tuple[str, ...]] = ()  # fields left out of repr (credentials, callables)

    def __init__(self, *args: Any, **values: Any) -> None:
        cls = type(self)
        fields = cls._fields_
        if args:
            if cls._kw_only_ or len(args) > len(fields):
                raise TypeError(
                    f"{cls.__name__}() takes {0 if cls._kw_only_ else len(fields)} positional "
                    f"arguments but {len(args)} were given"
                )
            for field, value in zip(fields, args, strict=False):
                if field in values:
                    raise TypeError(f"{cls.__name__}() got multiple values for {field!r}")
                values[field] = value
        defaults = cls._defaults_
        for field in fields:
            value = values.pop(field, _NO_DEFAULT)
            if value is _NO_DEFAULT:
                value = defaults.get(field, _NO_DEFAULT)
                if value is _NO_DEFAULT:
                    raise TypeError(f"{cls.__name__}() missing required argument {field!r}")
            object.__setattr__(self, field, value)
        if values:
            raise TypeError(f"{cls.__name__}() got unexpected arguments: {', '.join(values)}")

    def _set(self, **values: object) -> None:
        """Set fields (only from an ``__init__``)."""
        for name, value in values.items():
            object.__setattr__(self, name, value)

    def __setattr__(self, name: str, value: object) -> NoReturn:
        raise AttributeError(f"{type(self).__name__} is read-only: cannot set {name!r}")

    def __delattr__(self, name: str) -> NoReturn:
        raise AttributeError(f"{type(self).__name__} is read-only: cannot delete {name!r}")

    def __getstate__(self) -> dict[str, object]:
        return {name: getattr(self, name) for name in self._names()[0]}

    def __setstate__(self, state: dict[str, object]) -> None:  # copy, deepcopy, pickle
        self._set(**state)

    @classmethod
    def _field_names(cls) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """Every field, in the order the class declares them; ``_hidden`` ones are not shown."""
        fields = cls._fields_
        return fields, tuple(name for name in fields if name not in cls._hidden)
