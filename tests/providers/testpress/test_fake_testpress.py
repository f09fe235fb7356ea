"""FakeTestpress driven by the real Testpress clients: in memory and over real HTTP, sync and
async. The fake's clock is injected, so timers are exact and nothing sleeps."""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import httpx
import pytest

from attempts_sdk import (
    APIStatusError,
    AuthenticationError,
    BadRequestError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    RetryPolicy,
)
from attempts_sdk.testing.testpress import FakeTestpress
from attempts_sdk.testpress import (
    AdminAttemptState,
    AsyncTestpressClient,
    AttemptQuestion,
    AttemptState,
    ReviewQuestion,
    TestpressClient,
    User,
)
from conftest import Harness

EXAM = "sample-exam"
START = datetime(2024, 6, 3, 9, 0, tzinfo=timezone.utc)
FAST = RetryPolicy(initial_delay=0.0)


class Clock:
    """A settable clock for the fake."""

    def __init__(self) -> None:
        self.now = START.timestamp()

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@dataclass
class Setup:
    """A fake, its clock, and where clients reach it (in memory or served)."""

    harness: Harness
    fake: FakeTestpress
    clock: Clock
    base_url: str
    served: bool

    def client(self, token: str | None = None, **options: Any) -> Any:
        options.setdefault("retry_policy", FAST)
        options.setdefault("strict", True)  # the fake's data must decode without a warning
        if not self.served:
            options["transport"] = self.fake.transport
        return self.harness.client(
            TestpressClient,
            AsyncTestpressClient,
            base_url=self.base_url,
            token=token or self.fake.token,
            **options,
        )

    def login_class(self) -> Any:
        return AsyncTestpressClient if self.harness.is_async else TestpressClient

    def transport_options(self) -> dict[str, Any]:
        return {} if self.served else {"transport": self.fake.transport}


@pytest.fixture(params=["memory", "served"])
def env(request: pytest.FixtureRequest, harness: Harness) -> Iterator[Setup]:
    clock = Clock()
    fake = FakeTestpress(per_page=5, clock=clock)
    if request.param == "served":
        with fake.serve() as base_url:
            yield Setup(harness, fake, clock, base_url, served=True)
    else:
        yield Setup(harness, fake, clock, fake.base_url, served=False)


@pytest.fixture
def memory(harness: Harness) -> Setup:
    clock = Clock()
    fake = FakeTestpress(per_page=5, clock=clock)
    return Setup(harness, fake, clock, fake.base_url, served=False)


def origin_of(url: str) -> str:
    parsed = httpx.URL(url)
    port = f":{parsed.port}" if parsed.port else ""
    return f"{parsed.scheme}://{parsed.host}{port}"


def choose(fake: FakeTestpress, question: AttemptQuestion, plan: str) -> list[int]:
    """``plan``: "right", "wrong" (a wrong choice, or only part of a multiple choice)."""
    correct = fake.correct_answer_ids(question.id)
    if plan == "right":
        return correct
    if question.question.type == "C":
        return correct[:1]
    return [next(a.id for a in question.question.answers if a.id not in correct)]


def is_right(review: ReviewQuestion) -> bool:
    correct = sorted(a.id for a in review.question.answers if a.is_correct)
    return bool(review.selected_answers) and sorted(review.selected_answers) == correct


