"""Testpress webhooks: verification and parsing (`attempts_sdk.testpress.webhooks`), and
`FakeTestpress.send_webhooks` delivering to a receiver on 127.0.0.1.

The documented examples carry hashes made with a private key nobody outside Testpress has, so
each is re-signed here with a test key. The signature is recomputed in this file from the docs'
recipe (values percent-encoded, joined with "|", HMAC-SHA512 hex), with the field lists as
resolved in docs/provider-notes/testpress.md (FACTS.md §5): ``incorrct_answers_count`` is
``incorrect_answers_count``, ``unanswered_count`` is ``unanswered_answers_count``,
``public_key`` is the body's ``key``, and the chapter-content ``status`` is ``state``.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import quote

import pytest

from attempts_sdk import DecodeError, RetryPolicy, SummaryStatus, WebhookVerificationError
from attempts_sdk.testing import FakeTestpress
from attempts_sdk.testpress import (
    AsyncTestpressClient,
    ContentAttemptState,
    ExamEventState,
    TestpressClient,
)
from attempts_sdk.testpress.webhooks import (
    parse_content_event,
    parse_exam_event,
    sign_exam_event,
)
from conftest import Harness, fixture_json

PRIVATE_KEY = "test-private-key/with+odd chars"
Fields = list[str | tuple[str, str] | None]  # None: the private key; a tuple: a nested field
EXAM_FIELDS: Fields = [
    "key",
    "attempt_id",
    "correct_answers_count",
    None,  # the private key
    "incorrect_answers_count",
    "unanswered_answers_count",
    "percentage",
    "score",
    "user_id",
]
CONTENT_FIELDS: Fields = [
    "key",
    "attempt_id",
    ("chapter_content", "id"),
    "user_id",
    ("course", "id"),
    None,  # the private key
    "state",
]
CONTENT_KINDS = ("notes", "attachment", "exam", "video", "videoconference", "livestream")
IST = timezone(timedelta(hours=5, minutes=30))


def documented_hash(body: dict[str, Any], fields: Fields, private_key: str) -> str:
    """The docs' recipe, written out independently of the SDK."""
    values = []
    for field in fields:
        if field is None:
            values.append(private_key)
        elif isinstance(field, tuple):
            values.append(str(body[field[0]][field[1]]))
        else:
            values.append(str(body[field]))
    message = "|".join(quote(value) for value in values)
    return hmac.new(private_key.encode(), message.encode(), hashlib.sha512).hexdigest()


