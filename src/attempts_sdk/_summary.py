"""`AttemptSummary`: one normalised view of an attempt, whatever the provider.

Each provider's attempt model has ``to_summary()``, which only picks its own fields and hands
them to `summarize`. Each provider's status and pass words are declared in its registry entry
(`attempts_sdk.PROVIDERS`). Every decision shared by the providers is made here, once: reading
those words, the choice of an identifier, numbers to `~decimal.Decimal`, a percentage from a score
or from a 0-1 fraction, a duration from the start and end times.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import TYPE_CHECKING

import attrs

from ._json import JSONValue
from ._status import SummaryStatus

if TYPE_CHECKING:
    from ._registry import Provider

__all__ = [
    "AttemptSummary",
    "SummaryStatus",
    "first_identifier",
    "percentage_from_fraction",
    "progress_status",
    "summarize",
]

Number = Decimal | int | float


_CENT = Decimal("0.01")


_REGISTRY: list[Mapping[str, Provider]] = []  # PROVIDERS, once imported


def _entry(provider: str) -> Provider | None:
    if not _REGISTRY:  # an export summarises every record: import once, not per call
        from ._registry import PROVIDERS  # here: the registry imports the provider packages

        _REGISTRY.append(PROVIDERS)
    return _REGISTRY[0].get(provider)


def _normalised_status(provider: str, status: SummaryStatus | str | None) -> SummaryStatus:
    """A status word through the provider's ``status_words`` (case-insensitive); a word it
    does not list, or a provider that is not registered, gives ``unknown``."""
    if isinstance(status, SummaryStatus):
        return status
    entry = _entry(provider)
    if status is None or entry is None:
        return SummaryStatus.UNKNOWN
    return entry.status_words.get(str(status).strip().casefold(), SummaryStatus.UNKNOWN)


def _passed(provider: str, passed: bool | str | None) -> bool | None:
    """A bool as is; a word through the provider's ``passed_words`` (else None)."""
    if passed is None or isinstance(passed, bool):
        return passed
    entry = _entry(provider)
    return None if entry is None else entry.passed_words.get(str(passed).strip().casefold())


def _decimal(value: Number | None) -> Decimal | None:
    """A number as a Decimal; a float through its shortest repr (``2.0`` -> ``2.0``, not the
    binary expansion). Non-finite values are no number: None."""
    if value is None or isinstance(value, bool):
        return None
    number = value if isinstance(value, Decimal) else Decimal(repr(value))
    return number if number.is_finite() else None


def _plain(value: Decimal) -> Decimal:
    """Without trailing zeros or an exponent (``100.0`` -> ``100``, ``66.6600`` -> ``66.66``)."""
    return Decimal(format(value.normalize(), "f"))


def percentage_from_fraction(value: Number | None) -> Decimal | None:
    """A 0-1 fraction as a percentage (0-100, rounded to 0.01). A value above 1 cannot be a
    fraction: it is taken as a percentage already (Indeed's older docs send ``19`` for 19 %)."""
    fraction = _decimal(value)
    if fraction is None:
        return None
    return fraction if fraction > 1 else _plain((fraction * 100).quantize(_CENT, ROUND_HALF_UP))


def _percentage(score: Decimal | None, max_score: Decimal | None) -> Decimal | None:
    if score is None or max_score is None or max_score <= 0:
        return None
    try:
        return _plain((score * 100 / max_score).quantize(_CENT, ROUND_HALF_UP))
    except InvalidOperation:  # a quotient too large for the context's precision
        return None


def _duration(
    duration: timedelta | Number | None, started_at: datetime | None, ended_at: datetime | None
) -> timedelta | None:
    if isinstance(duration, timedelta):
        return duration
    seconds = _decimal(duration)
    if seconds is not None:
        try:
            return timedelta(seconds=float(seconds)) if seconds >= 0 else None
        except OverflowError:  # more than timedelta can hold: no usable duration
            return None
    if started_at is None or ended_at is None:
        return None
    if (started_at.utcoffset() is None) != (ended_at.utcoffset() is None):
        return None  # one naive, one aware: no meaningful difference
    elapsed = ended_at - started_at
    return elapsed if elapsed >= timedelta(0) else None


def first_identifier(*candidates: object) -> str | None:
    """The first candidate that is a non-blank string or a number, as a str: pass a record's
    identifiers best first (login, username, email, id)."""
    for candidate in candidates:
        if isinstance(candidate, bool) or candidate is None:
            continue
        text = str(candidate).strip()
        if text:
            return text
    return None


