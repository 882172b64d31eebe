"""P025 before: a retry loop that neither hears its caller give up nor looks at the clock.

It catches everything, `asyncio.CancelledError` included, so a caller that
cancels it only makes it try again. And it sleeps its full backoff whatever
time the caller has left, so its last attempts run after nobody is waiting for
the answer, adding load to a service that is already failing.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import TypeVar

T = TypeVar("T")


async def retry(
    operation: Callable[[], Awaitable[T]],
    *,
    attempts: int,
    base_delay: float,
    sleep: Callable[[float], Awaitable[None]],
) -> T:
    last_error: BaseException | None = None
    for attempt in range(attempts):
        if attempt:
            await sleep(base_delay * 2.0 ** (attempt - 1))  # waits in full, deadline or not
        try:
            return await operation()
        except BaseException as exc:  # "retry on anything": a cancellation too
            last_error = exc
    assert last_error is not None
    raise last_error


class FakeTime:
    """A clock and a sleep that moves it: backoff without waiting."""

    def __init__(self) -> None:
        self.now = 0.0

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(0)
        self.now += seconds


class DownService:
    """Always fails; records the time of every call."""

    def __init__(self, time: FakeTime) -> None:
        self.time = time
        self.call_times: list[float] = []

    async def fetch(self) -> str:
        self.call_times.append(self.time.now)
        await asyncio.sleep(0)
        raise ConnectionError("connection refused")


async def main() -> None:
    # The caller needs the answer within 1 s; the loop does not know that.
    time = FakeTime()
    service = DownService(time)
    try:
        await retry(service.fetch, attempts=5, base_delay=0.1, sleep=time.sleep)
    except ConnectionError:
        late = sum(t >= 1.0 for t in service.call_times)
        print(f"calls: {len(service.call_times)}, made after the 1.0s deadline: {late}")
        print(f"slept until t={time.now:.1f}s")
    #> calls: 5, made after the 1.0s deadline: 1
    #> slept until t=1.5s

    # The caller cancels the task during its first call; the loop carries on.
    time = FakeTime()
    service = DownService(time)
    task = asyncio.create_task(retry(service.fetch, attempts=5, base_delay=0.1, sleep=time.sleep))
    await asyncio.sleep(0)  # the first call is now in flight
    task.cancel()
    try:
        await task
    except ConnectionError:
        print(f"calls after the cancel: {len(service.call_times) - 1}, "
              f"task cancelled: {task.cancelled()}")
    #> calls after the cancel: 4, task cancelled: False


if __name__ == "__main__":
    asyncio.run(main())