def test_full_exam(env: Setup) -> None:
    h, fake, clock = env.harness, env.fake, env.clock
    client = env.client()

    attempt = h.run(client.create_attempt, EXAM)
    assert attempt.state is AttemptState.RUNNING
    assert isinstance(attempt.user, User) and attempt.user.username == fake.username
    assert attempt.exam is not None and attempt.exam.slug == EXAM
    assert attempt.exam.duration == timedelta(hours=1)
    assert attempt.exam.negative_marks == Decimal("0.25")
    assert attempt.remaining_time == timedelta(hours=1)
    assert attempt.time_taken == timedelta(0)
    assert attempt.date == START
    assert attempt.rank is None and attempt.max_rank is None
    assert attempt.score == Decimal("0.00")

    pages = h.pages(client.list_attempt_questions(attempt.id))
    assert len(pages) == 3  # 12 questions, 5 a page
    assert pages[0].total == 12 and [len(p) for p in pages] == [5, 5, 2]
    links = [p.response.json()["next"] for p in pages]
    assert links[0] == f"{env.base_url}/api/v2.2/attempts/{attempt.id}/questions/?page=2"
    assert links[2] is None
    questions = [q for page in pages for q in page]
    assert len({q.question.subject for q in questions}) >= 3
    assert {q.question.type for q in questions} == {"R", "C"}
    assert all(q.selected_answers == [] and q.duration is None for q in questions)

    # 20 seconds a question; a question's duration runs from the previous answer
    plans = ["right", "wrong", "right", "skip", "right", "wrong"]
    plans += ["right", "skip", "wrong", "right", "wrong", "skip"]
    answered_at = clock.now
    for question, plan in zip(questions, plans, strict=True):
        clock.advance(20)
        if plan == "skip":
            continue
        selected = choose(fake, question, plan)
        updated = h.run(
            client.update_attempt_question,
            attempt.id,
            question.id,
            selected_answers=selected,
            review=plan == "wrong",
        )
        assert updated.id == question.id
        assert updated.selected_answers == selected
        assert updated.review is (plan == "wrong")
        assert updated.duration == timedelta(seconds=clock.now - answered_at)
        answered_at = clock.now

    elapsed = 12 * 20
    clock.advance(60)
    first = h.run(client.send_heartbeat, attempt.id)
    assert first.time_taken == timedelta(seconds=elapsed + 60)
    assert first.remaining_time == timedelta(seconds=3600 - elapsed - 60)
    assert first.last_started_time == START + timedelta(seconds=elapsed + 60)
    clock.advance(60)
    second = h.run(client.send_heartbeat, attempt.id)
    assert second.time_taken == timedelta(seconds=elapsed + 120)
    assert second.state is AttemptState.RUNNING
    clock.advance(30)

    ended = h.run(client.end_attempt, attempt.id)
    assert ended.state is AttemptState.COMPLETED
    assert ended.time_taken == timedelta(seconds=elapsed + 150)
    assert ended.user == fake.username  # the get/start/end shape names the user

    reviews = h.collect(client.list_review_questions(attempt.id))
    assert len(reviews) == 12
    right = [r for r in reviews if is_right(r)]
    wrong = [r for r in reviews if r.selected_answers and not is_right(r)]
    assert ended.correct_count == len(right) == 5
    assert ended.incorrect_count == len(wrong) == 4
    assert ended.unanswered_count == 3
    marks = sum((r.question.marks or Decimal(0) for r in reviews), Decimal(0))
    score = sum((r.question.marks or Decimal(0) for r in right), Decimal(0)) - sum(
        (r.question.negative_marks or Decimal(0) for r in wrong), Decimal(0)
    )
    assert ended.score == score == Decimal("4.50")  # 1 + 2 + 1 + 1 + 1 - 0.25 - 0.5 - 0.5 - 0.25
    assert marks == Decimal("16.00")
    assert ended.percentage == (score * 100 / marks).quantize(Decimal(1), ROUND_HALF_UP) == 28
    assert (ended.rank, ended.max_rank) == (2, 2)  # priya's seeded attempt scored 10.00
    assert ended.percentile == 50.0
    first_review = reviews[0]
    assert first_review.question.id is not None
    assert fake.correct_answer_ids(first_review.question.id) == fake.correct_answer_ids(
        first_review.id
    )
    assert first_review.duration == timedelta(seconds=20)
    assert first_review.question.explanation_html
    assert reviews[3].duration is None  # "NA": never answered
    assert reviews[3].best_duration == timedelta(seconds=223.64)  # priya's: 41 min / 11

    subjects = h.collect(client.list_subject_analytics(attempt.id))
    leaves = [s for s in subjects if s.leaf]
    assert len(leaves) >= 3
    assert sum(s.correct or 0 for s in leaves) == ended.correct_count
    assert sum(s.total or 0 for s in leaves) == 12
    assert sum((s.score or Decimal(0) for s in leaves), Decimal(0)) == ended.score
    parents = [s for s in subjects if not s.leaf]
    assert [s.name for s in parents] == ["Mathematics"]
    children = [s for s in leaves if s.parent == parents[0].id]
    assert {s.name for s in children} == {"Algebra", "Geometry"}
    assert parents[0].correct == sum(s.correct or 0 for s in children)

    with pytest.raises(BadRequestError, match="already been completed") as caught:
        h.collect(client.list_attempt_questions(attempt.id))
    assert caught.value.status_code == 400
    with pytest.raises(BadRequestError):
        h.run(client.update_attempt_question, attempt.id, questions[0].id, selected_answers=[])
    with pytest.raises(BadRequestError):
        h.run(client.send_heartbeat, attempt.id)
    again = h.run(client.end_attempt, attempt.id)  # ending twice changes nothing
    assert again.score == ended.score and again.time_taken == ended.time_taken


