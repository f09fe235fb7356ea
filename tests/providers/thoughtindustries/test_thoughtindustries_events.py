"""Thought Industries beyond the seed: the quiz-attempt event feed, the top-level envelope real
extractors read, the two date forms, and the default rate limit. Contract tests run with the
sync and the async client (``harness``); the fake's tests also over real HTTP (``via``).

Fixtures: ``list_quiz_attempt_events.json`` is the feed page's example verbatim (its one event
is ``{}``: no event field is documented); ``list_quiz_attempt_events_top_level.json`` is the
pagination page's events example, whose ``"events": [ ... ]`` is made ``[]`` (FACTS.md);
``list_assessment_attempts_top_level.json`` holds the documented attempt in the envelope a
production extractor reads (``{"assessmentAttempts": [...], "pageInfo": {"hasMore",
"cursor"}}``): no page documents that envelope, so the fixture re-envelopes the documented
record. The events with fields below follow the other event feeds' records, as that extractor
reads them (``timestamp``, ``userDetail``, ...).
"""

from __future__ import annotations

import copy
import math
import time
import uuid
from datetime import date, datetime, timedelta, timezone
from typing import Any

import httpx
import pytest

from attempts_sdk import PROVIDERS, DataWarning, DecodeError, PaginationError
from attempts_sdk.testing import FakeThoughtIndustries
from attempts_sdk.thoughtindustries import (
    AsyncThoughtIndustriesClient,
    QuizAttemptEvent,
    ThoughtIndustriesClient,
)
from conftest import Harness, MockServer, fixture_json, json_response
from support.fakes import connected, raw_client

BASE_URL = "https://example.thoughtindustries.com"
API_KEY = "ti_test_9f3c2a7e51b84d06"
EVENTS = "/incoming/v2/events/quizAttempt"
ATTEMPTS = "/incoming/v2/assessmentAttempts"
UTC = timezone.utc
USER = "938bdac8-1833-4e52-84a2-8e5a798ecb7a"


def make_client(harness: Harness, transport: httpx.MockTransport, **options: Any) -> Any:
    options.setdefault("rate_limit", None)  # the default 120 a minute has its own test
    return harness.client(
        ThoughtIndustriesClient,
        AsyncThoughtIndustriesClient,
        base_url=BASE_URL,
        api_key=API_KEY,
        transport=transport,
        **options,
    )


def event(number: int, **fields: Any) -> dict[str, Any]:
    """An event with the fields of Thought Industries' other event feeds."""
    record = {
        "id": f"00000000-0000-4000-8000-{number:012d}",
        "event": "quizAttempt",
        "kind": "completed",
        "timestamp": f"2024-05-01T10:{number:02d}:00.000Z",
        "companyId": "6f0c5a52-1b7e-4f3d-9a41-2c8e5d7b9f10",
        "notifiableId": "f2cf1510-eee7-4fd4-bce1-923e6505cb27",
        "courseId": "20b521b8-24cd-4512-b2c2-cda21e167432",
        "courseTitle": "Data Privacy Essentials",
        "topicId": "56055d05-7345-4002-8ed9-564edc81198a",
        "topicTitle": "GDPR Basics Check",
        "user": "chloe.martin@acme.example",
        "userDetail": {"id": USER, "country": "FR", "ref1": None, "sfAccountId": "0015"},
    }
    record.update(fields)
    return record


def events_page(
    envelope: str, items: list[dict[str, Any]], cursor: str | None, *, has_more: bool = True
) -> dict[str, Any]:
    if envelope == "top_level":
        return {"pageInfo": {"cursor": cursor, "hasMore": has_more}, "events": items}
    info = {"perPage": 2, "cursor": cursor, "total": 5, "hasMore": has_more}
    return {"data": {"APIEvents": {"pageInfo": info, "events": items}}}


def by_cursor(pages: dict[str | None, dict[str, Any]]) -> MockServer:
    """A server answering ``EVENTS`` and ``ATTEMPTS`` with the page of the request's cursor."""

    def respond(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json=pages[request.url.params.get("cursor")])

    return MockServer().add("GET", EVENTS, respond).add("GET", ATTEMPTS, respond)


