"""P061 Pipeline Stage Composition: small stages, each testable alone, joined by bounded queues.

A stage is an async generator function: it reads the items of the stage
before it and yields its own. It may change an item, drop it, or turn several
into one, and it knows nothing of tasks or queues, so a test runs it on a list
with `run_stage` and reads what it yields.

`pipeline` runs the source and each stage in a task of their own, with a
queue of `buffer` items between neighbours, and gives the caller the last
stage's output to iterate. The queues are bounded, so a slow stage makes the
ones before it wait instead of letting items pile up in memory. If a stage
raises, every other stage is cancelled and a `StageError` naming it leaves the
`async with` block inside an ExceptionGroup. If the caller stops reading early,
raises, or is cancelled, every stage is cancelled as well.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncGenerator, AsyncIterable, AsyncIterator, Callable, Iterable
from dataclasses import dataclass
from typing import Any

Stage = Callable[[AsyncIterator[Any]], AsyncGenerator[Any, None]]

_END = object()  # put after the last item: the stream is finished


class StageError(Exception):
    """A stage (or the source) raised; the original exception is the `__cause__`."""

    def __init__(self, stage: str, cause: Exception) -> None:
        super().__init__(f"stage {stage} failed: {cause}")
        self.stage = stage


class _Items:
    """Async iteration over a queue up to the end marker, or over a plain iterable.

    A class rather than an async generator: one the caller abandons halfway
    leaves nothing behind for the event loop to finalize later.
    """

    def __init__(self, queue: asyncio.Queue[Any] | None = None, items: Iterable[Any] = ()) -> None:
        self._queue = queue
        self._items = iter(items)
        self._finished = False

    def __aiter__(self) -> _Items:
        return self

    async def __anext__(self) -> Any:
        if self._finished:
            raise StopAsyncIteration
        item = await self._queue.get() if self._queue is not None else next(self._items, _END)
        if item is _END:
            self._finished = True
            raise StopAsyncIteration
        return item


async def run_stage(stage: Stage, items: Iterable[Any]) -> list[Any]:
    """Run one stage on `items` and collect what it yields: no tasks, no queues."""
    async with contextlib.aclosing(stage(_Items(items=items))) as output:
        return [item async for item in output]


async def _close(iterator: object) -> None:
    """Close an async generator now, so its `finally` blocks do not wait for the loop to."""
    aclose = getattr(iterator, "aclose", None)
    if aclose is not None:
        await aclose()


async def _feed(source: Iterable[Any] | AsyncIterable[Any], outbox: asyncio.Queue[Any]) -> None:
    try:
        if isinstance(source, AsyncIterable):
            iterator = aiter(source)
            try:
                async for item in iterator:
                    await outbox.put(item)
            finally:
                await _close(iterator)
        else:
            for item in source:
                await outbox.put(item)
    except Exception as exc:
        raise StageError("source", exc) from exc
    await outbox.put(_END)


async def _run(stage: Stage, inbox: asyncio.Queue[Any], outbox: asyncio.Queue[Any]) -> None:
    try:
        # aclosing: if this task is cancelled while the stage is suspended at a
        # `yield`, the stage's own `finally` blocks still run, here and now.
        async with contextlib.aclosing(stage(_Items(inbox))) as output:
            async for item in output:
                await outbox.put(item)  # waits while the next stage is `buffer` items behind
    except Exception as exc:
        raise StageError(getattr(stage, "__name__", "stage"), exc) from exc
    await outbox.put(_END)


@contextlib.asynccontextmanager
async def pipeline(
    source: Iterable[Any] | AsyncIterable[Any], *stages: Stage, buffer: int = 1
) -> AsyncIterator[AsyncIterator[Any]]:
    """Run `stages` one after another on the items of `source`, each in its own task.

    Use it as `async with pipeline(lines, parse, check) as rows: async for row in rows: ...`.
    Leaving the block, in any way, cancels every stage and waits for it.

    Raises:
        ExceptionGroup: holds a StageError for the stage that failed first.
    """
    if not stages:
        raise ValueError("a pipeline needs at least one stage")
    if buffer < 1:
        raise ValueError(f"buffer must be at least 1, got {buffer}")
    async with asyncio.TaskGroup() as group:
        inbox: asyncio.Queue[Any] = asyncio.Queue(maxsize=buffer)
        tasks = [group.create_task(_feed(source, inbox))]
        for stage in stages:
            outbox: asyncio.Queue[Any] = asyncio.Queue(maxsize=buffer)
            tasks.append(group.create_task(_run(stage, inbox, outbox)))
            inbox = outbox
        try:
            yield _Items(inbox)
        finally:
            for task in tasks:  # a caller that stopped early leaves stages waiting on full queues
                task.cancel()


# The stages of an order import. Each one is a plain function of a stream.


@dataclass(frozen=True)
class Line:
    number: int  # the line of the file it came from
    sku: str
    quantity: int
    unit_cents: int


async def parse(lines: AsyncIterator[str]) -> AsyncGenerator[Line, None]:
    """Turn "sku,quantity,unit_cents" text into Lines; skip blank lines and # comments."""
    number = 0
    async for text in lines:
        number += 1
        if not text.strip() or text.startswith("#"):
            continue
        fields = text.split(",")
        if len(fields) != 3 or not fields[1].isdigit() or not fields[2].isdigit():
            raise ValueError(f"line {number}: expected sku,quantity,unit_cents, got {text!r}")
        yield Line(number, fields[0], int(fields[1]), int(fields[2]))


