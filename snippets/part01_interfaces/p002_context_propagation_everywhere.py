"""P002 Context Propagation Everywhere: cancellation, deadlines and request values reach every call.

Go threads a `context.Context` through every call that does I/O. asyncio
carries the same three things without a parameter. A cancellation of a task is
raised at the innermost `await` it is suspended in, and an `asyncio.TaskGroup`
passes it on to the tasks it owns. `asyncio.timeout` turns a deadline into such
a cancellation. A `ContextVar` holds request-scoped values, such as the request
ID, and every task created while it is set starts with a copy of it.

What stays explicit is the edge and the discipline below it: set the request ID
and the deadline where the request enters, keep every piece of work inside a
task the request owns, and never let an `except` swallow `CancelledError`.
"""

from __future__ import annotations

import asyncio
from contextvars import ContextVar

request_id: ContextVar[str] = ContextVar("request_id", default="-")
"""The ID of the request being served: set once at the edge, read anywhere below it."""


def log(message: str) -> None:
    """Print one line tagged with the current request's ID, read from the context."""
    print(f"[{request_id.get()}] {message}")


class PaymentGateway:
    """A remote payment API: it answers after one round trip, or never while `down`."""

    def __init__(self, *, down: bool = False) -> None:
        self.down = down
        self.charged: list[str] = []
        self.in_flight = asyncio.Event()

    async def charge(self, order_id: str, cents: int) -> str:
        log(f"payment: charging {order_id} {cents / 100:.2f} EUR")
        self.in_flight.set()
        try:
            if self.down:
                await asyncio.get_running_loop().create_future()  # a reply that never comes
            await asyncio.sleep(0)  # the network round trip
        except asyncio.CancelledError:
            # The innermost await: this is where a cancellation or a deadline lands.
            log("payment: call abandoned, nothing charged")
            raise
        self.charged.append(order_id)
        return f"rcpt-{order_id}"


class Warehouse:
    """Holds stock for orders, and ships them once they are paid."""

    def __init__(self) -> None:
        self.reserved: set[str] = set()
        self.shipped: list[str] = []
        self.stuck = False

    def reserve(self, order_id: str) -> None:
        self.reserved.add(order_id)
        log(f"warehouse: {order_id} reserved")

    def release(self, order_id: str) -> None:
        self.reserved.discard(order_id)
        log(f"warehouse: {order_id} released")

    async def ship(self, order_id: str) -> None:
        await asyncio.sleep(0)
        if self.stuck:
            await asyncio.get_running_loop().create_future()  # the label printer hangs
        self.reserved.discard(order_id)
        self.shipped.append(order_id)
        log(f"warehouse: {order_id} shipped")


class Mailer:
    async def send_receipt(self, receipt: str) -> None:
        await asyncio.sleep(0)
        log(f"mail: {receipt} sent")


class CheckoutService:
    """Charges for an order and ships it. No method takes a request ID or a deadline."""

    def __init__(self, *, payments: PaymentGateway, warehouse: Warehouse, mailer: Mailer) -> None:
        self._payments = payments
        self._warehouse = warehouse
        self._mailer = mailer

    async def checkout(self, order_id: str, cents: int) -> str:
        self._warehouse.reserve(order_id)
        try:
            receipt = await self._payments.charge(order_id, cents)
        except BaseException:
            # Cancelled, timed out or declined: undo the reservation, then let the
            # exception continue. Swallowing CancelledError here would keep a
            # request alive that its caller has already abandoned.
            self._warehouse.release(order_id)
            raise
        # The child tasks copy this task's context, so they log under the same
        # request ID; if this task is cancelled, the group cancels them and waits.
        async with asyncio.TaskGroup() as group:
            group.create_task(self._warehouse.ship(order_id))
            group.create_task(self._mailer.send_receipt(receipt))
        return receipt


async def handle_checkout(
    service: CheckoutService, *, rid: str, order_id: str, cents: int, budget: float
) -> str:
    """The edge: one request. Sets the request ID and the deadline for everything below.

    Returns the HTTP status line. A cancellation from outside (the client went
    away) is not caught: it propagates to whoever cancelled the task.
    """
    token = request_id.set(rid)
    try:
        async with asyncio.timeout(budget):
            receipt = await service.checkout(order_id, cents)
        log("200 OK")
        return f"200 {receipt}"
    except TimeoutError:
        log("deadline exceeded")
        return "504 Gateway Timeout"
    finally:
        request_id.reset(token)


async def main() -> None:
    warehouse, mailer = Warehouse(), Mailer()
    service = CheckoutService(payments=PaymentGateway(), warehouse=warehouse, mailer=mailer)

    # Two requests at once. Their steps interleave, and every line, including
    # those of the child tasks, carries the ID of the request it belongs to.
    async with asyncio.TaskGroup() as group:
        first = group.create_task(
            handle_checkout(service, rid="req-1", order_id="A-1", cents=4200, budget=5.0)
        )
        second = group.create_task(
            handle_checkout(service, rid="req-2", order_id="B-2", cents=1500, budget=5.0)
        )
    #> [req-1] warehouse: A-1 reserved
    #> [req-1] payment: charging A-1 42.00 EUR
    #> [req-2] warehouse: B-2 reserved
    #> [req-2] payment: charging B-2 15.00 EUR
    #> [req-1] warehouse: A-1 shipped
    #> [req-1] mail: rcpt-A-1 sent
    #> [req-2] warehouse: B-2 shipped
    #> [req-2] mail: rcpt-B-2 sent
    #> [req-1] 200 OK
    #> [req-2] 200 OK
    print(first.result(), "|", second.result(), "| outside a request:", request_id.get())
    #> 200 rcpt-A-1 | 200 rcpt-B-2 | outside a request: -

    # The client hangs up while the payment call waits for an answer.
    down = PaymentGateway(down=True)
    service = CheckoutService(payments=down, warehouse=warehouse, mailer=mailer)
    request = asyncio.create_task(
        handle_checkout(service, rid="req-3", order_id="C-3", cents=999, budget=30.0)
    )
    await down.in_flight.wait()
    #> [req-3] warehouse: C-3 reserved
    #> [req-3] payment: charging C-3 9.99 EUR
    request.cancel()
    try:
        await request
    except asyncio.CancelledError:
        print("req-3 cancelled; charged:", down.charged, "reserved:", sorted(warehouse.reserved))
    #> [req-3] payment: call abandoned, nothing charged
    #> [req-3] warehouse: C-3 released
    #> req-3 cancelled; charged: [] reserved: []

    # A deadline that has run out ends the same innermost await. The budget is
    # zero so that the demo does not wait; a 2 s budget acts the same, 2 s later.
    print(await handle_checkout(service, rid="req-4", order_id="D-4", cents=999, budget=0.0))
    #> [req-4] warehouse: D-4 reserved
    #> [req-4] payment: charging D-4 9.99 EUR
    #> [req-4] payment: call abandoned, nothing charged
    #> [req-4] warehouse: D-4 released
    #> [req-4] deadline exceeded
    #> 504 Gateway Timeout


if __name__ == "__main__":
    asyncio.run(main())
