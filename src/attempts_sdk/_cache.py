"""HTTP caching (RFC 9111) with hishel's sans-I/O state machine, inside the request flow.

`ResponseCache.exchange` wraps the retrying send of ``_exchange.exchange``. It asks hishel's
`IdleClient` what to do with a request: serve a stored response, revalidate it (the same
request with ``If-None-Match`` / ``If-Modified-Since``), or send it as it is. It sends through
the wrapped generator and feeds the answer back to the state machine until it settles. Both
shells drive it unchanged, so the sync and async clients cache alike, and retries, redirects,
timeouts and the rate limit apply to every request the cache sends.

What the SDK adds to RFC 9111, and why:

- A private cache, for GET only. A client holds one credential, so ``Authorization`` does not
  stop storing, but it is never written to the storage, and entries are keyed by a hash of
  the credential and the URL: clients sharing one storage never see each other's entries.
- No heuristic freshness. A stored response is used without asking the server only when the
  server gave it a lifetime (``max-age`` or ``Expires``); otherwise every use is revalidated.
  (An attempt's status and score change at any moment; RFC 9111 would allow serving it for
  10% of its age since ``Last-Modified``.)
- Errors are never stored: a 4xx or 5xx raises in ``exchange`` before it reaches the cache, so
  a failed revalidation leaves the stored entry as it was.
- A response that has neither a validator (``ETag``, ``Last-Modified``) nor a lifetime is not
  stored: it could never be used again.
- A response without ``Date`` gets one when it arrives (RFC 9110 §6.6.1), so ``max-age``
  counts from then.

hishel is imported on first use, so that ``import attempts_sdk`` stays fast.
"""

from __future__ import annotations

import hashlib
import logging
import threading
import uuid
import weakref
from collections.abc import Callable, Generator, Iterable
from email.utils import formatdate
from typing import TYPE_CHECKING

import httpx

if TYPE_CHECKING:
    import hishel

    from ._exchange import Action, Outcome

__all__ = ["MEMORY_LIMIT", "ResponseCache", "cache_identity"]

logger = logging.getLogger("attempts_sdk")

MEMORY_LIMIT = 32 * 1024 * 1024
"""Bytes the default in-memory storage of one client may hold; beyond it, new responses are
not stored."""

VALIDATORS = ("if-none-match", "if-modified-since")

Flow = Generator["Action", "Outcome", httpx.Response]


def cache_identity(credential: str | None, custom_auth: bool) -> str:
    """What the cache keys are scoped to: a hash of the credential; for a custom ``auth=``
    (whose identity the SDK cannot see), a random value, so entries stay with that client."""
    if custom_auth:
        return f"client:{uuid.uuid4().hex}"
    if credential is None:
        return "anonymous"
    # surrogatepass: any str hashes (a credential is checked where it is sent, not here)
    text = f"attempts-sdk\0{credential}".encode("utf-8", "surrogatepass")
    return "credential:" + hashlib.sha256(text).hexdigest()


class ResponseCache:
    """The cache of one client: a hishel storage and the identity its keys are scoped to.

    Args:
        storage: a synchronous hishel storage (e.g. ``hishel.SqliteStorage``), or None for a
            private in-memory one (`MEMORY_LIMIT` bytes), made on first use.
        identity: from `cache_identity`.
        redact: removes secrets from the URLs it logs.
    """

    def __init__(
        self,
        *,
        storage: hishel.BaseStorage | None,
        identity: str,
        redact: Callable[[str], str] = str,
    ) -> None:
        self._storage = storage
        self._redact = redact
        self._owns_storage = storage is None
        self._identity = identity
        self._lock = threading.Lock()
        self._release: weakref.finalize[[], ResponseCache] | None = None

    def __repr__(self) -> str:
        kind = "memory" if self._owns_storage else type(self._storage).__name__
        return f"ResponseCache(storage={kind})"

    def storage(self) -> hishel.BaseStorage:
        """The storage (the in-memory one is made on first use)."""
        with self._lock:
            if self._storage is None:
                self._storage = _memory_storage()
                # a client that is never closed still closes its database when collected
                self._release = weakref.finalize(self, self._storage.close)
            return self._storage

    def close(self) -> None:
        """Drop the in-memory storage (a storage you passed in stays open: you close it)."""
        with self._lock:
            if self._release is not None:
                self._release()
                self._release, self._storage = None, None

    def _url(self, request: httpx.Request) -> str:
        return self._redact(str(request.url))

    def key(self, url: httpx.URL) -> str:
        """The storage key of ``url`` for this client's identity (any method, so that an
        unsafe request finds the entries it invalidates)."""
        return hashlib.sha256(f"{self._identity}\n{url}".encode()).hexdigest()

    def exchange(self, request: httpx.Request, send: Callable[[httpx.Request], Flow]) -> Flow:
        """Answer ``request`` from the cache or through ``send``, per RFC 9111. No I/O but the
        storage's: yields ``send``'s actions; raises what ``send`` raises, leaving the stored
        entries as they were."""
        import hishel

        storage = self.storage()
        key = self.key(request.url)
        asked = _internal_request(request)
        entries = storage.get_entries(key)
        if not all(_has_lifetime(entry.response.headers) for entry in entries):
            asked = _no_cache(asked)  # no heuristic freshness: revalidate
        state: hishel.AnyState = hishel.IdleClient(options=_options()).next(asked, entries)
        replaced: list[uuid.UUID] = []
        response: httpx.Response | None = None
        while True:
            if isinstance(state, hishel.CacheMiss | hishel.NeedRevalidation):
                if isinstance(state, hishel.NeedRevalidation):
                    replaced = [entry.id for entry in state.revalidating_entries]
                    logger.debug("%s %s: revalidating", request.method, self._url(request))
                response = yield from send(_with_validators(request, state.request))
                state = state.next(_internal_response(response))
            elif isinstance(state, hishel.InvalidateEntries):
                for entry_id in state.entry_ids:
                    storage.remove_entry(entry_id)
                state = state.next()
            elif isinstance(state, hishel.NeedToBeUpdated):
                for entry in state.updating_entries:
                    storage.update_headers(entry.id, entry.response.headers)
                state = state.next()
            elif isinstance(state, hishel.FromCache):
                logger.debug("%s %s: from the cache", request.method, self._url(request))
                return _from_entry(state.entry, request)
            else:
                assert response is not None  # StoreAndUse, CouldNotBeStored: a response came
                for entry_id in replaced:  # a full answer to a revalidation replaces them
                    storage.remove_entry(entry_id)
                if isinstance(state, hishel.StoreAndUse) and _reusable(state.response):
                    stored = _internal_request(request, keep=_vary(state.response.headers))
                    entry = storage.create_entry(stored, state.response, key)
                    _read(entry.response.stream)  # storages save the body as it is read
                return response


