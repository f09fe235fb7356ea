"""`FakeTestpress`: the Testpress student API v2.2 and admin API v2.5, in memory.

One request handler (`FakeTestpress.route`) over an in-memory store of users, exams, questions
and attempts; the base class adds call recording, fault injection, latency, the httpx transport
and the real HTTP server. Responses are shaped like the documented examples (seeds 001/002):
decimal strings for scores and marks, ``"H:MM:SS"`` durations, ``"NA"`` ranks, ISO timestamps
ending in ``Z``, DRF page envelopes with absolute ``next``/``previous`` links.

Rules it enforces, as the real API documents them: an attempt is created Running; ``start``
resumes it and ``heartbeat`` keeps its timer (``time_taken += now - last_started_time``);
``end`` completes and scores it (also done by any touch once its time is up); questions and
answers are refused once Completed, review and subject analytics until then; another user's
attempt is a 403; admin endpoints need an admin's token.

Scoring: single choice ("R") is right when the one correct answer is the only one selected,
multiple choice ("C") when the selected set equals the correct set; right adds the question's
marks, wrong subtracts its negative marks (per question when the exam has
``variable_mark_per_question``, else the exam's ``mark_per_question``/``negative_marks``).
Essays ("E") await manual evaluation, which the fake never does: they score 0 and count as
unanswered. ``percentage`` is the score over the maximum, rounded to a whole number. The
student API shows counts and score once an attempt is Completed (zeros while it runs, as in the
examples); the admin API shows them live.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import httpx

from ..testpress.client import AsyncTestpressClient, TestpressClient
from ._base import FakeAPI, iso_ms, json_response

__all__ = ["FakeTestpress"]

Body = dict[str, Any]
Handler = Callable[[httpx.Request, re.Match[str]], httpx.Response]

RUNNING, COMPLETED = "Running", "Completed"
ADMIN_STATES = {"0": RUNNING, "1": COMPLETED, "3": "Not Started"}
LOGIN = re.compile(r"/api/v2\.[25]/auth-token/")
_COUNTS = (
    "percentile correct_count incorrect_count last_started_time remaining_time time_taken state"
    " rank max_rank percentage unanswered_count"
)
ATTEMPT_SHAPES = {
    # GET /attempts/{id}/, start, end: the user is a username
    "detail": f"url id exam user date total_questions score review_url questions_url {_COUNTS}"
    " commented_questions_count comments_count total_bonus".split(),
    # GET /attempts/
    "list": f"url id exam user date total_questions score review_url questions_url {_COUNTS}"
    " commented_questions_count comments_count allow_retake remaining_attempts total_bonus".split(),
    # GET /exams/{slug}/attempts/: a user object and no exam
    "exam": "url id user date total_questions score review_pdf_url review_url questions_url"
    f" {_COUNTS} rank_enabled sections speed accuracy".split(),
    # create, heartbeat: a user object and the exam with its settings
    "full": "url id exam_url user date total_questions score review_pdf_url review_url"
    f" questions_url {_COUNTS} commented_questions_count comments_count total_bonus rank_enabled"
    " exam sections speed accuracy institute_attempt_id".split(),
}
FORBIDDEN = "You do not have permission to perform this action."
ALREADY_COMPLETED = "This attempt has already been completed."
NOT_COMPLETED = "This attempt is not completed yet; review is available once it ends."
CENT = Decimal("0.01")


class _Reply(Exception):
    """Raised by a handler to answer at once (an error, usually)."""

    def __init__(self, response: httpx.Response) -> None:
        super().__init__(response.status_code)
        self.response = response


def _error(status: int, detail: str) -> _Reply:
    return _Reply(json_response({"detail": detail}, status))


# --- the store


@dataclass
class _User:
    id: int
    username: str
    password: str
    token: str
    first_name: str = ""
    last_name: str = ""
    email: str | None = None
    phone: str | None = None
    is_admin: bool = False


@dataclass(frozen=True)
class _Subject:
    id: int
    name: str
    parent: int | None = None


@dataclass(frozen=True)
class _Choice:
    id: int
    text_html: str
    is_correct: bool


@dataclass
class _Question:
    id: int
    type: str
    question_html: str
    subject: _Subject
    answers: list[_Choice]
    explanation_html: str = ""
    direction: str | None = None
    marks: Decimal = Decimal("1.00")
    negative_marks: Decimal = Decimal("0.00")
    difficulty: str = "medium"

    @property
    def correct_ids(self) -> list[int]:
        return [a.id for a in self.answers if a.is_correct]


@dataclass
class _Exam:
    id: int
    slug: str
    title: str
    course: str
    questions: list[_Question]
    duration: int
    mark_per_question: Decimal
    negative_marks: Decimal
    variable_mark_per_question: bool = False
    allow_retake: bool = True
    max_retakes: int | None = None
    enable_ranks: bool = False
    template_type: int = 1
    pass_percentage: int | None = None
    description: str = ""
    start_date: datetime = datetime(
        2024, 1, 1, 9, 0, tzinfo=timezone(timedelta(hours=5, minutes=30))
    )
    created: datetime = datetime(2023, 12, 20, 6, 30, 12, 125000, tzinfo=timezone.utc)

    def marks_of(self, question: _Question) -> tuple[Decimal, Decimal]:
        if self.variable_mark_per_question:
            return question.marks, question.negative_marks
        return self.mark_per_question, self.negative_marks


@dataclass
class _Item:
    """One question of one attempt (its id is the ``question_id`` of the update endpoint)."""

    id: int
    question: _Question
    order: int
    selected: list[int] = field(default_factory=list)
    review: bool | None = None
    essay_text: str | None = None
    short_text: str | None = None
    duration: float | None = None

    def outcome(self) -> str:
        if self.question.type not in ("R", "C") or not self.selected:
            return "unanswered"
        correct = self.question.correct_ids
        if self.question.type == "R":
            return "correct" if self.selected == correct[:1] else "incorrect"
        return "correct" if set(self.selected) == set(correct) else "incorrect"


@dataclass
class _Tally:
    correct: int = 0
    incorrect: int = 0
    unanswered: int = 0
    score: Decimal = Decimal("0.00")
    max_score: Decimal = Decimal("0.00")

    def add(self, exam: _Exam, item: _Item) -> None:
        marks, negative = exam.marks_of(item.question)
        self.max_score += marks
        outcome = item.outcome()
        if outcome == "correct":
            self.correct += 1
            self.score += marks
        elif outcome == "incorrect":
            self.incorrect += 1
            self.score -= negative
        else:
            self.unanswered += 1

    @property
    def percentage(self) -> int:
        if not self.max_score:
            return 0
        return int((self.score * 100 / self.max_score).quantize(Decimal(1), ROUND_HALF_UP))


@dataclass
class _Attempt:
    id: int
    exam: _Exam
    user: _User
    date: float
    items: list[_Item]
    last_started: float
    state: str = RUNNING
    taken: float = 0.0
    answer_mark: float = 0.0
    last_answer_at: float | None = None

    def tally(self, items: Iterable[_Item] | None = None) -> _Tally:
        tally = _Tally()
        for item in self.items if items is None else items:
            tally.add(self.exam, item)
        return tally

    def remaining(self) -> int:
        """Whole seconds left (0 when the exam has no time limit), so that ``time_taken``
        and ``remaining_time`` as sent add up to the exam's duration."""
        return max(self.exam.duration - int(self.taken), 0) if self.exam.duration else 0

    def sort_key(self, field: str) -> float:
        """The admin ``ordering`` fields (an unknown one orders by date)."""
        if field == "correct_answers_count":
            return self.tally().correct
        if field == "incorrect_answers_count":
            return self.tally().incorrect
        if field == "unanswered_count":
            return self.tally().unanswered
        return self.date


