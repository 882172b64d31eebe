"""P050 before: the wire format is whatever the objects happen to contain.

Encoding dumps `__dict__` and lets `default=str` turn anything else into text,
so Python reprs reach the wire. Decoding passes the parsed dict to the class,
which checks nothing: the nested lines stay dicts, and a quantity sent as the
string "2" is accepted until arithmetic on it goes quietly wrong.
"""

from __future__ import annotations

import enum
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any


class OrderStatus(enum.Enum):
    PENDING = "pending"
    PAID = "paid"


@dataclass
class Line:
    sku: str
    quantity: int
    unit_price: Decimal


@dataclass
class Order:
    id: str
    lines: list[Line]
    status: OrderStatus
    placed_at: datetime


def dump(order: Order) -> str:
    return json.dumps(order.__dict__, default=str)


def load(text: str) -> Order:
    data: dict[str, Any] = json.loads(text)
    return Order(**data)


def main() -> None:
    order = Order(
        id="ord-1",
        lines=[Line("lamp", 2, Decimal("12.50"))],
        status=OrderStatus.PAID,
        placed_at=datetime(2024, 5, 1, 9, 30, tzinfo=UTC),
    )
    for key, value in json.loads(dump(order)).items():
        print(f"{key}: {value!r}")
    #> id: 'ord-1'
    #> lines: ["Line(sku='lamp', quantity=2, unit_price=Decimal('12.50'))"]
    #> status: 'OrderStatus.PAID'
    #> placed_at: '2024-05-01 09:30:00+00:00'

    incoming = (
        '{"id": "ord-2", "lines": [{"sku": "lamp", "quantity": "2", "unit_price": 12.5}],'
        ' "status": "paid", "placed_at": "yesterday"}'
    )
    received = load(incoming)
    line: Any = received.lines[0]
    print(type(line).__name__, type(received.status).__name__, received.placed_at)
    #> dict str yesterday
    print("two of them:", repr(line["quantity"] * 2))
    #> two of them: '22'


if __name__ == "__main__":
    main()
