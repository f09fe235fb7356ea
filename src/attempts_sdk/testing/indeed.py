"""`FakeIndeed`: an in-memory Indeed Assessments API v1 (assignments and their attempts, roles,
assessments).

Served below ``/v1`` with ``Authorization: token <api_key>``; the ``.json`` suffix is optional,
as the README says. ``GET /attempts/{id}.json`` -> ``{"attempt": {...}}``;
``GET /assignments.json`` (``page`` from 1, ``per``) -> ``{"meta": {"total_count", "count",
"pages"}, "results": [{"assignment": {...}}, ...]}``, newest first;
``GET /assignments/{id}.json`` -> ``{"assignment": {...}}``. An assignment embeds its
attempts. ``POST /assignments.json`` (``email``, ``role_id``, ``completion_webhook_url``,
``completion_webhook_name``, ``skip_email``) stores a new assignment, answered ``201`` as
``GET`` shows it, and listed from then on. ``GET /roles.json`` and ``GET /assessments.json``
(by name, paginated as above) and ``GET /roles/{id}.json`` / ``GET /assessments/{id}.json``
serve the fake's roles and assessments and those of the documentation's examples.
Errors are ``{"error": "..."}`` (``Validation failed: ...`` with 422). As the README requires
of clients, every GET answer carries ``ETag`` and ``Last-Modified`` (the newest
``updated_at`` it shows), and a request that names the current ETag in ``If-None-Match`` (or,
without it, whose ``If-Modified-Since`` is not older) gets ``304 Not Modified`` with no body.
"""

from __future__ import annotations

import copy
import json
import math
import random
import re
from collections.abc import Iterable
from datetime import datetime, timedelta, timezone
from typing import Any, ClassVar

import httpx

from ._base import FakeAPI, iso_ms, json_response
from ._indeed_data import APP_URL, ASSESSMENTS, CANDIDATES, ROLES
from ._indeed_records import catalogue, make_attempt, question_records, slug, total

__all__ = ["FakeIndeed"]

UTC = timezone.utc
_ATTEMPT_PATH = re.compile(r"/attempts/([^/]+?)(?:\.json)?")
_ASSIGNMENT_PATH = re.compile(r"/assignments/([^/]+?)(?:\.json)?")
_ASSIGNMENTS_PATH = re.compile(r"/assignments(?:\.json)?")
_ROLE_PATH = re.compile(r"/roles/([^/]+?)(?:\.json)?")
_ROLES_PATH = re.compile(r"/roles(?:\.json)?")
_ASSESSMENT_PATH = re.compile(r"/assessments/([^/]+?)(?:\.json)?")
_ASSESSMENTS_PATH = re.compile(r"/assessments(?:\.json)?")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


