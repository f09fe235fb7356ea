"""Measure what hostile servers cost a client, and print the figures of docs/reliability.md.

Runs the scenarios of tests/support/hostile.py (the ones tests/core/test_limits.py and
tests/core/test_walk_exit.py assert on), on 127.0.0.1 only, with the default settings:

- oversized bodies (compression bombs, 2 GiB plain): wire bytes, outcome, peak RSS;
- servers that drip or hang, against a 2 s deadline: when the call ended, and its message;
- Ctrl-C during ``pages(concurrency=8)`` over a server that stopped answering.

    .venv/bin/python examples/limits_report.py

Exits with status 1 when a figure breaks a guarantee (peak RSS of 400 MiB or more, a call
past its deadline by more than 0.5 s, an exit slower than 3 s, a request after Ctrl-C).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

TESTS = Path(__file__).resolve().parent.parent / "tests"
sys.path.insert(0, str(TESTS))

from attempts_sdk import APITimeoutError  # noqa: E402
from attempts_sdk.testing import FakeTestpress  # noqa: E402
from attempts_sdk.testpress import AsyncTestpressClient, TestpressClient  # noqa: E402
from conftest import Harness  # noqa: E402 - the scenarios live with the tests
from support import faultserver as fs  # noqa: E402
from support import hostile  # noqa: E402

MODES = ("sync", "async")
DEADLINE = 2.0


def _mib(size: float) -> str:
    return f"{size / hostile.MIB:,.1f} MiB" if size >= hostile.MIB else f"{size:,.0f} B"


def sizes(failures: list[str]) -> list[str]:
    lines = [
        "| body (decoded size) | client | on the wire | outcome | peak RSS |",
        "|---|---|---:|---|---:|",
    ]
    for mode in MODES:
        base = hostile.plain_call(mode)
        rss = base.report["peak_rss_mib"]
        lines.append(f"| a normal answer (baseline) | {mode} | - | the attempt | {rss} MiB |")
    for kind in hostile.BODIES:
        decoded = "1 GiB" if kind.startswith("gzip") else "2 GiB"
        for mode in MODES:
            probed = hostile.oversized_call(kind, mode)
            report = probed.report
            sent = _mib(probed.sent)
            outcome = f"{report['error']} after {report['seconds']:.2f} s"
            rss = report["peak_rss_mib"]
            lines.append(f"| {kind} ({decoded}) | {mode} | {sent} | {outcome} | {rss} MiB |")
            if report["error"] != "ResponseTooLargeError" or rss >= 400:
                failures.append(f"{kind} {mode}: {report}")
    return lines


def _cut(mode: str, fault: fs.Fault) -> tuple[float, str]:
    fake = FakeTestpress()
    harness = Harness(mode)
    try:
        with fs.FaultServer(fake) as server:
            server.inject(fault, times=None)
            client = harness.client(
                TestpressClient,
                AsyncTestpressClient,
                base_url=server.base_url,
                token=fake.token,
                deadline=DEADLINE,
            )
            started = time.monotonic()
            try:
                harness.run(client.get_attempt, 1)
            except APITimeoutError as error:
                return time.monotonic() - started, str(error)
            return time.monotonic() - started, "no error"
    finally:
        harness.close()


def deadlines(failures: list[str]) -> list[str]:
    lines = [
        f"| server (deadline {DEADLINE:g} s, timeouts 30 s) | client | call ended | message |",
        "|---|---|---:|---|",
    ]
    servers: list[tuple[str, fs.Fault]] = [
        ("one byte every 0.3 s", hostile.dripping(0.3)),
        ("one byte every 1.5 s", hostile.dripping(1.5)),
        ("never answers", fs.Stall(60.0)),
    ]
    for label, fault in servers:
        for mode in MODES:
            seconds, message = _cut(mode, fault)
            shown = message.split(" did not complete ", 1)[-1]
            lines.append(f"| {label} | {mode} | {seconds:.2f} s | `... {shown}` |")
            if not DEADLINE <= seconds < DEADLINE + 0.5 or "deadline" not in message:
                failures.append(f"{label} {mode}: {seconds:.2f} s, {message}")
    return lines


def interrupt(failures: list[str]) -> list[str]:
    walk = hostile.interrupted_walk(concurrency=8)
    if walk.exit_seconds >= 3.0 or walk.after != walk.before:
        failures.append(f"Ctrl-C: {walk}")
    return [
        "| requests before Ctrl-C | requests after | process exited after |",
        "|---:|---:|---:|",
        f"| {walk.before} | {walk.after - walk.before} | {walk.exit_seconds:.2f} s |",
    ]


def main() -> int:
    failures: list[str] = []
    for title, section in (
        ("Oversized bodies, default max_response_size (64 MiB)", sizes),
        ("Servers that hold a call", deadlines),
        ("Ctrl-C during pages(concurrency=8), the server holding pages 2-9", interrupt),
    ):
        print(f"{title}:\n")
        print("\n".join(section(failures)))
        print()
    for failure in failures:
        print(f"FAILED: {failure}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
