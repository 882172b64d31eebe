"""P074 Immutable Event / Message Structs: a published event is a value no one can edit.

Events are frozen dataclasses whose collection fields are tuples, so neither the
event nor anything inside it can change after construction. Every subscriber
can hold the same instance safely, a change is a new event made with
`dataclasses.replace`, and equal events compare and hash equal, so redelivered
copies can be dropped with a set.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import NamedTuple


@dataclass(frozen=True, slots=True)
class OrderLine:
    sku: str
    quantity: int
    unit_cents: int

    def __post_init__(self) -> None:
        if self.quantity < 1:
            raise ValueError(f"{self.sku}: quantity must be at least 1")
        if self.unit_cents < 0:
            raise ValueError(f"{self.sku}: unit price cannot be negative")


@dataclass(frozen=True, slots=True)
class OrderPlaced:
    """An order was placed. Build it with `OrderPlaced.create` or pass a tuple of lines.

    `frozen=True` blocks assignment to fields; the tuple blocks edits to the
    collection; `OrderLine` is frozen too, so nothing reachable can change.
    """

    order_id: str
    customer_id: str
    lines: tuple[OrderLine, ...]
    occurred_at: datetime

    def __post_init__(self) -> None:
        # A frozen dataclass holding a list is still mutable through the list.
        if not isinstance(self.lines, tuple):
            raise TypeError("lines must be a tuple, not " + type(self.lines).__name__)
        if not self.lines:
            raise ValueError("an order needs at least one line")
        if self.occurred_at.tzinfo is None:
            raise ValueError("occurred_at must be timezone-aware")

    @classmethod
    def create(
        cls,
        order_id: str,
        customer_id: str,
        lines: Iterable[OrderLine],
        occurred_at: datetime,
    ) -> OrderPlaced:
        """Copy `lines` into a tuple, so later edits to the caller's list do not leak in."""
        return cls(order_id, customer_id, tuple(lines), occurred_at)

    @property
    def total_cents(self) -> int:
        return sum(line.quantity * line.unit_cents for line in self.lines)


class OrderShipped(NamedTuple):
    """A NamedTuple is immutable and hashable too, but equals any tuple with the same items."""

    order_id: str
    carrier: str


Handler = Callable[[OrderPlaced], None]


class EventBus:
    """Hands the same event instance to every handler; safe only because it is frozen."""

    def __init__(self) -> None:
        self._handlers: list[Handler] = []
        self._seen: set[OrderPlaced] = set()

    def subscribe(self, handler: Handler) -> None:
        self._handlers.append(handler)

    def publish(self, event: OrderPlaced) -> bool:
        """Deliver `event` once; an equal event published again is dropped."""
        if event in self._seen:
            return False
        self._seen.add(event)
        for handler in self._handlers:
            handler(event)
        return True


def main() -> None:
    placed_at = datetime(2026, 1, 5, 9, 30, tzinfo=UTC)
    cart = [OrderLine("book", 2, 1000)]
    event = OrderPlaced.create("o-17", "c-4", cart, placed_at)
    cart.append(OrderLine("pen", 1, 150))
    print("lines after the cart changed:", len(event.lines), "total:", event.total_cents)
    #> lines after the cart changed: 1 total: 2000

    audit_log: list[int] = []
    discounts: list[OrderPlaced] = []

    def loyalty_discount(received: OrderPlaced) -> None:
        try:
            received.lines[0].unit_cents = 900  # type: ignore[misc]
        except dataclasses.FrozenInstanceError as exc:
            print("loyalty handler edit:", type(exc).__name__)
        # The supported way to "change" an event: build a new one.
        cheaper = tuple(
            dataclasses.replace(line, unit_cents=line.unit_cents * 90 // 100)
            for line in received.lines
        )
        discounts.append(dataclasses.replace(received, lines=cheaper))

    bus = EventBus()
    bus.subscribe(loyalty_discount)
    bus.subscribe(lambda received: audit_log.append(received.total_cents))
    print("published:", bus.publish(event))
    #> loyalty handler edit: FrozenInstanceError
    #> published: True
    print("audit recorded:", audit_log[0], "discounted copy:", discounts[0].total_cents)
    #> audit recorded: 2000 discounted copy: 1800

    redelivered = OrderPlaced.create("o-17", "c-4", [OrderLine("book", 2, 1000)], placed_at)
    print("equal:", redelivered == event, "published again:", bus.publish(redelivered))
    #> equal: True published again: False

    try:
        OrderPlaced("o-18", "c-4", [OrderLine("pen", 1, 150)], placed_at)  # type: ignore[arg-type]
    except TypeError as exc:
        print("rejected:", exc)
    #> rejected: lines must be a tuple, not list

    shipped = OrderShipped("o-17", "DHL")
    print("NamedTuple equals a bare tuple:", shipped == ("o-17", "DHL"))
    #> NamedTuple equals a bare tuple: True


if __name__ == "__main__":
    main()
