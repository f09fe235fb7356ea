"""The seed data of `FakeTestpress` (data only: the fake's store is built from it).

Exams are tables, one question a line: ``type | subject | question | answers | explanation``,
the answers separated by ``;`` with the correct ones marked ``*``. Past attempts are patterns,
one letter per question: ``c`` right, ``w`` wrong, ``-`` unanswered, ``e`` an essay written;
uppercase leaves the attempt Running.
"""

from __future__ import annotations

from datetime import datetime, timezone
from decimal import Decimal
from typing import Any

__all__ = [
    "CONTENT",
    "CONTENT_ATTEMPTS",
    "DIFFICULTY",
    "DIRECTIONS",
    "EXAMS",
    "MARKS",
    "PAST_ATTEMPTS",
    "STUDENTS",
    "SUBJECT_PARENTS",
]

SAMPLE_EXAM = """
R | Algebra | If 2x + 3 = 11, what is x? | 3; *4; 5; 7 | 2x = 8, so x = 4.
R | Algebra | The roots of x<sup>2</sup> - 5x + 6 = 0 are | *2 and 3; 1 and 6; -2 and -3; \
3 and 4 | x<sup>2</sup> - 5x + 6 = (x - 2)(x - 3).
C | Algebra | Which of these are prime numbers? | *2; 9; *11; 15 | 9 and 15 have the factor 3.
R | Geometry | The interior angles of a triangle add up to | 90&deg;; *180&deg;; 270&deg;; \
360&deg; | The angle sum of any triangle is 180&deg;.
R | Geometry | The area of a circle of radius 3 cm is | 6&pi; cm&sup2;; *9&pi; cm&sup2;; \
3&pi; cm&sup2;; 12&pi; cm&sup2; | &pi;r&sup2; = 9&pi; cm&sup2;.
C | Geometry | Which quadrilaterals always have four equal sides? | *Square; *Rhombus; \
Rectangle; Trapezium | A rectangle's adjacent sides may differ.
R | Physics | The SI unit of force is the | joule; *newton; watt; pascal | 1 N = 1 kg m/s&sup2;.
R | Physics | Near the Earth's surface, g is about | *9.8 m/s<sup>2</sup>; 1.6 m/s<sup>2</sup>; \
98 m/s<sup>2</sup>; 0.98 m/s<sup>2</sup> | 1.6 m/s<sup>2</sup> is the Moon's.
C | Physics | Which of these are vector quantities? | *Velocity; Speed; *Force; Mass | \
Velocity and force have a direction; speed and mass do not.
R | General Knowledge | Which planet is known as the Red Planet? | Venus; *Mars; Jupiter; Mercury \
| Iron oxide on its surface makes Mars look red.
R | General Knowledge | The largest ocean on Earth is the | Atlantic; Indian; *Pacific; Arctic | \
The Pacific covers about a third of the Earth's surface.
C | General Knowledge | Which of these are noble gases? | *Helium; Nitrogen; *Neon; Oxygen | \
Helium and neon are in group 18.
"""
APTITUDE = """
R | Quantitative Aptitude | A train covers 120 km in 2 hours. Its average speed is | 40 km/h; \
*60 km/h; 80 km/h; 240 km/h | 120 / 2 = 60.
R | Quantitative Aptitude | What is 15% of 200? | 15; 20; *30; 45 | 0.15 x 200 = 30.
R | Logical Reasoning | Next in the series: 2, 4, 8, 16, ... | 18; 24; *32; 64 | Each term doubles.
C | Logical Reasoning | Which words are anagrams of LISTEN? | *SILENT; *ENLIST; LINENS; *TINSEL | \
LINENS has two Ns.
R | Quantitative Aptitude | The average of 4, 8 and 12 is | 6; *8; 10; 12 | 24 / 3 = 8.
"""
PHYSICS_MOCK = """
R | Physics | The speed of light in vacuum is about | *3 x 10<sup>8</sup> m/s; \
3 x 10<sup>6</sup> m/s; 3 x 10<sup>4</sup> km/s; 340 m/s | c = 299 792 458 m/s.
R | Physics | Ohm's law states that | *V = IR; P = VI; F = ma; E = mc<sup>2</sup> | \
The current through a conductor is proportional to the voltage across it.
R | Physics | The unit of frequency is the | *hertz; tesla; henry; farad | 1 Hz = 1/s.
C | Physics | Which of these are forms of energy? | *Kinetic; *Potential; Momentum; *Thermal | \
Momentum is not a form of energy.
"""
GK_QUIZ = """
R | General Knowledge | Who wrote Romeo and Juliet? | Charles Dickens; *William Shakespeare; \
Jane Austen; Mark Twain | Shakespeare wrote it around 1595.
R | General Knowledge | How many continents are there? | 5; 6; *7; 8 | \
Africa, Antarctica, Asia, Australia, Europe, North and South America.
E | General Knowledge | In about 150 words, describe the water cycle. |  | \
Evaporation, condensation, precipitation and collection.
"""
SUBJECT_PARENTS = {"Algebra": "Mathematics", "Geometry": "Mathematics"}
DIRECTIONS = {
    "R": "<p>Choose the correct option.</p>",
    "C": "<p>More than one option may be correct: select all that apply.</p>",
}
MARKS = {"R": ("1.00", "0.25"), "C": ("2.00", "0.50"), "E": ("5.00", "0.00")}
DIFFICULTY = {"R": "easy", "C": "hard", "E": "medium"}