def test_review_and_subjects_wait_for_the_end(memory: Setup) -> None:
    h = memory.harness
    client = memory.client()
    attempt = h.run(client.create_attempt, EXAM)
    with pytest.raises(BadRequestError, match="not completed") as caught:
        h.collect(client.list_review_questions(attempt.id))
    assert isinstance(caught.value, APIStatusError) and caught.value.body == {
        "detail": caught.value.message
    }
    with pytest.raises(BadRequestError, match="not completed"):
        h.collect(client.list_subject_analytics(attempt.id))


def test_another_users_attempt_is_forbidden(env: Setup) -> None:
    h, fake = env.harness, env.fake
    other = env.client(token=fake.add_user("asha", "asha-password"))
    theirs = h.run(other.create_attempt, EXAM)
    assert isinstance(theirs.user, User) and theirs.user.username == "asha"

    mine = env.client()
    with pytest.raises(PermissionDeniedError) as caught:
        h.run(mine.get_attempt, theirs.id)
    assert caught.value.message == "You do not have permission to perform this action."
    with pytest.raises(PermissionDeniedError):
        h.collect(mine.list_attempt_questions(theirs.id))
    with pytest.raises(PermissionDeniedError):
        h.run(mine.end_attempt, theirs.id)
    with pytest.raises(NotFoundError, match="Not found"):
        h.run(mine.get_attempt, 999_999)
    assert h.run(other.get_attempt, theirs.id).state is AttemptState.RUNNING


def test_wrong_token_is_an_authentication_error(env: Setup) -> None:
    client = env.client(token="not-a-real-token")
    with pytest.raises(AuthenticationError) as caught:
        env.harness.collect(client.list_attempts())
    assert caught.value.status_code == 401
    assert env.fake.calls == [("GET", "/api/v2.2/attempts/")]


def test_login_with_username_and_password(env: Setup) -> None:
    h, fake = env.harness, env.fake
    cls = env.login_class()
    client = h.run(
        cls.login,
        env.base_url,
        fake.username,
        fake.password,
        retry_policy=FAST,
        **env.transport_options(),
    )
    try:
        attempts = h.collect(client.list_attempts())
        assert [a.exam.slug for a in attempts] == ["physics-mock-1", "aptitude-practice"]
        assert {a.user for a in attempts} == {fake.username}
    finally:
        h.await_(client.aclose() if h.is_async else client.close())
    assert fake.calls[0] == ("POST", "/api/v2.5/auth-token/")

    with pytest.raises(BadRequestError, match="Unable to log in") as caught:
        h.run(
            cls.login,
            env.base_url,
            fake.username,
            "wrong-password",
            retry_policy=FAST,
            **env.transport_options(),
        )
    assert caught.value.body == {
        "non_field_errors": ["Unable to log in with provided credentials."]
    }
    assert "wrong-password" not in str(caught.value)


