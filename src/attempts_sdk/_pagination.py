"""Pagination: three strategies behind one interface, a pure walker, and two thin drivers.

A strategy knows one envelope and how to ask for the next page; it does no I/O:

* `NextUrl` follows a ``next`` link (Testpress, DRF), only within the base URL's origin;
* `PageNumber` counts ``page`` up (Indeed ``page``/``per``, CleverLMS ``page``/``perPage``);
* `Cursor` passes a cursor back (Thought Industries, both of its documented envelopes).

`PageWalk` holds the state of one walk (which URLs were asked for, the previous page) and turns
responses into `Page` objects. `Paginator` and `AsyncPaginator` only send and loop.
"""

from __future__ import annotations

import contextlib
import threading
from collections import deque
from collections.abc import (
    AsyncGenerator,
    AsyncIterator,
    Awaitable,
    Callable,
    Generator,
    Iterable,
    Iterator,
    Sequence,
)
from typing import TYPE_CHECKING, Any, Generic, Protocol, TypeVar, overload

import attrs
import httpx

from ._config import same_origin
from ._errors import DecodeError, PaginationError
from ._json import JSONValue, gc_paused, loads, safe_text
from ._record import Record

if TYPE_CHECKING:
    from ._config import ClientConfig

__all__ = [
    "AsyncPaginator",
    "Cursor",
    "NextUrl",
    "Page",
    "PageData",
    "PageNumber",
    "PagePlan",
    "PageWalk",
    "Paginator",
    "PagingStrategy",
    "RateLimitInfo",
]

T = TypeVar("T")
U = TypeVar("U")
DEFAULT_MAX_PAGES = 100_000
BULK_BYTES = 64 * 1024  # pages from this size on are parsed and decoded with the GC paused


class PageData(Record):
    """What a strategy read from one page: raw items, the total if reported, the next request."""

    __slots__ = ("item_key", "items", "items_path", "next_request", "total")
    items: list[JSONValue]
    items_path: str
    total: int | None
    next_request: httpx.Request | None
    item_key: str | None

    def __init__(
        self,
        *,
        items: list[JSONValue],
        items_path: str,
        total: int | None,
        next_request: httpx.Request | None,
        item_key: str | None = None,
    ) -> None:
        self._set(
            items=items,
            items_path=items_path,
            total=total,
            next_request=next_request,
            item_key=item_key,
        )


class PagingStrategy(Protocol):
    """Reads one provider's list envelope and builds the request for the next page."""

    def first_request(self, request: httpx.Request) -> httpx.Request: ...

    def read(self, body: JSONValue, request: httpx.Request, config: ClientConfig) -> PageData: ...

    def plan(self, body: JSONValue, request: httpx.Request, data: PageData) -> PagePlan | None:
        """The requests of every page after this one, when the envelope tells how many pages
        there are and how to ask for page N; None when it does not (the walk then goes on one
        page at a time)."""
        ...


