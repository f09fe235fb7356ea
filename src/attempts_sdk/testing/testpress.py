"""`FakeTestpress`: the Testpress student API v2.2, the admin API v2.5 and v3, and the exam
webhook, in memory.

One request handler (`FakeTestpress.route`) over an in-memory store of users, exams,
questions, attempts and course content; the base class adds call recording, fault injection,
latency, the httpx transport and the real HTTP server. The pieces live in modules of their own:

* ``_testpress_store``: the store, how it is built, and the rules (time, scores, ranks);
* ``_testpress_data``: the seed data;
* ``_testpress_bodies``: the response bodies, shaped like the documented examples (DRF page
  envelopes with absolute ``next``/``previous`` links, which honour ``page_size``);
* ``_testpress_api`` / ``_testpress_v3``: the request handlers and their state rules;
* ``_testpress_webhooks``: the delivery of signed exam events (`send_webhooks`).
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

import httpx

from ._base import FakeAPI, json_response
from ._testpress_records import DEFAULT_START, Reply, json_body
from ._testpress_v3 import AdminV3API

if TYPE_CHECKING:
    from ._testpress_webhooks import WebhookSender

__all__ = ["FakeTestpress"]

Handler = Callable[[httpx.Request, re.Match[str]], httpx.Response]

LOGIN = re.compile(r"/api/v2\.[25]/auth-token/")


class FakeTestpress(AdminV3API, FakeAPI):
    """An in-memory Testpress: every endpoint of `TestpressClient`, with its state rules.

    Args:
        token: the main student's JWT (``Authorization: JWT <token>``).
        admin_token: the admin user's JWT, for ``client.admin``.
        per_page: the page size of every list (small values force many pages); a request's
            ``page_size`` overrides it, up to 1000.
        seed: add realistic exams (among them ``"sample-exam"``), a second student, a few
            past attempts and course content (videos, notes, live classes) with attempts.
            Without it, only the main student and the admin exist.
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
        FakeAPI.__init__(self, credential=token)
        AdminV3API.__init__(self)
        self.token = token
        self.admin_token = admin_token
        self.per_page = per_page
        self.clock = clock
        self.username = "demouser"
        self.password = "demo-password"
        self._webhooks: WebhookSender | None = None
        self._routes = self._route_table()
        self._add_user("admin", "admin-password", admin_token, "Institute", "Admin", admin=True)
        self._add_user(self.username, self.password, token, "Demo", "User")
        if seed:
            self._seed()

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
        start_date: datetime = DEFAULT_START,
        end_date: datetime | None = None,
    ) -> int:
        """Add an exam of ``questions`` single-choice arithmetic questions (one mark each, no
        negative marks; ``duration`` zero means no time limit); returns its id. It opens at
        ``start_date`` (timezone-aware; until then it is "upcoming") and closes at
        ``end_date``, if given."""
        if start_date.utcoffset() is None or (end_date and end_date.utcoffset() is None):
            raise ValueError("start_date and end_date must be timezone-aware")
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
                start_date=start_date,
                end_date=end_date,
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

    def send_webhooks(self, url: str, *, private_key: str, public_key: str) -> WebhookSender:
        """From now on, POST a signed exam event to ``url`` when an attempt starts (is
        created) and when it ends (the end endpoint, or its time is up), as Testpress's exam
        webhook does. Replaces an earlier `send_webhooks`.

        Events are POSTed in order from a thread of their own: the returned `WebhookSender`
        has ``wait(timeout)`` (until everything so far is delivered), ``delivered`` (bodies and
        HTTP statuses) and ``failures``. `stop_webhooks` stops it.
        """
        from ._testpress_webhooks import WebhookSender  # here: most tests send none

        sender = WebhookSender(url, private_key=private_key, public_key=public_key)
        with self._lock:
            previous, self._webhooks = self._webhooks, sender
        if previous is not None:
            previous.close()
        return sender

    def stop_webhooks(self) -> None:
        """Stop sending webhooks (events not yet delivered are dropped)."""
        with self._lock:
            sender, self._webhooks = self._webhooks, None
        if sender is not None:
            sender.close()

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
        except Reply as reply:
            return reply.response

    # --- routing

    def _route_table(self) -> list[tuple[re.Pattern[str], dict[str, Handler]]]:
        attempt = r"/api/v2\.2/attempts/(?P<attempt_id>\d+)"
        exam = r"/api/v2\.2/exams/(?P<slug>[-\w]+)"
        table: list[tuple[str, dict[str, Handler]]] = [
            (LOGIN.pattern, {"POST": self._login}),
            (r"/api/v2\.2/exams/", {"GET": self._list_exams}),
            (exam + "/", {"GET": self._get_exam}),
            (exam + "/attempts/", {"GET": self._exam_attempts, "POST": self._create}),
            (r"/api/v2\.2/attempts/", {"GET": self._list_attempts}),
            (attempt + "/", {"GET": self._get_attempt}),
            (attempt + "/start/", {"PUT": self._start}),
            (attempt + "/heartbeat/", {"PUT": self._heartbeat}),
            (attempt + "/end/", {"PUT": self._end}),
            (attempt + "/questions/", {"GET": self._questions_list}),
            (attempt + r"/questions/(?P<item_id>\d+)/", {"PUT": self._update_question}),
            (attempt + "/review/", {"GET": self._review}),
            (attempt + "/review/subjects/", {"GET": self._review_subjects}),
            (r"/api/v2\.5/admin/attempts/", {"GET": self._admin_list}),
            (r"/api/v2\.5/admin/attempts/(?P<attempt_id>\d+)/", {"GET": self._admin_get}),
            (
                r"/api/v3/admin/attempts/(?P<attempt_id>\d+)/user_answers/",
                {"GET": self._admin_answers},
            ),
            (r"/api/v3/admin/chapter-content-attempts/", {"GET": self._admin_content}),
        ]
        return [(re.compile(pattern), handlers) for pattern, handlers in table]

    def _find(self, path: str) -> tuple[dict[str, Handler], re.Match[str]] | None:
        for pattern, handlers in self._routes:
            match = pattern.fullmatch(path)
            if match is not None:
                return handlers, match
        return None

    def _login(self, request: httpx.Request, match: re.Match[str]) -> httpx.Response:
        body = json_body(request)
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
