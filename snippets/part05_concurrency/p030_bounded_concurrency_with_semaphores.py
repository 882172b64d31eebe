"""P030 Bounded Concurrency with Semaphores: any number of tasks, at most `limit` in the call.

`bounded` wraps an async function in a semaphore: however many tasks call the
wrapper, at most `limit` are inside the wrapped function at once, and the
others wait their turn. `async with` gives the permit back on every way out
(a return, an exception, a cancellation), so a failing call can never shrink
the limit. `map_bounded` uses it to run one task per item.

Where the semaphore is created decides what it bounds: one wrapper shared by
every caller of a service bounds the whole program's calls to it; a semaphore
created inside each batch bounds that batch only.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Coroutine, Iterable
from typing import Any, ParamSpec, TypeVar

P = ParamSpec("P")
T = TypeVar("T")
R = TypeVar("R")


def bounded(
    call: Callable[P, Awaitable[R]], *, limit: int
) -> Callable[P, Coroutine[Any, Any, R]]:
    """Wrap `call` so that at most `limit` calls through the wrapper run at once.

    Create the wrapper once, next to the resource it protects, and share it:
    two wrappers around the same function have a limit each.
    """
    if limit < 1:
        raise ValueError(f"limit must be at least 1, got {limit}")
    semaphore = asyncio.Semaphore(limit)

    async def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        async with semaphore:  # released however the call ends
            return await call(*args, **kwargs)

    return wrapper


async def map_bounded(
    fn: Callable[[T], Awaitable[R]], items: Iterable[T], *, limit: int
) -> list[R | Exception]:
    """Call `fn` on every item, one task per item, with at most `limit` calls in flight.

    Returns:
        One entry per item, in input order: what `fn` returned, or the
        exception it raised. A failure does not stop the other items.
    """
    guarded = bounded(fn, limit=limit)

    async def one(item: T) -> R | Exception:
        try:
            return await guarded(item)
        except Exception as exc:  # CancelledError is not an Exception: it still stops us
            return exc

    async with asyncio.TaskGroup() as group:  # cancelling the caller cancels every task
        tasks = [group.create_task(one(item)) for item in items]
    return [task.result() for task in tasks]


class ImageService:
    """A stand-in service that answers `capacity` requests at once and refuses more."""

    def __init__(self, capacity: int) -> None:
        self.capacity = capacity
        self.active = 0  # requests in progress right now, refused or not
        self.peak = 0
        self.refused = 0

    async def thumbnail(self, name: str) -> str:
        self.active += 1
        self.peak = max(self.peak, self.active)
        try:
            await asyncio.sleep(0)  # the request travels: every other task runs meanwhile
            if self.active > self.capacity:
                self.refused += 1
                raise ConnectionRefusedError("503 Service Unavailable")
            for _ in range(3):
                await asyncio.sleep(0)  # resizing
            if name.endswith(".bmp"):
                raise ValueError(f"{name}: unsupported format")
            return name.replace(".", "_small.")
        finally:
            self.active -= 1


def new_tasks(before: set[asyncio.Task[Any]]) -> int:
    """How many tasks exist now that did not exist in `before` (Pyodide may run its own)."""
    return len(asyncio.all_tasks() - before)


async def main() -> None:
    service = ImageService(capacity=4)
    names = [f"photo-{n}.{'bmp' if n % 5 == 0 else 'jpg'}" for n in range(1, 31)]
    results = await map_bounded(service.thumbnail, names, limit=4)
    failed = sum(isinstance(result, Exception) for result in results)
    print(f"items: {len(results)}, failed: {failed}, peak: {service.peak}, refused: {service.refused}")
    #> items: 30, failed: 6, peak: 4, refused: 0
    print(results[3], "|", repr(results[4]))
    #> photo-4_small.jpg | ValueError('photo-5.bmp: unsupported format')

    # Two batches at once, each with its own semaphore: each keeps its own
    # limit, and together they send twice as many requests as the service takes.
    service = ImageService(capacity=4)
    await asyncio.gather(
        map_bounded(service.thumbnail, names[:12], limit=4),
        map_bounded(service.thumbnail, names[12:24], limit=4),
    )
    print(f"one semaphore per batch: peak {service.peak}, refused {service.refused}")
    #> one semaphore per batch: peak 8, refused 12

    # One wrapper shared by every caller bounds the service's total load.
    service = ImageService(capacity=4)
    thumbnail = bounded(service.thumbnail, limit=4)
    await asyncio.gather(
        map_bounded(thumbnail, names[:12], limit=12),
        map_bounded(thumbnail, names[12:24], limit=12),
    )
    print(f"one semaphore for the service: peak {service.peak}, refused {service.refused}")
    #> one semaphore for the service: peak 4, refused 0

    # Cancelling a batch cancels its tasks, and the permits come back.
    never = asyncio.Event()
    inside = 0

    async def stuck(name: str) -> None:
        nonlocal inside
        inside += 1
        try:
            await never.wait()  # a call that never answers
        finally:
            inside -= 1

    before = asyncio.all_tasks()
    hang = bounded(stuck, limit=3)
    batch = asyncio.create_task(map_bounded(hang, names, limit=30))
    for _ in range(3):
        await asyncio.sleep(0)
    print(f"running: {new_tasks(before)} tasks, {inside} inside the call")
    #> running: 31 tasks, 3 inside the call
    batch.cancel()
    try:
        await batch
    except asyncio.CancelledError:
        print(f"cancelled: {new_tasks(before)} tasks left, {inside} inside the call")
    #> cancelled: 0 tasks left, 0 inside the call


if __name__ == "__main__":
    asyncio.run(main())