def _page_count(total: int | None, size: int | None) -> int | None:
    """The number of pages of ``total`` items, ``size`` a page; None when either is unknown."""
    if total is None or size is None or total < 0 or size <= 0:
        return None
    return -(-total // size)


class PagePlan(Record):
    """Requests for numbered pages, built on demand: ``url`` with ``param`` set to each number
    of ``numbers`` (a server's page count can be huge; nothing is built for it up front)."""

    __slots__ = ("numbers", "param", "request", "url")
    request: httpx.Request
    url: httpx.URL
    param: str
    numbers: range

    def __init__(self, request: httpx.Request, url: httpx.URL, param: str, numbers: range) -> None:
        self._set(request=request, url=url, param=param, numbers=numbers)

    def __len__(self) -> int:
        return len(self.numbers)

    def __iter__(self) -> Iterator[httpx.Request]:
        for number in self.numbers:
            yield with_url(self.request, self.url.copy_set_param(self.param, number))


def _int_text(text: str) -> int | None:
    """A page number or size from a query string, or None."""
    if not (text.isascii() and text.isdigit()) or len(text) > 18:
        return None
    return int(text)


def _envelope_error(config: ClientConfig, request: httpx.Request, what: str) -> DecodeError:
    return DecodeError(
        f"{config.provider.name}: the response is not the documented list envelope: {what}",
        request=request,
        provider=config.provider.name,
    )


def _dig(body: JSONValue, path: Sequence[str]) -> JSONValue:
    for key in path:
        if not isinstance(body, dict):
            return None
        body = body.get(key)
    return body


def _list_at(
    body: JSONValue, path: Sequence[str], config: ClientConfig, request: httpx.Request
) -> list[JSONValue]:
    items = _dig(body, path)
    if items is None:
        return []
    if not isinstance(items, list):
        raise _envelope_error(config, request, f"{'.'.join(path)} is not a list")
    return items


def _int_at(body: JSONValue, path: Sequence[str]) -> int | None:
    value = _dig(body, path)
    if isinstance(value, bool) or not isinstance(value, int):
        return None
    return value


def with_url(request: httpx.Request, url: httpx.URL) -> httpx.Request:
    """The same request (method, headers, timeout) sent to another URL."""
    return httpx.Request(
        request.method,
        url,
        headers=request.headers,
        content=request.content,
        extensions=request.extensions,
    )


class NextUrl(Record):
    """``{"count", "next", "results": [...]}``: the next page is the ``next`` URL, as given
    (it carries the filters). A link to another origin is refused."""

    __slots__ = ("count", "items", "next", "page_param", "per_page")
    items: str
    next: str
    count: str
    per_page: str
    page_param: str

    def __init__(
        self,
        *,
        items: str = "results",
        next: str = "next",
        count: str = "count",
        per_page: str = "per_page",
        page_param: str = "page",
    ) -> None:
        self._set(items=items, next=next, count=count, per_page=per_page, page_param=page_param)

    def first_request(self, request: httpx.Request) -> httpx.Request:
        return request

    def plan(self, body: JSONValue, request: httpx.Request, data: PageData) -> PagePlan | None:
        """Testpress (DRF) pages are ``?page=N``: when the ``next`` link is this page's URL with
        ``page`` one up, and ``count`` and ``per_page`` are given, every page can be asked for."""
        if data.next_request is None or not isinstance(body, dict):
            return None
        current = _int_text(request.url.params.get(self.page_param, "1"))
        pages = _page_count(data.total, _int_at(body, (self.per_page,)))
        if current is None or pages is None:
            return None
        next_url = data.next_request.url
        if next_url != request.url.copy_set_param(self.page_param, current + 1):
            return None  # the server pages some other way: follow its links
        return PagePlan(request, next_url, self.page_param, range(current + 1, pages + 1))

    def read(self, body: JSONValue, request: httpx.Request, config: ClientConfig) -> PageData:
        if not isinstance(body, dict) or not isinstance(body.get(self.items), list):
            raise _envelope_error(config, request, f"no {self.items!r} list")
        link = body.get(self.next)
        next_request = None
        if link is not None:
            if not isinstance(link, str) or not link.strip():
                raise _envelope_error(config, request, f"{self.next!r} is not a URL")
            try:
                url = request.url.join(link)
            except (httpx.InvalidURL, UnicodeError):
                raise _envelope_error(config, request, f"{self.next!r} is not a URL") from None
            if not same_origin(url, config.base_url):
                raise PaginationError(
                    f"{config.provider.name}: refusing to follow a next link to another origin "
                    f"({url.scheme}://{url.host}); the base URL is "
                    f"{config.base_url.scheme}://{config.base_url.host}",
                    request=request,
                    provider=config.provider.name,
                )
            next_request = with_url(request, url)
        return PageData(
            items=body[self.items],  # type: ignore[arg-type]
            items_path=self.items,
            total=_int_at(body, (self.count,)),
            next_request=next_request,
        )


class PageNumber(Record):
    """Page-number pagination. Stops at an empty page, at a page shorter than the page size
    that was asked for, or at the last page the server reports.

    Attributes:
        page_param / size_param: the query parameter names (``page``, ``per`` or ``perPage``).
        items: the path of the item list in the body.
        item_key: each item is wrapped as ``{item_key: {...}}`` (Indeed) when set.
        total_pages / total_count: paths of the reported page count / item count, if any.
    """

    __slots__ = (
        "first_page",
        "item_key",
        "items",
        "page_param",
        "size_param",
        "total_count",
        "total_pages",
    )
    page_param: str
    size_param: str
    items: tuple[str, ...]
    item_key: str | None
    total_pages: tuple[str, ...] | None
    total_count: tuple[str, ...] | None
    first_page: int

    def __init__(
        self,
        *,
        page_param: str = "page",
        size_param: str = "per_page",
        items: tuple[str, ...] = ("results",),
        item_key: str | None = None,
        total_pages: tuple[str, ...] | None = None,
        total_count: tuple[str, ...] | None = None,
        first_page: int = 1,
    ) -> None:
        self._set(
            page_param=page_param,
            size_param=size_param,
            items=items,
            item_key=item_key,
            total_pages=total_pages,
            total_count=total_count,
            first_page=first_page,
        )

    def first_request(self, request: httpx.Request) -> httpx.Request:
        return with_url(request, request.url.copy_set_param(self.page_param, self.first_page))

    def read(self, body: JSONValue, request: httpx.Request, config: ClientConfig) -> PageData:
        if not isinstance(body, dict):
            raise _envelope_error(config, request, "the body is not an object")
        items = _list_at(body, self.items, config, request)
        page = int(request.url.params[self.page_param])
        size_text = request.url.params.get(self.size_param)
        size = int(size_text) if size_text and size_text.isdigit() else None
        pages = _int_at(body, self.total_pages) if self.total_pages else None
        last = (
            not items
            or (size is not None and len(items) < size)
            or (pages is not None and page >= pages)
        )
        next_request = (
            None
            if last
            else with_url(request, request.url.copy_set_param(self.page_param, page + 1))
        )
        return PageData(
            items=items,
            items_path=".".join(self.items),
            total=_int_at(body, self.total_count) if self.total_count else None,
            next_request=next_request,
            item_key=self.item_key,
        )

    def plan(self, body: JSONValue, request: httpx.Request, data: PageData) -> PagePlan | None:
        """Every later page, when the body reports the page count (Indeed ``meta.pages``) or
        the item count and the page size is known."""
        if data.next_request is None:
            return None
        page = int(request.url.params[self.page_param])
        pages = _int_at(body, self.total_pages) if self.total_pages else None
        if pages is None:
            size = _int_text(request.url.params.get(self.size_param, ""))
            pages = _page_count(data.total, size)
        if pages is None:
            return None
        return PagePlan(request, request.url, self.page_param, range(page + 1, pages + 1))


class Cursor(Record):
    """Cursor pagination; accepts every envelope Thought Industries documents or sends:

    * nested: ``{"data": {container: {"pageInfo": {"cursor", "hasMore", "total"}, items: [...]}}}``
    * flat: ``{"data": [...], "meta": {"nextCursor", "totalCount"}}``
    * top level, when ``top_level`` is set: ``{items: [...], "pageInfo": {"cursor", "hasMore"}}``
      (the events pages of the pagination docs, and what real extractors read)

    Goes on while a next cursor is given (and ``hasMore`` is not false), past empty pages.
    """

    __slots__ = ("container", "flat_items", "items", "meta", "page_info", "param", "top_level")
    param: str
    container: tuple[str, ...]
    items: str
    page_info: str
    flat_items: str
    meta: str
    top_level: bool

    def __init__(
        self,
        *,
        param: str = "cursor",
        container: tuple[str, ...] = ("data",),
        items: str = "items",
        page_info: str = "pageInfo",
        flat_items: str = "data",
        meta: str = "meta",
        top_level: bool = False,
    ) -> None:
        self._set(
            param=param,
            container=container,
            items=items,
            page_info=page_info,
            flat_items=flat_items,
            meta=meta,
            top_level=top_level,
        )

    def first_request(self, request: httpx.Request) -> httpx.Request:
        return request

    def plan(self, body: JSONValue, request: httpx.Request, data: PageData) -> PagePlan | None:
        """Never: each cursor comes with the page before it."""
        return None

    def read(self, body: JSONValue, request: httpx.Request, config: ClientConfig) -> PageData:
        if not isinstance(body, dict):
            raise _envelope_error(config, request, "the body is not an object")
        if isinstance(body.get(self.flat_items), list):
            meta = body.get(self.meta)
            meta = meta if isinstance(meta, dict) else {}
            cursor = meta.get("nextCursor")
            has_more = meta.get("hasMore", True)
            items = _list_at(body, (self.flat_items,), config, request)
            items_path = self.flat_items
            total = _int_at(meta, ("totalCount",))
        else:
            path = self.container
            if self.top_level and isinstance(body.get(self.items), list):
                path = ()
            container = _dig(body, path)
            if not isinstance(container, dict):
                where = f"no {'.'.join(path)} object"
                if self.top_level:
                    where += f" and no top-level {self.items!r} list"
                raise _envelope_error(config, request, where)
            info = container.get(self.page_info)
            info = info if isinstance(info, dict) else {}
            cursor = info.get("cursor")
            has_more = info.get("hasMore", True)
            items = _list_at(container, (self.items,), config, request)
            items_path = ".".join((*path, self.items))
            total = _int_at(info, ("total",))
        if cursor is not None and not isinstance(cursor, str):
            raise _envelope_error(config, request, "the cursor is not a string")
        next_request = None
        if cursor and has_more is not False:
            try:
                next_url = request.url.copy_set_param(self.param, cursor)
            except (httpx.InvalidURL, UnicodeError):
                raise _envelope_error(config, request, "the cursor cannot be sent back") from None
            next_request = with_url(request, next_url)
        return PageData(items=items, items_path=items_path, total=total, next_request=next_request)


@attrs.frozen
class RateLimitInfo:
    """The ``X-RateLimit-*`` headers of a response: the limit, what is left, and when the
    window resets (a Unix timestamp)."""

    limit: int | None
    remaining: int | None
    reset: float | None

    @classmethod
    def from_headers(cls, headers: httpx.Headers) -> RateLimitInfo | None:
        """Read the headers; None when the response has none of them."""
        values = [headers.get(f"X-RateLimit-{name}") for name in ("Limit", "Remaining", "Reset")]
        if all(value is None for value in values):
            return None
        limit, remaining, reset = (_number(value) for value in values)
        return cls(
            limit=int(limit) if limit is not None else None,
            remaining=int(remaining) if remaining is not None else None,
            reset=reset,
        )


def _number(text: str | None) -> float | None:
    """A header's finite number, or None."""
    try:
        number = float(text) if text is not None else None
    except ValueError:
        return None
    if number is None or number != number or number in (float("inf"), float("-inf")):
        return None
    return number


class Page(Sequence[T]):
    """One page of results: a sequence of its items.

    Attributes:
        total: the number of items in the whole list, when the provider reports it.
        has_next: whether another page follows.
        response: the raw `httpx.Response` (headers such as ``X-RateLimit-Remaining``).
    """

    __slots__ = ("_items", "has_next", "response", "total")

    def __init__(
        self, items: list[T], *, total: int | None, has_next: bool, response: httpx.Response
    ) -> None:
        self._items = items
        self.total = total
        self.has_next = has_next
        self.response = response

    @property
    def items(self) -> list[T]:
        return self._items

    @overload
    def __getitem__(self, index: int) -> T: ...

    @overload
    def __getitem__(self, index: slice) -> list[T]: ...

    def __getitem__(self, index: int | slice) -> T | list[T]:
        return self._items[index]

    def __len__(self) -> int:
        return len(self._items)

    @property
    def rate_limit(self) -> RateLimitInfo | None:
        """The provider's ``X-RateLimit-*`` headers on this page's response, if it sent any."""
        return RateLimitInfo.from_headers(self.response.headers)

    def __iter__(self) -> Iterator[T]:
        return iter(self._items)

    def __repr__(self) -> str:
        return f"Page(items={len(self._items)}, total={self.total}, has_next={self.has_next})"


Decoder = Callable[[list[JSONValue], str, "str | None"], list[T]]
"""Decodes a page's raw items: (items, the path of the item list, the key each item was
unwrapped from) -> models."""


class PageWalk(Generic[T]):
    """The state of one walk through a list: pure, shared by both drivers."""

    def __init__(
        self,
        first: httpx.Request,
        strategy: PagingStrategy,
        decode: Decoder[T],
        config: ClientConfig,
        max_pages: int = DEFAULT_MAX_PAGES,
    ) -> None:
        self._next: httpx.Request | None = strategy.first_request(first)
        self._strategy = strategy
        self._decode = decode
        self._config = config
        self._max_pages = max_pages
        self._seen: set[str] = set()
        self._sent = first
        self._previous: list[JSONValue] | None = None
        self._plan: PagePlan | None = None

    def next_request(self) -> httpx.Request | None:
        """The request for the next page, or None when the walk is over."""
        request = self._next
        if request is None:
            return None
        key = str(request.url)
        if key in self._seen:
            raise self._error(request, "the server sent the same next link or cursor again")
        if len(self._seen) >= self._max_pages:
            raise self._error(request, f"more than {self._max_pages} pages")
        self._seen.add(key)
        self._sent = request
        return request

    def take_plan(self) -> Iterator[httpx.Request]:
        """After the first page: the requests of all the later pages, when the strategy could
        plan them (empty otherwise). They are marked as sent; the walk then accepts their
        responses in order, and goes on one page at a time from the last one's next page (if
        the list grew meanwhile)."""
        plan, self._plan = self._plan, None
        if plan is None or len(self._seen) != 1:
            return iter(())
        if len(self._seen) + len(plan) > self._max_pages:
            raise self._error(self._sent, f"more than {self._max_pages} pages")
        self._next = None
        return self._mark(plan)

    def _mark(self, plan: PagePlan) -> Iterator[httpx.Request]:
        for request in plan:
            self._seen.add(str(request.url))
            yield request

    def accept(self, response: httpx.Response, request: httpx.Request | None = None) -> Page[T]:
        """Read one page's response and move the walk on. ``request`` is the planned request
        the response answers; by default, the one `next_request` gave."""
        # the request this walk sent (not httpx's response.request): the next page is built
        # from it, with its own origin, whatever redirects happened on the way
        if request is None:
            request = self._sent
        if len(response.content) < BULK_BYTES:
            return self._read(response, request)
        with gc_paused():  # a big page: tens of thousands of new objects, no cycles
            return self._read(response, request)

    def _read(self, response: httpx.Response, request: httpx.Request) -> Page[T]:
        try:
            body = loads(response.content)
        except ValueError:
            raise DecodeError(
                f"{self._config.provider.name}: the response is not JSON",
                raw=safe_text(response.content),
                request=request,
                provider=self._config.provider.name,
            ) from None
        data = self._strategy.read(body, request, self._config)
        if data.items and data.items == self._previous:
            raise self._error(request, "the server sent the same page twice")
        if self._previous is None:
            self._plan = self._strategy.plan(body, request, data)
        self._previous = data.items
        self._next = data.next_request
        try:
            items = self._decode(data.items, data.items_path, data.item_key)
        except DecodeError as exc:
            exc.request = request
            raise
        return Page(items, total=data.total, has_next=self._next is not None, response=response)

    def _error(self, request: httpx.Request, what: str) -> PaginationError:
        name = self._config.provider.name
        return PaginationError(
            f"{name}: pagination stopped: {what}", request=request, provider=name
        )


class Walk(Protocol[T]):
    """What the drivers need of a walk: `PageWalk`, or a wrapper of one."""

    def next_request(self) -> httpx.Request | None: ...

    def take_plan(self) -> Iterator[httpx.Request]: ...

    def accept(self, response: httpx.Response, request: httpx.Request | None = None) -> Page[T]: ...


class _FlatMapWalk(Generic[T, U]):
    """A walk whose pages hold ``fn(item)``'s items for each item of the wrapped walk's pages."""

    def __init__(self, walk: Walk[T], fn: Callable[[T], Iterable[U]]) -> None:
        self._walk = walk
        self._fn = fn

    def next_request(self) -> httpx.Request | None:
        return self._walk.next_request()

    def take_plan(self) -> Iterator[httpx.Request]:
        return self._walk.take_plan()

    def accept(self, response: httpx.Response, request: httpx.Request | None = None) -> Page[U]:
        page = self._walk.accept(response, request)
        items = [inner for item in page for inner in self._fn(item)]
        return Page(items, total=None, has_next=page.has_next, response=page.response)


MAX_CONCURRENCY = 64


def _workers(concurrency: int) -> int:
    if isinstance(concurrency, bool) or not isinstance(concurrency, int):
        raise TypeError(f"concurrency must be an int, not {type(concurrency).__name__}")
    if not 1 <= concurrency <= MAX_CONCURRENCY:
        raise ValueError(f"concurrency must be between 1 and {MAX_CONCURRENCY}, not {concurrency}")
    return concurrency


class _Handle(Protocol):
    """A started request: a `concurrent.futures.Future` or an `asyncio` task."""

    def add_done_callback(self, fn: Callable[[Any], object], /) -> None: ...

    def cancel(self) -> bool: ...


H = TypeVar("H", bound=_Handle)


class _Window(Generic[H]):
    """Which page requests of a concurrent walk may start, in order: at most ``workers`` in
    flight, and at most ``workers`` answered but not yet yielded, so memory stays bounded
    however slowly the pages are consumed. A new request starts as soon as one is answered,
    without waiting for the consumer. Shared by both drivers; thread-safe (the sync driver's
    answers arrive on its worker threads).
    """

    def __init__(
        self, requests: Iterator[httpx.Request], workers: int, start: Callable[[httpx.Request], H]
    ) -> None:
        self._requests = requests
        self._workers = workers
        self._start = start
        self._in_flight = 0
        self._answered = 0
        self._closed = False
        self.pending: deque[tuple[httpx.Request, H]] = deque()  # in request order
        self._lock = threading.RLock()

    def fill(self) -> None:
        """Start what may start now."""
        with self._lock:
            while (
                not self._closed
                and self._in_flight < self._workers
                and self._in_flight + self._answered < 2 * self._workers
            ):
                request = next(self._requests, None)
                if request is None:
                    return
                self._in_flight += 1
                handle = self._start(request)
                self.pending.append((request, handle))
                # after the append: an answer already in may start the next request at once
                handle.add_done_callback(self._on_answer)

    def _on_answer(self, _handle: object) -> None:
        with self._lock:
            self._in_flight -= 1
            self._answered += 1
        self.fill()

    def taken(self) -> httpx.Request:
        """Hand the oldest request (answered) to the consumer."""
        with self._lock:
            self._answered -= 1
            request, _ = self.pending.popleft()
        self.fill()
        return request

    def close(self) -> list[H]:
        """Start nothing more; the requests not yet handed out, to cancel."""
        with self._lock:
            self._closed = True
            return [handle for _, handle in self.pending]


def _in_order(
    requests: Iterator[httpx.Request],
    send: Callable[[httpx.Request], httpx.Response],
    workers: int,
) -> Generator[tuple[httpx.Request, httpx.Response], None, None]:
    """Send ``requests`` on up to ``workers`` threads; yield (request, response) in request
    order. A failure is raised at its turn, and the requests not yet started are then
    dropped."""
    from concurrent.futures import ThreadPoolExecutor  # here: a thread pool is rarely needed

    pool = ThreadPoolExecutor(workers, thread_name_prefix="attempts-sdk-pages")
    window = _Window(requests, workers, lambda request: pool.submit(send, request))
    try:
        window.fill()
        while window.pending:
            response = window.pending[0][1].result()
            yield window.taken(), response
    finally:
        for future in window.close():
            future.cancel()
        # not waiting: a walk left early returns at once; requests under way finish on
        # their threads (a rate-limit wait included), and nothing new starts
        pool.shutdown(wait=False, cancel_futures=True)


def _on_asyncio() -> bool:
    """Whether the running event loop is asyncio's (the async driver's tasks need it)."""
    import asyncio

    try:
        asyncio.get_running_loop()
    except RuntimeError:  # another loop (trio, through anyio)
        return False
    return True


async def _in_order_async(
    requests: Iterator[httpx.Request],
    send: Callable[[httpx.Request], Awaitable[httpx.Response]],
    workers: int,
) -> AsyncGenerator[tuple[httpx.Request, httpx.Response], None]:
    """The async twin of `_in_order`, with asyncio tasks."""
    import asyncio  # here: importing asyncio costs more than the rest of this module

    loop = asyncio.get_running_loop()
    window = _Window(
        requests, workers, lambda request: asyncio.ensure_future(send(request), loop=loop)
    )
    try:
        window.fill()
        while window.pending:
            response = await window.pending[0][1]
            request = window.taken()
            # awaiting a task that is done does not yield to the loop: let the requests just
            # started begin now, not after the consumer has worked through every page in
            await asyncio.sleep(0)
            yield request, response
    finally:
        tasks = window.close()
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)


