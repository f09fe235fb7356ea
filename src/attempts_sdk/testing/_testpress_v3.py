"""`FakeTestpress`'s admin API v3: an attempt's answers, and the chapter-content attempts.

Both answer a DRF page whose ``results`` is an object: the page's items, and the records they
refer to in lists of their own (only those the page's items name). Every exam attempt is also
a chapter-content attempt (``content_type`` ``"assessment"``, its user exam being the attempt);
the seeded videos, notes, live streams and video conferences have attempts of their own.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import date, datetime
from decimal import Decimal

import httpx

from ._base import FakeAPI, json_response
from ._testpress_api import StudentAPI
from ._testpress_records import (
    COMPLETED,
    DEFAULT_START,
    Attempt,
    Body,
    Content,
    ContentAttempt,
    Course,
    Exam,
    Question,
    User,
    date_param,
    day,
    error,
    iso,
    money,
)

TYPE_NAMES = {"R": "MCQ, Single Correct", "C": "MCQ, Multiple Correct", "E": "Essay"}
# a chapter content's type: (the word of content attempts, the ``content_type`` filter code)
CONTENT_TYPES = {
    "Exam": ("assessment", 1),
    "Video": ("video", 3),
    "Attachment": ("attachment", 4),
    "Notes": ("notes", 5),
    "VideoConference": ("videoConference", 7),
    "Live Stream": ("live_stream", 8),
}
_ID_FILTERS = ("user_ids", "course_ids", "chapter_ids", "chapter_content_ids")
STATE_CODES = {"Started": 0, "Completed": 1, "Pending Evaluation": 2, "Evaluation Completed": 3}
# the lists of the records a content attempt refers to: (its field holding the id, the list)
RELATED = (
    ("user_id", "users"),
    ("course_id", "courses"),
    ("chapter_content_id", "chapter_contents"),
    ("assessment_id", "user_exams"),
    ("user_video_id", "user_videos"),
    ("user_video_conference_id", "user_video_conferences"),
    ("user_live_stream_id", "user_live_streams"),
)
RECORD_FIELDS = {
    "Video": "user_video_id",
    "Notes": "user_content_id",
    "Attachment": "user_attachment_id",
    "VideoConference": "user_video_conference_id",
    "Live Stream": "user_live_stream_id",
}


def exam_question_id(question: Question) -> int:
    """The id of a question as placed in its exam (each fake exam has its own questions)."""
    return 700_000 + question.id


class AdminV3API(StudentAPI):
    """The admin v3 handlers and bodies."""

    # --- an attempt's answers

    def _admin_answers(self, request: httpx.Request, match: re.Match[str]) -> httpx.Response:
        self._admin(request)
        attempt = self._attempts.get(int(match["attempt_id"]))
        if attempt is None:
            raise error(404, "Not found.")
        answers = [
            {
                "id": item.id,
                "exam_question_id": exam_question_id(item.question),
                "selected_answers": list(item.selected),
                "result": item.outcome().title(),
                "duration": None if item.duration is None else round(item.duration),
                "review": bool(item.review),
                "guessed": None,
            }
            for item in attempt.items
        ]

        def wrap(page: list[Body]) -> Body:
            questions = [self._items[answer["id"]].question for answer in page]
            return {
                "user_answers": page,
                "exam_questions": [self._exam_question_body(attempt.exam, q) for q in questions],
            }

        return self._page(request, answers, wrap)

    def _exam_question_body(self, exam: Exam, question: Question) -> Body:
        marks, negative = exam.marks_of(question)
        return {
            "id": exam_question_id(question),
            "question_id": question.id,
            "section_id": exam.id * 10,
            "question_html": question.question_html,
            "type": TYPE_NAMES.get(question.type, question.type),
            "marks": money(marks),
            "negative_marks": money(negative),
            "partial_marks": None,
            "direction": question.direction,
            "answers": [{"id": a.id, "text_html": a.text_html} for a in question.answers],
            "difficulty_level": question.difficulty,
            "order": exam.questions.index(question),
            "is_bonus": False,
            "exam_id": exam.id,
        }

    # --- chapter-content attempts

    def _admin_content(self, request: httpx.Request, match: re.Match[str]) -> httpx.Response:
        self._admin(request)
        params = request.url.params
        errors: dict[str, list[str]] = {}
        ids = {key: _ids(params, key, errors) for key in _ID_FILTERS}
        numbers = {key: _ids(params, key, errors) for key in ("exam_id", "content_type", "state")}
        dates = {
            key: date_param(params, key, errors)
            for key in ("completed_date", "completed_after", "completed_before")
        }
        if errors:
            return json_response(errors, 400)
        rows = [self._assessment_row(a) for a in self._attempts.values()]
        rows += [self._content_row(a) for a in self._content_attempts.values()]
        kept = []
        for body in rows:
            content = self._contents[body["chapter_content_id"]]
            values = {
                "user_ids": body["user_id"],
                "course_ids": body["course_id"],
                "chapter_ids": body["chapter_id"],
                "chapter_content_ids": body["chapter_content_id"],
                "exam_id": content.exam.id if content.exam else None,
                "content_type": CONTENT_TYPES[content.content_type][1],
                "state": STATE_CODES[body["state"]],
            }
            if any(wanted is not None and values[key] not in wanted for key, wanted in ids.items()):
                continue
            if any(
                wanted is not None and values[key] not in wanted for key, wanted in numbers.items()
            ):
                continue
            if any(dates.values()) and not _completed_within(body, dates):
                continue
            kept.append(body)
        kept.sort(key=lambda body: (body["created"], body["id"]), reverse=True)
        origin = FakeAPI.origin(request)
        return self._page(request, kept, lambda page: self._content_page(page, origin))

    def _assessment_row(self, attempt: Attempt) -> Body:
        content = self._exam_content(attempt.exam)
        tally = attempt.tally()
        state = "Started"
        if attempt.state == COMPLETED:
            essays = any(i.essay_text for i in attempt.items if i.question.type == "E")
            state = "Pending Evaluation" if essays else "Completed"
        return {
            **self._row_base(content, attempt.content_attempt_id, attempt.user.id),
            "content_type": "assessment",
            "state": state,
            "remaining_time": f"{attempt.remaining():.2f}",
            "assessment_id": attempt.id,
            "correct_answers_count": tally.correct,
            "incorrect_answers_count": tally.incorrect,
            "created": iso(attempt.date),
            "completed_on": iso(attempt.ended) if attempt.ended else None,
        }

    def _content_row(self, attempt: ContentAttempt) -> Body:
        content = attempt.content
        body = self._row_base(content, attempt.id, attempt.user.id)
        body.update(
            content_type=CONTENT_TYPES[content.content_type][0],
            state="Completed" if attempt.completed else "Started",
            created=iso(attempt.created),
            completed_on=(
                iso(attempt.created + attempt.minutes * 60) if attempt.completed else None
            ),
        )
        body[RECORD_FIELDS[content.content_type]] = attempt.record_id
        return body

    @staticmethod
    def _row_base(content: Content, row_id: int, user_id: int) -> Body:
        return {
            "id": row_id,
            "user_id": user_id,
            "course_id": content.course.id,
            "chapter_id": content.chapter_id,
            "chapter_content_id": content.id,
            "content_type": None,
            "state": None,
            "remaining_time": None,
            "assessment_id": None,
            "user_video_conference_id": None,
            "user_video_id": None,
            "user_live_stream_id": None,
            "user_content_id": None,
            "user_attachment_id": None,
            "created": None,
            "completed_on": None,
        }

    def _content_page(self, page: list[Body], origin: str) -> Body:
        """The ``results`` object: the page's attempts and the records they name."""
        users = {u.id: u for u in self._users.values()}
        courses = {c.id: c for c in self._courses.values()}
        records = {a.record_id: a for a in self._content_attempts.values()}
        build: dict[str, Callable[[int], Body]] = {
            "users": lambda i: _user_body(users[i]),
            "courses": lambda i: self._course_body(courses[i], origin),
            "chapter_contents": lambda i: self._chapter_content_body(self._contents[i]),
            "user_exams": lambda i: self._user_exam_body(self._attempts[i]),
            "user_videos": lambda i: _user_video_body(records[i]),
            "user_video_conferences": lambda i: _conference_body(records[i], origin),
            "user_live_streams": lambda i: _live_stream_body(records[i]),
        }
        results: Body = {"content_attempts": page}
        for key, name in RELATED:
            wanted = dict.fromkeys(row[key] for row in page if row[key] is not None)
            results[name] = [build[name](i) for i in wanted]
        return results

    def _course_body(self, course: Course, origin: str) -> Body:
        contents = [c for c in self._contents.values() if c.course is course]
        kinds = [c.content_type for c in contents]
        return {
            "id": course.id,
            "title": course.title,
            "description": "",
            "image": f"{origin}/static/courses/{course.slug}.png",
            "created_by": 1,
            "created": DEFAULT_START.isoformat(),
            "modified": DEFAULT_START.isoformat(),
            "slug": course.slug,
            "chapters_count": len(course.chapters),
            "contents_count": len(contents),
            "exams_count": kinds.count("Exam"),
            "videos_count": kinds.count("Video"),
            "attachments_count": kinds.count("Attachment"),
            "html_contents_count": kinds.count("Notes"),
            "order": course.order,
            "max_allowed_views_per_video": None,
            "max_allowed_watch_minutes": None,
        }

    def _chapter_content_body(self, content: Content) -> Body:
        exam = content.exam
        return {
            "id": content.id,
            "order": content.order,
            "chapter_id": content.chapter_id,
            "free_preview": False,
            "title": content.title,
            "course_id": content.course.id,
            "exam_id": exam.id if exam else None,
            "content_id": content.id if content.content_type == "Notes" else None,
            "video_id": content.id + 10_000 if content.content_type == "Video" else None,
            "attachment_id": None,
            "content_type": content.content_type,
            "start": (exam.start_date if exam else DEFAULT_START).isoformat(),
            "end": exam.end_date.isoformat() if exam and exam.end_date else None,
            "description": "",
        }

    def _user_exam_body(self, attempt: Attempt) -> Body:
        tally = attempt.tally()
        _, rank, _ = self._ranking(attempt)
        result = self._result(attempt)
        return {
            "id": attempt.id,
            "exam_id": attempt.exam.id,
            "user_id": attempt.user.id,
            "total_score": money(tally.score),
            "number_of_correct_answers": tally.correct,
            "number_of_incorrect_answers": tally.incorrect,
            "number_of_unanswered_questions": tally.unanswered,
            "number_of_answered_questions": tally.correct + tally.incorrect,
            "percentage": money(Decimal(tally.percentage)),
            "rank": rank,
            "result": "NA" if result == "Not taken" else result,
            "total_questions": len(attempt.items),
        }


