"""Every Python snippet in the README runs, against a replay of the documented examples.

The snippets name real institute URLs; here httpx's own transports are pointed at the replay
in examples/seed_replay.py, so the code that runs is exactly the README's.
"""

from __future__ import annotations

import contextlib
import importlib.util
import io
import json
import re
import warnings
from pathlib import Path
from typing import Any

import httpx
import pytest

from attempts_sdk import DataWarning

ROOT = Path(__file__).resolve().parents[2]
SNIPPETS = re.findall(r"```python\n(.*?)```", (ROOT / "README.md").read_text(), re.S)


def _load_demo() -> Any:
    spec = importlib.util.spec_from_file_location(
        "attempts_demo", ROOT / "examples" / "seed_replay.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


FIXTURES = ROOT / "tests" / "fixtures"
OTHER_PROVIDERS = {
    "/v2/materials/tests/attempts": ("cleverlms", "attempts"),
    "/incoming/v2/assessmentAttempts": ("thoughtindustries", "list_assessment_attempts"),
    "/v1/attempts/khbgltqixvvyoxeb.json": ("indeed", "get_attempt"),
    "/v1/assignments.json": ("indeed", "list_assignments"),
}


def _other_providers(request: httpx.Request) -> httpx.Response | None:
    """The documented examples of the other three providers, each answered once (a second
    page is empty, or has no cursor)."""
    found = OTHER_PROVIDERS.get(request.url.path)
    if found is None:
        return None
    provider, name = found
    body = json.loads((FIXTURES / provider / f"{name}.json").read_text(encoding="utf-8"))
    if provider == "thoughtindustries":
        body["data"]["AssessmentAttempts"]["pageInfo"]["hasMore"] = False
    elif request.url.params.get("page", "1") != "1":
        body["data" if provider == "cleverlms" else "results"] = []
    return httpx.Response(200, json=body)


@pytest.fixture
def replayed_network(monkeypatch: pytest.MonkeyPatch) -> None:
    testpress = _load_demo().replay

    def replay(request: httpx.Request) -> httpx.Response:
        return _other_providers(request) or testpress(request)

    def handle(self: httpx.HTTPTransport, request: httpx.Request) -> httpx.Response:
        request.read()
        return replay(request)

    async def handle_async(
        self: httpx.AsyncHTTPTransport, request: httpx.Request
    ) -> httpx.Response:
        await request.aread()
        return replay(request)

    monkeypatch.setattr(httpx.HTTPTransport, "handle_request", handle)
    monkeypatch.setattr(httpx.AsyncHTTPTransport, "handle_async_request", handle_async)


def test_readme_has_the_sections_it_promises() -> None:
    assert len(SNIPPETS) >= 10
    text = (ROOT / "README.md").read_text()
    first_block = re.search(r"```bash\n(.*?)```", text, re.S)
    assert first_block is not None
    assert first_block.group(1).splitlines()[0].startswith("make demo")
    assert first_block.group(1).splitlines()[1].startswith("make test")


@pytest.mark.parametrize("index", range(len(SNIPPETS)))
@pytest.mark.usefixtures("replayed_network")
def test_readme_snippet_runs(index: int) -> None:
    out = io.StringIO()
    with warnings.catch_warnings(), contextlib.redirect_stdout(out):
        warnings.simplefilter("ignore", DataWarning)
        exec(compile(SNIPPETS[index], f"README snippet {index}", "exec"), {})
    printed = out.getvalue()
    snippet = SNIPPETS[index]
    if "get_attempt(125894)" in snippet and "exam.title" in snippet:
        assert "FORUM IAS RBI DEMO 3:00:00" in printed
    if "NotFoundError as error" in snippet:
        assert "404 Not found." in printed
    if "strict=True" in snippet:
        assert "exam.start_date 2.25-11-07T12:37:11+05:30" in printed
        assert "2.20:03" in printed
    if ".login(" in snippet:
        assert printed.strip() == "TestpressClient(base_url='https://demo.testpress.in')"
    if "AsyncTestpressClient" in snippet:
        assert "Completed 2.00" in printed
    if "take_exam" in snippet:
        assert printed.startswith("Completed ")
    if "CleverLMSClient" in snippet and "after_date=since" in snippet:
        assert "qweewq 742 fail 0" in printed
    if "to_summary()" in snippet:  # the 27 attempts of FakeCleverLMS
        assert printed.startswith("27 ")
        assert "'provider': 'cleverlms'" in printed
    if "ThoughtIndustriesClient" in snippet and "list_assessment_attempts" in snippet:
        assert "00000000-0000-0000-0000-000000000000 started 0 True string" in printed
    if "IndeedClient" in snippet:
        assert "2.0 2.0 1.0" in printed
        assert "A demo step 2017-12-08 13:38:17.412000+00:00" in printed
