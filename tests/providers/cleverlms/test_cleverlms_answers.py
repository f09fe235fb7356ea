"""CleverLMS beyond the seed: the export of the answers given to test questions
(`CleverLMSClient.export_test_answers`). Contract tests run with the sync and the async client
(``harness``); the fake's tests also over real HTTP (``via``).

``answers.json`` is cleverlms/integration-docs ``examples/v2/materials/tests/answers.json`` at
1dfac80, verbatim (its table is ``answers.md``; the request's parameters are known only from
``answers_errors.md``). No repair was needed.
"""

from __future__ import annotations

import copy
from collections import Counter
from datetime import datetime, timedelta, timezone
from typing import Any

import httpx
import pytest

from attempts_sdk import ConfigurationError, DataWarning, DecodeError, UnprocessableEntityError
from attempts_sdk.cleverlms import (
    AsyncCleverLMSClient,
    CleverLMSClient,
    TestAnswer,
    TestAnswerStatus,
    TestQuestionType,
)
from attempts_sdk.testing import FakeCleverLMS
from conftest import Harness, MockServer, fixture_json, json_response
from support.fakes import connected, raw_client

BASE_URL = "https://lms.example.com/api"
PATH = "/api/v2/materials/tests/answers"
TOKEN = "clv-0123456789-secret"
MSK = timezone(timedelta(hours=3))
REQUIRED: dict[str, Any] = {"company_id": 7, "language": "en", "question": [6163]}


def make_client(harness: Harness, server: MockServer, **options: Any) -> Any:
    return harness.client(
        CleverLMSClient,
        AsyncCleverLMSClient,
        base_url=BASE_URL,
        token=TOKEN,
        transport=server.transport,
        **options,
    )


def pages(*bodies: Any, path: str = PATH) -> MockServer:
    """Page N answers the N-th body; later pages are empty."""

    def respond(request: httpx.Request) -> httpx.Response:
        page = int(request.url.params["page"])
        body = bodies[page - 1] if page <= len(bodies) else {"data": []}
        return httpx.Response(200, json=body)

    return MockServer().add("GET", path, respond)


def documented() -> dict[str, Any]:
    body: dict[str, Any] = fixture_json("cleverlms", "answers")
    return body


# --- the documented example ----------------------------------------------------------------------


def test_documented_example_decodes_with_exact_values(harness: Harness) -> None:
    server = pages(documented())
    client = make_client(harness, server, strict=True)

    answers = harness.collect(client.export_test_answers(**REQUIRED))

    assert len(answers) == 5 and all(isinstance(a, TestAnswer) for a in answers)
    first = answers[0]
    assert first.id == "000723f2-1f1e-11ef-b4f6-02420a000370"
    assert first.attempt_id == "00d7a23e-1f1e-11ef-a0c6-02420a000370"
    assert (first.attempt_number, first.material_id, first.question_id) == (2, 3194, 6163)
    assert first.question_type is TestQuestionType.MCQ and str(first.question_type) == "mcq"
    assert first.status is TestAnswerStatus.SUCCESS and str(first.status) == "success"
    assert (first.login, first.score, first.text) == ("user_integration_q_125", 1, None)
    assert first.created_at == datetime(2024, 5, 31, 10, 18, 24, tzinfo=MSK)
    assert first.answers == [634270]
    assert [a.attempt_number for a in answers] == [2, 1, 2, 2, 1]
    assert [request.url.params["page"] for request in server.requests] == ["1", "2"]


def test_to_dict_gives_the_wire_shape_back(harness: Harness) -> None:
    client = make_client(harness, pages(documented()))
    answers = harness.collect(client.export_test_answers(**REQUIRED))
    assert [a.to_dict() for a in answers] == documented()["data"]


