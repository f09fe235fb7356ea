"""``attempts-sdk sync`` (`attempts_sdk.export.sync_attempts`): the DuckDB store, incremental
runs against servers whose data changes, and runs killed midway."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import duckdb
import httpx
import pytest

from attempts_sdk import PROVIDERS, Provider
from attempts_sdk._registry import Window
from attempts_sdk.export import sync_attempts
from attempts_sdk.testing import FakeCleverLMS, FakeTestpress
from attempts_sdk.testpress import TestpressClient
from conftest import PROVIDER_ENV
from support.exporting import run, use_fake

NAMES = tuple(PROVIDERS)


def table(path: Path) -> list[tuple[Any, ...]]:
    """Every row of ``attempts``, ordered."""
    # not read-only: a database left by a killed sync has its last commits in the WAL,
    # which only a read-write connection replays
    with duckdb.connect(str(path)) as db:
        rows: list[tuple[Any, ...]] = db.execute(
            "SELECT * FROM attempts ORDER BY provider, base_url, attempt_id"
        ).fetchall()
    return rows


def fake_ids(entry: Provider, fake: Any) -> list[str]:
    """The attempt ids a full walk of ``fake`` finds."""
    with entry.client_for(fake, credential=entry.fake_credential) as client:
        return sorted(row[1].attempt_id for page in entry.walk(client, Window()) for row in page)


@pytest.mark.parametrize("provider", NAMES)
def test_sync_fake_keeps_every_attempt_once(
    provider: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "attempts.duckdb"
    expected = fake_ids(PROVIDERS[provider], PROVIDERS[provider].new_fake())
    for _ in range(2):
        status, out, err = run(capsys, "sync", provider, "--fake", "--db", str(db))
        assert (status, err) == (0, ""), err
        assert out.startswith(f"{provider}: ") and " attempts written from " in out
    rows = table(db)
    assert sorted(row[2] for row in rows) == expected
    assert {(row[0], row[1]) for row in rows} == {
        (provider, PROVIDERS[provider].new_fake().base_url)
    }
    with duckdb.connect(str(db), read_only=True) as connection:
        types = dict(
            connection.execute(
                "SELECT column_name, data_type FROM "
                "information_schema.columns WHERE table_name = 'attempts'"
            ).fetchall()
        )
        (state,) = connection.execute("SELECT provider, page_size FROM sync_state").fetchall()
    assert types["score"] == "DECIMAL(38,9)" and types["started_at"] == "TIMESTAMP WITH TIME ZONE"
    assert types["duration"] == "INTERVAL" and types["record"] == "JSON"
    assert state[0] == provider and state[1] > 0


class Clock:
    """The Testpress fake's clock: now, moved by hand."""

    def __init__(self) -> None:
        self.now = time.time()

    def __call__(self) -> float:
        return self.now


def test_second_sync_reads_only_what_can_have_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = Clock()
    fake = FakeTestpress(per_page=2, clock=clock)  # 6 seeded attempts of 2024, one running
    student = TestpressClient(base_url=fake.base_url, token=fake.token, transport=fake.transport)
    priya = TestpressClient(
        base_url=fake.base_url, token="fake-testpress-token-priya", transport=fake.transport
    )
    today = student.create_attempt("sample-exam")  # running
    clock.now += 60
    seen = use_fake(monkeypatch, "testpress", fake)
    entry = PROVIDERS["testpress"]

    def sync(db: Path) -> int:
        before = len(seen)
        with entry.client_for(fake, credential=entry.fake_credential) as client:
            sync_attempts("testpress", db, client=client, concurrency=2)
        return len(seen) - before

    db = tmp_path / "attempts.duckdb"
    sync(db)
    first = {row[2]: row for row in table(db)}
    assert len(first) == 7
    running = sorted(key for key, row in first.items() if row[6] == "running")
    assert running == ["125006", str(today.id)]

    # between the runs: both running attempts end, a new one starts
    clock.now += 600
    student.end_attempt(today.id)
    priya.end_attempt(125006)
    newer = student.create_attempt("general-knowledge-quiz")
    clock.now += 30

    second_requests = sync(db)
    second = {row[2]: row for row in table(db)}
    assert len(second) == 8 == len(table(db))  # every attempt once
    assert second["125006"][6] == "completed" and second[str(today.id)][6] == "completed"
    assert second[str(newer.id)][6] == "running"
    assert second["125006"][-1] != first["125006"][-1]  # the record was read again

    clean = tmp_path / "clean.duckdb"
    full_requests = sync(clean)
    assert second_requests < full_requests
    assert table(db) == table(clean)


def test_since_earlier_than_the_table_covers_reads_everything_again(tmp_path: Path) -> None:
    entry = PROVIDERS["cleverlms"]
    fake = FakeCleverLMS(page_size=5)
    db = tmp_path / "a.duckdb"
    with entry.client_for(fake) as client:
        late = sync_attempts(
            "cleverlms", db, client=client, since=datetime(2024, 2, 12, tzinfo=timezone.utc)
        )
        again = sync_attempts(
            "cleverlms", db, client=client, since=datetime(2024, 2, 14, tzinfo=timezone.utc)
        )
        early = sync_attempts("cleverlms", db, client=client)
    assert late.full and early.full
    covered = late.windows[0].since
    assert covered is not None
    assert all(w.since is not None and w.since >= covered for w in again.windows)
    assert len(table(db)) == len(fake.attempts) > late.attempts


