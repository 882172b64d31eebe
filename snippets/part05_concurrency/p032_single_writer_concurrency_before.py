"""P032 before: every handler writes the shared stock levels itself.

Each movement handler copies the current levels, awaits a lookup, and then
stores its copy plus its own change. While it waited, other handlers stored
their copies, and the last one to finish overwrites them all. No line is
wrong on its own; the bug is that twenty tasks write one piece of state.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from dataclasses import dataclass


@dataclass(frozen=True)
class Movement:
    """Goods in (positive quantity) or out (negative) for one SKU."""

    sku: str
    quantity: int


class Catalog:
    """A stand-in product catalog: every lookup takes one turn of the event loop."""

    async def check(self, sku: str) -> None:
        await asyncio.sleep(0)  # a network round trip: every other task runs meanwhile


class StockLevels:
    """Shared stock levels that any task may update."""

    def __init__(self, levels: dict[str, int], catalog: Catalog) -> None:
        self.levels = dict(levels)
        self.catalog = catalog
        self.writes_by: Counter[str] = Counter()  # task name -> writes it made

    async def record(self, movement: Movement) -> None:
        levels = self.levels  # read ...
        await self.catalog.check(movement.sku)  # ... wait ...
        new_level = levels.get(movement.sku, 0) + movement.quantity
        self.levels = {**levels, movement.sku: new_level}  # ... write a stale copy
        task = asyncio.current_task()
        assert task is not None
        self.writes_by[task.get_name()] += 1


async def main() -> None:
    stock = StockLevels({"widget": 10}, Catalog())
    movements = [Movement("widget", -1)] * 12 + [Movement("widget", +5)]
    async with asyncio.TaskGroup() as group:
        for number, movement in enumerate(movements, start=1):
            group.create_task(stock.record(movement), name=f"handler-{number}")
    print(f"widget: {stock.levels['widget']} (10 - 12 sold + 5 delivered = 3)")
    #> widget: 15 (10 - 12 sold + 5 delivered = 3)
    print(f"tasks that wrote the levels: {len(stock.writes_by)}")
    #> tasks that wrote the levels: 13


if __name__ == "__main__":
    asyncio.run(main())
