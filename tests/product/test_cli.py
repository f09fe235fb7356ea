"""The command line: ``attempts-sdk demo`` and ``attempts-sdk export`` (also
``python -m attempts_sdk``)."""

from __future__ import annotations

import csv
import inspect
import io
import json
import os
import re
import shlex
import subprocess
import sys
from collections.abc import Callable
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import httpx
import pytest

from attempts_sdk import PROVIDERS, ConfigurationError, Provider, SummaryStatus, cli
from attempts_sdk._models import wire_names
from attempts_sdk.cli import SUMMARY_COLUMNS, Window, main, make_client
from attempts_sdk.indeed import IndeedClient
from attempts_sdk.testing import FakeAPI, FakeCleverLMS, FakeIndeed
from conftest import PROVIDER_ENV


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
    for provider in list(PROVIDERS)[1:]:  # after the exam, three attempts of each other one
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


# --- export


PROVIDER_NAMES = tuple(PROVIDERS)
# the contract's order of the AttemptSummary fields (API.md)
CONTRACT_COLUMNS = [
    "provider",
    "attempt_id",
    "user",
    "assessment_id",
    "assessment_title",
    "status",
    "score",
    "max_score",
    "percentage",
    "passed",
    "started_at",
    "ended_at",
    "duration",
]


def small_pages(provider: str, size: int = 5) -> FakeAPI:
    """A new fake of ``provider`` whose lists have ``size`` items a page (its constructor's
    ``per_page`` or ``page_size``), so that an export walks several pages."""
    fake_class: Any = PROVIDERS[provider].fake
    keyword = "per_page" if "per_page" in inspect.signature(fake_class).parameters else "page_size"
    fake: FakeAPI = fake_class(**{keyword: size})
    return fake


def fake_credential(fake: FakeAPI) -> str:
    """The credential an export uses (Testpress: the admin's, to walk the admin list)."""
    (entry,) = [entry for entry in PROVIDERS.values() if isinstance(fake, entry.fake)]
    return str(getattr(fake, entry.fake_credential))


def fake_attempt_ids(fake: FakeAPI) -> list[str]:
    """Every attempt id the fake holds: its own ``attempts`` where it shows them; a fake that
    keeps its store private (Testpress) is read through the provider's export walk, whose
    list its contract tests check."""
    rows = getattr(fake, "attempts", None)
    if rows is not None:
        return [str(attempt["id"]) for attempt in rows]
    (entry,) = [entry for entry in PROVIDERS.values() if isinstance(fake, entry.fake)]
    with entry.client_for(fake, credential=entry.fake_credential) as client:
        return [summary.attempt_id for page in entry.walk(client, Window()) for _, summary in page]


def use_fake(
    monkeypatch: pytest.MonkeyPatch,
    provider: str,
    fake: FakeAPI,
    *,
    then: Callable[[httpx.Request], httpx.Response] | None = None,
) -> list[httpx.Request]:
    """Make ``--fake`` use ``fake``; returns the list of the requests it receives. With
    ``then``, the fake answers the first request only and ``then`` the others."""
    seen: list[httpx.Request] = []
    handle = fake.handle

    def recording(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return handle(request) if then is None or len(seen) == 1 else then(request)

    monkeypatch.setattr(fake, "handle", recording)
    new_fake = Provider.new_fake
    monkeypatch.setattr(
        Provider, "new_fake", lambda entry: fake if entry.name == provider else new_fake(entry)
    )
    return seen


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def jsonl(text: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in text.splitlines()]


@pytest.mark.parametrize("provider", PROVIDER_NAMES)
def test_csv_export_has_a_row_per_attempt_of_the_fake(
    provider: str, capsys: pytest.CaptureFixture[str]
) -> None:
    expected = fake_attempt_ids(PROVIDERS[provider].new_fake())
    status, out, err = run(capsys, "export", provider, "--fake", "--format", "csv")
    assert (status, err) == (0, "")
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0] == CONTRACT_COLUMNS == list(SUMMARY_COLUMNS)
    assert len(rows) - 1 == len(expected)
    assert sorted(row[1] for row in rows[1:]) == sorted(expected)
    assert {row[0] for row in rows[1:]} == {provider}


