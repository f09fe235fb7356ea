"""Helpers of the export and sync tests: point ``--fake`` at a fake the test holds, run the
command line, read what it wrote."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from attempts_sdk import Provider
from attempts_sdk.cli import main
from attempts_sdk.testing import FakeAPI


def use_fake(monkeypatch: pytest.MonkeyPatch, provider: str, fake: FakeAPI) -> list[httpx.Request]:
    """Make ``--fake`` use ``fake`` for ``provider``; returns the requests it receives."""
    seen: list[httpx.Request] = []
    handle = fake.handle

    def recording(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return handle(request)

    monkeypatch.setattr(fake, "handle", recording)
    new_fake: Callable[[Provider], FakeAPI] = Provider.new_fake
    monkeypatch.setattr(
        Provider, "new_fake", lambda entry: fake if entry.name == provider else new_fake(entry)
    )
    return seen


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """``attempts-sdk *argv``: the exit status, stdout and stderr."""
    status = main(list(argv))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def strict_json_lines(data: bytes) -> list[dict[str, Any]]:
    """JSON lines read as UTF-8 by a parser that refuses NaN and Infinity."""

    def refuse(constant: str) -> Any:
        raise ValueError(f"not JSON: {constant}")

    text = data.decode("utf-8")  # strict: invalid UTF-8 raises
    return [json.loads(line, parse_constant=refuse) for line in text.splitlines()]