def test_list_attempts_pages_with_absolute_links(env: Setup) -> None:
    h, fake = env.harness, env.fake
    fake.per_page = 2
    client = env.client()
    created = [h.run(client.create_attempt, EXAM).id for _ in range(5)]

    pages = h.pages(client.list_attempts())
    assert [len(p) for p in pages] == [2, 2, 2, 1]
    assert all(p.total == 7 for p in pages)
    attempts = [a for p in pages for a in p]
    assert [a.id for a in attempts[:5]] == created[::-1]  # newest first
    assert [a.exam.slug for a in attempts[5:]] == ["physics-mock-1", "aptitude-practice"]
    assert attempts[0].remaining_attempts is None and attempts[0].allow_retake is True
    assert attempts[5].remaining_attempts == 0  # physics-mock-1 allows no retake
    bodies = [p.response.json() for p in pages]
    assert bodies[0]["next"] == f"{env.base_url}/api/v2.2/attempts/?page=2"
    assert bodies[1]["previous"] == f"{env.base_url}/api/v2.2/attempts/"
    assert bodies[3]["next"] is None
    assert origin_of(bodies[2]["next"]) == origin_of(env.base_url)
    assert (
        fake.calls
        == [("POST", f"/api/v2.2/exams/{EXAM}/attempts/")] * 5
        + [("GET", "/api/v2.2/attempts/")] * 4
    )

    # filters: q (exam title) and course, carried by the next links
    fake.per_page = 1
    sample = h.pages(client.list_attempts(q="sample"))
    assert len(sample) == 5 and all(p[0].exam.title == "Sample Exam" for p in sample)
    assert sample[0].response.json()["next"] == (
        f"{env.base_url}/api/v2.2/attempts/?q=sample&page=2"
    )
    science = h.collect(client.list_attempts(course="Science"))
    assert [a.exam.slug for a in science] == ["physics-mock-1"]
    assert h.collect(client.list_attempts(q="no such exam")) == []


def test_exam_attempts_list_user_objects(env: Setup) -> None:
    h, fake = env.harness, env.fake
    client = env.client()
    first = h.run(client.create_attempt, "general-knowledge-quiz")
    assert first.exam is not None and first.exam.duration == timedelta(0)  # no time limit
    second = h.run(client.create_attempt, "general-knowledge-quiz")  # max_retakes=1
    with pytest.raises(BadRequestError, match="retakes"):
        h.run(client.create_attempt, "general-knowledge-quiz")
    with pytest.raises(BadRequestError, match="does not allow retakes"):
        h.run(client.create_attempt, "physics-mock-1")
    with pytest.raises(NotFoundError):
        h.run(client.create_attempt, "no-such-exam")

    attempts = h.collect(client.list_exam_attempts("general-knowledge-quiz"))
    assert [a.id for a in attempts] == [second.id, first.id]
    assert all(isinstance(a.user, User) and a.user.id == fake.user_id("demouser") for a in attempts)
    assert attempts[0].exam is None and attempts[0].rank_enabled is False
    assert attempts[0].remaining_time == timedelta(0)


def test_essay_and_validation(memory: Setup) -> None:
    h, fake = memory.harness, memory.fake
    client = memory.client()
    attempt = h.run(client.create_attempt, "general-knowledge-quiz")
    questions = h.collect(client.list_attempt_questions(attempt.id))
    essay = next(q for q in questions if q.question.type == "E")
    assert essay.question.answers == [] and fake.correct_answer_ids(essay.id) == []
    written = h.run(client.update_attempt_question, attempt.id, essay.id, essay_text="<p>Rain.</p>")
    assert written.essay_text == "<p>Rain.</p>" and written.selected_answers == []

    single = questions[0]
    with pytest.raises(BadRequestError, match='Invalid pk "999"') as caught:
        h.run(client.update_attempt_question, attempt.id, single.id, selected_answers=[999])
    assert caught.value.body == {"selected_answers": ['Invalid pk "999" - object does not exist.']}
    with pytest.raises(NotFoundError):
        h.run(client.update_attempt_question, attempt.id, 123, selected_answers=[])
    marked = h.run(client.update_attempt_question, attempt.id, single.id, review=True)
    assert marked.review is True and marked.selected_answers == []  # a partial update
    answer = fake.correct_answer_ids(single.id)
    answered = h.run(client.update_attempt_question, attempt.id, single.id, selected_answers=answer)
    assert answered.review is True and answered.selected_answers == answer

    ended = h.run(client.end_attempt, attempt.id)
    assert (ended.correct_count, ended.incorrect_count, ended.unanswered_count) == (1, 0, 2)
    assert ended.score == Decimal("1.00")
    assert ended.percentage == Decimal("14")  # 1 of 7 marks: the essay is not evaluated
    review = h.collect(client.list_review_questions(attempt.id))
    assert review[2].essay_text == "<p>Rain.</p>" and review[2].question.marks == Decimal("5.00")


