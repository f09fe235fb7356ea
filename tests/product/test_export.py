"""Bulk export (`attempts_sdk.export.export_attempts`, ``attempts-sdk export``): the formats,
Parquet's typed columns, concurrency, and the output rules (devices, FIFOs, symlinks,
directories, odd values)."""

from __future__ import annotations

import io
import itertools
import json
import os
import stat
import subprocess
import sys
import threading
import time
import typing
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from attempts_sdk import PROVIDERS, Provider
from attempts_sdk._models import Model, wire_names
from attempts_sdk.export import SUMMARY_COLUMNS, MissingExtraError, export_attempts
from attempts_sdk.testing import FakeCleverLMS, FakeIndeed
from conftest import PROVIDER_ENV
from support.exporting import run, strict_json_lines, use_fake

NAMES = tuple(PROVIDERS)


def fake_client(entry: Provider, fake: Any = None) -> Any:
    return entry.client_for(fake or entry.new_fake(), credential=entry.fake_credential)


def expected_rows(entry: Provider) -> list[Any]:
    with fake_client(entry) as client:
        return [row for page in entry.walk(client, _everything()) for row in page]


def _everything() -> Any:
    from attempts_sdk._registry import Window

    return Window()


def utc(moment: datetime | date | None) -> datetime | None:
    if moment is None:
        return None
    if not isinstance(moment, datetime):
        return datetime(moment.year, moment.month, moment.day, tzinfo=timezone.utc)
    if moment.utcoffset() is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc)


# --- Parquet


@pytest.mark.parametrize("provider", NAMES)
def test_parquet_summaries_have_typed_columns(provider: str, tmp_path: Path) -> None:
    entry = PROVIDERS[provider]
    target = tmp_path / "attempts.parquet"
    with fake_client(entry) as client:
        result = export_attempts(provider, target, format="parquet", client=client)
    table = pq.read_table(target)
    money = pa.decimal128(38, 9)
    assert table.schema.names == list(SUMMARY_COLUMNS)
    types = {field.name: field.type for field in table.schema}
    assert types["attempt_id"] == pa.string()
    assert types["status"] == pa.string()
    assert types["score"] == types["max_score"] == types["percentage"] == money
    assert types["passed"] == pa.bool_()
    assert types["started_at"] == types["ended_at"] == pa.timestamp("us", tz="UTC")
    assert types["duration"] == pa.duration("us")
    summaries = [summary for _, summary in expected_rows(entry)]
    assert result.attempts == table.num_rows == len(summaries) > 0
    for row, summary in zip(table.to_pylist(), summaries, strict=True):
        assert row["attempt_id"] == summary.attempt_id
        assert row["status"] == summary.status.value
        for column in ("score", "max_score", "percentage"):
            value = getattr(summary, column)
            assert row[column] == value and (value is None or isinstance(row[column], Decimal))
        assert row["started_at"] == utc(summary.started_at)
        assert row["ended_at"] == utc(summary.ended_at)
        assert row["duration"] == summary.duration
        assert row["passed"] == summary.passed


def _expected_type(hint: Any) -> Any:
    """The Arrow type a field's annotation promises (None: free-form, a JSON string)."""
    kinds = [arg for arg in typing.get_args(hint) or (hint,) if arg is not type(None)]
    if typing.get_origin(hint) is list:
        return "list"
    if len(kinds) != 1:
        return pa.string()
    kind = kinds[0]
    if typing.get_origin(kind) is list:
        return "list"
    return {
        datetime: pa.timestamp("us", tz="UTC"),
        timedelta: pa.duration("us"),
        Decimal: pa.decimal128(38, 9),
        bool: pa.bool_(),
        int: pa.int64(),
        float: pa.float64(),
        str: pa.string(),
    }.get(kind, "struct" if isinstance(kind, type) and issubclass(kind, Model) else None)


