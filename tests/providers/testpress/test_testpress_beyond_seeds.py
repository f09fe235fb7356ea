"""The Testpress contract beyond the seeds, sync and async: exam discovery, the admin list's
ordering and page size, the admin v3 answers and content attempts (with their page joins), and
the fields Testpress's apps read.

Fixtures are the documented examples (tests/fixtures/testpress, copied from the reference
examples; the two admin v3 ones with FACTS.md's trailing-comma fixes), odd values included:
the exams pages' "2.23-08-02.27:25:22+05:30" dates become None with a DataWarning.
``app_read_fields.json`` is not documented: it holds the fields the apps read (field names
from Testpress's Android SDK), with invented values.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

import pytest

from attempts_sdk import DataWarning, DecodeError, RetryPolicy
from attempts_sdk.testpress import (
    AsyncTestpressClient,
    AttemptState,
    ContentAttemptState,
    ContentType,
    TestpressClient,
    User,
)
from conftest import Harness, MockServer, fixture_json, fixture_text, json_response

BASE = "http://demo.testpress.in"
TOKEN = "eyJhbGciOiJIUzI1NiJ9.admin-token-value"
IST = timezone(timedelta(hours=5, minutes=30))


def fixture(name: str) -> Any:
    return json_response(fixture_text("testpress", name))


def make_client(harness: Harness, server: MockServer, **options: Any) -> Any:
    return harness.client(
        TestpressClient,
        AsyncTestpressClient,
        base_url=BASE,
        token=TOKEN,
        transport=server.transport,
        retry_policy=RetryPolicy(initial_delay=0.0),
        allow_insecure_http=True,  # the documented examples' links are plain http
        **options,
    )


def quietly(harness: Harness, call: Callable[[], Any]) -> tuple[Any, list[str]]:
    """Run a call (a paginator is collected), returning the DataWarnings' paths."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        value = call()
        result = harness.collect(value) if hasattr(value, "pages") else harness.await_(value)
    assert all(isinstance(w.message, DataWarning) for w in caught)
    return result, [w.message.path for w in caught if isinstance(w.message, DataWarning)]


# --- exams


def test_list_exams_parses_the_documented_list_and_sends_the_filters(harness: Harness) -> None:
    server = MockServer().add("GET", "/api/v2.2/exams/", fixture("list_exams"))
    client = make_client(harness, server)
    exams, paths = quietly(
        harness, lambda: client.list_exams(course="IBPS", state="available", q="Apt")
    )

    assert [e.slug for e in exams] == [
        "aptitude-analytical-maths-nbe-template-15",
        "aptitude-analytical-maths-nbe-template-16",
    ]
    first = exams[0]
    assert first.id == 2394 and first.title == "Aptitude Analytical Maths (NBE Template)"
    assert first.duration == timedelta(minutes=30, seconds=30)
    assert first.negative_marks == Decimal("0.00") and first.mark_per_question == Decimal("1.00")
    assert first.template_type == 4 and first.max_retakes is None and first.allow_pdf is True
    assert first.comments_count == 0
    assert first.attempts_url == f"{BASE}/api/v2.2/exams/{first.slug}/attempts/"
    assert first.attempts == []
    # the docs' artefacts: "2.23-08-02.27:25:22+05:30", "2.29-08-01…", "2.25-04-09…"
    assert first.start_date is None and first.end_date is None and first.created is None
    assert first.invalid["start_date"] == "2.23-08-02.27:25:22+05:30"
    assert {"results[0].start_date", "results[1].created"} <= set(paths)
    assert dict(server.requests[0].url.params) == {
        "course": "IBPS",
        "state": "available",
        "q": "Apt",
    }


def test_list_exams_state_is_checked_before_sending(harness: Harness) -> None:
    server = MockServer()
    client = make_client(harness, server)
    with pytest.raises(ValueError, match="state must be one of available, upcoming, history"):
        client.list_exams(state="running")
    assert server.requests == []