def _memory_storage() -> hishel.BaseStorage:
    import sqlite3

    import hishel

    # ":memory:" is one private database per connection; the storage locks around every use.
    connection = sqlite3.connect(":memory:", check_same_thread=False)
    return hishel.SqliteStorage(connection=connection, max_size=MEMORY_LIMIT)


def _options() -> hishel.CacheOptions:
    import hishel

    return hishel.CacheOptions(shared=False, supported_methods=["GET"], allow_stale=False)


def _header_lists(headers: httpx.Headers, keep: Callable[[str], bool]) -> dict[str, list[str]]:
    grouped: dict[str, list[str]] = {}
    for name, value in headers.multi_items():
        if keep(name.lower()):
            grouped.setdefault(name.lower(), []).append(value)
    return grouped


def _internal_request(
    request: httpx.Request, keep: Callable[[str], bool] = lambda name: True
) -> hishel.Request:
    """The request as hishel sees it, never with its credential (``keep`` picks the headers
    to store with an entry: those its response varies on)."""
    import hishel

    headers = _header_lists(request.headers, lambda name: name != "authorization" and keep(name))
    return hishel.Request(
        method=request.method, url=str(request.url), headers=hishel.Headers(headers)
    )


def _no_cache(request: hishel.Request) -> hishel.Request:
    import hishel

    headers = {name: request.headers.get_list(name) or [] for name in request.headers}
    headers["cache-control"] = [*headers.get("cache-control", []), "no-cache"]
    return hishel.Request(method=request.method, url=request.url, headers=hishel.Headers(headers))


def _internal_response(response: httpx.Response) -> hishel.Response:
    """A response as hishel stores it: the decoded body, headers describing it, a ``Date``."""
    import hishel

    dropped = ("transfer-encoding", "content-encoding", "content-length")
    headers = _header_lists(response.headers, lambda name: name not in dropped)
    headers["content-length"] = [str(len(response.content))]  # not copied from a 304's
    headers.setdefault("date", [formatdate(usegmt=True)])
    return hishel.Response(
        status_code=response.status_code,
        headers=hishel.Headers(headers),
        stream=iter([response.content]),
    )


def _with_validators(request: httpx.Request, wanted: hishel.Request) -> httpx.Request:
    """``request``, with the validators the state machine put on ``wanted`` (and nothing else
    of it: the ``no-cache`` it was asked with is not for the server)."""
    validators = {name: wanted.headers[name] for name in VALIDATORS if name in wanted.headers}
    if not validators:
        return request
    headers = httpx.Headers(request.headers)
    headers.update(validators)
    return httpx.Request(
        request.method, request.url, headers=headers, extensions=request.extensions
    )


def _from_entry(entry: hishel.Entry, request: httpx.Request) -> httpx.Response:
    headers = entry.response.headers
    return httpx.Response(
        entry.response.status_code,
        headers=[(name, value) for name in headers for value in headers.get_list(name) or []],
        content=_read(entry.response.stream),
        request=request,
    )


def _read(stream: object) -> bytes:
    if stream is None:
        return b""
    if not isinstance(stream, Iterable):
        raise TypeError("cache= takes a synchronous hishel storage (hishel.BaseStorage)")
    return b"".join(stream)


def _directives(headers: hishel.Headers) -> set[str]:
    value = headers.get("cache-control") or ""
    return {part.split("=", 1)[0].strip().lower() for part in value.split(",")}


def _has_lifetime(headers: hishel.Headers) -> bool:
    """Whether the server said how long the response stays fresh (``s-maxage`` is for shared
    caches only)."""
    return "max-age" in _directives(headers) or "expires" in headers


def _reusable(response: hishel.Response) -> bool:
    """Worth storing: a success that can be revalidated or has a lifetime."""
    headers = response.headers
    validated = "etag" in headers or "last-modified" in headers
    return 200 <= response.status_code < 300 and (validated or _has_lifetime(headers))


def _vary(headers: hishel.Headers) -> Callable[[str], bool]:
    names = {name.strip().lower() for name in (headers.get("vary") or "").split(",")}
    return lambda name: name in names
