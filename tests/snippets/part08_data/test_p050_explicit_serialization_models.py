"""P050: the JSON contract is explicit, and decoding rejects anything outside it."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal
from types import ModuleType
from typing import Any

import pytest

from snippets.part08_data import p050_explicit_serialization_models as p050
from snippets.part08_data import p050_explicit_serialization_models_before as before
from snippets.part08_data.p050_explicit_serialization_models import (
    DecodeError,
    Line,
    LineJSON,
    Order,
    OrderJSON,
    OrderStatus,
    decode_order,
    encode_order,
)

DemoCheck = Callable[[ModuleType], None]


def order(**changes: Any) -> Order:
    fields: dict[str, Any] = {
        "id": "ord-7",
        "lines": (Line("lamp", 3, Decimal("0.99")), Line("desk", 1, Decimal("200"))),
        "status": OrderStatus.SHIPPED,
        "placed_at": datetime(2024, 2, 29, 23, 15, 5, tzinfo=UTC),
    }
    fields.update(changes)
    return Order(**fields)


def payload(**changes: object) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(encode_order(order()))
    data.update(changes)
    return data


def line_payload(**changes: object) -> str:
    data = payload()
    data["lines"][1].update(changes)
    return json.dumps(data)


def test_encoding_uses_the_contracts_names_and_formats() -> None:
    assert json.loads(encode_order(order())) == {
        "id": "ord-7",
        "lines": [
            {"sku": "lamp", "quantity": 3, "unit_price": "0.99"},
            {"sku": "desk", "quantity": 1, "unit_price": "200.00"},
        ],
        "status": "shipped",
        "placed_at": "2024-02-29T23:15:05Z",
    }


def test_round_trip_returns_an_equal_order_with_domain_types() -> None:
    decoded = decode_order(encode_order(order()))
    assert decoded == order()
    assert isinstance(decoded.lines[0], Line)
    assert isinstance(decoded.lines[0].unit_price, Decimal)
    assert decoded.status is OrderStatus.SHIPPED
    assert decoded.total == Decimal("202.97")


def test_times_in_other_zones_are_encoded_in_utc() -> None:
    local = datetime(2024, 3, 1, 1, 15, 5, tzinfo=timezone(timedelta(hours=2)))
    assert json.loads(encode_order(order(placed_at=local)))["placed_at"] == "2024-02-29T23:15:05Z"


def test_each_object_model_writes_exactly_its_keys() -> None:
    line = LineJSON.from_domain(Line("lamp", 1, Decimal("1")))
    assert list(line.to_dict()) == list(LineJSON.KEYS)
    assert list(OrderJSON.from_domain(order()).to_dict()) == list(OrderJSON.KEYS)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{", "order: not valid JSON"),
        ("[]", "order: expected object, got array"),
        (json.dumps(payload(extra=1)), "order: unknown field 'extra'"),
        (
            json.dumps({k: v for k, v in payload().items() if k != "id"}),
            "order: missing field 'id'",
        ),
        (json.dumps(payload(id=7)), "order.id: expected string, got integer"),
        (json.dumps(payload(lines={})), "order.lines: expected array, got object"),
        (json.dumps(payload(lines=[None])), r"order.lines\[0\]: expected object, got null"),
        (json.dumps(payload(status="refunded")), "order.status: unknown status 'refunded'"),
        (json.dumps(payload(placed_at="yesterday")), "order.placed_at: expected a time like"),
        (json.dumps(payload(placed_at="2024-05-01T09:30:00")), "order.placed_at: time zone"),
        (line_payload(sku=["desk"]), r"order.lines\[1\].sku: expected string, got array"),
        (line_payload(quantity="1"), r"order.lines\[1\].quantity: expected integer, got string"),
        (line_payload(quantity=1.0), r"order.lines\[1\].quantity: expected integer, got number"),
        (line_payload(quantity=False), r"order.lines\[1\].quantity: expected integer, got boolean"),
        (line_payload(quantity=0), r"order.lines\[1\].quantity: must be at least 1"),
        (
            line_payload(unit_price=200.0),
            r"order.lines\[1\].unit_price: expected string, got number",
        ),
        (line_payload(unit_price="2e2"), r"order.lines\[1\].unit_price: expected decimal text"),
        (line_payload(unit_price="-1.00"), r"order.lines\[1\].unit_price: expected decimal text"),
        (line_payload(unit_price="NaN"), r"order.lines\[1\].unit_price: expected decimal text"),
        (line_payload(price="1.00"), r"order.lines\[1\]: unknown field 'price'"),
    ],
)
def test_decoding_rejects_what_the_contract_does_not_allow(text: str, message: str) -> None:
    with pytest.raises(DecodeError, match=message):
        decode_order(text)


def test_unknown_fields_are_reported_before_missing_ones() -> None:
    data = payload()
    data["stauts"] = data.pop("status")
    with pytest.raises(DecodeError, match="unknown field 'stauts'"):
        decode_order(json.dumps(data))


def test_the_domain_classes_know_nothing_about_json() -> None:
    with pytest.raises(TypeError):
        json.dumps(order())


def test_the_before_version_accepts_a_string_quantity_and_leaves_dicts() -> None:
    received = before.load(
        '{"id": "x", "lines": [{"quantity": "3"}], "status": "nope", "placed_at": 5}'
    )
    line: Any = received.lines[0]
    assert isinstance(line, dict)
    assert line["quantity"] * 2 == "33"
    status: Any = received.status
    assert status == "nope"


def test_the_before_version_puts_python_reprs_on_the_wire() -> None:
    text = before.dump(
        before.Order("x", [], before.OrderStatus.PENDING, datetime(2024, 1, 1, tzinfo=UTC))
    )
    assert json.loads(text)["status"] == "OrderStatus.PENDING"


def test_demo_prints_its_documented_output(check_demo: DemoCheck) -> None:
    check_demo(p050)


def test_before_demo_prints_its_documented_output(check_demo: DemoCheck) -> None:
    check_demo(before)
