"""The values pagination passes around: what a strategy read from a page (`PageData`), the
requests of the pages still to fetch (`PagePlan`), and what a user gets (`Page`, with its
`RateLimitInfo`)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TypeVar, overload

import attrs
import httpx

from .._json import JSONValue
from .._record import Record

__all__ = ["Page", "PageData", "PagePlan", "RateLimitInfo", "with_url"]

T = TypeVar("T")


class PageData(Record):
    """What a strategy read from one page: raw items, the total if reported, the next request."""

    items: list[JSONValue]
    items_path: str
    total: int | None
    next_request: httpx.Request | None
    item_key: str | None = None


class PagePlan(Record, kw_only=False):
    """Requests for numbered pages, built on demand: ``url`` with ``param`` set to each number
    of ``numbers`` (a server's page count can be huge; nothing is built for it up front)."""

    request: httpx.Request
    url: httpx.URL
    param: str
    numbers: range

    def __len__(self) -> int:
        return len(self.numbers)

    def __iter__(self) -> Iterator[httpx.Request]:
        for number in self.numbers:
            yield with_url(self.request, self.url.copy_set_param(self.param, number))


def with_url(request: httpx.Request, url: httpx.URL) -> httpx.Request:
    """The same request (method, headers, timeout) sent to another URL."""
    return httpx.Request(
        request.method,
        url,
        headers=request.headers,
        content=request.content,
        extensions=request.extensions,
    )


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
