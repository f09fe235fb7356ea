"""The Spark data source's decisions, without a Spark session: options, partition planning,
stream offsets, and reading one partition (on the served fakes, in this process)."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st
from pyspark.sql.types import StructType

from attempts_sdk import PROVIDERS, AttemptSummary, AuthenticationError, ConfigurationError
from attempts_sdk._registry import Window
from attempts_sdk.spark import _source
from attempts_sdk.spark._options import ReadOptions, parse_options
from attempts_sdk.spark._plan import (
    MAX_PARTITIONS,
    Span,
    batch_spans,
    latest_mark,
    mark_of,
    offset,
    split,
    stream_spans,
)
from attempts_sdk.spark._read import read_span
from attempts_sdk.spark._rows import SUMMARY_TYPES, column_names, spark_schema, to_row
from attempts_sdk.testing import FakeAPI, FakeCleverLMS

UTC = timezone.utc
T0 = datetime(2024, 3, 1, tzinfo=UTC)
DATED = [entry for entry in PROVIDERS.values() if entry.date_filter]
UNDATED = [entry for entry in PROVIDERS.values() if not entry.date_filter]
# the one fake used where a test needs to add attempts with chosen values
CLEVERLMS = PROVIDERS["cleverlms"]


def options(**values: str) -> ReadOptions:
    return parse_options({"provider": DATED[0].name, **values})


# --- options


def test_options_have_defaults_and_the_providers_lateness() -> None:
    for entry in PROVIDERS.values():
        parsed = parse_options({"provider": entry.name})
        assert parsed.partition == timedelta(days=7)
        assert parsed.columns == "summary"
        assert parsed.lateness == entry.sync_overlap
        assert parsed.since is None and parsed.until is None
        assert parsed.credential is None and parsed.base_url is None


def test_options_are_parsed() -> None:
    parsed = parse_options(
        {
            "Provider": DATED[0].name,
            "since": "2024-03-01",
            "until": "2024-03-31",
            "partition": "12h",
            "columns": "FULL",
            "lateness": "1.5h",
            "rate_limit": "none",
            "max_retries": "5",
            "timeout": "2.5",
            "token": "t0k3n-value",
        }
    )
    assert parsed.since == T0
    assert parsed.until == datetime(2024, 3, 31, 23, 59, 59, 999999, tzinfo=UTC)  # the whole day
    assert parsed.partition == timedelta(hours=12)
    assert parsed.columns == "full"
    assert parsed.lateness == timedelta(minutes=90)
    assert dict(parsed.client_options) == {"rate_limit": None, "max_retries": 5, "timeout": 2.5}
    assert parsed.credential == "t0k3n-value"
    assert "t0k3n-value" not in repr(parsed)


def test_timestamps_without_an_offset_are_utc_and_offsets_are_kept() -> None:
    parsed = options(since="2024-03-01T09:30:00", until="2024-03-01T18:00:00+05:30")
    assert parsed.since == datetime(2024, 3, 1, 9, 30, tzinfo=UTC)
    assert parsed.until == datetime(2024, 3, 1, 12, 30, tzinfo=UTC)
    assert options(since="2024-03-01T00:00:00Z").since == T0


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"provider": "nope"}, "unknown provider 'nope'"),
        ({"provider": ""}, "option 'provider' is required"),
        ({"provider": DATED[0].name, "colums": "full"}, "unknown option 'colums'"),
        ({"provider": DATED[0].name, "columns": "all"}, "columns must be summary or full"),
        ({"provider": DATED[0].name, "partition": "7 days"}, "partition must be a number"),
        ({"provider": DATED[0].name, "partition": "0d"}, "partition must be longer than 0"),
        ({"provider": DATED[0].name, "partition": "9" * 400 + "w"}, "partition is too long"),
        ({"provider": DATED[0].name, "since": "March"}, "since must be an ISO 8601"),
        ({"provider": DATED[0].name, "since": "2024-03-02", "until": "2024-03-01"}, "after"),
        ({"provider": DATED[0].name, "rate_limit": "-1"}, "rate_limit must be a number"),
        ({"provider": DATED[0].name, "max_retries": "many"}, "max_retries must be a count"),
    ],
)
def test_bad_options_are_refused_clearly(values: dict[str, str], message: str) -> None:
    with pytest.raises(ConfigurationError, match=message):
        parse_options(values)


@pytest.mark.parametrize("name", ["api_key", "API_KEY", "credential", "secret"])
def test_a_credential_under_a_name_spark_would_print_is_refused(name: str) -> None:
    with pytest.raises(ConfigurationError) as caught:
        parse_options({"provider": DATED[0].name, name: "k3y-value"})
    assert "the credential option is 'token'" in str(caught.value)
    assert "k3y-value" not in str(caught.value)


# --- windows


def test_split_makes_half_open_windows_and_closes_the_last() -> None:
    spans = split(T0, T0 + timedelta(days=3, hours=1), timedelta(days=1), closed=True)
    assert [span.since for span in spans] == [T0 + timedelta(days=day) for day in range(4)]
    assert spans[-1].until == T0 + timedelta(days=3, hours=1)
    assert [span.closed for span in spans] == [False, False, False, True]
    edge = T0 + timedelta(days=1)
    assert [span.contains(edge) for span in spans] == [False, True, False, False]
    assert spans[-1].contains(spans[-1].until)
    assert split(T0, T0, timedelta(days=1), closed=True) == [Span(T0, T0, closed=True)]
    assert split(T0, T0, timedelta(days=1), closed=False) == []


@given(
    start=st.integers(0, 10**6),
    length=st.integers(1, 10**4),
    windows=st.integers(0, 40),
    rest=st.floats(0, 1),
    moment=st.integers(-10, 10**6),
)
def test_every_moment_of_the_range_is_in_exactly_one_window(
    start: int, length: int, windows: int, rest: float, moment: int
) -> None:
    since = T0 + timedelta(seconds=start)
    until = since + timedelta(seconds=length * (windows + rest))
    spans = split(since, until, timedelta(seconds=length), closed=True)
    at = since + (until - since) * moment / 10**6 if moment >= 0 else since + timedelta(moment)
    owners = [span for span in spans if span.contains(at)]
    assert len(owners) == (1 if since <= at <= until else 0)
    edges = [span.since for span in spans if span.since is not None]
    assert all(sum(span.contains(edge) for span in spans) == 1 for edge in edges)


def test_too_many_windows_are_refused() -> None:
    with pytest.raises(ConfigurationError, match=f"at most {MAX_PARTITIONS}"):
        split(T0, T0 + timedelta(days=MAX_PARTITIONS + 1), timedelta(days=1), closed=True)


def test_a_span_with_bounds_leaves_out_unknown_and_naive_starts() -> None:
    assert Span(None, None).contains(None)
    assert not Span(T0, None).contains(None)
    assert not Span(T0, None).contains(datetime(2024, 3, 2))
    assert Span(T0, T0 + timedelta(days=1)).window() == Window(T0, T0 + timedelta(days=1))


def test_batch_windows() -> None:
    day = timedelta(days=1)
    ranged = options(since="2024-03-01", until="2024-03-10", partition="1d")
    spans = batch_spans(ranged, date_filter=True, now=T0)
    assert len(spans) == 10 and spans[-1].closed and spans[-1].until == ranged.until
    # no date filter: the walk reads everything anyway, once
    assert batch_spans(ranged, date_filter=False, now=T0) == [
        Span(ranged.since, ranged.until, closed=True)
    ]
    # no since: nothing to split
    assert batch_spans(options(until="2024-03-10"), date_filter=True, now=T0) == [
        Span(None, ranged.until, closed=True)
    ]
    # no until: up to now, and the last window stays open for what starts meanwhile
    open_ended = batch_spans(
        options(since="2024-03-01", partition="1d"), date_filter=True, now=T0 + 2.5 * day
    )
    assert [(span.since, span.until) for span in open_ended] == [
        (T0, T0 + day),
        (T0 + day, T0 + 2 * day),
        (T0 + 2 * day, None),
    ]
    assert batch_spans(options(since="2024-03-01"), date_filter=True, now=T0 - day) == [
        Span(T0, None)
    ]


def test_stream_windows() -> None:
    parsed = options(partition="1d")
    end = T0 + timedelta(days=2, hours=3)
    spans = stream_spans(T0, end, parsed, date_filter=True)
    assert len(spans) == 3 and not any(span.closed for span in spans)
    assert stream_spans(T0, end, parsed, date_filter=False) == [Span(T0, end)]
    assert stream_spans(end, end, parsed, date_filter=True) == []
    assert stream_spans(end, T0, parsed, date_filter=True) == []


# --- stream offsets


def test_offsets_are_time_marks() -> None:
    mark = datetime(2024, 3, 1, 12, tzinfo=timezone(timedelta(hours=5, minutes=30)))
    assert offset(mark) == {"started_before": "2024-03-01T06:30:00.000000+00:00"}
    assert mark_of(offset(mark)) == mark
    for bad in ({}, {"started_before": "soon"}, {"started_before": "2024-03-01T00:00:00"}):
        with pytest.raises(ConfigurationError, match="offset"):
            mark_of(bad)


def test_the_latest_mark_leaves_room_for_late_attempts() -> None:
    parsed = options(lateness="1h", until="2024-03-01T05:00:00Z")
    now = T0 + timedelta(hours=3)
    assert latest_mark(parsed, now, floor=T0) == T0 + timedelta(hours=2)
    assert latest_mark(parsed, T0, floor=T0) == T0  # never before where the stream stands
    # past until, the stream stops after its last microsecond
    past = latest_mark(parsed, now + timedelta(days=1), floor=T0)
    assert past == datetime(2024, 3, 1, 5, 0, 0, 1, tzinfo=UTC)


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> list[datetime]:
    """The stream reader's clock: set ``clock[0]``."""
    now = [T0]
    monkeypatch.setattr(_source, "_now", lambda: now[0])
    return now


