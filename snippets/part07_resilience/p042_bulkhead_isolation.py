"""P042 Bulkhead Isolation: give each dependency its own bounded compartment.

A `Bulkhead` admits at most `max_concurrent` calls to one dependency at a
time. A call that finds every slot taken is rejected at once with
`BulkheadFullError`: it does not wait in a queue, so callers of a stuck
dependency fail fast instead of piling up. Give every dependency its own
bulkhead, and a slow one can fill only its own slots; calls to the others
still find theirs free.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import TypeVar

T = TypeVar("T")


class BulkheadFullError(Exception):
    """Raised instead of calling the dependency when its compartment is full."""

    def __init__(self, name: str, limit: int) -> None:
        super().__init__(f"{name}: all {limit} slots busy, call rejected")
        self.name = name


class Bulkhead:
    """Caps the calls in flight to one dependency; one call too many fails at once.

    Args:
        name: the dependency this compartment belongs to, for errors and metrics.
        max_concurrent: how many calls may be in flight at once. Size it from
            what the dependency can take and what you can afford to hold.
    """

    def __init__(self, name: str, *, max_concurrent: int) -> None:
        if max_concurrent < 1:
            raise ValueError(f"max_concurrent must be at least 1, got {max_concurrent}")
        self.name = name
        self.max_concurrent = max_concurrent
        self.in_flight = 0
        self.rejected = 0

    async def call(self, operation: Callable[[], Awaitable[T]]) -> T:
        """Run `operation` in a free slot, or raise BulkheadFullError without waiting."""
        # No await between the check and the increment: on one event loop,
        # no other task can take the slot in between.
        if self.in_flight >= self.max_concurrent:
            self.rejected += 1
            raise BulkheadFullError(self.name, self.max_concurrent)
        self.in_flight += 1
        try:
            return await operation()
        finally:  # also on error and on cancellation: a slot is never leaked
            self.in_flight -= 1


class Dependency:
    """A stand-in remote service; while `stalled`, its calls hang until released."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.stalled = False
        self._released = asyncio.Event()
        self.served = 0

    async def request(self) -> str:
        await asyncio.sleep(0)  # the round trip
        if self.stalled:
            await self._released.wait()
        self.served += 1
        return f"{self.name}: ok"

    def release(self) -> None:
        self.stalled = False
        self._released.set()


async def main() -> None:
    payments, inventory = Dependency("payments"), Dependency("inventory")
    bulkheads = {
        "payments": Bulkhead("payments", max_concurrent=4),
        "inventory": Bulkhead("inventory", max_concurrent=4),
    }

    async def handle(dependency: Dependency) -> str:
        try:
            return await bulkheads[dependency.name].call(dependency.request)
        except BulkheadFullError as exc:
            return f"503 ({exc})"

    payments.stalled = True  # payments stops answering
    stuck = [asyncio.create_task(handle(payments)) for _ in range(10)]
    await asyncio.sleep(0)
    done = [task.result() for task in stuck if task.done()]
    print(f"payments: {bulkheads['payments'].in_flight} in flight, {len(done)} answered at once")
    #> payments: 4 in flight, 6 answered at once
    print(done[0])
    #> 503 (payments: all 4 slots busy, call rejected)

    answers = [await handle(inventory) for _ in range(10)]
    print(f"inventory while payments hangs: {answers.count('inventory: ok')} of 10 ok")
    #> inventory while payments hangs: 10 of 10 ok

    payments.release()
    held = await asyncio.gather(*stuck)
    print(f"after payments recovers: {held.count('payments: ok')} served, slots in use: "
          f"{bulkheads['payments'].in_flight}")
    #> after payments recovers: 4 served, slots in use: 0
    print(f"rejected: payments {bulkheads['payments'].rejected}, "
          f"inventory {bulkheads['inventory'].rejected}")
    #> rejected: payments 6, inventory 0


if __name__ == "__main__":
    asyncio.run(main())
