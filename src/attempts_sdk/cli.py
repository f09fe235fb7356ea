"""The ``attempts-sdk`` command (also ``python -m attempts_sdk``): ``demo`` and ``export``.

``export`` walks one provider's attempts and writes them as JSON lines or CSV: summaries
(`AttemptSummary`, the same columns for every provider) or whole records (``--full``).
Written with argparse: two subcommands and a handful of options do not need a CLI library,
and the package keeps no dependency for it.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import re
import sys
import tempfile
import time
import warnings
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime, timezone
from pathlib import Path
from typing import NoReturn, TextIO

import attrs

from ._base_client import SyncAPIClient
from ._decoding import DataWarning
from ._errors import AttemptsSDKError, ConfigurationError
from ._registry import PROVIDERS, Row, Window
from ._summary import AttemptSummary
from ._version import __version__

__all__ = ["SUMMARY_COLUMNS", "Window", "main", "make_client"]

SUMMARY_COLUMNS: tuple[str, ...] = tuple(field.name for field in attrs.fields(AttemptSummary))
"""The CSV columns of a summary export: the `AttemptSummary` fields, in order."""
_DATE_ONLY = re.compile(r"\d{4}-\d{2}-\d{2}")


def make_client(provider: str, *, fake: bool = False) -> SyncAPIClient:
    """The client of ``provider`` (a name in `attempts_sdk.PROVIDERS`): configured from its
    environment variables, or, with ``fake=True``, answering in memory from a new built-in
    fake, with the credential an export needs.

    Raises:
        ValueError: ``provider`` is not registered.
        ConfigurationError: a base URL or credential is missing (the message names the
            environment variable to set).
    """
    entry = PROVIDERS.get(provider)
    if entry is None:
        raise ValueError(f"unknown provider {provider!r}: one of {', '.join(PROVIDERS)}")
    if fake:
        client: SyncAPIClient = entry.client_for(entry.new_fake(), credential=entry.fake_credential)
    else:
        client = entry.client()
    return client


# --- writing


def _csv_cell(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


class _OutputError(Exception):
    """The output cannot be written; ``status`` is the exit status to give."""

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.status = status


def _format(output_format: str, *, full: bool) -> tuple[str, Callable[[Row], str]]:
    """The header and the line of each row of an export (``--format``, ``--full``)."""
    if output_format == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")

        def csv_line(values: Sequence[object]) -> str:
            buffer.seek(0)
            buffer.truncate()
            writer.writerow(values)
            return buffer.getvalue()

        def summary_line(row: Row) -> str:
            values = row[1].to_dict()
            return csv_line([_csv_cell(values[column]) for column in SUMMARY_COLUMNS])

        return csv_line(SUMMARY_COLUMNS), summary_line

    def json_line(row: Row) -> str:
        value = row[0].to_dict() if full else row[1].to_dict()
        return json.dumps(value, ensure_ascii=False) + "\n"

    return "", json_line


@contextmanager
def _output(path: str | None) -> Iterator[Callable[[str], None]]:
    """A ``write(text)`` to stdout, or to a temporary file next to ``path`` that replaces it
    only once everything was written: a failed export leaves no partial file (and an older
    file untouched).

    Raises:
        _OutputError: the file cannot be created (status 2: nothing was requested yet), or
            not written or moved into place (status 1).
    """
    where = path or "stdout"

    def failed(exc: OSError, status: int) -> _OutputError:
        return _OutputError(f"cannot write {where}: {exc.strerror or exc}", status)

    def guarded(action: Callable[[], object]) -> None:
        try:
            action()
        except BrokenPipeError:
            raise  # the reader went away (``| head``): not worth a message
        except OSError as exc:
            raise failed(exc, 1) from None

    def writer(out: TextIO) -> Callable[[str], None]:
        return lambda text: guarded(lambda: out.write(text))

    if path is None:
        yield writer(sys.stdout)
        guarded(sys.stdout.flush)  # a closed pipe shows now, not at the interpreter's exit
        return
    target = Path(path)
    try:
        mode = target.stat().st_mode & 0o777 if target.exists() else _default_mode()
        handle, temp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as exc:
        raise failed(exc, 2) from None
    out = os.fdopen(handle, "w", encoding="utf-8", newline="")
    try:
        yield writer(out)
        try:
            out.flush()
            os.fsync(out.fileno())
            out.close()
            os.chmod(temp, mode)
            os.replace(temp, target)
        except OSError as exc:
            raise failed(exc, 1) from None
    finally:
        out.close()
        Path(temp).unlink(missing_ok=True)  # nothing left once it replaced the target


def _default_mode() -> int:
    """The permissions a new file gets from ``open`` (mkstemp's are 0600)."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


class _Progress:
    """Items, pages and rate on one refreshed line of stderr, when stderr is a terminal."""

    def __init__(self, provider: str, stream: TextIO) -> None:
        self._provider = provider
        self._stream = stream
        self._enabled = stream.isatty()
        self._started = time.monotonic()
        self._width = 0
        self.items = self.pages = 0

    def show(self) -> None:
        if not self._enabled:
            return
        elapsed = max(time.monotonic() - self._started, 1e-9)
        line = (
            f"{self._provider}: {self.items} attempts, {self.pages} "
            f"page{'s' if self.pages != 1 else ''}, {self.items / elapsed:.1f} attempts/s"
        )
        self._stream.write("\r" + line.ljust(self._width))
        self._width = len(line)
        self._stream.flush()

    def close(self) -> None:
        if self._enabled and self._width:
            self._stream.write("\n")
            self._stream.flush()


def _export(args: argparse.Namespace) -> None:
    window = Window(args.since, args.until)
    progress = _Progress(args.provider, sys.stderr)
    header, line = _format(args.format, full=args.full)
    try:
        with make_client(args.provider, fake=args.fake) as client:
            pages = PROVIDERS[args.provider].walk(client, window)
            with _output(args.output) as write:
                # the header goes with the first row (or at the end of an empty export), so
                # that an export refused at once writes nothing on stdout
                for page in pages:
                    progress.pages += 1
                    for row in page:
                        if window.contains(row[1].started_at):
                            write(header + line(row))
                            header = ""
                            progress.items += 1
                    progress.show()
                write(header)
    finally:
        progress.close()


# --- the command line


def _moment(text: str, *, end_of_day: bool) -> datetime:
    """An ISO 8601 date or timestamp; without an offset, UTC. A plain date is the start of
    that day, or with ``end_of_day`` its last microsecond (so ``--until`` includes it)."""
    raw = text.strip()
    try:
        if _DATE_ONLY.fullmatch(raw):
            day = date.fromisoformat(raw)
            moment = datetime.combine(day, (datetime.max if end_of_day else datetime.min).time())
        else:
            moment = datetime.fromisoformat(
                raw[:-1] + "+00:00" if raw.endswith(("Z", "z")) else raw
            )
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"not an ISO 8601 date or timestamp: {text!r} "
            f"(e.g. 2024-03-01 or 2024-03-01T09:30:00+05:30)"
        ) from None
    return moment if moment.utcoffset() is not None else moment.replace(tzinfo=timezone.utc)


