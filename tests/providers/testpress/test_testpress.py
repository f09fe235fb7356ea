"""The Testpress contract, run for the sync and the async client.

Fixtures are the seeds' JSON examples verbatim (tests/fixtures/testpress), including their doc
artefacts: "2.25-11-07…" dates and the "2.20:03" remaining time become None with a DataWarning.
"""

from __future__ import annotations

import json
import warnings
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

import httpx
import pytest

from attempts_sdk import (
    AuthenticationError,
    BadRequestError,
    DataWarning,
    DecodeError,
    NotFoundError,
    PaginationError,
    PermissionDeniedError,
    RateLimitError,
    RetryPolicy,
)
from attempts_sdk.testpress import (
    AdminAttemptState,
    AsyncTestpressClient,
    AttemptState,
    TestpressClient,
    User,
)
from conftest import Harness, MockServer, fixture_json, fixture_text, json_response

BASE = "http://demo.testpress.in"
TOKEN = "eyJhbGciOiJIUzI1NiJ9.test-token-value"
ARTEFACT_WARNING = r"not an ISO 8601 timestamp|not a duration"


def fixture(name: str) -> Any:
    return json_response(fixture_text("testpress", name))


def make_client(harness: Harness, server: MockServer, **options: Any) -> Any:
    options.setdefault("base_url", BASE)
    options.setdefault("token", TOKEN)
    options.setdefault("retry_policy", RetryPolicy(initial_delay=0.0))
    # the documented examples' links are plain http://demo.testpress.in
    options.setdefault("allow_insecure_http", True)
    return harness.client(
        TestpressClient, AsyncTestpressClient, transport=server.transport, **options
    )


def test_list_attempts_parses_the_seed_example(harness: Harness) -> None:
    server = MockServer().add("GET", "/api/v2.2/attempts/", fixture("list_attempts"))
    client = make_client(harness, server)
    with pytest.warns(DataWarning, match=ARTEFACT_WARNING) as caught:
        attempts = harness.collect(client.list_attempts(course="TNPSC", q="RBI"))

    assert [a.id for a in attempts] == [125894, 125872]
    first, second = attempts
    assert first.exam is not None and first.exam.duration == timedelta(hours=3)
    assert first.exam.negative_marks == Decimal("0.00")
    assert first.exam.mark_per_question == Decimal("1.00")
    assert first.exam.max_retakes is None
    assert first.exam.allow_retake is True
    assert first.user == "testpress"
    assert first.rank is None  # "NA"
    assert first.max_rank == 0
    assert first.state == "Running" and first.state is AttemptState.RUNNING
    assert first.time_taken == timedelta(minutes=49, seconds=57)
    assert first.score == Decimal("0.00")
    assert first.percentage == Decimal("0")
    assert first.percentile == 0.0
    # doc artefacts: unparseable, so None, with the raw value kept and warned about
    assert first.remaining_time is None
    assert first.invalid["remaining_time"] == "2.20:03"
    assert first.exam.start_date is None
    assert first.exam.invalid["start_date"] == "2.25-11-07T12:37:11+05:30"
    paths = {w.message.path for w in caught if isinstance(w.message, DataWarning)}
    assert {"results[0].remaining_time", "results[0].exam.start_date"} <= paths
    assert second.rank == 4 and second.max_rank == 5
    assert second.percentile == 60.0
    assert second.remaining_time == timedelta(hours=3, minutes=12, seconds=26)
    assert second.exam is not None and second.exam.duration == timedelta(
        hours=3, minutes=12, seconds=27
    )
    assert second.state is AttemptState.COMPLETED

    (request,) = server.requests
    assert request.url.params["course"] == "TNPSC"
    assert request.url.params["q"] == "RBI"
    assert request.headers["Authorization"] == f"JWT {TOKEN}"


