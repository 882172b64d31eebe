"""P070 before: read every length-prefixed record into a brand-new bytes object.

`stream.read(n)` returns a new object on every call: one for each two-byte
header and one for each payload. In CPython each is freed the moment the loop
drops it, so this is usually fine; it only matters in a hot loop or with large
records, where allocating and copying every time is the cost you pay.
"""

from __future__ import annotations

import io
import struct

HEADER = struct.Struct(">H")


def encode_records(payloads: list[bytes]) -> bytes:
    """Frame each payload with a two-byte big-endian length."""
    return b"".join(HEADER.pack(len(payload)) + payload for payload in payloads)


class FreshReader:
    """Reads records with `read(n)`, counting the bytes objects that creates."""

    def __init__(self, stream: io.BytesIO) -> None:
        self._stream = stream
        self.allocations = 0

    def _read(self, size: int) -> bytes:
        data = self._stream.read(size)
        if data:
            self.allocations += 1
        return data

    def records(self) -> list[bytes]:
        found: list[bytes] = []
        while header := self._read(HEADER.size):
            (size,) = HEADER.unpack(header)
            found.append(self._read(size))
        return found


def main() -> None:
    payloads = [b"ping", b"a much longer status line", b"ok"] * 334
    reader = FreshReader(io.BytesIO(encode_records(payloads)))
    records = reader.records()
    print("records read:", len(records))
    #> records read: 1002
    print("bytes objects allocated:", reader.allocations)
    #> bytes objects allocated: 2004


if __name__ == "__main__":
    main()
