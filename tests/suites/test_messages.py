"""What every provider's errors say, read from `attempts_sdk.PROVIDERS`: each SDK exception's
message starts with the provider's name; a 404 names the path (no query); a status error carries
its request and the provider's request id; a base URL that repeats an API path is refused at
construction, naming both.
"""

from __future__ import annotations

import importlib
from typing import Any

import httpx
import pytest

from attempts_sdk import (
    PROVIDERS,
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    ConfigurationError,
    DecodeError,
    NotFoundError,
    Provider,
)
from attempts_sdk._request import Route
from conftest import Harness
from support.calls import LIST_CALLS, SINGLE_CALLS, Case, case_id, open_client, settle

ENTRIES = list(PROVIDERS.values())
CALLS = SINGLE_CALLS + LIST_CALLS


def _raise(error: type[httpx.TransportError]) -> httpx.MockTransport:
    def handler(request: httpx.Request) -> httpx.Response:
        raise error("the network is down", request=request)

    return httpx.MockTransport(handler)


def _answer(
    status: int, content: bytes, headers: dict[str, str] | None = None
) -> httpx.MockTransport:
    return httpx.MockTransport(lambda _: httpx.Response(status, content=content, headers=headers))


FAILURES = {
    "404": (_answer(404, b'{"detail": "Not found."}'), NotFoundError),
    "not json": (_answer(200, b"<html>maintenance</html>"), DecodeError),
    "connect": (_raise(httpx.ConnectError), APIConnectionError),
    "timeout": (_raise(httpx.ReadTimeout), APITimeoutError),
}


@pytest.mark.parametrize("failure", FAILURES)
@pytest.mark.parametrize("case", CALLS, ids=list(map(case_id, CALLS)))
def test_every_api_error_starts_with_the_providers_name(
    harness: Harness, case: Case, failure: str
) -> None:
    transport, kind = FAILURES[failure]
    client = open_client(harness, case, transport, max_retries=0)
    with pytest.raises(kind) as caught:
        settle(harness, case[1].call(client))
    assert str(caught.value).startswith(f"{case[0].name}: "), str(caught.value)


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda entry: entry.name)
def test_every_configuration_error_starts_with_the_providers_name(entry: Provider) -> None:
    fake = entry.new_fake()
    credential = {entry.credential: "t0ken-value"}
    mistakes: list[dict[str, Any]] = [
        {"base_url": fake.base_url},  # no credential
        {"base_url": "ftp://files.example", **credential},
        {"base_url": "http://provider.example", **credential},  # plain http, not loopback
        {
            "base_url": fake.base_url,
            **credential,
            "transport": fake.transport,
            "http_client": httpx.Client(),
        },
        {"base_url": fake.base_url, **credential, "cache": "yes"},
    ]
    for kwargs in mistakes:
        with pytest.raises(ConfigurationError) as caught:
            entry.client(**kwargs)
        assert str(caught.value).startswith(f"{entry.name}: "), (kwargs, str(caught.value))


@pytest.mark.parametrize("case", CALLS, ids=list(map(case_id, CALLS)))
def test_a_404_names_the_path_without_the_query(harness: Harness, case: Case) -> None:
    seen: list[httpx.Request] = []

    def missing(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(404, json={"detail": "Not found."})

    client = open_client(harness, case, httpx.MockTransport(missing), max_retries=0)
    with pytest.raises(NotFoundError) as caught:
        settle(harness, case[1].call(client))
    path = seen[-1].url.raw_path.split(b"?")[0].decode()
    assert str(caught.value).endswith(f" ({seen[-1].method} {path})")
    assert "?" not in str(caught.value)


@pytest.mark.parametrize("case", CALLS, ids=list(map(case_id, CALLS)))
def test_a_status_error_carries_its_request_and_the_providers_request_id(
    harness: Harness, case: Case
) -> None:
    headers = {"CF-Ray": "8f1b-LHR", "X-Amzn-RequestId": "amzn-2", "Content-Type": "text/plain"}
    client = open_client(harness, case, _answer(409, b"conflict", headers), max_retries=0)
    with pytest.raises(APIStatusError) as caught:
        settle(harness, case[1].call(client))
    error = caught.value
    assert error.request is error.response.request
    assert error.request.url.host == httpx.URL(client.base_url).host
    assert error.request_id == "amzn-2"  # X-Amzn-RequestId comes before CF-Ray


def test_the_request_id_headers_are_read_in_order() -> None:
    from attempts_sdk._response import request_id_of

    assert request_id_of(httpx.Headers({"CF-Ray": "c", "X-Request-Id": "a"})) == "a"
    assert request_id_of(httpx.Headers({"CF-Ray": "c", "X-Amzn-RequestId": "b"})) == "b"
    assert request_id_of(httpx.Headers({"cf-ray": "c"})) == "c"
    assert request_id_of(httpx.Headers({"X-Request-Id": ""})) is None
    assert request_id_of(httpx.Headers()) is None


WITH_API_PATHS = [entry for entry in ENTRIES if entry.spec.api_paths]


def test_some_provider_declares_api_paths() -> None:
    assert WITH_API_PATHS, "no provider declares the API paths its base URL must not repeat"


def _routes(entry: Provider) -> list[Route]:
    package = entry.client.__module__.rpartition(".")[0]
    module = importlib.import_module(f"{package}.endpoints")
    return [value for value in vars(module).values() if isinstance(value, Route)]


@pytest.mark.parametrize("entry", WITH_API_PATHS, ids=lambda entry: entry.name)
def test_every_endpoint_path_starts_with_a_declared_api_path(entry: Provider) -> None:
    routes = _routes(entry)
    assert routes
    for route in routes:
        assert route.path.startswith(entry.spec.api_paths), route.path


@pytest.mark.parametrize("entry", WITH_API_PATHS, ids=lambda entry: entry.name)
def test_a_base_url_that_repeats_an_api_path_is_refused_naming_both(entry: Provider) -> None:
    for prefix in entry.spec.api_paths:
        first = "/" + prefix.strip("/").split("/")[0]
        for tail in (prefix, prefix.rstrip("/"), first):
            base_url = f"https://institute.example/sub{tail}"
            with pytest.raises(ConfigurationError) as caught:
                entry.open_client(base_url=base_url, credential="t0ken-value")
            message = str(caught.value)
            assert message.startswith(f"{entry.name}: base_url '{base_url}'"), message
            assert f"already ends with {tail.rstrip('/')}/" in message
            assert "Pass base_url='https://institute.example/sub'" in message
        # the same segments elsewhere in the path are fine
        client = entry.open_client(base_url=f"https://i.example{prefix}x", credential="t0ken")
        client.close()
