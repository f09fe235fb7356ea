"""Contract tests of the CleverLMS client; every test runs with the sync and the async client.

Fixtures under ``tests/fixtures/cleverlms/`` are the provider's documented bodies, verbatim:

* ``attempts.json`` is ``examples/v2/materials/tests/attempts.json``, the example seed 000
  links to in cleverlms/integration-docs. That copy could not be read here; the file is taken
  byte for byte from the same path in ekvio-dev/integration-api-response-examples (commit
  ae72f18), the Russian-language original of the same documentation, whose ``attempts.md``
  is seed 000's table. It has every property providers.md §1 records (``material_id`` ints
  742, 1052, 1940; ``number`` null in 2 of 3 rows; ``percent`` 90 with 2 of 3 correct;
  ``+03:00`` offsets; ``updated_at`` before ``ended_at`` in row 2).
* ``module_unavalible_error.json`` and ``uniq_task_error.json`` are
  ``examples/v2/module_unavalible_error.json`` and ``examples/v2/uniq_task_error.json`` of
  cleverlms/integration-docs (the misspelling is theirs). The docs do not say which HTTP status
  comes with them; the statuses below are chosen for the test.
"""

from __future__ import annotations

from collections.abc import Generator
from datetime import datetime, timedelta, timezone
from typing import Any

import httpx
import pytest

from attempts_sdk import (
    APIStatusError,
    AuthenticationError,
    BadRequestError,
    ConfigurationError,
    ConflictError,
    DataWarning,
    DecodeError,
    InternalServerError,
    NotFoundError,
    PermissionDeniedError,
    UnprocessableEntityError,
)
from attempts_sdk.cleverlms import (
    AsyncCleverLMSClient,
    CleverLMSClient,
    TestAttempt,
    TestAttemptStatus,
)
from conftest import Harness, MockServer, fixture_json, fixture_text, json_response

BASE_URL = "https://lms.example.com/api"
PATH = "/api/v2/materials/tests/attempts"
TOKEN = "clv-0123456789-secret"
MSK = timezone(timedelta(hours=3))


def make_client(harness: Harness, server: MockServer, **kwargs: Any) -> Any:
    options: dict[str, Any] = {
        "base_url": BASE_URL,
        "token": TOKEN,
        "transport": server.transport,
        **kwargs,
    }
    return harness.client(CleverLMSClient, AsyncCleverLMSClient, **options)


def example_server() -> MockServer:
    """Page 1 is the documented example; page 2 is empty."""
    return (
        MockServer()
        .add("GET", PATH, json_response(fixture_text("cleverlms", "attempts")), query_key="page=1")
        .add("GET", PATH, json_response({"data": []}))
    )


def empty_server() -> MockServer:
    return MockServer().add("GET", PATH, json_response({"data": []}))


def make_rows(count: int) -> list[dict[str, Any]]:
    """``count`` rows shaped like the documented example's second row, with distinct ids."""
    template = fixture_json("cleverlms", "attempts")["data"][1]
    return [{**template, "id": f"attempt-{i}", "material_id": 100 + i} for i in range(count)]


def paging_server(rows: list[dict[str, Any]], server_page_size: int) -> MockServer:
    """Serves ``rows`` by ``page``, ``perPage`` rows a page (``server_page_size`` without it)."""

    def respond(request: httpx.Request) -> httpx.Response:
        page = int(request.url.params["page"])
        size = int(request.url.params.get("perPage", server_page_size))
        return httpx.Response(200, json={"data": rows[(page - 1) * size : page * size]})

    return MockServer().add("GET", PATH, respond)


class ApiKeyAuth(httpx.Auth):
    """A custom scheme, as a user whose integration does not use Bearer would write it."""

    def __init__(self, key: str) -> None:
        self.key = key

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        request.headers["X-Api-Key"] = self.key
        yield request


# --- decoding the documented example --------------------------------------------------------


