"""The command line: ``attempts-sdk demo`` / ``python -m attempts_sdk demo``."""

from __future__ import annotations

import subprocess
import sys

import pytest

from attempts_sdk.cli import main


def test_demo_takes_the_exam_and_lists_the_other_providers(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["demo"]) == 0
    out = capsys.readouterr().out
    assert "Taking 'sample-exam'" in out
    assert "state       Completed" in out
    assert "Q12" in out
    heartbeats = int(out.split("heartbeats  ")[1].split(" sent")[0])
    assert heartbeats >= 1
    for provider in ("cleverlms", "thoughtindustries", "indeed"):
        assert out.count(f"  {provider} ") == 3


def test_python_dash_m_runs_the_demo() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "attempts_sdk", "demo"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "state       Completed" in done.stdout


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["no-such-command"])
    assert exited.value.code == 2
    assert "invalid choice" in capsys.readouterr().err