def test_the_stream_reader_moves_its_offsets_with_the_clock(clock: list[datetime]) -> None:
    reader = _source._StreamReader(options(since="2024-02-01", lateness="1h", partition="10d"))
    start = reader.initialOffset()
    assert mark_of(start) == datetime(2024, 2, 1, tzinfo=UTC)
    latest = reader.latestOffset()  # Spark 4.0 and 4.1 pass nothing
    assert mark_of(latest) == T0 - timedelta(hours=1)
    assert len(reader.partitions(start, latest)) == 3
    assert reader.partitions(latest, latest) == []
    clock[0] = T0 - timedelta(days=1)  # the clock goes back: the offsets do not
    assert reader.latestOffset() == latest
    clock[0] = T0 + timedelta(hours=1)
    ahead = offset(T0 + timedelta(days=1))  # Spark 4.2+ passes where the query stands
    assert reader.latestOffset(ahead, None) == ahead


def test_available_now_stops_at_the_mark_it_was_started_with(clock: list[datetime]) -> None:
    reader = _source._StreamReader(options(since="2024-02-01", lateness="0s"))
    reader.prepareForTriggerAvailableNow()
    clock[0] = T0 + timedelta(hours=1)
    assert mark_of(reader.latestOffset(reader.initialOffset(), None)) == T0
    assert mark_of(reader.latestOffset()) == T0