def test_get_exam_holds_its_attempts_without_their_exam(harness: Harness) -> None:
    slug = "aptitude-analytical-maths-nbe-template-15"
    server = MockServer().add("GET", f"/api/v2.2/exams/{slug}/", fixture("get_exam"))
    client = make_client(harness, server)
    exam, paths = quietly(harness, lambda: client.get_exam(slug))

    assert exam.slug == slug and exam.number_of_questions == 20
    assert [a.id for a in exam.attempts] == [59591, 59312, 33827, 31823]
    attempt = exam.attempts[0]
    assert attempt.exam is None and attempt.exam_id is None
    assert attempt.user == "testpress" and attempt.state is AttemptState.COMPLETED
    assert attempt.score == Decimal("2.00") and attempt.percentile == 80.0
    assert attempt.rank is None and attempt.max_rank == 0
    assert attempt.time_taken == timedelta(seconds=38)
    assert attempt.date is None  # "2.25-07-14T05:16:12.086Z"
    assert "attempts[0].date" in paths
    assert server.paths() == [f"/api/v2.2/exams/{slug}/"]


def test_an_exam_sent_as_its_id_is_kept_as_exam_id(harness: Harness) -> None:
    body = fixture_json("testpress", "create_attempt")
    as_id = dict(body, exam=27)
    server = (
        MockServer()
        .add("GET", "/api/v2.2/attempts/1/", json_response(as_id))
        .add("GET", "/api/v2.2/attempts/2/", json_response(body))
    )
    client = make_client(harness, server, strict=True)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no warning at all
        attempt = harness.run(client.get_attempt, 1)
    assert attempt.exam is None and attempt.exam_id == 27
    assert attempt.to_dict()["exam"] == 27 and "exam_id" not in attempt.to_dict()
    assert attempt.to_summary().assessment_id == "27"

    whole = harness.run(client.get_attempt, 2)
    assert whole.exam is not None and whole.exam_id == whole.exam.id == 31


# --- the admin attempts list


def test_admin_list_attempts_sends_any_ordering_and_a_page_size(harness: Harness) -> None:
    path = "/api/v2.5/admin/attempts/"
    query = "ordering=-id&page_size=200"
    first = fixture_json("testpress", "admin_list_attempts")
    first["next"] = f"{BASE}{path}?{query}&page=2"  # the server's link keeps the filters
    last: dict[str, Any] = {"count": 1, "next": None, "per_page": 200, "results": []}
    server = (
        MockServer()
        .add("GET", path, json_response(last))
        .add("GET", path, json_response(first), query_key=query)
        .add("GET", path, json_response(last), query_key=f"{query}&page=2")
    )
    client = make_client(harness, server)
    attempts = harness.collect(client.admin.list_attempts(ordering="-id", per_page=200))

    assert [r.url.query for r in server.requests] == [query.encode(), f"{query}&page=2".encode()]
    assert [a.id for a in attempts] == [68701]
    for ordering in ("score", "-user__username", "date,-id", "_x1"):
        harness.collect(client.admin.list_attempts(ordering=ordering))
        assert server.requests[-1].url.params["ordering"] == ordering


def test_admin_get_attempt_parses_the_documented_detail(harness: Harness) -> None:
    server = MockServer().add("GET", "/api/v2.5/admin/attempts/1/", fixture("admin_get_attempt"))
    client = make_client(harness, server, strict=True)
    attempt = harness.run(client.admin.get_attempt, 1)

    assert attempt.time_taken == timedelta(hours=2, minutes=47, seconds=53, microseconds=76906)
    assert attempt.result == "Fail" and attempt.institute_attempt_id == "100101"
    assert [s.section_id for s in attempt.sections] == [2, 3, 4, 5]
    assert attempt.sections[1].incorrect_answers_count == 1
    assert attempt.sections[0].time_taken == timedelta(0)
    geography, _, history = attempt.subject_stats
    assert (geography.subject_name, geography.total_count, geography.is_leaf) == (
        "Geography",
        64,
        True,
    )
    assert history.subject_id is None and history.score == Decimal("0.00")
    assert sorted(attempt.difficulty_level_stats) == ["easy", "medium"]
    assert attempt.difficulty_level_stats["easy"].unanswered_count == 69
    assert attempt.difficulty_level_stats["medium"].incorrect_answers_count == 5
    assert not attempt.extra
    assert (
        attempt.to_dict()["difficulty_level_stats"]
        == (fixture_json("testpress", "admin_get_attempt")["difficulty_level_stats"])
    )


