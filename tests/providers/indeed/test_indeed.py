"""Contract tests for `attempts_sdk.indeed`, each run with the sync and the async client.

Fixtures (tests/fixtures/indeed/):

* ``get_attempt.json``: seed 004's example, verbatim (indeedassessments/api-documentation
  ``sections/attempts.md`` before commit f32b9ea), with the docs' ``"13: 50: 17.192Z"``
  timestamps and ``"http: //…"`` URLs.
* ``list_assignments.json`` and ``get_assignment.json``: the two examples of
  indeedassessments/api-documentation ``sections/assignments.md`` (commit 05bb55e), verbatim.
  That stored version is valid JSON: the ``"question": { {`` typo reported for another version
  is not in it, so nothing had to be repaired.
* ``get_attempt_v0.json``: the older docs' attempt example (juandazapata/ia-api-docs era: int
  id ``123``, ``preview``, ``bundle``, ``user``). One repair: the trailing comma after
  ``"name": "Are You a Human"`` was removed, as it made the example invalid JSON.
"""

from __future__ import annotations

import copy
import json
import warnings
from datetime import datetime, timedelta, timezone
from typing import Any

import httpx
import pytest

from attempts_sdk import (
    ConfigurationError,
    DataWarning,
    NotFoundError,
    Page,
    UnprocessableEntityError,
)
from attempts_sdk.indeed import (
    Assignment,
    AsyncIndeedClient,
    Attempt,
    AudioRecording,
    IndeedClient,
    VideoRecording,
)
from conftest import Harness, MockServer, fixture_json, fixture_text, json_response

BASE_URL = "https://api.indeed.test/v1"
API_KEY = "ia-secret-key-0042"
UTC = timezone.utc


def make_client(harness: Harness, server: MockServer, **options: Any) -> Any:
    options.setdefault("api_key", API_KEY)
    options.setdefault("base_url", BASE_URL)
    options.setdefault("rate_limit", None)  # Indeed's 1 request/s has its own tests
    return harness.client(
        IndeedClient, AsyncIndeedClient, transport=server.transport, max_retries=0, **options
    )


def only_recording(attempt: Attempt, step: int) -> AudioRecording:
    recordings = attempt.step_progressions[step].audio_recordings
    assert len(recordings) == 1
    return recordings[0]


def only_video(attempt: Attempt, step: int) -> VideoRecording:
    recordings = attempt.step_progressions[step].video_recordings
    assert len(recordings) == 1
    return recordings[0]


# --- get_attempt ------------------------------------------------------------------------------


