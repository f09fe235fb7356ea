"""``client.with_raw_response`` of the Testpress clients: each single-record method, returning
`attempts_sdk.APIResponse` (see `attempts_sdk._raw`)."""

from __future__ import annotations

from functools import cached_property
from typing import Final

from .._raw import AsyncRawMethod, RawMethod, RawResponses
from .admin import AsyncTestpressAdmin, TestpressAdmin
from .client import AsyncTestpressClient, TestpressClient

__all__ = [
    "AsyncTestpressAdminRawResponses",
    "AsyncTestpressRawResponses",
    "TestpressAdminRawResponses",
    "TestpressRawResponses",
]


class TestpressAdminRawResponses(RawResponses[TestpressAdmin]):
    """``client.with_raw_response.admin``."""

    __test__ = False
    get_attempt: Final = RawMethod(TestpressAdmin.get_attempt)


class TestpressRawResponses(RawResponses[TestpressClient]):
    """``client.with_raw_response`` of a `TestpressClient`."""

    __test__ = False
    get_exam: Final = RawMethod(TestpressClient.get_exam)
    get_attempt: Final = RawMethod(TestpressClient.get_attempt)
    create_attempt: Final = RawMethod(TestpressClient.create_attempt)
    start_attempt: Final = RawMethod(TestpressClient.start_attempt)
    send_heartbeat: Final = RawMethod(TestpressClient.send_heartbeat)
    end_attempt: Final = RawMethod(TestpressClient.end_attempt)
    update_attempt_question: Final = RawMethod(TestpressClient.update_attempt_question)

    @cached_property
    def admin(self) -> TestpressAdminRawResponses:
        """``client.admin``'s single-record methods."""
        return TestpressAdminRawResponses(self._target.admin)


class AsyncTestpressAdminRawResponses(RawResponses[AsyncTestpressAdmin]):
    """``client.with_raw_response.admin`` of an `AsyncTestpressClient`."""

    get_attempt: Final = AsyncRawMethod(AsyncTestpressAdmin.get_attempt)


class AsyncTestpressRawResponses(RawResponses[AsyncTestpressClient]):
    """``client.with_raw_response`` of an `AsyncTestpressClient`."""

    get_exam: Final = AsyncRawMethod(AsyncTestpressClient.get_exam)
    get_attempt: Final = AsyncRawMethod(AsyncTestpressClient.get_attempt)
    create_attempt: Final = AsyncRawMethod(AsyncTestpressClient.create_attempt)
    start_attempt: Final = AsyncRawMethod(AsyncTestpressClient.start_attempt)
    send_heartbeat: Final = AsyncRawMethod(AsyncTestpressClient.send_heartbeat)
    end_attempt: Final = AsyncRawMethod(AsyncTestpressClient.end_attempt)
    update_attempt_question: Final = AsyncRawMethod(AsyncTestpressClient.update_attempt_question)

    @cached_property
    def admin(self) -> AsyncTestpressAdminRawResponses:
        """``client.admin``'s single-record methods."""
        return AsyncTestpressAdminRawResponses(self._target.admin)