def test_a_stream_needs_since() -> None:
    source = _source.AttemptsDataSource({"provider": DATED[0].name})
    assert source.schema() == spark_schema(full=False)
    with pytest.raises(ConfigurationError, match="needs option 'since'"):
        source.streamReader(StructType())


# --- rows


def test_the_schema_is_the_summary_then_the_record() -> None:
    fields = attrs.fields(AttemptSummary)
    assert column_names(full=False) == (*(field.name for field in fields), "data_warnings")
    assert column_names(full=True)[-1] == "record"
    assert [name for name, _ in SUMMARY_TYPES] == list(column_names(full=False))


def test_rows_have_spark_ready_values() -> None:
    summary = AttemptSummary(
        provider="p",
        attempt_id="1",
        score=Decimal("0.30000000000000004"),
        max_score=Decimal("1e40"),
        percentage=Decimal("66.67"),
        started_at=datetime(2024, 3, 1, 12),  # naive: taken as UTC
        ended_at=datetime(2024, 3, 1, 17, 30, tzinfo=timezone(timedelta(hours=5, minutes=30))),
        duration=timedelta(minutes=1, microseconds=500000),
    )
    fake = CLEVERLMS.new_fake()
    record = CLEVERLMS.client_for(fake).export_test_attempts().first_page()[0]
    row = to_row(record, summary, full=True)
    values = dict(zip(column_names(full=True), row, strict=True))
    assert values["score"] == Decimal("0.300000")
    assert values["max_score"] is None  # more than DECIMAL(38,6) holds
    assert values["percentage"] == Decimal("66.670000")
    assert values["started_at"] == datetime(2024, 3, 1, 12, tzinfo=UTC)
    assert values["ended_at"] == datetime(2024, 3, 1, 12, tzinfo=UTC)
    assert values["duration"] == 60.5
    assert values["status"] == "unknown"
    assert values["data_warnings"] == 0
    assert values["record"].startswith('{"id": ')


