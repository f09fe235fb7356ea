"""Decoding JSON into models: every parser, lenient and strict modes, paths, extras, to_dict.

The models are tiny ones declared here, so the core is tested without any provider package.
"""

from __future__ import annotations

import warnings
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

import attrs
import dateutil.parser
import pytest

from attempts_sdk import DataWarning, DecodeError
from attempts_sdk._decoding import (
    _parse_datetime_slow,
    _structure_function,
    decode_list,
    decode_model,
)
from attempts_sdk._decoding.context import _Invalid
from attempts_sdk._json import JSONValue
from attempts_sdk._models import CamelModel, Model, OpenEnum

IST = timezone(timedelta(hours=5, minutes=30))


class Color(OpenEnum):
    """A tiny open enum."""

    RED = "red"
    LIGHT_BLUE = "light blue"


@attrs.frozen(kw_only=True)
class Section(Model):
    """A list item nested two levels down."""

    name: str | None = None


@attrs.frozen(kw_only=True)
class Exam(Model):
    """A nested record."""

    id: int | None = None
    start_date: datetime | None = None
    sections: list[Section] = attrs.Factory(list)


@attrs.frozen(kw_only=True)
class Owner(Model):
    """Sent either as an object or as a plain username."""

    id: int
    username: str | None = None


@attrs.frozen(kw_only=True)
class Record(Model):
    """One field of each parsed type."""

    id: int
    ref: str | None = None
    duration: timedelta | None = None
    at: datetime | None = None
    day: date | None = None
    score: Decimal | None = None
    ratio: float | None = None
    count: int | None = None
    flag: bool | None = None
    color: Color | str | None = None
    exam: Exam | None = None
    owner: str | Owner | None = None
    tags: list[str] = attrs.Factory(list)
    numbers: list[int] = attrs.Factory(list)
    meta: dict[str, JSONValue] | None = None
    payload: JSONValue = None


@attrs.frozen(kw_only=True)
class CamelThing(CamelModel):
    """camelCase on the wire, snake_case attributes, one field-level override."""

    thing_id: int
    display_name: str | None = None
    created_at: datetime | None = None
    max_score_2: int | None = None
    home_url: str | None = attrs.field(default=None, metadata={"wire": "URL"})


def decode(raw: JSONValue, *, strict: bool = False) -> Record:
    return decode_model(Record, raw, provider="acme", strict=strict)