def test_odd_values_that_lose_nothing_decode_silently(harness: Harness) -> None:
    rows = copy.deepcopy(documented()["data"][:3])
    rows[0].update(question_type="drag-and-drop", status="partially", material_id="3194")
    rows[1].update(text="Мой ответ", answers=[], attempt_number=None, extra_field={"a": 1})
    rows[2].update(created_at="2024-05-31T07:19:29Z", score="1", attempt_number="NA")
    client = make_client(harness, pages({"data": rows}), strict=True)

    first, second, third = harness.collect(client.export_test_answers(**REQUIRED))

    assert (first.question_type, first.status, first.material_id) == (
        "drag-and-drop",
        "partially",
        3194,
    )
    assert not isinstance(first.question_type, TestQuestionType)
    assert (second.text, second.answers, second.attempt_number) == ("Мой ответ", [], None)
    assert second.extra == {"extra_field": {"a": 1}}
    assert third.created_at == datetime(2024, 5, 31, 10, 19, 29, tzinfo=MSK)
    assert (third.score, third.attempt_number) == (1, None)


def test_a_bad_optional_value_warns_and_a_bad_required_one_raises(harness: Harness) -> None:
    rows = copy.deepcopy(documented()["data"][:2])
    rows[0]["attempt_number"] = "second"
    server = pages({"data": rows})

    with pytest.warns(DataWarning) as caught:
        first, _ = harness.collect(make_client(harness, server).export_test_answers(**REQUIRED))
    assert first.attempt_number is None and first.invalid == {"attempt_number": "second"}
    assert [w.message.path for w in caught.list] == ["data[0].attempt_number"]  # type: ignore[union-attr]

    strict = make_client(harness, pages({"data": rows}), strict=True)
    with pytest.raises(DecodeError) as raised:
        harness.collect(strict.export_test_answers(**REQUIRED))
    assert (raised.value.path, raised.value.raw) == ("data[0].attempt_number", "second")

    rows[0]["attempt_number"], rows[1]["score"] = 2, "NA"
    with pytest.raises(DecodeError) as raised:
        harness.collect(make_client(harness, pages({"data": rows})).export_test_answers(**REQUIRED))
    assert raised.value.path == "data[1].score"


def test_a_missing_required_field_is_a_decode_error_naming_it(harness: Harness) -> None:
    rows = copy.deepcopy(documented()["data"][:2])
    del rows[1]["attempt_id"]
    client = make_client(harness, pages({"data": rows}))

    with pytest.raises(DecodeError) as raised:
        harness.collect(client.export_test_answers(**REQUIRED))
    assert raised.value.path == "data[1].attempt_id"


# --- the request ---------------------------------------------------------------------------------


def test_filters_are_sent_as_php_reads_a_nested_array(harness: Harness) -> None:
    server = pages({"data": []})
    client = make_client(harness, server)

    harness.collect(
        client.export_test_answers(
            after_date=datetime(2024, 5, 31, 10, 0, 0, 999, tzinfo=MSK),
            per_page=500,
            company_id=7,
            language="ru",
            user_status="active",
            material_status="completed",
            question=[6163, 6164],
            login=["user_integration_q_125"],
            question_type=[TestQuestionType.MCQ, "open-question"],
            answer_status=["success", TestAnswerStatus.NOT_ANSWER],
            with_reset=True,
        )
    )

    assert server.requests[0].url.params.multi_items() == [
        ("afterDate", "2024-05-31T10:00:00+03:00"),
        ("perPage", "500"),
        ("companyId", "7"),
        ("language", "ru"),
        ("userStatus", "active"),
        ("materialStatus", "completed"),
        ("filters[question][]", "6163"),
        ("filters[question][]", "6164"),
        ("filters[login][]", "user_integration_q_125"),
        ("filters[question_type][]", "mcq"),
        ("filters[question_type][]", "open-question"),
        ("filters[answer_status][]", "success"),
        ("filters[answer_status][]", "not_answer"),
        ("filters[with_reset]", "1"),
        ("page", "1"),
    ]
    assert "filters%5Bquestion%5D%5B%5D=6163" in str(server.requests[0].url)


def test_with_reset_false_is_zero_and_an_empty_list_is_not_sent(harness: Harness) -> None:
    server = pages({"data": []})
    client = make_client(harness, server)

    harness.collect(client.export_test_answers(question=[], login=(), with_reset=False))

    assert dict(server.requests[0].url.params) == {"filters[with_reset]": "0", "page": "1"}


