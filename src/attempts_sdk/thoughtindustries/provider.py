"""Thought Industries's entry in the provider registry (`attempts_sdk.PROVIDERS`)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

from .._registry import Example, Provider, RowPage, Window
from .._status import SummaryStatus
from .client import AsyncThoughtIndustriesClient, ThoughtIndustriesClient
from .endpoints import THOUGHTINDUSTRIES

__all__ = ["PROVIDER"]


def walk(
    client: ThoughtIndustriesClient, window: Window, *, concurrency: int = 1
) -> Iterator[RowPage]:
    """The assessment attempts between ``startDate`` and ``endDate`` (inclusive, on
    ``createdAt``: when the attempt started; milliseconds). Cursor pages cannot be planned:
    they come one at a time whatever ``concurrency`` says."""
    attempts = client.list_assessment_attempts(start_date=window.since, end_date=window.until)
    for page in attempts.pages(concurrency=concurrency):
        yield RowPage.of(page, [(attempt, attempt.to_summary()) for attempt in page])


PROVIDER = Provider(
    spec=THOUGHTINDUSTRIES,
    client=ThoughtIndustriesClient,
    async_client=AsyncThoughtIndustriesClient,
    fake="attempts_sdk.testing.thoughtindustries:FakeThoughtIndustries",
    # "pending": an instructor has still to grade part of it.
    status_words={
        "started": SummaryStatus.RUNNING,
        "finished": SummaryStatus.COMPLETED,
        "pending": SummaryStatus.PENDING,
    },
    walk=walk,
    date_filter=True,
    filter_margin=timedelta(milliseconds=1),
    # an attempt is listed from the moment it starts ("started"), dated by its createdAt
    sync_overlap=timedelta(hours=1),
    examples=(
        Example("list_assessment_attempts", lambda c: c.list_assessment_attempts()),
        Example(
            "list_assessment_attempts(per_page)", lambda c: c.list_assessment_attempts(per_page=4)
        ),
        Example("list_quiz_attempt_events", lambda c: c.list_quiz_attempt_events()),
        Example(
            "list_quiz_attempt_events(kind)",
            lambda c: c.list_quiz_attempt_events(kind="completed"),
        ),
    ),
)
