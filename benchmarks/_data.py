"""Deterministic, realistic Testpress student-API attempts and their list pages.

The records have the shape of ``GET /api/v2.2/attempts/`` items (the seed's
``list_attempts.json``, an ``exam`` object embedded in each attempt), with the values a real
server sends: ISO 8601 timestamps with milliseconds and ``Z`` (``created``, ``date``,
``last_started_time``) or ``+05:30`` offsets (exam windows, some restarts), durations as
``H:MM:SS``, decimal strings such as ``"87.50"``, states ``Completed`` and ``Running``.
As in a real export, some values repeat across records (the embedded exams, usernames,
durations, scores) and others are distinct (ids, timestamps).

Record ``i`` depends only on ``(seed, i)``, so a page can be generated on its own (the
memory benchmark builds 2,000 pages on the fly).
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from functools import cache

import orjson

from attempts_sdk._json import JSONValue

__all__ = [
    "BASE_URL",
    "LIST_PATH",
    "Record",
    "RecycledPages",
    "attempt",
    "attempts",
    "list_url",
    "page_body",
    "page_bytes",
]

Record = dict[str, JSONValue]
"""One attempt as the server sends it."""

BASE_URL = "https://bench.testpress.in"
"""The institute URL the benchmarks point their clients at (never reached: mock transports)."""

LIST_PATH = "/api/v2.2/attempts/"
"""The path of the attempts list."""

UTC = timezone.utc
IST = timezone(timedelta(hours=5, minutes=30))
EPOCH = datetime(2025, 6, 2, 9, 0, tzinfo=UTC)
EXAM_COUNT = 40
BASE_ID = 900_000

COURSES = ("TNPSC", "UPSC Prelims", "SSC CGL", "IBPS PO", "NEET", "JEE Main", "CAT")
SUBJECTS = (
    "General Studies",
    "Quantitative Aptitude",
    "Reasoning",
    "English Language",
    "Physics",
    "Chemistry",
    "Biology",
    "Current Affairs",
    "Indian Polity",
    "Data Interpretation",
)
KINDS = ("Mock Test", "Sectional Test", "Full Length Test", "Previous Year Paper", "Daily Quiz")
DURATIONS = (10800, 7200, 5400, 3600, 2700, 1800, 11547)
FIRST_NAMES = ("priya", "arjun", "kavya", "rahul", "ananya", "vikram", "divya", "karthik", "meera")
LAST_NAMES = (
    "sharma",
    "iyer",
    "reddy",
    "nair",
    "patel",
    "kumar",
    "singh",
    "menon",
    "rao",
    "pillai",
)


def _hms(seconds: int) -> str:
    """A duration as Testpress writes it (Python's ``str(timedelta)`` under a day)."""
    return f"{seconds // 3600}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"


def _iso_z(moment: datetime) -> str:
    """UTC with milliseconds and ``Z``: ``2025-11-07T07:12:49.873Z``."""
    moment = moment.astimezone(UTC)
    return f"{moment:%Y-%m-%dT%H:%M:%S}.{moment.microsecond // 1000:03d}Z"


def _iso_ist(moment: datetime, *, millis: bool) -> str:
    """India time with its offset: ``2025-11-07T12:37:11+05:30`` (optionally ``.873``)."""
    moment = moment.astimezone(IST)
    fraction = f".{moment.microsecond // 1000:03d}" if millis else ""
    return f"{moment:%Y-%m-%dT%H:%M:%S}{fraction}+05:30"


def _money(value: Decimal) -> str:
    return str(value.quantize(Decimal("0.01")))


@cache
def _exams(seed: int, host: str) -> tuple[Record, ...]:
    """The exams the attempts are at: a fixed catalogue, embedded (repeated) in every attempt."""
    rng = random.Random(f"exams:{seed}")
    exams: list[Record] = []
    for number in range(EXAM_COUNT):
        course = COURSES[number % len(COURSES)]
        title = f"{course} {rng.choice(SUBJECTS)} {rng.choice(KINDS)} {number + 1}"
        slug = title.lower().replace(" ", "-")
        created = EPOCH + timedelta(days=4 * number, seconds=rng.randrange(86_400))
        created += timedelta(microseconds=rng.randrange(1000) * 1000)
        start = created + timedelta(minutes=rng.randrange(5, 600))
        start = start.replace(microsecond=0)
        windowed = rng.random() < 0.6
        ranked = rng.random() < 0.5
        negative = rng.choice(("0.00", "0.25", "0.33", "0.50", "1.00"))
        exams.append(
            {
                "url": f"{host}/api/v2.2/exams/{slug}/",
                "id": 3000 + number * 17,
                "title": title,
                "description": "" if rng.random() < 0.7 else f"Covers {rng.choice(SUBJECTS)}.",
                "course": course,
                "start_date": _iso_ist(start, millis=False),
                "end_date": (
                    _iso_ist(start + timedelta(days=rng.randrange(1, 60)), millis=False)
                    if windowed
                    else None
                ),
                "duration": _hms(rng.choice(DURATIONS)),
                "number_of_questions": rng.choice((25, 50, 100, 150, 200)),
                "negative_marks": negative,
                "mark_per_question": rng.choice(("1.00", "2.00", "4.00")),
                "template_type": rng.choice((1, 2, 3)),
                "allow_retake": rng.random() < 0.7,
                "max_retakes": rng.choice((None, None, 1, 2, 3)),
                "enable_ranks": ranked,
                "rank_publishing_date": (
                    f"{start.astimezone(UTC):%Y-%m-%dT%H:%M:%S}Z" if ranked else None
                ),
                "allow_pdf": rng.random() < 0.3,
                "created": _iso_z(created),
                "slug": slug,
                "variable_mark_per_question": rng.random() < 0.1,
                "show_answers": rng.random() < 0.8,
            }
        )
    return tuple(exams)


def attempt(index: int, *, seed: int = 0, host: str = BASE_URL) -> Record:
    """Attempt number ``index`` of the list (newest first): the same for the same arguments."""
    rng = random.Random(seed * 1_000_003 + index)
    exams = _exams(seed, host)
    exam = exams[min(int(rng.expovariate(0.15)), len(exams) - 1)]  # a few popular exams
    attempt_id = BASE_ID - index
    url = f"{host}/api/v2.2/attempts/{attempt_id}/"
    exam_seconds = _seconds(exam["duration"])
    questions = exam["number_of_questions"]
    assert isinstance(questions, int)
    started = EPOCH + timedelta(days=180) - timedelta(seconds=index * 347 + rng.randrange(300))
    started += timedelta(microseconds=rng.randrange(1000) * 1000)
    completed = rng.random() < 0.92
    if completed:
        taken = rng.randrange(60, exam_seconds + 1)
        remaining = 0
        correct = rng.randrange(questions + 1)
        incorrect = rng.randrange(questions - correct + 1)
        unanswered = questions - correct - incorrect
        mark = Decimal(str(exam["mark_per_question"]))
        score = correct * mark - incorrect * Decimal(str(exam["negative_marks"]))
        percentage = score * 100 / (questions * mark)
    else:
        taken = rng.randrange(60, exam_seconds // 2 + 61)
        remaining = exam_seconds - taken
        correct = incorrect = 0
        unanswered = questions
        score = percentage = Decimal(0)
    restarted = started + timedelta(seconds=rng.randrange(0, taken + 1))
    max_rank = 40 + (_number(exam["id"]) * 37) % 4000
    return {
        "url": url,
        "id": attempt_id,
        "exam": dict(exam),
        "user": f"{rng.choice(FIRST_NAMES)}.{rng.choice(LAST_NAMES)}{rng.randrange(100)}",
        "date": _iso_z(started),
        "total_questions": questions,
        "score": _money(score),
        "review_url": f"{url}review/",
        "questions_url": f"{url}questions/",
        "percentile": rng.randrange(101) if rng.random() < 0.3 else round(rng.uniform(0, 100), 2),
        "correct_count": correct,
        "incorrect_count": incorrect,
        "last_started_time": (
            _iso_ist(restarted, millis=True) if rng.random() < 0.2 else _iso_z(restarted)
        ),
        "remaining_time": _hms(remaining),
        "time_taken": _hms(taken),
        "state": "Completed" if completed else "Running",
        "rank": rng.randrange(1, max_rank + 1) if completed else 0,
        "max_rank": max_rank,
        "percentage": _money(percentage) if completed else "0",
        "unanswered_count": unanswered,
        "commented_questions_count": 0 if rng.random() < 0.9 else rng.randrange(1, 4),
        "comments_count": 0 if rng.random() < 0.85 else rng.randrange(1, 9),
        "allow_retake": exam["allow_retake"],
        "remaining_attempts": rng.choice((None, 0, 1, 2)) if exam["allow_retake"] else 0,
        "total_bonus": 0 if rng.random() < 0.95 else rng.choice(("1.00", "2.50")),
    }


def _number(value: JSONValue) -> int:
    assert isinstance(value, int)
    return value


def _seconds(text: JSONValue) -> int:
    assert isinstance(text, str)
    hours, minutes, seconds = (int(part) for part in text.split(":"))
    return hours * 3600 + minutes * 60 + seconds


def attempts(count: int, *, start: int = 0, seed: int = 0, host: str = BASE_URL) -> list[Record]:
    """Attempts ``start`` .. ``start + count - 1`` of the list."""
    return [attempt(index, seed=seed, host=host) for index in range(start, start + count)]


def list_url(page: int, *, host: str = BASE_URL) -> str:
    """The URL of a page of the attempts list, as DRF writes ``next``/``previous``."""
    return f"{host}{LIST_PATH}" if page == 1 else f"{host}{LIST_PATH}?page={page}"


def page_body(
    results: list[Record], *, page: int, per_page: int, count: int, host: str = BASE_URL
) -> bytes:
    """A DRF page ``{"count", "next", "previous", "per_page", "results"}`` as compact JSON
    (DRF's renderer writes no spaces)."""
    last = max(1, -(-count // per_page))
    body = {
        "count": count,
        "next": list_url(page + 1, host=host) if page < last else None,
        "previous": list_url(page - 1, host=host) if page > 1 else None,
        "per_page": per_page,
        "results": results,
    }
    return orjson.dumps(body)


def page_bytes(
    page: int, *, per_page: int, count: int, seed: int = 0, host: str = BASE_URL
) -> bytes:
    """Page ``page`` (from 1) of a list of ``count`` attempts, generated on its own."""
    start = (page - 1) * per_page
    size = max(0, min(per_page, count - start))
    return page_body(
        attempts(size, start=start, seed=seed, host=host),
        page=page,
        per_page=per_page,
        count=count,
        host=host,
    )


class RecycledPages:
    """Pages of a long list made cheaply from a pool of generated attempts (the memory
    benchmark's 200,000 items would otherwise spend most of its traced time generating).

    Attempt ``i`` is pool record ``i % pool`` with its own id, URLs and timestamps (shifted
    back by the time the list spans per cycle of the pool), so no two attempts are the same.
    """

    def __init__(self, count: int, *, per_page: int, pool: int = 2000, host: str = BASE_URL):
        self.count = count
        self.per_page = per_page
        self._host = host
        self._pool = attempts(min(pool, count), host=host)
        self._span = timedelta(seconds=347 * len(self._pool))  # see `attempt`: 347 s apart

    def record(self, index: int) -> Record:
        """Attempt ``index`` of the list."""
        cycle, slot = divmod(index, len(self._pool))
        record = dict(self._pool[slot])
        attempt_id = BASE_ID - index
        url = f"{self._host}/api/v2.2/attempts/{attempt_id}/"
        record["url"] = url
        record["id"] = attempt_id
        record["review_url"] = f"{url}review/"
        record["questions_url"] = f"{url}questions/"
        if cycle:
            for key in ("date", "last_started_time"):
                record[key] = _shift(record[key], self._span * cycle)
        return record

    def page(self, page: int) -> bytes:
        """Page ``page`` (from 1) as the server sends it."""
        start = (page - 1) * self.per_page
        stop = min(start + self.per_page, self.count)
        return page_body(
            [self.record(index) for index in range(start, stop)],
            page=page,
            per_page=self.per_page,
            count=self.count,
            host=self._host,
        )


def _shift(text: JSONValue, back: timedelta) -> str:
    """A timestamp written by `_iso_z` or `_iso_ist`, moved ``back`` in the same style."""
    assert isinstance(text, str)
    moment = datetime.fromisoformat(text) - back
    return _iso_z(moment) if text.endswith("Z") else _iso_ist(moment, millis="." in text)
