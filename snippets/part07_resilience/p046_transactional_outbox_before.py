"""P046 before: commit the order, then publish its event, as two separate writes.

The database and the broker do not share a transaction, so there is always a
moment when one write has happened and the other has not. Publish after the
commit and an outage (or a crash) loses the event; publish before it and a
failed commit leaves the world told about an order that does not exist.
"""

from __future__ import annotations

import asyncio
import sqlite3

SCHEMA = """
CREATE TABLE orders (
    id          TEXT PRIMARY KEY,
    customer    TEXT NOT NULL,
    total_cents INTEGER NOT NULL CHECK (total_cents > 0)
);
"""


class Broker:
    def __init__(self) -> None:
        self.order_ids: list[str] = []
        self.down = False

    async def publish(self, order_id: str) -> None:
        await asyncio.sleep(0)
        if self.down:
            raise ConnectionError("broker unavailable")
        self.order_ids.append(order_id)


class OrderService:
    def __init__(self, db: sqlite3.Connection, broker: Broker) -> None:
        self._db = db
        self._broker = broker

    def _insert(self, order_id: str, customer: str, total_cents: int) -> None:
        with self._db:
            self._db.execute(
                "INSERT INTO orders (id, customer, total_cents) VALUES (?, ?, ?)",
                (order_id, customer, total_cents),
            )

    async def place_order(self, order_id: str, customer: str, total_cents: int) -> None:
        self._insert(order_id, customer, total_cents)
        await self._broker.publish(order_id)  # fails here: the order stays, the event is gone

    async def place_order_publish_first(
        self, order_id: str, customer: str, total_cents: int
    ) -> None:
        await self._broker.publish(order_id)
        self._insert(order_id, customer, total_cents)  # fails here: the event is already out


async def main() -> None:
    db = sqlite3.connect(":memory:")
    db.executescript(SCHEMA)
    broker = Broker()
    orders = OrderService(db, broker)

    await orders.place_order("ord-1", "ada@example.com", 4200)
    broker.down = True
    try:
        await orders.place_order("ord-2", "lin@example.com", 1500)
    except ConnectionError as exc:
        print("ord-2:", exc, "(the order was already committed)")
    #> ord-2: broker unavailable (the order was already committed)
    broker.down = False
    try:
        await orders.place_order_publish_first("ord-3", "max@example.com", 0)
    except sqlite3.IntegrityError:
        print("ord-3: rejected by the database (the event was already published)")
    #> ord-3: rejected by the database (the event was already published)

    stored = [row[0] for row in db.execute("SELECT id FROM orders ORDER BY id")]
    print("orders in the database:", stored)
    #> orders in the database: ['ord-1', 'ord-2']
    print("orders the broker announced:", broker.order_ids)
    #> orders the broker announced: ['ord-1', 'ord-3']


if __name__ == "__main__":
    asyncio.run(main())