@pytest.mark.parametrize("provider", PROVIDER_NAMES)
def test_csv_export_walks_every_page(
    provider: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    fake = small_pages(provider)
    expected = fake_attempt_ids(fake)
    requests = use_fake(monkeypatch, provider, fake)
    status, out, _ = run(capsys, "export", provider, "--fake", "--format", "csv")
    assert status == 0
    assert len(requests) >= 2  # several pages
    assert sorted(row["attempt_id"] for row in csv.DictReader(io.StringIO(out))) == sorted(expected)


def test_csv_cells(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    fake = FakeCleverLMS(seed=False)
    fake.add_attempt(
        id="a-1",
        login="qweewq",
        material_id=742,
        status="checking",
        points=3,
        percent=60,
        started_at=datetime(2024, 2, 5, 9, 0, tzinfo=timezone(timedelta(hours=3))),
        ended_at=None,
    )
    fake.add_attempt(id="a-2", status="fail", ended_at="2024-02-05T10:00:00+03:00")
    use_fake(monkeypatch, "cleverlms", fake)
    status, out, _ = run(capsys, "export", "cleverlms", "--fake", "--format", "csv")
    assert status == 0
    first, second = csv.DictReader(io.StringIO(out))
    assert first == {
        "provider": "cleverlms",
        "attempt_id": "a-1",
        "user": "qweewq",
        "assessment_id": "742",
        "assessment_title": "",
        "status": "pending",
        "score": "3",
        "max_score": "",
        "percentage": "60",
        "passed": "",
        "started_at": "2024-02-05T09:00:00+03:00",
        "ended_at": "",
        "duration": "",
    }
    assert (second["status"], second["passed"]) == ("failed", "false")


@pytest.mark.parametrize("provider", PROVIDER_NAMES)
def test_jsonl_export_writes_summaries(provider: str, capsys: pytest.CaptureFixture[str]) -> None:
    expected = fake_attempt_ids(PROVIDERS[provider].new_fake())
    status, out, _ = run(capsys, "export", provider, "--fake")
    assert status == 0
    lines = jsonl(out)
    assert [list(line) for line in lines] == [CONTRACT_COLUMNS] * len(expected)
    assert sorted(line["attempt_id"] for line in lines) == sorted(expected)
    assert {line["status"] for line in lines} <= {s.value for s in SummaryStatus} - {"unknown"}


@pytest.mark.parametrize("provider", PROVIDER_NAMES)
def test_full_export_writes_whole_records(
    provider: str, capsys: pytest.CaptureFixture[str]
) -> None:
    expected = fake_attempt_ids(PROVIDERS[provider].new_fake())
    status, out, _ = run(capsys, "export", provider, "--fake", "--full", "--format", "jsonl")
    assert status == 0
    records = jsonl(out)
    assert sorted(str(record["id"]) for record in records) == sorted(expected)
    entry = PROVIDERS[provider]
    with entry.client_for(entry.new_fake(), credential=entry.fake_credential) as client:
        (model,) = {type(record) for page in entry.walk(client, Window()) for record, _ in page}
    assert all(set(wire_names(model).values()) <= set(record) for record in records)
    assert not any("attempt_id" in record for record in records)


def test_full_records_are_the_fakes_rows(capsys: pytest.CaptureFixture[str]) -> None:
    rows = {row["id"]: row for row in FakeCleverLMS().attempts}
    status, out, _ = run(capsys, "export", "cleverlms", "--fake", "--full")
    assert status == 0
    for record in jsonl(out):
        row = rows[record["id"]]
        # the only change: material_id is read as the documented str
        assert record == row | {"material_id": str(row["material_id"])}


@pytest.mark.parametrize("provider", PROVIDER_NAMES)
def test_since_and_until_keep_the_attempts_started_between(
    provider: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    status, out, _ = run(capsys, "export", provider, "--fake")
    assert status == 0
    starts = {line["attempt_id"]: line["started_at"] for line in jsonl(out)}
    moments = sorted(datetime.fromisoformat(start) for start in starts.values() if start)
    since, until = moments[len(moments) // 4], moments[3 * len(moments) // 4]
    expected = sorted(
        attempt_id
        for attempt_id, start in starts.items()
        if start and since <= datetime.fromisoformat(start) <= until
    )
    assert 0 < len(expected) < len(starts)

    unbounded = use_fake(monkeypatch, provider, PROVIDERS[provider].new_fake())
    run(capsys, "export", provider, "--fake")
    requests = use_fake(monkeypatch, provider, PROVIDERS[provider].new_fake())
    argv = ["export", provider, "--fake", "--since", since.isoformat()]
    status, out, _ = run(capsys, *argv, "--until", until.isoformat())
    assert status == 0
    assert sorted(line["attempt_id"] for line in jsonl(out)) == expected
    # a provider with a date filter sends the window (two more parameters); others cannot
    added = set(requests[0].url.params) - set(unbounded[0].url.params)
    assert len(added) == (2 if PROVIDERS[provider].date_filter else 0), added


def utc_day(text: str) -> date:
    return moment(text).astimezone(timezone.utc).date()


def moment(text: str) -> datetime:
    """An ISO timestamp as the fakes write it (``Z`` included, which Python 3.10 refuses)."""
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def test_a_plain_until_date_includes_that_whole_day(capsys: pytest.CaptureFixture[str]) -> None:
    rows = FakeCleverLMS().attempts
    day = max(utc_day(row["started_at"]) for row in rows) - timedelta(days=2)
    status, out, _ = run(capsys, "export", "cleverlms", "--fake", "--until", day.isoformat())
    assert status == 0
    kept = {line["attempt_id"] for line in jsonl(out)}
    assert kept == {row["id"] for row in rows if utc_day(row["started_at"]) <= day}
    assert any(utc_day(row["started_at"]) == day for row in rows)
    assert 0 < len(kept) < len(rows)


def test_since_alone(capsys: pytest.CaptureFixture[str]) -> None:
    rows = FakeIndeed().attempts
    since = sorted(moment(row["started_at"]) for row in rows)[5]
    status, out, _ = run(capsys, "export", "indeed", "--fake", "--since", since.isoformat())
    assert status == 0
    kept = [line["attempt_id"] for line in jsonl(out)]
    assert sorted(kept) == sorted(row["id"] for row in rows if moment(row["started_at"]) >= since)
    assert len(kept) == len(rows) - 5


def test_window_without_a_start_time_excludes_the_attempt() -> None:
    window = Window(since=datetime(2024, 1, 1, tzinfo=timezone.utc))
    assert window.contains(None) is False
    assert Window().contains(None) is True
    assert window.contains(datetime(2024, 1, 1, tzinfo=timezone.utc)) is True
    assert window.contains(datetime(2023, 12, 31, 23, 59, tzinfo=timezone.utc)) is False


# --- output file


def test_output_file_is_written_and_stdout_stays_empty(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "attempts.csv"
    status, out, err = run(
        capsys, "export", "indeed", "--fake", "--format", "csv", "--output", str(target)
    )
    assert (status, out, err) == (0, "", "")
    with target.open(encoding="utf-8", newline="") as written:
        rows = list(csv.DictReader(written))
    assert len(rows) == len(FakeIndeed().attempts)
    assert [path.name for path in tmp_path.iterdir()] == ["attempts.csv"]
    assert target.stat().st_mode & 0o777 == 0o666 & ~current_umask()


def current_umask() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return umask


def test_failed_export_leaves_the_old_file_and_no_partial_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "attempts.jsonl"
    target.write_text("previous export\n", encoding="utf-8")
    target.chmod(0o640)

    def refused(request: httpx.Request) -> httpx.Response:
        return httpx.Response(401, json={"error": "API key revoked"})

    fake = FakeIndeed(page_size=5)
    requests = use_fake(monkeypatch, "indeed", fake, then=refused)
    status, _, err = run(capsys, "export", "indeed", "--fake", "--output", str(target))
    assert len(requests) >= 2  # the pages after the first were refused
    assert status == 1
    assert err.count("\n") == 1
    assert "401" in err
    assert "API key revoked" in err
    assert target.read_text(encoding="utf-8") == "previous export\n"
    assert target.stat().st_mode & 0o777 == 0o640
    assert [path.name for path in tmp_path.iterdir()] == ["attempts.jsonl"]


def test_replaced_file_keeps_its_permissions(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "attempts.jsonl"
    target.write_text("old\n", encoding="utf-8")
    target.chmod(0o600)
    assert run(capsys, "export", "cleverlms", "--fake", "--output", str(target))[0] == 0
    assert len(target.read_text(encoding="utf-8").splitlines()) == len(FakeCleverLMS().attempts)
    assert target.stat().st_mode & 0o777 == 0o600


def test_interrupted_export_leaves_no_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def interrupted(request: httpx.Request) -> httpx.Response:
        raise KeyboardInterrupt

    use_fake(monkeypatch, "indeed", FakeIndeed(page_size=2), then=interrupted)
    target = tmp_path / "out.csv"
    status, _, err = run(capsys, "export", "indeed", "--fake", "--format", "csv", "-o", str(target))
    assert status == 130
    assert err == "attempts-sdk: interrupted\n"
    assert list(tmp_path.iterdir()) == []


def test_unwritable_output_is_a_usage_error_before_any_request(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    requests = use_fake(monkeypatch, "cleverlms", FakeCleverLMS())
    target = tmp_path / "missing-directory" / "attempts.csv"
    status, out, err = run(capsys, "export", "cleverlms", "--fake", "--output", str(target))
    assert (status, out, requests) == (2, "", [])
    assert err == f"attempts-sdk: cannot write {target}: No such file or directory\n"


def test_stdout_closed_by_the_reader_ends_quietly(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    class ClosedPipe(io.StringIO):
        def write(self, text: str) -> int:
            raise BrokenPipeError(32, "Broken pipe")

    monkeypatch.setattr(sys, "stdout", ClosedPipe())
    assert main(["export", "cleverlms", "--fake"]) == 1
    assert capsys.readouterr().err == ""


# --- configuration and API errors


@pytest.mark.parametrize("provider", PROVIDER_NAMES)
def test_missing_credential_exits_2_naming_the_variable(
    provider: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    base_url_env, credential_env = PROVIDER_ENV[provider]
    monkeypatch.setenv(base_url_env, "https://example.invalid")
    status, out, err = run(capsys, "export", provider)
    assert (status, out) == (2, "")
    assert err.startswith(f"attempts-sdk: {provider}: no credential")
    assert credential_env in err
    assert err.count("\n") == 1


@pytest.mark.parametrize(
    "provider", [name for name, entry in PROVIDERS.items() if not entry.spec.default_base_url]
)
def test_missing_base_url_exits_2_naming_the_flag_and_the_variable(
    provider: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    base_url_env, credential_env = PROVIDER_ENV[provider]
    monkeypatch.setenv(credential_env, "secret-0042")
    status, out, err = run(capsys, "export", provider)
    assert (status, out) == (2, "")
    assert err == (
        f"attempts-sdk: {provider}: no base URL: pass --base-url or set {base_url_env}\n"
    )


@pytest.mark.parametrize("provider", PROVIDER_NAMES)
def test_base_url_flag_reaches_a_served_fake(
    provider: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    fake = PROVIDERS[provider].new_fake()
    _, credential_env = PROVIDER_ENV[provider]
    monkeypatch.setenv(credential_env, fake_credential(fake))
    with fake.serve() as base_url:
        status, out, err = run(
            capsys, "export", provider, "--base-url", base_url, "--format", "csv"
        )
    assert (status, err) == (0, "")
    assert len(out.splitlines()) - 1 == len(fake_attempt_ids(fake))
    assert fake.calls  # the served fake answered, not the built-in one


def test_plain_http_is_refused_in_the_command_lines_words_and_allowed_by_its_flag(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CLEVERLMS_TOKEN", "secret-0042")
    status, out, err = run(capsys, "export", "cleverlms", "--base-url", "http://lms.example.com")
    assert (status, out) == (2, "")
    assert "pass --allow-insecure-http" in err
    assert "allow_insecure_http=True" not in err and "secret-0042" not in err
    with make_client(
        "cleverlms", base_url="http://lms.example.com", allow_insecure_http=True
    ) as client:  # built, nothing sent
        assert str(client.base_url) == "http://lms.example.com"


@pytest.mark.parametrize("command", ["export", "sync"])
def test_help_lists_every_providers_environment_variables_and_the_flags(
    command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exited:
        main([command, "--help"])
    assert exited.value.code == 0
    shown = capsys.readouterr().out
    for name, entry in PROVIDERS.items():
        base_url_env, credential_env = entry.environment
        assert re.search(rf"^  {name}: +{base_url_env}.*, {credential_env}$", shown, re.M)
    assert "--base-url URL" in shown and "--allow-insecure-http" in shown


@pytest.mark.parametrize("provider", PROVIDER_NAMES)
def test_credentials_and_base_url_come_from_the_environment(
    provider: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    fake = PROVIDERS[provider].new_fake()
    base_url_env, credential_env = PROVIDER_ENV[provider]
    with fake.serve() as base_url:
        monkeypatch.setenv(base_url_env, base_url)
        monkeypatch.setenv(credential_env, fake_credential(fake))
        status, out, err = run(capsys, "export", provider, "--format", "csv")
    assert (status, err) == (0, "")
    assert len(out.splitlines()) - 1 == len(fake_attempt_ids(fake))


@pytest.mark.parametrize("provider", PROVIDER_NAMES)
def test_rejected_credential_exits_1_with_one_line(
    provider: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    fake = PROVIDERS[provider].new_fake()
    base_url_env, credential_env = PROVIDER_ENV[provider]
    with fake.serve() as base_url:
        monkeypatch.setenv(base_url_env, base_url)
        monkeypatch.setenv(credential_env, "a-wrong-credential")
        status, out, err = run(capsys, "export", provider)
    assert (status, out) == (1, "")
    assert err.startswith(f"attempts-sdk: {provider}: HTTP 401: ")
    assert err.count("\n") == 1
    assert "a-wrong-credential" not in err


def test_api_error_from_the_fake_exits_1(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    fake = FakeIndeed()
    fake.fail_next(1, status=401)
    use_fake(monkeypatch, "indeed", fake)
    status, out, err = run(capsys, "export", "indeed", "--fake", "--format", "csv")
    assert (status, out) == (1, "")
    assert err == "attempts-sdk: indeed: HTTP 401: HTTP Token: Access denied.\n"


def test_multi_line_error_messages_are_joined(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(request: httpx.Request) -> httpx.Response:
        return httpx.Response(400, json={"error": "line one\nline two"})

    monkeypatch.setattr(
        cli,
        "make_client",
        lambda provider, **_options: IndeedClient(
            api_key="k", transport=httpx.MockTransport(broken)
        ),
    )
    status, _, err = run(capsys, "export", "indeed")
    assert status == 1
    assert err == "attempts-sdk: indeed: HTTP 400: line one line two\n"


@pytest.mark.parametrize(
    ("argv", "complaint"),
    [
        (["export"], "the following arguments are required: PROVIDER"),
        (["export", "moodle"], "invalid choice: 'moodle'"),
        (["export", "indeed", "--format", "xml"], "invalid choice: 'xml'"),
        (["export", "indeed", "--since", "yesterday"], "not an ISO 8601 date or timestamp"),
        (["export", "indeed", "--until", "2024-02-30"], "not an ISO 8601 date or timestamp"),
        (["export", "indeed", "--full", "--format", "csv"], "--full writes whole records"),
        (
            ["export", "indeed", "--since", "2024-03-02", "--until", "2024-03-01"],
            "--since is after --until",
        ),
        (["export", "indeed", "--fake", "--wat"], "unrecognized arguments: --wat"),
    ],
)
def test_bad_arguments_exit_2_with_one_line(
    argv: list[str], complaint: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exited:
        main(argv)
    assert exited.value.code == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.count("\n") == 1
    assert complaint in captured.err


def test_iso_arguments() -> None:
    utc = timezone.utc
    assert cli._since("2024-03-01") == datetime(2024, 3, 1, tzinfo=utc)
    assert cli._until("2024-03-01") == datetime(2024, 3, 1, 23, 59, 59, 999999, tzinfo=utc)
    assert cli._since("2024-03-01T09:30:00Z") == datetime(2024, 3, 1, 9, 30, tzinfo=utc)
    assert cli._until("2024-03-01T09:30") == datetime(2024, 3, 1, 9, 30, tzinfo=utc)
    ist = timezone(timedelta(hours=5, minutes=30))
    assert cli._since("2024-03-01T09:30:00+05:30") == datetime(2024, 3, 1, 9, 30, tzinfo=ist)


def test_fake_clients_need_no_environment() -> None:
    for provider in PROVIDER_NAMES:
        with make_client(provider, fake=True) as client:
            assert client.base_url.scheme == "https"
    with pytest.raises(ConfigurationError, match="CLEVERLMS_BASE_URL"):
        make_client("cleverlms")
    with pytest.raises(ValueError, match="unknown provider 'moodle': one of testpress, "):
        make_client("moodle", fake=True)


# --- progress


class TTY(io.StringIO):
    """A stderr that says it is a terminal."""

    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize("provider", PROVIDER_NAMES)
def test_progress_goes_to_a_terminal_stderr(
    provider: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    fake = small_pages(provider)
    count = len(fake_attempt_ids(fake))
    requests = use_fake(monkeypatch, provider, fake)
    terminal = TTY()
    monkeypatch.setattr(sys, "stderr", terminal)
    assert main(["export", provider, "--fake", "--format", "csv"]) == 0
    shown = terminal.getvalue()
    assert shown.endswith("\n")
    last = shown.rstrip("\n").split("\r")[-1].strip()
    # tqdm's line: items of the list read (of the total, when the provider reports it), the
    # rate, and the pages and attempts so far
    match = re.fullmatch(
        rf"{provider}: (?:100%\|[^|]*\| )?(\d+)(?:/(\d+))?(?: items)? "
        rf"\[[\d:]+(?:<[\d:?]+)?, +[\d.?]+ ?items/s, pages=(\d+), attempts={count}\]",
        last,
    )
    assert match, last
    listed, total, pages = match.groups()
    assert total is None or total == listed  # an ETA where the total is known
    assert 2 <= int(pages) <= len(requests)
    assert len(capsys.readouterr().out.splitlines()) == count + 1


def test_progress_shows_the_total_and_an_eta_where_the_list_reports_it(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    fake = FakeIndeed(page_size=4)  # 13 assignments, meta.total_count: 4 pages
    fake.latency = 0.15  # slow enough for tqdm to draw between pages
    use_fake(monkeypatch, "indeed", fake)
    terminal = TTY()
    monkeypatch.setattr(sys, "stderr", terminal)
    assert main(["export", "indeed", "--fake", "--concurrency", "1"]) == 0
    frames = [frame.strip() for frame in terminal.getvalue().split("\r") if frame.strip()]
    assert any(re.search(r"\| ([4-9]|1[0-2])/13 \[[\d:]+<[\d:]+,", f) for f in frames), frames


def test_no_progress_when_stderr_is_not_a_terminal(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    use_fake(monkeypatch, "cleverlms", small_pages("cleverlms"))
    status, out, err = run(capsys, "export", "cleverlms", "--fake")
    assert (status, err) == (0, "")
    assert len(out.splitlines()) == len(FakeCleverLMS().attempts)


def test_progress_line_ends_before_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    fake = FakeIndeed()
    fake.fail_next(1, status=401)
    use_fake(monkeypatch, "indeed", fake)
    terminal = TTY()
    monkeypatch.setattr(sys, "stderr", terminal)
    assert main(["export", "indeed", "--fake"]) == 1
    assert terminal.getvalue() == "attempts-sdk: indeed: HTTP 401: HTTP Token: Access denied.\n"


# --- as documented


def docs_commands() -> list[str]:
    """The ``attempts-sdk ...`` commands of docs/cli.md's bash blocks (``\\`` continuations
    joined)."""
    page = (Path(__file__).resolve().parents[2] / "docs" / "cli.md").read_text()
    commands = []
    for block in re.findall(r"```bash\n(.*?)```", page, re.S):
        for line in block.replace("\\\n", " ").splitlines():
            if line.strip().startswith("attempts-sdk "):
                commands.append(line.strip())
    return commands


def test_the_docs_show_commands() -> None:
    commands = docs_commands()
    assert len(commands) >= 8
    assert {shlex.split(command)[2] for command in commands if " export " in command} >= set(
        PROVIDER_NAMES
    )


@pytest.mark.parametrize("command", docs_commands())
def test_docs_command_runs(
    command: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Each command runs against the fakes (``--fake`` added to an export that relies on the
    environment) with the exit status its ``# exit status N`` comment gives (default 0: an
    error example keeps its environment, which has no provider variables)."""
    monkeypatch.chdir(tmp_path)
    words = shlex.split(command, comments=True)
    expected = re.search(r"# exit status (\d+)", command)
    if "|" in words:
        words = words[: words.index("|")]
    argv = words[1:]
    if argv[:1] == ["export"] and "--fake" not in argv and expected is None:
        argv.append("--fake")
    try:
        status = main(argv)
    except SystemExit as exited:
        status = int(str(exited.code))
    assert status == (int(expected[1]) if expected else 0), capsys.readouterr().err


def test_values_that_cannot_be_parsed_give_one_warning_line_and_exit_0(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    fake = FakeCleverLMS()
    fake.add_attempt(id="odd-1", ended_at="yesterday-ish")
    fake.add_attempt(id="odd-2", ended_at="not a time either")
    use_fake(monkeypatch, "cleverlms", fake)
    status, out, err = run(capsys, "export", "cleverlms", "--fake", "--format", "csv")
    assert status == 0
    rows = {row[1]: row for row in csv.reader(io.StringIO(out))}
    assert rows["odd-1"][SUMMARY_COLUMNS.index("ended_at")] == ""
    assert len(rows) - 1 == len(fake.attempts)
    lines = err.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("attempts-sdk: warning: 2 values could not be parsed")
    assert "ended_at" in lines[0] and "--full keeps the raw values" in lines[0]
    status, out, err = run(capsys, "export", "cleverlms", "--fake", "--full")
    records = {record["id"]: record for record in jsonl(out)}
    assert records["odd-2"]["ended_at"] == "not a time either"  # --full: as sent
