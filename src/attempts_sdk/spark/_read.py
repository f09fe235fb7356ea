"""Reading one partition, on an executor: the provider's export walk over one window.

The walk asks the provider for the span's window with the margin its date filters need; the
span then keeps exactly its own attempts, and an attempt listed twice (a page boundary that
moved while the walk ran) is given once. The client brings what the SDK brings everywhere:
retries, the provider's rate limit, lenient decoding. A provider error is not caught: it fails
the task with the SDK's message, and Spark retries the task by its own settings.

Lenient decoding's `DataWarning`s are counted: each row's ``data_warnings`` column holds those
about its record, and the partition's total goes to the executor's log (stderr) in one line,
so that warnings about values outside any attempt (an Indeed assignment's own fields, a list
item that could not be decoded at all) are counted too. Other warnings are issued again.
"""

from __future__ import annotations

import logging
import warnings
from collections.abc import Iterator
from typing import Any

from .._decoding import DataWarning
from ._options import ReadOptions
from ._plan import Span
from ._rows import to_row

__all__ = ["read_span"]

logger = logging.getLogger("attempts_sdk.spark")


def read_span(options: ReadOptions, span: Span) -> Iterator[tuple[Any, ...]]:
    """The rows of the attempts that started inside ``span``."""
    entry = options.entry
    full = options.columns == "full"
    seen: set[str] = set()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", DataWarning)
        try:
            with options.open_client() as client:
                for page in entry.walk(client, span.window()):
                    for record, summary in page:
                        if summary.attempt_id in seen or not span.contains(summary.started_at):
                            continue
                        seen.add(summary.attempt_id)
                        yield to_row(record, summary, full=full)
        finally:
            others = _report(caught, options.provider, span)
    for other in others:
        warnings.warn_explicit(other.message, other.category, other.filename, other.lineno)


def _report(
    caught: list[warnings.WarningMessage], provider: str, span: Span
) -> list[warnings.WarningMessage]:
    """Log the partition's `DataWarning`s in one line; return the other warnings."""
    data = [item for item in caught if isinstance(item.message, DataWarning)]
    if data:
        logger.warning(
            "attempts: %s: %d value%s could not be parsed in the attempts started from %s to "
            "%s (left empty; the record keeps the raw value); the first: %s",
            provider,
            len(data),
            "" if len(data) == 1 else "s",
            span.since,
            span.until,
            data[0].message,
        )
    return [item for item in caught if not isinstance(item.message, DataWarning)]
