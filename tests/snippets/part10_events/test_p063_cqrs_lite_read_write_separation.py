"""P063: the write model validates and records events; the projection converges on them."""

from __future__ import annotations

import asyncio
import contextlib
import random
from collections.abc import Awaitable, Callable
from types import ModuleType

import pytest

from snippets.part10_events import p063_cqrs_lite_read_write_separation as p063
from snippets.part10_events import p063_cqrs_lite_read_write_separation_before as before
from snippets.part10_events.p063_cqrs_lite_read_write_separation import (
    CancelOrder,
    Command,
    CommandRejectedError,
    CustomerDashboard,
    CustomerSummary,
    EventLog,
    OrderBook,
    OrderCancelled,
    OrderPlaced,
    OrderShipped,
    PlaceOrder,
    ShipOrder,
)

DemoCheck = Callable[[ModuleType], None]


async def finishes(awaitable: Awaitable[None]) -> bool:
    """Run `awaitable` for a few turns of the loop; True if it is done by then.

    A broken projection makes a test fail here instead of waiting forever.
    """
    task = asyncio.ensure_future(awaitable)
    for _ in range(10):
        await asyncio.sleep(0)
    done = task.done()
    task.cancel()
    return done


def book_with_orders() -> tuple[EventLog, OrderBook]:
    log = EventLog()
    book = OrderBook(log)
    book.handle(PlaceOrder("placed", "ana", 1000))
    book.handle(PlaceOrder("shipped", "ana", 2000))
    book.handle(ShipOrder("shipped"))
    book.handle(PlaceOrder("cancelled", "ben", 3000))
    book.handle(CancelOrder("cancelled"))
    return log, book


def test_accepted_commands_record_one_event_each_with_consecutive_seq() -> None:
    log, _ = book_with_orders()
    assert log.read(after=0) == [
        OrderPlaced(1, "placed", "ana", 1000),
        OrderPlaced(2, "shipped", "ana", 2000),
        OrderShipped(3, "shipped"),
        OrderPlaced(4, "cancelled", "ben", 3000),
        OrderCancelled(5, "cancelled"),
    ]
    assert log.read(after=3) == log.read(after=0)[3:]


@pytest.mark.parametrize(
    ("command", "message"),
    [
        (PlaceOrder("placed", "cid", 10), "order placed already exists"),
        (PlaceOrder("new", "cid", 0), "order new: total must be positive"),
        (PlaceOrder("new", "cid", -5), "order new: total must be positive"),
        (ShipOrder("nope"), "order nope does not exist"),
        (CancelOrder("nope"), "order nope does not exist"),
        (ShipOrder("shipped"), "order shipped is shipped; only a placed order can be shipped"),
        (CancelOrder("shipped"), "order shipped is shipped; only a placed order can be cancelled"),
        (
            ShipOrder("cancelled"),
            "order cancelled is cancelled; only a placed order can be shipped",
        ),
    ],
)
def test_a_rejected_command_records_nothing(command: Command, message: str) -> None:
    log, book = book_with_orders()
    with pytest.raises(CommandRejectedError) as info:
        book.handle(command)
    assert str(info.value) == message
    assert log.position == 5
    assert book.handle(ShipOrder("placed")) == 6  # the write model's state is unchanged too


def test_the_projection_answers_from_precomputed_rows() -> None:
    log, _ = book_with_orders()
    dashboard = CustomerDashboard()
    assert dashboard.catch_up(log) == 5
    assert dashboard.summary("ana") == CustomerSummary(
        open_orders=1, shipped_orders=1, spent_cents=3000
    )
    assert dashboard.summary("ben") == CustomerSummary(0, 0, 0)
    assert dashboard.summary("nobody") == CustomerSummary()


def test_the_projection_lags_until_it_catches_up() -> None:
    log, book = book_with_orders()
    dashboard = CustomerDashboard()
    dashboard.catch_up(log)
    book.handle(ShipOrder("placed"))
    assert dashboard.summary("ana").shipped_orders == 1  # stale, and says so:
    assert (dashboard.position, log.position) == (5, 6)
    assert dashboard.catch_up(log) == 1
    assert dashboard.summary("ana").shipped_orders == 2


def test_applying_events_again_changes_nothing() -> None:
    log, _ = book_with_orders()
    dashboard = CustomerDashboard()
    dashboard.catch_up(log)
    before_replay = dashboard.summary("ana")
    for event in log.read(after=0):
        dashboard.apply(event)
    assert dashboard.catch_up(log) == 0
    assert dashboard.summary("ana") == before_replay
    assert dashboard.position == 5