# --- wire formats


def _iso(epoch: float) -> str:
    return iso_ms(datetime.fromtimestamp(epoch, tz=timezone.utc))


def _hms(seconds: float) -> str:
    return str(timedelta(seconds=int(seconds)))


def _money(value: Decimal) -> str:
    return str(value.quantize(CENT, ROUND_HALF_UP))


def _seconds(value: float) -> float | int:
    rounded = round(value, 2)
    return int(rounded) if rounded == int(rounded) else rounded


def _image(username: str, size: str) -> str:
    digest = hashlib.sha256(f"{username}/{size}".encode()).hexdigest()[:32]
    return f"https://media.testpress.in/i/{digest}.jpeg"


class FakeTestpress(FakeAPI[TestpressClient, AsyncTestpressClient]):
    """An in-memory Testpress: every endpoint of `TestpressClient`, with its state rules.

    Args:
        token: the main student's JWT (``Authorization: JWT <token>``).
        admin_token: the admin user's JWT, for ``client.admin``.
        per_page: the page size of every list (small values force many pages).
        seed: add realistic exams (among them ``"sample-exam"``), a second student and a few
            past attempts. Without it, only the main student and the admin exist.
        clock: seconds since the epoch (default `time.time`); inject one for deterministic
            timers.

    Attributes:
        token, admin_token: the JWTs of the main student and of the admin.
        username, password: the main student's login (``TestpressClient.login``).
        per_page: the page size (may be changed at any time).
    """

    provider = "testpress"
    auth_scheme = "JWT"
    default_host = "demo.testpress.in"

    def __init__(
        self,
        *,
        token: str = "fake-testpress-token",
        admin_token: str = "fake-testpress-admin-token",
        per_page: int = 20,
        seed: bool = True,
        clock: Callable[[], float] = time.time,
    ) -> None:
        if per_page < 1:
            raise ValueError("per_page must be >= 1")
        super().__init__(credential=token)
        self.token = token
        self.admin_token = admin_token
        self.per_page = per_page
        self.clock = clock
        self.username = "demouser"
        self.password = "demo-password"
        self._counters = {
            "user": 5,
            "subject": 11,
            "exam": 4101,
            "question": 101,
            "choice": 1001,
            "attempt": 125001,
            "item": 5_000_001,
        }
        self._users: dict[str, _User] = {}
        self._tokens: dict[str, _User] = {}
        self._subjects: dict[str, _Subject] = {}
        self._exams: dict[str, _Exam] = {}
        self._questions: dict[int, _Question] = {}
        self._items: dict[int, _Item] = {}
        self._attempts: dict[int, _Attempt] = {}
        self._routes = self._route_table()
        self._add_user("admin", "admin-password", admin_token, "Institute", "Admin", admin=True)
        self._add_user(self.username, self.password, token, "Demo", "User")
        if seed:
            _seed(self)

    # --- helpers for tests

    def add_user(self, username: str, password: str, *, admin: bool = False) -> str:
        """Add a user who can log in with ``username``/``password``; returns their token."""
        with self._lock:
            if username in self._users:
                raise ValueError(f"user {username!r} exists already")
            token = f"fake-testpress-token-{username}"
            self._add_user(username, password, token, username.title(), "", admin=admin)
            return token

    def add_exam(
        self,
        slug: str,
        *,
        title: str | None = None,
        course: str = "General Studies",
        questions: int = 10,
        duration: timedelta = timedelta(hours=1),
        allow_retake: bool = True,
        max_retakes: int | None = None,
    ) -> int:
        """Add an exam of ``questions`` single-choice arithmetic questions (one mark each, no
        negative marks; ``duration`` zero means no time limit); returns its id."""
        with self._lock:
            if slug in self._exams:
                raise ValueError(f"exam {slug!r} exists already")
            subjects = [self._subject(name) for name in ("Arithmetic", "Number Sense", "Mental")]
            made = [
                self._question(
                    "R",
                    f"<p>What is {n} + {n + 1}?</p>",
                    subjects[n % 3],
                    [(str(2 * n + k), k == 1) for k in range(4)],
                    explanation=f"<p>{n} + {n + 1} = {2 * n + 1}.</p>",
                )
                for n in range(1, questions + 1)
            ]
            exam = self._exam(
                slug,
                title or slug.replace("-", " ").title(),
                course,
                made,
                duration=int(duration.total_seconds()),
                allow_retake=allow_retake,
                max_retakes=max_retakes,
            )
            return exam.id

    def correct_answer_ids(self, question_id: int) -> list[int]:
        """The correct answer ids of a question: give the attempt question's id (what
        `update_attempt_question` takes) or the question's own id (``question.id`` in reviews).
        Raises KeyError for an unknown id."""
        with self._lock:
            item = self._items.get(question_id)
            question = item.question if item is not None else self._questions.get(question_id)
            if question is None:
                raise KeyError(question_id)
            return question.correct_ids

    def exam_id(self, slug: str) -> int:
        """The id of an exam (the admin ``exams`` filter)."""
        return self._exams[slug].id

    def user_id(self, username: str) -> int:
        """The id of a user (the admin ``users`` filter)."""
        return self._users[username].id

    def token_for(self, username: str) -> str:
        """The JWT of a user (seeded users: ``demouser``, ``priya``, ``admin``)."""
        return self._users[username].token

    # --- FakeAPI

    def error_body(self, status: int, message: str) -> Any:
        """Testpress (DRF) errors: ``{"detail": "…"}``."""
        return {"detail": message}

    def authorized(self, request: httpx.Request, path: str) -> bool:
        """Logging in is public, and so is an unknown path (it answers 404); anything else
        needs ``Authorization: JWT <token>`` of a known user."""
        if LOGIN.fullmatch(path) or self._find(path) is None:
            return True
        return self._caller(request) is not None

    def route(self, request: httpx.Request, path: str) -> httpx.Response:
        """Answer an authenticated request from the store."""
        found = self._find(path)
        if found is None:
            return self.not_found()
        handlers, match = found
        handler = handlers.get(request.method)
        if handler is None:
            return json_response({"detail": f'Method "{request.method}" not allowed.'}, 405)
        try:
            return handler(request, match)
        except _Reply as reply:
            return reply.response

    # --- routing

    def _route_table(self) -> list[tuple[re.Pattern[str], dict[str, Handler]]]:
        attempt = r"/api/v2\.2/attempts/(?P<attempt_id>\d+)"
        table: list[tuple[str, dict[str, Handler]]] = [
            (LOGIN.pattern, {"POST": self._login}),
            (r"/api/v2\.2/attempts/", {"GET": self._list_attempts}),
            (attempt + "/", {"GET": self._get_attempt}),
            (attempt + "/start/", {"PUT": self._start}),
            (attempt + "/heartbeat/", {"PUT": self._heartbeat}),
            (attempt + "/end/", {"PUT": self._end}),
            (attempt + "/questions/", {"GET": self._questions_list}),
            (attempt + r"/questions/(?P<item_id>\d+)/", {"PUT": self._update_question}),
            (attempt + "/review/", {"GET": self._review}),
            (attempt + "/review/subjects/", {"GET": self._review_subjects}),
            (
                r"/api/v2\.2/exams/(?P<slug>[-\w]+)/attempts/",
                {"GET": self._exam_attempts, "POST": self._create},
            ),
            (r"/api/v2\.5/admin/attempts/", {"GET": self._admin_list}),
            (r"/api/v2\.5/admin/attempts/(?P<attempt_id>\d+)/", {"GET": self._admin_get}),
        ]
        return [(re.compile(pattern), handlers) for pattern, handlers in table]

    def _find(self, path: str) -> tuple[dict[str, Handler], re.Match[str]] | None:
        for pattern, handlers in self._routes:
            match = pattern.fullmatch(path)
            if match is not None:
                return handlers, match
        return None

    def _caller(self, request: httpx.Request) -> _User | None:
        scheme, _, token = request.headers.get("Authorization", "").partition(" ")
        if scheme != "JWT" or not token:
            return None
        return self._tokens.get(token.strip())

    def _user(self, request: httpx.Request) -> _User:
        user = self._caller(request)
        if user is None:  # authorized() let it through, so this is a public route
            raise _error(401, "Authentication credentials were not provided.")
        return user

    def _attempt(self, request: httpx.Request, match: re.Match[str]) -> _Attempt:
        attempt = self._attempts.get(int(match["attempt_id"]))
        if attempt is None:
            raise _error(404, "Not found.")
        if attempt.user is not self._user(request):
            raise _error(403, FORBIDDEN)
        return attempt

    def _admin(self, request: httpx.Request) -> None:
        if not self._user(request).is_admin:
            raise _error(403, FORBIDDEN)

    def _page(self, request: httpx.Request, items: Sequence[Body]) -> httpx.Response:
        raw = request.url.params.get("page", "1")
        number = int(raw) if raw.isdigit() else 0
        last = max(1, math.ceil(len(items) / self.per_page))
        if not 1 <= number <= last:
            raise _error(404, "Invalid page.")
        start = (number - 1) * self.per_page
        return json_response(
            {
                "count": len(items),
                "next": self._page_link(request, number + 1) if number < last else None,
                "previous": self._page_link(request, number - 1) if number > 1 else None,
                "per_page": self.per_page,
                "results": list(items[start : start + self.per_page]),
            }
        )

    def _page_link(self, request: httpx.Request, number: int) -> str:
        params = request.url.params
        params = params.set("page", str(number)) if number > 1 else params.remove("page")
        query = str(params)
        return f"{self.origin(request)}{request.url.path}" + (f"?{query}" if query else "")

    # --- the student API

    def _login(self, request: httpx.Request, match: re.Match[str]) -> httpx.Response:
        body = _json_body(request)
        missing = {
            k: ["This field is required."] for k in ("username", "password") if not body.get(k)
        }
        if missing:
            return json_response(missing, 400)
        user = self._users.get(str(body["username"]))
        if user is None or user.password != body["password"]:
            return json_response(
                {"non_field_errors": ["Unable to log in with provided credentials."]}, 400
            )
        return json_response({"token": user.token})

    def _list_attempts(self, request: httpx.Request, match: re.Match[str]) -> httpx.Response:
        user = self._user(request)
        course = request.url.params.get("course")
        q = request.url.params.get("q")
        attempts = [
            a
            for a in self._newest_first(a for a in self._attempts.values() if a.user is user)
            if (not course or a.exam.course.lower() == course.lower())
            and (not q or q.lower() in a.exam.title.lower())
        ]
        origin = self.origin(request)
        return self._page(request, [self._attempt_body(a, origin, "list") for a in attempts])

    def _exam_attempts(self, request: httpx.Request, match: re.Match[str]) -> httpx.Response:
        user = self._user(request)
        exam = self._exam_for(match)
        attempts = self._newest_first(
            a for a in self._attempts.values() if a.user is user and a.exam is exam
        )
        origin = self.origin(request)
        return self._page(request, [self._attempt_body(a, origin, "exam") for a in attempts])

    def _create(self, request: httpx.Request, match: re.Match[str]) -> httpx.Response:
        user = self._user(request)
        exam = self._exam_for(match)
        taken = sum(1 for a in self._attempts.values() if a.user is user and a.exam is exam)
        if taken and not exam.allow_retake:
            raise _error(400, "This exam does not allow retakes.")
        if taken and exam.max_retakes is not None and 0 <= exam.max_retakes < taken:
            raise _error(400, "You have used all the retakes this exam allows.")
        attempt = self._new_attempt(exam, user, self.clock())
        return json_response(self._attempt_body(attempt, self.origin(request), "full"), 201)

    def _get_attempt(self, request: httpx.Request, match: re.Match[str]) -> httpx.Response:
        attempt = self._attempt(request, match)
        return json_response(self._attempt_body(attempt, self.origin(request), "detail"))

    def _start(self, request: httpx.Request, match: re.Match[str]) -> httpx.Response:
        attempt = self._attempt(request, match)
        now = self.clock()
        if attempt.state == RUNNING and attempt.exam.duration and attempt.remaining() <= 0:
            attempt.state = COMPLETED
        if attempt.state != RUNNING:
            raise _error(400, ALREADY_COMPLETED)
        attempt.last_started = attempt.answer_mark = now  # the paused time is not counted
        return json_response(self._attempt_body(attempt, self.origin(request), "detail"))

    def _heartbeat(self, request: httpx.Request, match: re.Match[str]) -> httpx.Response:
        attempt = self._attempt(request, match)
        if attempt.state != RUNNING:
            raise _error(400, ALREADY_COMPLETED)
        self._run_clock(attempt, self.clock())
        return json_response(self._attempt_body(attempt, self.origin(request), "full"))

    def _end(self, request: httpx.Request, match: re.Match[str]) -> httpx.Response:
        attempt = self._attempt(request, match)
        if attempt.state == RUNNING:
            self._run_clock(attempt, self.clock())
            attempt.state = COMPLETED
        return json_response(self._attempt_body(attempt, self.origin(request), "detail"))

    def _questions_list(self, request: httpx.Request, match: re.Match[str]) -> httpx.Response:
        attempt = self._running(request, match)
        origin = self.origin(request)
        return self._page(request, [self._item_body(attempt, i, origin) for i in attempt.items])

    def _update_question(self, request: httpx.Request, match: re.Match[str]) -> httpx.Response:
        attempt = self._running(request, match)
        item = next((i for i in attempt.items if i.id == int(match["item_id"])), None)
        if item is None:
            raise _error(404, "Not found.")
        body = _json_body(request)
        errors: dict[str, list[str]] = {}
        selected = body.get("selected_answers", item.selected)
        valid = {a.id for a in item.question.answers}
        if not isinstance(selected, list) or not all(type(s) is int for s in selected):
            errors["selected_answers"] = ["Expected a list of answer ids."]
        else:
            unknown = [s for s in selected if s not in valid]
            if unknown:
                errors["selected_answers"] = [f'Invalid pk "{unknown[0]}" - object does not exist.']
        review = body.get("review", item.review)
        if review is not None and not isinstance(review, bool):
            errors["review"] = ["Must be a valid boolean."]
        for key in ("essay_text", "short_text"):
            if body.get(key) is not None and not isinstance(body[key], str):
                errors[key] = ["Not a valid string."]
        if errors:
            return json_response(errors, 400)
        now = self.clock()
        item.selected = list(dict.fromkeys(selected))
        item.review = review
        item.essay_text = body.get("essay_text", item.essay_text)
        item.short_text = body.get("short_text", item.short_text)
        item.duration = (item.duration or 0.0) + max(now - attempt.answer_mark, 0.0)
        attempt.answer_mark = attempt.last_answer_at = now
        return json_response(self._item_body(attempt, item, self.origin(request)))

    def _review(self, request: httpx.Request, match: re.Match[str]) -> httpx.Response:
        attempt = self._completed(request, match)
        origin = self.origin(request)
        return self._page(request, [self._review_body(attempt, i, origin) for i in attempt.items])

    def _review_subjects(self, request: httpx.Request, match: re.Match[str]) -> httpx.Response:
        attempt = self._completed(request, match)
        return self._page(
            request,
            [
                {
                    "id": subject.id,
                    "name": subject.name,
                    "total": tally.correct + tally.incorrect + tally.unanswered,
                    "correct": tally.correct,
                    "unanswered": tally.unanswered,
                    "incorrect": tally.incorrect,
                    "parent": subject.parent,
                    "leaf": leaf,
                    "score": _money(tally.score),
                }
                for subject, leaf, tally in self._subject_tallies(attempt)
            ],
        )

    # --- the admin API

    def _admin_list(self, request: httpx.Request, match: re.Match[str]) -> httpx.Response:
        self._admin(request)
        params = request.url.params
        attempts = list(self._attempts.values())
        errors: dict[str, list[str]] = {}
        state = params.get("state")
        if state is not None:
            if state not in ADMIN_STATES:
                errors["state"] = [f"Select a valid choice. {state} is not one of the choices."]
            attempts = [a for a in attempts if a.state == ADMIN_STATES.get(state)]
        users, exams = params.get("users"), params.get("exams")
        for key, raw in (("users", users), ("exams", exams)):
            if raw is not None and not raw.isdigit():
                errors[key] = ["Enter a whole number."]
        if users is not None and users.isdigit():
            attempts = [a for a in attempts if a.user.id == int(users)]
        if exams is not None and exams.isdigit():
            attempts = [a for a in attempts if a.exam.id == int(exams)]
        after, before = _date_param(params, "date_0", errors), _date_param(params, "date_1", errors)
        if after is not None:
            attempts = [a for a in attempts if _day(a.date) >= after]
        if before is not None:
            attempts = [a for a in attempts if _day(a.date) <= before]
        if errors:
            return json_response(errors, 400)
        ordering = params.get("ordering", "-date")
        attempts.sort(key=lambda a: a.id)
        attempts.sort(key=lambda a: a.sort_key(ordering.lstrip("-")), reverse=ordering[:1] == "-")
        origin = self.origin(request)
        return self._page(request, [self._admin_body(a, origin, detail=False) for a in attempts])

    def _admin_get(self, request: httpx.Request, match: re.Match[str]) -> httpx.Response:
        self._admin(request)
        attempt = self._attempts.get(int(match["attempt_id"]))
        if attempt is None:
            raise _error(404, "Not found.")
        return json_response(self._admin_body(attempt, self.origin(request), detail=True))

    # --- state

    def _exam_for(self, match: re.Match[str]) -> _Exam:
        exam = self._exams.get(match["slug"])
        if exam is None:
            raise _error(404, "Not found.")
        return exam

    def _running(self, request: httpx.Request, match: re.Match[str]) -> _Attempt:
        attempt = self._attempt(request, match)
        if attempt.state == RUNNING and attempt.exam.duration:
            spent = attempt.taken + self.clock() - attempt.last_started
            if spent >= attempt.exam.duration:  # time is up: the attempt ends itself
                attempt.taken = float(attempt.exam.duration)
                attempt.state = COMPLETED
        if attempt.state != RUNNING:
            raise _error(400, ALREADY_COMPLETED)
        return attempt

    def _completed(self, request: httpx.Request, match: re.Match[str]) -> _Attempt:
        attempt = self._attempt(request, match)
        if attempt.state != COMPLETED:
            raise _error(400, NOT_COMPLETED)
        return attempt

    def _run_clock(self, attempt: _Attempt, now: float) -> None:
        """Count the time since ``last_started_time`` (a heartbeat, or the end)."""
        attempt.taken += max(now - attempt.last_started, 0.0)
        attempt.last_started = now
        if attempt.exam.duration and attempt.taken >= attempt.exam.duration:
            attempt.taken = float(attempt.exam.duration)
            attempt.state = COMPLETED

    def _new_attempt(self, exam: _Exam, user: _User, now: float) -> _Attempt:
        items = [self._new_item(question, order) for order, question in enumerate(exam.questions)]
        attempt = _Attempt(
            id=self._next("attempt"),
            exam=exam,
            user=user,
            date=now,
            items=items,
            last_started=now,
            answer_mark=now,
        )
        self._attempts[attempt.id] = attempt
        return attempt

    def _new_item(self, question: _Question, order: int) -> _Item:
        item = _Item(id=self._next("item"), question=question, order=order)
        self._items[item.id] = item
        return item

    @staticmethod
    def _newest_first(attempts: Iterable[_Attempt]) -> list[_Attempt]:
        return sorted(attempts, key=lambda a: (a.date, a.id), reverse=True)

    def _ranking(self, attempt: _Attempt) -> tuple[float, int | str, int | str]:
        """(percentile, rank, max_rank) among the exam's completed attempts."""
        if attempt.state != COMPLETED:
            return 0.0, "NA", "NA"
        scores = [
            a.tally().score
            for a in self._attempts.values()
            if a.exam is attempt.exam and a.state == COMPLETED
        ]
        mine = attempt.tally().score
        percentile = round(100 * sum(1 for s in scores if s <= mine) / len(scores), 2)
        if not attempt.exam.enable_ranks:
            return percentile, "NA", "NA"
        return percentile, 1 + sum(1 for s in scores if s > mine), len(scores)

    def _subject_tallies(self, attempt: _Attempt) -> list[tuple[_Subject, bool, _Tally]]:
        leaves = {item.question.subject for item in attempt.items}
        parents = {s.parent for s in leaves if s.parent is not None}
        subjects = leaves | {s for s in self._subjects.values() if s.id in parents}
        rows = []
        for subject in sorted(subjects, key=lambda s: s.id):
            items = [
                i
                for i in attempt.items
                if subject in (i.question.subject, self._parent_of(i.question.subject))
            ]
            rows.append((subject, subject in leaves, attempt.tally(items)))
        return rows

    def _parent_of(self, subject: _Subject) -> _Subject | None:
        return next((s for s in self._subjects.values() if s.id == subject.parent), None)

    # --- bodies

    def _user_body(self, user: _User, origin: str) -> Body:
        return {
            "id": user.id,
            "url": f"{origin}/api/v2.2/users/{user.id}/",
            "username": user.username,
            "display_name": f"{user.first_name} {user.last_name}".strip() or user.username,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "photo": _image(user.username, "photo"),
            **{
                size: _image(user.username, size)
                for size in (
                    "large_image",
                    "medium_image",
                    "medium_small_image",
                    "small_image",
                    "x_small_image",
                    "mini_image",
                )
            },
        }

    def _exam_body(self, exam: _Exam, origin: str, *, full: bool) -> Body:
        body: Body = {
            "url": f"{origin}/api/v2.2/exams/{exam.slug}/",
            "id": exam.id,
            "title": exam.title,
            "description": exam.description,
            "course": exam.course,
            "start_date": exam.start_date.isoformat(),
            "end_date": None,
            "duration": _hms(exam.duration),
            "number_of_questions": len(exam.questions),
            "negative_marks": _money(exam.negative_marks),
            "mark_per_question": _money(exam.mark_per_question),
            "template_type": exam.template_type,
            "allow_retake": exam.allow_retake,
            "max_retakes": exam.max_retakes,
            "enable_ranks": exam.enable_ranks,
            "rank_publishing_date": None,
            "allow_pdf": False,
            "created": _iso(exam.created.timestamp()),
            "slug": exam.slug,
            "variable_mark_per_question": exam.variable_mark_per_question,
            "show_answers": True,
        }
        if full:  # the create/heartbeat shape: no course, more settings
            del body["course"]
            body.update(
                allow_question_pdf=False,
                allow_preemptive_section_ending=False,
                sections=[{"order": 0, "name": "", "duration": _hms(exam.duration), "cut_off": 0}],
                immediate_feedback=False,
                categories=[],
            )
        return body

    def _attempt_body(self, attempt: _Attempt, origin: str, shape: str) -> Body:
        """An attempt in one of the `ATTEMPT_SHAPES` (the examples differ by endpoint)."""
        url = f"{origin}/api/v2.2/attempts/{attempt.id}/"
        tally = attempt.tally() if attempt.state == COMPLETED else _Tally()
        percentile, rank, max_rank = self._ranking(attempt)
        answered = tally.correct + tally.incorrect
        nested = shape in ("exam", "full")
        values: Body = {
            "url": url,
            "id": attempt.id,
            "exam_url": f"{origin}/api/v2.2/exams/{attempt.exam.slug}/",
            "exam": self._exam_body(attempt.exam, origin, full=shape == "full"),
            "user": self._user_body(attempt.user, origin) if nested else attempt.user.username,
            "date": _iso(attempt.date),
            "total_questions": len(attempt.items),
            "score": _money(tally.score),
            "review_pdf_url": "",
            "review_url": f"{url}review/",
            "questions_url": f"{url}questions/",
            "percentile": percentile,
            "correct_count": tally.correct,
            "incorrect_count": tally.incorrect,
            "last_started_time": _iso(attempt.last_started),
            "remaining_time": _hms(attempt.remaining()),
            "time_taken": _hms(attempt.taken),
            "state": attempt.state,
            "rank": rank,
            "max_rank": max_rank,
            "percentage": str(tally.percentage),
            "unanswered_count": tally.unanswered,
            "commented_questions_count": 0,
            "comments_count": 0,
            "allow_retake": attempt.exam.allow_retake,
            "remaining_attempts": self._remaining_attempts(attempt),
            "total_bonus": 0,
            "rank_enabled": attempt.exam.enable_ranks,
            "sections": [],
            "speed": 0,
            "accuracy": round(100 * tally.correct / answered) if answered else 0,
            "institute_attempt_id": None,
        }
        return {key: values[key] for key in ATTEMPT_SHAPES[shape]}

    def _remaining_attempts(self, attempt: _Attempt) -> int | None:
        exam = attempt.exam
        used = sum(1 for a in self._attempts.values() if a.user is attempt.user and a.exam is exam)
        if not exam.allow_retake:
            return max(1 - used, 0)
        if exam.max_retakes is None or exam.max_retakes < 0:
            return None
        return max(1 + exam.max_retakes - used, 0)

    def _question_body(self, question: _Question, origin: str, *, review: bool) -> Body:
        body: Body = {
            "question_html": question.question_html,
            "direction": question.direction,
            "answers": [{"text_html": a.text_html, "id": a.id} for a in question.answers],
            "essay_topics": [],
            "subject": question.subject.name,
            "type": question.type,
        }
        if not review:
            return body
        return {
            "id": question.id,
            "url": f"{origin}/api/v2.2/questions/{question.id}/",
            **body,
            "answers": [
                {"id": a.id, "text_html": a.text_html, "is_correct": a.is_correct}
                for a in question.answers
            ],
            "explanation_html": question.explanation_html,
            "comments_url": f"{origin}/api/v2.2/questions/{question.id}/comments/",
        }

    def _item_body(self, attempt: _Attempt, item: _Item, origin: str) -> Body:
        body: Body = {
            "id": item.id,
            "url": f"{origin}/api/v2.2/attempts/{attempt.id}/questions/{item.id}/",
            "question": self._question_body(item.question, origin, review=False),
            "duration": None if item.duration is None else str(timedelta(seconds=item.duration)),
            "selected_answers": list(item.selected),
            "essay_text": item.essay_text,
            "essay_topic": None,
            "review": item.review,
        }
        if item.short_text is not None:
            body["short_text"] = item.short_text
        return body

    def _review_body(self, attempt: _Attempt, item: _Item, origin: str) -> Body:
        question = self._question_body(item.question, origin, review=True)
        marks, negative = attempt.exam.marks_of(item.question)
        question.update(marks=_money(marks), negative_marks=_money(negative))
        others = [
            i
            for a in self._attempts.values()
            if a.state == COMPLETED
            for i in a.items
            if i.question is item.question
        ]
        durations = [i.duration for i in others if i.duration is not None]
        right = sum(1 for i in others if i.outcome() == "correct")
        return {
            "id": item.id,
            "url": f"{origin}/api/v2.2/attempts/{attempt.id}/review/{item.id}/",
            "order": item.order,
            "question": question,
            "duration": "NA" if item.duration is None else _seconds(item.duration),
            "best_duration": _seconds(min(durations)) if durations else "NA",
            "average_duration": _seconds(sum(durations) / len(durations)) if durations else "NA",
            "selected_answers": list(item.selected),
            "essay_text": item.essay_text,
            "essay_topic": None,
            "review": item.review,
            "comments_count": 0,
            "correct_percentage": round(100 * right / len(others)) if others else 0,
        }

    def _admin_body(self, attempt: _Attempt, origin: str, *, detail: bool) -> Body:
        completed = attempt.state == COMPLETED
        tally = attempt.tally()
        result = "Not taken"
        if completed and attempt.exam.pass_percentage is not None:
            result = "Pass" if tally.percentage >= attempt.exam.pass_percentage else "Fail"
        user = attempt.user
        body: Body = {
            "id": attempt.id,
            "date": _iso(attempt.date),
            "exam_id": attempt.exam.id,
            "user_id": user.id,
            "email": user.email,
            "name": f"{user.first_name} {user.last_name}".strip() or None,
            "phone": user.phone,
            "correct_answers_count": tally.correct,
            "incorrect_answers_count": tally.incorrect,
            "unanswered_count": tally.unanswered,
            "score": _money(tally.score),
            "percentage": tally.percentage,
            "time_taken": _hms(attempt.taken),
            "remaining_time": _hms(attempt.remaining()),
            "result": result,
            "state": attempt.state,
            "last_started_time": _iso(attempt.last_started),
            "last_answer_updated_time": (
                None if attempt.last_answer_at is None else _iso(attempt.last_answer_at)
            ),
            "speed": 0,
            "exam_url": f"{origin}/api/v2.5/admin/exams/{attempt.exam.id}/",
            "user_url": f"{origin}/api/v2.5/admin/users/{user.id}/",
        }
        if not detail:
            return body
        percentile, _, _ = self._ranking(attempt)
        stats = self._subject_tallies(attempt)
        levels: dict[str, _Tally] = {}
        for item in attempt.items:
            levels.setdefault(item.question.difficulty, _Tally()).add(attempt.exam, item)
        body.update(
            percentile=percentile,
            username=user.username,
            sections=[
                {
                    "id": attempt.id * 10,
                    "order": 0,
                    "section_id": attempt.exam.id * 10,
                    "time_taken": _hms(attempt.taken),
                    "correct_answers_count": tally.correct,
                    "incorrect_answers_count": tally.incorrect,
                    "unanswered_count": tally.unanswered,
                    "score": _money(tally.score),
                }
            ],
            subject_stats=[
                {
                    "subject_id": subject.id,
                    "subject_name": subject.name,
                    "total_count": t.correct + t.incorrect + t.unanswered,
                    "correct_answers_count": t.correct,
                    "unanswered_count": t.unanswered,
                    "incorrect_answers_count": t.incorrect,
                    "parent_subject_id": subject.parent,
                    "is_leaf": leaf,
                    "score": _money(t.score),
                    "partial_correct_answers_count": 0,
                }
                for subject, leaf, t in stats
            ],
            difficulty_level_stats={
                level: {
                    "correct_answers_count": t.correct,
                    "incorrect_answers_count": t.incorrect,
                    "partial_correct_answers_count": 0,
                    "unanswered_count": t.unanswered,
                    "total_count": t.correct + t.incorrect + t.unanswered,
                }
                for level, t in sorted(levels.items())
            },
            institute_attempt_id=100000 + attempt.id,
        )
        return body

    # --- building the store

    def _next(self, kind: str) -> int:
        value = self._counters[kind]
        self._counters[kind] = value + 1
        return value

    def _add_user(
        self,
        username: str,
        password: str,
        token: str,
        first_name: str,
        last_name: str,
        *,
        admin: bool = False,
    ) -> _User:
        user = _User(
            id=1 if not self._users else self._next("user"),
            username=username,
            password=password,
            token=token,
            first_name=first_name,
            last_name=last_name,
            email=f"{username}@example.com",
            is_admin=admin,
        )
        self._users[username] = user
        self._tokens[token] = user
        return user

    def _subject(self, name: str, parent: str | None = None) -> _Subject:
        subject = self._subjects.get(name)
        if subject is None:
            parent_id = self._subject(parent).id if parent else None
            subject = _Subject(id=self._next("subject"), name=name, parent=parent_id)
            self._subjects[name] = subject
        return subject

    def _question(
        self,
        kind: str,
        html: str,
        subject: _Subject,
        answers: Sequence[tuple[str, bool]],
        *,
        explanation: str = "",
        marks: str = "1.00",
        negative: str = "0.00",
        direction: str | None = None,
        difficulty: str = "medium",
    ) -> _Question:
        question = _Question(
            id=self._next("question"),
            type=kind,
            question_html=html,
            subject=subject,
            answers=[
                _Choice(id=self._next("choice"), text_html=f"<p>{text}</p>", is_correct=right)
                for text, right in answers
            ],
            explanation_html=explanation,
            direction=direction,
            marks=Decimal(marks),
            negative_marks=Decimal(negative),
            difficulty=difficulty,
        )
        self._questions[question.id] = question
        return question

    def _exam(
        self,
        slug: str,
        title: str,
        course: str,
        questions: list[_Question],
        **settings: Any,
    ) -> _Exam:
        settings.setdefault("mark_per_question", Decimal("1.00"))
        settings.setdefault("negative_marks", Decimal("0.00"))
        exam = _Exam(
            id=self._next("exam"),
            slug=slug,
            title=title,
            course=course,
            questions=questions,
            **settings,
        )
        self._exams[slug] = exam
        return exam

    def _past_attempt(
        self, exam: str, user: str, started: datetime, minutes: float, pattern: str
    ) -> _Attempt:
        """A seeded attempt: ``pattern`` has one letter per question, ``c`` right, ``w``
        wrong, ``-`` unanswered, ``e`` an essay written; uppercase leaves it Running."""
        begin = started.timestamp()
        attempt = self._new_attempt(self._exams[exam], self._users[user], begin)
        answered = [
            item for item, mark in zip(attempt.items, pattern.lower(), strict=True) if mark != "-"
        ]
        spent = minutes * 60
        for item, mark in zip(attempt.items, pattern.lower(), strict=True):
            correct = item.question.correct_ids
            wrong = [a.id for a in item.question.answers if a.id not in correct]
            if mark == "c":
                item.selected = list(correct)
            elif mark == "w":
                item.selected = wrong[:1] if item.question.type == "R" else correct[:1] + wrong[:1]
            elif mark == "e":
                item.essay_text = (
                    "<p>Water evaporates, condenses into clouds and falls as rain.</p>"
                )
            if mark != "-":
                item.duration = spent / len(answered)
        attempt.taken = spent
        attempt.last_started = attempt.answer_mark = begin + spent
        attempt.last_answer_at = begin + spent if answered else None
        attempt.state = RUNNING if pattern.isupper() else COMPLETED
        return attempt