def test_get_attempt_decodes_the_documented_example(harness: Harness) -> None:
    server = MockServer().add(
        "GET",
        "/v1/attempts/khbgltqixvvyoxeb.json",
        json_response(fixture_text("indeed", "get_attempt")),
    )
    client = make_client(harness, server)

    attempt = harness.run(client.get_attempt, "khbgltqixvvyoxeb")

    assert isinstance(attempt, Attempt)
    assert attempt.id == "khbgltqixvvyoxeb"
    assert attempt.scoring_completed is True
    assert attempt.pending_review_count == 0
    assert attempt.score == 2.0
    assert attempt.possible_score == 2.0
    assert attempt.percentage_score == 1.0
    # The docs put the Unix time of completed_at here; it stays the int that was sent.
    assert attempt.completion_time_in_seconds == 1512740297
    assert type(attempt.completion_time_in_seconds) is int
    assert attempt.started_at == datetime(2017, 12, 8, 13, 38, 17, 434000, tzinfo=UTC)
    assert attempt.started_at.utcoffset() == timedelta(0)
    assert attempt.completed_at == datetime(2017, 12, 8, 13, 38, 17, 434000, tzinfo=UTC)
    assert attempt.created_at == datetime(2017, 12, 8, 13, 38, 16, 627000, tzinfo=UTC)
    assert attempt.updated_at == datetime(2017, 12, 8, 13, 38, 17, 550000, tzinfo=UTC)
    assert attempt.level is None
    assert attempt.role is None
    assert attempt.user is None
    assert attempt.assessment is not None
    assert (attempt.assessment.id, attempt.assessment.name) == (
        "pjpmahbioyqufxos",
        "Philosopher Assessment 1",
    )
    assert len(attempt.step_progressions) == 3
    assert attempt.extra == {}

    demo = attempt.step_progressions[0]
    assert demo.step is not None
    assert (demo.step.name, demo.step.sequence) == ("A demo step", 1)
    assert demo.timed_out is False
    assert demo.completion_time_in_seconds == 0
    assert demo.started_at == datetime(2017, 12, 8, 13, 38, 17, 357000, tzinfo=UTC)
    assert demo.completed_at == datetime(2017, 12, 8, 13, 38, 17, 412000, tzinfo=UTC)
    assert demo.audio_recordings == []
    assert demo.video_recordings == []
    assert [answer.value for answer in demo.answers] == [
        None,
        "This Lime Tree Bower",
        None,
        "A Passage to India",
        None,
        "If you want to know what a mans like, take a good look at how he treats his "
        "inferiors, not his equals. (1), To the well-organized mind, death is but the next "
        "great adventure. (2)",
    ]
    scored = demo.answers[1]
    assert scored.question is not None
    assert scored.question.id == "zhw2jhjqydhdrzlz"
    assert scored.question.instructions == (
        "Help instructions for a question type of type Single line text with a question "
        "scoring rule"
    )
    assert scored.question.choices == []
    assert len(scored.scores) == 1
    assert scored.scores[0].scoring_dimension_name == "Sales > Math"
    assert (scored.scores[0].score, scored.scores[0].possible_score) == (1.0, 1.0)
    assert demo.answers[3].scores[0].scoring_dimension_name == "Friendliness"
    assert demo.answers[0].scores == []

    multiple = demo.answers[5]
    assert multiple.question is not None
    assert [choice.id for choice in multiple.question.choices] == [
        "gc5ixhi9ci9d-miw",
        "fctk69mxdnv_pw8d",
        "aesr6xnq_3_he2_g",
        "fdj_3tzvpp8cwsaz",
        "jzmmr4qf85el_zrs",
    ]
    assert all(choice.correct_answer is False for choice in multiple.question.choices)
    assert multiple.question.choices[2].value == (
        "Never trust anything that can think for itself if you cant see where it keeps its "
        "brain. (3)"
    )
    assert [choice.id for choice in multiple.select_choices] == [
        "gc5ixhi9ci9d-miw",
        "fctk69mxdnv_pw8d",
    ]
    assert multiple.select_choices[1].value == (
        "To the well-organized mind, death is but the next great adventure. (2)"
    )

    audio_step = attempt.step_progressions[1]
    assert audio_step.answers == []
    assert audio_step.step is not None
    assert audio_step.step.name == "A audio interview step"
    # "2018-01-23T13: 50: 17.149Z" in the docs: repaired, not dropped.
    assert audio_step.started_at == datetime(2018, 1, 23, 13, 50, 17, 149000, tzinfo=UTC)
    assert audio_step.completed_at == datetime(2018, 1, 23, 13, 50, 17, 202000, tzinfo=UTC)
    audio = only_recording(attempt, 1)
    assert audio.url == "http: //stromansatterfield.name/cayla"
    assert (audio.size, audio.duration) == (107, 69)
    assert audio.created_at == datetime(2018, 1, 23, 13, 50, 17, 192000, tzinfo=UTC)
    assert audio.created_at.utcoffset() == timedelta(0)
    assert (audio.created_at.minute, audio.created_at.second) == (50, 17)
    assert audio.created_at.microsecond == 192000
    assert audio.updated_at == audio.created_at
    assert audio.transcription_1 == "You're gonna over-dry your laundry?"
    assert audio.transcription_1_raw == (
        "She's one of those low-talkers. You can't hear a word she's saying!"
    )
    assert audio.transcription_1_status == "The sea was angry that day my friends."
    assert audio.transcription_2 == "But I don't want to be a pirate!"
    assert audio.transcription_2_raw == "She had man hands."
    assert audio.transcription_3_status == "Hello, Newman."
    confidences = [
        audio.transcription_1_confidence,
        audio.transcription_2_confidence,
        audio.transcription_3_confidence,
    ]
    assert confidences == [0.0, 3.0, 2.0]
    assert all(type(value) is float for value in confidences)
    prompt = audio.audio_prompt
    assert prompt is not None
    assert prompt.id is None
    assert prompt.sequence == 1.0
    assert type(prompt.sequence) is float
    assert prompt.url == "http: //nikolaus.biz/jasen"
    assert prompt.record_after_prompt is True
    assert prompt.text_to_speech == "Cartwright! Cartwright!"
    assert prompt.text_to_speech_url == "http: //skiles.biz/naomie_cartwright"
    assert prompt.text_to_speech_voice == "English - Julie (US Female)"

    video_step = attempt.step_progressions[2]
    assert video_step.step is not None
    assert (video_step.step.name, video_step.step.sequence) == ("A video interview step", 1)
    assert video_step.completed_at == datetime(2018, 1, 23, 16, 17, 28, 8000, tzinfo=UTC)
    video = only_video(attempt, 2)
    assert video.url == "http: //yundt.com/cory"
    assert (video.file_size, video.duration) == (249, 79)
    assert video.created_at == datetime(2018, 1, 23, 16, 17, 27, 999000, tzinfo=UTC)
    assert (video.debug_ip, video.debug_user_agent) == ("0.0.0.0", "agent")
    assert video.practice is False
    assert video.video_prompt is not None
    assert video.video_prompt.sequence == 1.0
    assert type(video.video_prompt.sequence) is float
    assert video.video_prompt.text_prompt == "You're gonna over-dry your laundry?"
    assert (video.video_prompt.retakes, video.video_prompt.time_limit_in_seconds) == (0, 60)

    [request] = server.requests
    assert request.method == "GET"
    assert request.url.path == "/v1/attempts/khbgltqixvvyoxeb.json"
    assert request.headers["Authorization"] == f"token {API_KEY}"


