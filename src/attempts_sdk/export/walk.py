"""The walk driver: one provider's export walk, kept to a window, counted, shown.

The walk itself (which list, which filters, how many pages at once) is the provider's
registry entry (`Provider.walk`); this keeps exactly the window and feeds the progress.
"""

from __future__ import annotations

import contextlib
import warnings
from collections.abc import Iterator
from typing import Any, TextIO

from .._decoding import DataWarning
from .._pagination import MAX_CONCURRENCY
from .._registry import PROVIDERS, Provider, Row, Window
from .progress import Progress

__all__ = ["WarningTally", "check_concurrency", "entry_of", "kept_pages", "tally_data_warnings"]


def entry_of(provider: str) -> Provider:
    """The registry entry of ``provider``. Raises ValueError naming the known ones."""
    entry = PROVIDERS.get(provider)
    if entry is None:
        raise ValueError(f"unknown provider {provider!r}: one of {', '.join(PROVIDERS)}")
    return entry


def check_concurrency(concurrency: int) -> int:
    """``concurrency`` when it is an int from 1 to 64; else ValueError / TypeError."""
    if isinstance(concurrency, bool) or not isinstance(concurrency, int):
        raise TypeError(f"concurrency must be an int, not {type(concurrency).__name__}")
    if not 1 <= concurrency <= MAX_CONCURRENCY:
        raise ValueError(f"concurrency must be between 1 and {MAX_CONCURRENCY}, not {concurrency}")
    return concurrency


def kept_pages(
    entry: Provider,
    client: Any,
    window: Window,
    *,
    concurrency: int,
    progress: Progress,
    keep: Window | None = None,
) -> Iterator[list[Row]]:
    """The rows of each page of ``entry``'s walk over ``window`` that started inside
    ``keep`` (default: the window itself), in the list's order, counted by ``progress``."""
    keep = window if keep is None else keep
    everything = keep.since is None and keep.until is None
    for page in entry.walk(client, window, concurrency=concurrency):
        rows = (
            list(page) if everything else [row for row in page if keep.contains(row[1].started_at)]
        )
        progress.page(page, len(rows))
        yield rows


class WarningTally:
    """How many `DataWarning`s were issued, and the first one's text."""

    def __init__(self) -> None:
        self.count = 0
        self.first: str | None = None


@contextlib.contextmanager
def tally_data_warnings() -> Iterator[WarningTally]:
    """Count the `DataWarning`s issued in the block instead of showing each (memory stays
    bounded however many values a server sends that cannot be parsed); other warnings are
    shown as usual."""
    tally = WarningTally()
    with warnings.catch_warnings():
        warnings.simplefilter("always", DataWarning)
        show = warnings.showwarning

        def counted(
            message: Warning | str,
            category: type[Warning],
            filename: str,
            lineno: int,
            file: TextIO | None = None,
            line: str | None = None,
        ) -> None:
            if issubclass(category, DataWarning):
                tally.count += 1
                if tally.first is None:
                    tally.first = str(message)
            else:
                show(message, category, filename, lineno, file, line)

        warnings.showwarning = counted
        yield tally
