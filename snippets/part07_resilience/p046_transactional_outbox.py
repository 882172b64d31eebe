"""P046 Transactional Outbox: store the event in the same transaction as the change.

The order row and an `outbox` row describing the event commit together or not
at all. A relay reads pending outbox rows in order, publishes each one, and
only then marks it sent. A crash anywhere loses nothing: an unsent row is
published again after the restart, so delivery is at least once, and
consumers drop repeats by the event's id.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import sqlite3
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

SCHEMA = """
CREATE TABLE orders (
    id          TEXT PRIMARY KEY,
    customer    TEXT NOT NULL,
    total_cents INTEGER NOT NULL CHECK (total_cents > 0)
);
CREATE TABLE outbox (
    seq      INTEGER PRIMARY KEY AUTOINCREMENT,  -- publishing order
    event_id TEXT NOT NULL UNIQUE,               -- what consumers dedupe on
    topic    TEXT NOT NULL,
    payload  TEXT NOT NULL,
    sent     INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX outbox_pending ON outbox (seq) WHERE sent = 0;
"""


def open_database(path: str = ":memory:") -> sqlite3.Connection:
    db = sqlite3.connect(path)
    db.executescript(SCHEMA)
    return db


@dataclass(frozen=True)
class Event:
    event_id: str
    topic: str
    payload: str  # JSON


def random_event_id() -> str:
    return uuid.uuid4().hex


class OrderService:
    """Places orders; each order's event is written by the same transaction.

    The event id is made here, once, and stored with the event, so every
    delivery of that event carries the same id.
    """

    def __init__(
        self, db: sqlite3.Connection, new_event_id: Callable[[], str] = random_event_id
    ) -> None:
        self._db = db
        self._new_event_id = new_event_id

    def place_order(self, order_id: str, customer: str, total_cents: int) -> None:
        payload = json.dumps(
            {"order_id": order_id, "customer": customer, "total_cents": total_cents},
            sort_keys=True,
        )
        with self._db:  # one transaction: both rows commit, or neither does
            self._db.execute(
                "INSERT INTO orders (id, customer, total_cents) VALUES (?, ?, ?)",
                (order_id, customer, total_cents),
            )
            self._db.execute(
                "INSERT INTO outbox (event_id, topic, payload) VALUES (?, ?, ?)",
                (self._new_event_id(), "order.placed", payload),
            )


Publish = Callable[[Event], Awaitable[None]]


class OutboxRelay:
    """Publishes pending outbox rows in order, marking each sent once the broker has it.

    Run exactly one relay per outbox (see P047): two relays would publish the
    same rows twice as a matter of course, and could reorder them.
    """

    def __init__(self, db: sqlite3.Connection, publish: Publish, *, batch_size: int = 100) -> None:
        if batch_size < 1:
            raise ValueError("batch_size must be at least 1")
        self._db = db
        self._publish = publish
        self._batch_size = batch_size

    def pending(self) -> int:
        (count,) = self._db.execute("SELECT count(*) FROM outbox WHERE sent = 0").fetchone()
        return int(count)

    async def publish_pending(self) -> int:
        """Publish one batch and return how many rows it marked sent.

        A broker error propagates and leaves that row and every later one
        pending, so the next pass resumes in order from the failed row.
        """
        rows = self._db.execute(
            "SELECT seq, event_id, topic, payload FROM outbox"
            " WHERE sent = 0 ORDER BY seq LIMIT ?",
            (self._batch_size,),
        ).fetchall()
        for seq, event_id, topic, payload in rows:
            await self._publish(Event(event_id, topic, payload))
            # A crash here, after the broker took the event and before this
            # commit, leaves the row pending: it goes out again after a restart.
            with self._db:
                self._db.execute("UPDATE outbox SET sent = 1 WHERE seq = ?", (seq,))
        return len(rows)


class Broker:
    """A topic with one partition: it keeps every event it accepts, in order."""

    def __init__(self) -> None:
        self.log: list[Event] = []
        self.down = False

    async def publish(self, event: Event) -> None:
        await asyncio.sleep(0)
        if self.down:
            raise ConnectionError("broker unavailable")
        self.log.append(event)


class ConfirmationEmails:
    """A consumer that acts once per event, however often the event is delivered.

    In production the set of seen ids is a table in the consumer's database,
    written in the same transaction as the consumer's own change.
    """

    def __init__(self) -> None:
        self._seen: set[str] = set()
        self.sent: list[str] = []

    def handle(self, event: Event) -> bool:
        if event.event_id in self._seen:
            return False
        self._seen.add(event.event_id)
        order = json.loads(event.payload)
        self.sent.append(f"to {order['customer']}: order {order['order_id']} confirmed")
        return True


class ProcessCrash(BaseException):
    """Stands for the process being killed: no `except Exception` stops it."""


async def main() -> None:
    db = open_database()
    numbers = itertools.count(1)
    orders = OrderService(db, new_event_id=lambda: f"evt-{next(numbers)}")
    orders.place_order("ord-1", "ada@example.com", 4200)
    orders.place_order("ord-2", "lin@example.com", 1500)
    try:
        orders.place_order("ord-3", "max@example.com", 0)
    except sqlite3.IntegrityError:
        print("ord-3 rejected by the database: no order row and no event")
    #> ord-3 rejected by the database: no order row and no event
    (order_count,) = db.execute("SELECT count(*) FROM orders").fetchone()
    broker = Broker()

    async def publish_then_crash(event: Event) -> None:
        await broker.publish(event)
        raise ProcessCrash  # killed after the broker took it, before the UPDATE

    first_relay = OutboxRelay(db, publish_then_crash)
    print("orders:", order_count, "events waiting:", first_relay.pending())
    #> orders: 2 events waiting: 2
    try:
        await first_relay.publish_pending()
    except ProcessCrash:
        print("crash after publishing evt-1; still waiting:", first_relay.pending())
    #> crash after publishing evt-1; still waiting: 2

    restarted = OutboxRelay(db, broker.publish)  # the new process, same database
    print("published after restart:", await restarted.publish_pending())
    #> published after restart: 2
    print("broker log:", [event.event_id for event in broker.log])
    #> broker log: ['evt-1', 'evt-1', 'evt-2']

    emails = ConfirmationEmails()
    duplicates = [event.event_id for event in broker.log if not emails.handle(event)]
    print("duplicates dropped:", duplicates)
    #> duplicates dropped: ['evt-1']
    for line in emails.sent:
        print(line)
    #> to ada@example.com: order ord-1 confirmed
    #> to lin@example.com: order ord-2 confirmed


if __name__ == "__main__":
    asyncio.run(main())