def progress_status(
    *, started_at: datetime | None, ended_at: datetime | None, scored: bool | None
) -> SummaryStatus:
    """A status for a provider that sends none: not started (pending), started and not ended
    (running), ended but not scored yet (pending), ended (completed)."""
    if ended_at is not None:
        return SummaryStatus.PENDING if scored is False else SummaryStatus.COMPLETED
    return SummaryStatus.RUNNING if started_at is not None else SummaryStatus.PENDING


def _iso(moment: datetime | None) -> str | None:
    return None if moment is None else moment.isoformat()


def _seconds(duration: timedelta | None) -> int | float | None:
    if duration is None:
        return None
    seconds = duration.total_seconds()
    return int(seconds) if seconds.is_integer() else seconds


def _text(number: Decimal | None) -> str | None:
    return None if number is None else format(number, "f")


@attrs.frozen(kw_only=True)
class AttemptSummary:
    """One attempt in the same shape for every provider (build it with ``.to_summary()``).

    Attributes:
        provider: ``"testpress"``, ``"cleverlms"``, ``"thoughtindustries"`` or ``"indeed"``.
        attempt_id: the attempt's id, as a str.
        user: the best identifier of the user the record has (login, username, email or id).
        assessment_id / assessment_title: the exam or assessment attempted.
        status: `SummaryStatus`; ``unknown`` for a status the SDK does not know.
        score / max_score: points scored and the most that could be scored.
        percentage: the result, 0-100 (the provider's own, else score over max_score).
        passed: whether the attempt passed, where the provider says so.
        started_at / ended_at: when the attempt started and ended.
        duration: the time spent (the provider's, else ended_at - started_at).
    """

    provider: str
    attempt_id: str
    user: str | None = None
    assessment_id: str | None = None
    assessment_title: str | None = None
    status: SummaryStatus = SummaryStatus.UNKNOWN
    score: Decimal | None = None
    max_score: Decimal | None = None
    percentage: Decimal | None = None
    passed: bool | None = None
    started_at: datetime | None = None
    ended_at: datetime | None = None
    duration: timedelta | None = None

    def to_dict(self) -> dict[str, JSONValue]:
        """JSON-ready values, in field order: ISO 8601 timestamps, durations in seconds,
        decimals as strings, the status as its word."""
        return {
            "provider": self.provider,
            "attempt_id": self.attempt_id,
            "user": self.user,
            "assessment_id": self.assessment_id,
            "assessment_title": self.assessment_title,
            "status": self.status.value,
            "score": _text(self.score),
            "max_score": _text(self.max_score),
            "percentage": _text(self.percentage),
            "passed": self.passed,
            "started_at": _iso(self.started_at),
            "ended_at": _iso(self.ended_at),
            "duration": _seconds(self.duration),
        }


def summarize(
    provider: str,
    *,
    attempt_id: object,
    user: str | None = None,
    assessment_id: object = None,
    assessment_title: str | None = None,
    status: SummaryStatus | str | None = None,
    passed: bool | str | None = None,
    score: Number | None = None,
    max_score: Number | None = None,
    percentage: Number | None = None,
    started_at: datetime | None = None,
    ended_at: datetime | None = None,
    duration: timedelta | Number | None = None,
) -> AttemptSummary:
    """Build an `AttemptSummary` from a provider's own values.

    Args:
        provider: the provider's name; selects its registry entry's ``status_words`` and
            ``passed_words``.
        attempt_id / assessment_id: any id (an int becomes its str).
        status: the provider's status word, or a `SummaryStatus` already decided.
        passed: a bool, or a word looked up in the provider's ``passed_words``.
        score / max_score / percentage: numbers; a missing percentage is score over max_score
            (times 100, rounded to 0.01) when both are known and max_score is positive.
        duration: a timedelta or seconds; when missing, ``ended_at - started_at`` (None when
            either is missing or the end precedes the start).
    """
    score_d, max_d = _decimal(score), _decimal(max_score)
    percentage_d = _decimal(percentage)
    return AttemptSummary(
        provider=provider,
        attempt_id=str(attempt_id),
        user=user,
        assessment_id=first_identifier(assessment_id),
        assessment_title=assessment_title,
        status=_normalised_status(provider, status),
        score=score_d,
        max_score=max_d,
        percentage=percentage_d if percentage_d is not None else _percentage(score_d, max_d),
        passed=_passed(provider, passed),
        started_at=started_at,
        ended_at=ended_at,
        duration=_duration(duration, started_at, ended_at),
    )
