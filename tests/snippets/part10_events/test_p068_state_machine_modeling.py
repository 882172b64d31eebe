"""P068: every allowed transition, forbidden ones, and the unchanged state on refusal."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from types import ModuleType

import pytest

from snippets.part10_events import p068_state_machine_modeling as p068
from snippets.part10_events import p068_state_machine_modeling_before as before
from snippets.part10_events.p068_state_machine_modeling import (
    TRANSITIONS,
    InvalidTransitionError,
    Order,
    OrderEvent,
    OrderState,
    next_state,
)

DemoCheck = Callable[[ModuleType], None]

ALLOWED = [
    (OrderState.PENDING, OrderEvent.PAY, OrderState.PAID),
    (OrderState.PENDING, OrderEvent.CANCEL, OrderState.CANCELLED),
    (OrderState.PAID, OrderEvent.SHIP, OrderState.SHIPPED),
    (OrderState.PAID, OrderEvent.CANCEL, OrderState.REFUNDED),
    (OrderState.SHIPPED, OrderEvent.DELIVER, OrderState.DELIVERED),
    (OrderState.DELIVERED, OrderEvent.REFUND, OrderState.REFUNDED),
]

FORBIDDEN = [
    (OrderState.PENDING, OrderEvent.SHIP),
    (OrderState.PAID, OrderEvent.PAY),
    (OrderState.SHIPPED, OrderEvent.CANCEL),
    (OrderState.REFUNDED, OrderEvent.SHIP),
    (OrderState.CANCELLED, OrderEvent.PAY),
    (OrderState.DELIVERED, OrderEvent.DELIVER),
]


def test_table_holds_exactly_the_documented_transitions() -> None:
    assert dict(TRANSITIONS) == {(s, e): t for s, e, t in ALLOWED}


@pytest.mark.parametrize(("state", "event", "target"), ALLOWED)
def test_every_allowed_transition(state: OrderState, event: OrderEvent, target: OrderState) -> None:
    order = Order("o", state)
    assert order.fire(event) is target
    assert order.state is target
    assert order.history == [(state, event, target)]


@pytest.mark.parametrize(("state", "event"), FORBIDDEN)
def test_forbidden_transition_names_state_and_event(state: OrderState, event: OrderEvent) -> None:
    order = Order("o", state)
    with pytest.raises(InvalidTransitionError) as info:
        order.fire(event)
    assert info.value.state is state
    assert info.value.event is event
    assert str(info.value) == f"cannot {event.value} an order that is {state.value}"
    assert order.state is state
    assert order.history == []


def test_every_pair_outside_the_table_is_refused() -> None:
    refused = 0
    for state, event in itertools.product(OrderState, OrderEvent):
        if (state, event) in TRANSITIONS:
            continue
        with pytest.raises(InvalidTransitionError):
            next_state(state, event)
        refused += 1
    assert refused == len(OrderState) * len(OrderEvent) - len(ALLOWED)


def test_terminal_states_accept_no_event() -> None:
    for state in (OrderState.CANCELLED, OrderState.REFUNDED):
        assert Order("o", state).allowed_events() == []


def test_allowed_events_follow_the_table() -> None:
    assert Order("o").allowed_events() == [OrderEvent.PAY, OrderEvent.CANCEL]


def test_table_cannot_be_changed_at_runtime() -> None:
    with pytest.raises(TypeError):
        TRANSITIONS[(OrderState.REFUNDED, OrderEvent.SHIP)] = OrderState.SHIPPED  # type: ignore[index]


def test_full_lifecycle_records_history() -> None:
    order = Order("o")
    for event in (OrderEvent.PAY, OrderEvent.SHIP, OrderEvent.DELIVER, OrderEvent.REFUND):
        order.fire(event)
    assert [step[2] for step in order.history] == [
        OrderState.PAID,
        OrderState.SHIPPED,
        OrderState.DELIVERED,
        OrderState.REFUNDED,
    ]


def test_before_lets_impossible_states_happen() -> None:
    order = before.Order("o")
    before.pay(order)
    before.refund(order)
    before.ship(order)
    assert order.status == "shipped"
    cancelled = before.Order("c")
    before.cancel(cancelled)
    with pytest.raises(ValueError, match="cancelled"):
        before.ship(cancelled)
    unpaid = before.Order("u")
    before.refund(unpaid)
    assert unpaid.status == "pending"


def test_demo_prints_its_documented_output(check_demo: DemoCheck) -> None:
    check_demo(p068)


def test_before_demo_prints_its_documented_output(check_demo: DemoCheck) -> None:
    check_demo(before)