def clean(raw: dict[str, JSONValue]) -> Record:
    """Decode, asserting that no warning at all is issued."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        record = decode({"id": 1, **raw})
    assert [str(w.message) for w in caught] == []
    return record


def one_warning(raw: dict[str, JSONValue]) -> tuple[Record, DataWarning]:
    """Decode in lenient mode, expecting exactly one DataWarning."""
    with pytest.warns(DataWarning) as caught:
        record = decode({"id": 1, **raw})
    assert len(caught) == 1
    warning = caught[0].message
    assert isinstance(warning, DataWarning)
    return record, warning


# --- durations ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("3:00:00", timedelta(hours=3)),
        ("0:49:57", timedelta(minutes=49, seconds=57)),
        ("2:47:53.076906", timedelta(hours=2, minutes=47, seconds=53, microseconds=76906)),
        ("0:00:01.5", timedelta(seconds=1, microseconds=500000)),
        (
            "20 days, 3:58:48.044696",
            timedelta(days=20, hours=3, minutes=58, seconds=48, microseconds=44696),
        ),
        ("1 day, 0:00:01", timedelta(days=1, seconds=1)),
        ("-1 day, 23:59:59", timedelta(seconds=-1)),
        (5400, timedelta(minutes=90)),
        (0, timedelta(0)),
        (0.61, timedelta(microseconds=610000)),
        ("0.00", timedelta(0)),
        ("90", timedelta(seconds=90)),
        ("NA", None),
        ("", None),
        (None, None),
    ],
)
def test_durations(raw: JSONValue, expected: timedelta | None) -> None:
    assert clean({"duration": raw}).duration == expected


def test_bad_duration_is_none_with_a_warning() -> None:
    record, warning = one_warning({"duration": "2.20:03"})
    assert record.duration is None
    assert warning.path == "duration"
    assert warning.raw == "2.20:03"
    assert warning.reason == "not a duration"


def test_bad_duration_in_strict_mode_raises() -> None:
    with pytest.raises(DecodeError) as info:
        decode({"id": 1, "duration": "2.20:03"}, strict=True)
    assert info.value.path == "duration"
    assert info.value.raw == "2.20:03"
    assert info.value.provider == "acme"
    assert "duration" in str(info.value)
    assert "'2.20:03'" in str(info.value)


@pytest.mark.parametrize("raw", ["1:60:00", "12:00", "abc", "nan", True, [1]])
def test_other_bad_durations_warn(raw: JSONValue) -> None:
    record, warning = one_warning({"duration": raw})
    assert record.duration is None
    assert warning.raw == raw


# --- timestamps and dates -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2024-03-01T10:00:00Z", datetime(2024, 3, 1, 10, tzinfo=timezone.utc)),
        ("2024-03-01T10:00:00+00:00", datetime(2024, 3, 1, 10, tzinfo=timezone.utc)),
        ("2025-11-07T12:37:11+05:30", datetime(2025, 11, 7, 12, 37, 11, tzinfo=IST)),
        (
            "2024-03-01T10:00:00.123456+05:30",
            datetime(2024, 3, 1, 10, 0, 0, 123456, tzinfo=IST),
        ),
        ("2024-03-01T10:00:00.192Z", datetime(2024, 3, 1, 10, 0, 0, 192000, tzinfo=timezone.utc)),
        ("2024-03-01T10:00:00", datetime(2024, 3, 1, 10)),
        (
            "2018-01-23T13: 50: 17.192Z",
            datetime(2018, 1, 23, 13, 50, 17, 192000, tzinfo=timezone.utc),
        ),
        (" 2024-03-01T10:00:00Z ", datetime(2024, 3, 1, 10, tzinfo=timezone.utc)),
        ("NA", None),
        ("", None),
        (None, None),
    ],
)
def test_timestamps(raw: JSONValue, expected: datetime | None) -> None:
    parsed = clean({"at": raw}).at
    assert parsed == expected
    if expected is not None:
        assert parsed is not None
        assert parsed.utcoffset() == expected.utcoffset()


def test_timestamp_with_offset_is_aware_and_naive_stays_naive() -> None:
    aware = clean({"at": "2024-03-01T10:00:00Z"}).at
    naive = clean({"at": "2024-03-01T10:00:00"}).at
    assert aware is not None
    assert aware.tzinfo is not None
    assert naive is not None
    assert naive.tzinfo is None


def test_documented_bad_timestamp_is_none_with_a_warning() -> None:
    record, warning = one_warning({"at": "2.25-11-07T12:37:11+05:30"})
    assert record.at is None
    assert warning.path == "at"
    assert warning.raw == "2.25-11-07T12:37:11+05:30"
    assert warning.reason == "not an ISO 8601 timestamp"


def test_documented_bad_timestamp_in_strict_mode_raises() -> None:
    with pytest.raises(DecodeError) as info:
        decode({"id": 1, "at": "2.25-11-07T12:37:11+05:30"}, strict=True)
    assert info.value.path == "at"
    assert info.value.raw == "2.25-11-07T12:37:11+05:30"


# "YYYY-MM" is ISO 8601 that datetime.fromisoformat refuses (on every Python) but isoparse reads.
FALLBACK_ONLY = "2018-01"


def test_fromisoformat_refuses_the_fallback_value() -> None:
    with pytest.raises(ValueError, match="Invalid isoformat"):
        datetime.fromisoformat(FALLBACK_ONLY)


def test_slow_path_falls_back_to_dateutil() -> None:
    assert _parse_datetime_slow(FALLBACK_ONLY) == datetime(2018, 1, 1)
    assert _parse_datetime_slow("2018-01-23T13: 50: 17Z") == datetime(
        2018, 1, 23, 13, 50, 17, tzinfo=timezone.utc
    )


def test_dateutil_is_used_only_when_fromisoformat_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    real_isoparse = dateutil.parser.isoparse

    def recording_isoparse(text: str) -> datetime:
        calls.append(text)
        return real_isoparse(text)

    monkeypatch.setattr(dateutil.parser, "isoparse", recording_isoparse)
    assert clean({"at": "2024-03-01T10:00:00+00:00"}).at == datetime(
        2024, 3, 1, 10, tzinfo=timezone.utc
    )
    assert calls == []
    assert clean({"at": FALLBACK_ONLY}).at == datetime(2018, 1, 1)
    assert calls == [FALLBACK_ONLY]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2024-03-01", date(2024, 3, 1)),
        ("2024-03-01T23:30:00+05:30", date(2024, 3, 1)),
        ("NA", None),
        (None, None),
    ],
)
def test_dates(raw: JSONValue, expected: date | None) -> None:
    assert clean({"day": raw}).day == expected


def test_bad_date_warns() -> None:
    record, warning = one_warning({"day": "2024-13-45"})
    assert record.day is None
    assert warning.reason == "not an ISO 8601 date"


# --- numbers --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("-2.00", "-2.00"),
        ("12.5", "12.5"),
        (0, "0"),
        (7, "7"),
        (0.61, "0.61"),
        (" 3 ", "3"),
    ],
)
def test_decimals(raw: JSONValue, expected: str) -> None:
    score = clean({"score": raw}).score
    assert isinstance(score, Decimal)
    assert score == Decimal(expected)
    assert str(score) == expected


@pytest.mark.parametrize("field", ["score", "ratio", "count"])
@pytest.mark.parametrize("raw", ["NA", "", "  ", None])
def test_missing_markers_are_none_for_numbers(field: str, raw: JSONValue) -> None:
    assert getattr(clean({field: raw}), field) is None


@pytest.mark.parametrize(
    ("raw", "expected"), [(0.61, 0.61), (3, 3.0), ("1.0", 1.0), ("-2.5", -2.5), ("0.00", 0.0)]
)
def test_floats(raw: JSONValue, expected: float) -> None:
    ratio = clean({"ratio": raw}).ratio
    assert type(ratio) is float
    assert ratio == expected


@pytest.mark.parametrize(("raw", "expected"), [(5, 5), ("1.0", 1), ("42", 42), (3.0, 3)])
def test_ints_from_lossless_forms(raw: JSONValue, expected: int) -> None:
    count = clean({"count": raw}).count
    assert type(count) is int
    assert count == expected


@pytest.mark.parametrize(("field", "raw"), [("count", "1.5"), ("count", 2.5), ("ratio", "x")])
def test_lossy_numbers_warn(field: str, raw: JSONValue) -> None:
    record, warning = one_warning({field: raw})
    assert getattr(record, field) is None
    assert warning.path == field
    assert warning.raw == raw


@pytest.mark.parametrize(
    "raw",
    [12345678901234567891.0, 2.0**53 + 2, -(2.0**60), 1e300, "12345678901234567891.0", "1e20"],
)
def test_whole_numbers_beyond_2_53_sent_as_floats_are_invalid_not_rounded(raw: JSONValue) -> None:
    """``12345678901234567891.0`` is 12345678901234567168 as a float: an id so sent is not
    the id, so it is refused (raw kept), never rounded; both decoding paths agree."""
    record, warning = one_warning({"count": raw})
    assert record.count is None
    assert record.invalid == {"count": raw}
    assert warning.raw == raw
    assert "beyond 2^53" in warning.reason
    with pytest.raises(DecodeError, match=r"2\^53") as strict:
        decode({"id": 1, "count": raw}, strict=True)
    assert strict.value.path == "count"
    fast = _structure_function(Record, fast=True)
    with pytest.raises(_Invalid):  # the fast path hands the record to the careful one
        fast({"id": 1, "count": raw})
    with pytest.raises(DecodeError, match=r"2\^53") as required:  # a required id: no model
        decode({"id": raw})
    assert (required.value.path, required.value.raw) == ("id", raw)


@pytest.mark.parametrize(
    ("raw", "expected"), [(2.0**53, 2**53), (-(2.0**53), -(2**53)), (1e15, 10**15)]
)
def test_whole_numbers_within_2_53_sent_as_floats_are_exact(raw: float, expected: int) -> None:
    assert clean({"count": raw}).count == expected
    assert _structure_function(Record, fast=True)({"id": 1, "count": raw}).count == expected


def test_non_finite_decimal_warns() -> None:
    record, warning = one_warning({"score": "Infinity"})
    assert record.score is None
    assert warning.reason == "expected a finite decimal number"


# --- strings, bools, enums, unions ----------------------------------------------------------------


def test_int_id_becomes_str_silently() -> None:
    record = clean({"ref": 12345, "tags": [1, "a"]})
    assert record.ref == "12345"
    assert record.tags == ["1", "a"]


def test_float_where_a_str_is_documented_warns() -> None:
    record, warning = one_warning({"ref": 1.5})
    assert record.ref is None
    assert warning.raw == 1.5


def test_bools() -> None:
    assert clean({"flag": True}).flag is True
    assert clean({"flag": False}).flag is False
    record, warning = one_warning({"flag": "true"})
    assert record.flag is None
    assert warning.raw == "true"


def test_known_enum_value_is_a_member_equal_to_the_wire_string() -> None:
    record = clean({"color": "light blue"})
    assert record.color == "light blue"
    assert record.color is Color.LIGHT_BLUE
    assert str(record.color) == "light blue"
    assert f"{record.color}" == "light blue"


def test_unknown_enum_value_is_kept_as_a_plain_str_without_warning() -> None:
    record = clean({"color": "mauve"})
    assert record.color == "mauve"
    assert type(record.color) is str
    assert record.to_dict()["color"] == "mauve"


def test_model_or_str_union() -> None:
    assert clean({"owner": "alice"}).owner == "alice"
    assert clean({"owner": 7}).owner == "7"
    assert clean({"owner": {"id": 7, "username": "alice"}}).owner == Owner(id=7, username="alice")


def test_json_fields_keep_values_as_sent() -> None:
    record = clean({"meta": {"a": [1, {"b": None}]}, "payload": [1, "x", None]})
    assert record.meta == {"a": [1, {"b": None}]}
    assert record.payload == [1, "x", None]


def test_clean_record_issues_no_warning() -> None:
    record = clean(
        {
            "ref": "r-1",
            "duration": "0:49:57",
            "at": "2024-03-01T10:00:00Z",
            "day": "2024-03-01",
            "score": "-2.00",
            "ratio": 0.61,
            "count": "NA",
            "flag": True,
            "color": "red",
            "exam": {"id": 3, "start_date": None, "sections": [{"name": "A"}]},
            "owner": {"id": 2},
            "tags": ["x"],
            "numbers": [1, 2],
        }
    )
    assert record.exam == Exam(id=3, start_date=None, sections=[Section(name="A")])
    assert record.numbers == [1, 2]
    assert record.invalid == {}
    assert record.extra == {}


# --- extras, invalid values, to_dict --------------------------------------------------------------


def test_unknown_keys_are_kept_in_extra_and_to_dict() -> None:
    record = clean({"brand_new": {"x": 1}, "also_new": None})
    assert record.extra == {"brand_new": {"x": 1}, "also_new": None}
    out = record.to_dict()
    assert out["brand_new"] == {"x": 1}
    assert out["also_new"] is None


def test_invalid_raw_values_are_kept_and_given_back() -> None:
    record, _ = one_warning({"at": "yesterday"})
    assert record.at is None
    assert record.invalid == {"at": "yesterday"}
    assert record.to_dict()["at"] == "yesterday"


def test_to_dict_gives_wire_forms() -> None:
    record = clean(
        {
            "duration": "20 days, 3:58:48.044696",
            "at": "2024-03-01T10:00:00+05:30",
            "day": "2024-03-01",
            "score": "-2.00",
            "color": "red",
            "exam": {"id": 3, "sections": [{"name": "A"}]},
        }
    )
    out = record.to_dict()
    assert out["id"] == 1
    assert out["duration"] == "20 days, 3:58:48.044696"
    assert out["at"] == "2024-03-01T10:00:00+05:30"
    assert out["day"] == "2024-03-01"
    assert out["score"] == "-2.00"
    assert out["color"] == "red"
    assert type(out["color"]) is str
    assert out["exam"] == {"id": 3, "start_date": None, "sections": [{"name": "A"}]}
    assert out["tags"] == []


# --- records that cannot be decoded ---------------------------------------------------------------


@pytest.mark.parametrize("strict", [False, True])
@pytest.mark.parametrize("raw", [[1, 2], "text", 5, None])
def test_record_that_is_not_an_object_raises(raw: JSONValue, strict: bool) -> None:
    with pytest.raises(DecodeError) as info:
        decode(raw, strict=strict)
    assert info.value.path == ""
    assert info.value.raw == raw


@pytest.mark.parametrize("strict", [False, True])
def test_list_item_that_is_not_an_object_raises(strict: bool) -> None:
    with pytest.raises(DecodeError) as info:
        decode_list(Record, [{"id": 1}, "oops"], provider="acme", strict=strict, path="results")
    assert info.value.path == "results[1]"
    assert info.value.raw == "oops"


@pytest.mark.parametrize("strict", [False, True])
def test_missing_required_field_raises_in_both_modes(strict: bool) -> None:
    with pytest.raises(DecodeError) as info:
        decode({"ref": "x"}, strict=strict)
    assert info.value.path == "id"
    assert "required" in str(info.value)


def test_missing_required_field_path_in_a_list() -> None:
    with pytest.raises(DecodeError) as info:
        decode_list(Record, [{"id": 1}, {"ref": "x"}], provider="acme", strict=False, path="data")
    assert info.value.path == "data[1].id"


@pytest.mark.parametrize(("raw", "reason"), [(None, "missing"), ("abc", "whole number")])
def test_null_or_bad_required_field_raises_in_lenient_mode(raw: JSONValue, reason: str) -> None:
    with pytest.raises(DecodeError) as info:
        decode({"id": raw})
    assert info.value.path == "id"
    assert info.value.raw == raw
    assert reason in str(info.value)


def test_nested_record_missing_its_required_field_is_none_in_lenient_mode() -> None:
    record, warning = one_warning({"owner": {"username": "alice"}})
    assert record.owner is None
    assert warning.path == "owner"
    assert warning.reason == "id: required field is missing"
    assert record.invalid == {"owner": {"username": "alice"}}


def test_nested_record_missing_its_required_field_raises_in_strict_mode() -> None:
    with pytest.raises(DecodeError) as info:
        decode({"id": 1, "owner": {"username": "alice"}}, strict=True)
    assert info.value.path == "owner.id"


# --- paths ----------------------------------------------------------------------------------------

BAD_DATE = "2.25-11-07T12:37:11+05:30"


def page_with_bad_exam_date() -> list[JSONValue]:
    items: list[JSONValue] = [{"id": n, "exam": {"id": n, "start_date": None}} for n in range(5)]
    items[3] = {"id": 3, "exam": {"id": 3, "start_date": BAD_DATE}}
    return items


def test_strict_nested_path() -> None:
    with pytest.raises(DecodeError) as info:
        decode_list(Record, page_with_bad_exam_date(), provider="acme", strict=True, path="results")
    assert info.value.path == "results[3].exam.start_date"
    assert info.value.raw == BAD_DATE
    assert "results[3].exam.start_date" in str(info.value)


def test_lenient_nested_path_and_warning_attributes() -> None:
    with pytest.warns(DataWarning) as caught:
        records = decode_list(
            Record, page_with_bad_exam_date(), provider="acme", strict=False, path="results"
        )
    assert len(caught) == 1
    warning = caught[0].message
    assert isinstance(warning, DataWarning)
    assert warning.provider == "acme"
    assert warning.model == "Exam"
    assert warning.path == "results[3].exam.start_date"
    assert warning.raw == BAD_DATE
    assert str(warning).startswith("acme: Exam field results[3].exam.start_date:")
    assert [r.id for r in records] == [0, 1, 2, 3, 4]
    exam = records[3].exam
    assert exam is not None
    assert exam.start_date is None
    assert exam.invalid == {"start_date": BAD_DATE}
    assert records[3].invalid == {}


def test_decode_model_path_prefix() -> None:
    with pytest.raises(DecodeError) as info:
        decode_model(
            Record, {"id": 1, "day": "never"}, provider="acme", strict=True, path="attempt"
        )
    assert info.value.path == "attempt.day"


def test_non_object_in_a_nested_list_is_left_out_with_a_warning() -> None:
    items: list[JSONValue] = [
        {"id": 1},
        {"id": 2, "exam": {"sections": [{"name": "a"}, 5, {"name": "c"}]}},
    ]
    with pytest.warns(DataWarning) as caught:
        records = decode_list(Record, items, provider="acme", strict=False, path="results")
    assert len(caught) == 1
    warning = caught[0].message
    assert isinstance(warning, DataWarning)
    assert warning.path == "results[1].exam.sections[1]"
    assert warning.raw == 5
    assert "item left out" in warning.reason
    exam = records[1].exam
    assert exam is not None
    assert exam.sections == [Section(name="a"), Section(name="c")]


def test_non_object_in_a_nested_list_in_strict_mode_raises() -> None:
    items: list[JSONValue] = [{"id": 2, "exam": {"sections": [{"name": "a"}, 5]}}]
    with pytest.raises(DecodeError) as info:
        decode_list(Record, items, provider="acme", strict=True, path="results")
    assert info.value.path == "results[0].exam.sections[1]"
    assert info.value.raw == 5


def test_bad_scalar_list_items_are_left_out_with_their_index() -> None:
    with pytest.warns(DataWarning) as caught:
        record = decode({"id": 1, "numbers": [1, "x", None, 4]})
    assert record.numbers == [1, 4]
    paths = [w.message.path for w in caught if isinstance(w.message, DataWarning)]
    assert paths == ["numbers[1]", "numbers[2]"]


def test_nested_object_of_the_wrong_type_is_none_with_a_warning() -> None:
    record, warning = one_warning({"exam": "not an exam"})
    assert record.exam is None
    assert warning.path == "exam"
    assert record.invalid == {"exam": "not an exam"}


# --- frozen models, CamelModel --------------------------------------------------------------------


def test_models_are_frozen() -> None:
    record = clean({})
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        record.id = 2  # type: ignore[misc]
    assert record.id == 1


def test_camel_model_wire_names_and_round_trip() -> None:
    raw: dict[str, JSONValue] = {
        "thingId": 7,
        "displayName": "Seven",
        "createdAt": "2024-03-01T10:00:00+00:00",
        "maxScore2": 10,
        "URL": "https://acme.test/7",
        "someNewKey": [1],
    }
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        thing = decode_model(CamelThing, raw, provider="acme", strict=True)
    assert caught == []
    assert thing.thing_id == 7
    assert thing.display_name == "Seven"
    assert thing.created_at == datetime(2024, 3, 1, 10, tzinfo=timezone.utc)
    assert thing.max_score_2 == 10
    assert thing.home_url == "https://acme.test/7"
    assert thing.extra == {"someNewKey": [1]}
    assert thing.to_dict() == raw


def test_camel_model_snake_keys_are_extra() -> None:
    thing = decode_model(
        CamelThing, {"thingId": 1, "display_name": "x"}, provider="acme", strict=True
    )
    assert thing.display_name is None
    assert thing.extra == {"display_name": "x"}


def test_camel_model_missing_required_uses_the_wire_name() -> None:
    with pytest.raises(DecodeError) as info:
        decode_model(CamelThing, {"thing_id": 1}, provider="acme", strict=False)
    assert info.value.path == "thingId"


def test_strict_mode_does_not_leak_into_the_next_decode() -> None:
    with pytest.raises(DecodeError):
        decode({"id": 1, "at": "bad"}, strict=True)
    record, warning = one_warning({"at": "bad"})
    assert record.at is None
    assert warning.path == "at"


def test_bad_list_field_is_left_empty_not_none() -> None:
    """A list field keeps its type in lenient mode: a bad value leaves it empty."""
    with pytest.warns(DataWarning, match="left empty") as caught:
        obj = decode_model(Record, {"id": 1, "tags": "not a list"}, provider="acme", strict=False)
    assert obj.tags == []
    assert obj.invalid == {"tags": "not a list"}
    assert obj.to_dict()["tags"] == "not a list"
    assert [w.message.path for w in caught if isinstance(w.message, DataWarning)] == ["tags"]


@pytest.mark.parametrize("raw", [float("inf"), float("-inf"), float("nan")])
def test_non_finite_json_numbers_are_invalid_values(raw: float) -> None:
    """Python's json accepts NaN and Infinity; they are no score, ratio or duration."""
    with pytest.warns(DataWarning) as caught:
        obj = decode_model(
            Record,
            {"id": 1, "score": raw, "ratio": raw, "duration": raw},
            provider="acme",
            strict=False,
        )
    assert (obj.score, obj.ratio, obj.duration) == (None, None, None)
    assert sorted(w.message.path for w in caught if isinstance(w.message, DataWarning)) == [
        "duration",
        "ratio",
        "score",
    ]


