"""The command line on Testpress: what it says when the export's token is a student's."""

from __future__ import annotations

import pytest

from attempts_sdk.cli import main
from attempts_sdk.testing import FakeTestpress


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_a_student_token_on_the_testpress_export_gets_a_hint(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    fake = FakeTestpress()
    monkeypatch.setenv("TESTPRESS_TOKEN", fake.token)
    with fake.serve() as base_url:
        status, out, err = run(capsys, "export", "testpress", "--base-url", base_url)
    assert (status, out) == (1, "")
    assert err.startswith("attempts-sdk: testpress: HTTP 403")
    assert "admin user" in err and "check TESTPRESS_TOKEN" in err
    assert err.count("\n") == 1
