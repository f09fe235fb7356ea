"""The text formats of an export: JSON lines and CSV (Parquet is in `parquet`).

A writer takes the rows of one page at a time and writes them at once: memory holds a page.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import BinaryIO, Literal, Protocol

import attrs

from .._registry import Row
from .._summary import AttemptSummary
from .jsontext import dumps, escape_surrogates

__all__ = ["FORMATS", "SUMMARY_COLUMNS", "Format", "Writer", "make_writer"]

Format = Literal["jsonl", "csv", "parquet"]
FORMATS: tuple[Format, ...] = ("jsonl", "csv", "parquet")

SUMMARY_COLUMNS: tuple[str, ...] = tuple(field.name for field in attrs.fields(AttemptSummary))
"""The columns of a summary export: the `AttemptSummary` fields, in order."""


class Writer(Protocol):
    """Writes the rows of an export to a binary stream."""

    def write(self, rows: Sequence[Row]) -> None:
        """Write one page of rows."""

    def close(self) -> None:
        """Finish the output (a header for an empty CSV, Parquet's footer)."""


class JsonLines:
    """One JSON object a line: the summary (``to_dict()``), or with ``full`` the record."""

    def __init__(self, out: BinaryIO, *, full: bool) -> None:
        self._out = out
        self._full = full

    def write(self, rows: Sequence[Row]) -> None:
        if self._full:
            lines = [dumps(record.to_dict()) for record, _ in rows]
        else:
            lines = [dumps(summary.to_dict()) for _, summary in rows]
        if lines:
            self._out.write(b"\n".join(lines) + b"\n")

    def close(self) -> None:
        """Nothing to finish."""


def _cell(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


class Csv:
    """Summaries with a header row. The header goes with the first rows (or alone at the
    end of an empty export), so that an export refused at once writes nothing."""

    def __init__(self, out: BinaryIO) -> None:
        self._out = out
        self._buffer = io.StringIO()
        self._csv = csv.writer(self._buffer, lineterminator="\n")
        self._header = True

    def _flush(self) -> None:
        text = self._buffer.getvalue()
        self._buffer.seek(0)
        self._buffer.truncate()
        try:
            data = text.encode("utf-8")
        except UnicodeEncodeError:  # a lone surrogate in a user's name: its escape
            data = escape_surrogates(text).encode("utf-8")
        self._out.write(data)

    def write(self, rows: Sequence[Row]) -> None:
        if not rows:
            return
        if self._header:
            self._csv.writerow(SUMMARY_COLUMNS)
            self._header = False
        for _, summary in rows:
            values = summary.to_dict()
            self._csv.writerow([_cell(values[column]) for column in SUMMARY_COLUMNS])
        self._flush()

    def close(self) -> None:
        if self._header:
            self._csv.writerow(SUMMARY_COLUMNS)
            self._header = False
            self._flush()


def make_writer(output_format: Format, out: BinaryIO, *, full: bool) -> Writer:
    """The writer of ``output_format``.

    Raises:
        ValueError: an unknown format, or ``full`` with CSV (whole records have no common
            columns).
        MissingExtraError: Parquet without pyarrow.
    """
    if output_format == "jsonl":
        return JsonLines(out, full=full)
    if output_format == "csv":
        if full:
            raise ValueError("full records have no common columns: write them as jsonl or parquet")
        return Csv(out)
    if output_format == "parquet":
        from .parquet import ParquetWriter  # here: pyarrow is an extra

        return ParquetWriter(out, full=full)
    raise ValueError(f"unknown format {output_format!r}: one of {', '.join(FORMATS)}")
