"""Pagination through a client: the three strategies, the safety checks, `Page`, `flat_map`.

The client is the tiny provider of tests/acme.py, so the core is tested without any provider
package. Every test runs with the sync and the async client.
"""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

from attempts_sdk import (
    DataWarning,
    DecodeError,
    Page,
    PaginationError,
    RateLimitInfo,
)
from attempts_sdk._json import JSONValue
from attempts_sdk._pagination import Cursor, NextUrl
from attempts_sdk._request import ListEndpoint
from conftest import Harness, MockServer, Responder, json_response
from support.acme import AcmeClient, AsyncAcmeClient, Child, Item

BASE_URL = "http://acme.test"
TOKEN = "acme-s3cret-token"


def acme(harness: Harness, server: MockServer, base_url: str = BASE_URL) -> Any:
    return harness.client(
        AcmeClient,
        AsyncAcmeClient,
        base_url=base_url,
        token=TOKEN,
        transport=server.transport,
        allow_insecure_http=True,  # these tests vary scheme and port around a plain-http base
    )


def rows(*ids: int) -> list[JSONValue]:
    return [{"id": i} for i in ids]


def ids(items: list[Item] | Page[Item]) -> list[int]:
    return [item.id for item in items]


def params(server: MockServer) -> list[dict[str, str]]:
    return [dict(request.url.params) for request in server.requests]


# --- NextUrl --------------------------------------------------------------------------------------


def drf(results: list[JSONValue], next_link: str | None, count: int | None = 7) -> Responder:
    return json_response({"count": count, "next": next_link, "previous": None, "results": results})


def three_next_pages(server: MockServer, query: str = "") -> MockServer:
    sep = "&" if query else ""
    return (
        server.add(
            "GET", "/api/items/", drf(rows(1, 2, 3), f"{BASE_URL}/api/items/?{query}{sep}page=2")
        )
        .add(
            "GET",
            "/api/items/",
            drf(rows(4, 5, 6), f"{BASE_URL}/api/items/?{query}{sep}page=3"),
            query_key=f"{query}{sep}page=2",
        )
        .add("GET", "/api/items/", drf(rows(7), None), query_key=f"{query}{sep}page=3")
    )


def test_next_url_follows_three_pages(harness: Harness) -> None:
    server = three_next_pages(MockServer())
    client = acme(harness, server)
    assert ids(harness.collect(client.list_next())) == [1, 2, 3, 4, 5, 6, 7]
    assert [str(r.url) for r in server.requests] == [
        f"{BASE_URL}/api/items/",
        f"{BASE_URL}/api/items/?page=2",
        f"{BASE_URL}/api/items/?page=3",
    ]
    assert all(r.headers["Authorization"] == f"Token {TOKEN}" for r in server.requests)


def test_next_url_pages_report_total_and_has_next(harness: Harness) -> None:
    server = three_next_pages(MockServer())
    pages = harness.pages(acme(harness, server).list_next())
    assert [ids(page) for page in pages] == [[1, 2, 3], [4, 5, 6], [7]]
    assert [page.total for page in pages] == [7, 7, 7]
    assert [page.has_next for page in pages] == [True, True, False]
    assert all(isinstance(page, Page) for page in pages)


def test_next_url_missing_count_is_none(harness: Harness) -> None:
    server = MockServer().add("GET", "/api/items/", json_response({"results": rows(1)}))
    page = harness.first_page(acme(harness, server).list_next())
    assert page.total is None
    assert page.has_next is False
    assert ids(page) == [1]


def test_next_url_filters_are_sent_and_the_link_is_followed_as_given(harness: Harness) -> None:
    server = three_next_pages(MockServer(), query="q=math")
    client = acme(harness, server)
    assert ids(harness.collect(client.list_next(q="math"))) == [1, 2, 3, 4, 5, 6, 7]
    assert params(server) == [{"q": "math"}, {"q": "math", "page": "2"}, {"q": "math", "page": "3"}]