def test_get_attempt_to_dict_gives_back_wire_names_and_raw_urls(harness: Harness) -> None:
    server = MockServer().add(
        "GET",
        "/v1/attempts/khbgltqixvvyoxeb.json",
        json_response(fixture_json("indeed", "get_attempt")),
    )
    client = make_client(harness, server)

    wire = harness.run(client.get_attempt, "khbgltqixvvyoxeb").to_dict()

    recording = wire["step_progressions"][1]["audio_recordings"][0]
    assert recording["url"] == "http: //stromansatterfield.name/cayla"
    assert recording["transcription_2_confidence"] == 3.0
    assert recording["created_at"] == "2018-01-23T13:50:17.192000+00:00"
    assert wire["completion_time_in_seconds"] == 1512740297
    assert wire["step_progressions"][0]["answers"][1]["scores"][0] == {
        "score": 1.0,
        "possible_score": 1.0,
        "scoring_dimension_name": "Sales > Math",
    }


def test_documented_examples_decode_in_strict_mode(harness: Harness) -> None:
    """The docs' odd values are parsed, not nulled: strict mode accepts them all."""
    server = (
        MockServer()
        .add(
            "GET",
            "/v1/attempts/khbgltqixvvyoxeb.json",
            json_response(fixture_text("indeed", "get_attempt")),
        )
        .add(
            "GET",
            "/v1/assignments/yw4gmpjjtkgkdxjkuoghsa.json",
            json_response(fixture_text("indeed", "get_assignment")),
        )
    )
    client = make_client(harness, server, strict=True)

    attempt = harness.run(client.get_attempt, "khbgltqixvvyoxeb")
    assignment = harness.run(client.get_assignment, "yw4gmpjjtkgkdxjkuoghsa")

    assert only_video(attempt, 2).updated_at == datetime(
        2018, 1, 23, 16, 17, 27, 999000, tzinfo=UTC
    )
    embedded = assignment.attempts[0]
    assert only_recording(embedded, 1).transcription_3_confidence == 2.0


