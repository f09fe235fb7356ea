"""``client.with_raw_response`` of the Indeed clients: each single-record method, returning
`attempts_sdk.APIResponse` (see `attempts_sdk._raw`)."""

from __future__ import annotations

from typing import Final

from .._raw import AsyncRawMethod, RawMethod, RawResponses
from .client import AsyncIndeedClient, IndeedClient

__all__ = ["AsyncIndeedRawResponses", "IndeedRawResponses"]


class IndeedRawResponses(RawResponses[IndeedClient]):
    """``client.with_raw_response`` of an `IndeedClient`."""

    get_attempt: Final = RawMethod(IndeedClient.get_attempt)
    get_assignment: Final = RawMethod(IndeedClient.get_assignment)
    create_assignment: Final = RawMethod(IndeedClient.create_assignment)
    get_role: Final = RawMethod(IndeedClient.get_role)
    get_assessment: Final = RawMethod(IndeedClient.get_assessment)


class AsyncIndeedRawResponses(RawResponses[AsyncIndeedClient]):
    """``client.with_raw_response`` of an `AsyncIndeedClient`."""

    get_attempt: Final = AsyncRawMethod(AsyncIndeedClient.get_attempt)
    get_assignment: Final = AsyncRawMethod(AsyncIndeedClient.get_assignment)
    create_assignment: Final = AsyncRawMethod(AsyncIndeedClient.create_assignment)
    get_role: Final = AsyncRawMethod(AsyncIndeedClient.get_role)
    get_assessment: Final = AsyncRawMethod(AsyncIndeedClient.get_assessment)
