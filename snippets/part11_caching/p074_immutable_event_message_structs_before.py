"""P074 before: one mutable event object is handed to every subscriber.

The bus passes the same `OrderPlaced` instance to each handler. The loyalty
handler "applies a discount" by editing a line in place, so the audit handler,
which runs next, records a total the customer never placed. Because the event
is mutable it is also unhashable, so a redelivered copy cannot be dropped with
a set.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass
class OrderLine:
    sku: str
    quantity: int
    unit_cents: int


@dataclass
class OrderPlaced:
    order_id: str
    lines: list[OrderLine]

    def total_cents(self) -> int:
        return sum(line.quantity * line.unit_cents for line in self.lines)


Handler = Callable[[OrderPlaced], None]


def loyalty_discount(event: OrderPlaced) -> None:
    # Meant to compute a discount for a loyalty e-mail; edits the shared event instead.
    for line in event.lines:
        line.unit_cents = line.unit_cents * 90 // 100


def main() -> None:
    audit_log: list[int] = []
    handlers: list[Handler] = [
        loyalty_discount,
        lambda event: audit_log.append(event.total_cents()),
    ]
    event = OrderPlaced("o-17", [OrderLine("book", 2, 1000)])
    print("placed total:", event.total_cents())
    #> placed total: 2000
    for handler in handlers:
        handler(event)
    print("audit recorded:", audit_log[0])
    #> audit recorded: 1800

    redelivered = OrderPlaced("o-17", [OrderLine("book", 2, 900)])
    try:
        print(len({event, redelivered}))
    except TypeError as exc:
        print("dedupe with a set:", type(exc).__name__)
    #> dedupe with a set: TypeError


if __name__ == "__main__":
    main()