def test_documented_example_decodes_with_exact_values(harness: Harness) -> None:
    """The documented attempts.json (verbatim; provenance in the module docstring)."""
    server = example_server()
    client = make_client(harness, server)

    attempts = harness.collect(client.export_test_attempts())

    assert [type(a) for a in attempts] == [TestAttempt] * 3
    first, second, third = attempts
    assert first.id == "000b0530-2925-11ed-94c0-0242ac12002b"
    assert [a.material_id for a in attempts] == ["742", "1052", "1940"]
    assert [a.login for a in attempts] == ["qweewq", "licenz", "newguy"]
    assert first.status is TestAttemptStatus.FAIL
    assert second.status == "completed"
    assert second.status is TestAttemptStatus.COMPLETED
    assert str(third.status) == "completed"
    assert [a.number for a in attempts] == [None, 3, None]
    assert (second.points, second.percent) == (20, 90)
    assert (second.q_count, second.q_success, second.q_fail, second.q_checking) == (3, 2, 1, 0)
    assert (first.points, first.percent, first.q_count, first.q_fail) == (0, 0, 1, 1)
    assert (third.points, third.percent, third.q_success) == (6, 100, 3)
    assert first.started_at == datetime(2022, 8, 31, 15, 3, 45, tzinfo=MSK)
    assert first.ended_at == datetime(2022, 8, 31, 15, 4, 1, tzinfo=MSK)
    assert first.created_at == datetime(2022, 8, 31, 15, 4, 0, tzinfo=MSK)
    assert first.updated_at == datetime(2022, 8, 31, 15, 4, 36, tzinfo=MSK)
    for attempt in attempts:
        for moment in (attempt.started_at, attempt.ended_at, attempt.created_at):
            assert moment.utcoffset() == timedelta(hours=3)
    # The documented rows are not in time order; they are kept as sent.
    assert second.updated_at < second.ended_at
    assert third.created_at > third.ended_at
    assert all(a.extra == {} and a.invalid == {} for a in attempts)
    assert [dict(r.url.params) for r in server.requests] == [{"page": "1"}, {"page": "2"}]


def test_to_dict_gives_the_wire_shape_back(harness: Harness) -> None:
    client = make_client(harness, example_server())

    attempts = harness.collect(client.export_test_attempts())

    documented = fixture_json("cleverlms", "attempts")["data"]
    expected = [{**row, "material_id": str(row["material_id"])} for row in documented]
    assert [a.to_dict() for a in attempts] == expected
    assert list(attempts[0].to_dict()) == list(documented[0])


def test_unknown_status_is_kept_as_its_string(harness: Harness) -> None:
    row = {**make_rows(1)[0], "status": "archived", "ended_at": None, "quiz_mode": "exam"}
    server = MockServer().add("GET", PATH, json_response({"data": [row]}))
    client = make_client(harness, server)

    page = harness.first_page(client.export_test_attempts())

    assert page[0].status == "archived"
    assert not isinstance(page[0].status, TestAttemptStatus)
    assert page[0].ended_at is None
    assert page[0].extra == {"quiz_mode": "exam"}
    assert page[0].to_dict()["quiz_mode"] == "exam"


def test_missing_required_field_raises_decode_error_with_its_path(harness: Harness) -> None:
    row = make_rows(1)[0]
    del row["login"]
    server = MockServer().add("GET", PATH, json_response({"data": [row]}))
    client = make_client(harness, server)

    with pytest.raises(DecodeError) as caught:
        harness.first_page(client.export_test_attempts())

    assert caught.value.path == "data[0].login"


def test_bad_optional_value_becomes_none_with_a_warning(harness: Harness) -> None:
    row = {**make_rows(1)[0], "number": "first"}
    server = MockServer().add("GET", PATH, json_response({"data": [row]}))
    client = make_client(harness, server)

    with pytest.warns(DataWarning) as caught:
        page = harness.first_page(client.export_test_attempts())

    assert page[0].number is None
    assert page[0].invalid == {"number": "first"}
    assert page[0].to_dict()["number"] == "first"
    assert [w.message.path for w in caught.list if isinstance(w.message, DataWarning)] == [
        "data[0].number"
    ]


def test_strict_mode_raises_on_a_bad_value(harness: Harness) -> None:
    row = {**make_rows(1)[0], "number": "first"}
    server = MockServer().add("GET", PATH, json_response({"data": [row]}))
    client = make_client(harness, server, strict=True)

    with pytest.raises(DecodeError) as caught:
        harness.first_page(client.export_test_attempts())

    assert (caught.value.path, caught.value.raw) == ("data[0].number", "first")


# --- pagination and filters ------------------------------------------------------------------


def test_short_page_ends_the_export_with_per_page(harness: Harness) -> None:
    server = paging_server(make_rows(7), server_page_size=100)
    client = make_client(harness, server)

    pages = harness.pages(
        client.export_test_attempts(
            after_date=datetime(2024, 1, 1, tzinfo=MSK),
            to_date=datetime(2024, 1, 31, 10, tzinfo=MSK),
            per_page=3,
        )
    )

    assert [len(page) for page in pages] == [3, 3, 1]
    assert [page.has_next for page in pages] == [True, True, False]
    assert [a.id for page in pages for a in page] == [f"attempt-{i}" for i in range(7)]
    assert [dict(r.url.params) for r in server.requests] == [
        {
            "afterDate": "2024-01-01T00:00:00+03:00",
            "toDate": "2024-01-31T10:00:00+03:00",
            "perPage": "3",
            "page": str(number),
        }
        for number in (1, 2, 3)
    ]