class FakeIndeed(FakeAPI):
    """An in-memory Indeed Assessments account, seeded with 13 assignments over three roles
    and their attempts; it also has the two roles and two assessments of the documentation's
    examples (``pgrnovpmee0qkljd``, ``are-you-a-human``, ...).

    Args:
        api_key: the API key the fake accepts (``Authorization: token <api_key>``).
        page_size: assignments, roles or assessments per page when a request sends no ``per``.
        seed: start with the seeded assignments (False: start empty; roles stay).

    Attributes:
        invitations: the e-mail addresses invited by ``POST /assignments.json`` (not those
            created with ``skip_email``), in order.
        completion_webhooks: assignment id -> the ``completion_webhook_url`` and
            ``completion_webhook_name`` it was created with (the fake does not call them:
            Indeed documents no payload).
    """

    provider: ClassVar[str] = "indeed"
    auth_scheme: ClassVar[str] = "token"
    default_host: ClassVar[str] = "api.indeedassessments.com"

    def __init__(
        self, *, api_key: str = "ia_fake_7d2f0c9e41b8a356", page_size: int = 25, seed: bool = True
    ) -> None:
        if page_size < 1:
            raise ValueError("page_size must be at least 1")
        super().__init__(credential=api_key, base_path="/v1")
        self.page_size = page_size
        self._rng = random.Random(4004)
        self._assessments = {name: slug(self._rng, 16) for name in ASSESSMENTS}
        self._questions = {name: question_records(self._rng, name) for name in ASSESSMENTS}
        self._roles = {name: slug(self._rng, 16) for name in ROLES}
        self._assessment_records, self._role_records = catalogue(self._assessments, self._roles)
        self.invitations: list[str] = []
        self.completion_webhooks: dict[str, dict[str, str | None]] = {}
        self._assignments: list[dict[str, Any]] = []
        self._attempts: dict[str, dict[str, Any]] = {}
        self._next_created = datetime(2024, 4, 2, 14, 5, 9, 312000, tzinfo=UTC)
        if seed:
            for name in CANDIDATES:
                self.add_assignment(candidate=name)

    @property
    def api_key(self) -> str:
        """The API key the fake accepts."""
        return self._credential

    @property
    def assignments(self) -> list[dict[str, Any]]:
        """Copies of every assignment (attempts embedded), newest first, as served."""
        with self._lock:
            return copy.deepcopy(self._ordered())

    @property
    def attempts(self) -> list[dict[str, Any]]:
        """Copies of every attempt, in the order of ``assignments`` and within each."""
        return [attempt for assignment in self.assignments for attempt in assignment["attempts"]]

    @property
    def roles(self) -> list[dict[str, Any]]:
        """Copies of every role, by name, as served."""
        return copy.deepcopy(_by_name(self._role_records))

    @property
    def assessments(self) -> list[dict[str, Any]]:
        """Copies of every assessment, by name, as served."""
        return copy.deepcopy(_by_name(self._assessment_records))

    # --- test data

    def add_assignment(
        self,
        *,
        candidate: str = "Alex Morgan",
        role: str | None = None,
        created_at: datetime | None = None,
        completed: int | None = None,
        **fields: Any,
    ) -> dict[str, Any]:
        """Store one assignment with its attempts and return a copy of it.

        Args:
            candidate: the candidate's full name (the email is made from it).
            role: the name of one of the seeded roles (`ROLES`; random when None).
            created_at: when it was assigned (timezone-aware; default: after the last one).
            completed: how many of the role's assessments the candidate finished; one more is
                left in progress when any remain (random when None).
            **fields: wire keys replacing the generated values.

        Raises:
            ValueError: an unknown role, or more assessments completed than the role has.
        """
        if role is not None and role not in ROLES:
            raise ValueError(f"role must be one of {sorted(ROLES)}, not {role!r}")
        with self._lock:
            rng = self._rng
            role = role if role is not None else rng.choice(sorted(ROLES))
            assessments = ROLES[role]
            if completed is not None and not 0 <= completed <= len(assessments):
                raise ValueError(f"{role!r} has {len(assessments)} assessments")
            if completed is None:
                everything = rng.random() < 0.6
                completed = len(assessments) if everything else rng.randint(0, len(assessments) - 1)
            if created_at is None:
                created_at = self._next_created
                self._next_created += timedelta(hours=rng.randint(5, 60), seconds=rng.random())
            assignment_id = slug(self._rng, 22)
            first, last = candidate.split(" ", 1) if " " in candidate else (candidate, "")
            assignment: dict[str, Any] = {
                "id": assignment_id,
                "remaining_assessment_count": len(assessments),
                "completion_redirect_url": rng.choice([None, "https://careers.acme.example/next"]),
                "external_job_id": f"JOB-{rng.randint(1000, 9999)}" if rng.random() < 0.5 else None,
                "external_candidacy_id": None,
                "external_person_id": None,
                "created_at": iso_ms(created_at),
                "updated_at": iso_ms(created_at),
                "score": None,
                "possible_score": None,
                "weighted_percentage_score": None,
                "invitation_url": f"{APP_URL}/c/start_next/{assignment_id}/{slug(self._rng, 20)}",
                "public_results_url": f"{APP_URL}/share_assignment/{assignment_id}",
                "role": {"id": self._roles[role], "name": role},
                "user": {
                    "id": slug(self._rng, 16),
                    "name": candidate,
                    "email": f"{first}.{last}@example.com".lower().replace(" ", ""),
                },
                "attempts": [],
            }
            start = created_at + timedelta(hours=rng.randint(1, 30))
            for index, name in enumerate(assessments[: completed + 1]):
                attempt = make_attempt(
                    rng,
                    name,
                    self._assessments[name],
                    self._questions[name],
                    start,
                    finished=index < completed,
                )
                start += timedelta(minutes=rng.randint(5, 90))
                assignment["attempts"].append(attempt)
            total(assignment)
            assignment.update(fields)
            self._assignments.append(assignment)
            for attempt in assignment["attempts"]:
                self._attempts[attempt["id"]] = attempt
            return copy.deepcopy(assignment)

    def _ordered(self) -> list[dict[str, Any]]:
        return sorted(self._assignments, key=lambda a: (a["created_at"], a["id"]), reverse=True)

    # --- the API

    def route(self, request: httpx.Request, path: str) -> httpx.Response:
        if request.method == "POST" and _ASSIGNMENTS_PATH.fullmatch(path):
            return self._create(request)
        if request.method != "GET":
            return json_response(self.error_body(405, "Method not allowed"), 405)
        if _ASSIGNMENTS_PATH.fullmatch(path):
            return self._listing(request, "assignment", self._ordered())
        if _ROLES_PATH.fullmatch(path):
            return self._listing(request, "role", _by_name(self._role_records))
        if _ASSESSMENTS_PATH.fullmatch(path):
            return self._listing(request, "assessment", _by_name(self._assessment_records))
        found: dict[str, Any] | None
        for pattern, key, records in (
            (_ASSIGNMENT_PATH, "assignment", {a["id"]: a for a in self._assignments}),
            (_ATTEMPT_PATH, "attempt", self._attempts),
            (_ROLE_PATH, "role", self._role_records),
            (_ASSESSMENT_PATH, "assessment", self._assessment_records),
        ):
            if match := pattern.fullmatch(path):
                found = records.get(match[1])
                if found is None:
                    return self._missing(key.title(), match[1])
                changed = _newest([found.get("updated_at")])
                return self.conditional(request, json_response({key: found}), last_modified=changed)
        return self.not_found()

    def _listing(
        self, request: httpx.Request, key: str, records: list[dict[str, Any]]
    ) -> httpx.Response:
        """One page of ``records``, each wrapped as ``{key: {...}}``."""
        params = request.url.params
        page, per = params.get("page", "1"), params.get("per", str(self.page_size))
        for name, text in (("page", page), ("per", per)):
            if not (text.isascii() and text.isdigit() and int(text) >= 1):
                return json_response(self.error_body(400, f"{name} must be at least 1"), 400)
        start, size = (int(page) - 1) * int(per), int(per)
        results = [{key: record} for record in records[start : start + size]]
        meta = {
            "total_count": len(records),
            "count": len(results),
            "pages": math.ceil(len(records) / size),
        }
        changed = _newest(record.get("updated_at") for record in records)
        response = json_response({"meta": meta, "results": results})
        return self.conditional(request, response, last_modified=changed)

    def _create(self, request: httpx.Request) -> httpx.Response:
        """``POST /assignments.json``: invite a candidate to a role (``201``)."""
        try:
            body = json.loads(request.content or b"null")
        except ValueError:
            body = None
        if not isinstance(body, dict):
            return json_response(self.error_body(400, "The body must be a JSON object"), 400)
        email, role_id = body.get("email"), body.get("role_id")
        webhook, skip = body.get("completion_webhook_url"), body.get("skip_email")
        problem = (
            "Email can't be blank"
            if not isinstance(email, str) or not email.strip()
            else "Email is invalid"
            if not _EMAIL.fullmatch(email)
            else "Role can't be blank"
            if not isinstance(role_id, str) or not role_id.strip()
            else "Completion webhook url can't be blank"
            if "completion_webhook_url" in body
            and (not isinstance(webhook, str) or not webhook.strip())
            else "Skip email must be true or false"
            if skip is not None and not isinstance(skip, bool)
            else None
        )
        if problem is not None:
            return json_response(self.error_body(422, f"Validation failed: {problem}"), 422)
        role = self._role_records.get(str(role_id))
        if role is None:
            return self._missing("Role", str(role_id))
        assignment = self._invite(str(email), role)
        if webhook is not None:
            name = body.get("completion_webhook_name")
            self.completion_webhooks[assignment["id"]] = {
                "url": webhook,
                "name": name if isinstance(name, str) else None,
            }
        if skip is not True:
            self.invitations.append(str(email))
        return json_response({"assignment": assignment}, 201)

    def _invite(self, email: str, role: dict[str, Any]) -> dict[str, Any]:
        """A new assignment of ``role`` to ``email``: not started, the candidate anonymous
        until they register (as in the documentation's example)."""
        now = iso_ms(self._next_created)  # after the newest: listed first
        self._next_created += timedelta(minutes=1)
        assignment_id = slug(self._rng, 22)
        assignment: dict[str, Any] = {
            "id": assignment_id,
            "remaining_assessment_count": len(role["assessments"]),
            "completion_redirect_url": role["completion_redirect_url"],
            "external_job_id": None,
            "external_candidacy_id": None,
            "external_person_id": None,
            "created_at": now,
            "updated_at": now,
            "score": None,
            "possible_score": None,
            "weighted_percentage_score": None,
            "invitation_url": f"{APP_URL}/c/start_next/{assignment_id}/{slug(self._rng, 20)}",
            "public_results_url": f"{APP_URL}/share_assignment/{assignment_id}",
            "role": {"id": role["id"], "name": role["name"]},
            "user": {
                "id": "anonymous-candidate",
                "name": f"Anonymous Candidate {len(self._assignments) + 1}",
                "email": email,
            },
            "attempts": [],
        }
        self._assignments.append(assignment)
        return copy.deepcopy(assignment)

    def _missing(self, model: str, record_id: str) -> httpx.Response:
        message = f"Couldn't find {model} with 'id'={record_id}"
        return json_response(self.error_body(404, message), 404)

    def error_body(self, status: int, message: str) -> Any:
        """``{"error": "..."}``; a 401 says ``HTTP Token: Access denied.``."""
        if status == 401:
            message = "HTTP Token: Access denied."
        return {"error": message}


def _by_name(records: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    return sorted(records.values(), key=lambda record: (str(record["name"]), record["id"]))


def _newest(stamps: Iterable[object]) -> datetime | None:
    """The latest of some ``updated_at`` values (those that are not timestamps are skipped)."""
    moments = []
    for stamp in stamps:
        try:
            moment = datetime.fromisoformat(str(stamp).replace("Z", "+00:00"))
        except ValueError:
            continue
        moments.append(moment if moment.tzinfo else moment.replace(tzinfo=UTC))
    return max(moments, default=None)
