"""Bulk export at the speed of the network: ``attempts-sdk export testpress --concurrency 8``
against 8 threads of raw httpx + orjson over the same pages.

A loopback server in a subprocess (`_paged_server`) answers PAGES pages of PER_PAGE Testpress
admin attempts, each after LATENCY seconds. The CLI runs in this process as a user runs it
(``main([...])``, credentials from the environment, summaries as JSON lines into a file), so
it pays for everything: the first page, the planned concurrent walk, decoding, summaries,
writing. The floor knows the page count beforehand and only fetches and parses: a thread
pool of 8 over ``httpx.Client.get`` + ``orjson.loads``. Each side makes its HTTP client in
the timed round, as a program of its own does (httpx loads its CA bundle then: some 50 ms).
Rounds alternate; the figure is the median of the rounds' ratios.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import httpx
import orjson

from attempts_sdk.cli import main

from ._report import Detail, Result, at_most, interleave, median

__all__ = ["run"]

CONCURRENCY = 8
TOKEN = "bench-admin-token"
PATH = "/api/v2.5/admin/attempts/"


@contextmanager
def paged_server(pages: int, per_page: int, latency: float) -> Iterator[str]:
    """The admin list on 127.0.0.1 from a subprocess; yields its base URL."""
    server = subprocess.Popen(
        [
            sys.executable,
            str(Path(__file__).with_name("_paged_server.py")),
            str(pages),
            str(per_page),
            str(latency),
        ],
        stdout=subprocess.PIPE,
    )
    try:
        assert server.stdout is not None
        yield f"http://127.0.0.1:{int(server.stdout.readline())}"
    finally:
        server.terminate()
        server.wait(timeout=10)
        if server.stdout is not None:
            server.stdout.close()


@contextmanager
def _environment(base_url: str) -> Iterator[None]:
    saved = {name: os.environ.get(name) for name in ("TESTPRESS_BASE_URL", "TESTPRESS_TOKEN")}
    os.environ.update(TESTPRESS_BASE_URL=base_url, TESTPRESS_TOKEN=TOKEN)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def run(*, pages: int, per_page: int, latency: float, rounds: int) -> list[Result]:
    """``rounds`` alternating rounds of the CLI export and the raw floor."""
    with (
        paged_server(pages, per_page, latency) as base_url,
        _environment(base_url),
        tempfile.TemporaryDirectory() as folder,
    ):
        output = Path(folder) / "attempts.jsonl"
        argv = ["export", "testpress", "--concurrency", str(CONCURRENCY), "-o", str(output)]
        urls = [f"{base_url}{PATH}?ordering=date&page={page}" for page in range(1, pages + 1)]
        headers = {"Authorization": f"JWT {TOKEN}"}

        def cli() -> int:
            status = main(argv)
            if status != 0:
                raise RuntimeError(f"the export exited {status}")
            with output.open("rb") as written:
                return sum(1 for _ in written)

        def raw() -> int:
            # as a script of its own would: its client and threads are made in the round,
            # as the CLI makes its own
            with (
                httpx.Client(timeout=httpx.Timeout(30.0, connect=5.0)) as http,
                ThreadPoolExecutor(CONCURRENCY) as pool,
            ):

                def fetch(url: str) -> int:
                    return len(orjson.loads(http.get(url, headers=headers).content)["results"])

                return sum(pool.map(fetch, urls))

        for name, contender in (("cli", cli), ("raw", raw)):
            if contender() != pages * per_page:
                raise AssertionError(f"{name}: not every attempt")
        timings = interleave({"cli": cli, "raw": raw}, rounds, warmup=0)
    ratios = [mine / floor for mine, floor in zip(timings["cli"], timings["raw"], strict=True)]
    label = f"export, {pages} pages of {per_page} at {latency * 1000:g} ms"
    details: Detail = {
        "pages": pages,
        "per_page": per_page,
        "latency_s": latency,
        "concurrency": CONCURRENCY,
        "rounds": rounds,
        "cli_round_seconds": timings["cli"],
        "raw_round_seconds": timings["raw"],
        "round_ratios": ratios,
        "ratio_of_medians": median(timings["cli"]) / median(timings["raw"]),
    }
    return [
        Result(
            "export.cli", f"{label}: CLI --concurrency {CONCURRENCY}", median(timings["cli"]), "s"
        ),
        Result("export.raw", f"{label}: 8 threads of httpx + orjson", median(timings["raw"]), "s"),
        at_most(
            "export.ratio",
            f"{label}: **CLI / raw floor** (median of the rounds' ratios)",
            float(statistics.median(ratios)),
            "x",
            1.3,
            details,
        ),
    ]