def test_int_ids_become_str_without_warning(harness: Harness) -> None:
    body = fixture_json("indeed", "get_attempt")
    # As in api-documentation sections/attempts.md at commit 0d532f4: an int prompt id.
    body["attempt"]["step_progressions"][1]["audio_recordings"][0]["audio_prompt"]["id"] = 182
    server = (
        MockServer()
        .add(
            "GET", "/v1/attempts/123.json", json_response(fixture_text("indeed", "get_attempt_v0"))
        )
        .add("GET", "/v1/attempts/khbgltqixvvyoxeb.json", json_response(body))
    )
    client = make_client(harness, server)

    with warnings.catch_warnings():
        warnings.simplefilter("error", DataWarning)
        old = harness.run(client.get_attempt, "123")
        current = harness.run(client.get_attempt, "khbgltqixvvyoxeb")

    assert old.id == "123"
    assert type(old.id) is str
    assert old.preview is False
    assert old.completion_time_in_seconds == 239
    assert (old.score, old.possible_score, old.percentage_score) == (19.0, 100.0, 19.0)
    assert old.bundle is not None
    assert (old.bundle.id, old.bundle.name) == (
        "pgrnovpmee0qkljd",
        "Frontend Engineer (JS Experience)",
    )
    assert old.user is not None
    assert (old.user.email, old.user.full_name) == ("john.doe@example.com", "John Doe")
    assert old.step_progressions == []
    assert old.extra == {}
    prompt = only_recording(current, 1).audio_prompt
    assert prompt is not None
    assert prompt.id == "182"


# --- assignments ------------------------------------------------------------------------------


def assignment_pages(count: int, per: int, attempts_per_assignment: list[int]) -> list[Any]:
    """``count`` copies of the documented assignment (ids ``a0``, ``a1``…), each with its own
    number of copies of the documented attempt (ids ``a0-t0``…), split into pages of ``per``."""
    template = fixture_json("indeed", "list_assignments")["results"][0]["assignment"]
    attempt = template["attempts"][0]
    assignments = []
    for index in range(count):
        assignment = copy.deepcopy(template)
        assignment["id"] = f"a{index}"
        assignment["attempts"] = [
            {**copy.deepcopy(attempt), "id": f"a{index}-t{n}"}
            for n in range(attempts_per_assignment[index])
        ]
        assignments.append(assignment)
    chunks = [assignments[start : start + per] for start in range(0, count, per)]
    return [
        {
            "meta": {"total_count": count, "count": len(chunk), "pages": len(chunks)},
            "results": [{"assignment": item} for item in chunk],
        }
        for chunk in chunks
    ]


def serve_pages(pages: list[Any]) -> MockServer:
    """``/v1/assignments.json`` answering ``page=N`` with ``pages[N-1]`` (404 past the end)."""

    def respond(request: httpx.Request) -> httpx.Response:
        number = int(request.url.params["page"])
        if not 1 <= number <= len(pages):
            return httpx.Response(404, json={"error": "Not found"})
        return httpx.Response(200, content=json.dumps(pages[number - 1]).encode())

    return MockServer().add("GET", "/v1/assignments.json", respond)


def page_params(server: MockServer) -> list[tuple[str | None, str | None]]:
    return [(r.url.params.get("page"), r.url.params.get("per")) for r in server.requests]


def test_list_assignments_reads_the_documented_page(harness: Harness) -> None:
    server = MockServer().add(
        "GET", "/v1/assignments.json", json_response(fixture_text("indeed", "list_assignments"))
    )
    client = make_client(harness, server)

    [page] = harness.pages(client.list_assignments())

    assert isinstance(page, Page)
    assert (page.total, page.has_next, len(page)) == (1, False, 1)
    assignment = page[0]
    assert isinstance(assignment, Assignment)
    assert assignment.id == "yw4gmpjjtkgkdxjkuoghsa"
    assert assignment.extra == {}
    assert assignment.remaining_assessment_count == 0
    assert assignment.weighted_percentage_score == 1.0
    assert assignment.role is not None
    assert (assignment.role.id, assignment.role.name) == ("gih3cv7f6a9ixgjt", "Milky Way 1")
    assert assignment.user is not None
    assert assignment.user.name == "Anonymous Candidate 514"
    [attempt] = assignment.attempts
    assert attempt.id == "khbgltqixvvyoxeb"
    assert len(attempt.step_progressions) == 1
    assert attempt.step_progressions[0].answers[1].scores[0].scoring_dimension_name == (
        "Sales > Math"
    )
    # no per_page: no "per" parameter, only the page number
    assert page_params(server) == [("1", None)]
    assert server.paths() == ["/v1/assignments.json"]
    assert server.requests[0].headers["Authorization"] == f"token {API_KEY}"


