"""P066 before: the export endpoint builds the whole response before sending a byte.

The handler reads every row, formats every line, joins them into one body and
only then returns. Memory grows with the table, the client sees nothing until
the last row is read, and a client that hangs up early still costs a full scan.
"""

from __future__ import annotations

import asyncio
import json


class OrderTable:
    """A stand-in table that counts how many rows it was asked for."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.rows_read = 0

    async def fetch_page(self, offset: int, limit: int) -> list[dict[str, int]]:
        await asyncio.sleep(0)
        page = [{"id": n, "cents": n * 100} for n in range(offset, min(offset + limit, self.size))]
        self.rows_read += len(page)
        return page


async def export_orders(table: OrderTable) -> str:
    lines: list[str] = []
    offset = 0
    while page := await table.fetch_page(offset, 500):
        lines.extend(json.dumps(row) + "\n" for row in page)
        offset += len(page)
    return "".join(lines)  # every row is in memory here, twice


async def main() -> None:
    table = OrderTable(size=10_000)
    body = await export_orders(table)
    first_line = body.splitlines()[0]
    print(f"lines held in memory before the first byte is sent: {body.count(chr(10))}")
    #> lines held in memory before the first byte is sent: 10000
    print(f"the client wanted only the first line: {first_line}")
    #> the client wanted only the first line: {"id": 0, "cents": 0}
    print(f"rows read anyway: {table.rows_read}")
    #> rows read anyway: 10000


if __name__ == "__main__":
    asyncio.run(main())
