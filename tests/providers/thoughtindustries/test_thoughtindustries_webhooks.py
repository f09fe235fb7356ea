"""Thought Industries webhooks: `attempts_sdk.thoughtindustries.webhooks.parse_event`.

Thought Industries documents the scheme (``X-TI-Signature``: the HMAC-SHA256 of the body under
the webhook's secret, hex; compared in constant time) and the envelope (``event``,
``timestamp``, ``data``), with no whole payload example: the bodies here are that envelope
around the events the tutorial names (``enrollment.created``, ``course.completed``,
``order.completed``), signed with a test secret as documented.
"""

from __future__ import annotations

import doctest
import hashlib
import hmac
import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
import pytest

from attempts_sdk import AttemptsSDKError, DataWarning, DecodeError, WebhookVerificationError
from attempts_sdk.thoughtindustries import WebhookEvent, webhooks
from attempts_sdk.thoughtindustries.webhooks import SIGNATURE_HEADER, parse_event, sign
from conftest import fixture_json

SECRET = "whsec_your_webhook_secret"  # the registration example's


def envelope(event: str = "course.completed", **data: Any) -> dict[str, Any]:
    return {
        "event": event,
        "timestamp": "2024-05-01T10:15:30.123Z",
        "data": data or {"courseId": "c-1", "userId": "u-1", "email": "ana.ruiz@acme.example"},
    }


def signed(body: bytes, secret: str = SECRET) -> str:
    """The documented signature, computed here independently of the SDK."""
    return hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


@pytest.mark.parametrize("name", ["enrollment.created", "course.completed", "order.completed"])
def test_a_signed_delivery_parses(name: str) -> None:
    body = json.dumps(envelope(name)).encode()

    event = parse_event(body, signed(body), secret=SECRET)

    assert isinstance(event, WebhookEvent)
    assert event.event == name
    assert event.timestamp == datetime(2024, 5, 1, 10, 15, 30, 123000, tzinfo=timezone.utc)
    assert event.data == envelope(name)["data"]


def test_sign_is_the_documented_scheme() -> None:
    body = b'{"event":"enrollment.created","timestamp":"2024-05-01T10:00:00Z","data":{}}'
    assert sign(body, SECRET) == signed(body)
    assert len(sign(body, SECRET)) == 64 and sign(body, SECRET) == sign(body, SECRET).lower()


def test_the_signature_header_is_read_whatever_its_case_and_spaces() -> None:
    body = json.dumps(envelope()).encode()
    assert parse_event(body, f"  {signed(body).upper()}\n", secret=SECRET).event == (
        "course.completed"
    )


@pytest.mark.parametrize(
    "tamper",
    [
        lambda body: body.replace(b"course.completed", b"course.completeD"),
        lambda body: body.replace(b"ana.ruiz", b"eve.ruiz"),
        lambda body: body + b" ",
        lambda body: body[:-1],
    ],
    ids=["event", "data field", "appended space", "truncated"],
)
def test_a_tampered_body_is_refused(tamper: Any) -> None:
    body = json.dumps(envelope()).encode()
    signature = signed(body)

    with pytest.raises(WebhookVerificationError, match="does not match the body"):
        parse_event(tamper(body), signature, secret=SECRET)


def test_a_wrong_secret_is_refused() -> None:
    body = json.dumps(envelope()).encode()
    with pytest.raises(WebhookVerificationError):
        parse_event(body, signed(body, "whsec_someone_else"), secret=SECRET)


@pytest.mark.parametrize("signature", ["", "   ", None])
def test_a_missing_signature_is_refused(signature: Any) -> None:
    body = json.dumps(envelope()).encode()
    with pytest.raises(WebhookVerificationError, match="has no X-TI-Signature"):
        parse_event(body, signature, secret=SECRET)


@pytest.mark.parametrize(
    "signature", ["not hex at all", "é" * 64, "0" * 64, "sha256=" + "0" * 64, "00"]
)
def test_a_malformed_signature_is_refused_as_unverified(signature: str) -> None:
    body = json.dumps(envelope()).encode()
    with pytest.raises(WebhookVerificationError):
        parse_event(body, signature, secret=SECRET)


def test_the_signature_is_compared_in_constant_time(monkeypatch: pytest.MonkeyPatch) -> None:
    compared: list[tuple[str, str]] = []
    real = hmac.compare_digest

    def spy(a: str, b: str) -> bool:
        compared.append((a, b))
        return real(a, b)

    monkeypatch.setattr(hmac, "compare_digest", spy)  # the module calls it as hmac.compare_digest
    body = json.dumps(envelope()).encode()
    parse_event(body, signed(body), secret=SECRET)
    with pytest.raises(WebhookVerificationError):
        parse_event(body, "ab" * 32, secret=SECRET)

    assert compared == [(signed(body), signed(body)), ("ab" * 32, signed(body))]


