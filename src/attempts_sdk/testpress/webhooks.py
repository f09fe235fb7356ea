"""Testpress webhooks: verify a body's signature, then parse it into an event.

Testpress POSTs a JSON body when an exam attempt starts or completes (the exam webhook) and
when a chapter-content attempt changes state (the chapter-content webhook). The signature is in
the body, under ``hash``: HMAC-SHA512, in hex, keyed with the institute's private key, of some
of the body's values, each percent-encoded, joined with ``|`` (the private key itself among
them). The docs' lists of those values have errors; the fields used here, and why, are in
docs/provider-notes/testpress.md:

* exam events: ``key``, ``attempt_id``, ``correct_answers_count``, the private key,
  ``incorrect_answers_count``, ``unanswered_answers_count``, ``percentage``, ``score``,
  ``user_id``;
* chapter-content events: ``key``, ``attempt_id``, ``chapter_content.id``, ``user_id``,
  ``course.id``, the private key, ``state``.

The functions take the raw body (bytes or str), so any web framework can call them::

    event = parse_exam_event(request_body, private_key=PRIVATE_KEY, public_key=PUBLIC_KEY)

No standard library function does this; the comparison is `hmac.compare_digest`, in constant
time. Nothing in the body is timestamped, so a captured body can be replayed: de-duplicate on
``attempt_id`` and ``attempt_state`` (or ``state``) if that matters to you.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Mapping
from typing import TYPE_CHECKING, TypeVar
from urllib.parse import quote

from .._decoding import decode_model
from .._errors import DecodeError, WebhookVerificationError
from .._json import JSONValue, loads, safe_text

if TYPE_CHECKING:
    from .._models import Model
    from .models import ContentEvent, ExamEvent

__all__ = [
    "CONTENT_EVENT_FIELDS",
    "EXAM_EVENT_FIELDS",
    "PRIVATE_KEY",
    "parse_content_event",
    "parse_exam_event",
    "sign_content_event",
    "sign_exam_event",
]

M = TypeVar("M", bound="Model")
PROVIDER = "testpress"

PRIVATE_KEY = "<private key>"
"""Stands for the private key in the lists of signed fields."""

EXAM_EVENT_FIELDS: tuple[str, ...] = (
    "key",
    "attempt_id",
    "correct_answers_count",
    PRIVATE_KEY,
    "incorrect_answers_count",
    "unanswered_answers_count",
    "percentage",
    "score",
    "user_id",
)
"""The values an exam event's ``hash`` signs, in order (dotted: a field of a nested object)."""

CONTENT_EVENT_FIELDS: tuple[str, ...] = (
    "key",
    "attempt_id",
    "chapter_content.id",
    "user_id",
    "course.id",
    PRIVATE_KEY,
    "state",
)
"""The values a chapter-content event's ``hash`` signs, in order."""


def _error(what: str) -> WebhookVerificationError:
    return WebhookVerificationError(f"{PROVIDER}: webhook not verified: {what}")


def _text(value: JSONValue, field: str) -> str:
    """A signed value as Testpress's (Python) server writes it: ``str()`` of the value."""
    if isinstance(value, (dict, list)):
        raise _error(f"{field!r} is not a single value")
    if isinstance(value, float):
        return repr(value)
    return str(value)  # str, int, and True/False/None spelt as Python spells them


def _value(body: Mapping[str, JSONValue], field: str) -> JSONValue:
    node: JSONValue = dict(body)
    for part in field.split("."):
        if not isinstance(node, dict) or part not in node:
            raise _error(f"the body has no {field!r}, which the signature covers")
        node = node[part]
    return node


def _signature(body: Mapping[str, JSONValue], fields: tuple[str, ...], private_key: str) -> str:
    if not isinstance(private_key, str) or not private_key:
        raise TypeError("private_key must be a non-empty str")
    parts = [
        private_key if field == PRIVATE_KEY else _text(_value(body, field), field)
        for field in fields
    ]
    message = "|".join(quote(part.encode("utf-8", "surrogatepass")) for part in parts)
    key = private_key.encode("utf-8", "surrogatepass")
    return hmac.new(key, message.encode("ascii"), hashlib.sha512).hexdigest()


