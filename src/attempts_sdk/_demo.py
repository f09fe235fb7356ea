"""The demo: the SDK's main job against the built-in fakes, over real HTTP on 127.0.0.1.

It takes Testpress's "sample-exam" with the real client (create, questions, answers,
heartbeats, end, review, subjects), prints a report, then lists attempts from the fakes of the
other registered providers. No account, credential or network is needed.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from decimal import Decimal
from typing import TextIO

from ._registry import PROVIDERS, Row, Window
from .testing.testpress import FakeTestpress
from .testpress import AttemptQuestion, TestpressClient

EXAM = "sample-exam"
THINKING_TIME = 0.03
HEARTBEAT_INTERVAL = 0.1


def choose(question: AttemptQuestion) -> list[int]:
    """The demo's answering strategy, kept simple and visible: the first choice of every
    question (so some answers are right and some wrong)."""
    answers = question.question.answers
    return [answers[0].id] if answers else []


def take_sample_exam(base_url: str, token: str, out: TextIO) -> None:
    with TestpressClient(base_url=base_url, token=token) as client:
        with client.take_exam(EXAM, heartbeat_interval=HEARTBEAT_INTERVAL) as session:
            out.write(f"Taking {EXAM!r} as attempt {session.attempt.id} at {base_url}\n")
            out.write("Strategy: pick the first choice of every question\n")
            for number, question in enumerate(session.questions(), start=1):
                picked = choose(question)
                session.answer(question, picked)
                time.sleep(THINKING_TIME)  # let the background heartbeat be seen at work
                topic = question.question.subject or "-"
                out.write(f"  Q{number:<3} {topic:<18} answered {picked}\n")
        result = session.result
        out.write("\nResult\n")
        out.write(f"  state       {result.state}\n")
        out.write(f"  score       {result.score}\n")
        out.write(f"  percentage  {result.percentage}%\n")
        out.write(f"  correct     {result.correct_count}, incorrect {result.incorrect_count}, ")
        out.write(f"unanswered {result.unanswered_count}\n")
        out.write(f"  time taken  {result.time_taken}\n")
        out.write(f"  heartbeats  {session.heartbeats_sent} sent, ")
        out.write(f"{len(session.heartbeat_errors)} failed\n")
        out.write(f"\n  {'subject':<19}{'total':>6}{'correct':>9}{'incorrect':>11}{'score':>9}\n")
        for subject in client.list_subject_analytics(result.id):
            out.write(
                f"  {subject.name or '-':<19}{subject.total!s:>6}{subject.correct!s:>9}"
                f"{subject.incorrect!s:>11}{subject.score!s:>9}\n"
            )


def list_other_providers(out: TextIO, *, skip: str = "testpress", shown: int = 3) -> None:
    """The first attempts of every other registered provider's fake, served on 127.0.0.1,
    as summaries (the same columns whatever the provider)."""
    out.write("\nThe other providers (first attempts of each fake, as summaries)\n")
    for name, entry in PROVIDERS.items():
        if name == skip:
            continue
        fake = entry.new_fake()
        credential = str(getattr(fake, entry.fake_credential))
        with (
            fake.serve() as base_url,
            entry.open_client(base_url=base_url, credential=credential, rate_limit=None) as client,
        ):
            for count, (_record, summary) in enumerate(_rows(entry.walk(client, Window()))):
                if count == shown:
                    break
                title = (summary.assessment_title or summary.assessment_id or "-")[:20]
                out.write(
                    f"  {name:<18} {str(summary.user)[:20]:<20} {title:<20} "
                    f"{summary.status!s:<10} {_percent(summary.percentage)}\n"
                )


def _percent(value: Decimal | None) -> str:
    return "-" if value is None else f"{value}%"


def _rows(pages: Iterator[list[Row]]) -> Iterator[Row]:
    for page in pages:
        yield from page


def run(out: TextIO) -> None:
    """Run the demo, writing its report to ``out``."""
    fake = FakeTestpress()
    with fake.serve() as base_url:
        take_sample_exam(base_url, fake.token, out)
    list_other_providers(out)
