"""Indeed Assessments beyond the seed: inviting a candidate (``POST /assignments.json``), roles and
assessments. Contract tests run with the sync and the async client (``harness``); the fake's
tests also over real HTTP (``via``).

Fixtures (tests/fixtures/indeed/), the examples of indeedassessments/api-documentation at
5f18612, verbatim: ``create_assignment_request.json`` and ``..._with_webhook.json`` (the two
request bodies of "Create an assignment"; its 201 answer is documented as "Get an
assignment"'s, ``get_assignment.json``), ``list_roles.json``, ``get_role.json``,
``list_roles_page1_per1.json`` (the pagination section's), ``list_assessments.json``,
``get_assessment.json``, ``clone_assessment.json`` and ``error_validation.json``. None needed
a repair; ``"Aptitude \\u0026 Psychometric"`` is JSON for ``&``.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone
from typing import Any

import httpx
import pytest

from attempts_sdk import (
    APIConnectionError,
    InternalServerError,
    NotFoundError,
    UnprocessableEntityError,
)
from attempts_sdk.indeed import (
    Assessment,
    Assignment,
    AsyncIndeedClient,
    IndeedClient,
    PublicationStatus,
    Role,
)
from attempts_sdk.testing import FakeIndeed
from conftest import Harness, MockServer, fixture_json, json_response
from support.fakes import connected

BASE_URL = "https://api.indeed.test/v1"
API_KEY = "ia-secret-key-0042"
UTC = timezone.utc
FRONTEND = "pgrnovpmee0qkljd"


def make_client(harness: Harness, transport: httpx.MockTransport, **options: Any) -> Any:
    options.setdefault("rate_limit", None)  # Indeed's 1 request/s has its own tests
    return harness.client(
        IndeedClient,
        AsyncIndeedClient,
        api_key=API_KEY,
        base_url=BASE_URL,
        transport=transport,
        **options,
    )


def created(request: httpx.Request) -> httpx.Response:
    """Indeed's answer to a new assignment: 201 and the assignment, as documented."""
    return httpx.Response(201, json=fixture_json("indeed", "get_assignment"))


# --- create_assignment ---------------------------------------------------------------------------


def test_create_assignment_posts_the_documented_body(harness: Harness) -> None:
    server = MockServer().add("POST", "/v1/assignments.json", created)
    client = make_client(harness, server.transport)
    example = fixture_json("indeed", "create_assignment_request")

    assignment = harness.run(client.create_assignment, **example)

    (request,) = server.requests
    assert (request.method, request.url.path) == ("POST", "/v1/assignments.json")
    assert request.headers["Content-Type"] == "application/json"
    assert request.headers["Authorization"] == f"token {API_KEY}"
    assert json.loads(request.content) == example
    assert isinstance(assignment, Assignment)
    assert assignment.id == "yw4gmpjjtkgkdxjkuoghsa"
    assert assignment.invitation_url and assignment.invitation_url.endswith("bzXUhnAktXE9pD_iQy7y")
    assert assignment.role and assignment.role.id == "gih3cv7f6a9ixgjt"
    assert assignment.user and assignment.user.id == "anonymous-candidate"
    assert assignment.attempts[0].percentage_score == 1.0


def test_create_assignment_sends_the_webhook_and_skip_email_when_given(harness: Harness) -> None:
    server = MockServer().add("POST", "/v1/assignments.json", created)
    client = make_client(harness, server.transport)
    example = fixture_json("indeed", "create_assignment_request_with_webhook")

    harness.run(client.create_assignment, **example)
    harness.run(client.create_assignment, **example, skip_email=True)
    harness.run(client.create_assignment, email="a@example.com", role_id=FRONTEND, skip_email=False)

    bodies = [json.loads(request.content) for request in server.requests]
    assert bodies[0] == example
    assert bodies[1] == {**example, "skip_email": True}
    assert bodies[2] == {"email": "a@example.com", "role_id": FRONTEND, "skip_email": False}


@pytest.mark.parametrize(
    ("arguments", "error"),
    [
        ({"email": "", "role_id": FRONTEND}, ValueError),
        ({"email": "a@example.com", "role_id": 42}, TypeError),
        (
            {"email": "a@example.com", "role_id": FRONTEND, "completion_webhook_url": " "},
            ValueError,
        ),
        ({"email": "a@example.com", "role_id": FRONTEND, "skip_email": "yes"}, TypeError),
        ({"email": "a@example.com", "role_id": FRONTEND, "send_email": True}, TypeError),
        ({"role_id": FRONTEND}, TypeError),
    ],
)
def test_bad_arguments_are_refused_before_sending(
    harness: Harness, arguments: dict[str, Any], error: type[Exception]
) -> None:
    server = MockServer()
    client = make_client(harness, server.transport)

    with pytest.raises(error):
        harness.run(client.create_assignment, **arguments)
    assert server.requests == []


