"""The benchmark suite (``benchmarks/``): a ``--quick`` run reports every figure as a number,
in the table and in the JSON; the data it measures is realistic; its decoder check catches a
decoder that reads a different value. No timing is asserted."""

from __future__ import annotations

import contextlib
import io
import json
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]

EXPECTED_IDS = {
    *(
        f"decode.{size}.{name}"
        for size in ("small", "large")
        for name in ("sdk", "orjson", "pydantic", "msgspec", "sdk_vs_pydantic", "sdk_vs_orjson")
    ),
    "request.sdk",
    "request.raw",
    "request.ratio",
    *(
        f"pagination.{driver}.{name}"
        for driver in ("sync", "async")
        for name in ("sequential", "concurrent", "speedup")
    ),
    "memory.small",
    "memory.large",
    "memory.ratio",
    "imports.sdk",
    "imports.dependencies",
    "imports.difference",
    "export.cli",
    "export.raw",
    "export.ratio",
}
TARGETED = {
    "decode.small.sdk_vs_pydantic": "≤ 1",
    "decode.large.sdk_vs_pydantic": "≤ 1",
    "decode.small.sdk_vs_orjson": "≤ 3",
    "decode.large.sdk_vs_orjson": "≤ 3",
    "request.ratio": "≤ 1.1",
    "pagination.sync.speedup": "≥ 5",
    "pagination.async.speedup": "≥ 5",
    "memory.ratio": "≤ 2",
    "imports.difference": "≤ 25",
    "export.ratio": "≤ 1.3",
}


@pytest.fixture(scope="module")
def benchmarks_importable() -> Iterator[None]:
    """``benchmarks`` is a top-level package of the repository, not of the installed SDK."""
    with pytest.MonkeyPatch.context() as patch:
        patch.syspath_prepend(str(ROOT))
        yield


@dataclass
class QuickRun:
    exit_code: int
    table: str
    report: dict[str, Any]

    @property
    def results(self) -> dict[str, dict[str, Any]]:
        return {row["id"]: row for row in self.report["results"]}


@pytest.fixture(scope="module")
def quick_run(benchmarks_importable: None, tmp_path_factory: pytest.TempPathFactory) -> QuickRun:
    from benchmarks.suite import main

    path = tmp_path_factory.mktemp("bench") / "results.json"
    stdout = io.StringIO()
    with contextlib.redirect_stdout(stdout):
        exit_code = main(["--quick", "--json", str(path)])
    return QuickRun(exit_code, stdout.getvalue(), json.loads(path.read_text()))


def test_quick_run_reports_every_benchmark_as_a_number(quick_run: QuickRun) -> None:
    assert quick_run.exit_code == 0
    assert quick_run.report["quick"] is True
    assert set(quick_run.results) == EXPECTED_IDS
    for key, row in quick_run.results.items():
        value = row["value"]
        assert isinstance(value, (int, float)) and not isinstance(value, bool), (key, row)
        assert math.isfinite(value), key
    assert set(quick_run.report["seconds"]) == {
        "decode",
        "request",
        "pagination",
        "memory",
        "imports",
        "export",
    }


def test_quick_run_judges_every_target(quick_run: QuickRun) -> None:
    for key, row in quick_run.results.items():
        if key in TARGETED:
            assert row["target"] == TARGETED[key]
            assert isinstance(row["passed"], bool), key
        else:
            assert row["target"] is None and row["passed"] is None, key
    ratio = quick_run.results["decode.small.sdk_vs_pydantic"]
    sdk = quick_run.results["decode.small.sdk"]["value"]
    pydantic = quick_run.results["decode.small.pydantic"]["value"]
    assert ratio["details"]["ratio_of_medians"] == pytest.approx(sdk / pydantic)
    rounds = zip(
        quick_run.results["decode.small.sdk"]["details"]["round_seconds"],
        quick_run.results["decode.small.pydantic"]["details"]["round_seconds"],
        strict=True,
    )
    per_round = sorted(mine / theirs for mine, theirs in rounds)
    assert per_round[0] <= ratio["value"] <= per_round[-1]  # the median of the rounds' ratios
    assert ratio["passed"] is (ratio["value"] <= 1.0)
    memory = quick_run.results["memory.ratio"]["details"]
    assert memory["large_items"] == 1_000 and memory["small_items"] == 200


