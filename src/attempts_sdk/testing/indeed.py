"""`FakeIndeed`: an in-memory Indeed Assessments API v1 (assignments and their attempts).

Served below ``/v1`` with ``Authorization: token <api_key>``; the ``.json`` suffix is optional,
as the README says. ``GET /attempts/{id}.json`` -> ``{"attempt": {...}}``;
``GET /assignments.json`` (``page`` from 1, ``per``) -> ``{"meta": {"total_count", "count",
"pages"}, "results": [{"assignment": {...}}, ...]}``, newest first;
``GET /assignments/{id}.json`` -> ``{"assignment": {...}}``. An assignment embeds its
attempts. Errors are ``{"error": "..."}``. As the README requires of clients, every answer
carries ``ETag`` and ``Last-Modified`` (the newest ``updated_at`` it shows), and a request
that names the current ETag in ``If-None-Match`` (or, without it, whose
``If-Modified-Since`` is not older) gets ``304 Not Modified`` with no body.
"""

from __future__ import annotations

import copy
import math
import random
import re
import string
from collections.abc import Iterable
from datetime import datetime, timedelta, timezone
from typing import Any, ClassVar

import httpx

from ..indeed.client import AsyncIndeedClient, IndeedClient
from ._base import FakeAPI, iso_ms, json_response

__all__ = ["FakeIndeed"]

UTC = timezone.utc
APP_URL = "https://app.indeedassessments.com"

# assessment -> questions: (label, choices with the right one first) or (label, None) for a
# short text answer, scored by rule against the sample answer given as its only "choice".
Question = tuple[str, "list[str] | None"]
ASSESSMENTS: dict[str, list[Question]] = {
    "Customer Service Skills": [
        ("A customer is upset about a late order. What do you say first?", ["Apologise", "Blame"]),
        ("Which channel suits an urgent billing error?", ["Phone", "Newsletter", "Survey"]),
        ("Name one way to confirm you understood a customer's problem.", None),
    ],
    "Typing Speed and Accuracy": [
        ("Which shortcut copies the selected text?", ["Ctrl+C", "Ctrl+Z", "Ctrl+P"]),
        ("What matters more in a ticket reply?", ["Accuracy", "Raw speed"]),
        ("Retype: 'The quick brown fox jumps over the lazy dog.'", None),
    ],
    "Attention to Detail": [
        ("Which code differs from A7-B19-C4?", ["A7-B91-C4", "A7-B19-C4"]),
        ("How many 'e's are in 'excellence'?", ["4", "3", "5"]),
        ("Spot the misspelt word: receive, seperate, believe.", None),
    ],
    "Basic Math": [
        ("A pallet holds 48 boxes. How many boxes on 7 pallets?", ["336", "326", "346"]),
        ("What is 15% of 240?", ["36", "24", "40"]),
        ("A shift starts at 07:30 and lasts 8.5 hours. When does it end?", None),
    ],
    "Sales Aptitude": [
        ("A prospect says 'too expensive'. Best next step?", ["Ask about value", "Hang up"]),
        ("What comes first in a discovery call?", ["Open questions", "The price"]),
        ("Write a one-line opener for a cold call.", None),
    ],
}
SAMPLE_TEXT = "I would repeat the problem back and ask them to confirm it."
ROLES: dict[str, list[str]] = {
    "Customer Support Representative": ["Customer Service Skills", "Typing Speed and Accuracy"],
    "Warehouse Associate": ["Attention to Detail", "Basic Math"],
    "Inside Sales Representative": ["Sales Aptitude", "Customer Service Skills", "Basic Math"],
}
CANDIDATES = (
    "Maria Gonzalez",
    "James Carter",
    "Aisha Bello",
    "Tom Nguyen",
    "Priya Shah",
    "Lukas Weber",
    "Sofia Rossi",
    "Daniel Kim",
    "Grace Mensah",
    "Oliver Brown",
    "Yuki Tanaka",
    "Noah Fischer",
    "Lea Dubois",
)

_ATTEMPT_PATH = re.compile(r"/attempts/([^/]+?)(?:\.json)?")
_ASSIGNMENT_PATH = re.compile(r"/assignments/([^/]+?)(?:\.json)?")
_ASSIGNMENTS_PATH = re.compile(r"/assignments(?:\.json)?")