@pytest.mark.parametrize(
    ("filters", "error"),
    [
        ({"question": "6163"}, TypeError),
        ({"question": [6163, "6164"]}, TypeError),
        ({"login": "user_integration_q_125"}, TypeError),
        ({"question_type": ["mcq", ""]}, ValueError),
        ({"with_reset": 1}, TypeError),
        ({"questions": [6163]}, TypeError),
        ({"to_date": datetime(2024, 5, 31)}, ValueError),
    ],
)
def test_bad_filters_are_refused_before_any_request(
    harness: Harness, filters: dict[str, Any], error: type[Exception]
) -> None:
    server = pages()
    client = make_client(harness, server)

    with pytest.raises(error):
        client.export_test_answers(**filters)
    assert server.requests == []


def test_answers_path_moves_the_export_and_leaves_the_attempts_one(harness: Harness) -> None:
    server = pages({"data": []}, path="/api/integration/answers")
    server.add("GET", "/api/v2/materials/tests/attempts", json_response({"data": []}))
    client = make_client(harness, server, answers_path="/integration/answers")

    harness.collect(client.export_test_answers(**REQUIRED))
    harness.collect(client.export_test_attempts())

    assert server.paths() == ["/api/integration/answers", "/api/v2/materials/tests/attempts"]


@pytest.mark.parametrize("path", ["integration/answers", "/a?b=1", "/a/{id}"])
def test_a_bad_answers_path_is_a_configuration_error_naming_it(harness: Harness, path: str) -> None:
    with pytest.raises(ConfigurationError, match="answers_path"):
        make_client(harness, pages(), answers_path=path)


def test_the_per_page_rule_ends_the_export_at_a_short_page(harness: Harness) -> None:
    rows = documented()["data"]
    server = pages({"data": rows[:2]}, {"data": rows[2:4]}, {"data": rows[4:]})
    client = make_client(harness, server)

    answers = harness.collect(client.export_test_answers(per_page=2, **REQUIRED))

    assert [a.id for a in answers] == [row["id"] for row in rows]
    assert len(server.requests) == 3  # the third page is short: no fourth request


def test_a_documented_validation_error_is_raised_with_its_field(harness: Harness) -> None:
    body = {
        "errors": [{"code": 1007, "field": "filters", "message": "Filter question is required"}]
    }
    server = MockServer().add("GET", PATH, json_response(body, 422))
    client = make_client(harness, server)

    with pytest.raises(UnprocessableEntityError) as raised:
        harness.collect(client.export_test_answers(company_id=7, language="en"))
    assert raised.value.message == "Filter question is required"
    assert raised.value.errors == body["errors"]


# --- the fake ------------------------------------------------------------------------------------


def clever_client(harness: Harness, fake: FakeCleverLMS, conn: dict[str, Any]) -> Any:
    return harness.client(CleverLMSClient, AsyncCleverLMSClient, token=fake.token, **conn)


def test_the_fake_serves_one_answer_per_question_as_its_attempts_count(
    harness: Harness, via: str
) -> None:
    fake = FakeCleverLMS()
    questions = sorted({row["question_id"] for row in fake.answers})
    with connected(fake, via) as conn:
        client = clever_client(harness, fake, conn)
        answers = harness.collect(
            client.export_test_answers(company_id=1, language="en", question=questions, per_page=50)
        )

    assert [a.id for a in answers] == [row["id"] for row in fake.answers]
    assert len(answers) == sum(attempt["q_count"] for attempt in fake.attempts) == 221
    for attempt in fake.attempts:
        mine = Counter(a.status for a in answers if a.attempt_id == attempt["id"])
        assert mine["success"] == attempt["q_success"]
        assert mine["checking"] == attempt["q_checking"]
        assert mine["fail"] + mine["not_answer"] == attempt["q_fail"]
        assert mine["not_answer"] == 0 or attempt["ended_at"] is None
    assert {a.question_type for a in answers} == set(TestQuestionType)
    answered = [a for a in answers if a.status != "not_answer"]
    assert all((a.text is not None) == (a.question_type == "open-question") for a in answered)
    assert len(fake.calls) == 5  # 221 rows, 50 a page: the fifth is short, and the last