def kill_midway(db: Path, env: dict[str, str], calls: Callable[[], int], after: int) -> None:
    """Run ``attempts-sdk sync cleverlms`` in a subprocess and SIGKILL it once the server
    has received ``after`` requests."""
    process = subprocess.Popen(
        [sys.executable, "-m", "attempts_sdk", "sync", "cleverlms", "--db", str(db)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while calls() < after and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.005)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL


@pytest.mark.parametrize("after", [4, 8, 12])
def test_sync_killed_midway_then_run_again_equals_a_clean_sync(
    after: int, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    fake = FakeCleverLMS(page_size=2)  # 27 attempts: 14 pages
    fake.latency = 0.05
    base_url_env, credential_env = PROVIDER_ENV["cleverlms"]
    killed, clean = tmp_path / "killed.duckdb", tmp_path / "clean.duckdb"
    with fake.serve() as base_url:
        env = {**os.environ, base_url_env: base_url, credential_env: fake.token}
        kill_midway(killed, env, lambda: len(fake.calls), after)
        partial = table(killed)
        assert 0 < len(partial) < len(fake.attempts)  # killed midway, pages committed
        monkeypatch.setenv(base_url_env, base_url)
        monkeypatch.setenv(credential_env, fake.token)
        assert run(capsys, "sync", "cleverlms", "--db", str(killed))[0] == 0
        assert run(capsys, "sync", "cleverlms", "--db", str(clean))[0] == 0
    assert table(killed) == table(clean)
    assert len(table(clean)) == len(fake.attempts)


def test_a_directory_is_refused_before_any_request(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    requests = use_fake(monkeypatch, "cleverlms", PROVIDERS["cleverlms"].new_fake())
    status, out, err = run(capsys, "sync", "cleverlms", "--fake", "--db", str(tmp_path))
    assert (status, out, requests) == (2, "", [])
    assert err == f"attempts-sdk: cannot open {tmp_path}: it is a directory\n"


def test_a_file_that_is_no_database_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    other = tmp_path / "notes.duckdb"
    other.write_text("not a database\n")
    status, _, err = run(capsys, "sync", "cleverlms", "--fake", "--db", str(other))
    assert status == 2 and err.startswith(f"attempts-sdk: cannot open {other}: ")
    assert err.count("\n") == 1


def test_sync_without_duckdb_is_a_usage_error_naming_the_extra(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    requests = use_fake(monkeypatch, "cleverlms", PROVIDERS["cleverlms"].new_fake())
    monkeypatch.setitem(sys.modules, "duckdb", None)
    status, _, err = run(capsys, "sync", "cleverlms", "--fake", "--db", str(tmp_path / "a.duckdb"))
    assert (status, requests) == (2, [])
    assert err == (
        "attempts-sdk: sync needs duckdb, which is not installed: "
        "pip install 'attempts-sdk[export]'\n"
    )


def test_sync_arguments(capsys: pytest.CaptureFixture[str]) -> None:
    for argv, complaint in (
        (["sync", "cleverlms", "--fake"], "the following arguments are required: --db"),
        (["sync", "cleverlms", "--db", "x", "--overlap", "soon"], "not a duration"),
        (["sync", "cleverlms", "--db", "x", "--concurrency", "65"], "not a number of pages"),
    ):
        with pytest.raises(SystemExit) as exited:
            run(capsys, *argv)
        assert exited.value.code == 2
        assert complaint in capsys.readouterr().err


def test_a_database_whose_attempts_table_is_another_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    other = tmp_path / "shop.duckdb"
    with duckdb.connect(str(other)) as db:
        db.execute("CREATE TABLE attempts (order_id INTEGER)")
    status, _, err = run(capsys, "sync", "cleverlms", "--fake", "--db", str(other))
    assert status == 2
    assert err == (
        f"attempts-sdk: cannot use {other}: its table attempts has other columns (order_id) "
        "than a sync writes\n"
    )


def test_interrupted_sync_exits_130_and_the_next_one_completes_the_table(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    fake = FakeCleverLMS(page_size=4)
    handle = fake.handle
    answered: list[int] = []

    def interrupted_at_the_fourth(request: httpx.Request) -> httpx.Response:
        answered.append(1)
        if len(answered) == 4:
            raise KeyboardInterrupt
        return handle(request)

    monkeypatch.setattr(fake, "handle", interrupted_at_the_fourth)
    monkeypatch.setattr(Provider, "new_fake", lambda entry: fake)
    db = tmp_path / "a.duckdb"
    status, _, err = run(capsys, "sync", "cleverlms", "--fake", "--db", str(db))
    assert (status, err) == (130, "attempts-sdk: interrupted\n")
    assert 0 < len(table(db)) < len(fake.attempts)
    assert run(capsys, "sync", "cleverlms", "--fake", "--db", str(db))[0] == 0
    assert sorted(row[2] for row in table(db)) == sorted(row["id"] for row in fake.attempts)
