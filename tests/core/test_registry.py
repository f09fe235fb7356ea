"""The provider registry: its entries, its rules, and a toy provider added through it alone.

The toy provider is ``support/acme.py``'s entry, registered by the pytest plugin
``support/acme_plugin.py`` in a pytest run of its own: the provider-wide suites (the contract,
sync and async; the fuzzing of models and the comparison of the decoders' two paths) must run
on it although none of them was edited for it.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from attempts_sdk import PROVIDERS, Provider
from attempts_sdk._registry import PACKAGES, Window, register, unregister
from attempts_sdk.testing import FakeAPI
from support.acme import PROVIDER as ACME
from support.acme import AcmeClient, AsyncAcmeClient, FakeAcme

TESTS = Path(__file__).resolve().parents[1]
SUITES = ["suites/test_contract.py", "suites/test_fuzz.py", "suites/test_fast_path.py"]


def test_providers_are_the_four_of_the_contract_in_its_order() -> None:
    assert list(PROVIDERS) == ["testpress", "cleverlms", "thoughtindustries", "indeed"]
    assert list(PROVIDERS) == list(PACKAGES)
    for name, entry in PROVIDERS.items():
        assert isinstance(entry, Provider)
        assert entry.name == name == entry.spec.name
        assert entry.client.__module__ == f"attempts_sdk.{name}.client"
        assert entry.async_client.__module__ == f"attempts_sdk.{name}.client"
        assert issubclass(entry.fake, FakeAPI)
        assert entry.fake.__module__ == f"attempts_sdk.testing.{name}"
        assert entry.credential in ("token", "api_key")
        assert entry.environment == (entry.spec.base_url_env, entry.spec.credential_env)


def test_the_registry_is_read_only() -> None:
    with pytest.raises(TypeError):
        PROVIDERS["acme"] = ACME  # type: ignore[index]
    with pytest.raises(AttributeError):
        PROVIDERS["testpress"].name = "other"  # type: ignore[misc]


def test_register_adds_after_the_built_in_ones_and_refuses_a_second_of_a_name() -> None:
    register(ACME)
    try:
        assert list(PROVIDERS)[-1] == "acme"
        assert PROVIDERS["acme"].client is AcmeClient
        assert PROVIDERS["acme"].async_client is AsyncAcmeClient
        assert PROVIDERS["acme"].fake is FakeAcme
        with pytest.raises(ValueError, match="registered already"):
            register(ACME)
    finally:
        unregister("acme")
    assert "acme" not in PROVIDERS
    with pytest.raises(ValueError, match="built in"):
        unregister("testpress")


def test_a_provider_needs_a_fake_named_module_colon_class() -> None:
    with pytest.raises(ValueError, match="module:Class"):
        Provider(
            spec=ACME.spec,
            client=AcmeClient,
            async_client=AsyncAcmeClient,
            fake="support.acme.FakeAcme",
            walk=ACME.walk,
            date_filter=False,
        )


def test_a_window_is_aware_ordered_and_inclusive() -> None:
    start = datetime(2024, 3, 1, tzinfo=timezone.utc)
    window = Window(start, start + timedelta(days=1))
    assert window.contains(start) and window.contains(start + timedelta(days=1))
    assert not window.contains(start - timedelta(microseconds=1))
    assert not window.contains(None) and Window().contains(None)
    with pytest.raises(ValueError, match="timezone-aware"):
        Window(datetime(2024, 3, 1))
    with pytest.raises(ValueError, match="starts after it ends"):
        Window(start, start - timedelta(seconds=1))


def _run_suites_with_acme(*extra: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(TESTS)}
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-p",
            "support.acme_plugin",
            *SUITES,
            "-k",
            "acme",
            *extra,
        ],
        cwd=TESTS,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def test_a_registered_toy_provider_is_picked_up_by_the_provider_wide_suites() -> None:
    done = _run_suites_with_acme("-q", "-rA")
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    passed = set(re.findall(r"^PASSED (\S+)", done.stdout, flags=re.MULTILINE))
    for suite in SUITES:  # each suite ran acme's cases, and they passed
        assert any(test.startswith(suite) for test in passed), (suite, sorted(passed))
    contract = {test for test in passed if test.startswith(SUITES[0])}
    assert any("acme.list_next" in test for test in contract)  # sync and async, one test
    assert any("[acme]" in test for test in contract)
    fuzzed = {test for test in passed if "test_fuzz" in test}
    for model in ("acme.Thing", "acme.Item", "acme.Child"):
        assert any(f"[{model}]" in test for test in fuzzed), model
    fast = {test for test in passed if "test_fast_path" in test}
    assert any("acme.Item" in test for test in fast)
    assert "failed" not in done.stdout.splitlines()[-1]
