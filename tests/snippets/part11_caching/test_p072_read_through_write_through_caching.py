"""P072: one load per key under concurrent misses; writes reach the store before the cache."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from types import ModuleType

import pytest

from snippets.part11_caching import p072_read_through_write_through_caching as p072
from snippets.part11_caching import p072_read_through_write_through_caching_before as before
from snippets.part11_caching.p072_read_through_write_through_caching import (
    PriceTable,
    ThroughCache,
)

DemoCheck = Callable[[ModuleType], None]


def test_concurrent_misses_load_each_key_once() -> None:
    async def scenario() -> None:
        table = PriceTable({"a": "1", "b": "2"})
        cache = ThroughCache(table)
        keys = ["a", "b"] * 25
        values = await asyncio.gather(*(cache.get(k) for k in keys))
        assert values == [table.rows[k] for k in keys]
        assert table.loads == 2
        assert await cache.get("a") == "1"
        assert table.loads == 2  # a hit does not touch the store

    asyncio.run(scenario())


def test_write_goes_to_store_then_cache() -> None:
    async def scenario() -> None:
        table = PriceTable({"a": "1"})
        cache = ThroughCache(table)
        await cache.get("a")
        await cache.put("a", "5")
        await cache.put("new", "7")
        assert table.rows == {"a": "5", "new": "7"}
        assert (cache.cached("a"), cache.cached("new")) == ("5", "7")
        assert await cache.get("new") == "7"
        assert table.loads == 1

    asyncio.run(scenario())


def test_failed_write_leaves_cache_and_store_agreeing() -> None:
    async def scenario() -> None:
        table = PriceTable({"a": "1"})
        cache = ThroughCache(table)
        await cache.get("a")
        table.fail_saves = True
        with pytest.raises(ConnectionError):
            await cache.put("a", "2")
        assert cache.cached("a") == "1" == table.rows["a"]

    asyncio.run(scenario())


def test_failed_load_is_shared_and_not_cached() -> None:
    async def scenario() -> None:
        table = PriceTable({})
        cache = ThroughCache(table)
        results = await asyncio.gather(*(cache.get("x") for _ in range(5)), return_exceptions=True)
        assert all(isinstance(r, KeyError) for r in results)
        assert table.loads == 1
        table.rows["x"] = "3"
        assert await cache.get("x") == "3"
        assert table.loads == 2

    asyncio.run(scenario())


class SlowLoadTable(PriceTable):
    """Reads the row at once, then returns it only when the test says so."""

    def __init__(self, rows: dict[str, str]) -> None:
        super().__init__(rows)
        self.release = asyncio.Event()

    async def load(self, key: str) -> str:
        value = await super().load(key)
        await self.release.wait()
        return value


def test_load_that_started_before_a_write_does_not_overwrite_it() -> None:
    async def scenario() -> None:
        table = SlowLoadTable({"a": "old"})
        cache = ThroughCache(table)
        reader = asyncio.create_task(cache.get("a"))
        for _ in range(3):
            await asyncio.sleep(0)  # the load has read "old" and is parked
        await cache.put("a", "new")
        table.release.set()
        assert await reader == "old"  # that reader asked before the write finished
        assert cache.cached("a") == "new"
        assert await cache.get("a") == "new"
        assert table.loads == 1

    asyncio.run(scenario())


def test_cancelled_waiter_does_not_cancel_the_shared_load() -> None:
    async def scenario() -> None:
        table = PriceTable({"a": "1"})
        cache = ThroughCache(table)
        first = asyncio.create_task(cache.get("a"))
        second = asyncio.create_task(cache.get("a"))
        await asyncio.sleep(0)
        first.cancel()
        with pytest.raises(asyncio.CancelledError):
            await first
        assert await second == "1"
        assert table.loads == 1
        assert cache.cached("a") == "1"

    asyncio.run(scenario())


def test_before_version_loads_per_caller_and_serves_stale_data() -> None:
    before.CACHE.clear()

    async def scenario() -> tuple[int, str]:
        db = before.Database()
        await asyncio.gather(*(before.get_price(db, "sku-1") for _ in range(4)))
        await before.set_price(db, "sku-1", "2")
        return db.queries, await before.get_price(db, "sku-1")

    assert asyncio.run(scenario()) == (4, "9.99")


def test_demo_prints_its_documented_output(check_demo: DemoCheck) -> None:
    check_demo(p072)


def test_before_demo_prints_its_documented_output(check_demo: DemoCheck) -> None:
    before.CACHE.clear()
    check_demo(before)