class Paginator(Generic[T]):
    """A lazy iterator over every item of every page; one page in memory at a time.

    ``for item in paginator`` yields items; ``paginator.pages()`` yields `Page` objects;
    ``paginator.first_page()`` fetches only the first page. Each iteration starts afresh.
    """

    def __init__(
        self, start: Callable[[], Walk[T]], send: Callable[[httpx.Request], httpx.Response]
    ) -> None:
        self._start = start
        self._send = send

    def flat_map(self, fn: Callable[[T], Iterable[U]]) -> Paginator[U]:
        """A paginator over ``fn(item)`` for every item, e.g. the attempts embedded in each
        assignment. Fetches the same pages, no more."""
        start = self._start
        return Paginator(lambda: _FlatMapWalk(start(), fn), self._send)

    def pages(self, *, concurrency: int = 1) -> Generator[Page[T], None, None]:
        """Yield the pages in order.

        ``concurrency=N`` (1 to 64; N > 1) fetches up to N pages at a time, on threads, once
        the first page tells how many there are (Testpress ``count`` and ``per_page`` with
        ``?page=N`` links, Indeed ``meta.pages``); other lists go one page at a time. Each
        request keeps the client's retries and rate limit. Off by default. Leaving the loop
        early returns at once: requests not started are dropped, and those already under
        way finish on their threads, their answers unused.
        """
        return self._pages(_workers(concurrency))

    def _pages(self, workers: int) -> Generator[Page[T], None, None]:
        walk = self._start()
        while (request := walk.next_request()) is not None:
            page = walk.accept(self._send(request))
            yield page
            if workers > 1 and page.has_next:
                fetched = _in_order(walk.take_plan(), self._send, workers)
                with contextlib.closing(fetched):
                    for request, response in fetched:
                        page = walk.accept(response, request)
                        yield page
                        if not page.has_next:
                            return
                workers = 1

    def first_page(self) -> Page[T]:
        walk = self._start()
        request = walk.next_request()
        assert request is not None  # a walk always has a first request
        return walk.accept(self._send(request))

    def __iter__(self) -> Iterator[T]:
        for page in self.pages():
            yield from page


