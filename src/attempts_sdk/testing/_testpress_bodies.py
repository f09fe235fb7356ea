"""`FakeTestpress`'s response bodies (student API v2.2, admin v2.5, exam webhook events), shaped
like the documented examples: decimal strings for scores and marks, ``"H:MM:SS"`` durations,
``"NA"`` ranks, ISO timestamps ending in ``Z``. The student API shows counts and score once an
attempt is Completed (zeros while it runs, as in the examples); the admin API shows them live.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from ._testpress_records import (
    COMPLETED,
    Attempt,
    Body,
    Exam,
    Item,
    Question,
    Tally,
    User,
    hms,
    image,
    iso,
    money,
    seconds,
)
from ._testpress_store import Store

_COUNTS = (
    "percentile correct_count incorrect_count last_started_time remaining_time time_taken state"
    " rank max_rank percentage unanswered_count"
)
ATTEMPT_SHAPES = {
    # GET /attempts/{id}/, start, end: the user is a username
    "detail": f"url id exam user date total_questions score review_url questions_url {_COUNTS}"
    " commented_questions_count comments_count total_bonus".split(),
    # GET /attempts/
    "list": f"url id exam user date total_questions score review_url questions_url {_COUNTS}"
    " commented_questions_count comments_count allow_retake remaining_attempts total_bonus".split(),
    # GET /exams/{slug}/attempts/: a user object and no exam
    "exam": "url id user date total_questions score review_pdf_url review_url questions_url"
    f" {_COUNTS} rank_enabled sections speed accuracy".split(),
    # create, heartbeat: a user object and the exam with its settings
    "full": "url id exam_url user date total_questions score review_pdf_url review_url"
    f" questions_url {_COUNTS} commented_questions_count comments_count total_bonus rank_enabled"
    " exam sections speed accuracy institute_attempt_id".split(),
    # GET /exams/{slug}/: the exam's attempts, without their exam
    "embedded": f"url id user date total_questions score review_url questions_url"
    f" {_COUNTS}".split(),
}
_EXAM = (
    "url id title description course start_date end_date duration number_of_questions"
    " negative_marks mark_per_question template_type allow_retake max_retakes enable_ranks"
    " rank_publishing_date"
)
_EXAM_END = "allow_pdf created slug variable_mark_per_question show_answers"
_SETTINGS = "allow_question_pdf allow_preemptive_section_ending sections immediate_feedback"
EXAM_SHAPES = {
    # embedded in an attempt
    "attempt": f"{_EXAM} {_EXAM_END}".split(),
    # GET /exams/
    "list": f"{_EXAM} attempts_url {_EXAM_END} comments_count".split(),
    # GET /exams/{slug}/
    "detail": f"{_EXAM} attempts_url attempts {_EXAM_END} comments_count".split(),
    # create, heartbeat: no course, more settings
    "full": [k for k in f"{_EXAM} {_EXAM_END} {_SETTINGS} categories".split() if k != "course"],
    # the exam webhook's
    "event": ["id", "title", "duration", "start_date", "end_date"],
}


class Bodies(Store):
    """Builds the bodies the fake answers with, from its store."""

    def _user_body(self, user: User, origin: str) -> Body:
        return {
            "id": user.id,
            "url": f"{origin}/api/v2.2/users/{user.id}/",
            "username": user.username,
            "display_name": f"{user.first_name} {user.last_name}".strip() or user.username,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "photo": image(user.username, "photo"),
            **{
                size: image(user.username, size)
                for size in (
                    "large_image",
                    "medium_image",
                    "medium_small_image",
                    "small_image",
                    "x_small_image",
                    "mini_image",
                )
            },
        }

    def _exam_body(self, exam: Exam, origin: str, shape: str, user: User | None = None) -> Body:
        """An exam in one of the `EXAM_SHAPES`; ``detail`` lists ``user``'s attempts."""
        url = f"{origin}/api/v2.2/exams/{exam.slug}/"
        values: Body = {
            "url": url,
            "id": exam.id,
            "title": exam.title,
            "description": exam.description,
            "course": exam.course,
            "start_date": exam.start_date.isoformat(),
            "end_date": exam.end_date.isoformat() if exam.end_date else None,
            "duration": hms(exam.duration) if exam.duration or shape != "event" else None,
            "number_of_questions": len(exam.questions),
            "negative_marks": money(exam.negative_marks),
            "mark_per_question": money(exam.mark_per_question),
            "template_type": exam.template_type,
            "allow_retake": exam.allow_retake,
            "max_retakes": exam.max_retakes,
            "enable_ranks": exam.enable_ranks,
            "rank_publishing_date": None,
            "attempts_url": f"{url}attempts/",
            "allow_pdf": False,
            "created": iso(exam.created.timestamp()),
            "slug": exam.slug,
            "variable_mark_per_question": exam.variable_mark_per_question,
            "show_answers": True,
            "comments_count": 0,
            "allow_question_pdf": False,
            "allow_preemptive_section_ending": False,
            "sections": [{"order": 0, "name": "", "duration": hms(exam.duration), "cut_off": 0}],
            "immediate_feedback": False,
            "categories": [],
        }
        if shape == "detail":
            mine = (a for a in self._attempts.values() if a.exam is exam and a.user is user)
            values["attempts"] = [
                self._attempt_body(a, origin, "embedded") for a in self._newest_first(mine)
            ]
        return {key: values[key] for key in EXAM_SHAPES[shape]}

    def _attempt_body(self, attempt: Attempt, origin: str, shape: str) -> Body:
        """An attempt in one of the `ATTEMPT_SHAPES` (the examples differ by endpoint)."""
        url = f"{origin}/api/v2.2/attempts/{attempt.id}/"
        tally = attempt.tally() if attempt.state == COMPLETED else Tally()
        percentile, rank, max_rank = self._ranking(attempt)
        answered = tally.correct + tally.incorrect
        nested = shape in ("exam", "full")
        exam_shape = "full" if shape == "full" else "attempt"
        values: Body = {
            "url": url,
            "id": attempt.id,
            "exam_url": f"{origin}/api/v2.2/exams/{attempt.exam.slug}/",
            "exam": self._exam_body(attempt.exam, origin, exam_shape),
            "user": self._user_body(attempt.user, origin) if nested else attempt.user.username,
            "date": iso(attempt.date),
            "total_questions": len(attempt.items),
            "score": money(tally.score),
            "review_pdf_url": "",
            "review_url": f"{url}review/",
            "questions_url": f"{url}questions/",
            "percentile": percentile,
            "correct_count": tally.correct,
            "incorrect_count": tally.incorrect,
            "last_started_time": iso(attempt.last_started),
            "remaining_time": hms(attempt.remaining()),
            "time_taken": hms(attempt.taken),
            "state": attempt.state,
            "rank": rank,
            "max_rank": max_rank,
            "percentage": str(tally.percentage),
            "unanswered_count": tally.unanswered,
            "commented_questions_count": 0,
            "comments_count": 0,
            "allow_retake": attempt.exam.allow_retake,
            "remaining_attempts": self._remaining_attempts(attempt),
            "total_bonus": 0,
            "rank_enabled": attempt.exam.enable_ranks,
            "sections": [],
            "speed": 0,
            "accuracy": round(100 * tally.correct / answered) if answered else 0,
            "institute_attempt_id": None,
        }
        return {key: values[key] for key in ATTEMPT_SHAPES[shape]}

    def _question_body(self, question: Question, origin: str, *, review: bool) -> Body:
        body: Body = {
            "question_html": question.question_html,
            "direction": question.direction,
            "answers": [{"text_html": a.text_html, "id": a.id} for a in question.answers],
            "essay_topics": [],
            "subject": question.subject.name,
            "type": question.type,
        }
        if not review:
            return body
        return {
            "id": question.id,
            "url": f"{origin}/api/v2.2/questions/{question.id}/",
            **body,
            "answers": [
                {"id": a.id, "text_html": a.text_html, "is_correct": a.is_correct}
                for a in question.answers
            ],
            "explanation_html": question.explanation_html,
            "comments_url": f"{origin}/api/v2.2/questions/{question.id}/comments/",
        }

    def _item_body(self, attempt: Attempt, item: Item, origin: str) -> Body:
        body: Body = {
            "id": item.id,
            "url": f"{origin}/api/v2.2/attempts/{attempt.id}/questions/{item.id}/",
            "question": self._question_body(item.question, origin, review=False),
            "duration": None if item.duration is None else str(timedelta(seconds=item.duration)),
            "selected_answers": list(item.selected),
            "essay_text": item.essay_text,
            "essay_topic": None,
            "review": item.review,
        }
        if item.short_text is not None:
            body["short_text"] = item.short_text
        return body

    def _review_body(self, attempt: Attempt, item: Item, origin: str) -> Body:
        question = self._question_body(item.question, origin, review=True)
        marks, negative = attempt.exam.marks_of(item.question)
        question.update(marks=money(marks), negative_marks=money(negative))
        others = [
            i
            for a in self._attempts.values()
            if a.state == COMPLETED
            for i in a.items
            if i.question is item.question
        ]
        durations = [i.duration for i in others if i.duration is not None]
        right = sum(1 for i in others if i.outcome() == "correct")
        return {
            "id": item.id,
            "url": f"{origin}/api/v2.2/attempts/{attempt.id}/review/{item.id}/",
            "order": item.order,
            "question": question,
            "duration": "NA" if item.duration is None else seconds(item.duration),
            "best_duration": seconds(min(durations)) if durations else "NA",
            "average_duration": seconds(sum(durations) / len(durations)) if durations else "NA",
            "selected_answers": list(item.selected),
            "essay_text": item.essay_text,
            "essay_topic": None,
            "review": item.review,
            "comments_count": 0,
            "correct_percentage": round(100 * right / len(others)) if others else 0,
        }

    def _result(self, attempt: Attempt) -> str:
        if attempt.state != COMPLETED or attempt.exam.pass_percentage is None:
            return "Not taken"
        return "Pass" if attempt.tally().percentage >= attempt.exam.pass_percentage else "Fail"

    def _subject_stats(self, attempt: Attempt, *, event: bool) -> list[Body]:
        """Per-subject results, as the admin detail (or, ``event``, the webhook) writes them."""
        rows = []
        for subject, leaf, t in self._subject_tallies(attempt):
            row: Body = {
                "subject_id": subject.id,
                "subject_name": subject.name,
                "parent_subject_id": subject.parent,
                "correct_answers_count": t.correct,
                "incorrect_answers_count": t.incorrect,
                "partial_correct_answers_count": 0,
                "unanswered_count": t.unanswered,
                "total_count": t.total,
                "score": money(t.score),
            }
            if event:
                del row["subject_id"]
                row["answered_count"] = t.correct + t.incorrect
            else:
                row["is_leaf"] = leaf
            rows.append(row)
        return rows

    def _difficulty_stats(self, attempt: Attempt) -> Body:
        return {
            level: {
                "correct_answers_count": t.correct,
                "incorrect_answers_count": t.incorrect,
                "partial_correct_answers_count": 0,
                "unanswered_count": t.unanswered,
                "total_count": t.total,
            }
            for level, t in self._difficulty_tallies(attempt).items()
        }

    def _admin_body(self, attempt: Attempt, origin: str, *, detail: bool) -> Body:
        tally = attempt.tally()
        user = attempt.user
        body: Body = {
            "id": attempt.id,
            "date": iso(attempt.date),
            "exam_id": attempt.exam.id,
            "user_id": user.id,
            "email": user.email,
            "name": f"{user.first_name} {user.last_name}".strip() or None,
            "phone": user.phone,
            "correct_answers_count": tally.correct,
            "incorrect_answers_count": tally.incorrect,
            "unanswered_count": tally.unanswered,
            "score": money(tally.score),
            "percentage": tally.percentage,
            "time_taken": hms(attempt.taken),
            "remaining_time": hms(attempt.remaining()),
            "result": self._result(attempt),
            "state": attempt.state,
            "last_started_time": iso(attempt.last_started),
            "last_answer_updated_time": (
                None if attempt.last_answer_at is None else iso(attempt.last_answer_at)
            ),
            "speed": 0,
            "exam_url": f"{origin}/api/v2.5/admin/exams/{attempt.exam.id}/",
            "user_url": f"{origin}/api/v2.5/admin/users/{user.id}/",
        }
        if not detail:
            return body
        percentile, _, _ = self._ranking(attempt)
        body.update(
            percentile=percentile,
            username=user.username,
            sections=[
                {
                    "id": attempt.id * 10,
                    "order": 0,
                    "section_id": attempt.exam.id * 10,
                    "time_taken": hms(attempt.taken),
                    "correct_answers_count": tally.correct,
                    "incorrect_answers_count": tally.incorrect,
                    "unanswered_count": tally.unanswered,
                    "score": money(tally.score),
                }
            ],
            subject_stats=self._subject_stats(attempt, event=False),
            difficulty_level_stats=self._difficulty_stats(attempt),
            institute_attempt_id=100000 + attempt.id,
        )
        return body

    def _exam_event_body(self, attempt: Attempt, public_key: str) -> Body:
        """The exam webhook's body (without its ``hash``), in the documented examples' order."""
        completed = attempt.state == COMPLETED
        tally = attempt.tally() if completed else Tally()
        answered = tally.correct + tally.incorrect
        ratio = tally.score * 100 / tally.max_score if tally.max_score else Decimal(0)
        return {
            "username": attempt.user.username,
            "accuracy": round(100 * tally.correct / answered) if answered else 0,
            "exam": self._exam_body(attempt.exam, "", "event"),
            "subject_stats": self._subject_stats(attempt, event=True) if completed else [],
            "email": attempt.user.email,
            "partial_correct_answers_count": 0 if completed else None,
            "attempt_id": attempt.id,
            "attempt_state": "completed" if completed else "started",
            "incorrect_answers_count": tally.incorrect,
            "difficulty_level_stats": self._difficulty_stats(attempt) if completed else {},
            "completed_on": iso(attempt.ended) if completed and attempt.ended else None,
            "unanswered_answers_count": tally.unanswered,
            "key": public_key,
            "attempt_start_time": iso(attempt.date),
            "user_id": attempt.user.id,
            "percentage": money(ratio),
            "score": money(tally.score),
            "speed": 0,
            "institute_attempt_id": None,
            "correct_answers_count": tally.correct,
        }
