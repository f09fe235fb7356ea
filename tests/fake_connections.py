"""How a test's client reaches a fake: in memory (its transport) or over real HTTP (its server on
127.0.0.1). Import ``via`` into a test module to run its fake tests both ways."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx
import pytest

from attempts_sdk.testing._base import FakeAPI


@pytest.fixture(params=["memory", "http"])
def via(request: pytest.FixtureRequest) -> str:
    """How the client reaches the fake: its transport, or its real HTTP server."""
    return str(request.param)


@contextmanager
def connected(fake: FakeAPI, via: str) -> Iterator[dict[str, Any]]:
    """The client keywords that reach ``fake`` ``via`` memory or HTTP."""
    if via == "memory":
        yield {"base_url": fake.base_url, "transport": fake.transport}
    else:
        with fake.serve() as base_url:
            assert base_url.startswith("http://127.0.0.1:")
            yield {"base_url": base_url}


def raw_client(fake: FakeAPI, credential: str) -> httpx.Client:
    """A bare httpx client on the fake, for what the SDK clients never send."""
    headers = {"Authorization": f"{fake.auth_scheme} {credential}"}
    return httpx.Client(base_url=fake.base_url, transport=fake.transport, headers=headers)
