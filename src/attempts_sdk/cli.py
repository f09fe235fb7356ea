"""The ``attempts-sdk`` command (also ``python -m attempts_sdk``): ``demo``, ``export``, ``sync``.

Argument parsing and messages only: the work is `attempts_sdk.export` (``export_attempts``,
``sync_attempts``). Written with argparse: three subcommands and a handful of options do not
need a CLI library, and the package keeps no dependency for it.
"""

from __future__ import annotations

import argparse
import io
import os
import re
import sys
from collections.abc import Sequence
from datetime import date, datetime, timedelta, timezone
from typing import NoReturn

from ._base_client import SyncAPIClient
from ._errors import AttemptsSDKError, ConfigurationError, PermissionDeniedError
from ._registry import PROVIDERS, Window
from ._version import __version__
from .export import FORMATS, SUMMARY_COLUMNS, OutputError, export_attempts, sync_attempts
from .export.walk import WarningTally, check_concurrency, entry_of, tally_data_warnings

__all__ = ["SUMMARY_COLUMNS", "Window", "main", "make_client"]

_DATE_ONLY = re.compile(r"\d{4}-\d{2}-\d{2}")
_SPAN = re.compile(r"(\d+(?:\.\d+)?)([smhd])")
_UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days"}


def make_client(
    provider: str,
    *,
    fake: bool = False,
    base_url: str | None = None,
    allow_insecure_http: bool = False,
) -> SyncAPIClient:
    """The client of ``provider`` (a name in `attempts_sdk.PROVIDERS`): configured from
    ``base_url`` (else its environment variable) and its credential's environment variable,
    or, with ``fake=True``, answering in memory from a new built-in fake, with the credential
    an export needs.

    Raises:
        ValueError: ``provider`` is not registered.
        ConfigurationError: a base URL or credential is missing or refused; the message names
            the command line's flags and the environment variables to set.
    """
    entry = entry_of(provider)
    if fake:
        client: SyncAPIClient = entry.client_for(entry.new_fake(), credential=entry.fake_credential)
        return client
    base_url_env, credential_env = entry.environment
    if not (base_url or os.environ.get(base_url_env) or entry.spec.default_base_url):
        raise ConfigurationError(f"{provider}: no base URL: pass --base-url or set {base_url_env}")
    if not os.environ.get(credential_env):
        raise ConfigurationError(
            f"{provider}: no credential: set {credential_env} (the command line reads "
            f"credentials from the environment only, so they never show in the process list)"
        )
    try:
        client = entry.open_client(base_url=base_url, allow_insecure_http=allow_insecure_http)
    except ConfigurationError as error:
        raise ConfigurationError(_in_flags(str(error))) from None
    return client


_KEYWORD_FLAGS = (
    ("pass allow_insecure_http=True", "pass --allow-insecure-http"),
    ("pass base_url=", "pass --base-url"),
    ("base_url ", "--base-url "),
)


def _in_flags(message: str) -> str:
    """A client's configuration message in the command line's words (its flags, not the
    constructor's keywords)."""
    for keyword, flag in _KEYWORD_FLAGS:
        message = message.replace(keyword, flag)
    return message


# --- argument types


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


def _concurrency(text: str) -> int:
    try:
        return check_concurrency(int(text))
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of pages from 1 to 64: {text!r}") from None


def _span(text: str) -> timedelta:
    match = _SPAN.fullmatch(text.strip())
    if match is None:
        raise argparse.ArgumentTypeError(f"not a duration such as 90m, 36h or 2d: {text!r}")
    return timedelta(**{_UNITS[match[2]]: float(match[1])})


# --- the parser


