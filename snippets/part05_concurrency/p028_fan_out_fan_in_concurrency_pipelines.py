"""P028 Fan-Out / Fan-In: several workers share one input queue and feed one result stream.

`fan_out_fan_in` is an async context manager. Inside its block the caller
reads results from a single stream, in the order they are finished, while
`workers` tasks process the inputs. The stream ends when the last worker has
finished, not the first. Leaving the block for any reason (the stream ended,
the caller broke out early, an error, a cancellation) stops the pipeline: its
tasks are cancelled if still running and awaited, so none outlives the block.
The first error in any stage cancels the others and leaves the block inside
an ExceptionGroup.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable
from contextlib import asynccontextmanager
from typing import Any, Generic, TypeVar

T = TypeVar("T")
R = TypeVar("R")


class _End:
    """The end marker: the feeder sends one per worker, and each worker one when it exits."""


_END = _End()


class ResultStream(Generic[R]):
    """The fan-in side: results from every worker, ended by the last worker's end marker."""

    def __init__(self, results: asyncio.Queue[R | _End], producers: int) -> None:
        self._results = results
        self._running = producers

    def __aiter__(self) -> ResultStream[R]:
        return self

    async def __anext__(self) -> R:
        while self._running:
            result = await self._results.get()
            if not isinstance(result, _End):
                return result
            self._running -= 1  # one worker has finished; the others may still send
        raise StopAsyncIteration


@asynccontextmanager
async def fan_out_fan_in(
    inputs: Iterable[T],
    process: Callable[[T], Awaitable[R]],
    *,
    workers: int,
    buffer: int | None = None,
) -> AsyncIterator[ResultStream[R]]:
    """Run `process` on every input in `workers` tasks and merge their results into one stream.

    Args:
        inputs: read lazily, only as fast as the workers take them.
        process: the work for one input.
        workers: how many inputs are processed at once.
        buffer: finished results held for a slow reader before the workers
            wait; defaults to `workers`.

    Yields:
        The stream of results, in the order they finish (not input order).

    Raises:
        ValueError: if `workers` or `buffer` is less than 1.
        ExceptionGroup: holds the first error raised by `process`, by
            `inputs` or by the block's own body; the rest of the pipeline is
            cancelled before it is raised.
    """
    if workers < 1:
        raise ValueError(f"workers must be at least 1, got {workers}")
    size = workers if buffer is None else buffer
    if size < 1:
        raise ValueError(f"buffer must be at least 1, got {size}")

    todo: asyncio.Queue[T | _End] = asyncio.Queue(maxsize=workers)
    done: asyncio.Queue[R | _End] = asyncio.Queue(maxsize=size)

    async def feed() -> None:
        for item in inputs:
            await todo.put(item)  # waits while every worker is busy
        for _ in range(workers):
            await todo.put(_END)  # one per worker: each one stops exactly one worker

    async def work() -> None:
        while not isinstance(item := await todo.get(), _End):
            await done.put(await process(item))  # waits while the reader is behind
        await done.put(_END)  # tell the stream this worker is finished

    async with asyncio.TaskGroup() as group:
        tasks: list[asyncio.Task[Any]] = [group.create_task(feed())]
        tasks += [group.create_task(work()) for _ in range(workers)]
        yield ResultStream(done, producers=workers)
        # The block ended without an error. If the reader stopped early, workers
        # are waiting on a full queue and would wait forever: cancel them, and
        # let the group wait until they are gone. Finished tasks ignore this.
        for task in tasks:
            task.cancel()


class InFlight:
    """Counts the inputs being processed right now, and the highest count seen."""

    def __init__(self) -> None:
        self.now = 0
        self.peak = 0

    def __enter__(self) -> None:
        self.now += 1
        self.peak = max(self.peak, self.now)

    def __exit__(self, *exc_info: object) -> None:
        self.now -= 1


def new_tasks(before: set[asyncio.Task[Any]]) -> int:
    """How many tasks exist now that did not exist in `before` (Pyodide may run its own)."""
    return len(asyncio.all_tasks() - before)


DOCUMENTS = {
    "brief.txt": "ship it",
    "notes.txt": "the queue is bounded so the reader sets the pace",
    "todo.txt": "fix the flaky test",
    "readme.txt": "one stream of results whatever the number of workers",
    "memo.txt": "lunch at noon",
    "spec.txt": "each worker sends an end marker when it exits",
}


async def main() -> None:
    in_flight = InFlight()
    documents = dict(DOCUMENTS)

    async def count_words(name: str) -> tuple[str, int]:
        with in_flight:
            words = documents[name].split()
            for _ in words:
                await asyncio.sleep(0)  # reading one word: every other task runs meanwhile
            if not words:
                raise ValueError(f"{name} is empty")
            return name, len(words)

    async with fan_out_fan_in(documents, count_words, workers=3) as stream:
        arrived = [result async for result in stream]
    print("finish order:", ", ".join(name for name, _ in arrived))
    #> finish order: brief.txt, todo.txt, memo.txt, notes.txt, readme.txt, spec.txt
    total = sum(words for _, words in arrived)
    print(f"documents: {len(arrived)}, words: {total}, peak in flight: {in_flight.peak}")
    #> documents: 6, words: 37, peak in flight: 3

    # The reader stops after the first result: leaving the block stops the workers.
    before = asyncio.all_tasks()
    async with fan_out_fan_in(documents, count_words, workers=3) as stream:
        async for name, words in stream:
            print(f"first: {name} ({words} words)")
            #> first: brief.txt (2 words)
            break
    print(f"after an early exit: {new_tasks(before)} tasks left, {in_flight.now} in flight")
    #> after an early exit: 0 tasks left, 0 in flight

    # One input fails: the pipeline is cancelled and the error leaves the block.
    documents["blank.txt"] = ""
    batch = ["brief.txt", "notes.txt", "blank.txt", "spec.txt"]
    try:
        async with fan_out_fan_in(batch, count_words, workers=2) as stream:
            async for name, _ in stream:
                print("got", name)
                #> got brief.txt
    except* ValueError as group:
        print(f"failed: {group.exceptions[0]!r}")
    #> failed: ValueError('blank.txt is empty')
    print(f"after the error: {new_tasks(before)} tasks left, {in_flight.now} in flight")
    #> after the error: 0 tasks left, 0 in flight


if __name__ == "__main__":
    asyncio.run(main())