def _ids(params: httpx.QueryParams, key: str, errors: dict[str, list[str]]) -> set[int] | None:
    """A filter of one id or several, comma-separated; None when absent."""
    raw = params.get(key)
    if raw is None:
        return None
    parts = raw.split(",")
    if not all(part.isascii() and part.isdigit() for part in parts):
        errors[key] = ["Enter a whole number."]
        return None
    return {int(part) for part in parts}


def _completed_within(body: Body, dates: Mapping[str, date | None]) -> bool:
    """Whether the attempt was completed on the day, after and before the dates given."""
    completed = body["completed_on"]
    if completed is None:
        return False
    on = day(datetime.fromisoformat(completed).timestamp())
    exact, after = dates["completed_date"], dates["completed_after"]
    before = dates["completed_before"]
    return (
        (exact is None or on == exact)
        and (after is None or on >= after)
        and (before is None or on <= before)
    )


def _user_body(user: User) -> Body:
    return {"id": user.id, "username": user.username, "email": user.email, "phone": user.phone}


def _user_video_body(attempt: ContentAttempt) -> Body:
    length = attempt.content.minutes * 60
    watched = min(attempt.minutes * 60, length)
    return {
        "id": attempt.record_id,
        "video_id": attempt.content.id + 10_000,
        "created": iso(attempt.created),
        "watched_percentage": round(100 * watched / length) if length else 100,
        "remaining_duration": f"{float(length - watched):.1f}",
        "state": "Completed" if attempt.completed else "Started",
        "is_live_class_recording": False,
    }