# --- admin v3: an attempt's answers


def test_admin_list_attempt_answers_joins_each_answer_with_its_question(
    harness: Harness,
) -> None:
    path = "/api/v3/admin/attempts/476/user_answers/"
    server = MockServer().add("GET", path, fixture("admin_list_attempt_answers"))
    client = make_client(harness, server, strict=True)
    pages = harness.pages(client.admin.list_attempt_answers(476))

    (page,) = pages
    assert page.total == 1 and not page.has_next
    (answer,) = page
    assert (answer.id, answer.exam_question_id, answer.selected_answers) == (476, 39, [6])
    assert answer.result == "Incorrect" and answer.review is False and answer.guessed is None
    assert answer.duration == timedelta(seconds=5)
    question = answer.question
    assert question is not None
    assert (question.id, question.question_id, question.section_id, question.exam_id) == (
        39,
        2,
        90,
        46,
    )
    assert question.type == "MCQ, Single Correct" and question.marks == Decimal("1.00")
    assert question.partial_marks is None and question.is_bonus is False
    assert [a.id for a in question.answers] == [5, 6, 7, 8]
    assert question.answers[1].text_html.endswith("<p>Italy</p>")
    assert "question" not in answer.to_dict()  # not on the wire
    assert server.paths() == [path]


def test_an_answer_whose_question_the_page_lacks_has_none(harness: Harness) -> None:
    body = fixture_json("testpress", "admin_list_attempt_answers")
    body["results"]["user_answers"].append(dict(body["results"]["user_answers"][0], id=477))
    body["results"]["user_answers"][1]["exam_question_id"] = 40
    body["results"]["exam_questions"].append(dict(body["results"]["exam_questions"][0]))
    path = "/api/v3/admin/attempts/476/user_answers/"
    server = MockServer().add("GET", path, json_response(body))
    client = make_client(harness, server)
    first, second = harness.collect(client.admin.list_attempt_answers(476))
    assert first.question is not None and first.question.id == 39
    assert second.question is None


def test_a_related_list_that_is_not_a_list_is_a_decode_error(harness: Harness) -> None:
    body = fixture_json("testpress", "admin_list_attempt_answers")
    body["results"]["exam_questions"] = {"39": {}}
    path = "/api/v3/admin/attempts/476/user_answers/"
    server = MockServer().add("GET", path, json_response(body))
    client = make_client(harness, server)
    with pytest.raises(DecodeError, match=r"results\.exam_questions is not a list") as caught:
        harness.collect(client.admin.list_attempt_answers(476))
    assert caught.value.request is not None


def test_a_bad_value_in_a_related_record_is_reported_at_its_place(harness: Harness) -> None:
    body = fixture_json("testpress", "admin_list_attempt_answers")
    body["results"]["exam_questions"][0]["marks"] = "one"
    path = "/api/v3/admin/attempts/476/user_answers/"
    server = MockServer().add("GET", path, json_response(body))
    with pytest.warns(DataWarning) as caught:
        (answer,) = harness.collect(make_client(harness, server).admin.list_attempt_answers(476))
    assert [getattr(w.message, "path", None) for w in caught] == ["results.exam_questions[0].marks"]
    assert answer.question is not None and answer.question.marks is None

    strict = make_client(harness, server, strict=True)
    with pytest.raises(DecodeError) as error:
        harness.collect(strict.admin.list_attempt_answers(476))
    assert error.value.path == "results.exam_questions[0].marks" and error.value.raw == "one"


