"""`FakeThoughtIndustries`: an in-memory Thought Industries REST API (assessment attempts and
the quiz-attempt event feed).

``GET /incoming/v2/assessmentAttempts`` with ``Authorization: Bearer <api_key>``, answered in
the endpoint page's nested envelope (``data.AssessmentAttempts.pageInfo``), or, with
``envelope="flat"``, in the generic pagination page's ``{"data": [...], "meta": {...}}``, or,
with ``envelope="top_level"``, in the ``{"assessmentAttempts": [...], "pageInfo": {"hasMore",
"cursor"}}`` that production extractors read. Cursors are opaque keyset positions (after the
last attempt served, by ``createdAt`` then id), so a walk is not thrown off by attempts added
meanwhile. Filters: ``startDate`` / ``endDate`` (inclusive, on ``createdAt``), ``courseId``,
``userId`` (uuids), ``perPage`` (1 to 100, default 25), and ``page`` (offset-based, when no
cursor is sent).

``GET /incoming/v2/events/quizAttempt``: the events of the stored attempts (``started`` when an
attempt is created, ``completed`` once it is submitted), latest first, ``events_page_size`` (100)
a page, in the feed page's ``data.APIEvents`` envelope or, with ``events_envelope="top_level"``,
the pagination page's ``{"pageInfo": {"cursor", "hasMore"}, "events": [...]}``. Filters:
``startDate`` / ``endDate`` (inclusive, on ``timestamp``), ``userId``, ``notifiableId`` (the
attempt), ``kind``. Thought Industries documents no event field: the fake's events carry those
of its other event feeds.

Dates are accepted in both forms Thought Industries documents: ISO 8601, or Unix milliseconds.
Every routed response carries ``X-RateLimit-Limit`` / ``-Remaining`` / ``-Reset`` (Standard
plan: 120 per minute); the fake reports the budget but does not enforce it: inject a 429 with
``fail_next(status=429)``, whose body is the documented
``{"error": "rate_limit_exceeded", "message": "...", "retryAfter": N}``. Other errors are
``{"error": "<code>", "message": "..."}``.
"""

from __future__ import annotations

import base64
import binascii
import copy
import math
import random
import time
import uuid
from datetime import datetime, timedelta, timezone
from typing import Any, ClassVar, Literal

import httpx

from ._base import FakeAPI, json_response
from ._thoughtindustries_data import COURSES, ERROR_CODES, USERS
from ._thoughtindustries_records import (
    has_essay,
    make_attempt,
    make_course,
    make_user,
    public,
    quiz_events,
)

__all__ = ["FakeThoughtIndustries"]

ATTEMPTS_PATH = "/incoming/v2/assessmentAttempts"
EVENTS_PATH = "/incoming/v2/events/quizAttempt"
MAX_PER_PAGE = 100
DEFAULT_PER_PAGE = 25
EVENTS_PER_PAGE = 100  # "only returns 100 records per request" (a production extractor's notes)
RATE_LIMIT = 120
UTC = timezone.utc
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


class _BadRequest(Exception):
    """A query the API refuses with 400."""