def _since(text: str) -> datetime:
    return _moment(text, end_of_day=False)


def _until(text: str) -> datetime:
    return _moment(text, end_of_day=True)


class _Parser(argparse.ArgumentParser):
    """An argparse parser whose usage errors are one line on stderr (exit status 2)."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: {message} (see {self.prog} --help)\n")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="attempts-sdk",
        description="Typed clients for the attempts APIs of Testpress, CleverLMS, "
        "Thought Industries and Indeed Assessments.",
    )
    parser.add_argument("--version", action="version", version=f"attempts-sdk {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser(
        "demo",
        help="take an exam against the built-in Testpress fake over HTTP on 127.0.0.1, "
        "then list attempts from the other three fakes",
    )
    export = commands.add_parser(
        "export",
        help="write one provider's attempts as JSON lines or CSV",
        description="Write every attempt of one provider as JSON lines or CSV: summaries "
        "(the same columns for every provider) or, with --full, whole records. Credentials "
        "and base URLs come from the provider's environment variables.",
    )
    export.add_argument(
        "provider",
        choices=list(PROVIDERS),
        metavar="PROVIDER",
        help=f"one of: {', '.join(PROVIDERS)}",
    )
    export.add_argument(
        "--since",
        type=_since,
        metavar="ISO",
        help="only attempts started at or after this date or time (UTC without an offset)",
    )
    export.add_argument(
        "--until",
        type=_until,
        metavar="ISO",
        help="only attempts started at or before this date (the whole day) or time",
    )
    export.add_argument(
        "--full", action="store_true", help="whole records as the provider sent them (jsonl only)"
    )
    export.add_argument(
        "--format",
        choices=("jsonl", "csv"),
        default="jsonl",
        help="jsonl (default): one JSON object a line; csv: summaries with a header row",
    )
    export.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="write to FILE (replaced only when the export succeeds) instead of stdout",
    )
    export.add_argument(
        "--fake",
        action="store_true",
        help="run against the built-in fake of the provider, in memory",
    )
    export.set_defaults(command_parser=export)
    return parser


def _fail(message: object, status: int) -> int:
    print(f"attempts-sdk: {' '.join(str(message).split())}", file=sys.stderr)
    return status


def _silence_stdout() -> None:
    """Point stdout at /dev/null, so that the interpreter's last flush of a closed pipe
    prints nothing (as the Python docs recommend for SIGPIPE)."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, io.UnsupportedOperation):
        pass  # stdout is no real file (tests): nothing will flush to the pipe


def _report_data_warnings(caught: list[warnings.WarningMessage]) -> None:
    """Values the provider sent that could not be parsed: one line on stderr, not one
    Python warning each (other warnings are issued again as they were)."""
    data = [entry.message for entry in caught if isinstance(entry.message, DataWarning)]
    for entry in caught:
        if not isinstance(entry.message, DataWarning):
            warnings.warn_explicit(entry.message, entry.category, entry.filename, entry.lineno)
    if data:
        count = f"{len(data)} value{'s' if len(data) > 1 else ''}"
        print(
            f"attempts-sdk: warning: {count} could not be parsed and were left empty "
            f"(--full keeps the raw values); the first: {data[0]}",
            file=sys.stderr,
        )


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status (0 ok, 1 API error, 2 usage or
    configuration)."""
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command == "export":
        usage: argparse.ArgumentParser = args.command_parser
        if args.full and args.format == "csv":
            usage.error(
                "--full writes whole records, which have no common columns: use --format jsonl"
            )
        if args.since and args.until and args.since > args.until:
            usage.error("--since is after --until")
    try:
        if args.command == "demo":
            from ._demo import run

            run(sys.stdout)
        else:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always", DataWarning)
                _export(args)
            _report_data_warnings(caught)
    except ConfigurationError as error:
        return _fail(error, 2)
    except AttemptsSDKError as error:
        return _fail(error, 1)
    except _OutputError as error:
        return _fail(error, error.status)
    except KeyboardInterrupt:
        return _fail("interrupted", 130)
    except BrokenPipeError:
        _silence_stdout()
        return 1
    return 0