class AsyncPaginator(Generic[T]):
    """The async twin of `Paginator`: ``async for item in paginator``,
    ``async for page in paginator.pages()``, ``await paginator.first_page()``."""

    def __init__(
        self,
        start: Callable[[], Walk[T]],
        send: Callable[[httpx.Request], Awaitable[httpx.Response]],
    ) -> None:
        self._start = start
        self._send = send

    def flat_map(self, fn: Callable[[T], Iterable[U]]) -> AsyncPaginator[U]:
        """An async paginator over ``fn(item)`` for every item (see `Paginator.flat_map`)."""
        start = self._start
        return AsyncPaginator(lambda: _FlatMapWalk(start(), fn), self._send)

    def pages(self, *, concurrency: int = 1) -> AsyncGenerator[Page[T], None]:
        """Yield the pages in order; ``concurrency=N`` fetches up to N pages at a time, as
        asyncio tasks (see `Paginator.pages`; under another event loop, such as trio, one page
        at a time). Leaving the loop early and closing the iterator (``aclose()``, or
        `contextlib.aclosing`) cancels the requests under way."""
        return self._pages(_workers(concurrency))

    async def _pages(self, workers: int) -> AsyncGenerator[Page[T], None]:
        if workers > 1 and not _on_asyncio():
            workers = 1
        walk = self._start()
        while (request := walk.next_request()) is not None:
            page = walk.accept(await self._send(request))
            yield page
            if workers > 1 and page.has_next:
                fetched = _in_order_async(walk.take_plan(), self._send, workers)
                try:
                    async for request, response in fetched:
                        page = walk.accept(response, request)
                        yield page
                        if not page.has_next:
                            return
                finally:
                    await fetched.aclose()
                workers = 1

    async def first_page(self) -> Page[T]:
        walk = self._start()
        request = walk.next_request()
        assert request is not None  # a walk always has a first request
        return walk.accept(await self._send(request))

    async def __aiter__(self) -> AsyncIterator[T]:
        async for page in self.pages():
            for item in page:
                yield item
