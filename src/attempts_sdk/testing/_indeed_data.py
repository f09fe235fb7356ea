"""Seed data of `FakeIndeed`: its assessments and their questions, its roles, its candidates,
and the roles and assessments of the documentation's examples. Data only."""

from __future__ import annotations

from typing import Any

__all__ = [
    "APP_URL",
    "ASSESSMENTS",
    "ASSESSMENT_INFO",
    "CANDIDATES",
    "DOC_ASSESSMENTS",
    "DOC_ROLES",
    "ROLES",
    "ROLE_DESCRIPTIONS",
    "SAMPLE_TEXT",
    "Question",
]

APP_URL = "https://app.indeedassessments.com"

# assessment -> questions: (label, choices with the right one first) or (label, None) for a
# short text answer, scored by rule against the sample answer given as its only "choice".
Question = tuple[str, "list[str] | None"]
ASSESSMENTS: dict[str, list[Question]] = {
    "Customer Service Skills": [
        ("A customer is upset about a late order. What do you say first?", ["Apologise", "Blame"]),
        ("Which channel suits an urgent billing error?", ["Phone", "Newsletter", "Survey"]),
        ("Name one way to confirm you understood a customer's problem.", None),
    ],
    "Typing Speed and Accuracy": [
        ("Which shortcut copies the selected text?", ["Ctrl+C", "Ctrl+Z", "Ctrl+P"]),
        ("What matters more in a ticket reply?", ["Accuracy", "Raw speed"]),
        ("Retype: 'The quick brown fox jumps over the lazy dog.'", None),
    ],
    "Attention to Detail": [
        ("Which code differs from A7-B19-C4?", ["A7-B91-C4", "A7-B19-C4"]),
        ("How many 'e's are in 'excellence'?", ["4", "3", "5"]),
        ("Spot the misspelt word: receive, seperate, believe.", None),
    ],
    "Basic Math": [
        ("A pallet holds 48 boxes. How many boxes on 7 pallets?", ["336", "326", "346"]),
        ("What is 15% of 240?", ["36", "24", "40"]),
        ("A shift starts at 07:30 and lasts 8.5 hours. When does it end?", None),
    ],
    "Sales Aptitude": [
        ("A prospect says 'too expensive'. Best next step?", ["Ask about value", "Hang up"]),
        ("What comes first in a discovery call?", ["Open questions", "The price"]),
        ("Write a one-line opener for a cold call.", None),
    ],
}
SAMPLE_TEXT = "I would repeat the problem back and ask them to confirm it."
ROLES: dict[str, list[str]] = {
    "Customer Support Representative": ["Customer Service Skills", "Typing Speed and Accuracy"],
    "Warehouse Associate": ["Attention to Detail", "Basic Math"],
    "Inside Sales Representative": ["Sales Aptitude", "Customer Service Skills", "Basic Math"],
}
CANDIDATES = (
    "Maria Gonzalez",
    "James Carter",
    "Aisha Bello",
    "Tom Nguyen",
    "Priya Shah",
    "Lukas Weber",
    "Sofia Rossi",
    "Daniel Kim",
    "Grace Mensah",
    "Oliver Brown",
    "Yuki Tanaka",
    "Noah Fischer",
    "Lea Dubois",
)

# assessment -> (description, subject category, estimated duration)
ASSESSMENT_INFO: dict[str, tuple[str, str, str]] = {
    "Customer Service Skills": (
        "How a candidate handles customers' questions and complaints.",
        "Customer Service",
        "15-30 minutes",
    ),
    "Typing Speed and Accuracy": (
        "Keyboard skills for written support.",
        "Administrative",
        "0-15 minutes",
    ),
    "Attention to Detail": (
        "Spotting differences and errors in codes, counts and words.",
        "Aptitude & Psychometric",
        "0-15 minutes",
    ),
    "Basic Math": ("Everyday arithmetic on the job.", "Aptitude & Psychometric", "0-15 minutes"),
    "Sales Aptitude": ("First steps of a sales conversation.", "Sales", "15-30 minutes"),
}
ROLE_DESCRIPTIONS: dict[str, str | None] = {
    "Customer Support Representative": "Answers customers by phone, chat and e-mail.",
    "Warehouse Associate": "Picks, packs and counts stock.",
    "Inside Sales Representative": None,
}

# The records of the documentation's examples (``GET /roles.json``, ``GET /assessments.json``),
# served as they are: their roles take assignments like the fake's own.
DOC_ROLES: list[dict[str, Any]] = [
    {
        "id": "pgrnovpmee0qkljd",
        "name": "Frontend Engineer (JS Experience)",
        "description": "Test for assessing JS skills",
        "completion_redirect_url": None,
        "status": "published_and_locked",
        "created_at": "2017-09-29T21:07:36.407Z",
        "updated_at": "2017-09-29T21:07:36.502Z",
        "url": "https://yourcompany.indeedassessments.com/roles/pgrnovpmee0qkljd",
        "assessments": [
            {
                "assessment": {
                    "id": "are-you-a-human",
                    "name": "Are You a Human",
                    "description": "Basic test to ensure candidate is a human "
                    "and not a robot or dog.",
                    "automatically_scored": True,
                    "estimated_duration": "0-15 minutes",
                    "language": "English",
                    "subject_category": "Aptitude & Psychometric",
                    "preview_token": "X_FR3iXMbm8",
                    "public_library": True,
                    "status": "published_and_locked",
                    "created_at": "2017-09-29T21:07:35.390Z",
                    "updated_at": "2017-09-29T21:07:35.856Z",
                }
            }
        ],
    },
    {
        "id": "4qaqmgyz6_bxf-cl",
        "name": "Backend Engineer (Ruby on Rails)",
        "description": None,
        "completion_redirect_url": None,
        "status": "published_and_locked",
        "created_at": "2017-10-02T14:09:01.401Z",
        "updated_at": "2017-10-02T14:09:01.401Z",
        "url": "https://yourcompany.indeedassessments.com/roles/4qaqmgyz6_bxf-cl",
        "assessments": [],
    },
]
DOC_ASSESSMENTS: list[dict[str, Any]] = [
    {
        "id": "are-you-a-human",
        "name": "Are You a Human",
        "description": "Basic test to ensure candidate is a human and not a robot or dog.",
        "automatically_scored": True,
        "estimated_duration": "0-15 minutes",
        "language": "English",
        "subject_category": "Aptitude & Psychometric",
        "preview_token": "X_FR3iXMbm8",
        "public_library": True,
        "status": "published_and_locked",
        "created_at": "2017-09-29T21:07:35.390Z",
        "updated_at": "2017-09-29T21:07:35.856Z",
    },
    {
        "id": "can-you-math",
        "name": "Can You Math?",
        "description": "Some math",
        "automatically_scored": True,
        "estimated_duration": "0-15 minutes",
        "language": "English",
        "subject_category": "Aptitude & Psychometric",
        "preview_token": "X_FR3iXMbm8",
        "public_library": False,
        "status": "published_and_locked",
        "created_at": "2017-09-29T21:07:36.001Z",
        "updated_at": "2017-09-29T21:07:36.125Z",
        "steps": {
            "step": {
                "type": "reform",
                "name": "A demo step",
                "time_limit_in_seconds": None,
                "instructions": "Answer the following correctly",
                "instructions_type": None,
                "questions": [
                    {"type": "single_line_text", "label": "How would you use an abacus?"}
                ],
            }
        },
    },
]
