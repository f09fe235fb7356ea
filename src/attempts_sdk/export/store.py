"""The DuckDB store of `sync_attempts`: the table ``attempts`` and its sync state.

``attempts`` holds one row per attempt, keyed by (provider, base URL, attempt id): the
summary columns, typed (see `arrow`), and ``record``, the whole record as JSON. ``sync_state``
holds, per (provider, base URL), what the next sync needs to read only what can have changed.

Every write is a transaction. Rows are upserted page by page; the state is written only by a
sync that read everything it planned, in the same transaction as its last rows. A sync killed
at any point (SIGKILL included) leaves the rows of the pages it committed, which are what the
server said, and the previous state, so the next sync reads everything the killed one was
to read: the table ends as an uninterrupted sync would have left it.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from .._record import Record
from .._registry import Row
from .arrow import load_pyarrow, summary_arrays, summary_fields
from .errors import MissingExtraError, OutputError
from .jsontext import dumps

__all__ = ["FINAL", "Store", "SyncState", "Unsettled"]

FINAL = ("completed", "failed")
"""The summary statuses after which an attempt no longer changes; any other (running,
pending, unknown) is read again by the next sync."""

_SCHEMA = """
CREATE TABLE IF NOT EXISTS attempts (
    provider VARCHAR NOT NULL,
    base_url VARCHAR NOT NULL,
    attempt_id VARCHAR NOT NULL,
    user VARCHAR,
    assessment_id VARCHAR,
    assessment_title VARCHAR,
    status VARCHAR NOT NULL,
    score DECIMAL(38, 9),
    max_score DECIMAL(38, 9),
    percentage DECIMAL(38, 9),
    passed BOOLEAN,
    started_at TIMESTAMPTZ,
    ended_at TIMESTAMPTZ,
    duration INTERVAL,
    record JSON NOT NULL,
    PRIMARY KEY (provider, base_url, attempt_id)
);
CREATE TABLE IF NOT EXISTS sync_state (
    provider VARCHAR NOT NULL,
    base_url VARCHAR NOT NULL,
    covered_from TIMESTAMPTZ,
    walked_at TIMESTAMPTZ NOT NULL,
    page_size INTEGER NOT NULL,
    PRIMARY KEY (provider, base_url)
);
"""
_COLUMNS = ("provider", "base_url", "attempt_id")


class SyncState(Record):
    """What the last complete sync of one (provider, base URL) left.

    Attributes:
        covered_from: the earliest start the table covers (the first sync's ``since``;
            None: everything).
        walked_at: when that sync started, by this machine's clock.
        page_size: the most items a page of the provider's list held.
    """

    covered_from: datetime | None
    walked_at: datetime
    page_size: int


class Unsettled(Record, kw_only=False):
    """An attempt not final yet, by its start, with the count of stored attempts that
    started before ``start - margin`` and up to ``start + margin`` (what reading it again
    costs, in the provider's own order)."""

    start: datetime
    before: int
    through: int


class Store:
    """A DuckDB database file holding ``attempts`` and ``sync_state``.

    Raises:
        MissingExtraError: duckdb or pyarrow is not installed.
        OutputError: the file cannot be opened (a directory, another process holds it, not
            a DuckDB database, or tables of another shape), before any request.
    """

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self._pa = load_pyarrow("sync")
        try:
            import duckdb
        except ImportError:
            raise MissingExtraError("duckdb", "sync") from None
        where = os.fspath(path)
        if os.path.isdir(where):
            raise OutputError(f"cannot open {where}: it is a directory", before_requests=True)
        self.where = where
        self._db: Any = None
        try:
            self._db = duckdb.connect(where)
            self._db.execute("BEGIN")
            self._db.execute(_SCHEMA)
            self._db.execute("COMMIT")
            self._check_columns()
        except (duckdb.Error, OutputError) as exc:
            if self._db is not None:
                self._db.close()
            if isinstance(exc, OutputError):
                raise
            raise OutputError(
                f"cannot open {where}: {' '.join(str(exc).split())}", before_requests=True
            ) from None

    def _check_columns(self) -> None:
        names = [row[0] for row in self._db.execute("DESCRIBE attempts").fetchall()]
        expected = [*_COLUMNS, *[f.name for f in summary_fields(self._pa)][2:], "record"]
        if names != expected:
            raise OutputError(
                f"cannot use {self.where}: its table attempts has other columns "
                f"({', '.join(names)}) than a sync writes",
                before_requests=True,
            )

    def close(self) -> None:
        """Close the database (what was not committed is rolled back)."""
        self._db.close()

    def state(self, provider: str, base_url: str) -> SyncState | None:
        """The state of the last complete sync, or None."""
        found = self._db.execute(
            "SELECT covered_from, walked_at, page_size FROM sync_state "
            "WHERE provider = ? AND base_url = ?",
            [provider, base_url],
        ).fetchone()
        if found is None:
            return None
        return SyncState(covered_from=found[0], walked_at=found[1], page_size=found[2])

    def newest_start(self, provider: str, base_url: str) -> datetime | None:
        """The latest start time stored (the server's clock)."""
        found = self._db.execute(
            "SELECT max(started_at) FROM attempts WHERE provider = ? AND base_url = ?",
            [provider, base_url],
        ).fetchone()
        return None if found is None else found[0]

    def count_from(self, provider: str, base_url: str, since: datetime | None) -> int:
        """How many stored attempts started at or after ``since`` (None: all)."""
        found = self._db.execute(
            "SELECT count(*) FROM attempts WHERE provider = ? AND base_url = ? "
            "AND (CAST(? AS TIMESTAMPTZ) IS NULL OR started_at >= ?)",
            [provider, base_url, since, since],
        ).fetchone()
        return int(found[0]) if found else 0

    def unsettled(
        self, provider: str, base_url: str, *, before: datetime, margin: timedelta
    ) -> tuple[list[Unsettled], int]:
        """The attempts not final yet that started before ``before``, oldest first, and how
        many more have no start time."""
        final = ", ".join(f"'{status}'" for status in FINAL)
        rows = self._db.execute(
            f"""
            WITH mine AS (
                SELECT started_at, status FROM attempts WHERE provider = $provider
                AND base_url = $base_url
            )
            SELECT u.started_at,
                (SELECT count(*) FROM mine m WHERE m.started_at < u.started_at - $margin),
                (SELECT count(*) FROM mine m WHERE m.started_at <= u.started_at + $margin)
            FROM mine u
            WHERE u.status NOT IN ({final}) AND u.started_at < $before
            ORDER BY u.started_at
            """,
            {"provider": provider, "base_url": base_url, "margin": margin, "before": before},
        ).fetchall()
        missing = self._db.execute(
            f"SELECT count(*) FROM attempts WHERE provider = ? AND base_url = ? "
            f"AND started_at IS NULL AND status NOT IN ({final})",
            [provider, base_url],
        ).fetchone()
        return [Unsettled(*row) for row in rows], int(missing[0]) if missing else 0

    def upsert(
        self,
        provider: str,
        base_url: str,
        rows: Sequence[Row],
        *,
        state: SyncState | None = None,
    ) -> None:
        """Insert or replace ``rows`` and, when given, the sync state, in one transaction."""
        latest = {summary.attempt_id: (record, summary) for record, summary in rows}
        self._db.execute("BEGIN")
        try:
            if latest:
                self._db.register("_page", self._batch(provider, base_url, list(latest.values())))
                self._db.execute("INSERT OR REPLACE INTO attempts SELECT * FROM _page")
                self._db.unregister("_page")
            if state is not None:
                self._db.execute(
                    "INSERT OR REPLACE INTO sync_state VALUES (?, ?, ?, ?, ?)",
                    [provider, base_url, state.covered_from, state.walked_at, state.page_size],
                )
            self._db.execute("COMMIT")
        except BaseException:
            self._db.execute("ROLLBACK")
            raise

    def _batch(self, provider: str, base_url: str, rows: list[Row]) -> Any:
        pa = self._pa
        fields = summary_fields(pa)
        summaries = [summary for _, summary in rows]
        arrays = summary_arrays(pa, summaries)
        columns = {
            "provider": pa.array([provider] * len(rows), pa.string()),
            "base_url": pa.array([base_url] * len(rows), pa.string()),
            "attempt_id": arrays[1],
        }
        for field, array in zip(fields[2:], arrays[2:], strict=True):
            columns[field.name] = array
        columns["record"] = pa.array(
            [dumps(record.to_dict()).decode("utf-8") for record, _ in rows], pa.string()
        )
        return pa.table(columns)
