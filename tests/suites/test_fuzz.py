"""Property-based fuzzing (hypothesis) of every model's decoder and of every client method.

The models are discovered, not listed: every attrs `Model` subclass of the four providers'
``models`` modules. Each is fed its seed records (the fixtures' records and the records nested in
them) mutated at random, random records built from its own field types, and non-objects, in
lenient and in strict mode. Then every provider client is driven through `httpx.MockTransport`
answering junk: random bytes, random JSON, broken envelopes, any status, odd headers.

The oracle does not reuse the SDK's dispatch: field kinds are read from the annotations here, and
what a decode must give back is checked field by field against the raw record (`check_model`).
Values and answers that found bugs are pinned as plain tests (``EDGE_RECORDS``, ``EDGE_ANSWERS``).
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import enum
import importlib
import itertools
import json
import math
import re
import types
import typing
import warnings
from collections.abc import Callable, Iterable
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal, InvalidOperation
from typing import Any

import attrs
import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from attempts_sdk import (
    APIConnectionError,
    APIStatusError,
    AttemptsSDKError,
    BadRequestError,
    DataWarning,
    DecodeError,
    InternalServerError,
    NotFoundError,
    Page,
    Paginator,
    RateLimitError,
    RateLimitInfo,
    RetryPolicy,
    UnprocessableEntityError,
    cleverlms,
    indeed,
    testpress,
    thoughtindustries,
)
from attempts_sdk._decoding import decode_list, decode_model
from attempts_sdk._json import JSONValue
from attempts_sdk._models import Model, wire_names
from attempts_sdk._registry import PROVIDERS as REGISTRY
from attempts_sdk._registry import Provider
from attempts_sdk.cleverlms import CleverLMSClient
from attempts_sdk.indeed import IndeedClient
from attempts_sdk.testpress import AsyncTestpressClient, TestpressClient
from attempts_sdk.thoughtindustries import ThoughtIndustriesClient
from conftest import fixture_json

PROVIDER = "fuzz"  # the provider name the decoders are given here
MARKERS = frozenset({"NA", "N/A", "", "null", "None"})  # "no value" texts of non-str fields
ASCII_INT = re.compile(r"[+-]?[0-9]{1,4000}")

# database=None: no .hypothesis directory is written into the project.
DECODE_SETTINGS = settings(max_examples=50, deadline=None, database=None)
CLIENT_SETTINGS = settings(max_examples=40, deadline=None, database=None)


# --- the models, and what their fields hold -------------------------------------------------------


def discover_models() -> dict[type[Model], Provider]:
    """Every attrs model class of every registered provider, with its provider."""
    found = {model: entry for entry in REGISTRY.values() for model in entry.models()}
    assert all(attrs.has(model) for model in found)
    return found


OWNERS = discover_models()
MODELS = list(OWNERS)


def model_id(model: type[Model]) -> str:
    return f"{OWNERS[model].name}.{model.__name__}" if model in OWNERS else model.__qualname__


@attrs.frozen
class Kind:
    """What a field holds, read from its annotation: a scalar (by name), a nested model, a str
    or a model (``model_or_str``), an open enum, a list, an object of records by key
    (``map``), a JSON object, or any JSON value."""

    name: str
    model: type[Model] | None = None
    enum_cls: type[enum.Enum] | None = None
    item: Kind | None = None


_SCALAR_KINDS: dict[object, str] = {
    int: "int",
    float: "float",
    Decimal: "decimal",
    str: "str",
    bool: "bool",
    datetime: "datetime",
    date: "date",
    timedelta: "timedelta",
}


def kind_of(tp: object) -> Kind:
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if origin in (typing.Union, types.UnionType):
        members = [arg for arg in args if arg is not type(None)]
        if {bool, int, float, str} <= set(members):
            return Kind("json")
        if len(members) == 1:
            return kind_of(members[0])
        enums = [m for m in members if isinstance(m, type) and issubclass(m, enum.Enum)]
        if len(enums) == 1 and set(members) == {enums[0], str}:
            return Kind("enum", enum_cls=enums[0])
        models = [m for m in members if isinstance(m, type) and issubclass(m, Model)]
        if len(models) == 1 and set(members) == {models[0], str}:
            return Kind("model_or_str", model=models[0])
        raise AssertionError(f"no kind for {tp!r}")
    if origin is list:
        return Kind("list", item=kind_of(args[0]))
    if origin is dict:
        value = kind_of(args[1]) if len(args) == 2 else Kind("json")
        return Kind("object") if value.name == "json" else Kind("map", item=value)
    if isinstance(tp, type) and issubclass(tp, Model):
        return Kind("model", model=tp)
    return Kind(_SCALAR_KINDS[tp])


@attrs.frozen
class FieldSpec:
    attr: str
    wire: str
    required: bool
    kind: Kind
    id_field: str | None = None  # a record that may come as its id alone: where the id goes


_FIELDS: dict[type[Model], dict[str, FieldSpec]] = {}


def fields_of(model: type[Model]) -> dict[str, FieldSpec]:
    """The model's fields, by wire name."""
    if model not in _FIELDS:
        attrs_cls: Any = model
        attrs.resolve_types(attrs_cls)
        names = wire_names(model)
        _FIELDS[model] = {
            names[field.name]: FieldSpec(
                attr=field.name,
                wire=names[field.name],
                required=field.default is attrs.NOTHING,
                kind=kind_of(field.type),
                id_field=field.metadata.get("id_field"),
            )
            for field in attrs.fields(attrs_cls)
            if field.init
        }
    return _FIELDS[model]


# --- seed records ---------------------------------------------------------------------------------

# The lists of an admin v3 content-attempts page: the items, then the records they refer to.
CONTENT_PAGE_LISTS: list[tuple[str, type[Model]]] = [
    ("content_attempts", testpress.ContentAttempt),
    ("users", testpress.User),
    ("courses", testpress.Course),
    ("chapter_contents", testpress.ChapterContent),
    ("user_exams", testpress.UserExam),
    ("user_videos", testpress.UserVideo),
    ("user_video_conferences", testpress.UserVideoConference),
    ("user_live_streams", testpress.UserLiveStream),
]

# (provider, fixture, where its records are, their model); "*" steps into every item of a list.
SEED_SOURCES: list[tuple[str, str, tuple[str, ...], type[Model]]] = [
    ("testpress", "list_attempts", ("results", "*"), testpress.Attempt),
    ("testpress", "list_exam_attempts", ("results", "*"), testpress.Attempt),
    ("testpress", "get_attempt", (), testpress.Attempt),
    ("testpress", "create_attempt", (), testpress.Attempt),
    ("testpress", "start_attempt", (), testpress.Attempt),
    ("testpress", "send_heartbeat", (), testpress.Attempt),
    ("testpress", "end_attempt", (), testpress.Attempt),
    ("testpress", "list_attempt_questions", ("results", "*"), testpress.AttemptQuestion),
    ("testpress", "update_attempt_question", (), testpress.AttemptQuestion),
    ("testpress", "list_review_questions", ("results", "*"), testpress.ReviewQuestion),
    ("testpress", "list_subject_analytics", ("results", "*"), testpress.SubjectAnalytics),
    ("testpress", "admin_list_attempts", ("results", "*"), testpress.AdminAttempt),
    ("testpress", "admin_get_attempt", (), testpress.AdminAttempt),
    ("testpress", "list_exams", ("results", "*"), testpress.Exam),
    ("testpress", "get_exam", (), testpress.Exam),
    (
        "testpress",
        "admin_list_attempt_answers",
        ("results", "user_answers", "*"),
        testpress.UserAnswer,
    ),
    (
        "testpress",
        "admin_list_attempt_answers",
        ("results", "exam_questions", "*"),
        testpress.ExamQuestion,
    ),
    *[
        ("testpress", "admin_list_content_attempts", ("results", key, "*"), model)
        for key, model in CONTENT_PAGE_LISTS
    ],
    ("testpress", "webhook_exam_started", (), testpress.ExamEvent),
    ("testpress", "webhook_exam_completed", (), testpress.ExamEvent),
    *[
        ("testpress", f"webhook_content_{kind}", (), testpress.ContentEvent)
        for kind in ("notes", "attachment", "exam", "video", "videoconference", "livestream")
    ],
    # fields Testpress's apps read that no documented example shows (tests/fixtures/testpress)
    ("testpress", "app_read_fields", ("attempt",), testpress.Attempt),
    ("testpress", "app_read_fields", ("attempt_question",), testpress.AttemptQuestion),
    ("testpress", "app_read_fields", ("review_question",), testpress.ReviewQuestion),
    ("testpress", "app_read_fields", ("subject_analytics",), testpress.SubjectAnalytics),
    ("cleverlms", "attempts", ("data", "*"), cleverlms.TestAttempt),
    (
        "thoughtindustries",
        "list_assessment_attempts",
        ("data", "AssessmentAttempts", "assessmentAttempts", "*"),
        thoughtindustries.AssessmentAttempt,
    ),
    (
        "thoughtindustries",
        "list_assessment_attempts_flat",
        ("data", "*"),
        thoughtindustries.AssessmentAttempt,
    ),
    ("indeed", "get_attempt", ("attempt",), indeed.Attempt),
    ("indeed", "get_attempt_v0", ("attempt",), indeed.Attempt),
    ("indeed", "get_assignment", ("assignment",), indeed.Assignment),
    ("indeed", "list_assignments", ("results", "*", "assignment"), indeed.Assignment),
    ("cleverlms", "answers", ("data", "*"), cleverlms.TestAnswer),
    (
        "thoughtindustries",
        "list_assessment_attempts_top_level",
        ("assessmentAttempts", "*"),
        thoughtindustries.AssessmentAttempt,
    ),
    (
        "thoughtindustries",
        "list_quiz_attempt_events",
        ("data", "APIEvents", "events", "*"),
        thoughtindustries.QuizAttemptEvent,
    ),
    ("indeed", "list_roles", ("results", "*", "role"), indeed.Role),
    ("indeed", "list_roles_page1_per1", ("results", "*", "role"), indeed.Role),
    ("indeed", "get_role", ("role",), indeed.Role),
    ("indeed", "list_assessments", ("results", "*", "assessment"), indeed.Assessment),
    ("indeed", "get_assessment", ("assessment",), indeed.Assessment),
    ("indeed", "clone_assessment", ("assessment",), indeed.Assessment),
]
# No fixture holds a login answer; providers.md documents it as {"token": "<JWT>"}.
LOGIN_ANSWER: dict[str, JSONValue] = {"token": "eyJhbGciOiJIUzI1NiJ9.eyJ1c2VyIjo1fQ.c2lnbmVk"}
# Thought Industries documents its webhooks' envelope only (event, timestamp, data).
WEBHOOK_ENVELOPE: dict[str, JSONValue] = {
    "event": "course.completed",
    "timestamp": "2024-05-01T10:15:30.123Z",
    "data": {"courseId": "c-1", "userId": "u-1"},
}