# --- admin v3: chapter-content attempts


def test_admin_list_content_attempts_joins_every_referred_record(harness: Harness) -> None:
    path = "/api/v3/admin/chapter-content-attempts/"
    server = MockServer().add("GET", path, fixture("admin_list_content_attempts"))
    client = make_client(harness, server, strict=True)
    video, assessment, conference, stream = harness.collect(client.admin.list_content_attempts())

    assert video.content_type == "video" and video.state is ContentAttemptState.STARTED
    assert video.created == datetime(2024, 7, 15, 18, 49, 52, 59055, tzinfo=IST)
    assert video.remaining_time is None and video.completed_on is None
    assert isinstance(video.user, User) and video.user.email == "john@test.com"
    assert video.user.phone == "1234567890"
    assert video.course is not None and video.course.slug == "course-3"
    assert video.course.max_allowed_views_per_video is None
    assert video.chapter_content is not None
    assert video.chapter_content.title == "Why You Should Say “Hi”"
    assert video.user_video is not None and video.user_video.video_id == 18
    assert video.user_video.watched_percentage == Decimal(0)
    assert video.user_exam is None

    assert assessment.remaining_time == timedelta(0)  # "0.00"
    assert (assessment.correct_answers_count, assessment.incorrect_answers_count) == (0, 1)
    assert assessment.completed_on == datetime(2024, 3, 26, 10, 10, 21, 809999, tzinfo=IST)
    assert assessment.chapter_content is not None and assessment.chapter_content.exam_id == 1
    assert assessment.user is None  # the page lists user 9 only
    # the example's assessment_id is 55 and its one user exam is 56: no join (provider notes)
    assert assessment.assessment_id == 55 and assessment.user_exam is None

    conferencing = conference.user_video_conference
    assert conferencing is not None and conferencing.video_conference is not None
    assert conferencing.video_conference.provider == "Zoom"
    assert conferencing.video_conference.conference_id == "79401700412"
    assert "0UiKyr" not in repr(conferencing) and "eyJhbGci" not in repr(conferencing)
    assert stream.user_live_stream is not None
    assert stream.user_live_stream.live_stream is not None
    assert stream.user_live_stream.live_stream.title == "demo live stream"


def test_content_attempts_find_their_user_exam_by_assessment_id(harness: Harness) -> None:
    body = fixture_json("testpress", "admin_list_content_attempts")
    body["results"]["content_attempts"][1]["assessment_id"] = 56
    path = "/api/v3/admin/chapter-content-attempts/"
    server = MockServer().add("GET", path, json_response(body))
    client = make_client(harness, server, strict=True)
    assessment = harness.collect(client.admin.list_content_attempts())[1]

    exam = assessment.user_exam
    assert exam is not None and (exam.id, exam.exam_id, exam.user_id) == (56, 1, 7713)
    assert exam.total_score == Decimal("7.00") and exam.percentage == Decimal("0.00")
    assert exam.rank == 4 and exam.result == "NA" and exam.total_questions == 7


def test_content_attempt_filters_are_sent_as_documented(harness: Harness) -> None:
    path = "/api/v3/admin/chapter-content-attempts/"
    server = MockServer().add("GET", path, fixture("admin_list_content_attempts"))
    client = make_client(harness, server)
    harness.collect(
        client.admin.list_content_attempts(
            user_ids=9,
            course_ids=[8, 1],
            chapter_ids=(33,),
            chapter_content_ids=[127],
            exam_id=1,
            content_type=ContentType.VIDEO,
            state=ContentAttemptState.COMPLETED,
            completed_after=date(2024, 3, 1),
            completed_before=date(2024, 12, 31),
        )
    )
    assert dict(server.requests[0].url.params) == {
        "user_ids": "9",
        "course_ids": "8,1",
        "chapter_ids": "33",
        "chapter_content_ids": "127",
        "exam_id": "1",
        "content_type": "3",
        "state": "1",
        "completed_after": "2024-03-01",
        "completed_before": "2024-12-31",
    }
    for state, code in (("Pending Evaluation", "2"), (3, "3"), (0, "0")):
        harness.collect(client.admin.list_content_attempts(state=state))
        assert server.requests[-1].url.params["state"] == code


