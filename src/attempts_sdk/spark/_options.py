"""The data source's options, read once into a `ReadOptions` (no Spark here).

Spark hands a data source its options as strings, keys in lower case. Everything about them
is decided in `parse_options`: which are known, their defaults, their syntax, and which name
carries the credential.

The credential option is ``token``, for every provider (for Thought Industries and Indeed it
holds the API key). Spark prints a streaming DataFrame's options in its plans, masking those
whose key or value matches ``spark.redaction.regex``: ``token`` matches it by default in every
Spark 4 release, ``api_key`` does not, so ``api_key`` (and the other names a credential might be
given under) is refused before a query can run with it. Without ``token``, the executors read
the provider's own environment variable, as every client does.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from datetime import date, datetime, timedelta, timezone
from typing import Any

from .._errors import ConfigurationError
from .._record import Record
from .._registry import PROVIDERS, Provider

__all__ = ["COLUMNS", "DEFAULT_PARTITION", "ReadOptions", "parse_duration", "parse_options"]

COLUMNS = ("summary", "full")
"""The values of the ``columns`` option."""

DEFAULT_PARTITION = timedelta(days=7)
"""The default window length: a stream's first batch from a ``since`` years ago stays at a few
hundred partitions (one-day windows made a thousand, and a minute of planning, there)."""

CREDENTIAL = "token"
_REFUSED_CREDENTIALS = ("api_key", "apikey", "key", "credential", "secret", "password")
_KNOWN = (
    "provider",
    "base_url",
    CREDENTIAL,
    "since",
    "until",
    "partition",
    "columns",
    "lateness",
    "rate_limit",
    "max_retries",
    "timeout",
)
_DURATION = re.compile(r"\s*(\d+(?:\.\d+)?)\s*(w|d|h|m|s)\s*", re.IGNORECASE)
_UNIT_SECONDS = {"w": 604800, "d": 86400, "h": 3600, "m": 60, "s": 1}
_DATE_ONLY = re.compile(r"\d{4}-\d{2}-\d{2}")


class ReadOptions(Record):
    """A read's options, checked: what the planner and every partition work from.

    Attributes:
        provider: the provider's name (a key of `attempts_sdk.PROVIDERS`).
        base_url: the API's base URL (None: the provider's environment variable).
        credential: the credential (None: the provider's environment variable); not shown.
        since / until: bounds on when attempts started (aware; None: unbounded).
        partition: the length of one window, hence of one input partition.
        columns: ``summary`` or ``full`` (with ``record``, the record as JSON).
        lateness: how long after a window ends a stream waits before reading it (default:
            the provider's ``sync_overlap``, how late an attempt may show up in its list).
        client_options: keyword options for the clients (``rate_limit``, ``max_retries``,
            ``timeout``), as pairs.
    """

    _hidden = ("credential",)
    provider: str
    base_url: str | None
    credential: str | None
    since: datetime | None
    until: datetime | None
    partition: timedelta
    columns: str
    lateness: timedelta
    client_options: tuple[tuple[str, Any], ...]

    def __init__(
        self,
        *,
        provider: str,
        base_url: str | None = None,
        credential: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        partition: timedelta = DEFAULT_PARTITION,
        columns: str = "summary",
        lateness: timedelta | None = None,
        client_options: tuple[tuple[str, Any], ...] = (),
    ) -> None:
        entry = _entry(provider)
        if since is not None and until is not None and since > until:
            raise ConfigurationError(f"attempts: since ({since}) is after until ({until})")
        super().__init__(
            provider=provider,
            base_url=base_url,
            credential=credential,
            since=since,
            until=until,
            partition=partition,
            columns=columns,
            lateness=entry.sync_overlap if lateness is None else lateness,
            client_options=client_options,
        )

    @property
    def entry(self) -> Provider:
        """The provider's registry entry."""
        return PROVIDERS[self.provider]

    def open_client(self) -> Any:
        """A new sync client of the provider, from these options and, for what they leave
        out, the provider's environment variables (on the executor that calls it)."""
        return self.entry.open_client(
            base_url=self.base_url, credential=self.credential, **dict(self.client_options)
        )


def parse_options(options: Mapping[str, str]) -> ReadOptions:
    """The data source's options (as Spark passes them: strings), checked.

    Raises:
        ConfigurationError: an option is unknown, missing or malformed (the message never
            shows the credential).
    """
    values = {key.lower(): value for key, value in options.items()}
    for key in values:
        if key in _REFUSED_CREDENTIALS:
            raise ConfigurationError(
                f"attempts: the credential option is {CREDENTIAL!r}, not {key!r}: Spark masks "
                f"{CREDENTIAL!r} in query plans and would print {key!r}; or leave it out and set "
                "the provider's environment variable on the executors"
            )
        if key not in _KNOWN:
            raise ConfigurationError(
                f"attempts: unknown option {key!r}; the options are {', '.join(_KNOWN)}"
            )
    provider = values.get("provider")
    if not provider:
        raise ConfigurationError(f"attempts: option 'provider' is required: {_choices()}")
    columns = values.get("columns", "summary").strip().lower()
    if columns not in COLUMNS:
        raise ConfigurationError(f"attempts: columns must be summary or full, not {columns!r}")
    partition = parse_duration("partition", values.get("partition"), DEFAULT_PARTITION)
    if partition <= timedelta(0):
        raise ConfigurationError("attempts: partition must be longer than 0")
    lateness = values.get("lateness")
    return ReadOptions(
        provider=provider.strip().lower(),
        base_url=values.get("base_url") or None,
        credential=values.get(CREDENTIAL) or None,
        since=_moment("since", values.get("since"), end_of_day=False),
        until=_moment("until", values.get("until"), end_of_day=True),
        partition=partition,
        columns=columns,
        lateness=None if lateness is None else parse_duration("lateness", lateness, timedelta()),
        client_options=_client_options(values),
    )


def parse_duration(name: str, text: str | None, default: timedelta) -> timedelta:
    """A length of time written ``<number><unit>``, the unit one of ``w d h m s``
    (``7d``, ``12h``, ``1.5h``, ``0s``); ``default`` when ``text`` is None.

    Raises:
        ConfigurationError: ``text`` is not such a length.
    """
    if text is None:
        return default
    match = _DURATION.fullmatch(text)
    if match is None:
        raise ConfigurationError(
            f"attempts: {name} must be a number and a unit (w, d, h, m or s), like 7d, not {text!r}"
        )
    seconds = float(match.group(1)) * _UNIT_SECONDS[match.group(2).lower()]
    if not math.isfinite(seconds) or seconds > timedelta.max.total_seconds():
        raise ConfigurationError(f"attempts: {name} is too long: {text!r}")
    return timedelta(seconds=seconds)


def _moment(name: str, text: str | None, *, end_of_day: bool) -> datetime | None:
    """An ISO 8601 date or timestamp, UTC without an offset; a plain date is the start of the
    day, or with ``end_of_day`` its last microsecond (``until`` includes the day, as the
    command line's ``--until`` does)."""
    if text is None or not text.strip():
        return None
    raw = text.strip()
    try:
        if _DATE_ONLY.fullmatch(raw):
            day = date.fromisoformat(raw)
            moment = datetime.combine(day, (datetime.max if end_of_day else datetime.min).time())
        else:
            moment = datetime.fromisoformat(raw[:-1] + "+00:00" if raw[-1] in "Zz" else raw)
    except ValueError:
        raise ConfigurationError(
            f"attempts: {name} must be an ISO 8601 date or timestamp "
            f"(2024-03-01 or 2024-03-01T09:30:00Z), not {text!r}"
        ) from None
    return moment if moment.utcoffset() is not None else moment.replace(tzinfo=timezone.utc)


def _client_options(values: Mapping[str, str]) -> tuple[tuple[str, Any], ...]:
    out: list[tuple[str, Any]] = []
    rate = values.get("rate_limit")
    if rate is not None:
        limit = None if rate.strip().lower() == "none" else _number("rate_limit", rate)
        out.append(("rate_limit", limit))
    retries = values.get("max_retries")
    if retries is not None:
        if not retries.strip().isdigit():
            raise ConfigurationError(f"attempts: max_retries must be a count, not {retries!r}")
        out.append(("max_retries", int(retries)))
    timeout = values.get("timeout")
    if timeout is not None:
        out.append(("timeout", _number("timeout", timeout)))
    return tuple(out)


def _number(name: str, text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not math.isfinite(value) or value <= 0:
        raise ConfigurationError(f"attempts: {name} must be a number greater than 0, not {text!r}")
    return value


def _entry(provider: str) -> Provider:
    entry = PROVIDERS.get(provider)
    if entry is None:
        raise ConfigurationError(f"attempts: unknown provider {provider!r}: {_choices()}")
    return entry


def _choices() -> str:
    return f"one of {', '.join(PROVIDERS)}"
