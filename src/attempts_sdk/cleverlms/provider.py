"""CleverLMS's entry in the provider registry (`attempts_sdk.PROVIDERS`)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

from .._registry import Example, Provider, Row, Window
from .._status import SummaryStatus
from .client import AsyncCleverLMSClient, CleverLMSClient
from .endpoints import CLEVERLMS

__all__ = ["PROVIDER"]


def walk(client: CleverLMSClient, window: Window) -> Iterator[list[Row]]:
    """The attempts export between ``afterDate`` and ``toDate``, which have seconds
    precision: the end is rounded up to keep its last second."""
    until = window.until
    if until is not None and until.microsecond:
        until = until.replace(microsecond=0) + timedelta(seconds=1)
    for page in client.export_test_attempts(after_date=window.since, to_date=until).pages():
        yield [(attempt, attempt.to_summary()) for attempt in page]


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
    examples=(
        Example("export_test_attempts", lambda c: c.export_test_attempts()),
        Example("export_test_attempts(per_page)", lambda c: c.export_test_attempts(per_page=4)),
    ),
)