# (username, password, token, first name, last name)
STUDENTS = [("priya", "priya-password", "fake-testpress-token-priya", "Priya", "Sharma")]

# (slug, title, course, questions, settings)
EXAMS: list[tuple[str, str, str, str, dict[str, Any]]] = [
    (
        "sample-exam",
        "Sample Exam",
        "Foundations",
        SAMPLE_EXAM,
        {
            "description": "<p>Mathematics, physics and general knowledge.</p>",
            "duration": 3600,
            "negative_marks": Decimal("0.25"),
            "variable_mark_per_question": True,
            "max_retakes": -1,
            "enable_ranks": True,
            "pass_percentage": 40,
        },
    ),
    (
        "aptitude-practice",
        "Aptitude Practice Test",
        "Foundations",
        APTITUDE,
        {"duration": 1800, "template_type": 2},
    ),
    (
        "physics-mock-1",
        "Physics Mock Test 1",
        "Science",
        PHYSICS_MOCK,
        {
            "duration": 7200,
            "mark_per_question": Decimal("4.00"),
            "negative_marks": Decimal("1.00"),
            "allow_retake": False,
            "enable_ranks": True,
            "pass_percentage": 50,
        },
    ),
    (
        "general-knowledge-quiz",
        "General Knowledge Quiz",
        "General Studies",
        GK_QUIZ,
        {"duration": 0, "max_retakes": 1, "variable_mark_per_question": True},
    ),
]

_UTC = timezone.utc

# (exam, username, started, minutes spent, pattern)
PAST_ATTEMPTS = [
    ("aptitude-practice", "demouser", datetime(2024, 2, 10, 9, 15, tzinfo=_UTC), 14.5, "ccwc-"),
    ("physics-mock-1", "demouser", datetime(2024, 2, 20, 10, 0, tzinfo=_UTC), 65, "cwc-"),
    ("physics-mock-1", "priya", datetime(2024, 2, 21, 11, 0, tzinfo=_UTC), 58, "cccw"),
    ("sample-exam", "priya", datetime(2024, 3, 1, 8, 30, tzinfo=_UTC), 41, "ccwccc-wccwc"),
    ("general-knowledge-quiz", "priya", datetime(2024, 3, 2, 7, 0, tzinfo=_UTC), 6, "cwe"),
    ("aptitude-practice", "priya", datetime(2024, 3, 5, 12, 0, tzinfo=_UTC), 7, "CC---"),
]

# Course content besides the exams (each exam is a chapter content of its course, in a chapter
# named "Exams"): (course, chapter, content type, title, minutes long)
CONTENT = [
    ("Foundations", "Lessons", "Video", "Number Systems", 18),
    ("Foundations", "Lessons", "Notes", "Reading Graphs", 0),
    ("Science", "Live Classes", "Live Stream", "Doubt Clearing: Optics", 60),
    ("Science", "Live Classes", "VideoConference", "Physics Office Hours", 45),
]

# Attempts at that content: (username, content title, started, minutes spent, completed)
CONTENT_ATTEMPTS = [
    ("demouser", "Number Systems", datetime(2024, 2, 9, 18, 0, tzinfo=_UTC), 7, False),
    ("priya", "Number Systems", datetime(2024, 2, 12, 17, 30, tzinfo=_UTC), 18, True),
    ("demouser", "Reading Graphs", datetime(2024, 2, 11, 8, 0, tzinfo=_UTC), 0, True),
    ("priya", "Doubt Clearing: Optics", datetime(2024, 2, 25, 16, 0, tzinfo=_UTC), 52, True),
    ("demouser", "Physics Office Hours", datetime(2024, 2, 27, 15, 0, tzinfo=_UTC), 30, True),
]
