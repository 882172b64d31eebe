"""P034: the owner outlives every task it starts, hears their failures, and leaks none."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from types import ModuleType
from typing import Any

import pytest

from snippets.part05_concurrency import p034_goroutine_lifecycle_ownership_rules as p034
from snippets.part05_concurrency import p034_goroutine_lifecycle_ownership_rules_before as before
from snippets.part05_concurrency.p034_goroutine_lifecycle_ownership_rules import (
    AuditLog,
    OrderService,
    task_names,
)

DemoCheck = Callable[[ModuleType], None]


async def steps(count: int) -> None:
    for _ in range(count):
        await asyncio.sleep(0)


class GatedAuditLog(AuditLog):
    """Audit writes that wait on a gate first (broken orders fail without waiting)."""

    def __init__(self, broken: list[str] | None = None) -> None:
        super().__init__(broken or [])
        self.gate = asyncio.Event()
        self.in_flight = 0

    async def write(self, order: str) -> None:
        self.in_flight += 1
        try:
            if order not in self.broken:
                try:
                    await self.gate.wait()
                except asyncio.CancelledError:
                    self.cancelled.append(order)
                    raise
            await super().write(order)
        finally:
            self.in_flight -= 1


def new_tasks(baseline: set[asyncio.Task[Any]]) -> set[asyncio.Task[Any]]:
    return asyncio.all_tasks() - baseline


@pytest.mark.parametrize("orders", [0, 1, 25])
def test_stop_lets_accepted_orders_finish_and_run_returns_with_nothing_left(orders: int) -> None:
    async def scenario() -> None:
        baseline = asyncio.all_tasks()
        audit = GatedAuditLog()
        service = OrderService(audit)
        running = asyncio.create_task(service.run())
        names = [f"o{n}" for n in range(orders)]
        for name in names:
            service.submit(name)
        await steps(3)
        assert audit.in_flight == orders
        service.stop()
        await steps(10)
        assert running.done() is (orders == 0)  # while audits run, run() runs too
        audit.gate.set()
        await running
        assert sorted(audit.entries) == sorted(names)
        assert audit.cancelled == []
        assert new_tasks(baseline) == set()

    asyncio.run(scenario())


def test_orders_after_stop_are_refused_and_stop_is_idempotent() -> None:
    async def scenario() -> None:
        audit = AuditLog()
        service = OrderService(audit)
        service.submit("early")
        service.stop()
        service.stop()
        with pytest.raises(RuntimeError, match="order late refused"):
            service.submit("late")
        await service.run()  # stopped before it ran: it drains and returns
        assert audit.entries == ["early"]

    asyncio.run(scenario())


@pytest.mark.parametrize("broken", ["o0", "o3", "o5"])
def test_a_failing_task_reaches_the_owner_and_its_siblings_are_cancelled(broken: str) -> None:
    async def scenario() -> None:
        baseline = asyncio.all_tasks()
        audit = GatedAuditLog(broken=[broken])  # the others wait on a gate that never opens
        service = OrderService(audit)
        for n in range(6):
            service.submit(f"o{n}")
        with pytest.raises(ExceptionGroup) as raised:
            await service.run()  # never stopped: only the failure can end it
        assert [str(exc) for exc in raised.value.exceptions] == [f"audit of {broken} failed"]
        assert [type(exc) for exc in raised.value.exceptions] == [ConnectionError]
        assert sorted(audit.cancelled) == sorted(f"o{n}" for n in range(6) if f"o{n}" != broken)
        assert audit.in_flight == 0
        assert new_tasks(baseline) == set()
        with pytest.raises(RuntimeError, match="refused"):
            service.submit("late")  # no dispatcher is left to take it

    asyncio.run(scenario())


def test_siblings_that_finish_in_the_same_turn_as_the_failure_are_kept() -> None:
    async def scenario() -> None:
        audit = AuditLog(broken=["o2"])
        service = OrderService(audit)
        for n in range(3):
            service.submit(f"o{n}")
        with pytest.raises(ExceptionGroup):
            await service.run()
        # o0 and o1 were one step from done when o2 failed: cancellation is not undo.
        assert audit.entries == ["o0", "o1"]
        assert audit.cancelled == []

    asyncio.run(scenario())


def test_cancelling_the_owner_cancels_and_awaits_every_task_under_it() -> None:
    async def scenario() -> None:
        baseline = asyncio.all_tasks()
        audit = GatedAuditLog()
        service = OrderService(audit)
        running = asyncio.create_task(service.run())
        for n in range(4):
            service.submit(f"o{n}")
        await steps(3)
        assert len(new_tasks(baseline)) == 1 + 1 + 4  # run, the dispatcher, four audits
        running.cancel()
        with pytest.raises(asyncio.CancelledError):
            await running
        assert audit.in_flight == 0
        assert sorted(audit.cancelled) == ["o0", "o1", "o2", "o3"]
        assert new_tasks(baseline) == set()

    asyncio.run(scenario())


def test_a_timeout_around_run_leaves_no_task_behind() -> None:
    async def scenario() -> None:
        baseline = asyncio.all_tasks()
        audit = GatedAuditLog()
        service = OrderService(audit)
        service.submit("o1")
        loop = asyncio.get_running_loop()
        with pytest.raises(TimeoutError):
            async with asyncio.timeout_at(loop.time()):  # already due: fires on the next turn
                await service.run()
        assert new_tasks(baseline) == set()

    asyncio.run(scenario())


def test_task_names_counts_against_the_baseline_only() -> None:
    async def scenario() -> None:
        unrelated = asyncio.create_task(asyncio.Event().wait(), name="someone-elses")
        baseline = asyncio.all_tasks()
        assert task_names(baseline) == []
        mine = asyncio.create_task(asyncio.Event().wait(), name="mine")
        assert task_names(baseline) == ["mine"]
        for task in (unrelated, mine):
            task.cancel()
        await asyncio.gather(unrelated, mine, return_exceptions=True)

    asyncio.run(scenario())


def test_before_stop_leaves_tasks_running_and_loses_the_failure() -> None:
    async def scenario() -> None:
        baseline = asyncio.all_tasks()
        audit = before.AuditLog(broken=["o1"])
        service = before.OrderService(audit)
        service.start()
        for n in range(3):
            service.submit(f"o{n}")
        await asyncio.sleep(0)
        await service.stop()  # returns at once, raises nothing
        leaked = new_tasks(baseline)
        assert sorted(t.get_name() for t in leaked) == [
            "audit-o0",
            "audit-o1",
            "audit-o2",
            "dispatcher",
        ]
        await steps(5)
        assert audit.entries == ["o0", "o2"]  # work done after "stop"
        assert audit.failures == 1
        failed = [t for t in leaked if t.done() and not t.cancelled() and t.exception()]
        assert [t.get_name() for t in failed] == ["audit-o1"]  # only we, holding it, can see it
        dispatcher = [t for t in leaked if not t.done()]
        assert [t.get_name() for t in dispatcher] == ["dispatcher"]  # still waiting for orders
        dispatcher[0].cancel()
        await asyncio.gather(*leaked, return_exceptions=True)

    asyncio.run(scenario())


def test_demo_prints_its_documented_output(check_demo: DemoCheck) -> None:
    check_demo(p034)


def test_before_demo_prints_its_documented_output(check_demo: DemoCheck) -> None:
    check_demo(before)