# --- the feed: the documented envelopes --------------------------------------------------------


def test_documented_feed_example_decodes(harness: Harness) -> None:
    server = MockServer().add(
        "GET", EVENTS, json_response(fixture_json("thoughtindustries", "list_quiz_attempt_events"))
    )
    client = make_client(harness, server.transport)

    page = harness.first_page(client.list_quiz_attempt_events())

    assert len(page) == 1 and page.total == 0 and page.has_next  # cursor "string", hasMore
    (only,) = page
    assert isinstance(only, QuizAttemptEvent)
    assert set(only.to_dict().values()) == {None} and only.extra == {}
    assert server.paths() == [EVENTS]


def test_pagination_page_envelope_is_followed_past_its_empty_page(harness: Harness) -> None:
    documented = fixture_json("thoughtindustries", "list_quiz_attempt_events_top_level")
    cursor = documented["pageInfo"]["cursor"]  # base64 of a Unix time in milliseconds
    last = events_page("top_level", [event(1), event(2)], None, has_more=False)
    server = by_cursor({None: documented, cursor: last})
    client = make_client(harness, server.transport)

    events = harness.collect(client.list_quiz_attempt_events(kind="completed"))

    assert [e.id for e in events] == [event(1)["id"], event(2)["id"]]
    second = server.requests[1].url.params
    assert (second["cursor"], second["kind"]) == ("MTUxODM2NTg1Mzk5OQ", "completed")


@pytest.mark.parametrize("envelope", ["nested", "top_level"])
def test_both_envelopes_follow_the_cursor_and_stop(harness: Harness, envelope: str) -> None:
    server = by_cursor(
        {
            None: events_page(envelope, [event(5), event(4)], "c2"),
            "c2": events_page(envelope, [event(3), event(2)], "c3"),
            "c3": events_page(envelope, [event(1)], "c4", has_more=False),
        }
    )
    client = make_client(harness, server.transport)

    events = harness.collect(client.list_quiz_attempt_events(user_id=uuid.UUID(USER)))

    assert [e.timestamp.minute for e in events if e.timestamp] == [5, 4, 3, 2, 1]
    assert [r.url.params.get("cursor") for r in server.requests] == [None, "c2", "c3"]
    assert {r.url.params["userId"] for r in server.requests} == {USER}


@pytest.mark.parametrize("envelope", ["nested", "top_level"])
def test_a_repeating_event_cursor_is_refused(harness: Harness, envelope: str) -> None:
    server = by_cursor(
        {
            None: events_page(envelope, [event(2)], "again"),
            "again": events_page(envelope, [event(1)], "again"),
        }
    )
    client = make_client(harness, server.transport)

    with pytest.raises(PaginationError, match="same next link or cursor"):
        harness.collect(client.list_quiz_attempt_events())


@pytest.mark.parametrize(
    "body",
    [{"data": {"Other": {}}}, {"events": {"not": "a list"}}, {"data": {"APIEvents": []}}, []],
)
def test_a_body_in_no_documented_envelope_is_a_decode_error(harness: Harness, body: Any) -> None:
    server = MockServer().add("GET", EVENTS, json_response(body))
    client = make_client(harness, server.transport)

    with pytest.raises(DecodeError, match="not the documented list envelope"):
        harness.first_page(client.list_quiz_attempt_events())


# --- the feed: its records -----------------------------------------------------------------------


def test_event_fields_are_typed_and_unknown_keys_kept(harness: Harness) -> None:
    record = event(7, grade=88)
    server = MockServer().add(
        "GET", EVENTS, json_response(events_page("nested", [record], None, has_more=False))
    )
    client = make_client(harness, server.transport)

    (got,) = harness.collect(client.list_quiz_attempt_events())

    assert got.timestamp == datetime(2024, 5, 1, 10, 7, tzinfo=UTC)
    assert (got.kind, got.event, got.user) == ("completed", "quizAttempt", record["user"])
    assert got.company_id == record["companyId"] and got.notifiable_id == record["notifiableId"]
    assert (got.course_title, got.topic_title) == ("Data Privacy Essentials", "GDPR Basics Check")
    assert got.user_detail == record["userDetail"]
    assert got.extra == {"grade": 88}
    wire = got.to_dict()
    assert datetime.fromisoformat(str(wire.pop("timestamp"))) == got.timestamp
    assert wire == {key: value for key, value in record.items() if key != "timestamp"}


