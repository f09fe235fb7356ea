"""The generic clients: configuration, one ``_call`` and one ``_paginate``, context managers.

A provider client subclasses `SyncAPIClient` or `AsyncAPIClient`, sets ``_provider`` and writes
one short method per endpoint that passes its arguments to ``_call`` / ``_paginate`` with the
endpoint's declaration. Everything that is not sending lives in `_ClientCore`, shared by both.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping, Sequence
from functools import cached_property, partial
from types import TracebackType
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

import httpx

from ._cache import ResponseCache
from ._config import DEFAULT, ClientConfig, ProviderSpec, resolve_config
from ._decoding import decode_list, decode_model
from ._errors import ConfigurationError, DecodeError
from ._join import apply_joins
from ._json import JSONValue, loads, safe_text
from ._limits import DEFAULT_DEADLINE, DEFAULT_MAX_RESPONSE_SIZE
from ._models import Model
from ._options import RequestOptions, WithOptions, call_config, copy_config
from ._pagination import AsyncPaginator, PageWalk, Paginator
from ._ratelimit import RateLimiter
from ._request import Endpoint, ListEndpoint, build_request
from ._response import APIResponse
from ._transport import AsyncShell, SyncShell

if TYPE_CHECKING:
    from typing_extensions import Self, Unpack

__all__ = [
    "AsyncAPIClient",
    "AsyncClientOptions",
    "ClientOptions",
    "RequestOptions",
    "SyncAPIClient",
    "SyncClientOptions",
    "WithOptions",
]

M = TypeVar("M", bound=Model)
_C = TypeVar("_C", bound="_ClientCore")
_S = TypeVar("_S", bound="SyncAPIClient")
_A = TypeVar("_A", bound="AsyncAPIClient")


class ClientOptions(WithOptions, total=False):
    """Constructor keywords every client takes (all optional).

    timeout: seconds or an `httpx.Timeout` (default 30 s, 5 s to connect).
    max_retries: retries after the first attempt (default 2; 0 turns retries off).
    retry_policy: a `RetryPolicy` replacing the default one (overrides ``max_retries``).
    headers: extra headers sent with every request.
    strict: raise `DecodeError` on the first value that cannot be parsed (default False).
    auth: an `httpx.Auth` replacing the provider's default ``Authorization`` header.
    allow_insecure_http: allow a plain ``http://`` base URL to a host that is not loopback
        (refused by default, so credentials never travel in clear text).
    cache: HTTP caching of GET responses (RFC 9111): ``True`` keeps them in memory, private
        to this client; ``False`` turns caching off; a synchronous hishel storage (e.g.
        ``hishel.SqliteStorage()``) keeps them there, across clients and runs, each
        credential's entries apart. A stored response is revalidated with ``If-None-Match`` /
        ``If-Modified-Since`` (a ``304`` returns it) unless the server gave it a lifetime.
        Default: on for Indeed, whose docs require it; off for the others.
    rate_limit: at most this many requests per second (a number > 0; ``None``: no limit),
        every request sent counting, retries included, across the threads or tasks using
        this client. Default: 1 for Indeed (its documented limit per API key), 2 for
        Thought Industries (the Standard plan's 120 a minute); none for the others.
    max_response_size: the most bytes of a response body, counted after decompression
        (default 64 MiB; ``None``: no limit). A larger body raises `ResponseTooLargeError`,
        never retried; memory stays bounded by about this much, whatever the encoding.
    deadline: the most seconds one call may take in all: every attempt, every backoff wait
        and the whole body read (default 120; ``None``: none). Past it, `APITimeoutError`.
        For list methods it bounds each page's fetch.
    """

    auth: httpx.Auth
    allow_insecure_http: bool


class SyncClientOptions(ClientOptions, total=False):
    """`ClientOptions`, plus ``http_client`` (an `httpx.Client` you own and close) or
    ``transport`` (e.g. `httpx.MockTransport`)."""

    http_client: httpx.Client
    transport: httpx.BaseTransport


class AsyncClientOptions(ClientOptions, total=False):
    """`ClientOptions`, plus ``http_client`` (an `httpx.AsyncClient` you own and close) or
    ``transport`` (e.g. `httpx.MockTransport`)."""

    http_client: httpx.AsyncClient
    transport: httpx.AsyncBaseTransport


_OPTION_NAMES = frozenset(RequestOptions.__annotations__)
"""The keywords of every client method that are `RequestOptions`, not the endpoint's."""

_HTTPX_DEFAULT_TIMEOUT = httpx.Timeout(5.0)


def _injected_timeout(http_client: httpx.Client | httpx.AsyncClient | None) -> httpx.Timeout | None:
    """The timeout of an ``http_client`` you passed in, unless it is httpx's own default:
    a client configured on purpose keeps its timeout (as in openai-python)."""
    if http_client is None or http_client.timeout == _HTTPX_DEFAULT_TIMEOUT:
        return None
    return http_client.timeout


def _services(config: ClientConfig) -> tuple[ResponseCache | None, RateLimiter | None]:
    """The stateful services one client's configuration asks for: its response cache (its
    storage opened on first use) and its rate limiter. Each client has its own."""
    cache = None
    if config.cache is not False:
        cache = ResponseCache(
            storage=None if config.cache is True else config.cache,
            identity=config.cache_scope,
            redact=config.redact,
        )
    limiter = None if config.rate_limit is None else RateLimiter(config.rate_limit)
    return cache, limiter


class _ClientCore:
    """Configuration, request building and decoding: everything but the I/O."""

    _cache: ResponseCache | None
    _rate_limiter: RateLimiter | None
    _shell: SyncShell | AsyncShell

    _provider: ClassVar[ProviderSpec]

    def _setup(
        self,
        *,
        base_url: str | httpx.URL | None,
        credential: str | None,
        options: Mapping[str, Any],
        anonymous: bool = False,
        extra_secrets: Sequence[str] = (),
    ) -> None:
        """Resolve the configuration, then open the HTTP client (`_open`)."""
        unknown = set(options) - set(SyncClientOptions.__annotations__)
        if unknown:
            raise TypeError(f"unexpected keyword argument(s): {', '.join(sorted(unknown))}")
        if options.get("http_client") is not None and options.get("transport") is not None:
            raise ConfigurationError(
                f"{self._provider.name}: pass http_client= or transport=, not both"
            )
        self._config: ClientConfig = resolve_config(
            self._provider,
            base_url=base_url,
            credential=credential,
            auth=options.get("auth"),
            timeout=options.get("timeout", _injected_timeout(options.get("http_client"))),
            max_retries=options.get("max_retries", 2),
            retry_policy=options.get("retry_policy"),
            headers=options.get("headers"),
            strict=options.get("strict", False),
            anonymous=anonymous,
            extra_secrets=extra_secrets,
            allow_insecure_http=options.get("allow_insecure_http", False),
            cache=options.get("cache", DEFAULT),
            rate_limit=options.get("rate_limit", DEFAULT),
            max_response_size=options.get("max_response_size", DEFAULT_MAX_RESPONSE_SIZE),
            deadline=options.get("deadline", DEFAULT_DEADLINE),
        )
        self._cache, self._rate_limiter = _services(self._config)
        self._owns_http_client = options.get("http_client") is None
        self._owns_cache = True
        self._raw = False
        self._open(options.get("http_client"), options.get("transport"))

    def _open(self, http_client: Any, transport: Any) -> None:
        raise NotImplementedError

    @classmethod
    def _anonymous(
        cls: type[_C],
        base_url: str | httpx.URL | None,
        options: Mapping[str, Any],
        secrets: Sequence[str],
    ) -> _C:
        """An instance that sends no credential (to obtain one), sharing ``options``."""
        client = cls.__new__(cls)
        client._setup(
            base_url=base_url,
            credential=None,
            options=options,
            anonymous=True,
            extra_secrets=secrets,
        )
        return client

    def _close_cache(self) -> None:
        if self._cache is not None and self._owns_cache:
            self._cache.close()

    def _clone(self) -> Self:
        """A shallow copy that owns nothing it shares (connections, cache), with its namespaces
        (``cached_property`` values such as ``admin``) bound to it afresh."""
        clone = copy.copy(self)
        for cls in type(self).__mro__:
            for name, value in vars(cls).items():
                if isinstance(value, cached_property):
                    clone.__dict__.pop(name, None)
        clone._owns_http_client = False
        clone._owns_cache = False
        return clone

    def with_options(self, **options: Unpack[WithOptions]) -> Self:
        """A client with some options changed (``timeout``, ``max_retries``, ``retry_policy``,
        ``headers`` (added to this client's), ``strict``, ``cache``, ``rate_limit``,
        ``max_response_size``, ``deadline``: see `WithOptions`) and everything else as this
        one's. It shares this client's connection pool, and its cache and rate limiter unless
        ``cache`` / ``rate_limit`` is given. Closing it does not close what it shares: this
        client goes on working.

        Raises:
            TypeError / ValueError: an unknown option, or a value of the wrong type or range.
        """
        clone = self._clone()
        clone._config = copy_config(self._config, options)
        cache, limiter = _services(clone._config)
        if "cache" in options:
            clone._owns_cache = True
        else:
            cache = self._cache
        if "rate_limit" not in options:
            limiter = self._rate_limiter
        clone._cache, clone._rate_limiter = cache, limiter
        clone._open(self._shell.client, None)  # a shell of its own, on the same connections
        return clone

    def _raw_mode(self) -> Self:
        """This client, whose single-record calls return their `APIResponse` (the target of
        ``with_raw_response``)."""
        clone = self._clone()
        clone._raw = True
        return clone

    @property
    def base_url(self) -> httpx.URL:
        """The base URL requests are sent under."""
        return self._config.base_url

    def __repr__(self) -> str:
        return f"{type(self).__name__}(base_url={str(self._config.base_url)!r})"

    def _call_config(self, args: dict[str, object]) -> ClientConfig:
        """The configuration of one call: this client's, changed by the `RequestOptions` among
        the method's keyword arguments ``args`` (taken out of it)."""
        if _OPTION_NAMES.isdisjoint(args):
            return self._config
        options = {name: args.pop(name) for name in _OPTION_NAMES.intersection(args)}
        return call_config(self._config, options)

    def _answer(self, endpoint: Endpoint[M], config: ClientConfig, response: httpx.Response) -> M:
        """The model a call returns; in raw mode (``with_raw_response``), its `APIResponse`,
        which decodes on ``parse()``."""
        if self._raw:
            raw = APIResponse(response, partial(self._decode, endpoint, config))
            return raw  # type: ignore[return-value]  # the raw view's methods say APIResponse[M]
        return self._decode(endpoint, config, response)

    def _decode(self, endpoint: Endpoint[M], config: ClientConfig, response: httpx.Response) -> M:
        name = config.provider.name
        try:
            body: JSONValue = loads(response.content)
        except ValueError:
            raise DecodeError(
                f"{name}: the response is not JSON",
                raw=safe_text(response.content),
                request=response.request,
                provider=name,
            ) from None
        path = ""
        if endpoint.envelope is not None:
            if not isinstance(body, dict) or endpoint.envelope not in body:
                raise DecodeError(
                    f"{name}: the response has no {endpoint.envelope!r} object",
                    request=response.request,
                    provider=name,
                )
            body, path = body[endpoint.envelope], endpoint.envelope
        try:
            return decode_model(
                endpoint.model,
                body,
                provider=name,
                strict=config.strict,
                path=path,
                redact=config.redact,
            )
        except DecodeError as exc:
            exc.request = response.request
            raise

    def _walk_starter(
        self, endpoint: ListEndpoint[M], config: ClientConfig, args: Mapping[str, object]
    ) -> Callable[[], PageWalk[M]]:
        first = build_request(config, endpoint, args)  # arguments checked now, not when iterated
        item = endpoint.model

        def decode(items: list[JSONValue], path: str, item_key: str | None) -> list[M]:
            return decode_list(
                item,
                items,
                provider=config.provider.name,
                strict=config.strict,
                path=path,
                item_key=item_key,
                redact=config.redact,
            )

        def related(model: type[Model], raw: list[JSONValue], path: str) -> list[Model]:
            return decode_list(
                model,
                raw,
                provider=config.provider.name,
                strict=config.strict,
                path=path,
                redact=config.redact,
            )

        joins = endpoint.joins

        def join(items: list[M], body: JSONValue) -> None:
            apply_joins(items, body, joins, related, provider=config.provider.name)

        walk_join = join if joins else None
        return lambda: PageWalk(first, endpoint.paging, decode, config, join=walk_join)


class SyncAPIClient(_ClientCore):
    """Base of the sync provider clients: their ``__init__`` calls ``_setup``."""

    _shell: SyncShell

    def _open(
        self, http_client: httpx.Client | None, transport: httpx.BaseTransport | None
    ) -> None:
        if http_client is None:
            http_client = httpx.Client(transport=transport, timeout=self._config.timeout)
        self._shell = SyncShell(http_client, self._config, self._cache, self._rate_limiter)

    def _call(self, endpoint: Endpoint[M], /, **args: object) -> M:
        config = self._call_config(args)
        request = build_request(config, endpoint, args)
        return self._answer(endpoint, config, self._shell.send(request, config=config))

    def _paginate(self, endpoint: ListEndpoint[M], /, **args: object) -> Paginator[M]:
        config = self._call_config(args)
        send = partial(self._shell.send, config=config)
        return Paginator(self._walk_starter(endpoint, config, args), send)

    def close(self) -> None:
        """Close the HTTP connections (not those of an ``http_client`` you passed in) and drop
        the in-memory cache. Any later call, or page of a paginator made before, raises
        `ClientClosedError`."""
        self._shell.closed = True
        self._close_cache()
        if self._owns_http_client:
            self._shell.client.close()

    def __enter__(self: _S) -> _S:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


class AsyncAPIClient(_ClientCore):
    """Base of the async provider clients: their ``__init__`` calls ``_setup``."""

    _shell: AsyncShell

    def _open(
        self, http_client: httpx.AsyncClient | None, transport: httpx.AsyncBaseTransport | None
    ) -> None:
        if http_client is None:
            http_client = httpx.AsyncClient(transport=transport, timeout=self._config.timeout)
        self._shell = AsyncShell(http_client, self._config, self._cache, self._rate_limiter)

    async def _call(self, endpoint: Endpoint[M], /, **args: object) -> M:
        config = self._call_config(args)
        request = build_request(config, endpoint, args)
        return self._answer(endpoint, config, await self._shell.send(request, config=config))

    def _paginate(self, endpoint: ListEndpoint[M], /, **args: object) -> AsyncPaginator[M]:
        config = self._call_config(args)
        send = partial(self._shell.send, config=config)
        return AsyncPaginator(self._walk_starter(endpoint, config, args), send)

    async def aclose(self) -> None:
        """Close the HTTP connections (not those of an ``http_client`` you passed in) and drop
        the in-memory cache. Any later call, or page of a paginator made before, raises
        `ClientClosedError`."""
        self._shell.closed = True
        self._close_cache()
        if self._owns_http_client:
            await self._shell.client.aclose()

    async def close(self) -> None:
        """Same as `aclose`."""
        await self.aclose()

    async def __aenter__(self: _A) -> _A:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()