@pytest.mark.parametrize("provider", NAMES)
def test_parquet_full_records_are_typed_nested_columns(provider: str, tmp_path: Path) -> None:
    entry = PROVIDERS[provider]
    target = tmp_path / "records.parquet"
    with fake_client(entry) as client:
        export_attempts(provider, target, format="parquet", full=True, client=client)
    table = pq.read_table(target)
    records = [record for record, _ in expected_rows(entry)]
    model = type(records[0])
    hints = typing.get_type_hints(model)
    names = wire_names(model)
    assert table.schema.names == [*names.values(), "_extra"]
    checked = 0
    for attribute, wire in names.items():
        arrow_type = table.schema.field(wire).type
        expected = _expected_type(hints[attribute])
        if expected == "struct":
            assert pa.types.is_struct(arrow_type), wire
            assert arrow_type.field("_extra").type == pa.string()
        elif expected == "list":
            assert pa.types.is_list(arrow_type) or arrow_type == pa.string(), wire
        elif expected is not None:
            assert arrow_type == expected, (wire, arrow_type, expected)
            checked += 1
    assert checked >= 3
    rows = table.to_pylist()
    assert len(rows) == len(records)
    for row, record in zip(rows, records, strict=True):
        for attribute, wire in names.items():
            value = getattr(record, attribute)
            if isinstance(value, (datetime, date)):
                assert row[wire] == utc(value), wire
            elif isinstance(value, (int, str, Decimal, timedelta)) and not isinstance(value, bool):
                assert row[wire] == value, wire
        raw = {**record.invalid, **record.extra}
        assert (json.loads(row["_extra"]) if row["_extra"] else {}) == raw