def test_list_exam_attempts_has_user_objects(harness: Harness) -> None:
    server = MockServer().add(
        "GET", "/api/v2.2/exams/mathjax-sample-exam/attempts/", fixture("list_exam_attempts")
    )
    client = make_client(harness, server)
    attempts = harness.collect(client.list_exam_attempts("mathjax-sample-exam"))

    assert [a.id for a in attempts] == [369, 12]
    user = attempts[0].user
    assert isinstance(user, User)
    assert user.id == 5 and user.username == "demouser" and user.last_name == ""
    assert attempts[0].date == datetime(2017, 4, 25, 14, 34, 26, 848000, tzinfo=timezone.utc)
    assert attempts[0].review_pdf_url == ""
    assert attempts[0].rank_enabled is True
    assert attempts[0].sections == []
    assert attempts[1].percentile == 83.64
    assert attempts[1].percentage == Decimal("12")
    assert attempts[1].score == Decimal("3.00")
    assert attempts[1].speed == 847 and attempts[1].accuracy == 30


def test_get_attempt(harness: Harness) -> None:
    server = MockServer().add("GET", "/api/v2.2/attempts/125894/", fixture("get_attempt"))
    client = make_client(harness, server)
    with pytest.warns(DataWarning, match=ARTEFACT_WARNING):
        attempt = harness.run(client.get_attempt, 125894)

    assert attempt.id == 125894
    assert attempt.url == "http://demo.testpress.in/api/v2.2/attempts/125894/"
    assert attempt.exam.slug == "forum-ias-rbi-demo"
    assert attempt.exam.duration == timedelta(hours=3)
    assert attempt.rank is None
    assert attempt.total_bonus == Decimal(0)
    assert attempt.questions_url == "http://demo.testpress.in/api/v2.2/attempts/125894/questions/"
    assert server.paths() == ["/api/v2.2/attempts/125894/"]


def test_create_attempt_posts_and_parses_odd_values(harness: Harness) -> None:
    server = MockServer().add(
        "POST", "/api/v2.2/exams/dummy-test-7-8/attempts/", fixture("create_attempt")
    )
    client = make_client(harness, server)
    attempt = harness.run(client.create_attempt, "dummy-test-7-8")

    assert attempt.id == 400
    assert attempt.score == Decimal(0)  # an int on the wire here
    assert attempt.rank is None and attempt.max_rank is None  # "NA", "NA"
    assert attempt.remaining_time == timedelta(hours=1, minutes=59, seconds=59)
    assert attempt.exam_url == "http://demo.testpress.in/api/v2.2/exams/dummy-test-7-8/"
    assert isinstance(attempt.user, User) and attempt.user.username == "demouser"
    assert attempt.institute_attempt_id is None
    exam = attempt.exam
    assert exam.max_retakes == -1
    assert exam.start_date == datetime(2017, 3, 30, 18, 58, 53, tzinfo=timezone(timedelta(hours=7)))
    assert exam.sections[0].duration == timedelta(hours=2)
    assert exam.sections[0].cut_off == Decimal(0)
    assert exam.sections[0].name == ""
    assert exam.categories == []
    assert exam.allow_question_pdf is False
    assert server.requests[0].method == "POST"


@pytest.mark.parametrize(
    ("method_name", "path", "name"),
    [
        ("start_attempt", "/api/v2.2/attempts/125894/start/", "start_attempt"),
        ("send_heartbeat", "/api/v2.2/attempts/400/heartbeat/", "send_heartbeat"),
        ("end_attempt", "/api/v2.2/attempts/125894/end/", "end_attempt"),
    ],
)
def test_attempt_state_changes_are_puts(
    harness: Harness, method_name: str, path: str, name: str
) -> None:
    server = MockServer().add("PUT", path, fixture(name))
    client = make_client(harness, server)
    attempt_id = int(path.split("/")[4])
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        attempt = harness.run(getattr(client, method_name), attempt_id)
    # the 125894 examples carry the "2.25-…" doc artefacts; the heartbeat example is clean
    assert all(isinstance(w.message, DataWarning) for w in caught)
    assert bool(caught) == (attempt_id == 125894)

    assert attempt.id == attempt_id
    assert server.requests[0].method == "PUT"
    assert server.paths() == [path]
    if name == "end_attempt":
        assert attempt.state is AttemptState.COMPLETED
        assert attempt.score == Decimal("2.00")
        assert attempt.percentile == 100.0
        assert (attempt.correct_count, attempt.incorrect_count) == (2, 6)
        assert attempt.unanswered_count == 192
    if name == "send_heartbeat":
        assert attempt.remaining_time == timedelta(hours=1, minutes=54, seconds=59)
        assert attempt.time_taken == timedelta(minutes=5, seconds=1)
        assert attempt.last_started_time == datetime(
            2017, 5, 24, 7, 37, 10, 655000, tzinfo=timezone.utc
        )


