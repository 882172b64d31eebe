"""P066 Streaming API: produce a large response lazily and stop when the client does.

`stream_orders` is an async generator: it fetches one page, yields its rows as
NDJSON lines, and fetches the next page only when the consumer asks for more.
Memory is bounded by the page size, the first line leaves after the first page,
and its `finally` block closes the database cursor whether the stream ended,
failed, or the consumer stopped early. `respond` consumes it inside
`contextlib.aclosing`, so an early stop runs that `finally` at once.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import AsyncGenerator


class Cursor:
    """A server-side cursor over a stand-in table; it must be closed."""

    def __init__(self, table: OrderTable) -> None:
        self._table = table
        self._offset = 0

    async def fetch(self, limit: int) -> list[dict[str, int]]:
        await asyncio.sleep(0)
        end = min(self._offset + limit, self._table.size)
        page = [{"id": n, "cents": n * 100} for n in range(self._offset, end)]
        self._offset = end
        self._table.rows_read += len(page)
        return page

    async def close(self) -> None:
        await asyncio.sleep(0)
        self._table.open_cursors -= 1


class OrderTable:
    def __init__(self, size: int) -> None:
        self.size = size
        self.rows_read = 0
        self.open_cursors = 0

    async def open_cursor(self) -> Cursor:
        await asyncio.sleep(0)
        self.open_cursors += 1
        return Cursor(self)


async def stream_orders(table: OrderTable, page_size: int) -> AsyncGenerator[str, None]:
    """Yield one NDJSON line per order, reading `page_size` rows at a time."""
    cursor = await table.open_cursor()
    try:
        while page := await cursor.fetch(page_size):
            for row in page:
                yield json.dumps(row) + "\n"
    finally:
        # Runs on exhaustion, on an error, and on aclose() after an early stop.
        await cursor.close()


class Client:
    """A connection that accepts `wants` chunks, then hangs up (None: never)."""

    def __init__(self, wants: int | None = None) -> None:
        self.wants = wants
        self.received: list[str] = []

    async def send(self, chunk: str) -> None:
        await asyncio.sleep(0)
        if self.wants is not None and len(self.received) >= self.wants:
            raise ConnectionResetError("client closed the connection")
        self.received.append(chunk)


async def respond(stream: AsyncGenerator[str, None], client: Client) -> str:
    """Send the stream chunk by chunk; close it at once if the client goes away."""
    async with contextlib.aclosing(stream):
        try:
            async for chunk in stream:
                await client.send(chunk)
        except ConnectionResetError:
            return "client went away"
    return "complete"


async def main() -> None:
    table = OrderTable(size=10_000)
    client = Client()
    print(await respond(stream_orders(table, page_size=500), client))
    #> complete
    print(f"lines sent: {len(client.received)}, rows read: {table.rows_read}")
    #> lines sent: 10000, rows read: 10000
    print(f"open cursors: {table.open_cursors}")
    #> open cursors: 0

    table = OrderTable(size=10_000)
    client = Client(wants=3)
    print(await respond(stream_orders(table, page_size=500), client))
    #> client went away
    print(f"first line: {client.received[0].strip()}")
    #> first line: {"id": 0, "cents": 0}
    print(f"lines sent: {len(client.received)}, rows read: {table.rows_read}")
    #> lines sent: 3, rows read: 500
    print(f"open cursors: {table.open_cursors}")
    #> open cursors: 0


if __name__ == "__main__":
    asyncio.run(main())
