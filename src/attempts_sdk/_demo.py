"""The demo: the SDK's main job against the built-in fakes, over real HTTP on 127.0.0.1.

It takes Testpress's "sample-exam" with the real client (create, questions, answers,
heartbeats, end, review, subjects), prints a report, then lists attempts from the fakes of the
other three providers. No account, credential or network is needed.
"""

from __future__ import annotations

import time
from typing import TextIO

from .cleverlms import CleverLMSClient
from .indeed import IndeedClient
from .testing import FakeCleverLMS, FakeIndeed, FakeTestpress, FakeThoughtIndustries
from .testpress import AttemptQuestion, TestpressClient
from .thoughtindustries import ThoughtIndustriesClient

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


def list_other_providers(out: TextIO) -> None:
    cleverlms, thoughtindustries, indeed = FakeCleverLMS(), FakeThoughtIndustries(), FakeIndeed()
    out.write("\nThe other providers (first attempts of each fake)\n")
    with (
        cleverlms.serve() as base_url,
        CleverLMSClient(base_url=base_url, token=cleverlms.token) as clever,
    ):
        for attempt in clever.export_test_attempts(per_page=5).first_page()[:3]:
            out.write(
                f"  cleverlms          {attempt.login:<18} material {attempt.material_id:<6} "
                f"{attempt.status!s:<10} {attempt.percent}%\n"
            )
    with (
        thoughtindustries.serve() as base_url,
        ThoughtIndustriesClient(base_url=base_url, api_key=thoughtindustries.api_key) as ti,
    ):
        for record in ti.list_assessment_attempts(per_page=5).first_page()[:3]:
            title = record.assessment.title if record.assessment else None
            out.write(
                f"  thoughtindustries  {str(title)[:18]:<18} {record.status!s:<10} "
                f"grade {record.grade} passed={record.passed}\n"
            )
    with indeed.serve() as base_url, IndeedClient(base_url=base_url, api_key=indeed.api_key) as ia:
        for count, embedded in enumerate(ia.iter_attempts(per_page=5)):
            if count == 3:
                break
            name = embedded.assessment.name if embedded.assessment else None
            out.write(
                f"  indeed             {str(name)[:18]:<18} score {embedded.score}/"
                f"{embedded.possible_score} completed {embedded.completed_at}\n"
            )


def run(out: TextIO) -> None:
    """Run the demo, writing its report to ``out``."""
    fake = FakeTestpress()
    with fake.serve() as base_url:
        take_sample_exam(base_url, fake.token, out)
    list_other_providers(out)
