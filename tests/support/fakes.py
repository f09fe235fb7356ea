"""What the fake-driven tests of every provider share: the client keywords that reach a fake
in memory or over real HTTP (see the ``via`` fixture in conftest), and a bare httpx client."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx

from attempts_sdk.testing._base import FakeAPI


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


def ids(items: Any) -> list[str]:
    return [item.id for item in items]
