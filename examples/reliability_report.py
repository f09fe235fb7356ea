"""Inject faults into every provider client over real sockets and print a reliability table.

Runs every scenario of tests/support/faultserver.py (the ones tests/suites/test_faults.py asserts
on) against every registered provider's clients, each once sync and once async, on 127.0.0.1
only, and prints a markdown table: per fault class, the scenario runs, the faults
injected, how many of them the client survived (it recovered, or raised the documented error)
and the items lost. The runs that were not survived are listed below it, with what went wrong.

    .venv/bin/python examples/reliability_report.py

Exits with status 1 when any fault was not survived or any item was lost.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

TESTS = Path(__file__).resolve().parent.parent / "tests"
sys.path.insert(0, str(TESTS))

from conftest import Harness  # noqa: E402 - the scenarios live with the tests
from support.faultserver import Outcome, PlannedRun, report_plan  # noqa: E402

MODES = ("sync", "async")


def run(planned: PlannedRun, mode: str) -> Outcome:
    """One scenario run in one mode; its clients are closed afterwards."""
    runner = Harness(mode)
    try:
        return planned.run(runner)
    finally:
        runner.close()


def table(results: list[tuple[PlannedRun, Outcome]]) -> str:
    """The markdown table: one row per fault class, in the plan's order, then the totals."""
    rows: dict[str, list[int]] = {}
    for planned, outcome in results:
        row = rows.setdefault(planned.fault, [0, 0, 0, 0, 0])
        row[0] += 1
        row[1] += outcome.survived
        row[2] += outcome.injected
        row[3] += outcome.injected if outcome.survived else 0
        row[4] += outcome.lost
    lines = [
        "| fault class | runs survived | faults injected | faults survived | items lost |",
        "|---|---:|---:|---:|---:|",
    ]
    for fault, (runs, passed, injected, survived, lost) in rows.items():
        lines.append(f"| {fault} | {passed}/{runs} | {injected} | {survived} | {lost} |")
    runs, passed, injected, survived, lost = (
        sum(column) for column in zip(*rows.values(), strict=True)
    )
    lines.append(
        f"| **total** | **{passed}/{runs}** | **{injected}** | **{survived}** | **{lost}** |"
    )
    return "\n".join(lines)


def main() -> int:
    began = time.monotonic()
    plan = report_plan()
    results = [(planned, run(planned, mode)) for mode in MODES for planned in plan]
    elapsed = time.monotonic() - began
    print(
        f"Fault injection over real sockets on 127.0.0.1: {len(plan)} scenarios x "
        f"{len(MODES)} modes (sync, async), 4 provider clients, max_retries=2, "
        f"in {elapsed:.1f} s.\n"
    )
    print(table(results))
    failed = [(planned, outcome) for planned, outcome in results if not outcome.survived]
    if failed:
        print(f"\nNot survived ({len(failed)} runs):\n")
        for planned, outcome in failed:
            print(f"- {planned.fault}, {planned.label}, {outcome.mode}:")
            for problem in outcome.problems:
                print(f"  - {problem}")
    lost = sum(outcome.lost for _, outcome in results)
    return 1 if failed or lost else 0


if __name__ == "__main__":
    sys.exit(main())
