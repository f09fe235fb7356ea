"""`BodyReader`: the decision half of reading a body (decoding in bounded steps, counting the
decoded bytes, the deadline), fed chunk by chunk as the shells feed it."""

from __future__ import annotations

import gzip
import zlib

import httpx
import pytest

from attempts_sdk._limits import STEP, BodyReader, size_text

BODY = b'{"results": [' + b'{"id": 1, "score": "1.00"},' * 20_000 + b'{"id": 2}]}'


def _response(**headers: str) -> httpx.Response:
    return httpx.Response(200, headers=headers, request=httpx.Request("GET", "https://x.test/"))


def _read(reader: BodyReader, wire: bytes, chunk: int = 1000) -> bool:
    for start in range(0, len(wire), chunk):
        if not reader.feed(wire[start : start + chunk]):
            return False
    return reader.finish()


def _raw_deflate(data: bytes) -> bytes:
    packer = zlib.compressobj(6, zlib.DEFLATED, -zlib.MAX_WBITS)
    return packer.compress(data) + packer.flush()


@pytest.mark.parametrize(
    ("encoding", "wire"),
    [
        ("", BODY),
        ("identity", BODY),
        ("gzip", gzip.compress(BODY)),
        ("x-gzip", gzip.compress(BODY)),
        ("GZIP", gzip.compress(BODY)),
        ("deflate", zlib.compress(BODY)),
        ("deflate", _raw_deflate(BODY)),  # "deflate" sent without its zlib header
        ("gzip, gzip", gzip.compress(gzip.compress(BODY))),
        ("deflate, gzip", gzip.compress(zlib.compress(BODY))),
        ("gzip,identity", gzip.compress(BODY)),
    ],
)
def test_every_encoding_decodes_to_the_body(encoding: str, wire: bytes) -> None:
    reader = BodyReader(limit=None)
    assert reader.open(_response(**{"Content-Encoding": encoding} if encoding else {}))
    assert _read(reader, wire)
    assert reader.content() == BODY
    assert reader.received == len(BODY)
    assert not reader.too_large and not reader.late


def test_decoded_bytes_count_against_the_limit_and_no_step_yields_more_than_a_step() -> None:
    bomb = gzip.compress(gzip.compress(b"0" * (64 * STEP)))
    reader = BodyReader(limit=10 * STEP)
    assert reader.open(_response(**{"Content-Encoding": "gzip, gzip"}))
    assert _read(reader, bomb, chunk=len(bomb)) is False  # the whole bomb in one chunk
    assert reader.too_large
    assert 10 * STEP < reader.received <= 11 * STEP  # stopped within one step of the limit


def test_a_body_exactly_at_the_limit_is_read() -> None:
    reader = BodyReader(limit=len(BODY))
    assert reader.open(_response())
    assert _read(reader, BODY)
    assert reader.content() == BODY


def test_a_content_length_over_the_limit_is_refused_before_reading() -> None:
    reader = BodyReader(limit=100)
    assert reader.open(_response(**{"Content-Length": "101"})) is False
    assert reader.too_large and reader.received == 0


@pytest.mark.parametrize("encoding", ["br", "zstd", "compress", "gzip, br"])
def test_an_encoding_that_was_not_asked_for_is_refused(encoding: str) -> None:
    with pytest.raises(httpx.DecodingError, match="was not asked for"):
        BodyReader(limit=None).open(_response(**{"Content-Encoding": encoding}))


def test_too_many_stacked_encodings_are_refused() -> None:
    with pytest.raises(httpx.DecodingError, match="5 stacked content-encodings"):
        BodyReader(limit=None).open(_response(**{"Content-Encoding": "gzip, " * 4 + "gzip"}))


def test_a_corrupt_body_is_a_decoding_error() -> None:
    reader = BodyReader(limit=None)
    assert reader.open(_response(**{"Content-Encoding": "gzip"}))
    with pytest.raises(httpx.DecodingError, match="not valid for its encoding"):
        _read(reader, b"\x1f\x8b\x08\x00garbage-that-is-no-deflate-stream")


def test_past_the_deadline_the_reader_stops() -> None:
    clock = [0.0]
    reader = BodyReader(limit=None, ends=5.0, now=lambda: clock[0])
    assert reader.open(_response())
    assert reader.feed(b"{") and reader.left() == 5.0
    clock[0] = 5.0
    assert reader.feed(b" ") is False
    assert reader.late and reader.left() == 0.0


def test_a_body_an_in_memory_transport_read_is_only_counted() -> None:
    reader = BodyReader(limit=10)
    reader.whole(b"0123456789")
    assert reader.content() == b"0123456789" and not reader.too_large
    over = BodyReader(limit=10)
    over.whole(b"0123456789A")
    assert over.too_large


@pytest.mark.parametrize(
    ("size", "text"),
    [(64 * 1024 * 1024, "64 MiB"), (1536, "1.5 KiB"), (900, "900 bytes"), (2**31, "2 GiB")],
)
def test_sizes_read_as_people_write_them(size: int, text: str) -> None:
    assert size_text(size) == text