def test_first_page_makes_one_request(harness: Harness) -> None:
    server = three_next_pages(MockServer())
    page = harness.first_page(acme(harness, server).list_next())
    assert ids(page) == [1, 2, 3]
    assert page.has_next is True
    assert page.total == 7
    assert len(server.requests) == 1


def test_iterating_twice_starts_afresh(harness: Harness) -> None:
    server = three_next_pages(MockServer())
    paginator = acme(harness, server).list_next()
    first = ids(harness.collect(paginator))
    second = ids(harness.collect(paginator))
    assert first == second == [1, 2, 3, 4, 5, 6, 7]
    assert len(server.requests) == 6
    assert server.requests[3].url == f"{BASE_URL}/api/items/"


def test_next_link_to_another_host_is_refused(harness: Harness) -> None:
    server = MockServer().add(
        "GET", "/api/items/", drf(rows(1, 2), "http://evil.test/api/items/?page=2")
    )
    with pytest.raises(PaginationError) as info:
        harness.collect(acme(harness, server).list_next())
    assert "evil.test" in str(info.value)
    assert info.value.provider == "acme"
    assert [r.url.host for r in server.requests] == ["acme.test"]


@pytest.mark.parametrize(
    "link",
    [
        "https://acme.test/api/items/?page=2",
        "http://acme.test:8080/api/items/?page=2",
        "//evil.test/api/items/?page=2",
        "http://sub.acme.test/api/items/?page=2",
    ],
)
def test_next_link_to_another_scheme_port_or_host_is_refused(harness: Harness, link: str) -> None:
    server = MockServer().add("GET", "/api/items/", drf(rows(1), link))
    with pytest.raises(PaginationError):
        harness.collect(acme(harness, server).list_next())
    assert len(server.requests) == 1
    assert [(r.url.scheme, r.url.host, r.url.port) for r in server.requests] == [
        ("http", "acme.test", None)
    ]


def test_next_link_with_the_explicit_default_port_is_followed(harness: Harness) -> None:
    server = (
        MockServer()
        .add("GET", "/api/items/", drf(rows(1), "http://acme.test:80/api/items/?page=2"))
        .add("GET", "/api/items/", drf(rows(2), None), query_key="page=2")
    )
    assert ids(harness.collect(acme(harness, server).list_next())) == [1, 2]
    assert len(server.requests) == 2


def test_repeating_next_link_is_refused(harness: Harness) -> None:
    again = f"{BASE_URL}/api/items/?page=2"
    server = (
        MockServer()
        .add("GET", "/api/items/", drf(rows(1), again))
        .add("GET", "/api/items/", drf(rows(2), again), query_key="page=2")
    )
    with pytest.raises(PaginationError, match="same next link"):
        harness.collect(acme(harness, server).list_next())
    assert len(server.requests) == 2


def test_next_link_back_to_the_first_page_is_refused(harness: Harness) -> None:
    server = (
        MockServer()
        .add("GET", "/api/items/", drf(rows(1), f"{BASE_URL}/api/items/?page=2"))
        .add("GET", "/api/items/", drf(rows(2), f"{BASE_URL}/api/items/"), query_key="page=2")
    )
    with pytest.raises(PaginationError):
        harness.collect(acme(harness, server).list_next())
    assert len(server.requests) == 2


def test_empty_page_with_a_next_link_does_not_stop(harness: Harness) -> None:
    server = (
        MockServer()
        .add("GET", "/api/items/", drf(rows(1), f"{BASE_URL}/api/items/?page=2"))
        .add("GET", "/api/items/", drf([], f"{BASE_URL}/api/items/?page=3"), query_key="page=2")
        .add("GET", "/api/items/", drf(rows(3), None), query_key="page=3")
    )
    pages = harness.pages(acme(harness, server).list_next())
    assert [ids(page) for page in pages] == [[1], [], [3]]
    assert len(server.requests) == 3