def select(value: JSONValue, path: tuple[str, ...]) -> list[JSONValue]:
    if not path:
        return [value]
    head, rest = path[0], path[1:]
    if head == "*":
        assert isinstance(value, list)
        return [found for item in value for found in select(item, rest)]
    assert isinstance(value, dict)
    return select(value[head], rest)


def nested_records(
    kind: Kind, raw: JSONValue
) -> Iterable[tuple[type[Model], dict[str, JSONValue]]]:
    if kind.model is not None and isinstance(raw, dict):
        yield kind.model, raw
    elif kind.item is not None and isinstance(raw, list):
        for item in raw:
            yield from nested_records(kind.item, item)
    elif kind.item is not None and isinstance(raw, dict):
        for item in raw.values():
            yield from nested_records(kind.item, item)


def collect_seeds() -> dict[type[Model], list[dict[str, JSONValue]]]:
    """Every record of the fixtures, and every record nested in one, by model (no duplicates)."""
    seeds: dict[type[Model], list[dict[str, JSONValue]]] = {}
    seen: set[tuple[type[Model], str]] = set()

    def add(model: type[Model], record: dict[str, JSONValue]) -> None:
        key = (model, json.dumps(record, sort_keys=True))
        if key in seen:
            return
        seen.add(key)
        seeds.setdefault(model, []).append(record)
        for spec in fields_of(model).values():
            for inner_model, inner in nested_records(spec.kind, record.get(spec.wire)):
                add(inner_model, inner)

    for provider, name, path, model in SEED_SOURCES:
        for record in select(fixture_json(provider, name), path):
            assert isinstance(record, dict)
            add(model, record)
    add(testpress.AuthToken, LOGIN_ANSWER)
    add(thoughtindustries.WebhookEvent, WEBHOOK_ENVELOPE)
    for entry in REGISTRY.values():  # what each registered provider's fake answers
        for decoded in example_models(entry):
            add(type(decoded), decoded.to_dict())
    return seeds


def example_models(entry: Provider) -> Iterable[Model]:
    """The models of every documented call of ``entry``, answered by a fresh fake."""
    for example in entry.examples:
        fake = entry.new_fake()
        with entry.client_for(fake, credential=example.credential) as client:
            value = example.call(client)
            yield from (value if isinstance(value, Paginator) else [value])


SEEDS = collect_seeds()


ARTEFACT = re.compile(r"2\.2\d-.*|2\.20:03")


def is_artefact(raw: object) -> bool:
    """The Testpress docs' regex-replace artefacts (providers.md §5): "2.25-11-07…" and the
    exams pages' "2.23-08-02.27:25:22+05:30", "2.29-…"."""
    return isinstance(raw, str) and ARTEFACT.fullmatch(raw) is not None


# --- strategies -----------------------------------------------------------------------------------

NUMBER_TEXT = (" 12 ", "-0", "+7", "1.0", "1.5", "1e3", "1e400", "-1e400", "NaN", "inf", "sNaN")
ODD_NUMBER_TEXT = ("1_000", "0x10", "\u0661\u0662\u0663", "\u00b2", "9" * 400, "9" * 5000)
DATE_TEXT = (
    "2.25-11-07T12:37:11+05:30",
    "2018-01-23T13: 50: 17.192Z",
    "2024-02-30",
    "2024-01-01T00:00:00Z",
    "9999-12-31T24:00:00",
    "0001-01-01T00:00:00+23:59",
    "20240101T240000",
)
DURATION_TEXT = ("2.20:03", "0:00:00", "20 days, 3:58:48.044696", "-1 day, 23:59:59")
HUGE_DURATION_TEXT = ("999999999 days, 0:00:00", "1000000000 days, 0:00:00", "99999999999999:00:00")
OTHER_TEXT = ("Running", "Completed", "fail", "\x00", "\ud800")  # "\ud800": valid JSON, no UTF-8
ODD_TEXT = (
    *sorted(MARKERS),
    *NUMBER_TEXT,
    *ODD_NUMBER_TEXT,
    *DATE_TEXT,
    *DURATION_TEXT,
    *HUGE_DURATION_TEXT,
    *OTHER_TEXT,
)
# What json.loads can give: 1e400 is inf, NaN is accepted, a 401-digit literal is an int.
HUGE_NUMBERS: tuple[int | float, ...] = (
    10**400,
    -(10**400),
    2**63,
    10**20,
    86_400 * 10**9,
    1e308,
    -1e308,
    float("inf"),
    float("-inf"),
    float("nan"),
    5e-324,
    -0.0,
)

TEXTS: st.SearchStrategy[str] = st.one_of(
    st.text(max_size=10),
    st.sampled_from(ODD_TEXT),
    st.text(st.characters(categories=["Cs"]), min_size=1, max_size=2),
)
SCALARS: st.SearchStrategy[JSONValue] = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(), st.sampled_from(HUGE_NUMBERS), TEXTS
)
JSON_VALUES: st.SearchStrategy[JSONValue] = st.recursive(
    SCALARS,
    lambda children: st.one_of(
        st.lists(children, max_size=3), st.dictionaries(TEXTS, children, max_size=3)
    ),
    max_leaves=8,
)
ODD_VALUES: st.SearchStrategy[JSONValue] = st.sampled_from(ODD_TEXT) | st.sampled_from(HUGE_NUMBERS)
NON_OBJECTS = JSON_VALUES.filter(lambda value: not isinstance(value, dict))
OFFSETS = st.timedeltas(
    min_value=timedelta(hours=-23, minutes=-59), max_value=timedelta(hours=23, minutes=59)
).map(timezone)
DATETIME_TEXTS = st.datetimes(timezones=st.none() | OFFSETS).map(lambda moment: moment.isoformat())


def _scalar_values(name: str) -> st.SearchStrategy[JSONValue]:
    """Values a scalar field may plausibly be sent, readable or not."""
    if name == "int":
        spaced = st.integers(-(10**6), 10**6).map(lambda n: f" {n} ")
        return st.one_of(st.integers(), spaced, st.floats())
    if name == "float":
        return st.one_of(st.floats(), st.integers(), st.floats(allow_nan=False).map(repr))
    if name == "decimal":
        return st.one_of(st.decimals().map(str), st.integers(), st.floats())
    if name == "str":
        return st.one_of(TEXTS, st.integers())
    if name == "bool":
        return st.booleans()
    if name in ("datetime", "date"):
        return st.one_of(DATETIME_TEXTS, st.dates().map(lambda day: day.isoformat()))
    if name == "timedelta":
        return st.one_of(st.timedeltas().map(str), st.integers(), st.floats())
    return JSON_VALUES


_VALUES: dict[tuple[Kind, int], st.SearchStrategy[JSONValue]] = {}


def values_for(kind: Kind, depth: int) -> st.SearchStrategy[JSONValue]:
    """Values for a field of this kind: type-shaped ones, odd ones, and arbitrary JSON."""
    if (kind, depth) in _VALUES:
        return _VALUES[kind, depth]
    shaped: st.SearchStrategy[JSONValue]
    if kind.name == "map":
        assert kind.item is not None
        shaped = st.dictionaries(TEXTS, values_for(kind.item, depth), max_size=3)
    elif kind.item is not None:
        shaped = st.lists(values_for(kind.item, depth), max_size=3)
    elif kind.model is not None:
        if depth >= 1:  # deeper down, a seed record of the model stands in
            shaped = st.sampled_from(SEEDS[kind.model])
        else:
            shaped = random_records(kind.model, depth + 1)
        if kind.name == "model_or_str":
            shaped = shaped | TEXTS
    elif kind.enum_cls is not None:
        shaped = st.sampled_from([str(member.value) for member in kind.enum_cls]) | TEXTS
    elif kind.name == "object":
        shaped = st.dictionaries(TEXTS, JSON_VALUES, max_size=3)
    else:
        shaped = _scalar_values(kind.name)
    _VALUES[kind, depth] = st.one_of(shaped, ODD_VALUES, JSON_VALUES)
    return _VALUES[kind, depth]


_RECORDS: dict[tuple[type[Model], int], st.SearchStrategy[dict[str, JSONValue]]] = {}


