"""P031 before: every task changes the shared stock, and an await splits read from write.

`reserve` reads the stock level, awaits the ledger, then writes the level it
read minus the quantity. While it waits, every other shopper runs the same
lines and reads the same old level. All of them see a lamp in stock, all of
them confirm, and each write overwrites the last: the updates are lost and
the shop sells lamps it does not have. There is one thread and no data race
in the C sense; the interleaving happens at the `await`.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping


class Ledger:
    """A stand-in ledger service that records stock changes."""

    def __init__(self) -> None:
        self.entries: list[tuple[str, int]] = []

    async def record(self, sku: str, change: int) -> None:
        await asyncio.sleep(0)  # the write's round trip: every other task runs meanwhile
        self.entries.append((sku, change))


class Inventory:
    """Stock levels that any task may read and change."""

    def __init__(self, stock: Mapping[str, int], ledger: Ledger) -> None:
        self.stock = dict(stock)
        self.ledger = ledger

    async def reserve(self, sku: str, quantity: int) -> bool:
        available = self.stock.get(sku, 0)
        if available < quantity:
            return False
        await self.ledger.record(sku, -quantity)  # other shoppers run here...
        self.stock[sku] = available - quantity  # ...and this writes a level read before they did
        return True


async def main() -> None:
    ledger = Ledger()
    inventory = Inventory({"lamp": 3}, ledger)
    results = await asyncio.gather(*(inventory.reserve("lamp", 1) for _ in range(10)))
    print(f"confirmed: {results.count(True)}, refused: {results.count(False)}")
    #> confirmed: 10, refused: 0
    print(f"stock left: {inventory.stock['lamp']}, ledger entries: {len(ledger.entries)}")
    #> stock left: 2, ledger entries: 10


if __name__ == "__main__":
    asyncio.run(main())
