"""P072 before: every caller manages the cache by hand (cache-aside, done ad hoc).

Each handler checks the dict, loads from the database on a miss and fills the
dict. Ten requests that arrive together for a cold key all miss and all query
the database. A handler that updates the database forgets the cache, so reads
keep returning the old price.
"""

from __future__ import annotations

import asyncio


class Database:
    def __init__(self) -> None:
        self.rows = {"sku-1": "9.99"}
        self.queries = 0

    async def select(self, sku: str) -> str:
        self.queries += 1
        await asyncio.sleep(0)  # a round trip
        return self.rows[sku]

    async def update(self, sku: str, price: str) -> None:
        await asyncio.sleep(0)
        self.rows[sku] = price


CACHE: dict[str, str] = {}


async def get_price(db: Database, sku: str) -> str:
    if sku in CACHE:
        return CACHE[sku]
    price = await db.select(sku)
    CACHE[sku] = price
    return price


async def set_price(db: Database, sku: str, price: str) -> None:
    await db.update(sku, price)  # the cache is someone else's problem


async def main() -> None:
    db = Database()
    prices = await asyncio.gather(*(get_price(db, "sku-1") for _ in range(10)))
    print(f"10 concurrent reads of a cold key: {db.queries} queries, got {set(prices)}")
    #> 10 concurrent reads of a cold key: 10 queries, got {'9.99'}
    await set_price(db, "sku-1", "12.50")
    print("database:", db.rows["sku-1"], "| read:", await get_price(db, "sku-1"))
    #> database: 12.50 | read: 9.99


if __name__ == "__main__":
    asyncio.run(main())