def test_list_assignments_walks_every_page_with_per(harness: Harness) -> None:
    # Every page is full, so only meta.pages says the third is the last.
    server = serve_pages(assignment_pages(6, 2, [1] * 6))
    client = make_client(harness, server)

    pages = harness.pages(client.list_assignments(per_page=2))

    assert [[item.id for item in page] for page in pages] == [
        ["a0", "a1"],
        ["a2", "a3"],
        ["a4", "a5"],
    ]
    assert [page.has_next for page in pages] == [True, True, False]
    assert [page.total for page in pages] == [6, 6, 6]
    assert page_params(server) == [("1", "2"), ("2", "2"), ("3", "2")]
    items = harness.collect(client.list_assignments(per_page=2))
    assert [item.id for item in items] == ["a0", "a1", "a2", "a3", "a4", "a5"]
    assert all(isinstance(item, Assignment) and item.role is not None for item in items)


def test_list_assignments_checks_per_page_before_sending(harness: Harness) -> None:
    server = serve_pages(assignment_pages(1, 1, [1]))
    client = make_client(harness, server)

    with pytest.raises(ValueError, match="per_page"):
        client.list_assignments(per_page=0)
    with pytest.raises(TypeError, match="per_page"):
        client.list_assignments(per_page="10")
    assert server.requests == []


def test_get_assignment_unwraps_the_envelope(harness: Harness) -> None:
    server = MockServer().add(
        "GET",
        "/v1/assignments/yw4gmpjjtkgkdxjkuoghsa.json",
        json_response(fixture_text("indeed", "get_assignment")),
    )
    client = make_client(harness, server)

    assignment = harness.run(client.get_assignment, "yw4gmpjjtkgkdxjkuoghsa")

    assert isinstance(assignment, Assignment)
    assert assignment.id == "yw4gmpjjtkgkdxjkuoghsa"
    assert assignment.completion_redirect_url is None
    assert (
        assignment.external_job_id,
        assignment.external_candidacy_id,
        assignment.external_person_id,
    ) == (None, None, None)
    assert assignment.created_at == datetime(2017, 12, 8, 13, 38, 16, 556000, tzinfo=UTC)
    assert (assignment.score, assignment.possible_score) == (2.0, 2.0)
    assert assignment.invitation_url == (
        "http://lang-group-33uekq.i9d.me:9887/c/start_next/xkxtl4xt_ft2cyfckui2yg/"
        "bzXUhnAktXE9pD_iQy7y"
    )
    assert assignment.public_results_url == (
        "http://lang-group-33uekq.i9d.me:9887/share_assignment/yw4gmpjjtkgkdxjkuoghsa"
    )
    assert assignment.user is not None
    assert (assignment.user.id, assignment.user.email) == (
        "anonymous-candidate",
        "some-user0@example.com",
    )
    [attempt] = assignment.attempts
    assert attempt.level == "Proficient"
    assert len(attempt.step_progressions) == 3
    audio = only_recording(attempt, 1)
    assert audio.transcription_1_raw is None  # dropped from the newest docs
    assert audio.audio_prompt is not None
    assert audio.audio_prompt.id == "rhfydjeihete_yhg"
    assert audio.audio_prompt.sequence == 1.0
    video = only_video(attempt, 2)
    assert (video.debug_ip, video.practice) == (None, False)
    assert server.paths() == ["/v1/assignments/yw4gmpjjtkgkdxjkuoghsa.json"]