def test_list_attempt_questions_follows_next_pages(harness: Harness) -> None:
    page_one = fixture_json("testpress", "list_attempt_questions")
    page_two = {
        "count": 100,
        "next": None,
        "previous": "http://demo.testpress.in/api/v2.2/attempts/122046/questions/",
        "per_page": 20,
        "results": [dict(page_one["results"][0], id=12705400)],
    }
    path = "/api/v2.2/attempts/122046/questions/"
    server = (
        MockServer()
        .add("GET", path, json_response(page_one))
        .add("GET", path, json_response(page_two), query_key="page=2")
    )
    client = make_client(harness, server)
    pages = harness.pages(client.list_attempt_questions(122046))

    assert [len(p) for p in pages] == [2, 1]
    assert pages[0].total == 100 and pages[0].has_next and not pages[1].has_next
    question = pages[0][0]
    assert question.id == 12705318
    assert question.duration is None
    assert question.selected_answers == []
    assert question.review is None
    assert [a.id for a in question.question.answers] == [129, 130, 131, 132]
    assert question.question.type == "C"
    assert question.question.subject == "khecha subject"
    assert question.question.essay_topics == []
    assert pages[1][0].id == 12705400
    assert [str(r.url) for r in server.requests] == [
        f"{BASE}{path}",
        f"{BASE}{path}?page=2",
    ]


def test_update_attempt_question_sends_the_answer(harness: Harness) -> None:
    server = MockServer().add(
        "PUT", "/api/v2.2/attempts/122046/questions/12705318/", fixture("update_attempt_question")
    )
    client = make_client(harness, server)
    question = harness.run(
        client.update_attempt_question, 122046, 12705318, selected_answers=[129, 130], review=True
    )

    assert json.loads(server.requests[0].content) == {
        "selected_answers": [129, 130],
        "review": True,
    }
    assert question.duration == timedelta(
        days=20, hours=3, minutes=58, seconds=48, microseconds=44696
    )
    assert question.selected_answers == [129, 130]
    assert question.review is True


def test_update_attempt_question_rejects_bad_answers_before_sending(harness: Harness) -> None:
    server = MockServer()
    client = make_client(harness, server)
    with pytest.raises(TypeError, match=r"selected_answers\[1\] must be an int"):
        harness.run(client.update_attempt_question, 1, 2, selected_answers=[1, "2"])
    with pytest.raises(TypeError, match="review must be a bool"):
        harness.run(client.update_attempt_question, 1, 2, review="yes")
    assert server.requests == []


def test_list_review_questions(harness: Harness) -> None:
    server = MockServer().add(
        "GET", "/api/v2.2/attempts/12/review/", fixture("list_review_questions")
    )
    client = make_client(harness, server)
    reviews = harness.collect(client.list_review_questions(12))

    first, second = reviews
    assert first.duration is None  # "NA"
    assert first.best_duration == timedelta(seconds=0.61)
    assert first.average_duration == timedelta(seconds=17.31)
    assert first.correct_percentage == 25.0
    assert first.order == 0
    assert first.question.id == 2
    assert first.question.marks == Decimal("1.00")
    assert first.question.explanation_html == ""
    assert [a.is_correct for a in first.question.answers] == [True, True, False, True]
    assert second.duration == timedelta(seconds=1)
    assert second.selected_answers == [8]
    assert second.review is False


def test_list_subject_analytics(harness: Harness) -> None:
    server = MockServer().add(
        "GET", "/api/v2.2/attempts/377/review/subjects/", fixture("list_subject_analytics")
    )
    client = make_client(harness, server)
    page = harness.first_page(client.list_subject_analytics(377))

    assert page.total == 6
    psm, micro = page
    assert psm.score == Decimal("-2.00")
    assert (psm.name, psm.total, psm.correct, psm.incorrect) == ("PSM", 2, 0, 2)
    assert psm.parent is None and psm.leaf is True
    assert micro.score == Decimal("4.00")