def test_time_runs_out(memory: Setup) -> None:
    h, clock = memory.harness, memory.clock
    client = memory.client()
    attempt = h.run(client.create_attempt, "aptitude-practice")  # 30 minutes
    clock.advance(600)
    assert h.run(client.send_heartbeat, attempt.id).remaining_time == timedelta(minutes=20)
    clock.advance(3600)  # paused: no heartbeat for an hour
    resumed = h.run(client.start_attempt, attempt.id)
    assert resumed.time_taken == timedelta(minutes=10)  # the pause is not counted
    assert resumed.last_started_time == START + timedelta(seconds=4200)
    clock.advance(1500)
    with pytest.raises(BadRequestError, match="already been completed"):
        h.collect(client.list_attempt_questions(attempt.id))
    ended = h.run(client.get_attempt, attempt.id)
    assert ended.state is AttemptState.COMPLETED
    assert ended.time_taken == timedelta(minutes=30) and ended.remaining_time == timedelta(0)
    assert ended.unanswered_count == 5 and ended.score == Decimal("0.00")
    with pytest.raises(BadRequestError):
        h.run(client.start_attempt, attempt.id)


def test_heartbeat_past_the_limit_completes_the_attempt(memory: Setup) -> None:
    h, clock = memory.harness, memory.clock
    client = memory.client()
    attempt = h.run(client.create_attempt, "aptitude-practice")
    clock.advance(1800 + 5)
    beat = h.run(client.send_heartbeat, attempt.id)
    assert beat.state is AttemptState.COMPLETED
    assert beat.time_taken == timedelta(minutes=30) and beat.remaining_time == timedelta(0)


def test_admin_list_filters(env: Setup) -> None:
    h, fake = env.harness, env.fake
    admin = env.client(token=fake.admin_token)
    student = env.client()
    running = h.run(student.create_attempt, EXAM)

    everything = h.collect(admin.admin.list_attempts())
    assert len(everything) == 7
    assert everything[0].id == running.id  # "-date" by default
    states = {a.id: a.state for a in everything}
    assert list(states.values()).count(AttemptState.RUNNING) == 2

    done = h.collect(admin.admin.list_attempts(state=AdminAttemptState.COMPLETED))
    assert len(done) == 5 and all(a.state is AttemptState.COMPLETED for a in done)
    live = h.collect(admin.admin.list_attempts(state=0))
    assert {a.id for a in live} == {running.id, *(i for i, s in states.items() if s == "Running")}
    assert h.collect(admin.admin.list_attempts(state=AdminAttemptState.NOT_STARTED)) == []

    priya = h.collect(admin.admin.list_attempts(user_id=fake.user_id("priya")))
    assert len(priya) == 4 and {a.user_id for a in priya} == {fake.user_id("priya")}
    mine_on_physics = h.collect(
        admin.admin.list_attempts(
            user_id=fake.user_id("demouser"), exam_id=fake.exam_id("physics-mock-1")
        )
    )
    assert len(mine_on_physics) == 1
    assert mine_on_physics[0].score == Decimal("7.00")
    assert mine_on_physics[0].percentage == Decimal("44")

    february = h.collect(
        admin.admin.list_attempts(
            started_after=date(2024, 2, 10), started_before=date(2024, 2, 21), ordering="date"
        )
    )
    assert [a.date.date() for a in february if a.date] == [
        date(2024, 2, 10),
        date(2024, 2, 20),
        date(2024, 2, 21),
    ]
    by_correct = h.collect(admin.admin.list_attempts(ordering="-correct_answers_count"))
    counts = [a.correct_answers_count for a in by_correct]
    assert counts == sorted(counts, reverse=True) and counts[0] == 8

    fake.per_page = 2
    pages = h.pages(admin.admin.list_attempts(ordering="date", state=1))
    assert [len(p) for p in pages] == [2, 2, 1]
    assert pages[0].response.json()["next"] == (
        f"{env.base_url}/api/v2.5/admin/attempts/?ordering=date&state=1&page=2"
    )

    detail = h.run(admin.admin.get_attempt, mine_on_physics[0].id)
    assert detail.username == "demouser" and detail.percentile == 50.0
    assert detail.result == "Fail"  # 44% of the marks, the pass mark is 50%
    assert detail.institute_attempt_id == str(100000 + detail.id)
    (stats,) = detail.subject_stats
    assert (stats.subject_name, stats.is_leaf, stats.total_count) == ("Physics", True, 4)
    assert {level: s.to_dict() for level, s in detail.difficulty_level_stats.items()} == {
        "easy": {
            "correct_answers_count": 2,
            "incorrect_answers_count": 1,
            "partial_correct_answers_count": 0,
            "unanswered_count": 0,
            "total_count": 3,
        },
        "hard": {
            "correct_answers_count": 0,
            "incorrect_answers_count": 0,
            "partial_correct_answers_count": 0,
            "unanswered_count": 1,
            "total_count": 1,
        },
    }
    (section,) = detail.sections
    assert (section.correct_answers_count, section.unanswered_count) == (2, 1)
    assert not detail.extra

    with pytest.raises(PermissionDeniedError):
        h.collect(student.admin.list_attempts())
    with pytest.raises(PermissionDeniedError):
        h.run(student.admin.get_attempt, running.id)
    with pytest.raises(NotFoundError):
        h.run(admin.admin.get_attempt, 1)


