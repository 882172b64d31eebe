"""P065 before: an unbounded queue hides a slow consumer until memory runs out.

`asyncio.Queue()` with no maxsize never makes `put` wait. The producer reads
as fast as the source allows, the consumer falls behind, and every reading it
has not handled yet sits in memory. Nothing slows down and nothing fails until
the process is killed.
"""

from __future__ import annotations

import asyncio


async def consume(queue: asyncio.Queue[int], handled: list[int]) -> None:
    while True:
        reading = await queue.get()
        for _ in range(3):  # handling a reading takes three turns of the loop
            await asyncio.sleep(0)
        handled.append(reading)
        queue.task_done()


async def main() -> None:
    queue: asyncio.Queue[int] = asyncio.Queue()  # no maxsize: unbounded
    handled: list[int] = []
    consumer = asyncio.create_task(consume(queue, handled))
    peak = 0
    for reading in range(10_000):
        await queue.put(reading)  # never waits
        peak = max(peak, queue.qsize())
    print(f"readings waiting in memory at the peak: {peak}")
    #> readings waiting in memory at the peak: 10000
    print(f"handled while the producer ran: {len(handled)}")
    #> handled while the producer ran: 0
    await queue.join()
    consumer.cancel()


if __name__ == "__main__":
    asyncio.run(main())