def test_a_validation_error_is_raised_with_indeed_s_message(harness: Harness) -> None:
    server = MockServer().add(
        "POST",
        "/v1/assignments.json",
        json_response(fixture_json("indeed", "error_validation"), 422),
    )
    client = make_client(harness, server.transport)

    with pytest.raises(UnprocessableEntityError) as raised:
        harness.run(client.create_assignment, email="a@example.com", role_id=FRONTEND)
    assert raised.value.message == "Validation failed: Name can't be blank"


def test_a_post_that_reached_indeed_is_never_sent_twice(harness: Harness) -> None:
    server = MockServer().add(
        "POST", "/v1/assignments.json", json_response({"error": "unavailable"}, 503), created
    )
    client = make_client(harness, server.transport, max_retries=3)

    with pytest.raises(InternalServerError):
        harness.run(client.create_assignment, email="a@example.com", role_id=FRONTEND)
    assert len(server.requests) == 1


def test_a_post_that_could_not_connect_is_retried(harness: Harness) -> None:
    attempts: list[httpx.Request] = []

    def flaky(request: httpx.Request) -> httpx.Response:
        attempts.append(request)
        if len(attempts) == 1:
            raise httpx.ConnectError("connection refused", request=request)
        return created(request)

    client = make_client(harness, httpx.MockTransport(flaky), max_retries=2)
    assignment = harness.run(client.create_assignment, email="a@example.com", role_id=FRONTEND)

    assert assignment.id == "yw4gmpjjtkgkdxjkuoghsa" and len(attempts) == 2
    no_retry = make_client(harness, httpx.MockTransport(flaky), max_retries=0)
    attempts.clear()
    with pytest.raises(APIConnectionError):
        harness.run(no_retry.create_assignment, email="a@example.com", role_id=FRONTEND)


# --- roles and assessments -----------------------------------------------------------------------


def test_list_roles_reads_the_documented_page(harness: Harness) -> None:
    server = MockServer().add(
        "GET", "/v1/roles.json", json_response(fixture_json("indeed", "list_roles"))
    )
    client = make_client(harness, server.transport)

    page = harness.first_page(client.list_roles())

    assert (len(page), page.total, page.has_next) == (2, 2, False)
    frontend, backend = page
    assert isinstance(frontend, Role)
    assert frontend.status is PublicationStatus.PUBLISHED_AND_LOCKED
    assert str(frontend.status) == "published_and_locked"
    assert frontend.created_at == datetime(2017, 9, 29, 21, 7, 36, 407000, tzinfo=UTC)
    assert frontend.url == "https://yourcompany.indeedassessments.com/roles/pgrnovpmee0qkljd"
    assert frontend.completion_redirect_url is None
    (entry,) = frontend.assessments
    assert entry.assessment is not None
    human = entry.assessment
    assert (human.id, human.name, human.automatically_scored) == (
        "are-you-a-human",
        "Are You a Human",
        True,
    )
    assert (human.estimated_duration, human.subject_category) == (
        "0-15 minutes",
        "Aptitude & Psychometric",
    )
    assert human.public_library is True and human.steps is None
    assert (backend.description, backend.assessments) == (None, [])
    assert dict(server.requests[0].url.params) == {"page": "1"}


def test_list_roles_pages_with_per(harness: Harness) -> None:
    server = MockServer().add(
        "GET", "/v1/roles.json", json_response(fixture_json("indeed", "list_roles_page1_per1"))
    )
    client = make_client(harness, server.transport)

    roles = harness.collect(client.list_roles(per_page=1))

    assert [role.description for role in roles] == ["Lorem ipsum dolor sit amet"]
    assert [dict(r.url.params) for r in server.requests] == [{"page": "1", "per": "1"}]