def test_the_raw_body_is_what_is_signed_not_its_reserialisation() -> None:
    """One documentation sample verifies ``JSON.stringify(req.body)``: that gives the same bytes
    only when the sender wrote compact JSON. The raw body is what the header signs."""
    pretty = json.dumps(envelope(), indent=2).encode()
    signature = signed(pretty)
    compact = json.dumps(json.loads(pretty), separators=(",", ":")).encode()

    assert parse_event(pretty, signature, secret=SECRET).event == "course.completed"
    with pytest.raises(WebhookVerificationError):
        parse_event(compact, signature, secret=SECRET)


@pytest.mark.parametrize(
    ("body", "match"),
    [
        (b"not json", "not JSON"),
        (b"", "not JSON"),
        (b'["course.completed"]', "not the documented"),
        (b'"course.completed"', "not the documented"),
        (b'{"timestamp": "2024-05-01T10:00:00Z", "data": {}}', "event"),
        (b'{"event": null, "data": {}}', "event"),
    ],
)
def test_a_verified_body_that_is_not_the_envelope_is_a_decode_error(
    body: bytes, match: str
) -> None:
    with pytest.raises(DecodeError, match=match):
        parse_event(body, signed(body), secret=SECRET)


def test_odd_values_warn_in_lenient_mode_and_raise_in_strict_mode() -> None:
    body = json.dumps(
        {"event": "course.completed", "timestamp": "2.25-11-07T12:37:11+05:30", "data": "x"}
    ).encode()

    with pytest.warns(DataWarning) as caught:
        event = parse_event(body, signed(body), secret=SECRET)
    assert (event.timestamp, event.data) == (None, None)
    assert {w.message.path for w in caught.list} == {"timestamp", "data"}  # type: ignore[union-attr]

    with pytest.raises(DecodeError) as raised:
        parse_event(body, signed(body), secret=SECRET, strict=True)
    assert raised.value.path == "timestamp"


def test_unknown_envelope_keys_are_kept() -> None:
    body = json.dumps({**envelope(), "id": "evt_1", "attempt": 2}).encode()
    event = parse_event(body, signed(body), secret=SECRET)
    assert event.extra == {"id": "evt_1", "attempt": 2}


def test_registration_example_secret_verifies_its_own_events() -> None:
    registration = fixture_json("thoughtindustries", "webhook_register_request")
    for name in registration["events"]:
        body = json.dumps(envelope(name)).encode()
        secret = registration["secret"]
        assert parse_event(body, signed(body, secret), secret=secret).event == name


@pytest.mark.parametrize(
    ("body", "secret", "error"),
    [
        ("{}", SECRET, TypeError),
        ({"event": "x"}, SECRET, TypeError),
        (b"{}", "", ValueError),
        (b"{}", None, TypeError),
    ],
)
def test_programming_errors_are_not_verification_errors(
    body: Any, secret: Any, error: type[Exception]
) -> None:
    with pytest.raises(error) as raised:
        parse_event(body, "00", secret=secret)
    assert not isinstance(raised.value, AttemptsSDKError)


def test_the_module_docstring_example_runs() -> None:
    result = doctest.testmod(webhooks, verbose=False)
    assert result.attempted >= 3 and result.failed == 0


# --- a receiver on 127.0.0.1 ---------------------------------------------------------------------


@contextmanager
def receiver(secret: str) -> Iterator[tuple[str, list[WebhookEvent]]]:
    """A webhook endpoint on 127.0.0.1: 204 for a verified delivery, 401 otherwise."""
    received: list[WebhookEvent] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            try:
                received.append(
                    parse_event(body, self.headers.get(SIGNATURE_HEADER, ""), secret=secret)
                )
            except WebhookVerificationError:
                self.send_response(401)
            else:
                self.send_response(204)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, format: str, *args: Any) -> None:
            """Quiet."""

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/webhooks/ti", received
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def test_a_receiver_over_http_accepts_signed_deliveries_and_refuses_forged_ones() -> None:
    body = json.dumps(envelope("enrollment.created")).encode()
    with receiver(SECRET) as (url, received), httpx.Client(timeout=5) as http:
        good = http.post(url, content=body, headers={SIGNATURE_HEADER: sign(body, SECRET)})
        forged = http.post(url, content=body, headers={SIGNATURE_HEADER: sign(body, "guess")})
        unsigned = http.post(url, content=body)

    assert (good.status_code, forged.status_code, unsigned.status_code) == (204, 401, 401)
    assert [event.event for event in received] == ["enrollment.created"]
