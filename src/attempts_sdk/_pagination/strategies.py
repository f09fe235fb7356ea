"""The paging strategies: each knows one list envelope and how to ask for the next page, and
does no I/O.

* `NextUrl` follows a ``next`` link (Testpress, DRF), only within the base URL's origin;
* `PageNumber` counts ``page`` up (Indeed ``page``/``per``, CleverLMS ``page``/``perPage``);
* `Cursor` passes a cursor back (Thought Industries, both of its documented envelopes).

Each is configured per provider by the names it reads and sends, never subclassed per provider.
A new pagination style is a new class here with the three methods of `PagingStrategy`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Protocol

import httpx

from .._errors import DecodeError, PaginationError
from .._json import JSONValue
from .._record import Record
from .._urls import same_origin
from .page import PageData, PagePlan, with_url

if TYPE_CHECKING:
    from .._config import ClientConfig

__all__ = ["Cursor", "NextUrl", "PageNumber", "PagingStrategy"]


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


class NextUrl(Record):
    """``{"count", "next", "results": [...]}``: the next page is the ``next`` URL, as given
    (it carries the filters). A link to another origin is refused. ``items`` is the key (or
    the path, for an envelope such as ``{"results": {"user_answers": [...]}}``) of the list."""

    items: str | tuple[str, ...] = "results"
    next: str = "next"
    count: str = "count"
    per_page: str = "per_page"
    page_param: str = "page"

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
        path = (self.items,) if isinstance(self.items, str) else self.items
        items = _dig(body, path)
        if not isinstance(body, dict) or not isinstance(items, list):
            raise _envelope_error(config, request, f"no {'.'.join(path)!r} list")
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
            items=items,
            items_path=".".join(path),
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

    page_param: str = "page"
    size_param: str = "per_page"
    items: tuple[str, ...] = ("results",)
    item_key: str | None = None
    total_pages: tuple[str, ...] | None = None
    total_count: tuple[str, ...] | None = None
    first_page: int = 1

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
    """Cursor pagination. Reads the envelopes Thought Industries documents or sends:

    * nested: ``{container...: {page_info: {info_cursor, info_has_more, info_total},
      items: [...]}}``, e.g. ``{"data": {"AssessmentAttempts": {"pageInfo": {"cursor",
      "hasMore", "total"}, "assessmentAttempts": [...]}}}``;
    * flat: ``{flat_items: [...], meta: {meta_cursor, meta_has_more, meta_total}}``, e.g.
      ``{"data": [...], "meta": {"nextCursor", "hasMore", "totalCount"}}`` (not read when
      ``flat_items`` is None);
    * top level, when ``top_level`` is set: ``{items: [...], page_info: {...}}``, e.g.
      ``{"events": [...], "pageInfo": {"cursor", "hasMore"}}`` (the pagination docs' events
      pages, and what production extractors read for assessment attempts).

    Goes on while a next cursor is given (and the has-more flag is not false), past empty
    pages; the cursor is sent back in the query parameter ``param``. Every key it reads is one
    of these names; the defaults are the common ones above.
    """

    param: str = "cursor"
    container: tuple[str, ...] = ("data",)
    items: str = "items"
    page_info: str = "pageInfo"
    info_cursor: str = "cursor"
    info_has_more: str = "hasMore"
    info_total: str = "total"
    flat_items: str | None = "data"
    meta: str = "meta"
    meta_cursor: str = "nextCursor"
    meta_has_more: str = "hasMore"
    meta_total: str = "totalCount"
    top_level: bool = False

    def first_request(self, request: httpx.Request) -> httpx.Request:
        return request

    def plan(self, body: JSONValue, request: httpx.Request, data: PageData) -> PagePlan | None:
        """Never: each cursor comes with the page before it."""
        return None

    def read(self, body: JSONValue, request: httpx.Request, config: ClientConfig) -> PageData:
        if not isinstance(body, dict):
            raise _envelope_error(config, request, "the body is not an object")
        if self.flat_items is not None and isinstance(body.get(self.flat_items), list):
            meta = body.get(self.meta)
            meta = meta if isinstance(meta, dict) else {}
            cursor = meta.get(self.meta_cursor)
            has_more = meta.get(self.meta_has_more, True)
            items = _list_at(body, (self.flat_items,), config, request)
            items_path = self.flat_items
            total = _int_at(meta, (self.meta_total,))
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
            cursor = info.get(self.info_cursor)
            has_more = info.get(self.info_has_more, True)
            items = _list_at(container, (self.items,), config, request)
            items_path = ".".join((*path, self.items))
            total = _int_at(info, (self.info_total,))
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
