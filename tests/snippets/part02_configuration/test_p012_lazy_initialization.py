"""P012: exactly one initialisation under racing tasks, retry after failure, cancellation."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from types import ModuleType

import pytest

from snippets.part02_configuration import p012_lazy_initialization as p012
from snippets.part02_configuration import p012_lazy_initialization_before as before
from snippets.part02_configuration.p012_lazy_initialization import AsyncLazy, Database

DemoCheck = Callable[[ModuleType], None]


def test_the_before_version_opens_one_pool_per_racing_task() -> None:
    async def scenario() -> None:
        database = before.Database()
        repository = before.Repository(database)
        pools = await asyncio.gather(*(repository.get_pool() for _ in range(5)))
        assert database.pools_opened == 5
        assert len(set(pools)) == 5
        assert await repository.get_pool() == "pool-5"  # set by the last, kept afterwards
        assert database.pools_opened == 5

    asyncio.run(scenario())


@pytest.mark.parametrize("callers", [2, 10, 500])
def test_racing_tasks_initialise_exactly_once(callers: int) -> None:
    async def scenario() -> None:
        database = Database()
        pool = AsyncLazy(database.open_pool)
        # Start the tasks one by one, so later ones arrive while the factory runs.
        tasks = []
        for _ in range(callers):
            tasks.append(asyncio.create_task(pool.get()))
            await asyncio.sleep(0)
        results = await asyncio.gather(*tasks)
        assert database.attempts == 1
        assert set(results) == {"pool-1"}
        assert await pool.get() == "pool-1"
        assert database.attempts == 1

    asyncio.run(scenario())


def test_nothing_runs_before_the_first_get() -> None:
    async def scenario() -> None:
        database = Database()
        pool = AsyncLazy(database.open_pool)
        await asyncio.sleep(0)
        assert not pool.ready
        assert database.attempts == 0

    asyncio.run(scenario())


def test_once_ready_get_does_not_wait_for_the_lock() -> None:
    async def scenario() -> None:
        pool = AsyncLazy(Database().open_pool)
        await pool.get()
        async with pool._lock:  # a get() that took the lock now would hang
            task = asyncio.create_task(pool.get())
            await asyncio.sleep(0)
            assert task.done()
            assert task.result() == "pool-1"

    asyncio.run(scenario())


def test_a_failed_attempt_is_not_cached_and_the_next_caller_retries() -> None:
    async def scenario() -> None:
        database = Database(failures=1)
        pool = AsyncLazy(database.open_pool)
        outcomes = await asyncio.gather(*(pool.get() for _ in range(20)), return_exceptions=True)
        failures = [o for o in outcomes if isinstance(o, ConnectionError)]
        assert len(failures) == 1
        assert outcomes[0] is failures[0]  # the first caller made the failed attempt
        assert outcomes[1:] == ["pool-2"] * 19
        assert database.attempts == 2
        assert database.most_running == 1

    asyncio.run(scenario())


def test_a_dependency_that_stays_down_is_tried_once_per_caller_never_in_parallel() -> None:
    async def scenario() -> None:
        database = Database(failures=100)
        pool = AsyncLazy(database.open_pool)
        outcomes = await asyncio.gather(*(pool.get() for _ in range(5)), return_exceptions=True)
        assert all(isinstance(o, ConnectionError) for o in outcomes)
        assert database.attempts == 5
        assert database.most_running == 1
        assert not pool.ready

    asyncio.run(scenario())


def test_a_cancelled_initialiser_leaves_the_next_caller_to_try() -> None:
    async def scenario() -> None:
        release = asyncio.Event()
        calls = 0

        async def slow_factory() -> str:
            nonlocal calls
            calls += 1
            if calls == 1:
                await asyncio.Event().wait()  # the first attempt never finishes by itself
            await release.wait()
            return f"value-{calls}"

        pool = AsyncLazy(slow_factory)
        first = asyncio.create_task(pool.get())
        second = asyncio.create_task(pool.get())
        await asyncio.sleep(0)
        first.cancel()
        with pytest.raises(asyncio.CancelledError):
            await first
        assert not pool.ready
        release.set()
        assert await second == "value-2"
        assert calls == 2
        assert await pool.get() == "value-2"

    asyncio.run(scenario())


def test_none_is_a_value_that_is_kept() -> None:
    async def scenario() -> None:
        calls = 0

        async def nothing() -> str | None:
            nonlocal calls
            calls += 1
            return None

        lazy = AsyncLazy(nothing)
        assert await lazy.get() is None
        assert await lazy.get() is None
        assert lazy.ready
        assert calls == 1

    asyncio.run(scenario())


def test_functools_cache_loads_the_sync_value_once() -> None:
    p012.tax_rates.cache_clear()
    p012.loads.clear()
    first = p012.tax_rates()
    assert p012.tax_rates() is first
    assert p012.loads["tax_rates"] == 1
    with pytest.raises(TypeError):
        first["DE"] = 0  # type: ignore[index]


def test_demo_prints_its_documented_output(check_demo: DemoCheck) -> None:
    p012.tax_rates.cache_clear()
    p012.loads.clear()
    check_demo(p012)


def test_before_demo_prints_its_documented_output(check_demo: DemoCheck) -> None:
    check_demo(before)
