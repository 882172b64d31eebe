"""P036 before: a deploy stops the service in the middle of its requests.

Nothing in this service listens for SIGTERM. The default action of SIGTERM is
to end the process on the spot, and under `asyncio.run` a Ctrl-C cancels the
running code at whatever `await` it has reached. Either way each request stops
between two steps that were meant to happen together.
"""

from __future__ import annotations

import asyncio


class Shop:
    """Takes the payment first, then records the order: two steps, two round trips."""

    def __init__(self) -> None:
        self.charged: list[str] = []
        self.recorded: list[str] = []

    async def place_order(self, order_id: str) -> None:
        await asyncio.sleep(0)  # the payment provider's round trip
        self.charged.append(order_id)
        await asyncio.sleep(0)  # the database's round trip
        await asyncio.sleep(0)
        self.recorded.append(order_id)


def stop_now(requests: list[asyncio.Task[None]]) -> None:
    """All the shutdown this service has: whatever is running stops where it is."""
    for request in requests:
        request.cancel()


async def main() -> None:
    shop = Shop()
    requests = [asyncio.create_task(shop.place_order(f"order-{n}")) for n in (1, 2, 3)]
    await asyncio.sleep(0)
    await asyncio.sleep(0)  # the three requests are half-way through

    stop_now(requests)  # the deploy sends SIGTERM
    await asyncio.gather(*requests, return_exceptions=True)
    print("cards charged:", shop.charged)
    #> cards charged: ['order-1', 'order-2', 'order-3']
    print("orders recorded:", shop.recorded)
    #> orders recorded: []


if __name__ == "__main__":
    asyncio.run(main())
