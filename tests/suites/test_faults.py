"""Fault injection over real sockets on 127.0.0.1, for every provider client, sync and async.

Each test runs a scenario of tests/faultserver.py (the same ones examples/reliability_report.py
tallies): the fakes serve over HTTP, with their own faults (``fail_next``, ``drop_next``) or
behind a `FaultServer` for the faults they cannot make (truncated bodies, stalls, HTML pages,
redirects, looping pages, every third request failing). An outcome lists its ``problems``:
the ways the client strayed from the documented behaviour; the tests also assert the values
that matter directly. Every client retries twice with no backoff (`faultserver.NO_WAIT`).
"""

from __future__ import annotations

import httpx
import pytest

import support.faultserver as fs
from attempts_sdk import (
    APIConnectionError,
    APIError,
    APIStatusError,
    APITimeoutError,
    DecodeError,
    InternalServerError,
    PaginationError,
    RateLimitError,
    ResponseTooLargeError,
)
from attempts_sdk.testing import FakeCleverLMS
from conftest import Harness
from support.faultserver import CASES, ProviderCase

PROVIDERS = pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
ATTEMPTS = fs.MAX_RETRIES + 1


# --- the fault server itself


def test_fault_server_applies_its_rules_in_order_and_records_every_request() -> None:
    fake = FakeCleverLMS()
    with fs.FaultServer(fake) as server:
        server.inject(fs.Reply(418, b"teapot", name="teapot"), match=lambda r: "page=2" in r.query)
        server.inject(fs.error_reply(fake, 503), times=None, every=3, after=1)
        headers = {"Authorization": f"Bearer {fake.token}"}
        with httpx.Client(base_url=server.base_url, headers=headers) as client:
            statuses = [
                client.get("/v2/materials/tests/attempts", params={"page": page}).status_code
                for page in (1, 2, 1, 1, 1, 1, 1, 1)
            ]

    # page 2 is the teapot; the 503 rule counts the 7 others, skips the first, then every 3rd
    assert statuses == [200, 418, 200, 200, 503, 200, 200, 503]
    assert server.injected == 3
    assert [r.fault for r in server.requests] == [
        None,
        "teapot",
        None,
        None,
        "HTTP 503",
        None,
        None,
        "HTTP 503",
    ]
    assert server.requests[1].query == "page=2"
    assert server.requests[0].headers["authorization"] == f"Bearer {fake.token}"
    assert server.requests[0].contains(fake.token)
    assert server.errors == []


# --- 1. bursts of 5xx


@PROVIDERS
@pytest.mark.parametrize("status", [500, 502, 503, 504])
def test_5xx_burst_within_max_retries_recovers(
    harness: Harness, case: ProviderCase, status: int
) -> None:
    out = fs.burst_within_retries(harness, case, status)

    assert out.problems == []
    assert out.error is None
    assert out.received == out.expected != []
    assert out.attempts == ATTEMPTS


@PROVIDERS
@pytest.mark.parametrize("status", [503, 429])
def test_error_burst_beyond_max_retries_raises_the_status_error(
    harness: Harness, case: ProviderCase, status: int
) -> None:
    out = fs.burst_beyond_retries(harness, case, status)

    assert out.problems == []
    assert isinstance(out.error, RateLimitError if status == 429 else InternalServerError)
    assert out.error.status_code == status
    assert out.attempts == ATTEMPTS


# --- 2. Retry-After


@PROVIDERS
def test_429_retry_after_in_seconds_is_waited_for(harness: Harness, case: ProviderCase) -> None:
    out = fs.retry_after_seconds(harness, case, 1.0)

    assert out.problems == []
    assert out.waits == [1.0]
    assert out.received == out.expected != []
    assert out.attempts == 2


def test_429_retry_after_in_seconds_really_sleeps(harness: Harness) -> None:
    out = fs.retry_after_seconds(harness, fs.TESTPRESS, 1.0, real_time=True)

    assert out.problems == []
    assert 0.9 <= out.waits[0] < 3.0  # the whole call, measured on the clock
    assert out.received == out.expected


@PROVIDERS
@pytest.mark.parametrize("offset", [3.0, -30.0], ids=["ahead", "past"])
def test_429_retry_after_as_an_http_date_is_waited_until(
    harness: Harness, case: ProviderCase, offset: float
) -> None:
    out = fs.retry_after_date(harness, case, offset)

    assert out.problems == []
    assert len(out.waits) == 1
    if offset > 0:
        assert 1.0 <= out.waits[0] <= 3.0
    else:
        assert out.waits == [0.0]
    assert out.received == out.expected != []
    assert out.attempts == 2


