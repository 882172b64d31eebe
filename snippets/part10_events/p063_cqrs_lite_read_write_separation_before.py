"""P063 before: one model of orders answers the commands and the dashboard alike.

The dashboard asks how many orders one customer has and what they spent. The only
place that knows is the list of orders the commands write to, so every page
view walks all of it. The cost of a read grows with the shop, not with the
answer, and every new screen adds its own loop over the same rows.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Order:
    order_id: str
    customer: str
    total_cents: int


class Shop:
    """Commands and queries on the same list of orders."""

    def __init__(self) -> None:
        self.orders: list[Order] = []
        self.rows_read = 0

    def place(self, order_id: str, customer: str, total_cents: int) -> None:
        if total_cents <= 0:
            raise ValueError(f"order {order_id}: total must be positive")
        self.orders.append(Order(order_id, customer, total_cents))

    def dashboard(self, customer: str) -> tuple[int, int]:
        """Orders and cents spent: computed from every order of the shop, on every call."""
        count = spent = 0
        for order in self.orders:
            self.rows_read += 1
            if order.customer == customer:
                count += 1
                spent += order.total_cents
        return count, spent


def main() -> None:
    shop = Shop()
    for n in range(10_000):
        shop.place(f"o{n}", f"customer-{n % 500}", 1000 + n % 7 * 100)
    print("customer-7 (orders, cents spent):", shop.dashboard("customer-7"))
    #> customer-7 (orders, cents spent): (20, 25900)
    print("rows read to answer it:", shop.rows_read)
    #> rows read to answer it: 10000
    for n in range(99):
        shop.dashboard(f"customer-{n}")
    print("rows read for 100 page views:", shop.rows_read)
    #> rows read for 100 page views: 1000000


if __name__ == "__main__":
    main()