def test_iter_attempts_yields_embedded_attempts_without_extra_requests(
    harness: Harness,
) -> None:
    server = serve_pages(assignment_pages(5, 2, [2, 0, 1, 3, 1]))
    client = make_client(harness, server)

    attempts = harness.collect(client.iter_attempts(per_page=2))

    assert [attempt.id for attempt in attempts] == [
        "a0-t0",
        "a0-t1",
        "a2-t0",
        "a3-t0",
        "a3-t1",
        "a3-t2",
        "a4-t0",
    ]
    assert all(isinstance(attempt, Attempt) for attempt in attempts)
    assert attempts[0].step_progressions[0].answers[1].value == "This Lime Tree Bower"
    # one request per page of assignments, nothing else
    assert len(server.requests) == 3
    assert set(server.paths()) == {"/v1/assignments.json"}
    assert page_params(server) == [("1", "2"), ("2", "2"), ("3", "2")]


# --- errors and configuration -----------------------------------------------------------------


def test_error_body_becomes_the_message(harness: Harness) -> None:
    server = MockServer().add(
        "GET",
        "/v1/assignments/x.json",
        json_response({"error": "Validation failed: Name can't be blank"}, status=422),
    )
    client = make_client(harness, server)

    with pytest.raises(UnprocessableEntityError) as info:
        harness.run(client.get_assignment, "x")

    assert info.value.message == "Validation failed: Name can't be blank"
    assert info.value.status_code == 422
    assert info.value.provider == "indeed"
    assert info.value.body == {"error": "Validation failed: Name can't be blank"}
    assert "Validation failed: Name can't be blank" in str(info.value)


def test_missing_api_key_names_the_variable(harness: Harness) -> None:
    with pytest.raises(ConfigurationError, match="INDEED_ASSESSMENTS_API_KEY"):
        harness.client(IndeedClient, AsyncIndeedClient, transport=MockServer().transport)


def test_api_key_and_base_url_come_from_the_environment(
    harness: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("INDEED_ASSESSMENTS_API_KEY", "env-key-5678")
    monkeypatch.setenv("INDEED_ASSESSMENTS_BASE_URL", "https://ia.example.test/v1")
    server = MockServer().add(
        "GET",
        "/v1/attempts/khbgltqixvvyoxeb.json",
        json_response(fixture_text("indeed", "get_attempt")),
    )
    client = harness.client(IndeedClient, AsyncIndeedClient, transport=server.transport)

    attempt = harness.run(client.get_attempt, "khbgltqixvvyoxeb")

    assert attempt.id == "khbgltqixvvyoxeb"
    [request] = server.requests
    assert request.url.host == "ia.example.test"
    assert request.headers["Authorization"] == "token env-key-5678"


def test_default_base_url_is_the_public_api(harness: Harness) -> None:
    server = MockServer().add(
        "GET",
        "/v1/assignments/yw4gmpjjtkgkdxjkuoghsa.json",
        json_response(fixture_text("indeed", "get_assignment")),
    )
    client = harness.client(
        IndeedClient, AsyncIndeedClient, api_key=API_KEY, transport=server.transport
    )

    assignment = harness.run(client.get_assignment, "yw4gmpjjtkgkdxjkuoghsa")

    assert assignment.id == "yw4gmpjjtkgkdxjkuoghsa"
    assert str(client.base_url) == "https://api.indeedassessments.com/v1"
    [request] = server.requests
    assert (request.url.scheme, request.url.host) == ("https", "api.indeedassessments.com")
    assert request.url.path.startswith("/v1/")
    assert request.url.path == "/v1/assignments/yw4gmpjjtkgkdxjkuoghsa.json"


def test_path_parameters_are_escaped(harness: Harness) -> None:
    server = MockServer()
    client = make_client(harness, server)

    with pytest.raises(NotFoundError):
        harness.run(client.get_attempt, "../assignments")

    [request] = server.requests
    assert request.url.raw_path == b"/v1/attempts/..%2Fassignments.json"


def test_api_key_is_not_in_the_client_repr(harness: Harness) -> None:
    client = make_client(harness, MockServer())

    shown = repr(client)

    assert API_KEY not in shown
    assert shown == f"{type(client).__name__}(base_url='{BASE_URL}')"