@pytest.mark.parametrize(
    ("link", "expected"),
    [
        ("?page=2", f"{BASE_URL}/api/items/?page=2"),
        ("/api/items/?page=2", f"{BASE_URL}/api/items/?page=2"),
        ("more/?page=2", f"{BASE_URL}/api/items/more/?page=2"),
    ],
)
def test_relative_next_links_resolve_against_the_request_url(
    harness: Harness, link: str, expected: str
) -> None:
    server = (
        MockServer()
        .add("GET", "/api/items/", drf(rows(1), link))
        .add("GET", "/api/items/", drf(rows(2), None), query_key="page=2")
        .add("GET", "/api/items/more/", drf(rows(2), None))
    )
    assert ids(harness.collect(acme(harness, server).list_next())) == [1, 2]
    assert str(server.requests[1].url) == expected


def test_base_url_with_a_path_prefix(harness: Harness) -> None:
    server = (
        MockServer()
        .add("GET", "/v1/api/items/", drf(rows(1), "?page=2"))
        .add("GET", "/v1/api/items/", drf(rows(2), None), query_key="page=2")
    )
    client = acme(harness, server, base_url=f"{BASE_URL}/v1/")
    assert ids(harness.collect(client.list_next())) == [1, 2]
    assert server.paths() == ["/v1/api/items/", "/v1/api/items/"]


@pytest.mark.parametrize(
    "body",
    [
        {"count": 1, "next": None},
        {"count": 1, "next": None, "results": {"id": 1}},
        [{"id": 1}],
        {"results": [], "next": 5},
    ],
)
def test_next_url_body_not_the_envelope_raises_decode_error(
    harness: Harness, body: JSONValue
) -> None:
    server = MockServer().add("GET", "/api/items/", json_response(body))
    with pytest.raises(DecodeError) as info:
        harness.collect(acme(harness, server).list_next())
    assert "envelope" in str(info.value)
    assert info.value.request is not None


def test_non_json_page_raises_decode_error(harness: Harness) -> None:
    server = MockServer().add("GET", "/api/items/", json_response("<html>oops</html>"))
    with pytest.raises(DecodeError) as info:
        harness.collect(acme(harness, server).list_next())
    assert "not JSON" in str(info.value)
    assert info.value.raw == "<html>oops</html>"


def test_bad_item_raises_decode_error_with_its_path(harness: Harness) -> None:
    server = MockServer().add("GET", "/api/items/", drf([{"id": 1}, {"id": "x"}], None))
    with pytest.raises(DecodeError) as info:
        harness.collect(acme(harness, server).list_next())
    assert info.value.path == "results[1].id"


# --- PageNumber -----------------------------------------------------------------------------------


def numbered(
    total: int,
    *,
    default_size: int = 3,
    page_param: str = "page",
    wrap: str | None = None,
    items_key: str = "results",
) -> Responder:
    """A server that slices ids 1..total by page and page size."""

    def respond(request: httpx.Request) -> httpx.Response:
        page = int(request.url.params.get(page_param, "1"))
        size = int(request.url.params.get("per", str(default_size)))
        chunk: list[JSONValue] = [
            {"id": i} for i in range(1, total + 1)[(page - 1) * size : page * size]
        ]
        if wrap is not None:
            chunk = [{wrap: item} for item in chunk]
        return httpx.Response(200, json={items_key: chunk})

    return respond


def test_page_number_stops_at_a_short_page(harness: Harness) -> None:
    server = MockServer().add("GET", "/pages", numbered(7))
    items = harness.collect(acme(harness, server).list_pages(per=3))
    assert ids(items) == [1, 2, 3, 4, 5, 6, 7]
    assert params(server) == [
        {"per": "3", "page": "1"},
        {"per": "3", "page": "2"},
        {"per": "3", "page": "3"},
    ]