def sign_exam_event(body: Mapping[str, JSONValue], *, private_key: str) -> str:
    """The ``hash`` Testpress puts in an exam event ``body`` (for tests and fakes).

    Raises:
        WebhookVerificationError: the body lacks a signed field, or holds an object there.
    """
    return _signature(body, EXAM_EVENT_FIELDS, private_key)


def sign_content_event(body: Mapping[str, JSONValue], *, private_key: str) -> str:
    """The ``hash`` Testpress puts in a chapter-content event ``body`` (for tests and fakes)."""
    return _signature(body, CONTENT_EVENT_FIELDS, private_key)


def _verified(
    body: bytes | str,
    fields: tuple[str, ...],
    private_key: str,
    public_key: str | None,
) -> dict[str, JSONValue]:
    """The body as a dict, once its signature (and public key) check out."""
    if isinstance(body, str):
        content = body.encode("utf-8", "surrogatepass")
    elif isinstance(body, bytes):
        content = body
    else:
        raise TypeError(f"body must be the raw bytes or str, not {type(body).__name__}")
    try:
        data = loads(content)
    except ValueError:
        raise DecodeError(
            f"{PROVIDER}: the webhook body is not JSON", raw=safe_text(content)
        ) from None
    if not isinstance(data, dict):
        raise DecodeError(
            f"{PROVIDER}: the webhook body is not a JSON object", raw=safe_text(content)
        )
    given = data.get("hash")
    if not isinstance(given, str) or not given:
        raise _error("the body has no 'hash'")
    if public_key is not None:
        key = data.get("key")
        if not isinstance(key, str) or not _same(key, public_key):
            raise _error("the body's 'key' is not your public key")
    expected = _signature(data, fields, private_key)
    if not _same(given.lower(), expected):
        raise _error("the 'hash' does not match the body")
    return data


def _same(a: str, b: str) -> bool:
    """Constant-time equality of two strings (any text: compared as UTF-8 bytes)."""
    return hmac.compare_digest(
        a.encode("utf-8", "surrogatepass"), b.encode("utf-8", "surrogatepass")
    )


def _parse(model: type[M], data: dict[str, JSONValue], strict: bool) -> M:
    return decode_model(model, data, provider=PROVIDER, strict=strict)


def parse_exam_event(
    body: bytes | str,
    *,
    private_key: str,
    public_key: str | None = None,
    strict: bool = False,
) -> ExamEvent:
    """Verify an exam webhook's body and parse it (an attempt ``"started"`` or
    ``"completed"``).

    Args:
        body: the request body, as received (bytes or str).
        private_key: your institute's private key (admin dashboard).
        public_key: your institute's public key: when given, the body's ``key`` must be it.
        strict: raise `DecodeError` on a value that cannot be parsed, instead of setting it
            to None with a `DataWarning`.

    Raises:
        WebhookVerificationError: no ``hash``, a ``hash`` that does not match, another
            institute's ``key``, or a signed field missing.
        DecodeError: the body is not a JSON object, or (once verified) not an exam event.
    """
    from .models import ExamEvent  # here: the models load on first use

    data = _verified(body, EXAM_EVENT_FIELDS, private_key, public_key)
    return _parse(ExamEvent, data, strict)


def parse_content_event(
    body: bytes | str,
    *,
    private_key: str,
    public_key: str | None = None,
    strict: bool = False,
) -> ContentEvent:
    """Verify a chapter-content webhook's body and parse it (see `parse_exam_event`)."""
    from .models import ContentEvent  # here: the models load on first use

    data = _verified(body, CONTENT_EVENT_FIELDS, private_key, public_key)
    return _parse(ContentEvent, data, strict)
