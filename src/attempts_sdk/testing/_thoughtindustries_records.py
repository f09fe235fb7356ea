"""The wire records of `FakeThoughtIndustries`: courses, topics, learners, assessment attempts
(with their answers and questions) and the quiz-attempt events an attempt gives rise to.

Pure functions of a seeded `random.Random` (the same seed gives the same records). Keys that
start with ``_`` are the fake's own and never served (`public`).
"""

from __future__ import annotations

import copy
import random
import uuid
from datetime import datetime, timedelta, timezone
from typing import Any

from ._base import iso_ms
from ._thoughtindustries_data import COMPANY_ID, COURSES, Question

__all__ = [
    "has_essay",
    "make_attempt",
    "make_course",
    "make_user",
    "new_id",
    "public",
    "quiz_events",
]

UTC = timezone.utc
_EVENTS = uuid.UUID("3f1d7c2a-9b8e-4c61-a5d0-7e2f4b9c1a63")  # namespace of the event ids


def new_id(rng: random.Random) -> str:
    """A random (version 4) uuid drawn from ``rng``."""
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def make_course(
    rng: random.Random, title: str, assessments: list[tuple[str, str, int, list[Question]]]
) -> dict[str, Any]:
    """A course record (with its topics under ``_topics``)."""
    created = datetime(2023, rng.randint(1, 10), rng.randint(1, 28), 10, tzinfo=UTC)
    slug = title.lower().replace(" ", "-")
    topics = [make_topic(rng, *assessment, created) for assessment in assessments]
    return {
        "id": new_id(rng),
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
        "topicGroupId": new_id(rng),
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


def make_topic(
    rng: random.Random,
    title: str,
    kind: str,
    passing: int,
    specs: list[Question],
    created: datetime,
) -> dict[str, Any]:
    """A topic (course page) holding one assessment; its questions are under ``_questions``."""
    questions = [make_question_spec(rng, body, choices) for body, choices in specs]
    topic_id = new_id(rng)
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


def make_question_spec(rng: random.Random, body: str, choices: list[str] | None) -> dict[str, Any]:
    """A question of an assessment: an essay when ``choices`` is None, else its choices
    shuffled (the first one given is the right one)."""
    if choices is None:
        return {"questionId": new_id(rng), "body": body, "type": "essay", "choices": []}
    options = [{"value": text, "correct": i == 0} for i, text in enumerate(choices)]
    rng.shuffle(options)
    kind = "booleanChoice" if choices[0] in ("Yes", "No") else "multipleChoice"
    return {"questionId": new_id(rng), "body": body, "type": kind, "choices": options}


def make_user(rng: random.Random, first: str, last: str, city: str, country: str) -> dict[str, Any]:
    """A learner's user record."""
    created = datetime(2023, rng.randint(1, 12), rng.randint(1, 28), 9, tzinfo=UTC)
    user: dict[str, Any] = {
        "id": new_id(rng),
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


def make_attempt(
    rng: random.Random,
    course: dict[str, Any],
    user: dict[str, Any],
    topic: dict[str, Any],
    created: datetime,
    status: str,
) -> dict[str, Any]:
    """One learner's attempt at a topic's assessment, answered with a random skill."""
    specs = topic["_questions"]
    skill = rng.uniform(0.45, 1.0)
    answered = len(specs) if status != "started" else rng.randint(1, len(specs) - 1)
    answers: list[dict[str, Any]] = []
    questions: list[dict[str, Any]] = []
    for index, spec in enumerate(specs):
        given = learner_response(rng, spec, skill, status) if index < answered else None
        if given is not None:
            answers.append(
                {
                    "id": new_id(rng),
                    "question": spec["body"],
                    "answer": given["text"],
                    "correct": given["correct"],
                    "hasDefaultGrade": False,
                }
            )
        questions.append(question_record(spec, given))
    score = round(100 * sum(answer["correct"] is True for answer in answers) / len(specs))
    passing = topic["_minPassingPercent"]
    grade = score if status == "finished" else None
    elapsed = rng.randint(60, 90) * answered + rng.randint(0, 240)
    return {
        "id": new_id(rng),
        "assessment": {
            "id": topic["id"],
            "type": topic["type"],
            "title": topic["title"],
            "minPassingPercent": passing,
        },
        "answers": answers,
        "course": public(course),
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
        "topic": public(topic),
        "topicId": topic["id"],
    }


def learner_response(
    rng: random.Random, spec: dict[str, Any], skill: float, status: str
) -> dict[str, Any]:
    """The learner's answer to one question: ``text``, the ``choice`` picked, and whether
    it is ``correct`` (None for an essay not graded yet)."""
    right = rng.random() < skill
    if spec["type"] == "essay":
        text = "I would first confirm the facts, then follow up in writing."
        return {"text": text, "correct": right if status == "finished" else None}
    options = [choice for choice in spec["choices"] if choice["correct"] == right]
    choice = rng.choice(options)
    return {"text": choice["value"], "choice": choice, "correct": choice["correct"]}


def public(record: dict[str, Any]) -> dict[str, Any]:
    """A record as served: without the fake's own ``_`` keys."""
    return copy.deepcopy({key: value for key, value in record.items() if not key.startswith("_")})


def question_record(spec: dict[str, Any], given: dict[str, Any] | None) -> dict[str, Any]:
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


def has_essay(topic: dict[str, Any]) -> bool:
    return any(question["type"] == "essay" for question in topic["_questions"])


def quiz_events(attempt: dict[str, Any]) -> list[dict[str, Any]]:
    """The quiz-attempt events of one attempt: ``started`` when it was created and, once
    submitted, ``completed`` when it was last updated. Their fields are those Thought
    Industries' other event feeds carry (the quiz-attempt feed documents none); the ids are
    derived from the attempt's, so they are the same on every request."""
    user = attempt["user"]
    detail = {
        "id": user["id"],
        "state": user.get("state"),
        "country": user.get("country"),
        "client": user.get("clientId"),
        **{f"ref{n}": user.get(f"ref{n}") for n in range(1, 11)},
    }
    moments = [("started", attempt["createdAt"])]
    if attempt["status"] != "started":
        moments.append(("completed", attempt["updatedAt"]))
    return [
        {
            "id": str(uuid.uuid5(_EVENTS, f"{attempt['id']}:{kind}")),
            "event": "quizAttempt",
            "kind": kind,
            "timestamp": moment,
            "companyId": COMPANY_ID,
            "notifiableId": attempt["id"],
            "courseId": attempt["courseId"],
            "courseTitle": attempt["course"]["title"],
            "topicId": attempt["topicId"],
            "topicTitle": attempt["topic"]["title"],
            "user": user["email"],
            "userDetail": copy.deepcopy(detail),
        }
        for kind, moment in moments
    ]
