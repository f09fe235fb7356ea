"""`FakeThoughtIndustries`: an in-memory Thought Industries REST API (assessment attempts).

``GET /incoming/v2/assessmentAttempts`` with ``Authorization: Bearer <api_key>``, answered in
the endpoint page's nested envelope (``data.AssessmentAttempts.pageInfo``), or, with
``envelope="flat"``, in the generic pagination page's ``{"data": [...], "meta": {...}}``.
Cursors are opaque keyset positions (after the last attempt served, by ``createdAt`` then id),
so a walk is not thrown off by attempts added meanwhile. Filters: ``startDate`` / ``endDate``
(ISO 8601, inclusive, on ``createdAt``), ``courseId``, ``userId`` (uuids), ``perPage`` (1 to
100, default 25), and ``page`` (offset-based, when no cursor is sent).

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

from ..thoughtindustries.client import AsyncThoughtIndustriesClient, ThoughtIndustriesClient
from ._base import FakeAPI, iso_ms, json_response

__all__ = ["FakeThoughtIndustries"]

ATTEMPTS_PATH = "/incoming/v2/assessmentAttempts"
MAX_PER_PAGE = 100
DEFAULT_PER_PAGE = 25
RATE_LIMIT = 120
UTC = timezone.utc

_ERROR_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    422: "unprocessable_entity",
    429: "rate_limit_exceeded",
    500: "internal_server_error",
    502: "bad_gateway",
    503: "service_unavailable",
    504: "gateway_timeout",
}


# course title -> its assessments: (title, type, minPassingPercent, questions); a question is
# (body, choices with the right one first) or (body, None) for an essay.
Question = tuple[str, "list[str] | None"]
COURSES: dict[str, list[tuple[str, str, int, list[Question]]]] = {
    "Workplace Safety Fundamentals": [
        (
            "Hazard Identification Quiz",
            "quiz",
            80,
            [
                ("What should you do first when you spot a spill?", ["Mark it off", "Ignore it"]),
                ("Which sign warns of a chemical hazard?", ["A diamond", "A green circle"]),
                ("Who may clear a jammed machine?", ["Trained staff", "Anyone nearby"]),
            ],
        ),
        (
            "Final Exam: Workplace Safety",
            "test",
            75,
            [
                ("How often are fire extinguishers inspected?", ["Monthly", "Yearly", "Never"]),
                ("Where is first-aid equipment kept?", ["Marked stations", "In lockers"]),
                ("Describe how you would report a near miss.", None),
            ],
        ),
    ],
    "Data Privacy Essentials": [
        (
            "GDPR Basics Check",
            "quiz",
            70,
            [
                ("Which data is personal data?", ["An email address", "A room number"]),
                ("How fast must a breach be reported?", ["Within 72 hours", "Within a month"]),
                ("May you keep data longer than needed?", ["No", "Yes"]),
            ],
        ),
    ],
    "Customer Success Onboarding": [
        (
            "Onboarding Knowledge Check",
            "quiz",
            70,
            [
                ("What is the first onboarding call?", ["Kickoff", "Renewal", "Upsell"]),
                ("Which metric tracks adoption?", ["Weekly active users", "Invoice count"]),
            ],
        ),
        (
            "Customer Scenarios Assessment",
            "test",
            80,
            [
                ("A customer reports an outage: first step?", ["Acknowledge it", "Close it"]),
                ("What does NPS measure?", ["Loyalty", "Revenue", "Headcount"]),
                ("Write your reply to an unhappy customer.", None),
            ],
        ),
    ],
    "Advanced Excel for Analysts": [
        (
            "Formulas and Pivot Tables Test",
            "test",
            75,
            [
                ("Which function looks up a value?", ["XLOOKUP", "CONCAT", "NOW"]),
                ("What summarises data by category?", ["A pivot table", "A chart title"]),
                ("Explain when you would use INDEX/MATCH.", None),
            ],
        ),
    ],
}
# first name, last name, city, country
USERS = (
    ("Ana", "Ruiz", "Madrid", "ES"),
    ("Ben", "Okafor", "Lagos", "NG"),
    ("Chloe", "Martin", "Lyon", "FR"),
    ("Dev", "Patel", "Pune", "IN"),
    ("Emma", "Schulz", "Berlin", "DE"),
    ("Farah", "Haddad", "Toronto", "CA"),
    ("Gus", "Lindqvist", "Malmo", "SE"),
    ("Hana", "Sato", "Osaka", "JP"),
)


class _BadRequest(Exception):
    """A query the API refuses with 400."""


def _parse_stamp(text: str) -> datetime:
    """An ISO 8601 date or timestamp; a plain date is midnight UTC, a naive time is UTC."""
    moment = datetime.fromisoformat(text[:-1] + "+00:00" if text.endswith("Z") else text)
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _seconds(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


class FakeThoughtIndustries(FakeAPI[ThoughtIndustriesClient, AsyncThoughtIndustriesClient]):
    """An in-memory Thought Industries instance, seeded with 4 courses, 8 learners and 30
    assessment attempts.

    Args:
        api_key: the API key the fake accepts (``Authorization: Bearer <api_key>``).
        page_size: attempts per page when a request sends no ``perPage`` (documented: 25).
        envelope: ``"nested"`` (the endpoint page's) or ``"flat"`` (the pagination page's).
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
        envelope: Literal["nested", "flat"] = "nested",
        seed: bool = True,
    ) -> None:
        if not 1 <= page_size <= MAX_PER_PAGE:
            raise ValueError(f"page_size must be between 1 and {MAX_PER_PAGE}")
        if envelope not in ("nested", "flat"):
            raise ValueError('envelope must be "nested" or "flat"')
        super().__init__(credential=api_key)
        self.page_size = page_size
        self.envelope = envelope
        self.rate_limit_retry_after: float = 32
        self._rng = random.Random(3003)
        self._window_reset = 0
        self._window_count = 0
        self._next_created = datetime(2024, 3, 4, 8, 15, 12, tzinfo=UTC)
        self.courses: list[dict[str, Any]] = [
            self._course(title, topics) for title, topics in COURSES.items()
        ]
        self.users: list[dict[str, Any]] = [self._user(*spec) for spec in USERS]
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

    # --- test data

    def _uuid(self) -> str:
        return str(uuid.UUID(int=self._rng.getrandbits(128), version=4))

    def _course(
        self, title: str, assessments: list[tuple[str, str, int, list[Question]]]
    ) -> dict[str, Any]:
        rng = self._rng
        created = datetime(2023, rng.randint(1, 10), rng.randint(1, 28), 10, tzinfo=UTC)
        slug = title.lower().replace(" ", "-")
        topics = [self._topic(*assessment, created) for assessment in assessments]
        return {
            "id": self._uuid(),
            "createdAt": iso_ms(created),
            "updatedAt": iso_ms(created + timedelta(days=rng.randint(5, 90))),
            "slug": slug,
            "status": "published",
            "title": title,
            "kind": "microCourse",
            "sku": "".join(word[0] for word in title.split()).upper() + f"-{rng.randint(100, 999)}",
            "publishDate": iso_ms(created + timedelta(days=3)),
            "futurePublishDate": None,
            "courseStartDate": iso_ms(created + timedelta(days=3)),
            "courseEndDate": None,
            "enrollmentStartDate": iso_ms(created + timedelta(days=3)),
            "enrollmentEndDate": None,
            "gracePeriodEndDate": None,
            "currentUserDueDate": None,
            "rosterSubmittedDate": None,
            "isActive": True,
            "availabilityStatus": "available",
            "enrollmentActive": True,
            "parentCourseId": None,
            "isChild": False,
            "hasChildren": False,
            "topicGroupId": self._uuid(),
            "courseGroupTitle": title,
            "finalAssessment": topics[-1]["id"],
            "sampleLessonId": None,
            "webinarId": None,
            "accessDays": 365,
            "priceInCents": rng.choice([0, 4900, 12900]),
            "freeWithRegistration": False,
            "purchasable": True,
            "instructorEmails": ["learning@acme.example"],
            "customFields": {"department": rng.choice(["Operations", "Sales", "Finance"])},
            "_topics": topics,  # the fake's own: not served
        }

    def _topic(
        self, title: str, kind: str, passing: int, specs: list[Question], created: datetime
    ) -> dict[str, Any]:
        questions = [self._question_spec(body, choices) for body, choices in specs]
        topic_id = self._uuid()
        return {
            "id": topic_id,
            "originalId": topic_id,
            "title": title,
            "type": kind,
            "quizQuestions": [question["questionId"] for question in questions],
            "preTextBlock": None,
            "postTextBlock": None,
            "updatedAt": iso_ms(created + timedelta(days=2)),
            "resultsMessage": "Your results are below.",
            "passMessage": "Well done: you passed.",
            "failMessage": "Review the lessons and try again.",
            "navigationDisabled": False,
            "instructorAssessment": kind == "test",
            "questionSkipEnabled": False,
            "isProctored": False,
            "allowToResume": True,
            "assetType": None,
            "_minPassingPercent": passing,
            "_questions": questions,
        }

    def _question_spec(self, body: str, choices: list[str] | None) -> dict[str, Any]:
        if choices is None:
            return {"questionId": self._uuid(), "body": body, "type": "essay", "choices": []}
        options = [{"value": text, "correct": i == 0} for i, text in enumerate(choices)]
        self._rng.shuffle(options)
        kind = "booleanChoice" if choices[0] in ("Yes", "No") else "multipleChoice"
        return {"questionId": self._uuid(), "body": body, "type": kind, "choices": options}

    def _user(self, first: str, last: str, city: str, country: str) -> dict[str, Any]:
        rng = self._rng
        created = datetime(2023, rng.randint(1, 12), rng.randint(1, 28), 9, tzinfo=UTC)
        user: dict[str, Any] = {
            "id": self._uuid(),
            "email": f"{first}.{last}@acme.example".lower(),
            "firstName": first,
            "lastName": last,
            "name": f"{first} {last}",
            "abbreviatedName": f"{first} {last[0]}.",
            "firstInitial": first[0],
            "lastInitial": last[0],
            "asset": None,
            "bio": None,
            "roleKey": "learner",
            "clientId": None,
            "disabled": False,
            "twoFactorEnabled": False,
            "mustVerifyEmail": False,
            "createdAt": iso_ms(created),
            "updatedAt": iso_ms(created + timedelta(days=30)),
            "lastActiveAt": iso_ms(datetime(2024, 5, rng.randint(1, 28), 17, tzinfo=UTC)),
            "invitedByName": "Learning Admin",
            "lang": "en",
            "preferredCurrency": "USD",
            "externalCustomerId": None,
            "learnerUserId": None,
            "managerUserId": None,
            "address1": None,
            "address2": None,
            "city": city,
            "state": None,
            "zipCode": None,
            "country": country,
            "telephone": None,
            "customFields": {},
            "certificatesCount": rng.randint(0, 4),
            "availableCoursesCount": len(COURSES),
            "startedCoursesCount": rng.randint(1, len(COURSES)),
            "completedCoursesCount": rng.randint(0, 2),
        }
        user.update({f"ref{n}": None for n in range(1, 11)})
        return user

    def add_attempt(
        self,
        *,
        course: dict[str, Any] | None = None,
        user: dict[str, Any] | None = None,
        created_at: datetime | None = None,
        status: str | None = None,
        **fields: Any,
    ) -> dict[str, Any]:
        """Store one assessment attempt and return a copy of it.

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
                topics = [t for t in topics if _has_essay(t)] or topics
            topic = rng.choice(topics)
            if status == "pending" and not _has_essay(topic):
                status = "finished"
            attempt = self._attempt(course, user, topic, created_at, status)
            attempt.update(fields)
            self._attempts.append(attempt)
            return copy.deepcopy(attempt)

    def _attempt(
        self,
        course: dict[str, Any],
        user: dict[str, Any],
        topic: dict[str, Any],
        created: datetime,
        status: str,
    ) -> dict[str, Any]:
        rng = self._rng
        specs = topic["_questions"]
        skill = rng.uniform(0.45, 1.0)
        answered = len(specs) if status != "started" else rng.randint(1, len(specs) - 1)
        answers: list[dict[str, Any]] = []
        questions: list[dict[str, Any]] = []
        for index, spec in enumerate(specs):
            given = self._response(spec, skill, status) if index < answered else None
            if given is not None:
                answers.append(
                    {
                        "id": self._uuid(),
                        "question": spec["body"],
                        "answer": given["text"],
                        "correct": given["correct"],
                        "hasDefaultGrade": False,
                    }
                )
            questions.append(_question(spec, given))
        score = round(100 * sum(answer["correct"] is True for answer in answers) / len(specs))
        passing = topic["_minPassingPercent"]
        grade = score if status == "finished" else None
        elapsed = rng.randint(60, 90) * answered + rng.randint(0, 240)
        return {
            "id": self._uuid(),
            "assessment": {
                "id": topic["id"],
                "type": topic["type"],
                "title": topic["title"],
                "minPassingPercent": passing,
            },
            "answers": answers,
            "course": _public(course),
            "courseId": course["id"],
            "user": copy.deepcopy(user),
            "createdAt": iso_ms(created),
            "updatedAt": iso_ms(created + timedelta(seconds=elapsed)),
            "timeElapsedInSeconds": elapsed,
            "status": status,
            "grade": grade,
            # pending: the automatic part, before an instructor grades the essay
            "originalGrade": score if status != "started" else None,
            "passed": grade >= passing if grade is not None else None,
            "assignmentSubmissionId": None,
            "questions": questions,
            "topicType": topic["type"],
            "forgiven": False,
            "topic": _public(topic),
            "topicId": topic["id"],
        }

    def _response(self, spec: dict[str, Any], skill: float, status: str) -> dict[str, Any]:
        """The learner's answer to one question: ``text``, the ``choice`` picked, and whether
        it is ``correct`` (None for an essay not graded yet)."""
        right = self._rng.random() < skill
        if spec["type"] == "essay":
            text = "I would first confirm the facts, then follow up in writing."
            return {"text": text, "correct": right if status == "finished" else None}
        options = [choice for choice in spec["choices"] if choice["correct"] == right]
        choice = self._rng.choice(options)
        return {"text": choice["value"], "choice": choice, "correct": choice["correct"]}

    def _ordered(self) -> list[dict[str, Any]]:
        return sorted(self._attempts, key=_position)

    # --- the API

    def route(self, request: httpx.Request, path: str) -> httpx.Response:
        if path.rstrip("/") != ATTEMPTS_PATH:
            response = self.not_found()
        elif request.method != "GET":
            response = json_response(self.error_body(405, "Method not allowed."), 405)
        else:
            try:
                response = json_response(self._page(request.url.params))
            except _BadRequest as exc:
                response = json_response(self.error_body(400, str(exc)), 400)
        response.headers.update(self._rate_limit_headers())
        return response

    def _page(self, params: httpx.QueryParams) -> dict[str, Any]:
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
        next_cursor = _encode_cursor(items[-1]) if has_more and items else None
        served = [_public(attempt) for attempt in items]
        if self.envelope == "flat":
            meta = {
                "page": offset // per_page + 1,
                "perPage": per_page,
                "totalCount": len(selected),
                "totalPages": math.ceil(len(selected) / per_page),
                "nextCursor": next_cursor,
            }
            return {"data": served, "meta": meta}
        info = {
            "perPage": per_page,
            "cursor": next_cursor,
            "total": len(selected),
            "hasMore": next_cursor is not None,
        }
        return {"data": {"AssessmentAttempts": {"pageInfo": info, "assessmentAttempts": served}}}

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
        return {"error": _ERROR_CODES.get(status, f"http_{status}"), "message": message}


def _public(record: dict[str, Any]) -> dict[str, Any]:
    """A record as served: without the fake's own ``_`` keys."""
    return copy.deepcopy({key: value for key, value in record.items() if not key.startswith("_")})