def test_parquet_values_that_do_not_fit_are_empty_with_a_warning_and_kept_raw(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    fake = FakeCleverLMS(seed=False)
    fake.add_attempt(id="big", points=10**20, percent=10**30)
    use_fake(monkeypatch, "cleverlms", fake)
    target = tmp_path / "a.parquet"
    status, _, err = run(
        capsys, "export", "cleverlms", "--fake", "--format", "parquet", "-o", str(target)
    )
    assert status == 0
    (row,) = pq.read_table(target).to_pylist()
    assert row["score"] == 10**20 and row["percentage"] is None  # 29 digits before the point
    assert "1 value could not be parsed" in err and "does not fit its column" in err
    status, _, _ = run(
        capsys, "export", "cleverlms", "--fake", "--full", "--format", "parquet", "-o", str(target)
    )
    (record,) = pq.read_table(target).to_pylist()
    assert record["points"] is None and record["percent"] is None  # beyond 64 bits
    assert json.loads(record["_extra"]) == {"points": 10**20, "percent": 10**30}


def test_parquet_without_pyarrow_is_a_usage_error_naming_the_extra(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    requests = use_fake(monkeypatch, "cleverlms", FakeCleverLMS())
    monkeypatch.setitem(sys.modules, "pyarrow", None)  # import pyarrow raises ImportError
    status, out, err = run(capsys, "export", "cleverlms", "--fake", "--format", "parquet")
    assert (status, out, requests) == (2, "", [])
    assert err == (
        "attempts-sdk: --format parquet needs pyarrow, which is not installed: "
        "pip install 'attempts-sdk[export]'\n"
    )
    with pytest.raises(MissingExtraError):
        export_attempts("cleverlms", io.BytesIO(), format="parquet")


def test_parquet_goes_to_a_pipe(capsys: pytest.CaptureFixture[str]) -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "attempts_sdk",
            "export",
            "cleverlms",
            "--fake",
            "--format",
            "parquet",
        ],
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    table = pq.read_table(pa.BufferReader(done.stdout))
    assert table.num_rows == len(FakeCleverLMS().attempts)


# --- concurrency


def test_concurrent_export_keeps_the_order_and_overlaps_requests(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    sequential = run(capsys, "export", "indeed", "--fake", "--concurrency", "1")
    fake = FakeIndeed(page_size=1)  # 13 pages, planned from meta.pages
    fake.latency = 0.05
    in_flight, most = [0], [0]
    lock = threading.Lock()
    handle = fake.handle

    def counting(request: httpx.Request) -> httpx.Response:
        with lock:
            in_flight[0] += 1
            most[0] = max(most[0], in_flight[0])
        time.sleep(0.05)
        with lock:
            in_flight[0] -= 1
        return handle(request)

    monkeypatch.setattr(fake, "handle", counting)
    monkeypatch.setattr(Provider, "new_fake", lambda entry: fake)
    concurrent = run(capsys, "export", "indeed", "--fake", "--concurrency", "4")
    assert concurrent == sequential
    assert concurrent[0] == 0
    assert most[0] == 4


def test_indeed_keeps_one_request_a_second_at_any_concurrency(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    entry = PROVIDERS["indeed"]
    make: Any = entry.fake
    fake = make(page_size=5)  # 13 assignments: 3 pages
    times: list[float] = []
    handle = fake.handle

    def timed(request: httpx.Request) -> httpx.Response:
        times.append(time.monotonic())
        response: httpx.Response = handle(request)
        return response

    monkeypatch.setattr(fake, "handle", timed)
    base_url_env, credential_env = PROVIDER_ENV["indeed"]
    with fake.serve() as base_url:
        monkeypatch.setenv(base_url_env, base_url)
        monkeypatch.setenv(credential_env, fake.api_key)
        status, out, _ = run(capsys, "export", "indeed", "--concurrency", "8")
    assert status == 0
    assert len(out.splitlines()) == len(fake.attempts)
    assert len(times) == 3
    gaps = [later - earlier for earlier, later in itertools.pairwise(times)]
    assert min(gaps) >= 0.9, gaps


# --- the output (issue 12)


def test_a_device_node_is_written_in_place_not_replaced(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    node = tmp_path / "null"
    try:
        os.mknod(node, 0o666 | stat.S_IFCHR, os.makedev(1, 3))  # what /dev/null is
    except PermissionError:
        pytest.skip("mknod is refused here")
    before = node.lstat()
    status, out, err = run(capsys, "export", "cleverlms", "--fake", "-o", str(node))
    assert (status, out, err) == (0, "", "")
    after = node.lstat()
    assert stat.S_ISCHR(after.st_mode) and after.st_rdev == before.st_rdev
    assert (after.st_ino, after.st_mode) == (before.st_ino, before.st_mode)
    assert [path.name for path in tmp_path.iterdir()] == ["null"]


def test_a_fifo_gets_the_export(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    status, _, err = run(capsys, "export", "cleverlms", "--fake", "--full", "-o", str(fifo))
    reader.join(timeout=30)
    assert (status, err) == (0, "")
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    assert len(strict_json_lines(received[0])) == len(FakeCleverLMS().attempts)


@pytest.mark.parametrize("redirect", ["pipe", "file"])
def test_dev_stdout_is_written_in_place(redirect: str, tmp_path: Path) -> None:
    argv = [sys.executable, "-m", "attempts_sdk", "export", "cleverlms", "--fake"]
    if redirect == "pipe":
        done = subprocess.run(
            [*argv, "-o", "/dev/stdout"], capture_output=True, timeout=120, check=False
        )
        written = done.stdout
    else:
        target = tmp_path / "out.jsonl"
        with target.open("wb") as out:
            done = subprocess.run(
                [*argv, "-o", "/dev/stdout"], stdout=out, stderr=subprocess.PIPE, timeout=120
            )
        written = target.read_bytes()
        assert [path.name for path in tmp_path.iterdir()] == ["out.jsonl"]
    assert done.returncode == 0, done.stderr
    assert len(strict_json_lines(written)) == len(FakeCleverLMS().attempts)


def test_a_symlink_stays_a_symlink_and_its_target_gets_the_export(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "data"
    data.mkdir()
    target = data / "attempts.csv"
    target.write_text("old\n")
    target.chmod(0o640)
    link = tmp_path / "latest.csv"
    link.symlink_to(target)
    status, _, _ = run(capsys, "export", "cleverlms", "--fake", "--format", "csv", "-o", str(link))
    assert status == 0
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert len(target.read_text().splitlines()) == len(FakeCleverLMS().attempts) + 1
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert sorted(path.name for path in data.iterdir()) == ["attempts.csv"]  # no temp left
    dangling = tmp_path / "next.csv"
    dangling.symlink_to(data / "new.csv")
    assert run(capsys, "export", "cleverlms", "--fake", "-o", str(dangling))[0] == 0
    assert dangling.is_symlink() and (data / "new.csv").is_file()


def test_a_directory_is_refused_before_any_request(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    requests = use_fake(monkeypatch, "cleverlms", FakeCleverLMS())
    status, out, err = run(capsys, "export", "cleverlms", "--fake", "-o", str(tmp_path))
    assert (status, out, requests) == (2, "", [])
    assert err == f"attempts-sdk: cannot write {tmp_path}: it is a directory\n"


def odd_fake() -> FakeCleverLMS:
    """Records holding what JSON cannot say: NaN and Infinity in raw values the model keeps,
    lone surrogates in strings (the fake's JSON writes them as escapes, which Python's
    parser accepts)."""
    fake = FakeCleverLMS(seed=False)
    fake.add_attempt(id="odd-1", login="ann\udc80", weight=float("nan"), note="x\ud800y")
    fake.add_attempt(id="odd-2", number=float("inf"), bonus=[float("-inf"), 1.5])
    return fake


@pytest.mark.filterwarnings("ignore::attempts_sdk.DataWarning")
@pytest.mark.parametrize("full", [False, True])
def test_nan_and_lone_surrogates_give_valid_json_lines(
    full: bool, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    use_fake(monkeypatch, "cleverlms", odd_fake())
    out = io.BytesIO()
    with PROVIDERS["cleverlms"].client_for(odd_fake()) as client:
        export_attempts("cleverlms", out, full=full, client=client)
    first, second = strict_json_lines(out.getvalue())
    if full:
        assert first["login"] == "ann\udc80" and first["note"] == "x\ud800y"
        assert first["weight"] is None  # NaN: null
        assert second["number"] is None and second["bonus"] == [None, 1.5]
        assert b"\\udc80" in out.getvalue()
    else:
        assert first["user"] == "ann\udc80"
    status, _, err = run(capsys, "export", "cleverlms", "--fake", "--format", "csv")
    assert status == 0 and "Traceback" not in err


def test_lone_surrogates_in_csv_and_parquet_are_escaped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    use_fake(monkeypatch, "cleverlms", odd_fake())
    csv_file, parquet_file = tmp_path / "a.csv", tmp_path / "a.parquet"
    assert (
        run(capsys, "export", "cleverlms", "--fake", "--format", "csv", "-o", str(csv_file))[0] == 0
    )
    assert "ann\\udc80" in csv_file.read_text(encoding="utf-8")
    argv = ["export", "cleverlms", "--fake", "--format", "parquet", "--full", "-o"]
    assert run(capsys, *argv, str(parquet_file))[0] == 0
    first = pq.read_table(parquet_file).to_pylist()[0]
    assert first["login"] == "ann\\udc80"
    assert json.loads(first["_extra"]) == {"weight": None, "note": "x\ud800y"}


def test_export_attempts_from_python(tmp_path: Path) -> None:
    entry = PROVIDERS["cleverlms"]
    since = datetime(2024, 2, 12, tzinfo=timezone.utc)
    with fake_client(entry, FakeCleverLMS(page_size=5)) as client:
        result = export_attempts(
            "cleverlms", tmp_path / "a.jsonl", since=since, concurrency=2, client=client
        )
    lines = strict_json_lines((tmp_path / "a.jsonl").read_bytes())
    expected = [
        row
        for row in FakeCleverLMS().attempts
        if datetime.fromisoformat(row["started_at"]) >= since
    ]
    assert result.attempts == len(lines) == len(expected) > 0
    assert result.pages >= 2
    assert sorted(line["attempt_id"] for line in lines) == sorted(row["id"] for row in expected)
    with pytest.raises(ValueError, match="concurrency must be between 1 and 64"):
        export_attempts("cleverlms", io.BytesIO(), concurrency=0)
    with pytest.raises(ValueError, match="no common columns"):
        export_attempts("cleverlms", io.BytesIO(), format="csv", full=True)


@pytest.mark.parametrize("full", [False, True])
@pytest.mark.parametrize("provider", NAMES)
def test_fake_parquet_export_from_the_command_line(
    provider: str, full: bool, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "out.parquet"
    argv = ["export", provider, "--fake", "--format", "parquet", "-o", str(target)]
    status, out, err = run(capsys, *argv, *(["--full"] if full else []))
    assert (status, out, err) == (0, "", "")
    assert pq.read_table(target).num_rows == len(expected_rows(PROVIDERS[provider])) > 0
