"""P015: start in dependency order, stop in reverse, and clean up exactly what started."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from types import ModuleType

import pytest

from snippets.part02_configuration import p015_explicit_startup_dependency_ordering as p015
from snippets.part02_configuration import (
    p015_explicit_startup_dependency_ordering_before as before,
)
from snippets.part02_configuration.p015_explicit_startup_dependency_ordering import (
    Cache,
    Database,
    Trace,
    running_app,
)

DemoCheck = Callable[[ModuleType], None]

FULL_RUN = [
    "start database",
    "start cache",
    "start server",
    "stop server",
    "stop cache",
    "stop database",
]


async def run(trace: Trace) -> None:
    async with running_app(trace):
        pass


def test_starts_in_order_and_stops_in_reverse() -> None:
    trace = Trace()
    asyncio.run(run(trace))
    assert trace.events == FULL_RUN


def test_components_are_running_only_inside_the_block() -> None:
    async def scenario() -> None:
        async with running_app(Trace()) as server:
            assert server.running and server.cache.running and server.database.running
            assert server.handle("/") == "/: rows for popular products, rows for stock"
        assert not (server.running or server.cache.running or server.database.running)

    asyncio.run(scenario())


@pytest.mark.parametrize(
    ("failing", "events"),
    [
        ("start database", ["start database: failed"]),
        ("start cache", ["start database", "start cache: failed", "stop database"]),
        (
            "start server",
            [
                "start database",
                "start cache",
                "start server: failed",
                "stop cache",
                "stop database",
            ],
        ),
    ],
)
def test_a_failed_start_stops_only_what_already_started(failing: str, events: list[str]) -> None:
    trace = Trace(fail={failing})
    with pytest.raises(ConnectionError, match=f"^{failing} failed$"):
        asyncio.run(run(trace))
    assert trace.events == events


def test_an_error_while_serving_still_stops_everything_in_reverse() -> None:
    async def scenario(trace: Trace) -> None:
        async with running_app(trace):
            raise ValueError("bug in a handler")

    trace = Trace()
    with pytest.raises(ValueError, match="bug in a handler"):
        asyncio.run(scenario(trace))
    assert trace.events == FULL_RUN


def test_a_failed_stop_does_not_skip_the_stops_after_it() -> None:
    trace = Trace(fail={"stop cache"})
    with pytest.raises(ConnectionError, match="stop cache failed"):
        asyncio.run(run(trace))
    assert trace.events == [*FULL_RUN[:4], "stop cache: failed", "stop database"]


def test_a_stop_failure_during_cleanup_keeps_the_start_failure_as_context() -> None:
    trace = Trace(fail={"start server", "stop cache"})
    with pytest.raises(ConnectionError, match="stop cache failed") as info:
        asyncio.run(run(trace))
    assert str(info.value.__context__) == "start server failed"
    assert trace.events[-1] == "stop database"


def test_cancelling_a_hung_start_stops_what_started() -> None:
    async def scenario() -> tuple[list[str], bool]:
        trace = Trace(hang="start cache")
        task = asyncio.create_task(run(trace))
        await trace.hanging.wait()
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        return trace.events, task.cancelled()

    assert asyncio.run(scenario()) == (["start database", "stop database"], True)


def test_a_startup_deadline_unwinds_like_a_cancellation() -> None:
    async def scenario() -> list[str]:
        trace = Trace(hang="start server")
        loop = asyncio.get_running_loop()
        with pytest.raises(TimeoutError):
            async with asyncio.timeout(None) as deadline:

                async def expire_when_stuck() -> None:
                    await trace.hanging.wait()
                    deadline.reschedule(loop.time())

                watchdog = asyncio.create_task(expire_when_stuck())
                await run(trace)
        await watchdog
        return trace.events

    events = asyncio.run(scenario())
    assert events == ["start database", "start cache", "stop cache", "stop database"]


def test_a_wrong_order_fails_loudly_instead_of_racing() -> None:
    async def scenario() -> None:
        trace = Trace()
        async with Cache(Database(trace), trace):
            pass

    with pytest.raises(RuntimeError, match="database not connected"):
        asyncio.run(scenario())


def test_before_leaves_components_running_after_a_failed_start() -> None:
    async def scenario() -> list[str]:
        events: list[str] = []
        database = before.Component("database", events, connect_rounds=2)
        parts = [database, before.Cache(database, events), before.Component("server", events)]
        tasks = [asyncio.create_task(part.start()) for part in parts]
        with pytest.raises(RuntimeError):
            await asyncio.gather(*tasks)
        await asyncio.wait(tasks)
        return [part.name for part in parts if part.running]

    assert asyncio.run(scenario()) == ["database", "server"]


def test_before_cache_starts_when_the_database_is_already_up() -> None:
    async def scenario() -> bool:
        events: list[str] = []
        database = before.Component("database", events)
        await database.start()
        cache = before.Cache(database, events)
        await cache.start()
        return cache.running

    assert asyncio.run(scenario())


def test_demo_prints_its_documented_output(check_demo: DemoCheck) -> None:
    check_demo(p015)


def test_before_demo_prints_its_documented_output(check_demo: DemoCheck) -> None:
    check_demo(before)
