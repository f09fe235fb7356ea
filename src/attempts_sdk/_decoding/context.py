"""The state of one decode call, and the one place a bad value is handled.

Whether a decode is strict is a property of the call (a context variable holding a `_Context`),
not of the converter. A parser that cannot parse a value raises `_Invalid`; the careful path
turns that into a `DataWarning` (lenient: the field becomes None) or a `_FieldError` (strict,
or a required field), which becomes a `DecodeError` with its path at the top (`decode.py`).
"""

from __future__ import annotations

import contextvars
from collections.abc import Callable
from typing import Any

from .._errors import DataWarning

__all__ = ["DataWarning"]  # defined with the exception tree, in _errors.py


class _Invalid(ValueError):
    """Raised by a parser: this value cannot become the field's type."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _render(segments: list[str]) -> str:
    """Path segments, collected innermost first, as ``a[3].b.c``."""
    out = ""
    for segment in reversed(segments):
        if segment.startswith("[") or not out:
            out += segment
        else:
            out += "." + segment
    return out


class _FieldError(Exception):
    """Internal: a value that cannot be let through; becomes a `DecodeError` at the top."""

    def __init__(self, segments: list[str], raw: object, reason: str) -> None:
        super().__init__(reason)
        self.segments = segments
        self.raw = raw
        self.reason = reason


class _Issue:
    """A value the careful path let through (lenient) or refused: its path (innermost segment
    first), the raw value, why, and the model it was found in."""

    __slots__ = ("model", "outcome", "raw", "reason", "segments")

    def __init__(
        self, segments: list[str], raw: object, reason: str, model: str = "", outcome: str = ""
    ) -> None:
        self.segments = segments
        self.raw = raw
        self.reason = reason
        self.model = model
        self.outcome = outcome


class _Context:
    """The state of one decode call: strict or lenient, and the issues found so far."""

    __slots__ = ("issues", "strict")

    def __init__(self, strict: bool) -> None:
        self.strict = strict
        self.issues: list[_Issue] = []


_CONTEXT: contextvars.ContextVar[_Context] = contextvars.ContextVar("attempts_sdk_decode")


def _none() -> None:
    return None


def _reject(
    wire: str, raw: object, reason: str, required: bool, empty: Callable[[], Any] = _none
) -> Any:
    """The one place a bad value is handled: raise (strict, or a required field), or record it
    and return the field's empty value (None, or an empty list for list fields)."""
    context = _CONTEXT.get()
    if required or context.strict:
        raise _FieldError([wire], raw, reason)
    value = empty()
    outcome = "set to None" if value is None else "left empty"
    context.issues.append(_Issue([wire], raw, reason, outcome=outcome))
    return value
