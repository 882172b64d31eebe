"""P099 Zero-Allocation Hot Paths, the Python version: reuse one buffer, pack in place.

CPython allocates an object for almost every value it computes, so a hot path
cannot be allocation-free the way a Go one can. What Python code can avoid is
the per-item garbage it chooses to create: a bytes object per record, a
string per line, a list that is rebuilt for every batch. `FrameEncoder` packs
fixed-width binary records into one preallocated `bytearray` with
`struct.Struct.pack_into`, returns a `memoryview` of the filled part, and
keeps the same buffer for every batch that fits.
"""

from __future__ import annotations

import struct
from collections.abc import Iterator, Sequence

# metric id (uint16), value (int64), unix milliseconds (uint64):
# little-endian with "<", so there is no padding and the size is 18 everywhere.
RECORD = struct.Struct("<HqQ")

Sample = tuple[int, int, int]


class FrameEncoder:
    """Encodes batches of samples into one buffer that it owns and reuses.

    The view returned by `encode` is valid only until the next call, which
    writes over the same bytes: copy it with `bytes(view)` if it must live on.
    """

    def __init__(self, capacity: int) -> None:
        if capacity < 1:
            raise ValueError("capacity must be at least 1 record")
        self._buffer = bytearray(capacity * RECORD.size)
        self.grows = 0

    @property
    def buffer(self) -> bytearray:
        return self._buffer

    def encode(self, samples: Sequence[Sample]) -> memoryview:
        size = RECORD.size
        needed = len(samples) * size
        if needed > len(self._buffer):
            # Grow once to the larger size and keep it. A new bytearray, not
            # a resize: a bytearray cannot be resized while a view of it exists.
            self._buffer = bytearray(max(needed, 2 * len(self._buffer)))
            self.grows += 1
        buffer, pack_into = self._buffer, RECORD.pack_into  # look up once, not per record
        offset = 0
        for metric, value, timestamp in samples:
            pack_into(buffer, offset, metric, value, timestamp)
            offset += size
        return memoryview(buffer)[:offset]


def decode(frame: memoryview | bytes) -> Iterator[Sample]:
    """Read records back without slicing the frame into one bytes object each."""
    yield from RECORD.iter_unpack(frame)


def encode_simple(samples: Sequence[Sample]) -> bytes:
    """The obvious version: a bytes object per record, then a join into a new one."""
    return b"".join(RECORD.pack(*sample) for sample in samples)


def main() -> None:
    batches: list[list[Sample]] = [
        [(1, 1027, 1_700_000_000_000), (2, -3, 1_700_000_000_000)],
        [(3, 982_374_112, 1_700_000_001_000)],
        [(1, 1031, 1_700_000_002_000), (2, 0, 1_700_000_002_000), (3, 7, 1_700_000_002_000)],
    ]
    encoder = FrameEncoder(capacity=4)
    first_buffer = encoder.buffer
    for batch in batches:
        frame = encoder.encode(batch)
        same = frame.tobytes() == encode_simple(batch)
        print(f"{len(batch)} records -> {frame.nbytes} bytes, same as pack+join: {same}")
    #> 2 records -> 36 bytes, same as pack+join: True
    #> 1 records -> 18 bytes, same as pack+join: True
    #> 3 records -> 54 bytes, same as pack+join: True
    print("one buffer for every batch:", encoder.buffer is first_buffer, "grows:", encoder.grows)
    #> one buffer for every batch: True grows: 0
    print("first record:", RECORD.pack(*batches[0][0]).hex(" "))
    #> first record: 01 00 03 04 00 00 00 00 00 00 00 68 e5 cf 8b 01 00 00
    print("decoded:", list(decode(encoder.encode(batches[1]))))
    #> decoded: [(3, 982374112, 1700000001000)]

    # The trap that comes with reuse: a view is overwritten by the next batch.
    kept = encoder.encode(batches[1])
    saved = bytes(kept)  # a copy that survives
    encoder.encode(batches[0])
    print("kept view now reads:", next(decode(kept)), "copy reads:", next(decode(saved)))
    #> kept view now reads: (1, 1027, 1700000000000) copy reads: (3, 982374112, 1700000001000)

    big = [(4, n, 1_700_000_003_000) for n in range(10)]
    encoder.encode(big)
    capacity = len(encoder.buffer) // RECORD.size
    print("after a 10-record batch: grows:", encoder.grows, "capacity:", capacity)
    #> after a 10-record batch: grows: 1 capacity: 10


if __name__ == "__main__":
    main()
