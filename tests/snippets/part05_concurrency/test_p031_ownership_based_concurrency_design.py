"""P031: the owner applies messages one at a time, so no update is lost and no sender waits for ever."""

from __future__ import annotations

import asyncio
import random
from collections.abc import Callable
from types import ModuleType

import pytest

from snippets.part05_concurrency import p031_ownership_based_concurrency_design as p031
from snippets.part05_concurrency import p031_ownership_based_concurrency_design_before as before
from snippets.part05_concurrency.p031_ownership_based_concurrency_design import (
    InventoryClosedError,
    Ledger,
    open_inventory,
)

DemoCheck = Callable[[ModuleType], None]


async def steps(count: int) -> None:
    """Yield to the event loop `count` times."""
    for _ in range(count):
        await asyncio.sleep(0)


def assert_no_other_tasks() -> None:
    assert asyncio.all_tasks() == {asyncio.current_task()}


class SlowLedger(Ledger):
    """A ledger whose writes take several turns, or wait until `gate` is set."""

    def __init__(self, turns: int = 3) -> None:
        super().__init__()
        self.turns = turns
        self.gate = asyncio.Event()
        self.gate.set()

    async def record(self, sku: str, change: int) -> None:
        await steps(self.turns)
        await self.gate.wait()
        await super().record(sku, change)


