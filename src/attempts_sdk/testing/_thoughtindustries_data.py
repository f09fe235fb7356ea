"""Seed data of `FakeThoughtIndustries`: its courses, their assessments and questions, its
learners, and the error codes of its error bodies. Data only: the records are built in
`attempts_sdk.testing._thoughtindustries_records`."""

from __future__ import annotations

__all__ = ["COMPANY_ID", "COURSES", "ERROR_CODES", "USERS", "Question"]

COMPANY_ID = "6f0c5a52-1b7e-4f3d-9a41-2c8e5d7b9f10"
"""The instance (company) the fake's events belong to."""

# course title -> its assessments: (title, type, minPassingPercent, questions); a question is
# (body, choices with the right one first) or (body, None) for an essay.
Question = tuple[str, "list[str] | None"]
COURSES: dict[str, list[tuple[str, str, int, list[Question]]]] = {
    "Workplace Safety Fundamentals": [
        (
            "Hazard Identification Quiz",
            "quiz",
            80,
            [
                ("What should you do first when you spot a spill?", ["Mark it off", "Ignore it"]),
                ("Which sign warns of a chemical hazard?", ["A diamond", "A green circle"]),
                ("Who may clear a jammed machine?", ["Trained staff", "Anyone nearby"]),
            ],
        ),
        (
            "Final Exam: Workplace Safety",
            "test",
            75,
            [
                ("How often are fire extinguishers inspected?", ["Monthly", "Yearly", "Never"]),
                ("Where is first-aid equipment kept?", ["Marked stations", "In lockers"]),
                ("Describe how you would report a near miss.", None),
            ],
        ),
    ],
    "Data Privacy Essentials": [
        (
            "GDPR Basics Check",
            "quiz",
            70,
            [
                ("Which data is personal data?", ["An email address", "A room number"]),
                ("How fast must a breach be reported?", ["Within 72 hours", "Within a month"]),
                ("May you keep data longer than needed?", ["No", "Yes"]),
            ],
        ),
    ],
    "Customer Success Onboarding": [
        (
            "Onboarding Knowledge Check",
            "quiz",
            70,
            [
                ("What is the first onboarding call?", ["Kickoff", "Renewal", "Upsell"]),
                ("Which metric tracks adoption?", ["Weekly active users", "Invoice count"]),
            ],
        ),
        (
            "Customer Scenarios Assessment",
            "test",
            80,
            [
                ("A customer reports an outage: first step?", ["Acknowledge it", "Close it"]),
                ("What does NPS measure?", ["Loyalty", "Revenue", "Headcount"]),
                ("Write your reply to an unhappy customer.", None),
            ],
        ),
    ],
    "Advanced Excel for Analysts": [
        (
            "Formulas and Pivot Tables Test",
            "test",
            75,
            [
                ("Which function looks up a value?", ["XLOOKUP", "CONCAT", "NOW"]),
                ("What summarises data by category?", ["A pivot table", "A chart title"]),
                ("Explain when you would use INDEX/MATCH.", None),
            ],
        ),
    ],
}
# first name, last name, city, country
USERS = (
    ("Ana", "Ruiz", "Madrid", "ES"),
    ("Ben", "Okafor", "Lagos", "NG"),
    ("Chloe", "Martin", "Lyon", "FR"),
    ("Dev", "Patel", "Pune", "IN"),
    ("Emma", "Schulz", "Berlin", "DE"),
    ("Farah", "Haddad", "Toronto", "CA"),
    ("Gus", "Lindqvist", "Malmo", "SE"),
    ("Hana", "Sato", "Osaka", "JP"),
)

ERROR_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    422: "unprocessable_entity",
    429: "rate_limit_exceeded",
    500: "internal_server_error",
    502: "bad_gateway",
    503: "service_unavailable",
    504: "gateway_timeout",
}
