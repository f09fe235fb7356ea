"""Endpoint declarations, argument formatting, and the pure function that builds a request.

Each endpoint is declared once, as data, in its provider's ``endpoints.py``. A client method
passes its arguments by name; the declaration says which are path parameters (from the path
template), which go in the query string and which in the JSON body, and how each is checked
and formatted for the wire. Bad arguments raise ValueError or TypeError before anything is sent.
"""

from __future__ import annotations

import re
import string
import uuid
from collections.abc import Callable, Mapping
from datetime import date, datetime, timedelta, timezone
from enum import Enum
from typing import TYPE_CHECKING, Generic, TypeVar
from urllib.parse import quote

import attrs
import httpx

from ._json import JSONValue
from ._lazy import ModelRef, resolve_model
from ._record import Record

if TYPE_CHECKING:
    from ._config import ClientConfig
    from ._join import Join
    from ._pagination import PagingStrategy

__all__ = [
    "Endpoint",
    "ListEndpoint",
    "Param",
    "Route",
    "build_request",
    "fmt_bool",
    "fmt_date",
    "fmt_datetime_offset",
    "fmt_id",
    "fmt_int",
    "fmt_int_list",
    "fmt_iso8601",
    "fmt_str",
    "fmt_str_list",
    "fmt_text",
    "fmt_unix_ms",
    "path_segment",
]

T = TypeVar("T")
_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


# --- formatters: check one user value and turn it into its wire form --------------------------


def fmt_str(name: str, value: object) -> str:
    if isinstance(value, Enum):
        value = value.value
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a str, not {type(value).__name__}")
    if not value.strip():
        raise ValueError(f"{name} must not be empty")
    return value


def fmt_text(name: str, value: object) -> str:
    """Free text: any str, empty included."""
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a str, not {type(value).__name__}")
    return value


def fmt_id(name: str, value: object) -> str:
    """An identifier sent as text: a non-empty str, an int >= 0, or a `uuid.UUID`."""
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, int) and not isinstance(value, bool):
        if value < 0:
            raise ValueError(f"{name} must not be negative, not {value}")
        return str(value)
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a str, an int or a UUID, not {type(value).__name__}")
    return fmt_str(name, value)


def fmt_int(name: str, value: object) -> int:
    if isinstance(value, Enum):
        value = value.value
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} must be an int, not {type(value).__name__}")
    return value


def _bounded_int(low: int, high: int | None) -> Callable[[str, object], int]:
    def fmt(name: str, value: object) -> int:
        number = fmt_int(name, value)
        if number < low or (high is not None and number > high):
            bound = f"between {low} and {high}" if high is not None else f">= {low}"
            raise ValueError(f"{name} must be {bound}, not {number}")
        return number

    return fmt


fmt_positive_int = _bounded_int(1, None)


def fmt_page_size(high: int | None) -> Callable[[str, object], int]:
    """A page size: an int from 1 to ``high``."""
    return _bounded_int(1, high)


def fmt_bool(name: str, value: object) -> bool:
    if not isinstance(value, bool):
        raise TypeError(f"{name} must be a bool, not {type(value).__name__}")
    return value


def fmt_int_list(name: str, value: object) -> list[JSONValue]:
    if isinstance(value, (str, bytes)) or not isinstance(value, (list, tuple)):
        raise TypeError(f"{name} must be a list of ints, not {type(value).__name__}")
    return [fmt_int(f"{name}[{i}]", item) for i, item in enumerate(value)]


def fmt_str_list(name: str, value: object) -> list[JSONValue]:
    """A list (or tuple) of non-empty strs (str enum members give their value)."""
    if isinstance(value, (str, bytes)) or not isinstance(value, (list, tuple)):
        raise TypeError(f"{name} must be a list of str, not {type(value).__name__}")
    return [fmt_str(f"{name}[{i}]", item) for i, item in enumerate(value)]


def fmt_date(name: str, value: object) -> str:
    """A calendar date as ``YYYY-MM-DD`` (a datetime gives its own date)."""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"{name} must be a datetime.date, not {type(value).__name__}")


def _aware(name: str, value: object) -> datetime:
    """Timestamps sent to a server must say their offset: a naive datetime is refused rather
    than guessed, and a plain date means midnight UTC."""
    if isinstance(value, datetime):
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(
                f"{name} must be timezone-aware (e.g. datetime(..., tzinfo=timezone.utc))"
            )
        return value
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day, tzinfo=timezone.utc)
    raise TypeError(f"{name} must be a datetime.datetime, not {type(value).__name__}")


def fmt_datetime_offset(name: str, value: object) -> str:
    """PHP's ``Y-m-d\\TH:i:sP``: seconds precision and a ``+03:00`` offset."""
    return _aware(name, value).replace(microsecond=0).isoformat()


def fmt_iso8601(name: str, value: object) -> str:
    """ISO 8601 in UTC with milliseconds and ``Z``, the form the provider itself sends."""
    moment = _aware(name, value).astimezone(timezone.utc)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def fmt_unix_ms(name: str, value: object) -> int:
    """Unix time in whole milliseconds (a timezone-aware datetime, or a date at midnight UTC)."""
    moment = _aware(name, value)
    return (moment - _EPOCH) // timedelta(milliseconds=1)


