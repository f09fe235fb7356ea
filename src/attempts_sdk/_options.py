"""Options that change a client's settings: for one call (`RequestOptions`, the keywords every
client method takes) and for a copy of the client (`WithOptions`, ``client.with_options``).

Both become a changed `ClientConfig` here, in one place; the request is then built and sent
with that configuration (every page of a list included), exactly as with the client's own.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypedDict

import httpx

from ._config import (
    ClientConfig,
    cache_storage,
    check_max_retries,
    check_timeout,
    merge_headers,
    replace,
)
from ._limits import check_deadline, check_max_response_size
from ._ratelimit import check_rate_limit
from ._request import _query_text
from ._retry import RetryPolicy

if TYPE_CHECKING:
    import hishel

__all__ = ["RequestOptions", "WithOptions", "call_config", "copy_config"]


class RequestOptions(TypedDict, total=False):
    """Keywords every client method takes (all optional), for that call only: they override
    the client's settings, for every page of a list.

    timeout: seconds or an `httpx.Timeout`, for each request of the call.
    max_retries: retries after the first attempt (0 turns retries off); the client's retry
        policy keeps its delays.
    deadline: the most seconds the call may take in all (attempts, waits, reading), or None
        for none; for a list, each page's request.
    extra_headers: headers added to the client's (replacing one of the same name).
    extra_query: query parameters added to the request (to every page's, for a list); a
        ``bool`` is sent as ``true`` / ``false``. A parameter the method sends itself cannot
        be given here (pass it as the method's argument).
    """

    timeout: float | httpx.Timeout
    max_retries: int
    deadline: float | None
    extra_headers: Mapping[str, str] | None
    extra_query: Mapping[str, str | int | float | bool] | None


class WithOptions(TypedDict, total=False):
    """What ``client.with_options(...)`` can change (see `ClientOptions`): the copy shares the
    original's connections, and its cache and rate limiter unless ``cache`` or ``rate_limit``
    is given. ``headers`` are added to the client's."""

    timeout: float | httpx.Timeout
    max_retries: int
    retry_policy: RetryPolicy
    headers: Mapping[str, str]
    strict: bool
    cache: bool | hishel.BaseStorage
    rate_limit: float | None
    max_response_size: int | None
    deadline: float | None


def _unknown(options: Mapping[str, object], allowed: type, what: str) -> None:
    unknown = set(options) - set(allowed.__annotations__)
    if unknown:
        raise TypeError(f"{what}: unexpected keyword argument(s): {', '.join(sorted(unknown))}")


def _query_pair(name: object, value: object) -> tuple[str, str]:
    """One ``extra_query`` parameter as sent (a bool as ``true`` / ``false``)."""
    if not isinstance(name, str) or not isinstance(value, (str, int, float)):
        raise TypeError(
            f"extra_query must map str to str, int, float or bool, not {name!r}: {value!r}"
        )
    return name, _query_text(value)


def _retry(config: ClientConfig, max_retries: object) -> RetryPolicy:
    import attrs  # RetryPolicy is a public attrs class: evolve keeps a custom policy's delays

    return attrs.evolve(config.retry, max_retries=check_max_retries(max_retries))


def call_config(config: ClientConfig, options: Mapping[str, Any]) -> ClientConfig:
    """``config`` as one call's `RequestOptions` change it.

    Raises:
        TypeError / ValueError: an unknown option, or a value of the wrong type or range.
    """
    _unknown(options, RequestOptions, "per-call options")
    changes: dict[str, object] = {}
    if "timeout" in options:
        changes["timeout"] = check_timeout(options["timeout"])
    if "max_retries" in options:
        changes["retry"] = _retry(config, options["max_retries"])
    if "deadline" in options:
        changes["deadline"] = check_deadline(options["deadline"])
    if options.get("extra_headers"):
        changes["headers"] = merge_headers(
            config.provider, config.headers, options["extra_headers"]
        )
    if options.get("extra_query"):
        query = options["extra_query"]
        if not isinstance(query, Mapping):
            raise TypeError(f"extra_query must be a mapping, not {type(query).__name__}")
        changes["extra_query"] = tuple(_query_pair(key, value) for key, value in query.items())
    return replace(config, **changes) if changes else config


def copy_config(config: ClientConfig, options: Mapping[str, Any]) -> ClientConfig:
    """``config`` as ``with_options`` changes it (`WithOptions`).

    Raises:
        TypeError / ValueError: an unknown option, or a value of the wrong type or range.
        ConfigurationError: a ``cache`` that is not True, False or a hishel storage.
    """
    _unknown(options, WithOptions, "with_options")
    changes: dict[str, object] = {}
    if "timeout" in options:
        changes["timeout"] = check_timeout(options["timeout"])
    if "retry_policy" in options:
        changes["retry"] = options["retry_policy"]
    elif "max_retries" in options:
        changes["retry"] = _retry(config, options["max_retries"])
    if "headers" in options:
        changes["headers"] = merge_headers(config.provider, config.headers, options["headers"])
    if "strict" in options:
        changes["strict"] = bool(options["strict"])
    if "cache" in options:
        changes["cache"] = cache_storage(config.provider, options["cache"])
    if "rate_limit" in options:
        changes["rate_limit"] = check_rate_limit(options["rate_limit"])
    if "max_response_size" in options:
        changes["max_response_size"] = check_max_response_size(options["max_response_size"])
    if "deadline" in options:
        changes["deadline"] = check_deadline(options["deadline"])
    return replace(config, **changes) if changes else config
