"""A concurrent walk in a fresh process, for tests/core/test_walk_exit.py to interrupt.

Usage: ``python tests/support/walk_probe.py BASE_URL TOKEN CONCURRENCY``. Prints ``page N`` as
each page arrives; the walk is the Testpress client's ``list_attempts().pages(concurrency=N)``
with the default settings (retries, timeouts, deadline), so an interrupt meets requests under
way, waiting for a server that does not answer.
"""

from __future__ import annotations

import sys

from attempts_sdk.testpress import TestpressClient


def main() -> None:
    base_url, token, concurrency = sys.argv[1], sys.argv[2], int(sys.argv[3])
    with TestpressClient(base_url=base_url, token=token) as client:
        for number, _page in enumerate(client.list_attempts().pages(concurrency=concurrency), 1):
            print(f"page {number}", flush=True)


if __name__ == "__main__":
    main()
