"""The CleverLMS fake, driven by the real clients.

Every client test runs four times: sync and async (the ``harness`` fixture), each in memory
(``transport=fake.transport``) and over real HTTP (``fake.serve()``; the ``via`` fixture).
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest

from attempts_sdk import (
    AuthenticationError,
    RetryPolicy,
    UnprocessableEntityError,
)
from attempts_sdk.cleverlms import AsyncCleverLMSClient, CleverLMSClient, TestAttemptStatus
from attempts_sdk.testing.cleverlms import FakeCleverLMS
from conftest import Harness, fixture_json
from support.fakes import connected, ids, raw_client

CLEVERLMS_PATH = "/v2/materials/tests/attempts"
MSK = timezone(timedelta(hours=3))
UTC = timezone.utc
NO_WAIT = RetryPolicy(initial_delay=0.0)


# --- CleverLMS ----------------------------------------------------------------------------------


def clever_client(harness: Harness, fake: FakeCleverLMS, conn: dict[str, Any], **kw: Any) -> Any:
    options = {"token": fake.token, **conn, **kw}
    return harness.client(CleverLMSClient, AsyncCleverLMSClient, **options)


def test_cleverlms_export_walks_three_pages_of_the_seeded_rows(harness: Harness, via: str) -> None:
    fake = FakeCleverLMS()
    rows = fake.attempts
    with connected(fake, via) as conn:
        client = clever_client(harness, fake, conn, strict=True)
        pages = harness.pages(client.export_test_attempts(per_page=10))

    assert [len(page) for page in pages] == [10, 10, 7]
    assert [page.has_next for page in pages] == [True, True, False]
    exported = [attempt for page in pages for attempt in page]
    assert ids(exported) == [row["id"] for row in rows]
    assert len(set(ids(exported))) == 27
    assert fake.calls == [("GET", CLEVERLMS_PATH)] * 3
    first, row = exported[0], rows[0]
    assert first.material_id == str(row["material_id"])
    assert first.login == row["login"]
    assert first.status == row["status"]
    assert first.number == row["number"]
    assert (first.points, first.percent) == (row["points"], row["percent"])
    assert first.q_count == first.q_success + first.q_fail + first.q_checking == row["q_count"]
    assert first.started_at == datetime.fromisoformat(row["started_at"])
    assert first.started_at.utcoffset() == timedelta(hours=3)


def test_cleverlms_without_per_page_the_page_size_applies_until_an_empty_page(
    harness: Harness, via: str
) -> None:
    fake = FakeCleverLMS(page_size=10)
    with connected(fake, via) as conn:
        client = clever_client(harness, fake, conn)
        pages = harness.pages(client.export_test_attempts())

    assert [len(page) for page in pages] == [10, 10, 7, 0]
    assert ids(a for page in pages for a in page) == [row["id"] for row in fake.attempts]
    assert len(fake.calls) == 4


def test_cleverlms_date_filters_select_on_started_at_inclusively(
    harness: Harness, via: str
) -> None:
    fake = FakeCleverLMS()
    by_start = sorted(fake.attempts, key=lambda row: datetime.fromisoformat(row["started_at"]))
    after = datetime.fromisoformat(by_start[5]["started_at"])
    until = datetime.fromisoformat(by_start[15]["started_at"]).astimezone(UTC)
    expected = {row["id"] for row in by_start[5:16]}
    with connected(fake, via) as conn:
        client = clever_client(harness, fake, conn)
        pages = harness.pages(
            client.export_test_attempts(after_date=after, to_date=until, per_page=4)
        )

    exported = [attempt for page in pages for attempt in page]
    assert [len(page) for page in pages] == [4, 4, 3]
    assert set(ids(exported)) == expected
    assert len(exported) == 11
    assert all(after <= attempt.started_at <= until for attempt in exported)
    assert min(a.started_at for a in exported) == after
    assert max(a.started_at for a in exported) == until


def test_cleverlms_wrong_token_is_an_authentication_error(harness: Harness, via: str) -> None:
    fake = FakeCleverLMS()
    with connected(fake, via) as conn:
        client = clever_client(harness, fake, conn, token="not-the-token")
        with pytest.raises(AuthenticationError) as caught:
            harness.collect(client.export_test_attempts())

    assert caught.value.message == "Unauthenticated."
    assert caught.value.errors == [{"code": 401, "field": "token", "message": "Unauthenticated."}]
    assert "not-the-token" not in str(caught.value)
    assert fake.calls == [("GET", CLEVERLMS_PATH)]


def test_cleverlms_per_page_below_the_minimum_is_unprocessable(harness: Harness) -> None:
    fake = FakeCleverLMS(min_per_page=100)
    with connected(fake, "memory") as conn:
        client = clever_client(harness, fake, conn)
        with pytest.raises(UnprocessableEntityError) as caught:
            harness.collect(client.export_test_attempts(per_page=10))

    assert caught.value.message == "The per page must be between 100 and 10000."
    assert caught.value.errors == [
        {"code": 422, "field": "perPage", "message": "The per page must be between 100 and 10000."}
    ]


def test_cleverlms_survives_two_503s(harness: Harness, via: str) -> None:
    fake = FakeCleverLMS()
    fake.fail_next(2, status=503)
    with connected(fake, via) as conn:
        client = clever_client(harness, fake, conn, retry_policy=NO_WAIT)
        exported = harness.collect(client.export_test_attempts(per_page=10))

    assert ids(exported) == [row["id"] for row in fake.attempts]
    assert fake.calls == [("GET", CLEVERLMS_PATH)] * 5


def test_cleverlms_added_attempt_is_exported_with_its_values(harness: Harness) -> None:
    fake = FakeCleverLMS(seed=False)
    started = datetime(2024, 6, 3, 10, 15, 30, tzinfo=MSK)
    row = fake.add_attempt(login="o.ivanova", status="checking", started_at=started, number=None)
    with connected(fake, "memory") as conn:
        client = clever_client(harness, fake, conn, strict=True)
        exported = harness.collect(client.export_test_attempts())

    assert len(exported) == 1
    attempt = exported[0]
    assert attempt.id == row["id"]
    assert attempt.login == "o.ivanova"
    assert attempt.status is TestAttemptStatus.CHECKING
    assert attempt.number is None
    assert attempt.started_at == started
    assert row["started_at"] == "2024-06-03T10:15:30+03:00"
    assert re.fullmatch(
        r"[0-9a-f]{8}-[0-9a-f]{4}-1[0-9a-f]{3}-[89ab][0-9a-f]{3}-0242ac12002b", row["id"]
    )


def test_cleverlms_rows_have_the_documented_shape() -> None:
    documented = fixture_json("cleverlms", "attempts")["data"][0]
    fake = FakeCleverLMS()
    with raw_client(fake, fake.token) as http:
        rows = http.get(CLEVERLMS_PATH).json()["data"]

    assert len(rows) == 27
    stamp = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+03:00")
    for row in rows:
        assert list(row) == list(documented)
        assert type(row["material_id"]) is int
        assert row["number"] is None or type(row["number"]) is int
        assert row["status"] in ("fail", "completed", "checking")
        assert row["q_count"] == row["q_success"] + row["q_fail"] + row["q_checking"]
        assert (row["status"] == "checking") == (row["q_checking"] > 0)
        for key in ("started_at", "created_at", "updated_at"):
            assert stamp.fullmatch(row[key])
        assert row["ended_at"] is None or stamp.fullmatch(row["ended_at"])
    assert {row["status"] for row in rows} == {"fail", "completed", "checking"}
    assert any(row["number"] is None for row in rows)
    assert any(row["ended_at"] is None for row in rows)


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ({"afterDate": "2024-02-05 09:00:00"}, "afterDate", "The after date does not match"),
        ({"toDate": "2024-02-05T09:00:00Z"}, "toDate", "The to date does not match"),
        ({"toDate": "2024-02-30T09:00:00+03:00"}, "toDate", "The to date does not match"),
        ({"perPage": "10001"}, "perPage", "The per page must be between 1 and 10000."),
        ({"page": "0"}, "page", "The page must be an integer of at least 1."),
    ],
)
def test_cleverlms_bad_query_is_a_422_naming_the_field(
    query: dict[str, str], field: str, message: str
) -> None:
    fake = FakeCleverLMS()
    with raw_client(fake, fake.token) as http:
        response = http.get(CLEVERLMS_PATH, params=query)

    assert response.status_code == 422
    [error] = response.json()["errors"]
    assert (error["code"], error["field"]) == (422, field)
    assert error["message"].startswith(message)
