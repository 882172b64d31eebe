"""P029 Rate-Limited Work Queues: every start, by any worker, spends a token of one shared bucket.

`TokenBucket` holds up to `burst` tokens and adds `rate` tokens a second. A
worker takes one token before each job it starts and waits when there is
none, so however many workers there are, the jobs start no faster than the
bucket allows: at most `burst - 1 + rate * w` starts in any `w` seconds. The
clock and the sleep are parameters, so a test can run hours of schedule in
virtual time and check that bound exactly.
"""

from __future__ import annotations

import asyncio
import bisect
import time
from collections import deque
from collections.abc import Awaitable, Callable, Sequence
from typing import TypeVar

J = TypeVar("J")


class TokenBucket:
    """A token bucket shared by every task that starts work against one upstream limit.

    Args:
        rate: tokens added per second: the sustained starts per second.
        burst: the most tokens the bucket holds, so the most starts at once
            after a quiet spell. It starts full.
        clock: returns the current time in seconds.
        sleep: waits the given number of seconds. Tests pass a fake clock's
            `sleep` that moves that clock forward instead of waiting.
    """

    def __init__(
        self,
        *,
        rate: float,
        burst: int = 1,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        if rate <= 0:
            raise ValueError(f"rate must be positive, got {rate}")
        if burst < 1:
            raise ValueError(f"burst must be at least 1, got {burst}")
        self._interval = 1 / rate
        self._burst = burst
        self._clock = clock
        self._sleep = sleep
        # The one piece of state: when the bucket will be full again. A time,
        # not a count of tokens: a count refilled in floating point can stop
        # at 0.9999999 and ask for a sleep shorter than the clock can measure.
        self._full_at = clock()
        # Waiters queue here in arrival order; only the one holding the lock
        # reads the state or sleeps, so two waiters never take one token.
        self._turn = asyncio.Lock()

    async def acquire(self) -> None:
        """Take one token, waiting until there is one.

        A caller cancelled while it waits takes no token: the next waiter
        gets the token it was waiting for.
        """
        async with self._turn:
            while True:
                now = self._clock()
                # One token is free once the bucket is at most `burst - 1` short of full.
                ready_at = self._full_at - (self._burst - 1) * self._interval
                if now >= ready_at:
                    self._full_at = max(self._full_at, now) + self._interval
                    return
                # Then look again: a real sleep can end a clock tick early.
                await self._sleep(ready_at - now)


async def drain(
    queue: asyncio.Queue[J],
    handle: Callable[[J], Awaitable[object]],
    *,
    limiter: TokenBucket,
    workers: int,
) -> list[tuple[J, Exception]]:
    """Run `handle` on every job in `queue` until it is empty, starting jobs only as `limiter` allows.

    Jobs put on the queue while it is being drained are handled too.

    Returns:
        The jobs that failed, with their exceptions; a failure does not stop
        the other jobs, and its token stays spent (the upstream saw the call).
    """
    if workers < 1:
        raise ValueError(f"workers must be at least 1, got {workers}")
    failed: list[tuple[J, Exception]] = []

    async def worker() -> None:
        while True:
            job = await queue.get()
            try:
                await limiter.acquire()  # every start, by any worker, costs a token
                await handle(job)
            except Exception as exc:  # CancelledError is not an Exception: it still stops us
                failed.append((job, exc))
            finally:
                queue.task_done()

    async with asyncio.TaskGroup() as group:
        tasks = [group.create_task(worker()) for _ in range(workers)]
        await queue.join()  # every job taken from the queue has been handled
        for task in tasks:
            task.cancel()  # the workers are idle, waiting on an empty queue
    return failed


class FakeClock:
    """Virtual time: `sleep` moves the clock forward and returns at once.

    It is exact while one task sleeps at a time, which is how TokenBucket
    sleeps: only the waiter holding its lock.
    """

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.now += seconds
        await asyncio.sleep(0)  # still a point where other tasks run, as a real sleep is


class RateLimitedError(Exception):
    """The upstream's answer to one call too many: HTTP 429."""


class PartnerAPI:
    """A stand-in upstream that accepts at most `limit` calls in any `window` seconds."""

    def __init__(self, clock: Callable[[], float], *, limit: int, window: float = 1.0) -> None:
        self.clock = clock
        self.limit = limit
        self.window = window
        self.accepted: deque[float] = deque()
        self.starts: list[float] = []
        self.rejected = 0

    async def send(self, event: str) -> None:
        now = self.clock()
        self.starts.append(now)
        while self.accepted and self.accepted[0] <= now - self.window:
            self.accepted.popleft()
        await asyncio.sleep(0)  # the request's round trip
        if len(self.accepted) >= self.limit:
            self.rejected += 1
            raise RateLimitedError(f"429 Too Many Requests: {event}")
        self.accepted.append(now)


def busiest_window(starts: Sequence[float], window: float) -> int:
    """The most starts that fall in any half-open window [t, t + window)."""
    ordered = sorted(starts)
    return max(
        (bisect.bisect_left(ordered, t + window) - i for i, t in enumerate(ordered)), default=0
    )


async def main() -> None:
    clock = FakeClock()
    api = PartnerAPI(clock, limit=4)  # the partner allows 4 calls a second
    queue: asyncio.Queue[str] = asyncio.Queue()
    for n in range(40):
        queue.put_nowait(f"event-{n}")

    limiter = TokenBucket(rate=4, burst=1, clock=clock, sleep=clock.sleep)
    failed = await drain(queue, api.send, limiter=limiter, workers=4)
    print(f"sent: {len(api.starts)}, failed: {len(failed)}, rejected by the partner: {api.rejected}")
    #> sent: 40, failed: 0, rejected by the partner: 0
    print(f"busiest second: {busiest_window(api.starts, 1.0)} starts, last start at {max(api.starts):.2f} s")
    #> busiest second: 4 starts, last start at 9.75 s

    # A burst is spent inside the same window: 4 at once, then 4 a second, is
    # up to 4 - 1 + 4 = 7 calls in one second against a limit of 4.
    clock = FakeClock()
    api = PartnerAPI(clock, limit=4)
    for n in range(12):
        queue.put_nowait(f"event-{n}")
    limiter = TokenBucket(rate=4, burst=4, clock=clock, sleep=clock.sleep)
    failed = await drain(queue, api.send, limiter=limiter, workers=4)
    print(f"burst 4: busiest second: {busiest_window(api.starts, 1.0)} starts")
    #> burst 4: busiest second: 7 starts
    for event, error in failed:
        print(f"{event}: {error}")
    #> event-4: 429 Too Many Requests: event-4
    #> event-5: 429 Too Many Requests: event-5
    #> event-6: 429 Too Many Requests: event-6


if __name__ == "__main__":
    asyncio.run(main())
