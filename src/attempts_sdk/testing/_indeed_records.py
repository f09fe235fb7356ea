"""The wire records of `FakeIndeed`: its assessments' questions, candidates' attempts and
answers, the role and assessment catalogue, and an assignment's totals.

Pure functions of a seeded `random.Random` (the same seed gives the same records).
"""

from __future__ import annotations

import copy
import random
import string
from datetime import datetime, timedelta, timezone
from typing import Any

from ._base import iso_ms
from ._indeed_data import (
    ASSESSMENT_INFO,
    ASSESSMENTS,
    DOC_ASSESSMENTS,
    DOC_ROLES,
    ROLE_DESCRIPTIONS,
    ROLES,
    SAMPLE_TEXT,
)

__all__ = ["catalogue", "make_attempt", "question_records", "slug", "total"]

UTC = timezone.utc


def slug(rng: random.Random, length: int) -> str:
    """A random id of lower-case letters and digits, as Indeed's."""
    return "".join(rng.choices(string.ascii_lowercase + string.digits, k=length))


def question_records(rng: random.Random, assessment: str) -> list[dict[str, Any]]:
    """The questions of one of the fake's assessments, with their choices."""
    records = []
    for label, choices in ASSESSMENTS[assessment]:
        options = [
            {"id": slug(rng, 16), "value": value, "correct_answer": index == 0}
            for index, value in enumerate(choices or [])
        ]
        rng.shuffle(options)
        kind = "Multiple choice" if choices else "Single line text"
        records.append(
            {
                "id": slug(rng, 16),
                "label": label,
                "instructions": f"Help instructions for a question of type {kind}",
                "choices": options,
            }
        )
    return records


def catalogue(
    assessment_ids: dict[str, str], role_ids: dict[str, str]
) -> tuple[dict[str, dict[str, Any]], dict[str, dict[str, Any]]]:
    """The assessment and role records by id: the documentation's, and the fake's own (named
    -> id in ``assessment_ids`` / ``role_ids``), drawn from their own random stream."""
    rng = random.Random(4005)
    created = datetime(2024, 1, 15, 9, 30, tzinfo=UTC)
    records = {a["id"]: copy.deepcopy(a) for a in DOC_ASSESSMENTS}
    for name, slug in assessment_ids.items():
        description, category, duration = ASSESSMENT_INFO[name]
        records[slug] = {
            "id": slug,
            "name": name,
            "description": description,
            "automatically_scored": True,
            "estimated_duration": duration,
            "language": "English",
            "subject_category": category,
            "preview_token": "".join(rng.choices(string.ascii_letters + "_-", k=11)),
            "public_library": True,
            "status": "published_and_locked",
            "created_at": iso_ms(created),
            "updated_at": iso_ms(created + timedelta(minutes=rng.randint(1, 90))),
        }
    roles = {r["id"]: copy.deepcopy(r) for r in DOC_ROLES}
    for name, slug in role_ids.items():
        roles[slug] = {
            "id": slug,
            "name": name,
            "description": ROLE_DESCRIPTIONS[name],
            "completion_redirect_url": None,
            "status": "published_and_locked",
            "created_at": iso_ms(created + timedelta(days=1)),
            "updated_at": iso_ms(created + timedelta(days=1, hours=2)),
            "url": f"https://acme.indeedassessments.com/roles/{slug}",
            "assessments": [
                {"assessment": copy.deepcopy(records[assessment_ids[assessment]])}
                for assessment in ROLES[name]
            ],
        }
    return records, roles


def make_attempt(
    rng: random.Random,
    assessment: str,
    assessment_id: str,
    questions: list[dict[str, Any]],
    start: datetime,
    *,
    finished: bool,
) -> dict[str, Any]:
    """A candidate's attempt at an assessment from ``start``, finished or in progress."""
    skill = rng.uniform(0.4, 1.0)
    answered = len(questions) if finished else rng.randint(1, len(questions) - 1)
    steps: list[dict[str, Any]] = []
    moment, score, count = start, 0.0, 0
    for sequence, (step_name, step_questions) in enumerate(
        (("Multiple choice", questions[:-1]), ("Short answer", questions[-1:])), start=1
    ):
        answers = []
        for question in step_questions[: max(answered - count, 0)]:
            answers.append(make_answer(rng, assessment, question, skill))
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
        pause = timedelta(seconds=seconds + rng.randint(2, 15), milliseconds=rng.randint(1, 999))
        moment += pause
    possible = float(len(questions))
    return {
        "id": slug(rng, 16),
        "completion_time_in_seconds": int((moment - start).total_seconds()) if finished else None,
        "scoring_completed": finished,
        "pending_review_count": 0,
        "started_at": iso_ms(start),
        "completed_at": iso_ms(moment) if finished else None,
        "created_at": iso_ms(start - timedelta(seconds=rng.randint(1, 5))),
        "updated_at": iso_ms(moment + timedelta(milliseconds=rng.randint(50, 900))),
        "score": score if finished else None,
        "possible_score": possible if finished else None,
        "percentage_score": score / possible if finished else None,
        "assessment": {"id": assessment_id, "name": assessment},
        "step_progressions": steps,
    }


def make_answer(
    rng: random.Random, assessment: str, question: dict[str, Any], skill: float
) -> dict[str, Any]:
    """An answer to one question, right with probability ``skill``."""
    right = rng.random() < skill
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


def total(assignment: dict[str, Any]) -> None:
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
