"""Indeed Assessments response models (API v1).

Every key of the documented examples (the current docs and the older ones) is an attribute;
keys the SDK does not know are kept in ``.extra``. The docs' odd values are parsed as the
README says: int ids become str, numbers sent as strings (``"1.0"``) become numbers, and
timestamps written ``"2018-01-23T13: 50: 17.192Z"`` are repaired. URLs are kept as plain
strings, as sent (the docs show ``"http: //…"``). ``completion_time_in_seconds`` stays the int
that was sent: the docs' example carries a Unix timestamp there, not a duration.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

import attrs

from .._models import Model, OpenEnum

if TYPE_CHECKING:
    from .._summary import AttemptSummary

__all__ = [
    "Answer",
    "Assessment",
    "AssessmentSteps",
    "Assignment",
    "Attempt",
    "AudioPrompt",
    "AudioRecording",
    "Choice",
    "PublicationStatus",
    "Question",
    "Role",
    "RoleAssessment",
    "Score",
    "Step",
    "StepProgression",
    "StepQuestion",
    "User",
    "VideoPrompt",
    "VideoRecording",
]


class PublicationStatus(OpenEnum):
    """Where a role or an assessment stands: only an unpublished, unlocked role takes new
    assessments, and only a published, locked assessment can be added to one."""

    UNPUBLISHED_AND_UNLOCKED = "unpublished_and_unlocked"
    PUBLISHED_AND_LOCKED = "published_and_locked"
    ARCHIVED_AND_LOCKED = "archived_and_locked"


@attrs.frozen(kw_only=True, eq=False, repr=False)
class Choice(Model):
    """One choice of a multiple-choice question (also a choice the candidate selected)."""

    id: str
    value: str | None = None
    correct_answer: bool | None = None


@attrs.frozen(kw_only=True, eq=False, repr=False)
class Question(Model):
    """A question as shown to the candidate. Omitted for attempts of public assessments."""

    id: str
    label: str | None = None
    instructions: str | None = None
    choices: list[Choice] = attrs.Factory(list)


@attrs.frozen(kw_only=True, eq=False, repr=False)
class Score(Model):
    """The score of one answer on one scoring dimension (e.g. ``"Sales > Math"``)."""

    score: float | None = None
    possible_score: float | None = None
    scoring_dimension_name: str | None = None


@attrs.frozen(kw_only=True, eq=False, repr=False)
class Answer(Model):
    """A candidate's answer to a question. ``value`` is the text, or the selected choices'
    values joined with ``", "``, or None when unanswered."""

    value: str | None = None
    question: Question | None = None
    select_choices: list[Choice] = attrs.Factory(list)
    scores: list[Score] = attrs.Factory(list)


@attrs.frozen(kw_only=True, eq=False, repr=False)
class AudioPrompt(Model):
    """The prompt of an audio interview question. ``id`` is a slug (an int in some docs)."""

    id: str | None = None
    name: str | None = None
    url: str | None = None
    sequence: float | None = None
    record_after_prompt: bool | None = None
    text_to_speech: str | None = None
    text_to_speech_url: str | None = None
    text_to_speech_voice: str | None = None


@attrs.frozen(kw_only=True, eq=False, repr=False)
class AudioRecording(Model):
    """A candidate's audio answer, with up to three transcriptions and their confidence."""

    url: str | None = None
    size: int | None = None
    duration: int | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None
    transcription_1: str | None = None
    transcription_1_raw: str | None = None
    transcription_1_status: str | None = None
    transcription_1_confidence: float | None = None
    transcription_2: str | None = None
    transcription_2_raw: str | None = None
    transcription_2_status: str | None = None
    transcription_2_confidence: float | None = None
    transcription_3: str | None = None
    transcription_3_raw: str | None = None
    transcription_3_status: str | None = None
    transcription_3_confidence: float | None = None
    audio_prompt: AudioPrompt | None = None


@attrs.frozen(kw_only=True, eq=False, repr=False)
class VideoPrompt(Model):
    """The prompt of a video interview question."""

    name: str | None = None
    sequence: float | None = None
    text_prompt: str | None = None
    retakes: int | None = None
    time_limit_in_seconds: int | None = None


@attrs.frozen(kw_only=True, eq=False, repr=False)
class VideoRecording(Model):
    """A candidate's video answer. ``practice`` marks a practice take."""

    url: str | None = None
    file_size: int | None = None
    duration: int | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None
    debug_ip: str | None = None
    debug_user_agent: str | None = None
    practice: bool | None = None
    video_prompt: VideoPrompt | None = None


@attrs.frozen(kw_only=True, eq=False, repr=False)
class StepQuestion(Model):
    """A question of a custom assessment's step, as the assessment lists it."""

    type: str | None = None
    label: str | None = None


@attrs.frozen(kw_only=True, eq=False, repr=False)
class Step(Model):
    """A step of an assessment: ``name`` and ``sequence`` where an attempt refers to it; the
    rest where a custom assessment describes it (``type``, e.g. ``"reform"``, its time limit,
    instructions and questions)."""

    name: str | None = None
    sequence: int | None = None
    type: str | None = None
    time_limit_in_seconds: int | None = None
    instructions: str | None = None
    instructions_type: str | None = None
    questions: list[StepQuestion] = attrs.Factory(list)


@attrs.frozen(kw_only=True, eq=False, repr=False)
class AssessmentSteps(Model):
    """The steps of a custom assessment, as the docs show them: ``{"step": {...}}``."""

    step: Step | None = None


