"""Testpress's entry in the provider registry (`attempts_sdk.PROVIDERS`)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

from .._registry import Example, Provider, RowPage, Window
from .._status import SummaryStatus
from .client import AsyncTestpressClient, TestpressClient
from .endpoints import TESTPRESS

__all__ = ["PROVIDER"]

ADMIN = "admin_token"  # the fake's attribute holding the admin's token
MARGIN = timedelta(days=1)  # date_0 / date_1 are whole days, in the server's timezone


def walk(client: TestpressClient, window: Window, *, concurrency: int = 1) -> Iterator[RowPage]:
    """Every attempt of the institute, from the admin list (the student list holds only the
    token owner's). Its date filters (``date_0`` / ``date_1``) are on the attempt's ``date``,
    its start, in whole days in the server's timezone: a day of margin on each side. Oldest
    first, so that attempts started during the walk land on the last page instead of
    shifting the others. The list reports ``count`` and ``per_page``: its pages are planned,
    ``concurrency`` at a time."""
    pages = client.admin.list_attempts(
        ordering="date",
        started_after=(window.since - MARGIN).date() if window.since else None,
        started_before=(window.until + MARGIN).date() if window.until else None,
    ).pages(concurrency=concurrency)
    for page in pages:
        yield RowPage.of(page, [(attempt, attempt.to_summary()) for attempt in page])


PROVIDER = Provider(
    spec=TESTPRESS,
    client=TestpressClient,
    async_client=AsyncTestpressClient,
    fake="attempts_sdk.testing.testpress:FakeTestpress",
    fake_credential=ADMIN,
    # API states; webhooks write started/completed; chapter-content attempts add the
    # evaluation states (providers.md §2).
    status_words={
        "running": SummaryStatus.RUNNING,
        "started": SummaryStatus.RUNNING,
        "completed": SummaryStatus.COMPLETED,
        "not started": SummaryStatus.PENDING,
        "pending evaluation": SummaryStatus.PENDING,
        "evaluation completed": SummaryStatus.COMPLETED,
    },
    # the admin API's ``result`` ("Not taken" in the docs; "Pass"/"Fail" inferred)
    passed_words={"pass": True, "passed": True, "fail": False, "failed": False},
    walk=walk,
    date_filter=True,
    filter_margin=MARGIN,
    # an attempt is listed from the moment it starts (Running), dated by its start: an hour
    # covers clock skew between the server and this machine
    sync_overlap=timedelta(hours=1),
    examples=(
        Example("list_attempts", lambda c: c.list_attempts()),
        Example("list_exam_attempts", lambda c: c.list_exam_attempts("physics-mock-1")),
        Example("get_attempt", lambda c: c.get_attempt(125002)),
        Example("list_review_questions", lambda c: c.list_review_questions(125002)),
        Example("list_subject_analytics", lambda c: c.list_subject_analytics(125002)),
        Example("admin.list_attempts", lambda c: c.admin.list_attempts(), credential="admin_token"),
        Example(
            "admin.get_attempt", lambda c: c.admin.get_attempt(125002), credential="admin_token"
        ),
        Example("list_exams", lambda c: c.list_exams(state="history")),
        Example("get_exam", lambda c: c.get_exam("physics-mock-1")),
        Example(
            "admin.list_attempt_answers",
            lambda c: c.admin.list_attempt_answers(125002),
            credential=ADMIN,
        ),
        Example(
            "admin.list_content_attempts",
            lambda c: c.admin.list_content_attempts(state="Completed"),
            credential=ADMIN,
        ),
    ),
    export_forbidden_hint=(
        "the export reads the admin API (/api/v2.5/admin/attempts/), which needs the token "
        "of an admin user, not a student's"
    ),
    # the models package: the student API's, the admin API's, course content, webhook events
    model_modules=tuple(
        f"attempts_sdk.testpress.models{suffix}"
        for suffix in (".student", ".admin", ".content", ".events")
    ),
)
