"""`FakeCleverLMS`: an in-memory CleverLMS integration API serving the exports of test attempts
and of the answers given in them.

CleverLMS publishes response shapes and error bodies only. Where it is silent the fake follows
the client's defaults and CleverLMS's sibling v2 exports: ``GET /v2/materials/tests/attempts``
with ``Authorization: Bearer <token>``; page-number pagination (``page`` from 1, ``perPage``
from 1 to 10000, the fake's ``page_size`` when absent); ``afterDate`` / ``toDate`` in
``Y-m-d\\TH:i:sP``, inclusive, on ``started_at``. The other documented filters (``companyId``,
``language``, ``userStatus``, ``materialStatus``) are accepted and ignored: an attempt row holds
nothing they could select on. Rows are served in id order, as in the documented example.

``GET /v2/materials/tests/answers`` serves one row per question of every stored attempt, derived
from it (as many ``success``, ``fail`` and ``checking`` answers as the attempt counts; an attempt
left unfinished has its last failures ``not_answer``). Its documented required parameters are
required (``companyId``, ``language``, ``filters[question]``), and its ``filters`` are read as PHP
reads a query string (``filters[question][]=6163``): ``question``, ``login``, ``question_type``,
``answer_status`` select rows, ``with_reset`` (``1``/``0``/``true``/``false``) is accepted;
``afterDate`` / ``toDate`` apply to ``created_at``. Wrong values get the documented messages.

Errors are ``{"errors": [{"code", "field", "message"}]}``. CleverLMS documents one code (1007);
for the errors it does not document, the fake's ``code`` is the HTTP status.
"""

from __future__ import annotations

import copy
import random
import re
import uuid
from datetime import datetime, timedelta, timezone
from typing import Any, ClassVar

import httpx

from ._base import FakeAPI, json_response

__all__ = ["FakeCleverLMS"]

ATTEMPTS_PATH = "/v2/materials/tests/attempts"
ANSWERS_PATH = "/v2/materials/tests/answers"
MAX_PER_PAGE = 10_000
PASS_PERCENT = 70
MSK = timezone(timedelta(hours=3))

# ``Y-m-d\TH:i:sP``: seconds precision, an explicit ``+hh:mm`` offset.
_PHP_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}")
# 100-ns intervals between the UUID epoch (1582-10-15) and the Unix epoch.
_UUID_EPOCH_OFFSET = 0x01B21DD213814000
_NODE = 0x0242AC12002B  # the docker-style MAC in the documented ids

# material_id -> points per correct answer
_MATERIALS = {742: 1, 1052: 10, 1940: 2, 2215: 5, 3108: 4}
_LOGINS = (
    "qweewq",
    "licenz",
    "newguy",
    "a.petrova",
    "i.smirnov",
    "k.volkova",
    "d.orlov",
    "m.sokolova",
    "trainee042",
)
_TIMESTAMP_KEYS = ("started_at", "ended_at", "created_at", "updated_at")
QUESTIONS_PER_MATERIAL = 15  # the most questions a seeded attempt has
QUESTION_TYPES = ("mcq", "select-image", "open-question")
ANSWER_STATUSES = ("success", "fail", "checking", "not_answer")
_OPEN_TEXT = "I would check the safety data sheet first, then report it to my supervisor."


def _stamp(moment: datetime) -> str:
    """``Y-m-d\\TH:i:sP`` (the provider's form): ``2024-02-05T09:00:00+03:00``."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("CleverLMS timestamps need a timezone")
    return moment.replace(microsecond=0).isoformat()


def _uuid1(moment: datetime, rng: random.Random) -> str:
    """A version-1 UUID of ``moment`` (plus a random fraction of a second), like CleverLMS's."""
    ticks = int(moment.timestamp()) * 10_000_000 + rng.randrange(10_000_000) + _UUID_EPOCH_OFFSET
    clock_seq = rng.getrandbits(14)
    return str(
        uuid.UUID(
            fields=(
                ticks & 0xFFFFFFFF,
                (ticks >> 32) & 0xFFFF,
                ((ticks >> 48) & 0x0FFF) | 0x1000,
                ((clock_seq >> 8) & 0x3F) | 0x80,
                clock_seq & 0xFF,
                _NODE,
            )
        )
    )


