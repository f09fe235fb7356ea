"""What a sync reads: the windows of start times that can hold anything new or changed.

The rules (docs/export.md gives them per provider):

- The first sync of a (provider, base URL), a provider without a date filter (Indeed), or a
  ``since`` earlier than what the table covers: everything from ``since``.
- Otherwise the new attempts: those that started since the previous sync began, or since the
  newest start it stored, whichever is earlier (this machine's clock against the server's),
  less the provider's ``sync_overlap`` (how late an attempt may show up in its list); its
  date filter's own granularity is the walk's business (``filter_margin``).
- And the attempts stored before that which were not final (running, pending, unknown),
  read again through the same date filter, in windows around their start times. Windows
  close to each other are merged when reading what lies between costs no more requests than
  a window of its own (estimated from the stored attempts and the list's page size); when
  the whole plan would cost as much as reading everything again, everything is read.
- An attempt not final whose start is unknown cannot be found by date: everything is read.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from .._record import Record
from .._registry import Provider, Window
from .store import Store, Unsettled

__all__ = ["Plan", "plan_sync"]


class Plan(Record, kw_only=False):
    """The windows to walk, the earliest start the table will cover, and whether that is
    everything."""

    windows: tuple[Window, ...]
    covered_from: datetime | None
    full: bool


def _pages(attempts: int, page_size: int) -> int:
    return max(1, -(-attempts // max(page_size, 1)))


def plan_sync(
    entry: Provider,
    store: Store,
    base_url: str,
    *,
    since: datetime | None,
    overlap: timedelta | None = None,
) -> Plan:
    """The windows a sync of ``entry`` at ``base_url`` reads, from the state ``store`` holds."""
    state = store.state(entry.name, base_url)
    everything = Plan((Window(since, None),), since, full=True)
    if state is None or not entry.date_filter or _earlier(since, state.covered_from):
        return everything
    covered_from = state.covered_from  # a later since changes nothing: the table covers more
    newest = store.newest_start(entry.name, base_url) or state.walked_at
    lower = min(state.walked_at, newest) - (entry.sync_overlap if overlap is None else overlap)
    if covered_from is not None:
        lower = max(lower, covered_from)
    margin = entry.filter_margin
    unsettled, unknown_start = store.unsettled(entry.name, base_url, before=lower, margin=margin)
    if unknown_start:
        return Plan((Window(covered_from, None),), covered_from, full=True)
    size = state.page_size
    main_rows = store.count_from(entry.name, base_url, lower - margin)
    groups = _groups(unsettled, size)
    # the newest group may be cheaper read as part of the main window
    while groups:
        first, last = groups[-1]
        joined = store.count_from(entry.name, base_url, first.start - margin)
        if _pages(joined, size) > _pages(main_rows, size) + _pages(
            last.through - first.before, size
        ):
            break
        groups.pop()
        lower, main_rows = first.start, joined
    cost = _pages(main_rows, size) + sum(_pages(b.through - a.before, size) for a, b in groups)
    full_cost = _pages(store.count_from(entry.name, base_url, covered_from), size)
    if cost >= full_cost:
        return Plan((Window(covered_from, None),), covered_from, full=True)
    windows = [Window(first.start, last.start) for first, last in groups]
    return Plan((*windows, Window(lower, None)), covered_from, full=False)


def _earlier(since: datetime | None, covered_from: datetime | None) -> bool:
    """Whether ``since`` asks for attempts the table does not cover."""
    if covered_from is None:
        return False
    return since is None or since < covered_from


def _groups(unsettled: list[Unsettled], page_size: int) -> list[tuple[Unsettled, Unsettled]]:
    """Consecutive attempts merged into one window when reading the attempts between them
    costs no more pages than reading them apart."""
    groups: list[tuple[Unsettled, Unsettled]] = []
    for attempt in unsettled:
        if groups:
            first, last = groups[-1]
            apart = _pages(last.through - first.before, page_size) + _pages(
                attempt.through - attempt.before, page_size
            )
            if _pages(attempt.through - first.before, page_size) <= apart:
                groups[-1] = (first, attempt)
                continue
        groups.append((attempt, attempt))
    return groups