def random_records(model: type[Model], depth: int = 0) -> st.SearchStrategy[dict[str, JSONValue]]:
    """Dicts keyed by the model's wire names (any subset), with unknown keys mixed in."""
    if (model, depth) not in _RECORDS:
        fields = fields_of(model)
        values = {wire: values_for(spec.kind, depth) for wire, spec in fields.items()}
        required = {wire: values[wire] for wire, spec in fields.items() if spec.required}
        optional = {wire: value for wire, value in values.items() if wire not in required}
        shapes = st.one_of(
            st.fixed_dictionaries(required, optional=optional),
            st.fixed_dictionaries({}, optional=values),
        )
        extras = st.dictionaries(TEXTS, JSON_VALUES, max_size=2)
        _RECORDS[model, depth] = st.builds(lambda extra, known: {**extra, **known}, extras, shapes)
    return _RECORDS[model, depth]


Slot = tuple[Any, Any]  # (a dict or list inside the value, a key or index in it)


def slots_of(value: JSONValue) -> list[Slot]:
    slots: list[Slot] = []
    children: Iterable[tuple[Any, JSONValue]]
    if isinstance(value, dict):
        children = value.items()
    elif isinstance(value, list):
        children = enumerate(value)
    else:
        return slots
    for key, child in list(children):
        slots.append((value, key))
        slots.extend(slots_of(child))
    return slots


MUTATIONS = ("replace", "odd", "null", "delete", "add", "stringify", "wrap")


@st.composite
def mutated(draw: st.DrawFn, base: JSONValue) -> JSONValue:
    """A deep copy of ``base`` with a few random edits anywhere in it (half of them at the
    top): values replaced by junk, odd values or null, keys deleted or added, values turned
    into text or wrapped in a list."""
    value = copy.deepcopy(base)
    for _ in range(draw(st.integers(1, 5))):
        slots = slots_of(value)
        top = [slot for slot in slots if slot[0] is value]
        at_top: bool = bool(top) and draw(st.booleans())
        pool = top if at_top else slots
        if not pool:
            break
        container, key = pool[draw(st.integers(0, len(pool) - 1))]
        operation = draw(st.sampled_from(MUTATIONS))
        current = container[key]
        if operation == "replace":
            container[key] = draw(JSON_VALUES)
        elif operation == "odd":
            container[key] = draw(ODD_VALUES)
        elif operation == "null":
            container[key] = None
        elif operation == "delete":
            del container[key]
        elif operation == "add" and isinstance(container, dict):
            container[draw(TEXTS)] = draw(JSON_VALUES)
        elif operation == "add":
            container.insert(key, draw(JSON_VALUES))
        elif operation == "stringify":
            number = isinstance(current, (int, float))
            container[key] = str(current) if number else json.dumps(current)
        else:
            container[key] = [current]
    return value


def mutated_records(model: type[Model]) -> st.SearchStrategy[JSONValue]:
    return st.sampled_from(SEEDS[model]).flatmap(lambda record: mutated(record))


# --- paths ----------------------------------------------------------------------------------------

_SEGMENT = re.compile(r"\[(\d+)\]|\[(\"(?:[^\"\\]|\\.)*\")\]|(\.?)([^.\[\]]+)")
Segment = str | int


def split_path(path: str) -> list[Segment]:
    """``a.b[2].c["d.e"]`` -> ``["a", "b", 2, "c", "d.e"]`` (a key in brackets is a JSON
    string); asserts the path is well formed."""
    segments: list[Segment] = []
    position = 0
    while position < len(path):
        match = _SEGMENT.match(path, position)
        assert match is not None, f"malformed path {path!r} at {position}"
        if match.group(1) is not None:
            segments.append(int(match.group(1)))
        elif match.group(2) is not None:
            assert position > 0, f"malformed path {path!r}"
            segments.append(json.loads(match.group(2)))
        else:
            assert (match.group(3) == ".") == (position > 0), f"malformed path {path!r}"
            segments.append(match.group(4))
        position = match.end()
    return segments


class Missing(enum.Enum):
    """The last key of a path is not in its (object) parent."""

    KEY = "missing"


def resolve(root: JSONValue, segments: list[Segment]) -> JSONValue | Missing:
    """Follow path segments from ``root``: the value reached, or `Missing.KEY` when only the
    last key is absent from an object."""
    node = root
    for number, segment in enumerate(segments):
        if isinstance(segment, int):
            assert isinstance(node, list) and segment < len(node), f"no item {segment} in {node!r}"
            node = node[segment]
        else:
            assert isinstance(node, dict), f"{segment!r} looked up in a non-object {node!r}"
            if segment not in node:
                assert number == len(segments) - 1, f"{segment!r} is missing mid-path"
                return Missing.KEY
            node = node[segment]
    return node


def field_chain(model: type[Model], segments: list[Segment]) -> list[tuple[type[Model], FieldSpec]]:
    """The (model, field) of each name in a path, walking the field types; asserts each name is
    a wire name of the model it is looked up in, and each index is into a list field."""
    current = Kind("model", model=model)
    chain: list[tuple[type[Model], FieldSpec]] = []
    for segment in segments:
        if isinstance(segment, int):
            assert current.item is not None, f"index {segment} into a {current.name} field"
            assert current.name == "list", f"index {segment} into a {current.name} field"
            current = current.item
        elif current.name == "map":  # a key of an object of records
            assert current.item is not None
            current = current.item
        else:
            assert current.model is not None, f"{segment!r} inside a {current.name} field"
            spec = fields_of(current.model).get(segment)
            assert spec is not None, f"{segment!r} is not a wire name of {current.model.__name__}"
            chain.append((current.model, spec))
            current = spec.kind
    return chain


def same_json(a: object, b: object) -> bool:
    return json.dumps(a, sort_keys=True) == json.dumps(b, sort_keys=True)


# --- the oracle -----------------------------------------------------------------------------------


class Verdict(enum.Enum):
    """Whether a required field can hold a raw value: OK, BAD, or UNKNOWN (a parse edge the
    contract leaves open, e.g. a 5000-digit int, or a date only dateutil might read)."""

    OK = "ok"
    BAD = "bad"
    UNKNOWN = "unknown"


def worst(verdicts: Iterable[Verdict]) -> Verdict:
    seen = set(verdicts)
    for verdict in (Verdict.BAD, Verdict.UNKNOWN):
        if verdict in seen:
            return verdict
    return Verdict.OK


def record_verdict(model: type[Model], raw: JSONValue) -> Verdict:
    """Can ``raw`` be decoded as ``model`` at all (every required field there and readable)?"""
    if not isinstance(raw, dict):
        return Verdict.BAD
    return worst(
        required_verdict(spec.kind, raw[wire]) if wire in raw else Verdict.BAD
        for wire, spec in fields_of(model).items()
        if spec.required
    )


def _exact_whole(number: float) -> bool:
    """A float the int parsers accept: a whole number a float holds exactly (within 2^53)."""
    return number.is_integer() and abs(number) <= 2**53


def required_verdict(kind: Kind, raw: JSONValue) -> Verdict:
    if raw is None:
        return Verdict.BAD
    if kind.model is not None and isinstance(raw, dict):
        return record_verdict(kind.model, raw)
    if kind.name in ("str", "model_or_str"):
        return Verdict.OK if isinstance(raw, str) or type(raw) is int else Verdict.BAD
    if kind.name == "enum":
        return Verdict.OK if isinstance(raw, str) else Verdict.BAD
    if kind.name == "int":
        if type(raw) is int:
            return Verdict.OK
        if isinstance(raw, float):
            return Verdict.OK if _exact_whole(raw) else Verdict.BAD
        if not isinstance(raw, str) or raw.strip() in MARKERS:
            return Verdict.BAD
        text = raw.strip()
        if re.fullmatch(r"[+-]?\d+", text):
            return Verdict.OK if len(text) <= 4000 else Verdict.UNKNOWN
        try:
            return Verdict.OK if _exact_whole(float(text)) else Verdict.BAD
        except ValueError:
            return Verdict.BAD
    if kind.name == "datetime":
        if not isinstance(raw, str) or raw.strip() in MARKERS:
            return Verdict.BAD
        try:
            datetime.fromisoformat(raw)
        except ValueError:
            return Verdict.UNKNOWN
        return Verdict.OK
    if kind.name == "model":
        return Verdict.BAD
    return Verdict.UNKNOWN


def is_marker(raw: object) -> bool:
    return isinstance(raw, str) and raw.strip() in MARKERS


Scoped = list[tuple[list[Segment], DataWarning]]  # warnings, by path relative to a value


def check_model(
    model: type[Model], obj: object, raw: JSONValue, scoped: Scoped, *, top: bool = False
) -> None:
    """``obj`` is what ``raw`` must decode to, given the warnings issued under it: rejected
    fields are None (lists: empty) with their raw value in ``.invalid`` (exactly the fields
    warned about), unknown keys are in ``.extra``, every other field is its raw value parsed."""
    assert isinstance(obj, model), f"{obj!r} is not a {model.__name__}"
    assert isinstance(raw, dict)
    fields = fields_of(model)
    for segments, warning in scoped:
        assert segments and segments[0] in fields, f"{warning.path}: not under a field"
    rejected = {segments[0] for segments, _ in scoped if len(segments) == 1}
    assert set(obj.invalid) == rejected, (model.__name__, dict(obj.invalid), rejected)
    for wire, value in obj.invalid.items():
        assert value is raw[wire]
    assert set(obj.extra) == set(raw) - set(fields)
    for key, value in obj.extra.items():
        assert value is raw[key]
    check_derived(model, obj, raw)
    for wire, spec in fields.items():
        value = getattr(obj, spec.attr)
        where = f"{model.__name__}.{spec.attr}"
        if wire in obj.invalid:
            assert value == EMPTY.get(spec.kind.name), where
            continue
        inner = [(segments[1:], w) for segments, w in scoped if segments[0] == wire]
        raw_value = raw.get(wire, Missing.KEY)
        if spec.id_field is not None and type(raw_value) is int:  # the record's id alone
            assert value is None and not inner, where
            continue
        check_value(spec.kind, raw_value, value, inner, where)
    if top:
        wire_dict = obj.to_dict()
        json.dumps(wire_dict)
        assert set(raw) <= set(wire_dict)
        for key in (*obj.extra, *obj.invalid):
            assert wire_dict[key] is raw[key]


