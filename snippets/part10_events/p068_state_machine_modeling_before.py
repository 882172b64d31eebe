"""P068 before: order status checks scattered over every function that changes it.

Each function guards the transitions its author thought of. Nobody owns the
whole picture, so one function forgets a state and the order ends up in a
combination that the business says cannot exist.
"""

from __future__ import annotations


class Order:
    def __init__(self, order_id: str) -> None:
        self.order_id = order_id
        self.status = "pending"


def pay(order: Order) -> None:
    if order.status == "pending":
        order.status = "paid"


def ship(order: Order) -> None:
    # Written before refunds existed: a refunded order is not "cancelled".
    if order.status == "cancelled":
        raise ValueError("cannot ship a cancelled order")
    order.status = "shipped"


def cancel(order: Order) -> None:
    # Written by another team, who assumed shipping checks for itself.
    order.status = "cancelled"


def refund(order: Order) -> None:
    if order.status in ("paid", "shipped"):
        order.status = "refunded"


def main() -> None:
    first = Order("A-1")
    pay(first)
    refund(first)
    ship(first)
    print(first.order_id, "refunded, then shipped:", first.status)
    #> A-1 refunded, then shipped: shipped

    second = Order("A-2")
    ship(second)
    print(second.order_id, "shipped without payment:", second.status)
    #> A-2 shipped without payment: shipped

    cancel(second)
    print(second.order_id, "cancelled while on the truck:", second.status)
    #> A-2 cancelled while on the truck: cancelled

    third = Order("A-3")
    pay(third)
    pay(third)
    print(third.order_id, "paid twice, no error raised:", third.status)
    #> A-3 paid twice, no error raised: paid


if __name__ == "__main__":
    main()
