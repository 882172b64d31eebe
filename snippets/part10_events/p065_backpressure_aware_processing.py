"""P065 Backpressure-Aware Processing: a full buffer slows the producer or sheds by a rule.

`Buffer` wraps a bounded `asyncio.Queue`. What happens when it is full is an
explicit `Overflow` policy chosen by the owner: WAIT makes the producer's `put`
wait for a free slot (no loss, the producer slows down); REJECT_NEW refuses the
new item; DROP_OLDEST evicts the oldest waiting item to make room. Every shed
item is counted and kept in `shed`, so load shedding is visible, not silent.
"""

from __future__ import annotations

import asyncio
import enum
from typing import Generic, TypeVar

T = TypeVar("T")


class Overflow(enum.Enum):
    WAIT = "wait"
    REJECT_NEW = "reject-new"
    DROP_OLDEST = "drop-oldest"


class Buffer(Generic[T]):
    """A bounded hand-off between one producer side and one consumer side.

    Args:
        capacity: the most items that may wait at once; the memory bound.
        overflow: what `put` does when `capacity` items are already waiting.
    """

    def __init__(self, capacity: int, overflow: Overflow = Overflow.WAIT) -> None:
        if capacity < 1:
            raise ValueError("capacity must be at least 1")
        self._queue: asyncio.Queue[T] = asyncio.Queue(maxsize=capacity)
        self.overflow = overflow
        self.shed: list[T] = []
        self.high_water = 0

    async def put(self, item: T) -> bool:
        """Add `item`; return False if the policy shed this item instead."""
        if self.overflow is Overflow.WAIT:
            await self._queue.put(item)  # the backpressure: waits while full
        elif not self._queue.full():
            self._queue.put_nowait(item)
        elif self.overflow is Overflow.REJECT_NEW:
            self.shed.append(item)
            return False
        else:
            self.shed.append(self._queue.get_nowait())
            self._queue.task_done()  # the evicted item will never be processed
            self._queue.put_nowait(item)
        self.high_water = max(self.high_water, self._queue.qsize())
        return True

    async def get(self) -> T:
        return await self._queue.get()

    def done(self) -> None:
        """Mark one item from `get` as handled; `join` waits for all of them."""
        self._queue.task_done()

    async def join(self) -> None:
        await self._queue.join()


async def consume(buffer: Buffer[int], handled: list[int], cost: int) -> None:
    """A consumer that needs `cost` turns of the event loop per reading."""
    while True:
        reading = await buffer.get()
        try:
            for _ in range(cost):
                await asyncio.sleep(0)
            handled.append(reading)
        finally:
            buffer.done()


async def run(overflow: Overflow, readings: int, capacity: int) -> tuple[Buffer[int], list[int]]:
    """Push `readings` readings through a buffer as fast as the policy allows."""
    buffer: Buffer[int] = Buffer(capacity, overflow)
    handled: list[int] = []
    consumer = asyncio.create_task(consume(buffer, handled, cost=3))
    for reading in range(readings):
        await buffer.put(reading)
        await asyncio.sleep(0)  # the producer is fast, but not instant
    await buffer.join()
    consumer.cancel()
    await asyncio.wait({consumer})  # let the cancellation finish before returning
    return buffer, handled


async def main() -> None:
    for overflow in Overflow:
        buffer, handled = await run(overflow, readings=1_000, capacity=8)
        counts = f"handled {len(handled)}, shed {len(buffer.shed)}"
        print(f"{overflow.value:>11}: peak {buffer.high_water}, {counts}, last {handled[-1]}")
    #>        wait: peak 8, handled 1000, shed 0, last 999
    #>  reject-new: peak 8, handled 341, shed 659, last 997
    #> drop-oldest: peak 8, handled 341, shed 659, last 999


if __name__ == "__main__":
    asyncio.run(main())