EMPTY: dict[str, object] = {"list": [], "map": {}}  # a field's empty value, by kind (else None)


def check_derived(model: type[Model], obj: Model, raw: dict[str, JSONValue]) -> None:
    """The fields not on the wire: a reference's id is the id sent alone, or the sent record's
    ``id``; the others (filled by page joins) are empty after a decode."""
    attrs_cls: Any = model
    ids = {spec.id_field: spec for spec in fields_of(model).values() if spec.id_field}
    for field in attrs.fields(attrs_cls):
        if field.init:
            continue
        value = getattr(obj, field.name)
        spec = ids.get(field.name)
        if spec is None:
            assert value is None, (model.__name__, field.name, value)
            continue
        sent, record = raw.get(spec.wire), getattr(obj, spec.attr)
        expected = sent if type(sent) is int else getattr(record, "id", None)
        assert value == expected and type(value) is type(expected), (field.name, sent, value)


def check_value(
    kind: Kind, raw: JSONValue | Missing, value: object, scoped: Scoped, where: str
) -> None:
    if raw is Missing.KEY or raw is None:
        expected: object = EMPTY.get(kind.name)
        assert value == expected and type(value) is type(expected), (where, raw, value)
        assert not scoped, where
        return
    if kind.name == "map":
        assert kind.item is not None
        assert isinstance(raw, dict) and type(value) is dict, (where, raw, value)
        left_out = {segments[0] for segments, _ in scoped if len(segments) == 1}
        assert set(value) == set(raw) - left_out, (where, raw, value)
        for key, item in value.items():
            inner = [(segments[1:], w) for segments, w in scoped if segments[0] == key]
            check_value(kind.item, raw[key], item, inner, f"{where}[{key!r}]")
        return
    if kind.item is not None:
        assert isinstance(raw, list) and type(value) is list, (where, raw, value)
        for segments, warning in scoped:
            assert segments and isinstance(segments[0], int), warning.path
        left_out = {segments[0] for segments, _ in scoped if len(segments) == 1}
        kept = [index for index in range(len(raw)) if index not in left_out]
        assert len(value) == len(kept), (where, raw, value)
        for index, item in zip(kept, value, strict=True):
            inner = [(segments[1:], w) for segments, w in scoped if segments[0] == index]
            check_value(kind.item, raw[index], item, inner, f"{where}[{index}]")
        return
    if kind.model is not None and (kind.name == "model" or isinstance(raw, dict)):
        check_model(kind.model, value, raw, scoped)
        return
    assert not scoped, (where, [w.path for _, w in scoped])
    check_scalar(kind, raw, value, where)


def check_scalar(kind: Kind, raw: JSONValue, value: object, where: str) -> None:
    """A parsed scalar: the right type, the raw value's meaning, None only for a marker;
    numbers are finite (a non-finite one is rejected, as the text path does)."""
    name = kind.name
    context = (where, raw, value)
    if name in ("json", "object", "bool"):
        assert value is raw, context
    elif name in ("str", "model_or_str"):
        if isinstance(raw, str):
            assert value is raw, context
        else:
            assert type(raw) is int and value == str(raw), context
    elif name == "enum":
        assert kind.enum_cls is not None
        assert isinstance(raw, str) and isinstance(value, str) and value == raw, context
        if raw in {member.value for member in kind.enum_cls}:
            assert isinstance(value, kind.enum_cls), context
    elif value is None:
        assert is_marker(raw), context
    elif name == "int":
        assert type(value) is int, context
        if isinstance(raw, (int, float)):
            assert value == raw, context
        elif isinstance(raw, str) and ASCII_INT.fullmatch(raw.strip()):
            assert value == int(raw.strip()), context
    elif name == "float":
        assert type(value) is float and math.isfinite(value), context
        if isinstance(raw, (int, float)):
            assert value == float(raw), context
    elif name == "decimal":
        assert isinstance(value, Decimal) and value.is_finite(), context
        if type(raw) is int:
            assert value == raw, context
        elif isinstance(raw, float):
            assert float(value) == raw, context
        elif isinstance(raw, str):
            with contextlib.suppress(InvalidOperation):
                assert value == Decimal(raw.strip()), context
    elif name == "datetime":
        assert isinstance(value, datetime), context
        if isinstance(raw, str):
            with contextlib.suppress(ValueError):
                assert value == datetime.fromisoformat(raw), context
    elif name == "date":
        assert type(value) is date, context
    elif name == "timedelta":
        assert isinstance(value, timedelta), context
        if isinstance(raw, (int, float)):
            assert value == timedelta(seconds=raw), context
    else:
        raise AssertionError(f"unchecked kind {name}")


def check_warnings(model: type[Model], record: JSONValue, caught: list[DataWarning]) -> None:
    """Each warning names the model that owns the field, and its path, followed from the
    record, reaches the raw value it reports."""
    for warning in caught:
        segments = split_path(warning.path)
        assert segments and segments[0] in fields_of(model), warning.path
        chain = field_chain(model, segments)
        assert warning.model == chain[-1][0].__name__, (warning.model, warning.path)
        assert warning.provider == PROVIDER and warning.reason
        assert resolve(record, segments) is warning.raw, warning.path


def check_error_path(
    model: type[Model], record: JSONValue, error: DecodeError, *, required_only: bool
) -> None:
    """The error's path, followed from the record, reaches its raw value, or the parent of the
    missing key; in lenient mode every name on it is a required field."""
    assert error.provider == PROVIDER and str(error)
    segments = split_path(error.path)
    reached = resolve(record, segments)
    if reached is Missing.KEY:
        assert error.raw is None, error.path
    else:
        assert reached is error.raw, (error.path, reached, error.raw)
    chain = field_chain(model, segments)
    if required_only:
        assert all(spec.required for _, spec in chain), error.path


@attrs.frozen
class Decoded:
    obj: Model | None
    error: DecodeError | None
    warnings: list[DataWarning]


def decode(model: type[Model], record: JSONValue, *, strict: bool) -> Decoded:
    """Decode one record; any exception but `DecodeError` propagates, any warning but a
    `DataWarning` fails."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            obj: Model | None = decode_model(model, record, provider=PROVIDER, strict=strict)
            error = None
        except DecodeError as exc:
            obj, error = None, exc
    found: list[DataWarning] = []
    for entry in caught:
        assert isinstance(entry.message, DataWarning), f"{entry.category.__name__}: {entry.message}"
        found.append(entry.message)
    return Decoded(obj, error, found)


def fingerprint(obj: object) -> tuple[str, str, str]:
    assert isinstance(obj, Model)
    return type(obj).__name__, repr(obj), json.dumps(obj.to_dict(), sort_keys=True)


def check_contract(model: type[Model], record: JSONValue) -> Decoded:
    """Properties 1 and 2 for one record, in both modes; returns the lenient decode.

    Lenient: a DecodeError exactly when a required field is missing, null or unreadable (with a
    path along required fields), else the model as `check_model` says. Strict: a DecodeError
    whose path leads to the raw value, at or under the first lenient warning, exactly when
    lenient mode warned or failed; otherwise the same model.
    """
    lenient = decode(model, record, strict=False)
    verdict = record_verdict(model, record)
    if lenient.error is not None:
        assert verdict is not Verdict.OK, f"lenient decode refused a decodable record: {lenient}"
        assert not lenient.warnings
        check_error_path(model, record, lenient.error, required_only=True)
    else:
        assert verdict is not Verdict.BAD, "lenient decode accepted a bad required field"
        check_warnings(model, record, lenient.warnings)
        scoped = [(split_path(w.path), w) for w in lenient.warnings]
        check_model(model, lenient.obj, record, scoped, top=True)

    strict = decode(model, record, strict=True)
    assert not strict.warnings, "strict mode warns"
    if strict.error is None:
        assert lenient.error is None and not lenient.warnings, (
            "strict accepted what lenient did not"
        )
        assert fingerprint(strict.obj) == fingerprint(lenient.obj)
    else:
        assert lenient.error is not None or lenient.warnings, "strict refused a clean record"
        check_error_path(model, record, strict.error, required_only=False)
        if lenient.error is None:
            first = lenient.warnings[0].path
            assert strict.error.path == first or strict.error.path.startswith(
                (first + ".", first + "[")
            ), (strict.error.path, first)
    return lenient


# --- properties of the decoders -------------------------------------------------------------------


def test_every_model_is_discovered_exported_and_seeded() -> None:
    for model, entry in OWNERS.items():
        package = importlib.import_module(entry.client.__module__.rpartition(".")[0])
        assert model.__name__ in getattr(package, "__all__", ()) or model.__module__ in (
            entry.model_modules
        ), f"{model_id(model)} is not exported"
        assert SEEDS.get(model), f"{model_id(model)} has no seed record"
    for entry in REGISTRY.values():
        assert any(owner is entry for owner in OWNERS.values()), f"{entry.name} has no model"
    assert len(MODELS) >= 34  # the models there were when the registry came
    assert sum(len(records) for records in SEEDS.values()) > 80


@pytest.mark.parametrize("model", MODELS, ids=model_id)
def test_seed_records_decode_cleanly(model: type[Model]) -> None:
    """Property 4: the documented records give no warning (the Testpress artefacts aside),
    and decode identically in strict mode when they carry no artefact."""
    for record in SEEDS[model]:
        lenient = check_contract(model, record)
        assert lenient.error is None
        for warning in lenient.warnings:
            assert is_artefact(warning.raw), warning
            assert model.__module__.startswith("attempts_sdk.testpress.models")
        strict = decode(model, record, strict=True)
        if lenient.warnings:
            assert strict.error is not None and is_artefact(strict.error.raw)
            assert strict.error.path == lenient.warnings[0].path
        else:
            assert strict.error is None
            assert fingerprint(strict.obj) == fingerprint(lenient.obj)


@pytest.mark.parametrize("model", MODELS, ids=model_id)
@DECODE_SETTINGS
@given(data=st.data())
def test_mutated_seed_records_keep_the_contract(model: type[Model], data: st.DataObject) -> None:
    """Properties 1 and 2 on seed records with junk, odd values, deletions and extra keys."""
    check_contract(model, data.draw(mutated_records(model), label="record"))


@pytest.mark.parametrize("model", MODELS, ids=model_id)
@DECODE_SETTINGS
@given(data=st.data())
def test_random_records_keep_the_contract(model: type[Model], data: st.DataObject) -> None:
    """Properties 1 and 2 on random dicts keyed by the model's wire names."""
    check_contract(model, data.draw(random_records(model), label="record"))