def path_segment(name: str, value: object) -> str:
    """A path parameter, escaped so that it can never leave its path segment."""
    if isinstance(value, bool):
        raise TypeError(f"{name} must be an int or a str, not bool")
    if isinstance(value, int):
        if value < 0:
            raise ValueError(f"{name} must not be negative, not {value}")
        return str(value)
    if not isinstance(value, str):
        raise TypeError(f"{name} must be an int or a str, not {type(value).__name__}")
    if not value.strip() or value in (".", ".."):
        raise ValueError(f"{name} must be a non-empty identifier, not {value!r}")
    return quote(value, safe="")


# --- declarations -------------------------------------------------------------------------------


class Param(Record, kw_only=False):
    """One query or body parameter: its wire name and the formatter that checks the value.

    ``explode=True`` sends a list value in the query string as the name repeated once per item
    (``filters[login][]=a&filters[login][]=b``, how PHP reads an array) instead of one
    comma-joined value.
    """

    wire: str
    format: Callable[[str, object], JSONValue] = fmt_str
    explode: bool = False


def _path_names(path: str) -> tuple[str, ...]:
    return tuple(name for _, name, _, _ in string.Formatter().parse(path) if name)


# An escaped URL path (RFC 3986 pchar, '/', %-escapes) with {placeholders}: it is appended to
# the base URL as written, so anything else would make a malformed or surprising URL.
_PATH = re.compile(r"(?:/(?:[A-Za-z0-9\-._~!$&'()*+,;=:@]|%[0-9A-Fa-f]{2}|\{\w+\})*)+")


def check_path(_instance: object, _attribute: object, path: str) -> None:
    """An endpoint path starts with ``/``, is escaped, and has no query or fragment."""
    if not isinstance(path, str) or not _PATH.fullmatch(path):
        raise ValueError(
            f"an endpoint path must start with '/' and be an escaped URL path without a query "
            f"or fragment, not {path!r}"
        )


@attrs.frozen(kw_only=True)
class Route:
    """What every endpoint declares: method, path and parameters.

    Attributes:
        method: the HTTP method.
        path: the path under the base URL, with ``{name}`` placeholders for path parameters.
        query / body: keyword argument -> `Param`, for the query string / the JSON body.
        path_params: the placeholders' names, in order (derived from ``path``).
    """

    method: str
    path: str = attrs.field(validator=check_path)
    query: Mapping[str, Param] = attrs.field(factory=dict)
    body: Mapping[str, Param] = attrs.field(factory=dict)
    path_params: tuple[str, ...] = attrs.field(init=False)

    @path_params.default
    def _path_params(self) -> tuple[str, ...]:
        return _path_names(self.path)


@attrs.frozen(kw_only=True)
class Endpoint(Route, Generic[T]):
    """A single-resource endpoint: a `Route` whose response decodes into ``model`` (a class, or
    a `ModelRef` imported on first use), found under ``envelope`` when the provider wraps the
    record (``{"attempt": …}``)."""

    _model: type[T] | ModelRef[T] = attrs.field(alias="model")
    envelope: str | None = None

    @property
    def model(self) -> type[T]:
        """The class the response decodes into."""
        return resolve_model(self._model)


@attrs.frozen(kw_only=True)
class ListEndpoint(Route, Generic[T]):
    """A paginated list endpoint: a `Route` whose items decode into ``item`` (a class, or a
    `ModelRef` imported on first use), walked by the ``paging`` strategy; ``joins`` attach to
    each item the records its page sends apart (see `attempts_sdk._join`)."""

    _item: type[T] | ModelRef[T] = attrs.field(alias="item")
    paging: PagingStrategy
    joins: tuple[Join, ...] = ()

    @property
    def model(self) -> type[T]:
        """The class each item decodes into."""
        return resolve_model(self._item)


_PLACEHOLDER = re.compile(r"\{(\w+)\}")


def build_request(
    config: ClientConfig,
    endpoint: Route,
    args: Mapping[str, object],
) -> httpx.Request:
    """Build the request for a call, checking every argument. Arguments that are None are
    left out. Pure: no I/O."""
    unknown = set(args) - set(endpoint.path_params) - set(endpoint.query) - set(endpoint.body)
    if unknown:
        accepted = ", ".join([*endpoint.path_params, *endpoint.query, *endpoint.body]) or "none"
        raise TypeError(
            f"unexpected argument(s): {', '.join(sorted(unknown))} (accepted: {accepted})"
        )
    segments = {name: path_segment(name, args.get(name)) for name in endpoint.path_params}
    path = _PLACEHOLDER.sub(lambda m: segments[m.group(1)], endpoint.path)
    params: list[tuple[str, str]] = []
    for name, param in endpoint.query.items():
        value = args.get(name)
        if value is not None:
            wire_value = param.format(name, value)
            if param.explode and isinstance(wire_value, list):
                params.extend((param.wire, _query_text(item)) for item in wire_value)
            else:
                params.append((param.wire, _query_text(wire_value)))
    body: dict[str, JSONValue] | None = None
    if endpoint.body:
        body = {}
        for name, param in endpoint.body.items():
            value = args.get(name)
            if value is not None:
                body[param.wire] = param.format(name, value)
    # the URL as one string, parsed once by httpx (base and path joined, then the query
    # encoded by httpx's own rules, as ``params=`` would)
    url = config.url(path)
    if params:
        url = f"{url}?{httpx.QueryParams(tuple(params))}"
    return httpx.Request(
        endpoint.method,
        url,
        json=body,
        headers=config.headers,
        extensions={"timeout": config.timeout.as_dict()},
    )


def _query_text(value: JSONValue) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ",".join(_query_text(item) for item in value)
    return str(value)
