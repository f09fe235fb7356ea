"""Progress on a terminal: items, pages, rate, and an ETA where the list reports its total.

Drawn by tqdm, which keeps one refreshed line on stderr and the rate smoothed, and costs
nothing when disabled. Quiet when stderr is not a terminal (a pipe, a file, a cron job). The
bar appears with the first page, so that an export refused at once shows only its error.
"""

from __future__ import annotations

import sys
from typing import Any, TextIO

from .._registry import RowPage

__all__ = ["Progress"]


class Progress:
    """One walk's progress: the list's items read (of the total, when known), the pages,
    and the attempts kept.

    Args:
        label: what is walked (``testpress``).
        enabled: None: when ``stream`` is a terminal.
        stream: where to draw (stderr).
    """

    def __init__(self, label: str, *, enabled: bool | None = None, stream: TextIO | None = None):
        self._stream = stream if stream is not None else sys.stderr
        self.enabled = _isatty(self._stream) if enabled is None else enabled
        self._label = label
        self._bar: Any = None
        self.pages = 0
        self.attempts = 0
        self.largest = 0  # the most items a page held: the list's page size, near enough

    def page(self, page: RowPage, kept: int) -> None:
        """Count a page read and the attempts kept from it."""
        self.pages += 1
        self.attempts += kept
        self.largest = max(self.largest, page.listed)
        if not self.enabled:
            return
        if self._bar is None:
            from tqdm import tqdm  # here: only a terminal needs it

            self._bar = tqdm(
                desc=self._label,
                total=page.total,
                unit=" items",
                file=self._stream,
                dynamic_ncols=True,
                mininterval=0.1,
            )
        bar = self._bar
        if page.total is not None and page.total != bar.total:
            bar.total = max(page.total, bar.n + page.listed)  # the list grew or shrank
        bar.set_postfix_str(f"pages={self.pages}, attempts={self.attempts}", refresh=False)
        bar.update(page.listed)

    def close(self) -> None:
        """End the line (also before an error message)."""
        if self._bar is not None:
            self._bar.close()
            self._bar = None


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
