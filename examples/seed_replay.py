"""Drive the Testpress client end to end over a replay of the documented examples.

It replays the documented examples of the Testpress API (the seeds, in tests/fixtures/testpress)
through ``httpx.MockTransport``, so it needs no account and no network: the client code that
runs is exactly the code that would talk to a real institute. It takes the documented exam flow
(create, questions, answer, heartbeat, end, review, subjects), lists attempts, and shows how
the documentation's odd values were handled.
"""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import httpx

from attempts_sdk import DataWarning
from attempts_sdk.testpress import TestpressClient

SEEDS = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "testpress"
BASE_URL = "https://demo.testpress.in"

ROUTES = {
    ("POST", "/api/v2.5/auth-token/"): "auth_token",
    ("GET", "/api/v2.2/attempts/"): "list_attempts",
    ("GET", "/api/v2.2/attempts/125894/"): "get_attempt",
    ("POST", "/api/v2.2/exams/dummy-test-7-8/attempts/"): "create_attempt",
    ("GET", "/api/v2.2/attempts/400/questions/"): "list_attempt_questions",
    ("PUT", "/api/v2.2/attempts/400/questions/12705318/"): "update_attempt_question",
    ("PUT", "/api/v2.2/attempts/400/heartbeat/"): "send_heartbeat",
    ("PUT", "/api/v2.2/attempts/400/end/"): "end_attempt",
    ("GET", "/api/v2.2/attempts/400/review/"): "list_review_questions",
    ("GET", "/api/v2.2/attempts/400/review/subjects/"): "list_subject_analytics",
}


def replay(request: httpx.Request) -> httpx.Response:
    """Answer each documented endpoint with its documented example."""
    name = ROUTES.get((request.method, request.url.path))
    if name == "auth_token":
        return httpx.Response(200, json={"token": "demo-token"})
    if not request.headers.get("Authorization", "").startswith("JWT "):
        return httpx.Response(401, json={"detail": "Authentication credentials were not provided."})
    if name is None:
        return httpx.Response(404, json={"detail": "Not found."})
    body = json.loads((SEEDS / f"{name}.json").read_text(encoding="utf-8"))
    if name == "list_attempt_questions":
        body["next"] = None  # the example links to a page 2 the docs never show
    return httpx.Response(200, json=body)


def main() -> None:
    notes: list[str] = []
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", DataWarning)
        with TestpressClient(
            base_url=BASE_URL, token="demo-token", transport=httpx.MockTransport(replay)
        ) as client:
            print(f"client: {client!r}")
            attempt = client.create_attempt("dummy-test-7-8")
            print(
                f"created attempt {attempt.id}: state={attempt.state}, "
                f"exam={attempt.exam.title if attempt.exam else None!r}"
            )
            questions = list(client.list_attempt_questions(attempt.id))
            first = questions[0]
            choice = [first.question.answers[0].id, first.question.answers[1].id]
            answered = client.update_attempt_question(
                attempt.id, 12705318, selected_answers=choice, review=True
            )
            print(
                f"answered question {answered.id} with {answered.selected_answers} "
                f"(time on it: {answered.duration})"
            )
            beat = client.send_heartbeat(attempt.id)
            print(f"heartbeat: remaining {beat.remaining_time}, taken {beat.time_taken}")
            ended = client.end_attempt(attempt.id)
            print(
                f"ended: state={ended.state}, score={ended.score}, "
                f"percentage={ended.percentage}%, time taken {ended.time_taken}"
            )
            print("review:")
            for review in client.list_review_questions(attempt.id):
                correct = [a.id for a in review.question.answers if a.is_correct]
                print(
                    f"  question {review.id}: chose {review.selected_answers}, "
                    f"correct {correct}, took {review.duration}"
                )
            print("subjects:")
            print(f"  {'subject':<14}{'total':>6}{'correct':>9}{'score':>8}")
            for subject in client.list_subject_analytics(attempt.id):
                print(
                    f"  {subject.name or '':<14}{subject.total!s:>6}"
                    f"{subject.correct!s:>9}{subject.score!s:>8}"
                )
            print("all attempts:")
            for listed in client.list_attempts():
                print(
                    f"  {listed.id}: {listed.state} score={listed.score} "
                    f"rank={listed.rank} taken={listed.time_taken}"
                )
        notes = [str(w.message) for w in caught if issubclass(w.category, DataWarning)]
    print(f"{len(notes)} odd values in the documented examples were set to None, for instance:")
    for note in notes[:3]:
        print(f"  {note}")


if __name__ == "__main__":
    main()