def _question(spec: dict[str, Any], given: dict[str, Any] | None) -> dict[str, Any]:
    """A question of an attempt, with the learner's response (``given``; None: unanswered)."""
    kind = spec["type"]
    choice = given.get("choice") if given else None
    is_choice = kind != "essay"
    return {
        "questionId": spec["questionId"],
        "parentQuestion": None,
        "body": spec["body"],
        "additionalContent": None,
        "openEndedResponse": given["text"] if given and not is_choice else None,
        "response": given["text"] if given else None,
        "fileSubmissionAsset": None,
        "selectedChoice": copy.deepcopy(choice),
        "type": kind,
        "mustSelectAllCorrectChoices": False,
        "required": True,
        "choices": copy.deepcopy(spec["choices"]),
        "questionCategoryId": None,
        "table": None,
        "tableResponse": None,
        "gradedAsCorrect": bool(given and given["correct"]),
        "hasChoices": is_choice,
        "selectedChoiceOrNoChoiceAvailable": choice is not None or not is_choice,
        "questionType": kind,
        "isOpenEndedOrEssay": not is_choice,
        "displayOption": "always",
        "preText": None,
        "preTextDisplayOption": "always",
        "postText": None,
        "postTextDisplayOption": "always",
        "preText2": None,
        "preTextDisplayOption2": "always",
        "postText2": None,
        "postTextDisplayOption2": "always",
        "addAndDeleteRowsEnabled": False,
        "placeholder": None,
        "preselectedChoices": [],
        "copyAnswerFromQuestionId": None,
        "copyAnswerFromAssessmentId": None,
        "isBooleanChoice": kind == "booleanChoice",
        "isImageComparison": False,
        "isMultipleChoice": kind == "multipleChoice",
        "isTable": False,
        "isLikert": False,
        "isOpenEnded": False,
        "isFileSubmission": False,
        "isEssay": not is_choice,
        "isSelectBoxes": False,
        "isBooleanChoiceOrMultipleChoice": is_choice,
        "scormInteractionType": "choice" if is_choice else "long-fill-in",
        "shouldDisplayOnResults": True,
        "shouldCheckAnswers": is_choice,
    }


def _has_essay(topic: dict[str, Any]) -> bool:
    return any(question["type"] == "essay" for question in topic["_questions"])


def _position(attempt: dict[str, Any]) -> tuple[datetime, str]:
    return _parse_stamp(attempt["createdAt"]), str(attempt["id"])


def _encode_cursor(attempt: dict[str, Any]) -> str:
    created, attempt_id = _position(attempt)
    raw = f"{created.isoformat()}|{attempt_id}".encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _decode_cursor(cursor: str) -> tuple[datetime, str]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        created, attempt_id = raw.split("|")
        moment = datetime.fromisoformat(created)
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise _BadRequest("Invalid cursor.") from None
    if moment.tzinfo is None:
        raise _BadRequest("Invalid cursor.")
    return moment, attempt_id


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
    except ValueError:
        raise _BadRequest(f"{name} must be an ISO 8601 date.") from None


def _uuid_param(params: httpx.QueryParams, name: str) -> str | None:
    text = params.get(name)
    if text is None:
        return None
    try:
        return str(uuid.UUID(text))
    except ValueError:
        raise _BadRequest(f"{name} must be a valid uuid.") from None
