"""P097 before: one consumer runs every handler in turn, fed by an unbounded queue.

The reader puts events into `asyncio.Queue()` with no size limit, so it reads
the whole backlog into memory before the consumer has stored one event. The
consumer runs the handlers as one chain and lets an error escape, so the
first bad event kills it, and every event behind it waits in the queue for a
consumer that no longer exists.
"""

from __future__ import annotations

import asyncio


async def validate(amount: int) -> int:
    if amount <= 0:
        raise ValueError(f"amount must be positive, got {amount}")
    return amount


async def consume(queue: asyncio.Queue[int], stored: list[int]) -> None:
    while True:
        amount = await queue.get()
        stored.append(await validate(amount))  # an error here ends the consumer


async def main() -> None:
    queue: asyncio.Queue[int] = asyncio.Queue()  # no maxsize: it never pushes back
    stored: list[int] = []
    consumer = asyncio.create_task(consume(queue, stored))
    backlog = [100 * n for n in range(1, 10_001)]
    backlog[3] = 0  # one malformed event among ten thousand
    for amount in backlog:
        queue.put_nowait(amount)  # what `await queue.put` does when there is no limit
    print(f"in memory before the first event was stored: {queue.qsize()}")
    #> in memory before the first event was stored: 10000
    try:
        await consumer
    except ValueError as exc:
        print(f"consumer died: {exc}")
    #> consumer died: amount must be positive, got 0
    print(f"stored {len(stored)}, stranded in the queue: {queue.qsize()}")
    #> stored 3, stranded in the queue: 9996


if __name__ == "__main__":
    asyncio.run(main())
