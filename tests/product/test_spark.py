"""The Spark data source on one local Spark session (``local[2]``), against the fakes served
on 127.0.0.1: the executors are separate Python processes that reach the fakes over HTTP.

One session serves every test here (a session takes about ten seconds to start); the docs'
samples, when they run first in the same process, create it and this fixture takes it over.
"""

from __future__ import annotations

import json
import os
import re
import sys
import time
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from pyspark.errors import PySparkException
from pyspark.sql import DataFrame, SparkSession
from pyspark.sql.streaming.listener import StreamingQueryProgress
from pyspark.sql.types import DecimalType, DoubleType, TimestampType

from attempts_sdk import PROVIDERS, AttemptsSDKError, AttemptSummary, Provider
from attempts_sdk._models import Model
from attempts_sdk._registry import Window
from attempts_sdk.spark import AttemptsDataSource
from attempts_sdk.spark._plan import mark_of
from attempts_sdk.spark._rows import column_names
from attempts_sdk.testing import FakeAPI, FakeCleverLMS

UTC = timezone.utc
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
DATED = [entry for entry in PROVIDERS.values() if entry.date_filter]
UNDATED = [entry for entry in PROVIDERS.values() if not entry.date_filter]
# the fake the stream test adds attempts to (each fake has its own way to add one)
CLEVERLMS = PROVIDERS["cleverlms"]


