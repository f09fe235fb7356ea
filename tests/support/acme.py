"""A tiny provider, "acme", declared the way a provider package is: the core's own tests
(configuration, retries, pagination) use it, so they run without any real provider package.
It is also the template of a minimal registered provider: a fake (`FakeAcme`) and a registry
entry (`PROVIDER`), which ``support/acme_plugin.py`` registers to show that the provider-wide
suites pick a new provider up without being edited.

It has the three paging schemes, a record with a nested list, a POST, and errors written
``{"detail": "..."}`` (with ``{"retry_in": seconds}`` as a body-level Retry-After).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import attrs
import httpx

from attempts_sdk._base_client import AsyncAPIClient, SyncAPIClient
from attempts_sdk._config import ProviderSpec
from attempts_sdk._json import JSONValue
from attempts_sdk._models import Model
from attempts_sdk._pagination import AsyncPaginator, Cursor, NextUrl, PageNumber, Paginator
from attempts_sdk._registry import Example, Provider, RowPage, Window
from attempts_sdk._request import Endpoint, ListEndpoint, Param, fmt_page_size, fmt_text
from attempts_sdk._status import SummaryStatus
from attempts_sdk._summary import AttemptSummary, summarize
from attempts_sdk.testing import FakeAPI
from attempts_sdk.testing._base import json_response

if TYPE_CHECKING:
    from typing_extensions import Unpack

    from attempts_sdk._base_client import AsyncClientOptions, SyncClientOptions


def read_error(body: JSONValue) -> tuple[str | None, list[JSONValue]]:
    """Acme errors are ``{"detail": "..."}``."""
    detail = body.get("detail") if isinstance(body, dict) else None
    return (detail if isinstance(detail, str) else None), []


def retry_after_from_body(body: JSONValue) -> float | None:
    """Acme may say ``{"retry_in": seconds}`` instead of sending ``Retry-After``."""
    wait = body.get("retry_in") if isinstance(body, dict) else None
    if isinstance(wait, bool) or not isinstance(wait, (int, float)):
        return None
    return float(wait)


ACME = ProviderSpec(
    name="acme",
    credential_name="token",
    base_url_env="ACME_BASE_URL",
    credential_env="ACME_TOKEN",
    auth_scheme="Token",
    read_error=read_error,
    retry_after_from_body=retry_after_from_body,
)


@attrs.frozen(kw_only=True)
class Thing(Model):
    """A tiny record."""

    id: int
    name: str | None = None


@attrs.frozen(kw_only=True)
class Child(Model):
    """A sub-item embedded in an item."""

    id: int


@attrs.frozen(kw_only=True)
class Item(Model):
    """A listed record."""

    id: int
    children: list[Child] = attrs.Factory(list)


GET_THING = Endpoint(method="GET", path="/things/{thing_id}", model=Thing)
CREATE_THING = Endpoint(
    method="POST", path="/things", model=Thing, body={"name": Param("name", fmt_text)}
)
SEARCH = Endpoint(method="GET", path="/search", model=Thing, query={"q": Param("q")})
LIST_THINGS = ListEndpoint(
    method="GET", path="/groups/{group}/things", item=Thing, paging=NextUrl(), query={}
)

QUERY = {"q": Param("q", fmt_text), "per": Param("per", fmt_page_size(100))}
LIST_NEXT = ListEndpoint(
    method="GET", path="/api/items/", item=Item, paging=NextUrl(), query={"q": Param("q")}
)
LIST_PAGES = ListEndpoint(
    method="GET",
    path="/pages",
    item=Item,
    paging=PageNumber(size_param="per"),
    query=QUERY,
)
LIST_WRAPPED = ListEndpoint(
    method="GET",
    path="/wrapped",
    item=Item,
    paging=PageNumber(size_param="per", items=("assignments",), item_key="assignment"),
    query=QUERY,
)
LIST_COUNTED = ListEndpoint(
    method="GET",
    path="/counted",
    item=Item,
    paging=PageNumber(
        page_param="p",
        size_param="per",
        items=("data", "rows"),
        total_pages=("meta", "pages"),
        total_count=("meta", "count"),
    ),
    query=QUERY,
)
LIST_CURSOR = ListEndpoint(
    method="GET", path="/cursor", item=Item, paging=Cursor(), query={"q": Param("q", fmt_text)}
)


class AcmeClient(SyncAPIClient):
    """Sync acme client."""

    _provider = ACME

    def __init__(
        self,
        *,
        base_url: str | None = None,
        token: str | None = None,
        **options: Unpack[SyncClientOptions],
    ) -> None:
        self._setup(base_url=base_url, credential=token, options=options)

    def get_thing(self, thing_id: object) -> Thing:
        """One thing (any id type, so bad ones can be tried)."""
        return self._call(GET_THING, thing_id=thing_id)

    def create_thing(self, name: str) -> Thing:
        """A new thing (POST: not idempotent)."""
        return self._call(CREATE_THING, name=name)

    def search(self, q: str) -> Thing:
        """The best match."""
        return self._call(SEARCH, q=q)

    def list_things(self, group: object) -> Paginator[Thing]:
        """The things of a group."""
        return self._paginate(LIST_THINGS, group=group)

    def list_next(self, *, q: str | None = None) -> Paginator[Item]:
        """Next-URL pagination."""
        return self._paginate(LIST_NEXT, q=q)

    def list_pages(self, *, q: str | None = None, per: int | None = None) -> Paginator[Item]:
        """Page-number pagination."""
        return self._paginate(LIST_PAGES, q=q, per=per)

    def list_wrapped(self, *, per: int | None = None) -> Paginator[Item]:
        """Page-number pagination, items wrapped as ``{"assignment": {...}}``."""
        return self._paginate(LIST_WRAPPED, per=per)

    def list_counted(self, *, per: int | None = None) -> Paginator[Item]:
        """Page-number pagination with a reported page count and item count."""
        return self._paginate(LIST_COUNTED, per=per)

    def list_cursor(self, *, q: str | None = None) -> Paginator[Item]:
        """Cursor pagination."""
        return self._paginate(LIST_CURSOR, q=q)


class AsyncAcmeClient(AsyncAPIClient):
    """Async acme client."""

    _provider = ACME

    def __init__(
        self,
        *,
        base_url: str | None = None,
        token: str | None = None,
        **options: Unpack[AsyncClientOptions],
    ) -> None:
        self._setup(base_url=base_url, credential=token, options=options)

    async def get_thing(self, thing_id: object) -> Thing:
        """One thing (any id type, so bad ones can be tried)."""
        return await self._call(GET_THING, thing_id=thing_id)

    async def create_thing(self, name: str) -> Thing:
        """A new thing (POST: not idempotent)."""
        return await self._call(CREATE_THING, name=name)

    async def search(self, q: str) -> Thing:
        """The best match."""
        return await self._call(SEARCH, q=q)

    def list_things(self, group: object) -> AsyncPaginator[Thing]:
        """The things of a group."""
        return self._paginate(LIST_THINGS, group=group)

    def list_next(self, *, q: str | None = None) -> AsyncPaginator[Item]:
        """Next-URL pagination."""
        return self._paginate(LIST_NEXT, q=q)

    def list_pages(self, *, q: str | None = None, per: int | None = None) -> AsyncPaginator[Item]:
        """Page-number pagination."""
        return self._paginate(LIST_PAGES, q=q, per=per)

    def list_wrapped(self, *, per: int | None = None) -> AsyncPaginator[Item]:
        """Page-number pagination, items wrapped as ``{"assignment": {...}}``."""
        return self._paginate(LIST_WRAPPED, per=per)

    def list_counted(self, *, per: int | None = None) -> AsyncPaginator[Item]:
        """Page-number pagination with a reported page count and item count."""
        return self._paginate(LIST_COUNTED, per=per)

    def list_cursor(self, *, q: str | None = None) -> AsyncPaginator[Item]:
        """Cursor pagination."""
        return self._paginate(LIST_CURSOR, q=q)


# --- acme as a registered provider: its fake and its registry entry


def _summary(item: Item) -> AttemptSummary:
    return summarize("acme", attempt_id=item.id, status="done")


class FakeAcme(FakeAPI):
    """Acme in memory: ``/things/{id}``, ``/api/items/`` (next URL, pages of two) and
    ``/cursor`` (a cursor per page), over a few seeded items."""

    provider = "acme"
    auth_scheme = "Token"
    default_host = "acme.test"

    def __init__(self, *, token: str = "acme-token", items: int = 5) -> None:
        super().__init__(credential=token)
        self.token = token
        self.items: list[dict[str, JSONValue]] = [
            {"id": n, "children": [{"id": n * 10 + k} for k in range(n % 3)]}
            for n in range(1, items + 1)
        ]

    def route(self, request: httpx.Request, path: str) -> httpx.Response:
        if path.startswith("/things/") and path[len("/things/") :].isdigit():
            thing = int(path[len("/things/") :])
            if any(item["id"] == thing for item in self.items):
                return json_response({"id": thing, "name": f"thing {thing}"})
            return json_response(self.error_body(404, "no such thing"), 404)
        start = int(request.url.params.get("page", request.url.params.get("cursor", "0")))
        page = self.items[start : start + 2]
        more = start + 2 < len(self.items)
        if path == "/api/items/":
            nxt = f"{self.origin(request)}/api/items/?page={start + 2}" if more else None
            return json_response({"count": len(self.items), "next": nxt, "results": page})
        if path == "/cursor":
            return json_response(
                {"data": page, "meta": {"nextCursor": str(start + 2) if more else None}}
            )
        return self.not_found()

    def error_body(self, status: int, message: str) -> Any:
        return {"detail": message}


def walk(client: AcmeClient, window: Window, *, concurrency: int = 1) -> Iterator[RowPage]:
    """Every item, as acme's attempts (acme has no date filter)."""
    for page in client.list_next().pages(concurrency=concurrency):
        yield RowPage.of(page, [(item, _summary(item)) for item in page])


PROVIDER = Provider(
    spec=ACME,
    client=AcmeClient,
    async_client=AsyncAcmeClient,
    fake="support.acme:FakeAcme",
    walk=walk,
    date_filter=False,
    status_words={"done": SummaryStatus.COMPLETED},
    model_modules=(__name__,),
    examples=(
        Example("get_thing", lambda c: c.get_thing(3)),
        Example("list_next", lambda c: c.list_next()),
        Example("list_cursor", lambda c: c.list_cursor()),
    ),
)
"""Acme's registry entry: `attempts_sdk._registry.register(PROVIDER)` adds it (see
``support/acme_plugin.py``)."""
