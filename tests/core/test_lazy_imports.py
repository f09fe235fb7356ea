"""Provider packages load their models (and Testpress its exam sessions) on first use.

``import attempts_sdk.<provider>`` leaves the models module, the sessions, asyncio, hishel,
dateutil and the summaries unloaded; every public name is still served by the package (PEP 562
``__getattr__``), and a client call loads the models it decodes into.
"""

from __future__ import annotations

import importlib
import json
import subprocess
import sys
import textwrap
from types import ModuleType
from typing import Any

import attrs
import pytest

from attempts_sdk._lazy import ModelRef, lazy_exports, model_ref, resolve_model
from attempts_sdk._pagination import NextUrl
from attempts_sdk._registry import PROVIDERS as REGISTRY
from attempts_sdk._request import Endpoint, ListEndpoint
from attempts_sdk.cleverlms import endpoints as cleverlms_endpoints
from attempts_sdk.testpress import endpoints as testpress_endpoints

PROVIDERS = list(REGISTRY)
# Names served from another module than ``models`` (the rest of the lazy names are models).
SUBMODULE = {"ExamSession": "session", "AsyncExamSession": "session"}

ALWAYS_LAZY = ["asyncio", "hishel", "dateutil", "attempts_sdk._summary"]

SCRIPT = """
import json
import sys

WATCHED = {watched!r}


def loaded():
    return sorted(name for name in WATCHED if name in sys.modules)


report = {{}}
import attempts_sdk.{provider} as package

report["at_import"] = loaded()
from attempts_sdk import PROVIDERS

entry = PROVIDERS["{provider}"]
example = entry.examples[0]  # the entry's first documented call
fake = entry.new_fake()
client = entry.client_for(
    fake, asynchronous={is_async}, credential=example.credential, cache=False
)
report["before_call"] = loaded()
{extra_before}
{call}
report["after_call"] = loaded()
models = sys.modules["attempts_sdk.{provider}.models"]
report["record_type"] = type(record).__module__ + "." + type(record).__qualname__
name = type(record).__name__
report["same_class"] = type(record) is getattr(models, name) is getattr(package, name)
{extra_after}
print(json.dumps(report))
"""

SYNC_CALL = """
from attempts_sdk import Paginator

with client:
    record = example.call(client)
    if isinstance(record, Paginator):
        record = next(iter(record))
"""

ASYNC_CALL = """
import asyncio
import inspect

from attempts_sdk import AsyncPaginator


async def first():
    async with client:
        value = example.call(client)
        if inspect.isawaitable(value):
            return await value
        assert isinstance(value, AsyncPaginator)
        async for record in value:
            return record
    raise AssertionError("no records")


record = asyncio.run(first())
"""

# Testpress: the admin ``state`` filter checks its value against `AdminAttemptState` (loading
# the models if need be), and ``take_exam`` loads the sessions.
TESTPRESS_BEFORE = """
try:
    client.admin.list_attempts(state=2)
except ValueError as error:
    report["state_error"] = str(error)
"""
TESTPRESS_AFTER = """
report["session_before_take_exam"] = "attempts_sdk.testpress.session" in sys.modules
session = client.take_exam("sample-exam")
report["session_type"] = type(session).__name__
report["session_class_is_exported"] = type(session) is getattr(package, type(session).__name__)
"""


def models_module(provider: str) -> str:
    return f"attempts_sdk.{provider}.models"


def watched(provider: str) -> list[str]:
    extra = ["attempts_sdk.testpress.session"] if provider == "testpress" else []
    return sorted([models_module(provider), *extra, *ALWAYS_LAZY])


def run_fresh(provider: str, *, is_async: bool) -> dict[str, Any]:
    """Run the scripted import-then-call in a fresh interpreter and return its report."""
    testpress = provider == "testpress"
    script = SCRIPT.format(
        watched=watched(provider),
        provider=provider,
        is_async=is_async,
        call=ASYNC_CALL if is_async else SYNC_CALL,
        extra_before=TESTPRESS_BEFORE if testpress else "",
        extra_after=TESTPRESS_AFTER if testpress else "",
    )
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(script)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    report: dict[str, Any] = json.loads(done.stdout)
    return report


@pytest.mark.parametrize("is_async", [False, True], ids=["sync", "async"])
@pytest.mark.parametrize("provider", PROVIDERS)
def test_importing_a_provider_loads_no_models_until_a_call(provider: str, is_async: bool) -> None:
    report = run_fresh(provider, is_async=is_async)

    assert report["at_import"] == []
    assert report["before_call"] == []
    assert models_module(provider) in report["after_call"]
    assert report["record_type"].startswith(f"{models_module(provider)}.")
    assert report["same_class"] is True
    assert "attempts_sdk._summary" not in report["after_call"]


@pytest.mark.parametrize("is_async", [False, True], ids=["sync", "async"])
def test_testpress_state_filter_and_take_exam_load_what_they_need(is_async: bool) -> None:
    report = run_fresh("testpress", is_async=is_async)

    assert report["state_error"] == (
        "state must be one of 0 (RUNNING), 1 (COMPLETED), 3 (NOT_STARTED), not 2"
    )
    assert report["session_before_take_exam"] is False
    assert report["session_type"] == ("AsyncExamSession" if is_async else "ExamSession")
    assert report["session_class_is_exported"] is True


def provider_package(provider: str) -> ModuleType:
    return importlib.import_module(f"attempts_sdk.{provider}")


def lazy_names(package: ModuleType) -> list[str]:
    """The names of ``__all__`` that the package serves from its models or sessions."""
    client = importlib.import_module(f"{package.__name__}.client")
    eager = {*client.__all__, "HeartbeatWarning"}
    return [name for name in package.__all__ if name not in eager]