def test_admin_list_rejects_bad_filters(memory: Setup) -> None:
    request = httpx.Request(
        "GET",
        f"{memory.base_url}/api/v2.5/admin/attempts/?state=7&users=x&date_0=yesterday",
        headers={"Authorization": f"JWT {memory.fake.admin_token}"},
    )
    response = memory.fake.handle(request)
    assert response.status_code == 400
    assert response.json() == {
        "state": ["Select a valid choice. 7 is not one of the choices."],
        "users": ["Enter a whole number."],
        "date_0": ["Enter a valid date."],
    }


def test_injected_503s_are_retried(env: Setup) -> None:
    h, fake = env.harness, env.fake
    client = env.client()
    fake.fail_next(2, status=503)
    attempts = h.collect(client.list_attempts())
    assert len(attempts) == 2
    assert fake.calls == [("GET", "/api/v2.2/attempts/")] * 3

    attempt = h.run(client.create_attempt, EXAM)
    fake.fail_next(2, status=503)
    beat = h.run(client.send_heartbeat, attempt.id)  # PUT is idempotent: retried
    assert beat.state is AttemptState.RUNNING
    assert fake.calls[-3:] == [("PUT", f"/api/v2.2/attempts/{attempt.id}/heartbeat/")] * 3


def test_a_long_retry_after_raises_at_once(env: Setup) -> None:
    h, fake = env.harness, env.fake
    client = env.client()
    fake.fail_next(1, status=429, retry_after=3600)
    with pytest.raises(RateLimitError) as caught:
        h.run(client.get_attempt, 125001)
    assert caught.value.retry_after == 3600.0
    assert caught.value.message == "injected fault"
    assert fake.calls == [("GET", "/api/v2.2/attempts/125001/")]
    assert h.run(client.get_attempt, 125001).id == 125001


def test_a_dropped_connection_is_retried(harness: Harness) -> None:
    fake = FakeTestpress()
    with fake.serve() as base_url:
        env = Setup(harness, fake, Clock(), base_url, served=True)
        client = env.client()
        fake.drop_next(1)
        attempt = harness.run(client.get_attempt, 125001)
        assert attempt.exam is not None and attempt.exam.slug == "aptitude-practice"
        assert attempt.score == Decimal("3.00") and attempt.percentage == Decimal("60")
        assert fake.calls == [("GET", "/api/v2.2/attempts/125001/")]  # the drop never got here


