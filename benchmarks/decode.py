"""Decode: the SDK's list call over an in-memory page of N attempts, against the floor
(``orjson.loads`` alone) and the peers (pydantic v2 ``model_validate_json``, msgspec).

The SDK is measured end to end as a user calls it: ``list(client.list_attempts())`` with an
`httpx.MockTransport` that answers the page's bytes (one request: its cost is spread over N
records). The four decoders run in turn, round after round; each time figure is the median of
its rounds, divided by N, and each ratio the median of the rounds' ratios (the two contenders
of a round ran back to back). Before timing, one check that every decoder read the same values
from sample records, so none is timed doing less work.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal

import httpx
import orjson

from attempts_sdk._models import Model, wire_names
from attempts_sdk.testpress import Attempt, TestpressClient

from . import _data
from ._peers import PydanticAttempt, PydanticPage, msgspec_decoder
from ._report import Detail, Result, Timings, at_most, interleave, median

__all__ = ["Mismatch", "Size", "assert_same", "mock_client", "run", "verify"]

Size = tuple[str, int, int]
"""``(id, records, rounds)``: ``("small", 2000, 21)``."""

FULL: Sequence[Size] = (("small", 2_000, 21), ("large", 10_000, 9))
QUICK: Sequence[Size] = (("small", 200, 3), ("large", 1_000, 2))


def mock_client(body: bytes) -> TestpressClient:
    """A client whose every request is answered ``body`` (in memory)."""

    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=body, headers={"Content-Type": "application/json"})

    return TestpressClient(
        base_url=_data.BASE_URL, token="bench-token", transport=httpx.MockTransport(answer)
    )


class Mismatch(AssertionError):
    """Two decoders read different values from the same record."""


def assert_same(expected: object, actual: object, path: str) -> None:
    """``actual`` (a peer's value) holds what ``expected`` (the SDK's) holds, type included."""
    if isinstance(expected, Model):
        for name in wire_names(type(expected)):
            assert_same(getattr(expected, name), getattr(actual, name), f"{path}.{name}")
        return
    if isinstance(expected, list):
        if not isinstance(actual, list) or len(actual) != len(expected):
            raise Mismatch(f"{path}: {expected!r} != {actual!r}")
        for index, (left, right) in enumerate(zip(expected, actual, strict=True)):
            assert_same(left, right, f"{path}[{index}]")
        return
    same = type(actual) is type(expected) and actual == expected
    if isinstance(expected, str):  # the SDK's open enum compares equal to its wire string
        same = isinstance(actual, str) and actual == expected
    elif isinstance(expected, datetime):
        same = (
            isinstance(actual, datetime)
            and actual == expected
            and actual.utcoffset() == expected.utcoffset()
        )
    elif isinstance(expected, Decimal):
        same = isinstance(actual, Decimal) and str(actual) == str(expected)
    elif expected is not None and not isinstance(expected, (bool, int, float)):
        same = isinstance(actual, type(expected)) and actual == expected  # timedelta subclasses
    if not same:
        raise Mismatch(f"{path}: SDK read {expected!r}, the peer {actual!r}")


def verify(records: list[_data.Record], body: bytes) -> None:
    """Every decoder read each sample record the same way (raises `Mismatch`)."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the data is clean: any DataWarning is a bug
        with mock_client(body) as client:
            sdk = list(client.list_attempts())
    floor = orjson.loads(body)["results"]
    pydantic = PydanticPage.model_validate_json(body).results
    msgspec = msgspec_decoder().decode(body).results
    counts = {len(sdk), len(floor), len(pydantic), len(msgspec)}
    if counts != {len(records)}:
        raise Mismatch(f"decoders returned {counts} records, not {len(records)}")
    for index in sorted({0, len(records) // 2, len(records) - 1}):
        if floor[index] != records[index]:
            raise Mismatch(f"orjson: record {index} differs from the one sent")
        if not isinstance(sdk[index], Attempt) or not isinstance(pydantic[index], PydanticAttempt):
            raise Mismatch(f"record {index}: wrong model class")
        assert_same(sdk[index], pydantic[index], f"pydantic results[{index}]")
        assert_same(sdk[index], msgspec[index], f"msgspec results[{index}]")


def _round_ratio(timings: Timings, peer: str) -> float:
    """The median of each round's SDK / peer ratio (the two ran back to back, so a slow spell
    of the machine weighs on both)."""
    return median([sdk / other for sdk, other in zip(timings["sdk"], timings[peer], strict=True)])


def _measure(size: Size) -> list[Result]:
    key, count, rounds = size
    records = _data.attempts(count)
    body = _data.page_body(records, page=1, per_page=count, count=count)
    verify(records, body)
    decoder = msgspec_decoder()
    with mock_client(body) as client:
        timings = interleave(
            {
                "sdk": lambda: list(client.list_attempts()),
                "orjson": lambda: orjson.loads(body),
                "pydantic": lambda: PydanticPage.model_validate_json(body),
                "msgspec": lambda: decoder.decode(body),
            },
            rounds,
        )
    per_record = {name: median(times) / count * 1e6 for name, times in timings.items()}
    label = f"decode N={count:,}"
    details: Detail = {
        "records": count,
        "rounds": rounds,
        "page_bytes": len(body),
    }
    labels = {
        "sdk": "SDK list_attempts()",
        "orjson": "orjson.loads (floor)",
        "pydantic": "pydantic v2 model_validate_json",
        "msgspec": "msgspec Struct + dec_hook",
    }
    rows = [
        Result(
            f"decode.{key}.{name}",
            f"{label}: {labels[name]}",
            per_record[name],
            "µs/record",
            details={**details, "round_seconds": [round(t, 5) for t in timings[name]]},
        )
        for name in ("sdk", "orjson", "pydantic", "msgspec")
    ]
    rows.append(
        at_most(
            f"decode.{key}.sdk_vs_pydantic",
            f"{label}: SDK / pydantic",
            _round_ratio(timings, "pydantic"),
            "x",
            1.0,
            {**details, "ratio_of_medians": per_record["sdk"] / per_record["pydantic"]},
        )
    )
    rows.append(
        at_most(
            f"decode.{key}.sdk_vs_orjson",
            f"{label}: SDK / orjson floor (stretch)",
            _round_ratio(timings, "orjson"),
            "x",
            3.0,
            {**details, "ratio_of_medians": per_record["sdk"] / per_record["orjson"]},
        )
    )
    return rows


def run(sizes: Sequence[Size]) -> list[Result]:
    """Measure each size in turn."""
    return [row for size in sizes for row in _measure(size)]
