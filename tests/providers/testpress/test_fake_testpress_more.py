"""FakeTestpress's exams, admin page sizes and orderings, and admin v3 lists, driven by the real
clients: in memory and over real HTTP, sync and async (the fixtures of test_fake_testpress).
Clients decode strictly: the fake's data must decode without a warning."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest
from test_fake_testpress import START, Setup, env, memory

from attempts_sdk import NotFoundError, PermissionDeniedError
from attempts_sdk.testpress import AttemptState, ContentAttemptState, ContentType

__all__ = ["env", "memory"]  # the fixtures, imported for pytest


def test_exams_by_state(env: Setup) -> None:
    h, fake = env.harness, env.fake
    client = env.client()
    fake.add_exam("next-month", start_date=START + timedelta(days=30), course="Science")
    fake.add_exam("closed", end_date=START - timedelta(days=1))

    slugs = [e.slug for e in h.collect(client.list_exams())]
    seeded = ["sample-exam", "aptitude-practice", "physics-mock-1", "general-knowledge-quiz"]
    assert slugs == [*seeded, "next-month", "closed"]
    history = h.collect(client.list_exams(state="history"))
    assert [e.slug for e in history] == ["aptitude-practice", "physics-mock-1"]
    available = [e.slug for e in h.collect(client.list_exams(state="available"))]
    assert available == ["sample-exam", "general-knowledge-quiz"]
    upcoming = h.collect(client.list_exams(state="upcoming"))
    assert [e.slug for e in upcoming] == ["next-month"]
    assert [e.slug for e in h.collect(client.list_exams(course="science"))] == [
        "physics-mock-1",
        "next-month",
    ]
    assert [e.slug for e in h.collect(client.list_exams(q="MOCK"))] == ["physics-mock-1"]
    exam = history[0]
    assert exam.attempts_url == f"{env.base_url}/api/v2.2/exams/aptitude-practice/attempts/"
    assert exam.duration == timedelta(minutes=30) and exam.start_date is not None

    for slug in ("next-month", "closed"):
        with pytest.raises(PermissionDeniedError, match="not available"):
            h.run(client.get_exam, slug)
        with pytest.raises(PermissionDeniedError, match="not available"):
            h.run(client.create_attempt, slug)
    with pytest.raises(NotFoundError):
        h.run(client.get_exam, "no-such-exam")


def test_get_exam_lists_the_users_attempts_newest_first(env: Setup) -> None:
    h, clock = env.harness, env.clock
    client = env.client()
    assert h.run(client.get_exam, "sample-exam").attempts == []  # priya's are not listed

    first = h.run(client.create_attempt, "sample-exam")
    h.run(client.end_attempt, first.id)
    clock.advance(60)
    second = h.run(client.create_attempt, "sample-exam")
    exam = h.run(client.get_exam, "sample-exam")
    assert [a.id for a in exam.attempts] == [second.id, first.id]
    assert [a.state for a in exam.attempts] == [AttemptState.RUNNING, AttemptState.COMPLETED]
    assert all(a.exam is None and a.user == env.fake.username for a in exam.attempts)
    assert exam.attempts[0].date == START + timedelta(seconds=60)
    assert exam.number_of_questions == 12 and exam.enable_ranks is True


def test_admin_pages_follow_page_size_and_any_ordering(env: Setup) -> None:
    h, fake = env.harness, env.fake
    admin = env.client(token=fake.admin_token)

    pages = h.pages(admin.admin.list_attempts(ordering="-id", per_page=2))
    assert [len(p) for p in pages] == [2, 2, 2]
    ids = [a.id for p in pages for a in p]
    assert ids == sorted(ids, reverse=True)
    first = pages[0].response
    assert first.request.url.query == b"ordering=-id&page_size=2"
    assert first.json()["per_page"] == 2
    assert first.json()["next"] == (
        f"{env.base_url}/api/v2.5/admin/attempts/?ordering=-id&page_size=2&page=2"
    )
    ascending = h.collect(admin.admin.list_attempts(ordering="id"))
    assert [a.id for a in ascending] == sorted(ids)
    by_correct = h.collect(admin.admin.list_attempts(ordering="-correct_answers_count,id"))
    keys = [(-a.correct_answers_count, a.id) for a in by_correct]
    assert keys == sorted(keys)
    whole = h.pages(admin.admin.list_attempts(per_page=5000))  # capped at 1000 by the fake
    assert len(whole) == 1 and whole[0].response.json()["per_page"] == 1000


def test_an_attempts_answers_with_their_questions(env: Setup) -> None:
    h, fake = env.harness, env.fake
    admin = env.client(token=fake.admin_token)
    priya = fake.user_id("priya")
    (done,) = h.collect(
        admin.admin.list_attempts(user_id=priya, exam_id=fake.exam_id("sample-exam"))
    )

    pages = h.pages(admin.admin.list_attempt_answers(done.id))
    assert [len(p) for p in pages] == [5, 5, 2]  # 12 questions, 5 a page
    answers = [a for p in pages for a in p]
    results = [a.result for a in answers]
    assert results.count("Correct") == done.correct_answers_count == 8
    assert results.count("Incorrect") == done.incorrect_answers_count == 3
    assert results.count("Unanswered") == 1
    for answer in answers:
        question = answer.question
        assert question is not None and question.id == answer.exam_question_id
        assert question.exam_id == fake.exam_id("sample-exam")
        correct = fake.correct_answer_ids(question.question_id or 0)
        if answer.result == "Correct":
            assert sorted(answer.selected_answers) == sorted(correct)
    assert {a.question.type for a in answers if a.question} == {
        "MCQ, Single Correct",
        "MCQ, Multiple Correct",
    }
    assert [len(p.response.json()["results"]["exam_questions"]) for p in pages] == [5, 5, 2]

    with pytest.raises(PermissionDeniedError):
        h.collect(env.client().admin.list_attempt_answers(done.id))
    with pytest.raises(NotFoundError):
        h.collect(admin.admin.list_attempt_answers(1))


def test_content_attempts_follow_the_exam_attempts(env: Setup) -> None:
    h, fake, clock = env.harness, env.fake, env.clock
    admin = env.client(token=fake.admin_token)
    everything = h.collect(admin.admin.list_content_attempts())
    assert len(everything) == 11  # 6 exam attempts, 5 at videos, notes and live classes
    assert all(c.user is not None and c.course is not None for c in everything)
    assert all(c.chapter_content is not None for c in everything)
    kinds = {c.content_type for c in everything}
    assert kinds == {"assessment", "video", "notes", "live_stream", "videoConference"}
    quiz = next(c for c in everything if c.chapter_content.title == "General Knowledge Quiz")
    assert quiz.state is ContentAttemptState.PENDING_EVALUATION  # an essay awaits its marks
    assert quiz.user_exam is not None and quiz.user_exam.id == quiz.assessment_id

    student = env.client()
    attempt = h.run(student.create_attempt, "sample-exam")
    (started,) = h.collect(admin.admin.list_content_attempts(state=ContentAttemptState.STARTED))[:1]
    assert started.assessment_id == attempt.id and started.created == START
    assert started.user_exam is not None and started.user_exam.total_questions == 12
    assert started.remaining_time == timedelta(hours=1) and started.completed_on is None
    clock.advance(600)
    h.run(student.end_attempt, attempt.id)
    completed = h.collect(
        admin.admin.list_content_attempts(
            content_type=ContentType.EXAM, completed_after=date(2024, 6, 3)
        )
    )
    assert [c.assessment_id for c in completed] == [attempt.id]
    assert completed[0].completed_on == START + timedelta(seconds=600)
    assert completed[0].state is ContentAttemptState.COMPLETED


def test_content_attempt_filters(memory: Setup) -> None:
    h, fake = memory.harness, memory.fake
    admin = memory.client(token=fake.admin_token)

    videos = h.collect(admin.admin.list_content_attempts(content_type=ContentType.VIDEO))
    assert {v.user.username for v in videos if v.user} == {"demouser", "priya"}
    assert all(v.user_video is not None and v.user_video.video_id for v in videos)
    watched = next(v for v in videos if v.state == "Completed")
    assert watched.user_video is not None and watched.user_video.remaining_duration == (
        timedelta(0)
    )
    mine = h.collect(admin.admin.list_content_attempts(user_ids=[fake.user_id("demouser")]))
    assert {c.user.username for c in mine if c.user} == {"demouser"} and len(mine) == 5
    science = next(c for c in mine if c.course and c.course.title == "Science")
    assert science.course is not None
    by_course = h.collect(admin.admin.list_content_attempts(course_ids=science.course.id))
    assert {c.course.title for c in by_course if c.course} == {"Science"}
    streams = h.collect(admin.admin.list_content_attempts(content_type=ContentType.LIVE_STREAM))
    (stream,) = streams
    assert stream.user_live_stream is not None and stream.user_live_stream.live_stream
    conference = h.collect(
        admin.admin.list_content_attempts(content_type=ContentType.VIDEO_CONFERENCE)
    )[0].user_video_conference
    assert conference is not None and conference.duration == timedelta(minutes=30)
    assert conference.video_conference is not None
    assert "fake-meeting-password" not in repr(conference)
    february = h.collect(
        admin.admin.list_content_attempts(
            completed_after=date(2024, 2, 20), completed_before=date(2024, 2, 26)
        )
    )
    assert all(
        datetime(2024, 2, 20, tzinfo=timezone.utc)
        <= (c.completed_on or START)
        < datetime(2024, 2, 27, tzinfo=timezone.utc)
        for c in february
    )
    assert len(february) == 3
    with pytest.raises(PermissionDeniedError):
        h.collect(memory.client().admin.list_content_attempts())