def test_latency_is_added(env: Setup) -> None:
    env.fake.latency = 0.02
    client = env.client()
    started = time.perf_counter()
    attempt = env.harness.run(client.get_attempt, 125002)
    assert time.perf_counter() - started >= 0.02
    assert attempt.exam is not None and attempt.exam.slug == "physics-mock-1"


def test_calls_record_method_and_path(memory: Setup) -> None:
    h, fake = memory.harness, memory.fake
    client = memory.client()
    attempt = h.run(client.create_attempt, EXAM)
    h.run(client.start_attempt, attempt.id)
    h.run(client.end_attempt, attempt.id)
    h.collect(client.list_subject_analytics(attempt.id))
    base = f"/api/v2.2/attempts/{attempt.id}"
    assert fake.calls == [
        ("POST", f"/api/v2.2/exams/{EXAM}/attempts/"),
        ("PUT", f"{base}/start/"),
        ("PUT", f"{base}/end/"),
        ("GET", f"{base}/review/subjects/"),
    ]


def test_unknown_paths_and_methods() -> None:
    fake = FakeTestpress()
    headers = {"Authorization": f"JWT {fake.token}"}
    with httpx.Client(transport=fake.transport, base_url=fake.base_url) as http:
        missing = http.get("/api/v2.2/nothing/", headers=headers)
        assert (missing.status_code, missing.json()) == (404, {"detail": "Not found."})
        anonymous = http.get("/api/v2.2/attempts")  # no trailing slash: not a route
        assert anonymous.status_code == 404
        wrong = http.delete("/api/v2.2/attempts/125001/", headers=headers)
        assert (wrong.status_code, wrong.json()) == (
            405,
            {"detail": 'Method "DELETE" not allowed.'},
        )
        page = http.get("/api/v2.2/attempts/?page=9", headers=headers)
        assert (page.status_code, page.json()) == (404, {"detail": "Invalid page."})
        bad = http.post("/api/v2.5/auth-token/", content=b"{not json")
        assert bad.status_code == 400 and bad.json()["detail"].startswith("JSON parse error")
        blank = http.post("/api/v2.5/auth-token/", json={"username": "demouser"})
        assert blank.json() == {"password": ["This field is required."]}
        bearer = http.get("/api/v2.2/attempts/", headers={"Authorization": f"Bearer {fake.token}"})
        assert bearer.status_code == 401


def test_without_seed_and_helpers(harness: Harness) -> None:
    fake = FakeTestpress(seed=False, per_page=3)
    client = harness.client(
        TestpressClient,
        AsyncTestpressClient,
        base_url=fake.base_url,
        token=fake.token,
        transport=fake.transport,
    )
    assert harness.collect(client.list_attempts()) == []
    with pytest.raises(NotFoundError):
        harness.run(client.create_attempt, EXAM)

    exam_id = fake.add_exam("long-quiz", questions=10, duration=timedelta(minutes=20))
    attempt = harness.run(client.create_attempt, "long-quiz")
    assert attempt.exam is not None and attempt.exam.id == exam_id
    assert attempt.exam.title == "Long Quiz" and attempt.total_questions == 10
    pages = harness.pages(client.list_attempt_questions(attempt.id))
    assert [len(p) for p in pages] == [3, 3, 3, 1]
    for question in (q for page in pages for q in page):
        harness.run(
            client.update_attempt_question,
            attempt.id,
            question.id,
            selected_answers=fake.correct_answer_ids(question.id),
        )
    ended = harness.run(client.end_attempt, attempt.id)
    assert ended.correct_count == 10 and ended.score == Decimal("10.00")
    assert ended.percentage == Decimal("100") and ended.percentile == 100.0

    with pytest.raises(KeyError):
        fake.correct_answer_ids(42)
    with pytest.raises(ValueError, match="exists already"):
        fake.add_user("demouser", "x")
    with pytest.raises(ValueError, match="exists already"):
        fake.add_exam("long-quiz")
    with pytest.raises(ValueError, match="per_page"):
        FakeTestpress(per_page=0)
