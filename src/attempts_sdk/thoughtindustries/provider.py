"""Thought Industries's entry in the provider registry (`attempts_sdk.PROVIDERS`)."""

from __future__ import annotations

from collections.abc import Iterator

from .._registry import Example, Provider, Row, Window
from .._status import SummaryStatus
from .client import AsyncThoughtIndustriesClient, ThoughtIndustriesClient
from .endpoints import THOUGHTINDUSTRIES

__all__ = ["PROVIDER"]


def walk(client: ThoughtIndustriesClient, window: Window) -> Iterator[list[Row]]:
    """The assessment attempts between ``startDate`` and ``endDate``."""
    attempts = client.list_assessment_attempts(start_date=window.since, end_date=window.until)
    for page in attempts.pages():
        yield [(attempt, attempt.to_summary()) for attempt in page]


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
    examples=(
        Example("list_assessment_attempts", lambda c: c.list_assessment_attempts()),
        Example(
            "list_assessment_attempts(per_page)", lambda c: c.list_assessment_attempts(per_page=4)
        ),
    ),
)
