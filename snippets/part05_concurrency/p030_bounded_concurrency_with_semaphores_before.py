"""P030 before: a semaphore acquired and released by hand loses a permit to every failure.

`release()` sits on the line after the call, so a call that raises never
reaches it. Each failure keeps its permit for ever; after `limit` failures no
permit is left, nothing is running, and every remaining task waits on the
semaphore with no one to wake it. There is no error and no timeout: the batch
simply never finishes.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable, Iterable
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")


async def map_bounded(
    fn: Callable[[T], Awaitable[R]], items: Iterable[T], *, limit: int
) -> list[R | BaseException]:
    """Call `fn` on every item with at most `limit` calls in flight. Or so it says."""
    semaphore = asyncio.Semaphore(limit)

    async def one(item: T) -> R:
        await semaphore.acquire()
        result = await fn(item)  # if this raises, the release below never runs
        semaphore.release()
        return result

    return await asyncio.gather(*(one(item) for item in items), return_exceptions=True)


async def main() -> None:
    finished = failed = inside = 0

    async def thumbnail(name: str) -> str:
        nonlocal finished, failed, inside
        inside += 1
        try:
            await asyncio.sleep(0)
            if name.endswith(".bmp"):
                failed += 1
                raise ValueError(f"{name}: unsupported format")
            return name.replace(".", "_small.")
        finally:
            inside -= 1
            finished += 1

    names = [f"photo-{n}.{'bmp' if n % 5 == 0 else 'jpg'}" for n in range(1, 31)]
    batch = asyncio.create_task(map_bounded(thumbnail, names, limit=3))
    for _ in range(1000):  # far more turns than 30 short calls need
        await asyncio.sleep(0)
    print(f"after 1000 turns: done={batch.done()}, calls finished: {finished} of {len(names)}")
    #> after 1000 turns: done=False, calls finished: 15 of 30
    print(f"calls running: {inside}, failures: {failed}, each one still holding its permit")
    #> calls running: 0, failures: 3, each one still holding its permit
    batch.cancel()  # the demo ends the batch; in production it would hang
    with contextlib.suppress(asyncio.CancelledError):
        await batch


if __name__ == "__main__":
    asyncio.run(main())