# --- 3. dropped connections


@PROVIDERS
def test_get_whose_connection_dropped_before_the_response_is_retried(
    harness: Harness, case: ProviderCase
) -> None:
    out = fs.dropped_get(harness, case)

    assert out.problems == []
    assert out.received == out.expected != []
    assert out.attempts == 2


@pytest.mark.parametrize("after_upstream", [False, True], ids=["before-handled", "after-handled"])
def test_post_whose_connection_dropped_after_sending_is_not_retried(
    harness: Harness, after_upstream: bool
) -> None:
    out = fs.dropped_post(harness, after_upstream=after_upstream)

    assert out.problems == []
    assert isinstance(out.error, APIConnectionError)
    assert not isinstance(out.error, APITimeoutError)
    assert out.attempts == 1  # exactly one POST reached the server


# --- 4. truncated bodies


@PROVIDERS
def test_truncated_body_is_retried_and_recovers(harness: Harness, case: ProviderCase) -> None:
    out = fs.truncated(harness, case, persistent=False)

    assert out.problems == []
    assert out.received == out.expected != []
    assert out.attempts == 2


@PROVIDERS
def test_body_truncated_every_time_is_a_connection_error(
    harness: Harness, case: ProviderCase
) -> None:
    out = fs.truncated(harness, case, persistent=True)

    assert out.problems == []
    assert isinstance(out.error, APIConnectionError)
    assert isinstance(out.error.__cause__, httpx.TransportError)
    assert out.attempts == ATTEMPTS


# --- 5. slow servers, refused connections


@PROVIDERS
def test_server_slower_than_the_timeout_times_out_after_three_attempts(
    harness: Harness, case: ProviderCase
) -> None:
    out = fs.slow_server(harness, case)

    assert out.problems == []
    assert isinstance(out.error, APITimeoutError)
    assert out.attempts == ATTEMPTS


@PROVIDERS
def test_refused_connection_is_a_connection_error_after_three_attempts(
    harness: Harness, case: ProviderCase
) -> None:
    out = fs.refused(harness, case)

    assert out.problems == []
    assert isinstance(out.error, APIConnectionError)
    assert isinstance(out.error.__cause__, httpx.ConnectError)
    assert out.waits == [0.0, 0.0]


# --- 6. HTML and other bodies that are not JSON


@PROVIDERS
@pytest.mark.parametrize("page", sorted(fs.HTML_PAGES))
def test_html_502_is_an_internal_server_error_with_a_readable_message(
    harness: Harness, case: ProviderCase, page: str
) -> None:
    out = fs.html_error_page(harness, case, page)

    assert out.problems == []
    assert isinstance(out.error, InternalServerError)
    assert out.error.status_code == 502
    assert out.error.body == fs.HTML_PAGES[page]
    assert fs.readable(out.error.message)
    assert out.attempts == ATTEMPTS


@PROVIDERS
@pytest.mark.parametrize("kind", sorted(fs.BROKEN_200))
def test_200_that_is_not_json_is_a_decode_error(
    harness: Harness, case: ProviderCase, kind: str
) -> None:
    out = fs.broken_200(harness, case, kind)

    assert out.problems == []
    assert isinstance(out.error, DecodeError)
    assert out.error.raw == fs.BROKEN_200[kind][:200]
    assert out.attempts == 1


# --- 7. redirects


@PROVIDERS
@pytest.mark.parametrize("target", ["localhost", "port"])
def test_redirect_to_another_origin_does_not_carry_the_credential(
    harness: Harness, case: ProviderCase, target: str
) -> None:
    out = fs.redirect_cross_origin(harness, case, target)

    assert out.problems == []
    assert isinstance(out.error, APIError)  # refused, or a 401 from the other origin
    assert out.attempts == 1


@PROVIDERS
def test_redirect_to_another_origin_during_a_walk_never_leaks_the_credential(
    harness: Harness, case: ProviderCase
) -> None:
    out = fs.redirect_cross_origin_walk(harness, case)

    assert out.problems == []
    assert isinstance(out.error, APIError) or out.received == out.expected


@pytest.mark.parametrize("status", [307, 308])
def test_login_redirected_to_another_origin_never_sends_the_password(
    harness: Harness, status: int
) -> None:
    out = fs.login_redirect_cross_origin(harness, status)

    assert out.problems == []
    assert isinstance(out.error, APIError)


