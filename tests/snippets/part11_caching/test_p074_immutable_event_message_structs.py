"""P074: events cannot be mutated, compare and hash by value, and validate on creation."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import UTC, datetime
from types import ModuleType
from typing import Any

import pytest

from snippets.part11_caching import p074_immutable_event_message_structs as p074
from snippets.part11_caching import p074_immutable_event_message_structs_before as before
from snippets.part11_caching.p074_immutable_event_message_structs import (
    EventBus,
    OrderLine,
    OrderPlaced,
    OrderShipped,
)

DemoCheck = Callable[[ModuleType], None]
AT = datetime(2026, 1, 5, 9, 30, tzinfo=UTC)


def placed(*lines: OrderLine, order_id: str = "o-1") -> OrderPlaced:
    return OrderPlaced.create(order_id, "c-1", lines or [OrderLine("book", 2, 1000)], AT)


def test_fields_cannot_be_assigned_or_added() -> None:
    event: Any = placed()
    with pytest.raises(dataclasses.FrozenInstanceError):
        event.order_id = "o-2"
    with pytest.raises(dataclasses.FrozenInstanceError):
        event.lines[0].quantity = 5
    with pytest.raises((AttributeError, TypeError)):
        event.note = "extra attribute"
    with pytest.raises(AttributeError):
        event.lines.append(OrderLine("pen", 1, 150))
    assert event.total_cents == 2000


def test_create_copies_the_callers_list() -> None:
    cart = [OrderLine("book", 1, 500)]
    event = OrderPlaced.create("o-1", "c-1", cart, AT)
    cart[0] = OrderLine("book", 9, 500)
    cart.append(OrderLine("pen", 1, 150))
    assert event.lines == (OrderLine("book", 1, 500),)


def test_equal_events_hash_equal_and_deduplicate_in_a_set() -> None:
    first, second = placed(), placed()
    assert first is not second
    assert first == second
    assert hash(first) == hash(second)
    assert len({first, second, placed(order_id="o-2")}) == 2


def test_replace_makes_a_new_event_and_leaves_the_original() -> None:
    event = placed()
    changed = dataclasses.replace(event, customer_id="c-9")
    assert (event.customer_id, changed.customer_id) == ("c-1", "c-9")
    assert changed != event
    with pytest.raises(ValueError, match="at least one line"):
        dataclasses.replace(event, lines=())


@pytest.mark.parametrize(
    ("build", "error", "message"),
    [
        (lambda: OrderPlaced("o", "c", [OrderLine("a", 1, 1)], AT), TypeError, "tuple"),  # type: ignore[arg-type]
        (lambda: OrderPlaced.create("o", "c", [], AT), ValueError, "at least one line"),
        (
            lambda: OrderPlaced.create("o", "c", [OrderLine("a", 1, 1)], datetime(2026, 1, 5)),
            ValueError,
            "timezone-aware",
        ),
        (lambda: OrderLine("a", 0, 1), ValueError, "quantity"),
        (lambda: OrderLine("a", 1, -1), ValueError, "negative"),
    ],
)
def test_invalid_events_are_rejected_at_construction(
    build: Callable[[], object], error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=message):
        build()


def test_bus_delivers_same_instance_once() -> None:
    bus = EventBus()
    received: list[OrderPlaced] = []
    bus.subscribe(received.append)
    bus.subscribe(received.append)
    event = placed()
    assert bus.publish(event) is True
    assert bus.publish(placed()) is False
    assert bus.publish(placed(order_id="o-2")) is True
    assert received[0] is received[1] is event
    assert len(received) == 4


def test_named_tuple_is_immutable_but_compares_as_a_plain_tuple() -> None:
    shipped: Any = OrderShipped("o-1", "DHL")
    with pytest.raises(AttributeError):
        shipped.carrier = "UPS"
    assert shipped == ("o-1", "DHL")
    assert hash(shipped) == hash(("o-1", "DHL"))


def test_mutable_before_version_lets_a_handler_corrupt_the_event() -> None:
    event = before.OrderPlaced("o-1", [before.OrderLine("book", 2, 1000)])
    before.loyalty_discount(event)
    assert event.total_cents() == 1800
    with pytest.raises(TypeError):
        hash(event)


def test_demo_prints_its_documented_output(check_demo: DemoCheck) -> None:
    check_demo(p074)


def test_before_demo_prints_its_documented_output(check_demo: DemoCheck) -> None:
    check_demo(before)