def signed(name: str, fields: Fields, **changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = fixture_json("testpress", name)
    body.update(changes)
    body["hash"] = documented_hash(body, fields, PRIVATE_KEY)
    return body


def raw(body: dict[str, Any]) -> bytes:
    return json.dumps(body).encode()


# --- parsing the documented examples


def test_the_documented_exam_events_parse_once_signed() -> None:
    started = signed("webhook_exam_started", EXAM_FIELDS)
    event = parse_exam_event(raw(started), private_key=PRIVATE_KEY, public_key="YDRAXrgV3STf7EH5")

    assert event.attempt_state is ExamEventState.STARTED
    assert str(event.attempt_state) == "started"
    assert (event.attempt_id, event.user_id, event.username) == (130, 2, "test_user")
    assert event.exam is not None and event.exam.title == "File type exam"
    assert event.exam.duration is None
    assert event.exam.start_date == datetime(2023, 3, 15, 12, 4, 32, tzinfo=IST)
    assert event.attempt_start_time == datetime(
        2023, 3, 31, 10, 55, 54, 968829, tzinfo=timezone.utc
    )
    assert event.completed_on is None and event.partial_correct_answers_count is None
    assert event.score == Decimal("0.00") and event.percentage == Decimal("0.00")
    assert event.subject_stats == [] and event.difficulty_level_stats == {}
    assert event.hash == started["hash"] and event.key == "YDRAXrgV3STf7EH5"
    assert event.to_summary().status is SummaryStatus.RUNNING

    completed = signed("webhook_exam_completed", EXAM_FIELDS)
    done = parse_exam_event(json.dumps(completed), private_key=PRIVATE_KEY)  # a str body too
    assert done.attempt_state is ExamEventState.COMPLETED
    assert done.unanswered_answers_count == 1
    (stats,) = done.subject_stats
    assert (stats.subject_name, stats.unanswered_count, stats.answered_count) == (
        "Quantitative",
        1,
        0,
    )
    assert done.difficulty_level_stats["uncategorized"].total_count == 1
    summary = done.to_summary()
    assert summary.status is SummaryStatus.COMPLETED and summary.attempt_id == "130"
    assert summary.user == "student" and summary.assessment_id == "27"
    assert summary.ended_at == datetime(2023, 3, 31, 16, 27, 41, 151586, tzinfo=IST)


@pytest.mark.parametrize("kind", CONTENT_KINDS)
def test_the_documented_content_events_parse_once_signed(kind: str) -> None:
    body = signed(f"webhook_content_{kind}", CONTENT_FIELDS)
    event = parse_content_event(raw(body), private_key=PRIVATE_KEY, public_key=body["key"])

    assert event.attempt_id == body["attempt_id"] and event.user_id == body["user_id"]
    assert event.chapter_content is not None and event.course is not None
    assert event.chapter_content.id == body["chapter_content"]["id"]
    assert event.course.title == body["course"]["title"]
    assert event.state in (ContentAttemptState.STARTED, ContentAttemptState.COMPLETED)
    if kind == "exam":
        assert event.chapter_content.exam is not None
        assert event.chapter_content.exam.duration == timedelta(minutes=5)
        assert event.assessment is not None and event.assessment.rank is None  # "NA"
        assert event.assessment.total_score == Decimal(80)
    if kind == "video":
        assert event.user_video is not None
        assert event.user_video.remaining_duration == timedelta(seconds=593)


# --- what is refused


@pytest.mark.parametrize(
    "field", [f for f in EXAM_FIELDS if isinstance(f, str)], ids=lambda f: f"tampered-{f}"
)
def test_a_tampered_signed_exam_field_is_refused(field: str) -> None:
    body = signed("webhook_exam_completed", EXAM_FIELDS)
    body[field] = "100.00" if field in ("score", "percentage") else f"{body[field]}1"
    with pytest.raises(WebhookVerificationError, match="does not match"):
        parse_exam_event(raw(body), private_key=PRIVATE_KEY)


@pytest.mark.parametrize("path", ["attempt_id", "user_id", "chapter_content.id", "course.id"])
def test_a_tampered_signed_content_field_is_refused(path: str) -> None:
    body = signed("webhook_content_exam", CONTENT_FIELDS)
    node = body
    *parents, last = path.split(".")
    for part in parents:
        node = node[part]
    node[last] += 1
    with pytest.raises(WebhookVerificationError, match="does not match"):
        parse_content_event(raw(body), private_key=PRIVATE_KEY)


def test_the_content_signature_covers_state_not_status() -> None:
    body = signed("webhook_content_exam", CONTENT_FIELDS)
    assert parse_content_event(raw({**body, "status": "Completed"}), private_key=PRIVATE_KEY)
    with pytest.raises(WebhookVerificationError):
        parse_content_event(raw({**body, "state": "Completed"}), private_key=PRIVATE_KEY)


def test_fields_outside_the_signature_are_not_protected() -> None:
    """The documented signature covers nine values: the rest (the exam, the e-mail, the
    statistics...) can be changed without breaking it. The provider notes say so."""
    body = signed("webhook_exam_completed", EXAM_FIELDS)
    body["email"] = "someone.else@example.com"
    body["unanswered_count"] = 99  # the docs' name for a field the payload does not have
    event = parse_exam_event(raw(body), private_key=PRIVATE_KEY)
    assert event.email == "someone.else@example.com"


@pytest.mark.parametrize("hash_value", [None, "", 12, ["x"]], ids=repr)
def test_a_missing_hash_is_refused(hash_value: object) -> None:
    body = signed("webhook_exam_started", EXAM_FIELDS)
    if hash_value is None:
        del body["hash"]
    else:
        body["hash"] = hash_value
    with pytest.raises(WebhookVerificationError, match="no 'hash'"):
        parse_exam_event(raw(body), private_key=PRIVATE_KEY)


def test_a_wrong_public_key_is_refused_and_none_is_not_checked() -> None:
    body = signed("webhook_exam_started", EXAM_FIELDS)
    with pytest.raises(WebhookVerificationError, match="not your public key"):
        parse_exam_event(raw(body), private_key=PRIVATE_KEY, public_key="another-institute")
    without_key = {k: v for k, v in body.items() if k != "key"}
    with pytest.raises(WebhookVerificationError, match="not your public key"):
        parse_exam_event(raw(without_key), private_key=PRIVATE_KEY, public_key=body["key"])
    assert parse_exam_event(raw(body), private_key=PRIVATE_KEY).key == body["key"]


def test_a_wrong_private_key_is_refused_without_showing_either_key() -> None:
    body = signed("webhook_exam_started", EXAM_FIELDS)
    with pytest.raises(WebhookVerificationError) as caught:
        parse_exam_event(raw(body), private_key="not-the-key")
    assert str(caught.value).startswith("testpress: webhook not verified")
    assert "not-the-key" not in str(caught.value) and PRIVATE_KEY not in str(caught.value)


def test_hex_case_does_not_matter() -> None:
    body = signed("webhook_exam_started", EXAM_FIELDS)
    body["hash"] = body["hash"].upper()
    assert parse_exam_event(raw(body), private_key=PRIVATE_KEY).attempt_id == 130


@pytest.mark.parametrize(
    ("content", "match"),
    [
        (b"<html>not json</html>", "not JSON"),
        (b"\xff\xfe", "not JSON"),
        (b"[1, 2]", "not a JSON object"),
        (b'"text"', "not a JSON object"),
    ],
)
def test_a_body_that_is_not_a_json_object_is_a_decode_error(content: bytes, match: str) -> None:
    with pytest.raises(DecodeError, match=match):
        parse_exam_event(content, private_key=PRIVATE_KEY)


def test_a_verified_body_that_is_not_an_event_is_a_decode_error() -> None:
    body = signed("webhook_exam_started", EXAM_FIELDS, attempt_id="not-an-id")
    with pytest.raises(DecodeError) as caught:
        parse_exam_event(raw(body), private_key=PRIVATE_KEY)
    assert caught.value.path == "attempt_id" and caught.value.raw == "not-an-id"
    nested = signed("webhook_exam_started", EXAM_FIELDS)
    nested["score"] = {"value": 1}
    with pytest.raises(WebhookVerificationError, match="'score' is not a single value"):
        parse_exam_event(raw(nested), private_key=PRIVATE_KEY)
    missing = signed("webhook_exam_started", EXAM_FIELDS)
    del missing["user_id"]
    with pytest.raises(WebhookVerificationError, match="no 'user_id'"):
        parse_exam_event(raw(missing), private_key=PRIVATE_KEY)


def test_the_sdk_signs_as_the_docs_say() -> None:
    body = fixture_json("testpress", "webhook_exam_completed")
    assert sign_exam_event(body, private_key=PRIVATE_KEY) == documented_hash(
        body, EXAM_FIELDS, PRIVATE_KEY
    )


# --- FakeTestpress.send_webhooks, end to end


class Receiver:
    """A tiny webhook receiver on 127.0.0.1: keeps every body POSTed to it."""

    def __init__(self, status: int = 200) -> None:
        self.bodies: list[bytes] = []
        self.status = status
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                receiver.bodies.append(self.rfile.read(length))
                self.send_response(receiver.status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, format: str, *args: Any) -> None:
                """Quiet."""

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/testpress/hook"
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    def __enter__(self) -> Receiver:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    with Receiver() as running:
        yield running


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2024, 6, 3, 9, 0, tzinfo=timezone.utc).timestamp()

    def __call__(self) -> float:
        return self.now


