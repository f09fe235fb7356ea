"""The ``attempts-sdk`` command (also ``python -m attempts_sdk``)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from ._errors import AttemptsSDKError, ConfigurationError
from ._version import __version__


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
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
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status (0 ok, 1 API error, 2 usage or
    configuration)."""
    args = _parser().parse_args(argv)
    try:
        if args.command == "demo":
            from ._demo import run

            run(sys.stdout)
    except ConfigurationError as error:
        print(f"attempts-sdk: {error}", file=sys.stderr)
        return 2
    except AttemptsSDKError as error:
        print(f"attempts-sdk: {error}", file=sys.stderr)
        return 1
    return 0