def test_quick_run_prints_a_table_row_per_result(quick_run: QuickRun) -> None:
    lines = quick_run.table.splitlines()
    assert lines[0] == "| benchmark | measured | target | pass/fail |"
    rows = [line for line in lines[2:] if line.startswith("| ")]
    assert len(rows) == len(EXPECTED_IDS)
    names = [row["name"] for row in quick_run.report["results"]]
    for row, name in zip(rows, names, strict=True):
        cells = [cell.strip() for cell in row.strip("|").split("|")]
        assert cells[0] == name
        assert re.match(r"^-?[\d,]+(\.\d+)?( |x)", cells[1]), row
        assert cells[3] in ("pass", "**fail**", "—"), row
    machine = quick_run.report["machine"]
    for key in ("cpu", "cores", "python", "os", "attempts-sdk", "pydantic", "msgspec", "orjson"):
        assert machine[key], key
    assert lines[-1].startswith("Machine: cpu ")
    assert f"python {machine['python']}" in lines[-1]


def test_attempts_are_deterministic_and_realistic(benchmarks_importable: None) -> None:
    from benchmarks import _data

    records = _data.attempts(300)
    assert records == _data.attempts(300)
    assert records[7] == _data.attempt(7)
    assert records[0]["id"] == _data.BASE_ID and records[299]["id"] == _data.BASE_ID - 299
    for record in records:
        exam = record["exam"]
        assert isinstance(exam, dict)
        for moment in (record["date"], exam["created"]):
            assert isinstance(moment, str)
            assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", moment)
        assert isinstance(exam["start_date"], str) and exam["start_date"].endswith("+05:30")
        assert isinstance(record["last_started_time"], str)
        datetime.fromisoformat(record["last_started_time"])
        for duration in (record["time_taken"], record["remaining_time"], exam["duration"]):
            assert isinstance(duration, str) and re.fullmatch(r"\d+:[0-5]\d:[0-5]\d", duration)
        assert isinstance(record["score"], str) and Decimal(record["score"]) >= -1000
        assert record["state"] in ("Completed", "Running")
    assert {r["state"] for r in records} == {"Completed", "Running"}
    assert any(str(r["last_started_time"]).endswith("+05:30") for r in records)
    # repeated values, as in a real export, next to distinct ones
    assert len({r["time_taken"] for r in records}) < len(records)
    assert len({str(r["exam"]) for r in records}) < 40
    assert len({r["date"] for r in records}) == len(records)


def test_pages_link_to_each_other_as_drf_does(benchmarks_importable: None) -> None:
    from benchmarks import _data

    first = json.loads(_data.page_bytes(1, per_page=20, count=50))
    last = json.loads(_data.page_bytes(3, per_page=20, count=50))
    assert first["count"] == 50 and first["per_page"] == 20 and first["previous"] is None
    assert first["next"] == f"{_data.BASE_URL}/api/v2.2/attempts/?page=2"
    assert [r["id"] for r in first["results"]] == [_data.BASE_ID - i for i in range(20)]
    assert last["next"] is None and last["previous"].endswith("?page=2")
    assert [r["id"] for r in last["results"]] == [_data.BASE_ID - i for i in range(40, 50)]


def test_decoder_check_catches_a_peer_that_reads_another_value(
    benchmarks_importable: None,
) -> None:
    from benchmarks import _data, decode
    from benchmarks._peers import PydanticPage

    records = _data.attempts(5)
    body = _data.page_body(records, page=1, per_page=5, count=5)
    decode.verify(records, body)  # the real decoders agree
    with decode.mock_client(body) as client:
        sdk = list(client.list_attempts())
    peer = PydanticPage.model_validate_json(body).results[2]
    decode.assert_same(sdk[2], peer, "results[2]")
    assert sdk[2].time_taken is not None and sdk[2].exam is not None
    wrong = [
        peer.model_copy(update={"time_taken": sdk[2].time_taken + timedelta(seconds=1)}),
        peer.model_copy(update={"score": str(sdk[2].score)}),  # right text, wrong type
        peer.model_copy(
            update={"exam": peer.exam.model_copy(update={"title": "x"}) if peer.exam else None}
        ),
    ]
    for copy in wrong:
        with pytest.raises(decode.Mismatch, match=r"results\[2\]\.(time_taken|score|exam\.title)"):
            decode.assert_same(sdk[2], copy, "results[2]")


def test_unknown_benchmark_is_refused(
    benchmarks_importable: None, capsys: pytest.CaptureFixture[str]
) -> None:
    from benchmarks.suite import main

    with pytest.raises(SystemExit) as exit_info:
        main(["--quick", "--only", "decode,speed"])
    assert exit_info.value.code == 2
    assert "unknown benchmark(s): speed" in capsys.readouterr().err