def test_a_gap_in_the_events_is_refused() -> None:
    log, _ = book_with_orders()
    dashboard = CustomerDashboard()
    dashboard.apply(log.read(after=0)[0])
    with pytest.raises(ValueError, match="event 3 after 1: events are missing"):
        dashboard.apply(log.read(after=0)[2])
    assert dashboard.position == 1


def test_the_log_refuses_an_event_out_of_sequence() -> None:
    log = EventLog()
    with pytest.raises(ValueError, match="event 2 cannot follow event 0"):
        log.append(OrderShipped(2, "x"))
    assert log.position == 0


def expected_rows(orders: dict[str, tuple[str, int, str]]) -> dict[str, CustomerSummary]:
    """The dashboard computed the slow way, straight from what the commands did."""
    rows: dict[str, CustomerSummary] = {}
    for customer, total, status in orders.values():
        row = rows.get(customer, CustomerSummary())
        rows[customer] = CustomerSummary(
            row.open_orders + (status == "placed"),
            row.shipped_orders + (status == "shipped"),
            row.spent_cents + (total if status != "cancelled" else 0),
        )
    return rows


@pytest.mark.parametrize("seed", range(12))
def test_the_followed_projection_converges_to_what_the_commands_did(seed: int) -> None:
    async def scenario() -> None:
        rng = random.Random(seed)
        log = EventLog()
        book = OrderBook(log)
        dashboard = CustomerDashboard()
        follower = asyncio.create_task(dashboard.follow(log))
        orders: dict[str, tuple[str, int, str]] = {}
        rejected = 0
        for _ in range(300):
            order_id = f"o{rng.randint(0, 60)}"
            roll = rng.random()
            command: Command
            if roll < 0.5:
                command = PlaceOrder(order_id, f"c{rng.randint(0, 7)}", rng.randint(-1, 50) * 100)
            elif roll < 0.8:
                command = ShipOrder(order_id)
            else:
                command = CancelOrder(order_id)
            try:
                book.handle(command)
            except CommandRejectedError:
                rejected += 1
                continue
            match command:
                case PlaceOrder(_, customer, total):
                    orders[order_id] = (customer, total, "placed")
                case ShipOrder():
                    orders[order_id] = (*orders[order_id][:2], "shipped")
                case CancelOrder():
                    orders[order_id] = (*orders[order_id][:2], "cancelled")
            for _ in range(rng.randint(0, 2)):
                await asyncio.sleep(0)
        assert rejected > 0
        assert await finishes(dashboard.wait_until(log.position))
        expected = expected_rows(orders)
        assert {c: dashboard.summary(c) for c in expected} == expected
        rebuilt = CustomerDashboard()
        rebuilt.catch_up(log)
        assert {c: rebuilt.summary(c) for c in expected} == expected
        follower.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await follower

    asyncio.run(scenario())


def test_wait_until_wakes_every_waiter_once_its_event_is_applied() -> None:
    async def scenario() -> None:
        log = EventLog()
        book = OrderBook(log)
        dashboard = CustomerDashboard()
        first = asyncio.create_task(dashboard.wait_until(1))
        second = asyncio.create_task(dashboard.wait_until(2))
        follower = asyncio.create_task(dashboard.follow(log))
        await asyncio.sleep(0)
        book.handle(PlaceOrder("a", "ana", 100))
        assert await finishes(first)
        assert not second.done()
        assert dashboard.summary("ana").open_orders == 1
        book.handle(ShipOrder("a"))
        assert await finishes(second)
        assert dashboard.summary("ana").shipped_orders == 1
        assert await finishes(dashboard.wait_until(1))  # already reached
        follower.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await follower

    asyncio.run(scenario())


def test_a_cancelled_reader_of_the_log_does_not_disturb_the_others() -> None:
    async def scenario() -> None:
        log = EventLog()
        book = OrderBook(log)
        gone = asyncio.create_task(log.wait_past(0))
        staying = asyncio.create_task(log.wait_past(0))
        await asyncio.sleep(0)
        gone.cancel()
        book.handle(PlaceOrder("a", "ana", 100))
        await staying
        with pytest.raises(asyncio.CancelledError):
            await gone

    asyncio.run(scenario())


@pytest.mark.parametrize("orders", [10, 1000])
def test_before_every_read_scans_every_order(orders: int) -> None:
    shop = before.Shop()
    for n in range(orders):
        shop.place(f"o{n}", "ana" if n == 0 else "ben", 100)
    assert shop.dashboard("ana") == (1, 100)
    assert shop.rows_read == orders
    with pytest.raises(ValueError, match="total must be positive"):
        shop.place("bad", "ana", 0)


def test_demo_prints_its_documented_output(check_demo: DemoCheck) -> None:
    check_demo(p063)


def test_before_demo_prints_its_documented_output(check_demo: DemoCheck) -> None:
    check_demo(before)
