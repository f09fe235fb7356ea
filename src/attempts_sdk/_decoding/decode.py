"""The entry points: `decode_model` (one record) and `decode_list` (the records of one page).

Each tries the fast path first and lets the careful path decide on what it refuses; then turns
the careful path's findings into `DataWarning` warnings (lenient) or a `DecodeError` (strict,
or a value that cannot be let through), with the full path and secrets redacted.
"""

from __future__ import annotations

import sys
import typing
import warnings
from collections.abc import Callable, Sequence
from typing import TypeVar

from .._errors import DecodeError
from .._models import Model
from .context import _CONTEXT, DataWarning, _Context, _FieldError, _Invalid, _render
from .structure import _structure_function

__all__ = ["Redact", "decode_list", "decode_model"]

M = TypeVar("M", bound=Model)
Redact = Callable[[str], str]


def _no_secrets(text: str) -> str:
    return text


def _scrub(raw: object, redact: Redact) -> object:
    """A raw value as shown in a warning or an error: a string a server echoed a secret into
    is redacted (structured values are shown by repr, redacted there)."""
    return redact(raw) if isinstance(raw, str) else raw


def _outside_the_sdk() -> int:
    """The ``stacklevel`` of the nearest caller outside this package, so that a warning
    names the user's line (a list call reaches the decoder through the paginator)."""
    frame = sys._getframe(2)  # the caller of _emit: stacklevel 2 of its warnings.warn
    level = 2
    while frame.f_back is not None and frame.f_globals.get("__name__", "").startswith(
        "attempts_sdk."
    ):
        frame = frame.f_back
        level += 1
    return level


def _emit(context: _Context, provider: str, prefix: str, redact: Redact) -> None:
    for issue in context.issues:
        path = _render([*issue.segments, prefix] if prefix else issue.segments)
        warning = DataWarning(
            provider=provider,
            model=issue.model,
            path=path,
            raw=_scrub(issue.raw, redact),
            reason=issue.reason,
            outcome=issue.outcome,
        )
        warning.args = (redact(str(warning)),)
        warnings.warn(warning, stacklevel=_outside_the_sdk())


class _Elided:
    """Stands for a value too deeply nested to show (its ``repr`` would recurse as deep)."""

    def __repr__(self) -> str:
        return "..."


_TOO_DEEP = _Elided()


def _decode_error(exc: _FieldError, provider: str, prefix: str, redact: Redact) -> DecodeError:
    path = _render([*exc.segments, prefix] if prefix else exc.segments)
    where = f" at {path}" if path else ""
    shown = repr(exc.raw)
    if len(shown) > 200:
        shown = shown[:197] + "..."
    return DecodeError(
        redact(f"{provider}: cannot decode{where}: {exc.reason} (got {shown})"),
        path=path,
        raw=None if exc.raw is _TOO_DEEP else _scrub(exc.raw, redact),
        provider=provider,
    )


def _structure_record(cls: type[M], value: object) -> M:
    try:
        obj = _structure_function(cls, fast=True)(value)
    except Exception:  # anything unusual: the careful path decodes it again and decides
        obj = None
    if obj is None:
        try:
            obj = _structure_function(cls, fast=False)(value)
        except _Invalid as exc:
            raise _FieldError([], value, exc.reason) from None
        except RecursionError:  # a cyclic model graph lets a server nest records at will
            raise _FieldError([], _TOO_DEEP, "records nested too deeply") from None
        if obj is None:
            raise _FieldError([], value, f"expected an object for {cls.__name__}, got null")
    return typing.cast(M, obj)


def decode_model(
    cls: type[M],
    value: object,
    *,
    provider: str,
    strict: bool,
    path: str = "",
    redact: Redact = _no_secrets,
) -> M:
    """Decode one record. Raises `DecodeError` when it is not an object, when a required field
    is missing or bad, and (strict mode) on any value that cannot be parsed."""
    context = _Context(strict)
    token = _CONTEXT.set(context)
    try:
        obj = _structure_record(cls, value)
    except _FieldError as exc:
        raise _decode_error(exc, provider, path, redact) from None
    finally:
        _CONTEXT.reset(token)
    _emit(context, provider, path, redact)
    return obj


def _unwrap(value: object, key: str) -> object:
    if type(value) is dict and len(value) == 1:
        return value[key]
    raise _Invalid("not a wrapped item")


def decode_list(
    cls: type[M],
    values: Sequence[object],
    *,
    provider: str,
    strict: bool,
    path: str,
    item_key: str | None = None,
    redact: Redact = _no_secrets,
) -> list[M]:
    """Decode the records of one page, reporting paths as ``path[i]...`` (or
    ``path[i].item_key...`` when each record was unwrapped from ``{item_key: {...}}``)."""
    fast = _structure_function(cls, fast=True)
    try:  # the whole page through the fast path; any refusal: record by record below
        if item_key is None:
            page = [fast(value) for value in values]
        else:
            page = [fast(_unwrap(value, item_key)) for value in values]
    except Exception:
        pass
    else:
        if not any(obj is None for obj in page):
            return typing.cast("list[M]", page)
    context = _Context(strict)
    token = _CONTEXT.set(context)
    out: list[M] = []
    try:
        for index, value in enumerate(values):
            outer: list[str] = []
            if item_key is not None:  # each item is {item_key: {...}} (Indeed)
                if not (isinstance(value, dict) and len(value) == 1 and item_key in value):
                    exc = _FieldError([f"[{index}]"], value, f"expected {{{item_key!r}: {{...}}}}")
                    raise _decode_error(exc, provider, path, redact)
                value, outer = value[item_key], [item_key]
            before = len(context.issues)
            try:
                out.append(_structure_record(cls, value))
            except _FieldError as exc:
                exc.segments.extend([*outer, f"[{index}]"])
                raise _decode_error(exc, provider, path, redact) from None
            for issue in context.issues[before:]:
                issue.segments.extend([*outer, f"[{index}]"])
    finally:
        _CONTEXT.reset(token)
    _emit(context, provider, path, redact)
    return out