@attrs.frozen(kw_only=True, eq=False, repr=False)
class StepProgression(Model):
    """The candidate's progress through one step: answers and audio/video recordings."""

    answers: list[Answer] = attrs.Factory(list)
    audio_recordings: list[AudioRecording] = attrs.Factory(list)
    video_recordings: list[VideoRecording] = attrs.Factory(list)
    step: Step | None = None
    started_at: datetime | None = None
    completed_at: datetime | None = None
    timed_out: bool | None = None
    completion_time_in_seconds: int | None = None


@attrs.frozen(kw_only=True, eq=False, repr=False)
class Assessment(Model):
    """An assessment: ``id`` and ``name`` where an attempt embeds it, the whole record from
    ``list_assessments`` / ``get_assessment`` and in a role.

    ``estimated_duration`` is text (``"0-15 minutes"``); ``public_library`` says whether it
    comes from Indeed's public library; ``steps`` is given for custom assessments only.
    """

    id: str
    name: str | None = None
    description: str | None = None
    automatically_scored: bool | None = None
    estimated_duration: str | None = None
    language: str | None = None
    subject_category: str | None = None
    preview_token: str | None = None
    public_library: bool | None = None
    status: PublicationStatus | str | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None
    steps: AssessmentSteps | None = None


@attrs.frozen(kw_only=True, eq=False, repr=False)
class RoleAssessment(Model):
    """One assessment of a role, as the role lists it: ``{"assessment": {...}}``."""

    assessment: Assessment | None = None


@attrs.frozen(kw_only=True, eq=False, repr=False)
class Role(Model):
    """A role (a set of assessments a candidate is assigned): ``id`` and ``name`` where an
    assignment embeds it, the whole record from ``list_roles`` / ``get_role``. The older docs
    call it a bundle and list its ``attempt_ids``.

    ``completion_redirect_url`` is where a candidate goes after the role's last assessment;
    ``url`` is the role's page in the Indeed Assessments app.
    """

    id: str
    name: str | None = None
    description: str | None = None
    completion_redirect_url: str | None = None
    status: PublicationStatus | str | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None
    url: str | None = None
    assessments: list[RoleAssessment] = attrs.Factory(list)
    attempt_ids: list[str] = attrs.Factory(list)


@attrs.frozen(kw_only=True, eq=False, repr=False)
class User(Model):
    """The candidate. The current docs send ``id``, ``name``, ``email``; the older ones
    ``email`` and ``full_name``."""

    id: str | None = None
    name: str | None = None
    email: str | None = None
    full_name: str | None = None


@attrs.frozen(kw_only=True, eq=False, repr=False)
class Attempt(Model):
    """A candidate's attempt at one assessment.

    ``percentage_score`` is as sent: a 0-1 fraction in the current docs (``1.0``), 0-100 in the
    older ones (``19``). ``completion_time_in_seconds`` is the int sent (the docs' example holds
    the Unix time of ``completed_at`` there). ``role``, ``bundle``, ``user`` and ``preview``
    appear in the older docs only; ``level`` (e.g. ``"Proficient"``) in the newest.
    """

    id: str
    completion_time_in_seconds: int | None = None
    scoring_completed: bool | None = None
    pending_review_count: int | None = None
    preview: bool | None = None
    started_at: datetime | None = None
    completed_at: datetime | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None
    score: float | None = None
    possible_score: float | None = None
    percentage_score: float | None = None
    level: str | None = None
    assessment: Assessment | None = None
    role: Role | None = None
    bundle: Role | None = None
    user: User | None = None
    step_progressions: list[StepProgression] = attrs.Factory(list)

    def to_summary(self, *, user: User | None = None) -> AttemptSummary:
        """This attempt as an `AttemptSummary` (see the mapping in docs/summaries.md).

        Indeed sends no status (it is derived from ``started_at``, ``completed_at`` and
        ``scoring_completed``) and no usable duration (``completed_at - started_at``).

        Args:
            user: the candidate when the attempt embeds none, as for the attempts listed in an
                assignment: pass ``assignment.user``.
        """
        from .._summary import (  # here: summaries are optional
            first_identifier,
            percentage_from_fraction,
            progress_status,
            summarize,
        )

        candidate = self.user or user
        return summarize(
            "indeed",
            attempt_id=self.id,
            user=first_identifier(candidate.email, candidate.id) if candidate else None,
            assessment_id=self.assessment.id if self.assessment else None,
            assessment_title=self.assessment.name if self.assessment else None,
            status=progress_status(
                started_at=self.started_at,
                ended_at=self.completed_at,
                scored=self.scoring_completed,
            ),
            score=self.score,
            max_score=self.possible_score,
            percentage=percentage_from_fraction(self.percentage_score),
            started_at=self.started_at,
            ended_at=self.completed_at,
        )


@attrs.frozen(kw_only=True, eq=False, repr=False)
class Assignment(Model):
    """A role assigned to a candidate, with the candidate's attempts embedded.

    ``role`` is ``bundle`` in the older docs, which also spell ``remaining_assessment_count``
    as ``remaining_asssessment_count`` (kept as sent, in its own attribute).
    """

    id: str
    remaining_assessment_count: int | None = None
    remaining_asssessment_count: int | None = None
    pending_review_count: int | None = None
    progress: str | None = None
    completion_redirect_url: str | None = None
    external_job_id: str | None = None
    external_candidacy_id: str | None = None
    external_person_id: str | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None
    score: float | None = None
    possible_score: float | None = None
    weighted_percentage_score: float | None = None
    url: str | None = None
    invitation_url: str | None = None
    public_results_url: str | None = None
    role: Role | None = None
    bundle: Role | None = None
    user: User | None = None
    attempts: list[Attempt] = attrs.Factory(list)