class FakeIndeed(FakeAPI[IndeedClient, AsyncIndeedClient]):
    """An in-memory Indeed Assessments account, seeded with 13 assignments over three roles
    and their attempts.

    Args:
        api_key: the API key the fake accepts (``Authorization: token <api_key>``).
        page_size: assignments per page when a request sends no ``per``.
        seed: start with the seeded assignments (False: start empty).
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
        self._assessments = {name: self._slug(16) for name in ASSESSMENTS}
        self._questions = {name: self._question_records(name) for name in ASSESSMENTS}
        self._roles = {name: self._slug(16) for name in ROLES}
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

    # --- test data

    def _slug(self, length: int) -> str:
        return "".join(self._rng.choices(string.ascii_lowercase + string.digits, k=length))

    def _question_records(self, assessment: str) -> list[dict[str, Any]]:
        records = []
        for label, choices in ASSESSMENTS[assessment]:
            options = [
                {"id": self._slug(16), "value": value, "correct_answer": index == 0}
                for index, value in enumerate(choices or [])
            ]
            self._rng.shuffle(options)
            kind = "Multiple choice" if choices else "Single line text"
            records.append(
                {
                    "id": self._slug(16),
                    "label": label,
                    "instructions": f"Help instructions for a question of type {kind}",
                    "choices": options,
                }
            )
        return records

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
            assignment_id = self._slug(22)
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
                "invitation_url": f"{APP_URL}/c/start_next/{assignment_id}/{self._slug(20)}",
                "public_results_url": f"{APP_URL}/share_assignment/{assignment_id}",
                "role": {"id": self._roles[role], "name": role},
                "user": {
                    "id": self._slug(16),
                    "name": candidate,
                    "email": f"{first}.{last}@example.com".lower().replace(" ", ""),
                },
                "attempts": [],
            }
            start = created_at + timedelta(hours=rng.randint(1, 30))
            for index, name in enumerate(assessments[: completed + 1]):
                attempt = self._attempt(name, start, finished=index < completed)
                start += timedelta(minutes=rng.randint(5, 90))
                assignment["attempts"].append(attempt)
            _total(assignment)
            assignment.update(fields)
            self._assignments.append(assignment)
            for attempt in assignment["attempts"]:
                self._attempts[attempt["id"]] = attempt
            return copy.deepcopy(assignment)

    def _attempt(self, assessment: str, start: datetime, *, finished: bool) -> dict[str, Any]:
        rng = self._rng
        skill = rng.uniform(0.4, 1.0)
        questions = self._questions[assessment]
        answered = len(questions) if finished else rng.randint(1, len(questions) - 1)
        steps: list[dict[str, Any]] = []
        moment, score, count = start, 0.0, 0
        for sequence, (step_name, step_questions) in enumerate(
            (("Multiple choice", questions[:-1]), ("Short answer", questions[-1:])), start=1
        ):
            answers = []
            for question in step_questions[: max(answered - count, 0)]:
                answers.append(self._answer(assessment, question, skill))
                score += answers[-1]["scores"][0]["score"]
            count += len(answers)
            if not answers:
                break
            seconds = rng.randint(20, 120) * len(answers)
            steps.append(
                {
                    "answers": answers,
                    "step": {"name": step_name, "sequence": sequence},
                    "started_at": iso_ms(moment),
                    "completed_at": iso_ms(moment + timedelta(seconds=seconds)),
                    "timed_out": False,
                    "completion_time_in_seconds": seconds,
                }
            )
            pause = timedelta(
                seconds=seconds + rng.randint(2, 15), milliseconds=rng.randint(1, 999)
            )
            moment += pause
        possible = float(len(questions))
        return {
            "id": self._slug(16),
            "completion_time_in_seconds": int((moment - start).total_seconds())
            if finished
            else None,
            "scoring_completed": finished,
            "pending_review_count": 0,
            "started_at": iso_ms(start),
            "completed_at": iso_ms(moment) if finished else None,
            "created_at": iso_ms(start - timedelta(seconds=rng.randint(1, 5))),
            "updated_at": iso_ms(moment + timedelta(milliseconds=rng.randint(50, 900))),
            "score": score if finished else None,
            "possible_score": possible if finished else None,
            "percentage_score": score / possible if finished else None,
            "assessment": {"id": self._assessments[assessment], "name": assessment},
            "step_progressions": steps,
        }

    def _answer(self, assessment: str, question: dict[str, Any], skill: float) -> dict[str, Any]:
        right = self._rng.random() < skill
        dimension = f"{assessment} > {'Knowledge' if question['choices'] else 'Written answers'}"
        if question["choices"]:
            picked = [c for c in question["choices"] if c["correct_answer"] == right][:1]
            value: str = picked[0]["value"]
        else:
            value = SAMPLE_TEXT if right else "not sure"
            picked = []
        return {
            "value": value,
            "question": copy.deepcopy(question),
            "select_choices": copy.deepcopy(picked),
            "scores": [
                {
                    "score": 1.0 if right else 0.0,
                    "possible_score": 1.0,
                    "scoring_dimension_name": dimension,
                }
            ],
        }

    def _ordered(self) -> list[dict[str, Any]]:
        return sorted(self._assignments, key=lambda a: (a["created_at"], a["id"]), reverse=True)

    # --- the API

    def route(self, request: httpx.Request, path: str) -> httpx.Response:
        if request.method != "GET":
            return json_response(self.error_body(405, "Method not allowed"), 405)
        if _ASSIGNMENTS_PATH.fullmatch(path):
            changed = _newest(a.get("updated_at") for a in self._assignments)
            return self.conditional(request, self._list(request.url.params), last_modified=changed)
        if match := _ASSIGNMENT_PATH.fullmatch(path):
            found = [a for a in self._assignments if a["id"] == match[1]]
            if not found:
                return self._missing("Assignment", match[1])
            changed = _newest([found[0].get("updated_at")])
            return self.conditional(
                request, json_response({"assignment": found[0]}), last_modified=changed
            )
        if match := _ATTEMPT_PATH.fullmatch(path):
            attempt = self._attempts.get(match[1])
            if attempt is None:
                return self._missing("Attempt", match[1])
            changed = _newest([attempt.get("updated_at")])
            return self.conditional(
                request, json_response({"attempt": attempt}), last_modified=changed
            )
        return self.not_found()

    def _list(self, params: httpx.QueryParams) -> httpx.Response:
        page, per = params.get("page", "1"), params.get("per", str(self.page_size))
        for name, text in (("page", page), ("per", per)):
            if not (text.isascii() and text.isdigit() and int(text) >= 1):
                return json_response(self.error_body(400, f"{name} must be at least 1"), 400)
        start, size = (int(page) - 1) * int(per), int(per)
        assignments = self._ordered()
        results = [{"assignment": a} for a in assignments[start : start + size]]
        meta = {
            "total_count": len(assignments),
            "count": len(results),
            "pages": math.ceil(len(assignments) / size),
        }
        return json_response({"meta": meta, "results": results})

    def _missing(self, model: str, record_id: str) -> httpx.Response:
        message = f"Couldn't find {model} with 'id'={record_id}"
        return json_response(self.error_body(404, message), 404)

    def error_body(self, status: int, message: str) -> Any:
        """``{"error": "..."}``; a 401 says ``HTTP Token: Access denied.``."""
        if status == 401:
            message = "HTTP Token: Access denied."
        return {"error": message}


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


def _total(assignment: dict[str, Any]) -> None:
    """Set an assignment's scores and counts from its finished attempts."""
    finished = [a for a in assignment["attempts"] if a["scoring_completed"]]
    assignment["remaining_assessment_count"] = len(ROLES[assignment["role"]["name"]]) - len(
        finished
    )
    if finished:
        score = sum(a["score"] for a in finished)
        possible = sum(a["possible_score"] for a in finished)
        assignment["score"] = score
        assignment["possible_score"] = possible
        assignment["weighted_percentage_score"] = score / possible
    if assignment["attempts"]:
        assignment["updated_at"] = max(a["updated_at"] for a in assignment["attempts"])
