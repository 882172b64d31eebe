"""P068 State Machine Modeling: one transition table decides every status change.

The table maps (state, event) to the next state. Anything not in the table is
refused with InvalidTransitionError, which names the state and the event, and the
order keeps its old state. Code that wants to change an order's status fires
an event; it never assigns the status itself.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from types import MappingProxyType
from typing import Final


class OrderState(enum.Enum):
    PENDING = "pending"
    PAID = "paid"
    SHIPPED = "shipped"
    DELIVERED = "delivered"
    CANCELLED = "cancelled"
    REFUNDED = "refunded"


class OrderEvent(enum.Enum):
    PAY = "pay"
    SHIP = "ship"
    DELIVER = "deliver"
    CANCEL = "cancel"
    REFUND = "refund"


S, E = OrderState, OrderEvent

# The whole lifecycle in one place. Read-only, so no caller can add a shortcut.
TRANSITIONS: Final[Mapping[tuple[OrderState, OrderEvent], OrderState]] = MappingProxyType(
    {
        (S.PENDING, E.PAY): S.PAID,
        (S.PENDING, E.CANCEL): S.CANCELLED,
        (S.PAID, E.SHIP): S.SHIPPED,
        (S.PAID, E.CANCEL): S.REFUNDED,
        (S.SHIPPED, E.DELIVER): S.DELIVERED,
        (S.DELIVERED, E.REFUND): S.REFUNDED,
    }
)


class InvalidTransitionError(Exception):
    """Raised when an event is not allowed in the current state."""

    def __init__(self, state: OrderState, event: OrderEvent) -> None:
        super().__init__(f"cannot {event.value} an order that is {state.value}")
        self.state = state
        self.event = event


def next_state(state: OrderState, event: OrderEvent) -> OrderState:
    """Look the transition up in the table, or raise InvalidTransitionError."""
    try:
        return TRANSITIONS[(state, event)]
    except KeyError:
        raise InvalidTransitionError(state, event) from None


class Order:
    """An order whose status only changes through `fire`."""

    def __init__(self, order_id: str, state: OrderState = OrderState.PENDING) -> None:
        self.order_id = order_id
        self._state = state
        self.history: list[tuple[OrderState, OrderEvent, OrderState]] = []

    @property
    def state(self) -> OrderState:
        return self._state

    def fire(self, event: OrderEvent) -> OrderState:
        """Apply `event`; on InvalidTransitionError the state and history are unchanged."""
        new = next_state(self._state, event)
        self.history.append((self._state, event, new))
        self._state = new
        return new

    def allowed_events(self) -> list[OrderEvent]:
        """The events the current state accepts, in declaration order (for UIs and APIs)."""
        return [event for event in OrderEvent if (self._state, event) in TRANSITIONS]


def main() -> None:
    order = Order("A-1")
    for event in (E.PAY, E.SHIP, E.DELIVER):
        print(f"{event.value:>7} -> {order.fire(event).value}")
    #>     pay -> paid
    #>    ship -> shipped
    #> deliver -> delivered
    print("allowed now:", [event.value for event in order.allowed_events()])
    #> allowed now: ['refund']

    refunded = Order("A-2")
    refunded.fire(E.PAY)
    refunded.fire(E.CANCEL)
    print("A-2 after cancel:", refunded.state.value)
    #> A-2 after cancel: refunded
    for event in (E.SHIP, E.PAY):
        try:
            refunded.fire(event)
        except InvalidTransitionError as exc:
            print("refused:", exc)
    #> refused: cannot ship an order that is refunded
    #> refused: cannot pay an order that is refunded
    print("A-2 still:", refunded.state.value, "history length:", len(refunded.history))
    #> A-2 still: refunded history length: 2


if __name__ == "__main__":
    main()
