"""`SummaryStatus`: where an attempt stands, in the same words for every provider.

Its own small module: the provider registry entries map their status words to it, and the
registry must not load the summaries (`attempts_sdk._summary`) before they are used.
"""

from __future__ import annotations

import enum

__all__ = ["SummaryStatus"]


class SummaryStatus(str, enum.Enum):
    """Where an attempt stands, the same words for every provider (a str enum)."""

    RUNNING = "running"
    COMPLETED = "completed"
    FAILED = "failed"
    PENDING = "pending"
    UNKNOWN = "unknown"

    def __str__(self) -> str:
        return str(self.value)
