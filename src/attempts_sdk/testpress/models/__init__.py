"""Testpress response models, served from one place: the student API v2.2 (`.student`), the
admin API v2.5 and v3 (`.admin`), course content (`.content`) and the webhooks' events
(`.events`).

Every key of the documented examples is an attribute; keys the SDK does not know are kept in
``.extra``. Fields Testpress's own apps read are typed too (docs/provider-notes/testpress.md).
"""

from .admin import (
    AdminAttempt,
    AdminAttemptSection,
    DifficultyStats,
    ExamQuestion,
    SubjectStats,
    UserAnswer,
)
from .content import (
    ChapterContent,
    ContentAttempt,
    ContentAttemptState,
    ContentType,
    Course,
    LiveStream,
    UserExam,
    UserLiveStream,
    UserVideo,
    UserVideoConference,
    VideoConference,
)
from .events import ContentEvent, ExamEvent, ExamEventState
from .student import (
    AdminAttemptState,
    Answer,
    Attempt,
    AttemptQuestion,
    AttemptSection,
    AttemptState,
    AuthToken,
    Exam,
    ExamSection,
    Question,
    ReviewQuestion,
    SubjectAnalytics,
    UploadedFile,
    User,
)

__all__ = [
    "AdminAttempt",
    "AdminAttemptSection",
    "AdminAttemptState",
    "Answer",
    "Attempt",
    "AttemptQuestion",
    "AttemptSection",
    "AttemptState",
    "AuthToken",
    "ChapterContent",
    "ContentAttempt",
    "ContentAttemptState",
    "ContentEvent",
    "ContentType",
    "Course",
    "DifficultyStats",
    "Exam",
    "ExamEvent",
    "ExamEventState",
    "ExamQuestion",
    "ExamSection",
    "LiveStream",
    "Question",
    "ReviewQuestion",
    "SubjectAnalytics",
    "SubjectStats",
    "UploadedFile",
    "User",
    "UserAnswer",
    "UserExam",
    "UserLiveStream",
    "UserVideo",
    "UserVideoConference",
    "VideoConference",
]