def _json_body(request: httpx.Request) -> Body:
    if not request.content:
        return {}
    try:
        body = json.loads(request.content)
    except ValueError as exc:
        raise _error(400, f"JSON parse error - {exc}") from None
    if not isinstance(body, dict):
        raise _error(400, "Invalid data. Expected a dictionary.")
    return body


def _day(epoch: float) -> date:
    return datetime.fromtimestamp(epoch, tz=timezone.utc).date()


def _date_param(params: httpx.QueryParams, key: str, errors: dict[str, list[str]]) -> date | None:
    raw = params.get(key)
    if raw is None:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        errors[key] = ["Enter a valid date."]
        return None


# The seeded exams, one question a line: type | subject | question | answers | explanation,
# the answers separated by ";" with the correct ones marked "*".
_SAMPLE_EXAM = """
R | Algebra | If 2x + 3 = 11, what is x? | 3; *4; 5; 7 | 2x = 8, so x = 4.
R | Algebra | The roots of x<sup>2</sup> - 5x + 6 = 0 are | *2 and 3; 1 and 6; -2 and -3; \
3 and 4 | x<sup>2</sup> - 5x + 6 = (x - 2)(x - 3).
C | Algebra | Which of these are prime numbers? | *2; 9; *11; 15 | 9 and 15 have the factor 3.
R | Geometry | The interior angles of a triangle add up to | 90&deg;; *180&deg;; 270&deg;; \
360&deg; | The angle sum of any triangle is 180&deg;.
R | Geometry | The area of a circle of radius 3 cm is | 6&pi; cm&sup2;; *9&pi; cm&sup2;; \
3&pi; cm&sup2;; 12&pi; cm&sup2; | &pi;r&sup2; = 9&pi; cm&sup2;.
C | Geometry | Which quadrilaterals always have four equal sides? | *Square; *Rhombus; \
Rectangle; Trapezium | A rectangle's adjacent sides may differ.
R | Physics | The SI unit of force is the | joule; *newton; watt; pascal | 1 N = 1 kg m/s&sup2;.
R | Physics | Near the Earth's surface, g is about | *9.8 m/s<sup>2</sup>; 1.6 m/s<sup>2</sup>; \
98 m/s<sup>2</sup>; 0.98 m/s<sup>2</sup> | 1.6 m/s<sup>2</sup> is the Moon's.
C | Physics | Which of these are vector quantities? | *Velocity; Speed; *Force; Mass | \
Velocity and force have a direction; speed and mass do not.
R | General Knowledge | Which planet is known as the Red Planet? | Venus; *Mars; Jupiter; Mercury \
| Iron oxide on its surface makes Mars look red.
R | General Knowledge | The largest ocean on Earth is the | Atlantic; Indian; *Pacific; Arctic | \
The Pacific covers about a third of the Earth's surface.
C | General Knowledge | Which of these are noble gases? | *Helium; Nitrogen; *Neon; Oxygen | \
Helium and neon are in group 18.
"""
_APTITUDE = """
R | Quantitative Aptitude | A train covers 120 km in 2 hours. Its average speed is | 40 km/h; \
*60 km/h; 80 km/h; 240 km/h | 120 / 2 = 60.
R | Quantitative Aptitude | What is 15% of 200? | 15; 20; *30; 45 | 0.15 x 200 = 30.
R | Logical Reasoning | Next in the series: 2, 4, 8, 16, ... | 18; 24; *32; 64 | Each term doubles.
C | Logical Reasoning | Which words are anagrams of LISTEN? | *SILENT; *ENLIST; LINENS; *TINSEL | \
LINENS has two Ns.
R | Quantitative Aptitude | The average of 4, 8 and 12 is | 6; *8; 10; 12 | 24 / 3 = 8.
"""
_PHYSICS_MOCK = """
R | Physics | The speed of light in vacuum is about | *3 x 10<sup>8</sup> m/s; \
3 x 10<sup>6</sup> m/s; 3 x 10<sup>4</sup> km/s; 340 m/s | c = 299 792 458 m/s.
R | Physics | Ohm's law states that | *V = IR; P = VI; F = ma; E = mc<sup>2</sup> | \
The current through a conductor is proportional to the voltage across it.
R | Physics | The unit of frequency is the | *hertz; tesla; henry; farad | 1 Hz = 1/s.
C | Physics | Which of these are forms of energy? | *Kinetic; *Potential; Momentum; *Thermal | \
Momentum is not a form of energy.
"""
_GK_QUIZ = """
R | General Knowledge | Who wrote Romeo and Juliet? | Charles Dickens; *William Shakespeare; \
Jane Austen; Mark Twain | Shakespeare wrote it around 1595.
R | General Knowledge | How many continents are there? | 5; 6; *7; 8 | \
Africa, Antarctica, Asia, Australia, Europe, North and South America.
E | General Knowledge | In about 150 words, describe the water cycle. |  | \
Evaporation, condensation, precipitation and collection.
"""
_PARENTS = {"Algebra": "Mathematics", "Geometry": "Mathematics"}
_DIRECTIONS = {
    "R": "<p>Choose the correct option.</p>",
    "C": "<p>More than one option may be correct: select all that apply.</p>",
}
_MARKS = {"R": ("1.00", "0.25"), "C": ("2.00", "0.50"), "E": ("5.00", "0.00")}
_DIFFICULTY = {"R": "easy", "C": "hard", "E": "medium"}


