"""`sync_attempts`: keep every attempt of a provider in a local DuckDB database."""

from __future__ import annotations

import contextlib
import os
from datetime import datetime, timedelta, timezone
from typing import Any

from .._record import Record
from .._registry import Row, Window
from .plan import plan_sync
from .progress import Progress
from .store import Store, SyncState
from .walk import check_concurrency, entry_of, kept_pages

__all__ = ["SyncResult", "sync_attempts"]


class SyncResult(Record):
    """What a sync did.

    Attributes:
        attempts: rows written (inserted or replaced).
        pages: pages of the provider's list read.
        windows: the windows of start times it read (`Window`; one unbounded window when it
            read everything).
        full: whether it read everything (a first sync, a provider without a date filter).
    """

    attempts: int
    pages: int
    windows: tuple[Window, ...]
    full: bool


def sync_attempts(
    provider: str,
    database: str | os.PathLike[str],
    *,
    since: datetime | None = None,
    overlap: timedelta | None = None,
    concurrency: int = 4,
    client: Any = None,
    progress: bool | None = None,
) -> SyncResult:
    """Bring the table ``attempts`` of the DuckDB file ``database`` up to date with
    ``provider``: one row per attempt, upserted by (provider, base URL, attempt id).

    The first sync reads everything (from ``since``); later ones read only what can have
    changed (see docs/export.md): attempts new since the previous sync, through the
    provider's date filter, and the attempts that were not final yet. A sync interrupted at
    any point leaves the table as the pages it committed made it, and the next sync reads
    all the interrupted one was to read.

    Args:
        provider: a name in `attempts_sdk.PROVIDERS`.
        database: the DuckDB file (created when missing).
        since: keep only attempts started at or after this moment (timezone-aware).
        overlap: how far back before the previous sync to read again (default: the
            provider's ``sync_overlap``).
        concurrency: pages in flight at once, 1 to 64, where the provider lets the SDK plan.
        client: the provider's sync client (default: one configured from the environment).
        progress: draw a progress bar on stderr (None: when stderr is a terminal).

    Raises:
        ValueError / TypeError: an unknown provider, a naive ``since``, a bad concurrency or
            a negative overlap.
        ConfigurationError: the client's configuration is missing, or duckdb / pyarrow
            (`MissingExtraError`).
        OutputError: the database cannot be opened (before any request).
        APIError: the provider's error.
    """
    entry = entry_of(provider)
    check_concurrency(concurrency)
    Window(since)  # a naive since is refused before anything is opened
    if overlap is not None and overlap < timedelta(0):
        raise ValueError(f"overlap must not be negative, not {overlap}")
    with contextlib.ExitStack() as stack:
        if client is None:
            client = stack.enter_context(entry.open_client())
        store = Store(database)
        stack.callback(store.close)
        base_url = str(client.base_url).rstrip("/")
        plan = plan_sync(entry, store, base_url, since=since, overlap=overlap)
        started = datetime.now(timezone.utc)
        previous = store.state(entry.name, base_url)
        page_size = 1 if previous is None else previous.page_size
        held: list[Row] = []  # the last page: committed with the state when it is the last
        written = pages = 0
        for number, window in enumerate(plan.windows, start=1):
            count = len(plan.windows)
            label = entry.name if count == 1 else f"{entry.name} {number}/{count}"
            shown = Progress(label, enabled=progress)
            try:
                for rows in kept_pages(
                    entry,
                    client,
                    window,
                    concurrency=concurrency,
                    progress=shown,
                    keep=Window(plan.covered_from, None),
                ):
                    if held:
                        store.upsert(entry.name, base_url, held)
                    held = rows
                    written += len(rows)
            finally:
                shown.close()
            pages += shown.pages
            page_size = max(page_size, shown.largest)
        state = SyncState(covered_from=plan.covered_from, walked_at=started, page_size=page_size)
        store.upsert(entry.name, base_url, held, state=state)
    return SyncResult(attempts=written, pages=pages, windows=plan.windows, full=plan.full)
