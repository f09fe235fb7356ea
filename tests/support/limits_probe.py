"""One call in a fresh process, for tests/core/test_limits.py: what it raised, how long it took
and the process's peak RSS (which the test process, holding the servers, would blur).

Usage: ``python tests/support/limits_probe.py sync|async BASE_URL TOKEN [OPTIONS [ATTEMPT]]``;
calls ``get_attempt(ATTEMPT)`` (default 1) and prints one JSON object. The Testpress client has
the default settings but for OPTIONS, a JSON object of constructor keywords.
"""

from __future__ import annotations

import asyncio
import json
import resource
import sys
import time
from typing import Any

from attempts_sdk.testpress import AsyncTestpressClient, TestpressClient


def _call(mode: str, base_url: str, token: str, options: dict[str, Any], attempt: int) -> object:
    if mode == "sync":
        with TestpressClient(base_url=base_url, token=token, **options) as client:
            return client.get_attempt(attempt)

    async def call() -> object:
        async with AsyncTestpressClient(base_url=base_url, token=token, **options) as client:
            return await client.get_attempt(attempt)

    return asyncio.run(call())


def main() -> None:
    mode, base_url, token = sys.argv[1:4]
    options = json.loads(sys.argv[4]) if len(sys.argv) > 4 else {}
    attempt = int(sys.argv[5]) if len(sys.argv) > 5 else 1
    started = time.monotonic()
    report: dict[str, Any] = {"error": None}
    try:
        _call(mode, base_url, token, options, attempt)
    except Exception as error:
        report.update(
            error=type(error).__name__, message=str(error), limit=getattr(error, "limit", None)
        )
    report["seconds"] = round(time.monotonic() - started, 3)
    # ru_maxrss is in KiB on Linux
    report["peak_rss_mib"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    print(json.dumps(report))


if __name__ == "__main__":
    main()
