"""P073: buffers are reused, oversized ones are dropped, and reads stay correct."""

from __future__ import annotations

import io
import zlib
from collections.abc import Callable
from types import ModuleType

import pytest

from snippets.part11_caching import p073_memory_reuse_via_buffer_pools as p073
from snippets.part11_caching.p073_memory_reuse_via_buffer_pools import (
    BufferPool,
    checksums,
    frame,
)

DemoCheck = Callable[[ModuleType], None]


def test_one_buffer_serves_a_whole_stream() -> None:
    pool = BufferPool(64, max_keep=1024)
    messages = [bytes([i]) * (i % 50) for i in range(200)]
    stream = io.BytesIO(b"".join(frame(m) for m in messages))
    assert checksums(stream, pool) == [zlib.crc32(m) for m in messages]
    assert (pool.allocated, pool.reused, pool.dropped) == (1, 199, 0)


def test_stale_bytes_from_a_longer_message_do_not_leak_into_a_shorter_one() -> None:
    pool = BufferPool(16, max_keep=1024)
    stream = io.BytesIO(frame(b"abcdefgh") + frame(b"xy") + frame(b""))
    assert checksums(stream, pool) == [zlib.crc32(b"abcdefgh"), zlib.crc32(b"xy"), 0]


def test_buffer_grown_past_the_cap_is_not_kept() -> None:
    pool = BufferPool(16, max_keep=100)
    checksums(io.BytesIO(frame(b"z" * 500)), pool)
    assert (pool.allocated, pool.dropped) == (1, 1)
    checksums(io.BytesIO(frame(b"small")), pool)
    assert pool.allocated == 2  # nothing was pooled, so a new small buffer


def test_idle_buffers_are_bounded() -> None:
    pool = BufferPool(8, max_keep=8, max_idle=2)
    buffers = [pool.get(8) for _ in range(3)]
    for buf in buffers:
        pool.put(buf)
    assert (pool.allocated, pool.dropped) == (3, 1)
    assert pool.get(8) is buffers[1]
    assert pool.reused == 1


def test_truncated_message_raises_and_returns_the_buffer() -> None:
    pool = BufferPool(16, max_keep=64)
    with pytest.raises(EOFError):
        checksums(io.BytesIO(frame(b"complete")[:6]), pool)
    pool.get(16)
    assert pool.reused == 1


@pytest.mark.parametrize(("size", "keep"), [(0, 10), (20, 10)])
def test_rejects_nonsense_sizes(size: int, keep: int) -> None:
    with pytest.raises(ValueError):
        BufferPool(size, max_keep=keep)


def test_demo_prints_its_documented_output(check_demo: DemoCheck) -> None:
    check_demo(p073)
