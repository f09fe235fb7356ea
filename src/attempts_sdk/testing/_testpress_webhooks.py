"""`WebhookSender`: how `FakeTestpress` delivers its exam webhooks.

Events are signed as `attempts_sdk.testpress.webhooks` verifies them and POSTed as JSON, one at a
time and in order, from a thread of its own, so that the request that started or ended the
attempt never waits for the receiver (nor deadlocks when the receiver calls the fake back).
Testpress documents no retries, so a failed delivery is recorded, not repeated.
"""

from __future__ import annotations

import json
import threading
import time
from collections import deque
from typing import Any

import httpx

from ..testpress.webhooks import sign_exam_event

__all__ = ["WebhookSender"]

DELIVERY_TIMEOUT = 10.0  # seconds per POST


class WebhookSender:
    """Delivers signed exam events to one URL (made by `FakeTestpress.send_webhooks`).

    Attributes:
        url: where the events are POSTed.
        public_key: the ``key`` every event carries.
        delivered: ``(event body, HTTP status)`` of every event POSTed, in order.
        failures: a line for every event that could not be POSTed (connection refused...).
    """

    def __init__(self, url: str, *, private_key: str, public_key: str) -> None:
        target = httpx.URL(url)
        if target.scheme not in ("http", "https") or not target.host:
            raise ValueError(f"url must be an http(s) URL, not {url!r}")
        if not private_key or not public_key:
            raise ValueError("private_key and public_key must not be empty")
        self.url = url
        self.public_key = public_key
        self._private_key = private_key
        self.delivered: list[tuple[dict[str, Any], int]] = []
        self.failures: list[str] = []
        self._queue: deque[dict[str, Any]] = deque()
        self._busy = 0  # events queued or being POSTed
        self._closed = False
        self._changed = threading.Condition()
        self._client = httpx.Client(timeout=DELIVERY_TIMEOUT, follow_redirects=False)
        self._thread = threading.Thread(target=self._run, name="fake-testpress-webhooks")
        self._thread.daemon = True
        self._thread.start()

    def __repr__(self) -> str:  # the private key stays out
        return f"WebhookSender(url={self.url!r}, delivered={len(self.delivered)})"

    def send(self, body: dict[str, Any]) -> None:
        """Sign an exam event body and queue it (returns at once)."""
        signature = sign_exam_event(body, private_key=self._private_key)
        signed = {}
        for key, value in body.items():  # "hash" where the documented examples have it
            signed[key] = value
            if key == "accuracy":
                signed["hash"] = signature
        signed.setdefault("hash", signature)
        with self._changed:
            if self._closed:
                return
            self._queue.append(signed)
            self._busy += 1
            self._changed.notify_all()

    def wait(self, timeout: float = 5.0) -> bool:
        """Wait until every event queued so far was POSTed (or failed); False on timeout."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while self._busy:
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self._changed.wait(left)
        return True

    def close(self) -> None:
        """Stop: events not yet POSTed are dropped."""
        with self._changed:
            self._closed = True
            self._busy -= len(self._queue)
            self._queue.clear()
            self._changed.notify_all()
        self._thread.join(timeout=DELIVERY_TIMEOUT + 1)
        self._client.close()

    def _run(self) -> None:
        while True:
            with self._changed:
                while not self._queue and not self._closed:
                    self._changed.wait()
                if self._closed:
                    return
                body = self._queue.popleft()
            self._post(body)
            with self._changed:
                self._busy -= 1
                self._changed.notify_all()

    def _post(self, body: dict[str, Any]) -> None:
        content = json.dumps(body).encode()
        try:
            response = self._client.post(
                self.url, content=content, headers={"Content-Type": "application/json"}
            )
        except httpx.HTTPError as exc:
            self.failures.append(f"event {body['attempt_state']} of {body['attempt_id']}: {exc}")
            return
        self.delivered.append((body, response.status_code))
