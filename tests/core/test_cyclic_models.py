"""Model graphs with cycles decode: an exam lists its attempts while each attempt names its exam
(as Testpress sends them), and a comment holds replies that are comments.

The models are toys declared here (at module level: their annotations name each other and are
resolved from this module). Two copies of the exam/attempt pair are declared, so that each is
first decoded from a different end of the cycle: the decoders' functions are built once per
class, from the class decoded first.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from datetime import datetime, timezone
from decimal import Decimal
from typing import TypeVar

import attrs
import pytest

from attempts_sdk import DataWarning, DecodeError
from attempts_sdk._decoding import (
    _CONTEXT,
    _Context,
    _structure_function,
    decode_list,
    decode_model,
)
from attempts_sdk._json import JSONValue
from attempts_sdk._models import CamelModel, Model


@attrs.frozen(kw_only=True, eq=False, repr=False)
class Exam(Model):
    """Lists its attempts."""

    id: int
    title: str | None = None
    attempts: list[Attempt] = attrs.Factory(list)


@attrs.frozen(kw_only=True, eq=False, repr=False)
class Attempt(Model):
    """Names its exam (or not)."""

    id: int
    score: Decimal | None = None
    exam: Exam | None = None


@attrs.frozen(kw_only=True, eq=False, repr=False)
class OtherExam(Model):
    """`Exam` again, for the test that enters the cycle from the attempt's side."""

    id: int
    attempts: list[OtherAttempt] = attrs.Factory(list)


@attrs.frozen(kw_only=True, eq=False, repr=False)
class OtherAttempt(Model):
    """`Attempt` again (see `OtherExam`)."""

    id: int
    score: Decimal | None = None
    exam: OtherExam | None = None


@attrs.frozen(kw_only=True, eq=False, repr=False)
class Comment(CamelModel):
    """Refers to itself: its replies, and its parent (an object, or only the parent's id)."""

    id: int
    posted_at: datetime | None = None
    replies: list[Comment] = attrs.Factory(list)
    in_reply_to: Comment | str | None = None


M = TypeVar("M", bound=Model)

EXAM: dict[str, JSONValue] = {
    "id": 1,
    "title": "Algebra",
    "attempts": [
        {"id": 10, "score": "7.50", "exam": {"id": 1, "title": "Algebra"}},
        {"id": 11, "score": "9", "exam": {"id": 1, "attempts": [{"id": 10, "score": "7.50"}]}},
        {"id": 12},
    ],
}


def careful(cls: type[Model], record: JSONValue, *, strict: bool) -> tuple[object, list[str]]:
    """The careful path alone: the model, and the paths of what it reported."""
    context = _Context(strict)
    token = _CONTEXT.set(context)
    try:
        obj = _structure_function(cls, fast=False)(record)
    finally:
        _CONTEXT.reset(token)
    return obj, [".".join(reversed(issue.segments)) for issue in context.issues]


