"""Pagination: three strategies behind one interface, a pure walk, and two thin drivers.

* `strategies` -- `NextUrl`, `PageNumber`, `Cursor`: read one envelope, build the next request;
* `walk` -- `PageWalk`: the state of one walk (pages asked for, repeats, the page plan);
* `concurrency` -- the window of pages fetched at once when the page count is known;
* `drivers` -- `Paginator` and `AsyncPaginator`: only send and loop;
* `page` -- the values passed between them (`PageData`, `PagePlan`) and `Page` itself.
"""

from .concurrency import MAX_CONCURRENCY, _on_asyncio, _Window
from .drivers import AsyncPaginator, Paginator
from .page import Page, PageData, PagePlan, RateLimitInfo, with_url
from .strategies import Cursor, NextUrl, PageNumber, PagingStrategy
from .walk import BULK_BYTES, DEFAULT_MAX_PAGES, Decoder, PageWalk, Walk

__all__ = [
    "BULK_BYTES",
    "DEFAULT_MAX_PAGES",
    "MAX_CONCURRENCY",
    "AsyncPaginator",
    "Cursor",
    "Decoder",
    "NextUrl",
    "Page",
    "PageData",
    "PageNumber",
    "PagePlan",
    "PageWalk",
    "Paginator",
    "PagingStrategy",
    "RateLimitInfo",
    "Walk",
    "_Window",
    "_on_asyncio",
    "with_url",
]
