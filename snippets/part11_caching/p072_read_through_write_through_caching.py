"""P072 Read-Through / Write-Through Caching: the cache owns loading and writing.

Callers talk only to the cache. `get` returns a cached value or loads it from
the store on a miss (read-through); concurrent misses for one key share a
single load. `put` writes to the store first and updates the cache only after
the store has accepted the value (write-through), so the cache never holds a
value the store does not.
"""

from __future__ import annotations

import asyncio
from typing import Protocol


class Store(Protocol):
    """The source of truth the cache sits in front of."""

    async def load(self, key: str) -> str: ...

    async def save(self, key: str, value: str) -> None: ...


class ThroughCache:
    """A read-through, write-through cache for one store.

    A load runs in its own task, so cancelling one waiting caller does not
    cancel the load the other callers are waiting for. A failed load is not
    cached: its error goes to every caller waiting on it, and the next `get`
    tries again.
    """

    def __init__(self, store: Store) -> None:
        self._store = store
        self._values: dict[str, str] = {}
        self._loading: dict[str, asyncio.Task[str]] = {}
        self._writes: dict[str, int] = {}  # bumps on each put, to spot stale loads

    async def get(self, key: str) -> str:
        if key in self._values:
            return self._values[key]
        task = self._loading.get(key)
        if task is None:
            task = asyncio.ensure_future(self._load(key))
            self._loading[key] = task
        return await asyncio.shield(task)

    async def _load(self, key: str) -> str:
        writes_before = self._writes.get(key, 0)
        try:
            value = await self._store.load(key)
        finally:
            del self._loading[key]
        # A put that finished while we loaded holds the newer value; a load
        # that started earlier must not overwrite it with what it read.
        if self._writes.get(key, 0) == writes_before:
            self._values[key] = value
        return value

    async def put(self, key: str, value: str) -> None:
        await self._store.save(key, value)  # raises: the cache stays untouched
        self._writes[key] = self._writes.get(key, 0) + 1
        self._values[key] = value

    def cached(self, key: str) -> str | None:
        """The value held in memory, without loading; for tests and metrics."""
        return self._values.get(key)


class PriceTable:
    """An in-memory stand-in for a database, counting its round trips."""

    def __init__(self, rows: dict[str, str]) -> None:
        self.rows = dict(rows)
        self.loads = 0
        self.saves = 0
        self.fail_saves = False

    async def load(self, key: str) -> str:
        self.loads += 1
        await asyncio.sleep(0)  # a round trip: other tasks run meanwhile
        if key not in self.rows:
            raise KeyError(key)
        return self.rows[key]

    async def save(self, key: str, value: str) -> None:
        await asyncio.sleep(0)
        if self.fail_saves:
            raise ConnectionError("database unavailable")
        self.saves += 1
        self.rows[key] = value


async def main() -> None:
    table = PriceTable({"sku-1": "9.99"})
    cache = ThroughCache(table)
    prices = await asyncio.gather(*(cache.get("sku-1") for _ in range(10)))
    print(f"10 concurrent reads of a cold key: {table.loads} load, got {set(prices)}")
    #> 10 concurrent reads of a cold key: 1 load, got {'9.99'}

    await cache.put("sku-1", "12.50")
    print("database:", table.rows["sku-1"], "| read:", await cache.get("sku-1"))
    #> database: 12.50 | read: 12.50

    table.fail_saves = True
    try:
        await cache.put("sku-1", "0.01")
    except ConnectionError as exc:
        print("write failed:", exc, "| read:", await cache.get("sku-1"))
    #> write failed: database unavailable | read: 12.50
    print("loads:", table.loads, "saves:", table.saves)
    #> loads: 1 saves: 1


if __name__ == "__main__":
    asyncio.run(main())