def test_odd_event_values_warn_in_lenient_mode_and_raise_in_strict(harness: Harness) -> None:
    odd = event(1, timestamp="2.25-11-07T12:37:11+05:30", userDetail="not an object", id=42)
    body = events_page("nested", [odd], None, has_more=False)
    server = MockServer().add("GET", EVENTS, json_response(body))

    lenient = make_client(harness, server.transport)
    with pytest.warns(DataWarning) as caught:
        (got,) = harness.collect(lenient.list_quiz_attempt_events())
    assert got.timestamp is None and got.user_detail is None
    assert got.id == "42"  # an int where a str is expected: kept, as its str, silently
    assert {w.message.path for w in caught.list} == {  # type: ignore[union-attr]
        "data.APIEvents.events[0].timestamp",
        "data.APIEvents.events[0].userDetail",
    }

    strict = make_client(harness, server.transport, strict=True)
    with pytest.raises(DecodeError) as raised:
        harness.collect(strict.list_quiz_attempt_events())
    assert raised.value.path == "data.APIEvents.events[0].timestamp"


# --- dates: ISO 8601 for attempts, Unix milliseconds for events ---------------------------------


def test_attempt_dates_go_in_iso_8601_and_event_dates_in_unix_milliseconds(
    harness: Harness,
) -> None:
    empty_attempts = {"assessmentAttempts": [], "pageInfo": {"hasMore": False}}
    server = (
        MockServer()
        .add("GET", ATTEMPTS, json_response(empty_attempts))
        .add("GET", EVENTS, json_response(events_page("top_level", [], None, has_more=False)))
    )
    client = make_client(harness, server.transport)
    since = datetime(2024, 1, 1, 5, 30, 0, 250000, tzinfo=timezone(timedelta(hours=5, minutes=30)))

    harness.collect(client.list_assessment_attempts(start_date=since, end_date=date(2024, 2, 1)))
    harness.collect(client.list_quiz_attempt_events(start_date=since, end_date=date(2024, 2, 1)))

    attempts, events = (request.url.params for request in server.requests)
    assert attempts["startDate"] == "2024-01-01T00:00:00.250Z"
    assert attempts["endDate"] == "2024-02-01T00:00:00.000Z"
    assert events["startDate"] == "1704067200250"
    assert events["endDate"] == "1706745600000"


def test_event_filters_are_sent_under_their_documented_names(harness: Harness) -> None:
    server = MockServer().add(
        "GET", EVENTS, json_response(events_page("nested", [], None, has_more=False))
    )
    client = make_client(harness, server.transport)
    attempt_id = "f2cf1510-eee7-4fd4-bce1-923e6505cb27"

    harness.collect(
        client.list_quiz_attempt_events(user_id=USER, kind="started", notifiable_id=attempt_id)
    )

    assert dict(server.requests[0].url.params) == {
        "userId": USER,
        "notifiableId": attempt_id,
        "kind": "started",
    }


@pytest.mark.parametrize(
    ("arguments", "error"),
    [
        ({"start_date": datetime(2024, 1, 1)}, ValueError),
        ({"end_date": "2024-01-01"}, TypeError),
        ({"kind": ""}, ValueError),
        ({"user_id": 3.5}, TypeError),
    ],
)
def test_bad_event_arguments_are_refused_before_any_request(
    harness: Harness, arguments: dict[str, Any], error: type[Exception]
) -> None:
    server = MockServer()
    client = make_client(harness, server.transport)

    with pytest.raises(error):
        client.list_quiz_attempt_events(**arguments)
    assert server.requests == []


# --- attempts: the envelope real extractors read --------------------------------------------------


