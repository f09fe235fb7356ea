"""`AttemptsDataSource`, the batch reader and the stream reader: Spark's side of the source.

Spark creates the data source and its readers in a Python process of the driver, from the
options alone, and sends each reader (pickled) to the executors, where ``read`` runs once per
input partition. Each reader therefore holds only the checked `ReadOptions`; the credential in
them is never shown (`ReadOptions` leaves it out of its ``repr``) and the partitions carry
only their window.

The stream reader's ``latestOffset`` takes optional arguments: Spark 4.0 and 4.1 call it
with none, Spark 4.2 and later pass the start offset and a read limit (any parameter switches on
their admission control), and then want `SupportsTriggerAvailableNow` for
``Trigger.AvailableNow``, which the reader implements where that class exists.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

from pyspark.sql.datasource import (
    DataSource,
    DataSourceReader,
    DataSourceStreamReader,
    InputPartition,
)
from pyspark.sql.types import StructType

from .._errors import ConfigurationError
from ._options import ReadOptions, parse_options
from ._plan import Span, batch_spans, latest_mark, mark_of, offset, stream_spans
from ._read import read_span
from ._rows import spark_schema

if TYPE_CHECKING:
    from pyspark.sql.streaming.datasource import SupportsTriggerAvailableNow
else:
    try:
        from pyspark.sql.streaming.datasource import SupportsTriggerAvailableNow
    except ImportError:  # pyspark 4.0 and 4.1: Trigger.AvailableNow needs nothing from us

        class SupportsTriggerAvailableNow:
            pass


__all__ = ["AttemptsDataSource"]


class AttemptsDataSource(DataSource):
    """Attempts of any provider in `attempts_sdk.PROVIDERS`, as a Spark Python data source.

    Register it once per session, then read with the format ``"attempts"``::

        spark.dataSource.register(AttemptsDataSource)
        df = (spark.read.format("attempts").option("provider", "testpress")
              .option("since", "2024-01-01").option("until", "2024-06-30")
              .option("partition", "7d").load())

    Options: ``provider`` (required), ``base_url`` and ``token`` (the credential, whatever the
    provider calls it; without them, the provider's environment variables on the executors),
    ``since`` and ``until`` (ISO 8601 dates or timestamps, UTC without an offset; ``until``
    includes its day), ``partition`` (window length, default ``7d``), ``columns``
    (``summary`` or ``full``), ``lateness`` (streams: how long after a window ends it is
    read; default: the provider's ``sync_overlap``), ``rate_limit`` (requests per second for
    each partition, or ``none``), ``max_retries``, ``timeout``.

    Batch reads split ``since``..``until`` into windows of ``partition``, one input partition
    each; a provider without a date filter is read in one. Streaming reads need ``since``.
    """

    @classmethod
    def name(cls) -> str:
        """The format name: ``"attempts"``."""
        return "attempts"

    def schema(self) -> str:
        """The columns (`attempts_sdk.spark._rows.SUMMARY_TYPES`, plus ``record`` with
        ``columns=full``), as Spark DDL."""
        return spark_schema(full=self._options().columns == "full")

    def reader(self, schema: StructType) -> DataSourceReader:
        """A batch reader of these options."""
        return _BatchReader(self._options())

    def streamReader(self, schema: StructType) -> DataSourceStreamReader:
        """A stream reader of these options.

        Raises:
            ConfigurationError: no ``since`` (a stream has to start somewhere).
        """
        options = self._options()
        if options.since is None:
            raise ConfigurationError(
                "attempts: a stream needs option 'since' (where it starts; its offsets are "
                "time marks from there)"
            )
        return _StreamReader(options)

    def _options(self) -> ReadOptions:
        return parse_options(self.options)


class _BatchReader(DataSourceReader):
    def __init__(self, options: ReadOptions) -> None:
        self.options = options

    def partitions(self) -> Sequence[InputPartition]:
        spans = batch_spans(self.options, date_filter=self.options.entry.date_filter, now=_now())
        return [InputPartition(span) for span in spans]

    def read(self, partition: InputPartition) -> Iterator[tuple[Any, ...]]:
        return read_span(self.options, _span(partition))


class _StreamReader(DataSourceStreamReader, SupportsTriggerAvailableNow):
    """Offsets are time marks (`attempts_sdk.spark._plan.offset`); the latest one is
    ``lateness`` ago (default: the provider's ``sync_overlap``), so that a window is read once
    every attempt that started in it can be listed."""

    def __init__(self, options: ReadOptions) -> None:
        self.options = options
        self._floor = _since(options)
        self._target: datetime | None = None

    def initialOffset(self) -> dict[str, str]:
        return offset(_since(self.options))

    def latestOffset(
        self, start: dict[str, str] | None = None, limit: object = None
    ) -> dict[str, str]:
        # ``limit`` is always ReadAllAvailable: the reader keeps Spark's default read limit, a
        # micro-batch reads every window up to the mark
        if start is not None:
            self._floor = max(self._floor, mark_of(start))
        mark = latest_mark(self.options, _now(), floor=self._floor)
        if self._target is not None:
            mark = max(min(mark, self._target), self._floor)
        self._floor = mark  # offsets never go back, even if the clock does
        return offset(mark)

    def prepareForTriggerAvailableNow(self) -> None:
        self._target = latest_mark(self.options, _now(), floor=self._floor)

    def partitions(self, start: dict[str, str], end: dict[str, str]) -> Sequence[InputPartition]:
        spans = stream_spans(
            mark_of(start), mark_of(end), self.options, date_filter=self.options.entry.date_filter
        )
        return [InputPartition(span) for span in spans]

    def read(self, partition: InputPartition) -> Iterator[tuple[Any, ...]]:
        return read_span(self.options, _span(partition))

    def commit(self, end: dict[str, str]) -> None:
        """Nothing to release: the provider keeps no cursor of ours."""


def _since(options: ReadOptions) -> datetime:
    if options.since is None:  # checked by streamReader
        raise ConfigurationError("attempts: a stream needs option 'since'")
    return options.since


def _span(partition: InputPartition) -> Span:
    span = getattr(partition, "value", None)
    if not isinstance(span, Span):
        raise TypeError(f"not a partition of the attempts source: {partition!r}")
    return span


def _now() -> datetime:
    return datetime.now(timezone.utc)