@pytest.mark.parametrize("stock", [0, 1, 3, 7])
@pytest.mark.parametrize("shoppers", [1, 5, 20])
@pytest.mark.parametrize("quantity", [1, 2])
def test_concurrent_reservations_never_oversell_or_lose_an_update(
    stock: int, shoppers: int, quantity: int
) -> None:
    async def scenario() -> None:
        ledger = SlowLedger()
        async with open_inventory({"lamp": stock}, ledger.record) as inventory:
            results = await asyncio.gather(
                *(inventory.reserve("lamp", quantity) for _ in range(shoppers))
            )
            levels = await inventory.levels()
        confirmed = results.count(True)
        assert confirmed == min(stock // quantity, shoppers)
        assert levels == {"lamp": stock - confirmed * quantity}
        assert ledger.entries == [("lamp", -quantity)] * confirmed
        assert_no_other_tasks()

    asyncio.run(scenario())


@pytest.mark.parametrize("seed", range(5))
def test_the_outcome_equals_handling_the_messages_one_at_a_time_in_order(seed: int) -> None:
    rng = random.Random(seed)
    initial = {"lamp": 10, "desk": 4, "chair": 0}
    plan = [(rng.choice(["lamp", "desk", "chair", "sofa"]), rng.randint(1, 3)) for _ in range(60)]

    expected_stock = dict(initial)
    expected_results = []
    for sku, quantity in plan:  # the same requests, handled one by one
        ok = expected_stock.get(sku, 0) >= quantity
        if ok:
            expected_stock[sku] -= quantity
        expected_results.append(ok)

    async def scenario() -> None:
        ledger = SlowLedger(turns=rng.randint(1, 4))
        async with open_inventory(initial, ledger.record) as inventory:
            results = await asyncio.gather(*(inventory.reserve(s, q) for s, q in plan))
            assert await inventory.levels() == expected_stock
        assert results == expected_results
        assert len(ledger.entries) == expected_results.count(True)

    asyncio.run(scenario())


def test_levels_is_a_copy_that_cannot_change_the_stock() -> None:
    async def scenario() -> None:
        async with open_inventory({"lamp": 2}, Ledger().record) as inventory:
            levels = await inventory.levels()
            levels["lamp"] = 1000
            assert await inventory.reserve("lamp", 3) is False
            assert await inventory.levels() == {"lamp": 2}

    asyncio.run(scenario())


def test_a_failing_message_fails_only_its_sender_and_changes_nothing() -> None:
    async def scenario() -> None:
        ledger = Ledger()
        async with open_inventory({"lamp": 2}, ledger.record) as inventory:
            ledger.down = True
            with pytest.raises(ConnectionError, match="ledger unavailable"):
                await inventory.reserve("lamp", 1)
            ledger.down = False
            with pytest.raises(ValueError, match="quantity must be at least 1, got 0"):
                await inventory.reserve("lamp", 0)
            assert await inventory.levels() == {"lamp": 2}
            assert await inventory.reserve("lamp", 2) is True  # the owner is still serving
        assert ledger.entries == [("lamp", -2)]

    asyncio.run(scenario())


def test_an_unknown_item_is_out_of_stock() -> None:
    async def scenario() -> None:
        async with open_inventory({}, Ledger().record) as inventory:
            assert await inventory.reserve("sofa", 1) is False
            assert await inventory.levels() == {}

    asyncio.run(scenario())


def test_a_sender_cancelled_before_its_turn_is_skipped() -> None:
    async def scenario() -> None:
        ledger = SlowLedger()
        ledger.gate.clear()
        async with open_inventory({"lamp": 5}, ledger.record) as inventory:
            first = asyncio.create_task(inventory.reserve("lamp", 1))
            second = asyncio.create_task(inventory.reserve("lamp", 2))
            await steps(10)  # the owner is inside the first message, the second waits
            second.cancel()
            with pytest.raises(asyncio.CancelledError):
                await second
            ledger.gate.set()
            assert await first is True
            assert await inventory.levels() == {"lamp": 4}
        assert ledger.entries == [("lamp", -1)]

    asyncio.run(scenario())


@pytest.mark.parametrize("ledger_down", [False, True])
def test_a_sender_cancelled_during_its_turn_does_not_break_the_owner(ledger_down: bool) -> None:
    async def scenario() -> None:
        ledger = SlowLedger()
        ledger.gate.clear()
        async with open_inventory({"lamp": 5}, ledger.record) as inventory:
            sender = asyncio.create_task(inventory.reserve("lamp", 1))
            await steps(10)  # the owner is waiting on the ledger for this message
            sender.cancel()
            with pytest.raises(asyncio.CancelledError):
                await sender
            ledger.down = ledger_down
            ledger.gate.set()
            # Begun before the sender left, the reservation completes or fails on its own.
            expected = 5 if ledger_down else 4
            assert await inventory.levels() == {"lamp": expected}
            ledger.down = False
            assert await inventory.reserve("lamp", 1) is True

    asyncio.run(scenario())


def test_leaving_the_block_answers_every_message_already_sent() -> None:
    async def scenario() -> None:
        ledger = SlowLedger(turns=5)
        async with open_inventory({"lamp": 3}, ledger.record) as inventory:
            senders = [asyncio.create_task(inventory.reserve("lamp", 1)) for _ in range(5)]
            await asyncio.sleep(0)  # every sender has put its message in the inbox
        assert [sender.result() for sender in senders] == [True, True, True, False, False]
        with pytest.raises(InventoryClosedError, match="inventory is closed"):
            await inventory.reserve("lamp", 1)
        with pytest.raises(InventoryClosedError):
            await inventory.levels()
        assert_no_other_tasks()

    asyncio.run(scenario())


def test_an_error_in_the_block_stops_the_owner_and_fails_every_waiting_sender() -> None:
    async def scenario() -> None:
        ledger = SlowLedger()
        ledger.gate.clear()  # the owner is stuck on the first message
        senders: list[asyncio.Task[bool]] = []
        with pytest.raises(ExceptionGroup) as info:
            async with open_inventory({"lamp": 5}, ledger.record) as inventory:
                senders += [asyncio.create_task(inventory.reserve("lamp", 1)) for _ in range(4)]
                await steps(10)
                raise KeyError("the caller failed")
        assert [type(exc) for exc in info.value.exceptions] == [KeyError]
        await asyncio.gather(*senders, return_exceptions=True)
        assert all(isinstance(s.exception(), InventoryClosedError) for s in senders)
        assert ledger.entries == []
        assert_no_other_tasks()

    asyncio.run(scenario())


def test_cancelling_the_caller_stops_the_owner_and_leaves_no_task() -> None:
    async def scenario() -> None:
        ledger = SlowLedger()
        ledger.gate.clear()

        async def use() -> None:
            async with open_inventory({"lamp": 5}, ledger.record) as inventory:
                await inventory.reserve("lamp", 1)

        user = asyncio.create_task(use())
        await steps(10)
        user.cancel()
        with pytest.raises(asyncio.CancelledError):
            await user
        assert_no_other_tasks()

    asyncio.run(scenario())


@pytest.mark.parametrize(("stock", "shoppers"), [(1, 2), (3, 10), (5, 50)])
def test_before_oversells_because_updates_are_lost(stock: int, shoppers: int) -> None:
    async def scenario() -> None:
        ledger = before.Ledger()
        inventory = before.Inventory({"lamp": stock}, ledger)
        results = await asyncio.gather(*(inventory.reserve("lamp", 1) for _ in range(shoppers)))
        assert results.count(True) == shoppers  # every shopper saw the same old level
        assert inventory.stock["lamp"] == stock - 1  # each write overwrote the last
        assert len(ledger.entries) == shoppers

    asyncio.run(scenario())


def test_before_is_correct_when_nothing_runs_concurrently() -> None:
    async def scenario() -> None:
        inventory = before.Inventory({"lamp": 2}, before.Ledger())
        assert [await inventory.reserve("lamp", 1) for _ in range(3)] == [True, True, False]
        assert inventory.stock == {"lamp": 0}

    asyncio.run(scenario())


def test_demo_prints_its_documented_output(check_demo: DemoCheck) -> None:
    check_demo(p031)


def test_before_demo_prints_its_documented_output(check_demo: DemoCheck) -> None:
    check_demo(before)