def _questions(fake: FakeTestpress, table: str) -> list[_Question]:
    made = []
    for line in table.strip().splitlines():
        kind, subject, text, answers, explanation = (part.strip() for part in line.split(" | "))
        marks, negative = _MARKS[kind]
        made.append(
            fake._question(
                kind,
                f"<p>{text}</p>",
                fake._subject(subject, parent=_PARENTS.get(subject)),
                [(a.strip().lstrip("*"), a.strip()[:1] == "*") for a in answers.split(";") if a],
                explanation=f"<p>{explanation}</p>",
                marks=marks,
                negative=negative,
                direction=_DIRECTIONS.get(kind),
                difficulty=_DIFFICULTY[kind],
            )
        )
    return made


def _seed(fake: FakeTestpress) -> None:
    """Realistic data: four exams, a second student and a few past attempts."""
    fake._add_user("priya", "priya-password", "fake-testpress-token-priya", "Priya", "Sharma")
    fake._exam(
        "sample-exam",
        "Sample Exam",
        "Foundations",
        _questions(fake, _SAMPLE_EXAM),
        description="<p>Mathematics, physics and general knowledge.</p>",
        duration=3600,
        negative_marks=Decimal("0.25"),
        variable_mark_per_question=True,
        max_retakes=-1,
        enable_ranks=True,
        pass_percentage=40,
    )
    fake._exam(
        "aptitude-practice",
        "Aptitude Practice Test",
        "Foundations",
        _questions(fake, _APTITUDE),
        duration=1800,
        template_type=2,
    )
    fake._exam(
        "physics-mock-1",
        "Physics Mock Test 1",
        "Science",
        _questions(fake, _PHYSICS_MOCK),
        duration=7200,
        mark_per_question=Decimal("4.00"),
        negative_marks=Decimal("1.00"),
        allow_retake=False,
        enable_ranks=True,
        pass_percentage=50,
    )
    fake._exam(
        "general-knowledge-quiz",
        "General Knowledge Quiz",
        "General Studies",
        _questions(fake, _GK_QUIZ),
        duration=0,
        max_retakes=1,
        variable_mark_per_question=True,
    )
    for exam, user, started, minutes, pattern in (
        ("aptitude-practice", "demouser", datetime(2024, 2, 10, 9, 15), 14.5, "ccwc-"),
        ("physics-mock-1", "demouser", datetime(2024, 2, 20, 10, 0), 65, "cwc-"),
        ("physics-mock-1", "priya", datetime(2024, 2, 21, 11, 0), 58, "cccw"),
        ("sample-exam", "priya", datetime(2024, 3, 1, 8, 30), 41, "ccwccc-wccwc"),
        ("general-knowledge-quiz", "priya", datetime(2024, 3, 2, 7, 0), 6, "cwe"),
        ("aptitude-practice", "priya", datetime(2024, 3, 5, 12, 0), 7, "CC---"),
    ):
        fake._past_attempt(exam, user, started.replace(tzinfo=timezone.utc), minutes, pattern)