def student(harness: Harness, fake: FakeTestpress) -> Any:
    return harness.client(
        TestpressClient,
        AsyncTestpressClient,
        base_url=fake.base_url,
        token=fake.token,
        transport=fake.transport,
        retry_policy=RetryPolicy(initial_delay=0.0),
    )


def test_the_fake_delivers_a_started_and_a_completed_event_that_verify(
    harness: Harness, receiver: Receiver
) -> None:
    clock = Clock()
    fake = FakeTestpress(clock=clock)
    sender = fake.send_webhooks(receiver.url, private_key=PRIVATE_KEY, public_key="pub-key-1")
    try:
        client = student(harness, fake)
        attempt = harness.run(client.create_attempt, "aptitude-practice")
        (question, *_) = harness.collect(client.list_attempt_questions(attempt.id))
        right = fake.correct_answer_ids(question.id)
        harness.run(client.update_attempt_question, attempt.id, question.id, selected_answers=right)
        clock.now += 300
        ended = harness.run(client.end_attempt, attempt.id)
        assert sender.wait(timeout=5)
    finally:
        fake.stop_webhooks()

    assert [status for _, status in sender.delivered] == [200, 200] and not sender.failures
    started, completed = (
        parse_exam_event(body, private_key=PRIVATE_KEY, public_key="pub-key-1")
        for body in receiver.bodies
    )
    assert started.attempt_state is ExamEventState.STARTED
    assert completed.attempt_state is ExamEventState.COMPLETED
    assert started.attempt_id == completed.attempt_id == attempt.id
    assert started.username == completed.username == "demouser"
    assert completed.correct_answers_count == 1 == ended.correct_count
    assert completed.score == ended.score and completed.unanswered_answers_count == 4
    assert completed.completed_on == datetime.fromtimestamp(clock.now, tz=timezone.utc)
    assert started.completed_on is None and started.score == Decimal("0.00")
    assert completed.exam is not None and completed.exam.title == "Aptitude Practice Test"
    for body in receiver.bodies:  # signed exactly as the docs say
        data = json.loads(body)
        assert data["hash"] == documented_hash(data, EXAM_FIELDS, PRIVATE_KEY)
        assert list(data)[:3] == ["username", "accuracy", "hash"]


