"""Bulk export: every attempt of a provider to JSON lines, CSV or Parquet
(`export_attempts`), or kept up to date in a local DuckDB database (`sync_attempts`).

The walk over each provider's attempts is its registry entry's (`attempts_sdk.PROVIDERS`);
this package drives it (concurrency, progress), writes the formats, handles the output file,
and keeps the DuckDB store and its sync state. pyarrow and duckdb are in the
``attempts-sdk[export]`` extra and imported only when Parquet or a sync needs them.
"""

from .bulk import ExportResult, export_attempts
from .errors import MissingExtraError, OutputError
from .sync import SyncResult, sync_attempts
from .writers import FORMATS, SUMMARY_COLUMNS, Format

__all__ = [
    "FORMATS",
    "SUMMARY_COLUMNS",
    "ExportResult",
    "Format",
    "MissingExtraError",
    "OutputError",
    "SyncResult",
    "export_attempts",
    "sync_attempts",
]
