"""One walk through a list: pure state shared by both drivers (`PageWalk`), and what the
drivers need of a walk (`Walk`)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Generic, Protocol, TypeVar

import httpx

from .._errors import DecodeError, PaginationError
from .._json import JSONValue, gc_paused, loads, safe_text
from .page import Page, PagePlan, with_url

if TYPE_CHECKING:
    from .._config import ClientConfig
    from .strategies import PagingStrategy

__all__ = ["BULK_BYTES", "DEFAULT_MAX_PAGES", "Decoder", "PageWalk", "Walk"]

T = TypeVar("T")
U = TypeVar("U")
DEFAULT_MAX_PAGES = 100_000
BULK_BYTES = 64 * 1024  # pages from this size on are parsed and decoded with the GC paused


Decoder = Callable[[list[JSONValue], str, "str | None"], list[T]]
"""Decodes a page's raw items: (items, the path of the item list, the key each item was
unwrapped from) -> models."""

PageJoin = Callable[[list[T], JSONValue], None]
"""Completes a page's decoded items from its whole body (see `attempts_sdk._join`)."""


class PageWalk(Generic[T]):
    """The state of one walk through a list: pure, shared by both drivers."""

    def __init__(
        self,
        first: httpx.Request,
        strategy: PagingStrategy,
        decode: Decoder[T],
        config: ClientConfig,
        max_pages: int = DEFAULT_MAX_PAGES,
        join: PageJoin[T] | None = None,
    ) -> None:
        self._next: httpx.Request | None = strategy.first_request(first)
        self._strategy = strategy
        self._decode = decode
        self._join = join
        self._config = config
        self._max_pages = max_pages
        self._seen: set[str] = set()
        self._sent = first
        self._previous: list[JSONValue] | None = None
        self._plan: PagePlan | None = None

    def next_request(self) -> httpx.Request | None:
        """The request for the next page, or None when the walk is over. It carries the
        call's ``extra_query`` also where the server's next link left it out."""
        request = self._next
        if request is None:
            return None
        missing = [(k, v) for k, v in self._config.extra_query if k not in request.url.params]
        if missing:
            request = with_url(request, request.url.copy_merge_params(dict(missing)))
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
        the list grew meanwhile).

        A plan longer than the page limit (a server reporting a ``count`` of 10^12) is not
        believed: the walk goes on one page at a time, as far as the next links go."""
        plan, self._plan = self._plan, None
        if plan is None or len(self._seen) != 1:
            return iter(())
        if len(self._seen) + len(plan) > self._max_pages:
            return iter(())
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
            if self._join is not None:
                self._join(items, body)
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
