"""P002 before: request data in a global, and a retry loop that swallows cancellation.

The request ID lives in a module-level variable, so when two requests
interleave at an `await`, each one logs under whichever ID was written last.
The payment call is retried on "any failure", and a bare `except BaseException`
counts the caller's cancellation as a failure: the client hangs up, and the
handler charges the card anyway.
"""

from __future__ import annotations

import asyncio

CURRENT_REQUEST = "-"  # one slot for the whole process, shared by every request


def log(message: str) -> None:
    print(f"[{CURRENT_REQUEST}] {message}")


class PaymentGateway:
    """Answers after one round trip; with `slow_first_call`, the first call never answers."""

    def __init__(self, *, slow_first_call: bool = False) -> None:
        self.slow_first_call = slow_first_call
        self.calls = 0
        self.charged: list[str] = []
        self.in_flight = asyncio.Event()

    async def charge(self, order_id: str) -> str:
        self.calls += 1
        self.in_flight.set()
        if self.slow_first_call and self.calls == 1:
            await asyncio.get_running_loop().create_future()  # no answer, ever
        await asyncio.sleep(0)  # the network round trip
        self.charged.append(order_id)
        log(f"payment: charged {order_id}")
        return f"rcpt-{order_id}"


async def charge_with_retry(gateway: PaymentGateway, order_id: str) -> str:
    for attempt in (1, 2, 3):
        try:
            return await gateway.charge(order_id)
        except BaseException:  # "retry on any failure": CancelledError included
            log(f"payment: attempt {attempt} failed, retrying")
    raise ConnectionError(f"payment for {order_id} failed 3 times")


async def handle_checkout(gateway: PaymentGateway, rid: str, order_id: str) -> str:
    global CURRENT_REQUEST  # noqa: PLW0603 (the global is the problem being shown)
    CURRENT_REQUEST = rid
    log(f"checkout {order_id}")
    receipt = await charge_with_retry(gateway, order_id)
    log("200 OK")
    return f"200 {receipt}"


async def main() -> None:
    gateway = PaymentGateway()
    async with asyncio.TaskGroup() as group:
        group.create_task(handle_checkout(gateway, "req-1", "A-1"))
        group.create_task(handle_checkout(gateway, "req-2", "B-2"))
    #> [req-1] checkout A-1
    #> [req-2] checkout B-2
    #> [req-2] payment: charged A-1
    #> [req-2] 200 OK
    #> [req-2] payment: charged B-2
    #> [req-2] 200 OK

    # The client hangs up during the first, stuck attempt. The retry loop
    # catches the cancellation, tries again, and the second attempt charges.
    gateway = PaymentGateway(slow_first_call=True)
    request = asyncio.create_task(handle_checkout(gateway, "req-3", "C-3"))
    await gateway.in_flight.wait()
    #> [req-3] checkout C-3
    print("client gave up, cancel() returned", request.cancel())
    #> client gave up, cancel() returned True
    print("the handler still answered:", await request)
    #> [req-3] payment: attempt 1 failed, retrying
    #> [req-3] payment: charged C-3
    #> [req-3] 200 OK
    #> the handler still answered: 200 rcpt-C-3
    print("charged for a request nobody is waiting for:", gateway.charged)
    #> charged for a request nobody is waiting for: ['C-3']


if __name__ == "__main__":
    asyncio.run(main())