def test_get_role_unwraps_its_envelope_and_escapes_the_id(harness: Harness) -> None:
    server = MockServer().add(
        "GET", "/v1/roles/pgrnovpmee0qkljd.json", json_response(fixture_json("indeed", "get_role"))
    )
    server.add("GET", "/v1/roles/a%2Fb.json", json_response({"role": {"id": "a/b"}}))
    client = make_client(harness, server.transport)

    role = harness.run(client.get_role, FRONTEND)
    odd = harness.run(client.get_role, "a/b")

    assert role.description == "Test for assessing JS skills"
    assert role.assessments[0].assessment.preview_token == "X_FR3iXMbm8"
    assert role.to_dict() == fixture_json("indeed", "get_role")["role"] | {
        "created_at": "2017-09-29T21:07:36.407000+00:00",
        "updated_at": "2017-09-29T21:07:36.502000+00:00",
        "attempt_ids": [],
        "assessments": role.to_dict()["assessments"],
    }
    assert odd.id == "a/b"


def test_list_assessments_reads_a_custom_assessment_s_steps(harness: Harness) -> None:
    server = MockServer().add(
        "GET", "/v1/assessments.json", json_response(fixture_json("indeed", "list_assessments"))
    )
    client = make_client(harness, server.transport)

    human, math = harness.collect(client.list_assessments())

    assert isinstance(math, Assessment)
    assert (human.public_library, math.public_library) == (True, False)
    assert human.steps is None and math.steps is not None and math.steps.step is not None
    step = math.steps.step
    assert (step.type, step.name, step.time_limit_in_seconds) == ("reform", "A demo step", None)
    assert step.instructions == "Answer the following correctly"
    assert [(q.type, q.label) for q in step.questions] == [
        ("single_line_text", "How would you use an abacus?")
    ]


@pytest.mark.parametrize("name", ["get_assessment", "clone_assessment"])
def test_get_assessment_unwraps_its_envelope(harness: Harness, name: str) -> None:
    body = fixture_json("indeed", name)
    assessment_id = body["assessment"]["id"]
    server = MockServer().add("GET", f"/v1/assessments/{assessment_id}.json", json_response(body))
    client = make_client(harness, server.transport)

    assessment = harness.run(client.get_assessment, assessment_id)

    assert assessment.id == assessment_id
    assert assessment.public_library is None  # not in this example
    assert assessment.updated_at == datetime(2017, 9, 29, 21, 7, 35, 856000, tzinfo=UTC)


@pytest.mark.parametrize(
    ("path", "name", "call"),
    [
        ("/v1/roles.json", "list_roles", lambda c: c.list_roles()),
        ("/v1/roles.json", "list_roles_page1_per1", lambda c: c.list_roles()),
        ("/v1/assessments.json", "list_assessments", lambda c: c.list_assessments()),
    ],
)
def test_documented_examples_decode_in_strict_mode_without_warnings(
    harness: Harness, path: str, name: str, call: Any
) -> None:
    server = MockServer().add("GET", path, json_response(fixture_json("indeed", name)))
    client = make_client(harness, server.transport, strict=True)

    records = harness.collect(call(client))

    assert records and all(record.extra == {} for record in records)


def test_an_unknown_status_is_kept_as_its_string(harness: Harness) -> None:
    body = fixture_json("indeed", "get_role")
    body["role"]["status"] = "published_and_unlocked"
    server = MockServer().add("GET", f"/v1/roles/{FRONTEND}.json", json_response(body))
    client = make_client(harness, server.transport)

    role = harness.run(client.get_role, FRONTEND)

    assert role.status == "published_and_unlocked"
    assert not isinstance(role.status, PublicationStatus)


# --- the fake ------------------------------------------------------------------------------------


def indeed_client(harness: Harness, fake: FakeIndeed, conn: dict[str, Any], **kw: Any) -> Any:
    options = {"api_key": fake.api_key, "rate_limit": None, **conn, **kw}
    return harness.client(IndeedClient, AsyncIndeedClient, **options)


def test_a_created_assignment_is_listed_first_and_found(harness: Harness, via: str) -> None:
    fake = FakeIndeed()
    with connected(fake, via) as conn:
        client = indeed_client(harness, fake, conn)  # the cache stays on, as by default
        before = harness.collect(client.list_assignments())
        assignment = harness.run(
            client.create_assignment, email="john.doe@example.com", role_id=FRONTEND
        )
        after = harness.collect(client.list_assignments())
        again = harness.run(client.get_assignment, assignment.id)

    assert len(after) == len(before) + 1 == 14
    assert after[0].id == assignment.id == again.id
    assert [a.id for a in after[1:]] == [a.id for a in before]
    assert assignment.role and assignment.role.name == "Frontend Engineer (JS Experience)"
    assert assignment.user and assignment.user.email == "john.doe@example.com"
    assert assignment.remaining_assessment_count == 1 and assignment.attempts == []
    assert assignment.invitation_url and assignment.invitation_url.startswith("https://")
    assert ("POST", "/assignments.json") in fake.calls
    assert fake.invitations == ["john.doe@example.com"]


