"""Partition planning: the windows of time each input partition reads (no Spark here).

A window is a `Span`: from ``since``, inclusive, to ``until``, exclusive, so that consecutive
windows never share an attempt (`attempts_sdk.Window`, which the export walks take, includes
both ends; a span asks the walk for that closed window and keeps its own). Only the last window
of a batch read includes its end, the ``until`` the reader asked for.

A stream's offsets are time marks, ``{"started_before": "<ISO 8601, UTC>"}``: the attempts that
started before the mark have been read. A micro-batch reads from one mark to the next.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from itertools import pairwise

from .._errors import ConfigurationError
from .._record import Record
from .._registry import Window
from ._options import ReadOptions

__all__ = [
    "MAX_PARTITIONS",
    "Span",
    "batch_spans",
    "latest_mark",
    "mark_of",
    "offset",
    "split",
    "stream_spans",
]

MAX_PARTITIONS = 10_000
"""The most windows one read is split in: planning stays bounded whatever the options."""

_OFFSET_KEY = "started_before"
_TICK = timedelta(microseconds=1)


class Span(Record):
    """When the attempts of one partition started: ``since`` (inclusive) to ``until``
    (exclusive, or inclusive when ``closed``); None: unbounded on that side."""

    since: datetime | None
    until: datetime | None
    closed: bool

    def __init__(
        self, since: datetime | None, until: datetime | None, *, closed: bool = False
    ) -> None:
        super().__init__(since=since, until=until, closed=closed)

    def window(self) -> Window:
        """The closed window to ask the export walk for: this span and, at most, its end."""
        return Window(self.since, self.until)

    def contains(self, moment: datetime | None) -> bool:
        """Whether an attempt that started at ``moment`` belongs to this span; with a bound
        set, one whose start is unknown (or naive) does not."""
        if self.since is None and self.until is None:
            return True
        if moment is None or moment.utcoffset() is None:
            return False
        if self.since is not None and moment < self.since:
            return False
        if self.until is None:
            return True
        return moment <= self.until if self.closed else moment < self.until


def split(since: datetime, until: datetime, length: timedelta, *, closed: bool) -> list[Span]:
    """``since`` to ``until`` in windows of ``length`` (the last one shorter); the last one
    includes ``until`` when ``closed``.

    Raises:
        ConfigurationError: more than `MAX_PARTITIONS` windows.
    """
    if until <= since:
        return [Span(since, until, closed=True)] if closed and until == since else []
    count = -(-(until - since) // length)
    if count > MAX_PARTITIONS:
        raise ConfigurationError(
            f"attempts: {since.isoformat()} to {until.isoformat()} in windows of {length} "
            f"makes {count} partitions (at most {MAX_PARTITIONS}): make partition longer"
        )
    bounds = [since + length * index for index in range(count)] + [until]
    return [
        Span(start, end, closed=closed and index == count - 1)
        for index, (start, end) in enumerate(pairwise(bounds))
    ]


def batch_spans(options: ReadOptions, *, date_filter: bool, now: datetime) -> list[Span]:
    """The windows of a batch read: ``since`` to ``until`` split by ``partition``; without
    ``until``, up to ``now`` and the last window open-ended. A provider without a date filter,
    or a read without ``since``, is one window: its walk reads everything anyway."""
    since, until = options.since, options.until
    if not date_filter or since is None:
        return [Span(since, until, closed=True)]
    if until is None:
        spans = split(since, max(now, since), options.partition, closed=False)
        last = spans[-1] if spans else Span(since, None)
        return [*spans[:-1], Span(last.since, None)]
    return split(since, until, options.partition, closed=True)


def stream_spans(
    start: datetime, end: datetime, options: ReadOptions, *, date_filter: bool
) -> list[Span]:
    """The windows of a micro-batch, from mark ``start`` to mark ``end`` (none when the
    marks did not move)."""
    if end <= start:
        return []
    if not date_filter:
        return [Span(start, end)]
    return split(start, end, options.partition, closed=False)


def latest_mark(options: ReadOptions, now: datetime, *, floor: datetime) -> datetime:
    """The mark a stream may read up to at ``now``: ``lateness`` ago (an attempt that started
    before it is listed by now), never past ``until`` (whose last microsecond is read, as a
    batch read does) and never before ``floor`` (where the stream stands)."""
    mark = now - options.lateness
    if options.until is not None:
        mark = min(mark, options.until + _TICK)
    return max(mark, floor)


def offset(mark: datetime) -> dict[str, str]:
    """A stream offset for ``mark`` (the same mark always gives the same offset)."""
    return {_OFFSET_KEY: mark.astimezone(timezone.utc).isoformat(timespec="microseconds")}


def mark_of(value: dict[str, str]) -> datetime:
    """The mark of a stream offset.

    Raises:
        ConfigurationError: not an offset of this source (a checkpoint of another query).
    """
    try:
        mark = datetime.fromisoformat(value[_OFFSET_KEY])
    except (KeyError, TypeError, ValueError):
        raise ConfigurationError(
            f"attempts: {value!r} is not an offset of this source (another query's checkpoint?)"
        ) from None
    if mark.utcoffset() is None:
        raise ConfigurationError(f"attempts: offset {value!r} has no timezone")
    return mark
