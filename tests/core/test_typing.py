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


def _mypy(app: Path) -> tuple[str, str, int]:
    """``mypy --strict --disallow-any-expr`` on one file: (stdout, stderr, exit status)."""
    return api.run(
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


def _revealed(stdout: str) -> list[str]:
    """The types of the ``reveal_type`` calls, in order."""
    return [
        line.split('Revealed type is "', 1)[1].rsplit('"', 1)[0].replace("builtins.", "")
        for line in stdout.splitlines()
        if "Revealed type is" in line
    ]


def test_public_api_types_are_precise(tmp_path: Path) -> None:
    app = tmp_path / "app.py"
    app.write_text(APP)
    stdout, stderr, exit_status = _mypy(app)
    revealed = _revealed(stdout)
    errors = [line for line in stdout.splitlines() if ": error:" in line]
    assert errors == [], stdout + stderr
    assert exit_status == 0, stdout + stderr
    assert len(revealed) == len(EXPECTED), stdout
    for got, want in zip(revealed, EXPECTED, strict=True):
        assert got.startswith(want), f"{got!r} does not start with {want!r}"
    assert not any("Any" in got for got in revealed), revealed


SURFACE = textwrap.dedent(
    """
    import httpx

    from attempts_sdk import APIStatusError, Page
    from attempts_sdk.testing import FakeIndeed, FakeTestpress
    from attempts_sdk.testpress import AsyncTestpressClient, TestpressClient

    def sync_app(client: TestpressClient) -> None:
        attempt = client.get_attempt(
            1,
            timeout=httpx.Timeout(5.0, connect=1.0),
            max_retries=0,
            deadline=20.0,
            extra_headers={"X-Trace": "t-1"},
            extra_query={"expand": "exam", "n": 2, "on": True},
        )
        reveal_type(attempt)
        page = client.list_attempts(course="IBPS", timeout=2.5).first_page()
        reveal_type(page.request_id)
        reveal_type(page.response)
        patient = client.with_options(timeout=60.0, deadline=None, headers={"X-A": "b"})
        reveal_type(patient)
        raw = client.with_raw_response.get_attempt(1, timeout=3.0)
        reveal_type(raw)
        reveal_type(raw.parse())
        reveal_type(raw.status_code)
        reveal_type(raw.headers)
        reveal_type(raw.request_id)
        reveal_type(raw.retries_taken)
        reveal_type(raw.elapsed)
        reveal_type(client.with_raw_response.admin.get_attempt(2).parse())
        try:
            client.admin.get_attempt(2, extra_headers=None)
        except APIStatusError as error:
            reveal_type(error.request)
            reveal_type(error.response)
            reveal_type(error.request_id)
        reveal_type(FakeTestpress().client())
        reveal_type(FakeIndeed().async_client())

    async def async_app(client: AsyncTestpressClient) -> None:
        raw = await client.with_raw_response.end_attempt(1, max_retries=1)
        reveal_type(raw)
        pages = client.list_review_questions(1, extra_query={"lang": "en"})
        reveal_type(pages)

    def mistakes(client: TestpressClient, page: Page[int]) -> None:
        client.get_attempt(1, extra_headers={"X-Retries": 3})  # planted: dict-item
        client.get_attempt(1, timeout="5")  # planted: arg-type
        client.with_raw_response.get_attempt(1).parse().nickname  # planted: attr-defined
        client.list_attempts(extra_query={"ids": [1, 2]})  # planted: dict-item
        client.with_options(base_url="https://x.test")  # planted: call-arg
        client.with_raw_response.list_attempts()  # planted: attr-defined
    """
)

SURFACE_TYPES = [
    "attempts_sdk.testpress.models.student.Attempt",
    "str | None",
    "httpx._models.Response",
    "attempts_sdk.testpress.client.TestpressClient",
    "attempts_sdk._response.APIResponse[attempts_sdk.testpress.models.student.Attempt]",
    "attempts_sdk.testpress.models.student.Attempt",
    "int",
    "httpx._models.Headers",
    "str | None",
    "int",
    "datetime.timedelta",
    "attempts_sdk.testpress.models.admin.AdminAttempt",
    "httpx._models.Request",
    "httpx._models.Response",
    "str | None",
    "attempts_sdk.testpress.client.TestpressClient",
    "attempts_sdk.indeed.client.AsyncIndeedClient",
    "attempts_sdk._response.APIResponse[attempts_sdk.testpress.models.student.Attempt]",
    "attempts_sdk._pagination.drivers.AsyncPaginator[attempts_sdk.testpress.models.student.ReviewQuestion]",
]


def test_the_per_call_surface_is_typed_and_mistakes_in_it_are_reported(tmp_path: Path) -> None:
    app = tmp_path / "surface.py"
    app.write_text(SURFACE)
    stdout, stderr, _ = _mypy(app)
    lines = SURFACE.splitlines()
    revealed = _revealed(stdout)
    assert revealed == SURFACE_TYPES, stdout
    planted = {
        number: line.split("# planted: ")[1]
        for number, line in enumerate(lines, start=1)
        if "# planted: " in line
    }
    reported: dict[int, set[str]] = {}
    for line in stdout.splitlines():
        if ": error:" in line:
            number = int(line.split(":")[1])
            reported.setdefault(number, set()).add(line.rsplit("[", 1)[1].rstrip("]"))
    assert set(reported) == set(planted), stdout + stderr  # each mistake, and nothing else
    for number, code in planted.items():
        assert code in reported[number], (lines[number - 1], reported[number])


def test_pyright_reads_the_per_call_surface_the_same_way(tmp_path: Path) -> None:
    """pyright (which type checks the users of many editors) sees the same types and reports
    the same planted mistakes: the raw views and the options work through its inference too."""
    import json
    import subprocess
    import sys

    pyright = Path(sys.executable).parent / "pyright"
    app = tmp_path / "surface.py"
    app.write_text(SURFACE)
    done = subprocess.run(
        [str(pyright), "--outputjson", "--pythonversion", "3.10", str(app)],
        cwd=tmp_path,
        env={  # pyright finds the packages through the python first on PATH
            **os.environ,
            "VIRTUAL_ENV": str(pyright.parent.parent),
            "PATH": f"{pyright.parent}{os.pathsep}{os.environ.get('PATH', '')}",
        },
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    diagnostics = json.loads(done.stdout)["generalDiagnostics"]
    revealed = [d["message"] for d in diagnostics if d["severity"] == "information"]
    errors = {d["range"]["start"]["line"] + 1 for d in diagnostics if d["severity"] == "error"}
    planted = {n for n, line in enumerate(SURFACE.splitlines(), start=1) if "# planted" in line}
    assert errors == planted, done.stdout
    assert 'Type of "raw" is "APIResponse[Attempt]"' in revealed
    assert 'Type of "error.request" is "Request"' in revealed
    assert 'Type of "FakeTestpress().client()" is "TestpressClient"' in revealed
    assert len(revealed) == len(SURFACE_TYPES)