def test_content_attempt_filters_are_checked_before_sending(harness: Harness) -> None:
    server = MockServer()
    admin = make_client(harness, server).admin
    with pytest.raises(ValueError, match="content_type must be one of 1 \\(EXAM\\)"):
        admin.list_content_attempts(content_type=6)
    with pytest.raises(ValueError, match="state must be one of 'Started'"):
        admin.list_content_attempts(state="Finished")
    with pytest.raises(ValueError, match="state must be one of 0, 1, 2, 3"):
        admin.list_content_attempts(state=4)
    with pytest.raises(ValueError, match="user_ids must not be an empty list"):
        admin.list_content_attempts(user_ids=[])
    with pytest.raises(TypeError, match=r"course_ids\[1\] must be an int"):
        admin.list_content_attempts(course_ids=[1, "2"])
    with pytest.raises(TypeError, match=r"completed_after must be a datetime\.date"):
        admin.list_content_attempts(completed_after="2024-01-01")
    assert server.requests == []


# --- what the apps read


def test_fields_the_apps_read_are_typed(harness: Harness) -> None:
    shapes = fixture_json("testpress", "app_read_fields")
    server = (
        MockServer()
        .add("GET", "/api/v2.2/attempts/5121/", json_response(shapes["attempt"]))
        .add(
            "PUT",
            "/api/v2.2/attempts/5121/questions/12705318/",
            json_response(shapes["attempt_question"]),
        )
        .add(
            "GET",
            "/api/v2.2/attempts/5121/review/",
            json_response({"count": 1, "next": None, "results": [shapes["review_question"]]}),
        )
        .add(
            "GET",
            "/api/v2.2/attempts/5121/review/subjects/",
            json_response({"count": 1, "next": None, "results": [shapes["subject_analytics"]]}),
        )
    )
    client = make_client(harness, server, strict=True)
    attempt = harness.run(client.get_attempt, 5121)
    assert attempt.exam is None and attempt.exam_id == 2394  # the iOS app's int exam
    assert (attempt.attempt_type, attempt.last_viewed_question_id) == (0, 129)
    assert attempt.external_review_url == "https://reviews.example.in/attempts/5121/"
    assert attempt.review_pdf == "https://media.testpress.in/review/5121.pdf"
    (section,) = attempt.sections
    assert section.state is AttemptState.RUNNING
    assert section.remaining_time == timedelta(minutes=10)
    assert section.info is not None and section.info.questions_count == 10

    question = harness.run(client.update_attempt_question, 5121, 12705318, selected_answers=[129])
    assert [f.url for f in question.files] == ["https://media.testpress.in/uploads/9001.jpg"]
    assert question.attempt_section is not None and question.attempt_section.order == 1
    assert question.question.language == "en"
    (hindi,) = question.question.translations
    assert hindi.language == "hi" and [a.id for a in hindi.answers] == [129, 130]

    (review,) = harness.collect(client.list_review_questions(5121))
    assert (review.result, review.marks) == ("Correct", Decimal("2.00"))
    assert review.short_text == "V = IR"
    assert review.bookmark_id == 880 and review.files[0].path == "uploads/9002.pdf"
    (subject,) = harness.collect(client.list_subject_analytics(5121))
    assert (subject.correct_percentage, subject.unanswered_percentage) == (50.0, 25.0)
    assert subject.incorrect_percentage == 25.0
