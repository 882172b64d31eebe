"""P050 Explicit Serialization Models: the wire format is written down, field by field.

`LineJSON` and `OrderJSON` are the JSON contract: their fields are the exact
keys, with JSON types (money is a string like "12.50", time is RFC 3339 text).
Decoding rejects unknown keys, missing keys and wrong types with the path of
the bad field, then converts to the domain types. The domain classes know
nothing about JSON, so renaming an attribute never changes the wire.
"""

from __future__ import annotations

import enum
import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from typing import ClassVar

MONEY = re.compile(r"^(0|[1-9][0-9]*)\.[0-9]{2}$")


class DecodeError(ValueError):
    """The payload does not match the contract; the message names the bad field."""


# The domain: plain Python types, no knowledge of any wire format.


class OrderStatus(enum.Enum):
    PENDING = "pending"
    PAID = "paid"
    SHIPPED = "shipped"


@dataclass(frozen=True)
class Line:
    sku: str
    quantity: int
    unit_price: Decimal


@dataclass(frozen=True)
class Order:
    id: str
    lines: tuple[Line, ...]
    status: OrderStatus
    placed_at: datetime

    @property
    def total(self) -> Decimal:
        return sum((line.unit_price * line.quantity for line in self.lines), Decimal("0.00"))


# The JSON contract: one class per object, each field a JSON type.


def _json_type(value: object) -> str:
    if value is None:
        return "null"
    names = {bool: "boolean", int: "integer", float: "number", str: "string", list: "array"}
    return names.get(type(value), "object")


def _fields(data: object, path: str, names: tuple[str, ...]) -> dict[str, object]:
    """Check that `data` is an object with exactly these keys, and return it."""
    if not isinstance(data, dict):
        raise DecodeError(f"{path}: expected object, got {_json_type(data)}")
    unknown = sorted(key for key in data if key not in names)
    if unknown:
        raise DecodeError(f"{path}: unknown field {unknown[0]!r}")
    missing = [name for name in names if name not in data]
    if missing:
        raise DecodeError(f"{path}: missing field {missing[0]!r}")
    return data


def _string(data: dict[str, object], name: str, path: str) -> str:
    value = data[name]
    if not isinstance(value, str):
        raise DecodeError(f"{path}.{name}: expected string, got {_json_type(value)}")
    return value


def _integer(data: dict[str, object], name: str, path: str) -> int:
    value = data[name]
    if not isinstance(value, int) or isinstance(value, bool):  # True is an int in Python
        raise DecodeError(f"{path}.{name}: expected integer, got {_json_type(value)}")
    return value


def _array(data: dict[str, object], name: str, path: str) -> list[object]:
    value = data[name]
    if not isinstance(value, list):
        raise DecodeError(f"{path}.{name}: expected array, got {_json_type(value)}")
    return value


@dataclass(frozen=True)
class LineJSON:
    sku: str
    quantity: int
    unit_price: str  # decimal text with two places: "12.50", never a float

    KEYS: ClassVar[tuple[str, ...]] = ("sku", "quantity", "unit_price")

    @classmethod
    def from_dict(cls, data: object, path: str) -> LineJSON:
        fields = _fields(data, path, cls.KEYS)
        return cls(
            sku=_string(fields, "sku", path),
            quantity=_integer(fields, "quantity", path),
            unit_price=_string(fields, "unit_price", path),
        )

    def to_dict(self) -> dict[str, object]:
        return {"sku": self.sku, "quantity": self.quantity, "unit_price": self.unit_price}

    @classmethod
    def from_domain(cls, line: Line) -> LineJSON:
        return cls(line.sku, line.quantity, f"{line.unit_price:.2f}")

    def to_domain(self, path: str) -> Line:
        if self.quantity < 1:
            raise DecodeError(f"{path}.quantity: must be at least 1")
        if not MONEY.match(self.unit_price):
            raise DecodeError(f"{path}.unit_price: expected decimal text like '12.50'")
        return Line(self.sku, self.quantity, Decimal(self.unit_price))