def test_an_attempt_whose_time_runs_out_sends_its_completed_event(
    harness: Harness, receiver: Receiver
) -> None:
    clock = Clock()
    fake = FakeTestpress(clock=clock)
    fake.add_exam("quick-test", questions=3, duration=timedelta(minutes=5))
    sender = fake.send_webhooks(receiver.url, private_key=PRIVATE_KEY, public_key="pub")
    try:
        client = student(harness, fake)
        attempt = harness.run(client.create_attempt, "quick-test")
        clock.now += 301
        assert harness.run(client.get_attempt, attempt.id).state == "Running"  # not touched yet
        assert harness.run(client.send_heartbeat, attempt.id).state == "Completed"
        assert sender.wait(timeout=5)
    finally:
        fake.stop_webhooks()
    states = [parse_exam_event(b, private_key=PRIVATE_KEY).attempt_state for b in receiver.bodies]
    assert states == ["started", "completed"]


def test_failed_deliveries_are_recorded_not_repeated(harness: Harness) -> None:
    fake = FakeTestpress()
    with Receiver(status=500) as failing:
        sender = fake.send_webhooks(failing.url, private_key=PRIVATE_KEY, public_key="pub")
        harness.run(student(harness, fake).create_attempt, "sample-exam")
        assert sender.wait(timeout=5)
        assert [status for _, status in sender.delivered] == [500]
        assert len(failing.bodies) == 1
    closed_port = failing.url  # nothing listens there any more
    sender = fake.send_webhooks(closed_port, private_key=PRIVATE_KEY, public_key="pub")
    try:
        harness.run(student(harness, fake).create_attempt, "aptitude-practice")
        assert sender.wait(timeout=15)
    finally:
        fake.stop_webhooks()
    assert sender.delivered == [] and len(sender.failures) == 1
    assert "started" in sender.failures[0]
    assert PRIVATE_KEY not in repr(sender)


def test_send_webhooks_checks_its_arguments() -> None:
    fake = FakeTestpress(seed=False)
    with pytest.raises(ValueError, match="http"):
        fake.send_webhooks("ftp://example.com/hook", private_key="k", public_key="p")
    with pytest.raises(ValueError, match="must not be empty"):
        fake.send_webhooks("http://127.0.0.1:9/hook", private_key="", public_key="p")
    fake.stop_webhooks()  # nothing to stop: no error