def test_empty_page_ends_the_export_without_per_page(harness: Harness) -> None:
    server = paging_server(make_rows(7), server_page_size=3)
    client = make_client(harness, server)

    attempts = harness.collect(
        client.export_test_attempts(after_date=datetime(2024, 1, 1, tzinfo=MSK))
    )

    assert [a.material_id for a in attempts] == [str(100 + i) for i in range(7)]
    assert [dict(r.url.params) for r in server.requests] == [
        {"afterDate": "2024-01-01T00:00:00+03:00", "page": str(number)} for number in (1, 2, 3, 4)
    ]


def test_dates_are_sent_in_the_documented_form(harness: Harness) -> None:
    server = empty_server()
    client = make_client(harness, server)

    harness.first_page(
        client.export_test_attempts(
            after_date=datetime(2024, 1, 31, 10, 0, 0, 987654, tzinfo=MSK),
            to_date=datetime(2024, 2, 1, 7, 30, tzinfo=timezone.utc),
        )
    )

    params = server.requests[0].url.params
    assert params["afterDate"] == "2024-01-31T10:00:00+03:00"
    assert params["toDate"] == "2024-02-01T07:30:00+00:00"


@pytest.mark.parametrize("argument", ["after_date", "to_date"])
def test_naive_datetime_is_refused_before_any_request(harness: Harness, argument: str) -> None:
    server = empty_server()
    client = make_client(harness, server)

    with pytest.raises(ValueError, match=f"{argument} must be timezone-aware"):
        client.export_test_attempts(**{argument: datetime(2024, 1, 31, 10, 0)})

    assert server.requests == []


def test_documented_filters_are_sent_under_their_wire_names(harness: Harness) -> None:
    server = paging_server(make_rows(2), server_page_size=1)
    client = make_client(harness, server)

    harness.collect(
        client.export_test_attempts(
            company_id=42, language="en", user_status="active", material_status="published"
        )
    )

    assert len(server.requests) == 3
    for number, request in enumerate(server.requests, start=1):
        assert dict(request.url.params) == {
            "companyId": "42",
            "language": "en",
            "userStatus": "active",
            "materialStatus": "published",
            "page": str(number),
        }


@pytest.mark.parametrize("filters", [{"companyId": 42}, {"login": "qweewq"}])
def test_unknown_filter_is_refused_before_any_request(
    harness: Harness, filters: dict[str, object]
) -> None:
    server = empty_server()
    client = make_client(harness, server)

    with pytest.raises(TypeError, match=f"unexpected argument.*{next(iter(filters))}"):
        client.export_test_attempts(**filters)

    assert server.requests == []


@pytest.mark.parametrize("per_page", [0, 10_001])
def test_per_page_out_of_range_is_refused(harness: Harness, per_page: int) -> None:
    server = empty_server()
    client = make_client(harness, server)

    with pytest.raises(ValueError, match="per_page must be between 1 and 10000"):
        client.export_test_attempts(per_page=per_page)

    assert server.requests == []


# --- errors ------------------------------------------------------------------------------------

# Messages from the docs' error table (answers_errors.md); the codes are illustrative.
TWO_ERRORS: dict[str, Any] = {
    "errors": [
        {
            "code": 1001,
            "field": "afterDate",
            "message": "Invalid value format. Valid Y-m-d\\TH:i:sP",
        },
        {"code": 1002, "field": "companyId", "message": "Value is required"},
    ]
}


@pytest.mark.parametrize(
    ("status", "error_class"),
    [
        (400, BadRequestError),
        (401, AuthenticationError),
        (403, PermissionDeniedError),
        (404, NotFoundError),
        (409, ConflictError),
        (422, UnprocessableEntityError),
        (500, InternalServerError),
    ],
)
def test_error_body_gives_joined_message_and_errors_list(
    harness: Harness, status: int, error_class: type[APIStatusError]
) -> None:
    server = MockServer().add("GET", PATH, json_response(TWO_ERRORS, status=status))
    client = make_client(harness, server, max_retries=0)

    with pytest.raises(error_class) as caught:
        harness.collect(client.export_test_attempts())

    error = caught.value
    assert type(error) is error_class
    assert error.status_code == status
    assert error.provider == "cleverlms"
    assert error.message == "Invalid value format. Valid Y-m-d\\TH:i:sP; Value is required"
    assert error.errors == TWO_ERRORS["errors"]
    assert str(error) == f"cleverlms: HTTP {status}: {error.message}"