def test_admin_list_attempts_maps_filters(harness: Harness) -> None:
    base = "https://sandbox.testpress.in"
    path = "/api/v2.5/admin/attempts/"
    last_page: dict[str, Any] = {
        "count": 1,
        "next": None,
        "previous": None,
        "per_page": 200,
        "results": [],
    }
    server = (
        MockServer()
        .add("GET", path, fixture("admin_list_attempts"))
        .add("GET", path, json_response(last_page), query_key="page=2")
    )
    client = make_client(harness, server, base_url=base)
    attempts = harness.collect(
        client.admin.list_attempts(
            ordering="-date",
            state=AdminAttemptState.COMPLETED,
            started_after=date(2020, 1, 11),
            started_before=date(2021, 2, 2),
            user_id=143,
            exam_id=133,
        )
    )

    params = server.requests[0].url.params
    assert dict(params) == {
        "ordering": "-date",
        "state": "1",
        "date_0": "2020-01-11",
        "date_1": "2021-02-02",
        "users": "143",
        "exams": "133",
    }
    # the admin example says count 1 but still has a next link: it is followed
    assert len(server.requests) == 2
    (attempt,) = attempts
    assert attempt.id == 68701
    assert (attempt.exam_id, attempt.user_id) == (133, 143)
    assert attempt.score == Decimal("90.00")
    assert attempt.percentage == Decimal(0)
    assert attempt.time_taken == timedelta(0)
    assert attempt.remaining_time is None
    assert attempt.state is AttemptState.COMPLETED
    assert attempt.result == "Not taken"
    assert attempt.email is None and attempt.last_answer_updated_time is None
    assert attempt.date == datetime(2021, 3, 16, 3, 59, 21, 860924, tzinfo=timezone.utc)
    assert attempt.user_url == "https://sandbox.testpress.in/api/v2.5/admin/users/133/"


def test_admin_filters_are_checked_before_sending(harness: Harness) -> None:
    server = MockServer()
    client = make_client(harness, server)
    with pytest.raises(ValueError, match="state must be one of"):
        client.admin.list_attempts(state=2)
    for malformed in ("--date", "date desc", "-", "date,", "date;drop", "1date", ""):
        with pytest.raises(ValueError, match="ordering must be a field name"):
            client.admin.list_attempts(ordering=malformed)
    with pytest.raises(TypeError, match="ordering must be a str"):
        client.admin.list_attempts(ordering=["-date"])
    for bad in (0, -5):
        with pytest.raises(ValueError, match="per_page must be >= 1"):
            client.admin.list_attempts(per_page=bad)
    with pytest.raises(TypeError, match=r"started_after must be a datetime\.date"):
        client.admin.list_attempts(started_after="2020-01-01")
    assert server.requests == []


def test_admin_get_attempt(harness: Harness) -> None:
    body = dict(fixture_json("testpress", "admin_list_attempts")["results"][0])
    body.update(percentile=83.64, username="demouser", institute_attempt_id=991)
    server = MockServer().add("GET", "/api/v2.5/admin/attempts/68701/", json_response(body))
    client = make_client(harness, server)
    attempt = harness.run(client.admin.get_attempt, 68701)

    assert attempt.percentile == 83.64
    assert attempt.username == "demouser"
    assert attempt.institute_attempt_id == "991"  # an int id, kept as its str


def test_login_gets_a_token_and_uses_it(harness: Harness) -> None:
    server = (
        MockServer()
        .add("POST", "/api/v2.5/auth-token/", json_response({"token": TOKEN}))
        .add("GET", "/api/v2.2/attempts/125894/", fixture("get_attempt"))
    )
    login = AsyncTestpressClient.login if harness.is_async else TestpressClient.login
    client = harness.run(
        login,
        BASE,
        "demouser",
        "s3cret-password",
        transport=server.transport,
        allow_insecure_http=True,
    )
    with pytest.warns(DataWarning):
        harness.run(client.get_attempt, 125894)
    harness.run(client.aclose if harness.is_async else client.close)

    login_request, attempt_request = server.requests
    assert json.loads(login_request.content) == {
        "username": "demouser",
        "password": "s3cret-password",
    }
    assert "Authorization" not in login_request.headers
    assert attempt_request.headers["Authorization"] == f"JWT {TOKEN}"
    assert TOKEN not in repr(client)


