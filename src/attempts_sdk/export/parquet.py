"""The Parquet format (pyarrow, in the ``attempts-sdk[export]`` extra): summaries as typed
columns, or with ``full`` whole records as typed nested columns (see `arrow`).

Rows are buffered up to `ROW_GROUP` and written as one row group: memory holds at most that
many rows, and readers get row groups large enough to scan well.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, BinaryIO

from .._models import Model
from .._registry import Row
from .arrow import RecordColumns, load_pyarrow, summary_arrays, summary_fields

__all__ = ["ROW_GROUP", "ParquetWriter"]

ROW_GROUP = 10_000


class ParquetWriter:
    """Writes a Parquet file to a binary stream (which needs no seeking: a pipe will do)."""

    def __init__(self, out: BinaryIO, *, full: bool) -> None:
        self._pa = load_pyarrow("--format parquet")
        import pyarrow.parquet

        self._parquet: Any = pyarrow.parquet
        self._sink = self._pa.PythonFile(out, mode="w")
        self._full = full
        self._rows: list[Row] = []
        self._columns: RecordColumns | None = None
        self._model: type[Model] | None = None
        self._writer: Any = None

    def write(self, rows: Sequence[Row]) -> None:
        self._rows.extend(rows)
        if len(self._rows) >= ROW_GROUP:
            self._flush()

    def close(self) -> None:
        self._flush()
        if self._writer is None:  # no rows: a file with the schema and no row group
            self._writer = self._parquet.ParquetWriter(self._sink, self._schema())
        self._writer.close()

    def _schema(self) -> Any:
        pa = self._pa
        if not self._full:
            return pa.schema(summary_fields(pa))
        if self._columns is None:
            # no record seen: the records' columns are unknown, only the id is certain
            return pa.schema([pa.field("id", pa.string())])
        return self._columns.schema

    def _table(self, rows: list[Row]) -> Any:
        pa = self._pa
        if not self._full:
            return pa.Table.from_arrays(
                summary_arrays(pa, [summary for _, summary in rows]),
                schema=pa.schema(summary_fields(pa)),
            )
        if self._columns is None:
            self._model = type(rows[0][0])
            self._columns = RecordColumns(pa, self._model)
        columns = self._columns
        for record, _ in rows:
            if type(record) is not self._model:
                raise TypeError(
                    f"records of one export are of one class: {type(record).__name__} "
                    f"after {self._model.__name__ if self._model else None}"
                )
        return pa.Table.from_pylist([columns.row(record) for record, _ in rows], columns.schema)

    def _flush(self) -> None:
        if not self._rows:
            return
        table = self._table(self._rows)
        self._rows = []
        if self._writer is None:
            self._writer = self._parquet.ParquetWriter(self._sink, table.schema)
        self._writer.write_table(table)
