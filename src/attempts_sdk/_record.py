"""`Record`: the base of the core's small read-only values (page data, paging strategies,
parameters, retry decisions).

A plain slotted class: its fields are its annotated ``__slots__``, set once by its ``__init__``;
equality, hashing and ``repr`` come from them, in the order they are annotated. Unlike an attrs
class, nothing is generated when the module is imported (attrs' code generation was most of the
SDK's import time).
"""

from __future__ import annotations

from typing import NoReturn

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


class Record(ByFields):
    """A read-only value: compared, hashed and shown by its fields (annotated slots)."""

    __slots__ = ()
    _hidden: tuple[str, ...] = ()  # fields left out of repr (credentials, callables)

    def _set(self, **values: object) -> None:
        """Set fields (only from ``__init__``)."""
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
        """Every annotated field, in the order the class declares them; ``_hidden`` ones are
        not shown."""
        fields = tuple(name for name in cls.__annotations__ if name != "_hidden")
        return fields, tuple(name for name in fields if name not in cls._hidden)
