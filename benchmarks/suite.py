"""The command line: run the benchmarks, print the table and the machine, write the JSON.

``python -m benchmarks`` (``make bench``) runs everything at the sizes of issue 6 (minutes);
``--quick`` runs the same figures on tiny inputs (seconds); ``--only decode,memory`` picks
benchmarks; ``--json PATH`` writes the raw results; ``--check`` exits 1 when a target fails.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from . import decode, export, imports, memory, pagination, request
from ._report import Result, load_average, machine_info, markdown_table

__all__ = ["BENCHMARKS", "Sizes", "main"]


@dataclass(frozen=True)
class Sizes:
    """How big each benchmark runs."""

    decode: Sequence[decode.Size]
    request_rounds: int
    request_calls: int
    pages: int
    latency: float
    pagination_rounds: int
    memory_small: int
    memory_large: int
    import_rounds: int
    export_pages: int
    export_per_page: int
    export_latency: float
    export_rounds: int


FULL = Sizes(
    decode=decode.FULL,
    request_rounds=25,
    request_calls=40,
    pages=50,
    latency=0.020,
    pagination_rounds=5,
    memory_small=2_000,
    memory_large=200_000,
    import_rounds=21,
    export_pages=100,
    export_per_page=200,
    export_latency=0.050,
    export_rounds=7,
)
QUICK = Sizes(
    decode=decode.QUICK,
    request_rounds=3,
    request_calls=5,
    pages=6,
    latency=0.005,
    pagination_rounds=1,
    memory_small=200,
    memory_large=1_000,
    import_rounds=2,
    export_pages=6,
    export_per_page=20,
    export_latency=0.005,
    export_rounds=1,
)

BENCHMARKS: dict[str, Callable[[Sizes], list[Result]]] = {
    "decode": lambda s: decode.run(s.decode),
    "request": lambda s: request.run(rounds=s.request_rounds, calls=s.request_calls),
    "pagination": lambda s: pagination.run(
        pages=s.pages, latency=s.latency, rounds=s.pagination_rounds
    ),
    "memory": lambda s: memory.run(small=s.memory_small, large=s.memory_large),
    "imports": lambda s: imports.run(rounds=s.import_rounds),
    "export": lambda s: export.run(
        pages=s.export_pages,
        per_page=s.export_per_page,
        latency=s.export_latency,
        rounds=s.export_rounds,
    ),
}
"""Each benchmark by name, in the order they run."""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks", description="The performance benchmarks of issue 6."
    )
    parser.add_argument("--quick", action="store_true", help="tiny sizes: seconds, not minutes")
    parser.add_argument("--json", type=Path, metavar="PATH", help="write the raw results here")
    parser.add_argument(
        "--only",
        type=lambda text: [name.strip() for name in text.split(",") if name.strip()],
        default=list(BENCHMARKS),
        metavar="NAMES",
        help=f"comma-separated subset of: {', '.join(BENCHMARKS)}",
    )
    parser.add_argument("--check", action="store_true", help="exit 1 when a target fails")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmarks; the table goes to stdout, progress to stderr."""
    parser = _parser()
    args = parser.parse_args(argv)
    unknown = [name for name in args.only if name not in BENCHMARKS]
    if unknown:
        parser.error(f"unknown benchmark(s): {', '.join(unknown)}")
    sizes = QUICK if args.quick else FULL
    machine = machine_info()
    results: list[Result] = []
    seconds: dict[str, float] = {}
    for name, benchmark in BENCHMARKS.items():
        if name not in args.only:
            continue
        print(f"running {name}...", file=sys.stderr, flush=True)
        start = time.perf_counter()
        results.extend(benchmark(sizes))
        seconds[name] = round(time.perf_counter() - start, 2)
    machine["load_end"] = load_average()
    print(markdown_table(results, machine))
    if args.json is not None:
        report = {
            "quick": args.quick,
            "machine": machine,
            "sizes": {key: value for key, value in vars(sizes).items() if key != "decode"}
            | {"decode": [list(size) for size in sizes.decode]},
            "seconds": seconds,
            "results": [result.as_json() for result in results],
        }
        args.json.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    failed = [r for r in results if r.target is not None and r.passed is not True]
    return 1 if args.check and failed else 0
