"""P070: buffer reuse counted by allocations, exact-length views, released views."""

from __future__ import annotations

import io
import weakref
from collections.abc import Callable
from types import ModuleType

import pytest

from snippets.part11_caching import p070_object_pooling as p070
from snippets.part11_caching import p070_object_pooling_before as before
from snippets.part11_caching.p070_object_pooling import FrameReader, Message, encode_records

DemoCheck = Callable[[ModuleType], None]


def read_all(data: bytes, initial_size: int = 64) -> tuple[list[bytes], FrameReader]:
    reader = FrameReader(io.BytesIO(data), initial_size=initial_size)
    records: list[bytes] = []
    count = reader.each(lambda view: records.append(bytes(view)))
    assert count == len(records)
    return records, reader


def test_records_come_back_intact() -> None:
    payloads = [b"a", b"", b"bcdef", bytes(range(256)) * 3]
    records, _ = read_all(encode_records(payloads), initial_size=4)
    assert records == payloads


def test_one_buffer_serves_records_that_fit() -> None:
    records, reader = read_all(encode_records([b"x" * 10] * 500), initial_size=16)
    assert len(records) == 500
    assert reader.allocations == 1


def test_buffer_grows_by_doubling_only_when_needed() -> None:
    _, reader = read_all(
        encode_records([b"x" * 17, b"x" * 20, b"x" * 33, b"x" * 5]), initial_size=16
    )
    assert reader.allocations == 3  # 16, then 32, then 64


def test_fresh_reads_allocate_per_record() -> None:
    data = encode_records([b"x" * 10] * 500)
    fresh = before.FreshReader(io.BytesIO(data))
    assert len(fresh.records()) == 500
    assert fresh.allocations == 1000
    _, reused = read_all(data)
    assert reused.allocations < fresh.allocations


def test_short_record_after_long_one_sees_no_stale_bytes() -> None:
    records, _ = read_all(encode_records([b"0123456789", b"ab"]))
    assert records == [b"0123456789", b"ab"]


def test_view_kept_after_its_turn_is_released() -> None:
    kept: list[memoryview] = []
    FrameReader(io.BytesIO(encode_records([b"one", b"two"]))).each(kept.append)
    for view in kept:
        with pytest.raises(ValueError):
            view.tobytes()


def test_truncated_record_is_an_error() -> None:
    data = encode_records([b"complete", b"truncated"])[:-3]
    with pytest.raises(EOFError, match="inside a record"):
        read_all(data)


def test_truncated_header_is_an_error() -> None:
    with pytest.raises(EOFError):
        read_all(encode_records([b"ok"]) + b"\x00")


class Trickle(io.BytesIO):
    """A stream that returns at most one byte per readinto, like a slow socket."""

    def readinto(self, buffer: object, /) -> int:
        assert isinstance(buffer, memoryview)
        return super().readinto(buffer[:1])


def test_partial_reads_are_completed() -> None:
    reader = FrameReader(Trickle(encode_records([b"slow", b"data"])))
    records: list[bytes] = []
    assert reader.each(lambda view: records.append(bytes(view))) == 2
    assert records == [b"slow", b"data"]


def test_initial_size_must_hold_a_header() -> None:
    with pytest.raises(ValueError, match="initial_size"):
        FrameReader(io.BytesIO(b""), initial_size=1)


def test_plain_objects_are_freed_at_once() -> None:
    message = Message(b"x")
    ref = weakref.ref(message)
    assert ref() is message
    del message
    assert ref() is None


def test_demo_prints_its_documented_output(check_demo: DemoCheck) -> None:
    check_demo(p070)


def test_before_demo_prints_its_documented_output(check_demo: DemoCheck) -> None:
    check_demo(before)
