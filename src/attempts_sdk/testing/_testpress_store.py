"""`FakeTestpress`'s in-memory store: how it is built (from `._testpress_data`, or by the
fake's helpers) and what is computed from it (scores, ranks, per-subject results). Scoring is
described in `._testpress_records`; time and state changes are the handlers' (`._testpress_api`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from decimal import Decimal
from typing import Any

from ._testpress_data import (
    CONTENT,
    CONTENT_ATTEMPTS,
    DIFFICULTY,
    DIRECTIONS,
    EXAMS,
    MARKS,
    PAST_ATTEMPTS,
    STUDENTS,
    SUBJECT_PARENTS,
)
from ._testpress_records import (
    COMPLETED,
    RUNNING,
    Attempt,
    Choice,
    Content,
    ContentAttempt,
    Course,
    Exam,
    Item,
    Question,
    Subject,
    Tally,
    User,
)


class Store:
    """The fake's data and the rules computed from it (no HTTP here)."""

    def __init__(self) -> None:
        self._counters = {
            "user": 5,
            "subject": 11,
            "exam": 4101,
            "question": 101,
            "choice": 1001,
            "attempt": 125001,
            "item": 5_000_001,
            "course": 801,
            "chapter": 3301,
            "content": 8201,
            "content_attempt": 760_001,
            "record": 5301,
        }
        self._users: dict[str, User] = {}
        self._tokens: dict[str, User] = {}
        self._subjects: dict[str, Subject] = {}
        self._exams: dict[str, Exam] = {}
        self._questions: dict[int, Question] = {}
        self._items: dict[int, Item] = {}
        self._attempts: dict[int, Attempt] = {}
        self._courses: dict[str, Course] = {}
        self._contents: dict[int, Content] = {}
        self._content_attempts: dict[int, ContentAttempt] = {}

    def _next(self, kind: str) -> int:
        value = self._counters[kind]
        self._counters[kind] = value + 1
        return value

    # --- building

    def _add_user(
        self,
        username: str,
        password: str,
        token: str,
        first_name: str,
        last_name: str,
        *,
        admin: bool = False,
    ) -> User:
        user = User(
            id=1 if not self._users else self._next("user"),
            username=username,
            password=password,
            token=token,
            first_name=first_name,
            last_name=last_name,
            email=f"{username}@example.com",
            is_admin=admin,
        )
        self._users[username] = user
        self._tokens[token] = user
        return user

    def _subject(self, name: str, parent: str | None = None) -> Subject:
        subject = self._subjects.get(name)
        if subject is None:
            parent_id = self._subject(parent).id if parent else None
            subject = Subject(id=self._next("subject"), name=name, parent=parent_id)
            self._subjects[name] = subject
        return subject

    def _question(
        self,
        kind: str,
        html: str,
        subject: Subject,
        answers: Sequence[tuple[str, bool]],
        *,
        explanation: str = "",
        marks: str = "1.00",
        negative: str = "0.00",
        direction: str | None = None,
        difficulty: str = "medium",
    ) -> Question:
        question = Question(
            id=self._next("question"),
            type=kind,
            question_html=html,
            subject=subject,
            answers=[
                Choice(id=self._next("choice"), text_html=f"<p>{text}</p>", is_correct=right)
                for text, right in answers
            ],
            explanation_html=explanation,
            direction=direction,
            marks=Decimal(marks),
            negative_marks=Decimal(negative),
            difficulty=difficulty,
        )
        self._questions[question.id] = question
        return question

    def _table(self, table: str) -> list[Question]:
        """Questions from a `._testpress_data` table."""
        made = []
        for line in table.strip().splitlines():
            kind, subject, text, answers, explanation = (part.strip() for part in line.split(" | "))
            marks, negative = MARKS[kind]
            choices = [a.strip() for a in answers.split(";") if a.strip()]
            made.append(
                self._question(
                    kind,
                    f"<p>{text}</p>",
                    self._subject(subject, parent=SUBJECT_PARENTS.get(subject)),
                    [(choice.lstrip("*"), choice.startswith("*")) for choice in choices],
                    explanation=f"<p>{explanation}</p>",
                    marks=marks,
                    negative=negative,
                    direction=DIRECTIONS.get(kind),
                    difficulty=DIFFICULTY[kind],
                )
            )
        return made

    def _exam(
        self, slug: str, title: str, course: str, questions: list[Question], **settings: Any
    ) -> Exam:
        settings.setdefault("mark_per_question", Decimal("1.00"))
        settings.setdefault("negative_marks", Decimal("0.00"))
        exam = Exam(
            id=self._next("exam"),
            slug=slug,
            title=title,
            course=course,
            questions=questions,
            **settings,
        )
        self._exams[slug] = exam
        self._content(course, "Exams", "Exam", title, exam=exam)
        return exam

    def _course(self, title: str) -> Course:
        course = self._courses.get(title)
        if course is None:
            slug = "-".join(title.lower().split())
            course = Course(self._next("course"), title, slug, order=len(self._courses))
            self._courses[title] = course
        return course

    def _content(
        self,
        course_title: str,
        chapter: str,
        kind: str,
        title: str,
        *,
        exam: Exam | None = None,
        minutes: int = 0,
    ) -> Content:
        course = self._course(course_title)
        chapter_id = course.chapters.setdefault(chapter, self._next("chapter"))
        order = sum(1 for c in self._contents.values() if c.chapter_id == chapter_id)
        content = Content(
            self._next("content"), course, chapter_id, order, kind, title, exam, minutes
        )
        self._contents[content.id] = content
        return content

    def _new_attempt(self, exam: Exam, user: User, now: float) -> Attempt:
        items = [self._new_item(question, order) for order, question in enumerate(exam.questions)]
        attempt = Attempt(
            id=self._next("attempt"),
            exam=exam,
            user=user,
            date=now,
            items=items,
            last_started=now,
            content_attempt_id=self._next("content_attempt"),
            answer_mark=now,
        )
        self._attempts[attempt.id] = attempt
        return attempt

    def _new_item(self, question: Question, order: int) -> Item:
        item = Item(id=self._next("item"), question=question, order=order)
        self._items[item.id] = item
        return item

    def _past_attempt(
        self, exam: str, user: str, started: datetime, minutes: float, pattern: str
    ) -> Attempt:
        """A seeded attempt (see `._testpress_data` for ``pattern``)."""
        begin = started.timestamp()
        attempt = self._new_attempt(self._exams[exam], self._users[user], begin)
        answered = [
            item for item, mark in zip(attempt.items, pattern.lower(), strict=True) if mark != "-"
        ]
        spent = minutes * 60
        for item, mark in zip(attempt.items, pattern.lower(), strict=True):
            correct = item.question.correct_ids
            wrong = [a.id for a in item.question.answers if a.id not in correct]
            if mark == "c":
                item.selected = list(correct)
            elif mark == "w":
                item.selected = wrong[:1] if item.question.type == "R" else correct[:1] + wrong[:1]
            elif mark == "e":
                item.essay_text = (
                    "<p>Water evaporates, condenses into clouds and falls as rain.</p>"
                )
            if mark != "-":
                item.duration = spent / len(answered)
        attempt.taken = spent
        attempt.last_started = attempt.answer_mark = begin + spent
        attempt.last_answer_at = begin + spent if answered else None
        attempt.state = RUNNING if pattern.isupper() else COMPLETED
        attempt.ended = None if pattern.isupper() else begin + spent
        return attempt

    def _seed(self) -> None:
        """Realistic data (`._testpress_data`): exams, a second student, past attempts and
        course content."""
        for username, password, token, first_name, last_name in STUDENTS:
            self._add_user(username, password, token, first_name, last_name)
        for slug, title, course, table, settings in EXAMS:
            self._exam(slug, title, course, self._table(table), **settings)
        for exam, user, started, minutes, pattern in PAST_ATTEMPTS:
            self._past_attempt(exam, user, started, minutes, pattern)
        for course, chapter, kind, title, length in CONTENT:
            self._content(course, chapter, kind, title, minutes=length)
        by_title = {c.title: c for c in self._contents.values() if c.exam is None}
        for username, title, started, minutes, completed in CONTENT_ATTEMPTS:
            attempt = ContentAttempt(
                id=self._next("content_attempt"),
                content=by_title[title],
                user=self._users[username],
                created=started.timestamp(),
                minutes=minutes,
                completed=completed,
                record_id=self._next("record"),
            )
            self._content_attempts[attempt.id] = attempt

    # --- rules

    @staticmethod
    def _newest_first(attempts: Iterable[Attempt]) -> list[Attempt]:
        return sorted(attempts, key=lambda a: (a.date, a.id), reverse=True)

    def _ranking(self, attempt: Attempt) -> tuple[float, int | str, int | str]:
        """(percentile, rank, max_rank) among the exam's completed attempts."""
        if attempt.state != COMPLETED:
            return 0.0, "NA", "NA"
        scores = [
            a.tally().score
            for a in self._attempts.values()
            if a.exam is attempt.exam and a.state == COMPLETED
        ]
        mine = attempt.tally().score
        percentile = round(100 * sum(1 for s in scores if s <= mine) / len(scores), 2)
        if not attempt.exam.enable_ranks:
            return percentile, "NA", "NA"
        return percentile, 1 + sum(1 for s in scores if s > mine), len(scores)

    def _subject_tallies(self, attempt: Attempt) -> list[tuple[Subject, bool, Tally]]:
        leaves = {item.question.subject for item in attempt.items}
        parents = {s.parent for s in leaves if s.parent is not None}
        subjects = leaves | {s for s in self._subjects.values() if s.id in parents}
        rows = []
        for subject in sorted(subjects, key=lambda s: s.id):
            items = [
                i
                for i in attempt.items
                if subject in (i.question.subject, self._parent_of(i.question.subject))
            ]
            rows.append((subject, subject in leaves, attempt.tally(items)))
        return rows

    def _parent_of(self, subject: Subject) -> Subject | None:
        return next((s for s in self._subjects.values() if s.id == subject.parent), None)

    def _difficulty_tallies(self, attempt: Attempt) -> dict[str, Tally]:
        levels: dict[str, Tally] = {}
        for item in attempt.items:
            levels.setdefault(item.question.difficulty, Tally()).add(attempt.exam, item)
        return dict(sorted(levels.items()))

    def _remaining_attempts(self, attempt: Attempt) -> int | None:
        exam = attempt.exam
        used = sum(1 for a in self._attempts.values() if a.user is attempt.user and a.exam is exam)
        if not exam.allow_retake:
            return max(1 - used, 0)
        if exam.max_retakes is None or exam.max_retakes < 0:
            return None
        return max(1 + exam.max_retakes - used, 0)

    def _exam_content(self, exam: Exam) -> Content:
        return next(c for c in self._contents.values() if c.exam is exam)