@pytest.mark.parametrize("model", MODELS, ids=model_id)
@settings(max_examples=15, deadline=None, database=None)
@given(value=NON_OBJECTS)
def test_a_record_that_is_not_an_object_is_a_decode_error(
    model: type[Model], value: JSONValue
) -> None:
    """Property 3, for a record and for an item of a list of records, in both modes."""
    for strict in (False, True):
        with pytest.raises(DecodeError) as caught:
            decode_model(model, value, provider=PROVIDER, strict=strict)
        assert caught.value.path == "" and caught.value.raw is value
        with pytest.raises(DecodeError) as listed:
            decode_list(model, [value], provider=PROVIDER, strict=strict, path="results")
        assert listed.value.path == "results[0]" and listed.value.raw is value


def _decode_page(
    model: type[Model], items: list[JSONValue], *, strict: bool, item_key: str | None
) -> tuple[list[Model] | DecodeError, list[str]]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            page: list[Model] | DecodeError = decode_list(
                model, items, provider=PROVIDER, strict=strict, path="page", item_key=item_key
            )
        except DecodeError as exc:
            page = exc
    paths = []
    for entry in caught:
        assert isinstance(entry.message, DataWarning)
        paths.append(entry.message.path)
    return page, paths


@pytest.mark.parametrize("model", MODELS, ids=model_id)
@settings(max_examples=15, deadline=None, database=None)
@given(data=st.data())
def test_decode_list_prefixes_item_paths(model: type[Model], data: st.DataObject) -> None:
    """A page decodes as its records do one by one, with ``page[i]`` (``page[i].item`` for
    records sent as ``{"item": {...}}``) in front of every warning and error path; the first
    item that cannot be decoded, or is not such a wrapper, fails the page."""
    records = data.draw(
        st.lists(mutated_records(model) | st.sampled_from(SEEDS[model]), max_size=3), label="page"
    )
    item_key = data.draw(st.sampled_from([None, "item"]), label="item_key")
    items: list[JSONValue] = [{item_key: record} if item_key else record for record in records]
    unwrapped: set[int] = set()
    if item_key and items and data.draw(st.booleans(), label="break a wrapper"):
        index = data.draw(st.integers(0, len(items) - 1), label="broken")
        wrapper = items[index]
        assert isinstance(wrapper, dict)
        items[index] = data.draw(st.sampled_from([records[index], {**wrapper, "x": 1}]))
        unwrapped.add(index)
    for strict in (False, True):
        alone = [decode(model, record, strict=strict) for record in records]
        head = [f"page[{index}]" + (f".{item_key}" if item_key else "") for index in range(3)]
        page, paths = _decode_page(model, items, strict=strict, item_key=item_key)
        failed = [i for i, result in enumerate(alone) if result.error is not None or i in unwrapped]
        if failed and failed[0] in unwrapped:
            assert isinstance(page, DecodeError) and not paths
            assert page.path == f"page[{failed[0]}]" and page.raw is items[failed[0]]
        elif failed:
            error = alone[failed[0]].error
            assert isinstance(page, DecodeError) and error is not None and not paths
            assert page.path == head[failed[0]] + (f".{error.path}" if error.path else "")
            assert page.raw is error.raw
        else:
            assert isinstance(page, list)
            assert [fingerprint(obj) for obj in page] == [fingerprint(r.obj) for r in alone]
            assert paths == [
                f"{head[index]}.{warning.path}"
                for index, result in enumerate(alone)
                for warning in result.warnings
            ]


# Values that broke the decoders, pinned, with the field they sit in. Each can come out of
# json.loads: 1e400 is inf, NaN is accepted, a 401-digit literal is an int, and a string may hold
# any number of digits.
EDGE_RECORDS: list[tuple[str, type[Model], str, JSONValue]] = [
    ("float-from-huge-int", testpress.Attempt, "percentile", 10**400),
    ("float-from-huge-int-indeed", indeed.Attempt, "score", 10**400),
    ("float-inf", testpress.Attempt, "percentile", float("inf")),
    ("decimal-nan", testpress.Attempt, "score", float("nan")),
    ("decimal-inf", testpress.Attempt, "score", float("-inf")),
    ("duration-huge-int", testpress.Attempt, "time_taken", 10**20),
    ("duration-huge-float", testpress.Attempt, "time_taken", 1e300),
    ("duration-inf", testpress.Attempt, "time_taken", float("inf")),
    ("duration-nan", testpress.Attempt, "time_taken", float("nan")),
    ("duration-days", testpress.Attempt, "time_taken", "1000000000 days, 0:00:00"),
    ("duration-hours", testpress.Attempt, "time_taken", "99999999999999:00:00"),
    ("duration-digits", testpress.Attempt, "time_taken", "9" * 5000 + " days, 1:00:00"),
    ("int-digits", testpress.Attempt, "rank", "9" * 5000),
    ("required-int-digits", testpress.Attempt, "id", "9" * 5000),
    ("required-int-digits-cleverlms", cleverlms.TestAttempt, "q_count", "9" * 5000),
]


@pytest.mark.parametrize(
    ("label", "model", "wire", "raw"), EDGE_RECORDS, ids=[edge[0] for edge in EDGE_RECORDS]
)
def test_edge_values_are_rejected_not_crashing(
    label: str, model: type[Model], wire: str, raw: JSONValue
) -> None:
    """An optional field gets None, its raw value in ``.invalid`` and one warning; a required
    one is a DecodeError at its own path. In strict mode, a DecodeError there either way."""
    clean = next(record for record in SEEDS[model] if not decode(model, record, strict=True).error)
    record = {**clean, wire: raw}
    lenient = check_contract(model, record)
    if fields_of(model)[wire].required:
        assert lenient.error is not None and lenient.error.path == wire
        assert lenient.error.raw is raw
    else:
        assert [warning.path for warning in lenient.warnings] == [wire]
        assert lenient.obj is not None and lenient.obj.invalid == {wire: raw}
    strict = decode(model, record, strict=True)
    assert strict.error is not None and strict.error.path == wire and strict.error.raw is raw


# --- clients under junk answers -------------------------------------------------------------------

NO_RETRY = RetryPolicy(max_retries=0)
MAX_PAGES = 6
TP_BASE = "http://demo.testpress.in"  # the seeds' links are plain http on this host
TOKEN = "t0ken"


@attrs.frozen
class Answer:
    """One scripted HTTP answer."""

    status: int
    headers: dict[str, str]
    body: bytes


class Script:
    """A MockTransport handler: answers in turn (the last repeats), keeping what it sent."""

    def __init__(self, answers: list[Answer]) -> None:
        self._answers = answers
        self.sent: list[httpx.Response] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        answer = self._answers[min(len(self.sent), len(self._answers) - 1)]
        # a stream, so that Content-Encoding is undone by the client, not here
        response = httpx.Response(
            answer.status, headers=answer.headers, stream=httpx.ByteStream(answer.body)
        )
        self.sent.append(response)
        return response


def open_client(provider: str, transport: httpx.MockTransport, strict: bool) -> Any:
    """A sync client of ``provider`` that sends through ``transport`` and never retries."""
    if provider == "testpress":
        return TestpressClient(
            base_url=TP_BASE,
            token=TOKEN,
            transport=transport,
            retry_policy=NO_RETRY,
            strict=strict,
            allow_insecure_http=True,
        )
    if provider == "cleverlms":
        return CleverLMSClient(
            base_url="https://lms.example.com/api",
            token=TOKEN,
            transport=transport,
            retry_policy=NO_RETRY,
            strict=strict,
        )
    if provider == "thoughtindustries":
        return ThoughtIndustriesClient(
            base_url="https://example.thoughtindustries.com",
            api_key=TOKEN,
            transport=transport,
            retry_policy=NO_RETRY,
            strict=strict,
        )
    return IndeedClient(
        api_key=TOKEN, transport=transport, retry_policy=NO_RETRY, strict=strict, rate_limit=None
    )


Runner = Callable[[httpx.MockTransport, contextlib.ExitStack, bool], object]