class _Parser(argparse.ArgumentParser):
    """An argparse parser whose usage errors are one line on stderr (exit status 2)."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: {message} (see {self.prog} --help)\n")


def _common(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "provider",
        choices=list(PROVIDERS),
        metavar="PROVIDER",
        help=f"one of: {', '.join(PROVIDERS)}",
    )
    command.add_argument(
        "--since",
        type=_since,
        metavar="ISO",
        help="only attempts started at or after this date or time (UTC without an offset)",
    )
    command.add_argument(
        "--concurrency",
        type=_concurrency,
        default=4,
        metavar="N",
        help="pages in flight at once where the provider lets them be planned (default 4; "
        "rate limits hold)",
    )
    command.add_argument(
        "--fake", action="store_true", help="run against the built-in fake of the provider"
    )
    command.add_argument(
        "--base-url",
        metavar="URL",
        help="the provider's API URL (default: its BASE_URL environment variable below)",
    )
    command.add_argument(
        "--allow-insecure-http",
        action="store_true",
        help="allow a plain http:// base URL to a host that is not loopback (the credential "
        "would travel in clear text)",
    )


def _environment_help() -> str:
    """The environment variables of every registered provider, for ``--help``."""
    lines = ["environment variables (the credential is read from the environment only):"]
    for name, entry in PROVIDERS.items():
        base_url_env, credential_env = entry.environment
        default = entry.spec.default_base_url
        where = f"{base_url_env} (default {default})" if default else base_url_env
        lines.append(f"  {name + ':':<19} {where}, {credential_env}")
    lines.append("  ATTEMPTS_SDK_LOG=debug|info logs requests and retries to stderr")
    return "\n".join(lines)


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
        epilog=_environment_help(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
        help="write one provider's attempts as JSON lines, CSV or Parquet",
        description="Write every attempt of one provider as JSON lines, CSV or Parquet: "
        "summaries (the same columns for every provider) or, with --full, whole records. "
        "The credential comes from the provider's environment variable; the base URL from "
        "--base-url or its environment variable.",
    )
    _common(export)
    export.add_argument(
        "--until",
        type=_until,
        metavar="ISO",
        help="only attempts started at or before this date (the whole day) or time",
    )
    export.add_argument(
        "--full", action="store_true", help="whole records as the provider sent them"
    )
    export.add_argument(
        "--format",
        choices=FORMATS,
        default="jsonl",
        help="jsonl (default): one JSON object a line; csv: summaries with a header row; "
        "parquet: typed columns (needs attempts-sdk[export])",
    )
    export.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="write to FILE (a regular file is replaced only when the export succeeds) "
        "instead of stdout",
    )
    export.set_defaults(command_parser=export)
    sync = commands.add_parser(
        "sync",
        epilog=_environment_help(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
        help="keep one provider's attempts up to date in a DuckDB file",
        description="Upsert every attempt of one provider into the table 'attempts' of a "
        "DuckDB file; later runs read only what can have changed. Needs attempts-sdk[export].",
    )
    _common(sync)
    sync.add_argument("--db", required=True, metavar="FILE", help="the DuckDB database file")
    sync.add_argument(
        "--overlap",
        type=_span,
        metavar="SPAN",
        help="how far before the previous sync to read again (e.g. 36h, 2d; default: "
        "the provider's)",
    )
    sync.set_defaults(command_parser=sync)
    return parser


# --- messages


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


def _report_data_warnings(tally: WarningTally) -> None:
    """Values the provider sent that could not be parsed: one line, not one warning each."""
    if tally.count:
        count = f"{tally.count} value{'s' if tally.count > 1 else ''}"
        print(
            f"attempts-sdk: warning: {count} could not be parsed and were left empty "
            f"(--full keeps the raw values); the first: {tally.first}",
            file=sys.stderr,
        )


def _run(args: argparse.Namespace) -> None:
    client = make_client(
        args.provider,
        fake=args.fake,
        base_url=args.base_url,
        allow_insecure_http=args.allow_insecure_http,
    )
    with client:
        if args.command == "export":
            export_attempts(
                args.provider,
                args.output,
                format=args.format,
                full=args.full,
                since=args.since,
                until=args.until,
                concurrency=args.concurrency,
                client=client,
            )
            return
        done = sync_attempts(
            args.provider,
            args.db,
            since=args.since,
            overlap=args.overlap,
            concurrency=args.concurrency,
            client=client,
        )
    how = "everything" if done.full else f"{len(done.windows)} windows of what can have changed"
    print(f"{args.provider}: {done.attempts} attempts written from {done.pages} pages ({how})")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status (0 ok, 1 API error, 2 usage or
    configuration, 130 interrupted)."""
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command == "export":
        usage: argparse.ArgumentParser = args.command_parser
        if args.full and args.format == "csv":
            usage.error(
                "--full writes whole records, which have no common columns: use --format "
                "jsonl or parquet"
            )
        if args.since and args.until and args.since > args.until:
            usage.error("--since is after --until")
    try:
        if args.command == "demo":
            from ._demo import run

            run(sys.stdout)
        else:
            with tally_data_warnings() as tally:
                _run(args)
            _report_data_warnings(tally)
    except ConfigurationError as error:
        return _fail(error, 2)
    except OutputError as error:
        return _fail(error, 2 if error.before_requests else 1)
    except PermissionDeniedError as error:
        hint = PROVIDERS[args.provider].export_forbidden_hint
        credential_env = PROVIDERS[args.provider].environment[1]
        return _fail(f"{error} ({hint}: check {credential_env})" if hint else error, 1)
    except AttemptsSDKError as error:
        return _fail(error, 1)
    except KeyboardInterrupt:
        return _fail("interrupted", 130)
    except BrokenPipeError:
        _silence_stdout()
        return 1
    return 0
