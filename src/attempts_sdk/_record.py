"""`Record`: the base of the core's small read-only values (page data, paging strategies,
parameters, retry decisions).

A plain slotted class: its fields are its annotated ``__slots__``, set once by its ``__init__``;
equality, hashing and ``repr`` come from them, in the order they are annotated. Unlike an attrs
class, nothing is generated when the module is imported (attrs' code generation was most of the
SDK's import time).
"""

from __future__ import annotations

from typing import NoReturn

__all__ = ["Record"]


class Record:
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
        return {name: getattr(self, name) for name in self._fields()}

    def __setstate__(self, state: dict[str, object]) -> None:  # copy, deepcopy, pickle
        self._set(**state)

    def _fields(self) -> tuple[str, ...]:
        """The field names in the order the class declares them (its annotations)."""
        return tuple(name for name in type(self).__annotations__ if name != "_hidden")

    def _values(self) -> tuple[object, ...]:
        return tuple(getattr(self, name) for name in self._fields())

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        assert isinstance(other, Record)
        return self._values() == other._values()

    def __hash__(self) -> int:
        return hash((type(self), self._values()))

    def __repr__(self) -> str:
        hidden = self._hidden
        fields = ", ".join(
            f"{name}={getattr(self, name)!r}" for name in self._fields() if name not in hidden
        )
        return f"{type(self).__name__}({fields})"
