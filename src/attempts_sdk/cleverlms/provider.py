"""CleverLMS's entry in the provider registry (`attempts_sdk.PROVIDERS`)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

from .._registry import Example, Provider, RowPage, Window
from .._status import SummaryStatus
from .client import AsyncCleverLMSClient, CleverLMSClient
from .endpoints import CLEVERLMS

__all__ = ["PROVIDER"]


def walk(client: CleverLMSClient, window: Window, *, concurrency: int = 1) -> Iterator[RowPage]:
    """The attempts export between ``afterDate`` and ``toDate`` (on ``started_at``, inferred:
    CleverLMS does not say), which have seconds precision: the end is rounded up to keep its
    last second. The export reports no total, so its pages come one at a time whatever
    ``concurrency`` says."""
    until = window.until
    if until is not None and until.microsecond:
        until = until.replace(microsecond=0) + timedelta(seconds=1)
    pages = client.export_test_attempts(after_date=window.since, to_date=until)
    for page in pages.pages(concurrency=concurrency):
        yield RowPage.of(page, [(attempt, attempt.to_summary()) for attempt in page])


PROVIDER = Provider(
    spec=CLEVERLMS,
    client=CleverLMSClient,
    async_client=AsyncCleverLMSClient,
    fake="attempts_sdk.testing.cleverlms:FakeCleverLMS",
    # "checking": answers wait for a reviewer.
    status_words={
        "completed": SummaryStatus.COMPLETED,
        "fail": SummaryStatus.FAILED,
        "checking": SummaryStatus.PENDING,
    },
    # the status: "completed" is a passed test, "fail" a failed one (inferred)
    passed_words={"completed": True, "fail": False},
    walk=walk,
    date_filter=True,
    filter_margin=timedelta(seconds=1),
    # no status says "running": an attempt seems to be listed once it ends (or waits for a
    # reviewer), dated by its start, so it shows up as late as it lasts. Two days cover the
    # tests of a training programme; `--overlap` can say more.
    sync_overlap=timedelta(days=2),
    examples=(
        Example("export_test_attempts", lambda c: c.export_test_attempts()),
        Example("export_test_attempts(per_page)", lambda c: c.export_test_attempts(per_page=4)),
        Example(
            "export_test_answers",
            lambda c: c.export_test_answers(company_id=1, language="en", question=[17130, 17131]),
        ),
    ),
)