class FakeCleverLMS(FakeAPI):
    """An in-memory CleverLMS export of test attempts, seeded with 27 realistic rows.

    Args:
        token: the integration token the fake accepts (``Authorization: Bearer <token>``).
        page_size: rows per page when a request sends no ``perPage``.
        min_per_page: the smallest ``perPage`` accepted (CleverLMS documents 100 for its
            sibling exports; the default, 1, lets tests page through a few rows).
        seed: start with the seeded rows (False: start empty).
    """

    provider: ClassVar[str] = "cleverlms"
    auth_scheme: ClassVar[str] = "Bearer"
    default_host: ClassVar[str] = "lms.cleverlms.example"

    def __init__(
        self,
        *,
        token: str = "clv-fake-3f9a62d07c1b4e58",
        page_size: int = 100,
        min_per_page: int = 1,
        seed: bool = True,
    ) -> None:
        if not 1 <= min_per_page <= page_size <= MAX_PER_PAGE:
            raise ValueError("need 1 <= min_per_page <= page_size <= 10000")
        super().__init__(credential=token)
        self.page_size = page_size
        self.min_per_page = min_per_page
        self._rows: list[dict[str, Any]] = []
        self._rng = random.Random(742)
        self._next_start = datetime(2024, 2, 5, 9, 0, tzinfo=MSK)
        if seed:
            for _ in range(27):
                self.add_attempt()

    @property
    def token(self) -> str:
        """The token the fake accepts."""
        return self._credential

    @property
    def attempts(self) -> list[dict[str, Any]]:
        """Copies of every stored row, in the order the export serves them."""
        with self._lock:
            return copy.deepcopy(self._ordered())

    @property
    def answers(self) -> list[dict[str, Any]]:
        """Every answer row of the stored attempts, in the order the answers export serves
        them."""
        with self._lock:
            return self._answers()

    def add_attempt(self, **fields: Any) -> dict[str, Any]:
        """Store one attempt row and return a copy of it.

        Unset fields get realistic values; ``fields`` are wire keys (``material_id``,
        ``login``, ``status``, ``started_at``, ...) and replace them. Timestamps may be given as
        timezone-aware datetimes. The id is a version-1 UUID of ``started_at`` unless given.
        """
        for key in _TIMESTAMP_KEYS:
            if isinstance(fields.get(key), datetime):
                fields[key] = _stamp(fields[key])
        with self._lock:
            row = self._generated_row(fields.get("started_at"))
            row.update(fields)
            self._rows.append(row)
            return copy.deepcopy(row)

    def _generated_row(self, started_text: str | None) -> dict[str, Any]:
        rng = self._rng
        if started_text is None:
            started = self._next_start
            self._next_start += timedelta(
                hours=rng.randint(3, 20), minutes=rng.randint(0, 59), seconds=rng.randint(0, 59)
            )
        else:
            started = datetime.fromisoformat(started_text)
        material_id = rng.choice(sorted(_MATERIALS))
        q_count = rng.randint(3, 15)
        q_checking = rng.randint(1, 2) if rng.random() < 0.15 else 0
        q_success = round((q_count - q_checking) * rng.uniform(0.3, 1.0))
        q_fail = q_count - q_checking - q_success
        percent = round(100 * q_success / q_count)
        passed = percent >= PASS_PERCENT
        status = "checking" if q_checking else "completed" if passed else "fail"
        ended: datetime | None = started + timedelta(seconds=rng.randint(40, 1800))
        if status == "fail" and rng.random() < 0.2:
            ended = None  # left without finishing: failed on the deadline
        last_change = ended or started + timedelta(hours=24)
        return {
            "id": _uuid1(started, rng),
            "material_id": material_id,
            "login": rng.choice(_LOGINS),
            "status": status,
            "number": rng.randint(1, 4) if rng.random() < 0.5 else None,
            "points": q_success * _MATERIALS[material_id],
            "percent": percent,
            "q_count": q_count,
            "q_success": q_success,
            "q_fail": q_fail,
            "q_checking": q_checking,
            "started_at": _stamp(started),
            "ended_at": _stamp(ended) if ended is not None else None,
            "created_at": _stamp(started + timedelta(seconds=rng.randint(1, 30))),
            # not kept in order by CleverLMS: may precede ended_at by a second or two
            "updated_at": _stamp(last_change + timedelta(seconds=rng.randint(-2, 600))),
        }

    def _ordered(self) -> list[dict[str, Any]]:
        return sorted(self._rows, key=lambda row: str(row["id"]))

    def _answers(self) -> list[dict[str, Any]]:
        rows = [answer for attempt in self._rows for answer in _answers_of(attempt)]
        return sorted(rows, key=lambda row: str(row["id"]))

    # --- the API

    def route(self, request: httpx.Request, path: str) -> httpx.Response:
        export = {ATTEMPTS_PATH: self._attempts_export, ANSWERS_PATH: self._answers_export}.get(
            path.rstrip("/")
        )
        if export is None:
            return self.not_found()
        if request.method != "GET":
            return json_response(self.error_body(405, "Method not allowed."), 405)
        params = request.url.params
        page = _positive_int(params.get("page", "1"))
        if page is None:
            return self._invalid("page", "The page must be an integer of at least 1.")
        per_page = _positive_int(params.get("perPage", str(self.page_size)))
        if per_page is None or not self.min_per_page <= per_page <= MAX_PER_PAGE:
            return self._invalid(
                "perPage", f"The per page must be between {self.min_per_page} and {MAX_PER_PAGE}."
            )
        try:
            rows = export(params)
        except _Invalid as exc:
            return self._invalid(exc.field, exc.message)
        start = (page - 1) * per_page
        return json_response({"data": rows[start : start + per_page]})

    def _attempts_export(self, params: httpx.QueryParams) -> list[dict[str, Any]]:
        after, until = _bounds(params, "The {label} does not match the format Y-m-d\\TH:i:sP.")
        return [
            row
            for row in self._ordered()
            if (after is None or datetime.fromisoformat(row["started_at"]) >= after)
            and (until is None or datetime.fromisoformat(row["started_at"]) <= until)
        ]

    def _answers_export(self, params: httpx.QueryParams) -> list[dict[str, Any]]:
        for name in ("companyId", "language"):
            if not params.get(name):
                raise _Invalid(name, "Value is required")
        if "filters[question]" in params:
            raise _Invalid("filters", "Filter question must be array")
        questions = params.get_list("filters[question][]")
        if not questions:
            raise _Invalid("filters", "Filter question is required")
        if not all(text.isascii() and text.isdigit() for text in questions):
            raise _Invalid("filters", "Filter question has not integer elements")
        reset = params.get("filters[with_reset]")
        if reset is not None and reset not in ("1", "0", "true", "false"):
            raise _Invalid("filters", "Filter with_reset must be boolean")
        wanted: dict[str, set[Any]] = {
            "question_type": _listed(params, "question_type", QUESTION_TYPES, "type", "types"),
            "status": _listed(params, "answer_status", ANSWER_STATUSES, "status", "statuses"),
            "login": set(params.get_list("filters[login][]")),
            "question_id": {int(text) for text in questions},
        }
        after, until = _bounds(params, "Invalid value format. Valid Y-m-d\\TH:i:sP")
        return [
            row
            for row in self._answers()
            if all(not values or row[key] in values for key, values in wanted.items())
            and (after is None or datetime.fromisoformat(row["created_at"]) >= after)
            and (until is None or datetime.fromisoformat(row["created_at"]) <= until)
        ]

    def _invalid(self, field: str, message: str) -> httpx.Response:
        return json_response(_errors(422, field, message), 422)

    def error_body(self, status: int, message: str) -> Any:
        """``{"errors": [{"code", "field", "message"}]}``; a 401 says ``Unauthenticated.``."""
        if status == 401:
            return _errors(401, "token", "Unauthenticated.")
        return _errors(status, None, message)


