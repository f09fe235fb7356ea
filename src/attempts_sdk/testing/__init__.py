"""In-memory fakes of the four providers, for the demo and for your own tests.

Each fake answers like the real API (pagination envelopes, the auth header, error bodies,
state rules), comes seeded with realistic data, and can inject faults. Use it in memory, as an
httpx transport, or as a real HTTP server on 127.0.0.1::

    fake = FakeTestpress()
    client = TestpressClient(base_url=fake.base_url, token=fake.token, transport=fake.transport)

    with fake.serve() as base_url:
        client = TestpressClient(base_url=base_url, token=fake.token)
"""

from ._base import FakeAPI, FakeTransport
from .cleverlms import FakeCleverLMS
from .indeed import FakeIndeed
from .testpress import FakeTestpress
from .thoughtindustries import FakeThoughtIndustries

__all__ = [
    "FakeAPI",
    "FakeCleverLMS",
    "FakeIndeed",
    "FakeTestpress",
    "FakeThoughtIndustries",
    "FakeTransport",
]
