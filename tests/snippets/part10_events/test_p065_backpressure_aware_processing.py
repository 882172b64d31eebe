"""P065: the buffer's bound, each overflow policy, and the producer waiting."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from types import ModuleType

import pytest

from snippets.part10_events import p065_backpressure_aware_processing as p065
from snippets.part10_events import p065_backpressure_aware_processing_before as before
from snippets.part10_events.p065_backpressure_aware_processing import Buffer, Overflow, run

DemoCheck = Callable[[ModuleType], None]


@pytest.mark.parametrize("overflow", list(Overflow))
@pytest.mark.parametrize("capacity", [1, 3, 16])
def test_queue_never_exceeds_its_bound(overflow: Overflow, capacity: int) -> None:
    buffer, handled = asyncio.run(run(overflow, readings=300, capacity=capacity))
    assert buffer.high_water == capacity
    # Nothing is lost without a trace: every reading was handled or shed.
    assert sorted(handled + buffer.shed) == list(range(300))


def test_wait_policy_makes_the_producer_wait_and_loses_nothing() -> None:
    async def scenario() -> None:
        buffer: Buffer[int] = Buffer(2)
        await buffer.put(1)
        await buffer.put(2)
        blocked = asyncio.create_task(buffer.put(3))
        for _ in range(5):
            await asyncio.sleep(0)
        assert not blocked.done()
        assert await buffer.get() == 1
        assert await blocked is True
        assert [await buffer.get(), await buffer.get()] == [2, 3]
        assert buffer.shed == []

    asyncio.run(scenario())


def test_reject_new_refuses_the_item_and_keeps_the_queue() -> None:
    async def scenario() -> None:
        buffer: Buffer[str] = Buffer(2, Overflow.REJECT_NEW)
        assert await buffer.put("a") and await buffer.put("b")
        assert await buffer.put("c") is False
        assert buffer.shed == ["c"]
        assert [await buffer.get(), await buffer.get()] == ["a", "b"]

    asyncio.run(scenario())


def test_drop_oldest_evicts_in_arrival_order_and_join_still_ends() -> None:
    async def scenario() -> None:
        buffer: Buffer[str] = Buffer(2, Overflow.DROP_OLDEST)
        for item in "abcd":
            assert await buffer.put(item) is True
        assert buffer.shed == ["a", "b"]
        for expected in "cd":
            assert await buffer.get() == expected
            buffer.done()
        # Evicted items were marked done, so join does not wait for them forever.
        await asyncio.wait_for(buffer.join(), timeout=1)

    asyncio.run(scenario())


def test_handled_items_keep_their_order() -> None:
    _, handled = asyncio.run(run(Overflow.DROP_OLDEST, readings=200, capacity=4))
    assert handled == sorted(handled)
    assert handled[-1] == 199


def test_rejects_a_capacity_below_one() -> None:
    with pytest.raises(ValueError, match="capacity"):
        Buffer(0)


def test_demo_prints_its_documented_output(check_demo: DemoCheck) -> None:
    check_demo(p065)


def test_before_demo_prints_its_documented_output(check_demo: DemoCheck) -> None:
    check_demo(before)