def test_the_fake_records_webhooks_and_sends_no_invitation_when_asked(harness: Harness) -> None:
    fake = FakeIndeed()
    role = fake.roles[1]["id"]
    with connected(fake, "memory") as conn:
        client = indeed_client(harness, fake, conn)
        quiet = harness.run(
            client.create_assignment,
            email="quiet@example.com",
            role_id=role,
            completion_webhook_url="https://hr.acme.example/hooks/indeed",
            completion_webhook_name="HR system",
            skip_email=True,
        )

    assert fake.invitations == []
    assert fake.completion_webhooks == {
        quiet.id: {"url": "https://hr.acme.example/hooks/indeed", "name": "HR system"}
    }
    assert quiet.remaining_assessment_count == len(fake.roles[1]["assessments"])


@pytest.mark.parametrize(
    ("arguments", "error", "message"),
    [
        (
            {"email": "not-an-email", "role_id": FRONTEND},
            UnprocessableEntityError,
            "Validation failed: Email is invalid",
        ),
        (
            {"email": "a@example.com", "role_id": "nope"},
            NotFoundError,
            "Couldn't find Role with 'id'=nope",
        ),
    ],
)
def test_the_fake_refuses_what_indeed_refuses(
    harness: Harness, arguments: dict[str, Any], error: type[Exception], message: str
) -> None:
    fake = FakeIndeed()
    with connected(fake, "memory") as conn:
        client = indeed_client(harness, fake, conn)
        with pytest.raises(error) as raised:
            harness.run(client.create_assignment, **arguments)

    assert raised.value.message == message  # type: ignore[attr-defined]
    assert len(fake.assignments) == 13 and fake.invitations == []


def test_the_fake_does_not_store_an_invitation_it_failed(harness: Harness) -> None:
    fake = FakeIndeed()
    fake.fail_next(1, status=503)
    with connected(fake, "memory") as conn:
        client = indeed_client(harness, fake, conn)
        with pytest.raises(InternalServerError):
            harness.run(client.create_assignment, email="a@example.com", role_id=FRONTEND)

    assert fake.calls == [("POST", "/assignments.json")]
    assert len(fake.assignments) == 13


def test_the_fake_serves_its_roles_and_the_documented_ones(harness: Harness, via: str) -> None:
    fake = FakeIndeed()
    with connected(fake, via) as conn:
        client = indeed_client(harness, fake, conn)
        roles = harness.collect(client.list_roles(per_page=2))
        frontend = harness.run(client.get_role, FRONTEND)
        assessments = harness.collect(client.list_assessments())
        human = harness.run(client.get_assessment, "are-you-a-human")

    names = [role.name for role in roles]
    assert names == sorted(names) and len(names) == 5
    documented = [result["role"] for result in fixture_json("indeed", "list_roles")["results"]]
    assert all(role in fake.roles for role in documented)  # served as the docs show them
    assert frontend.description == "Test for assessing JS skills"
    assert frontend.assessments[0].assessment is not None
    assert frontend.assessments[0].assessment.id == "are-you-a-human"
    assert {a.id for a in assessments} >= {"are-you-a-human", "can-you-math"}
    assert len(assessments) == 7 and human.name == "Are You a Human"
    seeded = {a.name for a in assessments if a.public_library and a.id != "are-you-a-human"}
    assert seeded == {
        "Customer Service Skills",
        "Typing Speed and Accuracy",
        "Attention to Detail",
        "Basic Math",
        "Sales Aptitude",
    }
    roles_of = {
        role.name: [entry.assessment.name for entry in role.assessments if entry.assessment]
        for role in roles
    }
    assert roles_of["Warehouse Associate"] == ["Attention to Detail", "Basic Math"]


def test_the_fake_s_roles_are_revalidated_by_the_cache(harness: Harness) -> None:
    fake = FakeIndeed()
    with connected(fake, "memory") as conn:
        client = indeed_client(harness, fake, conn)
        first = harness.collect(client.list_roles())
        second = harness.collect(client.list_roles())

    assert [r.id for r in first] == [r.id for r in second]
    assert fake.not_modified == 1