def test_login_failure_never_shows_the_password(harness: Harness) -> None:
    password = "hunter2-very-secret"
    echo = {"non_field_errors": [f"Unable to log in with password {password}."]}
    server = MockServer().add("POST", "/api/v2.5/auth-token/", json_response(echo, status=400))
    login = AsyncTestpressClient.login if harness.is_async else TestpressClient.login
    with pytest.raises(BadRequestError) as caught:
        harness.run(
            login, BASE, "demouser", password, transport=server.transport, allow_insecure_http=True
        )
    assert password not in str(caught.value)
    assert "Unable to log in" in caught.value.message
    assert len(server.requests) == 1  # a POST that reached the server is never repeated


@pytest.mark.parametrize(
    ("status", "body", "exc_type", "message"),
    [
        (404, {"detail": "Not found."}, NotFoundError, "Not found."),
        (
            403,
            {"detail": "You do not have permission to perform this action."},
            PermissionDeniedError,
            "You do not have permission to perform this action.",
        ),
        (
            400,
            {
                "detail": {
                    "error_code": "max_attemptable_questions_limit_reached",
                    "message": "Limit reached",
                }
            },
            BadRequestError,
            "Limit reached (max_attemptable_questions_limit_reached)",
        ),
        (
            401,
            {"error_code": "parallel_login_restriction", "message": "Logged in elsewhere"},
            AuthenticationError,
            "Logged in elsewhere (parallel_login_restriction)",
        ),
    ],
)
def test_errors_carry_the_providers_message(
    harness: Harness, status: int, body: dict[str, Any], exc_type: type[Exception], message: str
) -> None:
    server = MockServer().add("GET", "/api/v2.2/attempts/9/", json_response(body, status=status))
    client = make_client(harness, server)
    with pytest.raises(exc_type) as caught:
        harness.run(client.get_attempt, 9)
    error: Any = caught.value
    assert error.message == message
    assert error.status_code == status
    assert error.body == body
    assert error.provider == "testpress"
    assert str(error) == f"testpress: HTTP {status}: {message}"


def test_throttle_detail_gives_retry_after(harness: Harness) -> None:
    body = {"detail": "Request was throttled. Expected available in 3600 seconds."}
    server = MockServer().add("GET", "/api/v2.2/attempts/9/", json_response(body, status=429))
    client = make_client(harness, server)
    with pytest.raises(RateLimitError) as caught:
        harness.run(client.get_attempt, 9)
    assert caught.value.retry_after == 3600.0
    assert len(server.requests) == 1


def test_token_appears_nowhere(harness: Harness) -> None:
    body = {"detail": f"Token {TOKEN} has expired"}
    server = MockServer().add("GET", "/api/v2.2/attempts/9/", json_response(body, status=401))
    client = make_client(harness, server)
    with pytest.raises(AuthenticationError) as caught:
        harness.run(client.get_attempt, 9)
    assert TOKEN not in str(caught.value)
    assert TOKEN not in repr(caught.value)
    assert "[REDACTED]" in str(caught.value)
    assert TOKEN not in repr(client)
    assert repr(client).endswith(f"(base_url='{BASE}')")


def test_path_parameters_stay_in_their_segment(harness: Harness) -> None:
    server = MockServer().add(
        "GET",
        "/api/v2.2/exams/a%2Fb%20c%3F/attempts/",
        json_response({"count": 0, "next": None, "results": []}),
    )
    client = make_client(harness, server)
    assert harness.collect(client.list_exam_attempts("a/b c?")) == []
    assert server.requests[0].url.raw_path == b"/api/v2.2/exams/a%2Fb%20c%3F/attempts/"
    for bad in ("", "..", "."):
        with pytest.raises(ValueError, match="exam_slug"):
            client.list_exam_attempts(bad)
    with pytest.raises(TypeError, match="attempt_id"):
        harness.run(client.get_attempt, True)
    assert len(server.requests) == 1


def test_strict_mode_raises_with_path_and_raw(harness: Harness) -> None:
    server = MockServer().add("GET", "/api/v2.2/attempts/", fixture("list_attempts"))
    client = make_client(harness, server, strict=True)
    with pytest.raises(DecodeError) as caught:
        harness.collect(client.list_attempts())
    assert caught.value.path == "results[0].exam.start_date"
    assert caught.value.raw == "2.25-11-07T12:37:11+05:30"
    assert caught.value.request is not None


