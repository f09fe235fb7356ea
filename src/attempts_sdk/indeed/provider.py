"""Indeed Assessments's entry in the provider registry (`attempts_sdk.PROVIDERS`)."""

from __future__ import annotations

from collections.abc import Iterator

from .._registry import Example, Provider, RowPage, Window
from .client import AsyncIndeedClient, IndeedClient
from .endpoints import INDEED

__all__ = ["PROVIDER"]


def walk(client: IndeedClient, window: Window, *, concurrency: int = 1) -> Iterator[RowPage]:
    """Indeed lists attempts only inside assignments, which carry the candidate; it has no
    date filter, so every assignment is read (the caller keeps the window). The list reports
    ``meta.pages``: its pages are planned, ``concurrency`` at a time, and the client's rate
    limit (Indeed's documented 1 request a second) spaces them all the same."""
    for page in client.list_assignments().pages(concurrency=concurrency):
        yield RowPage.of(
            page,
            [
                (attempt, attempt.to_summary(user=assignment.user))
                for assignment in page
                for attempt in assignment.attempts
            ],
        )


PROVIDER = Provider(
    spec=INDEED,
    client=IndeedClient,
    async_client=AsyncIndeedClient,
    fake="attempts_sdk.testing.indeed:FakeIndeed",
    # Indeed sends no status: `progress_status` derives one from the timestamps.
    walk=walk,
    date_filter=False,
    examples=(
        Example("list_assignments", lambda c: c.list_assignments()),
        Example("get_assignment", lambda c: c.get_assignment("kcwiw1x5clpppiwxajp2gm")),
        Example("get_attempt", lambda c: c.get_attempt("e0rklwo68amo6jb4")),
        Example("iter_attempts", lambda c: c.iter_attempts()),
        Example("list_roles", lambda c: c.list_roles()),
        Example("get_role", lambda c: c.get_role("pgrnovpmee0qkljd")),
        Example("list_assessments", lambda c: c.list_assessments()),
        Example("get_assessment", lambda c: c.get_assessment("are-you-a-human")),
        Example(
            "create_assignment",
            lambda c: c.create_assignment(email="john.doe@example.com", role_id="pgrnovpmee0qkljd"),
        ),
    ),
)
