"""P028 before: a hand-made fan-in that ends too early and leaves its workers behind.

Each worker sends `None` when it runs out of work, and the reader stops at the
first `None` it sees: the results the other workers are still computing are
dropped without an error. The workers are started with `create_task` and
never awaited, so a reader that stops early leaves them blocked on a full
queue for as long as the process lives.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator, Awaitable, Callable
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")


async def fan_out_fan_in(
    inputs: list[T], process: Callable[[T], Awaitable[R]], *, workers: int
) -> AsyncGenerator[R, None]:
    """Process `inputs` in `workers` tasks and yield the results as they finish."""
    todo: asyncio.Queue[T] = asyncio.Queue()
    for item in inputs:
        todo.put_nowait(item)
    done: asyncio.Queue[R | None] = asyncio.Queue(maxsize=workers)

    async def work() -> None:
        while not todo.empty():
            item = todo.get_nowait()
            await done.put(await process(item))
        await done.put(None)  # "no more results", but only from this worker

    # Referenced so they are not garbage-collected, but nobody ever awaits them.
    tasks = [asyncio.create_task(work()) for _ in range(workers)]
    while (result := await done.get()) is not None:
        yield result
    del tasks


def new_tasks(before: set[asyncio.Task[Any]]) -> set[asyncio.Task[Any]]:
    """The tasks that exist now and did not exist in `before` (Pyodide may run its own)."""
    return asyncio.all_tasks() - before


async def main() -> None:
    async def square(n: int) -> int:
        for _ in range(n):
            await asyncio.sleep(0)  # larger inputs take longer
        return n * n

    at_start = asyncio.all_tasks()
    inputs = [1, 9, 2, 8, 3, 7]
    results = [result async for result in fan_out_fan_in(inputs, square, workers=3)]
    print(f"results: {len(results)} of {len(inputs)}: {results}")
    #> results: 4 of 6: [1, 4, 9, 64]

    before = asyncio.all_tasks()
    stream = fan_out_fan_in(inputs, square, workers=3)
    print("first result:", await anext(stream))  # the reader needs one result, then stops
    #> first result: 1
    print(f"after the reader stopped: {len(new_tasks(before))} workers still running")
    #> after the reader stopped: 3 workers still running

    # The demo cleans up after both runs; real code would not know these tasks exist.
    await stream.aclose()
    leftovers = new_tasks(at_start)
    for task in leftovers:
        task.cancel()
    await asyncio.gather(*leftovers, return_exceptions=True)


if __name__ == "__main__":
    asyncio.run(main())