def test_non_json_body_raises_decode_error(harness: Harness) -> None:
    def html(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, text="<html>Maintenance</html>")

    server = (
        MockServer()
        .add("GET", "/api/v2.2/attempts/1/", html)
        .add("GET", "/api/v2.2/attempts/", html)
    )
    client = make_client(harness, server)
    with pytest.raises(DecodeError, match="not JSON"):
        harness.run(client.get_attempt, 1)
    with pytest.raises(DecodeError, match="not JSON"):
        harness.collect(client.list_attempts())


def test_next_link_to_another_host_is_refused(harness: Harness) -> None:
    page = {"count": 2, "next": "http://evil.example/api/v2.2/attempts/?page=2", "results": []}
    server = MockServer().add("GET", "/api/v2.2/attempts/", json_response(page))
    client = make_client(harness, server)
    with pytest.raises(PaginationError, match="another origin"):
        harness.collect(client.list_attempts())
    assert [r.url.host for r in server.requests] == ["demo.testpress.in"]


def test_repeating_next_link_is_refused(harness: Harness) -> None:
    page = {"count": 2, "next": f"{BASE}/api/v2.2/attempts/?page=2", "results": []}
    server = MockServer().add("GET", "/api/v2.2/attempts/", json_response(page))
    client = make_client(harness, server)
    with pytest.raises(PaginationError, match="same next link"):
        harness.collect(client.list_attempts())
    assert len(server.requests) == 2


def test_503_then_200_succeeds(harness: Harness) -> None:
    server = MockServer().add(
        "GET",
        "/api/v2.2/attempts/125894/",
        json_response({"detail": "busy"}, status=503),
        fixture("get_attempt"),
    )
    client = make_client(harness, server)
    with pytest.warns(DataWarning):
        attempt = harness.run(client.get_attempt, 125894)
    assert attempt.id == 125894
    assert len(server.requests) == 2


def test_429_with_long_retry_after_raises_at_once(harness: Harness) -> None:
    server = MockServer().add(
        "GET",
        "/api/v2.2/attempts/1/",
        json_response({"detail": "slow down"}, status=429, headers={"Retry-After": "3600"}),
    )
    client = make_client(harness, server)
    with pytest.raises(RateLimitError) as caught:
        harness.run(client.get_attempt, 1)
    assert caught.value.retry_after == 3600
    assert caught.value.message == "slow down"
    assert len(server.requests) == 1


def test_post_that_gets_500_is_not_retried(harness: Harness) -> None:
    server = MockServer().add(
        "POST", "/api/v2.2/exams/x/attempts/", json_response({"detail": "boom"}, status=500)
    )
    client = make_client(harness, server)
    with pytest.raises(Exception, match="boom") as caught:
        harness.run(client.create_attempt, "x")
    assert type(caught.value).__name__ == "InternalServerError"
    assert len(server.requests) == 1


def test_post_is_retried_when_the_connection_was_refused(harness: Harness) -> None:
    calls: list[str] = []

    def flaky(request: httpx.Request) -> httpx.Response:
        calls.append(request.method)
        if len(calls) == 1:
            raise httpx.ConnectError("connection refused", request=request)
        return httpx.Response(200, content=fixture_text("testpress", "create_attempt").encode())

    server = MockServer().add("POST", "/api/v2.2/exams/dummy-test-7-8/attempts/", flaky)
    client = make_client(harness, server)
    attempt = harness.run(client.create_attempt, "dummy-test-7-8")
    assert attempt.id == 400
    assert calls == ["POST", "POST"]


def test_token_echoed_into_a_field_is_not_in_warnings_or_errors(harness: Harness) -> None:
    body = fixture_json("testpress", "create_attempt")
    body["date"] = f"not a date {TOKEN}"
    server = MockServer().add("POST", "/api/v2.2/exams/x/attempts/", json_response(body))
    client = make_client(harness, server)
    with pytest.warns(DataWarning) as caught:
        harness.run(client.create_attempt, "x")
    (warning,) = caught
    assert TOKEN not in str(warning.message)
    assert "[REDACTED]" in str(warning.message)

    strict = make_client(harness, server, strict=True)
    with pytest.raises(DecodeError) as error:
        harness.run(strict.create_attempt, "x")
    assert TOKEN not in str(error.value)
    assert TOKEN not in repr(error.value.raw)