def _conference_body(attempt: ContentAttempt, origin: str) -> Body:
    content = attempt.content
    conference_id = content.id + 30_000
    return {
        "id": attempt.record_id,
        "user_id": attempt.user.id,
        "duration": round(attempt.minutes * 60),
        "join_time": iso(attempt.created),
        "leave_time": iso(attempt.created + attempt.minutes * 60),
        "video_conference": {
            "id": conference_id,
            "title": content.title,
            "conference_id": str(79_401_700_000 + conference_id),
            "start": iso(attempt.created),
            "duration": content.minutes,
            "provider": "Zoom",
            "join_url": f"{origin}/embed/zoom-meeting/{conference_id}/",
            "password": "fake-meeting-password",
            "access_token": "fake-meeting-access-token",
            "show_recorded_video": None,
            "state": "Completed",
            "has_recording_expired": False,
        },
    }


def _live_stream_body(attempt: ContentAttempt) -> Body:
    content = attempt.content
    return {
        "id": attempt.record_id,
        "user_id": attempt.user.id,
        "live_stream": {
            "id": content.id + 20_000,
            "title": content.title,
            "stream_url": "",
            "duration": content.minutes,
            "show_recorded_video": True,
            "status": "Completed",
            "chat_embed_url": None,
        },
    }