def test_page_number_exact_multiple_ends_with_an_empty_page(harness: Harness) -> None:
    server = MockServer().add("GET", "/pages", numbered(6))
    assert ids(harness.collect(acme(harness, server).list_pages(per=3))) == [1, 2, 3, 4, 5, 6]
    assert len(server.requests) == 3


def test_page_number_without_size_stops_at_the_empty_page(harness: Harness) -> None:
    server = MockServer().add("GET", "/pages", numbered(7))
    items = harness.collect(acme(harness, server).list_pages())
    assert ids(items) == [1, 2, 3, 4, 5, 6, 7]
    assert [p["page"] for p in params(server)] == ["1", "2", "3", "4"]
    assert all("per" not in p for p in params(server))


def test_page_number_has_next(harness: Harness) -> None:
    server = MockServer().add("GET", "/pages", numbered(4))
    pages = harness.pages(acme(harness, server).list_pages(per=2))
    assert [ids(page) for page in pages] == [[1, 2], [3, 4], []]
    assert [page.has_next for page in pages] == [True, True, False]
    assert [page.total for page in pages] == [None, None, None]


def test_page_number_total_pages_stop(harness: Harness) -> None:
    def respond(request: httpx.Request) -> httpx.Response:
        page = int(request.url.params["p"])
        chunk = [{"id": i} for i in range(page * 10, page * 10 + 3)]
        return httpx.Response(200, json={"data": {"rows": chunk}, "meta": {"pages": 2, "count": 6}})

    server = MockServer().add("GET", "/counted", respond)
    pages = harness.pages(acme(harness, server).list_counted(per=3))
    assert [ids(page) for page in pages] == [[10, 11, 12], [20, 21, 22]]
    assert [page.total for page in pages] == [6, 6]
    assert [page.has_next for page in pages] == [True, False]
    assert [p["p"] for p in params(server)] == ["1", "2"]


def test_page_number_item_key_unwrap(harness: Harness) -> None:
    server = MockServer().add(
        "GET", "/wrapped", numbered(5, wrap="assignment", items_key="assignments")
    )
    assert ids(harness.collect(acme(harness, server).list_wrapped(per=2))) == [1, 2, 3, 4, 5]
    assert len(server.requests) == 3


def test_page_number_item_key_path_in_errors(harness: Harness) -> None:
    server = MockServer().add(
        "GET", "/wrapped", json_response({"assignments": [{"assignment": {"id": "x"}}]})
    )
    with pytest.raises(DecodeError) as info:
        harness.collect(acme(harness, server).list_wrapped())
    # The bad value sits at body["assignments"][0]["assignment"]["id"]. Core bug: PageNumber
    # reports items_path "assignments.assignment", which decode_list renders as
    # "assignments.assignment[0].id" (the index after the wrapper key).
    assert info.value.path == "assignments[0].assignment.id"


def test_page_number_item_key_path_in_warnings(harness: Harness) -> None:
    server = (
        MockServer()
        .add(
            "GET",
            "/wrapped",
            json_response({"assignments": [{"assignment": {"id": 1, "children": "x"}}]}),
        )
        .add("GET", "/wrapped", json_response({"assignments": []}), query_key="page=2")
    )
    with pytest.warns(DataWarning) as caught:
        items = harness.collect(acme(harness, server).list_wrapped())
    assert ids(items) == [1]
    paths = [w.message.path for w in caught if isinstance(w.message, DataWarning)]
    assert paths == ["assignments[0].assignment.children"]


def test_page_number_filters_kept_on_every_page(harness: Harness) -> None:
    server = MockServer().add("GET", "/pages", numbered(5))
    items = harness.collect(acme(harness, server).list_pages(q="a b&c", per=2))
    assert ids(items) == [1, 2, 3, 4, 5]
    assert params(server) == [{"q": "a b&c", "per": "2", "page": str(n)} for n in (1, 2, 3)]


def test_page_number_server_ignoring_page_is_refused(harness: Harness) -> None:
    server = MockServer().add("GET", "/pages", json_response({"results": rows(1, 2, 3)}))
    with pytest.raises(PaginationError, match="same page twice"):
        harness.collect(acme(harness, server).list_pages(per=3))
    assert len(server.requests) == 2


