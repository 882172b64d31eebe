"""P042 before: one shared limit for every outgoing call, with a queue behind it.

The service caps its outgoing calls at 8, which protects the network, but the
8 slots are shared by every dependency and a call that finds them taken
waits in line. When payments stops answering, its calls take all 8 slots and
keep them; inventory is healthy, yet its calls wait behind payments, and the
line grows with every new request.
"""

from __future__ import annotations

import asyncio


class SharedLimit:
    """An asyncio.Semaphore for all outgoing calls, counting who waits for it."""

    def __init__(self, slots: int) -> None:
        self._semaphore = asyncio.Semaphore(slots)
        self.waiting = 0

    async def call(self, name: str, request_done: asyncio.Event) -> str:
        self.waiting += 1
        async with self._semaphore:  # waits as long as it takes: no bound, no timeout
            self.waiting -= 1
            await request_done.wait()
            return f"{name}: ok"


async def main() -> None:
    limit = SharedLimit(slots=8)
    payments_answers, inventory_answers = asyncio.Event(), asyncio.Event()
    inventory_answers.set()  # inventory is healthy and answers at once

    payments = [asyncio.create_task(limit.call("payments", payments_answers)) for _ in range(10)]
    inventory = [asyncio.create_task(limit.call("inventory", inventory_answers)) for _ in range(10)]
    for _ in range(5):
        await asyncio.sleep(0)
    answered = sum(task.done() for task in inventory)
    print(f"inventory answered while payments hangs: {answered} of 10")
    #> inventory answered while payments hangs: 0 of 10
    print(f"calls waiting for the shared limit: {limit.waiting}")
    #> calls waiting for the shared limit: 12

    more = [asyncio.create_task(limit.call("inventory", inventory_answers)) for _ in range(1000)]
    await asyncio.sleep(0)
    print(f"after 1,000 more requests: {limit.waiting} waiting")
    #> after 1,000 more requests: 1012 waiting

    payments_answers.set()  # payments recovers; only now does the line move
    await asyncio.gather(*payments, *inventory, *more)
    print(f"waiting after payments recovered: {limit.waiting}")
    #> waiting after payments recovered: 0


if __name__ == "__main__":
    asyncio.run(main())