@PROVIDERS
def test_same_origin_redirect_is_followed_with_the_credential(
    harness: Harness, case: ProviderCase
) -> None:
    out = fs.redirect_same_origin(harness, case)

    assert out.problems == []
    assert out.received == out.expected != []
    assert out.attempts == 2


@PROVIDERS
def test_same_origin_redirect_during_a_walk_is_followed(
    harness: Harness, case: ProviderCase
) -> None:
    out = fs.redirect_same_origin_walk(harness, case)

    assert out.problems == []
    assert out.received == out.expected
    assert len(out.expected) > 10


@PROVIDERS
def test_redirect_loop_is_an_api_error_and_not_retried(
    harness: Harness, case: ProviderCase
) -> None:
    out = fs.redirect_loop(harness, case)

    assert out.problems == []
    assert isinstance(out.error, APIError)
    assert out.attempts == 21  # 20 redirects, once: not three times over


# --- 8. looping pagination


LOOPS = [(case, variant) for case in CASES for variant in fs.LOOP_VARIANTS[case.name]]


@pytest.mark.parametrize(
    ("case", "variant"), LOOPS, ids=[f"{case.name}-{variant}" for case, variant in LOOPS]
)
def test_looping_next_link_cursor_or_page_raises_pagination_error(
    harness: Harness, case: ProviderCase, variant: str
) -> None:
    out = fs.looping_pages(harness, case, variant)

    assert out.problems == []
    assert isinstance(out.error, PaginationError)
    assert out.attempts <= 3


# --- 9. exports of at least 100 items under faults


EXPORTS = [(case, listing) for case in CASES for listing in case.bulk]


@pytest.mark.parametrize(
    ("case", "listing"), EXPORTS, ids=[listing.label for _, listing in EXPORTS]
)
def test_export_with_every_third_request_failing_yields_every_item_once(
    harness: Harness, case: ProviderCase, listing: fs.Listing
) -> None:
    out = fs.export_every_third_fails(harness, case, listing)

    assert out.problems == []
    assert len(out.expected) >= 100
    assert out.received == out.expected
    assert len(set(out.received)) == len(out.received)
    assert out.injected == out.attempts // 3 >= 5


# --- 10. retries never multiply


@PROVIDERS
@pytest.mark.parametrize("kind", fs.PERSISTENT_KINDS)
def test_persistent_fault_makes_exactly_max_retries_plus_one_attempts(
    harness: Harness, case: ProviderCase, kind: str
) -> None:
    out = fs.persistent_fault(harness, case, kind)

    assert out.problems == []
    assert isinstance(out.error, InternalServerError if kind == "503" else APIConnectionError)
    assert out.attempts == ATTEMPTS


@PROVIDERS
def test_persistent_fault_mid_walk_makes_exactly_three_attempts_for_the_page(
    harness: Harness, case: ProviderCase
) -> None:
    out = fs.persistent_fault_mid_walk(harness, case)

    assert out.problems == []
    assert isinstance(out.error, APIStatusError)
    assert out.error.status_code == 503
    assert out.attempts == 1 + ATTEMPTS


# --- Retry-After that would remove the backoff, oversized bodies, deadlines


@PROVIDERS
@pytest.mark.parametrize("value", fs.RETRY_AFTER_NO_WAIT)
def test_retry_after_zero_negative_or_past_keeps_the_backoff(
    harness: Harness, case: ProviderCase, value: str
) -> None:
    out = fs.retry_after_floor(harness, case, value)

    assert out.problems == []
    assert out.waits == [0.05, 0.1]


@PROVIDERS
@pytest.mark.parametrize("kind", fs.OVERSIZED_KINDS)
def test_a_body_over_max_response_size_is_refused_and_not_retried(
    harness: Harness, case: ProviderCase, kind: str
) -> None:
    out = fs.oversized_body(harness, case, kind)

    assert out.problems == []
    assert isinstance(out.error, ResponseTooLargeError)
    assert out.error.limit == fs.SMALL_LIMIT
    assert out.attempts == 1


@PROVIDERS
@pytest.mark.parametrize("kind", fs.DEADLINE_KINDS)
def test_a_server_holding_a_call_is_cut_at_its_deadline(
    harness: Harness, case: ProviderCase, kind: str
) -> None:
    out = fs.past_deadline(harness, case, kind)

    assert out.problems == []
    assert isinstance(out.error, APITimeoutError)
    assert "deadline of 0.5 s (1 attempt; last: " in str(out.error)
