"""Thought Industries response models (REST ``/incoming/v2``: assessment attempts, the
quiz-attempt event feed, and the envelope of signed webhooks).

Wire names are camelCase; attributes are their snake_case form (``minPassingPercent`` ->
``min_passing_percent``) and ``to_dict()`` gives the camelCase keys back.

The documented example embeds the whole ``course`` and ``user`` records (well over a hundred
keys, many of them ``{"...": "..."}`` placeholders). `Course` and `User` type the fields an
attempts export needs; every other key is kept, unparsed, in ``.extra``. The question objects'
own placeholder sub-objects (``selectedChoice``, ``choices``, ``table``, ...) have no documented
shape, so they stay plain JSON objects rather than models invented from a stub.

Thought Industries documents no field of a quiz-attempt event (its example is ``{}``) and no
payload of a webhook event beyond the envelope: `QuizAttemptEvent` types the fields its other
event feeds carry (see docs/provider-notes/thoughtindustries.md), `WebhookEvent` the envelope.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

import attrs

from .._json import JSONValue
from .._models import CamelModel, OpenEnum

if TYPE_CHECKING:
    from .._summary import AttemptSummary

__all__ = [
    "Assessment",
    "AssessmentAttempt",
    "AssessmentAttemptStatus",
    "AttemptAnswer",
    "AttemptQuestion",
    "Course",
    "QuizAttemptEvent",
    "Topic",
    "User",
    "WebhookEvent",
]


class AssessmentAttemptStatus(OpenEnum):
    """The state of an assessment attempt, as Thought Industries writes it."""

    STARTED = "started"
    FINISHED = "finished"
    PENDING = "pending"


@attrs.frozen(kw_only=True, eq=False, repr=False)
class Assessment(CamelModel):
    """The assessment (quiz or test) an attempt was made at."""

    id: str | None = None
    type: str | None = None
    title: str | None = None
    min_passing_percent: int | None = None


@attrs.frozen(kw_only=True, eq=False, repr=False)
class AttemptAnswer(CamelModel):
    """One answer given in an attempt, and whether it was correct."""

    id: str | None = None
    question: str | None = None
    answer: str | None = None
    correct: bool | None = None
    has_default_grade: bool | None = None


@attrs.frozen(kw_only=True, eq=False, repr=False)
class AttemptQuestion(CamelModel):
    """A question of the attempt with the learner's response.

    ``selected_choice``, ``choices``, ``table``, ``table_response`` and ``preselected_choices``
    are raw JSON objects: the documentation shows only placeholders for them.
    """

    question_id: str | None = None
    parent_question: str | None = None
    body: str | None = None
    additional_content: str | None = None
    open_ended_response: str | None = None
    response: str | None = None
    file_submission_asset: str | None = None
    selected_choice: dict[str, JSONValue] | None = None
    type: str | None = None
    must_select_all_correct_choices: bool | None = None
    required: bool | None = None
    choices: list[dict[str, JSONValue]] = attrs.Factory(list)
    question_category_id: str | None = None
    table: dict[str, JSONValue] | None = None
    table_response: dict[str, JSONValue] | None = None
    graded_as_correct: bool | None = None
    has_choices: bool | None = None
    selected_choice_or_no_choice_available: bool | None = None
    question_type: str | None = None
    is_open_ended_or_essay: bool | None = None
    display_option: str | None = None
    pre_text: str | None = None
    pre_text_display_option: str | None = None
    post_text: str | None = None
    post_text_display_option: str | None = None
    pre_text2: str | None = None
    pre_text_display_option2: str | None = None
    post_text2: str | None = None
    post_text_display_option2: str | None = None
    add_and_delete_rows_enabled: bool | None = None
    placeholder: str | None = None
    preselected_choices: list[dict[str, JSONValue]] = attrs.Factory(list)
    copy_answer_from_question_id: str | None = None
    copy_answer_from_assessment_id: str | None = None
    is_boolean_choice: bool | None = None
    is_image_comparison: bool | None = None
    is_multiple_choice: bool | None = None
    is_table: bool | None = None
    is_likert: bool | None = None
    is_open_ended: bool | None = None
    is_file_submission: bool | None = None
    is_essay: bool | None = None
    is_select_boxes: bool | None = None
    is_boolean_choice_or_multiple_choice: bool | None = None
    scorm_interaction_type: str | None = None
    should_display_on_results: bool | None = None
    should_check_answers: bool | None = None


@attrs.frozen(kw_only=True, eq=False, repr=False)
class Topic(CamelModel):
    """The course topic (lesson page) that holds the assessment."""

    id: str | None = None
    original_id: str | None = None
    title: str | None = None
    type: str | None = None
    quiz_questions: list[str] = attrs.Factory(list)
    pre_text_block: str | None = None
    post_text_block: str | None = None
    updated_at: datetime | None = None
    results_message: str | None = None
    pass_message: str | None = None
    fail_message: str | None = None
    navigation_disabled: bool | None = None
    instructor_assessment: bool | None = None
    question_skip_enabled: bool | None = None
    is_proctored: bool | None = None
    allow_to_resume: bool | None = None
    asset_type: str | None = None


@attrs.frozen(kw_only=True, eq=False, repr=False)
class Course(CamelModel):
    """The course the attempt belongs to: its identity, dates and availability.

    The API embeds the full course record; keys not typed here are in ``.extra``.
    """

    id: str | None = None
    title: str | None = None
    slug: str | None = None
    status: str | None = None
    kind: str | None = None
    sku: str | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None
    publish_date: datetime | None = None
    future_publish_date: datetime | None = None
    course_start_date: datetime | None = None
    course_end_date: datetime | None = None
    enrollment_start_date: datetime | None = None
    enrollment_end_date: datetime | None = None
    grace_period_end_date: datetime | None = None
    current_user_due_date: datetime | None = None
    roster_submitted_date: datetime | None = None
    is_active: bool | None = None
    availability_status: str | None = None
    enrollment_active: bool | None = None
    parent_course_id: str | None = None
    is_child: bool | None = None
    has_children: bool | None = None
    topic_group_id: str | None = None
    course_group_title: str | None = None
    final_assessment: str | None = None
    sample_lesson_id: str | None = None
    webinar_id: str | None = None
    access_days: int | None = None
    price_in_cents: int | None = None
    free_with_registration: bool | None = None
    purchasable: bool | None = None
    instructor_emails: list[str] = attrs.Factory(list)
    custom_fields: dict[str, JSONValue] | None = None


@attrs.frozen(kw_only=True, eq=False, repr=False)
class User(CamelModel):
    """The learner who made the attempt: identity, contact details and account state.

    The API embeds the full user record; keys not typed here are in ``.extra``.
    """

    id: str | None = None
    email: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    name: str | None = None
    abbreviated_name: str | None = None
    first_initial: str | None = None
    last_initial: str | None = None
    asset: str | None = None
    bio: str | None = None
    role_key: str | None = None
    client_id: str | None = None
    disabled: bool | None = None
    two_factor_enabled: bool | None = None
    must_verify_email: bool | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None
    last_active_at: datetime | None = None
    invited_by_name: str | None = None
    lang: str | None = None
    preferred_currency: str | None = None
    external_customer_id: str | None = None
    learner_user_id: str | None = None
    manager_user_id: str | None = None
    address1: str | None = None
    address2: str | None = None
    city: str | None = None
    state: str | None = None
    zip_code: str | None = None
    country: str | None = None
    telephone: str | None = None
    ref1: str | None = None
    ref2: str | None = None
    ref3: str | None = None
    ref4: str | None = None
    ref5: str | None = None
    ref6: str | None = None
    ref7: str | None = None
    ref8: str | None = None
    ref9: str | None = None
    ref10: str | None = None
    custom_fields: dict[str, JSONValue] | None = None
    certificates_count: int | None = None
    available_courses_count: int | None = None
    started_courses_count: int | None = None
    completed_courses_count: int | None = None


@attrs.frozen(kw_only=True, eq=False, repr=False)
class AssessmentAttempt(CamelModel):
    """One learner's attempt at an assessment, with answers, grade and the embedded course,
    user and topic."""

    id: str
    assessment: Assessment | None = None
    answers: list[AttemptAnswer] = attrs.Factory(list)
    course: Course | None = None
    course_id: str | None = None
    user: User | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None
    time_elapsed_in_seconds: int | None = None
    status: AssessmentAttemptStatus | str | None = None
    grade: int | None = None
    original_grade: int | None = None
    passed: bool | None = None
    assignment_submission_id: str | None = None
    questions: list[AttemptQuestion] = attrs.Factory(list)
    topic_type: str | None = None
    forgiven: bool | None = None
    topic: Topic | None = None
    topic_id: str | None = None

    def to_summary(self) -> AttemptSummary:
        """This attempt as an `AttemptSummary` (see the mapping in docs/summaries.md): the
        grade is a percentage; Thought Industries sends no end time."""
        from .._summary import first_identifier, summarize  # here: summaries are optional

        return summarize(
            "thoughtindustries",
            attempt_id=self.id,
            user=first_identifier(self.user.email, self.user.id) if self.user else None,
            assessment_id=self.assessment.id if self.assessment else None,
            assessment_title=self.assessment.title if self.assessment else None,
            status=self.status,
            passed=self.passed,
            percentage=self.grade,
            started_at=self.created_at,
            duration=self.time_elapsed_in_seconds,
        )


@attrs.frozen(kw_only=True, eq=False, repr=False)
class QuizAttemptEvent(CamelModel):
    """One event of the quiz-attempt feed (``GET /incoming/v2/events/quizAttempt``).

    Thought Industries documents the feed's filters but not its events (the example is
    ``{}``): every field is optional, and what is typed here is what its other event feeds
    carry, as a production extractor reads them. Every other key is kept in ``.extra``.

    Attributes:
        id: the event's id.
        event / kind: the event's name and subtype (the feed filters on ``kind``).
        timestamp: when it happened (ISO 8601); the feed serves the latest first.
        company_id: the Thought Industries instance (company).
        notifiable_id: the resource the event is about (the feed filters on it).
        course_id / course_title / topic_id / topic_title: the course, and the course page
            (topic) holding the quiz.
        user: the learner, as the feeds write it (an e-mail address).
        user_detail: the learner's record (``id``, ``state``, ``country``, ``ref1`` ...
            ``ref10``, ...), as sent: its keys are not documented.
    """

    id: str | None = None
    event: str | None = None
    kind: str | None = None
    timestamp: datetime | None = None
    company_id: str | None = None
    notifiable_id: str | None = None
    course_id: str | None = None
    course_title: str | None = None
    topic_id: str | None = None
    topic_title: str | None = None
    user: str | None = None
    user_detail: dict[str, JSONValue] | None = None


@attrs.frozen(kw_only=True, eq=False, repr=False)
class WebhookEvent(CamelModel):
    """A verified webhook delivery: the documented envelope (see
    `attempts_sdk.thoughtindustries.webhooks.parse_event`).

    Attributes:
        event: the event's name, e.g. ``"course.completed"``.
        timestamp: when it happened (part of the signed body).
        data: the payload, as sent: Thought Industries documents its envelope only.
    """

    event: str
    timestamp: datetime | None = None
    data: dict[str, JSONValue] | None = None
