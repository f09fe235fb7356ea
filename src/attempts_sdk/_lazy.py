"""Loading a provider's models on first use rather than at import.

Creating the attrs model classes is most of a provider package's import time, and many
programs import a provider without calling it (or only to configure it). So a provider's
endpoints name their models with `model_ref`, resolved when a response is first decoded, and
its ``__init__.py`` serves the model names through the module ``__getattr__`` that
`lazy_exports` builds (PEP 562). Both import the submodule once; Python caches it.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Iterable, Mapping
from typing import Generic, TypeVar

__all__ = ["ModelRef", "lazy_exports", "model_ref", "resolve_model"]

T = TypeVar("T")


class ModelRef(Generic[T]):
    """A class named by its module and name, imported when `resolve` is first called."""

    __slots__ = ("_value", "module", "name")

    def __init__(self, module: str, name: str) -> None:
        self.module = module
        self.name = name
        self._value: type[T] | None = None

    def resolve(self) -> type[T]:
        """The class (the module is imported on the first call; the class is kept)."""
        if self._value is None:
            value = getattr(importlib.import_module(self.module), self.name)
            if not isinstance(value, type):
                raise TypeError(f"{self.module}.{self.name} is not a class: {value!r}")
            self._value = value
        return self._value

    def __repr__(self) -> str:
        return f"ModelRef({self.module}.{self.name})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ModelRef):
            return NotImplemented
        return (self.module, self.name) == (other.module, other.name)

    def __hash__(self) -> int:
        return hash((self.module, self.name))


def model_ref(package: str | None, name: str) -> ModelRef[T]:
    """The class ``name`` of ``package``'s ``models`` module, imported on first use.

    Declare its type where it is used, e.g. ``GET: Endpoint[Attempt] = Endpoint(...,
    model=model_ref(__package__, "Attempt"))`` with ``Attempt`` imported under TYPE_CHECKING.
    """
    if not package:
        raise ValueError("model_ref needs the provider package (pass __package__)")
    return ModelRef(f"{package}.models", name)


def resolve_model(model: type[T] | ModelRef[T]) -> type[T]:
    """A class as is, or the class a `ModelRef` names."""
    return model.resolve() if isinstance(model, ModelRef) else model


def lazy_exports(
    package: str, exports: Mapping[str, Iterable[str]]
) -> tuple[Callable[[str], object], Callable[[], list[str]]]:
    """A module ``__getattr__`` and ``__dir__`` (PEP 562) for ``package``, serving each name
    in ``exports`` ({submodule: names}) from that submodule, imported on first use.

    Use it in the package's ``__init__.py``, under ``if not TYPE_CHECKING`` (type checkers
    read the names from imports under ``if TYPE_CHECKING``)::

        __getattr__, __dir__ = lazy_exports(__name__, {"models": ("Attempt", "Exam")})
    """
    where = {name: submodule for submodule, names in exports.items() for name in names}

    def __getattr__(name: str) -> object:
        submodule = where.get(name)
        if submodule is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value: object = getattr(importlib.import_module(f"{package}.{submodule}"), name)
        setattr(sys.modules[package], name, value)  # later look-ups skip __getattr__
        return value

    def __dir__() -> list[str]:
        return sorted({*vars(sys.modules[package]), *where})

    return __getattr__, __dir__