def test_the_fake_s_filters_select_rows(harness: Harness, via: str) -> None:
    fake = FakeCleverLMS()
    rows = fake.answers
    target = next(
        row for row in rows if row["status"] == "success" and row["created_at"] > "2024-02-12"
    )
    login = target["login"]
    some = sorted(
        {row["question_id"] for row in rows if row["material_id"] == target["material_id"]}
    )
    since = datetime(2024, 2, 12, tzinfo=MSK)
    with connected(fake, via) as conn:
        client = clever_client(harness, fake, conn)
        picked = harness.collect(
            client.export_test_answers(
                company_id=1,
                language="en",
                question=some,
                login=[login],
                answer_status=["success", "fail"],
                after_date=since,
            )
        )
        open_ones = harness.collect(
            client.export_test_answers(
                company_id=1, language="en", question=some, question_type=["open-question"]
            )
        )

    assert [a.id for a in picked] == [
        row["id"]
        for row in rows
        if row["question_id"] in some
        and row["login"] == login
        and row["status"] in ("success", "fail")
        and datetime.fromisoformat(row["created_at"]) >= since
    ]
    assert target["id"] in {a.id for a in picked} and open_ones
    assert {a.question_type for a in open_ones} == {"open-question"}


def test_an_added_attempt_s_answers_are_exported(harness: Harness) -> None:
    fake = FakeCleverLMS(seed=False)
    added = fake.add_attempt(
        material_id=742, q_count=4, q_success=2, q_fail=1, q_checking=1, login="trainee042"
    )
    with connected(fake, "memory") as conn:
        answers = harness.collect(
            clever_client(harness, fake, conn).export_test_answers(
                company_id=1, language="en", question=list(range(17130, 17145))
            )
        )

    assert {a.attempt_id for a in answers} == {added["id"]}
    assert Counter(a.status for a in answers) == {"success": 2, "fail": 1, "checking": 1}
    checking = [a for a in answers if a.status == "checking"]
    assert checking[0].question_type == "open-question"  # reviewers check open answers
    assert all(a.login == "trainee042" and a.material_id == 742 for a in answers)
    assert sum(a.score for a in answers) == 2  # material 742: 1 point an answer


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ({"language": "en", "filters[question][]": "1"}, "companyId", "Value is required"),
        ({"companyId": "1", "filters[question][]": "1"}, "language", "Value is required"),
        ({"companyId": "1", "language": "en"}, "filters", "Filter question is required"),
        (
            {"companyId": "1", "language": "en", "filters[question]": "1"},
            "filters",
            "Filter question must be array",
        ),
        (
            {"companyId": "1", "language": "en", "filters[question][]": "x"},
            "filters",
            "Filter question has not integer elements",
        ),
        (
            {
                "companyId": "1",
                "language": "en",
                "filters[question][]": "1",
                "filters[with_reset]": "yes",
            },
            "filters",
            "Filter with_reset must be boolean",
        ),
        (
            {
                "companyId": "1",
                "language": "en",
                "filters[question][]": "1",
                "filters[question_type][]": "essay",
            },
            "filters",
            "Filter question_type has not valid type. "
            "Allowed types: mcq, select-image, open-question",
        ),
        (
            {
                "companyId": "1",
                "language": "en",
                "filters[question][]": "1",
                "filters[answer_status][]": "pending",
            },
            "filters",
            "Filter answer_status has not valid status. "
            "Allowed statuses: success, fail, checking, not_answer",
        ),
        (
            {
                "companyId": "1",
                "language": "en",
                "filters[question][]": "1",
                "toDate": "2024-05-31",
            },
            "toDate",
            "Invalid value format. Valid Y-m-d\\TH:i:sP",
        ),
    ],
)
def test_the_fake_refuses_with_the_documented_messages(
    query: dict[str, str], field: str, message: str
) -> None:
    fake = FakeCleverLMS()
    with raw_client(fake, fake.token) as http:
        response = http.get("/v2/materials/tests/answers", params=query)

    assert response.status_code == 422
    assert response.json() == {"errors": [{"code": 422, "field": field, "message": message}]}
