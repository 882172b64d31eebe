"""P042: compartments are independent, the bound holds, rejection is immediate, slots come back."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from types import ModuleType

import pytest

from snippets.part07_resilience import p042_bulkhead_isolation as p042
from snippets.part07_resilience import p042_bulkhead_isolation_before as before
from snippets.part07_resilience.p042_bulkhead_isolation import Bulkhead, BulkheadFullError

DemoCheck = Callable[[ModuleType], None]


class Gate:
    """Operations that hold their slot until the gate opens; counts starts and peak."""

    def __init__(self) -> None:
        self.open = asyncio.Event()
        self.started = 0
        self.running = 0
        self.peak = 0

    async def hold(self) -> str:
        self.started += 1
        self.running += 1
        self.peak = max(self.peak, self.running)
        try:
            await self.open.wait()
            return "held"
        finally:
            self.running -= 1


async def quick() -> str:
    await asyncio.sleep(0)
    return "quick"


async def fill(bulkhead: Bulkhead, gate: Gate) -> list[asyncio.Task[str]]:
    tasks = [asyncio.create_task(bulkhead.call(gate.hold)) for _ in range(bulkhead.max_concurrent)]
    await asyncio.sleep(0)
    assert bulkhead.in_flight == bulkhead.max_concurrent
    return tasks


def test_the_healthy_dependency_is_served_while_the_slow_one_is_saturated() -> None:
    async def scenario() -> None:
        slow, healthy = Bulkhead("slow", max_concurrent=3), Bulkhead("healthy", max_concurrent=3)
        gate = Gate()
        held = await fill(slow, gate)
        with pytest.raises(BulkheadFullError):
            await slow.call(quick)
        # Many more calls than the healthy compartment's size, three at a time.
        for _ in range(20):
            assert await asyncio.gather(*(healthy.call(quick) for _ in range(3))) == ["quick"] * 3
        assert healthy.rejected == 0
        assert slow.in_flight == 3
        gate.open.set()
        assert await asyncio.gather(*held) == ["held"] * 3

    asyncio.run(scenario())


def test_a_full_compartment_rejects_without_suspending_and_without_calling() -> None:
    async def scenario() -> None:
        bulkhead, gate = Bulkhead("payments", max_concurrent=2), Gate()
        held = await fill(bulkhead, gate)
        called = False

        async def operation() -> str:
            nonlocal called
            called = True
            return "ran"

        # The first step of the coroutine raises: it never reaches an await,
        # so the caller is not queued behind the slow calls, even for one turn.
        attempt = bulkhead.call(operation)
        with pytest.raises(BulkheadFullError, match="payments: all 2 slots busy"):
            attempt.send(None)
        assert not called
        assert (bulkhead.in_flight, bulkhead.rejected, gate.started) == (2, 1, 2)
        gate.open.set()
        await asyncio.gather(*held)

    asyncio.run(scenario())


def test_rejected_calls_do_not_pile_up() -> None:
    async def scenario() -> None:
        bulkhead, gate = Bulkhead("search", max_concurrent=5), Gate()
        baseline = asyncio.all_tasks()
        callers = [asyncio.create_task(bulkhead.call(gate.hold)) for _ in range(500)]
        await asyncio.sleep(0)
        finished = [task for task in callers if task.done()]
        assert len(finished) == 495
        assert all(isinstance(task.exception(), BulkheadFullError) for task in finished)
        assert len(asyncio.all_tasks() - baseline) == 5  # only the admitted calls remain
        assert (gate.started, bulkhead.rejected) == (5, 495)
        gate.open.set()
        await asyncio.gather(*callers, return_exceptions=True)

    asyncio.run(scenario())


@pytest.mark.parametrize("limit", [1, 2, 7])
def test_exactly_the_limit_runs_at_once(limit: int) -> None:
    async def scenario() -> None:
        bulkhead, gate = Bulkhead("db", max_concurrent=limit), Gate()
        tasks = [asyncio.create_task(bulkhead.call(gate.hold)) for _ in range(limit * 3)]
        await asyncio.sleep(0)
        gate.open.set()
        results = await asyncio.gather(*tasks, return_exceptions=True)
        assert gate.peak == limit
        assert results.count("held") == limit
        assert bulkhead.rejected == limit * 2

    asyncio.run(scenario())


def test_a_slot_is_freed_after_success_error_and_cancellation() -> None:
    async def scenario() -> None:
        bulkhead = Bulkhead("mail", max_concurrent=1)
        assert await bulkhead.call(quick) == "quick"
        assert bulkhead.in_flight == 0

        async def broken() -> str:
            raise ConnectionResetError("reset")

        with pytest.raises(ConnectionResetError):
            await bulkhead.call(broken)
        assert bulkhead.in_flight == 0

        hung = asyncio.create_task(bulkhead.call(Gate().hold))
        await asyncio.sleep(0)
        assert bulkhead.in_flight == 1
        hung.cancel()
        with pytest.raises(asyncio.CancelledError):
            await hung
        assert bulkhead.in_flight == 0
        assert await bulkhead.call(quick) == "quick"
        assert bulkhead.rejected == 0

    asyncio.run(scenario())


def test_a_freed_slot_admits_the_next_caller() -> None:
    async def scenario() -> None:
        bulkhead, gate = Bulkhead("api", max_concurrent=1), Gate()
        held = await fill(bulkhead, gate)
        with pytest.raises(BulkheadFullError):
            await bulkhead.call(quick)
        gate.open.set()
        await held[0]
        assert await bulkhead.call(quick) == "quick"

    asyncio.run(scenario())


@pytest.mark.parametrize("limit", [0, -3])
def test_rejects_a_compartment_with_no_room(limit: int) -> None:
    with pytest.raises(ValueError, match="max_concurrent"):
        Bulkhead("x", max_concurrent=limit)


def test_the_shared_limit_queues_healthy_calls_behind_the_stuck_ones() -> None:
    async def scenario() -> None:
        limit, stuck, healthy = before.SharedLimit(slots=2), asyncio.Event(), asyncio.Event()
        healthy.set()
        slow = [asyncio.create_task(limit.call("slow", stuck)) for _ in range(2)]
        fast = asyncio.create_task(limit.call("fast", healthy))
        for _ in range(10):
            await asyncio.sleep(0)
        assert not fast.done()
        assert limit.waiting == 1
        stuck.set()
        assert await fast == "fast: ok"
        await asyncio.gather(*slow)

    asyncio.run(scenario())


def test_demo_prints_its_documented_output(check_demo: DemoCheck) -> None:
    check_demo(p042)


def test_before_demo_prints_its_documented_output(check_demo: DemoCheck) -> None:
    check_demo(before)