def silently(decode: Callable[[], M]) -> M:
    """What ``decode()`` gives, asserting that it warns of nothing."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        return decode()


@pytest.mark.parametrize("strict", [False, True])
def test_exam_with_attempts_that_name_the_exam_decodes(strict: bool) -> None:
    exam = silently(lambda: decode_model(Exam, EXAM, provider="acme", strict=strict))
    assert isinstance(exam, Exam)
    assert [attempt.id for attempt in exam.attempts] == [10, 11, 12]
    first, second, third = exam.attempts
    assert first.score == Decimal("7.50")
    assert first.exam == Exam(id=1, title="Algebra")
    assert second.exam is not None
    assert second.exam.attempts == [Attempt(id=10, score=Decimal("7.50"))]
    assert third.exam is None and third.score is None


def test_fast_and_careful_paths_agree_on_a_cycle() -> None:
    fast = _structure_function(Exam, fast=True)(EXAM)
    slow, reported = careful(Exam, EXAM, strict=True)
    assert reported == []
    assert fast == slow
    assert isinstance(fast, Exam)
    assert fast.to_dict() == slow.to_dict()  # type: ignore[attr-defined]
    assert decode_model(Exam, fast.to_dict(), provider="acme", strict=True) == fast


def test_cycle_entered_from_the_other_end() -> None:
    record: dict[str, JSONValue] = {
        "id": 5,
        "score": "1.5",
        "exam": {"id": 2, "attempts": [{"id": 5, "exam": {"id": 2}}, {"id": 6}]},
    }
    attempt = silently(lambda: decode_model(OtherAttempt, record, provider="acme", strict=True))
    assert attempt == OtherAttempt(
        id=5,
        score=Decimal("1.5"),
        exam=OtherExam(
            id=2, attempts=[OtherAttempt(id=5, exam=OtherExam(id=2)), OtherAttempt(id=6)]
        ),
    )
    exams = decode_list(OtherExam, [record["exam"]], provider="acme", strict=False, path="data")
    assert exams == [attempt.exam]
    assert careful(OtherAttempt, record, strict=True) == (attempt, [])


def test_bad_value_inside_the_cycle_is_reported_with_its_path() -> None:
    record: dict[str, JSONValue] = {
        "id": 1,
        "attempts": [
            {"id": 10, "exam": {"id": 1, "attempts": [{"id": 3}, {"id": 4, "score": "x"}]}}
        ],
    }
    with pytest.warns(DataWarning) as caught:
        exam = decode_model(Exam, record, provider="acme", strict=False, path="data")
    assert [w.message.path for w in caught] == [  # type: ignore[union-attr]
        "data.attempts[0].exam.attempts[1].score"
    ]
    inner = exam.attempts[0].exam
    assert inner is not None
    assert inner.attempts == [Attempt(id=3), Attempt(id=4)]
    assert inner.attempts[1].invalid == {"score": "x"}
    with pytest.raises(DecodeError) as info:
        decode_model(Exam, record, provider="acme", strict=True)
    assert info.value.path == "attempts[0].exam.attempts[1].score"
    assert info.value.raw == "x"
    assert careful(Exam, record, strict=False)[1] == ["attempts.[0].exam.attempts.[1].score"]


def test_self_reference_decodes_and_round_trips() -> None:
    record: dict[str, JSONValue] = {
        "id": 1,
        "postedAt": "2024-03-01T10:00:00+00:00",
        "replies": [
            {"id": 2, "inReplyTo": "1", "replies": [{"id": 3, "inReplyTo": {"id": 2}}]},
            {"id": 4, "inReplyTo": 1},
        ],
    }
    comment = silently(lambda: decode_model(Comment, record, provider="acme", strict=True))
    assert isinstance(comment, Comment)
    assert comment.posted_at == datetime(2024, 3, 1, 10, tzinfo=timezone.utc)
    reply, other = comment.replies
    assert reply.in_reply_to == "1" and other.in_reply_to == "1"  # an int id becomes its text
    assert reply.replies == [Comment(id=3, in_reply_to=Comment(id=2))]
    assert _structure_function(Comment, fast=True)(record) == comment
    assert careful(Comment, record, strict=True) == (comment, [])
    again = decode_model(Comment, comment.to_dict(), provider="acme", strict=True)
    assert again == comment
    assert again.to_dict() == comment.to_dict()


def _chain(depth: int) -> dict[str, JSONValue]:
    """A comment whose first reply has a first reply ... ``depth`` comments in all."""
    record: dict[str, JSONValue] = {"id": depth}
    for number in range(depth - 1, 0, -1):
        record = {"id": number, "replies": [record], "inReplyTo": {"id": number - 1}}
    return record


def _depth(comment: Comment) -> int:
    depth = 1
    while comment.replies:
        (comment,) = comment.replies
        depth += 1
    return depth


@pytest.mark.parametrize("strict", [False, True])
def test_deep_but_finite_nesting_decodes_on_both_paths(strict: bool) -> None:
    record = _chain(60)
    comment = silently(lambda: decode_model(Comment, record, provider="acme", strict=strict))
    assert isinstance(comment, Comment)
    assert _depth(comment) == 60
    assert _structure_function(Comment, fast=True)(record) == comment
    assert careful(Comment, record, strict=strict) == (comment, [])
    assert decode_model(Comment, comment.to_dict(), provider="acme", strict=True) == comment


@pytest.mark.parametrize("strict", [False, True])
def test_nesting_beyond_the_stack_is_a_decode_error(strict: bool) -> None:
    record = _chain(5000)  # built here: a JSON parser refuses such depth before the decoder
    with pytest.raises(DecodeError) as info:
        decode_model(Comment, record, provider="acme", strict=strict)
    assert "nested too deeply" in str(info.value)
    assert info.value.raw is None
    with pytest.raises(DecodeError, match="nested too deeply"):
        decode_list(Comment, [{"id": 0}, record], provider="acme", strict=strict, path="data")
    # the decoder is left in a usable state
    assert decode_model(Comment, {"id": 7}, provider="acme", strict=strict) == Comment(id=7)