def on(provider: str, method: Callable[[Any], object]) -> Runner:
    """Run ``method`` on a fresh client of ``provider`` (closed with the stack)."""

    def run(transport: httpx.MockTransport, stack: contextlib.ExitStack, strict: bool) -> object:
        return method(stack.enter_context(open_client(provider, transport, strict)))

    return run


def login(transport: httpx.MockTransport, stack: contextlib.ExitStack, strict: bool) -> object:
    client = TestpressClient.login(
        TP_BASE,
        "demouser",
        "pa55word",
        transport=transport,
        retry_policy=NO_RETRY,
        strict=strict,
        allow_insecure_http=True,
    )
    return stack.enter_context(client)


def _dig(body: JSONValue, *keys: str) -> JSONValue:
    for key in keys:
        body = body.get(key) if isinstance(body, dict) else None
    return body


def _list(value: JSONValue) -> list[JSONValue]:
    assert value is None or isinstance(value, list)
    return value or []


def drf_items(body: JSONValue) -> list[JSONValue]:
    return _list(_dig(body, "results"))


def cleverlms_items(body: JSONValue) -> list[JSONValue]:
    return _list(_dig(body, "data"))


def thoughtindustries_items(body: JSONValue) -> list[JSONValue]:
    flat = _dig(body, "data")
    if isinstance(flat, list):
        return flat
    top = _dig(body, "assessmentAttempts")
    if isinstance(top, list):
        return top
    return _list(_dig(body, "data", "AssessmentAttempts", "assessmentAttempts"))


def thoughtindustries_events(body: JSONValue) -> list[JSONValue]:
    top = _dig(body, "events")
    if isinstance(top, list):
        return top
    return _list(_dig(body, "data", "APIEvents", "events"))


def wrapped_items(key: str) -> Callable[[JSONValue], list[JSONValue]]:
    """Indeed's ``results``, each item unwrapped from ``{key: {...}}``."""

    def items(body: JSONValue) -> list[JSONValue]:
        return [
            item[key] if isinstance(item, dict) and list(item) == [key] else item
            for item in _list(_dig(body, "results"))
        ]

    return items


indeed_items = wrapped_items("assignment")


def bodies(provider: str, *names: str) -> tuple[JSONValue, ...]:
    """Fixtures as sent; a list page also without its next link, so that it can succeed."""
    found: list[JSONValue] = []
    for name in names:
        body = fixture_json(provider, name)
        found.append(body)
        if isinstance(body, dict) and body.get("next"):
            found.append({**body, "next": None})
    return tuple(found)


@attrs.frozen
class Call:
    """One client method: how to run it, what it decodes, plausible bodies to mutate, and
    where a page's raw records are (list methods)."""

    name: str
    run: Runner = attrs.field(repr=False)
    model: type[Model] = attrs.field(repr=False)
    seeds: tuple[JSONValue, ...] = attrs.field(repr=False)
    envelope: str | None = attrs.field(default=None, repr=False)
    items: Callable[[JSONValue], list[JSONValue]] | None = attrs.field(default=None, repr=False)
    flatten: bool = attrs.field(default=False, repr=False)  # iter_attempts: embedded attempts
    # records the page sends beside its items: (item field, item key field, list, model)
    related: tuple[tuple[str, str, str, type[Model]], ...] = attrs.field(default=(), repr=False)

    @property
    def item_model(self) -> type[Model]:
        return indeed.Attempt if self.flatten else self.model


_ADMIN_ATTEMPT = select(fixture_json("testpress", "admin_list_attempts"), ("results", "*"))[0]
_TP_ATTEMPT = bodies("testpress", "get_attempt", "send_heartbeat")

SYNC_CALLS: list[Call] = [
    Call("testpress.login", login, testpress.AuthToken, (LOGIN_ANSWER,)),
    Call(
        "testpress.get_attempt",
        on("testpress", lambda c: c.get_attempt(1)),
        testpress.Attempt,
        _TP_ATTEMPT,
    ),
    Call(
        "testpress.create_attempt",
        on("testpress", lambda c: c.create_attempt("dummy-test-7-8")),
        testpress.Attempt,
        bodies("testpress", "create_attempt"),
    ),
    Call(
        "testpress.start_attempt",
        on("testpress", lambda c: c.start_attempt(125894)),
        testpress.Attempt,
        bodies("testpress", "start_attempt"),
    ),
    Call(
        "testpress.send_heartbeat",
        on("testpress", lambda c: c.send_heartbeat(400)),
        testpress.Attempt,
        bodies("testpress", "send_heartbeat"),
    ),
    Call(
        "testpress.end_attempt",
        on("testpress", lambda c: c.end_attempt(125894)),
        testpress.Attempt,
        bodies("testpress", "end_attempt"),
    ),
    Call(
        "testpress.update_attempt_question",
        on("testpress", lambda c: c.update_attempt_question(1, 2, selected_answers=[3])),
        testpress.AttemptQuestion,
        bodies("testpress", "update_attempt_question"),
    ),
    Call(
        "testpress.admin.get_attempt",
        on("testpress", lambda c: c.admin.get_attempt(68701)),
        testpress.AdminAttempt,
        (_ADMIN_ATTEMPT,),
    ),
    Call(
        "testpress.list_attempts",
        on("testpress", lambda c: c.list_attempts(course="TNPSC")),
        testpress.Attempt,
        bodies("testpress", "list_attempts"),
        items=drf_items,
    ),
    Call(
        "testpress.list_exam_attempts",
        on("testpress", lambda c: c.list_exam_attempts("dummy-test-7-8")),
        testpress.Attempt,
        bodies("testpress", "list_exam_attempts"),
        items=drf_items,
    ),
    Call(
        "testpress.list_attempt_questions",
        on("testpress", lambda c: c.list_attempt_questions(122046)),
        testpress.AttemptQuestion,
        bodies("testpress", "list_attempt_questions"),
        items=drf_items,
    ),
    Call(
        "testpress.list_review_questions",
        on("testpress", lambda c: c.list_review_questions(12)),
        testpress.ReviewQuestion,
        bodies("testpress", "list_review_questions"),
        items=drf_items,
    ),
    Call(
        "testpress.list_subject_analytics",
        on("testpress", lambda c: c.list_subject_analytics(12)),
        testpress.SubjectAnalytics,
        bodies("testpress", "list_subject_analytics"),
        items=drf_items,
    ),
    Call(
        "testpress.admin.list_attempts",
        on("testpress", lambda c: c.admin.list_attempts(ordering="-date", exam_id=133)),
        testpress.AdminAttempt,
        bodies("testpress", "admin_list_attempts"),
        items=drf_items,
    ),
    Call(
        "testpress.list_exams",
        on("testpress", lambda c: c.list_exams(state="available")),
        testpress.Exam,
        bodies("testpress", "list_exams"),
        items=drf_items,
    ),
    Call(
        "testpress.get_exam",
        on("testpress", lambda c: c.get_exam("aptitude-analytical-maths-nbe-template-15")),
        testpress.Exam,
        bodies("testpress", "get_exam"),
    ),
    Call(
        "testpress.admin.get_attempt.detail",
        on("testpress", lambda c: c.admin.get_attempt(1)),
        testpress.AdminAttempt,
        bodies("testpress", "admin_get_attempt"),
    ),
    Call(
        "testpress.admin.list_attempt_answers",
        on("testpress", lambda c: c.admin.list_attempt_answers(476)),
        testpress.UserAnswer,
        bodies("testpress", "admin_list_attempt_answers"),
        items=lambda body: _list(_dig(body, "results", "user_answers")),
        related=(("question", "exam_question_id", "exam_questions", testpress.ExamQuestion),),
    ),
    Call(
        "testpress.admin.list_content_attempts",
        on("testpress", lambda c: c.admin.list_content_attempts(course_ids=[8, 1])),
        testpress.ContentAttempt,
        bodies("testpress", "admin_list_content_attempts"),
        items=lambda body: _list(_dig(body, "results", "content_attempts")),
        related=tuple(
            (attr, key, source, model)
            for (source, model), (attr, key) in zip(
                CONTENT_PAGE_LISTS[1:],
                [
                    ("user", "user_id"),
                    ("course", "course_id"),
                    ("chapter_content", "chapter_content_id"),
                    ("user_exam", "assessment_id"),
                    ("user_video", "user_video_id"),
                    ("user_video_conference", "user_video_conference_id"),
                    ("user_live_stream", "user_live_stream_id"),
                ],
                strict=True,
            )
        ),
    ),
    Call(
        "cleverlms.export_test_attempts",
        on("cleverlms", lambda c: c.export_test_attempts(per_page=100)),
        cleverlms.TestAttempt,
        bodies("cleverlms", "attempts"),
        items=cleverlms_items,
    ),
    Call(
        "cleverlms.export_test_answers",
        on("cleverlms", lambda c: c.export_test_answers(question=[6163], per_page=100)),
        cleverlms.TestAnswer,
        bodies("cleverlms", "answers"),
        items=cleverlms_items,
    ),
    Call(
        "thoughtindustries.list_assessment_attempts",
        on("thoughtindustries", lambda c: c.list_assessment_attempts(per_page=10)),
        thoughtindustries.AssessmentAttempt,
        bodies(
            "thoughtindustries",
            "list_assessment_attempts",
            "list_assessment_attempts_flat",
            "list_assessment_attempts_top_level",
        ),
        items=thoughtindustries_items,
    ),
    Call(
        "thoughtindustries.list_quiz_attempt_events",
        on("thoughtindustries", lambda c: c.list_quiz_attempt_events(kind="completed")),
        thoughtindustries.QuizAttemptEvent,
        bodies(
            "thoughtindustries", "list_quiz_attempt_events", "list_quiz_attempt_events_top_level"
        ),
        items=thoughtindustries_events,
    ),
    Call(
        "indeed.get_attempt",
        on("indeed", lambda c: c.get_attempt("khbgltqixvvyoxeb")),
        indeed.Attempt,
        bodies("indeed", "get_attempt", "get_attempt_v0"),
        envelope="attempt",
    ),
    Call(
        "indeed.get_assignment",
        on("indeed", lambda c: c.get_assignment("yw4gmpjjtkgkdxjkuoghsa")),
        indeed.Assignment,
        bodies("indeed", "get_assignment"),
        envelope="assignment",
    ),
    Call(
        "indeed.list_assignments",
        on("indeed", lambda c: c.list_assignments(per_page=25)),
        indeed.Assignment,
        bodies("indeed", "list_assignments"),
        items=indeed_items,
    ),
    Call(
        "indeed.iter_attempts",
        on("indeed", lambda c: c.iter_attempts()),
        indeed.Assignment,
        bodies("indeed", "list_assignments"),
        items=indeed_items,
        flatten=True,
    ),
    Call(
        "indeed.create_assignment",
        on("indeed", lambda c: c.create_assignment(email="a@example.com", role_id="r1")),
        indeed.Assignment,
        bodies("indeed", "get_assignment"),
        envelope="assignment",
    ),
    Call(
        "indeed.get_role",
        on("indeed", lambda c: c.get_role("pgrnovpmee0qkljd")),
        indeed.Role,
        bodies("indeed", "get_role"),
        envelope="role",
    ),
    Call(
        "indeed.get_assessment",
        on("indeed", lambda c: c.get_assessment("are-you-a-human")),
        indeed.Assessment,
        bodies("indeed", "get_assessment", "clone_assessment"),
        envelope="assessment",
    ),
    Call(
        "indeed.list_roles",
        on("indeed", lambda c: c.list_roles(per_page=25)),
        indeed.Role,
        bodies("indeed", "list_roles", "list_roles_page1_per1"),
        items=wrapped_items("role"),
    ),
    Call(
        "indeed.list_assessments",
        on("indeed", lambda c: c.list_assessments()),
        indeed.Assessment,
        bodies("indeed", "list_assessments"),
        items=wrapped_items("assessment"),
    ),
]
_CALLS = {call.name: call for call in SYNC_CALLS}
ASYNC_CALLS = [_CALLS["testpress.get_attempt"], _CALLS["testpress.list_attempts"]]

