"""Results, interleaved timing, the markdown table and the machine description."""

from __future__ import annotations

import gc
import os
import platform
import statistics
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from importlib import metadata

__all__ = [
    "Detail",
    "Result",
    "at_least",
    "at_most",
    "Timings",
    "interleave",
    "load_average",
    "machine_info",
    "markdown_table",
    "median",
]

Detail = dict[str, "float | int | str | bool | list[str] | list[float] | None"]
"""Extra facts of a result (sizes, rounds, raw timings), as JSON values."""


@dataclass(frozen=True)
class Result:
    """One row of the table: a measured figure, and the target it is held to (if any).

    ``id`` is stable across sizes (``--quick`` measures the same figures on smaller inputs);
    ``name`` says what was measured, sizes included.
    """

    id: str
    name: str
    value: float | None
    unit: str
    target: str | None = None
    passed: bool | None = None
    details: Detail = field(default_factory=dict)

    def as_json(self) -> dict[str, object]:
        """The row as a JSON object."""
        return {
            "id": self.id,
            "name": self.name,
            "value": self.value,
            "unit": self.unit,
            "target": self.target,
            "passed": self.passed,
            "details": self.details,
        }


def at_most(
    id: str, name: str, value: float | None, unit: str, limit: float, details: Detail | None = None
) -> Result:
    """A row whose target is ``value <= limit`` (failed when it could not be measured)."""
    passed = value is not None and value <= limit
    return Result(id, name, value, unit, f"≤ {limit:g}", passed, details or {})


def at_least(
    id: str, name: str, value: float | None, unit: str, limit: float, details: Detail | None = None
) -> Result:
    """A row whose target is ``value >= limit`` (failed when it could not be measured)."""
    passed = value is not None and value >= limit
    return Result(id, name, value, unit, f"≥ {limit:g}", passed, details or {})


def median(values: list[float]) -> float:
    """The median (of round timings)."""
    return float(statistics.median(values))


Timings = dict[str, list[float]]


def interleave(
    contenders: Mapping[str, Callable[[], object]], rounds: int, *, warmup: int = 1
) -> Timings:
    """Run the contenders in turn (A, B, C, A, B, C, ...) ``rounds`` times, after ``warmup``
    untimed rounds; the seconds of each call, by contender.

    A garbage collection runs before each call, so no contender pays for another's garbage;
    the collector stays on during the call, as it is in real use.
    """
    timings: Timings = {name: [] for name in contenders}
    for number in range(warmup + rounds):
        for name, run in contenders.items():
            gc.collect()
            start = time.perf_counter()
            result = run()
            elapsed = time.perf_counter() - start
            del result
            if number >= warmup:
                timings[name].append(elapsed)
    return timings


def _cpu_model() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as cpuinfo:
            for line in cpuinfo:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def load_average() -> str:
    """The 1/5/15-minute load averages: other work on the machine skews every timing."""
    try:
        return "/".join(f"{value:.2f}" for value in os.getloadavg())
    except OSError:
        return "unknown"


PACKAGES = (
    "attempts-sdk",
    "httpx",
    "attrs",
    "cattrs",
    "orjson",
    "pydantic",
    "pydantic-core",
    "msgspec",
)


def machine_info() -> dict[str, str]:
    """The CPU, cores, Python, OS and the versions of the packages measured."""
    info = {
        "cpu": _cpu_model(),
        "cores": str(os.cpu_count()),
        "python": f"{platform.python_implementation()} {platform.python_version()}",
        "os": platform.platform(),
        "load_start": load_average(),
    }
    for package in PACKAGES:
        try:
            info[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            info[package] = "not installed"
    return info


def _figure(value: float | None, unit: str) -> str:
    if value is None:
        return "n/a"
    if unit == "x":
        return f"{value:.2f}x"
    if abs(value) >= 100:
        return f"{value:,.0f} {unit}"
    if abs(value) >= 10:
        return f"{value:.1f} {unit}"
    return f"{value:.2f} {unit}"


def markdown_table(results: list[Result], machine: Mapping[str, str]) -> str:
    """The results as a markdown table, the machine under it."""
    lines = ["| benchmark | measured | target | pass/fail |", "|---|---|---|---|"]
    for result in results:
        verdict = {True: "pass", False: "**fail**", None: "—"}[result.passed]
        if result.target is not None and result.value is None:
            verdict = "**fail** (not measured)"
        measured = _figure(result.value, result.unit)
        lines.append(f"| {result.name} | {measured} | {result.target or '—'} | {verdict} |")
    lines.append("")
    lines.append("Machine: " + "; ".join(f"{key} {value}" for key, value in machine.items()))
    return "\n".join(lines)
