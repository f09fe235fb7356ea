"""`FakeTestpress`'s request handlers for the student API v2.2 and the admin API v2.5.

Rules, as the real API documents them: an attempt is created Running; ``start`` resumes it and
``heartbeat`` keeps its timer (``time_taken += now - last_started_time``); ``end`` completes
and scores it (also done by any touch once its time is up); questions and answers are refused
once Completed, review and subject analytics until then; another user's attempt is a 403; an
exam that has not started (or has ended) is a 403; admin endpoints need an admin's token.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from datetime import datetime, timezone
from typing import TYPE_CHECKING

import httpx

from ._base import FakeAPI, json_response
from ._testpress_bodies import Bodies
from ._testpress_records import (
    COMPLETED,
    RUNNING,
    Attempt,
    Body,
    Exam,
    User,
    date_param,
    day,
    error,
    json_body,
    money,
)

if TYPE_CHECKING:
    from ._testpress_webhooks import WebhookSender

ADMIN_STATES = {"0": RUNNING, "1": COMPLETED, "3": "Not Started"}
EXAM_STATES = ("available", "upcoming", "history")
MAX_PAGE_SIZE = 1000  # what ``page_size`` may ask for; more is capped, as DRF does
FORBIDDEN = "You do not have permission to perform this action."
ALREADY_COMPLETED = "This attempt has already been completed."
NOT_COMPLETED = "This attempt is not completed yet; review is available once it ends."
NOT_AVAILABLE = "This exam is not available."


class StudentAPI(Bodies):
    """The student and admin v2.5 handlers: ``handler(request, match) -> response``."""

    per_page: int
    clock: Callable[[], float]
    _webhooks: WebhookSender | None

    # --- who is asking, and pages

    def _caller(self, request: httpx.Request) -> User | None:
        scheme, _, token = request.headers.get("Authorization", "").partition(" ")
        if scheme != "JWT" or not token:
            return None
        return self._tokens.get(token.strip())

    def _user(self, request: httpx.Request) -> User:
        user = self._caller(request)
        if user is None:  # authorized() let it through, so this is a public route
            raise error(401, "Authentication credentials were not provided.")
        return user

    def _attempt(self, request: httpx.Request, match: re.Match[str]) -> Attempt:
        attempt = self._attempts.get(int(match["attempt_id"]))
        if attempt is None:
            raise error(404, "Not found.")
        if attempt.user is not self._user(request):
            raise error(403, FORBIDDEN)
        return attempt

    def _admin(self, request: httpx.Request) -> None:
        if not self._user(request).is_admin:
            raise error(403, FORBIDDEN)

    def _page_size(self, request: httpx.Request) -> int:
        """``page_size`` when the request asks for one (capped), else the fake's page size."""
        raw = request.url.params.get("page_size", "")
        if raw.isascii() and raw.isdigit() and int(raw) >= 1:
            return min(int(raw), MAX_PAGE_SIZE)
        return self.per_page

    def _page(
        self,
        request: httpx.Request,
        items: Sequence[Body],
        wrap: Callable[[list[Body]], Body] | None = None,
    ) -> httpx.Response:
        """A DRF page of ``items``; ``wrap`` turns the page's items into the ``results`` object
        of the admin v3 lists."""
        raw = request.url.params.get("page", "1")
        number = int(raw) if raw.isascii() and raw.isdigit() else 0
        size = self._page_size(request)
        last = max(1, math.ceil(len(items) / size))
        if not 1 <= number <= last:
            raise error(404, "Invalid page.")
        page = list(items[(number - 1) * size : number * size])
        return json_response(
            {
                "count": len(items),
                "next": self._page_link(request, number + 1) if number < last else None,
                "previous": self._page_link(request, number - 1) if number > 1 else None,
                "per_page": size,
                "results": page if wrap is None else wrap(page),
            }
        )

    def _page_link(self, request: httpx.Request, number: int) -> str:
        params = request.url.params
        params = params.set("page", str(number)) if number > 1 else params.remove("page")
        query = str(params)
        return f"{FakeAPI.origin(request)}{request.url.path}" + (f"?{query}" if query else "")

    # --- time

    def _run_clock(self, attempt: Attempt, now: float) -> None:
        """Count the time since ``last_started_time`` (a heartbeat, or the end)."""
        attempt.taken += max(now - attempt.last_started, 0.0)
        attempt.last_started = now
        if attempt.exam.duration and attempt.taken >= attempt.exam.duration:
            attempt.taken = float(attempt.exam.duration)
            self._complete(attempt, now)

    def _complete(self, attempt: Attempt, now: float) -> None:
        """The attempt ends (the end endpoint, or its time is up)."""
        if attempt.state != COMPLETED:
            attempt.state = COMPLETED
            attempt.ended = now
            self._notify(attempt)

    def _notify(self, attempt: Attempt) -> None:
        """An attempt started or ended: its exam webhook, when `send_webhooks` asked for it."""
        sender = self._webhooks
        if sender is not None:
            sender.send(self._exam_event_body(attempt, sender.public_key))

    # --- exams

    def _open(self, exam: Exam) -> bool:
        now = datetime.fromtimestamp(self.clock(), tz=timezone.utc)
        return exam.start_date <= now and (exam.end_date is None or now < exam.end_date)

    def _exam_for(self, match: re.Match[str]) -> Exam:
        exam = self._exams.get(match["slug"])
        if exam is None:
            raise error(404, "Not found.")
        return exam

    def _list_exams(self, request: httpx.Request, match: re.Match[str]) -> httpx.Response:
        user = self._user(request)
        params = request.url.params
        state, course, q = params.get("state"), params.get("course"), params.get("q")
        if state is not None and state not in EXAM_STATES:
            return json_response({"state": [f"Select a valid choice. {state} is not one."]}, 400)
        taken = {a.exam.id for a in self._attempts.values() if a.user is user}
        now = datetime.fromtimestamp(self.clock(), tz=timezone.utc)
        exams = [
            exam
            for exam in sorted(self._exams.values(), key=lambda e: e.id)
            if (not course or exam.course.lower() == course.lower())
            and (not q or q.lower() in exam.title.lower())
            and (
                state is None
                or (state == "upcoming" and exam.start_date > now)
                or (state == "history" and exam.id in taken)
                or (state == "available" and self._open(exam) and exam.id not in taken)
            )
        ]
        origin = FakeAPI.origin(request)
        return self._page(request, [self._exam_body(e, origin, "list") for e in exams])

    def _get_exam(self, request: httpx.Request, match: re.Match[str]) -> httpx.Response:
        user = self._user(request)
        exam = self._exam_for(match)
        if not self._open(exam):
            raise error(403, NOT_AVAILABLE)
        return json_response(self._exam_body(exam, FakeAPI.origin(request), "detail", user))

    # --- attempts

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
        origin = FakeAPI.origin(request)
        return self._page(request, [self._attempt_body(a, origin, "list") for a in attempts])

    def _exam_attempts(self, request: httpx.Request, match: re.Match[str]) -> httpx.Response:
        user = self._user(request)
        exam = self._exam_for(match)
        attempts = self._newest_first(
            a for a in self._attempts.values() if a.user is user and a.exam is exam
        )
        origin = FakeAPI.origin(request)
        return self._page(request, [self._attempt_body(a, origin, "exam") for a in attempts])

    def _create(self, request: httpx.Request, match: re.Match[str]) -> httpx.Response:
        user = self._user(request)
        exam = self._exam_for(match)
        if not self._open(exam):
            raise error(403, NOT_AVAILABLE)
        taken = sum(1 for a in self._attempts.values() if a.user is user and a.exam is exam)
        if taken and not exam.allow_retake:
            raise error(400, "This exam does not allow retakes.")
        if taken and exam.max_retakes is not None and 0 <= exam.max_retakes < taken:
            raise error(400, "You have used all the retakes this exam allows.")
        attempt = self._new_attempt(exam, user, self.clock())
        self._notify(attempt)
        return json_response(self._attempt_body(attempt, FakeAPI.origin(request), "full"), 201)

    def _get_attempt(self, request: httpx.Request, match: re.Match[str]) -> httpx.Response:
        attempt = self._attempt(request, match)
        return json_response(self._attempt_body(attempt, FakeAPI.origin(request), "detail"))

    def _start(self, request: httpx.Request, match: re.Match[str]) -> httpx.Response:
        attempt = self._attempt(request, match)
        now = self.clock()
        if attempt.state == RUNNING and attempt.exam.duration and attempt.remaining() <= 0:
            self._complete(attempt, now)
        if attempt.state != RUNNING:
            raise error(400, ALREADY_COMPLETED)
        attempt.last_started = attempt.answer_mark = now  # the paused time is not counted
        return json_response(self._attempt_body(attempt, FakeAPI.origin(request), "detail"))

    def _heartbeat(self, request: httpx.Request, match: re.Match[str]) -> httpx.Response:
        attempt = self._attempt(request, match)
        if attempt.state != RUNNING:
            raise error(400, ALREADY_COMPLETED)
        self._run_clock(attempt, self.clock())
        return json_response(self._attempt_body(attempt, FakeAPI.origin(request), "full"))

    def _end(self, request: httpx.Request, match: re.Match[str]) -> httpx.Response:
        attempt = self._attempt(request, match)
        if attempt.state == RUNNING:
            now = self.clock()
            self._run_clock(attempt, now)
            self._complete(attempt, now)
        return json_response(self._attempt_body(attempt, FakeAPI.origin(request), "detail"))

    def _running(self, request: httpx.Request, match: re.Match[str]) -> Attempt:
        attempt = self._attempt(request, match)
        if attempt.state == RUNNING and attempt.exam.duration:
            now = self.clock()
            if attempt.taken + now - attempt.last_started >= attempt.exam.duration:
                attempt.taken = float(attempt.exam.duration)  # time is up: it ends itself
                self._complete(attempt, now)
        if attempt.state != RUNNING:
            raise error(400, ALREADY_COMPLETED)
        return attempt

    def _completed(self, request: httpx.Request, match: re.Match[str]) -> Attempt:
        attempt = self._attempt(request, match)
        if attempt.state != COMPLETED:
            raise error(400, NOT_COMPLETED)
        return attempt

    def _questions_list(self, request: httpx.Request, match: re.Match[str]) -> httpx.Response:
        attempt = self._running(request, match)
        origin = FakeAPI.origin(request)
        return self._page(request, [self._item_body(attempt, i, origin) for i in attempt.items])

    def _update_question(self, request: httpx.Request, match: re.Match[str]) -> httpx.Response:
        attempt = self._running(request, match)
        item = next((i for i in attempt.items if i.id == int(match["item_id"])), None)
        if item is None:
            raise error(404, "Not found.")
        body = json_body(request)
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
        return json_response(self._item_body(attempt, item, FakeAPI.origin(request)))

    def _review(self, request: httpx.Request, match: re.Match[str]) -> httpx.Response:
        attempt = self._completed(request, match)
        origin = FakeAPI.origin(request)
        return self._page(request, [self._review_body(attempt, i, origin) for i in attempt.items])

    def _review_subjects(self, request: httpx.Request, match: re.Match[str]) -> httpx.Response:
        attempt = self._completed(request, match)
        return self._page(
            request,
            [
                {
                    "id": subject.id,
                    "name": subject.name,
                    "total": tally.total,
                    "correct": tally.correct,
                    "unanswered": tally.unanswered,
                    "incorrect": tally.incorrect,
                    "parent": subject.parent,
                    "leaf": leaf,
                    "score": money(tally.score),
                }
                for subject, leaf, tally in self._subject_tallies(attempt)
            ],
        )

    # --- the admin API v2.5

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
        after, before = date_param(params, "date_0", errors), date_param(params, "date_1", errors)
        if after is not None:
            attempts = [a for a in attempts if day(a.date) >= after]
        if before is not None:
            attempts = [a for a in attempts if day(a.date) <= before]
        if errors:
            return json_response(errors, 400)
        attempts.sort(key=lambda a: a.id)
        # DRF sorts by each comma-separated field in turn: sort by the last one first
        for field in reversed(params.get("ordering", "-date").split(",")):
            attempts.sort(key=lambda a: a.sort_key(field.lstrip("-")), reverse=field[:1] == "-")
        origin = FakeAPI.origin(request)
        return self._page(request, [self._admin_body(a, origin, detail=False) for a in attempts])

    def _admin_get(self, request: httpx.Request, match: re.Match[str]) -> httpx.Response:
        self._admin(request)
        attempt = self._attempts.get(int(match["attempt_id"]))
        if attempt is None:
            raise error(404, "Not found.")
        return json_response(self._admin_body(attempt, FakeAPI.origin(request), detail=True))
