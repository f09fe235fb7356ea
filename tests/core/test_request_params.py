"""The request-building pieces the providers beyond the seeds declare: Unix-millisecond dates,
lists of strings, query names repeated per item (``Param(explode=True)``), and the top-level
envelope of `Cursor`."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import httpx
import pytest

from attempts_sdk import DecodeError
from attempts_sdk._config import ProviderSpec, resolve_config
from attempts_sdk._json import JSONValue
from attempts_sdk._pagination import Cursor
from attempts_sdk._request import (
    ListEndpoint,
    Param,
    build_request,
    fmt_int_list,
    fmt_str_list,
    fmt_unix_ms,
)
from support.acme import Item

SPEC = ProviderSpec(
    name="toy",
    credential_name="token",
    base_url_env="TOY_BASE_URL",
    credential_env="TOY_TOKEN",
    auth_scheme="Bearer",
    read_error=lambda body: (None, []),
)
CONFIG = resolve_config(SPEC, base_url="https://toy.example", credential="t0ken")


@pytest.mark.parametrize(
    ("value", "millis"),
    [
        (datetime(2024, 1, 1, tzinfo=timezone.utc), 1704067200000),
        (
            datetime(2024, 1, 1, 5, 30, 0, 999, tzinfo=timezone(timedelta(hours=5, minutes=30))),
            1704067200000,
        ),
        (datetime(1969, 12, 31, 23, 59, 59, 999500, tzinfo=timezone.utc), -1),
        (date(2018, 2, 11), 1518307200000),
    ],
)
def test_unix_milliseconds_are_whole_and_floored(value: object, millis: int) -> None:
    assert fmt_unix_ms("start_date", value) == millis


def test_unix_milliseconds_refuse_a_naive_datetime_or_text() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        fmt_unix_ms("start_date", datetime(2024, 1, 1))
    with pytest.raises(TypeError):
        fmt_unix_ms("start_date", "1704067200000")


def test_a_list_of_strings_is_checked_item_by_item() -> None:
    assert fmt_str_list("login", ("a", "b")) == ["a", "b"]
    with pytest.raises(TypeError, match="list of str"):
        fmt_str_list("login", "ab")
    with pytest.raises(ValueError, match=r"login\[1\] must not be empty"):
        fmt_str_list("login", ["a", " "])


def test_an_exploded_param_repeats_its_name_and_an_empty_list_sends_nothing() -> None:
    endpoint: ListEndpoint[Item] = ListEndpoint(
        method="GET",
        path="/items",
        item=Item,
        paging=Cursor(),
        query={
            "ids": Param("filters[id][]", fmt_int_list, explode=True),
            "tags": Param("tags", fmt_str_list),
        },
    )

    request = build_request(CONFIG, endpoint, {"ids": [3, 1], "tags": ["x", "y"]})
    empty = build_request(CONFIG, endpoint, {"ids": []})

    assert request.url.params.multi_items() == [
        ("filters[id][]", "3"),
        ("filters[id][]", "1"),
        ("tags", "x,y"),
    ]
    assert str(empty.url) == "https://toy.example/items"


def _read(strategy: Cursor, body: JSONValue) -> tuple[list[JSONValue], str, str | None]:
    request = httpx.Request("GET", "https://toy.example/items?q=1")
    data = strategy.read(body, request, CONFIG)
    following: str | None = None
    if data.next_request is not None:
        following = data.next_request.url.params.get("cursor")
    return data.items, data.items_path, following


def test_the_top_level_envelope_is_read_only_where_declared() -> None:
    body: JSONValue = {"events": [{"id": 1}], "pageInfo": {"cursor": "c2", "hasMore": True}}
    declared = Cursor(container=("data", "APIEvents"), items="events", top_level=True)

    assert _read(declared, body) == ([{"id": 1}], "events", "c2")
    nested: JSONValue = {"data": {"APIEvents": {"events": [], "pageInfo": {"hasMore": False}}}}
    assert _read(declared, nested) == ([], "data.APIEvents.events", None)
    with pytest.raises(DecodeError, match=r"no data\.APIEvents object"):
        _read(Cursor(container=("data", "APIEvents"), items="events"), body)