@pytest.mark.parametrize("provider", PROVIDERS)
def test_every_public_name_is_the_object_of_its_module(provider: str) -> None:
    package = provider_package(provider)
    names = lazy_names(package)

    assert names, "no lazily served names"
    for name in names:
        module = importlib.import_module(f"{package.__name__}.{SUBMODULE.get(name, 'models')}")
        assert getattr(package, name) is getattr(module, name), name
    namespace: dict[str, object] = {}
    exec(f"from attempts_sdk.{provider} import *", namespace)
    assert sorted(set(namespace) - {"__builtins__"}) == sorted(package.__all__)


@pytest.mark.parametrize("provider", PROVIDERS)
def test_every_model_class_of_the_models_module_is_exported(provider: str) -> None:
    package = provider_package(provider)
    models = importlib.import_module(models_module(provider))

    assert set(models.__all__) <= set(package.__all__)


@pytest.mark.parametrize("provider", PROVIDERS)
def test_dir_lists_the_lazy_names(provider: str) -> None:
    package = provider_package(provider)
    listed = dir(package)

    assert set(package.__all__) <= set(listed)
    assert listed == sorted(listed)
    assert "__getattr__" in listed


@pytest.mark.parametrize("provider", PROVIDERS)
def test_an_unknown_attribute_raises_attribute_error(provider: str) -> None:
    package = provider_package(provider)

    with pytest.raises(AttributeError, match=f"module 'attempts_sdk.{provider}' has no attribute"):
        _ = package.NoSuchModel
    assert not hasattr(package, "NoSuchModel")
    with pytest.raises(ImportError, match="NoSuchModel"):
        exec(f"from attempts_sdk.{provider} import NoSuchModel", {})


def test_heartbeat_warning_is_the_shared_one() -> None:
    from attempts_sdk import HeartbeatWarning
    from attempts_sdk.testpress import HeartbeatWarning as FromTestpress
    from attempts_sdk.testpress.session import HeartbeatWarning as FromSession

    assert FromTestpress is FromSession is HeartbeatWarning


# --- the core mechanism -----------------------------------------------------------------------


def test_a_model_ref_resolves_once_to_the_class() -> None:
    from attempts_sdk.testpress.models import Attempt

    ref: ModelRef[Attempt] = model_ref("attempts_sdk.testpress", "Attempt")

    assert ref.module == "attempts_sdk.testpress.models"
    assert ref.name == "Attempt"
    assert ref.resolve() is Attempt
    assert ref.resolve() is Attempt
    assert resolve_model(ref) is Attempt
    assert resolve_model(Attempt) is Attempt
    assert repr(ref) == "ModelRef(attempts_sdk.testpress.models.Attempt)"
    assert ref == model_ref("attempts_sdk.testpress", "Attempt")
    assert hash(ref) == hash(model_ref("attempts_sdk.testpress", "Attempt"))
    assert ref != model_ref("attempts_sdk.indeed", "Attempt")
    assert ref != "Attempt"


def test_a_model_ref_to_a_missing_or_non_class_name_fails_clearly() -> None:
    missing: ModelRef[object] = model_ref("attempts_sdk.testpress", "NoSuchModel")
    not_a_class: ModelRef[object] = ModelRef("attempts_sdk.testpress.models", "__all__")

    with pytest.raises(AttributeError, match="NoSuchModel"):
        missing.resolve()
    with pytest.raises(TypeError, match=r"attempts_sdk\.testpress\.models\.__all__ is not a class"):
        not_a_class.resolve()
    with pytest.raises(ValueError, match="needs the provider package"):
        model_ref(None, "Attempt")


def test_endpoints_resolve_their_model_through_one_accessor() -> None:
    from attempts_sdk.testpress.models import AdminAttempt, Attempt

    assert testpress_endpoints.GET_ATTEMPT.model is Attempt
    assert testpress_endpoints.ADMIN_LIST_ATTEMPTS.model is AdminAttempt
    eager = Endpoint(method="GET", path="/a/{attempt_id}", model=Attempt)
    eager_list = ListEndpoint(method="GET", path="/a", item=Attempt, paging=NextUrl())
    assert eager.model is Attempt
    assert eager_list.model is Attempt


def test_a_moved_endpoint_keeps_its_lazy_model() -> None:
    from attempts_sdk.cleverlms.models import TestAttempt

    moved = cleverlms_endpoints.attempts_endpoint("/custom/attempts")

    assert moved.path == "/custom/attempts"
    assert moved == attrs.evolve(cleverlms_endpoints.EXPORT_TEST_ATTEMPTS, path="/custom/attempts")
    assert moved.model is TestAttempt


def test_lazy_exports_serves_caches_and_lists_names() -> None:
    module = ModuleType("attempts_sdk._lazy_probe")
    module.__path__ = []
    sys.modules[module.__name__] = module
    submodule = ModuleType("attempts_sdk._lazy_probe.models")
    marker = object()
    vars(submodule)["Thing"] = marker
    sys.modules[submodule.__name__] = submodule
    try:
        getattr_, dir_ = lazy_exports(module.__name__, {"models": ("Thing",)})
        vars(module).update(__getattr__=getattr_, __dir__=dir_)

        assert "Thing" in dir(module)
        assert "Thing" not in vars(module)
        assert module.Thing is marker
        assert vars(module)["Thing"] is marker  # kept: the next look-up is plain
        with pytest.raises(AttributeError, match="has no attribute 'Other'"):
            getattr_("Other")
    finally:
        del sys.modules[module.__name__], sys.modules[submodule.__name__]
