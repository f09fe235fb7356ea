"""An application typed against the clients passes ``mypy --strict`` with precise types.

The sample below is checked with ``--disallow-any-expr``, so any ``Any`` leaking out of a public
attribute or return value would fail it.
"""

from __future__ import annotations

import os
import textwrap
from pathlib import Path

from mypy import api

APP = textwrap.dedent(
    """
    from datetime import date

    from attempts_sdk import AsyncPaginator, Page, Paginator
    from attempts_sdk.testpress import AsyncTestpressClient, TestpressClient

    def sync_app(client: TestpressClient) -> None:
        attempt = client.get_attempt(1)
        reveal_type(attempt.time_taken)
        reveal_type(attempt.score)
        reveal_type(attempt.state)
        reveal_type(attempt.user)
        reveal_type(attempt.exam)
        reveal_type(attempt.extra)
        reveal_type(attempt.to_dict())
        paginator = client.list_attempts(course="IBPS")
        reveal_type(paginator)
        for item in paginator:
            reveal_type(item.rank)
        page = paginator.first_page()
        reveal_type(page.total)
        reveal_type(page[0])
        for admin_attempt in client.admin.list_attempts(started_after=date(2020, 1, 1)):
            reveal_type(admin_attempt.percentage)
        question = client.update_attempt_question(1, 2, selected_answers=[3])
        reveal_type(question.question.answers[0].is_correct)
        with TestpressClient.login("https://x.testpress.in", "u", "p") as other:
            reveal_type(other)

    async def async_app(client: AsyncTestpressClient) -> None:
        attempt = await client.get_attempt(1)
        reveal_type(attempt.remaining_time)
        paginator = client.list_review_questions(1)
        reveal_type(paginator)
        async for review in paginator:
            reveal_type(review.best_duration)
        page = await paginator.first_page()
        reveal_type(page)
    """
)

EXPECTED = [
    "datetime.timedelta | None",
    "decimal.Decimal | None",
    "str | None",  # AttemptState | str: mypy folds the str-enum into str
    "str | attempts_sdk.testpress.models.student.User | None",
    "attempts_sdk.testpress.models.student.Exam | None",
    "typing.Mapping[str, ",
    "dict[str, ",
    "attempts_sdk._pagination.drivers.Paginator[attempts_sdk.testpress.models.student.Attempt]",
    "int | None",
    "int | None",
    "attempts_sdk.testpress.models.student.Attempt",
    "decimal.Decimal | None",
    "bool | None",
    "attempts_sdk.testpress.client.TestpressClient",
    "datetime.timedelta | None",
    "attempts_sdk._pagination.drivers.AsyncPaginator[attempts_sdk.testpress.models.student.ReviewQuestion]",
    "datetime.timedelta | None",
    "attempts_sdk._pagination.page.Page[attempts_sdk.testpress.models.student.ReviewQuestion]",
]


def test_public_api_types_are_precise(tmp_path: Path) -> None:
    app = tmp_path / "app.py"
    app.write_text(APP)
    stdout, stderr, exit_status = api.run(
        [
            "--strict",
            "--disallow-any-expr",
            "--no-incremental",
            "--cache-dir",
            os.devnull,
            "--python-version",
            "3.10",
            str(app),
        ]
    )
    revealed = [
        line.split('Revealed type is "', 1)[1].rsplit('"', 1)[0].replace("builtins.", "")
        for line in stdout.splitlines()
        if "Revealed type is" in line
    ]
    errors = [line for line in stdout.splitlines() if ": error:" in line]
    assert errors == [], stdout + stderr
    assert exit_status == 0, stdout + stderr
    assert len(revealed) == len(EXPECTED), stdout
    for got, want in zip(revealed, EXPECTED, strict=True):
        assert got.startswith(want), f"{got!r} does not start with {want!r}"
    assert not any("Any" in got for got in revealed), revealed