async def drop_empty(lines: AsyncIterator[Line]) -> AsyncGenerator[Line, None]:
    """Drop lines that order nothing."""
    async for line in lines:
        if line.quantity > 0:
            yield line


def batches(size: int) -> Stage:
    """A stage that groups items into lists of `size`, for one database insert each."""

    async def batch(items: AsyncIterator[Any]) -> AsyncGenerator[list[Any], None]:
        group: list[Any] = []
        async for item in items:
            group.append(item)
            if len(group) == size:
                yield group
                group = []
        if group:
            yield group

    return batch


def order_file(count: int, meter: Meter, bad_line: int = 0) -> Iterable[str]:
    """A header and `count` order lines, counted as they are read."""
    meter.read += 1
    yield "# sku,quantity,unit_cents"
    for n in range(2, count + 2):
        meter.read += 1
        yield "oops" if n == bad_line else f"sku-{n % 50},{n % 4},{100 + n % 9}"


class Meter:
    """How far reading the file has run ahead of storing it."""

    def __init__(self) -> None:
        self.read = 0
        self.stored = 0
        self.most_ahead = 0

    def store(self, batch: list[Line]) -> None:
        self.stored += len(batch)
        # Every line up to the batch's last one is stored or was dropped.
        self.most_ahead = max(self.most_ahead, self.read - batch[-1].number)


async def main() -> None:
    print(await run_stage(parse, ["# comment", "a,2,150", "", "b,0,99"]))
    #> [Line(number=2, sku='a', quantity=2, unit_cents=150), Line(number=4, sku='b', quantity=0, unit_cents=99)]
    print(await run_stage(batches(2), [1, 2, 3, 4, 5]))
    #> [[1, 2], [3, 4], [5]]

    meter = Meter()
    first_insert_after = 0
    async with pipeline(order_file(10_000, meter), parse, drop_empty, batches(100)) as output:
        async for batch in output:
            first_insert_after = first_insert_after or meter.read
            meter.store(batch)
    print(f"lines read: {meter.read}, rows stored: {meter.stored}")
    #> lines read: 10001, rows stored: 7500
    print("lines read before the first insert:", first_insert_after)
    #> lines read before the first insert: 137
    print("most lines read ahead of the last insert:", meter.most_ahead)
    #> most lines read ahead of the last insert: 3

    meter = Meter()
    try:
        async with pipeline(order_file(10_000, meter, bad_line=501), parse, batches(100)) as output:
            async for batch in output:
                meter.store(batch)
    except* StageError as group:
        print(group.exceptions[0])
    #> stage parse failed: line 501: expected sku,quantity,unit_cents, got 'oops'
    print(f"lines read when it stopped: {meter.read} of 10001")
    #> lines read when it stopped: 503 of 10001


if __name__ == "__main__":
    asyncio.run(main())