@pytest.mark.parametrize("how", ["copy", "deepcopy", "pickle"])
def test_copies_of_a_model_keep_unknown_keys_and_raw_invalid_values(how: str) -> None:
    import copy
    import pickle

    from attempts_sdk.testpress import AdminAttempt

    with pytest.warns(DataWarning):
        model = decode_model(
            AdminAttempt,
            {"id": 5, "newkey": {"a": [1, 2]}, "score": "not a number"},
            provider="testpress",
            strict=False,
        )
    if how == "copy":
        duplicate = copy.copy(model)
    elif how == "deepcopy":
        duplicate = copy.deepcopy(model)
    else:
        duplicate = pickle.loads(pickle.dumps(model))
    assert type(duplicate) is AdminAttempt
    assert duplicate == model
    assert duplicate.extra == {"newkey": {"a": [1, 2]}}
    assert duplicate.invalid == {"score": "not a number"}
    assert duplicate.to_dict() == model.to_dict()
    if how != "copy":
        assert duplicate.extra["newkey"] is not model.extra["newkey"]


def test_data_warnings_name_the_callers_line_not_the_sdks() -> None:
    import asyncio

    import httpx

    from attempts_sdk.testpress import AsyncTestpressClient, TestpressClient

    def answer(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/1/"):
            return httpx.Response(200, json={"id": 1, "date": "2.25-11-07"})
        results = [{"id": 1, "date": "2.25-11-07"}]
        return httpx.Response(200, json={"count": 1, "next": None, "results": results})

    transport = httpx.MockTransport(answer)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with TestpressClient(base_url="https://x.test", token="t", transport=transport) as c:
            list(c.list_attempts())
            c.get_attempt(1)

        async def walk() -> None:
            async with AsyncTestpressClient(
                base_url="https://x.test", token="t", transport=transport
            ) as client:
                [attempt async for attempt in client.list_attempts()]
                await client.get_attempt(1)

        asyncio.run(walk())
    assert [entry.category for entry in caught] == [DataWarning] * 4
    assert {entry.filename for entry in caught} == {__file__}