def test_top_level_attempts_envelope_decodes_like_the_nested_one(harness: Harness) -> None:
    top = fixture_json("thoughtindustries", "list_assessment_attempts_top_level")
    nested = fixture_json("thoughtindustries", "list_assessment_attempts")
    pages = []
    for body in (top, nested):
        server = MockServer().add("GET", ATTEMPTS, json_response(body))
        client = make_client(harness, server.transport, strict=True)
        pages.append(harness.first_page(client.list_assessment_attempts()))
    from_top, from_nested = pages

    assert not from_top.has_next and from_top.total is None
    assert [a.to_dict() for a in from_top] == [a.to_dict() for a in from_nested]
    assert [a.id for a in from_top] == [a["id"] for a in top["assessmentAttempts"]]


def test_top_level_attempts_envelope_follows_the_cursor_only(harness: Harness) -> None:
    first = fixture_json("thoughtindustries", "list_assessment_attempts_top_level")
    record = first["assessmentAttempts"][0]
    first["pageInfo"] = {"hasMore": True, "cursor": "eyJpZCI6MX0"}
    second = {
        "assessmentAttempts": [{**copy.deepcopy(record), "id": "second"}],
        "pageInfo": {"hasMore": False, "cursor": "ignored once hasMore is false"},
    }
    server = by_cursor({None: first, "eyJpZCI6MX0": second})
    client = make_client(harness, server.transport)

    attempts = harness.collect(client.list_assessment_attempts(course_id=record["courseId"]))

    assert [a.id for a in attempts] == [record["id"], "second"]
    assert len(server.requests) == 2
    assert server.requests[1].url.params["courseId"] == record["courseId"]


def test_a_top_level_attempts_key_that_is_not_a_list_is_a_decode_error(harness: Harness) -> None:
    body = {"assessmentAttempts": {"id": "x"}, "pageInfo": {"hasMore": False}}
    server = MockServer().add("GET", ATTEMPTS, json_response(body))
    client = make_client(harness, server.transport)

    with pytest.raises(DecodeError, match="no top-level 'assessmentAttempts' list"):
        harness.first_page(client.list_assessment_attempts())


# --- the documented rate limit -----------------------------------------------------------------


def test_clients_keep_to_120_requests_a_minute_by_default(harness: Harness) -> None:
    assert PROVIDERS["thoughtindustries"].spec.default_rate_limit == 120 / 60
    body = events_page("top_level", [], None, has_more=False)
    server = MockServer().add("GET", EVENTS, json_response(body))
    client = harness.client(
        ThoughtIndustriesClient,
        AsyncThoughtIndustriesClient,
        base_url=BASE_URL,
        api_key=API_KEY,
        transport=server.transport,
    )

    began = time.monotonic()
    for _ in range(3):
        harness.collect(client.list_quiz_attempt_events())
    elapsed = time.monotonic() - began

    assert len(server.requests) == 3
    assert elapsed >= 2 * 0.5 - 0.01  # three requests, half a second apart


# --- the fake ------------------------------------------------------------------------------------


def ti_client(harness: Harness, fake: FakeThoughtIndustries, conn: dict[str, Any]) -> Any:
    options = {"api_key": fake.api_key, "rate_limit": None, **conn}
    return harness.client(ThoughtIndustriesClient, AsyncThoughtIndustriesClient, **options)


@pytest.mark.parametrize("envelope", ["nested", "top_level"])
def test_fake_serves_every_event_latest_first_in_either_envelope(
    harness: Harness, via: str, envelope: str
) -> None:
    fake = FakeThoughtIndustries(events_envelope=envelope, events_page_size=7)  # type: ignore[arg-type]
    expected = fake.events
    with connected(fake, via) as conn:
        pages = harness.pages(ti_client(harness, fake, conn).list_quiz_attempt_events())

    events = [e for page in pages for e in page]
    assert len(expected) == 54  # 30 attempts: each started, 24 of them submitted
    assert [e.id for e in events] == [e["id"] for e in expected]
    assert [e.user_detail for e in events] == [e["userDetail"] for e in expected]
    assert [len(page) for page in pages] == [7] * 7 + [5]
    stamps = [e.timestamp for e in events]
    assert stamps == sorted(stamps, reverse=True)
    assert fake.calls == [("GET", EVENTS)] * math.ceil(54 / 7)