@dataclass(frozen=True)
class OrderJSON:
    id: str
    lines: tuple[LineJSON, ...]
    status: str
    placed_at: str  # RFC 3339 in UTC to the second: "2024-05-01T09:30:00Z"

    KEYS: ClassVar[tuple[str, ...]] = ("id", "lines", "status", "placed_at")

    @classmethod
    def from_dict(cls, data: object, path: str = "order") -> OrderJSON:
        fields = _fields(data, path, cls.KEYS)
        lines = _array(fields, "lines", path)
        return cls(
            id=_string(fields, "id", path),
            lines=tuple(
                LineJSON.from_dict(line, f"{path}.lines[{i}]") for i, line in enumerate(lines)
            ),
            status=_string(fields, "status", path),
            placed_at=_string(fields, "placed_at", path),
        )

    def to_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "lines": [line.to_dict() for line in self.lines],
            "status": self.status,
            "placed_at": self.placed_at,
        }

    @classmethod
    def from_domain(cls, order: Order) -> OrderJSON:
        placed = order.placed_at.astimezone(UTC).isoformat(timespec="seconds")
        return cls(
            id=order.id,
            lines=tuple(LineJSON.from_domain(line) for line in order.lines),
            status=order.status.value,
            placed_at=placed.replace("+00:00", "Z"),
        )

    def to_domain(self, path: str = "order") -> Order:
        try:
            status = OrderStatus(self.status)
        except ValueError:
            raise DecodeError(f"{path}.status: unknown status {self.status!r}") from None
        try:
            placed_at = datetime.fromisoformat(self.placed_at)
        except ValueError:
            example = "2024-05-01T09:30:00Z"
            raise DecodeError(f"{path}.placed_at: expected a time like {example}") from None
        if placed_at.tzinfo is None:
            raise DecodeError(f"{path}.placed_at: time zone is required")
        lines = tuple(line.to_domain(f"{path}.lines[{i}]") for i, line in enumerate(self.lines))
        return Order(self.id, lines, status, placed_at)


def encode_order(order: Order) -> str:
    return json.dumps(OrderJSON.from_domain(order).to_dict())


def decode_order(text: str) -> Order:
    """Parse JSON text into an Order, or raise DecodeError naming the first bad field."""
    try:
        data = json.loads(text)
    except ValueError:
        raise DecodeError("order: not valid JSON") from None
    return OrderJSON.from_dict(data).to_domain()


def main() -> None:
    order = Order(
        id="ord-1",
        lines=(Line("lamp", 2, Decimal("12.5")), Line("desk", 1, Decimal("149.00"))),
        status=OrderStatus.PAID,
        placed_at=datetime(2024, 5, 1, 9, 30, tzinfo=UTC),
    )
    text = encode_order(order)
    print(text)
    #> {"id": "ord-1", "lines": [{"sku": "lamp", "quantity": 2, "unit_price": "12.50"}, {"sku": "desk", "quantity": 1, "unit_price": "149.00"}], "status": "paid", "placed_at": "2024-05-01T09:30:00Z"}
    again = decode_order(text)
    print("round trip equal:", again == order, "total:", again.total)
    #> round trip equal: True total: 174.00

    def broken(**changes: object) -> str:
        data = json.loads(text)
        data["lines"][0].update(changes)
        return json.dumps(data)

    for payload in (
        broken(quantity="2"),
        broken(quantitiy=2),
        broken(unit_price=12.5),
        broken(quantity=True),
        text.replace('"paid"', '"refunded"'),
        text.replace(', "status": "paid"', ""),
    ):
        try:
            decode_order(payload)
        except DecodeError as exc:
            print("rejected:", exc)
    #> rejected: order.lines[0].quantity: expected integer, got string
    #> rejected: order.lines[0]: unknown field 'quantitiy'
    #> rejected: order.lines[0].unit_price: expected string, got number
    #> rejected: order.lines[0].quantity: expected integer, got boolean
    #> rejected: order.status: unknown status 'refunded'
    #> rejected: order: missing field 'status'


if __name__ == "__main__":
    main()
