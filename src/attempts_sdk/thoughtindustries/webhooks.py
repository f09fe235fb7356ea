"""Verify and parse the webhooks Thought Industries sends.

Every delivery is a POST whose ``X-TI-Signature`` header is the HMAC-SHA256 of the request
body under the webhook's secret, as lower-case hex. `parse_event` checks it over the **raw**
body, the bytes as received (re-serialising parsed JSON, as one documentation sample does,
gives other bytes as soon as the sender's spacing or key order differ), in constant time, then
decodes the documented envelope ``{"event", "timestamp", "data"}``:

>>> import hashlib, hmac
>>> body = b'{"event":"course.completed","timestamp":"2024-05-01T10:00:00Z","data":{}}'
>>> signature = hmac.new(b"whsec_test", body, hashlib.sha256).hexdigest()
>>> parse_event(body, signature, secret="whsec_test").event
'course.completed'

Nothing in a delivery says when it was signed apart from the ``timestamp`` inside the body, and
Thought Industries retries a failed delivery for up to 24 hours: deduplicate on your side.
"""

from __future__ import annotations

import hashlib
import hmac
from typing import TYPE_CHECKING

from .._decoding import decode_model
from .._errors import DecodeError, WebhookVerificationError
from .._json import loads, safe_text
from .endpoints import THOUGHTINDUSTRIES

if TYPE_CHECKING:
    from .models import WebhookEvent

__all__ = ["SIGNATURE_HEADER", "parse_event", "sign"]

SIGNATURE_HEADER = "X-TI-Signature"
"""The header that carries a delivery's signature."""

_PROVIDER = THOUGHTINDUSTRIES.name


def sign(body: bytes, secret: str) -> str:
    """The signature Thought Industries sends with ``body``: HMAC-SHA256, lower-case hex.

    Useful to test a receiver (the fakes sign this way).
    """
    return hmac.new(_key(secret), body, hashlib.sha256).hexdigest()


def parse_event(body: bytes, signature: str, *, secret: str, strict: bool = False) -> WebhookEvent:
    """Verify one delivery, then decode it.

    Args:
        body: the request body exactly as received (bytes; not parsed and re-encoded).
        signature: the ``X-TI-Signature`` header (hex; case and surrounding spaces ignored).
        secret: the webhook's secret, as registered with Thought Industries.
        strict: raise `DecodeError` on a value that cannot be parsed (e.g. a bad
            ``timestamp``) instead of setting it to None with a `DataWarning`.

    Returns:
        The `WebhookEvent`: ``event``, ``timestamp`` and ``data`` (the payload, as JSON).

    Raises:
        WebhookVerificationError: the signature is missing, or is not the body's (checked
            with `hmac.compare_digest`): the body must not be trusted.
        DecodeError: the signature is right but the body is not the documented envelope (not
            JSON, not an object, or no ``event`` name).
        TypeError / ValueError: ``body`` is not bytes, or ``secret`` is empty.
    """
    if not isinstance(body, (bytes, bytearray, memoryview)):
        raise TypeError(
            f"body must be the raw request body as bytes, not {type(body).__name__}: "
            "the signature covers the exact bytes received"
        )
    body = bytes(body)
    expected = sign(body, secret)
    if not isinstance(signature, str) or not signature.strip():
        raise WebhookVerificationError(
            f"{_PROVIDER}: the webhook has no {SIGNATURE_HEADER} signature"
        )
    given = signature.strip().lower()
    if not given.isascii() or not hmac.compare_digest(given, expected):
        raise WebhookVerificationError(
            f"{_PROVIDER}: the {SIGNATURE_HEADER} signature does not match the body "
            "(wrong secret, or a body changed on the way)"
        )
    try:
        envelope = loads(body)
    except ValueError:
        raise DecodeError(
            f"{_PROVIDER}: the webhook body is not JSON", raw=safe_text(body), provider=_PROVIDER
        ) from None
    if not isinstance(envelope, dict):
        raise DecodeError(
            f"{_PROVIDER}: the webhook body is not the documented "
            '{"event", "timestamp", "data"} object',
            raw=safe_text(body),
            provider=_PROVIDER,
        )
    from .models import WebhookEvent  # here: the models load on first use

    return decode_model(WebhookEvent, envelope, provider=_PROVIDER, strict=strict)


def _key(secret: str) -> bytes:
    if not isinstance(secret, str):
        raise TypeError(f"secret must be a str, not {type(secret).__name__}")
    if not secret:
        raise ValueError("secret must not be empty")
    return secret.encode()