# --- reading one partition


def served_options(fake: FakeAPI, url: str, **values: Any) -> ReadOptions:
    entry = PROVIDERS[fake.provider]
    return ReadOptions(
        provider=entry.name,
        base_url=url,
        credential=str(getattr(fake, entry.fake_credential)),
        client_options=(("rate_limit", None),),
        **values,
    )


@pytest.fixture
def served() -> Iterator[tuple[FakeCleverLMS, str]]:
    fake = CLEVERLMS.new_fake()
    assert isinstance(fake, FakeCleverLMS)
    with fake.serve() as url:
        yield fake, url


def test_a_partition_keeps_exactly_its_window(served: tuple[FakeCleverLMS, str]) -> None:
    fake, url = served
    client = CLEVERLMS.client_for(fake)
    everything = [summary for page in CLEVERLMS.walk(client, Window()) for _, summary in page]
    starts = sorted({summary.started_at for summary in everything if summary.started_at})
    edge = starts[len(starts) // 2]
    halves = [Span(starts[0], edge), Span(edge, starts[-1], closed=True)]
    read = [[row[1] for row in read_span(served_options(fake, url), span)] for span in halves]
    assert len(read[0]) + len(read[1]) == len(everything)
    assert sorted(read[0] + read[1]) == sorted(summary.attempt_id for summary in everything)
    assert not set(read[0]) & set(read[1])


def test_an_attempt_listed_twice_is_read_once(served: tuple[FakeCleverLMS, str]) -> None:
    fake, url = served
    walk = CLEVERLMS.walk

    def twice(client: Any, window: Window) -> Iterator[Any]:
        pages = list(walk(client, window))
        yield from pages
        yield pages[-1]  # a page boundary that moved while the walk ran

    object.__setattr__(CLEVERLMS, "walk", twice)  # a registry entry is read-only
    try:
        ids = [row[1] for row in read_span(served_options(fake, url), Span(None, None))]
    finally:
        object.__setattr__(CLEVERLMS, "walk", walk)
    assert len(ids) == len(set(ids)) == len(fake.attempts)


def test_data_warnings_are_counted_per_row_and_logged(
    served: tuple[FakeCleverLMS, str], caplog: pytest.LogCaptureFixture
) -> None:
    fake, url = served
    bad = fake.add_attempt(ended_at="yesterday-ish", number="two")
    with caplog.at_level(logging.WARNING, logger="attempts_sdk.spark"):
        rows = list(read_span(served_options(fake, url, columns="full"), Span(None, None)))
    counts = {row[1]: row[column_names(full=True).index("data_warnings")] for row in rows}
    assert counts.pop(bad["id"]) == 2
    assert set(counts.values()) == {0}
    assert "cleverlms: 2 values could not be parsed" in caplog.text
    assert '"ended_at": "yesterday-ish"' in next(row[-1] for row in rows if row[1] == bad["id"])


def test_a_provider_error_is_raised_with_the_sdks_message(
    served: tuple[FakeCleverLMS, str],
) -> None:
    _, url = served
    wrong = ReadOptions(provider=CLEVERLMS.name, base_url=url, credential="not-the-token")
    with pytest.raises(AuthenticationError, match=r"^cleverlms: ") as caught:
        list(read_span(wrong, Span(None, None)))
    assert "not-the-token" not in str(caught.value)


def test_the_credential_comes_from_the_executors_environment(
    served: tuple[FakeCleverLMS, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    fake, url = served
    base_env, credential_env = CLEVERLMS.environment
    monkeypatch.setenv(base_env, url)
    monkeypatch.setenv(credential_env, str(getattr(fake, CLEVERLMS.fake_credential)))
    rows = list(read_span(ReadOptions(provider=CLEVERLMS.name), Span(None, None)))
    assert len(rows) == len(fake.attempts)
