"""P063 CQRS-Lite: commands go to a write model, queries to a projection built from its events.

The write side, `OrderBook`, takes commands, checks each one against its own
state, and records every accepted change as an event in the `EventLog`. It
answers no dashboard questions. The read side, `CustomerDashboard`, is a
projection: it applies the log's events in order to a table shaped for one
query, so a read is a dictionary lookup instead of a scan of every order.

The projection remembers the last event it applied. It may lag behind the log
for a moment, it can be rebuilt by replaying the log from the start, and an
event it has already applied is skipped, so a replay never counts twice.
"""

from __future__ import annotations

import asyncio
import contextlib
import enum
from dataclasses import dataclass, replace


@dataclass(frozen=True)
class PlaceOrder:
    order_id: str
    customer: str
    total_cents: int


@dataclass(frozen=True)
class ShipOrder:
    order_id: str


@dataclass(frozen=True)
class CancelOrder:
    order_id: str


Command = PlaceOrder | ShipOrder | CancelOrder


@dataclass(frozen=True)
class OrderPlaced:
    seq: int
    order_id: str
    customer: str
    total_cents: int


@dataclass(frozen=True)
class OrderShipped:
    seq: int
    order_id: str


@dataclass(frozen=True)
class OrderCancelled:
    seq: int
    order_id: str


Event = OrderPlaced | OrderShipped | OrderCancelled


class CommandRejectedError(Exception):
    """The command breaks a rule of the write model; nothing was recorded."""


class EventLog:
    """Events in the order they were accepted; `seq` starts at 1 and has no gaps."""

    def __init__(self) -> None:
        self._events: list[Event] = []
        self._waiters: list[asyncio.Future[None]] = []

    @property
    def position(self) -> int:
        """The `seq` of the newest event; 0 while the log is empty."""
        return len(self._events)

    def append(self, event: Event) -> None:
        if event.seq != self.position + 1:
            raise ValueError(f"event {event.seq} cannot follow event {self.position}")
        self._events.append(event)
        for waiter in self._waiters:
            if not waiter.done():
                waiter.set_result(None)
        self._waiters.clear()

    def read(self, after: int) -> list[Event]:
        """The events with a `seq` greater than `after`, oldest first."""
        return self._events[after:]

    async def wait_past(self, position: int) -> None:
        """Return once the log holds an event newer than `position`."""
        while self.position <= position:
            waiter = asyncio.get_running_loop().create_future()
            self._waiters.append(waiter)
            await waiter


class Status(enum.Enum):
    PLACED = "placed"
    SHIPPED = "shipped"
    CANCELLED = "cancelled"


class OrderBook:
    """The write model: the rules about orders, and the only code that records events."""

    def __init__(self, log: EventLog) -> None:
        self._log = log
        self._status: dict[str, Status] = {}

    def handle(self, command: Command) -> int:
        """Check `command`, record its event, and return the event's `seq`.

        Raises:
            CommandRejectedError: the command breaks a rule; no event was recorded.
        """
        seq = self._log.position + 1
        event: Event
        if isinstance(command, PlaceOrder):
            if command.order_id in self._status:
                raise CommandRejectedError(f"order {command.order_id} already exists")
            if command.total_cents <= 0:
                raise CommandRejectedError(f"order {command.order_id}: total must be positive")
            event = OrderPlaced(seq, command.order_id, command.customer, command.total_cents)
            status = Status.PLACED
        elif isinstance(command, ShipOrder):
            self._require_placed(command.order_id, "shipped")
            event, status = OrderShipped(seq, command.order_id), Status.SHIPPED
        else:
            self._require_placed(command.order_id, "cancelled")
            event, status = OrderCancelled(seq, command.order_id), Status.CANCELLED
        # One step with no await in it: in a database, one transaction (see P046).
        self._log.append(event)
        self._status[command.order_id] = status
        return seq

    def _require_placed(self, order_id: str, action: str) -> None:
        status = self._status.get(order_id)
        if status is None:
            raise CommandRejectedError(f"order {order_id} does not exist")
        if status is not Status.PLACED:
            raise CommandRejectedError(f"order {order_id} is {status.value}; only a placed order can be {action}")


@dataclass(frozen=True)
class CustomerSummary:
    """One row of the read model: what the customer's dashboard shows."""

    open_orders: int = 0
    shipped_orders: int = 0
    spent_cents: int = 0  # placed orders that were not cancelled


