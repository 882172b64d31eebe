"""P099: the encoder reuses one buffer, packs the same bytes as the obvious code, grows once."""

from __future__ import annotations

import struct
from collections.abc import Callable
from types import ModuleType

import pytest

from snippets.part16_systems import p099_zero_allocation_hot_paths as p099
from snippets.part16_systems.p099_zero_allocation_hot_paths import (
    RECORD,
    FrameEncoder,
    Sample,
    decode,
    encode_simple,
)

DemoCheck = Callable[[ModuleType], None]

EDGES: list[Sample] = [
    (0, 0, 0),
    (65_535, 2**63 - 1, 2**64 - 1),
    (1, -(2**63), 1_700_000_000_000),
    (2, -1, 1),
]


def test_record_layout_is_fixed_and_unpadded() -> None:
    assert RECORD.size == 2 + 8 + 8
    assert RECORD.pack(1, -1, 2) == b"\x01\x00" + b"\xff" * 8 + b"\x02" + b"\x00" * 7


@pytest.mark.parametrize("batch", [[], EDGES[:1], EDGES, EDGES * 3])
def test_encoded_bytes_equal_the_simple_version_and_decode_back(batch: list[Sample]) -> None:
    frame = FrameEncoder(capacity=16).encode(batch)
    assert frame.tobytes() == encode_simple(batch)
    assert list(decode(frame)) == batch


def test_the_same_buffer_serves_every_batch_that_fits() -> None:
    encoder = FrameEncoder(capacity=8)
    buffer = encoder.buffer
    for size in [8, 1, 5, 0, 8]:
        frame = encoder.encode(EDGES[:1] * size)
        assert frame.obj is buffer  # the view is of the reused buffer, not a copy
        assert frame.nbytes == size * RECORD.size
    assert encoder.buffer is buffer
    assert len(buffer) == 8 * RECORD.size
    assert encoder.grows == 0


def test_a_larger_batch_grows_once_and_the_bigger_buffer_is_kept() -> None:
    encoder = FrameEncoder(capacity=2)
    old_view = encoder.encode(EDGES[:2])
    encoder.encode(EDGES * 3)  # 12 records: no BufferError although old_view exists
    grown = encoder.buffer
    assert encoder.grows == 1
    assert len(grown) == 12 * RECORD.size
    assert list(decode(old_view)) == EDGES[:2]  # the old buffer is untouched
    encoder.encode(EDGES * 3)
    encoder.encode(EDGES)
    assert encoder.buffer is grown
    assert encoder.grows == 1


def test_growth_at_least_doubles_so_slowly_rising_batches_do_not_grow_every_time() -> None:
    encoder = FrameEncoder(capacity=4)
    encoder.encode(EDGES[:1] * 5)
    assert len(encoder.buffer) == 8 * RECORD.size
    for size in range(5, 9):
        encoder.encode(EDGES[:1] * size)
    assert encoder.grows == 1


def test_a_kept_view_sees_the_next_batch_but_a_copy_does_not() -> None:
    encoder = FrameEncoder(capacity=4)
    view = encoder.encode([EDGES[1]])
    copy = bytes(view)
    encoder.encode([EDGES[2]])
    assert list(decode(view)) == [EDGES[2]]
    assert list(decode(copy)) == [EDGES[1]]


@pytest.mark.parametrize(
    "sample",
    [(65_536, 0, 0), (0, 2**63, 0), (0, 0, -1)],
)
def test_out_of_range_fields_fail_loudly(sample: Sample) -> None:
    with pytest.raises(struct.error):
        FrameEncoder(capacity=1).encode([sample])


def test_rejects_zero_capacity() -> None:
    with pytest.raises(ValueError, match="capacity"):
        FrameEncoder(capacity=0)


def test_demo_prints_its_documented_output(check_demo: DemoCheck) -> None:
    check_demo(p099)