ODD_HEADERS: dict[str, tuple[str, ...]] = {
    "Retry-After": (
        "0",
        "-1",
        "1e400",
        "nan",
        "99999999999999999999",
        "Wed, 21 Oct 2015 07:28:00 GMT",
        "Mon, 01 Jan 0001 00:00:00 +2359",
        "Fri, 31 Dec 9999 23:59:59 -2359",
        "Sun, 00 Foo 0000 99:99:99 XYZ",
    ),
    "Content-Type": (
        "application/json",
        "application/json; charset=rot13",
        "application/json; charset=hex",
        "text/html; charset=utf-16",
        "text/plain; charset=idna",
        "text/plain; charset=no-such-codec",
        "garbage",
    ),
    "X-RateLimit-Limit": ("100", "-5", "1e400", "inf", "nan", "abc", "1.5"),
    "X-RateLimit-Remaining": ("0", "inf", "nan", "-inf", "9" * 400),
    "X-RateLimit-Reset": ("1700000000", "nan", "inf", "1e400", "soon"),
    "Content-Encoding": ("gzip", "deflate", "br", "identity", "bogus"),
    "Location": (
        "/",
        "/api/v2.2/attempts/",
        "https://other.example/x",
        "ftp://example.com/",
        "http://[::1",
        "//",
        "http://demo.testpress.in:99999/",
    ),
    "Content-Length": ("0", "-1", "abc", "99999"),
}
HEADER_VALUES = {
    name: st.sampled_from(values) | st.text(st.characters(min_codepoint=32, max_codepoint=126))
    for name, values in ODD_HEADERS.items()
}
HEADERS: st.SearchStrategy[dict[str, str]] = st.lists(
    st.sampled_from(sorted(ODD_HEADERS)), max_size=3, unique=True
).flatmap(lambda names: st.fixed_dictionaries({name: HEADER_VALUES[name] for name in names}))
STATUSES = st.one_of(
    st.sampled_from([200, 200, 200, 201, 204, 301, 302, 400, 401, 404, 422, 429, 500, 503]),
    st.integers(100, 599),
)
JUNK_BODIES: tuple[bytes, ...] = (
    b"",
    b"null",
    b"[]",
    b"{}",
    b'"text"',
    b"NaN",
    b"1e400",
    b"1" * 5000,  # more digits than int() takes
    b"[" * 100_000 + b"]" * 100_000,
    b'{"a":' * 50_000 + b"1" + b"}" * 50_000,
    b"\xff\xfe{\x00",
    b'{"detail": "Request was throttled. Expected available in 1e400 seconds."}',
    b'{"detail": {"error_code": 1, "message": null, "x": [1, null]}}',
    b'{"retryAfter": 1e400}',
    b'{"errors": [null, 1, {"message": 5}, "text"], "message": ["x"]}',
    b'{"results": "nope", "next": 5, "data": {"AssessmentAttempts": 1}, "meta": []}',
)


def _dump(value: JSONValue) -> bytes:
    return json.dumps(value).encode()


def answers_for(call: Call) -> st.SearchStrategy[list[Answer]]:
    """One to three answers: mostly the call's fixtures, mutated; else JSON, bytes or junk."""
    seeds = st.sampled_from(call.seeds)
    plausible = seeds.flatmap(lambda seed: mutated(seed)).map(_dump)
    body = st.one_of(
        seeds.map(_dump),
        plausible,
        plausible,
        JSON_VALUES.map(_dump),
        st.binary(max_size=40),
        st.sampled_from(JUNK_BODIES),
    )
    answer = st.builds(Answer, status=STATUSES, headers=HEADERS, body=body)
    return st.lists(answer, min_size=1, max_size=3)


def quietly_decode(call: Call, body: JSONValue, strict: bool) -> object:
    """What the call must give for ``body``: the page's items, or the one model."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if call.items is None:
            return decode_model(call.model, body, provider=PROVIDER, strict=strict)
        decoded = decode_list(
            call.model, call.items(body), provider=PROVIDER, strict=strict, path=""
        )
        for attr, key, source, model in call.related:
            attach(decoded, attr, key, _list(_dig(body, "results", source)), model, strict)
    if call.flatten:
        return [
            attempt
            for assignment in decoded
            if isinstance(assignment, indeed.Assignment)
            for attempt in assignment.attempts
        ]
    return decoded


def attach(
    items: list[Any], attr: str, key: str, raw: list[JSONValue], model: type[Model], strict: bool
) -> None:
    """What a page join must give: each item's ``attr`` is the first record of ``raw`` (decoded
    one by one) whose id is the item's ``key``."""
    records: dict[object, Model] = {}
    for record in raw:
        decoded = decode_model(model, record, provider=PROVIDER, strict=strict)
        records.setdefault(getattr(decoded, "id", None), decoded)
    for item in items:
        found = None if getattr(item, key) is None else records.get(getattr(item, key))
        object.__setattr__(item, attr, found)


def check_page(call: Call, page: object, strict: bool) -> None:
    """A page's items are the records of its response, decoded; its metadata is well typed."""
    assert isinstance(page, Page)
    assert all(isinstance(item, call.item_model) for item in page)
    assert page.total is None or type(page.total) is int
    assert isinstance(page.has_next, bool)
    rate = page.rate_limit
    if rate is not None:
        assert isinstance(rate, RateLimitInfo)
        assert rate.limit is None or type(rate.limit) is int
        assert rate.remaining is None or type(rate.remaining) is int
        assert rate.reset is None or math.isfinite(rate.reset)
    assert page.response.status_code < 400
    reference = quietly_decode(call, json.loads(page.response.content), strict)
    assert isinstance(reference, list)
    assert [fingerprint(item) for item in page] == [fingerprint(item) for item in reference]


def check_result(call: Call, result: object, script: Script, strict: bool) -> None:
    """A single-object call gives the last answer's body (or envelope), decoded."""
    last = script.sent[-1]
    assert last.status_code < 400
    body = json.loads(last.content)
    if call.model is testpress.AuthToken:
        assert isinstance(result, TestpressClient)
        token = quietly_decode(call, body, strict)
        assert isinstance(token, testpress.AuthToken) and token.token
        return
    if call.envelope is not None:
        assert isinstance(body, dict)
        body = body[call.envelope]
    assert isinstance(result, call.model)
    assert fingerprint(result) == fingerprint(quietly_decode(call, body, strict))


def check_sdk_error(error: AttemptsSDKError, script: Script) -> None:
    """A status error carries the status answered last (4xx/5xx, or a redirect not followed);
    a decode error's path leads, in the body answered last, to its raw value (or to the parent
    of a missing key)."""
    assert str(error)
    if isinstance(error, APIStatusError):
        assert script.sent, error
        last = script.sent[-1]
        assert error.response is last and error.status_code == last.status_code
        assert last.status_code >= 400 or last.has_redirect_location, error
    if isinstance(error, DecodeError) and error.path:
        reached = resolve(json.loads(script.sent[-1].content), split_path(error.path))
        if reached is Missing.KEY:
            assert error.raw is None
        else:
            assert same_json(reached, error.raw), (error.path, reached, error.raw)