def test_fake_event_filters_select_what_they_say(harness: Harness, via: str) -> None:
    fake = FakeThoughtIndustries()
    learner = fake.users[2]["id"]
    since = datetime(2024, 3, 20, tzinfo=UTC)
    with connected(fake, via) as conn:
        client = ti_client(harness, fake, conn)
        mine = harness.collect(client.list_quiz_attempt_events(user_id=learner, kind="started"))
        recent = harness.collect(client.list_quiz_attempt_events(start_date=since))

    assert mine and all(e.user_detail and e.user_detail["id"] == learner for e in mine)
    assert {e.kind for e in mine} == {"started"}
    assert [e.id for e in recent] == [
        e["id"] for e in fake.events if datetime.fromisoformat(e["timestamp"]) >= since
    ]


def test_fake_events_follow_the_attempts(harness: Harness) -> None:
    fake = FakeThoughtIndustries(seed=False)
    started = fake.add_attempt(status="started", created_at=datetime(2024, 6, 1, 9, tzinfo=UTC))
    finished = fake.add_attempt(status="finished", created_at=datetime(2024, 6, 2, 9, tzinfo=UTC))
    with connected(fake, "memory") as conn:
        client = ti_client(harness, fake, conn)
        about = harness.collect(client.list_quiz_attempt_events(notifiable_id=finished["id"]))
        every = harness.collect(client.list_quiz_attempt_events())

    assert [(e.kind, e.timestamp) for e in about] == [
        ("completed", datetime.fromisoformat(finished["updatedAt"])),
        ("started", datetime(2024, 6, 2, 9, tzinfo=UTC)),
    ]
    assert [e.notifiable_id for e in every] == [finished["id"], finished["id"], started["id"]]
    assert every[0].user == finished["user"]["email"]
    assert every[0].topic_title == finished["topic"]["title"]


def test_fake_reads_dates_in_both_documented_forms() -> None:
    fake = FakeThoughtIndustries()
    moment = datetime(2024, 3, 20, 12, tzinfo=UTC)
    millis = str(int(moment.timestamp() * 1000))
    with raw_client(fake, fake.api_key) as http:
        for path in (EVENTS, ATTEMPTS):
            as_iso = http.get(path, params={"startDate": "2024-03-20T12:00:00.000Z"}).json()
            as_ms = http.get(path, params={"startDate": millis}).json()
            assert as_iso == as_ms
            assert as_iso != http.get(path).json()


def test_fake_top_level_attempts_envelope_is_the_extractors_shape(
    harness: Harness, via: str
) -> None:
    fake = FakeThoughtIndustries(envelope="top_level", page_size=8)
    with raw_client(fake, fake.api_key) as http:
        body = http.get(ATTEMPTS).json()
    assert set(body) == {"assessmentAttempts", "pageInfo"}
    assert set(body["pageInfo"]) == {"hasMore", "cursor"} and body["pageInfo"]["hasMore"]

    with connected(fake, via) as conn:
        attempts = harness.collect(ti_client(harness, fake, conn).list_assessment_attempts())

    assert [a.id for a in attempts] == [a["id"] for a in fake.attempts]
    assert len(fake.calls) == 1 + math.ceil(30 / 8)


def test_fake_refuses_a_bad_event_query_with_a_400() -> None:
    fake = FakeThoughtIndustries()
    with raw_client(fake, fake.api_key) as http:
        response = http.get(EVENTS, params={"userId": "42"})
        bad_cursor = http.get(EVENTS, params={"cursor": "###"})

    assert response.status_code == 400
    assert response.json() == {"error": "bad_request", "message": "userId must be a valid uuid."}
    assert bad_cursor.json()["message"] == "Invalid cursor."
    assert response.headers["X-RateLimit-Limit"] == "120"
