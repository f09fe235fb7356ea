"""`export_attempts`: every attempt of one provider, to a file or stdout."""

from __future__ import annotations

import contextlib
import os
from datetime import datetime
from typing import Any, BinaryIO

from .._record import Record
from .._registry import Window
from .output import open_output
from .progress import Progress
from .walk import check_concurrency, entry_of, kept_pages
from .writers import Format, make_writer

__all__ = ["ExportResult", "export_attempts"]


class ExportResult(Record):
    """What an export wrote: ``attempts`` (rows) from ``pages`` pages of the provider's list."""

    attempts: int
    pages: int


def export_attempts(
    provider: str,
    output: str | os.PathLike[str] | BinaryIO | None = None,
    *,
    format: Format = "jsonl",
    full: bool = False,
    since: datetime | None = None,
    until: datetime | None = None,
    concurrency: int = 4,
    client: Any = None,
    progress: bool | None = None,
) -> ExportResult:
    """Write every attempt of ``provider`` that started between ``since`` and ``until``.

    Pages are fetched ``concurrency`` at a time where the provider lets the SDK plan them
    (Testpress, Indeed), in order, and written as they come: memory holds a few pages,
    whatever the export's size. The client's rate limit holds (Indeed: 1 request a second).

    Args:
        provider: a name in `attempts_sdk.PROVIDERS`.
        output: a path (a regular file is replaced only once the export succeeded; a device,
            a FIFO or ``/dev/stdout`` is written in place; a symlink's target gets it), a
            binary stream you own, or None / ``"-"`` for stdout.
        format: ``"jsonl"``, ``"csv"`` (summaries only) or ``"parquet"`` (needs the
            ``attempts-sdk[export]`` extra).
        full: whole records (``model.to_dict()``; typed nested columns in Parquet) instead of
            `AttemptSummary` values.
        since / until: timezone-aware bounds on when attempts started, inclusive.
        concurrency: pages in flight at once, 1 to 64.
        client: the provider's sync client (default: one configured from the environment,
            closed at the end; a client you pass stays open).
        progress: draw a progress bar on stderr (None: when stderr is a terminal).

    Returns:
        `ExportResult`: the attempts written and the pages read.

    Raises:
        ValueError / TypeError: an unknown provider or format, ``full`` with CSV, bounds that
            are naive or in the wrong order, a bad concurrency.
        ConfigurationError: the client's configuration is missing (nothing was requested),
            or the format needs the extra (`MissingExtraError`).
        OutputError: the output cannot be written (``before_requests`` says whether any
            request was sent).
        APIError: the provider's error.
    """
    entry = entry_of(provider)
    check_concurrency(concurrency)
    window = Window(since, until)
    if full and format == "csv":
        raise ValueError("full records have no common columns: write them as jsonl or parquet")
    if format == "parquet":
        from .arrow import load_pyarrow

        load_pyarrow("--format parquet")  # before any request
    shown = Progress(entry.name, enabled=progress)
    with contextlib.ExitStack() as stack:
        if client is None:
            client = stack.enter_context(entry.open_client())
        out: BinaryIO = (
            stack.enter_context(open_output(output))
            if output is None or isinstance(output, (str, os.PathLike))
            else output
        )
        writer = make_writer(format, out, full=full)
        try:
            for rows in kept_pages(entry, client, window, concurrency=concurrency, progress=shown):
                writer.write(rows)
            writer.close()
        finally:
            shown.close()
    return ExportResult(attempts=shown.attempts, pages=shown.pages)