@attrs.define
class Outcome:
    """What a client method gave (in strict mode or not): its result (or its pages), or the SDK
    error it raised."""

    strict: bool
    results: list[object] = attrs.Factory(list)
    error: AttemptsSDKError | None = None


def check_outcome(call: Call, outcome: Outcome, script: Script, caught: list[Any]) -> None:
    """Checked once the call is over, so that a failing check is never taken for an SDK error."""
    for entry in caught:
        assert isinstance(entry.message, DataWarning), f"{entry.category.__name__}: {entry.message}"
    if call.items is None and outcome.error is None:
        (result,) = outcome.results
        check_result(call, result, script, outcome.strict)
    if call.items is not None:
        for page in outcome.results:
            check_page(call, page, outcome.strict)
    if outcome.error is not None:
        check_sdk_error(outcome.error, script)


def exercise(call: Call, answers: list[Answer], *, strict: bool = False) -> Outcome:
    """Run one sync client method against the scripted answers (every page of a list, up to
    `MAX_PAGES`): models come out, or an SDK error; only DataWarnings are issued."""
    script = Script(answers)
    outcome = Outcome(strict)
    with warnings.catch_warnings(record=True) as caught, contextlib.ExitStack() as stack:
        warnings.simplefilter("always")
        try:
            result = call.run(httpx.MockTransport(script), stack, strict)
            if call.items is None:
                outcome.results.append(result)
            else:
                assert isinstance(result, Paginator)
                outcome.results.extend(itertools.islice(result.pages(), MAX_PAGES))
        except AttemptsSDKError as error:
            outcome.error = error
    check_outcome(call, outcome, script, caught)
    return outcome


async def _run_async(call: Call, script: Script, outcome: Outcome) -> None:
    async with AsyncTestpressClient(
        base_url=TP_BASE,
        token=TOKEN,
        transport=httpx.MockTransport(script),
        retry_policy=NO_RETRY,
        strict=outcome.strict,
        allow_insecure_http=True,
    ) as client:
        try:
            if call.items is None:
                outcome.results.append(await client.get_attempt(1))
            else:
                async for page in client.list_attempts(course="TNPSC").pages():
                    outcome.results.append(page)
                    if len(outcome.results) == MAX_PAGES:
                        break
        except AttemptsSDKError as error:
            outcome.error = error


def exercise_async(call: Call, answers: list[Answer], *, strict: bool) -> None:
    """`exercise`, with the async Testpress client."""
    script = Script(answers)
    outcome = Outcome(strict)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        asyncio.run(_run_async(call, script, outcome))
    check_outcome(call, outcome, script, caught)


@pytest.mark.parametrize("call", SYNC_CALLS, ids=lambda call: call.name)
@CLIENT_SETTINGS
@given(data=st.data())
def test_sync_client_methods_give_models_or_sdk_errors(call: Call, data: st.DataObject) -> None:
    """Property 5 for every method of every sync client, lenient or strict."""
    strict = data.draw(st.booleans(), label="strict")
    exercise(call, data.draw(answers_for(call), label="answers"), strict=strict)


@pytest.mark.parametrize("call", ASYNC_CALLS, ids=lambda call: call.name)
@CLIENT_SETTINGS
@given(data=st.data())
def test_async_client_methods_give_models_or_sdk_errors(call: Call, data: st.DataObject) -> None:
    """Property 5 for the async Testpress client (a coroutine method and an async list)."""
    strict = data.draw(st.booleans(), label="strict")
    exercise_async(call, data.draw(answers_for(call), label="answers"), strict=strict)


def _ok(body: bytes, **headers: str) -> Answer:
    return Answer(200, headers, body)


_DEEP = b"[" * 100_000 + b"]" * 100_000
_EMPTY_DRF = b'{"count": 0, "next": null, "results": []}'
_ROT13 = {"Content-Type": "text/html; charset=rot13"}
_HEX = {"Content-Type": "text/plain; charset=hex"}
_UTF16 = {"Content-Type": "text/plain; charset=utf-16"}


def _nested(depth: int, inner: bytes = b"1") -> bytes:
    """An object ``depth`` levels deep: within orjson's limit (1024), beyond the recursion
    limit of anything that walks it with Python recursion."""
    return b'{"a": ' * depth + inner + b"}" * depth


# an error body each provider's reader digs into, 1000 deep where it looks for the message
_NESTED_ERRORS = [
    (
        "testpress-detail",
        "testpress.get_attempt",
        404,
        b'{"detail": ' + _nested(999) + b"}",
        NotFoundError,
    ),
    (
        "testpress-field",
        "testpress.get_attempt",
        400,
        b'{"detail": {"f": [' + _nested(998) + b"]}}",
        BadRequestError,
    ),
    (
        "cleverlms-errors",
        "cleverlms.export_test_attempts",
        422,
        b'{"errors": [' + _nested(999) + b"]}",
        UnprocessableEntityError,
    ),
    (
        "thoughtindustries-errors",
        "thoughtindustries.list_assessment_attempts",
        400,
        b'{"errors": [' + _nested(999) + b'], "message": ' + _nested(998) + b"}",
        BadRequestError,
    ),
    ("indeed-error", "indeed.get_attempt", 404, b'{"error": ' + _nested(999) + b"}", NotFoundError),
]

# Answers that broke a client, pinned, with what must come out (None: models). Each is something
# a server, or a proxy in front of it, can send.
_REDIRECT_WITHOUT_PAGE = Answer(302, {"Location": "/v1/assignments.json"}, b"")
_ONE_ASSIGNMENT = _ok(b'{"results": [{"assignment": {"id": "a"}}]}')

EDGE_ANSWERS: list[tuple[str, str, Answer | list[Answer], type[AttemptsSDKError] | None]] = [
    ("deep-nesting", "indeed.get_attempt", _ok(_DEEP), DecodeError),
    ("deep-nesting-page", "cleverlms.export_test_attempts", _ok(_DEEP), DecodeError),
    ("deep-nesting-500-body", "indeed.get_attempt", Answer(500, {}, _DEEP), InternalServerError),
    (
        "deep-nesting-429-body",
        "testpress.get_attempt",
        Answer(429, {}, b'{"a":' * 10**5),
        RateLimitError,
    ),
    *(
        (f"error-body-1000-deep-{label}", name, Answer(status, {}, body), expected)
        for label, name, status, body, expected in _NESTED_ERRORS
    ),
    (  # 12345678901234567168 as a float: never taken for the id
        "float-id-beyond-2^53",
        "testpress.get_attempt",
        _ok(b'{"id": 12345678901234567891.0}'),
        DecodeError,
    ),
    ("charset-rot13", "testpress.get_attempt", _ok(b"<html>", **_ROT13), DecodeError),
    (
        "charset-hex-502",
        "indeed.get_attempt",
        Answer(502, _HEX, b"Bad gateway"),
        InternalServerError,
    ),
    ("charset-utf16-page", "cleverlms.export_test_attempts", _ok(b"oops", **_UTF16), DecodeError),
    (
        "cursor-surrogate",
        "thoughtindustries.list_assessment_attempts",
        _ok(b'{"data": [], "meta": {"nextCursor": "\\ud800"}}'),
        AttemptsSDKError,
    ),
    (
        "next-link-surrogate",
        "testpress.list_attempts",
        _ok(b'{"count": 0, "next": "/api/v2.2/attempts/?page=\\ud800", "results": []}'),
        AttemptsSDKError,
    ),
    (
        "unwrapped-item",
        "indeed.list_assignments",
        _ok(b'{"results": [[{"assignment": {}}]]}'),
        DecodeError,
    ),
    (
        "rate-limit-inf",
        "testpress.list_subject_analytics",
        _ok(_EMPTY_DRF, **{"X-RateLimit-Limit": "inf"}),
        None,
    ),
    (
        "rate-limit-nan",
        "indeed.list_assignments",
        _ok(b'{"results": []}', **{"X-RateLimit-Remaining": "nan"}),
        None,
    ),
    ("duration-overflow", "testpress.get_attempt", _ok(b'{"id": 1, "time_taken": 1e20}'), None),
    ("redirect-without-location", "indeed.get_attempt", Answer(301, {}, b""), AttemptsSDKError),
    ("not-modified", "testpress.get_attempt", Answer(304, {}, b""), AttemptsSDKError),
    (
        "redirect-to-bad-url",
        "testpress.get_attempt",
        Answer(302, {"Location": "http://[::1"}, b""),
        AttemptsSDKError,
    ),
    (  # httpx builds the next request of any redirect, and refused this Location itself
        "redirect-to-relative-scheme-url",
        "testpress.admin.list_attempts",
        Answer(301, {"Location": "A:0"}, b""),
        APIConnectionError,
    ),
    (
        "redirect-drops-page-number",
        "indeed.list_assignments",
        [_REDIRECT_WITHOUT_PAGE, _ONE_ASSIGNMENT],
        None,
    ),
    (
        "float-overflow",
        "indeed.get_attempt",
        _ok(b'{"attempt": {"id": "a", "score": 1' + b"0" * 400 + b"}}"),
        None,
    ),
]


@pytest.mark.parametrize(
    ("label", "name", "answer", "expected"), EDGE_ANSWERS, ids=[edge[0] for edge in EDGE_ANSWERS]
)
def test_edge_answers_give_models_or_sdk_errors(
    label: str, name: str, answer: Answer | list[Answer], expected: type[AttemptsSDKError] | None
) -> None:
    outcome = exercise(_CALLS[name], answer if isinstance(answer, list) else [answer])
    if expected is None:
        assert outcome.error is None and len(outcome.results) == 1
    else:
        assert isinstance(outcome.error, expected), outcome.error
