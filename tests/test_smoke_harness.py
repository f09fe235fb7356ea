from __future__ import annotations

from attempts_sdk.testpress import AsyncTestpressClient, TestpressClient
from conftest import Harness, MockServer, fixture_text, json_response


def test_harness_runs_both_modes(harness: Harness) -> None:
    server = MockServer().add(
        "GET", "/api/v2.2/attempts/", json_response(fixture_text("testpress", "list_attempts"))
    )
    client = harness.client(
        TestpressClient, AsyncTestpressClient, base_url="http://demo.testpress.in", token="t0ken",
        transport=server.transport,
    )
    import warnings
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        items = harness.collect(client.list_attempts())
    assert [a.id for a in items] == [125894, 125872]