@pytest.fixture(scope="session")
def spark() -> Iterator[SparkSession]:
    """The one local Spark session of the test run, with the data source registered."""
    # the workers must run this Python (it has attempts_sdk and pyarrow), on loopback only
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    session = (
        SparkSession.builder.master("local[2]")
        .appName("attempts-sdk-tests")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    session.dataSource.register(AttemptsDataSource)
    yield session
    session.stop()


def credential(fake: FakeAPI) -> str:
    entry = PROVIDERS[fake.provider]
    return str(getattr(fake, entry.fake_credential))


def source_options(fake: FakeAPI, url: str, **options: str) -> dict[str, str]:
    """The options of a read of ``fake`` served at ``url`` (no client-side rate limit: the
    fakes have none)."""
    return {
        "provider": fake.provider,
        "base_url": url,
        "token": credential(fake),
        "rate_limit": "none",
        **options,
    }


def walked(entry: Provider, fake: FakeAPI, url: str) -> dict[str, tuple[Model, AttemptSummary]]:
    """Every attempt the SDK's own export walk returns from ``fake`` served at ``url``, by
    id."""
    client = entry.open_client(base_url=url, credential=credential(fake), rate_limit=None)
    with client:
        return {
            summary.attempt_id: (record, summary)
            for page in entry.walk(client, Window())
            for record, summary in page
        }


def as_dict(progress: StreamingQueryProgress) -> dict[str, Any]:
    """A streaming query's progress as plain JSON values (its ids are UUIDs)."""
    return dict(json.loads(progress.json))


def micros(moment: datetime | None) -> int | None:
    return None if moment is None else (moment - EPOCH) // timedelta(microseconds=1)


def collected(df: DataFrame) -> list[dict[str, Any]]:
    """The rows, with the timestamps as microseconds since the epoch (collect() would give
    naive local times)."""
    extra = [f"unix_micros({name}) AS {name}_us" for name in ("started_at", "ended_at")]
    return [row.asDict() for row in df.selectExpr("*", *extra).collect()]


@pytest.mark.parametrize("entry", DATED, ids=lambda entry: entry.name)
def test_a_batch_read_in_windows_returns_what_the_walk_returns(
    spark: SparkSession, entry: Provider
) -> None:
    fake = entry.new_fake()
    with fake.serve() as url:
        expected = walked(entry, fake, url)
        starts = sorted(s.started_at for _, s in expected.values() if s.started_at)
        since, until = starts[1], starts[-2]  # bounds inside the data: the edges are exercised
        window = Window(since, until)
        seconds = (until - since) // timedelta(seconds=10)  # windows of whole seconds: 10 or 11
        options = source_options(
            fake,
            url,
            since=since.isoformat(),
            until=until.isoformat(),
            partition=f"{seconds}s",
            columns="full",
        )
        df = spark.read.format("attempts").options(**options).load()
        assert df.rdd.getNumPartitions() >= 8
        rows = collected(df)
    ids = [row["attempt_id"] for row in rows]
    assert len(ids) == len(set(ids))
    inside = {key for key, (_, summary) in expected.items() if window.contains(summary.started_at)}
    assert set(ids) == inside
    assert 0 < len(inside) < len(expected)
    for row in rows:
        record, summary = expected[row["attempt_id"]]
        assert json.loads(row["record"]) == json.loads(json.dumps(record.to_dict()))
        assert row["provider"] == entry.name
        assert row["status"] == summary.status.value
        assert row["user"] == summary.user
        assert row["started_at_us"] == micros(summary.started_at)
        assert row["ended_at_us"] == micros(summary.ended_at)
        assert row["percentage"] == (
            None if summary.percentage is None else summary.percentage.quantize(row["percentage"])
        )
        assert row["data_warnings"] == 0


@pytest.mark.parametrize("entry", UNDATED, ids=lambda entry: entry.name)
def test_a_provider_without_a_date_filter_reads_whole_in_one_partition(
    spark: SparkSession, entry: Provider
) -> None:
    fake = entry.new_fake()
    with fake.serve() as url:
        expected = walked(entry, fake, url)
        starts = sorted(s.started_at for _, s in expected.values() if s.started_at)
        window = Window(starts[1], starts[-2])
        options = source_options(
            fake, url, since=starts[1].isoformat(), until=starts[-2].isoformat(), partition="1s"
        )
        df = spark.read.format("attempts").options(**options).load()
        assert df.rdd.getNumPartitions() == 1
        rows = collected(df)
    assert sorted(row["attempt_id"] for row in rows) == sorted(
        key for key, (_, summary) in expected.items() if window.contains(summary.started_at)
    )
    assert tuple(df.columns) == column_names(full=False)
    types = {field.name: field.dataType for field in df.schema.fields}
    assert types["started_at"] == TimestampType()
    assert types["score"] == DecimalType(38, 6)
    assert types["duration"] == DoubleType()


def test_a_restarted_stream_neither_loses_nor_repeats_attempts(
    spark: SparkSession, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fake = CLEVERLMS.new_fake()
    assert isinstance(fake, FakeCleverLMS)
    seeded = {row["id"] for row in fake.attempts}
    since = min(datetime.fromisoformat(row["started_at"]) for row in fake.attempts)
    output, checkpoint = tmp_path / "out", tmp_path / "checkpoint"

    with fake.serve() as url:
        options = source_options(fake, url, since=since.isoformat(), partition="365d")
        stream = spark.readStream.format("attempts").options(**options).load()
        stream.explain(True)

        def run() -> dict[str, Any]:
            query = (
                stream.writeStream.format("parquet")
                .option("path", str(output))
                .option("checkpointLocation", str(checkpoint))
                .trigger(availableNow=True)
                .start()
            )
            try:
                assert query.awaitTermination(120)
                query.explain(True)
                progress = [as_dict(item) for item in query.recentProgress]
                print(json.dumps(progress), query.status)
                return progress[-1]
            finally:
                query.stop()

        def written() -> list[dict[str, Any]]:
            return [row.asDict() for row in spark.read.parquet(str(output)).collect()]

        first = run()
        assert sorted(row["attempt_id"] for row in written()) == sorted(seeded)
        mark = mark_of(first["sources"][0]["endOffset"])
        assert mark <= datetime.now(UTC) - CLEVERLMS.sync_overlap
        # an attempt listed after its window was read, later than the provider's lateness:
        # the stream does not go back for it (a batch read gets it)
        late = fake.add_attempt(started_at=mark - timedelta(minutes=5))
        # an attempt that started after the mark, with two values lenient decoding leaves empty
        started = mark.replace(microsecond=0) + timedelta(seconds=1)
        new = fake.add_attempt(started_at=started, ended_at="yesterday-ish", number="two")
        deadline = time.monotonic() + 5
        while datetime.now(UTC) - CLEVERLMS.sync_overlap <= started and time.monotonic() < deadline:
            time.sleep(0.1)

        run()  # restarted from the checkpoint
        rows = written()

    ids = [row["attempt_id"] for row in rows]
    assert len(ids) == len(set(ids))  # nothing written twice
    assert set(ids) == seeded | {new["id"]}
    assert late["id"] not in ids
    assert next(row for row in rows if row["attempt_id"] == new["id"])["data_warnings"] == 2
    printed = capsys.readouterr().out
    assert "StreamingRelationV2" in printed and "redacted" in printed
    assert credential(fake) not in printed


def test_no_credential_in_the_plans(
    spark: SparkSession, capsys: pytest.CaptureFixture[str]
) -> None:
    fake = DATED[0].new_fake()
    options = source_options(fake, "http://127.0.0.1:9", since="2024-01-01", until="2024-02-01")
    spark.read.format("attempts").options(**options).load().explain(True)
    spark.readStream.format("attempts").options(**options).load().explain(True)
    printed = capsys.readouterr().out
    assert "BatchScan attempts" in printed and "StreamingRelationV2" in printed
    assert credential(fake) not in printed
    assert "http://127.0.0.1:9" not in printed  # base URLs are masked too


def test_a_credential_option_spark_would_print_is_refused(spark: SparkSession) -> None:
    reader = spark.read.format("attempts").option("provider", DATED[0].name)
    with pytest.raises(PySparkException, match="the credential option is 'token'") as caught:
        reader.option("api_key", "k3y-value").load()
    assert "k3y-value" not in str(caught.value)


def test_a_provider_error_fails_the_task_with_the_sdks_message(spark: SparkSession) -> None:
    entry = DATED[0]
    fake = entry.new_fake()
    with fake.serve() as url:
        wrong = entry.open_client(base_url=url, credential="not-the-credential")
        with wrong, pytest.raises(AttemptsSDKError) as expected:
            list(entry.walk(wrong, Window()))
        options = source_options(fake, url, token="not-the-credential", max_retries="0")
        df = spark.read.format("attempts").options(**options).load()
        with pytest.raises(PySparkException, match=re.escape(str(expected.value))) as caught:
            df.collect()
    assert type(expected.value).__name__ in str(caught.value)
    assert "not-the-credential" not in str(caught.value)