def _parse_stamp(text: str) -> datetime:
    """An ISO 8601 date or timestamp (a plain date is midnight UTC, a naive time is UTC), or
    Unix milliseconds: Thought Industries documents both forms for its date parameters."""
    if text.isascii() and text.isdigit() and len(text) <= 15:
        return _EPOCH + timedelta(milliseconds=int(text))
    moment = datetime.fromisoformat(text[:-1] + "+00:00" if text.endswith("Z") else text)
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _seconds(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


class FakeThoughtIndustries(FakeAPI):
    """An in-memory Thought Industries instance, seeded with 4 courses, 8 learners and 30
    assessment attempts (and their quiz-attempt events).

    Args:
        api_key: the API key the fake accepts (``Authorization: Bearer <api_key>``).
        page_size: attempts per page when a request sends no ``perPage`` (documented: 25).
        envelope: the attempts' envelope: ``"nested"`` (the endpoint page's), ``"flat"`` (the
            pagination page's) or ``"top_level"`` (what production extractors read).
        events_envelope: the quiz-attempt events' envelope: ``"nested"`` (the feed page's
            ``data.APIEvents``) or ``"top_level"`` (the pagination page's).
        events_page_size: events per page.
        seed: start with the seeded attempts (False: no attempts; courses and users stay).

    Attributes:
        rate_limit_retry_after: the ``retryAfter`` of an injected 429 when ``fail_next`` gave
            no ``retry_after`` (the documented example's 32 seconds).
    """

    provider: ClassVar[str] = "thoughtindustries"
    auth_scheme: ClassVar[str] = "Bearer"
    default_host: ClassVar[str] = "acme.thoughtindustries.com"

    def __init__(
        self,
        *,
        api_key: str = "ti_test_5c0f3e9a2b7d4c61a8e0",
        page_size: int = DEFAULT_PER_PAGE,
        envelope: Literal["nested", "flat", "top_level"] = "nested",
        events_envelope: Literal["nested", "top_level"] = "nested",
        events_page_size: int = EVENTS_PER_PAGE,
        seed: bool = True,
    ) -> None:
        if not 1 <= page_size <= MAX_PER_PAGE:
            raise ValueError(f"page_size must be between 1 and {MAX_PER_PAGE}")
        if envelope not in ("nested", "flat", "top_level"):
            raise ValueError('envelope must be "nested", "flat" or "top_level"')
        if events_envelope not in ("nested", "top_level"):
            raise ValueError('events_envelope must be "nested" or "top_level"')
        if events_page_size < 1:
            raise ValueError("events_page_size must be at least 1")
        super().__init__(credential=api_key)
        self.page_size = page_size
        self.envelope = envelope
        self.events_envelope = events_envelope
        self.events_page_size = events_page_size
        self.rate_limit_retry_after: float = 32
        self._rng = random.Random(3003)
        self._window_reset = 0
        self._window_count = 0
        self._next_created = datetime(2024, 3, 4, 8, 15, 12, tzinfo=UTC)
        self.courses: list[dict[str, Any]] = [
            make_course(self._rng, title, topics) for title, topics in COURSES.items()
        ]
        self.users: list[dict[str, Any]] = [make_user(self._rng, *spec) for spec in USERS]
        self._attempts: list[dict[str, Any]] = []
        if seed:
            for _ in range(30):
                self.add_attempt()

    @property
    def api_key(self) -> str:
        """The API key the fake accepts."""
        return self._credential

    @property
    def attempts(self) -> list[dict[str, Any]]:
        """Copies of every stored attempt, in the order the API serves them."""
        with self._lock:
            return copy.deepcopy(self._ordered())

    @property
    def events(self) -> list[dict[str, Any]]:
        """Every quiz-attempt event of the stored attempts, latest first, as served."""
        with self._lock:
            return self._events()

    def add_attempt(
        self,
        *,
        course: dict[str, Any] | None = None,
        user: dict[str, Any] | None = None,
        created_at: datetime | None = None,
        status: str | None = None,
        **fields: Any,
    ) -> dict[str, Any]:
        """Store one assessment attempt and return a copy of it (its events follow from it).

        Args:
            course / user: one of ``fake.courses`` / ``fake.users`` (random when None).
            created_at: when the attempt started (timezone-aware; default: after the last one).
            status: ``"finished"``, ``"started"`` or ``"pending"`` (random when None).
            **fields: wire keys (camelCase) replacing the generated values.
        """
        with self._lock:
            rng = self._rng
            course = course if course is not None else rng.choice(self.courses)
            user = user if user is not None else rng.choice(self.users)
            if created_at is None:
                created_at = self._next_created
                self._next_created += timedelta(
                    hours=rng.randint(2, 40), minutes=rng.randint(1, 59)
                )
            if status is None:
                roll = rng.random()
                status = "started" if roll < 0.15 else "pending" if roll < 0.3 else "finished"
            topics = course["_topics"]
            if status == "pending":  # waiting for an instructor to grade an essay
                topics = [t for t in topics if has_essay(t)] or topics
            topic = rng.choice(topics)
            if status == "pending" and not has_essay(topic):
                status = "finished"
            attempt = make_attempt(rng, course, user, topic, created_at, status)
            attempt.update(fields)
            self._attempts.append(attempt)
            return copy.deepcopy(attempt)

    def _ordered(self) -> list[dict[str, Any]]:
        return sorted(self._attempts, key=_position)

    def _events(self) -> list[dict[str, Any]]:
        events = [event for attempt in self._attempts for event in quiz_events(attempt)]
        return sorted(events, key=_event_position, reverse=True)

    # --- the API

    def route(self, request: httpx.Request, path: str) -> httpx.Response:
        page = {ATTEMPTS_PATH: self._attempts_page, EVENTS_PATH: self._events_page}.get(
            path.rstrip("/")
        )
        if page is None:
            response = self.not_found()
        elif request.method != "GET":
            response = json_response(self.error_body(405, "Method not allowed."), 405)
        else:
            try:
                response = json_response(page(request.url.params))
            except _BadRequest as exc:
                response = json_response(self.error_body(400, str(exc)), 400)
        response.headers.update(self._rate_limit_headers())
        return response

    def _attempts_page(self, params: httpx.QueryParams) -> dict[str, Any]:
        per_page = _int_param(params, "perPage", self.page_size)
        if not 1 <= per_page <= MAX_PER_PAGE:
            raise _BadRequest(f"perPage must be between 1 and {MAX_PER_PAGE}.")
        start, end = (_date_param(params, name) for name in ("startDate", "endDate"))
        course_id, user_id = (_uuid_param(params, name) for name in ("courseId", "userId"))
        selected = [
            attempt
            for attempt in self._ordered()
            if (start is None or _position(attempt)[0] >= start)
            and (end is None or _position(attempt)[0] <= end)
            and (course_id is None or attempt["courseId"] == course_id)
            and (user_id is None or attempt["user"]["id"] == user_id)
        ]
        cursor = params.get("cursor")
        if cursor is not None:
            after = _decode_cursor(cursor)
            offset = sum(1 for attempt in selected if _position(attempt) <= after)
        else:
            offset = (_int_param(params, "page", 1) - 1) * per_page
            if offset < 0:
                raise _BadRequest("page must be at least 1.")
        items = selected[offset : offset + per_page]
        has_more = offset + per_page < len(selected)
        next_cursor = _encode_cursor(*_position(items[-1])) if has_more and items else None
        served = [public(attempt) for attempt in items]
        if self.envelope == "flat":
            meta = {
                "page": offset // per_page + 1,
                "perPage": per_page,
                "totalCount": len(selected),
                "totalPages": math.ceil(len(selected) / per_page),
                "nextCursor": next_cursor,
            }
            return {"data": served, "meta": meta}
        if self.envelope == "top_level":
            flat_info = {"hasMore": next_cursor is not None, "cursor": next_cursor}
            return {"assessmentAttempts": served, "pageInfo": flat_info}
        info: dict[str, Any] = {
            "perPage": per_page,
            "cursor": next_cursor,
            "total": len(selected),
            "hasMore": next_cursor is not None,
        }
        return {"data": {"AssessmentAttempts": {"pageInfo": info, "assessmentAttempts": served}}}

    def _events_page(self, params: httpx.QueryParams) -> dict[str, Any]:
        start, end = (_date_param(params, name) for name in ("startDate", "endDate"))
        user_id, about = (_uuid_param(params, name) for name in ("userId", "notifiableId"))
        kind = params.get("kind")
        selected = [
            event
            for event in self._events()
            if (start is None or _event_position(event)[0] >= start)
            and (end is None or _event_position(event)[0] <= end)
            and (user_id is None or event["userDetail"]["id"] == user_id)
            and (about is None or event["notifiableId"] == about)
            and (kind is None or event["kind"] == kind)
        ]
        cursor = params.get("cursor")
        offset = 0
        if cursor is not None:  # latest first: the events older than the last one served
            after = _decode_cursor(cursor)
            offset = sum(1 for event in selected if _event_position(event) >= after)
        size = self.events_page_size
        items = selected[offset : offset + size]
        has_more = offset + size < len(selected)
        next_cursor = _encode_cursor(*_event_position(items[-1])) if has_more and items else None
        if self.events_envelope == "top_level":
            return {"pageInfo": {"cursor": next_cursor, "hasMore": has_more}, "events": items}
        info = {"perPage": size, "cursor": next_cursor, "total": len(selected), "hasMore": has_more}
        return {"data": {"APIEvents": {"pageInfo": info, "events": items}}}

    def _rate_limit_headers(self) -> dict[str, str]:
        now = time.time()
        if now >= self._window_reset:
            self._window_reset = int(now) + 60
            self._window_count = 0
        self._window_count += 1
        return {
            "X-RateLimit-Limit": str(RATE_LIMIT),
            "X-RateLimit-Remaining": str(max(RATE_LIMIT - self._window_count, 0)),
            "X-RateLimit-Reset": str(self._window_reset),
        }

    # --- errors

    def fault_response(self, status: int, retry_after: float | None) -> httpx.Response:
        """An injected 429 says ``retryAfter`` in its body too: ``retry_after`` (also sent as
        the ``Retry-After`` header) or, when None, no header and `rate_limit_retry_after`."""
        if status != 429:
            return super().fault_response(status, retry_after)
        headers = {"Retry-After": f"{retry_after:g}"} if retry_after is not None else None
        body = self._rate_limit_body(retry_after)
        return json_response(body, 429, headers)

    def _rate_limit_body(self, retry_after: float | None) -> dict[str, Any]:
        seconds = _seconds(retry_after if retry_after is not None else self.rate_limit_retry_after)
        return {
            "error": "rate_limit_exceeded",
            "message": f"Rate limit exceeded. Retry after {seconds} seconds.",
            "retryAfter": seconds,
        }

    def error_body(self, status: int, message: str) -> Any:
        """``{"error": "<code>", "message": "..."}``; a 429 adds ``retryAfter``."""
        if status == 429:
            return self._rate_limit_body(None)
        if status == 401:
            message = "Invalid or missing API key."
        return {"error": ERROR_CODES.get(status, f"http_{status}"), "message": message}


def _position(attempt: dict[str, Any]) -> tuple[datetime, str]:
    return _parse_stamp(attempt["createdAt"]), str(attempt["id"])


def _event_position(event: dict[str, Any]) -> tuple[datetime, str]:
    return _parse_stamp(event["timestamp"]), str(event["id"])


def _encode_cursor(moment: datetime, record_id: str) -> str:
    raw = f"{moment.isoformat()}|{record_id}".encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _decode_cursor(cursor: str) -> tuple[datetime, str]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        created, record_id = raw.split("|")
        moment = datetime.fromisoformat(created)
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise _BadRequest("Invalid cursor.") from None
    if moment.tzinfo is None:
        raise _BadRequest("Invalid cursor.")
    return moment, record_id


def _int_param(params: httpx.QueryParams, name: str, default: int) -> int:
    text = params.get(name)
    if text is None:
        return default
    try:
        return int(text)
    except ValueError:
        raise _BadRequest(f"{name} must be an integer.") from None


def _date_param(params: httpx.QueryParams, name: str) -> datetime | None:
    text = params.get(name)
    if text is None:
        return None
    try:
        return _parse_stamp(text)
    except (ValueError, OverflowError):
        raise _BadRequest(f"{name} must be an ISO 8601 date or Unix milliseconds.") from None


def _uuid_param(params: httpx.QueryParams, name: str) -> str | None:
    text = params.get(name)
    if text is None:
        return None
    try:
        return str(uuid.UUID(text))
    except ValueError:
        raise _BadRequest(f"{name} must be a valid uuid.") from None