def test_page_number_server_ignoring_page_without_size_is_refused(harness: Harness) -> None:
    server = MockServer().add("GET", "/pages", json_response({"results": rows(1, 2, 3)}))
    with pytest.raises(PaginationError):
        harness.collect(acme(harness, server).list_pages())
    assert len(server.requests) == 2


def test_page_number_missing_list_is_an_empty_last_page(harness: Harness) -> None:
    server = MockServer().add("GET", "/pages", json_response({"message": "nothing"}))
    pages = harness.pages(acme(harness, server).list_pages())
    assert [len(page) for page in pages] == [0]
    assert pages[0].has_next is False


@pytest.mark.parametrize("body", [[{"id": 1}], {"results": {"id": 1}}])
def test_page_number_body_not_the_envelope_raises(harness: Harness, body: JSONValue) -> None:
    server = MockServer().add("GET", "/pages", json_response(body))
    with pytest.raises(DecodeError):
        harness.collect(acme(harness, server).list_pages())


def test_page_size_is_checked_before_any_request(harness: Harness) -> None:
    server = MockServer().add("GET", "/pages", numbered(5))
    client = acme(harness, server)
    with pytest.raises(ValueError, match="per"):
        client.list_pages(per=0)
    with pytest.raises(TypeError, match="per"):
        client.list_pages(per="3")
    assert server.requests == []


# --- Cursor ---------------------------------------------------------------------------------------


def nested(items: list[JSONValue], cursor: str | None, has_more: bool | None = True) -> Responder:
    info: dict[str, JSONValue] = {"cursor": cursor, "total": 5}
    if has_more is not None:
        info["hasMore"] = has_more
    return json_response({"data": {"pageInfo": info, "items": items}})


def flat(items: list[JSONValue], cursor: str | None, has_more: bool | None = None) -> Responder:
    meta: dict[str, JSONValue] = {"nextCursor": cursor, "totalCount": 5}
    if has_more is not None:
        meta["hasMore"] = has_more
    return json_response({"data": items, "meta": meta})


@pytest.mark.parametrize("envelope", [nested, flat])
def test_cursor_both_envelopes(harness: Harness, envelope: Any) -> None:
    server = (
        MockServer()
        .add("GET", "/cursor", envelope(rows(1, 2), "c2"))
        .add("GET", "/cursor", envelope(rows(3, 4), "c3"), query_key="cursor=c2")
        .add("GET", "/cursor", envelope(rows(5), None), query_key="cursor=c3")
    )
    pages = harness.pages(acme(harness, server).list_cursor())
    assert [ids(page) for page in pages] == [[1, 2], [3, 4], [5]]
    assert [page.total for page in pages] == [5, 5, 5]
    assert [page.has_next for page in pages] == [True, True, False]
    assert params(server) == [{}, {"cursor": "c2"}, {"cursor": "c3"}]


@pytest.mark.parametrize("envelope", [nested, flat])
def test_cursor_has_more_false_stops(harness: Harness, envelope: Any) -> None:
    server = (
        MockServer()
        .add("GET", "/cursor", envelope(rows(1), "c2", True))
        .add("GET", "/cursor", envelope(rows(2), "c3", False), query_key="cursor=c2")
    )
    assert ids(harness.collect(acme(harness, server).list_cursor())) == [1, 2]
    assert len(server.requests) == 2


def test_cursor_null_cursor_stops(harness: Harness) -> None:
    server = MockServer().add("GET", "/cursor", nested(rows(1, 2), None, True))
    page = harness.first_page(acme(harness, server).list_cursor())
    assert page.has_next is False
    assert ids(harness.collect(acme(harness, server).list_cursor())) == [1, 2]
    assert len(server.requests) == 2


