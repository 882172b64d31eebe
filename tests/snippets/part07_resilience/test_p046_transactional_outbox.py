"""P046: the outbox row commits with the order, and no crash loses or doubles an effect."""

from __future__ import annotations

import asyncio
import itertools
import json
import sqlite3
from collections.abc import Callable
from types import ModuleType

import pytest

from snippets.part07_resilience import p046_transactional_outbox as p046
from snippets.part07_resilience import p046_transactional_outbox_before as before
from snippets.part07_resilience.p046_transactional_outbox import (
    Broker,
    ConfirmationEmails,
    Event,
    OrderService,
    OutboxRelay,
    ProcessCrash,
    open_database,
)

DemoCheck = Callable[[ModuleType], None]


def setup(orders: int) -> tuple[sqlite3.Connection, OrderService]:
    db = open_database()
    numbers = itertools.count(1)
    service = OrderService(db, new_event_id=lambda: f"evt-{next(numbers)}")
    for n in range(1, orders + 1):
        service.place_order(f"ord-{n}", f"c{n}@example.com", 100 * n)
    return db, service


def rows(db: sqlite3.Connection, table: str) -> int:
    (count,) = db.execute(f"SELECT count(*) FROM {table}").fetchone()
    return int(count)


def test_the_order_and_its_event_are_committed_together() -> None:
    db, _ = setup(1)
    assert db.execute("SELECT id, customer, total_cents FROM orders").fetchall() == [
        ("ord-1", "c1@example.com", 100)
    ]
    event_id, topic, payload, sent = db.execute(
        "SELECT event_id, topic, payload, sent FROM outbox"
    ).fetchone()
    assert (event_id, topic, sent) == ("evt-1", "order.placed", 0)
    assert json.loads(payload) == {
        "order_id": "ord-1",
        "customer": "c1@example.com",
        "total_cents": 100,
    }


@pytest.mark.parametrize(
    ("order_id", "total_cents"),
    [("ord-1", 500), ("ord-9", 0)],
    ids=["duplicate order id", "check constraint"],
)
def test_a_rejected_order_writes_no_event(order_id: str, total_cents: int) -> None:
    db, service = setup(1)
    with pytest.raises(sqlite3.IntegrityError):
        service.place_order(order_id, "x@example.com", total_cents)
    assert (rows(db, "orders"), rows(db, "outbox")) == (1, 1)


def test_a_failed_event_write_rolls_back_the_order_row() -> None:
    db = open_database()
    service = OrderService(db, new_event_id=lambda: "same-id-every-time")
    service.place_order("ord-1", "a@example.com", 100)
    with pytest.raises(sqlite3.IntegrityError):
        service.place_order("ord-2", "b@example.com", 200)  # the outbox insert fails
    assert [r[0] for r in db.execute("SELECT id FROM orders")] == ["ord-1"]


def test_a_crash_between_the_commit_and_any_publish_loses_nothing() -> None:
    async def scenario() -> None:
        db, _ = setup(3)  # the process that placed the orders dies before relaying
        broker = Broker()
        relay = OutboxRelay(db, broker.publish)
        assert await relay.publish_pending() == 3
        assert [e.event_id for e in broker.log] == ["evt-1", "evt-2", "evt-3"]
        assert relay.pending() == 0
        assert await relay.publish_pending() == 0

    asyncio.run(scenario())


@pytest.mark.parametrize("crash_at", range(4))
def test_a_crash_after_publishing_repeats_one_event_and_no_effect(crash_at: int) -> None:
    async def scenario() -> None:
        db, _ = setup(4)
        broker = Broker()
        published = 0

        async def crash_after(event: Event) -> None:
            nonlocal published
            await broker.publish(event)
            if published == crash_at:
                raise ProcessCrash
            published += 1

        with pytest.raises(ProcessCrash):
            await OutboxRelay(db, crash_after).publish_pending()
        restarted = OutboxRelay(db, broker.publish)
        assert restarted.pending() == 4 - crash_at
        await restarted.publish_pending()

        ids = [e.event_id for e in broker.log]
        expected = [f"evt-{n}" for n in range(1, 5)]
        assert ids == expected[: crash_at + 1] + expected[crash_at:]
        emails = ConfirmationEmails()
        dropped = [e.event_id for e in broker.log if not emails.handle(e)]
        assert dropped == [f"evt-{crash_at + 1}"]
        assert len(emails.sent) == 4

    asyncio.run(scenario())


def test_a_broker_outage_stops_the_pass_and_keeps_the_order() -> None:
    async def scenario() -> None:
        db, _ = setup(3)
        broker = Broker()
        relay = OutboxRelay(db, broker.publish)

        async def down_after_first(event: Event) -> None:
            broker.down = bool(broker.log)
            await broker.publish(event)

        with pytest.raises(ConnectionError):
            await OutboxRelay(db, down_after_first).publish_pending()
        assert relay.pending() == 2
        broker.down = False
        assert await relay.publish_pending() == 2
        assert [e.event_id for e in broker.log] == ["evt-1", "evt-2", "evt-3"]

    asyncio.run(scenario())


def test_each_pass_publishes_at_most_one_batch() -> None:
    async def scenario() -> None:
        db, _ = setup(5)
        relay = OutboxRelay(db, Broker().publish, batch_size=2)
        assert [await relay.publish_pending() for _ in range(4)] == [2, 2, 1, 0]

    asyncio.run(scenario())


def test_the_consumer_acts_once_per_event_id() -> None:
    emails = ConfirmationEmails()
    event = Event("evt-1", "order.placed", '{"customer": "a@x", "order_id": "ord-1"}')
    assert emails.handle(event)
    assert not emails.handle(event)
    assert emails.sent == ["to a@x: order ord-1 confirmed"]


def test_default_event_ids_are_random_and_distinct() -> None:
    db = open_database()
    service = OrderService(db)
    for n in range(3):
        service.place_order(f"ord-{n}", "a@example.com", 100)
    ids = [r[0] for r in db.execute("SELECT event_id FROM outbox")]
    assert len(set(ids)) == 3
    assert all(len(i) == 32 and int(i, 16) >= 0 for i in ids)


def test_rejects_an_empty_batch() -> None:
    with pytest.raises(ValueError, match="batch_size"):
        OutboxRelay(open_database(), Broker().publish, batch_size=0)


def test_demo_prints_its_documented_output(check_demo: DemoCheck) -> None:
    check_demo(p046)


def test_before_demo_prints_its_documented_output(check_demo: DemoCheck) -> None:
    check_demo(before)
