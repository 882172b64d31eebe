"""P026 Worker Pool: a fixed number of workers take jobs from a bounded queue.

`run_pool` starts `workers` tasks and no more, whether there are ten jobs or
ten million. The caller's task feeds the jobs into a queue with `queue_size`
slots and waits whenever it is full, so a lazy source is read only as fast as
the workers take from it. Each job's result, or the exception it raised, is
stored at the job's position in the returned list. The workers belong to an
`asyncio.TaskGroup`: when `run_pool` returns, raises or is cancelled, none of
them is still running.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterable
from typing import Any, TypeVar

J = TypeVar("J")
R = TypeVar("R")


async def run_pool(
    jobs: Iterable[J],
    handle: Callable[[J], Awaitable[R]],
    *,
    workers: int,
    queue_size: int | None = None,
) -> list[R | Exception]:
    """Run `handle` on every job with at most `workers` jobs in flight at once.

    Args:
        jobs: the jobs, read lazily: a generator is consumed only as fast as
            the workers take jobs from the queue.
        handle: the work for one job.
        workers: how many jobs may run at once; size it from the limit of what
            the jobs call (connections, rate), not from the number of jobs.
        queue_size: jobs read ahead of the workers; defaults to `workers`.

    Returns:
        One entry per job, in input order: what `handle` returned, or the
        exception it raised. A failed job does not stop the others.

    Raises:
        ValueError: if `workers` or `queue_size` is less than 1.
    """
    if workers < 1:
        raise ValueError(f"workers must be at least 1, got {workers}")
    size = workers if queue_size is None else queue_size
    if size < 1:
        raise ValueError(f"queue_size must be at least 1, got {size}")

    # None is the stop signal: one per worker, sent after the last job.
    queue: asyncio.Queue[tuple[int, J] | None] = asyncio.Queue(maxsize=size)
    outcomes: dict[int, R | Exception] = {}

    async def worker() -> None:
        while (item := await queue.get()) is not None:
            index, job = item
            try:
                outcomes[index] = await handle(job)
            except Exception as exc:  # CancelledError is not an Exception: it still stops us
                outcomes[index] = exc

    # Leaving this block, normally or by an exception or a cancellation of the
    # caller, cancels the workers that are still running and waits for them.
    async with asyncio.TaskGroup() as group:
        for _ in range(workers):
            group.create_task(worker())
        for item in enumerate(jobs):
            await queue.put(item)  # waits while the queue is full: backpressure
        for _ in range(workers):
            await queue.put(None)
    return [outcomes[index] for index in range(len(outcomes))]


class Database:
    """A stand-in database server that accepts at most `max_connections` clients."""

    def __init__(self, max_connections: int) -> None:
        self.max_connections = max_connections
        self.connections = 0
        self.refused = 0

    async def fetch_order(self, order_id: int) -> str:
        await asyncio.sleep(0)  # the connection handshake: every other task runs meanwhile
        if self.connections >= self.max_connections:
            self.refused += 1
            raise ConnectionRefusedError("too many connections")
        self.connections += 1
        try:
            await asyncio.sleep(0)  # the query's round trip
            if order_id < 0:
                raise LookupError(f"order {order_id} does not exist")
            return f"order {order_id}: paid"
        finally:
            self.connections -= 1


class InFlight:
    """Counts the jobs that have started and not finished, and the highest count seen."""

    def __init__(self) -> None:
        self.now = 0
        self.peak = 0

    def __enter__(self) -> None:
        self.now += 1
        self.peak = max(self.peak, self.now)

    def __exit__(self, *exc_info: object) -> None:
        self.now -= 1


def new_tasks(before: set[asyncio.Task[Any]]) -> int:
    """How many tasks exist now that did not exist in `before`.

    Counting against a baseline, not all tasks, keeps the figure the same in
    every runtime: Pyodide in a browser may run tasks of its own.
    """
    return len(asyncio.all_tasks() - before)


async def main() -> None:
    database = Database(max_connections=100)
    in_flight = InFlight()

    async def handle(order_id: int) -> str:
        with in_flight:
            return await database.fetch_order(order_id)

    results = await run_pool(range(10_000), handle, workers=8)
    print(f"jobs: {len(results)}, peak in flight: {in_flight.peak}")
    #> jobs: 10000, peak in flight: 8
    print(f"refused by a database that accepts 100 connections: {database.refused}")
    #> refused by a database that accepts 100 connections: 0
    print(results[0], "|", results[-1])
    #> order 0: paid | order 9999: paid

    # A job that fails leaves its exception in its own slot; the others run.
    for outcome in await run_pool([7, -1, 9], handle, workers=2):
        print(repr(outcome) if isinstance(outcome, Exception) else outcome)
    #> order 7: paid
    #> LookupError('order -1 does not exist')
    #> order 9: paid

    # Cancelling the caller cancels the workers and the jobs they are running.
    never: asyncio.Future[str] = asyncio.get_running_loop().create_future()

    async def hang(order_id: int) -> str:
        with in_flight:
            return await never  # a query that never answers

    before = asyncio.all_tasks()
    pool = asyncio.create_task(run_pool(range(100), hang, workers=4))
    for _ in range(3):
        await asyncio.sleep(0)
    print(f"running: pool + workers = {new_tasks(before)} tasks, jobs in flight: {in_flight.now}")
    #> running: pool + workers = 5 tasks, jobs in flight: 4
    pool.cancel()
    try:
        await pool
    except asyncio.CancelledError:
        print(f"cancelled: {new_tasks(before)} tasks left, jobs in flight: {in_flight.now}")
    #> cancelled: 0 tasks left, jobs in flight: 0


if __name__ == "__main__":
    asyncio.run(main())