@pytest.mark.parametrize("envelope", [nested, flat])
def test_cursor_empty_page_with_a_cursor_goes_on(harness: Harness, envelope: Any) -> None:
    server = (
        MockServer()
        .add("GET", "/cursor", envelope([], "c2"))
        .add("GET", "/cursor", envelope([], "c3"), query_key="cursor=c2")
        .add("GET", "/cursor", envelope(rows(9), None), query_key="cursor=c3")
    )
    assert ids(harness.collect(acme(harness, server).list_cursor())) == [9]
    assert len(server.requests) == 3


@pytest.mark.parametrize("envelope", [nested, flat])
def test_cursor_repeating_is_refused(harness: Harness, envelope: Any) -> None:
    server = (
        MockServer()
        .add("GET", "/cursor", envelope(rows(1), "c2"))
        .add("GET", "/cursor", envelope(rows(2), "c2"), query_key="cursor=c2")
    )
    with pytest.raises(PaginationError, match="same next link or cursor"):
        harness.collect(acme(harness, server).list_cursor())
    assert len(server.requests) == 2


RENAMED_CURSOR = Cursor(
    param="after",
    container=("result", "list"),
    items="rows",
    page_info="paging",
    info_cursor="endCursor",
    info_has_more="more",
    info_total="n",
    flat_items="records",
    meta="page",
    meta_cursor="next",
    meta_has_more="more",
    meta_total="count",
)
LIST_RENAMED = ListEndpoint(method="GET", path="/cursor", item=Item, paging=RENAMED_CURSOR)


def renamed_nested(items: list[JSONValue], cursor: str | None) -> Responder:
    # the default key names carry decoys: read, they would stop the walk or change the total
    info: dict[str, JSONValue] = {"endCursor": cursor, "more": cursor is not None, "n": 3}
    info.update({"cursor": None, "hasMore": False, "total": 99})
    return json_response({"result": {"list": {"paging": info, "rows": items, "items": []}}})


def renamed_flat(items: list[JSONValue], cursor: str | None) -> Responder:
    meta: dict[str, JSONValue] = {"next": cursor, "more": cursor is not None, "count": 3}
    meta.update({"nextCursor": None, "hasMore": False, "totalCount": 99})
    return json_response({"records": items, "page": meta, "meta": {"nextCursor": "c9"}})


@pytest.mark.parametrize("envelope", [renamed_nested, renamed_flat])
def test_cursor_reads_only_the_key_names_it_is_given(harness: Harness, envelope: Any) -> None:
    server = (
        MockServer()
        .add("GET", "/cursor", envelope(rows(1, 2), "c2"))
        .add("GET", "/cursor", envelope(rows(3), None), query_key="after=c2")
    )
    pages = harness.pages(acme(harness, server)._paginate(LIST_RENAMED))
    assert [ids(page) for page in pages] == [[1, 2], [3]]
    assert [page.total for page in pages] == [3, 3]
    assert [page.has_next for page in pages] == [True, False]
    assert params(server) == [{}, {"after": "c2"}]


def test_cursor_filters_kept_on_every_page(harness: Harness) -> None:
    server = (
        MockServer()
        .add("GET", "/cursor", flat(rows(1), "c2"))
        .add("GET", "/cursor", flat(rows(2), "c3"), query_key="q=x&cursor=c2")
        .add("GET", "/cursor", flat(rows(3), None), query_key="q=x&cursor=c3")
    )
    assert ids(harness.collect(acme(harness, server).list_cursor(q="x"))) == [1, 2, 3]
    assert params(server) == [{"q": "x"}, {"q": "x", "cursor": "c2"}, {"q": "x", "cursor": "c3"}]


@pytest.mark.parametrize(
    "body",
    [
        {"data": {"pageInfo": {"cursor": 5}, "items": []}},
        {"errors": []},
        {"data": {"pageInfo": {}, "items": {"id": 1}}},
    ],
)
def test_cursor_body_not_the_envelope_raises(harness: Harness, body: JSONValue) -> None:
    server = MockServer().add("GET", "/cursor", json_response(body))
    with pytest.raises(DecodeError):
        harness.collect(acme(harness, server).list_cursor())