class _Invalid(Exception):
    """A parameter the export refuses with 422."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def _bounds(params: httpx.QueryParams, message: str) -> tuple[datetime | None, datetime | None]:
    """``afterDate`` and ``toDate``; ``message`` (with ``{label}``) when one is malformed."""
    bounds: list[datetime | None] = []
    for name, label in (("afterDate", "after date"), ("toDate", "to date")):
        text = params.get(name)
        moment = _php_datetime(text) if text is not None else None
        if text is not None and moment is None:
            raise _Invalid(name, message.format(label=label))
        bounds.append(moment)
    return bounds[0], bounds[1]


def _listed(
    params: httpx.QueryParams, name: str, allowed: tuple[str, ...], what: str, whats: str
) -> set[str]:
    """The values of ``filters[name][]``, each one of ``allowed``."""
    values = set(params.get_list(f"filters[{name}][]"))
    if not values <= set(allowed):
        raise _Invalid(
            "filters",
            f"Filter {name} has not valid {what}. Allowed {whats}: {', '.join(allowed)}",
        )
    return values


def _question_type(number: int) -> str:
    """Every fifth question of a test is open, every seventh (of the others) asks to pick an
    image; the rest are multiple choice."""
    if number % 5 == 4:
        return "open-question"
    return "select-image" if number % 7 == 3 else "mcq"


def _answers_of(attempt: dict[str, Any]) -> list[dict[str, Any]]:
    """The answer rows of one attempt row: one per question, consistent with its counts
    (none when its values cannot be read). Drawn from a random stream of the attempt's own,
    so they are the same on every request."""
    try:
        return _answer_rows(attempt)
    except (KeyError, TypeError, ValueError):  # a row given odd values by a test
        return []


def _answer_rows(attempt: dict[str, Any]) -> list[dict[str, Any]]:
    rng = random.Random(str(attempt["id"]))
    material = int(attempt["material_id"])
    points = _MATERIALS.get(material, 1)
    count = min(int(attempt["q_count"]), QUESTIONS_PER_MATERIAL)
    checking = min(int(attempt["q_checking"]), count)
    # the answers waiting for a reviewer are those to open questions (while there are some)
    every = range(QUESTIONS_PER_MATERIAL)
    reviewed = sorted(every, key=lambda n: _question_type(n) != "open-question")[:checking]
    numbers = sorted([*reviewed, *[n for n in every if n not in reviewed][: count - checking]])
    failed = int(attempt["q_fail"])
    unanswered = (failed + 1) // 2 if attempt["ended_at"] is None else 0  # left unfinished
    graded = ["success"] * int(attempt["q_success"]) + ["fail"] * (failed - unanswered)
    rng.shuffle(graded)
    graded += ["not_answer"] * unanswered  # the last questions were never answered
    rest = iter(graded)
    started = datetime.fromisoformat(attempt["started_at"])
    rows = []
    for position, number in enumerate(numbers):
        kind = _question_type(number)
        status = "checking" if number in reviewed else next(rest, "not_answer")
        question_id = 6000 + (material % 1000) * QUESTIONS_PER_MATERIAL + number
        chosen = [] if kind == "open-question" or status == "not_answer" else [question_id * 4]
        given = started + timedelta(seconds=20 * (position + 1) + rng.randint(0, 15))
        rows.append(
            {
                "id": _uuid1(given, rng),
                "attempt_id": attempt["id"],
                "attempt_number": attempt["number"],
                "material_id": material,
                "question_id": question_id,
                "question_type": kind,
                "login": attempt["login"],
                "status": status,
                "score": points if status == "success" else 0,
                "text": _OPEN_TEXT if kind == "open-question" and status != "not_answer" else None,
                "created_at": _stamp(given),
                "answers": chosen,
            }
        )
    return rows


def _errors(code: int, field: str | None, message: str) -> dict[str, Any]:
    return {"errors": [{"code": code, "field": field, "message": message}]}


def _php_datetime(text: str) -> datetime | None:
    """``Y-m-d\\TH:i:sP`` read strictly; None when it is not that, or not a real moment."""
    if not _PHP_DATETIME.fullmatch(text):
        return None
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        return None


def _positive_int(text: str) -> int | None:
    return int(text) if text.isascii() and text.isdigit() and int(text) >= 1 else None
