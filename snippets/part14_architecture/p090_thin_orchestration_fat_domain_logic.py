"""P090 Thin Orchestration / Fat Domain Logic: handlers translate, the domain decides.

`confirm` holds every business rule for placing an order: lines must name
known products, stock must cover the whole order, and a bulk discount
applies from 100.00. It is a pure function: it reads its arguments and
returns a `Confirmation` (or raises an `OrderError`), touching no I/O and
changing nothing, so it is tested with plain values. Each entry point is
thin: it parses its own input into an `Order`, calls `confirm` once, stores
the result and maps the outcome to its own output. The HTTP handler and the
CSV import are two shells around one core, and cannot disagree on a rule.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field

DISCOUNT_FROM_CENTS = 10_000
DISCOUNT_PERCENT = 10


# ---- domain: rules only, no I/O --------------------------------------------


class OrderError(Exception):
    """The order breaks a business rule."""


class EmptyOrderError(OrderError):
    pass


class UnknownProductError(OrderError):
    pass


class OutOfStockError(OrderError):
    pass


@dataclass(frozen=True)
class Line:
    sku: str
    quantity: int

    def __post_init__(self) -> None:
        if self.quantity < 1:
            raise ValueError(f"{self.sku}: quantity must be at least 1")


@dataclass(frozen=True)
class Order:
    lines: tuple[Line, ...]


@dataclass(frozen=True)
class Confirmation:
    subtotal: int
    discount: int
    stock: dict[str, int]  # stock levels after the order

    @property
    def total(self) -> int:
        return self.subtotal - self.discount


def confirm(order: Order, stock: Mapping[str, int], prices: Mapping[str, int]) -> Confirmation:
    """Price the order and compute the stock it leaves, or raise why it cannot be placed."""
    if not order.lines:
        raise EmptyOrderError("the order has no lines")
    wanted: dict[str, int] = {}
    for line in order.lines:
        if line.sku not in prices:
            raise UnknownProductError(f"unknown product {line.sku!r}")
        wanted[line.sku] = wanted.get(line.sku, 0) + line.quantity
    for sku, quantity in wanted.items():
        if stock.get(sku, 0) < quantity:
            raise OutOfStockError(f"{sku}: want {quantity}, have {stock.get(sku, 0)}")
    subtotal = sum(prices[sku] * quantity for sku, quantity in wanted.items())
    discount = subtotal * DISCOUNT_PERCENT // 100 if subtotal >= DISCOUNT_FROM_CENTS else 0
    left = dict(stock)
    for sku, quantity in wanted.items():
        left[sku] -= quantity
    return Confirmation(subtotal, discount, left)


# ---- orchestration: parse, call the domain once, store, map -----------------


@dataclass
class Shop:
    """The state a real service keeps in its database."""

    prices: dict[str, int]
    stock: dict[str, int] = field(default_factory=dict)


STATUS: dict[type[OrderError], int] = {EmptyOrderError: 422, UnknownProductError: 422, OutOfStockError: 409}


def money(cents: int) -> str:
    return f"{cents // 100}.{cents % 100:02d}"


def parse_json_order(body: str) -> Order:
    """Raises ValueError for anything that is not {"items": [{"sku": str, "qty": int}, ...]}."""
    try:
        items = json.loads(body)["items"]
        return Order(tuple(Line(str(item["sku"]), int(item["qty"])) for item in items))
    except (KeyError, TypeError) as err:
        raise ValueError("expected {'items': [{'sku': ..., 'qty': ...}]}") from err


def http_place_order(body: str, shop: Shop) -> tuple[int, str]:
    try:
        order = parse_json_order(body)
    except ValueError as err:
        return 400, f"bad request: {err}"
    try:
        result = confirm(order, shop.stock, shop.prices)
    except OrderError as err:
        return STATUS.get(type(err), 422), str(err)
    shop.stock = result.stock
    return 201, f"total {money(result.total)}"


def csv_place_order(row: str, shop: Shop) -> str:
    try:
        order = Order(tuple(Line(sku, int(qty)) for sku, qty in (p.split("=") for p in row.split(";"))))
        result = confirm(order, shop.stock, shop.prices)
    except (ValueError, OrderError) as err:
        return f"rejected: {err}"
    shop.stock = result.stock
    return f"total {money(result.total)}"


def main() -> None:
    shop = Shop(prices={"pen": 250, "book": 1500}, stock={"pen": 20, "book": 10})
    print(http_place_order('{"items": [{"sku": "book", "qty": 8}]}', shop))
    #> (201, 'total 108.00')
    print(csv_place_order("book=1;pen=4", shop), shop.stock)
    #> total 25.00 {'pen': 16, 'book': 1}
    print(csv_place_order("pen=4;book=3", shop), shop.stock)
    #> rejected: book: want 3, have 1 {'pen': 16, 'book': 1}
    print(http_place_order('{"items": [{"sku": "pen", "qty": 0}]}', shop))
    #> (400, 'bad request: pen: quantity must be at least 1')
    print(http_place_order('{"items": []}', shop))
    #> (422, 'the order has no lines')
    print(confirm(Order((Line("book", 7), Line("book", 1))), {"book": 8}, {"book": 1500}))
    #> Confirmation(subtotal=12000, discount=1200, stock={'book': 0})


if __name__ == "__main__":
    main()