# --- flat_map -------------------------------------------------------------------------------------


def test_flat_map_flattens_sub_items_without_extra_requests(harness: Harness) -> None:
    server = (
        MockServer()
        .add(
            "GET",
            "/api/items/",
            drf(
                [{"id": 1, "children": [{"id": 10}, {"id": 11}]}, {"id": 2, "children": []}],
                "?page=2",
            ),
        )
        .add(
            "GET",
            "/api/items/",
            drf([{"id": 3, "children": [{"id": 30}]}], None),
            query_key="page=2",
        )
    )
    paginator = acme(harness, server).list_next().flat_map(lambda item: item.children)
    children = harness.collect(paginator)
    assert children == [Child(id=10), Child(id=11), Child(id=30)]
    assert len(server.requests) == 2
    pages = harness.pages(paginator)
    assert [[child.id for child in page] for page in pages] == [[10, 11], [30]]
    assert [page.has_next for page in pages] == [True, False]
    assert len(server.requests) == 4


# --- Page -----------------------------------------------------------------------------------------


def test_page_is_a_sequence(harness: Harness) -> None:
    server = MockServer().add("GET", "/api/items/", drf(rows(1, 2, 3, 4), None, count=4))
    page = harness.first_page(acme(harness, server).list_next())
    assert len(page) == 4
    assert page[0] == Item(id=1)
    assert page[-1] == Item(id=4)
    assert page[1:3] == [Item(id=2), Item(id=3)]
    assert [item.id for item in page] == [1, 2, 3, 4]
    assert page.items == [Item(id=n) for n in (1, 2, 3, 4)]
    assert Item(id=3) in page
    assert page.index(Item(id=2)) == 1
    assert list(reversed(page)) == [Item(id=n) for n in (4, 3, 2, 1)]
    assert repr(page) == "Page(items=4, total=4, has_next=False)"
    assert page.response.status_code == 200
    with pytest.raises(IndexError):
        page[4]


def test_page_rate_limit_from_headers(harness: Harness) -> None:
    body = json.dumps({"count": 1, "next": None, "results": rows(1)})
    headers = {
        "X-RateLimit-Limit": "100",
        "X-RateLimit-Remaining": "99",
        "X-RateLimit-Reset": "1700000000",
    }
    server = MockServer().add("GET", "/api/items/", json_response(body, headers=headers))
    page = harness.first_page(acme(harness, server).list_next())
    assert page.rate_limit == RateLimitInfo(limit=100, remaining=99, reset=1700000000.0)


def test_page_rate_limit_partial_and_unreadable(harness: Harness) -> None:
    headers = {"X-RateLimit-Remaining": "7", "X-RateLimit-Reset": "soon"}
    server = MockServer().add(
        "GET", "/api/items/", json_response({"results": rows(1)}, headers=headers)
    )
    page = harness.first_page(acme(harness, server).list_next())
    assert page.rate_limit == RateLimitInfo(limit=None, remaining=7, reset=None)


def test_page_rate_limit_none_when_absent(harness: Harness) -> None:
    server = MockServer().add("GET", "/api/items/", drf(rows(1), None))
    page = harness.first_page(acme(harness, server).list_next())
    assert page.rate_limit is None


def test_endpoint_paths_are_checked_when_declared() -> None:
    """A path is appended to the base URL as written, so a malformed one is refused early."""
    for bad in ("things", "/things?x=1", "/things#top", "/a b", "/caf\u00e9"):
        with pytest.raises(ValueError, match="endpoint path"):
            ListEndpoint(method="GET", path=bad, item=Item, paging=NextUrl())
    ok = ListEndpoint(method="GET", path="/a/{thing_id}/b%20c/", item=Item, paging=NextUrl())
    assert ok.path_params == ("thing_id",)
