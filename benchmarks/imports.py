"""Import time: ``import attempts_sdk.testpress`` against ``import httpx, attrs, cattrs`` (the
dependencies alone), each in a fresh interpreter, the two alternating.

The time is taken inside the child (``time.perf_counter`` around the import statement), so
interpreter start-up is left out. Bytecode is cached as it is for an installed package: the
children write and read ``.pyc`` files under a temporary ``PYTHONPYCACHEPREFIX`` (the
environment may set ``PYTHONDONTWRITEBYTECODE``, which would make every child compile the
SDK's sources afresh), and an untimed first round fills that cache. One extra
``-X importtime`` run names the modules the SDK adds, by their own import time.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile

from ._report import Detail, Result, at_most, median

__all__ = ["run"]

SDK = "attempts_sdk.testpress"
DEPENDENCIES = "httpx, attrs, cattrs"
TIMED = (
    "import time\nstart = time.perf_counter()\nimport {modules}\nprint(time.perf_counter() - start)"
)


def _environment(cache: str) -> dict[str, str]:
    environment = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    environment["PYTHONPYCACHEPREFIX"] = cache
    return environment


def _child(args: list[str], environment: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args], capture_output=True, text=True, check=True, env=environment
    )


def _seconds(modules: str, environment: dict[str, str]) -> float:
    return float(_child(["-c", TIMED.format(modules=modules)], environment).stdout)


def _self_times(modules: str, environment: dict[str, str]) -> dict[str, int]:
    """Module -> its own import time (µs), from ``-X importtime``."""
    stderr = _child(["-X", "importtime", "-c", f"import {modules}"], environment).stderr
    times: dict[str, int] = {}
    for line in stderr.splitlines():
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        own, _cumulative, name = line.removeprefix("import time:").split("|")
        times[name.strip()] = int(own)
    return times


def run(*, rounds: int) -> list[Result]:
    """``rounds`` interleaved pairs of children (after one untimed pair)."""
    timings: dict[str, list[float]] = {SDK: [], DEPENDENCIES: []}
    with tempfile.TemporaryDirectory(prefix="attempts-sdk-bench-pycache-") as cache:
        environment = _environment(cache)
        for modules in timings:  # fills the bytecode cache
            _seconds(modules, environment)
        for _ in range(rounds):
            for modules, times in timings.items():
                times.append(_seconds(modules, environment))
        sdk_modules = _self_times(SDK, environment)
        dependency_modules = _self_times(DEPENDENCIES, environment)
    added = sorted(
        ((us, name) for name, us in sdk_modules.items() if name not in dependency_modules),
        reverse=True,
    )
    sdk_ms = median(timings[SDK]) * 1000
    dependencies_ms = median(timings[DEPENDENCIES]) * 1000
    details: Detail = {
        "rounds": rounds,
        "modules_added": len(added),
        "slowest_added": [f"{name} {us / 1000:.1f} ms" for us, name in added[:10]],
    }
    return [
        Result("imports.sdk", f"import {SDK}", sdk_ms, "ms"),
        Result("imports.dependencies", f"import {DEPENDENCIES}", dependencies_ms, "ms"),
        at_most(
            "imports.difference",
            f"import: {SDK} minus dependencies",
            sdk_ms - dependencies_ms,
            "ms",
            25.0,
            details,
        ),
    ]
