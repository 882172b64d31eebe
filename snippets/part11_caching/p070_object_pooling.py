"""P070 Object Pooling: the Python counterpart of a sync.Pool of byte buffers.

Go pools buffers to cut the allocation rate its garbage collector must keep up
with. CPython frees an object the moment its last reference goes, so pooling
plain objects rarely pays. What does pay is keeping one bytearray and reading
into it with `readinto`, handing each record out as a memoryview of exactly
its own length (the reset), and releasing that view when the record's turn is
over, so nobody can read bytes that the next record overwrites.
"""

from __future__ import annotations

import io
import struct
import weakref
from collections.abc import Callable
from typing import Protocol

HEADER = struct.Struct(">H")


class ReadIntoStream(Protocol):
    def readinto(self, buffer: memoryview, /) -> int | None: ...


def encode_records(payloads: list[bytes]) -> bytes:
    """Frame each payload with a two-byte big-endian length."""
    return b"".join(HEADER.pack(len(payload)) + payload for payload in payloads)


class FrameReader:
    """Reads length-prefixed records into one bytearray that it reuses.

    `allocations` counts the bytearrays created: one at the start, plus one each
    time a record is larger than any before it. The small memoryview objects
    that point into the buffer are not counted; they never copy the data.
    """

    def __init__(self, stream: ReadIntoStream, initial_size: int = 64) -> None:
        if initial_size < HEADER.size:
            raise ValueError(f"initial_size must be at least {HEADER.size}")
        self._stream = stream
        self._buffer = bytearray(initial_size)
        self.allocations = 1

    def _reserve(self, size: int) -> None:
        if size > len(self._buffer):
            # Grow by doubling so a slowly rising record size costs few allocations.
            self._buffer = bytearray(max(size, 2 * len(self._buffer)))
            self.allocations += 1

    def _fill(self, view: memoryview, *, eof_ok: bool) -> bool:
        """Fill `view` completely; return False on a clean end of stream."""
        filled = 0
        while filled < len(view):
            got = self._stream.readinto(view[filled:])
            if not got:
                if eof_ok and filled == 0:
                    return False
                raise EOFError("stream ended inside a record")
            filled += got
        return True

    def each(self, handle: Callable[[memoryview], None]) -> int:
        """Call `handle` once per record and return how many there were.

        The view passed to `handle` is released when it returns: copy it with
        `bytes(view)` to keep the data.
        """
        count = 0
        while True:
            with memoryview(self._buffer) as whole:
                if not self._fill(whole[: HEADER.size], eof_ok=True):
                    return count
                (size,) = HEADER.unpack_from(whole)
            self._reserve(size)
            with memoryview(self._buffer) as whole, whole[:size] as record:
                self._fill(record, eof_ok=False)
                handle(record)
            count += 1


class Message:
    """A plain object, as a request handler would create one per request."""

    def __init__(self, body: bytes) -> None:
        self.body = body


def main() -> None:
    payloads = [b"ping", b"a much longer status line", b"ok"] * 334
    reader = FrameReader(io.BytesIO(encode_records(payloads)), initial_size=16)
    first: list[bytes] = []

    def keep_first_three(record: memoryview) -> None:
        if len(first) < 3:
            first.append(bytes(record))  # a copy, because the view is reused

    print("records read:", reader.each(keep_first_three))
    #> records read: 1002
    print("bytearrays allocated:", reader.allocations)
    #> bytearrays allocated: 2
    print("no stale bytes after a long record:", first)
    #> no stale bytes after a long record: [b'ping', b'a much longer status line', b'ok']

    kept: list[memoryview] = []
    FrameReader(io.BytesIO(encode_records([b"first"]))).each(kept.append)
    try:
        kept[0].tobytes()
    except ValueError:
        print("a view kept past its turn is released, not silently overwritten")
    #> a view kept past its turn is released, not silently overwritten

    message = Message(b"hello")
    ref = weakref.ref(message)
    del message
    print("plain object freed when its last reference went:", ref() is None)
    #> plain object freed when its last reference went: True


if __name__ == "__main__":
    main()