class CustomerDashboard:
    """The read model: one precomputed summary per customer, kept up to date from the log."""

    def __init__(self) -> None:
        self.position = 0  # the seq of the last event applied
        self._summaries: dict[str, CustomerSummary] = {}
        self._orders: dict[str, tuple[str, int]] = {}  # order id -> (customer, total)
        self._moved = asyncio.Condition()

    def summary(self, customer: str) -> CustomerSummary:
        """The query: one lookup, however many orders exist."""
        return self._summaries.get(customer, CustomerSummary())

    def apply(self, event: Event) -> None:
        """Fold one event into the tables; an event already applied is skipped."""
        if event.seq <= self.position:
            return
        if event.seq != self.position + 1:
            raise ValueError(f"event {event.seq} after {self.position}: events are missing")
        if isinstance(event, OrderPlaced):
            self._orders[event.order_id] = (event.customer, event.total_cents)
            self._change(event.customer, open_orders=1, spent_cents=event.total_cents)
        elif isinstance(event, OrderShipped):
            customer, _ = self._orders[event.order_id]
            self._change(customer, open_orders=-1, shipped_orders=1)
        else:
            customer, total = self._orders[event.order_id]
            self._change(customer, open_orders=-1, spent_cents=-total)
        self.position = event.seq

    def catch_up(self, log: EventLog) -> int:
        """Apply every event the log has after `position`; returns how many."""
        events = log.read(after=self.position)
        for event in events:
            self.apply(event)
        return len(events)

    async def follow(self, log: EventLog) -> None:
        """Keep catching up as the log grows; run it as a task and cancel it to stop."""
        while True:
            if self.catch_up(log):
                async with self._moved:
                    self._moved.notify_all()
            await log.wait_past(self.position)

    async def wait_until(self, seq: int) -> None:
        """Return once event `seq` is applied: read-your-writes for the caller who sent it."""
        async with self._moved:
            await self._moved.wait_for(lambda: self.position >= seq)

    def _change(self, customer: str, **deltas: int) -> None:
        row = self.summary(customer)
        self._summaries[customer] = replace(
            row, **{name: getattr(row, name) + delta for name, delta in deltas.items()}
        )


def show(dashboard: CustomerDashboard, customer: str) -> str:
    row = dashboard.summary(customer)
    spent = f"{row.spent_cents // 100}.{row.spent_cents % 100:02d}"
    return (f"{customer}: open {row.open_orders}, shipped {row.shipped_orders},"
            f" spent {spent} (as of event {dashboard.position})")


async def main() -> None:
    log = EventLog()
    book = OrderBook(log)
    dashboard = CustomerDashboard()
    follower = asyncio.create_task(dashboard.follow(log))

    book.handle(PlaceOrder("o1", "ana", 2500))
    book.handle(PlaceOrder("o2", "ana", 1000))
    last = book.handle(PlaceOrder("o3", "ben", 4000))
    print("read at once:", show(dashboard, "ana"))
    #> read at once: ana: open 0, shipped 0, spent 0.00 (as of event 0)
    await dashboard.wait_until(last)
    print("read after:  ", show(dashboard, "ana"))
    #> read after:   ana: open 2, shipped 0, spent 35.00 (as of event 3)

    book.handle(ShipOrder("o1"))
    last = book.handle(CancelOrder("o2"))
    invalid: list[Command] = [CancelOrder("o1"), PlaceOrder("o4", "ben", 0), ShipOrder("o9")]
    for command in invalid:
        try:
            book.handle(command)
        except CommandRejectedError as exc:
            print("rejected:", exc)
    #> rejected: order o1 is shipped; only a placed order can be cancelled
    #> rejected: order o4: total must be positive
    #> rejected: order o9 does not exist
    await dashboard.wait_until(last)
    print(show(dashboard, "ana"))
    #> ana: open 0, shipped 1, spent 25.00 (as of event 5)
    print(show(dashboard, "ben"))
    #> ben: open 1, shipped 0, spent 40.00 (as of event 5)

    rebuilt = CustomerDashboard()
    rebuilt.catch_up(log)
    rebuilt.catch_up(log)  # nothing new: nothing changes
    same = all(rebuilt.summary(c) == dashboard.summary(c) for c in ["ana", "ben"])
    print("rebuilt from the log, same answers:", same)
    #> rebuilt from the log, same answers: True
    follower.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await follower


if __name__ == "__main__":
    asyncio.run(main())