@pytest.mark.parametrize(
    ("fixture", "status", "error_class", "field"),
    [
        ("module_unavalible_error", 403, PermissionDeniedError, "company_id"),
        ("uniq_task_error", 409, ConflictError, "integration"),
    ],
)
def test_documented_error_bodies_are_read(
    harness: Harness,
    fixture: str,
    status: int,
    error_class: type[APIStatusError],
    field: str,
) -> None:
    body = fixture_json("cleverlms", fixture)
    server = MockServer().add(
        "GET", PATH, json_response(fixture_text("cleverlms", fixture), status=status)
    )
    client = make_client(harness, server)

    with pytest.raises(error_class) as caught:
        harness.first_page(client.export_test_attempts())

    assert caught.value.message == body["errors"][0]["message"]
    assert caught.value.errors == body["errors"]
    assert caught.value.errors[0] == {
        "code": 1007,
        "field": field,
        "message": body["errors"][0]["message"],
    }


def test_error_without_an_errors_list_falls_back_to_the_status_text(harness: Harness) -> None:
    server = MockServer().add("GET", PATH, json_response({"errors": "nope"}, status=400))
    client = make_client(harness, server)

    with pytest.raises(BadRequestError) as caught:
        harness.first_page(client.export_test_attempts())

    assert caught.value.message == "Bad Request"
    assert caught.value.errors == []


def test_token_echoed_in_an_error_is_redacted(harness: Harness) -> None:
    body = {"errors": [{"code": 1, "field": "token", "message": f"Token {TOKEN} is invalid"}]}
    server = MockServer().add("GET", PATH, json_response(body, status=401))
    client = make_client(harness, server)

    with pytest.raises(AuthenticationError) as caught:
        harness.first_page(client.export_test_attempts())

    assert caught.value.message == "Token [REDACTED] is invalid"
    assert TOKEN not in str(caught.value)


# --- configuration, authentication, path ------------------------------------------------------


def test_bearer_token_is_sent_by_default(harness: Harness) -> None:
    server = empty_server()
    client = make_client(harness, server)

    harness.first_page(client.export_test_attempts())

    assert server.requests[0].method == "GET"
    assert server.requests[0].url.path == PATH
    assert server.requests[0].headers["Authorization"] == f"Bearer {TOKEN}"


def test_auth_option_replaces_bearer_and_needs_no_token(harness: Harness) -> None:
    server = empty_server()
    client = make_client(harness, server, token=None, auth=ApiKeyAuth("key-123"))

    harness.first_page(client.export_test_attempts())

    assert server.requests[0].headers["X-Api-Key"] == "key-123"
    assert "Authorization" not in server.requests[0].headers


def test_auth_option_wins_over_a_token(harness: Harness) -> None:
    server = empty_server()
    client = make_client(harness, server, auth=ApiKeyAuth("key-123"))

    harness.first_page(client.export_test_attempts())

    assert server.requests[0].headers["X-Api-Key"] == "key-123"
    assert "Authorization" not in server.requests[0].headers


def test_attempts_path_option_changes_the_path(harness: Harness) -> None:
    server = MockServer().add("GET", "/api/v3/exports/test-attempts", json_response({"data": []}))
    client = make_client(harness, server, attempts_path="/v3/exports/test-attempts")

    page = harness.first_page(client.export_test_attempts(per_page=500))

    assert len(page) == 0
    assert server.paths() == ["/api/v3/exports/test-attempts"]
    assert dict(server.requests[0].url.params) == {"perPage": "500", "page": "1"}


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("v2/materials/tests/attempts", "must start with '/'"),
        ("/v2/attempts?format=json", "escaped URL path"),
        ("/v2/{company}/attempts", "escaped URL path"),
        ("/v2/test attempts", "escaped URL path"),
    ],
)
def test_bad_attempts_path_is_a_configuration_error(
    harness: Harness, path: str, message: str
) -> None:
    with pytest.raises(ConfigurationError, match=message):
        make_client(harness, empty_server(), attempts_path=path)


def test_missing_token_names_the_variable(harness: Harness) -> None:
    with pytest.raises(ConfigurationError, match="CLEVERLMS_TOKEN"):
        make_client(harness, empty_server(), token=None)


def test_missing_base_url_names_the_variable(harness: Harness) -> None:
    with pytest.raises(ConfigurationError, match="CLEVERLMS_BASE_URL"):
        make_client(harness, empty_server(), base_url=None)


def test_environment_supplies_base_url_and_token(
    harness: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CLEVERLMS_BASE_URL", "https://env.example.com/api")
    monkeypatch.setenv("CLEVERLMS_TOKEN", "env-token-4567")
    server = empty_server()
    client = harness.client(CleverLMSClient, AsyncCleverLMSClient, transport=server.transport)

    harness.first_page(client.export_test_attempts())

    assert (
        str(server.requests[0].url)
        == "https://env.example.com/api/v2/materials/tests/attempts?page=1"
    )
    assert server.requests[0].headers["Authorization"] == "Bearer env-token-4567"


def test_token_is_not_in_the_client_repr(harness: Harness) -> None:
    client = make_client(harness, empty_server())

    assert TOKEN not in repr(client)
    assert repr(client) == f"{type(client).__name__}(base_url='{BASE_URL}')"
