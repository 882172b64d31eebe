"""P073 Memory Reuse via Buffer Pools: what Python does where Go pools buffers.

Go pools byte buffers to spare its garbage collector. CPython frees a buffer
the moment its last reference goes (reference counting), so a pool rarely pays
off. The closest useful practice is to reuse one `bytearray` per stream, read
into it with `readinto`, and slice it with `memoryview` instead of copying.
This module does that, with counters instead of timings, and keeps the same
cap a Go pool needs: a buffer grown by one huge message is not kept.
"""

from __future__ import annotations

import io
import zlib


class BufferPool:
    """Hands out bytearrays and takes them back, keeping at most `max_idle`.

    A buffer that has grown beyond `max_keep` bytes is dropped on `put`, so one
    oversized message does not keep megabytes alive for the rest of the run.
    """

    def __init__(self, size: int, *, max_keep: int, max_idle: int = 4) -> None:
        if not 0 < size <= max_keep:
            raise ValueError("need 0 < size <= max_keep")
        self._size = size
        self._max_keep = max_keep
        self._max_idle = max_idle
        self._idle: list[bytearray] = []
        self.allocated = 0
        self.reused = 0
        self.dropped = 0

    def get(self, at_least: int) -> bytearray:
        if self._idle and len(self._idle[-1]) >= at_least:
            self.reused += 1
            return self._idle.pop()
        self.allocated += 1
        return bytearray(max(self._size, at_least))

    def put(self, buf: bytearray) -> None:
        if len(buf) > self._max_keep or len(self._idle) >= self._max_idle:
            self.dropped += 1
            return
        self._idle.append(buf)


def frame(payload: bytes) -> bytes:
    """A 4-byte big-endian length, then the payload."""
    return len(payload).to_bytes(4, "big") + payload


def checksums(stream: io.BufferedIOBase, pool: BufferPool) -> list[int]:
    """Read length-prefixed messages and return each one's CRC-32.

    Each message is read into a pooled buffer with `readinto`, and only the
    `memoryview` slice holding that message is passed on: no bytes object is
    created per message. The buffer goes back to the pool in `finally`.
    """
    results: list[int] = []
    header = bytearray(4)
    while stream.readinto(header) == 4:
        length = int.from_bytes(header, "big")
        buf = pool.get(length)
        try:
            with memoryview(buf)[:length] as view:
                if stream.readinto(view) != length:
                    raise EOFError("stream ended inside a message")
                results.append(zlib.crc32(view))
        finally:
            pool.put(buf)
    return results


def main() -> None:
    pool = BufferPool(4096, max_keep=64 * 1024)
    messages = [f"event {i}".encode() for i in range(1000)]
    stream = io.BytesIO(b"".join(frame(m) for m in messages))
    sums = checksums(stream, pool)
    print("messages:", len(sums), "| correct:", sums == [zlib.crc32(m) for m in messages])
    #> messages: 1000 | correct: True
    print("buffers allocated:", pool.allocated, "| reused:", pool.reused)
    #> buffers allocated: 1 | reused: 999

    huge = io.BytesIO(frame(b"x" * 1_000_000) + frame(b"small"))
    checksums(huge, pool)
    print("after a 1 MB message: allocated", pool.allocated, "| dropped", pool.dropped)
    #> after a 1 MB message: allocated 2 | dropped 1

    buf = bytearray(b"hello world")
    view = memoryview(buf)[6:]
    buf[6:] = b"WORLD"
    print("a memoryview shares its buffer:", bytes(view))
    #> a memoryview shares its buffer: b'WORLD'


if __name__ == "__main__":
    main()
